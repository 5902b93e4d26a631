/*
 * probe_out.c - the network probes as the command line runs and prints
 * them, the same for `edgenet diag` and apply's preflight: where they may
 * be sent (cli_probe_elsewhere: from the URI libvirt reports, so an
 * alias is what it stands for), the host facts they are planned with
 * (libvirt's networks, and this machine's NICs only when the host is this
 * machine), one run to the end (diag_run_wait), and the text: per NIC a
 * heading, each probe's title and its words (core/probe_verdict.h), all
 * escaped on the way out.
 *
 * Touches: what backend/diag_run.c touches (it sends only on the
 * interfaces of the plan's switches), netlink (read) for the host's NICs.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "backend/diag_run.h"
#include "backend/nl_links.h"
#include "backend/virt.h"
#include "backend/virt_links.h"
#include "cli/cli.h"
#include "cli/probe_out.h"
#include "core/err.h"
#include "core/host.h"
#include "core/probe_verdict.h"
#include "core/sbuf.h"

const char *cli_probe_elsewhere(const char *uri,
				const struct virt_conn *conn, bool demo,
				char *buf, size_t len)
{
	return probe_plan_elsewhere(uri, conn ? virt_uri(conn) : NULL, demo,
				    buf, len);
}

void cli_probe_facts_init(struct cli_probe_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->h.nets = NULL;
	f->h.domains = NULL;
	f->h.nics = NULL;
}

void cli_probe_facts_read(struct cli_probe_facts *f, struct virt_conn *conn,
			  bool this_machine)
{
	struct host_virt_ops vo;
	struct host_link_ops lo;

	if (conn && !f->h.nets) {
		f->nets = malloc(sizeof(*f->nets));
		virt_ops(conn, &vo);
		if (f->nets && vo.list_networks(vo.ctx, f->nets, f->net_err,
						sizeof(f->net_err)) == 0)
			f->h.nets = f->nets;
		else if (!f->nets)
			errf(f->net_err, sizeof(f->net_err),
			     "out of memory");
	}
	if (this_machine && !f->h.nics) {
		f->nics = malloc(sizeof(*f->nics));
		if (!f->nics)
			return;
		if (nl_links_open(&lo, f->nic_err, sizeof(f->nic_err)) < 0)
			return;
		if (lo.list_nics(lo.ctx, f->nics, f->nic_err,
				 sizeof(f->nic_err)) == 0)
			f->h.nics = f->nics;
		nl_links_close(&lo);
	}
}

void cli_probe_host_nics(struct cli_probe_facts *f, struct virt_conn *conn,
			 const char *uri)
{
	const char *real = conn && virt_uri(conn)[0] ? virt_uri(conn) : uri;
	bool sim = host_uri_is_simulated(real);
	struct host_link_ops lo;

	if (f->h.nics)
		return;
	if (!sim && host_uri_is_local(real)) {
		cli_probe_facts_read(f, NULL, true);
		return;
	}
	/* a simulated or a remote host: its own interfaces, as its libvirt
	 * lists them over the connection, never this machine's netlink */
	if (!conn)
		return;
	f->nics = malloc(sizeof(*f->nics));
	if (!f->nics)
		return;
	if (virt_links_open(conn, sim ? "the simulated host's interface "
			    "definitions" : "the remote host's interfaces, as "
			    "its libvirt lists them", &lo, f->nic_err,
			    sizeof(f->nic_err)) < 0)
		return;
	if (lo.list_nics(lo.ctx, f->nics, f->nic_err,
			 sizeof(f->nic_err)) == 0)
		f->h.nics = f->nics;
	virt_links_close(&lo);
}

void cli_probe_facts_free(struct cli_probe_facts *f)
{
	free(f->nets);
	free(f->nics);
	cli_probe_facts_init(f);
}

struct diag_run *cli_probes_run(const struct plan *p, const struct state *st,
				int nic, const struct host_facts *h,
				enum probe_plan_mode mode,
				const char *elsewhere, char *err,
				size_t errlen)
{
	struct probe_plan_opts o = { mode, elsewhere };
	struct probe_target *t;
	struct diag_run *dr;
	size_t n;

	t = calloc(PROBE_PLAN_MAX, sizeof(*t));
	if (!t) {
		errf(err, errlen, "out of memory");
		return NULL;
	}
	n = nic < 0 ? probe_plan_all(p, h, &o, t, PROBE_PLAN_MAX) :
	    probe_plan_nic(p, (size_t)nic, h, &o, t, PROBE_PLAN_MAX);
	probe_plan_own_macs(p, st, t, n);
	dr = diag_run_start(t, n, h, NULL, err, errlen);
	free(t);
	if (dr && diag_run_wait(dr) < 0) {
		errf(err, errlen, "waiting for the probes failed");
		diag_run_free(dr);
		return NULL;
	}
	return dr;
}

