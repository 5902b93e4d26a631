/*
 * cmd_mac.c - `edgenet mac [--set PATH=VALUE]... PLAN`: the MAC of each
 * NIC of a plan (with the --set values over it, as check reads it).  A MAC
 * written in the plan is shown as it is; a NIC without one gets the MAC
 * kept for it in the state directory, generated and stored the first
 * time, so it stays the same on every later run and after a reboot.
 * The plan is first checked as `edgenet check` checks it (cli_load_plan,
 * the same validation path): a plan with errors is refused with check's
 * diagnostics and nothing is stored for it.  Plans hold at most
 * PLAN_MAX_NICS NICs (a plan with more is refused), so every NIC is
 * shown.  Writes only the state directory.
 */
#include "config.h"

#include <stdio.h>

#include "cli/cli.h"
#include "core/err.h"
#include "core/planfile.h"
#include "core/state.h"

enum { MAC_SET, MAC_HELP, MAC_OPTS };

static const struct cli_opt mac_opts[] = {
	[MAC_SET] = CLI_OPT_SET,
	[MAC_HELP] = CLI_OPT_HELP,
	[MAC_OPTS] = CLI_OPT_END,
};
CLI_OPTS_FIT(mac_opts);

const struct cli_command cli_cmd_mac = {
	.name = "mac", .before = "[--state-dir DIR]", .args = "PLAN",
	.help_col = 22, .opts = mac_opts, .run = cmd_mac,
	.state = CLI_STATE_WRITES,
	.summary = "show each NIC's MAC; a NIC without one in the plan\n"
		   "gets a generated MAC kept in the state directory;\n"
		   "a plan check refuses is refused, nothing stored",
};

int cmd_mac(const struct cli_globals *g, int argc, char **argv)
{
	struct policy pol;
	struct plan plan;
	struct plan_lines lines;
	struct diag_list d;
	struct state st;
	char err[ERR_MAX], buf[MAC_STRLEN];
	struct mac m;
	bool generated;
	struct cli_args a;
	struct planset_list sets;
	size_t i;
	int rc;

	rc = cli_opts_read(&cli_cmd_mac, argc, argv, &a);
	if (rc >= 0)
		return rc;
	if (a.npos != 1) {
		fprintf(stderr, "edgenet mac: give exactly one plan file\n");
		return EXIT_UNUSABLE;
	}
	if (cli_read_sets("mac", &a, MAC_SET, &sets) < 0)
		return EXIT_UNUSABLE;

	/* check's verdict first, through the same path: a plan check
	 * refuses is refused here too, and nothing is stored for it (the
	 * state directory is not even created). */
	diag_list_init(&d);
	plan_lines_init(&lines);
	rc = cli_load_plan(g, "mac", a.pos[0], &sets, "stored", &pol, &plan,
			   &lines, &d);
	plan_lines_free(&lines);
	diag_list_free(&d);
	if (rc != EXIT_CLEAN)
		return rc;
	if (state_open(&st, g->state_dir, err, sizeof(err)) != 0) {
		fprintf(stderr, "edgenet mac: %s\n", cli_esc(err));
		return EXIT_UNUSABLE;
	}
	for (i = 0; i < plan.nnics; i++) {
		const struct plan_nic *n = &plan.nics[i];

		if (n->mac[0]) {
			printf("%s %s plan\n", cli_esc(n->name),
			       cli_esc(n->mac));
			continue;
		}
		if (state_nic_mac(&st, plan.domain, n->name, &m, &generated,
				  err, sizeof(err)) != 0) {
			fprintf(stderr, "edgenet mac: %s: %s\n",
				cli_esc(n->name), cli_esc(err));
			rc = EXIT_UNUSABLE;
			continue;
		}
		printf("%s %s %s\n", cli_esc(n->name), mac_format(&m, buf),
		       generated ? "generated" : "stored");
	}
	return rc;
}
