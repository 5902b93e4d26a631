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
 * Written through the JSON writer (json.h); the diagnostics through
 * diag_write_json.  Pure C: memory, and the FILE* probe_json_write is
 * given.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag_write.h"
#include "core/dns_verdict.h"
#include "core/json.h"
#include "core/probe_fmt.h"
#include "core/probe_verdict.h"

/* A number member: null when below MIN. */
static void j_num(struct json_writer *w, const char *k, long long v,
		  long long min)
{
	json_key(w, k);
	if (v < min)
		json_null(w);
	else
		json_int(w, v);
}

static void j_strs(struct json_writer *w, const char *k,
		   const char (*v)[PROBE_MAC_MAX], size_t n)
{
	json_key(w, k);
	json_array_begin(w);
	for (size_t i = 0; i < n; i++)
		json_string(w, v[i]);
	json_array_end(w);
}

static void j_port(struct json_writer *w, const struct probe_port *pt)
{
	json_member_bool(w, "exists", pt->exists);
	json_member_bool(w, "up", pt->up);
	json_member_bool(w, "carrier", pt->carrier);
	j_num(w, "speed_mbps", pt->speed_mbps, 0);
	json_member_string(w, "duplex", pt->duplex < 0 ? NULL :
			   pt->duplex ? "full" : "half");
	json_member_string_opt(w, "driver", pt->driver);
	json_member_bool(w, "wireless", pt->wireless);
	json_member_bool(w, "virtual", pt->is_virtual);
	json_member_string_opt(w, "port_kind", pt->kind);
	json_member_string_opt(w, "master", pt->master);
}

static void j_dhcp(struct json_writer *w, const struct probe_dhcp *d)
{
	json_member_string_opt(w, "client_mac", d->client_mac);
	j_num(w, "wait_ms", d->wait_ms, 0);
	j_num(w, "servers", (long long)d->nservers, 0);
	json_member_bool(w, "more", d->more);
	json_key(w, "offers");
	json_array_begin(w);
	for (size_t i = 0; i < d->noffers && i < PROBE_MAX_OFFERS; i++) {
		const struct dhcp_offer *o = &d->offers[i];

		json_object_begin(w);
		json_member_string_opt(w, "server_id", o->server_id);
		json_member_string_opt(w, "server_mac", o->server_mac);
		json_member_string_opt(w, "server_ip", o->server_ip);
		json_member_string_opt(w, "offered", o->offered);
		j_num(w, "prefix", o->prefix, 0);
		json_member_string_opt(w, "router", o->router);
		json_key(w, "dns");
		json_array_begin(w);
		for (size_t k = 0; k < o->ndns && k < PROBE_MAX_OFFER_DNS;
		     k++)
			json_string(w, o->dns[k]);
		json_array_end(w);
		j_num(w, "lease_s", o->lease_s, 0);
		j_num(w, "latency_us", o->latency_us, 0);
		json_object_end(w);
	}
	json_array_end(w);
}

