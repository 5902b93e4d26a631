/*
 * diag_write.c - a diagnostic list as text lines or as a JSON array
 * (diag_write.h).  Writes to the stream or JSON writer it is given.
 */
#include <stdio.h>

#include "core/diag_write.h"
#include "core/textsafe.h"

void diag_write_text(FILE *f, const char *file, const struct diag_list *d,
		     size_t from, int only)
{
	for (size_t i = from; d && i < d->count; i++) {
		const struct diag *x = &d->items[i];

		if (only >= 0 && x->severity != (enum diag_severity)only)
			continue;
		/* the file name, the path (it names plan keys) and the
		 * message (it quotes plan values) are all outside text */
		if (file && x->set[0]) {
			/* a field a --set wrote: the --set, not the file */
			fputs("--set ", f);
			textsafe_fputs(x->set, f);
			fputs(": ", f);
			textsafe_fputs(x->path[0] ? x->path : "(plan)", f);
			fprintf(f, ": %s: ", diag_severity_name(x->severity));
		} else if (file) {
			textsafe_fputs(file, f);
			if (x->line > 0)
				fprintf(f, ":%d", x->line);
			fputs(": ", f);
			textsafe_fputs(x->path[0] ? x->path : "(plan)", f);
			fprintf(f, ": %s: ", diag_severity_name(x->severity));
		} else {
			fprintf(f, "  %s: ", diag_severity_name(x->severity));
			if (x->path[0]) {
				textsafe_fputs(x->path, f);
				fputs(": ", f);
			}
		}
		textsafe_fputs(x->message, f);
		putc('\n', f);
	}
}

void diag_write_json(struct json_writer *w, const struct diag_list *d,
		     enum diag_json_form form, const char *item_break,
		     const char *end_break)
{
	json_array_begin(w);
	for (size_t i = 0; d && i < d->count; i++) {
		const struct diag *x = &d->items[i];

		if (item_break)
			json_break(w, item_break);
		json_object_begin(w);
		if (form == DIAG_JSON_LINE) {
			json_key(w, "line");
			if (x->line > 0)
				json_int(w, x->line);
			else
				json_null(w);
		}
		/* only when a --set wrote the field: keys are only added */
		if ((form == DIAG_JSON_LINE || form == DIAG_JSON_FIELD) &&
		    x->set[0])
			json_member_string(w, "set", x->set);
		if (form == DIAG_JSON_SEVERITY) {
			json_member_string(w, "severity",
					   diag_severity_name(x->severity));
			json_member_string_opt(w, "field", x->path);
		} else if (form == DIAG_JSON_SEVERITY_KEEP) {
			json_member_string(w, "severity",
					   diag_severity_name(x->severity));
			json_member_string(w, "field", x->path);
		} else {
			json_member_string(w, "field", x->path);
			json_member_string(w, "severity",
					   diag_severity_name(x->severity));
		}
		json_member_string(w, "message", x->message);
		json_object_end(w);
	}
	if (end_break)
		json_break(w, end_break);
	json_array_end(w);
}
