/*
 * routes.c - the route and address snapshot model and the route view
 * (see routes.h).
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

#include <arpa/inet.h>
#include <stdio.h>
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

static unsigned addr_len(uint8_t family)
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

static const uint8_t *slot_dst(const struct route_snapshot *s,
			       const struct route_slot *slot)
{
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
	unsigned al = addr_len(r->family);

	h = fnv(h, head, sizeof(head));
	h = fnv(h, &r->table, sizeof(r->table));
	h = fnv(h, &r->metric, sizeof(r->metric));
	h = fnv(h, &r->oif, sizeof(r->oif));
	h = fnv(h, &r->nhid, sizeof(r->nhid));
	h = fnv(h, r->dst, al);
	if (r->src_len)
		h = fnv(h, r->src, al);
	if (r->gw_family)
		h = fnv(h, r->gw, addr_len(r->gw_family));
	for (size_t i = 0; i < r->nh_count; i++) {
		h = fnv(h, &r->nh[i].oif, sizeof(r->nh[i].oif));
		if (r->nh[i].gw_family)
			h = fnv(h, r->nh[i].gw, addr_len(r->nh[i].gw_family));
	}
	return h;
}

static bool nh_equal(const struct route_nh *a, const struct route_nh *b)
{
	return a->oif == b->oif && a->gw_family == b->gw_family &&
	       a->weight == b->weight &&
	       (!a->gw_family ||
		memcmp(a->gw, b->gw, addr_len(a->gw_family)) == 0);
}

static bool identity_equal(const struct route_info *a,
			   const struct route_info *b)
{
	unsigned al = addr_len(a->family);

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
	    memcmp(a->gw, b->gw, addr_len(a->gw_family)) != 0)
		return false;
	for (size_t i = 0; i < a->nh_count; i++)
		if (!nh_equal(&a->nh[i], &b->nh[i]))
			return false;
	return true;
}

/* The kernel's key of a route (what NLM_F_REPLACE replaces). */
static bool key_equal(const struct route_info *a, const struct route_info *b)
{
	unsigned al = addr_len(a->family);

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

/* ------------------------------------------------------------------ */
/* addresses and links                                                 */

static bool addr_same(const struct route_ifaddr *a, const struct route_ifaddr *b)
{
	const uint8_t *ka = a->has_local ? a->local : a->address;
	const uint8_t *kb = b->has_local ? b->local : b->address;

	return a->family == b->family && a->ifindex == b->ifindex &&
	       a->prefixlen == b->prefixlen &&
	       memcmp(ka, kb, addr_len(a->family)) == 0;
}

int route_snapshot_put_addr(struct route_snapshot *s,
			    const struct route_ifaddr *a)
{
	for (size_t i = 0; i < s->naddrs; i++) {
		if (addr_same(&s->addrs[i], a)) {
			s->addrs[i] = *a;
			return 1;
		}
	}
	if (s->naddrs == s->acap) {
		size_t ncap = s->acap ? s->acap * 2 : 16;
		struct route_ifaddr *na = realloc(s->addrs, ncap * sizeof(*na));

		if (!na)
			return -1;
		s->addrs = na;
		s->acap = ncap;
	}
	s->addrs[s->naddrs++] = *a;
	return 0;
}

int route_snapshot_remove_addr(struct route_snapshot *s,
			       const struct route_ifaddr *a)
{
	for (size_t i = 0; i < s->naddrs; i++) {
		if (addr_same(&s->addrs[i], a)) {
			memmove(&s->addrs[i], &s->addrs[i + 1],
				(s->naddrs - i - 1) * sizeof(s->addrs[0]));
			s->naddrs--;
			return 1;
		}
	}
	return 0;
}

int route_snapshot_put_link(struct route_snapshot *s,
			    const struct route_link *l)
{
	for (size_t i = 0; i < s->nlinks; i++) {
		if (s->links[i].ifindex == l->ifindex) {
			s->links[i] = *l;
			return 1;
		}
	}
	if (s->nlinks == s->lcap) {
		size_t ncap = s->lcap ? s->lcap * 2 : 16;
		struct route_link *nl = realloc(s->links, ncap * sizeof(*nl));

		if (!nl)
			return -1;
		s->links = nl;
		s->lcap = ncap;
	}
	s->links[s->nlinks++] = *l;
	return 0;
}

int route_snapshot_remove_link(struct route_snapshot *s, int32_t ifindex)
{
	for (size_t i = 0; i < s->nlinks; i++) {
		if (s->links[i].ifindex == ifindex) {
			memmove(&s->links[i], &s->links[i + 1],
				(s->nlinks - i - 1) * sizeof(s->links[0]));
			s->nlinks--;
			return 1;
		}
	}
	return 0;
}

const struct route_link *route_snapshot_link(const struct route_snapshot *s,
					     int32_t ifindex)
{
	for (size_t i = 0; i < s->nlinks; i++)
		if (s->links[i].ifindex == ifindex)
			return &s->links[i];
	return NULL;
}

const struct route_link *route_snapshot_link_by_name(
	const struct route_snapshot *s, const char *name)
{
	for (size_t i = 0; i < s->nlinks; i++)
		if (strcmp(s->links[i].name, name) == 0)
			return &s->links[i];
	return NULL;
}

const char *route_snapshot_dev(const struct route_snapshot *s, int32_t ifindex)
{
	const struct route_link *l = route_snapshot_link(s, ifindex);

	return l ? l->name : NULL;
}

/* ------------------------------------------------------------------ */
/* names                                                               */

const char *route_family_name(uint8_t family)
{
	switch (family) {
	case ROUTE_AF_INET:
		return "inet";
	case ROUTE_AF_INET6:
		return "inet6";
	default:
		return "unknown";
	}
}

char *route_addr_str(uint8_t family, const uint8_t *a, char *buf)
{
	int af = family == ROUTE_AF_INET6 ? AF_INET6 : AF_INET;

	if (!inet_ntop(af, a, buf, ROUTE_ADDR_STRLEN))
		snprintf(buf, ROUTE_ADDR_STRLEN, "?");
	return buf;
}

char *route_dst_str(const struct route_info *r, char *buf)
{
	char a[ROUTE_ADDR_STRLEN];

	if (r->dst_len == 0) {
		snprintf(buf, ROUTE_PREFIX_STRLEN, "default");
		return buf;
	}
	route_addr_str(r->family, r->dst, a);
	if (r->dst_len == addr_len(r->family) * 8)
		snprintf(buf, ROUTE_PREFIX_STRLEN, "%s", a);
	else
		snprintf(buf, ROUTE_PREFIX_STRLEN, "%s/%u", a,
			 (unsigned)r->dst_len);
	return buf;
}

const char *route_table_name(uint32_t table, char *buf)
{
	switch (table) {
	case ROUTE_TABLE_DEFAULT:
		return "default";
	case ROUTE_TABLE_MAIN:
		return "main";
	case ROUTE_TABLE_LOCAL:
		return "local";
	default:
		snprintf(buf, 16, "%u", (unsigned)table);
		return buf;
	}
}

static const struct {
	uint8_t value;
	const char *name;
} proto_names[] = {
	{ 0, "unspec" }, { 1, "redirect" }, { 2, "kernel" }, { 3, "boot" },
	{ 4, "static" }, { 8, "gated" }, { 9, "ra" }, { 10, "mrt" },
	{ 11, "zebra" }, { 12, "bird" }, { 13, "dnrouted" }, { 14, "xorp" },
	{ 15, "ntk" }, { 16, "dhcp" }, { 18, "keepalived" }, { 42, "babel" },
	{ 99, "openr" }, { 186, "bgp" }, { 187, "isis" }, { 188, "ospf" },
	{ 189, "rip" }, { 192, "eigrp" },
};

const char *route_proto_name(uint8_t proto, char *buf)
{
	for (size_t i = 0; i < sizeof(proto_names) / sizeof(proto_names[0]); i++)
		if (proto_names[i].value == proto)
			return proto_names[i].name;
	snprintf(buf, 16, "%u", (unsigned)proto);
	return buf;
}

const char *route_scope_name(uint8_t scope, char *buf)
{
	switch (scope) {
	case 0:
		return "global";
	case 200:
		return "site";
	case 253:
		return "link";
	case 254:
		return "host";
	case 255:
		return "nowhere";
	default:
		snprintf(buf, 16, "%u", (unsigned)scope);
		return buf;
	}
}

const char *route_type_name(uint8_t type, char *buf)
{
	static const char *const names[] = {
		"unspec", "unicast", "local", "broadcast", "anycast",
		"multicast", "blackhole", "unreachable", "prohibit", "throw",
		"nat", "xresolve",
	};

	if (type < sizeof(names) / sizeof(names[0]))
		return names[type];
	snprintf(buf, 16, "%u", (unsigned)type);
	return buf;
}

const char *route_pref_name(uint8_t pref)
{
	switch (pref) {
	case 0:
		return "medium";
	case 1:
		return "high";
	case 3:
		return "low";
	case ROUTE_PREF_NONE:
		return NULL;
	default:
		return "invalid";
	}
}

const char *route_flag_name(uint32_t flags, size_t i)
{
	static const struct {
		uint32_t mask;
		const char *name;
	} names[] = {
		{ 0x01, "dead" }, { 0x04, "onlink" }, { 0x02, "pervasive" },
		{ 0x08, "offload" }, { 0x40, "trap" }, { 0x100, "notify" },
		{ 0x10, "linkdown" }, { 0x20, "unresolved" },
		{ 0x4000, "rt_offload" }, { 0x8000, "rt_trap" },
		{ 0x20000000, "rt_offload_failed" },
	};

	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
		if ((flags & names[k].mask) && i-- == 0)
			return names[k].name;
	return NULL;
}

const char *route_ifa_flag_name(uint8_t family, uint32_t flags, size_t i)
{
	static const struct {
		uint32_t mask;
		const char *name;
		bool v6only;
	} names[] = {
		{ 0x01, "secondary", false }, { 0x02, "nodad", true },
		{ 0x04, "optimistic", true }, { 0x08, "dadfailed", true },
		{ 0x10, "home", true }, { 0x20, "deprecated", true },
		{ 0x40, "tentative", true }, { 0x80, "dynamic", false },
		{ 0x100, "mngtmpaddr", true }, { 0x200, "noprefixroute", false },
		{ 0x400, "autojoin", false }, { 0x800, "stable-privacy", true },
	};
	bool v6 = family == ROUTE_AF_INET6;

	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		bool set = flags & names[k].mask;

		if (names[k].v6only && !v6)
			continue;
		if (names[k].mask == 0x80)	/* "dynamic": not permanent */
			set = !set;
		if (set && i-- == 0) {
			if (names[k].mask == 0x01 && v6)
				return "temporary";
			return names[k].name;
		}
	}
	return NULL;
}

