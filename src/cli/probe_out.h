/*
 * probe_out.h - the network probes for the command line (`edgenet diag`
 * and apply's preflight): where they may be sent, the host facts they
 * are planned with, one run to the end and its text.  See probe_out.c.
 */
#ifndef EDGENET_CLI_PROBE_OUT_H
#define EDGENET_CLI_PROBE_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/diag.h"
#include "core/err.h"
#include "core/host.h"
#include "core/hostcheck.h"
#include "core/plan.h"
#include "core/probe_plan.h"

struct virt_conn;
struct diag_run;

/* NULL when the libvirt host is this machine (probes may run here);
 * else the sentence every probe is skipped with (the demo host is
 * simulated; a remote host is another machine), written into BUF.
 * Decided from the URI libvirt reports for CONN (virt_uri: an alias of
 * libvirt.conf's uri_aliases resolved, "plant2" may stand for
 * qemu+ssh://other/system), from URI (the one given) only when CONN is
 * NULL (not connected: then an alias is not known and nothing is sent).
 * DEMO: --demo (the words name the demo host).  The rule is the core's
 * probe_plan_elsewhere, the console's too. */
const char *cli_probe_elsewhere(const char *uri,
				const struct virt_conn *conn, bool demo,
				char *buf, size_t len);

/* The host facts the probes are planned with; h's members point into
 * the others, NULL when not known (NET_ERR, NIC_ERR say why). */
struct cli_probe_facts {
	struct host_facts h;
	struct host_net_list *nets;
	struct host_nic_list *nics;
	char net_err[ERR_MAX];
	char nic_err[ERR_MAX];
};
void cli_probe_facts_init(struct cli_probe_facts *f);
/* Reads libvirt's networks through CONN (NULL: not read) and, when
 * THIS_MACHINE, this machine's NICs through netlink. */
void cli_probe_facts_read(struct cli_probe_facts *f, struct virt_conn *conn,
			  bool this_machine);
/* The host's NICs (with their addresses) when they can be known, for
 * the host checks: this machine's (netlink) when the libvirt host is
 * this machine, the simulated host's interface definitions when libvirt
 * reports its test driver; nothing for a remote host.  Decided as
 * cli_probe_elsewhere decides (CONN's reported URI, else URI). */
void cli_probe_host_nics(struct cli_probe_facts *f, struct virt_conn *conn,
			 const char *uri);
void cli_probe_facts_free(struct cli_probe_facts *f);

/* Plans the probes of NIC number NIC of P (-1: every NIC) in MODE with
 * ELSEWHERE (cli_probe_elsewhere) and runs them to the end.  ST (NULL:
 * none) gives the NICs' stored MACs: an address that answers only from
 * its own NIC's MAC is the VM holding it already (core/probe_plan.h).
 * Returns the finished run (diag_run_free it), or NULL with ERR. */
struct diag_run *cli_probes_run(const struct plan *p, const struct state *st,
				int nic, const struct host_facts *h,
				enum probe_plan_mode mode,
				const char *elsewhere, char *err,
				size_t errlen);

/* Prints the run as text to OUT, each line after INDENT: per NIC a
 * heading (NIC, switch, mode, address), then each probe's title, status
 * and words.  Returns how many probes were printed. */
size_t cli_probes_print(FILE *out, const struct plan *p,
			const struct diag_run *dr, const char *indent);

/* Appends every probe's verdict (core/probe_verdict.h) to D, each
 * distinct diagnostic once. */
void cli_probes_verdicts(const struct plan *p, const struct diag_run *dr,
			 struct diag_list *d);

#endif
