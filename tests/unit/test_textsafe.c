/*
 * test_textsafe.c - the one escaping path (core/textsafe.h): every class
 * of byte (C0, DEL, C1 as UTF-8, stray continuation, bytes that never
 * start UTF-8), the boundaries of UTF-8 (overlong, surrogates, above
 * U+10FFFF, cut short), idempotence, cutting at a whole unit, columns,
 * the sbuf variant and the JSON writer (valid UTF-8, \u00XX controls).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/sbuf.h"
#include "core/textsafe.h"

#define N_ELEM(x) (sizeof(x) / sizeof((x)[0]))

static void expect(const char *in, const char *want)
{
	char buf[256];
	size_t need = textsafe(buf, sizeof(buf), in);

	if (strcmp(buf, want) != 0)
		fail_msg("escaped \"%s\", want \"%s\"", buf, want);
	assert_int_equal(need, strlen(want));
}

/* Every C0 control (\n, \r, \t and ESC too) and DEL, as \xNN. */
static void test_c0_del(void **state)
{
	char in[2] = { 0, 0 }, want[8];

	(void)state;
	for (int c = 1; c < 0x20; c++) {
		in[0] = (char)c;
		snprintf(want, sizeof(want), "\\x%02x", c);
		expect(in, want);
	}
	expect("\x7f", "\\x7f");
	expect("a\nb\r\tc\x1b[2J", "a\\x0ab\\x0d\\x09c\\x1b[2J");
}

/* Printable ASCII, the backslash included, passes unchanged. */
static void test_ascii(void **state)
{
	char in[2] = { 0, 0 };

	(void)state;
	for (int c = 0x20; c < 0x7f; c++) {
		in[0] = (char)c;
		expect(in, in);
	}
	expect("plain \\x1b text", "plain \\x1b text");
}

/* C1 controls U+0080..U+009F in UTF-8 (C2 80..C2 9F): both bytes; the
 * first character after them (U+00A0) passes. */
static void test_c1(void **state)
{
	char in[3] = { (char)0xc2, 0, 0 }, want[16];

	(void)state;
	for (int c = 0x80; c <= 0x9f; c++) {
		in[1] = (char)c;
		snprintf(want, sizeof(want), "\\xc2\\x%02x", c);
		expect(in, want);
	}
	expect("\xc2\xa0", "\xc2\xa0");
	expect("\xc2\x9b" "31m", "\\xc2\\x9b31m");
}

/* Stray continuation bytes (a raw 0x9b CSI included) and bytes that
 * never start UTF-8: C0, C1, F5..FF. */
static void test_invalid_bytes(void **state)
{
	char in[2] = { 0, 0 }, want[8];

	(void)state;
	for (int c = 0x80; c <= 0xbf; c++) {
		in[0] = (char)c;
		snprintf(want, sizeof(want), "\\x%02x", c);
		expect(in, want);
	}
	for (int c = 0xc0; c <= 0xff; c++) {
		if (c >= 0xc2 && c <= 0xf4)
			continue;
		in[0] = (char)c;
		snprintf(want, sizeof(want), "\\x%02x", c);
		expect(in, want);
	}
	expect("\x9b" "2J", "\\x9b2J");
}

/* The edges of UTF-8: the first and last valid character of each
 * length, and what lies just beyond. */
static void test_utf8_boundaries(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "\xc2\xa0", "\xc2\xa0" },			/* U+00A0 */
		{ "\xdf\xbf", "\xdf\xbf" },			/* U+07FF */
		{ "\xc1\xbf", "\\xc1\\xbf" },			/* overlong */
		{ "\xe0\xa0\x80", "\xe0\xa0\x80" },		/* U+0800 */
		{ "\xe0\x9f\xbf", "\\xe0\\x9f\\xbf" },		/* overlong */
		{ "\xed\x9f\xbf", "\xed\x9f\xbf" },		/* U+D7FF */
		{ "\xed\xa0\x80", "\\xed\\xa0\\x80" },		/* surrogate */
		{ "\xed\xbf\xbf", "\\xed\\xbf\\xbf" },		/* surrogate */
		{ "\xee\x80\x80", "\xee\x80\x80" },		/* U+E000 */
		{ "\xef\xbf\xbf", "\xef\xbf\xbf" },		/* U+FFFF */
		{ "\xf0\x8f\xbf\xbf", "\\xf0\\x8f\\xbf\\xbf" },	/* overlong */
		{ "\xf0\x90\x80\x80", "\xf0\x90\x80\x80" },	/* U+10000 */
		{ "\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf" },	/* U+10FFFF */
		{ "\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80" },	/* > U+10FFFF */
		{ "\xe2\x82", "\\xe2\\x82" },			/* cut short */
		{ "\xe2\x82" "A", "\\xe2\\x82A" },		/* cut by ASCII */
		{ "\xf0\x9f\x98", "\\xf0\\x9f\\x98" },		/* cut short */
		{ "caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80",
		  "caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80" },
	};

	(void)state;
	for (size_t i = 0; i < N_ELEM(cases); i++)
		expect(cases[i].in, cases[i].want);
}

/* Escaping escaped text changes nothing (a text may be escaped where it
 * is made and again where it is shown). */
/* Characters shown as nothing, or that reorder or break what follows:
 * each of their bytes escaped; their neighbours in the same blocks pass. */
