/*
 * inet_frame.h - the layers the probes' frames share: big-endian reads
 * and writes, the Internet checksum (RFC 1071), an Ethernet header, an
 * IPv4 header built and one read with every length checked.  Used by
 * core/dhcp_msg.c, core/arp_msg.c and core/icmp_msg.c only.  Pure C; a
 * frame is bytes, nothing here sends or receives.
 */
#ifndef EDGENET_INET_FRAME_H
#define EDGENET_INET_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define INET_ETH_HLEN 14
#define INET_ETH_P_IP 0x0800
#define INET_ETH_P_ARP 0x0806
#define INET_IP_HLEN 20		/* an IPv4 header without options */
#define INET_UDP_HLEN 8

uint16_t inet_get16(const uint8_t *p);
uint32_t inet_get32(const uint8_t *p);
void inet_put16(uint8_t *p, uint16_t v);
void inet_put32(uint8_t *p, uint32_t v);

/* The one's complement sum of LEN bytes from P added to SUM (not folded,
 * not complemented): chain pieces, then inet_csum_fold. */
uint32_t inet_csum_add(uint32_t sum, const uint8_t *p, size_t len);
/* Folds SUM to 16 bits and complements it: the checksum to write, or 0
 * when a block that holds its own checksum is right. */
uint16_t inet_csum_fold(uint32_t sum);

/* Writes an Ethernet header (DST, SRC, TYPE) at OUT (INET_ETH_HLEN). */
void inet_put_eth(uint8_t *out, const uint8_t dst[6], const uint8_t src[6],
		  uint16_t type);
/* The Ethernet type of FRAME, or -1 when it is shorter than a header. */
int inet_eth_type(const uint8_t *frame, size_t len);

/* Writes a 20-byte IPv4 header at OUT: TOTAL bytes with the header,
 * protocol PROTO, SRC and DST in network byte order (as in memory on the
 * wire), TTL 64, "don't fragment" when DF, its checksum. */
void inet_put_ipv4(uint8_t *out, uint16_t total, uint8_t proto,
		   uint32_t src, uint32_t dst, bool df);

/* An IPv4 packet read out of an Ethernet frame. */
struct inet_ipv4 {
	const uint8_t *eth_src;		/* the frame's source MAC (6 bytes) */
	uint8_t proto;
	uint32_t src, dst;		/* network byte order */
	bool fragment;			/* a piece of a larger packet */
	const uint8_t *payload;		/* after the header and its options */
	size_t plen;			/* up to the header's total length
					 * (Ethernet padding left out) */
};

/* Reads FRAME (from the Ethernet header on) as IPv4.  Returns 0 and fills
 * IP; 1 when FRAME is not an IPv4 frame (shorter than an Ethernet header,
 * another Ethernet type); -1 when it is IPv4 but malformed (cut short,
 * version not 4, header or total length that overruns, header checksum
 * wrong). */
int inet_parse_ipv4(const uint8_t *frame, size_t len, struct inet_ipv4 *ip);

#endif
