/*
 * planfile_priv.h - what the parts of the plan file reader share, and
 * nothing outside them uses: the table of where each field was written
 * (planfile_lines.c) and the names suggested for a misspelt key or value
 * (planfile_suggest.c), both filled or asked by the loader (planfile.c).
 * Pure: memory only.
 */
#ifndef EDGENET_PLANFILE_PRIV_H
#define EDGENET_PLANFILE_PRIV_H

#include <stddef.h>

#include "planfile.h"

/* Records that PATH was written at LINE; a failed allocation loses the
 * line only (lines are a help, not a must).  L may be NULL. */
void plan_lines_add(struct plan_lines *l, const char *path, int line);

/* Nearest of the N names (NULL ones skipped) to S within MAXD edits,
 * letter case ignored, or NULL. */
const char *planfile_nearest(const char *s, const char *const *names,
			     size_t n, size_t maxd);

/* "a, b or c" (LAST is " or " or " and ") into BUF of LEN, cut at a
 * whole name; returns BUF. */
const char *planfile_join_names(const char *const *names, size_t n,
				const char *last, char *buf, size_t len);

#endif
