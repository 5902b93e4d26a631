/*
 * cmd_diag.c - `edgenet diag [--json] [--plan FILE] [NIC]`: the network
 * diagnostics of a plan's NICs, run once from the command line: is
 * there a DHCP server, is the address taken, does the gateway answer,
 * does each DNS server answer, is the uplink port usable, is libvirt's
 * own DHCP server running (core/probe_plan.h says which a NIC gets).
 *
 * The plan: --plan FILE, else the last applied plan in the state
 * directory; it must pass edgenet check first, and a static address one
 * of this machine's interfaces holds is refused before any probe.  The
 * wire probes are sent only on the network of each NIC's switch (DNS
 * servers are queried through this machine's routes), and only when the
 * libvirt host is this machine, as libvirt reports it once connected
 * (cli_probe_elsewhere): for the demo host or a remote one every probe
 * is listed as skipped, with the reason.  Text for people (per NIC a
 * heading, each probe in words, then the diagnostics as check prints
 * them); --json the documented "edgenet-diag" format
 * (core/probe_verdict.h).
 *
 * Touches: what the probes touch (cli/probe_out.c); reads the plan, the
 * policy, the state directory (never created here), libvirt's networks.
 * Exit status: 0 no error found (warnings allowed), 1 an error found (an
 * address in use, a plan check refuses...), 2 could not run, 3 nothing
 * could be checked (probes planned, not one DONE).
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/diag_run.h"
#include "backend/virt.h"
#include "cli/cli.h"
#include "core/diag_write.h"
#include "cli/probe_out.h"
#include "core/err.h"
#include "core/journal.h"
#include "core/planfile.h"
#include "core/probe_verdict.h"
#include "core/state.h"

/* Exit status: probes were planned and not one ran (all skipped or
 * failed: the demo host, a remote host, not root), so nothing was
 * checked; JSON "status": "unchecked". */
#define DIAG_EXIT_UNCHECKED 3

enum { DIAG_OPT_JSON, DIAG_OPT_PLAN, DIAG_OPT_SET, DIAG_OPT_HELP,
       DIAG_OPT_COUNT };

static const struct cli_opt diag_opts[] = {
	[DIAG_OPT_JSON] = { .name = "json", .letter = 'j', .in_synopsis = true,
		.help = "the documented JSON format (format "
			"\"edgenet-diag\")" },
	[DIAG_OPT_PLAN] = { .name = "plan", .letter = 'p', .arg = CLI_ARG_TEXT,
		.arg_name = "FILE", .in_synopsis = true,
		.help = "the plan (default: the last applied plan in the "
			"state\ndirectory)" },
	[DIAG_OPT_SET] = CLI_OPT_SET,
	[DIAG_OPT_HELP] = CLI_OPT_HELP,
	[DIAG_OPT_COUNT] = CLI_OPT_END,
};
CLI_OPTS_FIT(diag_opts);

const struct cli_command cli_cmd_diag = {
	.name = "diag", .before = "[OPTIONS]", .args = "[NIC]",
	.help_col = 19, .opts = diag_opts, .run = cmd_diag,
	.about =
"Runs the network diagnostics of the plan's NICs (or of NIC only) and says\n"
"what they found: the uplink port of an external switch (carrier, speed,\n"
"Wi-Fi, virtual, held by another bridge), a DHCP server on its network\n"
"(a DHCPDISCOVER, sent again at 1 s and 2 s while no OFFER came; never a\n"
"REQUEST), libvirt's own DHCP server of a default or internal switch,\n"
"whether a static address is already in use (an ARP probe), whether the\n"
"gateway answers (ARP, then one ping) and whether each DNS server answers.\n"
"The DHCP, address and gateway probes are sent only on the network of the\n"
"NIC's switch (the uplink, or in bridge mode the bridge once it holds the\n"
"uplink; libvirt's bridge of a default or internal switch).  DNS servers\n"
"are queried from this machine through its own routes: a result says\n"
"whether this host reaches the server, not whether the VM will.  Nothing\n"
"is sent unless the libvirt host is this machine (as libvirt reports it:\n"
"a URI alias is what it stands for).  A static address that this\n"
"machine's own interfaces hold is refused before any probe.\n",
	.after =
"Exit status: 0 no error found (warnings allowed), 1 an error found (an\n"
"address in use, this host's own address, a plan edgenet check refuses),\n"
"2 could not run (no plan, unusable input), 3 nothing could be checked:\n"
"every probe was skipped or failed (the demo or a remote host, not root;\n"
"JSON \"status\": \"unchecked\").\n",
	.summary =
"run the network diagnostics of the plan's NICs\n"
"(default: the last applied plan): uplink port,\n"
"DHCP server, address in use, gateway, DNS; sent\n"
"only on each NIC's switch network, and only when\n"
"the libvirt host is this machine; exit 1 when an\n"
"error is found (an address in use)",
};

