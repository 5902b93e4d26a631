/*
 * routes.c - the route and address snapshot model and its identity index
 * (see routes.h); the snapshot's addresses and links are routes_links.c.
 * Names of kernel values are in route_names.c, the view
 * the panels show in route_view.c, the guest's /proc/net/route parser in
 * proc_route.c.
 *
 * Routes live in one array of compact slots; whatever an IPv4 route with
 * one nexthop does not need (IPv6 addresses, a source prefix, a gateway
 * of another family, a nexthop id, multipath nexthops) goes to an
 * extension slot, recycled through a free list.  An identity index
 * (chained hash over slot numbers) is built the first time a route is
 * looked up, so that a dump that is only shown once never pays for it,
 * and kept current afterwards.  Removing a route moves the last slot into
 * its place.  Pure C: touches nothing but memory.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "routes.h"

struct route_ext {
	uint8_t dst[16], src[16], gw[16], prefsrc[16];
	uint32_t nhid;
	uint32_t next_free;		/* 1-based, while free */
	struct route_nh *nh;
};

#define SLOT_PREFSRC 0x01

/* ------------------------------------------------------------------ */
/* life cycle                                                          */

void route_snapshot_init(struct route_snapshot *s)
{
	memset(s, 0, sizeof(*s));
}

static void index_drop(struct route_snapshot *s)
{
	free(s->hbucket);
	free(s->hnext);
	s->hbucket = NULL;
	s->hnext = NULL;
	s->hsize = 0;
}

void route_snapshot_clear(struct route_snapshot *s)
{
	for (size_t i = 0; i < s->next; i++) {
		free(s->ext[i].nh);
		s->ext[i].nh = NULL;
	}
	s->next = 0;
	s->ext_free = 0;
	s->nroutes = 0;
	s->naddrs = 0;
	s->nlinks = 0;
	index_drop(s);
}

void route_snapshot_free(struct route_snapshot *s)
{
	route_snapshot_clear(s);
	free(s->routes);
	free(s->ext);
	free(s->addrs);
	free(s->links);
	route_snapshot_init(s);
}

void route_snapshot_touch(struct route_snapshot *s, int64_t now_ms)
{
	s->generation++;
	s->taken_ms = now_ms;
}

/* ------------------------------------------------------------------ */
/* slots                                                               */

unsigned route_addr_len(uint8_t family)
{
	return family == ROUTE_AF_INET ? 4 : 16;
}

static bool needs_ext(const struct route_info *r)
{
	return r->family != ROUTE_AF_INET ||
	       (r->gw_family && r->gw_family != ROUTE_AF_INET) ||
	       r->nhid || r->nh_count || r->src_len;
}

static long ext_alloc(struct route_snapshot *s)
{
	size_t i;

	if (s->ext_free) {
		i = s->ext_free - 1;
		s->ext_free = s->ext[i].next_free;
	} else {
		if (s->next == s->extcap) {
			size_t ncap = s->extcap ? s->extcap * 2 : 16;
			struct route_ext *ne = realloc(s->ext, ncap * sizeof(*ne));

			if (!ne)
				return -1;
			s->ext = ne;
			s->extcap = ncap;
		}
		i = s->next++;
	}
	memset(&s->ext[i], 0, sizeof(s->ext[i]));
	return (long)i;
}

static void ext_release(struct route_snapshot *s, uint32_t ext)
{
	struct route_ext *e;

	if (!ext)
		return;
	e = &s->ext[ext - 1];
	free(e->nh);
	e->nh = NULL;
	e->next_free = s->ext_free;
	s->ext_free = ext;
}

