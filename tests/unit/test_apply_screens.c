/*
 * test_apply_screens.c - applying from the console without libvirt: the
 * progress screen (screens/apply_progress.c) and the review's Apply part
 * drawn off-screen and compared with committed golden text
 * (tests/golden/apply_*.txt), and the glue (src/ui/apply_ui.c) driven
 * through a real event loop with fake apply_ops: steps one per loop turn,
 * the countdown, keep, refuse, time out, an injected fault, the console
 * closing during the countdown, a preview that no longer matches, the
 * settings file's confirm_timeout, and the wizard opening a deployment
 * read back.  After an apply: what waits for the VM's next
 * start (core/pending.c on two domain XMLs; a fake pending op) on home
 * and the review, R restarting the VM after a question (fake shutdown,
 * state and start ops on the loop's timer), home's plan file and last
 * applied plan, and Save asking before it overwrites a file
 * (goldens tests/golden/after_*.txt).
 *
 * Drawing as in test_screens.c: curses on /dev/null at 80x24 (newterm),
 * monochrome, ASCII lines; each frame is read back with mvwinnstr.  The
 * transaction writes its journal into a temporary state directory.
 *
 * To review a change of these screens: EDGENET_REGEN_GOLDEN=1 make check
 * TESTS=tests/unit/test_apply_screens, then `git diff tests/golden`.  A
 * mismatch leaves NAME.actual in the build directory.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <utime.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/fileio.h"
#include "core/pending.h"
#include "core/planfile.h"
#include "core/policy.h"
#include "tui/loop.h"
#include "tui/term.h"
#include "ui/app.h"
#include "ui/apply_ui.h"
#include "ui/diag_ui.h"
#include "ui/wizard.h"

#include "../lib/golden_lib.h"

#define ROWS 24
#define COLS_ 80

static struct policy pol;
static struct ui_options opts;
static struct app app;
static struct apply_ui au;
static struct loop lp;
static char state_dir[4096];

/* ---- fakes ---- */

/* What the fake host does: how many steps the plan gives, and what the
 * ops did, in order ("do1 chk1 ... undo2 ..."). */
static struct fake {
	size_t nsteps;
	bool note;		/* step 2 leaves a note */
	bool seed;		/* step 2 changes the running VM's seed */
	int variant;		/* changes the planned text */
	char log[1024];
	int changed;		/* redraws asked for */
	int prepared;		/* fake_prepare's calls */
} fk;

static void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void logf_(const char *fmt, ...)
{
	size_t n = strlen(fk.log);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(fk.log + n, sizeof(fk.log) - n, fmt, ap);
	va_end(ap);
}

/* The fake steps' undo texts are "undo step N". */
static int step_no(const struct apply_step *s)
{
	return atoi(s->undo_text + strlen("undo step "));
}

static int fake_do(void *ctx, const struct apply_step *s,
		   struct apply_run *out, char *err, size_t errlen)
{
	(void)ctx;
	(void)err;
	(void)errlen;
	logf_("do%d ", step_no(s));
	if (fk.seed && step_no(s) == 2)
		out->live_done = true;	/* the CD-ROM's media changed */
	if (fk.note && step_no(s) == 2)
		snprintf(out->note, sizeof(out->note), "takes effect at the "
			 "next start of VM edge-vm");
	return 0;
}

static int fake_check(void *ctx, const struct apply_step *s,
		      const struct apply_run *run, bool after, char *err,
		      size_t errlen)
{
	(void)ctx;
	(void)s;
	(void)run;
	(void)after;
	(void)err;
	(void)errlen;
	return 0;
}

static int fake_undo(void *ctx, const struct apply_step *s,
		     const struct apply_run *run, char *err, size_t errlen)
{
	(void)ctx;
	(void)run;
	(void)err;
	(void)errlen;
	logf_("undo%d ", step_no(s));
	return 0;
}

static const char *const step_texts[] = {
	"Define libvirt network lab-net (internal switch, NAT to the uplink, "
	"10.77.0.1/24, DHCP 10.77.0.100-10.77.0.199)",
	"Remove the NIC with MAC 52:54:00:e4:00:02 (network edge-int) from VM "
	"edge-vm",
	"Start network lab-net (its bridge and, with DHCP, its DHCP server "
	"come up)",
	"Move NIC eth0 (MAC 52:54:00:e4:00:01) of VM edge-vm from network "
	"default to network lab-net",
};

static const char dom_xml_before[] =
	"<domain type='test'>\n"
	"  <name>edge-vm</name>\n"
	"  <devices>\n"
	"    <interface type='network'>\n"
	"      <mac address='52:54:00:e4:00:01'/>\n"
	"      <source network='default'/>\n"
	"    </interface>\n"
	"  </devices>\n"
	"</domain>\n";

static const char dom_xml_after[] =
	"<domain type='test'>\n"
	"  <name>edge-vm</name>\n"
	"  <devices>\n"
	"    <interface type='network'>\n"
	"      <mac address='52:54:00:e4:00:01'/>\n"
	"      <source network='lab-net'/>\n"
	"    </interface>\n"
	"  </devices>\n"
	"</domain>\n";

static int fake_prepare(void *ctx, const struct plan *p,
			const struct policy *pl, struct state *st,
			struct apply_steps *steps, struct diag_list *d)
{
	(void)ctx;
	(void)p;
	(void)pl;
	(void)st;
	fk.prepared++;
	diag_add(d, DIAG_WARNING, "vm", "VM edge-vm is running: its NICs are "
		 "changed in its definition, and also at once where the VM "
		 "allows it");
	snprintf(steps->domain, sizeof(steps->domain), "edge-vm");
	for (size_t i = 0; i < fk.nsteps; i++) {
		bool dom = i == 1 || i == 3;
		struct apply_step *s;

		s = apply_steps_add(steps, fk.seed && i == 1 ?
				    APPLY_GUEST_SEED : dom ?
				    APPLY_DOM_NIC_CHANGE : i == 0 ?
				    APPLY_NET_DEFINE : APPLY_NET_START,
				    dom ? "edge-vm" : "lab-net");
		assert_non_null(s);
		s->live = fk.seed && i == 1;
		snprintf(s->text, sizeof(s->text), "%s%s", step_texts[i % 4],
			 fk.variant ? " (changed)" : "");
		snprintf(s->undo_text, sizeof(s->undo_text), "undo step %zu",
			 i + 1);
		if (i == 0)
			s->after = strdup("<network>\n  <name>lab-net</name>\n"
					  "  <forward mode='nat'/>\n"
					  "</network>\n");
		if (i == 1) {
			s->before = strdup(dom_xml_before);
			s->after = strdup(dom_xml_after);
		}
	}
	return 0;
}

static void fake_ops(void *ctx, struct apply_ops *out)
{
	(void)ctx;
	out->do_step = fake_do;
	out->check = fake_check;
	out->undo_step = fake_undo;
	out->ctx = NULL;
}

static int fake_readback(void *ctx, const char *domain,
			 const struct host_nic_list *links, struct plan *out,
			 struct diag_list *notes, char *err, size_t errlen)
{
	static const char text[] =
		"version = 1;\n"
		"vm = \"edge-vm\";\n"
		"switches = ( { name = \"edge-int\"; type = \"internal\";\n"
		"  address = \"172.20.0.1/24\"; dhcp = true;\n"
		"  dhcp_start = \"172.20.0.100\"; dhcp_end = \"172.20.0.200\";"
		" } );\n"
		"nics = ( { name = \"eth0\"; switch = \"edge-int\";\n"
		"  mac = \"52:54:00:e4:00:02\"; primary = true;\n"
		"  ip = { mode = \"dhcp\"; }; } );\n";
	struct diag_list d;

