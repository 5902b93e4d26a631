/*
 * test_nl_msg.c - unit tests of src/backend/nl_msg.c, the rtnetlink
 * message parsers, on messages built here byte by byte: a route with
 * gateway, metric and two nexthops, an address, a link, applying them
 * to a snapshot, each message's place in a request's answer; and the
 * crafted datagrams a fuzzing run found to break
 * the old message loop (kept as regression tests, with their bytes also
 * in tests/fuzz/corpus/rtmsg/): a last message whose length is not a
 * multiple of 4 followed by stale bytes, an error message echoing a
 * request length of 0xffffffff, and one echoing an unaligned length.
 * Pure: touches nothing but memory (no socket).
 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <cmocka.h>

#include "backend/nl_msg.h"

/* A datagram being built, 4-byte aligned. */
struct dgram {
	uint32_t words[1024];
	size_t len;
};

static unsigned char *bytes(struct dgram *d)
{
	return (unsigned char *)d->words;
}

/* Starts a message of TYPE with a fixed header of HDRLEN bytes. */
static struct nlmsghdr *msg_start(struct dgram *d, uint16_t type,
				  uint16_t flags, size_t hdrlen)
{
	struct nlmsghdr *h = (struct nlmsghdr *)(bytes(d) + d->len);

	memset(h, 0, NLMSG_SPACE(hdrlen));
	h->nlmsg_type = type;
	h->nlmsg_flags = flags;
	h->nlmsg_len = (uint32_t)NLMSG_LENGTH(hdrlen);
	return h;
}

static void msg_end(struct dgram *d, struct nlmsghdr *h)
{
	d->len += NLMSG_ALIGN(h->nlmsg_len);
}

static void attr(struct nlmsghdr *h, uint16_t type, const void *data,
		 size_t len)
{
	struct rtattr *a = (struct rtattr *)((char *)h +
					     NLMSG_ALIGN(h->nlmsg_len));

	a->rta_type = type;
	a->rta_len = (unsigned short)RTA_LENGTH(len);
	memset(RTA_DATA(a), 0, RTA_ALIGN(RTA_LENGTH(len)) - RTA_LENGTH(0));
	memcpy(RTA_DATA(a), data, len);
	h->nlmsg_len = (uint32_t)(NLMSG_ALIGN(h->nlmsg_len) +
				  RTA_ALIGN(a->rta_len));
}

static void attr_u32(struct nlmsghdr *h, uint16_t type, uint32_t v)
{
	attr(h, type, &v, sizeof(v));
}

static void attr_ip4(struct nlmsghdr *h, uint16_t type, const char *ip)
{
	uint8_t a[4];

	assert_int_equal(inet_pton(AF_INET, ip, a), 1);
	attr(h, type, a, sizeof(a));
}

/* default via 10.0.0.1 dev 2 metric 300, table main */
static void put_default_route(struct dgram *d, uint16_t type)
{
	struct nlmsghdr *h = msg_start(d, type, 0, sizeof(struct rtmsg));
	struct rtmsg *rtm = NLMSG_DATA(h);

	rtm->rtm_family = AF_INET;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_STATIC;
	rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	rtm->rtm_type = RTN_UNICAST;
	attr_u32(h, RTA_TABLE, RT_TABLE_MAIN);
	attr_u32(h, RTA_PRIORITY, 300);
	attr_ip4(h, RTA_GATEWAY, "10.0.0.1");
	attr_u32(h, RTA_OIF, 2);
	msg_end(d, h);
}

static void put_link(struct dgram *d, int ifindex, const char *name)
{
	struct nlmsghdr *h = msg_start(d, RTM_NEWLINK, 0,
				       sizeof(struct ifinfomsg));
	struct ifinfomsg *ifi = NLMSG_DATA(h);
	const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	uint8_t oper = IF_OPER_UP;

	ifi->ifi_index = ifindex;
	ifi->ifi_flags = IFF_UP | IFF_RUNNING | IFF_LOWER_UP;
	attr(h, IFLA_IFNAME, name, strlen(name) + 1);
	attr(h, IFLA_ADDRESS, mac, sizeof(mac));
	attr(h, IFLA_OPERSTATE, &oper, 1);
	msg_end(d, h);
}

