/*
 * guest_state_check.c - the verdict "is the VM exactly as the plan
 * says?" (guest_state_check, see guest_state.h): per NIC, its link, its
 * address, its default routes and its DNS, the first difference told in
 * a sentence naming the NIC.
 *
 * Pure C: reads the plan and the state it is given, writes the caller's
 * message buffer, nothing else.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/diag.h"
#include "core/dnsview.h"
#include "core/guest_state.h"
#include "core/ipv4.h"
#include "core/mac.h"
#include "core/plan.h"
#include "core/str.h"

/* What the messages about one NIC start with. */
struct gs_nic {
	const struct plan_nic *n;
	const struct guest_link *l;
	char label[PLAN_NAME_MAX + MAC_STRLEN + GUEST_STATE_IFNAME_MAX + 32];
	char *err;
	size_t errlen;
};

static int gs_diff(struct gs_nic *g, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* "eth0 (52:54:00:12:34:56): " + the sentence; returns 1. */
static int gs_diff(struct gs_nic *g, const char *fmt, ...)
{
	char msg[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	errf(g->err, g->errlen, "%s%s%s", g->label,
	     msg[0] == ' ' ? "" : ": ", msg);
	return 1;
}

static bool gs_is_default(const struct guest_route *rt)
{
	return rt->prefix == 0 && !strcmp(rt->type, "unicast");
}

/* " via 10.0.0.1" or "" into BUF. */
static const char *gs_via(const struct guest_route *rt, char *buf,
			  size_t len)
{
	char a[IPV4_STRLEN];

	if (rt->has_gateway)
		snprintf(buf, len, " via %s", ipv4_format(rt->gateway, a));
	else
		buf[0] = '\0';
	return buf;
}

static int gs_check_address(struct gs_nic *g, const struct guest_state *gs,
			    uint32_t addr, int prefix)
{
	const struct guest_addr *other = NULL;
	char a[IPV4_STRLEN];

	for (size_t i = 0; i < gs->naddrs; i++) {
		const struct guest_addr *ga = &gs->addrs[i];

		if (ga->ifindex != g->l->ifindex)
			continue;
		if (g->n->mode == IP_DHCP)
			return 0;
		if (ga->addr != addr)
			continue;
		if (ga->prefix == prefix)
			return 0;
		other = ga;
	}
	if (g->n->mode == IP_DHCP)
		return gs_diff(g, "no IPv4 address yet (DHCP)");
	ipv4_format(addr, a);
	if (other)
		return gs_diff(g, "address %s has prefix /%d, the plan says "
			       "/%d", a, other->prefix, prefix);
	return gs_diff(g, "no address %s/%d yet", a, prefix);
}

static int gs_check_routes(struct gs_nic *g, const struct guest_state *gs,
			   bool has_gw, uint32_t gw, long long metric)
{
	const struct guest_route *planned = NULL, *near = NULL, *extra = NULL;
	const struct guest_route *any = NULL;
	char via[32], a[IPV4_STRLEN];

	for (size_t i = 0; i < gs->nroutes; i++) {
		const struct guest_route *rt = &gs->routes[i];

		if (!gs_is_default(rt) || strcmp(rt->dev, g->l->name))
			continue;
		if (!any)
			any = rt;
		if ((!has_gw || (rt->has_gateway && rt->gateway == gw)) &&
		    (long long)rt->metric == metric && !planned)
			planned = rt;
		else if ((!has_gw || (rt->has_gateway && rt->gateway == gw)) &&
			 !near)
			near = rt;
		else if (!extra)
			extra = rt;
	}
	if (g->n->offline) {
		if (any)
			return gs_diff(g, " is an offline network but has a "
				       "default route%s",
				       gs_via(any, via, sizeof(via)));
		return 0;
	}
	if (!planned) {
		if (near)
			return gs_diff(g, "default route metric is %lu, the "
				       "plan says %lld",
				       (unsigned long)near->metric, metric);
		if (any && has_gw)
			return gs_diff(g, "default route%s, the plan says via "
				       "%s", gs_via(any, via, sizeof(via)),
				       ipv4_format(gw, a));
		if (has_gw)
			return gs_diff(g, "no default route via %s yet",
				       ipv4_format(gw, a));
		return gs_diff(g, "no default route yet (DHCP)");
	}
	if (near)
		extra = near;
	if (extra)
		return gs_diff(g, "a second default route%s metric %lu; the "
			       "plan has only the one with metric %lld",
			       gs_via(extra, via, sizeof(via)),
			       (unsigned long)extra->metric, metric);
	return 0;
}

/* Same server: address and port (53 when not given). */
static bool gs_server_is(const struct guest_dns_server *s, const char *text)
{
	struct dnsview_server p;

	if (dnsview_server_parse(&p, text, NULL, 0))
		return !strcmp(s->text, text);
	return !strcmp(s->addr, p.addr) &&
	       (s->port ? s->port : 53) == dnsview_server_port(&p);
}

static void gs_list_servers(const struct guest_link_dns *d, char *buf,
			    size_t len)
{
	size_t at = 0;

	buf[0] = '\0';
	if (!d->nservers) {
		str_copy(buf, len, "none");
		return;
	}
	for (size_t i = 0; i < d->nservers && at < len; i++)
		at += (size_t)snprintf(buf + at, len - at, "%s%s",
				       i ? " " : "", d->servers[i].text);
}

static void gs_list_plan_servers(const struct plan_nic *n, char *buf,
				 size_t len)
{
	size_t at = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n->ndns && i < PLAN_MAX_DNS && at < len; i++)
		at += (size_t)snprintf(buf + at, len - at, "%s%s",
				       i ? " " : "", n->dns[i]);
}

static int gs_check_servers(struct gs_nic *g)
{
	const struct guest_link_dns *d = &g->l->dns;
	size_t nd = g->n->ndns < PLAN_MAX_DNS ? g->n->ndns : PLAN_MAX_DNS;
	bool same = d->nservers >= nd;
	char have[300], want[300];

	if (!nd)
		return 0;
	if (g->n->mode == IP_STATIC && d->nservers != nd)
		same = false;
	for (size_t i = 0; same && i < nd; i++)
		if (!gs_server_is(&d->servers[i], g->n->dns[i]))
			same = false;
	if (same)
		return 0;
	gs_list_servers(d, have, sizeof(have));
	gs_list_plan_servers(g->n, want, sizeof(want));
	return gs_diff(g, "DNS servers are %s, the plan says %s%s", have, want,
		       g->n->mode == IP_DHCP ? " first" : "");
}

/* Compares domain names: letter case and one final dot ignored. */
static bool gs_same_domain(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la > 1 && a[la - 1] == '.')
		la--;
	if (lb > 1 && b[lb - 1] == '.')
		lb--;
	return la == lb && !strncasecmp(a, b, la);
}

