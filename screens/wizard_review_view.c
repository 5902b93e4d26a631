/*
 * wizard_review_view.c - the rows of the review's view (see
 * wizard_review.c for what the step shows and why): the overwrite
 * question's difference, every diagnostic of the check by its field's
 * label, the preflight's results, the notes of a deployment read back,
 * the plan in words, what waits for the VM's next start, and exactly
 * what Apply changes on the host.  Reads the app, the preflight and the
 * apply's preview; writes only the review's view and its state.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/describe.h"
#include "core/probe_verdict.h"
#include "screens/wizard_review.h"
#include "tui/widget.h"
#include "ui/app.h"
#include "ui/apply_ui.h"
#include "ui/diag_ui.h"
#include "ui/wizard.h"

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
			 "(%.1f s): Apply is refused until its verdict.",
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

void wizard_review_build(struct screen *s)
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
