/*
 * test_err.c - errf (core/err.h), the one way an error sentence is
 * written: whole when it fits, escaped, cut with "..." when the format or
 * the escaping does not fit (never a cut message that looks whole), ERR
 * as one of its own arguments, and no buffer at all.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/err.h"

static void test_fits(void **state)
{
	char e[32];

	(void)state;
	errf(e, sizeof(e), "bad %s: %d", "prefix", 33);
	assert_string_equal(e, "bad prefix: 33");
	/* exactly the room there is: whole, no mark */
	errf(e, 8, "%s", "1234567");
	assert_string_equal(e, "1234567");
}

static void test_cut_by_format(void **state)
{
	char e[16], big[600];

	(void)state;
	errf(e, sizeof(e), "%s", "a sentence longer than sixteen bytes");
	assert_int_equal(strlen(e), 15);
	assert_string_equal(e + strlen(e) - 3, "...");
	assert_memory_equal(e, "a sentence ", 11);
	/* longer than errf's own first buffer too */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	errf(e, sizeof(e), "cannot read %s", big);
	assert_string_equal(e, "cannot read ...");
	errf(e, 8, "%s", "12345678");
	assert_string_equal(e, "1234...");
}

static void test_escaped(void **state)
{
	char e[64];

	(void)state;
	errf(e, sizeof(e), "name '%s'", "a\033[2Jb");
	assert_null(strchr(e, '\033'));
	assert_non_null(strstr(e, "\\x1b"));
	/* the escaping makes it longer than the buffer: cut and marked */
	errf(e, 12, "%s", "\001\002\003\004");
	assert_string_equal(e + strlen(e) - 3, "...");
	assert_true(strlen(e) < 12);
}

static void test_self_and_none(void **state)
{
	char e[32];

	(void)state;
	errf(e, sizeof(e), "%s", "inner");
	errf(e, sizeof(e), "outer: %s", e);
	assert_string_equal(e, "outer: inner");
	errf(NULL, 10, "%s", "nowhere");
	errf(e, 0, "%s", "nowhere");
	assert_string_equal(e, "outer: inner");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fits),
		cmocka_unit_test(test_cut_by_format),
		cmocka_unit_test(test_escaped),
		cmocka_unit_test(test_self_and_none),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
