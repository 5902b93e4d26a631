/*
 * test_guest_state.c - core/guest_state: the parsers of what a guest
 * reports (on output captured from real ip, systemd-networkd and
 * systemd-resolved in a network namespace: tests/data/guest_state/ and
 * its capture.sh), malformed input of every shape, input beyond every
 * bound, and the reader of the one text GUEST_STATE_SCRIPT prints.  The
 * rules of guest_state_check are tests/test_guest_state_check.c; the
 * fixtures both use are tests/guest_state_lib.c.
 *
 * Reads the fixtures under $top_srcdir/tests/data/guest_state; touches
 * nothing else.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/guest_state.h"
#include "core/ipv4.h"
#include "core/mac.h"
#include "core/plan.h"
#include "../lib/guest_state_lib.h"

/* --- the parsers on real output --- */

static void test_parse_real_links(void **state)
{
	struct guest_state *gs = gsl_networkd_guest("offline");
	char m[MAC_STRLEN];

	(void)state;
	assert_int_equal(gs->nlinks, 3);
	assert_string_equal(gs->links[0].name, "lo");
	assert_string_equal(gs->links[0].operstate, "UNKNOWN");
	assert_int_equal(gs->links[1].ifindex, 2);
	assert_string_equal(gs->links[1].name, "eth0");
	assert_true(gs->links[1].has_mac);
	assert_string_equal(mac_format(&gs->links[1].mac, m), MAC0);
	assert_string_equal(gs->links[1].operstate, "UP");
	free(gs);
}

static void test_parse_real_addrs(void **state)
{
	struct guest_state *gs = gsl_networkd_guest("offline");
	char a[IPV4_STRLEN];

	(void)state;
	assert_int_equal(gs->naddrs, 3);
	assert_string_equal(gs->addrs[0].scope, "host");
	assert_int_equal(gs->addrs[1].ifindex, 2);
	assert_string_equal(ipv4_format(gs->addrs[1].addr, a), "172.20.0.10");
	assert_int_equal(gs->addrs[1].prefix, 24);
	assert_false(gs->addrs[1].dynamic);
	assert_int_equal(gs->addrs[2].ifindex, 3);
	assert_string_equal(ipv4_format(gs->addrs[2].addr, a), "10.0.0.56");
	assert_true(gs->addrs[2].dynamic);
	free(gs);
}

static void test_parse_real_routes(void **state)
{
	struct guest_state *gs = gsl_networkd_guest("dhcp");
	const struct guest_route *r;
	char a[IPV4_STRLEN];

	(void)state;
	assert_int_equal(gs->nroutes, 5);
	r = &gs->routes[0];
	assert_int_equal(r->prefix, 0);
	assert_true(r->has_gateway);
	assert_string_equal(ipv4_format(r->gateway, a), "172.20.0.1");
	assert_string_equal(r->dev, "eth0");
	assert_string_equal(r->protocol, "static");
	assert_int_equal(r->metric, 100);
	assert_string_equal(gs->routes[1].protocol, "dhcp");
	assert_int_equal(gs->routes[1].metric, 500);
	/* a host route: "dst":"10.0.0.1" */
	r = &gs->routes[3];
	assert_string_equal(ipv4_format(r->dst, a), "10.0.0.1");
	assert_int_equal(r->prefix, 32);
	assert_string_equal(r->scope, "link");
	/* the kernel's prefix route of a static address: metric omitted */
	r = &gs->routes[4];
	assert_int_equal(r->metric, 0);
	assert_false(r->has_gateway);
	assert_string_equal(r->protocol, "kernel");
	free(gs);
}

/* A route without "metric" is metric 0, without "protocol" is "boot";
 * a multipath route is one entry per next hop; a blackhole has no dev. */
