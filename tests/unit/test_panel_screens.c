/*
 * test_panel_screens.c - the live panels (route metrics, VM addresses)
 * drawn off-screen at 80x24 and compared with committed golden text
 * (tests/golden/panel_*.txt), with the longest realistic values: 15-
 * character interface, NIC and switch names, 18-character CIDRs, long
 * libvirt errors.  The panels read a struct live of fixed data given
 * to struct app (app.live, src/ui/live.h): no netlink, no libvirt, no
 * loop.  Each frame is also checked to show every value whole (a cell shortened by
 * the panel must end in an ellipsis, and the value be shown whole
 * somewhere on the screen).  The route panel also in the demo (read-only,
 * saying why) and asking before it changes one of this machine's routes,
 * then counting down.
 *
 * Regenerate after a deliberate change, then review the diff:
 *   EDGENET_REGEN_GOLDEN=1 make check TESTS=tests/unit/test_panel_screens
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/clock.h"
#include "core/planfile.h"
#include "core/policy.h"
#include "core/proc_route.h"
#include "core/routes.h"
#include "core/vmaddr.h"
#include "core/pending.h"
#include "ui/app.h"
#include "ui/apply_ui.h"
#include "ui/live.h"

#include "../lib/golden_lib.h"

#define ROWS 24
#define COLS_ 80

static struct policy pol;
static struct ui_options opts;
static struct app app;
static struct live lv;
static struct route_snapshot host;
static struct vm_observed vm;
static char dummy_watch, dummy_nl;	/* non-NULL handles, never used */

/* The longest names a technician meets: IFNAMSIZ-1 = 15 characters. */
static const char plan_long[] =
	"version = 1;\n"
	"profile = \"server\";\n"
	"vm = \"edge-gateway-01\";\n"
	"switches = ( { name = \"plant-line3-dmz\"; type = \"internal\";\n"
	"  address = \"192.168.100.254/24\"; dhcp = false; nat = true; },\n"
	"  { name = \"plant-line3-ot01\"; type = \"internal\";\n"
	"  address = \"172.31.200.254/24\"; dhcp = false; nat = false; } );\n"
	"nics = ( { name = \"uplink-dmz-0001\"; switch = \"plant-line3-dmz\";\n"
	"  mac = \"52:54:00:e4:00:01\"; primary = true;\n"
	"  ip = { mode = \"static\"; address = \"192.168.100.200\";\n"
	"         prefix = 24; gateway = \"192.168.100.254\"; };\n"
	"  dns = { servers = [ \"192.168.100.254\" ]; }; metric = 100; },\n"
	"  { name = \"ot-line3-opcua1\"; switch = \"plant-line3-ot01\";\n"
	"  mac = \"52:54:00:e4:00:03\";\n"
	"  ip = { mode = \"static\"; address = \"172.31.200.201\";\n"
	"         prefix = 24; gateway = \"172.31.200.254\"; };\n"
	"  dns = { servers = [ \"172.31.200.254\" ]; };\n"
	"  metric = 100; offline = true; } );\n";

static int group_setup(void **state)
{
	(void)state;
	if (golden_policy_load(&pol) < 0)
		return -1;
	return golden_open(ROWS, COLS_);
}

static int group_teardown(void **state)
{
	(void)state;
	golden_close();
	return 0;
}

static void ip4(const char *s, uint8_t out[16])
{
	unsigned a, b, c, d;

	memset(out, 0, 16);
	assert_int_equal(sscanf(s, "%u.%u.%u.%u", &a, &b, &c, &d), 4);
	out[0] = (uint8_t)a;
	out[1] = (uint8_t)b;
	out[2] = (uint8_t)c;
	out[3] = (uint8_t)d;
}

