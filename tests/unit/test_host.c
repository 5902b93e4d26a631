/*
 * test_host.c - unit tests of src/core/host.c: the profile suggestion from
 * the host's libvirt networks and the uplink verdict for host NICs; and of
 * src/core/hostcheck.c: the plan against the host's facts (the VM defined
 * or not, a new switch on a subnet a host network or an address of a host
 * interface already uses).
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
#include "core/hostcheck.h"
#include "core/ipv4.h"

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


/* ---- hostcheck: the plan against the host's facts ---- */

static void hc_plan(struct plan *p, const char *vm)
{
	struct plan_switch *s;
	struct plan_nic *n;

	plan_init(p);
	p->profile = PROFILE_CLIENT;
	snprintf(p->domain, sizeof(p->domain), "%s", vm);
	s = plan_add_switch(p);
	snprintf(s->name, sizeof(s->name), "edge-nat");
	s->type = SWITCH_INTERNAL;
	snprintf(s->address, sizeof(s->address), "192.168.122.1/24");
	s->nat = true;
	n = plan_add_nic(p);
	snprintf(n->name, sizeof(n->name), "eth0");
	snprintf(n->switch_name, sizeof(n->switch_name), "edge-nat");
	n->primary = true;
	n->mode = IP_DHCP;
}

static void add_dom(struct host_domain_list *d, const char *name)
{
	snprintf(d->names[d->count++], PLAN_NAME_MAX, "%s", name);
	d->total++;
}

static void print_hc(const struct diag_list *d)
{
	for (size_t i = 0; i < d->count; i++)
		print_message("  %s %s: %s\n",
			      diag_severity_name(d->items[i].severity),
			      d->items[i].path, d->items[i].message);
}

/* One diagnostic at PATH with SEV containing TEXT, and nothing else. */
static void expect_one(const struct plan *p, const struct host_facts *h,
		       const char *path, enum diag_severity sev,
		       const char *text)
{
	struct diag_list d;

	diag_list_init(&d);
	host_check_plan(p, h, &d);
	print_hc(&d);
	assert_int_equal(d.count, 1);
	assert_string_equal(d.items[0].path, path);
	assert_int_equal(d.items[0].severity, sev);
	assert_non_null(strstr(d.items[0].message, text));
	diag_list_free(&d);
}

static void expect_none(const struct plan *p, const struct host_facts *h)
{
	struct diag_list d;

	diag_list_init(&d);
	host_check_plan(p, h, &d);
	print_hc(&d);
	assert_int_equal(d.count, 0);
	diag_list_free(&d);
}

static void test_hc_vm_not_defined(void **state)
{
	struct host_domain_list doms = { .count = 0 };
	struct host_facts h = { NULL, &doms, NULL };
	struct plan p;

	(void)state;
	add_dom(&doms, "edge-vm");
	add_dom(&doms, "historian");
	hc_plan(&p, "edge-vn");
	expect_one(&p, &h, "vm", DIAG_ERROR,
		   "the VM \"edge-vn\" is not defined on this host, so the "
		   "plan cannot be applied; name the VM one of "
		   "\"edge-vm\" or \"historian\" (vm), or define the VM "
		   "first");
	hc_plan(&p, "historian");
	expect_none(&p, &h);
	/* one VM: named without "one of" */
	doms.count = doms.total = 0;
	add_dom(&doms, "edge-vm");
	hc_plan(&p, "edge");
	expect_one(&p, &h, "vm", DIAG_ERROR, "name the VM \"edge-vm\" (vm), or");
	/* no VM at all */
	doms.count = doms.total = 0;
	expect_one(&p, &h, "vm", DIAG_ERROR, "which has no VMs at all");
}

static void test_hc_vm_unknown_facts(void **state)
{
	struct host_domain_list doms = { .count = 0 };
	struct host_facts h = { NULL, NULL, NULL };
	struct plan p;

	(void)state;
	hc_plan(&p, "edge-vn");
	expect_none(&p, &h);		/* no list: nothing said */
	add_dom(&doms, "a");
	doms.total = HOST_MAX_DOMAINS + 5;	/* the list is cut */
	h.domains = &doms;
	expect_none(&p, &h);
	/* a name plan_validate rejects is left to it */
	doms.total = doms.count;
	hc_plan(&p, "<vm>");
	expect_none(&p, &h);
	hc_plan(&p, "");
	expect_none(&p, &h);
}