static int gs_check_domains(struct gs_nic *g)
{
	const struct guest_link_dns *d = &g->l->dns;
	const struct plan_nic *n = g->n;
	size_t ns = n->nsearch < PLAN_MAX_SEARCH ? n->nsearch : PLAN_MAX_SEARCH;
	bool same = d->ndomains == ns, found, route;
	char have[600], want[600];
	const char *name;
	size_t i, j, at;

	/* as guestcfg writes them: "~name" as typed, or made so offline */
	for (i = 0; same && i < ns; i++) {
		name = n->search[i];
		route = n->offline || name[0] == '~';
		if (name[0] == '~')
			name++;
		found = false;
		for (j = 0; j < d->ndomains && !found; j++)
			found = d->domains[j].route_only == route &&
				gs_same_domain(d->domains[j].name, name);
		same = found;
	}
	if (same)
		return 0;
	have[0] = want[0] = '\0';
	for (i = at = 0; i < d->ndomains && at < sizeof(have); i++)
		at += (size_t)snprintf(have + at, sizeof(have) - at, "%s%s%s",
				       i ? " " : "",
				       d->domains[i].route_only ? "~" : "",
				       d->domains[i].name);
	for (i = at = 0; i < ns && at < sizeof(want); i++)
		at += (size_t)snprintf(want + at, sizeof(want) - at, "%s%s%s",
				       i ? " " : "",
				       n->offline && n->search[i][0] != '~' ?
				       "~" : "", n->search[i]);
	return gs_diff(g, "DNS domains are %s, the plan says %s",
		       d->ndomains ? have : "none", ns ? want : "none");
}

