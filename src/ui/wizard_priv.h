/*
 * wizard_priv.h - what the files of the wizard share and nobody else
 * (wizard.c: the flow; wizard_edit.c: the edits of the working plan;
 * wizard_screens.c: what the steps share on screen).  Console layer.
 */
#ifndef EDGENET_UI_WIZARD_PRIV_H
#define EDGENET_UI_WIZARD_PRIV_H

#include <stddef.h>

#include "ui/wizard.h"

/* Keeps NIC I's IP mode when its switch allows it, else gives it DHCP
 * or static, the first the switch allows (wizard_edit.c). */
void wizard_first_mode(struct app *a, size_t i);

#endif
