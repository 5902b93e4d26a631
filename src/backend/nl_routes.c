/*
 * nl_routes.c - routes, addresses and links through rtnetlink, kept
 * current from notifications (see nl_routes.h).
 *
 * Two plain netlink sockets in the caller's network namespace: one for
 * requests and dumps, one subscribed to the link, IPv4/IPv6 address and
 * IPv4/IPv6 route groups (subscribed before the first dump, so a change
 * made while the dump runs is still seen: notifications are applied by
 * identity, which makes them idempotent).  Messages are parsed by
 * nl_msg.c (why raw rtnetlink and not libnl: see there), into
 * the compact core/routes.h snapshot: no libnl cache, no per-route
 * allocation.  The kernel removes some routes without a notification
 * (IPv4 routes of a link that goes down or is deleted, routes using an
 * address that goes away) and changes "linkdown" flags silently; such
 * events, a lost notification (ENOBUFS) or a replacement we cannot place
 * mark the snapshot stale, and it is read again once the pending
 * notifications are drained.
 *
 * Changes: only a route's metric (nl_routes_set_metric), in
 * nl_routes_metric.c.  Nothing else is written.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "backend/nl_msg.h"
#include "backend/nl_routes.h"
#include "backend/nl_routes_priv.h"
#include "core/clock.h"
#include "core/diag.h"
#include "core/route_names.h"
#include "core/route_view.h"
#include "core/err.h"

#define NLR_EV_RCVBUF (4 * 1024 * 1024)

/* One message applied to the snapshot (nl_msg.c parses it). */
static int apply(struct nl_routes *n, const struct nlmsghdr *h, bool dump)
{
	return nl_msg_apply(&n->snap, n->flags, n->nh, h, dump, &n->stale);
}

/* ------------------------------------------------------------------ */
/* sockets                                                             */

static int open_socket(uint32_t *portid, char *err, size_t errlen)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	socklen_t salen = sizeof(sa);
	int one = 1;
	int fd;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0) {
		errf(err, errlen, "cannot open a netlink socket: %s",
			strerror(errno));
		return -1;
	}
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &salen) < 0) {
		errf(err, errlen, "cannot bind a netlink socket: %s",
			strerror(errno));
		close(fd);
		return -1;
	}
	/* error messages carry the kernel's explanation (best effort) */
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	if (portid)
		*portid = sa.nl_pid;
	return fd;
}

