/*
 * status_json.c - `edgenet status --json`: the documented, stable JSON
 * format of status.h, written from the snapshots and views.  Compact
 * (one route per line, no indentation beyond that), so that 100,000
 * routes stay quick to write and to read.  Everything goes through the
 * JSON writer (json.h) but the DNS part, which its hook writes.  Pure C:
 * writes to F only.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/diag_write.h"
#include "core/json.h"
#include "core/route_names.h"
#include "core/status.h"

struct flag_name {
	unsigned flag;
	const char *name;
};

/* The names NAME gives the bits of FLAGS, as a JSON array. */
static void jflags(struct json_writer *w,
		   const char *(*name)(uint32_t, size_t), uint32_t flags)
{
	json_array_begin(w);
	for (size_t i = 0; name(flags, i); i++)
		json_string(w, name(flags, i));
	json_array_end(w);
}

/* The names of the bits of FLAGS set, as a JSON array. */
static void jflagset(struct json_writer *w, const struct flag_name *names,
		     size_t n, unsigned flags)
{
	json_array_begin(w);
	for (size_t k = 0; k < n; k++)
		if (flags & names[k].flag)
			json_string(w, names[k].name);
	json_array_end(w);
}

static const char *route_flag_fn(uint32_t flags, size_t i)
{
	return route_flag_name(flags, i);
}

static const char *dev_name(const struct route_snapshot *s, int32_t ifindex)
{
	return ifindex ? route_snapshot_dev(s, ifindex) : NULL;
}

static void write_route(struct json_writer *w, const struct route_snapshot *s,
			const struct route_info *r)
{
	char a[ROUTE_PREFIX_STRLEN], t[16];

	json_object_begin(w);
	json_member_string(w, "family", route_family_name(r->family));
	json_member_string(w, "type", route_type_name(r->type, t));
	json_member_string(w, "dst", route_dst_str(r, a));
	json_key(w, "from");
	if (r->src_len) {
		struct route_info x = *r;

		memcpy(x.dst, r->src, sizeof(x.dst));
		x.dst_len = r->src_len;
		json_string(w, route_dst_str(&x, a));
	} else {
		json_null(w);
	}
	json_member_string(w, "table", route_table_name(r->table, t));
	json_member_string(w, "protocol", route_proto_name(r->protocol, t));
	json_member_string(w, "scope", route_scope_name(r->scope, t));
	json_member_int(w, "metric", r->metric);
	json_key(w, "gateway");
	json_string(w, r->gw_family ? route_addr_str(r->gw_family, r->gw, a) :
		    NULL);
	json_member_string(w, "dev", dev_name(s, r->oif));
	json_key(w, "prefsrc");
	json_string(w, r->has_prefsrc ?
		    route_addr_str(r->family, r->prefsrc, a) : NULL);
	json_key(w, "flags");
	jflags(w, route_flag_fn, r->flags);
	json_member_string(w, "pref", route_pref_name(r->pref));
	json_key(w, "nhid");
	if (r->nhid)
		json_int(w, r->nhid);
	else
		json_null(w);
	json_key(w, "nexthops");
	json_array_begin(w);
	for (size_t i = 0; i < r->nh_count; i++) {
		const struct route_nh *nh = &r->nh[i];

		json_object_begin(w);
		json_key(w, "gateway");
		json_string(w, nh->gw_family ?
			    route_addr_str(nh->gw_family, nh->gw, a) : NULL);
		json_member_string(w, "dev", dev_name(s, nh->oif));
		json_member_int(w, "weight", nh->weight + 1u);
		json_key(w, "flags");
		jflags(w, route_flag_fn, nh->flags);
		json_object_end(w);
	}
	json_array_end(w);
	json_object_end(w);
}

static void write_routes(struct json_writer *w,
			 const struct route_snapshot *s,
			 const struct route_view *v)
{
	struct route_info r;

	json_array_begin(w);
	for (size_t i = 0; i < v->n; i++) {
		json_break(w, "\n");
		route_snapshot_get(s, v->order[i], &r);
		write_route(w, s, &r);
	}
	json_array_end(w);
}