static void host_link(int32_t idx, const char *name, const char *mac)
{
	struct route_link l;

	memset(&l, 0, sizeof(l));
	l.ifindex = idx;
	snprintf(l.name, sizeof(l.name), "%s", name);
	snprintf(l.mac, sizeof(l.mac), "%s", mac);
	l.flags = ROUTE_IFF_UP | ROUTE_IFF_LOWER_UP;
	l.operstate = 6;
	assert_int_equal(route_snapshot_put_link(&host, &l), 0);
}

static void host_addr(int32_t idx, const char *addr, uint8_t plen)
{
	struct route_ifaddr a;

	memset(&a, 0, sizeof(a));
	a.family = ROUTE_AF_INET;
	a.prefixlen = plen;
	a.ifindex = idx;
	a.has_local = true;
	ip4(addr, a.local);
	a.valid_lft = a.preferred_lft = ROUTE_LFT_FOREVER;
	assert_int_equal(route_snapshot_put_addr(&host, &a), 0);
}

static void host_route(const char *dst, uint8_t dlen, const char *gw,
		       int32_t oif, uint32_t metric, uint8_t proto,
		       uint8_t scope)
{
	struct route_info r;

	memset(&r, 0, sizeof(r));
	r.family = ROUTE_AF_INET;
	r.dst_len = dlen;
	ip4(dst, r.dst);
	if (gw) {
		r.gw_family = ROUTE_AF_INET;
		ip4(gw, r.gw);
	}
	r.table = ROUTE_TABLE_MAIN;
	r.type = ROUTE_TYPE_UNICAST;
	r.protocol = proto;
	r.scope = scope;
	r.pref = ROUTE_PREF_NONE;
	r.metric = metric;
	r.oif = oif;
	assert_int_equal(route_snapshot_append(&host, &r), 0);
}

/* This machine: two uplinks with 15-character names, two default
 * routes with the same metric (a tie), long subnets. */
static void fill_host(void)
{
	route_snapshot_init(&host);
	host_link(1, "lo", "");
	host_link(2, "enp2s0f1-uplink", "00:1b:21:3a:4c:01");
	host_link(3, "br-line3-ot0001", "00:1b:21:3a:4c:02");
	host_addr(2, "192.168.100.201", 24);
	host_addr(3, "172.31.200.254", 24);
	host_route("0.0.0.0", 0, "192.168.100.254", 2, 100, ROUTE_PROTO_DHCP,
		   ROUTE_SCOPE_UNIVERSE);
	host_route("0.0.0.0", 0, "172.31.200.1", 3, 100, ROUTE_PROTO_STATIC,
		   ROUTE_SCOPE_UNIVERSE);
	host_route("192.168.100.0", 24, NULL, 2, 100, ROUTE_PROTO_KERNEL,
		   ROUTE_SCOPE_LINK);
	host_route("172.31.200.0", 24, NULL, 3, 0, ROUTE_PROTO_KERNEL,
		   ROUTE_SCOPE_LINK);
	host_route("10.128.240.0", 20, "172.31.200.1", 3, 1024,
		   ROUTE_PROTO_STATIC, ROUTE_SCOPE_UNIVERSE);
	host.taken_ms = clock_now_ms() - 90000;	/* "1m": 30 s of slack */
	snprintf(host.source, sizeof(host.source), "netlink");
}

static void vm_iface(struct vm_source_result *r, const char *name,
		     const char *mac, const char *addr, int prefix)
{
	struct vm_iface *f = &r->ifs[r->nifs++];

	snprintf(f->name, sizeof(f->name), "%s", name);
	snprintf(f->mac, sizeof(f->mac), "%s", mac);
	if (addr) {
		snprintf(f->addrs[0].addr, sizeof(f->addrs[0].addr), "%s",
			 addr);
		f->addrs[0].prefix = prefix;
		f->addrs[0].since_ms = clock_now_ms() - 150000; /* "2m" */
		f->naddrs = 1;
	}
}

/* The VM: running, the agent answers (one NIC without its address),
 * the lease and ARP sources fail with libvirt's long errors. */
