/*
 * test_apply_txn.c - the apply transaction (src/core/apply_txn.c) and its
 * journal (src/core/journal.c) with fake ops: a "host" that is one file
 * with one character per step ('0' before, '1' after), so that a child
 * process killed with SIGKILL leaves it behind like a real host would.
 *
 * Checks the order of do / verify / undo, the journal's content at each
 * moment, every fault point (EDGENET_FAULT), rollback that cannot undo,
 * kill -9 after every step and during a rollback (EDGENET_CRASH_*), the
 * recovery decision (roll back, or finish when only verification was
 * left), and the journal's file format round trip.  Pure: files in a
 * temporary directory only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "core/apply_txn.h"
#include "core/fileio.h"
#include "core/journal.h"

#define NSTEPS 5

struct fake {
	char dir[PATH_MAX];
	char host[PATH_MAX + 16];
	char log[1024];		/* "d0 c0 d1 ..." */
	int fail_do;		/* step index whose do fails, -1 none */
	int fail_undo;
	bool check_journal;	/* do: the journal must say "doing" */
};

static void host_write(struct fake *f, const char *s)
{
	char err[256];

	assert_int_equal(fileio_write_atomic(f->host, s, strlen(s), 0600, err,
					     sizeof(err)), 0);
}

static void host_read(struct fake *f, char *out)
{
	char err[256];
	size_t len;
	char *t = fileio_read_all(f->host, 64, &len, err, sizeof(err));

	assert_non_null(t);
	snprintf(out, NSTEPS + 1, "%s", t);
	free(t);
}

static int idx(const struct apply_step *s)
{
	return atoi(s->object + 1);
}

static void logf_(struct fake *f, char what, int i)
{
	snprintf(f->log + strlen(f->log), sizeof(f->log) - strlen(f->log),
		 "%s%c%d", f->log[0] ? " " : "", what, i);
}

static void set_host(struct fake *f, int i, char v)
{
	char h[NSTEPS + 1];

	host_read(f, h);
	h[i] = v;
	host_write(f, h);
}

static int f_do(void *ctx, const struct apply_step *s, struct apply_run *out,
		char *err, size_t errlen)
{
	struct fake *f = ctx;
	int i = idx(s);

	logf_(f, 'd', i);
	if (f->check_journal) {
		char p[PATH_MAX + 32];
		struct journal j;

		snprintf(p, sizeof(p), "%s/%s", f->dir, JOURNAL_FILE);
		assert_int_equal(journal_read(p, &j, err, errlen), 1);
		assert_int_equal(j.run[i].state, APPLY_STEP_DOING);
		assert_int_equal(j.phase, APPLY_PHASE_APPLYING);
		journal_free(&j);
	}
	if (i == f->fail_do) {
		snprintf(err, errlen, "fake failure of step %d", i);
		return -1;
	}
	set_host(f, i, '1');
	if (i == 2)
		snprintf(out->note, sizeof(out->note), "takes effect later");
	return 0;
}

static int f_check(void *ctx, const struct apply_step *s,
		   const struct apply_run *run, bool after, char *err,
		   size_t errlen)
{
	struct fake *f = ctx;
	char h[NSTEPS + 1];
	int i = idx(s);

	(void)run;
	logf_(f, after ? 'c' : 'b', i);
	host_read(f, h);
	if (h[i] != (after ? '1' : '0')) {
		snprintf(err, errlen, "step %d is %c", i, h[i]);
		return -1;
	}
	return 0;
}

static int f_undo(void *ctx, const struct apply_step *s,
		  const struct apply_run *run, char *err, size_t errlen)
{
	struct fake *f = ctx;
	int i = idx(s);

	(void)run;
	logf_(f, 'u', i);
	if (i == f->fail_undo) {
		snprintf(err, errlen, "fake undo failure of step %d", i);
		return -1;
	}
	set_host(f, i, '0');
	return 0;
}

static void make_steps(struct apply_steps *st)
{
	char name[8];
	int i;

	apply_steps_init(st);
	snprintf(st->domain, sizeof(st->domain), "vm");
	for (i = 0; i < NSTEPS; i++) {
		struct apply_step *s;

		snprintf(name, sizeof(name), "s%d", i);
		s = apply_steps_add(st, APPLY_NET_START, name);
		assert_non_null(s);
		snprintf(s->text, sizeof(s->text), "do %d", i);
		snprintf(s->undo_text, sizeof(s->undo_text), "undo %d", i);
	}
}

