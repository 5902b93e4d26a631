/*
 * dnsview.h - the model of a `resolvectl status`-like DNS view.  Its
 * parsers are in core/dnsview_parse.h and core/dnsview_files.h, its checks
 * in core/dnsview_check.h, its text layout in core/dnsview_layout.h, its
 * JSON in core/dnsview_json.h.  Pure C: memory only; no D-Bus, no
 * sockets (src/backend/dns_resolved.c fills it from systemd-resolved,
 * src/backend/dns_probe.c adds the probe results; the VM's view is built
 * by core/dnsview_files.h from file contents the guest agent read).
 *
 * A view has a Global section and one section per link, each with the
 * fields resolvectl shows: Current Scopes, Protocols (+DefaultRoute,
 * LLMNR, mDNS, DNSOverTLS, DNSSEC), resolv.conf mode (Global), Current DNS
 * Server, DNS Servers, Fallback DNS Servers (Global), DNS Domain.  Each
 * server carries the result of its probe: answered / refused / timed out /
 * error, with the round-trip time, and for an answer its rcode and how
 * many records of the kind asked it held; core/dns_verdict.h judges it
 * (only NOERROR with data shows that the server resolves).  The view
 * also says where it came from (systemd-resolved over D-Bus, or its state
 * files and /etc/resolv.conf when it is not running) in a sentence for
 * the technician.
 *
 */
#ifndef EDGENET_DNSVIEW_H
#define EDGENET_DNSVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/diag.h"

#define DNSVIEW_ADDR_MAX 46		/* INET6_ADDRSTRLEN */
#define DNSVIEW_DOMAIN_MAX 256		/* 253 + "~" + NUL, rounded */
#define DNSVIEW_SERVER_TEXT_MAX 340	/* "[addr]:port%ifindex#name" */
#define DNSVIEW_IFNAME_MAX 16		/* IFNAMSIZ */
#define DNSVIEW_MODE_MAX 24		/* "allow-downgrade" */
#define DNSVIEW_DETAIL_MAX 128
#define DNSVIEW_NOTE_MAX 512
#define DNSVIEW_ORIGIN_MAX 128
#define DNSVIEW_QUERY_MAX 272		/* a name (253), " ", "TYPE65535" */

/* Limits against hostile or broken input (a guest's files): what lies
 * beyond is dropped and reported. */
#define DNSVIEW_MAX_SERVERS 64		/* per list */
#define DNSVIEW_MAX_DOMAINS 256		/* per section */
#define DNSVIEW_MAX_LINKS 512
#define DNSVIEW_MAX_INPUT (256 * 1024)	/* bytes of one file parsed */
/* Problems one parsed file may add (a guest's file is hostile: 5000 bad
 * lines must not become 5000 messages); past it one sentence says how
 * many more were not listed. */
#define DNSVIEW_MAX_FILE_PROBLEMS 16

/* Current Scopes: the bits of resolved's ScopesMask (SD_RESOLVED_DNS...). */
#define DNSVIEW_SCOPE_DNS		(1u << 0)
#define DNSVIEW_SCOPE_LLMNR_IPV4	(1u << 1)
#define DNSVIEW_SCOPE_LLMNR_IPV6	(1u << 2)
#define DNSVIEW_SCOPE_MDNS_IPV4		(1u << 3)
#define DNSVIEW_SCOPE_MDNS_IPV6		(1u << 4)

enum dnsview_source {
	DNSVIEW_SOURCE_NONE = 0,	/* nothing read yet */
	DNSVIEW_SOURCE_RESOLVED,	/* live, systemd-resolved over D-Bus */
	DNSVIEW_SOURCE_FILES,		/* resolved's and networkd's state
					 * files plus /etc/resolv.conf */
	DNSVIEW_SOURCE_RESOLV_CONF,	/* /etc/resolv.conf alone */
};

enum dnsview_probe_state {
	DNSVIEW_PROBE_NONE = 0,		/* not probed */
	DNSVIEW_PROBE_PENDING,		/* query sent, no outcome yet */
	DNSVIEW_PROBE_ANSWERED,		/* a DNS answer came (any rcode but
					 * REFUSED); whether it is a good one
					 * is core/dns_verdict.h's verdict */
	DNSVIEW_PROBE_REFUSED,		/* REFUSED answer, or port unreachable
					 * (ICMP, ECONNREFUSED) */
	DNSVIEW_PROBE_TIMEOUT,		/* nothing came back in time */
	DNSVIEW_PROBE_ERROR,		/* could not be sent: no route... */
};