/* Names from libvirt never bring control characters into a message; a
 * long list is cut with a count. */
static void test_hc_vm_names_safe(void **state)
{
	struct host_domain_list doms = { .count = 0 };
	struct host_facts h = { NULL, &doms, NULL };
	struct diag_list d;
	struct plan p;
	char name[16];

	(void)state;
	add_dom(&doms, "evil\033[2J");
	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "vm%02d", i);
		add_dom(&doms, name);
	}
	hc_plan(&p, "edge-vm");
	diag_list_init(&d);
	host_check_plan(&p, &h, &d);
	assert_int_equal(d.count, 1);
	assert_null(strchr(d.items[0].message, '\033'));
	assert_non_null(strstr(d.items[0].message, "\"evil\\x1b[2J\""));
	assert_non_null(strstr(d.items[0].message, " and 9 more"));
	diag_list_free(&d);
}

static void test_hc_switch_overlaps_running(void **state)
{
	struct host_net_list l = { .count = 0 };
	struct host_facts h = { &l, NULL, NULL };
	struct plan p;

	(void)state;
	add_net(&l, "default", "nat", "192.168.122.1/24", true);
	hc_plan(&p, "edge-vm");
	/* internal switch vs a NAT network: not the same type, so no
	 * "name this switch" */
	expect_one(&p, &h, "switches[0].address", DIAG_ERROR,
		   "192.168.122.0/24 is already used by network \"default\", "
		   "running on this host; use another subnet, such as "
		   "192.168.123.1/24");
	/* a wider plan subnet, an internal host network: reuse offered;
	 * no other /16 in 192.168.0.0/16 to suggest */
	l.items[0].type = SWITCH_INTERNAL;
	snprintf(p.switches[0].address, sizeof(p.switches[0].address),
		 "192.168.0.1/16");
	expect_one(&p, &h, "switches[0].address", DIAG_ERROR,
		   "overlaps 192.168.122.0/24 of network \"default\", running "
		   "on this host; use another subnet, or name this switch "
		   "\"default\" to use it");
}

static void test_hc_switch_suggestion_is_free(void **state)
{
	struct host_net_list l = { .count = 0 };
	struct host_facts h = { &l, NULL, NULL };
	struct plan_switch *s;
	struct plan p;

	(void)state;
	add_net(&l, "default", "nat", "192.168.122.1/24", true);
	add_net(&l, "lab", "", "192.168.123.1/24", true)->active = false;
	hc_plan(&p, "edge-vm");
	s = plan_add_switch(&p);
	snprintf(s->name, sizeof(s->name), "edge-iso");
	s->type = SWITCH_INTERNAL;
	snprintf(s->address, sizeof(s->address), "192.168.124.1/24");
	/* .123 is the host's (even not running), .124 the plan's own */
	expect_one(&p, &h, "switches[0].address", DIAG_ERROR,
		   "such as 192.168.125.1/24");
}

static void test_hc_switch_overlaps_defined(void **state)
{
	struct host_net_list l = { .count = 0 };
	struct host_facts h = { &l, NULL, NULL };
	struct plan p;

	(void)state;
	add_net(&l, "old-lab", "", "192.168.122.129/25", false)->active =
		false;
	hc_plan(&p, "edge-vm");
	expect_one(&p, &h, "switches[0].address", DIAG_WARNING,
		   "overlaps 192.168.122.128/25 of network \"old-lab\", "
		   "defined on this host (not running), and both cannot run "
		   "at once");
}

/* A switch named like a host network is that network; a host network
 * the plan redefines no longer holds its old subnet; external switches
 * and other subnets are not concerned. */
