/*
 * test_vmaddr.c - unit tests of src/core/vmaddr.c: the domain XML's
 * interfaces, first-seen times kept across refreshes, and the
 * VM-addresses view: pairing the plan's NICs with the domain's (by MAC
 * where the MAC is known; by switch, then in order, only where it is
 * not), the sources merged per address, and the flags and problems ("no
 * address", "address differs", "MAC differs", a NIC missing on either
 * side, the all-zero MAC, no source answering), and what waits for the
 * VM's next start (a NIC added, removed or moved: pending, no problem).
 * Pure: builds the structs by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/vmaddr.h"

static const char dom_xml[] =
	"<domain type='kvm'><name>edge-vm</name><devices>\n"
	"  <disk type='file'><source file='/x&amp;y.img'/></disk>\n"
	"  <interface type='network'>\n"
	"    <mac address='52:54:00:E4:00:01'/>\n"
	"    <source network='plant' portid='1234'/>\n"
	"    <target dev='vnet3'/>\n"
	"    <model type='virtio'/>\n"
	"  </interface>\n"
	"  <interface type=\"bridge\"><mac address=\"52:54:00:e4:00:02\"/>"
	"<source bridge=\"br&apos;1\"/></interface>\n"
	"  <interface type='direct'><mac address='52:54:00:e4:00:03'/>"
	"<source dev='enp3s0' mode='bridge'/></interface>\n"
	"</devices></domain>\n";

static void test_parse_xml(void **state)
{
	static struct vm_observed o;
	char err[256];

	(void)state;
	vm_observed_init(&o);
	assert_int_equal(vmaddr_parse_domain_xml(dom_xml, &o, err,
						 sizeof(err)), 3);
	assert_string_equal(o.nics[0].mac, "52:54:00:e4:00:01");
	assert_string_equal(o.nics[0].type, "network");
	assert_string_equal(o.nics[0].source, "plant");
	assert_string_equal(o.nics[0].target, "vnet3");
	assert_string_equal(o.nics[0].model, "virtio");
	assert_string_equal(o.nics[1].type, "bridge");
	assert_string_equal(o.nics[1].source, "br'1");
	assert_string_equal(o.nics[2].source, "enp3s0");
	assert_string_equal(o.nics[2].target, "");

	assert_int_equal(vmaddr_parse_domain_xml("<domain/>", &o, err,
						 sizeof(err)), -1);
	assert_non_null(strstr(err, "<devices>"));
	assert_int_equal(vmaddr_parse_domain_xml(
		"<devices><interface type='network'><mac address='"
		"52:54:00:e4:00:01:aa:bb:cc:dd:ee'/></interface></devices>",
		&o, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "too long"));
	assert_int_equal(vmaddr_parse_domain_xml(
		"<devices><interface type='network'>", &o, err, sizeof(err)),
		-1);
	assert_int_equal(vmaddr_parse_domain_xml("<devices></devices>", &o,
						 err, sizeof(err)), 0);
}

/* The domain XML is read by xmldoc (the one XML reader): character
 * references are decoded, an <interface> is a child of <devices> (not
 * one nested elsewhere), and text that is not XML says so. */
static void test_parse_xml_reader(void **state)
{
	static struct vm_observed o;
	char err[256];

	(void)state;
	assert_int_equal(vmaddr_parse_domain_xml(
		"<domain><devices><interface type='network'>"
		"<mac address='52:54:00:E4:00:0&#65;'/>"
		"<source network='a&#x26;b'/></interface>"
		"<hostdev><interface type='x'/></hostdev>"
		"</devices></domain>", &o, err, sizeof(err)), 1);
	assert_string_equal(o.nics[0].mac, "52:54:00:e4:00:0a");
	assert_string_equal(o.nics[0].source, "a&b");
	assert_int_equal(vmaddr_parse_domain_xml(
		"<domain><devices></domain>", &o, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "the domain XML cannot be read"));
}