	(void)ctx;
	(void)links;
	(void)err;
	(void)errlen;
	assert_string_equal(domain, "edge-vm");
	diag_list_init(&d);
	assert_int_equal(planfile_load_string(text, out, NULL, &d),
			 PLANFILE_OK);
	diag_list_free(&d);
	out->profile = PROFILE_UNSET;
	diag_add(notes, DIAG_WARNING, "nics", "DNS servers and route metrics "
		 "live in the VM and cannot be read from libvirt; check them");
	return 0;
}

/* What the fake VM keeps for its next start, and its restart. */
static struct fake_vm {
	size_t npending;	/* items the pending op reports */
	int off_after;		/* vm_running says 1 this many times */
	int polls;
	bool fail_start;
	char log[256];
} fv;

static int fake_pending(void *ctx, const char *domain,
			struct pending_list *out, bool *running, char *err,
			size_t errlen)
{
	(void)ctx;
	(void)err;
	(void)errlen;
	assert_string_equal(domain, "edge-vm");
	pending_init(out);
	*running = true;
	for (size_t i = 0; i < fv.npending && i < 2; i++) {
		snprintf(out->items[i].mac, sizeof(out->items[i].mac),
			 i ? "52:54:00:e4:00:02" : "52:54:00:e4:00:01");
		snprintf(out->items[i].text, sizeof(out->items[i].text),
			 i ? "NIC 52:54:00:e4:00:02 on network edge-int is "
			 "removed" : "NIC 52:54:00:e4:00:01 moves from network "
			 "default to network lab-net");
	}
	out->count = fv.npending < 2 ? fv.npending : 2;
	return 0;
}

static int fake_shutdown(void *ctx, const char *domain, char *err,
			 size_t errlen)
{
	(void)ctx;
	(void)err;
	(void)errlen;
	snprintf(fv.log + strlen(fv.log), sizeof(fv.log) - strlen(fv.log),
		 "shutdown %s ", domain);
	return 0;
}

static int fake_running(void *ctx, const char *domain, char *err,
			size_t errlen)
{
	(void)ctx;
	(void)domain;
	(void)err;
	(void)errlen;
	return fv.polls++ < fv.off_after ? 1 : 0;
}

static int fake_start(void *ctx, const char *domain, char *err,
		      size_t errlen)
{
	(void)ctx;
	if (fv.fail_start) {
		snprintf(err, errlen, "no memory for the VM");
		return -1;
	}
	snprintf(fv.log + strlen(fv.log), sizeof(fv.log) - strlen(fv.log),
		 "start %s ", domain);
	fv.npending = 0;	/* started from its persistent definition */
	return 0;
}

static void on_changed(void *ctx)
{
	(void)ctx;
	fk.changed++;
}

/* ---- set-up ---- */

