/*
 * apply_ui.h - applying the wizard's plan from the console: the glue
 * between the review step (screens/wizard_review.c), the progress screen
 * (screens/apply_progress.c) and the transaction (core/apply_txn.h).
 *
 * The review asks for a preview (apply_ui_preview: every step in words
 * and each libvirt object's XML before and after, or why the plan cannot
 * be applied), and its Apply button calls apply_ui_begin.  From then on
 * the apply moves by itself, one short call per turn of the console's
 * poll() loop: a 1 ms timer is re-armed while apply_txn_step answers
 * APPLY_MORE, so keys and redraws go on between steps; once every step is
 * done and checked, a one-second timer counts down the confirmation
 * (apply_ui_answer keeps or rolls back; the end of the countdown rolls
 * back); a failure is rolled back the same way, one undo per turn.  The
 * progress screen only reads struct apply_ui: the rows (each step's
 * state, note and error), the stage, the seconds left and the report.
 *
 * What needs libvirt comes in through struct apply_ui_backend, which
 * src/ui/apply_run.c fills (apply_run_open, called by run.c, the place
 * that opens backends); it also recovers an interrupted apply at start
 * (recovery, recovery_msg).  Reading the deployment back for the wizard
 * is the host side's (app_open_deployment, app.h), not this glue's.
 * Tests fill the backend with fakes, or the model by hand.
 *
 * Touches: the state directory (through apply_txn: the journal, the last
 * applied plan), the host through the backend's ops; the settings file
 * is read for "confirm_timeout".  No drawing.
 *
 * Direction: apply_ui*.c include app.h (this header only names struct
 * app); the manager (app*.c) never includes this header: it reaches the
 * apply through the hooks registry.c registers in struct app
 * (apply_ui_virt_changed, apply_ui_app_busy).
 */
#ifndef EDGENET_UI_APPLY_UI_H
#define EDGENET_UI_APPLY_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/apply_plan.h"
#include "core/apply_txn.h"
#include "core/diag.h"
#include "core/err.h"
#include "core/host.h"
#include "core/journal.h"
#include "core/pending.h"
#include "core/plan.h"
#include "core/policy.h"
#include "core/state.h"
#include "tui/term.h"

struct app;
struct loop;

/* A status text of the apply (restart_msg, what waits for the next
 * start); errors are ERR_MAX (core/err.h). */
#define APPLY_UI_MSG_MAX 768

/* What libvirt is reached through (apply_run.c: the real one). */
struct apply_ui_backend {
	/* Validates P, reads the host and plans the steps
	 * (virt_apply_prepare).  0, or -1 with diagnostics in D. */
	int (*prepare)(void *ctx, const struct plan *p,
		       const struct policy *pol, struct state *st,
		       struct apply_steps *steps, struct diag_list *d);
	/* The ops that carry the steps out. */
	void (*ops)(void *ctx, struct apply_ops *out);
	/* What waits for DOMAIN's next start (core/pending.h); *RUNNING
	 * whether it runs.  0, or -1 with ERR.  May be NULL. */
	int (*pending)(void *ctx, const char *domain,
		       struct pending_list *out, bool *running, char *err,
		       size_t errlen);
	/* Restarting DOMAIN: ask it to shut down; whether it still runs
	 * (1, 0, -1); start it.  0 or -1 with ERR.  May be NULL. */
	int (*vm_shutdown)(void *ctx, const char *domain, char *err,
			   size_t errlen);
	int (*vm_running)(void *ctx, const char *domain, char *err,
			  size_t errlen);
	int (*vm_start)(void *ctx, const char *domain, char *err,
			size_t errlen);
	void *ctx;
};

/* A restart of the VM (apply_ui_restart). */
enum apply_ui_restart {
	AUI_RS_NONE = 0,
	AUI_RS_STOPPING,	/* shutdown asked; waiting for it, bounded */
	AUI_RS_DONE,		/* shut down and started again */
	AUI_RS_FAILED,		/* see restart_msg */
};

/* How long a restart waits for the guest to shut down. */
#define APPLY_UI_RESTART_WAIT_S 120

