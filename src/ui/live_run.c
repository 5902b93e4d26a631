/*
 * live_run.c - the live panels' backends in the console (see live.h):
 * live_start opens the netlink snapshot with events and the VM watcher
 * and puts their descriptors in the console's loop; each new VM snapshot
 * gets its guest routes parsed; the operations the panels ask for are
 * installed here: reading again, and a route's new metric on this
 * machine (live_host.c: confirmed, or undone by itself; never on a
 * simulated host, whose routes are not this machine's).  The DNS panel's sources start when it is first opened: this
 * machine's (dns_live), and the VM's when the panel first shows it (the
 * watcher then also reads the guest's DNS files; a remote dns_live
 * probes its servers from here).
 *
 * Touches: netlink (reads; the metric change is live_host.c's), libvirt
 * (reads).  No drawing.
 */
#include "config.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/dns_live.h"
#include "backend/nl_routes.h"
#include "backend/virt.h"
#include "backend/vm_addrs.h"
#include "backend/vm_addrs_watch.h"
#include "core/err.h"
#include "core/host.h"
#include "core/proc_route.h"
#include "tui/loop.h"
#include "ui/live.h"
#include "ui/live_host.h"

#define LIVE_VM_REFRESH_S 30	/* the VM's timer; events come first */

/* ------------------------------------------------------------------ */
/* descriptors                                                         */

static void on_netlink(struct loop *l, int fd, short revents, void *ctx)
{
	struct live *lv = ctx;
	int rc;

	(void)fd;
	(void)revents;
	rc = nl_routes_process(lv->nl, lv->host_err, sizeof(lv->host_err));
	if (rc < 0) {
		/* the socket is unusable: open it again (the panel says so
		 * meanwhile) */
		loop_remove_fd(l, nl_routes_fd(lv->nl));
		nl_routes_close(lv->nl);
		lv->nl = nl_routes_open(NL_ROUTES_EVENTS, lv->host_err,
					sizeof(lv->host_err));
		lv->host = lv->nl ? nl_routes_snapshot(lv->nl) : NULL;
		if (lv->nl) {
			lv->host_err[0] = '\0';
			loop_add_fd(l, nl_routes_fd(lv->nl), POLLIN,
				    on_netlink, lv);
		}
		rc = 1;
	}
	if (rc > 0)
		live_changed(lv);
}

static void take_vm(struct live *lv)
{
	struct vm_observed *o = lv->vm;

	if (!o) {
		o = calloc(1, sizeof(*o));
		if (!o)
			return;
	}
	if (!vm_addrs_take(lv->watch, o)) {
		if (!lv->vm)
			free(o);
		return;
	}
	lv->vm = o;
	lv->vm_generation++;
	lv->vm_routes_ok = false;
	lv->vm_routes_err[0] = '\0';
	if (o->routes_ok) {
		lv->vm_routes_ok = route_parse_proc_net_route(
			o->proc_route, &lv->vm_routes, lv->vm_routes_err,
			sizeof(lv->vm_routes_err)) >= 0;
		snprintf(lv->vm_routes.source, sizeof(lv->vm_routes.source),
			 "guest agent: /proc/net/route");
		route_snapshot_touch(&lv->vm_routes, o->taken_ms);
	} else if (!o->connected) {
		/* libvirt away: say so, not "the VM is unknown" */
		errf(lv->vm_routes_err, sizeof(lv->vm_routes_err),
		     "libvirt %.150s: %.300s; retry in %u s", o->uri,
		     o->conn_err[0] ? o->conn_err :
		     "not connected to libvirt", o->retry_s);
	} else if (o->routes_tried) {
		errf(lv->vm_routes_err, sizeof(lv->vm_routes_err), "%s",
		     o->routes_err);
	} else if (o->state == VM_STATE_RUNNING) {
		errf(lv->vm_routes_err, sizeof(lv->vm_routes_err),
		     "waiting for the guest agent");
	} else {
		errf(lv->vm_routes_err, sizeof(lv->vm_routes_err),
		     "the VM is %s", vm_state_name(o->state));
	}
	live_changed(lv);
}

/* The watcher's newest read of the guest's DNS state, into the VM's DNS
 * panel. */
static void take_vm_dns(struct live *lv)
{
	struct vm_dns d;
	char status[LIVE_MSG_MAX];

	if (!lv->vm_dns || !lv->watch)
		return;
	vm_dns_init(&d);
	if (vm_addrs_take_dns(lv->watch, &d)) {
		if (d.ok)
			snprintf(status, sizeof(status), "read through the "
				 "guest agent (%u files)", d.files);
		else
			snprintf(status, sizeof(status), "%s", d.err);
		(void)dns_live_set_read_problems(lv->vm_dns, d.ok ?
						 &d.problems : NULL);
		if (dns_live_set_view(lv->vm_dns, d.ok ? &d.view : NULL,
				      status, d.taken_unix,
				      LIVE_VM_REFRESH_S) > 0)
			live_changed(lv);
	}
	vm_dns_free(&d);
}