static void test_parse_routes_drift(void **state)
{
	struct guest_state *gs = malloc(sizeof(*gs));
	char a[IPV4_STRLEN];

	(void)state;
	assert_non_null(gs);
	gsl_load(gs, "link-drift.json", "addr-drift.json", "route-drift.json");
	assert_int_equal(gs->nlinks, 7);
	assert_string_equal(gs->links[6].operstate, "DOWN");
	assert_int_equal(gs->naddrs, 5);
	assert_int_equal(gs->nroutes, 7);
	assert_int_equal(gs->routes[0].metric, 0);
	assert_string_equal(gs->routes[0].protocol, "boot");
	assert_string_equal(gs->routes[0].type, "unicast");
	assert_string_equal(gs->routes[0].scope, "global");
	assert_string_equal(gs->routes[4].type, "blackhole");
	assert_string_equal(gs->routes[4].dev, "");
	assert_false(gs->routes[4].has_gateway);
	assert_true(gs->routes[5].multipath);
	assert_true(gs->routes[6].multipath);
	assert_string_equal(gs->routes[5].dev, "eth0");
	assert_string_equal(gs->routes[6].dev, "eth1");
	assert_string_equal(ipv4_format(gs->routes[6].gateway, a), "10.0.0.1");
	assert_int_equal(gs->routes[6].metric, 20);
	assert_string_equal(ipv4_format(gs->routes[6].dst, a), "203.0.113.0");
	free(gs);
}

static void test_parse_dns_real(void **state)
{
	struct guest_state *gs = gsl_networkd_guest("offline");
	const struct guest_link *l = &gs->links[2];
	char err[256];

	(void)state;
	assert_true(gs->links[1].dns_read);
	assert_true(gs->links[1].dns_from_networkd);
	assert_int_equal(gs->links[1].dns.nservers, 2);
	assert_string_equal(gs->links[1].dns.servers[1].text, "172.20.0.2");
	assert_int_equal(gs->links[1].dns.ndomains, 1);
	assert_false(gs->links[1].dns.domains[0].route_only);
	assert_int_equal(gs->links[1].dns.default_route, -1);
	assert_int_equal(l->dns.nservers, 2);
	assert_string_equal(l->dns.servers[0].addr, "10.0.0.5");
	assert_string_equal(l->dns.servers[1].addr, "10.0.0.1");
	assert_int_equal(l->dns.ndomains, 1);
	assert_string_equal(l->dns.domains[0].name, "plant.local");
	assert_true(l->dns.domains[0].route_only);
	assert_int_equal(l->dns.default_route, 0);

	/* a link networkd does not manage: resolved's own file counts */
	gsl_load_dns(gs, 3, NULL, "resolved-netif-eth1");
	assert_false(l->dns_from_networkd);
	assert_int_equal(l->dns.nservers, 2);
	assert_true(l->dns.domains[0].route_only);
	assert_int_equal(l->dns.default_route, 0);
	assert_int_equal(guest_state_parse_dns_files(gs, 3,
		"ADMIN_STATE=unmanaged\nDNS=9.9.9.9\n",
		"SERVERS=10.0.0.7\n", err, sizeof(err)), 0);
	assert_string_equal(l->dns.servers[0].addr, "10.0.0.7");
	assert_int_equal(guest_state_parse_dns_files(gs, 3,
		"ADMIN_STATE=configured\r\nDNS=9.9.9.9\n",
		"SERVERS=10.0.0.7\n", err, sizeof(err)), 0);
	assert_string_equal(l->dns.servers[0].addr, "9.9.9.9");
	/* the resolved-only form */
	assert_int_equal(guest_state_parse_dns(gs, 3, "SERVERS=10.0.0.8\n",
					       err, sizeof(err)), 0);
	assert_string_equal(l->dns.servers[0].addr, "10.0.0.8");
	/* no file: nothing set */
	assert_int_equal(guest_state_parse_dns(gs, 3, NULL, err, sizeof(err)),
			 0);
	assert_true(l->dns_read);
	assert_int_equal(l->dns.nservers, 0);
	assert_int_equal(l->dns.default_route, -1);
	free(gs);
}

