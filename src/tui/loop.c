/*
 * loop.c - the event loop (see loop.h).  Touches the process signal mask
 * (SIGWINCH, SIGINT, SIGTERM, SIGHUP are blocked while the loop exists)
 * and the descriptors registered with it; nothing else.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/err.h"
#include "tui/loop.h"

static sigset_t loop_old_mask;

static void loop_sigset(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGWINCH);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGHUP);
}

int64_t loop_now_ms(void)
{
	return clock_now_ms();
}

int loop_init(struct loop *l, char *err, size_t errlen)
{
	sigset_t set;

	memset(l, 0, sizeof(*l));
	l->sigfd = -1;
	l->next_timer_id = 1;
	loop_sigset(&set);
	if (sigprocmask(SIG_BLOCK, &set, &loop_old_mask) < 0) {
		errf(err, errlen, "cannot block signals: %s",
		     strerror(errno));
		return -1;
	}
	l->sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (l->sigfd < 0) {
		errf(err, errlen, "cannot open a signalfd: %s",
		     strerror(errno));
		sigprocmask(SIG_SETMASK, &loop_old_mask, NULL);
		return -1;
	}
	return 0;
}

void loop_free(struct loop *l)
{
	if (l->sigfd >= 0) {
		close(l->sigfd);
		l->sigfd = -1;
		sigprocmask(SIG_SETMASK, &loop_old_mask, NULL);
	}
	l->nfds = 0;
}

void loop_free_blocked(struct loop *l)
{
	if (l->sigfd >= 0) {
		close(l->sigfd);
		l->sigfd = -1;
	}
	l->nfds = 0;
}

void loop_on_signal(struct loop *l, loop_signal_fn fn, void *ctx)
{
	l->on_signal = fn;
	l->signal_ctx = ctx;
}

int loop_add_fd(struct loop *l, int fd, short events, loop_fd_fn fn,
		void *ctx)
{
	if (l->nfds >= LOOP_MAX_FDS)
		return -1;
	l->fds[l->nfds].fd = fd;
	l->fds[l->nfds].events = events;
	l->fds[l->nfds].fn = fn;
	l->fds[l->nfds].ctx = ctx;
	l->nfds++;
	return 0;
}

void loop_remove_fd(struct loop *l, int fd)
{
	for (size_t i = 0; i < l->nfds; i++) {
		if (l->fds[i].fd != fd)
			continue;
		memmove(&l->fds[i], &l->fds[i + 1],
			(l->nfds - i - 1) * sizeof(l->fds[0]));
		l->nfds--;
		return;
	}
}

int loop_add_timer(struct loop *l, unsigned ms, loop_timer_fn fn, void *ctx)
{
	for (size_t i = 0; i < LOOP_MAX_TIMERS; i++) {
		struct loop_timer *t = &l->timers[i];

		if (t->id != 0)
			continue;
		t->id = l->next_timer_id++;
		if (l->next_timer_id <= 0)
			l->next_timer_id = 1;
		t->due_ms = clock_now_ms() + ms;
		t->fn = fn;
		t->ctx = ctx;
		return t->id;
	}
	return -1;
}

void loop_cancel_timer(struct loop *l, int id)
{
	for (size_t i = 0; i < LOOP_MAX_TIMERS; i++)
		if (l->timers[i].id == id && id > 0)
			l->timers[i].id = 0;
}

/* Milliseconds to the nearest timer, capped by MAX_MS (-1: no cap). */
static int loop_timeout(const struct loop *l, int max_ms)
{
	int64_t now = clock_now_ms(), best = -1;

	for (size_t i = 0; i < LOOP_MAX_TIMERS; i++) {
		int64_t d;

		if (l->timers[i].id == 0)
			continue;
		d = l->timers[i].due_ms - now;
		if (d < 0)
			d = 0;
		if (best < 0 || d < best)
			best = d;
	}
	if (max_ms >= 0 && (best < 0 || best > max_ms))
		best = max_ms;
	if (best > 24 * 3600 * 1000)
		best = 24 * 3600 * 1000;
	return (int)best;
}

/* Fires every timer that is due, earliest deadline first (ties in the
 * order they were added), even when several fell due during one wait. */
static void loop_fire_timers(struct loop *l)
{
	int64_t now = clock_now_ms();

	for (;;) {
		struct loop_timer *t = NULL;
		loop_timer_fn fn;
		void *ctx;

		for (size_t i = 0; i < LOOP_MAX_TIMERS; i++) {
			struct loop_timer *c = &l->timers[i];

			if (c->id == 0 || c->due_ms > now)
				continue;
			if (!t || c->due_ms < t->due_ms ||
			    (c->due_ms == t->due_ms && c->id < t->id))
				t = c;
		}
		if (!t)
			return;
		fn = t->fn;
		ctx = t->ctx;
		t->id = 0;
		fn(l, ctx);
	}
}

static void loop_read_signals(struct loop *l)
{
	struct signalfd_siginfo si;

	while (read(l->sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (l->on_signal)
			l->on_signal(l, (int)si.ssi_signo, l->signal_ctx);
	}
}

int loop_run_once(struct loop *l, int max_ms)
{
	struct pollfd pfd[LOOP_MAX_FDS + 1];
	struct loop_fd snap[LOOP_MAX_FDS];
	size_t n = 0, nsnap = l->nfds;
	int rc;

	/* A snapshot: callbacks may add or remove descriptors. */
	memcpy(snap, l->fds, nsnap * sizeof(snap[0]));
	if (l->sigfd >= 0) {
		pfd[n].fd = l->sigfd;
		pfd[n].events = POLLIN;
		pfd[n].revents = 0;
		n++;
	}
	for (size_t i = 0; i < nsnap; i++) {
		pfd[n].fd = snap[i].fd;
		pfd[n].events = snap[i].events;
		pfd[n].revents = 0;
		n++;
	}
	rc = poll(pfd, n, loop_timeout(l, max_ms));
	if (rc < 0) {
		if (errno == EINTR)
			return 0;
		return -1;
	}
	n = 0;
	if (l->sigfd >= 0) {
		if (pfd[0].revents & POLLIN)
			loop_read_signals(l);
		n = 1;
	}
	for (size_t i = 0; i < nsnap && !l->stop; i++, n++) {
		if (pfd[n].revents == 0)
			continue;
		/* Still registered? */
		for (size_t j = 0; j < l->nfds; j++) {
			if (l->fds[j].fd == snap[i].fd &&
			    l->fds[j].fn == snap[i].fn) {
				snap[i].fn(l, snap[i].fd, pfd[n].revents,
					   snap[i].ctx);
				break;
			}
		}
	}
	if (!l->stop)
		loop_fire_timers(l);
	return 0;
}

int loop_run(struct loop *l)
{
	l->stop = false;
	while (!l->stop) {
		if (loop_run_once(l, -1) < 0)
			return -1;
	}
	return 0;
}

void loop_stop(struct loop *l)
{
	l->stop = true;
}
