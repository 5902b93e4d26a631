/*
 * test_apply_json.c - the document of `edgenet apply --json`
 * (src/core/apply_json.c) written from a real transaction (apply_txn.c,
 * its journal in a temporary directory) driven through fake ops that keep
 * the "host" in memory, then parsed with json-c and read value by value:
 * a success, a failing step with its rollback, a rollback that could not
 * undo a step (the failing step's own error kept beside its undo's), not
 * confirmed in time, a dry run (the planned steps, their before/after and
 * diff), and check's and the host's diagnostics kept apart.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <json-c/json.h>

#include "core/apply_json.h"
#include "core/apply_txn.h"
#include "core/journal.h"

#define NSTEPS 3

struct fake {
	bool on[NSTEPS];	/* the host: each step's object in place */
	int fail_do;		/* step index whose do fails, -1 none */
	int fail_undo;
};

static int idx(const struct apply_step *s)
{
	return s->object[strlen(s->object) - 1] - '0';
}

static int f_do(void *ctx, const struct apply_step *s, struct apply_run *out,
		char *err, size_t errlen)
{
	struct fake *f = ctx;

	if (idx(s) == f->fail_do) {
		snprintf(err, errlen, "the host said no to %s", s->object);
		return -1;
	}
	f->on[idx(s)] = true;
	if (idx(s) == 1)
		snprintf(out->note, sizeof(out->note), "takes effect later");
	return 0;
}

static int f_check(void *ctx, const struct apply_step *s,
		   const struct apply_run *run, bool after, char *err,
		   size_t errlen)
{
	struct fake *f = ctx;

	(void)run;
	if (f->on[idx(s)] != after) {
		snprintf(err, errlen, "%s is not as expected", s->object);
		return -1;
	}
	return 0;
}

static int f_undo(void *ctx, const struct apply_step *s,
		  const struct apply_run *run, char *err, size_t errlen)
{
	struct fake *f = ctx;

	(void)run;
	if (idx(s) == f->fail_undo) {
		snprintf(err, errlen, "%s would not go", s->object);
		return -1;
	}
	f->on[idx(s)] = false;
	return 0;
}

/* Three steps: a network defined, a DHCP host entry in it, a NIC. */
static void make_steps(struct apply_steps *st)
{
	struct apply_step *s;

	apply_steps_init(st);
	snprintf(st->domain, sizeof(st->domain), "edge-vm");
	s = apply_steps_add(st, APPLY_NET_DEFINE, "net0");
	assert_non_null(s);
	snprintf(s->text, sizeof(s->text), "Define network net0");
	snprintf(s->undo_text, sizeof(s->undo_text), "Undefine network net0");
	s->after = strdup("<network>\n  <name>net0</name>\n</network>\n");
	s = apply_steps_add(st, APPLY_NET_DHCP_HOST, "net1");
	assert_non_null(s);
	snprintf(s->text, sizeof(s->text), "Reserve 10.77.0.10");
	snprintf(s->undo_text, sizeof(s->undo_text), "Remove the entry");
	snprintf(s->mac, sizeof(s->mac), "52:54:00:e4:00:01");
	snprintf(s->ip_after, sizeof(s->ip_after), "10.77.0.10");
	snprintf(s->nic, sizeof(s->nic), "eth0");
	s = apply_steps_add(st, APPLY_DOM_NIC_ADD, "vm2");
	assert_non_null(s);
	snprintf(s->text, sizeof(s->text), "Add NIC eth1");
	snprintf(s->undo_text, sizeof(s->undo_text), "Remove NIC eth1");
	snprintf(s->nic, sizeof(s->nic), "eth1");
	snprintf(s->mac, sizeof(s->mac), "52:54:00:e4:00:02");
	s->iface_after = strdup("<interface type='network'/>");
}

struct world {
	char dir[64];
	struct fake f;
	struct apply_ops ops;
	struct apply_faults faults;
	struct apply_txn *t;
	struct diag_list d;
	struct apply_json_input in;
	json_object *doc;
};

