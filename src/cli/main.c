/*
 * main.c - edgenet's entry point: global options, then a command.
 *
 *   edgenet [OPTIONS]                  the console (home screen)
 *   edgenet [OPTIONS] wizard [--plan FILE]
 *   edgenet [OPTIONS] check [--json] PLAN
 *   edgenet [OPTIONS] mac PLAN
 *   edgenet [OPTIONS] status [--json] [--plan FILE] [--vm] [--domain NAME]
 *   edgenet [OPTIONS] apply PLAN [--dry-run] [--yes] [--confirm-timeout S]
 *   edgenet [OPTIONS] render PLAN --out DIR
 *   edgenet [OPTIONS] diag [--json] [--plan FILE] [NIC]
 *
 * Everything the commands do lives in the core, the backends and the
 * console; this file only dispatches.
 */
#include "config.h"

#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd_apply.h"
#include "core/policy.h"
#include "ui/demo_state.h"
#include "ui/ui.h"


/* getopt's own message would echo the argument raw (these options are
 * read before the output filter is in place): the word is escaped here.
 * Call with opterr = 0, when getopt_long returned '?' or ':'. */
static void bad_option(const char *who, int argc, char **argv)
{
	const char *a = optind > 0 && optind <= argc ? argv[optind - 1] : "";

	fprintf(stderr, "%s: unknown option, or an option without its "
		"value: '%s' (see %s --help)\n", who, cli_esc(a), who);
}
static void usage(FILE *f)
{
	fprintf(f,
"usage: edgenet [OPTIONS] [COMMAND [ARGS]]\n"
"\n"
"Set up and troubleshoot the networking of an edge VM running under libvirt.\n"
"\n"
"Commands:\n"
"  (none)                 open the console on the host\n"
"  wizard [--plan FILE]   open the setup wizard, starting from FILE if given\n"
"  check [--json] PLAN    validate a plan file; one line per problem:\n"
"                         PLAN:LINE: field: error|warning: message\n"
"  mac PLAN               show each NIC's MAC; a NIC without one in the plan\n"
"                         gets a generated MAC kept in the state directory;\n"
"                         a plan check refuses is refused, nothing stored\n"
"  status [--json] [--plan FILE] [--vm] [--domain NAME]\n"
"                         print the live state once: the VM's addresses per\n"
"                         NIC (guest agent, DHCP lease, ARP), DNS as\n"
"                         resolvectl shows it with each server probed, and\n"
"                         every route with the default routes by metric;\n"
"                         --vm shows the VM's own routes and DNS\n"
"  apply PLAN [--dry-run] [--yes] [--confirm-timeout S]\n"
"                         apply PLAN to libvirt as a transaction: step by\n"
"                         step, verified, kept only when confirmed within S\n"
"                         seconds (default 60), else rolled back; --dry-run\n"
"                         shows check's diagnostics, then the host's, and\n"
"                         every change (XML diffs), and changes nothing (a\n"
"                         MAC not generated yet is shown as such)\n"
"  render PLAN --out DIR  write the files the VM receives from PLAN:\n"
"                         DIR/networkd/*.network (systemd-networkd),\n"
"                         DIR/cloud-init/{meta-data,user-data,network-config}\n"
"                         and DIR/seed.iso (the NoCloud seed)\n"
"  diag [--json] [--plan FILE] [NIC]\n"
"                         run the network diagnostics of the plan's NICs\n"
"                         (default: the last applied plan): uplink port,\n"
"                         DHCP server, address in use, gateway, DNS; sent\n"
"                         only on each NIC's switch network, and only when\n"
"                         the libvirt host is this machine; exit 1 when an\n"
"                         error is found (an address in use)\n"
"\n"
"Options:\n"
"  -c, --connect URI      libvirt URI (else $LIBVIRT_DEFAULT_URI, the \"uri\"\n"
"                         setting in /etc/edgenet/edgenet.conf, qemu:///system)\n"
"      --demo             use the bundled demo host (libvirt's test driver)\n"
"      --datadir DIR      where policy.cfg and the demo host live\n"
"      --policy FILE      policy tables (default DATADIR/policy.cfg)\n"
"      --state-dir DIR    state directory (default $EDGENET_STATE_DIR,\n"
"                         else /var/lib/edgenet)\n"
"  -h, --help             show this help\n"
"  -V, --version          show the version\n"
"\n"
"Exit status: 0 success, 1 errors in the plan (diag: an error found on the\n"
"network), 2 a file (plan, policy) cannot be read or parsed, or bad usage.\n"
"apply also: 3 a step failed and everything was rolled back, 4 not confirmed\n"
"and rolled back, 5 a rollback could not undo everything (the output says\n"
"what is left).\n");
}