static int group_setup(void **state)
{
	char err[256];

	(void)state;
	if (golden_policy_load(&pol) < 0)
		return -1;
	snprintf(state_dir, sizeof(state_dir), "%s/edgenet-apply-ui.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(state_dir))
		return -1;
	if (loop_init(&lp, err, sizeof(err)) < 0) {
		fprintf(stderr, "loop: %s\n", err);
		return -1;
	}
	return golden_open(ROWS, COLS_);
}

static int group_teardown(void **state)
{
	char cmd[4200];

	(void)state;
	golden_close();
	loop_free(&lp);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", state_dir);
	if (system(cmd) != 0)
		return -1;
	return 0;
}

static const char plan_lab[] =
	"version = 1;\n"
	"profile = \"server\";\n"
	"vm = \"edge-vm\";\n"
	"switches = ( { name = \"lab-net\"; type = \"internal\";\n"
	"  address = \"10.77.0.1/24\"; dhcp = true;\n"
	"  dhcp_start = \"10.77.0.100\"; dhcp_end = \"10.77.0.199\";\n"
	"  nat = true; } );\n"
	"nics = ( { name = \"eth0\"; switch = \"lab-net\";\n"
	"  mac = \"52:54:00:e4:00:01\"; primary = true;\n"
	"  ip = { mode = \"dhcp\"; }; } );\n";

static int test_setup(void **state)
{
	struct diag_list d;
	char path[4200];

	(void)state;
	memset(&fk, 0, sizeof(fk));
	memset(&fv, 0, sizeof(fv));
	fk.nsteps = 4;
	/* no journal left over from an earlier test */
	snprintf(path, sizeof(path), "%s/%s", state_dir, JOURNAL_FILE);
	unlink(path);
	snprintf(path, sizeof(path), "%s/%s", state_dir, JOURNAL_APPLIED_FILE);
	unlink(path);

	memset(&opts, 0, sizeof(opts));
	opts.policy = &pol;
	opts.demo = true;
	opts.uri = "test:///demo-node.xml";
	opts.state_dir = state_dir;
	if (app_init(&app, &opts) < 0)
		return -1;
	snprintf(app.uri, sizeof(app.uri), "test:///demo-node.xml");
	app.domain_exists = 1;
	app_open_state(&app);
	assert_true(app.state_ok);

	apply_ui_init(&au);
	au.be.prepare = fake_prepare;
	au.be.ops = fake_ops;
	au.be.pending = fake_pending;
	au.be.vm_shutdown = fake_shutdown;
	au.be.vm_running = fake_running;
	au.be.vm_start = fake_start;
	au.timeout_s = 60;
	apply_ui_attach(&au, &lp, on_changed, NULL);
	app.apply = &au;

	/* the wizard on a fixed plan, as `edgenet wizard --plan` would */
	app_goto(&app, SCR_PROFILE);
	diag_list_init(&d);
	assert_int_equal(planfile_load_string(plan_lab, &app.work, NULL, &d),
			 PLANFILE_OK);
	diag_list_free(&d);
	app.saved = app.work;
	app_validate(&app);
	return 0;
}

static int test_teardown(void **state)
{
	(void)state;
	apply_ui_close(&au);
	apply_ui_free(&au);
	app.apply = NULL;
	app_free(&app);
	return 0;
}

/* ---- drawing ---- */

/* Compares the frame with tests/golden/NAME.txt. */
static void golden(const char *name)
{
	golden_check(&app, name, ROWS, COLS_);
}

static bool on_screen(const char *text)
{
	char *f = golden_frame(&app, ROWS, COLS_);
	bool found = strstr(f, text) != NULL;

	if (!found)
		printf("# not on screen: %s\n%s", text, f);
	free(f);
	return found;
}

/* ---- fixed models ---- */

static void model_rows(size_t n)
{
	free(au.rows);
	au.rows = calloc(n, sizeof(*au.rows));
	assert_non_null(au.rows);
	au.nrows = n;
	for (size_t i = 0; i < n; i++) {
		snprintf(au.rows[i].text, sizeof(au.rows[i].text), "%s",
			 step_texts[i % 4]);
		snprintf(au.rows[i].undo_text, sizeof(au.rows[i].undo_text),
			 "undo step %zu", i + 1);
	}
	snprintf(au.uri, sizeof(au.uri), "test:///demo-node.xml");
}

/* Step 3 of 4 under way. */
static void test_progress_running(void **state)
{
	(void)state;
	model_rows(4);
	au.stage = AUI_RUNNING;
	au.rows[0].state = APPLY_STEP_DONE;
	au.rows[1].state = APPLY_STEP_DONE;
	snprintf(au.rows[1].note, sizeof(au.rows[1].note), "takes effect at "
		 "the next start of VM edge-vm");
	au.rows[2].current = true;
	app_goto(&app, SCR_APPLY);
	golden("apply_running");
}

/* Every step done: "Keep this change? y/n - rolled back in 57 s". */
static void test_progress_countdown(void **state)
{
	(void)state;
	model_rows(4);
	au.stage = AUI_CONFIRM;
	for (size_t i = 0; i < 4; i++)
		au.rows[i].state = APPLY_STEP_DONE;
	snprintf(au.rows[1].note, sizeof(au.rows[1].note), "takes effect at "
		 "the next start of VM edge-vm");
	au.left_s = 57;
	app_goto(&app, SCR_APPLY);
	golden("apply_countdown");
}

/* Step 2 failed; steps 2 and 1 were rolled back (report fixed). */
static void test_progress_failed_fixed(void **state)
{
	(void)state;
	model_rows(4);
	au.stage = AUI_ROLLED_BACK;
	au.why = AUI_WHY_FAILED;
	au.rows[0].state = APPLY_STEP_UNDONE;
	au.rows[1].state = APPLY_STEP_UNDONE;
	snprintf(au.rows[1].error, sizeof(au.rows[1].error), "injected fault "
		 "(EDGENET_FAULT, phase do)");
	snprintf(au.error, sizeof(au.error), "step 2 (%s) failed: injected "
		 "fault (EDGENET_FAULT, phase do)", step_texts[1]);
	au.report = strdup(
		"   1. rolled back: Define libvirt network lab-net (undo step "
		"1)\n"
		"   2. FAILED, rolled back: Remove the NIC with MAC "
		"52:54:00:e4:00:02 (network edge-int) from VM edge-vm (undo "
		"step 2)\n"
		"      why: injected fault (EDGENET_FAULT, phase do)\n"
		"   3. not started: Start network lab-net\n"
		"   4. not started: Move NIC eth0 of VM edge-vm\n");
	app_goto(&app, SCR_APPLY);
	golden("apply_failed");
}

/* The rollback could not undo a step: it says what is left by hand. */
static void test_progress_incomplete(void **state)
{
	(void)state;
	model_rows(2);
	au.stage = AUI_INCOMPLETE;
	au.why = AUI_WHY_FAILED;
	au.rows[0].state = APPLY_STEP_UNDO_FAILED;
	snprintf(au.error, sizeof(au.error), "the rollback could not undo "
		 "every step");
	au.report = strdup("   1. NOT ROLLED BACK: Define libvirt network "
			   "lab-net\n      why: undo failed: injected fault\n"
			   "      to do by hand: undo step 1\n"
			   "   2. not started: Remove the NIC\n");
	app_goto(&app, SCR_APPLY);
	assert_true(on_screen("The rollback could NOT undo everything"));
	assert_true(on_screen("to do by hand: undo step 1"));
}

/* ---- the review ---- */

/* The review ends with exactly what Apply changes, XML included. */
static void test_review_preview(void **state)
{
	(void)state;
	fk.nsteps = 2;
	app_goto(&app, SCR_REVIEW);
	assert_true(au.preview_ok);
	assert_true(on_screen("[ Apply ]"));
	for (int i = 0; i < 3; i++)
		app_key(&app, KEY_NPAGE);
	golden("apply_review");
}

/* Apply hands over to the progress screen; the steps then run one per
 * loop turn. */
static void run_until(bool (*done)(void), int max_turns)
{
	for (int i = 0; i < max_turns && !done(); i++)
		assert_int_equal(loop_run_once(&lp, 200), 0);
	assert_true(done());
}

static bool is_confirm(void)
{
	return au.stage == AUI_CONFIRM;
}

static bool is_final(void)
{
	return apply_ui_finished(&au);
}

static void press_apply(void)
{
	app_goto(&app, SCR_REVIEW);
	/* Save is focused; Apply is the next button */
	app_key(&app, '\t');
	app_key(&app, '\n');
	assert_int_equal(app.cur, SCR_APPLY);
}

static void test_apply_keep(void **state)
{
	char path[4200];
	struct stat sb;

	(void)state;
	fk.note = true;
	press_apply();
	assert_int_equal(au.stage, AUI_RUNNING);
	assert_string_equal(apply_ui_state_word(&au, &au.rows[0]), "running");
	assert_string_equal(apply_ui_state_word(&au, &au.rows[1]), "pending");
	/* one step per turn */
	assert_int_equal(loop_run_once(&lp, 200), 0);
	assert_string_equal(fk.log, "do1 ");
	assert_int_equal(au.rows[0].state, APPLY_STEP_DONE);
	assert_true(au.rows[1].current);
	assert_true(fk.changed > 0);
	run_until(is_confirm, 20);
	assert_string_equal(fk.log, "do1 do2 do3 do4 ");
	assert_int_equal(au.left_s, 60);
	assert_string_equal(au.rows[1].note, "takes effect at the next start "
			    "of VM edge-vm");
	assert_true(on_screen("Keep this change? y/n - rolled back in 60 s"));
	/* the footer names the answers and says what Esc does */
	assert_true(on_screen("y keep  n roll back now  Esc Enter: y or n "
			      "first"));
	/* Esc does not leave a countdown */
	app_key(&app, 27);
	assert_int_equal(app.cur, SCR_APPLY);
	app_key(&app, 'y');
	assert_int_equal(au.stage, AUI_COMMITTED);
	/* answered: y and n are gone from the footer, Esc goes home */
	{
		char *f = golden_frame(&app, ROWS, COLS_);

		assert_null(strstr(f, "y keep"));
		assert_null(strstr(f, "roll back"));
		assert_non_null(strstr(f, "Esc home"));
		free(f);
	}
	assert_null(au.txn);
	snprintf(path, sizeof(path), "%s/%s", state_dir, JOURNAL_APPLIED_FILE);
	assert_int_equal(stat(path, &sb), 0);
	snprintf(path, sizeof(path), "%s/%s", state_dir, JOURNAL_FILE);
	assert_int_not_equal(stat(path, &sb), 0);
	golden("apply_kept");
	/* Enter: the home screen, which says so */
	app_key(&app, '\n');
	assert_int_equal(app.cur, SCR_HOME);
	assert_true(on_screen("This session       applied and kept: 4 steps"));
}

static void test_apply_refuse(void **state)
{
	(void)state;
	press_apply();
	run_until(is_confirm, 20);
	app_key(&app, 'n');
	assert_int_equal(au.stage, AUI_ROLLING_BACK);
	run_until(is_final, 20);
	assert_int_equal(au.stage, AUI_ROLLED_BACK);
	assert_int_equal(au.why, AUI_WHY_REFUSED);
	assert_string_equal(fk.log, "do1 do2 do3 do4 undo4 undo3 undo2 "
			    "undo1 ");
	assert_true(on_screen("Rolled back because you answered n"));
	/* back to the review, to change the plan */
	app_key(&app, 27);
	assert_int_equal(app.cur, SCR_REVIEW);
}

static void test_apply_timeout(void **state)
{
	int64_t t0 = loop_now_ms();

	(void)state;
	au.timeout_s = 1;
	fk.nsteps = 2;
	press_apply();
	run_until(is_confirm, 20);
	assert_int_equal(au.left_s, 1);
	run_until(is_final, 100);
	assert_true(loop_now_ms() - t0 >= 1000);
	assert_int_equal(au.stage, AUI_ROLLED_BACK);
	assert_int_equal(au.why, AUI_WHY_TIMEOUT);
	assert_string_equal(fk.log, "do1 do2 undo2 undo1 ");
	assert_true(on_screen("not confirmed in time"));
}

static void test_apply_fault(void **state)
{
	struct apply_faults faults;

	(void)state;
	/* as main.c passes $EDGENET_FAULT="step=2,phase=do" down */
	apply_faults_parse(&faults, "step=2,phase=do", NULL, NULL, NULL);
	opts.faults = &faults;
	press_apply();
	run_until(is_final, 20);
	opts.faults = NULL;
	assert_int_equal(au.stage, AUI_ROLLED_BACK);
	assert_int_equal(au.why, AUI_WHY_FAILED);
	/* step 2 failed before doing anything; its undo copes */
	assert_string_equal(fk.log, "do1 undo2 undo1 ");
	assert_int_equal(au.rows[1].state, APPLY_STEP_UNDONE);
	assert_int_equal(au.rows[2].state, APPLY_STEP_PENDING);
	assert_non_null(strstr(au.error, "injected fault"));
	assert_non_null(au.report);
	assert_non_null(strstr(au.report, "FAILED, rolled back"));
	golden("apply_fault");
}

static void test_close_during_countdown(void **state)
{
	const char *msg;

	(void)state;
	press_apply();
	run_until(is_confirm, 20);
	msg = apply_ui_close(&au);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "rolled back"));
	assert_int_equal(au.stage, AUI_ROLLED_BACK);
	assert_int_equal(au.why, AUI_WHY_CLOSED);
	assert_string_equal(fk.log, "do1 do2 do3 do4 undo4 undo3 undo2 "
			    "undo1 ");
	assert_null(apply_ui_close(&au));
}

