/*
 * status_text.c - `edgenet status` for people: the same snapshot as the
 * JSON (status.h), as sections of plain lines: the default routes in
 * priority order with the one in use marked, the addresses, every route
 * (as iproute2 writes them), the VM's NICs with their observed addresses
 * and sources, the VM's routes, DNS, and the problems found with what to
 * do about them.  Pure C: writes to F only.
 */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/diag_write.h"
#include "core/route_names.h"
#include "core/textsafe.h"
#include "status.h"

/* Every name, address and error here came from outside (the plan,
 * netlink, libvirt, the guest): escaped into B (an array) to be shown. */
#define ESC(b, s) textsafe_buf((b), sizeof(b), (s))

static int put(char *buf, size_t len, size_t *at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int put(char *buf, size_t len, size_t *at, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*at >= len)
		return 0;
	va_start(ap, fmt);
	n = vsnprintf(buf + *at, len - *at, fmt, ap);
	va_end(ap);
	if (n > 0)
		*at += (size_t)n < len - *at ? (size_t)n : len - *at - 1;
	return n;
}

char *status_route_line(const struct route_snapshot *s,
			const struct route_info *r, char *buf, size_t len)
{
	char a[ROUTE_PREFIX_STRLEN], t[16];
	const char *d;
	size_t at = 0;

	buf[0] = '\0';
	if (r->type != ROUTE_TYPE_UNICAST)
		put(buf, len, &at, "%s ", route_type_name(r->type, t));
	put(buf, len, &at, "%s", route_dst_str(r, a));
	if (r->src_len) {
		struct route_info x = *r;

		memcpy(x.dst, r->src, sizeof(x.dst));
		x.dst_len = r->src_len;
		put(buf, len, &at, " from %s", route_dst_str(&x, a));
	}
	if (r->nhid)
		put(buf, len, &at, " nhid %" PRIu32, r->nhid);
	if (r->gw_family)
		put(buf, len, &at, " via %s",
		    route_addr_str(r->gw_family, r->gw, a));
	d = r->oif ? route_snapshot_dev(s, r->oif) : NULL;
	if (r->oif)
		put(buf, len, &at, " dev %s", d ? d : "?");
	if (r->table != ROUTE_TABLE_MAIN)
		put(buf, len, &at, " table %s", route_table_name(r->table, t));
	/* boot: ip's default; unspec: unknown (the guest's /proc/net/route) */
	if (r->protocol != ROUTE_PROTO_BOOT && r->protocol != 0)
		put(buf, len, &at, " proto %s", route_proto_name(r->protocol, t));
	if (r->scope != ROUTE_SCOPE_UNIVERSE)
		put(buf, len, &at, " scope %s", route_scope_name(r->scope, t));
	if (r->has_prefsrc)
		put(buf, len, &at, " src %s",
		    route_addr_str(r->family, r->prefsrc, a));
	if (r->metric || r->family == ROUTE_AF_INET6)
		put(buf, len, &at, " metric %" PRIu32, r->metric);
	for (size_t i = 0; route_flag_name(r->flags, i); i++)
		put(buf, len, &at, " %s", route_flag_name(r->flags, i));
	if (route_pref_name(r->pref))
		put(buf, len, &at, " pref %s", route_pref_name(r->pref));
	for (size_t i = 0; i < r->nh_count; i++) {
		const struct route_nh *nh = &r->nh[i];

		put(buf, len, &at, " nexthop");
		if (nh->gw_family)
			put(buf, len, &at, " via %s",
			    route_addr_str(nh->gw_family, nh->gw, a));
		d = route_snapshot_dev(s, nh->oif);
		put(buf, len, &at, " dev %s weight %u", d ? d : "?",
		    nh->weight + 1u);
		for (size_t k = 0; route_flag_name(nh->flags, k); k++)
			put(buf, len, &at, " %s", route_flag_name(nh->flags, k));
	}
	return buf;
}

