/*
 * nl_routes_priv.h - what the parts of the rtnetlink reader share, and
 * nothing outside them uses: the handle, a request being built, and the
 * two calls that send a request and read its answer (nl_routes.c), which
 * the metric change (nl_routes_metric.c) uses.  The public side is
 * nl_routes.h.
 */
#ifndef EDGENET_BACKEND_NL_ROUTES_PRIV_H
#define EDGENET_BACKEND_NL_ROUTES_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "backend/nl_routes.h"
#include "core/routes.h"

#define NLR_BUF (64 * 1024)

/* A route request being built. */
struct req_buf {
	struct nlmsghdr h;
	struct rtmsg rt;
	char attrs[ROUTE_MAX_NEXTHOPS * 40 + 512];
};

/* Looking for a route's RTA_METRICS (mtu, ...) in a dump, so that the
 * route added with a new metric keeps them. */
struct metrics_find {
	const struct route_info *want;
	uint8_t out[256];
	size_t len;
	bool found;
};

struct nl_routes {
	int req_fd;			/* requests and dumps */
	int ev_fd;			/* notifications, -1 without events */
	uint32_t seq;
	uint32_t portid;
	unsigned flags;
	bool stale;			/* read everything again */
	bool changed;
	struct route_snapshot snap;
	struct nl_routes_stats stats;
	char *buf;			/* NLR_BUF bytes */
	struct route_nh nh[ROUTE_MAX_NEXTHOPS];	/* of the message parsed */
	struct metrics_find *mf;	/* while find_metrics runs */
	struct req_buf *req;		/* a request being built */
};

/* Sends request H on the request socket (its sequence number and port
 * id set here): 0, or -1 with ERR. */
int nl_routes_send(struct nl_routes *n, struct nlmsghdr *h, char *err,
		   size_t errlen);

/* Reads the answer to request SEQ: a dump until NLMSG_DONE (each message
 * handed to FN), or an acknowledgement.  Returns 0, 1 when a dump was
 * interrupted by a change (NLM_F_DUMP_INTR: do it again), -1 with a
 * message in ERR (-errno of a refused request in *KERR if not NULL). */
int nl_routes_read_answer(struct nl_routes *n, uint32_t seq,
			  int (*fn)(struct nl_routes *, const struct nlmsghdr *),
			  int *kerr, char *err, size_t errlen);

#endif