/* The host changed between the review and Apply: nothing starts. */
static void test_preview_stale(void **state)
{
	(void)state;
	app_goto(&app, SCR_REVIEW);
	fk.variant = 1;
	app_key(&app, '\t');
	app_key(&app, '\n');
	assert_int_equal(app.cur, SCR_REVIEW);
	assert_int_equal(au.stage, AUI_IDLE);
	assert_non_null(strstr(app.status, "The host changed"));
	assert_string_equal(fk.log, "");
	/* the review now shows the new steps; Apply goes ahead */
	app_key(&app, '\n');
	assert_int_equal(app.cur, SCR_APPLY);
}

static void test_nothing_to_do(void **state)
{
	(void)state;
	fk.nsteps = 0;
	app_goto(&app, SCR_REVIEW);
	assert_true(au.preview_ok);
	assert_int_equal(au.preview_steps, 0);
	app_key(&app, KEY_NPAGE);
	assert_true(on_screen("Apply changes nothing"));
	app_key(&app, '\t');
	app_key(&app, '\n');
	assert_int_equal(app.cur, SCR_REVIEW);
	assert_non_null(strstr(app.status, "Nothing to change"));
}

/* ---- a fake prober for the review's preflight (ui/diag_ui.h) ---- */

/* Answers when the test says the wire did (fp_answer makes its
 * descriptor readable): the planned address taken by TAKEN's MAC or
 * free, the gateway answering. */
static struct fake_probe {
	int fds[2];
	bool taken;
	char mac[MAC_STRLEN];	/* who answers for the address */
	int started;
	bool done;
	size_t n;
	struct probe_target t[PROBE_PLAN_MAX];
	struct probe_result r[PROBE_PLAN_MAX];
} fp;

static void *fp_start(void *ctx, const struct probe_target *t, size_t n,
		      const struct host_facts *h, char *err, size_t errlen)
{
	(void)ctx;
	(void)h;
	if (pipe(fp.fds) < 0) {
		snprintf(err, errlen, "no pipe");
		return NULL;
	}
	fp.started++;
	fp.done = false;
	fp.n = n;
	memcpy(fp.t, t, n * sizeof(*t));
	for (size_t i = 0; i < n; i++) {
		probe_result_init(&fp.r[i], t[i].kind);
		fp.r[i].status = t[i].skip ? PROBE_SKIPPED : PROBE_RUNNING;
		snprintf(fp.r[i].why, sizeof(fp.r[i].why), "%s", t[i].why_not);
	}
	return &fp;
}

static int fp_fd(void *run)
{
	(void)run;
	return fp.fds[0];
}

static int fp_process(void *run)
{
	char c;

	(void)run;
	if (read(fp.fds[0], &c, 1) != 1)
		return 0;
	for (size_t i = 0; i < fp.n; i++) {
		struct probe_result *r = &fp.r[i];

		if (r->status != PROBE_RUNNING)
			continue;
		r->status = PROBE_DONE;
		if (fp.t[i].kind == PROBE_ADDR) {
			snprintf(r->addr.target, sizeof(r->addr.target), "%s",
				 fp.t[i].target);
			r->addr.answered = fp.taken;
			r->addr.nmacs = fp.taken;
			snprintf(r->addr.macs[0], sizeof(r->addr.macs[0]),
				 "%s", fp.mac);
			r->addr.wait_ms = 1000;
		} else if (fp.t[i].kind == PROBE_GATEWAY) {
			snprintf(r->gw.gateway, sizeof(r->gw.gateway), "%s",
				 fp.t[i].target);
			r->gw.arp_answered = r->gw.ping_sent = true;
			r->gw.ping_answered = true;
			snprintf(r->gw.mac, sizeof(r->gw.mac),
				 "02:00:00:00:77:01");
		} else {
			r->status = PROBE_SKIPPED;
			snprintf(r->why, sizeof(r->why), "not in this test");
		}
	}
	fp.done = true;
	return (int)fp.n;
}

static bool fp_done(void *run)
{
	(void)run;
	return fp.done;
}

static const struct probe_result *fp_results(void *run)
{
	(void)run;
	return fp.r;
}

static void fp_free(void *run)
{
	(void)run;
	close(fp.fds[0]);
	close(fp.fds[1]);
}

/* The wire answered. */
static void fp_answer(void)
{
	assert_int_equal(write(fp.fds[1], "x", 1), 1);
}

/* The review's preflight on a real host (a fake prober, the real loop):
 * while it runs Apply is refused and says so; the address in use is an error
 * beside eth0's address and Apply is refused naming it and the MAC -
 * nothing applied; the address free, Apply goes ahead. */
static void test_preflight_refuses(void **state)
{
	static const struct diag_ui_backend be = {
		.start = fp_start, .fd = fp_fd, .process = fp_process,
		.done = fp_done, .results = fp_results, .free = fp_free,
	};
	struct host_net *n = &app.nets.items[0];
	struct plan_nic *nic = &app.work.nics[0];

	(void)state;
	memset(&fp, 0, sizeof(fp));
	snprintf(fp.mac, sizeof(fp.mac), "02:00:00:00:77:0a");
	diag_ui_attach(app.diag, &be, &lp, NULL, NULL);
	snprintf(app.uri, sizeof(app.uri), "qemu:///system");	/* local */
	app.nets_ok = true;
	app.nets.count = 1;
	memset(n, 0, sizeof(*n));
	snprintf(n->name, sizeof(n->name), "lab-net");
	n->type = SWITCH_INTERNAL;
	snprintf(n->forward, sizeof(n->forward), "nat");
	snprintf(n->bridge, sizeof(n->bridge), "virbr77");
	snprintf(n->address, sizeof(n->address), "10.77.0.1/24");
	n->dhcp = n->active = true;
	snprintf(n->dhcp_start, sizeof(n->dhcp_start), "10.77.0.100");
	snprintf(n->dhcp_end, sizeof(n->dhcp_end), "10.77.0.199");
	nic->mode = IP_STATIC;
	snprintf(nic->address, sizeof(nic->address), "10.77.0.10");
	nic->prefix = 24;
	nic->has_prefix = true;
	snprintf(nic->gateway, sizeof(nic->gateway), "10.77.0.1");
	app_validate(&app);
	fp.taken = true;

	app_goto(&app, SCR_REVIEW);
	assert_int_equal(fp.started, 1);
	assert_true(app.diag->pre.running);
	assert_true(on_screen("running..."));
	app_key(&app, '\t');		/* Apply */
	app_key(&app, '\n');
	assert_int_equal(app.cur, SCR_REVIEW);
	assert_int_equal(au.stage, AUI_IDLE);
	assert_non_null(strstr(app.status, "preflight is still running"));

	fp_answer();
	assert_int_equal(loop_run_once(&lp, 1000), 0);
	assert_false(app.diag->pre.running);
	assert_true(on_screen("! error NIC eth0: address:"));
	app_key(&app, '\n');		/* Apply again */
	assert_int_equal(app.cur, SCR_REVIEW);
	assert_int_equal(au.stage, AUI_IDLE);
	assert_string_equal(fk.log, "");
	assert_non_null(strstr(app.status, "10.77.0.10"));
	assert_non_null(strstr(app.status, "02:00:00:00:77:0a"));
	assert_non_null(strstr(app.status, "already in use"));

	/* answered by the NIC's own MAC only (the VM holds its address
	 * already, a re-apply): not a conflict, Apply goes on */
	snprintf(fp.mac, sizeof(fp.mac), "%.17s", nic->mac);
	app_goto(&app, SCR_REVIEW);
	assert_int_equal(fp.started, 2);
	fp_answer();
	assert_int_equal(loop_run_once(&lp, 1000), 0);
	assert_false(on_screen("! error NIC eth0: address:"));
	assert_int_equal(diag_ui_preflight_verdict(app.diag, &app.work, NULL,
						   0), 0);
	snprintf(fp.mac, sizeof(fp.mac), "02:00:00:00:77:0a");

	/* freed on the network: the review runs it again, Apply goes on */
	fp.taken = false;
	app_goto(&app, SCR_REVIEW);
	assert_int_equal(fp.started, 3);
	fp_answer();
	assert_int_equal(loop_run_once(&lp, 1000), 0);
	assert_false(app.diag->pre.running);
	assert_false(on_screen("! error NIC eth0: address:"));
	app_key(&app, '\t');
	app_key(&app, '\n');
	assert_int_equal(app.cur, SCR_APPLY);
}

