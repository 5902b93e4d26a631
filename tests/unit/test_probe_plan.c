/*
 * test_probe_plan.c - which probes a NIC of a plan gets and where they
 * are sent (core/probe_plan.c).
 *
 * Every row is a real situation: a plan written as a plan file (loaded
 * with planfile_load_string, so the fields are what a technician's file
 * gives) on one site with four switches - "plant" (external, bridge mode
 * on enp2s0), "ot" (external, macvtap on enp3s0), "edge-int" (internal,
 * 172.20.0.1/24) and "default" (libvirt's NAT network) - against one of
 * a few hosts (facts as the backends report them: all known, nothing
 * known, the internal switch not created or not running).  A row says
 * which NIC is planned, how (on demand or as the preflight, here or
 * elsewhere), and lists every target it must give in order: kind, exact
 * field path, interface, address probed, whether it is skipped and a
 * phrase of the reason.  Touches memory only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/diag.h"
#include "core/planfile.h"
#include "core/probe_plan.h"

/* --- the site --- */

#define SWITCHES \
	"version = 1; profile = \"client\"; vm = \"edge-vm\";\n" \
	"switches = (\n" \
	" { name = \"plant\"; type = \"external\"; uplink = \"enp2s0\";\n" \
	"   mode = \"bridge\"; bridge = \"br0\"; },\n" \
	" { name = \"ot\"; type = \"external\"; uplink = \"enp3s0\";\n" \
	"   mode = \"macvtap\"; },\n" \
	" { name = \"edge-int\"; type = \"internal\";\n" \
	"   address = \"172.20.0.1/24\"; dhcp = true;\n" \
	"   dhcp_start = \"172.20.0.100\"; dhcp_end = \"172.20.0.200\";\n" \
	"   nat = true; },\n" \
	" { name = \"default\"; type = \"default\";\n" \
	"   address = \"192.168.122.1/24\"; dhcp = true;\n" \
	"   dhcp_start = \"192.168.122.2\"; dhcp_end = \"192.168.122.254\";\n" \
	"   nat = true; }\n" \
	");\n"

#define DHCP_NIC(name, sw, extra) \
	"{ name = \"" name "\"; switch = \"" sw "\"; " \
	"ip = { mode = \"dhcp\"; }; " extra " }"
#define STATIC_NIC(name, sw, addr, pfx, gw, extra) \
	"{ name = \"" name "\"; switch = \"" sw "\"; " \
	"ip = { mode = \"static\"; address = \"" addr "\"; prefix = " pfx \
	"; gateway = \"" gw "\"; }; " extra " }"
#define DNS(list) "dns = { servers = [ " list " ]; };"

/* --- the hosts --- */

enum facts {
	HOST_ALL,		/* everything known; every switch running */
	HOST_NOTHING,		/* no facts at all */
	HOST_NO_NICS,		/* networks known, interfaces not */
	HOST_INT_MISSING,	/* edge-int not defined on the host */
	HOST_INT_STOPPED,	/* edge-int defined, not running */
	HOST_INT_OTHER_ADDR,	/* edge-int runs with 172.20.0.254/24 */
	HOST_BR_ABSENT,		/* br0 not made yet: enp2s0 in no bridge */
	HOST_BR_EMPTY,		/* br0 exists, enp2s0 is not its port */
	HOST_NO_LINK,		/* as HOST_ALL, enp2s0 without carrier */
};

static struct host_net_list nets;
static struct host_nic_list nics;

static void add_net(const char *name, enum switch_type type,
		    const char *bridge, const char *addr, bool active)
{
	struct host_net *n = &nets.items[nets.count++];

	memset(n, 0, sizeof(*n));
	snprintf(n->name, sizeof(n->name), "%s", name);
	n->type = type;
	snprintf(n->forward, sizeof(n->forward), "nat");
	snprintf(n->bridge, sizeof(n->bridge), "%s", bridge);
	snprintf(n->address, sizeof(n->address), "%s", addr);
	n->dhcp = true;
	n->active = active;
}

static void add_nic(const char *name, const char *kind, const char *master)
{
	struct host_nic *n = &nics.items[nics.count++];

	memset(n, 0, sizeof(*n));
	snprintf(n->name, sizeof(n->name), "%s", name);
	snprintf(n->kind, sizeof(n->kind), "%s", kind);
	snprintf(n->master, sizeof(n->master), "%s", master);
	n->up = n->carrier = true;
	n->physical = !kind[0];
	n->speed_mbps = -1;
}

