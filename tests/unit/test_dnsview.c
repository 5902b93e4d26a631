/*
 * test_dnsview.c - the pure DNS view (core/dnsview*.c): server syntax,
 * the model (copy, compare, each server), the checks, the resolvectl-like
 * layout and its writers, the probes in words, and the JSON.  The parsers
 * of the files and the view built from them are tests/unit/test_dnsview_parse.c's.
 * Touches memory only.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "core/diag.h"
#include "core/dnsview.h"
#include "core/dnsview_check.h"
#include "core/dnsview_files.h"
#include "core/dnsview_json.h"
#include "core/dnsview_layout.h"

/* --- helpers --- */

/* Joins wrapped lines: a newline and the blanks after it become one
 * space when a line starting with blanks follows (a continuation, or a
 * right-aligned label). */
static void squash(char *t)
{
	char *w = t, *r = t;

	while (*r) {
		if (r[0] == '\n' && r[1] == ' ') {
			while (*++r == ' ')
				;
			*w++ = ' ';
			continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
}

static char *render(const struct dnsview *v, int width, bool probes,
		    bool note)
{
	struct dnsview_render_opts o = { width, probes, note, false };
	char *buf = NULL;

	/* resolvectl's words only: the layout compared with it */
	o.terse = true;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(dnsview_write_text(f, v, &o), 0);
	fclose(f);
	return buf;
}

static char *json(const struct dnsview *v, const struct diag_list *p,
		  int indent)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	dnsview_write_json(f, v, p, indent);
	fclose(f);
	return buf;
}

static void add(struct dnsview_section *s, const char *text)
{
	struct dnsview_server srv;
	char err[200];

	assert_int_equal(dnsview_server_parse(&srv, text, err, sizeof(err)),
			 0);
	assert_int_equal(dnsview_add_server(s, false, &srv), 0);
}

/* A minimal JSON syntax check: value at *P, advances past it. */
static int j_value(const char **p);

static void j_ws(const char **p)
{
	while (**p == ' ' || **p == '\n' || **p == '\t' || **p == '\r')
		(*p)++;
}

static int j_string(const char **p)
{
	if (**p != '"')
		return -1;
	for ((*p)++; **p != '"'; (*p)++) {
		if (!**p || (unsigned char)**p < 0x20)
			return -1;
		if (**p == '\\') {
			(*p)++;
			if (**p == 'u') {
				for (int i = 0; i < 4; i++)
					if (!strchr("0123456789abcdefABCDEF",
						    *++(*p)) || !**p)
						return -1;
			} else if (!strchr("\"\\/bfnrt", **p) || !**p) {
				return -1;
			}
		}
	}
	(*p)++;
	return 0;
}

static int j_value(const char **p)
{
	j_ws(p);
	if (**p == '{' || **p == '[') {
		char close = **p == '{' ? '}' : ']';
		bool obj = close == '}';

		(*p)++;
		j_ws(p);
		if (**p == close) {
			(*p)++;
			return 0;
		}
		for (;;) {
			if (obj) {
				j_ws(p);
				if (j_string(p))
					return -1;
				j_ws(p);
				if (*(*p)++ != ':')
					return -1;
			}
			if (j_value(p))
				return -1;
			j_ws(p);
			if (**p == ',') {
				(*p)++;
				continue;
			}
			if (**p == close) {
				(*p)++;
				return 0;
			}
			return -1;
		}
	}
	if (**p == '"')
		return j_string(p);
	if (!strncmp(*p, "true", 4) || !strncmp(*p, "null", 4)) {
		*p += 4;
		return 0;
	}
	if (!strncmp(*p, "false", 5)) {
		*p += 5;
		return 0;
	}
	if (**p == '-' || (**p >= '0' && **p <= '9')) {
		char *end;

		strtod(*p, &end);
		*p = end;
		return 0;
	}
	return -1;
}

static void assert_json(const char *text)
{
	const char *p = text;

	assert_int_equal(j_value(&p), 0);
	j_ws(&p);
	assert_int_equal(*p, '\0');
}

/* --- servers --- */

static void test_server_parse(void **state)
{
	static const struct {
		const char *in;
		int family;
		const char *addr;
		unsigned port;
		int ifindex;
		const char *scope, *sni;
		const char *global_text, *link_text;
	} ok[] = {
		{ "10.0.0.1", AF_INET, "10.0.0.1", 0, 0, "", "", "10.0.0.1",
		  "10.0.0.1" },
		{ "10.0.0.1:5353", AF_INET, "10.0.0.1", 5353, 0, "", "",
		  "10.0.0.1:5353", "10.0.0.1:5353" },
		{ "10.0.0.1#dns.example", AF_INET, "10.0.0.1", 0, 0, "",
		  "dns.example", "10.0.0.1#dns.example",
		  "10.0.0.1#dns.example" },
		{ "1.1.1.1:853#cloudflare-dns.com", AF_INET, "1.1.1.1", 853, 0,
		  "", "cloudflare-dns.com", "1.1.1.1:853#cloudflare-dns.com",
		  "1.1.1.1:853#cloudflare-dns.com" },
		{ "2001:DB8::0:1", AF_INET6, "2001:db8::1", 0, 0, "", "",
		  "2001:db8::1", "2001:db8::1" },
		{ "fe80::1%3", AF_INET6, "fe80::1", 0, 3, "", "", "fe80::1%3",
		  "fe80::1" },
		{ "fe80::1%eth0", AF_INET6, "fe80::1", 0, 0, "eth0", "",
		  "fe80::1%eth0", "fe80::1" },
		{ "[fe80::1]:5353%3", AF_INET6, "fe80::1", 5353, 3, "", "",
		  "[fe80::1]:5353%3", "[fe80::1]:5353" },
		{ "[fe80::1%3]:53#n.example", AF_INET6, "fe80::1", 53, 3, "",
		  "n.example", "[fe80::1]:53%3#n.example",
		  "[fe80::1]:53#n.example" },
		{ "[2001:db8::53]:53", AF_INET6, "2001:db8::53", 53, 0, "", "",
		  "[2001:db8::53]:53", "[2001:db8::53]:53" },
		{ "::1", AF_INET6, "::1", 0, 0, "", "", "::1", "::1" },
		/* a scope on a global address is kept but not shown */
		{ "2001:db8::1%2", AF_INET6, "2001:db8::1", 0, 2, "", "",
		  "2001:db8::1", "2001:db8::1" },
	};
	static const char *const bad[] = {
		"", "10.0.0", "10.0.0.256", "10.0.0.1:", "10.0.0.1:0",
		"10.0.0.1:65536", "10.0.0.1:5x", "[fe80::1", "[10.0.0.1]:53",
		"fe80::1%", "10.0.0.1#", "10.0.0.1#a#b", "dns.example",
		"10.0.0.1 ", "10.0.0.1\x1b[2J", "fe80::1%3%4", "[fe80::1]x",
		"[fe80::1%2]:53%3", "10.0.0.1%0",
	};
	struct dnsview_server s;
	char err[200];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(dnsview_server_parse(&s, ok[i].in, err,
						      sizeof(err)), 0);
		assert_int_equal(s.family, ok[i].family);
		assert_string_equal(s.addr, ok[i].addr);
		assert_int_equal(s.port, ok[i].port);
		assert_int_equal(s.ifindex, ok[i].ifindex);
		assert_string_equal(s.scope_name, ok[i].scope);
		assert_string_equal(s.sni, ok[i].sni);
		assert_string_equal(s.text, ok[i].global_text);
		dnsview_server_format(&s, false);
		assert_string_equal(s.text, ok[i].link_text);
		assert_int_equal(s.probe.state, DNSVIEW_PROBE_NONE);
		assert_int_equal(dnsview_server_port(&s),
				 ok[i].port ? ok[i].port : 53);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		if (dnsview_server_parse(&s, bad[i], err, sizeof(err)) == 0)
			fail_msg("\"%s\" was accepted", bad[i]);
		assert_true(strlen(err) > 5);
	}
}

