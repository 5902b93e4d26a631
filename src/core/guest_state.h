/*
 * guest_state.h - what a Linux guest reports about its network, and the
 * check "does the VM now look exactly as the plan says".
 *
 * apply runs these in the guest through the QEMU guest agent and hands
 * their text here: `ip -j link show`, `ip -j -4 addr show`,
 * `ip -j -4 route show table main`, and for each link the contents of
 * networkd's /run/systemd/netif/links/IFINDEX and systemd-resolved's
 * /run/systemd/resolve/netif/IFINDEX (see "DNS" below for which counts).
 * That text is outside input (a guest can send anything): the parsers are
 * strict (a wrong type or a missing key is an error with a sentence;
 * unknown keys are ignored), every list has a fixed bound below, and
 * what goes beyond a bound is an error, never a crash.  Strings that
 * reach a message are printable ASCII (a name with anything else is
 * refused).
 *
 * What `ip -j` writes and how it is read:
 *  - link: "ifindex" (> 0), "ifname" (1-15 bytes, no blank, '/', ':' or
 *    control byte), "operstate" (required), "address" (optional: a
 *    tunnel has none; a value that is not a 6-byte MAC means "no MAC").
 *  - addr: one object per link with "ifindex" and "addr_info"; of each
 *    entry with "family":"inet", "local" and "prefixlen" are required,
 *    "dynamic" (true for a DHCP lease) and "scope" are optional.  Entries
 *    of other families are skipped.  An empty object {} (which iproute2
 *    before 5.x writes for each link without an IPv4 address) is skipped.
 *  - route: "dst" ("default", "A.B.C.D" or "A.B.C.D/N") is required;
 *    "gateway", "dev", "protocol" (default "boot"), "scope" (default
 *    "global"), "type" (default "unicast") and "metric" (omitted when it
 *    is 0) are optional.  A multipath route ("nexthops") becomes one entry
 *    per next hop, each with the route's dst, metric and protocol.
 *  - each text must be one JSON array, at most GUEST_STATE_MAX_INPUT
 *    bytes; anything but blanks after it is an error.
 *  - DNS: resolved takes a link's DNS from networkd's state file
 *    /run/systemd/netif/links/IFINDEX when networkd manages the link (as
 *    it does every NIC edgenet configures) and then writes no
 *    /run/systemd/resolve/netif/IFINDEX of its own (seen with networkd
 *    and resolved 252: tests/data/guest_state/capture.sh); that file
 *    only holds what was set through resolvectl on a link networkd does
 *    not manage.  guest_state_parse_dns_files follows the same rule
 *    (ADMIN_STATE= present and not pending, initialized or unmanaged:
 *    networkd's file, else resolved's); guest_state_parse_dns is the
 *    resolved-only form.  dnsview_parse_networkd_link and
 *    dnsview_parse_netif (core/dnsview.h) read the files; here any entry
 *    they would skip (an address or domain that does not parse, a value
 *    that is not yes/no) is an error, so what is checked is all that the
 *    guest said.  NULL text means the file does not exist (no servers,
 *    no domains, DefaultRoute not set).
 *
 * Each parser replaces its part of the state and leaves the others; on an
 * error that part is empty.  guest_state_parse_links also forgets the
 * links' DNS; guest_state_parse_dns needs the links first (it fills the
 * link with that ifindex).  struct guest_state is about 200 KiB: keep it
 * off small stacks.  Pure C with json-c; touches nothing but memory.
 */
#ifndef EDGENET_GUEST_STATE_H
#define EDGENET_GUEST_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/dnsview.h"
#include "core/mac.h"
#include "core/plan.h"

/* Bounds: a guest reporting more is an error "more than N ...". */
#define GUEST_STATE_MAX_LINKS 32
#define GUEST_STATE_MAX_ADDRS 128	/* IPv4 addresses, all links */
#define GUEST_STATE_MAX_ROUTES 256	/* main table, next hops counted */
#define GUEST_STATE_MAX_SERVERS 16	/* DNS servers of one link */
#define GUEST_STATE_MAX_DOMAINS 16	/* DNS domains of one link */
#define GUEST_STATE_MAX_INPUT (1024 * 1024)	/* bytes of one text */

