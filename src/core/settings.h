/*
 * settings.h - the settings file: /etc/edgenet/edgenet.conf (libconfig),
 * then SYSCONFDIR/edgenet/edgenet.conf; $EDGENET_SETTINGS names one file
 * that replaces both (tests, and sites that keep it elsewhere).  Reads
 * files only; a missing or unreadable file is no error (defaults apply).
 *
 *   uri = "qemu:///system";      libvirt URI (after -c and the environment)
 *   confirm_timeout = 60;        seconds to confirm an apply, 1-86400
 */
#ifndef EDGENET_SETTINGS_H
#define EDGENET_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

/* confirm_timeout from the first file that gives 1-86400, else DFLT. */
long settings_confirm_timeout(long dflt);

/* The string KEY from the first file that has a non-empty one, copied
 * into BUF; false when none does. */
bool settings_string(const char *key, char *buf, size_t len);

#endif