/* The last applied plan's path into BUF, or NULL (said on stderr). */
static const char *applied_plan(const struct cli_globals *g, char *buf,
				size_t len)
{
	struct state st;
	char err[ERR_MAX], vm[PLAN_NAME_MAX];
	time_t when;
	int r;

	if (state_locate(&st, g->state_dir, err, sizeof(err)) < 0) {
		fprintf(stderr, "edgenet diag: %s\n", cli_esc(err));
		return NULL;
	}
	r = state_last_applied(&st, &when, vm, sizeof(vm), err, sizeof(err));
	if (r <= 0) {
		if (r < 0)
			fprintf(stderr, "edgenet diag: %s\n", cli_esc(err));
		fprintf(stderr, "edgenet diag: no plan was given and none has "
			"been applied (%s/%s); name one with --plan FILE.\n",
			cli_esc(st.dir), JOURNAL_APPLIED_FILE);
		return NULL;
	}
	snprintf(buf, len, "%s/%s", st.dir, JOURNAL_APPLIED_FILE);
	return buf;
}

/* How many probes of DR ran to the end (PROBE_DONE). */
static size_t probes_done(const struct diag_run *dr)
{
	const struct probe_result *r = diag_run_results(dr);
	size_t ran = 0;

	for (size_t i = 0; i < diag_run_count(dr); i++)
		ran += r[i].status == PROBE_DONE;
	return ran;
}

/* A static address that this host's own interfaces hold
 * (host_check_nic_addrs): a probe would call it free, so it is refused
 * before any probe, printed on stderr as check prints diagnostics (the
 * other host checks are apply's: diag's probes say what they find).
 * True when refused. */
static bool host_refuses(const struct plan *p, const struct host_facts *h,
			 const char *file, const struct plan_lines *lines,
			 struct diag_list *d)
{
	struct diag_list hd;
	size_t from = d->count, errors;

	diag_list_init(&hd);
	host_check_nic_addrs(p, h, &hd);
	errors = diag_count(&hd, DIAG_ERROR);
	diag_list_append_new(d, &hd);
	diag_list_free(&hd);
	plan_lines_annotate(lines, d);
	cli_print_new_diags(stderr, file, d, from, "Checked against this "
			    "host as well (edgenet check reads only files and "
			    "cannot check these):");
	return errors > 0;
}

/* The index of NIC NAME in P, or -1 (said on stderr, with the plan's
 * NICs). */
static int find_nic(const struct plan *p, const char *file, const char *name)
{
	for (size_t i = 0; i < p->nnics; i++)
		if (strcmp(p->nics[i].name, name) == 0)
			return (int)i;
	fprintf(stderr, "edgenet diag: %s has no NIC named '%s'; its NICs "
		"are:", cli_esc(file), cli_esc(name));
	for (size_t i = 0; i < p->nnics; i++)
		fprintf(stderr, "%s %s", i ? "," : "", cli_esc(p->nics[i].name));
	fprintf(stderr, "%s\n", p->nnics ? "" : " (none)");
	return -1;
}

