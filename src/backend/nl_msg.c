/*
 * nl_msg.c - the rtnetlink message parsers (see nl_msg.h): a datagram's
 * messages, their place in a request's answer, routes, addresses and
 * links into the core/routes.h types, one message applied to a snapshot,
 * the kernel's error text.
 *
 * Why raw rtnetlink for routes (nl_routes.c), when links and bridges
 * (nl_links.c, nl_bridge.c) use libnl-route-3: libnl's route cache keys
 * a route on (family, tos, table, destination, priority) and, filling the
 * cache from a dump, skips a route whose key is already there, so routes
 * that differ only by device or gateway become one object (17 kernel
 * routes became 15 in a test), and the route panel must show every
 * kernel route.  Links and addresses have no such problem: nl_links.c
 * and nl_bridge.c read them through libnl's link and address caches, one
 * dump at a time.  (nl_bridge.c reads the uplink's IPv4 default routes,
 * to move them to the bridge, through nl_routes.c too: through libnl's
 * route cache, a default route that shared its key with another one,
 * same metric through another device, was missed.)  This is the one
 * place that says why; nl_routes.h and nl_routes.c point here.  The messages are
 * parsed here, apart from the sockets of nl_routes.c, so that unit tests
 * and a fuzzer reach them.
 *
 * Touches only the bytes given and the snapshot.
 */
#include "config.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "backend/nl_msg.h"
#include "core/mac.h"

/* ------------------------------------------------------------------ */
/* the messages of a datagram                                          */

void nl_msg_iter_init(struct nl_msg_iter *it, const void *buf, size_t len)
{
	it->buf = buf;
	it->len = len;
	it->off = 0;
	it->bad = false;
}

/*
 * Lengths are size_t and compared before they are subtracted: the last
 * message of a datagram may end short of its padding (its nlmsg_len not
 * a multiple of 4), and the bytes after the datagram belong to earlier,
 * longer ones (NLMSG_OK on an (unsigned) remaining length of -2 took
 * them for messages).
 */
const struct nlmsghdr *nl_msg_iter_next(struct nl_msg_iter *it)
{
	const struct nlmsghdr *h;
	size_t left, step;

	if (it->off >= it->len)
		return NULL;
	left = it->len - it->off;
	if (left < sizeof(*h)) {
		it->bad = true;
		return NULL;
	}
	h = (const struct nlmsghdr *)(it->buf + it->off);
	if (h->nlmsg_len < sizeof(*h) || h->nlmsg_len > left) {
		it->bad = true;
		it->off = it->len;
		return NULL;
	}
	step = NLMSG_ALIGN((size_t)h->nlmsg_len);
	it->off = step < left ? it->off + step : it->len;
	return h;
}

/* ------------------------------------------------------------------ */
/* parsing                                                             */

static void parse_attrs(struct rtattr **tb, int max, struct rtattr *rta,
			int len)
{
	memset(tb, 0, sizeof(*tb) * ((size_t)max + 1));
	for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len))
		if (rta->rta_type <= max && !tb[rta->rta_type])
			tb[rta->rta_type] = rta;
}

static uint32_t attr_u32(const struct rtattr *a)
{
	uint32_t v = 0;

	if (a && RTA_PAYLOAD(a) >= sizeof(v))
		memcpy(&v, RTA_DATA(a), sizeof(v));
	return v;
}

/* A text attribute (a name, a label) into DST of LEN bytes, cut to fit;
 * its payload need not end in a NUL. */
static void attr_text(char *dst, size_t len, const struct rtattr *a)
{
	size_t n = RTA_PAYLOAD(a);

	if (n >= len)
		n = len - 1;
	memcpy(dst, RTA_DATA(a), n);
	dst[n] = '\0';
}

/* Copies an address attribute of FAMILY; false when it does not fit. */
static bool attr_addr(const struct rtattr *a, uint8_t family, uint8_t *out)
{
	size_t len = family == AF_INET ? 4 : 16;

	if (!a || RTA_PAYLOAD(a) < len)
		return false;
	memcpy(out, RTA_DATA(a), len);
	return true;
}

/* RTA_VIA: struct rtvia (family, address). */
static bool attr_via(const struct rtattr *a, uint8_t *family, uint8_t *out)
{
	struct rtvia via;
	size_t len;

	if (!a || RTA_PAYLOAD(a) < sizeof(via))
		return false;
	memcpy(&via, RTA_DATA(a), sizeof(via));
	len = via.rtvia_family == AF_INET ? 4 :
	      via.rtvia_family == AF_INET6 ? 16 : 0;
	if (!len || RTA_PAYLOAD(a) < sizeof(via) + len)
		return false;
	*family = (uint8_t)via.rtvia_family;
	memcpy(out, (const uint8_t *)RTA_DATA(a) + sizeof(via), len);
	return true;
}

