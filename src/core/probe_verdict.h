/*
 * probe_verdict.h - a probe's result judged and put in words, the same
 * for the console, `edgenet diag` (text and JSON) and the preflight of
 * the review and of `edgenet apply`.  Pure C.
 *
 * Verdicts (diagnostics on the target's plan field):
 *   ADDR     answered: error "ADDRESS is already in use on SWITCH (MAC
 *            ...answered): choose a free address"; no answer: none.
 *   DHCP     no offer: warning naming what will fail (the VM gets no
 *            address on SWITCH); two or more servers: warning (a rogue
 *            DHCP server), naming each.
 *   LIBVIRT_DHCP  network missing/inactive, no <dhcp>, dnsmasq not
 *            running: warning naming what will fail.
 *   GATEWAY  no ARP reply: warning "nothing answers at GW"; ARP but no
 *            ping: warning (it is there but does not answer ping: many
 *            firewalls drop ICMP, the route may still work).
 *   PORT     missing: error; no carrier: warning (cable); Wi-Fi: error
 *            in bridge mode (point to the NAT switch); virtual: warning;
 *            held by another bridge than the switch's: error.
 *   DNS      as core/dns_verdict.h judges the answer.
 * SKIPPED and FAILED results give no diagnostic: they are shown as notes
 * (the reason), never as a problem of the plan.
 */
#ifndef EDGENET_PROBE_VERDICT_H
#define EDGENET_PROBE_VERDICT_H

#include <stdio.h>

#include "diag.h"
#include "plan.h"
#include "probe.h"
#include "probe_plan.h"
#include "sbuf.h"

struct json_writer;	/* json.h (not included: json-c readers of this
			 * header have a json_bool of their own) */

enum probe_level {
	PROBE_LEVEL_NONE = 0,	/* not run, running, skipped, failed */
	PROBE_LEVEL_OK,
	PROBE_LEVEL_WARNING,
	PROBE_LEVEL_ERROR,
};

/* How the result stands (the diagnostics' worst severity, OK when DONE
 * without one). */
enum probe_level probe_level(const struct plan *p, const struct probe_target *t,
			     const struct probe_result *r);
/* Did the address probe R of T answer from T's own MAC alone (the VM
 * holds its address already: no conflict, level OK)? */
bool probe_addr_own(const struct probe_target *t,
		    const struct probe_result *r);
/* Appends the diagnostics of result R of target T to OUT. */
void probe_verdict(const struct plan *p, const struct probe_target *t,
		   const struct probe_result *r, struct diag_list *out);
/* The result in plain words, one line per fact, no trailing newline
 * (each line at most about 76 columns so an 80-column screen shows it
 * whole): "DHCP server 10.0.0.1 (52:54:00:..) offered 10.0.0.57/24 for
 * 3600 s, router 10.0.0.1, DNS 10.0.0.1 - 12 ms" ... For RUNNING:
 * "running..."; SKIPPED/FAILED: the reason. */
void probe_describe(const struct probe_target *t, const struct probe_result *r,
		    struct sbuf *out);
/* The whole diagnosis as JSON, a documented format:
 *   {"format": "edgenet-diag", "version": 1, "plan": FILE|null,
 *    "status": "ok"|"warnings"|"errors"|"unchecked",
 *    "probes": [{"nic": NAME, "switch": NAME, "kind": KIND,
 *                "field": PATH, "interface": IF|null,
 *                "status": STATUS, "level": "ok"|"warning"|"error"|null,
 *                "why": TEXT|null, "elapsed_ms": N|null,
 *                KIND-specific members (see probe_json.c),
 *                "words": [LINE, ...]}, ...],
 *    "diagnostics": [{"field": PATH, "severity": ..., "message": ...}]}
 * (a diagnostic about a field a --set wrote, core/planset.h, also has
 * "set": "PATH=VALUE", before "field")
 * "status": "errors" when a diagnostic is an error; else "unchecked"
 * when probes were planned and not one is DONE (all skipped or failed:
 * the demo host, a remote one, no root) - nothing was checked; else
 * "warnings" or "ok".  Keys are only ever added.  ("unchecked" was added
 * to version 1 before its first release, so no reader of version 1
 * ever saw it missing.) */
void probe_json_write(FILE *f, const char *plan_file, const struct plan *p,
		      const struct probe_target *t,
		      const struct probe_result *r, size_t n);
/* The "probes" array of that format alone, on W (apply --json holds it
 * too: core/apply_json.h): ITEM_BREAK (json_break, or NULL) before each
 * object, END_BREAK before the closing bracket of a list that is not
 * empty. */
void probe_json_write_probes(struct json_writer *w, const struct plan *p,
			     const struct probe_target *t,
			     const struct probe_result *r, size_t n,
			     const char *item_break, const char *end_break);

#endif
