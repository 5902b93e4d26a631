/*
 * routes_links.c - the addresses and links of a route snapshot
 * (routes.h: route_snapshot_put_addr, route_snapshot_remove_addr,
 * route_snapshot_put_link, route_snapshot_remove_link and the lookups of
 * a link by index or name).  Each is kept by its identity (an address by
 * link, family, bytes and prefix; a link by index), so that applying a
 * notification twice changes nothing.  Pure C: touches nothing but
 * memory.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "routes.h"

static bool addr_same(const struct route_ifaddr *a, const struct route_ifaddr *b)
{
	const uint8_t *ka = a->has_local ? a->local : a->address;
	const uint8_t *kb = b->has_local ? b->local : b->address;

	return a->family == b->family && a->ifindex == b->ifindex &&
	       a->prefixlen == b->prefixlen &&
	       memcmp(ka, kb, route_addr_len(a->family)) == 0;
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
