/*
 * test_icmp_msg.c - the gateway probe's ICMP echo (core/icmp_msg.c): the
 * request checked byte by byte (both checksums computed here
 * independently), a real echo reply captured in tests/lib/probe_lab.sh's lab
 * (a Linux gateway namespace answering our echo) read and cut at every
 * length, and one table row per change to it: another identifier,
 * sequence, sender or receiver, a request instead of a reply, another
 * protocol, a fragment (something else), and bad checksums, an IPv4
 * header or total length that overruns, version 6 (malformed).  Touches
 * memory only.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "core/icmp_msg.h"

#define N_ELEM(x) (sizeof(x) / sizeof((x)[0]))

static unsigned csum(const uint8_t *p, size_t n)
{
	unsigned sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += (i & 1) ? p[i] : (unsigned)p[i] << 8;
	while (sum > 0xffff)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

static uint32_t ip(const char *s)
{
	struct in_addr a;

	assert_int_equal(inet_pton(AF_INET, s, &a), 1);
	return a.s_addr;
}

static const uint8_t ours[6] = { 0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee };
static const uint8_t gw[6] = { 0x52, 0x54, 0x00, 0x01, 0x02, 0x03 };

static void test_echo_bytes(void **state)
{
	uint8_t f[128];
	const uint8_t *h = f + 14, *icmp = f + 34;

	(void)state;
	memset(f, 0xee, sizeof(f));
	assert_int_equal(icmp_build_echo(f, sizeof(f), ours, gw,
					 ip("10.0.0.30"), ip("10.0.0.1"),
					 0x1234, 7), ICMP_ECHO_FRAME_LEN);
	assert_memory_equal(f, gw, 6);
	assert_memory_equal(f + 6, ours, 6);
	assert_int_equal(f[12], 0x08);
	assert_int_equal(f[13], 0x00);
	assert_int_equal(h[0], 0x45);
	assert_int_equal(h[2] << 8 | h[3], 84);
	assert_int_equal(h[6] & 0x1f, 0);		/* no offset */
	assert_int_equal(h[6] & 0x20, 0);		/* no "more fragments" */
	assert_true(h[8] > 0);
	assert_int_equal(h[9], 1);			/* ICMP */
	assert_memory_equal(h + 12, "\x0a\x00\x00\x1e", 4);
	assert_memory_equal(h + 16, "\x0a\x00\x00\x01", 4);
	assert_int_equal(csum(h, 20), 0);
	assert_int_equal(icmp[0], 8);			/* echo request */
	assert_int_equal(icmp[1], 0);
	assert_int_equal(icmp[4] << 8 | icmp[5], 0x1234);
	assert_int_equal(icmp[6] << 8 | icmp[7], 7);
	assert_int_equal(csum(icmp, 64), 0);
	assert_int_equal(f[ICMP_ECHO_FRAME_LEN], 0xee);
	assert_int_equal(icmp_build_echo(f, ICMP_ECHO_FRAME_LEN - 1, ours, gw,
					 1, 2, 3, 4), -1);
	/* a request is not a reply */
	assert_int_equal(icmp_parse_echo_reply(f, ICMP_ECHO_FRAME_LEN,
					       ip("10.0.0.30"), ip("10.0.0.1"),
					       0x1234, 7), 1);
}

/* 10.231.7.1 answering 10.231.7.30's echo, id 0xeec6, sequence 1 */
static const uint8_t reply[98] = {
	0x2a, 0x03, 0x24, 0x6a, 0xb8, 0x09, 0x0e, 0xfa, 0xaf, 0xb5, 0x1c, 0xf6,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x54, 0x51, 0x06, 0x00, 0x00, 0x40, 0x01,
	0x05, 0xb7, 0x0a, 0xe7, 0x07, 0x01, 0x0a, 0xe7, 0x07, 0x1e, 0x00, 0x00,
	0x1a, 0x25, 0xee, 0xc6, 0x00, 0x01, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05,
	0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11,
	0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d,
	0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29,
	0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35,
	0x36, 0x37
};

static int parse_copy(const uint8_t *f, size_t len, uint32_t from,
		      uint32_t to, uint16_t id, uint16_t seq)
{
	uint8_t *c = malloc(len ? len : 1);
	int rc;

	assert_non_null(c);
	memcpy(c, f, len);
	rc = icmp_parse_echo_reply(c, len, from, to, id, seq);
	free(c);
	return rc;
}

