/*
 * test_vm_observe.c - tests of the VM observed through libvirt
 * (src/backend/vm_addrs.c, the collector, and vm_addrs_watch.c, the
 * watcher; not core/vmaddr.c, which tests/unit/test_vmaddr.c covers) on
 * libvirt's test driver, no daemon:
 *   - vm_addrs_collect on the demo host (data/demo-node.xml through
 *     EDGENET_DATADIR): the domain's NICs from its XML, each source's own
 *     result, the guest-agent routes' error kept (the test driver has no
 *     agent), a shut-off and an unknown domain;
 *   - the watcher on test:///default (one in-memory host shared by every
 *     connection of this process): a first snapshot announced on its
 *     descriptor, a domain stopped and started from another connection
 *     seen through lifecycle events (the timer is an hour), a refresh on
 *     request, and a URI that cannot be opened: an error in the snapshot
 *     with a back-off, not a failure.
 * The test driver's addresses are synthetic: only the plumbing is
 * checked here (tests/e2e checks real leases and agent addresses).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <libvirt/libvirt.h>

#include "backend/virt.h"
#include "backend/vm_addrs.h"
#include "backend/vm_addrs_watch.h"

static char demo_uri[4200];

static int group_setup(void **state)
{
	const char *dir = getenv("EDGENET_DATADIR");
	char abs[4096];

	(void)state;
	if (!dir)
		dir = "data";
	if (!realpath(dir, abs))
		snprintf(abs, sizeof(abs), "%s", dir);
	snprintf(demo_uri, sizeof(demo_uri), "test://%s/demo-node.xml", abs);
	virt_quiet_errors();
	return 0;
}

static void test_collect_demo(void **state)
{
	static struct vm_observed o;
	struct virt_conn *c;
	char err[512];

	(void)state;
	c = virt_connect(demo_uri, err, sizeof(err));
	if (!c)
		fail_msg("virt_connect %s: %s", demo_uri, err);
	assert_int_equal(vm_addrs_collect(virt_handle(c), "edge-vm",
					  VM_ADDRS_ROUTES, &o), 0);
	assert_true(o.connected);
	assert_int_equal(o.state, VM_STATE_RUNNING);
	assert_string_equal(o.domain, "edge-vm");
	assert_non_null(strstr(o.uri, "demo-node.xml"));
	assert_int_equal(o.nnics, 2);
	assert_string_equal(o.nics[0].mac, "52:54:00:e4:00:01");
	assert_string_equal(o.nics[0].source, "default");
	assert_string_equal(o.nics[1].source, "edge-int");
	for (int s = 0; s < VM_SRC_COUNT; s++) {
		assert_true(o.src[s].tried);
		if (!o.src[s].ok) {
			/* a source may fail: its error is kept */
			assert_true(o.src[s].err[0] != '\0');
			continue;
		}
		assert_int_equal(o.src[s].nifs, 2);
		assert_string_equal(o.src[s].ifs[1].mac, "52:54:00:e4:00:02");
		assert_true(o.src[s].ifs[1].naddrs >= 1);
		assert_false(o.src[s].ifs[1].addrs[0].ipv6);
		assert_int_equal(o.src[s].ifs[1].addrs[0].since_ms,
				 o.src[s].when_ms);
	}
	assert_true(o.src[VM_SRC_LEASE].ok);
	/* no agent in the test driver: the routes' error is kept */
	assert_true(o.routes_tried);
	assert_false(o.routes_ok);
	assert_non_null(strstr(o.routes_err, "guest agent"));
	print_message("routes: %s\n", o.routes_err);

	/* without the agent, without ARP */
	assert_int_equal(vm_addrs_collect(virt_handle(c), "edge-vm",
					  VM_ADDRS_ROUTES | VM_ADDRS_NO_AGENT |
					  VM_ADDRS_NO_ARP, &o), 0);
	assert_false(o.src[VM_SRC_AGENT].tried);
	assert_false(o.src[VM_SRC_ARP].tried);
	assert_true(o.src[VM_SRC_LEASE].ok);
	assert_false(o.routes_tried);

	assert_int_equal(vm_addrs_collect(virt_handle(c), "historian", 0, &o), 0);
	assert_int_equal(o.state, VM_STATE_SHUTOFF);
	assert_int_equal(o.nnics, 1);
	assert_false(o.src[VM_SRC_LEASE].tried);

	assert_int_equal(vm_addrs_collect(virt_handle(c), "nope", 0, &o), 0);
	assert_true(o.connected);
	assert_int_equal(o.state, VM_STATE_UNDEFINED);
	virt_close(c);

	assert_int_equal(vm_addrs_collect(NULL, "edge-vm", 0, &o), -1);
	assert_false(o.connected);
}

