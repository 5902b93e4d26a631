/*
 * app_keys.c - the screen manager's keys (see app.h): hands a key to the
 * current screen and acts on the intent it returns (another screen,
 * the wizard's next or previous step, help, quit), asks before quitting
 * with unsaved changes, keeps input from the screens while the terminal
 * is below 80x24, scrolls the message shown whole (F2 or ^O), and opens
 * the diagnostics on F5 or ^P from any screen, on the NIC the screen has
 * in focus (Esc there goes back to that screen as it was).  Signals
 * become a quit.
 * Direction: includes app.h and app_priv.h only; the wizard's flow and
 * the diagnostics are the registry's hooks (app.h).  No backend.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "ui/app.h"
#include "ui/app_priv.h"

void app_goto(struct app *a, enum screen_id id)
{
	struct screen *s;

	if (id >= SCR_COUNT)
		return;
	/* the wizard starts, or is opened again from home (wizard.h) */
	if (a->screens[id].cls->kind == SCREEN_WIZARD &&
	    (!a->wizard_started ||
	     a->screens[a->cur].cls->kind == SCREEN_HOME))
		a->reg->flow->start(a);
	a->cur = id;
	s = &a->screens[id];
	app_validate(a);
	if (s->cls->enter)
		s->cls->enter(s);
}

static void app_quit_request(struct app *a)
{
	if (app_unsaved(a))
		a->asking_quit = true;
	else
		a->done = true;
}

static void app_help(struct app *a)
{
	struct screen *s = app_screen(a);
	const char *t = s->cls->help ? s->cls->help(s) : NULL;

	if (a->cur == SCR_HELP) {
		a->cur = s->from;	/* F1 again closes the help */
		return;
	}
	snprintf(a->help_text, sizeof(a->help_text), "%s",
		 t ? t : "No help for this screen.");
	a->screens[SCR_HELP].from = a->cur;
	a->cur = SCR_HELP;
	if (a->screens[SCR_HELP].cls->enter)
		a->screens[SCR_HELP].cls->enter(&a->screens[SCR_HELP]);
}

/* Esc: where the current screen's kind and parent say. */
static void app_back(struct app *a)
{
	struct screen *s = app_screen(a);

	switch (s->cls->kind) {
	case SCREEN_HOME:
		break;
	case SCREEN_OVERLAY:
		if (s->cls->on_leave)
			s->cls->on_leave(s);	/* its probes stop */
		a->cur = s->from;		/* as it was: no enter */
		break;
	case SCREEN_PANEL:
		app_goto(a, s->cls->parent);
		break;
	case SCREEN_WIZARD:
		app_goto(a, a->reg->flow->back(a, a->cur));
		break;
	}
}

static void app_intent(struct app *a, enum intent in)
{
	switch (in) {
	case INTENT_NONE:
	case INTENT_HANDLED:
		break;
	case INTENT_NEXT:
		app_goto(a, a->reg->flow->next(a, a->cur));
		break;
	case INTENT_BACK:
		app_back(a);
		break;
	case INTENT_QUIT:
		app_quit_request(a);
		break;
	case INTENT_HELP:
		app_help(a);
		break;
	default:
		app_goto(a, intent_target(in));	/* INTENT_GOTO + an id */
		break;
	}
}

/* Does the diagnostics key work on the current screen?  Not while an
 * apply runs, counts down or rolls back: its progress stays in view. */
bool app_diag_allowed(const struct app *a)
{
	return a->diag && !(a->cur == SCR_APPLY && a->reg->apply->busy &&
			    a->reg->apply->busy(a));
}

/* F5 or ^P: the diagnostics of the NIC in focus (again, on their own
 * screen). */
static void app_diag(struct app *a)
{
	struct screen *s = app_screen(a);
	struct footer f;
	bool wizard;
	int nic;

	if (a->cur == SCR_DIAG) {
		a->reg->diag->rerun(a->diag, a);
		return;
	}
	if (!app_diag_allowed(a)) {
		app_status(a, TS_WARNING, "The diagnostics open once this apply "
			   "is kept or rolled back.");
		return;
	}
	app_footer_data(a, s, &f);
	if (!(f.common & FOOTER_DIAG)) {
		/* a question on the screen takes the keys first */
		app_status(a, TS_WARNING, "Answer the question first; then F5 "
			   "opens the diagnostics.");
		return;
	}
	wizard = a->wizard_started && (s->cls->step > 0 || a->cur == SCR_APPLY
				       || (a->cur == SCR_HELP &&
					   a->screens[s->from].cls->step
					   > 0));
	nic = s->cls->focus_nic ? s->cls->focus_nic(s) : -1;
	a->screens[SCR_DIAG].from = a->cur;
	a->cur = SCR_DIAG;
	a->reg->diag->open(a->diag, a, wizard, nic);
	if (a->screens[SCR_DIAG].cls->enter)
		a->screens[SCR_DIAG].cls->enter(&a->screens[SCR_DIAG]);
}