#define GUEST_STATE_IFNAME_MAX 16	/* IFNAMSIZ */
#define GUEST_STATE_WORD_MAX 16		/* "LOWERLAYERDOWN", "unreachable" */
#define GUEST_STATE_SERVER_TEXT_MAX 64	/* "[v6]:port"; a longer "#name" is
					 * cut and ends in "..." */

struct guest_dns_server {
	char text[GUEST_STATE_SERVER_TEXT_MAX];	/* as resolvectl shows it */
	char addr[DNSVIEW_ADDR_MAX];	/* bare address, canonical */
	uint16_t port;			/* 0: not given (53) */
};

struct guest_dns_domain {
	char name[DNSVIEW_DOMAIN_MAX];	/* without the "~" */
	bool route_only;		/* "~name" */
};

struct guest_link_dns {
	struct guest_dns_server servers[GUEST_STATE_MAX_SERVERS];
	size_t nservers;		/* in resolved's order */
	struct guest_dns_domain domains[GUEST_STATE_MAX_DOMAINS];
	size_t ndomains;		/* sorted as resolvectl shows them */
	int default_route;		/* DEFAULT_ROUTE=: -1 not set, 0, 1 */
};

struct guest_link {
	int ifindex;
	char name[GUEST_STATE_IFNAME_MAX];
	bool has_mac;
	struct mac mac;
	char operstate[GUEST_STATE_WORD_MAX];	/* "UP", "DOWN", "UNKNOWN" */
	bool dns_read;			/* a DNS parser was given it */
	bool dns_from_networkd;		/* read from networkd's file */
	struct guest_link_dns dns;
};

struct guest_addr {
	int ifindex;
	uint32_t addr;			/* host byte order */
	int prefix;			/* 0..32 */
	bool dynamic;			/* has a lifetime: a DHCP lease */
	char scope[GUEST_STATE_WORD_MAX];	/* "global", "host", "link" */
};

struct guest_route {
	uint32_t dst;			/* host byte order; 0 for default */
	int prefix;			/* 0 for default */
	bool has_gateway;
	uint32_t gateway;
	char dev[GUEST_STATE_IFNAME_MAX];	/* "" none (blackhole...) */
	char type[GUEST_STATE_WORD_MAX];	/* "unicast", "blackhole"... */
	char protocol[GUEST_STATE_WORD_MAX];	/* "boot", "kernel", "dhcp" */
	char scope[GUEST_STATE_WORD_MAX];	/* "global", "link", "host" */
	uint32_t metric;		/* 0 when ip omitted it */
	bool multipath;			/* one next hop of a multipath route */
};

struct guest_state {
	struct guest_link links[GUEST_STATE_MAX_LINKS];	/* ip's order */
	size_t nlinks;
	struct guest_addr addrs[GUEST_STATE_MAX_ADDRS];
	size_t naddrs;
	struct guest_route routes[GUEST_STATE_MAX_ROUTES];
	size_t nroutes;
};

void guest_state_init(struct guest_state *gs);

/* Each returns 0, or -1 with a sentence in ERR (may be NULL) naming the
 * command and the entry ("ip -j link show: entry 3: \"ifindex\" is a
 * string, not a whole number"). */
int guest_state_parse_links(struct guest_state *gs, const char *json_text,
			    char *err, size_t errlen);
int guest_state_parse_addrs(struct guest_state *gs, const char *json_text,
			    char *err, size_t errlen);
int guest_state_parse_routes(struct guest_state *gs, const char *json_text,
			     char *err, size_t errlen);
/* The DNS of the link IFINDEX (which parse_links must have listed) from
 * networkd's /run/systemd/netif/links/IFINDEX and resolved's
 * /run/systemd/resolve/netif/IFINDEX, as resolved picks between them;
 * NULL: that file does not exist. */
