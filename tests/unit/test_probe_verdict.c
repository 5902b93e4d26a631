/*
 * test_probe_verdict.c - a probe's result judged and worded
 * (core/probe_verdict.c, probe_words.c, probe_json.c).
 *
 * One plan file (a plant network bridged on enp2s0, an OT network by
 * macvtap on enp3s0, an internal switch with libvirt's DHCP), and one row
 * per finding a probe can bring back from the wire or the host: an
 * address answered by one device or by two, a free one; no DHCP server,
 * one, two (a rogue); libvirt's network missing, stopped, without DHCP,
 * without dnsmasq, with another range than the plan's; a gateway silent,
 * answering ARP only, answering both, answering ARP and not pinged
 * because the planned address is in use, held by the VM itself or was
 * not checked (OK, and the words say why); an uplink missing, unplugged,
 * down, Wi-Fi (bridge and macvtap), virtual, in another bridge or in its
 * own; DNS servers that resolve, fail or are silent; and the results
 * that are no finding (skipped, failed, running).  Each row checks the
 * level, the diagnostics (count, severity, exact field, a phrase of the
 * message) and a phrase of the words, and that no line of the words is
 * wider than 76 columns.  The JSON of a whole diagnosis is parsed back
 * with json-c and read member by member.  Touches memory only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <json-c/json.h>

#include "core/diag.h"
#include "core/planfile.h"
#include "core/probe_verdict.h"
#include "core/sbuf.h"

#define SET(field, text) snprintf((field), sizeof(field), "%s", (text))

static const char site[] =
	"version = 1; profile = \"client\"; vm = \"edge-vm\";\n"
	"switches = (\n"
	" { name = \"plant\"; type = \"external\"; uplink = \"enp2s0\";\n"
	"   mode = \"bridge\"; bridge = \"br0\"; },\n"
	" { name = \"ot\"; type = \"external\"; uplink = \"enp3s0\";\n"
	"   mode = \"macvtap\"; },\n"
	" { name = \"edge-int\"; type = \"internal\";\n"
	"   address = \"172.20.0.1/24\"; dhcp = true;\n"
	"   dhcp_start = \"172.20.0.100\"; dhcp_end = \"172.20.0.200\";\n"
	"   nat = true; }\n"
	");\n"
	"nics = (\n"
	" { name = \"eth0\"; switch = \"plant\"; ip = { mode = \"dhcp\"; };\n"
	"   dns = { servers = [ \"10.1.0.53\" ]; }; },\n"
	" { name = \"eth1\"; switch = \"ot\"; ip = { mode = \"static\";\n"
	"   address = \"10.50.0.20\"; prefix = 24; gateway = \"10.50.0.1\"; };\n"
	"   dns = { servers = [ \"10.50.0.1\" ]; }; },\n"
	" { name = \"eth2\"; switch = \"edge-int\"; ip = { mode = \"dhcp\"; }; }\n"
	");\n";

static struct plan plan;

static int setup(void **state)
{
	struct diag_list d;

	(void)state;
	diag_list_init(&d);
	if (planfile_load_string(site, &plan, NULL, &d) != PLANFILE_OK ||
	    d.count)
		return -1;
	diag_list_free(&d);
	return 0;
}

/* --- the findings --- */

static void addr_one(struct probe_result *r)
{
	SET(r->ifname, "enp3s0");
	SET(r->addr.target, "10.50.0.20");
	r->addr.answered = true;
	SET(r->addr.macs[0], "52:54:00:aa:bb:cc");
	r->addr.nmacs = 1;
	r->addr.rtt_us = 412;
	r->addr.wait_ms = 1000;
}

static void addr_two(struct probe_result *r)
{
	addr_one(r);
	SET(r->addr.macs[1], "00:1b:21:0a:0b:0c");
	r->addr.nmacs = 2;
}

static void addr_free(struct probe_result *r)
{
	SET(r->ifname, "enp3s0");
	SET(r->addr.target, "10.50.0.20");
	r->addr.wait_ms = 1000;
}

static void dhcp_none(struct probe_result *r)
{
	SET(r->ifname, "enp2s0");
	SET(r->dhcp.client_mac, "02:00:5e:10:20:30");
	r->dhcp.wait_ms = 3000;
}

static void offer(struct dhcp_offer *o, const char *server, const char *mac,
		  const char *addr, long long us)
{
	SET(o->server_id, server);
	SET(o->server_ip, server);
	SET(o->server_mac, mac);
	SET(o->offered, addr);
	o->prefix = 24;
	SET(o->router, "10.1.0.1");
	SET(o->dns[0], "10.1.0.53");
	SET(o->dns[1], "10.1.0.54");
	o->ndns = 2;
	o->lease_s = 3600;
	o->latency_us = us;
}

static void dhcp_one(struct probe_result *r)
{
	dhcp_none(r);
	offer(&r->dhcp.offers[0], "10.1.0.1", "52:54:00:01:02:03",
	      "10.1.0.57", 12345);
	r->dhcp.noffers = 1;
	r->dhcp.nservers = 1;
}

