/*
 * test_virt_links.c - unit tests of src/backend/virt_links.c: a
 * simulated host's NICs from libvirt's interface definitions.  The
 * parser on interface XML as libvirt writes it (ethernet with and
 * without <link>, a bridge and a bond with the NICs under them, a vlan,
 * a Wi-Fi name, IPv4 addresses) and on bad XML (no name, a name too
 * long, not an <interface>, malformed, an IPv4 address or prefix that is
 * not one: a message, nothing added); then libvirt's test driver on the
 * demo host (data/demo-node.xml; directory from EDGENET_DATADIR, else
 * "data"): exactly the node file's NICs, none of this machine's, with
 * the uplink verdicts the wizard shows and the plant port's address.
 * No daemon; touches nothing.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "backend/virt.h"
#include "backend/virt_links.h"
#include "core/host.h"

static const struct host_nic *find(const struct host_nic_list *l,
				   const char *name)
{
	for (size_t i = 0; i < l->count; i++)
		if (strcmp(l->items[i].name, name) == 0)
			return &l->items[i];
	return NULL;
}

static void parse_ok(const char *xml, bool active, struct host_nic_list *l)
{
	char err[256] = "";

	if (virt_links_parse_xml(xml, active, l, err, sizeof(err)) != 0)
		fail_msg("parse: %s", err);
}

static void test_parse_ethernet(void **state)
{
	struct host_nic_list l = { .count = 0 };
	const struct host_nic *n;

	(void)state;
	parse_ok("<interface type='ethernet' name='enp2s0'>\n"
		 "  <start mode='onboot'/>\n"
		 "  <link speed='1000' state='up'/>\n"
		 "  <mac address='00:1b:21:3a:4c:10'/>\n"
		 "</interface>\n", true, &l);
	parse_ok("<interface type='ethernet' name='enp3s0'>"
		 "<mac address='00:1b:21:3a:4c:11'/></interface>", false, &l);
	assert_int_equal(l.count, 2);
	n = find(&l, "enp2s0");
	assert_non_null(n);
	assert_string_equal(n->mac, "00:1b:21:3a:4c:10");
	assert_true(n->up);
	assert_true(n->carrier);
	assert_int_equal(n->speed_mbps, 1000);
	assert_true(n->physical);
	assert_false(n->wireless);
	assert_string_equal(n->kind, "");
	assert_string_equal(n->master, "");
	assert_true(host_nic_can_uplink(n, NULL));
	/* no <link>: no carrier, speed unknown; not active: down */
	n = find(&l, "enp3s0");
	assert_non_null(n);
	assert_false(n->up);
	assert_false(n->carrier);
	assert_int_equal(n->speed_mbps, -1);
}

static void test_parse_bridge_bond_vlan_wifi(void **state)
{
	struct host_nic_list l = { .count = 0 };
	const struct host_nic *n;
	const char *why;

	(void)state;
	parse_ok("<interface type='bridge' name='br0'>"
		 "<bridge stp='off'>"
		 "<interface type='ethernet' name='enp4s0'>"
		 "<link speed='100' state='up'/>"
		 "<mac address='00:1b:21:3a:4c:12'/></interface>"
		 "<interface type='ethernet' name='enp5s0'>"
		 "<mac address='00:1b:21:3a:4c:14'/></interface>"
		 "</bridge></interface>", true, &l);
	parse_ok("<interface type='bond' name='bond0'><bond mode='active-backup'>"
		 "<interface type='ethernet' name='eno1'>"
		 "<mac address='00:1b:21:3a:4c:20'/></interface>"
		 "</bond></interface>", true, &l);
	parse_ok("<interface type='vlan' name='enp2s0.10'>"
		 "<vlan tag='10'><interface name='enp2s0'/></vlan>"
		 "</interface>", true, &l);
	parse_ok("<interface type='ethernet' name='wlp1s0'>"
		 "<link state='up'/><mac address='00:1b:21:3a:4c:13'/>"
		 "</interface>", true, &l);
	assert_int_equal(l.count, 7);
	n = find(&l, "br0");
	assert_string_equal(n->kind, "bridge");
	assert_false(n->physical);
	assert_false(host_nic_can_uplink(n, NULL));
	n = find(&l, "enp4s0");
	assert_string_equal(n->master, "br0");
	assert_true(n->carrier);
	assert_int_equal(n->speed_mbps, 100);
	assert_false(host_nic_can_uplink(n, &why));
	assert_non_null(strstr(why, "enslaved"));
	assert_string_equal(find(&l, "enp5s0")->master, "br0");
	assert_string_equal(find(&l, "bond0")->kind, "bond");
	assert_string_equal(find(&l, "eno1")->master, "bond0");
	assert_string_equal(find(&l, "enp2s0.10")->kind, "vlan");
	n = find(&l, "wlp1s0");
	assert_true(n->wireless);
	assert_false(host_nic_can_uplink(n, &why));
	assert_non_null(strstr(why, "Wi-Fi"));
}

