/*
 * test_routes.c - unit tests of the core's route files: the snapshot's
 * storage (src/core/routes.c: compact IPv4 slots, extensions for IPv6
 * and multipath, the identity index kept current through adds,
 * overwrites, removals and replacements, 50,000 routes against a plain
 * list), names as iproute2 writes them (route_names.c), /proc/net/route
 * (proc_route.c), and the route view (route_view.c: order, defaults by
 * metric, the one in use, ties, offline NICs, metrics that differ from
 * the plan, links that are down).  Pure: touches nothing but memory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/proc_route.h"
#include "core/route_names.h"
#include "core/route_view.h"
#include "core/routes.h"

/* An IPv4 route DST/LEN via GW (NULL: none) on OIF with METRIC. */
static struct route_info v4(const char *dst, int len, const char *gw,
			    int32_t oif, uint32_t metric)
{
	struct route_info r;

	memset(&r, 0, sizeof(r));
	r.family = ROUTE_AF_INET;
	r.dst_len = (uint8_t)len;
	r.table = ROUTE_TABLE_MAIN;
	r.type = ROUTE_TYPE_UNICAST;
	r.protocol = ROUTE_PROTO_BOOT;
	r.pref = ROUTE_PREF_NONE;
	r.oif = oif;
	r.metric = metric;
	assert_int_equal(inet_pton(AF_INET, dst, r.dst), 1);
	if (gw) {
		r.gw_family = ROUTE_AF_INET;
		assert_int_equal(inet_pton(AF_INET, gw, r.gw), 1);
	}
	return r;
}

static void add_link(struct route_snapshot *s, int32_t ifindex,
		     const char *name, const char *mac, bool up)
{
	struct route_link l;

	memset(&l, 0, sizeof(l));
	l.ifindex = ifindex;
	snprintf(l.name, sizeof(l.name), "%s", name);
	snprintf(l.mac, sizeof(l.mac), "%s", mac);
	l.flags = up ? ROUTE_IFF_UP | ROUTE_IFF_LOWER_UP : 0;
	assert_int_equal(route_snapshot_put_link(s, &l), 0);
}

static void test_slot_is_compact(void **state)
{
	(void)state;
	assert_true(sizeof(struct route_slot) <= 44);
}

/* The destination read straight from a slot (what the view sorts on),
 * for a compact IPv4 route and for an IPv6 one kept in an extension. */
static void test_dst_of_slot(void **state)
{
	struct route_snapshot s;
	struct route_info a = v4("10.1.2.0", 24, NULL, 1, 0);
	struct route_info b = v4("0.0.0.0", 64, NULL, 1, 0);
	uint8_t want[16];

	(void)state;
	assert_int_equal(route_addr_len(ROUTE_AF_INET), 4);
	assert_int_equal(route_addr_len(ROUTE_AF_INET6), 16);
	route_snapshot_init(&s);
	b.family = ROUTE_AF_INET6;
	assert_int_equal(inet_pton(AF_INET6, "fd00:1::", b.dst), 1);
	assert_int_equal(route_snapshot_append(&s, &a), 0);
	assert_int_equal(route_snapshot_append(&s, &b), 0);
	assert_int_equal(inet_pton(AF_INET, "10.1.2.0", want), 1);
	assert_memory_equal(route_snapshot_dst(&s, 0), want, 4);
	assert_int_equal(inet_pton(AF_INET6, "fd00:1::", want), 1);
	assert_memory_equal(route_snapshot_dst(&s, 1), want, 16);
	route_snapshot_free(&s);
}

