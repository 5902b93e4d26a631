/*
 * app_frame.c - the screen manager's frame (see app.h): the header (the
 * screen's title, the libvirt URI), the message area, which wraps up to
 * APP_MSG_LINES lines and shows a longer message whole on F2 or ^O -- or,
 * when the message fits, a note or intro the screen had to cut
 * (ui_cut_text) --, the footer, built from the keys the current screen
 * says work now, the quit question, and the too-small message while the
 * terminal is below 80x24.
 * Direction: includes app.h and app_priv.h only; the wizard's words for
 * Esc come through the registry's flow (app.h).  Draws into the window
 * it is given; no terminal set-up here (run.c).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/str.h"
#include "tui/widget.h"
#include "ui/app.h"
#include "ui/app_priv.h"

static const char app_quit_question[] =
	"Quit without saving? The plan has unsaved changes.  y = quit, "
	"n = stay";

/* Lines MSG takes wrapped to WIDTH (0 for none). */
int app_msg_lines(const char *msg, int width)
{
	return msg[0] ? ui_wrap(NULL, 0, 0, width, 1000, msg, 0) : 0;
}

void footer_own(struct footer *f, const char *keys)
{
	str_copy(f->own, sizeof(f->own), keys ? keys : "");
}

/* Leaves out of F's own keys every one that starts with KEY ("Space ");
 * the keys are separated by two blanks. */
static void footer_drop(struct footer *f, const char *key)
{
	char out[FOOTER_OWN_MAX];
	const char *p = f->own;
	size_t used = 0, klen = strlen(key);

	out[0] = '\0';
	while (*p) {
		const char *end = strstr(p, "  ");
		size_t n = end ? (size_t)(end - p) : strlen(p);

		if (n > 0 && strncmp(p, key, klen) != 0 &&
		    used + n + 3 < sizeof(out)) {
			if (used) {
				memcpy(out + used, "  ", 2);
				used += 2;
			}
			memcpy(out + used, p, n);
			used += n;
			out[used] = '\0';
		}
		p += n;
		while (*p == ' ')
			p++;
	}
	str_copy(f->own, sizeof(f->own), out);
}

/* Does Esc take the manager's meaning on screen ID, and which? */
static const char *app_esc(const struct app *a, enum screen_id id,
			   bool typing)
{
	switch (a->screens[id].cls->kind) {
	case SCREEN_HOME:
		return NULL;		/* INTENT_BACK does nothing there */
	case SCREEN_OVERLAY:
		return "back";		/* to the screen it came from */
	case SCREEN_PANEL:
		/* a panel that takes typed input takes Esc to cancel it */
		return typing ? "cancel" : "home";
	case SCREEN_WIZARD:
		break;
	}
	/* the wizard's steps, the apply */
	return a->reg->flow->back_word(a, id);
}

/* The footer of screen S as the manager knows it, then as S corrects
 * it. */
void app_footer_data(struct app *a, struct screen *s, struct footer *f)
{
	bool typing = s->cls->typing && s->cls->typing(s);

	memset(f, 0, sizeof(*f));
	footer_own(f, s->cls->keys);
	if (s->cls->kind == SCREEN_HOME || s->cls->step > 0)
		f->common = FOOTER_FIELDS | FOOTER_ENTER;
	else
		f->common = FOOTER_SCROLL;
	if (s->cls->help)
		f->common |= FOOTER_HELP;
	if (!typing && a->cur != SCR_HELP)
		f->common |= FOOTER_QUIT_Q;
	if (a->cur != SCR_DIAG && app_diag_allowed(a))
		f->common |= FOOTER_DIAG;
	f->esc = app_esc(a, a->cur, typing);
	f->arrows = "scroll";
	f->quit = "quit";
	if (s->cls->footer)
		s->cls->footer(s, f);
	if (typing)
		footer_drop(f, "Space ");	/* Space types a space */
}

struct app_fkey {
	char key[24];
	const char *what;
};

static int app_fkey_add(struct app_fkey *k, int n, const char *key,
			const char *what)
{
	str_copy(k[n].key, sizeof(k[n].key), key);
	k[n].what = what;
	return n + 1;
}

