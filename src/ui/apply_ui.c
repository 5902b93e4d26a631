/*
 * apply_ui.c - the console's side of an apply (see apply_ui.h):
 * the state and its backend, the preview for the review step, the rows
 * and the report the progress screen shows, the summary for home, and
 * the manager's hooks (libvirt lost or back, busy).  The transaction run
 * on the loop is apply_ui_txn.c's, what waits for the VM's next start
 * and restarting it apply_ui_restart.c's; they share apply_ui_priv.h.
 * No libvirt here: the backend's functions come in through au->be, so
 * the screen tests link this without one.
 * Touches: app->status; reads the settings file for "confirm_timeout".
 * Direction: includes app.h; the manager reaches the apply only through
 * the hooks registry.c registers (apply_ui_virt_changed,
 * apply_ui_app_busy).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/settings.h"
#include "core/str.h"
#include "tui/loop.h"
#include "tui/widget.h"
#include "ui/app.h"
#include "ui/apply_ui.h"
#include "ui/apply_ui_priv.h"

void apply_ui_init(struct apply_ui *au)
{
	memset(au, 0, sizeof(*au));
	diag_list_init(&au->preview_diags);
	au->timeout_s = APPLY_CONFIRM_DEFAULT;
	au->stage = AUI_IDLE;
}

void apply_ui_cancel_timer(struct apply_ui *au)
{
	if (au->timer > 0 && au->loop)
		loop_cancel_timer(au->loop, au->timer);
	au->timer = 0;
}

void apply_ui_cancel_restart_timer(struct apply_ui *au)
{
	if (au->restart_timer > 0 && au->loop)
		loop_cancel_timer(au->loop, au->restart_timer);
	au->restart_timer = 0;
}

void apply_ui_reset_run(struct apply_ui *au)
{
	apply_ui_cancel_timer(au);
	apply_txn_free(au->txn);
	au->txn = NULL;
	free(au->rows);
	au->rows = NULL;
	au->nrows = 0;
	free(au->report);
	au->report = NULL;
	au->error[0] = '\0';
	au->why = AUI_WHY_NONE;
	au->left_s = 0;
	au->stage = AUI_IDLE;
}

void apply_ui_free(struct apply_ui *au)
{
	apply_ui_reset_run(au);
	apply_ui_cancel_restart_timer(au);
	free(au->preview);
	au->preview = NULL;
	free(au->recovery_msg);
	au->recovery_msg = NULL;
	diag_list_free(&au->preview_diags);
}

void apply_ui_attach(struct apply_ui *au, struct loop *l,
		     void (*changed)(void *ctx), void *ctx)
{
	au->loop = l;
	au->changed = changed;
	au->changed_ctx = ctx;
}

/* The settings file's confirm_timeout (core/settings.h), as for
 * `edgenet apply`. */
long apply_ui_confirm_timeout(const char *settings_path)
{
	return settings_confirm_timeout(settings_path, APPLY_CONFIRM_DEFAULT);
}

void apply_ui_notify(struct apply_ui *au)
{
	if (au->changed)
		au->changed(au->changed_ctx);
}

/* ---- the preview ---- */

void apply_ui_preview_clear(struct apply_ui *au)
{
	free(au->preview);
	au->preview = NULL;
	au->preview_ok = false;
	au->preview_steps = 0;
	diag_list_clear(&au->preview_diags);
}

int apply_ui_plan_steps(struct apply_ui *au, struct app *a,
			struct apply_steps *steps, struct diag_list *d)
{
	if (!au->be.prepare) {
		diag_add(d, DIAG_ERROR, "", "%s", au->no_apply[0] ?
			 au->no_apply : "there is no libvirt connection");
		return -1;
	}
	if (a->virt_down) {
		/* the connection is being made again (ui/conn_run.c) */
		char why[ERR_MAX];

		app_virt_down_text(a, why, sizeof(why));
		diag_add(d, DIAG_ERROR, "", "%s", why);
		return -1;
	}
	if (!a->state_ok) {
		diag_add(d, DIAG_ERROR, "", "%s", a->state_err[0] ?
			 a->state_err : "the state directory cannot be used");
		return -1;
	}
	return au->be.prepare(au->be.ctx, &a->work, a->pol, &a->st, steps, d);
}

int apply_ui_preview(struct apply_ui *au, struct app *a)
{
	struct apply_steps steps;

	apply_ui_preview_clear(au);
	apply_steps_init(&steps);
	if (apply_ui_plan_steps(au, a, &steps, &au->preview_diags) == 0) {
		au->preview = apply_steps_report(&steps);
		au->preview_ok = au->preview != NULL;
		au->preview_steps = steps.count;
	}
	apply_steps_free(&steps);
	return au->preview_ok ? 0 : -1;
}

/* ---- the rows ---- */

static bool needs_undo(enum apply_state s)
{
	return s == APPLY_STEP_DOING || s == APPLY_STEP_DONE ||
	       s == APPLY_STEP_FAILED || s == APPLY_STEP_UNDOING;
}

