/*
 * probe_verdict.c - a probe's result judged (diagnostics on the plan
 * field of its target), put in plain words, and the whole diagnosis as
 * JSON (see probe_verdict.h for the verdicts).
 *
 * Words: one line per fact, wrapped at word boundaries to 76 columns
 * (continuation lines indented two spaces); everything from outside (a
 * plan's names, a driver name, a DNS detail) escaped (textsafe) before
 * it is measured.  Times in ms, with one decimal below 10 ms ("0.4 ms",
 * "12 ms"), written with integer arithmetic so no locale changes them.
 *
 * JSON ("edgenet-diag" version 1), one object per probe with the members
 * the header lists, then, when the probe is DONE, the members of its kind
 * (a text that is "" and a number that is unknown are null):
 *   every kind    "target": the address probed (ADDR, GATEWAY, DNS)|null
 *   port          "exists", "up", "carrier", "speed_mbps", "duplex"
 *                 ("full"|"half"|null), "driver", "wireless", "virtual",
 *                 "port_kind" ("veth", "bridge"...), "master"
 *   dhcp          "client_mac", "wait_ms", "servers" (distinct servers
 *                 that answered), "more" (offers past those kept),
 *                 "offers": [{"server_id", "server_mac", "server_ip",
 *                 "offered", "prefix", "router", "dns": [..],
 *                 "lease_s", "latency_us"}]
 *   libvirt-dhcp  "network", "defined", "active", "dhcp", "range_start",
 *                 "range_end", "dnsmasq_running", "dnsmasq_pid",
 *                 "bridge"
 *   address       "answered", "macs": [..], "rtt_us", "wait_ms"
 *   gateway       "gateway", "source", "arp_answered", "mac",
 *                 "arp_rtt_us", "ping_sent", "ping_answered",
 *                 "ping_rtt_us", "wait_ms"
 *   dns           "server", "verdict" (core/dns_verdict.h's names|null),
 *                 "rcode", "rtt_us"
 * Round-trip times are whole microseconds ("_us"), never floats.
 *
 * Pure C: memory, and the FILE* probe_json_write is given.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dns_verdict.h"
#include "core/ipv4.h"
#include "core/json.h"
#include "core/probe_verdict.h"
#include "core/textsafe.h"

#define WORDS_COLS 76
#define LIST_MAX 512

/* --- small helpers --- */

/* US microseconds as "0.4 ms" (below 10 ms) or "12 ms"; "?" unknown. */
static const char *ms_text(long long us, char *buf, size_t len)
{
	if (us < 0) {
		snprintf(buf, len, "?");
	} else if (us < 9950) {
		long long tenths = (us + 50) / 100;

		snprintf(buf, len, "%lld.%lld ms", tenths / 10, tenths % 10);
	} else {
		snprintf(buf, len, "%lld ms", (us + 500) / 1000);
	}
	return buf;
}

/* WAIT milliseconds in words, "1000 ms" or "3.0 s" from 1 s. */
static const char *wait_text(int ms, char *buf, size_t len)
{
	if (ms < 0)
		snprintf(buf, len, "the time allowed");
	else if (ms < 1000)
		snprintf(buf, len, "%d ms", ms);
	else
		snprintf(buf, len, "%d.%d s", ms / 1000, ms % 1000 / 100);
	return buf;
}

static const char *or_text(const char *s, const char *dflt)
{
	return s && s[0] ? s : dflt;
}

static const struct plan_switch *target_switch(const struct plan *p,
					       const struct probe_target *t,
					       size_t *index)
{
	if (!p || !t->network[0])
		return NULL;
	for (size_t i = 0; i < p->nswitches && i < PLAN_MAX_SWITCHES; i++)
		if (!strcmp(p->switches[i].name, t->network)) {
			if (index)
				*index = i;
			return &p->switches[i];
		}
	return NULL;
}

static const char *nic_name(const struct plan *p, const struct probe_target *t)
{
	if (p && t->nic < p->nnics && t->nic < PLAN_MAX_NICS &&
	    p->nics[t->nic].name[0])
		return p->nics[t->nic].name;
	return NULL;
}

/* "NIC eth0" or "the NIC" for messages. */
static const char *nic_label(const struct plan *p,
			     const struct probe_target *t, char *buf,
			     size_t len)
{
	const char *n = nic_name(p, t);

	if (n)
		snprintf(buf, len, "NIC %s", n);
	else
		snprintf(buf, len, "the NIC");
	return buf;
}