/* Parses RTM_NEWROUTE/DELROUTE into R (NH: room for the nexthops).
 * Returns 1 parsed, 0 not a route we keep (cache clone, other family),
 * -1 malformed. */
int nl_msg_parse_route(unsigned families, const struct nlmsghdr *h,
		       struct route_info *r, struct route_nh *nh)
{
	const struct rtmsg *rtm = NLMSG_DATA(h);
	struct rtattr *tb[RTA_MAX + 1];
	int len = (int)h->nlmsg_len - (int)NLMSG_LENGTH(sizeof(*rtm));

	if (len < 0)
		return -1;
	if (rtm->rtm_family == AF_INET) {
		if (!(families & NL_ROUTES_IPV4))
			return 0;
	} else if (rtm->rtm_family == AF_INET6) {
		if (!(families & NL_ROUTES_IPV6))
			return 0;
	} else {
		return 0;
	}
	if (rtm->rtm_flags & RTM_F_CLONED)
		return 0;
	parse_attrs(tb, RTA_MAX, RTM_RTA(rtm), len);
	memset(r, 0, sizeof(*r));
	r->family = rtm->rtm_family;
	r->dst_len = rtm->rtm_dst_len;
	r->src_len = rtm->rtm_src_len;
	r->tos = rtm->rtm_tos;
	r->protocol = rtm->rtm_protocol;
	r->scope = rtm->rtm_scope;
	r->type = rtm->rtm_type;
	r->flags = rtm->rtm_flags;
	r->table = tb[RTA_TABLE] ? attr_u32(tb[RTA_TABLE]) : rtm->rtm_table;
	r->metric = attr_u32(tb[RTA_PRIORITY]);
	r->oif = (int32_t)attr_u32(tb[RTA_OIF]);
	r->nhid = attr_u32(tb[RTA_NH_ID]);
	r->pref = tb[RTA_PREF] && RTA_PAYLOAD(tb[RTA_PREF]) >= 1 ?
		  *(const uint8_t *)RTA_DATA(tb[RTA_PREF]) : ROUTE_PREF_NONE;
	if (r->dst_len && !attr_addr(tb[RTA_DST], r->family, r->dst))
		return -1;
	if (r->src_len && !attr_addr(tb[RTA_SRC], r->family, r->src))
		return -1;
	if (attr_addr(tb[RTA_GATEWAY], r->family, r->gw))
		r->gw_family = r->family;
	else if (tb[RTA_VIA] && !attr_via(tb[RTA_VIA], &r->gw_family, r->gw))
		return -1;
	r->has_prefsrc = attr_addr(tb[RTA_PREFSRC], r->family, r->prefsrc);
	if (tb[RTA_MULTIPATH]) {
		struct rtnexthop *rtnh = RTA_DATA(tb[RTA_MULTIPATH]);
		int mlen = (int)RTA_PAYLOAD(tb[RTA_MULTIPATH]);
		size_t k = 0;

		while (mlen >= (int)sizeof(*rtnh) && rtnh->rtnh_len >= sizeof(*rtnh) &&
		       rtnh->rtnh_len <= mlen) {
			struct rtattr *ntb[RTA_MAX + 1];
			struct route_nh *x;

			if (k == ROUTE_MAX_NEXTHOPS)
				return -1;
			x = &nh[k++];
			memset(x, 0, sizeof(*x));
			x->oif = rtnh->rtnh_ifindex;
			x->flags = rtnh->rtnh_flags;
			x->weight = rtnh->rtnh_hops;
			parse_attrs(ntb, RTA_MAX, RTNH_DATA(rtnh),
				    (int)rtnh->rtnh_len - (int)RTNH_LENGTH(0));
			if (attr_addr(ntb[RTA_GATEWAY], r->family, x->gw))
				x->gw_family = r->family;
			else if (ntb[RTA_VIA] &&
				 !attr_via(ntb[RTA_VIA], &x->gw_family, x->gw))
				return -1;
			mlen -= (int)RTNH_ALIGN(rtnh->rtnh_len);
			rtnh = RTNH_NEXT(rtnh);
		}
		r->nh = nh;
		r->nh_count = (uint16_t)k;
	}
	return 1;
}

int nl_msg_parse_addr(unsigned families, const struct nlmsghdr *h,
		      struct route_ifaddr *a)
{
	const struct ifaddrmsg *ifa = NLMSG_DATA(h);
	struct rtattr *tb[IFA_MAX + 1];
	int len = (int)h->nlmsg_len - (int)NLMSG_LENGTH(sizeof(*ifa));

