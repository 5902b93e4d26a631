/*
 * test_dns_verdict.c - the pure verdict on a DNS probe (core/dns_verdict.c):
 * reading an answer's header and counting the records of the kind asked
 * (real answers built byte by byte: compressed names, several records,
 * a truncated one; broken ones: too short, a query instead of an answer,
 * names and records running past the end, reserved label types), and one
 * row per outcome of a probe: its verdict, whether it is a problem, its
 * JSON name, and the words beside the server and in the problem.
 * Touches memory only.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/dns_verdict.h"

/* --- answers built by hand --- */

struct msg {
	unsigned char b[512];
	size_t n;
};

static void put(struct msg *m, const void *p, size_t n)
{
	assert_true(m->n + n <= sizeof(m->b));
	memcpy(m->b + m->n, p, n);
	m->n += n;
}

static void put16(struct msg *m, unsigned v)
{
	unsigned char x[2] = { (unsigned char)(v >> 8), (unsigned char)v };

	put(m, x, 2);
}

/* header: id 0x1234, QR set, RD+RA, RCODE, TC when asked */
static void header(struct msg *m, int rcode, bool tc, unsigned qd,
		   unsigned an)
{
	m->n = 0;
	put16(m, 0x1234);
	put16(m, 0x8180 | (tc ? 0x0200 : 0) | (unsigned)rcode);
	put16(m, qd);
	put16(m, an);
	put16(m, 0);
	put16(m, 0);
}

static void question_root_ns(struct msg *m)
{
	put(m, "\0", 1);	/* "." */
	put16(m, 2);
	put16(m, 1);
}

/* An NS record of "." (name: a pointer to offset 12, the question's
 * name) pointing at "a.root.test." */
static void record_root_ns(struct msg *m, unsigned type)
{
	static const unsigned char rdata[] = "\1a\4root\4test";

	put16(m, 0xc00c);
	put16(m, type);
	put16(m, 1);
	put16(m, 0);
	put16(m, 3600);
	put16(m, sizeof(rdata));	/* with the final 0 */
	put(m, rdata, sizeof(rdata));
}

static void test_answer_read(void **state)
{
	struct dns_answer a;
	struct msg m;

	(void)state;
	/* NOERROR with two NS records and one A (additional-like) */
	header(&m, 0, false, 1, 3);
	question_root_ns(&m);
	record_root_ns(&m, 2);
	record_root_ns(&m, 2);
	record_root_ns(&m, 1);
	assert_int_equal(dns_answer_read(m.b, m.n, 2, &a), 0);
	assert_int_equal(a.rcode, 0);
	assert_false(a.truncated);
	assert_int_equal(a.answers, 2);
	/* the same asked as A: one; as ANY: all three */
	assert_int_equal(dns_answer_read(m.b, m.n, 1, &a), 0);
	assert_int_equal(a.answers, 1);
	assert_int_equal(dns_answer_read(m.b, m.n, 255, &a), 0);
	assert_int_equal(a.answers, 3);

	/* NOERROR without any record; NXDOMAIN; SERVFAIL with no question */
	header(&m, 0, false, 1, 0);
	question_root_ns(&m);
	assert_int_equal(dns_answer_read(m.b, m.n, 2, &a), 0);
	assert_int_equal(a.answers, 0);
	header(&m, 3, false, 1, 0);
	question_root_ns(&m);
	assert_int_equal(dns_answer_read(m.b, m.n, 2, &a), 0);
	assert_int_equal(a.rcode, 3);
	header(&m, 2, false, 0, 0);
	assert_int_equal(dns_answer_read(m.b, m.n, 2, &a), 0);
	assert_int_equal(a.rcode, 2);
	assert_int_equal(a.answers, 0);

	/* truncated: the second record is cut; the first whole one counts */
	header(&m, 0, true, 1, 2);
	question_root_ns(&m);
	record_root_ns(&m, 2);
	record_root_ns(&m, 2);
	m.n -= 5;
	assert_int_equal(dns_answer_read(m.b, m.n, 2, &a), 0);
	assert_true(a.truncated);
	assert_int_equal(a.answers, 1);
}

