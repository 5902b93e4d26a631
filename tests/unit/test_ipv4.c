/*
 * test_ipv4.c - strict IPv4 parsing, formatting, subnet arithmetic and
 * classification, driven by tables of what technicians really type.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ipv4.h"

#define IP(a, b, c, d) \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))
#define N_ELEM(x) (sizeof(x) / sizeof((x)[0]))

struct addr_case {
	const char *in;
	enum ipv4_err err;
	uint32_t addr;
};

static const struct addr_case addr_cases[] = {
	{ "192.168.1.10", IPV4_OK, IP(192, 168, 1, 10) },
	{ "0.0.0.0", IPV4_OK, 0 },
	{ "255.255.255.255", IPV4_OK, UINT32_MAX },
	{ "10.0.0.1", IPV4_OK, IP(10, 0, 0, 1) },
	{ "1.2.3.4", IPV4_OK, IP(1, 2, 3, 4) },
	{ "100.200.0.99", IPV4_OK, IP(100, 200, 0, 99) },
	{ "", IPV4_EMPTY, 0 },
	{ " 1.2.3.4", IPV4_SPACE, 0 },
	{ "1.2.3.4 ", IPV4_SPACE, 0 },
	{ "1.2. 3.4", IPV4_SPACE, 0 },
	{ "1.2.3.4\n", IPV4_SPACE, 0 },
	{ "\t1.2.3.4", IPV4_SPACE, 0 },
	{ " ", IPV4_SPACE, 0 },
	{ "-1.2.3.4", IPV4_BAD_CHAR, 0 },
	{ "+1.2.3.4", IPV4_BAD_CHAR, 0 },
	{ "0x1.2.3.4", IPV4_BAD_CHAR, 0 },
	{ "a.b.c.d", IPV4_BAD_CHAR, 0 },
	{ "1,2,3,4", IPV4_BAD_CHAR, 0 },
	{ "1.2.3.4/24", IPV4_BAD_CHAR, 0 },
	{ "1.2.3.4:80", IPV4_BAD_CHAR, 0 },
	{ "localhost", IPV4_BAD_CHAR, 0 },
	{ "192.168.1", IPV4_TOO_FEW_PARTS, 0 },
	{ "192", IPV4_TOO_FEW_PARTS, 0 },
	{ "3232235777", IPV4_TOO_FEW_PARTS, 0 },
	{ "1.2.3.4.5", IPV4_TOO_MANY_PARTS, 0 },
	{ "1.2.3.4.5.6.7.8", IPV4_TOO_MANY_PARTS, 0 },
	{ "1..2.3", IPV4_EMPTY_PART, 0 },
	{ ".1.2.3", IPV4_EMPTY_PART, 0 },
	{ ".1.2.3.4", IPV4_EMPTY_PART, 0 },
	{ ".", IPV4_EMPTY_PART, 0 },
	{ "...", IPV4_EMPTY_PART, 0 },
	{ "1.2.3.4.", IPV4_TRAILING_DOT, 0 },
	{ "1.2.3.", IPV4_TRAILING_DOT, 0 },
	{ "192.168.1.300", IPV4_PART_RANGE, 0 },
	{ "256.1.1.1", IPV4_PART_RANGE, 0 },
	{ "1.2.3.256", IPV4_PART_RANGE, 0 },
	{ "1.2.3.999", IPV4_PART_RANGE, 0 },
	{ "1.2.3.99999999999999999999999999", IPV4_PART_RANGE, 0 },
	{ "4294967296.1.1.1", IPV4_PART_RANGE, 0 },
	{ "010.1.1.1", IPV4_LEADING_ZERO, 0 },
	{ "192.168.010.1", IPV4_LEADING_ZERO, 0 },
	{ "1.2.3.00", IPV4_LEADING_ZERO, 0 },
	{ "1.2.3.0300", IPV4_LEADING_ZERO, 0 },
	{ "01.02.03.04", IPV4_LEADING_ZERO, 0 },
};

static void test_parse_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ELEM(addr_cases); i++) {
		const struct addr_case *c = &addr_cases[i];
		uint32_t a = 0xdeadbeef;
		enum ipv4_err e = ipv4_parse(c->in, &a);

		if (e != c->err)
			print_error("ipv4_parse(\"%s\") = %d, want %d\n",
				    c->in, e, c->err);
		assert_int_equal(e, c->err);
		if (c->err == IPV4_OK)
			assert_int_equal(a, c->addr);
		else
			assert_int_equal(a, 0xdeadbeef);	/* untouched */
	}
}

