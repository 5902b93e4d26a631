/*
 * test_str.c - str_copy (core/str.h), the one copy into a fixed-size
 * buffer: whole, cut to fit and said so, NULL as "", a zero size, and an
 * overlapping source; str_path, a path whole or an error naming its
 * start.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/err.h"
#include "core/str.h"

static void test_fits(void **state)
{
	char b[6];

	(void)state;
	assert_true(str_copy(b, sizeof(b), "abcde"));
	assert_string_equal(b, "abcde");
	assert_true(str_copy(b, sizeof(b), ""));
	assert_string_equal(b, "");
	memset(b, 'x', sizeof(b));
	assert_true(str_copy(b, sizeof(b), NULL));
	assert_string_equal(b, "");
}

static void test_cut(void **state)
{
	char b[6], one[1] = { 'x' };

	(void)state;
	assert_false(str_copy(b, sizeof(b), "abcdef"));
	assert_string_equal(b, "abcde");
	assert_false(str_copy(b, sizeof(b), "a very long text"));
	assert_string_equal(b, "a ver");
	assert_false(str_copy(one, sizeof(one), "a"));
	assert_int_equal(one[0], '\0');
	assert_false(str_copy(one, 0, "a"));	/* nothing written */
	assert_int_equal(one[0], '\0');
}

static void test_overlap(void **state)
{
	char b[16] = "hello world";

	(void)state;
	assert_true(str_copy(b, sizeof(b), b + 6));
	assert_string_equal(b, "world");
}

/* Whole or not at all: a value that does not fit leaves DST as it was. */
static void test_whole(void **state)
{
	char b[6] = "keep";

	(void)state;
	assert_int_equal(str_copy_whole(b, sizeof(b), "abcdef"), -1);
	assert_string_equal(b, "keep");
	assert_int_equal(str_copy_whole(b, sizeof(b), "abcde"), 0);
	assert_string_equal(b, "abcde");
	assert_int_equal(str_copy_whole(b, sizeof(b), NULL), 0);
	assert_string_equal(b, "");
	assert_int_equal(str_copy_span(b, sizeof(b), "  xyz  ", 5), 0);
	assert_string_equal(b, "  xyz");
	assert_int_equal(str_copy_span(b, sizeof(b), "123456", 6), -1);
	assert_string_equal(b, "  xyz");
	assert_int_equal(str_copy_whole(b, 0, ""), -1);
}

/* str_path: a path that fits, one that does not (an error naming its
 * start, never a cut path taken for whole), no room at all. */
static void test_path(void **state)
{
	char p[16], err[ERR_MAX] = "", long_dir[200];

	(void)state;
	assert_int_equal(str_path(p, sizeof(p), err, sizeof(err), "%s/%s",
				  "/var", "lib"), 0);
	assert_string_equal(p, "/var/lib");
	assert_string_equal(err, "");
	/* exactly LEN - 1 bytes fit */
	assert_int_equal(str_path(p, sizeof(p), err, sizeof(err), "%s",
				  "/123456789abcde"), 0);
	assert_string_equal(p, "/123456789abcde");

	assert_int_equal(str_path(p, sizeof(p), err, sizeof(err), "%s/%s",
				  "/var/lib/edgenet", "journal"), -1);
	assert_string_equal(err, "the path '/var/lib/edgene...' is too long "
			    "(24 bytes, at most 15)");
	/* the error quotes the start of a long path, not all of it */
	memset(long_dir, 'd', sizeof(long_dir) - 1);
	long_dir[sizeof(long_dir) - 1] = '\0';
	{
		char big[128];

		assert_int_equal(str_path(big, sizeof(big), err, sizeof(err),
					  "/%s", long_dir), -1);
		assert_non_null(strstr(err, "is too long (200 bytes, at most "
				       "127)"));
		assert_true(strlen(err) < 160);
	}
	/* no error buffer, no room */
	assert_int_equal(str_path(p, sizeof(p), NULL, 0, "%s",
				  "/a/path/longer/than/sixteen"), -1);
	assert_int_equal(str_path(p, 0, err, sizeof(err), "/x"), -1);
	assert_string_equal(err, "no room for a path");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fits),
		cmocka_unit_test(test_cut),
		cmocka_unit_test(test_overlap),
		cmocka_unit_test(test_whole),
		cmocka_unit_test(test_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
