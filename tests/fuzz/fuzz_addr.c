/*
 * fuzz_addr.c - fuzz harness for the parsers of typed and read values:
 * IPv4 addresses, prefixes and CIDR (src/core/ipv4.c), MACs (mac.c, and
 * vxml_canon_mac for libvirt's), interface, object and DNS names
 * (names.c), what a technician types (typed.c) and DNS servers as
 * resolved writes them (dnsview_server_parse).
 *
 * The input, cut at its first NUL, is given to every parser; what one
 * accepts must survive the round trip through its formatter (written,
 * then read again to the same value; a DNS server's scope only where
 * resolvectl writes one), or the harness aborts.  Touches
 * nothing but memory.  Built by `make check` with fuzz_main.c over
 * tests/fuzz/corpus/addr/; under libFuzzer by tests/fuzz/run.sh (see
 * tests/fuzz/local.am).
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/dnsview.h"
#include "core/ipv4.h"
#include "core/mac.h"
#include "core/names.h"
#include "core/typed.h"
#include "core/vxml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_ipv4(const char *s)
{
	char buf[IPV4_CIDR_STRLEN];
	uint32_t a, b;
	int p, q;

	if (ipv4_parse(s, &a) == IPV4_OK) {
		if (ipv4_parse(ipv4_format(a, buf), &b) != IPV4_OK || a != b)
			abort();
		ipv4_class_name(ipv4_classify(a));
	}
	if (ipv4_parse_prefix(s, &p) == IPV4_OK && (p < 0 || p > 32))
		abort();
	if (ipv4_parse_cidr(s, &a, &p) == IPV4_OK) {
		if (p < 0 || p > 32)
			abort();
		if (ipv4_parse_cidr(ipv4_format_cidr(a, p, buf), &b, &q) !=
		    IPV4_OK || a != b || p != q)
			abort();
		if (!ipv4_contains(ipv4_network(a, p), p, a) ||
		    !ipv4_contains(ipv4_network(a, p), p,
				   ipv4_broadcast(a, p)))
			abort();
	}
}

static void check_mac(const char *s)
{
	char buf[MAC_STRLEN], canon[MAC_STRLEN];
	struct mac m, again;

	if (mac_parse(s, &m) == MAC_OK) {
		if (mac_parse(mac_format(&m, buf), &again) != MAC_OK ||
		    !mac_equal(&m, &again))
			abort();
		mac_is_multicast(&m);
		mac_is_local(&m);
		mac_is_zero(&m);
	}
	if (typed_mac(s, buf) && mac_parse(buf, &m) != MAC_OK)
		abort();
	if (vxml_canon_mac(s, canon) && mac_parse(canon, &m) != MAC_OK)
		abort();
}

static void check_typed(const char *s)
{
	char addr[IPV4_STRLEN], mask[16];
	bool was_mask;
	int p, q;

	if (typed_prefix(s, &p, &was_mask)) {
		if (p < 0 || p > 32)
			abort();
		/* a netmask typed is the mask of the length found */
		if (was_mask && (!typed_prefix(typed_netmask(p, mask), &q,
					      NULL) || q != p))
			abort();
	}
	if (typed_cidr(s, addr, sizeof(addr), &p) &&
	    (p < 0 || p > 32 || strlen(addr) >= sizeof(addr)))
		abort();
}

static void check_server(const char *s)
{
	struct dnsview_server sv, again;
	char err[256];

	if (dnsview_server_parse(&sv, s, err, sizeof(err)) != 0)
		return;
	dnsview_server_format(&sv, true);
	if (dnsview_server_parse(&again, sv.text, err, sizeof(err)) != 0 ||
	    again.family != sv.family || again.port != sv.port ||
	    memcmp(again.bytes, sv.bytes, sizeof(sv.bytes)) != 0)
		abort();
	/* the scope is written for an IPv6 link-local address only (as
	 * resolvectl does): there it must survive too */
	if (sv.family == AF_INET6 && sv.bytes[0] == 0xfe &&
	    (sv.bytes[1] & 0xc0) == 0x80 && !dnsview_server_same(&sv, &again))
		abort();
	dnsview_server_port(&sv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	check_ipv4(s);
	check_mac(s);
	check_typed(s);
	check_server(s);
	name_check_ifname(s);
	name_check_object(s);
	name_check_dns_domain(s);
	free(s);
	return 0;
}