static struct vm_iface *add_iface(struct vm_source_result *r,
				  const char *name, const char *mac)
{
	struct vm_iface *f = &r->ifs[r->nifs++];

	r->tried = r->ok = true;
	memset(f, 0, sizeof(*f));
	snprintf(f->name, sizeof(f->name), "%s", name);
	snprintf(f->mac, sizeof(f->mac), "%s", mac);
	return f;
}

static void add_addr(struct vm_iface *f, const char *a, int prefix,
		     int64_t since)
{
	struct vm_addr *x = &f->addrs[f->naddrs++];

	snprintf(x->addr, sizeof(x->addr), "%s", a);
	x->prefix = prefix;
	x->ipv6 = strchr(a, ':') != NULL;
	x->since_ms = since;
}

static void add_dom_nic(struct vm_observed *o, const char *mac,
			const char *net)
{
	struct vm_dom_nic *n = &o->nics[o->nnics++];

	memset(n, 0, sizeof(*n));
	snprintf(n->mac, sizeof(n->mac), "%s", mac);
	snprintf(n->type, sizeof(n->type), "network");
	snprintf(n->source, sizeof(n->source), "%s", net);
}

/* The plan of data/examples/client-external-ot.cfg, roughly. */
static void make_plan(struct plan *p)
{
	struct plan_switch *s;
	struct plan_nic *n;

	plan_init(p);
	snprintf(p->domain, sizeof(p->domain), "edge-vm");
	s = plan_add_switch(p);
	snprintf(s->name, sizeof(s->name), "plant");
	s->type = SWITCH_INTERNAL;
	snprintf(s->address, sizeof(s->address), "192.168.50.1/24");
	s = plan_add_switch(p);
	snprintf(s->name, sizeof(s->name), "ot");
	s->type = SWITCH_EXTERNAL;
	n = plan_add_nic(p);
	snprintf(n->name, sizeof(n->name), "eth0");
	snprintf(n->switch_name, sizeof(n->switch_name), "plant");
	n->mode = IP_DHCP;
	n = plan_add_nic(p);
	snprintf(n->name, sizeof(n->name), "eth1");
	snprintf(n->switch_name, sizeof(n->switch_name), "ot");
	snprintf(n->mac, sizeof(n->mac), "52:54:00:e4:00:02");
	n->mode = IP_STATIC;
	snprintf(n->address, sizeof(n->address), "10.50.0.20");
	plan_nic_set_prefix(n, 24);
	snprintf(n->gateway, sizeof(n->gateway), "10.50.0.1");
}

static void running(struct vm_observed *o)
{
	vm_observed_init(o);
	o->connected = true;
	o->state = VM_STATE_RUNNING;
	snprintf(o->domain, sizeof(o->domain), "edge-vm");
	snprintf(o->uri, sizeof(o->uri), "qemu:///system");
}

