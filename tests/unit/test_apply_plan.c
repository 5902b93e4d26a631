/*
 * test_apply_plan.c - step planning (src/core/apply_plan.c) from fixed
 * host snapshots, the dry-run report, a dry run's MACs generated at
 * apply (src/core/apply_dry.c), and the line diff behind it
 * (src/core/textdiff.c).  Pure: no libvirt, no kernel; the snapshots are
 * XML strings written here the way libvirt formats them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/apply_dry.h"
#include "core/apply_plan.h"
#include "core/planfile.h"
#include "core/policy.h"
#include "core/textdiff.h"

static struct policy pol;

static const char vm_xml[] =
	"<domain type='kvm'>\n"
	"  <name>edge-vm</name>\n"
	"  <uuid>3c0e9d5e-4f1a-4b8e-8d2c-5a6b7c8d0001</uuid>\n"
	"  <memory unit='KiB'>262144</memory>\n"
	"  <devices>\n"
	"    <emulator>/usr/bin/qemu-system-x86_64</emulator>\n"
	"    <interface type='network'>\n"
	"      <mac address='52:54:00:e4:00:01'/>\n"
	"      <source network='default'/>\n"
	"      <model type='e1000e'/>\n"
	"      <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n"
	"    </interface>\n"
	"    <interface type='network'>\n"
	"      <mac address='52:54:00:e4:00:09'/>\n"
	"      <source network='default'/>\n"
	"      <model type='virtio'/>\n"
	"    </interface>\n"
	"  </devices>\n"
	"</domain>\n";

static const char default_xml[] =
	"<network>\n"
	"  <name>default</name>\n"
	"  <uuid>9a05da11-e96b-47f3-8253-a3a482e445f5</uuid>\n"
	"  <forward mode='nat'>\n"
	"    <nat>\n"
	"      <port start='1024' end='65535'/>\n"
	"    </nat>\n"
	"  </forward>\n"
	"  <bridge name='virbr0' stp='on' delay='0'/>\n"
	"  <mac address='52:54:00:0a:cd:21'/>\n"
	"  <ip address='192.168.122.1' netmask='255.255.255.0'>\n"
	"    <dhcp>\n"
	"      <range start='192.168.122.100' end='192.168.122.199'/>\n"
	"      <host mac='52:54:00:aa:00:01' ip='192.168.122.77'/>\n"
	"      <host mac='52:54:00:e4:00:09' ip='192.168.122.9'/>\n"
	"    </dhcp>\n"
	"  </ip>\n"
	"</network>\n";

/* Two NICs: eth0 keeps 52:54:00:e4:00:01 and moves to a new NAT network
 * with a reservation; eth1 is new on an isolated network.  The VM's
 * second NIC (…:09) is not in the plan. */
static const char plan_two[] =
	"version = 1; profile = \"server\"; vm = \"edge-vm\";\n"
	"switches = (\n"
	" { name = \"edge-nat\"; type = \"internal\"; address = \"10.77.0.1/24\";\n"
	"   dhcp = true; dhcp_start = \"10.77.0.100\"; dhcp_end = \"10.77.0.199\";\n"
	"   nat = true; },\n"
	" { name = \"edge-iso\"; type = \"internal\"; address = \"10.78.0.1/24\";\n"
	"   dhcp = true; dhcp_start = \"10.78.0.100\"; dhcp_end = \"10.78.0.199\";\n"
	"   nat = false; } );\n"
	"nics = (\n"
	" { name = \"eth0\"; switch = \"edge-nat\"; primary = true;\n"
	"   mac = \"52:54:00:e4:00:01\";\n"
	"   ip = { mode = \"static\"; address = \"10.77.0.10\"; prefix = 24;\n"
	"          gateway = \"10.77.0.1\"; };\n"
	"   dns = { servers = [ \"10.77.0.1\" ]; }; },\n"
	" { name = \"eth1\"; switch = \"edge-iso\"; mac = \"52:54:00:78:00:02\";\n"
	"   ip = { mode = \"dhcp\"; }; offline = true; } );\n";

