/*
 * netprobe.c - the probes that send on the wire (see netprobe.h): DHCP,
 * address in use and gateway, each on one packet socket bound to the
 * target's interface, driven by the caller's poll() and a deadline.
 *
 * The socket: AF_PACKET, SOCK_RAW, opened with protocol 0 (it receives
 * nothing yet) and bound to the interface with ETH_P_ALL, so no frame of
 * another interface is ever queued on it; non-blocking.  Frames are not
 * filtered in the kernel: the parsers of core/dhcp_msg.c, arp_msg.c and
 * icmp_msg.c read every one and keep what answers us; our own outgoing
 * frames (PACKET_OUTGOING) are skipped.  A PACKET_MR_PROMISC membership
 * lets the answers to the throw-away MAC through a real NIC's filter and
 * up from a bridge (which passes up only frames to its own MAC otherwise:
 * tests/system/netprobe.sh probes through one); it ends when the socket is
 * closed.  The throw-away MAC is random from
 * getrandom, locally administered and unicast (02:xx:xx:xx:xx:xx with the
 * low two bits of the first byte 10); it is made per probe and forgotten.
 *
 * Timings (CLOCK_MONOTONIC microseconds; defaults when the options say 0):
 *  - DHCP: DISCOVERs at 0, 1 and 2 s until the first OFFER (one lost
 *    DISCOVER or OFFER does not cost the verdict; RFC 2131's 4 s +-1 s
 *    client back-off is for a booting client, not a technician waiting),
 *    then no more.  Without an OFFER the verdict comes at 4 s: dnsmasq
 *    (libvirt's, and many a plant router's) first pings the address it
 *    means to offer and answers a new client only when that ping times
 *    out, 3 s after the DISCOVER (3.0 s measured: tests/bench/bench_probe.sh);
 *    other servers answer in milliseconds.  After the first OFFER,
 *    other servers get 900 ms more (dhcp_settle_ms), and offers are
 *    collected for 3.5 s from the first DISCOVER at least: a fast server
 *    (a rogue one is often a small router answering at once) must not
 *    hide a dnsmasq that answers at 3 s.  So the verdict comes 0.9 s
 *    after a slow server's OFFER, 3.5 s after the start with fast ones
 *    only (the goal of a verdict 1 s after the OFFER is met for the slow
 *    kind, traded for the rogue check with the fast kind).  Never a
 *    REQUEST.
 *  - Address in use: three RFC 5227 ARP probes (sender 0.0.0.0: nobody
 *    learns anything from them) 250 ms apart, answers awaited 1 s from the
 *    first.  RFC 5227 (PROBE_NUM 3, PROBE_MIN 1 s, PROBE_MAX 2 s, after a
 *    random PROBE_WAIT up to 1 s) paces a host about to claim the address
 *    among many booting at once; a holder answers within milliseconds, and
 *    a technician waits for the verdict.  After the first answer, 200 ms
 *    more for a second holder (a duplicate), then the verdict.
 *  - Gateway: an ARP probe for the gateway (sender 0.0.0.0, as the
 *    address probe's: RFC 5227 hosts, Linux among them, answer it, and
 *    nobody learns anything from it) sent three times 250 ms apart, 1 s
 *    in all.  Then, only when the caller says the planned address was
 *    found free (netprobe_opts.gw_ping is PROBE_PING_ALLOWED: the same
 *    NIC's address probe ran just before and nobody answered), one ICMP
 *    echo from that address and the throw-away MAC to the gateway's MAC,
 *    awaited 1 s; since a gateway asks for the sender of an echo before
 *    it answers, the probe answers ARP requests for the planned address,
 *    only from the gateway's own address, with the throw-away MAC while
 *    it waits for the reply.  Both teach the gateway that the planned
 *    address is at the throw-away MAC until the VM itself speaks: done
 *    for an address someone holds (another device, or the VM itself on a
 *    re-apply), the gateway would send the holder's traffic to a MAC
 *    nobody has.  So without that word no echo is sent and no ARP is
 *    answered, and the result says why (probe_gateway's no_ping).
 *
 * May touch: one packet socket on the target's interface (and its
 * promiscuous mode while open); sends only there.
 */
#include <errno.h>
#include <stdarg.h>
#include <net/if.h>
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "backend/netprobe.h"
#include "core/arp_msg.h"
#include "core/dhcp_msg.h"
#include "core/icmp_msg.h"
#include "core/ipv4.h"
#include "core/mac.h"
#include "core/str.h"
#include "core/clock.h"