static int count_messages(const void *buf, size_t len, bool *bad)
{
	struct nl_msg_iter it;
	int n = 0;

	nl_msg_iter_init(&it, buf, len);
	while (nl_msg_iter_next(&it))
		n++;
	*bad = it.bad;
	return n;
}

static void test_route_parsed(void **state)
{
	struct dgram d = { .len = 0 };
	struct route_nh nh[ROUTE_MAX_NEXTHOPS];
	struct route_info r;
	struct nl_msg_iter it;
	const struct nlmsghdr *h;

	(void)state;
	put_default_route(&d, RTM_NEWROUTE);
	nl_msg_iter_init(&it, bytes(&d), d.len);
	h = nl_msg_iter_next(&it);
	assert_non_null(h);
	assert_int_equal(nl_msg_parse_route(NL_ROUTES_IPV4, h, &r, nh), 1);
	assert_int_equal(r.family, AF_INET);
	assert_int_equal(r.dst_len, 0);
	assert_int_equal(r.metric, 300);
	assert_int_equal(r.oif, 2);
	assert_int_equal(r.table, RT_TABLE_MAIN);
	assert_int_equal(r.gw_family, AF_INET);
	assert_memory_equal(r.gw, "\x0a\x00\x00\x01", 4);
	/* IPv6 only: not kept */
	assert_int_equal(nl_msg_parse_route(NL_ROUTES_IPV6, h, &r, nh), 0);
	assert_null(nl_msg_iter_next(&it));
	assert_false(it.bad);
}

static void test_multipath(void **state)
{
	struct dgram d = { .len = 0 };
	struct route_nh nh[ROUTE_MAX_NEXTHOPS];
	struct route_info r;
	struct nlmsghdr *h = msg_start(&d, RTM_NEWROUTE, 0,
				       sizeof(struct rtmsg));
	struct rtmsg *rtm = NLMSG_DATA(h);
	unsigned char mp[2 * (sizeof(struct rtnexthop) + RTA_LENGTH(4))];
	struct rtnexthop *rtnh = (struct rtnexthop *)mp;
	struct rtattr *gw;

	(void)state;
	rtm->rtm_family = AF_INET;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_type = RTN_UNICAST;
	memset(mp, 0, sizeof(mp));
	for (int i = 0; i < 2; i++) {
		rtnh->rtnh_len = sizeof(*rtnh) + RTA_LENGTH(4);
		rtnh->rtnh_ifindex = 3 + i;
		rtnh->rtnh_hops = (unsigned char)i;
		gw = RTNH_DATA(rtnh);
		gw->rta_type = RTA_GATEWAY;
		gw->rta_len = RTA_LENGTH(4);
		memcpy(RTA_DATA(gw), i ? "\x0a\x00\x01\x01" :
		       "\x0a\x00\x00\x01", 4);
		rtnh = RTNH_NEXT(rtnh);
	}
	attr(h, RTA_MULTIPATH, mp, sizeof(mp));
	msg_end(&d, h);
	assert_int_equal(nl_msg_parse_route(NL_ROUTES_IPV4, h, &r, nh), 1);
	assert_int_equal(r.nh_count, 2);
	assert_int_equal(r.nh[0].oif, 3);
	assert_int_equal(r.nh[1].oif, 4);
	assert_int_equal(r.nh[1].weight, 1);
	assert_memory_equal(r.nh[1].gw, "\x0a\x00\x01\x01", 4);
}

