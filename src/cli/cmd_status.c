/*
 * cmd_status.c - `edgenet status [--json] [--plan FILE] [--vm]
 * [--domain NAME]`: one snapshot of what the live panels show, printed
 * once: the host's addresses and every route (netlink), the default
 * routes in priority order with the problems found (against the plan's
 * NICs when --plan is given), with --vm the VM's NICs, addresses (guest
 * agent, DHCP lease, ARP: each source's result or error) and routes
 * (through the guest agent) and its DNS (the guest's resolv.conf and
 * resolved's/networkd's state files through the agent; its servers
 * probed from here), and DNS when the DNS part is built in.
 * Text for people, JSON (core/status.h, documented and stable) for
 * scripts and support tickets.
 *
 * Reads only: netlink dumps, libvirt queries, the plan and the state
 * directory (never created here).  Exit status: 0 snapshot printed, 1
 * printed and it shows errors (an offline NIC winning, a NIC without an
 * address...), 2 bad usage or nothing could be read.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>

#include "backend/nl_routes.h"
#include "backend/dns_status.h"
#include "backend/virt.h"
#include "backend/vm_addrs.h"
#include "cli/cli.h"
#include "core/clock.h"
#include "core/err.h"
#include "core/host.h"
#include "core/planfile.h"
#include "core/proc_route.h"
#include "core/state.h"
#include "core/status.h"


enum { STATUS_JSON, STATUS_PLAN, STATUS_VM, STATUS_DOMAIN, STATUS_HELP,
       STATUS_OPTS };

static const struct cli_opt status_opts[] = {
	[STATUS_JSON] = { .name = "json", .letter = 'j', .in_synopsis = true,
		.help = "the documented JSON format (format "
			"\"edgenet-status\")" },
	[STATUS_PLAN] = { .name = "plan", .letter = 'p', .arg = CLI_ARG_TEXT,
		.arg_name = "FILE", .in_synopsis = true,
		.help = "check the routes and addresses against this plan's "
			"NICs" },
	[STATUS_VM] = { .name = "vm", .letter = 'v', .in_synopsis = true,
		.help = "also the VM, through libvirt (-c/--connect, --demo)" },
	[STATUS_DOMAIN] = { .name = "domain", .arg = CLI_ARG_TEXT,
		.arg_name = "NAME", .in_synopsis = true,
		.help = "the VM's libvirt name (default: the plan's, else "
			"edge-vm)" },
	[STATUS_HELP] = CLI_OPT_HELP,
	[STATUS_OPTS] = CLI_OPT_END,
};
CLI_OPTS_FIT(status_opts);

const struct cli_command cli_cmd_status = {
	.name = "status", .before = "[OPTIONS]", .help_col = 21,
	.opts = status_opts, .run = cmd_status, .state = CLI_STATE_READS,
	.about =
"Prints once what the live panels show: this machine's addresses and every\n"
"route (default routes in priority order, the one in use marked), and with\n"
"--vm the VM's NICs, addresses (guest agent, DHCP lease, ARP), routes and DNS\n"
"(its files read through the guest agent; its servers probed from this host).\n"
"With a remote libvirt host (-c qemu+ssh://HOST/system, qemu+tcp://...) this\n"
"machine's part is labelled \"only on the host itself\": its links, routes and\n"
"DNS are not that host's.\n",
	.after =
"Exit status: 0 printed, 1 printed and it shows errors, 2 bad usage or\n"
"nothing could be read.\n",
	.summary =
"print the live state once: the VM's addresses per\n"
"NIC (guest agent, DHCP lease, ARP), DNS as\n"
"resolvectl shows it with each server probed, and\n"
"every route with the default routes by metric;\n"
"--vm shows the VM's own routes and DNS",
};

/* The MAC kept for each plan NIC without one, from the state directory
 * when it exists (it is not created by a read-only command). */