static void test_hc_switch_no_overlap(void **state)
{
	struct host_net_list l = { .count = 0 };
	struct host_facts h = { &l, NULL, NULL };
	struct plan_switch *s;
	struct plan p;

	(void)state;
	add_net(&l, "edge-nat", "nat", "192.168.122.1/24", true);
	add_net(&l, "plant", "bridge", "", false);
	hc_plan(&p, "edge-vm");
	expect_none(&p, &h);			/* reused by name */
	snprintf(l.items[0].name, sizeof(l.items[0].name), "default");
	s = plan_add_switch(&p);
	snprintf(s->name, sizeof(s->name), "default");
	s->type = SWITCH_DEFAULT;
	snprintf(s->address, sizeof(s->address), "10.0.0.1/24");
	expect_none(&p, &h);			/* "default" is redefined */
	s->type = SWITCH_EXTERNAL;
	s->address[0] = '\0';
	snprintf(p.switches[0].address, sizeof(p.switches[0].address),
		 "172.30.0.1/24");
	expect_none(&p, &h);			/* another subnet */
	snprintf(p.switches[0].address, sizeof(p.switches[0].address),
		 "192.168.122.300/24");
	expect_none(&p, &h);			/* plan_validate says it */
}

/* ---- host interfaces' addresses ---- */

static void test_nic_add_addr(void **state)
{
	struct host_nic n;

	(void)state;
	memset(&n, 0, sizeof(n));
	assert_true(host_nic_add_addr(&n, 0xc0a80a14u, 24));
	assert_true(host_nic_add_addr(&n, 0xc0a80a14u, 24));	/* again */
	assert_int_equal(n.naddrs, 1);
	assert_string_equal(n.addrs[0], "192.168.10.20/24");
	assert_false(host_nic_add_addr(&n, 0x0a000001u, 33));
	assert_false(host_nic_add_addr(&n, 0x0a000001u, -1));
	assert_false(host_nic_add_addr(NULL, 0x0a000001u, 8));
	assert_int_equal(n.naddrs, 1);
	for (uint32_t i = 1; i < HOST_NIC_ADDRS; i++)
		assert_true(host_nic_add_addr(&n, 0x0a000000u + i, 32));
	assert_false(n.addrs_cut);
	assert_string_equal(n.addrs[HOST_NIC_ADDRS - 1], "10.0.0.7/32");
	assert_false(host_nic_add_addr(&n, 0xffffffffu, 32));	/* full */
	assert_true(n.addrs_cut);
	assert_int_equal(n.naddrs, HOST_NIC_ADDRS);
}

static struct host_nic *add_hnic(struct host_nic_list *l, const char *name,
				 const char *kind, const char *addr)
{
	struct host_nic *n = &l->items[l->count++];
	uint32_t a;
	int p;

	memset(n, 0, sizeof(*n));
	snprintf(n->name, sizeof(n->name), "%s", name);
	snprintf(n->kind, sizeof(n->kind), "%s", kind);
	if (addr) {
		assert_int_equal(ipv4_parse_cidr(addr, &a, &p), IPV4_OK);
		assert_true(host_nic_add_addr(n, a, p));
	}
	return n;
}

/* The host of these rows: libvirt's default network on virbr0, the
 * plant port enp2s0, a VPN tunnel with a /32, loopback. */
static void hc_host(struct host_net_list *nets, struct host_nic_list *nics)
{
	struct host_net *n;

	memset(nets, 0, sizeof(*nets));
	memset(nics, 0, sizeof(*nics));
	n = add_net(nets, "default", "nat", "192.168.122.1/24", true);
	snprintf(n->bridge, sizeof(n->bridge), "virbr0");
	n->type = SWITCH_DEFAULT;
	add_hnic(nics, "lo", "", "127.0.0.1/8");
	add_hnic(nics, "enp2s0", "", "192.168.1.20/24");
	add_hnic(nics, "enp3s0", "", NULL);
	add_hnic(nics, "tun0", "tun", "10.8.0.6/32");
	add_hnic(nics, "virbr0", "bridge", "192.168.122.1/24");
	nics->addrs_known = true;
}

static void set_sw(struct plan *p, size_t i, enum switch_type t,
		   const char *addr)
{
	p->switches[i].type = t;
	snprintf(p->switches[i].address, sizeof(p->switches[i].address),
		 "%s", addr);
}