/* The message shown whole: scroll, close; anything else closes it and
 * goes on to the screen (returns false). */
static bool app_msg_key(struct app *a, int key)
{
	switch (key) {
	case KEY_UP:
		a->msg_top--;
		break;
	case KEY_DOWN:
		a->msg_top++;
		break;
	case KEY_PPAGE:
		a->msg_top -= 10;
		break;
	case KEY_NPAGE:
	case ' ':
		a->msg_top += 10;
		break;
	case KEY_HOME:
		a->msg_top = 0;
		break;
	case KEY_ESC:
	case '\n':
	case '\r':
	case KEY_ENTER:
	case 'q':
	case APP_MSG_KEY:
	case KEY_CTRL('o'):
		a->msg_open = false;
		break;
	default:
		return false;	/* F10, F1...: the manager's as ever */
	}
	if (a->msg_top < 0)
		a->msg_top = 0;
	return true;
}

static bool app_too_small(void)
{
	return COLS < UI_MIN_COLS || LINES < UI_MIN_LINES;
}

static void app_key_screen(struct app *a, int key)
{
	struct screen *s = app_screen(a);
	bool typing;
	enum intent in;

	if (key == KEY_RESIZE || key == ERR)
		return;
	if (a->msg_open && !a->asking_quit && app_msg_key(a, key))
		return;
	if (a->asking_quit) {
		if (key == 'y' || key == 'Y')
			a->done = true;
		else if (key == 'n' || key == 'N' || key == KEY_ESC)
			a->asking_quit = false;
		return;
	}
	if (key == KEY_F(10) || key == KEY_CTRL('x')) {
		app_quit_request(a);
		return;
	}
	if (app_too_small()) {
		if (key == 'q')
			app_quit_request(a);
		return;		/* input kept: nothing reaches the screens */
	}
	if (key == KEY_F(1) || key == KEY_CTRL('g')) {
		app_help(a);
		return;
	}
	if (key == APP_DIAG_KEY || key == KEY_CTRL('p')) {
		a->status[0] = '\0';
		app_diag(a);
		return;
	}
	if (key == APP_MSG_KEY || key == KEY_CTRL('o')) {
		/* the message when it is longer than its area, else a note
		 * the screen had to cut, else the message */
		bool long_msg = app_msg_lines(a->status, COLS - 2) >
				APP_MSG_LINES;

		a->msg_is_cut = !long_msg && a->cut_text[0];
		if (a->msg_is_cut || a->status[0]) {
			a->msg_open = true;
			a->msg_top = 0;
			return;
		}
	}
	a->status[0] = '\0';
	typing = s->cls->typing && s->cls->typing(s);
	in = s->cls->key ? s->cls->key(s, key) : INTENT_NONE;
	if (in == INTENT_NONE) {
		if (key == KEY_ESC)
			in = INTENT_BACK;
		else if (key == 'q' && !typing)
			in = INTENT_QUIT;
		else if (key == '?' && !typing)
			in = INTENT_HELP;
	}
	app_intent(a, in);
}

void app_key(struct app *a, int key)
{
	enum screen_id prev = a->cur;
	struct screen *s;

	app_key_screen(a, key);
	/* the screen now current asks for its data (a panel just opened
	 * reads the VM as it is now) */
	s = app_screen(a);
	if (s->cls->on_data)
		s->cls->on_data(s, a->cur != prev);
}

void app_signal(struct app *a, int signo)
{
	if (signo == SIGINT) {
		if (a->asking_quit) {
			a->done = true;		/* a second one: not saved */
			a->exit_code = 1;
		} else
			app_quit_request(a);
		return;
	}
	a->done = true;
	a->exit_code = 1;
}
