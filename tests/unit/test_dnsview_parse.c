/*
 * test_dnsview_parse.c - the parsers of the files a DNS view is read from
 * (core/dnsview_parse.c): resolved's netif state, networkd's link state
 * and resolv.conf, with real content, tricky and hostile content; and the
 * whole view built from them (core/dnsview_files.c), from texts and
 * through a reader as for the VM, with resolved's default-route rule.
 * Touches memory only.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "core/diag.h"
#include "core/dnsview.h"
#include "core/dnsview_files.h"
#include "core/dnsview_parse.h"

/* --- resolved's netif files --- */

/* as systemd-resolved 252 wrote it in tests/system/dns_live.sh's setup */
static const char netif_real[] =
	"# This is private data. Do not parse.\n"
	"LLMNR=yes\n"
	"MDNS=no\n"
	"DEFAULT_ROUTE=yes\n"
	"SERVERS=10.77.1.2 10.77.1.3 [fe80::1]:5353%3 10.77.1.4#dot.example\n"
	"DOMAINS=corp.test ~route.test\n";

static void test_netif_real(void **state)
{
	struct dnsview_section s;
	struct diag_list d;

	(void)state;
	diag_list_init(&d);
	dnsview_section_init(&s, false, 3);
	assert_int_equal(dnsview_parse_netif(&s, netif_real, "dns.links[3]",
					     &d), 0);
	assert_int_equal(d.count, 0);
	assert_string_equal(s.llmnr, "yes");
	assert_string_equal(s.mdns, "no");
	assert_string_equal(s.dnssec, "");
	assert_int_equal(s.default_route, 1);
	assert_false(s.default_route_derived);
	assert_int_equal(s.nservers, 4);
	assert_string_equal(s.servers[0].text, "10.77.1.2");
	/* a link section shows no "%3", as resolvectl */
	assert_string_equal(s.servers[2].text, "[fe80::1]:5353");
	assert_int_equal(s.servers[2].ifindex, 3);
	assert_string_equal(s.servers[3].sni, "dot.example");
	assert_int_equal(s.ndomains, 2);
	assert_string_equal(s.domains[0].name, "corp.test");
	assert_false(s.domains[0].route_only);
	assert_string_equal(s.domains[1].name, "route.test");
	assert_true(s.domains[1].route_only);
	dnsview_section_free(&s);
	diag_list_free(&d);
}

static void test_netif_tricky(void **state)
{
	struct dnsview_section s;
	struct diag_list d;
	const struct diag *x;

	(void)state;
	diag_list_init(&d);
	dnsview_section_init(&s, false, 7);
	assert_int_equal(dnsview_parse_netif(&s,
		"\r\n"
		"   # indented comment\r\n"
		"; another\n"
		"LLMNR = resolve \r\n"
		"MDNS=bogus\n"
		"DNSSEC=allow-downgrade\n"
		"DNSOVERTLS=opportunistic\n"
		"DEFAULT_ROUTE=maybe\n"
		"SERVERS=9.9.9.9\n"
		"SERVERS=\t10.0.0.1   not-an-address 10.0.0.2:99999 "
		"10.0.0.3\x1b[31m 10.0.0.4\n"
		"UNKNOWN_KEY=whatever\n"
		"no equals sign here\n"
		"DOMAINS=b.test ~a.test bad..dom ~. .x \x07" "bell a.test\n"
		"NTA=x.test", "dns.links[7]", &d), 0);
	assert_string_equal(s.llmnr, "resolve");
	assert_string_equal(s.mdns, "");		/* bogus: ignored */
	assert_string_equal(s.dnssec, "allow-downgrade");
	assert_string_equal(s.dns_over_tls, "opportunistic");
	assert_int_equal(s.default_route, -1);		/* maybe: ignored */
	/* the last SERVERS line wins; bad entries are skipped */
	assert_int_equal(s.nservers, 2);
	assert_string_equal(s.servers[0].text, "10.0.0.1");
	assert_string_equal(s.servers[1].text, "10.0.0.4");
	/* sorted like resolvectl: by the "~"-prefixed text */
	assert_int_equal(s.ndomains, 4);
	assert_string_equal(s.domains[0].name, "a.test");
	assert_false(s.domains[0].route_only);
	assert_string_equal(s.domains[1].name, "b.test");
	assert_string_equal(s.domains[2].name, ".");
	assert_true(s.domains[2].route_only);
	assert_string_equal(s.domains[3].name, "a.test");
	assert_true(s.domains[3].route_only);
	/* every skipped value has a warning with its line */
	assert_int_equal(diag_count(&d, DIAG_WARNING), 8);
	assert_int_equal(diag_count(&d, DIAG_ERROR), 0);
	x = diag_find(&d, "dns.links[7]");
	assert_non_null(x);
	assert_int_equal(x->line, 5);
	assert_non_null(strstr(x->message, "MDNS=bogus"));
	/* nothing unprintable reaches a message */
	for (size_t i = 0; i < d.count; i++)
		for (const char *p = d.items[i].message; *p; p++)
			assert_true((unsigned char)*p >= 0x20);
	dnsview_section_free(&s);
	diag_list_free(&d);
}

