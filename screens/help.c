/*
 * help.c - the help screen (F1, Ctrl-G or ?): help for the field that had
 * the focus and for its screen, then the keys.  Any of Esc, Enter, q or
 * F1 goes back to the screen as it was.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ui/app.h"
#include "ui/widget.h"

static const char help_keys[] =
	"Keys: Tab and Shift-Tab (or the arrows) move between fields; Enter "
	"selects or moves on; Space ticks a box; Esc goes back one step; "
	"Ctrl-N goes to the next step; F1, Ctrl-G or ? shows this help; F10, "
	"Ctrl-X or q quits (q and ? only outside text fields). In a text "
	"field: Left/Right, Home/End, Backspace, Delete, Ctrl-U clears.";

static void help_draw(struct screen *s, WINDOW *w)
{
	struct app *a = s->app;
	int width = getmaxx(w), height = getmaxy(w), y = 1;

	ui_put(w, y++, 1, width - 2, "Help", term_attr(TS_TITLE));
	y++;
	y += ui_wrap(w, y, 2, width - 4, height - y - 6, a->help_text, 0);
	y++;
	if (y < height - 2)
		y += ui_wrap(w, y, 2, width - 4, height - y - 2, help_keys,
			     term_attr(TS_DIM));
	ui_put(w, height - 1, 2, width - 4,
	       "Press Esc or Enter to go back.", A_BOLD);
	s->cur_y = -1;
}

static enum intent help_key(struct screen *s, int key)
{
	(void)s;
	if (key == 27 || key == '\n' || key == '\r' || key == KEY_ENTER ||
	    key == 'q' || key == KEY_F(1) || key == ' ' || key == '?')
		return INTENT_BACK;
	return INTENT_HANDLED;
}

const struct screen_class help_screen = {
	.name = "help",
	.title = "help",
	.step = 0,
	.draw = help_draw,
	.key = help_key,
};