static void on_vm(struct loop *l, int fd, short revents, void *ctx)
{
	(void)l;
	(void)fd;
	(void)revents;
	take_vm(ctx);
	take_vm_dns(ctx);
}

static void on_dns(struct loop *l, int fd, short revents, void *ctx)
{
	struct live *lv = ctx;

	(void)l;
	(void)fd;
	(void)revents;
	if (dns_live_process(lv->dns) > 0)
		live_changed(lv);
}

static void on_vm_dns(struct loop *l, int fd, short revents, void *ctx)
{
	struct live *lv = ctx;

	(void)l;
	(void)fd;
	(void)revents;
	if (dns_live_process(lv->vm_dns) > 0)
		live_changed(lv);
}

static struct dnsview_live *vm_start_cb(void *ctx)
{
	return live_dns_vm_start(ctx);
}

/* DNS starts when the DNS panel is first opened, not before: reading
 * resolved is cheap, but probing sends a query to every listed server,
 * which nobody asked for until then. */
/* LV->dns (just made, or NULL) watched in the loop and shown as the
 * panel's host side; NULL again when it cannot be watched. */
static void dns_host_watch(struct live *lv)
{
	if (lv->dns && loop_add_fd(lv->loop, dns_live_fd(lv->dns), POLLIN,
				   on_dns, lv) < 0) {
		errf(lv->dns_err, sizeof(lv->dns_err), "the console cannot "
		     "watch one more descriptor");
		dns_live_free(lv->dns);
		lv->dns = NULL;
	}
	if (lv->dns) {
		lv->dns_panel.host = dns_live_data(lv->dns);
		lv->dns_panel.vm_start = vm_start_cb;
		lv->dns_panel.vm_ctx = lv;
	}
}

struct dnsview_panel *live_dns_start(struct live *lv)
{
	if (!lv || !lv->started)
		return NULL;
	if (!lv->dns && lv->host_remote) {
		/* not this machine's resolved: a side that only says so */
		struct dns_live_opts o = { 0 };

		o.machine = "the host";
		lv->dns = dns_live_new_remote(&o, lv->dns_err,
					      sizeof(lv->dns_err));
		if (lv->dns)
			(void)dns_live_set_view(lv->dns, NULL, LIVE_ONLY_ON_HOST
						": the libvirt host is reached "
						"over a libvirt transport, and "
						"this machine's DNS is not that "
						"host's", 0, 0);
		dns_host_watch(lv);
		lv->dns_panel.host_only_there = lv->dns != NULL;
	}
	if (!lv->dns) {
		lv->dns = dns_live_new(NULL, lv->dns_err, sizeof(lv->dns_err));
		dns_host_watch(lv);
	}
	return live_dns_panel(lv);
}

/* The same for the VM, when the panel first shows it: the watcher reads
 * the guest's files from then on, the servers are probed from here. */
struct dnsview_live *live_dns_vm_start(struct live *lv)
{
	struct dns_live_opts o = { 0 };
	char machine[PLAN_NAME_MAX + 8];

	if (!lv || !lv->started)
		return NULL;
	if (lv->vm_dns)
		return dns_live_data(lv->vm_dns);
	snprintf(machine, sizeof(machine), "VM %s", lv->vm_domain);
	o.machine = machine;
	lv->vm_dns = dns_live_new_remote(&o, lv->vm_dns_err,
					 sizeof(lv->vm_dns_err));
	if (!lv->vm_dns)
		return NULL;
	if (loop_add_fd(lv->loop, dns_live_fd(lv->vm_dns), POLLIN, on_vm_dns,
			lv) < 0) {
		errf(lv->vm_dns_err, sizeof(lv->vm_dns_err), "the console "
		     "cannot watch one more descriptor");
		dns_live_free(lv->vm_dns);
		lv->vm_dns = NULL;
		return NULL;
	}
	if (lv->watch)
		vm_addrs_want_dns(lv->watch);
	else
		dns_live_set_view(lv->vm_dns, NULL, lv->vm_err[0] ? lv->vm_err :
				  "the VM is not watched", 0,
				  LIVE_VM_REFRESH_S);
	return dns_live_data(lv->vm_dns);
}

struct dnsview_panel *live_dns_panel(struct live *lv)
{
	return lv && lv->dns ? &lv->dns_panel : NULL;
}

void live_after_key(struct live *lv)
{
	struct dnsview_live *p = lv && lv->dns ? dns_live_data(lv->dns) : NULL;

	if (p && p->refresh_requested && dns_live_process(lv->dns) > 0)
		live_changed(lv);
	p = lv && lv->vm_dns ? dns_live_data(lv->vm_dns) : NULL;
	if (p && p->refresh_requested) {
		if (lv->watch)
			vm_addrs_refresh(lv->watch);	/* then read again */
		if (dns_live_process(lv->vm_dns) > 0)
			live_changed(lv);
	}
}

