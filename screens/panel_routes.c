/*
 * panel_routes.c - the route-metrics panel: the default routes in
 * priority order (lower metric wins) with the one in use marked, equal
 * metrics, an offline-network NIC winning and metrics that differ from
 * the plan flagged with what to do, then every route (destination,
 * gateway, device, protocol, scope, metric, table).  Shows this machine
 * (netlink, live) or the VM (its /proc/net/route through the guest agent);
 * the header says which and how fresh.  A default route gets a new
 * metric here: on this machine typed, then a question naming the route
 * (device, gateway, old and new metric), then applied with a countdown
 * like an apply's - kept (and saved in the plan) only when confirmed
 * with y, otherwise put back by itself and checked (ui/live.h:
 * live_host_metric_begin/_answer, done by ui/live_host.c).  On a
 * simulated host (the demo) this machine's routes are not the demo
 * host's: the view is read-only and says so.  In the VM's view the plan
 * being edited gets the metric and the wizard's review opens, whose
 * Apply carries it into the VM (its seed and, through its guest agent,
 * its networkd files, checked inside the guest, kept only when
 * confirmed).  Reads struct app and its struct live (a->live).
 *
 * This file holds the panel (its view, drawing, keys and footer); the
 * metric change itself is in panel_routes_metric.c (shared:
 * panel_routes.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/err.h"
#include "core/route_names.h"
#include "core/status.h"
#include "screens/panel_routes.h"
#include "screens/panels.h"
#include "tui/widget.h"
#include "ui/app.h"
#include "ui/apply_ui.h"
#include "ui/live.h"
#include "ui/wizard.h"

static int proutes_create(struct screen *s)
{
	struct proutes *p = calloc(1, sizeof(*p));

	if (!p)
		return -1;
	route_view_init(&p->view);
	s->priv = p;
	return 0;
}

static void proutes_destroy(struct screen *s)
{
	struct proutes *p = s->priv;

	if (!p)
		return;
	route_view_free(&p->view);
	free(p);
}

/* The snapshot on show, or NULL with why not in ERR (which may say,
 * too, why this machine's snapshot is not refreshed; "" when nothing is
 * wrong). */
const struct route_snapshot *panel_routes_shown(const struct proutes *p,
						const struct live *lv,
						char *err, size_t errlen)
{
	err[0] = '\0';
	if (!lv) {
		errf(err, errlen, "the live panels are not started");
		return NULL;
	}
	if (!p->vm) {
		if (!lv->nl)
			errf(err, errlen, "%s", lv->host_err[0] ?
			     lv->host_err : "netlink is not open");
		return live_host(lv);
	}
	if (!lv->watch) {
		errf(err, errlen, "%s", lv->vm_err[0] ? lv->vm_err :
		     "no VM watcher");
		return NULL;
	}
	if (!lv->vm) {
		errf(err, errlen, "reading the VM...");
		return NULL;
	}
	if (!lv->vm_routes_ok) {
		errf(err, errlen, "%s", lv->vm_routes_err[0] ?
		     lv->vm_routes_err : "no routes from the guest");
		return NULL;
	}
	return &lv->vm_routes;
}

/* Is there a default route on show whose metric m could change?  (The
 * view may still hold the other side's routes when this side has none
 * readable.) */
static bool can_set_metric(const struct proutes *p, const struct live *lv)
{
	char err[ERR_MAX];
	const struct route_snapshot *snap = panel_routes_shown(p, lv, err,
							       sizeof(err));

	return snap && p->built_for == snap && p->built_vm == p->vm &&
	       p->view.ndefaults > 0;
}

/* Rebuilds the view when the snapshot or the options changed. */
static void rebuild(struct screen *s, const struct route_snapshot *snap)
{
	struct proutes *p = s->priv;
	struct app *a = s->app;

	live_nic_macs(&a->work, a->state_ok ? &a->st : NULL, p->macs,
		      p->vo.nic_mac);
	p->vo.plan = &a->work;
	p->vo.by_name = p->vm;	/* the guest's names are the plan's */
	p->vo.hide_ipv6 = p->hide_ipv6;
	p->vo.hide_local = !p->show_local;
	if (route_view_build(&p->view, snap, &p->vo) != 0)
		app_status(a, TS_ERROR, "out of memory building the route view");
	p->built_gen = snap->generation;
	p->built_for = snap;
	p->built_vm = p->vm;
	if (p->sel >= p->view.ndefaults)
		p->sel = p->view.ndefaults ? p->view.ndefaults - 1 : 0;
	if (p->top >= p->view.n)
		p->top = 0;
}

