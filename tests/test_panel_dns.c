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
		const char *detail)
{
	struct dnsview_server srv;
	char err[100];

	assert_int_equal(dnsview_server_parse(&srv, text, err, sizeof(err)),
			 0);
	srv.probe.state = st;
	srv.probe.rtt_us = rtt;
	srv.probe.rcode = rcode;
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
	add(s, "192.168.122.1", DNSVIEW_PROBE_ANSWERED, 800, 0, "NOERROR");
	add(s, "192.168.122.9", DNSVIEW_PROBE_TIMEOUT, 3000000, -1,
	    "no answer");
	dnsview_add_domain(s, "plant.example", false);
	s = dnsview_link(&d->view, 3);
	s->scopes = DNSVIEW_SCOPE_DNS;
	add(s, "10.50.0.53", DNSVIEW_PROBE_REFUSED, 400, -1,
	    "port unreachable");
	dnsview_add_domain(s, "ot.local", true);
	assert_int_equal(dnsview_check(&d->view, &d->problems), 0);
	d->changed_wall = 0;
}

static char *draw(struct screen *s, int rows)
{
	return screen_lib_draw(s, rows, COLS_);
}

static void test_panel(void **state)
{
	struct screen s = { &panel_dns_screen, NULL, NULL, 0, 0 };
	struct dnsview_panel d;
	char *t;

	(void)state;
	model(&d);
	assert_int_equal(s.cls->create(&s), 0);
	panel_dns_attach(&s, &d);
	t = draw(&s, ROWS);
	assert_non_null(strstr(t, "\n DNS of this machine\n"));
	/* the source line, wrapped in two */
	assert_non_null(strstr(t, " systemd-resolved (D-Bus); changed -; "
			       "probes of \". NS\": 1 answered, 1 refused,\n"
			       " 1 timed out\n"));
	assert_non_null(strstr(t,
		" Current Scopes: DNS\n"
		"      Protocols: +DefaultRoute +LLMNR -mDNS\n"
		"    DNS Servers: 192.168.122.1  answered in 0.8 ms\n"
		"                 192.168.122.9  timed out after 3000 ms\n"));
	/* idle links are hidden until 'a' */
	assert_null(strstr(t, "eth3"));
	assert_non_null(strstr(t, "lines 1-"));
	assert_non_null(strstr(t, "more below"));
	free(t);

	/* the end: the problems */
	assert_int_equal(s.cls->key(&s, KEY_END), INTENT_HANDLED);
	t = draw(&s, ROWS);
	assert_non_null(strstr(t, "    DNS Servers: 10.50.0.53  refused: "
			       "port unreachable\n"));
	assert_non_null(strstr(t, " Problems\n"));
	assert_non_null(strstr(t, " warning: DNS server 10.50.0.53 of eth1 "
			       "refused the query"));
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_panel),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
