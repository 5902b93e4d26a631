/*
 * cli.h - the command line: global options, where files are found, and
 * the non-interactive commands (check, mac, status, render).  The
 * console itself is reached through ui_run (src/ui/ui.h).
 */
#ifndef EDGENET_CLI_H
#define EDGENET_CLI_H

#include <stdio.h>

#include "core/diag.h"
#include "core/plan.h"
#include "core/planfile.h"
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
	const char *state_dir;		/* --state-dir */
	bool demo;			/* --demo */
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

/* Prints D as text to OUT, one "FILE:LINE: FIELD: SEVERITY: MESSAGE" a
 * line; ONLY: one enum diag_severity, or -1 for every one. */
/* Puts stdout and stderr behind the filter of outguard.c: no byte a
 * terminal obeys gets out (call once, before a command prints). */
void cli_guard_streams(void);
/* S escaped (textsafe) for one field of a printf: valid until eight more
 * calls. */
const char *cli_esc(const char *s);

void cli_print_diags(FILE *out, const char *file, const struct diag_list *d,
		     int only);

/* For a command CMD ("apply", "render") that acts on plan FILE: loads the
 * policy into POL and FILE into P (LINES: where each key is), validates
 * it.  On a problem it prints the diagnostics to stderr, says that
 * nothing was NOTHING ("changed", "written"), and returns EXIT_UNUSABLE
 * (the policy or the file cannot be read) or EXIT_PROBLEMS (the plan has
 * errors); EXIT_CLEAN with the warnings left in D for the caller. */
int cli_load_plan(const struct cli_globals *g, const char *cmd,
		  const char *file, const char *nothing, struct policy *pol,
		  struct plan *p, struct plan_lines *lines,
		  struct diag_list *d);

int cmd_check(const struct cli_globals *g, int argc, char **argv);
int cmd_mac(const struct cli_globals *g, int argc, char **argv);
int cmd_status(const struct cli_globals *g, int argc, char **argv);
int cmd_render(const struct cli_globals *g, int argc, char **argv);

#endif