static void fill_vm(void)
{
	struct vm_dom_nic *n;
	int64_t now = clock_now_ms();

	vm_observed_init(&vm);
	snprintf(vm.uri, sizeof(vm.uri), "qemu+ssh://edge-admin@plant-line3-"
		 "ipc01.example.com/system");
	snprintf(vm.domain, sizeof(vm.domain), "edge-gateway-01");
	vm.connected = true;
	vm.state = VM_STATE_RUNNING;
	vm.nnics = 2;
	n = &vm.nics[0];
	snprintf(n->mac, sizeof(n->mac), "52:54:00:e4:00:01");
	snprintf(n->type, sizeof(n->type), "network");
	snprintf(n->source, sizeof(n->source), "plant-line3-dmz");
	snprintf(n->target, sizeof(n->target), "vnet12");
	n = &vm.nics[1];
	snprintf(n->mac, sizeof(n->mac), "52:54:00:e4:00:03");
	snprintf(n->type, sizeof(n->type), "network");
	snprintf(n->source, sizeof(n->source), "plant-line3-ot01");
	snprintf(n->target, sizeof(n->target), "vnet13");
	vm.src[VM_SRC_AGENT].tried = vm.src[VM_SRC_AGENT].ok = true;
	vm.src[VM_SRC_AGENT].when_ms = now;
	vm_iface(&vm.src[VM_SRC_AGENT], "uplink-dmz-0001", "52:54:00:e4:00:01",
		 "192.168.100.200", 24);
	vm_iface(&vm.src[VM_SRC_AGENT], "ot-line3-opcua1", "52:54:00:e4:00:03",
		 NULL, 0);
	vm.src[VM_SRC_LEASE].tried = true;
	snprintf(vm.src[VM_SRC_LEASE].err, VM_ERR_MAX, "Requested operation "
		 "is not valid: network 'plant-line3-ot01' has no DHCP "
		 "server, so it has no leases");
	vm.src[VM_SRC_ARP].tried = true;
	snprintf(vm.src[VM_SRC_ARP].err, VM_ERR_MAX,
		 "internal error: wrong nlmsg len");
	vm.routes_tried = vm.routes_ok = true;
	vm.taken_ms = now - 90000;	/* "1m" ago, whatever the load */
}

/* /proc/net/route as the guest agent reads it from the VM. */
static void fill_vm_routes(void)
{
	static const char proc[] =
		"Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\t"
		"Mask\t\tMTU\tWindow\tIRTT\n"
		"uplink-dmz-0001\t00000000\tFE64A8C0\t0003\t0\t0\t100\t"
		"00000000\t0\t0\t0\n"
		"ot-line3-opcua1\t00000000\tFEC81FAC\t0003\t0\t0\t100\t"
		"00000000\t0\t0\t0\n"
		"uplink-dmz-0001\t0064A8C0\t00000000\t0001\t0\t0\t100\t"
		"00FFFFFF\t0\t0\t0\n"
		"ot-line3-opcua1\t00C81FAC\t00000000\t0001\t0\t0\t100\t"
		"00FFFFFF\t0\t0\t0\n";
	char err[256];

	route_snapshot_init(&lv.vm_routes);
	assert_int_equal(route_parse_proc_net_route(proc, &lv.vm_routes, err,
						    sizeof(err)), 4);
	lv.vm_routes.taken_ms = clock_now_ms() - 90000;
	lv.vm_routes_ok = true;
}

