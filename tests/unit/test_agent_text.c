/*
 * test_agent_text.c - unit tests of src/core/agent_text.c: the base64
 * codec (vectors, round trips, every invalid form), UTF-8 validity, the
 * path check and the record start of a directory listing.
 * Pure: strings in memory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/agent_text.h"

#define S(x) x, strlen(x)

/* ------------------------------------------------------------- base64 -- */

static void test_b64_vectors(void **state)
{
	static const char *const plain[] = { "", "f", "fo", "foo", "foob",
					     "fooba", "foobar" };
	static const char *const enc[] = { "", "Zg==", "Zm8=", "Zm9v",
					   "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy" };

	(void)state;
	for (size_t i = 0; i < 7; i++) {
		char *e = agent_b64_encode(plain[i], strlen(plain[i]));
		unsigned char *d;
		size_t n;
		char err[128];

		assert_string_equal(e, enc[i]);
		free(e);
		assert_int_equal(agent_b64_decode(S(enc[i]), 100, &d, &n, err,
						  sizeof(err)), 0);
		assert_int_equal(n, strlen(plain[i]));
		assert_memory_equal(d, plain[i], n);
		assert_int_equal(d[n], '\0');
		free(d);
	}
}

static void test_b64_round_trip(void **state)
{
	unsigned char buf[600];
	char err[128];

	(void)state;
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)(i * 7 + (i >> 8));
	for (size_t len = 0; len <= sizeof(buf); len += (len < 20 ? 1 : 37)) {
		char *e = agent_b64_encode(buf, len);
		unsigned char *d;
		size_t n;

		assert_non_null(e);
		assert_int_equal(strlen(e) % 4, 0);
		assert_int_equal(agent_b64_decode(e, strlen(e), len, &d, &n,
						  err, sizeof(err)), 0);
		assert_int_equal(n, len);
		assert_memory_equal(d, buf, len);
		free(d);
		free(e);
	}
}

static void test_b64_invalid(void **state)
{
	static const struct {
		const char *in;
		const char *why;
	} bad[] = {
		{ "Zg=", "multiple of 4" },
		{ "Zm9", "multiple of 4" },
		{ "Z", "multiple of 4" },
		{ "Zm9v\n", "multiple of 4" },
		{ "Zm 9", "invalid character" },
		{ "Zm9\n", "invalid character" },
		{ "Zm-v", "invalid character" },
		{ "Zm_v", "invalid character" },
		{ "Z===", "invalid character" },
		{ "====", "invalid character" },
		{ "Zg==Zg==", "invalid character" },
		{ "Z=g=", "invalid character" },
		{ "Zm=v", "invalid character" },
		{ "Zh==", "not canonical" },
		{ "Zm9=", "not canonical" },
		{ "QR==", "not canonical" },
	};
	unsigned char *d = (unsigned char *)"x";
	size_t n = 9;
	char err[128];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(agent_b64_decode(S(bad[i].in), 100, &d, &n,
						  err, sizeof(err)), -1);
		assert_null(d);
		assert_int_equal(n, 0);
		if (!strstr(err, bad[i].why))
			fail_msg("'%s': '%s' lacks '%s'", bad[i].in, err,
				 bad[i].why);
	}
	/* An embedded NUL is an invalid character, not an end. */
	assert_int_equal(agent_b64_decode("Zm\0v", 4, 100, &d, &n, err,
					  sizeof(err)), -1);
	/* Bounded by MAX. */
	assert_int_equal(agent_b64_decode(S("Zm9vYmFy"), 5, &d, &n, err,
					  sizeof(err)), -1);
	assert_non_null(strstr(err, "more than the 5"));
	assert_int_equal(agent_b64_decode(S("Zm9vYmFy"), 6, &d, &n, err,
					  sizeof(err)), 0);
	free(d);
}

/* ------------------------------------------------------ text and paths -- */

static void test_utf8(void **state)
{
	(void)state;
	assert_true(agent_utf8_ok(S("plain ascii")));
	assert_true(agent_utf8_ok(S("gr\xc3\xbc\xc3\x9f \xe2\x82\xac \xf0\x9f\x98\x80")));
	assert_false(agent_utf8_ok(S("\xc0\x80")));		/* overlong */
	assert_false(agent_utf8_ok(S("\xe0\x80\xaf")));		/* overlong */
	assert_false(agent_utf8_ok(S("\xed\xa0\x80")));		/* surrogate */
	assert_false(agent_utf8_ok(S("\xf4\x90\x80\x80")));	/* > U+10FFFF */
	assert_false(agent_utf8_ok(S("\xe2\x82")));		/* cut */
	assert_false(agent_utf8_ok(S("\x80")));
	assert_false(agent_utf8_ok(S("\xff")));
}

static void test_path_ok(void **state)
{
	char err[256];

	(void)state;
	assert_int_equal(agent_path_ok("/etc/systemd/network/05-a.network",
				       err, sizeof(err)), 0);
	assert_int_equal(agent_path_ok("/", err, sizeof(err)), 0);
	assert_int_equal(agent_path_ok("/we\"ird \\ n\xc3\xa4me", err,
				       sizeof(err)), 0);
	assert_int_equal(agent_path_ok("etc/x", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not absolute"));
	assert_int_equal(agent_path_ok("", err, sizeof(err)), -1);
	assert_int_equal(agent_path_ok(NULL, err, sizeof(err)), -1);
	assert_int_equal(agent_path_ok("/etc/a\nb", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "control"));
	assert_int_equal(agent_path_ok("/etc/\xff", err, sizeof(err)), -1);
	assert_int_equal(agent_path_ok("/etc/", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "directory"));
	{
		char longp[4200];

		memset(longp, 'a', sizeof(longp) - 1);
		longp[0] = '/';
		longp[sizeof(longp) - 1] = '\0';
		assert_int_equal(agent_path_ok(longp, err, sizeof(err)), -1);
		assert_non_null(strstr(err, "4095"));
	}
}

static void test_list_start(void **state)
{
	static const char *const cases[][2] = {
		{ "/etc/x", "/etc/x/" }, { "/etc/x/", "/etc/x/" },
		{ "/etc/x///", "/etc/x/" }, { "/", "/" }, { "//", "/" },
	};

	(void)state;
	for (size_t i = 0; i < 5; i++) {
		char *s = agent_list_start(cases[i][0]);

		assert_string_equal(s, cases[i][1]);
		free(s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_b64_vectors),
		cmocka_unit_test(test_b64_round_trip),
		cmocka_unit_test(test_b64_invalid),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_path_ok),
		cmocka_unit_test(test_list_start),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
