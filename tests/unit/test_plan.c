/*
 * test_plan.c - the plan model: initial values, adding and removing
 * entries, lookups, the effective route metric, the name tables and
 * plan_equal (every field matters; entries past the counts do not).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/plan.h"

#define N_ELEM(x) (sizeof(x) / sizeof((x)[0]))

static void test_init(void **state)
{
	struct plan p;

	(void)state;
	memset(&p, 0x5a, sizeof(p));
	plan_init(&p);
	assert_int_equal(p.version, PLAN_VERSION);
	assert_int_equal(p.profile, PROFILE_UNSET);
	assert_string_equal(p.domain, "");
	assert_int_equal(p.nswitches, 0);
	assert_int_equal(p.nnics, 0);
	for (size_t i = 0; i < PLAN_MAX_NICS; i++) {
		assert_false(p.nics[i].has_prefix);
		assert_false(p.nics[i].has_metric);
		assert_false(p.nics[i].primary);
		assert_false(p.nics[i].offline);
		assert_int_equal(p.nics[i].mode, IP_UNSET);
		assert_int_equal(p.nics[i].ndns, 0);
	}
	for (size_t i = 0; i < PLAN_MAX_SWITCHES; i++) {
		assert_int_equal(p.switches[i].type, SWITCH_UNSET);
		assert_int_equal(p.switches[i].ext_mode, EXT_BRIDGE);
		assert_false(p.switches[i].dhcp);
		assert_false(p.switches[i].nat);
	}
}

static void test_add_remove(void **state)
{
	struct plan p;

	(void)state;
	plan_init(&p);
	for (int i = 0; i < PLAN_MAX_NICS; i++) {
		struct plan_nic *n = plan_add_nic(&p);

		assert_non_null(n);
		assert_false(n->has_prefix);
		snprintf(n->name, sizeof(n->name), "eth%d", i);
	}
	assert_null(plan_add_nic(&p));
	assert_int_equal(p.nnics, PLAN_MAX_NICS);
	assert_int_equal(plan_remove_nic(&p, 1), 0);
	assert_int_equal(p.nnics, PLAN_MAX_NICS - 1);
	assert_string_equal(p.nics[0].name, "eth0");
	assert_string_equal(p.nics[1].name, "eth2");
	assert_string_equal(p.nics[PLAN_MAX_NICS - 2].name, "eth7");
	assert_string_equal(p.nics[PLAN_MAX_NICS - 1].name, "");
	assert_int_equal(plan_remove_nic(&p, PLAN_MAX_NICS - 1), -1);
	assert_int_equal(plan_remove_nic(&p, PLAN_MAX_NICS - 2), 0);
	assert_string_equal(p.nics[PLAN_MAX_NICS - 3].name, "eth6");

	for (int i = 0; i < PLAN_MAX_SWITCHES; i++) {
		struct plan_switch *s = plan_add_switch(&p);

		assert_non_null(s);
		snprintf(s->name, sizeof(s->name), "sw%d", i);
		s->type = SWITCH_INTERNAL;
	}
	assert_null(plan_add_switch(&p));
	assert_int_equal(plan_remove_switch(&p, 0), 0);
	assert_string_equal(p.switches[0].name, "sw1");
	assert_int_equal(plan_remove_switch(&p, 99), -1);
	assert_int_equal(p.nswitches, PLAN_MAX_SWITCHES - 1);
	/* A removed slot comes back clean. */
	assert_non_null(plan_add_switch(&p));
	assert_int_equal(p.switches[PLAN_MAX_SWITCHES - 1].type, SWITCH_UNSET);
	assert_string_equal(p.switches[PLAN_MAX_SWITCHES - 1].name, "");
}

static void test_find_and_metric(void **state)
{
	struct plan p;
	struct plan_switch *a, *b;

	(void)state;
	plan_init(&p);
	a = plan_add_switch(&p);
	b = plan_add_switch(&p);
	strcpy(a->name, "default");
	strcpy(b->name, "plant");
	assert_ptr_equal(plan_find_switch(&p, "plant"), b);
	assert_ptr_equal(plan_find_switch(&p, "default"), a);
	assert_null(plan_find_switch(&p, "Plant"));
	assert_null(plan_find_switch(&p, ""));
	assert_null(plan_find_switch(&p, NULL));

	plan_add_nic(&p);
	plan_add_nic(&p);
	plan_add_nic(&p);
	assert_int_equal(plan_nic_metric(&p, 0), 100);
	assert_int_equal(plan_nic_metric(&p, 2), 300);
	plan_nic_set_metric(&p.nics[1], 0);
	assert_int_equal(plan_nic_metric(&p, 1), 0);
	plan_nic_set_metric(&p.nics[2], PLAN_METRIC_MAX);
	assert_true(plan_nic_metric(&p, 2) == PLAN_METRIC_MAX);
}

