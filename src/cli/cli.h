/*
 * cli.h - the command line: global options, where files are found, and
 * the non-interactive commands (check, mac, status, render, diag,
 * domains).  The
 * console itself is reached through ui_run (src/ui/ui.h).
 */
#ifndef EDGENET_CLI_H
#define EDGENET_CLI_H

#include <stdio.h>

#include "cli/opts.h"
#include "core/apply_txn.h"
#include "core/diag.h"
#include "core/plan.h"
#include "core/planfile.h"
#include "core/planset.h"
#include "core/policy.h"

#include <stdbool.h>
#include <stddef.h>

/* Exit statuses of the commands, documented in --help. */
enum {
	EXIT_CLEAN = 0,		/* nothing wrong */
	EXIT_PROBLEMS = 1,	/* the plan has errors */
	EXIT_UNUSABLE = 2,	/* a file cannot be read or parsed, bad usage */
};

struct cli_globals {
	const char *uri;		/* -c/--connect */
	const char *datadir;		/* --datadir */
	const char *policy_path;	/* --policy */
	const char *state_dir;		/* --state-dir, else $EDGENET_STATE_DIR */
	bool demo;			/* --demo */
	/* read from the environment once, by main */
	const char *settings_path;	/* $EDGENET_SETTINGS; NULL: default */
	struct apply_faults faults;	/* $EDGENET_FAULT, $EDGENET_CRASH_* */
};

/* The data directory: --datadir, $EDGENET_DATADIR, the installed
 * pkgdatadir when it holds policy.cfg, else data/ beside the program
 * (an uninstalled build in the source tree).  Writes into BUF. */
const char *cli_datadir(const struct cli_globals *g, char *buf, size_t len);

/* The policy file: --policy, else DATADIR/policy.cfg. */
const char *cli_policy_path(const struct cli_globals *g, char *buf, size_t len);

/* The libvirt URI: --demo (the bundled demo host), -c/--connect,
 * $LIBVIRT_DEFAULT_URI, the settings file, else qemu:///system. */
const char *cli_uri(const struct cli_globals *g, char *buf, size_t len);

/* Puts stdout and stderr behind the filter of outguard.c: no byte a
 * terminal obeys gets out (call once, before a command prints). */
void cli_guard_streams(void);
/* S escaped (textsafe) for one field of a printf: valid until eight more
 * calls. */
const char *cli_esc(const char *s);
/* Writes a carriage return to stdout past the filter (the countdown's
 * line is redrawn in place; the filter would show it as "\x0d"); to
 * stderr when stdout points at stderr (apply --json). */
void cli_carriage_return(void);

/* What checking a plan found (cli_check_plan). */
enum cli_verdict {
	CLI_PLAN_OK = 0,	/* no error (there may be warnings) */
	CLI_PLAN_ERRORS,	/* the plan has errors */
	CLI_PLAN_UNREADABLE,	/* the plan file cannot be read */
	CLI_PLAN_SYNTAX,	/* the plan file does not parse */
	CLI_PLAN_POLICY,	/* the policy file is unusable */
};

/* The one validation path of every command that reads a plan (check,
 * mac, apply with or without --dry-run, render): loads the policy into
 * POL (its path into POLPATH, POLLEN bytes) and FILE with the values of
 * SETS (the command's --set options, core/planset.h; NULL: none) into P
 * (LINES: where each key is, or which --set wrote it), validates P
 * against POL, and leaves every diagnostic in D, with its line or its
 * --set, in the order check prints them. */
enum cli_verdict cli_check_plan(const struct cli_globals *g, const char *file,
				const struct planset_list *sets,
				char *polpath, size_t pollen,
				struct policy *pol, struct plan *p,
				struct plan_lines *lines, struct diag_list *d);

/* The exit status of a verdict: EXIT_CLEAN, EXIT_PROBLEMS, EXIT_UNUSABLE. */
int cli_verdict_exit(enum cli_verdict v);

/* check's text output for verdict V: every diagnostic of D on OUT (they
 * are about POLPATH for CLI_PLAN_POLICY, else about FILE), then on stderr
 * "FILE: N error(s), M warning(s)" (a plan that was read) or what is
 * wrong with the policy (CMD: the command saying it). */
void cli_print_verdict(FILE *out, const char *cmd, const char *file,
		       const char *polpath, enum cli_verdict v,
		       const struct diag_list *d);

/* Prints to OUT the diagnostics of D from index FROM on that are not
 * already among the earlier ones (same severity, field and message):
 * what a later stage (the host, the planner) adds to check's
 * diagnostics.  HEADER (a line, or NULL) comes before the first one.
 * Returns how many were printed. */
size_t cli_print_new_diags(FILE *out, const char *file,
			   const struct diag_list *d, size_t from,
			   const char *header);

/* The values of option OPT of A (a CLI_ROLE_MANY "--set PATH=VALUE",
 * cli/opts.h) into SETS, in order.  0, or -1 when one is not of the
 * form PATH=VALUE (said on stderr, as command CMD). */
int cli_read_sets(const char *cmd, const struct cli_args *a, size_t opt,
		  struct planset_list *sets);

/* The option "--set PATH=VALUE" of the commands that read a plan (its
 * table entry; the values are read by cli_read_sets). */
#define CLI_OPT_SET { .name = "set", .arg = CLI_ARG_TEXT,		\
	.arg_name = "PATH=VALUE", .role = CLI_ROLE_MANY,		\
	.in_synopsis = true,						\
	.help = "use VALUE for the plan's field PATH (as check\n"	\
		"names it: vm, nics[1].ip.address...); repeatable" }

/* For a command CMD ("apply", "render", "mac") that acts on plan FILE
 * (with SETS: its --set values, or NULL):
 * cli_check_plan, then check's text output on stderr
 * (cli_print_verdict).  When the plan cannot be used it adds that
 * nothing was NOTHING ("changed", "written", "stored") and returns
 * EXIT_UNUSABLE (the policy or the file cannot be read) or EXIT_PROBLEMS
 * (the plan has errors); EXIT_CLEAN with the warnings left in D. */
int cli_load_plan(const struct cli_globals *g, const char *cmd,
		  const char *file, const struct planset_list *sets,
		  const char *nothing, struct policy *pol,
		  struct plan *p, struct plan_lines *lines,
		  struct diag_list *d);

/* Each command's table of options (cli/opts.h), and its run. */
extern const struct cli_command cli_cmd_check, cli_cmd_mac, cli_cmd_status,
	cli_cmd_apply, cli_cmd_render, cli_cmd_diag, cli_cmd_domains;

int cmd_check(const struct cli_globals *g, int argc, char **argv);
int cmd_mac(const struct cli_globals *g, int argc, char **argv);
int cmd_status(const struct cli_globals *g, int argc, char **argv);
int cmd_render(const struct cli_globals *g, int argc, char **argv);
int cmd_diag(const struct cli_globals *g, int argc, char **argv);
int cmd_domains(const struct cli_globals *g, int argc, char **argv);

#endif
