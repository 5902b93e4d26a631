/*
 * apply_progress.c - the apply as it happens: every step with its state
 * (pending, running, done, FAILED, rolled back...), the remark a step
 * left ("takes effect at the next start of the VM"), the confirmation
 * countdown ("Keep this change? y/n - rolled back in 57 s"), and at the
 * end what was kept or, after a failure or a missing confirmation, what
 * was rolled back (apply_txn_report).  Reads struct apply_ui only; the
 * apply moves by itself on the loop's timers (src/ui/apply_ui.c), and
 * the only thing this screen asks for is the technician's answer.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/widget.h"
#include "ui/app.h"
#include "ui/apply_ui.h"

#define AP_LINES_MAX 600
#define AP_LINE_LEN 240
#define AP_STATE_W 20		/* "  1. rolled back    " (a longer state
				 * word has a line of its own) */
#define KEY_ESC 27

struct ap_line {
	char text[AP_LINE_LEN];
	attr_t attr;
};

struct progress {
	struct ap_line lines[AP_LINES_MAX];
	int nlines;
	int top;		/* first content line shown */
	int follow;		/* line to keep in view, -1 none */
	int height;		/* content rows at the last draw */
};

static int progress_create(struct screen *s)
{
	s->priv = calloc(1, sizeof(struct progress));
	return s->priv ? 0 : -1;
}

static void progress_destroy(struct screen *s)
{
	free(s->priv);
}

static void progress_enter(struct screen *s)
{
	struct progress *p = s->priv;

	p->top = 0;
	p->follow = -1;
}

static void add_line(struct progress *p, const char *text, attr_t attr)
{
	if (p->nlines >= AP_LINES_MAX)
		return;
	ui_copy(p->lines[p->nlines].text, AP_LINE_LEN, text);
	p->lines[p->nlines].attr = attr;
	p->nlines++;
}

/* How much of S (N bytes left) goes on a line of ROOM columns: up to
 * the last blank that fits, so that words stay whole; a word longer than
 * the whole line is split, after its last '/' that fits (a path), else
 * at ROOM - 1 with *MARK set (the line then ends in '\\'). */
static int wrap_take(const char *s, int n, int room, bool *mark)
{
	int t;

	*mark = false;
	if (n <= room)
		return n;
	for (t = room; t > 0 && s[t] != ' '; t--)
		;
	if (t > 0)
		return t;
	for (t = room; t > 1 && s[t - 1] != '/'; t--)
		;
	if (t > 1)
		return t;
	*mark = true;
	return room - 1;
}

/* TEXT wrapped to WIDTH at word boundaries: the first line starts with
 * FIRST, the others are indented by INDENT. */
static void add_wrapped(struct progress *p, const char *first, int indent,
			const char *text, int width, attr_t attr)
{
	char row[AP_LINE_LEN];
	int n = (int)strlen(text), off = 0, room, take;
	bool line1 = true, mark;

	do {
		room = width - (line1 ? (int)strlen(first) : indent);
		if (room < 10)
			room = 10;
		take = wrap_take(text + off, n - off, room, &mark);
		snprintf(row, sizeof(row), "%*s%.*s%s", line1 ? 0 : indent,
			 line1 ? first : "", take, text + off,
			 mark ? "\\" : "");
		add_line(p, row, attr);
		off += take;
		while (off < n && text[off] == ' ')
			off++;
		line1 = false;
	} while (off < n);
}

static attr_t state_attr(const struct apply_ui *au,
			 const struct apply_ui_row *r)
{
	switch (r->state) {
	case APPLY_STEP_DONE:
		return r->current ? A_BOLD : term_attr(TS_OK);
	case APPLY_STEP_FAILED:
	case APPLY_STEP_UNDO_FAILED:
		return term_attr(TS_ERROR);
	case APPLY_STEP_UNDOING:
	case APPLY_STEP_UNDONE:
		return term_attr(TS_WARNING);
	case APPLY_STEP_PENDING:
		return r->current && au->stage == AUI_RUNNING ? A_BOLD :
		       term_attr(TS_DIM);
	default:
		return A_BOLD;
	}
}

