/*
 * status_json.c - `edgenet status --json`: the documented, stable JSON
 * format of status.h, written from the snapshots and views.  Compact
 * (one route per line, no indentation beyond that), so that 100,000
 * routes stay quick to write and to read.  Pure C: writes to F only.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "json.h"
#include "route_names.h"
#include "status.h"

static void jstr(FILE *f, const char *s)
{
	json_write_string(f, s);
}

/* A string, or null when S is NULL or empty. */
static void jopt(FILE *f, const char *s)
{
	json_write_string(f, s && s[0] ? s : NULL);
}

static void jbool(FILE *f, bool b)
{
	fputs(b ? "true" : "false", f);
}

static void jflags(FILE *f, const char *(*name)(uint32_t, size_t),
		   uint32_t flags)
{
	putc('[', f);
	for (size_t i = 0; name(flags, i); i++) {
		if (i)
			putc(',', f);
		jstr(f, name(flags, i));
	}
	putc(']', f);
}

struct flag_name {
	unsigned flag;
	const char *name;
};

/* The names of the bits of FLAGS set, as a JSON array. */
static void jflagset(FILE *f, const struct flag_name *names, size_t n,
		     unsigned flags)
{
	bool first = true;

	putc('[', f);
	for (size_t k = 0; k < n; k++) {
		if (!(flags & names[k].flag))
			continue;
		if (!first)
			putc(',', f);
		jstr(f, names[k].name);
		first = false;
	}
	putc(']', f);
}

static const char *route_flag_fn(uint32_t flags, size_t i)
{
	return route_flag_name(flags, i);
}

static const char *dev_name(const struct route_snapshot *s, int32_t ifindex)
{
	return ifindex ? route_snapshot_dev(s, ifindex) : NULL;
}

static void write_route(FILE *f, const struct route_snapshot *s,
			const struct route_info *r)
{
	char a[ROUTE_PREFIX_STRLEN], t[16];

	fputs("{\"family\":", f);
	jstr(f, route_family_name(r->family));
	fputs(",\"type\":", f);
	jstr(f, route_type_name(r->type, t));
	fputs(",\"dst\":", f);
	jstr(f, route_dst_str(r, a));
	fputs(",\"from\":", f);
	if (r->src_len) {
		struct route_info x = *r;

		memcpy(x.dst, r->src, sizeof(x.dst));
		x.dst_len = r->src_len;
		jstr(f, route_dst_str(&x, a));
	} else {
		fputs("null", f);
	}
	fputs(",\"table\":", f);
	jstr(f, route_table_name(r->table, t));
	fputs(",\"protocol\":", f);
	jstr(f, route_proto_name(r->protocol, t));
	fputs(",\"scope\":", f);
	jstr(f, route_scope_name(r->scope, t));
	fprintf(f, ",\"metric\":%" PRIu32 ",\"gateway\":", r->metric);
	jstr(f, r->gw_family ? route_addr_str(r->gw_family, r->gw, a) : NULL);
	fputs(",\"dev\":", f);
	jstr(f, dev_name(s, r->oif));
	fputs(",\"prefsrc\":", f);
	jstr(f, r->has_prefsrc ? route_addr_str(r->family, r->prefsrc, a) :
	     NULL);
	fputs(",\"flags\":", f);
	jflags(f, route_flag_fn, r->flags);
	fputs(",\"pref\":", f);
	jstr(f, route_pref_name(r->pref));
	fputs(",\"nhid\":", f);
	if (r->nhid)
		fprintf(f, "%" PRIu32, r->nhid);
	else
		fputs("null", f);
	fputs(",\"nexthops\":[", f);
	for (size_t i = 0; i < r->nh_count; i++) {
		const struct route_nh *nh = &r->nh[i];

		fputs(i ? ",{\"gateway\":" : "{\"gateway\":", f);
		jstr(f, nh->gw_family ? route_addr_str(nh->gw_family, nh->gw, a) :
		     NULL);
		fputs(",\"dev\":", f);
		jstr(f, dev_name(s, nh->oif));
		fprintf(f, ",\"weight\":%u,\"flags\":", nh->weight + 1u);
		jflags(f, route_flag_fn, nh->flags);
		putc('}', f);
	}
	fputs("]}", f);
}

