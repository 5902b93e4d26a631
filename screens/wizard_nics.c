/*
 * wizard_nics.c - wizard step 5: the VM's NICs in order of priority.
 * Add a NIC (it goes through steps 2-4), edit one, remove one (never the
 * primary), move one up or down (the metrics follow: 100, 200, ...), set
 * a metric by hand, mark a NIC as an offline network (it gets no default
 * route, whatever its metric).  What plan_validate says about default
 * routes (ties, no primary, no NAT behind the default route) and about
 * the selected NIC (a subnet that overlaps another NIC's, ...) is listed
 * in words under the table; the route errors refuse Next.  A metric
 * typed by hand is taken only as a whole number (the check judges its
 * range); anything else stays in the field as typed, the NIC's metric
 * in the plan stays as it was, and the field, its row and the list of
 * findings say what to type instead.  The selected NIC's findings take
 * in its switch's too (a type the host profile does not allow is
 * reported at the switch), and name each field by its label
 * (plan_field_label), never by its path in the plan file.
 *
 * This file holds the step (its form, keys, adding, removing, moving);
 * the list's rows and the findings under it are built in
 * wizard_nics_rows.c (shared: wizard_nics.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/describe.h"
#include "screens/wizard_nics.h"
#include "tui/widget.h"
#include "ui/app.h"
#include "ui/wizard.h"

static int nics_create(struct screen *s)
{
	s->priv = calloc(1, sizeof(struct nics));
	return s->priv ? 0 : -1;
}

static void nics_destroy(struct screen *s)
{
	free(s->priv);
}

/* A metric as typed: digits only, no sign, no spaces; empty is "from
 * its place" (-1).  True with the value in *OUT (the check judges its
 * range: a number too long for the plan is taken as out of range). */
static bool metric_parse(const char *t, long long *out, bool *given)
{
	size_t n = strlen(t);

	*given = n > 0;
	if (n == 0)
		return true;
	if (strspn(t, "0123456789") != n)
		return false;
	*out = n > 12 ? PLAN_METRIC_MAX + 1 : strtoll(t, NULL, 10);
	return true;
}

/* plan_validate, plus what the plan cannot hold as typed: a metric that
 * is not a whole number, at the field of its NIC and first. */
static void nics_validate(struct screen *s)
{
	struct nics *p = s->priv;
	struct app *a = s->app;
	char path[DIAG_PATH_MAX];
	struct diag_list l;

	app_validate(a);
	l = a->diags;
	diag_list_init(&a->diags);
	for (size_t i = 0; i < a->work.nnics && i < PLAN_MAX_NICS; i++) {
		if (!p->metric_bad[i][0])
			continue;
		snprintf(path, sizeof(path), WP_NIC_METRIC, i);
		diag_add(&a->diags, DIAG_ERROR, path,
			 "the metric \"%s\" of %s is not a whole number; "
			 "type digits only, 0 to %lld (lower wins), or leave "
			 "it empty for %lld (from its place)",
			 p->metric_bad[i], a->work.nics[i].name,
			 PLAN_METRIC_MAX, 100 * (long long)(i + 1));
	}
	diag_list_append_new(&a->diags, &l);
	diag_list_free(&l);
}

static void nics_refresh(struct screen *s)
{
	struct nics *p = s->priv;
	struct app *a = s->app;
	size_t i = (size_t)(p->list.sel < 0 ? 0 : p->list.sel);
	const struct plan_nic *n;
	char buf[24];

	wizard_nics_rows(s);
	wizard_nics_findings(s);
	if (i >= a->work.nnics)
		i = a->work.nnics ? a->work.nnics - 1 : 0;
	p->list.sel = (int)i;
	p->list.height = a->work.nnics < 3 ? 3 : (int)a->work.nnics;
	if (p->list.height > 6)
		p->list.height = 6;
	n = &a->work.nics[i];
	snprintf(p->metric_label, sizeof(p->metric_label), "Metric of %s",
		 n->name);
	snprintf(p->offline_label, sizeof(p->offline_label), "%s offline",
		 n->name);
	p->metric.hidden = a->work.nnics == 0;
	p->offline.hidden = a->work.nnics == 0;
	widget_set_path(&p->metric, WP_NIC_METRIC, i);
	widget_set_path(&p->offline, WP_NIC_OFFLINE, i);
	p->remove.hidden = a->work.nnics == 0 || n->primary;
	(void)buf;
	form_fix_focus(&p->form);
	form_set_diags(&p->form, &a->diags);
}

