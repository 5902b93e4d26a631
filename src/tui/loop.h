/*
 * loop.h - the console's one event loop: poll() over registered file
 * descriptors (the keyboard first; the netlink and libvirt descriptors of
 * the live panels later), a signalfd for SIGWINCH, SIGINT, SIGTERM and
 * SIGHUP, and one-shot timers whose nearest deadline is the poll timeout.
 * Signals are blocked and read from the signalfd, so nothing runs in
 * signal context.  No sleeps, no busy waiting.
 */
#ifndef EDGENET_TUI_LOOP_H
#define EDGENET_TUI_LOOP_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LOOP_MAX_FDS 16
#define LOOP_MAX_TIMERS 16

struct loop;

typedef void (*loop_fd_fn)(struct loop *l, int fd, short revents, void *ctx);
typedef void (*loop_timer_fn)(struct loop *l, void *ctx);
typedef void (*loop_signal_fn)(struct loop *l, int signo, void *ctx);

struct loop {
	struct loop_fd {
		int fd;
		short events;
		loop_fd_fn fn;
		void *ctx;
	} fds[LOOP_MAX_FDS];
	size_t nfds;
	struct loop_timer {
		int id;			/* 0: free slot */
		int64_t due_ms;		/* CLOCK_MONOTONIC */
		loop_timer_fn fn;
		void *ctx;
	} timers[LOOP_MAX_TIMERS];
	int next_timer_id;
	int sigfd;			/* -1 when signals are not watched */
	loop_signal_fn on_signal;
	void *signal_ctx;
	bool stop;
};

/* Blocks SIGWINCH, SIGINT, SIGTERM and SIGHUP and opens the signalfd that
 * delivers them.  Returns 0, or -1 with a message in ERR. */
int loop_init(struct loop *l, char *err, size_t errlen);
/* Closes the signalfd and restores the signal mask. */
void loop_free(struct loop *l);
/* Closes the signalfd but leaves the loop's signals blocked: for a
 * cleanup that a second signal must not cut short (the caller ends the
 * process, or restores the mask, after it). */
void loop_free_blocked(struct loop *l);

void loop_on_signal(struct loop *l, loop_signal_fn fn, void *ctx);

/* Watches FD for EVENTS (POLLIN...).  Returns 0, or -1 when full. */
int loop_add_fd(struct loop *l, int fd, short events, loop_fd_fn fn,
		void *ctx);
void loop_remove_fd(struct loop *l, int fd);

/* Calls FN once, MS milliseconds from now.  Returns the timer's id (> 0)
 * or -1 when full. */
int loop_add_timer(struct loop *l, unsigned ms, loop_timer_fn fn, void *ctx);
void loop_cancel_timer(struct loop *l, int id);

/* One round: waits at most MAX_MS (-1: until something happens), then
 * dispatches what is ready.  Returns 0, or -1 on a poll() failure. */
int loop_run_once(struct loop *l, int max_ms);
/* Rounds until loop_stop.  Returns 0, or -1 on a poll() failure. */
int loop_run(struct loop *l);
void loop_stop(struct loop *l);

/* clock_now_ms (core/clock.h), the clock of the timers: kept for
 * ui/apply_ui.c, which has yet to call clock_now_ms itself. */
int64_t loop_now_ms(void);

#endif
