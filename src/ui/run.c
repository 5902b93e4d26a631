/*
 * run.c - ui_run: the console's process-level life.  Opens the terminal
 * (term.c), the event loop (loop.c) and the backends (libvirt through
 * backend/virt.h, the host's NICs through backend/nl_links.h - or, on a
 * simulated host such as the demo, the simulated host's own through
 * backend/virt_links.h; the only place that does), feeds keys and
 * signals to the manager (app.c), draws after each batch of events, and
 * restores the terminal on every way out.  A simulated host with no
 * state directory named gets one of its own (ui/demo_state.h), never
 * this machine's.  A failed libvirt connection is shown on screen and,
 * once the terminal is restored, printed to stderr; one lost later is
 * watched and made again by conn_run.c (libvirt's event thread is
 * started before connecting, so that its loss and events arrive).  A console that a
 * signal ended (SIGTERM, SIGHUP, SIGINT that did not just ask) cleans up
 * as on any way out, then dies of that signal (term_die_of), so its exit
 * status says so.  The diagnostics get their runner (ui/diag_ui_run.h)
 * and the loop here.  SIGPIPE is ignored: a daemon that died under a call
 * is a lost connection, said on screen, not the end of the console.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend/nl_links.h"
#include "backend/virt.h"
#include "backend/virt_events.h"
#include "backend/virt_links.h"
#include "core/err.h"
#include "core/host.h"
#include "core/textsafe.h"
#include "tui/loop.h"
#include "tui/term.h"
#include "tui/widget.h"
#include "ui/app.h"
#include "ui/apply_ui.h"
#include "ui/conn_run.h"
#include "ui/demo_state.h"
#include "ui/deploy_run.h"
#include "ui/diag_ui.h"
#include "ui/diag_ui_run.h"
#include "ui/live.h"
#include "ui/ui.h"

#define RUN_STATUS_MS 8000	/* a status message stays this long */

struct run {
	struct app *app;
	struct loop loop;
	int status_timer;	/* clears the status line; 0 when none */
	char status_seen[APP_MSG_MAX];
	bool dirty;
	bool fault_screen;	/* showing a fatal message: any key quits */
	bool stdin_gone;
	int end_signal;		/* the signal that ended the console, 0 */
	char fault[APP_MSG_MAX + 128];
};

/* A message for the terminal once curses is off (libvirt's words, the
 * guest's): escaped (textsafe) into one buffer, valid until the next
 * call. */
static const char *run_esc(const char *s)
{
	static char buf[4 * (APP_MSG_MAX + 128)];

	return textsafe_buf(buf, sizeof(buf), s);
}

static void run_draw(struct run *r)
{
	int cy, cx;

	if (r->fault_screen) {
		int width = COLS - 4;

		erase();
		attron(A_BOLD);
		mvaddstr(1, 2, "edgenet cannot start");
		attroff(A_BOLD);
		ui_wrap(stdscr, 3, 2, width, LINES - 6, r->fault, 0);
		ui_put(stdscr, LINES - 2, 2, width, "Press any key to quit.",
		       A_BOLD);
		curs_set(0);
		refresh();
		return;
	}
	app_draw(r->app, stdscr, &cy, &cx);
	if (cy >= 0) {
		curs_set(1);
		move(cy, cx);
	} else {
		curs_set(0);
		move(LINES - 1, COLS - 1);
	}
	refresh();
	r->dirty = false;
}

static void run_clear_status(struct loop *l, void *ctx)
{
	struct run *r = ctx;

	(void)l;
	r->status_timer = 0;
	r->app->status[0] = '\0';
	r->status_seen[0] = '\0';
	r->dirty = true;
}

/* A new status message gets its own time on screen. */
static void run_status_timer(struct run *r)
{
	if (strcmp(r->app->status, r->status_seen) == 0)
		return;
	ui_copy(r->status_seen, sizeof(r->status_seen), r->app->status);
	if (r->status_timer > 0)
		loop_cancel_timer(&r->loop, r->status_timer);
	r->status_timer = 0;
	if (r->app->status[0])
		r->status_timer = loop_add_timer(&r->loop, RUN_STATUS_MS,
						 run_clear_status, r);
}

/* The apply moved on by itself (a loop timer): draw again. */
static void run_apply_changed(void *ctx)
{
	struct run *r = ctx;

	r->dirty = true;
	conn_run_check();	/* a step's error may be a lost libvirt */
	run_status_timer(r);
}

