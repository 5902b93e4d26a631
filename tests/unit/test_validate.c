/*
 * test_validate.c - plan_validate, rule by rule.
 *
 * Three valid base plans are built in code, one per typical scenario (a
 * client host on libvirt's default NAT network, a server host on an
 * internal switch with a static address, a client host on two external
 * switches, one of them an offline OT network).  Each case of the table
 * below takes one base, breaks one thing with a small mutation function,
 * validates, and asserts that a diagnostic with the expected severity sits
 * at the exact field path and says what it should.  Cases with an expected
 * error count also check that one mistake gives one message.  Cases with
 * no path are valid variants that must give no diagnostic at all.
 *
 * The policy comes from data/policy.cfg ($EDGENET_DATADIR, else "data"
 * relative to the working directory); the example plans in data/examples
 * are loaded with planfile_load and must validate cleanly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/diag.h"
#include "core/plan.h"
#include "core/planfile.h"
#include "core/policy.h"
#include "core/validate.h"

static struct policy pol;
static char datadir[2048];

#define SET(field, text) snprintf((field), sizeof(field), "%s", (text))
#define N0 (p->nics[0])
#define N1 (p->nics[1])
#define SW0 (p->switches[0])
#define SW1 (p->switches[1])

/* ---- base plans ---- */

enum base {
	CLIENT_DEFAULT,		/* eth0 by DHCP on libvirt's NAT network */
	SERVER_INTERNAL,	/* eth0 static on an internal switch */
	CLIENT_OT,		/* eth0 DHCP on the plant, eth1 static offline OT */
};

static struct plan_switch *add_external(struct plan *p, const char *name,
					const char *uplink, const char *bridge)
{
	struct plan_switch *s = plan_add_switch(p);

	assert_non_null(s);
	SET(s->name, name);
	s->type = SWITCH_EXTERNAL;
	SET(s->uplink, uplink);
	s->ext_mode = EXT_BRIDGE;
	SET(s->bridge, bridge);
	return s;
}

static struct plan_switch *add_routed(struct plan *p, const char *name,
				      enum switch_type type, const char *addr,
				      const char *start, const char *end)
{
	struct plan_switch *s = plan_add_switch(p);

	assert_non_null(s);
	SET(s->name, name);
	s->type = type;
	SET(s->address, addr);
	s->dhcp = true;
	SET(s->dhcp_start, start);
	SET(s->dhcp_end, end);
	s->nat = true;
	return s;
}

static struct plan_nic *add_dhcp_nic(struct plan *p, const char *name,
				     const char *sw)
{
	struct plan_nic *n = plan_add_nic(p);

	assert_non_null(n);
	SET(n->name, name);
	SET(n->switch_name, sw);
	n->mode = IP_DHCP;
	return n;
}

static struct plan_nic *add_static_nic(struct plan *p, const char *name,
				       const char *sw, const char *addr,
				       int prefix, const char *gw,
				       const char *dns)
{
	struct plan_nic *n = plan_add_nic(p);

	assert_non_null(n);
	SET(n->name, name);
	SET(n->switch_name, sw);
	n->mode = IP_STATIC;
	SET(n->address, addr);
	plan_nic_set_prefix(n, prefix);
	SET(n->gateway, gw);
	if (dns) {
		SET(n->dns[0], dns);
		n->ndns = 1;
	}
	return n;
}

static void build_base(enum base b, struct plan *p)
{
	struct plan_nic *n;

	plan_init(p);
	SET(p->domain, "edge-vm");
	switch (b) {
	case CLIENT_DEFAULT:
		p->profile = PROFILE_CLIENT;
		add_routed(p, "default", SWITCH_DEFAULT, "192.168.122.1/24",
			   "192.168.122.2", "192.168.122.254");
		add_dhcp_nic(p, "eth0", "default")->primary = true;
		break;
	case SERVER_INTERNAL:
		p->profile = PROFILE_SERVER;
		add_routed(p, "edge-int", SWITCH_INTERNAL, "172.20.0.1/24",
			   "172.20.0.100", "172.20.0.200");
		n = add_static_nic(p, "eth0", "edge-int", "172.20.0.10", 24,
				   "172.20.0.1", "172.20.0.1");
		n->primary = true;
		SET(n->search[0], "plant.local");
		n->nsearch = 1;
		break;
	case CLIENT_OT:
		p->profile = PROFILE_CLIENT;
		add_external(p, "plant", "enp2s0", "br0");
		add_external(p, "ot", "enp3s0", "br1");
		n = add_dhcp_nic(p, "eth0", "plant");
		n->primary = true;
		plan_nic_set_metric(n, 100);
		n = add_static_nic(p, "eth1", "ot", "10.50.0.20", 24,
				   "10.50.0.1", "10.50.0.1");
		n->offline = true;
		plan_nic_set_metric(n, 500);
		break;
	}
}

/* ---- mutations: one small function per broken thing ---- */

#define MUT(fn, ...) static void fn(struct plan *p) { __VA_ARGS__; }

/* the plan */
MUT(m_profile_unset, p->profile = PROFILE_UNSET)
MUT(m_vm_missing, p->domain[0] = '\0')
MUT(m_vm_angle, SET(p->domain, "<vm>"))
MUT(m_vm_space, SET(p->domain, "edge vm"))
MUT(m_no_nics, p->nnics = 0)
MUT(m_no_primary, N0.primary = false)
MUT(m_two_primaries, N1.primary = true)

/* switches */
MUT(m_sw_name_missing, SW0.name[0] = '\0')
MUT(m_sw_name_unsafe, SET(SW0.name, "my net"); SET(N0.switch_name, "my net"))
MUT(m_sw_name_dup, SET(SW1.name, "plant"); SET(N1.switch_name, "plant"))
MUT(m_sw_type_unset, SW0.type = SWITCH_UNSET)
MUT(m_sw_internal_on_client, SW0.type = SWITCH_INTERNAL)
MUT(m_sw_default_on_server, SW0.type = SWITCH_DEFAULT; N0.mode = IP_DHCP;
    N0.address[0] = '\0'; plan_nic_clear_prefix(&N0); N0.gateway[0] = '\0')
MUT(m_sw_unused, add_external(p, "spare", "enp9s0", "br9"))
MUT(m_uplink_missing, SW0.uplink[0] = '\0')
MUT(m_uplink_space, SET(SW0.uplink, "enp 2s0"))
MUT(m_uplink_16, SET(SW0.uplink, "enp2s0abcdefghij"))
MUT(m_bridge_missing, SW0.bridge[0] = '\0')
MUT(m_bridge_slash, SET(SW0.bridge, "br/0"))
MUT(m_bridge_is_uplink, SET(SW0.bridge, "enp2s0"))
MUT(m_macvtap, SW0.ext_mode = EXT_MACVTAP)
MUT(m_macvtap_bridge_left, SW0.ext_mode = EXT_MACVTAP;
    SW0.bridge[0] = '\0')
