/*
 * panel_routes_metric.c - a default route's metric changed from the
 * route-metrics panel (see panel_routes.c): in the VM's view the plan
 * gets it and the wizard's review opens; on this machine a question
 * naming the route, then live_host_metric_begin/_answer (ui/live.h) with
 * its countdown, and the kept metric followed into the plan being
 * edited.  Writes the working plan and the status line.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "screens/panel_routes.h"
#include "tui/widget.h"
#include "ui/app.h"
#include "ui/apply_ui.h"
#include "ui/live.h"
#include "ui/wizard.h"

/* Applies the metric typed for the selected default route. */
enum intent panel_routes_apply_metric(struct screen *s)
{
	struct proutes *p = s->priv;
	struct app *a = s->app;
	struct live *lv = s->app->live;
	const struct route_snapshot *snap;
	const struct route_default *d;
	struct route_info r;
	const char *nic = NULL, *dev;
	char err[ERR_MAX];
	char gw[ROUTE_ADDR_STRLEN];
	unsigned long m;
	char *end;

	p->editing = false;
	snap = panel_routes_shown(p, lv, err, sizeof(err));
	if (!snap || p->sel >= p->view.ndefaults) {
		app_status(a, TS_ERROR, "metric not changed: %s", err[0] ? err :
			   "that default route is gone; choose one again");
		return INTENT_HANDLED;
	}
	m = strtoul(p->input, &end, 10);
	if (!p->input[0] || *end || m > 4294967295UL) {
		app_status(a, TS_ERROR, "metric: give a whole number from 0 to "
			   "4294967295 (lower wins)");
		return INTENT_HANDLED;
	}
	d = &p->view.defaults[p->sel];
	route_snapshot_get(snap, d->route, &r);
	if (d->nic >= 0)
		nic = a->work.nics[d->nic].name;
	if (p->vm && !nic) {
		app_status(a, TS_ERROR, "this default route's NIC is not in "
			   "the plan: nothing to save; add the NIC to the plan");
		return INTENT_HANDLED;
	}
	if (p->vm) {
		/* The VM: through the review and its Apply (the same
		 * transaction, confirmation and undo as every apply). */
		plan_nic_set_metric(&a->work.nics[d->nic], (long long)m);
		app_validate(a);
		p->built_for = NULL;
		app_status(a, TS_OK, "NIC %s: metric %lu is in the plan; Apply "
			   "below changes it in the VM (save the plan to keep "
			   "it in the file)", nic, m);
		return intent_goto(wizard_next(a, SCR_NICS));	/* the review */
	}
	if (panel_routes_host_readonly(p, lv)) {
		app_status(a, TS_WARNING, "metric not changed in the demo: %s",
			   lv->host_ro_why);
		return INTENT_HANDLED;
	}
	if (r.metric == (uint32_t)m) {
		app_status(a, TS_WARNING, "this route has metric %lu already: "
			   "nothing to change", m);
		return INTENT_HANDLED;
	}
	/* this machine: ask first, naming the route */
	panel_routes_gw_dev(snap, &r, gw, &dev);
	live_host_change_init(lv, &r, dev, gw, (uint32_t)m, nic, a->plan_path,
			      a->opts ? a->opts->state_dir : NULL,
			      apply_ui_confirm_timeout(a->opts ?
						       a->opts->settings_path :
						       NULL));
	p->asking = true;
	return INTENT_HANDLED;
}

/* The plan's copies follow a metric kept on this machine (the plan file
 * has it now). */
static void follow_kept(struct app *a, const struct live_host_change *hc)
{
	for (size_t i = 0; hc->nic[0] && i < a->work.nnics; i++) {
		if (strcmp(a->work.nics[i].name, hc->nic) != 0)
			continue;
		plan_nic_set_metric(&a->work.nics[i],
				    (long long)hc->new_metric);
		if (i < a->saved.nnics &&
		    strcmp(a->saved.nics[i].name, hc->nic) == 0)
			plan_nic_set_metric(&a->saved.nics[i],
					    (long long)hc->new_metric);
		app_validate(a);
	}
}

/* Keys while this machine's route waits for "change it?" or for "keep
 * it?": only y, n and Esc mean something. */
enum intent panel_routes_host_answer_key(struct screen *s, int key)
{
	struct proutes *p = s->priv;
	struct app *a = s->app;
	struct live *lv = s->app->live;
	char msg[LIVE_MSG_MAX];
	bool yes = key == 'y' || key == 'Y';
	bool no = key == 'n' || key == 'N' || key == 27;
	int rc;

	if (!yes && !no)
		return INTENT_HANDLED;
	if (p->asking) {
		p->asking = false;
		if (no) {
			app_status(a, TS_OK, "nothing changed");
			return INTENT_HANDLED;
		}
		rc = live_host_metric_begin(lv, msg, sizeof(msg));
		p->seen_gen = lv->hc.msg_gen;
		app_status(a, rc == 0 ? TS_WARNING : TS_ERROR, "%s", msg);
		p->built_for = NULL;
		return INTENT_HANDLED;
	}
	rc = live_host_metric_answer(lv, yes, msg, sizeof(msg));
	p->seen_gen = lv->hc.msg_gen;
	if (lv->hc.stage == LIVE_HC_KEPT)
		follow_kept(a, &lv->hc);
	app_status(a, rc == 0 ? (yes ? TS_OK : TS_WARNING) : TS_ERROR, "%s",
		   msg);
	p->built_for = NULL;
	return INTENT_HANDLED;
}