static void write_defaults(FILE *f, const struct route_snapshot *s,
			   const struct route_view *v, const struct plan *p)
{
	char line[1024], e[256], e2[4096];
	struct route_info r;

	if (!v->ndefaults) {
		fputs("  (none)\n", f);
		return;
	}
	for (size_t i = 0; i < v->ndefaults; i++) {
		const struct route_default *d = &v->defaults[i];

		route_snapshot_get(s, d->route, &r);
		status_route_line(s, &r, line, sizeof(line));
		fprintf(f, "  %s %s", d->flags & ROUTE_DEF_IN_USE ? "*" : " ",
			ESC(e2, line));
		if (d->nic >= 0 && p)
			fprintf(f, "  [NIC %s%s]", ESC(e, p->nics[d->nic].name),
				p->nics[d->nic].offline ? ", offline" : "");
		if (d->flags & ROUTE_DEF_IN_USE)
			fputs("  in use", f);
		if (d->flags & ROUTE_DEF_TIE)
			fputs("  EQUAL METRIC", f);
		if ((d->flags & ROUTE_DEF_OFFLINE) &&
		    (d->flags & ROUTE_DEF_IN_USE))
			fputs("  OFFLINE NIC WINS", f);
		if (d->flags & ROUTE_DEF_METRIC_DIFFERS)
			fprintf(f, "  plan: metric %lld",
				plan_nic_metric(p, (size_t)d->nic));
		if (d->flags & ROUTE_DEF_DOWN)
			fputs("  link down", f);
		putc('\n', f);
	}
}

static void write_routes(FILE *f, const struct route_snapshot *s,
			 const struct route_view *v)
{
	char line[1024], e[4096];
	struct route_info r;

	for (size_t i = 0; i < v->n; i++) {
		route_snapshot_get(s, v->order[i], &r);
		status_route_line(s, &r, line, sizeof(line));
		fprintf(f, "  %s\n", ESC(e, line));
	}
}

static void write_host(FILE *f, const struct status_input *in)
{
	const struct route_snapshot *s = in->host;
	char a[ROUTE_ADDR_STRLEN], t[16], e[1024];

	if (in->host_label) {
		fprintf(f, "Host: %s\n  %s\n", in->host_label,
			in->host_err ? ESC(e, in->host_err) : "");
		return;
	}
	fputs("Host (this machine, from netlink)\n", f);
	if (!s) {
		fprintf(f, "  cannot read routes and addresses: %s\n",
			in->host_err ? ESC(e, in->host_err) : "unknown error");
		return;
	}
	fputs(" Default routes (IPv4, main table; lower metric wins, * in "
	      "use):\n", f);
	write_defaults(f, s, in->host_view, in->plan);
	fputs(" Addresses:\n", f);
	for (size_t i = 0; i < s->naddrs; i++) {
		const struct route_ifaddr *x = &s->addrs[i];
		const char *d = route_snapshot_dev(s, x->ifindex);

		fprintf(f, "  %-10s %-5s %s/%u", d ? ESC(e, d) : "?",
			route_family_name(x->family),
			route_addr_str(x->family, x->local, a), x->prefixlen);
		if (x->has_address)
			fprintf(f, " peer %s",
				route_addr_str(x->family, x->address, a));
		fprintf(f, " scope %s", route_scope_name(x->scope, t));
		for (size_t k = 0; route_ifa_flag_name(x->family, x->flags, k);
		     k++)
			fprintf(f, " %s", route_ifa_flag_name(x->family,
							     x->flags, k));
		putc('\n', f);
	}
	fprintf(f, " Routes (%zu):\n", in->host_view->n);
	write_routes(f, s, in->host_view);
	if (in->host_view->problems.count) {
		fputs(" Problems:\n", f);
		diag_write_text(f, NULL, &in->host_view->problems, 0, -1);
	}
}

