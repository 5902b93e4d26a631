/*
 * probe_plan.h - which probes a NIC of a plan gets, where each is sent,
 * and which plan field its verdict belongs to.  Pure C: it reads the plan
 * and the host facts (core/hostcheck.h) and decides; the backends run
 * what it decides (backend/diag_run.h).
 *
 * Where probes are sent (the wire probes - DHCP, ADDR, GATEWAY - only
 * ever on the network of the NIC's switch; DNS is not, see below):
 *   external switch  bridge mode, when the host facts show the plan's
 *                    bridge existing and holding the uplink (the
 *                    uplink's host_nic.master): the bridge.  A frame sent
 *                    from a packet socket on a bridge port goes straight
 *                    to the wire, so the bridge's other ports (the VMs)
 *                    and the host's own stack never see it: an address
 *                    held by a VM or the host on the bridge would read
 *                    as free.  Sent on the bridge, it reaches the plant
 *                    through the uplink and the VMs and the host too.
 *                    Otherwise (macvtap mode, the bridge not made yet,
 *                    the uplink in no bridge or the NICs not known) the
 *                    uplink NIC itself: a packet socket on it reaches
 *                    the plant network.  PORT always reads the uplink;
 *   default/internal libvirt's bridge of that network (ARP only: the
 *                    address-in-use probe reaches the other VMs there);
 *                    DHCP is libvirt's own dnsmasq (PROBE_LIBVIRT_DHCP,
 *                    read, not sent) and the gateway is the host's own
 *                    address on the bridge (judged from the facts: the
 *                    GATEWAY target is listed SKIPPED, nothing sent,
 *                    its why_not the finding - the gateway is the
 *                    host's address there, or is not).
 *   DNS              not bound to the switch's interface: the servers
 *                    are queried from this machine through its own
 *                    routes, so a result says whether this host reaches
 *                    the server, not whether the VM will.
 *
 * On demand, a NIC gets every probe that applies: PORT (external), DHCP
 * (DHCP mode, external) or LIBVIRT_DHCP (DHCP mode, default/internal),
 * ADDR and GATEWAY (static mode), and one DNS per DNS server of the NIC.
 * As a preflight (review, `edgenet apply`) only PORT (read, nothing is
 * sent: a missing cable is a warning), DHCP (DHCP mode on an external
 * switch), ADDR and GATEWAY (static mode) run.  When the host facts show
 * the uplink without a link, the probes that send are SKIPPED saying so
 * (a silent plant would read as "free").
 *
 * A probe that cannot run from here is still listed, with status SKIPPED
 * and a reason (the host is remote: "only on the host itself"; the
 * switch's bridge does not exist yet; the NIC's values do not validate),
 * so every screen shows the same list.  Callers decide "elsewhere" with
 * host_uri_is_local and host_uri_is_simulated (core/host.h) on the URI
 * libvirt reports once connected (virConnectGetURI: an alias from
 * libvirt.conf's uri_aliases, "plant2", is resolved there, and may name
 * another machine or the test driver), the URI given only when not
 * connected: the test driver's host is simulated even though its URI is
 * local.
 */
#ifndef EDGENET_PROBE_PLAN_H
#define EDGENET_PROBE_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "hostcheck.h"
#include "plan.h"
#include "probe.h"
#include "state.h"

/* The most probes one NIC can get: PORT, DHCP or LIBVIRT_DHCP, ADDR,
 * GATEWAY and one DNS per server. */
#define PROBE_PLAN_MAX_PER_NIC (4 + PLAN_MAX_DNS)
#define PROBE_PLAN_MAX (PLAN_MAX_NICS * PROBE_PLAN_MAX_PER_NIC)

struct probe_target {
	size_t nic;			/* index of the NIC in the plan */
	enum probe_kind kind;
	char ifname[PROBE_IFNAME_MAX];	/* where to send or what to read; ""
					 * for LIBVIRT_DHCP and DNS */
	char target[DNSVIEW_ADDR_MAX];	/* ADDR: the planned address;
					 * GATEWAY: the gateway; DNS: the
					 * server (IPv6 too: an IPv4 target
					 * fits PROBE_IP_MAX) */
	char source[PROBE_IP_MAX];	/* GATEWAY: the planned address, the
					 * sender of the ARP and the echo */
	char network[PLAN_NAME_MAX];	/* the switch (libvirt network) */
	char path[DIAG_PATH_MAX];	/* plan field the verdict belongs to:
					 * "nics[1].ip.address" */
	bool skip;			/* cannot run from here: why_not says */
	char why_not[PROBE_WHY_MAX];
	/* ADDR: the NIC's own MAC (the plan's; probe_plan_own_macs adds
	 * the stored one), "" unknown.  An address that answers from this
	 * MAC alone is the VM holding its address already (a re-apply), not
	 * a conflict. */
	char own_mac[PROBE_MAC_MAX];
};

enum probe_plan_mode {
	PROBE_PLAN_ON_DEMAND,		/* everything that applies */
	PROBE_PLAN_PREFLIGHT,		/* what a review and apply run first */
};

struct probe_plan_opts {
	enum probe_plan_mode mode;
	/* NULL: the libvirt host is this machine.  Else the sentence that
	 * says why it is not - a remote host ("...only on the host
	 * itself"), the demo host ("simulated: nothing is sent") - and
	 * every probe is SKIPPED with it: nothing is sent or read here
	 * for a host that is not this one. */
	const char *elsewhere;
};

/* Appends to OUT (room for MAX) the probes of NIC number NIC of P; H may
 * have NULL members (then what needs them is skipped with a reason).
 * Returns how many were appended. */
size_t probe_plan_nic(const struct plan *p, size_t nic,
		      const struct host_facts *h,
		      const struct probe_plan_opts *o,
		      struct probe_target *out, size_t max);
/* Decides probe_plan_opts.elsewhere: NULL when the libvirt host is this
 * machine, else the sentence (in BUF) saying why nothing is sent.
 * REPORTED is the URI libvirt reports once connected (an alias of
 * libvirt.conf's uri_aliases resolved), NULL or "" before a connection;
 * GIVEN the URI as given (NULL: the default, qemu:///system).  The host
 * is simulated (the test driver; DEMO: it is the bundled demo host, so
 * named), another machine, or - a name without "://" that libvirt has
 * not resolved - unknown: each is said so and nothing is sent. */
const char *probe_plan_elsewhere(const char *given, const char *reported,
				 bool demo, char *buf, size_t len);
/* Gives each ADDR target of T[0..N) without an own_mac the MAC the
 * state directory keeps for its NIC (ST may be NULL: nothing to add). */
void probe_plan_own_macs(const struct plan *p, const struct state *st,
			 struct probe_target *t, size_t n);
/* The same for every NIC of P, in plan order. */
size_t probe_plan_all(const struct plan *p, const struct host_facts *h,
		      const struct probe_plan_opts *o,
		      struct probe_target *out, size_t max);

#endif
