/*
 * live.h - the live panels' data in the console: this machine's routes
 * and addresses (backend/nl_routes.c, kept current by netlink events) and
 * the VM's NICs, addresses and routes (backend/vm_addrs.c, read again by
 * the thread of backend/vm_addrs_watch.c), both watched by the console's
 * poll() loop, and the one change the panels make: a NIC's route
 * priority.
 *
 * live_run.c opens the backends (live_start, called from run.c, the
 * place that opens backends) and fills in struct live_ops; live.c holds
 * what uses no backend, so that the screen tests can give the panels a
 * struct live of fixed data and fake operations.  The panels
 * (screens/panel_routes.c, panel_vmaddr.c) read struct live through
 * struct app (its live) and ask for changes through live_refresh and
 * live_host_metric_begin / live_host_metric_answer.  Nothing here draws.
 *
 * This machine's routes are read-only when the console is on a
 * simulated host (libvirt's test driver: the demo): they are not the
 * demo host's, and the demo changes nothing here (host_readonly, with
 * the reason in host_ro_why).  On a real host a route's new metric is
 * kept only when confirmed within a countdown (struct live_host_change;
 * live_host.c), like an apply: otherwise it goes back by itself, and
 * the way back is checked.
 */
#ifndef EDGENET_UI_LIVE_H
#define EDGENET_UI_LIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/plan.h"
#include "core/routes.h"
#include "core/vmaddr.h"
#include "ui/dns_panel.h"

struct loop;
struct nl_routes;
struct vm_addrs;
struct dns_live;

/* A status sentence for the routes panel (the metric change's outcome,
 * its countdown): a line the panel shows, not an error to a caller, so
 * it keeps its own size.  The *_err fields below are state ("why there
 * is no data", shown by the panels) and are ERR_MAX, as errors are. */
#define LIVE_MSG_MAX 2048

struct live;

/* Where a change of one of this machine's routes stands. */
enum live_hc_stage {
	LIVE_HC_NONE = 0,	/* nothing asked yet */
	LIVE_HC_WAITING,	/* changed; goes back unless kept in time */
	LIVE_HC_KEPT,		/* confirmed: kept (and saved in the plan) */
	LIVE_HC_REVERTED,	/* back to the old metric, checked */
	LIVE_HC_FAILED,		/* could not change, or not go back: MSG */
};

/* One route of this machine getting a new metric: what the
 * confirmation names, the countdown, and how it ended. */
struct live_host_change {
	enum live_hc_stage stage;
	struct route_info route;	/* the route with its OLD metric */
	struct route_nh nh[8];		/* route.nh points here */
	char dev[ROUTE_IFNAME_MAX];	/* its device, "-" when none */
	char gw[ROUTE_ADDR_STRLEN];	/* its gateway, "-" when none */
	uint32_t old_metric, new_metric;
	char nic[PLAN_NAME_MAX];	/* the plan's NIC on it, "" none */
	char plan_path[4096];		/* where a kept metric is saved */
	char state_dir[4096];
	long timeout_s;			/* the countdown's length */
	long left_s;			/* seconds left while WAITING */
	int64_t deadline_ms;
	int timer;			/* 0 when none */
	char msg[LIVE_MSG_MAX];		/* the outcome, for the panel */
	bool msg_error;
	uint64_t msg_gen;		/* bumped with each new MSG */
};

/* What the panels may ask for (live_run.c and live_host.c: the real
 * ones). */
struct live_ops {
	void (*refresh)(struct live *lv);
	/* Gives lv->hc's route (filled by live_host_change_init) its new
	 * metric now and starts the countdown.  0, or -1; MSG gets the
	 * status line's sentence either way (so it keeps its name: it is
	 * not only an error). */
	int (*host_metric_begin)(struct live *lv, char *msg, size_t msglen);
	/* The technician's answer while WAITING: KEEP, or go back now. */
	int (*host_metric_answer)(struct live *lv, bool keep, char *msg,
				  size_t msglen);
};

struct live {
	struct live_ops ops;
	/* this machine */
	struct nl_routes *nl;		/* NULL: see host_err */
	const struct route_snapshot *host;	/* NULL: see host_err */
	char host_err[ERR_MAX];
	bool host_readonly;		/* the demo: never changed from here */
	char host_ro_why[ERR_MAX];
	/* The libvirt host is reached over a transport (qemu+tcp://HOST/,
	 * qemu+ssh://...): this machine's netlink and resolved are not that
	 * host's, so neither is opened; host_err and the DNS panel's host
	 * side say LIVE_ONLY_ON_HOST instead. */
	bool host_remote;
	struct live_host_change hc;	/* a route's metric being changed */
	/* the VM: the watcher's newest snapshot (vm NULL until the first) */
	struct vm_addrs *watch;		/* NULL: see vm_err */
	char vm_err[ERR_MAX];
	struct vm_observed *vm;
	uint64_t vm_generation;		/* bumped by each new snapshot */
	struct route_snapshot vm_routes;	/* parsed from vm->proc_route */
	bool vm_routes_ok;
	char vm_routes_err[ERR_MAX];
	/* DNS: this machine's resolved view with its servers probed */
	struct dns_live *dns;		/* NULL: see dns_err */
	char dns_err[ERR_MAX];
	struct dnsview_panel dns_panel;	/* what the DNS panel is handed */
	/* the VM's DNS: read by the watcher through the guest agent once
	 * the DNS panel shows the VM ('v'), its servers probed from here */
	struct dns_live *vm_dns;	/* NULL: not asked yet, or vm_dns_err */
	char vm_dns_err[ERR_MAX];
	char vm_domain[PLAN_NAME_MAX];
	/* the console's loop, and how to ask it for a redraw */
	struct loop *loop;
	void (*changed)(void *ctx);
	void *changed_ctx;
	int tick_timer;			/* ages on screen; 0 when none */
	int64_t shown_ms;		/* a panel drew at this time */
	bool started;
};

