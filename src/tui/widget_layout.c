/*
 * widget_layout.c - the form's layout and drawing (see widget.h):
 * labels, each widget's rows and the message under a widget that
 * stands on a diagnostic, scrolling to keep the focus in view, the
 * labels cut for lack of room (noted for F2).  Draws only into the
 * window it is given.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tui/widget.h"
#include "tui/widget_priv.h"

#define FORM_LABEL_W 22
#define FORM_MSG_LINES 6	/* a longer message ends in an ellipsis */

/* ---- layout and drawing ---- */

static int form_label_w(const struct form *f)
{
	return f->label_w > 0 ? f->label_w : FORM_LABEL_W;
}

static void diag_text(const struct widget *w, char *buf, size_t len)
{
	snprintf(buf, len, "%s: %s", diag_severity_name(w->diag->severity),
		 w->diag->message ? w->diag->message : "");
}

static int button_w(const struct widget *w)
{
	return ui_cols(w->label, strlen(w->label)) + 4;
}

/* Lays out the visible widgets for WIDTH columns; returns the total
 * number of lines. */
static int form_layout(const struct form *f, int width,
		       struct form_slot *slot)
{
	int y = 0, vx = 2 + form_label_w(f) + 1;
	const struct widget *prev = NULL;
	int prev_i = -1;
	char msg[512];

	for (int i = 0; i < f->n; i++) {
		const struct widget *w = f->w[i];
		struct form_slot *s = &slot[i];

		memset(s, 0, sizeof(*s));
		s->y = y;
		if (w->hidden)
			continue;
		switch (w->kind) {
		case W_LABEL:
			s->lines = ui_wrap(NULL, 0, 0, width - 2 - w->indent,
					   50, w->label, 0);
			break;
		case W_TEXT:
		case W_CHECK:
			s->lines = 1;
			break;
		case W_CHOICE:
			s->lines = w->nopt > 0 ? w->nopt : 1;
			break;
		case W_BUTTON:
			s->lines = 1;
			s->x = vx;
			if (w->inline_next && prev && prev->kind == W_BUTTON &&
			    !prev->diag) {
				s->y = slot[prev_i].y;
				s->x = slot[prev_i].x + button_w(prev) + 2;
				s->lines = 0;
			}
			break;
		case W_LIST:
			s->lines = (w->header[0] ? 1 : 0) + w->height +
				   list_detail_lines(w, width);
			break;
		}
		if (w->diag) {
			int mx = w->kind == W_LIST || w->kind == W_LABEL ? 4 : vx;

			diag_text(w, msg, sizeof(msg));
			s->msg = ui_wrap(NULL, 0, 0, width - mx - 1,
					 FORM_MSG_LINES, msg, 0);
		}
		y = s->y + s->lines + s->msg;
		if (w->kind == W_BUTTON && s->lines == 0)
			y = s->y + 1 + s->msg;
		prev = w;
		prev_i = i;
	}
	return y;
}

static void draw_widget(struct form *f, WINDOW *p, int i,
			const struct form_slot *s, int width)
{
	const struct widget *w = f->w[i];
	bool focus = i == f->focus;
	int vx = 2 + form_label_w(f) + 1;
	int y = s->y;
	attr_t la = 0;
	char buf[WIDGET_OPTION_LEN + 8];

	if (w->diag)
		la = term_attr(w->diag->severity == DIAG_ERROR ? TS_ERROR :
							       TS_WARNING);
	if (w->kind != W_LABEL && w->kind != W_BUTTON && w->kind != W_LIST &&
	    w->label[0])
		ui_put(p, y, 2, form_label_w(f), w->label, la);
	if (w->diag && s->lines > 0)
		ui_put(p, y, 0, 1, term_glyph(TG_MARK), la);
	if (focus && w->kind != W_BUTTON)
		ui_put(p, y + (w->kind == W_CHOICE && w->sel > 0 ? w->sel : 0),
		       1, 1, ">", A_BOLD);
	switch (w->kind) {
	case W_LABEL:
		ui_wrap(p, y, 1 + w->indent, width - 2 - w->indent, 50,
			w->label, term_attr(w->style) | la);
		break;
	case W_TEXT:
		field_draw(f, p, w, y, vx, focus, &f->cur_y, &f->cur_x);
		break;
	case W_CHECK:
		snprintf(buf, sizeof(buf), "[%c]", w->checked ? 'x' : ' ');
		ui_put(p, y, vx, 3, buf, focus ? term_attr(TS_FOCUS) : 0);
		ui_put(p, y, vx + 4, width - vx - 4, w->note, 0);
		break;
	case W_CHOICE:
		for (int k = 0; k < w->nopt; k++) {
			attr_t a = 0;

			snprintf(buf, sizeof(buf), "(%s) %s",
				 k == w->sel ? term_glyph(TG_BULLET) : " ",
				 w->options[k]);
			if (w->opt_disabled[k])
				a = term_attr(TS_DIM);
			if (focus && k == w->sel)
				a = term_attr(TS_FOCUS);
			ui_put(p, y + k, vx, width - vx - 1, buf, a);
		}
		break;
	case W_BUTTON:
		snprintf(buf, sizeof(buf), "[ %s ]", w->label);
		if (focus)
			ui_put(p, y, s->x - 1, 1, ">", A_BOLD);
		ui_put(p, y, s->x, width - s->x, buf,
		       focus ? term_attr(TS_FOCUS) : A_BOLD);
		break;
	case W_LIST:
		list_draw(p, w, y, focus, width);
		break;
	}
	if (w->diag) {
		int mx = w->kind == W_LIST || w->kind == W_LABEL ? 4 : vx;
		int my = w->kind == W_BUTTON && s->lines == 0 ? y + 1 :
								 y + s->lines;

		char msg[512];

		diag_text(w, msg, sizeof(msg));
		ui_wrap(p, my, mx, width - mx - 1, FORM_MSG_LINES, msg, la);
	}
}

