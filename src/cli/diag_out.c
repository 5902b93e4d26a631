/*
 * diag_out.c - a plan's diagnostics on the command line (written by
 * core/diag_write.c's text writer, "FILE:LINE: FIELD: SEVERITY: MESSAGE"
 * one a line), and the one way every command that reads a plan (check, mac, apply and its dry run,
 * render) loads and validates it (cli_check_plan, see cli.h), so that
 * they all say the same about the same plan.  Reads the policy and the
 * plan file; prints to the stream it is given.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/diag_write.h"
#include "core/err.h"
#include "core/planset.h"
#include "core/validate.h"

int cli_read_sets(const char *cmd, const struct cli_args *a, size_t opt,
		  struct planset_list *sets)
{
	char err[ERR_MAX];

	planset_list_init(sets);
	for (size_t i = 0; i < a->nmany; i++) {
		if (a->many[i].opt != opt)
			continue;
		if (planset_add(sets, a->many[i].value, err,
				sizeof(err)) < 0) {
			fprintf(stderr, "edgenet %s: %s\n", cmd, cli_esc(err));
			return -1;
		}
	}
	return 0;
}

enum cli_verdict cli_check_plan(const struct cli_globals *g, const char *file,
				const struct planset_list *sets,
				char *polpath, size_t pollen,
				struct policy *pol, struct plan *p,
				struct plan_lines *lines, struct diag_list *d)
{
	enum planfile_status st;
	struct diag_list v;

	cli_policy_path(g, polpath, pollen);
	if (policy_load(pol, polpath, d) != 0)
		return CLI_PLAN_POLICY;
	st = planfile_load_set(file, sets, p, lines, d);
	if (st != PLANFILE_OK)
		return st == PLANFILE_IO ? CLI_PLAN_UNREADABLE :
		       CLI_PLAN_SYNTAX;
	/* A field the loader already refused is not reported again. */
	diag_list_init(&v);
	plan_validate(p, pol, &v);
	diag_list_append_new(d, &v);
	diag_list_free(&v);
	plan_lines_annotate(lines, d);
	return diag_count(d, DIAG_ERROR) ? CLI_PLAN_ERRORS : CLI_PLAN_OK;
}

int cli_verdict_exit(enum cli_verdict v)
{
	switch (v) {
	case CLI_PLAN_OK:
		return EXIT_CLEAN;
	case CLI_PLAN_ERRORS:
		return EXIT_PROBLEMS;
	default:
		return EXIT_UNUSABLE;
	}
}

void cli_print_verdict(FILE *out, const char *cmd, const char *file,
		       const char *polpath, enum cli_verdict v,
		       const struct diag_list *d)
{
	if (v == CLI_PLAN_POLICY) {
		/* A broken installation, not a broken plan: say which file. */
		diag_write_text(out, polpath, d, 0, -1);
		fflush(out);
		fprintf(stderr, "edgenet %s: the policy file %s is unusable; "
			"fix it or point --policy at a good one\n", cmd,
			cli_esc(polpath));
		return;
	}
	diag_write_text(out, file, d, 0, -1);
	fflush(out);
	if (v == CLI_PLAN_OK || v == CLI_PLAN_ERRORS)
		fprintf(stderr, "%s: %zu error(s), %zu warning(s)\n",
			cli_esc(file),
			diag_count(d, DIAG_ERROR),
			diag_count(d, DIAG_WARNING));
}

size_t cli_print_new_diags(FILE *out, const char *file,
			   const struct diag_list *d, size_t from,
			   const char *header)
{
	struct diag_list one;
	size_t n = 0;

	for (size_t i = from; i < d->count; i++) {
		bool seen = false;

		for (size_t j = 0; j < i && !seen; j++)
			seen = diag_same(&d->items[j], &d->items[i]);
		if (seen)
			continue;
		if (!n++ && header)
			fprintf(out, "%s\n", header);
		/* One at a time, through the one printer. */
		one.items = &d->items[i];
		one.count = one.cap = 1;
		diag_write_text(out, file, &one, 0, -1);
	}
	return n;
}

int cli_load_plan(const struct cli_globals *g, const char *cmd,
		  const char *file, const struct planset_list *sets,
		  const char *nothing, struct policy *pol,
		  struct plan *p, struct plan_lines *lines,
		  struct diag_list *d)
{
	char polpath[4096];
	enum cli_verdict v;

	v = cli_check_plan(g, file, sets, polpath, sizeof(polpath), pol, p,
			   lines, d);
	cli_print_verdict(stderr, cmd, file, polpath, v, d);
	if (v == CLI_PLAN_ERRORS)
		fprintf(stderr, "edgenet %s: %s has errors; nothing was %s.  "
			"Fix them (edgenet check %s%s) and run edgenet %s "
			"again.\n", cmd, cli_esc(file), nothing, cli_esc(file),
			sets && sets->count ? " with the same --set options" :
			"", cmd);
	else if (v != CLI_PLAN_OK)
		fprintf(stderr, "edgenet %s: nothing was %s.\n", cmd,
			nothing);
	return cli_verdict_exit(v);
}
