/*
 * probe_words.c - a probe's result in plain words (probe_describe).
 *

 *
 * Pure C: memory only.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/dns_verdict.h"
#include "core/probe_fmt.h"
#include "core/probe_verdict.h"
#include "core/textsafe.h"

#define WORDS_COLS 76

/* Columns of the first N bytes of escaped text S (valid UTF-8). */
static int cols(const char *s, size_t n)
{
	int c = 0;

	for (size_t i = 0; i < n && s[i]; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			c++;
	return c;
}

/* The length of a unit (" ms", " s", " Mb/s") at P that stays on the
 * line of the number before it; 0 when none. */
static size_t unit_at(const char *p)
{
	static const char *const units[] = { " ms", " s", " Mb/s" };

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		size_t l = strlen(units[i]);

		if (!strncmp(p, units[i], l) &&
		    (!p[l] || !strchr("abcdefghijklmnopqrstuvwxyz"
				      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
				      p[l])))
			return l;
	}
	return 0;
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
		if (q > p && q[-1] >= '0' && q[-1] <= '9' && unit_at(q)) {
			q += unit_at(q);	/* "0.4 ms" is one word */
			while (*q && *q != ' ')
				q++;		/* with its "," or ")" */
		}
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
	char facts[PROBE_LIST_MAX] = "", one[64];

	if (!pt->exists) {
		line(out, "%s does not exist on this host", ifn);
		return;
	}
	probe_list_add(facts, sizeof(facts),
		 pt->up ? "up" : "down (administratively)");
	probe_list_add(facts, sizeof(facts),
		 pt->carrier ? "carrier (link detected)" : "no carrier");
	/* without a link, a speed and duplex are the driver's last guess */
	if (pt->carrier && pt->speed_mbps >= 0) {
		snprintf(one, sizeof(one), "%d Mb/s", pt->speed_mbps);
		probe_list_add(facts, sizeof(facts), one);
	}
	if (pt->carrier && pt->duplex >= 0)
		probe_list_add(facts, sizeof(facts),
			 pt->duplex ? "full duplex" : "half duplex");
	if (pt->driver[0]) {
		snprintf(one, sizeof(one), "driver %s", pt->driver);
		probe_list_add(facts, sizeof(facts), one);
	}
	line(out, "%s: %s", ifn, facts);
	if (pt->wireless)
		line(out, "Wi-Fi: it cannot be bridged");
	if (pt->is_virtual)
		line(out, "virtual (%s): not a physical port",
		     probe_or_text(pt->kind, "no device behind it"));
	if (pt->master[0])
		line(out, "a port of bridge %s", pt->master);
}

static void words_dhcp(const struct probe_result *r, const char *ifn,
		       struct sbuf *out)
{
	const struct probe_dhcp *d = &r->dhcp;
	char w[32];

