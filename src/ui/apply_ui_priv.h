/*
 * apply_ui_priv.h - what the files of the apply's console side share and
 * nobody else (apply_ui.c: state, preview, rows, summary; apply_ui_txn.c:
 * the transaction on the loop; apply_ui_restart.c: what waits for the
 * VM's next start, and the restart).  Console layer.
 */
#ifndef EDGENET_UI_APPLY_UI_PRIV_H
#define EDGENET_UI_APPLY_UI_PRIV_H

#include "core/apply_txn.h"
#include "core/diag.h"
#include "ui/app.h"
#include "ui/apply_ui.h"

/* The next step's timer.  1 ms, not 0: the loop fires a timer added
 * while it fires timers in the same pass when it is already due, so a
 * 0 ms chain could run several steps before a redraw or a key. */
#define TURN_MS 1

/* Cancels the step or countdown timer, and the restart's poll timer. */
void apply_ui_cancel_timer(struct apply_ui *au);
void apply_ui_cancel_restart_timer(struct apply_ui *au);

/* Drops the transaction, its rows and report, and its timer: the apply
 * is idle again (before a new one, and when the state is freed). */
void apply_ui_reset_run(struct apply_ui *au);

/* Tells the loop's owner that the progress changed (au->changed). */
void apply_ui_notify(struct apply_ui *au);

/* Drops the review's preview. */
void apply_ui_preview_clear(struct apply_ui *au);

/* Plans A's working plan into STEPS, the diagnostics into D. */
int apply_ui_plan_steps(struct apply_ui *au, struct app *a,
			struct apply_steps *steps, struct diag_list *d);

/* Copies what the transaction says about each step into the rows. */
void apply_ui_sync_rows(struct apply_ui *au);

#endif