static void proutes_enter(struct screen *s)
{
	struct proutes *p = s->priv;

	p->built_for = NULL;	/* the plan may have changed */
	p->editing = false;
	p->asking = false;
}

/* A route's gateway and device as the panel shows them. */
void panel_routes_gw_dev(const struct route_snapshot *snap,
			 const struct route_info *r,
			 char gw[ROUTE_ADDR_STRLEN], const char **dev)
{
	int32_t oif = r->nh_count ? r->nh[0].oif : r->oif;

	*dev = route_snapshot_dev(snap, oif);
	if (!*dev)
		*dev = "-";
	if (r->nh_count && r->nh[0].gw_family)
		route_addr_str(r->nh[0].gw_family, r->nh[0].gw, gw);
	else if (!r->nh_count && r->gw_family)
		route_addr_str(r->gw_family, r->gw, gw);
	else
		snprintf(gw, ROUTE_ADDR_STRLEN, "-");
}

/* This machine's routes cannot be changed from here (the demo). */
bool panel_routes_host_readonly(const struct proutes *p,
				const struct live *lv)
{
	return !p->vm && lv && lv->host_readonly;
}

/* A change of this machine's route waits for y/n. */
static bool host_waiting(const struct proutes *p, const struct live *lv)
{
	return !p->vm && lv && lv->hc.stage == LIVE_HC_WAITING;
}

static void freshness(const struct proutes *p, const struct live *lv,
		      const struct route_snapshot *snap, char *buf, size_t len)
{
	char age[16];
	int64_t now = clock_now_ms();

	if (!p->vm) {
		snprintf(buf, len, "this machine: live (netlink events), last "
			 "change %s ago; %zu routes", vmaddr_age_str(
			 (now - snap->taken_ms) / 1000, age, sizeof(age)),
			 snap->nroutes);
		return;
	}
	snprintf(buf, len, "VM %s: /proc/net/route via the guest agent, read "
		 "%s ago (every 30 s, r: now)", lv->vm->domain,
		 vmaddr_age_str((now - lv->vm->taken_ms) / 1000, age,
				sizeof(age)));
}

static void draw_default(struct screen *s, WINDOW *w, int y,
			 const struct route_snapshot *snap, size_t i)
{
	struct proutes *p = s->priv;
	const struct route_default *d = &p->view.defaults[i];
	const struct plan *pl = &s->app->work;
	char line[256], gw[ROUTE_ADDR_STRLEN], flags[96] = "";
	const char *dev;
	struct route_info r;
	attr_t attr = 0;
	int32_t oif;

	route_snapshot_get(snap, d->route, &r);
	oif = r.nh_count ? r.nh[0].oif : r.oif;
	dev = route_snapshot_dev(snap, oif);
	if (r.nh_count)
		snprintf(gw, sizeof(gw), "%s", r.nh[0].gw_family ?
			 route_addr_str(r.nh[0].gw_family, r.nh[0].gw, gw) :
			 "-");
	else if (r.gw_family)
		route_addr_str(r.gw_family, r.gw, gw);
	else
		snprintf(gw, sizeof(gw), "-");
	/* 33 columns are left for these */
	if ((d->flags & ROUTE_DEF_OFFLINE) && (d->flags & ROUTE_DEF_IN_USE))
		snprintf(flags + strlen(flags), sizeof(flags) - strlen(flags),
			 " OFFLINE NIC WINS");
	else if (d->flags & ROUTE_DEF_IN_USE)
		snprintf(flags + strlen(flags), sizeof(flags) - strlen(flags),
			 " in use");
	else if (d->flags & ROUTE_DEF_OFFLINE)
		snprintf(flags + strlen(flags), sizeof(flags) - strlen(flags),
			 " offline");
	if (d->flags & ROUTE_DEF_TIE)
		snprintf(flags + strlen(flags), sizeof(flags) - strlen(flags),
			 " TIE");
	if (d->flags & ROUTE_DEF_METRIC_DIFFERS)
		snprintf(flags + strlen(flags), sizeof(flags) - strlen(flags),
			 " plan %lld", plan_nic_metric(pl, (size_t)d->nic));
	if (d->flags & ROUTE_DEF_DOWN)
		snprintf(flags + strlen(flags), sizeof(flags) - strlen(flags),
			 " link down");
	snprintf(line, sizeof(line), "%s %-15s %-15s %7u  %-15s%s",
		 d->flags & ROUTE_DEF_IN_USE ? "*" : " ", gw, dev ? dev : "-",
		 (unsigned)r.metric, d->nic >= 0 ? pl->nics[d->nic].name : "-",
		 flags);
	if (d->flags & ROUTE_DEF_OFFLINE && d->flags & ROUTE_DEF_IN_USE)
		attr = term_attr(TS_ERROR);
	else if (d->flags & (ROUTE_DEF_TIE | ROUTE_DEF_METRIC_DIFFERS))
		attr = term_attr(TS_WARNING);
	else if (d->flags & ROUTE_DEF_IN_USE)
		attr = term_attr(TS_OK);
	if (i == p->sel)
		attr = term_attr(TS_FOCUS);
	ui_put(w, y, 1, 1, i == p->sel ? ">" : " ", term_attr(TS_FOCUS));
	ui_put(w, y, 2, getmaxx(w) - 3, line, attr);
}

