/*
 * diag_ui.c - the diagnostics' state in the console (see diag_ui.h):
 * which plan and NIC the diagnostics screen is about, the on-demand and
 * preflight lists of probes, their descriptors and ticks in the poll()
 * loop, and the preflight's word on Apply.  No drawing, no backend: the
 * runner comes in through struct diag_ui_backend.  Touches the loop and
 * reads the last applied plan from the state directory.
 */
#include "config.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/clock.h"
#include "core/describe.h"
#include "core/diag.h"
#include "core/err.h"
#include "core/host.h"
#include "core/journal.h"
#include "core/planfile.h"
#include "core/probe_verdict.h"
#include "tui/loop.h"
#include "tui/widget.h"
#include "ui/app.h"
#include "ui/diag_ui.h"

static void list_changed(struct diag_ui_list *l)
{
	l->gen++;
	if (l->owner && l->owner->changed)
		l->owner->changed(l->owner->changed_ctx);
}

/* Lets go of the runner: descriptor, timer, the run itself. */
static void list_release(struct diag_ui_list *l)
{
	struct diag_ui *d = l->owner;

	if (d && d->loop && l->fd >= 0 && l->run)
		loop_remove_fd(d->loop, l->fd);
	if (d && d->loop && l->timer > 0)
		loop_cancel_timer(d->loop, l->timer);
	l->timer = 0;
	l->fd = -1;
	if (l->run && d && d->be.free)
		d->be.free(l->run);
	l->run = NULL;
	l->running = false;
}

/* Every probe still without a verdict fails with WHY. */
static void list_fail_rest(struct diag_ui_list *l, const char *why)
{
	for (size_t i = 0; i < l->n; i++) {
		struct probe_result *r = &l->r[i];

		if (r->status == PROBE_IDLE || r->status == PROBE_RUNNING) {
			r->status = PROBE_FAILED;
			ui_copy(r->why, sizeof(r->why), why);
		}
	}
}

static void list_copy_results(struct diag_ui_list *l)
{
	const struct probe_result *r;

	if (!l->run || !l->owner->be.results)
		return;
	r = l->owner->be.results(l->run);
	if (r)
		memcpy(l->r, r, l->n * sizeof(l->r[0]));
}

/* Does what is ready; ends the list when it is done, broken or too
 * long. */
static void list_pump(struct diag_ui_list *l)
{
	struct diag_ui *d = l->owner;
	int rc;

	if (!l->run)
		return;
	rc = d->be.process ? d->be.process(l->run) : -1;
	list_copy_results(l);
	l->now_ms = clock_now_ms();
	if (rc < 0) {
		errf(l->err, sizeof(l->err), "The probes stopped: their "
		     "descriptor failed; press r to run them again.");
		list_fail_rest(l, l->err);
		list_release(l);
	} else if (d->be.done && d->be.done(l->run)) {
		list_release(l);
	} else if (l->now_ms - l->started_ms > DIAG_UI_LIMIT_MS) {
		errf(l->err, sizeof(l->err), "No verdict after %d s: the "
		     "probes were stopped.", DIAG_UI_LIMIT_MS / 1000);
		list_fail_rest(l, l->err);
		list_release(l);
	}
	list_changed(l);
}

static void list_on_fd(struct loop *lp, int fd, short revents, void *ctx)
{
	(void)lp;
	(void)fd;
	(void)revents;
	list_pump(ctx);
}

static void list_on_tick(struct loop *lp, void *ctx)
{
	struct diag_ui_list *l = ctx;

	l->timer = 0;
	list_pump(l);
	if (l->running && l->run)
		l->timer = loop_add_timer(lp, DIAG_UI_TICK_MS, list_on_tick, l);
}

void diag_ui_list_fill(struct diag_ui_list *l, const struct plan *p,
		       const struct probe_target *t,
		       const struct probe_result *r, size_t n)
{
	if (n > PROBE_PLAN_MAX)
		n = PROBE_PLAN_MAX;
	l->plan = *p;
	l->n = n;
	if (n) {
		memcpy(l->t, t, n * sizeof(t[0]));
		memcpy(l->r, r, n * sizeof(r[0]));
	}
	l->started = true;
	l->running = false;
	l->err[0] = '\0';
	l->gen++;
}