static void run_input(struct loop *l, int fd, short revents, void *ctx)
{
	struct run *r = ctx;
	int ch;

	(void)fd;
	while ((ch = getch()) != ERR) {
		r->dirty = true;
		if (r->fault_screen) {
			if (ch != KEY_RESIZE)
				loop_stop(l);
			continue;
		}
		app_key(r->app, ch);	/* the screens ask for their data */
		live_after_key(r->app->live);
		conn_run_check();	/* a call's error: libvirt lost? */
		run_status_timer(r);
		if (r->app->done) {
			loop_stop(l);
			return;
		}
	}
	if (revents & (POLLHUP | POLLERR | POLLNVAL)) {
		/* the terminal went away: nothing more can be asked */
		r->stdin_gone = true;
		r->app->done = true;
		loop_stop(l);
	}
}

static void run_signal(struct loop *l, int signo, void *ctx)
{
	struct run *r = ctx;

	r->dirty = true;
	if (signo == SIGWINCH) {
		term_sync_size();
		run_input(l, STDIN_FILENO, 0, r);	/* a queued KEY_RESIZE */
		return;
	}
	if (r->fault_screen) {
		r->end_signal = signo;
		loop_stop(l);
		return;
	}
	app_signal(r->app, signo);
	if (r->app->done) {
		r->end_signal = signo;
		loop_stop(l);
	}
}

static void run_live_changed(void *ctx)
{
	struct run *r = ctx;

	r->dirty = true;
}

static int run_loop(struct run *r)
{
	r->dirty = true;
	r->loop.stop = false;
	while (!r->loop.stop) {
		if (r->dirty)
			run_draw(r);
		if (loop_run_once(&r->loop, -1) < 0) {
			snprintf(r->fault, sizeof(r->fault),
				 "the event loop failed: %s", strerror(errno));
			return -1;
		}
	}
	return 0;
}

/* The host's NICs: this machine's (netlink), or on a simulated host
 * (the demo) the simulated host's own, from its interface definitions -
 * never this machine's, which are not the demo host's; on a remote host
 * (qemu+tcp://HOST/...) that host's interfaces as its libvirt lists
 * them over the connection.  *SIMULATED (libvirt's list, not netlink)
 * tells which close to call. */
static void open_links(struct app *a, struct virt_conn *vc,
		       const struct ui_options *opts, bool *simulated)
{
	bool remote = !live_uri_is_simulated(opts->uri) &&
		      !host_uri_is_local(opts->uri);
	char err[ERR_MAX];
	int rc;

	*simulated = live_uri_is_simulated(opts->uri) || remote;
	if (remote)
		rc = virt_links_open(vc, "the remote host, as its libvirt "
				     "lists its interfaces; not this machine",
				     &a->links, err, sizeof(err));
	else if (*simulated)
		rc = virt_links_open(vc, opts->demo ? "the demo host (its node "
				     "file), not this machine" : "the test "
				     "driver's host (its node file), not this "
				     "machine", &a->links, err, sizeof(err));
	else
		rc = nl_links_open(&a->links, err, sizeof(err));
	if (rc < 0)
		errf(a->links_err, sizeof(a->links_err), "%s", err);
}

/* A TERM, HUP or INT that arrived while they were blocked for the last
 * cleanup, or 0. */
static int pending_end_signal(void)
{
	static const int ends[] = { SIGTERM, SIGHUP, SIGINT };
	sigset_t p;

	if (sigpending(&p) < 0)
		return 0;
	for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++)
		if (sigismember(&p, ends[i]) == 1)
			return ends[i];
	return 0;
}

