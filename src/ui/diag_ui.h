/*
 * diag_ui.h - the network diagnostics in the console: the state of the
 * probes the diagnostics screen (screens/diag.c) and the review's
 * preflight (screens/wizard_review.c) show, and their place in the
 * console's one poll() loop.
 *
 * Two lists of probes can run at once: the diagnostics screen's (every
 * probe of one NIC, PROBE_PLAN_ON_DEMAND) and the review's preflight
 * (PROBE_PLAN_PREFLIGHT over the whole working plan).  Each is a copy of
 * the targets (core/probe_plan.h) and of their results, kept here so
 * the screens only read plain data; a running list has one descriptor
 * in the loop (the runner's, behind struct diag_ui_backend) and a
 * 100 ms timer that moves the "running... N.N s" on.  Nothing blocks;
 * a list that has no verdict after DIAG_UI_LIMIT_MS is stopped and says
 * so.  A host that is not this machine (remote, or simulated as the
 * demo) gets no probe at all: every probe is SKIPPED with the sentence
 * diag_ui_elsewhere gives, without calling the runner.
 *
 * The runner comes in through struct diag_ui_backend: src/ui/diag_ui_run.c
 * fills it with backend/diag_run.h (the program); the screen tests fill
 * the lists by hand.  Touches: the loop (one descriptor and one timer per
 * running list), the state directory (reads the last applied plan).
 */
#ifndef EDGENET_UI_DIAG_UI_H
#define EDGENET_UI_DIAG_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"
#include "core/err.h"
#include "core/hostcheck.h"
#include "core/mac.h"
#include "core/plan.h"
#include "core/probe.h"
#include "core/probe_plan.h"

struct app;
struct diag_ui;
struct loop;

#define DIAG_UI_LIMIT_MS 30000	/* a list with no verdict by then stops */
#define DIAG_UI_TICK_MS 100	/* "running... N.N s" moves on */
/* A screen text of the diagnostics (which plan, why there is none);
 * errors are ERR_MAX (core/err.h). */
#define DIAG_UI_TEXT_MAX 1024

/* The runner (backend/diag_run.h through diag_ui_run.c). */
struct diag_ui_backend {
	/* Starts T[0..N); NULL with ERR when it cannot start at all. */
	void *(*start)(void *ctx, const struct probe_target *t, size_t n,
		       const struct host_facts *h, char *err, size_t errlen);
	int (*fd)(void *run);
	/* Does what is ready; < 0 when the descriptor failed. */
	int (*process)(void *run);
	bool (*done)(void *run);
	const struct probe_result *(*results)(void *run);
	void (*free)(void *run);
	void *ctx;
};

/* One list of probes and what they found. */
struct diag_ui_list {
	struct probe_target t[PROBE_PLAN_MAX];
	struct probe_result r[PROBE_PLAN_MAX];
	size_t n;
	bool started;		/* run at least once */
	bool running;
	int64_t started_ms;	/* clock_now_ms() at the start */
	int64_t now_ms;		/* the last tick (what "N.N s" counts to) */
	char err[ERR_MAX];	/* could not run at all, or stopped */
	struct plan plan;	/* the plan the targets come from */
	unsigned gen;		/* changes whenever the list does */
	/* the runner's (NULL when none runs) */
	struct diag_ui *owner;
	void *run;
	int fd;
	int timer;
};

struct diag_ui {
	struct diag_ui_backend be;
	bool have_be;
	struct loop *loop;
	void (*changed)(void *ctx);	/* something to draw again */
	void *changed_ctx;

	/* the diagnostics screen */
	bool have_plan;
	struct plan plan;		/* the plan in hand (a copy) */
	char plan_what[DIAG_UI_TEXT_MAX];	/* which plan it is */
	char no_plan[DIAG_UI_TEXT_MAX];	/* why there is none, what to do */
	size_t nic;			/* the NIC shown */
	char elsewhere[PROBE_WHY_MAX];	/* "" when the host is this one */
	struct diag_ui_list demand;

	/* the review's preflight */
	struct diag_ui_list pre;
};

/* A new state; BE NULL: no runner (what is not skipped fails, saying
 * so); L NULL: no loop (tests).  CHANGED is called when a list moved on
 * by itself. */
struct diag_ui *diag_ui_new(const struct diag_ui_backend *be,
			    struct loop *l, void (*changed)(void *ctx),
			    void *ctx);
void diag_ui_free(struct diag_ui *d);
/* Gives D its runner and loop (run.c, once the loop exists). */
void diag_ui_attach(struct diag_ui *d, const struct diag_ui_backend *be,
		    struct loop *l, void (*changed)(void *ctx), void *ctx);

/* Why probes cannot be run for A's libvirt host from here, as a
 * sentence into BUF; "" when the host is this machine. */
const char *diag_ui_elsewhere(const struct app *a, char *buf, size_t len);

/* The diagnostics screen opens: the plan in hand is the wizard's working
 * plan when FROM_WIZARD, else the last applied plan from the state
 * directory; NIC (-1: the first) is shown and its probes start. */
void diag_ui_open(struct diag_ui *d, struct app *a, bool from_wizard,
		  int nic);
/* Runs the probes of the NIC shown again. */
void diag_ui_rerun(struct diag_ui *d, struct app *a);
/* Shows the NIC DELTA places on (wrapping) and runs its probes. */
void diag_ui_select(struct diag_ui *d, struct app *a, int delta);
/* The screen is left: its probes stop (nothing is sent meanwhile). */
void diag_ui_close(struct diag_ui *d);

/* The review opens: the preflight of A's working plan starts (again). */
void diag_ui_preflight(struct diag_ui *d, struct app *a);
/* May the working plan P be applied as far as the preflight knows?
 * 0 yes (done without error, or nothing to probe); 1 not yet: it still
 * runs (MSG says so and for how long); -1 no: an address is in use (MSG
 * names it and the MAC that answered).  D NULL: 0. */
int diag_ui_preflight_verdict(const struct diag_ui *d, const struct plan *p,
			      char *msg, size_t len);

/* Result I answered only by its NIC's own MAC (the VM itself)? */
bool diag_ui_own_answer(const struct diag_ui_list *l, size_t i);
/* Result I's level (core/probe_verdict.h: OK for the VM's own answer). */
int diag_ui_level(const struct diag_ui_list *l, size_t i);
/* The verdicts of every result to OUT (none for the VM's own answer). */
void diag_ui_verdicts(const struct diag_ui_list *l, struct diag_list *out);

/* The worst level of the list's results for NIC (SIZE_MAX: all). */
int diag_ui_worst(const struct diag_ui_list *l, size_t nic);
/* Seconds (tenths) the list has run, for "running... N.N s". */
double diag_ui_elapsed_s(const struct diag_ui_list *l);

/* Sets up L from targets T[0..N) with results R as given (tests and the
 * skipped case): not running. */
void diag_ui_list_fill(struct diag_ui_list *l, const struct plan *p,
		       const struct probe_target *t,
		       const struct probe_result *r, size_t n);

#endif
