/*
 * dnsview_priv.h - small helpers shared by the dnsview*.c files of the
 * core (the model, its parsers, its layout); not for use elsewhere.
 * Pure: memory only.
 */
#ifndef EDGENET_DNSVIEW_PRIV_H
#define EDGENET_DNSVIEW_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <strings.h>

static inline void dv_copy(char *dst, size_t len, const char *src)
{
	if (!len)
		return;
	snprintf(dst, len, "%s", src ? src : "");
}

/* Printable ASCII without space: what a token of these files may hold. */
static inline bool dv_token_ok(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
			return false;
	return true;
}

/* "yes"/"no" and the other spellings systemd accepts; -1 otherwise. */
static inline int dv_parse_bool(const char *v)
{
	static const char *const yes[] = { "1", "yes", "y", "true", "t", "on" };
	static const char *const no[] = { "0", "no", "n", "false", "f", "off" };
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!strcasecmp(v, yes[i]))
			return 1;
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (!strcasecmp(v, no[i]))
			return 0;
	return -1;
}

#endif