static void dhcp_two(struct probe_result *r)
{
	dhcp_one(r);
	offer(&r->dhcp.offers[1], "10.1.0.99", "de:ad:be:ef:00:01",
	      "10.1.0.150", 15000);
	r->dhcp.noffers = 2;
	r->dhcp.nservers = 2;
}

static void lv_ok(struct probe_result *r)
{
	SET(r->lvdhcp.network, "edge-int");
	r->lvdhcp.defined = r->lvdhcp.active = r->lvdhcp.dhcp = true;
	SET(r->lvdhcp.range_start, "172.20.0.100");
	SET(r->lvdhcp.range_end, "172.20.0.200");
	r->lvdhcp.dnsmasq_running = true;
	r->lvdhcp.dnsmasq_pid = 4242;
	SET(r->lvdhcp.bridge, "virbr1");
}

static void lv_missing(struct probe_result *r)
{
	SET(r->lvdhcp.network, "edge-int");
}

static void lv_stopped(struct probe_result *r)
{
	lv_ok(r);
	r->lvdhcp.active = false;
	r->lvdhcp.dnsmasq_running = false;
}

static void lv_nodhcp(struct probe_result *r)
{
	lv_ok(r);
	r->lvdhcp.dhcp = false;
	r->lvdhcp.range_start[0] = r->lvdhcp.range_end[0] = '\0';
}

static void lv_nodnsmasq(struct probe_result *r)
{
	lv_ok(r);
	r->lvdhcp.dnsmasq_running = false;
	r->lvdhcp.dnsmasq_pid = 0;
}

static void lv_range(struct probe_result *r)
{
	lv_ok(r);
	SET(r->lvdhcp.range_start, "172.20.0.2");
	SET(r->lvdhcp.range_end, "172.20.0.254");
}

static void gw_silent(struct probe_result *r)
{
	SET(r->ifname, "enp3s0");
	SET(r->gw.gateway, "10.50.0.1");
	SET(r->gw.source, "10.50.0.20");
	r->gw.wait_ms = 1000;
}

static void gw_silent_held(struct probe_result *r)
{
	gw_silent(r);
	r->gw.no_ping = PROBE_NO_PING_IN_USE;
}

static void gw_arp_only(struct probe_result *r)
{
	gw_silent(r);
	r->gw.arp_answered = true;
	SET(r->gw.mac, "00:0c:29:11:22:33");
	r->gw.arp_rtt_us = 380;
	r->gw.no_ping = PROBE_PING_ALLOWED;	/* 10.50.0.20 found free */
	r->gw.ping_sent = true;
}

static void gw_ok(struct probe_result *r)
{
	gw_arp_only(r);
	r->gw.ping_answered = true;
	r->gw.ping_rtt_us = 820;
}

static void gw_no_ping(struct probe_result *r)
{
	gw_arp_only(r);
	r->gw.ping_sent = false;
	r->gw.no_ping = PROBE_NO_PING_NO_ADDRESS;
	SET(r->gw.source, "0.0.0.0");
}

/* ARP answered; no echo, because the planned address 10.50.0.20 is held
 * by another device, by the VM itself, or was not checked. */
static void gw_held(struct probe_result *r)
{
	gw_arp_only(r);
	r->gw.ping_sent = false;
	r->gw.no_ping = PROBE_NO_PING_IN_USE;
}

static void gw_vm_holds(struct probe_result *r)
{
	gw_held(r);
	r->gw.no_ping = PROBE_NO_PING_VM_HOLDS;
}

static void gw_unchecked(struct probe_result *r)
{
	gw_held(r);
	r->gw.no_ping = PROBE_NO_PING_UNCHECKED;
}

static void port_ok(struct probe_result *r)
{
	SET(r->ifname, "enp2s0");
	r->port.exists = r->port.up = r->port.carrier = true;
	r->port.speed_mbps = 1000;
	r->port.duplex = 1;
	SET(r->port.driver, "e1000e");
	SET(r->port.master, "br0");
}

static void port_missing(struct probe_result *r)
{
	SET(r->ifname, "enp2s0");
}

static void port_unplugged(struct probe_result *r)
{
	port_ok(r);
	r->port.carrier = false;
	r->port.speed_mbps = -1;
	r->port.duplex = -1;
}

static void port_down(struct probe_result *r)
{
	port_unplugged(r);
	r->port.up = false;
}

static void port_wifi(struct probe_result *r)
{
	port_ok(r);
	SET(r->ifname, "wlp1s0");
	r->port.wireless = true;
	r->port.master[0] = '\0';
	SET(r->port.driver, "iwlwifi");
}

static void port_wifi_ot(struct probe_result *r)
{
	port_wifi(r);
}

static void port_veth(struct probe_result *r)
{
	port_ok(r);
	r->port.is_virtual = true;
	SET(r->port.kind, "veth");
	SET(r->port.driver, "veth");
	r->port.speed_mbps = 10000;
}

static void port_other_bridge(struct probe_result *r)
{
	port_ok(r);
	SET(r->port.master, "br-lab");
}