static void test_parse_null_and_long(void **state)
{
	char buf[4096];
	uint32_t a;

	(void)state;
	assert_int_equal(ipv4_parse(NULL, &a), IPV4_EMPTY);
	assert_int_equal(ipv4_parse("1.2.3.4", NULL), IPV4_OK);

	/* very long: all digits */
	memset(buf, '9', sizeof(buf) - 1);
	buf[sizeof(buf) - 1] = '\0';
	assert_int_equal(ipv4_parse(buf, &a), IPV4_TOO_FEW_PARTS);
	/* very long: many dots */
	for (size_t i = 0; i < sizeof(buf) - 1; i++)
		buf[i] = (i % 2) ? '.' : '1';
	buf[sizeof(buf) - 2] = '1';
	assert_int_equal(ipv4_parse(buf, &a), IPV4_TOO_MANY_PARTS);
	/* very long: a huge fourth number */
	strcpy(buf, "1.2.3.");
	memset(buf + 6, '7', 3000);
	buf[3006] = '\0';
	assert_int_equal(ipv4_parse(buf, &a), IPV4_PART_RANGE);
	/* very long: spaces after it */
	strcpy(buf, "1.2.3.4");
	memset(buf + 7, ' ', 2000);
	buf[2007] = '\0';
	assert_int_equal(ipv4_parse(buf, &a), IPV4_SPACE);
}

struct prefix_case {
	const char *in;
	enum ipv4_err err;
	int prefix;
};

static const struct prefix_case prefix_cases[] = {
	{ "0", IPV4_OK, 0 },
	{ "1", IPV4_OK, 1 },
	{ "8", IPV4_OK, 8 },
	{ "24", IPV4_OK, 24 },
	{ "30", IPV4_OK, 30 },
	{ "31", IPV4_OK, 31 },
	{ "32", IPV4_OK, 32 },
	{ "", IPV4_EMPTY, -1 },
	{ " 24", IPV4_SPACE, -1 },
	{ "24 ", IPV4_SPACE, -1 },
	{ "33", IPV4_PREFIX_RANGE, -1 },
	{ "99", IPV4_PREFIX_RANGE, -1 },
	{ "100", IPV4_PREFIX_RANGE, -1 },
	{ "99999999999999999999999", IPV4_PREFIX_RANGE, -1 },
	{ "024", IPV4_PREFIX_SYNTAX, -1 },
	{ "00", IPV4_PREFIX_SYNTAX, -1 },
	{ "-1", IPV4_PREFIX_SYNTAX, -1 },
	{ "+24", IPV4_PREFIX_SYNTAX, -1 },
	{ "/24", IPV4_PREFIX_SYNTAX, -1 },
	{ "2a", IPV4_PREFIX_SYNTAX, -1 },
	{ "0x18", IPV4_PREFIX_SYNTAX, -1 },
	{ "255.255.255.0", IPV4_PREFIX_SYNTAX, -1 },
	{ "24.", IPV4_PREFIX_SYNTAX, -1 },
};

static void test_prefix_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ELEM(prefix_cases); i++) {
		const struct prefix_case *c = &prefix_cases[i];
		int p = -1;
		enum ipv4_err e = ipv4_parse_prefix(c->in, &p);

		if (e != c->err)
			print_error("ipv4_parse_prefix(\"%s\") = %d, want %d\n",
				    c->in, e, c->err);
		assert_int_equal(e, c->err);
		assert_int_equal(p, c->prefix);
	}
	assert_int_equal(ipv4_parse_prefix(NULL, NULL), IPV4_EMPTY);
}

struct cidr_case {
	const char *in;
	enum ipv4_err err;
	uint32_t addr;
	int prefix;
};