static void test_answer_broken(void **state)
{
	struct dns_answer a = { 7, true, 7 };
	struct msg m;

	(void)state;
	/* shorter than a header; no message at all */
	header(&m, 0, false, 0, 0);
	assert_int_equal(dns_answer_read(m.b, 11, 2, &a), -1);
	assert_int_equal(dns_answer_read(NULL, 0, 2, &a), -1);
	/* a query (QR clear), not an answer */
	header(&m, 0, false, 1, 0);
	question_root_ns(&m);
	m.b[2] &= 0x7f;
	assert_int_equal(dns_answer_read(m.b, m.n, 2, &a), -1);
	/* the answer count promises a record that is not there */
	header(&m, 0, false, 1, 1);
	question_root_ns(&m);
	assert_int_equal(dns_answer_read(m.b, m.n, 2, &a), -1);
	/* a record's data runs past the end (not truncated: broken) */
	header(&m, 0, false, 1, 1);
	question_root_ns(&m);
	record_root_ns(&m, 2);
	m.n -= 1;
	assert_int_equal(dns_answer_read(m.b, m.n, 2, &a), -1);
	/* a question name whose label runs past the end */
	header(&m, 0, false, 1, 0);
	put(&m, "\x3f" "abc", 4);
	assert_int_equal(dns_answer_read(m.b, m.n, 2, &a), -1);
	/* a reserved label type (0x40) */
	header(&m, 0, false, 1, 0);
	put(&m, "\x41" "a", 2);
	put16(&m, 2);
	put16(&m, 1);
	assert_int_equal(dns_answer_read(m.b, m.n, 2, &a), -1);
	/* a pointer cut in half */
	header(&m, 0, false, 1, 0);
	put(&m, "\xc0", 1);
	assert_int_equal(dns_answer_read(m.b, m.n, 2, &a), -1);
	/* OUT untouched by every failure above */
	assert_int_equal(a.rcode, 7);
	assert_int_equal(a.answers, 7);
}

static void test_qtype_name(void **state)
{
	char b[16];

	(void)state;
	assert_string_equal(dns_qtype_name(2, b, sizeof(b)), "NS");
	assert_string_equal(dns_qtype_name(1, b, sizeof(b)), "A");
	assert_string_equal(dns_qtype_name(28, b, sizeof(b)), "AAAA");
	assert_string_equal(dns_qtype_name(99, b, sizeof(b)), "TYPE99");
}

/* --- one row per outcome --- */

struct row {
	enum dnsview_probe_state state;
	int rcode, answers;
	bool truncated;
	const char *detail, *query;
	enum dns_verdict verdict;
	const char *name;	/* JSON; NULL for none */
	const char *shown;	/* beside the server (whole) */
	const char *words;	/* in the explanation; NULL: empty */
	const char *fix;	/* what to do, in the explanation */
};

