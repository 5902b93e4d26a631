/*
 * dhcp_msg.c - a DHCPDISCOVER built as a whole Ethernet frame and a
 * received frame read as a DHCPOFFER (see dhcp_msg.h; RFC 2131, RFC
 * 2132).  The frame comes from the plant network: every length is
 * checked before it is read, options are walked within their field
 * (options, then file and sname when option 52 says they hold options
 * too) and an option whose length runs past its field makes the frame
 * malformed.  The UDP checksum of a received frame is not verified: a
 * frame that crossed a veth or a NIC with checksum offload can carry a
 * partial one, and it is optional in IPv4; the IPv4 header's is.  Pure C.
 */
#include <string.h>

#include "core/dhcp_msg.h"
#include "core/inet_frame.h"
#include "core/ipv4.h"
#include "core/mac.h"

#define DHCP_CLIENT_PORT 68
#define DHCP_SERVER_PORT 67
#define BOOTP_LEN 236		/* the fixed part, up to the magic cookie */
#define BOOTP_MIN 300		/* what BOOTP relays and servers expect */
#define DHCP_COOKIE 0x63825363u

/* Where the fixed fields sit in the BOOTP message. */
#define B_OP 0
#define B_HTYPE 1
#define B_HLEN 2
#define B_XID 4
#define B_FLAGS 10
#define B_YIADDR 16
#define B_CHADDR 28
#define B_SNAME 44
#define B_FILE 108
#define B_COOKIE 236
#define B_OPTIONS 240

enum {
	OPT_PAD = 0,
	OPT_NETMASK = 1,
	OPT_ROUTER = 3,
	OPT_DNS = 6,
	OPT_LEASE = 51,
	OPT_OVERLOAD = 52,
	OPT_MSG_TYPE = 53,
	OPT_SERVER_ID = 54,
	OPT_PARAMS = 55,
	OPT_CLIENT_ID = 61,
	OPT_END = 255,
};

#define DHCPDISCOVER 1
#define DHCPOFFER 2

int dhcp_build_discover(uint8_t *out, size_t cap, const uint8_t client_mac[6],
			uint32_t xid)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t params[] = { OPT_NETMASK, OPT_ROUTER, OPT_DNS,
					  OPT_LEASE, OPT_SERVER_ID };
	const size_t total = INET_ETH_HLEN + INET_IP_HLEN + INET_UDP_HLEN +
			     BOOTP_MIN;
	uint8_t *ip, *udp, *b, *o;
	uint32_t sum;

	if (!out || cap < total)
		return -1;
	memset(out, 0, total);
	ip = out + INET_ETH_HLEN;
	udp = ip + INET_IP_HLEN;
	b = udp + INET_UDP_HLEN;

	b[B_OP] = 1;			/* BOOTREQUEST */
	b[B_HTYPE] = 1;			/* Ethernet */
	b[B_HLEN] = 6;
	inet_put32(b + B_XID, xid);
	inet_put16(b + B_FLAGS, 0x8000);	/* broadcast the answer */
	memcpy(b + B_CHADDR, client_mac, 6);
	inet_put32(b + B_COOKIE, DHCP_COOKIE);
	o = b + B_OPTIONS;
	*o++ = OPT_MSG_TYPE;
	*o++ = 1;
	*o++ = DHCPDISCOVER;
	*o++ = OPT_CLIENT_ID;
	*o++ = 7;
	*o++ = 1;			/* hardware type: Ethernet */
	memcpy(o, client_mac, 6);
	o += 6;
	*o++ = OPT_PARAMS;
	*o++ = (uint8_t)sizeof(params);
	memcpy(o, params, sizeof(params));
	o += sizeof(params);
	*o = OPT_END;			/* then zeros (pad) up to 300 bytes */

	inet_put16(udp, DHCP_CLIENT_PORT);
	inet_put16(udp + 2, DHCP_SERVER_PORT);
	inet_put16(udp + 4, INET_UDP_HLEN + BOOTP_MIN);
	inet_put_ipv4(ip, INET_IP_HLEN + INET_UDP_HLEN + BOOTP_MIN, 17,
		      0, 0xffffffffu, false);
	/* UDP checksum: the pseudo-header (0.0.0.0, 255.255.255.255,
	 * protocol 17, UDP length), then the datagram */
	sum = inet_csum_add(0, ip + 12, 8);
	sum += 17;
	sum += INET_UDP_HLEN + BOOTP_MIN;
	sum = inet_csum_add(sum, udp, INET_UDP_HLEN + BOOTP_MIN);
	{
		uint16_t c = inet_csum_fold(sum);

		inet_put16(udp + 6, c ? c : 0xffff);	/* 0 means "none" */
	}
	inet_put_eth(out, bcast, client_mac, INET_ETH_P_IP);
	return (int)total;
}

/* What the option walk found: the first occurrence of each option. */
struct dhcp_opts {
	int msg_type;			/* -1 absent */
	int overload;			/* 0 none, 1 file, 2 sname, 3 both */
	const uint8_t *netmask, *router, *dns, *lease, *server_id;
	size_t router_len, dns_len;
};

/* Checks one option's length and keeps it.  Returns -1 when the length
 * is wrong for what the option is. */
