/*
 * apply_dry.c - stand-in MACs for a dry run, and the rewriting of the
 * planned steps' texts so that a stand-in is shown as a MAC generated at
 * apply (see apply_dry.h).  Pure C: strings only.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply_dry.h"
#include "str.h"

/* Case-insensitive: does NEEDLE occur in HAY? */
static bool contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; hay && *hay; hay++) {
		size_t i = 0;

		while (i < n && hay[i] &&
		       tolower((unsigned char)hay[i]) ==
		       tolower((unsigned char)needle[i]))
			i++;
		if (i == n)
			return true;
	}
	return false;
}

static bool seen_on_host(const struct apply_snapshot *snap, const char *m)
{
	size_t i;

	if (!snap)
		return false;
	if (contains(snap->dom_xml, m))
		return true;
	for (i = 0; i < snap->nnets; i++)
		if (contains(snap->nets[i].xml, m))
			return true;
	for (i = 0; i < snap->guest_files.n; i++)
		if (contains(snap->guest_files.f[i].text, m))
			return true;
	return false;
}

static bool taken(const struct plan *p, const bool *known,
		  const struct mac *macs, size_t upto, const struct mac *m)
{
	for (size_t i = 0; i < p->nnics && i < PLAN_MAX_NICS; i++)
		if ((known[i] || i < upto) && mac_equal(&macs[i], m))
			return true;
	return false;
}

void apply_dry_standins(const struct plan *p, const bool *known,
			struct mac *macs, const struct apply_snapshot *snap)
{
	/* 02:ed:... is locally administered and unicast: never one that
	 * mac_generate (52:54:00) hands out. */
	unsigned long next = 1;

	for (size_t i = 0; i < p->nnics && i < PLAN_MAX_NICS; i++) {
		struct mac m;
		char buf[MAC_STRLEN];

		if (known[i])
			continue;
		do {
			m.b[0] = 0x02;
			m.b[1] = 0xed;
			m.b[2] = (unsigned char)(next >> 24);
			m.b[3] = (unsigned char)(next >> 16);
			m.b[4] = (unsigned char)(next >> 8);
			m.b[5] = (unsigned char)next;
			next++;
			mac_format(&m, buf);
		} while (taken(p, known, macs, i, &m) ||
			 seen_on_host(snap, buf));
		macs[i] = m;
	}
}

/* S with every FROM replaced by TO, malloc'd; NULL when memory runs
 * out.  S NULL gives NULL with *OK true. */
static char *replaced(const char *s, const char *from, const char *to,
		      bool *ok)
{
	size_t nf = strlen(from), nt = strlen(to), count = 0, len;
	const char *q;
	char *out, *w;

	*ok = true;
	if (!s)
		return NULL;
	for (q = strstr(s, from); q; q = strstr(q + nf, from))
		count++;
	len = strlen(s) + count * nt + 1;
	out = malloc(len);
	if (!out) {
		*ok = false;
		return NULL;
	}
	w = out;
	while ((q = strstr(s, from))) {
		memcpy(w, s, (size_t)(q - s));
		w += q - s;
		memcpy(w, to, nt);
		w += nt;
		s = q + nf;
	}
	strcpy(w, s);
	return out;
}

/* Replaces in a malloc'd string *SP. */
static int swap_heap(char **sp, const char *from, const char *to)
{
	bool ok;
	char *n;

	if (!*sp || !strstr(*sp, from))
		return 0;
	n = replaced(*sp, from, to, &ok);
	if (!ok)
		return -1;
	free(*sp);
	*sp = n;
	return 0;
}

/* Replaces in a fixed array BUF of LEN bytes (cut at LEN - 1). */
static int swap_fixed(char *buf, size_t len, const char *from,
		      const char *to)
{
	bool ok;
	char *n;

	if (!strstr(buf, from))
		return 0;
	n = replaced(buf, from, to, &ok);
	if (!ok)
		return -1;
	str_copy(buf, len, n);
	free(n);
	return 0;
}

static int swap_gfiles(struct apply_gfiles *g, const char *from,
		       const char *to)
{
	for (size_t i = 0; i < g->n; i++)
		if (swap_heap(&g->f[i].text, from, to) < 0)
			return -1;
	return 0;
}

static int swap_step(struct apply_step *x, const char *from, const char *to)
{
	if (swap_fixed(x->text, sizeof(x->text), from, to) < 0 ||
	    swap_fixed(x->undo_text, sizeof(x->undo_text), from, to) < 0 ||
	    swap_fixed(x->seed_after, sizeof(x->seed_after), from, to) < 0 ||
	    swap_heap(&x->before, from, to) < 0 ||
	    swap_heap(&x->after, from, to) < 0 ||
	    swap_heap(&x->iface_before, from, to) < 0 ||
	    swap_heap(&x->iface_after, from, to) < 0 ||
	    swap_gfiles(&x->files_before, from, to) < 0 ||
	    swap_gfiles(&x->files_after, from, to) < 0)
		return -1;
	return 0;
}

static int swap_all(struct apply_steps *s, const char *from, const char *to)
{
	for (size_t i = 0; i < s->count; i++)
		if (swap_step(&s->items[i], from, to) < 0)
			return -1;
	return 0;
}

int apply_dry_mark(struct apply_steps *steps, const struct plan *p,
		   const bool *known, const struct mac *macs)
{
	char seed[APPLY_PATH_MAX];
	int n = 0;
	size_t i;

	/* The new seed's file name first: it is made from the contents,
	 * stand-ins included. */
	seed[0] = '\0';
	for (i = 0; i < steps->count; i++) {
		const struct apply_step *x = &steps->items[i];
		const char *base;

		if (x->kind != APPLY_GUEST_SEED || !x->seed_after[0])
			continue;
		base = strrchr(x->seed_after, '/');
		str_copy(seed, sizeof(seed), base ? base + 1 : x->seed_after);
	}
	for (i = 0; i < p->nnics && i < PLAN_MAX_NICS; i++) {
		char from[MAC_STRLEN], to[PLAN_NAME_MAX + 64];

		if (known[i])
			continue;
		mac_format(&macs[i], from);
		snprintf(to, sizeof(to), "[new MAC of %s, " APPLY_DRY_MAC_WORDS
			 "]", p->nics[i].name);
		if (swap_all(steps, from, to) < 0)
			return -1;
		n++;
	}
	if (n && seed[0] && swap_all(steps, seed, APPLY_DRY_SEED_WORDS) < 0)
		return -1;
	return n;
}
