/*
 * diag.c - the list of diagnostics the core fills in.
 *
 * A diag_list is a growing array of diagnostics, each with its own
 * malloc'd message.  Adding never loses what is already in the list: when
 * memory runs out the new entry is dropped and -1 returned.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

#include "diag.h"
#include "textsafe.h"
#include "core/str.h"

void diag_list_init(struct diag_list *l)
{
	l->items = NULL;
	l->count = 0;
	l->cap = 0;
}

void diag_list_clear(struct diag_list *l)
{
	for (size_t i = 0; i < l->count; i++)
		free(l->items[i].message);
	l->count = 0;
}

void diag_list_free(struct diag_list *l)
{
	diag_list_clear(l);
	free(l->items);
	diag_list_init(l);
}

static int diag_vadd(struct diag_list *l, enum diag_severity sev,
		     const char *path, int line, const char *fmt, va_list ap)
{
	struct diag *d;
	va_list ap2;
	char *msg;
	int n;

	if (l->count == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 8;
		struct diag *ni = realloc(l->items, ncap * sizeof(*ni));

		if (!ni)
			return -1;
		l->items = ni;
		l->cap = ncap;
	}
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return -1;
	msg = malloc((size_t)n + 1);
	if (!msg)
		return -1;
	vsnprintf(msg, (size_t)n + 1, fmt, ap);
	/* a message quotes plan values, names from libvirt and words from
	 * the guest: it is display text, escaped once here (textsafe) so no
	 * consumer can show a control byte by forgetting to */
	if (!textsafe_clean(msg)) {
		char *safe = textsafe_dup(msg);

		free(msg);
		if (!safe)
			return -1;
		msg = safe;
	}
	d = &l->items[l->count++];
	d->severity = sev;
	textsafe_buf(d->path, sizeof(d->path), path ? path : "");
	d->line = line;
	d->message = msg;
	d->meant[0] = '\0';
	d->set[0] = '\0';
	return 0;
}

void diag_set_meant(struct diag_list *l, const char *path)
{
	if (l->count)
		str_copy(l->items[l->count - 1].meant,
			 sizeof(l->items[0].meant), path ? path : "");
}

void diag_set_from(struct diag_list *l, const char *arg)
{
	if (l->count) {
		struct diag *x = &l->items[l->count - 1];

		/* outside text: escaped once, as the path and message are */
		textsafe_buf(x->set, sizeof(x->set), arg ? arg : "");
		x->line = 0;
	}
}

bool diag_path_under(const char *path, const char *parent)
{
	size_t n = strlen(parent);

	return n && strncmp(path, parent, n) == 0 &&
	       (path[n] == '\0' || path[n] == '.' || path[n] == '[');
}

int diag_add(struct diag_list *l, enum diag_severity sev, const char *path,
	     const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = diag_vadd(l, sev, path, 0, fmt, ap);
	va_end(ap);
	return r;
}

int diag_add_line(struct diag_list *l, enum diag_severity sev,
		  const char *path, int line, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = diag_vadd(l, sev, path, line, fmt, ap);
	va_end(ap);
	return r;
}

size_t diag_count(const struct diag_list *l, enum diag_severity sev)
{
	size_t n = 0;

	for (size_t i = 0; i < l->count; i++)
		if (l->items[i].severity == sev)
			n++;
	return n;
}

bool diag_same(const struct diag *a, const struct diag *b)
{
	return a->severity == b->severity && !strcmp(a->path, b->path) &&
	       !strcmp(a->message, b->message);
}

const struct diag *diag_find(const struct diag_list *l, const char *path)
{
	for (size_t i = 0; i < l->count; i++)
		if (strcmp(l->items[i].path, path) == 0)
			return &l->items[i];
	return NULL;
}

const struct diag *diag_find_under(const struct diag_list *l, const char *path)
{
	size_t n = strlen(path);

	for (size_t i = 0; i < l->count; i++) {
		const char *p = l->items[i].path;

		if (strncmp(p, path, n) != 0)
			continue;
		if (p[n] == '\0' || p[n] == '.' || p[n] == '[')
			return &l->items[i];
	}
	return NULL;
}

int diag_list_append_new(struct diag_list *dst, const struct diag_list *src)
{
	size_t i, j, known = dst->count;
	bool taken;

	for (i = 0; i < src->count; i++) {
		const struct diag *x = &src->items[i];

		taken = false;
		for (j = 0; j < known && !taken; j++)
			taken = dst->items[j].severity == DIAG_ERROR &&
				(strcmp(dst->items[j].path, x->path) == 0 ||
				 diag_path_under(x->path, dst->items[j].meant));
		if (taken)
			continue;
		if (diag_add_line(dst, x->severity, x->path, x->line, "%s",
				  x->message) != 0)
			return -1;
	}
	return 0;
}

const char *diag_severity_name(enum diag_severity sev)
{
	switch (sev) {
	case DIAG_ERROR:
		return "error";
	case DIAG_WARNING:
		return "warning";
	}
	return "unknown";
}