static void host_of(enum facts f, struct host_facts *h)
{
	memset(h, 0, sizeof(*h));
	memset(&nets, 0, sizeof(nets));
	memset(&nics, 0, sizeof(nics));
	if (f == HOST_NOTHING)
		return;
	add_net("default", SWITCH_DEFAULT, "virbr0", "192.168.122.1/24", true);
	if (f == HOST_INT_STOPPED)
		add_net("edge-int", SWITCH_INTERNAL, "virbr1",
			"172.20.0.1/24", false);
	else if (f == HOST_INT_OTHER_ADDR)
		add_net("edge-int", SWITCH_INTERNAL, "virbr1",
			"172.20.0.254/24", true);
	else if (f != HOST_INT_MISSING)
		add_net("edge-int", SWITCH_INTERNAL, "virbr1",
			"172.20.0.1/24", true);
	h->nets = &nets;
	if (f == HOST_NO_NICS)
		return;
	add_nic("lo", "", "");
	add_nic("enp2s0", "", f == HOST_BR_ABSENT || f == HOST_BR_EMPTY ?
		"" : "br0");
	if (f == HOST_NO_LINK)
		nics.items[nics.count - 1].carrier = false;
	add_nic("enp3s0", "", "");
	if (f != HOST_BR_ABSENT)
		add_nic("br0", "bridge", "");
	add_nic("virbr0", "bridge", "");
	add_nic("virbr1", "bridge", "");
	h->nics = &nics;
}

/* --- the rows --- */

struct exp {
	enum probe_kind kind;	/* PROBE_NONE ends the list */
	const char *path;
	const char *ifname;
	const char *target;	/* NULL: "" */
	bool skip;
	const char *why;	/* a phrase of why_not; NULL: "" when not
				 * skipped */
	const char *source;	/* GATEWAY: NULL when not checked */
};

#define ELSEWHERE_SENTENCE "the host is remote: probes run only on the host itself"

struct row {
	const char *name;
	const char *nics;		/* the plan's NICs */
	enum facts facts;
	enum probe_plan_mode mode;
	const char *elsewhere;
	int nic;			/* -1: probe_plan_all */
	struct exp e[12];
	const char *uplink0;		/* plant's uplink instead of enp2s0 */
};

