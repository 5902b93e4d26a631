/*
 * test_guest_state_check.c - core/guest_state_check: every rule of
 * guest_state_check passing and failing with its exact sentence, on the
 * states captured from real ip, systemd-networkd and systemd-resolved
 * (tests/data/guest_state/, read by tests/guest_state_lib.c).
 *
 * Reads the fixtures under $top_srcdir/tests/data/guest_state; touches
 * nothing else.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/guest_state.h"
#include "core/ipv4.h"
#include "core/mac.h"
#include "core/plan.h"
#include "../lib/guest_state_lib.h"

/* --- the check --- */

static void test_check_as_planned(void **state)
{
	struct guest_state *gs;
	struct plan p;
	struct mac macs[2];

	(void)state;
	gs = gsl_networkd_guest("offline");
	gsl_networkd_plan(&p, macs, true);
	gsl_check_is(&p, macs, gs, 0, "");
	/* the plan's own MACs when none are given */
	snprintf(p.nics[0].mac, sizeof(p.nics[0].mac), MAC0);
	snprintf(p.nics[1].mac, sizeof(p.nics[1].mac), "52:54:00:65:43:21");
	gsl_check_is(&p, NULL, gs, 0, "");
	/* domains: case and a final dot do not matter */
	snprintf(p.nics[0].search[0], sizeof(p.nics[0].search[0]),
		 "Corp.Example.");
	gsl_check_is(&p, macs, gs, 0, "");
	free(gs);

	gs = gsl_networkd_guest("dhcp");
	gsl_networkd_plan(&p, macs, false);
	/* DHCP: the planned server first, DHCP's 10.0.0.1 after it */
	gsl_check_is(&p, macs, gs, 0, "");
	/* a NIC without planned DNS: its servers are not checked */
	p.nics[1].ndns = 0;
	gsl_check_is(&p, macs, gs, 0, "");
	p.nics[0].ndns = 0;
	p.nics[0].nsearch = 0;
	gs->links[1].dns_read = false;
	gsl_check_is(&p, macs, gs, 0, "");
	free(gs);
}

/* The same guest as one text, as GUEST_STATE_SCRIPT prints it. */
static void test_check_nic_missing(void **state)
{
	struct guest_state *gs = gsl_networkd_guest("offline");
	struct plan p;
	struct mac macs[2];

	(void)state;
	gsl_networkd_plan(&p, macs, true);
	macs[0].b[5] = 0x99;
	gsl_check_is(&p, macs, gs, 1, "eth0 (52:54:00:12:34:99): the VM has no "
		     "network interface with this MAC address");
	free(gs);
}

static void test_check_mac_case_and_name(void **state)
{
	struct guest_state *gs = gsl_networkd_guest("offline");
	struct plan p;
	struct mac macs[2];
	char err[256];

	(void)state;
	gsl_networkd_plan(&p, macs, true);
	/* the guest writes upper case, the plan lower: the same NIC */
	mac_parse("52:54:00:ab:cd:ef", &macs[0]);
	assert_int_equal(guest_state_parse_links(gs,
		"[{\"ifindex\":7,\"ifname\":\"ens3\",\"operstate\":\"UP\","
		"\"address\":\"52:54:00:AB:CD:EF\"}]", err, sizeof(err)), 0);
	assert_non_null(guest_state_find_mac(gs, &macs[0], NULL));
	/* a name other than the plan's is named too */
	gsl_check_is(&p, macs, gs, 1, "eth0 (52:54:00:ab:cd:ef, ens3 in the VM): "
		     "no address 172.20.0.10/24 yet");
	free(gs);
}

static void test_check_static_address(void **state)
{
	struct guest_state *gs = gsl_networkd_guest("offline");
	struct plan p;
	struct mac macs[2];

	(void)state;
	gsl_networkd_plan(&p, macs, true);
	snprintf(p.nics[0].address, sizeof(p.nics[0].address), "172.20.0.12");
	gsl_check_is(&p, macs, gs, 1, "eth0 (52:54:00:12:34:56): no address "
		     "172.20.0.12/24 yet");
	snprintf(p.nics[0].address, sizeof(p.nics[0].address), "172.20.0.10");
	plan_nic_set_prefix(&p.nics[0], 16);
	gsl_check_is(&p, macs, gs, 1, "eth0 (52:54:00:12:34:56): address "
		     "172.20.0.10 has prefix /24, the plan says /16");
	free(gs);
}