static void test_addr_and_link(void **state)
{
	struct dgram d = { .len = 0 };
	struct nlmsghdr *h = msg_start(&d, RTM_NEWADDR, 0,
				       sizeof(struct ifaddrmsg));
	struct ifaddrmsg *ifa = NLMSG_DATA(h);
	struct route_ifaddr a;
	struct route_link l;
	struct nl_msg_iter it;
	const struct nlmsghdr *m;

	(void)state;
	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = 24;
	ifa->ifa_index = 2;
	attr_ip4(h, IFA_LOCAL, "10.0.0.5");
	attr_ip4(h, IFA_ADDRESS, "10.0.0.5");
	attr(h, IFA_LABEL, "eth0", 5);
	msg_end(&d, h);
	put_link(&d, 2, "eth0");
	nl_msg_iter_init(&it, bytes(&d), d.len);
	m = nl_msg_iter_next(&it);
	assert_int_equal(nl_msg_parse_addr(NL_ROUTES_IPV4, m, &a), 1);
	assert_int_equal(a.prefixlen, 24);
	assert_true(a.has_local);
	assert_false(a.has_address);	/* the same: no peer */
	assert_string_equal(a.label, "eth0");
	m = nl_msg_iter_next(&it);
	assert_int_equal(nl_msg_parse_link(m, &l), 1);
	assert_int_equal(l.ifindex, 2);
	assert_string_equal(l.name, "eth0");
	assert_string_equal(l.mac, "52:54:00:12:34:56");
	assert_int_equal(l.operstate, IF_OPER_UP);
	assert_null(nl_msg_iter_next(&it));
}

static void test_apply(void **state)
{
	struct dgram d = { .len = 0 };
	struct route_nh nh[ROUTE_MAX_NEXTHOPS];
	struct route_snapshot snap;
	struct nl_msg_iter it;
	const struct nlmsghdr *h;
	bool stale = false;

	(void)state;
	route_snapshot_init(&snap);
	put_link(&d, 2, "eth0");
	put_default_route(&d, RTM_NEWROUTE);
	nl_msg_iter_init(&it, bytes(&d), d.len);
	while ((h = nl_msg_iter_next(&it)))
		assert_int_equal(nl_msg_apply(&snap, NL_ROUTES_IPV4, nh, h,
					      true, &stale), 1);
	assert_int_equal(snap.nroutes, 1);
	assert_non_null(route_snapshot_link(&snap, 2));
	assert_false(stale);
	/* the route deleted by a notification */
	d.len = 0;
	put_default_route(&d, RTM_DELROUTE);
	nl_msg_iter_init(&it, bytes(&d), d.len);
	h = nl_msg_iter_next(&it);
	assert_int_equal(nl_msg_apply(&snap, NL_ROUTES_IPV4, nh, h, false,
				      &stale), 1);
	assert_int_equal(snap.nroutes, 0);
	assert_false(stale);
	/* deleting it again: not ours to place, read everything again */
	assert_int_equal(nl_msg_apply(&snap, NL_ROUTES_IPV4, nh, h, false,
				      &stale), 1);
	assert_true(stale);
	route_snapshot_free(&snap);
}

/* A message too short for its fixed header is malformed, not read. */
static void test_short_messages(void **state)
{
	struct dgram d = { .len = 0 };
	struct route_nh nh[ROUTE_MAX_NEXTHOPS];
	struct route_snapshot snap;
	struct nlmsghdr *h;
	bool stale = false;
	const uint16_t types[] = { RTM_NEWROUTE, RTM_NEWADDR, RTM_NEWLINK };

	(void)state;
	route_snapshot_init(&snap);
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		h = msg_start(&d, types[i], 0, 0);
		h->nlmsg_len = NLMSG_HDRLEN + 2;
		assert_int_equal(nl_msg_apply(&snap, NL_ROUTES_IPV4, nh, h,
					      true, &stale), -1);
	}
	route_snapshot_free(&snap);
}

/*
 * Regression (fuzzing): the last message's length is not a multiple of
 * 4 (the datagram ends 2 bytes after its padded end would be), and the
 * buffer beyond the datagram still holds a whole message of an earlier,
 * longer datagram.  The old loop's remaining length went to -2, which
 * NLMSG_OK((unsigned)len) read as 4294967294: the stale message was
 * parsed (and at the end of a 64 KiB buffer, bytes past it were read).
 */