static void world_init(struct world *w, int fail_do, int fail_undo,
		       const struct apply_faults *faults)
{
	struct apply_steps st;
	char err[256];

	memset(w, 0, sizeof(*w));
	snprintf(w->dir, sizeof(w->dir), "/tmp/test_apply_json.XXXXXX");
	assert_non_null(mkdtemp(w->dir));
	w->f.fail_do = fail_do;
	w->f.fail_undo = fail_undo;
	if (faults)
		w->faults = *faults;
	w->ops = (struct apply_ops){ f_do, f_check, f_undo, &w->f };
	make_steps(&st);
	diag_list_init(&w->d);
	diag_add_line(&w->d, DIAG_WARNING, "nics[0].dns", 12, "%s",
		      "a static NIC without DNS");
	diag_add(&w->d, DIAG_WARNING, "vm", "%s", "the VM runs");
	w->in.version = "9.9";
	w->in.plan_file = "plan.cfg";
	w->in.uri = "test:///default";
	w->in.domain = "edge-vm";
	w->in.diags = &w->d;
	w->in.plan_diags = 1;
	w->in.preflight_why_not = "simulated";
	w->t = apply_txn_new(&st, &w->ops, w->dir, "test:///default", NULL,
			     &w->faults, err, sizeof(err));
	assert_non_null(w->t);
	w->in.txn = w->t;
	apply_steps_free(&st);
}

/* Runs the steps to the end: APPLY_READY or APPLY_FAILED. */
static enum apply_result run_steps(struct world *w)
{
	enum apply_result r;

	while ((r = apply_txn_step(w->t)) == APPLY_MORE)
		;
	return r;
}

/* Every step done and checked, then the answer CONFIRM to a countdown of
 * TIMEOUT_S. */
static void world_ready(struct world *w, enum apply_confirm confirm,
			long timeout_s)
{
	world_init(w, -1, -1, NULL);
	assert_int_equal(run_steps(w), APPLY_READY);
	w->in.confirm = confirm;
	w->in.timeout_s = timeout_s;
}

static void write_doc(struct world *w)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	apply_json_write(f, &w->in);
	fclose(f);
	w->doc = json_tokener_parse(buf);
	if (!w->doc)
		fail_msg("not JSON:\n%s", buf);
	free(buf);
}

static void world_free(struct world *w)
{
	char cmd[128];

	json_object_put(w->doc);
	apply_txn_free(w->t);
	diag_list_free(&w->d);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", w->dir);
	assert_int_equal(system(cmd), 0);
}

/* The member at PATH ("a.b", "steps.1.result"): array indexes as
 * numbers. */
static json_object *at(json_object *o, const char *path)
{
	char buf[256], *save = NULL, *part;

	snprintf(buf, sizeof(buf), "%s", path);
	for (part = strtok_r(buf, ".", &save); part && o;
	     part = strtok_r(NULL, ".", &save)) {
		if (json_object_is_type(o, json_type_array))
			o = json_object_array_get_idx(o, (size_t)atoi(part));
		else if (!json_object_object_get_ex(o, part, &o))
			o = NULL;
	}
	if (!o && part)
		fail_msg("no %s", path);
	return o;
}

static const char *str(json_object *doc, const char *path)
{
	json_object *o = at(doc, path);

	if (!o)
		return NULL;
	assert_true(json_object_is_type(o, json_type_string));
	return json_object_get_string(o);
}

static void is_str(json_object *doc, const char *path, const char *want)
{
	const char *got = str(doc, path);

	if (!got || strcmp(got, want) != 0)
		fail_msg("%s: want \"%s\", got %s%s%s", path, want,
			 got ? "\"" : "", got ? got : "null", got ? "\"" : "");
}

static void is_null(json_object *doc, const char *path)
{
	if (at(doc, path) != NULL)
		fail_msg("%s: want null, got %s", path,
			 json_object_to_json_string(at(doc, path)));
}

static long long num(json_object *doc, const char *path)
{
	json_object *o = at(doc, path);

	assert_non_null(o);
	assert_true(json_object_is_type(o, json_type_int));
	return json_object_get_int64(o);
}

