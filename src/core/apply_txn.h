/*
 * apply_txn.h - applying a plan as a transaction: a small state machine
 * that the command line and the console's poll() loop both drive, one
 * short call at a time, so that neither blocks for long.
 *
 * The txn owns the planned steps (apply_plan.h) and runs them through an
 * apply_ops (the backends: libvirt, netlink).  Before each step and after
 * it, the journal (journal.h) is written atomically.  A step is: do, then
 * verify; a failure stops the apply and everything done so far (the
 * failed step included: undo copes with a half-done step) is undone in
 * reverse, each undo verified.  After the last step a final verification
 * runs; then the change waits for the technician's confirmation:
 * apply_txn_commit keeps it, apply_txn_rollback takes it back.
 *
 *   txn = apply_txn_new(&steps, &ops, state_dir, uri, plan_text, faults,
 *                       err, n);
 *   while ((r = apply_txn_step(txn)) == APPLY_MORE)
 *           show progress (apply_txn_done_count, apply_txn_step_info);
 *   if (r == APPLY_READY) { countdown; confirmed ? apply_txn_commit
 *                                                : apply_txn_rollback; }
 *   else  apply_txn_rollback (or apply_txn_rollback_step in a loop);
 *   apply_txn_report(txn) says what was done or rolled back;
 *   apply_txn_free(txn);
 *
 * At start-up, before anything else touches libvirt:
 *   apply_txn_recover(state_dir, &ops, faults, &msg) finishes or rolls
 *   back an apply that was cut short (apply_txn_pending tells whether there is
 *   one, and for which libvirt URI).
 *
 * Test hooks: the program reads them from its environment at start-up
 * (apply_faults_parse) and hands them to apply_txn_new and
 * apply_txn_recover; the core reads no environment, and no code is
 * edited to inject a fault:
 *   EDGENET_FAULT="step=N,phase=do|verify|undo[;...]"
 *       step N (1-based) fails in that phase: "do" fails before touching
 *       anything, "verify" after the step was really done, "undo" makes
 *       its undo fail (the rollback goes on with the other steps and
 *       reports it).  N may be "*" for every step.
 *   EDGENET_CRASH_AFTER_STEP=N
 *       the process kills itself with SIGKILL right after step N was done
 *       and verified and the journal recorded it (N = the number of steps:
 *       only the final verification was left).
 *   EDGENET_CRASH_AFTER_UNDO=N
 *       SIGKILL right after the N-th undo of a rollback was journalled.
 *   EDGENET_CRASH_AT=confirm
 *       SIGKILL once the apply waits for confirmation.
 *
 * Pure C: the backends come in through struct apply_ops.
 */
#ifndef EDGENET_APPLY_TXN_H
#define EDGENET_APPLY_TXN_H

#include <stdbool.h>
#include <stddef.h>

#include "apply_plan.h"
#include "journal.h"

/* What the backends do for each step.  Every function returns 0, or -1
 * with a sentence for the technician in ERR. */
struct apply_ops {
	/* Carries out step S.  OUT->note may receive a remark ("takes
	 * effect at the next VM start"), OUT->live_done whether a running
	 * VM was changed live too. */
	int (*do_step)(void *ctx, const struct apply_step *s,
		       struct apply_run *out, char *err, size_t errlen);
	/* Checks that S's object is as after the step (AFTER) or as before
	 * it (!AFTER).  RUN is what the do reported (live_done). */
	int (*check)(void *ctx, const struct apply_step *s,
		     const struct apply_run *run, bool after, char *err,
		     size_t errlen);
	/* Puts S's object back as it was before the step, whether the step
	 * was done, half done or not done at all. */
	int (*undo_step)(void *ctx, const struct apply_step *s,
			 const struct apply_run *run, char *err,
			 size_t errlen);
	void *ctx;
};

/* The test hooks above, parsed.  A zeroed struct (or NULL where one is
 * taken) injects nothing. */
#define APPLY_MAX_FAULTS 8
enum apply_fault_phase { APPLY_FAULT_DO, APPLY_FAULT_VERIFY, APPLY_FAULT_UNDO };
struct apply_fault {
	long step;			/* 1-based; 0 = every step */
	enum apply_fault_phase phase;
};
struct apply_faults {
	struct apply_fault items[APPLY_MAX_FAULTS];
	size_t count;
	long crash_after_step;		/* 0 = never */
	long crash_after_undo;		/* 0 = never */
	bool crash_at_confirm;
	/* EDGENET_NO_NETWORK_UPDATE=1 (set by the caller, not parsed
	 * here): the libvirt backend takes the redefine path as if
	 * virNetworkUpdate were not supported (backend/virt_apply.h) */
	bool no_network_update;
};

