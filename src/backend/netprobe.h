/*
 * netprobe.h - the probes that send on the wire: DHCP (a DHCPDISCOVER
 * from a throw-away, locally administered client MAC; every OFFER
 * collected; never a REQUEST), address in use (RFC 5227 ARP probes,
 * sender 0.0.0.0) and gateway (an ARP probe for it, then one ICMP
 * echo, only from an address found free: netprobe_opts.gw_ping).  Each
 * runs on one packet socket (AF_PACKET) bound to the target's interface
 * and never blocks: one descriptor for the caller's poll() and a
 * deadline.  It sends only on that interface.  Needs CAP_NET_RAW;
 * without it the probe FAILS with a sentence saying so.
 *
 * Typical use (backend/diag_run.c; the CLI through diag_run_wait):
 *
 *	p = netprobe_start(&target, NULL, &result);
 *	if (p) poll on netprobe_fd(p) for POLLIN with netprobe_timeout_ms(p),
 *	       then netprobe_process(p, &result) until it returns 1.
 */
#ifndef EDGENET_BACKEND_NETPROBE_H
#define EDGENET_BACKEND_NETPROBE_H

#include "core/probe.h"
#include "core/probe_plan.h"

struct netprobe_opts {
	int dhcp_wait_ms;	/* no OFFER: give up after this; 0: default */
	int dhcp_settle_ms;	/* after the first OFFER, wait this long for
				 * more servers; 0: default */
	int arp_wait_ms;	/* address and gateway ARP; 0: default */
	int ping_wait_ms;	/* the echo; 0: default */
	/* GATEWAY: PROBE_PING_ALLOWED only when the same NIC's address
	 * probe has just found the target's source (the planned address)
	 * free - nobody answered; then the echo goes from it and the
	 * gateway's ARP requests for it are answered.  Anything else (0:
	 * not checked) is the reason no echo is sent (probe_gateway's
	 * no_ping): the probe is an ARP probe and nothing more. */
	enum probe_no_ping gw_ping;
};

struct netprobe;

/* Starts probe T (kind PROBE_DHCP, PROBE_ADDR or PROBE_GATEWAY; O may be
 * NULL) and initialises R for it (RUNNING).  Returns the probe, or NULL
 * when it could not start: then R is FAILED with the reason in words (no
 * such interface, interface down, not permitted). */
struct netprobe *netprobe_start(const struct probe_target *t,
				const struct netprobe_opts *o,
				struct probe_result *r);
/* The descriptor to poll for POLLIN; the same for the probe's life. */
int netprobe_fd(const struct netprobe *p);
/* Milliseconds until netprobe_process must be called even if nothing
 * arrives (a resend or the deadline): >= 0. */
int netprobe_timeout_ms(const struct netprobe *p);
/* Reads what arrived, sends what is due, updates R.  Returns 1 when R is
 * final (DONE or FAILED), else 0. */
int netprobe_process(struct netprobe *p, struct probe_result *r);
/* Stops and frees (the socket is closed; promiscuous mode, when it was
 * asked for, ends with it).  NULL is fine. */
void netprobe_free(struct netprobe *p);

#endif
