/*
 * test_vm_dns.c - the VM's side of the DNS view, without a VM: a view
 * built from guest file contents as the guest agent returns them
 * (core/dnsview_files.c's dnsview_read_machine with a reader over fixed
 * files): a busybox guest with only /etc/resolv.conf (as the e2e guest),
 * a systemd guest with resolved's and networkd's state files and a stub
 * resolv.conf; which servers may be probed from the host (not the VM's
 * loopback or link-local ones) and how that shows; the checks of another
 * machine's view; the JSON; and the DNS panel (screens/panel_dns.c,
 * drawn off-screen like tests/unit/test_panel_dns.c) switching with 'v' to
 * the VM: its header, "from the host" beside each result, and the agent
 * being unavailable.  No terminal, no backend, no network.
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
#include "core/dnsview.h"
#include "core/err.h"
#include "core/dnsview_check.h"
#include "core/dnsview_files.h"
#include "core/dnsview_json.h"
#include "core/dnsview_layout.h"
#include "../lib/screen_lib.h"

#define ROWS 24
#define COLS_ 80

static const char proc_net_dev[] =
	"Inter-|   Receive                            |  Transmit\n"
	" face |bytes    packets errs drop fifo frame compressed multicast|"
	"bytes    packets errs drop fifo colls carrier compressed\n"
	"    lo:    1234      10    0    0    0     0          0         0 "
	"    1234      10    0    0    0     0       0          0\n"
	"  eth0: 987654    1000    0    0    0     0          0         0 "
	"   12345     100    0    0    0     0       0          0\n"
	"  eth1:       0       0    0    0    0     0          0         0 "
	"       0       0    0    0    0     0       0          0\n";

/* The e2e guest: busybox, udhcpc's script wrote /etc/resolv.conf. */
static const char *const busybox[][2] = {
	{ "/proc/net/dev", proc_net_dev },
	{ "/sys/class/net/lo/ifindex", "1\n" },
	{ "/sys/class/net/eth0/ifindex", "2\n" },
	{ "/sys/class/net/eth1/ifindex", "3\n" },
	{ "/etc/resolv.conf", "search edge.test\nnameserver 192.168.122.1\n"
	  "nameserver 10.50.0.53\n" },
	{ NULL, NULL },
};

/* A systemd guest: networkd manages eth0 (DHCP servers), resolved
 * holds eth1's (static, one of them the VM's own loopback, one
 * link-local), resolv.conf is resolved's stub. */
static const char *const systemd[][2] = {
	{ "/proc/net/dev", proc_net_dev },
	{ "/sys/class/net/lo/ifindex", "1\n" },
	{ "/sys/class/net/eth0/ifindex", "2\n" },
	{ "/sys/class/net/eth1/ifindex", "3\n" },
	{ "/run/systemd/netif/links/2",
	  "# This is private data. Do not parse.\nADMIN_STATE=configured\n"
	  "OPER_STATE=routable\nDNS=192.168.122.1\nDOMAINS=edge.test\n" },
	{ "/run/systemd/resolve/netif/3",
	  "# This is private data. Do not parse.\nLLMNR=no\nMDNS=no\n"
	  "SERVERS=10.50.0.53 127.0.0.1 fe80::1%3\nDOMAINS=~ot.local\n" },
	{ "/etc/resolv.conf",
	  "# This is /run/systemd/resolve/stub-resolv.conf managed by "
	  "man:systemd-resolved(8).\nnameserver 127.0.0.53\n"
	  "options edns0 trust-ad\nsearch edge.test\n" },
	{ NULL, NULL },
};

struct guest {
	const char *const (*files)[2];
	int asked;
};

static char *guest_read(void *ctx, const char *path)
{
	struct guest *g = ctx;

	g->asked++;
	for (size_t i = 0; g->files[i][0]; i++)
		if (!strcmp(g->files[i][0], path))
			return strdup(g->files[i][1]);
	return NULL;
}

static char *no_agent(void *ctx, const char *path)
{
	(void)ctx;
	(void)path;
	return NULL;
}

