/*
 * wizard_switch_suggest.c - the values the wizard's switch step suggests
 * for a switch's empty fields (shown as placeholders, never in the plan
 * unless taken; see wizard_switch.c): a /24 no other switch, host
 * network or host interface has, a DHCP range inside the subnet, and a
 * bridge name for the uplink.  Reads the app's plan and host facts;
 * writes only the caller's buffers.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/ipv4.h"
#include "screens/wizard_switch.h"
#include "ui/app.h"

/* The bridge name the wizard suggests for an uplink: br-UPLINK, or br0
 * when that would not fit an interface name. */
void wizard_switch_auto_bridge(const char *uplink, char *out, size_t len)
{
	if (uplink[0] && strlen(uplink) <= 12)
		snprintf(out, len, "br-%s", uplink);
	else
		snprintf(out, len, "br0");
}

/* ADDR/PFX overlaps the subnet of another switch of the plan (not SI)
 * or of a network the host has (not SI's own, when it reuses one). */
static bool sw_subnet_taken(const struct app *a, size_t si, uint32_t addr,
			    int pfx)
{
	uint32_t b;
	int pb;

	for (size_t i = 0; i < a->work.nswitches; i++)
		if (i != si && ipv4_parse_cidr(a->work.switches[i].address, &b,
					       &pb) == IPV4_OK &&
		    ipv4_overlap(addr, pfx, b, pb))
			return true;
	for (size_t i = 0; a->nets_ok && i < a->nets.count; i++)
		if (strcmp(a->nets.items[i].name,
			   a->work.switches[si].name) != 0 &&
		    ipv4_parse_cidr(a->nets.items[i].address, &b, &pb) ==
		    IPV4_OK && ipv4_overlap(addr, pfx, b, pb))
			return true;
	/* and this host's own interface addresses (the check refuses a
	 * switch on one of those subnets, see core/hostcheck.h) */
	for (size_t i = 0; a->hnics_ok && i < a->hnics.count; i++)
		for (size_t k = 0; k < a->hnics.items[i].naddrs; k++)
			if (ipv4_parse_cidr(a->hnics.items[i].addrs[k], &b,
					    &pb) == IPV4_OK &&
			    ipv4_overlap(addr, pfx, b, pb))
				return true;
	return false;
}

/* The host address suggested for switch SI: the first x.y.N.1/24 no
 * other subnet takes, from libvirt's own 192.168.122.1/24 for a default
 * switch and from 10.10.0.1/24 for an internal one ("" when none is
 * free). */
void wizard_switch_suggest_address(const struct app *a, size_t si,
				   char *out, size_t len)
{
	const struct plan_switch *ps = &a->work.switches[si];
	uint32_t addr;

	out[0] = '\0';
	if (ps->type != SWITCH_DEFAULT && ps->type != SWITCH_INTERNAL)
		return;
	if (ipv4_parse(ps->type == SWITCH_DEFAULT ? "192.168.122.1" :
		       "10.10.0.1", &addr) != IPV4_OK)
		return;
	/* N runs up to 255, never carrying into the second byte */
	for (;;) {
		char buf[IPV4_STRLEN];

		if (!sw_subnet_taken(a, si, addr, 24)) {
			snprintf(out, len, "%s/24", ipv4_format(addr, buf));
			return;
		}
		if ((addr & 0xff00) == 0xff00)
			return;
		addr += 0x100;
	}
}

/* The DHCP range suggested inside the subnet of ADDRESS (as typed, or
 * suggested): .100-.200 of an internal switch's /24 or wider, else every
 * host after the first (libvirt's default network: .2-.254).  Nothing
 * when the address is not usable or would lie inside the range. */
void wizard_switch_suggest_range(enum switch_type type,
				 const char *address, char *start, char *end)
{
	uint32_t addr, net, lo, hi;
	int pfx;

	start[0] = end[0] = '\0';
	if (ipv4_parse_cidr(address, &addr, &pfx) != IPV4_OK || pfx < 1 ||
	    pfx > 30)
		return;
	net = ipv4_network(addr, pfx);
	if (type == SWITCH_INTERNAL && pfx <= 24) {
		lo = net + 100;
		hi = net + 200;
	} else {
		lo = ipv4_first_host(addr, pfx) + 1;
		hi = ipv4_last_host(addr, pfx);
	}
	if (lo > hi || (addr >= lo && addr <= hi))
		return;
	ipv4_format(lo, start);
	ipv4_format(hi, end);
}