static void test_check_dhcp_address(void **state)
{
	struct guest_state *gs = gsl_networkd_guest("dhcp");
	struct plan p;
	struct mac macs[2];

	(void)state;
	gsl_networkd_plan(&p, macs, false);
	gs->naddrs = 2;		/* eth1's lease gone */
	gsl_check_is(&p, macs, gs, 1, "eth1 (52:54:00:65:43:21): no IPv4 address "
		     "yet (DHCP)");
	free(gs);
}

static void test_check_static_route(void **state)
{
	struct guest_state *gs = gsl_networkd_guest("offline");
	struct plan p;
	struct mac macs[2];

	(void)state;
	gsl_networkd_plan(&p, macs, true);
	plan_nic_set_metric(&p.nics[0], 300);
	gsl_check_is(&p, macs, gs, 1, "eth0 (52:54:00:12:34:56): default route "
		     "metric is 100, the plan says 300");
	plan_nic_clear_metric(&p.nics[0]);
	snprintf(p.nics[0].gateway, sizeof(p.nics[0].gateway),
		 "172.20.0.254");
	gsl_check_is(&p, macs, gs, 1, "eth0 (52:54:00:12:34:56): default route "
		     "via 172.20.0.1, the plan says via 172.20.0.254");
	snprintf(p.nics[0].gateway, sizeof(p.nics[0].gateway), "172.20.0.1");
	gs->routes[0].prefix = 8;	/* no default route left on eth0 */
	gsl_check_is(&p, macs, gs, 1, "eth0 (52:54:00:12:34:56): no default route "
		     "via 172.20.0.1 yet");
	gs->routes[0].prefix = 0;
	/* a second default route on the link (networkd's [Network]
	 * Gateway=, metric 0) */
	gs->routes[gs->nroutes] = gs->routes[0];
	gs->routes[gs->nroutes++].metric = 0;
	gsl_check_is(&p, macs, gs, 1, "eth0 (52:54:00:12:34:56): a second default "
		     "route via 172.20.0.1 metric 0; the plan has only the one "
		     "with metric 100");
	free(gs);
}

/* A route ip wrote without "metric" is metric 0. */
static void test_check_route_without_metric(void **state)
{
	struct guest_state *gs = malloc(sizeof(*gs));
	struct plan p;
	struct mac macs[2];

	(void)state;
	assert_non_null(gs);
	gsl_load(gs, "link-drift.json", "addr-drift.json", "route-drift.json");
	gsl_load_dns(gs, 3, "networkd-offline-links-eth0", NULL);
	gsl_networkd_plan(&p, macs, false);
	gsl_check_is(&p, macs, gs, 1, "eth0 (52:54:00:12:34:56): default route "
		     "metric is 0, the plan says 100");
	plan_nic_set_metric(&p.nics[0], 0);
	/* eth1 is static here (10.0.0.50), metric 500 */
	p.nics[1].mode = IP_STATIC;
	snprintf(p.nics[1].address, sizeof(p.nics[1].address), "10.0.0.50");
	plan_nic_set_prefix(&p.nics[1], 24);
	snprintf(p.nics[1].gateway, sizeof(p.nics[1].gateway), "10.0.0.1");
	p.nics[1].ndns = 0;
	gsl_check_is(&p, macs, gs, 0, "");
	free(gs);
}

static void test_check_dhcp_route(void **state)
{
	struct guest_state *gs;
	struct plan p;
	struct mac macs[2];

	(void)state;
	gs = gsl_networkd_guest("dhcp");
	gsl_networkd_plan(&p, macs, false);
	plan_nic_set_metric(&p.nics[1], 600);
	gsl_check_is(&p, macs, gs, 1, "eth1 (52:54:00:65:43:21): default route "
		     "metric is 500, the plan says 600");
	free(gs);
	/* the offline guest's eth1 has no default route */
	gs = gsl_networkd_guest("offline");
	gsl_networkd_plan(&p, macs, false);
	gsl_check_is(&p, macs, gs, 1, "eth1 (52:54:00:65:43:21): no default route "
		     "yet (DHCP)");
	free(gs);
}

