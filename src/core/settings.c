/*
 * settings.c - reading the settings file (see settings.h).  One reader
 * for the command line and the console, so both honour the same file in
 * the same order.  Files are read through cfgtext.h: a FIFO or device
 * is never waited on, an include directive refuses the file, and
 * numbers are read exactly.  Reads files only.
 */
#include "config.h"

#include <errno.h>
#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cfgtext.h"
#include "settings.h"
#include "str.h"
#include "core/err.h"

#define SETTINGS_MAX_SIZE (64 * 1024)

#ifndef EDGENET_SYSCONFDIR
#define EDGENET_SYSCONFDIR "/etc"
#endif

/* The files to read, in order; returns how many. */
static size_t settings_files(const char *file, const char *out[2])
{
	if (file && *file) {
		out[0] = file;
		return 1;
	}
	out[0] = "/etc/edgenet/edgenet.conf";
	out[1] = EDGENET_SYSCONFDIR "/edgenet/edgenet.conf";
	return 2;
}

/* Opens FILE into CFG; false when it is missing or refused (ERR says
 * why when it exists, else ERR->msg is empty). */
static bool settings_open_err(config_t *cfg, const char *file,
			      struct cfgtext_error *err)
{
	struct stat sb;

	err->line = 0;
	err->msg[0] = '\0';
	if (stat(file, &sb) != 0 && errno == ENOENT)
		return false;
	if (cfgtext_read_file(cfg, file, SETTINGS_MAX_SIZE, err) !=
	    CFGTEXT_OK) {
		config_destroy(cfg);
		return false;
	}
	return true;
}

static bool settings_open(config_t *cfg, const char *file)
{
	struct cfgtext_error err;

	return settings_open_err(cfg, file, &err);
}

int settings_check(const char *file, char *err, size_t errlen)
{
	const char *files[2];
	size_t i, n = settings_files(file, files);
	struct cfgtext_error cerr;
	const config_setting_t *s;
	long long v;
	config_t cfg;

	for (i = 0; i < n; i++) {
		if (!settings_open_err(&cfg, files[i], &cerr)) {
			if (!cerr.msg[0])
				continue;
			if (cerr.line > 0)
				errf(err, errlen, "the settings file %s:%d: "
				     "%s; edgenet does not use it", files[i],
				     cerr.line, cerr.msg);
			else
				errf(err, errlen, "the settings file: %s; "
				     "edgenet does not use it", cerr.msg);
			return -1;
		}
		s = config_lookup(&cfg, "confirm_timeout");
		if (s && (cfgtext_int(s, &v) != CFGTEXT_INT_OK || v < 1 ||
			  v > 86400)) {
			errf(err, errlen, "the settings file %s:%u: "
			     "confirm_timeout must be a number of seconds "
			     "from 1 to 86400 in decimal, like 60; the "
			     "default is used", files[i],
			     config_setting_source_line(s));
			config_destroy(&cfg);
			return -1;
		}
		config_destroy(&cfg);
	}
	return 0;
}

long settings_confirm_timeout(const char *file, long dflt)
{
	const char *files[2];
	size_t i, n = settings_files(file, files);
	long long v;
	config_t cfg;

	for (i = 0; i < n; i++) {
		if (!settings_open(&cfg, files[i]))
			continue;
		if (cfgtext_int(config_lookup(&cfg, "confirm_timeout"), &v) !=
		    CFGTEXT_INT_OK)
			v = 0;
		config_destroy(&cfg);
		if (v > 0 && v <= 86400)
			return (long)v;
	}
	return dflt;
}

bool settings_string(const char *file, const char *key, char *buf,
		     size_t len)
{
	const char *files[2], *s;
	size_t i, n = settings_files(file, files);
	config_t cfg;
	bool found = false;

	for (i = 0; i < n && !found; i++) {
		if (!settings_open(&cfg, files[i]))
			continue;
		if (config_lookup_string(&cfg, key, &s) == CONFIG_TRUE && *s) {
			str_copy(buf, len, s);
			found = true;
		}
		config_destroy(&cfg);
	}
	return found;
}