static void test_server_set_same(void **state)
{
	struct dnsview_server a, b;
	const uint8_t v4[4] = { 10, 0, 0, 1 };
	uint8_t v6[16] = { 0xfe, 0x80 };
	char err[100];

	(void)state;
	v6[15] = 1;
	assert_int_equal(dnsview_server_set(&a, AF_INET, v4, 0, 0, ""), 0);
	assert_string_equal(a.text, "10.0.0.1");
	assert_int_equal(dnsview_server_parse(&b, "10.0.0.1:53", err,
					      sizeof(err)), 0);
	/* port 53 given or not: the same server to query */
	assert_true(dnsview_server_same(&a, &b));
	assert_string_not_equal(a.text, b.text);
	assert_int_equal(dnsview_server_set(&a, AF_INET6, v6, 853, 4,
					    "dot.example"), 0);
	assert_string_equal(a.text, "[fe80::1]:853%4#dot.example");
	assert_int_equal(dnsview_server_set(&a, AF_UNIX, v4, 0, 0, ""), -1);
	assert_int_equal(dnsview_server_set(&a, AF_INET, v4, 0, 0, "a b"), -1);
}

/* --- a view as systemd-resolved reports it --- */

static void build_resolved(struct dnsview *v)
{
	struct dnsview_section *s;
	struct dnsview_server srv;
	char err[100];

	dnsview_init(v);
	v->source = DNSVIEW_SOURCE_RESOLVED;
	strcpy(v->global.llmnr, "no");
	strcpy(v->global.mdns, "no");
	strcpy(v->global.dns_over_tls, "no");
	strcpy(v->global.dnssec, "no");
	v->global.dnssec_supported = 0;
	strcpy(v->global.resolv_conf_mode, "stub");
	add(&v->global, "127.0.0.2");
	add(&v->global, "::1");
	assert_int_equal(dnsview_server_parse(&srv, "127.0.0.3", err,
					      sizeof(err)), 0);
	assert_int_equal(dnsview_add_server(&v->global, true, &srv), 0);
	assert_int_equal(dnsview_add_domain(&v->global, "gr.test", true), 0);
	assert_int_equal(dnsview_add_domain(&v->global, "global.test", false),
			 0);
	dnsview_sort_domains(&v->global);

	s = dnsview_link(v, 5);
	dnsview_section_set_ifname(s, "eth-b");
	s->scopes_known = true;
	s->scopes = DNSVIEW_SCOPE_DNS;
	s->default_route = 1;
	strcpy(s->llmnr, "no");
	strcpy(s->mdns, "no");
	strcpy(s->dns_over_tls, "no");
	strcpy(s->dnssec, "no");
	s->dnssec_supported = 0;
	add(s, "10.77.2.2");
	add(s, "10.77.2.9");
	dnsview_add_domain(s, "nd.test", false);
	dnsview_add_domain(s, "rt.test", true);

	s = dnsview_link(v, 3);		/* inserted before 5 */
	dnsview_section_set_ifname(s, "eth-a");
	s->scopes_known = true;
	s->scopes = DNSVIEW_SCOPE_DNS | DNSVIEW_SCOPE_LLMNR_IPV4 |
		    DNSVIEW_SCOPE_LLMNR_IPV6;
	s->default_route = 1;
	strcpy(s->llmnr, "yes");
	strcpy(s->mdns, "no");
	strcpy(s->dns_over_tls, "opportunistic");
	strcpy(s->dnssec, "allow-downgrade");
	s->dnssec_supported = 1;
	add(s, "10.77.1.2");
	add(s, "[fe80::2]:5353%3");
	add(s, "10.77.1.4#dot.example");
	s->has_current = true;
	s->current = s->servers[0];
	dnsview_add_domain(s, "corp.test", false);

	s = dnsview_link(v, 4);
	dnsview_section_set_ifname(s, "idle0");
	s->scopes_known = true;
	s->default_route = 0;
	strcpy(s->llmnr, "yes");
	strcpy(s->mdns, "no");
	strcpy(s->dns_over_tls, "no");
	strcpy(s->dnssec, "no");
	s->dnssec_supported = 0;
}