static void write_routes(FILE *f, const struct route_snapshot *s,
			 const struct route_view *v)
{
	struct route_info r;

	putc('[', f);
	for (size_t i = 0; i < v->n; i++) {
		fputs(i ? ",\n" : "\n", f);
		route_snapshot_get(s, v->order[i], &r);
		write_route(f, s, &r);
	}
	putc(']', f);
}

static void write_defaults(FILE *f, const struct route_snapshot *s,
			   const struct route_view *v, const struct plan *p)
{
	static const struct flag_name names[] = {
		{ ROUTE_DEF_IN_USE, "in-use" }, { ROUTE_DEF_TIE, "tie" },
		{ ROUTE_DEF_OFFLINE, "offline" },
		{ ROUTE_DEF_METRIC_DIFFERS, "metric-differs" },
		{ ROUTE_DEF_DOWN, "down" },
	};
	char a[ROUTE_ADDR_STRLEN];
	struct route_info r;

	putc('[', f);
	for (size_t i = 0; i < v->ndefaults; i++) {
		const struct route_default *d = &v->defaults[i];
		const struct route_nh *nh;

		route_snapshot_get(s, d->route, &r);
		nh = r.nh_count ? &r.nh[0] : NULL;
		fputs(i ? ",\n{\"dst\":\"default\",\"gateway\":" :
		      "\n{\"dst\":\"default\",\"gateway\":", f);
		if (nh)
			jstr(f, nh->gw_family ?
			     route_addr_str(nh->gw_family, nh->gw, a) : NULL);
		else
			jstr(f, r.gw_family ?
			     route_addr_str(r.gw_family, r.gw, a) : NULL);
		fputs(",\"dev\":", f);
		jstr(f, dev_name(s, nh ? nh->oif : r.oif));
		fprintf(f, ",\"metric\":%" PRIu32 ",\"in_use\":", r.metric);
		jbool(f, d->flags & ROUTE_DEF_IN_USE);
		fputs(",\"nic\":", f);
		jstr(f, d->nic >= 0 && p ? p->nics[d->nic].name : NULL);
		fputs(",\"flags\":", f);
		jflagset(f, names, sizeof(names) / sizeof(names[0]), d->flags);
		putc('}', f);
	}
	putc(']', f);
}

static void write_problems(FILE *f, const struct diag_list *l)
{
	putc('[', f);
	for (size_t i = 0; l && i < l->count; i++) {
		fputs(i ? ",\n{\"severity\":" : "\n{\"severity\":", f);
		jstr(f, diag_severity_name(l->items[i].severity));
		fputs(",\"field\":", f);
		jopt(f, l->items[i].path);
		fputs(",\"message\":", f);
		jstr(f, l->items[i].message);
		putc('}', f);
	}
	putc(']', f);
}

static const char *ifa_flag_v4(uint32_t f, size_t i)
{
	return route_ifa_flag_name(ROUTE_AF_INET, f, i);
}

static const char *ifa_flag_v6(uint32_t f, size_t i)
{
	return route_ifa_flag_name(ROUTE_AF_INET6, f, i);
}

static void write_lft(FILE *f, uint32_t v)
{
	if (v == ROUTE_LFT_FOREVER)
		fputs("null", f);
	else
		fprintf(f, "%" PRIu32, v);
}