MUT(m_sw_addr_missing, SW0.address[0] = '\0')
MUT(m_sw_addr_no_prefix, SET(SW0.address, "172.20.0.1"))
MUT(m_sw_addr_31, SET(SW0.address, "172.20.0.1/31"))
MUT(m_sw_addr_0, SET(SW0.address, "172.20.0.1/0"))
MUT(m_sw_addr_network, SET(SW0.address, "172.20.0.0/24"))
MUT(m_sw_addr_broadcast, SET(SW0.address, "172.20.0.255/24"))
MUT(m_sw_addr_loopback, SET(SW0.address, "127.0.0.1/8"))
MUT(m_sw_addr_multicast, SET(SW0.address, "224.1.1.1/24"))
MUT(m_dhcp_start_missing, SW0.dhcp_start[0] = '\0')
MUT(m_dhcp_end_missing, SW0.dhcp_end[0] = '\0')
MUT(m_dhcp_start_syntax, SET(SW0.dhcp_start, "172.20.0.300"))
MUT(m_dhcp_start_outside, SET(SW0.dhcp_start, "172.21.0.100"))
MUT(m_dhcp_end_broadcast, SET(SW0.dhcp_end, "172.20.0.255"))
MUT(m_dhcp_reversed, SET(SW0.dhcp_start, "172.20.0.200");
    SET(SW0.dhcp_end, "172.20.0.100"))
MUT(m_dhcp_has_host, SET(SW0.dhcp_start, "172.20.0.1"))
MUT(m_dhcp_off_range_left, SW0.dhcp = false)
MUT(m_sw_overlap, add_routed(p, "edge-int2", SWITCH_INTERNAL,
			     "172.20.0.1/16", "172.20.1.100", "172.20.1.200");
    add_dhcp_nic(p, "eth1", "edge-int2"))
MUT(m_default_no_dhcp, SW0.dhcp = false; SW0.dhcp_start[0] = '\0';
    SW0.dhcp_end[0] = '\0')

/* NIC identity, switch, mode, MAC */
MUT(m_nic_name_missing, N0.name[0] = '\0')
MUT(m_nic_name_space, SET(N0.name, "eth 0"))
MUT(m_nic_name_16, SET(N0.name, "eth0123456789abc"))
MUT(m_nic_name_dup, SET(N1.name, "eth0"))
MUT(m_nic_switch_missing, N0.switch_name[0] = '\0')
MUT(m_nic_switch_unknown, SET(N0.switch_name, "defualt"))
MUT(m_nic_mode_unset, N0.mode = IP_UNSET)
MUT(m_static_on_default, N0.mode = IP_STATIC; SET(N0.address, "192.168.122.10");
    plan_nic_set_prefix(&N0, 24); SET(N0.gateway, "192.168.122.1");
    SET(N0.dns[0], "192.168.122.1"); N0.ndns = 1)
MUT(m_mac_syntax, SET(N0.mac, "52-54-00-12-34-56"))
MUT(m_mac_short, SET(N0.mac, "52:54:00:12:34"))
MUT(m_mac_multicast, SET(N0.mac, "01:00:5e:00:00:01"))
MUT(m_mac_broadcast, SET(N0.mac, "ff:ff:ff:ff:ff:ff"))
MUT(m_mac_zero, SET(N0.mac, "00:00:00:00:00:00"))
MUT(m_mac_dup, SET(N0.mac, "52:54:00:aa:bb:cc"); SET(N1.mac, "52:54:00:AA:BB:CC"))
MUT(m_mac_ok, SET(N0.mac, "52:54:00:aa:bb:cc"); SET(N1.mac, "02:00:00:00:00:01"))

/* static addresses */
MUT(m_st_no_address, N0.address[0] = '\0')
MUT(m_st_no_prefix, plan_nic_clear_prefix(&N0))
MUT(m_st_no_gateway, N0.gateway[0] = '\0')
MUT(m_ext_no_gateway, N1.gateway[0] = '\0'; N1.offline = false)
MUT(m_st_none, N0.address[0] = '\0'; plan_nic_clear_prefix(&N0); N0.gateway[0] = '\0')
MUT(m_offline_no_gateway, N1.gateway[0] = '\0')
MUT(m_dhcp_leftovers, SET(N0.address, "192.168.122.50"); plan_nic_set_prefix(&N0, 24))
MUT(m_addr_syntax, SET(N0.address, "172.20.0.300"))
MUT(m_addr_leading_zero, SET(N0.address, "172.20.0.010"))
MUT(m_addr_with_prefix, SET(N0.address, "172.20.0.10/24"))
MUT(m_addr_unspec, SET(N0.address, "0.0.0.0"))
MUT(m_addr_loopback, SET(N0.address, "127.0.0.5"))
MUT(m_addr_multicast, SET(N0.address, "224.0.0.5"))
MUT(m_addr_reserved, SET(N0.address, "240.0.0.1"))
MUT(m_addr_bcast_all, SET(N0.address, "255.255.255.255"))
MUT(m_addr_linklocal, SET(N1.address, "169.254.10.20"); plan_nic_set_prefix(&N1, 16);
    SET(N1.gateway, "169.254.0.1"); SET(N1.dns[0], "169.254.0.1"))
MUT(m_prefix_0, plan_nic_set_prefix(&N1, 0))
MUT(m_prefix_33, plan_nic_set_prefix(&N1, 33))
MUT(m_prefix_32, plan_nic_set_prefix(&N1, 32))
MUT(m_prefix_31, plan_nic_set_prefix(&N1, 31); SET(N1.gateway, "10.50.0.21"))
MUT(m_addr_network, SET(N1.address, "10.50.0.0"))
MUT(m_addr_broadcast, SET(N1.address, "10.50.0.255"))
MUT(m_gw_is_addr, SET(N1.gateway, "10.50.0.20"))
MUT(m_gw_outside, SET(N1.gateway, "10.50.1.1"))
MUT(m_gw_network, SET(N1.gateway, "10.50.0.0"))
MUT(m_gw_broadcast, SET(N1.gateway, "10.50.0.255"))
MUT(m_gw_syntax, SET(N1.gateway, "10.50.0"))
MUT(m_gw_loopback, SET(N1.gateway, "127.0.0.1"))
MUT(m_gw_multicast, SET(N1.gateway, "239.1.1.1"))
MUT(m_st_outside_switch, SET(N0.address, "172.21.0.10");
    SET(N0.gateway, "172.21.0.1"))
MUT(m_st_is_host, SET(N0.address, "172.20.0.1"); SET(N0.gateway, "172.20.0.2"))
MUT(m_st_in_range, SET(N0.address, "172.20.0.150"))
MUT(m_st_in_range_dhcp_off, SET(N0.address, "172.20.0.150"); SW0.dhcp = false;
    SW0.dhcp_start[0] = '\0'; SW0.dhcp_end[0] = '\0')
