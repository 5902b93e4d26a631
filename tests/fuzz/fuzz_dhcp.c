/*
 * fuzz_dhcp.c - fuzz harness for src/core/dhcp_msg.c's reader of a
 * received frame as a DHCPOFFER (dhcp_parse_offer: the frame comes from
 * the plant network).
 *
 * An input is one Ethernet frame as a packet socket gives it.  It is read
 * twice: for the transaction id and client MAC the frame itself carries
 * (where it is long enough to carry them), so the option walk is reached,
 * and for a fixed pair.  The frame is copied into a buffer of its exact
 * size (ASan catches a read past it).  Aborts when a result is not -1, 0
 * or 1, or an OFFER's fields are not terminated strings and sane numbers.
 * Touches nothing but memory.  Built by `make check` with fuzz_main.c
 * over tests/fuzz/corpus/dhcp/ (a real dnsmasq OFFER captured in the lab
 * of tests/lib/probe_lab.sh, our DISCOVER, and crafted shapes: see
 * tests/fuzz/README); under libFuzzer by tests/fuzz/run.sh dhcp.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/dhcp_msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fd_check(const struct dhcp_offer *o)
{
	if (!memchr(o->server_id, 0, sizeof(o->server_id)) ||
	    !memchr(o->server_mac, 0, sizeof(o->server_mac)) ||
	    !memchr(o->server_ip, 0, sizeof(o->server_ip)) ||
	    !memchr(o->offered, 0, sizeof(o->offered)) ||
	    !memchr(o->router, 0, sizeof(o->router)))
		abort();
	if (o->ndns > PROBE_MAX_OFFER_DNS || o->prefix < -1 ||
	    o->prefix > 32 || o->lease_s < -1 || o->lease_s > 0xffffffffLL)
		abort();
	for (size_t i = 0; i < o->ndns; i++)
		if (!memchr(o->dns[i], 0, sizeof(o->dns[i])))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t fixed_mac[6] = { 2, 0, 0, 0, 0, 1 };
	uint8_t mac[6];
	uint32_t xid = 0;
	struct dhcp_offer o;
	uint8_t *buf = malloc(size ? size : 1);
	int rc;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	memcpy(mac, fixed_mac, 6);
	/* the xid and chaddr of a frame with a plain IPv4 header */
	if (size >= 42 + 34) {
		xid = (uint32_t)buf[46] << 24 | (uint32_t)buf[47] << 16 |
		      (uint32_t)buf[48] << 8 | buf[49];
		memcpy(mac, buf + 42 + 28, 6);
	}
	rc = dhcp_parse_offer(buf, size, xid, mac, &o);
	if (rc < -1 || rc > 1)
		abort();
	if (rc == 0)
		fd_check(&o);
	rc = dhcp_parse_offer(buf, size, 0x01020304u, fixed_mac, &o);
	if (rc < -1 || rc > 1)
		abort();
	if (rc == 0)
		fd_check(&o);
	free(buf);
	return 0;
}
