/*
 * test_mac.c - strict MAC parsing and formatting, the address-kind
 * predicates, and generation with a deterministic fake random source.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/mac.h"

#define N_ELEM(x) (sizeof(x) / sizeof((x)[0]))

struct parse_case {
	const char *in;
	enum mac_err err;
	uint8_t b[6];
	const char *canon;	/* formatted form when valid */
};

static const struct parse_case parse_cases[] = {
	{ "52:54:00:ab:cd:ef", MAC_OK, { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef },
	  "52:54:00:ab:cd:ef" },
	{ "52:54:00:AB:CD:EF", MAC_OK, { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef },
	  "52:54:00:ab:cd:ef" },
	{ "52:54:00:aB:Cd:eF", MAC_OK, { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef },
	  "52:54:00:ab:cd:ef" },
	{ "00:00:00:00:00:00", MAC_OK, { 0 }, "00:00:00:00:00:00" },
	{ "FF:FF:FF:FF:FF:FF", MAC_OK, { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
	  "ff:ff:ff:ff:ff:ff" },
	{ "01:00:5e:00:00:fb", MAC_OK, { 0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb },
	  "01:00:5e:00:00:fb" },
	{ "", MAC_EMPTY, { 0 }, NULL },
	{ "52:54:00:ab:cd", MAC_SYNTAX, { 0 }, NULL },
	{ "52:54:00:ab:cd:ef:01", MAC_SYNTAX, { 0 }, NULL },
	{ "52-54-00-ab-cd-ef", MAC_SYNTAX, { 0 }, NULL },
	{ "5254.00ab.cdef", MAC_SYNTAX, { 0 }, NULL },
	{ "525400abcdef", MAC_SYNTAX, { 0 }, NULL },
	{ "52:54:00:ab:cd:eg", MAC_SYNTAX, { 0 }, NULL },
	{ "5:54:00:ab:cd:ef", MAC_SYNTAX, { 0 }, NULL },
	{ "52:54:0:ab:cd:ef", MAC_SYNTAX, { 0 }, NULL },
	{ "52:54:00:ab:cd:e", MAC_SYNTAX, { 0 }, NULL },
	{ "052:54:00:ab:cd:ef", MAC_SYNTAX, { 0 }, NULL },
	{ "52:54:00:ab:cd:ef:", MAC_SYNTAX, { 0 }, NULL },
	{ ":52:54:00:ab:cd:ef", MAC_SYNTAX, { 0 }, NULL },
	{ "52::54:00:ab:cd:ef", MAC_SYNTAX, { 0 }, NULL },
	{ " 52:54:00:ab:cd:ef", MAC_SYNTAX, { 0 }, NULL },
	{ "52:54:00:ab:cd:ef ", MAC_SYNTAX, { 0 }, NULL },
	{ "52: 54:00:ab:cd:ef", MAC_SYNTAX, { 0 }, NULL },
	{ "52:54:00:ab:cd:ef\n", MAC_SYNTAX, { 0 }, NULL },
	{ "0x52:54:00:ab:cd:ef", MAC_SYNTAX, { 0 }, NULL },
	{ "52;54;00;ab;cd;ef", MAC_SYNTAX, { 0 }, NULL },
	{ ":", MAC_SYNTAX, { 0 }, NULL },
	{ "zz", MAC_SYNTAX, { 0 }, NULL },
};

static void test_parse_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ELEM(parse_cases); i++) {
		const struct parse_case *c = &parse_cases[i];
		struct mac m = { { 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa } };
		const struct mac untouched = m;
		char buf[MAC_STRLEN];
		enum mac_err e = mac_parse(c->in, &m);

		if (e != c->err)
			print_error("mac_parse(\"%s\") = %d, want %d\n",
				    c->in, e, c->err);
		assert_int_equal(e, c->err);
		if (c->err != MAC_OK) {
			assert_true(mac_equal(&m, &untouched));
			continue;
		}
		assert_memory_equal(m.b, c->b, 6);
		assert_string_equal(mac_format(&m, buf), c->canon);
	}
}

static void test_parse_null_and_long(void **state)
{
	char buf[2048];
	struct mac m;

	(void)state;
	assert_int_equal(mac_parse(NULL, &m), MAC_EMPTY);
	assert_int_equal(mac_parse("52:54:00:00:00:01", NULL), MAC_OK);
	/* a valid MAC followed by a lot of rubbish */
	strcpy(buf, "52:54:00:ab:cd:ef");
	memset(buf + 17, ':', sizeof(buf) - 18);
	buf[sizeof(buf) - 1] = '\0';
	assert_int_equal(mac_parse(buf, &m), MAC_SYNTAX);
	memset(buf, 'a', sizeof(buf) - 1);
	assert_int_equal(mac_parse(buf, &m), MAC_SYNTAX);
}