static bool boolean(json_object *doc, const char *path)
{
	json_object *o = at(doc, path);

	assert_non_null(o);
	assert_true(json_object_is_type(o, json_type_boolean));
	return json_object_get_boolean(o);
}

static size_t count(json_object *doc, const char *path)
{
	json_object *o = at(doc, path);

	assert_non_null(o);
	assert_true(json_object_is_type(o, json_type_array));
	return json_object_array_length(o);
}

static void has(json_object *doc, const char *path, const char *part)
{
	const char *got = str(doc, path);

	if (!got || !strstr(got, part))
		fail_msg("%s: want it to hold \"%s\", got %s", path, part,
			 got ? got : "null");
}

static void test_success(void **state)
{
	struct world w;

	(void)state;
	world_ready(&w, APPLY_CONFIRM_OPTION, 60);
	assert_int_equal(apply_txn_commit(w.t), APPLY_COMMITTED);
	w.in.exit = 0;
	write_doc(&w);
	is_str(w.doc, "format", "edgenet-apply");
	assert_int_equal(num(w.doc, "version"), 1);
	is_str(w.doc, "edgenet", "9.9");
	is_str(w.doc, "plan", "plan.cfg");
	is_str(w.doc, "uri", "test:///default");
	is_str(w.doc, "host", "simulated");
	is_str(w.doc, "domain", "edge-vm");
	assert_false(boolean(w.doc, "dry_run"));
	assert_int_equal(count(w.doc, "steps"), NSTEPS);
	for (int i = 0; i < NSTEPS; i++) {
		char p[64];

		snprintf(p, sizeof(p), "steps.%d.result", i);
		is_str(w.doc, p, "verified");
		snprintf(p, sizeof(p), "steps.%d.number", i);
		assert_int_equal(num(w.doc, p), i + 1);
		snprintf(p, sizeof(p), "steps.%d.undo", i);
		is_null(w.doc, p);
	}
	is_str(w.doc, "steps.0.kind", "net-define");
	is_str(w.doc, "steps.0.object", "net0");
	is_str(w.doc, "steps.0.text", "Define network net0");
	is_str(w.doc, "steps.1.kind", "net-dhcp-host");
	is_str(w.doc, "steps.1.mac", "52:54:00:e4:00:01");
	is_str(w.doc, "steps.1.ip_after", "10.77.0.10");
	is_null(w.doc, "steps.1.ip_before");
	is_str(w.doc, "steps.1.note", "takes effect later");
	is_str(w.doc, "steps.2.kind", "nic-add");
	is_str(w.doc, "steps.2.nic", "eth1");
	is_str(w.doc, "steps.2.interface_after", "<interface type='network'/>");
	is_str(w.doc, "confirmation.result", "confirmed");
	is_str(w.doc, "confirmation.by", "option");
	is_null(w.doc, "confirmation.timeout_s");
	assert_false(boolean(w.doc, "rollback.ran"));
	is_null(w.doc, "rollback.why");
	is_null(w.doc, "rollback.complete");
	is_null(w.doc, "error");
	assert_int_equal(num(w.doc, "exit"), 0);
	is_str(w.doc, "status", "applied");
	/* check's diagnostic and the host's, apart */
	assert_int_equal(count(w.doc, "diagnostics"), 1);
	assert_int_equal(num(w.doc, "diagnostics.0.line"), 12);
	is_str(w.doc, "diagnostics.0.field", "nics[0].dns");
	is_str(w.doc, "diagnostics.0.severity", "warning");
	assert_int_equal(count(w.doc, "host_checks"), 1);
	is_str(w.doc, "host_checks.0.field", "vm");
	is_null(w.doc, "host_checks.0.line");
	assert_false(boolean(w.doc, "preflight.sent"));
	is_str(w.doc, "preflight.why_not", "simulated");
	assert_int_equal(count(w.doc, "preflight.probes"), 0);
	world_free(&w);
}