static int open_events(unsigned flags, char *err, size_t errlen)
{
	unsigned groups[5];
	size_t ng = 0;
	int size = NLR_EV_RCVBUF;
	int fd = open_socket(NULL, err, errlen);

	if (fd < 0)
		return -1;
	groups[ng++] = RTNLGRP_LINK;
	if (flags & NL_ROUTES_IPV4) {
		groups[ng++] = RTNLGRP_IPV4_IFADDR;
		groups[ng++] = RTNLGRP_IPV4_ROUTE;
	}
	if (flags & NL_ROUTES_IPV6) {
		groups[ng++] = RTNLGRP_IPV6_IFADDR;
		groups[ng++] = RTNLGRP_IPV6_ROUTE;
	}
	for (size_t i = 0; i < ng; i++) {
		if (setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
			       &groups[i], sizeof(groups[i])) < 0) {
			errf(err, errlen, "cannot subscribe to netlink "
				"notifications: %s", strerror(errno));
			close(fd);
			return -1;
		}
	}
	/* a burst of changes must not overflow; root may go past rmem_max */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0) {
		errf(err, errlen, "cannot make the netlink socket "
			"non-blocking: %s", strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int nl_routes_send(struct nl_routes *n, struct nlmsghdr *h, char *err,
		   size_t errlen)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	ssize_t w;

	h->nlmsg_seq = ++n->seq;
	h->nlmsg_pid = n->portid;
	do {
		w = sendto(n->req_fd, h, h->nlmsg_len, 0,
			   (struct sockaddr *)&sa, sizeof(sa));
	} while (w < 0 && errno == EINTR);
	if (w != (ssize_t)h->nlmsg_len) {
		errf(err, errlen, "cannot send a netlink request: %s",
			w < 0 ? strerror(errno) : "short write");
		return -1;
	}
	return 0;
}

/* Whether a datagram came from the kernel (port 0): any process may
 * send to our sockets' port ids, and only the kernel is believed. */
static bool from_kernel(const struct sockaddr_nl *sa, socklen_t len)
{
	return len >= sizeof(*sa) && sa->nl_family == AF_NETLINK &&
	       sa->nl_pid == 0;
}

/* Reads the answer to request SEQ: a dump until NLMSG_DONE (each message
 * handed to FN), or an acknowledgement.  Returns 0, 1 when a dump was
 * interrupted by a change (NLM_F_DUMP_INTR: do it again), -1 with a
 * message in ERR (-errno of a refused request in *KERR if not NULL). */
int nl_routes_read_answer(struct nl_routes *n, uint32_t seq,
			  int (*fn)(struct nl_routes *, const struct nlmsghdr *),
			  int *kerr, char *err, size_t errlen)
{
	bool intr = false;

	for (;;) {
		struct iovec iov = { n->buf, NLR_BUF };
		struct sockaddr_nl sa;
		struct msghdr msg = {
			.msg_name = &sa, .msg_namelen = sizeof(sa),
			.msg_iov = &iov, .msg_iovlen = 1,
		};
		struct nl_msg_iter it;
		const struct nlmsghdr *h;
		ssize_t len;

		len = recvmsg(n->req_fd, &msg, 0);
		if (len < 0) {
			if (errno == EINTR)
				continue;
			errf(err, errlen, "cannot read from netlink: %s",
				strerror(errno));
			return -1;
		}
		if (msg.msg_flags & MSG_TRUNC) {
			errf(err, errlen, "a netlink message was larger "
				"than %d bytes", NLR_BUF);
			return -1;
		}
		if (!from_kernel(&sa, msg.msg_namelen))
			continue;	/* another process: not an answer */
		nl_msg_iter_init(&it, n->buf, (size_t)len);
		while ((h = nl_msg_iter_next(&it))) {
			int kerror = 0;
			const char *why;

			switch (nl_msg_answer(h, seq, n->portid, &kerror,
					      &intr)) {
			case NL_MSG_OTHER:
				continue;
			case NL_MSG_DONE:
				return intr ? 1 : 0;
			case NL_MSG_ACK:
				return 0;
			case NL_MSG_MALFORMED:
				errf(err, errlen, "malformed netlink error "
					"message");
				return -1;
			case NL_MSG_REFUSED:
				if (kerr)
					*kerr = kerror;
				why = nl_msg_ext_ack(h);
				errf(err, errlen, "the kernel refused: %s%s%s",
					strerror(-kerror), why ? ": " : "",
					why ? why : "");
				return -1;
			case NL_MSG_DATA:
				break;
			}
			if (fn && fn(n, h) < 0) {
				errf(err, errlen, "out of memory or a "
					"malformed message reading netlink");
				return -1;
			}
		}
	}
}

static int dump_apply(struct nl_routes *n, const struct nlmsghdr *h)
{
	return apply(n, h, true) < 0 ? -1 : 0;
}

/* One dump of TYPE for FAMILY into the snapshot. */
static int dump(struct nl_routes *n, int type, uint8_t family, char *err,
		size_t errlen)
{
	struct {
		struct nlmsghdr h;
		union {
			struct rtmsg rt;
			struct ifaddrmsg ifa;
			struct ifinfomsg ifi;
		} u;
	} req;

	memset(&req, 0, sizeof(req));
	req.h.nlmsg_type = (uint16_t)type;
	req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	switch (type) {
	case RTM_GETROUTE:
		req.h.nlmsg_len = NLMSG_LENGTH(sizeof(req.u.rt));
		req.u.rt.rtm_family = family;
		break;
	case RTM_GETADDR:
		req.h.nlmsg_len = NLMSG_LENGTH(sizeof(req.u.ifa));
		req.u.ifa.ifa_family = family;
		break;
	default:
		req.h.nlmsg_len = NLMSG_LENGTH(sizeof(req.u.ifi));
		req.u.ifi.ifi_family = family;
		break;
	}
	if (nl_routes_send(n, &req.h, err, errlen) != 0)
		return -1;
	return nl_routes_read_answer(n, n->seq, dump_apply, NULL, err, errlen);
}

static uint8_t dump_family(unsigned flags)
{
	if ((flags & NL_ROUTES_IPV4) && (flags & NL_ROUTES_IPV6))
		return AF_UNSPEC;
	return (flags & NL_ROUTES_IPV4) ? AF_INET : AF_INET6;
}

int nl_routes_refresh(struct nl_routes *n, char *err, size_t errlen)
{
	uint8_t fam = dump_family(n->flags);

	for (int attempt = 0; attempt < 5; attempt++) {
		int rc;

		route_snapshot_clear(&n->snap);
		rc = dump(n, RTM_GETLINK, AF_UNSPEC, err, errlen);
		if (rc == 0)
			rc = dump(n, RTM_GETADDR, fam, err, errlen);
		if (rc == 0)
			rc = dump(n, RTM_GETROUTE, fam, err, errlen);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			n->stale = false;
			route_snapshot_touch(&n->snap, clock_now_ms());
			return 0;
		}
		/* interrupted by a change: once more */
	}
	errf(err, errlen, "the routes kept changing while being read "
		"(5 attempts)");
	return -1;
}

