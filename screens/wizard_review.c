/*
 * wizard_review.c - wizard step 6: every diagnostic plan_validate gives,
 * what the plan will create or change in plain words (plan_describe), and
 * saving the plan with the core's atomic planfile_save to a path the
 * technician confirms (the --plan file, else ./edge-plan.cfg).  After a
 * save it says that `edgenet check FILE` gives the same verdict.  A failed
 * save keeps everything typed and says why.
 *
 * With a libvirt host (app->apply), the review also shows exactly what
 * Apply changes there: each step, and each libvirt object's XML before
 * and after (apply_steps_report, planned afresh each time the review
 * opens), or why the plan cannot be applied; and the notes of a
 * deployment the wizard read back.  Apply (apply_ui_begin) starts the
 * transaction and hands over to the progress screen.  What waits for the
 * VM's next start (apply_ui_pending_read) is said as that, with the way
 * to restart it, never as something to apply again.
 *
 * The preflight (ui/diag_ui.h, started each time the review opens with a
 * libvirt host): the probes on the wire a plan needs before it is
 * applied (an address in use, a silent gateway, no DHCP server on an
 * external switch), each result beside its field in the same words as
 * the check's and under them while they run ("running... N.N s") or
 * when they found a problem; all fine, skipped or nothing to probe: a
 * line after the plan's description.  An address in use is
 * an error: Apply is refused naming the address and the MAC that
 * answered; while the preflight runs, Apply says it waits for it and
 * does nothing; warnings are shown and do not refuse.
 *
 * Every finding names its field by its label (plan_field_label: "NIC
 * eth0: gateway"), not by its path in the plan file.
 *
 * Save never replaces an existing file silently: when the file's text
 * would change, the review first shows the difference (textdiff, at the
 * top of the view), says when the file changed on disk since it was
 * loaded or saved, and asks (y overwrites, n keeps the file).
 *
 * This file holds the step itself (its form, keys, footer and Apply);
 * the view's rows are built in wizard_review_view.c, Save and its
 * question live in wizard_review_save.c (shared: wizard_review.h).
 */
#include "config.h"

#include <stdlib.h>

#include "core/probe_verdict.h"
#include "screens/wizard_review.h"
#include "tui/widget.h"
#include "ui/app.h"
#include "ui/apply_ui.h"
#include "ui/diag_ui.h"
#include "ui/wizard.h"

static int review_create(struct screen *s)
{
	s->priv = calloc(1, sizeof(struct review));
	return s->priv ? 0 : -1;
}

static void review_destroy(struct screen *s)
{
	struct review *p = s->priv;

	if (p)
		wizard_review_ask_clear(p);
	free(p);
}

static void review_enter(struct screen *s)
{
	struct review *p = s->priv;
	struct app *a = s->app;

	if (app_unsaved(a))
		p->result_text[0] = '\0';	/* an older save's result */
	wizard_review_ask_clear(p);
	if (a->apply && !apply_ui_busy(a->apply)) {
		apply_ui_preview(a->apply, a);	/* the host as it is */
		if (a->domain_exists == 1)
			apply_ui_pending_read(a->apply, app_domain(a));
		/* on the wire, as the plan is now */
		diag_ui_preflight(a->diag, a);
	}
	form_init(&p->form);
	widget_init(&p->view, W_LIST, RV_VIEW, "");
	p->view.selectable = false;
	p->view.height = 9;
	p->view.help = "Everything the check says about the plan (errors "
		       "must be fixed before it can be applied; warnings are "
		       "worth reading), then what applying it will do; with "
		       "a libvirt host, then exactly what Apply changes "
		       "there: each step and each object's XML before (-) "
		       "and after (+). Up/Down and PgUp/PgDn scroll.";
	widget_init(&p->path, W_TEXT, RV_PATH, "Save the plan to");
	p->path.filter = widget_filter_path;
	p->path.filter_msg = "a file path without spaces";
	p->path.maxlen = sizeof(a->plan_path) - 1 < WIDGET_TEXT_MAX - 1 ?
			 sizeof(a->plan_path) - 1 : WIDGET_TEXT_MAX - 1;
	p->path.width = 40;
	p->path.help = "The file the plan is written to (atomically: an "
		       "existing file is replaced only once the new one is "
		       "complete). `edgenet check FILE` checks it, and "
		       "`edgenet wizard --plan FILE` opens it again.";
	widget_set_text(&p->path, a->plan_path);
	widget_init(&p->result, W_LABEL, 0, p->result_text);
	p->result.hidden = p->result_text[0] == '\0';
	widget_init(&p->save, W_BUTTON, RV_SAVE, "Save");
	p->save.help = "Writes the plan to the file above.";
	widget_init(&p->apply, W_BUTTON, RV_APPLY, "Apply");
	p->apply.inline_next = true;
	p->apply.hidden = a->apply == NULL;
	p->apply.help = "Applies the plan to the libvirt host now, as one "
			"transaction: every step listed above is done and "
			"checked, and everything is rolled back if one fails. "
			"Then the change is kept only if you confirm it "
			"within the countdown. Saving the plan is separate.";
	widget_init(&p->back, W_BUTTON, WID_BACK, "Back");
	p->back.inline_next = true;
	p->back.help = "Back to the NICs step; nothing is lost.";
	widget_init(&p->home, W_BUTTON, RV_HOME, "Quit");
	p->home.inline_next = true;
	p->home.help = "Quits edgenet (asks first if the plan has unsaved "
		       "changes).";
	form_add(&p->form, &p->view);
	form_add(&p->form, &p->path);
	form_add(&p->form, &p->save);
	form_add(&p->form, &p->apply);
	form_add(&p->form, &p->back);
	form_add(&p->form, &p->home);
	form_add(&p->form, &p->result);
	wizard_review_build(s);
	form_focus(&p->form, &p->save);
}