static void test_failed_step(void **state)
{
	struct world w;

	(void)state;
	world_init(&w, 1, -1, NULL);
	assert_int_equal(run_steps(&w), APPLY_FAILED);
	assert_int_equal(apply_txn_rollback(w.t), APPLY_ROLLED_BACK);
	w.in.rollback_why = "a step failed";
	w.in.exit = 3;
	write_doc(&w);
	is_str(w.doc, "steps.0.result", "verified");
	is_str(w.doc, "steps.0.undo.result", "undone");
	is_null(w.doc, "steps.0.undo.error");
	is_str(w.doc, "steps.1.result", "failed");
	is_str(w.doc, "steps.1.error", "the host said no to net1");
	/* a failed step is undone too: it may be half done */
	is_str(w.doc, "steps.1.undo.result", "undone");
	is_str(w.doc, "steps.2.result", "skipped");
	is_str(w.doc, "steps.2.why", "an earlier step failed");
	is_str(w.doc, "steps.2.undo.result", "not-needed");
	assert_true(boolean(w.doc, "rollback.ran"));
	is_str(w.doc, "rollback.why", "a step failed");
	assert_int_equal(num(w.doc, "rollback.failed_step"), 2);
	has(w.doc, "rollback.error", "the host said no to net1");
	assert_true(boolean(w.doc, "rollback.complete"));
	is_str(w.doc, "confirmation.result", "not-asked");
	assert_int_equal(num(w.doc, "exit"), 3);
	is_str(w.doc, "status", "rolled-back");
	assert_false(w.f.on[0] || w.f.on[1] || w.f.on[2]);
	world_free(&w);
}

static void test_rollback_incomplete(void **state)
{
	struct apply_faults hooks = { .count = 2 };
	struct world w;

	(void)state;
	/* step 2's check fails (the hook), then its undo too; step 1's
	 * undo fails in the fake host */
	hooks.items[0] = (struct apply_fault){ 2, APPLY_FAULT_VERIFY };
	hooks.items[1] = (struct apply_fault){ 2, APPLY_FAULT_UNDO };
	world_init(&w, -1, 0, &hooks);
	assert_int_equal(run_steps(&w), APPLY_FAILED);
	assert_int_equal(apply_txn_rollback(w.t), APPLY_ROLLBACK_INCOMPLETE);
	w.in.rollback_why = "a step failed";
	w.in.exit = 5;
	write_doc(&w);
	/* the failing step keeps the error it failed with... */
	is_str(w.doc, "steps.1.result", "failed");
	has(w.doc, "steps.1.error", "phase verify");
	/* ...beside its undo's */
	is_str(w.doc, "steps.1.undo.result", "could-not-undo");
	has(w.doc, "steps.1.undo.error", "phase undo");
	/* and step 1's undo failed in the fake host */
	is_str(w.doc, "steps.0.result", "verified");
	is_str(w.doc, "steps.0.undo.result", "could-not-undo");
	has(w.doc, "steps.0.undo.error", "net0 would not go");
	is_str(w.doc, "steps.2.undo.result", "not-needed");
	assert_int_equal(num(w.doc, "rollback.failed_step"), 2);
	assert_false(boolean(w.doc, "rollback.complete"));
	assert_int_equal(num(w.doc, "exit"), 5);
	is_str(w.doc, "status", "rollback-incomplete");
	world_free(&w);
}

static void test_not_confirmed(void **state)
{
	struct world w;

	(void)state;
	world_ready(&w, APPLY_CONFIRM_TIMED_OUT, 42);
	assert_int_equal(apply_txn_rollback(w.t), APPLY_ROLLED_BACK);
	w.in.rollback_why = "not confirmed in time";
	w.in.exit = 4;
	write_doc(&w);
	is_str(w.doc, "confirmation.result", "timed-out");
	is_null(w.doc, "confirmation.by");
	assert_int_equal(num(w.doc, "confirmation.timeout_s"), 42);
	for (int i = 0; i < NSTEPS; i++) {
		char p[64];

		snprintf(p, sizeof(p), "steps.%d.result", i);
		is_str(w.doc, p, "verified");
		snprintf(p, sizeof(p), "steps.%d.undo.result", i);
		is_str(w.doc, p, "undone");
	}
	assert_true(boolean(w.doc, "rollback.ran"));
	is_str(w.doc, "rollback.why", "not confirmed in time");
	is_null(w.doc, "rollback.failed_step");
	is_null(w.doc, "rollback.error");
	assert_true(boolean(w.doc, "rollback.complete"));
	is_str(w.doc, "status", "not-confirmed");
	assert_int_equal(num(w.doc, "exit"), 4);
	world_free(&w);
}