/* The selected NIC's values into its widgets. */
static void nics_load_selected(struct screen *s)
{
	struct nics *p = s->priv;
	struct app *a = s->app;
	size_t i = (size_t)(p->list.sel < 0 ? 0 : p->list.sel);
	char buf[24];

	if (i >= a->work.nnics)
		return;
	if (i < PLAN_MAX_NICS && p->metric_bad[i][0])
		widget_set_text(&p->metric, p->metric_bad[i]);
	else if (a->work.nics[i].has_metric) {
		snprintf(buf, sizeof(buf), "%lld", a->work.nics[i].metric);
		widget_set_text(&p->metric, buf);
	} else
		widget_set_text(&p->metric, "");
	snprintf(p->metric.hint, sizeof(p->metric.hint),
		 "empty: %lld (from its place)", 100 * (long long)(i + 1));
	p->offline.checked = a->work.nics[i].offline;
}

static void nics_enter(struct screen *s)
{
	struct nics *p = s->priv;
	struct app *a = s->app;

	form_init(&p->form);
	widget_init(&p->list, W_LIST, NI_LIST, "");
	snprintf(p->list.header, sizeof(p->list.header),
		 " # %-6s %-18s %-17s %-15s %6s", "NIC", "Switch (type)",
		 "MAC", "Address", "Metric");
	p->list.selectable = true;
	p->list.sel = a->wiz.nic < a->work.nnics ? (int)a->wiz.nic : 0;
	widget_set_path(&p->list, WP_NICS);
	p->list.help = "The VM's NICs, highest priority first. The NIC with "
		       "the lowest metric that has a default route carries "
		       "internet traffic. Enter edits the selected NIC "
		       "(steps 2-4), a adds one, d removes one, + and - move "
		       "it up and down (the metrics follow), o marks it as an "
		       "offline network.";
	widget_init(&p->findings, W_LIST, 0, "");
	p->findings.selectable = false;
	p->findings.help = "What the check says about the default routes "
			   "(two NICs with the same metric: the kernel picks "
			   "one at random) and about the selected NIC, such as "
			   "a subnet that overlaps another NIC's. Route errors "
			   "refuse Next.";
	widget_init(&p->metric, W_TEXT, NI_METRIC, p->metric_label);
	p->metric.filter = widget_filter_digits;
	p->metric.filter_msg = "a metric is a number: lower wins";
	p->metric.maxlen = 10;
	p->metric.width = 10;
	p->metric.help = "The route metric of the selected NIC's default "
			 "route: lower wins. Moving a NIC with + and - sets "
			 "100, 200, ... in order; type one here to set it by "
			 "hand, as a whole number from 0 to 4294967295. Empty "
			 "means the metric of its place (100 for the first "
			 "NIC, 200 for the second, ...).";
	widget_init(&p->offline, W_CHECK, NI_OFFLINE, p->offline_label);
	snprintf(p->offline.note, sizeof(p->offline.note),
		 "offline network: never the default route");
	p->offline.help = "An offline network (an isolated OT network) gets no "
			  "default route in the VM, whatever its metric, so "
			  "internet traffic never goes there; its DNS servers "
			  "answer only for its own domains.";
	widget_init(&p->add, W_BUTTON, NI_ADD, "Add NIC");
	p->add.help = "Adds a NIC and walks it through the switch, IP and DNS "
		      "steps.";
	widget_init(&p->edit, W_BUTTON, NI_EDIT, "Edit");
	p->edit.inline_next = true;
	p->edit.help = "Walks the selected NIC through the switch, IP and DNS "
		       "steps again.";
	widget_init(&p->remove, W_BUTTON, NI_REMOVE, "Remove");
	p->remove.inline_next = true;
	p->remove.help = "Removes the selected NIC. The primary NIC carries "
			 "the deployment and cannot be removed.";
	widget_init(&p->state_note, W_LABEL, 0, a->state_err);
	p->state_note.style = TS_WARNING;
	p->state_note.hidden = !a->state_err[0];
	form_add(&p->form, &p->list);
	form_add(&p->form, &p->state_note);
	form_add(&p->form, &p->add);
	form_add(&p->form, &p->edit);
	form_add(&p->form, &p->remove);
	form_add(&p->form, &p->metric);
	form_add(&p->form, &p->offline);
	form_add(&p->form, &p->findings);
	wizard_add_buttons(&p->form, &p->back, &p->next);
	memset(p->metric_bad, 0, sizeof(p->metric_bad));
	nics_refresh(s);
	nics_load_selected(s);
	form_focus(&p->form, &p->next);
}

