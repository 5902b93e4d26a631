/*
 * settings.h - the settings file: /etc/edgenet/edgenet.conf (libconfig),
 * then SYSCONFDIR/edgenet/edgenet.conf; a file named by the caller
 * (FILE below: the program passes $EDGENET_SETTINGS, for tests and sites
 * that keep it elsewhere) replaces both; NULL or "" means the two
 * defaults.  Reads files only, never the environment; a missing or unusable file leaves the defaults in place
 * (settings_check says why one is unusable).
 *
 *   uri = "qemu:///system";      libvirt URI (after -c and the environment)
 *   confirm_timeout = 60;        seconds to confirm an apply, 1-86400
 */
#ifndef EDGENET_SETTINGS_H
#define EDGENET_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

/* The confirmation countdown of an apply when no settings file gives
 * one, in seconds: the CLI's `apply` and the console's use the same. */
#define APPLY_CONFIRM_DEFAULT 60

/* confirm_timeout from the first file that gives 1-86400, else DFLT. */
long settings_confirm_timeout(const char *file, long dflt);

/* The string KEY from the first file that has a non-empty one, copied
 * into BUF; false when none does. */
bool settings_string(const char *file, const char *key, char *buf,
		     size_t len);

/* 0 when every settings file that exists can be used; else -1 and a
 * sentence in ERR naming the file, the line and the fix (the file is
 * then ignored: a FIFO or device, an include directive, a syntax error,
 * a confirm_timeout that is not 1-86400 in decimal). */
int settings_check(const char *file, char *err, size_t errlen);

#endif
