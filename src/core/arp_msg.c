/*
 * arp_msg.c - ARP frames for the address-in-use and gateway probes (see
 * arp_msg.h; RFC 826, RFC 5227): requests and probes built as whole
 * Ethernet frames, replies built for the address the gateway probe sends
 * from, and received frames read with their lengths and sizes checked
 * first (they come from the plant network).  Pure C.
 */
#include <string.h>

#include "core/arp_msg.h"
#include "core/inet_frame.h"

#define ARP_REQUEST 1
#define ARP_REPLY 2

/* Offsets in the ARP packet, after the Ethernet header. */
#define A_HTYPE 0
#define A_PTYPE 2
#define A_HLEN 4
#define A_PLEN 5
#define A_OP 6
#define A_SHA 8
#define A_SPA 14
#define A_THA 18
#define A_TPA 24

static void build(uint8_t *out, const uint8_t eth_dst[6], uint16_t op,
		  const uint8_t sha[6], uint32_t spa, const uint8_t tha[6],
		  uint32_t tpa)
{
	uint8_t *a = out + INET_ETH_HLEN;

	inet_put_eth(out, eth_dst, sha, INET_ETH_P_ARP);
	inet_put16(a + A_HTYPE, 1);
	inet_put16(a + A_PTYPE, INET_ETH_P_IP);
	a[A_HLEN] = 6;
	a[A_PLEN] = 4;
	inet_put16(a + A_OP, op);
	memcpy(a + A_SHA, sha, 6);
	memcpy(a + A_SPA, &spa, 4);
	memcpy(a + A_THA, tha, 6);
	memcpy(a + A_TPA, &tpa, 4);
}

int arp_build_request(uint8_t *out, size_t cap, const uint8_t src_mac[6],
		      uint32_t sender_ip, uint32_t target_ip)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t zero[6];

	if (!out || cap < ARP_FRAME_LEN)
		return -1;
	build(out, bcast, ARP_REQUEST, src_mac, sender_ip, zero, target_ip);
	return ARP_FRAME_LEN;
}

int arp_build_reply(uint8_t *out, size_t cap, const uint8_t src_mac[6],
		    uint32_t src_ip, const uint8_t dst_mac[6], uint32_t dst_ip)
{
	if (!out || cap < ARP_FRAME_LEN)
		return -1;
	build(out, dst_mac, ARP_REPLY, src_mac, src_ip, dst_mac, dst_ip);
	return ARP_FRAME_LEN;
}

/* Checks FRAME is a well-formed Ethernet/IPv4 ARP packet; returns its
 * start (0), or 1 (not ARP) or -1 (malformed) with *A untouched. */
static int arp_frame(const uint8_t *frame, size_t len, const uint8_t **a)
{
	const uint8_t *p;

	if (inet_eth_type(frame, len) != INET_ETH_P_ARP)
		return 1;
	if (len < ARP_FRAME_LEN)
		return -1;
	p = frame + INET_ETH_HLEN;
	if (inet_get16(p + A_HTYPE) != 1 ||
	    inet_get16(p + A_PTYPE) != INET_ETH_P_IP ||
	    p[A_HLEN] != 6 || p[A_PLEN] != 4)
		return -1;
	*a = p;
	return 0;
}

int arp_parse_answer(const uint8_t *frame, size_t len, uint32_t target_ip,
		     const uint8_t our_mac[6], uint8_t sender_mac[6])
{
	const uint8_t *a = NULL;
	uint16_t op;
	int rc = arp_frame(frame, len, &a);

	if (rc != 0)
		return rc;
	op = inet_get16(a + A_OP);
	if (op != ARP_REQUEST && op != ARP_REPLY)
		return 1;
	if (memcmp(a + A_SPA, &target_ip, 4) != 0 ||
	    memcmp(a + A_SHA, our_mac, 6) == 0)
		return 1;
	memcpy(sender_mac, a + A_SHA, 6);
	return 0;
}

int arp_parse_request_for(const uint8_t *frame, size_t len, uint32_t target_ip,
			  const uint8_t our_mac[6], uint8_t sender_mac[6],
			  uint32_t *sender_ip)
{
	const uint8_t *a = NULL;
	int rc = arp_frame(frame, len, &a);

	if (rc != 0)
		return rc;
	if (inet_get16(a + A_OP) != ARP_REQUEST ||
	    memcmp(a + A_TPA, &target_ip, 4) != 0 ||
	    memcmp(a + A_SHA, our_mac, 6) == 0)
		return 1;
	memcpy(sender_mac, a + A_SHA, 6);
	memcpy(sender_ip, a + A_SPA, 4);
	return 0;
}