static void test_parse_dns_errors(void **state)
{
	struct guest_state *gs = gsl_networkd_guest("offline");
	char err[400], *big, *p;
	int i;

	(void)state;
	assert_int_equal(guest_state_parse_dns(gs, 9, "SERVERS=1.1.1.1\n",
					       err, sizeof(err)), -1);
	assert_string_equal(err, "resolved's state of link 9: the VM lists "
			    "no link with that index");
	assert_int_equal(guest_state_parse_dns(gs, 3,
		"LLMNR=yes\nSERVERS=10.0.0.5 bogus\n", err, sizeof(err)), -1);
	assert_string_equal(err, "resolved's state of link 3 (eth1), line 2: "
			    "SERVERS: \"bogus\" skipped: \"bogus\" is not an "
			    "IPv4 or IPv6 address");
	assert_false(gs->links[2].dns_read);
	assert_int_equal(gs->links[2].dns.nservers, 0);
	assert_int_equal(guest_state_parse_dns_files(gs, 3,
		"ADMIN_STATE=configured\nDNS_DEFAULT_ROUTE=perhaps\n", NULL,
		err, sizeof(err)), -1);
	assert_string_equal(err, "networkd's state of link 3 (eth1), line 2: "
			    "DNS_DEFAULT_ROUTE=perhaps is not yes or no: "
			    "ignored");
	assert_int_equal(guest_state_parse_dns(gs, 3, "DOMAINS=a..b\n", err,
					       sizeof(err)), -1);
	/* beyond the bounds */
	big = malloc(64 * 20);
	assert_non_null(big);
	p = big + sprintf(big, "SERVERS=");
	for (i = 0; i < GUEST_STATE_MAX_SERVERS + 1; i++)
		p += sprintf(p, "10.0.1.%d ", i + 1);
	assert_int_equal(guest_state_parse_dns(gs, 3, big, err, sizeof(err)),
			 -1);
	assert_string_equal(err, "resolved's state of link 3 (eth1): more "
			    "than 16 DNS servers; edgenet reads at most 16");
	p = big + sprintf(big, "DOMAINS=");
	for (i = 0; i < GUEST_STATE_MAX_DOMAINS + 1; i++)
		p += sprintf(p, "d%d.test ", i);
	assert_int_equal(guest_state_parse_dns(gs, 3, big, err, sizeof(err)),
			 -1);
	assert_string_equal(err, "resolved's state of link 3 (eth1): more "
			    "than 16 DNS domains; edgenet reads at most 16");
	free(big);
	free(gs);
}

/* --- malformed JSON, every shape --- */

enum which { LINKS, ADDRS, ROUTES };

struct bad {
	enum which which;
	const char *text;
	const char *err;	/* exact, or NULL: any sentence */
};