static void stored_macs(const struct cli_globals *g, const struct plan *p,
			char macs[PLAN_MAX_NICS][MAC_STRLEN],
			const char *ptrs[PLAN_MAX_NICS])
{
	const char *dir = g->state_dir;
	struct state st;
	struct stat sb;
	char err[ERR_MAX];

	for (size_t i = 0; i < PLAN_MAX_NICS; i++) {
		macs[i][0] = '\0';
		ptrs[i] = NULL;
	}
	dir = state_dir_path(dir);
	if (!p->domain[0] || strlen(dir) >= sizeof(st.dir) ||
	    stat(dir, &sb) < 0 || !S_ISDIR(sb.st_mode))
		return;
	snprintf(st.dir, sizeof(st.dir), "%s", dir);
	for (size_t i = 0; i < p->nnics; i++) {
		struct mac m;

		if (p->nics[i].mac[0])
			continue;
		if (state_lookup_mac(&st, p->domain, p->nics[i].name, &m, err,
				     sizeof(err)) == 1) {
			mac_format(&m, macs[i]);
			ptrs[i] = macs[i];
		}
	}
}

static bool has_errors(const struct diag_list *l)
{
	return l && diag_count(l, DIAG_ERROR) > 0;
}

int cmd_status(const struct cli_globals *g, int argc, char **argv)
{
	static struct plan plan;
	static struct vm_observed vm;
	static struct vmaddr_view vmv;
	static struct vm_dns vmdns;
	static char macs[PLAN_MAX_NICS][MAC_STRLEN];
	const char *plan_path, *domain;
	bool json, want_vm, dns_ok = false;
	struct cli_args a;
	struct status_input in;
	struct route_view_opts vo;
	struct route_view hv, vmrv;
	struct route_snapshot vmrs;
	struct nl_routes *nl = NULL;
	struct virt_conn *vc = NULL;
	char err[ERR_MAX], vmrerr[ERR_MAX] = "", uri[PATH_MAX + 32];
	int rc;

	rc = cli_opts_read(&cli_cmd_status, argc, argv, &a);
	if (rc >= 0)
		return rc;
	rc = EXIT_CLEAN;
	if (a.npos) {
		fprintf(stderr, "edgenet status: unexpected argument '%s'\n",
			cli_esc(a.pos[0]));
		return EXIT_UNUSABLE;
	}
	json = a.given[STATUS_JSON];
	plan_path = a.value[STATUS_PLAN];
	want_vm = a.given[STATUS_VM];
	domain = a.value[STATUS_DOMAIN];

	memset(&in, 0, sizeof(in));
	memset(&vo, 0, sizeof(vo));
	plan_init(&plan);
	if (plan_path) {
		static struct policy pol;
		struct plan_lines lines;
		struct diag_list d;
		char polpath[4096];
		enum cli_verdict v;

		/* A plan check refuses is not compared with: what it says
		 * (its VM, its MACs) is not what would be applied.  Quiet
		 * when the plan is good, so scripts read only the status. */
		diag_list_init(&d);
		plan_lines_init(&lines);
		v = cli_check_plan(g, plan_path, NULL, polpath, sizeof(polpath),
				   &pol, &plan, &lines, &d);
		plan_lines_free(&lines);
		if (v != CLI_PLAN_OK) {
			cli_print_verdict(stderr, "status", plan_path, polpath,
					  v, &d);
			fprintf(stderr, "edgenet status: nothing is compared "
				"with %s until it passes edgenet check.\n",
				cli_esc(plan_path));
			diag_list_free(&d);
			return cli_verdict_exit(v);
		}
		diag_list_free(&d);
		vo.plan = &plan;
		stored_macs(g, &plan, macs, vo.nic_mac);
		in.plan = &plan;
		in.plan_path = plan_path;
	}
	in.version = PACKAGE_VERSION;
	in.view_opts = &vo;

	/* this machine, unless the libvirt host is another one */
	route_view_init(&hv);
	cli_uri(g, uri, sizeof(uri));
	if (!host_uri_is_local(uri) && !host_uri_is_simulated(uri)) {
		in.host_label = STATUS_ONLY_ON_HOST;
		errf(err, sizeof(err), "%s: the libvirt host is reached over "
		     "%s; this machine's links, addresses, routes and DNS are "
		     "not that host's (run edgenet status there)",
		     STATUS_ONLY_ON_HOST, uri);
		in.host_err = err;
	} else if (!(nl = nl_routes_open(0, err, sizeof(err)))) {
		in.host_err = err;
		if (!want_vm) {
			fprintf(stderr, "edgenet status: %s\n", cli_esc(err));
			return EXIT_UNUSABLE;
		}
	} else if (route_view_build(&hv, nl_routes_snapshot(nl), &vo) != 0) {
		fprintf(stderr, "edgenet status: out of memory\n");
		nl_routes_close(nl);
		return EXIT_UNUSABLE;
	} else {
		in.host = nl_routes_snapshot(nl);
		in.host_view = &hv;
	}

	/* the VM */
	route_snapshot_init(&vmrs);
	route_view_init(&vmrv);
	vmaddr_view_init(&vmv);
	vm_dns_init(&vmdns);
	if (want_vm) {
		char verr[ERR_MAX];

		if (!domain)
			domain = plan.domain[0] ? plan.domain : "edge-vm";
		cli_uri(g, uri, sizeof(uri));
		vc = virt_connect(uri, verr, sizeof(verr));
		if (vc) {
			vm_addrs_collect(virt_handle(vc), domain,
					 VM_ADDRS_ROUTES, &vm);
		} else {
			vm_observed_init(&vm);
			snprintf(vm.domain, sizeof(vm.domain), "%s", domain);
			snprintf(vm.uri, sizeof(vm.uri), "%.*s",
				 (int)sizeof(vm.uri) - 1, uri);
			errf(vm.conn_err, sizeof(vm.conn_err), "%s", verr);
		}
		vmaddr_view_build(&vmv, &vm, plan_path ? &plan : NULL,
				  vo.nic_mac, clock_now_ms());
		in.vm = &vm;
		in.vm_view = &vmv;
		if (vm.routes_ok) {
			struct route_view_opts gvo = vo;

			gvo.by_name = true;	/* the guest's own names */
			snprintf(vmrs.source, sizeof(vmrs.source),
				 "guest agent: /proc/net/route");
			if (route_parse_proc_net_route(vm.proc_route, &vmrs,
						       vmrerr,
						       sizeof(vmrerr)) >= 0 &&
			    route_view_build(&vmrv, &vmrs, &gvo) == 0) {
				in.vm_routes = &vmrs;
				in.vm_routes_view = &vmrv;
			}
		} else if (vm.routes_tried) {
			errf(vmrerr, sizeof(vmrerr), "%s", vm.routes_err);
		} else if (vm.state == VM_STATE_RUNNING) {
			errf(vmrerr, sizeof(vmrerr), "the guest agent was "
			     "not asked");
		}
		in.vm_routes_err = vmrerr;

		/* its DNS, through the agent when it answered */
		if (!vc)
			errf(vmdns.err, sizeof(vmdns.err), "%s", vm.conn_err);
		else if (vm.state == VM_STATE_RUNNING &&
			 !vm.src[VM_SRC_AGENT].ok)
			errf(vmdns.err, sizeof(vmdns.err), "the guest agent "
			     "is not available (%s)",
			     vm.src[VM_SRC_AGENT].err);
		else
			(void)vm_addrs_read_dns(virt_handle(vc), domain,
						&vmdns);
	}

	/* DNS: resolved (or its files), each server probed */
	{
		char derr[ERR_MAX];

		dns_ok = dns_status_hook(&in.dns, want_vm ? uri : NULL,
					 want_vm, derr, sizeof(derr)) == 0;
		if (!dns_ok)
			memset(&in.dns, 0, sizeof(in.dns));
		else if (want_vm &&
			 dns_status_add_vm(&in.dns, vmdns.ok ? &vmdns.view :
					   NULL, vmdns.err, &vmdns.problems,
					   derr, sizeof(derr)) < 0)
			fprintf(stderr, "edgenet status: the VM's DNS: %s\n",
				cli_esc(derr));
	}

	in.now_unix = (int64_t)time(NULL);
	in.now_ms = clock_now_ms();
	if (json)
		status_write_json(stdout, &in);
	else
		status_write_text(stdout, &in);
	if (fflush(stdout) != 0)
		rc = EXIT_UNUSABLE;
	else if (has_errors(&hv.problems) || has_errors(&vmv.problems) ||
		 has_errors(&vmrv.problems))
		rc = EXIT_PROBLEMS;

	if (dns_ok && in.dns.release)
		in.dns.release(in.dns.ctx);
	vm_dns_free(&vmdns);
	vmaddr_view_free(&vmv);
	route_view_free(&vmrv);
	route_snapshot_free(&vmrs);
	route_view_free(&hv);
	nl_routes_close(nl);
	virt_close(vc);
	return rc;
}