static void test_render_resolvectl(void **state)
{
	struct dnsview v;
	char *t;

	(void)state;
	build_resolved(&v);
	assert_int_equal(v.links[0].ifindex, 3);
	t = render(&v, 0, false, true);
	assert_string_equal(t,
		"Global\n"
		"           Protocols: -LLMNR -mDNS -DNSOverTLS DNSSEC=no/unsupported\n"
		"    resolv.conf mode: stub\n"
		"         DNS Servers: 127.0.0.2 ::1\n"
		"Fallback DNS Servers: 127.0.0.3\n"
		"          DNS Domain: global.test ~gr.test\n"
		"\n"
		"Link 3 (eth-a)\n"
		"    Current Scopes: DNS LLMNR/IPv4 LLMNR/IPv6\n"
		"         Protocols: +DefaultRoute +LLMNR -mDNS DNSOverTLS=opportunistic DNSSEC=allow-downgrade/supported\n"
		"Current DNS Server: 10.77.1.2\n"
		"       DNS Servers: 10.77.1.2 [fe80::2]:5353 10.77.1.4#dot.example\n"
		"        DNS Domain: corp.test\n"
		"\n"
		"Link 4 (idle0)\n"
		"Current Scopes: none\n"
		"     Protocols: -DefaultRoute +LLMNR -mDNS -DNSOverTLS DNSSEC=no/unsupported\n"
		"\n"
		"Link 5 (eth-b)\n"
		"Current Scopes: DNS\n"
		"     Protocols: +DefaultRoute -LLMNR -mDNS -DNSOverTLS DNSSEC=no/unsupported\n"
		"   DNS Servers: 10.77.2.2 10.77.2.9\n"
		"    DNS Domain: nd.test ~rt.test\n");
	free(t);

	/* wrapped at 60 columns, as resolvectl does with COLUMNS=60 */
	t = render(&v, 60, false, false);
	assert_non_null(strstr(t,
		"         Protocols: +DefaultRoute +LLMNR -mDNS\n"
		"                    DNSOverTLS=opportunistic\n"
		"                    DNSSEC=allow-downgrade/supported\n"));
	assert_non_null(strstr(t,
		"       DNS Servers: 10.77.1.2 [fe80::2]:5353\n"
		"                    10.77.1.4#dot.example\n"));
	for (char *p = t, *nl; (nl = strchr(p, '\n')); p = nl + 1)
		assert_true(nl - p <= 60);
	free(t);
	dnsview_free(&v);
}

