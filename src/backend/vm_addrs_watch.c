/*
 * vm_addrs_watch.c - the VM watcher (see vm_addrs_watch.h): a thread of
 * its own that runs vm_addrs_collect (and, when asked, the guest's DNS
 * read) with a connection of its own (backend/virt.c), and hands each
 * snapshot to the console.
 *
 * It is woken by the domain's lifecycle and agent events (libvirt's
 * default event loop, in one more thread shared with the console:
 * backend/virt_events.c), by vm_addrs_refresh and by a timer, and at once
 * when its connection is lost (libvirt's close callback); it connects
 * again after 2 s, then at most every 2 s while a local libvirt is away
 * (a refused socket costs nothing, and the panels are current again
 * within seconds of the daemon's return) or 2 s doubling to 60 s for a
 * remote one, and backs off (1 s doubling to 120 s, waking when the wait
 * ends) while the agent does not answer, keeping the agent's last answer
 * meanwhile; the agent's connect event ends that wait, and so does a new
 * connection (a libvirtd that has just started connects to its guests'
 * agents a moment after it answers, and says nothing when it has).  Each
 * snapshot is handed over under a mutex and announced on an eventfd.
 * Reads only: nothing in libvirt or the guest is changed.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "backend/virt.h"
#include "backend/virt_events.h"
#include "backend/vm_addrs.h"
#include "backend/vm_addrs_watch.h"
#include "core/clock.h"
#include "core/str.h"
#include "core/err.h"

#define CONN_BACKOFF_MIN 2
#define CONN_BACKOFF_MAX 60
#define CONN_BACKOFF_MAX_LOCAL 2	/* qemu:///system, no host part */
#define AGENT_BACKOFF_MIN 1
#define AGENT_BACKOFF_MAX 120

struct vm_addrs {
	char *uri, *domain;
	virConnectPtr share;		/* a reference, or NULL (see opts) */
	unsigned refresh_s;
	bool routes;
	int efd;
	pthread_t thread;
	bool started;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool stop, kick;		/* under lock */
	struct vm_observed *shared;	/* under lock */
	bool fresh;			/* under lock */
	bool want_dns;			/* under lock */
	struct vm_dns dns_shared;	/* under lock */
	bool dns_fresh;			/* under lock */
	struct vm_dns dns_work;		/* the worker's */
	/* the worker's own */
	struct vm_observed *work, *prev;
	struct virt_conn *vc;
	int cb_life, cb_agent;
	unsigned conn_backoff, agent_backoff;
	unsigned conn_backoff_max;
	int64_t agent_next_ms;
};

