/*
 * screen.h - what a screen is: a const table of functions (designated
 * initialisers, after htop's PanelClass) and the intents its key handler
 * returns.  A screen draws from the model and turns keys into changes of
 * the model plus an intent; the manager (app.c) decides what happens next
 * (redraw, move to another screen, help, quit).  Screens are registered
 * as data: each class says its id, its kind (home, a step of the wizard,
 * a live panel, an overlay) and its parent, which tell the manager how it
 * is opened and where Esc leads; a screen opens another with
 * intent_goto(id).  Screens never exit the program and never call the
 * backends directly: they read struct app (its live data too), and ask
 * for data through their on_data hook.
 */
#ifndef EDGENET_UI_SCREEN_H
#define EDGENET_UI_SCREEN_H

#include <stdbool.h>
#include <curses.h>

struct app;
struct screen;

enum screen_id {
	SCR_HOME = 0,
	SCR_PROFILE,
	SCR_SWITCH,
	SCR_IP,
	SCR_DNS,
	SCR_NICS,
	SCR_REVIEW,
	SCR_APPLY,		/* an apply's progress (apply_ui.h) */
	SCR_HELP,
	SCR_ROUTES,		/* live panels */
	SCR_VMADDR,
	SCR_DNSPANEL,
	SCR_DIAG,		/* diagnostics, from any screen (F5, ^P) */
	SCR_COUNT
};

enum intent {
	INTENT_NONE = 0,	/* the key means nothing to the screen */
	INTENT_HANDLED,		/* used; redraw */
	INTENT_NEXT,		/* wizard: go on (the screen checked its fields) */
	INTENT_BACK,		/* back one step (Esc): to the class's parent */
	INTENT_QUIT,		/* the technician asks to quit */
	INTENT_HELP,		/* help for the focused field */
	/* go to a screen: INTENT_GOTO plus its id (intent_goto; the manager
	 * reads it back with intent_target) */
	INTENT_GOTO = 0x100,
};

/* The intent that opens screen ID. */
static inline enum intent intent_goto(enum screen_id id)
{
	return (enum intent)(INTENT_GOTO + (int)id);
}

/* The screen an INTENT_GOTO intent opens, or SCR_COUNT for another. */
static inline enum screen_id intent_target(enum intent in)
{
	int id = (int)in - INTENT_GOTO;

	return id >= 0 && id < SCR_COUNT ? (enum screen_id)id : SCR_COUNT;
}

/* What a screen is to the manager: how it is opened and left. */
enum screen_kind {
	SCREEN_HOME = 0,	/* the start; Esc does nothing there */
	SCREEN_WIZARD,		/* a step of the wizard, or the apply it starts:
				 * opening one from home starts the wizard
				 * (wizard.h); Esc goes back along the flow */
	SCREEN_PANEL,		/* a live panel: Esc goes to its parent */
	SCREEN_OVERLAY,		/* help, diagnostics: opened over any screen;
				 * Esc returns to it as it was (no enter) */
};

/*
 * The footer: the keys that work on the screen now, and nothing else.
 * Before each draw the manager fills it with what it knows (the screen's
 * KEYS, the common keys of its kind: fields, scrolling, Esc, help,
 * quit), then the screen's footer callback, when it has one, corrects it
 * for its present state (an answered question takes its keys away).
 * While a text field has the focus, Space types a space: the manager
 * then leaves out the screen's own "Space ..." key.
 */
enum footer_common {
	FOOTER_FIELDS = 1 << 0,	/* Tab/S-Tab and the arrows move the focus */
	FOOTER_SCROLL = 1 << 1,	/* the arrows and PgUp/PgDn scroll or select */
	FOOTER_ENTER = 1 << 2,	/* Enter selects the focused item */
	FOOTER_HELP = 1 << 3,	/* F1 and ^G (? outside text) show help */
	FOOTER_QUIT_Q = 1 << 4,	/* q quits too (F10 and ^X always do) */
	FOOTER_HELP_F1 = 1 << 5, /* with FOOTER_HELP: '?' is not help now
				  * (a question takes every key) */
	FOOTER_DIAG = 1 << 6,	/* F5 and ^P open the diagnostics */
};