static void test_netif_limits(void **state)
{
	struct dnsview_section s;
	struct diag_list d;
	char *big, *p;
	size_t i, n;

	(void)state;
	diag_list_init(&d);
	dnsview_section_init(&s, false, 2);
	/* 100 servers on one line: 64 kept, one warning */
	big = malloc(100 * 16 + 32);
	assert_non_null(big);
	p = big + sprintf(big, "SERVERS=");
	for (i = 0; i < 100; i++)
		p += sprintf(p, "10.0.%zu.%zu ", i / 250, i % 250 + 1);
	assert_int_equal(dnsview_parse_netif(&s, big, "x", &d), 0);
	assert_int_equal(s.nservers, DNSVIEW_MAX_SERVERS);
	assert_int_equal(d.count, 1);
	free(big);
	/* a file far larger than the limit: read up to it, one warning */
	n = DNSVIEW_MAX_INPUT * 2;
	big = malloc(n + 1);
	assert_non_null(big);
	memset(big, '#', n);
	memcpy(big, "LLMNR=no\n", 9);
	memcpy(big + n - 10, "\nMDNS=yes\n", 10);
	big[n] = '\0';
	diag_list_clear(&d);
	assert_int_equal(dnsview_parse_netif(&s, big, "x", &d), 0);
	assert_string_equal(s.llmnr, "no");
	assert_string_equal(s.mdns, "");	/* beyond the limit */
	assert_int_equal(d.count, 1);
	assert_non_null(strstr(d.items[0].message, "larger than"));
	free(big);
	/* empty text and NULL change nothing */
	assert_int_equal(dnsview_parse_netif(&s, "", "x", NULL), 0);
	assert_int_equal(dnsview_parse_netif(&s, NULL, "x", NULL), 0);
	assert_string_equal(s.llmnr, "no");
	/* an empty SERVERS= clears */
	assert_int_equal(dnsview_parse_netif(&s, "SERVERS=\n", "x", NULL), 0);
	assert_int_equal(s.nservers, 0);
	dnsview_section_free(&s);
	diag_list_free(&d);
}

/* No byte of a problem's message is a control character or outside
 * printable ASCII: what a hostile file says is never echoed raw. */
static void assert_messages_plain(const struct diag_list *d)
{
	for (size_t i = 0; i < d->count; i++)
		for (const char *c = d->items[i].message; *c; c++)
			if ((unsigned char)*c < 0x20 ||
			    (unsigned char)*c >= 0x7f)
				fail_msg("problem %zu has byte 0x%02x: %s", i,
					 (unsigned char)*c,
					 d->items[i].message);
}

/* Files a hostile guest writes (through the agent the VM's panel reads
 * them): thousands of bad lines give a bounded number of problems and one
 * sentence saying how many more; thousands of good lines keep the
 * server bound; escape sequences, C1 and invalid UTF-8 are never echoed
 * raw; a 1 MiB line is cut at the input bound. */