static void j_lvdhcp(struct json_writer *w,
		     const struct probe_libvirt_dhcp *l)
{
	json_member_string_opt(w, "network", l->network);
	json_member_bool(w, "defined", l->defined);
	json_member_bool(w, "active", l->active);
	json_member_bool(w, "dhcp", l->dhcp);
	json_member_string_opt(w, "range_start", l->range_start);
	json_member_string_opt(w, "range_end", l->range_end);
	json_member_bool(w, "dnsmasq_running", l->dnsmasq_running);
	j_num(w, "dnsmasq_pid", l->dnsmasq_pid, 1);
	json_member_string_opt(w, "bridge", l->bridge);
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

static void j_kind(struct json_writer *w, const struct probe_result *r)
{
	switch (r->kind) {
	case PROBE_PORT:
		j_port(w, &r->port);
		break;
	case PROBE_DHCP:
		j_dhcp(w, &r->dhcp);
		break;
	case PROBE_LIBVIRT_DHCP:
		j_lvdhcp(w, &r->lvdhcp);
		break;
	case PROBE_ADDR:
		json_member_bool(w, "answered", r->addr.answered);
		j_strs(w, "macs", r->addr.macs,
		       r->addr.nmacs < PROBE_MAX_MACS ? r->addr.nmacs :
		       PROBE_MAX_MACS);
		j_num(w, "rtt_us", r->addr.rtt_us, 0);
		j_num(w, "wait_ms", r->addr.wait_ms, 0);
		break;
	case PROBE_GATEWAY:
		json_member_string_opt(w, "gateway", r->gw.gateway);
		json_member_string_opt(w, "source", r->gw.source);
		json_member_bool(w, "arp_answered", r->gw.arp_answered);
		json_member_string_opt(w, "mac", r->gw.mac);
		j_num(w, "arp_rtt_us", r->gw.arp_rtt_us, 0);
		json_member_bool(w, "ping_sent", r->gw.ping_sent);
		json_member_bool(w, "ping_answered", r->gw.ping_answered);
		j_num(w, "ping_rtt_us", r->gw.ping_rtt_us, 0);
		j_num(w, "wait_ms", r->gw.wait_ms, 0);
		json_member_string_opt(w, "no_ping",
				       no_ping_name(r->gw.no_ping));
		break;
	case PROBE_DNS:
		json_member_string_opt(w, "server", r->dns.server);
		json_key(w, "verdict");
		json_string(w,
			    dns_verdict_name(dns_verdict_of(&r->dns.probe)));
		j_num(w, "rcode", r->dns.probe.rcode, 0);
		j_num(w, "rtt_us", r->dns.probe.rtt_us, 0);
		break;
	case PROBE_NONE:
	case PROBE_KIND_COUNT:
		break;
	}
}

/* The words of one probe as a JSON array, one string per fact: the
 * lines probe_describe wrapped (continued with two spaces) are joined
 * again, a reader of JSON has no 76 columns. */
static void j_words(struct json_writer *w, const struct probe_target *t,
		    const struct probe_result *r)
{
	struct sbuf b, fact;
	char *s, *p, *nl, *one;

	sbuf_init(&b);
	probe_describe(t, r, &b);
	s = sbuf_done(&b);
	json_key(w, "words");
	json_array_begin(w);
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
				json_string(w, one ? one : "");
				free(one);
				sbuf_init(&fact);
			}
			sbuf_add(&fact, p);
		}
		if (!nl)
			break;
	}
	if (fact.len) {
		one = sbuf_done(&fact);
		json_string(w, one ? one : "");
		free(one);
	} else {
		sbuf_free(&fact);
	}
	json_array_end(w);
	free(s);
}

static void j_probe(struct json_writer *w, const struct plan *p,
		    const struct probe_target *t, const struct probe_result *r)
{
	enum probe_status st = r ? r->status : PROBE_IDLE;
	const char *why = NULL;

	json_object_begin(w);
	json_member_string(w, "nic", probe_nic_name(p, t));
	json_member_string_opt(w, "switch", t->network);
	json_member_string(w, "kind", probe_kind_name(t->kind));
	json_member_string_opt(w, "field", t->path);
	json_member_string_opt(w, "interface",
			       r && r->ifname[0] ? r->ifname : t->ifname);
	json_member_string(w, "status", probe_status_name(st));
	json_member_string(w, "level", probe_level_name(probe_level(p, t, r)));
	if (st == PROBE_SKIPPED || st == PROBE_FAILED)
		why = probe_or_text(r->why, t->why_not);
	else if (st == PROBE_IDLE && t->skip)
		why = t->why_not;
	json_member_string_opt(w, "why", why);
	j_num(w, "elapsed_ms",
	      st == PROBE_DONE || st == PROBE_FAILED ? r->elapsed_ms : -1, 0);
	json_member_string_opt(w, "target", t->target);
	if (st == PROBE_DONE)
		j_kind(w, r);
	j_words(w, t, r);
	json_object_end(w);
}

void probe_json_write_probes(struct json_writer *w, const struct plan *p,
			     const struct probe_target *t,
			     const struct probe_result *r, size_t n,
			     const char *item_break, const char *end_break)
{
	json_array_begin(w);
	for (size_t i = 0; t && i < n; i++) {
		if (item_break)
			json_break(w, item_break);
		j_probe(w, p, &t[i], r ? &r[i] : NULL);
	}
	if (n && t && end_break)
		json_break(w, end_break);
	json_array_end(w);
}

void probe_json_write(FILE *f, const char *plan_file, const struct plan *p,
		      const struct probe_target *t,
		      const struct probe_result *r, size_t n)
{
	struct json_writer w;
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

	json_init(&w, f, ", ", ": ");
	json_object_begin(&w);
	json_break(&w, "\n  ");
	json_member_string(&w, "format", "edgenet-diag");
	json_break(&w, "\n  ");
	json_member_int(&w, "version", 1);
	json_break(&w, "\n  ");
	json_member_string(&w, "plan", plan_file);
	json_break(&w, "\n  ");
	json_member_string(&w, "status", status);
	json_break(&w, "\n  ");
	json_key(&w, "probes");
	probe_json_write_probes(&w, p, t, r, n, "\n    ", "\n  ");
	json_break(&w, "\n  ");
	json_key(&w, "diagnostics");
	diag_write_json(&w, &all, DIAG_JSON_FIELD, "\n    ", "\n  ");
	json_break(&w, "\n");
	json_object_end(&w);
	json_finish(&w);
	diag_list_free(&all);
}