#define FOOTER_OWN_MAX 160

struct footer {
	char own[FOOTER_OWN_MAX];	/* the screen's keys, "a add  d remove" */
	unsigned common;		/* enum footer_common */
	const char *esc;		/* what Esc does, "back"; NULL: nothing */
	const char *arrows;		/* FOOTER_SCROLL: what the arrows do */
	const char *quit;		/* what quitting does, "quit" */
};

/* Sets F's own keys to KEYS (NULL: none). */
void footer_own(struct footer *f, const char *keys);

struct screen_class {
	enum screen_id id;		/* where the manager keeps it */
	enum screen_kind kind;
	/* where Esc (INTENT_BACK) goes: the previous step of the wizard, the
	 * panels' home (SCREEN_HOME and SCREEN_OVERLAY: unused) */
	enum screen_id parent;
	const char *name;		/* "wizard_ip" */
	const char *title;		/* shown in the header */
	int step;			/* wizard step 1-6, 0 for others */
	/* Keys this screen adds to the footer ("a add  d remove"), or NULL. */
	const char *keys;
	/* Allocates the screen's private state (S->priv); 0 or -1. */
	int (*create)(struct screen *s);
	void (*destroy)(struct screen *s);
	/* The screen becomes current: rebuild from the model. */
	void (*enter)(struct screen *s);
	/* The model changed under the screen (revalidated): refresh. */
	void (*refresh)(struct screen *s);
	void (*draw)(struct screen *s, WINDOW *w);
	enum intent (*key)(struct screen *s, int key);
	/* Help for the focused field (and the screen), or NULL. */
	const char *(*help)(struct screen *s);
	/* True while a text field has the focus ('q' and '?' are text). */
	bool (*typing)(struct screen *s);
	/* Corrects the footer the manager filled in F for the screen's
	 * present state; NULL: the manager's footer is right. */
	void (*footer)(struct screen *s, struct footer *f);
	/* The index in the plan of the NIC in focus, which the diagnostics
	 * (F5) open on; -1 or NULL: none in particular. */
	int (*focus_nic)(struct screen *s);
	/* After each key while the screen is current (ENTERED: that key
	 * brought it into view): the screen asks struct app's sources for
	 * what it shows (a panel's first reading, a fresh one).  NULL:
	 * nothing to ask. */
	void (*on_data)(struct screen *s, bool entered);
	/* An overlay is closed (Esc): it stops what it started.  NULL:
	 * nothing to stop. */
	void (*on_leave)(struct screen *s);
};

struct screen {
	const struct screen_class *cls;
	struct app *app;
	void *priv;
	/* where the screen wants the cursor (window coordinates), y = -1
	 * to hide it; set by draw */
	int cur_y, cur_x;
	/* SCREEN_OVERLAY: the screen it was opened over, which Esc shows
	 * again */
	enum screen_id from;
};

/* The screens (screens/) */
extern const struct screen_class home_screen;
extern const struct screen_class wizard_profile_screen;
extern const struct screen_class wizard_switch_screen;
extern const struct screen_class wizard_ip_screen;
extern const struct screen_class wizard_dns_screen;
extern const struct screen_class wizard_nics_screen;
extern const struct screen_class wizard_review_screen;
extern const struct screen_class apply_progress_screen;
extern const struct screen_class help_screen;
extern const struct screen_class panel_routes_screen;
extern const struct screen_class panel_vmaddr_screen;
extern const struct screen_class panel_dns_screen;
extern const struct screen_class diag_screen;

/* Not a screen of its own: drawn by the manager instead of the current
 * screen while the terminal is below the minimum size (screens/too_small.c). */
#define UI_MIN_COLS 80
#define UI_MIN_LINES 24
void too_small_draw(WINDOW *w, int cols, int lines);

#endif