static void test_captured_reply(void **state)
{
	(void)state;
	assert_int_equal(parse_copy(reply, sizeof(reply), ip("10.231.7.1"),
				    ip("10.231.7.30"), 0xeec6, 1), 0);
	for (size_t len = 0; len < sizeof(reply); len++) {
		int rc = parse_copy(reply, len, ip("10.231.7.1"),
				    ip("10.231.7.30"), 0xeec6, 1);

		if (rc != (len < 14 ? 1 : -1))
			fail_msg("cut at %zu: %d", len, rc);
	}
}

/* One change to the captured reply: offset, new byte, whether the IPv4
 * header checksum is recomputed after, the ICMP one, and the verdict. */
struct change {
	const char *name;
	size_t off;
	uint8_t val;
	int fix_ip, fix_icmp;
	int rc;
};

static const struct change changes[] = {
	{ "another identifier", 38, 0xef, 0, 1, 1 },
	{ "another sequence", 41, 2, 0, 1, 1 },
	{ "from another address", 29, 2, 1, 0, 1 },
	{ "to another address", 33, 0x1f, 1, 0, 1 },
	{ "an echo request", 34, 8, 0, 1, 1 },
	{ "destination unreachable", 34, 3, 0, 1, 1 },
	{ "code 1", 35, 1, 0, 1, 1 },
	{ "UDP", 23, 17, 1, 0, 1 },
	{ "a fragment (more fragments)", 20, 0x20, 1, 0, 1 },
	{ "an ARP Ethernet type", 13, 6, 0, 0, 1 },
	{ "ICMP checksum wrong", 36, 0x00, 0, 0, -1 },
	{ "a data byte changed, checksum kept", 60, 0xaa, 0, 0, -1 },
	{ "IPv4 header checksum wrong", 24, 0x00, 0, 0, -1 },
	{ "IPv6 version", 14, 0x65, 1, 0, -1 },
	{ "a header of 4 words", 14, 0x44, 1, 0, -1 },
	{ "a header of 15 words, checksum of 5", 14, 0x4f, 1, 0, -1 },
	{ "total length past the frame", 17, 0x55, 1, 0, -1 },
	{ "total length shorter than the header", 17, 0x10, 1, 0, -1 },
	{ "total length leaving 4 bytes of ICMP", 17, 24, 1, 0, -1 },
};

static void test_changes(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ELEM(changes); i++) {
		const struct change *c = &changes[i];
		uint8_t f[sizeof(reply)];
		unsigned s;
		int rc;

		memcpy(f, reply, sizeof(f));
		f[c->off] = c->val;
		if (c->fix_ip) {
			f[24] = f[25] = 0;
			s = csum(f + 14, 20);
			f[24] = (uint8_t)(s >> 8);
			f[25] = (uint8_t)s;
		}
		if (c->fix_icmp) {
			f[36] = f[37] = 0;
			s = csum(f + 34, 64);
			f[36] = (uint8_t)(s >> 8);
			f[37] = (uint8_t)s;
		}
		rc = parse_copy(f, sizeof(f), ip("10.231.7.1"),
				ip("10.231.7.30"), 0xeec6, 1);
		if (rc != c->rc)
			fail_msg("%s: %d, wanted %d", c->name, rc, c->rc);
	}
}

/* an odd ICMP length: the last byte counts as the high half of a word */
static void test_odd_length(void **state)
{
	uint8_t f[sizeof(reply)];
	unsigned s;

	(void)state;
	memcpy(f, reply, sizeof(f));
	f[17] = 83;				/* total length: 63 bytes of ICMP */
	f[24] = f[25] = 0;
	s = csum(f + 14, 20);
	f[24] = (uint8_t)(s >> 8);
	f[25] = (uint8_t)s;
	f[36] = f[37] = 0;
	s = csum(f + 34, 63);
	f[36] = (uint8_t)(s >> 8);
	f[37] = (uint8_t)s;
	assert_int_equal(parse_copy(f, 97, ip("10.231.7.1"), ip("10.231.7.30"),
				    0xeec6, 1), 0);
	f[37] ^= 1;
	assert_int_equal(parse_copy(f, 97, ip("10.231.7.1"), ip("10.231.7.30"),
				    0xeec6, 1), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_echo_bytes),
		cmocka_unit_test(test_captured_reply),
		cmocka_unit_test(test_changes),
		cmocka_unit_test(test_odd_length),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
