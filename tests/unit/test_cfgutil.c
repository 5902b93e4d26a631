/*
 * test_cfgutil.c - the libconfig helpers shared by the plan, the journal
 * and the state files (core/cfgutil.h): what each put writes or leaves
 * out, 32- and 64-bit integers as libconfig prints them, the header
 * before the text, and the lookups' absent and too-long cases.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/cfgutil.h"

static void test_puts_and_format(void **state)
{
	static const char rows[2][8] = { "a", "bc" };
	config_setting_t *root;
	config_t cfg;
	char *text;

	(void)state;
	config_init(&cfg);
	config_set_options(&cfg, CONFIG_OPTION_SEMICOLON_SEPARATORS);
	root = config_root_setting(&cfg);
	assert_int_equal(cfgutil_put_str(root, "s", "x"), 0);
	assert_int_equal(cfgutil_put_str(root, "empty", ""), 0);
	assert_int_equal(cfgutil_put_str(root, "none", NULL), 0);
	assert_int_equal(cfgutil_put_nonempty(root, "skipped", ""), 0);
	assert_int_equal(cfgutil_put_nonempty(root, "kept", "k"), 0);
	assert_int_equal(cfgutil_put_bool(root, "b", true), 0);
	assert_int_equal(cfgutil_put_int(root, "small", 42), 0);
	assert_int_equal(cfgutil_put_int(root, "big", 4294967296LL), 0);
	assert_int_equal(cfgutil_put_int64(root, "wide", 1), 0);
	assert_int_equal(cfgutil_put_strings(root, "rows", &rows[0][0], 2,
					     sizeof(rows[0])), 0);
	assert_int_equal(cfgutil_put_strings(root, "norows", NULL, 0, 8), 0);
	assert_int_equal(cfgutil_put_str(root, "s", "again"), -1);
	text = cfgutil_format(&cfg, "# head\n");
	assert_non_null(text);
	assert_string_equal(text, "# head\n"
			    "s = \"x\";\n"
			    "empty = \"\";\n"
			    "kept = \"k\";\n"
			    "b = true;\n"
			    "small = 42;\n"
			    "big = 4294967296L;\n"
			    "wide = 1L;\n"
			    "rows = [ \"a\", \"bc\" ];\n");
	free(text);
	config_destroy(&cfg);
}

static void test_gets(void **state)
{
	config_setting_t *root;
	char small[3], out[16];
	config_t cfg;
	char *dup;

	(void)state;
	config_init(&cfg);
	root = config_root_setting(&cfg);
	assert_int_equal(cfgutil_put_str(root, "s", "abc"), 0);
	assert_int_equal(cfgutil_put_bool(root, "b", true), 0);
	assert_int_equal(cfgutil_get_str(root, "s", out, sizeof(out)), 0);
	assert_string_equal(out, "abc");
	assert_int_equal(cfgutil_get_str(root, "absent", out, sizeof(out)), 0);
	assert_string_equal(out, "");
	strcpy(small, "zz");
	assert_int_equal(cfgutil_get_str(root, "s", small, sizeof(small)), -1);
	assert_string_equal(small, "zz");	/* unchanged */
	assert_int_equal(cfgutil_get_dup(root, "s", &dup), 0);
	assert_string_equal(dup, "abc");
	free(dup);
	assert_int_equal(cfgutil_get_dup(root, "absent", &dup), 0);
	assert_null(dup);
	assert_true(cfgutil_get_bool(root, "b"));
	assert_false(cfgutil_get_bool(root, "s"));
	assert_false(cfgutil_get_bool(root, "absent"));
	config_destroy(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_puts_and_format),
		cmocka_unit_test(test_gets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
