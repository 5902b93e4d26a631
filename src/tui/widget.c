/*
 * widget.c - input widgets and forms (see widget.h).  Draws only into the
 * window it is given; reads diagnostics, never makes them.
 */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/textsafe.h"
#include "tui/widget.h"

#define FORM_LABEL_W 22
#define FORM_MSG_LINES 6	/* a longer message ends in an ellipsis */
#define TEXT_DEFAULT_W 24

/* ---- text helpers ---- */

/* Every text drawn here may come from outside (a plan, libvirt, the
 * guest): it reaches curses only through ui_addn, escaped by textsafe (a
 * control, a C1 control or a byte that is not UTF-8 is shown as "\xNN"),
 * and every width is that of the escaped form.  Byte counts and offsets
 * stay those of the text itself.  A '\n' in a text given to ui_wrap
 * breaks the line and is never drawn: a screen that puts outside words
 * into a wrapped text escapes them first (diag_add and errf messages
 * already are). */

/* Columns the first LEN bytes of S take on the terminal, escaped. */
static int ui_cols(const char *s, size_t len)
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
	size_t n;

	if (len == 0)
		return;
	n = src ? strnlen(src, len - 1) : 0;
	if (n && dst != src)
		memmove(dst, src, n);
	dst[n] = '\0';
}

int ui_width(const char *s)
{
	return s ? ui_cols(s, strlen(s)) : 0;
}

/* Columns of S without its trailing blanks. */
static int ui_cols_trimmed(const char *s)
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
	snprintf(w->text, max + 1, "%s", s ? s : "");
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
	snprintf(w->options[w->nopt], WIDGET_OPTION_LEN, "%s", text);
	w->opt_disabled[w->nopt] = disabled;
	return w->nopt++;
}

int widget_add_row(struct widget *w, const char *text, bool marked)
{
	if (w->nrows >= WIDGET_LIST_MAX)
		return -1;
	snprintf(w->rows[w->nrows], WIDGET_ROW_LEN, "%s", text);
	w->row_full[w->nrows][0] = '\0';
	w->row_marked[w->nrows] = marked;
	return w->nrows++;
}

