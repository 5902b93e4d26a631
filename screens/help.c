/*
 * help.c - the help screen (F1, Ctrl-G or ?): help for the field that had
 * the focus and for its screen, then the keys, wrapped to the terminal's
 * width; what does not fit scrolls (arrows, PgUp/PgDn, Home/End, Space),
 * so nothing is cut.  Esc, Enter, q, ? or F1 goes back to the screen as
 * it was.  Reads app->help_text only.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/widget.h"
#include "ui/app.h"

#define KEY_ESC 27
#define HELP_MAX_LINES 400

static const char help_keys[] =
	"Keys: Tab and Shift-Tab (or the arrows) move between fields; Enter "
	"selects or moves on; Space ticks a box; Esc goes back one step; "
	"Ctrl-N goes to the next step; F1, Ctrl-G or ? shows this help; F10, "
	"Ctrl-X or q quits (q and ? only outside text fields); F5 or Ctrl-P "
	"opens the diagnostics of the NIC in focus from any screen (Esc "
	"comes back). In a text field: Left/Right, Home/End, Backspace, Delete, Ctrl-U clears. A "
	"message too long for the lines above the footer opens whole with F2 "
	"or Ctrl-O. The footer lists the keys that work on each screen.";

struct help {
	int top;	/* first line shown */
	int total;	/* lines at the last draw */
	int height;	/* lines shown at the last draw */
};

static int help_create(struct screen *s)
{
	s->priv = calloc(1, sizeof(struct help));
	return s->priv ? 0 : -1;
}

static void help_destroy(struct screen *s)
{
	free(s->priv);
}

static void help_enter(struct screen *s)
{
	((struct help *)s->priv)->top = 0;
}

/* The screen's help and the keys, one after the other, into W (NULL:
 * only counts); returns the lines. */
static int help_text(const struct app *a, WINDOW *w, int width)
{
	int y = 0;

	y += ui_wrap(w, y, 0, width, HELP_MAX_LINES, a->help_text, 0);
	y++;
	y += ui_wrap(w, y, 0, width, HELP_MAX_LINES, help_keys,
		     term_attr(TS_DIM));
	return y;
}

static void help_draw(struct screen *s, WINDOW *w)
{
	struct help *h = s->priv;
	int width = getmaxx(w), height = getmaxy(w), tw = width - 4;
	int view = height - 4;	/* rows 3 .. height-2 */
	WINDOW *pad;

	s->cur_y = -1;
	ui_put(w, 1, 1, width - 2, "Help", term_attr(TS_TITLE));
	if (view < 1)
		return;
	h->total = help_text(s->app, NULL, tw);
	h->height = view;
	if (h->top > h->total - view)
		h->top = h->total - view;
	if (h->top < 0)
		h->top = 0;
	pad = newpad(h->total > 0 ? h->total : 1, tw);
	if (!pad)
		return;
	help_text(s->app, pad, tw);
	copywin(pad, w, h->top, 0, 3, 2,
		3 + (h->total - h->top < view ? h->total - h->top : view) - 1,
		2 + tw - 1, FALSE);
	delwin(pad);
	if (h->top > 0)
		ui_put(w, 2, width - 10, 8, "(more ^)", term_attr(TS_DIM));
	if (h->total - h->top > view)
		ui_put(w, height - 1, width - 10, 8, "(more v)",
		       term_attr(TS_DIM));
}

static enum intent help_key(struct screen *s, int key)
{
	struct help *h = s->priv;
	int page = h->height > 2 ? h->height - 1 : 1;

	switch (key) {
	case KEY_UP:
		h->top--;
		break;
	case KEY_DOWN:
		h->top++;
		break;
	case KEY_PPAGE:
		h->top -= page;
		break;
	case KEY_NPAGE:
	case ' ':
		h->top += page;
		break;
	case KEY_HOME:
		h->top = 0;
		break;
	case KEY_END:
		h->top = h->total;
		break;
	case KEY_ESC:
	case '\n':
	case '\r':
	case KEY_ENTER:
	case 'q':
	case '?':
	case KEY_F(1):
		return INTENT_BACK;
	default:
		break;
	}
	if (h->top > h->total - h->height)
		h->top = h->total - h->height;
	if (h->top < 0)
		h->top = 0;
	return INTENT_HANDLED;
}

/* Scrolling and the ways back; q closes the help, F10 still quits. */
static void help_footer(struct screen *s, struct footer *f)
{
	struct help *h = s->priv;

	/* scrolling only when the text is longer than its room (known
	 * once drawn) */
	if (h && h->height > 0 && h->total <= h->height) {
		footer_own(f, "Enter q ? F1 close");
		f->common &= FOOTER_DIAG;
	} else {
		footer_own(f, "PgUp/PgDn Space Home/End scroll  Enter q ? F1 "
			   "close");
		f->common = FOOTER_SCROLL | (f->common & FOOTER_DIAG);
	}
	f->esc = "close";
}

const struct screen_class help_screen = {
	.id = SCR_HELP,
	.kind = SCREEN_OVERLAY,
	.parent = SCR_HOME,
	.name = "help",
	.title = "help",
	.step = 0,
	.create = help_create,
	.destroy = help_destroy,
	.enter = help_enter,
	.draw = help_draw,
	.key = help_key,
	.footer = help_footer,
};