static void test_strerror(void **state)
{
	(void)state;
	assert_non_null(mac_strerror(MAC_OK));
	assert_non_null(strstr(mac_strerror(MAC_EMPTY), "52:54:00"));
	assert_non_null(strstr(mac_strerror(MAC_SYNTAX), "colon"));
	assert_non_null(mac_strerror((enum mac_err)42));
}

static void test_format_round_trip(void **state)
{
	char buf[MAC_STRLEN];

	(void)state;
	for (unsigned v = 0; v < 256; v++) {
		struct mac m = { { (uint8_t)v, (uint8_t)(255 - v), (uint8_t)(v * 7),
				   (uint8_t)(v ^ 0x5a), 0x0f, (uint8_t)v } };
		struct mac back;

		mac_format(&m, buf);
		assert_int_equal(strlen(buf), MAC_STRLEN - 1);
		assert_int_equal(mac_parse(buf, &back), MAC_OK);
		assert_true(mac_equal(&m, &back));
	}
}

struct kind_case {
	const char *in;
	bool multicast, zero, local;
};

static const struct kind_case kind_cases[] = {
	{ "52:54:00:12:34:56", false, false, true },	/* 0x52 has the local bit */
	{ "00:1b:21:aa:bb:cc", false, false, false },
	{ "00:00:00:00:00:00", false, true, false },
	{ "00:00:00:00:00:01", false, false, false },
	{ "01:00:5e:00:00:01", true, false, false },
	{ "01:00:5e:7f:ff:fa", true, false, false },
	{ "33:33:00:00:00:01", true, false, true },
	{ "ff:ff:ff:ff:ff:ff", true, false, true },
	{ "02:00:00:00:00:01", false, false, true },
	{ "03:00:00:00:00:01", true, false, true },
	{ "fe:ff:ff:ff:ff:ff", false, false, true },
};

static void test_kind_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ELEM(kind_cases); i++) {
		const struct kind_case *c = &kind_cases[i];
		struct mac m;

		assert_int_equal(mac_parse(c->in, &m), MAC_OK);
		assert_int_equal(mac_is_multicast(&m), c->multicast);
		assert_int_equal(mac_is_zero(&m), c->zero);
		assert_int_equal(mac_is_local(&m), c->local);
	}
}

static void test_equal(void **state)
{
	struct mac a, b;

	(void)state;
	assert_int_equal(mac_parse("52:54:00:ab:cd:ef", &a), MAC_OK);
	assert_int_equal(mac_parse("52:54:00:AB:CD:EF", &b), MAC_OK);
	assert_true(mac_equal(&a, &b));
	b.b[5] ^= 1;
	assert_false(mac_equal(&a, &b));
	b = a;
	b.b[0] ^= 0x80;
	assert_false(mac_equal(&a, &b));
}

/* The fake random source: hands out a script of 3-byte tails, then
 * fails (or repeats the last one, when told to). */
struct fake_rnd {
	const uint8_t (*tails)[3];
	unsigned n, pos, calls;
	bool repeat_last;
};

static int fake_random(void *buf, unsigned len, void *ctx)
{
	struct fake_rnd *f = ctx;
	uint8_t *out = buf;

	f->calls++;
	if (f->pos >= f->n) {
		if (!f->repeat_last || f->n == 0)
			return -1;
		f->pos = f->n - 1;
	}
	for (unsigned i = 0; i < len; i++)
		out[i] = f->tails[f->pos][i % 3];
	f->pos++;
	return 0;
}

static void test_generate_prefix_unicast(void **state)
{
	static const uint8_t tails[][3] = { { 0xab, 0xcd, 0xef } };
	struct fake_rnd f = { tails, 1, 0, 0, false };
	struct mac m;
	char buf[MAC_STRLEN];

	(void)state;
	assert_int_equal(mac_generate(&m, NULL, 0, fake_random, &f), 0);
	assert_string_equal(mac_format(&m, buf), "52:54:00:ab:cd:ef");
	assert_false(mac_is_multicast(&m));
	assert_false(mac_is_zero(&m));
	assert_int_equal(f.calls, 1);
}

