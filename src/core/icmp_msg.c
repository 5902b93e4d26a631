/*
 * icmp_msg.c - the gateway probe's ICMP echo (see icmp_msg.h; RFC 792,
 * RFC 791): a request built as a whole Ethernet/IPv4 frame with both
 * checksums, and a received frame read as the matching echo reply, its
 * lengths and both checksums checked first (it comes from the plant
 * network).  Pure C.
 */
#include <string.h>

#include "core/icmp_msg.h"
#include "core/inet_frame.h"

#define ICMP_HLEN 8
#define ICMP_DATA 56		/* as ping(8) sends */
#define ICMP_ECHO_REPLY 0
#define ICMP_ECHO_REQUEST 8

int icmp_build_echo(uint8_t *out, size_t cap, const uint8_t src_mac[6],
		    const uint8_t dst_mac[6], uint32_t src_ip, uint32_t dst_ip,
		    uint16_t id, uint16_t seq)
{
	uint8_t *ip, *icmp;

	if (!out || cap < ICMP_ECHO_FRAME_LEN)
		return -1;
	inet_put_eth(out, dst_mac, src_mac, INET_ETH_P_IP);
	ip = out + INET_ETH_HLEN;
	icmp = ip + INET_IP_HLEN;
	inet_put_ipv4(ip, INET_IP_HLEN + ICMP_HLEN + ICMP_DATA, 1, src_ip,
		      dst_ip, true);
	memset(icmp, 0, ICMP_HLEN);
	icmp[0] = ICMP_ECHO_REQUEST;
	inet_put16(icmp + 4, id);
	inet_put16(icmp + 6, seq);
	for (int i = 0; i < ICMP_DATA; i++)
		icmp[ICMP_HLEN + i] = (uint8_t)i;
	inet_put16(icmp + 2, inet_csum_fold(inet_csum_add(0, icmp,
						ICMP_HLEN + ICMP_DATA)));
	return ICMP_ECHO_FRAME_LEN;
}

int icmp_parse_echo_reply(const uint8_t *frame, size_t len, uint32_t from_ip,
			  uint32_t to_ip, uint16_t id, uint16_t seq)
{
	struct inet_ipv4 ip;
	const uint8_t *icmp;
	int rc = inet_parse_ipv4(frame, len, &ip);

	if (rc != 0)
		return rc;
	if (ip.proto != 1 || ip.fragment)
		return 1;
	if (ip.plen < ICMP_HLEN)
		return -1;
	icmp = ip.payload;
	if (inet_csum_fold(inet_csum_add(0, icmp, ip.plen)) != 0)
		return -1;
	if (icmp[0] != ICMP_ECHO_REPLY || icmp[1] != 0)
		return 1;
	if (ip.src != from_ip || ip.dst != to_ip ||
	    inet_get16(icmp + 4) != id || inet_get16(icmp + 6) != seq)
		return 1;
	return 0;
}