/* Is URI a simulated host (libvirt's test driver, as the demo)?  Then
 * nothing on this machine may change for it.  NULL: no. */
bool live_uri_is_simulated(const char *uri);

/* The label of what cannot come over a libvirt connection. */
#define LIVE_ONLY_ON_HOST "only on the host itself"

/* Opens both sides and watches their descriptors in L.  URI: libvirt's
 * (NULL: default); DOMAIN: the VM.  A simulated URI makes this
 * machine's routes read-only (host_readonly).  A side that cannot be opened keeps
 * its reason (host_err, vm_err): the panels show it.  CHANGED(CTX) is
 * called after the data changed.  VC: the console's own connection, or
 * NULL; on a simulated host (whose state lives in one connection) the VM
 * watcher shares it, so that the panels see what the console applies
 * and restarts.  Returns 0, or -1 when nothing at all could be started
 * (no memory). */
struct virt_conn;
int live_start(struct live *lv, struct loop *l, const char *uri,
	       struct virt_conn *vc, const char *domain,
	       void (*changed)(void *ctx), void *ctx);
/* Closes everything; a route change still waiting for its answer goes
 * back first (checked).  Returns what happened to it, for stderr once
 * the terminal is restored, or NULL when nothing was waiting. */
const char *live_stop(struct live *lv);

/* Asks the console for a redraw (the data changed). */
void live_changed(struct live *lv);

/* This machine's snapshot, NULL when netlink could not be opened. */
const struct route_snapshot *live_host(const struct live *lv);

/* A panel is on screen: keeps a one-second tick while panels draw, so
 * that the ages they show (against clock_now_ms, core/clock.h) stay
 * true. */
void live_shown(struct live *lv);

/* Reads again now: the VM (through the watcher) and this machine. */
void live_refresh(struct live *lv);

/* After each key: a panel may have asked for a refresh (DNS 'r'). */
void live_after_key(struct live *lv);

/* What the DNS panel is handed (ui/dns_panel.h: this machine's data and
 * how to start the VM's), NULL when DNS is unavailable or not started
 * yet.  live_dns_start starts it (reads resolved, probes
 * the servers) the first time the DNS panel is opened, and returns it. */
struct dnsview_panel *live_dns_panel(struct live *lv);
struct dnsview_panel *live_dns_start(struct live *lv);
/* The VM's DNS data (core/dnsview.h), started (the watcher reads the
 * guest's DNS files from then on) the first time the DNS panel shows the
 * VM; also reachable from the panel's struct (its vm_start).  NULL when
 * it cannot be had. */
struct dnsview_live *live_dns_vm_start(struct live *lv);

/* The MAC kept in the state directory ST (NULL: none) for each NIC of P
 * without a MAC of its own, for matching NICs to links. */
struct state;
void live_nic_macs(const struct plan *p, const struct state *st,
		   char macs[PLAN_MAX_NICS][18], const char *ptrs[PLAN_MAX_NICS]);

/* Fills lv->hc for the default route R of this machine (as the panel
 * shows it: DEV and GW its device and gateway) getting METRIC, with the
 * plan NIC NIC_NAME on it ("" or NULL: none) and where a kept metric is
 * saved: the plan file PLAN_PATH and STATE_DIR's last applied plan
 * (NULL or "": the default, core/state.h state_dir_path).  TIMEOUT_S is the
 * countdown.  Changes nothing yet. */
void live_host_change_init(struct live *lv, const struct route_info *r,
			   const char *dev, const char *gw, uint32_t metric,
			   const char *nic_name, const char *plan_path,
			   const char *state_dir, long timeout_s);

/* The confirmed change: lv->hc's route gets its new metric at once
 * (netlink: add the new route, delete the old) and the countdown starts;
 * live_host_metric_answer(keep) keeps it and writes it into the plan
 * file and the last applied plan (when NIC is a plan NIC), so it
 * survives a reboot; answer(!keep) or the end of the countdown puts the
 * old metric back and checks it.  Refused (-1, MSG says why) when this
 * machine is read-only (the demo) or netlink is not open.  MSG gets one
 * sentence for the status line. */
int live_host_metric_begin(struct live *lv, char *msg, size_t msglen);
int live_host_metric_answer(struct live *lv, bool keep, char *msg,
			    size_t msglen);

#endif