static void op_refresh(struct live *lv)
{
	struct dnsview_live *dp = lv->dns ? dns_live_data(lv->dns) : NULL;

	if (lv->watch)
		vm_addrs_refresh(lv->watch);
	if (lv->nl && nl_routes_refresh(lv->nl, lv->host_err,
					sizeof(lv->host_err)) == 0)
		lv->host_err[0] = '\0';
	if (dp) {
		dp->refresh_requested = true;
		dns_live_process(lv->dns);
	}
	if (lv->vm_dns) {
		dns_live_data(lv->vm_dns)->refresh_requested = true;
		dns_live_process(lv->vm_dns);
	}
	live_changed(lv);
}

/* ------------------------------------------------------------------ */
/* start, stop                                                         */

int live_start(struct live *lv, struct loop *l, const char *uri,
	       struct virt_conn *vc, const char *domain,
	       void (*fn)(void *ctx), void *ctx)
{
	struct vm_addrs_opts o = {
		.uri = uri, .domain = domain,
		.refresh_s = LIVE_VM_REFRESH_S, .routes = true,
	};

	memset(lv, 0, sizeof(*lv));
	if (live_uri_is_simulated(uri) && vc)
		o.share = virt_handle(vc);
	route_snapshot_init(&lv->vm_routes);
	lv->ops.refresh = op_refresh;
	live_host_install(lv);
	lv->loop = l;
	if (live_uri_is_simulated(uri)) {
		lv->host_readonly = true;
		errf(lv->host_ro_why, sizeof(lv->host_ro_why), "this "
		     "machine's routes are not the demo host's");
	} else if (!host_uri_is_local(uri)) {
		lv->host_remote = true;
		lv->host_readonly = true;
		errf(lv->host_err, sizeof(lv->host_err), "%s: the libvirt "
		     "host is reached over %s, and this machine's routes and "
		     "addresses are not that host's; run edgenet on the host "
		     "to see or change them", LIVE_ONLY_ON_HOST, uri);
		errf(lv->host_ro_why, sizeof(lv->host_ro_why), "%s",
		     lv->host_err);
	}
	lv->changed = fn;
	lv->changed_ctx = ctx;
	snprintf(lv->vm_domain, sizeof(lv->vm_domain), "%s",
		 domain ? domain : "");
	if (!lv->host_remote)
		lv->nl = nl_routes_open(NL_ROUTES_EVENTS, lv->host_err,
					sizeof(lv->host_err));
	if (lv->nl && loop_add_fd(l, nl_routes_fd(lv->nl), POLLIN, on_netlink,
				  lv) < 0) {
		errf(lv->host_err, sizeof(lv->host_err), "the console "
		     "cannot watch one more descriptor");
		nl_routes_close(lv->nl);
		lv->nl = NULL;
	}
	lv->host = lv->nl ? nl_routes_snapshot(lv->nl) : NULL;
	lv->watch = vm_addrs_start(&o, lv->vm_err, sizeof(lv->vm_err));
	if (lv->watch && loop_add_fd(l, vm_addrs_fd(lv->watch), POLLIN, on_vm,
				     lv) < 0) {
		errf(lv->vm_err, sizeof(lv->vm_err), "the console cannot "
		     "watch one more descriptor");
		vm_addrs_stop(lv->watch);
		lv->watch = NULL;
	}
	lv->started = true;
	return 0;
}

const char *live_stop(struct live *lv)
{
	static char outcome[LIVE_MSG_MAX];
	const char *back;

	if (!lv->started)
		return NULL;
	back = live_host_close(lv);
	if (back)
		snprintf(outcome, sizeof(outcome), "%s", back);
	if (lv->tick_timer)
		loop_cancel_timer(lv->loop, lv->tick_timer);
	if (lv->nl) {
		loop_remove_fd(lv->loop, nl_routes_fd(lv->nl));
		nl_routes_close(lv->nl);
	}
	if (lv->watch) {
		loop_remove_fd(lv->loop, vm_addrs_fd(lv->watch));
		vm_addrs_stop(lv->watch);
	}
	if (lv->dns) {
		loop_remove_fd(lv->loop, dns_live_fd(lv->dns));
		dns_live_free(lv->dns);
	}
	if (lv->vm_dns) {
		loop_remove_fd(lv->loop, dns_live_fd(lv->vm_dns));
		dns_live_free(lv->vm_dns);
	}
	route_snapshot_free(&lv->vm_routes);
	free(lv->vm);
	memset(lv, 0, sizeof(*lv));
	return back ? outcome : NULL;
}