/* The test hooks as the program passes them down from its environment
 * (main.c: $EDGENET_FAULT, $EDGENET_CRASH_*). */
static struct apply_faults hooks;

static int setup(void **state)
{
	struct fake *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/edgenet-txn-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->host, sizeof(f->host), "%s/host", f->dir);
	host_write(f, "00000");
	f->fail_do = f->fail_undo = -1;
	memset(&hooks, 0, sizeof(hooks));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fake *f = *state;
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	memset(&hooks, 0, sizeof(hooks));
	free(f);
	return 0;
}

static void ops_of(struct fake *f, struct apply_ops *ops)
{
	ops->do_step = f_do;
	ops->check = f_check;
	ops->undo_step = f_undo;
	ops->ctx = f;
}

static void set_hook(const char *name, const char *value)
{
	apply_faults_parse(&hooks,
			   strcmp(name, "EDGENET_FAULT") == 0 ? value : NULL,
			   strcmp(name, "EDGENET_CRASH_AFTER_STEP") == 0 ?
			   value : NULL,
			   strcmp(name, "EDGENET_CRASH_AFTER_UNDO") == 0 ?
			   value : NULL,
			   strcmp(name, "EDGENET_CRASH_AT") == 0 ? value : NULL);
}

static struct apply_txn *start(struct fake *f)
{
	struct apply_steps st;
	struct apply_ops ops;
	struct apply_txn *t;
	char err[512];

	make_steps(&st);
	ops_of(f, &ops);
	t = apply_txn_new(&st, &ops, f->dir, "test:///x", "version = 1;\n",
			  &hooks, err, sizeof(err));
	if (!t)
		fail_msg("apply_txn_new: %s", err);
	assert_int_equal(st.count, 0);	/* taken over */
	return t;
}

static bool exists(const struct fake *f, const char *name)
{
	char p[PATH_MAX + 32];

	snprintf(p, sizeof(p), "%s/%s", f->dir, name);
	return access(p, F_OK) == 0;
}

static enum apply_result run_all(struct apply_txn *t)
{
	enum apply_result r;

	while ((r = apply_txn_step(t)) == APPLY_MORE)
		;
	return r;
}

/* ---------------------------------------------------------------- */

static void test_all_steps_commit(void **state)
{
	struct fake *f = *state;
	struct apply_txn *t;
	char h[NSTEPS + 1], *rep;

	f->check_journal = true;
	t = start(f);
	assert_true(exists(f, JOURNAL_FILE));
	assert_int_equal(apply_txn_count(t), NSTEPS);
	assert_int_equal(run_all(t), APPLY_READY);
	assert_int_equal(apply_txn_phase(t), APPLY_PHASE_CONFIRMING);
	assert_string_equal(f->log, "d0 c0 d1 c1 d2 c2 d3 c3 d4 c4 "
			    "c0 c1 c2 c3 c4");
	assert_int_equal(apply_txn_commit(t), APPLY_COMMITTED);
	assert_false(exists(f, JOURNAL_FILE));
	assert_true(exists(f, JOURNAL_APPLIED_FILE));
	host_read(f, h);
	assert_string_equal(h, "11111");
	rep = apply_txn_report(t);
	assert_non_null(strstr(rep, "   3. done: do 2\n      note: takes "
			       "effect later"));
	free(rep);
	/* Nothing more to do: the step call says so. */
	assert_int_equal(apply_txn_step(t), APPLY_FAILED);
	apply_txn_free(t);
}

static void test_not_confirmed_rolls_back(void **state)
{
	struct fake *f = *state;
	struct apply_txn *t;
	enum apply_result r;
	char h[NSTEPS + 1];
	int n = 0;

	t = start(f);
	assert_int_equal(run_all(t), APPLY_READY);
	f->log[0] = '\0';
	while ((r = apply_txn_rollback_step(t)) == APPLY_MORE)
		n++;
	assert_int_equal(r, APPLY_ROLLED_BACK);
	assert_int_equal(n, NSTEPS);
	assert_string_equal(f->log, "u4 b4 u3 b3 u2 b2 u1 b1 u0 b0");
	host_read(f, h);
	assert_string_equal(h, "00000");
	assert_false(exists(f, JOURNAL_FILE));
	assert_false(exists(f, JOURNAL_APPLIED_FILE));
	assert_int_equal(apply_txn_commit(t), APPLY_FAILED);
	apply_txn_free(t);
}

