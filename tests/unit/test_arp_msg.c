/*
 * test_arp_msg.c - ARP on the wire (core/arp_msg.c): a request and an
 * RFC 5227 probe (sender 0.0.0.0) checked byte by byte, the reply the
 * gateway probe sends for its planned address, a real reply captured in
 * tests/lib/probe_lab.sh's lab (a Linux namespace holding 10.231.7.20
 * answering our probe) read and cut at every length, and one table row
 * per frame shape: replies and requests from the holder (RFC 5227 counts
 * both), our own frames, other senders, other operations, wrong sizes,
 * other Ethernet types.  Touches memory only.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "core/arp_msg.h"

#define N_ELEM(x) (sizeof(x) / sizeof((x)[0]))

static const uint8_t ours[6] = { 0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee };
static const uint8_t peer[6] = { 0x52, 0x54, 0x00, 0x01, 0x02, 0x03 };

static uint32_t ip(const char *s)
{
	struct in_addr a;

	assert_int_equal(inet_pton(AF_INET, s, &a), 1);
	return a.s_addr;
}

static int parse_copy(const uint8_t *f, size_t len, uint32_t target,
		      const uint8_t mine[6], uint8_t who[6])
{
	uint8_t *c = malloc(len ? len : 1);
	int rc;

	assert_non_null(c);
	memcpy(c, f, len);
	rc = arp_parse_answer(c, len, target, mine, who);
	free(c);
	return rc;
}

static void test_request_bytes(void **state)
{
	static const uint8_t want_probe[ARP_FRAME_LEN] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff,	/* broadcast */
		0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee,	/* from us */
		0x08, 0x06,				/* ARP */
		0x00, 0x01, 0x08, 0x00, 6, 4,		/* Ethernet, IPv4 */
		0x00, 0x01,				/* request */
		0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee,	/* sender MAC */
		0, 0, 0, 0,				/* sender 0.0.0.0 */
		0, 0, 0, 0, 0, 0,			/* target MAC */
		192, 168, 7, 20,			/* target IP */
	};
	uint8_t f[64];

	(void)state;
	memset(f, 0xee, sizeof(f));
	assert_int_equal(arp_build_request(f, sizeof(f), ours, 0,
					   ip("192.168.7.20")), ARP_FRAME_LEN);
	assert_memory_equal(f, want_probe, ARP_FRAME_LEN);
	assert_int_equal(f[ARP_FRAME_LEN], 0xee);
	/* with a sender address (the gateway probe) */
	assert_int_equal(arp_build_request(f, sizeof(f), ours,
					   ip("192.168.7.30"),
					   ip("192.168.7.1")), ARP_FRAME_LEN);
	assert_memory_equal(f + 28, "\xc0\xa8\x07\x1e", 4);
	assert_memory_equal(f + 38, "\xc0\xa8\x07\x01", 4);
	assert_int_equal(arp_build_request(f, ARP_FRAME_LEN - 1, ours, 0, 1), -1);
	assert_int_equal(arp_build_request(NULL, 64, ours, 0, 1), -1);
}

static void test_reply_bytes(void **state)
{
	uint8_t f[ARP_FRAME_LEN], who[6];
	uint32_t asker = 0;

	(void)state;
	assert_int_equal(arp_build_reply(f, sizeof(f), ours, ip("10.0.0.30"),
					 peer, ip("10.0.0.1")), ARP_FRAME_LEN);
	assert_memory_equal(f, peer, 6);		/* unicast to the asker */
	assert_memory_equal(f + 6, ours, 6);
	assert_int_equal(f[20], 0);
	assert_int_equal(f[21], 2);			/* reply */
	assert_memory_equal(f + 22, ours, 6);
	assert_memory_equal(f + 28, "\x0a\x00\x00\x1e", 4);
	assert_memory_equal(f + 32, peer, 6);
	assert_memory_equal(f + 38, "\x0a\x00\x00\x01", 4);
	assert_int_equal(arp_build_reply(f, ARP_FRAME_LEN - 1, ours, 1, peer,
					 2), -1);
	/* a reply is not a request for the address */
	assert_int_equal(arp_parse_request_for(f, sizeof(f), ip("10.0.0.1"),
					       ours, who, &asker), 1);
}

/* the gateway asks for our planned address: we know who asks */
static void test_request_for(void **state)
{
	uint8_t f[ARP_FRAME_LEN], who[6];
	uint32_t asker = 0;

	(void)state;
	arp_build_request(f, sizeof(f), peer, ip("10.0.0.1"), ip("10.0.0.30"));
	assert_int_equal(arp_parse_request_for(f, sizeof(f), ip("10.0.0.30"),
					       ours, who, &asker), 0);
	assert_memory_equal(who, peer, 6);
	assert_int_equal(asker, ip("10.0.0.1"));
	assert_int_equal(arp_parse_request_for(f, sizeof(f), ip("10.0.0.31"),
					       ours, who, &asker), 1);
	assert_int_equal(arp_parse_request_for(f, sizeof(f), ip("10.0.0.30"),
					       peer, who, &asker), 1);
	assert_int_equal(arp_parse_request_for(f, 41, ip("10.0.0.30"), ours,
					       who, &asker), -1);
}