	if (len < 0)
		return -1;
	if (!((ifa->ifa_family == AF_INET && (families & NL_ROUTES_IPV4)) ||
	      (ifa->ifa_family == AF_INET6 && (families & NL_ROUTES_IPV6))))
		return 0;
	parse_attrs(tb, IFA_MAX, IFA_RTA(ifa), len);
	memset(a, 0, sizeof(*a));
	a->family = ifa->ifa_family;
	a->prefixlen = ifa->ifa_prefixlen;
	a->scope = ifa->ifa_scope;
	a->ifindex = (int32_t)ifa->ifa_index;
	a->flags = tb[IFA_FLAGS] ? attr_u32(tb[IFA_FLAGS]) : ifa->ifa_flags;
	a->has_local = attr_addr(tb[IFA_LOCAL], a->family, a->local);
	a->has_address = attr_addr(tb[IFA_ADDRESS], a->family, a->address);
	a->has_broadcast = attr_addr(tb[IFA_BROADCAST], a->family,
				     a->broadcast);
	if (!a->has_local && !a->has_address)
		return -1;
	if (!a->has_local) {
		/* IPv6 puts the address in IFA_ADDRESS alone */
		memcpy(a->local, a->address, sizeof(a->local));
		a->has_local = true;
		a->has_address = false;
	} else if (a->has_address &&
		   memcmp(a->local, a->address, sizeof(a->local)) == 0) {
		a->has_address = false;	/* no peer */
	}
	if (tb[IFA_LABEL])
		attr_text(a->label, sizeof(a->label), tb[IFA_LABEL]);
	a->valid_lft = a->preferred_lft = ROUTE_LFT_FOREVER;
	if (tb[IFA_CACHEINFO] &&
	    RTA_PAYLOAD(tb[IFA_CACHEINFO]) >= sizeof(struct ifa_cacheinfo)) {
		struct ifa_cacheinfo ci;

		memcpy(&ci, RTA_DATA(tb[IFA_CACHEINFO]), sizeof(ci));
		a->valid_lft = ci.ifa_valid;
		a->preferred_lft = ci.ifa_prefered;
	}
	return 1;
}

int nl_msg_parse_link(const struct nlmsghdr *h, struct route_link *l)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	struct rtattr *tb[IFLA_MAX + 1];
	int len = (int)h->nlmsg_len - (int)NLMSG_LENGTH(sizeof(*ifi));

	if (len < 0)
		return -1;
	parse_attrs(tb, IFLA_MAX, IFLA_RTA(ifi), len);
	memset(l, 0, sizeof(*l));
	l->ifindex = ifi->ifi_index;
	l->flags = ifi->ifi_flags;
	if (tb[IFLA_IFNAME])
		attr_text(l->name, sizeof(l->name), tb[IFLA_IFNAME]);
	if (tb[IFLA_ADDRESS] && RTA_PAYLOAD(tb[IFLA_ADDRESS]) == 6) {
		struct mac m;

		memcpy(m.b, RTA_DATA(tb[IFLA_ADDRESS]), sizeof(m.b));
		mac_format(&m, l->mac);
	}
	if (tb[IFLA_OPERSTATE] && RTA_PAYLOAD(tb[IFLA_OPERSTATE]) >= 1)
		l->operstate = *(const uint8_t *)RTA_DATA(tb[IFLA_OPERSTATE]);
	return 1;
}

const void *nl_msg_route_metrics(const struct nlmsghdr *h, size_t *len)
{
	const struct rtmsg *rtm = NLMSG_DATA(h);
	struct rtattr *tb[RTA_MAX + 1];

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*rtm)))
		return NULL;
	parse_attrs(tb, RTA_MAX, RTM_RTA(rtm), (int)h->nlmsg_len -
		    (int)NLMSG_LENGTH(sizeof(*rtm)));
	if (!tb[RTA_METRICS])
		return NULL;
	*len = RTA_PAYLOAD(tb[RTA_METRICS]);
	return RTA_DATA(tb[RTA_METRICS]);
}

/* ------------------------------------------------------------------ */
/* applying messages                                                   */

/* Link flags whose change makes the kernel drop or mark routes. */
#define LINK_ROUTE_FLAGS (IFF_UP | IFF_RUNNING | IFF_LOWER_UP)