/* A new default or internal switch on the subnet of an address of a
 * host interface: an error naming the interface, its address and a free
 * private subnet (before: no word, and the host's plant network would
 * have been cut at apply). */
static void test_hc_switch_overlaps_host_addr(void **state)
{
	struct host_net_list nets;
	struct host_nic_list nics;
	struct host_facts h = { &nets, NULL, &nics };
	struct plan p;

	(void)state;
	hc_host(&nets, &nics);
	hc_plan(&p, "edge-vm");
	set_sw(&p, 0, SWITCH_INTERNAL, "192.168.1.1/24");
	expect_one(&p, &h, "switches[0].address", DIAG_ERROR,
		   "the subnet 192.168.1.0/24 overlaps 192.168.1.20/24 of the "
		   "host's interface \"enp2s0\": the host could not tell "
		   "which way to send that subnet's traffic, and the network "
		   "behind enp2s0 would be cut off; use a free private "
		   "subnet, such as 192.168.2.1/24");
	/* the suggestion is free of the other interfaces' addresses too */
	add_hnic(&nics, "enp4s0", "", "192.168.2.200/23");
	expect_one(&p, &h, "switches[0].address", DIAG_ERROR,
		   "such as 192.168.4.1/24");
	/* a default switch as well */
	set_sw(&p, 0, SWITCH_DEFAULT, "192.168.1.1/24");
	expect_one(&p, &h, "switches[0].address", DIAG_ERROR,
		   "of the host's interface \"enp2s0\"");
	/* a host address of its own (/32) inside the switch's subnet */
	set_sw(&p, 0, SWITCH_INTERNAL, "10.8.0.1/24");
	expect_one(&p, &h, "switches[0].address", DIAG_ERROR,
		   "the subnet 10.8.0.0/24 overlaps 10.8.0.6/32 of the host's "
		   "interface \"tun0\"");
	/* a switch wider than the interface's subnet; no other /8 in
	 * 10.0.0.0/8 to suggest */
	set_sw(&p, 0, SWITCH_INTERNAL, "10.0.0.1/8");
	expect_one(&p, &h, "switches[0].address", DIAG_ERROR,
		   "of the host's interface \"tun0\": the host could not tell "
		   "which way to send that subnet's traffic, and the network "
		   "behind tun0 would be cut off; use a free private subnet");
	/* the bridge of the host's external network holds the plant
	 * address it took from its port */
	add_net(&nets, "plant", "bridge", "", false)->type = SWITCH_EXTERNAL;
	snprintf(nets.items[1].bridge, sizeof(nets.items[1].bridge), "br0");
	add_hnic(&nics, "br0", "bridge", "172.16.9.5/24");
	set_sw(&p, 0, SWITCH_INTERNAL, "172.16.9.1/24");
	expect_one(&p, &h, "switches[0].address", DIAG_ERROR,
		   "the subnet 172.16.9.0/24 overlaps 172.16.9.5/24 of the "
		   "host's interface \"br0\"");
	/* the second switch of a plan */
	set_sw(&p, 0, SWITCH_INTERNAL, "172.31.0.1/24");
	snprintf(plan_add_switch(&p)->name, PLAN_NAME_MAX, "edge-lab");
	set_sw(&p, 1, SWITCH_INTERNAL, "192.168.1.129/25");
	expect_one(&p, &h, "switches[1].address", DIAG_ERROR,
		   "the subnet 192.168.1.128/25 overlaps 192.168.1.20/24 of "
		   "the host's interface \"enp2s0\"");
}

/* Not an overlap with a host interface: a reused host network's own
 * bridge, the bridge of another host network (its network is named
 * instead, once), loopback, another subnet, external switches; and
 * nothing said when the addresses or the networks are not known. */