static int gs_check_dns(struct gs_nic *g)
{
	const struct plan_nic *n = g->n;
	int r;

	if (!n->ndns && !n->nsearch && !n->offline)
		return 0;
	if (!g->l->dns_read)
		return gs_diff(g, "the VM's DNS settings of this link "
			       "(resolved's state) were not read");
	r = gs_check_servers(g);
	if (!r)
		r = gs_check_domains(g);
	if (!r && n->offline && g->l->dns.default_route != 0)
		r = gs_diff(g, " is an offline network but its DNS servers "
			    "are used for all names (DefaultRoute is %s, the "
			    "plan says no)",
			    g->l->dns.default_route > 0 ? "yes" : "not set");
	return r;
}

static int gs_check_nic(const struct plan *p, size_t i, const struct mac *m,
			const struct guest_state *gs, char *err,
			size_t errlen)
{
	const struct plan_nic *n = &p->nics[i];
	struct gs_nic g = { n, NULL, "", err, errlen };
	char ms[MAC_STRLEN];
	uint32_t addr = 0, gw = 0;
	int prefix = 0, r;

	mac_format(m, ms);
	g.l = guest_state_find_mac(gs, m, n->name);
	if (!g.l) {
		snprintf(g.label, sizeof(g.label), "%s (%s)", n->name, ms);
		return gs_diff(&g, "the VM has no network interface with this "
			       "MAC address");
	}
	if (strcmp(g.l->name, n->name))
		snprintf(g.label, sizeof(g.label), "%s (%s, %s in the VM)",
			 n->name, ms, g.l->name);
	else
		snprintf(g.label, sizeof(g.label), "%s (%s)", n->name, ms);
	if (n->mode == IP_STATIC) {
		if (ipv4_parse(n->address, &addr) != IPV4_OK ||
		    !n->has_prefix || n->prefix < 0 || n->prefix > 32 ||
		    (!n->offline && ipv4_parse(n->gateway, &gw) != IPV4_OK)) {
			errf(err, errlen, "%s: the plan's static address, "
			     "prefix or gateway does not parse: validate the "
			     "plan first", n->name);
			return -1;
		}
		prefix = n->prefix;
	} else if (n->mode != IP_DHCP) {
		errf(err, errlen, "%s: the plan gives no IP mode: validate the "
		     "plan first", n->name);
		return -1;
	}
	r = gs_check_address(&g, gs, addr, prefix);
	if (!r)
		r = gs_check_routes(&g, gs, n->mode == IP_STATIC, gw,
				    plan_nic_metric(p, i));
	if (!r)
		r = gs_check_dns(&g);
	return r;
}

int guest_state_check(const struct plan *p, const struct mac *macs,
		      const struct guest_state *gs, char *err, size_t errlen)
{
	struct mac m;
	int r;

	errf(err, errlen, "%s", "");
	for (size_t i = 0; i < p->nnics && i < PLAN_MAX_NICS; i++) {
		if (macs) {
			m = macs[i];
		} else if (mac_parse(p->nics[i].mac, &m) != MAC_OK) {
			errf(err, errlen, "%s: the plan gives no usable MAC "
			     "address to find this NIC by", p->nics[i].name);
			return -1;
		}
		r = gs_check_nic(p, i, &m, gs, err, errlen);
		if (r)
			return r;
	}
	return 0;
}