static void write_defaults(struct json_writer *w,
			   const struct route_snapshot *s,
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

	json_array_begin(w);
	for (size_t i = 0; i < v->ndefaults; i++) {
		const struct route_default *d = &v->defaults[i];
		const struct route_nh *nh;

		route_snapshot_get(s, d->route, &r);
		nh = r.nh_count ? &r.nh[0] : NULL;
		json_break(w, "\n");
		json_object_begin(w);
		json_member_string(w, "dst", "default");
		json_key(w, "gateway");
		if (nh)
			json_string(w, nh->gw_family ?
				    route_addr_str(nh->gw_family, nh->gw, a) :
				    NULL);
		else
			json_string(w, r.gw_family ?
				    route_addr_str(r.gw_family, r.gw, a) :
				    NULL);
		json_member_string(w, "dev", dev_name(s, nh ? nh->oif : r.oif));
		json_member_int(w, "metric", r.metric);
		json_member_bool(w, "in_use", d->flags & ROUTE_DEF_IN_USE);
		json_member_string(w, "nic", d->nic >= 0 && p ?
				   p->nics[d->nic].name : NULL);
		json_key(w, "flags");
		jflagset(w, names, sizeof(names) / sizeof(names[0]), d->flags);
		json_object_end(w);
	}
	json_array_end(w);
}

static const char *ifa_flag_v4(uint32_t f, size_t i)
{
	return route_ifa_flag_name(ROUTE_AF_INET, f, i);
}

static const char *ifa_flag_v6(uint32_t f, size_t i)
{
	return route_ifa_flag_name(ROUTE_AF_INET6, f, i);
}

/* A lifetime in seconds, null when forever. */
static void write_lft(struct json_writer *w, uint32_t v)
{
	if (v == ROUTE_LFT_FOREVER)
		json_null(w);
	else
		json_int(w, v);
}

static void write_host(struct json_writer *w, const struct status_input *in)
{
	const struct route_snapshot *s = in->host;
	static const char *const lists[] = {
		"links", "addresses", "routes", "default_routes", "problems",
	};
	char a[ROUTE_ADDR_STRLEN], t[16];

	json_object_begin(w);
	json_member_string(w, "source", "netlink");
	json_member_string_opt(w, "error", in->host_err);
	if (!s) {
		for (size_t k = 0; k < sizeof(lists) / sizeof(lists[0]); k++) {
			json_key(w, lists[k]);
			json_array_begin(w);
			json_array_end(w);
		}
		json_object_end(w);
		return;
	}
	json_break(w, "\n");
	json_key(w, "links");
	json_array_begin(w);
	for (size_t i = 0; i < s->nlinks; i++) {
		const struct route_link *l = &s->links[i];
		int nic = route_view_nic(s, in->view_opts, l->ifindex);

		json_break(w, "\n");
		json_object_begin(w);
		json_member_int(w, "ifindex", l->ifindex);
		json_member_string(w, "name", l->name);
		json_member_string_opt(w, "mac", l->mac);
		json_member_bool(w, "up", l->flags & ROUTE_IFF_UP);
		json_member_bool(w, "carrier", l->flags & ROUTE_IFF_LOWER_UP);
		json_member_string(w, "operstate",
				   route_operstate_name(l->operstate));
		json_member_string(w, "nic",
				   nic >= 0 ? in->plan->nics[nic].name : NULL);
		json_object_end(w);
	}
	json_array_end(w);
	json_break(w, "\n");
	json_key(w, "addresses");
	json_array_begin(w);
	for (size_t i = 0; i < s->naddrs; i++) {
		const struct route_ifaddr *x = &s->addrs[i];

		json_break(w, "\n");
		json_object_begin(w);
		json_member_string(w, "dev", dev_name(s, x->ifindex));
		json_member_string(w, "family", route_family_name(x->family));
		json_member_string(w, "address",
				   route_addr_str(x->family, x->local, a));
		json_member_int(w, "prefixlen", x->prefixlen);
		json_key(w, "peer");
		json_string(w, x->has_address ?
			    route_addr_str(x->family, x->address, a) : NULL);
		json_key(w, "broadcast");
		json_string(w, x->has_broadcast ?
			    route_addr_str(x->family, x->broadcast, a) : NULL);
		json_member_string(w, "scope", route_scope_name(x->scope, t));
		json_member_string_opt(w, "label", x->label);
		json_key(w, "flags");
		jflags(w, x->family == ROUTE_AF_INET ? ifa_flag_v4 :
		       ifa_flag_v6, x->flags);
		json_key(w, "valid_lft");
		write_lft(w, x->valid_lft);
		json_key(w, "preferred_lft");
		write_lft(w, x->preferred_lft);
		json_object_end(w);
	}
	json_array_end(w);
	json_break(w, "\n");
	json_key(w, "routes");
	write_routes(w, s, in->host_view);
	json_break(w, "\n");
	json_key(w, "default_routes");
	write_defaults(w, s, in->host_view, in->plan);
	json_break(w, "\n");
	json_key(w, "problems");
	diag_write_json(w, &in->host_view->problems, DIAG_JSON_SEVERITY, "\n",
			NULL);
	json_object_end(w);
}

/* A value written by a hook of the DNS part (core/status.h), null when
 * there is none or it fails. */