static void test_view_all_good(void **state)
{
	static struct vm_observed o;
	static struct vmaddr_view v;
	struct plan p;
	struct vm_iface *f;
	const char *macs[PLAN_MAX_NICS] = { "52:54:00:e4:00:01" };
	char buf[32];

	(void)state;
	make_plan(&p);
	running(&o);
	add_dom_nic(&o, "52:54:00:e4:00:01", "plant");
	add_dom_nic(&o, "52:54:00:e4:00:02", "ot");
	f = add_iface(&o.src[VM_SRC_AGENT], "eth0", "52:54:00:e4:00:01");
	add_addr(f, "192.168.50.7", 24, 1000);
	add_addr(f, "fe80::5054:ff:fee4:1", 64, 1000);
	f = add_iface(&o.src[VM_SRC_AGENT], "eth1", "52:54:00:E4:00:02");
	add_addr(f, "10.50.0.20", 24, 1000);
	f = add_iface(&o.src[VM_SRC_AGENT], "lo", "00:00:00:00:00:00");
	add_addr(f, "127.0.0.1", 8, 1000);
	f = add_iface(&o.src[VM_SRC_LEASE], "vnet0", "52:54:00:e4:00:01");
	add_addr(f, "192.168.50.7", 24, 5000);
	o.src[VM_SRC_ARP].tried = true;
	snprintf(o.src[VM_SRC_ARP].err, sizeof(o.src[0].err),
		 "wrong nlmsg len");

	vmaddr_view_init(&v);
	assert_int_equal(vmaddr_view_build(&v, &o, &p, macs, 65000), 0);
	assert_int_equal(v.nrows, 2);
	assert_int_equal(v.rows[0].plan_nic, 0);
	assert_int_equal(v.rows[0].dom_nic, 0);
	assert_string_equal(v.rows[0].guest_name, "eth0");
	assert_string_equal(v.rows[0].sw, "plant");
	assert_string_equal(v.rows[0].configured, "dhcp");
	assert_int_equal(v.rows[0].nobs, 2);
	assert_string_equal(v.rows[0].obs[0].addr, "192.168.50.7");
	assert_int_equal(v.rows[0].obs[0].sources,
			 (1u << VM_SRC_AGENT) | (1u << VM_SRC_LEASE));
	assert_int_equal(v.rows[0].obs[0].age_s, 64);	/* the oldest */
	assert_string_equal(vmaddr_sources_str(v.rows[0].obs[0].sources, buf,
					       sizeof(buf)), "agent+lease");
	assert_true(v.rows[0].obs[1].ipv6);
	assert_int_equal(v.rows[0].flags, 0);
	assert_string_equal(v.rows[1].configured,
			    "static 10.50.0.20/24 gw 10.50.0.1");
	assert_int_equal(v.rows[1].flags, 0);
	assert_int_equal(v.problems.count, 0);
	vmaddr_view_free(&v);
}