static void write_vm(FILE *f, const struct status_input *in)
{
	const struct vm_observed *o = in->vm;
	const struct vmaddr_view *v = in->vm_view;
	char src[32], age[16], e[1024], e1[1024], e2[1024], e3[256], e4[256];

	fprintf(f, "\nVM %s on %s: %s\n", ESC(e1, o->domain),
		o->uri[0] ? ESC(e2, o->uri) : "(default URI)",
		o->connected ? vm_state_name(o->state) : "not connected");
	if (o->conn_err[0])
		fprintf(f, "  %s\n", ESC(e1, o->conn_err));
	if (o->state == VM_STATE_RUNNING) {
		fputs(" Address sources (agent: the guest agent inside the VM; "
		      "lease: libvirt's DHCP server; arp: the host's ARP "
		      "table):\n", f);
		for (int s = 0; s < VM_SRC_COUNT; s++) {
			if (!o->src[s].tried)
				fprintf(f, "  %-6s not asked\n", vm_source_name(s));
			else if (o->src[s].ok && (o->src[s].more_ifs ||
						  o->src[s].more_addrs))
				fprintf(f, "  %-6s ok, but %u more interfaces and "
					"%u more addresses than shown (at most "
					"%d interfaces, %d addresses each)\n",
					vm_source_name(s), o->src[s].more_ifs,
					o->src[s].more_addrs, VM_MAX_IFS,
					VM_MAX_ADDRS);
			else if (o->src[s].ok)
				fprintf(f, "  %-6s ok\n", vm_source_name(s));
			else
				fprintf(f, "  %-6s error: %s\n",
					vm_source_name(s),
					ESC(e1, o->src[s].err));
		}
	}
	fputs(" NICs:\n", f);
	for (size_t i = 0; i < v->nrows; i++) {
		const struct vmaddr_row *row = &v->rows[i];

		fprintf(f, "  %s%s%s%s  MAC %s  switch %s  plan: %s\n",
			row->name[0] ? ESC(e1, row->name) : "(not in plan)",
			row->guest_name[0] ? " (in the VM: " : "",
			ESC(e2, row->guest_name),
			row->guest_name[0] ? ")" : "",
			row->mac[0] ? ESC(e3, row->mac) : "?",
			row->sw[0] ? ESC(e4, row->sw) : "?",
			row->plan_nic >= 0 ? ESC(e, row->configured) : "-");
		for (size_t k = 0; k < row->nobs; k++) {
			fprintf(f, "    %s/%d  %s", ESC(e1, row->obs[k].addr),
				row->obs[k].prefix,
				vmaddr_sources_str(row->obs[k].sources, src,
						   sizeof(src)));
			if (row->obs[k].age_s > 0)
				fprintf(f, "  seen for %s",
					vmaddr_age_str(row->obs[k].age_s, age,
						       sizeof(age)));
			putc('\n', f);
		}
		if (row->flags & VMA_NO_ADDRESS)
			fputs("    NO ADDRESS\n", f);
		if (row->flags & VMA_UNKNOWN)
			fputs("    (no source answered)\n", f);
	}
	if (in->vm_routes) {
		fputs(" Routes (guest agent: /proc/net/route):\n", f);
		write_defaults(f, in->vm_routes, in->vm_routes_view, in->plan);
		write_routes(f, in->vm_routes, in->vm_routes_view);
	} else if (o->state == VM_STATE_RUNNING) {
		fprintf(f, " Routes: not read: %s\n",
			in->vm_routes_err && in->vm_routes_err[0] ?
			ESC(e1, in->vm_routes_err) : "no guest agent");
	}
	if (v->problems.count || (in->vm_routes_view &&
				  in->vm_routes_view->problems.count)) {
		fputs(" Problems:\n", f);
		diag_write_text(f, NULL, &v->problems, 0, -1);
		if (in->vm_routes_view)
			diag_write_text(f, NULL,
					&in->vm_routes_view->problems, 0, -1);
	}
	if (in->dns.write_vm_text)
		(void)in->dns.write_vm_text(f, in->dns.ctx);
}

void status_write_text(FILE *f, const struct status_input *in)
{
	char when[32], e[4096];
	time_t t = (time_t)in->now_unix;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm);
	fprintf(f, "edgenet %s status, %s%s%s\n\n", in->version, when,
		in->plan_path ? ", plan " : "",
		in->plan_path ? ESC(e, in->plan_path) : "");
	write_host(f, in);
	if (in->vm)
		write_vm(f, in);
	fputs("\nDNS\n", f);
	if (in->host_label)
		fprintf(f, "  the host's: %s\n", in->host_label);
	else if (!in->dns.write_text || in->dns.write_text(f, in->dns.ctx) != 0)
		fputs("  (not available in this build)\n", f);
}