int cmd_diag(const struct cli_globals *g, int argc, char **argv)
{
	static struct plan plan;
	struct state st;
	bool have_st;
	static struct policy pol;
	char polpath[4096], applied[4200], uri[PATH_MAX + 32], err[ERR_MAX];
	char why[PROBE_WHY_MAX];
	const char *file, *nic_name, *elsewhere;
	struct cli_probe_facts f;
	struct plan_lines lines;
	struct virt_conn *conn = NULL;
	struct diag_run *dr = NULL;
	struct diag_list d, v;
	enum cli_verdict cv;
	struct cli_args a;
	static struct planset_list sets;
	bool json;
	int nic = -1, rc;

	rc = cli_opts_read(&cli_cmd_diag, argc, argv, &a);
	if (rc >= 0)
		return rc;
	rc = EXIT_UNUSABLE;
	if (a.npos > 1) {
		fprintf(stderr, "edgenet diag: unexpected argument '%s'; give "
			"at most one NIC\n", cli_esc(a.pos[1]));
		return EXIT_UNUSABLE;
	}
	json = a.given[DIAG_OPT_JSON];
	file = a.value[DIAG_OPT_PLAN];
	nic_name = a.npos ? a.pos[0] : NULL;
	if (cli_read_sets("diag", &a, DIAG_OPT_SET, &sets) < 0)
		return EXIT_UNUSABLE;
	if (!file && !(file = applied_plan(g, applied, sizeof(applied))))
		return EXIT_UNUSABLE;

	/* The plan, as edgenet check sees it: one it refuses is not
	 * probed (its addresses are not what would be applied). */
	diag_list_init(&d);
	diag_list_init(&v);
	plan_lines_init(&lines);
	cli_probe_facts_init(&f);
	cv = cli_check_plan(g, file, &sets, polpath, sizeof(polpath), &pol, &plan,
			    &lines, &d);
	if (cv != CLI_PLAN_OK) {
		cli_print_verdict(stderr, "diag", file, polpath, cv, &d);
		if (cv == CLI_PLAN_POLICY)
			fprintf(stderr, "edgenet diag: nothing was probed.\n");
		else
			fprintf(stderr, "edgenet diag: nothing is probed for %s "
				"until it passes edgenet check.\n",
				cli_esc(file));
		rc = cli_verdict_exit(cv);
		goto out;
	}
	if (nic_name && (nic = find_nic(&plan, file, nic_name)) < 0)
		goto out;

	/* Where the probes may go: only this machine's libvirt host, as
	 * libvirt reports it once connected (an alias such as "plant2" may
	 * stand for another machine or the test driver).  A URI that names
	 * a simulated or a remote host by itself is not connected to. */
	cli_uri(g, uri, sizeof(uri));
	elsewhere = strstr(uri, "://") ?
		    cli_probe_elsewhere(uri, NULL, g->demo, why, sizeof(why)) :
		    NULL;	/* an alias: libvirt says what it names */
	if (!elsewhere) {
		conn = virt_connect(uri, err, sizeof(err));
		if (!conn)
			errf(f.net_err, sizeof(f.net_err), "%s", err);
		elsewhere = cli_probe_elsewhere(uri, conn, g->demo, why,
						sizeof(why));
	}
	if (!elsewhere) {
		cli_probe_facts_read(&f, conn, true);
		if (!f.h.nets)	/* JSON: stdout holds the document only */
			fprintf(json ? stderr : stdout, "Note: libvirt's "
				"networks on %s cannot be read (%s); what "
				"needs them is skipped.\n", cli_esc(uri),
				cli_esc(f.net_err));
		/* what the host's facts refuse (a VM given this host's own
		 * address: a probe would call it free) is not probed */
		if (host_refuses(&plan, &f.h, file, &lines, &d)) {
			fprintf(stderr, "edgenet diag: nothing is probed for %s "
				"until it fits this host.\n", cli_esc(file));
			rc = EXIT_PROBLEMS;
			goto out;
		}
	}
	/* the NICs' stored MACs: the VM's own address is not "in use" */
	have_st = state_locate(&st, g->state_dir, err, sizeof(err)) == 0;
	dr = cli_probes_run(&plan, have_st ? &st : NULL, nic, &f.h,
			    PROBE_PLAN_ON_DEMAND, elsewhere, err, sizeof(err));
	if (!dr) {
		fprintf(stderr, "edgenet diag: %s\n", cli_esc(err));
		goto out;
	}
	cli_probes_verdicts(&plan, dr, &v);
	plan_lines_annotate(&lines, &v);
	if (json) {
		probe_json_write(stdout, file, &plan, diag_run_targets(dr),
				 diag_run_results(dr), diag_run_count(dr));
	} else {
		cli_probes_print(stdout, &plan, dr, "");
		if (v.count) {
			printf("Diagnostics:\n");
			diag_write_text(stdout, file, &v, 0, -1);
		} else {
			size_t ran = probes_done(dr);

			if (ran)
				printf("No problem found by the %zu probe%s "
				       "that ran.\n", ran, ran == 1 ? "" : "s");
			else
				printf("No probe could run, so nothing was "
				       "checked.\n");
		}
	}
	rc = fflush(stdout) != 0 ? EXIT_UNUSABLE :
	     diag_count(&v, DIAG_ERROR) ? EXIT_PROBLEMS :
	     diag_run_count(dr) && !probes_done(dr) ? DIAG_EXIT_UNCHECKED :
	     EXIT_CLEAN;
out:
	diag_run_free(dr);
	virt_close(conn);
	cli_probe_facts_free(&f);
	plan_lines_free(&lines);
	diag_list_free(&v);
	diag_list_free(&d);
	return rc;
}