enum apply_ui_stage {
	AUI_IDLE = 0,		/* no apply yet */
	AUI_RUNNING,		/* steps being done, one per loop turn */
	AUI_CONFIRM,		/* all done and checked: counting down */
	AUI_ROLLING_BACK,	/* undoing, one step per loop turn */
	AUI_COMMITTED,		/* kept */
	AUI_ROLLED_BACK,	/* everything undone and checked */
	AUI_INCOMPLETE,		/* some undo failed: see the report */
};

/* Why a rollback happened. */
enum apply_ui_why {
	AUI_WHY_NONE = 0,
	AUI_WHY_FAILED,		/* a step (or the final check) failed */
	AUI_WHY_TIMEOUT,	/* the countdown ran out */
	AUI_WHY_REFUSED,	/* the technician answered n */
	AUI_WHY_CLOSED,		/* the console was closed meanwhile */
	AUI_WHY_COMMIT,		/* confirmed, but keeping it failed */
};

/* One step as the progress screen shows it. */
struct apply_ui_row {
	char text[APPLY_TEXT_MAX];	/* what the step does */
	char undo_text[APPLY_TEXT_MAX];	/* how it is undone */
	enum apply_state state;
	bool current;			/* the step being done or undone */
	char note[512];			/* "takes effect at ..." */
	char error[ERR_MAX];		/* why it failed */
};

struct apply_ui {
	struct apply_ui_backend be;	/* be.prepare NULL: cannot apply */
	char no_apply[ERR_MAX];	/* why, when it cannot */
	long timeout_s;			/* confirmation countdown */

	/* the console's loop, and how to ask it for a redraw */
	struct loop *loop;
	void (*changed)(void *ctx);
	void *changed_ctx;
	int timer;			/* 0 when none */

	/* the review's preview */
	bool preview_ok;		/* the steps could be planned */
	size_t preview_steps;
	char *preview;			/* apply_steps_report, malloc'd */
	struct diag_list preview_diags;	/* the planner's diagnostics */

	/* the apply */
	struct app *app;
	struct apply_txn *txn;
	enum apply_ui_stage stage;
	enum apply_ui_why why;
	struct apply_ui_row *rows;	/* nrows (malloc'd) */
	size_t nrows;
	long left_s;			/* countdown: seconds left */
	int64_t deadline_ms;
	char error[ERR_MAX];	/* why it stopped, "" */
	char *report;			/* apply_txn_report at the end */
	char uri[JOURNAL_URI_MAX];	/* where it applies */

	/* at start: an interrupted apply found in the journal */
	enum apply_recovery recovery;
	char *recovery_msg;		/* malloc'd; NULL when none */

	/* what waits for the VM's next start (apply_ui_pending_read) */
	bool pending_known;		/* read, for pending_domain */
	bool pending_running;		/* the VM runs */
	char pending_domain[PLAN_NAME_MAX];
	struct pending_list pending;
	char pending_err[ERR_MAX];	/* why it is not known */
	/* the last apply changed the running VM's seed CD-ROM but could not
	 * write its files through the guest agent: its network settings
	 * change at its next boot (noted by this console only) */
	bool boot_pending;
	char boot_domain[PLAN_NAME_MAX];
	bool pending_boot_item;		/* the last item of pending is it */

	/* restarting the VM */
	enum apply_ui_restart restart;
	char restart_domain[PLAN_NAME_MAX];
	char restart_msg[APPLY_UI_MSG_MAX];
	int64_t restart_deadline_ms;
	int restart_timer;
};

void apply_ui_init(struct apply_ui *au);
/* Frees everything; a transaction still open is freed, not rolled back
 * (apply_ui_close does that). */
void apply_ui_free(struct apply_ui *au);

/* Runs the apply in loop L; CHANGED(CTX) asks for a redraw. */
void apply_ui_attach(struct apply_ui *au, struct loop *l,
		     void (*changed)(void *ctx), void *ctx);

/* "confirm_timeout" from the settings file (SETTINGS_PATH, the program
 * passes $EDGENET_SETTINGS; NULL: /etc/edgenet/edgenet.conf, then the
 * installed one), 1-86400 s, else
 * APPLY_CONFIRM_DEFAULT (60 s) - as `edgenet apply` reads it. */