static int test_setup(void **state)
{
	struct diag_list d;

	(void)state;
	memset(&opts, 0, sizeof(opts));
	opts.policy = &pol;
	opts.uri = "qemu+ssh://edge-admin@plant-line3-ipc01.example.com/system";
	if (app_init(&app, &opts) < 0)
		return -1;
	app.domain_exists = 1;
	diag_list_init(&d);
	app_goto(&app, SCR_PROFILE);
	if (planfile_load_string(plan_long, &app.work, NULL, &d) !=
	    PLANFILE_OK) {
		for (size_t i = 0; i < d.count; i++)
			fprintf(stderr, "%s: %s\n", d.items[i].path,
				d.items[i].message);
		diag_list_free(&d);
		return -1;
	}
	diag_list_free(&d);
	app.saved = app.work;
	app_validate(&app);
	memset(&lv, 0, sizeof(lv));
	fill_host();
	fill_vm();
	fill_vm_routes();
	lv.nl = (struct nl_routes *)(void *)&dummy_nl;
	lv.host = &host;
	lv.watch = (struct vm_addrs *)(void *)&dummy_watch;
	lv.vm = &vm;
	snprintf(lv.vm_domain, sizeof(lv.vm_domain), "edge-gateway-01");
	app.live = &lv;
	app_goto(&app, SCR_HOME);
	return 0;
}

static int test_teardown(void **state)
{
	(void)state;
	app.live = NULL;
	route_snapshot_free(&host);
	route_snapshot_free(&lv.vm_routes);
	app_free(&app);
	return 0;
}

static void check(const char *name)
{
	golden_check(&app, name, ROWS, COLS_);
}

/* This machine's routes: 15-character devices, a tie of two defaults. */
static void test_routes_host(void **state)
{
	char *f;

	(void)state;
	app_key(&app, 't');
	assert_int_equal(app.cur, SCR_ROUTES);
	check("panel_routes_host");
	f = golden_frame(&app, ROWS, COLS_);
	golden_assert_whole(f, "enp2s0f1-uplink");
	golden_assert_whole(f, "br-line3-ot0001");
	golden_assert_whole(f, "10.128.240.0/20");
	free(f);
}

/* The VM's routes (guest agent): plan NICs with 15-character names. */
static void test_routes_vm(void **state)
{
	char *f;

	(void)state;
	app_key(&app, 't');
	app_key(&app, 'v');
	check("panel_routes_vm");
	f = golden_frame(&app, ROWS, COLS_);
	golden_assert_whole(f, "uplink-dmz-0001");
	golden_assert_whole(f, "ot-line3-opcua1");
	free(f);
}

/* The VM's addresses: long names, an 18-character CIDR, the static
 * address with its gateway, libvirt's errors for lease and ARP. */
static void test_vmaddr(void **state)
{
	char *f;

	(void)state;
	app_key(&app, 'a');
	assert_int_equal(app.cur, SCR_VMADDR);
	check("panel_vmaddr");
	f = golden_frame(&app, ROWS, COLS_);
	golden_assert_whole(f, "uplink-dmz-0001");
	golden_assert_whole(f, "plant-line3-ot01");
	golden_assert_whole(f, "static 192.168.100.200/24 gw 192.168.100.254");
	golden_assert_whole(f, vm.src[VM_SRC_ARP].err);
	free(f);
}

/* This machine's links and addresses in the same panel (v). */
static void test_vmaddr_local(void **state)
{
	char *f;

	(void)state;
	app_key(&app, 'a');
	app_key(&app, 'v');
	check("panel_vmaddr_local");
	f = golden_frame(&app, ROWS, COLS_);
	golden_assert_whole(f, "enp2s0f1-uplink");
	golden_assert_whole(f, "172.31.200.254/24");
	free(f);
}

/* The NIC list of step 5 with the same long names: a row too long for
 * the list ends in an ellipsis, and the selected one is shown whole
 * under the list. */
static void test_nics_long(void **state)
{
	char *f;

	(void)state;
	app_goto(&app, SCR_NICS);
	check("wizard_nics_long");
	f = golden_frame(&app, ROWS, COLS_);
	golden_assert_whole(f, "uplink-dmz-0001");
	golden_assert_whole(f, "plant-line3-dmz");
	golden_assert_whole(f, "192.168.100.200/24");
	free(f);
	app_key(&app, '\t');		/* Next, then Back */
	app_key(&app, '\t');		/* Tab wraps to the list */
	app_key(&app, KEY_DOWN);	/* the second NIC */
	check("wizard_nics_long_second");
	f = golden_frame(&app, ROWS, COLS_);
	golden_assert_whole(f, "ot-line3-opcua1");
	golden_assert_whole(f, "plant-line3-ot01");
	golden_assert_whole(f, "172.31.200.201/24");
	free(f);
}

