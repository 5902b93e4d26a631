/*
 * ui.h - the entry point of the full-screen console, called by main.c.
 */
#ifndef EDGENET_UI_H
#define EDGENET_UI_H

#include <stdbool.h>
#include "core/policy.h"

struct apply_faults;

struct ui_options {
	const char *uri;		/* libvirt URI to open (already resolved) */
	bool demo;			/* URI is the bundled demo host */
	bool wizard;			/* open the wizard directly */
	const char *plan_path;		/* start from this plan (wizard --plan) */
	const struct policy *policy;	/* loaded policy tables */
	const char *datadir;		/* where policy.cfg and demo files live */
	const char *state_dir;		/* NULL: default */
	const char *settings_path;	/* NULL: the default settings files */
	const struct apply_faults *faults;	/* test hooks; NULL: none */
};

/* Runs the console until the technician quits.  Returns the process exit
 * status: 0 normal quit, 1 a fault that was shown and explained (the
 * terminal is restored in every case; the message is also printed to
 * stderr after the screen is closed). */
int ui_run(const struct ui_options *opts);

#endif
