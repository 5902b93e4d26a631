/*
 * str.h - the one way to copy a C string into a fixed-size buffer.
 * Pure C: no I/O, no allocation.
 */
#ifndef EDGENET_STR_H
#define EDGENET_STR_H

#include <stdbool.h>
#include <stddef.h>

/* Copies SRC (NULL: "") into DST of LEN bytes, cut to LEN - 1 bytes
 * when longer; DST is always terminated when LEN > 0.  True when all of
 * SRC fit, false when it was cut (or LEN is 0). */
bool str_copy(char *dst, size_t len, const char *src);

#endif