struct name_case {
	int value;
	const char *name;
};

static void test_names(void **state)
{
	static const struct name_case profiles[] = {
		{ PROFILE_CLIENT, "client" }, { PROFILE_SERVER, "server" },
	};
	static const struct name_case types[] = {
		{ SWITCH_DEFAULT, "default" }, { SWITCH_INTERNAL, "internal" },
		{ SWITCH_EXTERNAL, "external" },
	};
	static const struct name_case modes[] = {
		{ IP_DHCP, "dhcp" }, { IP_STATIC, "static" },
	};
	static const struct name_case ext[] = {
		{ EXT_BRIDGE, "bridge" }, { EXT_MACVTAP, "macvtap" },
	};
	enum ext_mode em;

	(void)state;
	for (size_t i = 0; i < N_ELEM(profiles); i++) {
		assert_string_equal(plan_profile_name(profiles[i].value), profiles[i].name);
		assert_int_equal(plan_profile_parse(profiles[i].name), profiles[i].value);
	}
	for (size_t i = 0; i < N_ELEM(types); i++) {
		assert_string_equal(plan_switch_type_name(types[i].value), types[i].name);
		assert_int_equal(plan_switch_type_parse(types[i].name), types[i].value);
	}
	for (size_t i = 0; i < N_ELEM(modes); i++) {
		assert_string_equal(plan_ip_mode_name(modes[i].value), modes[i].name);
		assert_int_equal(plan_ip_mode_parse(modes[i].name), modes[i].value);
	}
	for (size_t i = 0; i < N_ELEM(ext); i++) {
		assert_string_equal(plan_ext_mode_name(ext[i].value), ext[i].name);
		assert_int_equal(plan_ext_mode_parse(ext[i].name, &em), 0);
		assert_int_equal(em, ext[i].value);
	}
	assert_null(plan_profile_name(PROFILE_UNSET));
	assert_null(plan_profile_name(PROFILE_COUNT));
	assert_null(plan_switch_type_name(SWITCH_UNSET));
	assert_null(plan_switch_type_name((enum switch_type)42));
	assert_null(plan_ip_mode_name(IP_UNSET));
	assert_null(plan_ip_mode_name((enum ip_mode)-1));
	assert_null(plan_ext_mode_name((enum ext_mode)7));
	assert_int_equal(plan_profile_parse("Client"), PROFILE_UNSET);
	assert_int_equal(plan_profile_parse(""), PROFILE_UNSET);
	assert_int_equal(plan_profile_parse(NULL), PROFILE_UNSET);
	assert_int_equal(plan_switch_type_parse("externel"), SWITCH_UNSET);
	assert_int_equal(plan_ip_mode_parse("dhcpv4"), IP_UNSET);
	em = EXT_MACVTAP;
	assert_int_equal(plan_ext_mode_parse("bridged", &em), -1);
	assert_int_equal(em, EXT_MACVTAP);
}

static void fill(struct plan *p)
{
	struct plan_switch *s;
	struct plan_nic *n;

	plan_init(p);
	p->profile = PROFILE_CLIENT;
	strcpy(p->domain, "edge-vm");
	s = plan_add_switch(p);
	strcpy(s->name, "default");
	s->type = SWITCH_DEFAULT;
	strcpy(s->address, "192.168.122.1/24");
	s->dhcp = true;
	strcpy(s->dhcp_start, "192.168.122.2");
	strcpy(s->dhcp_end, "192.168.122.254");
	s->nat = true;
	s = plan_add_switch(p);
	strcpy(s->name, "plant");
	s->type = SWITCH_EXTERNAL;
	strcpy(s->uplink, "enp2s0");
	strcpy(s->bridge, "br0");
	n = plan_add_nic(p);
	strcpy(n->name, "eth0");
	strcpy(n->switch_name, "plant");
	strcpy(n->mac, "52:54:00:12:34:56");
	n->primary = true;
	n->mode = IP_STATIC;
	strcpy(n->address, "10.0.0.10");
	plan_nic_set_prefix(n, 24);
	strcpy(n->gateway, "10.0.0.1");
	strcpy(n->dns[0], "10.0.0.1");
	strcpy(n->dns[1], "10.0.0.2");
	n->ndns = 2;
	strcpy(n->search[0], "plant.local");
	n->nsearch = 1;
	plan_nic_set_metric(n, 100);
}

typedef void (*mutator)(struct plan *p);

