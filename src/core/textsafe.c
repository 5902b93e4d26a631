/*
 * textsafe.c - escaping text from outside so that a terminal shows it
 * and never obeys it (see textsafe.h).  Pure: memory, and the stream
 * textsafe_fputs writes to.
 */
#include <stdlib.h>
#include <string.h>

#include "core/textsafe.h"

/* Length of the valid, printable UTF-8 character at S (N bytes at most),
 * 0 when the first byte has to be escaped. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len;
	unsigned char lo = 0x80, hi = 0xbf;	/* range of the 2nd byte */

	if (c >= 0x20 && c < 0x7f)
		return 1;
	if (c < 0xc2 || c > 0xf4)
		return 0;	/* C0, DEL, stray 80..BF, C0, C1, F5..FF */
	if (c < 0xe0) {
		len = 2;
		if (c == 0xc2)
			lo = 0xa0;	/* U+0080..U+009F are C1 controls */
	} else if (c < 0xf0) {
		len = 3;
		if (c == 0xe0)
			lo = 0xa0;	/* overlong */
		else if (c == 0xed)
			hi = 0x9f;	/* surrogates */
	} else {
		len = 4;
		if (c == 0xf0)
			lo = 0x90;	/* overlong */
		else if (c == 0xf4)
			hi = 0x8f;	/* above U+10FFFF */
	}
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

/* Valid characters that a terminal shows as nothing, or that reorder or
 * break what follows: zero-width spaces and joiners, the bidirectional
 * marks, embeddings, overrides and isolates, the line and paragraph
 * separators, word joiners and invisible operators, the byte order mark
 * and the Arabic letter mark.  "eth\u200b0" must not pass for "eth0". */
static bool invisible(const unsigned char *u, size_t k)
{
	if (k == 2)
		return u[0] == 0xd8 && u[1] == 0x9c;		/* U+061C */
	if (k != 3)
		return false;
	if (u[0] == 0xef)
		return u[1] == 0xbb && u[2] == 0xbf;		/* U+FEFF */
	if (u[0] != 0xe2)
		return false;
	if (u[1] == 0x80)	/* U+200B..U+200F, U+2028..U+202E */
		return (u[2] >= 0x8b && u[2] <= 0x8f) ||
		       (u[2] >= 0xa8 && u[2] <= 0xae);
	if (u[1] == 0x81)	/* U+2060..U+2064, U+2066..U+206F */
		return (u[2] >= 0xa0 && u[2] <= 0xa4) ||
		       (u[2] >= 0xa6 && u[2] <= 0xaf);
	return false;
}

size_t textsafe_unit(const char *s, size_t n, char *out, size_t *outlen)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	size_t k;

	if (n == 0 || !s || !s[0]) {
		*outlen = 0;
		return 0;
	}
	/* a NUL ends S: never read past it */
	k = utf8_len(u, strnlen(s, n < 4 ? n : 4));
	if (k > 0 && invisible(u, k))
		k = 0;	/* escaped byte by byte, as invalid text is */
	if (k > 0) {
		memcpy(out, s, k);
		*outlen = k;
	} else {
		out[0] = '\\';
		out[1] = 'x';
		out[2] = hex[u[0] >> 4];
		out[3] = hex[u[0] & 0xf];
		*outlen = 4;
		k = 1;
	}
	return k;
}

size_t textsafe_n(char *dst, size_t len, const char *s, size_t n)
{
	char out[TEXTSAFE_UNIT_MAX];
	size_t need = 0, at = 0, ol, k;
	bool full = false;

	if (!s)
		s = "";
	while ((k = textsafe_unit(s, n, out, &ol)) > 0) {
		if (!full && dst && at + ol < len) {
			memcpy(dst + at, out, ol);
			at += ol;
		} else {
			full = true;	/* never a later, shorter unit */
		}
		need += ol;
		s += k;
		n -= k;
	}
	if (dst && len)
		dst[at] = '\0';
	return need;
}

size_t textsafe(char *dst, size_t len, const char *s)
{
	return textsafe_n(dst, len, s, (size_t)-1);
}

const char *textsafe_buf(char *buf, size_t len, const char *s)
{
	size_t at;

	if (textsafe(buf, len, s) >= len && len > 4) {
		/* cut at a whole unit, room left for "..." */
		textsafe(buf, len - 3, s);
		at = strlen(buf);
		memcpy(buf + at, "...", 4);
	}
	return buf;
}

char *textsafe_dup(const char *s)
{
	size_t need = textsafe(NULL, 0, s);
	char *d = malloc(need + 1);

	if (d)
		textsafe(d, need + 1, s);
	return d;
}

void textsafe_fputs(const char *s, FILE *f)
{
	char out[TEXTSAFE_UNIT_MAX];
	size_t ol, k;

	if (!s)
		return;
	while ((k = textsafe_unit(s, (size_t)-1, out, &ol)) > 0) {
		fwrite(out, 1, ol, f);
		s += k;
	}
}

int textsafe_cols(const char *s, size_t n)
{
	char out[TEXTSAFE_UNIT_MAX];
	size_t ol, k;
	int cols = 0;

	if (!s)
		return 0;
	while ((k = textsafe_unit(s, n, out, &ol)) > 0) {
		/* a character is one column, an escape one per byte */
		cols += k > 1 && k == ol ? 1 : (int)ol;
		s += k;
		n -= k;
	}
	return cols;
}

bool textsafe_clean(const char *s)
{
	char out[TEXTSAFE_UNIT_MAX];
	size_t ol, k;

	while (s && (k = textsafe_unit(s, (size_t)-1, out, &ol)) > 0) {
		if (k != ol || memcmp(out, s, k) != 0)
			return false;
		s += k;
	}
	return true;
}
