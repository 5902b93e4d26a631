/*
 * hostcheck.h - the plan against what the host already has: checks that
 * need host facts (core/host.h), which plan_validate, working on the plan
 * alone, cannot make.  The console runs them with plan_validate on every
 * change; `edgenet apply` runs them before it changes anything.  Pure C.
 */
#ifndef EDGENET_HOSTCHECK_H
#define EDGENET_HOSTCHECK_H

#include "diag.h"
#include "host.h"
#include "plan.h"

/* What is known about the host; a NULL member is not known, and the
 * checks that need it are skipped. */
struct host_facts {
	const struct host_net_list *nets;	/* its libvirt networks */
	const struct host_domain_list *domains;	/* its defined VMs */
	const struct host_nic_list *nics;	/* its interfaces, with their
						 * addresses when addrs_known */
};

/* Appends to OUT one diagnostic per problem between P and the host:
 *   vm                   the VM is not defined on the host (error, with
 *                        the defined VMs listed);
 *   switches[N].address  a default or internal switch whose subnet
 *                        overlaps a libvirt network of the host that the
 *                        plan does not name (error when that network is
 *                        running, warning when it is only defined);
 *                        else, one whose subnet holds, or lies inside, an
 *                        address of a host interface (error: the host
 *                        would have two routes to that subnet and cut the
 *                        network behind the interface).  The bridges of
 *                        the host's routed libvirt networks are left to
 *                        the check above (a reused network's bridge has
 *                        its address; an external network's bridge holds
 *                        a plant address and counts), so this one needs
 *                        both nets and nics;
 *                        loopback addresses are not counted.
 *   switches[N].uplink   an external switch in bridge mode whose bridge
 *                        already holds a host NIC other than its uplink
 *                        (error: the uplink would be a second port on the
 *                        plant bridge, joining two networks), or whose
 *                        uplink is a port of another bridge (error: a
 *                        NIC can be in one bridge only); needs nics.
 *   nics[N].ip.address   a static NIC whose address is an address of one
 *                        of the host's interfaces (any switch type; not
 *                        loopback; needs nics with addrs_known): error
 *                        naming the interface.  The planned host address
 *                        of a routed switch is plan_validate's (one
 *                        message per mistake), and the bridge of a routed
 *                        host network the plan names is left out (apply
 *                        gives it the plan's address).
 * External switches are bridged onto the plant network, not routed by the
 * host: the address checks do not concern them.
 * A plan switch named like a host network *is* that network (reused or
 * updated by apply): it never overlaps it.  Values plan_validate rejects
 * (a mistyped address, a bad name) are skipped here. */
void host_check_plan(const struct plan *p, const struct host_facts *h,
		     struct diag_list *out);

/* The nics[N].ip.address check of host_check_plan alone: what `edgenet
 * diag` must know before it probes (an ARP probe never reaches the
 * host's own stack, so the host's own address would read as free). */
void host_check_nic_addrs(const struct plan *p, const struct host_facts *h,
			  struct diag_list *out);

/* Is host NIC H a port of the Linux bridge BRIDGE: enslaved to it, and a
 * NIC (not a VM's vnet/tap/macvtap, not a bridge, not Wi-Fi)?  Such a NIC
 * is the uplink of an external switch on that bridge. */
bool host_bridge_port(const struct host_nic *h, const char *bridge);

#endif