/* Every step fails in turn, in its do and in its verify phase. */
static void test_fault_each_step(void **state)
{
	struct fake *f = *state;
	struct apply_txn *t;
	char h[NSTEPS + 1], fault[64], want[128], *rep;
	int k, ph, j;

	for (k = 0; k < NSTEPS; k++) {
		for (ph = 0; ph < 2; ph++) {
			snprintf(fault, sizeof(fault), "step=%d,phase=%s",
				 k + 1, ph ? "verify" : "do");
			set_hook("EDGENET_FAULT", fault);
			f->log[0] = '\0';
			t = start(f);
			assert_int_equal(run_all(t), APPLY_FAILED);
			assert_int_equal(apply_txn_phase(t), APPLY_PHASE_FAILED);
			assert_non_null(strstr(apply_txn_error(t),
					       "injected fault"));
			assert_int_equal(apply_txn_done_count(t), k);
			f->log[0] = '\0';
			assert_int_equal(apply_txn_rollback(t),
					 APPLY_ROLLED_BACK);
			/* The failed step is undone too (it may be half
			 * done), then the others in reverse. */
			want[0] = '\0';
			for (j = k; j >= 0; j--)
				snprintf(want + strlen(want),
					 sizeof(want) - strlen(want),
					 "%su%d b%d", j == k ? "" : " ", j, j);
			assert_string_equal(f->log, want);
			host_read(f, h);
			assert_string_equal(h, "00000");
			assert_false(exists(f, JOURNAL_FILE));
			rep = apply_txn_report(t);
			assert_non_null(strstr(rep, "FAILED, rolled back"));
			free(rep);
			apply_txn_free(t);
		}
	}
	/* "*" is every step. */
	set_hook("EDGENET_FAULT", "step=*,phase=do");
	t = start(f);
	assert_int_equal(run_all(t), APPLY_FAILED);
	assert_int_equal(apply_txn_done_count(t), 0);
	assert_int_equal(apply_txn_rollback(t), APPLY_ROLLED_BACK);
	apply_txn_free(t);
}

static void test_real_failure_message(void **state)
{
	struct fake *f = *state;
	struct apply_txn *t;
	char *rep;

	f->fail_do = 3;
	t = start(f);
	assert_int_equal(run_all(t), APPLY_FAILED);
	assert_non_null(strstr(apply_txn_error(t), "step 4 (do 3) failed: "
			       "fake failure of step 3"));
	assert_int_equal(apply_txn_rollback(t), APPLY_ROLLED_BACK);
	rep = apply_txn_report(t);
	assert_non_null(strstr(rep, "   4. FAILED, rolled back: do 3 (undo 3)"
			       "\n      why: fake failure of step 3"));
	assert_non_null(strstr(rep, "   5. not started: do 4"));
	free(rep);
	apply_txn_free(t);
}

/* An undo that fails: the rollback goes on, says what is left, keeps the
 * journal; the next start tries again and succeeds. */
static void test_undo_failure_then_recover(void **state)
{
	struct fake *f = *state;
	struct apply_ops ops;
	struct apply_txn *t;
	char h[NSTEPS + 1], *rep, *msg;

	set_hook("EDGENET_FAULT", "step=2,phase=undo");
	t = start(f);
	assert_int_equal(run_all(t), APPLY_READY);
	assert_int_equal(apply_txn_rollback(t), APPLY_ROLLBACK_INCOMPLETE);
	host_read(f, h);
	assert_string_equal(h, "01000");
	assert_true(exists(f, JOURNAL_FILE));
	rep = apply_txn_report(t);
	assert_non_null(strstr(rep, "   2. NOT ROLLED BACK: do 1\n"
			       "      why: undo failed: injected fault"));
	assert_non_null(strstr(rep, "to do by hand: undo 1"));
	free(rep);
	apply_txn_free(t);
	memset(&hooks, 0, sizeof(hooks));
	ops_of(f, &ops);
	assert_int_equal(apply_txn_recover(f->dir, &ops, NULL, &msg),
			 APPLY_RECOVERY_ROLLED_BACK);
	assert_non_null(strstr(msg, "ROLLED BACK"));
	free(msg);
	host_read(f, h);
	assert_string_equal(h, "00000");
	assert_false(exists(f, JOURNAL_FILE));
}

