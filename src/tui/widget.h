/*
 * widget.h - the console's input widgets and the form that holds them.
 *
 * A widget is a label, a text field with a keystroke filter, a choice
 * list (radio buttons), a checkbox, a button or a list of rows.  Each
 * input widget may be bound to a plan path ("nics[0].ip.gateway"): the
 * form then shows the diagnostic the core gave for that path next to the
 * widget (marked, with its message underneath).  Widgets judge nothing
 * and drop nothing: a text field takes every printable character typed,
 * a wrong one stays visible and plan_validate names the field and the
 * fix.  A text field shows its whole text when it fits, else scrolls
 * with the cursor ('<' and '>' say there is more); a suggestion is a
 * placeholder, shown dim (never underlined or reversed, focused or not)
 * while the field is empty and never its text until taken.
 *
 * A form lays its visible widgets out top-down, scrolls to keep the focus
 * in view and moves the focus with Tab/Shift-Tab and the arrows.  Hidden
 * widgets are neither drawn nor focused, and never block (form_error).
 *
 * Keys, the same on every form:
 *   Tab, Shift-Tab  next / previous widget (wrapping); the form's
 *                   default button comes before the others of its row
 *                   (Next, then Back).  Tab on an empty field with a
 *                   placeholder takes it and stays (the next Tab moves)
 *   Enter           on a text field, a choice, a checkbox or a plain
 *                   view: the next field (buttons are skipped); on the
 *                   last field, the form's default button (the wizard's
 *                   Next) -- never a Back button.  On a button: presses
 *                   it.  On a list of rows: activates the row.
 *   Space           checkbox: toggles; choice: the next option; button:
 *                   presses it
 *   arrows          choice: Up/Down/Left/Right select (Up/Down leave it
 *                   at its ends); text: Left/Right move the cursor, Right
 *                   on an empty field takes its placeholder
 *   a letter        choice: the next option starting with it
 *   typing          text: inserts; replaces a placeholder
 * Touches only the widgets and the curses window it is given.
 */
#ifndef EDGENET_TUI_WIDGET_H
#define EDGENET_TUI_WIDGET_H

#include <stdbool.h>
#include <stddef.h>
#include <curses.h>

#include "core/diag.h"
#include "tui/term.h"

#define WIDGET_TEXT_MAX 256
#define WIDGET_MAX_OPTIONS 16
#define WIDGET_OPTION_LEN 160
#define WIDGET_LIST_MAX 200
#define WIDGET_ROW_LEN 160
#define FORM_MAX 48

enum widget_kind {
	W_LABEL,	/* text, wrapped; never focused */
	W_TEXT,		/* one-line text entry */
	W_CHOICE,	/* one of several options, one per line */
	W_CHECK,	/* on/off */
	W_BUTTON,	/* Enter or Space activates */
	W_LIST,		/* rows, one selected; scrolls in a fixed height */
};

/* Accepts or refuses one typed character.  The filters below refuse only
 * what cannot be typed into any field (control characters): a field never
 * drops a printable character. */
typedef bool (*widget_filter_fn)(int ch);

struct widget {
	enum widget_kind kind;
	int id;				/* the screen's own tag */
	const char *label;		/* left column (W_LABEL: the text) */
	char path[DIAG_PATH_MAX];	/* plan path, "" when none */
	bool path_under;		/* also match paths under PATH */
	const char *help;		/* F1 text for this widget */
	bool hidden;
	enum term_style style;		/* W_LABEL: how the text is drawn */
	int indent;			/* W_LABEL: extra left margin */
	bool inline_next;		/* W_BUTTON: same line as the one before */

	/* W_TEXT */
	char text[WIDGET_TEXT_MAX];
	size_t maxlen;			/* 0: WIDGET_TEXT_MAX - 1 */
	size_t cur, off;		/* cursor, first character shown */
	int width;			/* columns of the field; 0: 24 */
	widget_filter_fn filter;
	const char *filter_msg;		/* said when FILTER refuses a key */
	char hint[96];			/* shown after the field */
	char placeholder[WIDGET_TEXT_MAX];	/* a suggestion, dim while the
						 * text is empty; Tab or Right
						 * takes it */

	/* W_CHOICE */
	char options[WIDGET_MAX_OPTIONS][WIDGET_OPTION_LEN];
	bool opt_disabled[WIDGET_MAX_OPTIONS];
	int nopt;
	int sel;

	/* W_CHECK: LABEL left, NOTE after the box */
	bool checked;
	char note[WIDGET_OPTION_LEN];

	/* W_LIST */
	char header[WIDGET_ROW_LEN];
	char rows[WIDGET_LIST_MAX][WIDGET_ROW_LEN];
	/* the row in words, whole: shown under the list for the selected
	 * row when its cells had to be shortened ("" none) */
	char row_full[WIDGET_LIST_MAX][WIDGET_ROW_LEN];
	bool row_marked[WIDGET_LIST_MAX];	/* drawn with the error style */
	int nrows;
	int height;			/* rows shown */
	int top;			/* first row shown */
	bool selectable;		/* else a plain scrolling view */

	/* set by form_set_diags */
	const struct diag *diag;
};