static void test_view_flags(void **state)
{
	static struct vm_observed o;
	static struct vmaddr_view v;
	struct plan p;
	struct vm_iface *f;
	const struct diag *d;

	(void)state;
	make_plan(&p);
	/* a third plan NIC the domain lacks (its MAC is known) */
	snprintf(plan_add_nic(&p)->name, PLAN_NAME_MAX, "eth2");
	snprintf(p.nics[2].mac, PLAN_ADDR_MAX, "52:54:00:e4:00:09");
	p.nics[2].mode = IP_DHCP;
	running(&o);
	/* eth0: no MAC known, paired by switch; gets an address outside
	 * its switch's subnet.  eth1: its MAC is known and not in the
	 * domain, whose NIC on its switch has another MAC and no IPv4
	 * address: not paired, "MAC differs" on both rows.  An extra NIC
	 * not in the plan. */
	add_dom_nic(&o, "52:54:00:aa:00:07", "elsewhere");
	add_dom_nic(&o, "52:54:00:e4:00:99", "ot");
	add_dom_nic(&o, "52:54:00:e4:00:01", "plant");
	f = add_iface(&o.src[VM_SRC_LEASE], "vnet0", "52:54:00:e4:00:01");
	add_addr(f, "172.16.0.9", 24, 0);
	f = add_iface(&o.src[VM_SRC_AGENT], "eth1", "52:54:00:e4:00:99");
	add_addr(f, "fe80::1", 64, 0);
	f = add_iface(&o.src[VM_SRC_AGENT], "eth3", "00:00:00:00:00:00");

	vmaddr_view_init(&v);
	assert_int_equal(vmaddr_view_build(&v, &o, &p, NULL, 0), 0);
	assert_int_equal(v.nrows, 5);
	assert_int_equal(v.rows[0].dom_nic, 2);
	assert_true(v.rows[0].flags & VMA_ADDR_DIFFERS);
	assert_int_equal(v.rows[1].dom_nic, -1);
	assert_int_equal(v.rows[1].flags, VMA_MAC_DIFFERS);
	assert_string_equal(v.rows[1].mac, "52:54:00:e4:00:02");
	assert_string_equal(v.rows[1].other_mac, "52:54:00:e4:00:99");
	assert_int_equal(v.rows[1].nobs, 0);	/* not the plan NIC's */
	assert_true(v.rows[2].flags & VMA_NOT_IN_DOMAIN);
	assert_int_equal(v.rows[3].plan_nic, -1);
	assert_int_equal(v.rows[3].dom_nic, 0);
	assert_true(v.rows[3].flags & VMA_NOT_IN_PLAN);
	assert_int_equal(v.rows[4].plan_nic, -1);
	assert_int_equal(v.rows[4].dom_nic, 1);
	assert_true(v.rows[4].flags & VMA_MAC_DIFFERS);
	assert_false(v.rows[4].flags & VMA_NOT_IN_PLAN);
	assert_string_equal(v.rows[4].other_mac, "52:54:00:e4:00:02");
	assert_true(v.rows[4].flags & VMA_NO_ADDRESS);
	assert_string_equal(v.rows[4].guest_name, "eth1");

	d = diag_find(&v.problems, "nics[0].ip.address");
	assert_non_null(d);
	assert_non_null(strstr(d->message, "172.16.0.9/24"));
	assert_non_null(strstr(d->message, "192.168.50.1/24"));
	d = diag_find(&v.problems, "nics[1].mac");
	assert_non_null(d);
	assert_non_null(strstr(d->message, "52:54:00:e4:00:99"));
	assert_non_null(strstr(d->message, "the VM's NIC on ot"));
	/* no address on the VM's NIC: said of that NIC, not of eth1 */
	assert_null(diag_find(&v.problems, "nics[1].ip.mode"));
	d = NULL;
	for (size_t i = 0; i < v.problems.count; i++)
		if (strstr(v.problems.items[i].message, "no IPv4 address"))
			d = &v.problems.items[i];
	assert_non_null(d);
	assert_non_null(strstr(d->message, "MAC 52:54:00:e4:00:99"));
	assert_non_null(strstr(d->message, "written for that MAC"));
	assert_non_null(diag_find(&v.problems, "nics[2]"));
	vmaddr_view_free(&v);

	/* static address that differs */
	running(&o);
	add_dom_nic(&o, "52:54:00:e4:00:02", "ot");
	f = add_iface(&o.src[VM_SRC_AGENT], "eth1", "52:54:00:e4:00:02");
	add_addr(f, "10.50.0.33", 24, 0);
	vmaddr_view_init(&v);
	assert_int_equal(vmaddr_view_build(&v, &o, &p, NULL, 0), 0);
	assert_true(v.rows[1].flags & VMA_ADDR_DIFFERS);
	assert_non_null(strstr(diag_find(&v.problems,
					 "nics[1].ip.address")->message,
			       "the plan gives 10.50.0.20/24"));
	/* eth0 has no domain NIC left to pair with */
	assert_true(v.rows[0].flags & VMA_NOT_IN_DOMAIN);
	vmaddr_view_free(&v);

	/* no source answered at all: unknown, not "no address" */
	running(&o);
	add_dom_nic(&o, "52:54:00:e4:00:02", "ot");
	o.src[VM_SRC_AGENT].tried = true;
	snprintf(o.src[VM_SRC_AGENT].err, sizeof(o.src[0].err),
		 "QEMU guest agent is not connected");
	vmaddr_view_init(&v);
	assert_int_equal(vmaddr_view_build(&v, &o, &p, NULL, 0), 0);
	assert_true(v.rows[1].flags & VMA_UNKNOWN);
	assert_false(v.rows[1].flags & VMA_NO_ADDRESS);
	assert_null(diag_find(&v.problems, "nics[1].ip.mode"));
	vmaddr_view_free(&v);
}

/* The running VM (live XML) still has the NIC the apply removed, on
 * the switch the plan's NIC is on; the persistent definition has the
 * plan's NIC with its new MAC: the demo after an apply that replaces a
 * NIC. */