static void test_hostile_files(void **state)
{
	struct dnsview_section g, s;
	struct diag_list d;
	char *big, *p;
	size_t i, n;

	(void)state;
	diag_list_init(&d);
	/* 5000 nameserver lines that are escape sequences, C1, bad UTF-8 */
	n = 5000 * 40;
	big = malloc(n + 64);
	assert_non_null(big);
	p = big;
	for (i = 0; i < 5000; i++)
		p += sprintf(p, "nameserver \x1b[2J\x1b]0;pwned\x07"
			     "%zu\x9b\xff\xc0\n", i);
	dnsview_section_init(&g, true, 0);
	assert_int_equal(dnsview_parse_resolv_conf(&g, big, "dns.global",
						   &d), 0);
	assert_int_equal(g.nservers, 0);
	assert_int_equal(d.count, DNSVIEW_MAX_FILE_PROBLEMS + 1);
	assert_non_null(strstr(d.items[d.count - 1].message,
			       "more problems in this file are not listed"));
	assert_messages_plain(&d);
	dnsview_section_free(&g);
	free(big);

	/* 5000 good nameserver lines: 64 kept, a bounded number of words */
	diag_list_clear(&d);
	big = malloc(5000 * 32);
	assert_non_null(big);
	p = big;
	for (i = 0; i < 5000; i++)
		p += sprintf(p, "nameserver 10.%zu.%zu.1\n", i / 250,
			     i % 250);
	dnsview_section_init(&g, true, 0);
	assert_int_equal(dnsview_parse_resolv_conf(&g, big, "dns.global",
						   &d), 0);
	assert_int_equal(g.nservers, DNSVIEW_MAX_SERVERS);
	assert_true(d.count <= DNSVIEW_MAX_FILE_PROBLEMS + 1);
	dnsview_section_free(&g);
	free(big);

	/* resolved's state: a 1 MiB DOMAINS= line of bad names */
	diag_list_clear(&d);
	n = 1024 * 1024;
	big = malloc(n + 1);
	assert_non_null(big);
	memcpy(big, "DOMAINS=", 8);
	for (i = 8; i < n; i++)
		big[i] = i % 4 == 3 ? ' ' : (i % 4 == 0 ? '\x1b' : '\x9b');
	big[n] = '\0';
	dnsview_section_init(&s, false, 2);
	assert_int_equal(dnsview_parse_netif(&s, big, "dns.links[2]", &d), 0);
	assert_int_equal(s.ndomains, 0);
	assert_true(d.count <= DNSVIEW_MAX_FILE_PROBLEMS + 1);
	assert_non_null(strstr(d.items[0].message, "larger than"));
	assert_messages_plain(&d);
	dnsview_section_free(&s);

	/* networkd's state: the same line as DNS= */
	diag_list_clear(&d);
	memcpy(big, "DNS=    ", 8);
	dnsview_section_init(&s, false, 2);
	assert_int_equal(dnsview_parse_networkd_link(&s, big, "dns.links[2]",
						     &d), 0);
	assert_int_equal(s.nservers, 0);
	assert_int_equal(d.count, DNSVIEW_MAX_FILE_PROBLEMS + 1);
	assert_messages_plain(&d);
	dnsview_section_free(&s);
	free(big);
	diag_list_free(&d);
}

/* --- networkd's link state --- */

static const char networkd_real[] =
	"# This is private data. Do not parse.\n"
	"ADMIN_STATE=configured\n"
	"OPER_STATE=routable\n"
	"CARRIER_STATE=carrier\n"
	"ADDRESS_STATE=routable\n"
	"IPV4_ADDRESS_STATE=routable\n"
	"IPV6_ADDRESS_STATE=degraded\n"
	"ONLINE_STATE=online\n"
	"REQUIRED_FOR_ONLINE=yes\n"
	"NETWORK_FILE=/etc/systemd/network/50-vb.network\n"
	"DNS=10.77.2.2 10.77.2.9\n"
	"NTP=\n"
	"SIP=\n"
	"DOMAINS=nd.test\n"
	"ROUTE_DOMAINS=rt.test\n"
	"LLMNR=no\n"
	"MDNS=no\n"
	"DNS_DEFAULT_ROUTE=yes\n"
	"DHCP6_CLIENT_DUID=DUID-EN/Vendor:0000ab110033bdebf95e192c\n";