static char *json_of(const struct dnsview *v, const struct diag_list *p)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	dnsview_write_json_remote(f, v, p, -1);	/* the VM's, probed here */
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void test_busybox_guest(void **state)
{
	struct guest g = { busybox, 0 };
	struct dnsview v;
	struct diag_list d;
	char *j;

	(void)state;
	dnsview_init(&v);
	diag_list_init(&d);
	assert_int_equal(dnsview_read_machine(&v, guest_read, &g, &d), 0);
	/* /proc/net/dev, 3 ifindex, 2 x 2 link files, resolv.conf */
	assert_int_equal(g.asked, 9);
	assert_int_equal(v.source, DNSVIEW_SOURCE_RESOLV_CONF);
	assert_int_equal(v.global.nservers, 2);
	assert_string_equal(v.global.servers[0].addr, "192.168.122.1");
	assert_string_equal(v.global.servers[1].addr, "10.50.0.53");
	assert_int_equal(v.global.ndomains, 1);
	assert_string_equal(v.global.domains[0].name, "edge.test");
	assert_string_equal(v.global.resolv_conf_mode, "foreign");
	assert_int_equal(d.count, 0);

	/* both may be probed from the host; the check is quiet until then */
	assert_true(dnsview_server_probe_from_host(&v.global.servers[0],
						   NULL, 0));
	dnsview_mark_unprobeable(&v);
	assert_int_equal(v.global.servers[0].probe.detail[0], '\0');
	assert_int_equal(dnsview_check_remote(&v, &d), 0);
	assert_int_equal(d.count, 0);

	j = json_of(&v, &d);
	assert_non_null(strstr(j, "\"source\": \"resolv.conf\""));
	assert_non_null(strstr(j, "\"address\": \"192.168.122.1\""));
	assert_non_null(strstr(j, "\"address\": \"10.50.0.53\""));
	free(j);

	/* a REFUSED answer from the host: the explanation is about the
	 * VM's network, not this machine's address */
	v.global.servers[1].probe.state = DNSVIEW_PROBE_REFUSED;
	v.global.servers[1].probe.rcode = 5;
	v.global.servers[1].probe.rtt_us = 900;
	j = json_of(&v, NULL);
	assert_non_null(strstr(j, "allow the VM's network on that server"));
	assert_null(strstr(j, "this machine's address"));
	free(j);
	v.global.servers[1].probe = (struct dnsview_probe){ 0 };

	/* one server times out from the host: flagged under vm.dns */
	v.global.servers[1].probe.state = DNSVIEW_PROBE_TIMEOUT;
	v.global.servers[1].probe.rtt_us = 1000000;
	assert_int_equal(dnsview_check_remote(&v, &d), 0);
	assert_int_equal(d.count, 1);
	assert_string_equal(d.items[0].path, "vm.dns.global.servers[1]");
	assert_non_null(strstr(d.items[0].message, "probed from the host, "
			       "did not answer within 1000 ms"));
	diag_list_free(&d);
	dnsview_free(&v);
}