/* The common keys on row Y; a key that does not fit whole is left out,
 * never cut. */
static void app_footer_keys(WINDOW *w, int y, int cols,
			    const struct app_fkey *k, int n)
{
	int x = 1;

	for (int i = 0; i < n; i++) {
		int kw = ui_width(k[i].key), dw = ui_width(k[i].what);

		if (x + kw + 1 + dw > cols - 1)
			continue;
		ui_put(w, y, x, kw, k[i].key, term_attr(TS_KEY));
		x += kw + 1;
		ui_put(w, y, x, dw, k[i].what, 0);
		x += dw + 2;
	}
}

/* The footer's two rows: the screen's own keys in the line at Y - 1
 * (after F2's, MSG_KEY, when a message or a note is longer than its
 * room), the common ones at Y. */
static void app_footer(struct app *a, WINDOW *w, int y, int cols,
		       const char *msg_key)
{
	struct screen *s = app_screen(a);
	struct footer f;
	struct app_fkey k[12];
	char own[FOOTER_OWN_MAX + 32], arrows[16];
	int n = 0;

	term_hline(w, y - 1, 0, cols);
	str_copy(arrows, sizeof(arrows), term_glyph(TG_ARROWS));
	if (a->asking_quit) {
		n = app_fkey_add(k, n, "y", "quit without saving");
		n = app_fkey_add(k, n, "n Esc", "stay");
		app_footer_keys(w, y, cols, k, n);
		return;
	}
	if (a->msg_open) {
		n = app_fkey_add(k, n, arrows, "scroll");
		n = app_fkey_add(k, n, "PgUp/PgDn", "page");
		n = app_fkey_add(k, n, "Esc Enter F2", a->msg_is_cut ?
				 "close the note" : "close the message");
		n = app_fkey_add(k, n, "F10 ^X", "quit");
		app_footer_keys(w, y, cols, k, n);
		return;
	}
	app_footer_data(a, s, &f);
	snprintf(own, sizeof(own), "%s%s%s", msg_key ? msg_key : "",
		 msg_key && f.own[0] ? "  " : "", f.own);
	if (own[0]) {
		int ow = ui_width(own);

		if (ow > cols - 6)
			ow = cols - 6;
		ui_put(w, y - 1, 2, 1, " ", 0);
		ui_put(w, y - 1, 3, cols - 6, own, 0);
		ui_put(w, y - 1, 3 + ow, 1, " ", 0);
	}
	if (f.common & FOOTER_FIELDS) {
		char mv[24];

		/* one key for both (S-Tab too): room for F5 */
		snprintf(mv, sizeof(mv), "Tab %s", arrows);
		n = app_fkey_add(k, n, mv, "move");
	}
	if (f.common & FOOTER_SCROLL)
		n = app_fkey_add(k, n, arrows, f.arrows ? f.arrows : "scroll");
	if (f.common & FOOTER_ENTER)
		n = app_fkey_add(k, n, "Enter", "select");
	if (f.esc && !strstr(f.own, "Esc"))	/* the screen names it */
		n = app_fkey_add(k, n, "Esc", f.esc);
	if (f.common & FOOTER_HELP)
		n = app_fkey_add(k, n, (s->cls->typing && s->cls->typing(s))
				 || (f.common & FOOTER_HELP_F1) ? "F1" :
				 "F1 ?", "help");
	if (f.common & FOOTER_DIAG)
		n = app_fkey_add(k, n, "F5 ^P", "diag");
	if (f.quit)
		n = app_fkey_add(k, n, f.common & FOOTER_QUIT_Q ? "F10 ^X q" :
				 "F10 ^X", f.quit);
	app_footer_keys(w, y, cols, k, n);
}