/* The stock network as an internal NAT switch with a reservation. */
static const char plan_default[] =
	"version = 1; profile = \"server\"; vm = \"edge-vm\";\n"
	"switches = ( { name = \"default\"; type = \"internal\";\n"
	"   address = \"192.168.122.1/24\"; dhcp = true;\n"
	"   dhcp_start = \"192.168.122.100\"; dhcp_end = \"192.168.122.199\";\n"
	"   nat = true; } );\n"
	"nics = ( { name = \"eth0\"; switch = \"default\"; primary = true;\n"
	"   mac = \"52:54:00:e4:00:01\";\n"
	"   ip = { mode = \"static\"; address = \"192.168.122.50\"; prefix = 24;\n"
	"          gateway = \"192.168.122.1\"; };\n"
	"   dns = { servers = [ \"192.168.122.1\" ]; }; } );\n";

static const char plan_ext[] =
	"version = 1; profile = \"client\"; vm = \"edge-vm\";\n"
	"switches = ( { name = \"plant\"; type = \"external\";\n"
	"   uplink = \"enp2s0\"; mode = \"bridge\"; bridge = \"br0\"; } );\n"
	"nics = ( { name = \"eth0\"; switch = \"plant\"; primary = true;\n"
	"   mac = \"52:54:00:e4:00:01\"; ip = { mode = \"dhcp\"; }; } );\n";

struct fx {
	struct plan p;
	struct mac macs[PLAN_MAX_NICS];
	struct apply_snapshot snap;
	struct apply_steps steps;
	struct diag_list d;
};

static void load(struct fx *f, const char *text)
{
	size_t i;

	diag_list_clear(&f->d);
	assert_int_equal(planfile_load_string(text, &f->p, NULL, &f->d),
			 PLANFILE_OK);
	assert_int_equal(diag_count(&f->d, DIAG_ERROR), 0);
	for (i = 0; i < f->p.nnics; i++)
		assert_int_equal(mac_parse(f->p.nics[i].mac, &f->macs[i]),
				 MAC_OK);
}

static void add_net(struct fx *f, const char *name, const char *xml,
		    bool active, bool autostart)
{
	struct apply_net_snap *n = &f->snap.nets[f->snap.nnets++];

	snprintf(n->name, sizeof(n->name), "%s", name);
	n->xml = strdup(xml);
	n->active = active;
	n->autostart = autostart;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	diag_list_init(&f->d);
	apply_snapshot_init(&f->snap);
	f->snap.dom_exists = true;
	f->snap.dom_xml = strdup(vm_xml);
	f->snap.links_known = true;
	add_net(f, "default", default_xml, true, true);
	apply_steps_init(&f->steps);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	apply_snapshot_free(&f->snap);
	apply_steps_free(&f->steps);
	diag_list_free(&f->d);
	free(f);
	return 0;
}

static int build(struct fx *f)
{
	apply_steps_free(&f->steps);
	diag_list_clear(&f->d);
	return apply_plan_build(&f->p, &pol, f->macs, &f->snap, &f->steps,
				&f->d);
}

static const struct apply_step *step(struct fx *f, size_t i)
{
	assert_true(i < f->steps.count);
	return &f->steps.items[i];
}

/* ---------------------------------------------------------------- */