static const struct cidr_case cidr_cases[] = {
	{ "192.168.1.0/24", IPV4_OK, IP(192, 168, 1, 0), 24 },
	{ "192.168.1.77/24", IPV4_OK, IP(192, 168, 1, 77), 24 },	/* host bits kept */
	{ "0.0.0.0/0", IPV4_OK, 0, 0 },
	{ "10.1.2.3/32", IPV4_OK, IP(10, 1, 2, 3), 32 },
	{ "10.1.2.3/31", IPV4_OK, IP(10, 1, 2, 3), 31 },
	{ "", IPV4_EMPTY, 0, 0 },
	{ "1.2.3.4", IPV4_NO_PREFIX, 0, 0 },
	{ "1.2.3.4/", IPV4_PREFIX_SYNTAX, 0, 0 },
	{ "1.2.3.4/024", IPV4_PREFIX_SYNTAX, 0, 0 },
	{ "1.2.3.4/2a", IPV4_PREFIX_SYNTAX, 0, 0 },
	{ "1.2.3.4/-1", IPV4_PREFIX_SYNTAX, 0, 0 },
	{ "1.2.3.4/+24", IPV4_PREFIX_SYNTAX, 0, 0 },
	{ "1.2.3.4/24/8", IPV4_PREFIX_SYNTAX, 0, 0 },
	{ "1.2.3.4//24", IPV4_PREFIX_SYNTAX, 0, 0 },
	{ "1.2.3.4/255.255.255.0", IPV4_PREFIX_SYNTAX, 0, 0 },
	{ "1.2.3.4/33", IPV4_PREFIX_RANGE, 0, 0 },
	{ "1.2.3.4/999999999999", IPV4_PREFIX_RANGE, 0, 0 },
	{ "1.2.3.4/ 24", IPV4_SPACE, 0, 0 },
	{ "1.2.3.4 /24", IPV4_SPACE, 0, 0 },
	{ " 1.2.3.4/24", IPV4_SPACE, 0, 0 },
	{ "/24", IPV4_TOO_FEW_PARTS, 0, 0 },
	{ "192.168.1/24", IPV4_TOO_FEW_PARTS, 0, 0 },
	{ "1.2.3.4.5/24", IPV4_TOO_MANY_PARTS, 0, 0 },
	{ "1.2.3./24", IPV4_TRAILING_DOT, 0, 0 },
	{ "1..3.4/24", IPV4_EMPTY_PART, 0, 0 },
	{ "256.1.1.1/8", IPV4_PART_RANGE, 0, 0 },
	{ "010.1.1.1/8", IPV4_LEADING_ZERO, 0, 0 },
	{ "0x1.2.3.4/8", IPV4_BAD_CHAR, 0, 0 },
	{ "192.168.1", IPV4_TOO_FEW_PARTS, 0, 0 },	/* address error wins */
};

static void test_cidr_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ELEM(cidr_cases); i++) {
		const struct cidr_case *c = &cidr_cases[i];
		uint32_t a = 0;
		int p = 0;
		enum ipv4_err e = ipv4_parse_cidr(c->in, &a, &p);

		if (e != c->err)
			print_error("ipv4_parse_cidr(\"%s\") = %d, want %d\n",
				    c->in, e, c->err);
		assert_int_equal(e, c->err);
		assert_int_equal(a, c->addr);
		assert_int_equal(p, c->prefix);
	}
	assert_int_equal(ipv4_parse_cidr(NULL, NULL, NULL), IPV4_EMPTY);
	assert_int_equal(ipv4_parse_cidr("1.2.3.4/5", NULL, NULL), IPV4_OK);
}

static void test_strerror(void **state)
{
	(void)state;
	for (int e = IPV4_OK; e <= IPV4_PREFIX_RANGE; e++) {
		const char *m = ipv4_strerror((enum ipv4_err)e);

		assert_non_null(m);
		assert_true(strlen(m) > 10);
	}
	assert_non_null(strstr(ipv4_strerror(IPV4_TOO_FEW_PARTS), "four"));
	assert_non_null(strstr(ipv4_strerror(IPV4_LEADING_ZERO), "010"));
	assert_non_null(strstr(ipv4_strerror(IPV4_PART_RANGE), "255"));
	assert_non_null(strstr(ipv4_strerror(IPV4_PREFIX_RANGE), "32"));
	assert_non_null(ipv4_strerror((enum ipv4_err)999));
}