/* The demo: this machine's routes read-only, saying why; m refused. */
static void test_routes_demo(void **state)
{
	char *f;

	(void)state;
	lv.host_readonly = true;
	snprintf(lv.host_ro_why, sizeof(lv.host_ro_why), "this machine's "
		 "routes are not the demo host's");
	app_key(&app, 't');
	free(golden_frame(&app, ROWS, COLS_));	/* drawn, as on a terminal */
	app_key(&app, 'm');
	check("panel_routes_demo");
	f = golden_frame(&app, ROWS, COLS_);
	assert_non_null(strstr(f, "read-only in the demo"));
	assert_non_null(strstr(f, "metric not changed in the demo"));
	assert_null(strstr(f, "New metric"));
	assert_null(strstr(f, "m metric"));	/* the footer has no m */
	free(f);
}

/* The VM's routes cannot be read (no agent): v from this machine's view
 * leaves nothing whose metric m could change, so the footer has no m and
 * m opens no input (before: the host view's routes stayed in the view,
 * and m opened an input nobody could see). */
static void test_routes_vm_unreadable(void **state)
{
	char *f;

	(void)state;
	lv.vm_routes_ok = false;
	snprintf(lv.vm_routes_err, sizeof(lv.vm_routes_err), "the guest "
		 "agent is not connected");
	app_key(&app, 't');
	free(golden_frame(&app, ROWS, COLS_));	/* this machine's, drawn */
	app_key(&app, 'v');
	f = golden_frame(&app, ROWS, COLS_);
	assert_non_null(strstr(f, "the guest agent is not connected"));
	assert_null(strstr(f, "m metric"));
	free(f);
	app_key(&app, 'm');
	f = golden_frame(&app, ROWS, COLS_);
	assert_null(strstr(f, "New metric"));
	assert_null(strstr(f, "Esc cancel"));
	free(f);
}

/* This machine: a typed metric is asked first, naming the route; then
 * the countdown while it waits. */
static void test_routes_ask(void **state)
{
	char *f;

	(void)state;
	app_key(&app, 't');
	free(golden_frame(&app, ROWS, COLS_));	/* drawn, as on a terminal */
	app_key(&app, 'm');
	app_key(&app, '4');
	app_key(&app, '2');
	app_key(&app, '\n');
	check("panel_routes_ask");
	f = golden_frame(&app, ROWS, COLS_);
	assert_non_null(strstr(f, "Change this machine's default route via"));
	assert_non_null(strstr(f, "-> 42?"));
	golden_assert_whole(f, "enp2s0f1-uplink");
	free(f);
	app_key(&app, 'n');		/* cancelled: nothing asked of netlink */
	assert_int_equal(lv.hc.stage, LIVE_HC_NONE);
	lv.hc.stage = LIVE_HC_WAITING;	/* as after y */
	lv.hc.left_s = 57;
	check("panel_routes_countdown");
	f = golden_frame(&app, ROWS, COLS_);
	assert_non_null(strstr(f, "Back to"));
	assert_non_null(strstr(f, "in 57 s."));
	assert_non_null(strstr(f, "y keep"));
	free(f);
	lv.hc.stage = LIVE_HC_NONE;
}

/* After an apply that replaces the second NIC (a new MAC on the same
 * switch), which libvirt keeps for the VM's next start: the running VM
 * still has the old NIC (52:54:00:e4:00:02, its DHCP address seen), the
 * persistent definition the plan's (52:54:00:e4:00:03).  The old NIC is
 * shown as being removed, with none of the plan's configuration; the
 * plan's NIC has a row of its own, with its configuration, said to be
 * added at the next start; nothing tells to apply again. */