MUT(m_st_prefix_mismatch, plan_nic_set_prefix(&N0, 16))
MUT(m_st_gw_not_host, SET(N0.gateway, "172.20.0.254"))
MUT(m_overlap_nic_switch, add_external(p, "plant", "enp2s0", "br0");
    add_static_nic(p, "eth1", "plant", "172.20.5.10", 16, "172.20.0.254",
		   "172.20.0.254"); plan_nic_set_metric(&p->nics[1], 200))
MUT(m_overlap_nics, N0.mode = IP_STATIC; SET(N0.address, "10.50.0.30");
    plan_nic_set_prefix(&N0, 24); SET(N0.gateway, "10.50.0.1"); SET(N0.dns[0], "10.50.0.1");
    N0.ndns = 1)
MUT(m_same_address, N0.mode = IP_STATIC; SET(N0.address, "10.50.0.20");
    plan_nic_set_prefix(&N0, 24); SET(N0.gateway, "10.50.0.1"); SET(N0.dns[0], "10.50.0.1");
    N0.ndns = 1)
MUT(m_two_nics_same_switch, add_static_nic(p, "eth1", "edge-int",
					   "172.20.0.11", 24, "172.20.0.1",
					   "172.20.0.1"))
MUT(m_ext_dmz_static, add_external(p, "plant", "enp2s0", "br0");
    add_static_nic(p, "eth1", "plant", "192.168.10.20", 24, "192.168.10.1",
		   "192.168.10.1"))

/* DNS */
MUT(m_dns_syntax, SET(N0.dns[0], "172.20.0.x"))
MUT(m_dns_empty, N0.dns[0][0] = '\0')
MUT(m_dns_unspec, SET(N0.dns[0], "0.0.0.0"))
MUT(m_dns_multicast, SET(N0.dns[0], "224.0.0.251"))
MUT(m_dns_broadcast, SET(N0.dns[0], "255.255.255.255"))
MUT(m_dns_reserved, SET(N0.dns[0], "250.1.1.1"))
MUT(m_dns_loopback, SET(N0.dns[0], "127.0.0.53"))
MUT(m_dns_dup, SET(N0.dns[1], "172.20.0.1"); N0.ndns = 2)
MUT(m_dns_v6, SET(N0.dns[1], "fd00::53"); N0.ndns = 2)
MUT(m_dns_v6_multicast, SET(N0.dns[0], "ff02::1"))
MUT(m_dns_v6_loopback, SET(N0.dns[0], "::1"))
MUT(m_search_bad, SET(N0.search[0], "plant_local"))
MUT(m_search_dup, SET(N0.search[1], "Plant.Local"); N0.nsearch = 2)
MUT(m_search_routing, SET(N0.search[0], "~plant.local"))
MUT(m_static_no_dns, N0.ndns = 0)
MUT(m_offline_no_dns, N1.ndns = 0)
MUT(m_dhcp_dns, SET(N0.dns[0], "192.168.122.1"); N0.ndns = 1)

/* metrics and default routes */
MUT(m_metric_negative, plan_nic_set_metric(&N0, -5))
MUT(m_metric_too_big, plan_nic_set_metric(&N0, PLAN_METRIC_MAX + 1))
MUT(m_metric_max, plan_nic_set_metric(&N0, PLAN_METRIC_MAX); plan_nic_set_metric(&N1, PLAN_METRIC_MAX))
MUT(m_metric_equal, add_external(p, "plant", "enp2s0", "br0");
    plan_nic_set_metric(add_dhcp_nic(p, "eth1", "plant"), 100))
MUT(m_metric_equal_default, add_external(p, "plant", "enp2s0", "br0");
    plan_nic_set_metric(add_dhcp_nic(p, "eth1", "plant"), 100); plan_nic_clear_metric(&N0))
MUT(m_offline_wins, plan_nic_set_metric(&N1, 50))
MUT(m_offline_ties, plan_nic_set_metric(&N1, 100))
MUT(m_offline_dhcp_wins, N1.mode = IP_DHCP; N1.address[0] = '\0'; plan_nic_clear_prefix(&N1);
    N1.gateway[0] = '\0'; plan_nic_set_metric(&N1, 50))
MUT(m_offline_no_gw_low_metric, N1.gateway[0] = '\0'; plan_nic_set_metric(&N1, 10))
MUT(m_all_offline, N0.offline = true)

/* checks in the step where the mistake is */
MUT(m_same_uplink, SET(SW1.uplink, "enp2s0"))
MUT(m_same_uplink_macvtap, SET(SW1.uplink, "enp2s0"); SW0.ext_mode = EXT_MACVTAP;
    SW1.ext_mode = EXT_MACVTAP; SW0.bridge[0] = '\0'; SW1.bridge[0] = '\0')
MUT(m_same_uplink_mixed, SET(SW1.uplink, "enp2s0"); SW1.ext_mode = EXT_MACVTAP;
    SW1.bridge[0] = '\0')
MUT(m_same_bridge, SET(SW1.bridge, "br0"))
MUT(m_no_nat_default_route, SW0.nat = false)
MUT(m_no_nat_dhcp_default_route, SW0.nat = false; N0.mode = IP_DHCP;
    N0.address[0] = '\0'; plan_nic_clear_prefix(&N0); N0.gateway[0] = '\0')
MUT(m_no_nat_offline, SW0.nat = false; N0.offline = true)
MUT(m_no_nat_second_nic, add_routed(p, "edge-iso", SWITCH_INTERNAL,
				    "172.21.0.1/24", "172.21.0.100",
				    "172.21.0.200")->nat = false;
    plan_nic_set_metric(add_dhcp_nic(p, "eth1", "edge-iso"), 200))

struct vcase {
	const char *name;
	enum base base;
	void (*mutate)(struct plan *p);
	const char *path;	/* NULL: no diagnostic at all */
	enum diag_severity sev;
	const char *substr;
	int nerr;		/* exact error count, -1 for any */
};

#define E DIAG_ERROR
#define W DIAG_WARNING
#define OK(name, b, fn) { name, b, fn, NULL, E, NULL, 0 }