static const struct bad bad_inputs[] = {
	{ LINKS, NULL, "ip -j link show: no output" },
	{ LINKS, "", "ip -j link show: the output is empty, not a JSON list" },
	{ LINKS, " \n\t", "ip -j link show: the output is empty, not a JSON list" },
	{ LINKS, "[{\"ifindex\":1", "ip -j link show: the JSON ends too early (cut off?)" },
	{ LINKS, "[1,]", NULL },
	{ LINKS, "['x']", NULL },
	{ LINKS, "[NaN]", NULL },
	{ LINKS, "[]]", "ip -j link show: not JSON at byte 2: unexpected character" },
	{ LINKS, "[] x", NULL },
	{ LINKS, "{}", "ip -j link show: the output is an object, not a JSON list" },
	{ LINKS, "\"eth0\"", "ip -j link show: the output is a string, not a JSON list" },
	{ LINKS, "[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]", NULL },
	{ LINKS, "[\"\xff\xfe\"]", NULL },
	{ LINKS, "[1]", "ip -j link show: entry 1 is a number, not an object" },
	{ LINKS, "[null]", "ip -j link show: entry 1 is null, not an object" },
	{ LINKS, "[{\"ifname\":\"eth0\",\"operstate\":\"UP\"}]",
	  "ip -j link show: entry 1 has no \"ifindex\"" },
	{ LINKS, "[{\"ifindex\":null,\"ifname\":\"eth0\",\"operstate\":\"UP\"}]",
	  "ip -j link show: entry 1 has no \"ifindex\"" },
	{ LINKS, "[{\"ifindex\":\"2\",\"ifname\":\"eth0\",\"operstate\":\"UP\"}]",
	  "ip -j link show: entry 1: \"ifindex\" is a string, not a whole number" },
	{ LINKS, "[{\"ifindex\":2.5,\"ifname\":\"eth0\",\"operstate\":\"UP\"}]",
	  "ip -j link show: entry 1: \"ifindex\" is a fraction, not a whole number" },
	{ LINKS, "[{\"ifindex\":0,\"ifname\":\"eth0\",\"operstate\":\"UP\"}]",
	  "ip -j link show: entry 1: \"ifindex\" is out of range (1 to 2147483647)" },
	{ LINKS, "[{\"ifindex\":99999999999999999999999,\"ifname\":\"eth0\",\"operstate\":\"UP\"}]",
	  NULL },
	{ LINKS, "[{\"ifindex\":2,\"operstate\":\"UP\"}]",
	  "ip -j link show: entry 1 has no \"ifname\"" },
	{ LINKS, "[{\"ifindex\":2,\"ifname\":[],\"operstate\":\"UP\"}]",
	  "ip -j link show: entry 1: \"ifname\" is a list, not a string" },
	{ LINKS, "[{\"ifindex\":2,\"ifname\":\"\",\"operstate\":\"UP\"}]",
	  "ip -j link show: entry 1: \"ifname\" is empty" },
	{ LINKS, "[{\"ifindex\":2,\"ifname\":\"a-very-long-name\",\"operstate\":\"UP\"}]",
	  "ip -j link show: entry 1: \"ifname\" is longer than 15 characters" },
	{ LINKS, "[{\"ifindex\":2,\"ifname\":\"eth\\u001b[0m\",\"operstate\":\"UP\"}]",
	  "ip -j link show: entry 1: \"ifname\" holds a character that is not allowed there (byte 4)" },
	{ LINKS, "[{\"ifindex\":2,\"ifname\":\"eth\\u0000x\",\"operstate\":\"UP\"}]",
	  "ip -j link show: entry 1: \"ifname\" holds a character that is not allowed there (byte 4)" },
	{ LINKS, "[{\"ifindex\":2,\"ifname\":\"a/b\",\"operstate\":\"UP\"}]", NULL },
	{ LINKS, "[{\"ifindex\":2,\"ifname\":\"eth0\"}]",
	  "ip -j link show: entry 1 has no \"operstate\"" },
	{ LINKS, "[{\"ifindex\":2,\"ifname\":\"eth0\",\"operstate\":\"UP\",\"address\":7}]",
	  "ip -j link show: entry 1: \"address\" is a number, not a string" },
	{ LINKS, "[{\"ifindex\":2,\"ifname\":\"eth0\",\"operstate\":\"UP\"},"
		 "{\"ifindex\":2,\"ifname\":\"eth1\",\"operstate\":\"UP\"}]",
	  "ip -j link show: entry 2: link 2 (eth1) is listed twice" },
	{ ADDRS, "[{\"ifindex\":2}]",
	  "ip -j -4 addr show: entry 1 has no \"addr_info\"" },
	{ ADDRS, "[{\"ifindex\":2,\"addr_info\":{}}]",
	  "ip -j -4 addr show: entry 1: \"addr_info\" is an object, not a list" },
	{ ADDRS, "[{\"ifindex\":2,\"addr_info\":[5]}]",
	  "ip -j -4 addr show: entry 1, addr_info entry 1 is a number, not an object" },
	{ ADDRS, "[{\"ifindex\":2,\"addr_info\":[{\"local\":\"10.0.0.1\",\"prefixlen\":24}]}]",
	  "ip -j -4 addr show: entry 1, addr_info entry 1 has no \"family\"" },
	{ ADDRS, "[{\"ifindex\":2,\"addr_info\":[{\"family\":\"inet\",\"prefixlen\":24}]}]",
	  "ip -j -4 addr show: entry 1, addr_info entry 1 has no \"local\"" },
	{ ADDRS, "[{\"ifindex\":2,\"addr_info\":[{\"family\":\"inet\",\"local\":\"10.0.0.1\",\"prefixlen\":33}]}]",
	  "ip -j -4 addr show: entry 1, addr_info entry 1: \"prefixlen\" is out of range (0 to 32)" },
	{ ADDRS, "[{\"ifindex\":2,\"addr_info\":[{\"family\":\"inet\",\"local\":\"10.0.0.01\",\"prefixlen\":24}]}]",
	  "ip -j -4 addr show: entry 1, addr_info entry 1: \"local\" is not an IPv4 address: 10.0.0.01" },
	{ ADDRS, "[{\"ifindex\":2,\"addr_info\":[{\"family\":\"inet\",\"local\":\"10.0.0.1\",\"prefixlen\":24,\"dynamic\":\"yes\"}]}]",
	  "ip -j -4 addr show: entry 1, addr_info entry 1: \"dynamic\" is a string, not true or false" },
	{ ROUTES, "[{\"gateway\":\"10.0.0.1\"}]",
	  "ip -j -4 route show table main: entry 1 has no \"dst\"" },
	{ ROUTES, "[{\"dst\":\"10.0.0.0/33\"}]",
	  "ip -j -4 route show table main: entry 1: \"dst\" is not \"default\" or an IPv4 network: 10.0.0.0/33" },
	{ ROUTES, "[{\"dst\":\"fe80::/64\"}]", NULL },
	{ ROUTES, "[{\"dst\":\"default\",\"metric\":-1}]",
	  "ip -j -4 route show table main: entry 1: \"metric\" is out of range (0 to 4294967295)" },
	{ ROUTES, "[{\"dst\":\"default\",\"metric\":4294967296}]",
	  "ip -j -4 route show table main: entry 1: \"metric\" is out of range (0 to 4294967295)" },
	{ ROUTES, "[{\"dst\":\"default\",\"metric\":true}]",
	  "ip -j -4 route show table main: entry 1: \"metric\" is true or false, not a whole number" },
	{ ROUTES, "[{\"dst\":\"default\",\"gateway\":\"fe80::1\",\"dev\":\"eth0\"}]",
	  "ip -j -4 route show table main: entry 1: \"gateway\" is not an IPv4 address: fe80::1" },
	{ ROUTES, "[{\"dst\":\"default\",\"dev\":\"eth 0\"}]", NULL },
	{ ROUTES, "[{\"dst\":\"default\",\"protocol\":\"a-very-long-protocol\"}]",
	  "ip -j -4 route show table main: entry 1: \"protocol\" is longer than 15 characters" },
	{ ROUTES, "[{\"dst\":\"default\",\"nexthops\":{}}]",
	  "ip -j -4 route show table main: entry 1: \"nexthops\" is an object, not a list" },
	{ ROUTES, "[{\"dst\":\"default\",\"nexthops\":[]}]",
	  "ip -j -4 route show table main: entry 1: \"nexthops\" is an empty list" },
	{ ROUTES, "[{\"dst\":\"default\",\"nexthops\":[{\"gateway\":\"10.0.0.1\",\"dev\":\"eth0\"},7]}]",
	  "ip -j -4 route show table main: entry 1, next hop 2 is a number, not an object" },
};

