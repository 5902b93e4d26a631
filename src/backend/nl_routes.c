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
 * Changes: only a route's metric (nl_routes_set_metric): add the route
 * with the new metric, then delete the old.  Nothing else is written.
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
#include "core/clock.h"
#include "core/diag.h"
#include "core/route_names.h"
#include "core/route_view.h"
#include "core/err.h"

#define NLR_BUF (64 * 1024)
#define NLR_EV_RCVBUF (4 * 1024 * 1024)

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

static int send_msg(struct nl_routes *n, struct nlmsghdr *h, char *err,
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
static int read_answer(struct nl_routes *n, uint32_t seq,
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
	if (send_msg(n, &req.h, err, errlen) != 0)
		return -1;
	return read_answer(n, n->seq, dump_apply, NULL, err, errlen);
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

/* ------------------------------------------------------------------ */
/* changing a metric                                                   */


static struct rtattr *add_attr(struct req_buf *b, int type, const void *data,
			       size_t len)
{
	struct rtattr *rta;
	size_t at = NLMSG_ALIGN(b->h.nlmsg_len);

	if (at + RTA_SPACE(len) > sizeof(*b))
		return NULL;
	rta = (struct rtattr *)((char *)b + at);
	rta->rta_type = (unsigned short)type;
	rta->rta_len = (unsigned short)RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(rta), data, len);
	b->h.nlmsg_len = (uint32_t)(at + RTA_SPACE(len));
	return rta;
}

static int add_u32(struct req_buf *b, int type, uint32_t v)
{
	return add_attr(b, type, &v, sizeof(v)) ? 0 : -1;
}

/* RTA_GATEWAY, or RTA_VIA for a gateway of the other family. */
static int add_gw(struct req_buf *b, uint8_t family, uint8_t gw_family,
		  const uint8_t *gw)
{
	size_t len = gw_family == AF_INET ? 4 : 16;
	uint8_t via[sizeof(struct rtvia) + 16];
	struct rtvia v = { .rtvia_family = gw_family };

	if (gw_family == family)
		return add_attr(b, RTA_GATEWAY, gw, len) ? 0 : -1;
	memcpy(via, &v, sizeof(v));
	memcpy(via + sizeof(v), gw, len);
	return add_attr(b, RTA_VIA, via, sizeof(v) + len) ? 0 : -1;
}

static int add_multipath(struct req_buf *b, const struct route_info *r)
{
	struct rtattr *mp = add_attr(b, RTA_MULTIPATH, NULL, 0);

	if (!mp)
		return -1;
	for (size_t i = 0; i < r->nh_count; i++) {
		const struct route_nh *x = &r->nh[i];
		size_t at = NLMSG_ALIGN(b->h.nlmsg_len);
		struct rtnexthop *rtnh = (struct rtnexthop *)((char *)b + at);

		if (at + RTNH_SPACE(0) > sizeof(*b))
			return -1;
		memset(rtnh, 0, sizeof(*rtnh));
		rtnh->rtnh_flags = (unsigned char)(x->flags & RTNH_F_ONLINK);
		rtnh->rtnh_hops = x->weight;
		rtnh->rtnh_ifindex = x->oif;
		b->h.nlmsg_len = (uint32_t)(at + RTNH_SPACE(0));
		if (x->gw_family && add_gw(b, r->family, x->gw_family, x->gw))
			return -1;
		rtnh->rtnh_len = (unsigned short)(b->h.nlmsg_len - at);
	}
	mp->rta_len = (unsigned short)(b->h.nlmsg_len -
				       ((char *)mp - (char *)b));
	return 0;
}


/* Finds the route with the identity wanted (1 found, 0 not there, -1
 * error). */
static int metrics_fn(struct nl_routes *n, const struct nlmsghdr *h)
{
	struct metrics_find *metrics_ctx = n->mf;
	struct route_snapshot one;
	struct route_info r;
	int rc;

	if (h->nlmsg_type != RTM_NEWROUTE || metrics_ctx->found)
		return 0;
	if (nl_msg_parse_route(n->flags, h, &r, n->nh) <= 0)
		return 0;
	/* same identity: compare through a one-route snapshot */
	route_snapshot_init(&one);
	rc = route_snapshot_append(&one, &r);
	if (rc == 0 && route_snapshot_find(&one, metrics_ctx->want) == 0) {
		size_t mlen = 0;
		const void *m = nl_msg_route_metrics(h, &mlen);

		metrics_ctx->found = true;
		if (m && mlen <= sizeof(metrics_ctx->out)) {
			metrics_ctx->len = mlen;
			memcpy(metrics_ctx->out, m, mlen);
		}
	}
	route_snapshot_free(&one);
	return rc;
}

static int find_metrics(struct nl_routes *n, struct metrics_find *mf,
			char *err, size_t errlen)
{
	struct {
		struct nlmsghdr h;
		struct rtmsg rt;
	} req;
	int rc;

	memset(&req, 0, sizeof(req));
	req.h.nlmsg_type = RTM_GETROUTE;
	req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.h.nlmsg_len = NLMSG_LENGTH(sizeof(req.rt));
	req.rt.rtm_family = mf->want->family;
	if (send_msg(n, &req.h, err, errlen) != 0)
		return -1;
	n->mf = mf;
	rc = read_answer(n, n->seq, metrics_fn, NULL, err, errlen);
	n->mf = NULL;
	if (rc < 0)
		return -1;
	return mf->found ? 1 : 0;
}

static int route_request(struct nl_routes *n, int type, unsigned nlflags,
			 const struct route_info *r, uint32_t metric,
			 const struct metrics_find *mf, char *err,
			 size_t errlen)
{
	struct req_buf *bp = n->req;
	size_t al = r->family == AF_INET ? 4 : 16;
	int kerr = 0;

#define b (*bp)
	memset(&b, 0, sizeof(b));
	b.h.nlmsg_type = (uint16_t)type;
	b.h.nlmsg_flags = (uint16_t)(NLM_F_REQUEST | NLM_F_ACK | nlflags);
	b.h.nlmsg_len = NLMSG_LENGTH(sizeof(b.rt));
	b.rt.rtm_family = r->family;
	b.rt.rtm_dst_len = r->dst_len;
	b.rt.rtm_src_len = r->src_len;
	b.rt.rtm_tos = r->tos;
	b.rt.rtm_table = r->table < 256 ? (uint8_t)r->table : RT_TABLE_UNSPEC;
	b.rt.rtm_type = r->type;
	if (type == RTM_NEWROUTE) {
		b.rt.rtm_protocol = r->protocol;
		b.rt.rtm_scope = r->scope;
		b.rt.rtm_flags = r->flags & RTNH_F_ONLINK;
	} else {
		b.rt.rtm_protocol = r->protocol;
		b.rt.rtm_scope = RT_SCOPE_NOWHERE;	/* any scope */
	}
	if (add_u32(&b, RTA_TABLE, r->table) ||
	    add_u32(&b, RTA_PRIORITY, metric) ||
	    (r->dst_len && !add_attr(&b, RTA_DST, r->dst, al)) ||
	    (r->src_len && !add_attr(&b, RTA_SRC, r->src, al)))
		goto full;
	if (r->nhid) {
		if (add_u32(&b, RTA_NH_ID, r->nhid))
			goto full;
	} else if (r->nh_count) {
		if (add_multipath(&b, r))
			goto full;
	} else {
		if (r->oif && add_u32(&b, RTA_OIF, (uint32_t)r->oif))
			goto full;
		if (r->gw_family && add_gw(&b, r->family, r->gw_family, r->gw))
			goto full;
	}
	if (type == RTM_NEWROUTE) {
		if (r->has_prefsrc && !add_attr(&b, RTA_PREFSRC, r->prefsrc, al))
			goto full;
		if (r->pref != ROUTE_PREF_NONE &&
		    !add_attr(&b, RTA_PREF, &r->pref, 1))
			goto full;
		if (mf && mf->len && !add_attr(&b, RTA_METRICS, mf->out, mf->len))
			goto full;
	}
	if (send_msg(n, &b.h, err, errlen) != 0)
		return -1;
	return read_answer(n, n->seq, NULL, &kerr, err, errlen) == 0 ? 0 : -1;
full:
	errf(err, errlen, "the route has too many nexthops to be changed");
	return -1;
#undef b
}

int nl_routes_set_metric(struct nl_routes *n, const struct route_info *r,
			 uint32_t metric, char *err, size_t errlen)
{
	struct metrics_find mf;
	char dst[ROUTE_PREFIX_STRLEN], why[ERR_MAX];
	int rc;

	route_dst_str(r, dst);
	if (r->metric == metric)
		return 0;
	memset(&mf, 0, sizeof(mf));
	mf.want = r;
	rc = find_metrics(n, &mf, err, errlen);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		errf(err, errlen, "the route %s (metric %u) is no longer "
			"there; nothing was changed", dst, (unsigned)r->metric);
		return -1;
	}
	/* IPv4: append, as `ip route append` (another route may have that
	 * metric already: the tie is then shown).  IPv6 would merge it
	 * into a multipath route: create only. */
	if (route_request(n, RTM_NEWROUTE, NLM_F_CREATE |
			  (r->family == AF_INET ? NLM_F_APPEND : NLM_F_EXCL),
			  r, metric, &mf, why, sizeof(why)) != 0) {
		errf(err, errlen, "cannot add %s with metric %u: %s; the "
			"old route is unchanged", dst, (unsigned)metric, why);
		return -1;
	}
	if (route_request(n, RTM_DELROUTE, 0, r, r->metric, NULL, why,
			  sizeof(why)) != 0) {
		char why2[ERR_MAX];
		struct route_info nr = *r;

		nr.metric = metric;
		if (route_request(n, RTM_DELROUTE, 0, &nr, metric, NULL, why2,
				  sizeof(why2)) != 0)
			errf(err, errlen, "cannot delete %s with metric %u "
				"(%s), and the route added with metric %u "
				"could not be taken back (%s): both are there",
				dst, (unsigned)r->metric, why,
				(unsigned)metric, why2);
		else
			errf(err, errlen, "cannot delete %s with metric %u: "
				"%s; nothing was changed", dst,
				(unsigned)r->metric, why);
		return -1;
	}
	return 0;
}

