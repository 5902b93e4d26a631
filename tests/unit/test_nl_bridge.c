/*
 * test_nl_bridge.c - the bridge step of an external switch
 * (src/backend/nl_bridge.c) on real links.
 *
 * Every test happens in a network namespace of its own, made by its setup
 * (unshare(CLONE_NEWNET); as non-root inside one user namespace made
 * first), so none sees what another left: a veth pair up0/up0p stands
 * for the plant uplink, with an address and a default route, set up once
 * the pair has carrier (bounded wait).  The test snapshots it, applies the bridge step (bridge
 * created with the uplink's MAC, uplink enslaved, address and default
 * route moved), undoes it, undoes a half-done step, uses a bridge that
 * already existed, and moves the right routes among default routes of
 * one metric (a second pair, up1/up1p, for another device's).  The machine's own links are never touched; when
 * no namespace can be made the tests are skipped with the reason.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <poll.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "backend/nl_bridge.h"

static char why[256];
static bool in_ns;
static const char *ipbin;

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t len = (ssize_t)strlen(text), w;

	if (fd < 0)
		return -1;
	w = write(fd, text, (size_t)len);
	close(fd);
	return w == len ? 0 : -1;
}

static int enter_ns(void)
{
	char map[64];
	uid_t uid = geteuid();
	gid_t gid = getegid();

	if (uid == 0) {
		if (unshare(CLONE_NEWNET) == 0)
			return 0;
		snprintf(why, sizeof(why), "unshare(CLONE_NEWNET): %s",
			 strerror(errno));
		return -1;
	}
	if (unshare(CLONE_NEWUSER | CLONE_NEWNET) < 0) {
		snprintf(why, sizeof(why), "unshare(NEWUSER|NEWNET): %s",
			 strerror(errno));
		return -1;
	}
	snprintf(map, sizeof(map), "0 %u 1", (unsigned)uid);
	write_file("/proc/self/setgroups", "deny");
	if (write_file("/proc/self/uid_map", map) < 0)
		return -1;
	snprintf(map, sizeof(map), "0 %u 1", (unsigned)gid);
	return write_file("/proc/self/gid_map", map);
}

/* Runs "ip ARGS" (fixed strings of this file); true on success. */
static bool ip(const char *args)
{
	char cmd[512];
	int st;

	snprintf(cmd, sizeof(cmd), "%s %s >/dev/null 2>&1", ipbin, args);
	st = system(cmd);
	return st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* Output of "ip ARGS" (first 4 KiB). */
static char *ip_out(const char *args)
{
	static char buf[4096];
	char cmd[512];
	FILE *p;
	size_t n;

	snprintf(cmd, sizeof(cmd), "%s %s 2>&1", ipbin, args);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(buf, 1, sizeof(buf) - 1, p);
	buf[n] = '\0';
	pclose(p);
	return buf;
}

/* Link DEV (up0, up1) is operational: carrier and the operstate
 * linkwatch sets after it (bounded: 5 s). */
static bool wait_up(const char *dev)
{
	char args[64];

	snprintf(args, sizeof(args), "-o link show dev %s", dev);
	for (int i = 0; i < 250; i++) {
		const char *o = ip_out(args);

		if (strstr(o, "LOWER_UP") && strstr(o, " state UP "))
			return true;
		poll(NULL, 0, 20);
	}
	return false;
}

static int setup(void **state)
{
	(void)state;
	if (!in_ns)
		skip();
	/* a new, empty namespace for this test (the last one's goes) */
	if (unshare(CLONE_NEWNET) < 0)
		fail_msg("unshare(CLONE_NEWNET): %s", strerror(errno));
	if (!ip("link set lo up") ||
	    !ip("link add up0 type veth peer name up0p") ||
	    !ip("link set up0 address 02:00:00:00:09:01") ||
	    !ip("link set up0 up") || !ip("link set up0p up"))
		fail_msg("cannot set up the veth pair: %s",
			 ip_out("link show"));
	if (!wait_up("up0"))
		fail_msg("up0 has no carrier after 5 s: %s",
			 ip_out("-o link show"));
	if (!ip("addr add 10.9.0.2/24 dev up0") ||
	    !ip("route add default via 10.9.0.1 dev up0 metric 50"))
		fail_msg("cannot set up the veth pair: %s",
			 ip_out("link show"));
	return 0;
}

static void snapshot(struct apply_link *l, const char *bridge)
{
	char err[256];

	if (nl_bridge_snapshot("up0", bridge, l, err, sizeof(err)) < 0)
		fail_msg("snapshot: %s", err);
}

static void test_snapshot(void **state)
{
	struct apply_link l;
	char err[256];

	(void)state;
	snapshot(&l, "br9");
	assert_true(l.uplink_exists);
	assert_false(l.uplink_wireless);
	assert_false(l.bridge_exists);
	assert_string_equal(l.uplink_master, "");
	assert_int_equal(l.naddrs, 1);
	assert_string_equal(l.addrs[0], "10.9.0.2/24");
	assert_int_equal(l.nroutes, 1);
	assert_string_equal(l.routes[0].gateway, "10.9.0.1");
	assert_int_equal(l.routes[0].metric, 50);
	assert_int_equal(nl_bridge_check(&l, false, err, sizeof(err)), 0);
	assert_int_equal(nl_bridge_check(&l, true, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "bridge br9 is missing"));
	/* A name that is not there. */
	assert_int_equal(nl_bridge_snapshot("nope0", "br9", &l, err,
					    sizeof(err)), 0);
	assert_false(l.uplink_exists);
}

static void test_apply_and_undo(void **state)
{
	struct apply_link l;
	char err[256], *o;

	(void)state;
	snapshot(&l, "br9");
	if (nl_bridge_apply(&l, err, sizeof(err)) < 0)
		fail_msg("apply: %s", err);
	if (nl_bridge_check(&l, true, err, sizeof(err)) < 0)
		fail_msg("check after: %s", err);
	o = ip_out("-4 addr show dev br9");
	assert_non_null(strstr(o, "10.9.0.2/24"));
	o = ip_out("-4 addr show dev up0");
	assert_null(strstr(o, "10.9.0.2"));
	o = ip_out("-4 route show default");
	assert_non_null(strstr(o, "default via 10.9.0.1 dev br9"));
	assert_non_null(strstr(o, "metric 50"));
	assert_null(strstr(o, "dev up0"));
	o = ip_out("link show br9");
	assert_non_null(strstr(o, "02:00:00:00:09:01"));	/* uplink's MAC */
	assert_non_null(strstr(o, "UP"));
	o = ip_out("link show up0");
	assert_non_null(strstr(o, "master br9"));
	/* Again: nothing changes, no error. */
	if (nl_bridge_apply(&l, err, sizeof(err)) < 0)
		fail_msg("apply again: %s", err);

	if (nl_bridge_undo(&l, err, sizeof(err)) < 0)
		fail_msg("undo: %s", err);
	if (nl_bridge_check(&l, false, err, sizeof(err)) < 0)
		fail_msg("check before: %s", err);
	assert_false(ip("link show br9"));
	o = ip_out("-4 addr show dev up0");
	assert_non_null(strstr(o, "10.9.0.2/24"));
	o = ip_out("-4 route show default");
	assert_non_null(strstr(o, "default via 10.9.0.1 dev up0"));
	assert_non_null(strstr(o, "metric 50"));
	/* Undo of what is not there is fine. */
	if (nl_bridge_undo(&l, err, sizeof(err)) < 0)
		fail_msg("undo again: %s", err);
}

/* A crash in the middle: bridge made, uplink enslaved, address not moved
 * yet.  The undo still brings back the state before. */
static void test_undo_half_done(void **state)
{
	struct apply_link l;
	char err[256], *o;

	(void)state;
	snapshot(&l, "br9");
	assert_true(ip("link add br9 type bridge"));
	assert_true(ip("link set up0 master br9"));
	assert_true(ip("addr add 10.9.0.2/24 dev br9"));
	if (nl_bridge_undo(&l, err, sizeof(err)) < 0)
		fail_msg("undo: %s", err);
	if (nl_bridge_check(&l, false, err, sizeof(err)) < 0)
		fail_msg("check before: %s", err);
	o = ip_out("-4 route show default");
	assert_non_null(strstr(o, "dev up0"));
}

/* A bridge that was already there stays after the undo. */
static void test_existing_bridge(void **state)
{
	struct apply_link l;
	char err[256];

	(void)state;
	assert_true(ip("link add br8 type bridge"));
	snapshot(&l, "br8");
	assert_true(l.bridge_exists);
	assert_true(l.bridge_is_bridge);
	if (nl_bridge_apply(&l, err, sizeof(err)) < 0)
		fail_msg("apply: %s", err);
	if (nl_bridge_check(&l, true, err, sizeof(err)) < 0)
		fail_msg("check after: %s", err);
	if (nl_bridge_undo(&l, err, sizeof(err)) < 0)
		fail_msg("undo: %s", err);
	if (nl_bridge_check(&l, false, err, sizeof(err)) < 0)
		fail_msg("check before: %s", err);
	assert_true(ip("link show br8"));
	/* Not a bridge: refused with a message. */
	snapshot(&l, "up0p");
	assert_false(l.bridge_is_bridge);
	assert_int_equal(nl_bridge_apply(&l, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not a bridge"));
}

/* Default routes with the same metric: libnl's route cache keeps one
 * route per (family, tos, table, destination, metric), so a default
 * route on another device, or a second one on the uplink through another
 * gateway, hid the uplink's route from the snapshot (the last one dumped
 * won) and it was not moved to the bridge.  All are read; the uplink's
 * two are moved, the other device's stays. */
static void test_same_metric(void **state)
{
	struct apply_link l;
	char err[256], *o;

	(void)state;
	if (!ip("link add up1 type veth peer name up1p") ||
	    !ip("link set up1 up") || !ip("link set up1p up"))
		fail_msg("cannot set up the second pair: %s",
			 ip_out("link show"));
	if (!wait_up("up1"))
		fail_msg("up1 has no carrier after 5 s: %s",
			 ip_out("-o link show"));
	if (!ip("addr add 10.8.0.2/24 dev up1") ||
	    !ip("route append default via 10.8.0.1 dev up1 metric 50") ||
	    !ip("route append default via 10.9.0.3 dev up0 metric 50"))
		fail_msg("cannot add the routes: %s",
			 ip_out("-4 route show"));
	snapshot(&l, "br9");
	assert_int_equal(l.nroutes, 2);
	assert_string_equal(l.routes[0].gateway, "10.9.0.1");
	assert_int_equal(l.routes[0].metric, 50);
	assert_string_equal(l.routes[1].gateway, "10.9.0.3");
	assert_int_equal(l.routes[1].metric, 50);
	if (nl_bridge_apply(&l, err, sizeof(err)) < 0)
		fail_msg("apply: %s", err);
	if (nl_bridge_check(&l, true, err, sizeof(err)) < 0)
		fail_msg("check after: %s", err);
	o = ip_out("-4 route show default");
	assert_non_null(strstr(o, "default via 10.9.0.1 dev br9"));
	assert_non_null(strstr(o, "default via 10.9.0.3 dev br9"));
	assert_non_null(strstr(o, "default via 10.8.0.1 dev up1"));
	assert_null(strstr(o, "dev up0"));
	if (nl_bridge_undo(&l, err, sizeof(err)) < 0)
		fail_msg("undo: %s", err);
	if (nl_bridge_check(&l, false, err, sizeof(err)) < 0)
		fail_msg("check before: %s", err);
	o = ip_out("-4 route show default");
	assert_non_null(strstr(o, "default via 10.9.0.1 dev up0"));
	assert_non_null(strstr(o, "default via 10.9.0.3 dev up0"));
	assert_non_null(strstr(o, "default via 10.8.0.1 dev up1"));
	assert_null(strstr(o, "br9"));
}

int main(void)
{
	static const char *const paths[] = {
		"/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip",
	};
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_snapshot, setup),
		cmocka_unit_test_setup(test_apply_and_undo, setup),
		cmocka_unit_test_setup(test_undo_half_done, setup),
		cmocka_unit_test_setup(test_existing_bridge, setup),
		cmocka_unit_test_setup(test_same_metric, setup),
	};
	size_t i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]) && !ipbin; i++)
		if (access(paths[i], X_OK) == 0)
			ipbin = paths[i];
	if (!ipbin) {
		printf("SKIP: the ip tool (iproute2) is not installed\n");
		return 77;
	}
	if (enter_ns() < 0) {
		printf("SKIP: no private network namespace: %s\n", why);
		return 77;
	}
	in_ns = true;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
