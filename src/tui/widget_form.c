/*
 * widget_form.c - the form (see widget.h): adding widgets, the
 * focus and its order (Tab, Shift-Tab, the arrows), the keys every form
 * shares, handed on to the focused widget's kind (widget_field.c,
 * widget_list.c), help for the focused widget, and the diagnostics bound
 * to its widgets.  Touches only the form it is given.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/str.h"
#include "tui/widget.h"
#include "tui/widget_priv.h"

/* ---- form ---- */

void form_init(struct form *f)
{
	memset(f, 0, sizeof(*f));
	f->focus = -1;
	f->cur_y = -1;
}

int form_add(struct form *f, struct widget *w)
{
	if (f->n >= FORM_MAX)
		return -1;
	f->w[f->n] = w;
	if (f->focus < 0 && widget_focusable(w))
		f->focus = f->n;
	return f->n++;
}

struct widget *form_focused(const struct form *f)
{
	if (f->focus < 0 || f->focus >= f->n)
		return NULL;
	return f->w[f->focus];
}

void form_focus(struct form *f, const struct widget *w)
{
	for (int i = 0; i < f->n; i++)
		if (f->w[i] == w && widget_focusable(w))
			f->focus = i;
}

void form_fix_focus(struct form *f)
{
	if (f->focus >= 0 && f->focus < f->n &&
	    widget_focusable(f->w[f->focus]))
		return;
	/* the nearest focusable widget after, else before */
	for (int i = f->focus < 0 ? 0 : f->focus; i < f->n; i++)
		if (widget_focusable(f->w[i])) {
			f->focus = i;
			return;
		}
	for (int i = f->n - 1; i >= 0; i--)
		if (widget_focusable(f->w[i])) {
			f->focus = i;
			return;
		}
	f->focus = -1;
}

bool form_typing(const struct form *f)
{
	const struct widget *w = form_focused(f);

	return w && w->kind == W_TEXT;
}

bool form_move(struct form *f, int dir)
{
	if (f->focus < 0)
		return false;
	for (int i = f->focus + dir; i >= 0 && i < f->n; i += dir) {
		if (widget_focusable(f->w[i])) {
			f->focus = i;
			return true;
		}
	}
	return false;
}

/* The Tab order: the widgets in their order, except that the form's
 * default button comes first among the buttons of its row, so that Tab
 * from the last field reaches Next before Back.  Fills ORD with
 * indices into F->w; returns how many. */
static int form_tab_order(const struct form *f, int *ord)
{
	int d = -1, b, n = 0;

	for (int i = 0; f->dflt && i < f->n; i++)
		if (f->w[i] == f->dflt)
			d = i;
	if (d < 0) {
		for (int i = 0; i < f->n; i++)
			ord[n++] = i;
		return n;
	}
	/* B: the first of the buttons on D's row ([ Back ] [ Next ]) */
	for (b = d; b > 0 && f->w[b]->inline_next &&
		    f->w[b - 1]->kind == W_BUTTON; b--)
		;
	for (int i = 0; i < b; i++)
		ord[n++] = i;
	ord[n++] = d;
	for (int i = b; i < f->n; i++)
		if (i != d)
			ord[n++] = i;
	return n;
}

/* Tab and Shift-Tab: the next / previous focusable widget in the Tab
 * order, wrapping around (the arrows stop at the ends: form_move). */
static void form_cycle(struct form *f, int dir)
{
	int ord[FORM_MAX], n = form_tab_order(f, ord), at = -1;

	if (n == 0)
		return;
	for (int k = 0; k < n; k++)
		if (ord[k] == f->focus)
			at = k;
	if (at < 0)
		at = dir > 0 ? n - 1 : 0;
	for (int step = 1; step <= n; step++) {
		int i = ord[((at + dir * step) % n + n) % n];

		if (widget_focusable(f->w[i])) {
			f->focus = i;
			return;
		}
	}
}

bool form_is_enter(int key)
{
	return key == '\n' || key == '\r' || key == KEY_ENTER;
}

