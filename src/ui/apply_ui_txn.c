/*
 * apply_ui_txn.c - an apply's transaction on the poll() loop (see
 * apply_ui.h): begun from the review, one step per turn of the loop,
 * the confirmation countdown on a loop timer, commit or rollback (also
 * when the console closes mid-apply).  Touches: the state directory
 * (through apply_txn), the host through the backend's apply_ops,
 * app->status and app_refresh_host once an apply ends.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/describe.h"
#include "core/err.h"
#include "core/planfile.h"
#include "core/str.h"
#include "tui/loop.h"
#include "tui/widget.h"
#include "ui/app.h"
#include "ui/apply_ui.h"
#include "ui/apply_ui_priv.h"

/* ---- running ---- */

static void turn(struct loop *l, void *ctx);

static void tick(struct loop *l, void *ctx);

static void arm(struct apply_ui *au, unsigned ms, loop_timer_fn fn)
{
	apply_ui_cancel_timer(au);
	if (!au->loop)
		return;
	au->timer = loop_add_timer(au->loop, ms, fn, au);
	if (au->timer < 0)
		au->timer = 0;
}

/* The apply is over: keep the report, let go of the transaction, and
 * read the host again so that the other screens show what is there. */
static void finish(struct apply_ui *au)
{
	apply_ui_cancel_timer(au);
	apply_ui_sync_rows(au);
	for (size_t i = 0; i < au->nrows; i++)
		au->rows[i].current = false;
	free(au->report);
	au->report = au->txn ? apply_txn_report(au->txn) : NULL;
	apply_txn_free(au->txn);
	au->txn = NULL;
	apply_ui_preview_clear(au);	/* the host changed: the review plans again */
	if (au->app)
		app_refresh_host(au->app);
}

static void end_rollback(struct apply_ui *au, enum apply_result r)
{
	au->stage = r == APPLY_ROLLED_BACK ? AUI_ROLLED_BACK : AUI_INCOMPLETE;
	if (au->stage == AUI_INCOMPLETE && au->txn && !au->error[0])
		str_copy(au->error, sizeof(au->error), apply_txn_error(au->txn));
	finish(au);
	if (au->app)
		app_status(au->app, au->stage == AUI_ROLLED_BACK ? TS_WARNING :
			   TS_ERROR, "%s", au->stage == AUI_ROLLED_BACK ?
			   "Rolled back: the host is as it was before." :
			   "The rollback could NOT undo everything: see the "
			   "list.");
}

static void begin_rollback(struct apply_ui *au, enum apply_ui_why why)
{
	au->why = why;
	au->stage = AUI_ROLLING_BACK;
	apply_ui_sync_rows(au);
	arm(au, TURN_MS, turn);
}

static void countdown(struct apply_ui *au)
{
	int64_t rem = au->deadline_ms - clock_now_ms();
	long left;

	if (rem <= 0) {
		au->left_s = 0;
		begin_rollback(au, AUI_WHY_TIMEOUT);
		return;
	}
	left = (long)((rem + 999) / 1000);
	au->left_s = left;
	/* the next whole second */
	arm(au, (unsigned)(rem - (int64_t)(left - 1) * 1000), tick);
}

static void tick(struct loop *l, void *ctx)
{
	struct apply_ui *au = ctx;

	(void)l;
	au->timer = 0;
	if (au->stage != AUI_CONFIRM)
		return;
	countdown(au);
	apply_ui_notify(au);
}