/* Without a libvirt host there is no Apply. */
static void test_no_backend(void **state)
{
	(void)state;
	app.apply = NULL;
	app_goto(&app, SCR_REVIEW);
	assert_false(on_screen("[ Apply ]"));
	app.apply = &au;
}

static void test_confirm_timeout_setting(void **state)
{
	char path[4200];

	(void)state;
	snprintf(path, sizeof(path), "%s/edgenet.conf", state_dir);
	golden_write_file(path, "confirm_timeout = 7;\n");
	assert_int_equal(apply_ui_confirm_timeout(path), 7);
	golden_write_file(path, "confirm_timeout = 0;\n");
	assert_int_equal(apply_ui_confirm_timeout(path), 60);
	golden_write_file(path, "confirm_timeout = 100000;\n");
	assert_int_equal(apply_ui_confirm_timeout(path), 60);
	golden_write_file(path, "uri = \"test:///x\";\n");
	assert_int_equal(apply_ui_confirm_timeout(path), 60);
	unlink(path);
}

/* No --plan and the VM exists: the wizard opens the deployment read
 * back, with a profile that allows its switches, and shows the notes. */
static void test_open_deployment(void **state)
{
	(void)state;
	app_free(&app);
	assert_int_equal(app_init(&app, &opts), 0);
	app.domain_exists = 1;
	app_open_state(&app);
	app.readback.read = fake_readback;
	app.apply = &au;
	app_goto(&app, SCR_PROFILE);
	assert_int_equal(app.work.nnics, 1);
	assert_string_equal(app.work.nics[0].mac, "52:54:00:e4:00:02");
	assert_int_equal(app.work.profile, PROFILE_SERVER);
	assert_true(plan_equal(&app.work, &app.saved));
	assert_non_null(strstr(app.load_msg, "Opened edge-vm as deployed"));
	assert_true(on_screen("Opened edge-vm as deployed"));
	app_goto(&app, SCR_REVIEW);
	assert_true(on_screen("Read back from the deployment of edge-vm"));
}


/* ---- after an apply ---- */

static const char live_xml[] =
	"<domain type='test'>\n"
	"  <name>edge-vm</name>\n"
	"  <devices>\n"
	"    <interface type='network'>\n"
	"      <mac address='52:54:00:E4:00:01'/>\n"
	"      <source network='default'/>\n"
	"    </interface>\n"
	"    <interface type='network'>\n"
	"      <mac address='52:54:00:e4:00:02'/>\n"
	"      <source network='edge-int'/>\n"
	"    </interface>\n"
	"  </devices>\n"
	"</domain>\n";

static const char config_xml[] =
	"<domain type='test'>\n"
	"  <name>edge-vm</name>\n"
	"  <devices>\n"
	"    <interface type='network'>\n"
	"      <mac address='52:54:00:e4:00:01'/>\n"
	"      <source network='lab-net'/>\n"
	"    </interface>\n"
	"    <interface type='bridge'>\n"
	"      <mac address='52:54:00:e4:00:03'/>\n"
	"      <source bridge='br0'/>\n"
	"    </interface>\n"
	"    <disk type='file' device='cdrom'>\n"
	"      <source file='/var/lib/edgenet/seeds/edge-vm/seed-1.iso'/>\n"
	"    </disk>\n"
	"  </devices>\n"
	"</domain>\n";

/* The running definition against the persistent one: a NIC moved, one
 * added, one removed, the seed put in; the same XML: nothing. */
static void test_pending_compare(void **state)
{
	struct pending_list l;
	char err[256], all[2048];

	(void)state;
	assert_int_equal(pending_compare(live_xml, config_xml,
					 "/var/lib/edgenet/seeds/edge-vm", &l,
					 err, sizeof(err)), 0);
	assert_int_equal(l.count, 4);
	assert_string_equal(l.items[0].text, "NIC 52:54:00:e4:00:01 moves "
			    "from network default to network lab-net");
	assert_string_equal(l.items[0].mac, "52:54:00:e4:00:01");
	assert_string_equal(l.items[1].text, "NIC 52:54:00:e4:00:03 on "
			    "bridge br0 is added");
	assert_string_equal(l.items[2].text, "NIC 52:54:00:e4:00:02 on "
			    "network edge-int is removed");
	assert_string_equal(l.items[3].mac, "");
	assert_non_null(strstr(l.items[3].text, "seed CD-ROM seed-1.iso is "
			       "put in"));
	assert_non_null(pending_find_mac(&l, "52:54:00:E4:00:02"));
	assert_null(pending_find_mac(&l, "52:54:00:e4:00:09"));
	pending_join(&l, all, sizeof(all));
	assert_non_null(strstr(all, "lab-net; NIC 52:54:00:e4:00:03"));
	/* a seed outside the seed directory is not ours */
	assert_int_equal(pending_compare(live_xml, config_xml, "/elsewhere",
					 &l, err, sizeof(err)), 0);
	assert_int_equal(l.count, 3);
	assert_int_equal(pending_compare(config_xml, config_xml,
					 "/var/lib/edgenet/seeds/edge-vm", &l,
					 err, sizeof(err)), 0);
	assert_int_equal(l.count, 0);
	assert_int_equal(pending_compare("<domain", config_xml, NULL, &l,
					 err, sizeof(err)), -1);
	assert_true(err[0] != '\0');
}

/* Home after an apply whose NIC changes wait for the VM's next start:
 * when the plan was applied, the plan file, the changes waiting and R;
 * the review says Apply changes nothing and what is left to do. */
static void test_after_apply_pending(void **state)
{
	struct utimbuf ut = { 1767225600, 1767225600 };	/* 2026-01-01 */
	char path[4200];

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	fk.note = true;
	press_apply();
	run_until(is_confirm, 20);
	fv.npending = 2;
	app_key(&app, 'y');
	assert_int_equal(au.stage, AUI_COMMITTED);
	assert_true(apply_ui_pending_for(&au, "edge-vm"));
	assert_non_null(strstr(app.status, "2 changes wait for VM edge-vm's "
			       "next start"));
	snprintf(path, sizeof(path), "%s/%s", state_dir, JOURNAL_APPLIED_FILE);
	assert_int_equal(utime(path, &ut), 0);
	app_key(&app, '\n');
	assert_int_equal(app.cur, SCR_HOME);
	golden("after_home_pending");
	/* the review: nothing more to apply, and what is left */
	fk.nsteps = 0;
	app_goto(&app, SCR_REVIEW);
	for (int i = 0; i < 3; i++)
		app_key(&app, KEY_NPAGE);
	assert_true(on_screen("Apply changes nothing"));
	assert_true(on_screen("Left to do: restart the VM"));
	assert_false(on_screen("apply the plan"));
}

