/*
 * settings.c - reading the settings file (see settings.h).  One reader
 * for the command line and the console, so both honour the same file in
 * the same order.  Reads files only.
 */
#include "config.h"

#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "settings.h"

#ifndef EDGENET_SYSCONFDIR
#define EDGENET_SYSCONFDIR "/etc"
#endif

/* The files to read, in order; returns how many. */
static size_t settings_files(const char *out[2])
{
	const char *env = getenv("EDGENET_SETTINGS");

	if (env && *env) {
		out[0] = env;
		return 1;
	}
	out[0] = "/etc/edgenet/edgenet.conf";
	out[1] = EDGENET_SYSCONFDIR "/edgenet/edgenet.conf";
	return 2;
}

/* Opens FILE into CFG; false when it is missing or not valid. */
static bool settings_open(config_t *cfg, const char *file)
{
	if (access(file, R_OK) != 0)
		return false;
	config_init(cfg);
	if (config_read_file(cfg, file) != CONFIG_TRUE) {
		config_destroy(cfg);
		return false;
	}
	return true;
}

long settings_confirm_timeout(long dflt)
{
	const char *files[2];
	size_t i, n = settings_files(files);
	long long v;
	config_t cfg;
	int iv;

	for (i = 0; i < n; i++) {
		if (!settings_open(&cfg, files[i]))
			continue;
		v = 0;
		if (config_lookup_int64(&cfg, "confirm_timeout", &v) !=
		    CONFIG_TRUE &&
		    config_lookup_int(&cfg, "confirm_timeout", &iv) ==
		    CONFIG_TRUE)
			v = iv;
		config_destroy(&cfg);
		if (v > 0 && v <= 86400)
			return (long)v;
	}
	return dflt;
}

bool settings_string(const char *key, char *buf, size_t len)
{
	const char *files[2], *s;
	size_t i, n = settings_files(files);
	config_t cfg;
	bool found = false;

	for (i = 0; i < n && !found; i++) {
		if (!settings_open(&cfg, files[i]))
			continue;
		if (config_lookup_string(&cfg, key, &s) == CONFIG_TRUE && *s) {
			snprintf(buf, len, "%s", s);
			found = true;
		}
		config_destroy(&cfg);
	}
	return found;
}