/* Starts T[0..N) of plan P in L (stopping what it ran). */
static void list_start(struct diag_ui *d, struct diag_ui_list *l,
		       const struct plan *p, const struct probe_target *t,
		       size_t n, const struct host_facts *hf,
		       const struct app *a)
{
	bool all_skip = true;

	list_release(l);
	l->owner = d;
	l->plan = *p;
	l->n = n;
	memcpy(l->t, t, n * sizeof(t[0]));
	/* an address held by its own NIC's MAC is the VM itself */
	probe_plan_own_macs(p, a->state_ok ? &a->st : NULL, l->t, n);
	for (size_t i = 0; i < n; i++) {
		probe_result_init(&l->r[i], t[i].kind);
		ui_copy(l->r[i].ifname, sizeof(l->r[i].ifname), t[i].ifname);
		if (!t[i].skip)
			all_skip = false;
	}
	l->started = true;
	l->err[0] = '\0';
	l->started_ms = l->now_ms = clock_now_ms();
	if (n == 0)
		goto out;
	if (all_skip || !d->have_be) {
		/* nothing to send: no runner is asked */
		for (size_t i = 0; i < n; i++) {
			struct probe_result *r = &l->r[i];

			r->status = t[i].skip ? PROBE_SKIPPED : PROBE_FAILED;
			ui_copy(r->why, sizeof(r->why), t[i].skip ?
				t[i].why_not : "this console has no prober "
				"built in");
		}
		goto out;
	}
	l->run = d->be.start(d->be.ctx, t, n, hf, l->err, sizeof(l->err));
	if (!l->run) {
		/* errf may read its own buffer among the arguments */
		errf(l->err, sizeof(l->err), "The probes cannot start: %.400s",
		     l->err[0] ? l->err : "unknown error");
		list_fail_rest(l, l->err);
		goto out;
	}
	list_copy_results(l);
	if (d->be.done && d->be.done(l->run)) {
		list_release(l);
		goto out;
	}
	l->running = true;
	l->fd = d->be.fd ? d->be.fd(l->run) : -1;
	if (d->loop) {
		if (l->fd >= 0 &&
		    loop_add_fd(d->loop, l->fd, POLLIN, list_on_fd, l) < 0)
			l->fd = -1;	/* the tick does the work then */
		l->timer = loop_add_timer(d->loop, DIAG_UI_TICK_MS,
					  list_on_tick, l);
	}
out:
	list_changed(l);
}

struct diag_ui *diag_ui_new(const struct diag_ui_backend *be,
			    struct loop *l, void (*changed)(void *ctx),
			    void *ctx)
{
	struct diag_ui *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->demand.owner = d->pre.owner = d;
	d->demand.fd = d->pre.fd = -1;
	diag_ui_attach(d, be, l, changed, ctx);
	return d;
}

void diag_ui_attach(struct diag_ui *d, const struct diag_ui_backend *be,
		    struct loop *l, void (*changed)(void *ctx), void *ctx)
{
	if (!d)
		return;
	list_release(&d->demand);
	list_release(&d->pre);
	if (be) {
		d->be = *be;
		d->have_be = be->start != NULL;
	}
	d->loop = l;
	d->changed = changed;
	d->changed_ctx = ctx;
}

void diag_ui_free(struct diag_ui *d)
{
	if (!d)
		return;
	list_release(&d->demand);
	list_release(&d->pre);
	free(d);
}

/* From a->uri: once connected that is the URI libvirt reports
 * (app_refresh_host copies the virt ops' uri, virt_uri: an alias of
 * libvirt.conf's uri_aliases resolved, so "plant2" standing for
 * qemu+ssh://other/system is another machine), the given one only
 * before a connection. */
const char *diag_ui_elsewhere(const struct app *a, char *buf, size_t len)
{
	const char *uri = a->uri[0] ? a->uri : NULL;

	if (!probe_plan_elsewhere(uri, NULL, a->opts && a->opts->demo, buf,
				  len) && len)
		buf[0] = '\0';
	return buf;
}

/* What the host is known to have, for the probes. */
static void host_facts_of(const struct app *a, struct host_facts *hf)
{
	hf->nets = a->nets_ok ? &a->nets : NULL;
	hf->domains = a->doms_ok ? &a->doms : NULL;
	hf->nics = a->hnics_ok ? &a->hnics : NULL;
}

