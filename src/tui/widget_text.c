/*
 * widget_text.c - the text output every widget and screen draws
 * with (see widget.h): widths of escaped text, ui_put, ui_cell, ui_wrap,
 * and the note of what a drawing had to cut.  Touches only the window
 * it is given and its own note of the cut text; no screen, no backend.
 */
#include "config.h"

#include <string.h>

#include "core/str.h"
#include "core/textsafe.h"
#include "tui/widget.h"
#include "tui/widget_priv.h"

/* ---- text helpers ---- */

/* Every text drawn here may come from outside (a plan, libvirt, the
 * guest): it reaches curses only through ui_addn, escaped by textsafe (a
 * control, a C1 control or a byte that is not UTF-8 is shown as "\xNN"),
 * and every width is that of the escaped form.  Byte counts and offsets
 * stay those of the text itself.  A '\n' in a text given to ui_wrap
 * breaks the line and is never drawn: a screen that puts outside words
 * into a wrapped text escapes them first (diag_add and errf messages
 * already are). */

int ui_cols(const char *s, size_t len)
{
	return textsafe_cols(s, len);
}

/* Bytes of S whose escaped form fits in N columns (whole units). */
static size_t ui_fit(const char *s, int n)
{
	char out[TEXTSAFE_UNIT_MAX];
	size_t i = 0, k, ol;
	int cols = 0, c;

	while ((k = textsafe_unit(s + i, (size_t)-1, out, &ol)) > 0) {
		c = textsafe_cols(s + i, k);
		if (cols + c > n)
			break;
		cols += c;
		i += k;
	}
	return i;
}

/* Draws the first N bytes of S escaped at the cursor of W. */
static void ui_addn(WINDOW *w, const char *s, size_t n)
{
	char out[TEXTSAFE_UNIT_MAX];
	size_t k, ol;

	while ((k = textsafe_unit(s, n, out, &ol)) > 0) {
		waddnstr(w, out, (int)ol);
		s += k;
		n -= k;
	}
}

void ui_copy(char *dst, size_t len, const char *src)
{
	(void)str_copy(dst, len, src);	/* the tree's one string copy */
}

int ui_width(const char *s)
{
	return s ? ui_cols(s, strlen(s)) : 0;
}

int ui_cols_trimmed(const char *s)
{
	size_t n = strlen(s);

	while (n > 0 && s[n - 1] == ' ')
		n--;
	return ui_cols(s, n);
}

void ui_put(WINDOW *w, int y, int x, int n, const char *s, attr_t attr)
{
	const char *ell = term_glyph(TG_ELLIPSIS);
	int ew = ui_width(ell);

	if (!w || n <= 0 || !s)
		return;
	wattron(w, attr);
	if (ui_cols_trimmed(s) <= n || n <= ew) {
		wmove(w, y, x);
		ui_addn(w, s, ui_fit(s, n));
	} else {
		/* shortened: say so */
		size_t take = ui_fit(s, n - ew);

		while (take > 0 && s[take - 1] == ' ')
			take--;
		wmove(w, y, x);
		ui_addn(w, s, take);
		waddstr(w, ell);
	}
	wattroff(w, attr);
}

char *ui_cell(char *dst, size_t len, const char *s, int width)
{
	const char *ell = term_glyph(TG_ELLIPSIS);
	int ew = ui_width(ell), cols;
	size_t at = 0, take;

	if (!len)
		return dst;
	dst[0] = '\0';
	if (!s)
		s = "";
	cols = ui_width(s);
	take = cols <= width ? strlen(s) : ui_fit(s, width > ew ? width - ew :
							 0);
	if (take >= len)
		take = len - 1;
	memcpy(dst, s, take);
	at = take;
	if (cols > width && width > ew && at + strlen(ell) < len) {
		memcpy(dst + at, ell, strlen(ell));
		at += strlen(ell);
		cols = width;
	}
	for (; cols < width && at + 1 < len; cols++)
		dst[at++] = ' ';
	dst[at] = '\0';
	return dst;
}

/* One line of P wrapped to WIDTH: how many bytes it shows (*TAKE) and
 * where the next line starts (returned).  Lines break between words; a
 * word longer than the whole line is split after its last '/' that fits
 * (a path), else one column early with *MARK set: the line is then to
 * end in '\\', so a split word never passes for two. */
static const char *wrap_line_mark(const char *p, int width, size_t *take,
				  bool *mark)
{
	const char *nl = strchr(p, '\n');
	size_t avail = nl ? (size_t)(nl - p) : strlen(p);
	size_t t = ui_fit(p, width);

	*mark = false;
	if (t >= avail) {
		t = avail;
	} else {
		/* break at the last space that fits */
		size_t cut = t;

		while (cut > 0 && p[cut] != ' ')
			cut--;
		if (cut > 0) {
			t = cut;
		} else {
			/* one word longer than the line */
			for (cut = t; cut > 1 && p[cut - 1] != '/'; cut--)
				;
			if (cut > 1) {
				t = cut;
			} else if (width > 1) {
				t = ui_fit(p, width - 1);
				*mark = true;
			}
		}
	}
	*take = t;
	p += t;
	if (*p == '\n')
		p++;
	else
		while (*p == ' ')
			p++;
	return p;
}

static const char *wrap_line(const char *p, int width, size_t *take)
{
	bool mark;

	return wrap_line_mark(p, width, take, &mark);
}

const char *ui_wrap_rest(const char *text, int width, int lines)
{
	const char *p = text;
	size_t take;

	if (width < 4)
		width = 4;
	while (p && *p && lines-- > 0)
		p = wrap_line(p, width, &take);
	return p;
}

int ui_wrap(WINDOW *w, int y, int x, int width, int maxlines,
	    const char *text, attr_t attr)
{
	const char *p = text, *next;
	const char *ell = term_glyph(TG_ELLIPSIS);
	int lines = 0;
	size_t take;
	bool mark;

	if (width < 4)
		width = 4;
	while (p && *p && lines < maxlines) {
		next = wrap_line(p, width, &take);
		if (lines == maxlines - 1 && *next) {
			/* the last line allowed, and more to say: end it
			 * with an ellipsis, after a whole word */
			next = wrap_line(p, width - ui_width(ell) - 1, &take);
			if (w) {
				wattron(w, attr);
				wmove(w, y + lines, x);
				ui_addn(w, p, take);
				waddstr(w, take ? " " : "");
				waddstr(w, ell);
				wattroff(w, attr);
			}
			lines++;
			break;
		}
		next = wrap_line_mark(p, width, &take, &mark);
		if (w) {
			wattron(w, attr);
			wmove(w, y + lines, x);
			ui_addn(w, p, take);
			if (mark)
				waddstr(w, "\\");
			wattroff(w, attr);
		}
		lines++;
		p = next;
	}
	if (lines == 0 && p && *p == '\0' && text && text[0] == '\0')
		lines = 1;	/* an empty label is a blank line */
	return lines;
}

/* ---- texts cut by a drawing ---- */

static const char *ui_cut;

void ui_cut_reset(void)
{
	ui_cut = NULL;
}

void ui_cut_note(const char *text)
{
	if (!ui_cut && text && text[0])
		ui_cut = text;
}

const char *ui_cut_text(void)
{
	return ui_cut;
}
