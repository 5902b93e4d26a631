/*
 * panel_routes.h - what the files of the route-metrics panel share and
 * nobody else: its state (struct proutes) and the functions one calls in
 * the other.  panel_routes.c: the panel (its view, drawing, keys);
 * panel_routes_metric.c: a default route's metric changed from it.
 * Screens layer.
 */
#ifndef EDGENET_SCREENS_PANEL_ROUTES_H
#define EDGENET_SCREENS_PANEL_ROUTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/route_view.h"
#include "core/routes.h"
#include "ui/app.h"
#include "ui/live.h"

#define DEFAULT_ROWS 5		/* default routes shown at once */

struct proutes {
	bool vm;			/* the VM's routes, else this machine's */
	bool hide_ipv6, show_local;
	size_t sel;			/* selected default route */
	size_t top;			/* first route of the table shown */
	bool editing;
	char input[12];			/* the metric being typed */
	bool asking;			/* this machine: "change it?" */
	uint64_t seen_gen;		/* lv->hc.msg_gen already seen */
	struct route_view view;
	uint64_t built_gen;		/* snapshot generation of VIEW */
	const struct route_snapshot *built_for;
	bool built_vm;
	char macs[PLAN_MAX_NICS][18];
	struct route_view_opts vo;
};

/* The snapshot on show, or NULL with why not in ERR (panel_routes.c). */
const struct route_snapshot *panel_routes_shown(const struct proutes *p,
						const struct live *lv,
						char *err, size_t errlen);
/* This machine's routes cannot be changed from here (the demo). */
bool panel_routes_host_readonly(const struct proutes *p,
				const struct live *lv);
/* A route's gateway and device as the panel shows them. */
void panel_routes_gw_dev(const struct route_snapshot *snap,
			 const struct route_info *r,
			 char gw[ROUTE_ADDR_STRLEN], const char **dev);

/* Applies the metric typed for the selected default route
 * (panel_routes_metric.c). */
enum intent panel_routes_apply_metric(struct screen *s);
/* This machine's change: y/n to the question, then to the countdown
 * (panel_routes_metric.c). */
enum intent panel_routes_host_answer_key(struct screen *s, int key);

#endif
