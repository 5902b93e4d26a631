/*
 * dhcp_msg.h - DHCP on the wire, as the DHCP probe needs it: a
 * DHCPDISCOVER built as a whole Ethernet frame (for a packet socket), and
 * a received frame read as a DHCPOFFER.  Nothing here sends or receives;
 * a frame is bytes.  The parser takes hostile input (anything on the
 * plant network): it checks every length before it reads, has a unit test
 * (tests/unit/test_dhcp_msg.c) and a fuzz harness (tests/fuzz/fuzz_dhcp.c).
 * Pure C (RFC 2131, RFC 2132).
 */
#ifndef EDGENET_DHCP_MSG_H
#define EDGENET_DHCP_MSG_H

#include <stddef.h>
#include <stdint.h>

#include "probe.h"

#define DHCP_FRAME_MAX 1514	/* an Ethernet frame without FCS */

/* Writes into OUT (room for CAP bytes) an Ethernet broadcast frame
 * holding an IPv4/UDP (0.0.0.0:68 -> 255.255.255.255:67) DHCPDISCOVER
 * from CLIENT_MAC with transaction id XID, the broadcast flag set (so a
 * server broadcasts its OFFER), a client identifier, and a parameter
 * request list asking for netmask, router, DNS servers, lease time and
 * server identifier.  Never a REQUEST: nothing is leased.  Returns the
 * frame's length, or -1 when CAP is too small. */
int dhcp_build_discover(uint8_t *out, size_t cap, const uint8_t client_mac[6],
			uint32_t xid);

/* Reads FRAME (LEN bytes, from the Ethernet header on).  Returns 0 when
 * it is a DHCPOFFER (option 53 = 2) answering XID for CLIENT_MAC, and
 * fills OFFER (all but latency_us, set to -1); 1 when it is a
 * well-formed frame of something else (not IPv4/UDP to port 68, another
 * xid or client, another message type); -1 when it claims to be DHCP but
 * is malformed (lengths that overrun, options cut short, no magic
 * cookie).  Options overloaded into sname/file (option 52) are read too. */
int dhcp_parse_offer(const uint8_t *frame, size_t len, uint32_t xid,
		     const uint8_t client_mac[6], struct dhcp_offer *offer);

#endif