static void test_put_find_remove(void **state)
{
	struct route_snapshot s;
	struct route_info a = v4("10.9.0.0", 16, "10.1.0.1", 2, 0);
	struct route_info b = v4("10.9.0.0", 16, "10.2.0.1", 3, 0);
	struct route_info c = v4("10.9.0.0", 16, "10.1.0.1", 3, 0);
	struct route_info got;

	(void)state;
	route_snapshot_init(&s);
	assert_int_equal(route_snapshot_append(&s, &a), 0);
	/* differ only by device, only by gateway: three routes */
	assert_int_equal(route_snapshot_put(&s, &b), 0);
	assert_int_equal(route_snapshot_put(&s, &c), 0);
	assert_int_equal(s.nroutes, 3);
	assert_int_equal(route_snapshot_find(&s, &b), 1);
	/* the same identity again overwrites (a protocol change) */
	b.protocol = ROUTE_PROTO_DHCP;
	assert_int_equal(route_snapshot_put(&s, &b), 1);
	assert_int_equal(s.nroutes, 3);
	route_snapshot_get(&s, 1, &got);
	assert_int_equal(got.protocol, ROUTE_PROTO_DHCP);
	/* the metric is part of the identity */
	b.metric = 5;
	assert_int_equal(route_snapshot_find(&s, &b), -1);
	assert_int_equal(route_snapshot_remove(&s, &b), 0);
	b.metric = 0;
	assert_int_equal(route_snapshot_remove(&s, &b), 1);
	assert_int_equal(s.nroutes, 2);
	assert_int_equal(route_snapshot_find(&s, &a), 0);
	assert_int_equal(route_snapshot_find(&s, &c), 1);
	assert_int_equal(route_snapshot_find(&s, &b), -1);
	route_snapshot_free(&s);
}

static void test_ipv6_and_multipath(void **state)
{
	struct route_snapshot s;
	struct route_info r, got;
	struct route_nh nh[2];
	char buf[ROUTE_PREFIX_STRLEN];

	(void)state;
	route_snapshot_init(&s);
	memset(&r, 0, sizeof(r));
	r.family = ROUTE_AF_INET6;
	r.dst_len = 48;
	r.table = ROUTE_TABLE_MAIN;
	r.type = ROUTE_TYPE_UNICAST;
	r.metric = 1024;
	r.pref = 1;
	inet_pton(AF_INET6, "2001:db8:7::", r.dst);
	memset(nh, 0, sizeof(nh));
	nh[0].gw_family = nh[1].gw_family = ROUTE_AF_INET6;
	nh[0].oif = 2;
	nh[1].oif = 3;
	nh[1].weight = 2;
	inet_pton(AF_INET6, "2001:db8:1::1", nh[0].gw);
	inet_pton(AF_INET6, "2001:db8:2::1", nh[1].gw);
	r.nh = nh;
	r.nh_count = 2;
	assert_int_equal(route_snapshot_append(&s, &r), 0);
	/* an IPv4 route after it: both decode */
	got = v4("192.0.2.0", 24, NULL, 4, 7);
	assert_int_equal(route_snapshot_append(&s, &got), 0);
	route_snapshot_get(&s, 0, &got);
	assert_int_equal(got.family, ROUTE_AF_INET6);
	assert_int_equal(got.nh_count, 2);
	assert_int_equal(got.nh[1].oif, 3);
	assert_int_equal(got.nh[1].weight, 2);
	assert_string_equal(route_dst_str(&got, buf), "2001:db8:7::/48");
	assert_string_equal(route_pref_name(got.pref), "high");
	/* the identity includes the nexthops */
	nh[1].oif = 5;
	assert_int_equal(route_snapshot_find(&s, &r), -1);
	nh[1].oif = 3;
	assert_int_equal(route_snapshot_find(&s, &r), 0);
	assert_int_equal(route_snapshot_remove(&s, &r), 1);
	/* the extension is recycled */
	assert_int_equal(route_snapshot_append(&s, &r), 0);
	assert_int_equal(s.next, 1);
	route_snapshot_get(&s, 0, &got);
	assert_string_equal(route_dst_str(&got, buf), "192.0.2.0/24");
	route_snapshot_free(&s);
}

