/*
 * readback.h - the current deployment read back from libvirt as a plan,
 * so that the wizard can open what is there and change it (the gateway,
 * a switch's type, the primary NIC: what EFLOW users reinstall for).
 *
 * From the VM's persistent definition: each <interface> becomes a NIC in
 * the same order (named eth0, eth1, ... as the guest sees them in slot
 * order), with its MAC; the first is primary.  Each libvirt network a NIC
 * uses becomes a switch: its type from the forward mode (virt.h's
 * mapping), the host address and prefix, the DHCP range.  A NIC with a
 * DHCP host entry on its network becomes static with that address (the
 * network's address as gateway), other NICs DHCP.  What libvirt cannot
 * tell (DNS, route metrics, the uplink behind a bridge when LINKS is not
 * given) is left unset and said in NOTES.  Reads only.
 */
#ifndef EDGENET_BACKEND_READBACK_H
#define EDGENET_BACKEND_READBACK_H

#include <stdbool.h>
#include <stddef.h>

#include "backend/virt.h"
#include "core/diag.h"
#include "core/host.h"
#include "core/plan.h"

/* What a plan has no field for, per NIC (same index as plan.nics). */
struct readback_nic {
	char type[16];		/* libvirt interface type */
	char model[32];		/* "virtio", "e1000", "" */
	char source[PLAN_NAME_MAX];	/* network, bridge or device */
};

struct readback {
	struct plan plan;
	struct readback_nic nics[PLAN_MAX_NICS];
	bool running;		/* the VM runs */
};

/* Reads DOMAIN on C into OUT.  PROFILE goes into the plan as is (the
 * caller's; PROFILE_UNSET leaves it to the wizard).  LINKS (may be NULL)
 * names the bridge ports, to find a bridge's uplink.  Remarks for the
 * technician go to NOTES as warnings with the field they concern.
 * 0, or -1 with a message in ERR (no such VM, unreadable XML). */
int readback_deployment(struct virt_conn *c, const char *domain,
			enum host_profile profile,
			const struct host_nic_list *links,
			struct readback *out, struct diag_list *notes,
			char *err, size_t errlen);

#endif