int ui_run(const struct ui_options *opts)
{
	static struct app app;
	static struct live live;
	static struct ui_options demo_opts;
	static char demo_dir[4096];
	struct run r;
	struct virt_conn *vc = NULL;
	char err[ERR_MAX];
	const char *apply_msg, *live_msg;
	bool sim_links = false, events = false;
	int status = 0;

	memset(&r, 0, sizeof(r));
	r.app = &app;
	if (opts->plan_path && strlen(opts->plan_path) >= sizeof(app.plan_path)) {
		/* a cut path would be where the wizard saves the plan */
		errf(err, sizeof(err), "the plan path %.60s... is too long",
		     opts->plan_path);
		fprintf(stderr, "edgenet: %s\n", run_esc(err));
		return 1;
	}
	/* the demo keeps its state in a directory of its own */
	demo_dir[0] = '\0';
	if (live_uri_is_simulated(opts->uri) && !opts->state_dir) {
		if (!demo_state_make(demo_dir, sizeof(demo_dir), err,
				     sizeof(err))) {
			/* never this machine's state instead */
			fprintf(stderr, "edgenet: %s; name one with "
				"--state-dir\n", run_esc(err));
			return 1;
		}
		demo_opts = *opts;
		demo_opts.state_dir = demo_dir;
		opts = &demo_opts;
	}
	if (app_init(&app, opts) < 0) {
		fprintf(stderr, "edgenet: out of memory\n");
		demo_state_remove(demo_dir);
		return 1;
	}
	if (loop_init(&r.loop, err, sizeof(err)) < 0) {
		fprintf(stderr, "edgenet: %s\n", run_esc(err));
		app_free(&app);
		demo_state_remove(demo_dir);
		return 1;
	}
	if (term_start(err, sizeof(err)) < 0) {
		loop_free(&r.loop);
		app_free(&app);
		fprintf(stderr, "edgenet: %s\n", run_esc(err));
		demo_state_remove(demo_dir);
		return 1;
	}
	loop_on_signal(&r.loop, run_signal, &r);
	loop_add_fd(&r.loop, STDIN_FILENO, POLLIN, run_input, &r);

	/* A call on a connection whose daemon died writes to a closed
	 * socket: that must be an error the screen shows (libvirt's "End of
	 * file", the connection lost), not SIGPIPE ending the console.  The
	 * console writes only to its terminal, never to a pipe. */
	signal(SIGPIPE, SIG_IGN);
	virt_quiet_errors();
	/* libvirt's event loop before the connection: else its loss is
	 * seen only when a call fails, and no event arrives */
	if (virt_events_get(err, sizeof(err)) == 0)
		events = true;
	vc = virt_connect(opts->uri, err, sizeof(err));
	if (!vc) {
		snprintf(r.fault, sizeof(r.fault),
			 "cannot connect to libvirt at %.150s: %.300s\n\nCheck that "
			 "libvirtd runs on that host and that you may use it "
			 "(root, or the libvirt group), or try 'edgenet --demo'.",
			 opts->uri ? opts->uri : "(default URI)", err);
		r.fault_screen = true;
		run_loop(&r);
		status = 1;
		goto out;
	}
	virt_ops(vc, &app.virt);
	{
		struct diag_ui_backend dbe;

		diag_ui_run_backend(&dbe);
		diag_ui_attach(app.diag, &dbe, &r.loop, run_live_changed, &r);
	}
	open_links(&app, vc, opts, &sim_links);
	app_open_state(&app);
	/* before the host is read: recovers an interrupted apply */
	apply_run_open(&app, vc, &r.loop, run_apply_changed, &r);
	deploy_run_open(&app, vc);
	app_refresh_host(&app);
	/* watched, and made again when lost (home says so meanwhile) */
	if (conn_run_start(&app, vc, &r.loop, run_apply_changed, &r, err,
			   sizeof(err)) < 0)
		app_status(&app, TS_WARNING, "The libvirt connection is not "
			   "watched (%.200s): if libvirtd restarts, start the "
			   "console again.", err);
	conn_run_check();
	if (opts->wizard)
		app_goto(&app, SCR_PROFILE);
	else
		app_goto(&app, SCR_HOME);
	/* the wizard has read --plan now: home's "VM (domain)" line is of
	 * its VM, not of the one named before (app_refresh_host above) */
	app_check_domain(&app);
	/* after the wizard has read --plan: the panels follow its VM */
	if (live_start(&live, &r.loop, opts->uri, vc, app_domain(&app),
		       run_live_changed, &r) == 0) {
		app.live = &live;
		app.dns_start = live_dns_start;
	}
	if (run_loop(&r) < 0 || r.stdin_gone)
		status = 1;
	else
		status = app.exit_code;
out:
	conn_run_stop();
	app.live = NULL;
	live_msg = live_stop(&live);	/* puts back an unconfirmed metric */
	term_stop();
	/* TERM, HUP and INT stay blocked through the cleanup below: the
	 * rollback of an unconfirmed apply can take seconds, and a second
	 * signal (a dropped ssh session sends SIGHUP twice) must not end
	 * the process before it has run.  One that came meanwhile is the
	 * signal the console then dies of. */
	loop_free_blocked(&r.loop);
	if (r.fault[0])
		fprintf(stderr, "edgenet: %s\n", run_esc(r.fault));
	else if (app.exit_code && app_unsaved(&app))
		fprintf(stderr, "edgenet: stopped by a signal; the plan's "
			"changes were not saved\n");
	else if (r.stdin_gone)
		fprintf(stderr, "edgenet: the terminal went away\n");
	if (live_msg)
		fprintf(stderr, "edgenet: %s\n", run_esc(live_msg));
	apply_msg = apply_run_close(&app);	/* rolls back if unconfirmed */
	if (apply_msg)
		fprintf(stderr, "edgenet: %s\n", run_esc(apply_msg));
	if (sim_links)
		virt_links_close(&app.links);
	else
		nl_links_close(&app.links);
	if (vc)
		virt_close(vc);
	conn_run_free();
	if (events)
		virt_events_put();
	app_free(&app);
	demo_state_remove(demo_dir);
	if (!r.end_signal)
		r.end_signal = pending_end_signal();
	if (r.end_signal)
		term_die_of(r.end_signal);
	return status;
}
