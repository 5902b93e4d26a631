/*
 * vm_addrs.h - one look at the VM through libvirt: its NICs, the
 * addresses each source reports (guest agent, DHCP lease, ARP: each
 * source's own result or error) and, through the guest agent, its
 * /proc/net/route, as a core/vmaddr.h struct vm_observed; and its DNS
 * state (vm_agent_read.h's struct vm_dns).
 *
 * Synchronous, on a connection the caller owns (`edgenet status`, and the
 * watcher of vm_addrs_watch.h, which runs these in a thread of its own
 * because libvirt calls can block for seconds).  Only reads: nothing is
 * changed in libvirt or the guest.
 */
#ifndef EDGENET_BACKEND_VM_ADDRS_H
#define EDGENET_BACKEND_VM_ADDRS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libvirt/libvirt.h>

#include "backend/vm_agent_read.h"
#include "core/vmaddr.h"

enum vm_addrs_flags {
	VM_ADDRS_ROUTES = 1 << 0,	/* read the guest's /proc/net/route */
	VM_ADDRS_NO_AGENT = 1 << 1,	/* skip the agent (backing off) */
	VM_ADDRS_NO_ARP = 1 << 2,	/* skip ARP */
};

/* Fills OUT (initialised here) for DOMAIN on CONN: the domain's state and
 * NICs, then, if it runs, each address source in turn and (with
 * VM_ADDRS_ROUTES) the guest's routes.  Every failure is kept in OUT
 * (conn_err, src[].err, routes_err) and the next source is tried.
 * Returns 0 when the domain could be looked at, -1 when not (OUT->
 * conn_err says why). */
int vm_addrs_collect(virConnectPtr conn, const char *domain, unsigned flags,
		     struct vm_observed *out);

/* Reads DOMAIN's DNS state once through its guest agent, on CONN (the
 * caller's).  OUT is freed first.  Returns 0 when the view was read,
 * -1 when not (OUT->err says why: not running, no agent...). */
int vm_addrs_read_dns(virConnectPtr conn, const char *domain,
		      struct vm_dns *out);

/* The clock of every taken_ms and since_ms of struct vm_observed and
 * struct vm_dns: clock_now_ms (core/clock.h). */

#endif