static void test_hc_switch_host_addr_not_concerned(void **state)
{
	struct host_net_list nets;
	struct host_nic_list nics;
	struct host_facts h = { &nets, NULL, &nics };
	struct plan_switch *s;
	struct plan p;

	(void)state;
	hc_host(&nets, &nics);
	hc_plan(&p, "edge-vm");
	/* the host's "default" reused: virbr0 holds its address */
	snprintf(p.switches[0].name, sizeof(p.switches[0].name), "default");
	snprintf(p.nics[0].switch_name, sizeof(p.nics[0].switch_name),
		 "default");
	set_sw(&p, 0, SWITCH_DEFAULT, "192.168.122.1/24");
	expect_none(&p, &h);
	/* a new switch on virbr0's subnet: the network, said once */
	snprintf(p.switches[0].name, sizeof(p.switches[0].name), "edge-nat");
	expect_one(&p, &h, "switches[0].address", DIAG_ERROR,
		   "already used by network \"default\"");
	/* another subnet */
	set_sw(&p, 0, SWITCH_INTERNAL, "172.20.0.1/24");
	expect_none(&p, &h);
	/* external switches are not routed by the host */
	s = plan_add_switch(&p);
	snprintf(s->name, sizeof(s->name), "plant");
	s->type = SWITCH_EXTERNAL;
	snprintf(s->uplink, sizeof(s->uplink), "enp2s0");
	snprintf(s->address, sizeof(s->address), "192.168.1.1/24");
	expect_none(&p, &h);
	/* unknown addresses or networks: not checked */
	set_sw(&p, 0, SWITCH_INTERNAL, "192.168.1.1/24");
	nics.addrs_known = false;
	expect_none(&p, &h);
	nics.addrs_known = true;
	h.nets = NULL;
	expect_none(&p, &h);
	h.nets = &nets;
	h.nics = NULL;
	expect_none(&p, &h);
	h.nics = &nics;
	expect_one(&p, &h, "switches[0].address", DIAG_ERROR, "\"enp2s0\"");
}

/* An interface name from outside never brings control characters into
 * a message. */
static void test_hc_host_addr_names_safe(void **state)
{
	struct host_net_list nets;
	struct host_nic_list nics;
	struct host_facts h = { &nets, NULL, &nics };
	struct diag_list d;
	struct plan p;

	(void)state;
	hc_host(&nets, &nics);
	add_hnic(&nics, "ev\033[2J", "", "10.77.0.2/24");
	hc_plan(&p, "edge-vm");
	set_sw(&p, 0, SWITCH_INTERNAL, "10.77.0.1/24");
	diag_list_init(&d);
	host_check_plan(&p, &h, &d);
	assert_int_equal(d.count, 1);
	assert_null(strchr(d.items[0].message, '\033'));
	assert_non_null(strstr(d.items[0].message, "\"ev\\x1b[2J\""));
	diag_list_free(&d);
}

/* An external switch whose bridge already holds a host NIC: that NIC is
 * its uplink; another uplink would be a second port on the plant bridge
 * (error at the uplink, naming both and the fix); an uplink that is the
 * port of another bridge is an error too.  VM taps on the bridge are not
 * ports; macvtap needs no bridge; unknown NICs say nothing. */
/* NIC 0 of P static at ADDR/24 on switch SW. */
static void nic_static(struct plan *p, const char *sw, const char *addr)
{
	struct plan_nic *n = &p->nics[0];

	n->mode = IP_STATIC;
	snprintf(n->switch_name, sizeof(n->switch_name), "%s", sw);
	snprintf(n->address, sizeof(n->address), "%s", addr);
	n->has_prefix = true;
	n->prefix = 24;
}

/* A VM given the host's own address (the commonest slip): an error on
 * the address naming the interface, for any switch type, before any
 * probe (a probe sent from a packet socket never reaches the host's own
 * stack: it would say "free").  Not for loopback, not when the
 * addresses are not known, and not twice: the planned host address of a
 * routed switch is plan_validate's, and a reused routed network's
 * bridge gets the plan's address at apply. */