long apply_ui_confirm_timeout(const char *settings_path);

/* Plans the steps for A's working plan again and keeps their report
 * (preview, preview_diags).  0, or -1 (the reason is in preview_diags or
 * no_apply). */
int apply_ui_preview(struct apply_ui *au, struct app *a);

/* Starts applying A's working plan: plans it again (refused when the
 * steps differ from the preview the technician read), opens the
 * transaction and lets the loop run it.  0, or -1 with a sentence for
 * the status line in MSG (nothing was changed then). */
int apply_ui_begin(struct apply_ui *au, struct app *a, char *msg,
		   size_t msglen);

/* The technician's answer during the countdown. */
void apply_ui_answer(struct apply_ui *au, bool keep);

/* An apply is under way (running, counting down, rolling back). */
bool apply_ui_busy(const struct apply_ui *au);
/* The apply ended (kept, rolled back, or left incomplete). */
bool apply_ui_finished(const struct apply_ui *au);

/* The manager's hooks (struct app_apply_hooks, registered by
 * registry.c).  The console's libvirt connection went away (BACK false:
 * what waits for the VM's next start is dropped) or came back (BACK
 * true: it is read again); A's apply may be NULL. */
void apply_ui_virt_changed(struct app *a, bool back);
/* A's apply is under way (apply_ui_busy); false without one. */
bool apply_ui_app_busy(const struct app *a);

/* Ends an apply that is still under way because the console closes:
 * rolls back what was done (at once, not per turn); or ends a restart of
 * the VM (see apply_ui_restart).  Returns a sentence for stderr, or NULL
 * when nothing was under way (static storage). */
const char *apply_ui_close(struct apply_ui *au);

/* A short sentence about the last apply or the recovery at start, for
 * the home screen, and the style to show it in; false when there is
 * nothing to say (or AU is NULL). */
bool apply_ui_summary(const struct apply_ui *au, char *buf, size_t len,
		      enum term_style *style);

/* The state's word for the progress screen ("done", "rolled back"...). */
const char *apply_ui_state_word(const struct apply_ui *au,
				const struct apply_ui_row *r);

/* Reads again what waits for DOMAIN's next start (au->pending...).
 * Nothing happens without the backend's pending op. */
void apply_ui_pending_read(struct apply_ui *au, const char *domain);
/* Changes wait for DOMAIN's next start (as last read). */
bool apply_ui_pending_for(const struct apply_ui *au, const char *domain);
/* One sentence for the screens: "2 changes wait for VM edge-vm's next
 * start: ...".  false when nothing is known to wait. */
bool apply_ui_pending_text(const struct apply_ui *au, const char *domain,
			   char *buf, size_t len);

/* Restarts DOMAIN so that its persistent definition takes effect: asks it
 * to shut down, waits (on a loop timer, at most APPLY_UI_RESTART_WAIT_S)
 * until it is off, starts it, and reads what is pending again.  A
 * reboot inside the VM would not do: it keeps the running definition.
 * 0 under way or done (MSG says which), or -1 with a sentence in MSG
 * (refused, or it failed; au->restart_msg too).  apply_ui_close, when
 * the console closes meanwhile, starts a VM that is already off and
 * says what is left. */
int apply_ui_restart(struct apply_ui *au, struct app *a, const char *domain,
		     char *msg, size_t msglen);
/* A restart is under way. */
bool apply_ui_restarting(const struct apply_ui *au);

/* ---- in the program only (apply_run.c, which links the backends) ---- */

struct virt_conn;

/* Sets up the console's apply on connection VC (after app_open_state,
 * before the host is first read): the backend, the countdown from the
 * settings, the recovery of an interrupted apply.  Sets A->apply. */
struct apply_ui *apply_run_open(struct app *a, struct virt_conn *vc,
				struct loop *l, void (*changed)(void *ctx),
				void *ctx);
/* The console closes: an apply still under way is rolled back.  Returns
 * a sentence for stderr, or NULL. */
const char *apply_run_close(struct app *a);

#endif
