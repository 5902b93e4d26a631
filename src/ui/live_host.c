/*
 * live_host.c - a change of one of this machine's own routes from the
 * route panel, made the way an apply is: the technician has confirmed a
 * question naming the route (device, gateway, old and new metric); the
 * route then gets its new metric at once (netlink: add the new route,
 * delete the old) and is checked, and a countdown on the console's loop
 * starts.  Kept only when the technician answers y within it: then the
 * metric is also written into the plan file and the last applied plan of
 * the state directory (when a plan NIC uses the route), so it survives a
 * reboot.  n, the end of the countdown, or the console closing puts the
 * old metric back, and that is checked too: the outcome says whether the
 * route is really as it was.
 *
 * Touches: this machine's routes (only the one route named, only here),
 * the plan file and STATE_DIR/applied.cfg (the metric of one NIC, when
 * kept).  Never called on a simulated host (live.c refuses first; the
 * begin here refuses again).  No drawing.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "backend/nl_routes.h"
#include "core/clock.h"
#include "core/err.h"
#include "core/journal.h"
#include "core/planfile.h"
#include "core/state.h"
#include "tui/loop.h"
#include "ui/live.h"
#include "ui/live_host.h"

static void hc_say(struct live *lv, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void hc_say(struct live *lv, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(lv->hc.msg, sizeof(lv->hc.msg), fmt, ap);
	va_end(ap);
	lv->hc.msg_error = error;
	lv->hc.msg_gen++;
}

/* ------------------------------------------------------------------ */
/* checking                                                            */

static int32_t route_dev(const struct route_info *r)
{
	return r->nh_count ? r->nh[0].oif : r->oif;
}

/* The same route as WANT (destination, table, device, gateway) with
 * metric METRIC is in the snapshot S. */
static bool route_present(const struct route_snapshot *s,
			  const struct route_info *want, uint32_t metric)
{
	size_t alen = want->family == ROUTE_AF_INET ? 4 : 16;

	for (size_t i = 0; s && i < s->nroutes; i++) {
		struct route_info r;

		route_snapshot_get(s, i, &r);
		if (r.family != want->family || r.dst_len != want->dst_len ||
		    r.table != want->table || r.metric != metric ||
		    r.type != want->type || route_dev(&r) != route_dev(want))
			continue;
		if (memcmp(r.dst, want->dst, alen) != 0)
			continue;
		if (!want->nh_count && (r.gw_family != want->gw_family ||
		    (r.gw_family && memcmp(r.gw, want->gw, r.gw_family ==
					   ROUTE_AF_INET ? 4 : 16) != 0)))
			continue;
		return true;
	}
	return false;
}

/* Reads the routes again and checks that the route has metric HAVE and
 * no longer GONE.  true when so; else ERR says what is there. */
static bool check_metric(struct live *lv, uint32_t have, uint32_t gone,
			 char *err, size_t errlen)
{
	const struct route_snapshot *s;
	char nlerr[ERR_MAX];

	if (nl_routes_refresh(lv->nl, nlerr, sizeof(nlerr)) < 0) {
		errf(err, errlen, "the routes could not be read again: %.300s",
		     nlerr);
		return false;
	}
	s = nl_routes_snapshot(lv->nl);
	lv->host = s;
	if (!route_present(s, &lv->hc.route, have)) {
		errf(err, errlen, "no route via %s dev %s with metric %u "
		     "is there", lv->hc.gw, lv->hc.dev, (unsigned)have);
		return false;
	}
	if (route_present(s, &lv->hc.route, gone)) {
		errf(err, errlen, "the route with metric %u is still "
		     "there too", (unsigned)gone);
		return false;
	}
	return true;
}

/* ------------------------------------------------------------------ */
/* going back                                                          */

static void cancel_timer(struct live *lv)
{
	if (lv->hc.timer > 0 && lv->loop)
		loop_cancel_timer(lv->loop, lv->hc.timer);
	lv->hc.timer = 0;
}

/* Puts the old metric back and checks it; WHY_BACK says why ("not
 * confirmed in time", "you answered n"). */
