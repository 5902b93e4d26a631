/*
 * too_small.c - what the console shows instead of a screen while the
 * terminal is smaller than 80x24.  The screens keep their state; the
 * manager (app.c) draws this and ignores keys except quit until the
 * terminal is enlarged.
 */
#include "config.h"

#include <stdio.h>

#include "tui/widget.h"
#include "ui/screen.h"

void too_small_draw(WINDOW *w, int cols, int lines)
{
	char buf[256];
	int y = lines / 2 - 2, width = cols - 2;

	if (y < 0)
		y = 0;
	snprintf(buf, sizeof(buf), "edgenet needs at least %dx%d; this "
		 "terminal is %dx%d - enlarge it.", UI_MIN_COLS, UI_MIN_LINES,
		 cols, lines);
	y += ui_wrap(w, y, 1, width, 4, buf, A_BOLD);
	y++;
	ui_wrap(w, y, 1, width, 3, "What you typed is kept. F10 or Ctrl-X "
		"quits.", 0);
}