/* Encodes R into SLOT (whose old extension, if any, is released). */
static int slot_fill(struct route_snapshot *s, struct route_slot *slot,
		     const struct route_info *r)
{
	struct route_slot n;

	memset(&n, 0, sizeof(n));
	n.family = r->family;
	n.dst_len = r->dst_len;
	n.src_len = r->src_len;
	n.tos = r->tos;
	n.protocol = r->protocol;
	n.scope = r->scope;
	n.type = r->type;
	n.pref = r->pref;
	n.gw_family = r->gw_family;
	n.bits = r->has_prefsrc ? SLOT_PREFSRC : 0;
	n.nh_count = r->nh_count;
	n.table = r->table;
	n.metric = r->metric;
	n.flags = r->flags;
	n.oif = r->oif;
	if (needs_ext(r)) {
		long e = ext_alloc(s);
		struct route_ext *x;

		if (e < 0)
			return -1;
		x = &s->ext[e];
		memcpy(x->dst, r->dst, 16);
		memcpy(x->src, r->src, 16);
		memcpy(x->gw, r->gw, 16);
		memcpy(x->prefsrc, r->prefsrc, 16);
		x->nhid = r->nhid;
		if (r->nh_count) {
			x->nh = malloc(r->nh_count * sizeof(*x->nh));
			if (!x->nh) {
				ext_release(s, (uint32_t)e + 1);
				return -1;
			}
			memcpy(x->nh, r->nh, r->nh_count * sizeof(*x->nh));
		}
		n.ext = (uint32_t)e + 1;
	} else {
		memcpy(n.dst4, r->dst, 4);
		memcpy(n.gw4, r->gw, 4);
		memcpy(n.prefsrc4, r->prefsrc, 4);
	}
	ext_release(s, slot->ext);
	*slot = n;
	return 0;
}

static void slot_get(const struct route_snapshot *s,
		     const struct route_slot *slot, struct route_info *r)
{
	memset(r, 0, sizeof(*r));
	r->family = slot->family;
	r->dst_len = slot->dst_len;
	r->src_len = slot->src_len;
	r->tos = slot->tos;
	r->protocol = slot->protocol;
	r->scope = slot->scope;
	r->type = slot->type;
	r->pref = slot->pref;
	r->gw_family = slot->gw_family;
	r->has_prefsrc = slot->bits & SLOT_PREFSRC;
	r->nh_count = slot->nh_count;
	r->table = slot->table;
	r->metric = slot->metric;
	r->flags = slot->flags;
	r->oif = slot->oif;
	if (slot->ext) {
		const struct route_ext *x = &s->ext[slot->ext - 1];

		memcpy(r->dst, x->dst, 16);
		memcpy(r->src, x->src, 16);
		memcpy(r->gw, x->gw, 16);
		memcpy(r->prefsrc, x->prefsrc, 16);
		r->nhid = x->nhid;
		r->nh = x->nh;
	} else {
		memcpy(r->dst, slot->dst4, 4);
		memcpy(r->gw, slot->gw4, 4);
		memcpy(r->prefsrc, slot->prefsrc4, 4);
	}
}

void route_snapshot_get(const struct route_snapshot *s, size_t i,
			struct route_info *out)
{
	slot_get(s, &s->routes[i], out);
}

const uint8_t *route_snapshot_dst(const struct route_snapshot *s, size_t i)
{
	const struct route_slot *slot = &s->routes[i];

	return slot->ext ? s->ext[slot->ext - 1].dst : slot->dst4;
}

/* ------------------------------------------------------------------ */
/* identity                                                            */

static uint32_t fnv(uint32_t h, const void *data, size_t len)
{
	const uint8_t *p = data;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 16777619u;
	}
	return h;
}

static uint32_t identity_hash(const struct route_info *r)
{
	uint8_t head[8] = { r->family, r->dst_len, r->src_len, r->tos,
			    r->type, r->gw_family, 0, 0 };
	uint32_t h = 2166136261u;
	unsigned al = route_addr_len(r->family);

	h = fnv(h, head, sizeof(head));
	h = fnv(h, &r->table, sizeof(r->table));
	h = fnv(h, &r->metric, sizeof(r->metric));
	h = fnv(h, &r->oif, sizeof(r->oif));
	h = fnv(h, &r->nhid, sizeof(r->nhid));
	h = fnv(h, r->dst, al);
	if (r->src_len)
		h = fnv(h, r->src, al);
	if (r->gw_family)
		h = fnv(h, r->gw, route_addr_len(r->gw_family));
	for (size_t i = 0; i < r->nh_count; i++) {
		h = fnv(h, &r->nh[i].oif, sizeof(r->nh[i].oif));
		if (r->nh[i].gw_family)
			h = fnv(h, r->nh[i].gw, route_addr_len(r->nh[i].gw_family));
	}
	return h;
}