static void port_bridged_ot(struct probe_result *r)
{
	port_ok(r);
	SET(r->ifname, "enp3s0");
	SET(r->port.master, "br0");
}

static void dns_common(struct probe_result *r, const char *server)
{
	SET(r->dns.server, server);
	SET(r->dns.probe.query, ". NS");
}

static void dns_ok(struct probe_result *r)
{
	dns_common(r, "10.1.0.53");
	r->dns.probe.state = DNSVIEW_PROBE_ANSWERED;
	r->dns.probe.rcode = 0;
	r->dns.probe.answers = 13;
	r->dns.probe.rtt_us = 1234;
}

static void dns_servfail(struct probe_result *r)
{
	dns_ok(r);
	r->dns.probe.rcode = 2;
	r->dns.probe.answers = 0;
	r->dns.probe.rtt_us = 25000;
}

static void dns_timeout(struct probe_result *r)
{
	dns_common(r, "10.50.0.1");
	r->dns.probe.state = DNSVIEW_PROBE_TIMEOUT;
	r->dns.probe.rtt_us = 2000000;
}

static void skipped(struct probe_result *r)
{
	r->status = PROBE_SKIPPED;
	SET(r->why, "the switch \"edge-int\" is not created yet: the probe "
	    "can run after apply");
}

static void failed(struct probe_result *r)
{
	r->status = PROBE_FAILED;
	SET(r->ifname, "enp2s0");
	SET(r->why, "sending on enp2s0 needs CAP_NET_RAW: run edgenet as "
	    "root");
}

static void running(struct probe_result *r)
{
	r->status = PROBE_RUNNING;
}

/* --- the rows --- */

struct vrow {
	const char *name;
	enum probe_kind kind;
	size_t nic;
	const char *sw, *path, *ifname, *target;
	void (*fill)(struct probe_result *r);
	enum probe_level level;
	size_t ndiag;			/* diagnostics expected */
	enum diag_severity sev;		/* of the first */
	const char *msg, *msg2;		/* phrases of the first's message */
	const char *words;		/* a phrase of the words */
};

#define ADDR_T PROBE_ADDR, 1, "ot", "nics[1].ip.address", "enp3s0", \
	"10.50.0.20"
#define GW_T PROBE_GATEWAY, 1, "ot", "nics[1].ip.gateway", "enp3s0", \
	"10.50.0.1"
#define DHCP_T PROBE_DHCP, 0, "plant", "nics[0].ip.mode", "enp2s0", ""
#define LV_T PROBE_LIBVIRT_DHCP, 2, "edge-int", "nics[2].ip.mode", "", ""
#define PORT_T PROBE_PORT, 0, "plant", "switches[0].uplink", "enp2s0", ""
#define PORT_OT_T PROBE_PORT, 1, "ot", "switches[1].uplink", "enp3s0", ""
#define DNS_T PROBE_DNS, 0, "plant", "nics[0].dns.servers[0]", "", \
	"10.1.0.53"
#define E DIAG_ERROR
#define W DIAG_WARNING