static void test_new_networks_and_nics(void **state)
{
	struct fx *f = *state;
	static const enum apply_kind want[] = {
		APPLY_NET_DEFINE, APPLY_NET_START, APPLY_NET_AUTOSTART,
		APPLY_NET_DEFINE, APPLY_NET_START, APPLY_NET_AUTOSTART,
		APPLY_DOM_NIC_REMOVE, APPLY_DOM_NIC_CHANGE, APPLY_DOM_NIC_ADD,
	};
	const struct apply_step *s;
	size_t i;

	load(f, plan_two);
	assert_int_equal(build(f), 0);
	assert_int_equal(f->steps.count, 9);
	for (i = 0; i < 9; i++)
		assert_int_equal(step(f, i)->kind, want[i]);
	s = step(f, 0);
	assert_string_equal(s->object, "edge-nat");
	assert_null(s->before);
	assert_non_null(strstr(s->after, "<forward mode='nat'/>"));
	assert_non_null(strstr(s->after, "<host mac='52:54:00:e4:00:01' "
			       "ip='10.77.0.10'/>"));
	assert_non_null(strstr(s->text, "Define libvirt network edge-nat"));
	s = step(f, 3);
	assert_null(strstr(s->after, "<forward"));
	assert_null(strstr(s->after, "<host"));

	/* The NIC that is not planned goes first, then eth0 moves with its
	 * model and PCI address, then eth1 comes in before </devices>. */
	s = step(f, 6);
	assert_string_equal(s->mac, "52:54:00:e4:00:09");
	assert_string_equal(s->before, vm_xml);
	assert_null(strstr(s->after, "52:54:00:e4:00:09"));
	assert_non_null(strstr(s->iface_before, "<mac address="
			       "'52:54:00:e4:00:09'/>"));
	assert_false(s->live);
	s = step(f, 7);
	assert_string_equal(s->before, step(f, 6)->after);
	assert_non_null(strstr(s->after,
		"    <interface type='network'>\n"
		"      <mac address='52:54:00:e4:00:01'/>\n"
		"      <source network='edge-nat'/>\n"
		"      <model type='e1000e'/>\n"
		"      <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n"
		"    </interface>\n"));
	assert_non_null(strstr(s->text, "from network default to network "
			       "edge-nat"));
	s = step(f, 8);
	assert_string_equal(s->before, step(f, 7)->after);
	assert_non_null(strstr(s->after,
		"    <interface type='network'>\n"
		"      <mac address='52:54:00:78:00:02'/>\n"
		"      <source network='edge-iso'/>\n"
		"      <model type='virtio'/>\n"
		"    </interface>\n"
		"  </devices>\n"));
	assert_string_equal(s->nic, "eth1");
	/* Everything else is kept byte for byte. */
	assert_non_null(strstr(s->after, "  <memory unit='KiB'>262144</memory>"
			       "\n  <devices>\n    <emulator>"));
	/* One warning only: no seed directory in this snapshot (the guest
	 * side is test_apply_guest's); the VM does not run, no network
	 * restarts. */
	assert_int_equal(diag_count(&f->d, DIAG_WARNING), 1);
	assert_non_null(strstr(f->d.items[f->d.count - 1].message,
			       "no seed CD-ROM"));
}

static void test_already_in_place(void **state)
{
	struct fx *f = *state;
	size_t i;
	char *rep;

	load(f, plan_two);
	assert_int_equal(build(f), 0);
	/* Make the host what the steps say. */
	for (i = 0; i < f->steps.count; i++) {
		const struct apply_step *s = step(f, i);

		if (s->kind == APPLY_NET_DEFINE)
			add_net(f, s->object, s->after, true, true);
		if (apply_kind_is_dom(s->kind)) {
			free(f->snap.dom_xml);
			f->snap.dom_xml = strdup(s->after);
		}
	}
	assert_int_equal(build(f), 0);
	assert_int_equal(f->steps.count, 0);
	rep = apply_steps_report(&f->steps);
	assert_string_equal(rep, "Nothing to change: the host is already as "
			    "the plan says.\n");
	free(rep);
	/* An inactive network, autostart off: only those steps. */
	f->snap.nets[1].active = false;
	f->snap.nets[2].autostart = false;
	assert_int_equal(build(f), 0);
	assert_int_equal(f->steps.count, 2);
	assert_int_equal(step(f, 0)->kind, APPLY_NET_START);
	assert_string_equal(step(f, 0)->object, "edge-nat");
	assert_int_equal(step(f, 1)->kind, APPLY_NET_AUTOSTART);
	assert_string_equal(step(f, 1)->object, "edge-iso");
}