static void test_dry_run(void **state)
{
	struct apply_json_input in;
	struct apply_steps st;
	json_object *doc;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	make_steps(&st);
	memset(&in, 0, sizeof(in));
	in.version = "9.9";
	in.plan_file = "plan.cfg";
	in.uri = "qemu+ssh://plant2/system";
	in.dry_run = true;
	in.planned = &st;
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	apply_json_write(f, &in);
	fclose(f);
	doc = json_tokener_parse(buf);
	assert_non_null(doc);
	is_str(doc, "host", "remote");
	assert_true(boolean(doc, "dry_run"));
	assert_int_equal(count(doc, "steps"), NSTEPS);
	is_str(doc, "steps.0.result", "planned");
	is_null(doc, "steps.0.undo");
	is_null(doc, "steps.0.before");
	has(doc, "steps.0.after", "<name>net0</name>");
	has(doc, "steps.0.diff", "+ <network>");
	has(doc, "steps.0.diff", "+   <name>net0</name>");
	is_null(doc, "steps.1.diff");
	is_str(doc, "confirmation.result", "not-asked");
	assert_false(boolean(doc, "rollback.ran"));
	assert_int_equal(num(doc, "exit"), 0);
	is_str(doc, "status", "dry-run");
	assert_int_equal(count(doc, "diagnostics"), 0);
	assert_int_equal(count(doc, "host_checks"), 0);
	json_object_put(doc);
	free(buf);
	apply_steps_free(&st);
}

/* "status" for each exit status, as the header lists it. */
static void test_status_words(void **state)
{
	static const struct {
		int exit;
		bool dry, rolled;
		const char *want;
	} rows[] = {
		{ 0, true, false, "dry-run" },
		{ 0, false, false, "nothing-to-change" },
		{ 1, false, false, "refused" },
		{ 2, false, false, "unusable" },
		{ 3, false, true, "rolled-back" },
		{ 4, false, true, "not-confirmed" },
		{ 5, false, true, "rollback-incomplete" },
		{ 5, false, false, "commit-failed" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct apply_json_input in = { .plan_file = "p.cfg" };
		json_object *doc;
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		assert_non_null(f);
		in.exit = rows[i].exit;
		in.dry_run = rows[i].dry;
		in.rollback_why = rows[i].rolled ? "why" : NULL;
		apply_json_write(f, &in);
		fclose(f);
		doc = json_tokener_parse(buf);
		assert_non_null(doc);
		is_str(doc, "status", rows[i].want);
		assert_int_equal(num(doc, "exit"), rows[i].exit);
		/* nothing connected: null, not a guess */
		is_null(doc, "uri");
		is_null(doc, "host");
		json_object_put(doc);
		free(buf);
	}
}

static void test_host_words(void **state)
{
	(void)state;
	assert_string_equal(apply_json_host_word("qemu:///system"),
			    "this-machine");
	assert_string_equal(apply_json_host_word("test:///default"),
			    "simulated");
	assert_string_equal(apply_json_host_word("qemu+ssh://pc7/system"),
			    "remote");
	assert_string_equal(apply_json_host_word("plant2"), "unknown");
	assert_null(apply_json_host_word(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_success),
		cmocka_unit_test(test_failed_step),
		cmocka_unit_test(test_rollback_incomplete),
		cmocka_unit_test(test_not_confirmed),
		cmocka_unit_test(test_dry_run),
		cmocka_unit_test(test_status_words),
		cmocka_unit_test(test_host_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
