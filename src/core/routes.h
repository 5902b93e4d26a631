/*
 * routes.h - the route and address snapshot model: every route of a
 * machine (all tables, IPv4 and IPv6), its interface addresses and its
 * links, as plain data.
 *
 * The netlink backend (backend/nl_routes.c) fills the host's snapshot
 * from kernel dumps and keeps it current from events; the guest's is
 * parsed from its /proc/net/route (proc_route.h).  Routes are stored
 * compactly (44 bytes for an IPv4 route: 100,000 routes fit in a few MB)
 * and read back through route_snapshot_get as a struct route_info.  Two
 * routes are the same route when their identity (family, table,
 * destination, source, tos, metric, type, device, gateway, nexthop id
 * and nexthops) is equal: routes that differ only by device or gateway
 * are different routes, as the kernel keeps them.
 *
 * Kernel constants (families, tables, types, scopes, protocols, flags)
 * are repeated here with their kernel values so that the core includes
 * no netlink header.  Their names are in route_names.h; the view the
 * routes panel and `edgenet status` show is in route_view.h.  Pure C:
 * memory only.
 */
#ifndef EDGENET_ROUTES_H
#define EDGENET_ROUTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Kernel values (linux/socket.h, linux/rtnetlink.h, linux/if_addr.h). */
#define ROUTE_AF_INET 2
#define ROUTE_AF_INET6 10

#define ROUTE_TABLE_DEFAULT 253
#define ROUTE_TABLE_MAIN 254
#define ROUTE_TABLE_LOCAL 255

#define ROUTE_TYPE_UNICAST 1
#define ROUTE_TYPE_LOCAL 2
#define ROUTE_TYPE_BROADCAST 3

#define ROUTE_SCOPE_UNIVERSE 0
#define ROUTE_SCOPE_LINK 253
#define ROUTE_SCOPE_HOST 254

#define ROUTE_PROTO_KERNEL 2
#define ROUTE_PROTO_BOOT 3
#define ROUTE_PROTO_STATIC 4
#define ROUTE_PROTO_DHCP 16

#define ROUTE_PREF_NONE 0xff		/* no RTA_PREF */

/* Nexthop flags (RTNH_F_*), also in route_info.flags for one nexthop. */
#define ROUTE_F_DEAD 0x01
#define ROUTE_F_ONLINK 0x04
#define ROUTE_F_LINKDOWN 0x10

/* Address flags (IFA_F_*). */
#define ROUTE_IFA_F_SECONDARY 0x01
#define ROUTE_IFA_F_TENTATIVE 0x40
#define ROUTE_IFA_F_PERMANENT 0x80
#define ROUTE_LFT_FOREVER 0xffffffffu

/* Link flags (IFF_*). */
#define ROUTE_IFF_UP 0x1
#define ROUTE_IFF_LOWER_UP 0x10000

#define ROUTE_IFNAME_MAX 16
#define ROUTE_ADDR_STRLEN 46		/* INET6_ADDRSTRLEN */
#define ROUTE_PREFIX_STRLEN 50		/* address "/128" */
#define ROUTE_MAX_NEXTHOPS 256

/* One nexthop of a multipath route. */
struct route_nh {
	uint8_t gw_family;		/* 0: no gateway */
	uint8_t weight;			/* 1-256 stored as 0-255 (rtnh_hops) */
	uint16_t pad;
	uint32_t flags;			/* ROUTE_F_* */
	int32_t oif;
	uint8_t gw[16];
};

/* A route, decoded: what the model stores, in full. */
struct route_info {
	uint8_t family;			/* ROUTE_AF_INET or ROUTE_AF_INET6 */
	uint8_t dst_len, src_len, tos;
	uint8_t protocol, scope, type;
	uint8_t pref;			/* IPv6 router preference or _NONE */
	uint8_t gw_family;		/* 0: no gateway (may differ: RTA_VIA) */
	bool has_prefsrc;
	uint32_t table;
	uint32_t metric;		/* 0 when the kernel gave none */
	uint32_t flags;			/* rtm_flags (ROUTE_F_* and RTM_F_*) */
	uint32_t nhid;			/* nexthop object id, 0: none */
	int32_t oif;			/* 0: no device */
	uint8_t dst[16], src[16], gw[16], prefsrc[16];
	/* multipath: NH_COUNT nexthops (oif/gw above are then unused) */
	const struct route_nh *nh;
	uint16_t nh_count;
};

/* An interface address. */
struct route_ifaddr {
	uint8_t family;
	uint8_t prefixlen;
	uint8_t scope;
	bool has_local, has_address, has_broadcast;
	uint32_t flags;			/* IFA_F_* */
	int32_t ifindex;
	uint8_t local[16];		/* the address itself */
	uint8_t address[16];		/* the peer on point-to-point links */
	uint8_t broadcast[16];
	char label[ROUTE_IFNAME_MAX];
	uint32_t valid_lft, preferred_lft;	/* seconds, _FOREVER */
};