static const struct row rows[] = {
	{ "external DHCP NIC on demand: port, DHCP on br0 (it holds the "
	  "uplink), each DNS",
	  DHCP_NIC("eth0", "plant",
		   DNS("\"10.1.0.53\", \"2001:db8:0:1::53\"")),
	  HOST_ALL, PROBE_PLAN_ON_DEMAND, NULL, 0, {
		{ PROBE_PORT, "switches[0].uplink", "enp2s0", NULL, false,
		  NULL, NULL },
		{ PROBE_DHCP, "nics[0].ip.mode", "br0", NULL, false, NULL,
		  NULL },
		{ PROBE_DNS, "nics[0].dns.servers[0]", "", "10.1.0.53", false,
		  NULL, NULL },
		{ PROBE_DNS, "nics[0].dns.servers[1]", "",
		  "2001:db8:0:1::53", false, NULL, NULL },
	  } },
	{ "external DHCP NIC as preflight: the port (read) and the DHCP probe",
	  DHCP_NIC("eth0", "plant", DNS("\"10.1.0.53\"")),
	  HOST_ALL, PROBE_PLAN_PREFLIGHT, NULL, 0, {
		{ PROBE_PORT, "switches[0].uplink", "enp2s0", NULL, false,
		  NULL, NULL },
		{ PROBE_DHCP, "nics[0].ip.mode", "br0", NULL, false, NULL,
		  NULL },
	  } },
	{ "the uplink has no link: the port is read, the DHCP probe is not "
	  "sent (a silent plant would read as no server)",
	  DHCP_NIC("eth0", "plant", ""),
	  HOST_NO_LINK, PROBE_PLAN_PREFLIGHT, NULL, 0, {
		{ PROBE_PORT, "switches[0].uplink", "enp2s0", NULL, false,
		  NULL, NULL },
		{ PROBE_DHCP, "nics[0].ip.mode", "enp2s0", NULL, true,
		  "the uplink enp2s0 of switch \"plant\" has no link (no "
		  "cable", NULL },
	  } },
	{ "the uplink is not an interface of this host: the port probe says "
	  "so, the DHCP probe is skipped naming it",
	  DHCP_NIC("eth0", "plant", ""),
	  HOST_ALL, PROBE_PLAN_ON_DEMAND, NULL, 0, {
		{ PROBE_PORT, "switches[0].uplink", "enp9s0", NULL, false,
		  NULL, NULL },
		{ PROBE_DHCP, "nics[0].ip.mode", "enp9s0", NULL, true,
		  "the uplink enp9s0 of switch \"plant\" is not an interface "
		  "of this host", NULL },
	  }, "enp9s0" },
	{ "an uplink name that is no interface name: nothing is sent, the "
	  "field is named",
	  DHCP_NIC("eth0", "plant", ""),
	  HOST_ALL, PROBE_PLAN_ON_DEMAND, NULL, 0, {
		{ PROBE_PORT, "switches[0].uplink", "", NULL, true,
		  "switch \"plant\" has no usable uplink: fix the uplink "
		  "(switches[0].uplink) first", NULL },
		{ PROBE_DHCP, "nics[0].ip.mode", "", NULL, true,
		  "fix the uplink (switches[0].uplink) first", NULL },
	  }, "enp2s0-and-more-than-15" },
	{ "interfaces not known: the uplink is used as the plan says",
	  DHCP_NIC("eth0", "plant", ""),
	  HOST_NO_NICS, PROBE_PLAN_PREFLIGHT, NULL, 0, {
		{ PROBE_PORT, "switches[0].uplink", "enp2s0", NULL, false,
		  NULL, NULL },
		{ PROBE_DHCP, "nics[0].ip.mode", "enp2s0", NULL, false, NULL,
		  NULL },
	  } },
	{ "external static NIC: address and gateway on the uplink, the "
	  "gateway from the planned address",
	  DHCP_NIC("eth0", "plant", "") ", "
	  STATIC_NIC("eth1", "ot", "10.50.0.20", "24", "10.50.0.1",
		     DNS("\"10.50.0.1\"")),
	  HOST_ALL, PROBE_PLAN_PREFLIGHT, NULL, 1, {
		{ PROBE_PORT, "switches[1].uplink", "enp3s0", NULL, false,
		  NULL, NULL },
		{ PROBE_ADDR, "nics[1].ip.address", "enp3s0", "10.50.0.20",
		  false, NULL, NULL },
		{ PROBE_GATEWAY, "nics[1].ip.gateway", "enp3s0", "10.50.0.1",
		  false, NULL, "10.50.0.20" },
	  } },
	{ "a mistyped address: address and gateway wait for the fix",
	  STATIC_NIC("eth0", "plant", "10.1.0.300", "24", "10.1.0.1", ""),
	  HOST_ALL, PROBE_PLAN_PREFLIGHT, NULL, 0, {
		{ PROBE_PORT, "switches[0].uplink", "enp2s0", NULL, false,
		  NULL, NULL },
		{ PROBE_ADDR, "nics[0].ip.address", "br0", NULL, true,
		  "fix the address first", NULL },
		{ PROBE_GATEWAY, "nics[0].ip.gateway", "br0", "10.1.0.1",
		  true, "fix the address first", NULL },
	  } },
	{ "a gateway outside the subnet is not probed",
	  STATIC_NIC("eth0", "plant", "10.1.0.20", "24", "10.2.0.1", ""),
	  HOST_ALL, PROBE_PLAN_PREFLIGHT, NULL, 0, {
		{ PROBE_PORT, "switches[0].uplink", "enp2s0", NULL, false,
		  NULL, NULL },
		{ PROBE_ADDR, "nics[0].ip.address", "br0", "10.1.0.20",
		  false, NULL, NULL },
		{ PROBE_GATEWAY, "nics[0].ip.gateway", "br0", "10.2.0.1",
		  true, "fix the gateway first: 10.2.0.1 is not another "
		  "address in the subnet of 10.1.0.20/24", NULL },
	  } },
	{ "an offline network without a router: no gateway probe",
	  "{ name = \"eth0\"; switch = \"ot\"; offline = true; "
	  "ip = { mode = \"static\"; address = \"10.50.0.20\"; prefix = 24; "
	  "}; }",
	  HOST_ALL, PROBE_PLAN_ON_DEMAND, NULL, 0, {
		{ PROBE_PORT, "switches[1].uplink", "enp3s0", NULL, false,
		  NULL, NULL },
		{ PROBE_ADDR, "nics[0].ip.address", "enp3s0", "10.50.0.20",
		  false, NULL, NULL },
	  } },
	{ "internal static NIC: ARP on libvirt's bridge; the gateway is the "
	  "host's own address, judged from the facts",
	  STATIC_NIC("eth0", "edge-int", "172.20.0.10", "24", "172.20.0.1",
		     DNS("\"172.20.0.1\"")),
	  HOST_ALL, PROBE_PLAN_ON_DEMAND, NULL, 0, {
		{ PROBE_ADDR, "nics[0].ip.address", "virbr1", "172.20.0.10",
		  false, NULL, NULL },
		{ PROBE_GATEWAY, "nics[0].ip.gateway", "virbr1", "172.20.0.1",
		  true, "the gateway 172.20.0.1 is this host's own address on "
		  "the running switch \"edge-int\"", "172.20.0.10" },
		{ PROBE_DNS, "nics[0].dns.servers[0]", "", "172.20.0.1",
		  false, NULL, NULL },
	  } },
	{ "internal switch not created yet: the address probe runs after "
	  "apply, the gateway will be the host's",
	  STATIC_NIC("eth0", "edge-int", "172.20.0.10", "24", "172.20.0.1",
		     ""),
	  HOST_INT_MISSING, PROBE_PLAN_PREFLIGHT, NULL, 0, {
		{ PROBE_ADDR, "nics[0].ip.address", "", "172.20.0.10", true,
		  "the switch \"edge-int\" is not created yet: the probe can "
		  "run after apply", NULL },
		{ PROBE_GATEWAY, "nics[0].ip.gateway", "", "172.20.0.1", true,
		  "will be this host's own address on switch \"edge-int\" "
		  "once apply creates it", NULL },
	  } },
	{ "internal switch defined but stopped: start it first",
	  STATIC_NIC("eth0", "edge-int", "172.20.0.10", "24", "172.20.0.1",
		     ""),
	  HOST_INT_STOPPED, PROBE_PLAN_PREFLIGHT, NULL, 0, {
		{ PROBE_ADDR, "nics[0].ip.address", "", "172.20.0.10", true,
		  "is defined but not running: start it (virsh net-start "
		  "edge-int)", NULL },
		{ PROBE_GATEWAY, "nics[0].ip.gateway", "", "172.20.0.1", true,
		  "will be this host's own address", NULL },
	  } },
	{ "internal switch whose host address is not the planned gateway",
	  STATIC_NIC("eth0", "edge-int", "172.20.0.10", "24", "172.20.0.1",
		     ""),
	  HOST_INT_OTHER_ADDR, PROBE_PLAN_PREFLIGHT, NULL, 0, {
		{ PROBE_ADDR, "nics[0].ip.address", "virbr1", "172.20.0.10",
		  false, NULL, NULL },
		{ PROBE_GATEWAY, "nics[0].ip.gateway", "virbr1", "172.20.0.1",
		  true, "on switch \"edge-int\" the host (172.20.0.254) is the "
		  "router, not 172.20.0.1", NULL },
	  } },
	{ "DHCP NIC on libvirt's NAT network: its dnsmasq is read",
	  DHCP_NIC("eth0", "default", ""),
	  HOST_ALL, PROBE_PLAN_ON_DEMAND, NULL, 0, {
		{ PROBE_LIBVIRT_DHCP, "nics[0].ip.mode", "", NULL, false, NULL,
		  NULL },
	  } },
	{ "DHCP NIC on libvirt's NAT network: no preflight",
	  DHCP_NIC("eth0", "default", ""),
	  HOST_ALL, PROBE_PLAN_PREFLIGHT, NULL, 0, { { PROBE_NONE, NULL,
	  NULL, NULL, false, NULL, NULL } } },
	{ "networks unknown: libvirt's DHCP cannot be read",
	  DHCP_NIC("eth0", "default", ""),
	  HOST_NOTHING, PROBE_PLAN_ON_DEMAND, NULL, 0, {
		{ PROBE_LIBVIRT_DHCP, "nics[0].ip.mode", "", NULL, true,
		  "the host's libvirt networks could not be read", NULL },
	  } },
	{ "a remote host: every probe listed, every one skipped with the "
	  "caller's sentence",
	  DHCP_NIC("eth0", "plant", DNS("\"10.1.0.53\"")) ", "
	  STATIC_NIC("eth1", "edge-int", "172.20.0.10", "24", "172.20.0.1",
		     ""),
	  HOST_ALL, PROBE_PLAN_ON_DEMAND, ELSEWHERE_SENTENCE, -1, {
		{ PROBE_PORT, "switches[0].uplink", "enp2s0", NULL, true,
		  ELSEWHERE_SENTENCE, NULL },
		{ PROBE_DHCP, "nics[0].ip.mode", "br0", NULL, true,
		  ELSEWHERE_SENTENCE, NULL },
		{ PROBE_DNS, "nics[0].dns.servers[0]", "", "10.1.0.53", true,
		  ELSEWHERE_SENTENCE, NULL },
		{ PROBE_ADDR, "nics[1].ip.address", "virbr1", "172.20.0.10",
		  true, ELSEWHERE_SENTENCE, NULL },
		{ PROBE_GATEWAY, "nics[1].ip.gateway", "virbr1", "172.20.0.1",
		  true, ELSEWHERE_SENTENCE, NULL },
	  } },
	{ "the whole plan in NIC order",
	  DHCP_NIC("eth0", "plant", "") ", "
	  STATIC_NIC("eth1", "ot", "10.50.0.20", "24", "10.50.0.1", "") ", "
	  DHCP_NIC("eth2", "default", ""),
	  HOST_ALL, PROBE_PLAN_PREFLIGHT, NULL, -1, {
		{ PROBE_PORT, "switches[0].uplink", "enp2s0", NULL, false,
		  NULL, NULL },
		{ PROBE_DHCP, "nics[0].ip.mode", "br0", NULL, false, NULL,
		  NULL },
		{ PROBE_PORT, "switches[1].uplink", "enp3s0", NULL, false,
		  NULL, NULL },
		{ PROBE_ADDR, "nics[1].ip.address", "enp3s0", "10.50.0.20",
		  false, NULL, NULL },
		{ PROBE_GATEWAY, "nics[1].ip.gateway", "enp3s0", "10.50.0.1",
		  false, NULL, "10.50.0.20" },
	  } },
	{ "a NIC on a switch the plan lacks: skipped, pointing at the field",
	  DHCP_NIC("eth0", "plnat", ""),
	  HOST_ALL, PROBE_PLAN_ON_DEMAND, NULL, 0, {
		{ PROBE_DHCP, "nics[0].ip.mode", "", NULL, true,
		  "the NIC's switch \"plnat\" is not a switch of the plan: fix "
		  "the switch (nics[0].switch) first", NULL },
	  } },
	{ "a DNS server that is not an address is not queried",
	  DHCP_NIC("eth0", "default", DNS("\"dns.example\"")),
	  HOST_ALL, PROBE_PLAN_ON_DEMAND, NULL, 0, {
		{ PROBE_LIBVIRT_DHCP, "nics[0].ip.mode", "", NULL, false, NULL,
		  NULL },
		{ PROBE_DNS, "nics[0].dns.servers[0]", "", NULL, true,
		  "fix the DNS server first (nics[0].dns.servers[0])", NULL },
	  } },
	{ "bridge mode, the host's br0 holds the uplink: the wire probes on "
	  "br0 (they reach the VMs and the host on it too), the port read "
	  "on the uplink",
	  STATIC_NIC("eth0", "plant", "10.1.0.20", "24", "10.1.0.1", ""),
	  HOST_ALL, PROBE_PLAN_ON_DEMAND, NULL, 0, {
		{ PROBE_PORT, "switches[0].uplink", "enp2s0", NULL, false,
		  NULL, NULL },
		{ PROBE_ADDR, "nics[0].ip.address", "br0", "10.1.0.20",
		  false, NULL, NULL },
		{ PROBE_GATEWAY, "nics[0].ip.gateway", "br0", "10.1.0.1",
		  false, NULL, "10.1.0.20" },
	  } },
	{ "bridge mode, br0 not made yet: the uplink",
	  STATIC_NIC("eth0", "plant", "10.1.0.20", "24", "10.1.0.1", "") ", "
	  DHCP_NIC("eth1", "plant", ""),
	  HOST_BR_ABSENT, PROBE_PLAN_PREFLIGHT, NULL, -1, {
		{ PROBE_PORT, "switches[0].uplink", "enp2s0", NULL, false,
		  NULL, NULL },
		{ PROBE_ADDR, "nics[0].ip.address", "enp2s0", "10.1.0.20",
		  false, NULL, NULL },
		{ PROBE_GATEWAY, "nics[0].ip.gateway", "enp2s0", "10.1.0.1",
		  false, NULL, "10.1.0.20" },
		{ PROBE_PORT, "switches[0].uplink", "enp2s0", NULL, false,
		  NULL, NULL },
		{ PROBE_DHCP, "nics[1].ip.mode", "enp2s0", NULL, false, NULL,
		  NULL },
	  } },
	{ "bridge mode, br0 exists but the uplink is not its port: the "
	  "uplink",
	  DHCP_NIC("eth0", "plant", ""),
	  HOST_BR_EMPTY, PROBE_PLAN_ON_DEMAND, NULL, 0, {
		{ PROBE_PORT, "switches[0].uplink", "enp2s0", NULL, false,
		  NULL, NULL },
		{ PROBE_DHCP, "nics[0].ip.mode", "enp2s0", NULL, false, NULL,
		  NULL },
	  } },
};