static void test_check_offline_route(void **state)
{
	struct guest_state *gs;
	struct plan p;
	struct mac macs[2];

	(void)state;
	gs = gsl_networkd_guest("dhcp");
	gsl_networkd_plan(&p, macs, true);
	gsl_check_is(&p, macs, gs, 1, "eth1 (52:54:00:65:43:21) is an offline "
		     "network but has a default route via 10.0.0.1");
	free(gs);
	/* a static offline NIC: its gateway gives no route */
	gs = malloc(sizeof(*gs));
	assert_non_null(gs);
	gsl_load(gs, "link-two-nics.json", "addr-two-nics.json",
		 "route-offline.json");
	gsl_networkd_plan(&p, macs, true);
	p.nics[0].ndns = p.nics[0].nsearch = 0;
	p.nics[1].mode = IP_STATIC;
	snprintf(p.nics[1].address, sizeof(p.nics[1].address), "10.0.0.50");
	plan_nic_set_prefix(&p.nics[1], 24);
	snprintf(p.nics[1].gateway, sizeof(p.nics[1].gateway), "10.0.0.1");
	snprintf(p.nics[1].dns[1], sizeof(p.nics[1].dns[1]), "10.0.0.1");
	p.nics[1].ndns = 2;
	gsl_load_dns(gs, 5, NULL, "resolved-netif-eth1");
	gsl_check_is(&p, macs, gs, 0, "");
	/* the same with two-nics' routes: eth1 has a default route */
	free(gs);
	gs = malloc(sizeof(*gs));
	assert_non_null(gs);
	gsl_load(gs, "link-two-nics.json", "addr-two-nics.json",
		 "route-two-nics.json");
	gsl_load_dns(gs, 5, NULL, "resolved-netif-eth1");
	gsl_check_is(&p, macs, gs, 1, "eth1 (52:54:00:65:43:21) is an offline "
		     "network but has a default route via 10.0.0.1");
	free(gs);
}

static void test_check_dns_servers(void **state)
{
	struct guest_state *gs;
	struct plan p;
	struct mac macs[2];

	(void)state;
	gs = gsl_networkd_guest("offline");
	gsl_networkd_plan(&p, macs, true);
	snprintf(p.nics[0].dns[0], sizeof(p.nics[0].dns[0]), "10.0.0.1");
	p.nics[0].ndns = 1;
	gsl_check_is(&p, macs, gs, 1, "eth0 (52:54:00:12:34:56): DNS servers are "
		     "172.20.0.1 172.20.0.2, the plan says 10.0.0.1");
	/* static: no server beyond the planned ones */
	snprintf(p.nics[0].dns[0], sizeof(p.nics[0].dns[0]), "172.20.0.1");
	gsl_check_is(&p, macs, gs, 1, "eth0 (52:54:00:12:34:56): DNS servers are "
		     "172.20.0.1 172.20.0.2, the plan says 172.20.0.1");
	/* a port written out is the same server */
	snprintf(p.nics[0].dns[1], sizeof(p.nics[0].dns[1]), "172.20.0.2:53");
	p.nics[0].ndns = 2;
	gsl_check_is(&p, macs, gs, 0, "");
	/* no server at all */
	gs->links[1].dns.nservers = 0;
	gsl_check_is(&p, macs, gs, 1, "eth0 (52:54:00:12:34:56): DNS servers are "
		     "none, the plan says 172.20.0.1 172.20.0.2:53");
	free(gs);

	/* DHCP: the planned ones first, in order */
	gs = gsl_networkd_guest("dhcp");
	gsl_networkd_plan(&p, macs, false);
	snprintf(p.nics[1].dns[0], sizeof(p.nics[1].dns[0]), "10.0.0.1");
	snprintf(p.nics[1].dns[1], sizeof(p.nics[1].dns[1]), "10.0.0.5");
	p.nics[1].ndns = 2;
	gsl_check_is(&p, macs, gs, 1, "eth1 (52:54:00:65:43:21): DNS servers are "
		     "10.0.0.5 10.0.0.1, the plan says 10.0.0.1 10.0.0.5 first");
	/* DNS wanted but not read */
	gs->links[2].dns_read = false;
	p.nics[1].ndns = 1;
	gsl_check_is(&p, macs, gs, 1, "eth1 (52:54:00:65:43:21): the VM's DNS "
		     "settings of this link (resolved's state) were not read");
	free(gs);
}