/* Appends S to a ", "-separated list in BUF. */
static void list_add(char *buf, size_t len, const char *s)
{
	size_t l = strlen(buf);

	if (l >= len - 1)
		return;
	snprintf(buf + l, len - l, "%s%s", l ? ", " : "", s);
}

/* --- the verdicts --- */

static void verdict_addr(const struct plan *p, const struct probe_target *t,
			 const struct probe_result *r, struct diag_list *out)
{
	const struct probe_addr *a = &r->addr;
	char macs[LIST_MAX] = "";

	(void)p;
	if (!a->answered)
		return;
	for (size_t i = 0; i < a->nmacs && i < PROBE_MAX_MACS; i++)
		list_add(macs, sizeof(macs), a->macs[i]);
	diag_add(out, DIAG_ERROR, t->path,
		 "%s is already in use on switch \"%s\" (%s answered the ARP probe "
		 "on %s): choose a free address, or find and switch off the "
		 "device that holds it",
		 or_text(a->target, t->target), t->network,
		 macs[0] ? macs : "a device",
		 or_text(r->ifname, t->ifname));
}

/* The distinct servers of D's offers as "ID (MAC) offering ADDR", in
 * arrival order. */
static void dhcp_servers(const struct probe_dhcp *d, char *buf, size_t len)
{
	char one[128];

	buf[0] = '\0';
	for (size_t i = 0; i < d->noffers && i < PROBE_MAX_OFFERS; i++) {
		const struct dhcp_offer *o = &d->offers[i];
		bool seen = false;

		for (size_t j = 0; j < i && !seen; j++) {
			const struct dhcp_offer *q = &d->offers[j];

			seen = o->server_id[0] ?
			       !strcmp(q->server_id, o->server_id) :
			       !strcmp(q->server_mac, o->server_mac);
		}
		if (seen)
			continue;
		snprintf(one, sizeof(one), "%s (%s) offering %s",
			 or_text(o->server_id, or_text(o->server_ip, "?")),
			 or_text(o->server_mac, "MAC unknown"),
			 or_text(o->offered, "no address"));
		list_add(buf, len, one);
	}
}

static void verdict_dhcp(const struct plan *p, const struct probe_target *t,
			 const struct probe_result *r, struct diag_list *out)
{
	const struct probe_dhcp *d = &r->dhcp;
	char lab[PLAN_NAME_MAX + 8], w[32], list[LIST_MAX];

	if (!d->noffers && !d->nservers) {
		diag_add(out, DIAG_WARNING, t->path,
			 "no DHCP server answered on switch \"%s\" (DISCOVER "
			 "sent on %s, waited %s): %s will get no address in "
			 "DHCP mode; connect or start the network's DHCP "
			 "server, or give the NIC a static address",
			 t->network, or_text(r->ifname, t->ifname),
			 wait_text(d->wait_ms, w, sizeof(w)),
			 nic_label(p, t, lab, sizeof(lab)));
		return;
	}
	if (d->nservers < 2)
		return;
	dhcp_servers(d, list, sizeof(list));
	diag_add(out, DIAG_WARNING, t->path,
		 "%zu DHCP servers answered on switch \"%s\": %s%s; one of "
		 "them may be a rogue server handing out wrong addresses, and "
		 "the VM takes whichever answers first: find the one that "
		 "should not be there and switch it off",
		 d->nservers, t->network, list,
		 d->more ? ", and more" : "");
}