static bool nh_equal(const struct route_nh *a, const struct route_nh *b)
{
	return a->oif == b->oif && a->gw_family == b->gw_family &&
	       a->weight == b->weight &&
	       (!a->gw_family ||
		memcmp(a->gw, b->gw, route_addr_len(a->gw_family)) == 0);
}

static bool identity_equal(const struct route_info *a,
			   const struct route_info *b)
{
	unsigned al = route_addr_len(a->family);

	if (a->family != b->family || a->dst_len != b->dst_len ||
	    a->src_len != b->src_len || a->tos != b->tos ||
	    a->type != b->type || a->table != b->table ||
	    a->metric != b->metric || a->oif != b->oif ||
	    a->nhid != b->nhid || a->gw_family != b->gw_family ||
	    a->nh_count != b->nh_count)
		return false;
	if (memcmp(a->dst, b->dst, al) != 0)
		return false;
	if (a->src_len && memcmp(a->src, b->src, al) != 0)
		return false;
	if (a->gw_family &&
	    memcmp(a->gw, b->gw, route_addr_len(a->gw_family)) != 0)
		return false;
	for (size_t i = 0; i < a->nh_count; i++)
		if (!nh_equal(&a->nh[i], &b->nh[i]))
			return false;
	return true;
}

/* The kernel's key of a route (what NLM_F_REPLACE replaces). */
static bool key_equal(const struct route_info *a, const struct route_info *b)
{
	unsigned al = route_addr_len(a->family);

	return a->family == b->family && a->table == b->table &&
	       a->dst_len == b->dst_len && a->src_len == b->src_len &&
	       a->tos == b->tos && a->metric == b->metric &&
	       memcmp(a->dst, b->dst, al) == 0 &&
	       (!a->src_len || memcmp(a->src, b->src, al) == 0);
}

/* ------------------------------------------------------------------ */
/* the identity index                                                  */

#define NO_SLOT 0xffffffffu

static uint32_t slot_hash(const struct route_snapshot *s, size_t i)
{
	struct route_info r;

	route_snapshot_get(s, i, &r);
	return identity_hash(&r);
}

static void index_link(struct route_snapshot *s, size_t i, uint32_t h)
{
	uint32_t b = h & (uint32_t)(s->hsize - 1);

	s->hnext[i] = s->hbucket[b];
	s->hbucket[b] = (uint32_t)i;
}

static void index_unlink(struct route_snapshot *s, size_t i, uint32_t h)
{
	uint32_t *p = &s->hbucket[h & (uint32_t)(s->hsize - 1)];

	while (*p != NO_SLOT) {
		if (*p == i) {
			*p = s->hnext[i];
			return;
		}
		p = &s->hnext[*p];
	}
}

/* Builds the index for the routes there are (size for twice as many). */
static int index_build(struct route_snapshot *s)
{
	size_t size = 64;

	while (size < s->nroutes * 2)
		size *= 2;
	index_drop(s);
	s->hbucket = malloc(size * sizeof(*s->hbucket));
	s->hnext = malloc((s->rcap ? s->rcap : 1) * sizeof(*s->hnext));
	if (!s->hbucket || !s->hnext) {
		index_drop(s);
		return -1;
	}
	s->hsize = size;
	for (size_t b = 0; b < size; b++)
		s->hbucket[b] = NO_SLOT;
	for (size_t i = 0; i < s->nroutes; i++)
		index_link(s, i, slot_hash(s, i));
	return 0;
}

static int index_ready(struct route_snapshot *s)
{
	if (s->hsize && s->nroutes <= s->hsize)
		return 0;
	return index_build(s);
}

long route_snapshot_find(struct route_snapshot *s, const struct route_info *r)
{
	struct route_info c;
	uint32_t i;

	if (index_ready(s) != 0) {
		/* no memory for the index: look through every route */
		for (size_t k = 0; k < s->nroutes; k++) {
			route_snapshot_get(s, k, &c);
			if (identity_equal(&c, r))
				return (long)k;
		}
		return -1;
	}
	for (i = s->hbucket[identity_hash(r) & (uint32_t)(s->hsize - 1)];
	     i != NO_SLOT; i = s->hnext[i]) {
		route_snapshot_get(s, i, &c);
		if (identity_equal(&c, r))
			return (long)i;
	}
	return -1;
}

