/*
 * wizard_review_save.c - the review's Save (see wizard_review.c): the
 * plan written with the core's atomic planfile_save to the typed path,
 * and, before an existing file whose text would change is replaced, the
 * question: the difference (textdiff) at the top of the view, a note when
 * the file changed on disk since it was loaded or saved, y overwrites,
 * n keeps it.  Reads and writes the plan file and the app's saved copy.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/err.h"
#include "core/fileio.h"
#include "core/planfile.h"
#include "core/textdiff.h"
#include "screens/wizard_review.h"
#include "tui/widget.h"
#include "ui/app.h"
#include "ui/wizard.h"

void wizard_review_ask_clear(struct review *p)
{
	free(p->ask_diff);
	p->ask_diff = NULL;
	p->ask_overwrite = false;
	p->ask_note[0] = '\0';
}

/* Was PATH loaded (--plan) or saved earlier in this run?  Then a->saved
 * is what it held. */
static bool path_known(const struct app *a, const char *path)
{
	return (a->opts && a->opts->plan_path &&
		!strcmp(a->opts->plan_path, path)) ||
	       (a->wiz.saved_once && !strcmp(a->wiz.saved_path, path));
}

/* Saving over an existing file whose text would change: shows the
 * difference and asks.  True when the save must wait for the answer. */
static bool save_asks(struct screen *s)
{
	struct review *p = s->priv;
	struct app *a = s->app;
	char err[ERR_MAX], *old, *text;
	struct plan *disk;
	struct diag_list d;
	bool ask = false;
	size_t len;

	if (access(a->plan_path, F_OK) != 0)
		return false;		/* a new file */
	old = fileio_read_all(a->plan_path, 1024 * 1024, &len, err,
			      sizeof(err));
	text = planfile_format(&a->work);
	if (!text) {
		free(old);
		return false;		/* planfile_save says why */
	}
	if (!old || strcmp(old, text) != 0) {
		wizard_review_ask_clear(p);
		p->ask_diff = textdiff_lines(old ? old : "", text, 3, "  ");
		if (!old)
			snprintf(p->ask_note, sizeof(p->ask_note), "%.4000s "
				 "exists but cannot be read (%s): saving "
				 "replaces it whole.", a->plan_path, err);
		disk = old ? malloc(sizeof(*disk)) : NULL;
		diag_list_init(&d);
		if (disk && path_known(a, a->plan_path) &&
		    (planfile_load(a->plan_path, disk, NULL, &d) !=
		     PLANFILE_OK || !plan_equal(disk, &a->saved)))
			snprintf(p->ask_note, sizeof(p->ask_note), "%.4000s "
				 "CHANGED ON DISK since this console %s it: "
				 "saving throws those changes away (the lines "
				 "marked -).", a->plan_path, a->wiz.saved_once
				 && !strcmp(a->wiz.saved_path, a->plan_path) ?
				 "saved" : "loaded");
		else if (old && !path_known(a, a->plan_path))
			snprintf(p->ask_note, sizeof(p->ask_note), "%.4000s "
				 "is another plan than the one this wizard "
				 "opened.", a->plan_path);
		diag_list_free(&d);
		free(disk);
		p->ask_overwrite = p->ask_diff != NULL;
		ask = p->ask_overwrite;
	}
	free(old);
	free(text);
	if (!ask)
		return false;
	snprintf(p->result_text, sizeof(p->result_text), "%.4000s exists and "
		 "saving changes it: the difference is at the top of the "
		 "review.  Overwrite it?  y overwrite  n keep the file",
		 a->plan_path);
	p->result.style = TS_WARNING;
	p->result.hidden = false;
	p->view.top = 0;
	wizard_review_build(s);
	app_status(a, TS_WARNING, "Overwrite the plan file? y overwrite  n "
		   "keep it");
	return true;
}

void wizard_review_save(struct screen *s, bool confirmed)
{
	struct review *p = s->priv;
	struct app *a = s->app;
	char err[ERR_MAX];
	size_t ne, nw;

	if (!p->path.text[0]) {
		app_status(a, TS_ERROR, "Type the file to save the plan to.");
		form_focus(&p->form, &p->path);
		return;
	}
	ui_copy(a->plan_path, sizeof(a->plan_path), p->path.text);
	if (!confirmed && save_asks(s))
		return;
	wizard_review_ask_clear(p);
	wizard_review_build(s);
	if (planfile_save(&a->work, a->plan_path, err, sizeof(err)) < 0) {
		snprintf(p->result_text, sizeof(p->result_text),
			 "Not saved: %s. Nothing was changed; fix the path or "
			 "the directory and save again.", err);
		p->result.style = TS_ERROR;
		p->result.hidden = false;
		app_status(a, TS_ERROR, "Not saved: %s", err);
		return;
	}
	a->saved = a->work;
	a->wiz.saved_once = true;
	ui_copy(a->wiz.saved_path, sizeof(a->wiz.saved_path),
		a->plan_path);
	ne = diag_count(&a->diags, DIAG_ERROR);
	nw = diag_count(&a->diags, DIAG_WARNING);
	snprintf(p->result_text, sizeof(p->result_text),
		 "Saved to %.1000s with %zu error%s and %zu warning%s. "
		 "`edgenet check %.1000s` gives the same verdict%s.", a->plan_path,
		 ne, ne == 1 ? "" : "s", nw, nw == 1 ? "" : "s", a->plan_path,
		 ne ? " (it exits 1 until the errors are fixed)" :
		      " (it exits 0)");
	p->result.style = ne ? TS_WARNING : TS_OK;
	p->result.hidden = false;
	app_status(a, TS_OK, "Plan saved to %s.", a->plan_path);
}
