/*
 * fuzz_arp.c - fuzz harness for the readers of the address-in-use and
 * gateway probes (src/core/arp_msg.c: arp_parse_answer,
 * arp_parse_request_for; src/core/icmp_msg.c: icmp_parse_echo_reply):
 * the frames come from the plant network.
 *
 * An input is one Ethernet frame as a packet socket gives it.  Each
 * reader runs on it twice: with the addresses, MAC, identifier and
 * sequence the frame itself carries where it is long enough (so the
 * deepest checks are reached), and with fixed ones.  The frame is copied
 * into a buffer of its exact size (ASan catches a read past it).  Aborts
 * when a result is not -1, 0 or 1.  Touches nothing but memory.  Built
 * by `make check` with fuzz_main.c over tests/fuzz/corpus/arp/ (replies
 * and requests captured in the lab of tests/lib/probe_lab.sh, a real echo
 * reply, our own frames; see tests/fuzz/README); under libFuzzer by
 * tests/fuzz/run.sh arp.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arp_msg.h"
#include "core/icmp_msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fa_range(int rc)
{
	if (rc < -1 || rc > 1)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t fixed_mac[6] = { 2, 0, 0, 0, 0, 1 };
	uint8_t *buf = malloc(size ? size : 1);
	uint8_t who[6];
	uint32_t a = 0x0100000au, b = 0x1e00000au, asker;
	uint16_t id = 1, seq = 1;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	/* ARP: the frame's own sender and target addresses */
	if (size >= 42) {
		memcpy(&a, buf + 28, 4);
		memcpy(&b, buf + 38, 4);
	}
	fa_range(arp_parse_answer(buf, size, a, fixed_mac, who));
	fa_range(arp_parse_answer(buf, size, 0x1400000au, fixed_mac, who));
	fa_range(arp_parse_request_for(buf, size, b, fixed_mac, who, &asker));
	/* ICMP: the frame's own addresses, identifier and sequence */
	if (size >= 42) {
		memcpy(&a, buf + 26, 4);
		memcpy(&b, buf + 30, 4);
		id = (uint16_t)(buf[38] << 8 | buf[39]);
		seq = (uint16_t)(buf[40] << 8 | buf[41]);
	}
	fa_range(icmp_parse_echo_reply(buf, size, a, b, id, seq));
	fa_range(icmp_parse_echo_reply(buf, size, 0x0100000au, 0x1e00000au,
				       1, 1));
	free(buf);
	return 0;
}