int nl_routes_set_nic_metric(struct nl_routes *n, int32_t ifindex,
			     uint32_t metric, char *err, size_t errlen)
{
	struct route_info list[ROUTE_VIEW_MAX_DEFAULTS];
	struct route_nh nhs[ROUTE_VIEW_MAX_DEFAULTS][8];
	size_t count = 0;
	int changed = 0;

	/* collect first: the snapshot may change under us */
	for (size_t i = 0; i < n->snap.nroutes && count < ROUTE_VIEW_MAX_DEFAULTS;
	     i++) {
		struct route_info r;
		int32_t dev;

		route_snapshot_get(&n->snap, i, &r);
		if (r.family != AF_INET || r.dst_len != 0 ||
		    r.table != RT_TABLE_MAIN || r.type != RTN_UNICAST)
			continue;
		dev = r.nh_count ? r.nh[0].oif : r.oif;
		if (dev != ifindex || r.metric == metric)
			continue;
		if (r.nh_count > 8)
			continue;
		if (r.nh_count) {
			memcpy(nhs[count], r.nh, r.nh_count * sizeof(r.nh[0]));
			r.nh = nhs[count];
		}
		list[count++] = r;
	}
	for (size_t i = 0; i < count; i++) {
		if (nl_routes_set_metric(n, &list[i], metric, err, errlen) != 0)
			return -1;
		changed++;
	}
	return changed;
}