/* "eth0 on switch plant (external), static 192.168.50.10/24 gateway
 * 192.168.50.1" */
static void print_heading(FILE *out, const struct plan *p, size_t i)
{
	const struct plan_nic *n = &p->nics[i];
	const struct plan_switch *s = plan_find_switch(p, n->switch_name);

	fprintf(out, "NIC %s on switch %s", cli_esc(n->name),
		cli_esc(n->switch_name));
	if (s) {
		fprintf(out, " (%s", plan_switch_type_name(s->type));
		if (s->type == SWITCH_EXTERNAL && s->uplink[0])
			fprintf(out, ", uplink %s", cli_esc(s->uplink));
		fprintf(out, ")");
	}
	fprintf(out, ", %s", plan_ip_mode_name(n->mode));
	if (n->mode == IP_STATIC) {
		if (n->address[0])
			fprintf(out, " %s", cli_esc(n->address));
		if (n->has_prefix)
			fprintf(out, "/%d", n->prefix);
		if (n->gateway[0])
			fprintf(out, " gateway %s", cli_esc(n->gateway));
	}
	fprintf(out, "\n");
}

/* "ok", "warning", "ERROR" (as the console shows a finished probe). */
static const char *level_word(enum probe_level lv)
{
	return lv == PROBE_LEVEL_ERROR ? "ERROR" :
	       lv == PROBE_LEVEL_WARNING ? "warning" : "ok";
}

size_t cli_probes_print(FILE *out, const struct plan *p,
			const struct diag_run *dr, const char *indent)
{
	const struct probe_target *t = diag_run_targets(dr);
	const struct probe_result *r = diag_run_results(dr);
	size_t n = diag_run_count(dr), shown = 0;
	const char *said = NULL;	/* the skip reason just printed */
	enum probe_level lv;
	long last = -1;

	for (size_t i = 0; i < n; i++) {
		struct sbuf b;
		char *text, *line, *next;

		if ((long)t[i].nic != last && t[i].nic < p->nnics) {
			fputs(indent, out);
			print_heading(out, p, t[i].nic);
			last = (long)t[i].nic;
		}
		fprintf(out, "%s  %s", indent, probe_kind_title(t[i].kind));
		if (t[i].target[0])
			fprintf(out, " %s", cli_esc(t[i].target));
		if (t[i].ifname[0])
			fprintf(out, " (on %s)", cli_esc(t[i].ifname));
		/* a reason shared by the probes in a row (a simulated or
		 * remote host: all of them) is printed once */
		if (r[i].status == PROBE_SKIPPED && said &&
		    !strcmp(said, r[i].why)) {
			fprintf(out, ": skipped (as above)\n");
			shown++;
			continue;
		}
		said = r[i].status == PROBE_SKIPPED ? r[i].why : NULL;
		/* a finished probe says how it stands, as the screen does */
		lv = probe_level(p, &t[i], &r[i]);
		fprintf(out, ": %s\n", r[i].status == PROBE_DONE &&
			lv != PROBE_LEVEL_NONE ? level_word(lv) :
			probe_status_name(r[i].status));
		sbuf_init(&b);
		probe_describe(&t[i], &r[i], &b);
		text = sbuf_done(&b);
		for (line = text; line && *line; line = next) {
			next = strchr(line, '\n');
			if (next)
				*next++ = '\0';
			else
				next = line + strlen(line);
			fprintf(out, "%s    %s\n", indent, cli_esc(line));
		}
		free(text);
		shown++;
	}
	return shown;
}

void cli_probes_verdicts(const struct plan *p, const struct diag_run *dr,
			 struct diag_list *d)
{
	const struct probe_target *t = diag_run_targets(dr);
	const struct probe_result *r = diag_run_results(dr);

	struct diag_list one;

	/* Two NICs on one switch share its uplink's verdict: said once. */
	diag_list_init(&one);
	for (size_t i = 0; i < diag_run_count(dr); i++) {
		diag_list_clear(&one);
		probe_verdict(p, &t[i], &r[i], &one);
		for (size_t k = 0; k < one.count; k++) {
			const struct diag *x = &one.items[k];
			bool seen = false;

			for (size_t j = 0; j < d->count && !seen; j++)
				seen = diag_same(&d->items[j], x);
			if (!seen)
				diag_add(d, x->severity, x->path, "%s",
					 x->message);
		}
	}
	diag_list_free(&one);
}