static const struct row rows[] = {
	{ DNSVIEW_PROBE_NONE, -1, -1, false, "", "", DNS_VERDICT_NONE, NULL,
	  "not probed", NULL, NULL },
	{ DNSVIEW_PROBE_PENDING, -1, -1, false, "", ". NS", DNS_VERDICT_NONE,
	  NULL, "probing...", NULL, NULL },
	{ DNSVIEW_PROBE_ANSWERED, 0, 1, false, "", ". NS",
	  DNS_VERDICT_RESOLVES, "resolves", "resolves (1.2 ms)", NULL, NULL },
	{ DNSVIEW_PROBE_ANSWERED, 0, 0, false, "", ". NS",
	  DNS_VERDICT_NO_DATA, "no-data",
	  "broken or lying: no data (NOERROR, 1.2 ms)",
	  "the root of the DNS always has name servers: the server is "
	  "broken or lying", "use another DNS server" },
	{ DNSVIEW_PROBE_ANSWERED, 0, 0, false, "", "plc.plant.test A",
	  DNS_VERDICT_NO_DATA, "no-data",
	  "broken or lying: no data (NOERROR, 1.2 ms)",
	  "that name must have such records",
	  "check the name the probes ask for" },
	{ DNSVIEW_PROBE_ANSWERED, 3, 0, false, "", ". NS",
	  DNS_VERDICT_NXDOMAIN, "nxdomain",
	  "broken or lying (NXDOMAIN, 1.2 ms)",
	  "NXDOMAIN (\"no such name\") for \". NS\", the root of the DNS, "
	  "which always exists: the server is broken or lying",
	  "use another DNS server" },
	{ DNSVIEW_PROBE_ANSWERED, 3, 0, false, "", "plc.plant.test A",
	  DNS_VERDICT_NXDOMAIN, "nxdomain",
	  "broken or lying (NXDOMAIN, 1.2 ms)",
	  "a name that must exist", "or the name is wrong" },
	{ DNSVIEW_PROBE_ANSWERED, 2, 0, false, "", ". NS",
	  DNS_VERDICT_SERVFAIL, "servfail", "cannot resolve (SERVFAIL, 1.2 ms)",
	  "cannot resolve names, usually because it cannot reach the "
	  "internet or the zone's servers",
	  "check that server's own internet connection" },
	{ DNSVIEW_PROBE_REFUSED, 5, 0, false, "the server answered REFUSED",
	  ". NS", DNS_VERDICT_REFUSED, "refused",
	  "refuses this client (REFUSED, 1.2 ms)",
	  "does not serve this client",
	  "allow this machine's address on that server" },
	{ DNSVIEW_PROBE_ANSWERED, 4, 0, false, "", ". NS",
	  DNS_VERDICT_OTHER_RCODE, "other-rcode",
	  "cannot handle the query (NOTIMP, 1.2 ms)",
	  "answered NOTIMP", "use another DNS server" },
	{ DNSVIEW_PROBE_ANSWERED, 0, 0, true, "", ". NS",
	  DNS_VERDICT_TRUNCATED, "truncated",
	  "not proven: answer cut short (1.2 ms)",
	  "cut short before any record", "resolvectl query" },
	{ DNSVIEW_PROBE_ANSWERED, 0, 2, true, "", ". NS",
	  DNS_VERDICT_RESOLVES, "resolves", "resolves (1.2 ms)", NULL, NULL },
	{ DNSVIEW_PROBE_ANSWERED, -1, -1, false, "", ". NS",
	  DNS_VERDICT_NOT_DNS, "not-dns", "not a DNS answer (1.2 ms)",
	  "not a DNS answer", "check the address and port" },
	{ DNSVIEW_PROBE_REFUSED, -1, -1, false, "port unreachable", ". NS",
	  DNS_VERDICT_NO_SERVICE, "no-service",
	  "nothing listens there (port unreachable)",
	  "nothing listens for DNS at that address",
	  "start the DNS service there" },
	{ DNSVIEW_PROBE_TIMEOUT, -1, -1, false, "no answer", ". NS",
	  DNS_VERDICT_TIMEOUT, "timeout", "timed out after 1.2 ms",
	  "did not answer within 1.2 ms", "check the address" },
	{ DNSVIEW_PROBE_ERROR, -1, -1, false, "network unreachable", ". NS",
	  DNS_VERDICT_ERROR, "error", "error: network unreachable",
	  "could not be queried (network unreachable)",
	  "check the routes to it" },
};

static void test_verdict_rows(void **state)
{
	char shown[200], why[600];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		struct dnsview_probe p;
		enum dns_verdict v;

		memset(&p, 0, sizeof(p));
		p.state = r->state;
		p.rtt_us = 1234;
		p.rcode = r->rcode;
		p.answers = r->answers;
		p.truncated = r->truncated;
		snprintf(p.detail, sizeof(p.detail), "%s", r->detail);
		snprintf(p.query, sizeof(p.query), "%s", r->query);
		v = dns_verdict_of(&p);
		print_message("row %zu: %s\n", i, r->shown);
		assert_int_equal(v, r->verdict);
		assert_int_equal(dns_verdict_is_problem(v),
				 r->verdict != DNS_VERDICT_NONE &&
				 r->verdict != DNS_VERDICT_RESOLVES);
		if (r->name)
			assert_string_equal(dns_verdict_name(v), r->name);
		else
			assert_null(dns_verdict_name(v));
		assert_string_equal(dns_verdict_short(&p, shown,
						      sizeof(shown)), r->shown);
		dns_verdict_explain(&p, false, why, sizeof(why));
		if (!r->words) {
			assert_string_equal(why, "");
			continue;
		}
		print_message("  %s\n", why);
		assert_non_null(strstr(why, r->words));
		assert_non_null(strstr(why, r->fix));
		/* a sentence for the problem list: no final stop */
		assert_true(why[strlen(why) - 1] != '.');
	}
}

static void test_verdict_remote(void **state)
{
	struct dnsview_probe p;
	char why[600];

	(void)state;
	/* another machine's server, probed from this one: REFUSED asks to
	 * allow the VM's network, not this machine */
	memset(&p, 0, sizeof(p));
	p.state = DNSVIEW_PROBE_REFUSED;
	p.rcode = 5;
	p.answers = 0;
	dns_verdict_explain(&p, true, why, sizeof(why));
	assert_non_null(strstr(why, "allow the VM's network"));
	/* no query said: the default, the root's name servers */
	assert_non_null(strstr(why, "REFUSED to \". NS\""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_answer_read),
		cmocka_unit_test(test_answer_broken),
		cmocka_unit_test(test_qtype_name),
		cmocka_unit_test(test_verdict_rows),
		cmocka_unit_test(test_verdict_remote),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