static void test_hc_nic_host_addr(void **state)
{
	struct host_net_list nets;
	struct host_nic_list nics;
	struct host_facts h = { &nets, NULL, &nics };
	struct plan_switch *s;
	struct plan p;

	(void)state;
	hc_host(&nets, &nics);
	add_hnic(&nics, "br0", "bridge", "10.9.0.10/24");
	hc_plan(&p, "edge-vm");
	set_sw(&p, 0, SWITCH_INTERNAL, "172.20.0.1/24");
	s = plan_add_switch(&p);
	snprintf(s->name, sizeof(s->name), "plant");
	s->type = SWITCH_EXTERNAL;
	s->ext_mode = EXT_BRIDGE;
	snprintf(s->uplink, sizeof(s->uplink), "enp3s0");
	snprintf(s->bridge, sizeof(s->bridge), "br0");
	nic_static(&p, "plant", "10.9.0.10");
	expect_one(&p, &h, "nics[0].ip.address", DIAG_ERROR,
		   "10.9.0.10 is this host's own address on br0: the VM needs "
		   "an address of its own");
	nic_static(&p, "plant", "192.168.1.20");
	expect_one(&p, &h, "nics[0].ip.address", DIAG_ERROR,
		   "192.168.1.20 is this host's own address on enp2s0");
	/* a /32 of a tunnel counts too; any switch type */
	nic_static(&p, "edge-nat", "10.8.0.6");
	expect_one(&p, &h, "nics[0].ip.address", DIAG_ERROR,
		   "10.8.0.6 is this host's own address on tun0");
	/* another address of the same network: nothing */
	nic_static(&p, "plant", "10.9.0.11");
	expect_none(&p, &h);
	/* loopback is no interface address of the host's */
	nic_static(&p, "plant", "127.0.0.1");
	expect_none(&p, &h);
	/* addresses not known: not checked */
	nic_static(&p, "plant", "10.9.0.10");
	nics.addrs_known = false;
	expect_none(&p, &h);
	nics.addrs_known = true;
	/* the routed switch's own host address: plan_validate's message */
	snprintf(p.switches[0].name, sizeof(p.switches[0].name), "default");
	set_sw(&p, 0, SWITCH_DEFAULT, "192.168.122.1/24");
	nic_static(&p, "default", "192.168.122.1");
	expect_none(&p, &h);
	/* the reused network's bridge gets the plan's address (.254): its
	 * present one is the VM's to take */
	set_sw(&p, 0, SWITCH_DEFAULT, "192.168.122.254/24");
	expect_none(&p, &h);
	/* a DHCP NIC has no address of its own to compare */
	nic_static(&p, "plant", "10.9.0.10");
	p.nics[0].mode = IP_DHCP;
	expect_none(&p, &h);
}

/* Which libvirt URIs name this machine (the console's reconnect pace,
 * the VM watcher's, whether host links may be changed). */
static void test_uri_is_local(void **state)
{
	(void)state;
	assert_true(host_uri_is_local(NULL));
	assert_true(host_uri_is_local("qemu:///system"));
	assert_true(host_uri_is_local("qemu:///session"));
	assert_true(host_uri_is_local("test:///default"));
	assert_false(host_uri_is_local("qemu+ssh://ipc7/system"));
	assert_false(host_uri_is_local("qemu+tcp://10.0.0.5/system"));
	assert_false(host_uri_is_local("qemu://host.example/system"));
	/* where: one answer, in the order the callers ask */
	assert_int_equal(host_uri_where(NULL), HOST_THIS_MACHINE);
	assert_int_equal(host_uri_where("qemu:///system"), HOST_THIS_MACHINE);
	assert_int_equal(host_uri_where("test:///default"), HOST_SIMULATED);
	assert_int_equal(host_uri_where("test+tcp://h/default"),
			 HOST_SIMULATED);
	assert_int_equal(host_uri_where("plant2"), HOST_UNKNOWN);
	assert_int_equal(host_uri_where("qemu+tcp://10.0.0.5/system"),
			 HOST_REMOTE);
	/* the test driver is local, but a simulation */
	assert_true(host_uri_is_simulated("test:///default"));
	assert_true(host_uri_is_simulated("TEST:///tmp/node.xml"));
	assert_true(host_uri_is_simulated("test+tcp://ipc-17/default"));
	assert_false(host_uri_is_simulated("qemu:///system"));
	assert_false(host_uri_is_simulated("qemu+tcp://ipc-17/system"));
	assert_false(host_uri_is_simulated(NULL));
}