/* The steps, one block each: number, state, text, note, error. */
static void build_steps(struct progress *p, const struct apply_ui *au,
			int width)
{
	char first[64];

	for (size_t i = 0; i < au->nrows; i++) {
		const struct apply_ui_row *r = &au->rows[i];
		const char *word = apply_ui_state_word(au, r);

		if (r->current)
			p->follow = p->nlines;

		snprintf(first, sizeof(first), "%3zu. %-*s", i + 1,
			 AP_STATE_W - 5, word);
		if ((int)strlen(word) > AP_STATE_W - 6) {
			/* a state word too long for its column ("failed,
			 * rolled back") has the line to itself */
			add_line(p, first, state_attr(au, r));
			snprintf(first, sizeof(first), "%*s", AP_STATE_W, "");
		}
		add_wrapped(p, first, AP_STATE_W, r->text, width,
			    state_attr(au, r));
		if (r->note[0])
			add_wrapped(p, "                    note: ",
				    AP_STATE_W + 6, r->note, width,
				    term_attr(TS_WARNING));
		if (r->error[0])
			add_wrapped(p, "                    why: ",
				    AP_STATE_W + 5, r->error, width,
				    term_attr(TS_ERROR));
	}
}

/* apply_txn_report's lines, each wrapped under its own indent. */
static void build_report(struct progress *p, const char *rep, int width)
{
	char first[AP_LINE_LEN];
	const char *s = rep, *nl;

	while (s && *s) {
		size_t n, lead;

		nl = strchr(s, '\n');
		n = nl ? (size_t)(nl - s) : strlen(s);
		lead = strspn(s, " ");
		if (lead > n)
			lead = n;
		if (n >= sizeof(first))
			n = sizeof(first) - 1;
		memcpy(first, s, n);
		first[n] = '\0';
		add_wrapped(p, "", (int)lead + 4, first, width,
			    strstr(first, "NOT ROLLED BACK") ||
			    strstr(first, "FAILED") ? term_attr(TS_ERROR) :
			    strstr(first, "why:") ? term_attr(TS_ERROR) :
			    strstr(first, "note:") ? term_attr(TS_WARNING) : 0);
		s = nl ? nl + 1 : NULL;
	}
}

static const char *why_words(enum apply_ui_why why)
{
	switch (why) {
	case AUI_WHY_FAILED:
		return "a step failed";
	case AUI_WHY_TIMEOUT:
		return "it was not confirmed in time";
	case AUI_WHY_REFUSED:
		return "you answered n";
	case AUI_WHY_CLOSED:
		return "the console was closed";
	default:
		return "it was not kept";
	}
}

/* The sentence under the title. */
static void headline(const struct apply_ui *au, char *buf, size_t len,
		     attr_t *attr)
{
	size_t done = 0;

	for (size_t i = 0; i < au->nrows; i++)
		if (au->rows[i].state == APPLY_STEP_DONE)
			done++;
	*attr = A_BOLD;
	switch (au->stage) {
	case AUI_RUNNING:
		snprintf(buf, len, "Applying: %zu of %zu step%s done. Each "
			 "step is checked before the next one starts.", done,
			 au->nrows, au->nrows == 1 ? "" : "s");
		break;
	case AUI_CONFIRM:
		snprintf(buf, len, "All %zu step%s done and checked. The "
			 "change is kept only if you confirm it.", au->nrows,
			 au->nrows == 1 ? "" : "s");
		*attr = term_attr(TS_OK);
		break;
	case AUI_ROLLING_BACK:
		snprintf(buf, len, "Rolling back because %s: undoing each "
			 "step done, last first.", why_words(au->why));
		*attr = term_attr(TS_WARNING);
		break;
	case AUI_COMMITTED:
		if (au->why == AUI_WHY_COMMIT)
			snprintf(buf, len, "Applied (%zu step%s), but the "
				 "apply could not be closed: see below.",
				 au->nrows, au->nrows == 1 ? "" : "s");
		else
			snprintf(buf, len, "Applied and kept: %zu step%s.",
				 au->nrows, au->nrows == 1 ? "" : "s");
		*attr = au->why == AUI_WHY_COMMIT ? term_attr(TS_ERROR) :
			term_attr(TS_OK);
		break;
	case AUI_ROLLED_BACK:
		snprintf(buf, len, "Rolled back because %s: the host is as it "
			 "was before (every undo was checked).",
			 why_words(au->why));
		*attr = term_attr(TS_WARNING);
		break;
	case AUI_INCOMPLETE:
		snprintf(buf, len, "The rollback could NOT undo everything: "
			 "the steps marked below are left to do by hand. The "
			 "journal is kept and the next start tries again.");
		*attr = term_attr(TS_ERROR);
		break;
	default:
		snprintf(buf, len, "Nothing is being applied. Apply starts on "
			 "the review step (step 6 of the wizard).");
		*attr = 0;
		break;
	}
}