static void load(const struct row *r, struct plan *p)
{
	char text[4096];
	struct diag_list d;

	snprintf(text, sizeof(text), "%snics = ( %s );\n", SWITCHES, r->nics);
	diag_list_init(&d);
	assert_int_equal(planfile_load_string(text, p, NULL, &d), PLANFILE_OK);
	if (d.count)
		fail_msg("%s: the plan does not load: %s: %s", r->name,
			 d.items[0].path, d.items[0].message);
	diag_list_free(&d);
}

static void mutate(const struct row *r, struct plan *p)
{
	if (r->uplink0)
		snprintf(p->switches[0].uplink, sizeof(p->switches[0].uplink),
			 "%s", r->uplink0);
}

static void check_row(const struct row *r)
{
	struct probe_target t[PROBE_PLAN_MAX];
	struct probe_plan_opts o = { r->mode, r->elsewhere };
	struct host_facts h;
	struct plan p;
	size_t n, want = 0;

	load(r, &p);
	mutate(r, &p);
	host_of(r->facts, &h);
	memset(t, 0x5a, sizeof(t));	/* nothing left from before counts */
	if (r->nic < 0)
		n = probe_plan_all(&p, &h, &o, t, PROBE_PLAN_MAX);
	else
		n = probe_plan_nic(&p, (size_t)r->nic, &h, &o, t,
				   PROBE_PLAN_MAX);
	while (want < 12 && r->e[want].kind != PROBE_NONE)
		want++;
	if (n != want) {
		for (size_t i = 0; i < n; i++)
			print_message("  got %s %s\n",
				      probe_kind_name(t[i].kind), t[i].path);
		fail_msg("%s: %zu targets, expected %zu", r->name, n, want);
	}
	for (size_t i = 0; i < n; i++) {
		const struct exp *e = &r->e[i];
		const struct probe_target *x = &t[i];
		const struct plan_nic *nic = &p.nics[x->nic];

		if (x->kind != e->kind || strcmp(x->path, e->path) ||
		    strcmp(x->ifname, e->ifname) ||
		    strcmp(x->target, e->target ? e->target : "") ||
		    x->skip != e->skip)
			fail_msg("%s: target %zu is %s %s on \"%s\" for \"%s\" "
				 "skip=%d (%s); expected %s %s on \"%s\" for "
				 "\"%s\" skip=%d", r->name, i,
				 probe_kind_name(x->kind), x->path, x->ifname,
				 x->target, x->skip, x->why_not,
				 probe_kind_name(e->kind), e->path, e->ifname,
				 e->target ? e->target : "", e->skip);
		if (e->why && !strstr(x->why_not, e->why))
			fail_msg("%s: target %zu says \"%s\", expected \"%s\"",
				 r->name, i, x->why_not, e->why);
		if (!e->skip)
			assert_string_equal(x->why_not, "");
		if (e->source)
			assert_string_equal(x->source, e->source);
		/* the switch is the NIC's own */
		assert_true(x->nic < p.nnics);
		if (strstr(x->why_not, "not a switch"))
			assert_string_equal(x->network, "");
		else
			assert_string_equal(x->network, nic->switch_name);
	}
}

