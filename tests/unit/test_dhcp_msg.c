/*
 * test_dhcp_msg.c - DHCP on the wire (core/dhcp_msg.c): the DISCOVER
 * checked byte by byte (Ethernet, IPv4, UDP with both checksums computed
 * here independently, BOOTP, options; never a REQUEST), a real OFFER
 * captured from dnsmasq 2.90 in tests/lib/probe_lab.sh's lab read field by
 * field and cut at every length, and one table row per shape of OFFER
 * built here: options in every form (pad, no end, overload into file and
 * sname, a non-contiguous netmask, more DNS servers than kept) and every
 * lie (an option length that overruns, a field of the wrong size, no
 * magic cookie, UDP or IPv4 lengths that overrun, a bad header checksum),
 * and frames that are something else (another xid or client, an ACK,
 * BOOTP, a DISCOVER, TCP, ARP, a fragment).  Touches memory only.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/dhcp_msg.h"

#define N_ELEM(x) (sizeof(x) / sizeof((x)[0]))

/* --- an independent Internet checksum (RFC 1071, byte by byte) --- */

static unsigned csum_sum(const uint8_t *p, size_t n, unsigned sum)
{
	for (size_t i = 0; i < n; i++)
		sum += (i & 1) ? p[i] : (unsigned)p[i] << 8;
	return sum;
}