static const struct vcase cases[] = {
	/* the plan */
	{ "profile unset", CLIENT_DEFAULT, m_profile_unset, "profile", E, "host profile is not set", 1 },
	{ "vm missing", CLIENT_DEFAULT, m_vm_missing, "vm", E, "no VM is named", 1 },
	{ "vm <vm>", CLIENT_DEFAULT, m_vm_angle, "vm", E, "\"<vm>\" cannot be used", 1 },
	{ "vm with space", CLIENT_DEFAULT, m_vm_space, "vm", E, "no spaces", 1 },
	{ "no NICs", CLIENT_DEFAULT, m_no_nics, "nics", E, "has no NICs", 1 },
	{ "no primary", CLIENT_DEFAULT, m_no_primary, "nics", E, "no NIC is marked primary", 1 },
	{ "two primaries", CLIENT_OT, m_two_primaries, "nics[1].primary", E, "but NIC eth0 already is", 1 },

	/* switches */
	{ "switch name missing", CLIENT_DEFAULT, m_sw_name_missing, "switches[0].name", E, "has no name; give it the libvirt network's name (name): \"default\", the switch a NIC of the plan is attached to", 1 },
	{ "switch name unsafe", CLIENT_DEFAULT, m_sw_name_unsafe, "switches[0].name", E, "\"my net\" cannot be used", 1 },
	{ "switch name duplicate", CLIENT_OT, m_sw_name_dup, "switches[1].name", E, "already used by switch 1 of the plan", 1 },
	{ "switch type unset", CLIENT_DEFAULT, m_sw_type_unset, "switches[0].type", E, "default or external", 1 },
	{ "internal on client", CLIENT_DEFAULT, m_sw_internal_on_client, "switches[0].type", E, "an internal switch is not available on a client host; use default or external", 1 },
	{ "default on server", SERVER_INTERNAL, m_sw_default_on_server, "switches[0].type", E, "use internal or external", 1 },
	{ "switch unused", CLIENT_DEFAULT, m_sw_unused, "switches[1].name", W, "not used by any NIC", 0 },
	{ "uplink missing", CLIENT_OT, m_uplink_missing, "switches[0].uplink", E, "choose it as the uplink (uplink)", 1 },
	{ "uplink with space", CLIENT_OT, m_uplink_space, "switches[0].uplink", E, "no spaces", 1 },
	{ "uplink 16 characters", CLIENT_OT, m_uplink_16, "switches[0].uplink", E, "at most 15", 1 },
	{ "bridge missing", CLIENT_OT, m_bridge_missing, "switches[0].bridge", E, "name the bridge (bridge), such as \"br-enp2s0\"", 1 },
	{ "bridge with slash", CLIENT_OT, m_bridge_slash, "switches[0].bridge", E, "\"br/0\"", 1 },
	{ "bridge named as uplink", CLIENT_OT, m_bridge_is_uplink, "switches[0].bridge", E, "same name as the uplink", 1 },
	{ "bridge named as uplink, example follows it", CLIENT_OT, m_bridge_is_uplink, "switches[0].bridge", E, "give it its own name, such as \"br-enp2s0\"", 1 },
	{ "bridge with slash, example follows uplink", CLIENT_OT, m_bridge_slash, "switches[0].bridge", E, "like br-enp2s0", 1 },
	{ "macvtap", CLIENT_OT, m_macvtap, "switches[0].mode", W, "host and VM cannot talk over enp2s0 with macvtap; use bridge mode", 0 },
	{ "macvtap needs no bridge", CLIENT_OT, m_macvtap_bridge_left, "switches[0].mode", W, "macvtap", 0 },
	{ "switch address missing", SERVER_INTERNAL, m_sw_addr_missing, "switches[0].address", E, "such as \"10.10.0.1/24\" on a subnet no other network", 1 },
	{ "switch address no prefix", SERVER_INTERNAL, m_sw_addr_no_prefix, "switches[0].address", E, "prefix length", 1 },
	{ "switch prefix /31", SERVER_INTERNAL, m_sw_addr_31, "switches[0].address", E, "between /1 and /30", 1 },
	{ "switch prefix /0", SERVER_INTERNAL, m_sw_addr_0, "switches[0].address", E, "between /1 and /30", 1 },
	{ "switch network address", SERVER_INTERNAL, m_sw_addr_network, "switches[0].address", E, "network address of 172.20.0.0/24", 1 },
	{ "switch broadcast address", SERVER_INTERNAL, m_sw_addr_broadcast, "switches[0].address", E, "broadcast address of 172.20.0.0/24", 1 },
	{ "switch loopback", SERVER_INTERNAL, m_sw_addr_loopback, "switches[0].address", E, "loopback", 1 },
	{ "switch multicast", SERVER_INTERNAL, m_sw_addr_multicast, "switches[0].address", E, "multicast", 1 },
	{ "dhcp start missing", SERVER_INTERNAL, m_dhcp_start_missing, "switches[0].dhcp_start", E, "such as 172.20.0.2", 1 },
	{ "dhcp end missing", SERVER_INTERNAL, m_dhcp_end_missing, "switches[0].dhcp_end", E, "such as 172.20.0.254", 1 },
	{ "dhcp start syntax", SERVER_INTERNAL, m_dhcp_start_syntax, "switches[0].dhcp_start", E, "between 0 and 255", 1 },
	{ "dhcp start outside", SERVER_INTERNAL, m_dhcp_start_outside, "switches[0].dhcp_start", E, "outside 172.20.0.0/24", 1 },
	{ "dhcp end broadcast", SERVER_INTERNAL, m_dhcp_end_broadcast, "switches[0].dhcp_end", E, "broadcast address", 1 },
	{ "dhcp range reversed", SERVER_INTERNAL, m_dhcp_reversed, "switches[0].dhcp_end", E, "before its start", 1 },
	{ "dhcp range holds host", SERVER_INTERNAL, m_dhcp_has_host, "switches[0].dhcp_start", E, "contains the host's own address 172.20.0.1", 1 },
	{ "dhcp off, range left", SERVER_INTERNAL, m_dhcp_off_range_left, "switches[0].dhcp_start", W, "ignored because the DHCP server is off (dhcp = false)", 0 },
	{ "switch subnets overlap", SERVER_INTERNAL, m_sw_overlap, "switches[1].address", E, "overlaps 172.20.0.0/24 of switch \"edge-int\"", 1 },
	{ "default switch without dhcp", CLIENT_DEFAULT, m_default_no_dhcp, "nics[0].ip.mode", E, "does not serve DHCP", 1 },

	/* NIC identity, switch, mode, MAC */
	{ "nic name missing", CLIENT_DEFAULT, m_nic_name_missing, "nics[0].name", E, "has no name", 1 },
	{ "nic name eth 0", CLIENT_DEFAULT, m_nic_name_space, "nics[0].name", E, "\"eth 0\" cannot be used", 1 },
	{ "nic name 16 characters", CLIENT_DEFAULT, m_nic_name_16, "nics[0].name", E, "at most 15", 1 },
	{ "nic name example is a NIC's", CLIENT_DEFAULT, m_nic_name_space, "nics[0].name", E, "use a name like eth0", 1 },
	{ "nic name too long, a NIC's example", CLIENT_DEFAULT, m_nic_name_16, "nics[0].name", E, "choose a shorter name, like eth0", 1 },
	{ "nic name duplicate", CLIENT_OT, m_nic_name_dup, "nics[1].name", E, "already used by NIC 1 of the plan", 1 },
	{ "nic switch missing", CLIENT_DEFAULT, m_nic_switch_missing, "nics[0].switch", E, "attach it to one of \"default\"", 1 },
	{ "nic switch unknown", CLIENT_OT, m_nic_switch_unknown, "nics[0].switch", E, "no switch named \"defualt\"; use one of \"plant\", \"ot\"", 1 },
	{ "ip mode unset", CLIENT_DEFAULT, m_nic_mode_unset, "nics[0].ip.mode", E, "(ip.mode); choose dhcp", 1 },
	{ "static on default switch", CLIENT_DEFAULT, m_static_on_default, "nics[0].ip.mode", E, "static addressing is not available on switch \"default\", a default switch; use dhcp", 1 },
	{ "mac syntax", CLIENT_DEFAULT, m_mac_syntax, "nics[0].mac", E, "six pairs of hex digits", 1 },
	{ "mac too short", CLIENT_DEFAULT, m_mac_short, "nics[0].mac", E, "\"52:54:00:12:34\"", 1 },
	{ "mac multicast", CLIENT_DEFAULT, m_mac_multicast, "nics[0].mac", E, "multicast MAC", 1 },
	{ "mac broadcast", CLIENT_DEFAULT, m_mac_broadcast, "nics[0].mac", E, "multicast MAC", 1 },
	{ "mac all zero", CLIENT_DEFAULT, m_mac_zero, "nics[0].mac", E, "not a real MAC", 1 },
	{ "mac duplicate", CLIENT_OT, m_mac_dup, "nics[1].mac", E, "already used by NIC eth0", 1 },
	OK("mac given, valid", CLIENT_OT, m_mac_ok),

	/* static addresses */
	{ "static without address", SERVER_INTERNAL, m_st_no_address, "nics[0].ip.address", E, "needs address, prefix and gateway together; the address is missing: set the VM's address on this network (ip.address), such as 172.20.0.2", 1 },
	{ "static without prefix", SERVER_INTERNAL, m_st_no_prefix, "nics[0].ip.prefix", E, "set it to 24", 1 },
	{ "static without gateway", SERVER_INTERNAL, m_st_no_gateway, "nics[0].ip.gateway", E, "set it to 172.20.0.1", 1 },
	{ "static without gateway, words then key", CLIENT_OT, m_ext_no_gateway, "nics[1].ip.gateway", E, "the gateway is missing: set the router's address on this network (ip.gateway), such as 192.168.1.1, or mark the NIC as an offline network (offline = true)", 1 },
	{ "static with none of three", SERVER_INTERNAL, m_st_none, "nics[0].ip.prefix", E, "together", 3 },
	OK("offline static without gateway", CLIENT_OT, m_offline_no_gateway),
	{ "dhcp with static fields", CLIENT_DEFAULT, m_dhcp_leftovers, "nics[0].ip.address", W, "the static address and prefix length (ip.address, ip.prefix) are ignored because the NIC takes its address by DHCP", 0 },
	{ "address syntax", SERVER_INTERNAL, m_addr_syntax, "nics[0].ip.address", E, "between 0 and 255", 1 },
	{ "address leading zero", SERVER_INTERNAL, m_addr_leading_zero, "nics[0].ip.address", E, "leading zero", 1 },
	{ "address with /24", SERVER_INTERNAL, m_addr_with_prefix, "nics[0].ip.address", E, "the prefix length has a field of its own (ip.prefix)", 1 },
	{ "address 0.0.0.0", SERVER_INTERNAL, m_addr_unspec, "nics[0].ip.address", E, "this network", 1 },
	{ "address loopback", SERVER_INTERNAL, m_addr_loopback, "nics[0].ip.address", E, "loopback", 1 },
	{ "address multicast", SERVER_INTERNAL, m_addr_multicast, "nics[0].ip.address", E, "multicast", 1 },
	{ "address reserved", SERVER_INTERNAL, m_addr_reserved, "nics[0].ip.address", E, "reserved", 1 },
	{ "address 255.255.255.255", SERVER_INTERNAL, m_addr_bcast_all, "nics[0].ip.address", E, "broadcast", 1 },
	{ "address link-local", CLIENT_OT, m_addr_linklocal, "nics[1].ip.address", W, "link-local", 0 },
	{ "prefix 0", CLIENT_OT, m_prefix_0, "nics[1].ip.prefix", E, "out of range", 1 },
	{ "prefix 33", CLIENT_OT, m_prefix_33, "nics[1].ip.prefix", E, "out of range", 1 },
	{ "prefix 32", CLIENT_OT, m_prefix_32, "nics[1].ip.prefix", E, "a /32 leaves no other address on the link", 1 },
	OK("prefix 31 (RFC 3021)", CLIENT_OT, m_prefix_31),
	{ "network address as host", CLIENT_OT, m_addr_network, "nics[1].ip.address", E, "network address of 10.50.0.0/24", 1 },
	{ "broadcast address as host", CLIENT_OT, m_addr_broadcast, "nics[1].ip.address", E, "broadcast address of 10.50.0.0/24", 1 },
	{ "gateway equals address", CLIENT_OT, m_gw_is_addr, "nics[1].ip.gateway", E, "VM's own address", 1 },
	{ "gateway outside subnet", CLIENT_OT, m_gw_outside, "nics[1].ip.gateway", E, "gateway 10.50.1.1 is outside 10.50.0.0/24, the subnet of 10.50.0.20/24; use an address in that subnet, such as 10.50.0.1", 1 },
	{ "gateway network address", CLIENT_OT, m_gw_network, "nics[1].ip.gateway", E, "network address", 1 },
	{ "gateway broadcast address", CLIENT_OT, m_gw_broadcast, "nics[1].ip.gateway", E, "broadcast address", 1 },
	{ "gateway syntax", CLIENT_OT, m_gw_syntax, "nics[1].ip.gateway", E, "four numbers", 1 },
	{ "gateway loopback", CLIENT_OT, m_gw_loopback, "nics[1].ip.gateway", E, "loopback", 1 },
	{ "gateway multicast", CLIENT_OT, m_gw_multicast, "nics[1].ip.gateway", E, "multicast", 1 },
	{ "static outside its switch", SERVER_INTERNAL, m_st_outside_switch, "nics[0].ip.address", E, "outside 172.20.0.0/24, the subnet of switch \"edge-int\"", 1 },
	{ "static is the host's address", SERVER_INTERNAL, m_st_is_host, "nics[0].ip.address", E, "host's own address", 1 },
	{ "static inside DHCP range", SERVER_INTERNAL, m_st_in_range, "nics[0].ip.address", E, "inside the DHCP range 172.20.0.100-172.20.0.200 that libvirt hands out; pick an address outside it or shrink the range", 1 },
	OK("static in range, dhcp off", SERVER_INTERNAL, m_st_in_range_dhcp_off),
	{ "static prefix differs from switch", SERVER_INTERNAL, m_st_prefix_mismatch, "nics[0].ip.prefix", W, "differs from /24", 0 },
	{ "static gateway not the host", SERVER_INTERNAL, m_st_gw_not_host, "nics[0].ip.gateway", W, "use 172.20.0.1", 0 },
	{ "static overlaps another switch", SERVER_INTERNAL, m_overlap_nic_switch, "nics[1].ip.address", E, "overlaps 172.20.0.0/24 of switch \"edge-int\"", 1 },
	{ "static overlaps another NIC", CLIENT_OT, m_overlap_nics, "nics[1].ip.address", E, "overlaps 10.50.0.0/24 of NIC eth0 on switch \"plant\"", 2 },
	{ "static overlaps another NIC, both NICs told", CLIENT_OT, m_overlap_nics, "nics[0].ip.address", E, "this NIC's subnet 10.50.0.0/24 overlaps 10.50.0.0/24 of NIC eth1 on switch \"ot\"", 2 },
	{ "same address on two NICs", CLIENT_OT, m_same_address, "nics[1].ip.address", E, "already used by NIC eth0", 2 },
	{ "same address on two NICs, both told", CLIENT_OT, m_same_address, "nics[0].ip.address", E, "the address 10.50.0.20 is also used by NIC eth1", 2 },
	OK("two static NICs on one switch", SERVER_INTERNAL, m_two_nics_same_switch),
	OK("internal and external static", SERVER_INTERNAL, m_ext_dmz_static),

	/* DNS */
	{ "dns syntax", SERVER_INTERNAL, m_dns_syntax, "nics[0].dns.servers[0]", E, "not an IP address", 1 },
	{ "dns empty entry", SERVER_INTERNAL, m_dns_empty, "nics[0].dns.servers[0]", E, "empty", 1 },
	{ "dns 0.0.0.0", SERVER_INTERNAL, m_dns_unspec, "nics[0].dns.servers[0]", E, "cannot be a DNS server", 1 },
	{ "dns multicast", SERVER_INTERNAL, m_dns_multicast, "nics[0].dns.servers[0]", E, "multicast", 1 },
	{ "dns broadcast", SERVER_INTERNAL, m_dns_broadcast, "nics[0].dns.servers[0]", E, "broadcast", 1 },
	{ "dns reserved", SERVER_INTERNAL, m_dns_reserved, "nics[0].dns.servers[0]", E, "reserved", 1 },
	{ "dns loopback", SERVER_INTERNAL, m_dns_loopback, "nics[0].dns.servers[0]", W, "the VM itself", 0 },
	{ "dns duplicate", SERVER_INTERNAL, m_dns_dup, "nics[0].dns.servers[1]", W, "listed twice", 0 },
	OK("dns IPv6 server", SERVER_INTERNAL, m_dns_v6),
	{ "dns IPv6 multicast", SERVER_INTERNAL, m_dns_v6_multicast, "nics[0].dns.servers[0]", E, "multicast", 1 },
	{ "dns IPv6 loopback", SERVER_INTERNAL, m_dns_v6_loopback, "nics[0].dns.servers[0]", W, "the VM itself", 0 },
	{ "search domain bad", SERVER_INTERNAL, m_search_bad, "nics[0].dns.search[0]", E, "\"plant_local\" cannot be used", 1 },
	{ "search domain duplicate", SERVER_INTERNAL, m_search_dup, "nics[0].dns.search[1]", W, "listed twice", 0 },
	OK("search routing domain", SERVER_INTERNAL, m_search_routing),
	{ "static without DNS", SERVER_INTERNAL, m_static_no_dns, "nics[0].dns.servers", W, "the VM will not resolve names through this NIC; add a DNS server (often the gateway", 0 },
	OK("offline static without DNS", CLIENT_OT, m_offline_no_dns),
	OK("dhcp NIC with extra DNS", CLIENT_DEFAULT, m_dhcp_dns),

	/* metrics and default routes */
	{ "metric negative", CLIENT_DEFAULT, m_metric_negative, "nics[0].metric", E, "out of range", 1 },
	{ "metric too big", CLIENT_DEFAULT, m_metric_too_big, "nics[0].metric", E, "0 to 4294967295", 1 },
	OK("metric at maximum, offline NIC too", CLIENT_OT, m_metric_max),
	{ "equal metrics", SERVER_INTERNAL, m_metric_equal, "nics[1].metric", W, "the kernel picks between them unpredictably; give NIC eth1 a different metric", 0 },
	{ "equal to a default metric", SERVER_INTERNAL, m_metric_equal_default, "nics[1].metric", W, "both have a default route with metric 100", 0 },
	/* An offline NIC gets no default route in the VM (guestcfg writes
	 * none), so its metric cannot make it win. */
	OK("offline NIC with a lower metric", CLIENT_OT, m_offline_wins),
	OK("offline NIC with an equal metric", CLIENT_OT, m_offline_ties),
	OK("offline DHCP NIC with a lower metric", CLIENT_OT, m_offline_dhcp_wins),
	OK("offline without gateway, low metric", CLIENT_OT, m_offline_no_gw_low_metric),
	{ "no default route at all", CLIENT_OT, m_all_offline, "nics", W, "no NIC gives the VM a default route", 0 },

	/* two external switches on one uplink; no NAT on the
	 * switch of the default route */
	{ "two bridges on one uplink", CLIENT_OT, m_same_uplink, "switches[1].uplink", E, "enp2s0 is already the uplink of switch \"plant\"; a host NIC carries one bridge, and this one would cut \"plant\" off: choose another host NIC", 1 },
	{ "bridge and macvtap on one uplink", CLIENT_OT, m_same_uplink_mixed, "switches[1].uplink", E, "already the uplink of switch \"plant\"", 1 },
	{ "one bridge for two uplinks", CLIENT_OT, m_same_bridge, "switches[1].bridge", E, "bridge br0 already holds enp2s0 for switch \"plant\"; with enp3s0 in it too, the two networks would be joined into one: give this switch its own bridge, such as br-enp3s0", 1 },
	{ "two macvtaps on one uplink", CLIENT_OT, m_same_uplink_macvtap, "switches[1].mode", W, "macvtap", 0 },
	{ "default route on a switch without NAT", SERVER_INTERNAL, m_no_nat_default_route, "switches[0].nat", W, "no NAT on switch \"edge-int\": NIC eth0 has the default route, to the host, and the VM reaches nothing beyond the host", 0 },
	{ "DHCP default route on a switch without NAT", SERVER_INTERNAL, m_no_nat_dhcp_default_route, "switches[0].nat", W, "reaches nothing beyond the host", 0 },
};

