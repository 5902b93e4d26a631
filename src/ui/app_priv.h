/*
 * app_priv.h - what the files of the screen manager share (app.c: the
 * model; app_keys.c: keys and intents; app_frame.c: the frame) and
 * nobody else: the keys the manager takes for itself and the helpers
 * that both the key handling and the drawing need.  Console layer; no
 * backend, no other console header than app.h.
 */
#ifndef EDGENET_UI_APP_PRIV_H
#define EDGENET_UI_APP_PRIV_H

#include <stdbool.h>

#include "ui/app.h"

#define KEY_CTRL(c) ((c) & 0x1f)
#define KEY_ESC 27
#define APP_MSG_LINES 3		/* the message area's most lines */
#define APP_MSG_KEY KEY_F(2)	/* shows the message whole (and ^O) */
#define APP_DIAG_KEY KEY_F(5)	/* the diagnostics (and ^P) */

/* Does the diagnostics key work on the current screen?  Not while an
 * apply runs, counts down or rolls back: its progress stays in view
 * (app_keys.c). */
bool app_diag_allowed(const struct app *a);

/* The footer of screen S as the manager knows it, then as S corrects
 * it (app_frame.c). */
void app_footer_data(struct app *a, struct screen *s, struct footer *f);

/* Lines MSG takes wrapped to WIDTH (0 for none) (app_frame.c). */
int app_msg_lines(const char *msg, int width);

#endif