static void build(struct progress *p, const struct apply_ui *au, int width)
{
	p->nlines = 0;
	p->follow = -1;
	if (!au)
		return;
	if ((au->stage == AUI_ROLLED_BACK || au->stage == AUI_INCOMPLETE) &&
	    au->report) {
		add_line(p, "What was done and rolled back, step by step:",
			 A_BOLD);
		build_report(p, au->report, width);
		return;
	}
	build_steps(p, au, width);
}

/* The box at the bottom: the question, a wait, or the way out. */
static void draw_bottom(WINDOW *w, const struct apply_ui *au, int y,
			int width)
{
	char buf[256];

	if (!au || au->stage == AUI_IDLE) {
		ui_put(w, y, 1, width - 2, "Esc: back", A_BOLD);
		return;
	}
	switch (au->stage) {
	case AUI_CONFIRM:
		snprintf(buf, sizeof(buf), " Keep this change? y/n - rolled "
			 "back in %ld s ", au->left_s);
		ui_put(w, y, 1, width - 2, buf,
		       term_attr(TS_WARNING) | A_REVERSE | A_BOLD);
		ui_wrap(w, y + 1, 1, width - 2, 2, "y keeps it. n, or no "
			"answer, rolls everything back: a change can cut this "
			"console's own connection, and then it undoes itself.",
			term_attr(TS_DIM));
		break;
	case AUI_RUNNING:
	case AUI_ROLLING_BACK:
		ui_wrap(w, y, 1, width - 2, 2, "Please wait: the steps run one "
			"after the other; the keys still work, and this screen "
			"follows by itself.", term_attr(TS_DIM));
		break;
	case AUI_COMMITTED:
		ui_put(w, y, 1, width - 2, "Enter or Esc: home screen",
		       A_BOLD);
		break;
	case AUI_INCOMPLETE:
		ui_put(w, y, 1, width - 2, "Enter or Esc: back to the review "
		       "(what is marked above is left to undo by hand)",
		       A_BOLD);
		break;
	default:
		ui_put(w, y, 1, width - 2, "Enter or Esc: back to the review "
		       "(nothing of this apply is left on the host)", A_BOLD);
		break;
	}
}

static void progress_draw(struct screen *s, WINDOW *w)
{
	struct progress *p = s->priv;
	const struct apply_ui *au = s->app->apply;
	int width = getmaxx(w), height = getmaxy(w), y = 1, content;
	char buf[ERR_MAX + 64];
	attr_t attr;

	snprintf(buf, sizeof(buf), "Applying the plan for VM %s to %.400s",
		 app_domain(s->app), au && au->uri[0] ? au->uri :
		 s->app->uri[0] ? s->app->uri : "the libvirt host");
	ui_put(w, y++, 1, width - 2, buf, term_attr(TS_TITLE));
	if (!au) {
		ui_wrap(w, y + 1, 1, width - 2, 3, "There is no libvirt "
			"connection: nothing can be applied.", 0);
		draw_bottom(w, au, height - 3, width);
		s->cur_y = -1;
		return;
	}
	headline(au, buf, sizeof(buf), &attr);
	y += ui_wrap(w, y, 1, width - 2, 2, buf, attr);
	if (au->error[0] && au->stage != AUI_RUNNING) {
		snprintf(buf, sizeof(buf), "Why: %s", au->error);
		y += ui_wrap(w, y, 1, width - 2, 3, buf, term_attr(TS_ERROR));
	}
	y++;
	build(p, au, width - 10);	/* room for "(more)" */
	content = height - 4 - y;
	if (content < 1)
		content = 1;
	p->height = content;
	if (p->follow >= 0) {
		if (p->follow < p->top)
			p->top = p->follow;
		else if (p->follow >= p->top + content)
			p->top = p->follow - content + 2;
	}
	if (p->top > p->nlines - content)
		p->top = p->nlines - content;
	if (p->top < 0)
		p->top = 0;
	for (int i = 0; i < content && p->top + i < p->nlines; i++) {
		const struct ap_line *l = &p->lines[p->top + i];

		ui_put(w, y + i, 1, width - 2, l->text, l->attr);
	}
	if (p->top > 0)
		ui_put(w, y, width - 8, 7, " (more)", term_attr(TS_DIM));
	if (p->top + content < p->nlines)
		ui_put(w, y + content - 1, width - 8, 7, " (more)",
		       term_attr(TS_DIM));
	draw_bottom(w, au, height - 3, width);
	s->cur_y = -1;
}

static bool scroll_key(struct progress *p, int key)
{
	int page = p->height > 2 ? p->height - 1 : 1;

	switch (key) {
	case KEY_UP:
		p->top--;
		break;
	case KEY_DOWN:
		p->top++;
		break;
	case KEY_PPAGE:
		p->top -= page;
		break;
	case KEY_NPAGE:
		p->top += page;
		break;
	case KEY_HOME:
		p->top = 0;
		break;
	case KEY_END:
		p->top = p->nlines;
		break;
	default:
		return false;
	}
	if (p->top < 0)
		p->top = 0;
	return true;
}