/* The console's libvirt connection lost (ui/conn_run.c sets
 * this): home says libvirt is unreachable, since when, what that means
 * and the last try to connect again; the VM and the networks are no
 * longer said to be known; the review and Apply refuse in words without
 * asking the backend; back again, Apply first shows the steps it had
 * not shown, then plans as before. */
static void test_libvirt_down(void **state)
{
	time_t at = 1767225600 + 3 * 3600 + 25 * 60;	/* 03:25:00 UTC */
	char msg[APPLY_UI_MSG_MAX];

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	snprintf(app.uri, sizeof(app.uri), "qemu:///system");
	opts.demo = false;
	app.nets_ok = true;
	app.nets.count = 1;
	snprintf(app.nets.items[0].name, sizeof(app.nets.items[0].name),
		 "lab-net");
	app_goto(&app, SCR_HOME);
	assert_true(on_screen("edge-vm: defined on this host"));
	assert_true(on_screen("lab-net"));
	app_virt_down(&app, "libvirt closed it (the daemon stopped or "
		      "restarted)", 2, at);
	app_virt_retry(&app, "cannot connect to libvirt at 'qemu:///system': "
		       "Failed to connect socket to '/var/run/libvirt/"
		       "libvirt-sock': Connection refused", 2, at + 2);
	golden("home_libvirt_down");
	assert_true(on_screen("qemu:///system: UNREACHABLE since 03:25:00"));
	assert_true(on_screen("Nothing can be"));
	assert_true(on_screen("03:25:02, failed: cannot connect"));
	assert_false(on_screen("defined on this host"));
	assert_false(on_screen("lab-net"));
	/* no apply: refused in words, the backend not even asked */
	fk.log[0] = '\0';
	fk.prepared = 0;
	assert_int_equal(apply_ui_preview(&au, &app), -1);
	assert_true(au.preview_diags.count > 0);
	assert_non_null(strstr(au.preview_diags.items[0].message,
			       "libvirt is unreachable"));
	assert_int_equal(apply_ui_begin(&au, &app, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "nothing was changed"));
	assert_non_null(strstr(msg, "libvirt is unreachable"));
	assert_int_equal(au.stage, AUI_IDLE);
	assert_string_equal(fk.log, "");
	assert_int_equal(fk.prepared, 0);
	app_goto(&app, SCR_REVIEW);
	for (int i = 0; i < 3; i++)
		app_key(&app, KEY_NPAGE);
	assert_true(on_screen("libvirt is unreachable"));
	assert_true(on_screen("Apply is not possible yet"));
	assert_false(on_screen("Define libvirt network lab-net"));
	/* connected again while the review shows no step: Apply plans
	 * again and asks for the steps to be read first, never applying
	 * what the technician has not seen */
	app_virt_back(&app);
	assert_false(app.virt_down);
	assert_int_equal(apply_ui_begin(&au, &app, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "read the changes again"));
	assert_int_equal(au.stage, AUI_IDLE);
	assert_string_equal(fk.log, "");
	assert_true(au.preview_ok);
	app_goto(&app, SCR_HOME);
	assert_false(on_screen("UNREACHABLE"));
	assert_int_equal(apply_ui_preview(&au, &app), 0);
	opts.demo = true;
}

static bool restart_over(void)
{
	return !apply_ui_restarting(&au);
}

/* R asks first, naming the VM; n leaves it; y shuts it down, waits for
 * it to be off (on the loop's timer), starts it, and nothing waits any
 * more. */
static void test_restart(void **state)
{
	(void)state;
	fv.npending = 1;
	fv.off_after = 2;
	app_goto(&app, SCR_HOME);
	assert_true(on_screen("Next VM start      1 change applied to VM "
			      "edge-vm waits"));
	app_key(&app, 'R');
	golden("after_restart_asks");
	app_key(&app, 'n');
	assert_string_equal(fv.log, "");
	assert_non_null(strstr(app.status, "was not restarted"));
	app_key(&app, 'R');
	app_key(&app, 'y');
	assert_true(apply_ui_restarting(&au));
	assert_string_equal(fv.log, "shutdown edge-vm ");
	assert_true(on_screen("is shutting down"));
	run_until(restart_over, 20);
	assert_string_equal(fv.log, "shutdown edge-vm start edge-vm ");
	assert_int_equal(au.restart, AUI_RS_DONE);
	assert_false(apply_ui_pending_for(&au, "edge-vm"));
	assert_non_null(strstr(app.status, "shut down and started"));
	assert_false(on_screen("Next VM start"));
	/* nothing waits: R says so and asks nothing */
	app_key(&app, 'R');
	assert_non_null(strstr(app.status, "no restart is needed"));
	assert_false(on_screen("Restart VM edge-vm now?"));
}

/* A VM that cannot be started again: said, and still pending. */
static void test_restart_start_fails(void **state)
{
	(void)state;
	fv.npending = 1;
	fv.fail_start = true;
	app_goto(&app, SCR_HOME);
	app_key(&app, 'R');
	app_key(&app, 'y');
	run_until(restart_over, 20);
	assert_int_equal(au.restart, AUI_RS_FAILED);
	assert_non_null(strstr(app.status, "could not be started again: no "
			       "memory for the VM"));
	assert_true(on_screen("Next VM start"));
}

/* The running VM's seed was changed, but no step wrote its files through
 * the guest agent: its network settings wait for its next boot, said
 * with the rest until the VM is restarted. */
static void test_seed_waits_for_boot(void **state)
{
	(void)state;
	fk.seed = true;
	press_apply();
	run_until(is_confirm, 20);
	app_key(&app, 'y');
	assert_int_equal(au.stage, AUI_COMMITTED);
	assert_true(au.boot_pending);
	assert_string_equal(au.boot_domain, "edge-vm");
	assert_true(apply_ui_pending_for(&au, "edge-vm"));
	assert_int_equal(au.pending.count, 1);
	assert_non_null(strstr(au.pending.items[0].text, "take effect at its "
			       "next boot"));
	app_key(&app, '\n');
	assert_true(on_screen("Next VM start      1 change applied"));
	app_key(&app, 'R');
	app_key(&app, 'y');
	run_until(restart_over, 20);
	assert_false(au.boot_pending);
	assert_false(apply_ui_pending_for(&au, "edge-vm"));
}

/* The console closes while the VM shuts down: said, for stderr; a VM
 * already off is started again. */
static void test_close_during_restart(void **state)
{
	const char *msg;

	(void)state;
	fv.npending = 1;
	fv.off_after = 1000;
	app_goto(&app, SCR_HOME);
	app_key(&app, 'R');
	app_key(&app, 'y');
	assert_true(apply_ui_restarting(&au));
	msg = apply_ui_close(&au);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "while VM edge-vm was shutting down"));
	assert_false(apply_ui_restarting(&au));
	assert_string_equal(fv.log, "shutdown edge-vm ");
	/* off by the time the console closes: started again */
	fv.polls = 0;
	fv.off_after = 3;
	app_key(&app, 'R');
	app_key(&app, 'y');
	assert_true(apply_ui_restarting(&au));
	fv.polls = 1000;
	msg = apply_ui_close(&au);
	assert_non_null(strstr(msg, "it was off, and was started again"));
	assert_string_equal(fv.log, "shutdown edge-vm shutdown edge-vm "
			    "start edge-vm ");
}

/* Many libvirt networks and changes waiting: the list is cut with a
 * count, and the rows below it and the buttons stay on the screen. */