static void test_replace(void **state)
{
	struct route_snapshot s;
	struct route_info a = v4("10.40.0.0", 16, "10.1.0.1", 2, 31);
	struct route_info b = v4("10.40.0.0", 16, "10.2.0.1", 3, 31);
	struct route_info got;

	(void)state;
	route_snapshot_init(&s);
	assert_int_equal(route_snapshot_append(&s, &a), 0);
	/* same key (destination, metric), other nexthop: replaced */
	assert_int_equal(route_snapshot_replace(&s, &b), 0);
	assert_int_equal(s.nroutes, 1);
	route_snapshot_get(&s, 0, &got);
	assert_int_equal(got.oif, 3);
	/* two routes with that key: ambiguous */
	assert_int_equal(route_snapshot_append(&s, &a), 0);
	got = v4("10.40.0.0", 16, "10.3.0.1", 4, 31);
	assert_int_equal(route_snapshot_replace(&s, &got), 1);
	/* no route with the key: added */
	got.metric = 99;
	assert_int_equal(route_snapshot_replace(&s, &got), 0);
	assert_int_equal(s.nroutes, 3);
	route_snapshot_free(&s);
}

/* 50,000 routes, then removals in a scattered order: the index must
 * agree with a plain search at every step. */
static void test_index_many(void **state)
{
	struct route_snapshot s;
	enum { N = 50000 };

	(void)state;
	route_snapshot_init(&s);
	for (int i = 0; i < N; i++) {
		struct route_info r = v4("10.0.0.0", 32, "10.255.0.1",
					 1 + i % 3, (uint32_t)(i % 5));

		r.dst[1] = (uint8_t)(i >> 16);
		r.dst[2] = (uint8_t)(i >> 8);
		r.dst[3] = (uint8_t)i;
		assert_int_equal(route_snapshot_append(&s, &r), 0);
		if (i == 100)	/* build the index early: kept current */
			assert_int_equal(route_snapshot_find(&s, &r), 100);
	}
	assert_int_equal(s.nroutes, N);
	for (int i = 0; i < N; i += 7) {
		struct route_info r = v4("10.0.0.0", 32, "10.255.0.1",
					 1 + i % 3, (uint32_t)(i % 5));

		r.dst[1] = (uint8_t)(i >> 16);
		r.dst[2] = (uint8_t)(i >> 8);
		r.dst[3] = (uint8_t)i;
		assert_int_equal(route_snapshot_remove(&s, &r), 1);
		assert_int_equal(route_snapshot_find(&s, &r), -1);
	}
	for (int i = 1; i < N; i += 7) {
		struct route_info r = v4("10.0.0.0", 32, "10.255.0.1",
					 1 + i % 3, (uint32_t)(i % 5));
		long k;

		r.dst[1] = (uint8_t)(i >> 16);
		r.dst[2] = (uint8_t)(i >> 8);
		r.dst[3] = (uint8_t)i;
		k = route_snapshot_find(&s, &r);
		assert_true(k >= 0);
		{
			struct route_info got;

			route_snapshot_get(&s, (size_t)k, &got);
			assert_memory_equal(got.dst, r.dst, 4);
		}
	}
	assert_int_equal(s.nroutes, N - (N + 6) / 7);
	route_snapshot_free(&s);
}

static void test_copy(void **state)
{
	struct route_snapshot a, b;
	struct route_info r = v4("0.0.0.0", 0, "10.1.0.1", 2, 100), got;

	(void)state;
	route_snapshot_init(&a);
	route_snapshot_init(&b);
	add_link(&a, 2, "eth0", "52:54:00:00:00:01", true);
	assert_int_equal(route_snapshot_append(&a, &r), 0);
	a.generation = 7;
	assert_int_equal(route_snapshot_copy(&b, &a), 0);
	assert_int_equal(b.nroutes, 1);
	assert_int_equal(b.generation, 7);
	assert_string_equal(route_snapshot_dev(&b, 2), "eth0");
	route_snapshot_get(&b, 0, &got);
	assert_int_equal(got.metric, 100);
	route_snapshot_free(&a);
	route_snapshot_free(&b);
}