static void nics_changed(struct screen *s)
{
	nics_validate(s);
	nics_refresh(s);
}

/* The NIC list changed (a NIC removed or moved): a metric typed that was
 * not a number no longer has its place. */
static void nics_list_changed(struct screen *s)
{
	struct nics *p = s->priv;

	memset(p->metric_bad, 0, sizeof(p->metric_bad));
	nics_changed(s);
	nics_load_selected(s);
}

static enum intent nics_pass(struct screen *s, size_t i)
{
	/* walk NIC I through steps 2-4, then back here (wizard.h) */
	s->app->wiz.nic = i;
	s->app->wiz.nic_pass = true;
	return intent_goto(SCR_SWITCH);
}

static enum intent nics_add(struct screen *s)
{
	int i = wizard_add_nic(s->app);

	if (i < 0) {
		app_status(s->app, TS_WARNING, "A VM has at most %d NICs here.",
			   PLAN_MAX_NICS);
		return INTENT_HANDLED;
	}
	return nics_pass(s, (size_t)i);
}

static enum intent nics_remove(struct screen *s)
{
	struct nics *p = s->priv;
	size_t i = (size_t)p->list.sel;
	char name[PLAN_NAME_MAX];

	if (i >= s->app->work.nnics)
		return INTENT_HANDLED;
	ui_copy(name, sizeof(name), s->app->work.nics[i].name);
	if (wizard_remove_nic(s->app, i) < 0) {
		app_status(s->app, TS_WARNING, "%s is the primary NIC: it "
			   "carries the deployment and cannot be removed.",
			   name);
		return INTENT_HANDLED;
	}
	app_status(s->app, TS_NORMAL, "%s removed.", name);
	nics_list_changed(s);
	return INTENT_HANDLED;
}

static enum intent nics_move(struct screen *s, int dir)
{
	struct nics *p = s->priv;

	if (s->app->work.nnics < 2) {
		/* nothing to order: the plan keeps its metric as it is */
		app_status(s->app, TS_WARNING, "%s is the only NIC: + and - "
			   "order two or more NICs; nothing changed. Type a "
			   "metric by hand in its field if you need one.",
			   s->app->work.nnics ? s->app->work.nics[0].name :
			   "There");
		return INTENT_HANDLED;
	}
	p->list.sel = (int)wizard_move_nic(s->app, (size_t)p->list.sel, dir);
	nics_list_changed(s);
	return INTENT_HANDLED;
}

static enum intent nics_key(struct screen *s, int key)
{
	struct nics *p = s->priv;
	struct app *a = s->app;
	struct widget *act, *before = form_focused(&p->form);
	int sel_before = p->list.sel;
	bool changed;
	enum intent in;

	if (!form_typing(&p->form)) {
		switch (key) {
		case 'a':
			return nics_add(s);
		case 'e':
			return nics_pass(s, (size_t)p->list.sel);
		case 'd':
		case KEY_DC:
			return nics_remove(s);
		case '+':
		case 'u':
			return nics_move(s, -1);
		case '-':
			return nics_move(s, 1);
		case 'o':
			if ((size_t)p->list.sel < a->work.nnics) {
				a->work.nics[p->list.sel].offline =
					!a->work.nics[p->list.sel].offline;
				nics_changed(s);
				nics_load_selected(s);
			}
			return INTENT_HANDLED;
		default:
			break;
		}
	}
	in = wizard_form_key(s, &p->form, key, false, &changed, &act);
	if (in == INTENT_NEXT && p->route_error)
		in = wizard_try_next(s, &p->form, true);
	if (act == &p->list || act == &p->edit)
		return nics_pass(s, (size_t)p->list.sel);
	if (act == &p->add)
		return nics_add(s);
	if (act == &p->remove)
		return nics_remove(s);
	if (changed && before == &p->metric) {
		struct plan_nic *n = &a->work.nics[p->list.sel];
		char *bad = p->metric_bad[p->list.sel];
		long long m;
		bool given;

		/* a number (or empty) into the plan; anything else is
		 * kept as typed and refused by nics_validate */
		if (metric_parse(p->metric.text, &m, &given)) {
			if (given)
				plan_nic_set_metric(n, m);
			else
				plan_nic_clear_metric(n);
			bad[0] = '\0';
		} else {
			ui_copy(bad, sizeof(p->metric_bad[0]), p->metric.text);
		}
		nics_changed(s);
	} else if (changed && before == &p->offline) {
		a->work.nics[p->list.sel].offline = p->offline.checked;
		nics_changed(s);
	}
	if (p->list.sel != sel_before) {
		nics_refresh(s);
		nics_load_selected(s);
	}
	return in;
}

