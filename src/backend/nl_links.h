/*
 * nl_links.h - the host's network interfaces through netlink (libnl-route)
 * and sysfs: the host_link_ops of core/host.h.  Read-only.
 */
#ifndef EDGENET_BACKEND_NL_LINKS_H
#define EDGENET_BACKEND_NL_LINKS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/host.h"

/* Opens a netlink route socket in the calling thread's network namespace
 * and fills OPS (list_nics, ctx).  Returns 0, or -1 with a message in
 * ERR and OPS cleared. */
int nl_links_open(struct host_link_ops *ops, char *err, size_t errlen);

/* Closes what nl_links_open opened and clears OPS.  Safe on a cleared or
 * already closed OPS. */
void nl_links_close(struct host_link_ops *ops);

/* Reads the one interface NAME of the calling thread's namespace as
 * list_nics would list it (addresses not read).  1 found, 0 there is
 * none, -1 netlink cannot be read (message in ERR). */
int nl_links_get(const char *name, struct host_nic *out, char *err,
		 size_t errlen);

/* Does /sys/class/net/N->name describe this very interface (same
 * ifindex and MAC: sysfs shows the namespace it was mounted in, which
 * after unshare is not the caller's)? */
bool nl_links_sysfs_is_ours(const struct host_nic *n);

#endif