static void m_version(struct plan *p) { p->version = 2; }
static void m_profile(struct plan *p) { p->profile = PROFILE_SERVER; }
static void m_domain(struct plan *p) { strcpy(p->domain, "edge-vm2"); }
static void m_nswitches(struct plan *p) { plan_add_switch(p); }
static void m_nnics(struct plan *p) { plan_add_nic(p); }
static void m_sw_name(struct plan *p) { p->switches[1].name[0] = 'P'; }
static void m_sw_type(struct plan *p) { p->switches[1].type = SWITCH_INTERNAL; }
static void m_sw_uplink(struct plan *p) { strcpy(p->switches[1].uplink, "enp3s0"); }
static void m_sw_mode(struct plan *p) { p->switches[1].ext_mode = EXT_MACVTAP; }
static void m_sw_bridge(struct plan *p) { strcpy(p->switches[1].bridge, "br1"); }
static void m_sw_address(struct plan *p) { strcpy(p->switches[0].address, "10.1.1.1/24"); }
static void m_sw_dhcp(struct plan *p) { p->switches[0].dhcp = false; }
static void m_sw_start(struct plan *p) { strcpy(p->switches[0].dhcp_start, "192.168.122.3"); }
static void m_sw_end(struct plan *p) { strcpy(p->switches[0].dhcp_end, "192.168.122.253"); }
static void m_sw_nat(struct plan *p) { p->switches[0].nat = false; }
static void m_nic_name(struct plan *p) { strcpy(p->nics[0].name, "eth1"); }
static void m_nic_switch(struct plan *p) { strcpy(p->nics[0].switch_name, "default"); }
static void m_nic_mac(struct plan *p) { p->nics[0].mac[0] = '\0'; }
static void m_nic_primary(struct plan *p) { p->nics[0].primary = false; }
static void m_nic_mode(struct plan *p) { p->nics[0].mode = IP_DHCP; }
static void m_nic_address(struct plan *p) { strcpy(p->nics[0].address, "10.0.0.11"); }
static void m_nic_prefix(struct plan *p) { plan_nic_clear_prefix(&p->nics[0]); }
static void m_nic_gateway(struct plan *p) { strcpy(p->nics[0].gateway, "10.0.0.254"); }
static void m_nic_ndns(struct plan *p) { p->nics[0].ndns = 1; }
static void m_nic_dns(struct plan *p) { strcpy(p->nics[0].dns[1], "10.0.0.3"); }
static void m_nic_nsearch(struct plan *p) { p->nics[0].nsearch = 0; }
static void m_nic_search(struct plan *p) { strcpy(p->nics[0].search[0], "~plant.local"); }
static void m_nic_metric(struct plan *p) { plan_nic_set_metric(&p->nics[0], 101); }
static void m_nic_offline(struct plan *p) { p->nics[0].offline = true; }

static void test_equal_each_field(void **state)
{
	static const struct { const char *name; mutator m; } muts[] = {
		{ "version", m_version }, { "profile", m_profile },
		{ "domain", m_domain }, { "nswitches", m_nswitches },
		{ "nnics", m_nnics }, { "sw name", m_sw_name },
		{ "sw type", m_sw_type }, { "sw uplink", m_sw_uplink },
		{ "sw mode", m_sw_mode }, { "sw bridge", m_sw_bridge },
		{ "sw address", m_sw_address }, { "sw dhcp", m_sw_dhcp },
		{ "sw dhcp_start", m_sw_start }, { "sw dhcp_end", m_sw_end },
		{ "sw nat", m_sw_nat }, { "nic name", m_nic_name },
		{ "nic switch", m_nic_switch }, { "nic mac", m_nic_mac },
		{ "nic primary", m_nic_primary }, { "nic mode", m_nic_mode },
		{ "nic address", m_nic_address }, { "nic prefix", m_nic_prefix },
		{ "nic gateway", m_nic_gateway }, { "nic ndns", m_nic_ndns },
		{ "nic dns", m_nic_dns }, { "nic nsearch", m_nic_nsearch },
		{ "nic search", m_nic_search }, { "nic metric", m_nic_metric },
		{ "nic offline", m_nic_offline },
	};
	struct plan a, b;

	(void)state;
	fill(&a);
	fill(&b);
	assert_true(plan_equal(&a, &b));
	for (size_t i = 0; i < N_ELEM(muts); i++) {
		fill(&b);
		muts[i].m(&b);
		if (plan_equal(&a, &b) || plan_equal(&b, &a))
			fail_msg("changing %s went unnoticed", muts[i].name);
	}
}

static void test_equal_ignores_unused(void **state)
{
	struct plan a, b;

	(void)state;
	fill(&a);
	b = a;
	/* Past the counts: unused slots, DNS rows and string tails. */
	strcpy(b.nics[5].name, "junk");
	strcpy(b.switches[7].name, "junk");
	strcpy(b.nics[0].dns[5], "1.1.1.1");
	strcpy(b.nics[0].search[3], "junk.example");
	memset(b.domain + strlen(b.domain) + 1, 'x', 10);
	assert_true(plan_equal(&a, &b));
	/* A copy is a plain assignment. */
	a = b;
	assert_true(plan_equal(&a, &b));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_add_remove),
		cmocka_unit_test(test_find_and_metric),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_equal_each_field),
		cmocka_unit_test(test_equal_ignores_unused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
