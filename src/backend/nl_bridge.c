/*
 * nl_bridge.c - bridge for an external switch through libnl-route-3 (see
 * nl_bridge.h).  Touches only the uplink and bridge named by the caller,
 * in the calling thread's network namespace: links, their IPv4 addresses
 * and the default routes through them.  Reads sysfs to tell Wi-Fi NICs.
 * Links and addresses are read through libnl's caches; routes through
 * the raw rtnetlink reader of the route panel (nl_routes.h), which keeps
 * every route.
 */
#include "config.h"

#include <errno.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/rtnetlink.h>

#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/bridge.h>
#include <netlink/route/route.h>

#include "backend/nl_bridge.h"
#include "backend/nl_routes.h"
#include "core/ipv4.h"
#include "core/str.h"
#include "core/err.h"

struct nlb {
	struct nl_sock *sk;
	struct nl_cache *links;
	char *err;
	size_t errlen;
};

static int nerr(struct nlb *n, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int nerr(struct nlb *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verrf(n->err, n->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int nlb_open(struct nlb *n, char *err, size_t errlen)
{
	int r;

	memset(n, 0, sizeof(*n));
	n->err = err;
	n->errlen = errlen;
	n->sk = nl_socket_alloc();
	if (!n->sk)
		return nerr(n, "netlink: out of memory");
	r = nl_connect(n->sk, NETLINK_ROUTE);
	if (r < 0) {
		nl_socket_free(n->sk);
		n->sk = NULL;
		return nerr(n, "cannot open a netlink socket: %s",
			    nl_geterror(r));
	}
	return 0;
}

static void nlb_close(struct nlb *n)
{
	if (n->links)
		nl_cache_free(n->links);
	if (n->sk)
		nl_socket_free(n->sk);
	n->links = NULL;
	n->sk = NULL;
}

/* The end of a change: the links U and B (NULL: none) let go, N closed;
 * RC returned. */
static int nlb_done(struct nlb *n, struct rtnl_link *u, struct rtnl_link *b,
		    int rc)
{
	if (u)
		rtnl_link_put(u);
	if (b)
		rtnl_link_put(b);
	nlb_close(n);
	return rc;
}

/* Refreshes the link cache. */
static int load_links(struct nlb *n)
{
	int r;

	if (n->links) {
		nl_cache_free(n->links);
		n->links = NULL;
	}
	r = rtnl_link_alloc_cache(n->sk, AF_UNSPEC, &n->links);
	if (r < 0)
		return nerr(n, "cannot read the host's links: %s",
			    nl_geterror(r));
	return 0;
}

/* The link NAME (a reference: rtnl_link_put it), or NULL. */
static struct rtnl_link *get_link(struct nlb *n, const char *name)
{
	return rtnl_link_get_by_name(n->links, name);
}

static bool is_wireless(const char *name)
{
	char p[128];

	snprintf(p, sizeof(p), "/sys/class/net/%s/wireless", name);
	if (access(p, F_OK) == 0)
		return true;
	snprintf(p, sizeof(p), "/sys/class/net/%s/phy80211", name);
	return access(p, F_OK) == 0;
}

struct addr_walk {
	int ifindex;
	struct apply_link *l;
};

static void collect_addr(struct nl_object *o, void *arg)
{
	struct rtnl_addr *a = (struct rtnl_addr *)o;
	struct addr_walk *w = arg;
	struct nl_addr *local = rtnl_addr_get_local(a);
	char buf[IPV4_STRLEN];
	uint32_t v;

	if (rtnl_addr_get_ifindex(a) != w->ifindex ||
	    rtnl_addr_get_family(a) != AF_INET || !local ||
	    nl_addr_get_len(local) != 4 ||
	    w->l->naddrs >= APPLY_LINK_MAX_ADDRS)
		return;
	memcpy(&v, nl_addr_get_binary_addr(local), 4);
	ipv4_format(ntohl(v), buf);
	snprintf(w->l->addrs[w->l->naddrs], sizeof(w->l->addrs[0]), "%s/%d",
		 buf, rtnl_addr_get_prefixlen(a));
	w->l->naddrs++;
}

/* The gateway of route R when it is an IPv4 default route of the main
 * table through link IFINDEX with one nexthop and an IPv4 gateway (as
 * the uplink's routes to move), else NULL. */
static const uint8_t *uplink_gateway(const struct route_info *r,
				     int ifindex)
{
	const struct route_nh *nh = r->nh_count == 1 ? &r->nh[0] : NULL;

	if (r->family != ROUTE_AF_INET || r->table != RT_TABLE_MAIN ||
	    r->dst_len != 0 || r->nh_count > 1 || r->nhid)
		return NULL;
	if (nh)
		return nh->oif == ifindex && nh->gw_family == ROUTE_AF_INET ?
		       nh->gw : NULL;
	return r->oif == ifindex && r->gw_family == ROUTE_AF_INET ?
	       r->gw : NULL;
}

/* The default routes of IFINDEX into L, in the kernel's order, from a
 * raw rtnetlink dump (nl_routes.h), not libnl's route cache, which keeps
 * one route per key and so missed a route whose key another one shares
 * (same metric through another device or gateway: see nl_msg.c). */
static int collect_routes(struct nlb *n, int ifindex, struct apply_link *l)
{
	const struct route_snapshot *s;
	struct nl_routes *nr;
	char e[ERR_MAX];

	nr = nl_routes_open(NL_ROUTES_IPV4, e, sizeof(e));
	if (!nr)
		return nerr(n, "cannot read the host's routes: %s", e);
	s = nl_routes_snapshot(nr);
	for (size_t i = 0; i < s->nroutes &&
			   l->nroutes < APPLY_LINK_MAX_ROUTES; i++) {
		struct apply_route *out;
		struct route_info r;
		const uint8_t *gw;
		uint32_t v;

		route_snapshot_get(s, i, &r);
		gw = uplink_gateway(&r, ifindex);
		if (!gw)
			continue;
		out = &l->routes[l->nroutes++];
		memcpy(&v, gw, 4);
		ipv4_format(ntohl(v), out->gateway);
		out->metric = r.metric;
	}
	nl_routes_close(nr);
	return 0;
}

/* Addresses and default routes of IFINDEX into L. */
static int collect(struct nlb *n, int ifindex, struct apply_link *l)
{
	struct nl_cache *c = NULL;
	struct addr_walk w = { ifindex, l };
	int r;

	l->naddrs = l->nroutes = 0;
	r = rtnl_addr_alloc_cache(n->sk, &c);
	if (r < 0)
		return nerr(n, "cannot read the host's addresses: %s",
			    nl_geterror(r));
	nl_cache_foreach(c, collect_addr, &w);
	nl_cache_free(c);
	return collect_routes(n, ifindex, l);
}

int nl_bridge_snapshot(const char *uplink, const char *bridge,
		       struct apply_link *l, char *err, size_t errlen)
{
	struct rtnl_link *u, *b;
	struct nlb n;
	int rc = 0;

	memset(l, 0, sizeof(*l));
	if (strlen(uplink) >= sizeof(l->uplink) ||
	    strlen(bridge) >= sizeof(l->bridge)) {
		errf(err, errlen, "interface name too long");
		return -1;
	}
	str_copy(l->uplink, sizeof(l->uplink), uplink);
	str_copy(l->bridge, sizeof(l->bridge), bridge);
	if (nlb_open(&n, err, errlen) < 0)
		return -1;
	if (load_links(&n) < 0) {
		nlb_close(&n);
		return -1;
	}
	b = get_link(&n, bridge);
	if (b) {
		l->bridge_exists = true;
		l->bridge_is_bridge = rtnl_link_is_bridge(b) != 0;
		rtnl_link_put(b);
	}
	u = get_link(&n, uplink);
	if (u) {
		int m = rtnl_link_get_master(u);

		l->uplink_exists = true;
		l->uplink_wireless = is_wireless(uplink);
		if (m > 0 && !rtnl_link_i2name(n.links, m, l->uplink_master,
					       sizeof(l->uplink_master)))
			snprintf(l->uplink_master, sizeof(l->uplink_master),
				 "?%d", m);
		rc = collect(&n, rtnl_link_get_ifindex(u), l);
		rtnl_link_put(u);
	}
	nlb_close(&n);
	return rc;
}

/* ---- changing links ---- */

static struct nl_addr *v4(const char *text, int prefix)
{
	struct nl_addr *a = NULL;
	uint32_t v;

	if (ipv4_parse(text, &v) != IPV4_OK)
		return NULL;
	v = htonl(v);
	a = nl_addr_build(AF_INET, &v, 4);
	if (a && prefix >= 0)
		nl_addr_set_prefixlen(a, prefix);
	return a;
}

/* Adds (ADD) or deletes CIDR on IFINDEX; EEXIST / not-there are fine. */
static int addr_op(struct nlb *n, int ifindex, const char *cidr, bool add,
		   const char *dev)
{
	struct rtnl_addr *a;
	struct nl_addr *local = NULL, *brd = NULL;
	char ip[IPV4_STRLEN];
	uint32_t v;
	int pfx, r;

	if (ipv4_parse_cidr(cidr, &v, &pfx) != IPV4_OK)
		return nerr(n, "address %s is not usable", cidr);
	ipv4_format(v, ip);
	a = rtnl_addr_alloc();
	local = v4(ip, pfx);
	if (!a || !local) {
		if (a)
			rtnl_addr_put(a);
		nl_addr_put(local);
		return nerr(n, "netlink: out of memory");
	}
	rtnl_addr_set_ifindex(a, ifindex);
	rtnl_addr_set_family(a, AF_INET);
	rtnl_addr_set_local(a, local);
	rtnl_addr_set_prefixlen(a, pfx);
	if (add && pfx < 31) {
		char b[IPV4_STRLEN];

		brd = v4(ipv4_format(ipv4_broadcast(v, pfx), b), -1);
		if (brd)
			rtnl_addr_set_broadcast(a, brd);
	}
	r = add ? rtnl_addr_add(n->sk, a, 0) : rtnl_addr_delete(n->sk, a, 0);
	nl_addr_put(local);
	nl_addr_put(brd);
	rtnl_addr_put(a);
	if (r < 0 && !(add && r == -NLE_EXIST) &&
	    !(!add && (r == -NLE_NOADDR || r == -NLE_OBJ_NOTFOUND ||
		       r == -NLE_NODEV)))
		return nerr(n, "cannot %s address %s %s %s: %s",
			    add ? "add" : "remove", cidr, add ? "to" : "from",
			    dev, nl_geterror(r));
	return 0;
}

static int route_op(struct nlb *n, int ifindex, const struct apply_route *rt,
		    bool add, const char *dev)
{
	struct rtnl_route *r = rtnl_route_alloc();
	struct rtnl_nexthop *nh = rtnl_route_nh_alloc();
	struct nl_addr *dst = NULL, *gw = v4(rt->gateway, -1);
	int e;

	if (r && nh && gw)
		e = nl_addr_parse("default", AF_INET, &dst);
	else
		e = -NLE_NOMEM;
	if (e < 0) {
		if (r)
			rtnl_route_put(r);
		if (nh)
			rtnl_route_nh_free(nh);
		nl_addr_put(gw);
		return nerr(n, "netlink: out of memory");
	}
	rtnl_route_set_family(r, AF_INET);
	rtnl_route_set_table(r, RT_TABLE_MAIN);
	rtnl_route_set_dst(r, dst);
	rtnl_route_set_priority(r, rt->metric);
	if (add) {
		rtnl_route_set_scope(r, RT_SCOPE_UNIVERSE);
		rtnl_route_set_protocol(r, RTPROT_STATIC);
	}
	rtnl_route_nh_set_ifindex(nh, ifindex);
	rtnl_route_nh_set_gateway(nh, gw);
	rtnl_route_add_nexthop(r, nh);	/* r owns nh now */
	e = add ? rtnl_route_add(n->sk, r, NLM_F_CREATE) :
	    rtnl_route_delete(n->sk, r, 0);
	nl_addr_put(dst);
	nl_addr_put(gw);
	rtnl_route_put(r);
	if (e < 0 && !(add && e == -NLE_EXIST) &&
	    !(!add && (e == -NLE_OBJ_NOTFOUND || e == -NLE_NODEV ||
		       e == -NLE_NOADDR)))
		return nerr(n, "cannot %s the default route via %s metric %u "
			    "%s %s: %s", add ? "add" : "remove", rt->gateway,
			    rt->metric, add ? "on" : "from", dev,
			    nl_geterror(e));
	return 0;
}

/* Brings NAME up; copies MAC_FROM's address to it when given. */
static int link_up(struct nlb *n, const char *name, struct rtnl_link *mac_from)
{
	struct rtnl_link *l = get_link(n, name), *ch;
	int r;

	if (!l)
		return nerr(n, "link %s vanished", name);
	ch = rtnl_link_alloc();
	if (!ch) {
		rtnl_link_put(l);
		return nerr(n, "netlink: out of memory");
	}
	rtnl_link_set_flags(ch, IFF_UP);
	if (mac_from && rtnl_link_get_addr(mac_from))
		rtnl_link_set_addr(ch, rtnl_link_get_addr(mac_from));
	r = rtnl_link_change(n->sk, l, ch, 0);
	rtnl_link_put(ch);
	rtnl_link_put(l);
	if (r < 0)
		return nerr(n, "cannot bring %s up: %s", name, nl_geterror(r));
	return 0;
}

int nl_bridge_apply(const struct apply_link *l, char *err, size_t errlen)
{
	struct rtnl_link *u = NULL, *b = NULL;
	struct nlb n;
	size_t i;
	int r, rc = -1, bi, ui;

	if (nlb_open(&n, err, errlen) < 0)
		return -1;
	if (load_links(&n) < 0)
		goto out;
	u = get_link(&n, l->uplink);
	if (!u) {
		nerr(&n, "the uplink %s does not exist", l->uplink);
		goto out;
	}
	b = get_link(&n, l->bridge);
	if (!b) {
		r = rtnl_link_bridge_add(n.sk, l->bridge);
		if (r < 0 && r != -NLE_EXIST) {
			nerr(&n, "cannot create bridge %s: %s", l->bridge,
			     nl_geterror(r));
			goto out;
		}
		if (load_links(&n) < 0)
			goto out;
		b = get_link(&n, l->bridge);
		if (!b) {
			nerr(&n, "bridge %s was created but cannot be found",
			     l->bridge);
			goto out;
		}
		if (link_up(&n, l->bridge, u) < 0)
			goto out;
	} else if (!rtnl_link_is_bridge(b)) {
		nerr(&n, "%s exists and is not a bridge", l->bridge);
		goto out;
	} else if (link_up(&n, l->bridge, NULL) < 0) {
		goto out;
	}
	if (rtnl_link_get_master(u) != rtnl_link_get_ifindex(b)) {
		r = rtnl_link_enslave(n.sk, b, u);
		if (r < 0) {
			nerr(&n, "cannot enslave %s to bridge %s: %s",
			     l->uplink, l->bridge, nl_geterror(r));
			goto out;
		}
	}
	bi = rtnl_link_get_ifindex(b);
	ui = rtnl_link_get_ifindex(u);
	for (i = 0; i < l->naddrs; i++)
		if (addr_op(&n, bi, l->addrs[i], true, l->bridge) < 0 ||
		    addr_op(&n, ui, l->addrs[i], false, l->uplink) < 0)
			goto out;
	for (i = 0; i < l->nroutes; i++)
		if (route_op(&n, bi, &l->routes[i], true, l->bridge) < 0 ||
		    route_op(&n, ui, &l->routes[i], false, l->uplink) < 0)
			goto out;
	rc = 0;
out:
	return nlb_done(&n, u, b, rc);
}

int nl_bridge_undo(const struct apply_link *l, char *err, size_t errlen)
{
	struct rtnl_link *u = NULL, *b = NULL;
	struct nlb n;
	size_t i;
	int r, rc = -1;

	if (nlb_open(&n, err, errlen) < 0)
		return -1;
	if (load_links(&n) < 0)
		goto out;
	u = get_link(&n, l->uplink);
	b = get_link(&n, l->bridge);
	if (u && b && rtnl_link_is_bridge(b) &&
	    rtnl_link_get_master(u) == rtnl_link_get_ifindex(b) &&
	    strcmp(l->uplink_master, l->bridge) != 0) {
		r = rtnl_link_release(n.sk, u);
		if (r < 0) {
			nerr(&n, "cannot release %s from bridge %s: %s",
			     l->uplink, l->bridge, nl_geterror(r));
			goto out;
		}
	}
	if (u) {
		int ui = rtnl_link_get_ifindex(u);

		for (i = 0; i < l->naddrs; i++)
			if (addr_op(&n, ui, l->addrs[i], true, l->uplink) < 0)
				goto out;
		for (i = 0; i < l->nroutes; i++) {
			if (b && route_op(&n, rtnl_link_get_ifindex(b),
					  &l->routes[i], false, l->bridge) < 0)
				goto out;
			if (route_op(&n, ui, &l->routes[i], true,
				     l->uplink) < 0)
				goto out;
		}
	}
	if (b && rtnl_link_is_bridge(b)) {
		for (i = 0; i < l->naddrs; i++)
			if (addr_op(&n, rtnl_link_get_ifindex(b), l->addrs[i],
				    false, l->bridge) < 0)
				goto out;
		if (!l->bridge_exists) {
			r = rtnl_link_delete(n.sk, b);
			if (r < 0 && r != -NLE_NODEV &&
			    r != -NLE_OBJ_NOTFOUND) {
				nerr(&n, "cannot delete bridge %s: %s",
				     l->bridge, nl_geterror(r));
				goto out;
			}
		}
	}
	rc = 0;
out:
	return nlb_done(&n, u, b, rc);
}

static bool has_addr(const struct apply_link *now, const char *cidr)
{
	size_t i;

	for (i = 0; i < now->naddrs; i++)
		if (strcmp(now->addrs[i], cidr) == 0)
			return true;
	return false;
}

int nl_bridge_check(const struct apply_link *l, bool after, char *err,
		    size_t errlen)
{
	struct apply_link now, br;
	size_t i;

	if (nl_bridge_snapshot(l->uplink, l->bridge, &now, err, errlen) < 0)
		return -1;
	if (after) {
		if (!now.bridge_exists || !now.bridge_is_bridge) {
			errf(err, errlen, "bridge %s is missing", l->bridge);
			return -1;
		}
		if (strcmp(now.uplink_master, l->bridge)) {
			errf(err, errlen, "%s is not enslaved to %s",
			     l->uplink, l->bridge);
			return -1;
		}
		if (nl_bridge_snapshot(l->bridge, l->uplink, &br, err,
				       errlen) < 0)
			return -1;
		for (i = 0; i < l->naddrs; i++)
			if (!has_addr(&br, l->addrs[i])) {
				errf(err, errlen, "address %s is not on "
				     "bridge %s", l->addrs[i], l->bridge);
				return -1;
			}
		return 0;
	}
	if (now.bridge_exists != l->bridge_exists) {
		errf(err, errlen, "bridge %s %s", l->bridge,
		     l->bridge_exists ? "is missing" : "is still there");
		return -1;
	}
	if (strcmp(now.uplink_master, l->uplink_master)) {
		errf(err, errlen, "%s has master '%s', not '%s' as before",
		     l->uplink, now.uplink_master, l->uplink_master);
		return -1;
	}
	for (i = 0; i < l->naddrs; i++)
		if (!has_addr(&now, l->addrs[i])) {
			errf(err, errlen, "address %s is not back on %s",
			     l->addrs[i], l->uplink);
			return -1;
		}
	return 0;
}
