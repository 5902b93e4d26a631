/*
 * sbuf.c - a growing string buffer (see sbuf.h).  Pure C: memory only.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sbuf.h"
#include "core/textsafe.h"
#include "core/xmldoc.h"

void sbuf_init(struct sbuf *b)
{
	memset(b, 0, sizeof(*b));
}

void sbuf_free(struct sbuf *b)
{
	free(b->s);
	sbuf_init(b);
}

static bool grow(struct sbuf *b, size_t more)
{
	size_t cap;
	char *n;

	if (b->failed)
		return false;
	if (b->len + more + 1 <= b->cap)
		return true;
	cap = b->cap ? b->cap : 256;
	while (cap < b->len + more + 1)
		cap *= 2;
	n = realloc(b->s, cap);
	if (!n) {
		b->failed = true;
		return false;
	}
	b->s = n;
	b->cap = cap;
	return true;
}

void sbuf_addn(struct sbuf *b, const char *s, size_t n)
{
	if (!grow(b, n))
		return;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void sbuf_add(struct sbuf *b, const char *s)
{
	sbuf_addn(b, s, strlen(s));
}

void sbuf_addf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = true;
		return;
	}
	if (!grow(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void sbuf_add_xml(struct sbuf *b, const char *s)
{
	size_t need = xml_escape(s, NULL, 0);

	if (!grow(b, need))
		return;
	xml_escape(s, b->s + b->len, need + 1);
	b->len += need;
}

void sbuf_add_safen(struct sbuf *b, const char *s, size_t n)
{
	size_t need = textsafe_n(NULL, 0, s, n);

	if (!grow(b, need))
		return;
	textsafe_n(b->s + b->len, need + 1, s, n);
	b->len += need;
}

void sbuf_add_safe(struct sbuf *b, const char *s)
{
	sbuf_add_safen(b, s, (size_t)-1);
}

char *sbuf_done(struct sbuf *b)
{
	char *s;

	if (b->failed) {
		sbuf_free(b);
		return NULL;
	}
	if (!b->s) {
		if (!grow(b, 0))
			return NULL;
		b->s[0] = '\0';
	}
	s = b->s;
	sbuf_init(b);
	return s;
}