static const struct vrow rows[] = {
	{ "address answered by one device", ADDR_T, addr_one,
	  PROBE_LEVEL_ERROR, 1, E,
	  "10.50.0.20 is already in use on switch \"ot\" (52:54:00:aa:bb:cc "
	  "answered the ARP probe on enp3s0)", "choose a free address",
	  "10.50.0.20 is in use: 52:54:00:aa:bb:cc answered in 0.4 ms" },
	{ "address answered by two devices", ADDR_T, addr_two,
	  PROBE_LEVEL_ERROR, 1, E,
	  "(52:54:00:aa:bb:cc, 00:1b:21:0a:0b:0c answered", NULL,
	  "52:54:00:aa:bb:cc, 00:1b:21:0a:0b:0c answered" },
	{ "free address", ADDR_T, addr_free, PROBE_LEVEL_OK, 0, E, NULL, NULL,
	  "10.50.0.20 is free: no answer within 1.0 s" },
	{ "no DHCP server", DHCP_T, dhcp_none, PROBE_LEVEL_WARNING, 1, W,
	  "no DHCP server answered on switch \"plant\" (DISCOVER sent on "
	  "enp2s0, waited 3.0 s)", "NIC eth0 will get no address",
	  "no DHCP server answered on enp2s0 within 3.0 s" },
	{ "one DHCP server", DHCP_T, dhcp_one, PROBE_LEVEL_OK, 0, E, NULL,
	  NULL, "DHCP server 10.1.0.1 (52:54:00:01:02:03) offered "
	  "10.1.0.57/24 for 3600 s," },
	{ "two DHCP servers: a rogue", DHCP_T, dhcp_two,
	  PROBE_LEVEL_WARNING, 1, W,
	  "2 DHCP servers answered on switch \"plant\": 10.1.0.1 "
	  "(52:54:00:01:02:03) offering 10.1.0.57, 10.1.0.99 "
	  "(de:ad:be:ef:00:01) offering 10.1.0.150", "rogue",
	  "2 servers answered" },
	{ "libvirt's DHCP as planned", LV_T, lv_ok, PROBE_LEVEL_OK, 0, E,
	  NULL, NULL, "dnsmasq running (pid 4242)" },
	{ "libvirt's network missing", LV_T, lv_missing,
	  PROBE_LEVEL_WARNING, 1, W,
	  "the switch \"edge-int\" does not exist on this host yet",
	  "NIC eth2 gets no address until apply creates the switch",
	  "libvirt network edge-int: not defined on this host" },
	{ "libvirt's network stopped", LV_T, lv_stopped, PROBE_LEVEL_WARNING,
	  1, W, "defined but not running", "virsh net-start edge-int",
	  "defined, not running" },
	{ "libvirt's network without DHCP", LV_T, lv_nodhcp,
	  PROBE_LEVEL_WARNING, 1, W, "has no DHCP range",
	  "(switches[2].dhcp)", "no DHCP range in its definition" },
	{ "libvirt's dnsmasq not running", LV_T, lv_nodnsmasq,
	  PROBE_LEVEL_WARNING, 1, W,
	  "libvirt's DHCP server (dnsmasq) for the switch \"edge-int\" is "
	  "not running", "virsh net-destroy edge-int, then virsh net-start",
	  "dnsmasq not running" },
	{ "libvirt's range is not the plan's", LV_T, lv_range,
	  PROBE_LEVEL_WARNING, 1, W,
	  "libvirt hands out 172.20.0.2-172.20.0.254 on the switch "
	  "\"edge-int\", the plan says 172.20.0.100-172.20.0.200",
	  "apply the plan", "DHCP range 172.20.0.2 - 172.20.0.254" },
	{ "silent gateway", GW_T, gw_silent, PROBE_LEVEL_WARNING, 1, W,
	  "nothing answers at the gateway 10.50.0.1 on switch \"ot\" (no ARP "
	  "reply on enp3s0", "NIC eth1",
	  "gateway 10.50.0.1: no ARP reply within 1.0 s" },
	{ "gateway answers ARP, not ping", GW_T, gw_arp_only,
	  PROBE_LEVEL_WARNING, 1, W,
	  "the gateway 10.50.0.1 is there (00:0c:29:11:22:33 answered ARP) "
	  "but did not answer ping", "firewalls drop ping",
	  "no answer to ping within 1.0 s" },
	{ "gateway answers both", GW_T, gw_ok, PROBE_LEVEL_OK, 0, E, NULL,
	  NULL, "gateway 10.50.0.1 answered ARP from 00:0c:29:11:22:33 in "
	  "0.4 ms\nping answered in 0.8 ms" },
	{ "gateway answers ARP, no ping sent", GW_T, gw_no_ping,
	  PROBE_LEVEL_OK, 0, E, NULL, NULL,
	  "ping not sent (no address to send it from)" },
	{ "gateway answers ARP, address in use: no ping", GW_T, gw_held,
	  PROBE_LEVEL_OK, 0, E, NULL, NULL,
	  "0.4 ms\nping not sent: 10.50.0.20 is in use, and a ping from it "
	  "would take it over" },
	{ "gateway answers ARP, the VM holds the address: no ping", GW_T,
	  gw_vm_holds, PROBE_LEVEL_OK, 0, E, NULL, NULL,
	  "ping not sent: the VM holds 10.50.0.20; a ping from it would take "
	  "it over" },
	{ "gateway answers ARP, address not checked: no ping", GW_T,
	  gw_unchecked, PROBE_LEVEL_OK, 0, E, NULL, NULL,
	  "ping not sent: the address 10.50.0.20 was not checked, and a ping "
	  "from it\n  would take it over if it were in use" },
	{ "silent gateway, address in use", GW_T, gw_silent_held,
	  PROBE_LEVEL_WARNING, 1, W, "nothing answers at the gateway 10.50.0.1",
	  NULL, "gateway 10.50.0.1: no ARP reply within 1.0 s" },
	{ "uplink in its own bridge, cabled", PORT_T, port_ok,
	  PROBE_LEVEL_OK, 0, E, NULL, NULL,
	  "enp2s0: up, carrier (link detected), 1000 Mb/s, full duplex, "
	  "driver e1000e" },
	{ "uplink missing", PORT_T, port_missing, PROBE_LEVEL_ERROR, 1, E,
	  "the uplink enp2s0 of switch \"plant\" does not exist on this "
	  "host", "`ip link`", "enp2s0 does not exist on this host" },
	{ "uplink unplugged", PORT_T, port_unplugged, PROBE_LEVEL_WARNING, 1,
	  W, "enp2s0 has no carrier: no cable", "switch \"plant\"",
	  "enp2s0: up, no carrier, driver e1000e" },
	{ "uplink down", PORT_T, port_down, PROBE_LEVEL_WARNING, 1, W,
	  "enp2s0 is down (administratively)", "ip link set enp2s0 up",
	  "enp2s0: down (administratively), no carrier" },
	{ "Wi-Fi uplink of a bridge", PORT_T, port_wifi, PROBE_LEVEL_ERROR, 1,
	  E, "wlp1s0 is a Wi-Fi port: Wi-Fi cannot be bridged",
	  "use the NAT (default) switch instead",
	  "Wi-Fi: it cannot be bridged" },
	{ "Wi-Fi uplink of a macvtap switch", PORT_OT_T, port_wifi_ot,
	  PROBE_LEVEL_WARNING, 1, W, "macvtap over Wi-Fi rarely works",
	  "use the NAT (default) switch instead", "driver iwlwifi" },
	{ "virtual uplink", PORT_T, port_veth, PROBE_LEVEL_WARNING, 1, W,
	  "enp2s0 is a virtual interface (veth), not a physical port", NULL,
	  "virtual (veth): not a physical port" },
	{ "uplink held by another bridge", PORT_T, port_other_bridge,
	  PROBE_LEVEL_ERROR, 1, E,
	  "enp2s0 is already a port of bridge br-lab, not of this switch's "
	  "bridge br0", "(switches[0].bridge)",
	  "a port of bridge br-lab" },
	{ "macvtap uplink held by a bridge", PORT_OT_T, port_bridged_ot,
	  PROBE_LEVEL_ERROR, 1, E,
	  "enp3s0 is already a port of bridge br0, and macvtap cannot use a "
	  "bridge's port", NULL, "a port of bridge br0" },
	{ "DNS server resolves", DNS_T, dns_ok, PROBE_LEVEL_OK, 0, E, NULL,
	  NULL, "DNS server 10.1.0.53: resolves (1.2 ms)" },
	{ "DNS server fails", DNS_T, dns_servfail, PROBE_LEVEL_WARNING, 1, W,
	  "the DNS server 10.1.0.53 answered SERVFAIL", "use another DNS "
	  "server", "cannot resolve (SERVFAIL, 25 ms)" },
	{ "DNS server silent", PROBE_DNS, 1, "ot", "nics[1].dns.servers[0]",
	  "", "10.50.0.1", dns_timeout, PROBE_LEVEL_WARNING, 1, W,
	  "the DNS server 10.50.0.1 did not answer within 2000 ms", NULL,
	  "timed out after 2000 ms" },
	{ "skipped: no finding, the reason", ADDR_T, skipped,
	  PROBE_LEVEL_NONE, 0, E, NULL, NULL,
	  "the switch \"edge-int\" is not created yet: the probe can run "
	  "after apply" },
	{ "failed: no finding, the reason", DHCP_T, failed, PROBE_LEVEL_NONE,
	  0, E, NULL, NULL, "needs CAP_NET_RAW" },
	{ "running", GW_T, running, PROBE_LEVEL_NONE, 0, E, NULL, NULL,
	  "running..." },
};

