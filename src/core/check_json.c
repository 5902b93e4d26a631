/*
 * check_json.c - the document of `edgenet check --json` (check_json.h),
 * through the one JSON writer (json.h) and the one diagnostic writer
 * (diag_write.h).  Writes to the stream it is given, nothing else.
 */
#include "core/check_json.h"
#include "core/diag_write.h"
#include "core/json.h"

void check_json_write(FILE *f, const char *file, const char *status,
		      const struct diag_list *d)
{
	struct json_writer w;

	json_init(&w, f, ", ", ": ");
	json_object_begin(&w);
	json_break(&w, "\n  ");
	json_member_string(&w, "format", CHECK_JSON_FORMAT);
	json_break(&w, "\n  ");
	json_member_int(&w, "version", CHECK_JSON_VERSION);
	json_break(&w, "\n  ");
	json_member_string(&w, "plan", file);
	json_break(&w, "\n  ");
	json_member_string(&w, "status", status);
	json_break(&w, "\n  ");
	json_member_int(&w, "errors",
			d ? (long long)diag_count(d, DIAG_ERROR) : 0);
	json_break(&w, "\n  ");
	json_member_int(&w, "warnings",
			d ? (long long)diag_count(d, DIAG_WARNING) : 0);
	json_break(&w, "\n  ");
	json_key(&w, "diagnostics");
	diag_write_json(&w, d, DIAG_JSON_LINE, "\n    ", "\n  ");
	json_break(&w, "\n");
	json_object_end(&w);
	json_finish(&w);
}