#define NP_DHCP_WAIT_MS 4000
#define NP_DHCP_SETTLE_MS 900
#define NP_DHCP_LISTEN_MS 3500	/* offers are collected this long at least */
#define NP_DHCP_RESEND_MS 1000
#define NP_DHCP_SENDS 3
#define NP_ARP_WAIT_MS 1000
#define NP_ARP_RESEND_MS 250
#define NP_ARP_SENDS 3
#define NP_ARP_SETTLE_MS 200
#define NP_PING_WAIT_MS 1000
#define NP_MAX_SERVERS 32	/* server keys remembered for counting */

enum np_phase { NP_ARP, NP_PING, NP_DONE };

struct netprobe {
	int fd;
	enum probe_kind kind;
	enum np_phase phase;
	int ifindex;
	uint8_t mac[6];
	struct netprobe_opts o;
	long long t0;			/* start */
	long long deadline;		/* verdict, unless something comes */
	long long next_send;		/* 0: nothing more to send */
	int sends_left;
	/* DHCP */
	uint32_t xid;
	long long first_send;
	bool offered;
	char servers[NP_MAX_SERVERS][PROBE_MAC_MAX];	/* id or MAC */
	size_t nkeys;
	/* ADDR, GATEWAY (network byte order) */
	uint32_t target, source;	/* source: only when the echo may go */
	uint8_t gw_mac[6];
	uint16_t icmp_id;
	long long ping_sent;
};

