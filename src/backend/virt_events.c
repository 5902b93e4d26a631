/*
 * virt_events.c - libvirt's default event loop in one shared thread (see
 * virt_events.h).  Touches libvirt's process-wide event loop and error
 * handler, nothing else.
 */
#include "config.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "backend/virt.h"
#include "backend/virt_events.h"
#include "core/err.h"

static pthread_mutex_t ev_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t ev_once = PTHREAD_ONCE_INIT;
static int ev_registered = -1;	/* virEventRegisterDefaultImpl's result */
static int ev_users;
static pthread_t ev_thread;
static volatile int ev_quit;

static void ev_register(void)
{
	virt_quiet_errors();
	ev_registered = virEventRegisterDefaultImpl();
	if (ev_registered < 0)
		virResetLastError();
}

static void *ev_main(void *arg)
{
	(void)arg;
	while (!ev_quit)
		if (virEventRunDefaultImpl() < 0)
			virResetLastError();
	return NULL;
}

struct ev_sync {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool done;
	int timer;
};

static void ev_sync_cb(int timer, void *opaque)
{
	struct ev_sync *s = opaque;

	virEventRemoveTimeout(timer);
	pthread_mutex_lock(&s->lock);
	s->done = true;
	pthread_cond_signal(&s->cond);
	pthread_mutex_unlock(&s->lock);
}

void virt_events_sync(void)
{
	struct ev_sync s = { PTHREAD_MUTEX_INITIALIZER,
			     PTHREAD_COND_INITIALIZER, false, -1 };
	bool running;

	pthread_mutex_lock(&ev_lock);
	running = ev_registered >= 0 && ev_users > 0;
	pthread_mutex_unlock(&ev_lock);
	if (!running)
		return;
	if (virEventAddTimeout(0, ev_sync_cb, &s, NULL) < 0) {
		virResetLastError();
		return;
	}
	pthread_mutex_lock(&s.lock);
	while (!s.done)
		pthread_cond_wait(&s.cond, &s.lock);
	pthread_mutex_unlock(&s.lock);
}

static void ev_wake_cb(int timer, void *opaque)
{
	(void)opaque;
	virEventRemoveTimeout(timer);
}

/* Makes the loop go round once (it then sees ev_quit).  If the thread
 * has already seen ev_quit, the timer just waits in libvirt's table and
 * removes itself when a loop runs again. */
static void ev_wake(void)
{
	if (virEventAddTimeout(0, ev_wake_cb, NULL, NULL) < 0)
		virResetLastError();
}

int virt_events_get(char *err, size_t errlen)
{
	int rc = 0;

	pthread_once(&ev_once, ev_register);
	if (ev_registered < 0)
		return 0;	/* no events: timers still refresh */
	pthread_mutex_lock(&ev_lock);
	if (ev_users++ == 0) {
		ev_quit = 0;
		if (pthread_create(&ev_thread, NULL, ev_main, NULL) != 0) {
			errf(err, errlen, "cannot start libvirt's event "
			     "thread");
			ev_users--;
			rc = -1;
		}
	}
	pthread_mutex_unlock(&ev_lock);
	return rc;
}

void virt_events_put(void)
{
	if (ev_registered < 0)
		return;
	pthread_mutex_lock(&ev_lock);
	if (ev_users > 0 && --ev_users == 0) {
		ev_quit = 1;
		ev_wake();
		pthread_join(ev_thread, NULL);
	}
	pthread_mutex_unlock(&ev_lock);
}

bool virt_events_running(void)
{
	return ev_registered >= 0;
}