static void make(const struct vrow *v, struct probe_target *t,
		 struct probe_result *r)
{
	memset(t, 0, sizeof(*t));
	t->kind = v->kind;
	t->nic = v->nic;
	SET(t->network, v->sw);
	SET(t->path, v->path);
	SET(t->ifname, v->ifname);
	SET(t->target, v->target);
	probe_result_init(r, v->kind);
	r->status = PROBE_DONE;
	v->fill(r);
}

static const struct vrow *row(const char *name)
{
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (!strcmp(rows[i].name, name))
			return &rows[i];
	fail_msg("no row \"%s\"", name);
	return NULL;
}

/* Every line of S at most 76 columns (all ASCII here). */
static void check_width(const char *name, const char *s)
{
	const char *p = s, *nl;

	do {
		nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (len > 76)
			fail_msg("%s: a line of %zu columns: \"%.*s\"", name,
				 len, (int)len, p);
		p = nl + 1;
	} while (nl);
}

static void test_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct vrow *v = &rows[i];
		struct probe_target t;
		struct probe_result r;
		struct diag_list d;
		struct sbuf b;
		char *words;

		make(v, &t, &r);
		diag_list_init(&d);
		probe_verdict(&plan, &t, &r, &d);
		if (d.count != v->ndiag)
			fail_msg("%s: %zu diagnostics (%s), expected %zu",
				 v->name, d.count,
				 d.count ? d.items[0].message : "", v->ndiag);
		if (v->ndiag) {
			const struct diag *x = &d.items[0];

			assert_int_equal(x->severity, v->sev);
			assert_string_equal(x->path, v->path);
			if (!strstr(x->message, v->msg))
				fail_msg("%s: says \"%s\", expected \"%s\"",
					 v->name, x->message, v->msg);
			if (v->msg2 && !strstr(x->message, v->msg2))
				fail_msg("%s: says \"%s\", expected \"%s\"",
					 v->name, x->message, v->msg2);
		}
		if (probe_level(&plan, &t, &r) != v->level)
			fail_msg("%s: level %d, expected %d", v->name,
				 probe_level(&plan, &t, &r), v->level);
		diag_list_free(&d);

		sbuf_init(&b);
		probe_describe(&t, &r, &b);
		words = sbuf_done(&b);
		assert_non_null(words);
		if (!strstr(words, v->words))
			fail_msg("%s: words \"%s\", expected \"%s\"", v->name,
				 words, v->words);
		check_width(v->name, words);
		free(words);
	}
}