static void verdict_lvdhcp(const struct plan *p, const struct probe_target *t,
			   const struct probe_result *r, struct diag_list *out)
{
	const struct probe_libvirt_dhcp *l = &r->lvdhcp;
	const char *net = or_text(l->network, t->network);
	const struct plan_switch *s;
	size_t si = 0;
	char lab[PLAN_NAME_MAX + 8];
	uint32_t a, b, c, d;

	nic_label(p, t, lab, sizeof(lab));
	if (!l->defined) {
		diag_add(out, DIAG_WARNING, t->path,
			 "the switch \"%s\" does not exist on this host yet (no "
			 "libvirt network of that name), so no DHCP server "
			 "serves it: %s gets no address until apply creates "
			 "the switch", net, lab);
		return;
	}
	if (!l->active) {
		diag_add(out, DIAG_WARNING, t->path,
			 "the switch \"%s\" is defined but not running, so its "
			 "DHCP server (libvirt's dnsmasq) does not answer and "
			 "%s gets no address: start it (virsh net-start %s) "
			 "or apply the plan", net, lab, net);
		return;
	}
	s = target_switch(p, t, &si);
	if (!l->dhcp) {
		if (s)
			diag_add(out, DIAG_WARNING, t->path,
				 "the switch \"%s\" has no DHCP range in "
				 "libvirt's definition, so %s in DHCP mode gets "
				 "no address: turn DHCP on for the switch "
				 "(switches[%zu].dhcp) and apply, or give the "
				 "NIC a static address", net, lab, si);
		else
			diag_add(out, DIAG_WARNING, t->path,
				 "the switch \"%s\" has no DHCP range in "
				 "libvirt's definition, so %s in DHCP mode gets "
				 "no address: turn DHCP on for the switch and "
				 "apply, or give the NIC a static address",
				 net, lab);
		return;
	}
	if (!l->dnsmasq_running)
		diag_add(out, DIAG_WARNING, t->path,
			 "libvirt's DHCP server (dnsmasq) for the switch \"%s\" "
			 "is not running, so %s gets no address: restart the "
			 "switch (virsh net-destroy %s, then virsh net-start "
			 "%s; its VMs lose the network meanwhile)",
			 net, lab, net, net);
	if (s && s->dhcp && s->dhcp_start[0] && s->dhcp_end[0] &&
	    ipv4_parse(s->dhcp_start, &a) == IPV4_OK &&
	    ipv4_parse(s->dhcp_end, &b) == IPV4_OK &&
	    (ipv4_parse(l->range_start, &c) != IPV4_OK ||
	     ipv4_parse(l->range_end, &d) != IPV4_OK || a != c || b != d))
		diag_add(out, DIAG_WARNING, t->path,
			 "libvirt hands out %s-%s on the switch \"%s\", the "
			 "plan says %s-%s (switches[%zu].dhcp_start): apply "
			 "the plan to change the range; until then a static "
			 "address chosen outside the plan's range may be "
			 "leased to another VM",
			 or_text(l->range_start, "?"),
			 or_text(l->range_end, "?"), net, s->dhcp_start,
			 s->dhcp_end, si);
}

static void verdict_gateway(const struct plan *p,
			    const struct probe_target *t,
			    const struct probe_result *r,
			    struct diag_list *out)
{
	const struct probe_gateway *g = &r->gw;
	const char *gw = or_text(g->gateway, t->target);
	char lab[PLAN_NAME_MAX + 8], w[32];

	if (!g->arp_answered) {
		diag_add(out, DIAG_WARNING, t->path,
			 "nothing answers at the gateway %s on switch \"%s\" "
			 "(no ARP reply on %s within %s): through %s the VM "
			 "will reach nothing beyond this network; check the "
			 "gateway's address and that the router is on and "
			 "connected",
			 gw, t->network, or_text(r->ifname, t->ifname),
			 wait_text(g->wait_ms, w, sizeof(w)),
			 nic_label(p, t, lab, sizeof(lab)));
		return;
	}
	if (g->ping_sent && !g->ping_answered)
		diag_add(out, DIAG_WARNING, t->path,
			 "the gateway %s is there (%s answered ARP) but did "
			 "not answer ping within %s: many firewalls drop ping "
			 "and the route may still work; if the VM cannot "
			 "reach beyond this network, check the router",
			 gw, or_text(g->mac, "a device"),
			 wait_text(g->wait_ms, w, sizeof(w)));
}

