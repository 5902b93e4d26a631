/*
 * test_live_host.c - the route panel changing one of this machine's own
 * routes, with the real netlink backend (live_host.c, nl_routes.c) in a
 * network namespace of the test's own (unshare: as root, or with a user
 * namespace), the real event loop, and the real panel and app drawn
 * off-screen:
 *   - m, a metric, Enter asks first, naming the route (device, gateway,
 *     old and new metric) and changing nothing yet;
 *   - y changes it (`ip route` shows it) and a countdown runs; no answer:
 *     the old metric comes back by itself, checked, and nothing is saved;
 *   - y again within the countdown keeps it and saves it in the plan;
 *   - n puts it back at once; the console closing puts it back too;
 *   - a route gone meanwhile: the way back fails and says so;
 *   - on a simulated host (the demo) m changes nothing and says why,
 *     and the operations refuse even when called directly.
 * Each test has its own network namespace (made by its setup; as non-root
 * inside one user namespace made first) with its veth pairs up and
 * operational (bounded wait), and its own state directory: none sees
 * what another left.  Skips with the reason when no namespace can be
 * made.  Touches nothing outside those namespaces but a temporary
 * directory (plan, settings, state).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "backend/nl_routes.h"
#include "core/clock.h"
#include "core/planfile.h"
#include "core/policy.h"
#include "tui/loop.h"
#include "ui/app.h"
#include "ui/live.h"
#include "ui/live_host.h"

#include "../lib/golden_lib.h"

#define ROWS 24
#define COLS_ 80

static struct policy pol;
static struct ui_options opts;
static struct app app;
static struct live lv;
static struct loop lp;
static char tmp[4096], plan_path[4200], settings[4200];
static char state_dir[4200];	/* this test's */
static char why_skip[256];

/* ---- the namespace ---- */

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

/* A new network namespace (as non-root: inside a user namespace made by
 * the first call).  0, or -1 with why_skip. */
static int enter_namespace(void)
{
	static bool userns;
	uid_t uid = geteuid();
	gid_t gid = getegid();
	struct stat before, after;
	char map[64];

	if (stat("/proc/self/ns/net", &before) < 0)
		return -1;
	if (uid != 0 && !userns) {
		if (unshare(CLONE_NEWUSER) < 0) {
			snprintf(why_skip, sizeof(why_skip), "unshare(NEWUSER): "
				 "%s", strerror(errno));
			return -1;
		}
		snprintf(map, sizeof(map), "0 %u 1", (unsigned)uid);
		if (write_file("/proc/self/setgroups", "deny") < 0 ||
		    write_file("/proc/self/uid_map", map) < 0)
			return -1;
		snprintf(map, sizeof(map), "0 %u 1", (unsigned)gid);
		if (write_file("/proc/self/gid_map", map) < 0)
			return -1;
		userns = true;
	}
	if (unshare(CLONE_NEWNET) < 0) {
		snprintf(why_skip, sizeof(why_skip), "unshare(NEWNET): %s",
			 strerror(errno));
		return -1;
	}
	if (stat("/proc/self/ns/net", &after) < 0 ||
	    after.st_ino == before.st_ino ||
	    if_nametoindex("eth0") != 0 || if_nametoindex("a0") != 0) {
		snprintf(why_skip, sizeof(why_skip), "not in a new, empty "
			 "network namespace: refusing to change links");
		return -1;
	}
	return 0;
}

static int sh(const char *cmd)
{
	char full[1024];

	snprintf(full, sizeof(full), "%s >/dev/null 2>&1", cmd);
	return system(full);
}

/* `ip -4 route show default` in the namespace contains WANT. */
static bool ip_route_has(const char *want)
{
	char line[512];
	bool found = false;
	FILE *f = popen("ip -4 route show default 2>/dev/null", "r");

	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		if (strstr(line, want))
			found = true;
	pclose(f);
	return found;
}

/* ---- set-up ---- */