static void test_home_many_networks(void **state)
{
	(void)state;
	fv.npending = 2;
	app.nets_ok = true;
	app.nets.count = 9;
	for (size_t i = 0; i < app.nets.count; i++) {
		struct host_net *n = &app.nets.items[i];

		memset(n, 0, sizeof(*n));
		snprintf(n->name, sizeof(n->name), "net%zu", i);
		n->type = SWITCH_INTERNAL;
		snprintf(n->address, sizeof(n->address), "10.%zu.0.1/24", i);
		n->active = true;
	}
	app_goto(&app, SCR_HOME);
	assert_true(on_screen("net0 "));
	assert_true(on_screen("more (virsh net-list --all lists them)"));
	assert_true(on_screen("Next VM start"));
	assert_true(on_screen("R restarts it"));
	assert_true(on_screen("[ Set up the VM's networking (wizard) ]"));
}

/* Save over an existing file that would change: the difference and a
 * question first; n keeps it, y writes it; an unchanged file is saved
 * without one. */
static void test_save_asks(void **state)
{
	char path[4200], *text, *now;
	size_t len;

	(void)state;
	snprintf(path, sizeof(path), "%s/plan.cfg", state_dir);
	text = planfile_format(&app.work);
	assert_non_null(text);
	golden_write_file(path, "version = 1;\nvm = \"other-vm\";\n");
	ui_copy(app.plan_path, sizeof(app.plan_path), path);
	app_goto(&app, SCR_REVIEW);
	app_key(&app, '\n');	/* Save is focused */
	assert_true(on_screen("Overwrite it?"));
	assert_true(on_screen("n keep"));
	assert_true(on_screen("- vm = \"other-vm\";"));
	assert_true(on_screen("is another plan than the one"));
	app_key(&app, 'n');
	now = fileio_read_all(path, 1 << 20, &len, NULL, 0);
	assert_string_equal(now, "version = 1;\nvm = \"other-vm\";\n");
	free(now);
	app_key(&app, '\n');
	app_key(&app, 'y');
	now = fileio_read_all(path, 1 << 20, &len, NULL, 0);
	assert_string_equal(now, text);
	free(now);
	/* the same text: no question */
	app_key(&app, '\n');
	assert_false(on_screen("Overwrite it?"));
	assert_non_null(strstr(app.status, "Plan saved"));
	/* changed on disk since it was saved */
	golden_write_file(path, "version = 1;\nvm = \"edge-vm\";\n");
	app_key(&app, '\n');
	assert_true(on_screen("CHANGED ON DISK since this"));
	app_key(&app, 27);
	now = fileio_read_all(path, 1 << 20, &len, NULL, 0);
	assert_string_equal(now, "version = 1;\nvm = \"edge-vm\";\n");
	free(now);
	unlink(path);
	free(text);
}

/* ---- a deployed VM the profile does not fit (polish) ---- */

/* The demo's edge-vm read back: eth0 on libvirt's default NAT network,
 * eth1 on the internal switch edge-int; no profile allows both. */
static const char *readback_text;	/* NULL: the demo's two NICs */

static int fake_readback_two(void *ctx, const char *domain,
			     const struct host_nic_list *links,
			     struct plan *out, struct diag_list *notes,
			     char *err, size_t errlen)
{
	static const char demo[] =
		"version = 1;\n"
		"vm = \"edge-vm\";\n"
		"switches = ( { name = \"default\"; type = \"default\";\n"
		"  address = \"192.168.122.1/24\"; dhcp = true;\n"
		"  dhcp_start = \"192.168.122.2\";"
		" dhcp_end = \"192.168.122.254\"; },\n"
		"  { name = \"edge-int\"; type = \"internal\";\n"
		"  address = \"172.20.0.1/24\"; dhcp = true;\n"
		"  dhcp_start = \"172.20.0.100\"; dhcp_end = \"172.20.0.200\";"
		" } );\n"
		"nics = ( { name = \"eth0\"; switch = \"default\";\n"
		"  mac = \"52:54:00:e4:00:01\"; primary = true;\n"
		"  ip = { mode = \"dhcp\"; }; },\n"
		"  { name = \"eth1\"; switch = \"edge-int\";\n"
		"  mac = \"52:54:00:e4:00:02\"; ip = { mode = \"dhcp\"; }; } );\n";
	struct diag_list d;

	(void)ctx;
	(void)links;
	(void)err;
	(void)errlen;
	assert_string_equal(domain, "edge-vm");
	diag_list_init(&d);
	assert_int_equal(planfile_load_string(readback_text ? readback_text :
					      demo, out, NULL, &d),
			 PLANFILE_OK);
	diag_list_free(&d);
	out->profile = PROFILE_UNSET;
	diag_add(notes, DIAG_WARNING, "", "no plan applied by edgenet");
	return 0;
}

/* The host's two libvirt networks the deployment uses. */
static void two_nets(void)
{
	struct host_net *n;

	app.nets_ok = true;
	app.nets.count = 2;
	n = &app.nets.items[0];
	snprintf(n->name, sizeof(n->name), "default");
	n->type = SWITCH_DEFAULT;
	snprintf(n->forward, sizeof(n->forward), "nat");
	snprintf(n->address, sizeof(n->address), "192.168.122.1/24");
	n->dhcp = true;
	snprintf(n->dhcp_start, sizeof(n->dhcp_start), "192.168.122.2");
	snprintf(n->dhcp_end, sizeof(n->dhcp_end), "192.168.122.254");
	n->active = true;
	n = &app.nets.items[1];
	snprintf(n->name, sizeof(n->name), "edge-int");
	n->type = SWITCH_INTERNAL;
	snprintf(n->address, sizeof(n->address), "172.20.0.1/24");
	n->active = true;
}

/* Step 1 says which NIC the profile does not allow and refuses Next
 * once with those words (before: nothing until the review, after an
 * Enter walk that never visits eth1); step 5 shows eth1's switch type
 * error, its field in words; the type change of a deployed switch is
 * warned about as deployed. */
static void test_deployed_profile_conflict(void **state)
{
	(void)state;
	app_free(&app);
	assert_int_equal(app_init(&app, &opts), 0);
	app.domain_exists = 1;
	app_open_state(&app);
	two_nets();
	readback_text = NULL;
	app.readback.read = fake_readback_two;
	app.apply = &au;
	app_goto(&app, SCR_PROFILE);
	assert_int_equal(app.work.nnics, 2);
	/* each profile allows one NIC of two: the host's suggestion */
	assert_int_equal(app.work.profile, PROFILE_CLIENT);
	assert_true(on_screen("eth1 is on internal switch edge-int, which"));
	golden("wizard_profile_conflict");
	app_key(&app, 'n' & 0x1f);
	assert_int_equal(app.cur, SCR_PROFILE);		/* refused */
	assert_non_null(strstr(app.status, "Next refused: eth1 is on internal "
			       "switch edge-int, which a client host does not "
			       "allow"));
	golden("wizard_profile_conflict_refused");
	app_key(&app, 'n' & 0x1f);			/* again: goes on */
	assert_int_equal(app.cur, SCR_SWITCH);
	app.wiz.nic = 1;
	app_goto(&app, SCR_NICS);
	assert_true(on_screen("error switch edge-int: type: an internal switch "
			      "is not available on a"));
	assert_true(on_screen("!2 eth1"));
	golden("wizard_nics_switch_type");
	/* eth0's deployed default switch made external: said as deployed */
	app.wiz.nic = 0;
	app_goto(&app, SCR_SWITCH);
	app_key(&app, 'e');
	assert_int_equal(app.work.switches[0].type, SWITCH_EXTERNAL);
	assert_non_null(strstr(app.status, "eth0 of edge-vm is deployed on "
			       "default switch default"));
}

/* Two NICs on internal switches and one on the default network: no
 * profile allows all three, and server allows the most, so the wizard
 * opens it as server (before: the host's suggestion, client, which
 * leaves two NICs on switches it does not allow); step 1 then names
 * the one NIC left, eth0's, whose step comes next. */
