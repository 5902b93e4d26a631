/*
 * apply_preflight.c - what `edgenet apply` checks before anything
 * changes, beyond `edgenet check` (see cmd_apply.c): the plan against
 * the host's networks, VMs and own interface addresses, and the
 * preflight probes sent on the wire; with the line that says check
 * cannot make these checks.  Reads libvirt and netlink, sends the
 * probes (backend/diag_run.c); prints to stdout and stderr.
 */
#include "config.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/diag_run.h"
#include "backend/virt.h"
#include "cli/apply_preflight.h"
#include "cli/cli.h"
#include "cli/probe_out.h"
#include "core/diag_write.h"
#include "core/err.h"
#include "core/hostcheck.h"

/* The plan against the host's networks and VMs, into D, and a NIC's
 * static address against the addresses of the host's own interfaces
 * (host_check_nic_addrs; the NICs as cli_probe_host_nics knows them:
 * this machine's; a simulated or remote host's own, as its libvirt
 * lists them).  What
 * cannot be read is not checked here (preparing the steps reads the host
 * again and says why it cannot).  Returns the number of errors found. */
size_t cli_apply_host_preflight(struct virt_conn *conn, const char *uri,
				const struct plan *p, struct diag_list *d)
{
	struct cli_probe_facts f;
	struct host_net_list *nets = malloc(sizeof(*nets));
	struct host_domain_list *doms = malloc(sizeof(*doms));
	struct host_facts hf = { NULL, NULL, NULL };
	struct host_virt_ops ops;
	struct diag_list h;
	char err[ERR_MAX];
	size_t n;

	diag_list_init(&h);
	virt_ops(conn, &ops);
	if (nets && ops.list_networks(ops.ctx, nets, err, sizeof(err)) == 0)
		hf.nets = nets;
	if (doms && ops.list_domains(ops.ctx, doms, err, sizeof(err)) == 0)
		hf.domains = doms;
	host_check_plan(p, &hf, &h);
	cli_probe_facts_init(&f);
	cli_probe_host_nics(&f, conn, uri);
	if (f.h.nics)
		host_check_nic_addrs(p, &f.h, &h);
	cli_probe_facts_free(&f);
	n = diag_count(&h, DIAG_ERROR);
	diag_list_append_new(d, &h);
	diag_list_free(&h);
	free(nets);
	free(doms);
	return n;
}

/* What the host and the planner add to check's diagnostics (D from index
 * FROM on), printed under a line that says edgenet check cannot make
 * these checks. */
void cli_apply_print_host_diags(const char *file, const char *uri,
				const struct plan_lines *lines,
				struct diag_list *d, size_t from)
{
	char head[PATH_MAX + 160];

	plan_lines_annotate(lines, d);
	snprintf(head, sizeof(head), "Checked against the host %s as well "
		 "(edgenet check reads only files and cannot check these):",
		 cli_esc(uri));
	cli_print_new_diags(stderr, file, d, from, head);
}

/* The preflight probes (core/probe_plan.h, PROBE_PLAN_PREFLIGHT): DHCP
 * for DHCP NICs on external switches, address in use and gateway for
 * static NICs, sent on the wire before anything changes (a dry run
 * sends them too).  Printed under a line saying so, their verdicts as
 * check prints diagnostics (warnings are only printed).  Returns the
 * number of errors (an address in use refuses the apply); a preflight
 * that cannot run at all is said and the apply goes on. */
size_t cli_apply_probe_preflight(struct virt_conn *conn, const char *uri,
				 bool demo, const char *file,
				 const struct plan *p,
				 const struct plan_lines *lines,
				 const struct state *st,
				 struct cli_preflight *out)
{
	char why[PROBE_WHY_MAX], err[ERR_MAX];
	const char *elsewhere = cli_probe_elsewhere(uri, conn, demo, why,
						    sizeof(why));
	struct cli_probe_facts f;
	struct diag_run *dr;
	struct diag_list v;
	size_t n;

	if (out)
		memset(out, 0, sizeof(*out));
	if (elsewhere) {
		printf("Preflight probes not sent: %s\n", cli_esc(elsewhere));
		if (out)
			snprintf(out->why_not, sizeof(out->why_not), "%s",
				 elsewhere);
		return 0;
	}
	cli_probe_facts_init(&f);
	cli_probe_facts_read(&f, conn, true);
	dr = cli_probes_run(p, st, -1, &f.h, PROBE_PLAN_PREFLIGHT, NULL, err,
			    sizeof(err));
	cli_probe_facts_free(&f);
	if (!dr) {
		printf("The preflight probes could not run (%s); going on "
		       "without them.\n", cli_esc(err));
		if (out)
			snprintf(out->why_not, sizeof(out->why_not),
				 "the preflight probes could not run: %s", err);
		return 0;
	}
	if (diag_run_count(dr) == 0) {
		diag_run_free(dr);
		if (out)
			snprintf(out->why_not, sizeof(out->why_not),
				 "the plan has nothing to probe");
		return 0;
	}
	printf("Preflight: probes sent on each NIC's switch network before "
	       "anything changes:\n");
	cli_probes_print(stdout, p, dr, "  ");
	fflush(stdout);
	diag_list_init(&v);
	cli_probes_verdicts(p, dr, &v);
	if (out) {
		out->sent = true;
		out->run = dr;
	} else {
		diag_run_free(dr);
	}
	plan_lines_annotate(lines, &v);
	diag_write_text(stderr, file, &v, 0, -1);
	fflush(stderr);
	n = diag_count(&v, DIAG_ERROR);
	diag_list_free(&v);
	return n;
}
