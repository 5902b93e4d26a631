/*
 * test_vmaddr.c - unit tests of src/core/vmaddr.c: the domain XML's
 * interfaces, first-seen times kept across refreshes, and the
 * VM-addresses view: pairing the plan's NICs with the domain's (by MAC,
 * by switch, in order), the sources merged per address, and the flags
 * and problems ("no address", "address differs", "MAC differs", a NIC
 * missing on either side, the all-zero MAC, no source answering).
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
	n->prefix = 24;
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
	 * its switch's subnet.  eth1: MAC differs (paired by switch), no
	 * IPv4 address.  An extra NIC not in the plan. */
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
	assert_int_equal(v.nrows, 4);
	assert_int_equal(v.rows[0].dom_nic, 2);
	assert_true(v.rows[0].flags & VMA_ADDR_DIFFERS);
	assert_int_equal(v.rows[1].dom_nic, 1);
	assert_true(v.rows[1].flags & VMA_MAC_DIFFERS);
	assert_true(v.rows[1].flags & VMA_NO_ADDRESS);
	assert_string_equal(v.rows[1].guest_name, "eth1");
	assert_true(v.rows[2].flags & VMA_NOT_IN_DOMAIN);
	assert_int_equal(v.rows[3].plan_nic, -1);
	assert_true(v.rows[3].flags & VMA_NOT_IN_PLAN);

	d = diag_find(&v.problems, "nics[0].ip.address");
	assert_non_null(d);
	assert_non_null(strstr(d->message, "172.16.0.9/24"));
	assert_non_null(strstr(d->message, "192.168.50.1/24"));
	d = diag_find(&v.problems, "nics[1].mac");
	assert_non_null(d);
	assert_non_null(strstr(d->message, "52:54:00:e4:00:99"));
	d = diag_find(&v.problems, "nics[1].ip.mode");
	assert_non_null(d);
	assert_int_equal(d->severity, DIAG_ERROR);
	assert_non_null(strstr(d->message, "static address 10.50.0.20/24"));
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
		cmocka_unit_test(test_view_all_good),
		cmocka_unit_test(test_view_flags),
		cmocka_unit_test(test_zero_mac),
		cmocka_unit_test(test_not_running),
		cmocka_unit_test(test_carry_since),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
