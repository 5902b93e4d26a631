/*
 * test_fieldpath.c - the one table of a plan's field paths
 * (core/fieldpath.h): every field's path as diagnostics, the console and
 * the plan file's lines know it, the keys, list items, out-of-range
 * fields and short buffers; the printf formats made from the same
 * literals (what ui/wizard.h's WP_* are) give the same paths.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/fieldpath.h"

#define N_ELEM(x) (sizeof(x) / sizeof((x)[0]))

static const struct {
	enum plan_field f;
	const char *want;	/* switch or NIC 2, item 1 */
	const char *key;
} cases[] = {
	{ FIELD_PROFILE, "profile", "profile" },
	{ FIELD_VM, "vm", "vm" },
	{ FIELD_SWITCHES, "switches", "switches" },
	{ FIELD_NICS, "nics", "nics" },
	{ FIELD_SW, "switches[2]", "" },
	{ FIELD_SW_NAME, "switches[2].name", "name" },
	{ FIELD_SW_TYPE, "switches[2].type", "type" },
	{ FIELD_SW_UPLINK, "switches[2].uplink", "uplink" },
	{ FIELD_SW_MODE, "switches[2].mode", "mode" },
	{ FIELD_SW_BRIDGE, "switches[2].bridge", "bridge" },
	{ FIELD_SW_ADDRESS, "switches[2].address", "address" },
	{ FIELD_SW_DHCP, "switches[2].dhcp", "dhcp" },
	{ FIELD_SW_DHCP_START, "switches[2].dhcp_start", "dhcp_start" },
	{ FIELD_SW_DHCP_END, "switches[2].dhcp_end", "dhcp_end" },
	{ FIELD_SW_NAT, "switches[2].nat", "nat" },
	{ FIELD_NIC, "nics[2]", "" },
	{ FIELD_NIC_NAME, "nics[2].name", "name" },
	{ FIELD_NIC_SWITCH, "nics[2].switch", "switch" },
	{ FIELD_NIC_MAC, "nics[2].mac", "mac" },
	{ FIELD_NIC_IP, "nics[2].ip", "ip" },
	{ FIELD_NIC_IP_MODE, "nics[2].ip.mode", "ip.mode" },
	{ FIELD_NIC_IP_ADDRESS, "nics[2].ip.address", "ip.address" },
	{ FIELD_NIC_IP_PREFIX, "nics[2].ip.prefix", "ip.prefix" },
	{ FIELD_NIC_IP_GATEWAY, "nics[2].ip.gateway", "ip.gateway" },
	{ FIELD_NIC_DNS_SERVERS, "nics[2].dns.servers", "dns.servers" },
	{ FIELD_NIC_DNS_SERVER, "nics[2].dns.servers[1]", "dns.servers" },
	{ FIELD_NIC_DNS_SEARCH, "nics[2].dns.search", "dns.search" },
	{ FIELD_NIC_DNS_DOMAIN, "nics[2].dns.search[1]", "dns.search" },
	{ FIELD_NIC_METRIC, "nics[2].metric", "metric" },
	{ FIELD_NIC_PRIMARY, "nics[2].primary", "primary" },
	{ FIELD_NIC_OFFLINE, "nics[2].offline", "offline" },
};

static void test_every_field(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(N_ELEM(cases), FIELD_COUNT);
	for (size_t c = 0; c < N_ELEM(cases); c++) {
		assert_int_equal(cases[c].f, (enum plan_field)c);
		assert_ptr_equal(plan_path(buf, sizeof(buf), cases[c].f, 2, 1),
				 buf);
		assert_string_equal(buf, cases[c].want);
		assert_string_equal(plan_field_key(cases[c].f), cases[c].key);
	}
}

static void test_edges(void **state)
{
	char buf[8] = "x";

	(void)state;
	plan_path(buf, sizeof(buf), FIELD_NIC_IP_ADDRESS, 0, 0);
	assert_string_equal(buf, "nics[0]");	/* cut to fit */
	plan_path(buf, sizeof(buf), FIELD_COUNT, 0, 0);
	assert_string_equal(buf, "");
	assert_string_equal(plan_field_key(FIELD_COUNT), "");
	buf[0] = 'x';
	plan_path(buf, 0, FIELD_VM, 0, 0);	/* nothing written */
	assert_int_equal(buf[0], 'x');
}

/* The console's formats are made of the same literals. */
static void test_formats_agree(void **state)
{
	char a[64], b[64];

	(void)state;
	snprintf(a, sizeof(a), FIELDPATH_SW(FIELDKEY_DHCP_START), (size_t)3);
	assert_string_equal(a, plan_path(b, sizeof(b), FIELD_SW_DHCP_START,
					 3, 0));
	snprintf(a, sizeof(a), FIELDPATH_NIC(FIELDKEY_IP_ADDRESS), (size_t)1);
	assert_string_equal(a, plan_path(b, sizeof(b), FIELD_NIC_IP_ADDRESS,
					 1, 0));
	snprintf(a, sizeof(a), FIELDPATH_NIC(FIELDKEY_DNS_SEARCH FIELDKEY_ITEM),
		 (size_t)1, (size_t)4);
	assert_string_equal(a, plan_path(b, sizeof(b), FIELD_NIC_DNS_DOMAIN,
					 1, 4));
	snprintf(a, sizeof(a), FIELDPATH_NIC(""), (size_t)5);
	assert_string_equal(a, plan_path(b, sizeof(b), FIELD_NIC, 5, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_field),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_formats_agree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