static void test_dhcp_host_steps(void **state)
{
	struct fx *f = *state;
	const struct apply_step *s;

	load(f, plan_default);
	f->snap.dom_running = true;
	assert_int_equal(build(f), 0);
	/* :09 is the VM's own NIC that leaves the plan: its reservation
	 * goes; the other machine's (:aa) stays; eth0's is added. */
	assert_int_equal(f->steps.count, 3);
	s = step(f, 0);
	assert_int_equal(s->kind, APPLY_NET_DHCP_HOST);
	assert_string_equal(s->mac, "52:54:00:e4:00:09");
	assert_string_equal(s->ip_before, "192.168.122.9");
	assert_string_equal(s->ip_after, "");
	assert_string_equal(s->before, default_xml);
	assert_null(strstr(s->after, "52:54:00:e4:00:09"));
	assert_non_null(strstr(s->after, "      <host mac='52:54:00:aa:00:01' "
			       "ip='192.168.122.77'/>\n    </dhcp>"));
	s = step(f, 1);
	assert_string_equal(s->mac, "52:54:00:e4:00:01");
	assert_string_equal(s->ip_before, "");
	assert_string_equal(s->ip_after, "192.168.122.50");
	assert_string_equal(s->before, step(f, 0)->after);
	assert_non_null(strstr(s->after, "ip='192.168.122.77'/>\n      <host "
			       "mac='52:54:00:e4:00:01' ip='192.168.122.50'/>"));
	assert_non_null(strstr(s->text, "Reserve 192.168.122.50 for MAC "
			       "52:54:00:e4:00:01 (NIC eth0)"));
	assert_true(s->was_active);
	s = step(f, 2);
	assert_int_equal(s->kind, APPLY_DOM_NIC_REMOVE);
	assert_true(s->live);
	assert_non_null(diag_find(&f->d, "vm"));	/* VM runs: warned */

	/* A changed address: one "modify" step. */
	free(f->snap.nets[0].xml);
	f->snap.nets[0].xml = strdup(step(f, 1)->after);
	free(f->snap.dom_xml);
	f->snap.dom_xml = strdup(step(f, 2)->after);
	snprintf(f->p.nics[0].address, sizeof(f->p.nics[0].address),
		 "192.168.122.60");
	assert_int_equal(build(f), 0);
	assert_int_equal(f->steps.count, 1);
	s = step(f, 0);
	assert_string_equal(s->ip_before, "192.168.122.50");
	assert_string_equal(s->ip_after, "192.168.122.60");
	assert_non_null(strstr(s->text, "from 192.168.122.50 to "
			       "192.168.122.60"));
}

static void test_redefine_keeps_identity(void **state)
{
	struct fx *f = *state;
	const struct apply_step *s;

	load(f, plan_default);
	snprintf(f->p.switches[0].dhcp_end, sizeof(f->p.switches[0].dhcp_end),
		 "192.168.122.150");
	assert_int_equal(build(f), 0);
	s = step(f, 0);
	assert_int_equal(s->kind, APPLY_NET_REDEFINE);
	assert_string_equal(s->before, default_xml);
	assert_non_null(strstr(s->after, "<uuid>9a05da11-e96b-47f3-8253-"
			       "a3a482e445f5</uuid>"));
	assert_non_null(strstr(s->after, "<bridge name='virbr0'"));
	assert_non_null(strstr(s->after, "<mac address='52:54:00:0a:cd:21'/>"));
	assert_non_null(strstr(s->after, "<host mac='52:54:00:aa:00:01' "
			       "ip='192.168.122.77'/>"));
	assert_null(strstr(s->after, "52:54:00:e4:00:09"));
	assert_non_null(strstr(s->after, "end='192.168.122.150'"));
	assert_true(s->was_active);
	assert_non_null(strstr(s->text, "restarted"));
	assert_non_null(diag_find(&f->d, "switches[0]"));
	/* isolated instead of NAT: also a redefinition */
	f->p.switches[0].nat = false;
	snprintf(f->p.switches[0].dhcp_end, sizeof(f->p.switches[0].dhcp_end),
		 "192.168.122.199");
	assert_int_equal(build(f), 0);
	assert_int_equal(step(f, 0)->kind, APPLY_NET_REDEFINE);
	assert_null(strstr(step(f, 0)->after, "<forward"));
}