struct dnsview_probe {
	enum dnsview_probe_state state;
	int64_t rtt_us;			/* -1 unknown */
	int rcode;			/* DNS rcode of the answer, -1 none */
	char detail[DNSVIEW_DETAIL_MAX];	/* in words, "" none */
	int answers;			/* records of the type asked in the
					 * answer; -1 no answer (0 when a
					 * literal leaves it out: no data) */
	bool truncated;			/* the answer was cut short (TC) */
	char query[DNSVIEW_QUERY_MAX];	/* what was asked: ". NS"; "" not
					 * said (then ". NS", the default) */
};

struct dnsview_server {
	char text[DNSVIEW_SERVER_TEXT_MAX];	/* as resolvectl shows it */
	char addr[DNSVIEW_ADDR_MAX];	/* bare address, canonical form */
	int family;			/* AF_INET or AF_INET6 */
	uint8_t bytes[16];		/* network order; 4 used for IPv4 */
	uint16_t port;			/* 0: not given (53 is used) */
	int ifindex;			/* "%N" scope, 0 none */
	char scope_name[DNSVIEW_IFNAME_MAX];	/* "%eth0" given by name */
	char sni[DNSVIEW_DOMAIN_MAX];	/* "#name", "" none */
	struct dnsview_probe probe;
};

struct dnsview_domain {
	char name[DNSVIEW_DOMAIN_MAX];	/* without the "~" */
	bool route_only;		/* "~name": routing only, not searched */
};

struct dnsview_section {
	bool is_global;
	int ifindex;			/* links: > 0 */
	char ifname[DNSVIEW_IFNAME_MAX];	/* "" unknown */
	char origin[DNSVIEW_ORIGIN_MAX];	/* file it was read from, "" */

	bool scopes_known;
	uint32_t scopes;		/* DNSVIEW_SCOPE_* */
	int default_route;		/* -1 unknown, 0, 1 (links) */
	bool default_route_derived;
	char llmnr[DNSVIEW_MODE_MAX];	/* "" unknown */
	char mdns[DNSVIEW_MODE_MAX];
	char dns_over_tls[DNSVIEW_MODE_MAX];
	char dnssec[DNSVIEW_MODE_MAX];
	int dnssec_supported;		/* -1 unknown, 0, 1 */
	char resolv_conf_mode[DNSVIEW_MODE_MAX];	/* Global, "" unknown */

	bool has_current;
	struct dnsview_server current;

	struct dnsview_server *servers;
	size_t nservers;
	struct dnsview_server *fallback;	/* Global only */
	size_t nfallback;
	struct dnsview_domain *domains;
	size_t ndomains;
};

struct dnsview {
	enum dnsview_source source;
	char note[DNSVIEW_NOTE_MAX];	/* which source and why; "" none */
	int64_t read_ms;		/* CLOCK_MONOTONIC of the read, 0 */
	struct dnsview_section global;
	struct dnsview_section *links;	/* ordered by ifindex */
	size_t nlinks;
};

/* --- the model --- */

void dnsview_init(struct dnsview *v);
void dnsview_free(struct dnsview *v);	/* and re-initialises */
/* Deep copy (DST is freed first).  0, or -1 when memory runs out (DST
 * is then empty). */
int dnsview_copy(struct dnsview *dst, const struct dnsview *src);
/* Same configuration (sections and every field), probes ignored. */
bool dnsview_equal(const struct dnsview *a, const struct dnsview *b);

void dnsview_section_init(struct dnsview_section *s, bool is_global,
			  int ifindex);
void dnsview_section_free(struct dnsview_section *s);

/* The link section for IFINDEX, created (in ifindex order) when absent.
 * NULL when memory runs out or DNSVIEW_MAX_LINKS is reached. */
struct dnsview_section *dnsview_link(struct dnsview *v, int ifindex);
struct dnsview_section *dnsview_find_link(const struct dnsview *v,
					  int ifindex);
/* Copies NAME with anything unprintable replaced by '?'. */
void dnsview_section_set_ifname(struct dnsview_section *s, const char *name);

/* Appends a server to the section's servers (FALLBACK: to its fallback
 * list).  0, -1 (memory, or the list is full: counted by the caller). */
int dnsview_add_server(struct dnsview_section *s, bool fallback,
		       const struct dnsview_server *srv);
/* Appends a domain; a duplicate is not added again.  0 or -1. */
int dnsview_add_domain(struct dnsview_section *s, const char *name,
		       bool route_only);
/* Sorts the domains the way resolvectl shows them (by the "~"-prefixed
 * text, in C order). */
void dnsview_sort_domains(struct dnsview_section *s);