static void test_render_probes(void **state)
{
	struct dnsview_render_opts o = { 80, true, true, true };
	struct dnsview_lines l = { 0 };
	struct dnsview v;
	struct dnsview_section *a;
	size_t i;
	char *t;
	bool seen = false;

	(void)state;
	build_resolved(&v);
	dnsview_set_note(&v, "A note long enough to be wrapped at eighty "
			 "columns, so that the panel shows it on two lines "
			 "and nothing is cut off at the right edge.");
	a = dnsview_find_link(&v, 3);
	a->servers[0].probe = (struct dnsview_probe){
		DNSVIEW_PROBE_ANSWERED, 1234, 0, "NOERROR", 1, false, ". NS" };
	a->current.probe = a->servers[0].probe;
	a->servers[1].probe = (struct dnsview_probe){
		DNSVIEW_PROBE_REFUSED, 300, -1, "port unreachable" };
	a->servers[2].probe = (struct dnsview_probe){
		DNSVIEW_PROBE_TIMEOUT, 700012, -1, "no answer" };
	v.links[2].servers[0].probe = (struct dnsview_probe){
		DNSVIEW_PROBE_REFUSED, 15000, 5, "" };
	v.links[2].servers[1].probe = (struct dnsview_probe){
		DNSVIEW_PROBE_ERROR, 40, -1, "network unreachable" };
	v.global.servers[0].probe = (struct dnsview_probe){
		DNSVIEW_PROBE_ANSWERED, 25400, 2, "SERVFAIL", 0, false, ". NS" };
	v.global.servers[1].probe.state = DNSVIEW_PROBE_PENDING;
	t = render(&v, 80, true, true);
	assert_non_null(strstr(t,
		"A note long enough to be wrapped at eighty columns, so that "
		"the panel shows it\non two lines and nothing is cut off at the "
		"right edge.\n\nGlobal\n"));
	/* only the answer with data resolves; SERVFAIL does not */
	assert_non_null(strstr(t,
		"         DNS Servers: 127.0.0.2  cannot resolve (SERVFAIL, 25 ms)\n"
		"                      ::1        probing...\n"
		"Fallback DNS Servers: 127.0.0.3  not probed\n"));
	/* a result with no room beside its server goes below it */
	assert_non_null(strstr(t,
		"Current DNS Server: 10.77.1.2  resolves (1.2 ms)\n"
		"       DNS Servers: 10.77.1.2              resolves (1.2 ms)\n"
		"                    [fe80::2]:5353\n"
		"                      nothing listens there (port unreachable)\n"
		"                    10.77.1.4#dot.example  timed out after 700 ms\n"));
	assert_non_null(strstr(t,
		"   DNS Servers: 10.77.2.2  refuses this client (REFUSED, 15 ms)\n"
		"                10.77.2.9  error: network unreachable\n"));
	for (char *p = t, *nl; (nl = strchr(p, '\n')); p = nl + 1)
		assert_true(nl - p <= 80);
	free(t);

	/* the probe results are marked spans with their own style */
	assert_int_equal(dnsview_render(&v, &o, &l), 0);
	for (i = 0; i < l.count; i++) {
		if (!strstr(l.items[i].text, "timed out"))
			continue;
		seen = true;
		assert_int_equal(l.items[i].mark_style, DNSVIEW_STYLE_BAD);
		assert_string_equal(l.items[i].text + l.items[i].mark_at,
				    "timed out after 700 ms");
	}
	assert_true(seen);
	/* green only for the server that resolves; SERVFAIL is bad */
	for (i = 0; i < l.count; i++) {
		if (strstr(l.items[i].text, "resolves ("))
			assert_int_equal(l.items[i].mark_style,
					 DNSVIEW_STYLE_GOOD);
		if (strstr(l.items[i].text, "SERVFAIL"))
			assert_int_equal(l.items[i].mark_style,
					 DNSVIEW_STYLE_BAD);
		if (strstr(l.items[i].text, "probing"))
			assert_int_equal(l.items[i].mark_style,
					 DNSVIEW_STYLE_WARN);
	}
	assert_int_equal(l.items[0].style, DNSVIEW_STYLE_NOTE);
	/* hide_idle drops the link with nothing on it */
	for (i = 0; i < l.count; i++)
		assert_null(strstr(l.items[i].text, "idle0"));
	dnsview_lines_free(&l);

	/* a narrow width puts the result under its server, and wraps it
	 * word by word: nothing of it is cut off */
	t = render(&v, 40, true, false);
	assert_non_null(strstr(t,
		"                    10.77.1.4#dot.example\n"
		"                      timed out after\n"
		"                      700 ms\n"));
	assert_non_null(strstr(t,
		"   DNS Servers: 10.77.2.2\n"
		"                  refuses this client\n"
		"                  (REFUSED, 15 ms)\n"));
	free(t);
	/* each wrapped piece is a marked span in the result's style */
	memset(&l, 0, sizeof(l));
	o.width = 40;
	assert_int_equal(dnsview_render(&v, &o, &l), 0);
	seen = false;
	for (i = 0; i < l.count; i++) {
		if (strcmp(l.items[i].text, "                  (REFUSED, 15 "
			   "ms)"))
			continue;
		seen = true;
		assert_int_equal(l.items[i].mark_at, 18);
		assert_int_equal(l.items[i].mark_len, 16);
		assert_int_equal(l.items[i].mark_style, DNSVIEW_STYLE_BAD);
	}
	assert_true(seen);
	dnsview_lines_free(&l);
	dnsview_free(&v);
}

