/*
 * wizard_review.h - what the files of the wizard's review step share and
 * nobody else: its state (struct review) and the functions one file
 * calls in another.  wizard_review.c: the step (its form, keys, Apply);
 * wizard_review_view.c: the view's rows (diagnostics, the preflight, the
 * plan in words, what Apply changes); wizard_review_save.c: saving, and
 * the question asked before an existing file is overwritten.  Screens
 * layer.
 */
#ifndef EDGENET_SCREENS_WIZARD_REVIEW_H
#define EDGENET_SCREENS_WIZARD_REVIEW_H

#include <stdbool.h>

#include "core/err.h"
#include "tui/widget.h"
#include "ui/app.h"

enum { RV_VIEW = 1, RV_PATH, RV_SAVE, RV_APPLY, RV_HOME };

struct review {
	struct form form;
	struct widget view, path, result, save, apply, back, home;
	char result_text[APP_MSG_MAX + 4200];
	int wrap_w;
	bool view_full;		/* the view's rows ran out */
	/* saving over an existing file that would change: asked first */
	bool ask_overwrite;
	char *ask_diff;		/* the file now (-) and after saving (+) */
	char ask_note[ERR_MAX + 4200];	/* changed on disk... */
	unsigned pf_gen;	/* the preflight as last built */
};

/* Fills the view from the working plan, the preflight and the apply's
 * preview (wizard_review_view.c). */
void wizard_review_build(struct screen *s);

/* Forgets the overwrite question (wizard_review_save.c). */
void wizard_review_ask_clear(struct review *p);

/* Saves the plan to the typed path; an existing file whose text would
 * change is first shown and asked about, unless CONFIRMED
 * (wizard_review_save.c). */
void wizard_review_save(struct screen *s, bool confirmed);

#endif
