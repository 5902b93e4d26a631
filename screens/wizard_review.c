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
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/describe.h"
#include "core/err.h"
#include "core/fileio.h"
#include "core/planfile.h"
#include "core/probe_verdict.h"
#include "core/textdiff.h"
#include "tui/widget.h"
#include "ui/app.h"
#include "ui/apply_ui.h"
#include "ui/diag_ui.h"
#include "ui/wizard.h"

enum { RV_VIEW = 1, RV_PATH, RV_SAVE, RV_APPLY, RV_HOME };

struct review {
	struct form form;
	struct widget view, path, result, save, apply, back, home;
	char result_text[APP_MSG_MAX + 4200];
	int wrap_w;
	bool view_full;		/* the view's rows ran out */
	/* saving over an existing file that would change: asked first */
	bool ask_overwrite;
	char *ask_diff;		/* the file now (-) and after saving (+) */
	char ask_note[ERR_MAX + 4200];	/* changed on disk... */
	unsigned pf_gen;	/* the preflight as last built */
};

static int review_create(struct screen *s)
{
	s->priv = calloc(1, sizeof(struct review));
	return s->priv ? 0 : -1;
}

static void ask_clear(struct review *p)
{
	free(p->ask_diff);
	p->ask_diff = NULL;
	p->ask_overwrite = false;
	p->ask_note[0] = '\0';
}

static void review_destroy(struct screen *s)
{
	struct review *p = s->priv;

	if (p)
		ask_clear(p);
	free(p);
}

/* Adds TEXT to the view wrapped to its width; FIRST prefixes the first
 * row, continuation rows are indented as much. */
static void view_add(struct review *p, const char *first, const char *text,
		     bool marked)
{
	int width = p->wrap_w > 20 ? p->wrap_w : 72;
	int ind = (int)strlen(first), n = (int)strlen(text);
	char row[WIDGET_ROW_LEN];

	if (p->view_full)
		return;
	if (p->view.nrows >= WIDGET_LIST_MAX - 1) {
		widget_add_row(&p->view, "... (the rest: `edgenet apply "
			       "--dry-run PLAN` prints everything)", false);
		p->view_full = true;
		return;
	}
	if (n == 0) {
		widget_add_row(&p->view, first, marked);
		return;
	}
	for (int off = 0, line = 0; off < n && !p->view_full; line++) {
		int take = n - off < width - ind ? n - off : width - ind;

		if (off + take < n) {
			int t = take;

			while (t > 10 && text[off + t] != ' ')
				t--;
			if (t > 10)
				take = t;
		}
		snprintf(row, sizeof(row), "%*s%.*s", ind, line ? "" : first,
			 take, text + off);
		if (p->view.nrows >= WIDGET_LIST_MAX - 1) {
			view_add(p, "", "", false);	/* says it is cut */
			return;
		}
		widget_add_row(&p->view, row, marked);
		off += take;
		while (text[off] == ' ')
			off++;
	}
}

static void review_describe_line(void *ctx, const char *line)
{
	view_add(ctx, "- ", line, false);
}

/* A diagnostic of the apply's planner that the check above has not
 * listed already. */
static bool diag_new(const struct app *a, const struct diag *d)
{
	for (size_t i = 0; i < a->diags.count; i++) {
		const struct diag *x = &a->diags.items[i];

		if (x->severity == d->severity &&
		    strcmp(x->path, d->path) == 0 && x->message && d->message &&
		    strcmp(x->message, d->message) == 0)
			return false;
	}
	return true;
}

static void view_diags(struct review *p, const struct app *a,
		       const struct diag_list *dl, bool only_new)
{
	for (size_t i = 0; i < dl->count; i++) {
		const struct diag *d = &dl->items[i];
		char first[DIAG_PATH_MAX + 16], msg[1024];
		char field[DIAG_PATH_MAX + PLAN_NAME_MAX];

		if (only_new && !diag_new(a, d))
			continue;
		snprintf(first, sizeof(first), "%s ",
			 d->severity == DIAG_ERROR ? "! error" : "  warning");
		snprintf(msg, sizeof(msg), "%s%s%s", d->path[0] ?
			 plan_field_label(&a->work, d->path, field,
					  sizeof(field)) : "",
			 d->path[0] ? ": " : "", d->message ? d->message : "");
		view_add(p, first, msg, d->severity == DIAG_ERROR);
	}
}