static int run_parser(struct guest_state *gs, enum which w, const char *t,
		      char *err, size_t len)
{
	switch (w) {
	case LINKS:
		return guest_state_parse_links(gs, t, err, len);
	case ADDRS:
		return guest_state_parse_addrs(gs, t, err, len);
	case ROUTES:
		return guest_state_parse_routes(gs, t, err, len);
	}
	return 0;
}

static void test_malformed(void **state)
{
	struct guest_state *gs = gsl_networkd_guest("offline");
	char err[512];

	(void)state;
	for (size_t i = 0; i < sizeof(bad_inputs) / sizeof(bad_inputs[0]);
	     i++) {
		const struct bad *b = &bad_inputs[i];

		err[0] = '\0';
		if (run_parser(gs, b->which, b->text, err, sizeof(err)) != -1)
			fail_msg("case %zu (%s) parsed", i, b->text);
		if (b->err && strcmp(err, b->err))
			fail_msg("case %zu: \"%s\", expected \"%s\"", i, err,
				 b->err);
		if (!err[0])
			fail_msg("case %zu: no message", i);
		for (const char *p = err; *p; p++)
			if ((unsigned char)*p < 0x20)
				fail_msg("case %zu: unprintable message", i);
	}
	/* a failed parse leaves its part empty, the others as they were */
	assert_int_equal(gs->nlinks, 0);
	assert_int_equal(gs->naddrs, 0);
	assert_int_equal(gs->nroutes, 0);
	free(gs);
}

