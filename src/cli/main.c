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
 *   edgenet [OPTIONS] domains
 *
 * Everything the commands do lives in the core, the backends and the
 * console; this file only dispatches.
 */
#include "config.h"

#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd_apply.h"
#include "cli/opts.h"
#include "core/diag_write.h"
#include "core/err.h"
#include "core/policy.h"
#include "ui/demo_state.h"
#include "ui/ui.h"


static int run_console(const struct cli_globals *g, bool wizard,
		       const char *plan_path)
{
	struct ui_options uo = { 0 };
	struct policy pol;
	struct diag_list d;
	char polpath[PATH_MAX], dir[PATH_MAX], uri[PATH_MAX + 32];

	uo.plan_path = plan_path;
	diag_list_init(&d);
	cli_policy_path(g, polpath, sizeof(polpath));
	if (policy_load(&pol, polpath, &d) != 0) {
		diag_write_text(stderr, polpath, &d, 0, -1);
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

enum { WIZARD_PLAN, WIZARD_HELP, WIZARD_OPTS };

static const struct cli_opt wizard_opts[] = {
	[WIZARD_PLAN] = { .name = "plan", .letter = 'p', .arg = CLI_ARG_TEXT,
			  .arg_name = "FILE", .in_synopsis = true,
			  .help = "start from this plan file" },
	[WIZARD_HELP] = CLI_OPT_HELP,
	[WIZARD_OPTS] = CLI_OPT_END,
};
CLI_OPTS_FIT(wizard_opts);

static const struct cli_command cmd_wizard;

static int run_wizard(const struct cli_globals *g, int argc, char **argv)
{
	struct cli_args a;
	int rc = cli_opts_read(&cmd_wizard, argc, argv, &a);

	if (rc >= 0)
		return rc;
	if (a.npos) {
		fprintf(stderr, "edgenet wizard: unexpected argument '%s'\n",
			cli_esc(a.pos[0]));
		return EXIT_UNUSABLE;
	}
	return run_console(g, true, a.value[WIZARD_PLAN]);
}

/* Its options are read before the output filter is in place (curses
 * owns the console's streams): a bad one is quoted escaped. */
static const struct cli_command cmd_wizard = {
	.name = "wizard", .before = "[OPTIONS]", .quote_bad = true,
	.help_col = 19, .opts = wizard_opts, .run = run_wizard, .console = true,
	.summary = "open the setup wizard, starting from FILE if given",
};

static const struct cli_opt no_opts[] = { CLI_OPT_END };

/* Listed in edgenet --help only. */
static const struct cli_command cmd_console = {
	.name = "(none)", .opts = no_opts,
	.summary = "open the console on the host",
};

static const struct cli_command *const commands[] = {
	&cmd_console, &cmd_wizard, &cli_cmd_check, &cli_cmd_mac,
	&cli_cmd_status, &cli_cmd_apply, &cli_cmd_render, &cli_cmd_diag,
	&cli_cmd_domains, NULL,
};

enum {
	MAIN_CONNECT, MAIN_DEMO, MAIN_DATADIR, MAIN_POLICY, MAIN_STATE_DIR,
	MAIN_HELP, MAIN_VERSION, MAIN_OPTS
};

static const struct cli_opt main_opts[] = {
	[MAIN_CONNECT] = { .name = "connect", .letter = 'c',
		.arg = CLI_ARG_TEXT, .arg_name = "URI",
		.help = "libvirt URI (else $LIBVIRT_DEFAULT_URI, the \"uri\"\n"
			"setting in /etc/edgenet/edgenet.conf, "
			"qemu:///system)" },
	[MAIN_DEMO] = { .name = "demo",
		.help = "use the bundled demo host (libvirt's test driver)" },
	[MAIN_DATADIR] = { .name = "datadir", .arg = CLI_ARG_TEXT,
		.arg_name = "DIR",
		.help = "where policy.cfg and the demo host live" },
	[MAIN_POLICY] = { .name = "policy", .arg = CLI_ARG_TEXT,
		.arg_name = "FILE",
		.help = "policy tables (default DATADIR/policy.cfg)" },
	[MAIN_STATE_DIR] = { .name = "state-dir", .arg = CLI_ARG_TEXT,
		.arg_name = "DIR",
		.help = "state directory (default $EDGENET_STATE_DIR,\n"
			"else /var/lib/edgenet)" },
	[MAIN_HELP] = { .name = "help", .letter = 'h', .role = CLI_ROLE_HELP,
		.help = "show this help" },
	[MAIN_VERSION] = { .name = "version", .letter = 'V',
		.role = CLI_ROLE_STOP, .help = "show the version" },
	[MAIN_OPTS] = CLI_OPT_END,
};
CLI_OPTS_FIT(main_opts);

/* edgenet's own options come before the command, read in order; they
 * are read before the output filter is in place (a bad one is quoted
 * escaped). */
static const struct cli_command cmd_main = {
	.name = "", .before = "[OPTIONS]", .args = "[COMMAND [ARGS]]",
	.in_order = true, .quote_bad = true, .help_col = 25,
	.about = "Set up and troubleshoot the networking of an edge VM "
		"running under libvirt.\n",
	.commands = commands, .options_title = "Options:",
	.after =
"Exit status: 0 success, 1 errors in the plan (diag: an error found on the\n"
"network), 2 a file (plan, policy) cannot be read or parsed, or bad usage.\n"
"apply also: 3 a step failed and everything was rolled back, 4 not confirmed\n"
"and rolled back, 5 a rollback could not undo everything, or the change was\n"
"kept but could not be recorded (the output says what is left).\n",
	.opts = main_opts,
};

/* A simulated host (libvirt's test driver: --demo, any test:// URI)
 * never writes this machine's state directory: a command that uses
 * state (its table says, cli_state_use) gets a directory of its own for
 * this run, removed at the end, unless one is named (--state-dir,
 * $EDGENET_STATE_DIR).  DIR receives it ("" when none was made).
 * Returns 0, or -1 when none could be made (said on stderr). */
static int demo_state_for(struct cli_globals *g, const struct cli_command *c,
			  char *dir, size_t len)
{
	char uri[PATH_MAX + 64], err[ERR_MAX];

	dir[0] = '\0';
	if (g->state_dir || c->state == CLI_STATE_NONE)
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
	if (c->state == CLI_STATE_WRITES)
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
	v = getenv("EDGENET_NO_NETWORK_UPDATE");
	g->faults.no_network_update = v && strcmp(v, "1") == 0;
}

/* The command named NAME, or NULL. */
static const struct cli_command *find_command(const char *name)
{
	for (size_t i = 0; commands[i]; i++)
		if (commands[i]->run && !strcmp(commands[i]->name, name))
			return commands[i];
	return NULL;
}

int main(int argc, char **argv)
{
	struct cli_globals g = { 0 };
	struct cli_args a;
	char demo_dir[PATH_MAX];
	const struct cli_command *cmd;
	int rc;

	setlocale(LC_ALL, "");
	switch (cli_opts_parse(&cmd_main, argc, argv, &a)) {
	case CLI_PARSE_OK:
		break;
	case CLI_PARSE_HELP:
		return EXIT_CLEAN;
	case CLI_PARSE_STOP:	/* --version */
		printf("edgenet %s\n", PACKAGE_VERSION);
		return EXIT_CLEAN;
	case CLI_PARSE_BAD:
		return EXIT_UNUSABLE;
	}
	g.uri = a.value[MAIN_CONNECT];
	g.demo = a.given[MAIN_DEMO];
	g.datadir = a.value[MAIN_DATADIR];
	g.policy_path = a.value[MAIN_POLICY];
	g.state_dir = a.value[MAIN_STATE_DIR];
	read_environment(&g);
	if (g.demo && g.uri) {
		fprintf(stderr, "edgenet: --demo and --connect exclude each "
			"other; use one\n");
		return EXIT_UNUSABLE;
	}

	argc -= a.next;
	argv += a.next;
	if (argc == 0)
		return run_console(&g, false, NULL);
	cmd = find_command(argv[0]);
	if (!cmd || !cmd->console)
		cli_guard_streams();
	if (!cmd) {
		fprintf(stderr, "edgenet: unknown command '%s'; commands are "
			"check, mac, status, apply, render, diag, domains and "
			"wizard "
			"(see edgenet --help)\n", cli_esc(argv[0]));
		return EXIT_UNUSABLE;
	}
	if (demo_state_for(&g, cmd, demo_dir, sizeof(demo_dir)) < 0)
		return EXIT_UNUSABLE;
	rc = cmd->run(&g, argc, argv);
	demo_state_remove(demo_dir);
	return rc;
}
