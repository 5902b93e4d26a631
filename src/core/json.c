/*
 * json.c - writing JSON strings for edgenet's machine-readable output.
 *
 * Strings are escaped as RFC 8259 requires: quotation mark, backslash
 * and every control character below 0x20 (the usual ones as \n, \t ...,
 * the rest as \u00XX).  Bytes of 0x80 and above are written unchanged,
 * so UTF-8 text stays UTF-8.  A NULL string is written as null.
 */
#include <stdio.h>

#include "core/json.h"

void json_write_string(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	putc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
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
			if (*p < 0x20)
				fprintf(f, "\\u%04x", (unsigned)*p);
			else
				putc(*p, f);
		}
	}
	putc('"', f);
}