static void verdict_port(const struct plan *p, const struct probe_target *t,
			 const struct probe_result *r, struct diag_list *out)
{
	const struct probe_port *pt = &r->port;
	const struct plan_switch *s;
	const char *ifn = or_text(r->ifname, t->ifname);
	size_t si = 0;
	bool bridge_mode;

	s = target_switch(p, t, &si);
	bridge_mode = !s || s->ext_mode == EXT_BRIDGE;
	if (!pt->exists) {
		diag_add(out, DIAG_ERROR, t->path,
			 "the uplink %s of switch \"%s\" does not exist on this "
			 "host: choose one of the host's network ports, by the "
			 "name `ip link` shows", ifn, t->network);
		return;
	}
	if (pt->wireless)
		diag_add(out, bridge_mode ? DIAG_ERROR : DIAG_WARNING, t->path,
			 "%s is a Wi-Fi port: %s (the access point accepts "
			 "frames only from the host's own MAC): use the NAT "
			 "(default) switch instead",
			 ifn, bridge_mode ? "Wi-Fi cannot be bridged" :
			 "macvtap over Wi-Fi rarely works");
	if (pt->master[0] &&
	    (!bridge_mode || !s || strcmp(pt->master, s->bridge))) {
		if (bridge_mode && s)
			diag_add(out, DIAG_ERROR, t->path,
				 "%s is already a port of bridge %s, not of "
				 "this switch's bridge %s, and a NIC can be in "
				 "one bridge only: choose another uplink, or "
				 "name %s as the switch's bridge "
				 "(switches[%zu].bridge)", ifn, pt->master,
				 s->bridge[0] ? s->bridge : "(none)",
				 pt->master, si);
		else
			diag_add(out, DIAG_ERROR, t->path,
				 "%s is already a port of bridge %s, and %s: "
				 "choose another uplink, or take it out of %s "
				 "first", ifn, pt->master,
				 bridge_mode ? "a NIC can be in one bridge only"
				 : "macvtap cannot use a bridge's port",
				 pt->master);
	}
	if (pt->is_virtual)
		diag_add(out, DIAG_WARNING, t->path,
			 "%s is a virtual interface (%s), not a physical port: "
			 "the VM would not reach the plant network through it; "
			 "choose the physical NIC connected to that network",
			 ifn, or_text(pt->kind, "virtual"));
	if (!pt->up)
		diag_add(out, DIAG_WARNING, t->path,
			 "%s is down (administratively), so nothing passes "
			 "through it: bring it up (ip link set %s up) and probe "
			 "again", ifn, ifn);
	else if (!pt->carrier)
		diag_add(out, DIAG_WARNING, t->path,
			 "%s has no carrier: no cable, or the other end is "
			 "off; plug the cable in: until then the VM has no "
			 "network on switch \"%s\"", ifn, t->network);
}

static void verdict_dns(const struct probe_target *t,
			const struct probe_result *r, struct diag_list *out)
{
	const struct dnsview_probe *d = &r->dns.probe;
	char why[1024];

	if (!dns_verdict_is_problem(dns_verdict_of(d)))
		return;
	diag_add(out, DIAG_WARNING, t->path, "the DNS server %s %s",
		 or_text(r->dns.server, t->target),
		 dns_verdict_explain(d, false, why, sizeof(why)));
}

void probe_verdict(const struct plan *p, const struct probe_target *t,
		   const struct probe_result *r, struct diag_list *out)
{
	if (!t || !r || !out || r->status != PROBE_DONE)
		return;
	switch (r->kind) {
	case PROBE_PORT:
		verdict_port(p, t, r, out);
		break;
	case PROBE_DHCP:
		verdict_dhcp(p, t, r, out);
		break;
	case PROBE_LIBVIRT_DHCP:
		verdict_lvdhcp(p, t, r, out);
		break;
	case PROBE_ADDR:
		verdict_addr(p, t, r, out);
		break;
	case PROBE_GATEWAY:
		verdict_gateway(p, t, r, out);
		break;
	case PROBE_DNS:
		verdict_dns(t, r, out);
		break;
	case PROBE_NONE:
	case PROBE_KIND_COUNT:
		break;
	}
}

static enum probe_level level_of(const struct diag_list *l)
{
	if (diag_count(l, DIAG_ERROR))
		return PROBE_LEVEL_ERROR;
	if (diag_count(l, DIAG_WARNING))
		return PROBE_LEVEL_WARNING;
	return PROBE_LEVEL_OK;
}

enum probe_level probe_level(const struct plan *p, const struct probe_target *t,
			     const struct probe_result *r)
{
	struct diag_list l;
	enum probe_level v;

	if (!t || !r || r->status != PROBE_DONE)
		return PROBE_LEVEL_NONE;
	diag_list_init(&l);
	probe_verdict(p, t, r, &l);
	v = level_of(&l);
	diag_list_free(&l);
	return v;
}

static const char *level_name(enum probe_level v)
{
	switch (v) {
	case PROBE_LEVEL_OK:
		return "ok";
	case PROBE_LEVEL_WARNING:
		return "warning";
	case PROBE_LEVEL_ERROR:
		return "error";
	case PROBE_LEVEL_NONE:
		break;
	}
	return NULL;
}

/* --- words --- */

