/*
 * dns_status.h - the DNS part of `edgenet status`: fills the DNS hook of
 * core/status.h, for cmd_status.c.
 */
#ifndef EDGENET_BACKEND_DNS_STATUS_H
#define EDGENET_BACKEND_DNS_STATUS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/dnsview.h"
#include "core/status.h"

/* Reads this machine's DNS view once (systemd-resolved over D-Bus, else
 * its state files and /etc/resolv.conf, at most 3 s), probes every
 * listed server once (1 s, one try; all in parallel) and checks it;
 * fills HOOK with writers of that snapshot (JSON: the object documented
 * in core/dnsview_json.h; text: resolvectl's layout with each server's
 * result, then the problems) and a release.  URI and VM are unused (the
 * VM's DNS is added with dns_status_add_vm).  Returns 0, or -1 with why
 * in ERR. */
int dns_status_hook(struct status_dns_hook *hook, const char *uri, bool vm,
		    char *err, size_t errlen);

/* Adds the VM's DNS to HOOK (filled by dns_status_hook): its view V as
 * read through the guest agent (backend/vm_addrs.h, vm_addrs_read_dns;
 * NULL when it could not be read, WHY says why), PARSE_PROBLEMS what its
 * parsers dropped (may be NULL).  The servers that make sense from here
 * (not the VM's loopback or link-local ones) are probed once from this
 * machine (unbound, 1 s), the view checked as another machine's; HOOK's
 * write_vm_json / write_vm_text write it (VMDNS of core/status.h).
 * Returns 0, or -1 with why in ERR (HOOK keeps this machine's part). */
int dns_status_add_vm(struct status_dns_hook *hook, const struct dnsview *v,
		      const char *why, const struct diag_list *parse_problems,
		      char *err, size_t errlen);

#endif