static int group_setup(void **state)
{
	char err[256];
	FILE *f;

	(void)state;
	if (golden_policy_load(&pol) < 0)
		return -1;
	snprintf(tmp, sizeof(tmp), "%s/edgenet-live-host.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tmp))
		return -1;
	snprintf(plan_path, sizeof(plan_path), "%s/plan.cfg", tmp);
	snprintf(settings, sizeof(settings), "%s/edgenet.conf", tmp);
	f = fopen(settings, "w");
	if (!f)
		return -1;
	fputs("confirm_timeout = 1;\n", f);
	fclose(f);
	if (loop_init(&lp, err, sizeof(err)) < 0)
		return -1;
	if (!getenv("PATH"))
		snprintf(why_skip, sizeof(why_skip), "no PATH for ip");
	return golden_open(ROWS, COLS_);
}

/* a0 and b0 are operational: carrier, and the operstate linkwatch sets
 * after it (bounded: 5 s). */
static bool links_up(void)
{
	for (int i = 0; i < 250; i++) {
		if (sh("ip -o link show dev a0 | grep -q 'LOWER_UP.* state UP '"
		       " && ip -o link show dev b0 | grep -q "
		       "'LOWER_UP.* state UP '") == 0)
			return true;
		poll(NULL, 0, 20);
	}
	return false;
}

/* This test's own namespace, links and state directory.  0; -1 when the
 * namespace was made but could not be set up. */
static int fresh_host(void)
{
	static int n;
	char cmd[4300];

	if (why_skip[0] || enter_namespace() < 0)
		return 0;	/* skipped, saying why */
	if (sh("ip link set lo up") != 0 ||
	    sh("ip link add a0 address 52:54:00:aa:00:01 type veth peer "
	       "name a1") != 0 ||
	    sh("ip link add b0 address 52:54:00:bb:00:01 type veth peer "
	       "name b1") != 0 ||
	    sh("ip link set a0 up && ip link set a1 up && ip link set b0 up "
	       "&& ip link set b1 up") != 0 ||
	    sh("ip addr add 10.1.0.2/24 dev a0") != 0 ||
	    sh("ip addr add 10.2.0.2/24 dev b0") != 0) {
		fprintf(stderr, "cannot set up veth links in the namespace\n");
		return -1;
	}
	if (!links_up()) {
		fprintf(stderr, "a0 or b0 not operational after 5 s\n");
		return -1;
	}
	snprintf(state_dir, sizeof(state_dir), "%s/t%d", tmp, ++n);
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", state_dir);
	if (system(cmd) != 0)
		return -1;
	return 0;
}

static int group_teardown(void **state)
{
	char cmd[4200];

	(void)state;
	golden_close();
	loop_free(&lp);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	return system(cmd) == 0 ? 0 : -1;
}

static const char plan_text[] =
	"version = 1;\n"
	"profile = \"server\";\n"
	"vm = \"edge-vm\";\n"
	"switches = ( { name = \"lan\"; type = \"internal\";\n"
	"  address = \"10.1.0.1/24\"; dhcp = false; nat = false; } );\n"
	"nics = ( { name = \"eth0\"; switch = \"lan\"; primary = true;\n"
	"  mac = \"52:54:00:aa:00:01\";\n"
	"  ip = { mode = \"static\"; address = \"10.1.0.2\"; prefix = 24;\n"
	"         gateway = \"10.1.0.1\"; };\n"
	"  dns = { servers = [ \"10.1.0.1\" ]; };\n"
	"  metric = 100; } );\n";

/* A fresh app on the route panel over the namespace's routes (a0's
 * default route metric 100, b0's 200), the real operations installed.
 * URI decides whether the host is simulated. */
static int test_setup_uri(const char *uri)
{
	struct diag_list d;
	char err[256];
	FILE *f;

	if (fresh_host() < 0)
		return -1;
	if (why_skip[0])
		return 0;
	if (sh("ip route add default via 10.1.0.1 dev a0 metric 100") != 0 ||
	    sh("ip route add default via 10.2.0.1 dev b0 metric 200") != 0)
		return -1;
	f = fopen(plan_path, "w");
	if (!f)
		return -1;
	fputs(plan_text, f);
	fclose(f);

	memset(&opts, 0, sizeof(opts));
	opts.policy = &pol;
	opts.uri = uri;
	opts.demo = live_uri_is_simulated(uri);
	opts.plan_path = plan_path;
	opts.state_dir = state_dir;
	opts.settings_path = settings;	/* as main.c passes $EDGENET_SETTINGS */
	if (app_init(&app, &opts) < 0)
		return -1;
	diag_list_init(&d);
	if (planfile_load(plan_path, &app.work, NULL, &d) != PLANFILE_OK)
		return -1;
	diag_list_free(&d);
	app.saved = app.work;
	app.wizard_started = true;

	memset(&lv, 0, sizeof(lv));
	lv.loop = &lp;
	lv.nl = nl_routes_open(NL_ROUTES_IPV4, err, sizeof(err));
	if (!lv.nl) {
		fprintf(stderr, "nl_routes_open: %s\n", err);
		return -1;
	}
	lv.host = nl_routes_snapshot(lv.nl);
	lv.started = true;
	lv.host_readonly = live_uri_is_simulated(uri);
	if (lv.host_readonly)
		snprintf(lv.host_ro_why, sizeof(lv.host_ro_why), "this "
			 "machine's routes are not the demo host's");
	live_host_install(&lv);
	app.live = &lv;
	app_goto(&app, SCR_ROUTES);
	free(golden_frame(&app, ROWS, COLS_));	/* as the console: drawn first */
	return 0;
}

static int test_setup(void **state)
{
	(void)state;
	return test_setup_uri("qemu:///system");
}

static int test_setup_demo(void **state)
{
	(void)state;
	return test_setup_uri("test:///somewhere/demo-node.xml");
}

static int test_teardown(void **state)
{
	(void)state;
	if (why_skip[0])
		return 0;
	live_host_close(&lv);
	app.live = NULL;
	nl_routes_close(lv.nl);
	app_free(&app);
	return 0;
}

/* ---- helpers ---- */

static void keys(const char *s)
{
	for (; *s; s++)
		app_key(&app, *s == '\n' ? '\n' : (unsigned char)*s);
}

/* The whole frame contains TEXT. */
static bool frame_has(const char *text)
{
	char *f = golden_frame(&app, ROWS, COLS_);
	bool has = strstr(f, text) != NULL;

	if (!has)
		fprintf(stderr, "frame without \"%s\":\n%s\n", text, f);
	free(f);
	return has;
}

/* Turns the loop until the change is no longer waiting (at most 5 s). */
static void wait_decided(void)
{
	int64_t end = clock_now_ms() + 5000;

	while (lv.hc.stage == LIVE_HC_WAITING && clock_now_ms() < end)
		assert_true(loop_run_once(&lp, 100) >= 0);
}

static long plan_metric(void)
{
	struct plan p;
	struct diag_list d;

	diag_list_init(&d);
	assert_int_equal(planfile_load(plan_path, &p, NULL, &d), PLANFILE_OK);
	diag_list_free(&d);
	return (long)p.nics[0].metric;
}

#define SKIP_IF_NO_NS() \
	do { if (why_skip[0]) { fprintf(stderr, "skip: %s\n", why_skip); \
		skip(); } } while (0)

/* ---- the tests ---- */

static void test_asks_first_then_goes_back(void **state)
{
	(void)state;
	SKIP_IF_NO_NS();
	assert_true(frame_has("Route metrics - this machine"));
	keys("m42\n");
	/* the question names the route; nothing changed yet */
	assert_true(frame_has("Change this machine's default route via "
			      "10.1.0.1 dev a0: metric 100 -> 42?"));
	assert_true(frame_has("after 1 s unless you keep it"));
	assert_true(ip_route_has("via 10.1.0.1 dev a0 metric 100"));
	keys("y");
	assert_int_equal(lv.hc.stage, LIVE_HC_WAITING);
	assert_true(ip_route_has("via 10.1.0.1 dev a0 metric 42"));
	assert_false(ip_route_has("dev a0 metric 100"));
	assert_true(frame_has("Keep metric 42 on the route via 10.1.0.1 dev "
			      "a0?  Back to 100 in 1 s."));
	assert_true(frame_has("n puts the old metric back now."));
	/* other keys do nothing while it waits */
	keys("m7\n");
	assert_int_equal(lv.hc.stage, LIVE_HC_WAITING);
	wait_decided();
	assert_int_equal(lv.hc.stage, LIVE_HC_REVERTED);
	assert_true(ip_route_has("via 10.1.0.1 dev a0 metric 100"));
	assert_false(ip_route_has("metric 42"));
	assert_true(frame_has("not confirmed in time: back to metric 100 on "
			      "the route via 10.1.0.1 dev a0"));
	assert_true(frame_has("(checked); nothing was saved"));
	assert_int_equal(plan_metric(), 100);
	assert_int_equal(app.work.nics[0].metric, 100);
}

static void test_kept_and_saved(void **state)
{
	(void)state;
	SKIP_IF_NO_NS();
	keys("m30\ny");
	assert_int_equal(lv.hc.stage, LIVE_HC_WAITING);
	keys("y");
	assert_int_equal(lv.hc.stage, LIVE_HC_KEPT);
	assert_true(ip_route_has("via 10.1.0.1 dev a0 metric 30"));
	assert_false(ip_route_has("dev a0 metric 100"));
	assert_non_null(strstr(app.status, "NIC eth0: metric 30 kept"));
	assert_int_equal(plan_metric(), 30);
	assert_int_equal(app.work.nics[0].metric, 30);
	/* nothing comes back later */
	assert_true(loop_run_once(&lp, 1200) >= 0);
	assert_true(ip_route_has("via 10.1.0.1 dev a0 metric 30"));
}

static void test_n_and_esc(void **state)
{
	(void)state;
	SKIP_IF_NO_NS();
	/* Esc at the question: nothing happens */
	keys("m7\n\033");
	assert_int_equal(lv.hc.stage, LIVE_HC_NONE);
	assert_true(ip_route_has("via 10.1.0.1 dev a0 metric 100"));
	/* n during the countdown: back at once */
	keys("m7\nyn");
	assert_int_equal(lv.hc.stage, LIVE_HC_REVERTED);
	assert_true(ip_route_has("via 10.1.0.1 dev a0 metric 100"));
	assert_false(ip_route_has("metric 7 "));
	assert_non_null(strstr(app.status, "you answered n"));
	assert_int_equal(plan_metric(), 100);
}

static void test_close_goes_back(void **state)
{
	const char *msg;

	(void)state;
	SKIP_IF_NO_NS();
	keys("m55\ny");
	assert_true(ip_route_has("via 10.1.0.1 dev a0 metric 55"));
	msg = live_host_close(&lv);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "the console closed"));
	assert_non_null(strstr(msg, "back to metric 100 on the route via "
			       "10.1.0.1 dev a0 (checked)"));
	assert_true(ip_route_has("via 10.1.0.1 dev a0 metric 100"));
	assert_null(live_host_close(&lv));	/* nothing waits now */
}

