/*
 * sbuf.h - a growing string buffer for the apply code (XML, journal,
 * diffs).  A failed allocation sticks: every later append is a no-op and
 * sbuf_done returns NULL, so callers check once at the end.  Pure C.
 */
#ifndef EDGENET_SBUF_H
#define EDGENET_SBUF_H

#include <stdbool.h>
#include <stddef.h>

struct sbuf {
	char *s;
	size_t len, cap;
	bool failed;
};

void sbuf_init(struct sbuf *b);
void sbuf_free(struct sbuf *b);
void sbuf_add(struct sbuf *b, const char *s);
void sbuf_addn(struct sbuf *b, const char *s, size_t n);
void sbuf_addf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Appends S escaped for XML (xml_escape). */
void sbuf_add_xml(struct sbuf *b, const char *s);
/* Appends S from outside escaped for a terminal (textsafe). */
void sbuf_add_safe(struct sbuf *b, const char *s);
/* The same for the first N bytes of S (or up to its NUL). */
void sbuf_add_safen(struct sbuf *b, const char *s, size_t n);
/* Hands the string over (caller frees); NULL when an allocation failed,
 * and then the buffer is freed. */
char *sbuf_done(struct sbuf *b);

#endif