/* Unknown keys are ignored; old iproute2's {} per filtered link is
 * skipped; another family's address is skipped; no MAC is fine. */
static void test_lenient_where_meant(void **state)
{
	struct guest_state *gs = malloc(sizeof(*gs));
	char err[256] = "";

	(void)state;
	assert_non_null(gs);
	guest_state_init(gs);
	assert_int_equal(guest_state_parse_links(gs,
		"[{\"ifindex\":4,\"ifname\":\"wg0\",\"operstate\":\"UNKNOWN\","
		"\"link_type\":\"none\",\"future\":{\"x\":[1,2]}},"
		"{\"ifindex\":5,\"ifname\":\"sit0\",\"operstate\":\"DOWN\","
		"\"address\":\"0.0.0.0\"}]\n", err, sizeof(err)), 0);
	assert_int_equal(gs->nlinks, 2);
	assert_false(gs->links[0].has_mac);
	assert_false(gs->links[1].has_mac);
	assert_int_equal(guest_state_parse_addrs(gs,
		"[{},{},{\"ifindex\":4,\"addr_info\":["
		"{\"family\":\"inet6\",\"local\":\"fe80::1\",\"prefixlen\":64},"
		"{\"family\":\"inet\",\"local\":\"10.9.0.1\",\"prefixlen\":32,"
		"\"new\":1}]}]", err, sizeof(err)), 0);
	assert_int_equal(gs->naddrs, 1);
	assert_int_equal(gs->addrs[0].prefix, 32);
	assert_int_equal(guest_state_parse_routes(gs, "[]", err, sizeof(err)),
			 0);
	assert_int_equal(gs->nroutes, 0);
	free(gs);
}

/* --- beyond the bounds --- */

