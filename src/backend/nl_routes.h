/*
 * nl_routes.h - the machine's routes, addresses and links through
 * rtnetlink, as a core/routes.h snapshot kept current from events, and
 * the one change the live panels make: a route's metric.
 *
 * Raw rtnetlink, not libnl's route cache (why: see the opening comment of
 * nl_msg.c): our own dumps (RTM_GETLINK, RTM_GETADDR, RTM_GETROUTE of
 * every table) and notifications, on plain netlink sockets in the network
 * namespace of the thread that opens them, parsed by nl_msg.c.
 */
#ifndef EDGENET_BACKEND_NL_ROUTES_H
#define EDGENET_BACKEND_NL_ROUTES_H

#include <stddef.h>
#include <stdint.h>

#include "core/routes.h"

struct nl_routes;

enum nl_routes_flags {
	NL_ROUTES_IPV4 = 1 << 0,
	NL_ROUTES_IPV6 = 1 << 1,
	/* subscribe to link, address and route notifications: watch
	 * nl_routes_fd in poll() and call nl_routes_process */
	NL_ROUTES_EVENTS = 1 << 2,
};

/* Opens the sockets (subscribing first with NL_ROUTES_EVENTS, so that no
 * change is missed) and takes the first snapshot.  FLAGS without a
 * family means both.  Returns NULL with a message in ERR. */
struct nl_routes *nl_routes_open(unsigned flags, char *err, size_t errlen);
void nl_routes_close(struct nl_routes *n);

/* The current snapshot; valid until the next nl_routes_* call. */
const struct route_snapshot *nl_routes_snapshot(const struct nl_routes *n);

/* Reads everything again (a full dump).  0, or -1 with a message. */
int nl_routes_refresh(struct nl_routes *n, char *err, size_t errlen);

/* The notification socket, -1 without NL_ROUTES_EVENTS. */
int nl_routes_fd(const struct nl_routes *n);

/* Applies every pending notification to the snapshot without blocking:
 * routes and addresses incrementally; what the kernel changes without
 * telling (routes flushed when a link goes down or an address goes, a
 * lost notification) by reading everything again.  Returns 1 when the
 * snapshot changed, 0 when not, -1 with a message in ERR (the socket is
 * unusable: close and open again). */
int nl_routes_process(struct nl_routes *n, char *err, size_t errlen);

/* Gives route R (as found in the snapshot) metric METRIC: adds the route
 * with the new metric (keeping its other attributes), then deletes the
 * old one; if the delete fails, the new one is deleted again.  Returns
 * 0, or -1 with a message in ERR.  The snapshot follows through
 * notifications (or nl_routes_refresh). */
int nl_routes_set_metric(struct nl_routes *n, const struct route_info *r,
			 uint32_t metric, char *err, size_t errlen);

/* A NIC's priority: every IPv4 default route of the main table through
 * link IFINDEX gets METRIC.  Returns the number of routes changed (0: none
 * goes through that link, or they have that metric already), or -1 with
 * a message in ERR. */
int nl_routes_set_nic_metric(struct nl_routes *n, int32_t ifindex,
			     uint32_t metric, char *err, size_t errlen);

struct nl_routes_stats {
	uint64_t notifications;		/* messages applied */
	uint64_t resyncs;		/* full dumps after the first */
	uint64_t overruns;		/* ENOBUFS: notifications lost */
};
void nl_routes_get_stats(const struct nl_routes *n, struct nl_routes_stats *st);

#endif