/* An address that answers only from its own NIC's MAC (any case) is the
 * VM holding it already: no conflict; with another MAC too it is one. */
static void test_addr_own_mac(void **state)
{
	const char *const names[] = { "address answered by one device",
				      "address answered by two devices" };

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		struct probe_target t;
		struct probe_result r;
		struct diag_list d;
		struct sbuf b;
		char *words;

		make(row(names[i]), &t, &r);
		SET(t.own_mac, "52:54:00:AA:BB:CC");
		diag_list_init(&d);
		probe_verdict(&plan, &t, &r, &d);
		assert_int_equal(d.count, i == 0 ? 0 : 1);
		assert_int_equal(probe_level(&plan, &t, &r),
				 i == 0 ? PROBE_LEVEL_OK : PROBE_LEVEL_ERROR);
		diag_list_free(&d);
		sbuf_init(&b);
		probe_describe(&t, &r, &b);
		words = sbuf_done(&b);
		assert_non_null(words);
		assert_true((strstr(words, "this NIC's own MAC") != NULL) ==
			    (i == 0));
		free(words);
	}
}

/* Times: one decimal below 10 ms, whole ms from there; no locale. */
static void test_times(void **state)
{
	static const struct {
		long long us;
		const char *words;
	} cases[] = {
		{ 0, "in 0.0 ms" }, { 49, "in 0.0 ms" }, { 50, "in 0.1 ms" },
		{ 412, "in 0.4 ms" }, { 9949, "in 9.9 ms" },
		{ 9950, "in 10 ms" }, { 12345, "in 12 ms" },
		{ 1500000, "in 1500 ms" }, { -1, "in ?" },
	};
	struct probe_target t;
	struct probe_result r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sbuf b;
		char *s;

		make(row("address answered by one device"), &t, &r);
		r.addr.rtt_us = cases[i].us;
		sbuf_init(&b);
		probe_describe(&t, &r, &b);
		s = sbuf_done(&b);
		assert_non_null(s);
		if (!strstr(s, cases[i].words))
			fail_msg("%lld us: \"%s\", expected \"%s\"",
				 cases[i].us, s, cases[i].words);
		free(s);
	}
}

/* Outside text (a driver name, a DHCP offer full of DNS servers) is
 * escaped and wrapped, never wider than 76 columns. */
static void test_hostile_and_long(void **state)
{
	struct probe_target t;
	struct probe_result r;
	struct sbuf b;
	char *s;

	(void)state;
	make(row("uplink in its own bridge, cabled"), &t, &r);
	SET(r.port.driver, "e1000e\x1b]0;pwned\x07");
	sbuf_init(&b);
	probe_describe(&t, &r, &b);
	s = sbuf_done(&b);
	if (!strstr(s, "e1000e\\x1b]0;pwned\\x07"))
		fail_msg("not escaped: \"%s\"", s);
	assert_null(strchr(s, '\x1b'));
	assert_null(strchr(s, '\x07'));
	check_width("hostile driver", s);
	free(s);

	/* a word longer than a line is cut, nothing lost */
	make(row("skipped: no finding, the reason"), &t, &r);
	memset(r.why, 'x', 150);
	r.why[150] = '\0';
	sbuf_init(&b);
	probe_describe(&t, &r, &b);
	s = sbuf_done(&b);
	check_width("long word", s);
	{
		size_t xs = 0;

		for (const char *c = s; *c; c++)
			xs += *c == 'x';
		assert_int_equal(xs, 150);
	}
	free(s);

	/* a number and its unit stay on one line */
	make(row("address answered by two devices"), &t, &r);
	sbuf_init(&b);
	probe_describe(&t, &r, &b);
	s = sbuf_done(&b);
	check_width("two devices", s);
	if (!strstr(s, "\n  0.4 ms"))
		fail_msg("\"0.4 ms\" cut: \"%s\"", s);
	free(s);

	make(row("one DHCP server"), &t, &r);
	for (int k = 0; k < PROBE_MAX_OFFER_DNS; k++)
		SET(r.dhcp.offers[0].dns[k], "255.255.255.255");
	r.dhcp.offers[0].ndns = PROBE_MAX_OFFER_DNS;
	SET(r.dhcp.offers[0].server_id, "255.255.255.255");
	SET(r.dhcp.offers[0].offered, "255.255.255.255");
	r.dhcp.offers[0].lease_s = 4294967295LL;
	sbuf_init(&b);
	probe_describe(&t, &r, &b);
	s = sbuf_done(&b);
	check_width("long offer", s);
	assert_non_null(strstr(s, "\n  "));	/* wrapped, indented */
	assert_non_null(strstr(s, "for 4294967295 s,"));
	assert_null(strstr(s, " ,"));
	free(s);
}

/* --- JSON --- */

static json_object *member(json_object *o, const char *k)
{
	json_object *v = NULL;

	if (!json_object_object_get_ex(o, k, &v))
		fail_msg("no member \"%s\" in %s", k,
			 json_object_to_json_string(o));
	return v;
}

static const char *str(json_object *o, const char *k)
{
	json_object *v = member(o, k);

	assert_true(json_object_is_type(v, json_type_string));
	return json_object_get_string(v);
}

