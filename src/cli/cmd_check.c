/*
 * cmd_check.c - `edgenet check [--json] PLAN`: load a plan file, validate
 * it against the policy and print every diagnostic, as
 * "PLAN:LINE: field: severity: message" lines or as JSON.  The loading
 * and validating is cli_check_plan (diag_out.c), the same path mac,
 * apply and its dry run, and render take.  Reads files only.
 */
#include "config.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/diag_write.h"
#include "core/json.h"
#include "core/planfile.h"
#include "core/policy.h"
#include "core/validate.h"

static void print_json(const char *file, const char *status,
		       const struct diag_list *d)
{
	struct json_writer w;

	json_init(&w, stdout, ", ", ": ");
	json_object_begin(&w);
	json_break(&w, "\n  ");
	json_key(&w, "plan");
	json_string(&w, file);
	json_break(&w, "\n  ");
	json_key(&w, "status");
	json_string(&w, status);
	json_break(&w, "\n  ");
	json_key(&w, "errors");
	json_int(&w, (long long)diag_count(d, DIAG_ERROR));
	json_break(&w, "\n  ");
	json_key(&w, "warnings");
	json_int(&w, (long long)diag_count(d, DIAG_WARNING));
	json_break(&w, "\n  ");
	json_key(&w, "diagnostics");
	diag_write_json(&w, d, DIAG_JSON_LINE, "\n    ", "\n  ");
	json_break(&w, "\n");
	json_object_end(&w);
	json_finish(&w);
}

static const char *status_name(enum cli_verdict v)
{
	switch (v) {
	case CLI_PLAN_OK:
		return "ok";
	case CLI_PLAN_ERRORS:
		return "errors";
	case CLI_PLAN_UNREADABLE:
		return "unreadable";
	case CLI_PLAN_SYNTAX:
		return "syntax-error";
	case CLI_PLAN_POLICY:
		break;
	}
	return "policy-unusable";
}

static void usage(FILE *f)
{
	fprintf(f, "usage: edgenet check [--json] PLAN\n");
}

int cmd_check(const struct cli_globals *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct policy pol;
	struct plan plan;
	struct plan_lines lines;
	struct diag_list d;
	char polpath[PATH_MAX];
	const char *file;
	enum cli_verdict v;
	bool json = false;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			usage(stdout);
			return EXIT_CLEAN;
		default:
			usage(stderr);
			return EXIT_UNUSABLE;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "edgenet check: give exactly one plan file\n");
		usage(stderr);
		return EXIT_UNUSABLE;
	}
	file = argv[optind];

	diag_list_init(&d);
	plan_lines_init(&lines);
	v = cli_check_plan(g, file, polpath, sizeof(polpath), &pol, &plan,
			   &lines, &d);
	if (json)
		print_json(v == CLI_PLAN_POLICY ? polpath : file,
			   status_name(v), &d);
	else
		cli_print_verdict(stdout, "check", file, polpath, v, &d);
	rc = cli_verdict_exit(v);

	plan_lines_free(&lines);
	diag_list_free(&d);
	return rc;
}
