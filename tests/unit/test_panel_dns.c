/*
 * test_panel_dns.c - the DNS panel (screens/panel_dns.c) drawn off-screen:
 * curses on /dev/null (newterm), 80x20 monochrome, the window read back
 * with mvwinnstr.  A fixed struct dnsview_live as the model: the title,
 * the source line, the servers with their probe results, the problems,
 * scrolling, the keys ('r' only sets refresh_requested), the fallback
 * and "not available" states.  No terminal, no backend.
 *
 * Then the whole console at 80x24 on the panel (ui/app.c with the panel
 * attached to a fixed model), compared with golden screens
 * tests/golden/panel_dns_*.txt, with the longest realistic values:
 * 15-character interface names, four servers each with its verdict,
 * long search domains, the VM's view read through the guest agent and a
 * long error of the agent.  Each frame is also checked to show its values
 * whole (golden_assert_whole).  Regenerate after a deliberate change,
 * then review the diff:
 *   EDGENET_REGEN_GOLDEN=1 make check TESTS=tests/unit/test_panel_dns
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
#include "core/policy.h"
#include "ui/app.h"
#include "ui/live.h"
#include "../lib/golden_lib.h"
#include "../lib/screen_lib.h"
#include "core/dnsview_check.h"
#include "core/dnsview_files.h"

#define ROWS 20
#define COLS_ 80

static struct policy pol;

static int setup(void **state)
{
	(void)state;
	/* the clock the panel shows: the same everywhere */
	setenv("TZ", "UTC", 1);
	tzset();
	if (golden_policy_load(&pol) < 0)
		return -1;
	return golden_open(24, 80);
}

