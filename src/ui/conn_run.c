/*
 * conn_run.c - the console's own libvirt connection, watched and made
 * again (see conn_run.h).  libvirt's callbacks (its event thread) only
 * raise a flag and write an eventfd; everything else happens in the
 * console's loop: the eventfd's handler and a one-shot retry timer.
 *
 * The review's preview is left alone: Apply plans again and refuses
 * when the steps differ from what the review showed, so a review drawn
 * before the loss or the return is never applied unread.
 *
 * Touches: libvirt (through backend/virt.h: whether the connection
 * lives, connecting again), the model (app_virt_down/_retry/_back, which
 * read the host through its ops).  No drawing.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/eventfd.h>

#include "backend/virt.h"
#include "core/err.h"
#include "core/host.h"
#include "tui/loop.h"
#include "ui/app.h"
#include "ui/apply_ui.h"
#include "ui/conn_run.h"

struct conn_run {
	struct app *app;
	struct virt_conn *vc;
	struct loop *loop;
	void (*changed)(void *ctx);
	void *ctx;
	int efd;		/* written by libvirt's callbacks */
	atomic_bool host_changed;	/* a lifecycle event came */
	int timer;		/* the next try; 0 none */
	unsigned retry_s;	/* the wait before the next try */
	unsigned retry_max;
	bool started;
};

static struct conn_run cr = { .efd = -1 };

/* libvirt's event thread: only wake the loop. */
static void wake(void)
{
	uint64_t one = 1;

	if (cr.efd >= 0 && write(cr.efd, &one, sizeof(one)) < 0) {
		/* the counter is full: the loop wakes anyway */
	}
}

static void on_lost(void *ctx)
{
	(void)ctx;
	wake();
}

static void on_host(void *ctx)
{
	(void)ctx;
	atomic_store(&cr.host_changed, true);
	wake();
}

static void changed(void)
{
	if (cr.changed)
		cr.changed(cr.ctx);
}

static void try_again(struct loop *l, void *ctx);

static void arm(void)
{
	if (cr.timer > 0)
		return;
	cr.timer = loop_add_timer(cr.loop, cr.retry_s * 1000, try_again,
				  NULL);
	if (cr.timer < 0)
		cr.timer = 0;
}

static void go_down(void)
{
	struct app *a = cr.app;

	cr.retry_s = CONN_RUN_RETRY_MIN_S;
	app_virt_down(a, virt_lost_why(cr.vc), cr.retry_s, time(NULL));
	app_status(a, TS_ERROR, "libvirt at %.200s is unreachable (%.200s): "
		   "nothing can be applied until it is back; edgenet connects "
		   "again every %u s.", a->uri, a->virt_down_why, cr.retry_s);
	arm();
	changed();
}

static void try_again(struct loop *l, void *ctx)
{
	struct app *a = cr.app;
	char err[ERR_MAX];

	(void)l;
	(void)ctx;
	cr.timer = 0;
	if (!a->virt_down)
		return;
	if (virt_reconnect(cr.vc, err, sizeof(err)) < 0) {
		if (cr.retry_s < cr.retry_max)
			cr.retry_s = cr.retry_s * 2 > cr.retry_max ?
				     cr.retry_max : cr.retry_s * 2;
		app_virt_retry(a, err, cr.retry_s, time(NULL));
		arm();
		changed();
		return;
	}
	cr.retry_s = CONN_RUN_RETRY_MIN_S;
	atomic_store(&cr.host_changed, false);
	app_virt_back(a);
	if (virt_check_lost(cr.vc)) {
		/* lost again at once: say so, try again */
		go_down();
		return;
	}
	app_status(a, TS_OK, "libvirt at %.200s answers again: home shows "
		   "what it has now, and applying works again.", a->uri);
	changed();
}

static void on_efd(struct loop *l, int fd, short revents, void *ctx)
{
	uint64_t n;

	(void)l;
	(void)revents;
	(void)ctx;
	if (read(fd, &n, sizeof(n)) < 0 && errno != EAGAIN) {
		/* nothing to read: the flags below still say what came */
	}
	conn_run_check();
	if (!cr.app->virt_down && atomic_exchange(&cr.host_changed, false)) {
		/* a network or domain was defined, started...: read again */
		app_refresh_host(cr.app);
		/* what waits for the next start is read again too */
		apply_ui_virt_changed(cr.app, true);
		app_validate(cr.app);
		conn_run_check();
		changed();
	}
}

void conn_run_check(void)
{
	if (!cr.started || cr.app->virt_down)
		return;
	if (virt_lost(cr.vc) || virt_check_lost(cr.vc))
		go_down();
}

int conn_run_start(struct app *a, struct virt_conn *vc, struct loop *l,
		   void (*chg)(void *ctx), void *ctx, char *err,
		   size_t errlen)
{
	memset(&cr, 0, sizeof(cr));
	cr.efd = -1;
	cr.app = a;
	cr.vc = vc;
	cr.loop = l;
	cr.changed = chg;
	cr.ctx = ctx;
	cr.retry_s = CONN_RUN_RETRY_MIN_S;
	cr.retry_max = host_uri_is_local(a->uri) ? CONN_RUN_RETRY_MIN_S :
		       CONN_RUN_RETRY_MAX_S;
	atomic_init(&cr.host_changed, false);
	cr.efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (cr.efd < 0) {
		errf(err, errlen, "eventfd: %s", strerror(errno));
		return -1;
	}
	if (loop_add_fd(l, cr.efd, POLLIN, on_efd, NULL) < 0) {
		errf(err, errlen, "the event loop is full");
		close(cr.efd);
		cr.efd = -1;
		return -1;
	}
	cr.started = true;
	virt_on_lost(vc, on_lost, NULL);
	virt_on_host_change(vc, on_host, NULL);
	return 0;
}

void conn_run_stop(void)
{
	if (!cr.started)
		return;
	virt_on_lost(cr.vc, NULL, NULL);
	if (cr.timer > 0)
		loop_cancel_timer(cr.loop, cr.timer);
	cr.timer = 0;
	loop_remove_fd(cr.loop, cr.efd);
	cr.started = false;
}

void conn_run_free(void)
{
	if (cr.efd >= 0)
		close(cr.efd);
	cr.efd = -1;
}