enum form_result {
	FORM_IGNORED = 0,	/* not a key for the form */
	FORM_HANDLED,		/* used; nothing changed */
	FORM_MOVED,		/* focus or selection moved */
	FORM_CHANGED,		/* a value changed */
	FORM_ACTIVATED,		/* Enter/Space on a button, Enter on a list,
				 * Enter on the last field (the focus is then
				 * on the form's default button) */
	FORM_REFUSED,		/* a typed character was filtered out */
};

struct form {
	struct widget *w[FORM_MAX];
	int n;
	int focus;		/* index in W, -1 when nothing can focus */
	int scroll;		/* first layout line shown */
	int label_w;		/* width of the label column; 0: 22 */
	const char *refused;	/* why the last key was refused */
	/* Enter's button on the last field (the wizard's Next); NULL: Enter
	 * there goes to the next widget, whatever it is */
	struct widget *dflt;
	/* where the cursor goes after form_draw: window coordinates, or
	 * y = -1 when no text field has the focus */
	int cur_y, cur_x;
};

void widget_init(struct widget *w, enum widget_kind kind, int id,
		 const char *label);
void widget_set_text(struct widget *w, const char *s);
void widget_set_path(struct widget *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int widget_add_option(struct widget *w, const char *text, bool disabled);
int widget_add_row(struct widget *w, const char *text, bool marked);
/* Row R whole (FULL), for when its cells are shortened (ui_cell). */
void widget_set_row_full(struct widget *w, int r, const char *full);
void widget_clear_rows(struct widget *w);
bool widget_focusable(const struct widget *w);
/* The options of a W_CHOICE that can be chosen (not disabled). */
int widget_choices(const struct widget *w);

/* Filters: every one takes any printable character (a wrong one is kept
 * and reported by plan_validate at the field); the names say what the
 * field holds. */
bool widget_filter_printable(int ch);
bool widget_filter_ipv4(int ch);
bool widget_filter_cidr(int ch);
bool widget_filter_digits(int ch);
bool widget_filter_name(int ch);
bool widget_filter_domain(int ch);
bool widget_filter_mac(int ch);
bool widget_filter_path(int ch);
/* Takes W's placeholder as its text when W is an empty text field with
 * one; true when it did. */
bool widget_take_placeholder(struct widget *w);

void form_init(struct form *f);
int form_add(struct form *f, struct widget *w);
struct widget *form_focused(const struct form *f);
/* Focuses W (if it can be focused). */
void form_focus(struct form *f, const struct widget *w);
/* Keeps the focus on something visible after widgets were hidden. */
void form_fix_focus(struct form *f);
bool form_typing(const struct form *f);	/* a text field has the focus */

enum form_result form_key(struct form *f, int key);

/* Help for the focused widget, "Label: help", written into BUF; the
 * screen's FALLBACK when the widget has none. */
const char *form_help(const struct form *f, const char *fallback, char *buf,
		      size_t len);

/* Binds each widget to the diagnostic for its path in D (errors before
 * warnings).  D must outlive the next form_draw. */
void form_set_diags(struct form *f, const struct diag_list *d);
/* The first visible widget standing on an error, or NULL. */
struct widget *form_error(const struct form *f);

/* Draws the form in rows TOP..TOP+HEIGHT-1 of W. */
void form_draw(struct form *f, WINDOW *w, int top, int height);

/* Text a drawing had to cut (an intro or a label longer than its room,
 * drawn ending in the ellipsis), kept for the manager to show whole on
 * F2: reset before the screen draws, set by the first cut, read after.
 * The pointer is valid until the screen's texts change. */
void ui_cut_reset(void);
void ui_cut_note(const char *text);
const char *ui_cut_text(void);

/* Writes TEXT wrapped to WIDTH columns at (Y, X), at most MAXLINES lines;
 * returns the number of lines used.  With W NULL it only counts.  Lines
 * break between words; a word longer than a whole line is split after
 * its last '/' that fits (a path), else the line ends in '\' where the
 * word goes on.  When MAXLINES are not enough, the last one ends with an
 * ellipsis (term_glyph) after a whole word. */
int ui_wrap(WINDOW *w, int y, int x, int width, int maxlines,
	    const char *text, attr_t attr);
/* What is left of TEXT after LINES lines wrapped to WIDTH ("" when it
 * all fits). */
const char *ui_wrap_rest(const char *text, int width, int lines);
/* Copies SRC into DST of LEN bytes, cut to fit, always terminated: the
 * core's str_copy (core/str.h), under the toolkit's old name. */
void ui_copy(char *dst, size_t len, const char *src);
/* Writes at most N columns of S at (Y, X); a text that needs more ends
 * in an ellipsis (term_glyph) within the N columns. */
void ui_put(WINDOW *w, int y, int x, int n, const char *s, attr_t attr);
/* A table cell: S in exactly WIDTH columns into DST of LEN bytes,
 * padded with blanks, or shortened to end in an ellipsis; returns DST. */
char *ui_cell(char *dst, size_t len, const char *s, int width);
/* Columns S takes on the terminal (UTF-8 aware). */
int ui_width(const char *s);

#endif
