/*
 * term.h - the terminal: curses set-up and tear-down, the named styles the
 * screens draw with (colour when the terminal has it and NO_COLOR is not
 * set, else bold/reverse/underline), and line drawing (UTF-8 box lines
 * when the locale is UTF-8, + - | otherwise).  The terminal is restored
 * on every way out: term_stop, exit() (atexit), and fatal signals.
 */
#ifndef EDGENET_TUI_TERM_H
#define EDGENET_TUI_TERM_H

#include <stdbool.h>
#include <stddef.h>
#include <curses.h>

enum term_style {
	TS_NORMAL = 0,
	TS_HEADER,	/* top bar */
	TS_TITLE,	/* a screen's title */
	TS_FOCUS,	/* the focused field or row */
	TS_FIELD,	/* an editable value */
	TS_ERROR,
	TS_WARNING,
	TS_OK,
	TS_DIM,		/* explanations, disabled options */
	TS_KEY,		/* key names in the footer */
	TS_COUNT
};

enum term_glyph {
	TG_HLINE,
	TG_VLINE,
	TG_CORNER,	/* all four corners (ASCII '+') */
	TG_BULLET,	/* selected radio option */
	TG_ARROWS,	/* "↑↓" or "Up/Dn" */
	TG_MARK,	/* the error marker before a field */
	TG_ELLIPSIS,	/* ends a shortened text: "\u2026" or "..." */
	TG_COUNT
};

/* Starts curses on the controlling terminal.  Returns 0, or -1 with a
 * message in ERR (the terminal is left as it was). */
int term_start(char *err, size_t errlen);
/* Ends curses if it is on; safe to call more than once. */
void term_stop(void);
bool term_active(void);
/* Ends the process by SIG's default action, the terminal restored first:
 * for a console a signal ended (after its own clean-up), so the exit
 * status says which signal it was.  Does not return. */
void term_die_of(int sig) __attribute__((noreturn));

/* For off-screen drawing (tests): decides colour and UTF-8 without a
 * terminal; call after newterm. */
void term_setup_offscreen(bool colour, bool utf8);

bool term_colour(void);
bool term_utf8(void);
attr_t term_attr(enum term_style st);
const char *term_glyph(enum term_glyph g);

/* Line drawing that follows term_utf8. */
void term_hline(WINDOW *w, int y, int x, int n);
void term_box(WINDOW *w, int y, int x, int h, int wd);

/* Asks the kernel for the window size and resizes curses to it. */
void term_sync_size(void);

#endif