void widget_set_row_full(struct widget *w, int r, const char *full)
{
	if (r >= 0 && r < w->nrows)
		snprintf(w->row_full[r], WIDGET_ROW_LEN, "%s", full ? full : "");
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

/* ---- form ---- */

void form_init(struct form *f)
{
	memset(f, 0, sizeof(*f));
	f->focus = -1;
	f->cur_y = -1;
}

int form_add(struct form *f, struct widget *w)
{
	if (f->n >= FORM_MAX)
		return -1;
	f->w[f->n] = w;
	if (f->focus < 0 && widget_focusable(w))
		f->focus = f->n;
	return f->n++;
}

struct widget *form_focused(const struct form *f)
{
	if (f->focus < 0 || f->focus >= f->n)
		return NULL;
	return f->w[f->focus];
}

void form_focus(struct form *f, const struct widget *w)
{
	for (int i = 0; i < f->n; i++)
		if (f->w[i] == w && widget_focusable(w))
			f->focus = i;
}

void form_fix_focus(struct form *f)
{
	if (f->focus >= 0 && f->focus < f->n &&
	    widget_focusable(f->w[f->focus]))
		return;
	/* the nearest focusable widget after, else before */
	for (int i = f->focus < 0 ? 0 : f->focus; i < f->n; i++)
		if (widget_focusable(f->w[i])) {
			f->focus = i;
			return;
		}
	for (int i = f->n - 1; i >= 0; i--)
		if (widget_focusable(f->w[i])) {
			f->focus = i;
			return;
		}
	f->focus = -1;
}

bool form_typing(const struct form *f)
{
	const struct widget *w = form_focused(f);

	return w && w->kind == W_TEXT;
}

static bool form_move(struct form *f, int dir)
{
	if (f->focus < 0)
		return false;
	for (int i = f->focus + dir; i >= 0 && i < f->n; i += dir) {
		if (widget_focusable(f->w[i])) {
			f->focus = i;
			return true;
		}
	}
	return false;
}

/* The Tab order: the widgets in their order, except that the form's
 * default button comes first among the buttons of its row, so that Tab
 * from the last field reaches Next before Back.  Fills ORD with
 * indices into F->w; returns how many. */
static int form_tab_order(const struct form *f, int *ord)
{
	int d = -1, b, n = 0;

	for (int i = 0; f->dflt && i < f->n; i++)
		if (f->w[i] == f->dflt)
			d = i;
	if (d < 0) {
		for (int i = 0; i < f->n; i++)
			ord[n++] = i;
		return n;
	}
	/* B: the first of the buttons on D's row ([ Back ] [ Next ]) */
	for (b = d; b > 0 && f->w[b]->inline_next &&
		    f->w[b - 1]->kind == W_BUTTON; b--)
		;
	for (int i = 0; i < b; i++)
		ord[n++] = i;
	ord[n++] = d;
	for (int i = b; i < f->n; i++)
		if (i != d)
			ord[n++] = i;
	return n;
}

/* Tab and Shift-Tab: the next / previous focusable widget in the Tab
 * order, wrapping around (the arrows stop at the ends: form_move). */
static void form_cycle(struct form *f, int dir)
{
	int ord[FORM_MAX], n = form_tab_order(f, ord), at = -1;

	if (n == 0)
		return;
	for (int k = 0; k < n; k++)
		if (ord[k] == f->focus)
			at = k;
	if (at < 0)
		at = dir > 0 ? n - 1 : 0;
	for (int step = 1; step <= n; step++) {
		int i = ord[((at + dir * step) % n + n) % n];

		if (widget_focusable(f->w[i])) {
			f->focus = i;
			return;
		}
	}
}

static bool is_enter(int key)
{
	return key == '\n' || key == '\r' || key == KEY_ENTER;
}

static enum form_result text_key(struct form *f, struct widget *w, int key)
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

static int choice_step(const struct widget *w, int from, int dir)
{
	for (int i = from + dir; i >= 0 && i < w->nopt; i += dir)
		if (!w->opt_disabled[i])
			return i;
	return -1;
}

/* The next enabled option after the selected one (wrapping) whose text
 * starts with the letter KEY, or -1. */
static int choice_letter(const struct widget *w, int key)
{
	for (int k = 1; k <= w->nopt; k++) {
		int i = ((w->sel < 0 ? -1 : w->sel) + k) % w->nopt;
		const char *o = w->options[i];

		while (*o == ' ')
			o++;
		if (!w->opt_disabled[i] &&
		    tolower((unsigned char)*o) == tolower(key))
			return i;
	}
	return -1;
}

static enum form_result choice_key(struct form *f, struct widget *w, int key)
{
	int dir = 0, to;

	if (key > 0 && key < 128 && isalnum(key)) {
		/* a letter the options do not start with means nothing
		 * here: the screen or the manager may take it (q quits) */
		to = choice_letter(w, key);
		if (to < 0)
			return FORM_IGNORED;
		if (to == w->sel)
			return FORM_HANDLED;
		w->sel = to;
		return FORM_CHANGED;
	}
	if (key == KEY_UP || key == KEY_LEFT)
		dir = -1;
	else if (key == KEY_DOWN || key == KEY_RIGHT || key == ' ')
		dir = 1;
	if (!dir)
		return FORM_IGNORED;
	to = choice_step(w, w->sel, dir);
	if (to < 0) {
		if (key == ' ') {	/* Space cycles */
			to = choice_step(w, -1, 1);
			if (to < 0 || to == w->sel)
				return FORM_HANDLED;
		} else if (key == KEY_UP || key == KEY_DOWN) {
			return form_move(f, dir) ? FORM_MOVED : FORM_HANDLED;
		} else {
			return FORM_HANDLED;
		}
	}
	w->sel = to;
	return FORM_CHANGED;
}

static enum form_result list_key(struct form *f, struct widget *w, int key)
{
	int dir = 0;

	if (!w->selectable) {
		int maxtop = w->nrows - w->height;

		if (maxtop < 0)
			maxtop = 0;
		if (key == KEY_UP && w->top == 0)
			return form_move(f, -1) ? FORM_MOVED : FORM_HANDLED;
		if (key == KEY_DOWN && w->top >= maxtop)
			return form_move(f, 1) ? FORM_MOVED : FORM_HANDLED;
		if (key == KEY_UP)
			w->top--;
		else if (key == KEY_DOWN)
			w->top++;
		else if (key == KEY_PPAGE)
			w->top -= w->height - 1;
		else if (key == KEY_NPAGE)
			w->top += w->height - 1;
		else
			return FORM_IGNORED;
		if (w->top > maxtop)
			w->top = maxtop;
		if (w->top < 0)
			w->top = 0;
		return FORM_MOVED;
	}
	if (is_enter(key))
		return w->nrows > 0 ? FORM_ACTIVATED : FORM_HANDLED;
	if (key == KEY_UP)
		dir = -1;
	else if (key == KEY_DOWN)
		dir = 1;
	else if (key == KEY_PPAGE)
		dir = -(w->height - 1);
	else if (key == KEY_NPAGE)
		dir = w->height - 1;
	if (!dir)
		return FORM_IGNORED;
	if ((dir < 0 && w->sel <= 0) || (dir > 0 && w->sel >= w->nrows - 1)) {
		if (key == KEY_UP || key == KEY_DOWN)
			return form_move(f, dir > 0 ? 1 : -1) ? FORM_MOVED :
								FORM_HANDLED;
		return FORM_HANDLED;
	}
	w->sel += dir;
	if (w->sel < 0)
		w->sel = 0;
	if (w->sel > w->nrows - 1)
		w->sel = w->nrows - 1;
	return FORM_MOVED;
}

/* Enter on a field: the next field (buttons skipped); past the last one,
 * the form's default button, pressed.  Without a default button: the
 * next widget, whatever it is. */
static enum form_result form_enter(struct form *f)
{
	for (int i = f->focus + 1; i < f->n; i++) {
		if (widget_focusable(f->w[i]) && f->w[i]->kind != W_BUTTON) {
			f->focus = i;
			return FORM_MOVED;
		}
	}
	if (f->dflt && widget_focusable(f->dflt)) {
		form_focus(f, f->dflt);
		return FORM_ACTIVATED;
	}
	return form_move(f, 1) ? FORM_MOVED : FORM_HANDLED;
}

enum form_result form_key(struct form *f, int key)
{
	struct widget *w = form_focused(f);
	enum form_result r;

	f->refused = NULL;
	if (key == '\t') {
		/* an empty field's suggestion is taken, and the focus stays
		 * on it (the next Tab moves on): taking a suggestion never
		 * puts the focus on a button the next Enter would press */
		if (widget_take_placeholder(w))
			return FORM_CHANGED;
		form_cycle(f, 1);
		return FORM_MOVED;
	}
	if (key == KEY_BTAB) {
		form_cycle(f, -1);
		return FORM_MOVED;
	}
	if (!w)
		return FORM_IGNORED;
	switch (w->kind) {
	case W_TEXT:
		r = text_key(f, w, key);
		if (r != FORM_IGNORED)
			return r;
		break;
	case W_CHOICE:
		r = choice_key(f, w, key);
		if (r != FORM_IGNORED)
			return r;
		break;
	case W_LIST:
		r = list_key(f, w, key);
		if (r != FORM_IGNORED)
			return r;
		break;
	case W_CHECK:
		if (key == ' ') {
			w->checked = !w->checked;
			return FORM_CHANGED;
		}
		break;
	case W_BUTTON:
		if (key == ' ' || is_enter(key))
			return FORM_ACTIVATED;
		if (key == KEY_LEFT)
			return form_move(f, -1) ? FORM_MOVED : FORM_HANDLED;
		if (key == KEY_RIGHT)
			return form_move(f, 1) ? FORM_MOVED : FORM_HANDLED;
		break;
	case W_LABEL:
		break;
	}
	if (is_enter(key))
		return form_enter(f);
	switch (key) {
	case KEY_DOWN:
		return form_move(f, 1) ? FORM_MOVED : FORM_HANDLED;
	case KEY_UP:
		return form_move(f, -1) ? FORM_MOVED : FORM_HANDLED;
	default:
		return FORM_IGNORED;
	}
}

const char *form_help(const struct form *f, const char *fallback, char *buf,
		      size_t len)
{
	const struct widget *w = form_focused(f);

	if (!w || !w->help)
		return fallback;
	if (w->label[0] && w->kind != W_LABEL)
		snprintf(buf, len, "%s: %s", w->label, w->help);
	else
		snprintf(buf, len, "%s", w->help);
	return buf;
}

/* ---- diagnostics ---- */

static bool path_matches(const struct widget *w, const char *p)
{
	size_t n = strlen(w->path);

	if (strcmp(p, w->path) == 0)
		return true;
	return w->path_under && strncmp(p, w->path, n) == 0 &&
	       (p[n] == '.' || p[n] == '[');
}

void form_set_diags(struct form *f, const struct diag_list *d)
{
	for (int i = 0; i < f->n; i++) {
		struct widget *w = f->w[i];

		w->diag = NULL;
		if (!d || w->path[0] == '\0')
			continue;
		for (size_t j = 0; j < d->count; j++) {
			const struct diag *x = &d->items[j];

			if (!path_matches(w, x->path))
				continue;
			if (!w->diag || (w->diag->severity != DIAG_ERROR &&
					 x->severity == DIAG_ERROR))
				w->diag = x;
		}
	}
}

struct widget *form_error(const struct form *f)
{
	for (int i = 0; i < f->n; i++) {
		struct widget *w = f->w[i];

		if (!w->hidden && w->diag && w->diag->severity == DIAG_ERROR)
			return w;
	}
	return NULL;
}

/* ---- layout and drawing ---- */

struct form_slot {
	int y;		/* first layout line */
	int lines;	/* lines of the widget itself */
	int x;		/* W_BUTTON: column */
	int msg;	/* lines of its message */
};

static int form_label_w(const struct form *f)
{
	return f->label_w > 0 ? f->label_w : FORM_LABEL_W;
}

static void diag_text(const struct widget *w, char *buf, size_t len)
{
	snprintf(buf, len, "%s: %s", diag_severity_name(w->diag->severity),
		 w->diag->message ? w->diag->message : "");
}

static int button_w(const struct widget *w)
{
	return ui_cols(w->label, strlen(w->label)) + 4;
}

/* A selectable list whose selected row is shortened (the ellipsis in
 * draw_list) shows that row whole under the list: its lines, or 0. */
#define LIST_DETAIL_LINES 3
static const char *list_detail(const struct widget *w, int width)
{
	int sel = w->sel;
	const char *row;

	if (!w->selectable || w->nrows == 0)
		return NULL;
	if (sel < 0)
		sel = 0;
	if (sel >= w->nrows)
		sel = w->nrows - 1;
	row = w->rows[sel];
	if (ui_cols_trimmed(row) > width - 3)
		return w->row_full[sel][0] ? w->row_full[sel] : row;
	if (w->row_full[sel][0] && strstr(row, term_glyph(TG_ELLIPSIS)))
		return w->row_full[sel];
	return NULL;
}

static int list_detail_lines(const struct widget *w, int width)
{
	const char *d = list_detail(w, width);

	return d ? ui_wrap(NULL, 0, 0, width - 5, LIST_DETAIL_LINES, d, 0) : 0;
}

/* Lays out the visible widgets for WIDTH columns; returns the total
 * number of lines. */
static int form_layout(const struct form *f, int width,
		       struct form_slot *slot)
{
	int y = 0, vx = 2 + form_label_w(f) + 1;
	const struct widget *prev = NULL;
	int prev_i = -1;
	char msg[512];

	for (int i = 0; i < f->n; i++) {
		const struct widget *w = f->w[i];
		struct form_slot *s = &slot[i];

		memset(s, 0, sizeof(*s));
		s->y = y;
		if (w->hidden)
			continue;
		switch (w->kind) {
		case W_LABEL:
			s->lines = ui_wrap(NULL, 0, 0, width - 2 - w->indent,
					   50, w->label, 0);
			break;
		case W_TEXT:
		case W_CHECK:
			s->lines = 1;
			break;
		case W_CHOICE:
			s->lines = w->nopt > 0 ? w->nopt : 1;
			break;
		case W_BUTTON:
			s->lines = 1;
			s->x = vx;
			if (w->inline_next && prev && prev->kind == W_BUTTON &&
			    !prev->diag) {
				s->y = slot[prev_i].y;
				s->x = slot[prev_i].x + button_w(prev) + 2;
				s->lines = 0;
			}
			break;
		case W_LIST:
			s->lines = (w->header[0] ? 1 : 0) + w->height +
				   list_detail_lines(w, width);
			break;
		}
		if (w->diag) {
			int mx = w->kind == W_LIST || w->kind == W_LABEL ? 4 : vx;

			diag_text(w, msg, sizeof(msg));
			s->msg = ui_wrap(NULL, 0, 0, width - mx - 1,
					 FORM_MSG_LINES, msg, 0);
		}
		y = s->y + s->lines + s->msg;
		if (w->kind == W_BUTTON && s->lines == 0)
			y = s->y + 1 + s->msg;
		prev = w;
		prev_i = i;
	}
	return y;
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

static void draw_text(const struct form *f, WINDOW *p, const struct widget *w,
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

static void draw_list(WINDOW *p, const struct widget *w, int y, bool focus,
		      int width)
{
	struct widget *mw = (struct widget *)w;	/* scroll state only */
	int x = 2, rw = width - 3;

	if (w->header[0]) {
		ui_put(p, y, x, rw, w->header, term_attr(TS_TITLE));
		y++;
	}
	if (w->selectable) {
		if (mw->sel >= w->nrows)
			mw->sel = w->nrows - 1;
		if (mw->sel < 0)
			mw->sel = 0;
		if (mw->sel < mw->top)
			mw->top = mw->sel;
		if (mw->sel >= mw->top + w->height)
			mw->top = mw->sel - w->height + 1;
	}
	for (int i = 0; i < w->height; i++) {
		int r = w->top + i;
		attr_t a = 0;

		if (r >= w->nrows)
			break;
		if (w->row_marked[r])
			a = term_attr(TS_ERROR);
		if (w->selectable && r == w->sel)
			a = focus ? term_attr(TS_FOCUS) : A_BOLD;
		if (w->selectable && r == w->sel) {
			wattron(p, a);
			mvwhline(p, y + i, x, ' ', rw);
			wattroff(p, a);
		}
		/* the row under "(more)" ends before it */
		ui_put(p, y + i, x, (i == 0 && w->top > 0 && !w->header[0]) ||
		       (i == w->height - 1 && w->top + w->height < w->nrows) ?
		       rw - 7 : rw, w->rows[r], a);
	}
	if (w->top > 0)
		ui_put(p, w->header[0] ? y - 1 : y, width - 7, 6, "(more)",
		       term_attr(TS_DIM));
	if (w->top + w->height < w->nrows)
		ui_put(p, y + w->height - 1, width - 7, 6, "(more)",
		       term_attr(TS_DIM));
	if (list_detail(w, width))
		ui_wrap(p, y + w->height, 4, width - 5, LIST_DETAIL_LINES,
			list_detail(w, width), A_BOLD);
}

static void draw_widget(struct form *f, WINDOW *p, int i,
			const struct form_slot *s, int width)
{
	const struct widget *w = f->w[i];
	bool focus = i == f->focus;
	int vx = 2 + form_label_w(f) + 1;
	int y = s->y;
	attr_t la = 0;
	char buf[WIDGET_OPTION_LEN + 8];

	if (w->diag)
		la = term_attr(w->diag->severity == DIAG_ERROR ? TS_ERROR :
							       TS_WARNING);
	if (w->kind != W_LABEL && w->kind != W_BUTTON && w->kind != W_LIST &&
	    w->label[0])
		ui_put(p, y, 2, form_label_w(f), w->label, la);
	if (w->diag && s->lines > 0)
		ui_put(p, y, 0, 1, term_glyph(TG_MARK), la);
	if (focus && w->kind != W_BUTTON)
		ui_put(p, y + (w->kind == W_CHOICE && w->sel > 0 ? w->sel : 0),
		       1, 1, ">", A_BOLD);
	switch (w->kind) {
	case W_LABEL:
		ui_wrap(p, y, 1 + w->indent, width - 2 - w->indent, 50,
			w->label, term_attr(w->style) | la);
		break;
	case W_TEXT:
		draw_text(f, p, w, y, vx, focus, &f->cur_y, &f->cur_x);
		break;
	case W_CHECK:
		snprintf(buf, sizeof(buf), "[%c]", w->checked ? 'x' : ' ');
		ui_put(p, y, vx, 3, buf, focus ? term_attr(TS_FOCUS) : 0);
		ui_put(p, y, vx + 4, width - vx - 4, w->note, 0);
		break;
	case W_CHOICE:
		for (int k = 0; k < w->nopt; k++) {
			attr_t a = 0;

			snprintf(buf, sizeof(buf), "(%s) %s",
				 k == w->sel ? term_glyph(TG_BULLET) : " ",
				 w->options[k]);
			if (w->opt_disabled[k])
				a = term_attr(TS_DIM);
			if (focus && k == w->sel)
				a = term_attr(TS_FOCUS);
			ui_put(p, y + k, vx, width - vx - 1, buf, a);
		}
		break;
	case W_BUTTON:
		snprintf(buf, sizeof(buf), "[ %s ]", w->label);
		if (focus)
			ui_put(p, y, s->x - 1, 1, ">", A_BOLD);
		ui_put(p, y, s->x, width - s->x, buf,
		       focus ? term_attr(TS_FOCUS) : A_BOLD);
		break;
	case W_LIST:
		draw_list(p, w, y, focus, width);
		break;
	}
	if (w->diag) {
		int mx = w->kind == W_LIST || w->kind == W_LABEL ? 4 : vx;
		int my = w->kind == W_BUTTON && s->lines == 0 ? y + 1 :
								 y + s->lines;

		char msg[512];

		diag_text(w, msg, sizeof(msg));
		ui_wrap(p, my, mx, width - mx - 1, FORM_MSG_LINES, msg, la);
	}
}

/* A text (label) the view cuts at its bottom ends in the ellipsis on its
 * last row shown, and is reported (ui_cut_note) for F2 to show whole; so
 * is one that lies wholly below the view. */
static void form_cut_labels(const struct form *f, WINDOW *w,
			    const struct form_slot *slot, int top, int view)
{
	int width = getmaxx(w);

	for (int i = 0; i < f->n; i++) {
		const struct widget *l = f->w[i];
		int y0 = slot[i].y - f->scroll, y1 = y0 + slot[i].lines;
		attr_t la = 0;

		/* one above the view is there again on the way up */
		if (l->hidden || l->kind != W_LABEL || !l->label[0] ||
		    y1 <= view)
			continue;
		ui_cut_note(l->label);
		if (y0 < 0 || y0 >= view)
			continue;
		/* the rows shown again, the last ending in the ellipsis */
		if (l->diag)
			la = term_attr(l->diag->severity == DIAG_ERROR ?
				       TS_ERROR : TS_WARNING);
		for (int r = y0; r < view; r++)
			mvwhline(w, top + r, 1 + l->indent, ' ',
				 width - 2 - l->indent);
		ui_wrap(w, top + y0, 1 + l->indent, width - 2 - l->indent,
			view - y0, l->label, term_attr(l->style) | la);
	}
}

void form_draw(struct form *f, WINDOW *w, int top, int height)
{
	struct form_slot slot[FORM_MAX];
	int width = getmaxx(w), total, fy0 = 0, fy1 = 0, view;
	WINDOW *pad;

	f->cur_y = -1;
	if (height <= 0 || width <= 0)
		return;
	form_fix_focus(f);
	total = form_layout(f, width, slot);
	if (total < 1)
		total = 1;
	/* a form taller than HEIGHT scrolls in VIEW rows; the last row says
	 * where more is, so that no marker covers a word */
	view = total > height && height > 1 ? height - 1 : height;
	/* keep the focused widget (with its message) in view */
	if (f->focus >= 0) {
		const struct widget *fw = f->w[f->focus];

		fy0 = slot[f->focus].y;
		fy1 = fy0 + (slot[f->focus].lines ? slot[f->focus].lines : 1) +
		      slot[f->focus].msg;
		if (fw->kind == W_CHOICE && fw->sel > 0) {
			fy0 += fw->sel;
			fy1 = fy0 + 1;
		}
		if (fy1 - f->scroll > view)
			f->scroll = fy1 - view;
		if (fy0 < f->scroll)
			f->scroll = fy0;
	}
	if (f->scroll > total - view)
		f->scroll = total - view;
	if (f->scroll < 0)
		f->scroll = 0;
	pad = newpad(total, width);
	if (!pad)
		return;
	for (int i = 0; i < f->n; i++)
		if (!f->w[i]->hidden)
			draw_widget(f, pad, i, &slot[i], width);
	{
		int rows = total - f->scroll < view ? total - f->scroll : view;

		copywin(pad, w, f->scroll, 0, top, 0, top + rows - 1,
			width - 1, FALSE);
	}
	form_cut_labels(f, w, slot, top, view);
	if (view < height) {
		bool up = f->scroll > 0, down = total - f->scroll > view;

		ui_put(w, top + height - 1, width - 24, 23, up && down ?
		       "(more above and below)" : up ? "        (more above)" :
		       "        (more below)", term_attr(TS_DIM));
	}
	if (f->cur_y >= 0) {
		f->cur_y = f->cur_y - f->scroll + top;
		if (f->cur_y < top || f->cur_y >= top + view)
			f->cur_y = -1;
	}
	delwin(pad);
}