/* One step (or one undo) per turn of the loop. */
static void turn(struct loop *l, void *ctx)
{
	struct apply_ui *au = ctx;
	enum apply_result r;

	(void)l;
	au->timer = 0;
	if (!au->txn)
		return;
	if (au->stage == AUI_RUNNING) {
		r = apply_txn_step(au->txn);
		apply_ui_sync_rows(au);
		if (r == APPLY_MORE) {
			arm(au, TURN_MS, turn);
		} else if (r == APPLY_READY) {
			au->stage = AUI_CONFIRM;
			apply_ui_sync_rows(au);
			au->deadline_ms = clock_now_ms() +
					  (int64_t)au->timeout_s * 1000;
			countdown(au);
		} else {
			str_copy(au->error, sizeof(au->error),
				apply_txn_error(au->txn));
			begin_rollback(au, AUI_WHY_FAILED);
		}
	} else if (au->stage == AUI_ROLLING_BACK) {
		r = apply_txn_rollback_step(au->txn);
		apply_ui_sync_rows(au);
		if (r == APPLY_MORE)
			arm(au, TURN_MS, turn);
		else
			end_rollback(au, r);
	}
	apply_ui_notify(au);
}

int apply_ui_begin(struct apply_ui *au, struct app *a, char *msg,
		   size_t msglen)
{
	struct apply_steps steps;
	struct apply_ops ops;
	struct diag_list d;
	char err[ERR_MAX], label[160], *text = NULL, *rep = NULL;
	const struct diag *first;
	int rc = -1;

	if (apply_ui_busy(au)) {
		snprintf(msg, msglen, "An apply is already under way.");
		return -1;
	}
	diag_list_init(&d);
	apply_steps_init(&steps);
	if (apply_ui_plan_steps(au, a, &steps, &d) < 0) {
		first = d.count ? &d.items[0] : NULL;
		for (size_t i = 0; i < d.count; i++)
			if (d.items[i].severity == DIAG_ERROR) {
				first = &d.items[i];
				break;
			}
		snprintf(msg, msglen, "Apply refused, nothing was changed: "
			 "%s%s%.400s", first && first->path[0] ?
			 plan_field_label(&a->work, first->path, label,
					  sizeof(label)) : "",
			 first && first->path[0] ? ": " : "",
			 first && first->message ? first->message :
			 "the plan cannot be applied");
		apply_ui_preview(au, a);
		goto out;
	}
	rep = apply_steps_report(&steps);
	if (!rep || !au->preview || strcmp(rep, au->preview) != 0) {
		apply_ui_preview(au, a);
		snprintf(msg, msglen, "The host changed since this review was "
			 "drawn: read the changes again, then Apply.");
		goto out;
	}
	if (steps.count == 0) {
		snprintf(msg, msglen, "Nothing to change: %s is already as the "
			 "plan says.", a->uri[0] ? a->uri : "the host");
		rc = 1;
		goto out;
	}
	apply_ui_reset_run(au);
	au->be.ops(au->be.ctx, &ops);
	text = planfile_format(&a->work);
	au->nrows = steps.count;
	au->rows = calloc(steps.count, sizeof(*au->rows));
	if (!au->rows) {
		au->nrows = 0;
		snprintf(msg, msglen, "Out of memory; nothing was changed.");
		goto out;
	}
	str_copy(au->uri, sizeof(au->uri), a->uri);
	au->txn = apply_txn_new(&steps, &ops, a->st.dir, a->uri, text,
				a->opts ? a->opts->faults : NULL, err,
				sizeof(err));
	if (!au->txn) {
		free(au->rows);
		au->rows = NULL;
		au->nrows = 0;
		snprintf(msg, msglen, "Apply refused: %.600s", err);
		goto out;
	}
	au->app = a;
	au->stage = AUI_RUNNING;
	apply_ui_sync_rows(au);
	arm(au, TURN_MS, turn);
	rc = 0;
out:
	free(rep);
	free(text);
	apply_steps_free(&steps);
	diag_list_free(&d);
	return rc;
}

/* The seed CD-ROM of the running VM was changed, and no step wrote its
 * files through the guest agent: the guest reads them at its next boot.
 * The VM's name goes to DOMAIN. */