static void np_fail(struct probe_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void np_fail(struct probe_result *r, const char *fmt, ...)
{
	va_list ap;

	r->status = PROBE_FAILED;
	va_start(ap, fmt);
	vsnprintf(r->why, sizeof(r->why), fmt, ap);
	va_end(ap);
}

/* An IPv4 address in network byte order from TEXT; "" and "0.0.0.0" are
 * 0 (none).  Returns -1 when TEXT is not one. */
static int np_addr(const char *text, uint32_t *out)
{
	uint32_t a;

	*out = 0;
	if (!text[0])
		return 0;
	if (ipv4_parse(text, &a) != IPV4_OK)
		return -1;
	*out = htonl(a);
	return 0;
}

static bool np_is_bridge(const char *ifname)
{
	char path[64];

	snprintf(path, sizeof(path), "/sys/class/net/%s/bridge", ifname);
	return access(path, F_OK) == 0;
}

/* Opens and binds the socket, checks the interface.  Returns 0, or -1
 * with R FAILED. */
static int np_open(struct netprobe *p, const char *ifname,
		   struct probe_result *r)
{
	struct sockaddr_ll sll;
	struct packet_mreq mr;
	struct ifreq ifr;

	if (!ifname[0] || strlen(ifname) >= IFNAMSIZ) {
		np_fail(r, "No interface to send on was given.");
		return -1;
	}
	p->fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (p->fd < 0) {
		if (errno == EPERM || errno == EACCES)
			np_fail(r, "Not permitted to send raw frames (this "
				"needs root or CAP_NET_RAW): run edgenet as "
				"root.");
		else
			np_fail(r, "Cannot open a packet socket: %s.",
				strerror(errno));
		return -1;
	}
	p->ifindex = (int)if_nametoindex(ifname);
	if (p->ifindex == 0) {
		np_fail(r, "There is no interface %s on this machine: check "
			"the switch's uplink.", ifname);
		return -1;
	}
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, ifname, strlen(ifname) + 1);
	if (ioctl(p->fd, SIOCGIFFLAGS, &ifr) < 0) {
		np_fail(r, "Cannot read the state of %s: %s.", ifname,
			strerror(errno));
		return -1;
	}
	if (!(ifr.ifr_flags & IFF_UP)) {
		np_fail(r, "%s is down: bring it up (ip link set %s up) and "
			"run the probe again.", ifname, ifname);
		return -1;
	}
	/* an empty bridge has no carrier and is still where to probe */
	if (!(ifr.ifr_flags & IFF_RUNNING) && !np_is_bridge(ifname)) {
		np_fail(r, "%s has no link (no carrier): check its cable and "
			"the port it is plugged into.", ifname);
		return -1;
	}
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = p->ifindex;
	if (bind(p->fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		np_fail(r, "Cannot listen on %s: %s.", ifname, strerror(errno));
		return -1;
	}
	memset(&mr, 0, sizeof(mr));
	mr.mr_ifindex = p->ifindex;
	mr.mr_type = PACKET_MR_PROMISC;
	if (setsockopt(p->fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr,
		       sizeof(mr)) < 0) {
		np_fail(r, "Cannot receive frames for other addresses on "
			"%s: %s.", ifname, strerror(errno));
		return -1;
	}
	return 0;
}

static int np_send(struct netprobe *p, const uint8_t *frame, int len,
		   struct probe_result *r)
{
	struct sockaddr_ll sll;
	ssize_t n;

	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = p->ifindex;
	sll.sll_halen = 6;
	memcpy(sll.sll_addr, frame, 6);
	do
		n = sendto(p->fd, frame, (size_t)len, 0,
			   (struct sockaddr *)&sll, sizeof(sll));
	while (n < 0 && errno == EINTR);
	if (n < 0 && errno != EAGAIN && errno != ENOBUFS) {
		/* (a full queue loses one frame: the resends cover it) */
		np_fail(r, "Sending on %s failed: %s.", r->ifname,
			strerror(errno));
		return -1;
	}
	return 0;
}

/* Sends what is due at NOW.  Returns -1 when sending failed (R FAILED). */
static int np_send_due(struct netprobe *p, long long now,
		       struct probe_result *r)
{
	uint8_t f[DHCP_FRAME_MAX];
	int len;

	if (!p->next_send || now < p->next_send || p->sends_left <= 0)
		return 0;
	if (p->kind == PROBE_DHCP) {
		len = dhcp_build_discover(f, sizeof(f), p->mac, p->xid);
		if (!p->first_send)
			p->first_send = now;
		p->next_send = now + 1000LL * NP_DHCP_RESEND_MS;
	} else {
		/* an ARP probe (sender 0.0.0.0) for the address and the
		 * gateway alike: it takes nothing over */
		len = arp_build_request(f, sizeof(f), p->mac, 0, p->target);
		if (!p->first_send)
			p->first_send = now;
		p->next_send = now + 1000LL * NP_ARP_RESEND_MS;
	}
	if (--p->sends_left <= 0)
		p->next_send = 0;
	return len < 0 ? 0 : np_send(p, f, len, r);
}

static void np_format_mac(const uint8_t b[6], char *out)
{
	struct mac m;

	memcpy(m.b, b, 6);
	mac_format(&m, out);
}

/* A frame on a DHCP probe: an OFFER for us is kept (the first of each
 * server), its server counted. */
static void np_dhcp_frame(struct netprobe *p, const uint8_t *f, size_t len,
			  long long now, struct probe_result *r)
{
	struct probe_dhcp *d = &r->dhcp;
	struct dhcp_offer o;
	const char *key;
	size_t i;

	if (dhcp_parse_offer(f, len, p->xid, p->mac, &o) != 0)
		return;
	o.latency_us = now - p->first_send;
	key = o.server_id[0] ? o.server_id : o.server_mac;
	for (i = 0; i < p->nkeys; i++)
		if (strcmp(p->servers[i], key) == 0)
			return;		/* the same server again (a resend) */
	/* (past NP_MAX_SERVERS keys, each server is counted as new) */
	if (p->nkeys < NP_MAX_SERVERS)
		str_copy(p->servers[p->nkeys++], PROBE_MAC_MAX, key);
	d->nservers++;
	if (d->noffers < PROBE_MAX_OFFERS)
		d->offers[d->noffers++] = o;
	else
		d->more = true;
	if (!p->offered) {
		int listen = p->o.dhcp_wait_ms < NP_DHCP_LISTEN_MS ?
			     p->o.dhcp_wait_ms : NP_DHCP_LISTEN_MS;
		long long floor = p->t0 + 1000LL * listen;

		p->offered = true;
		p->next_send = 0;	/* every server has the DISCOVER now */
		p->deadline = now + 1000LL * p->o.dhcp_settle_ms;
		if (p->deadline < floor)
			p->deadline = floor;	/* a slower server too */
	}
}

/* A frame on an address-in-use probe: an ARP from the holder. */
static void np_addr_frame(struct netprobe *p, const uint8_t *f, size_t len,
			  long long now, struct probe_result *r)
{
	struct probe_addr *a = &r->addr;
	uint8_t who[6];
	char text[PROBE_MAC_MAX];
	size_t i;

	if (arp_parse_answer(f, len, p->target, p->mac, who) != 0)
		return;
	np_format_mac(who, text);
	for (i = 0; i < a->nmacs; i++)
		if (strcmp(a->macs[i], text) == 0)
			return;
	if (!a->answered) {
		a->answered = true;
		a->rtt_us = now - p->first_send;
		p->next_send = 0;
		if (p->deadline > now + 1000LL * NP_ARP_SETTLE_MS)
			p->deadline = now + 1000LL * NP_ARP_SETTLE_MS;
	}
	if (a->nmacs < PROBE_MAX_MACS)
		str_copy(a->macs[a->nmacs++], PROBE_MAC_MAX, text);
}

/* A frame on a gateway probe: its ARP answer, its echo reply, or, while
 * the echo waits, its ARP request for the planned address (answered;
 * p->source is set only when the echo may go). */
static int np_gw_frame(struct netprobe *p, const uint8_t *f, size_t len,
		       long long now, struct probe_result *r)
{
	struct probe_gateway *g = &r->gw;
	uint8_t who[6], out[ICMP_ECHO_FRAME_LEN];
	uint32_t asker;
	int n;

	if (p->phase == NP_PING && p->source &&
	    arp_parse_request_for(f, len, p->source, p->mac, who,
				  &asker) == 0) {
		if (asker != p->target)
			return 0;	/* only the gateway is answered */
		n = arp_build_reply(out, sizeof(out), p->mac, p->source, who,
				    asker);
		return n < 0 ? 0 : np_send(p, out, n, r);
	}
	if (p->phase == NP_ARP &&
	    arp_parse_answer(f, len, p->target, p->mac, who) == 0) {
		g->arp_answered = true;
		g->arp_rtt_us = now - p->first_send;
		memcpy(p->gw_mac, who, 6);
		np_format_mac(who, g->mac);
		p->next_send = 0;
		if (!p->source) {
			p->phase = NP_DONE;	/* no address to ping from that
						 * is known to be free */
			return 0;
		}
		n = icmp_build_echo(out, sizeof(out), p->mac, p->gw_mac,
				    p->source, p->target, p->icmp_id, 1);
		if (n < 0)
			return 0;
		p->phase = NP_PING;
		p->ping_sent = now;
		p->deadline = now + 1000LL * p->o.ping_wait_ms;
		g->ping_sent = true;
		return np_send(p, out, n, r);
	}
	if (p->phase == NP_PING &&
	    icmp_parse_echo_reply(f, len, p->target, p->source, p->icmp_id,
				  1) == 0) {
		g->ping_answered = true;
		g->ping_rtt_us = now - p->ping_sent;
		p->phase = NP_DONE;
	}
	return 0;
}

static void np_defaults(struct netprobe_opts *o, const struct netprobe_opts *in)
{
	memset(o, 0, sizeof(*o));
	if (in)
		*o = *in;
	if (o->dhcp_wait_ms <= 0)
		o->dhcp_wait_ms = NP_DHCP_WAIT_MS;
	if (o->dhcp_settle_ms <= 0)
		o->dhcp_settle_ms = NP_DHCP_SETTLE_MS;
	if (o->arp_wait_ms <= 0)
		o->arp_wait_ms = NP_ARP_WAIT_MS;
	if (o->ping_wait_ms <= 0)
		o->ping_wait_ms = NP_PING_WAIT_MS;
}

struct netprobe *netprobe_start(const struct probe_target *t,
				const struct netprobe_opts *o,
				struct probe_result *r)
{
	struct netprobe *p;
	uint8_t rnd[12];

	probe_result_init(r, t->kind);
	str_copy(r->ifname, sizeof(r->ifname), t->ifname);
	r->status = PROBE_RUNNING;
	if (t->kind != PROBE_DHCP && t->kind != PROBE_ADDR &&
	    t->kind != PROBE_GATEWAY) {
		np_fail(r, "This probe does not send on the wire.");
		return NULL;
	}
	p = calloc(1, sizeof(*p));
	if (!p) {
		np_fail(r, "Out of memory.");
		return NULL;
	}
	p->fd = -1;
	p->kind = t->kind;
	p->phase = NP_ARP;
	np_defaults(&p->o, o);
	if (t->kind == PROBE_ADDR) {
		/* (an address longer than IPv4's is refused below) */
		snprintf(r->addr.target, sizeof(r->addr.target), "%.*s",
			 (int)sizeof(r->addr.target) - 1, t->target);
		r->addr.wait_ms = p->o.arp_wait_ms;
	} else if (t->kind == PROBE_GATEWAY) {
		snprintf(r->gw.gateway, sizeof(r->gw.gateway), "%.*s",
			 (int)sizeof(r->gw.gateway) - 1, t->target);
		snprintf(r->gw.source, sizeof(r->gw.source), "%.*s",
			 (int)sizeof(r->gw.source) - 1,
			 t->source[0] ? t->source : "0.0.0.0");
		r->gw.no_ping = t->source[0] ? p->o.gw_ping :
				PROBE_NO_PING_NO_ADDRESS;
		r->gw.wait_ms = p->o.arp_wait_ms;
	}
	if (t->kind != PROBE_DHCP &&
	    (np_addr(t->target, &p->target) < 0 || !p->target)) {
		np_fail(r, "%s is not an IPv4 address to probe for: check "
			"the plan's address.", t->target);
		goto fail;
	}
	if (t->kind == PROBE_GATEWAY && np_addr(t->source, &p->source) < 0) {
		np_fail(r, "%s is not an IPv4 address to send from: check "
			"the plan's address.", t->source);
		goto fail;
	}
	if (t->kind == PROBE_GATEWAY && !p->source)
		r->gw.no_ping = PROBE_NO_PING_NO_ADDRESS;
	if (r->gw.no_ping != PROBE_PING_ALLOWED)
		p->source = 0;	/* not known to be free: no echo from it */
	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd)) {
		np_fail(r, "No random numbers for a throw-away MAC: %s.",
			strerror(errno));
		goto fail;
	}
	memcpy(p->mac, rnd, 6);
	p->mac[0] = (uint8_t)((p->mac[0] & 0xfc) | 0x02);	/* local, unicast */
	memcpy(&p->xid, rnd + 6, 4);
	p->icmp_id = (uint16_t)(rnd[10] << 8 | rnd[11]);
	if (np_open(p, t->ifname, r) < 0)
		goto fail;

	p->t0 = clock_now_us();
	p->next_send = p->t0;
	if (t->kind == PROBE_DHCP) {
		np_format_mac(p->mac, r->dhcp.client_mac);
		p->sends_left = NP_DHCP_SENDS;
		p->deadline = p->t0 + 1000LL * p->o.dhcp_wait_ms;
	} else {
		p->sends_left = NP_ARP_SENDS;
		p->deadline = p->t0 + 1000LL * p->o.arp_wait_ms;
	}
	if (np_send_due(p, p->t0, r) < 0)
		goto fail;
	return p;