static void test_format(void **state)
{
	char b[IPV4_STRLEN], c[IPV4_CIDR_STRLEN];

	(void)state;
	assert_string_equal(ipv4_format(0, b), "0.0.0.0");
	assert_string_equal(ipv4_format(UINT32_MAX, b), "255.255.255.255");
	assert_string_equal(ipv4_format(IP(192, 168, 1, 10), b), "192.168.1.10");
	assert_ptr_equal(ipv4_format(1, b), b);
	assert_string_equal(ipv4_format_cidr(IP(10, 0, 0, 0), 8, c), "10.0.0.0/8");
	assert_string_equal(ipv4_format_cidr(UINT32_MAX, 32, c),
			    "255.255.255.255/32");
	assert_string_equal(ipv4_format_cidr(0, 0, c), "0.0.0.0/0");
	assert_ptr_equal(ipv4_format_cidr(1, 1, c), c);
}

/* Small deterministic generator (xorshift32) for the round trip. */
static uint32_t next_rand(uint32_t *s)
{
	uint32_t x = *s;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*s = x;
	return x;
}

static void test_round_trip(void **state)
{
	uint32_t seed = 0x12345678;
	char b[IPV4_STRLEN], c[IPV4_CIDR_STRLEN];

	(void)state;
	for (int i = 0; i < 5000; i++) {
		uint32_t a = next_rand(&seed), back = 0;
		int p = (int)(next_rand(&seed) % 33), pback = -1;

		if (i < 3)	/* the extremes too */
			a = i == 0 ? 0 : i == 1 ? UINT32_MAX : IP(1, 0, 0, 1);
		ipv4_format(a, b);
		assert_int_equal(ipv4_parse(b, &back), IPV4_OK);
		assert_int_equal(back, a);
		ipv4_format_cidr(a, p, c);
		assert_int_equal(ipv4_parse_cidr(c, &back, &pback), IPV4_OK);
		assert_int_equal(back, a);
		assert_int_equal(pback, p);
	}
}

static void test_mask(void **state)
{
	(void)state;
	assert_int_equal(ipv4_mask(0), 0);
	assert_int_equal(ipv4_mask(1), 0x80000000u);
	assert_int_equal(ipv4_mask(8), 0xff000000u);
	assert_int_equal(ipv4_mask(24), 0xffffff00u);
	assert_int_equal(ipv4_mask(31), 0xfffffffeu);
	assert_int_equal(ipv4_mask(32), 0xffffffffu);
	for (int p = 0; p <= 32; p++) {
		uint32_t m = ipv4_mask(p);
		int bits = 0;

		for (uint32_t x = m; x; x <<= 1)
			bits++;
		assert_int_equal(bits, p);
		/* contiguous: inverting gives 2^(32-p) - 1 */
		assert_int_equal((uint64_t)(uint32_t)~m + 1, (uint64_t)1 << (32 - p));
	}
}

struct subnet_case {
	uint32_t a;
	int prefix;
	uint32_t net, bcast, first, last;
};

static const struct subnet_case subnet_cases[] = {
	{ IP(192, 168, 1, 77), 24, IP(192, 168, 1, 0), IP(192, 168, 1, 255),
	  IP(192, 168, 1, 1), IP(192, 168, 1, 254) },
	{ IP(10, 20, 30, 40), 8, IP(10, 0, 0, 0), IP(10, 255, 255, 255),
	  IP(10, 0, 0, 1), IP(10, 255, 255, 254) },
	{ IP(172, 16, 5, 4), 12, IP(172, 16, 0, 0), IP(172, 31, 255, 255),
	  IP(172, 16, 0, 1), IP(172, 31, 255, 254) },
	{ IP(192, 168, 1, 130), 25, IP(192, 168, 1, 128), IP(192, 168, 1, 255),
	  IP(192, 168, 1, 129), IP(192, 168, 1, 254) },
	{ IP(192, 168, 1, 6), 30, IP(192, 168, 1, 4), IP(192, 168, 1, 7),
	  IP(192, 168, 1, 5), IP(192, 168, 1, 6) },
	{ IP(192, 168, 1, 7), 31, IP(192, 168, 1, 6), IP(192, 168, 1, 7),
	  IP(192, 168, 1, 6), IP(192, 168, 1, 7) },
	{ IP(192, 168, 1, 7), 32, IP(192, 168, 1, 7), IP(192, 168, 1, 7),
	  IP(192, 168, 1, 7), IP(192, 168, 1, 7) },
	{ IP(1, 2, 3, 4), 0, 0, UINT32_MAX, IP(0, 0, 0, 1),
	  IP(255, 255, 255, 254) },
	{ UINT32_MAX, 1, 0x80000000u, UINT32_MAX, 0x80000001u,
	  0xfffffffeu },
};