static void test_deployed_profile_most_nics(void **state)
{
	static const char three[] =
		"version = 1;\n"
		"vm = \"edge-vm\";\n"
		"switches = ( { name = \"default\"; type = \"default\";\n"
		"  address = \"192.168.122.1/24\"; dhcp = true;\n"
		"  dhcp_start = \"192.168.122.2\";"
		" dhcp_end = \"192.168.122.254\"; },\n"
		"  { name = \"edge-int\"; type = \"internal\";\n"
		"  address = \"172.20.0.1/24\"; dhcp = true;\n"
		"  dhcp_start = \"172.20.0.100\"; dhcp_end = \"172.20.0.200\";"
		" } );\n"
		"nics = ( { name = \"eth0\"; switch = \"default\";\n"
		"  mac = \"52:54:00:e4:00:01\"; primary = true;\n"
		"  ip = { mode = \"dhcp\"; }; },\n"
		"  { name = \"eth1\"; switch = \"edge-int\";\n"
		"  mac = \"52:54:00:e4:00:02\"; ip = { mode = \"dhcp\"; }; },\n"
		"  { name = \"eth2\"; switch = \"edge-int\";\n"
		"  mac = \"52:54:00:e4:00:03\"; ip = { mode = \"dhcp\"; }; } );\n";

	(void)state;
	app_free(&app);
	assert_int_equal(app_init(&app, &opts), 0);
	app.domain_exists = 1;
	app_open_state(&app);
	two_nets();
	readback_text = three;
	app.readback.read = fake_readback_two;
	app.apply = &au;
	app_goto(&app, SCR_PROFILE);
	readback_text = NULL;
	assert_int_equal(app.work.nnics, 3);
	assert_int_equal(app.work.profile, PROFILE_SERVER);
	assert_true(on_screen("warning: eth0 is on default switch default,"));
	assert_false(on_screen("eth1 is on"));
	app_key(&app, 'n' & 0x1f);		/* eth0's step is next */
	assert_int_equal(app.cur, SCR_SWITCH);
	assert_int_equal(app.work.switches[0].type, SWITCH_INTERNAL);
}

/* Long words in a step's note, its error and the headline: lines break
 * between words, never inside one (before: "virDomainDetachDeviceFlag"
 * then "s)" on the next line); a path longer than a line breaks after a
 * '/', and a word with no '/' that is longer than a line ends its line
 * in '\'. */
static void test_progress_words(void **state)
{
	char *f;

	(void)state;
	model_rows(2);
	au.stage = AUI_ROLLED_BACK;
	au.why = AUI_WHY_FAILED;
	au.rows[0].state = APPLY_STEP_UNDONE;
	snprintf(au.rows[0].note, sizeof(au.rows[0].note), "not supported by "
		 "this connection driver: virDomainDetachDeviceFlags; checksum "
		 "7ba96f2100113b7e0a9c41d2e5f607182931a4b5c7ba96f2100113b7e0a9"
		 "c41d2e5f6071829 kept");
	au.rows[1].state = APPLY_STEP_UNDONE;
	snprintf(au.rows[1].error, sizeof(au.rows[1].error), "this function "
		 "is not supported by the connection driver: "
		 "virDomainAttachDeviceFlags (writing /tmp/edgenet-demo.Xk2Pq9/"
		 "seeds/edge-vm/seed-7ba96f2100113b7e.iso)");
	snprintf(au.error, sizeof(au.error), "step 2 failed: the seed "
		 "/var/lib/edgenet/seeds/edge-vm-production-line-3/"
		 "seed-7ba96f2100113b7e0a9c41d2e5f60718293a4b5c.iso was refused");
	app_goto(&app, SCR_APPLY);
	golden("apply_words");
	f = golden_frame(&app, ROWS, COLS_);
	golden_assert_whole(f, "driver: virDomainDetachDeviceFlags; checksum");
	golden_assert_whole(f, "seed-7ba96f2100113b7e0a9c41d2e5f60718293a4b5c"
			       ".iso was refused");
	/* the word with no '/' longer than a line: split, and marked */
	assert_non_null(strstr(f, "\\\n"));
	assert_non_null(strstr(f, "c41d2e5f6071829 kept"));
	free(f);
	/* step 2, further down */
	app_key(&app, KEY_NPAGE);
	f = golden_frame(&app, ROWS, COLS_);
	golden_assert_whole(f, "driver: virDomainAttachDeviceFlags (writing");
	golden_assert_whole(f, "seed-7ba96f2100113b7e.iso)");
	/* the state word too long for its column stands on its own line */
	assert_non_null(strstr(f, "2. failed, rolled back "));
	assert_non_null(strstr(f, "\n                     Remove the NIC "));
	free(f);
}

/* The last two rows of the frame (the footer), malloc'ed. */
static char *footer_rows(void)
{
	char *f = golden_frame(&app, ROWS, COLS_), *end, *at;
	int nl = 0;

	assert_non_null(f);
	end = f + strlen(f);
	for (at = end; at > f; at--)
		if (at[-1] == '\n' && ++nl == 3)
			break;
	memmove(f, at, (size_t)(end - at) + 1);
	return f;
}

/* While Save's overwrite question waits, the footer names its keys (y,
 * n, Esc keeps the file) and no key the question swallows (before: it
 * stayed "Enter select  Esc back  F1 ? help  F10 ^X q quit"); answered,
 * the review's own footer is back. */
static void test_save_question_footer(void **state)
{
	char path[4200], *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/plan.cfg", state_dir);
	golden_write_file(path, "version = 1;\nvm = \"other-vm\";\n");
	ui_copy(app.plan_path, sizeof(app.plan_path), path);
	app_goto(&app, SCR_REVIEW);
	f = footer_rows();
	assert_non_null(strstr(f, "Enter select"));
	free(f);
	app_key(&app, '\n');	/* Save is focused */
	assert_true(on_screen("Overwrite it?"));
	f = footer_rows();
	assert_non_null(strstr(f, "y overwrite  n keep the file"));
	assert_non_null(strstr(f, "Esc keep the file"));
	assert_non_null(strstr(f, "F1 help"));
	assert_non_null(strstr(f, "F10 ^X quit"));
	assert_null(strstr(f, "Enter select"));
	assert_null(strstr(f, "Tab "));
	assert_null(strstr(f, "F5 ^P diag"));	/* the question first */
	assert_null(strstr(f, " q quit"));
	assert_null(strstr(f, "F1 ?"));
	free(f);
	/* q and Enter do nothing while it asks */
	app_key(&app, 'q');
	assert_false(app.done);
	assert_false(app.asking_quit);
	app_key(&app, 'n');
	f = footer_rows();
	assert_null(strstr(f, "y overwrite"));
	assert_non_null(strstr(f, "Enter select"));
	free(f);
	unlink(path);
}

#define T(f) cmocka_unit_test_setup_teardown(f, test_setup, test_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_progress_running),
		T(test_progress_countdown),
		T(test_progress_failed_fixed),
		T(test_progress_incomplete),
		T(test_review_preview),
		T(test_apply_keep),
		T(test_apply_refuse),
		T(test_apply_timeout),
		T(test_apply_fault),
		T(test_close_during_countdown),
		T(test_preview_stale),
		T(test_nothing_to_do),
		T(test_no_backend),
		T(test_preflight_refuses),
		T(test_confirm_timeout_setting),
		T(test_open_deployment),
		T(test_pending_compare),
		T(test_after_apply_pending),
		T(test_restart),
		T(test_restart_start_fails),
		T(test_close_during_restart),
		T(test_seed_waits_for_boot),
		T(test_home_many_networks),
		T(test_save_asks),
		T(test_deployed_profile_conflict),
		T(test_deployed_profile_most_nics),
		T(test_progress_words),
		T(test_libvirt_down),
		T(test_save_question_footer),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