struct nl_routes *nl_routes_open(unsigned flags, char *err, size_t errlen)
{
	struct nl_routes *n = calloc(1, sizeof(*n));

	if (!n) {
		errf(err, errlen, "out of memory");
		return NULL;
	}
	if (!(flags & (NL_ROUTES_IPV4 | NL_ROUTES_IPV6)))
		flags |= NL_ROUTES_IPV4 | NL_ROUTES_IPV6;
	n->flags = flags;
	n->ev_fd = -1;
	n->req_fd = -1;
	route_snapshot_init(&n->snap);
	snprintf(n->snap.source, sizeof(n->snap.source), "netlink");
	n->buf = malloc(NLR_BUF);
	n->req = malloc(sizeof(*n->req));
	if (!n->buf || !n->req) {
		errf(err, errlen, "out of memory");
		goto fail;
	}
	n->seq = (uint32_t)time(NULL);
	if (flags & NL_ROUTES_EVENTS) {
		n->ev_fd = open_events(flags, err, errlen);
		if (n->ev_fd < 0)
			goto fail;
	}
	n->req_fd = open_socket(&n->portid, err, errlen);
	if (n->req_fd < 0)
		goto fail;
	if (nl_routes_refresh(n, err, errlen) != 0)
		goto fail;
	return n;
fail:
	nl_routes_close(n);
	return NULL;
}

void nl_routes_close(struct nl_routes *n)
{
	if (!n)
		return;
	if (n->ev_fd >= 0)
		close(n->ev_fd);
	if (n->req_fd >= 0)
		close(n->req_fd);
	route_snapshot_free(&n->snap);
	free(n->buf);
	free(n->req);
	free(n);
}

const struct route_snapshot *nl_routes_snapshot(const struct nl_routes *n)
{
	return &n->snap;
}

int nl_routes_fd(const struct nl_routes *n)
{
	return n->ev_fd;
}

void nl_routes_get_stats(const struct nl_routes *n, struct nl_routes_stats *st)
{
	*st = n->stats;
}

int nl_routes_process(struct nl_routes *n, char *err, size_t errlen)
{
	bool changed = false;

	if (n->ev_fd < 0)
		return 0;
	for (;;) {
		struct sockaddr_nl sa;
		socklen_t salen = sizeof(sa);
		ssize_t len = recvfrom(n->ev_fd, n->buf, NLR_BUF, MSG_DONTWAIT,
				       (struct sockaddr *)&sa, &salen);
		struct nl_msg_iter it;
		const struct nlmsghdr *h;

		if (len < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			if (errno == ENOBUFS) {
				/* notifications were lost */
				n->stats.overruns++;
				n->stale = true;
				continue;
			}
			errf(err, errlen, "cannot read netlink "
				"notifications: %s", strerror(errno));
			return -1;
		}
		if (len == 0)
			break;
		if (!from_kernel(&sa, salen))
			continue;	/* forged by another process: dropped */
		nl_msg_iter_init(&it, n->buf, (size_t)len);
		while ((h = nl_msg_iter_next(&it))) {
			int rc = apply(n, h, false);

			if (rc < 0) {
				n->stale = true;
				continue;
			}
			if (rc > 0) {
				changed = true;
				n->stats.notifications++;
			}
		}
	}
	if (n->stale) {
		n->stats.resyncs++;
		if (nl_routes_refresh(n, err, errlen) != 0)
			return -1;
		return 1;
	}
	if (changed)
		route_snapshot_touch(&n->snap, clock_now_ms());
	return changed ? 1 : 0;
}