static void test_systemd_guest(void **state)
{
	struct guest g = { systemd, 0 };
	struct dnsview_render_opts o = { 0, true, false, true, true };
	struct dnsview_lines l = { 0 };
	struct dnsview v;
	struct diag_list d;
	const struct dnsview_section *s;
	char why[ERR_MAX] = "";
	char all[4096] = "";

	(void)state;
	dnsview_init(&v);
	diag_list_init(&d);
	assert_int_equal(dnsview_read_machine(&v, guest_read, &g, &d), 0);
	assert_int_equal(v.source, DNSVIEW_SOURCE_FILES);
	assert_string_equal(v.global.resolv_conf_mode, "stub");
	assert_int_equal(v.nlinks, 2);
	s = dnsview_find_link(&v, 2);
	assert_non_null(s);
	assert_string_equal(s->ifname, "eth0");
	assert_string_equal(s->origin, "networkd");
	assert_int_equal(s->nservers, 1);
	s = dnsview_find_link(&v, 3);
	assert_non_null(s);
	assert_string_equal(s->origin, "resolved");
	assert_int_equal(s->nservers, 3);

	/* the VM's loopback and link-local servers are not probed from
	 * the host, and say why */
	assert_true(dnsview_server_probe_from_host(&s->servers[0], why,
						   sizeof(why)));
	assert_string_equal(why, "");
	assert_false(dnsview_server_probe_from_host(&s->servers[1], why,
						    sizeof(why)));
	assert_non_null(strstr(why, "loopback"));
	assert_false(dnsview_server_probe_from_host(&s->servers[2], why,
						    sizeof(why)));
	assert_non_null(strstr(why, "link-local"));
	assert_false(dnsview_server_probe_from_host(&v.global.servers[0],
						    NULL, 0));
	v.links[1].servers[0].probe.state = DNSVIEW_PROBE_ANSWERED;
	v.links[1].servers[0].probe.rtt_us = 700;
	v.links[1].servers[0].probe.rcode = 0;
	v.links[1].servers[0].probe.answers = 13;	/* ". NS": resolves */
	dnsview_mark_unprobeable(&v);
	assert_int_equal(v.links[1].servers[0].probe.state,
			 DNSVIEW_PROBE_ANSWERED);

	/* resolved's state is there: a stub resolv.conf is no problem */
	assert_int_equal(dnsview_check_remote(&v, &d), 0);
	assert_int_equal(d.count, 0);

	assert_int_equal(dnsview_render(&v, &o, &l), 0);
	for (size_t i = 0; i < l.count; i++) {
		strncat(all, l.items[i].text, sizeof(all) - strlen(all) - 2);
		strcat(all, "\n");
	}
	dnsview_lines_free(&l);
	assert_non_null(strstr(all, "10.50.0.53  resolves (0.7 ms) (from "
			       "the host)\n"));
	assert_non_null(strstr(all, "127.0.0.1   not probed: a loopback "
			       "address inside the VM\n"));
	assert_non_null(strstr(all, "not probed: link-local, on the VM's "
			       "own link\n"));
	diag_list_free(&d);
	dnsview_free(&v);

	/* the same guest without resolved's file: the stub is flagged,
	 * as a warning (whether resolved runs there is not known) */
	{
		const char *const (*saved)[2] = g.files;
		const char *files[8][2];
		size_t k = 0;

		for (size_t i = 0; saved[i][0]; i++)
			if (strncmp(saved[i][0], "/run/systemd/resolve/", 21)) {
				files[k][0] = saved[i][0];
				files[k][1] = saved[i][1];
				k++;
			}
		files[k][0] = files[k][1] = NULL;
		g.files = (const char *const (*)[2])files;
		dnsview_init(&v);
		diag_list_init(&d);
		assert_int_equal(dnsview_read_machine(&v, guest_read, &g,
						      NULL), 0);
		assert_int_equal(dnsview_check_remote(&v, &d), 0);
		assert_int_equal(d.count, 1);
		assert_int_equal(d.items[0].severity, DIAG_WARNING);
		assert_string_equal(d.items[0].path, "vm.dns.global");
		assert_non_null(strstr(d.items[0].message, "VM"));
		diag_list_free(&d);
		dnsview_free(&v);
	}
}

static void test_no_agent(void **state)
{
	struct dnsview v;

	(void)state;
	dnsview_init(&v);
	/* nothing can be read: no view (the caller says why) */
	assert_int_equal(dnsview_read_machine(&v, no_agent, NULL, NULL), -1);
	assert_int_equal(v.source, DNSVIEW_SOURCE_NONE);
	dnsview_free(&v);
}

/* --- the panel --- */

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

static char *draw(struct screen *s, int rows)
{
	return screen_lib_draw(s, rows, COLS_);
}

struct vm_side {
	struct dnsview_live vm;
	int started;
	bool none;		/* the console has no VM side */
};

static struct dnsview_live *vm_start(void *ctx)
{
	struct vm_side *x = ctx;

	x->started++;
	return x->none ? NULL : &x->vm;
}