#define NCASES (sizeof(cases) / sizeof(cases[0]))

/* ---- checks ---- */

static void print_diags(const struct diag_list *d)
{
	for (size_t i = 0; i < d->count; i++)
		print_message("    %s %s: %s\n",
			      diag_severity_name(d->items[i].severity),
			      d->items[i].path, d->items[i].message);
}

/* Every diagnostic says something and points into the plan. */
static void assert_diag_shapes(const struct diag_list *d)
{
	static const char *const roots[] = { "profile", "vm", "switches[",
					     "nics" };

	for (size_t i = 0; i < d->count; i++) {
		const struct diag *g = &d->items[i];
		bool known = false;

		assert_non_null(g->message);
		assert_true(strlen(g->message) > 20);
		/* what is wrong, then how to fix it */
		assert_true(strchr(g->message, ';') || strchr(g->message, ':'));
		for (size_t r = 0; r < sizeof(roots) / sizeof(roots[0]); r++)
			if (!strncmp(g->path, roots[r], strlen(roots[r])))
				known = true;
		if (!known)
			print_message("unknown path root: \"%s\"\n", g->path);
		assert_true(known);
	}
}

static void validate_case(const struct vcase *c, struct diag_list *d)
{
	struct plan p;

	build_base(c->base, &p);
	c->mutate(&p);
	diag_list_init(d);
	plan_validate(&p, &pol, d);
}