static void test_addrs_and_links(void **state)
{
	struct route_snapshot s;
	struct route_ifaddr a;

	(void)state;
	route_snapshot_init(&s);
	add_link(&s, 2, "eth0", "52:54:00:00:00:01", true);
	memset(&a, 0, sizeof(a));
	a.family = ROUTE_AF_INET;
	a.prefixlen = 24;
	a.ifindex = 2;
	a.has_local = true;
	inet_pton(AF_INET, "10.1.0.2", a.local);
	assert_int_equal(route_snapshot_put_addr(&s, &a), 0);
	a.flags = ROUTE_IFA_F_PERMANENT;
	assert_int_equal(route_snapshot_put_addr(&s, &a), 1);
	assert_int_equal(s.naddrs, 1);
	a.prefixlen = 16;
	assert_int_equal(route_snapshot_remove_addr(&s, &a), 0);
	a.prefixlen = 24;
	assert_int_equal(route_snapshot_remove_addr(&s, &a), 1);
	assert_int_equal(route_snapshot_remove_link(&s, 2), 1);
	assert_null(route_snapshot_dev(&s, 2));
	route_snapshot_free(&s);
}

static void test_names(void **state)
{
	char buf[16];
	struct route_info r = v4("10.1.0.2", 32, NULL, 0, 0);
	char d[ROUTE_PREFIX_STRLEN];

	(void)state;
	assert_string_equal(route_table_name(254, buf), "main");
	assert_string_equal(route_table_name(100000, buf), "100000");
	assert_string_equal(route_proto_name(16, buf), "dhcp");
	assert_string_equal(route_proto_name(200, buf), "200");
	assert_string_equal(route_scope_name(253, buf), "link");
	assert_string_equal(route_scope_name(0, buf), "global");
	assert_string_equal(route_type_name(7, buf), "unreachable");
	assert_string_equal(route_dst_str(&r, d), "10.1.0.2");
	r.dst_len = 0;
	assert_string_equal(route_dst_str(&r, d), "default");
	assert_string_equal(route_flag_name(0x14, 0), "onlink");
	assert_string_equal(route_flag_name(0x14, 1), "linkdown");
	assert_null(route_flag_name(0x14, 2));
	/* "dynamic" when not permanent; "temporary" for IPv6 secondary */
	assert_string_equal(route_ifa_flag_name(ROUTE_AF_INET, 0, 0), "dynamic");
	assert_null(route_ifa_flag_name(ROUTE_AF_INET, 0x80, 0));
	assert_string_equal(route_ifa_flag_name(ROUTE_AF_INET6, 0x81, 0),
			    "temporary");
	/* tentative is IPv6 only */
	assert_null(route_ifa_flag_name(ROUTE_AF_INET, 0x40 | 0x80, 0));
	assert_string_equal(route_operstate_name(6), "up");
}

static void test_proc_net_route(void **state)
{
	static const char text[] =
		"Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\t"
		"Mask\t\tMTU\tWindow\tIRTT\n"
		"eth0\t00000000\t017AA8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
		"eth1\t00000000\t0100320A\t0003\t0\t0\t500\t00000000\t0\t0\t0\n"
		"eth0\t007AA8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\n"
		"eth1\t0000320A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"
		"*\t0000080A\t00000000\t0201\t0\t0\t0\t0000FFFF\t0\t0\t0\n";
	struct route_snapshot s;
	struct route_info r;
	char err[256], buf[ROUTE_PREFIX_STRLEN], gw[ROUTE_ADDR_STRLEN];

	(void)state;
	route_snapshot_init(&s);
	assert_int_equal(route_parse_proc_net_route(text, &s, err,
						    sizeof(err)), 5);
	assert_int_equal(s.nlinks, 2);
	route_snapshot_get(&s, 0, &r);
	assert_string_equal(route_dst_str(&r, buf), "default");
	assert_string_equal(route_addr_str(r.gw_family, r.gw, gw),
			    "192.168.122.1");
	assert_int_equal(r.metric, 100);
	assert_string_equal(route_snapshot_dev(&s, r.oif), "eth0");
	route_snapshot_get(&s, 2, &r);
	assert_string_equal(route_dst_str(&r, buf), "192.168.122.0/24");
	assert_int_equal(r.scope, ROUTE_SCOPE_LINK);
	route_snapshot_get(&s, 4, &r);
	assert_int_equal(r.type, 7);	/* unreachable */
	assert_int_equal(r.oif, 0);
	assert_int_equal(route_parse_proc_net_route("garbage", &s, err,
						    sizeof(err)), -1);
	assert_non_null(strstr(err, "Iface"));
	route_snapshot_free(&s);
}

