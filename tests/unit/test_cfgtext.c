/*
 * test_cfgtext.c - the one reader of libconfig text (core/cfgtext.h):
 * what libconfig is given (every decimal and hex integer made 64-bit,
 * nothing inside strings or comments touched, no line moved), include
 * directives refused with their line, and exact integers read back
 * through libconfig in every form.  Random text never loses or moves a
 * line and differs only by the inserted "L"s.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cfgtext.h"

#define N_ELEM(x) (sizeof(x) / sizeof((x)[0]))

/* libconfig 1.5 leaks a string buffer on some syntax errors. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libconfig.so\n";
}

static void test_prepare(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "x = 5;", "x = 5L;\n" },
		{ "x = -5; y = +5;\n", "x = -5L; y = +5L;\n" },
		{ "x = 5L; y = 5LL;\n", "x = 5L; y = 5LL;\n" },
		{ "x = 0x1F; y = 0X1fL;\n", "x = 0x1FL; y = 0X1fL;\n" },
		{ "x = 1.5; y = .5; z = 1e5; w = 5.;\n",
		  "x = 1.5; y = .5; z = 1e5; w = 5.;\n" },
		{ "x = \"5 6 \\\" 7\"; # 8\n// 9\n/* 10\n11 */ y = 12;\n",
		  "x = \"5 6 \\\" 7\"; # 8\n// 9\n/* 10\n11 */ y = 12L;\n" },
		{ "eth0 = [1, 2];\nx-5 = 3;\n", "eth0 = [1L, 2L];\nx-5 = 3L;\n" },
		{ "x = 99999999999999999999;\n", "x = 99999999999999999999L;\n" },
		{ "x = 5 # no newline at the end", "x = 5L # no newline at the end\n" },
		{ "", "\n" },
		{ "\xef\xbb\xbfx = 5;\n", "x = 5L;\n" },	/* a BOM: left out */
		{ "x = \"\xef\xbb\xbf\";\n", "x = \"\xef\xbb\xbf\";\n" },
	};

	(void)state;
	for (size_t i = 0; i < N_ELEM(cases); i++) {
		struct cfgtext_error e;
		char *got = cfgtext_prepare(cases[i].in, strlen(cases[i].in), &e);

		assert_non_null(got);
		if (strcmp(got, cases[i].out) != 0)
			fail_msg("'%s' became '%s', want '%s'", cases[i].in, got,
				 cases[i].out);
		free(got);
	}
}

/* What the reader refuses before libconfig sees it, with its line:
 * include directives (libconfig honours them at the start of a line,
 * after other settings too), and "\x00" in a string (libconfig would
 * drop the character, so the value read would not be the one written).
 * The same words inside a comment or a string, a backslash followed by
 * "x00", and other escapes pass. */
static void test_refused(void **state)
{
	static const char inc[] = "\"@include\" is not allowed";
	static const char nul[] = "NUL character";
	static const struct {
		const char *text;
		int line;		/* 0: accepted */
		const char *says;
	} cases[] = {
		{ "@include \"x\"\n", 1, inc },
		{ "a = 1;\n\n  \t@include \"x\"\n", 3, inc },
		{ "a = 1; @include \"x\"\n", 1, inc },
		{ "/* one\ntwo */\n@include\n", 3, inc },
		{ "a = \"\n@include \\\"x\\\"\";\n", 0, NULL },
		{ "# @include \"x\"\n", 0, NULL },
		{ "/*\n@include \"x\"\n*/\n", 0, NULL },
		{ "vm = \"edge-\\x00vm\";\n", 1, nul },
		{ "a = 1;\nvm = \"\\x00\";\n", 2, nul },
		{ "vm = \"a\\\\x00\";\n", 0, NULL },	/* a backslash, then x00 */
		{ "vm = \"edge-\\x41\";\n", 0, NULL },
		{ "# \"\\x00\"\nvm = \"a\";\n", 0, NULL },
	};

	(void)state;
	for (size_t i = 0; i < N_ELEM(cases); i++) {
		struct cfgtext_error e = { 0, "" };
		char *got = cfgtext_prepare(cases[i].text, strlen(cases[i].text),
					    &e);

		if (cases[i].line) {
			assert_null(got);
			assert_int_equal(e.line, cases[i].line);
			assert_non_null(strstr(e.msg, cases[i].says));
		} else {
			assert_non_null(got);
		}
		free(got);
	}
}

