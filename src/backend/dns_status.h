/*
 * dns_status.h - the DNS part of `edgenet status`: fills the DNS hook of
 * core/status.h, for cmd_status.c.
 */
#ifndef EDGENET_BACKEND_DNS_STATUS_H
#define EDGENET_BACKEND_DNS_STATUS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

/* Reads this machine's DNS view once (systemd-resolved over D-Bus, else
 * its state files and /etc/resolv.conf, at most 3 s), probes every
 * listed server once (1 s, one try; all in parallel) and checks it;
 * fills HOOK with writers of that snapshot (JSON: the object documented
 * in core/dnsview.h; text: resolvectl's layout with each server's
 * result, then the problems) and a release.  URI and VM are for the
 * VM's DNS, which is not read yet (its files need the guest agent): the
 * text says so when VM is true.  Returns 0, or -1 with why in ERR. */
int dns_status_hook(struct status_dns_hook *hook, const char *uri, bool vm,
		    char *err, size_t errlen);

#endif
