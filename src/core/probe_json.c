/*
 * probe_json.c - the whole diagnosis as JSON (probe_json_write).
 *
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
 *                 "ping_rtt_us", "wait_ms", "no_ping": why no echo
 *                 went (or would have gone) from "source" -
 *                 "address-in-use" (another device answered for it),
 *                 "vm-holds-address" (only the NIC's own MAC did),
 *                 "address-not-checked" (no address probe, or it was
 *                 skipped or failed), "no-address" (none to send
 *                 from) - or null when the address was found free and
 *                 the echo could go; the ARP is always an ARP probe
 *                 (sender 0.0.0.0)
 *   dns           "server", "verdict" (core/dns_verdict.h's names|null),
 *                 "rcode", "rtt_us"
 * Round-trip times are whole microseconds ("_us"), never floats.
 * "words" holds one string per fact: probe_describe's lines with the
 * wrapped ones joined again.
 *
 *
 * Pure C: memory, and the FILE* probe_json_write is given.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dns_verdict.h"
#include "core/json.h"
#include "core/probe_fmt.h"
#include "core/probe_verdict.h"

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

/* The "no_ping" member's value (see above); NULL: the echo could go. */
static const char *no_ping_name(enum probe_no_ping n)
{
	switch (n) {
	case PROBE_NO_PING_UNCHECKED:
		return "address-not-checked";
	case PROBE_NO_PING_IN_USE:
		return "address-in-use";
	case PROBE_NO_PING_VM_HOLDS:
		return "vm-holds-address";
	case PROBE_NO_PING_NO_ADDRESS:
		return "no-address";
	case PROBE_PING_ALLOWED:
		break;
	}
	return NULL;
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
		j_str(f, "no_ping", no_ping_name(r->gw.no_ping));
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

/* The words of one probe as a JSON array, one string per fact: the
 * lines probe_describe wrapped (continued with two spaces) are joined
 * again, a reader of JSON has no 76 columns. */
static void j_words(FILE *f, const struct probe_target *t,
		    const struct probe_result *r)
{
	struct sbuf b, fact;
	char *s, *p, *nl, *one;
	bool first = true;

	sbuf_init(&b);
	probe_describe(t, r, &b);
	s = sbuf_done(&b);
	j_key(f, "words");
	putc('[', f);
	sbuf_init(&fact);
	for (p = s; p && *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		if (!strncmp(p, "  ", 2) && fact.len) {
			sbuf_add(&fact, " ");
			sbuf_add(&fact, p + 2);
		} else {
			if (fact.len) {
				one = sbuf_done(&fact);
				fputs(first ? "" : ", ", f);
				json_write_string(f, one ? one : "");
				free(one);
				first = false;
				sbuf_init(&fact);
			}
			sbuf_add(&fact, p);
		}
		if (!nl)
			break;
	}
	if (fact.len) {
		one = sbuf_done(&fact);
		fputs(first ? "" : ", ", f);
		json_write_string(f, one ? one : "");
		free(one);
	} else {
		sbuf_free(&fact);
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
	json_write_string(f, probe_nic_name(p, t));
	j_str(f, "switch", t->network);
	j_key(f, "kind");
	json_write_string(f, probe_kind_name(t->kind));
	j_str(f, "field", t->path);
	j_str(f, "interface", r && r->ifname[0] ? r->ifname : t->ifname);
	j_key(f, "status");
	json_write_string(f, probe_status_name(st));
	j_key(f, "level");
	json_write_string(f, probe_level_name(probe_level(p, t, r)));
	if (st == PROBE_SKIPPED || st == PROBE_FAILED)
		why = probe_or_text(r->why, t->why_not);
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
	size_t done = 0;

	diag_list_init(&all);
	for (size_t i = 0; t && r && i < n; i++) {
		probe_verdict(p, &t[i], &r[i], &all);
		done += r[i].status == PROBE_DONE;
	}
	/* probes planned but not one ran: nothing was checked, which is
	 * not "ok" */
	status = diag_count(&all, DIAG_ERROR) ? "errors" :
		 n && !done ? "unchecked" :
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
