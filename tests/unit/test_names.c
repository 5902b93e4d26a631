/*
 * test_names.c - the name checks (interface, libvirt object, DNS search
 * domain) driven by tables, and a few JSON string escaping cases.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/names.h"

#define N_ELEM(x) (sizeof(x) / sizeof((x)[0]))

/* Repeats C N times into a static-sized buffer owned by the caller. */
static char *rep(char *buf, char c, size_t n)
{
	memset(buf, c, n);
	buf[n] = '\0';
	return buf;
}

struct name_case {
	const char *in;
	bool ok;
	const char *hint;	/* a word the message must contain, or NULL */
};

static void run_table(const char *(*check)(const char *), const char *what,
		      const struct name_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *msg = check(cases[i].in);

		if ((msg == NULL) != cases[i].ok)
			print_error("%s(\"%s\") = %s\n", what, cases[i].in,
				    msg ? msg : "ok");
		assert_int_equal(msg == NULL, cases[i].ok);
		if (msg) {
			assert_true(strlen(msg) > 15);
			if (cases[i].hint && !strstr(msg, cases[i].hint))
				print_error("%s(\"%s\"): \"%s\" lacks \"%s\"\n",
					    what, cases[i].in, msg,
					    cases[i].hint);
			if (cases[i].hint)
				assert_non_null(strstr(msg, cases[i].hint));
		}
	}
}

static const struct name_case ifname_cases[] = {
	{ "eth0", true, NULL },
	{ "br-ot", true, NULL },
	{ "br0", true, NULL },
	{ "enp3s0f1", true, NULL },
	{ "vlan.100", true, NULL },
	{ "my_br", true, NULL },
	{ "0eth", true, NULL },
	{ "a", true, NULL },
	{ "abcdefghijklmno", true, NULL },		/* 15 */
	{ "abcdefghijklmnop", false, "15" },		/* 16 */
	{ "", false, "empty" },
	{ "eth 0", false, "letters" },
	{ "eth/0", false, "letters" },
	{ "eth0:1", false, "letters" },
	{ "eth0\n", false, "letters" },
	{ " eth0", false, "letters" },
	{ "br\"x", false, "letters" },
	{ "br'x", false, "letters" },
	{ "br,x", false, "letters" },
	{ "brü", false, "letters" },
	{ ".", false, NULL },
	{ "..", false, NULL },
	{ "-x", false, "start" },
	{ ".hidden", false, "start" },
};

static void test_ifname_table(void **state)
{
	char long_name[4097];

	(void)state;
	run_table(name_check_ifname, "name_check_ifname", ifname_cases,
		  N_ELEM(ifname_cases));
	assert_non_null(name_check_ifname(NULL));
	assert_non_null(name_check_ifname(rep(long_name, 'a', 4096)));
	assert_null(name_check_ifname(rep(long_name, 'b', 15)));
	assert_non_null(name_check_ifname(rep(long_name, 'b', 16)));
}

static const struct name_case object_cases[] = {
	{ "edge-vm1", true, NULL },
	{ "default", true, NULL },
	{ "EFLOW_VM", true, NULL },
	{ "1vm", true, NULL },
	{ "net.ot", true, NULL },
	{ "a", true, NULL },
	{ "", false, "empty" },
	{ ".", false, "start" },
	{ "..", false, "start" },
	{ "-x", false, "start" },
	{ "_x", false, "start" },
	{ ".vm", false, "start" },
	{ "<vm>", false, "letters" },
	{ "vm&1", false, "letters" },
	{ "vm\"1", false, "letters" },
	{ "vm'1", false, "letters" },
	{ "my vm", false, "letters" },
	{ "vm/1", false, "letters" },
	{ "vm;rm -rf", false, "letters" },
	{ "vm$(id)", false, "letters" },
	{ "vm\t", false, "letters" },
};

static void test_object_table(void **state)
{
	char buf[4097];

	(void)state;
	run_table(name_check_object, "name_check_object", object_cases,
		  N_ELEM(object_cases));
	assert_non_null(name_check_object(NULL));
	assert_null(name_check_object(rep(buf, 'v', 63)));
	assert_non_null(strstr(name_check_object(rep(buf, 'v', 64)), "63"));
	assert_non_null(name_check_object(rep(buf, 'v', 4096)));
}