static void draw_route(WINDOW *w, int y, const struct route_snapshot *snap,
		       uint32_t idx)
{
	char dst[ROUTE_PREFIX_STRLEN + 24], d2[ROUTE_PREFIX_STRLEN];
	char gw[ROUTE_ADDR_STRLEN], line[256];
	char t1[16], t2[16], t3[16], t4[16], ty[24] = "";
	char c1[80], c2[64], c3[32], c4[24], c5[24];
	struct route_info r;
	const char *dev;
	int32_t oif;

	route_snapshot_get(snap, idx, &r);
	oif = r.nh_count ? r.nh[0].oif : r.oif;
	dev = route_snapshot_dev(snap, oif);
	if (r.nh_count)
		snprintf(gw, sizeof(gw), "%u nexthops", (unsigned)r.nh_count);
	else if (r.gw_family)
		route_addr_str(r.gw_family, r.gw, gw);
	else
		snprintf(gw, sizeof(gw), "-");
	if (r.type != ROUTE_TYPE_UNICAST)
		snprintf(ty, sizeof(ty), "%s ", route_type_name(r.type, t4));
	snprintf(dst, sizeof(dst), "%s%s", ty, route_dst_str(&r, d2));
	/* a cell too narrow for its value ends in an ellipsis */
	snprintf(line, sizeof(line), "%s %s %s %s %s %6u %s",
		 ui_cell(c1, sizeof(c1), dst, 18), ui_cell(c2, sizeof(c2), gw, 15),
		 ui_cell(c3, sizeof(c3), dev ? dev : "-", 15),
		 ui_cell(c4, sizeof(c4), route_proto_name(r.protocol, t1), 6),
		 ui_cell(c5, sizeof(c5), route_scope_name(r.scope, t2), 6),
		 (unsigned)r.metric, route_table_name(r.table, t3));
	ui_put(w, y, 2, getmaxx(w) - 3, line,
	       (r.flags & (ROUTE_F_LINKDOWN | ROUTE_F_DEAD)) ?
	       term_attr(TS_DIM) : 0);
}

/* Row Y cleared, then TEXT on it. */
static void bottom(WINDOW *w, int y, const char *text, attr_t attr)
{
	wmove(w, y, 1);
	wclrtoeol(w);
	ui_put(w, y, 2, getmaxx(w) - 3, text, attr);
}

/* TEXT wrapped whole into the last BOTTOM_ROWS rows, cleared first. */
#define BOTTOM_ROWS 3
static void bottom_wrap(WINDOW *w, const char *text, attr_t attr)
{
	int h = getmaxy(w);

	for (int y = h - BOTTOM_ROWS; y < h; y++)
		bottom(w, y, "", 0);
	ui_wrap(w, h - BOTTOM_ROWS, 2, getmaxx(w) - 3, BOTTOM_ROWS, text,
		attr);
}

