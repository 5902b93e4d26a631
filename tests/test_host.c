/*
 * test_host.c - unit tests of src/core/host.c: the profile suggestion from
 * the host's libvirt networks and the uplink verdict for host NICs.
 * Pure: builds the structs by hand, touches nothing on the machine.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/host.h"

static struct host_net *add_net(struct host_net_list *l, const char *name,
				const char *forward, const char *addr, bool dhcp)
{
	struct host_net *n = &l->items[l->count++];

	memset(n, 0, sizeof(*n));
	snprintf(n->name, sizeof(n->name), "%s", name);
	snprintf(n->forward, sizeof(n->forward), "%s", forward);
	snprintf(n->address, sizeof(n->address), "%s", addr);
	n->dhcp = dhcp;
	n->active = true;
	return n;
}

static void test_profile_default_is_client(void **state)
{
	struct host_net_list l = { .count = 0 };
	char why[256];

	(void)state;
	add_net(&l, "edge-int", "", "172.20.0.1/24", true);
	add_net(&l, "default", "nat", "192.168.122.1/24", true);
	assert_int_equal(host_suggest_profile(&l, why, sizeof(why)),
			 PROFILE_CLIENT);
	assert_string_equal(why, "libvirt network 'default' is a ready NAT "
			    "network with DHCP, as on a client host");
}

static void test_profile_prefers_default(void **state)
{
	struct host_net_list l = { .count = 0 };
	char why[256];

	(void)state;
	add_net(&l, "another", "nat", "10.9.0.1/24", true);
	add_net(&l, "default", "nat", "192.168.122.1/24", true);
	assert_int_equal(host_suggest_profile(&l, why, sizeof(why)),
			 PROFILE_CLIENT);
	assert_non_null(strstr(why, "'default'"));
}

static void test_profile_other_nat_is_client(void **state)
{
	struct host_net_list l = { .count = 0 };
	char why[256];

	(void)state;
	add_net(&l, "default", "nat", "192.168.122.1/24", false);
	add_net(&l, "lab", "nat", "10.9.0.1/24", true)->active = false;
	assert_int_equal(host_suggest_profile(&l, why, sizeof(why)),
			 PROFILE_CLIENT);
	assert_non_null(strstr(why, "'lab'"));
	assert_non_null(strstr(why, "not running"));
}

static void test_profile_server(void **state)
{
	struct host_net_list l = { .count = 0 };
	char why[256];

	(void)state;
	assert_int_equal(host_suggest_profile(&l, why, sizeof(why)),
			 PROFILE_SERVER);
	assert_non_null(strstr(why, "no libvirt network"));
	assert_int_equal(host_suggest_profile(NULL, why, sizeof(why)),
			 PROFILE_SERVER);

	add_net(&l, "plant", "bridge", "", false);
	add_net(&l, "iso", "", "172.20.0.1/24", true);
	add_net(&l, "nat-nodhcp", "nat", "10.1.0.1/24", false);
	add_net(&l, "route", "route", "10.2.0.1/24", true);
	assert_int_equal(host_suggest_profile(&l, why, sizeof(why)),
			 PROFILE_SERVER);
	assert_non_null(strstr(why, "server host"));
}

static void test_profile_small_buffers(void **state)
{
	struct host_net_list l = { .count = 0 };
	char why[8];

	(void)state;
	add_net(&l, "default", "nat", "192.168.122.1/24", true);
	assert_int_equal(host_suggest_profile(&l, NULL, 0), PROFILE_CLIENT);
	memset(why, 'x', sizeof(why));
	assert_int_equal(host_suggest_profile(&l, why, sizeof(why)),
			 PROFILE_CLIENT);
	assert_int_equal(strlen(why), sizeof(why) - 1);
	/* A count beyond the array is clamped, not trusted. */
	l.count = HOST_MAX_NETS + 5;
	assert_int_equal(host_suggest_profile(&l, NULL, 0), PROFILE_CLIENT);
}

static struct host_nic nic(const char *name, const char *kind)
{
	struct host_nic n;

	memset(&n, 0, sizeof(n));
	snprintf(n.name, sizeof(n.name), "%s", name);
	snprintf(n.kind, sizeof(n.kind), "%s", kind);
	snprintf(n.mac, sizeof(n.mac), "00:11:22:33:44:55");
	n.speed_mbps = -1;
	return n;
}

static void expect_no(struct host_nic n, const char *needle)
{
	const char *why = NULL;

	assert_false(host_nic_can_uplink(&n, &why));
	assert_non_null(why);
	if (!strstr(why, needle))
		fail_msg("%s: reason '%s' lacks '%s'", n.name, why, needle);
}

static void test_uplink_rejects(void **state)
{
	struct host_nic n;

	(void)state;
	expect_no(nic("lo", ""), "loopback");
	expect_no(nic("br0", "bridge"), "is a bridge");
	n = nic("eth1", "");
	snprintf(n.master, sizeof(n.master), "br0");
	expect_no(n, "already enslaved");
	n = nic("wlp3s0", "");
	n.wireless = true;
	n.physical = true;
	expect_no(n, "Wi-Fi cannot be bridged");
	expect_no(nic("tap0", "tun"), "tun/tap");
	expect_no(nic("virbr0", "bridge"), "bridge");
	expect_no(nic("virbr0-nic", "tun"), "tun/tap");
	expect_no(nic("virbr1-x", ""), "virbr");
	expect_no(nic("vnet3", ""), "vnet");
	expect_no(nic("macvtap0", "macvtap"), "macvtap");
	n = nic("gre1", "gre");
	n.mac[0] = '\0';
	expect_no(n, "no Ethernet address");
}

static void test_uplink_accepts(void **state)
{
	struct host_nic n = nic("enp2s0", "");
	const char *why = NULL;

	(void)state;
	n.physical = true;
	assert_true(host_nic_can_uplink(&n, &why));
	assert_non_null(why);
	/* veth ends are allowed: the tests use them as the plant NIC. */
	n = nic("plant0", "veth");
	assert_true(host_nic_can_uplink(&n, &why));
	/* Down and without carrier is still a candidate (shown as such). */
	n = nic("eno1", "");
	n.up = false;
	n.carrier = false;
	assert_true(host_nic_can_uplink(&n, NULL));
	assert_false(host_nic_can_uplink(NULL, &why));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_profile_default_is_client),
		cmocka_unit_test(test_profile_prefers_default),
		cmocka_unit_test(test_profile_other_nat_is_client),
		cmocka_unit_test(test_profile_server),
		cmocka_unit_test(test_profile_small_buffers),
		cmocka_unit_test(test_uplink_rejects),
		cmocka_unit_test(test_uplink_accepts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
