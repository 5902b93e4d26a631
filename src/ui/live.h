/*
 * live.h - the live panels' data in the console: this machine's routes
 * and addresses (backend/nl_routes.c, kept current by netlink events) and
 * the VM's NICs, addresses and routes (backend/vm_addrs.c, its watcher
 * thread), both watched by the console's poll() loop, and the one change
 * the panels make: a NIC's route priority.
 *
 * live_run.c opens the backends (live_start, called from run.c, the
 * place that opens backends) and fills in struct live_ops; live.c holds
 * what uses no backend, so that the screen tests can give the panels a
 * struct live of fixed data and fake operations.  The panels
 * (screens/panel_routes.c, panel_vmaddr.c) read struct live through
 * live_get() and ask for changes through live_refresh and
 * live_set_nic_metric.  Nothing here draws.
 */
#ifndef EDGENET_UI_LIVE_H
#define EDGENET_UI_LIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/plan.h"
#include "core/routes.h"
#include "core/vmaddr.h"

struct loop;
struct nl_routes;
struct vm_addrs;
struct dns_live;

#define LIVE_MSG_MAX 512

struct live;

/* What the panels may ask for (live_run.c: the real ones). */
struct live_ops {
	void (*refresh)(struct live *lv);
	int (*set_nic_metric)(struct live *lv, int32_t ifindex,
			      uint32_t metric, const char *nic_name,
			      const char *plan_path, const char *state_dir,
			      char *msg, size_t msglen);
};

struct live {
	struct live_ops ops;
	/* this machine */
	struct nl_routes *nl;		/* NULL: see host_err */
	const struct route_snapshot *host;	/* NULL: see host_err */
	char host_err[LIVE_MSG_MAX];
	/* the VM: the watcher's newest snapshot (vm NULL until the first) */
	struct vm_addrs *watch;		/* NULL: see vm_err */
	char vm_err[LIVE_MSG_MAX];
	struct vm_observed *vm;
	uint64_t vm_generation;		/* bumped by each new snapshot */
	struct route_snapshot vm_routes;	/* parsed from vm->proc_route */
	bool vm_routes_ok;
	char vm_routes_err[LIVE_MSG_MAX];
	/* DNS: this machine's resolved view with its servers probed */
	struct dns_live *dns;		/* NULL: see dns_err */
	char dns_err[LIVE_MSG_MAX];
	/* the VM's DNS: read by the watcher through the guest agent once
	 * the DNS panel shows the VM ('v'), its servers probed from here */
	struct dns_live *vm_dns;	/* NULL: not asked yet, or vm_dns_err */
	char vm_dns_err[LIVE_MSG_MAX];
	char vm_domain[PLAN_NAME_MAX];
	/* the console's loop, and how to ask it for a redraw */
	struct loop *loop;
	void (*changed)(void *ctx);
	void *changed_ctx;
	int tick_timer;			/* ages on screen; 0 when none */
	int64_t shown_ms;		/* a panel drew at this time */
	bool started;
};

/* Opens both sides and watches their descriptors in L.  URI: libvirt's
 * (NULL: default); DOMAIN: the VM.  A side that cannot be opened keeps
 * its reason (host_err, vm_err): the panels show it.  CHANGED(CTX) is
 * called after the data changed.  Returns 0, or -1 when nothing at all
 * could be started (no memory). */
int live_start(struct live *lv, struct loop *l, const char *uri,
	       const char *domain, void (*changed)(void *ctx), void *ctx);
void live_stop(struct live *lv);

/* The live data of the running console (set by live_start, or by tests
 * with live_set), NULL when there is none. */
struct live *live_get(void);
void live_set(struct live *lv);

/* Asks the console for a redraw (the data changed). */
void live_changed(struct live *lv);

/* This machine's snapshot, NULL when netlink could not be opened. */
const struct route_snapshot *live_host(const struct live *lv);

/* A panel is on screen: keeps a one-second tick while panels draw, so
 * that the ages they show stay true.  CLOCK_MONOTONIC ms. */
void live_shown(struct live *lv);
int64_t live_now_ms(void);

/* Reads again now: the VM (through the watcher) and this machine. */
void live_refresh(struct live *lv);

/* After each key: a panel may have asked for a refresh (DNS 'r'). */
void live_after_key(struct live *lv);

/* The DNS panel's data (core/dnsview.h), NULL when DNS is unavailable
 * or not started yet.  live_dns_start starts it (reads resolved, probes
 * the servers) the first time the DNS panel is opened, and returns it. */
struct dnsview_panel *live_dns_panel(struct live *lv);
struct dnsview_panel *live_dns_start(struct live *lv);
/* The VM's DNS panel data, started (the watcher reads the guest's DNS
 * files from then on) the first time the DNS panel shows the VM; also
 * reachable from this machine's panel data (its vm_start).  NULL when
 * it cannot be had. */
struct dnsview_panel *live_dns_vm_start(struct live *lv);

/* The MAC kept in the state directory ST (NULL: none) for each NIC of P
 * without a MAC of its own, for matching NICs to links. */
struct state;
void live_nic_macs(const struct plan *p, const struct state *st,
		   char macs[PLAN_MAX_NICS][18], const char *ptrs[PLAN_MAX_NICS]);

/* A NIC's priority on this machine: every IPv4 default
 * route of the main table through IFINDEX gets METRIC at once (netlink:
 * add the new route, delete the old).  Then, when NIC_NAME is a plan
 * NIC, METRIC is written as its metric into the plan file PLAN_PATH and
 * into the last applied plan of STATE_DIR (if that has the NIC), so it
 * survives a reboot and the next apply.  MSG gets one sentence for the
 * status line.  Returns 0, or -1 (MSG says what failed and what was
 * left unchanged). */
int live_set_nic_metric(struct live *lv, int32_t ifindex,
			uint32_t metric, const char *nic_name,
			const char *plan_path, const char *state_dir,
			char *msg, size_t msglen);

#endif