static void kick(struct vm_addrs *w)
{
	pthread_mutex_lock(&w->lock);
	w->kick = true;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

static int on_lifecycle(virConnectPtr conn, virDomainPtr dom, int event,
			int detail, void *opaque)
{
	struct vm_addrs *w = opaque;
	const char *name = virDomainGetName(dom);

	(void)conn;
	(void)event;
	(void)detail;
	if (name && strcmp(name, w->domain) == 0)
		kick(w);
	return 0;
}

static void on_agent(virConnectPtr conn, virDomainPtr dom, int state,
		     int reason, void *opaque)
{
	struct vm_addrs *w = opaque;
	const char *name = virDomainGetName(dom);

	(void)conn;
	(void)reason;
	if (!name || strcmp(name, w->domain) != 0)
		return;
	if (state == VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_STATE_CONNECTED) {
		pthread_mutex_lock(&w->lock);
		w->agent_next_ms = 0;	/* read by the worker, see below */
		pthread_mutex_unlock(&w->lock);
	}
	kick(w);
}

/* The connection was lost (libvirt's event thread): look again now. */
static void on_lost(void *ctx)
{
	kick(ctx);
}

static void drop_connection(struct vm_addrs *w)
{
	virConnectPtr c;

	if (!w->vc)
		return;
	c = virt_handle(w->vc);
	if (w->cb_life >= 0 && virConnectDomainEventDeregisterAny(c, w->cb_life) < 0)
		virResetLastError();
	if (w->cb_agent >= 0 &&
	    virConnectDomainEventDeregisterAny(c, w->cb_agent) < 0)
		virResetLastError();
	w->cb_life = w->cb_agent = -1;
	virt_close(w->vc);
	w->vc = NULL;
	virt_events_sync();	/* no callback of ours runs any more */
}

static bool connect_now(struct vm_addrs *w, struct vm_observed *o)
{
	char err[VM_ERR_MAX];
	virConnectPtr c;

	w->vc = w->share ? virt_share(w->share, err, sizeof(err)) :
		virt_connect(w->uri, err, sizeof(err));
	if (!w->vc) {
		vm_observed_init(o);
		str_copy(o->domain, sizeof(o->domain), w->domain);
		str_copy(o->uri, sizeof(o->uri), w->uri ? w->uri : "");
		str_copy(o->conn_err, sizeof(o->conn_err), err);
		o->taken_ms = clock_now_ms();
		o->taken_unix = (int64_t)time(NULL);
		return false;
	}
	virt_on_lost(w->vc, on_lost, w);
	/* the agent's state belongs to the connection before */
	w->agent_backoff = 0;
	pthread_mutex_lock(&w->lock);
	w->agent_next_ms = 0;
	pthread_mutex_unlock(&w->lock);
	c = virt_handle(w->vc);
	w->cb_life = virConnectDomainEventRegisterAny(c, NULL,
		VIR_DOMAIN_EVENT_ID_LIFECYCLE,
		VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle), w, NULL);
	if (w->cb_life < 0)
		virResetLastError();	/* the timer still refreshes */
	w->cb_agent = virConnectDomainEventRegisterAny(c, NULL,
		VIR_DOMAIN_EVENT_ID_AGENT_LIFECYCLE,
		VIR_DOMAIN_EVENT_CALLBACK(on_agent), w, NULL);
	if (w->cb_agent < 0)
		virResetLastError();
	return true;
}

static unsigned backoff(unsigned cur, unsigned min, unsigned max)
{
	if (!cur)
		return min;
	return cur * 2 > max ? max : cur * 2;
}

/* The guest's DNS state after a look at the domain (FLAGS: that look's),
 * when asked for: read when the agent answered; else why not. */
static void refresh_dns(struct vm_addrs *w, unsigned flags)
{
	const struct vm_observed *o = w->work;
	struct vm_dns *d = &w->dns_work;
	bool want;

	pthread_mutex_lock(&w->lock);
	want = w->want_dns;
	pthread_mutex_unlock(&w->lock);
	if (!want)
		return;
	if (o->state == VM_STATE_RUNNING && !(flags & VM_ADDRS_NO_AGENT) &&
	    o->src[VM_SRC_AGENT].ok) {
		(void)vm_addrs_read_dns(virt_handle(w->vc), w->domain, d);
	} else if (o->state == VM_STATE_RUNNING &&
		   (flags & VM_ADDRS_NO_AGENT) && d->ok) {
		return;		/* backing off: the last view stays */
	} else {
		vm_dns_free(d);
		d->taken_ms = o->taken_ms;
		d->taken_unix = o->taken_unix;
		if (!o->connected || o->state == VM_STATE_UNKNOWN)
			str_copy(d->err, sizeof(d->err), o->conn_err[0] ?
				 o->conn_err : "not connected to libvirt");
		else if (o->state != VM_STATE_RUNNING)
			snprintf(d->err, sizeof(d->err), "the VM is %s: its "
				 "DNS state is read through the guest agent "
				 "while it runs", vm_state_name(o->state));
		else
			snprintf(d->err, sizeof(d->err), "the guest agent is "
				 "not available (%s)",
				 o->src[VM_SRC_AGENT].err[0] ?
				 o->src[VM_SRC_AGENT].err : "not asked yet");
	}
	pthread_mutex_lock(&w->lock);
	if (vm_dns_copy(&w->dns_shared, d) < 0)
		snprintf(w->dns_shared.err, sizeof(w->dns_shared.err),
			 "out of memory");
	w->dns_fresh = true;
	pthread_mutex_unlock(&w->lock);
}