/* a Linux namespace holding 10.231.7.20 answering our probe */
static const uint8_t holder_reply[42] = {
	0x12, 0x0d, 0xa5, 0x94, 0xde, 0x9e, 0x66, 0xe4, 0xb9, 0xb5, 0x4b, 0x8a,
	0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x02, 0x66, 0xe4,
	0xb9, 0xb5, 0x4b, 0x8a, 0x0a, 0xe7, 0x07, 0x14, 0x12, 0x0d, 0xa5, 0x94,
	0xde, 0x9e, 0x00, 0x00, 0x00, 0x00
};
static const uint8_t holder_asked[6] = { 0x12, 0x0d, 0xa5, 0x94, 0xde, 0x9e };

static void test_captured_reply(void **state)
{
	static const uint8_t holder[6] = { 0x66, 0xe4, 0xb9, 0xb5, 0x4b, 0x8a };
	uint8_t who[6];

	(void)state;
	assert_int_equal(parse_copy(holder_reply, 42, ip("10.231.7.20"),
				    holder_asked, who), 0);
	assert_memory_equal(who, holder, 6);
	assert_int_equal(parse_copy(holder_reply, 42, ip("10.231.7.21"),
				    holder_asked, who), 1);
	/* Ethernet padding to 60 bytes changes nothing */
	{
		uint8_t padded[60] = { 0 };

		memcpy(padded, holder_reply, 42);
		assert_int_equal(parse_copy(padded, 60, ip("10.231.7.20"),
					    holder_asked, who), 0);
	}
	for (size_t len = 0; len < 42; len++) {
		int rc = parse_copy(holder_reply, len, ip("10.231.7.20"),
				    holder_asked, who);

		if (rc != (len < 14 ? 1 : -1))
			fail_msg("cut at %zu: %d", len, rc);
	}
}

struct arp_case {
	const char *name;
	uint16_t ethertype, htype, ptype;
	uint8_t hlen, plen;
	uint16_t op;
	const uint8_t *sha;
	const char *spa;
	int rc;
};

static const struct arp_case rows[] = {
	{ "a reply from the holder", 0x0806, 1, 0x0800, 6, 4, 2, peer,
	  "10.0.0.5", 0 },
	{ "a request from the holder (RFC 5227 counts it)", 0x0806, 1,
	  0x0800, 6, 4, 1, peer, "10.0.0.5", 0 },
	{ "our own probe, looped back", 0x0806, 1, 0x0800, 6, 4, 1, ours,
	  "10.0.0.5", 1 },
	{ "a reply from another address", 0x0806, 1, 0x0800, 6, 4, 2, peer,
	  "10.0.0.6", 1 },
	{ "another probe (sender 0.0.0.0)", 0x0806, 1, 0x0800, 6, 4, 1, peer,
	  "0.0.0.0", 1 },
	{ "RARP operation 3", 0x0806, 1, 0x0800, 6, 4, 3, peer, "10.0.0.5", 1 },
	{ "hardware type 6", 0x0806, 6, 0x0800, 6, 4, 2, peer, "10.0.0.5", -1 },
	{ "protocol IPv6", 0x0806, 1, 0x86dd, 6, 4, 2, peer, "10.0.0.5", -1 },
	{ "hardware length 8", 0x0806, 1, 0x0800, 8, 4, 2, peer, "10.0.0.5",
	  -1 },
	{ "protocol length 16", 0x0806, 1, 0x0800, 6, 16, 2, peer, "10.0.0.5",
	  -1 },
	{ "an IPv4 frame", 0x0800, 1, 0x0800, 6, 4, 2, peer, "10.0.0.5", 1 },
	{ "a VLAN tag", 0x8100, 1, 0x0800, 6, 4, 2, peer, "10.0.0.5", 1 },
};

static void test_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ELEM(rows); i++) {
		const struct arp_case *c = &rows[i];
		uint8_t f[ARP_FRAME_LEN], who[6] = { 0 };
		uint32_t spa = ip(c->spa);
		int rc;

		memset(f, 0xff, 6);
		memcpy(f + 6, c->sha, 6);
		f[12] = (uint8_t)(c->ethertype >> 8);
		f[13] = (uint8_t)c->ethertype;
		f[14] = (uint8_t)(c->htype >> 8);
		f[15] = (uint8_t)c->htype;
		f[16] = (uint8_t)(c->ptype >> 8);
		f[17] = (uint8_t)c->ptype;
		f[18] = c->hlen;
		f[19] = c->plen;
		f[20] = (uint8_t)(c->op >> 8);
		f[21] = (uint8_t)c->op;
		memcpy(f + 22, c->sha, 6);
		memcpy(f + 28, &spa, 4);
		memset(f + 32, 0, 10);
		rc = parse_copy(f, sizeof(f), ip("10.0.0.5"), ours, who);
		if (rc != c->rc)
			fail_msg("%s: %d, wanted %d", c->name, rc, c->rc);
		if (rc == 0)
			assert_memory_equal(who, c->sha, 6);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request_bytes),
		cmocka_unit_test(test_reply_bytes),
		cmocka_unit_test(test_request_for),
		cmocka_unit_test(test_captured_reply),
		cmocka_unit_test(test_rows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