int nl_msg_apply(struct route_snapshot *snap, unsigned families,
		 struct route_nh *nh, const struct nlmsghdr *h, bool dump,
		 bool *stale)
{
	struct route_info r;
	struct route_ifaddr a;
	struct route_link l;
	const struct route_link *old;
	int rc = 0;

	switch (h->nlmsg_type) {
	case RTM_NEWROUTE:
	case RTM_DELROUTE:
		if (h->nlmsg_len < NLMSG_LENGTH(sizeof(struct rtmsg)))
			return -1;
		rc = nl_msg_parse_route(families, h, &r, nh);
		if (rc <= 0)
			return rc;
		if (dump)
			return route_snapshot_append(snap, &r) < 0 ? -1 : 1;
		if (h->nlmsg_type == RTM_DELROUTE) {
			rc = route_snapshot_remove(snap, &r);
			if (rc == 0)
				*stale = true;	/* not ours to place */
			return rc < 0 ? -1 : 1;
		}
		if (r.family == AF_INET6 && (h->nlmsg_flags & NLM_F_APPEND)) {
			*stale = true;	/* a nexthop joined a route */
			return 1;
		}
		if (h->nlmsg_flags & NLM_F_REPLACE) {
			rc = route_snapshot_replace(snap, &r);
			if (rc == 1)
				*stale = true;
			return rc < 0 ? -1 : 1;
		}
		return route_snapshot_put(snap, &r) < 0 ? -1 : 1;
	case RTM_NEWADDR:
	case RTM_DELADDR:
		if (h->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifaddrmsg)))
			return -1;
		rc = nl_msg_parse_addr(families, h, &a);
		if (rc <= 0)
			return rc;
		if (h->nlmsg_type == RTM_NEWADDR)
			return route_snapshot_put_addr(snap, &a) < 0 ? -1 : 1;
		route_snapshot_remove_addr(snap, &a);
		if (a.family == AF_INET)
			*stale = true;  /* routes using it go silently */
		return 1;
	case RTM_NEWLINK:
	case RTM_DELLINK:
		if (h->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifinfomsg)))
			return -1;
		if (nl_msg_parse_link(h, &l) < 0)
			return -1;
		if (h->nlmsg_type == RTM_DELLINK) {
			route_snapshot_remove_link(snap, l.ifindex);
			if (!dump)
				*stale = true;
			return 1;
		}
		old = route_snapshot_link(snap, l.ifindex);
		if (!dump && old &&
		    ((old->flags ^ l.flags) & LINK_ROUTE_FLAGS))
			*stale = true;
		if (!dump && old && memcmp(old, &l, sizeof(l)) == 0)
			return 0;	/* nothing we show changed */
		return route_snapshot_put_link(snap, &l) < 0 ? -1 : 1;
	default:
		return 0;
	}
}

/* ------------------------------------------------------------------ */
/* answers and error messages                                          */

enum nl_msg_answer nl_msg_answer(const struct nlmsghdr *h, uint32_t seq,
				 uint32_t portid, int *kerr, bool *intr)
{
	const struct nlmsgerr *e;

	if (h->nlmsg_seq != seq || h->nlmsg_pid != portid)
		return NL_MSG_OTHER;
	if (h->nlmsg_flags & NLM_F_DUMP_INTR)
		*intr = true;
	if (h->nlmsg_type == NLMSG_DONE)
		return NL_MSG_DONE;
	if (h->nlmsg_type != NLMSG_ERROR)
		return NL_MSG_DATA;
	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
		return NL_MSG_MALFORMED;
	e = NLMSG_DATA(h);
	if (e->error == 0)
		return NL_MSG_ACK;
	*kerr = e->error;
	return NL_MSG_REFUSED;
}

/* The kernel's text of an error message (NLMSGERR_ATTR_MSG), if any. */
/*
 * The attributes follow the echoed request, which the kernel pads to a
 * multiple of 4 (nlmsg_append): offset NLMSG_ALIGN(sizeof(nlmsgerr) +
 * its payload).  The echoed length is the sender's word, checked
 * against the message before it is used (0xffffffff once pointed 4 GiB
 * past it).
 */
const char *nl_msg_ext_ack(const struct nlmsghdr *h)
{
	const struct nlmsgerr *e = NLMSG_DATA(h);
	size_t payload, off = sizeof(*e);
	const struct rtattr *rta;
	int len;

	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS) ||
	    h->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
		return NULL;
	payload = h->nlmsg_len - NLMSG_HDRLEN;
	if (!(h->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < sizeof(e->msg) ||
		    e->msg.nlmsg_len - sizeof(e->msg) > payload - off)
			return NULL;
		off += e->msg.nlmsg_len - sizeof(e->msg);
	}
	off = NLMSG_ALIGN(off);
	if (off >= payload || payload - off > INT_MAX)
		return NULL;
	len = (int)(payload - off);
	rta = (const struct rtattr *)((const char *)NLMSG_DATA(h) + off);
	for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
		if (rta->rta_type == NLMSGERR_ATTR_MSG &&
		    RTA_PAYLOAD(rta) > 0 &&
		    ((const char *)RTA_DATA(rta))[RTA_PAYLOAD(rta) - 1] == '\0')
			return RTA_DATA(rta);
	}
	return NULL;
}
