/*
 * widget.c - the widgets themselves (see widget.h): setting
 * one up, its text, options and rows, whether it takes the focus, the
 * keystroke filters, taking a placeholder.  The form is widget_form.c,
 * the text field widget_field.c, choices and lists widget_list.c, the
 * layout and drawing widget_layout.c; they share widget_priv.h.  Reads
 * diagnostics, never makes them; no screen, no backend.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/str.h"
#include "tui/widget.h"

/* ---- widgets ---- */

void widget_init(struct widget *w, enum widget_kind kind, int id,
		 const char *label)
{
	memset(w, 0, sizeof(*w));
	w->kind = kind;
	w->id = id;
	w->label = label ? label : "";
	w->style = TS_NORMAL;
	w->height = 5;
	w->selectable = true;
}

void widget_set_text(struct widget *w, const char *s)
{
	size_t max = w->maxlen ? w->maxlen : WIDGET_TEXT_MAX - 1;

	if (max > WIDGET_TEXT_MAX - 1)
		max = WIDGET_TEXT_MAX - 1;
	str_copy(w->text, max + 1, s ? s : "");
	w->cur = strlen(w->text);
	w->off = 0;
}

void widget_set_path(struct widget *w, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(w->path, sizeof(w->path), fmt, ap);
	va_end(ap);
}

int widget_add_option(struct widget *w, const char *text, bool disabled)
{
	if (w->nopt >= WIDGET_MAX_OPTIONS)
		return -1;
	str_copy(w->options[w->nopt], WIDGET_OPTION_LEN, text);
	w->opt_disabled[w->nopt] = disabled;
	return w->nopt++;
}

int widget_add_row(struct widget *w, const char *text, bool marked)
{
	if (w->nrows >= WIDGET_LIST_MAX)
		return -1;
	str_copy(w->rows[w->nrows], WIDGET_ROW_LEN, text);
	w->row_full[w->nrows][0] = '\0';
	w->row_marked[w->nrows] = marked;
	return w->nrows++;
}

void widget_set_row_full(struct widget *w, int r, const char *full)
{
	if (r >= 0 && r < w->nrows)
		str_copy(w->row_full[r], WIDGET_ROW_LEN, full ? full : "");
}

void widget_clear_rows(struct widget *w)
{
	w->nrows = 0;
}

int widget_choices(const struct widget *w)
{
	int n = 0;

	for (int i = 0; w->kind == W_CHOICE && i < w->nopt; i++)
		if (!w->opt_disabled[i])
			n++;
	return n;
}

bool widget_focusable(const struct widget *w)
{
	if (w->hidden)
		return false;
	switch (w->kind) {
	case W_LABEL:
		return false;
	case W_LIST:
		return w->nrows > 0 || w->selectable;
	case W_CHOICE:
		return w->nopt > 0;
	default:
		return true;
	}
}

/* A field never drops a printable character: "plant_local" or
 * "Ethernet 2" stay as typed, and plan_validate says at the field what is
 * wrong and how to fix it.  Only what cannot be typed at all is kept
 * out. */
bool widget_filter_printable(int ch)
{
	return ch >= 32 && ch < 127;
}

bool widget_filter_ipv4(int ch)
{
	return widget_filter_printable(ch);
}

bool widget_filter_cidr(int ch)
{
	return widget_filter_printable(ch);
}

bool widget_filter_digits(int ch)
{
	return widget_filter_printable(ch);
}

bool widget_filter_name(int ch)
{
	return widget_filter_printable(ch);
}

bool widget_filter_domain(int ch)
{
	return widget_filter_printable(ch);
}

bool widget_filter_mac(int ch)
{
	return widget_filter_printable(ch);
}

bool widget_filter_path(int ch)
{
	return widget_filter_printable(ch);
}

bool widget_take_placeholder(struct widget *w)
{
	if (!w || w->kind != W_TEXT || w->text[0] || !w->placeholder[0])
		return false;
	widget_set_text(w, w->placeholder);
	return true;
}