/* A text (label) the view cuts at its bottom ends in the ellipsis on its
 * last row shown, and is reported (ui_cut_note) for F2 to show whole; so
 * is one that lies wholly below the view. */
static void form_cut_labels(const struct form *f, WINDOW *w,
			    const struct form_slot *slot, int top, int view)
{
	int width = getmaxx(w);

	for (int i = 0; i < f->n; i++) {
		const struct widget *l = f->w[i];
		int y0 = slot[i].y - f->scroll, y1 = y0 + slot[i].lines;
		attr_t la = 0;

		/* one above the view is there again on the way up */
		if (l->hidden || l->kind != W_LABEL || !l->label[0] ||
		    y1 <= view)
			continue;
		ui_cut_note(l->label);
		if (y0 < 0 || y0 >= view)
			continue;
		/* the rows shown again, the last ending in the ellipsis */
		if (l->diag)
			la = term_attr(l->diag->severity == DIAG_ERROR ?
				       TS_ERROR : TS_WARNING);
		for (int r = y0; r < view; r++)
			mvwhline(w, top + r, 1 + l->indent, ' ',
				 width - 2 - l->indent);
		ui_wrap(w, top + y0, 1 + l->indent, width - 2 - l->indent,
			view - y0, l->label, term_attr(l->style) | la);
	}
}

void form_draw(struct form *f, WINDOW *w, int top, int height)
{
	struct form_slot slot[FORM_MAX];
	int width = getmaxx(w), total, fy0 = 0, fy1 = 0, view;
	WINDOW *pad;

	f->cur_y = -1;
	if (height <= 0 || width <= 0)
		return;
	form_fix_focus(f);
	total = form_layout(f, width, slot);
	if (total < 1)
		total = 1;
	/* a form taller than HEIGHT scrolls in VIEW rows; the last row says
	 * where more is, so that no marker covers a word */
	view = total > height && height > 1 ? height - 1 : height;
	/* keep the focused widget (with its message) in view */
	if (f->focus >= 0) {
		const struct widget *fw = f->w[f->focus];

		fy0 = slot[f->focus].y;
		fy1 = fy0 + (slot[f->focus].lines ? slot[f->focus].lines : 1) +
		      slot[f->focus].msg;
		if (fw->kind == W_CHOICE && fw->sel > 0) {
			fy0 += fw->sel;
			fy1 = fy0 + 1;
		}
		if (fy1 - f->scroll > view)
			f->scroll = fy1 - view;
		if (fy0 < f->scroll)
			f->scroll = fy0;
	}
	if (f->scroll > total - view)
		f->scroll = total - view;
	if (f->scroll < 0)
		f->scroll = 0;
	pad = newpad(total, width);
	if (!pad)
		return;
	for (int i = 0; i < f->n; i++)
		if (!f->w[i]->hidden)
			draw_widget(f, pad, i, &slot[i], width);
	{
		int rows = total - f->scroll < view ? total - f->scroll : view;

		copywin(pad, w, f->scroll, 0, top, 0, top + rows - 1,
			width - 1, FALSE);
	}
	form_cut_labels(f, w, slot, top, view);
	if (view < height) {
		bool up = f->scroll > 0, down = total - f->scroll > view;

		ui_put(w, top + height - 1, width - 24, 23, up && down ?
		       "(more above and below)" : up ? "        (more above)" :
		       "        (more below)", term_attr(TS_DIM));
	}
	if (f->cur_y >= 0) {
		f->cur_y = f->cur_y - f->scroll + top;
		if (f->cur_y < top || f->cur_y >= top + view)
			f->cur_y = -1;
	}
	delwin(pad);
}
