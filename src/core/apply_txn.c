/*
 * apply_txn.c - the apply transaction (see apply_txn.h): steps done one
 * call at a time with the journal written around each, rollback in
 * reverse, final verification, commit, and recovery from the journal.
 * The test hooks (injected faults) come in as a struct apply_faults
 * that the caller read from its environment (parsed by apply_faults.c);
 * what a transaction shows is apply_txn_view.c.  Pure C: the backends come
 * in through struct apply_ops; files only in the state directory.
 */
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/apply_txn.h"
#include "core/apply_txn_priv.h"
#include "core/fileio.h"
#include "core/textsafe.h"
#include "core/str.h"
#include "core/err.h"


static void terr(struct apply_txn *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void terr(struct apply_txn *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verrf(t->error, sizeof(t->error), fmt, ap);
	va_end(ap);
}

static bool fault_at(const struct apply_txn *t, size_t i,
		     enum apply_fault_phase ph)
{
	const struct apply_faults *f = &t->hooks;
	size_t k;

	for (k = 0; k < f->count; k++)
		if (f->items[k].phase == ph &&
		    (f->items[k].step == 0 ||
		     f->items[k].step == (long)i + 1))
			return true;
	return false;
}

static void crash(void)
{
	/* A hard stop: no atexit handlers, no flushing, like kill -9. */
	raise(SIGKILL);
	_exit(137);
}

/* ---- journal ---- */

static int save(struct apply_txn *t)
{
	char err[ERR_MAX];

	if (journal_write(t->path, &t->j, err, sizeof(err)) == 0)
		return 0;
	t->journal_broken = true;
	terr(t, "%s", err);
	return -1;
}

/* ---- life cycle ---- */

static struct apply_txn *txn_alloc(const char *state_dir,
				   const struct apply_ops *ops,
				   const struct apply_faults *faults,
				   char *err, size_t errlen)
{
	struct apply_txn *t = calloc(1, sizeof(*t));

	if (!t) {
		errf(err, errlen, "out of memory");
		return NULL;
	}
	if (journal_path(state_dir, t->path, sizeof(t->path)) < 0) {
		errf(err, errlen, "the state directory name is too long");
		free(t);
		return NULL;
	}
	str_copy(t->dir, sizeof(t->dir), state_dir);
	t->ops = *ops;
	if (faults)
		t->hooks = *faults;
	return t;
}

struct apply_txn *apply_txn_new(struct apply_steps *steps,
				const struct apply_ops *ops,
				const char *state_dir, const char *uri,
				const char *plan_text,
				const struct apply_faults *faults, char *err,
				size_t errlen)
{
	struct apply_txn *t;
	char jerr[ERR_MAX];

	t = txn_alloc(state_dir, ops, faults, err, errlen);
	if (!t)
		return NULL;
	if (access(t->path, F_OK) == 0) {
		errf(err, errlen, "an earlier apply was interrupted and is "
		     "recorded in %s; it must be recovered first (edgenet "
		     "does this when it starts: run `edgenet apply` or the "
		     "console again)", t->path);
		free(t);
		return NULL;
	}
	str_copy(t->j.uri, sizeof(t->j.uri), uri);
	str_copy(t->j.domain, sizeof(t->j.domain), steps->domain);
	t->j.phase = APPLY_PHASE_APPLYING;
	t->j.plan_text = plan_text ? strdup(plan_text) : NULL;
	t->j.steps = *steps;
	apply_steps_init(steps);
	t->j.run = calloc(t->j.steps.count + 1, sizeof(*t->j.run));
	if (!t->j.run || (plan_text && !t->j.plan_text)) {
		errf(err, errlen, "out of memory");
		apply_txn_free(t);
		return NULL;
	}
	/* The journal exists from the first moment on. */
	if (journal_write(t->path, &t->j, jerr, sizeof(jerr)) < 0) {
		errf(err, errlen, "%s; nothing was changed", jerr);
		apply_txn_free(t);
		return NULL;
	}
	return t;
}

void apply_txn_free(struct apply_txn *t)
{
	if (!t)
		return;
	journal_free(&t->j);
	free(t);
}

/* ---- applying ---- */

static enum apply_result fail_step(struct apply_txn *t, size_t i,
				   const char *what, const char *why)
{
	struct apply_run *r = &t->j.run[i];

	r->state = APPLY_STEP_FAILED;
	str_copy(r->error, sizeof(r->error), why);
	t->failed = i + 1;
	str_copy(t->failed_error, sizeof(t->failed_error), why);
	terr(t, "step %zu (%s) failed%s: %s", i + 1,
	     t->j.steps.items[i].text, what, why);
	t->j.phase = APPLY_PHASE_FAILED;
	save(t);
	return APPLY_FAILED;
}

static enum apply_result final_verify(struct apply_txn *t)
{
	char err[ERR_MAX];
	size_t i;

	t->j.phase = APPLY_PHASE_VERIFYING;
	if (save(t) < 0)
		return APPLY_FAILED;
	for (i = 0; i < t->j.steps.count; i++) {
		if (t->ops.check(t->ops.ctx, &t->j.steps.items[i],
				 &t->j.run[i], true, err, sizeof(err)) < 0) {
			terr(t, "final check: step %zu (%s) is no longer in "
			     "place: %s", i + 1, t->j.steps.items[i].text, err);
			t->j.phase = APPLY_PHASE_FAILED;
			save(t);
			return APPLY_FAILED;
		}
	}
	t->verified = true;
	t->j.phase = APPLY_PHASE_CONFIRMING;
	if (save(t) < 0)
		return APPLY_FAILED;
	if (t->hooks.crash_at_confirm)
		crash();
	return APPLY_READY;
}

enum apply_result apply_txn_step(struct apply_txn *t)
{
	struct apply_step *s;
	struct apply_run *r;
	char err[ERR_MAX];
	size_t i;

	if (t->j.phase == APPLY_PHASE_CONFIRMING)
		return APPLY_READY;
	if (t->j.phase != APPLY_PHASE_APPLYING)
		return APPLY_FAILED;
	if (t->next >= t->j.steps.count)
		return final_verify(t);
	i = t->next;
	s = &t->j.steps.items[i];
	r = &t->j.run[i];
	r->state = APPLY_STEP_DOING;
	if (save(t) < 0) {
		/* Not started: nothing of this step to undo. */
		r->state = APPLY_STEP_PENDING;
		t->j.phase = APPLY_PHASE_FAILED;
		return APPLY_FAILED;
	}
	err[0] = '\0';
	if (fault_at(t, i, APPLY_FAULT_DO))
		return fail_step(t, i, "", "injected fault (EDGENET_FAULT, "
				 "phase do)");
	if (t->ops.do_step(t->ops.ctx, s, r, err, sizeof(err)) < 0)
		return fail_step(t, i, "", err);
	if (fault_at(t, i, APPLY_FAULT_VERIFY))
		return fail_step(t, i, " its check", "injected fault "
				 "(EDGENET_FAULT, phase verify)");
	if (t->ops.check(t->ops.ctx, s, r, true, err, sizeof(err)) < 0)
		return fail_step(t, i, " its check", err);
	r->state = APPLY_STEP_DONE;
	t->next++;
	if (save(t) < 0) {
		t->j.phase = APPLY_PHASE_FAILED;
		return APPLY_FAILED;
	}
	if (t->hooks.crash_after_step &&
	    (size_t)t->hooks.crash_after_step == i + 1)
		crash();
	return APPLY_MORE;
}

/* ---- rolling back ---- */

static bool needs_undo(enum apply_state s)
{
	return s == APPLY_STEP_DOING || s == APPLY_STEP_DONE ||
	       s == APPLY_STEP_FAILED || s == APPLY_STEP_UNDOING;
}

static bool any_undo_failed(const struct apply_txn *t)
{
	size_t i;

	for (i = 0; i < t->j.steps.count; i++)
		if (t->j.run[i].state == APPLY_STEP_UNDO_FAILED)
			return true;
	return false;
}

static enum apply_result rollback_end(struct apply_txn *t)
{
	char err[ERR_MAX];

	if (any_undo_failed(t)) {
		/* The journal stays: the next start tries again. */
		t->j.phase = APPLY_PHASE_ROLLING_BACK;
		save(t);
		if (!t->error[0])
			terr(t, "the rollback could not undo every step");
		return APPLY_ROLLBACK_INCOMPLETE;
	}
	t->j.phase = APPLY_PHASE_ROLLED_BACK;
	if (journal_remove(t->path, err, sizeof(err)) < 0) {
		terr(t, "%s", err);
		return APPLY_ROLLBACK_INCOMPLETE;
	}
	return APPLY_ROLLED_BACK;
}

enum apply_result apply_txn_rollback_step(struct apply_txn *t)
{
	struct apply_run *r;
	char err[ERR_MAX];
	size_t i;
	bool found = false;

	if (t->j.phase == APPLY_PHASE_COMMITTED)
		return APPLY_COMMITTED;
	if (t->j.phase == APPLY_PHASE_ROLLED_BACK)
		return APPLY_ROLLED_BACK;
	if (t->j.phase != APPLY_PHASE_ROLLING_BACK) {
		t->j.phase = APPLY_PHASE_ROLLING_BACK;
		t->undos = 0;
		save(t);
	}
	for (i = t->j.steps.count; i-- > 0;)
		if (needs_undo(t->j.run[i].state)) {
			found = true;
			break;
		}
	if (!found)
		return rollback_end(t);
	r = &t->j.run[i];
	r->state = APPLY_STEP_UNDOING;
	save(t);	/* a rollback goes on even without a journal */
	err[0] = '\0';
	if (fault_at(t, i, APPLY_FAULT_UNDO)) {
		errf(err, sizeof(err), "injected fault (EDGENET_FAULT, "
		     "phase undo)");
	} else if (t->ops.undo_step(t->ops.ctx, &t->j.steps.items[i], r, err,
				    sizeof(err)) == 0 &&
		   t->ops.check(t->ops.ctx, &t->j.steps.items[i], r, false,
				err, sizeof(err)) == 0) {
		r->state = APPLY_STEP_UNDONE;
	}
	if (r->state != APPLY_STEP_UNDONE) {
		char msg[sizeof(r->error)];

		snprintf(msg, sizeof(msg), "undo failed: %s", err);
		memcpy(r->error, msg, sizeof(r->error));
		r->state = APPLY_STEP_UNDO_FAILED;
	}
	save(t);
	t->undos++;
	if (t->hooks.crash_after_undo &&
	    (size_t)t->hooks.crash_after_undo == t->undos)
		crash();
	return APPLY_MORE;
}

enum apply_result apply_txn_rollback(struct apply_txn *t)
{
	enum apply_result r;

	while ((r = apply_txn_rollback_step(t)) == APPLY_MORE)
		;
	return r;
}

static int save_applied_plan(struct apply_txn *t)
{
	char path[PATH_MAX + 32], err[ERR_MAX];

	if (!t->j.plan_text)
		return 0;
	if (str_path(path, sizeof(path), err, sizeof(err), "%s/%s", t->dir,
		     JOURNAL_APPLIED_FILE) < 0 ||
	    fileio_write_atomic(path, t->j.plan_text, strlen(t->j.plan_text),
				0644, err, sizeof(err)) < 0) {
		terr(t, "the change is kept, but the applied plan could not be "
		     "saved: %s", err);
		return -1;
	}
	return 0;
}

enum apply_result apply_txn_commit(struct apply_txn *t)
{
	char err[ERR_MAX];

	if (t->j.phase != APPLY_PHASE_CONFIRMING || !t->verified) {
		terr(t, "nothing to confirm: the apply is %s",
		     journal_phase_name(t->j.phase));
		return APPLY_FAILED;
	}
	t->j.phase = APPLY_PHASE_COMMITTED;
	save_applied_plan(t);
	if (journal_remove(t->path, err, sizeof(err)) < 0) {
		terr(t, "%s", err);
		return APPLY_FAILED;
	}
	return APPLY_COMMITTED;
}

/* ---- recovery ---- */

int apply_txn_pending(const char *state_dir, char *uri, size_t urilen,
		      char *err, size_t errlen)
{
	char path[PATH_MAX];
	struct journal j;
	int r;

	if (journal_path(state_dir, path, sizeof(path)) < 0) {
		errf(err, errlen, "the state directory name is too long");
		return -1;
	}
	r = journal_read(path, &j, err, errlen);
	if (r <= 0)
		return r;
	str_copy(uri, urilen, j.uri);
	journal_free(&j);
	return 1;
}

static char *msgf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *msgf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !(s = malloc((size_t)n + 1)))
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