static const char networkd_unmanaged[] =
	"# This is private data. Do not parse.\n"
	"ADMIN_STATE=unmanaged\n"
	"OPER_STATE=routable\n";

static void test_networkd(void **state)
{
	struct dnsview_section s;
	struct diag_list d;

	(void)state;
	diag_list_init(&d);
	dnsview_section_init(&s, false, 5);
	assert_int_equal(dnsview_parse_networkd_link(&s, networkd_real, "x",
						     &d), 0);
	assert_int_equal(d.count, 0);
	assert_int_equal(s.nservers, 2);
	assert_string_equal(s.servers[1].text, "10.77.2.9");
	assert_int_equal(s.ndomains, 2);
	assert_string_equal(s.domains[0].name, "nd.test");
	assert_false(s.domains[0].route_only);
	assert_string_equal(s.domains[1].name, "rt.test");
	assert_true(s.domains[1].route_only);
	assert_string_equal(s.llmnr, "no");
	assert_int_equal(s.default_route, 1);
	dnsview_section_free(&s);

	dnsview_section_init(&s, false, 2);
	assert_int_equal(dnsview_parse_networkd_link(&s, networkd_unmanaged,
						     "x", &d), 0);
	assert_int_equal(s.nservers, 0);
	assert_int_equal(s.ndomains, 0);
	assert_string_equal(s.llmnr, "");
	dnsview_section_free(&s);

	/* ports and names as networkd writes them; ROUTE_DOMAINS alone */
	dnsview_section_init(&s, false, 2);
	assert_int_equal(dnsview_parse_networkd_link(&s,
		"DNS=1.1.1.1:853#one.one [2001:db8::1]:53\n"
		"ROUTE_DOMAINS=~x.test y.test\n"
		"DNS_OVER_TLS=yes\nDNSSEC=no\n", "x", &d), 0);
	assert_int_equal(s.nservers, 2);
	assert_string_equal(s.servers[0].text, "1.1.1.1:853#one.one");
	assert_int_equal(s.ndomains, 2);
	assert_true(s.domains[0].route_only && s.domains[1].route_only);
	assert_string_equal(s.dns_over_tls, "yes");
	assert_string_equal(s.dnssec, "no");
	dnsview_section_free(&s);
	diag_list_free(&d);
}

/* --- resolv.conf --- */