/* F from the hooks' values as strings (each may be NULL: not set):
 * EDGENET_FAULT, EDGENET_CRASH_AFTER_STEP, EDGENET_CRASH_AFTER_UNDO,
 * EDGENET_CRASH_AT.  Malformed items are ignored. */
void apply_faults_parse(struct apply_faults *f, const char *fault,
			const char *crash_after_step,
			const char *crash_after_undo, const char *crash_at);

enum apply_result {
	APPLY_MORE = 0,		/* a step was done; call again */
	APPLY_READY,		/* all done and verified: confirm or roll back */
	APPLY_FAILED,		/* a step failed: roll back */
	APPLY_ROLLED_BACK,	/* rollback finished, every undo verified */
	APPLY_ROLLBACK_INCOMPLETE,	/* some undo failed: see the report */
	APPLY_COMMITTED,
};

struct apply_txn;

/* Takes over STEPS (left empty).  STATE_DIR holds the journal; URI is
 * the libvirt URI the ops talk to (recorded for recovery); PLAN_TEXT the
 * plan as a file (saved as the last applied plan on commit; may be
 * NULL); FAULTS the test hooks (NULL: none).  Refuses (NULL, message in ERR) when an earlier apply's journal
 * is still there: recover it first. */
struct apply_txn *apply_txn_new(struct apply_steps *steps,
				const struct apply_ops *ops,
				const char *state_dir, const char *uri,
				const char *plan_text,
				const struct apply_faults *faults, char *err,
				size_t errlen);
void apply_txn_free(struct apply_txn *t);

/* Does the next step (journal, do, verify), or the final verification
 * once all are done. */
enum apply_result apply_txn_step(struct apply_txn *t);
/* Undoes one step (the last done one not undone yet): APPLY_MORE while
 * there are more, then APPLY_ROLLED_BACK or APPLY_ROLLBACK_INCOMPLETE. */
enum apply_result apply_txn_rollback_step(struct apply_txn *t);
/* Undoes everything: APPLY_ROLLED_BACK or APPLY_ROLLBACK_INCOMPLETE. */
enum apply_result apply_txn_rollback(struct apply_txn *t);
/* Keeps the change: journal closed, plan saved as the last applied one.
 * APPLY_COMMITTED, or APPLY_FAILED with the reason in apply_txn_error. */
enum apply_result apply_txn_commit(struct apply_txn *t);

/* Progress and results, for display. */
size_t apply_txn_count(const struct apply_txn *t);
size_t apply_txn_done_count(const struct apply_txn *t);
enum apply_phase apply_txn_phase(const struct apply_txn *t);
const struct apply_step *apply_txn_step_info(const struct apply_txn *t,
					     size_t i,
					     const struct apply_run **run);
/* The step that failed (1-based; 0: none did) and, in *WHY (may be
 * NULL), its error as it failed. */
size_t apply_txn_failed_step(const struct apply_txn *t, const char **why);
/* Why the apply stopped (or a commit failed); "" when it did not. */
const char *apply_txn_error(const struct apply_txn *t);
/* Every step with what happened to it, as lines of text: what was done,
 * what was rolled back, what failed and why.  Malloc'd. */
char *apply_txn_report(const struct apply_txn *t);

/* Is there an interrupted apply in STATE_DIR?  1 yes (its URI in URI),
 * 0 no, -1 the journal cannot be read (message in ERR). */
int apply_txn_pending(const char *state_dir, char *uri, size_t urilen,
		      char *err, size_t errlen);

enum apply_recovery {
	APPLY_RECOVERY_NONE = 0,	/* no interrupted apply */
	APPLY_RECOVERY_ROLLED_BACK,
	APPLY_RECOVERY_FINISHED,
	APPLY_RECOVERY_FAILED,		/* could not: see the message */
};

/* Finishes or rolls back an interrupted apply found in STATE_DIR's
 * journal, through OPS (connected to the journal's URI), with the test
 * hooks FAULTS (NULL: none).  *MSG (malloc'd)
 * says which, with every step undone or checked; NULL when there was
 * nothing to do. */
enum apply_recovery apply_txn_recover(const char *state_dir,
				      const struct apply_ops *ops,
				      const struct apply_faults *faults,
				      char **msg);

#endif
