/*
 * dnsview.h - the model of a `resolvectl status`-like DNS view, its
 * parsers, its text renderer and its JSON writer.  Pure C: memory and the
 * caller's FILE only; no D-Bus, no sockets (src/backend/dns_resolved.c
 * fills it from systemd-resolved, src/backend/dns_probe.c adds the probe
 * results; the VM's view is built here from file contents the guest agent
 * read).
 *
 * A view has a Global section and one section per link, each with the
 * fields resolvectl shows: Current Scopes, Protocols (+DefaultRoute,
 * LLMNR, mDNS, DNSOverTLS, DNSSEC), resolv.conf mode (Global), Current DNS
 * Server, DNS Servers, Fallback DNS Servers (Global), DNS Domain.  Each
 * server carries the result of its probe: answered / refused / timed out /
 * error, with the round-trip time, and for an answer its rcode and how
 * many records of the kind asked it held; core/dns_verdict.h judges it
 * (only NOERROR with data shows that the server resolves).  The view also says where it came from
 * (systemd-resolved over D-Bus, or its state files and /etc/resolv.conf
 * when it is not running) in a sentence for the technician.
 *
 * JSON (dnsview_write_json; the "dns" member of `edgenet status --json`).
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
struct dnsview_link_files {
	int ifindex;
	const char *ifname;		/* NULL unknown */
	const char *networkd;		/* /run/systemd/netif/links/IDX */
	const char *resolved;		/* /run/systemd/resolve/netif/IDX */
};

/* Builds V (freed first) from the files: Global from RESOLV_CONF (NULL:
 * the file is missing), one section per entry of LINKS (ifindex 1, the
 * loopback, is skipped like resolvectl does).  Scopes and current servers
 * are unknown; the default route is derived with resolved's rule.  The
 * source is DNSVIEW_SOURCE_FILES, or _RESOLV_CONF when no link file had
 * any setting; the note is left to the caller.  0, or -1 on memory. */
int dnsview_build_from_files(struct dnsview *v, const char *resolv_conf,
			     const char *resolv_conf_path,
			     const struct dnsview_link_files *links,
			     size_t nlinks, struct diag_list *problems);

/* Another machine's view (the VM's, through the guest agent): READ
 * returns a file's content as a malloc'd string, or NULL when it cannot
 * be read; it is asked for /proc/net/dev (the links), then for each link
 * /sys/class/net/NAME/ifindex, /run/systemd/netif/links/IDX and
 * /run/systemd/resolve/netif/IDX, and /etc/resolv.conf.  Builds V as
 * dnsview_build_from_files does.  0, or -1 (memory, or /proc/net/dev
 * unreadable: no link can be named). */
typedef char *(*dnsview_read_fn)(void *ctx, const char *path);
int dnsview_read_machine(struct dnsview *v, dnsview_read_fn read, void *ctx,
			 struct diag_list *problems);
/* The interface names of a /proc/net/dev text, in its order; returns how
 * many (at most MAX) were stored. */
size_t dnsview_parse_proc_net_dev(const char *text,
				  char (*names)[DNSVIEW_IFNAME_MAX],
				  size_t max);

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

/* --- problems a technician should see --- */

/* No server at all, stub resolv.conf while resolved is down, servers
 * that do not answer, a default-route link whose servers all fail, a
 * link with servers but no DNS scope.  Paths: "dns", "dns.global",
 * "dns.links[eth0].servers[1]".  0, -1 on memory. */
int dnsview_check(const struct dnsview *v, struct diag_list *out);
/* The same for another machine's view read from its files (the VM's):
 * whether its resolved runs is not known, so a stub resolv.conf is only
 * flagged (a warning) when none of resolved's state files was found,
 * and the paths start with "vm.dns" instead of "dns". */
int dnsview_check_remote(const struct dnsview *v, struct diag_list *out);

/* --- another machine's servers, probed from this one --- */