/* <protocol family='ipv4'><ip address= prefix=>: the NIC's addresses, a
 * bridge's and a NIC's under it each their own; IPv6 is not read. */
static void test_parse_addrs(void **state)
{
	struct host_nic_list l = { .count = 0 };
	const struct host_nic *n;

	(void)state;
	parse_ok("<interface type='ethernet' name='enp2s0'>"
		 "<protocol family='ipv6'><ip address='fd00::5' prefix='64'/>"
		 "</protocol>"
		 "<protocol family='ipv4'>"
		 "<ip address='192.168.10.20' prefix='24'/>"
		 "<ip address='10.1.2.3' prefix='32'/>"
		 "</protocol>"
		 "<mac address='00:1b:21:3a:4c:10'/></interface>", true, &l);
	parse_ok("<interface type='bridge' name='br0'>"
		 "<protocol family='ipv4'><dhcp/>"
		 "<ip address='172.16.4.9' prefix='20'/></protocol>"
		 "<bridge><interface type='ethernet' name='enp4s0'>"
		 "<mac address='00:1b:21:3a:4c:12'/></interface>"
		 "</bridge></interface>", true, &l);
	parse_ok("<interface type='ethernet' name='enp3s0'/>", true, &l);
	n = find(&l, "enp2s0");
	assert_int_equal(n->naddrs, 2);
	assert_string_equal(n->addrs[0], "192.168.10.20/24");
	assert_string_equal(n->addrs[1], "10.1.2.3/32");
	n = find(&l, "br0");
	assert_int_equal(n->naddrs, 1);
	assert_string_equal(n->addrs[0], "172.16.4.9/20");
	assert_int_equal(find(&l, "enp4s0")->naddrs, 0);
	assert_int_equal(find(&l, "enp3s0")->naddrs, 0);
}

static void test_parse_bad(void **state)
{
	static const char *const bad[] = {
		"<interface type='ethernet'><mac address='00:1b:21:3a:4c:10'/>"
		"</interface>",
		"<interface type='ethernet' name='a-name-far-too-long-for-linux'/>",
		"<network><name>default</name></network>",
		"<interface type='ethernet' name='enp2s0'",
		"<interface type='bridge' name='br9'><bridge>"
		"<interface type='ethernet'/></bridge></interface>",
		"<interface type='ethernet' name='eth&#27;[2J'/>",
		"<interface type='ethernet' name='eth 0'/>",
		"<interface type='ethernet' name='eth9'>"
		"<mac address='00:1b:21:3a:4c:1g'/></interface>",
		"<interface type='ethernet' name='eth9'><protocol "
		"family='ipv4'><ip address='192.168.10.256' prefix='24'/>"
		"</protocol></interface>",
		"<interface type='ethernet' name='eth9'><protocol "
		"family='ipv4'><ip prefix='24'/></protocol></interface>",
		"<interface type='ethernet' name='eth9'><protocol "
		"family='ipv4'><ip address='10.0.0.1' prefix='33'/>"
		"</protocol></interface>",
		"<interface type='bridge' name='br9'><bridge>"
		"<interface type='ethernet' name='eth9'><protocol "
		"family='ipv4'><ip address='10.0.0.1'/></protocol>"
		"</interface></bridge></interface>",
	};
	static const char *const words[] = {
		"without a name", "longer than an interface name", "not "
		"<interface>", "interface XML: ", "without a name",
		"may only contain letters, digits",
		"may only contain letters, digits", "not six pairs",
		"eth9: an IPv4 <ip> whose address is missing or not four",
		"eth9: an IPv4 <ip> whose address is missing",
		"eth9: an IPv4 <ip> whose prefix is missing or not a whole "
		"number 0-32", "eth9: an IPv4 <ip> whose prefix is missing",
	};
	struct host_nic_list l = { .count = 0 };
	char err[256];

	(void)state;
	parse_ok("<interface type='ethernet' name='enp2s0'/>", true, &l);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(virt_links_parse_xml(bad[i], true, &l, err,
						      sizeof(err)), -1);
		if (!strstr(err, words[i]))
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, err,
				 words[i]);
		assert_int_equal(l.count, 1);	/* nothing half-added */
	}
	assert_int_equal(virt_links_parse_xml(NULL, true, &l, err,
					      sizeof(err)), -1);
}