static void test_refusals(void **state)
{
	struct fx *f = *state;

	/* Validation errors: no steps. */
	load(f, plan_two);
	snprintf(f->p.nics[0].gateway, sizeof(f->p.nics[0].gateway),
		 "10.99.0.1");
	assert_int_equal(build(f), -1);
	assert_int_equal(f->steps.count, 0);
	assert_non_null(diag_find(&f->d, "nics[0].ip.gateway"));
	/* The VM does not exist. */
	load(f, plan_two);
	f->snap.dom_exists = false;
	assert_int_equal(build(f), -1);
	assert_non_null(strstr(diag_find(&f->d, "vm")->message,
			       "does not exist"));
	/* An unreadable existing network. */
	f->snap.dom_exists = true;
	load(f, plan_default);
	free(f->snap.nets[0].xml);
	f->snap.nets[0].xml = strdup("<network><ip address='x'");
	assert_int_equal(build(f), -1);
	assert_non_null(strstr(diag_find(&f->d, "switches[0]")->message,
			       "cannot be read"));
}

static void set_link(struct fx *f, bool up_exists, bool br_exists,
		     const char *master)
{
	struct apply_link *l = &f->snap.links[0];

	memset(l, 0, sizeof(*l));
	f->snap.nlinks = 1;
	snprintf(l->uplink, sizeof(l->uplink), "enp2s0");
	snprintf(l->bridge, sizeof(l->bridge), "br0");
	l->uplink_exists = up_exists;
	l->bridge_exists = br_exists;
	l->bridge_is_bridge = br_exists;
	snprintf(l->uplink_master, sizeof(l->uplink_master), "%s", master);
	snprintf(l->addrs[0], sizeof(l->addrs[0]), "192.168.1.5/24");
	l->naddrs = 1;
	snprintf(l->routes[0].gateway, sizeof(l->routes[0].gateway),
		 "192.168.1.1");
	l->routes[0].metric = 100;
	l->nroutes = 1;
}

