/*
 * live.c - the live panels' data in the console, the part that uses no
 * backend (see live.h): which struct live is current, the time, the
 * one-second tick that keeps the ages on screen true while a panel is
 * shown, the MACs of the plan's NICs, and the panels' requests passed to
 * the operations live_run.c (or a test) installed.  Touches nothing but
 * memory, the loop's timers and the state directory (reads).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/state.h"
#include "ui/live.h"
#include "ui/loop.h"

#define LIVE_TICK_MS 1000

static struct live *live_current;

struct live *live_get(void)
{
	return live_current;
}

void live_set(struct live *lv)
{
	live_current = lv;
}

int64_t live_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

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
	if (live_now_ms() - lv->shown_ms > 2 * LIVE_TICK_MS)
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
	lv->shown_ms = live_now_ms();
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

int live_set_nic_metric(struct live *lv, int32_t ifindex,
			uint32_t metric, const char *nic_name,
			const char *plan_path, const char *state_dir,
			char *msg, size_t msglen)
{
	if (!lv || !lv->ops.set_nic_metric) {
		snprintf(msg, msglen, "routes cannot be changed here");
		return -1;
	}
	return lv->ops.set_nic_metric(lv, ifindex, metric, nic_name,
				      plan_path, state_dir, msg, msglen);
}

void live_nic_macs(const struct plan *p, const struct state *st,
		   char macs[PLAN_MAX_NICS][18], const char *ptrs[PLAN_MAX_NICS])
{
	char err[256];

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
