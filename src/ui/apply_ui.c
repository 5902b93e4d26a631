/*
 * apply_ui.c - the console's side of an apply (see apply_ui.h): the
 * preview for the review step, the transaction run one step per turn of
 * the poll() loop, the confirmation countdown on a loop timer, commit or
 * rollback, and the rows and report the progress screen shows.  No
 * libvirt here: the backend's functions come in through au->be, so the
 * screen tests link this without one.
 *
 * Touches: the state directory (through apply_txn), the host through the
 * backend's apply_ops, app->status and app_refresh_host once an apply
 * ends; reads the settings file for "confirm_timeout".
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/describe.h"
#include "core/planfile.h"
#include "core/settings.h"
#include "tui/loop.h"
#include "tui/widget.h"
#include "ui/app.h"
#include "ui/apply_ui.h"

/* The next step's timer.  1 ms, not 0: the loop fires a timer added
 * while it fires timers in the same pass when it is already due, so a
 * 0 ms chain could run several steps before a redraw or a key. */
#define TURN_MS 1

void apply_ui_init(struct apply_ui *au)
{
	memset(au, 0, sizeof(*au));
	diag_list_init(&au->preview_diags);
	au->timeout_s = APPLY_CONFIRM_DEFAULT;
	au->stage = AUI_IDLE;
}

static void cancel_timer(struct apply_ui *au)
{
	if (au->timer > 0 && au->loop)
		loop_cancel_timer(au->loop, au->timer);
	au->timer = 0;
}

static void cancel_restart_timer(struct apply_ui *au)
{
	if (au->restart_timer > 0 && au->loop)
		loop_cancel_timer(au->loop, au->restart_timer);
	au->restart_timer = 0;
}