/* A hostile guest's /proc/net/route (read through the agent): a line of
 * escape sequences, C1 and invalid UTF-8, or an interface named with
 * them, is an error that quotes none of its bytes. */
static void test_proc_net_route_hostile(void **state)
{
	static const char head[] =
		"Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\t"
		"Mask\t\tMTU\tWindow\tIRTT\n";
	static const char *const bad[] = {
		"eth0\t00000000\t017AA8C0\t0003\t0\t0\t100\t00000000\t0\n"
		"\x1b[2J\x1b]0;pwned\x07\x9b\xff\n",
		"e\x1b[2J\t00000000\t017AA8C0\t0003\t0\t0\t100\t00000000\n",
		"e\x9b\xc0\t00000000\t017AA8C0\t0003\t0\t0\t100\t00000000\n",
	};
	struct route_snapshot s;
	char text[512], err[256];

	(void)state;
	route_snapshot_init(&s);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "%s%s", head, bad[i]);
		assert_int_equal(route_parse_proc_net_route(text, &s, err,
							    sizeof(err)), -1);
		assert_non_null(strstr(err, "line "));
		for (const char *c = err; *c; c++)
			if ((unsigned char)*c < 0x20 ||
			    (unsigned char)*c >= 0x7f)
				fail_msg("case %zu: byte 0x%02x in \"%s\"", i,
					 (unsigned char)*c, err);
	}
	route_snapshot_free(&s);
}

/* eth0 (MAC ...01) metric 100, eth1 (offline in the plan) metric 50,
 * eth2 metric 100 (a tie with eth0), eth3 down metric 10. */
static void build_view(struct route_snapshot *s, struct plan *p,
		       struct route_view_opts *o)
{
	struct route_info r;

	route_snapshot_init(s);
	add_link(s, 2, "ens3", "52:54:00:00:00:01", true);
	add_link(s, 3, "eth1", "52:54:00:00:00:02", true);
	add_link(s, 4, "eth2", "52:54:00:00:00:03", true);
	add_link(s, 5, "eth3", "52:54:00:00:00:04", false);
	r = v4("10.0.0.0", 8, NULL, 2, 0);
	assert_int_equal(route_snapshot_append(s, &r), 0);
	r = v4("0.0.0.0", 0, "10.0.0.1", 2, 100);
	assert_int_equal(route_snapshot_append(s, &r), 0);
	r = v4("0.0.0.0", 0, "10.1.0.1", 3, 50);
	assert_int_equal(route_snapshot_append(s, &r), 0);
	r = v4("0.0.0.0", 0, "10.2.0.1", 4, 100);
	assert_int_equal(route_snapshot_append(s, &r), 0);
	r = v4("0.0.0.0", 0, "10.3.0.1", 5, 10);
	r.flags = ROUTE_F_LINKDOWN;
	assert_int_equal(route_snapshot_append(s, &r), 0);
	r = v4("10.0.0.1", 32, NULL, 2, 0);
	r.table = ROUTE_TABLE_LOCAL;
	r.type = ROUTE_TYPE_LOCAL;
	assert_int_equal(route_snapshot_append(s, &r), 0);

	plan_init(p);
	snprintf(plan_add_nic(p)->name, PLAN_NAME_MAX, "eth0");
	plan_nic_set_metric(&p->nics[0], 100);
	snprintf(plan_add_nic(p)->name, PLAN_NAME_MAX, "eth1");
	snprintf(p->nics[1].mac, PLAN_ADDR_MAX, "52:54:00:00:00:02");
	plan_nic_set_metric(&p->nics[1], 500);
	p->nics[1].offline = true;
	memset(o, 0, sizeof(*o));
	o->plan = p;
	o->nic_mac[0] = "52:54:00:00:00:01";	/* from the state dir */
}