static int teardown(void **state)
{
	(void)state;
	golden_close();
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

static void model(struct dnsview_live *d)
{
	struct dnsview_section *s;

	dnsview_live_init(d);
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
	struct dnsview_live d;
	struct dnsview_panel dp = { &d, NULL, NULL };
	char *t, *f;

	(void)state;
	model(&d);
	assert_int_equal(s.cls->create(&s), 0);
	screen_lib_give_dns(&s, &dp);
	t = draw(&s, ROWS);
	assert_non_null(strstr(t, "\n DNS of this machine\n"));
	/* the header, wrapped in three, whole: how many servers resolve
	 * first, what the probes ask in words, the source */
	assert_non_null(strstr(t, "\n 1 resolves; 2 do not (1 nothing "
			       "listening, 1 timed out); each server is "
			       "asked\n"
			       " \". NS\" (the root's name servers, which every "
			       "working server finds). Source:\n"
			       " systemd-resolved (D-Bus); changed -.\n"));
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
	assert_non_null(strstr(t, " systemd-resolved is not running; "
			       "changed -.\n"));
	assert_non_null(strstr(t, "\n systemd-resolved is not running: showing "
			       "the saved settings of its links.\n"));
	free(t);

	/* nothing read yet; nothing attached */
	d.view.source = DNSVIEW_SOURCE_NONE;
	t = draw(&s, ROWS);
	assert_non_null(strstr(t, "Reading systemd-resolved"));
	free(t);
	s.cls->destroy(&s);	/* a panel the console gives no data */
	assert_int_equal(s.cls->create(&s), 0);
	screen_lib_give_dns(&s, NULL);
	t = draw(&s, ROWS);
	assert_non_null(strstr(t, "not available"));
	free(t);
	/* a tiny window does not break it */
	screen_lib_give_dns(&s, &dp);
	d.view.source = DNSVIEW_SOURCE_RESOLVED;
	t = draw(&s, 4);
	free(t);
	s.cls->destroy(&s);
	dnsview_live_free(&d);
}

/* Servers that answer without resolving: each named in words beside it
 * (NXDOMAIN and an empty answer were shown as good before), each
 * explained in the problems with what to do, the summary counts them,
 * and the help no longer calls SERVFAIL good. */
static void test_panel_verdicts(void **state)
{
	struct screen s = { &panel_dns_screen, NULL, NULL, 0, 0 };
	struct dnsview_section *l;
	struct dnsview_live d;
	struct dnsview_panel dp = { &d, NULL, NULL };
	const char *help;
	char *t, *f;

	(void)state;
	dnsview_live_init(&d);
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
	screen_lib_give_dns(&s, &dp);
	t = screen_lib_draw(&s, 24, COLS_);
	assert_non_null(strstr(t, "\n None of the servers resolves (1 empty "
			       "answer, 1 NXDOMAIN, 1 SERVFAIL, 1\n REFUSED); "
			       "each server is asked"));
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
	dnsview_live_free(&d);
}


/* ---- the whole console at 80x24, golden screens ---- */

#define T0 1700000000	/* 2023-11-14 22:13:20 UTC */

/* A server with its probe's outcome (the answer's rcode, records). */
static void server(struct dnsview_server *srv, enum dnsview_probe_state st,
		   int64_t rtt, int rcode, int answers, const char *detail)
{
	srv->probe.state = st;
	srv->probe.rtt_us = rtt;
	srv->probe.rcode = rcode;
	srv->probe.answers = answers;
	snprintf(srv->probe.query, sizeof(srv->probe.query), ". NS");
	snprintf(srv->probe.detail, sizeof(srv->probe.detail), "%s", detail);
}

static void add_long(struct dnsview_section *s, const char *text,
		     enum dnsview_probe_state st, int64_t rtt, int rcode,
		     int answers, const char *detail)
{
	struct dnsview_server srv;
	char err[100];

	assert_int_equal(dnsview_server_parse(&srv, text, err, sizeof(err)),
			 0);
	server(&srv, st, rtt, rcode, answers, detail);
	assert_int_equal(dnsview_add_server(s, false, &srv), 0);
}

/* This machine: an uplink with 15-character name, four servers (one
 * resolves, then NXDOMAIN, SERVFAIL and REFUSED, each explained), long
 * search domains; the OT bridge whose one server times out. */
static void model_long(struct dnsview_live *d)
{
	struct dnsview_section *s;

	dnsview_live_init(d);
	snprintf(d->machine, sizeof(d->machine), "this machine");
	snprintf(d->status, sizeof(d->status), "systemd-resolved (this "
		 "machine's DNS service)");
	snprintf(d->probe_name, sizeof(d->probe_name), ". NS");
	d->changed_wall = T0 - 95;
	d->probed_wall = T0 - 94;
	d->view.source = DNSVIEW_SOURCE_RESOLVED;
	strcpy(d->view.global.llmnr, "no");
	strcpy(d->view.global.mdns, "no");
	strcpy(d->view.global.dns_over_tls, "no");
	strcpy(d->view.global.dnssec, "allow-downgrade");
	d->view.global.dnssec_supported = 0;
	strcpy(d->view.global.resolv_conf_mode, "stub");

	s = dnsview_link(&d->view, 2);
	dnsview_section_set_ifname(s, "enp2s0f1-uplink");
	s->scopes_known = true;
	s->scopes = DNSVIEW_SCOPE_DNS;
	s->default_route = 1;
	strcpy(s->llmnr, "yes");
	strcpy(s->mdns, "no");
	strcpy(s->dns_over_tls, "opportunistic");
	add_long(s, "192.168.100.254", DNSVIEW_PROBE_ANSWERED, 800, 0, 13,
		 "NOERROR");
	s->current = s->servers[0];
	s->has_current = true;
	add_long(s, "[2001:db8:100:200::53]:5353", DNSVIEW_PROBE_ANSWERED,
		 1200, 3, 0, "NXDOMAIN");
	add_long(s, "10.128.240.53#dns.line3.example.com",
		 DNSVIEW_PROBE_ANSWERED, 25000, 2, 0, "SERVFAIL");
	add_long(s, "192.168.100.253", DNSVIEW_PROBE_REFUSED, 900, 5, 0,
		 "REFUSED");
	dnsview_add_domain(s, "plant-line3.manufacturing.example.com", false);
	dnsview_add_domain(s, "corp.example-industries.com", false);
	/* longer than the value column: broken after a dot, not cut */
	dnsview_add_domain(s, "line3.plant-hamburg.emea.manufacturing."
			   "example-industries.com", false);
	dnsview_add_domain(s, "opcua.line3.plant.example.com", true);

	s = dnsview_link(&d->view, 3);
	dnsview_section_set_ifname(s, "br-line3-ot0001");
	s->scopes_known = true;
	s->scopes = DNSVIEW_SCOPE_DNS;
	s->default_route = 0;
	strcpy(s->llmnr, "no");
	strcpy(s->mdns, "no");
	add_long(s, "172.31.200.254", DNSVIEW_PROBE_TIMEOUT, 1000000, -1, -1,
		 "no answer");
	dnsview_add_domain(s, "ot-line3-opcua.plant.example.com", true);

	/* an idle link: hidden until 'a' */
	s = dnsview_link(&d->view, 4);
	dnsview_section_set_ifname(s, "wlp3s0-plant-ap");
	s->scopes_known = true;
	s->default_route = 0;
	assert_int_equal(dnsview_check(&d->view, &d->problems), 0);
}

/* The VM's files as its guest agent returns them: systemd-networkd
 * holds the uplink's servers (DHCP), systemd-resolved the OT NIC's (one
 * the VM's own loopback, one link-local: not probed from the host). */
static const char *const vm_files[][2] = {
	{ "/proc/net/dev",
	  "Inter-|   Receive                            |  Transmit\n"
	  " face |bytes    packets errs drop fifo frame compressed multicast|"
	  "bytes    packets errs drop fifo colls carrier compressed\n"
	  "    lo:    1234      10    0    0    0     0          0         0 "
	  "    1234      10    0    0    0     0       0          0\n"
	  "uplink-dmz-0001: 987654 1000  0    0    0     0          0       "
	  "  0    12345     100    0    0    0     0       0          0\n"
	  "ot-line3-opcua1:   0       0    0    0    0     0          0     "
	  "    0        0       0    0    0    0     0       0          0\n" },
	{ "/sys/class/net/lo/ifindex", "1\n" },
	{ "/sys/class/net/uplink-dmz-0001/ifindex", "2\n" },
	{ "/sys/class/net/ot-line3-opcua1/ifindex", "3\n" },
	{ "/run/systemd/netif/links/2",
	  "# This is private data. Do not parse.\nADMIN_STATE=configured\n"
	  "OPER_STATE=routable\nDNS=192.168.100.254 10.128.240.53\n"
	  "DOMAINS=plant-line3.manufacturing.example.com\n" },
	{ "/run/systemd/resolve/netif/3",
	  "# This is private data. Do not parse.\nLLMNR=no\nMDNS=no\n"
	  "SERVERS=172.31.200.254 127.0.0.1 fe80::1%3\n"
	  "DOMAINS=~ot-line3-opcua.plant.example.com\n" },
	{ "/etc/resolv.conf",
	  "# This is /run/systemd/resolve/stub-resolv.conf managed by "
	  "man:systemd-resolved(8).\nnameserver 127.0.0.53\n"
	  "options edns0 trust-ad\n"
	  "search plant-line3.manufacturing.example.com\n" },
	{ NULL, NULL },
};

static char *vm_read(void *ctx, const char *path)
{
	(void)ctx;
	for (size_t i = 0; vm_files[i][0]; i++)
		if (!strcmp(vm_files[i][0], path))
			return strdup(vm_files[i][1]);
	return NULL;
}

/* The probe of the VM's server ADDR, sent from the host. */
static void vm_probe(struct dnsview *v, const char *addr,
		     enum dnsview_probe_state st, int64_t rtt, int rcode,
		     int answers, const char *detail)
{
	for (size_t i = 0; i < v->nlinks; i++)
		for (size_t j = 0; j < v->links[i].nservers; j++)
			if (!strcmp(v->links[i].servers[j].addr, addr)) {
				server(&v->links[i].servers[j], st, rtt, rcode,
				       answers, detail);
				return;
			}
	fail_msg("no server %s in the VM's view", addr);
}

struct vm_side {
	struct dnsview_live vm;
};

static struct dnsview_live *vm_side_start(void *ctx)
{
	return &((struct vm_side *)ctx)->vm;
}

/* The VM's panel: read through the guest agent (VM_ERR NULL), or not
 * read, the agent's long error in VM_ERR. */
static void model_vm(struct dnsview_live *d, const char *vm_err)
{
	struct diag_list parse;

	dnsview_live_init(d);
	d->remote = true;
	snprintf(d->machine, sizeof(d->machine), "VM edge-gateway-01");
	snprintf(d->probe_name, sizeof(d->probe_name), ". NS");
	d->read_wall = T0 - 12;
	d->refresh_s = 30;
	if (vm_err) {
		snprintf(d->status, sizeof(d->status), "%s", vm_err);
		return;
	}
	snprintf(d->status, sizeof(d->status), "read through the guest agent "
		 "(9 files)");
	d->changed_wall = T0 - 600;
	d->probed_wall = T0 - 11;
	diag_list_init(&parse);
	assert_int_equal(dnsview_read_machine(&d->view, vm_read, NULL,
					      &parse), 0);
	assert_int_equal(parse.count, 0);
	diag_list_free(&parse);
	/* (the words backend/vm_agent_read.c gives a view from state
	 * files) */
	dnsview_set_note(&d->view, "VM edge-gateway-01, read through the "
			 "guest agent: systemd-resolved's and networkd's "
			 "state files and /etc/resolv.conf (current servers "
			 "and scopes are not known this way).");
	dnsview_mark_unprobeable(&d->view);
	vm_probe(&d->view, "192.168.100.254", DNSVIEW_PROBE_ANSWERED, 700, 0,
		 13, "NOERROR");
	vm_probe(&d->view, "10.128.240.53", DNSVIEW_PROBE_ANSWERED, 31000, 2,
		 0, "SERVFAIL");
	vm_probe(&d->view, "172.31.200.254", DNSVIEW_PROBE_REFUSED, 600, 5, 0,
		 "REFUSED");
	assert_int_equal(dnsview_check_remote(&d->view, &d->problems), 0);
}

static struct ui_options opts;
static struct app app;
static struct dnsview_live host_d;
static struct dnsview_panel host_p;
static struct vm_side vm_s;
static struct live console_lv;	/* none of it is read: only not NULL */

/* struct app's dns_start: the console's DNS data, HOST_P. */
static struct dnsview_panel *console_dns_start(struct live *lv)
{
	(void)lv;
	return &host_p;
}

/* The console on home, the DNS panel given HOST_D (and VM_S as the VM's
 * side) through struct app, as run.c and live_run.c give it, and 'd'
 * pressed. */
static void console_open(void)
{
	memset(&opts, 0, sizeof(opts));
	opts.policy = &pol;
	opts.uri = "qemu+ssh://edge-admin@plant-line3-ipc01.example.com/system";
	assert_int_equal(app_init(&app, &opts), 0);
	host_p.host = &host_d;
	host_p.vm_start = vm_side_start;
	host_p.vm_ctx = &vm_s;
	app.live = &console_lv;
	app.dns_start = console_dns_start;
	app_goto(&app, SCR_HOME);
	app_key(&app, 'd');
	assert_int_equal(app.cur, SCR_DNSPANEL);
}

static void console_close(void)
{
	host_p.host_only_there = false;
	app_free(&app);
	dnsview_live_free(&host_d);
	dnsview_live_free(&vm_s.vm);
}

/* No line of F (a frame) has the ellipsis of a shortened text. */
static void assert_nothing_shortened(const char *f)
{
	const char *l = strchr(f, '\n');	/* the header may be */

	assert_non_null(l);
	if (strstr(l, "..."))
		fail_msg("a text is shortened:\n%s", f);
}

/* This machine at 80x24: the top, then the end (the problems). */
static void test_golden_host(void **state)
{
	char *f;

	(void)state;
	model_long(&host_d);
	model_vm(&vm_s.vm, NULL);
	console_open();
	golden_check(&app, "panel_dns_host", 24, 80);
	f = golden_frame(&app, 24, 80);
	golden_assert_whole(f, "Link 2 (enp2s0f1-uplink)");
	golden_assert_whole(f, "192.168.100.254 resolves (0.8 ms)");
	golden_assert_whole(f, "[2001:db8:100:200::53]:5353 broken or lying "
			    "(NXDOMAIN, 1.2 ms)");
	assert_nothing_shortened(f);
	free(f);

	/* the next page: the domains (the longest goes on below, after a
	 * dot), the OT bridge */
	app_key(&app, KEY_NPAGE);
	golden_check(&app, "panel_dns_host_page2", 24, 80);
	f = golden_frame(&app, 24, 80);
	assert_nothing_shortened(f);
	golden_assert_whole(f, "Link 3 (br-line3-ot0001)");
	free(f);
	app_key(&app, KEY_END);
	golden_check(&app, "panel_dns_host_end", 24, 80);
	f = golden_frame(&app, 24, 80);
	assert_nothing_shortened(f);
	golden_assert_whole(f, "DNS server 172.31.200.254 of interface "
			    "br-line3-ot0001 did not answer within 1000 ms: "
			    "nothing answers at that address; check the "
			    "address, and that the server can be reached "
			    "from this machine.");
	free(f);
	console_close();
}

/* The panel's frames from its top, one line down at a time, joined:
 * each checked to shorten nothing.  Leaves the panel at its top. */
static char *all_frames(void)
{
	char *all = NULL, *f;
	size_t len = 0;

	app_key(&app, KEY_HOME);
	for (int i = 0; i < 48; i++) {
		f = golden_frame(&app, 24, 80);
		assert_nothing_shortened(f);
		all = realloc(all, len + strlen(f) + 1);
		assert_non_null(all);
		memcpy(all + len, f, strlen(f) + 1);
		len += strlen(f);
		free(f);
		app_key(&app, KEY_DOWN);
	}
	app_key(&app, KEY_HOME);
	return all;
}

/* Every line of the host's panel, page by page: nothing shortened, the
 * servers with their verdicts and the domains whole. */
static void test_host_pages(void **state)
{
	char *all;

	(void)state;
	model_long(&host_d);
	model_vm(&vm_s.vm, NULL);
	console_open();
	all = all_frames();
	golden_assert_whole(all, "10.128.240.53#dns.line3.example.com cannot "
			    "resolve (SERVFAIL, 25 ms)");
	golden_assert_whole(all, "192.168.100.253 refuses this client "
			    "(REFUSED, 0.9 ms)");
	golden_assert_whole(all, "DNS Domain: corp.example-industries.com "
			    "plant-line3.manufacturing.example.com "
			    "~opcua.line3.plant.example.com");
	/* a domain longer than the value column goes on below, after a
	 * dot: whole, in two pieces, not shortened */
	assert_non_null(strstr(all, "\n                     "
			       "line3.plant-hamburg."
			       "emea.manufacturing.example-industries.\n"
			       "                       com\n"));
	golden_assert_whole(all, "Link 3 (br-line3-ot0001)");
	golden_assert_whole(all, "~ot-line3-opcua.plant.example.com");
	free(all);
	console_close();
}

/* The VM's view (v): read through the guest agent, probed from the
 * host; its loopback and link-local servers not probed. */
static void test_golden_vm(void **state)
{
	char *f;

	(void)state;
	model_long(&host_d);
	model_vm(&vm_s.vm, NULL);
	console_open();
	app_key(&app, 'v');
	golden_check(&app, "panel_dns_vm", 24, 80);
	f = golden_frame(&app, 24, 80);
	assert_nothing_shortened(f);
	golden_assert_whole(f, "DNS of VM edge-gateway-01");
	golden_assert_whole(f, "Servers probed from the host, not by the VM");
	free(f);
	f = all_frames();
	golden_assert_whole(f, "Link 2 (uplink-dmz-0001)");
	golden_assert_whole(f, "192.168.100.254 resolves (0.7 ms) (from the "
			    "host)");
	golden_assert_whole(f, "10.128.240.53 cannot resolve (SERVFAIL, 31 ms) "
			    "(from the host)");
	golden_assert_whole(f, "Link 3 (ot-line3-opcua1)");
	golden_assert_whole(f, "172.31.200.254 refuses this client (REFUSED, "
			    "0.6 ms) (from the host)");
	golden_assert_whole(f, "~ot-line3-opcua.plant.example.com");
	free(f);
	app_key(&app, KEY_END);
	golden_check(&app, "panel_dns_vm_end", 24, 80);
	f = golden_frame(&app, 24, 80);
	assert_nothing_shortened(f);
	free(f);
	console_close();
}

/* The VM's DNS not read: the agent's long error whole, with what the
 * reading needs. */
static void test_golden_vm_error(void **state)
{
	/* a RHEL-family guest: its agent blocks file reads by default */
	static const char why[] = "the guest agent could not read "
		"/proc/net/dev: internal error: unable to execute QEMU agent "
		"command 'guest-file-open': The command guest-file-open has "
		"been disabled for this instance";
	char *f;

	(void)state;
	model_long(&host_d);
	model_vm(&vm_s.vm, why);
	console_open();
	app_key(&app, 'v');
	golden_check(&app, "panel_dns_vm_error", 24, 80);
	f = golden_frame(&app, 24, 80);
	assert_nothing_shortened(f);
	golden_assert_whole(f, why);
	golden_assert_whole(f, "qemu-guest-agent running in the VM");
	golden_assert_whole(f, "the agent's file commands allowed");
	free(f);
	console_close();
}

/* Words from outside (the agent's error) reach the terminal with their
 * control characters shown escaped (\x1b): no escape sequence gets
 * through. */
static void test_vm_error_escaped(void **state)
{
	char *f;

	(void)state;
	model_long(&host_d);
	model_vm(&vm_s.vm, "the guest agent could not read /proc/net/dev: "
		 "\033[2J\033]0;owned\007cleared");
	console_open();
	app_key(&app, 'v');
	f = golden_frame(&app, 24, 80);
	assert_null(strchr(f, '\033'));
	assert_null(strchr(f, '\007'));
	golden_assert_whole(f, "/proc/net/dev: \\x1b[2J\\x1b]0;owned\\x07cleared");
	free(f);
	console_close();
}

/* A remote libvirt host (live.h host_remote): the host side says "only
 * on the host itself" and shows no DNS of this machine; v still shows
 * the VM's, read over the connection. */
static void test_remote_host_label(void **state)
{
	char *f;

	(void)state;
	dnsview_live_init(&host_d);
	snprintf(host_d.status, sizeof(host_d.status), "only on the host "
		 "itself: the libvirt host is reached over a libvirt "
		 "transport, and this machine's DNS is not that host's");
	model_vm(&vm_s.vm, NULL);
	host_p.host_only_there = true;
	console_open();
	f = golden_frame(&app, 24, 80);
	golden_assert_whole(f, "DNS of the host");
	golden_assert_whole(f, "only on the host itself: the libvirt host is "
			    "reached over a libvirt transport, and this "
			    "machine's DNS is not that host's");
	assert_null(strstr(f, "Reading systemd-resolved"));
	assert_null(strstr(f, "DNS of this machine"));
	free(f);
	app_key(&app, 'v');
	f = golden_frame(&app, 24, 80);
	golden_assert_whole(f, "DNS of VM");
	assert_null(strstr(f, "only on the host itself"));
	free(f);
	console_close();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_panel),
		cmocka_unit_test(test_panel_verdicts),
		cmocka_unit_test(test_golden_host),
		cmocka_unit_test(test_host_pages),
		cmocka_unit_test(test_golden_vm),
		cmocka_unit_test(test_golden_vm_error),
		cmocka_unit_test(test_vm_error_escaped),
		cmocka_unit_test(test_remote_host_label),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
