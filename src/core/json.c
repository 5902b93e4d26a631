/*
 * json.c - the JSON writer of json.h: nesting and separators tracked
 * here, strings escaped here.  Writes to the FILE it is given only.
 *
 * The output is always valid UTF-8 and valid JSON, whatever S holds
 * (text from outside included): quotation mark and backslash are
 * escaped, every C0 control, DEL and every C1 control (U+0080..U+009F)
 * as \u00XX (the usual ones as \n, \t ...), and each byte that is not
 * part of valid UTF-8 as the text "\xNN" (written \\xNN), the same form
 * the text output shows (textsafe.h).  Valid printable UTF-8 is written
 * unchanged.  A NULL string is written as null.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/json.h"
#include "core/textsafe.h"

static void json_control(FILE *f, unsigned cp)
{
	switch (cp) {
	case '\b':
		fputs("\\b", f);
		break;
	case '\f':
		fputs("\\f", f);
		break;
	case '\n':
		fputs("\\n", f);
		break;
	case '\r':
		fputs("\\r", f);
		break;
	case '\t':
		fputs("\\t", f);
		break;
	default:
		fprintf(f, "\\u%04x", cp);
	}
}

/* S as one JSON string (NULL: null), escaped as said above. */
static void json_write_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char out[TEXTSAFE_UNIT_MAX];
	size_t ol, k;

	if (!s) {
		fputs("null", f);
		return;
	}
	putc('"', f);
	while (*p) {
		if (*p < 0x20 || *p == 0x7f) {
			json_control(f, *p);
			p++;
			continue;
		}
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			json_control(f, p[1]);	/* C1: U+0080..U+009F */
			p += 2;
			continue;
		}
		if (*p == '"') {
			fputs("\\\"", f);
			p++;
			continue;
		}
		if (*p == '\\') {
			fputs("\\\\", f);
			p++;
			continue;
		}
		k = textsafe_unit((const char *)p, (size_t)-1, out, &ol);
		if (k == 1 && ol == 4)
			fprintf(f, "\\\\x%02x", *p);	/* not UTF-8 */
		else
			fwrite(p, 1, k, f);
		p += k;
	}
	putc('"', f);
}

void json_init(struct json_writer *w, FILE *f, const char *comma,
	       const char *colon)
{
	memset(w, 0, sizeof(*w));
	w->f = f;
	w->comma = comma ? comma : ",";
	w->colon = colon ? colon : ":";
}

void json_break(struct json_writer *w, const char *text)
{
	w->brk = text;
}

/* Before a member, an element or a value: the separator it needs. */
static void json_item(struct json_writer *w)
{
	bool *has = &w->has_item[w->depth];

	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (*has)
		fputs(w->brk ? "," : w->comma, w->f);
	if (w->brk)
		fputs(w->brk, w->f);
	w->brk = NULL;
	*has = true;
}

static void json_open(struct json_writer *w, int c)
{
	json_item(w);
	putc(c, w->f);
	if (w->depth < JSON_DEPTH_MAX - 1)
		w->depth++;
	w->has_item[w->depth] = false;
}

static void json_close(struct json_writer *w, int c)
{
	if (w->brk && w->has_item[w->depth])
		fputs(w->brk, w->f);
	w->brk = NULL;
	putc(c, w->f);
	if (w->depth > 0)
		w->depth--;
}

void json_object_begin(struct json_writer *w)
{
	json_open(w, '{');
}

void json_object_end(struct json_writer *w)
{
	json_close(w, '}');
}

void json_array_begin(struct json_writer *w)
{
	json_open(w, '[');
}

void json_array_end(struct json_writer *w)
{
	json_close(w, ']');
}

void json_key(struct json_writer *w, const char *key)
{
	json_item(w);
	json_write_string(w->f, key);
	fputs(w->colon, w->f);
	w->after_key = true;
}

void json_string(struct json_writer *w, const char *s)
{
	json_item(w);
	json_write_string(w->f, s);
}

void json_string_opt(struct json_writer *w, const char *s)
{
	json_string(w, s && s[0] ? s : NULL);
}

void json_int(struct json_writer *w, long long v)
{
	json_item(w);
	fprintf(w->f, "%lld", v);
}

void json_bool(struct json_writer *w, bool v)
{
	json_item(w);
	fputs(v ? "true" : "false", w->f);
}

void json_null(struct json_writer *w)
{
	json_item(w);
	fputs("null", w->f);
}

void json_member_string(struct json_writer *w, const char *key,
			const char *s)
{
	json_key(w, key);
	json_string(w, s);
}

void json_member_string_opt(struct json_writer *w, const char *key,
			    const char *s)
{
	json_key(w, key);
	json_string_opt(w, s);
}

void json_member_int(struct json_writer *w, const char *key, long long v)
{
	json_key(w, key);
	json_int(w, v);
}

void json_member_bool(struct json_writer *w, const char *key, bool v)
{
	json_key(w, key);
	json_bool(w, v);
}

void json_member_null(struct json_writer *w, const char *key)
{
	json_key(w, key);
	json_null(w);
}

FILE *json_raw_value(struct json_writer *w)
{
	json_item(w);
	return w->f;
}

void json_finish(struct json_writer *w)
{
	putc('\n', w->f);
}
