/*
 * test_typed.c - recognising values typed the way other tools write them
 * (src/core/typed.c): table rows of what is taken and what is left for
 * plan_validate to refuse.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/typed.h"

#define N_ELEM(x) (sizeof(x) / sizeof((x)[0]))

static void test_mac(void **state)
{
	static const struct { const char *in, *out; } rows[] = {
		{ "52:54:00:12:34:56", "52:54:00:12:34:56" },
		{ "52-54-00-12-34-56", "52:54:00:12:34:56" },	/* Windows */
		{ "52-54-00-AB-CD-EF", "52:54:00:ab:cd:ef" },
		{ "52:54:00:AB:CD:EF", "52:54:00:ab:cd:ef" },
		{ "525400123456", "52:54:00:12:34:56" },	/* no separator */
		{ "525400ABCDEF", "52:54:00:ab:cd:ef" },
		{ "52540012345", NULL },	/* eleven digits */
		{ "5254001234567", NULL },	/* thirteen */
		{ "52540012345g", NULL },
		{ "5254 0012 34", NULL },
		{ "52-54-00:12:34:56", NULL },	/* mixed separators */
		{ "52.54.00.12.34.56", NULL },
		{ "5254.0012.3456", NULL },	/* Cisco style: not taken */
		{ "52:54:00:12:34:5", NULL },
		{ "52:54:00:12:34:5g", NULL },
		{ "", NULL },
	};
	char out[MAC_STRLEN];

	(void)state;
	for (size_t i = 0; i < N_ELEM(rows); i++) {
		bool ok = typed_mac(rows[i].in, out);

		if (ok != (rows[i].out != NULL))
			fail_msg("typed_mac(\"%s\") said %d", rows[i].in, ok);
		if (ok)
			assert_string_equal(out, rows[i].out);
	}
}

static void test_prefix(void **state)
{
	static const struct { const char *in; int pfx; bool mask; } rows[] = {
		{ "24", 24, false },
		{ "0", 0, false },
		{ "32", 32, false },
		{ "255.255.255.0", 24, true },
		{ "255.255.0.0", 16, true },
		{ "255.255.255.252", 30, true },
		{ "0.0.0.0", 0, true },
		{ "255.255.255.255", 32, true },
		{ "33", -1, false },
		{ "2x", -1, false },
		{ "024", -1, false },
		{ "255.0.255.0", -1, false },	/* not contiguous */
		{ "255.255.255", -1, false },
		{ "/24", -1, false },
		{ "", -1, false },
	};

	(void)state;
	for (size_t i = 0; i < N_ELEM(rows); i++) {
		int pfx = -7;
		bool mask = true;
		bool ok = typed_prefix(rows[i].in, &pfx, &mask);

		if (ok != (rows[i].pfx >= 0))
			fail_msg("typed_prefix(\"%s\") said %d", rows[i].in, ok);
		if (!ok)
			continue;
		assert_int_equal(pfx, rows[i].pfx);
		assert_int_equal(mask, rows[i].mask);
	}
}

static void test_cidr(void **state)
{
	char addr[16];
	int pfx = -1;

	(void)state;
	assert_true(typed_cidr("172.20.0.10/24", addr, sizeof(addr), &pfx));
	assert_string_equal(addr, "172.20.0.10");
	assert_int_equal(pfx, 24);
	assert_false(typed_cidr("172.20.0.10", addr, sizeof(addr), &pfx));
	assert_false(typed_cidr("172.20.0.10/", addr, sizeof(addr), &pfx));
	assert_false(typed_cidr("172.20.0.10/33", addr, sizeof(addr), &pfx));
	assert_false(typed_cidr("172.20.0/24", addr, sizeof(addr), &pfx));
	assert_false(typed_cidr("172.20.0.10/24", addr, 8, &pfx));
}

static void test_netmask(void **state)
{
	char buf[16];

	(void)state;
	assert_string_equal(typed_netmask(16, buf), "255.255.0.0");
	assert_string_equal(typed_netmask(24, buf), "255.255.255.0");
	assert_string_equal(typed_netmask(0, buf), "0.0.0.0");
	assert_string_equal(typed_netmask(33, buf), "");
	assert_string_equal(typed_netmask(-1, buf), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mac),
		cmocka_unit_test(test_prefix),
		cmocka_unit_test(test_cidr),
		cmocka_unit_test(test_netmask),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