static const char pend_live_xml[] =
	"<domain><devices>"
	"<interface type='network'><mac address='52:54:00:e4:00:01'/>"
	"<source network='plant-line3-dmz'/></interface>"
	"<interface type='network'><mac address='52:54:00:e4:00:02'/>"
	"<source network='plant-line3-ot01'/></interface>"
	"</devices></domain>";
static const char pend_config_xml[] =
	"<domain><devices>"
	"<interface type='network'><mac address='52:54:00:e4:00:01'/>"
	"<source network='plant-line3-dmz'/></interface>"
	"<interface type='network'><mac address='52:54:00:e4:00:03'/>"
	"<source network='plant-line3-ot01'/></interface>"
	"</devices></domain>";

/* The guest and libvirt are outside: a guest interface name, a
 * network name and a libvirt error holding escape sequences, a newline,
 * C1 (both forms), DEL and bytes that are not UTF-8 are shown escaped in
 * the VM-addresses panel, and nothing raw is on screen. */
static void test_vmaddr_hostile(void **state)
{
	struct vm_source_result *ag = &vm.src[VM_SRC_AGENT];
	const unsigned char *p;
	char *f;

	(void)state;
	snprintf(ag->ifs[0].name, sizeof(ag->ifs[0].name),
		 "up\x1b[2J\xc2\x9b\x9b\x7f\xff");
	snprintf(vm.nics[1].source, sizeof(vm.nics[1].source),
		 "ot\x1b]0;t\x07");
	snprintf(vm.src[VM_SRC_ARP].err, VM_ERR_MAX,
		 "bad\x0a" "FORGED \x1b[31mred\x9b");
	app_key(&app, 'a');
	assert_int_equal(app.cur, SCR_VMADDR);
	f = golden_frame(&app, ROWS, COLS_);
	for (p = (const unsigned char *)f; *p; p++)
		if ((*p < 0x20 && *p != '\n') || *p >= 0x7f)
			fail_msg("raw byte 0x%02x on screen:\n%s", *p, f);
	assert_null(strstr(f, "^["));
	assert_null(strstr(f, "\nFORGED"));
	/* a table cell: shortened with an ellipsis, escaped as far as it
	 * goes */
	assert_non_null(strstr(f, "up\\x1b[2J\\xc2\\x9b\\x9b"));
	assert_non_null(strstr(f, "ot\\x1b]0;t\\x07"));
	golden_assert_whole(f, "bad\\x0aFORGED \\x1b[31mred\\x9b");
	free(f);
}

