/*
 * diag_out.c - the one way the command line prints diagnostics as text:
 * "FILE:LINE: FIELD: SEVERITY: MESSAGE", one a line, and the one way a
 * command that acts on a plan (apply, render) loads and validates it
 * first (see cli.h).  Reads the policy and the plan file; prints to the
 * stream it is given.
 */
#include "config.h"

#include <stdio.h>

#include "cli/cli.h"
#include "core/validate.h"

void cli_print_diags(FILE *out, const char *file, const struct diag_list *d,
		     int only)
{
	for (size_t i = 0; i < d->count; i++) {
		const struct diag *x = &d->items[i];

		if (only >= 0 && x->severity != (enum diag_severity)only)
			continue;
		/* the file name, the path (it names plan keys) and the
		 * message (it quotes plan values) are all outside text */
		if (x->line > 0)
			fprintf(out, "%s:%d: ", cli_esc(file), x->line);
		else
			fprintf(out, "%s: ", cli_esc(file));
		fprintf(out, "%s: %s: %s\n",
			x->path[0] ? cli_esc(x->path) : "(plan)",
			diag_severity_name(x->severity), cli_esc(x->message));
	}
}

int cli_load_plan(const struct cli_globals *g, const char *cmd,
		  const char *file, const char *nothing, struct policy *pol,
		  struct plan *p, struct plan_lines *lines,
		  struct diag_list *d)
{
	char polpath[4096];

	cli_policy_path(g, polpath, sizeof(polpath));
	if (policy_load(pol, polpath, d) != 0) {
		cli_print_diags(stderr, polpath, d, DIAG_ERROR);
		fprintf(stderr, "edgenet %s: the policy file %s is unusable; "
			"fix it or point --policy at a good one\n", cmd,
			cli_esc(polpath));
		return EXIT_UNUSABLE;
	}
	if (planfile_load(file, p, lines, d) != PLANFILE_OK) {
		cli_print_diags(stderr, file, d, DIAG_ERROR);
		return EXIT_UNUSABLE;
	}
	plan_validate(p, pol, d);
	plan_lines_annotate(lines, d);
	if (diag_count(d, DIAG_ERROR)) {
		cli_print_diags(stderr, file, d, DIAG_ERROR);
		cli_print_diags(stderr, file, d, DIAG_WARNING);
		fprintf(stderr, "edgenet %s: %s has errors; nothing was %s.  "
			"Fix them (edgenet check %s) and %s again.\n", cmd,
			cli_esc(file), nothing, cli_esc(file), cmd);
		return EXIT_PROBLEMS;
	}
	return EXIT_CLEAN;
}