static void revert(struct live *lv, const char *why_back)
{
	struct live_host_change *hc = &lv->hc;
	struct route_info now = hc->route;
	char err[ERR_MAX], why[ERR_MAX];

	cancel_timer(lv);
	hc->left_s = 0;
	now.metric = hc->new_metric;
	if (!lv->nl) {
		hc->stage = LIVE_HC_FAILED;
		hc_say(lv, true, "%.200s, but netlink is closed: the route via %s "
		       "dev %s still has metric %u; put %u back with `ip "
		       "route`", why_back, hc->gw, hc->dev,
		       (unsigned)hc->new_metric, (unsigned)hc->old_metric);
		return;
	}
	if (nl_routes_set_metric(lv->nl, &now, hc->old_metric, err,
				 sizeof(err)) < 0) {
		hc->stage = LIVE_HC_FAILED;
		hc_say(lv, true, "%.150s, but metric %u could NOT be put back on "
		       "the route via %s dev %s: %.200s", why_back,
		       (unsigned)hc->old_metric, hc->gw, hc->dev, err);
		live_changed(lv);
		return;
	}
	if (!check_metric(lv, hc->old_metric, hc->new_metric, why,
			  sizeof(why))) {
		hc->stage = LIVE_HC_FAILED;
		hc_say(lv, true, "%.150s: metric %u was put back on the route via "
		       "%s dev %s, but the check failed: %.200s", why_back,
		       (unsigned)hc->old_metric, hc->gw, hc->dev, why);
		live_changed(lv);
		return;
	}
	hc->stage = LIVE_HC_REVERTED;
	hc_say(lv, false, "%.200s: back to metric %u on the route via %s dev %s "
	       "(checked); nothing was saved", why_back,
	       (unsigned)hc->old_metric, hc->gw, hc->dev);
	live_changed(lv);
}

static void tick(struct loop *l, void *ctx);

/* Counts down to the next whole second, or goes back at the end. */
static void countdown(struct live *lv)
{
	int64_t rem = lv->hc.deadline_ms - clock_now_ms();
	long left;

	if (rem <= 0) {
		revert(lv, "not confirmed in time");
		return;
	}
	left = (long)((rem + 999) / 1000);
	lv->hc.left_s = left;
	lv->hc.timer = loop_add_timer(lv->loop, (unsigned)(rem - (int64_t)
				      (left - 1) * 1000), tick, lv);
	if (lv->hc.timer < 0) {
		lv->hc.timer = 0;
		revert(lv, "the console could not count down");
	}
}

static void tick(struct loop *l, void *ctx)
{
	struct live *lv = ctx;

	(void)l;
	lv->hc.timer = 0;
	if (lv->hc.stage != LIVE_HC_WAITING)
		return;
	countdown(lv);
	live_changed(lv);
}

/* ------------------------------------------------------------------ */
/* keeping: the plan file and the last applied plan                    */

/* Sets NIC_NAME's metric in the plan file PATH.  1 written, 0 the file
 * or the NIC is not there, -1 error (ERR). */
static int write_metric(const char *path, const char *nic_name,
			uint32_t metric, char *err, size_t errlen)
{
	struct plan p;
	struct diag_list d;
	struct stat st;
	size_t i;

	if (!path || !path[0] || stat(path, &st) < 0)
		return 0;
	diag_list_init(&d);
	if (planfile_load(path, &p, NULL, &d) != PLANFILE_OK) {
		errf(err, errlen, "%s cannot be read%s%s", path,
		     d.count ? ": " : "", d.count ? d.items[0].message : "");
		diag_list_free(&d);
		return -1;
	}
	diag_list_free(&d);
	for (i = 0; i < p.nnics; i++)
		if (strcmp(p.nics[i].name, nic_name) == 0)
			break;
	if (i == p.nnics)
		return 0;
	plan_nic_set_metric(&p.nics[i], metric);
	return planfile_save(&p, path, err, errlen) == 0 ? 1 : -1;
}

