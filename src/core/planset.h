/*
 * planset.h - per-host values for a plan template: the command line's
 * `--set PATH=VALUE` (apply, check, render, mac), read here and written
 * into a plan file's libconfig tree before the plan reader
 * (planfile.c) walks it, so that a value given with --set is read,
 * typed and checked exactly as if it had been written in the file.
 *
 * PATH is a plan path as diagnostics name it (core/fieldpath.h:
 * "vm", "nics[1].ip.address", "switches[0].dhcp_start",
 * "nics[0].dns.servers", "nics[0].dns.servers[1]").  VALUE is read by
 * the type the plan gives the key: a whole number for an integer key
 * (metric, prefix), true or false for a yes/no key, a list of
 * comma-separated words for a list (dns.servers, dns.search; empty: an
 * empty list), the text itself for any other key (one pair of
 * surrounding double quotes is taken off).  A value that does not fit
 * its key's type is written as text, and the plan reader then says
 * what the key wants, as for a file.
 *
 * Each --set that writes a field is recorded in the plan's table of
 * where fields were written (planfile.h, plan_lines), so a diagnostic
 * about that field (or below it) names the --set instead of a line.
 * Pure C: libconfig and memory.
 */
#ifndef EDGENET_PLANSET_H
#define EDGENET_PLANSET_H

#include <stddef.h>

#include <libconfig.h>

#include "core/diag.h"

struct plan_lines;

#define PLANSET_MAX 32			/* --set options of one command */
#define PLANSET_ARG_MAX DIAG_SET_MAX	/* PATH=VALUE, with its NUL */

struct planset {
	char arg[PLANSET_ARG_MAX];	/* PATH=VALUE as given */
	char path[DIAG_PATH_MAX];	/* PATH */
	const char *value;		/* VALUE, inside arg */
};

struct planset_list {
	struct planset items[PLANSET_MAX];
	size_t count;
};

void planset_list_init(struct planset_list *l);

/* Reads ARG ("PATH=VALUE") and appends it to L.  Returns 0, or -1 with
 * a sentence in ERR that quotes ARG (escaped) and says what PATH=VALUE
 * looks like: no '=', a PATH that is not a chain of names and [N]
 * indexes, too long, too many. */
int planset_add(struct planset_list *l, const char *arg, char *err,
		size_t errlen);

/* Writes every value of L, in order (a later one wins), into ROOT, the
 * root group of a plan file's text read by cfgtext.  Missing groups on
 * the way are created, and a missing key is added; a list item must
 * exist (an index past the end is an error that says how many there
 * are).  Each value written is recorded in LINES (may be NULL) for
 * plan_lines_annotate; each --set that cannot be written is an error in
 * D on its PATH, marked as coming from that --set. */
void planset_apply(const struct planset_list *l, config_setting_t *root,
		   struct plan_lines *lines, struct diag_list *d);

#endif