	if (!d->noffers && !d->nservers)
		line(out, "no DHCP server answered on %s within %s", ifn,
		     probe_wait_text(d->wait_ms, w, sizeof(w)));
	for (size_t i = 0; i < d->noffers && i < PROBE_MAX_OFFERS; i++) {
		const struct dhcp_offer *o = &d->offers[i];
		char pfx[16] = "", lease[32] = "", router[32] = "";
		char dns[PROBE_LIST_MAX] = "", dl[PROBE_LIST_MAX + 8] = "", ms[32];

		if (o->prefix >= 0)
			snprintf(pfx, sizeof(pfx), "/%d", o->prefix);
		if (o->lease_s >= 0)
			snprintf(lease, sizeof(lease), " for %lld s",
				 o->lease_s);
		if (o->router[0])
			snprintf(router, sizeof(router), ", router %s",
				 o->router);
		for (size_t k = 0; k < o->ndns && k < PROBE_MAX_OFFER_DNS; k++)
			probe_list_add(dns, sizeof(dns), o->dns[k]);
		if (dns[0])
			snprintf(dl, sizeof(dl), ", DNS %s", dns);
		line(out, "DHCP server %s (%s) offered %s%s%s%s%s - %s",
		     probe_or_text(o->server_id, probe_or_text(o->server_ip, "?")),
		     probe_or_text(o->server_mac, "MAC unknown"),
		     probe_or_text(o->offered, "no address"), pfx, lease, router,
		     dl, probe_ms_text(o->latency_us, ms, sizeof(ms)));
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
	const char *net = probe_or_text(l->network, t->network);

	if (!l->defined) {
		line(out, "libvirt network %s: not defined on this host", net);
		return;
	}
	if (!l->active) {
		line(out, "libvirt network %s: defined, not running", net);
		return;
	}
	line(out, "libvirt network %s: running on bridge %s", net,
	     probe_or_text(l->bridge, "(unknown)"));
	if (!l->dhcp) {
		line(out, "no DHCP range in its definition");
		return;
	}
	line(out, "DHCP range %s - %s", probe_or_text(l->range_start, "?"),
	     probe_or_text(l->range_end, "?"));
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
	char macs[PROBE_LIST_MAX] = "", ms[32], w[32];

	if (!a->answered) {
		line(out, "%s is free: no answer within %s",
		     probe_or_text(a->target, t->target),
		     probe_wait_text(a->wait_ms, w, sizeof(w)));
		return;
	}
	if (probe_addr_own(t, r)) {
		line(out, "%s answered only from %s, this NIC's own MAC: the "
		     "VM holds the address already (not a conflict)",
		     probe_or_text(a->target, t->target), t->own_mac);
		return;
	}
	for (size_t i = 0; i < a->nmacs && i < PROBE_MAX_MACS; i++)
		probe_list_add(macs, sizeof(macs), a->macs[i]);
	line(out, "%s is in use: %s answered in %s",
	     probe_or_text(a->target, t->target), macs[0] ? macs : "a device",
	     probe_ms_text(a->rtt_us, ms, sizeof(ms)));
}

/* Why gateway probe R sent no echo. */
static void words_no_ping(const struct probe_result *r,
			  const struct probe_target *t, struct sbuf *out)
{
	const char *a = probe_or_text(r->gw.source, t->source);

	switch (r->gw.no_ping) {
	case PROBE_NO_PING_IN_USE:
		line(out, "ping not sent: %s is in use, and a ping from it "
		     "would take it over", a);
		break;
	case PROBE_NO_PING_VM_HOLDS:
		line(out, "ping not sent: the VM holds %s; a ping from it "
		     "would take it over", a);
		break;
	case PROBE_NO_PING_UNCHECKED:
		line(out, "ping not sent: the address %s was not checked, and "
		     "a ping from it would take it over if it were in use", a);
		break;
	case PROBE_NO_PING_NO_ADDRESS:
		line(out, "ping not sent (no address to send it from)");
		break;
	case PROBE_PING_ALLOWED:
		line(out, "ping not sent");
		break;
	}
}

static void words_gateway(const struct probe_result *r,
			  const struct probe_target *t, struct sbuf *out)
{
	const struct probe_gateway *g = &r->gw;
	const char *gw = probe_or_text(g->gateway, t->target);
	char ms[32], w[32];

	if (!g->arp_answered) {
		line(out, "gateway %s: no ARP reply within %s", gw,
		     probe_wait_text(g->wait_ms, w, sizeof(w)));
		return;
	}
	line(out, "gateway %s answered ARP from %s in %s", gw,
	     probe_or_text(g->mac, "MAC unknown"),
	     probe_ms_text(g->arp_rtt_us, ms, sizeof(ms)));
	if (!g->ping_sent)
		words_no_ping(r, t, out);
	else if (g->ping_answered)
		line(out, "ping answered in %s",
		     probe_ms_text(g->ping_rtt_us, ms, sizeof(ms)));
	else
		line(out, "no answer to ping within %s",
		     probe_wait_text(g->wait_ms, w, sizeof(w)));
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
		line(out, "%s", probe_or_text(r->why, probe_or_text(t->why_not,
			r->status == PROBE_FAILED ? "failed (no reason given)"
			: "skipped (no reason given)")));
		return;
	case PROBE_IDLE:
	case PROBE_DONE:
		break;
	}
	ifn = probe_or_text(r->ifname, probe_or_text(t->ifname, "?"));
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
		     probe_or_text(r->dns.server, t->target),
		     dns_verdict_short(&r->dns.probe, buf, sizeof(buf)));
		break;
	case PROBE_NONE:
	case PROBE_KIND_COUNT:
		line(out, "no such probe");
		break;
	}
}