static const char live_old_nic[] =
	"<domain type='test'><name>edge-vm</name><devices>"
	"<interface type='network'><mac address='52:54:00:e4:00:02'/>"
	"<source network='edge-int'/></interface>"
	"</devices></domain>";
static const char config_new_nic[] =
	"<domain type='test'><name>edge-vm</name><devices>"
	"<interface type='network'><mac address='52:54:00:e4:00:0a'/>"
	"<source network='edge-int'/></interface>"
	"</devices></domain>";

static void plan_one_nic(struct plan *p, const char *mac)
{
	struct plan_switch *s;
	struct plan_nic *n;

	plan_init(p);
	snprintf(p->domain, sizeof(p->domain), "edge-vm");
	s = plan_add_switch(p);
	snprintf(s->name, sizeof(s->name), "edge-int");
	s->type = SWITCH_INTERNAL;
	snprintf(s->address, sizeof(s->address), "172.20.0.1/24");
	n = plan_add_nic(p);
	snprintf(n->name, sizeof(n->name), "eth0");
	snprintf(n->switch_name, sizeof(n->switch_name), "edge-int");
	snprintf(n->mac, sizeof(n->mac), "%s", mac);
	n->mode = IP_STATIC;
	snprintf(n->address, sizeof(n->address), "172.20.0.10");
	plan_nic_set_prefix(n, 24);
	snprintf(n->gateway, sizeof(n->gateway), "172.20.0.1");
}

/* The running VM of live_old_nic, its old NIC with an address. */
static void old_nic_running(struct vm_observed *o)
{
	struct vm_iface *f;
	char err[256];

	running(o);
	assert_int_equal(vmaddr_parse_domain_xml(live_old_nic, o, err,
						 sizeof(err)), 1);
	f = add_iface(&o->src[VM_SRC_AGENT], "eth0", "52:54:00:e4:00:02");
	add_addr(f, "172.20.0.57", 24, 0);
}

/* A plan NIC whose MAC is known is paired by MAC only: never with the
 * domain's NIC on its switch that has another MAC. */
static void test_pair_by_mac(void **state)
{
	static struct vm_observed o;
	static struct vmaddr_view v;
	struct plan p;
	const char *macs[PLAN_MAX_NICS] = { "52:54:00:e4:00:0a" };

	(void)state;
	plan_one_nic(&p, "52:54:00:e4:00:0a");
	old_nic_running(&o);
	vmaddr_view_init(&v);
	assert_int_equal(vmaddr_view_build(&v, &o, &p, NULL, 0), 0);
	assert_int_equal(v.nrows, 2);
	assert_int_equal(v.rows[0].plan_nic, 0);
	assert_int_equal(v.rows[0].dom_nic, -1);
	assert_string_equal(v.rows[0].mac, "52:54:00:e4:00:0a");
	assert_int_equal(v.rows[0].nobs, 0);
	assert_int_equal(v.rows[1].plan_nic, -1);
	assert_int_equal(v.rows[1].dom_nic, 0);
	assert_string_equal(v.rows[1].mac, "52:54:00:e4:00:02");
	assert_string_equal(v.rows[1].configured, "-");
	assert_int_equal(v.rows[1].nobs, 1);
	/* the old NIC's address is not held against the plan's NIC */
	assert_null(diag_find(&v.problems, "nics[0].ip.address"));
	vmaddr_view_free(&v);

	/* the same with the MAC kept in the state directory only */
	plan_one_nic(&p, "");
	vmaddr_view_init(&v);
	assert_int_equal(vmaddr_view_build(&v, &o, &p, macs, 0), 0);
	assert_int_equal(v.nrows, 2);
	assert_int_equal(v.rows[0].dom_nic, -1);
	assert_string_equal(v.rows[0].mac, "52:54:00:e4:00:0a");
	assert_int_equal(v.rows[1].plan_nic, -1);
	vmaddr_view_free(&v);

	/* no MAC known at all: the NIC on its switch is taken */
	vmaddr_view_init(&v);
	assert_int_equal(vmaddr_view_build(&v, &o, &p, NULL, 0), 0);
	assert_int_equal(v.nrows, 1);
	assert_int_equal(v.rows[0].dom_nic, 0);
	vmaddr_view_free(&v);
}