static void test_probe_text(void **state)
{
	struct dnsview_probe p = { DNSVIEW_PROBE_NONE, -1, -1, "" };
	char b[200], rc[16];

	(void)state;
	assert_string_equal(dnsview_probe_text(&p, b, sizeof(b)), "not probed");
	p.state = DNSVIEW_PROBE_ANSWERED;
	p.rtt_us = 400;
	p.rcode = 3;
	/* NXDOMAIN for ". NS" is not an answer to be glad of */
	assert_string_equal(dnsview_probe_text(&p, b, sizeof(b)),
			    "broken or lying (NXDOMAIN, "
			    "0.4 ms)");
	p.rcode = 0;
	p.answers = 0;
	assert_string_equal(dnsview_probe_text(&p, b, sizeof(b)),
			    "broken or lying: no data (NOERROR, 0.4 ms)");
	p.answers = 13;
	assert_string_equal(dnsview_probe_text(&p, b, sizeof(b)),
			    "resolves (0.4 ms)");
	p.state = DNSVIEW_PROBE_REFUSED;
	p.rcode = -1;
	p.detail[0] = '\0';
	assert_string_equal(dnsview_probe_text(&p, b, sizeof(b)),
			    "nothing listens there (port unreachable)");
	p.state = DNSVIEW_PROBE_TIMEOUT;
	p.rtt_us = 3000400;
	assert_string_equal(dnsview_probe_text(&p, b, sizeof(b)),
			    "timed out after 3000 ms");
	p.state = DNSVIEW_PROBE_ERROR;
	assert_string_equal(dnsview_probe_text(&p, b, sizeof(b)),
			    "error: not sent");
	assert_string_equal(dnsview_rcode_name(2, rc, sizeof(rc)), "SERVFAIL");
	assert_string_equal(dnsview_rcode_name(15, rc, sizeof(rc)), "RCODE15");
	assert_string_equal(dnsview_probe_state_name(DNSVIEW_PROBE_TIMEOUT),
			    "timeout");
	assert_string_equal(dnsview_probe_state_name(DNSVIEW_PROBE_NONE),
			    "not-probed");
}

/* The probes summed up in words: only servers that resolve are counted
 * as such; the others by what went wrong. */
static void test_probe_summary(void **state)
{
	struct dnsview v;
	char b[200];

	(void)state;
	dnsview_init(&v);
	v.source = DNSVIEW_SOURCE_RESOLV_CONF;
	assert_string_equal(dnsview_probe_summary(&v, b, sizeof(b)),
			    "no server probed yet");
	add(&v.global, "10.0.0.1");
	assert_string_equal(dnsview_probe_summary(&v, b, sizeof(b)),
			    "no server probed yet");
	v.global.servers[0].probe = (struct dnsview_probe){
		DNSVIEW_PROBE_ANSWERED, 900, 2, "SERVFAIL", 0, false, ". NS" };
	assert_string_equal(dnsview_probe_summary(&v, b, sizeof(b)),
			    "the server does not resolve (1 SERVFAIL)");
	add(&v.global, "10.0.0.2");
	add(&v.global, "10.0.0.3");
	add(&v.global, "10.0.0.4");
	v.global.servers[1].probe = (struct dnsview_probe){
		DNSVIEW_PROBE_ANSWERED, 900, 0, "NOERROR", 13, false, ". NS" };
	v.global.servers[2].probe = (struct dnsview_probe){
		DNSVIEW_PROBE_TIMEOUT, 1000000, -1, "no answer", -1, false,
		". NS" };
	v.global.servers[3].probe.state = DNSVIEW_PROBE_PENDING;
	assert_string_equal(dnsview_probe_summary(&v, b, sizeof(b)),
			    "1 resolves; 2 do not (1 SERVFAIL, 1 timed out); "
			    "1 probing");
	v.global.servers[0].probe.answers = 2;
	v.global.servers[0].probe.rcode = 0;
	v.global.servers[2].probe.state = DNSVIEW_PROBE_NONE;
	v.global.servers[3].probe.state = DNSVIEW_PROBE_NONE;
	assert_string_equal(dnsview_probe_summary(&v, b, sizeof(b)),
			    "2 resolve");
	/* a small buffer: cut, terminated */
	assert_int_equal(strlen(dnsview_probe_summary(&v, b, 4)), 3);
	dnsview_free(&v);
}

/* --- JSON --- */