/* The preflight's results beside their fields, as the check's are: at
 * the top (TOP) while it runs or when it found something, else (all
 * fine, skipped, nothing to probe) after the plan's description. */
static void review_build_preflight(struct review *p, struct app *a,
				   bool top)
{
	const struct diag_ui_list *l = a->diag ? &a->diag->pre : NULL;
	char buf[PROBE_WHY_MAX + 200];
	char field[DIAG_PATH_MAX + PLAN_NAME_MAX];
	struct diag_list dl;
	bool all_skip = true;
	size_t ne = 0, nw = 0;

	if (!l || !l->started)
		return;
	p->pf_gen = l->gen;
	diag_list_init(&dl);
	diag_ui_verdicts(l, &dl);
	ne = diag_count(&dl, DIAG_ERROR);
	nw = diag_count(&dl, DIAG_WARNING);
	if (top != (l->running || ne + nw > 0)) {
		diag_list_free(&dl);
		return;
	}
	view_add(p, "", "", false);
	if (l->n == 0) {
		diag_list_free(&dl);
		view_add(p, "", "Preflight: nothing of this plan is probed on "
			 "the wire (no static address, no DHCP on an external "
			 "switch).", false);
		return;
	}
	for (size_t i = 0; i < l->n; i++)
		if (l->r[i].status != PROBE_SKIPPED ||
		    strcmp(l->r[i].why, l->r[0].why) != 0)
			all_skip = false;
	if (all_skip) {
		snprintf(buf, sizeof(buf), "Preflight skipped: %s", l->r[0].why);
		view_add(p, "", buf, false);
		diag_list_free(&dl);
		return;
	}
	if (l->running)
		snprintf(buf, sizeof(buf), "Preflight on the wire, running "
			 "(%.1f s): Apply waits for its verdict.",
			 diag_ui_elapsed_s(l));
	else if (ne + nw == 0)
		snprintf(buf, sizeof(buf), "Preflight on the wire: no "
			 "problem found.");
	else
		snprintf(buf, sizeof(buf), "Preflight on the wire finds %zu "
			 "error%s and %zu warning%s%s:", ne, ne == 1 ? "" : "s",
			 nw, nw == 1 ? "" : "s", ne ? " (Apply is refused until "
			 "the errors are fixed)" : "");
	view_add(p, "", buf, ne > 0);
	for (size_t i = 0; i < l->n; i++) {
		const struct probe_target *t = &l->t[i];
		const struct probe_result *r = &l->r[i];
		const char *w;

		plan_field_label(&l->plan, t->path, field, sizeof(field));
		if (l->running && (r->status == PROBE_RUNNING ||
				   r->status == PROBE_IDLE)) {
			snprintf(buf, sizeof(buf), "%s: %s, running... %.1f s",
				 field, probe_kind_title(t->kind),
				 diag_ui_elapsed_s(l));
			view_add(p, "  ", buf, false);
			continue;
		}
		if (r->status == PROBE_SKIPPED || r->status == PROBE_FAILED) {
			snprintf(buf, sizeof(buf), "%s: %s: %s", field,
				 probe_kind_title(t->kind), r->why);
			view_add(p, r->status == PROBE_SKIPPED ? "  skipped " :
				 "  not run ", buf, false);
			continue;
		}
		if (diag_ui_own_answer(l, i)) {
			snprintf(buf, sizeof(buf), "%s: only %s answered, the "
				 "MAC of NIC %s itself: the VM holds its "
				 "address already (not a conflict)", field,
				 t->own_mac, l->plan.nics[t->nic].name);
			view_add(p, "  ok ", buf, false);
			continue;
		}
		switch (diag_ui_level(l, i)) {
		case PROBE_LEVEL_OK:
			w = "  ok ";
			break;
		case PROBE_LEVEL_NONE:
			w = "  done ";
			break;
		default:
			continue;	/* its diagnostic says it below */
		}
		snprintf(buf, sizeof(buf), "%s: %s, no problem found", field,
			 probe_kind_title(t->kind));
		view_add(p, w, buf, false);
	}
	view_diags(p, a, &dl, false);
	diag_list_free(&dl);
}

