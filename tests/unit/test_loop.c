/*
 * test_loop.c - the console's event loop (src/tui/loop.c): timers fire in
 * order of their deadlines and can be cancelled, a readable descriptor
 * reaches its callback, and a signal arrives as a loop event (through
 * the signalfd), not in a handler.  No terminal.
 */
#include "config.h"

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/clock.h"
#include "tui/loop.h"

static char order[16];
static char ta[] = "a", tb[] = "b", tc[] = "c", tx[] = "x";
static size_t norder;

static void mark(struct loop *l, void *ctx)
{
	(void)l;
	order[norder++] = *(const char *)ctx;
}

static void test_timers(void **state)
{
	struct loop l;
	char err[256];
	int64_t t0;
	int c;

	(void)state;
	norder = 0;
	memset(order, 0, sizeof(order));
	assert_int_equal(loop_init(&l, err, sizeof(err)), 0);
	loop_add_timer(&l, 30, mark, tc);
	loop_add_timer(&l, 10, mark, ta);
	c = loop_add_timer(&l, 20, mark, tx);
	loop_add_timer(&l, 20, mark, tb);
	assert_true(c > 0);
	loop_cancel_timer(&l, c);
	t0 = clock_now_ms();
	while (norder < 3 && clock_now_ms() - t0 < 2000)
		assert_int_equal(loop_run_once(&l, 1000), 0);
	assert_string_equal(order, "abc");
	/* it waited for the deadlines, it did not spin past them */
	assert_true(clock_now_ms() - t0 >= 30);
	loop_free(&l);
}

/* Timers that all fell due during one wait fire by deadline, not in the
 * order they were added. */
static void test_timers_due_together(void **state)
{
	struct loop l;
	char err[256];
	int64_t t0;

	(void)state;
	norder = 0;
	memset(order, 0, sizeof(order));
	assert_int_equal(loop_init(&l, err, sizeof(err)), 0);
	loop_add_timer(&l, 6, mark, tc);
	loop_add_timer(&l, 4, mark, tb);
	loop_add_timer(&l, 2, mark, ta);
	t0 = clock_now_ms();
	while (clock_now_ms() - t0 < 20)
		usleep(2000);	/* the test, not the loop, waits */
	assert_int_equal(loop_run_once(&l, 0), 0);
	assert_string_equal(order, "abc");
	loop_free(&l);
}

static int fd_seen;

static void on_fd(struct loop *l, int fd, short revents, void *ctx)
{
	char buf[8];

	(void)ctx;
	assert_true(revents & POLLIN);
	assert_int_equal(read(fd, buf, sizeof(buf)), 1);
	fd_seen++;
	loop_stop(l);
}

static void test_fd(void **state)
{
	struct loop l;
	char err[256];
	int p[2];

	(void)state;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(loop_init(&l, err, sizeof(err)), 0);
	assert_int_equal(loop_add_fd(&l, p[0], POLLIN, on_fd, NULL), 0);
	assert_int_equal(write(p[1], "k", 1), 1);
	fd_seen = 0;
	assert_int_equal(loop_run(&l), 0);
	assert_int_equal(fd_seen, 1);
	loop_remove_fd(&l, p[0]);
	assert_int_equal(l.nfds, 0);
	loop_free(&l);
	close(p[0]);
	close(p[1]);
}

static int sig_seen;

static void on_signal(struct loop *l, int signo, void *ctx)
{
	(void)ctx;
	sig_seen = signo;
	loop_stop(l);
}

static void test_signal_is_an_event(void **state)
{
	struct loop l;
	char err[256];
	sigset_t now;

	(void)state;
	assert_int_equal(loop_init(&l, err, sizeof(err)), 0);
	loop_on_signal(&l, on_signal, NULL);
	sig_seen = 0;
	raise(SIGWINCH);	/* blocked: waits for the loop */
	assert_int_equal(sig_seen, 0);
	assert_int_equal(loop_run(&l), 0);
	assert_int_equal(sig_seen, SIGWINCH);
	raise(SIGTERM);
	assert_int_equal(loop_run(&l), 0);
	assert_int_equal(sig_seen, SIGTERM);
	loop_free(&l);
	/* the mask is as it was */
	sigprocmask(SIG_BLOCK, NULL, &now);
	assert_false(sigismember(&now, SIGTERM));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_timers),
		cmocka_unit_test(test_timers_due_together),
		cmocka_unit_test(test_fd),
		cmocka_unit_test(test_signal_is_an_event),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
