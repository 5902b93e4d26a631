/*
 * cmd_check.c - `edgenet check [--json] [--set PATH=VALUE]... PLAN`: load
 * a plan file (with the --set values over it), validate it against the
 * policy and print every diagnostic, as "PLAN:LINE: field: severity:
 * message" lines ("--set PATH=VALUE: field: ..." for a field a --set
 * wrote) or as JSON.  The loading
 * and validating is cli_check_plan (diag_out.c), the same path mac,
 * apply and its dry run, and render take.  Reads files only.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/check_json.h"
#include "core/planfile.h"
#include "core/policy.h"
#include "core/validate.h"

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

enum { CHECK_JSON, CHECK_SET, CHECK_HELP, CHECK_OPTS };

static const struct cli_opt check_opts[] = {
	[CHECK_JSON] = { .name = "json", .letter = 'j', .in_synopsis = true,
			 .help = "print the verdict and every diagnostic as "
				 "JSON" },
	[CHECK_SET] = CLI_OPT_SET,
	[CHECK_HELP] = CLI_OPT_HELP,
	[CHECK_OPTS] = CLI_OPT_END,
};
CLI_OPTS_FIT(check_opts);

const struct cli_command cli_cmd_check = {
	.name = "check", .args = "PLAN", .help_col = 14, .opts = check_opts,
	.run = cmd_check,
	.summary = "validate a plan file; one line per problem:\n"
		   "PLAN:LINE: field: error|warning: message",
};

int cmd_check(const struct cli_globals *g, int argc, char **argv)
{
	struct policy pol;
	struct plan plan;
	struct plan_lines lines;
	struct diag_list d;
	char polpath[PATH_MAX];
	const char *file;
	enum cli_verdict v;
	struct cli_args a;
	struct planset_list sets;
	bool json;
	int rc;

	rc = cli_opts_read(&cli_cmd_check, argc, argv, &a);
	if (rc >= 0)
		return rc;
	if (a.npos != 1) {
		fprintf(stderr, "edgenet check: give exactly one plan file\n");
		cli_opts_usage(&cli_cmd_check, stderr);
		return EXIT_UNUSABLE;
	}
	file = a.pos[0];
	json = a.given[CHECK_JSON];
	if (cli_read_sets("check", &a, CHECK_SET, &sets) < 0)
		return EXIT_UNUSABLE;

	diag_list_init(&d);
	plan_lines_init(&lines);
	v = cli_check_plan(g, file, &sets, polpath, sizeof(polpath), &pol, &plan,
			   &lines, &d);
	if (json)
		check_json_write(stdout,
				 v == CLI_PLAN_POLICY ? polpath : file,
				 status_name(v), &d);
	else
		cli_print_verdict(stdout, "check", file, polpath, v, &d);
	rc = cli_verdict_exit(v);

	plan_lines_free(&lines);
	diag_list_free(&d);
	return rc;
}