static void test_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		check_row(&rows[i]);
}

/* OUT is never written past MAX; the count says what was written. */
static void test_room(void **state)
{
	struct probe_target t[4];
	struct probe_plan_opts o = { PROBE_PLAN_ON_DEMAND, NULL };
	struct host_facts h;
	struct plan p;
	const struct row r = { "room",
		DHCP_NIC("eth0", "plant",
			 DNS("\"10.1.0.53\", \"10.1.0.54\", \"10.1.0.55\"")),
		HOST_ALL, PROBE_PLAN_ON_DEMAND, NULL, 0, { { 0 } }, NULL };

	(void)state;
	load(&r, &p);
	host_of(HOST_ALL, &h);
	memset(t, 0x5a, sizeof(t));
	assert_int_equal(probe_plan_nic(&p, 0, &h, &o, t, 3), 3);
	assert_int_equal(t[3].kind, 0x5a5a5a5a);
	assert_int_equal(t[2].kind, PROBE_DNS);
	assert_string_equal(t[2].target, "10.1.0.53");
	assert_int_equal(probe_plan_all(&p, &h, &o, t, 0), 0);
	/* a NIC the plan lacks gives nothing */
	assert_int_equal(probe_plan_nic(&p, 1, &h, &o, t, 4), 0);
	/* NULL options: on demand, this host */
	assert_int_equal(probe_plan_nic(&p, 0, &h, NULL, t, 4), 4);
	assert_false(t[0].skip);
}

