/*
 * cfgtext.c - the one reader of edgenet's libconfig files (see
 * cfgtext.h): a bounded read of a regular file, one scan of the text as
 * libconfig 1.5's scanner sees it (to refuse include directives and to
 * make every integer 64-bit), then libconfig; and the exact reading of
 * integers.  Reads files only.
 *
 * The scan follows the scanner's rules in its initial state: "/ *"
 * comments up to "* /", strings in double quotes (a backslash takes the
 * next character with it), "#" and "//" comments to the end of the line,
 * names [A-Za-z*][-A-Za-z0-9_*]*, and numbers by longest match among
 * float, integer ([-+]?[0-9]+), integer64 (integer "L" or "LL"), hex
 * (0[Xx][0-9A-Fa-f]+) and hex64 (hex "L" or "LL").  An integer or hex
 * token gets an "L" appended, which turns it into the 64-bit token with
 * the same digits; nothing else changes, and no line moves.
 */
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "cfgtext.h"
#include "fileio.h"

static void seterr(struct cfgtext_error *err, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void seterr(struct cfgtext_error *err, int line, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	err->line = line;
	va_start(ap, fmt);
	verrf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
}

/* ---- the scan ----------------------------------------------------------- */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_xdigit(char c)
{
	return isxdigit((unsigned char)c) != 0;
}

static bool name_start(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '*';
}

static bool name_char(char c)
{
	return name_start(c) || is_digit(c) || c == '-' || c == '_';
}

/* Length of the run of decimal digits at T[I..N). */
static size_t digits(const char *t, size_t i, size_t n)
{
	size_t k = i;

	while (k < n && is_digit(t[k]))
		k++;
	return k - i;
}

/* Length of an optional exponent [eE][-+]?[0-9]+ at T[I..N), 0 if none. */
static size_t exponent(const char *t, size_t i, size_t n)
{
	size_t k = i, d;

	if (k >= n || (t[k] != 'e' && t[k] != 'E'))
		return 0;
	k++;
	if (k < n && (t[k] == '-' || t[k] == '+'))
		k++;
	d = digits(t, k, n);
	return d ? k + d - i : 0;
}

/* Optional "L" or "LL" at T[I..N). */
static size_t lsuffix(const char *t, size_t i, size_t n)
{
	if (i < n && t[i] == 'L')
		return i + 1 < n && t[i + 1] == 'L' ? 2 : 1;
	return 0;
}

enum numtok { NUM_NONE, NUM_FLOAT, NUM_INT, NUM_INT64, NUM_HEX, NUM_HEX64 };

/* The number token at T[I..N) by longest match, its kind and length. */
static enum numtok number(const char *t, size_t i, size_t n, size_t *len)
{
	size_t s = i, best = 0, k, d;
	enum numtok kind = NUM_NONE;

	if (s < n && (t[s] == '-' || t[s] == '+'))
		s++;
	/* float: [-+]?[0-9]*\.[0-9]*(exp)? */
	k = s + digits(t, s, n);
	if (k < n && t[k] == '.') {
		k++;
		k += digits(t, k, n);
		k += exponent(t, k, n);
		if (k - i > best) {
			best = k - i;
			kind = NUM_FLOAT;
		}
	}
	/* float: [-+]?[0-9]+(\.[0-9]*)?(exp) */
	d = digits(t, s, n);
	if (d) {
		size_t e;

		k = s + d;
		if (k < n && t[k] == '.')
			k += 1 + digits(t, k + 1, n);
		e = exponent(t, k, n);
		if (e && k + e - i > best) {
			best = k + e - i;
			kind = NUM_FLOAT;
		}
		/* integer and integer64 */
		k = s + d;
		if (k - i > best) {
			best = k - i;
			kind = NUM_INT;
		}
		if (lsuffix(t, k, n) && k + lsuffix(t, k, n) - i > best) {
			best = k + lsuffix(t, k, n) - i;
			kind = NUM_INT64;
		}
	}
	/* hex and hex64: no sign */
	if (i + 2 < n && t[i] == '0' && (t[i + 1] == 'x' || t[i + 1] == 'X') &&
	    is_xdigit(t[i + 2])) {
		k = i + 2;
		while (k < n && is_xdigit(t[k]))
			k++;
		if (k - i > best) {
			best = k - i;
			kind = NUM_HEX;
		}
		if (lsuffix(t, k, n) && k + lsuffix(t, k, n) - i > best) {
			best = k + lsuffix(t, k, n) - i;
			kind = NUM_HEX64;
		}
	}
	*len = best;
	return kind;
}

static bool is_include(const char *t, size_t i, size_t n)
{
	static const char word[] = "@include";

	return n - i >= sizeof(word) - 1 &&
	       memcmp(t + i, word, sizeof(word) - 1) == 0;
}

char *cfgtext_prepare(const char *text, size_t len, struct cfgtext_error *err)
{
	const char *nul = memchr(text, '\0', len);
	size_t i = 0, o = 0;
	int line = 1;
	char *out;

	if (nul) {
		for (const char *p = text; p < nul; p++)
			if (*p == '\n')
				line++;
		seterr(err, line, "the file holds a NUL byte; it must be text");
		return NULL;
	}
	/* At most one "L" per character of text, and a final newline. */
	if (len > (SIZE_MAX - 2) / 2) {
		seterr(err, 0, "the file is too large");
		return NULL;
	}
	out = malloc(2 * len + 2);
	if (!out) {
		seterr(err, 0, "out of memory");
		return NULL;
	}
	/* A byte order mark (an editor's "UTF-8 with BOM") is not text of
	 * the file: left out, as libconfig would read it as a name. */
	if (len >= 3 && (unsigned char)text[0] == 0xef &&
	    (unsigned char)text[1] == 0xbb && (unsigned char)text[2] == 0xbf)
		i = 3;
#define COPY(k) do { \
		size_t n_ = (k); \
		for (size_t c_ = 0; c_ < n_; c_++, i++) { \
			if (text[i] == '\n') \
				line++; \
			out[o++] = text[i]; \
		} \
	} while (0)
	while (i < len) {
		char c = text[i];
		size_t k;

		if (c == '/' && i + 1 < len && text[i + 1] == '*') {
			const char *e = NULL;

			for (k = i + 2; k + 1 < len; k++)
				if (text[k] == '*' && text[k + 1] == '/') {
					e = text + k + 2;
					break;
				}
			COPY(e ? (size_t)(e - (text + i)) : len - i);
		} else if (c == '"') {
			COPY(1);
			while (i < len && text[i] != '"') {
				/* libconfig drops the character "\x00" stands
				 * for: "edge-\x00vm" would be read as
				 * "edge-vm", not as written */
				if (text[i] == '\\' && len - i >= 4 &&
				    (text[i + 1] == 'x' || text[i + 1] == 'X') &&
				    text[i + 2] == '0' && text[i + 3] == '0') {
					free(out);
					seterr(err, line, "a string holds \"\\x00\" "
					       "(a NUL character), which no "
					       "name or value can hold; remove it");
					return NULL;
				}
				COPY(text[i] == '\\' && i + 1 < len ? 2 : 1);
			}
			if (i < len)
				COPY(1);
		} else if (c == '#' || (c == '/' && i + 1 < len &&
					text[i + 1] == '/')) {
			for (k = i; k < len && text[k] != '\n'; k++)
				;
			COPY(k - i);
		} else if (c == '@' && is_include(text, i, len)) {
			free(out);
			seterr(err, line, "\"@include\" is not allowed: edgenet "
			       "reads each file alone; copy the settings it "
			       "names into this file and remove the line");
			return NULL;
		} else if (name_start(c)) {
			for (k = i + 1; k < len && name_char(text[k]); k++)
				;
			COPY(k - i);
		} else {
			enum numtok kind = number(text, i, len, &k);

			if (kind == NUM_NONE)
				k = 1;
			COPY(k);
			if (kind == NUM_INT || kind == NUM_HEX)
				out[o++] = 'L';
		}
	}
#undef COPY
	if (o == 0 || out[o - 1] != '\n')
		out[o++] = '\n';	/* libconfig 1.5 fails on a last comment without one */
	out[o] = '\0';
	return out;
}