static void write_host(FILE *f, const struct status_input *in)
{
	const struct route_snapshot *s = in->host;
	char a[ROUTE_ADDR_STRLEN], t[16];

	fputs("{\"source\":\"netlink\",\"error\":", f);
	jopt(f, in->host_err);
	if (!s) {
		fputs(",\"links\":[],\"addresses\":[],\"routes\":[],"
		      "\"default_routes\":[],\"problems\":[]}", f);
		return;
	}
	fputs(",\n\"links\":[", f);
	for (size_t i = 0; i < s->nlinks; i++) {
		const struct route_link *l = &s->links[i];
		int nic = route_view_nic(s, in->view_opts, l->ifindex);

		fprintf(f, "%s{\"ifindex\":%d,\"name\":", i ? ",\n" : "\n",
			(int)l->ifindex);
		jstr(f, l->name);
		fputs(",\"mac\":", f);
		jopt(f, l->mac);
		fputs(",\"up\":", f);
		jbool(f, l->flags & ROUTE_IFF_UP);
		fputs(",\"carrier\":", f);
		jbool(f, l->flags & ROUTE_IFF_LOWER_UP);
		fputs(",\"operstate\":", f);
		jstr(f, route_operstate_name(l->operstate));
		fputs(",\"nic\":", f);
		jstr(f, nic >= 0 ? in->plan->nics[nic].name : NULL);
		putc('}', f);
	}
	fputs("],\n\"addresses\":[", f);
	for (size_t i = 0; i < s->naddrs; i++) {
		const struct route_ifaddr *x = &s->addrs[i];

		fputs(i ? ",\n{\"dev\":" : "\n{\"dev\":", f);
		jstr(f, dev_name(s, x->ifindex));
		fputs(",\"family\":", f);
		jstr(f, route_family_name(x->family));
		fputs(",\"address\":", f);
		jstr(f, route_addr_str(x->family, x->local, a));
		fprintf(f, ",\"prefixlen\":%u,\"peer\":", x->prefixlen);
		jstr(f, x->has_address ? route_addr_str(x->family, x->address, a) :
		     NULL);
		fputs(",\"broadcast\":", f);
		jstr(f, x->has_broadcast ?
		     route_addr_str(x->family, x->broadcast, a) : NULL);
		fputs(",\"scope\":", f);
		jstr(f, route_scope_name(x->scope, t));
		fputs(",\"label\":", f);
		jopt(f, x->label);
		fputs(",\"flags\":", f);
		jflags(f, x->family == ROUTE_AF_INET ? ifa_flag_v4 : ifa_flag_v6,
		       x->flags);
		fputs(",\"valid_lft\":", f);
		write_lft(f, x->valid_lft);
		fputs(",\"preferred_lft\":", f);
		write_lft(f, x->preferred_lft);
		putc('}', f);
	}
	fputs("],\n\"routes\":", f);
	write_routes(f, s, in->host_view);
	fputs(",\n\"default_routes\":", f);
	write_defaults(f, s, in->host_view, in->plan);
	fputs(",\n\"problems\":", f);
	write_problems(f, &in->host_view->problems);
	putc('}', f);
}

