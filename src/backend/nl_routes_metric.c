/*
 * nl_routes_metric.c - the one change the rtnetlink reader makes: a
 * route's metric (nl_routes.h: nl_routes_set_metric,
 * nl_routes_set_nic_metric).  The route is added with the new metric,
 * keeping its attributes (gateway, next hops, RTA_METRICS read back from
 * a dump), then the old one is deleted.
 *
 * May touch: the routes it is asked to change, through the request
 * socket of nl_routes.c; nothing else is written.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "backend/nl_msg.h"
#include "backend/nl_routes.h"
#include "backend/nl_routes_priv.h"
#include "core/err.h"
#include "core/route_names.h"
#include "core/route_view.h"

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
	if (nl_routes_send(n, &req.h, err, errlen) != 0)
		return -1;
	n->mf = mf;
	rc = nl_routes_read_answer(n, n->seq, metrics_fn, NULL, err, errlen);
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
	if (nl_routes_send(n, &b.h, err, errlen) != 0)
		return -1;
	return nl_routes_read_answer(n, n->seq, NULL, &kerr, err, errlen) == 0 ? 0 : -1;
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