/* Columns of the first N bytes of escaped text S (valid UTF-8). */
static int cols(const char *s, size_t n)
{
	int c = 0;

	for (size_t i = 0; i < n && s[i]; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			c++;
	return c;
}

/* Appends escaped text E wrapped at spaces to WORDS_COLS. */
static void wrap(struct sbuf *out, const char *e)
{
	const char *p = e;
	int col = 0;

	while (*p == ' ')
		p++;
	while (*p) {
		const char *q = p;
		int wc;

		while (*q && *q != ' ')
			q++;
		wc = cols(p, (size_t)(q - p));
		if (col > 2 && col + 1 + wc > WORDS_COLS) {
			sbuf_add(out, "\n  ");
			col = 2;
		} else if (col > 0) {
			sbuf_add(out, " ");
			col++;
		}
		/* a word longer than a line is cut where the line ends */
		while (col + wc > WORDS_COLS) {
			size_t k = 0;

			while (col < WORDS_COLS) {
				k++;
				while (((unsigned char)p[k] & 0xc0) == 0x80)
					k++;
				col++;
			}
			sbuf_addn(out, p, k);
			sbuf_add(out, "\n  ");
			col = 2;
			p += k;
			wc = cols(p, (size_t)(q - p));
		}
		sbuf_addn(out, p, (size_t)(q - p));
		col += wc;
		p = q;
		while (*p == ' ')
			p++;
	}
}

__attribute__((format(printf, 2, 3)))
static void line(struct sbuf *out, const char *fmt, ...)
{
	char raw[1024], e[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	textsafe(e, sizeof(e), raw);
	if (out->len)
		sbuf_add(out, "\n");
	wrap(out, e);
}

static void words_port(const struct probe_result *r, const char *ifn,
		       struct sbuf *out)
{
	const struct probe_port *pt = &r->port;
	char facts[LIST_MAX] = "", one[64];

	if (!pt->exists) {
		line(out, "%s does not exist on this host", ifn);
		return;
	}
	list_add(facts, sizeof(facts),
		 pt->up ? "up" : "down (administratively)");
	list_add(facts, sizeof(facts),
		 pt->carrier ? "carrier (link detected)" : "no carrier");
	if (pt->speed_mbps >= 0) {
		snprintf(one, sizeof(one), "%d Mb/s", pt->speed_mbps);
		list_add(facts, sizeof(facts), one);
	}
	if (pt->duplex >= 0)
		list_add(facts, sizeof(facts),
			 pt->duplex ? "full duplex" : "half duplex");
	if (pt->driver[0]) {
		snprintf(one, sizeof(one), "driver %s", pt->driver);
		list_add(facts, sizeof(facts), one);
	}
	line(out, "%s: %s", ifn, facts);
	if (pt->wireless)
		line(out, "Wi-Fi: it cannot be bridged");
	if (pt->is_virtual)
		line(out, "virtual (%s): not a physical port",
		     or_text(pt->kind, "no device behind it"));
	if (pt->master[0])
		line(out, "already a port of bridge %s", pt->master);
}

static void words_dhcp(const struct probe_result *r, const char *ifn,
		       struct sbuf *out)
{
	const struct probe_dhcp *d = &r->dhcp;
	char w[32];

	if (!d->noffers && !d->nservers)
		line(out, "no DHCP server answered on %s within %s", ifn,
		     wait_text(d->wait_ms, w, sizeof(w)));
	for (size_t i = 0; i < d->noffers && i < PROBE_MAX_OFFERS; i++) {
		const struct dhcp_offer *o = &d->offers[i];
		char pfx[16] = "", lease[32] = "", router[32] = "";
		char dns[LIST_MAX] = "", dl[LIST_MAX + 8] = "", ms[32];

		if (o->prefix >= 0)
			snprintf(pfx, sizeof(pfx), "/%d", o->prefix);
		if (o->lease_s >= 0)
			snprintf(lease, sizeof(lease), " for %lld s",
				 o->lease_s);
		if (o->router[0])
			snprintf(router, sizeof(router), ", router %s",
				 o->router);
		for (size_t k = 0; k < o->ndns && k < PROBE_MAX_OFFER_DNS; k++)
			list_add(dns, sizeof(dns), o->dns[k]);
		if (dns[0])
			snprintf(dl, sizeof(dl), ", DNS %s", dns);
		line(out, "DHCP server %s (%s) offered %s%s%s%s%s - %s",
		     or_text(o->server_id, or_text(o->server_ip, "?")),
		     or_text(o->server_mac, "MAC unknown"),
		     or_text(o->offered, "no address"), pfx, lease, router,
		     dl, ms_text(o->latency_us, ms, sizeof(ms)));
	}
	if (d->nservers > 1)
		line(out, "%zu servers answered: more than one DHCP server on "
		     "this network", d->nservers);
	if (d->more)
		line(out, "more offers came than are listed here");
	if (d->client_mac[0])
		line(out, "asked from the throw-away MAC %s; nothing was "
		     "leased", d->client_mac);
}

static void words_lvdhcp(const struct probe_result *r,
			 const struct probe_target *t, struct sbuf *out)
{
	const struct probe_libvirt_dhcp *l = &r->lvdhcp;
	const char *net = or_text(l->network, t->network);

	if (!l->defined) {
		line(out, "libvirt network %s: not defined on this host", net);
		return;
	}
	if (!l->active) {
		line(out, "libvirt network %s: defined, not running", net);
		return;
	}
	line(out, "libvirt network %s: running on bridge %s", net,
	     or_text(l->bridge, "(unknown)"));
	if (!l->dhcp) {
		line(out, "no DHCP range in its definition");
		return;
	}
	line(out, "DHCP range %s - %s", or_text(l->range_start, "?"),
	     or_text(l->range_end, "?"));
	if (l->dnsmasq_running && l->dnsmasq_pid > 0)
		line(out, "dnsmasq running (pid %ld)", l->dnsmasq_pid);
	else if (l->dnsmasq_running)
		line(out, "dnsmasq running");
	else
		line(out, "dnsmasq not running");
}

static void words_addr(const struct probe_result *r,
		       const struct probe_target *t, struct sbuf *out)
{
	const struct probe_addr *a = &r->addr;
	char macs[LIST_MAX] = "", ms[32], w[32];

	if (!a->answered) {
		line(out, "%s is free: no answer within %s",
		     or_text(a->target, t->target),
		     wait_text(a->wait_ms, w, sizeof(w)));
		return;
	}
	for (size_t i = 0; i < a->nmacs && i < PROBE_MAX_MACS; i++)
		list_add(macs, sizeof(macs), a->macs[i]);
	line(out, "%s is in use: %s answered in %s",
	     or_text(a->target, t->target), macs[0] ? macs : "a device",
	     ms_text(a->rtt_us, ms, sizeof(ms)));
}

static void words_gateway(const struct probe_result *r,
			  const struct probe_target *t, struct sbuf *out)
{
	const struct probe_gateway *g = &r->gw;
	const char *gw = or_text(g->gateway, t->target);
	char ms[32], w[32];

	if (!g->arp_answered) {
		line(out, "gateway %s: no ARP reply within %s", gw,
		     wait_text(g->wait_ms, w, sizeof(w)));
		return;
	}
	line(out, "gateway %s answered ARP from %s in %s", gw,
	     or_text(g->mac, "MAC unknown"),
	     ms_text(g->arp_rtt_us, ms, sizeof(ms)));
	if (!g->ping_sent)
		line(out, "ping not sent (no address to send it from)");
	else if (g->ping_answered)
		line(out, "ping answered in %s",
		     ms_text(g->ping_rtt_us, ms, sizeof(ms)));
	else
		line(out, "no answer to ping within %s",
		     wait_text(g->wait_ms, w, sizeof(w)));
}

void probe_describe(const struct probe_target *t, const struct probe_result *r,
		    struct sbuf *out)
{
	const char *ifn;
	char buf[256];

	if (!t || !out)
		return;
	if (!r || r->status == PROBE_IDLE) {
		line(out, "%s", t->skip ? t->why_not : "not run yet");
		return;
	}
	switch (r->status) {
	case PROBE_RUNNING:
		line(out, "running...");
		return;
	case PROBE_SKIPPED:
	case PROBE_FAILED:
		line(out, "%s", or_text(r->why, or_text(t->why_not,
			r->status == PROBE_FAILED ? "failed (no reason given)"
			: "skipped (no reason given)")));
		return;
	case PROBE_IDLE:
	case PROBE_DONE:
		break;
	}
	ifn = or_text(r->ifname, or_text(t->ifname, "?"));
	switch (r->kind) {
	case PROBE_PORT:
		words_port(r, ifn, out);
		break;
	case PROBE_DHCP:
		words_dhcp(r, ifn, out);
		break;
	case PROBE_LIBVIRT_DHCP:
		words_lvdhcp(r, t, out);
		break;
	case PROBE_ADDR:
		words_addr(r, t, out);
		break;
	case PROBE_GATEWAY:
		words_gateway(r, t, out);
		break;
	case PROBE_DNS:
		line(out, "DNS server %s: %s",
		     or_text(r->dns.server, t->target),
		     dns_verdict_short(&r->dns.probe, buf, sizeof(buf)));
		break;
	case PROBE_NONE:
	case PROBE_KIND_COUNT:
		line(out, "no such probe");
		break;
	}
}

/* --- JSON --- */

static void j_key(FILE *f, const char *k)
{
	fprintf(f, ", \"%s\": ", k);
}

/* A text member: null when "". */
static void j_str(FILE *f, const char *k, const char *v)
{
	j_key(f, k);
	json_write_string(f, v && v[0] ? v : NULL);
}

static void j_bool(FILE *f, const char *k, bool v)
{
	j_key(f, k);
	fputs(v ? "true" : "false", f);
}

/* A number member: null when below MIN. */
static void j_num(FILE *f, const char *k, long long v, long long min)
{
	j_key(f, k);
	if (v < min)
		fputs("null", f);
	else
		fprintf(f, "%lld", v);
}

static void j_strs(FILE *f, const char *k, const char (*v)[PROBE_MAC_MAX],
		   size_t n)
{
	j_key(f, k);
	putc('[', f);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputs(", ", f);
		json_write_string(f, v[i]);
	}
	putc(']', f);
}

static void j_port(FILE *f, const struct probe_port *pt)
{
	j_bool(f, "exists", pt->exists);
	j_bool(f, "up", pt->up);
	j_bool(f, "carrier", pt->carrier);
	j_num(f, "speed_mbps", pt->speed_mbps, 0);
	j_key(f, "duplex");
	fputs(pt->duplex < 0 ? "null" : pt->duplex ? "\"full\"" : "\"half\"",
	      f);
	j_str(f, "driver", pt->driver);
	j_bool(f, "wireless", pt->wireless);
	j_bool(f, "virtual", pt->is_virtual);
	j_str(f, "port_kind", pt->kind);
	j_str(f, "master", pt->master);
}

static void j_dhcp(FILE *f, const struct probe_dhcp *d)
{
	j_str(f, "client_mac", d->client_mac);
	j_num(f, "wait_ms", d->wait_ms, 0);
	j_num(f, "servers", (long long)d->nservers, 0);
	j_bool(f, "more", d->more);
	j_key(f, "offers");
	putc('[', f);
	for (size_t i = 0; i < d->noffers && i < PROBE_MAX_OFFERS; i++) {
		const struct dhcp_offer *o = &d->offers[i];

		fputs(i ? ", {\"server_id\": " : "{\"server_id\": ", f);
		json_write_string(f, o->server_id[0] ? o->server_id : NULL);
		j_str(f, "server_mac", o->server_mac);
		j_str(f, "server_ip", o->server_ip);
		j_str(f, "offered", o->offered);
		j_num(f, "prefix", o->prefix, 0);
		j_str(f, "router", o->router);
		j_key(f, "dns");
		putc('[', f);
		for (size_t k = 0; k < o->ndns && k < PROBE_MAX_OFFER_DNS;
		     k++) {
			if (k)
				fputs(", ", f);
			json_write_string(f, o->dns[k]);
		}
		putc(']', f);
		j_num(f, "lease_s", o->lease_s, 0);
		j_num(f, "latency_us", o->latency_us, 0);
		putc('}', f);
	}
	putc(']', f);
}

static void j_lvdhcp(FILE *f, const struct probe_libvirt_dhcp *l)
{
	j_str(f, "network", l->network);
	j_bool(f, "defined", l->defined);
	j_bool(f, "active", l->active);
	j_bool(f, "dhcp", l->dhcp);
	j_str(f, "range_start", l->range_start);
	j_str(f, "range_end", l->range_end);
	j_bool(f, "dnsmasq_running", l->dnsmasq_running);
	j_num(f, "dnsmasq_pid", l->dnsmasq_pid, 1);
	j_str(f, "bridge", l->bridge);
}

static void j_kind(FILE *f, const struct probe_result *r)
{
	switch (r->kind) {
	case PROBE_PORT:
		j_port(f, &r->port);
		break;
	case PROBE_DHCP:
		j_dhcp(f, &r->dhcp);
		break;
	case PROBE_LIBVIRT_DHCP:
		j_lvdhcp(f, &r->lvdhcp);
		break;
	case PROBE_ADDR:
		j_bool(f, "answered", r->addr.answered);
		j_strs(f, "macs", r->addr.macs,
		       r->addr.nmacs < PROBE_MAX_MACS ? r->addr.nmacs :
		       PROBE_MAX_MACS);
		j_num(f, "rtt_us", r->addr.rtt_us, 0);
		j_num(f, "wait_ms", r->addr.wait_ms, 0);
		break;
	case PROBE_GATEWAY:
		j_str(f, "gateway", r->gw.gateway);
		j_str(f, "source", r->gw.source);
		j_bool(f, "arp_answered", r->gw.arp_answered);
		j_str(f, "mac", r->gw.mac);
		j_num(f, "arp_rtt_us", r->gw.arp_rtt_us, 0);
		j_bool(f, "ping_sent", r->gw.ping_sent);
		j_bool(f, "ping_answered", r->gw.ping_answered);
		j_num(f, "ping_rtt_us", r->gw.ping_rtt_us, 0);
		j_num(f, "wait_ms", r->gw.wait_ms, 0);
		break;
	case PROBE_DNS:
		j_str(f, "server", r->dns.server);
		j_key(f, "verdict");
		json_write_string(f,
			dns_verdict_name(dns_verdict_of(&r->dns.probe)));
		j_num(f, "rcode", r->dns.probe.rcode, 0);
		j_num(f, "rtt_us", r->dns.probe.rtt_us, 0);
		break;
	case PROBE_NONE:
	case PROBE_KIND_COUNT:
		break;
	}
}

/* The words of one probe as a JSON array of lines. */
static void j_words(FILE *f, const struct probe_target *t,
		    const struct probe_result *r)
{
	struct sbuf b;
	char *s, *p, *nl;
	bool first = true;

	sbuf_init(&b);
	probe_describe(t, r, &b);
	s = sbuf_done(&b);
	j_key(f, "words");
	putc('[', f);
	for (p = s; p && *p; p = nl ? nl + 1 : p + strlen(p)) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		fputs(first ? "" : ", ", f);
		json_write_string(f, p);
		first = false;
		if (!nl)
			break;
	}
	putc(']', f);
	free(s);
}