static void test_check_dns_domains(void **state)
{
	struct guest_state *gs = gsl_networkd_guest("offline");
	struct plan p;
	struct mac macs[2];

	(void)state;
	gsl_networkd_plan(&p, macs, true);
	snprintf(p.nics[0].search[0], sizeof(p.nics[0].search[0]),
		 "other.example");
	gsl_check_is(&p, macs, gs, 1, "eth0 (52:54:00:12:34:56): DNS domains are "
		     "corp.example, the plan says other.example");
	p.nics[0].nsearch = 0;
	gsl_check_is(&p, macs, gs, 1, "eth0 (52:54:00:12:34:56): DNS domains are "
		     "corp.example, the plan says none");
	snprintf(p.nics[0].search[0], sizeof(p.nics[0].search[0]),
		 "corp.example");
	p.nics[0].nsearch = 1;
	/* offline: as routing domains */
	snprintf(p.nics[1].search[0], sizeof(p.nics[1].search[0]), "ot.local");
	gsl_check_is(&p, macs, gs, 1, "eth1 (52:54:00:65:43:21): DNS domains are "
		     "~plant.local, the plan says ~ot.local");
	/* the same name as a search domain is not the routing domain */
	snprintf(p.nics[1].search[0], sizeof(p.nics[1].search[0]),
		 "plant.local");
	p.nics[1].offline = false;
	plan_nic_set_metric(&p.nics[1], 200);
	gs->routes[gs->nroutes] = gs->routes[0];
	snprintf(gs->routes[gs->nroutes].dev, GUEST_STATE_IFNAME_MAX, "eth1");
	gs->routes[gs->nroutes++].metric = 200;
	gsl_check_is(&p, macs, gs, 1, "eth1 (52:54:00:65:43:21): DNS domains are "
		     "~plant.local, the plan says plant.local");
	/* "~name" typed in the plan is a routing domain */
	snprintf(p.nics[1].search[0], sizeof(p.nics[1].search[0]),
		 "~plant.local");
	gsl_check_is(&p, macs, gs, 0, "");
	free(gs);
}

static void test_check_offline_dns_default_route(void **state)
{
	struct guest_state *gs = gsl_networkd_guest("offline");
	struct plan p;
	struct mac macs[2];

	(void)state;
	gsl_networkd_plan(&p, macs, true);
	gs->links[2].dns.default_route = -1;
	gsl_check_is(&p, macs, gs, 1, "eth1 (52:54:00:65:43:21) is an offline "
		     "network but its DNS servers are used for all names "
		     "(DefaultRoute is not set, the plan says no)");
	gs->links[2].dns.default_route = 1;
	gsl_check_is(&p, macs, gs, 1, "eth1 (52:54:00:65:43:21) is an offline "
		     "network but its DNS servers are used for all names "
		     "(DefaultRoute is yes, the plan says no)");
	/* also with no DNS planned at all */
	p.nics[1].ndns = p.nics[1].nsearch = 0;
	gs->links[2].dns.ndomains = 0;
	gsl_check_is(&p, macs, gs, 1, "eth1 (52:54:00:65:43:21) is an offline "
		     "network but its DNS servers are used for all names "
		     "(DefaultRoute is yes, the plan says no)");
	gs->links[2].dns.default_route = 0;
	gsl_check_is(&p, macs, gs, 0, "");
	free(gs);
}

static void test_check_unusable_plan(void **state)
{
	struct guest_state *gs = gsl_networkd_guest("offline");
	struct plan p;
	struct mac macs[2];

	(void)state;
	gsl_networkd_plan(&p, macs, true);
	gsl_check_is(&p, NULL, gs, -1, "eth0: the plan gives no usable MAC "
		     "address to find this NIC by");
	snprintf(p.nics[0].address, sizeof(p.nics[0].address), "172.20.0");
	gsl_check_is(&p, macs, gs, -1, "eth0: the plan's static address, prefix "
		     "or gateway does not parse: validate the plan first");
	free(gs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_as_planned),
		cmocka_unit_test(test_check_nic_missing),
		cmocka_unit_test(test_check_mac_case_and_name),
		cmocka_unit_test(test_check_static_address),
		cmocka_unit_test(test_check_dhcp_address),
		cmocka_unit_test(test_check_static_route),
		cmocka_unit_test(test_check_route_without_metric),
		cmocka_unit_test(test_check_dhcp_route),
		cmocka_unit_test(test_check_offline_route),
		cmocka_unit_test(test_check_dns_servers),
		cmocka_unit_test(test_check_dns_domains),
		cmocka_unit_test(test_check_offline_dns_default_route),
		cmocka_unit_test(test_check_unusable_plan),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