static void test_subnet_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ELEM(subnet_cases); i++) {
		const struct subnet_case *c = &subnet_cases[i];

		assert_int_equal(ipv4_network(c->a, c->prefix), c->net);
		assert_int_equal(ipv4_broadcast(c->a, c->prefix), c->bcast);
		assert_int_equal(ipv4_first_host(c->a, c->prefix), c->first);
		assert_int_equal(ipv4_last_host(c->a, c->prefix), c->last);
		assert_true(ipv4_contains(c->a, c->prefix, c->net));
		assert_true(ipv4_contains(c->a, c->prefix, c->bcast));
		assert_true(ipv4_contains(c->net, c->prefix, c->a));
		/* the neighbours just outside are not in the subnet */
		if (c->bcast != UINT32_MAX)
			assert_false(ipv4_contains(c->a, c->prefix, c->bcast + 1));
		if (c->net != 0)
			assert_false(ipv4_contains(c->a, c->prefix, c->net - 1));
	}
}

static void test_contains(void **state)
{
	(void)state;
	assert_true(ipv4_contains(IP(192, 168, 1, 0), 24, IP(192, 168, 1, 1)));
	assert_false(ipv4_contains(IP(192, 168, 1, 0), 24, IP(192, 168, 2, 1)));
	/* a gateway outside the address's subnet: the classic mistake */
	assert_false(ipv4_contains(IP(192, 168, 1, 10), 24, IP(192, 168, 0, 1)));
	assert_true(ipv4_contains(IP(192, 168, 1, 10), 23, IP(192, 168, 0, 1)));
	assert_true(ipv4_contains(0, 0, UINT32_MAX));
	assert_true(ipv4_contains(IP(9, 9, 9, 9), 0, IP(1, 1, 1, 1)));
	assert_true(ipv4_contains(IP(10, 0, 0, 5), 32, IP(10, 0, 0, 5)));
	assert_false(ipv4_contains(IP(10, 0, 0, 5), 32, IP(10, 0, 0, 4)));
	assert_true(ipv4_contains(IP(10, 0, 0, 4), 31, IP(10, 0, 0, 5)));
	assert_false(ipv4_contains(IP(10, 0, 0, 4), 31, IP(10, 0, 0, 6)));
}

struct overlap_case {
	uint32_t a;
	int pa;
	uint32_t b;
	int pb;
	bool overlap;
};

static const struct overlap_case overlap_cases[] = {
	{ IP(192, 168, 1, 0), 24, IP(192, 168, 1, 0), 24, true },
	{ IP(192, 168, 1, 0), 24, IP(192, 168, 2, 0), 24, false },
	{ IP(192, 168, 0, 0), 16, IP(192, 168, 7, 0), 24, true },
	{ IP(10, 0, 0, 0), 8, IP(10, 200, 1, 1), 32, true },
	{ IP(10, 0, 0, 0), 8, IP(11, 0, 0, 1), 32, false },
	{ IP(192, 168, 1, 0), 25, IP(192, 168, 1, 128), 25, false },
	{ IP(192, 168, 1, 0), 23, IP(192, 168, 1, 128), 25, true },
	{ IP(192, 168, 1, 4), 31, IP(192, 168, 1, 5), 32, true },
	{ IP(192, 168, 1, 4), 31, IP(192, 168, 1, 6), 31, false },
	{ 0, 0, IP(8, 8, 8, 8), 32, true },
	{ IP(1, 1, 1, 1), 32, IP(1, 1, 1, 2), 32, false },
	{ IP(172, 16, 0, 0), 12, IP(172, 32, 0, 0), 12, false },
};

