/*
 * diag_ui_run.h - the console's diagnostics runner: backend/diag_run.h
 * behind struct diag_ui_backend (ui/diag_ui.h).  The program only.
 */
#ifndef EDGENET_UI_DIAG_UI_RUN_H
#define EDGENET_UI_DIAG_UI_RUN_H

#include "ui/diag_ui.h"

void diag_ui_run_backend(struct diag_ui_backend *out);

#endif
