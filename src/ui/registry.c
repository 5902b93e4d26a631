/*
 * registry.c - the screens registered as data, and the hooks through
 * which the screen manager (app*.c) reaches the wizard's flow, the apply
 * and the diagnostics (struct app_registry, app.h).  app_init takes the
 * table from here: it is the one console file that knows the manager,
 * the wizard, the apply and the diagnostics together, so that app*.c
 * include none of their headers and each of them includes app.h: every
 * dependency between them goes one way (tests/static/layers.sh checks it).
 * No backend; touches nothing but the app it is handed.
 */
#include "config.h"

#include <stddef.h>

#include "ui/app.h"
#include "ui/apply_ui.h"
#include "ui/diag_ui.h"
#include "ui/wizard.h"

/* The screens; each class says its id, kind and parent. */
static const struct screen_class *const app_classes[] = {
	&home_screen,
	&wizard_profile_screen,
	&wizard_switch_screen,
	&wizard_ip_screen,
	&wizard_dns_screen,
	&wizard_nics_screen,
	&wizard_review_screen,
	&apply_progress_screen,
	&help_screen,
	&panel_routes_screen,
	&panel_vmaddr_screen,
	&panel_dns_screen,
	&diag_screen,
};

static const struct app_flow registry_wizard_flow = {
	.start = wizard_start,
	.next = wizard_next,
	.back = wizard_back,
	.back_word = wizard_back_word,
};

static const struct app_apply_hooks registry_apply_hooks = {
	.virt_changed = apply_ui_virt_changed,
	.busy = apply_ui_app_busy,
};

/* A diagnostics state with no runner: run.c attaches its own. */
static struct diag_ui *registry_diag_create(void)
{
	return diag_ui_new(NULL, NULL, NULL, NULL);
}

static const struct app_diag_hooks registry_diag_hooks = {
	.create = registry_diag_create,
	.destroy = diag_ui_free,
	.open = diag_ui_open,
	.rerun = diag_ui_rerun,
};

const struct app_registry app_registry = {
	.classes = app_classes,
	.count = sizeof(app_classes) / sizeof(app_classes[0]),
	.flow = &registry_wizard_flow,
	.apply = &registry_apply_hooks,
	.diag = &registry_diag_hooks,
};