/* Runs the whole apply in a child with the hook ENV=VALUE set; the child
 * must be killed by SIGKILL. */
static void crash_child(struct fake *f, const char *env, const char *value,
			bool rollback)
{
	pid_t pid;
	int st;

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct apply_txn *t;

		set_hook(env, value);
		t = start(f);
		if (run_all(t) == APPLY_READY && rollback)
			apply_txn_rollback(t);
		_exit(0);	/* not killed: the parent sees it */
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGKILL);
}

static void test_kill_after_each_step(void **state)
{
	struct fake *f = *state;
	struct apply_ops ops;
	struct journal j;
	char h[NSTEPS + 1], v[8], p[PATH_MAX + 32], err[256], uri[64], *msg;
	int k;

	ops_of(f, &ops);
	snprintf(p, sizeof(p), "%s/%s", f->dir, JOURNAL_FILE);
	for (k = 1; k <= NSTEPS; k++) {
		snprintf(v, sizeof(v), "%d", k);
		crash_child(f, "EDGENET_CRASH_AFTER_STEP", v, false);
		host_read(f, h);
		assert_int_equal((int)strspn(h, "1"), k);
		assert_int_equal(apply_txn_pending(f->dir, uri, sizeof(uri),
						   err, sizeof(err)), 1);
		assert_string_equal(uri, "test:///x");
		assert_int_equal(journal_read(p, &j, err, sizeof(err)), 1);
		assert_int_equal(j.run[k - 1].state, APPLY_STEP_DONE);
		assert_int_equal(journal_decide(&j), k < NSTEPS ?
				 JOURNAL_ROLL_BACK : JOURNAL_FINISH);
		journal_free(&j);
		if (k < NSTEPS) {
			assert_int_equal(apply_txn_recover(f->dir, &ops, NULL,
							   &msg),
					 APPLY_RECOVERY_ROLLED_BACK);
			assert_non_null(strstr(msg, "ROLLED BACK (it had "
					       "stopped while applying)"));
			host_read(f, h);
			assert_string_equal(h, "00000");
		} else {
			assert_int_equal(apply_txn_recover(f->dir, &ops, NULL,
							   &msg),
					 APPLY_RECOVERY_FINISHED);
			assert_non_null(strstr(msg, "FINISHED"));
			host_read(f, h);
			assert_string_equal(h, "11111");
			assert_true(exists(f, JOURNAL_APPLIED_FILE));
		}
		free(msg);
		assert_false(exists(f, JOURNAL_FILE));
		host_write(f, "00000");
	}
}

static void test_kill_while_confirming_or_rolling_back(void **state)
{
	struct fake *f = *state;
	struct apply_ops ops;
	char h[NSTEPS + 1], *msg;

	ops_of(f, &ops);
	crash_child(f, "EDGENET_CRASH_AT", "confirm", false);
	host_read(f, h);
	assert_string_equal(h, "11111");
	assert_int_equal(apply_txn_recover(f->dir, &ops, NULL, &msg),
			 APPLY_RECOVERY_ROLLED_BACK);
	assert_non_null(strstr(msg, "stopped while confirming"));
	free(msg);
	host_read(f, h);
	assert_string_equal(h, "00000");

	/* Killed after two undos of a rollback: the rest is undone at the
	 * next start, the two already undone are not undone again. */
	crash_child(f, "EDGENET_CRASH_AFTER_UNDO", "2", true);
	host_read(f, h);
	assert_string_equal(h, "11100");
	f->log[0] = '\0';
	assert_int_equal(apply_txn_recover(f->dir, &ops, NULL, &msg),
			 APPLY_RECOVERY_ROLLED_BACK);
	free(msg);
	assert_string_equal(f->log, "u2 b2 u1 b1 u0 b0");
	host_read(f, h);
	assert_string_equal(h, "00000");
}