static void proutes_draw(struct screen *s, WINDOW *w)
{
	struct proutes *p = s->priv;
	struct live *lv = s->app->live;
	const struct route_snapshot *snap;
	char err[ERR_MAX];
	int width = getmaxx(w), height = getmaxy(w), y = 0, rows;
	char buf[LIVE_MSG_MAX + 128];
	size_t shown_defs, first;

	live_shown(lv);
	s->cur_y = -1;
	ui_put(w, y++, 1, width - 2, p->vm ? "Route metrics - the VM" :
	       lv && lv->host_remote ? "Route metrics - the host" :
	       "Route metrics - this machine", term_attr(TS_TITLE));
	snap = panel_routes_shown(p, lv, err, sizeof(err));
	if (!snap) {
		ui_wrap(w, y + 1, 2, width - 4, 4, err, term_attr(
			p->vm && lv && lv->watch && !lv->vm ? TS_DIM : TS_ERROR));
		ui_wrap(w, y + 6, 2, width - 4, 3, p->vm ?
			"v: this machine's routes.  The VM's routes are read "
			"through the QEMU guest agent; r reads again." :
			"v: the VM's routes.", term_attr(TS_DIM));
		return;
	}
	if (p->built_for != snap || p->built_gen != snap->generation ||
	    p->built_vm != p->vm)
		rebuild(s, snap);
	freshness(p, lv, snap, buf, sizeof(buf));
	y += ui_wrap(w, y, 2, width - 3, 2, buf, term_attr(TS_DIM));
	if (panel_routes_host_readonly(p, lv))
		ui_put(w, y++, 2, width - 3, "This machine's routes are "
		       "read-only in the demo (not the demo host's).",
		       term_attr(TS_WARNING));

	ui_put(w, y++, 1, width - 2, "Default routes (IPv4, main table): the "
	       "lowest metric wins, * is in use", A_BOLD);
	snprintf(buf, sizeof(buf), "%-15s %-15s %7s  %-15s%s", "GATEWAY",
		 "DEV", "METRIC", "NIC", "");
	ui_put(w, y++, 4, width - 5, buf, term_attr(TS_DIM));
	if (!p->view.ndefaults)
		ui_put(w, y++, 3, width - 4, "(none)", term_attr(TS_WARNING));
	first = p->sel >= DEFAULT_ROWS ? p->sel - DEFAULT_ROWS + 1 : 0;
	shown_defs = 0;
	for (size_t i = first; i < p->view.ndefaults &&
	     shown_defs < DEFAULT_ROWS; i++, shown_defs++)
		draw_default(s, w, y++, snap, i);
	/* the most important problem in full (errors first), then how
	 * many more there are: ? lists them all */
	{
		const struct diag *top = NULL;

		for (size_t i = 0; i < p->view.problems.count && !top; i++)
			if (p->view.problems.items[i].severity == DIAG_ERROR)
				top = &p->view.problems.items[i];
		if (!top && p->view.problems.count)
			top = &p->view.problems.items[0];
		if (top)
			y += ui_wrap(w, y, 2, width - 3, 3, top->message,
				     term_attr(top->severity == DIAG_ERROR ?
					       TS_ERROR : TS_WARNING));
		if (p->view.problems.count > 1) {
			snprintf(buf, sizeof(buf), "(and %zu more: ? shows "
				 "them all)", p->view.problems.count - 1);
			ui_put(w, y++, 2, width - 3, buf, term_attr(TS_DIM));
		}
	}
	y++;
	snprintf(buf, sizeof(buf), "%-18s %-15s %-15s %-6s %-6s %6s %s",
		 "DESTINATION", "GATEWAY", "DEV", "PROTO", "SCOPE", "METRIC",
		 "TABLE");
	ui_put(w, y++, 2, width - 3, buf, A_BOLD);
	rows = height - 1 - y;
	for (size_t i = p->top; i < p->view.n && y < height - 1; i++)
		draw_route(w, y++, snap, p->view.order[i]);
	if (host_waiting(p, lv)) {
		const struct live_host_change *hc = &lv->hc;

		snprintf(buf, sizeof(buf), "Keep metric %u on the route via %s "
			 "dev %s?  Back to %u in %ld s.  y keeps it, n puts "
			 "the old metric back now.", (unsigned)hc->new_metric,
			 hc->gw, hc->dev, (unsigned)hc->old_metric, hc->left_s);
		bottom_wrap(w, buf, term_attr(TS_WARNING) | A_BOLD);
	} else if (p->asking) {
		const struct live_host_change *hc = &lv->hc;

		snprintf(buf, sizeof(buf), "Change this machine's default route "
			 "via %s dev %s: metric %u -> %u?  It goes back by "
			 "itself after %ld s unless you keep it.  y changes it, "
			 "n cancels.", hc->gw, hc->dev,
			 (unsigned)hc->old_metric, (unsigned)hc->new_metric,
			 hc->timeout_s);
		bottom_wrap(w, buf, term_attr(TS_WARNING) | A_BOLD);
	} else if (p->editing) {
		const struct route_default *d = &p->view.defaults[p->sel];

		snprintf(buf, sizeof(buf), "New metric for %s (lower wins): ",
			 d->nic >= 0 ? s->app->work.nics[d->nic].name :
			 "this route");
		bottom(w, height - 1, buf, A_BOLD);
		ui_put(w, height - 1, 2 + (int)strlen(buf), 12, p->input,
		       term_attr(TS_FIELD));
		s->cur_y = height - 1;
		s->cur_x = 2 + (int)strlen(buf) + (int)strlen(p->input);
	} else if (!p->vm && lv && lv->hc.msg_gen != p->seen_gen &&
		   lv->hc.stage != LIVE_HC_NONE) {
		/* how the last change ended (the countdown may have ended
		 * it while nobody pressed a key) */
		bottom_wrap(w, lv->hc.msg, term_attr(lv->hc.msg_error ?
			    TS_ERROR : lv->hc.stage == LIVE_HC_REVERTED ?
			    TS_WARNING : TS_OK));
	} else if (p->view.n > p->top + (size_t)rows) {
		snprintf(buf, sizeof(buf), "routes %zu-%zu of %zu, PgUp/PgDn "
			 "to scroll", p->top + 1, p->top + (size_t)rows,
			 p->view.n);
		ui_put(w, height - 1, 2, width - 3, buf, term_attr(TS_DIM));
	}
}