static void write_hook(struct json_writer *w, int (*fn)(FILE *, void *),
		       void *ctx)
{
	FILE *f = json_raw_value(w);

	if (!fn || fn(f, ctx) != 0)
		fputs("null", f);
}

static void write_vm(struct json_writer *w, const struct status_input *in)
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

	json_object_begin(w);
	json_member_string_opt(w, "uri", o->uri);
	json_member_string(w, "domain", o->domain);
	json_member_bool(w, "connected", o->connected);
	json_member_string_opt(w, "error", o->conn_err);
	json_member_string(w, "state", vm_state_name(o->state));
	json_break(w, "\n");
	json_key(w, "sources");
	json_array_begin(w);
	for (int s = 0; s < VM_SRC_COUNT; s++) {
		json_object_begin(w);
		json_member_string(w, "source", vm_source_name(s));
		json_member_bool(w, "tried", o->src[s].tried);
		json_member_bool(w, "ok", o->src[s].ok);
		json_member_string_opt(w, "error",
				       o->src[s].ok ? NULL : o->src[s].err);
		json_object_end(w);
	}
	json_array_end(w);
	json_break(w, "\n");
	json_key(w, "nics");
	json_array_begin(w);
	for (size_t i = 0; i < v->nrows; i++) {
		const struct vmaddr_row *row = &v->rows[i];

		json_break(w, "\n");
		json_object_begin(w);
		json_member_string_opt(w, "name", row->name);
		json_member_string_opt(w, "guest_name", row->guest_name);
		json_member_string_opt(w, "mac", row->mac);
		json_member_string_opt(w, "plan_mac", row->plan_mac);
		json_member_string_opt(w, "switch", row->sw);
		json_member_string_opt(w, "configured", row->plan_nic >= 0 ?
				       row->configured : NULL);
		json_key(w, "addresses");
		json_array_begin(w);
		for (size_t k = 0; k < row->nobs; k++) {
			const struct vmaddr_obs *x = &row->obs[k];

			json_object_begin(w);
			json_member_string(w, "address", x->addr);
			json_member_int(w, "prefixlen", x->prefix);
			json_member_string(w, "family",
					   x->ipv6 ? "inet6" : "inet");
			json_key(w, "sources");
			json_array_begin(w);
			for (int s = 0; s < VM_SRC_COUNT; s++)
				if (x->sources & (1u << s))
					json_string(w, vm_source_name(s));
			json_array_end(w);
			json_member_int(w, "age_s", (long long)x->age_s);
			json_object_end(w);
		}
		json_array_end(w);
		json_key(w, "flags");
		jflagset(w, names, sizeof(names) / sizeof(names[0]),
			 row->flags);
		json_object_end(w);
	}
	json_array_end(w);
	json_break(w, "\n");
	json_key(w, "routes");
	json_object_begin(w);
	json_member_string(w, "source", "guest agent: /proc/net/route");
	json_key(w, "error");
	if (in->vm_routes) {
		json_null(w);
		json_key(w, "routes");
		write_routes(w, in->vm_routes, in->vm_routes_view);
		json_key(w, "default_routes");
		write_defaults(w, in->vm_routes, in->vm_routes_view, in->plan);
	} else {
		json_string(w, in->vm_routes_err && in->vm_routes_err[0] ?
			    in->vm_routes_err : "not read");
		json_member_null(w, "routes");
		json_member_null(w, "default_routes");
	}
	json_object_end(w);
	json_break(w, "\n");
	json_key(w, "problems");
	diag_write_json(w, &v->problems, DIAG_JSON_SEVERITY, "\n", NULL);
	json_break(w, "\n");
	json_key(w, "dns");
	write_hook(w, in->dns.write_vm_json, in->dns.ctx);
	json_object_end(w);
}

void status_write_json(FILE *f, const struct status_input *in)
{
	struct json_writer w;
	char when[32];
	time_t t = (time_t)in->now_unix;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	json_init(&w, f, ",", ":");
	json_object_begin(&w);
	json_member_string(&w, "format", "edgenet-status");
	json_member_int(&w, "version", 1);
	json_member_string(&w, "edgenet", in->version);
	json_member_string(&w, "time", when);
	json_member_string_opt(&w, "plan", in->plan_path);
	json_break(&w, "\n");
	json_key(&w, "host");
	write_host(&w, in);
	json_break(&w, "\n");
	json_key(&w, "vm");
	if (in->vm)
		write_vm(&w, in);
	else
		json_null(&w);
	json_break(&w, "\n");
	json_key(&w, "dns");
	if (in->host_label)
		json_null(&w);
	else
		write_hook(&w, in->dns.write_json, in->dns.ctx);
	json_break(&w, "\n");
	json_member_string_opt(&w, "host_view", in->host_label);
	json_object_end(&w);
	json_finish(&w);
}
