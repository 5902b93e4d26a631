/*
 * panels.h - the live panels' screen classes (screens/panel_routes.c,
 * screens/panel_vmaddr.c), until ui/screen.h lists them with the others
 * (then this header only repeats those declarations).
 */
#ifndef EDGENET_SCREENS_PANELS_H
#define EDGENET_SCREENS_PANELS_H

#include "ui/screen.h"

extern const struct screen_class panel_routes_screen;
extern const struct screen_class panel_vmaddr_screen;

#endif