/* FMT takes the entry's number from 1, then i % 250 and i / 250. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static char *repeat_json(const char *fmt, int n)
{
	size_t cap = (size_t)n * 200 + 16, at;
	char *s = malloc(cap);

	assert_non_null(s);
	at = (size_t)sprintf(s, "[");
	for (int i = 0; i < n; i++) {
		at += (size_t)snprintf(s + at, cap - at, fmt, i + 1, i % 250,
				       i / 250);
		if (i + 1 < n)
			s[at++] = ',';
	}
	snprintf(s + at, cap - at, "]");
	return s;
}
#pragma GCC diagnostic pop

static void test_oversize(void **state)
{
	struct guest_state *gs = malloc(sizeof(*gs));
	char err[256], *t;

	(void)state;
	assert_non_null(gs);
	guest_state_init(gs);
	t = repeat_json("{\"ifindex\":%d,\"ifname\":\"x%d_%d\","
			"\"operstate\":\"UP\"}", GUEST_STATE_MAX_LINKS);
	assert_int_equal(guest_state_parse_links(gs, t, err, sizeof(err)), 0);
	assert_int_equal(gs->nlinks, GUEST_STATE_MAX_LINKS);
	free(t);
	t = repeat_json("{\"ifindex\":%d,\"ifname\":\"x%d_%d\","
			"\"operstate\":\"UP\"}", GUEST_STATE_MAX_LINKS + 1);
	assert_int_equal(guest_state_parse_links(gs, t, err, sizeof(err)), -1);
	assert_string_equal(err, "ip -j link show: the VM has 33 links; "
			    "edgenet reads at most 32");
	assert_int_equal(gs->nlinks, 0);
	free(t);

	t = repeat_json("{\"ifindex\":%d,\"addr_info\":[{\"family\":\"inet\","
			"\"local\":\"10.%d.%d.1\",\"prefixlen\":24}]}",
			GUEST_STATE_MAX_ADDRS);
	assert_int_equal(guest_state_parse_addrs(gs, t, err, sizeof(err)), 0);
	assert_int_equal(gs->naddrs, GUEST_STATE_MAX_ADDRS);
	free(t);
	t = repeat_json("{\"ifindex\":%d,\"addr_info\":[{\"family\":\"inet\","
			"\"local\":\"10.%d.%d.1\",\"prefixlen\":24}]}",
			GUEST_STATE_MAX_ADDRS + 1);
	assert_int_equal(guest_state_parse_addrs(gs, t, err, sizeof(err)), -1);
	assert_string_equal(err, "ip -j -4 addr show: the VM has more than "
			    "128 IPv4 addresses; edgenet reads at most 128");
	assert_int_equal(gs->naddrs, 0);
	free(t);

	t = repeat_json("{\"dst\":\"10.%2$d.%3$d.0/24\",\"metric\":%1$d}",
			GUEST_STATE_MAX_ROUTES);
	assert_int_equal(guest_state_parse_routes(gs, t, err, sizeof(err)), 0);
	assert_int_equal(gs->nroutes, GUEST_STATE_MAX_ROUTES);
	free(t);
	/* next hops count: 255 routes and one with two hops is 257 */
	t = repeat_json("{\"dst\":\"10.%2$d.%3$d.0/24\",\"metric\":%1$d,"
			"\"nexthops\":[{\"dev\":\"a\"},{\"dev\":\"b\"}]}",
			GUEST_STATE_MAX_ROUTES / 2 + 1);
	assert_int_equal(guest_state_parse_routes(gs, t, err, sizeof(err)), -1);
	assert_string_equal(err, "ip -j -4 route show table main: the VM has "
			    "more than 256 IPv4 routes; edgenet reads at most "
			    "256");
	assert_int_equal(gs->nroutes, 0);
	free(t);

	/* a text beyond GUEST_STATE_MAX_INPUT: refused before parsing */
	t = malloc(GUEST_STATE_MAX_INPUT + 16);
	assert_non_null(t);
	memset(t, ' ', GUEST_STATE_MAX_INPUT + 15);
	t[0] = '[';
	t[GUEST_STATE_MAX_INPUT + 14] = ']';
	t[GUEST_STATE_MAX_INPUT + 15] = '\0';
	assert_int_equal(guest_state_parse_routes(gs, t, err, sizeof(err)), -1);
	assert_string_equal(err, "ip -j -4 route show table main: the output "
			    "is larger than 1048576 bytes");
	free(t);
	free(gs);
}