/* Whether a server listed by another machine (the VM) can sensibly be
 * probed from this machine: not a loopback address (it would reach this
 * machine's own resolver), not link-local (its scope is the other
 * machine's link), not unspecified.  When not, WHY (may be NULL) gets a
 * few words ("loopback in the VM"). */
bool dnsview_server_probe_from_host(const struct dnsview_server *s,
				    const char **why);
/* Every server of V that cannot be probed from here gets its probe state
 * NONE with the reason as detail (dnsview_probe_text then says "not
 * probed: REASON"). */
void dnsview_mark_unprobeable(struct dnsview *v);

/* --- rendering --- */

enum dnsview_style {
	DNSVIEW_STYLE_NORMAL = 0,
	DNSVIEW_STYLE_HEADING,		/* "Global", "Link 3 (eth0)" */
	DNSVIEW_STYLE_NOTE,		/* the source note */
	DNSVIEW_STYLE_GOOD,		/* resolves (NOERROR with data) */
	DNSVIEW_STYLE_WARN,		/* pending */
	DNSVIEW_STYLE_BAD,		/* every other outcome: an empty
					 * answer, NXDOMAIN, SERVFAIL,
					 * refused, timed out, error */
};

struct dnsview_line {
	char *text;
	enum dnsview_style style;
	/* a span of TEXT drawn in its own style (a probe result) */
	size_t mark_at, mark_len;
	enum dnsview_style mark_style;
};

struct dnsview_lines {
	struct dnsview_line *items;
	size_t count, cap;
};

struct dnsview_render_opts {
	int width;		/* wrap lists at this width; 0: never */
	bool probes;		/* one server a line, with its probe result */
	bool note;		/* the source note first */
	bool hide_idle;		/* skip links with no scope, server, domain */
	bool from_host;		/* the view is another machine's (the VM's):
				 * each probe result says "from the host" */
	bool terse;		/* resolvectl's words only (to compare with
				 * it); else its terse values get plain
				 * words beside them ("foreign (...)") */
};

/* Lays V out like `resolvectl status` (labels right-aligned per section,
 * lists wrapped at the width, a blank line between sections).  Appends
 * to OUT.  0, or -1 on memory. */
int dnsview_render(const struct dnsview *v, const struct dnsview_render_opts *o,
		   struct dnsview_lines *out);
void dnsview_lines_free(struct dnsview_lines *l);
/* The same, written to F.  0, or -1 on memory. */
int dnsview_write_text(FILE *f, const struct dnsview *v,
		       const struct dnsview_render_opts *o);
/* One probe result in a few words (dns_verdict_short): "resolves (0.4
 * ms)", "cannot resolve (SERVFAIL, 25 ms)", "nothing listens there (port
 * unreachable)", "timed out after 1000 ms"...  Returns BUF. */
const char *dnsview_probe_text(const struct dnsview_probe *p, char *buf,
			       size_t len);

/* Writes V as the JSON value documented above.  INDENT < 0: on one line;
 * else pretty, nested INDENT levels of two spaces deep (the first line
 * is not indented: the caller is after "dns": ).  PROBLEMS may be NULL. */
void dnsview_write_json(FILE *f, const struct dnsview *v,
			const struct diag_list *problems, int indent);
/* The same for another machine's view whose servers were probed from
 * here (the VM's): the explanations say so, as dnsview_check_remote. */
void dnsview_write_json_remote(FILE *f, const struct dnsview *v,
			       const struct diag_list *problems, int indent);

const char *dnsview_source_name(enum dnsview_source s);

/* --- what the DNS panel shows (filled by backend/dns_live.c) --- */

struct dnsview_panel {
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
	/* set on this machine's panel by the console: the VM's panel,
	 * started on first use ('v'); NULL when there is none */
	struct dnsview_panel *(*vm_start)(void *ctx);
	void *vm_ctx;
};

void dnsview_panel_init(struct dnsview_panel *p);
void dnsview_panel_free(struct dnsview_panel *p);
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