static void test_invisible(void **state)
{
	static const char *const hidden[] = {
		"\xe2\x80\x8b", "\xe2\x80\x8f", "\xe2\x80\xa8",
		"\xe2\x80\xae", "\xe2\x81\xa0", "\xe2\x81\xa4",
		"\xe2\x81\xa6", "\xe2\x81\xa9", "\xef\xbb\xbf",
		"\xd8\x9c",
	};
	static const char *const shown[] = {
		"\xe2\x80\x94", "\xe2\x80\xa2", "\xe2\x80\xb0",
		"\xe2\x82\xac", "\xef\xbb\xbe", "\xd8\xa7",
	};

	(void)state;
	for (size_t i = 0; i < N_ELEM(hidden); i++) {
		char want[32] = "", *w = want;

		for (const unsigned char *p = (const unsigned char *)hidden[i];
		     *p; p++)
			w += sprintf(w, "\\x%02x", *p);
		expect(hidden[i], want);
	}
	for (size_t i = 0; i < N_ELEM(shown); i++)
		expect(shown[i], shown[i]);
	expect("eth\xe2\x80\x8b" "0", "eth\\xe2\\x80\\x8b0");
}

static void test_idempotent(void **state)
{
	const char *in = "\x1b]0;t\x07 \xc2\x9b \x9b \xff caf\xc3\xa9 \\x1b";
	char once[256], twice[256];

	(void)state;
	textsafe(once, sizeof(once), in);
	textsafe(twice, sizeof(twice), once);
	assert_string_equal(once, twice);
	assert_true(textsafe_clean(once));
	assert_false(textsafe_clean(in));
	assert_true(textsafe_clean(""));
}

/* A short buffer is cut after the last whole unit: never half an escape
 * or half a character; the return value sizes the whole. */
static void test_cut(void **state)
{
	char buf[8];

	(void)state;
	assert_int_equal(textsafe(buf, sizeof(buf), "ab\x1b" "cd"), 8);
	assert_string_equal(buf, "ab\\x1bc");
	assert_int_equal(textsafe(buf, 6, "ab\x1b" "cd"), 8);
	assert_string_equal(buf, "ab");
	assert_int_equal(textsafe(buf, 4, "a\xe2\x80\x94"), 4);
	assert_string_equal(buf, "a");
	assert_int_equal(textsafe(NULL, 0, "\x01"), 4);
	/* textsafe_buf shows the cut */
	textsafe_buf(buf, sizeof(buf), "abcdefghij");
	assert_string_equal(buf, "abcd...");
	textsafe_buf(buf, sizeof(buf), "a\x1b" "bcdefg");
	assert_string_equal(buf, "a...");
	/* textsafe_n stops at N bytes or at the NUL */
	assert_int_equal(textsafe_n(buf, sizeof(buf), "\x1b" "abc", 2), 5);
	assert_string_equal(buf, "\\x1ba");
}

/* Columns: one per character, four per escaped byte. */
static void test_cols(void **state)
{
	(void)state;
	assert_int_equal(textsafe_cols("abc", 3), 3);
	assert_int_equal(textsafe_cols("caf\xc3\xa9", 5), 4);
	assert_int_equal(textsafe_cols("a\x1b", 2), 5);
	assert_int_equal(textsafe_cols("\xc2\x9b", 2), 8);
	assert_int_equal(textsafe_cols("\\", 1), 1);
	assert_int_equal(textsafe_cols("ab\0cd", 5), 2);
}

static void test_dup_fputs_sbuf(void **state)
{
	const char *in = "x\x1b[2Jy\xff";
	const char *want = "x\\x1b[2Jy\\xff";
	char *d = textsafe_dup(in), *m = NULL, *s;
	size_t ml = 0;
	FILE *f = open_memstream(&m, &ml);
	struct sbuf b;

	(void)state;
	assert_non_null(d);
	assert_string_equal(d, want);
	free(d);
	assert_non_null(f);
	textsafe_fputs(in, f);
	fclose(f);
	assert_string_equal(m, want);
	free(m);
	sbuf_init(&b);
	sbuf_add(&b, "[");
	sbuf_add_safe(&b, in);
	sbuf_add(&b, "]");
	s = sbuf_done(&b);
	assert_non_null(s);
	assert_string_equal(s, "[x\\x1b[2Jy\\xff]");
	free(s);
}

/* JSON: valid UTF-8 always; C0, DEL and C1 as \u00XX, invalid bytes as
 * the text \xNN (the same as the text output), UTF-8 unchanged. */
static void test_json(void **state)
{
	char *m = NULL;
	size_t ml = 0;
	FILE *f = open_memstream(&m, &ml);
	struct json_writer w;

	(void)state;
	assert_non_null(f);
	json_init(&w, f, " ", NULL);	/* two values, a blank between */
	json_string(&w, "a\"b\\c\n\x1b\x7f\xc2\x9b\x9b\xff\xed\xa0\x80"
		    "caf\xc3\xa9");
	json_string(&w, NULL);
	fclose(f);
	assert_string_equal(m, "\"a\\\"b\\\\c\\n\\u001b\\u007f\\u009b"
			    "\\\\x9b\\\\xff\\\\xed\\\\xa0\\\\x80caf\xc3\xa9\" null");
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_c0_del),
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_c1),
		cmocka_unit_test(test_invalid_bytes),
		cmocka_unit_test(test_utf8_boundaries),
		cmocka_unit_test(test_invisible),
		cmocka_unit_test(test_idempotent),
		cmocka_unit_test(test_cut),
		cmocka_unit_test(test_cols),
		cmocka_unit_test(test_dup_fputs_sbuf),
		cmocka_unit_test(test_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
