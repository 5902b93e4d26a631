/*
 * cmd_check.c - `edgenet check [--json] PLAN`: load a plan file, validate
 * it against the policy and print every diagnostic, as
 * "PLAN:LINE: field: severity: message" lines or as JSON.  Reads files
 * only.
 */
#include "config.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/json.h"
#include "core/planfile.h"
#include "core/policy.h"
#include "core/validate.h"

static void print_json(const char *file, const char *status,
		       const struct diag_list *d)
{
	size_t i;

	printf("{\n  \"plan\": ");
	json_write_string(stdout, file);
	printf(",\n  \"status\": \"%s\",\n", status);
	printf("  \"errors\": %zu,\n  \"warnings\": %zu,\n",
	       diag_count(d, DIAG_ERROR), diag_count(d, DIAG_WARNING));
	printf("  \"diagnostics\": [");
	for (i = 0; i < d->count; i++) {
		const struct diag *x = &d->items[i];

		printf("%s\n    {\"line\": ", i ? "," : "");
		if (x->line > 0)
			printf("%d", x->line);
		else
			printf("null");
		printf(", \"field\": ");
		json_write_string(stdout, x->path);
		printf(", \"severity\": \"%s\", \"message\": ",
		       diag_severity_name(x->severity));
		json_write_string(stdout, x->message);
		printf("}");
	}
	printf("%s]\n}\n", d->count ? "\n  " : "");
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
	const char *file, *status;
	enum planfile_status st;
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
	cli_policy_path(g, polpath, sizeof(polpath));
	if (policy_load(&pol, polpath, &d) != 0) {
		/* A broken installation, not a broken plan: say which file. */
		if (json) {
			print_json(polpath, "policy-unusable", &d);
		} else {
			cli_print_diags(stdout, polpath, &d, -1);
			fprintf(stderr, "edgenet check: the policy file %s is "
				"unusable; fix it or point --policy at a good "
				"one\n", cli_esc(polpath));
		}
		diag_list_free(&d);
		return EXIT_UNUSABLE;
	}

	plan_lines_init(&lines);
	st = planfile_load(file, &plan, &lines, &d);
	if (st == PLANFILE_OK) {
		struct diag_list v;

		diag_list_init(&v);
		plan_validate(&plan, &pol, &v);
		diag_list_append_new(&d, &v);
		diag_list_free(&v);
		plan_lines_annotate(&lines, &d);
		rc = diag_count(&d, DIAG_ERROR) ? EXIT_PROBLEMS : EXIT_CLEAN;
		status = rc == EXIT_CLEAN ? "ok" : "errors";
	} else {
		rc = EXIT_UNUSABLE;
		status = st == PLANFILE_IO ? "unreadable" : "syntax-error";
	}

	if (json)
		print_json(file, status, &d);
	else
		cli_print_diags(stdout, file, &d, -1);
	if (!json && rc != EXIT_UNUSABLE)
		fprintf(stderr, "%s: %zu error(s), %zu warning(s)\n",
			cli_esc(file),
			diag_count(&d, DIAG_ERROR),
			diag_count(&d, DIAG_WARNING));

	plan_lines_free(&lines);
	diag_list_free(&d);
	return rc;
}