static void test_way_back_fails_honestly(void **state)
{
	(void)state;
	SKIP_IF_NO_NS();
	keys("m60\ny");
	assert_true(ip_route_has("via 10.1.0.1 dev a0 metric 60"));
	/* someone else removes the route meanwhile */
	assert_int_equal(sh("ip route del default via 10.1.0.1 dev a0 "
			    "metric 60"), 0);
	keys("n");
	assert_int_equal(lv.hc.stage, LIVE_HC_FAILED);
	assert_true(lv.hc.msg_error);
	assert_non_null(strstr(lv.hc.msg, "could NOT be put back"));
}

static void test_demo_is_read_only(void **state)
{
	char msg[LIVE_MSG_MAX];

	(void)state;
	SKIP_IF_NO_NS();
	assert_true(live_uri_is_simulated("test:///default"));
	assert_true(live_uri_is_simulated("TEST+unix:///default"));
	assert_false(live_uri_is_simulated("qemu:///system"));
	assert_false(live_uri_is_simulated(NULL));
	assert_true(frame_has("This machine's routes are read-only in the "
			      "demo (not the demo host's)."));
	keys("m");
	assert_non_null(strstr(app.status, "metric not changed in the demo: "
			       "this machine's routes are not the demo host's"));
	keys("42\n");
	assert_non_null(strstr(app.status, "metric not changed in the demo"));
	keys("\n42\ny");
	assert_int_equal(lv.hc.stage, LIVE_HC_NONE);
	assert_true(ip_route_has("via 10.1.0.1 dev a0 metric 100"));
	/* the operation itself refuses too, even when asked directly */
	live_host_change_init(&lv, &(struct route_info){ .family = 2 }, "a0",
			      "10.1.0.1", 42, NULL, NULL, NULL, 1);
	assert_int_equal(lv.ops.host_metric_begin(&lv, msg, sizeof(msg)), -1);
	assert_int_equal(live_host_metric_begin(&lv, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "not changed in the demo"));
	assert_true(ip_route_has("via 10.1.0.1 dev a0 metric 100"));
}

#define T(f) cmocka_unit_test_setup_teardown(f, test_setup, test_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_asks_first_then_goes_back),
		T(test_kept_and_saved),
		T(test_n_and_esc),
		T(test_close_goes_back),
		T(test_way_back_fails_honestly),
		cmocka_unit_test_setup_teardown(test_demo_is_read_only,
						test_setup_demo, test_teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