fail:
	r->elapsed_ms = 0;
	netprobe_free(p);
	return NULL;
}

int netprobe_fd(const struct netprobe *p)
{
	return p ? p->fd : -1;
}

int netprobe_timeout_ms(const struct netprobe *p)
{
	long long now = clock_now_us(), next = p->deadline;

	if (p->phase == NP_DONE)
		return 0;
	if (p->next_send && p->next_send < next)
		next = p->next_send;
	if (next <= now)
		return 0;
	return (int)((next - now + 999) / 1000);
}

static int np_finish(struct netprobe *p, struct probe_result *r,
		     long long now)
{
	if (r->status != PROBE_FAILED)
		r->status = PROBE_DONE;
	r->elapsed_ms = (now - p->t0) / 1000;
	if (p->kind == PROBE_DHCP)
		r->dhcp.wait_ms = (int)r->elapsed_ms;
	else if (p->kind == PROBE_ADDR)
		r->addr.wait_ms = (int)r->elapsed_ms;
	else
		r->gw.wait_ms = (int)r->elapsed_ms;
	p->phase = NP_DONE;
	return 1;
}

int netprobe_process(struct netprobe *p, struct probe_result *r)
{
	uint8_t f[2048];
	long long now;

	if (r->status == PROBE_DONE || r->status == PROBE_FAILED)
		return 1;
	for (;;) {
		struct sockaddr_ll from;
		socklen_t flen = sizeof(from);
		ssize_t n = recvfrom(p->fd, f, sizeof(f), 0,
				     (struct sockaddr *)&from, &flen);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			np_fail(r, "Receiving on %s failed: %s.", r->ifname,
				strerror(errno));
			return np_finish(p, r, clock_now_us());
		}
		if (from.sll_pkttype == PACKET_OUTGOING)
			continue;	/* our own frames, looped back */
		now = clock_now_us();
		if (p->kind == PROBE_DHCP)
			np_dhcp_frame(p, f, (size_t)n, now, r);
		else if (p->kind == PROBE_ADDR)
			np_addr_frame(p, f, (size_t)n, now, r);
		else if (np_gw_frame(p, f, (size_t)n, now, r) < 0)
			return np_finish(p, r, now);
		if (p->phase == NP_DONE)
			return np_finish(p, r, now);
	}
	now = clock_now_us();
	if (now >= p->deadline)
		return np_finish(p, r, now);
	if (np_send_due(p, now, r) < 0)
		return np_finish(p, r, now);
	return 0;
}

void netprobe_free(struct netprobe *p)
{
	if (!p)
		return;
	if (p->fd >= 0)
		close(p->fd);
	free(p);
}