static void test_journal_guards(void **state)
{
	struct fake *f = *state;
	struct apply_steps st;
	struct apply_ops ops;
	struct apply_txn *t;
	char p[PATH_MAX + 32], err[512], uri[64], *msg;

	ops_of(f, &ops);
	/* No journal: nothing pending, nothing to recover. */
	assert_int_equal(apply_txn_pending(f->dir, uri, sizeof(uri), err,
					   sizeof(err)), 0);
	assert_int_equal(apply_txn_recover(f->dir, &ops, NULL, &msg),
			 APPLY_RECOVERY_NONE);
	assert_null(msg);
	/* A journal left: a new apply is refused. */
	t = start(f);
	make_steps(&st);
	assert_null(apply_txn_new(&st, &ops, f->dir, "u", NULL, NULL, err,
				  sizeof(err)));
	assert_non_null(strstr(err, "recovered first"));
	assert_int_equal(st.count, NSTEPS);	/* not taken */
	apply_steps_free(&st);
	apply_txn_free(t);
	/* A damaged journal: said so, left alone. */
	snprintf(p, sizeof(p), "%s/%s", f->dir, JOURNAL_FILE);
	assert_int_equal(fileio_write_atomic(p, "version = 1; steps = (",
					     22, 0600, err, sizeof(err)), 0);
	assert_int_equal(apply_txn_recover(f->dir, &ops, NULL, &msg),
			 APPLY_RECOVERY_FAILED);
	assert_non_null(strstr(msg, "damaged"));
	free(msg);
	assert_true(exists(f, JOURNAL_FILE));
	assert_int_equal(fileio_write_atomic(p, "version = 7;\n", 13, 0600, err,
					     sizeof(err)), 0);
	assert_int_equal(apply_txn_pending(f->dir, uri, sizeof(uri), err,
					   sizeof(err)), -1);
	assert_non_null(strstr(err, "version 7"));
}

static void test_journal_round_trip(void **state)
{
	struct fake *f = *state;
	struct journal j, r;
	struct apply_step *s;
	char p[PATH_MAX + 32], err[512];
	static const char xml[] = "<network>\n  <name>a&amp;b \"q\" 'x'"
		"</name>\n\t\\back\\slash\x01</network>\n";

	snprintf(p, sizeof(p), "%s/j", f->dir);
	memset(&j, 0, sizeof(j));
	snprintf(j.uri, sizeof(j.uri), "qemu+ssh://root@h/system?x=\"1\"");
	snprintf(j.domain, sizeof(j.domain), "edge-vm");
	j.phase = APPLY_PHASE_CONFIRMING;
	j.plan_text = strdup("version = 1;\nvm = \"edge-vm\";\n");
	apply_steps_init(&j.steps);
	s = apply_steps_add(&j.steps, APPLY_NET_REDEFINE, "net1");
	s->before = strdup(xml);
	s->after = strdup("<network/>");
	s->was_active = true;
	snprintf(s->text, sizeof(s->text), "Change \"net1\"");
	s = apply_steps_add(&j.steps, APPLY_LINK_BRIDGE, "br0");
	snprintf(s->link.uplink, sizeof(s->link.uplink), "enp2s0");
	snprintf(s->link.bridge, sizeof(s->link.bridge), "br0");
	s->link.uplink_exists = true;
	snprintf(s->link.addrs[0], sizeof(s->link.addrs[0]), "10.0.0.5/24");
	s->link.naddrs = 1;
	snprintf(s->link.routes[0].gateway, sizeof(s->link.routes[0].gateway),
		 "10.0.0.1");
	s->link.routes[0].metric = 4294967295u;
	s->link.nroutes = 1;
	s = apply_steps_add(&j.steps, APPLY_DOM_NIC_ADD, "edge-vm");
	snprintf(s->mac, sizeof(s->mac), "52:54:00:00:00:01");
	s->iface_after = strdup("<interface type='network'/>");
	s->live = true;
	j.run = calloc(3, sizeof(*j.run));
	j.run[0].state = APPLY_STEP_DONE;
	j.run[1].state = APPLY_STEP_UNDO_FAILED;
	snprintf(j.run[1].error, sizeof(j.run[1].error), "why\nnot");
	j.run[2].state = APPLY_STEP_DOING;
	j.run[2].live_done = true;
	snprintf(j.run[2].note, sizeof(j.run[2].note), "later");
	assert_int_equal(journal_write(p, &j, err, sizeof(err)), 0);
	assert_int_equal(journal_read(p, &r, err, sizeof(err)), 1);
	assert_string_equal(r.uri, j.uri);
	assert_string_equal(r.domain, "edge-vm");
	assert_int_equal(r.phase, APPLY_PHASE_CONFIRMING);
	assert_string_equal(r.plan_text, j.plan_text);
	assert_int_equal(r.steps.count, 3);
	assert_int_equal(r.steps.items[0].kind, APPLY_NET_REDEFINE);
	assert_string_equal(r.steps.items[0].before, xml);
	assert_string_equal(r.steps.items[0].after, "<network/>");
	assert_null(r.steps.items[0].iface_before);
	assert_true(r.steps.items[0].was_active);
	assert_string_equal(r.steps.items[0].text, "Change \"net1\"");
	assert_string_equal(r.steps.items[1].link.uplink, "enp2s0");
	assert_string_equal(r.steps.items[1].link.addrs[0], "10.0.0.5/24");
	assert_int_equal(r.steps.items[1].link.routes[0].metric, 4294967295u);
	assert_true(r.steps.items[1].link.uplink_exists);
	assert_string_equal(r.steps.items[2].mac, "52:54:00:00:00:01");
	assert_true(r.steps.items[2].live);
	assert_int_equal(r.run[1].state, APPLY_STEP_UNDO_FAILED);
	assert_string_equal(r.run[1].error, "why\nnot");
	assert_true(r.run[2].live_done);
	assert_string_equal(r.run[2].note, "later");
	assert_int_equal(journal_decide(&r), JOURNAL_ROLL_BACK);
	r.phase = APPLY_PHASE_COMMITTED;
	assert_int_equal(journal_decide(&r), JOURNAL_NOTHING);
	r.phase = APPLY_PHASE_VERIFYING;
	assert_int_equal(journal_decide(&r), JOURNAL_ROLL_BACK);
	r.run[1].state = r.run[2].state = APPLY_STEP_DONE;
	assert_int_equal(journal_decide(&r), JOURNAL_FINISH);
	journal_free(&r);
	journal_free(&j);
	assert_int_equal(journal_read("/nonexistent/j", &r, err, sizeof(err)),
			 0);
}