static void test_generate_avoids(void **state)
{
	/* the first two tails collide with addresses in use, the third is
	 * all zero, the fourth is new */
	static const uint8_t tails[][3] = {
		{ 0x00, 0x00, 0x01 },
		{ 0x12, 0x34, 0x56 },
		{ 0x00, 0x00, 0x00 },
		{ 0x12, 0x34, 0x57 },
	};
	struct fake_rnd f = { tails, 4, 0, 0, false };
	struct mac avoid[3], m;
	char buf[MAC_STRLEN];

	(void)state;
	assert_int_equal(mac_parse("52:54:00:00:00:01", &avoid[0]), MAC_OK);
	assert_int_equal(mac_parse("00:1b:21:12:34:57", &avoid[1]), MAC_OK);
	assert_int_equal(mac_parse("52:54:00:12:34:56", &avoid[2]), MAC_OK);
	assert_int_equal(mac_generate(&m, avoid, 3, fake_random, &f), 0);
	assert_string_equal(mac_format(&m, buf), "52:54:00:12:34:57");
	assert_int_equal(f.calls, 4);
}

static void test_generate_rnd_fails(void **state)
{
	struct fake_rnd f = { NULL, 0, 0, 0, false };
	struct mac m = { { 1, 2, 3, 4, 5, 6 } };
	const struct mac before = m;

	(void)state;
	assert_int_equal(mac_generate(&m, NULL, 0, fake_random, &f), -1);
	assert_true(mac_equal(&m, &before));
	assert_int_equal(f.calls, 1);
}

static void test_generate_gives_up(void **state)
{
	/* the source keeps returning an address that is in use */
	static const uint8_t tails[][3] = { { 0xde, 0xad, 0x01 } };
	struct fake_rnd f = { tails, 1, 0, 0, true };
	struct mac avoid, m;

	(void)state;
	assert_int_equal(mac_parse("52:54:00:de:ad:01", &avoid), MAC_OK);
	assert_int_equal(mac_generate(&m, &avoid, 1, fake_random, &f), -1);
	assert_true(f.calls > 1);
	assert_true(f.calls <= 100000);

	/* all-zero tails forever: also gives up */
	static const uint8_t zero[][3] = { { 0, 0, 0 } };
	struct fake_rnd z = { zero, 1, 0, 0, true };

	assert_int_equal(mac_generate(&m, NULL, 0, fake_random, &z), -1);
}

static void test_generate_system(void **state)
{
	struct mac seen[64];

	(void)state;
	for (unsigned i = 0; i < 64; i++) {
		assert_int_equal(mac_generate(&seen[i], seen, i, NULL, NULL), 0);
		assert_int_equal(seen[i].b[0], 0x52);
		assert_int_equal(seen[i].b[1], 0x54);
		assert_int_equal(seen[i].b[2], 0x00);
		assert_false(mac_is_multicast(&seen[i]));
		for (unsigned j = 0; j < i; j++)
			assert_false(mac_equal(&seen[i], &seen[j]));
	}
}

/* MAC texts from outside: one lower-casing, one comparison. */
static void test_text_lower_and_same(void **state)
{
	char t[] = "52:54:00:AB:cD:EF", junk[] = "XY:Z";

	(void)state;
	mac_text_lower(t);
	assert_string_equal(t, "52:54:00:ab:cd:ef");
	mac_text_lower(junk);		/* only the hex digits A-F */
	assert_string_equal(junk, "XY:Z");
	mac_text_lower(NULL);
	assert_true(mac_text_same("52:54:00:AB:CD:EF", "52:54:00:ab:cd:ef"));
	assert_false(mac_text_same("52:54:00:ab:cd:ef", "52:54:00:ab:cd:e0"));
	assert_false(mac_text_same("52:54:00:ab:cd:ef", "52:54:00:ab:cd"));
	assert_false(mac_text_same("", ""));
	assert_false(mac_text_same(NULL, "52:54:00:ab:cd:ef"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_table),
		cmocka_unit_test(test_parse_null_and_long),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_format_round_trip),
		cmocka_unit_test(test_kind_table),
		cmocka_unit_test(test_equal),
		cmocka_unit_test(test_generate_prefix_unicast),
		cmocka_unit_test(test_generate_avoids),
		cmocka_unit_test(test_generate_rnd_fails),
		cmocka_unit_test(test_generate_gives_up),
		cmocka_unit_test(test_generate_system),
		cmocka_unit_test(test_text_lower_and_same),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
