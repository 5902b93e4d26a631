/*
 * journal.h - the apply journal: what an apply is doing, kept in the state
 * directory (STATE_DIR/apply.journal) so that an apply cut short by a
 * crash, kill -9 or power loss can be finished or rolled back at the next
 * start.
 *
 * The journal holds the libvirt URI, the VM, the phase of the apply, the
 * plan being applied, and every step with its XML before and after and
 * its state.  It is rewritten whole and atomically (fileio_write_atomic:
 * temporary file, fsync, rename, fsync of the directory) before each step
 * and after it, so what is on disk is always one consistent picture.  The
 * recovery decision is pure (journal_decide).  Format: libconfig.
 */
#ifndef EDGENET_JOURNAL_H
#define EDGENET_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "apply_plan.h"
#include "core/err.h"

#define JOURNAL_FILE "apply.journal"
#define JOURNAL_APPLIED_FILE "applied.cfg"	/* last confirmed plan */
#define JOURNAL_VERSION 1
#define JOURNAL_URI_MAX 1024

enum apply_phase {
	APPLY_PHASE_APPLYING = 0,	/* steps being done */
	APPLY_PHASE_VERIFYING,		/* all done; final check */
	APPLY_PHASE_CONFIRMING,		/* waiting for the technician */
	APPLY_PHASE_ROLLING_BACK,
	APPLY_PHASE_FAILED,		/* a step failed; rollback follows */
	APPLY_PHASE_COMMITTED,
	APPLY_PHASE_ROLLED_BACK,
	APPLY_PHASE_COUNT
};

enum apply_state {
	APPLY_STEP_PENDING = 0,
	APPLY_STEP_DOING,		/* started: may be done, half or not */
	APPLY_STEP_DONE,
	APPLY_STEP_FAILED,
	APPLY_STEP_UNDOING,
	APPLY_STEP_UNDONE,
	APPLY_STEP_UNDO_FAILED,
	APPLY_STATE_COUNT
};

/* What happened to one step when it ran. */
struct apply_run {
	enum apply_state state;
	bool live_done;			/* a VM change was also made live */
	char note[512];			/* e.g. "takes effect at next VM start" */
	char error[ERR_MAX];		/* why it failed */
};

struct journal {
	char uri[JOURNAL_URI_MAX];
	char domain[PLAN_NAME_MAX];
	enum apply_phase phase;
	char *plan_text;		/* planfile_format of the plan */
	struct apply_steps steps;
	struct apply_run *run;		/* steps.count entries */
};

const char *journal_phase_name(enum apply_phase p);
const char *journal_state_name(enum apply_state s);

/* PATH of the journal in DIR into BUF; -1 when it does not fit. */
int journal_path(const char *dir, char *buf, size_t len);

/* Writes J to PATH atomically.  0, or -1 with a message in ERR. */
int journal_write(const char *path, const struct journal *j, char *err,
		  size_t errlen);
/* Reads PATH into J (which the caller frees with journal_free).
 * 1 read, 0 no journal there, -1 unreadable (message in ERR). */
int journal_read(const char *path, struct journal *j, char *err,
		 size_t errlen);
void journal_free(struct journal *j);
/* Removes the journal (fsyncing the directory).  0 or -1 with ERR. */
int journal_remove(const char *path, char *err, size_t errlen);

enum journal_decision {
	JOURNAL_NOTHING,	/* over (committed or rolled back): remove */
	JOURNAL_ROLL_BACK,	/* undo every started step */
	JOURNAL_FINISH,		/* every step done: verify and keep */
};

/* What to do with an interrupted apply: an apply whose every step was
 * done and only verification was left is finished; an apply stopped in
 * the middle, one that failed, one that was rolling back, and one that
 * was waiting for confirmation (nobody confirmed it) is rolled back. */
enum journal_decision journal_decide(const struct journal *j);

#endif