const char *route_operstate_name(uint8_t operstate)
{
	static const char *const names[] = {
		"unknown", "notpresent", "down", "lowerlayerdown", "testing",
		"dormant", "up",
	};

	return operstate < sizeof(names) / sizeof(names[0]) ?
	       names[operstate] : "unknown";
}

/* ------------------------------------------------------------------ */
/* /proc/net/route                                                     */

static int prefix_of_mask(uint32_t mask_net)
{
	uint32_t m = ntohl(mask_net);
	int n = 0;

	while (m & 0x80000000u) {
		n++;
		m <<= 1;
	}
	return m ? -1 : n;
}

int route_parse_proc_net_route(const char *text, struct route_snapshot *s,
			       char *err, size_t errlen)
{
	const char *p = text;
	int count = 0, lineno = 0;

	route_snapshot_clear(s);
	if (strncmp(text, "Iface", 5) != 0) {
		snprintf(err, errlen, "not a /proc/net/route table (no "
			 "\"Iface\" header)");
		return -1;
	}
	while (*p) {
		char line[512], ifname[64];
		unsigned dst, gw, flags, refcnt, use, metric, mask;
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		struct route_info r;
		const struct route_link *l;
		int plen;

		lineno++;
		if (len >= sizeof(line))
			len = sizeof(line) - 1;
		memcpy(line, p, len);
		line[len] = '\0';
		p = nl ? nl + 1 : p + strlen(p);
		if (lineno == 1 || line[0] == '\0')
			continue;
		if (sscanf(line, "%63s %x %x %x %u %u %u %x", ifname, &dst, &gw,
			   &flags, &refcnt, &use, &metric, &mask) != 8 ||
		    strlen(ifname) >= ROUTE_IFNAME_MAX) {
			/* the line itself is the guest's: not echoed */
			snprintf(err, errlen, "/proc/net/route line %d cannot "
				 "be read (not an interface name and 7 "
				 "numbers)", lineno);
			return -1;
		}
		for (const char *c = ifname; *c; c++) {
			if ((unsigned char)*c <= 0x20 ||
			    (unsigned char)*c >= 0x7f) {
				snprintf(err, errlen, "/proc/net/route line %d: "
					 "the interface name is not printable "
					 "ASCII (control characters or other "
					 "bytes): not shown", lineno);
				return -1;
			}
		}
		plen = prefix_of_mask(mask);
		if (plen < 0) {
			snprintf(err, errlen, "/proc/net/route line %d: mask "
				 "%08X is not a prefix", lineno, mask);
			return -1;
		}
		if (!(flags & 0x1))	/* RTF_UP */
			continue;
		l = route_snapshot_link_by_name(s, ifname);
		if (!l && strcmp(ifname, "*") != 0) {
			struct route_link nl_;

			memset(&nl_, 0, sizeof(nl_));
			nl_.ifindex = (int32_t)s->nlinks + 1;
			memcpy(nl_.name, ifname, strlen(ifname) + 1);
			nl_.flags = ROUTE_IFF_UP;
			if (route_snapshot_put_link(s, &nl_) < 0)
				goto nomem;
			l = route_snapshot_link_by_name(s, ifname);
		}
		memset(&r, 0, sizeof(r));
		r.family = ROUTE_AF_INET;
		r.dst_len = (uint8_t)plen;
		r.table = ROUTE_TABLE_MAIN;
		r.type = (flags & 0x200) ? 7 : ROUTE_TYPE_UNICAST; /* RTF_REJECT */
		r.protocol = 0;
		r.pref = ROUTE_PREF_NONE;
		r.metric = metric;
		r.oif = l ? l->ifindex : 0;
		/* the fields are the address's bytes read as a native
		 * (little-endian: x86) number */
		memcpy(r.dst, &dst, 4);
		if (flags & 0x2) {	/* RTF_GATEWAY */
			r.gw_family = ROUTE_AF_INET;
			memcpy(r.gw, &gw, 4);
			r.scope = ROUTE_SCOPE_UNIVERSE;
		} else {
			r.scope = r.type == ROUTE_TYPE_UNICAST ?
				  ROUTE_SCOPE_LINK : ROUTE_SCOPE_UNIVERSE;
		}
		if (route_snapshot_append(s, &r) != 0)
			goto nomem;
		count++;
	}
	return count;
nomem:
	snprintf(err, errlen, "out of memory reading /proc/net/route");
	return -1;
}

