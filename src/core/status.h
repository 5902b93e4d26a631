/*
 * status.h - `edgenet status`: one snapshot of the host's routes and
 * addresses, the VM's NICs and addresses and routes, and DNS, written as
 * text for people or as JSON for scripts and support tickets.  Pure C:
 * writes to the FILE it is given.
 *
 * The JSON format (status_write_json) is documented and stable: keys are
 * never removed or renamed within a version, every key documented here
 * is always present (null when there is no value), new keys may be
 * added.  Version 1:
 *
 *   { "format": "edgenet-status", "version": 1,
 *     "edgenet": VERSION, "time": "YYYY-MM-DDTHH:MM:SSZ",
 *     "plan": PATH|null,
 *     "host": HOST,
 *     "vm": VM|null,                  null unless asked (--vm)
 *     "dns": DNS|null,                null while no DNS part is built in,
 *                                     and for a remote host (host_view)
 *     "host_view": TEXT|null }        (added) "only on the host itself"
 *                                     when the libvirt host is reached
 *                                     over a transport (qemu+tcp://HOST/,
 *                                     qemu+ssh://...): this machine's
 *                                     netlink and resolved are not that
 *                                     host's, so HOST holds no links,
 *                                     addresses or routes (its "error"
 *                                     says why) and "dns" is null; null
 *                                     when the host is this machine
 *   HOST = { "source": "netlink", "error": TEXT|null,
 *     "links": [ { "ifindex": N, "name": TEXT, "mac": TEXT|null,
 *                  "up": BOOL, "carrier": BOOL, "operstate": TEXT,
 *                  "nic": PLAN-NIC-NAME|null } ],
 *     "addresses": [ { "dev": TEXT|null, "family": "inet"|"inet6",
 *                  "address": TEXT, "prefixlen": N, "peer": TEXT|null,
 *                  "broadcast": TEXT|null, "scope": TEXT,
 *                  "label": TEXT|null, "flags": [TEXT],
 *                  "valid_lft": N|null, "preferred_lft": N|null } ],
 *                                       (null lifetimes: forever)
 *     "routes": [ ROUTE ],            every route of every table,
 *                                      IPv4 first, main, others, local
 *     "default_routes": [ DEFAULT ],  IPv4 main table, lowest metric first
 *     "problems": [ PROBLEM ] }
 *   ROUTE = { "family": "inet"|"inet6", "type": TEXT, "dst": TEXT,
 *     "from": TEXT|null, "table": TEXT, "protocol": TEXT, "scope": TEXT,
 *     "metric": N, "gateway": TEXT|null, "dev": TEXT|null,
 *     "prefsrc": TEXT|null, "flags": [TEXT], "pref": TEXT|null,
 *     "nhid": N|null, "nexthops": [ { "gateway": TEXT|null,
 *     "dev": TEXT|null, "weight": N, "flags": [TEXT] } ] }
 *     (names as iproute2 writes them: "default", "main", "kernel"...)
 *   DEFAULT = { "dst": "default", "gateway": TEXT|null, "dev": TEXT|null,
 *     "metric": N, "in_use": BOOL, "nic": PLAN-NIC-NAME|null,
 *     "flags": [ "in-use"|"tie"|"offline"|"metric-differs"|"down" ] }
 *   PROBLEM = { "severity": "error"|"warning", "field": PATH|null,
 *     "message": TEXT }
 *   VM = { "uri": TEXT|null, "domain": TEXT, "connected": BOOL,
 *     "error": TEXT|null, "state": "running"|"paused"|"shut off"|
 *     "not running"|"not defined"|"unknown",
 *     "sources": [ { "source": "agent"|"lease"|"arp", "tried": BOOL,
 *                   "ok": BOOL, "error": TEXT|null } ],
 *     "nics": [ { "name": PLAN-NIC-NAME|null, "guest_name": TEXT|null,
 *                 "mac": TEXT|null, "plan_mac": TEXT|null,
 *                 "switch": TEXT|null, "configured": TEXT|null,
 *                 "addresses": [ { "address": TEXT, "prefixlen": N,
 *                     "family": "inet"|"inet6", "sources": [TEXT],
 *                     "age_s": N } ],
 *                 "flags": [ "no-address"|"address-differs"|
 *                     "mac-differs"|"not-in-plan"|"not-in-domain"|
 *                     "zero-mac"|"unknown" ] } ],
 *     "routes": { "source": TEXT, "error": TEXT|null,
 *                 "routes": [ROUTE]|null,
 *                 "default_routes": [DEFAULT]|null },
 *     "problems": [ PROBLEM ],
 *     "dns": VMDNS|null }             (added) null: no DNS part built in
 *   DNS = whatever the DNS part writes (an object), see its header
 *     (core/dnsview_json.h; each server's "probe" gained "query", "answers",
 *     "verdict", "resolves" and "explanation": only "resolves": true
 *     shows that the server resolves, see core/dns_verdict.h).
 *   VMDNS = the VM's DNS, read through the guest agent (added):
 *     { "source": "guest-agent",
 *       "read": BOOL,                 the guest's files could be read
 *       "error": TEXT|null,           why not (no agent, not running...)
 *       "probed_from": "host",        every probe result below was sent
 *                                     from this machine, not by the VM;
 *                                     the VM's loopback and link-local
 *                                     servers are "not-probed"
 *       "view": DNS|null }            the object of core/dnsview_json.h
 *                                     (its "source" is "state-files" or
 *                                     "resolv.conf"; problem fields start
 *                                     with "vm.dns"); null when not read
 */
