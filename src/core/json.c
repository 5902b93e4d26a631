/*
 * json.c - writing JSON strings for edgenet's machine-readable output.
 *
 * The output is always valid UTF-8 and valid JSON, whatever S holds
 * (text from outside included): quotation mark and backslash are
 * escaped, every C0 control, DEL and every C1 control (U+0080..U+009F)
 * as \u00XX (the usual ones as \n, \t ...), and each byte that is not
 * part of valid UTF-8 as the text "\xNN" (written \\xNN), the same form
 * the text output shows (textsafe.h).  Valid printable UTF-8 is written
 * unchanged.  A NULL string is written as null.
 */
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

void json_write_string(FILE *f, const char *s)
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
