/*
 * xmlgen.h - the libvirt XML edgenet writes: network definitions for each
 * switch type, the domain's <interface> elements with their MACs, and
 * DHCP host entries.
 *
 * XML is only ever built from a plan that validated without errors
 * (xmlgen_init refuses any other), from values that are checked again
 * here (names, addresses, MACs), and every value is escaped.  Nothing is
 * pasted together from unchecked text.  Pure C: builds strings, touches
 * nothing else.
 *
 *   default   <forward mode='nat'/>, <ip> with the host address, <dhcp>
 *   internal  isolated (no <forward>) or NAT, <ip>, optional <dhcp>
 *   external  bridge:  <forward mode='bridge'/><bridge name='br0'/>
 *             macvtap: <forward mode='bridge'><interface dev='enp2s0'/>
 */
#ifndef EDGENET_XMLGEN_H
#define EDGENET_XMLGEN_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "ipv4.h"
#include "mac.h"
#include "plan.h"
#include "policy.h"

/* A DHCP host entry: this MAC always gets this address. */
struct xmlgen_host {
	char mac[MAC_STRLEN];
	char ip[IPV4_STRLEN];
};

/* A plan that passed validation, with the MAC each NIC will have. */
struct xmlgen {
	const struct plan *p;
	struct mac macs[PLAN_MAX_NICS];
	bool ready;
};

/* Validates P against POL (plan_validate); on any error the diagnostics
 * go to OUT (may be NULL) and -1 is returned: no XML can be built.  MACS
 * holds the MAC of each NIC, in the order of P->nics (the plan's own or
 * the one kept in the state directory); each must be unicast and not
 * all-zero.  G keeps a pointer to P: P must outlive G and not change. */
int xmlgen_init(struct xmlgen *g, const struct plan *p,
		const struct policy *pol, const struct mac *macs,
		struct diag_list *out);

/* The DHCP host entries the plan wants on switch SW: one per NIC with a
 * static address on that switch when libvirt serves DHCP there.  Writes
 * at most MAX into OUT, returns how many. */
size_t xmlgen_plan_hosts(const struct xmlgen *g, size_t sw,
			 struct xmlgen_host *out, size_t max);

/* What an existing network keeps when it is redefined (all optional). */
struct xmlgen_keep {
	const char *uuid;	/* its UUID: redefine in place */
	const char *bridge;	/* default/internal: its bridge name */
	const char *mac;	/* default/internal: its bridge's MAC */
	const struct xmlgen_host *hosts;	/* other machines' entries */
	size_t nhosts;
};

/* The <network> definition of switch SW (malloc'd), with the plan's DHCP
 * host entries plus those in KEEP (NULL for a new network: libvirt picks
 * UUID, bridge virbrN and MAC).  NULL with a message in ERR when G is not
 * ready or a value is bad. */
char *xmlgen_network(const struct xmlgen *g, size_t sw,
		     const struct xmlgen_keep *keep, char *err, size_t errlen);

/* The <interface> element of NIC (malloc'd): type='network', its MAC,
 * its switch as source network, MODEL (NULL: virtio).  INDENT prefixes
 * every line but the first (NULL: none).  ADDRESS, when not NULL, is an
 * existing <address .../> element kept verbatim so that the NIC stays in
 * the same PCI slot (the guest names NICs by slot). */
char *xmlgen_interface(const struct xmlgen *g, size_t nic, const char *model,
		       const char *indent, const char *address, char *err,
		       size_t errlen);

/* "<host mac='..' ip='..'/>" for virNetworkUpdate; NULL when MAC or IP
 * does not parse. */
char *xmlgen_dhcp_host(const char *mac, const char *ip);

#endif
