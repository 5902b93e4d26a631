/*
 * cmd_mac.c - `edgenet mac PLAN`: the MAC of each NIC of a plan.  A MAC
 * written in the plan is shown as it is; a NIC without one gets the MAC
 * kept for it in the state directory, generated and stored the first
 * time, so it stays the same on every later run and after a reboot.
 * Writes only the state directory.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "core/planfile.h"
#include "core/state.h"

int cmd_mac(const struct cli_globals *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct plan plan;
	struct diag_list d;
	struct state st;
	char err[512], buf[MAC_STRLEN];
	struct mac m;
	bool generated;
	size_t i;
	int c, rc = EXIT_CLEAN;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			printf("usage: edgenet [--state-dir DIR] mac PLAN\n");
			return EXIT_CLEAN;
		}
		fprintf(stderr, "usage: edgenet [--state-dir DIR] mac PLAN\n");
		return EXIT_UNUSABLE;
	}
	if (optind != argc - 1) {
		fprintf(stderr, "edgenet mac: give exactly one plan file\n");
		return EXIT_UNUSABLE;
	}

	diag_list_init(&d);
	if (planfile_load(argv[optind], &plan, NULL, &d) != PLANFILE_OK) {
		for (i = 0; i < d.count; i++)
			fprintf(stderr, "%s: %s\n", cli_esc(argv[optind]),
				cli_esc(d.items[i].message));
		diag_list_free(&d);
		return EXIT_UNUSABLE;
	}
	diag_list_free(&d);
	if (!plan.domain[0]) {
		fprintf(stderr, "edgenet mac: %s names no VM (vm = \"...\"); "
			"MACs are kept per VM\n", cli_esc(argv[optind]));
		return EXIT_UNUSABLE;
	}
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