static void test_json(void **state)
{
	struct diag_list d;
	struct dnsview v;
	char *t;

	(void)state;
	build_resolved(&v);
	dnsview_set_note(&v, "quote \" backslash \\ newline \n tab \t bell \a");
	v.links[0].servers[0].probe = (struct dnsview_probe){
		DNSVIEW_PROBE_ANSWERED, 1234, 0, "NOERROR", 13, false, ". NS" };
	v.links[0].servers[1].probe = (struct dnsview_probe){
		DNSVIEW_PROBE_ANSWERED, 900, 2, "SERVFAIL", 0, false, ". NS" };
	diag_list_init(&d);
	assert_int_equal(dnsview_check(&v, &d), 0);
	t = json(&v, &d, 0);
	assert_json(t);
	assert_non_null(strstr(t, "\"source\": \"resolved\""));
	assert_non_null(strstr(t, "\\\" backslash \\\\ newline \\n tab \\t "
			       "bell \\u0007"));
	assert_non_null(strstr(t, "{\"text\": \"10.77.1.2\", \"address\": "
		"\"10.77.1.2\", \"family\": \"ipv4\", \"port\": 53, \"ifindex\": "
		"null, \"server_name\": null, \"probe\": {\"state\": "
		"\"answered\", \"rtt_ms\": 1.2, \"rcode\": \"NOERROR\", "
		"\"detail\": \"NOERROR\", \"query\": \". NS\", \"answers\": "
		"13, \"verdict\": \"resolves\", \"resolves\": true, "
		"\"explanation\": null}}"));
	/* SERVFAIL: answered, but it does not resolve, and says why */
	assert_non_null(strstr(t, "\"rcode\": \"SERVFAIL\", \"detail\": "
		"\"SERVFAIL\", \"query\": \". NS\", \"answers\": 0, "
		"\"verdict\": \"servfail\", \"resolves\": false, "
		"\"explanation\": \"answered SERVFAIL (server failure) to "
		"\\\". NS\\\": it is there but cannot resolve names"));
	/* never probed: the verdict and its words are null */
	assert_non_null(strstr(t, "{\"state\": \"not-probed\", \"rtt_ms\": "
		"null, \"rcode\": null, \"detail\": null, \"query\": null, "
		"\"answers\": null, \"verdict\": null, \"resolves\": null, "
		"\"explanation\": null}"));
	assert_non_null(strstr(t, "\"text\": \"[fe80::2]:5353\", \"address\": "
			       "\"fe80::2\", \"family\": \"ipv6\", \"port\": "
			       "5353, \"ifindex\": 3,"));
	assert_non_null(strstr(t, "\"scopes\": [\"DNS\", \"LLMNR/IPv4\", "
			       "\"LLMNR/IPv6\"]"));
	assert_non_null(strstr(t, "\"domains\": [{\"name\": \"nd.test\", "
			       "\"route_only\": false}, {\"name\": "
			       "\"rt.test\", \"route_only\": true}]"));
	assert_non_null(strstr(t, "\"problems\": ["));
	assert_non_null(strstr(t, "\n  \"global\": {\n    \"ifindex\": null,"));
	free(t);
	/* compact: one line */
	t = json(&v, NULL, -1);
	assert_json(t);
	assert_null(strchr(t, '\n'));
	assert_null(strstr(t, "problems"));
	free(t);
	/* an empty view */
	dnsview_free(&v);
	t = json(&v, NULL, 2);
	assert_json(t);
	assert_non_null(strstr(t, "\"source\": \"none\""));
	assert_non_null(strstr(t, "\"links\": []"));
	free(t);
	diag_list_free(&d);
}

/* --- model helpers --- */

static void test_copy_equal(void **state)
{
	struct dnsview a, b;

	(void)state;
	build_resolved(&a);
	dnsview_init(&b);
	assert_int_equal(dnsview_copy(&b, &a), 0);
	assert_true(dnsview_equal(&a, &b));
	/* probes do not count */
	b.links[0].servers[0].probe.state = DNSVIEW_PROBE_TIMEOUT;
	assert_true(dnsview_equal(&a, &b));
	b.links[1].default_route = 1;
	assert_false(dnsview_equal(&a, &b));
	b.links[1].default_route = 0;
	strcpy(b.links[2].domains[0].name, "other.test");
	assert_false(dnsview_equal(&a, &b));
	assert_int_equal(dnsview_copy(&b, &a), 0);
	dnsview_set_note(&b, "x");
	assert_false(dnsview_equal(&a, &b));
	/* the copy is deep */
	dnsview_free(&a);
	assert_string_equal(b.links[0].servers[2].sni, "dot.example");
	dnsview_free(&b);
	/* duplicate domains are not added twice; links stay ordered */
	dnsview_init(&a);
	assert_non_null(dnsview_link(&a, 9));
	assert_non_null(dnsview_link(&a, 2));
	assert_non_null(dnsview_link(&a, 4));
	assert_null(dnsview_link(&a, 0));
	assert_int_equal(a.links[0].ifindex, 2);
	assert_int_equal(a.links[2].ifindex, 9);
	assert_ptr_equal(dnsview_link(&a, 4), &a.links[1]);
	assert_int_equal(dnsview_add_domain(&a.links[0], "x.test", true), 0);
	assert_int_equal(dnsview_add_domain(&a.links[0], "x.test", true), 0);
	assert_int_equal(a.links[0].ndomains, 1);
	dnsview_free(&a);
}

struct each_ctx {
	char seen[512];
};

static int each_fn(const struct dnsview_server *s, int link, void *ctx)
{
	struct each_ctx *c = ctx;

	snprintf(c->seen + strlen(c->seen), sizeof(c->seen) - strlen(c->seen),
		 "%d:%s ", link, s->text);
	return 0;
}

static void test_each_server(void **state)
{
	struct each_ctx c = { "" };
	struct dnsview v;

	(void)state;
	build_resolved(&v);
	add(&v.global, "127.0.0.2:53");	/* the same server as 127.0.0.2 */
	add(&v.links[2], "127.0.0.2");		/* but per link it is its own */
	assert_int_equal(dnsview_each_server(&v, each_fn, &c), 0);
	assert_string_equal(c.seen,
		"0:127.0.0.2 0:::1 0:127.0.0.3 3:10.77.1.2 3:[fe80::2]:5353 "
		"3:10.77.1.4#dot.example 5:10.77.2.2 5:10.77.2.9 "
		"5:127.0.0.2 ");
	dnsview_free(&v);
}

/* --- checks --- */