/* One refresh; returns the delay before the next, in ms. */
static int64_t refresh_once(struct vm_addrs *w)
{
	struct vm_observed *o = w->work;
	unsigned flags = w->routes ? VM_ADDRS_ROUTES : 0;
	int64_t t = clock_now_ms(), agent_next;
	const char *lost;
	int64_t delay = (int64_t)w->refresh_s * 1000;

	if (!w->vc && !connect_now(w, o)) {
		w->conn_backoff = backoff(w->conn_backoff, CONN_BACKOFF_MIN,
					  w->conn_backoff_max);
		o->retry_s = w->conn_backoff;
		refresh_dns(w, VM_ADDRS_NO_AGENT);
		return (int64_t)w->conn_backoff * 1000;
	}
	pthread_mutex_lock(&w->lock);
	agent_next = w->agent_next_ms;
	pthread_mutex_unlock(&w->lock);
	if (t < agent_next)
		flags |= VM_ADDRS_NO_AGENT;
	vm_addrs_collect(virt_handle(w->vc), w->domain, flags, o);
	lost = virt_lost(w->vc);
	if (lost || (!o->connected &&
		     virConnectIsAlive(virt_handle(w->vc)) != 1)) {
		char why[VM_ERR_MAX];

		virResetLastError();
		str_copy(why, sizeof(why), lost ? lost : o->conn_err);
		drop_connection(w);
		o->connected = false;
		str_copy(o->conn_err, sizeof(o->conn_err), why);
		w->conn_backoff = backoff(w->conn_backoff, CONN_BACKOFF_MIN,
					  w->conn_backoff_max);
		o->retry_s = w->conn_backoff;
		refresh_dns(w, VM_ADDRS_NO_AGENT);
		return (int64_t)w->conn_backoff * 1000;
	}
	w->conn_backoff = 0;
	if (flags & VM_ADDRS_NO_AGENT) {
		/* keep the agent's last answer (its error) meanwhile */
		o->src[VM_SRC_AGENT] = w->prev->src[VM_SRC_AGENT];
		o->routes_tried = w->prev->routes_tried;
		o->routes_ok = w->prev->routes_ok;
		memcpy(o->routes_err, w->prev->routes_err,
		       sizeof(o->routes_err));
		memcpy(o->proc_route, w->prev->proc_route,
		       sizeof(o->proc_route));
		o->retry_s = (unsigned)((agent_next - t + 999) / 1000);
		if (agent_next - t < delay)
			delay = agent_next - t;	/* ask it when the wait ends */
	} else if (o->src[VM_SRC_AGENT].tried && !o->src[VM_SRC_AGENT].ok) {
		w->agent_backoff = backoff(w->agent_backoff, AGENT_BACKOFF_MIN,
					   AGENT_BACKOFF_MAX);
		pthread_mutex_lock(&w->lock);
		w->agent_next_ms = t + (int64_t)w->agent_backoff * 1000;
		pthread_mutex_unlock(&w->lock);
		o->retry_s = w->agent_backoff;
		if ((int64_t)w->agent_backoff * 1000 < delay)
			delay = (int64_t)w->agent_backoff * 1000;
	} else {
		w->agent_backoff = 0;
	}
	refresh_dns(w, flags);
	return delay;
}

static void *watch_main(void *arg)
{
	struct vm_addrs *w = arg;
	int64_t due = 0;

	pthread_mutex_lock(&w->lock);
	while (!w->stop) {
		struct vm_observed *tmp;
		uint64_t one = 1;

		while (!w->stop && !w->kick && clock_now_ms() < due) {
			int64_t d = due;
			struct timespec ts;

			/* the condition variable waits on CLOCK_MONOTONIC */
			ts.tv_sec = (time_t)(d / 1000);
			ts.tv_nsec = (long)(d % 1000) * 1000000;
			pthread_cond_timedwait(&w->cond, &w->lock, &ts);
		}
		if (w->stop)
			break;
		w->kick = false;
		pthread_mutex_unlock(&w->lock);

		due = clock_now_ms() + refresh_once(w);
		vmaddr_carry_since(w->work, w->prev);
		pthread_mutex_lock(&w->lock);
		*w->shared = *w->work;
		w->fresh = true;
		pthread_mutex_unlock(&w->lock);
		if (write(w->efd, &one, sizeof(one)) < 0) {
			/* the counter is full: a snapshot is waiting anyway */
		}
		tmp = w->prev;
		w->prev = w->work;
		w->work = tmp;
		pthread_mutex_lock(&w->lock);
	}
	pthread_mutex_unlock(&w->lock);
	drop_connection(w);
	return NULL;
}

