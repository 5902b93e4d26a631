/*
 * routes.h - the route and address snapshot model, and the route view the
 * routes panel and `edgenet status` show.
 *
 * A snapshot holds every route of a machine (all tables, IPv4 and IPv6),
 * its interface addresses and its links, as plain data.  The netlink
 * backend (backend/nl_routes.c) fills the host's snapshot from kernel
 * dumps and keeps it current from events; the guest's is parsed from its
 * /proc/net/route (route_parse_proc_net_route).  Routes are stored
 * compactly (44 bytes for an IPv4 route: 100,000 routes fit in a few MB)
 * and read back through route_snapshot_get as a struct route_info.  Two
 * routes are the same route when their identity (family, table,
 * destination, source, tos, metric, type, device, gateway, nexthop id
 * and nexthops) is equal: routes that differ only by device or gateway
 * are different routes, as the kernel keeps them.
 *
 * The view (route_view_build) orders the routes for display, lists the
 * IPv4 default routes of the main table by metric with the one in use
 * marked, ties to the plan's NICs (by MAC; by name too in the guest's
 * view) and flags equal
 * metrics, an offline-network NIC winning or carrying a default route,
 * and metrics that differ from the plan, as diagnostics a technician
 * can act on.  Kernel constants (families, tables, types, scopes,
 * protocols, flags) are repeated here with their kernel values so that
 * the core includes no netlink header.  Pure C: memory only.
 */
#ifndef EDGENET_ROUTES_H
#define EDGENET_ROUTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "plan.h"

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

/* --- names and text, as iproute2 writes them --- */
const char *route_family_name(uint8_t family);		/* "inet", "inet6" */
/* Address of FAMILY into BUF (ROUTE_ADDR_STRLEN); returns BUF. */
char *route_addr_str(uint8_t family, const uint8_t *a, char *buf);
/* "default", "10.0.0.0/8", "10.0.0.1" (host routes without length). */
char *route_dst_str(const struct route_info *r, char *buf);
/* The next four write a number into BUF (16 bytes) for unknown values. */
const char *route_table_name(uint32_t table, char *buf);
const char *route_proto_name(uint8_t proto, char *buf);
const char *route_scope_name(uint8_t scope, char *buf);
const char *route_type_name(uint8_t type, char *buf);
const char *route_pref_name(uint8_t pref);	/* "low"... NULL: none */
/* Names of FLAGS' bits (ip's "linkdown", "onlink"...), one per call:
 * returns the name of the Ith set bit, or NULL past the last. */
const char *route_flag_name(uint32_t flags, size_t i);
/* Names of an address's flags as `ip -j addr` prints them ("dynamic"
 * when not permanent, "secondary"/"temporary", "tentative"...): the Ith,
 * or NULL past the last. */
const char *route_ifa_flag_name(uint8_t family, uint32_t flags, size_t i);
/* "up", "down", "unknown"... for IF_OPER_* */
const char *route_operstate_name(uint8_t operstate);

/* Parses a Linux /proc/net/route text (the guest's, read through the
 * agent) into S, which is cleared first: main-table IPv4 routes, with
 * the interfaces named there as links with made-up ifindexes.  Returns
 * the number of routes, or -1 with a message in ERR (not that format,
 * or an interface name that is not printable ASCII; the guest's bytes are
 * never quoted in ERR). */
int route_parse_proc_net_route(const char *text, struct route_snapshot *s,
			       char *err, size_t errlen);

/* --- the view --- */

/* Flags of a default route in the view. */
enum route_default_flag {
	ROUTE_DEF_IN_USE = 1 << 0,	/* the kernel sends to it */
	ROUTE_DEF_TIE = 1 << 1,		/* another default has its metric */
	ROUTE_DEF_OFFLINE = 1 << 2,	/* through a NIC marked offline */
	ROUTE_DEF_METRIC_DIFFERS = 1 << 3, /* the plan gives another metric */
	ROUTE_DEF_DOWN = 1 << 4,	/* linkdown or dead: not usable */
};

#define ROUTE_VIEW_MAX_DEFAULTS 64

struct route_default {
	uint32_t route;			/* index in the snapshot */
	int nic;			/* plan NIC through which, -1 none */
	unsigned flags;			/* enum route_default_flag */
};

struct route_view_opts {
	const struct plan *plan;	/* NULL: no plan */
	/* MAC of each plan NIC (the plan's, or the generated one kept in
	 * the state directory); NULL or "" when unknown */
	const char *nic_mac[PLAN_MAX_NICS];
	/* also match links to plan NICs by name (the guest's view, where
	 * the plan's names are the interfaces' names); else by MAC only */
	bool by_name;
	bool hide_ipv6;
	bool hide_local;		/* leave out the local table */
};

struct route_view {
	uint32_t *order;		/* routes to show, in display order */
	size_t n;
	/* IPv4 default routes of the main table, lowest metric first */
	struct route_default defaults[ROUTE_VIEW_MAX_DEFAULTS];
	size_t ndefaults;
	long in_use;			/* index in defaults[] or -1 */
	/* plan NIC of each link the view met, by device: see route_view_nic */
	struct diag_list problems;
	uint64_t generation;		/* of the snapshot it was built from */
};

void route_view_init(struct route_view *v);
void route_view_free(struct route_view *v);
/* (Re)builds V from S.  Returns 0 or -1 (memory: V is then empty). */
int route_view_build(struct route_view *v, const struct route_snapshot *s,
		     const struct route_view_opts *o);
/* The plan NIC behind link IFINDEX of S (matched by MAC, else by name
 * when O->by_name), or -1. */
int route_view_nic(const struct route_snapshot *s,
		   const struct route_view_opts *o, int32_t ifindex);
/* Ifindex of plan NIC I in S (by MAC, else by name when O->by_name),
 * or 0. */
int32_t route_view_nic_ifindex(const struct route_snapshot *s,
			       const struct route_view_opts *o, size_t i);

#endif
