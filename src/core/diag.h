/*
 * diag.h - diagnostics: the one way the core reports a problem.
 *
 * A diagnostic carries a severity, the path of the field it is about in
 * the plan (for example "nics[1].ip.gateway"), an optional source line and
 * a sentence a technician can act on: what is wrong and how to fix it.
 * Pure C; touches nothing but memory.
 */
#ifndef EDGENET_DIAG_H
#define EDGENET_DIAG_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

enum diag_severity {
	DIAG_ERROR,
	DIAG_WARNING,
};

#define DIAG_PATH_MAX 96
#define DIAG_SET_MAX 256	/* a --set PATH=VALUE (core/planset.h) */

struct diag {
	enum diag_severity severity;
	char path[DIAG_PATH_MAX];	/* field path, "" for the whole plan */
	int line;			/* source line, 0 when unknown */
	char *message;
	/* A misspelt key's diagnostic also stands for the field the key
	 * most likely meant (and what lies under it): "" when none. */
	char meant[DIAG_PATH_MAX];
	/* The --set PATH=VALUE (core/planset.h) that wrote the field, as
	 * given (escaped when written out): "" when the field comes from
	 * the plan file.  Then the line is 0. */
	char set[DIAG_SET_MAX];
};

struct diag_list {
	struct diag *items;
	size_t count;
	size_t cap;
};

void diag_list_init(struct diag_list *l);
void diag_list_free(struct diag_list *l);
void diag_list_clear(struct diag_list *l);

/* Append a diagnostic; the message is printf-formatted.  The message and
 * the path are stored escaped (textsafe.h: a control, C1 or byte that is
 * not UTF-8 as "\xNN"), so a name echoed in a message (typed, from
 * libvirt, from the guest) cannot drive a terminal.  Returns 0, or -1
 * when memory runs out (the list stays valid). */
int diag_add(struct diag_list *l, enum diag_severity sev, const char *path,
	     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int diag_add_line(struct diag_list *l, enum diag_severity sev,
		  const char *path, int line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

size_t diag_count(const struct diag_list *l, enum diag_severity sev);

/* Marks the last diagnostic of L as standing for field PATH too. */
void diag_set_meant(struct diag_list *l, const char *path);

/* Marks the last diagnostic of L as about a field written by the
 * --set ARG (its line is then 0). */
void diag_set_from(struct diag_list *l, const char *arg);

/* PATH is PARENT or a field under it ("nics[0].ip.gateway" and
 * "nics[0].dns.servers[1]" are under "nics[0]"); false for PARENT "". */
bool diag_path_under(const char *path, const char *parent);

/* Whether A and B say the same: severity, field and message. */
bool diag_same(const struct diag *a, const struct diag *b);

/* First diagnostic whose path equals PATH, or NULL. */
const struct diag *diag_find(const struct diag_list *l, const char *path);
/* First diagnostic whose path equals PATH or lies under it
 * ("nics[0]" matches "nics[0].ip.gateway"), or NULL. */
const struct diag *diag_find_under(const struct diag_list *l, const char *path);

/* Appends to DST each diagnostic of SRC whose field has no error in DST
 * yet: a value the loader already rejected (unknown enum, too long) is
 * not reported a second time as missing, nor is the field a misspelt key
 * meant (an error's "meant", and the fields under it).  Returns 0 or -1
 * (memory). */
int diag_list_append_new(struct diag_list *dst, const struct diag_list *src);

const char *diag_severity_name(enum diag_severity sev);

#endif
