/*
 * test_panel_dns.c - the DNS panel (screens/panel_dns.c) drawn off-screen:
 * curses on /dev/null (newterm), 80x20 monochrome, the window read back
 * with mvwinnstr.  A fixed struct dnsview_panel as the model: the title,
 * the source line, the servers with their probe results, the problems,
 * scrolling, the keys ('r' only sets refresh_requested), the fallback
 * and "not available" states.  No terminal, no backend.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <curses.h>

#include "../screens/panel_dns.h"
#include "screen_lib.h"

#define ROWS 20
#define COLS_ 80

static int setup(void **state)
{
	(void)state;
	return screen_lib_open(24, 80);
}

static int teardown(void **state)
{
	(void)state;
	screen_lib_close();
	return 0;
}

static void add(struct dnsview_section *s, const char *text,
		enum dnsview_probe_state st, int64_t rtt, int rcode,
		int answers, const char *detail)
{
	struct dnsview_server srv;
	char err[100];

	assert_int_equal(dnsview_server_parse(&srv, text, err, sizeof(err)),
			 0);
	srv.probe.state = st;
	srv.probe.rtt_us = rtt;
	srv.probe.rcode = rcode;
	srv.probe.answers = answers;
	snprintf(srv.probe.query, sizeof(srv.probe.query), ". NS");
	snprintf(srv.probe.detail, sizeof(srv.probe.detail), "%s", detail);
	assert_int_equal(dnsview_add_server(s, false, &srv), 0);
}

static void model(struct dnsview_panel *d)
{
	struct dnsview_section *s;

	dnsview_panel_init(d);
	snprintf(d->machine, sizeof(d->machine), "this machine");
	snprintf(d->status, sizeof(d->status), "systemd-resolved (D-Bus)");
	snprintf(d->probe_name, sizeof(d->probe_name), ". NS");
	d->view.source = DNSVIEW_SOURCE_RESOLVED;
	strcpy(d->view.global.llmnr, "no");
	strcpy(d->view.global.mdns, "no");
	strcpy(d->view.global.dns_over_tls, "no");
	strcpy(d->view.global.dnssec, "no");
	d->view.global.dnssec_supported = 0;
	strcpy(d->view.global.resolv_conf_mode, "stub");
	for (int i = 2; i <= 8; i++) {
		char name[16];

		s = dnsview_link(&d->view, i);
		snprintf(name, sizeof(name), "eth%d", i - 2);
		dnsview_section_set_ifname(s, name);
		s->scopes_known = true;
		s->default_route = 0;
		strcpy(s->llmnr, "yes");
		strcpy(s->mdns, "no");
	}
	s = dnsview_link(&d->view, 2);
	s->scopes = DNSVIEW_SCOPE_DNS;
	s->default_route = 1;
	add(s, "192.168.122.1", DNSVIEW_PROBE_ANSWERED, 800, 0, 13, "NOERROR");
	add(s, "192.168.122.9", DNSVIEW_PROBE_TIMEOUT, 3000000, -1, -1,
	    "no answer");
	dnsview_add_domain(s, "plant.example", false);
	s = dnsview_link(&d->view, 3);
	s->scopes = DNSVIEW_SCOPE_DNS;
	add(s, "10.50.0.53", DNSVIEW_PROBE_REFUSED, 400, -1, -1,
	    "port unreachable");
	dnsview_add_domain(s, "ot.local", true);
	assert_int_equal(dnsview_check(&d->view, &d->problems), 0);
	d->changed_wall = 0;
}

/* T with its lines joined: a newline and the blanks around it become one
 * space, so that a wrapped sentence can be looked for whole. */
