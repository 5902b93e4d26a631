/*
 * cfgtext.h - the one reader of edgenet's libconfig files: plans, the
 * settings file, the state directory's files, the apply journal and the
 * policy.
 *
 * libconfig 1.5 (Debian 12) cannot be trusted with raw text:
 *  - `@include "PATH"` at the start of a line pulls in any file;
 *  - a decimal number beyond 32 bits is silently wrapped into an int
 *    (4294967296 is read as 0, 4294967295 as -1), whatever the layout;
 *  - hex is read as an unsigned number cut to 32 bits (0xFFFFFFFF is -1);
 *  - a number beyond 64 bits is saturated (99999999999999999999L is
 *    9223372036854775807).
 * So the text is read with a bound (a regular file only: never a FIFO or
 * a device, which could block or never end), scanned once as libconfig's
 * own scanner would (strings, comments, names, numbers), include
 * directives are refused with their line, and every decimal or hex
 * number is given libconfig's 64-bit suffix "L" before libconfig sees it.
 * Then every integer is a 64-bit setting that cfgtext_int reads exactly,
 * or refuses: hex (write it in decimal) and saturated values.
 * Pure C: libconfig and files.
 */
#ifndef EDGENET_CFGTEXT_H
#define EDGENET_CFGTEXT_H

#include <stddef.h>

#include <libconfig.h>

#include "core/err.h"

enum cfgtext_status {
	CFGTEXT_OK = 0,
	CFGTEXT_IO = -1,	/* cannot be read: not a file, too big, ... */
	CFGTEXT_SYNTAX = -2,	/* not libconfig text, or refused text */
};

/* What went wrong: the line (0 when none) and a sentence that says what
 * and how to fix it, without the file name. */
struct cfgtext_error {
	int line;
	char msg[ERR_MAX];
};

/* Reads PATH (a regular file of at most MAX bytes) into CFG, which this
 * initialises (config_init) in every case: the caller destroys it. */
enum cfgtext_status cfgtext_read_file(config_t *cfg, const char *path,
				      size_t max, struct cfgtext_error *err);
/* Same from LEN bytes of TEXT (NUL bytes in them are refused). */
enum cfgtext_status cfgtext_read_text(config_t *cfg, const char *text,
				      size_t len, struct cfgtext_error *err);

/* The text libconfig is given: TEXT with every integer made 64-bit, and
 * a final newline.  NULL with ERR filled when TEXT holds a NUL byte or
 * an include directive (or memory runs out).  Malloc'd. */
char *cfgtext_prepare(const char *text, size_t len, struct cfgtext_error *err);

/* A hint that fits libconfig's error text MSG (the parser's own errors:
 * a syntax error, a duplicate setting, nesting too deep, ...). */
const char *cfgtext_hint(const char *msg);

enum cfgtext_int {
	CFGTEXT_INT_OK = 0,	/* *OUT is the number exactly as written */
	CFGTEXT_INT_NOT_INT,	/* not an integer setting (text, bool, ...) */
	CFGTEXT_INT_HEX,	/* written in hex: refused, use decimal */
	CFGTEXT_INT_HUGE,	/* beyond what 64 bits hold */
};

/* Reads integer setting S read through cfgtext. */
enum cfgtext_int cfgtext_int(const config_setting_t *s, long long *out);

#endif
