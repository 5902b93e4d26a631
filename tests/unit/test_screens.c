/*
 * test_screens.c - the console's screens drawn off-screen and compared
 * with committed golden text (tests/golden/NAME.txt).
 *
 * curses runs on /dev/null at a fixed 80x24 (newterm), monochrome and
 * with ASCII lines; each test builds the model by hand (fixed host data,
 * plans from text) or by feeding keys to the manager as a technician
 * would, draws the whole frame into a window and reads its rows back
 * with mvwinnstr.  No terminal, no libvirt, no netlink, no state dir.
 *
 * To review a change of the screens, regenerate the golden files and read
 * the diff:  EDGENET_REGEN_GOLDEN=1 make check TESTS=tests/unit/test_screens
 * then `git diff tests/golden`.  A mismatch leaves NAME.actual in the
 * build directory and prints both versions in the test log.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/describe.h"
#include "core/planfile.h"
#include "core/policy.h"
#include "core/probe_verdict.h"
#include "tui/term.h"
#include "ui/app.h"
#include "ui/diag_ui.h"
#include "ui/wizard.h"

#include "../lib/golden_lib.h"
#include "../lib/screen_lib.h"

#define ROWS 24
#define COLS_ 80
#define KEY_CTRL(c) ((c) & 0x1f)

static struct policy pol;
static struct ui_options opts;
static struct app app;

static int group_setup(void **state)
{
	(void)state;
	if (golden_policy_load(&pol) < 0)
		return -1;
	return golden_open(ROWS, COLS_);
}

static int group_teardown(void **state)
{
	(void)state;
	golden_close();
	return 0;
}

/* The demo-like host: the three networks, three NICs (one Wi-Fi). */
static void fixed_host(struct app *a)
{
	struct host_net *n;
	struct host_nic *h;

	snprintf(a->uri, sizeof(a->uri), "test:///demo-node.xml");
	a->nets_ok = true;
	a->nets.count = 3;
	n = &a->nets.items[0];
	snprintf(n->name, sizeof(n->name), "default");
	n->type = SWITCH_DEFAULT;
	snprintf(n->forward, sizeof(n->forward), "nat");
	snprintf(n->bridge, sizeof(n->bridge), "virbr0");
	snprintf(n->address, sizeof(n->address), "192.168.122.1/24");
	n->dhcp = true;
	snprintf(n->dhcp_start, sizeof(n->dhcp_start), "192.168.122.2");
	snprintf(n->dhcp_end, sizeof(n->dhcp_end), "192.168.122.254");
	n->active = true;
	n = &a->nets.items[1];
	snprintf(n->name, sizeof(n->name), "edge-int");
	n->type = SWITCH_INTERNAL;
	snprintf(n->bridge, sizeof(n->bridge), "virbr20");
	snprintf(n->address, sizeof(n->address), "172.20.0.1/24");
	n->dhcp = true;
	snprintf(n->dhcp_start, sizeof(n->dhcp_start), "172.20.0.100");
	snprintf(n->dhcp_end, sizeof(n->dhcp_end), "172.20.0.200");
	n->active = true;
	n = &a->nets.items[2];
	snprintf(n->name, sizeof(n->name), "plant");
	n->type = SWITCH_EXTERNAL;
	snprintf(n->forward, sizeof(n->forward), "bridge");
	snprintf(n->bridge, sizeof(n->bridge), "br0");
	n->active = true;

	a->hnics_ok = true;
	a->hnics.count = 4;
	h = &a->hnics.items[0];
	snprintf(h->name, sizeof(h->name), "lo");
	h->up = true;
	h = &a->hnics.items[1];
	snprintf(h->name, sizeof(h->name), "enp2s0");
	snprintf(h->mac, sizeof(h->mac), "00:1b:21:3a:4c:01");
	h->up = h->carrier = h->physical = true;
	h->speed_mbps = 1000;
	h = &a->hnics.items[2];
	snprintf(h->name, sizeof(h->name), "enp3s0");
	snprintf(h->mac, sizeof(h->mac), "00:1b:21:3a:4c:02");
	h->physical = true;
	h->speed_mbps = -1;
	h = &a->hnics.items[3];
	snprintf(h->name, sizeof(h->name), "wlp1s0");
	snprintf(h->mac, sizeof(h->mac), "3c:a9:f4:10:20:30");
	h->up = h->carrier = h->physical = h->wireless = true;
	h->speed_mbps = -1;
	a->domain_exists = 1;
}

static int test_setup(void **state)
{
	(void)state;
	memset(&opts, 0, sizeof(opts));
	opts.policy = &pol;
	opts.demo = true;
	opts.uri = "test:///demo-node.xml";
	if (app_init(&app, &opts) < 0)
		return -1;
	fixed_host(&app);
	app_goto(&app, SCR_HOME);
	return 0;
}

static int test_teardown(void **state)
{
	(void)state;
	app_free(&app);
	return 0;
}

static void keys(const int *k)
{
	for (; *k; k++)
		app_key(&app, *k);
}

static void type(const char *s)
{
	for (; *s; s++)
		app_key(&app, (unsigned char)*s);
}

/* Starts the wizard on plan TEXT, as `edgenet wizard --plan` would. */
static void load_plan(const char *text)
{
	struct diag_list d;

	diag_list_init(&d);
	app_goto(&app, SCR_PROFILE);
	assert_int_equal(planfile_load_string(text, &app.work, NULL, &d),
			 PLANFILE_OK);
	assert_int_equal(d.count, 0);
	diag_list_free(&d);
	app.saved = app.work;
	app_validate(&app);
}

/* Compares the frame with tests/golden/NAME.txt. */
static void golden(const char *name, int rows, int cols)
{
	golden_check(&app, name, rows, cols);
}

static const char plan_static[] =
	"version = 1;\n"
	"profile = \"server\";\n"
	"vm = \"edge-vm\";\n"
	"switches = ( { name = \"edge-int\"; type = \"internal\";\n"
	"  address = \"172.20.0.1/24\"; dhcp = true;\n"
	"  dhcp_start = \"172.20.0.100\"; dhcp_end = \"172.20.0.200\";\n"
	"  nat = true; } );\n"
	"nics = ( { name = \"eth0\"; switch = \"edge-int\";\n"
	"  mac = \"52:54:00:e4:00:02\"; primary = true;\n"
	"  ip = { mode = \"static\"; address = \"172.20.0.10\";\n"
	"         prefix = 24; gateway = \"172.20.0.1\"; };\n"
	"  dns = { servers = [ \"172.20.0.1\" ];\n"
	"          search = [ \"plant.example.com\" ]; }; } );\n";

static const char plan_two_nics[] =
	"version = 1;\n"
	"profile = \"client\";\n"
	"vm = \"edge-vm\";\n"
	"switches = ( { name = \"default\"; type = \"default\";\n"
	"  address = \"192.168.122.1/24\"; dhcp = true;\n"
	"  dhcp_start = \"192.168.122.2\"; dhcp_end = \"192.168.122.254\"; },\n"
	"  { name = \"plant\"; type = \"external\"; uplink = \"enp2s0\";\n"
	"    mode = \"bridge\"; bridge = \"br0\"; } );\n"
	"nics = ( { name = \"eth0\"; switch = \"default\";\n"
	"  mac = \"52:54:00:e4:00:01\"; primary = true;\n"
	"  ip = { mode = \"dhcp\"; }; metric = 100; },\n"
	"  { name = \"eth1\"; switch = \"plant\"; mac = \"52:54:00:e4:00:03\";\n"
	"  ip = { mode = \"static\"; address = \"10.50.0.20\"; prefix = 24;\n"
	"         gateway = \"10.50.0.1\"; };\n"
	"  dns = { servers = [ \"10.50.0.1\" ]; };\n"
	"  metric = 50; offline = true; } );\n";

static void test_home(void **state)
{
	(void)state;
	golden("home", ROWS, COLS_);
}

static void test_profile(void **state)
{
	(void)state;
	keys((int[]){ 'w', 0 });
	assert_int_equal(app.cur, SCR_PROFILE);
	assert_int_equal(app.work.profile, PROFILE_CLIENT);
	golden("wizard_profile", ROWS, COLS_);
}

