/*
 * probe.c - the plain results of the network diagnostics (see probe.h):
 * a result cleared for its kind, and the names of kinds and statuses
 * (JSON, the command line, the screens' titles).
 *
 * Pure C: writes only the struct it is given; no I/O, no globals.
 */
#include <string.h>

#include "core/probe.h"

void probe_result_init(struct probe_result *r, enum probe_kind kind)
{
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->status = PROBE_IDLE;
	r->elapsed_ms = -1;

	r->port.speed_mbps = -1;
	r->port.duplex = -1;

	r->addr.rtt_us = -1;
	r->addr.wait_ms = -1;

	r->gw.arp_rtt_us = -1;
	r->gw.ping_rtt_us = -1;
	r->gw.wait_ms = -1;

	r->dhcp.wait_ms = -1;
	for (size_t i = 0; i < PROBE_MAX_OFFERS; i++) {
		r->dhcp.offers[i].prefix = -1;
		r->dhcp.offers[i].lease_s = -1;
		r->dhcp.offers[i].latency_us = -1;
	}

	r->lvdhcp.dnsmasq_pid = 0;	/* 0 is "unknown" for a pid */

	r->dns.probe.state = DNSVIEW_PROBE_NONE;
	r->dns.probe.rtt_us = -1;
	r->dns.probe.rcode = -1;
	r->dns.probe.answers = -1;
}

const char *probe_kind_name(enum probe_kind k)
{
	switch (k) {
	case PROBE_PORT:
		return "port";
	case PROBE_DHCP:
		return "dhcp";
	case PROBE_LIBVIRT_DHCP:
		return "libvirt-dhcp";
	case PROBE_ADDR:
		return "address";
	case PROBE_GATEWAY:
		return "gateway";
	case PROBE_DNS:
		return "dns";
	case PROBE_NONE:
	case PROBE_KIND_COUNT:
		break;
	}
	return NULL;
}

const char *probe_kind_title(enum probe_kind k)
{
	switch (k) {
	case PROBE_PORT:
		return "Uplink port";
	case PROBE_DHCP:
		return "DHCP server";
	case PROBE_LIBVIRT_DHCP:
		return "libvirt DHCP";
	case PROBE_ADDR:
		return "Address check";
	case PROBE_GATEWAY:
		return "Gateway";
	case PROBE_DNS:
		return "DNS server";
	case PROBE_NONE:
	case PROBE_KIND_COUNT:
		break;
	}
	return NULL;
}

const char *probe_status_name(enum probe_status s)
{
	switch (s) {
	case PROBE_IDLE:
		return "idle";
	case PROBE_RUNNING:
		return "running";
	case PROBE_DONE:
		return "done";
	case PROBE_FAILED:
		return "failed";
	case PROBE_SKIPPED:
		return "skipped";
	}
	return "unknown";
}