enum apply_recovery apply_txn_recover(const char *state_dir,
				      const struct apply_ops *ops,
				      const struct apply_faults *faults,
				      char **msg)
{
	struct apply_txn *t;
	enum journal_decision d;
	enum apply_result r;
	char err[ERR_MAX], *rep;
	size_t i;
	int rc;

	*msg = NULL;
	t = txn_alloc(state_dir, ops, faults, err, sizeof(err));
	if (!t) {
		*msg = msgf("cannot recover the interrupted apply: %s", err);
		return APPLY_RECOVERY_FAILED;
	}
	rc = journal_read(t->path, &t->j, err, sizeof(err));
	if (rc <= 0) {
		apply_txn_free(t);
		if (rc == 0)
			return APPLY_RECOVERY_NONE;
		*msg = msgf("cannot recover the interrupted apply: %s", err);
		return APPLY_RECOVERY_FAILED;
	}
	d = journal_decide(&t->j);
	if (d == JOURNAL_NOTHING) {
		journal_remove(t->path, err, sizeof(err));
		apply_txn_free(t);
		return APPLY_RECOVERY_NONE;
	}
	t->next = t->j.steps.count;
	if (d == JOURNAL_FINISH) {
		t->j.phase = APPLY_PHASE_APPLYING;
		r = final_verify(t);
		if (r == APPLY_READY) {
			/* Only verification was left and it passed. */
			r = apply_txn_commit(t);
			rep = apply_txn_journal_report(&t->j);
			*msg = msgf("An interrupted apply on %s was FINISHED: "
				    "every step had been done and the check "
				    "passed%s%s.\n%s", t->j.uri,
				    r == APPLY_COMMITTED ? "" : "; ",
				    r == APPLY_COMMITTED ? "" : t->error,
				    rep ? rep : "");
			free(rep);
			apply_txn_free(t);
			return r == APPLY_COMMITTED ? APPLY_RECOVERY_FINISHED :
			       APPLY_RECOVERY_FAILED;
		}
		str_copy(err, sizeof(err), t->error);
	} else {
		errf(err, sizeof(err), "it had stopped while %s",
		     journal_phase_name(t->j.phase));
	}
	/* Roll back every started step, in reverse. */
	for (i = 0; i < t->j.steps.count; i++)
		if (t->j.run[i].state == APPLY_STEP_UNDO_FAILED)
			t->j.run[i].state = APPLY_STEP_DONE;	/* try again */
	r = apply_txn_rollback(t);
	rep = apply_txn_journal_report(&t->j);
	if (r == APPLY_ROLLED_BACK)
		*msg = msgf("An interrupted apply on %s was ROLLED BACK (%s); "
			    "the host is as it was before it.\n%s", t->j.uri,
			    err, rep ? rep : "");
	else
		*msg = msgf("An interrupted apply on %s could NOT be rolled "
			    "back completely (%s); the journal %s is kept and "
			    "the next start tries again.\n%s", t->j.uri,
			    t->error, t->path, rep ? rep : "");
	free(rep);
	apply_txn_free(t);
	return r == APPLY_ROLLED_BACK ? APPLY_RECOVERY_ROLLED_BACK :
	       APPLY_RECOVERY_FAILED;
}