int guest_state_parse_dns_files(struct guest_state *gs, int ifindex,
				const char *networkd_text,
				const char *resolved_text, char *err,
				size_t errlen);
/* The same from resolved's file alone. */
int guest_state_parse_dns(struct guest_state *gs, int ifindex,
			  const char *netif_text, char *err, size_t errlen);

/*
 * Everything above from one text, so that one command in the guest
 * gathers it (GUEST_STATE_SCRIPT, run with `sh -c`): sections that each
 * start with a line "@@ip-link", "@@ip-addr", "@@ip-route" (exactly once
 * each, in any order) or "@@networkd IFINDEX" / "@@resolved IFINDEX" (at
 * most once per link), holding that command's output or that file.  A
 * section of an unknown name, a repeated one, text before the first
 * header or an ifindex no link has is an error.  0, or -1 with ERR.
 */
#define GUEST_STATE_SCRIPT \
	"echo @@ip-link; ip -j link show; echo; " \
	"echo @@ip-addr; ip -j -4 addr show; echo; " \
	"echo @@ip-route; ip -j -4 route show table main; echo; " \
	"for f in /run/systemd/netif/links/*; do [ -f \"$f\" ] || continue; " \
	"echo \"@@networkd ${f##*/}\"; cat \"$f\"; echo; done; " \
	"for f in /run/systemd/resolve/netif/*; do [ -f \"$f\" ] || continue; " \
	"echo \"@@resolved ${f##*/}\"; cat \"$f\"; echo; done"
int guest_state_parse_bundle(struct guest_state *gs, const char *text,
			     char *err, size_t errlen);

/* The link carrying MAC, or NULL.  When several do (a VLAN or a bridge
 * on top of the NIC), the one named NAME (may be NULL), else the one
 * listed first. */
const struct guest_link *guest_state_find_mac(const struct guest_state *gs,
					      const struct mac *mac,
					      const char *name);

/* The link with index IFINDEX, or NULL (the DNS reader and the bundle
 * reader attach what they read to it). */
struct guest_link *guest_state_link_by_index(struct guest_state *gs,
					     int ifindex);

/*
 * Does the guest look exactly as plan P says?  MACS: each NIC's MAC in
 * plan order (as guestcfg_render takes them); NULL: the plan's own.
 * Returns 0 when it does, 1 when not, with the first difference in ERR (a
 * sentence naming the NIC by its plan name and MAC, and its name in the
 * VM when that differs), or -1 when P cannot be checked (a NIC without a
 * MAC, an address that does not parse: validate the plan first).
 *
 * Per NIC, in plan order, in this order:
 *  - a link with its MAC exists (compared as bytes: any case);
 *  - static: its address with the planned prefix is on the link;
 *    DHCP: some IPv4 address is on the link;
 *  - not offline: a default route (unicast, 0.0.0.0/0) on the link with
 *    the planned metric (plan_nic_metric), via the planned gateway when
 *    static; and no other default route on the link (a second one, such
 *    as networkd's metric-0 [Network] Gateway=, is a difference);
 *    offline: no default route on the link at all;
 *  - DNS, only when the NIC has planned servers or search domains or is
 *    offline (then the link's DNS must have been read):
 *    servers: static: the link's servers are the planned ones, in that
 *    order, and no others; DHCP: the planned ones come first, in that
 *    order (networkd puts DNS= before the servers DHCP gives), others
 *    may follow.  No planned server: servers are not checked.
 *    domains: the link's domains are the planned search domains (as
 *    "~domain" routing domains when offline), as a set (resolved keeps
 *    no order we can read), letter case and a final dot ignored;
 *    offline: the link's DefaultRoute is "no".
 * Not checked: the link's operstate and name, addresses beyond the
 * planned one, routes other than default routes.
 */
int guest_state_check(const struct plan *p, const struct mac *macs,
		      const struct guest_state *gs, char *err, size_t errlen);

#endif