/* The plan in hand for the screen: the wizard's, or the last applied. */
static void pick_plan(struct diag_ui *d, struct app *a, bool from_wizard)
{
	char path[sizeof(a->st.dir) + 32], when[64], vm[PLAN_NAME_MAX];
	char err[ERR_MAX];
	struct diag_list dl;
	time_t t = 0;
	int rc;

	d->have_plan = false;
	d->plan_what[0] = d->no_plan[0] = '\0';
	if (from_wizard && a->wizard_started) {
		d->plan = a->work;
		d->have_plan = true;
		snprintf(d->plan_what, sizeof(d->plan_what), "the wizard's "
			 "plan%s", app_unsaved(a) ? " (changes not saved)" :
			 "");
		return;
	}
	if (!a->state_ok) {
		snprintf(d->no_plan, sizeof(d->no_plan), "No plan in hand: "
			 "the state directory, which keeps the last applied "
			 "plan, cannot be used%s%.300s. Open the wizard (w on "
			 "home) and press F5 from one of its steps.",
			 a->state_err[0] ? ": " : "", a->state_err);
		return;
	}
	rc = state_last_applied(&a->st, &t, vm, sizeof(vm), err, sizeof(err));
	if (rc == 0) {
		snprintf(d->no_plan, sizeof(d->no_plan), "No plan in hand: "
			 "no plan has been applied with this state directory "
			 "yet (%.200s). Open the wizard (w on home) and press "
			 "F5 from one of its steps, or apply a plan first.",
			 a->st.dir);
		return;
	}
	snprintf(path, sizeof(path), "%s/%s", a->st.dir, JOURNAL_APPLIED_FILE);
	diag_list_init(&dl);
	if (rc < 0 || planfile_load(path, &d->plan, NULL, &dl) != PLANFILE_OK) {
		snprintf(d->no_plan, sizeof(d->no_plan), "No plan in hand: "
			 "the last applied plan (%.300s) cannot be read (%.200s)."
			 " Open the wizard (w on home) and press F5 from one of "
			 "its steps.", path, rc < 0 ? err : dl.count &&
			 dl.items[0].message ? dl.items[0].message :
			 "unreadable");
		diag_list_free(&dl);
		return;
	}
	diag_list_free(&dl);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M", localtime(&t));
	snprintf(d->plan_what, sizeof(d->plan_what), "the last applied plan "
		 "(%s)", when);
	d->have_plan = true;
}

/* Starts the probes of the NIC shown. */
static void run_nic(struct diag_ui *d, struct app *a)
{
	struct probe_target *t;
	struct probe_plan_opts o;
	struct host_facts hf;
	char where[PROBE_WHY_MAX];
	size_t n;

	if (!d->have_plan || d->plan.nnics == 0) {
		list_release(&d->demand);
		d->demand.n = 0;
		d->demand.started = false;
		list_changed(&d->demand);
		return;
	}
	t = calloc(PROBE_PLAN_MAX, sizeof(*t));
	if (!t) {
		app_status(a, TS_ERROR, "Out of memory: the probes cannot "
			   "start.");
		return;
	}
	diag_ui_elsewhere(a, where, sizeof(where));
	ui_copy(d->elsewhere, sizeof(d->elsewhere), where);
	memset(&o, 0, sizeof(o));
	o.mode = PROBE_PLAN_ON_DEMAND;
	o.elsewhere = d->elsewhere[0] ? d->elsewhere : NULL;
	host_facts_of(a, &hf);
	n = probe_plan_nic(&d->plan, d->nic, &hf, &o, t, PROBE_PLAN_MAX);
	list_start(d, &d->demand, &d->plan, t, n, &hf, a);
	free(t);
}

void diag_ui_open(struct diag_ui *d, struct app *a, bool from_wizard,
		  int nic)
{
	if (!d)
		return;
	pick_plan(d, a, from_wizard);
	d->nic = nic >= 0 && d->have_plan && (size_t)nic < d->plan.nnics ?
		 (size_t)nic : 0;
	run_nic(d, a);
}

void diag_ui_rerun(struct diag_ui *d, struct app *a)
{
	if (d)
		run_nic(d, a);
}

void diag_ui_select(struct diag_ui *d, struct app *a, int delta)
{
	size_t n;

	if (!d || !d->have_plan || d->plan.nnics < 2)
		return;
	n = d->plan.nnics;
	d->nic = (d->nic + n + (size_t)(delta % (int)n + (int)n)) % n;
	run_nic(d, a);
}

