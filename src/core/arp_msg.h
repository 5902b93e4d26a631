/*
 * arp_msg.h - ARP on the wire for the address-in-use probe (RFC 5227)
 * and the gateway probe: a request built as a whole Ethernet frame, and a
 * received frame read as an answer.  The parser takes hostile input, has
 * a unit test (tests/unit/test_arp_msg.c) and a fuzz harness
 * (tests/fuzz/fuzz_arp.c).  Addresses are IPv4 in network byte order.
 * Pure C (RFC 826, RFC 5227).
 */
#ifndef EDGENET_ARP_MSG_H
#define EDGENET_ARP_MSG_H

#include <stddef.h>
#include <stdint.h>

#define ARP_FRAME_LEN 42	/* Ethernet header + ARP for IPv4 */

/* Writes into OUT a broadcast ARP request for TARGET_IP from SRC_MAC.
 * SENDER_IP 0 makes it an ARP probe (RFC 5227: sender address 0.0.0.0,
 * so no neighbour learns anything from it).  Returns the frame's length
 * (ARP_FRAME_LEN), or -1 when CAP is too small. */
int arp_build_request(uint8_t *out, size_t cap, const uint8_t src_mac[6],
		      uint32_t sender_ip, uint32_t target_ip);

/* Reads FRAME (LEN bytes, from the Ethernet header on).  Returns 0 when
 * it is an ARP packet (reply, or request: RFC 5227 counts both) whose
 * sender address is TARGET_IP and whose sender MAC is not OUR_MAC - the
 * holder of TARGET_IP answering or speaking - and writes that MAC to
 * SENDER_MAC; 1 when it is well-formed but something else; -1 when it is
 * an ARP frame that is malformed (cut short, not Ethernet/IPv4 sizes). */
int arp_parse_answer(const uint8_t *frame, size_t len, uint32_t target_ip,
		     const uint8_t our_mac[6], uint8_t sender_mac[6]);

/* Added for the gateway probe, which answers for the address it sends
 * from while it runs (a gateway may ARP for it before it answers the
 * echo):
 * Writes into OUT an ARP reply from SRC_MAC/SRC_IP to DST_MAC/DST_IP
 * (unicast).  Returns ARP_FRAME_LEN, or -1 when CAP is too small. */
int arp_build_reply(uint8_t *out, size_t cap, const uint8_t src_mac[6],
		    uint32_t src_ip, const uint8_t dst_mac[6], uint32_t dst_ip);

/* Reads FRAME.  Returns 0 when it is an ARP request for TARGET_IP (its
 * target address) from someone else than OUR_MAC, and writes who asks to
 * SENDER_MAC and SENDER_IP; 1 when it is well-formed but something else;
 * -1 when it is an ARP frame that is malformed. */
int arp_parse_request_for(const uint8_t *frame, size_t len, uint32_t target_ip,
			  const uint8_t our_mac[6], uint8_t sender_mac[6],
			  uint32_t *sender_ip);

#endif