static void test_view_defaults(void **state)
{
	struct route_snapshot s;
	struct route_view v;
	struct route_view_opts o;
	struct plan p;
	struct route_info r;

	(void)state;
	build_view(&s, &p, &o);
	route_view_init(&v);
	assert_int_equal(route_view_build(&v, &s, &o), 0);
	assert_int_equal(v.n, 6);
	assert_int_equal(v.ndefaults, 4);
	/* lowest metric first: eth3 (down), eth1, ens3, eth2 */
	route_snapshot_get(&s, v.defaults[0].route, &r);
	assert_int_equal(r.oif, 5);
	assert_true(v.defaults[0].flags & ROUTE_DEF_DOWN);
	assert_int_equal(v.in_use, 1);
	route_snapshot_get(&s, v.defaults[1].route, &r);
	assert_int_equal(r.oif, 3);
	assert_int_equal(v.defaults[1].nic, 1);
	assert_true(v.defaults[1].flags & ROUTE_DEF_IN_USE);
	assert_true(v.defaults[1].flags & ROUTE_DEF_OFFLINE);
	assert_true(v.defaults[1].flags & ROUTE_DEF_METRIC_DIFFERS);
	assert_int_equal(v.defaults[2].nic, 0);	/* ens3 by the stored MAC */
	assert_true(v.defaults[2].flags & ROUTE_DEF_TIE);
	assert_false(v.defaults[2].flags & ROUTE_DEF_METRIC_DIFFERS);
	assert_true(v.defaults[3].flags & ROUTE_DEF_TIE);
	assert_int_equal(v.defaults[3].nic, -1);	/* eth2: not by name */
	/* the problems, each on its field */
	assert_int_equal(diag_find(&v.problems, "nics[1].offline")->severity,
			 DIAG_ERROR);
	assert_non_null(strstr(diag_find(&v.problems,
					 "nics[1].offline")->message,
			       "offline network"));
	assert_non_null(diag_find(&v.problems, "nics[1].metric"));
	assert_non_null(strstr(diag_find(&v.problems, "nics[0].metric")->message,
			       "same metric 100"));
	/* display order: main table defaults by metric, then others; the
	 * local table last */
	route_snapshot_get(&s, v.order[0], &r);
	assert_int_equal(r.dst_len, 0);
	assert_int_equal(r.metric, 10);
	route_snapshot_get(&s, v.order[5], &r);
	assert_int_equal(r.table, ROUTE_TABLE_LOCAL);

	/* by name too (the guest's view): eth2 is no plan NIC, eth0 none */
	o.by_name = true;
	o.hide_local = true;
	assert_int_equal(route_view_build(&v, &s, &o), 0);
	assert_int_equal(v.n, 5);
	assert_int_equal(route_view_nic_ifindex(&s, &o, 1), 3);
	route_view_free(&v);
	route_snapshot_free(&s);
}

static void test_view_no_default(void **state)
{
	struct route_snapshot s;
	struct route_view v;
	struct route_info r = v4("10.0.0.0", 8, NULL, 2, 0);

	(void)state;
	route_snapshot_init(&s);
	assert_int_equal(route_snapshot_append(&s, &r), 0);
	route_view_init(&v);
	assert_int_equal(route_view_build(&v, &s, NULL), 0);
	assert_int_equal(v.ndefaults, 0);
	assert_int_equal(v.in_use, -1);
	assert_int_equal(v.problems.count, 1);
	assert_non_null(strstr(v.problems.items[0].message,
			       "no IPv4 default route"));
	route_view_free(&v);
	route_snapshot_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slot_is_compact),
		cmocka_unit_test(test_dst_of_slot),
		cmocka_unit_test(test_put_find_remove),
		cmocka_unit_test(test_ipv6_and_multipath),
		cmocka_unit_test(test_replace),
		cmocka_unit_test(test_index_many),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_addrs_and_links),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_proc_net_route),
		cmocka_unit_test(test_proc_net_route_hostile),
		cmocka_unit_test(test_view_defaults),
		cmocka_unit_test(test_view_no_default),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