/* A hostile switch name cannot reach a sentence unescaped. */
static void test_names_escaped(void **state)
{
	struct probe_target t[8];
	struct host_facts h;
	struct plan p;
	const struct row r = { "escaped", DHCP_NIC("eth0", "plant", ""),
		HOST_ALL, PROBE_PLAN_ON_DEMAND, NULL, 0, { { 0 } }, NULL };

	(void)state;
	load(&r, &p);
	snprintf(p.nics[0].switch_name, sizeof(p.nics[0].switch_name),
		 "pl\x1b[2J");
	host_of(HOST_ALL, &h);
	assert_int_equal(probe_plan_nic(&p, 0, &h, NULL, t, 8), 1);
	assert_true(t[0].skip);
	assert_non_null(strstr(t[0].why_not, "\"pl\\x1b[2J\""));
	assert_null(strchr(t[0].why_not, '\x1b'));
}

/* Where the probes may go: decided from the URI libvirt reports, the
 * given one before a connection; an alias nobody resolved is unknown. */
static void test_elsewhere(void **state)
{
	static const struct {
		const char *given, *reported;
		bool demo;
		const char *says;	/* NULL: this machine, probes run */
	} cases[] = {
		{ NULL, NULL, false, NULL },
		{ "qemu:///system", NULL, false, NULL },
		{ "plant3", "qemu:///system", false, NULL },
		{ "test:///default", NULL, false,
		  "The host test:///default is simulated" },
		{ "test:///x/demo-node.xml", NULL, true,
		  "The demo host is simulated" },
		{ "plant2", "test:///default", false,
		  "The host plant2 (test:///default) is simulated" },
		{ "plant2", NULL, false,
		  "The host plant2 is an alias that libvirt has not resolved" },
		{ "plant2", "", false, "has not resolved" },
		{ "plant4", "qemu+ssh://ipc7/system", false,
		  "The host plant4 (qemu+ssh://ipc7/system) is another machine" },
		{ "qemu+tcp://10.0.0.5/system", NULL, false, "another machine" },
	};
	char buf[PROBE_WHY_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *w = probe_plan_elsewhere(cases[i].given,
						     cases[i].reported,
						     cases[i].demo, buf,
						     sizeof(buf));

		if (!cases[i].says) {
			if (w)
				fail_msg("row %zu: \"%s\"", i, w);
			continue;
		}
		if (!w || !strstr(w, cases[i].says))
			fail_msg("row %zu: \"%s\", expected \"%s\"", i,
				 w ? w : "(this machine)", cases[i].says);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_elsewhere),
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_room),
		cmocka_unit_test(test_names_escaped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