static enum intent progress_key(struct screen *s, int key)
{
	struct progress *p = s->priv;
	struct apply_ui *au = s->app->apply;

	if (scroll_key(p, key))
		return INTENT_HANDLED;
	if (!au || au->stage == AUI_IDLE)
		return key == '\n' || key == '\r' || key == KEY_ENTER ?
		       INTENT_BACK : INTENT_NONE;
	switch (au->stage) {
	case AUI_CONFIRM:
		if (key == 'y' || key == 'Y') {
			apply_ui_answer(au, true);
			return INTENT_HANDLED;
		}
		if (key == 'n' || key == 'N') {
			apply_ui_answer(au, false);
			return INTENT_HANDLED;
		}
		if (key == KEY_ESC || key == 'q' || key == '\n' ||
		    key == '\r' || key == KEY_ENTER) {
			app_status(s->app, TS_WARNING, "Answer y (keep) or n "
				   "(roll back now); without an answer it is "
				   "rolled back in %ld s.", au->left_s);
			return INTENT_HANDLED;
		}
		return INTENT_NONE;
	case AUI_RUNNING:
	case AUI_ROLLING_BACK:
		if (key == KEY_ESC || key == 'q' || key == '\n' ||
		    key == '\r' || key == KEY_ENTER) {
			app_status(s->app, TS_WARNING, "The apply is under "
				   "way; wait for it to finish.");
			return INTENT_HANDLED;
		}
		return INTENT_NONE;
	default:
		/* kept: the home screen shows it; else back to the review
		 * (the class's parent), to change the plan */
		if (key == KEY_ESC || key == '\n' || key == '\r' ||
		    key == KEY_ENTER || key == ' ')
			return au->stage == AUI_COMMITTED ?
			       intent_goto(SCR_HOME) : INTENT_BACK;
		return INTENT_NONE;
	}
}

static const char *progress_help(struct screen *s)
{
	(void)s;
	return "The plan is applied as one transaction: each step is done "
	       "and checked before the next; if one fails, everything done "
	       "so far is undone, last first, and each undo is checked.\n\n"
	       "Once every step is done, the change is kept only if you "
	       "press y before the countdown ends: a change of the network "
	       "can cut this console's own connection (an ssh session), and "
	       "then nobody can answer, so it undoes itself. n rolls it back "
	       "at once. The countdown is confirm_timeout in "
	       "/etc/edgenet/edgenet.conf (60 s when not set).\n\n"
	       "A step marked 'note' takes effect later (for example at the "
	       "next start of the VM). Up/Down and PgUp/PgDn scroll.";
}

/* The keys that work at this stage, and what Esc does at each: nothing
 * while the steps run or the question waits (a message says why), the
 * way out once it is over. */
static void progress_footer(struct screen *s, struct footer *f)
{
	const struct apply_ui *au = s->app->apply;

	/* F5 only once the apply is over (app.c refuses it before) */
	f->common = FOOTER_SCROLL | FOOTER_HELP | (f->common & FOOTER_DIAG);
	switch (au ? au->stage : AUI_IDLE) {
	case AUI_RUNNING:
	case AUI_ROLLING_BACK:
		footer_own(f, "Esc Enter wait: the apply goes on by itself");
		f->esc = NULL;
		f->quit = "quit (rolls back)";
		break;
	case AUI_CONFIRM:
		footer_own(f, "y keep  n roll back now  Esc Enter: y or n "
			   "first");
		f->esc = NULL;
		f->quit = "quit (rolls back)";
		break;
	case AUI_COMMITTED:
		footer_own(f, "Enter home");
		f->esc = "home";
		f->common |= FOOTER_QUIT_Q;
		break;
	default:
		/* nothing applied now, rolled back or left to undo */
		footer_own(f, "Enter review");
		f->esc = "review";
		f->common |= FOOTER_QUIT_Q;
		break;
	}
}

const struct screen_class apply_progress_screen = {
	.id = SCR_APPLY,
	.kind = SCREEN_WIZARD,
	.parent = SCR_REVIEW,
	.name = "apply_progress",
	.title = "Apply",
	.step = 0,
	.create = progress_create,
	.destroy = progress_destroy,
	.enter = progress_enter,
	.draw = progress_draw,
	.key = progress_key,
	.help = progress_help,
	.footer = progress_footer,
};