/* Waits up to MS for the watcher's descriptor; takes the snapshot. */
static bool wait_snapshot(struct vm_addrs *w, struct vm_observed *o, int ms)
{
	struct pollfd p = { .fd = vm_addrs_fd(w), .events = POLLIN };

	while (poll(&p, 1, ms) == 1) {
		if (vm_addrs_take(w, o))
			return true;
	}
	return false;
}

static void test_watcher_events(void **state)
{
	static struct vm_observed o;
	struct vm_addrs_opts opts = {
		.uri = "test:///default", .domain = "test",
		.refresh_s = 3600, .routes = false,
	};
	struct vm_addrs *w;
	virConnectPtr c;
	virDomainPtr d;
	char err[256];

	(void)state;
	/* hold the shared default host for the whole test */
	c = virConnectOpen("test:///default");
	assert_non_null(c);
	d = virDomainLookupByName(c, "test");
	assert_non_null(d);

	w = vm_addrs_start(&opts, err, sizeof(err));
	if (!w)
		fail_msg("vm_addrs_start: %s", err);
	assert_true(wait_snapshot(w, &o, 5000));
	assert_true(o.connected);
	assert_int_equal(o.state, VM_STATE_RUNNING);
	assert_false(vm_addrs_take(w, &o));	/* nothing new */

	/* stopped from outside: a lifecycle event, well before the timer */
	assert_int_equal(virDomainDestroy(d), 0);
	assert_true(wait_snapshot(w, &o, 5000));
	if (o.state == VM_STATE_RUNNING)	/* an event may race a refresh */
		assert_true(wait_snapshot(w, &o, 5000));
	assert_int_equal(o.state, VM_STATE_SHUTOFF);

	assert_int_equal(virDomainCreate(d), 0);
	assert_true(wait_snapshot(w, &o, 5000));
	if (o.state != VM_STATE_RUNNING)
		assert_true(wait_snapshot(w, &o, 5000));
	assert_int_equal(o.state, VM_STATE_RUNNING);

	/* on request */
	vm_addrs_refresh(w);
	assert_true(wait_snapshot(w, &o, 5000));
	vm_addrs_stop(w);
	virDomainFree(d);
	virConnectClose(c);
}

static void test_watcher_unreachable(void **state)
{
	static struct vm_observed o;
	struct vm_addrs_opts opts = {
		.uri = "test:///nonexistent/edgenet-node.xml",
		.domain = "edge-vm", .refresh_s = 3600,
	};
	struct vm_addrs *w;
	char err[256];

	(void)state;
	w = vm_addrs_start(&opts, err, sizeof(err));
	if (!w)
		fail_msg("vm_addrs_start: %s", err);
	assert_true(wait_snapshot(w, &o, 5000));
	assert_false(o.connected);
	assert_non_null(strstr(o.conn_err, "nonexistent"));
	assert_int_equal(o.retry_s, 2);
	vm_addrs_stop(w);

	/* two watchers at once share the event thread */
	opts.uri = demo_uri;
	w = vm_addrs_start(&opts, err, sizeof(err));
	assert_non_null(w);
	{
		struct vm_addrs *w2 = vm_addrs_start(&opts, err, sizeof(err));

		assert_non_null(w2);
		assert_true(wait_snapshot(w2, &o, 5000));
		assert_int_equal(o.state, VM_STATE_RUNNING);
		vm_addrs_stop(w2);
	}
	assert_true(wait_snapshot(w, &o, 5000));
	assert_int_equal(o.nnics, 2);
	vm_addrs_stop(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_collect_demo),
		cmocka_unit_test(test_watcher_events),
		cmocka_unit_test(test_watcher_unreachable),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