void apply_ui_free(struct apply_ui *au)
{
	cancel_timer(au);
	cancel_restart_timer(au);
	apply_txn_free(au->txn);
	au->txn = NULL;
	free(au->rows);
	au->rows = NULL;
	au->nrows = 0;
	free(au->report);
	au->report = NULL;
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

static void notify(struct apply_ui *au)
{
	if (au->changed)
		au->changed(au->changed_ctx);
}

/* ---- the preview ---- */

static void preview_clear(struct apply_ui *au)
{
	free(au->preview);
	au->preview = NULL;
	au->preview_ok = false;
	au->preview_steps = 0;
	diag_list_clear(&au->preview_diags);
}

/* Plans A's working plan into STEPS, the diagnostics into D. */
static int plan_steps(struct apply_ui *au, struct app *a,
		      struct apply_steps *steps, struct diag_list *d)
{
	if (!au->be.prepare) {
		diag_add(d, DIAG_ERROR, "", "%s", au->no_apply[0] ?
			 au->no_apply : "there is no libvirt connection");
		return -1;
	}
	if (a->virt_down) {
		/* the connection is being made again (ui/conn_run.c) */
		char why[APP_MSG_MAX];

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

	preview_clear(au);
	apply_steps_init(&steps);
	if (plan_steps(au, a, &steps, &au->preview_diags) == 0) {
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

/* Copies what the transaction says about each step into the rows. */
static void sync_rows(struct apply_ui *au)
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
		ui_copy(r->text, sizeof(r->text), s->text);
		ui_copy(r->undo_text, sizeof(r->undo_text), s->undo_text);
		r->state = run->state;
		ui_copy(r->note, sizeof(r->note), run->note);
		ui_copy(r->error, sizeof(r->error), run->error);
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

/* ---- running ---- */

static void turn(struct loop *l, void *ctx);
static void tick(struct loop *l, void *ctx);

static void arm(struct apply_ui *au, unsigned ms, loop_timer_fn fn)
{
	cancel_timer(au);
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
	cancel_timer(au);
	sync_rows(au);
	for (size_t i = 0; i < au->nrows; i++)
		au->rows[i].current = false;
	free(au->report);
	au->report = au->txn ? apply_txn_report(au->txn) : NULL;
	apply_txn_free(au->txn);
	au->txn = NULL;
	preview_clear(au);	/* the host changed: the review plans again */
	if (au->app)
		app_refresh_host(au->app);
}

static void end_rollback(struct apply_ui *au, enum apply_result r)
{
	au->stage = r == APPLY_ROLLED_BACK ? AUI_ROLLED_BACK : AUI_INCOMPLETE;
	if (au->stage == AUI_INCOMPLETE && au->txn && !au->error[0])
		ui_copy(au->error, sizeof(au->error), apply_txn_error(au->txn));
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
	sync_rows(au);
	arm(au, TURN_MS, turn);
}

static void countdown(struct apply_ui *au)
{
	int64_t rem = au->deadline_ms - loop_now_ms();
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
	notify(au);
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
		sync_rows(au);
		if (r == APPLY_MORE) {
			arm(au, TURN_MS, turn);
		} else if (r == APPLY_READY) {
			au->stage = AUI_CONFIRM;
			sync_rows(au);
			au->deadline_ms = loop_now_ms() +
					  (int64_t)au->timeout_s * 1000;
			countdown(au);
		} else {
			ui_copy(au->error, sizeof(au->error),
				apply_txn_error(au->txn));
			begin_rollback(au, AUI_WHY_FAILED);
		}
	} else if (au->stage == AUI_ROLLING_BACK) {
		r = apply_txn_rollback_step(au->txn);
		sync_rows(au);
		if (r == APPLY_MORE)
			arm(au, TURN_MS, turn);
		else
			end_rollback(au, r);
	}
	notify(au);
}

static void reset_run(struct apply_ui *au)
{
	cancel_timer(au);
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

int apply_ui_begin(struct apply_ui *au, struct app *a, char *msg,
		   size_t msglen)
{
	struct apply_steps steps;
	struct apply_ops ops;
	struct diag_list d;
	char err[APPLY_UI_MSG_MAX], label[160], *text = NULL, *rep = NULL;
	const struct diag *first;
	int rc = -1;

	if (apply_ui_busy(au)) {
		snprintf(msg, msglen, "An apply is already under way.");
		return -1;
	}
	diag_list_init(&d);
	apply_steps_init(&steps);
	if (plan_steps(au, a, &steps, &d) < 0) {
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
	reset_run(au);
	au->be.ops(au->be.ctx, &ops);
	text = planfile_format(&a->work);
	au->nrows = steps.count;
	au->rows = calloc(steps.count, sizeof(*au->rows));
	if (!au->rows) {
		au->nrows = 0;
		snprintf(msg, msglen, "Out of memory; nothing was changed.");
		goto out;
	}
	ui_copy(au->uri, sizeof(au->uri), a->uri);
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
	sync_rows(au);
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
			ui_copy(domain, len, s->object);
		}
	}
	return seed && !files;
}

void apply_ui_answer(struct apply_ui *au, bool keep)
{
	enum apply_result r;

	if (au->stage != AUI_CONFIRM || !au->txn)
		return;
	cancel_timer(au);
	if (!keep) {
		begin_rollback(au, AUI_WHY_REFUSED);
		notify(au);
		return;
	}
	r = apply_txn_commit(au->txn);
	if (r != APPLY_COMMITTED) {
		/* the change is in place; the journal could not be closed */
		au->why = AUI_WHY_COMMIT;
		ui_copy(au->error, sizeof(au->error), apply_txn_error(au->txn));
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
	notify(au);
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

/* The console closes during a restart: a VM already off is started
 * again at once; one still shutting down is left to finish, and said. */
static const char *close_restart(struct apply_ui *au)
{
	static char msg[APPLY_UI_MSG_MAX + 256];
	char err[APPLY_UI_MSG_MAX];

	cancel_restart_timer(au);
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
	cancel_timer(au);
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

/* ---- what waits for the VM's next start; restarting it ---- */

void apply_ui_pending_read(struct apply_ui *au, const char *domain)
{
	char err[APPLY_UI_MSG_MAX];
	bool running = false;

	if (!au || !au->be.pending || !domain || !domain[0])
		return;
	au->pending_known = false;
	au->pending_err[0] = '\0';
	ui_copy(au->pending_domain, sizeof(au->pending_domain), domain);
	if (au->be.pending(au->be.ctx, domain, &au->pending, &running, err,
			   sizeof(err)) < 0) {
		pending_init(&au->pending);
		ui_copy(au->pending_err, sizeof(au->pending_err), err);
		return;
	}
	au->pending_running = running;
	au->pending_known = true;
	au->pending_boot_item = false;
	if (running && au->boot_pending && !strcmp(au->boot_domain, domain) &&
	    au->pending.count < PENDING_MAX) {
		struct pending_item *it = &au->pending.items[au->pending.count++];

		it->mac[0] = '\0';
		au->pending_boot_item = true;
		snprintf(it->text, sizeof(it->text), "its network settings from "
			 "the new seed (the networkd files) take effect at its "
			 "next boot: its guest agent could not write them now "
			 "(this console's last apply noted it)");
	}
}

bool apply_ui_pending_for(const struct apply_ui *au, const char *domain)
{
	return au && au->pending_known && au->pending.count && domain &&
	       !strcmp(au->pending_domain, domain);
}

bool apply_ui_pending_text(const struct apply_ui *au, const char *domain,
			   char *buf, size_t len)
{
	char list[PENDING_MAX * 80];

	if (!apply_ui_pending_for(au, domain))
		return false;
	pending_join(&au->pending, list, sizeof(list));
	snprintf(buf, len, "%zu change%s wait%s for VM %s's next start "
		 "(%s): %s.", au->pending.count,
		 au->pending.count == 1 ? "" : "s",
		 au->pending.count == 1 ? "s" : "", domain,
		 au->pending_boot_item && au->pending.count == 1 ?
		 "a reboot of the VM is enough" : "a shutdown and a start; a "
		 "reboot inside the VM is not enough", list);
	return true;
}

bool apply_ui_restarting(const struct apply_ui *au)
{
	return au && au->restart == AUI_RS_STOPPING;
}

static void restart_end(struct apply_ui *au, enum apply_ui_restart how,
			enum term_style style)
{
	cancel_restart_timer(au);
	au->restart = how;
	apply_ui_pending_read(au, au->restart_domain);
	if (au->app) {
		app_status(au->app, style, "%s", au->restart_msg);
		app_refresh_host(au->app);
	}
	notify(au);
}

/* Every 250 ms while the VM shuts down: started again once it is off. */
static void restart_poll(struct loop *l, void *ctx)
{
	struct apply_ui *au = ctx;
	char err[APPLY_UI_MSG_MAX];
	int r;

	(void)l;
	au->restart_timer = 0;
	if (au->restart != AUI_RS_STOPPING)
		return;
	r = au->be.vm_running(au->be.ctx, au->restart_domain, err,
			      sizeof(err));
	if (r < 0) {
		snprintf(au->restart_msg, sizeof(au->restart_msg), "Restart "
			 "of VM %s stopped: %.400s", au->restart_domain, err);
		restart_end(au, AUI_RS_FAILED, TS_ERROR);
		return;
	}
	if (r == 0) {
		if (au->be.vm_start(au->be.ctx, au->restart_domain, err,
				    sizeof(err)) < 0) {
			snprintf(au->restart_msg, sizeof(au->restart_msg),
				 "VM %s was shut down but could not be started "
				 "again: %.400s", au->restart_domain, err);
			restart_end(au, AUI_RS_FAILED, TS_ERROR);
			return;
		}
		snprintf(au->restart_msg, sizeof(au->restart_msg), "VM %s was "
			 "shut down and started: the applied changes are in "
			 "effect.", au->restart_domain);
		if (!strcmp(au->boot_domain, au->restart_domain))
			au->boot_pending = false;
		restart_end(au, AUI_RS_DONE, TS_OK);
		return;
	}
	if (loop_now_ms() >= au->restart_deadline_ms) {
		snprintf(au->restart_msg, sizeof(au->restart_msg), "VM %s did "
			 "not shut down within %d s (its guest did not act on "
			 "the request); it still runs as before. Shut it down "
			 "from inside, then start it (or force it off: virsh "
			 "destroy %s, then virsh start %s).",
			 au->restart_domain, APPLY_UI_RESTART_WAIT_S,
			 au->restart_domain, au->restart_domain);
		restart_end(au, AUI_RS_FAILED, TS_ERROR);
		return;
	}
	if (au->loop) {
		au->restart_timer = loop_add_timer(au->loop, 250, restart_poll,
						   au);
		if (au->restart_timer < 0)
			au->restart_timer = 0;
	}
}

int apply_ui_restart(struct apply_ui *au, struct app *a, const char *domain,
		     char *msg, size_t msglen)
{
	char err[APPLY_UI_MSG_MAX];

	if (!au || !au->be.vm_shutdown || !au->be.vm_running ||
	    !au->be.vm_start) {
		snprintf(msg, msglen, "The VM cannot be restarted from here "
			 "without a libvirt connection.");
		return -1;
	}
	if (apply_ui_busy(au) || apply_ui_restarting(au)) {
		snprintf(msg, msglen, "Wait: an apply or a restart is under "
			 "way.");
		return -1;
	}
	if (au->be.vm_shutdown(au->be.ctx, domain, err, sizeof(err)) < 0) {
		snprintf(msg, msglen, "VM %s was not restarted: %.400s", domain,
			 err);
		return -1;
	}
	au->app = a;
	ui_copy(au->restart_domain, sizeof(au->restart_domain), domain);
	snprintf(au->restart_msg, sizeof(au->restart_msg), "VM %s is "
		 "shutting down; it is started again once it is off (at most "
		 "%d s).", domain, APPLY_UI_RESTART_WAIT_S);
	au->restart = AUI_RS_STOPPING;
	au->restart_deadline_ms = loop_now_ms() +
				  (int64_t)APPLY_UI_RESTART_WAIT_S * 1000;
	restart_poll(au->loop, au);	/* off at once on some hosts */
	snprintf(msg, msglen, "%s", au->restart_msg);
	return au->restart == AUI_RS_FAILED ? -1 : 0;
}