/* The current message whole, in the body's place. */
static void app_msg_draw(struct app *a, WINDOW *w)
{
	int width = getmaxx(w) - 4, height = getmaxy(w) - 3;
	const char *text = a->msg_is_cut ? a->cut_text : a->status;
	int total = app_msg_lines(text, width);
	const char *rest;

	if (a->msg_top > total - height)
		a->msg_top = total - height;
	if (a->msg_top < 0)
		a->msg_top = 0;
	ui_put(w, 1, 1, getmaxx(w) - 2, a->msg_is_cut ? "The whole note" :
	       "The whole message", term_attr(TS_TITLE));
	rest = ui_wrap_rest(text, width, a->msg_top);
	ui_wrap(w, 3, 2, width, height, rest, a->msg_is_cut ? 0 :
		term_attr(a->status_style));
	if (a->msg_top > 0)
		ui_put(w, 2, getmaxx(w) - 9, 8, "(more ^)", term_attr(TS_DIM));
	if (total - a->msg_top > height)
		ui_put(w, getmaxy(w) - 1, getmaxx(w) - 9, 8, "(more v)",
		       term_attr(TS_DIM));
}

void app_draw(struct app *a, WINDOW *root, int *cy, int *cx)
{
	struct screen *s = app_screen(a);
	int lines = getmaxy(root), cols = getmaxx(root);
	WINDOW *body;
	char buf[APP_MSG_MAX];
	const char *msg;
	attr_t mattr;
	int need, mlines;

	*cy = -1;
	*cx = 0;
	werase(root);
	if (cols < UI_MIN_COLS || lines < UI_MIN_LINES) {
		too_small_draw(root, cols, lines);
		if (a->asking_quit)
			ui_put(root, lines - 1, 0, cols,
			       "Quit without saving? y = quit, n = stay",
			       term_attr(TS_WARNING));
		return;
	}
	/* header */
	wattron(root, term_attr(TS_HEADER));
	mvwhline(root, 0, 0, ' ', cols);
	wattroff(root, term_attr(TS_HEADER));
	snprintf(buf, sizeof(buf), " edgenet - %s", s->cls->title);
	ui_put(root, 0, 0, cols / 2, buf, term_attr(TS_HEADER));
	if (a->uri[0]) {
		/* the room the title leaves; a longer URI ends in an
		 * ellipsis (home shows it whole) */
		int tw = ui_width(buf), n = ui_width(a->uri);

		if (tw > cols / 2)
			tw = cols / 2;
		if (n > cols - tw - 3)
			n = cols - tw - 3;
		ui_put(root, 0, cols - n - 1, n, a->uri, term_attr(TS_HEADER));
	}
	/* the message area: one line, or as many as the message needs up
	 * to APP_MSG_LINES; the body gives them up */
	msg = a->asking_quit ? app_quit_question : a->status;
	mattr = a->asking_quit ? term_attr(TS_WARNING) | A_REVERSE :
				 term_attr(a->status_style);
	need = app_msg_lines(msg, cols - 2);
	if (a->msg_open && !(a->msg_is_cut ? a->cut_text : a->status)[0])
		a->msg_open = false;
	mlines = a->msg_open ? 1 : need < 1 ? 1 :
		 need > APP_MSG_LINES ? APP_MSG_LINES : need;
	/* body */
	body = derwin(root, lines - 3 - mlines, cols, 1, 0);
	if (body) {
		s->cur_y = -1;
		if (a->msg_open) {
			app_msg_draw(a, body);
		} else if (s->cls->draw) {
			/* what the screen has to cut, F2 shows whole */
			ui_cut_reset();
			s->cls->draw(s, body);
			str_copy(a->cut_text, sizeof(a->cut_text),
				ui_cut_text());
		}
		if (s->cur_y >= 0 && !a->asking_quit && !a->msg_open) {
			*cy = s->cur_y + 1;
			*cx = s->cur_x;
		}
		delwin(body);
	}
	if (a->msg_open)
		ui_put(root, lines - 3, 1, cols - 2, "Shown whole above.",
		       term_attr(TS_DIM));
	else if (msg[0])
		ui_wrap(root, lines - 2 - mlines, 1, cols - 2, mlines, msg,
			mattr);
	app_footer(a, root, lines - 1, cols, a->msg_open ? NULL :
		   need > APP_MSG_LINES ? "F2 message" :
		   a->cut_text[0] ? "F2 note" : NULL);
}
