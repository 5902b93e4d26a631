/*
 * planfile_lines.c - where each field of a plan file was written: the
 * loader (planfile.c) records a field's path and line as it reads it,
 * and a diagnostic without a line gets the line of its field, or of the
 * nearest enclosing one (planfile.h: plan_lines_*); one about a field
 * a --set wrote (core/planset.h) names that --set instead.  Memory only.
 */
#include <stdlib.h>
#include <string.h>

#include "planfile.h"
#include "planfile_priv.h"
#include "str.h"
#include "textsafe.h"

void plan_lines_init(struct plan_lines *l)
{
	l->items = NULL;
	l->count = 0;
	l->cap = 0;
	l->sets = NULL;
	l->nsets = 0;
	l->setcap = 0;
}

void plan_lines_free(struct plan_lines *l)
{
	free(l->items);
	free(l->sets);
	plan_lines_init(l);
}

void plan_lines_add_set(struct plan_lines *l, const char *path,
			const char *arg)
{
	struct plan_set_mark *m;

	if (!l)
		return;
	if (l->nsets == l->setcap) {
		size_t ncap = l->setcap ? l->setcap * 2 : 8;
		struct plan_set_mark *n = realloc(l->sets, ncap * sizeof(*n));

		if (!n)
			return;		/* a help, not a must */
		l->sets = n;
		l->setcap = ncap;
	}
	m = &l->sets[l->nsets++];
	str_copy(m->path, sizeof(m->path), path);
	str_copy(m->arg, sizeof(m->arg), arg);
}

/* The last --set that wrote PATH or a field above it, or NULL. */
static const char *lines_set(const struct plan_lines *l, const char *path)
{
	for (size_t i = l->nsets; i-- > 0;)
		if (diag_path_under(path, l->sets[i].path))
			return l->sets[i].arg;
	return NULL;
}

void plan_lines_add(struct plan_lines *l, const char *path, int line)
{
	struct plan_line *it;

	if (!l)
		return;
	if (l->count == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 32;
		struct plan_line *n = realloc(l->items, ncap * sizeof(*n));

		if (!n)
			return;		/* lines are a help, not a must */
		l->items = n;
		l->cap = ncap;
	}
	it = &l->items[l->count++];
	str_copy(it->path, sizeof(it->path), path);
	it->line = line;
}

static int lines_exact(const struct plan_lines *l, const char *path)
{
	for (size_t i = 0; i < l->count; i++)
		if (strcmp(l->items[i].path, path) == 0)
			return l->items[i].line;
	return 0;
}

int plan_lines_lookup(const struct plan_lines *l, const char *path)
{
	char buf[DIAG_PATH_MAX];

	if (!l || !path)
		return 0;
	str_copy(buf, sizeof(buf), path);
	for (;;) {
		int line = lines_exact(l, buf);
		char *dot, *br, *cut;

		if (line > 0)
			return line;
		dot = strrchr(buf, '.');
		br = strrchr(buf, '[');
		cut = dot > br ? dot : br;
		if (!cut)
			return 0;
		*cut = '\0';
	}
}

void plan_lines_annotate(const struct plan_lines *l, struct diag_list *d)
{
	for (size_t i = 0; l && i < d->count; i++) {
		struct diag *x = &d->items[i];
		const char *arg = x->set[0] ? NULL : lines_set(l, x->path);

		if (arg) {
			textsafe_buf(x->set, sizeof(x->set), arg);
			x->line = 0;
		} else if (x->line <= 0 && !x->set[0])
			x->line = plan_lines_lookup(l, x->path);
	}
}