static void test_switch_default(void **state)
{
	(void)state;
	keys((int[]){ 'w', KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_SWITCH);
	golden("wizard_switch_default", ROWS, COLS_);
}

static void test_switch_internal(void **state)
{
	(void)state;
	/* server: the first type it allows is internal */
	keys((int[]){ 'w', KEY_DOWN, KEY_CTRL('n'), 0 });
	assert_int_equal(app.work.profile, PROFILE_SERVER);
	assert_int_equal(app.cur, SCR_SWITCH);
	assert_int_equal(app.work.switches[0].type, SWITCH_INTERNAL);
	golden("wizard_switch_internal", ROWS, COLS_);
}

static void test_switch_external(void **state)
{
	(void)state;
	keys((int[]){ 'w', KEY_CTRL('n'), KEY_DOWN, 0 });
	assert_int_equal(app.work.switches[0].type, SWITCH_EXTERNAL);
	assert_string_equal(app.work.switches[0].uplink, "enp2s0");
	golden("wizard_switch_external", ROWS, COLS_);
}

/* Without the host's NIC list the uplink's name is typed. */
static void test_switch_external_no_links(void **state)
{
	(void)state;
	app.hnics_ok = false;
	snprintf(app.links_err, sizeof(app.links_err),
		 "netlink: Operation not permitted");
	keys((int[]){ 'w', KEY_CTRL('n'), KEY_DOWN, '\t', '\t', 0 });
	assert_int_equal(app.work.switches[0].type, SWITCH_EXTERNAL);
	type("enp9s0");
	assert_string_equal(app.work.switches[0].uplink, "enp9s0");
	golden("wizard_switch_external_no_links", ROWS, COLS_);
}

static void test_ip_dhcp(void **state)
{
	(void)state;
	keys((int[]){ 'w', KEY_CTRL('n'), KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_IP);
	golden("wizard_ip_dhcp", ROWS, COLS_);
}

/* server, internal, static: Tab takes the suggested prefix and gateway
 * (placeholders until then); a gateway outside the subnet is shown at its
 * field and blocks Next. */
static void test_ip_static_gateway_error(void **state)
{
	(void)state;
	keys((int[]){ 'w', KEY_DOWN, KEY_CTRL('n'), KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_IP);
	keys((int[]){ KEY_DOWN, '\t', 0 });	/* static, then Address */
	assert_int_equal(app.work.nics[0].mode, IP_STATIC);
	type("172.20.0.10");
	keys((int[]){ '\t', 0 });
	assert_false(app.work.nics[0].has_prefix);	/* only suggested */
	keys((int[]){ '\t', 0 });
	assert_int_equal(app.work.nics[0].prefix, 24);
	assert_string_equal(app.work.nics[0].gateway, "");
	keys((int[]){ '\t', KEY_RIGHT, 0 });	/* Tab stayed: the gateway */
	assert_string_equal(app.work.nics[0].gateway, "172.20.0.1");
	keys((int[]){ KEY_CTRL('u'), 0 });
	type("172.21.0.1");
	keys((int[]){ KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_IP);	/* refused */
	golden("wizard_ip_static_error", ROWS, COLS_);
	/* fixed: Next goes on */
	keys((int[]){ KEY_BACKSPACE, KEY_BACKSPACE, KEY_BACKSPACE,
		      KEY_BACKSPACE, KEY_BACKSPACE, 0 });
	type("0.0.1");
	assert_string_equal(app.work.nics[0].gateway, "172.20.0.1");
	keys((int[]){ KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_DNS);
}

static void test_ip_letters_refused(void **state)
{
	(void)state;
	keys((int[]){ 'w', KEY_DOWN, KEY_CTRL('n'), KEY_CTRL('n'), KEY_DOWN,
		      '\t', 0 });
	type("10.x");
	/* kept as typed (never stripped), and refused at its field */
	assert_string_equal(app.work.nics[0].address, "10.x");
	assert_non_null(diag_find(&app.diags, "nics[0].ip.address"));
	assert_int_equal(app.cur, SCR_IP);	/* 'q' would not quit either */
	type("q");
	assert_false(app.done);
}

static void test_dns(void **state)
{
	(void)state;
	keys((int[]){ 'w', KEY_DOWN, KEY_CTRL('n'), KEY_CTRL('n'), KEY_DOWN,
		      '\t', 0 });
	type("172.20.0.10");
	/* Prefix, 24 taken, Gateway, its suggestion taken */
	keys((int[]){ '\t', '\t', '\t', '\t', KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_DNS);
	golden("wizard_dns_empty", ROWS, COLS_);
	type("172.20.0.1");
	keys((int[]){ KEY_DOWN, 0 });
	type("9.9.9.9");
	keys((int[]){ KEY_DOWN, KEY_DOWN, 0 });
	type("plant.example.com");
	assert_int_equal(app.work.nics[0].ndns, 2);
	assert_int_equal(app.work.nics[0].nsearch, 1);
	golden("wizard_dns", ROWS, COLS_);
}

static void test_nics(void **state)
{
	(void)state;
	load_plan(plan_two_nics);
	app_goto(&app, SCR_NICS);
	/* eth1 is offline: it gets no default route in the VM, so its
	 * lower metric wins nothing and nothing is flagged */
	assert_null(diag_find_under(&app.diags, "nics"));
	golden("wizard_nics_offline", ROWS, COLS_);
	/* eth1 down in priority: metrics 100, 200, and Next goes on */
	/* Tab goes from Next to Back, then wraps to the list */
	keys((int[]){ '\t', '\t', KEY_DOWN, '-', 0 });
	assert_string_equal(app.work.nics[1].name, "eth1");
	assert_int_equal(app.work.nics[1].metric, 200);
	golden("wizard_nics", ROWS, COLS_);
	keys((int[]){ KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_REVIEW);
}

static void test_review(void **state)
{
	(void)state;
	load_plan(plan_static);
	app_goto(&app, SCR_REVIEW);
	golden("wizard_review", ROWS, COLS_);
}

/* The review lists every diagnostic first. */
static void test_review_problems(void **state)
{
	(void)state;
	load_plan(plan_two_nics);
	/* eth1 online with eth0's metric: two default routes tie */
	app.work.nics[1].offline = false;
	plan_nic_set_metric(&app.work.nics[1], 100);
	app_goto(&app, SCR_REVIEW);
	golden("wizard_review_problems", ROWS, COLS_);
}

/* A hostile plan (escape sequences, BEL, a newline that would forge a
 * line, C1 both as UTF-8 and as the raw byte 0x9b, DEL, bytes that are
 * not UTF-8) in the VM, switch, uplink, NIC and DNS fields: every screen
 * of the wizard shows the escaped form (\x1b), nothing curses would turn
 * into "^[" or a line break, and the frame is clean UTF-8. */
static const char plan_hostile[] =
	"version = 1;\n"
	"profile = \"server\";\n"
	"vm = \"edge\\x1b]0;owned\\x07vm\";\n"
	"switches = ( { name = \"edge\\x1b[2Jint\\x0aFORGED\"; type = \"internal\";\n"
	"  address = \"172.20.0.1/24\"; dhcp = true;\n"
	"  dhcp_start = \"172.20.0.100\"; dhcp_end = \"172.20.0.200\";\n"
	"  nat = true; } );\n"
	"nics = ( { name = \"eth\\xc2\\x9b\\x9b\\x7f\\xff\\x1b[31m\";\n"
	"  switch = \"edge\\x1b[2Jint\\x0aFORGED\";\n"
	"  mac = \"52:54:00:e4:00:02\"; primary = true;\n"
	"  ip = { mode = \"static\"; address = \"172.20.0.10\";\n"
	"         prefix = 24; gateway = \"172.20.0.1\"; };\n"
	"  dns = { servers = [ \"172.20.0.1\" ];\n"
	"          search = [ \"plant\\x1b[5m\\x0d.example.com\" ]; }; } );\n";

static void assert_frame_clean(const char *f, const char *where)
{
	const unsigned char *p = (const unsigned char *)f;

	for (; *p; p++) {
		if ((*p < 0x20 && *p != '\n') || *p == 0x7f)
			fail_msg("%s: raw byte 0x%02x on screen:\n%s", where, *p,
				 f);
		if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			fail_msg("%s: a C1 control on screen:\n%s", where, f);
		if (*p >= 0x80 && (*p & 0xc0) == 0x80)
			fail_msg("%s: a byte that is not UTF-8:\n%s", where, f);
		if (*p >= 0xc2) {	/* a character: skip its tail */
			int n = *p < 0xe0 ? 1 : *p < 0xf0 ? 2 : 3;

			for (int i = 1; i <= n; i++)
				if ((p[i] & 0xc0) != 0x80)
					fail_msg("%s: cut UTF-8:\n%s", where,
						 f);
			p += n;
		}
	}
	if (strstr(f, "^["))
		fail_msg("%s: curses drew a control as ^[:\n%s", where, f);
	if (strstr(f, "\nFORGED") || strncmp(f, "FORGED", 6) == 0)
		fail_msg("%s: a line was forged:\n%s", where, f);
}

static void test_hostile_plan_escaped(void **state)
{
	static const struct {
		enum screen_id id;
		const char *name, *shows;
	} walk[] = {
		{ SCR_PROFILE, "profile", "\\x1b]0;owned\\x07vm" },
		{ SCR_SWITCH, "switch", "edge\\x1b[2Jint\\x0aFORGED" },
		{ SCR_DNS, "dns", "plant\\x1b[5m\\x0d.example.com" },
		{ SCR_NICS, "nics", "eth\\xc2\\x9b\\x9b\\x7f\\xff" },
		{ SCR_REVIEW, "review", "\\x1b" },
	};
	struct diag_list d;
	char *f;

	(void)state;
	diag_list_init(&d);
	app_goto(&app, SCR_PROFILE);
	assert_int_equal(planfile_load_string(plan_hostile, &app.work, NULL,
					      &d), PLANFILE_OK);
	diag_list_free(&d);
	app.saved = app.work;
	app_validate(&app);
	for (size_t i = 0; i < sizeof(walk) / sizeof(walk[0]); i++) {
		app_goto(&app, walk[i].id);
		f = golden_frame(&app, ROWS, COLS_);
		assert_frame_clean(f, walk[i].name);
		if (!strstr(f, walk[i].shows))
			fail_msg("%s: \"%s\" is not on screen:\n%s",
				 walk[i].name, walk[i].shows, f);
		free(f);
	}
}

static void test_help(void **state)
{
	(void)state;
	load_plan(plan_static);
	app_goto(&app, SCR_IP);
	keys((int[]){ '\t', '\t', '\t', KEY_F(1), 0 });	/* Gateway */
	assert_int_equal(app.cur, SCR_HELP);
	golden("help_gateway", ROWS, COLS_);
	keys((int[]){ 27, 0 });
	assert_int_equal(app.cur, SCR_IP);
}

static void test_too_small(void **state)
{
	(void)state;
	golden("too_small", 20, 60);
}

static void test_quit_asks(void **state)
{
	(void)state;
	keys((int[]){ 'w', KEY_CTRL('n'), 0 });
	keys((int[]){ KEY_F(10), 0 });
	assert_true(app.done);		/* nothing changed: no question */
	assert_false(app.asking_quit);
	app.done = false;
	keys((int[]){ '\t', 0 });	/* Switch name */
	type("x");
	assert_string_equal(app.work.switches[0].name, "defaultx");
	keys((int[]){ KEY_F(10), 0 });
	assert_true(app.asking_quit);
	golden("quit_asks", ROWS, COLS_);
	keys((int[]){ 'n', 0 });
	assert_false(app.asking_quit);
	assert_false(app.done);
	keys((int[]){ KEY_CTRL('x'), 'y', 0 });
	assert_true(app.done);
}

/* Add a NIC (it walks steps 2-4), go back, remove it; the primary NIC
 * cannot be removed. */
static void test_nic_add_remove(void **state)
{
	(void)state;
	keys((int[]){ 'w', KEY_CTRL('n'), KEY_CTRL('n'), KEY_CTRL('n'),
		      KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_NICS);
	keys((int[]){ 'a', 0 });
	assert_int_equal(app.cur, SCR_SWITCH);
	assert_int_equal(app.work.nnics, 2);
	assert_int_equal(app.wiz.nic, 1);
	assert_string_equal(app.work.nics[1].name, "eth1");
	keys((int[]){ 27, 0 });		/* Esc: back to the NIC list */
	assert_int_equal(app.cur, SCR_NICS);
	golden("wizard_nics_added", ROWS, COLS_);
	keys((int[]){ 'd', 0 });
	assert_int_equal(app.work.nnics, 1);
	assert_int_equal(app.work.nswitches, 1);
	keys((int[]){ 'd', 0 });	/* the primary stays */
	assert_int_equal(app.work.nnics, 1);
	assert_non_null(strstr(app.status, "cannot be removed"));
}

/* A state directory that cannot be used: the MAC stays empty and the
 * steps say why. */
static void test_state_unusable(void **state)
{
	(void)state;
	app.state_ok = false;
	snprintf(app.state_err, sizeof(app.state_err),
		 "the state directory cannot be used (/var/lib/edgenet: "
		 "Permission denied): new NICs get no MAC now; it is "
		 "generated when the plan is applied");
	keys((int[]){ 'w', KEY_CTRL('n'), KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_IP);
	golden("wizard_ip_state_unusable", ROWS, COLS_);
	keys((int[]){ KEY_CTRL('n'), KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_NICS);
	assert_string_equal(app.work.nics[0].mac, "");
}

/* A libvirt error of a realistic length (three lines at 80 columns). */
static const char msg_libvirt[] =
	"virDomainDetachDeviceFlags failed: Requested operation is not "
	"valid: cannot detach the NIC with MAC 52:54:00:e4:00:03 from VM "
	"edge-gateway-01 (network plant-line3-ot01): the device is busy; "
	"nothing was changed.";

/* Longer than the message area: five lines at 80 columns. */
static const char msg_long[] =
	"the subnet 10.50.0.0/24 of NIC ot-line3-opcua1 (switch "
	"plant-line3-ot01) overlaps the subnet 10.50.0.0/16 of libvirt "
	"network 'plant-line3-dmz', which already runs on this host: "
	"traffic for 10.50.0.0/24 would leave through either network and "
	"the VM could not tell them apart; give the switch another subnet "
	"(such as 10.51.0.0/24) or change the network on the host first, "
	"then come back to this step and check again.  Nothing was saved "
	"or applied.";

/* A message of three lines wraps whole above the footer; the body
 * gives the lines up. */
static void test_message_wraps(void **state)
{
	char *f;

	(void)state;
	app_status(&app, TS_ERROR, "%s", msg_libvirt);
	golden("message_wrapped", ROWS, COLS_);
	f = golden_frame(&app, ROWS, COLS_);
	golden_assert_whole(f, msg_libvirt);
	assert_null(strstr(f, "F2 message"));	/* it fits: no key */
	free(f);
}

/* A longer one shows three lines ending in an ellipsis, the footer
 * names F2, and F2 shows it whole; Esc closes it and the screen is as
 * it was. */
static void test_message_whole(void **state)
{
	char *f;

	(void)state;
	app_status(&app, TS_ERROR, "%s", msg_long);
	golden("message_long", ROWS, COLS_);
	f = golden_frame(&app, ROWS, COLS_);
	assert_non_null(strstr(f, "F2 message"));
	free(f);
	keys((int[]){ KEY_F(2), 0 });
	assert_true(app.msg_open);
	golden("message_whole", ROWS, COLS_);
	f = golden_frame(&app, ROWS, COLS_);
	golden_assert_whole(f, msg_long);
	free(f);
	keys((int[]){ 27, 0 });
	assert_false(app.msg_open);
	assert_int_equal(app.cur, SCR_HOME);
	keys((int[]){ KEY_CTRL('o'), 0 });	/* the other key for it */
	assert_true(app.msg_open);
}

/* The route panel's help is longer than the screen: it scrolls, and
 * its end shows the key list whole. */
static void test_help_scrolls(void **state)
{
	char *f;

	(void)state;
	keys((int[]){ 't', KEY_F(1), 0 });
	assert_int_equal(app.cur, SCR_HELP);
	golden("help_routes", ROWS, COLS_);
	f = golden_frame(&app, ROWS, COLS_);
	assert_non_null(strstr(f, "(more v)"));
	free(f);
	keys((int[]){ KEY_END, 0 });
	assert_int_equal(app.cur, SCR_HELP);
	golden("help_routes_end", ROWS, COLS_);
	f = golden_frame(&app, ROWS, COLS_);
	golden_assert_whole(f, "In a text field: Left/Right, Home/End, "
			    "Backspace, Delete, Ctrl-U clears.");
	assert_non_null(strstr(f, "(more ^)"));
	free(f);
	keys((int[]){ 27, 0 });
	assert_int_equal(app.cur, SCR_ROUTES);
}

/* The footer follows the screen: no Tab on a panel, Esc goes home
 * there, and ? and q are not offered while a text field has the
 * focus. */
static void test_footer_follows(void **state)
{
	char *f;

	(void)state;
	keys((int[]){ 't', 0 });
	f = golden_frame(&app, ROWS, COLS_);
	assert_null(strstr(f, "Tab"));
	assert_non_null(strstr(f, "Esc home"));
	free(f);
	keys((int[]){ 27, 'w', KEY_CTRL('n'), '\t', 0 });	/* Switch name */
	assert_int_equal(app.cur, SCR_SWITCH);
	f = golden_frame(&app, ROWS, COLS_);
	assert_non_null(strstr(f, "F1 help"));
	assert_non_null(strstr(f, "F10 ^X quit"));
	assert_null(strstr(f, "q quit"));
	free(f);
}

/* Every golden screen at 80x24: no text runs into the right edge, and
 * a value shortened with an ellipsis is shown whole elsewhere on the
 * same screen (the header's URI aside: home shows it whole). */
static void test_goldens_cut_nothing(void **state)
{
	/* rows of step 5's list that are not selected: each is shown
	 * whole when selected (test_panel_screens: test_nics_long) */
	static const char *const allow[] = {
		"wizard_nics_long.txt:9",
		"wizard_nics_long_second.txt:8",
		/* the XML diff's own mark for lines left out */
		"apply_review.txt:11",
		/* a note cut by the form's room: the footer offers "F2
		 * note", which shows it whole (test_note_cut_opens_whole) */
		"wizard_switch_same_uplink.txt:20",
		"wizard_switch_external.txt:20",
		"wizard_profile_note_cut.txt:20",
		/* "running... 1.4 s": the word, not a cut */
		"diag_results_running.txt:14",
		NULL
	};

	(void)state;
	assert_int_equal(golden_scan_cuts(allow), 0);
}

/* ---- every check sits in its step ---- */

/* Two static NICs on different switches with one subnet. */
static const char plan_overlap[] =
	"version = 1;\n"
	"profile = \"client\";\n"
	"vm = \"edge-vm\";\n"
	"switches = ( { name = \"plant\"; type = \"external\";\n"
	"    uplink = \"enp2s0\"; mode = \"bridge\"; bridge = \"br0\"; },\n"
	"  { name = \"ot\"; type = \"external\"; uplink = \"enp3s0\";\n"
	"    mode = \"bridge\"; bridge = \"br1\"; } );\n"
	"nics = ( { name = \"eth0\"; switch = \"plant\";\n"
	"  mac = \"52:54:00:e4:00:01\"; primary = true;\n"
	"  ip = { mode = \"static\"; address = \"10.50.0.10\"; prefix = 24;\n"
	"         gateway = \"10.50.0.1\"; };\n"
	"  dns = { servers = [ \"10.50.0.1\" ]; }; metric = 100; },\n"
	"  { name = \"eth1\"; switch = \"ot\"; mac = \"52:54:00:e4:00:03\";\n"
	"  ip = { mode = \"static\"; address = \"10.50.0.20\"; prefix = 24; };\n"
	"  metric = 200; offline = true; } );\n";

/* Overlapping NICs: both rows marked, the selected NIC's problem in words
 * on step 5; editing eth0, step 3 shows it at the address and refuses
 * Next; the review names both NICs. */
static void test_nics_overlap(void **state)
{
	(void)state;
	load_plan(plan_overlap);
	app_goto(&app, SCR_NICS);
	golden("wizard_nics_overlap", ROWS, COLS_);
	keys((int[]){ '\t', '\t', '\n', 0 });	/* Back, list: edit eth0 */
	assert_int_equal(app.cur, SCR_SWITCH);
	assert_int_equal(app.wiz.nic, 0);
	keys((int[]){ KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_IP);
	keys((int[]){ KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_IP);	/* refused */
	golden("wizard_ip_overlap", ROWS, COLS_);
	app_goto(&app, SCR_REVIEW);
	golden("wizard_review_overlap", ROWS, COLS_);
}

/* A new switch on the subnet of a network the host runs: an error at its
 * address on step 2, which refuses Next. */
static void test_switch_host_overlap(void **state)
{
	(void)state;
	keys((int[]){ 'w', KEY_DOWN, KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_SWITCH);
	keys((int[]){ '\t', 0 });		/* Switch name */
	keys((int[]){ KEY_CTRL('u'), 0 });
	type("edge-lab");
	assert_string_equal(app.work.switches[0].name, "edge-lab");
	assert_string_equal(app.work.switches[0].address, "172.20.0.1/24");
	keys((int[]){ KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_SWITCH);	/* refused */
	golden("wizard_switch_host_overlap", ROWS, COLS_);
}

/* Two external switches on one uplink: an error at the second's uplink;
 * choosing another uplink clears it, and the bridge name follows. */
static const char plan_same_uplink[] =
	"version = 1;\n"
	"profile = \"client\";\n"
	"vm = \"edge-vm\";\n"
	"switches = ( { name = \"plant\"; type = \"external\";\n"
	"    uplink = \"enp2s0\"; mode = \"bridge\"; bridge = \"br0\"; },\n"
	"  { name = \"lab\"; type = \"external\"; uplink = \"enp2s0\";\n"
	"    mode = \"bridge\"; bridge = \"br-enp2s0\"; } );\n"
	"nics = ( { name = \"eth0\"; switch = \"plant\";\n"
	"  mac = \"52:54:00:e4:00:01\"; primary = true;\n"
	"  ip = { mode = \"dhcp\"; }; metric = 100; },\n"
	"  { name = \"eth1\"; switch = \"lab\"; mac = \"52:54:00:e4:00:03\";\n"
	"  ip = { mode = \"dhcp\"; }; metric = 200; } );\n";

static void test_switch_same_uplink(void **state)
{
	(void)state;
	load_plan(plan_same_uplink);
	app.wiz.nic = 1;
	app_goto(&app, SCR_SWITCH);
	assert_non_null(diag_find(&app.diags, "switches[1].uplink"));
	golden("wizard_switch_same_uplink", ROWS, COLS_);
	keys((int[]){ '\t', '\t', KEY_DOWN, 0 });	/* uplink: enp3s0 */
	assert_string_equal(app.work.switches[1].uplink, "enp3s0");
	assert_string_equal(app.work.switches[1].bridge, "br-enp3s0");
	assert_null(diag_find(&app.diags, "switches[1].uplink"));
	/* a bridge name of the technician's own stays */
	app_goto(&app, SCR_SWITCH);
	keys((int[]){ '\t', '\t', '\t', '\t', KEY_CTRL('u'), 0 });
	type("br-lab");
	assert_string_equal(app.work.switches[1].bridge, "br-lab");
	keys((int[]){ KEY_BTAB, KEY_BTAB, KEY_UP, 0 });
	assert_string_equal(app.work.switches[1].uplink, "enp2s0");
	assert_string_equal(app.work.switches[1].bridge, "br-lab");
}

/* A VM the host does not have: an error on step 1 naming the defined
 * VMs, and Next is refused. */
static void test_profile_vm_unknown(void **state)
{
	(void)state;
	app.doms_ok = app.doms_tried = true;
	app.doms.count = app.doms.total = 2;
	snprintf(app.doms.names[0], PLAN_NAME_MAX, "edge-vm");
	snprintf(app.doms.names[1], PLAN_NAME_MAX, "historian");
	app.domain_exists = 0;
	load_plan(plan_static);
	snprintf(app.work.domain, sizeof(app.work.domain), "edge-vn");
	app_goto(&app, SCR_PROFILE);
	keys((int[]){ KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_PROFILE);	/* refused */
	golden("wizard_profile_vm_unknown", ROWS, COLS_);
}

/* ---- keys and fields ---- */

/* The frame as text, for what a technician would read on it. */
static bool frame_has(const char *needle)
{
	char *f = golden_frame(&app, ROWS, COLS_);
	bool found = strstr(f, needle) != NULL;

	if (!found)
		print_message("frame lacks \"%s\":\n%s\n", needle, f);
	free(f);
	return found;
}

static int cur_step(void)
{
	return app_screen(&app)->cls->step;
}

/* Enter only, from step 1 of a fresh client plan: field by field, each
 * step's last field going on to the next step; never back, never home
 * (before: three Enters from step 1 were back home). */
static void test_enter_goes_forward(void **state)
{
	/* profile: choice, VM; switch: type, name, address, range start,
	 * range end; IP (DHCP): mode, offline; DNS: server, domain */
	static const enum screen_id after[] = {
		SCR_PROFILE, SCR_SWITCH,
		SCR_SWITCH, SCR_SWITCH, SCR_SWITCH, SCR_SWITCH, SCR_IP,
		SCR_IP, SCR_DNS,
		SCR_DNS, SCR_NICS,
	};
	int step = 1;

	(void)state;
	keys((int[]){ 'w', 0 });
	assert_int_equal(app.cur, SCR_PROFILE);
	for (size_t i = 0; i < sizeof(after) / sizeof(after[0]); i++) {
		keys((int[]){ '\n', 0 });
		if (cur_step() < step)
			fail_msg("Enter %zu went back to step %d", i + 1,
				 cur_step());
		step = cur_step();
		if (app.cur != after[i])
			fail_msg("after Enter %zu: screen %d, not %d", i + 1,
				 (int)app.cur, (int)after[i]);
	}
	/* Enter on the offline checkbox moved on and ticked nothing */
	assert_false(app.work.nics[0].offline);
	assert_int_equal(app.work.nics[0].mode, IP_DHCP);
	assert_int_equal(app.work.profile, PROFILE_CLIENT);
}

/* A choice takes the first letter of an option; a checkbox takes Space
 * and only Space; Enter on the last field of a step with an error stays
 * there, naming the field. */
static void test_choice_letters_and_refused_enter(void **state)
{
	(void)state;
	keys((int[]){ 'w', 0 });
	type("s");
	assert_int_equal(app.work.profile, PROFILE_SERVER);
	type("c");
	assert_int_equal(app.work.profile, PROFILE_CLIENT);
	type("s");
	keys((int[]){ '\n', KEY_CTRL('u'), '\n', 0 });	/* VM name emptied */
	assert_int_equal(app.cur, SCR_PROFILE);		/* refused */
	assert_non_null(strstr(app.status, "Next refused"));
	type("edge-vm");
	keys((int[]){ '\n', 0 });
	assert_int_equal(app.cur, SCR_SWITCH);
	assert_int_equal(app.work.switches[0].type, SWITCH_INTERNAL);
	type("e");
	assert_int_equal(app.work.switches[0].type, SWITCH_EXTERNAL);
	type("i");
	assert_int_equal(app.work.switches[0].type, SWITCH_INTERNAL);
	/* type, name, address, then the DHCP checkbox: Enter passes it */
	keys((int[]){ '\n', '\n', '\n', 0 });
	assert_true(app.work.switches[0].dhcp);
	keys((int[]){ '\n', 0 });
	assert_true(app.work.switches[0].dhcp);
	keys((int[]){ KEY_BTAB, ' ', 0 });
	assert_false(app.work.switches[0].dhcp);
}

/* Suggestions are placeholders: typing replaces them, Tab or Right takes
 * them, and one nobody took is not in the plan: the check then reports
 * the field missing (before: typing appended, "10.10.0.110.10.0.254",
 * and an untyped gateway reached the plan). */
static void test_suggestion_placeholder(void **state)
{
	(void)state;
	keys((int[]){ 'w', KEY_DOWN, KEY_CTRL('n'), KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_IP);
	keys((int[]){ KEY_DOWN, 0 });			/* static */
	assert_int_equal(app.work.nics[0].mode, IP_STATIC);
	keys((int[]){ '\t', 0 });			/* Address */
	type("172.20.0.10");
	keys((int[]){ '\t', 0 });			/* Prefix */
	assert_false(app.work.nics[0].has_prefix);
	assert_true(frame_has("[24              ] = 255.255.255.0 "
			      "(suggested)"));
	assert_non_null(diag_find(&app.diags, "nics[0].ip.prefix"));
	type("16");				/* replaces, not "2416" */
	assert_int_equal(app.work.nics[0].prefix, 16);
	assert_true(frame_has("[16              ] = 255.255.0.0"));
	keys((int[]){ KEY_CTRL('u'), '\t', 0 });	/* Tab takes 24 */
	assert_int_equal(app.work.nics[0].prefix, 24);
	assert_true(frame_has(">Prefix length"));	/* and stays */
	keys((int[]){ '\t', 0 });			/* Gateway */
	/* the gateway: suggested, not taken */
	assert_string_equal(app.work.nics[0].gateway, "");
	assert_true(frame_has("[172.20.0.1      ] suggested: Tab or Right "
			      "takes it"));
	assert_non_null(strstr(diag_find(&app.diags,
					 "nics[0].ip.gateway")->message,
			       "the gateway is missing"));
	type("172.20.0.254");			/* replaces, not appends */
	assert_string_equal(app.work.nics[0].gateway, "172.20.0.254");
	keys((int[]){ KEY_CTRL('u'), KEY_DOWN, 0 });	/* leaving: not taken */
	assert_string_equal(app.work.nics[0].gateway, "");
	keys((int[]){ KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_IP);		/* refused: missing */
	assert_non_null(strstr(app.status, "Gateway"));
	golden("wizard_ip_placeholder", ROWS, COLS_);
	assert_true(frame_has("!>Gateway"));		/* focused there */
	keys((int[]){ KEY_RIGHT, 0 });			/* Right takes it */
	assert_string_equal(app.work.nics[0].gateway, "172.20.0.1");
	keys((int[]){ KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_DNS);
	/* the gateway, suggested as the DNS server: not taken yet */
	assert_true(frame_has("[172.20.0.1      ] suggested (gateway): Tab "
			      "takes it"));
	assert_int_equal(app.work.nics[0].ndns, 0);
	assert_non_null(diag_find(&app.diags, "nics[0].dns.servers"));
	keys((int[]){ '\t', 0 });
	assert_int_equal(app.work.nics[0].ndns, 1);
	assert_string_equal(app.work.nics[0].dns[0], "172.20.0.1");
	assert_null(diag_find(&app.diags, "nics[0].dns.servers"));
}

/* No field hides characters: the MAC shows all 17, focused or not
 * (before: its first was cut); a longer text scrolls with the cursor and
 * says there is more. */
static void test_fields_show_all(void **state)
{
	(void)state;
	load_plan(plan_static);
	app_goto(&app, SCR_IP);
	assert_true(frame_has("MAC address            [52:54:00:e4:00:02 ]"));
	keys((int[]){ KEY_BTAB, 0 });			/* the MAC */
	assert_true(frame_has("MAC address            [52:54:00:e4:00:02 ]"));
	assert_int_equal(app_screen(&app)->cur_x, 26 + 17);
	app_goto(&app, SCR_PROFILE);
	keys((int[]){ '\n', KEY_CTRL('u'), 0 });	/* the VM's name */
	type("edge-vm-of-line-4-packaging-cell-west");	/* 37 characters */
	/* focused: the end, with the cursor after it, '<' before */
	assert_true(frame_has("<e-4-packaging-cell-west ]"));
	assert_false(frame_has("defined on this host"));	/* not asked yet */
	keys((int[]){ '\t', 0 });
	/* not focused: the beginning, '>' after */
	assert_true(frame_has("[edge-vm-of-line-4-packag>"));
	assert_string_equal(app.work.domain,
			    "edge-vm-of-line-4-packaging-cell-west");
}

/* What technicians type elsewhere is taken and said so; anything else is
 * kept as typed and refused at its field by the check, never stripped
 * (before: "plant_local" became "plantlocal", "Ethernet 2" "Ethernet2").
 * The prefix hint follows the value. */
static void test_typed_values(void **state)
{
	const struct diag *d;

	(void)state;
	keys((int[]){ 'w', KEY_DOWN, KEY_CTRL('n'), KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_IP);
	/* a Windows MAC */
	keys((int[]){ KEY_BTAB, 0 });
	type("52-54-00-12-34-56");
	assert_string_equal(app.work.nics[0].mac, "52:54:00:12:34:56");
	assert_true(frame_has("saved as 52:54:00:12:34:56"));
	assert_null(diag_find(&app.diags, "nics[0].mac"));
	keys((int[]){ KEY_DOWN, 0 });			/* left: written so */
	assert_true(frame_has("[52:54:00:12:34:56 ]"));
	assert_non_null(strstr(app.status, "written 52:54:00:12:34:56"));
	keys((int[]){ KEY_BTAB, KEY_CTRL('u'), 0 });
	type("52:54:00:AB:CD:EF");
	assert_string_equal(app.work.nics[0].mac, "52:54:00:ab:cd:ef");
	keys((int[]){ KEY_CTRL('u'), 0 });
	type("52.54.00.12.34.56");		/* kept, refused */
	assert_string_equal(app.work.nics[0].mac, "52.54.00.12.34.56");
	assert_non_null(diag_find(&app.diags, "nics[0].mac"));
	keys((int[]){ KEY_CTRL('u'), 0 });
	/* address/prefix: split on leaving */
	keys((int[]){ KEY_DOWN, KEY_DOWN, '\t', 0 });	/* static; Address */
	type("172.20.0.10/24");
	assert_true(frame_has("the /24 goes to Prefix length"));
	keys((int[]){ '\t', 0 });
	assert_string_equal(app.work.nics[0].address, "172.20.0.10");
	assert_int_equal(app.work.nics[0].prefix, 24);
	assert_true(frame_has("[172.20.0.10     ]"));
	assert_true(frame_has("[24              ] = 255.255.255.0"));
	assert_non_null(strstr(app.status, "split"));
	assert_null(diag_find(&app.diags, "nics[0].ip.address"));
	/* a netmask as the prefix */
	keys((int[]){ KEY_CTRL('u'), 0 });
	type("255.255.0.0");
	assert_int_equal(app.work.nics[0].prefix, 16);
	assert_true(frame_has("a netmask: prefix length 16"));
	keys((int[]){ KEY_UP, 0 });			/* left: written so */
	assert_true(frame_has("[16              ] = 255.255.0.0"));
	assert_non_null(strstr(app.status, "prefix length 16"));
	/* neither: kept, refused with the fix */
	keys((int[]){ KEY_DOWN, KEY_CTRL('u'), 0 });
	type("2x");
	assert_true(frame_has("[2x "));
	d = diag_find(&app.diags, "nics[0].ip.prefix");
	assert_non_null(d);
	assert_non_null(strstr(d->message, "neither a number nor a netmask"));
	keys((int[]){ KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_IP);
	/* 24 taken, Gateway, its suggestion taken */
	keys((int[]){ KEY_CTRL('u'), '\t', '\t', '\t', KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_DNS);
	/* a search domain with '_' stays, and is refused */
	keys((int[]){ KEY_DOWN, 0 });
	type("plant_local");
	assert_string_equal(app.work.nics[0].search[0], "plant_local");
	assert_non_null(diag_find(&app.diags, "nics[0].dns.search[0]"));
	assert_true(frame_has("[plant_local"));
	keys((int[]){ KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_DNS);
}

/* The uplink typed by name keeps its space and is refused at its field. */
static void test_uplink_kept(void **state)
{
	const struct diag *d;

	(void)state;
	app.hnics_ok = false;
	snprintf(app.links_err, sizeof(app.links_err),
		 "netlink: Operation not permitted");
	keys((int[]){ 'w', KEY_CTRL('n'), KEY_DOWN, 0 });
	assert_int_equal(app.cur, SCR_SWITCH);
	assert_int_equal(app.work.switches[0].type, SWITCH_EXTERNAL);
	keys((int[]){ '\t', '\t', 0 });		/* name, then the uplink */
	type("Ethernet 2");
	assert_string_equal(app.work.switches[0].uplink, "Ethernet 2");
	d = diag_find(&app.diags, "switches[0].uplink");
	assert_non_null(d);
	assert_non_null(strstr(d->message, "no spaces"));
	assert_true(frame_has("[Ethernet 2"));
}


/* ---- keys and fields: the switch and NIC steps ---- */

/* The frame does not hold NEEDLE (printed whole when it does). */
static bool frame_lacks(const char *needle)
{
	char *f = golden_frame(&app, ROWS, COLS_);
	bool found = strstr(f, needle) != NULL;

	if (found)
		print_message("frame has \"%s\":\n%s\n", needle, f);
	free(f);
	return !found;
}

/* A host with only libvirt's default network: a new internal switch has
 * no facts to reuse, so its address and DHCP range are edgenet's
 * suggestions: placeholders, not in the plan (the check names them
 * missing); typing replaces one (before: typing appended to
 * "10.10.0.1/24"), the range follows the address typed, Tab and Right
 * take it. */
static void test_switch_placeholders(void **state)
{
	(void)state;
	app.nets.count = 1;			/* only 'default' */
	keys((int[]){ 'w', KEY_DOWN, KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_SWITCH);
	assert_int_equal(app.work.switches[0].type, SWITCH_INTERNAL);
	assert_string_equal(app.work.switches[0].name, "edge-int");
	assert_string_equal(app.work.switches[0].address, "");
	assert_string_equal(app.work.switches[0].dhcp_start, "");
	assert_string_equal(app.work.switches[0].dhcp_end, "");
	assert_non_null(diag_find(&app.diags, "switches[0].address"));
	assert_true(frame_has("[10.10.0.1/24      ] suggested: Tab or "
			      "Right takes it"));
	golden("wizard_switch_suggested", ROWS, COLS_);
	keys((int[]){ KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_SWITCH);	/* refused: none taken */
	assert_non_null(strstr(app.status, "Host address/prefix"));
	/* focused there by the refusal */
	type("172.30.0.1/24");			/* replaces, not appends */
	assert_string_equal(app.work.switches[0].address, "172.30.0.1/24");
	assert_null(diag_find(&app.diags, "switches[0].address"));
	keys((int[]){ '\t', '\t', 0 });		/* DHCP box, range start */
	/* the range suggested follows the subnet typed */
	assert_true(frame_has("[172.30.0.100    ] suggested"));
	assert_true(frame_has("[172.30.0.200    ] suggested"));
	assert_string_equal(app.work.switches[0].dhcp_start, "");
	keys((int[]){ '\t', 0 });			/* Tab takes the start */
	assert_string_equal(app.work.switches[0].dhcp_start, "172.30.0.100");
	keys((int[]){ '\t', KEY_RIGHT, 0 });	/* the end: Right takes it */
	assert_string_equal(app.work.switches[0].dhcp_end, "172.30.0.200");
	assert_null(diag_find(&app.diags, "switches[0].dhcp_start"));
	assert_null(diag_find(&app.diags, "switches[0].dhcp_end"));
	keys((int[]){ KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_IP);
	/* the prefix the IP step suggests is the one typed */
	assert_int_equal(wizard_suggest_prefix(&app, 0), 24);
}

/* A new external switch (the host's bridge network is not there): the
 * bridge name is a suggestion that follows the uplink while untaken; Tab
 * takes it, and a taken suggestion still follows the uplink (before: the
 * plan had br-enp2s0 before anything was taken). */
static void test_switch_bridge_placeholder(void **state)
{
	(void)state;
	app.nets.count = 1;			/* only 'default' */
	keys((int[]){ 'w', KEY_CTRL('n'), KEY_DOWN, 0 });
	assert_int_equal(app.work.switches[0].type, SWITCH_EXTERNAL);
	assert_string_equal(app.work.switches[0].uplink, "enp2s0");
	assert_string_equal(app.work.switches[0].bridge, "");
	assert_non_null(diag_find(&app.diags, "switches[0].bridge"));
	keys((int[]){ '\t', '\t', KEY_DOWN, 0 });	/* uplink: enp3s0 */
	assert_string_equal(app.work.switches[0].uplink, "enp3s0");
	assert_string_equal(app.work.switches[0].bridge, "");
	keys((int[]){ '\t', '\t', 0 });		/* mode, bridge */
	assert_true(frame_has(">Bridge name            [br-enp3s0       ] "
			      "suggested: Tab or Right takes it"));
	keys((int[]){ '\t', 0 });			/* Tab takes it */
	assert_string_equal(app.work.switches[0].bridge, "br-enp3s0");
	assert_null(diag_find(&app.diags, "switches[0].bridge"));
	keys((int[]){ KEY_BTAB, KEY_BTAB, KEY_UP, 0 });	/* Tab stayed */
	assert_string_equal(app.work.switches[0].uplink, "enp2s0");
	assert_string_equal(app.work.switches[0].bridge, "br-enp2s0");
	keys((int[]){ KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_IP);
}

/* A saved (or deployed) plan's switch is real text on step 2, even one
 * the host does not have: nothing suggested, nothing missing, Next goes
 * on and the plan is unchanged. */
static const char plan_lab[] =
	"version = 1;\n"
	"profile = \"server\";\n"
	"vm = \"edge-vm\";\n"
	"switches = ( { name = \"lab\"; type = \"internal\";\n"
	"  address = \"10.99.0.1/24\"; dhcp = true;\n"
	"  dhcp_start = \"10.99.0.50\"; dhcp_end = \"10.99.0.60\";\n"
	"  nat = true; } );\n"
	"nics = ( { name = \"eth0\"; switch = \"lab\";\n"
	"  mac = \"52:54:00:e4:00:02\"; primary = true;\n"
	"  ip = { mode = \"dhcp\"; }; } );\n";

static void test_switch_plan_values_real(void **state)
{
	(void)state;
	load_plan(plan_lab);
	app_goto(&app, SCR_SWITCH);
	assert_true(frame_has("[10.99.0.1/24      ]"));
	assert_true(frame_has("[10.99.0.50      ]"));
	assert_true(frame_has("[10.99.0.60      ]"));
	assert_true(frame_lacks("suggested"));
	keys((int[]){ KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_IP);
	assert_string_equal(app.work.switches[0].address, "10.99.0.1/24");
	assert_string_equal(app.work.switches[0].dhcp_start, "10.99.0.50");
	/* emptied by hand: then the suggestion shows, not in the plan */
	app_goto(&app, SCR_SWITCH);
	keys((int[]){ '\t', '\t', KEY_CTRL('u'), 0 });
	assert_string_equal(app.work.switches[0].address, "");
	assert_true(frame_has("[10.10.0.1/24      ] suggested"));
}

/* A metric that is not a whole number is kept as typed and refused at
 * its field, on its row and in the findings, with the fix; the plan keeps
 * the NIC's metric until it is one (before: "12a" silently became 12). */
static void test_metric_strict(void **state)
{
	const struct diag *d;

	(void)state;
	load_plan(plan_two_nics);
	app_goto(&app, SCR_NICS);
	/* Next, Back, the list, Add, Edit, metric */
	keys((int[]){ '\t', '\t', '\t', '\t', '\t', 0 });
	assert_true(frame_has(">Metric of eth0"));
	keys((int[]){ KEY_CTRL('u'), 0 });
	assert_false(app.work.nics[0].has_metric);	/* from its place */
	type("150");
	assert_int_equal(app.work.nics[0].metric, 150);
	type("a");
	assert_int_equal(app.work.nics[0].metric, 150);	/* kept */
	d = diag_find(&app.diags, "nics[0].metric");
	assert_non_null(d);
	assert_non_null(strstr(d->message, "\"150a\" of eth0 is not a whole "
			       "number"));
	assert_true(frame_has("[150a"));
	assert_true(frame_has("!1 eth0"));
	assert_true(frame_has("150a primary"));
	keys((int[]){ KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_NICS);	/* refused */
	assert_non_null(strstr(app.status, "Next refused"));
	golden("wizard_nics_metric_bad", ROWS, COLS_);
	/* another NIC selected and back: still as typed, still refused */
	keys((int[]){ KEY_BTAB, KEY_BTAB, KEY_BTAB, KEY_DOWN, 0 });
	assert_true(frame_has("Metric of eth1"));
	assert_true(frame_has("[50 "));
	keys((int[]){ KEY_UP, 0 });
	assert_true(frame_has("[150a"));
	assert_non_null(diag_find(&app.diags, "nics[0].metric"));
	/* a sign or a space is no number either */
	keys((int[]){ '\t', '\t', '\t', KEY_CTRL('u'), 0 });	/* metric */
	type("-5");
	assert_non_null(diag_find(&app.diags, "nics[0].metric"));
	assert_false(app.work.nics[0].has_metric);
	/* fixed: a number, then empty (from its place) */
	keys((int[]){ KEY_CTRL('u'), 0 });
	type("120");
	assert_int_equal(app.work.nics[0].metric, 120);
	assert_null(diag_find(&app.diags, "nics[0].metric"));
	assert_true(frame_has("   120 primary"));
	keys((int[]){ KEY_CTRL('u'), 0 });
	assert_false(app.work.nics[0].has_metric);
	assert_true(frame_has("empty: 100 (from its place)"));
	keys((int[]){ KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_REVIEW);
}

/* The address suggested for a second new internal switch is a subnet no
 * other switch has: the first one took 10.10.0.1/24, so 10.10.1.1/24
 * (before: 10.10.0.1/24 again, which the check refuses as overlapping). */
static void test_switch_suggestion_free_subnet(void **state)
{
	(void)state;
	app.nets.count = 1;			/* only 'default' */
	keys((int[]){ 'w', KEY_DOWN, KEY_CTRL('n'), '\t', '\t', '\t', 0 });
	assert_string_equal(app.work.switches[0].address, "10.10.0.1/24");
	/* DHCP box, start (taken), end (taken) */
	keys((int[]){ '\t', '\t', '\t', '\t', '\t', 0 });
	assert_string_equal(app.work.switches[0].dhcp_start, "10.10.0.100");
	assert_string_equal(app.work.switches[0].dhcp_end, "10.10.0.200");
	keys((int[]){ KEY_CTRL('n'), KEY_CTRL('n'), KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_NICS);
	keys((int[]){ 'a', 0 });
	assert_int_equal(app.cur, SCR_SWITCH);
	assert_int_equal(app.work.switches[1].type, SWITCH_INTERNAL);
	assert_string_equal(app.work.switches[1].address, "");
	assert_true(frame_has("[10.10.1.1/24      ] suggested"));
	keys((int[]){ '\t', '\t', '\t', 0 });
	assert_string_equal(app.work.switches[1].address, "10.10.1.1/24");
	assert_null(diag_find(&app.diags, "switches[1].address"));
}

/* A host port already on 10.10.0.0/24: the suggestion for a new internal
 * switch skips that subnet, so taking it never earns the check's "overlaps
 * the host's port" error (before: 10.10.0.1/24 was suggested, then
 * refused). */
static void test_switch_suggestion_avoids_host_port(void **state)
{
	(void)state;
	app.nets.count = 1;			/* only 'default' */
	app.hnics.addrs_known = true;
	assert_true(host_nic_add_addr(&app.hnics.items[0], 0x0a0a0014, 24));
	keys((int[]){ 'w', KEY_DOWN, KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_SWITCH);
	assert_true(frame_has("[10.10.1.1/24      ] suggested"));
	keys((int[]){ '\t', '\t', '\t', 0 });
	assert_string_equal(app.work.switches[0].address, "10.10.1.1/24");
	assert_null(diag_find(&app.diags, "switches[0].address"));
}

/* A second default switch on a client: libvirt's 192.168.122.0/24 is the
 * first's (and the host's), so the next /24 is suggested, and its range
 * with it (before: 192.168.122.1/24 was put in the plan again, which the
 * check refuses as overlapping). */
static void test_switch_suggestion_second_default(void **state)
{
	(void)state;
	keys((int[]){ 'w', KEY_CTRL('n'), KEY_CTRL('n'), KEY_CTRL('n'),
		      KEY_CTRL('n'), 'a', 0 });
	assert_int_equal(app.cur, SCR_SWITCH);
	assert_int_equal(app.wiz.nic, 1);
	type("d");
	assert_int_equal(app.work.switches[1].type, SWITCH_DEFAULT);
	assert_string_equal(app.work.switches[1].name, "default-2");
	assert_string_equal(app.work.switches[1].address, "");
	assert_true(frame_has("[192.168.123.1/24  ] suggested"));
	keys((int[]){ '\t', '\t', '\t', 0 });	/* name, address: taken */
	assert_string_equal(app.work.switches[1].address, "192.168.123.1/24");
	assert_true(frame_has("[192.168.123.2   ] suggested"));
	assert_true(frame_has("[192.168.123.254 ] suggested"));
	assert_null(diag_find(&app.diags, "switches[1].address"));
}

/* A new internal switch on the subnet of the host's plant port: an error
 * at its address on step 2 naming the port, its address and a free
 * subnet, and Next is refused (before: "The check finds no problem").
 * The suggested subnet is taken instead: no error. */
static void test_switch_host_addr(void **state)
{
	struct host_nic *h = &app.hnics.items[1];	/* enp2s0 */
	const struct diag *d;

	(void)state;
	snprintf(h->addrs[0], sizeof(h->addrs[0]), "192.168.10.20/24");
	h->naddrs = 1;
	app.hnics.addrs_known = true;
	keys((int[]){ 'w', KEY_DOWN, KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_SWITCH);
	assert_int_equal(app.work.switches[0].type, SWITCH_INTERNAL);
	keys((int[]){ '\t', KEY_CTRL('u'), 0 });	/* Switch name */
	type("edge-lab");
	keys((int[]){ '\t', KEY_CTRL('u'), 0 });	/* address */
	type("192.168.10.1/24");
	assert_string_equal(app.work.switches[0].name, "edge-lab");
	assert_string_equal(app.work.switches[0].address, "192.168.10.1/24");
	d = diag_find(&app.diags, "switches[0].address");
	assert_non_null(d);
	assert_int_equal(d->severity, DIAG_ERROR);
	assert_non_null(strstr(d->message, "overlaps 192.168.10.20/24 of the "
			       "host's interface \"enp2s0\""));
	assert_non_null(strstr(d->message, "such as 192.168.11.1/24"));
	keys((int[]){ KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_SWITCH);	/* refused */
	golden("wizard_switch_host_addr", ROWS, COLS_);
	keys((int[]){ KEY_CTRL('u'), 0 });
	type("192.168.11.1/24");
	assert_null(diag_find(&app.diags, "switches[0].address"));
	/* a remote libvirt host: the NIC list is that host's, as its
	 * libvirt lists its interfaces (ui/run.c opens it so, never this
	 * machine's netlink), so it is checked against there too */
	keys((int[]){ KEY_CTRL('u'), 0 });
	type("192.168.10.1/24");
	assert_non_null(diag_find(&app.diags, "switches[0].address"));
	snprintf(app.uri, sizeof(app.uri), "qemu+ssh://edge-pc/system");
	app_validate(&app);
	assert_non_null(diag_find(&app.diags, "switches[0].address"));
	snprintf(app.uri, sizeof(app.uri), "qemu:///system");
	app_validate(&app);
	assert_non_null(diag_find(&app.diags, "switches[0].address"));
}

/* ---- polish: true statements, words not paths ---- */

/* `edgenet wizard --plan c.cfg` with c.cfg absent, Enter, Enter, e: the
 * switch is nobody's deployment and the file holds nothing, so nothing
 * is said about a deployed switch or about what the file held (before:
 * "eth0 was on a default switch in .../c.cfg: changing the type of a
 * deployed switch cuts the VM off until applied."). */
static void test_switch_type_change_new_plan(void **state)
{
	(void)state;
	opts.plan_path = "/nonexistent-edgenet-test/c.cfg";
	keys((int[]){ 'w', '\n', '\n', 0 });
	assert_int_equal(app.cur, SCR_SWITCH);
	assert_int_equal(app.work.switches[0].type, SWITCH_DEFAULT);
	app.status[0] = '\0';
	type("e");
	assert_int_equal(app.work.switches[0].type, SWITCH_EXTERNAL);
	assert_null(strstr(app.status, "deployed"));
	assert_null(strstr(app.status, "c.cfg"));
	assert_true(frame_lacks("deployed switch"));
	opts.plan_path = NULL;
}

/* A field's path in words, as the console names it (before: the review,
 * step 5 and the refusals showed "nics[1].ip.address"). */
static void test_field_labels(void **state)
{
	char b[128];

	(void)state;
	load_plan(plan_two_nics);
	assert_string_equal(plan_field_label(&app.work, "switches[1].type", b,
					     sizeof(b)), "switch plant: type");
	assert_string_equal(plan_field_label(&app.work, "nics[0].ip.address",
					     b, sizeof(b)), "NIC eth0: address");
	assert_string_equal(plan_field_label(&app.work, "nics[1].ip.gateway",
					     b, sizeof(b)), "NIC eth1: gateway");
	assert_string_equal(plan_field_label(&app.work,
					     "nics[1].dns.servers[1]", b,
					     sizeof(b)), "NIC eth1: DNS server 2");
	assert_string_equal(plan_field_label(&app.work, "switches[0].dhcp_end",
					     b, sizeof(b)),
			    "switch default: DHCP range end");
	assert_string_equal(plan_field_label(&app.work, "nics[5].metric", b,
					     sizeof(b)), "NIC 6: route metric");
	assert_string_equal(plan_field_label(&app.work, "profile", b,
					     sizeof(b)), "host profile");
	assert_string_equal(plan_field_label(&app.work, "", b, sizeof(b)),
			    "plan");
	assert_string_equal(plan_field_label(&app.work, "nics[0].bogus", b,
					     sizeof(b)), "nics[0].bogus");
	/* the same plan's problems on the review: words, no paths */
	app.work.nics[1].gateway[0] = '\0';
	app.work.nics[1].offline = false;
	app_validate(&app);
	app_goto(&app, SCR_REVIEW);
	assert_true(frame_has("! error NIC eth1: gateway: a static address"));
	assert_true(frame_lacks("nics[1]"));
	assert_true(frame_lacks("ip.gateway is missing"));
}

/* Where edgenet changes the host's links itself; the review says no
 * bridge is made where it does not (before, on the demo: "create the
 * Linux bridge br0 ... enslave host NIC enp2s0", while the apply said
 * it changes no link). */
static void describe_collect(void *ctx, const char *line)
{
	size_t n = strlen(ctx);

	snprintf((char *)ctx + n, 8192 - n, "%s\n", line);
}

static void test_describe_links(void **state)
{
	struct describe_host h = { .nets = NULL, .links_local = false };
	char *text = calloc(1, 8192);

	(void)state;
	assert_non_null(text);
	assert_true(describe_links_local("qemu:///system"));
	assert_true(describe_links_local(""));
	assert_false(describe_links_local("qemu+ssh://ipc-7/system"));
	assert_false(describe_links_local("test:///default"));
	load_plan(plan_two_nics);
	plan_describe(&app.work, &h, describe_collect, text);
	assert_null(strstr(text, "create the Linux bridge"));
	assert_null(strstr(text, "enslave host NIC"));
	assert_non_null(strstr(text, "edgenet creates no bridge"));
	text[0] = '\0';
	h.links_local = true;
	plan_describe(&app.work, &h, describe_collect, text);
	assert_non_null(strstr(text, "create the Linux bridge br0"));
	free(text);
}

/* Next refused on a field with no label (step 5's NIC list) names what
 * its finding is about (before: "a field has an error"). */
static void test_refusal_names_field(void **state)
{
	(void)state;
	load_plan(plan_two_nics);
	app.work.nics[0].primary = false;
	app_validate(&app);
	app_goto(&app, SCR_NICS);
	keys((int[]){ KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_NICS);
	assert_non_null(strstr(app.status, "Next refused: NICs has an error"));
	assert_null(strstr(app.status, "a field"));
}

/* The attributes of the cell OFF columns into the first row of the frame
 * (drawn into W) that holds NEEDLE; fails the test when none does. */
static attr_t cell_attr(WINDOW *w, const char *needle, int off)
{
	char line[COLS_ + 1];

	for (int y = 0; y < ROWS; y++) {
		const char *at;

		line[0] = '\0';
		mvwinnstr(w, y, 0, line, COLS_);
		at = strstr(line, needle);
		if (at)
			return (attr_t)(mvwinch(w, y, (int)(at - line) + off) &
					A_ATTRIBUTES);
	}
	fail_msg("no row holds \"%s\"", needle);
	return 0;
}

/* A placeholder: dim, with no underline, reverse or colour, so that it
 * never looks like a typed value. */
static void assert_placeholder_look(attr_t a)
{
	assert_true(a & A_DIM);
	assert_int_equal(a & (A_UNDERLINE | A_REVERSE | A_COLOR), 0);
}

/* The placeholders of the IP step (the prefix 24, the gateway) against
 * typed values, focused or not, monochrome and in colour (before: the
 * dim style was A_NORMAL, so a focused suggestion drew exactly like typed
 * text, reversed, and an unfocused one underlined like any value). */
static void placeholder_looks(bool colour)
{
	WINDOW *w = newwin(ROWS, COLS_, 0, 0);
	int cy, cx;
	attr_t typed_off, typed_on;

	assert_non_null(w);
	term_setup_offscreen(colour, false);
	keys((int[]){ 'w', KEY_DOWN, KEY_CTRL('n'), KEY_CTRL('n'), KEY_DOWN,
		      '\t', 0 });			/* static, Address */
	type("172.20.0.10");
	keys((int[]){ '\t', 0 });			/* Prefix */
	app_draw(&app, w, &cy, &cx);
	assert_false(app.work.nics[0].has_prefix);
	/* focused placeholder, unfocused placeholder, unfocused value */
	assert_placeholder_look(cell_attr(w, ">Prefix length", 25));
	assert_placeholder_look(cell_attr(w, "[172.20.0.1 ", 1));
	typed_off = cell_attr(w, "[172.20.0.10 ", 1);
	assert_int_equal(typed_off & A_DIM, 0);
	assert_int_not_equal(typed_off, cell_attr(w, "[172.20.0.1 ", 1));
	/* taken: a value, drawn as one (focused) */
	keys((int[]){ '\t', 0 });
	werase(w);
	app_draw(&app, w, &cy, &cx);
	assert_int_equal(app.work.nics[0].prefix, 24);
	typed_on = cell_attr(w, ">Prefix length", 25);
	assert_int_equal(typed_on & A_DIM, 0);
	/* the gateway focused, still a placeholder: unlike the value */
	keys((int[]){ '\t', 0 });
	werase(w);
	app_draw(&app, w, &cy, &cx);
	assert_string_equal(app.work.nics[0].gateway, "");
	assert_placeholder_look(cell_attr(w, ">Gateway", 25));
	assert_int_not_equal(cell_attr(w, ">Gateway", 25), typed_on);
	/* the hint after it says it is a suggestion */
	assert_true(cell_attr(w, "suggested", 0) & A_DIM);
	delwin(w);
	term_setup_offscreen(false, false);
}

static void test_placeholder_dim_mono(void **state)
{
	(void)state;
	placeholder_looks(false);
}

static void test_placeholder_dim_colour(void **state)
{
	(void)state;
	placeholder_looks(true);
}

/* Tab on the last field's suggestion (a new external switch's bridge
 * name) takes it and keeps the focus on the field; Enter then goes on
 * to step 3 (before: Tab moved the focus to Back and Enter went back).
 * From the last field Tab reaches Next first, then Back. */
static void test_tab_takes_and_stays(void **state)
{
	(void)state;
	app.nets.count = 1;			/* only 'default' */
	keys((int[]){ 'w', KEY_CTRL('n'), KEY_DOWN, 0 });
	keys((int[]){ '\t', '\t', KEY_DOWN, '\t', '\t', 0 });	/* bridge */
	assert_true(frame_has(">Bridge name            [br-enp3s0       ] "
			      "suggested"));
	keys((int[]){ '\t', 0 });
	assert_string_equal(app.work.switches[0].bridge, "br-enp3s0");
	assert_true(frame_has(">Bridge name            [br-enp3s0       ]"));
	assert_true(frame_lacks(">[ Back ]"));
	assert_true(frame_lacks(">[ Next ]"));
	/* the Tab order after the last field: Next, Back, then around */
	keys((int[]){ '\t', 0 });
	assert_true(frame_has(">[ Next ]"));
	keys((int[]){ '\t', 0 });
	assert_true(frame_has(">[ Back ]"));
	keys((int[]){ KEY_BTAB, KEY_BTAB, 0 });
	assert_true(frame_has(">Bridge name"));
	keys((int[]){ '\n', 0 });
	assert_int_equal(app.cur, SCR_IP);
}

/* The footer's own keys follow the focused widget: Space types a space in
 * a text field, so "Space toggles" is not offered there (before: it was,
 * on every field of steps 2 and 3); on the offline box it is. */
static void test_footer_space(void **state)
{
	(void)state;
	keys((int[]){ 'w', KEY_DOWN, KEY_CTRL('n'), KEY_CTRL('n'), KEY_DOWN,
		      0 });				/* static */
	assert_true(frame_has("Space next choice"));	/* a choice */
	keys((int[]){ '\t', 0 });			/* Address */
	assert_true(frame_has(">Address"));
	assert_true(frame_lacks("Space toggles"));
	assert_true(frame_has("^N next step"));
	type("172.20.0.10 ");
	assert_string_equal(app.work.nics[0].address, "172.20.0.10 ");
	keys((int[]){ KEY_BACKSPACE, '\t', '\t', '\t', '\t', '\t', 0 });
	assert_true(frame_has(">Offline network"));
	assert_true(frame_has("Space toggles"));
}

static const char long_note[] =
	"Opened edge-vm as deployed. 2 notes, all listed on the review; "
	"first: no plan applied by edgenet to edge-vm was found "
	"(/var/tmp/a-rather-long-temporary-directory/edgenet-demo.8pDAuC/"
	"applied.cfg): the wizard starts from what libvirt shows, and the DNS "
	"servers, route metrics and offline flags in the VM are unknown (the "
	"values in steps 4 and 5 are suggestions, not what the VM has): check "
	"them before you save or apply. The VM's second NIC eth1 is on "
	"edge-int, an internal switch, which the suggested profile does not "
	"offer: choose server, or change eth1's switch on its step; its MAC "
	"52:54:00:e4:00:02 was read back from libvirt and kept. "
	"LAST-WORDS-OF-THE-NOTE.";

/* Step 1's note longer than its room: its last row shown ends in the
 * ellipsis, the footer pairs "(more below)" with "F2 note", and F2 (or
 * ^O) shows the note whole (before: cut mid-sentence with no marker, and
 * F2 did nothing). */
static void test_note_cut_opens_whole(void **state)
{
	(void)state;
	keys((int[]){ 'w', 0 });
	ui_copy(app.load_msg, sizeof(app.load_msg), long_note);
	app_goto(&app, SCR_PROFILE);
	assert_true(frame_has("Opened edge-vm as deployed."));
	assert_true(frame_has("(more below)"));
	assert_true(frame_lacks("LAST-WORDS-OF-THE-NOTE"));
	assert_true(frame_has("..."));
	assert_true(frame_has("F2 note"));
	golden("wizard_profile_note_cut", ROWS, COLS_);
	app.status[0] = '\0';
	keys((int[]){ KEY_F(2), 0 });
	assert_true(app.msg_open);
	assert_true(frame_has("The whole note"));
	assert_true(frame_has("LAST-WORDS-OF-THE-NOTE."));
	assert_true(frame_has("close the note"));
	keys((int[]){ KEY_F(2), 0 });
	assert_false(app.msg_open);
	assert_true(frame_has(">Host profile"));
	keys((int[]){ KEY_CTRL('o'), 0 });
	assert_true(frame_has("LAST-WORDS-OF-THE-NOTE."));
	keys((int[]){ 27, 0 });
	assert_int_equal(app.cur, SCR_PROFILE);	/* Esc closed it only */
	/* a short note fits: no F2 */
	ui_copy(app.load_msg, sizeof(app.load_msg), "A short note.");
	app_goto(&app, SCR_PROFILE);
	assert_true(frame_has("A short note."));
	assert_true(frame_lacks("F2 note"));
	keys((int[]){ KEY_F(2), 0 });
	assert_false(app.msg_open);
}

/* An intro longer than its four lines ends in the ellipsis and is the
 * note F2 shows whole. */
static void test_intro_cut(void **state)
{
	WINDOW *w = newwin(ROWS - 4, COLS_, 0, 0);
	char *text;
	int top;

	(void)state;
	assert_non_null(w);
	keys((int[]){ 'w', 0 });
	ui_cut_reset();
	top = wizard_draw_top(&app.screens[SCR_PROFILE], w, long_note);
	assert_int_equal(top, 2 + 4 + 1);
	assert_ptr_equal(ui_cut_text(), long_note);
	text = screen_lib_text(w, ROWS - 4, COLS_);
	assert_non_null(strstr(text, "...\n"));
	assert_null(strstr(text, "LAST-WORDS"));
	free(text);
	/* one that fits is no note */
	ui_cut_reset();
	werase(w);
	wizard_draw_top(&app.screens[SCR_PROFILE], w, "A short intro.");
	assert_null(ui_cut_text());
	delwin(w);
}

/* ---- a reviewer's defects in the wizard ---- */

/* The wizard opened again from home after its plan was saved: it says
 * it opened the saved file (before: ".../d.cfg does not exist yet: the
 * wizard starts from the host's suggestions", the message of its first
 * start); a file written since is taken as it is now. */
static void test_reopen_saved_plan(void **state)
{
	char dir[] = "/tmp/edgenet-reopen.XXXXXX", path[64];
	struct plan before;
	FILE *f;
	char *text;
	long n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/d.cfg", dir);
	opts.plan_path = path;
	snprintf(app.plan_path, sizeof(app.plan_path), "%s", path);
	keys((int[]){ 'w', 0 });
	assert_true(frame_has("does not exist yet"));
	keys((int[]){ KEY_CTRL('n'), KEY_CTRL('n'), KEY_CTRL('n'),
		      KEY_CTRL('n'), KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_REVIEW);
	keys((int[]){ '\n', 0 });		/* Save */
	assert_int_equal(access(path, F_OK), 0);
	assert_false(app_unsaved(&app));
	before = app.work;
	keys((int[]){ 27, 27, 27, 27, 27, 27, 0 });
	assert_int_equal(app.cur, SCR_HOME);
	keys((int[]){ 'w', 0 });
	assert_int_equal(app.cur, SCR_PROFILE);
	assert_true(frame_lacks("does not exist yet"));
	assert_true(frame_has("Opened "));
	assert_true(frame_has("as saved"));
	assert_true(plan_equal(&app.work, &before));
	/* written by someone else meanwhile: the file as it is now */
	f = fopen(path, "r");
	assert_non_null(f);
	text = calloc(1, 8192);
	assert_non_null(text);
	n = (long)fread(text, 1, 8191, f);
	fclose(f);
	assert_true(n > 0);
	assert_non_null(strstr(text, "192.168.122.254"));
	memcpy(strstr(text, "192.168.122.254"), "192.168.122.200", 15);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(text);
	keys((int[]){ 27, 'w', 0 });
	assert_true(frame_has("was written since"));
	assert_string_equal(app.work.switches[0].dhcp_end, "192.168.122.200");
	assert_false(app_unsaved(&app));
	/* a change not saved yet stays, and is said so */
	keys((int[]){ '\t', 0 });		/* the VM's name */
	type("x");
	keys((int[]){ 27, 'w', 0 });
	assert_string_equal(app.work.domain, "edge-vmx");
	assert_true(frame_has("changes not saved yet"));
	opts.plan_path = NULL;
	unlink(path);
	rmdir(dir);
}

/* One NIC: + and - change nothing (before: + wrote metric 100 into the
 * plan) and say why; the footer offers neither them nor d, which only
 * works on a NIC that is not the primary. */
static void test_nics_one_nic_keys(void **state)
{
	(void)state;
	keys((int[]){ 'w', KEY_CTRL('n'), KEY_CTRL('n'), KEY_CTRL('n'),
		      KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_NICS);
	assert_int_equal(app.work.nnics, 1);
	assert_false(app.work.nics[0].has_metric);
	keys((int[]){ '+', 0 });
	assert_false(app.work.nics[0].has_metric);
	assert_non_null(strstr(app.status, "only NIC"));
	assert_non_null(strstr(app.status, "nothing changed"));
	keys((int[]){ '-', 'u', 0 });
	assert_false(app.work.nics[0].has_metric);
	assert_false(app_unsaved(&app));
	assert_true(frame_lacks("+/- priority"));
	assert_true(frame_lacks("d remove"));
	assert_true(frame_has("a add"));
	/* a second NIC: the keys that now work are offered */
	keys((int[]){ 'a', KEY_CTRL('n'), KEY_CTRL('n'), KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_NICS);
	assert_int_equal(app.work.nnics, 2);
	assert_true(frame_has("+/- priority"));
	assert_true(frame_has("d remove"));	/* eth1 is selected */
	keys((int[]){ '+', 0 });
	assert_string_equal(app.work.nics[0].name, "eth1");
	assert_int_equal(app.work.nics[0].metric, 100);
	assert_int_equal(app.work.nics[1].metric, 200);
	keys((int[]){ '-', 0 });		/* eth1 back down */
	assert_true(frame_has("d remove"));
	assert_string_equal(app.work.nics[1].name, "eth1");
}

/* The demo host's br0 (network 'plant') holds enp4s0: reusing 'plant',
 * enp4s0 is the uplink and selectable (before: enp2s0, while the screen
 * called enp4s0 enslaved to another bridge); another uplink on that
 * bridge is an error at the uplink. */
static void add_bridge_port(void)
{
	struct host_nic *h = &app.hnics.items[app.hnics.count++];

	snprintf(h->name, sizeof(h->name), "br0");
	snprintf(h->kind, sizeof(h->kind), "bridge");
	snprintf(h->mac, sizeof(h->mac), "00:1b:21:3a:4c:12");
	h->up = true;
	h = &app.hnics.items[app.hnics.count++];
	snprintf(h->name, sizeof(h->name), "enp4s0");
	snprintf(h->mac, sizeof(h->mac), "00:1b:21:3a:4c:12");
	snprintf(h->master, sizeof(h->master), "br0");
	h->up = h->carrier = h->physical = true;
	h->speed_mbps = 1000;
}

static void test_switch_bridge_port_uplink(void **state)
{
	const struct diag *d;

	(void)state;
	add_bridge_port();
	keys((int[]){ 'w', KEY_CTRL('n'), KEY_DOWN, 0 });
	assert_int_equal(app.work.switches[0].type, SWITCH_EXTERNAL);
	assert_string_equal(app.work.switches[0].name, "plant");
	assert_string_equal(app.work.switches[0].bridge, "br0");
	assert_string_equal(app.work.switches[0].uplink, "enp4s0");
	assert_null(diag_find(&app.diags, "switches[0].uplink"));
	assert_true(frame_has("(*) enp4s0"));
	assert_true(frame_lacks("enp4s0 is already enslaved"));
	assert_true(frame_has("enp4s0 is already in bridge br0, this"));
	/* enp2s0 instead: a second port on br0 */
	keys((int[]){ '\t', '\t', KEY_HOME, 0 });
	keys((int[]){ KEY_UP, KEY_UP, KEY_UP, KEY_UP, 0 });
	assert_string_equal(app.work.switches[0].uplink, "enp2s0");
	d = diag_find(&app.diags, "switches[0].uplink");
	assert_non_null(d);
	assert_int_equal(d->severity, DIAG_ERROR);
	assert_non_null(strstr(d->message, "bridge br0 already holds host "
				"NIC enp4s0"));
	assert_non_null(strstr(d->message, "choose enp4s0 as the uplink"));
	keys((int[]){ KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_SWITCH);	/* refused */
}

/* 172.20.0.10/24 typed in the address field: while it is there, no
 * error contradicts the hint that the /24 goes to the prefix (before:
 * 'write the address without the "/24"' and 'the prefix length is
 * missing' beside it). */
static void test_ip_split_no_contradiction(void **state)
{
	(void)state;
	keys((int[]){ 'w', KEY_DOWN, KEY_CTRL('n'), KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_IP);
	keys((int[]){ KEY_DOWN, '\t', 0 });	/* static, then Address */
	type("172.20.0.10/24");
	assert_true(frame_has("the /24 goes to Prefix length"));
	assert_true(frame_lacks("without the \"/24\""));
	assert_true(frame_lacks("prefix length is missing"));
	assert_true(frame_lacks("(suggested)"));
	assert_true(frame_has("/24 from the address = 255.255.255.0"));
	assert_null(diag_find(&app.diags, "nics[0].ip.address"));
	assert_null(diag_find(&app.diags, "nics[0].ip.prefix"));
	/* a prefix typed before is replaced by the split: no error of its */
	keys((int[]){ '\t', 0 });
	assert_int_equal(app.work.nics[0].prefix, 24);
	keys((int[]){ KEY_CTRL('u'), 0 });
	type("2x");
	assert_true(frame_has("[2x "));
	assert_non_null(diag_find(&app.diags, "nics[0].ip.prefix"));
	keys((int[]){ KEY_UP, KEY_CTRL('u'), 0 });
	type("172.20.0.10/24");
	assert_null(diag_find(&app.diags, "nics[0].ip.prefix"));
	assert_true(frame_lacks("neither a number nor a netmask"));
	assert_int_equal(app.work.nics[0].prefix, 24);
	keys((int[]){ '\t', 0 });
	assert_true(frame_has("[24 "));
	assert_string_equal(app.work.nics[0].address, "172.20.0.10");
}

/* A MAC of twelve hex digits is taken and written with colons (before:
 * "kept for this NIC" beside an error asking for no dashes, while
 * dashes were taken); a MAC in error is not called kept. */
static void test_mac_no_separator(void **state)
{
	const struct diag *d;

	(void)state;
	keys((int[]){ 'w', KEY_DOWN, KEY_CTRL('n'), KEY_CTRL('n'), 0 });
	assert_int_equal(app.cur, SCR_IP);
	keys((int[]){ KEY_BTAB, KEY_CTRL('u'), 0 });
	type("525400123456");
	assert_string_equal(app.work.nics[0].mac, "52:54:00:12:34:56");
	assert_null(diag_find(&app.diags, "nics[0].mac"));
	assert_true(frame_has("saved as 52:54:00:12:34:56"));
	keys((int[]){ '\n', 0 });
	assert_true(frame_has("[52:54:00:12:34:56"));
	assert_non_null(strstr(app.status, "written 52:54:00:12:34:56"));
	keys((int[]){ KEY_UP, KEY_CTRL('u'), 0 });
	type("52.54.00.12.34.56");
	d = diag_find(&app.diags, "nics[0].mac");
	assert_non_null(d);
	assert_null(strstr(d->message, "dash"));
	assert_true(frame_lacks("kept for this NIC"));
	assert_true(frame_lacks("no dashes"));
	assert_non_null(strstr(d->message, "write it as six pairs of hex "
			       "digits, such as 52:54:00:12:34:56"));
	assert_true(frame_has("write it as six pairs of hex"));
}

/* ---- the diagnostics screen and the review's preflight ---- */

/* Target K of a hand-made list: KIND for plan field PATH of NIC. */
static void diag_target(struct probe_target *t, size_t nic,
			enum probe_kind kind, const char *ifname,
			const char *target, const char *path)
{
	memset(t, 0, sizeof(*t));
	t->nic = nic;
	t->kind = kind;
	snprintf(t->ifname, sizeof(t->ifname), "%s", ifname);
	snprintf(t->target, sizeof(t->target), "%s", target);
	snprintf(t->path, sizeof(t->path), "%s", path);
	snprintf(t->network, sizeof(t->network), "plant");
}

/* eth1 of plan_two_nics as a real host's probes found it: the uplink
 * fine, the address taken, the gateway there but silent to ping, one
 * DNS server still running (1.4 s). */
static size_t diag_found(struct probe_target *t, struct probe_result *r,
			 bool running)
{
	size_t n = 0;

	diag_target(&t[n], 1, PROBE_PORT, "enp2s0", "", "switches[1].uplink");
	probe_result_init(&r[n], PROBE_PORT);
	r[n].status = PROBE_DONE;
	snprintf(r[n].ifname, sizeof(r[n].ifname), "enp2s0");
	r[n].port.exists = r[n].port.up = r[n].port.carrier = true;
	r[n].port.speed_mbps = 1000;
	r[n].port.duplex = 1;
	snprintf(r[n].port.driver, sizeof(r[n].port.driver), "e1000e");
	snprintf(r[n].port.master, sizeof(r[n].port.master), "br0");
	n++;
	diag_target(&t[n], 1, PROBE_ADDR, "enp2s0", "10.50.0.20",
		    "nics[1].ip.address");
	probe_result_init(&r[n], PROBE_ADDR);
	r[n].status = PROBE_DONE;
	r[n].elapsed_ms = 3;
	snprintf(r[n].ifname, sizeof(r[n].ifname), "enp2s0");
	snprintf(r[n].addr.target, sizeof(r[n].addr.target), "10.50.0.20");
	r[n].addr.answered = true;
	snprintf(r[n].addr.macs[0], sizeof(r[n].addr.macs[0]),
		 "00:1b:21:aa:bb:cc");
	r[n].addr.nmacs = 1;
	r[n].addr.rtt_us = 850;
	r[n].addr.wait_ms = 1000;
	n++;
	diag_target(&t[n], 1, PROBE_GATEWAY, "enp2s0", "10.50.0.1",
		    "nics[1].ip.gateway");
	snprintf(t[n].source, sizeof(t[n].source), "10.50.0.20");
	probe_result_init(&r[n], PROBE_GATEWAY);
	r[n].status = PROBE_DONE;
	snprintf(r[n].ifname, sizeof(r[n].ifname), "enp2s0");
	snprintf(r[n].gw.gateway, sizeof(r[n].gw.gateway), "10.50.0.1");
	snprintf(r[n].gw.source, sizeof(r[n].gw.source), "10.50.0.20");
	r[n].gw.arp_answered = true;
	snprintf(r[n].gw.mac, sizeof(r[n].gw.mac), "00:1b:21:00:00:01");
	r[n].gw.arp_rtt_us = 600;
	r[n].gw.ping_sent = true;
	r[n].gw.ping_answered = false;
	r[n].gw.wait_ms = 1000;
	n++;
	diag_target(&t[n], 1, PROBE_DNS, "", "10.50.0.1",
		    "nics[1].dns.servers[0]");
	probe_result_init(&r[n], PROBE_DNS);
	r[n].status = running ? PROBE_RUNNING : PROBE_SKIPPED;
	if (!running)
		snprintf(r[n].why, sizeof(r[n].why), "not asked in this test");
	n++;
	return n;
}

/* F5 from home with no plan in hand: says so and how to get one; the
 * footer names F5 everywhere else; Esc goes back home. */
static void test_diag_no_plan(void **state)
{
	char *f;

	(void)state;
	f = golden_frame(&app, ROWS, COLS_);
	assert_non_null(strstr(f, "F5 ^P diag"));
	free(f);
	keys((int[]){ KEY_F(5), 0 });
	assert_int_equal(app.cur, SCR_DIAG);
	golden("diag_no_plan", ROWS, COLS_);
	keys((int[]){ 27, 0 });
	assert_int_equal(app.cur, SCR_HOME);
	keys((int[]){ KEY_CTRL('p'), 0 });	/* the control-key twin */
	assert_int_equal(app.cur, SCR_DIAG);
}

/* From step 5 with eth1 selected: the wizard's plan, eth1 shown; the
 * demo host sends nothing and says why; Tab shows eth0; Esc goes back
 * to step 5 as it was. */
static void test_diag_demo_from_wizard(void **state)
{
	(void)state;
	load_plan(plan_two_nics);
	app_goto(&app, SCR_NICS);
	keys((int[]){ '\t', '\t', KEY_DOWN, 0 });	/* eth1 in the list */
	keys((int[]){ KEY_F(5), 0 });
	assert_int_equal(app.cur, SCR_DIAG);
	assert_int_equal(app.diag->nic, 1);
	assert_true(app.diag->have_plan);
	assert_non_null(strstr(app.diag->elsewhere, "nothing is sent"));
	golden("diag_demo", ROWS, COLS_);
	for (size_t i = 0; i < app.diag->demand.n; i++)
		assert_int_equal(app.diag->demand.r[i].status, PROBE_SKIPPED);
	keys((int[]){ '\t', 0 });
	assert_int_equal(app.diag->nic, 0);
	keys((int[]){ 27, 0 });
	assert_int_equal(app.cur, SCR_NICS);
}

/* The results of a real host's probes, filled by hand: the level and
 * the words of each, "running... N.N s" for the one still running, and
 * what they mean for the plan by field. */
static void test_diag_results(void **state)
{
	struct probe_target t[8];
	struct probe_result r[8];
	struct diag_ui *d;
	size_t n;

	(void)state;
	load_plan(plan_two_nics);
	app_goto(&app, SCR_NICS);
	keys((int[]){ '\t', '\t', KEY_DOWN, KEY_F(5), 0 });
	d = app.diag;
	d->elsewhere[0] = '\0';			/* as on a real host */
	n = diag_found(t, r, true);
	diag_ui_list_fill(&d->demand, &d->plan, t, r, n);
	d->demand.running = true;
	d->demand.started_ms = 1000;
	d->demand.now_ms = 2400;
	golden("diag_results_running", ROWS, COLS_);
	n = diag_found(t, r, false);
	diag_ui_list_fill(&d->demand, &d->plan, t, r, n);
	golden("diag_results", ROWS, COLS_);
	assert_int_equal(diag_ui_worst(&d->demand, 1),
			 PROBE_LEVEL_ERROR);
}

/* The review's preflight beside the fields: the address in use is an
 * error of eth1's address, the silent gateway a warning; Apply's
 * verdict refuses naming the address and the MAC, and while it runs
 * says it waits. */
static void test_review_preflight(void **state)
{
	struct probe_target t[8];
	struct probe_result r[8];
	char msg[1024];
	size_t n;

	(void)state;
	load_plan(plan_two_nics);
	n = diag_found(t, r, false);
	diag_ui_list_fill(&app.diag->pre, &app.work, t + 1, r + 1, 2);
	app_goto(&app, SCR_REVIEW);
	golden("wizard_review_preflight", ROWS, COLS_);
	assert_int_equal(diag_ui_preflight_verdict(app.diag, &app.work, msg,
						   sizeof(msg)), -1);
	assert_non_null(strstr(msg, "10.50.0.20"));
	assert_non_null(strstr(msg, "00:1b:21:aa:bb:cc"));
	assert_non_null(strstr(msg, "NIC eth1"));
	/* answered only by eth1's own MAC: the VM holds it already (a
	 * re-apply), not a conflict */
	diag_ui_list_fill(&app.diag->pre, &app.work, t + 1, r + 1, 1);
	snprintf(app.diag->pre.t[0].own_mac, MAC_STRLEN, "00:1B:21:AA:BB:CC");
	assert_true(diag_ui_own_answer(&app.diag->pre, 0));
	assert_int_equal(diag_ui_level(&app.diag->pre, 0), PROBE_LEVEL_OK);
	assert_int_equal(diag_ui_preflight_verdict(app.diag, &app.work, msg,
						   sizeof(msg)), 0);
	/* another MAC beside it: a conflict again */
	snprintf(app.diag->pre.r[0].addr.macs[1], MAC_STRLEN,
		 "02:00:00:00:00:01");
	app.diag->pre.r[0].addr.nmacs = 2;
	assert_int_equal(diag_ui_preflight_verdict(app.diag, &app.work, msg,
						   sizeof(msg)), -1);
	/* the gateway's warning alone does not refuse */
	diag_ui_list_fill(&app.diag->pre, &app.work, t + 2, r + 2, 1);
	assert_int_equal(diag_ui_preflight_verdict(app.diag, &app.work, msg,
						   sizeof(msg)), 0);
	/* still running: waits, and says for how long so far */
	n = diag_found(t, r, true);
	diag_ui_list_fill(&app.diag->pre, &app.work, t + 3, r + 3, n - 3);
	app.diag->pre.running = true;
	app.diag->pre.started_ms = 0;
	app.diag->pre.now_ms = 2500;
	assert_int_equal(diag_ui_preflight_verdict(app.diag, &app.work, msg,
						   sizeof(msg)), 1);
	assert_non_null(strstr(msg, "still running (2.5 s"));
	app.diag->pre.running = false;
}

/* The screens as data: every id has the class that says it is that id;
 * the wizard's steps go back one step each (the first to home), the
 * panels to home; an INTENT_GOTO names its screen, no other intent does;
 * home's keys open the panels and the wizard through it. */
static void test_registry(void **state)
{
	static const struct {
		int key;
		enum screen_id to;
	} opens[] = {
		{ 't', SCR_ROUTES }, { 'a', SCR_VMADDR }, { 'd', SCR_DNSPANEL },
		{ 'w', SCR_PROFILE },
	};

	(void)state;
	for (int i = 0; i < SCR_COUNT; i++) {
		const struct screen_class *c = app.screens[i].cls;

		assert_non_null(c);
		assert_int_equal(c->id, i);
		assert_int_equal(intent_target(intent_goto(c->id)), i);
		if (c->kind == SCREEN_WIZARD && c->step > 1)
			assert_int_equal(app.screens[c->parent].cls->step,
					 c->step - 1);
		if (c->kind == SCREEN_PANEL || c->step == 1)
			assert_int_equal(c->parent, SCR_HOME);
	}
	assert_int_equal(app.screens[SCR_APPLY].cls->kind, SCREEN_WIZARD);
	assert_int_equal(app.screens[SCR_APPLY].cls->parent, SCR_REVIEW);
	assert_int_equal(app.screens[SCR_HELP].cls->kind, SCREEN_OVERLAY);
	assert_int_equal(app.screens[SCR_DIAG].cls->kind, SCREEN_OVERLAY);
	assert_int_equal(intent_target(INTENT_HANDLED), SCR_COUNT);
	assert_int_equal(intent_target(INTENT_HELP), SCR_COUNT);
	for (size_t i = 0; i < sizeof(opens) / sizeof(opens[0]); i++) {
		app_goto(&app, SCR_HOME);
		assert_int_equal(app.screens[SCR_HOME].cls->key(
					 &app.screens[SCR_HOME], opens[i].key),
				 intent_goto(opens[i].to));
	}
}

#define T(f) cmocka_unit_test_setup_teardown(f, test_setup, test_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_home),
		T(test_registry),
		T(test_profile),
		T(test_switch_default),
		T(test_switch_internal),
		T(test_switch_external),
		T(test_switch_external_no_links),
		T(test_ip_dhcp),
		T(test_ip_static_gateway_error),
		T(test_ip_letters_refused),
		T(test_dns),
		T(test_nics),
		T(test_review),
		T(test_review_problems),
		T(test_hostile_plan_escaped),
		T(test_help),
		T(test_too_small),
		T(test_quit_asks),
		T(test_nic_add_remove),
		T(test_state_unusable),
		T(test_message_wraps),
		T(test_message_whole),
		T(test_help_scrolls),
		T(test_footer_follows),
		T(test_goldens_cut_nothing),
		T(test_nics_overlap),
		T(test_switch_host_overlap),
		T(test_switch_same_uplink),
		T(test_profile_vm_unknown),
		T(test_enter_goes_forward),
		T(test_choice_letters_and_refused_enter),
		T(test_suggestion_placeholder),
		T(test_fields_show_all),
		T(test_typed_values),
		T(test_uplink_kept),
		T(test_switch_placeholders),
		T(test_switch_bridge_placeholder),
		T(test_switch_plan_values_real),
		T(test_metric_strict),
		T(test_switch_suggestion_free_subnet),
		T(test_switch_suggestion_second_default),
		T(test_switch_suggestion_avoids_host_port),
		T(test_switch_host_addr),
		T(test_switch_type_change_new_plan),
		T(test_field_labels),
		T(test_describe_links),
		T(test_refusal_names_field),
		T(test_placeholder_dim_mono),
		T(test_placeholder_dim_colour),
		T(test_tab_takes_and_stays),
		T(test_footer_space),
		T(test_note_cut_opens_whole),
		T(test_intro_cut),
		T(test_reopen_saved_plan),
		T(test_nics_one_nic_keys),
		T(test_switch_bridge_port_uplink),
		T(test_ip_split_no_contradiction),
		T(test_mac_no_separator),
		T(test_diag_no_plan),
		T(test_diag_demo_from_wizard),
		T(test_diag_results),
		T(test_review_preflight),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