static void j_probe(FILE *f, const struct plan *p,
		    const struct probe_target *t, const struct probe_result *r)
{
	enum probe_status st = r ? r->status : PROBE_IDLE;
	const char *why = NULL;

	fputs("{\"nic\": ", f);
	json_write_string(f, nic_name(p, t));
	j_str(f, "switch", t->network);
	j_key(f, "kind");
	json_write_string(f, probe_kind_name(t->kind));
	j_str(f, "field", t->path);
	j_str(f, "interface", r && r->ifname[0] ? r->ifname : t->ifname);
	j_key(f, "status");
	json_write_string(f, probe_status_name(st));
	j_key(f, "level");
	json_write_string(f, level_name(probe_level(p, t, r)));
	if (st == PROBE_SKIPPED || st == PROBE_FAILED)
		why = or_text(r->why, t->why_not);
	else if (st == PROBE_IDLE && t->skip)
		why = t->why_not;
	j_str(f, "why", why);
	j_num(f, "elapsed_ms",
	      st == PROBE_DONE || st == PROBE_FAILED ? r->elapsed_ms : -1, 0);
	j_str(f, "target", t->target);
	if (st == PROBE_DONE)
		j_kind(f, r);
	j_words(f, t, r);
	putc('}', f);
}

void probe_json_write(FILE *f, const char *plan_file, const struct plan *p,
		      const struct probe_target *t,
		      const struct probe_result *r, size_t n)
{
	struct diag_list all;
	const char *status;

	diag_list_init(&all);
	for (size_t i = 0; t && r && i < n; i++)
		probe_verdict(p, &t[i], &r[i], &all);
	status = diag_count(&all, DIAG_ERROR) ? "errors" :
		 diag_count(&all, DIAG_WARNING) ? "warnings" : "ok";

	fputs("{\n  \"format\": \"edgenet-diag\",\n  \"version\": 1,\n"
	      "  \"plan\": ", f);
	json_write_string(f, plan_file);
	fprintf(f, ",\n  \"status\": \"%s\",\n  \"probes\": [", status);
	for (size_t i = 0; t && i < n; i++) {
		fputs(i ? ",\n    " : "\n    ", f);
		j_probe(f, p, &t[i], r ? &r[i] : NULL);
	}
	fputs(n && t ? "\n  ],\n  \"diagnostics\": [" :
	      "],\n  \"diagnostics\": [", f);
	for (size_t i = 0; i < all.count; i++) {
		const struct diag *d = &all.items[i];

		fputs(i ? ",\n    {\"field\": " : "\n    {\"field\": ", f);
		json_write_string(f, d->path);
		fprintf(f, ", \"severity\": \"%s\", \"message\": ",
			diag_severity_name(d->severity));
		json_write_string(f, d->message);
		putc('}', f);
	}
	fputs(all.count ? "\n  ]\n}\n" : "]\n}\n", f);
	diag_list_free(&all);
}
