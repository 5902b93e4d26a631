/*
 * wizard_screens.c - what the wizard's steps share on screen
 * (see wizard.h): the step bar and title, a NIC's one-line summary, the
 * Back and Next buttons and the keys every step's form shares (Next
 * refused while a visible field stands on an error).  Draws into the
 * window it is given; writes only app->status and the form.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/describe.h"
#include "core/str.h"
#include "tui/widget.h"
#include "ui/app.h"
#include "ui/wizard.h"

static const char *const wizard_step_names[WIZARD_STEPS] = {
	"Profile", "Switch", "IP", "DNS", "NICs", "Review"
};

/* ---- drawing ---- */

int wizard_draw_top(struct screen *s, WINDOW *w, const char *intro)
{
	int x = 1, width = getmaxx(w), y;
	char buf[64];

	for (int i = 0; i < WIZARD_STEPS; i++) {
		bool cur = i + 1 == s->cls->step;

		snprintf(buf, sizeof(buf), cur ? "[%d %s]" : " %d %s ", i + 1,
			 wizard_step_names[i]);
		ui_put(w, 0, x, width - x, buf,
		       cur ? term_attr(TS_TITLE) : term_attr(TS_DIM));
		x += (int)strlen(buf);
		if (i + 1 < WIZARD_STEPS) {
			ui_put(w, 0, x, width - x, ">", term_attr(TS_DIM));
			x += 1;
		}
	}
	if (s->app->wiz.nic_pass || s->app->work.nnics > 1) {
		if (s->cls->step >= 2 && s->cls->step <= 4) {
			snprintf(buf, sizeof(buf), "NIC %zu of %zu: %s",
				 s->app->wiz.nic + 1, s->app->work.nnics,
				 s->app->work.nics[s->app->wiz.nic].name);
			ui_put(w, 1, width - 1 - (int)strlen(buf),
			       (int)strlen(buf), buf, A_BOLD);
		}
	}
	snprintf(buf, sizeof(buf), "Step %d of %d: %s", s->cls->step,
		 WIZARD_STEPS, s->cls->title);
	ui_put(w, 1, 1, width - 2, buf, term_attr(TS_TITLE));
	y = 2;
	if (intro) {
		/* at most 4 lines; a longer intro ends in the ellipsis and
		 * F2 shows it whole */
		y += ui_wrap(w, y, 1, width - 2, 4, intro, 0);
		if (ui_wrap(NULL, 0, 0, width - 2, 5, intro, 0) > 4)
			ui_cut_note(intro);
	}
	return y + 1;
}

void wizard_nic_summary(const struct app *a, size_t i, char *buf, size_t len)
{
	const struct plan_nic *n = &a->work.nics[i];
	const struct plan_switch *s = plan_find_switch(&a->work,
						       n->switch_name);
	const char *type = s ? plan_switch_type_name(s->type) : NULL;

	if (n->mode == IP_STATIC && n->has_prefix)
		snprintf(buf, len, "%s on %s (%s), static %s/%d", n->name,
			 n->switch_name, type ? type : "?", n->address,
			 n->prefix);
	else if (n->mode == IP_STATIC)
		snprintf(buf, len, "%s on %s (%s), static %s with no prefix "
			 "length", n->name, n->switch_name, type ? type : "?",
			 n->address);
	else
		snprintf(buf, len, "%s on %s (%s), %s", n->name,
			 n->switch_name, type ? type : "?",
			 plan_ip_mode_name(n->mode) ?
			 plan_ip_mode_name(n->mode) : "no mode");
}

/* ---- helpers for the wizard screens ---- */

void wizard_add_buttons(struct form *f, struct widget *back,
			struct widget *next)
{
	widget_init(back, W_BUTTON, WID_BACK, "Back");
	back->help = "Goes back one step; nothing typed is lost (Esc does "
		     "the same).";
	widget_init(next, W_BUTTON, WID_NEXT, "Next");
	next->inline_next = true;
	next->help = "Goes on to the next step (Ctrl-N does the same from any "
		     "field).  Refused while a field on this step shows an "
		     "error.";
	form_add(f, back);
	form_add(f, next);
	/* Enter on the last field presses Next; Back is never the default,
	 * not even on a step with nothing to fill in */
	f->dflt = next;
	if (form_focused(f) == back)
		form_focus(f, next);
}

enum intent wizard_try_next(struct screen *s, struct form *f,
			    bool extra_error)
{
	struct widget *bad = form_error(f);

	if (bad) {
		char field[DIAG_PATH_MAX + PLAN_NAME_MAX];

		form_focus(f, bad);
		/* a field is named by its label; one without (a list) by
		 * what its finding is about, never by a plan-file path */
		if (!bad->label[0] && bad->diag)
			plan_field_label(&s->app->work, bad->diag->path, field,
					 sizeof(field));
		else
			str_copy(field, sizeof(field), bad->label[0] ?
				bad->label : "a field");
		app_status(s->app, TS_ERROR,
			   "Next refused: %s%s has an error; fix it or go "
			   "back (Esc)", bad->label[0] ? "the field " : "",
			   field);
		return INTENT_HANDLED;
	}
	if (extra_error) {
		app_status(s->app, TS_ERROR,
			   "Next refused: fix the errors shown on this step "
			   "first");
		return INTENT_HANDLED;
	}
	return INTENT_NEXT;
}

enum intent wizard_form_key(struct screen *s, struct form *f, int key,
			    bool extra_error, bool *changed,
			    struct widget **activated)
{
	enum form_result r;
	struct widget *w;

	*changed = false;
	*activated = NULL;
	if (key == ('n' & 0x1f))
		return wizard_try_next(s, f, extra_error);
	r = form_key(f, key);
	switch (r) {
	case FORM_IGNORED:
		return INTENT_NONE;
	case FORM_REFUSED:
		app_status(s->app, TS_WARNING, "%s", f->refused);
		return INTENT_HANDLED;
	case FORM_CHANGED:
		*changed = true;
		return INTENT_HANDLED;
	case FORM_ACTIVATED:
		w = form_focused(f);
		if (w && w->id == WID_NEXT)
			return wizard_try_next(s, f, extra_error);
		if (w && w->id == WID_BACK)
			return INTENT_BACK;
		*activated = w;
		return INTENT_HANDLED;
	default:
		return INTENT_HANDLED;
	}
}

/* ---- what every step with a form does the same way ---- */

void wizard_draw_form(struct screen *s, WINDOW *w, struct form *f,
		      const char *intro)
{
	int top = wizard_draw_top(s, w, intro);

	form_draw(f, w, top, getmaxy(w) - top);
	s->cur_y = f->cur_y;
	s->cur_x = f->cur_x;
}

void wizard_form_footer(const struct form *f, struct footer *ft)
{
	const struct widget *w = form_focused(f);

	if (w && w->kind == W_CHECK)
		footer_own(ft, "Space toggles  ^N next step");
	else if (w && w->kind == W_CHOICE && widget_choices(w) > 1)
		footer_own(ft, "Space next choice  ^N next step");
	else
		footer_own(ft, "^N next step");
}

const char *wizard_form_help(const struct form *f, const char *fallback)
{
	static char buf[1024];	/* a screen text: the help shown whole */

	return form_help(f, fallback, buf, sizeof(buf));
}