static void test_external_bridge(void **state)
{
	struct fx *f = *state;
	const struct apply_step *s;
	char *rep;

	load(f, plan_ext);
	set_link(f, true, false, "");
	assert_int_equal(build(f), 0);
	s = step(f, 0);
	assert_int_equal(s->kind, APPLY_LINK_BRIDGE);
	assert_string_equal(s->object, "br0");
	assert_non_null(strstr(s->text, "Create the Linux bridge br0, enslave "
			       "enp2s0 to it and move its addresses "
			       "(192.168.1.5/24) and default route"));
	assert_int_equal(step(f, 1)->kind, APPLY_NET_DEFINE);
	assert_non_null(strstr(step(f, 1)->after, "<forward mode='bridge'/>"));
	assert_non_null(diag_find(&f->d, "switches[0].uplink"));
	rep = apply_steps_report(&f->steps);
	assert_non_null(strstr(rep, "host link br0:\n    + bridge br0 (up)\n"
			       "    ~ enp2s0: master (none) -> br0\n"
			       "    ~ address 192.168.1.5/24: enp2s0 -> br0\n"
			       "    ~ default route via 192.168.1.1 metric 100: "
			       "enp2s0 -> br0\n"));
	free(rep);
	/* Already in place: no link step. */
	set_link(f, true, true, "br0");
	assert_int_equal(build(f), 0);
	assert_int_equal(step(f, 0)->kind, APPLY_NET_DEFINE);
	/* Missing uplink, Wi-Fi, enslaved elsewhere, name taken. */
	set_link(f, false, false, "");
	assert_int_equal(build(f), -1);
	assert_non_null(strstr(diag_find(&f->d, "switches[0].uplink")->message,
			       "does not exist"));
	set_link(f, true, false, "");
	f->snap.links[0].uplink_wireless = true;
	assert_int_equal(build(f), -1);
	assert_non_null(strstr(diag_find(&f->d, "switches[0].uplink")->message,
			       "Wi-Fi"));
	set_link(f, true, false, "br7");
	assert_int_equal(build(f), -1);
	assert_non_null(strstr(diag_find(&f->d, "switches[0].uplink")->message,
			       "already enslaved to br7"));
	set_link(f, true, true, "");
	f->snap.links[0].bridge_is_bridge = false;
	assert_int_equal(build(f), -1);
	assert_non_null(diag_find(&f->d, "switches[0].bridge"));
	/* A remote host: no link step, a warning. */
	f->snap.links_known = false;
	f->snap.nlinks = 0;
	assert_int_equal(build(f), 0);
	assert_int_equal(step(f, 0)->kind, APPLY_NET_DEFINE);
	assert_non_null(strstr(diag_find(&f->d, "switches[0].uplink")->message,
			       "changes no link for it"));
	/* Reached over a transport: a bridge the host lacks is refused,
	 * naming what to run there; one it has is used as it is. */
	f->snap.remote = true;
	snprintf(f->snap.remote_host, sizeof(f->snap.remote_host), "ipc-17");
	f->snap.bridge_seen[0] = false;
	assert_int_equal(build(f), -1);
	assert_non_null(strstr(diag_find(&f->d, "switches[0].uplink")->message,
			       "bridge br0 must be made on ipc-17 itself: run "
			       "`edgenet apply` with this plan there, or create "
			       "br0 holding enp2s0 on ipc-17 first"));
	f->snap.bridge_seen[0] = true;
	assert_int_equal(build(f), 0);
	assert_int_equal(step(f, 0)->kind, APPLY_NET_DEFINE);
	assert_non_null(strstr(diag_find(&f->d, "switches[0].uplink")->message,
			       "bridge br0 exists on ipc-17 (libvirt lists it)"));
}

static void test_report(void **state)
{
	struct fx *f = *state;
	char *rep;

	load(f, plan_default);
	assert_int_equal(build(f), 0);
	rep = apply_steps_report(&f->steps);
	assert_non_null(strstr(rep, "3 steps:\n   1. Remove the DHCP "
			       "reservation of 192.168.122.9"));
	assert_non_null(strstr(rep, "\nnetwork default: definition before (-) "
			       "and after (+)\n"));
	assert_non_null(strstr(rep, "    -       <host mac='52:54:00:e4:00:09' "
			       "ip='192.168.122.9'/>\n"));
	assert_non_null(strstr(rep, "    +       <host mac='52:54:00:e4:00:01' "
			       "ip='192.168.122.50'/>\n"));
	assert_non_null(strstr(rep, "\nVM edge-vm: definition before (-) and "
			       "after (+)\n"));
	/* The network shows once, with all its changes. */
	assert_null(strstr(strstr(rep, "network default:") + 1,
			   "network default:"));
	free(rep);
	load(f, plan_two);
	assert_int_equal(build(f), 0);
	rep = apply_steps_report(&f->steps);
	assert_non_null(strstr(rep, "network edge-nat: new definition\n"
			       "    + <network>\n"));
	free(rep);
}

static void test_textdiff(void **state)
{
	char *d;

	(void)state;
	d = textdiff_lines("a\nb\nc\n", "a\nb\nc\n", 3, NULL);
	assert_string_equal(d, "");
	free(d);
	d = textdiff_lines("a\nb\nc\n", "a\nx\nc\n", 3, "> ");
	assert_string_equal(d, ">   a\n> - b\n> + x\n>   c\n");
	free(d);
	d = textdiff_lines(NULL, "n\n", 3, NULL);
	assert_string_equal(d, "+ n\n");
	free(d);
	d = textdiff_lines("1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nX\n6\n"
			   "7\n8\n9\n", 1, NULL);
	assert_string_equal(d, "  ...\n  4\n- 5\n+ X\n  6\n  ...\n");
	free(d);
	d = textdiff_lines("a\nb", "b\nc", -1, NULL);
	assert_string_equal(d, "- a\n  b\n+ c\n");
	free(d);
}