static void run_case(void **state)
{
	const struct vcase *c = *state;
	struct diag_list d;
	const struct diag *hit = NULL;
	bool ok = true;

	validate_case(c, &d);
	if (c->path) {
		for (size_t i = 0; i < d.count && !hit; i++) {
			const struct diag *g = &d.items[i];

			if (!strcmp(g->path, c->path) && g->severity == c->sev &&
			    strstr(g->message, c->substr))
				hit = g;
		}
		ok = hit != NULL;
	} else {
		ok = d.count == 0;
	}
	if (c->nerr >= 0 && diag_count(&d, DIAG_ERROR) != (size_t)c->nerr)
		ok = false;
	if (!ok) {
		print_message("case \"%s\": expected %s at \"%s\" containing \"%s\" with %d error(s); got:\n",
			      c->name, diag_severity_name(c->sev),
			      c->path ? c->path : "(nothing)",
			      c->substr ? c->substr : "", c->nerr);
		print_diags(&d);
	}
	assert_diag_shapes(&d);
	diag_list_free(&d);
	assert_true(ok);
}

/* The base plans are valid: no error and no warning. */
static void test_bases_clean(void **state)
{
	(void)state;
	for (int b = CLIENT_DEFAULT; b <= CLIENT_OT; b++) {
		struct diag_list d;
		struct plan p;

		build_base((enum base)b, &p);
		diag_list_init(&d);
		plan_validate(&p, &pol, &d);
		if (d.count) {
			print_message("base %d:\n", b);
			print_diags(&d);
		}
		assert_int_equal(d.count, 0);
		diag_list_free(&d);
	}
}

