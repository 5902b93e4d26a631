/*
 * widget_list.c - choice lists (radio buttons) and lists of rows
 * (see widget.h): their keys (moving, a letter, Enter) and the drawing
 * of a list with the detail of its selected row.  Reached from
 * widget_form.c and widget_layout.c through widget_priv.h.
 */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "tui/widget.h"
#include "tui/widget_priv.h"

static int choice_step(const struct widget *w, int from, int dir)
{
	for (int i = from + dir; i >= 0 && i < w->nopt; i += dir)
		if (!w->opt_disabled[i])
			return i;
	return -1;
}

/* The next enabled option after the selected one (wrapping) whose text
 * starts with the letter KEY, or -1. */
static int choice_letter(const struct widget *w, int key)
{
	for (int k = 1; k <= w->nopt; k++) {
		int i = ((w->sel < 0 ? -1 : w->sel) + k) % w->nopt;
		const char *o = w->options[i];

		while (*o == ' ')
			o++;
		if (!w->opt_disabled[i] &&
		    tolower((unsigned char)*o) == tolower(key))
			return i;
	}
	return -1;
}

enum form_result list_choice_key(struct form *f, struct widget *w, int key)
{
	int dir = 0, to;

	if (key > 0 && key < 128 && isalnum(key)) {
		/* a letter the options do not start with means nothing
		 * here: the screen or the manager may take it (q quits) */
		to = choice_letter(w, key);
		if (to < 0)
			return FORM_IGNORED;
		if (to == w->sel)
			return FORM_HANDLED;
		w->sel = to;
		return FORM_CHANGED;
	}
	if (key == KEY_UP || key == KEY_LEFT)
		dir = -1;
	else if (key == KEY_DOWN || key == KEY_RIGHT || key == ' ')
		dir = 1;
	if (!dir)
		return FORM_IGNORED;
	to = choice_step(w, w->sel, dir);
	if (to < 0) {
		if (key == ' ') {	/* Space cycles */
			to = choice_step(w, -1, 1);
			if (to < 0 || to == w->sel)
				return FORM_HANDLED;
		} else if (key == KEY_UP || key == KEY_DOWN) {
			return form_move(f, dir) ? FORM_MOVED : FORM_HANDLED;
		} else {
			return FORM_HANDLED;
		}
	}
	w->sel = to;
	return FORM_CHANGED;
}

enum form_result list_key(struct form *f, struct widget *w, int key)
{
	int dir = 0;

	if (!w->selectable) {
		int maxtop = w->nrows - w->height;

		if (maxtop < 0)
			maxtop = 0;
		if (key == KEY_UP && w->top == 0)
			return form_move(f, -1) ? FORM_MOVED : FORM_HANDLED;
		if (key == KEY_DOWN && w->top >= maxtop)
			return form_move(f, 1) ? FORM_MOVED : FORM_HANDLED;
		if (key == KEY_UP)
			w->top--;
		else if (key == KEY_DOWN)
			w->top++;
		else if (key == KEY_PPAGE)
			w->top -= w->height - 1;
		else if (key == KEY_NPAGE)
			w->top += w->height - 1;
		else
			return FORM_IGNORED;
		if (w->top > maxtop)
			w->top = maxtop;
		if (w->top < 0)
			w->top = 0;
		return FORM_MOVED;
	}
	if (form_is_enter(key))
		return w->nrows > 0 ? FORM_ACTIVATED : FORM_HANDLED;
	if (key == KEY_UP)
		dir = -1;
	else if (key == KEY_DOWN)
		dir = 1;
	else if (key == KEY_PPAGE)
		dir = -(w->height - 1);
	else if (key == KEY_NPAGE)
		dir = w->height - 1;
	if (!dir)
		return FORM_IGNORED;
	if ((dir < 0 && w->sel <= 0) || (dir > 0 && w->sel >= w->nrows - 1)) {
		if (key == KEY_UP || key == KEY_DOWN)
			return form_move(f, dir > 0 ? 1 : -1) ? FORM_MOVED :
								FORM_HANDLED;
		return FORM_HANDLED;
	}
	w->sel += dir;
	if (w->sel < 0)
		w->sel = 0;
	if (w->sel > w->nrows - 1)
		w->sel = w->nrows - 1;
	return FORM_MOVED;
}

/* A selectable list whose selected row is shortened (the ellipsis in
 * list_draw) shows that row whole under the list: its lines, or 0. */
#define LIST_DETAIL_LINES 3

static const char *list_detail(const struct widget *w, int width)
{
	int sel = w->sel;
	const char *row;

	if (!w->selectable || w->nrows == 0)
		return NULL;
	if (sel < 0)
		sel = 0;
	if (sel >= w->nrows)
		sel = w->nrows - 1;
	row = w->rows[sel];
	if (ui_cols_trimmed(row) > width - 3)
		return w->row_full[sel][0] ? w->row_full[sel] : row;
	if (w->row_full[sel][0] && strstr(row, term_glyph(TG_ELLIPSIS)))
		return w->row_full[sel];
	return NULL;
}

int list_detail_lines(const struct widget *w, int width)
{
	const char *d = list_detail(w, width);

	return d ? ui_wrap(NULL, 0, 0, width - 5, LIST_DETAIL_LINES, d, 0) : 0;
}

void list_draw(WINDOW *p, const struct widget *w, int y, bool focus,
	       int width)
{
	struct widget *mw = (struct widget *)w;	/* scroll state only */
	int x = 2, rw = width - 3;

	if (w->header[0]) {
		ui_put(p, y, x, rw, w->header, term_attr(TS_TITLE));
		y++;
	}
	if (w->selectable) {
		if (mw->sel >= w->nrows)
			mw->sel = w->nrows - 1;
		if (mw->sel < 0)
			mw->sel = 0;
		if (mw->sel < mw->top)
			mw->top = mw->sel;
		if (mw->sel >= mw->top + w->height)
			mw->top = mw->sel - w->height + 1;
	}
	for (int i = 0; i < w->height; i++) {
		int r = w->top + i;
		attr_t a = 0;

		if (r >= w->nrows)
			break;
		if (w->row_marked[r])
			a = term_attr(TS_ERROR);
		if (w->selectable && r == w->sel)
			a = focus ? term_attr(TS_FOCUS) : A_BOLD;
		if (w->selectable && r == w->sel) {
			wattron(p, a);
			mvwhline(p, y + i, x, ' ', rw);
			wattroff(p, a);
		}
		/* the row under "(more)" ends before it */
		ui_put(p, y + i, x, (i == 0 && w->top > 0 && !w->header[0]) ||
		       (i == w->height - 1 && w->top + w->height < w->nrows) ?
		       rw - 7 : rw, w->rows[r], a);
	}
	if (w->top > 0)
		ui_put(p, w->header[0] ? y - 1 : y, width - 7, 6, "(more)",
		       term_attr(TS_DIM));
	if (w->top + w->height < w->nrows)
		ui_put(p, y + w->height - 1, width - 7, 6, "(more)",
		       term_attr(TS_DIM));
	if (list_detail(w, width))
		ui_wrap(p, y + w->height, 4, width - 5, LIST_DETAIL_LINES,
			list_detail(w, width), A_BOLD);
}