static void test_resolv_conf(void **state)
{
	struct dnsview_section g;
	struct diag_list d;

	(void)state;
	diag_list_init(&d);
	dnsview_section_init(&g, true, 0);
	assert_int_equal(dnsview_parse_resolv_conf(&g,
		"# Generated by hand\n"
		"; old style comment\n"
		"nameserver 192.0.2.1\n"
		"nameserver   2001:db8::53  # trailing words\n"
		"nameserver fe80::1%eth0\n"
		"nameserver 192.0.2.4\n"
		"nameserver 192.0.2.5:53\n"
		"nameserver\n"
		"nameserver bogus\n"
		"domain first.test\n"
		"search a.test b.test\n"
		"options edns0 trust-ad\n"
		"sortlist 130.155.160.0/255.255.240.0\n", "dns.global", &d), 0);
	assert_string_equal(g.resolv_conf_mode, "foreign");
	assert_int_equal(g.nservers, 4);
	assert_string_equal(g.servers[1].text, "2001:db8::53");
	assert_string_equal(g.servers[2].text, "fe80::1%eth0");
	/* search after domain: search wins (glibc: the last one) */
	assert_int_equal(g.ndomains, 2);
	assert_string_equal(g.domains[0].name, "a.test");
	/* warnings: the 4th nameserver, the port, the empty, the bogus */
	assert_int_equal(diag_count(&d, DIAG_WARNING), 4);
	dnsview_section_free(&g);

	/* a domain line after search wins, and names one domain */
	dnsview_section_init(&g, true, 0);
	assert_int_equal(dnsview_parse_resolv_conf(&g,
		"search a.test b.test\ndomain  last.test other.test\n",
		NULL, NULL), 0);
	assert_int_equal(g.ndomains, 1);
	assert_string_equal(g.domains[0].name, "last.test");
	dnsview_section_free(&g);

	/* resolved's own files */
	dnsview_section_init(&g, true, 0);
	assert_int_equal(dnsview_parse_resolv_conf(&g,
		"# This is /run/systemd/resolve/stub-resolv.conf managed by "
		"man:systemd-resolved(8).\n# Do not edit.\n"
		"nameserver 127.0.0.53\noptions edns0 trust-ad\n"
		"search corp.test\n", NULL, NULL), 0);
	assert_string_equal(g.resolv_conf_mode, "stub");
	assert_string_equal(g.servers[0].text, "127.0.0.53");
	dnsview_section_free(&g);
	dnsview_section_init(&g, true, 0);
	assert_int_equal(dnsview_parse_resolv_conf(&g,
		"# This is /run/systemd/resolve/resolv.conf managed by "
		"man:systemd-resolved(8).\nnameserver 10.0.0.1\n", NULL, NULL),
		0);
	assert_string_equal(g.resolv_conf_mode, "uplink");
	dnsview_section_free(&g);
	dnsview_section_init(&g, true, 0);
	assert_int_equal(dnsview_parse_resolv_conf(&g,
		"# This is /usr/lib/systemd/resolv.conf managed by "
		"man:systemd-resolved(8).\nnameserver 127.0.0.53\n", NULL,
		NULL), 0);
	assert_string_equal(g.resolv_conf_mode, "static");
	dnsview_section_free(&g);
	diag_list_free(&d);
}

/* --- the fallback view --- */

static void test_build_from_files(void **state)
{
	static const struct dnsview_link_files lf[] = {
		{ 1, "lo", networkd_unmanaged, NULL },
		{ 2, "eth0", networkd_unmanaged, NULL },
		{ 3, "eth1", networkd_unmanaged, netif_real },
		{ 5, "eth2", networkd_real, NULL },
		{ 6, "ot0", "DNS=10.9.0.1\nROUTE_DOMAINS=plant.local\n", NULL },
		{ 7, "any0", "DNS=10.9.0.2\nROUTE_DOMAINS=.\n", NULL },
		{ 9, "gone\x1b[0m", NULL, "SERVERS=10.0.0.9\n" },
	};
	struct dnsview v;
	struct dnsview_section *s;
	struct diag_list d;

	(void)state;
	diag_list_init(&d);
	dnsview_init(&v);
	assert_int_equal(dnsview_build_from_files(&v,
		"nameserver 127.0.0.53\n", "/etc/resolv.conf", lf,
		sizeof(lf) / sizeof(lf[0]), &d), 0);
	assert_int_equal(v.source, DNSVIEW_SOURCE_FILES);
	assert_string_equal(v.global.origin, "/etc/resolv.conf");
	assert_int_equal(v.nlinks, 6);		/* lo skipped */
	assert_int_equal(v.links[0].ifindex, 2);
	assert_int_equal(v.links[0].default_route, 0);	/* no servers */
	assert_true(v.links[0].default_route_derived);
	assert_false(v.links[0].scopes_known);
	s = dnsview_find_link(&v, 3);
	assert_non_null(s);
	assert_string_equal(s->origin, "networkd+resolved");
	assert_int_equal(s->nservers, 4);
	assert_int_equal(s->default_route, 1);	/* explicit */
	assert_false(s->default_route_derived);
	s = dnsview_find_link(&v, 6);
	assert_int_equal(s->default_route, 0);	/* a routing-only domain */
	assert_true(s->default_route_derived);
	s = dnsview_find_link(&v, 7);
	assert_int_equal(s->default_route, 1);	/* "~." does not count */
	s = dnsview_find_link(&v, 9);
	assert_string_equal(s->ifname, "gone\\x1b[0m");
	assert_int_equal(d.count, 0);
	dnsview_free(&v);

	/* no link file: resolv.conf alone; missing resolv.conf */
	assert_int_equal(dnsview_build_from_files(&v, NULL, NULL, NULL, 0,
						  NULL), 0);
	assert_int_equal(v.source, DNSVIEW_SOURCE_RESOLV_CONF);
	assert_string_equal(v.global.resolv_conf_mode, "missing");
	dnsview_free(&v);
	diag_list_free(&d);
}