/* ------------------------------------------------------------------ */
/* the view                                                            */

void route_view_init(struct route_view *v)
{
	memset(v, 0, sizeof(*v));
	v->in_use = -1;
	diag_list_init(&v->problems);
}

void route_view_free(struct route_view *v)
{
	free(v->order);
	diag_list_free(&v->problems);
	route_view_init(v);
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool mac_same(const char *a, const char *b)
{
	if (!a || !b || !a[0] || !b[0])
		return false;
	for (; *a && *b; a++, b++)
		if (lower(*a) != lower(*b))
			return false;
	return *a == *b;
}

static const char *nic_mac(const struct route_view_opts *o, size_t i)
{
	if (o->nic_mac[i] && o->nic_mac[i][0])
		return o->nic_mac[i];
	return o->plan->nics[i].mac;
}

int route_view_nic(const struct route_snapshot *s,
		   const struct route_view_opts *o, int32_t ifindex)
{
	const struct route_link *l;

	if (!o || !o->plan || ifindex <= 0)
		return -1;
	l = route_snapshot_link(s, ifindex);
	if (!l)
		return -1;
	for (size_t i = 0; i < o->plan->nnics; i++)
		if (mac_same(nic_mac(o, i), l->mac))
			return (int)i;
	for (size_t i = 0; o->by_name && i < o->plan->nnics; i++)
		if (strcmp(o->plan->nics[i].name, l->name) == 0)
			return (int)i;
	return -1;
}

int32_t route_view_nic_ifindex(const struct route_snapshot *s,
			       const struct route_view_opts *o, size_t i)
{
	if (!o || !o->plan || i >= o->plan->nnics)
		return 0;
	for (size_t k = 0; k < s->nlinks; k++)
		if (mac_same(nic_mac(o, i), s->links[k].mac))
			return s->links[k].ifindex;
	for (size_t k = 0; o->by_name && k < s->nlinks; k++)
		if (strcmp(o->plan->nics[i].name, s->links[k].name) == 0)
			return s->links[k].ifindex;
	return 0;
}

/* Display order: IPv4 first; main table, other tables, local table;
 * default routes first; then by destination, length, metric. */
static int table_rank(uint32_t t)
{
	return t == ROUTE_TABLE_MAIN ? 0 : t == ROUTE_TABLE_LOCAL ? 2 : 1;
}

static int order_cmp(const void *pa, const void *pb, void *ctx)
{
	const struct route_snapshot *sort_snap = ctx;
	const struct route_slot *a = &sort_snap->routes[*(const uint32_t *)pa];
	const struct route_slot *b = &sort_snap->routes[*(const uint32_t *)pb];
	int c;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	if (table_rank(a->table) != table_rank(b->table))
		return table_rank(a->table) - table_rank(b->table);
	if (a->table != b->table)
		return a->table < b->table ? -1 : 1;
	if ((a->dst_len == 0) != (b->dst_len == 0))
		return a->dst_len == 0 ? -1 : 1;
	if (a->dst_len == 0 && a->metric != b->metric)
		return a->metric < b->metric ? -1 : 1;
	c = memcmp(slot_dst(sort_snap, a), slot_dst(sort_snap, b),
		   addr_len(a->family));
	if (c)
		return c;
	if (a->dst_len != b->dst_len)
		return a->dst_len < b->dst_len ? -1 : 1;
	if (a->metric != b->metric)
		return a->metric < b->metric ? -1 : 1;
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	if (a->oif != b->oif)
		return a->oif < b->oif ? -1 : 1;
	/* stable: kernel order */
	return *(const uint32_t *)pa < *(const uint32_t *)pb ? -1 : 1;
}

static int default_cmp(const void *pa, const void *pb, void *ctx)
{
	const struct route_snapshot *sort_snap = ctx;
	const struct route_default *a = pa, *b = pb;
	const struct route_slot *ra = &sort_snap->routes[a->route];
	const struct route_slot *rb = &sort_snap->routes[b->route];

	if (ra->metric != rb->metric)
		return ra->metric < rb->metric ? -1 : 1;
	return a->route < b->route ? -1 : a->route > b->route;
}

static bool route_down(const struct route_info *r)
{
	const uint32_t down = ROUTE_F_LINKDOWN | ROUTE_F_DEAD;

	if (!r->nh_count)
		return r->flags & down;
	for (size_t i = 0; i < r->nh_count; i++)
		if (!(r->nh[i].flags & down))
			return false;
	return true;
}

static int32_t route_dev(const struct route_info *r)
{
	return r->nh_count ? r->nh[0].oif : r->oif;
}

/* "eth1 (NIC eth1)" or "eth1" into BUF. */
static const char *dev_words(const struct route_snapshot *s,
			     const struct route_view_opts *o, int32_t ifindex,
			     int nic, char *buf, size_t len)
{
	const char *dev = route_snapshot_dev(s, ifindex);
	char num[16];

	if (!dev) {
		snprintf(num, sizeof(num), "#%d", (int)ifindex);
		dev = ifindex ? num : "no device";
	}
	if (nic >= 0 && strcmp(o->plan->nics[nic].name, dev) != 0)
		snprintf(buf, len, "%s (NIC %s)", dev, o->plan->nics[nic].name);
	else
		snprintf(buf, len, "%s", dev);
	return buf;
}

static void nic_path(int nic, const char *field, char *buf, size_t len)
{
	if (nic >= 0)
		snprintf(buf, len, "nics[%d].%s", nic, field);
	else
		buf[0] = '\0';
}

static void view_problems(struct route_view *v, const struct route_snapshot *s,
			  const struct route_view_opts *o)
{
	char words[96], words2[96], path[DIAG_PATH_MAX];
	const struct plan *p = o ? o->plan : NULL;
	struct route_info r, r2;

	if (v->ndefaults == 0) {
		diag_add(&v->problems, DIAG_WARNING, "", "there is no IPv4 "
			 "default route: only directly connected networks can "
			 "be reached");
	} else if (v->in_use < 0) {
		diag_add(&v->problems, DIAG_WARNING, "", "every IPv4 default "
			 "route goes through a link that is down: nothing "
			 "beyond the local networks can be reached");
	}
	/* equal metrics, one diagnostic per group */
	for (size_t i = 0; i < v->ndefaults; i++) {
		const struct route_default *d = &v->defaults[i];
		uint32_t metric = s->routes[d->route].metric;
		size_t k, j;

		if (!(d->flags & ROUTE_DEF_TIE))
			continue;
		for (j = 0; j < i; j++)
			if ((v->defaults[j].flags & ROUTE_DEF_TIE) &&
			    s->routes[v->defaults[j].route].metric == metric)
				break;
		if (j < i)
			continue;	/* reported with its group */
		for (k = i + 1; k < v->ndefaults; k++)
			if ((v->defaults[k].flags & ROUTE_DEF_TIE) &&
			    s->routes[v->defaults[k].route].metric == metric)
				break;
		if (k == v->ndefaults)
			continue;
		route_snapshot_get(s, d->route, &r);
		dev_words(s, o, route_dev(&r), d->nic, words, sizeof(words));
		route_snapshot_get(s, v->defaults[k].route, &r2);
		dev_words(s, o, route_dev(&r2), v->defaults[k].nic, words2,
			  sizeof(words2));
		nic_path(d->nic >= 0 ? d->nic : v->defaults[k].nic, "metric",
			 path, sizeof(path));
		diag_add(&v->problems, (long)i == v->in_use ? DIAG_ERROR :
			 DIAG_WARNING, path, "the default routes through %s "
			 "and %s have the same metric %u: the kernel may send "
			 "traffic through either; give each NIC its own metric "
			 "(lower wins)", words, words2, (unsigned)metric);
	}
	if (!p)
		return;
	for (size_t i = 0; i < v->ndefaults; i++) {
		const struct route_default *d = &v->defaults[i];

		if (d->nic < 0)
			continue;
		route_snapshot_get(s, d->route, &r);
		dev_words(s, o, route_dev(&r), d->nic, words, sizeof(words));
		if ((d->flags & ROUTE_DEF_OFFLINE) && (long)i == v->in_use) {
			nic_path(d->nic, "offline", path, sizeof(path));
			diag_add(&v->problems, DIAG_ERROR, path, "the default "
				 "route in use goes through %s, which the plan "
				 "marks as an offline network: traffic for the "
				 "internet goes to the offline network; remove "
				 "its default route or give the other NIC a "
				 "lower metric", words);
		} else if (d->flags & ROUTE_DEF_OFFLINE) {
			nic_path(d->nic, "offline", path, sizeof(path));
			diag_add(&v->problems, DIAG_WARNING, path, "%s is an "
				 "offline network but has a default route "
				 "(metric %u): it takes internet traffic when "
				 "the preferred route goes away; remove it",
				 words, (unsigned)r.metric);
		}
		if (d->flags & ROUTE_DEF_METRIC_DIFFERS) {
			nic_path(d->nic, "metric", path, sizeof(path));
			diag_add(&v->problems, DIAG_WARNING, path, "the default "
				 "route through %s has metric %u, the plan "
				 "gives NIC %s metric %lld: change it here or "
				 "apply the plan again", words,
				 (unsigned)r.metric, p->nics[d->nic].name,
				 plan_nic_metric(p, (size_t)d->nic));
		}
	}
}

int route_view_build(struct route_view *v, const struct route_snapshot *s,
		     const struct route_view_opts *o)
{
	const struct plan *p = o ? o->plan : NULL;
	struct route_info r;
	uint32_t *order;
	size_t n = 0;

	diag_list_clear(&v->problems);
	v->n = 0;
	v->ndefaults = 0;
	v->in_use = -1;
	v->generation = s->generation;
	order = realloc(v->order, (s->nroutes ? s->nroutes : 1) *
			sizeof(*order));
	if (!order)
		return -1;
	v->order = order;
	for (size_t i = 0; i < s->nroutes; i++) {
		const struct route_slot *slot = &s->routes[i];

		if (o && o->hide_ipv6 && slot->family == ROUTE_AF_INET6)
			continue;
		if (o && o->hide_local && slot->table == ROUTE_TABLE_LOCAL)
			continue;
		order[n++] = (uint32_t)i;
		if (slot->family != ROUTE_AF_INET || slot->dst_len != 0 ||
		    slot->table != ROUTE_TABLE_MAIN ||
		    slot->type != ROUTE_TYPE_UNICAST ||
		    v->ndefaults == ROUTE_VIEW_MAX_DEFAULTS)
			continue;
		v->defaults[v->ndefaults].route = (uint32_t)i;
		v->defaults[v->ndefaults].flags = 0;
		v->defaults[v->ndefaults].nic = -1;
		v->ndefaults++;
	}
	v->n = n;
	qsort_r(order, n, sizeof(*order), order_cmp, (void *)s);
	qsort_r(v->defaults, v->ndefaults, sizeof(v->defaults[0]),
		default_cmp, (void *)s);

	for (size_t i = 0; i < v->ndefaults; i++) {
		struct route_default *d = &v->defaults[i];

		route_snapshot_get(s, d->route, &r);
		d->nic = route_view_nic(s, o, route_dev(&r));
		if (route_down(&r))
			d->flags |= ROUTE_DEF_DOWN;
		else if (v->in_use < 0)
			v->in_use = (long)i;
		if (d->nic >= 0 && p->nics[d->nic].offline)
			d->flags |= ROUTE_DEF_OFFLINE;
		if (d->nic >= 0 &&
		    plan_nic_metric(p, (size_t)d->nic) != (long long)r.metric)
			d->flags |= ROUTE_DEF_METRIC_DIFFERS;
	}
	if (v->in_use >= 0)
		v->defaults[v->in_use].flags |= ROUTE_DEF_IN_USE;
	for (size_t i = 0; i < v->ndefaults; i++) {
		struct route_default *d = &v->defaults[i];

		if (d->flags & ROUTE_DEF_DOWN)
			continue;
		for (size_t k = 0; k < v->ndefaults; k++) {
			if (k == i || (v->defaults[k].flags & ROUTE_DEF_DOWN))
				continue;
			if (s->routes[v->defaults[k].route].metric ==
			    s->routes[d->route].metric)
				d->flags |= ROUTE_DEF_TIE;
		}
	}
	view_problems(v, s, o);
	return 0;
}