/* TEXT with the first FROM replaced by TO, into OUT. */
static void replace_once(const char *text, const char *from, const char *to,
			 char *out, size_t len)
{
	const char *at = strstr(text, from);

	assert_non_null(at);
	snprintf(out, len, "%.*s%s%s", (int)(at - text), text, to,
		 at + strlen(from));
}

/* The journal's integers (its version, a route's metric) in every form
 * a number can be written in: read exactly, or the journal is refused as
 * damaged -- never a number libconfig wrapped (4294967301 read as 5). */
static void test_journal_integer_forms(void **state)
{
	struct fake *f = *state;
	static const struct {
		const char *text;
		int ok;			/* 1 read, 0 refused */
		long long metric;	/* when read */
	} metrics[] = {
		{ "4294967295", 1, 4294967295LL }, { "4294967295L", 1, 4294967295LL },
		{ "+5", 1, 5 }, { "5", 1, 5 }, { "0", 1, 0 },
		{ "4294967301", 0, 0 }, { "/* c */ 4294967301", 0, 0 },
		{ "\n4294967301", 0, 0 }, { "4294967301L", 0, 0 },
		{ "-5", 0, 0 }, { "-4294967291", 0, 0 }, { "0x5", 0, 0 },
		{ "0xFFFFFFFF", 0, 0 }, { "99999999999999999999", 0, 0 },
		{ "18446744073709551621", 0, 0 },
	};
	static const struct {
		const char *text;
		int ok;
	} versions[] = {
		{ "1", 1 }, { "1L", 1 }, { "+1", 1 }, { "/* c */\n1", 1 },
		{ "4294967297", 0 }, { "/* c */ 4294967297", 0 },
		{ "\n4294967297", 0 }, { "0x1", 0 }, { "-1", 0 },
		{ "18446744073709551617", 0 }, { "99999999999999999999", 0 },
	};
	struct journal j, r;
	struct apply_step *s;
	char p[PATH_MAX + 32], err[512], *text, edited[8192];
	size_t len;

	snprintf(p, sizeof(p), "%s/j", f->dir);
	memset(&j, 0, sizeof(j));
	snprintf(j.domain, sizeof(j.domain), "edge-vm");
	j.phase = APPLY_PHASE_CONFIRMING;
	apply_steps_init(&j.steps);
	s = apply_steps_add(&j.steps, APPLY_LINK_BRIDGE, "br0");
	snprintf(s->link.uplink, sizeof(s->link.uplink), "enp2s0");
	snprintf(s->link.bridge, sizeof(s->link.bridge), "br0");
	snprintf(s->link.routes[0].gateway, sizeof(s->link.routes[0].gateway),
		 "10.0.0.1");
	s->link.routes[0].metric = 7;
	s->link.nroutes = 1;
	j.run = calloc(1, sizeof(*j.run));
	assert_int_equal(journal_write(p, &j, err, sizeof(err)), 0);
	journal_free(&j);
	text = fileio_read_all(p, 1 << 20, &len, err, sizeof(err));
	assert_non_null(text);

	for (size_t i = 0; i < sizeof(metrics) / sizeof(metrics[0]); i++) {
		char to[128];

		snprintf(to, sizeof(to), "metric = %s;", metrics[i].text);
		replace_once(text, "metric = 7L;", to, edited, sizeof(edited));
		assert_int_equal(fileio_write_atomic(p, edited, strlen(edited),
						     0600, err, sizeof(err)), 0);
		if (metrics[i].ok) {
			if (journal_read(p, &r, err, sizeof(err)) != 1)
				fail_msg("metric = %s: refused: %s",
					 metrics[i].text, err);
			assert_true(r.steps.items[0].link.routes[0].metric ==
				    (unsigned long long)metrics[i].metric);
			journal_free(&r);
		} else if (journal_read(p, &r, err, sizeof(err)) != -1) {
			fail_msg("metric = %s: read as %u", metrics[i].text,
				 r.steps.items[0].link.routes[0].metric);
		} else {
			assert_non_null(strstr(err, "damaged"));
		}
	}
	for (size_t i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
		char to[128];

		snprintf(to, sizeof(to), "version = %s;", versions[i].text);
		replace_once(text, "version = 1L;", to, edited, sizeof(edited));
		assert_int_equal(fileio_write_atomic(p, edited, strlen(edited),
						     0600, err, sizeof(err)), 0);
		if (journal_read(p, &r, err, sizeof(err)) != (versions[i].ok ?
							      1 : -1))
			fail_msg("version = %s: %s", versions[i].text,
				 versions[i].ok ? err : "accepted");
		if (versions[i].ok)
			journal_free(&r);
		else
			assert_non_null(strstr(err, "version"));
	}
	/* An include directive is refused with its line, before libconfig
	 * would open the file it names. */
	replace_once(text, "steps", "@include \"/etc/hostname\"\nsteps", edited,
		     sizeof(edited));
	assert_int_equal(fileio_write_atomic(p, edited, strlen(edited), 0600,
					     err, sizeof(err)), 0);
	assert_int_equal(journal_read(p, &r, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "@include"));
	free(text);
	/* A FIFO in its place is refused at once, never waited on. */
	alarm(10);
	assert_int_equal(unlink(p), 0);
	assert_int_equal(mkfifo(p, 0600), 0);
	assert_int_equal(journal_read(p, &r, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "named pipe (FIFO)"));
	assert_int_equal(unlink(p), 0);
	alarm(0);
}

static void test_empty_plan(void **state)
{
	struct fake *f = *state;
	struct apply_steps st;
	struct apply_ops ops;
	struct apply_txn *t;
	char err[256];

	apply_steps_init(&st);
	ops_of(f, &ops);
	t = apply_txn_new(&st, &ops, f->dir, "u", NULL, NULL, err,
			  sizeof(err));
	assert_non_null(t);
	assert_int_equal(apply_txn_step(t), APPLY_READY);
	assert_int_equal(apply_txn_commit(t), APPLY_COMMITTED);
	assert_false(exists(f, JOURNAL_FILE));
	apply_txn_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_all_steps_commit, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_not_confirmed_rolls_back,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_fault_each_step, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_real_failure_message, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_undo_failure_then_recover,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_kill_after_each_step, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_kill_while_confirming_or_rolling_back, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_journal_guards, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_journal_round_trip, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_journal_integer_forms,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_plan, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