static const struct name_case dns_cases[] = {
	{ "plant.local", true, NULL },
	{ "~corp", true, NULL },
	{ "~plant.local", true, NULL },
	{ "a-b.example", true, NULL },
	{ "example", true, NULL },
	{ "EXAMPLE.Com", true, NULL },
	{ "1.2.3.in-addr.arpa", true, NULL },
	{ "xn--bcher-kva.example", true, NULL },
	{ "a", true, NULL },
	{ "", false, "empty" },
	{ "~", false, "~" },
	{ "-a.example", false, "start" },
	{ "a-.example", false, "end" },
	{ "a.-b", false, "start" },
	{ "a.b-", false, "end" },
	{ "a..b", false, "missing" },
	{ ".a", false, "missing" },
	{ ".", false, "missing" },
	{ "~.", false, "missing" },
	{ "a.", false, "dot" },
	{ "exa_mple.com", false, "_" },
	{ "plant local", false, "letters" },
	{ " plant.local", false, "letters" },
	{ "plant.local,corp", false, "letters" },
	{ "~~corp", false, "letters" },
	{ "corp~", false, "letters" },
	{ "plänt.local", false, "letters" },
};

static void test_dns_table(void **state)
{
	char buf[600];

	(void)state;
	run_table(name_check_dns_domain, "name_check_dns_domain", dns_cases,
		  N_ELEM(dns_cases));
	assert_non_null(name_check_dns_domain(NULL));

	/* one label of 63 is fine, 64 is not */
	assert_null(name_check_dns_domain(rep(buf, 'a', 63)));
	assert_non_null(strstr(name_check_dns_domain(rep(buf, 'a', 64)), "63"));
	strcpy(buf, "x.");
	rep(buf + 2, 'a', 63);
	strcat(buf, ".example");
	assert_null(name_check_dns_domain(buf));
	strcpy(buf, "x.");
	rep(buf + 2, 'a', 64);
	strcat(buf, ".example");
	assert_non_null(name_check_dns_domain(buf));

	/* 253 characters in total is fine, 254 is not: labels of 49
	 * characters joined by dots (50 each), then a tail */
	for (size_t n = 253; n <= 254; n++) {
		size_t i;

		for (i = 0; i < n; i++)
			buf[i] = (i % 50 == 49) ? '.' : 'a';
		buf[n] = '\0';
		if (buf[n - 1] == '.')
			buf[n - 1] = 'b';
		if (n == 253) {
			assert_null(name_check_dns_domain(buf));
			/* the '~' does not count towards the 253 */
			memmove(buf + 1, buf, n + 1);
			buf[0] = '~';
			assert_null(name_check_dns_domain(buf));
		} else {
			assert_non_null(strstr(name_check_dns_domain(buf),
					       "253"));
		}
	}
	memset(buf, 'a', sizeof(buf) - 1);
	buf[sizeof(buf) - 1] = '\0';
	assert_non_null(name_check_dns_domain(buf));
}

/* --- JSON string escaping ------------------------------------------ */

static char *json_of(const char *s)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	struct json_writer w;

	assert_non_null(f);
	json_init(&w, f, NULL, NULL);
	json_string(&w, s);
	assert_int_equal(fclose(f), 0);
	return out;
}

struct json_case {
	const char *in;
	const char *out;
};

static const struct json_case json_cases[] = {
	{ "", "\"\"" },
	{ "eth0", "\"eth0\"" },
	{ "say \"hi\"", "\"say \\\"hi\\\"\"" },
	{ "C:\\path", "\"C:\\\\path\"" },
	{ "a\nb\tc\rd\be\ff", "\"a\\nb\\tc\\rd\\be\\ff\"" },
	{ "\x01\x1f", "\"\\u0001\\u001f\"" },
	{ "\x7f", "\"\\u007f\"" },	/* DEL is a control too */
	{ "/", "\"/\"" },
	{ "Stra\xc3\x9f" "e \xe2\x82\xac", "\"Stra\xc3\x9f" "e \xe2\x82\xac\"" },
	{ NULL, "null" },
};

static void test_json_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ELEM(json_cases); i++) {
		char *got = json_of(json_cases[i].in);

		assert_string_equal(got, json_cases[i].out);
		free(got);
	}
}

static void test_json_every_control_char(void **state)
{
	char in[2] = { 0, 0 };

	(void)state;
	for (int c = 1; c < 0x20; c++) {
		char *got;

		in[0] = (char)c;
		got = json_of(in);
		/* quoted, escaped with a backslash, no raw control byte */
		assert_int_equal(got[0], '"');
		assert_int_equal(got[1], '\\');
		for (char *p = got; *p; p++)
			assert_true((unsigned char)*p >= 0x20);
		free(got);
	}
}

int main(void)
{
	const struct CMUnitTest names[] = {
		cmocka_unit_test(test_ifname_table),
		cmocka_unit_test(test_object_table),
		cmocka_unit_test(test_dns_table),
	};
	const struct CMUnitTest json[] = {
		cmocka_unit_test(test_json_table),
		cmocka_unit_test(test_json_every_control_char),
	};
	int failed = 0;

	failed += cmocka_run_group_tests_name("names", names, NULL, NULL);
	failed += cmocka_run_group_tests_name("json", json, NULL, NULL);
	return failed;
}