static char *flat(const char *t)
{
	char *f = strdup(t), *w = f;

	assert_non_null(f);
	for (const char *r = t; *r; ) {
		if (*r == '\n') {
			while (w > f && w[-1] == ' ')
				w--;
			while (*r == '\n' || *r == ' ')
				r++;
			*w++ = ' ';
			continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
	return f;
}

static char *draw(struct screen *s, int rows)
{
	return screen_lib_draw(s, rows, COLS_);
}

static void test_panel(void **state)
{
	struct screen s = { &panel_dns_screen, NULL, NULL, 0, 0 };
	struct dnsview_panel d;
	char *t, *f;

	(void)state;
	model(&d);
	assert_int_equal(s.cls->create(&s), 0);
	panel_dns_attach(&s, &d);
	t = draw(&s, ROWS);
	assert_non_null(strstr(t, "\n DNS of this machine\n"));
	/* the source line, wrapped in three, whole: what the probes ask,
	 * in words, and how many servers resolve */
	assert_non_null(strstr(t, " systemd-resolved (D-Bus); changed -. Each "
			       "server asked \". NS\" (the root's name\n"
			       " servers, which every working server finds): 1 "
			       "resolves; 2 do not (1 nothing\n"
			       " listening, 1 timed out)\n"));
	/* resolv.conf mode with plain words beside resolvectl's */
	assert_non_null(strstr(t, " resolv.conf mode: stub (programs ask "
			       "systemd-resolved at 127.0.0.53, which\n"
			       "                   sends each query to the "
			       "servers below)\n"));
	assert_non_null(strstr(t,
		" Current Scopes: DNS\n"
		"      Protocols: +DefaultRoute +LLMNR -mDNS\n"
		"    DNS Servers: 192.168.122.1  resolves (0.8 ms)\n"
		"                 192.168.122.9  timed out after 3000 ms\n"));
	/* idle links are hidden until 'a' */
	assert_null(strstr(t, "eth3"));
	assert_non_null(strstr(t, "lines 1-"));
	assert_non_null(strstr(t, "more below"));
	free(t);

	/* the end: the problems */
	assert_int_equal(s.cls->key(&s, KEY_END), INTENT_HANDLED);
	t = draw(&s, ROWS);
	assert_non_null(strstr(t, "    DNS Servers: 10.50.0.53  nothing "
			       "listens there (port unreachable)\n"));
	assert_non_null(strstr(t, " Problems\n"));
	f = flat(t);
	assert_non_null(strstr(f, " warning: DNS server 10.50.0.53 of "
			       "interface eth1 refused the query: nothing "
			       "listens for DNS at that address (port "
			       "unreachable); check the address, or start the "
			       "DNS service there. "));
	free(f);
	assert_null(strstr(t, "more below"));
	free(t);
	assert_int_equal(s.cls->key(&s, KEY_HOME), INTENT_HANDLED);
	assert_int_equal(s.cls->key(&s, KEY_UP), INTENT_HANDLED);

	assert_int_equal(s.cls->key(&s, 'a'), INTENT_HANDLED);
	assert_int_equal(s.cls->key(&s, KEY_NPAGE), INTENT_HANDLED);
	t = draw(&s, ROWS);
	assert_non_null(strstr(t, "eth3"));
	free(t);

	assert_false(d.refresh_requested);
	assert_int_equal(s.cls->key(&s, 'r'), INTENT_HANDLED);
	assert_true(d.refresh_requested);
	assert_int_equal(s.cls->key(&s, 27), INTENT_BACK);
	assert_int_equal(s.cls->key(&s, 'x'), INTENT_NONE);
	assert_non_null(s.cls->help(&s));

	/* the fallback: the note and the warning colour of the source */
	dnsview_set_note(&d.view, "systemd-resolved is not running: showing "
			 "the saved settings of its links.");
	d.view.source = DNSVIEW_SOURCE_FILES;
	snprintf(d.status, sizeof(d.status), "systemd-resolved is not running");
	assert_int_equal(s.cls->key(&s, KEY_HOME), INTENT_HANDLED);
	t = draw(&s, ROWS);
	assert_non_null(strstr(t, " systemd-resolved is not running; changed"));
	assert_non_null(strstr(t, "\n systemd-resolved is not running: showing "
			       "the saved settings of its links.\n"));
	free(t);

	/* nothing read yet; nothing attached */
	d.view.source = DNSVIEW_SOURCE_NONE;
	t = draw(&s, ROWS);
	assert_non_null(strstr(t, "Reading systemd-resolved"));
	free(t);
	panel_dns_attach(&s, NULL);
	t = draw(&s, ROWS);
	assert_non_null(strstr(t, "not available"));
	free(t);
	/* a tiny window does not break it */
	panel_dns_attach(&s, &d);
	d.view.source = DNSVIEW_SOURCE_RESOLVED;
	t = draw(&s, 4);
	free(t);
	s.cls->destroy(&s);
	dnsview_panel_free(&d);
}

/* Servers that answer without resolving: each named in words beside it
 * (NXDOMAIN and an empty answer were shown as good before), each
 * explained in the problems with what to do, the summary counts them,
 * and the help no longer calls SERVFAIL good. */
static void test_panel_verdicts(void **state)
{
	struct screen s = { &panel_dns_screen, NULL, NULL, 0, 0 };
	struct dnsview_section *l;
	struct dnsview_panel d;
	const char *help;
	char *t, *f;

	(void)state;
	dnsview_panel_init(&d);
	snprintf(d.machine, sizeof(d.machine), "this machine");
	snprintf(d.status, sizeof(d.status), "systemd-resolved (D-Bus)");
	snprintf(d.probe_name, sizeof(d.probe_name), ". NS");
	d.view.source = DNSVIEW_SOURCE_RESOLVED;
	strcpy(d.view.global.resolv_conf_mode, "foreign");
	l = dnsview_link(&d.view, 2);
	dnsview_section_set_ifname(l, "eth0");
	l->scopes_known = true;
	l->scopes = DNSVIEW_SCOPE_DNS;
	l->default_route = 1;
	add(l, "10.0.0.1", DNSVIEW_PROBE_ANSWERED, 1000, 3, 0, "NXDOMAIN");
	add(l, "10.0.0.2", DNSVIEW_PROBE_ANSWERED, 25000, 2, 0, "SERVFAIL");
	add(l, "10.0.0.3", DNSVIEW_PROBE_REFUSED, 900, 5, 0, "REFUSED");
	add(l, "10.0.0.4", DNSVIEW_PROBE_ANSWERED, 800, 0, 0, "NOERROR");
	assert_int_equal(dnsview_check(&d.view, &d.problems), 0);
	assert_int_equal(s.cls->create(&s), 0);
	panel_dns_attach(&s, &d);
	t = screen_lib_draw(&s, 24, COLS_);
	assert_non_null(strstr(t, "server finds): none of the servers "
			       "resolves (1\n empty answer, 1 NXDOMAIN, 1 "
			       "SERVFAIL, 1 REFUSED)\n"));
	assert_null(strstr(t, "  resolves ("));	/* beside no server */
	assert_non_null(strstr(t,
		"    DNS Servers: 10.0.0.1  broken or lying (NXDOMAIN, 1.0 ms)\n"
		"                 10.0.0.2  cannot resolve (SERVFAIL, 25 ms)\n"
		"                 10.0.0.3  refuses this client (REFUSED, "
		"0.9 ms)\n"
		"                 10.0.0.4  broken or lying: no data "
		"(NOERROR, 0.8 ms)\n"));
	/* foreign in plain words, with what to do */
	assert_non_null(strstr(t, " resolv.conf mode: foreign (/etc/resolv.conf "
			       "was written by another program,\n"));
	free(t);
	/* the problems, at the end: whole sentences with the fix */
	assert_int_equal(s.cls->key(&s, KEY_END), INTENT_HANDLED);
	t = screen_lib_draw(&s, 24, COLS_);
	assert_non_null(strstr(t, " error: None of the DNS servers of interface eth0 "
			       "resolves"));
	f = flat(t);
	assert_non_null(strstr(f, "DNS server 10.0.0.2 of interface eth0 "
			       "answered SERVFAIL (server failure) to \". NS\": "
			       "it is there but cannot resolve names, usually "
			       "because it cannot reach the internet or the "
			       "zone's servers; check that server's own "
			       "internet connection and its forwarders, or use "
			       "another DNS server."));
	free(f);
	assert_null(strstr(t, "more below"));
	free(t);
	help = s.cls->help(&s);
	assert_null(strstr(help, "'answered' is good"));
	assert_non_null(strstr(help, "Only 'resolves' is good."));
	assert_non_null(strstr(help, "'cannot resolve' (SERVFAIL): the server "
			       "is there but cannot reach the internet"));
	assert_non_null(strstr(help, "'refuses this client' (REFUSED): it "
			       "does not serve this client"));
	s.cls->destroy(&s);
	dnsview_panel_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_panel),
		cmocka_unit_test(test_panel_verdicts),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
