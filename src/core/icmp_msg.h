/*
 * icmp_msg.h - the gateway probe's ICMP echo on the wire: a request built
 * as a whole Ethernet/IPv4 frame (with its checksums), and a received
 * frame read as the matching echo reply.  The parser takes hostile input,
 * has a unit test (tests/unit/test_icmp_msg.c) and a fuzz harness
 * (tests/fuzz/fuzz_arp.c covers it too).  Addresses are IPv4 in network
 * byte order.  Pure C (RFC 792, RFC 791).
 */
#ifndef EDGENET_ICMP_MSG_H
#define EDGENET_ICMP_MSG_H

#include <stddef.h>
#include <stdint.h>

#define ICMP_ECHO_FRAME_LEN 98	/* Ethernet + IPv4 + ICMP + 56 bytes */

/* Writes into OUT an echo request from SRC_MAC/SRC_IP to DST_MAC/DST_IP
 * with identifier ID and sequence SEQ.  Returns the frame's length, or
 * -1 when CAP is too small. */
int icmp_build_echo(uint8_t *out, size_t cap, const uint8_t src_mac[6],
		    const uint8_t dst_mac[6], uint32_t src_ip, uint32_t dst_ip,
		    uint16_t id, uint16_t seq);

/* Reads FRAME.  Returns 0 when it is an IPv4 ICMP echo reply from FROM_IP
 * to TO_IP with identifier ID and sequence SEQ (checksums right); 1 when
 * it is well-formed but something else; -1 when it is an IPv4 frame that
 * is malformed (header lengths that overrun, bad checksum). */
int icmp_parse_echo_reply(const uint8_t *frame, size_t len, uint32_t from_ip,
			  uint32_t to_ip, uint16_t id, uint16_t seq);

#endif
