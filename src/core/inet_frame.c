/*
 * inet_frame.c - the layers the probes' frames share (see inet_frame.h):
 * byte order, the Internet checksum, Ethernet and IPv4 headers.  Every
 * read checks its length first: the frames come from the plant network.
 * Pure C.
 */
#include <string.h>

#include "core/inet_frame.h"

uint16_t inet_get16(const uint8_t *p)
{
	return (uint16_t)((unsigned)p[0] << 8 | p[1]);
}

uint32_t inet_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

void inet_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

void inet_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

uint32_t inet_csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2) {
		sum += inet_get16(p + i);
		sum = (sum & 0xffff) + (sum >> 16);
	}
	if (i < len) {		/* an odd last byte, padded with zero */
		sum += (uint32_t)p[i] << 8;
		sum = (sum & 0xffff) + (sum >> 16);
	}
	return sum;
}

uint16_t inet_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

void inet_put_eth(uint8_t *out, const uint8_t dst[6], const uint8_t src[6],
		  uint16_t type)
{
	memcpy(out, dst, 6);
	memcpy(out + 6, src, 6);
	inet_put16(out + 12, type);
}

int inet_eth_type(const uint8_t *frame, size_t len)
{
	if (!frame || len < INET_ETH_HLEN)
		return -1;
	return inet_get16(frame + 12);
}

void inet_put_ipv4(uint8_t *out, uint16_t total, uint8_t proto,
		   uint32_t src, uint32_t dst, bool df)
{
	memset(out, 0, INET_IP_HLEN);
	out[0] = 0x45;			/* version 4, 5 words */
	inet_put16(out + 2, total);
	inet_put16(out + 6, df ? 0x4000 : 0);
	out[8] = 64;			/* TTL */
	out[9] = proto;
	memcpy(out + 12, &src, 4);
	memcpy(out + 16, &dst, 4);
	inet_put16(out + 10, inet_csum_fold(inet_csum_add(0, out,
							  INET_IP_HLEN)));
}

int inet_parse_ipv4(const uint8_t *frame, size_t len, struct inet_ipv4 *ip)
{
	const uint8_t *h;
	size_t avail, hlen, total;

	if (inet_eth_type(frame, len) != INET_ETH_P_IP)
		return 1;
	h = frame + INET_ETH_HLEN;
	avail = len - INET_ETH_HLEN;
	if (avail < INET_IP_HLEN || h[0] >> 4 != 4)
		return -1;
	hlen = (size_t)(h[0] & 0x0f) * 4;
	total = inet_get16(h + 2);
	if (hlen < INET_IP_HLEN || hlen > avail || total < hlen ||
	    total > avail)
		return -1;
	if (inet_csum_fold(inet_csum_add(0, h, hlen)) != 0)
		return -1;
	memset(ip, 0, sizeof(*ip));
	ip->eth_src = frame + 6;
	ip->proto = h[9];
	memcpy(&ip->src, h + 12, 4);
	memcpy(&ip->dst, h + 16, 4);
	/* more fragments, or an offset: not reassembled, not ours */
	ip->fragment = (inet_get16(h + 6) & 0x3fff) != 0;
	ip->payload = h + hlen;
	ip->plen = total - hlen;
	return 0;
}
