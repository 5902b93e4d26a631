/*
 * str.h - the one way to copy a C string into a fixed-size buffer: cut
 * to fit (str_copy), or whole or not at all (str_copy_whole, for values
 * that must not be shortened).  Pure C: no I/O, no allocation.
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

#endif
