/*
 * dnsview_parse.h - the parsers of the text files a DNS view is read
 * from: resolved's and networkd's per-link state files, /etc/resolv.conf
 * and /proc/net/dev.  Their input is outside input (a guest's files):
 * bounded, every bad line skipped with a warning.  Pure C, memory only;
 * tests/unit/test_dnsview_parse.c and tests/fuzz/fuzz_guest_files.c reach them.
 */
#ifndef EDGENET_DNSVIEW_PARSE_H
#define EDGENET_DNSVIEW_PARSE_H

#include <stddef.h>

#include "core/diag.h"
#include "core/dnsview.h"

/* --- parsers of the state files (for the local fallback and the VM) --- */

/* resolved's per-link state, /run/systemd/resolve/netif/IFINDEX:
 * LLMNR=, MDNS=, DNSSEC=, DNSOVERTLS=, DEFAULT_ROUTE=, SERVERS=, DOMAINS=.
 * Keys present override what S holds; unknown keys are ignored; entries
 * that do not parse are skipped with a warning in PROBLEMS (may be NULL),
 * whose field path is PATH ("dns.links[3]").  Returns 0, -1 on memory. */
int dnsview_parse_netif(struct dnsview_section *s, const char *text,
			const char *path, struct diag_list *problems);
/* networkd's per-link state, /run/systemd/netif/links/IFINDEX: DNS=,
 * DOMAINS=, ROUTE_DOMAINS=, LLMNR=, MDNS=, DNSSEC=, DNS_OVER_TLS=,
 * DNS_DEFAULT_ROUTE= (a link networkd does not manage has none). */
int dnsview_parse_networkd_link(struct dnsview_section *s, const char *text,
				const char *path, struct diag_list *problems);
/* /etc/resolv.conf into the Global section: nameserver, search and
 * domain lines (the last of those two wins, as in glibc).  More than 3
 * nameservers are kept and reported (glibc uses 3).  Also sets
 * resolv_conf_mode from resolved's header comment ("stub", "uplink",
 * "static", else "foreign"). */
int dnsview_parse_resolv_conf(struct dnsview_section *global,
			      const char *text, const char *path,
			      struct diag_list *problems);

/* What the files of one link hold; either text may be NULL (absent). */

/* The interface names of a /proc/net/dev text, in its order; returns how
 * many (at most MAX) were stored. */
size_t dnsview_parse_proc_net_dev(const char *text,
				  char (*names)[DNSVIEW_IFNAME_MAX],
				  size_t max);

#endif