/* Enter on a field: the next field (buttons skipped); past the last one,
 * the form's default button, pressed.  Without a default button: the
 * next widget, whatever it is. */
static enum form_result form_enter(struct form *f)
{
	for (int i = f->focus + 1; i < f->n; i++) {
		if (widget_focusable(f->w[i]) && f->w[i]->kind != W_BUTTON) {
			f->focus = i;
			return FORM_MOVED;
		}
	}
	if (f->dflt && widget_focusable(f->dflt)) {
		form_focus(f, f->dflt);
		return FORM_ACTIVATED;
	}
	return form_move(f, 1) ? FORM_MOVED : FORM_HANDLED;
}

enum form_result form_key(struct form *f, int key)
{
	struct widget *w = form_focused(f);
	enum form_result r;

	f->refused = NULL;
	if (key == '\t') {
		/* an empty field's suggestion is taken, and the focus stays
		 * on it (the next Tab moves on): taking a suggestion never
		 * puts the focus on a button the next Enter would press */
		if (widget_take_placeholder(w))
			return FORM_CHANGED;
		form_cycle(f, 1);
		return FORM_MOVED;
	}
	if (key == KEY_BTAB) {
		form_cycle(f, -1);
		return FORM_MOVED;
	}
	if (!w)
		return FORM_IGNORED;
	switch (w->kind) {
	case W_TEXT:
		r = field_key(f, w, key);
		if (r != FORM_IGNORED)
			return r;
		break;
	case W_CHOICE:
		r = list_choice_key(f, w, key);
		if (r != FORM_IGNORED)
			return r;
		break;
	case W_LIST:
		r = list_key(f, w, key);
		if (r != FORM_IGNORED)
			return r;
		break;
	case W_CHECK:
		if (key == ' ') {
			w->checked = !w->checked;
			return FORM_CHANGED;
		}
		break;
	case W_BUTTON:
		if (key == ' ' || form_is_enter(key))
			return FORM_ACTIVATED;
		if (key == KEY_LEFT)
			return form_move(f, -1) ? FORM_MOVED : FORM_HANDLED;
		if (key == KEY_RIGHT)
			return form_move(f, 1) ? FORM_MOVED : FORM_HANDLED;
		break;
	case W_LABEL:
		break;
	}
	if (form_is_enter(key))
		return form_enter(f);
	switch (key) {
	case KEY_DOWN:
		return form_move(f, 1) ? FORM_MOVED : FORM_HANDLED;
	case KEY_UP:
		return form_move(f, -1) ? FORM_MOVED : FORM_HANDLED;
	default:
		return FORM_IGNORED;
	}
}

const char *form_help(const struct form *f, const char *fallback, char *buf,
		      size_t len)
{
	const struct widget *w = form_focused(f);

	if (!w || !w->help)
		return fallback;
	if (w->label[0] && w->kind != W_LABEL)
		snprintf(buf, len, "%s: %s", w->label, w->help);
	else
		str_copy(buf, len, w->help);
	return buf;
}

/* ---- diagnostics ---- */

static bool path_matches(const struct widget *w, const char *p)
{
	size_t n = strlen(w->path);

	if (strcmp(p, w->path) == 0)
		return true;
	return w->path_under && strncmp(p, w->path, n) == 0 &&
	       (p[n] == '.' || p[n] == '[');
}

void form_set_diags(struct form *f, const struct diag_list *d)
{
	for (int i = 0; i < f->n; i++) {
		struct widget *w = f->w[i];

		w->diag = NULL;
		if (!d || w->path[0] == '\0')
			continue;
		for (size_t j = 0; j < d->count; j++) {
			const struct diag *x = &d->items[j];

			if (!path_matches(w, x->path))
				continue;
			if (!w->diag || (w->diag->severity != DIAG_ERROR &&
					 x->severity == DIAG_ERROR))
				w->diag = x;
		}
	}
}

struct widget *form_error(const struct form *f)
{
	for (int i = 0; i < f->n; i++) {
		struct widget *w = f->w[i];

		if (!w->hidden && w->diag && w->diag->severity == DIAG_ERROR)
			return w;
	}
	return NULL;
}