void diag_ui_close(struct diag_ui *d)
{
	if (!d)
		return;
	if (d->demand.running) {
		list_fail_rest(&d->demand, "stopped: the screen was left");
		list_release(&d->demand);
	}
}

void diag_ui_preflight(struct diag_ui *d, struct app *a)
{
	struct probe_target *t;
	struct probe_plan_opts o;
	struct host_facts hf;
	char where[PROBE_WHY_MAX];
	size_t n;

	if (!d)
		return;
	t = calloc(PROBE_PLAN_MAX, sizeof(*t));
	if (!t)
		return;
	diag_ui_elsewhere(a, where, sizeof(where));
	memset(&o, 0, sizeof(o));
	o.mode = PROBE_PLAN_PREFLIGHT;
	o.elsewhere = where[0] ? where : NULL;
	host_facts_of(a, &hf);
	n = probe_plan_all(&a->work, &hf, &o, t, PROBE_PLAN_MAX);
	list_start(d, &d->pre, &a->work, t, n, &hf, a);
	free(t);
}

double diag_ui_elapsed_s(const struct diag_ui_list *l)
{
	int64_t ms = l->now_ms - l->started_ms;

	return ms < 0 ? 0.0 : (double)ms / 1000.0;
}

bool diag_ui_own_answer(const struct diag_ui_list *l, size_t i)
{
	return i < l->n && probe_addr_own(&l->t[i], &l->r[i]);
}

int diag_ui_level(const struct diag_ui_list *l, size_t i)
{
	return (int)probe_level(&l->plan, &l->t[i], &l->r[i]);
}

void diag_ui_verdicts(const struct diag_ui_list *l, struct diag_list *out)
{
	for (size_t i = 0; i < l->n; i++)
		probe_verdict(&l->plan, &l->t[i], &l->r[i], out);
}

int diag_ui_worst(const struct diag_ui_list *l, size_t nic)
{
	int worst = PROBE_LEVEL_NONE;

	for (size_t i = 0; i < l->n; i++) {
		int lv;

		if (nic != SIZE_MAX && l->t[i].nic != nic)
			continue;
		lv = diag_ui_level(l, i);
		if (lv > worst)
			worst = lv;
	}
	return worst;
}

int diag_ui_preflight_verdict(const struct diag_ui *d, const struct plan *p,
			      char *msg, size_t len)
{
	const struct diag_ui_list *l;
	char label[DIAG_PATH_MAX + PLAN_NAME_MAX];

	if (len)
		msg[0] = '\0';
	if (!d || !d->pre.started)
		return 0;
	l = &d->pre;
	if (!plan_equal(&l->plan, p)) {
		snprintf(msg, len, "Not applied: the preflight ran on an "
			 "older version of the plan; open the review again to "
			 "run it on this one.");
		return 1;
	}
	if (l->running) {
		snprintf(msg, len, "Not applied yet: the preflight is still "
			 "running (%.1f s so far, at most %d s). Nothing is "
			 "applied before its verdict: press Apply again when "
			 "its results show.", diag_ui_elapsed_s(l), DIAG_UI_LIMIT_MS / 1000);
		return 1;
	}
	for (size_t i = 0; i < l->n; i++) {
		const struct probe_target *t = &l->t[i];
		const struct probe_result *r = &l->r[i];
		struct diag_list dl;
		const char *m = NULL;

		if (diag_ui_level(l, i) != PROBE_LEVEL_ERROR)
			continue;
		plan_field_label(p, t->path, label, sizeof(label));
		if (t->kind == PROBE_ADDR && r->addr.nmacs > 0) {
			snprintf(msg, len, "Not applied: %s (%s) is already in "
				 "use - %s answered the ARP probe on %s. Choose "
				 "a free address, then Apply again; nothing was "
				 "changed.", r->addr.target[0] ? r->addr.target
				 : t->target, label, r->addr.macs[0],
				 r->ifname[0] ? r->ifname : t->ifname);
			return -1;
		}
		diag_list_init(&dl);
		probe_verdict(&l->plan, t, r, &dl);
		for (size_t k = 0; k < dl.count && !m; k++)
			if (dl.items[k].severity == DIAG_ERROR)
				m = dl.items[k].message;
		snprintf(msg, len, "Not applied: %s: %s; nothing was changed.",
			 label, m ? m : "the preflight found an error");
		diag_list_free(&dl);
		return -1;
	}
	return 0;
}
