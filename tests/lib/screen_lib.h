/*
 * screen_lib.h - curses off-screen for the screen tests: a vt100 terminal
 * on /dev/null (newterm), of the size asked for, monochrome, and a
 * screen drawn into a window and read back as text.  For cmocka tests.
 */
#ifndef EDGENET_TESTS_SCREEN_LIB_H
#define EDGENET_TESTS_SCREEN_LIB_H

#include "ui/dns_panel.h"
#include "ui/screen.h"

/* Opens the off-screen terminal of ROWS x COLS; 0, or -1 when it
 * cannot. */
int screen_lib_open(int rows, int cols);
void screen_lib_close(void);

/* Draws S into a ROWS x COLS window and returns its text, one line per
 * row with the trailing blanks cut (caller frees).  Fails the test when
 * memory runs out. */
char *screen_lib_draw(struct screen *s, int rows, int cols);

/* The text of W's ROWS x COLS, as screen_lib_draw returns it. */
char *screen_lib_text(WINDOW *w, int rows, int cols);

/* Shows the DNS panel S (created) with DATA (NULL: none) as the console
 * gives it: S's struct app (a blank one of this file's) has live data
 * and a dns_start that returns DATA, which the panel asks for through
 * its on_data. */
void screen_lib_give_dns(struct screen *s, struct dnsview_panel *data);

#endif