static json_object *parse(const char *plan_file, struct probe_target *t,
			  struct probe_result *r, size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	json_tokener *tok = json_tokener_new();
	json_object *o;

	assert_non_null(f);
	probe_json_write(f, plan_file, &plan, t, r, n);
	assert_int_equal(fclose(f), 0);
	o = json_tokener_parse_ex(tok, buf, (int)len);
	if (!o || json_tokener_get_error(tok) != json_tokener_success ||
	    (size_t)json_tokener_get_parse_end(tok) != len)
		fail_msg("not one JSON document: %s", buf);
	json_tokener_free(tok);
	free(buf);
	return o;
}

static void test_json(void **state)
{
	static const char *const pick[] = {
		"address answered by one device", "two DHCP servers: a rogue",
		"uplink unplugged", "skipped: no finding, the reason",
		"DNS server resolves",
	};
	struct probe_target t[5];
	struct probe_result r[5];
	json_object *o, *probes, *p, *diags, *x, *offers, *words;

	(void)state;
	for (size_t i = 0; i < 5; i++)
		make(row(pick[i]), &t[i], &r[i]);
	/* a hostile NIC name in the plan still gives valid JSON */
	SET(plan.nics[1].name, "eth1\x1b[31m\"\\");
	o = parse("/etc/edgenet/site.cfg", t, r, 5);
	SET(plan.nics[1].name, "eth1");

	assert_string_equal(str(o, "format"), "edgenet-diag");
	assert_int_equal(json_object_get_int(member(o, "version")), 1);
	assert_string_equal(str(o, "plan"), "/etc/edgenet/site.cfg");
	assert_string_equal(str(o, "status"), "errors");
	probes = member(o, "probes");
	assert_int_equal(json_object_array_length(probes), 5);

	p = json_object_array_get_idx(probes, 0);
	/* JSON carries the exact text (\u001b: safe on a terminal) */
	assert_string_equal(str(p, "nic"), "eth1\x1b[31m\"\\");
	assert_string_equal(str(p, "switch"), "ot");
	assert_string_equal(str(p, "kind"), "address");
	assert_string_equal(str(p, "field"), "nics[1].ip.address");
	assert_string_equal(str(p, "interface"), "enp3s0");
	assert_string_equal(str(p, "status"), "done");
	assert_string_equal(str(p, "level"), "error");
	assert_null(member(p, "why"));
	assert_string_equal(str(p, "target"), "10.50.0.20");
	assert_true(json_object_get_boolean(member(p, "answered")));
	assert_string_equal(json_object_get_string(json_object_array_get_idx(
		member(p, "macs"), 0)), "52:54:00:aa:bb:cc");
	assert_int_equal(json_object_get_int64(member(p, "rtt_us")), 412);
	words = member(p, "words");
	assert_int_equal(json_object_array_length(words), 1);
	assert_string_equal(json_object_get_string(
		json_object_array_get_idx(words, 0)),
		"10.50.0.20 is in use: 52:54:00:aa:bb:cc answered in 0.4 ms");

	p = json_object_array_get_idx(probes, 1);
	assert_string_equal(str(p, "kind"), "dhcp");
	assert_string_equal(str(p, "level"), "warning");
	assert_int_equal(json_object_get_int(member(p, "servers")), 2);
	offers = member(p, "offers");
	assert_int_equal(json_object_array_length(offers), 2);
	x = json_object_array_get_idx(offers, 1);
	assert_string_equal(str(x, "server_id"), "10.1.0.99");
	assert_string_equal(str(x, "offered"), "10.1.0.150");
	assert_int_equal(json_object_get_int(member(x, "prefix")), 24);
	assert_int_equal(json_object_get_int64(member(x, "lease_s")), 3600);
	assert_int_equal(json_object_array_length(member(x, "dns")), 2);
	assert_int_equal(json_object_get_int64(member(x, "latency_us")),
			 15000);

	p = json_object_array_get_idx(probes, 2);
	assert_string_equal(str(p, "kind"), "port");
	assert_string_equal(str(p, "field"), "switches[0].uplink");
	assert_false(json_object_get_boolean(member(p, "carrier")));
	assert_null(member(p, "speed_mbps"));
	assert_null(member(p, "duplex"));
	assert_string_equal(str(p, "driver"), "e1000e");

	p = json_object_array_get_idx(probes, 3);
	assert_string_equal(str(p, "status"), "skipped");
	assert_null(member(p, "level"));
	assert_null(member(p, "elapsed_ms"));
	assert_non_null(strstr(str(p, "why"), "not created yet"));

	p = json_object_array_get_idx(probes, 4);
	assert_string_equal(str(p, "kind"), "dns");
	assert_string_equal(str(p, "verdict"), "resolves");
	assert_int_equal(json_object_get_int64(member(p, "rtt_us")), 1234);
	assert_int_equal(json_object_get_int(member(p, "rcode")), 0);

	diags = member(o, "diagnostics");
	assert_int_equal(json_object_array_length(diags), 3);
	x = json_object_array_get_idx(diags, 0);
	assert_string_equal(str(x, "field"), "nics[1].ip.address");
	assert_string_equal(str(x, "severity"), "error");
	assert_non_null(strstr(str(x, "message"), "already in use"));
	x = json_object_array_get_idx(diags, 2);
	assert_string_equal(str(x, "field"), "switches[0].uplink");
	assert_string_equal(str(x, "severity"), "warning");
	json_object_put(o);

	/* nothing to report: ok, empty lists, no plan file */
	o = parse(NULL, t, r, 0);
	assert_string_equal(str(o, "status"), "ok");
	assert_true(json_object_is_type(member(o, "plan"), json_type_null));
	assert_int_equal(json_object_array_length(member(o, "probes")), 0);
	assert_int_equal(json_object_array_length(member(o, "diagnostics")),
			 0);
	json_object_put(o);

	/* a fact wrapped on screen is one string in JSON */
	make(row("address answered by two devices"), &t[0], &r[0]);
	o = parse("p.cfg", t, r, 1);
	words = member(json_object_array_get_idx(member(o, "probes"), 0),
		       "words");
	assert_int_equal(json_object_array_length(words), 1);
	assert_string_equal(json_object_get_string(
		json_object_array_get_idx(words, 0)),
		"10.50.0.20 is in use: 52:54:00:aa:bb:cc, 00:1b:21:0a:0b:0c "
		"answered in 0.4 ms");
	json_object_put(o);

	/* only warnings */
	o = parse("p.cfg", &t[4], &r[4], 1);
	assert_string_equal(str(o, "status"), "ok");
	json_object_put(o);
	o = parse("p.cfg", &t[1], &r[1], 2);
	assert_string_equal(str(o, "status"), "warnings");
	json_object_put(o);

	/* a gateway not pinged says why; one pinged has no such reason */
	make(row("gateway answers ARP, address in use: no ping"), &t[0], &r[0]);
	make(row("gateway answers both"), &t[1], &r[1]);
	make(row("gateway answers ARP, address not checked: no ping"), &t[2],
	     &r[2]);
	make(row("gateway answers ARP, the VM holds the address: no ping"),
	     &t[3], &r[3]);
	o = parse("p.cfg", t, r, 4);
	assert_string_equal(str(o, "status"), "ok");
	probes = member(o, "probes");
	p = json_object_array_get_idx(probes, 0);
	assert_string_equal(str(p, "kind"), "gateway");
	assert_string_equal(str(p, "level"), "ok");
	assert_true(json_object_get_boolean(member(p, "arp_answered")));
	assert_false(json_object_get_boolean(member(p, "ping_sent")));
	assert_string_equal(str(p, "no_ping"), "address-in-use");
	assert_string_equal(str(p, "source"), "10.50.0.20");
	words = member(p, "words");
	assert_int_equal(json_object_array_length(words), 2);
	assert_string_equal(json_object_get_string(
		json_object_array_get_idx(words, 1)),
		"ping not sent: 10.50.0.20 is in use, and a ping from it would "
		"take it over");
	p = json_object_array_get_idx(probes, 1);
	assert_true(json_object_get_boolean(member(p, "ping_answered")));
	assert_null(member(p, "no_ping"));
	assert_string_equal(str(json_object_array_get_idx(probes, 2),
				"no_ping"), "address-not-checked");
	assert_string_equal(str(json_object_array_get_idx(probes, 3),
				"no_ping"), "vm-holds-address");
	json_object_put(o);
}

