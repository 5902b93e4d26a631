/*
 * fuzz_rtmsg.c - fuzz harness for the rtnetlink message parsers
 * (src/backend/nl_msg.c): an input is one datagram as recv() would give
 * it.  Its messages are walked (nl_msg_iter), each parsed as a route, an
 * address and a link, applied to a snapshot as a dump and then as
 * notifications (nl_msg_apply, which puts, replaces and removes routes
 * by identity: src/core/routes.c), classified as an answer to its own
 * request (nl_msg_answer), and an error message's kernel text
 * read (nl_msg_ext_ack); the route view (src/core/route_view.c) is
 * built from the result.
 *
 * The datagram is copied into a buffer of its exact size (malloc'd, so
 * aligned as nl_routes.c's is): ASan catches a read past it.  A message
 * the walk returns must lie inside the datagram, or the harness aborts.
 * Touches nothing but memory.  Built by `make check` with fuzz_main.c
 * over tests/fuzz/corpus/rtmsg/ (datagrams captured from a namespace's
 * dumps, captured-*, and the crafted regressions of test_nl_msg.c,
 * regress-*: see tests/fuzz/README); under libFuzzer by
 * tests/fuzz/run.sh (see tests/fuzz/local.am).
 */
#include "config.h"

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "backend/nl_msg.h"
#include "core/route_view.h"
#include "core/routes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* H read as an answer to its own request (as nl_routes.c reads one):
 * the error code is set only for a refusal, from a whole struct
 * nlmsgerr, and is never 0. */
static void fr_answer(const struct nlmsghdr *h)
{
	const struct nlmsgerr *e = NLMSG_DATA(h);
	bool intr = false;
	int kerr = INT_MIN;
	enum nl_msg_answer a;

	a = nl_msg_answer(h, h->nlmsg_seq, h->nlmsg_pid, &kerr, &intr);
	if (a == NL_MSG_OTHER || intr != !!(h->nlmsg_flags & NLM_F_DUMP_INTR))
		abort();
	if (a != NL_MSG_REFUSED && kerr != INT_MIN)
		abort();
	if (a == NL_MSG_REFUSED &&
	    (h->nlmsg_len < NLMSG_LENGTH(sizeof(*e)) || kerr == 0 ||
	     kerr != e->error))
		abort();
}

static void fr_pass(struct route_snapshot *snap, const unsigned char *buf,
		    size_t size, bool dump, struct route_nh *nh)
{
	const unsigned families = NL_ROUTES_IPV4 | NL_ROUTES_IPV6;
	struct nl_msg_iter it;
	const struct nlmsghdr *h;
	bool stale = false;

	nl_msg_iter_init(&it, buf, size);
	while ((h = nl_msg_iter_next(&it))) {
		const unsigned char *p = (const unsigned char *)h;
		const char *why;

		if (p < buf || h->nlmsg_len > size ||
		    (size_t)(p - buf) > size - h->nlmsg_len)
			abort();
		nl_msg_apply(snap, families, nh, h, dump, &stale);
		fr_answer(h);
		if (h->nlmsg_type == NLMSG_ERROR) {
			why = nl_msg_ext_ack(h);
			if (why && (const unsigned char *)why +
			    strlen(why) >= p + h->nlmsg_len)
				abort();	/* text beyond the message */
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct route_nh nh[ROUTE_MAX_NEXTHOPS];
	const unsigned families = NL_ROUTES_IPV4 | NL_ROUTES_IPV6;
	struct route_snapshot snap;
	struct route_view view;
	struct route_view_opts o;
	struct nl_msg_iter it;
	const struct nlmsghdr *h;
	unsigned char *buf = malloc(size ? size : 1);

	if (!buf)
		return 0;
	memcpy(buf, data, size);

	/* each message parsed as every kind */
	nl_msg_iter_init(&it, buf, size);
	while ((h = nl_msg_iter_next(&it))) {
		struct route_info r;
		struct route_ifaddr a;
		struct route_link l;
		size_t mlen;

		/* whatever the type, and too short for it too */
		if (nl_msg_parse_route(families, h, &r, nh) == 1 &&
		    r.nh_count > ROUTE_MAX_NEXTHOPS)
			abort();
		nl_msg_route_metrics(h, &mlen);
		if (nl_msg_parse_addr(families, h, &a) == 1 &&
		    strlen(a.label) >= sizeof(a.label))
			abort();
		if (nl_msg_parse_link(h, &l) == 1 &&
		    strlen(l.name) >= sizeof(l.name))
			abort();
	}

	/* as a dump, then the same messages as notifications */
	route_snapshot_init(&snap);
	fr_pass(&snap, buf, size, true, nh);
	fr_pass(&snap, buf, size, false, nh);
	memset(&o, 0, sizeof(o));
	route_view_init(&view);
	route_view_build(&view, &snap, &o);
	route_view_free(&view);
	route_snapshot_free(&snap);
	free(buf);
	return 0;
}