void dnsview_set_note(struct dnsview *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* --- servers --- */

/* Parses a server as resolved, resolvectl and resolv.conf write it:
 * "1.2.3.4", "1.2.3.4:53", "1.2.3.4#dns.example", "2001:db8::1",
 * "fe80::1%3", "fe80::1%eth0", "[fe80::1]:5353%3#name", "[fe80::1%3]:53".
 * Returns 0, or -1 with a sentence in ERR. */
int dnsview_server_parse(struct dnsview_server *s, const char *text,
			 char *err, size_t errlen);
/* Fills S from binary parts (D-Bus gives these).  0 or -1 (bad family). */
int dnsview_server_set(struct dnsview_server *s, int family,
		       const void *bytes, uint16_t port, int ifindex,
		       const char *sni);
/* Writes resolvectl's form into S->text (the "%ifindex" only when
 * WITH_SCOPE and the address is IPv6 link-local). */
void dnsview_server_format(struct dnsview_server *s, bool with_scope);
/* Same address, port and scope (the probe's identity). */
bool dnsview_server_same(const struct dnsview_server *a,
			 const struct dnsview_server *b);
/* The port a query goes to: the given one, else 53. */
uint16_t dnsview_server_port(const struct dnsview_server *s);

/* Resets a probe result to "not probed". */
void dnsview_probe_init(struct dnsview_probe *p);

/* resolved's rule for a link whose DefaultRoute is not set: it is a
 * default route when it has servers and no routing-only domain other
 * than "~.".  Sets default_route and default_route_derived when S's
 * default_route is unknown. */
void dnsview_derive_default_route(struct dnsview_section *s);

/* --- probes --- */

const char *dnsview_probe_state_name(enum dnsview_probe_state st);
/* "NOERROR", "NXDOMAIN"...; "RCODE12" for others.  BUF >= 16. */
const char *dnsview_rcode_name(int rcode, char *buf, size_t len);
/* Every distinct server of V (Global, fallback, links; the current ones
 * are in the lists) in display order, with the ifindex of its link (0
 * for Global); FN returns nonzero to stop. */
typedef int (*dnsview_server_fn)(const struct dnsview_server *s,
				 int link_ifindex, void *ctx);
int dnsview_each_server(const struct dnsview *v, dnsview_server_fn fn,
			void *ctx);

/* --- another machine's servers, probed from this one --- */

/* Whether a server listed by another machine (the VM) can sensibly be
 * probed from this machine: not a loopback address (it would reach this
 * machine's own resolver), not link-local (its scope is the other
 * machine's link), not unspecified.  When not, ERR (may be NULL) gets a
 * few words ("loopback in the VM"). */
bool dnsview_server_probe_from_host(const struct dnsview_server *s,
				    char *err, size_t errlen);
/* Every server of V that cannot be probed from here gets its probe state
 * NONE with the reason as detail (dnsview_probe_text then says "not
 * probed: REASON"). */
void dnsview_mark_unprobeable(struct dnsview *v);

/* One probe result in a few words (dns_verdict_short): "resolves (0.4
 * ms)", "cannot resolve (SERVFAIL, 25 ms)", "nothing listens there (port
 * unreachable)", "timed out after 1000 ms"...  Returns BUF. */
const char *dnsview_probe_text(const struct dnsview_probe *p, char *buf,
			       size_t len);

const char *dnsview_source_name(enum dnsview_source s);

/* --- one machine's view kept current (by backend/dns_live.c), as the
 * DNS panel shows it: data only; the panel's callbacks are the UI's
 * (ui/dns_panel.h) --- */

struct dnsview_live {
	struct dnsview view;		/* with each server's probe result */
	struct diag_list problems;	/* dnsview_check of the view */
	char machine[64];		/* "this machine", "VM edge-vm" */
	char status[256];		/* the source's connection, in words */
	char probe_name[64];		/* what the probes ask: ". NS" */
	int64_t changed_wall;		/* time(): the view last changed */
	int64_t probed_wall;		/* time(): probes last finished, 0 */
	size_t probing;			/* probes still running */
	unsigned version;		/* bumps on every change */
	/* set by the panel (a key): read everything and probe again */
	bool refresh_requested;
	/* another machine's view (the VM's through the guest agent): the
	 * probes are sent from this machine, not by it */
	bool remote;
	int64_t read_wall;		/* time(): the view was read, 0 never */
	unsigned refresh_s;		/* read again every so many s, 0 */
};

void dnsview_live_init(struct dnsview_live *p);
void dnsview_live_free(struct dnsview_live *p);
/* Counts of the servers' probe states (index: enum dnsview_probe_state). */
void dnsview_probe_counts(const struct dnsview *v, size_t counts[6]);
/* The probes in words: "1 resolves; 4 do not (1 NXDOMAIN, 1 SERVFAIL, 1
 * REFUSED, 1 timed out)", "none of the servers resolves (2 SERVFAIL)",
 * "1 probing", "no server probed yet".  Counts the servers of the lists
 * (Global, fallback, each link) as dnsview_probe_counts does.  Returns
 * BUF. */
const char *dnsview_probe_summary(const struct dnsview *v, char *buf,
				  size_t len);

#endif