/* Over every case: messages are never empty, paths have a known root. */
static void test_diag_shapes(void **state)
{
	size_t total = 0;

	(void)state;
	for (size_t i = 0; i < NCASES; i++) {
		struct diag_list d;

		validate_case(&cases[i], &d);
		assert_diag_shapes(&d);
		total += d.count;
		diag_list_free(&d);
	}
	assert_true(total > 0);
}

/* An empty plan (just initialised) reports the basics, nothing crashes. */
static void test_empty_plan(void **state)
{
	struct diag_list d;
	struct plan p;

	(void)state;
	plan_init(&p);
	diag_list_init(&d);
	plan_validate(&p, &pol, &d);
	assert_non_null(diag_find(&d, "profile"));
	assert_non_null(diag_find(&d, "vm"));
	assert_non_null(diag_find(&d, "nics"));
	assert_diag_shapes(&d);
	diag_list_free(&d);
}

/* A control character typed into a name never reaches a message. */
static void test_message_sanitised(void **state)
{
	struct diag_list d;
	struct plan p;
	const struct diag *g;

	(void)state;
	build_base(CLIENT_DEFAULT, &p);
	SET(p.domain, "edge\033[2Jvm");
	diag_list_init(&d);
	plan_validate(&p, &pol, &d);
	g = diag_find(&d, "vm");
	assert_non_null(g);
	assert_null(strchr(g->message, '\033'));
	diag_list_free(&d);
}

/* A MAC that is not six pairs of hex digits: the message shows how to
 * write one and never forbids what the console takes (before: "no
 * dashes, dots or spaces" beside a field that takes 52-54-00-12-34-56). */
static void test_mac_message_no_contradiction(void **state)
{
	static const char *const bad[] = { "52.54.00.12.34.56",
					   "52-54-00-12-34-56", "5254",
					   "52:54:00:12:34:5g" };
	struct diag_list d;
	struct plan p;
	const struct diag *g;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		build_base(CLIENT_DEFAULT, &p);
		SET(p.nics[0].mac, bad[i]);
		diag_list_init(&d);
		plan_validate(&p, &pol, &d);
		g = diag_find(&d, "nics[0].mac");
		assert_non_null(g);
		assert_int_equal(g->severity, DIAG_ERROR);
		assert_non_null(strstr(g->message, bad[i]));
		assert_non_null(strstr(g->message,
				       "write it as six pairs of hex digits, "
				       "such as 52:54:00:12:34:56"));
		assert_null(strstr(g->message, "dash"));
		assert_null(strstr(g->message, "separated by colons"));
		diag_list_free(&d);
	}
}

/* The NAT warning is about the NIC that carries the default route only:
 * not an offline NIC, not a second NIC whose route loses. */
static void test_nat_only_for_default_route(void **state)
{
	void (*const muts[])(struct plan *) = { m_no_nat_offline,
						 m_no_nat_second_nic };

	(void)state;
	for (size_t m = 0; m < sizeof(muts) / sizeof(muts[0]); m++) {
		struct diag_list d;
		struct plan p;

		build_base(SERVER_INTERNAL, &p);
		muts[m](&p);
		diag_list_init(&d);
		plan_validate(&p, &pol, &d);
		print_diags(&d);
		assert_null(diag_find(&d, "switches[0].nat"));
		assert_null(diag_find(&d, "switches[1].nat"));
		assert_int_equal(diag_count(&d, DIAG_ERROR), 0);
		diag_list_free(&d);
	}
}

static void check_example(const char *file)
{
	char path[4096];
	struct diag_list d;
	struct plan p;
	enum planfile_status st;

	snprintf(path, sizeof(path), "%s/examples/%s", datadir, file);
	diag_list_init(&d);
	st = planfile_load(path, &p, NULL, &d);
	if (st != PLANFILE_OK || d.count) {
		print_message("%s:\n", path);
		print_diags(&d);
	}
	assert_int_equal(st, PLANFILE_OK);
	assert_int_equal(d.count, 0);
	plan_validate(&p, &pol, &d);
	if (d.count) {
		print_message("%s:\n", path);
		print_diags(&d);
	}
	assert_int_equal(diag_count(&d, DIAG_ERROR), 0);
	assert_int_equal(diag_count(&d, DIAG_WARNING), 0);
	diag_list_free(&d);
}

static void test_example_client_default(void **state)
{
	(void)state;
	check_example("client-default-dhcp.cfg");
}

static void test_example_server_internal(void **state)
{
	(void)state;
	check_example("server-internal-static.cfg");
}