static void test_panel_vm(void **state)
{
	struct screen s = { &panel_dns_screen, NULL, NULL, 0, 0 };
	struct dnsview_live host;
	struct dnsview_panel hp = { &host, NULL, NULL };
	struct vm_side x;
	struct guest g = { busybox, 0 };
	char *t;

	(void)state;
	dnsview_live_init(&host);
	snprintf(host.machine, sizeof(host.machine), "this machine");
	snprintf(host.status, sizeof(host.status), "systemd-resolved (D-Bus)");
	host.view.source = DNSVIEW_SOURCE_RESOLVED;
	memset(&x, 0, sizeof(x));
	dnsview_live_init(&x.vm);
	hp.vm_start = vm_start;
	hp.vm_ctx = &x;
	x.vm.remote = true;
	snprintf(x.vm.machine, sizeof(x.vm.machine), "VM edge-vm");
	snprintf(x.vm.probe_name, sizeof(x.vm.probe_name), ". NS");
	snprintf(x.vm.status, sizeof(x.vm.status), "reading through the "
		 "guest agent...");

	assert_int_equal(s.cls->create(&s), 0);
	screen_lib_give_dns(&s, &hp);
	t = draw(&s, ROWS);
	assert_non_null(strstr(t, " DNS of this machine\n"));
	free(t);
	assert_int_equal(x.started, 0);	/* the VM is not read until 'v' */

	/* 'v': the VM, being read */
	assert_int_equal(s.cls->key(&s, 'v'), INTENT_HANDLED);
	assert_true(x.started > 0);
	t = draw(&s, ROWS);
	assert_non_null(strstr(t, " DNS of VM edge-vm\n"));
	assert_non_null(strstr(t, "Reading the VM through the guest agent"));
	free(t);

	/* the agent is not there */
	x.vm.read_wall = 1;
	snprintf(x.vm.status, sizeof(x.vm.status), "the guest agent is not "
		 "available (this function is not supported by the "
		 "connection driver: virDomainQemuAgentCommand)");
	t = draw(&s, ROWS);
	assert_non_null(strstr(t, " DNS of VM edge-vm\n"));
	assert_non_null(strstr(t, "\n Not read at "));
	assert_non_null(strstr(t, ": the guest agent is not available (this"));
	assert_non_null(strstr(t, "v: this machine's DNS."));
	free(t);

	/* read: the busybox guest's resolv.conf, one server probed */
	assert_int_equal(dnsview_read_machine(&x.vm.view, guest_read, &g,
					      NULL), 0);
	dnsview_set_note(&x.vm.view, "VM edge-vm, read through the guest "
			 "agent: /etc/resolv.conf only.");
	x.vm.view.global.servers[0].probe.state = DNSVIEW_PROBE_ANSWERED;
	x.vm.view.global.servers[0].probe.rtt_us = 500;
	x.vm.view.global.servers[0].probe.rcode = 0;
	x.vm.view.global.servers[0].probe.answers = 13;
	x.vm.read_wall = 0;
	x.vm.refresh_s = 30;
	snprintf(x.vm.status, sizeof(x.vm.status), "read through the guest "
		 "agent (5 files)");
	t = draw(&s, ROWS);
	assert_non_null(strstr(t, " read through the guest agent (5 files) "
			       "at - (every 30 s, r: now); changed -\n"));
	assert_non_null(strstr(t, " Servers probed from the host, not by the "
			       "VM, asking \". NS\" (the root's name\n"));
	assert_non_null(strstr(t, "server finds): 1 resolves\n"));
	assert_non_null(strstr(t, "VM edge-vm, read through the guest agent: "
			       "/etc/resolv.conf only."));
	assert_non_null(strstr(t, "192.168.122.1  resolves (0.5 ms) (from "
			       "the host)\n"));
	assert_non_null(strstr(t, "10.50.0.53     not probed\n"));
	free(t);

	/* 'r' asks the VM's side to read again, not this machine's */
	assert_int_equal(s.cls->key(&s, 'r'), INTENT_HANDLED);
	assert_true(x.vm.refresh_requested);
	assert_false(host.refresh_requested);

	/* back to this machine */
	assert_int_equal(s.cls->key(&s, 'v'), INTENT_HANDLED);
	t = draw(&s, ROWS);
	assert_non_null(strstr(t, " DNS of this machine\n"));
	free(t);

	/* a console without a VM side */
	x.none = true;
	assert_int_equal(s.cls->key(&s, 'v'), INTENT_HANDLED);
	t = draw(&s, ROWS);
	assert_non_null(strstr(t, "The VM's DNS view is not available"));
	free(t);
	hp.vm_start = NULL;
	t = draw(&s, ROWS);
	assert_non_null(strstr(t, "The VM's DNS view is not available"));
	free(t);
	s.cls->destroy(&s);
	dnsview_live_free(&x.vm);
	dnsview_live_free(&host);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_busybox_guest),
		cmocka_unit_test(test_systemd_guest),
		cmocka_unit_test(test_no_agent),
		cmocka_unit_test(test_panel_vm),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