/* What waits for the next start: the NIC being removed has a row of its
 * own with no plan configuration; the NIC being added has a row with the
 * plan's configuration; neither is a problem to apply again. */
static void test_pair_pending(void **state)
{
	static struct vm_observed o;
	static struct vmaddr_view v;
	struct pending_list l;
	struct plan p;
	char err[256];

	(void)state;
	assert_int_equal(pending_compare(live_old_nic, config_new_nic, NULL,
					 &l, err, sizeof(err)), 0);
	assert_int_equal(l.count, 2);
	assert_non_null(pending_find_kind(&l, "52:54:00:E4:00:0A",
					  PENDING_NIC_ADDED));
	assert_non_null(pending_find_kind(&l, "52:54:00:e4:00:02",
					  PENDING_NIC_REMOVED));
	assert_null(pending_find_kind(&l, "52:54:00:e4:00:02",
				      PENDING_NIC_ADDED));

	plan_one_nic(&p, "52:54:00:e4:00:0a");
	old_nic_running(&o);
	vmaddr_view_init(&v);
	assert_int_equal(vmaddr_view_build_pending(&v, &o, &p, NULL, &l, 0),
			 0);
	assert_int_equal(v.nrows, 2);
	assert_int_equal(v.rows[0].plan_nic, 0);
	assert_int_equal(v.rows[0].dom_nic, -1);
	assert_int_equal(v.rows[0].flags, VMA_PENDING_ADD);
	assert_string_equal(v.rows[0].mac, "52:54:00:e4:00:0a");
	assert_string_equal(v.rows[0].sw, "edge-int");
	assert_string_equal(v.rows[0].configured,
			    "static 172.20.0.10/24 gw 172.20.0.1");
	assert_int_equal(v.rows[1].plan_nic, -1);
	assert_int_equal(v.rows[1].flags, VMA_PENDING_REMOVE);
	assert_string_equal(v.rows[1].configured, "-");
	assert_int_equal(v.problems.count, 0);
	vmaddr_view_free(&v);

	/* a plan NIC with no known MAC is not paired with the NIC being
	 * removed either */
	plan_one_nic(&p, "");
	vmaddr_view_init(&v);
	assert_int_equal(vmaddr_view_build_pending(&v, &o, &p, NULL, &l, 0),
			 0);
	assert_int_equal(v.nrows, 2);
	assert_int_equal(v.rows[0].dom_nic, -1);
	assert_true(v.rows[1].flags & VMA_PENDING_REMOVE);
	vmaddr_view_free(&v);

	/* a NIC that moves: still on the old network, whose address is not
	 * held against the plan until the next start */
	assert_int_equal(pending_compare(live_old_nic,
		"<domain><devices><interface type='network'>"
		"<mac address='52:54:00:e4:00:02'/><source network='lab-net'/>"
		"</interface></devices></domain>", NULL, &l, err,
		sizeof(err)), 0);
	assert_non_null(pending_find_kind(&l, "52:54:00:e4:00:02",
					  PENDING_NIC_MOVED));
	plan_one_nic(&p, "52:54:00:e4:00:02");
	snprintf(p.nics[0].switch_name, PLAN_NAME_MAX, "lab-net");
	vmaddr_view_init(&v);
	assert_int_equal(vmaddr_view_build_pending(&v, &o, &p, NULL, &l, 0),
			 0);
	assert_int_equal(v.nrows, 1);
	assert_int_equal(v.rows[0].dom_nic, 0);
	assert_true(v.rows[0].flags & VMA_PENDING_CHANGE);
	assert_false(v.rows[0].flags & VMA_ADDR_DIFFERS);
	assert_null(diag_find(&v.problems, "nics[0].ip.address"));
	vmaddr_view_free(&v);
	/* without knowing it pending, the address differs */
	vmaddr_view_init(&v);
	assert_int_equal(vmaddr_view_build(&v, &o, &p, NULL, 0), 0);
	assert_true(v.rows[0].flags & VMA_ADDR_DIFFERS);
	vmaddr_view_free(&v);
}

