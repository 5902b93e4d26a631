/*
 * widget_priv.h - what the files of the widgets share and nobody else
 * (widget.c, widget_text.c, widget_form.c, widget_field.c,
 * widget_list.c, widget_layout.c): the keys and drawing of each widget
 * kind as the form calls them, and the layout's slot.  Toolkit layer:
 * no screen, no console, no backend.
 */
#ifndef EDGENET_TUI_WIDGET_PRIV_H
#define EDGENET_TUI_WIDGET_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <curses.h>

#include "tui/widget.h"

/* Columns the first LEN bytes of S take on the terminal, escaped. */
int ui_cols(const char *s, size_t len);

/* Columns of S without its trailing blanks. */
int ui_cols_trimmed(const char *s);

/* Moves the focus DIR (-1, +1) along the widgets' order; false at an
 * end (widget_form.c). */
bool form_move(struct form *f, int dir);

/* Enter, however the terminal sends it (widget_form.c). */
bool form_is_enter(int key);

/* A key for the text field W in focus (widget_field.c). */
enum form_result field_key(struct form *f, struct widget *w, int key);

/* A key for the choice list W in focus (widget_list.c). */
enum form_result list_choice_key(struct form *f, struct widget *w, int key);

/* A key for the list of rows W in focus (widget_list.c). */
enum form_result list_key(struct form *f, struct widget *w, int key);

/* Where the layout put a widget (widget_layout.c). */
struct form_slot {
	int y;		/* first layout line */
	int lines;	/* lines of the widget itself */
	int x;		/* W_BUTTON: column */
	int msg;	/* lines of its message */
};

/* Lines the detail of W's selected row takes at WIDTH (widget_list.c). */
int list_detail_lines(const struct widget *w, int width);

/* Draws the text field W at row Y scrolled by VX; the cursor goes to
 * *CY, *CX when it has the focus (widget_field.c). */
void field_draw(const struct form *f, WINDOW *p, const struct widget *w,
		int y, int vx, bool focus, int *cy, int *cx);

/* Draws the list W at row Y in WIDTH columns (widget_list.c). */
void list_draw(WINDOW *p, const struct widget *w, int y, bool focus,
	       int width);

#endif