static void keep(struct live *lv)
{
	struct live_host_change *hc = &lv->hc;
	char err[ERR_MAX], applied[4200];
	const char *dir = hc->state_dir;
	int rc_plan, rc_applied;

	cancel_timer(lv);
	hc->left_s = 0;
	hc->stage = LIVE_HC_KEPT;
	if (!hc->nic[0]) {
		hc_say(lv, false, "metric %u kept on the route via %s dev %s; "
		       "no plan NIC uses this link, so nothing was saved",
		       (unsigned)hc->new_metric, hc->gw, hc->dev);
		return;
	}
	rc_plan = write_metric(hc->plan_path, hc->nic, hc->new_metric, err,
			       sizeof(err));
	if (rc_plan < 0) {
		hc_say(lv, true, "metric %u kept on the route via %s dev %s, "
		       "but the plan was not saved: %.300s",
		       (unsigned)hc->new_metric, hc->gw, hc->dev, err);
		return;
	}
	dir = state_dir_path(dir);
	snprintf(applied, sizeof(applied), "%s/%s", dir, JOURNAL_APPLIED_FILE);
	rc_applied = write_metric(applied, hc->nic, hc->new_metric, err,
				  sizeof(err));
	if (rc_applied < 0) {
		hc_say(lv, true, "metric %u kept and saved in the plan, but not "
		       "in the last applied plan: %.300s",
		       (unsigned)hc->new_metric, err);
		return;
	}
	if (rc_plan > 0)
		hc_say(lv, false, "NIC %s: metric %u kept (via %s dev %s) and "
		       "saved in the plan%s", hc->nic, (unsigned)hc->new_metric,
		       hc->gw, hc->dev, rc_applied ? " and the state" : "");
	else
		hc_say(lv, false, "metric %u kept (via %s dev %s); the plan "
		       "file %.200s is missing or has no NIC %s: nothing saved",
		       (unsigned)hc->new_metric, hc->gw, hc->dev,
		       hc->plan_path[0] ? hc->plan_path : "(none)", hc->nic);
}

/* ------------------------------------------------------------------ */
/* the operations                                                      */

static int op_begin(struct live *lv, char *msg, size_t msglen)
{
	struct live_host_change *hc = &lv->hc;
	char err[ERR_MAX], why[ERR_MAX];

	if (lv->host_readonly) {
		/* live.c refuses first; never reach netlink for the demo */
		snprintf(msg, msglen, "metric not changed: this machine's "
			 "routes are read-only here");
		return -1;
	}
	if (!lv->nl || !lv->loop) {
		snprintf(msg, msglen, "metric not changed: %.300s",
			 lv->host_err[0] ? lv->host_err : "netlink is not open");
		return -1;
	}
	if (hc->old_metric == hc->new_metric) {
		snprintf(msg, msglen, "the route via %s dev %s has metric %u "
			 "already: nothing to change", hc->gw, hc->dev,
			 (unsigned)hc->new_metric);
		return -1;
	}
	if (nl_routes_set_metric(lv->nl, &hc->route, hc->new_metric, err,
				 sizeof(err)) < 0) {
		hc->stage = LIVE_HC_FAILED;
		hc_say(lv, true, "metric not changed: %.400s", err);
		snprintf(msg, msglen, "%s", hc->msg);
		live_changed(lv);
		return -1;
	}
	hc->stage = LIVE_HC_WAITING;
	if (!check_metric(lv, hc->new_metric, hc->old_metric, why,
			  sizeof(why))) {
		/* not as asked: back at once rather than wait */
		snprintf(err, sizeof(err), "the new metric did not check out "
			 "(%.200s)", why);
		revert(lv, err);
		snprintf(msg, msglen, "%s", hc->msg);
		return -1;
	}
	hc->deadline_ms = clock_now_ms() + (int64_t)hc->timeout_s * 1000;
	countdown(lv);
	if (hc->stage != LIVE_HC_WAITING) {
		snprintf(msg, msglen, "%s", hc->msg);
		return -1;
	}
	hc_say(lv, false, "metric %u set on the route via %s dev %s: y keeps "
	       "it", (unsigned)hc->new_metric, hc->gw, hc->dev);
	snprintf(msg, msglen, "%s", hc->msg);
	live_changed(lv);
	return 0;
}

static int op_answer(struct live *lv, bool yes, char *msg, size_t msglen)
{
	if (yes)
		keep(lv);
	else
		revert(lv, "you answered n");
	snprintf(msg, msglen, "%s", lv->hc.msg);
	live_changed(lv);
	return lv->hc.stage == LIVE_HC_FAILED || lv->hc.msg_error ? -1 : 0;
}

void live_host_install(struct live *lv)
{
	lv->ops.host_metric_begin = op_begin;
	lv->ops.host_metric_answer = op_answer;
}

const char *live_host_close(struct live *lv)
{
	if (lv->hc.stage != LIVE_HC_WAITING)
		return NULL;
	revert(lv, "the console closed before the new metric was confirmed");
	return lv->hc.msg;
}