static enum intent proutes_key(struct screen *s, int key)
{
	struct proutes *p = s->priv;
	struct live *lv = s->app->live;
	size_t len = strlen(p->input);

	if (p->asking || host_waiting(p, lv))
		return panel_routes_host_answer_key(s, key);
	if (lv)
		p->seen_gen = lv->hc.msg_gen;	/* the outcome was seen */
	if (p->editing) {
		if (key == '\n' || key == '\r' || key == KEY_ENTER) {
			return panel_routes_apply_metric(s);
		} else if (key == 27) {
			p->editing = false;
		} else if (key == KEY_BACKSPACE || key == 127 || key == 8) {
			if (len)
				p->input[len - 1] = '\0';
		} else if (key >= '0' && key <= '9' && len < 10) {
			p->input[len] = (char)key;
			p->input[len + 1] = '\0';
		}
		return INTENT_HANDLED;
	}
	switch (key) {
	case KEY_UP:
		if (p->sel > 0)
			p->sel--;
		return INTENT_HANDLED;
	case KEY_DOWN:
		if (p->sel + 1 < p->view.ndefaults)
			p->sel++;
		return INTENT_HANDLED;
	case KEY_NPAGE:
		if (p->top + 10 < p->view.n)
			p->top += 10;
		return INTENT_HANDLED;
	case KEY_PPAGE:
		p->top = p->top > 10 ? p->top - 10 : 0;
		return INTENT_HANDLED;
	case KEY_HOME:
		p->top = 0;
		return INTENT_HANDLED;
	case 'v':
		p->vm = !p->vm;
		p->sel = p->top = 0;
		p->built_for = NULL;
		return INTENT_HANDLED;
	case '6':
		p->hide_ipv6 = !p->hide_ipv6;
		p->built_for = NULL;
		return INTENT_HANDLED;
	case 'l':
		p->show_local = !p->show_local;
		p->built_for = NULL;
		return INTENT_HANDLED;
	case 'r':
		if (lv)
			live_refresh(lv);
		return INTENT_HANDLED;
	case 'm':
	case '\n':
	case '\r':
	case KEY_ENTER:
		if (!can_set_metric(p, lv))
			return INTENT_HANDLED;
		if (panel_routes_host_readonly(p, lv)) {
			app_status(s->app, TS_WARNING, "metric not changed in "
				   "the demo: %s", lv->host_ro_why);
			return INTENT_HANDLED;
		}
		p->editing = true;
		p->input[0] = '\0';
		return INTENT_HANDLED;
	case 27:
		return INTENT_BACK;
	default:
		return INTENT_NONE;
	}
}