static void test_vmaddr_pending_nic(void **state)
{
	static struct apply_ui au;
	struct vm_source_result *ag = &vm.src[VM_SRC_AGENT];
	char err[256], *f, *old, *added, *next;

	(void)state;
	apply_ui_init(&au);
	assert_int_equal(pending_compare(pend_live_xml, pend_config_xml, NULL,
					 &au.pending, err, sizeof(err)), 0);
	assert_int_equal(au.pending.count, 2);
	au.pending_known = au.pending_running = true;
	snprintf(au.pending_domain, sizeof(au.pending_domain), "%s",
		 app_domain(&app));
	app.apply = &au;
	/* the running VM: the old NIC in place of the plan's second */
	assert_int_equal(vmaddr_parse_domain_xml(pend_live_xml, &vm, err,
						 sizeof(err)), 2);
	snprintf(ag->ifs[1].mac, sizeof(ag->ifs[1].mac), "52:54:00:e4:00:02");
	snprintf(ag->ifs[1].addrs[0].addr, sizeof(ag->ifs[1].addrs[0].addr),
		 "172.31.200.57");
	ag->ifs[1].addrs[0].prefix = 24;
	ag->ifs[1].addrs[0].since_ms = clock_now_ms() - 150000;
	ag->ifs[1].naddrs = 1;
	vm.src[VM_SRC_LEASE].tried = false;	/* shorter header */
	vm.src[VM_SRC_ARP].tried = false;

	app_key(&app, 'a');
	assert_int_equal(app.cur, SCR_VMADDR);
	check("panel_vmaddr_pending_nic");
	f = golden_frame(&app, ROWS, COLS_);
	/* the plan's NIC: its own row, its configuration, being added */
	added = strstr(f, "ot-line3-opcua1 52:54:00:e4:00:03");
	assert_non_null(added);
	next = strstr(added, "\n");
	assert_non_null(next);
	assert_int_equal(strncmp(next + 1, "     plan: static "
				 "172.31.200.201/24 gw 172.31.200.254", 53),
			 0);
	assert_non_null(strstr(added, "next start: NIC 52:54:00:e4:00:03"));
	assert_non_null(strstr(added, "is added"));
	/* the old NIC: none of the plan's configuration */
	old = strstr(f, "52:54:00:e4:00:02 plant-line3-ot01");
	assert_non_null(old);
	assert_true(old > added);
	next = strstr(old, "\n");
	assert_non_null(next);
	assert_int_equal(strncmp(next + 1, "     plan: -\n", 13), 0);
	free(f);
	app_key(&app, KEY_NPAGE);
	check("panel_vmaddr_pending_nic_end");
	f = golden_frame(&app, ROWS, COLS_);
	assert_non_null(strstr(f, "52:54:00:e4:00:02 on network"));
	assert_non_null(strstr(f, "is removed"));
	assert_null(strstr(f, "apply the plan"));
	assert_null(strstr(f, "not in the plan"));
	assert_null(strstr(f, "MAC differs"));
	assert_null(strstr(f, "differs from the plan"));
	free(f);
	app.apply = NULL;
	apply_ui_free(&au);
}

static int refreshes;

static void count_refresh(struct live *l)
{
	(void)l;
	refreshes++;
}

static struct dnsview_panel *dns_started;
static int dns_starts;

static struct dnsview_panel *fake_dns_start(struct live *l)
{
	assert_ptr_equal(l, app.live);
	dns_starts++;
	return dns_started;
}

/* The panels ask struct app for their data through their class's
 * on_data hook (run.c knows no screen): the VM-addresses panel reads
 * the VM again each time a key opens it, not on the keys that follow;
 * the DNS panel starts its data (app.dns_start) when it is shown, until
 * it has some. */
static void test_panels_ask_data(void **state)
{
	(void)state;
	refreshes = 0;
	lv.ops.refresh = count_refresh;
	app_key(&app, 'a');
	assert_int_equal(app.cur, SCR_VMADDR);
	assert_int_equal(refreshes, 1);
	app_key(&app, KEY_DOWN);
	app_key(&app, KEY_F(1));		/* help, and back: opened again */
	assert_int_equal(refreshes, 1);
	app_key(&app, KEY_F(1));
	assert_int_equal(app.cur, SCR_VMADDR);
	assert_int_equal(refreshes, 2);
	app_key(&app, 27);
	assert_int_equal(app.cur, SCR_HOME);
	lv.ops.refresh = NULL;

	dns_starts = 0;
	dns_started = NULL;
	app.dns_start = fake_dns_start;
	app_key(&app, 'd');
	assert_int_equal(app.cur, SCR_DNSPANEL);
	assert_int_equal(dns_starts, 1);
	app_key(&app, KEY_DOWN);		/* none yet: asked again */
	assert_int_equal(dns_starts, 2);
	app.live = NULL;			/* no live data: not asked */
	app_key(&app, KEY_DOWN);
	assert_int_equal(dns_starts, 2);
	app.live = &lv;
	app.dns_start = NULL;
}

#define T(f) cmocka_unit_test_setup_teardown(f, test_setup, test_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_routes_host),
		T(test_routes_vm),
		T(test_vmaddr),
		T(test_vmaddr_hostile),
		T(test_vmaddr_local),
		T(test_nics_long),
		T(test_routes_demo),
		T(test_routes_vm_unreadable),
		T(test_routes_ask),
		T(test_vmaddr_pending_nic),
		T(test_panels_ask_data),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