static void test_unaligned_last_message(void **state)
{
	struct dgram d = { .len = 0 };
	struct nlmsghdr *h;
	size_t datagram;
	bool bad;

	(void)state;
	memset(d.words, 0, sizeof(d.words));
	put_link(&d, 2, "eth0");
	h = msg_start(&d, NLMSG_NOOP, 0, 2);	/* nlmsg_len 18 */
	datagram = d.len + h->nlmsg_len;
	msg_end(&d, h);
	put_link(&d, 7, "stale0");		/* beyond the datagram */
	assert_int_equal(count_messages(bytes(&d), datagram, &bad), 2);
	assert_false(bad);
	/* the same cut one byte short: the second message is not whole */
	assert_int_equal(count_messages(bytes(&d), datagram - 1, &bad), 1);
	assert_true(bad);
	/* a length beyond the datagram, and one shorter than a header */
	h = (struct nlmsghdr *)bytes(&d);
	h->nlmsg_len = 0xffffffffu;
	assert_int_equal(count_messages(bytes(&d), datagram, &bad), 0);
	assert_true(bad);
	h->nlmsg_len = 4;
	assert_int_equal(count_messages(bytes(&d), datagram, &bad), 0);
	assert_true(bad);
	assert_int_equal(count_messages(bytes(&d), 0, &bad), 0);
	assert_false(bad);
}

/* An NLMSG_ERROR acknowledging a request of ECHOED bytes (the request's
 * payload not echoed: CAPPED), with the kernel's text TEXT placed where
 * the kernel puts it, at the aligned end of the echoed request. */
static struct nlmsghdr *error_msg(struct dgram *d, uint32_t echoed,
				  bool capped, const char *text)
{
	struct nlmsghdr *h = msg_start(d, NLMSG_ERROR, NLM_F_ACK_TLVS |
				       (capped ? NLM_F_CAPPED : 0),
				       sizeof(struct nlmsgerr));
	struct nlmsgerr *e = NLMSG_DATA(h);
	size_t off = sizeof(*e);

	e->error = -EINVAL;
	e->msg.nlmsg_len = echoed;
	e->msg.nlmsg_type = RTM_NEWROUTE;
	if (!capped && echoed >= sizeof(e->msg) && echoed < 256) {
		off = NLMSG_ALIGN(off + echoed - sizeof(e->msg));
		memset((char *)NLMSG_DATA(h) + sizeof(*e), 0xaa,
		       off - sizeof(*e));
		h->nlmsg_len = (uint32_t)NLMSG_LENGTH(off);
	}
	attr(h, NLMSGERR_ATTR_MSG, text, strlen(text) + 1);
	msg_end(d, h);
	return h;
}

static void test_ext_ack(void **state)
{
	struct dgram d = { .len = 0 };
	struct nlmsghdr *h;

	(void)state;
	h = error_msg(&d, 16, true, "Nexthop has invalid gateway");
	assert_non_null(nl_msg_ext_ack(h));
	assert_string_equal(nl_msg_ext_ack(h), "Nexthop has invalid gateway");
	d.len = 0;
	h = error_msg(&d, 36, false, "Invalid prefix for given prefix length");
	assert_non_null(nl_msg_ext_ack(h));
	assert_string_equal(nl_msg_ext_ack(h),
			    "Invalid prefix for given prefix length");
	/* text not terminated: none */
	d.len = 0;
	h = error_msg(&d, 16, true, "x");
	((char *)h)[h->nlmsg_len - 3] = 'y';
	((char *)h)[h->nlmsg_len - 2] = 'z';
	((char *)h)[h->nlmsg_len - 1] = 'w';
	((struct rtattr *)((char *)h + h->nlmsg_len - 8))->rta_len = 8;
	assert_null(nl_msg_ext_ack(h));
}

/*
 * Regression (fuzzing): an error message echoing a request length of
 * 0xffffffff.  The old reader added it to its offset, wrapped an int
 * check and pointed 4 GiB past the message.
 */
