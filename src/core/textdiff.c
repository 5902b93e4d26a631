/*
 * textdiff.c - line diff by longest common subsequence (see textdiff.h).
 * Quadratic in the number of lines, which is fine for libvirt XML (tens
 * to a few hundred lines); past a bound it shows the old text removed and
 * the new one added.  Pure C: memory only.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/sbuf.h"
#include "core/textdiff.h"

#define TEXTDIFF_MAX_CELLS (4u << 20)

struct lines {
	const char **p;		/* start of each line */
	size_t *len;		/* its length without '\n' */
	size_t n;
};

static int split(const char *s, struct lines *l)
{
	size_t cap = 0;

	memset(l, 0, sizeof(*l));
	if (!s)
		return 0;
	while (*s) {
		size_t len = strcspn(s, "\n");

		if (l->n == cap) {
			size_t nc = cap ? cap * 2 : 32;
			const char **np = realloc(l->p, nc * sizeof(*np));
			size_t *nl;

			if (!np)
				return -1;
			l->p = np;
			nl = realloc(l->len, nc * sizeof(*nl));
			if (!nl)
				return -1;
			l->len = nl;
			cap = nc;
		}
		l->p[l->n] = s;
		l->len[l->n] = len;
		l->n++;
		s += len;
		if (*s == '\n')
			s++;
	}
	return 0;
}

static void lines_free(struct lines *l)
{
	free(l->p);
	free(l->len);
}

static int same(const struct lines *a, size_t i, const struct lines *b,
		size_t j)
{
	return a->len[i] == b->len[j] &&
	       memcmp(a->p[i], b->p[j], a->len[i]) == 0;
}

enum op { OP_KEEP = ' ', OP_DEL = '-', OP_ADD = '+' };

struct edit {
	char op;
	size_t idx;	/* line in A (keep, del) or B (add) */
};

/* The edit script of A -> B into *OUT (count in *N). */
static int script(const struct lines *a, const struct lines *b,
		  struct edit **out, size_t *n)
{
	size_t rows = a->n + 1, cols = b->n + 1, i, j, k = 0;
	uint32_t *t = NULL;
	struct edit *e;

	e = malloc((a->n + b->n + 1) * sizeof(*e));
	if (!e)
		return -1;
	if (rows * cols > TEXTDIFF_MAX_CELLS) {
		for (i = 0; i < a->n; i++)
			e[k++] = (struct edit){ OP_DEL, i };
		for (j = 0; j < b->n; j++)
			e[k++] = (struct edit){ OP_ADD, j };
		*out = e;
		*n = k;
		return 0;
	}
	t = calloc(rows * cols, sizeof(*t));
	if (!t) {
		free(e);
		return -1;
	}
	/* t[i][j] = LCS length of a[i..] and b[j..]. */
	for (i = a->n; i-- > 0;)
		for (j = b->n; j-- > 0;)
			t[i * cols + j] = same(a, i, b, j) ?
				t[(i + 1) * cols + j + 1] + 1 :
				(t[(i + 1) * cols + j] > t[i * cols + j + 1] ?
				 t[(i + 1) * cols + j] : t[i * cols + j + 1]);
	i = j = 0;
	while (i < a->n || j < b->n) {
		if (i < a->n && j < b->n && same(a, i, b, j)) {
			e[k++] = (struct edit){ OP_KEEP, i };
			i++;
			j++;
		} else if (j < b->n && (i == a->n ||
			   t[i * cols + j + 1] > t[(i + 1) * cols + j])) {
			e[k++] = (struct edit){ OP_ADD, j++ };
		} else {
			e[k++] = (struct edit){ OP_DEL, i++ };
		}
	}
	free(t);
	*out = e;
	*n = k;
	return 0;
}

char *textdiff_lines(const char *a, const char *b, int context,
		     const char *prefix)
{
	struct lines la = { 0 }, lb = { 0 };
	struct edit *e = NULL;
	struct sbuf out;
	size_t n = 0, i, changes = 0;
	char *show = NULL;
	int skipped = 0;

	sbuf_init(&out);
	if (split(a, &la) < 0 || split(b, &lb) < 0 ||
	    script(&la, &lb, &e, &n) < 0)
		goto fail;
	show = calloc(n + 1, 1);
	if (!show)
		goto fail;
	for (i = 0; i < n; i++) {
		size_t lo, hi, k;

		if (e[i].op == OP_KEEP)
			continue;
		changes++;
		lo = context < 0 || i < (size_t)context ? 0 : i - (size_t)context;
		hi = context < 0 ? n : i + (size_t)context + 1;
		for (k = lo; k < hi && k < n; k++)
			show[k] = 1;
	}
	if (context < 0)
		memset(show, 1, n);
	for (i = 0; i < n && changes; i++) {
		const struct lines *l = e[i].op == OP_ADD ? &lb : &la;

		if (!show[i]) {
			if (!skipped)
				sbuf_addf(&out, "%s  ...\n", prefix ? prefix : "");
			skipped = 1;
			continue;
		}
		skipped = 0;
		sbuf_addf(&out, "%s%c ", prefix ? prefix : "", e[i].op);
		/* a line of libvirt's XML or of a guest file: escaped */
		sbuf_add_safen(&out, l->p[e[i].idx], l->len[e[i].idx]);
		sbuf_add(&out, "\n");
	}
	free(show);
	free(e);
	lines_free(&la);
	lines_free(&lb);
	return sbuf_done(&out);
fail:
	free(show);
	free(e);
	lines_free(&la);
	lines_free(&lb);
	sbuf_free(&out);
	return NULL;
}