static void test_check(void **state)
{
	struct dnsview v;
	struct diag_list d;
	const struct diag *x;

	(void)state;
	diag_list_init(&d);
	dnsview_init(&v);
	v.source = DNSVIEW_SOURCE_RESOLVED;
	dnsview_link(&v, 2);
	assert_int_equal(dnsview_check(&v, &d), 0);
	x = diag_find(&d, "dns");
	assert_non_null(x);
	assert_int_equal(x->severity, DIAG_ERROR);
	assert_non_null(strstr(x->message, "No DNS server"));
	dnsview_free(&v);

	/* the stub in resolv.conf while resolved is down */
	diag_list_clear(&d);
	assert_int_equal(dnsview_build_from_files(&v, "nameserver 127.0.0.53\n",
						  NULL, NULL, 0, NULL), 0);
	assert_int_equal(dnsview_check(&v, &d), 0);
	x = diag_find(&d, "dns.global");
	assert_non_null(x);
	assert_int_equal(x->severity, DIAG_ERROR);
	assert_non_null(strstr(x->message, "not running"));
	assert_int_equal(d.count, 1);
	dnsview_free(&v);

	/* failing servers; a default-route link whose servers all fail;
	 * servers without a DNS scope */
	diag_list_clear(&d);
	build_resolved(&v);
	v.links[2].servers[0].probe.state = DNSVIEW_PROBE_REFUSED;
	v.links[2].servers[0].probe.rcode = 5;
	v.links[2].servers[1].probe.state = DNSVIEW_PROBE_TIMEOUT;
	v.links[2].servers[1].probe.rtt_us = 700000;
	v.links[0].servers[1].probe.state = DNSVIEW_PROBE_REFUSED;
	v.links[0].servers[0].probe.state = DNSVIEW_PROBE_ANSWERED;
	v.links[0].servers[0].probe.rcode = 0;
	v.links[0].servers[0].probe.answers = 13;
	v.links[0].scopes = DNSVIEW_SCOPE_LLMNR_IPV4;
	assert_int_equal(dnsview_check(&v, &d), 0);
	x = diag_find(&d, "dns.links[eth-b].servers[0]");
	assert_non_null(x);
	assert_non_null(strstr(x->message, "DNS server 10.77.2.2 of interface eth-b "
			       "answered REFUSED to \". NS\": it is there but "
			       "does not serve this client"));
	x = diag_find(&d, "dns.links[eth-b].servers[1]");
	assert_non_null(x);
	assert_non_null(strstr(x->message, "within 700 ms"));
	x = diag_find(&d, "dns.links[eth-b]");
	assert_non_null(x);
	assert_int_equal(x->severity, DIAG_ERROR);
	x = diag_find(&d, "dns.links[eth-a].servers[1]");
	assert_non_null(x);
	assert_non_null(strstr(x->message, "nothing listens"));
	x = diag_find(&d, "dns.links[eth-a]");
	assert_non_null(x);
	assert_int_equal(x->severity, DIAG_WARNING);
	assert_non_null(strstr(x->message, "no DNS scope"));
	assert_int_equal(d.count, 5);
	dnsview_free(&v);

	/* servers that answer but do not resolve: each explained, and a
	 * default-route link with none that resolves is an error (before,
	 * NXDOMAIN and SERVFAIL counted as answered: no problem at all) */
	diag_list_clear(&d);
	build_resolved(&v);
	v.links[2].servers[0].probe = (struct dnsview_probe){
		DNSVIEW_PROBE_ANSWERED, 1000, 3, "NXDOMAIN", 0, false, ". NS" };
	v.links[2].servers[1].probe = (struct dnsview_probe){
		DNSVIEW_PROBE_ANSWERED, 1000, 0, "NOERROR", 0, false, ". NS" };
	assert_int_equal(dnsview_check(&v, &d), 0);
	x = diag_find(&d, "dns.links[eth-b].servers[0]");
	assert_non_null(x);
	assert_non_null(strstr(x->message, "NXDOMAIN (\"no such name\") for "
			       "\". NS\", the root of the DNS, which always "
			       "exists: the server is broken or lying"));
	x = diag_find(&d, "dns.links[eth-b].servers[1]");
	assert_non_null(x);
	assert_non_null(strstr(x->message, "with no records (NOERROR, "
			       "empty)"));
	x = diag_find(&d, "dns.links[eth-b]");
	assert_non_null(x);
	assert_int_equal(x->severity, DIAG_ERROR);
	assert_non_null(strstr(x->message, "None of the DNS servers of interface eth-b "
			       "resolves"));
	/* one that resolves: no error for the link, no word for it */
	diag_list_clear(&d);
	v.links[2].servers[1].probe.answers = 1;
	assert_int_equal(dnsview_check(&v, &d), 0);
	assert_null(diag_find(&d, "dns.links[eth-b]"));
	assert_null(diag_find(&d, "dns.links[eth-b].servers[1]"));
	assert_non_null(diag_find(&d, "dns.links[eth-b].servers[0]"));
	dnsview_free(&v);
	diag_list_free(&d);
}

/* resolvectl's terse values get plain words beside them (not when
 * comparing with resolvectl) */