static int keep_option(struct dhcp_opts *d, uint8_t code, const uint8_t *v,
		       size_t len, int in_main)
{
	switch (code) {
	case OPT_MSG_TYPE:
		if (len != 1)
			return -1;
		if (d->msg_type < 0)
			d->msg_type = v[0];
		break;
	case OPT_OVERLOAD:
		/* only meaningful in the options field itself */
		if (len != 1 || v[0] < 1 || v[0] > 3)
			return -1;
		if (in_main && !d->overload)
			d->overload = v[0];
		break;
	case OPT_NETMASK:
		if (len != 4)
			return -1;
		if (!d->netmask)
			d->netmask = v;
		break;
	case OPT_LEASE:
		if (len != 4)
			return -1;
		if (!d->lease)
			d->lease = v;
		break;
	case OPT_SERVER_ID:
		if (len != 4)
			return -1;
		if (!d->server_id)
			d->server_id = v;
		break;
	case OPT_ROUTER:
	case OPT_DNS:
		if (len == 0 || len % 4)
			return -1;
		if (code == OPT_ROUTER && !d->router) {
			d->router = v;
			d->router_len = len;
		} else if (code == OPT_DNS && !d->dns) {
			d->dns = v;
			d->dns_len = len;
		}
		break;
	default:
		break;
	}
	return 0;
}

/* Walks the options in P (LEN bytes).  Returns 0, or -1 when an option's
 * length runs past the field. */
static int walk_options(struct dhcp_opts *d, const uint8_t *p, size_t len,
			int in_main)
{
	size_t i = 0;

	while (i < len) {
		uint8_t code = p[i], olen;

		if (code == OPT_PAD) {
			i++;
			continue;
		}
		if (code == OPT_END)
			return 0;
		if (len - i < 2)
			return -1;	/* a code with no length byte */
		olen = p[i + 1];
		if ((size_t)olen > len - i - 2)
			return -1;	/* the length lies */
		if (keep_option(d, code, p + i + 2, olen, in_main) < 0)
			return -1;
		i += 2 + (size_t)olen;
	}
	return 0;			/* no end option: the field's end is */
}

static void put_ip(char *dst, const uint8_t *v)
{
	ipv4_format(inet_get32(v), dst);
}

static int mask_prefix(uint32_t m)
{
	uint32_t inv = ~m;

	if (inv & (inv + 1))
		return -1;		/* ones not contiguous from the top */
	{
		int n = 0;

		while (m) {
			n += (int)(m & 1);
			m >>= 1;
		}
		return n;
	}
}

int dhcp_parse_offer(const uint8_t *frame, size_t len, uint32_t xid,
		     const uint8_t client_mac[6], struct dhcp_offer *offer)
{
	struct inet_ipv4 ip;
	struct dhcp_opts d;
	const uint8_t *udp, *b;
	size_t ulen, blen;
	int rc;

	rc = inet_parse_ipv4(frame, len, &ip);
	if (rc != 0)
		return rc;
	if (ip.proto != 17 || ip.fragment)
		return 1;
	if (ip.plen < INET_UDP_HLEN)
		return -1;
	udp = ip.payload;
	ulen = inet_get16(udp + 4);
	if (ulen < INET_UDP_HLEN || ulen > ip.plen)
		return -1;
	if (inet_get16(udp + 2) != DHCP_CLIENT_PORT)
		return 1;
	/* from here on the frame claims to be DHCP for a client */
	b = udp + INET_UDP_HLEN;
	blen = ulen - INET_UDP_HLEN;
	if (blen < B_OPTIONS)
		return -1;
	if (inet_get32(b + B_COOKIE) != DHCP_COOKIE)
		return -1;
	if (b[B_OP] != 2 || b[B_HTYPE] != 1 || b[B_HLEN] != 6 ||
	    inet_get32(b + B_XID) != xid ||
	    memcmp(b + B_CHADDR, client_mac, 6) != 0)
		return 1;		/* a reply to someone else */

	memset(&d, 0, sizeof(d));
	d.msg_type = -1;
	if (walk_options(&d, b + B_OPTIONS, blen - B_OPTIONS, 1) < 0)
		return -1;
	/* RFC 2131 4.1: the file field first, then sname */
	if ((d.overload & 1) &&
	    walk_options(&d, b + B_FILE, B_COOKIE - B_FILE, 0) < 0)
		return -1;
	if ((d.overload & 2) &&
	    walk_options(&d, b + B_SNAME, B_FILE - B_SNAME, 0) < 0)
		return -1;
	if (d.msg_type != DHCPOFFER)
		return 1;		/* BOOTP, an ACK, a NAK... */

	memset(offer, 0, sizeof(*offer));
	offer->prefix = -1;
	offer->lease_s = -1;
	offer->latency_us = -1;
	{
		struct mac m;

		memcpy(m.b, ip.eth_src, 6);
		mac_format(&m, offer->server_mac);
	}
	put_ip(offer->server_ip, (const uint8_t *)&ip.src);
	put_ip(offer->offered, b + B_YIADDR);
	if (d.server_id)
		put_ip(offer->server_id, d.server_id);
	if (d.netmask)
		offer->prefix = mask_prefix(inet_get32(d.netmask));
	if (d.router)
		put_ip(offer->router, d.router);
	for (size_t i = 0; d.dns && i < d.dns_len / 4 &&
	     offer->ndns < PROBE_MAX_OFFER_DNS; i++)
		put_ip(offer->dns[offer->ndns++], d.dns + 4 * i);
	if (d.lease)
		offer->lease_s = (long long)inet_get32(d.lease);
	return 0;
}
