/*
 * test_host.c - unit tests of src/core/host.c: the profile suggestion from
 * the host's libvirt networks and the uplink verdict for host NICs; and of
 * src/core/hostcheck.c: the plan against the host's facts (the VM defined
 * or not, a new switch on a subnet a host network already uses).
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
	struct host_facts h = { NULL, &doms };
	struct plan p;

	(void)state;
	add_dom(&doms, "edge-vm");
	add_dom(&doms, "historian");
	hc_plan(&p, "edge-vn");
	expect_one(&p, &h, "vm", DIAG_ERROR,
		   "the VM \"edge-vn\" is not defined on this host, so the "
		   "plan cannot be applied; set vm to one of "
		   "\"edge-vm\" or \"historian\", or define the VM first");
	hc_plan(&p, "historian");
	expect_none(&p, &h);
	/* one VM: named without "one of" */
	doms.count = doms.total = 0;
	add_dom(&doms, "edge-vm");
	hc_plan(&p, "edge");
	expect_one(&p, &h, "vm", DIAG_ERROR, "set vm to \"edge-vm\", or");
	/* no VM at all */
	doms.count = doms.total = 0;
	expect_one(&p, &h, "vm", DIAG_ERROR, "which has no VMs at all");
}

static void test_hc_vm_unknown_facts(void **state)
{
	struct host_domain_list doms = { .count = 0 };
	struct host_facts h = { NULL, NULL };
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
	struct host_facts h = { NULL, &doms };
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
	assert_non_null(strstr(d.items[0].message, "\"evil?[2J\""));
	assert_non_null(strstr(d.items[0].message, " and 9 more"));
	diag_list_free(&d);
}

static void test_hc_switch_overlaps_running(void **state)
{
	struct host_net_list l = { .count = 0 };
	struct host_facts h = { &l, NULL };
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
	struct host_facts h = { &l, NULL };
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
	struct host_facts h = { &l, NULL };
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
	struct host_facts h = { &l, NULL };
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