/* A link (network interface). */
struct route_link {
	int32_t ifindex;
	char name[ROUTE_IFNAME_MAX];
	char mac[18];			/* "" when it has none */
	uint32_t flags;			/* IFF_* */
	uint8_t operstate;		/* IF_OPER_* (6 = up) */
};

/* Compact stored route; read it with route_snapshot_get. */
struct route_slot {
	uint8_t family, dst_len, src_len, tos;
	uint8_t protocol, scope, type, pref;
	uint8_t gw_family, bits;
	uint16_t nh_count;
	uint32_t table, metric, flags;
	int32_t oif;
	uint32_t ext;			/* 0, or 1 + index of its extension */
	uint8_t dst4[4], gw4[4], prefsrc4[4];
};

struct route_snapshot {
	struct route_slot *routes;
	size_t nroutes, rcap;
	struct route_ext *ext;		/* IPv6 addresses, nexthops, nhid */
	size_t next, extcap;
	uint32_t ext_free;		/* free list of ext (1-based), 0: none */
	uint32_t *hbucket, *hnext;	/* identity index, built when needed */
	size_t hsize;			/* buckets, power of two; 0: no index */
	struct route_ifaddr *addrs;
	size_t naddrs, acap;
	struct route_link *links;
	size_t nlinks, lcap;
	uint64_t generation;		/* bumped by every change */
	int64_t taken_ms;		/* CLOCK_MONOTONIC ms of the last change */
	char source[64];		/* "netlink", "guest agent: /proc/net/route" */
};

void route_snapshot_init(struct route_snapshot *s);
void route_snapshot_free(struct route_snapshot *s);
/* Empties S, keeping its memory for the next fill. */
void route_snapshot_clear(struct route_snapshot *s);
/* Deep copy of SRC into DST (DST initialised).  0 or -1 (memory). */
int route_snapshot_copy(struct route_snapshot *dst,
			const struct route_snapshot *src);

/* Route I (0 <= I < nroutes), decoded into OUT; OUT->nh points into S
 * and stays valid until S changes. */
void route_snapshot_get(const struct route_snapshot *s, size_t i,
			struct route_info *out);

/* Adds R without looking for an equal route (a dump).  0 or -1. */
int route_snapshot_append(struct route_snapshot *s, const struct route_info *r);
/* Adds R, or overwrites the route with the same identity.  Returns 0
 * added, 1 overwritten, -1 memory. */
int route_snapshot_put(struct route_snapshot *s, const struct route_info *r);
/* Removes the route with R's identity.  1 removed, 0 none, -1 memory. */
int route_snapshot_remove(struct route_snapshot *s, const struct route_info *r);
/* Index of the route with R's identity, or -1. */
long route_snapshot_find(struct route_snapshot *s, const struct route_info *r);
/* A replacing NEWROUTE: the kernel replaced the route with R's key
 * (family, table, destination, source, tos, metric).  Returns 0 done
 * (replaced or added), 1 ambiguous (several routes have that key: the
 * caller must read everything again), -1 memory. */
int route_snapshot_replace(struct route_snapshot *s, const struct route_info *r);

/* Addresses: the same address is the same family, ifindex, prefix
 * length and local address.  put: 0 added, 1 overwritten, -1 memory;
 * remove: 1 removed, 0 none. */
int route_snapshot_put_addr(struct route_snapshot *s,
			    const struct route_ifaddr *a);
int route_snapshot_remove_addr(struct route_snapshot *s,
			       const struct route_ifaddr *a);
/* Links by ifindex.  put: 0 added, 1 overwritten, -1 memory. */
int route_snapshot_put_link(struct route_snapshot *s,
			    const struct route_link *l);
int route_snapshot_remove_link(struct route_snapshot *s, int32_t ifindex);
const struct route_link *route_snapshot_link(const struct route_snapshot *s,
					     int32_t ifindex);
const struct route_link *route_snapshot_link_by_name(
	const struct route_snapshot *s, const char *name);
/* Name of IFINDEX, or NULL. */
const char *route_snapshot_dev(const struct route_snapshot *s, int32_t ifindex);
/* Notes a change: bumps the generation and sets taken_ms to NOW_MS. */
void route_snapshot_touch(struct route_snapshot *s, int64_t now_ms);

/* Bytes of an address of FAMILY: 4 for ROUTE_AF_INET, else 16. */
unsigned route_addr_len(uint8_t family);
/* The destination bytes of route I, without decoding the route (for
 * sorting): route_addr_len of its family are meaningful. */
const uint8_t *route_snapshot_dst(const struct route_snapshot *s, size_t i);

#endif