static int run_console(struct cli_globals *g, bool wizard, int argc,
		       char **argv)
{
	static const struct option opts[] = {
		{ "plan", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ui_options uo = { 0 };
	struct policy pol;
	struct diag_list d;
	char polpath[PATH_MAX], dir[PATH_MAX], uri[PATH_MAX + 32];
	size_t i;
	int c;

	optind = 1;
	opterr = 0;
	while (wizard && (c = getopt_long(argc, argv, "p:h", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			uo.plan_path = optarg;
			break;
		case 'h':
			printf("usage: edgenet [OPTIONS] wizard [--plan FILE]\n");
			return EXIT_CLEAN;
		default:
			bad_option("edgenet wizard", argc, argv);
			return EXIT_UNUSABLE;
		}
	}
	if (wizard && optind != argc) {
		fprintf(stderr, "edgenet wizard: unexpected argument '%s'\n",
			cli_esc(argv[optind]));
		return EXIT_UNUSABLE;
	}

	diag_list_init(&d);
	cli_policy_path(g, polpath, sizeof(polpath));
	if (policy_load(&pol, polpath, &d) != 0) {
		for (i = 0; i < d.count; i++)
			fprintf(stderr, "%s:%d: %s\n", cli_esc(polpath),
				d.items[i].line, cli_esc(d.items[i].message));
		diag_list_free(&d);
		return EXIT_UNUSABLE;
	}
	diag_list_free(&d);

	uo.uri = cli_uri(g, uri, sizeof(uri));
	uo.demo = g->demo;
	uo.wizard = wizard;
	uo.policy = &pol;
	uo.datadir = cli_datadir(g, dir, sizeof(dir));
	uo.state_dir = g->state_dir;
	uo.settings_path = g->settings_path;
	uo.faults = &g->faults;
	return ui_run(&uo);
}

/* A simulated host (libvirt's test driver: --demo, any test:// URI)
 * never writes this machine's state directory: a command that keeps
 * state (mac, apply, render, status) gets a directory of its own for
 * this run, removed at the end, unless one is named (--state-dir,
 * $EDGENET_STATE_DIR).  DIR receives it ("" when none was made).
 * Returns 0, or -1 when none could be made (said on stderr). */
static int demo_state_for(struct cli_globals *g, const char *cmd, char *dir,
			  size_t len)
{
	char uri[PATH_MAX + 64], err[512];

	dir[0] = '\0';
	if (g->state_dir)
		return 0;
	if (strcmp(cmd, "mac") != 0 && strcmp(cmd, "apply") != 0 &&
	    strcmp(cmd, "render") != 0 && strcmp(cmd, "status") != 0)
		return 0;
	cli_uri(g, uri, sizeof(uri));
	if (strncmp(uri, "test:", 5) != 0)
		return 0;
	if (!demo_state_make(dir, len, err, sizeof(err))) {
		fprintf(stderr, "edgenet: %s; name a state directory with "
			"--state-dir\n", cli_esc(err));
		return -1;
	}
	g->state_dir = dir;
	if (strcmp(cmd, "mac") == 0 || strcmp(cmd, "apply") == 0)
		fprintf(stderr, "edgenet: %s is a simulated host: what would "
			"be kept (generated MACs, the applied plan) lasts for "
			"this run only, in %s, and nothing of this machine's "
			"state is written; name a directory with --state-dir "
			"to keep it\n", cli_esc(uri), cli_esc(dir));
	return 0;
}

/* The environment, read here once and passed down: the core reads none.
 * $EDGENET_STATE_DIR when --state-dir is not given, $EDGENET_SETTINGS,
 * and the apply's test hooks (core/apply_txn.h). */
static void read_environment(struct cli_globals *g)
{
	const char *v;

	v = getenv("EDGENET_STATE_DIR");
	if (!g->state_dir && v && *v)
		g->state_dir = v;
	v = getenv("EDGENET_SETTINGS");
	g->settings_path = v && *v ? v : NULL;
	apply_faults_parse(&g->faults, getenv("EDGENET_FAULT"),
			   getenv("EDGENET_CRASH_AFTER_STEP"),
			   getenv("EDGENET_CRASH_AFTER_UNDO"),
			   getenv("EDGENET_CRASH_AT"));
}

static int run_command(struct cli_globals *g, const char *cmd, int argc,
		       char **argv)
{
	if (strcmp(cmd, "check") == 0)
		return cmd_check(g, argc, argv);
	if (strcmp(cmd, "mac") == 0)
		return cmd_mac(g, argc, argv);
	if (strcmp(cmd, "status") == 0)
		return cmd_status(g, argc, argv);
	if (strcmp(cmd, "apply") == 0)
		return cmd_apply(g, argc, argv);
	if (strcmp(cmd, "render") == 0)
		return cmd_render(g, argc, argv);
	if (strcmp(cmd, "diag") == 0)
		return cmd_diag(g, argc, argv);
	if (strcmp(cmd, "wizard") == 0)
		return run_console(g, true, argc, argv);
	fprintf(stderr, "edgenet: unknown command '%s'; commands are check, "
		"mac, status, apply, render, diag and wizard (see edgenet --help)\n",
		cli_esc(cmd));
	return EXIT_UNUSABLE;
}

int main(int argc, char **argv)
{
	enum { OPT_DEMO = 256, OPT_DATADIR, OPT_POLICY, OPT_STATEDIR };
	static const struct option opts[] = {
		{ "connect", required_argument, NULL, 'c' },
		{ "demo", no_argument, NULL, OPT_DEMO },
		{ "datadir", required_argument, NULL, OPT_DATADIR },
		{ "policy", required_argument, NULL, OPT_POLICY },
		{ "state-dir", required_argument, NULL, OPT_STATEDIR },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_globals g = { 0 };
	char demo_dir[PATH_MAX];
	const char *cmd;
	int c, rc;

	setlocale(LC_ALL, "");
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+c:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			g.uri = optarg;
			break;
		case OPT_DEMO:
			g.demo = true;
			break;
		case OPT_DATADIR:
			g.datadir = optarg;
			break;
		case OPT_POLICY:
			g.policy_path = optarg;
			break;
		case OPT_STATEDIR:
			g.state_dir = optarg;
			break;
		case 'h':
			usage(stdout);
			return EXIT_CLEAN;
		case 'V':
			printf("edgenet %s\n", PACKAGE_VERSION);
			return EXIT_CLEAN;
		default:
			bad_option("edgenet", argc, argv);
			usage(stderr);
			return EXIT_UNUSABLE;
		}
	}
	opterr = 1;	/* a command's own options: behind the filter */
	read_environment(&g);
	if (g.demo && g.uri) {
		fprintf(stderr, "edgenet: --demo and --connect exclude each "
			"other; use one\n");
		return EXIT_UNUSABLE;
	}

	argc -= optind;
	argv += optind;
	if (argc == 0)
		return run_console(&g, false, 1, argv - 1);
	cmd = argv[0];
	if (strcmp(cmd, "wizard") != 0)	/* curses owns the console's */
		cli_guard_streams();
	if (demo_state_for(&g, cmd, demo_dir, sizeof(demo_dir)) < 0)
		return EXIT_UNUSABLE;
	rc = run_command(&g, cmd, argc, argv);
	demo_state_remove(demo_dir);
	return rc;
}