static void watch_free(struct vm_addrs *w)
{
	if (w->efd >= 0)
		close(w->efd);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->cond);
	if (w->share && virConnectClose(w->share) < 0)
		virResetLastError();
	free(w->uri);
	free(w->domain);
	free(w->shared);
	free(w->work);
	free(w->prev);
	vm_dns_free(&w->dns_shared);
	vm_dns_free(&w->dns_work);
	free(w);
}

struct vm_addrs *vm_addrs_start(const struct vm_addrs_opts *o, char *err,
				size_t errlen)
{
	struct vm_addrs *w = calloc(1, sizeof(*w));
	pthread_condattr_t ca;

	if (!w) {
		errf(err, errlen, "out of memory");
		return NULL;
	}
	w->efd = -1;
	w->cb_life = w->cb_agent = -1;
	pthread_mutex_init(&w->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&w->cond, &ca);
	pthread_condattr_destroy(&ca);
	w->uri = o->uri ? strdup(o->uri) : NULL;
	if (o->share && virConnectRef(o->share) == 0)
		w->share = o->share;
	w->domain = strdup(o->domain ? o->domain : "");
	w->refresh_s = o->refresh_s ? o->refresh_s : 30;
	w->conn_backoff_max = host_uri_is_local(o->uri) ? CONN_BACKOFF_MAX_LOCAL :
		CONN_BACKOFF_MAX;
	w->routes = o->routes;
	w->want_dns = o->dns;
	vm_dns_init(&w->dns_shared);
	vm_dns_init(&w->dns_work);
	w->shared = calloc(1, sizeof(*w->shared));
	w->work = calloc(1, sizeof(*w->work));
	w->prev = calloc(1, sizeof(*w->prev));
	if ((o->uri && !w->uri) || !w->domain || !w->shared || !w->work ||
	    !w->prev) {
		errf(err, errlen, "out of memory");
		watch_free(w);
		return NULL;
	}
	w->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (w->efd < 0) {
		errf(err, errlen, "eventfd: %s", strerror(errno));
		watch_free(w);
		return NULL;
	}
	if (virt_events_get(err, errlen) != 0) {
		watch_free(w);
		return NULL;
	}
	if (pthread_create(&w->thread, NULL, watch_main, w) != 0) {
		errf(err, errlen, "cannot start the VM watcher thread");
		virt_events_put();
		watch_free(w);
		return NULL;
	}
	w->started = true;
	return w;
}

void vm_addrs_stop(struct vm_addrs *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = true;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
	if (w->started)
		pthread_join(w->thread, NULL);
	virt_events_put();
	watch_free(w);
}

int vm_addrs_fd(const struct vm_addrs *w)
{
	return w->efd;
}

bool vm_addrs_take(struct vm_addrs *w, struct vm_observed *out)
{
	uint64_t v;
	bool got = false;

	if (read(w->efd, &v, sizeof(v)) < 0) {
		/* EAGAIN: nothing announced; look anyway */
	}
	pthread_mutex_lock(&w->lock);
	if (w->fresh) {
		*out = *w->shared;
		w->fresh = false;
		got = true;
	}
	pthread_mutex_unlock(&w->lock);
	return got;
}

void vm_addrs_refresh(struct vm_addrs *w)
{
	kick(w);
}

void vm_addrs_want_dns(struct vm_addrs *w)
{
	bool was;

	pthread_mutex_lock(&w->lock);
	was = w->want_dns;
	w->want_dns = true;
	if (!was) {
		w->kick = true;
		pthread_cond_signal(&w->cond);
	}
	pthread_mutex_unlock(&w->lock);
}

bool vm_addrs_take_dns(struct vm_addrs *w, struct vm_dns *out)
{
	bool got = false;

	pthread_mutex_lock(&w->lock);
	if (w->dns_fresh) {
		got = vm_dns_copy(out, &w->dns_shared) == 0;
		w->dns_fresh = false;
	}
	pthread_mutex_unlock(&w->lock);
	return got;
}