static bool proutes_typing(struct screen *s)
{
	struct proutes *p = s->priv;

	return p->editing || p->asking || host_waiting(p, s->app->live);
}

/* The footer names only what works now: no m where this machine's
 * routes are read-only; only y and n while a change is asked or waits. */
static void proutes_footer(struct screen *s, struct footer *f)
{
	struct proutes *p = s->priv;
	struct live *lv = s->app->live;

	f->arrows = "select";	/* the default route to change */
	if (host_waiting(p, lv)) {
		footer_own(f, "y keep  n put the old metric back now");
		f->common &= ~(unsigned)(FOOTER_SCROLL | FOOTER_DIAG);
		f->esc = "put it back now";
	} else if (p->asking) {
		footer_own(f, "y change  n cancel");
		f->common &= ~(unsigned)(FOOTER_SCROLL | FOOTER_DIAG);
		f->esc = "cancel";
	} else if (panel_routes_host_readonly(p, lv) ||
		   !can_set_metric(p, lv)) {
		footer_own(f, lv && lv->host_remote ?
			   "v host/VM  6 IPv6  l local  r read again" :
			   "v this machine/VM  6 IPv6  l local  r read "
			   "again");
	}
}

static const char *proutes_help(struct screen *s)
{
	struct proutes *p = s->priv;
	static char buf[4096];
	size_t at;

	at = (size_t)snprintf(buf, sizeof(buf),
		"Route metrics.  Each NIC with a gateway gives the machine a "
		"default route; the one with the LOWEST metric carries all "
		"traffic that has no better route (the internet).  The one in "
		"use is marked *.  Two with the same metric: the kernel may "
		"use either - give each NIC its own metric.  A NIC on an "
		"offline (OT) network must never win.\n\n"
		"Up/Down chooses a default route; m or Enter types a new "
		"metric for it.  On this machine you are asked first (the "
		"route, its old and new metric); y changes it at once, and "
		"it is kept only when you answer y again before the "
		"countdown (confirm_timeout in the settings) ends - then it "
		"is saved in the plan (and in the last applied plan), so it "
		"stays after a reboot.  Otherwise the old metric comes back "
		"by itself, and that is checked.  In the demo this machine's "
		"routes are read-only: they are not the demo host's; a "
		"remote libvirt host's routes are read and changed only on "
		"the host itself (run edgenet there).  In the "
		"VM's view the plan gets it and the review "
		"opens: its Apply changes the VM (through its guest agent "
		"and its seed), checked inside the VM and kept only when "
		"you confirm; save the plan to keep it in the file.\n\n"
		"v: this machine / the VM.  6: IPv6 routes on/off.  l: the "
		"local table on/off.  PgUp/PgDn: scroll.  r: read again.\n");
	for (size_t i = 0; i < p->view.problems.count && at < sizeof(buf); i++)
		at += (size_t)snprintf(buf + at, sizeof(buf) - at, "\n%s: %s",
			diag_severity_name(p->view.problems.items[i].severity),
			p->view.problems.items[i].message);
	return buf;
}

const struct screen_class panel_routes_screen = {
	.id = SCR_ROUTES,
	.kind = SCREEN_PANEL,
	.parent = SCR_HOME,
	.name = "panel_routes",
	.title = "route metrics",
	.step = 0,
	.keys = "m metric  v this machine/VM  6 IPv6  l local  r read again",
	.create = proutes_create,
	.destroy = proutes_destroy,
	.enter = proutes_enter,
	.draw = proutes_draw,
	.key = proutes_key,
	.help = proutes_help,
	.typing = proutes_typing,
	.footer = proutes_footer,
};