static void test_overlap_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ELEM(overlap_cases); i++) {
		const struct overlap_case *c = &overlap_cases[i];

		/* overlap is symmetric: check both directions */
		assert_int_equal(ipv4_overlap(c->a, c->pa, c->b, c->pb),
				 c->overlap);
		assert_int_equal(ipv4_overlap(c->b, c->pb, c->a, c->pa),
				 c->overlap);
	}
}

struct class_case {
	const char *in;
	enum ipv4_class cls;
};

static const struct class_case class_cases[] = {
	{ "0.0.0.0", IPV4_CLASS_UNSPEC },
	{ "0.1.2.3", IPV4_CLASS_UNSPEC },
	{ "0.255.255.255", IPV4_CLASS_UNSPEC },
	{ "1.0.0.0", IPV4_CLASS_HOST },
	{ "10.0.0.1", IPV4_CLASS_HOST },
	{ "126.255.255.255", IPV4_CLASS_HOST },
	{ "127.0.0.0", IPV4_CLASS_LOOPBACK },
	{ "127.0.0.1", IPV4_CLASS_LOOPBACK },
	{ "127.255.255.255", IPV4_CLASS_LOOPBACK },
	{ "128.0.0.0", IPV4_CLASS_HOST },
	{ "169.253.255.255", IPV4_CLASS_HOST },
	{ "169.254.0.0", IPV4_CLASS_LINKLOCAL },
	{ "169.254.1.1", IPV4_CLASS_LINKLOCAL },
	{ "169.254.255.255", IPV4_CLASS_LINKLOCAL },
	{ "169.255.0.0", IPV4_CLASS_HOST },
	{ "192.168.1.10", IPV4_CLASS_HOST },
	{ "223.255.255.255", IPV4_CLASS_HOST },
	{ "224.0.0.0", IPV4_CLASS_MULTICAST },
	{ "224.0.0.251", IPV4_CLASS_MULTICAST },
	{ "239.255.255.255", IPV4_CLASS_MULTICAST },
	{ "240.0.0.0", IPV4_CLASS_RESERVED },
	{ "250.1.2.3", IPV4_CLASS_RESERVED },
	{ "255.255.255.254", IPV4_CLASS_RESERVED },
	{ "255.255.255.255", IPV4_CLASS_BROADCAST },
};

static void test_classify_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ELEM(class_cases); i++) {
		uint32_t a;

		assert_int_equal(ipv4_parse(class_cases[i].in, &a), IPV4_OK);
		if (ipv4_classify(a) != class_cases[i].cls)
			print_error("ipv4_classify(%s) = %d, want %d\n",
				    class_cases[i].in, ipv4_classify(a),
				    class_cases[i].cls);
		assert_int_equal(ipv4_classify(a), class_cases[i].cls);
	}
}

static void test_class_names(void **state)
{
	(void)state;
	for (int c = IPV4_CLASS_HOST; c <= IPV4_CLASS_BROADCAST; c++) {
		const char *n = ipv4_class_name((enum ipv4_class)c);

		assert_non_null(n);
		assert_true(strlen(n) > 5);
	}
	assert_non_null(strstr(ipv4_class_name(IPV4_CLASS_LOOPBACK), "loopback"));
	assert_non_null(strstr(ipv4_class_name(IPV4_CLASS_LINKLOCAL), "169.254"));
	assert_non_null(ipv4_class_name((enum ipv4_class)99));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_table),
		cmocka_unit_test(test_parse_null_and_long),
		cmocka_unit_test(test_prefix_table),
		cmocka_unit_test(test_cidr_table),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_mask),
		cmocka_unit_test(test_subnet_table),
		cmocka_unit_test(test_contains),
		cmocka_unit_test(test_overlap_table),
		cmocka_unit_test(test_classify_table),
		cmocka_unit_test(test_class_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