/* A dry run's stand-in MAC for a NIC with none yet: found nowhere on the
 * host (case ignored) nor among the plan's, and in every text of the
 * steps shown as generated at apply, the seed's name (made from the
 * contents) too; the known MACs stay as they are. */
static void test_dry_standins(void **state)
{
	struct fx *f = *state;
	bool known[PLAN_MAX_NICS] = { true, false };
	struct mac want;
	const char *q;
	char *rep;
	size_t i;

	load(f, plan_two);
	add_net(f, "other", "<network>\n  <name>other</name>\n"
		"  <ip address='10.9.0.1' prefix='24'><dhcp>\n"
		"    <host mac='02:ED:00:00:00:01' ip='10.9.0.5'/>\n"
		"  </dhcp></ip>\n</network>\n", false, false);
	snprintf(f->snap.seed_dir, sizeof(f->snap.seed_dir),
		 "/var/lib/edgenet/seeds/edge-vm");
	assert_int_equal(mac_parse("02:ed:00:00:00:02", &f->macs[0]), MAC_OK);
	apply_dry_standins(&f->p, known, f->macs, &f->snap);
	assert_int_equal(mac_parse("02:ed:00:00:00:03", &want), MAC_OK);
	assert_true(mac_equal(&f->macs[1], &want));
	assert_int_equal(mac_parse("52:54:00:e4:00:01", &f->macs[0]), MAC_OK);

	assert_int_equal(build(f), 0);
	assert_int_equal(apply_dry_mark(&f->steps, &f->p, known, f->macs), 1);
	rep = apply_steps_report(&f->steps);
	assert_non_null(rep);
	assert_null(strstr(rep, "02:ed:00:00:00:03"));
	assert_non_null(strstr(rep, "Add NIC eth1 (MAC [new MAC of eth1, "
			       APPLY_DRY_MAC_WORDS "])"));
	assert_non_null(strstr(rep, "<mac address='[new MAC of eth1, "
			       APPLY_DRY_MAC_WORDS "]'/>"));
	assert_non_null(strstr(rep, "MACAddress=[new MAC of eth1, "));
	assert_non_null(strstr(rep, "52:54:00:e4:00:01"));
	assert_non_null(strstr(rep, "/var/lib/edgenet/seeds/edge-vm/"
			       APPLY_DRY_SEED_WORDS));
	for (q = strstr(rep, "seed-"); q; q = strstr(q + 1, "seed-"))
		assert_int_equal(strncmp(q, APPLY_DRY_SEED_WORDS,
					 strlen(APPLY_DRY_SEED_WORDS)), 0);
	for (i = 0; i < f->steps.count; i++)
		if (f->steps.items[i].kind == APPLY_GUEST_SEED)
			assert_non_null(strstr(f->steps.items[i].seed_after,
					       APPLY_DRY_SEED_WORDS));
	free(rep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_new_networks_and_nics,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_already_in_place, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_dhcp_host_steps, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_redefine_keeps_identity,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_external_bridge, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_report, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dry_standins, setup,
						teardown),
		cmocka_unit_test(test_textdiff),
	};
	const char *d = getenv("EDGENET_DATADIR");
	char path[PATH_MAX];
	struct diag_list dl;

	snprintf(path, sizeof(path), "%s/policy.cfg", d && *d ? d : "data");
	diag_list_init(&dl);
	if (policy_load(&pol, path, &dl) != 0) {
		fprintf(stderr, "cannot load %s\n", path);
		return 99;
	}
	diag_list_free(&dl);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