static void test_render_plain_words(void **state)
{
	struct dnsview_render_opts o = { 80, false, false, false };
	struct dnsview v;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	build_resolved(&v);
	strcpy(v.global.resolv_conf_mode, "foreign");
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(dnsview_write_text(f, &v, &o), 0);
	fclose(f);
	/* wrapped in the value column, within 80 columns */
	for (char *p = buf, *nl; (nl = strchr(p, '\n')); p = nl + 1)
		assert_true(nl - p <= 80);
	assert_non_null(strstr(buf, "    resolv.conf mode: foreign "
			       "(/etc/resolv.conf"));
	squash(buf);
	assert_non_null(strstr(buf, "resolv.conf mode: foreign "
		"(/etc/resolv.conf was written by another program, not by "
		"systemd-resolved: programs ask only the servers listed in it, "
		"so the link settings below do not apply to them; if "
		"systemd-resolved should serve them, link /etc/resolv.conf to "
		"/run/systemd/resolve/stub-resolv.conf) "));
	assert_non_null(strstr(buf, "Current Scopes: none (the link is down "
			       "or has no address: not used for DNS) "));
	free(buf);
	buf = NULL;
	/* each mode says what it means */
	static const char *const modes[][2] = {
		{ "stub", "stub (programs ask systemd-resolved at 127.0.0.53" },
		{ "static", "static (programs ask systemd-resolved at" },
		{ "uplink", "uplink (programs skip systemd-resolved" },
		{ "missing", "missing (there is no /etc/resolv.conf: most" },
	};
	for (size_t i = 0; i < 4; i++) {
		strcpy(v.global.resolv_conf_mode, modes[i][0]);
		o.width = 0;
		f = open_memstream(&buf, &len);
		assert_non_null(f);
		assert_int_equal(dnsview_write_text(f, &v, &o), 0);
		fclose(f);
		assert_non_null(strstr(buf, modes[i][1]));
		free(buf);
		buf = NULL;
	}
	/* terse: resolvectl's word alone */
	o.terse = true;
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(dnsview_write_text(f, &v, &o), 0);
	fclose(f);
	assert_non_null(strstr(buf, "    resolv.conf mode: missing\n"));
	assert_non_null(strstr(buf, "Current Scopes: none\n"));
	free(buf);
	dnsview_free(&v);
}

/* D as dnsview_write_problems writes it under " Problems:" (caller
 * frees). */
static char *problems_text(const struct diag_list *d)
{
	char *t = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&t, &len);

	assert_non_null(f);
	dnsview_write_problems(f, d, " Problems:");
	fclose(f);
	return t;
}

/* The writer `edgenet status` uses: each line that is not empty after
 * the indent, the blank line between sections left empty; the problems
 * after their heading, their outside words escaped; none: nothing. */
static void test_write_indent_problems(void **state)
{
	struct dnsview_render_opts o = { .probes = true };
	struct dnsview v;
	struct diag_list d;
	char *plain = NULL, *ind = NULL, *p;
	size_t len = 0, n = 0;
	FILE *f;

	(void)state;
	build_resolved(&v);
	f = open_memstream(&plain, &len);
	assert_non_null(f);
	assert_int_equal(dnsview_write_text(f, &v, &o), 0);
	fclose(f);
	o.indent = 2;
	f = open_memstream(&ind, &len);
	assert_non_null(f);
	assert_int_equal(dnsview_write_text(f, &v, &o), 0);
	fclose(f);
	/* the same lines, two blanks before each one that has text */
	for (p = plain; *p; n++) {
		char *nl = strchr(p, '\n');

		assert_non_null(nl);
		if (nl > p) {
			assert_memory_equal(ind + n, "  ", 2);
			n += 2;
		}
		assert_memory_equal(ind + n, p, (size_t)(nl - p));
		n += (size_t)(nl - p);
		assert_int_equal(ind[n], '\n');
		p = nl + 1;
	}
	assert_int_equal(ind[n], '\0');
	assert_non_null(strstr(plain, "\n\n"));
	free(plain);
	free(ind);

	diag_list_init(&d);
	plain = problems_text(&d);
	assert_string_equal(plain, "");
	free(plain);
	assert_int_equal(diag_add(&d, DIAG_WARNING, "dns.links[eth\x1b" "0]",
				  "server \x1b[2J gone"), 0);
	plain = problems_text(&d);
	assert_null(strchr(plain, '\x1b'));
	assert_true(!strncmp(plain, " Problems:\n  warning: dns.links[eth",
			     strlen(" Problems:\n  warning: dns.links[eth")));
	assert_non_null(strstr(plain, "]: server "));
	free(plain);
	/* a problem of the whole view has no field: no empty one is said
	 * (it was "  error: : ...") */
	diag_list_clear(&d);
	assert_int_equal(diag_add(&d, DIAG_ERROR, "", "no DNS server"), 0);
	plain = problems_text(&d);
	assert_string_equal(plain, " Problems:\n  error: no DNS server\n");
	free(plain);
	diag_list_free(&d);
	dnsview_free(&v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_server_parse),
		cmocka_unit_test(test_server_set_same),
		cmocka_unit_test(test_render_resolvectl),
		cmocka_unit_test(test_render_probes),
		cmocka_unit_test(test_render_plain_words),
		cmocka_unit_test(test_write_indent_problems),
		cmocka_unit_test(test_probe_text),
		cmocka_unit_test(test_probe_summary),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_copy_equal),
		cmocka_unit_test(test_each_server),
		cmocka_unit_test(test_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