static bool seed_waits_for_boot(const struct apply_txn *t, char *domain,
				size_t len)
{
	bool seed = false, files = false;

	for (size_t i = 0; i < apply_txn_count(t); i++) {
		const struct apply_run *run;
		const struct apply_step *s = apply_txn_step_info(t, i, &run);

		if (!s)
			continue;
		if (s->kind == APPLY_GUEST_FILES)
			files = true;
		if (s->kind == APPLY_GUEST_SEED && s->live && run->live_done) {
			seed = true;
			str_copy(domain, len, s->object);
		}
	}
	return seed && !files;
}

void apply_ui_answer(struct apply_ui *au, bool keep)
{
	enum apply_result r;

	if (au->stage != AUI_CONFIRM || !au->txn)
		return;
	apply_ui_cancel_timer(au);
	if (!keep) {
		begin_rollback(au, AUI_WHY_REFUSED);
		apply_ui_notify(au);
		return;
	}
	r = apply_txn_commit(au->txn);
	if (r != APPLY_COMMITTED) {
		/* the change is in place; the journal could not be closed */
		au->why = AUI_WHY_COMMIT;
		str_copy(au->error, sizeof(au->error), apply_txn_error(au->txn));
	}
	au->stage = AUI_COMMITTED;
	au->boot_pending = seed_waits_for_boot(au->txn, au->boot_domain,
					       sizeof(au->boot_domain));
	finish(au);
	if (au->app) {
		apply_ui_pending_read(au, app_domain(au->app));
		if (r != APPLY_COMMITTED)
			app_status(au->app, TS_ERROR, "%s", au->error);
		else if (apply_ui_pending_for(au, app_domain(au->app)))
			app_status(au->app, TS_WARNING, "Applied and kept; "
				   "%zu change%s wait%s for VM %s's next start "
				   "(home: R).", au->pending.count,
				   au->pending.count == 1 ? "" : "s",
				   au->pending.count == 1 ? "s" : "",
				   app_domain(au->app));
		else
			app_status(au->app, TS_OK, "Applied and kept.");
	}
	apply_ui_notify(au);
}

/* The console closes during a restart: a VM already off is started
 * again at once; one still shutting down is left to finish, and said. */
static const char *close_restart(struct apply_ui *au)
{
	static char msg[APPLY_UI_MSG_MAX + 256];
	char err[ERR_MAX];

	apply_ui_cancel_restart_timer(au);
	au->restart = AUI_RS_FAILED;
	if (au->be.vm_running(au->be.ctx, au->restart_domain, err,
			      sizeof(err)) == 0) {
		if (au->be.vm_start(au->be.ctx, au->restart_domain, err,
				    sizeof(err)) == 0)
			snprintf(msg, sizeof(msg), "the console was closed "
				 "during the restart of VM %s: it was off, and "
				 "was started again", au->restart_domain);
		else
			snprintf(msg, sizeof(msg), "the console was closed "
				 "during the restart of VM %s: it is off and "
				 "could not be started (%.300s); start it with "
				 "virsh start %s", au->restart_domain, err,
				 au->restart_domain);
	} else {
		snprintf(msg, sizeof(msg), "the console was closed while VM %s "
			 "was shutting down: once it is off, start it with "
			 "virsh start %s", au->restart_domain,
			 au->restart_domain);
	}
	return msg;
}

const char *apply_ui_close(struct apply_ui *au)
{
	enum apply_result r;

	if (apply_ui_restarting(au))
		return close_restart(au);
	if (!apply_ui_busy(au) || !au->txn)
		return NULL;
	apply_ui_cancel_timer(au);
	if (au->why == AUI_WHY_NONE)
		au->why = AUI_WHY_CLOSED;
	au->app = NULL;		/* going away: nothing to refresh */
	r = apply_txn_rollback(au->txn);
	au->stage = r == APPLY_ROLLED_BACK ? AUI_ROLLED_BACK : AUI_INCOMPLETE;
	finish(au);
	if (r == APPLY_ROLLED_BACK)
		return "the console was closed before the apply was confirmed: "
		       "it was rolled back, and the host is as it was before";
	return "the console was closed during an apply, and the rollback "
	       "could NOT undo everything; the journal is kept and the next "
	       "start tries again";
}