/* --- another machine's files, through a reader (the guest agent) --- */

static const char *const guest_files[][2] = {
	{ "/proc/net/dev",
	  "Inter-|   Receive                            |  Transmit\n"
	  " face |bytes    packets errs drop fifo frame compressed multicast|"
	  "bytes    packets errs drop fifo colls carrier compressed\n"
	  "    lo:    1234      10    0    0    0     0          0         0 "
	  "    1234      10    0    0    0     0       0          0\n"
	  "  eth0: 987654    1000    0    0    0     0          0         0 "
	  "   12345     100    0    0    0     0       0          0\n"
	  "  eth1:       0       0    0    0    0     0          0         0 "
	  "       0       0    0    0    0     0       0          0\n"
	  "  gone:       0       0    0    0    0     0          0         0 "
	  "       0       0    0    0    0     0       0          0\n" },
	{ "/sys/class/net/lo/ifindex", "1\n" },
	{ "/sys/class/net/eth0/ifindex", "2\n" },
	{ "/sys/class/net/eth1/ifindex", "3\n" },
	{ "/run/systemd/netif/links/2", networkd_real },
	{ "/run/systemd/resolve/netif/3", netif_real },
	{ "/etc/resolv.conf",
	  "# This is /run/systemd/resolve/stub-resolv.conf managed by "
	  "man:systemd-resolved(8).\nnameserver 127.0.0.53\n" },
};

static char *guest_read(void *ctx, const char *path)
{
	int *asked = ctx;
	size_t i;

	(*asked)++;
	for (i = 0; i < sizeof(guest_files) / sizeof(guest_files[0]); i++)
		if (!strcmp(guest_files[i][0], path))
			return strdup(guest_files[i][1]);
	return NULL;
}

static void test_read_machine(void **state)
{
	char names[4][DNSVIEW_IFNAME_MAX];
	struct dnsview v;
	int asked = 0;

	(void)state;
	assert_int_equal(dnsview_parse_proc_net_dev(guest_files[0][1], names,
						    4), 4);
	assert_string_equal(names[0], "lo");
	assert_string_equal(names[3], "gone");
	assert_int_equal(dnsview_parse_proc_net_dev(guest_files[0][1], names,
						    2), 2);
	dnsview_init(&v);
	assert_int_equal(dnsview_read_machine(&v, guest_read, &asked, NULL), 0);
	/* /proc/net/dev, 4 ifindex, 2 x 2 link files, resolv.conf */
	assert_int_equal(asked, 10);
	assert_int_equal(v.source, DNSVIEW_SOURCE_FILES);
	assert_int_equal(v.nlinks, 2);
	assert_string_equal(v.links[0].ifname, "eth0");
	assert_int_equal(v.links[0].nservers, 2);
	assert_string_equal(v.links[1].ifname, "eth1");
	assert_int_equal(v.links[1].nservers, 4);
	assert_string_equal(v.global.resolv_conf_mode, "stub");
	dnsview_free(&v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_netif_real),
		cmocka_unit_test(test_netif_tricky),
		cmocka_unit_test(test_netif_limits),
		cmocka_unit_test(test_hostile_files),
		cmocka_unit_test(test_networkd),
		cmocka_unit_test(test_resolv_conf),
		cmocka_unit_test(test_build_from_files),
		cmocka_unit_test(test_read_machine),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