/* The names of kinds and statuses, and a fresh result. */
static void test_names(void **state)
{
	static const char *const kinds[] = { NULL, "port", "dhcp",
		"libvirt-dhcp", "address", "gateway", "dns" };
	struct probe_result r;

	(void)state;
	for (int k = 0; k < PROBE_KIND_COUNT; k++) {
		if (kinds[k])
			assert_string_equal(probe_kind_name(
				(enum probe_kind)k), kinds[k]);
		else
			assert_null(probe_kind_name((enum probe_kind)k));
	}
	assert_null(probe_kind_name(PROBE_KIND_COUNT));
	assert_string_equal(probe_kind_title(PROBE_ADDR), "Address check");
	assert_string_equal(probe_kind_title(PROBE_PORT), "Uplink port");
	assert_string_equal(probe_status_name(PROBE_SKIPPED), "skipped");
	assert_string_equal(probe_status_name(PROBE_RUNNING), "running");

	memset(&r, 0x5a, sizeof(r));
	probe_result_init(&r, PROBE_GATEWAY);
	assert_int_equal(r.kind, PROBE_GATEWAY);
	assert_int_equal(r.status, PROBE_IDLE);
	assert_string_equal(r.why, "");
	assert_int_equal(r.gw.arp_rtt_us, -1);
	assert_int_equal(r.gw.ping_rtt_us, -1);
	assert_false(r.gw.arp_answered);
	assert_int_equal(r.port.speed_mbps, -1);
	assert_int_equal(r.dhcp.offers[3].lease_s, -1);
	assert_int_equal(r.dns.probe.rcode, -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_addr_own_mac),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_hostile_and_long),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