static unsigned csum_fold(unsigned sum)
{
	while (sum > 0xffff)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

static unsigned be16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static const uint8_t client[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
static const uint8_t other[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x56 };
static const uint8_t server[6] = { 0x52, 0x54, 0x00, 0xaa, 0xbb, 0xcc };

/* --- the DISCOVER --- */

static void test_discover_bytes(void **state)
{
	uint8_t f[DHCP_FRAME_MAX];
	const uint8_t *ip = f + 14, *udp = f + 34, *b = f + 42, *o;
	int len;
	unsigned sum;
	size_t i;
	int seen53 = 0, seen61 = 0, seen55 = 0, end = 0;

	(void)state;
	memset(f, 0xee, sizeof(f));
	len = dhcp_build_discover(f, sizeof(f), client, 0x01020304u);
	assert_int_equal(len, 14 + 20 + 8 + 300);
	/* Ethernet: broadcast, from the client, IPv4 */
	for (i = 0; i < 6; i++)
		assert_int_equal(f[i], 0xff);
	assert_memory_equal(f + 6, client, 6);
	assert_int_equal(be16(f + 12), 0x0800);
	/* IPv4: 0.0.0.0 -> 255.255.255.255, UDP, lengths, checksum */
	assert_int_equal(ip[0], 0x45);
	assert_int_equal(be16(ip + 2), 20 + 8 + 300);
	assert_int_equal(be16(ip + 6) & 0x3fff, 0);	/* not a fragment */
	assert_true(ip[8] > 0);				/* TTL */
	assert_int_equal(ip[9], 17);
	assert_int_equal(be32(ip + 12), 0);
	assert_int_equal(be32(ip + 16), 0xffffffffu);
	assert_int_equal(csum_fold(csum_sum(ip, 20, 0)), 0);
	{
		uint8_t copy[20];

		memcpy(copy, ip, 20);
		copy[10] = copy[11] = 0;
		assert_int_equal(be16(ip + 10), csum_fold(csum_sum(copy, 20, 0)));
	}
	/* UDP: 68 -> 67, length, checksum over the pseudo-header */
	assert_int_equal(be16(udp), 68);
	assert_int_equal(be16(udp + 2), 67);
	assert_int_equal(be16(udp + 4), 8 + 300);
	assert_int_not_equal(be16(udp + 6), 0);		/* computed, not "none" */
	sum = csum_sum(ip + 12, 8, 0) + 17 + 308;
	assert_int_equal(csum_fold(csum_sum(udp, 308, sum)), 0);
	/* BOOTP */
	assert_int_equal(b[0], 1);			/* BOOTREQUEST */
	assert_int_equal(b[1], 1);
	assert_int_equal(b[2], 6);
	assert_int_equal(b[3], 0);			/* hops */
	assert_int_equal(be32(b + 4), 0x01020304u);
	assert_int_equal(be16(b + 10), 0x8000);		/* broadcast flag */
	for (i = 12; i < 28; i++)			/* ciaddr..giaddr */
		assert_int_equal(b[i], 0);
	assert_memory_equal(b + 28, client, 6);
	for (i = 34; i < 236; i++)			/* chaddr pad, sname, file */
		assert_int_equal(b[i], 0);
	assert_int_equal(be32(b + 236), 0x63825363u);
	/* options: type DISCOVER, client id 1+MAC, the list asked for */
	o = b + 240;
	for (i = 0; i < 60 && !end;) {
		uint8_t code = o[i];

		if (code == 0) {
			i++;
			continue;
		}
		if (code == 255) {
			end = 1;
			break;
		}
		if (code == 53) {
			assert_int_equal(o[i + 1], 1);
			assert_int_equal(o[i + 2], 1);	/* DISCOVER, never 3 */
			seen53 = 1;
		} else if (code == 61) {
			assert_int_equal(o[i + 1], 7);
			assert_int_equal(o[i + 2], 1);
			assert_memory_equal(o + i + 3, client, 6);
			seen61 = 1;
		} else if (code == 55) {
			static const uint8_t want[] = { 1, 3, 6, 51, 54 };

			for (size_t k = 0; k < sizeof(want); k++)
				assert_non_null(memchr(o + i + 2, want[k], o[i + 1]));
			seen55 = 1;
		} else {
			fail_msg("unexpected option %u in the DISCOVER", code);
		}
		i += 2 + o[i + 1];
	}
	assert_true(seen53 && seen61 && seen55 && end);
	for (i = (size_t)(o - f) + 60; i < (size_t)len; i++)
		assert_int_equal(f[i], 0);		/* padded with zeros */
	assert_int_equal(f[len], 0xee);			/* nothing written past */
}

static void test_discover_room(void **state)
{
	uint8_t f[DHCP_FRAME_MAX];

	(void)state;
	assert_int_equal(dhcp_build_discover(f, 341, client, 1), -1);
	assert_int_equal(dhcp_build_discover(f, 342, client, 1), 342);
	assert_int_equal(dhcp_build_discover(NULL, 342, client, 1), -1);
	/* the frame reads back as a DHCP frame that is not an OFFER */
	{
		struct dhcp_offer o;

		assert_int_equal(dhcp_parse_offer(f, 342, 1, client, &o), 1);
	}
}

/* --- a real OFFER, from dnsmasq 2.90 (range .100-.150, router .1, DNS
 * .53 and .54, lease 3600 s; server 10.231.7.241 at ee:26:91:4c:28:3c),
 * to xid 0xc927c949 for d2:5b:08:40:4d:0e --- */

static const uint8_t dnsmasq_offer[342] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xee, 0x26, 0x91, 0x4c, 0x28, 0x3c,
	0x08, 0x00, 0x45, 0xc0, 0x01, 0x48, 0x46, 0xcc, 0x00, 0x00, 0x40, 0x11,
	0x1f, 0x42, 0x0a, 0xe7, 0x07, 0xf1, 0xff, 0xff, 0xff, 0xff, 0x00, 0x43,
	0x00, 0x44, 0x01, 0x34, 0x14, 0x1d, 0x02, 0x01, 0x06, 0x00, 0xc9, 0x27,
	0xc9, 0x49, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a, 0xe7,
	0x07, 0x70, 0x0a, 0xe7, 0x07, 0xf1, 0x00, 0x00, 0x00, 0x00, 0xd2, 0x5b,
	0x08, 0x40, 0x4d, 0x0e,
	[278] = 0x63, 0x82, 0x53, 0x63, 0x35, 0x01, 0x02, 0x36, 0x04, 0x0a,
	0xe7, 0x07, 0xf1, 0x33, 0x04, 0x00, 0x00, 0x0e, 0x10, 0x3a, 0x04, 0x00,
	0x00, 0x07, 0x08, 0x3b, 0x04, 0x00, 0x00, 0x0c, 0x4e, 0x01, 0x04, 0xff,
	0xff, 0xff, 0x00, 0x1c, 0x04, 0x0a, 0xe7, 0x07, 0xff, 0x06, 0x08, 0x0a,
	0xe7, 0x07, 0x35, 0x0a, 0xe7, 0x07, 0x36, 0x03, 0x04, 0x0a, 0xe7, 0x07,
	0x01, 0xff,
};
static const uint8_t dnsmasq_client[6] = { 0xd2, 0x5b, 0x08, 0x40, 0x4d, 0x0e };
#define DNSMASQ_XID 0xc927c949u

/* An exact-size copy, so a read past LEN is caught under ASan. */
static int parse_copy(const uint8_t *f, size_t len, uint32_t xid,
		      const uint8_t mac[6], struct dhcp_offer *o)
{
	uint8_t *c = malloc(len ? len : 1);
	int rc;

	assert_non_null(c);
	memcpy(c, f, len);
	rc = dhcp_parse_offer(c, len, xid, mac, o);
	free(c);
	return rc;
}

static void test_dnsmasq_offer(void **state)
{
	struct dhcp_offer o;

	(void)state;
	memset(&o, 0x5a, sizeof(o));
	assert_int_equal(parse_copy(dnsmasq_offer, sizeof(dnsmasq_offer),
				    DNSMASQ_XID, dnsmasq_client, &o), 0);
	assert_string_equal(o.server_id, "10.231.7.241");
	assert_string_equal(o.server_mac, "ee:26:91:4c:28:3c");
	assert_string_equal(o.server_ip, "10.231.7.241");
	assert_string_equal(o.offered, "10.231.7.112");
	assert_int_equal(o.prefix, 24);
	assert_string_equal(o.router, "10.231.7.1");
	assert_int_equal(o.ndns, 2);
	assert_string_equal(o.dns[0], "10.231.7.53");
	assert_string_equal(o.dns[1], "10.231.7.54");
	assert_int_equal(o.lease_s, 3600);
	assert_int_equal(o.latency_us, -1);
	/* the same frame for another transaction or client */
	assert_int_equal(parse_copy(dnsmasq_offer, sizeof(dnsmasq_offer),
				    DNSMASQ_XID + 1, dnsmasq_client, &o), 1);
	assert_int_equal(parse_copy(dnsmasq_offer, sizeof(dnsmasq_offer),
				    DNSMASQ_XID, client, &o), 1);
}

/* Cut at every length: no Ethernet header -> 1, else the IPv4 total
 * length overruns -> -1; never an OFFER. */
static void test_dnsmasq_offer_truncated(void **state)
{
	struct dhcp_offer o;

	(void)state;
	for (size_t len = 0; len < sizeof(dnsmasq_offer); len++) {
		int rc = parse_copy(dnsmasq_offer, len, DNSMASQ_XID,
				    dnsmasq_client, &o);

		if (rc != (len < 14 ? 1 : -1))
			fail_msg("cut at %zu: %d", len, rc);
	}
}

/* Cut at every length with honest IPv4 and UDP lengths: inside the fixed
 * part or inside an option it is malformed; at an option boundary after
 * option 53 it is still an OFFER (the end option is not required), and
 * so it is from the end option on. */
static void test_dnsmasq_offer_cut_honestly(void **state)
{
	const size_t opts = 42 + 240, end = 337;	/* 0xff, then pads */
	uint8_t f[sizeof(dnsmasq_offer)];
	struct dhcp_offer o;
	size_t bounds[32], nb = 0, i;

	(void)state;
	assert_int_equal(dnsmasq_offer[end], 0xff);
	for (i = opts; i < end; i += 2 + dnsmasq_offer[i + 1])
		bounds[nb++] = i;
	assert_int_equal(i, end);
	for (size_t cut = 42; cut <= sizeof(dnsmasq_offer); cut++) {
		int want = -1, rc;
		unsigned sum;

		memcpy(f, dnsmasq_offer, cut);
		f[16] = (uint8_t)((cut - 14) >> 8);
		f[17] = (uint8_t)(cut - 14);
		f[24] = f[25] = 0;
		sum = csum_fold(csum_sum(f + 14, 20, 0));
		f[24] = (uint8_t)(sum >> 8);
		f[25] = (uint8_t)sum;
		f[38] = (uint8_t)((cut - 34) >> 8);
		f[39] = (uint8_t)(cut - 34);
		for (i = 0; i < nb; i++)
			if (bounds[i] == cut)
				want = i == 0 ? 1 : 0;	/* no option 53 yet */
		if (cut >= end)
			want = 0;		/* the end option, pads */
		rc = parse_copy(f, cut, DNSMASQ_XID, dnsmasq_client, &o);
		if (rc != want)
			fail_msg("cut at %zu: %d, wanted %d", cut, rc, want);
	}
}

/* --- OFFERs built here, one row per shape --- */

struct shape {
	uint32_t xid;
	const uint8_t *chaddr;
	uint8_t op;
	uint8_t proto;
	uint16_t dport;
	uint16_t frag;			/* IPv4 flags/offset word */
	int bad_ip_csum;
	int no_cookie;
	int udp_len_extra;		/* added to the UDP length */
	size_t eth_pad;			/* bytes after the IPv4 packet */
	uint16_t ethertype;
};

struct frame {
	uint8_t b[DHCP_FRAME_MAX];
	size_t len;
};

static void build(struct frame *fr, const struct shape *s,
		  const uint8_t *opts, size_t olen, const uint8_t *sname,
		  size_t sname_len, const uint8_t *file, size_t file_len)
{
	uint8_t *f = fr->b, *ip = f + 14, *udp = f + 34, *b = f + 42;
	size_t blen = 240 + olen, ulen = 8 + blen, iplen = 20 + ulen;
	unsigned sum;

	memset(fr, 0, sizeof(*fr));
	memset(f, 0xff, 6);
	memcpy(f + 6, server, 6);
	f[12] = (uint8_t)(s->ethertype >> 8);
	f[13] = (uint8_t)s->ethertype;
	ip[0] = 0x45;
	ip[2] = (uint8_t)(iplen >> 8);
	ip[3] = (uint8_t)iplen;
	ip[6] = (uint8_t)(s->frag >> 8);
	ip[7] = (uint8_t)s->frag;
	ip[8] = 64;
	ip[9] = s->proto;
	memcpy(ip + 12, "\x0a\x00\x00\x01", 4);
	memset(ip + 16, 0xff, 4);
	sum = csum_fold(csum_sum(ip, 20, 0));
	if (s->bad_ip_csum)
		sum ^= 0x0100;
	ip[10] = (uint8_t)(sum >> 8);
	ip[11] = (uint8_t)sum;
	udp[0] = 0;
	udp[1] = 67;
	udp[2] = (uint8_t)(s->dport >> 8);
	udp[3] = (uint8_t)s->dport;
	udp[4] = (uint8_t)((ulen + (size_t)s->udp_len_extra) >> 8);
	udp[5] = (uint8_t)(ulen + (size_t)s->udp_len_extra);
	b[0] = s->op;
	b[1] = 1;
	b[2] = 6;
	b[4] = (uint8_t)(s->xid >> 24);
	b[5] = (uint8_t)(s->xid >> 16);
	b[6] = (uint8_t)(s->xid >> 8);
	b[7] = (uint8_t)s->xid;
	memcpy(b + 16, "\x0a\x00\x00\x64", 4);		/* yiaddr 10.0.0.100 */
	memcpy(b + 28, s->chaddr, 6);
	if (sname)
		memcpy(b + 44, sname, sname_len);
	if (file)
		memcpy(b + 108, file, file_len);
	if (!s->no_cookie)
		memcpy(b + 236, "\x63\x82\x53\x63", 4);
	memcpy(b + 240, opts, olen);
	fr->len = 14 + iplen + s->eth_pad;
}

#define OFFER 53, 1, 2
#define SID 54, 4, 10, 0, 0, 1

struct offer_case {
	const char *name;
	struct shape s;
	uint8_t opts[96];
	size_t olen;
	uint8_t sname[64];
	uint8_t file[128];
	int rc;
	/* when rc is 0: */
	const char *server_id, *router, *dns0, *dns3;
	int prefix;
	size_t ndns;
	long long lease;
};

#define S_OK { 0x0a0b0c0du, client, 2, 17, 68, 0, 0, 0, 0, 0, 0x0800 }
#define O(...) { __VA_ARGS__ }, sizeof((uint8_t[]){ __VA_ARGS__ })

static const struct offer_case cases[] = {
	{ "every option, two routers, five DNS servers", S_OK,
	  O(OFFER, SID, 51, 4, 0, 1, 0x51, 0x80, 1, 4, 255, 255, 240, 0,
	    3, 8, 10, 0, 0, 1, 10, 0, 0, 2,
	    6, 20, 9, 9, 9, 1, 9, 9, 9, 2, 9, 9, 9, 3, 9, 9, 9, 4, 9, 9, 9, 5,
	    255), {0}, {0}, 0,
	  "10.0.0.1", "10.0.0.1", "9.9.9.1", "9.9.9.4", 20, 4, 86400 },
	{ "pads, no end option", S_OK,
	  O(0, 0, OFFER, 0, 1, 4, 255, 255, 255, 252, 0), {0}, {0}, 0,
	  "", "", NULL, NULL, 30, 0, -1 },
	{ "a non-contiguous netmask", S_OK,
	  O(OFFER, 1, 4, 255, 0, 255, 0, 255), {0}, {0}, 0,
	  "", "", NULL, NULL, -1, 0, -1 },
	{ "netmask 0.0.0.0 and 255.255.255.255", S_OK,
	  O(OFFER, 1, 4, 0, 0, 0, 0, 1, 4, 255, 255, 255, 255, 255), {0}, {0},
	  0, "", "", NULL, NULL, 0, 0, -1 },
	{ "overload 1: router in file", S_OK,
	  O(OFFER, 52, 1, 1, 255), {0}, { 3, 4, 10, 0, 0, 9, 255 }, 0,
	  "", "10.0.0.9", NULL, NULL, -1, 0, -1 },
	{ "overload 3: file, then sname", S_OK,
	  O(52, 1, 3, 255), { 6, 4, 8, 8, 8, 8, 255 }, { OFFER, SID, 255 }, 0,
	  "10.0.0.1", "", "8.8.8.8", NULL, -1, 1, -1 },
	{ "overload 2 without it: sname not read", S_OK,
	  O(OFFER, 255), { 3, 4, 10, 0, 0, 9, 255 }, {0}, 0,
	  "", "", NULL, NULL, -1, 0, -1 },
	{ "infinite lease", S_OK,
	  O(OFFER, 51, 4, 255, 255, 255, 255, 255), {0}, {0}, 0,
	  "", "", NULL, NULL, -1, 0, 4294967295LL },
	{ "Ethernet padding after the packet",
	  { 0x0a0b0c0du, client, 2, 17, 68, 0, 0, 0, 0, 40, 0x0800 },
	  O(OFFER, SID, 255), {0}, {0}, 0,
	  "10.0.0.1", "", NULL, NULL, -1, 0, -1 },
	/* lies: malformed */
	{ "an option length that runs past the end", S_OK,
	  O(OFFER, 6, 200, 1, 2, 3, 4), {0}, {0}, -1 },
	{ "a code with no length byte", S_OK, O(OFFER, 6), {0}, {0}, -1 },
	{ "netmask of 3 bytes", S_OK, O(OFFER, 1, 3, 255, 255, 255, 255),
	  {0}, {0}, -1 },
	{ "router of 5 bytes", S_OK, O(OFFER, 3, 5, 1, 2, 3, 4, 5, 255),
	  {0}, {0}, -1 },
	{ "DNS of 0 bytes", S_OK, O(OFFER, 6, 0, 255), {0}, {0}, -1 },
	{ "message type of 2 bytes", S_OK, O(53, 2, 2, 2, 255), {0}, {0}, -1 },
	{ "lease of 2 bytes", S_OK, O(OFFER, 51, 2, 1, 1, 255), {0}, {0}, -1 },
	{ "server id of 8 bytes", S_OK,
	  O(OFFER, 54, 8, 1, 1, 1, 1, 2, 2, 2, 2, 255), {0}, {0}, -1 },
	{ "overload value 4", S_OK, O(OFFER, 52, 1, 4, 255), {0}, {0}, -1 },
	{ "a lying length inside file", S_OK, O(OFFER, 52, 1, 1, 255), {0},
	  { 6, 200, 1, 1, 1, 1 }, -1 },
	{ "no magic cookie",
	  { 0x0a0b0c0du, client, 2, 17, 68, 0, 0, 1, 0, 0, 0x0800 },
	  O(OFFER, 255), {0}, {0}, -1 },
	{ "UDP length past the IPv4 packet",
	  { 0x0a0b0c0du, client, 2, 17, 68, 0, 0, 0, 1, 0, 0x0800 },
	  O(OFFER, 255), {0}, {0}, -1 },
	{ "UDP length shorter than its header",
	  { 0x0a0b0c0du, client, 2, 17, 68, 0, 0, 0, -250, 0, 0x0800 },
	  O(OFFER, 255), {0}, {0}, -1 },
	{ "UDP length cutting the fixed part",
	  { 0x0a0b0c0du, client, 2, 17, 68, 0, 0, 0, -10, 0, 0x0800 },
	  O(OFFER, 255), {0}, {0}, -1 },
	{ "IPv4 header checksum wrong",
	  { 0x0a0b0c0du, client, 2, 17, 68, 0, 1, 0, 0, 0, 0x0800 },
	  O(OFFER, 255), {0}, {0}, -1 },
	/* something else */
	{ "another transaction",
	  { 0x0a0b0c0eu, client, 2, 17, 68, 0, 0, 0, 0, 0, 0x0800 },
	  O(OFFER, 255), {0}, {0}, 1 },
	{ "another client",
	  { 0x0a0b0c0du, other, 2, 17, 68, 0, 0, 0, 0, 0, 0x0800 },
	  O(OFFER, 255), {0}, {0}, 1 },
	{ "an ACK", S_OK, O(53, 1, 5, SID, 255), {0}, {0}, 1 },
	{ "a NAK", S_OK, O(53, 1, 6, 255), {0}, {0}, 1 },
	{ "BOOTP (no message type)", S_OK, O(SID, 255), {0}, {0}, 1 },
	{ "a request (op 1)",
	  { 0x0a0b0c0du, client, 1, 17, 68, 0, 0, 0, 0, 0, 0x0800 },
	  O(OFFER, 255), {0}, {0}, 1 },
	{ "to port 67",
	  { 0x0a0b0c0du, client, 2, 17, 67, 0, 0, 0, 0, 0, 0x0800 },
	  O(OFFER, 255), {0}, {0}, 1 },
	{ "TCP", { 0x0a0b0c0du, client, 2, 6, 68, 0, 0, 0, 0, 0, 0x0800 },
	  O(OFFER, 255), {0}, {0}, 1 },
	{ "a fragment",
	  { 0x0a0b0c0du, client, 2, 17, 68, 0x2000, 0, 0, 0, 0, 0x0800 },
	  O(OFFER, 255), {0}, {0}, 1 },
	{ "an ARP Ethernet type",
	  { 0x0a0b0c0du, client, 2, 17, 68, 0, 0, 0, 0, 0, 0x0806 },
	  O(OFFER, 255), {0}, {0}, 1 },
};

static void test_offer_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ELEM(cases); i++) {
		const struct offer_case *c = &cases[i];
		struct frame fr;
		struct dhcp_offer o;
		int rc;

		build(&fr, &c->s, c->opts, c->olen, c->sname, sizeof(c->sname),
		      c->file, sizeof(c->file));
		rc = parse_copy(fr.b, fr.len, 0x0a0b0c0du, client, &o);
		if (rc != c->rc)
			fail_msg("%s: %d, wanted %d", c->name, rc, c->rc);
		if (rc != 0)
			continue;
		assert_string_equal(o.server_mac, "52:54:00:aa:bb:cc");
		assert_string_equal(o.server_ip, "10.0.0.1");
		assert_string_equal(o.offered, "10.0.0.100");
		assert_string_equal(o.server_id, c->server_id);
		assert_string_equal(o.router, c->router);
		if (o.prefix != c->prefix)
			fail_msg("%s: prefix %d, wanted %d", c->name, o.prefix,
				 c->prefix);
		assert_int_equal(o.ndns, c->ndns);
		if (c->dns0)
			assert_string_equal(o.dns[0], c->dns0);
		if (c->dns3)
			assert_string_equal(o.dns[3], c->dns3);
		assert_int_equal(o.lease_s, c->lease);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_discover_bytes),
		cmocka_unit_test(test_discover_room),
		cmocka_unit_test(test_dnsmasq_offer),
		cmocka_unit_test(test_dnsmasq_offer_truncated),
		cmocka_unit_test(test_dnsmasq_offer_cut_honestly),
		cmocka_unit_test(test_offer_rows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
