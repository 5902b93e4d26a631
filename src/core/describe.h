/*
 * describe.h - a plan in plain words: what applying it will create or
 * change, one sentence per line, for the wizard's review and for any
 * other front end.  Pure C: reads the plan (and, when given, the host's
 * libvirt networks, to tell "use the existing network" from "create").
 */
#ifndef EDGENET_DESCRIBE_H
#define EDGENET_DESCRIBE_H

#include <stddef.h>

#include "host.h"
#include "plan.h"
#include "policy.h"

/* Receives one line (NUL-terminated, no newline; "" separates parts). */
typedef void (*describe_emit_fn)(void *ctx, const char *line);

/* What is known of the host the plan is for. */
struct describe_host {
	const struct host_net_list *nets;	/* NULL: unknown */
	/* edgenet changes the host's links (bridges, enslaved NICs) itself:
	 * a local host.  False for a remote or simulated one (the demo),
	 * whose links cannot be seen: apply makes no bridge there. */
	bool links_local;
};

/* Describes P line by line through EMIT.  H may be NULL (unknown host,
 * links local).  Returns the number of lines emitted. */
size_t plan_describe(const struct plan *p, const struct describe_host *h,
		     describe_emit_fn emit, void *ctx);

/* Whether edgenet changes the links of the host at libvirt URI (as
 * virConnectGetURI or the console shows it): true for a local driver
 * ("qemu:///system"; "" is the local default), false for a remote host
 * ("qemu+ssh://host/system") and for the test driver ("test:///..."),
 * whose links are not this machine's. */
bool describe_links_local(const char *uri);

/* When profile PROF does not allow the type of the switch NIC I of P is
 * on: writes in words which NIC, which switch, and what to do into BUF
 * ("eth1 is on internal switch edge-int, which a client host does not
 * allow: choose server, or change eth1's switch on its step") and
 * returns true.  NEXT: the wizard's next step is this NIC's switch,
 * which takes an allowed type by itself.  False (BUF "") otherwise. */
bool plan_profile_conflict(const struct plan *p, const struct policy *pol,
			   enum host_profile prof, size_t i, bool next,
			   char *buf, size_t len);

/* The field at PATH (as plan_validate writes it) in words, for P: the
 * label a technician sees on the screens, after what it belongs to.
 * "switches[1].type" -> "switch edge-int: type", "nics[0].ip.address"
 * -> "NIC eth0: address", "nics[0].dns.servers[1]" -> "NIC eth0: DNS
 * server 2", "profile" -> "host profile", "" -> "plan".  A switch or NIC
 * with no name yet is counted ("switch 2"); a path it does not know is
 * returned as it is.  Writes into BUF and returns it. */
char *plan_field_label(const struct plan *p, const char *path, char *buf,
		       size_t len);

#endif