static void demo_uri(char *uri, size_t len)
{
	const char *dir = getenv("EDGENET_DATADIR");
	char path[PATH_MAX], abs[PATH_MAX];

	snprintf(path, sizeof(path), "%s/demo-node.xml",
		 dir && *dir ? dir : "data");
	if (!realpath(path, abs))
		fail_msg("cannot find %s (set EDGENET_DATADIR)", path);
	snprintf(uri, len, "test://%s", abs);
}

static void test_demo_host(void **state)
{
	static const char *const names[] = {
		"br0", "enp2s0", "enp3s0", "enp4s0", "wlp1s0",
	};
	struct virt_conn *c;
	struct host_link_ops ops;
	struct host_nic_list l;
	const struct host_nic *n;
	char uri[PATH_MAX + 16], err[256] = "";

	(void)state;
	demo_uri(uri, sizeof(uri));
	c = virt_connect(uri, err, sizeof(err));
	if (!c)
		fail_msg("connect: %s", err);
	assert_int_equal(virt_links_open(c, "the demo host (its node file)",
					 &ops, err, sizeof(err)), 0);
	memset(&l, 0x5a, sizeof(l));
	if (ops.list_nics(ops.ctx, &l, err, sizeof(err)) != 0)
		fail_msg("list_nics: %s", err);
	assert_string_equal(l.source, "the demo host (its node file)");
	/* the node file's NICs, in name order, and nothing else (no lo,
	 * nothing of this machine's) */
	assert_int_equal(l.count, sizeof(names) / sizeof(names[0]));
	for (size_t i = 0; i < l.count; i++)
		assert_string_equal(l.items[i].name, names[i]);
	n = find(&l, "enp2s0");
	assert_string_equal(n->mac, "00:1b:21:3a:4c:10");
	assert_true(n->carrier);
	assert_int_equal(n->speed_mbps, 1000);
	assert_true(host_nic_can_uplink(n, NULL));
	n = find(&l, "enp3s0");
	assert_false(n->carrier);
	assert_true(host_nic_can_uplink(n, NULL));
	assert_string_equal(find(&l, "enp4s0")->master, "br0");
	assert_false(host_nic_can_uplink(find(&l, "enp4s0"), NULL));
	assert_false(host_nic_can_uplink(find(&l, "wlp1s0"), NULL));
	assert_false(host_nic_can_uplink(find(&l, "br0"), NULL));
	/* the plant port's address, and only its */
	assert_true(l.addrs_known);
	n = find(&l, "enp2s0");
	assert_int_equal(n->naddrs, 1);
	assert_string_equal(n->addrs[0], "192.168.10.20/24");
	for (size_t i = 0; i < l.count; i++)
		if (&l.items[i] != n)
			assert_int_equal(l.items[i].naddrs, 0);
	virt_links_close(&ops);
	assert_null(ops.list_nics);
	assert_null(ops.ctx);
	virt_links_close(&ops);		/* twice: harmless */
	virt_close(c);
}

static void test_not_connected(void **state)
{
	struct host_link_ops ops;
	char err[256] = "";

	(void)state;
	assert_int_equal(virt_links_open(NULL, NULL, &ops, err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "not connected"));
	assert_null(ops.list_nics);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_ethernet),
		cmocka_unit_test(test_parse_bridge_bond_vlan_wifi),
		cmocka_unit_test(test_parse_addrs),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_demo_host),
		cmocka_unit_test(test_not_connected),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