/* ------------------------------------------------------------------ */
/* adding and removing routes                                          */

static int routes_grow(struct route_snapshot *s)
{
	size_t ncap = s->rcap ? s->rcap * 2 : 64;
	struct route_slot *nr = realloc(s->routes, ncap * sizeof(*nr));

	if (!nr)
		return -1;
	s->routes = nr;
	s->rcap = ncap;
	if (s->hsize) {
		uint32_t *nn = realloc(s->hnext, ncap * sizeof(*nn));

		if (!nn) {
			index_drop(s);	/* rebuilt when needed */
			return 0;
		}
		s->hnext = nn;
	}
	return 0;
}

int route_snapshot_append(struct route_snapshot *s, const struct route_info *r)
{
	struct route_slot *slot;

	if (r->nh_count > ROUTE_MAX_NEXTHOPS)
		return -1;
	if (s->nroutes == s->rcap && routes_grow(s) != 0)
		return -1;
	slot = &s->routes[s->nroutes];
	slot->ext = 0;
	if (slot_fill(s, slot, r) != 0)
		return -1;
	if (s->hsize) {
		if (s->nroutes + 1 > s->hsize)
			index_drop(s);	/* too full: rebuilt when needed */
		else
			index_link(s, s->nroutes, identity_hash(r));
	}
	s->nroutes++;
	return 0;
}

int route_snapshot_put(struct route_snapshot *s, const struct route_info *r)
{
	long i = route_snapshot_find(s, r);

	if (i < 0)
		return route_snapshot_append(s, r);
	/* same identity, same hash: the index stays as it is */
	return slot_fill(s, &s->routes[i], r) == 0 ? 1 : -1;
}

static void remove_at(struct route_snapshot *s, size_t i)
{
	size_t last = s->nroutes - 1;

	if (s->hsize) {
		index_unlink(s, i, slot_hash(s, i));
		if (i != last)
			index_unlink(s, last, slot_hash(s, last));
	}
	ext_release(s, s->routes[i].ext);
	if (i != last) {
		s->routes[i] = s->routes[last];
		if (s->hsize)
			index_link(s, i, slot_hash(s, i));
	}
	s->nroutes--;
}

int route_snapshot_remove(struct route_snapshot *s, const struct route_info *r)
{
	long i = route_snapshot_find(s, r);

	if (i < 0)
		return 0;
	remove_at(s, (size_t)i);
	return 1;
}

int route_snapshot_replace(struct route_snapshot *s, const struct route_info *r)
{
	struct route_info c;
	long found = -1;

	if (route_snapshot_find(s, r) >= 0)
		return route_snapshot_put(s, r) < 0 ? -1 : 0;
	for (size_t k = 0; k < s->nroutes; k++) {
		route_snapshot_get(s, k, &c);
		if (!key_equal(&c, r))
			continue;
		if (found >= 0)
			return 1;
		found = (long)k;
	}
	if (found < 0)
		return route_snapshot_append(s, r);
	remove_at(s, (size_t)found);
	return route_snapshot_append(s, r);
}

int route_snapshot_copy(struct route_snapshot *dst,
			const struct route_snapshot *src)
{
	struct route_info r;

	route_snapshot_clear(dst);
	for (size_t i = 0; i < src->nroutes; i++) {
		route_snapshot_get(src, i, &r);
		if (route_snapshot_append(dst, &r) != 0)
			return -1;
	}
	for (size_t i = 0; i < src->naddrs; i++)
		if (route_snapshot_put_addr(dst, &src->addrs[i]) < 0)
			return -1;
	for (size_t i = 0; i < src->nlinks; i++)
		if (route_snapshot_put_link(dst, &src->links[i]) < 0)
			return -1;
	dst->generation = src->generation;
	dst->taken_ms = src->taken_ms;
	memcpy(dst->source, src->source, sizeof(dst->source));
	return 0;
}