/* Apply: the progress screen takes over, or the status line says why
 * not. */
static enum intent review_apply(struct screen *s)
{
	struct app *a = s->app;
	char msg[APP_MSG_MAX];
	int rc;

	if (!a->apply)
		return INTENT_HANDLED;
	rc = diag_ui_preflight_verdict(a->diag, &a->work, msg, sizeof(msg));
	if (rc != 0) {
		app_status(a, rc > 0 ? TS_WARNING : TS_ERROR, "%s", msg);
		wizard_review_build(s);
		return INTENT_HANDLED;
	}
	rc = apply_ui_begin(a->apply, a, msg, sizeof(msg));
	if (rc == 0)
		return intent_goto(SCR_APPLY);	/* under way: follow it */
	app_status(a, rc > 0 ? TS_OK : TS_ERROR, "%s", msg);
	wizard_review_build(s);	/* the preview may have changed */
	return INTENT_HANDLED;
}

static void review_draw(struct screen *s, WINDOW *w)
{
	struct review *p = s->priv;
	int top = wizard_draw_top(s, w, NULL);
	int width = getmaxx(w);

	int avail = getmaxy(w) - top + 1, extra = 0;

	if (p->wrap_w != width - 12 ||
	    (s->app->diag && s->app->diag->pre.started &&
	     p->pf_gen != s->app->diag->pre.gen)) {
		p->wrap_w = width - 12;
		wizard_review_build(s);	/* the preflight moved on */
	}
	if (!p->result.hidden)
		extra = ui_wrap(NULL, 0, 0, width - 2, 50, p->result_text, 0);
	p->view.height = avail - 2 - extra;
	if (p->view.height < 4)
		p->view.height = 4;
	form_draw(&p->form, w, top - 1, getmaxy(w) - top + 1);
	s->cur_y = p->form.cur_y;
	s->cur_x = p->form.cur_x;
}

static enum intent review_key(struct screen *s, int key)
{
	struct review *p = s->priv;
	struct widget *act;
	bool changed;
	enum intent in;

	if (key == KEY_NPAGE || key == KEY_PPAGE) {
		/* the review scrolls from any field */
		struct form view = { .n = 1, .focus = 0 };

		view.w[0] = &p->view;
		form_key(&view, key);
		return INTENT_HANDLED;
	}
	if (p->ask_overwrite) {
		if (key == 'y' || key == 'Y') {
			wizard_review_save(s, true);
		} else if (key == 'n' || key == 'N' || key == 27) {
			wizard_review_ask_clear(p);
			p->result_text[0] = '\0';
			p->result.hidden = true;
			wizard_review_build(s);
			app_status(s->app, TS_DIM, "Not saved: %.400s is kept "
				   "as it was.", s->app->plan_path);
		}
		return INTENT_HANDLED;	/* nothing else until answered */
	}
	in = wizard_form_key(s, &p->form, key, false, &changed, &act);
	if (in == INTENT_NEXT)
		in = INTENT_HANDLED;	/* the last step */
	if (act == &p->save)
		wizard_review_save(s, false);
	else if (act == &p->apply)
		return review_apply(s);
	else if (act == &p->home)
		return INTENT_QUIT;
	return in;
}

static const char *review_help(struct screen *s)
{
	struct review *p = s->priv;

	return wizard_form_help(&p->form, p->view.help);
}

static bool review_typing(struct screen *s)
{
	return form_typing(&((struct review *)s->priv)->form);
}

/* While the overwrite question waits, only its answers work (and
 * scrolling the review, help, quitting with F10 or ^X). */
static void review_footer(struct screen *s, struct footer *f)
{
	struct review *p = s->priv;

	if (!p->ask_overwrite)
		return;
	footer_own(f, "y overwrite  n keep the file  PgUp/PgDn scroll the "
		   "review");
	f->common = FOOTER_HELP | FOOTER_HELP_F1;
	f->esc = "keep the file";
}

/* The NIC of the preflight's first problem, else the NIC the wizard
 * was last about. */
static int review_focus_nic(struct screen *s)
{
	const struct app *a = s->app;

	if (a->diag && !a->diag->pre.running) {
		const struct diag_ui_list *l = &a->diag->pre;

		for (int lv = PROBE_LEVEL_ERROR; lv >= PROBE_LEVEL_WARNING; lv--)
			for (size_t i = 0; i < l->n; i++)
				if (diag_ui_level(l, i) == lv)
					return (int)l->t[i].nic;
	}
	return wizard_focus_nic(s);
}

const struct screen_class wizard_review_screen = {
	.id = SCR_REVIEW,
	.kind = SCREEN_WIZARD,
	.parent = SCR_NICS,
	.name = "wizard_review",
	.title = "Review and save",
	.step = 6,
	.keys = "PgUp/PgDn scroll the review",
	.create = review_create,
	.destroy = review_destroy,
	.enter = review_enter,
	.draw = review_draw,
	.key = review_key,
	.help = review_help,
	.typing = review_typing,
	.footer = review_footer,
	.focus_nic = review_focus_nic,
};
