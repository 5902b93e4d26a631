/*
 * nl_bridge.h - the host side of an external switch in bridge mode,
 * through netlink (libnl-route-3): create the Linux bridge when it is
 * missing, enslave the uplink, move the uplink's IPv4 addresses and
 * default routes onto the bridge, and the exact undo.
 *
 * It works in the calling thread's network namespace and touches only
 * the two links named in the struct apply_link it is given (and their
 * addresses and default routes).  Each call opens and closes its own
 * netlink socket.  Every function returns 0, or -1 with a sentence in
 * ERR naming the link and the kernel's reason.
 */
#ifndef EDGENET_BACKEND_NL_BRIDGE_H
#define EDGENET_BACKEND_NL_BRIDGE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/apply_plan.h"

/* Fills L for UPLINK and BRIDGE as they are now: whether each exists,
 * the uplink's master, whether it is Wi-Fi, its IPv4 addresses and its
 * default routes. */
int nl_bridge_snapshot(const char *uplink, const char *bridge,
		       struct apply_link *l, char *err, size_t errlen);

/* Does the bridge step L (as the snapshot found things): bridge created
 * (when missing) with the uplink's MAC and brought up, uplink enslaved,
 * addresses and default routes moved.  Safe to run again. */
int nl_bridge_apply(const struct apply_link *l, char *err, size_t errlen);

/* Undoes it, whether it was done, half done or not at all: uplink
 * released, addresses and routes back on it, the bridge deleted when
 * this step created it. */
int nl_bridge_undo(const struct apply_link *l, char *err, size_t errlen);

/* Checks the links are as after the step (AFTER) or as before it. */
int nl_bridge_check(const struct apply_link *l, bool after, char *err,
		    size_t errlen);

#endif