static void test_zero_mac(void **state)
{
	static struct vm_observed o;
	static struct vmaddr_view v;
	struct plan p;

	(void)state;
	make_plan(&p);
	running(&o);
	add_dom_nic(&o, "52:54:00:e4:00:02", "ot");
	add_iface(&o.src[VM_SRC_AGENT], "eth1", "00:00:00:00:00:00");
	vmaddr_view_init(&v);
	assert_int_equal(vmaddr_view_build(&v, &o, &p, NULL, 0), 0);
	assert_true(v.rows[1].flags & VMA_ZERO_MAC);
	assert_non_null(diag_find(&v.problems, "nics[1].mac"));
	vmaddr_view_free(&v);
}

static void test_not_running(void **state)
{
	static struct vm_observed o;
	static struct vmaddr_view v;

	(void)state;
	vm_observed_init(&o);
	snprintf(o.domain, sizeof(o.domain), "edge-vm");
	snprintf(o.conn_err, sizeof(o.conn_err), "Failed to connect socket");
	vmaddr_view_init(&v);
	assert_int_equal(vmaddr_view_build(&v, &o, NULL, NULL, 0), 0);
	assert_int_equal(v.nrows, 0);
	assert_non_null(strstr(v.problems.items[0].message,
			       "Failed to connect socket"));
	o.connected = true;
	o.state = VM_STATE_UNDEFINED;
	assert_int_equal(vmaddr_view_build(&v, &o, NULL, NULL, 0), 0);
	assert_non_null(strstr(v.problems.items[0].message,
			       "no VM named edge-vm"));
	o.state = VM_STATE_SHUTOFF;
	assert_int_equal(vmaddr_view_build(&v, &o, NULL, NULL, 0), 0);
	assert_non_null(strstr(v.problems.items[0].message, "shut off"));
	vmaddr_view_free(&v);
}

static void test_carry_since(void **state)
{
	static struct vm_observed a, b;
	struct vm_iface *f;
	char buf[16];

	(void)state;
	running(&a);
	running(&b);
	f = add_iface(&a.src[VM_SRC_LEASE], "vnet0", "52:54:00:e4:00:01");
	add_addr(f, "192.168.50.7", 24, 1000);
	f = add_iface(&b.src[VM_SRC_LEASE], "vnet0", "52:54:00:E4:00:01");
	add_addr(f, "192.168.50.8", 24, 9000);
	add_addr(f, "192.168.50.7", 24, 9000);
	vmaddr_carry_since(&b, &a);
	assert_int_equal(b.src[VM_SRC_LEASE].ifs[0].addrs[0].since_ms, 9000);
	assert_int_equal(b.src[VM_SRC_LEASE].ifs[0].addrs[1].since_ms, 1000);
	assert_string_equal(vmaddr_age_str(59, buf, sizeof(buf)), "59s");
	assert_string_equal(vmaddr_age_str(3600 * 5, buf, sizeof(buf)), "5h");
	assert_string_equal(vm_state_name(VM_STATE_SHUTOFF), "shut off");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_xml),
		cmocka_unit_test(test_parse_xml_reader),
		cmocka_unit_test(test_view_all_good),
		cmocka_unit_test(test_view_flags),
		cmocka_unit_test(test_pair_by_mac),
		cmocka_unit_test(test_pair_pending),
		cmocka_unit_test(test_zero_mac),
		cmocka_unit_test(test_not_running),
		cmocka_unit_test(test_carry_since),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
