/*
 * test_diag.c - the diagnostic list: adding, counting, finding by path
 * and under a path, clearing, and growth past the first allocation.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/diag.h"

#define N_ELEM(x) (sizeof(x) / sizeof((x)[0]))

static void test_add_and_count(void **state)
{
	struct diag_list l;

	(void)state;
	diag_list_init(&l);
	assert_int_equal(l.count, 0);
	assert_int_equal(diag_add(&l, DIAG_ERROR, "nics[0].ip.gateway",
				  "gateway %s is %d", "10.0.0.1", 7), 0);
	assert_int_equal(diag_add_line(&l, DIAG_WARNING, "nics[1]", 12,
				       "warn %s", "x"), 0);
	assert_int_equal(diag_add(&l, DIAG_ERROR, NULL, "whole plan"), 0);
	assert_int_equal(l.count, 3);
	assert_int_equal(diag_count(&l, DIAG_ERROR), 2);
	assert_int_equal(diag_count(&l, DIAG_WARNING), 1);
	assert_string_equal(l.items[0].message, "gateway 10.0.0.1 is 7");
	assert_int_equal(l.items[0].line, 0);
	assert_int_equal(l.items[1].line, 12);
	assert_string_equal(l.items[2].path, "");
	diag_list_free(&l);
	assert_int_equal(l.count, 0);
	assert_null(l.items);
}

static void test_long_path_and_message(void **state)
{
	struct diag_list l;
	char path[300], msg[5000];

	(void)state;
	memset(path, 'p', sizeof(path) - 1);
	path[sizeof(path) - 1] = '\0';
	memset(msg, 'm', sizeof(msg) - 1);
	msg[sizeof(msg) - 1] = '\0';
	diag_list_init(&l);
	assert_int_equal(diag_add(&l, DIAG_ERROR, path, "%s", msg), 0);
	assert_int_equal(strlen(l.items[0].path), DIAG_PATH_MAX - 1);
	assert_int_equal(strlen(l.items[0].message), sizeof(msg) - 1);
	diag_list_free(&l);
}

static void test_grow(void **state)
{
	struct diag_list l;

	(void)state;
	diag_list_init(&l);
	for (int i = 0; i < 1000; i++) {
		char p[32];

		snprintf(p, sizeof(p), "nics[%d]", i);
		assert_int_equal(diag_add(&l, i % 3 ? DIAG_ERROR : DIAG_WARNING,
					  p, "n=%d", i), 0);
	}
	assert_int_equal(l.count, 1000);
	assert_string_equal(diag_find(&l, "nics[999]")->message, "n=999");
	assert_int_equal(diag_count(&l, DIAG_WARNING), 334);
	diag_list_clear(&l);
	assert_int_equal(l.count, 0);
	assert_null(diag_find(&l, "nics[1]"));
	assert_int_equal(diag_add(&l, DIAG_ERROR, "x", "again"), 0);
	assert_int_equal(l.count, 1);
	diag_list_free(&l);
}

struct under_case {
	const char *query;
	const char *expect;	/* path of the first match, NULL for none */
};

static void test_find_under(void **state)
{
	static const char *const paths[] = {
		"nics[10].ip.address", "nics[1].ipx", "nics[1].ip.gateway",
		"switches[0]", "profile",
	};
	static const struct under_case cases[] = {
		{ "nics[1]", "nics[1].ipx" },
		{ "nics[1].ip", "nics[1].ip.gateway" },
		{ "nics[1].ip.gateway", "nics[1].ip.gateway" },
		{ "nics[10]", "nics[10].ip.address" },
		{ "nics", "nics[10].ip.address" },
		{ "nics[2]", NULL },
		{ "switches", "switches[0]" },
		{ "switches[0]", "switches[0]" },
		{ "switch", NULL },
		{ "prof", NULL },
		{ "profile", "profile" },
	};
	struct diag_list l;

	(void)state;
	diag_list_init(&l);
	for (size_t i = 0; i < N_ELEM(paths); i++)
		diag_add(&l, DIAG_ERROR, paths[i], "m%zu", i);
	for (size_t i = 0; i < N_ELEM(cases); i++) {
		const struct diag *d = diag_find_under(&l, cases[i].query);

		if (!cases[i].expect) {
			if (d)
				fail_msg("%s matched %s", cases[i].query, d->path);
			continue;
		}
		if (!d)
			fail_msg("%s matched nothing", cases[i].query);
		assert_string_equal(d->path, cases[i].expect);
	}
	assert_null(diag_find(&l, "nics[1].ip"));
	assert_non_null(diag_find(&l, "nics[1].ipx"));
	diag_list_free(&l);
}

/* A message and a path are stored escaped (textsafe): controls, DEL, C1
 * and bytes that are not UTF-8 as \xNN; everything else, UTF-8
 * included, stays. */
static void test_printable(void **state)
{
	struct diag_list l;

	(void)state;
	diag_list_init(&l);
	assert_int_equal(diag_add(&l, DIAG_ERROR, "nics[0].na\x1bme",
				  "name \"%s\" is bad", "br\x1b[2J0\t\x7f caf\xc3\xa9"
				  "\xc2\x9b\x9b\xff"), 0);
	assert_string_equal(l.items[0].message,
			    "name \"br\\x1b[2J0\\x09\\x7f caf\xc3\xa9"
			    "\\xc2\\x9b\\x9b\\xff\" is bad");
	assert_string_equal(l.items[0].path, "nics[0].na\\x1bme");
	/* a clean message is kept as it is */
	assert_int_equal(diag_add(&l, DIAG_WARNING, "vm", "plain \\ text"), 0);
	assert_string_equal(l.items[1].message, "plain \\ text");
	diag_list_free(&l);
}

static void test_severity_names(void **state)
{
	(void)state;
	assert_string_equal(diag_severity_name(DIAG_ERROR), "error");
	assert_string_equal(diag_severity_name(DIAG_WARNING), "warning");
}

/* A field the loader rejected is not reported again by validation;
 * other fields, and warnings, pass through. */
static void test_append_new(void **state)
{
	struct diag_list load, val;

	(void)state;
	diag_list_init(&load);
	diag_list_init(&val);
	diag_add_line(&load, DIAG_ERROR, "profile", 2, "profile 'srv' is not known");
	diag_add(&val, DIAG_ERROR, "profile", "the host profile is not set");
	diag_add(&val, DIAG_ERROR, "vm", "no VM is named");
	diag_add(&val, DIAG_WARNING, "nics[0].dns.servers", "no DNS");
	assert_int_equal(diag_list_append_new(&load, &val), 0);
	assert_int_equal(load.count, 3);
	assert_string_equal(load.items[0].message, "profile 'srv' is not known");
	assert_string_equal(load.items[1].path, "vm");
	assert_string_equal(load.items[2].path, "nics[0].dns.servers");
	assert_int_equal(load.items[2].severity, DIAG_WARNING);
	diag_list_free(&load);
	diag_list_free(&val);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_and_count),
		cmocka_unit_test(test_long_path_and_message),
		cmocka_unit_test(test_grow),
		cmocka_unit_test(test_find_under),
		cmocka_unit_test(test_printable),
		cmocka_unit_test(test_severity_names),
		cmocka_unit_test(test_append_new),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
