/*
 * route_view.h - the route view the routes panel and `edgenet status`
 * show, built from a routes.h snapshot.
 *
 * route_view_build orders the routes for display, lists the IPv4 default
 * routes of the main table by metric with the one in use marked, ties
 * them to the plan's NICs (by MAC; by name too in the guest's view) and
 * flags equal metrics, an offline-network NIC winning or carrying a
 * default route, and metrics that differ from the plan, as diagnostics a
 * technician can act on.  Pure C: memory only.
 */
#ifndef EDGENET_ROUTE_VIEW_H
#define EDGENET_ROUTE_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "plan.h"
#include "routes.h"

/* Flags of a default route in the view. */
enum route_default_flag {
	ROUTE_DEF_IN_USE = 1 << 0,	/* the kernel sends to it */
	ROUTE_DEF_TIE = 1 << 1,		/* another default has its metric */
	ROUTE_DEF_OFFLINE = 1 << 2,	/* through a NIC marked offline */
	ROUTE_DEF_METRIC_DIFFERS = 1 << 3, /* the plan gives another metric */
	ROUTE_DEF_DOWN = 1 << 4,	/* linkdown or dead: not usable */
};

#define ROUTE_VIEW_MAX_DEFAULTS 64

struct route_default {
	uint32_t route;			/* index in the snapshot */
	int nic;			/* plan NIC through which, -1 none */
	unsigned flags;			/* enum route_default_flag */
};

struct route_view_opts {
	const struct plan *plan;	/* NULL: no plan */
	/* MAC of each plan NIC (the plan's, or the generated one kept in
	 * the state directory); NULL or "" when unknown */
	const char *nic_mac[PLAN_MAX_NICS];
	/* also match links to plan NICs by name (the guest's view, where
	 * the plan's names are the interfaces' names); else by MAC only */
	bool by_name;
	bool hide_ipv6;
	bool hide_local;		/* leave out the local table */
};

struct route_view {
	uint32_t *order;		/* routes to show, in display order */
	size_t n;
	/* IPv4 default routes of the main table, lowest metric first */
	struct route_default defaults[ROUTE_VIEW_MAX_DEFAULTS];
	size_t ndefaults;
	long in_use;			/* index in defaults[] or -1 */
	/* plan NIC of each link the view met, by device: see route_view_nic */
	struct diag_list problems;
	uint64_t generation;		/* of the snapshot it was built from */
};

void route_view_init(struct route_view *v);
void route_view_free(struct route_view *v);
/* (Re)builds V from S.  Returns 0 or -1 (memory: V is then empty). */
int route_view_build(struct route_view *v, const struct route_snapshot *s,
		     const struct route_view_opts *o);
/* The plan NIC behind link IFINDEX of S (matched by MAC, else by name
 * when O->by_name), or -1. */
int route_view_nic(const struct route_snapshot *s,
		   const struct route_view_opts *o, int32_t ifindex);
/* Ifindex of plan NIC I in S (by MAC, else by name when O->by_name),
 * or 0. */
int32_t route_view_nic_ifindex(const struct route_snapshot *s,
			       const struct route_view_opts *o, size_t i);

#endif