static void test_hc_external_bridge_port(void **state)
{
	struct host_net_list nets;
	struct host_nic_list nics;
	struct host_facts h = { &nets, NULL, &nics };
	struct plan p;
	struct plan_switch *s;
	struct host_nic *port;

	(void)state;
	hc_host(&nets, &nics);
	hc_plan(&p, "edge-vm");
	s = &p.switches[0];
	snprintf(s->name, sizeof(s->name), "plant");
	s->type = SWITCH_EXTERNAL;
	s->address[0] = '\0';
	s->ext_mode = EXT_BRIDGE;
	snprintf(s->bridge, sizeof(s->bridge), "br0");
	snprintf(s->uplink, sizeof(s->uplink), "enp2s0");
	add_hnic(&nics, "br0", "bridge", NULL);
	expect_none(&p, &h);			/* br0 holds no NIC yet */
	port = add_hnic(&nics, "enp4s0", "", NULL);
	snprintf(port->mac, sizeof(port->mac), "00:1b:21:3a:4c:12");
	snprintf(port->master, sizeof(port->master), "br0");
	for (size_t i = 0; i < nics.count; i++)
		if (!nics.items[i].mac[0])
			snprintf(nics.items[i].mac, sizeof(nics.items[i].mac),
				 "00:1b:21:3a:4c:%02x",
				 (unsigned)(i & 0xff));
	expect_one(&p, &h, "switches[0].uplink", DIAG_ERROR,
		   "bridge br0 already holds host NIC enp4s0 (its plant "
		   "port); uplink enp2s0 would be a second port on that "
		   "bridge, joining two networks (a loop if both reach the "
		   "same switch); choose enp4s0 as the uplink, or give enp2s0 "
		   "a bridge of its own (bridge)");
	assert_true(host_bridge_port(port, "br0"));
	snprintf(s->uplink, sizeof(s->uplink), "enp4s0");
	expect_none(&p, &h);
	/* enp4s0 under a bridge of its own: it is br0's port */
	snprintf(s->bridge, sizeof(s->bridge), "br-enp4s0");
	expect_one(&p, &h, "switches[0].uplink", DIAG_ERROR,
		   "host NIC enp4s0 is already a port of bridge br0, not of "
		   "br-enp4s0");
	/* macvtap: no bridge */
	s->ext_mode = EXT_MACVTAP;
	s->bridge[0] = '\0';
	snprintf(s->uplink, sizeof(s->uplink), "enp2s0");
	expect_none(&p, &h);
	/* a VM's tap on br0 is not a port */
	s->ext_mode = EXT_BRIDGE;
	snprintf(s->bridge, sizeof(s->bridge), "br0");
	snprintf(port->name, sizeof(port->name), "vnet3");
	assert_false(host_bridge_port(port, "br0"));
	expect_none(&p, &h);
	/* the host's NICs not known: nothing said */
	snprintf(port->name, sizeof(port->name), "enp4s0");
	h.nics = NULL;
	expect_none(&p, &h);
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
		cmocka_unit_test(test_hc_vm_not_defined),
		cmocka_unit_test(test_hc_vm_unknown_facts),
		cmocka_unit_test(test_hc_vm_names_safe),
		cmocka_unit_test(test_hc_switch_overlaps_running),
		cmocka_unit_test(test_hc_switch_suggestion_is_free),
		cmocka_unit_test(test_hc_switch_overlaps_defined),
		cmocka_unit_test(test_hc_switch_no_overlap),
		cmocka_unit_test(test_nic_add_addr),
		cmocka_unit_test(test_hc_switch_overlaps_host_addr),
		cmocka_unit_test(test_hc_switch_host_addr_not_concerned),
		cmocka_unit_test(test_hc_host_addr_names_safe),
		cmocka_unit_test(test_hc_external_bridge_port),
		cmocka_unit_test(test_hc_nic_host_addr),
		cmocka_unit_test(test_uri_is_local),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
