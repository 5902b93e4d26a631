/*
 * dnsview_check.h - the problems of a DNS view a technician should see,
 * each with its field path and what to do (core/diag.h's list).  Pure C.
 */
#ifndef EDGENET_DNSVIEW_CHECK_H
#define EDGENET_DNSVIEW_CHECK_H

#include <stddef.h>

#include "core/diag.h"
#include "core/dnsview.h"

/* --- problems a technician should see --- */

/* No server at all, stub resolv.conf while resolved is down, servers
 * that do not answer, a default-route link whose servers all fail, a
 * link with servers but no DNS scope.  Paths: "dns", "dns.global",
 * "dns.links[eth0].servers[1]".  0, -1 on memory. */
int dnsview_check(const struct dnsview *v, struct diag_list *out);
/* The same for another machine's view read from its files (the VM's):
 * whether its resolved runs is not known, so a stub resolv.conf is only
 * flagged (a warning) when none of resolved's state files was found,
 * and the paths start with "vm.dns" instead of "dns". */
int dnsview_check_remote(const struct dnsview *v, struct diag_list *out);

#endif
