/*
 * virt_links.h - a libvirt host's network interfaces from its interface
 * definitions (virConnectListAllInterfaces, virInterfaceGetXMLDesc): the
 * host_link_ops of core/host.h for a simulated host (libvirt's test
 * driver, the demo), whose NICs are those of its node file and not this
 * machine's.  Read-only.
 */
#ifndef EDGENET_BACKEND_VIRT_LINKS_H
#define EDGENET_BACKEND_VIRT_LINKS_H

#include <stdbool.h>
#include <stddef.h>

#include "backend/virt.h"
#include "core/host.h"

/* Fills OPS (list_nics, ctx) from the open connection C, which must
 * outlive OPS.  SOURCE says in words where the list comes from (for the
 * screens).  Returns 0, or -1 with a message in ERR and OPS cleared. */
int virt_links_open(struct virt_conn *c, const char *source,
		    struct host_link_ops *ops, char *err, size_t errlen);

/* Frees what virt_links_open made and clears OPS.  Safe on a cleared
 * OPS. */
void virt_links_close(struct host_link_ops *ops);

/* One interface definition XML (as virInterfaceGetXMLDesc gives it)
 * into OUT: the interface itself and the ones under its <bridge> or
 * <bond> (their master).  ACTIVE: libvirt says it is active.  Carrier
 * and speed come from <link state= speed=>, Wi-Fi from the name (the
 * XML has no Wi-Fi type; "wl..." is the kernel's and udev's naming).
 * Returns 0, or -1 with a message in ERR (OUT keeps what it had). */
int virt_links_parse_xml(const char *xml, bool active,
			 struct host_nic_list *out, char *err, size_t errlen);

#endif