static void test_example_client_ot(void **state)
{
	(void)state;
	check_example("client-external-ot.cfg");
}

/* One mistake, one message: a typical mistake in a good plan, loaded and
 * validated as `edgenet check` and `edgenet apply` do (the loader's and
 * the validator's diagnostics in one list), gives exactly one diagnostic,
 * at the field of the mistake -- not also a consequence elsewhere (an
 * overlap, an unused switch, the key a misspelt key meant "missing"). */
static const char one_base[] =
	"version = 1;\n"
	"profile = \"server\";\n"
	"vm = \"edge-vm\";\n"
	"switches = ( { name = \"edge-int\"; type = \"internal\";\n"
	"  address = \"172.20.0.1/24\"; dhcp = true;\n"
	"  dhcp_start = \"172.20.0.100\"; dhcp_end = \"172.20.0.200\";\n"
	"  nat = true; } );\n"
	"nics = ( { name = \"eth0\"; switch = \"edge-int\"; primary = true;\n"
	"  ip = { mode = \"static\"; address = \"172.20.0.10\"; prefix = 24;\n"
	"         gateway = \"172.20.0.1\"; };\n"
	"  dns = { servers = [ \"172.20.0.1\" ]; };\n"
	"  metric = 100; } );\n";

static void test_one_mistake_one_message(void **state)
{
	static const struct {
		const char *from, *to;	/* the mistake */
		const char *path, *says;	/* its one diagnostic */
	} mistakes[] = {
		{ "switch = \"edge-int\"", "switch = \"edge-lan\"",
		  "nics[0].switch", "no switch named \"edge-lan\"" },
		{ "switch = \"edge-int\"", "swich = \"edge-int\"",
		  "nics[0].swich", "did you mean 'switch'?" },
		{ "address = \"172.20.0.10\"", "adress = \"172.20.0.10\"",
		  "nics[0].ip.adress", "did you mean 'address'?" },
		{ "prefix = 24", "prefx = 24", "nics[0].ip.prefx",
		  "did you mean 'prefix'?" },
		{ "gateway = ", "gatway = ", "nics[0].ip.gatway",
		  "did you mean 'gateway'?" },
		{ "mode = \"static\"", "mdoe = \"static\"", "nics[0].ip.mdoe",
		  "did you mean 'mode'?" },
		{ "ip = {", "ipp = {", "nics[0].ipp", "did you mean 'ip'?" },
		{ "servers = [", "server = [", "nics[0].dns.server",
		  "did you mean 'servers'?" },
		{ "  address = \"172.20.0.1/24\"", "  adress = \"172.20.0.1/24\"",
		  "switches[0].adress", "did you mean 'address'?" },
		{ "profile = ", "profle = ", "profle", "did you mean 'profile'?" },
		{ "name = \"edge-int\"", "name = \"\"", "switches[0].name",
		  "\"edge-int\", the switch a NIC of the plan is attached to" },
		{ "prefix = 24", "prefix = -1", "nics[0].ip.prefix",
		  "prefix length -1 is out of range" },
		{ "metric = 100", "metric = -1", "nics[0].metric",
		  "route metric -1 is out of range" },
		{ "metric = 100", "metric = 4294967296", "nics[0].metric",
		  "route metric 4294967296 is out of range" },
		{ "prefix = 24", "prefix = /* 24 */\n4294967320", "nics[0].ip.prefix",
		  "a prefix length is 0 to 32" },
		{ "prefix = 24", "prefix = 0x18", "nics[0].ip.prefix",
		  "write it in decimal" },
		{ "mode = \"static\"", "mode = \"statik\"", "nics[0].ip.mode",
		  "did you mean 'static'?" },
		{ "type = \"internal\"", "type = \"interal\"",
		  "switches[0].type", "did you mean 'internal'?" },
		{ "name = \"edge-int\"", "name = \"edge int\"",
		  "switches[0].name",
		  "a NIC of the plan is attached to \"edge-int\"" },
		{ "ip = { mode = \"static\"; address = \"172.20.0.10\"; "
		  "prefix = 24;\n         gateway = \"172.20.0.1\"; };",
		  "ip = \"static\";", "nics[0].ip", "must be a group" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(mistakes) / sizeof(mistakes[0]); i++) {
		const char *at = strstr(one_base, mistakes[i].from);
		char text[2048];
		struct diag_list d;
		struct plan p;

		assert_non_null(at);
		snprintf(text, sizeof(text), "%.*s%s%s", (int)(at - one_base),
			 one_base, mistakes[i].to, at + strlen(mistakes[i].from));
		diag_list_init(&d);
		if (planfile_load_string(text, &p, NULL, &d) == PLANFILE_OK)
			plan_validate(&p, &pol, &d);
		if (d.count != 1 || strcmp(d.items[0].path, mistakes[i].path) != 0 ||
		    !strstr(d.items[0].message, mistakes[i].says)) {
			print_message("%s -> %s:\n", mistakes[i].from, mistakes[i].to);
			print_diags(&d);
			fail_msg("want exactly one diagnostic, at %s, saying '%s'",
				 mistakes[i].path, mistakes[i].says);
		}
		diag_list_free(&d);
	}
}

static int load_policy(void)
{
	const char *dir = getenv("EDGENET_DATADIR");
	char path[4096];
	struct diag_list d;
	int r;

	snprintf(datadir, sizeof(datadir), "%s", dir && *dir ? dir : "data");
	snprintf(path, sizeof(path), "%s/%s", datadir, POLICY_FILE);
	diag_list_init(&d);
	r = policy_load(&pol, path, &d);
	if (r != 0) {
		fprintf(stderr, "cannot load the policy %s:\n", path);
		for (size_t i = 0; i < d.count; i++)
			fprintf(stderr, "  %s\n", d.items[i].message);
	}
	diag_list_free(&d);
	return r;
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_bases_clean),
		cmocka_unit_test(test_diag_shapes),
		cmocka_unit_test(test_empty_plan),
		cmocka_unit_test(test_message_sanitised),
		cmocka_unit_test(test_mac_message_no_contradiction),
		cmocka_unit_test(test_nat_only_for_default_route),
		cmocka_unit_test(test_example_client_default),
		cmocka_unit_test(test_example_server_internal),
		cmocka_unit_test(test_example_client_ot),
		cmocka_unit_test(test_one_mistake_one_message),
	};
	static struct CMUnitTest tests[sizeof(fixed) / sizeof(fixed[0]) +
				       NCASES];
	size_t n = 0;

	if (load_policy() != 0)
		return 1;
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		tests[n++] = fixed[i];
	for (size_t i = 0; i < NCASES; i++) {
		tests[n].name = cases[i].name;
		tests[n].test_func = run_case;
		tests[n].setup_func = NULL;
		tests[n].teardown_func = NULL;
		tests[n].initial_state = (void *)&cases[i];
		n++;
	}
	return _cmocka_run_group_tests("validate", tests, n, NULL, NULL);
}