/* Each line of TEXT as it is: the XML keeps its indentation, and a
 * wrapped line goes on under its text, after the indentation and a
 * "12. " or diff "+ " mark. */
static void view_lines(struct review *p, const char *text)
{
	char line[WIDGET_ROW_LEN * 4], lead[WIDGET_ROW_LEN];

	while (text && *text) {
		size_t n = strcspn(text, "\n"), k;

		snprintf(line, sizeof(line), "%.*s", (int)n, text);
		k = strspn(line, " ");
		if ((line[k] == '+' || line[k] == '-') && line[k + 1] == ' ')
			k += 2;
		else if (line[k] >= '0' && line[k] <= '9')
			k += strspn(line + k, "0123456789. ");
		if (k >= sizeof(lead) / 2 || line[k] == '\0')
			k = 0;
		snprintf(lead, sizeof(lead), "%.*s", (int)k, line);
		view_add(p, lead, line + k, false);
		text += n;
		if (*text == '\n')
			text++;
	}
}

/* The notes of the deployment the wizard opened (readback). */
static void review_build_notes(struct review *p, struct app *a)
{
	char buf[PLAN_NAME_MAX + 80];

	if (!a->opened || !a->notes.count ||
	    strcmp(a->opened_domain, app_domain(a)) != 0)
		return;
	view_add(p, "", "", false);
	snprintf(buf, sizeof(buf), "Read back from the deployment of %s "
		 "(check these):", a->opened_domain);
	view_add(p, "", buf, false);
	view_diags(p, a, &a->notes, false);
}

/* What waits for the VM's next start, and how to get it done. */
static void review_build_pending(struct review *p, struct app *a)
{
	char buf[APPLY_UI_MSG_MAX * 2];
	size_t n;

	if (!apply_ui_pending_text(a->apply, app_domain(a), buf, sizeof(buf)))
		return;
	n = strlen(buf);
	snprintf(buf + n, sizeof(buf) - n, " Left to do: restart the VM (R on "
		 "the home screen asks first); applying again changes "
		 "nothing there.");
	view_add(p, "", buf, false);
}

/* Exactly what Apply changes on the host, or why it cannot. */
static void review_build_apply(struct review *p, struct app *a)
{
	const struct apply_ui *au = a->apply;
	char buf[sizeof(a->uri) + 128];

	view_add(p, "", "", false);
	if (!au->preview_ok) {
		view_add(p, "", "Apply is not possible yet; nothing would be "
			 "changed:", true);
		view_diags(p, a, &au->preview_diags, true);
		return;
	}
	if (au->preview_steps == 0) {
		snprintf(buf, sizeof(buf), "Apply changes nothing: %s is "
			 "already as this plan says.", a->uri);
		view_add(p, "", buf, false);
		review_build_pending(p, a);
		return;
	}
	review_build_pending(p, a);
	snprintf(buf, sizeof(buf), "What Apply changes on %s, exactly (each "
		 "libvirt object's XML before and after):", a->uri);
	view_add(p, "", buf, false);
	view_diags(p, a, &au->preview_diags, true);
	view_lines(p, au->preview);
}

