/*
 * widget_field.c - the text field (see widget.h): its keys
 * (editing, the cursor, the keystroke filter, taking a placeholder) and
 * its drawing (scrolled with the cursor, '<' and '>' when there is more,
 * the placeholder dim).  Reached from widget_form.c and widget_layout.c
 * through widget_priv.h.
 */
#include "config.h"

#include <string.h>

#include "core/textsafe.h"
#include "tui/widget.h"
#include "tui/widget_priv.h"

#define TEXT_DEFAULT_W 24

enum form_result field_key(struct form *f, struct widget *w, int key)
{
	size_t len = strlen(w->text);
	size_t max = w->maxlen ? w->maxlen : WIDGET_TEXT_MAX - 1;

	if (max > WIDGET_TEXT_MAX - 1)
		max = WIDGET_TEXT_MAX - 1;
	if (w->cur > len)
		w->cur = len;
	switch (key) {
	case KEY_LEFT:
		if (w->cur > 0)
			w->cur--;
		return FORM_HANDLED;
	case KEY_RIGHT:
		if (widget_take_placeholder(w))
			return FORM_CHANGED;
		if (w->cur < len)
			w->cur++;
		return FORM_HANDLED;
	case KEY_HOME:
	case 1:			/* Ctrl-A */
		w->cur = 0;
		return FORM_HANDLED;
	case KEY_END:
	case 5:			/* Ctrl-E */
		w->cur = len;
		return FORM_HANDLED;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		if (w->cur == 0)
			return FORM_HANDLED;
		memmove(w->text + w->cur - 1, w->text + w->cur,
			len - w->cur + 1);
		w->cur--;
		return FORM_CHANGED;
	case KEY_DC:
	case 4:			/* Ctrl-D */
		if (w->cur >= len)
			return FORM_HANDLED;
		memmove(w->text + w->cur, w->text + w->cur + 1, len - w->cur);
		return FORM_CHANGED;
	case 21:		/* Ctrl-U */
		if (len == 0)
			return FORM_HANDLED;
		w->text[0] = '\0';
		w->cur = 0;
		return FORM_CHANGED;
	default:
		break;
	}
	if (key < 32 || key > 126)
		return FORM_IGNORED;
	if (w->filter && !w->filter(key)) {
		f->refused = w->filter_msg ? w->filter_msg :
			     "that character cannot be part of this field";
		return FORM_REFUSED;
	}
	if (len >= max) {
		f->refused = "the field is full";
		return FORM_REFUSED;
	}
	memmove(w->text + w->cur + 1, w->text + w->cur, len - w->cur + 1);
	w->text[w->cur++] = (char)key;
	return FORM_CHANGED;
}

/* Columns of W's text area: its width, one more when its longest text
 * would fill it exactly (the cursor after the last character needs a
 * column: a 17-character MAC in 17 columns would lose its first). */
static int text_cols(const struct widget *w, int maxx, int vx)
{
	int fw = w->width > 0 ? w->width : TEXT_DEFAULT_W;

	if (w->maxlen > 0 && (int)w->maxlen == fw)
		fw++;
	if (vx + fw + 2 > maxx)
		fw = maxx - vx - 2;
	if (fw < 4)
		fw = 4;
	return fw;
}

void field_draw(const struct form *f, WINDOW *p, const struct widget *w,
		int y, int vx, bool focus, int *cy, int *cx)
{
	int maxx = getmaxx(p);
	int fw = text_cols(w, maxx, vx);
	size_t len = strlen(w->text), off;
	struct widget *mw = (struct widget *)w;	/* scroll state only */
	bool ph = len == 0 && w->placeholder[0];
	const char *shown = ph ? w->placeholder : w->text;
	size_t slen = ph ? strlen(w->placeholder) : len;
	attr_t a = focus ? term_attr(TS_FOCUS) : term_attr(TS_FIELD);
	char out[TEXTSAFE_UNIT_MAX];
	size_t k, ol;
	int cols;

	(void)f;
	if (mw->cur > len)
		mw->cur = len;
	/* the focused field scrolls with its cursor; the others show their
	 * beginning */
	if (mw->off + (size_t)fw > len + 1)	/* scrolled no more than needed */
		mw->off = len + 1 > (size_t)fw ? len + 1 - (size_t)fw : 0;
	if (mw->cur < mw->off)
		mw->off = mw->cur;
	if (mw->cur >= mw->off + (size_t)fw)
		mw->off = mw->cur - (size_t)fw + 1;
	off = focus && !ph ? mw->off : 0;
	/* escapes are wider than a column: scroll on until the cursor
	 * shows */
	while (focus && !ph && off < mw->cur &&
	       ui_cols(shown + off, mw->cur - off) >= fw)
		off += textsafe_unit(shown + off, slen - off, out, &ol);
	mw->off = focus && !ph ? off : mw->off;
	/* '<' and '>' in place of the brackets: more text that way */
	mvwaddch(p, y, vx, off > 0 ? '<' : '[');
	/* a placeholder's characters are dim and nothing else (not
	 * underlined, not reversed), focused or not, so that they never look
	 * typed, even where the terminal cannot dim; the blanks after them
	 * show the field (and its focus).  The text is drawn escaped. */
	k = off;
	cols = 0;
	wmove(p, y, vx + 1);
	wattron(p, ph ? term_attr(TS_DIM) : a);
	while (k < slen) {
		size_t u = textsafe_unit(shown + k, slen - k, out, &ol);
		int c = ui_cols(shown + k, u);

		if (u == 0 || cols + c > fw)
			break;
		waddnstr(p, out, (int)ol);
		cols += c;
		k += u;
	}
	wattroff(p, ph ? term_attr(TS_DIM) : a);
	for (; cols < fw; cols++)
		mvwaddch(p, y, vx + 1 + cols, ' ' | a);
	mvwaddch(p, y, vx + 1 + fw, k < slen ? '>' : ']');
	if (w->hint[0])
		ui_put(p, y, vx + fw + 3, maxx - (vx + fw + 3), w->hint,
		       term_attr(TS_DIM));
	if (focus) {
		*cy = y;
		*cx = vx + 1 + (ph ? 0 : ui_cols(shown + off, mw->cur - off));
	}
}
