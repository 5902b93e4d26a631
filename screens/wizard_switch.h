/*
 * wizard_switch.h - what the wizard's switch step (wizard_switch.c)
 * takes from wizard_switch_suggest.c: the values it suggests for a
 * switch's empty fields.  Screens layer; nobody else includes it.
 */
#ifndef EDGENET_SCREENS_WIZARD_SWITCH_H
#define EDGENET_SCREENS_WIZARD_SWITCH_H

#include <stddef.h>

#include "core/plan.h"
#include "ui/app.h"

/* The bridge name the wizard suggests for UPLINK: br-UPLINK, or br0
 * when that would not fit an interface name. */
void wizard_switch_auto_bridge(const char *uplink, char *out, size_t len);

/* The host address suggested for switch SI of A's working plan (see
 * wizard_switch_suggest.c), "" when none is free. */
void wizard_switch_suggest_address(const struct app *a, size_t si,
				   char *out, size_t len);

/* The DHCP range suggested inside the subnet of ADDRESS for a switch of
 * TYPE into START and END (IPV4_STRLEN each), "" when none fits. */
void wizard_switch_suggest_range(enum switch_type type, const char *address,
				 char *start, char *end);

#endif
