/*
 * nl_msg.h - the rtnetlink message parsers of nl_routes.c, on their own:
 * walking the messages of one datagram, telling the messages of a
 * request's answer apart (data, done, acknowledged, refused),
 * RTM_NEWROUTE/DELROUTE, RTM_NEWADDR/DELADDR and RTM_NEWLINK/DELLINK into
 * the core/routes.h types, applying a message to a snapshot, and the
 * kernel's text in an error message (extended ack).
 *
 * Pure functions over bytes: no socket, no allocation beyond what the
 * snapshot does.  Every length comes from the message and is checked
 * against the bytes actually there, so a datagram from anywhere (the
 * fuzzer, tests/fuzz/fuzz_rtmsg.c, or a crafted one) cannot make them
 * read outside it.  A buffer given to nl_msg_iter_init must be 4-byte
 * aligned (malloc'd memory is): messages start at NLMSG_ALIGN offsets.
 */
#ifndef EDGENET_BACKEND_NL_MSG_H
#define EDGENET_BACKEND_NL_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>

#include "backend/nl_routes.h"
#include "core/routes.h"

/* The messages of one datagram, in order. */
struct nl_msg_iter {
	const unsigned char *buf;
	size_t len;
	size_t off;
	bool bad;		/* the rest did not form a whole message */
};

void nl_msg_iter_init(struct nl_msg_iter *it, const void *buf, size_t len);
/* The next whole message (its nlmsg_len at least a header and within
 * the datagram), or NULL at the end; then IT->bad tells whether bytes
 * were left that did not form one. */
const struct nlmsghdr *nl_msg_iter_next(struct nl_msg_iter *it);

/* RTM_NEWROUTE/DELROUTE into R (NH: room for ROUTE_MAX_NEXTHOPS
 * nexthops, which R then points to).  FAMILIES: NL_ROUTES_IPV4 and/or
 * NL_ROUTES_IPV6, the families kept.  Returns 1 parsed, 0 not a route we
 * keep (cache clone, other family), -1 malformed. */
int nl_msg_parse_route(unsigned families, const struct nlmsghdr *h,
		       struct route_info *r, struct route_nh *nh);
/* RTM_NEWADDR/DELADDR into A; returns as nl_msg_parse_route. */
int nl_msg_parse_addr(unsigned families, const struct nlmsghdr *h,
		      struct route_ifaddr *a);
/* RTM_NEWLINK/DELLINK into L; 1 or -1. */
int nl_msg_parse_link(const struct nlmsghdr *h, struct route_link *l);

/* A route's RTA_METRICS attribute (the bytes of its payload), NULL when
 * it has none; *LEN its length. */
const void *nl_msg_route_metrics(const struct nlmsghdr *h, size_t *len);

/* Applies one message to SNAP: a dump (DUMP) appends, a notification
 * puts, replaces or removes by identity.  *STALE is set when the
 * snapshot can no longer be trusted (the kernel changed what it does not
 * announce, or a change we cannot place): read everything again.  NH as
 * for nl_msg_parse_route (it must outlive the call only).  Returns 1
 * applied, 0 nothing we keep changed, -1 malformed or out of memory. */
int nl_msg_apply(struct route_snapshot *snap, unsigned families,
		 struct route_nh *nh, const struct nlmsghdr *h, bool dump,
		 bool *stale);

/* What message H is in the answer to request SEQ sent from port PORTID
 * (nl_routes.c reads every answer this way). */
enum nl_msg_answer {
	NL_MSG_OTHER,		/* another request's, or another port's */
	NL_MSG_DATA,		/* a message of the dump */
	NL_MSG_DONE,		/* NLMSG_DONE: the dump is complete */
	NL_MSG_ACK,		/* NLMSG_ERROR with error 0: done */
	NL_MSG_REFUSED,		/* NLMSG_ERROR: *KERR is -errno */
	NL_MSG_MALFORMED,	/* NLMSG_ERROR too short to hold one */
};
/* Classifies H (a whole message, as nl_msg_iter_next gives).  When it
 * belongs to the answer and carries NLM_F_DUMP_INTR, *INTR is set (the
 * dump was interrupted by a change: read it again); it is never cleared
 * here.  *KERR is set only for NL_MSG_REFUSED. */
enum nl_msg_answer nl_msg_answer(const struct nlmsghdr *h, uint32_t seq,
				 uint32_t portid, int *kerr, bool *intr);

/* The kernel's text in an NLMSG_ERROR message (NLMSGERR_ATTR_MSG), NULL
 * when there is none or the message is malformed.  H must be a whole
 * message (as nl_msg_iter_next gives). */
const char *nl_msg_ext_ack(const struct nlmsghdr *h);

#endif