static char *bundle_of(const char *scen, const char *extra)
{
	char n[64], *parts[5], *out;
	static const char *const heads[5] = {
		"@@ip-link", "@@ip-addr", "@@ip-route", "@@networkd 2",
		"@@networkd 3"
	};
	static const char *const kinds[5] = {
		"link.json", "addr.json", "route.json", "links-eth0",
		"links-eth1"
	};
	size_t len = strlen(extra) + 1;

	for (int i = 0; i < 5; i++) {
		snprintf(n, sizeof(n), "networkd-%s-%s", scen, kinds[i]);
		parts[i] = gsl_fixture(n);
		len += strlen(heads[i]) + strlen(parts[i]) + 3;
	}
	out = malloc(len);
	assert_non_null(out);
	out[0] = '\0';
	for (int i = 0; i < 5; i++) {
		strcat(out, heads[i]);
		strcat(out, "\n");
		strcat(out, parts[i]);
		strcat(out, "\n");
		free(parts[i]);
	}
	strcat(out, extra);
	return out;
}

static void test_bundle(void **state)
{
	struct guest_state *gs = malloc(sizeof(*gs)), *ref;
	struct plan p;
	struct mac macs[2];
	char err[300], *t;
	static const char *const bad[] = {
		"junk before\n@@ip-link\n[]\n",		/* no header first */
		"@@ip-link\n[]\n@@ip-addr\n[]\n",		/* no routes */
		"@@bogus\n",					/* unknown */
		"@@networkd x\n",				/* not an index */
		"@@networkd 0\n",
		"@@networkd 99\nADMIN_STATE=configured\n",	/* no link 99 */
		"@@ip-route\n[]\n",				/* twice */
		"@@networkd 2\nADMIN_STATE=configured\n",	/* twice */
	};

	(void)state;
	assert_non_null(gs);
	guest_state_init(gs);
	/* the real capture as one text: the same state, the same verdict */
	t = bundle_of("offline", "");
	assert_int_equal(guest_state_parse_bundle(gs, t, err, sizeof(err)), 0);
	free(t);
	ref = gsl_networkd_guest("offline");
	assert_int_equal(gs->nlinks, ref->nlinks);
	assert_int_equal(gs->naddrs, ref->naddrs);
	assert_int_equal(gs->nroutes, ref->nroutes);
	assert_int_equal(gs->links[1].dns.nservers,
			 ref->links[1].dns.nservers);
	gsl_networkd_plan(&p, macs, true);
	gsl_check_is(&p, macs, gs, 0, "");
	free(ref);
	/* a resolved file for a link networkd manages is read, not used */
	t = bundle_of("offline", "@@resolved 3\nSERVERS=192.0.2.9\n");
	assert_int_equal(guest_state_parse_bundle(gs, t, err, sizeof(err)), 0);
	free(t);
	gsl_check_is(&p, macs, gs, 0, "");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *extra = bad[i];

		if (strncmp(extra, "junk", 4) == 0 ||
		    strncmp(extra, "@@ip-link\n[]\n@@ip-addr", 20) == 0)
			t = strdup(extra);
		else
			t = bundle_of("offline", extra);
		assert_non_null(t);
		err[0] = '\0';
		if (guest_state_parse_bundle(gs, t, err, sizeof(err)) != -1)
			fail_msg("bundle %zu was accepted", i);
		assert_true(err[0] != '\0');
		free(t);
	}
	assert_int_equal(guest_state_parse_bundle(gs, NULL, err, sizeof(err)),
			 -1);
	free(gs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_real_links),
		cmocka_unit_test(test_parse_real_addrs),
		cmocka_unit_test(test_parse_real_routes),
		cmocka_unit_test(test_parse_routes_drift),
		cmocka_unit_test(test_parse_dns_real),
		cmocka_unit_test(test_parse_dns_errors),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_lenient_where_meant),
		cmocka_unit_test(test_oversize),
		cmocka_unit_test(test_bundle),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
