/*
 * cfgutil.h - the one set of helpers that build and read libconfig
 * settings for the files edgenet writes itself: the plan (planfile.c),
 * the apply journal (journal.c) and the MACs of the state directory
 * (state.c).  Text from outside is read through cfgtext.h first; these
 * only add settings to a config_t, print it, and look settings up.
 * Pure C: libconfig and memory, no files.
 *
 * Every cfgutil_put_* returns 0, or -1 when libconfig refuses (out of
 * memory, a name used twice).
 */
#ifndef EDGENET_CFGUTIL_H
#define EDGENET_CFGUTIL_H

#include <stdbool.h>
#include <stddef.h>

#include <libconfig.h>

/* NAME = V; as a string.  V NULL: nothing is added. */
int cfgutil_put_str(config_setting_t *g, const char *name, const char *v);
/* The same, and nothing is added for "" either (optional plan fields). */
int cfgutil_put_nonempty(config_setting_t *g, const char *name,
			 const char *v);
int cfgutil_put_bool(config_setting_t *g, const char *name, bool v);
/* NAME = V; as a 64-bit integer always (written with libconfig's "L"). */
int cfgutil_put_int64(config_setting_t *g, const char *name, long long v);
/* NAME = V; as a plain integer when it fits 32 bits, else 64-bit. */
int cfgutil_put_int(config_setting_t *g, const char *name, long long v);
/* NAME = [ ... ]; the N strings of WIDTH bytes each in ROWS.  N 0:
 * nothing is added. */
int cfgutil_put_strings(config_setting_t *g, const char *name,
			const char *rows, size_t n, size_t width);

/* CFG as text, after HEADER (comment lines, may be NULL).  Malloc'd;
 * NULL when memory runs out. */
char *cfgutil_format(const config_t *cfg, const char *header);

/* The string NAME of G into OUT: "" when absent; -1 (OUT unchanged) when
 * it does not fit in OUTLEN bytes. */
int cfgutil_get_str(const config_setting_t *g, const char *name, char *out,
		    size_t outlen);
/* The string NAME of G, malloc'd into *OUT; NULL when absent.  -1 when
 * memory runs out. */
int cfgutil_get_dup(const config_setting_t *g, const char *name, char **out);
/* The boolean NAME of G; false when absent or not a boolean. */
bool cfgutil_get_bool(const config_setting_t *g, const char *name);

#endif