static void review_build(struct screen *s)
{
	struct review *p = s->priv;
	struct app *a = s->app;
	size_t ne = diag_count(&a->diags, DIAG_ERROR);
	size_t nw = diag_count(&a->diags, DIAG_WARNING);
	struct describe_host host = {
		.nets = a->nets_ok ? &a->nets : NULL,
		.links_local = describe_links_local(a->uri),
	};
	char buf[160];

	widget_clear_rows(&p->view);
	p->view_full = false;
	if (p->ask_overwrite) {
		char head[4200 + 160];

		snprintf(head, sizeof(head), "Saving replaces %.4000s; what "
			 "changes in it (- the file now, + after saving):",
			 a->plan_path);
		view_add(p, "", head, true);
		if (p->ask_note[0])
			view_add(p, "", p->ask_note, true);
		view_lines(p, p->ask_diff);
		view_add(p, "", "", false);
	}
	if (ne + nw == 0)
		snprintf(buf, sizeof(buf), "The check finds no problem.");
	else
		snprintf(buf, sizeof(buf), "The check finds %zu error%s and %zu "
			 "warning%s%s:", ne, ne == 1 ? "" : "s", nw,
			 nw == 1 ? "" : "s",
			 ne ? " (errors must be fixed before applying)" : "");
	view_add(p, "", buf, ne > 0);
	for (size_t i = 0; i < a->diags.count; i++) {
		const struct diag *d = &a->diags.items[i];
		char first[DIAG_PATH_MAX + 16], msg[1024];
		char field[DIAG_PATH_MAX + PLAN_NAME_MAX];

		snprintf(first, sizeof(first), "%s ",
			 d->severity == DIAG_ERROR ? "! error" : "  warning");
		snprintf(msg, sizeof(msg), "%s: %s",
			 plan_field_label(&a->work, d->path, field,
					  sizeof(field)),
			 d->message ? d->message : "");
		view_add(p, first, msg, d->severity == DIAG_ERROR);
	}
	review_build_preflight(p, a, true);
	review_build_notes(p, a);
	view_add(p, "", "", false);
	view_add(p, "", "What applying this plan will create or change:",
		 false);
	plan_describe(&a->work, &host, review_describe_line, p);
	review_build_preflight(p, a, false);
	if (a->state_err[0]) {
		view_add(p, "", "", false);
		view_add(p, "", a->state_err, false);
	}
	if (a->apply)
		review_build_apply(p, a);
}

static void review_enter(struct screen *s)
{
	struct review *p = s->priv;
	struct app *a = s->app;

	if (app_unsaved(a))
		p->result_text[0] = '\0';	/* an older save's result */
	ask_clear(p);
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
	review_build(s);
	form_focus(&p->form, &p->save);
}

/* Was PATH loaded (--plan) or saved earlier in this run?  Then a->saved
 * is what it held. */
static bool path_known(const struct app *a, const char *path)
{
	return (a->opts && a->opts->plan_path &&
		!strcmp(a->opts->plan_path, path)) ||
	       (a->wiz.saved_once && !strcmp(a->wiz.saved_path, path));
}

/* Saving over an existing file whose text would change: shows the
 * difference and asks.  True when the save must wait for the answer. */
static bool save_asks(struct screen *s)
{
	struct review *p = s->priv;
	struct app *a = s->app;
	char err[ERR_MAX], *old, *text;
	struct plan *disk;
	struct diag_list d;
	bool ask = false;
	size_t len;

	if (access(a->plan_path, F_OK) != 0)
		return false;		/* a new file */
	old = fileio_read_all(a->plan_path, 1024 * 1024, &len, err,
			      sizeof(err));
	text = planfile_format(&a->work);
	if (!text) {
		free(old);
		return false;		/* planfile_save says why */
	}
	if (!old || strcmp(old, text) != 0) {
		ask_clear(p);
		p->ask_diff = textdiff_lines(old ? old : "", text, 3, "  ");
		if (!old)
			snprintf(p->ask_note, sizeof(p->ask_note), "%.4000s "
				 "exists but cannot be read (%s): saving "
				 "replaces it whole.", a->plan_path, err);
		disk = old ? malloc(sizeof(*disk)) : NULL;
		diag_list_init(&d);
		if (disk && path_known(a, a->plan_path) &&
		    (planfile_load(a->plan_path, disk, NULL, &d) !=
		     PLANFILE_OK || !plan_equal(disk, &a->saved)))
			snprintf(p->ask_note, sizeof(p->ask_note), "%.4000s "
				 "CHANGED ON DISK since this console %s it: "
				 "saving throws those changes away (the lines "
				 "marked -).", a->plan_path, a->wiz.saved_once
				 && !strcmp(a->wiz.saved_path, a->plan_path) ?
				 "saved" : "loaded");
		else if (old && !path_known(a, a->plan_path))
			snprintf(p->ask_note, sizeof(p->ask_note), "%.4000s "
				 "is another plan than the one this wizard "
				 "opened.", a->plan_path);
		diag_list_free(&d);
		free(disk);
		p->ask_overwrite = p->ask_diff != NULL;
		ask = p->ask_overwrite;
	}
	free(old);
	free(text);
	if (!ask)
		return false;
	snprintf(p->result_text, sizeof(p->result_text), "%.4000s exists and "
		 "saving changes it: the difference is at the top of the "
		 "review.  Overwrite it?  y overwrite  n keep the file",
		 a->plan_path);
	p->result.style = TS_WARNING;
	p->result.hidden = false;
	p->view.top = 0;
	review_build(s);
	app_status(a, TS_WARNING, "Overwrite the plan file? y overwrite  n "
		   "keep it");
	return true;
}