static void test_exact_integers(void **state)
{
	static const struct {
		const char *value;
		enum cfgtext_int st;
		long long v;
	} cases[] = {
		{ "0", CFGTEXT_INT_OK, 0 },
		{ "2147483648", CFGTEXT_INT_OK, 2147483648LL },
		{ "4294967296", CFGTEXT_INT_OK, 4294967296LL },
		{ "-2147483649", CFGTEXT_INT_OK, -2147483649LL },
		{ "/* 1 */\n9223372036854775806", CFGTEXT_INT_OK, LLONG_MAX - 1 },
		{ "-9223372036854775807", CFGTEXT_INT_OK, LLONG_MIN + 1 },
		{ "9223372036854775807", CFGTEXT_INT_HUGE, 0 },
		{ "99999999999999999999", CFGTEXT_INT_HUGE, 0 },
		{ "-99999999999999999999L", CFGTEXT_INT_HUGE, 0 },
		{ "0x10", CFGTEXT_INT_HEX, 0 },
		{ "0xFFFFFFFFL", CFGTEXT_INT_HEX, 0 },
		{ "\"5\"", CFGTEXT_INT_NOT_INT, 0 },
		{ "5.0", CFGTEXT_INT_NOT_INT, 0 },
		{ "true", CFGTEXT_INT_NOT_INT, 0 },
	};

	(void)state;
	for (size_t i = 0; i < N_ELEM(cases); i++) {
		char text[128];
		struct cfgtext_error e;
		config_t cfg;
		long long v = 0;
		enum cfgtext_int st;

		snprintf(text, sizeof(text), "x = %s;\n", cases[i].value);
		assert_int_equal(cfgtext_read_text(&cfg, text, strlen(text), &e),
				 CFGTEXT_OK);
		st = cfgtext_int(config_lookup(&cfg, "x"), &v);
		if (st != cases[i].st || (st == CFGTEXT_INT_OK && v != cases[i].v))
			fail_msg("x = %s: status %d value %lld", cases[i].value,
				 (int)st, v);
		config_destroy(&cfg);
	}
	assert_int_equal(cfgtext_int(NULL, NULL), CFGTEXT_INT_NOT_INT);
}

/* Random text: the prepared text has the same lines, and with every
 * inserted "L" taken out it is the text itself (plus a final newline). */
static void test_random_text(void **state)
{
	static const char alphabet[] = "0123456789xXLl.eE+-\"\\#/*\n ;=@abc";
	unsigned seed = 4242;

	(void)state;
	for (int round = 0; round < 2000; round++) {
		char in[200], back[500];
		struct cfgtext_error e;
		size_t n, k = 0, lin = 0, lout = 0;
		char *out;

		seed = seed * 1103515245u + 12345u;
		n = 1 + (seed >> 8) % (sizeof(in) - 1);
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			in[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		in[n] = '\0';
		out = cfgtext_prepare(in, n, &e);
		if (!out) {
			/* the two refusals: a directive, a "\x00" escape */
			assert_true(strstr(in, "@include") ||
				    strstr(in, "\\x00") || strstr(in, "\\X00"));
			continue;
		}
		for (size_t i = 0; i < n; i++)
			lin += in[i] == '\n';
		for (const char *p = out; *p; p++)
			lout += *p == '\n';
		assert_true(lout == lin || lout == lin + 1);
		/* drop each L that is not in the input at that place */
		for (size_t i = 0, j = 0; out[j]; j++) {
			if (i < n && out[j] == in[i]) {
				back[k++] = out[j];
				i++;
			} else {
				assert_true(out[j] == 'L' || (out[j] == '\n' &&
							      i == n));
			}
		}
		back[k] = '\0';
		assert_memory_equal(back, in, n);
		free(out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prepare),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_exact_integers),
		cmocka_unit_test(test_random_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