static void nics_draw(struct screen *s, WINDOW *w)
{
	struct nics *p = s->priv;
	int top = wizard_draw_top(s, w, "The VM's NICs, highest priority "
				  "first: the lowest metric with a default "
				  "route carries internet traffic. Mark an "
				  "isolated plant network offline.");

	p->wrap_w = getmaxx(w) - 6;
	wizard_nics_findings(s);
	form_set_diags(&p->form, &s->app->diags);
	form_draw(&p->form, w, top, getmaxy(w) - top);
	s->cur_y = p->form.cur_y;
	s->cur_x = p->form.cur_x;
}

static const char *nics_help(struct screen *s)
{
	struct nics *p = s->priv;

	return wizard_form_help(&p->form, p->list.help);
}

/* KEY and two blanks after what BUF (LEN bytes) holds. */
static void nics_key_add(char *buf, size_t len, const char *key)
{
	size_t n = strlen(buf);

	snprintf(buf + n, len - n, "%s  ", key);
}

/* Only the keys that work for the selected NIC now: no remove for the
 * primary NIC, no +/- with a single NIC, no add when the VM is full;
 * while the metric field has the focus, letters are typed (refused), so
 * none of the letter keys is listed. */
static void nics_footer(struct screen *s, struct footer *f)
{
	struct nics *p = s->priv;
	struct app *a = s->app;
	const struct widget *w = form_focused(&p->form);
	size_t i = (size_t)(p->list.sel < 0 ? 0 : p->list.sel);
	char keys[FOOTER_OWN_MAX] = "";

	if (form_typing(&p->form)) {
		footer_own(f, "^N next step");
		return;
	}
	if (a->work.nnics < PLAN_MAX_NICS)
		nics_key_add(keys, sizeof(keys), "a add");
	if (a->work.nnics > 0)
		nics_key_add(keys, sizeof(keys), w == &p->list ?
			     "Enter/e edit" : "e edit");
	if (i < a->work.nnics && !a->work.nics[i].primary)
		nics_key_add(keys, sizeof(keys), "d remove");
	if (a->work.nnics >= 2)
		nics_key_add(keys, sizeof(keys), "+/- priority");
	if (a->work.nnics > 0)
		nics_key_add(keys, sizeof(keys), "o offline");
	if (w && w->kind == W_CHECK)
		nics_key_add(keys, sizeof(keys), "Space toggles");
	nics_key_add(keys, sizeof(keys), "^N next step");
	keys[strlen(keys) - 2] = '\0';
	footer_own(f, keys);
}

static bool nics_typing(struct screen *s)
{
	return form_typing(&((struct nics *)s->priv)->form);
}

/* The NIC selected in the list. */
static int nics_focus_nic(struct screen *s)
{
	struct nics *p = s->priv;

	return p->list.sel >= 0 && (size_t)p->list.sel < s->app->work.nnics ?
	       p->list.sel : -1;
}

const struct screen_class wizard_nics_screen = {
	.id = SCR_NICS,
	.kind = SCREEN_WIZARD,
	.parent = SCR_DNS,
	.name = "wizard_nics",
	.title = "NICs and route priority",
	.step = 5,
	.keys = "a add  Enter/e edit  d remove  +/- priority  o offline  "
		"^N next",
	.create = nics_create,
	.destroy = nics_destroy,
	.enter = nics_enter,
	.draw = nics_draw,
	.key = nics_key,
	.help = nics_help,
	.typing = nics_typing,
	.footer = nics_footer,
	.focus_nic = nics_focus_nic,
};