void apply_ui_sync_rows(struct apply_ui *au)
{
	size_t i, cur = au->nrows;

	if (!au->txn)
		return;
	for (i = 0; i < au->nrows; i++) {
		const struct apply_run *run;
		const struct apply_step *s = apply_txn_step_info(au->txn, i,
								 &run);
		struct apply_ui_row *r = &au->rows[i];

		if (!s)
			continue;
		str_copy(r->text, sizeof(r->text), s->text);
		str_copy(r->undo_text, sizeof(r->undo_text), s->undo_text);
		r->state = run->state;
		str_copy(r->note, sizeof(r->note), run->note);
		str_copy(r->error, sizeof(r->error), run->error);
		r->current = false;
	}
	if (au->stage == AUI_RUNNING) {
		cur = apply_txn_done_count(au->txn);
	} else if (au->stage == AUI_ROLLING_BACK) {
		for (i = au->nrows; i-- > 0;)
			if (needs_undo(au->rows[i].state)) {
				cur = i;
				break;
			}
	}
	if (cur < au->nrows)
		au->rows[cur].current = true;
}

const char *apply_ui_state_word(const struct apply_ui *au,
				const struct apply_ui_row *r)
{
	bool rolling = au->stage == AUI_ROLLING_BACK && r->current;

	switch (r->state) {
	case APPLY_STEP_PENDING:
		if (au->stage == AUI_RUNNING)
			return r->current ? "running" : "pending";
		return "not started";
	case APPLY_STEP_DOING:
		return "running";
	case APPLY_STEP_DONE:
		return rolling ? "rolling back" : "done";
	case APPLY_STEP_FAILED:
		return rolling ? "rolling back" : "FAILED";
	case APPLY_STEP_UNDOING:
		return "rolling back";
	case APPLY_STEP_UNDONE:
		return r->error[0] ? "failed, rolled back" : "rolled back";
	case APPLY_STEP_UNDO_FAILED:
		return "NOT undone";
	default:
		return "?";
	}
}

bool apply_ui_busy(const struct apply_ui *au)
{
	return au && (au->stage == AUI_RUNNING || au->stage == AUI_CONFIRM ||
		      au->stage == AUI_ROLLING_BACK);
}

bool apply_ui_finished(const struct apply_ui *au)
{
	return au && (au->stage == AUI_COMMITTED ||
		      au->stage == AUI_ROLLED_BACK ||
		      au->stage == AUI_INCOMPLETE);
}

void apply_ui_virt_changed(struct app *a, bool back)
{
	if (!a->apply)
		return;
	a->apply->pending_known = false;
	if (back)
		a->apply->pending_err[0] = '\0';
	else
		a->apply->pending.count = 0;
}

bool apply_ui_app_busy(const struct app *a)
{
	return a->apply && apply_ui_busy(a->apply);
}

/* The first line of S into BUF. */
static void first_line(const char *s, char *buf, size_t len)
{
	size_t n = strcspn(s, "\n");

	if (n >= len)
		n = len - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
}

bool apply_ui_summary(const struct apply_ui *au, char *buf, size_t len,
		      enum term_style *style)
{
	size_t n = 0;

	if (!au || !len)
		return false;
	*style = au->stage == AUI_COMMITTED && au->why != AUI_WHY_COMMIT ?
		 TS_OK : au->stage == AUI_INCOMPLETE ||
		 au->why == AUI_WHY_COMMIT ? TS_ERROR : TS_WARNING;
	for (size_t i = 0; i < au->nrows; i++)
		if (au->rows[i].state != APPLY_STEP_PENDING)
			n++;
	switch (au->stage) {
	case AUI_COMMITTED:
		if (au->why == AUI_WHY_COMMIT)
			snprintf(buf, len, "applied (%zu steps), but: %s",
				 au->nrows, au->error);
		else
			snprintf(buf, len, "applied and kept: %zu step%s",
				 au->nrows, au->nrows == 1 ? "" : "s");
		return true;
	case AUI_ROLLED_BACK:
		snprintf(buf, len, "%s: rolled back (%zu of %zu steps undone); "
			 "the host is as it was before",
			 au->why == AUI_WHY_TIMEOUT ? "not confirmed in time" :
			 au->why == AUI_WHY_REFUSED ? "not kept" :
			 au->why == AUI_WHY_CLOSED ? "interrupted" :
			 "a step failed", n, au->nrows);
		return true;
	case AUI_INCOMPLETE:
		snprintf(buf, len, "the rollback could NOT undo everything "
			 "(%s); the next start tries again", au->error);
		return true;
	case AUI_RUNNING:
	case AUI_CONFIRM:
	case AUI_ROLLING_BACK:
		snprintf(buf, len, "under way");
		return true;
	case AUI_IDLE:
		break;
	}
	if (au->recovery != APPLY_RECOVERY_NONE && au->recovery_msg) {
		*style = au->recovery == APPLY_RECOVERY_FAILED ? TS_ERROR :
			 TS_WARNING;
		first_line(au->recovery_msg, buf, len);
		return true;
	}
	return false;
}
