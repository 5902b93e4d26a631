/*
 * live.c - the live panels' data in the console, the part that uses no
 * backend (see live.h): which struct live is current, the time, the
 * one-second tick that keeps the ages on screen true while a panel is
 * shown, the MACs of the plan's NICs, whether the host is simulated
 * (the demo), and the panels' requests passed to the operations
 * live_run.c (or a test) installed - refused on a simulated host before
 * they reach them.  Touches nothing but memory, the loop's timers and
 * the state directory (reads).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/err.h"
#include "core/host.h"
#include "core/state.h"
#include "tui/loop.h"
#include "ui/live.h"

#define LIVE_TICK_MS 1000

const struct route_snapshot *live_host(const struct live *lv)
{
	return lv ? lv->host : NULL;
}

void live_changed(struct live *lv)
{
	if (lv && lv->changed)
		lv->changed(lv->changed_ctx);
}

static void on_tick(struct loop *l, void *ctx)
{
	struct live *lv = ctx;

	(void)l;
	lv->tick_timer = 0;
	/* only while a panel keeps drawing: an idle console stays idle */
	if (clock_now_ms() - lv->shown_ms > 2 * LIVE_TICK_MS)
		return;
	live_changed(lv);
	lv->tick_timer = loop_add_timer(lv->loop, LIVE_TICK_MS, on_tick, lv);
	if (lv->tick_timer < 0)
		lv->tick_timer = 0;
}

void live_shown(struct live *lv)
{
	if (!lv)
		return;
	lv->shown_ms = clock_now_ms();
	if (lv->loop && !lv->tick_timer) {
		lv->tick_timer = loop_add_timer(lv->loop, LIVE_TICK_MS, on_tick,
						lv);
		if (lv->tick_timer < 0)
			lv->tick_timer = 0;
	}
}

void live_refresh(struct live *lv)
{
	if (lv && lv->ops.refresh)
		lv->ops.refresh(lv);
}

bool live_uri_is_simulated(const char *uri)
{
	/* test:///default, test:///PATH/node.xml; any transport (test+...)
	 * still reaches the test driver */
	return host_uri_is_simulated(uri);
}

void live_host_change_init(struct live *lv, const struct route_info *r,
			   const char *dev, const char *gw, uint32_t metric,
			   const char *nic_name, const char *plan_path,
			   const char *state_dir, long timeout_s)
{
	struct live_host_change *hc = &lv->hc;
	size_t nh = r->nh_count;

	if (nh > sizeof(hc->nh) / sizeof(hc->nh[0]))
		nh = sizeof(hc->nh) / sizeof(hc->nh[0]);
	hc->stage = LIVE_HC_NONE;
	hc->route = *r;
	if (nh)
		memcpy(hc->nh, r->nh, nh * sizeof(hc->nh[0]));
	hc->route.nh = nh ? hc->nh : NULL;
	hc->route.nh_count = (uint16_t)nh;
	snprintf(hc->dev, sizeof(hc->dev), "%s", dev && *dev ? dev : "-");
	snprintf(hc->gw, sizeof(hc->gw), "%s", gw && *gw ? gw : "-");
	hc->old_metric = r->metric;
	hc->new_metric = metric;
	snprintf(hc->nic, sizeof(hc->nic), "%s", nic_name ? nic_name : "");
	snprintf(hc->plan_path, sizeof(hc->plan_path), "%s",
		 plan_path ? plan_path : "");
	snprintf(hc->state_dir, sizeof(hc->state_dir), "%s",
		 state_dir ? state_dir : "");
	hc->timeout_s = timeout_s > 0 ? timeout_s : 1;
	hc->left_s = 0;
}

/* The demo's refusal, in MSG. */
static int refuse_readonly(const struct live *lv, char *msg, size_t msglen)
{
	snprintf(msg, msglen, "metric not changed %s: %s",
		 lv->host_remote ? "from here" : "in the demo",
		 lv->host_ro_why[0] ? lv->host_ro_why :
		 "this machine's routes are read-only here");
	return -1;
}

int live_host_metric_begin(struct live *lv, char *msg, size_t msglen)
{
	if (lv && lv->host_readonly)
		return refuse_readonly(lv, msg, msglen);
	if (!lv || !lv->ops.host_metric_begin) {
		snprintf(msg, msglen, "routes cannot be changed here");
		return -1;
	}
	if (lv->hc.stage == LIVE_HC_WAITING) {
		snprintf(msg, msglen, "a metric change is waiting for its "
			 "answer: y keeps it, n puts it back");
		return -1;
	}
	return lv->ops.host_metric_begin(lv, msg, msglen);
}

int live_host_metric_answer(struct live *lv, bool keep, char *msg,
			    size_t msglen)
{
	if (lv && lv->host_readonly)
		return refuse_readonly(lv, msg, msglen);
	if (!lv || !lv->ops.host_metric_answer ||
	    lv->hc.stage != LIVE_HC_WAITING) {
		snprintf(msg, msglen, "no metric change is waiting for an "
			 "answer");
		return -1;
	}
	return lv->ops.host_metric_answer(lv, keep, msg, msglen);
}

void live_nic_macs(const struct plan *p, const struct state *st,
		   char macs[PLAN_MAX_NICS][18], const char *ptrs[PLAN_MAX_NICS])
{
	char err[ERR_MAX];

	for (size_t i = 0; i < PLAN_MAX_NICS; i++) {
		macs[i][0] = '\0';
		ptrs[i] = NULL;
	}
	for (size_t i = 0; p && st && i < p->nnics; i++) {
		struct mac m;

		if (p->nics[i].mac[0] || !p->domain[0])
			continue;
		if (state_lookup_mac(st, p->domain, p->nics[i].name, &m, err,
				     sizeof(err)) == 1) {
			mac_format(&m, macs[i]);
			ptrs[i] = macs[i];
		}
	}
}