/* ---- libconfig's own errors --------------------------------------------- */

const char *cfgtext_hint(const char *msg)
{
	static const struct {
		const char *text, *hint;
	} hints[] = {
		{ "syntax error",
		  "look on this line or the one before for a missing quote, "
		  "'=', ';' or bracket" },
		{ "duplicate setting name",
		  "a key is written twice in the same group; keep one of them" },
		{ "mismatched element type in array",
		  "the values of one [ ] array must all be of one kind (all "
		  "text in double quotes, or all numbers); groups are listed "
		  "in ( ), not [ ]" },
		{ "memory exhausted",
		  "the brackets are nested far too deeply (thousands of { }, "
		  "( ) or [ ] inside each other); edgenet's files nest a few "
		  "levels at most" },
		{ "include",
		  "\"@include\" is not allowed; copy the settings into this "
		  "file" },
	};

	for (size_t i = 0; msg && i < sizeof(hints) / sizeof(hints[0]); i++)
		if (strstr(msg, hints[i].text))
			return hints[i].hint;
	return "the text here is not valid libconfig syntax; compare it "
	       "with an example file";
}

/* ---- reading ------------------------------------------------------------ */

enum cfgtext_status cfgtext_read_text(config_t *cfg, const char *text,
				      size_t len, struct cfgtext_error *err)
{
	char *prepared;
	const char *m;

	config_init(cfg);
	prepared = cfgtext_prepare(text, len, err);
	if (!prepared)
		return CFGTEXT_SYNTAX;
	if (config_read_string(cfg, prepared) == CONFIG_TRUE) {
		free(prepared);
		return CFGTEXT_OK;
	}
	free(prepared);
	m = config_error_text(cfg);
	seterr(err, config_error_line(cfg),
	       "syntax error: libconfig says '%s' here; %s",
	       m ? m : "unreadable text", cfgtext_hint(m));
	return CFGTEXT_SYNTAX;
}

enum cfgtext_status cfgtext_read_file(config_t *cfg, const char *path,
				      size_t max, struct cfgtext_error *err)
{
	enum cfgtext_status st;
	size_t len;
	char *text;

	text = fileio_read_all(path, max, &len, err ? err->msg : NULL,
			       err ? sizeof(err->msg) : 0);
	if (!text) {
		config_init(cfg);
		if (err)
			err->line = 0;
		return CFGTEXT_IO;
	}
	st = cfgtext_read_text(cfg, text, len, err);
	free(text);
	return st;
}

enum cfgtext_int cfgtext_int(const config_setting_t *s, long long *out)
{
	long long v;
	int type;

	if (!s)
		return CFGTEXT_INT_NOT_INT;
	type = config_setting_type(s);
	if (type != CONFIG_TYPE_INT && type != CONFIG_TYPE_INT64)
		return CFGTEXT_INT_NOT_INT;
	if (config_setting_get_format(s) == CONFIG_FORMAT_HEX)
		return CFGTEXT_INT_HEX;
	v = config_setting_get_int64(s);
	/* libconfig saturates what 64 bits cannot hold at these two. */
	if (type == CONFIG_TYPE_INT64 && (v == LLONG_MAX || v == LLONG_MIN))
		return CFGTEXT_INT_HUGE;
	*out = v;
	return CFGTEXT_INT_OK;
}
