/*
 * dnsview_json.h - a DNS view as JSON (dnsview_write_json; the "dns"
 * member of `edgenet status --json`).  Pure C: the caller's FILE only.
 * Stable: members are only ever added.  Unknown values are null.
 *
 *   {
 *     "source": "resolved" | "state-files" | "resolv.conf" | "none",
 *     "note": STRING | null,        why this source, what it cannot show
 *     "global": SECTION,
 *     "links": [ SECTION, ... ],    ordered by ifindex
 *     "problems": [ { "severity": "error"|"warning", "field": STRING,
 *                     "message": STRING }, ... ]   (when given)
 *   }
 *   SECTION = {
 *     "ifindex": NUMBER | null,     null for Global
 *     "name": STRING | null,        interface name; null for Global
 *     "origin": STRING | null,      file the section was read from
 *     "scopes": [ "DNS", "LLMNR/IPv4", "LLMNR/IPv6", "mDNS/IPv4",
 *                 "mDNS/IPv6" ] | null,       null: unknown
 *     "default_route": true | false | null,   null for Global / unknown
 *     "default_route_derived": BOOL,  true: not reported, derived with
 *                                     resolved's rule from the settings
 *     "llmnr": STRING | null,       "yes", "no", "resolve"
 *     "mdns": STRING | null,        "yes", "no", "resolve"
 *     "dns_over_tls": STRING | null,  "yes", "no", "opportunistic"
 *     "dnssec": STRING | null,      "yes", "no", "allow-downgrade"
 *     "dnssec_supported": BOOL | null,
 *     "resolv_conf_mode": STRING | null,  Global: "stub", "uplink",
 *                                   "static", "foreign", "missing"
 *     "current_server": SERVER | null,
 *     "servers": [ SERVER, ... ],
 *     "fallback_servers": [ SERVER, ... ],   Global only, else []
 *     "domains": [ { "name": STRING, "route_only": BOOL }, ... ]
 *   }
 *   SERVER = {
 *     "text": STRING,               as resolvectl prints it
 *     "address": STRING,            the bare address
 *     "family": "ipv4" | "ipv6",
 *     "port": NUMBER,               the port queried (53 unless given)
 *     "ifindex": NUMBER | null,     scope of a link-local address
 *     "server_name": STRING | null, "#name" (DNS-over-TLS name)
 *     "probe": { "state": "not-probed" | "pending" | "answered" |
 *                         "refused" | "timeout" | "error",
 *                "rtt_ms": NUMBER | null,   round trip (answered,
 *                          refused) or time waited (timeout, error)
 *                "rcode": STRING | null,    "NOERROR", "NXDOMAIN",
 *                          "SERVFAIL", "REFUSED"... when an answer came
 *                "detail": STRING | null,   what happened, in words
 *                (added:)
 *                "query": STRING | null,    what was asked: ". NS"
 *                "answers": NUMBER | null,  records of the kind asked
 *                          in the answer (null: no answer came)
 *                "verdict": "resolves" | "no-data" | "nxdomain" |
 *                          "servfail" | "refused" | "other-rcode" |
 *                          "truncated" | "not-dns" | "no-service" |
 *                          "timeout" | "error" | null (not probed yet)
 *                "resolves": BOOL | null,   true only for NOERROR with
 *                          data; null while not probed
 *                "explanation": STRING | null }  what a bad verdict
 *                          means and what to do, in plain words
 *   }
 */
#ifndef EDGENET_DNSVIEW_JSON_H
#define EDGENET_DNSVIEW_JSON_H

#include <stddef.h>
#include <stdio.h>

#include "core/diag.h"
#include "core/dnsview.h"

/* Writes V as the JSON value documented above.  INDENT < 0: on one line;
 * else pretty, nested INDENT levels of two spaces deep (the first line
 * is not indented: the caller is after "dns": ).  PROBLEMS may be NULL. */
void dnsview_write_json(FILE *f, const struct dnsview *v,
			const struct diag_list *problems, int indent);
/* The same for another machine's view whose servers were probed from
 * here (the VM's): the explanations say so, as dnsview_check_remote. */
void dnsview_write_json_remote(FILE *f, const struct dnsview *v,
			       const struct diag_list *problems, int indent);

#endif