static void write_vm(FILE *f, const struct status_input *in)
{
	static const struct flag_name names[] = {
		{ VMA_NO_ADDRESS, "no-address" },
		{ VMA_ADDR_DIFFERS, "address-differs" },
		{ VMA_MAC_DIFFERS, "mac-differs" },
		{ VMA_NOT_IN_PLAN, "not-in-plan" },
		{ VMA_NOT_IN_DOMAIN, "not-in-domain" },
		{ VMA_ZERO_MAC, "zero-mac" },
		{ VMA_UNKNOWN, "unknown" },
	};
	const struct vm_observed *o = in->vm;
	const struct vmaddr_view *v = in->vm_view;

	fputs("{\"uri\":", f);
	jopt(f, o->uri);
	fputs(",\"domain\":", f);
	jstr(f, o->domain);
	fputs(",\"connected\":", f);
	jbool(f, o->connected);
	fputs(",\"error\":", f);
	jopt(f, o->conn_err);
	fputs(",\"state\":", f);
	jstr(f, vm_state_name(o->state));
	fputs(",\n\"sources\":[", f);
	for (int s = 0; s < VM_SRC_COUNT; s++) {
		fputs(s ? ",{\"source\":" : "{\"source\":", f);
		jstr(f, vm_source_name(s));
		fputs(",\"tried\":", f);
		jbool(f, o->src[s].tried);
		fputs(",\"ok\":", f);
		jbool(f, o->src[s].ok);
		fputs(",\"error\":", f);
		jopt(f, o->src[s].ok ? NULL : o->src[s].err);
		putc('}', f);
	}
	fputs("],\n\"nics\":[", f);
	for (size_t i = 0; i < v->nrows; i++) {
		const struct vmaddr_row *row = &v->rows[i];

		fputs(i ? ",\n{\"name\":" : "\n{\"name\":", f);
		jopt(f, row->name);
		fputs(",\"guest_name\":", f);
		jopt(f, row->guest_name);
		fputs(",\"mac\":", f);
		jopt(f, row->mac);
		fputs(",\"plan_mac\":", f);
		jopt(f, row->plan_mac);
		fputs(",\"switch\":", f);
		jopt(f, row->sw);
		fputs(",\"configured\":", f);
		jopt(f, row->plan_nic >= 0 ? row->configured : NULL);
		fputs(",\"addresses\":[", f);
		for (size_t k = 0; k < row->nobs; k++) {
			const struct vmaddr_obs *x = &row->obs[k];
			bool fs = true;

			fputs(k ? ",{\"address\":" : "{\"address\":", f);
			jstr(f, x->addr);
			fprintf(f, ",\"prefixlen\":%d,\"family\":%s,\"sources\":[",
				x->prefix, x->ipv6 ? "\"inet6\"" : "\"inet\"");
			for (int s = 0; s < VM_SRC_COUNT; s++) {
				if (!(x->sources & (1u << s)))
					continue;
				if (!fs)
					putc(',', f);
				jstr(f, vm_source_name(s));
				fs = false;
			}
			fprintf(f, "],\"age_s\":%lld}", (long long)x->age_s);
		}
		fputs("],\"flags\":", f);
		jflagset(f, names, sizeof(names) / sizeof(names[0]), row->flags);
		putc('}', f);
	}
	fputs("],\n\"routes\":{\"source\":\"guest agent: /proc/net/route\","
	      "\"error\":", f);
	if (in->vm_routes) {
		fputs("null,\"routes\":", f);
		write_routes(f, in->vm_routes, in->vm_routes_view);
		fputs(",\"default_routes\":", f);
		write_defaults(f, in->vm_routes, in->vm_routes_view, in->plan);
	} else {
		jstr(f, in->vm_routes_err && in->vm_routes_err[0] ?
		     in->vm_routes_err : "not read");
		fputs(",\"routes\":null,\"default_routes\":null", f);
	}
	fputs("},\n\"problems\":", f);
	write_problems(f, &v->problems);
	fputs(",\n\"dns\":", f);
	if (!in->dns.write_vm_json ||
	    in->dns.write_vm_json(f, in->dns.ctx) != 0)
		fputs("null", f);
	putc('}', f);
}

void status_write_json(FILE *f, const struct status_input *in)
{
	char when[32];
	time_t t = (time_t)in->now_unix;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	fputs("{\"format\":\"edgenet-status\",\"version\":1,\"edgenet\":", f);
	jstr(f, in->version);
	fputs(",\"time\":", f);
	jstr(f, when);
	fputs(",\"plan\":", f);
	jopt(f, in->plan_path);
	fputs(",\n\"host\":", f);
	write_host(f, in);
	fputs(",\n\"vm\":", f);
	if (in->vm)
		write_vm(f, in);
	else
		fputs("null", f);
	fputs(",\n\"dns\":", f);
	if (!in->dns.write_json || in->dns.write_json(f, in->dns.ctx) != 0)
		fputs("null", f);
	fputs("}\n", f);
}