#ifndef EDGENET_STATUS_H
#define EDGENET_STATUS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "plan.h"
#include "route_view.h"
#include "vmaddr.h"

/* The DNS part, supplied by whoever has it (core/dnsview, when built
 * in).  Each writer returns 0 having written its part, or -1 having
 * written nothing (then null / a note is written instead). */
struct status_dns_hook {
	int (*write_json)(FILE *f, void *ctx);	/* one JSON object */
	int (*write_text)(FILE *f, void *ctx);	/* lines of text */
	/* the VM's DNS (VMDNS above; its lines in the VM's section); NULL:
	 * not built (then null / nothing) */
	int (*write_vm_json)(FILE *f, void *ctx);
	int (*write_vm_text)(FILE *f, void *ctx);
	void (*release)(void *ctx);		/* after writing; may be NULL */
	void *ctx;
};

struct status_input {
	const char *version;			/* edgenet's */
	int64_t now_unix;
	int64_t now_ms;				/* CLOCK_MONOTONIC */
	const struct plan *plan;		/* NULL: none */
	const char *plan_path;
	const struct route_view_opts *view_opts;	/* NIC matching */

	/* the local machine */
	const struct route_snapshot *host;	/* NULL when HOST_ERR */
	const struct route_view *host_view;
	const char *host_err;
	/* STATUS_ONLY_ON_HOST when the libvirt host is remote (then HOST is
	 * NULL and HOST_ERR says why), else NULL */
	const char *host_label;

	/* the VM (VM NULL: not asked) */
	const struct vm_observed *vm;
	const struct vmaddr_view *vm_view;
	const struct route_snapshot *vm_routes;	/* NULL when none */
	const struct route_view *vm_routes_view;
	const char *vm_routes_err;		/* why there are none */

	struct status_dns_hook dns;
};

/* The label of what cannot come over a libvirt connection. */
#define STATUS_ONLY_ON_HOST "only on the host itself"

void status_write_json(FILE *f, const struct status_input *in);
void status_write_text(FILE *f, const struct status_input *in);

/* One route as iproute2 would write it ("default via 10.0.0.1 dev eth0
 * proto dhcp metric 100"), into BUF. */
char *status_route_line(const struct route_snapshot *s,
			const struct route_info *r, char *buf, size_t len);

#endif