static void review_save(struct screen *s, bool confirmed)
{
	struct review *p = s->priv;
	struct app *a = s->app;
	char err[ERR_MAX];
	size_t ne, nw;

	if (!p->path.text[0]) {
		app_status(a, TS_ERROR, "Type the file to save the plan to.");
		form_focus(&p->form, &p->path);
		return;
	}
	ui_copy(a->plan_path, sizeof(a->plan_path), p->path.text);
	if (!confirmed && save_asks(s))
		return;
	ask_clear(p);
	review_build(s);
	if (planfile_save(&a->work, a->plan_path, err, sizeof(err)) < 0) {
		snprintf(p->result_text, sizeof(p->result_text),
			 "Not saved: %s. Nothing was changed; fix the path or "
			 "the directory and save again.", err);
		p->result.style = TS_ERROR;
		p->result.hidden = false;
		app_status(a, TS_ERROR, "Not saved: %s", err);
		return;
	}
	a->saved = a->work;
	a->wiz.saved_once = true;
	ui_copy(a->wiz.saved_path, sizeof(a->wiz.saved_path),
		a->plan_path);
	ne = diag_count(&a->diags, DIAG_ERROR);
	nw = diag_count(&a->diags, DIAG_WARNING);
	snprintf(p->result_text, sizeof(p->result_text),
		 "Saved to %.1000s with %zu error%s and %zu warning%s. "
		 "`edgenet check %.1000s` gives the same verdict%s.", a->plan_path,
		 ne, ne == 1 ? "" : "s", nw, nw == 1 ? "" : "s", a->plan_path,
		 ne ? " (it exits 1 until the errors are fixed)" :
		      " (it exits 0)");
	p->result.style = ne ? TS_WARNING : TS_OK;
	p->result.hidden = false;
	app_status(a, TS_OK, "Plan saved to %s.", a->plan_path);
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
		review_build(s);
		return INTENT_HANDLED;
	}
	rc = apply_ui_begin(a->apply, a, msg, sizeof(msg));
	if (rc == 0)
		return intent_goto(SCR_APPLY);	/* under way: follow it */
	app_status(a, rc > 0 ? TS_OK : TS_ERROR, "%s", msg);
	review_build(s);	/* the preview may have changed */
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
		review_build(s);	/* the preflight moved on */
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
			review_save(s, true);
		} else if (key == 'n' || key == 'N' || key == 27) {
			ask_clear(p);
			p->result_text[0] = '\0';
			p->result.hidden = true;
			review_build(s);
			app_status(s->app, TS_DIM, "Not saved: %.400s is kept "
				   "as it was.", s->app->plan_path);
		}
		return INTENT_HANDLED;	/* nothing else until answered */
	}
	in = wizard_form_key(s, &p->form, key, false, &changed, &act);
	if (in == INTENT_NEXT)
		in = INTENT_HANDLED;	/* the last step */
	if (act == &p->save)
		review_save(s, false);
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