static void test_ext_ack_huge_echo(void **state)
{
	struct dgram d = { .len = 0 };
	struct nlmsghdr *h;

	(void)state;
	h = error_msg(&d, 0xffffffffu, false, "forged");
	assert_null(nl_msg_ext_ack(h));
	d.len = 0;
	h = error_msg(&d, 3, false, "shorter than a header");
	assert_null(nl_msg_ext_ack(h));
}

/*
 * Regression (fuzzing): an echoed request of 17 bytes.  The kernel pads
 * it, so its text starts at the next multiple of 4; the old reader
 * looked one to three bytes early, at a misaligned attribute.
 */
static void test_ext_ack_unaligned_echo(void **state)
{
	struct dgram d = { .len = 0 };
	struct nlmsghdr *h;

	(void)state;
	for (uint32_t echoed = 17; echoed <= 20; echoed++) {
		d.len = 0;
		h = error_msg(&d, echoed, false, "Invalid argument here");
		assert_non_null(nl_msg_ext_ack(h));
		assert_string_equal(nl_msg_ext_ack(h),
				    "Invalid argument here");
	}
}

/* Each message of a request's answer told apart as nl_routes.c reads it:
 * another request's or port's, data (with the dump interrupted), the
 * end of a dump, an acknowledgement, a refusal and a short error. */
static void test_answer(void **state)
{
	struct dgram d = { .len = 0 };
	struct nlmsghdr *h;
	struct nlmsgerr *e;
	bool intr = false;
	int kerr = 7;

	(void)state;
	put_default_route(&d, RTM_NEWROUTE);
	h = (struct nlmsghdr *)bytes(&d);
	h->nlmsg_seq = 41;
	h->nlmsg_pid = 1234;
	h->nlmsg_flags |= NLM_F_DUMP_INTR;
	/* not ours: nothing read from it, not even its flags */
	assert_int_equal(nl_msg_answer(h, 40, 1234, &kerr, &intr),
			 NL_MSG_OTHER);
	assert_int_equal(nl_msg_answer(h, 41, 99, &kerr, &intr),
			 NL_MSG_OTHER);
	assert_false(intr);
	assert_int_equal(nl_msg_answer(h, 41, 1234, &kerr, &intr),
			 NL_MSG_DATA);
	assert_true(intr);
	h->nlmsg_type = NLMSG_DONE;
	intr = false;
	h->nlmsg_flags &= (uint16_t)~NLM_F_DUMP_INTR;
	assert_int_equal(nl_msg_answer(h, 41, 1234, &kerr, &intr),
			 NL_MSG_DONE);
	assert_false(intr);
	assert_int_equal(kerr, 7);

	d.len = 0;
	h = msg_start(&d, NLMSG_ERROR, 0, sizeof(struct nlmsgerr));
	h->nlmsg_seq = 41;
	h->nlmsg_pid = 1234;
	e = NLMSG_DATA(h);
	e->error = 0;
	assert_int_equal(nl_msg_answer(h, 41, 1234, &kerr, &intr),
			 NL_MSG_ACK);
	assert_int_equal(kerr, 7);
	e->error = -EEXIST;
	assert_int_equal(nl_msg_answer(h, 41, 1234, &kerr, &intr),
			 NL_MSG_REFUSED);
	assert_int_equal(kerr, -EEXIST);
	/* too short to hold a struct nlmsgerr */
	h->nlmsg_len = (uint32_t)NLMSG_LENGTH(sizeof(int));
	kerr = 7;
	assert_int_equal(nl_msg_answer(h, 41, 1234, &kerr, &intr),
			 NL_MSG_MALFORMED);
	assert_int_equal(kerr, 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_route_parsed),
		cmocka_unit_test(test_multipath),
		cmocka_unit_test(test_addr_and_link),
		cmocka_unit_test(test_apply),
		cmocka_unit_test(test_short_messages),
		cmocka_unit_test(test_unaligned_last_message),
		cmocka_unit_test(test_answer),
		cmocka_unit_test(test_ext_ack),
		cmocka_unit_test(test_ext_ack_huge_echo),
		cmocka_unit_test(test_ext_ack_unaligned_echo),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
