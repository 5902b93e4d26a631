/*
 * str.h - the one way to copy a C string into a fixed-size buffer: cut
 * to fit (str_copy), or whole or not at all (str_copy_whole, for values
 * that must not be shortened); and the one way to format a path into a
 * fixed-size buffer (str_path: whole or an error, never a cut path that
 * would open, write or remove another file).  Pure C: no I/O, no
 * allocation.
 */
#ifndef EDGENET_STR_H
#define EDGENET_STR_H

#include <stdbool.h>
#include <stddef.h>

/* Copies SRC (NULL: "") into DST of LEN bytes, cut to LEN - 1 bytes
 * when longer; DST is always terminated when LEN > 0.  True when all of
 * SRC fit, false when it was cut (or LEN is 0). */
bool str_copy(char *dst, size_t len, const char *src);

/* Copies SRC (NULL: "") whole into DST of LEN bytes: 0, or -1 when it
 * does not fit (LEN - 1 bytes at most), DST untouched then. */
int str_copy_whole(char *dst, size_t len, const char *src);
/* The same for the N bytes at SRC (a part of a longer text, with no NUL
 * among them): DST gets them and a terminating NUL. */
int str_copy_span(char *dst, size_t len, const char *src, size_t n);

/* Formats a path into BUF of LEN bytes: 0, or -1 when it does not fit
 * (BUF then holds the cut text, never to be used as a path) with ERR
 * (may be NULL) saying "the path '<its start>...' is too long". */
int str_path(char *buf, size_t len, char *err, size_t errlen,
	     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
