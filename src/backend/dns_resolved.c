/*
 * dns_resolved.c - the local DNS view from systemd-resolved over D-Bus
 * (sd-bus), with its state files and /etc/resolv.conf as the fallback:
 * the object, its descriptors and what the view is published from.
 *
 * Everything is asynchronous: a read (dns_resolved_bus.c) sends GetAll for
 * the Manager and then for each link's object
 * (/org/freedesktop/resolve1/link/_3N, the path resolvectl uses; GetLink
 * would return the same), collects the replies into a new view and
 * publishes it when the last one came.  Replies of an older read are told
 * apart by a generation number and dropped.  The bus descriptor, a
 * timerfd (sd-bus time-outs, debounce, back-off, periodic read), inotify
 * on the state directories and an rtnetlink socket sit in one epoll set
 * whose descriptor the console polls.  When resolved cannot be asked,
 * dns_resolved_files.c reads the files.
 *
 * May touch: the system bus (read-only calls, auto-start off), reads of
 * /run/systemd/resolve, /run/systemd/netif and /etc/resolv.conf, an
 * rtnetlink socket that only listens.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include <systemd/sd-bus.h>

#include "backend/dns_resolved.h"
#include "backend/dns_resolved_files.h"
#include "backend/dns_resolved_priv.h"
#include "core/str.h"
#include "core/err.h"

void dr_status(struct dns_resolved *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->status, sizeof(r->status), fmt, ap);
	va_end(ap);
}

/* --- publishing --- */

void dr_publish(struct dns_resolved *r, struct dnsview *v)
{
	v->read_ms = (int64_t)((uint64_t)clock_now_us() / 1000u);
	if (!r->ready || !dnsview_equal(&r->view, v)) {
		struct dnsview tmp = r->view;

		r->view = *v;
		*v = tmp;
		r->version++;
		r->changed = 1;
	} else {
		r->view.read_ms = v->read_ms;
	}
	dnsview_free(v);
	r->ready = true;
}

/* Builds the view from the files (backend/dns_resolved_files.c), REASON
 * saying why resolved is not the source and FIX what to do about it (a
 * sentence, or ""), and publishes it. */
void dr_read_files(struct dns_resolved *r, const char *reason,
			  const char *fix)
{
	struct dns_resolved_files f = {
		r->state_dir, r->networkd_dir, r->resolv_conf
	};
	struct dnsview v;

	dns_resolved_files_view(&v, &f, reason, fix);
	dr_publish(r, &v);
}

/* --- timer and descriptors --- */

static void dr_arm(struct dns_resolved *r)
{
	struct itimerspec its = { 0 };
	uint64_t t = 0, bt = UINT64_MAX;

	if (r->reconnect_at)
		t = r->reconnect_at;
	if (r->refresh_at && (!t || r->refresh_at < t))
		t = r->refresh_at;
	if (r->periodic_at && (!t || r->periodic_at < t))
		t = r->periodic_at;
	if (r->bus && sd_bus_get_timeout(r->bus, &bt) >= 0 &&
	    bt != UINT64_MAX && (!t || bt < t))
		t = bt ? bt : 1;
	if (t) {
		its.it_value.tv_sec = (time_t)(t / 1000000u);
		its.it_value.tv_nsec = (long)(t % 1000000u) * 1000;
		if (!its.it_value.tv_sec && !its.it_value.tv_nsec)
			its.it_value.tv_nsec = 1;
	}
	(void)timerfd_settime(r->tfd, TFD_TIMER_ABSTIME, &its, NULL);
}

static void dr_bus_events(struct dns_resolved *r)
{
	struct epoll_event ev = { 0 };
	int e;

	if (!r->bus || r->busfd < 0)
		return;
	e = sd_bus_get_events(r->bus);
	if (e < 0)
		e = POLLIN;
	ev.events = (e & POLLIN ? EPOLLIN : 0) | (e & POLLOUT ? EPOLLOUT : 0);
	ev.data.fd = r->busfd;
	(void)epoll_ctl(r->epfd, EPOLL_CTL_MOD, r->busfd, &ev);
}

void dr_schedule_refresh(struct dns_resolved *r, uint64_t delay_us)
{
	uint64_t at = (uint64_t)clock_now_us() + delay_us;

	if (!r->refresh_at || at < r->refresh_at)
		r->refresh_at = at;
}

static void dr_add_watch(struct dns_resolved *r, enum dr_watch w,
			 const char *dir)
{
	if (r->ifd < 0 || r->wd[w] >= 0)
		return;
	r->wd[w] = inotify_add_watch(r->ifd, dir, IN_CLOSE_WRITE |
				     IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE |
				     IN_DELETE | IN_DELETE_SELF | IN_ONLYDIR);
}

/* (Re)adds the watches whose directory exists now. */
void dr_watch(struct dns_resolved *r)
{
	char path[PATH_MAX + 16];

	dr_add_watch(r, DR_W_STATE, r->state_dir);
	/* a cut path would watch another directory: none then */
	if (str_path(path, sizeof(path), NULL, 0, "%s/netif",
		     r->state_dir) == 0)
		dr_add_watch(r, DR_W_NETIF, path);
	if (str_path(path, sizeof(path), NULL, 0, "%s/links",
		     r->networkd_dir) == 0)
		dr_add_watch(r, DR_W_LINKS, path);
	dr_add_watch(r, DR_W_ETC, r->resolv_dir);
}

static bool dr_drain_inotify(struct dns_resolved *r)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *ev;
	bool relevant = false;
	ssize_t n;
	char *p;
	int w;

	while ((n = read(r->ifd, buf, sizeof(buf))) > 0) {
		for (p = buf; p < buf + n; p += sizeof(*ev) + ev->len) {
			ev = (const struct inotify_event *)p;
			if (ev->mask & (IN_IGNORED | IN_DELETE_SELF)) {
				for (w = 0; w < DR_W_COUNT; w++)
					if (r->wd[w] == ev->wd)
						r->wd[w] = -1;
				relevant = true;
				continue;
			}
			if (ev->wd == r->wd[DR_W_ETC] &&
			    (!ev->len || strcmp(ev->name, r->resolv_base)))
				continue;
			relevant = true;
		}
	}
	if (n < 0 && errno == EINVAL)
		relevant = true;	/* could not read an event: re-read */
	return relevant;
}

static void dr_drain_netlink(struct dns_resolved *r)
{
	char buf[8192];

	while (recv(r->nlfd, buf, sizeof(buf), MSG_DONTWAIT) > 0 ||
	       errno == ENOBUFS)
		;
}

/* --- the object --- */

static void dr_copy_opt(char *dst, size_t len, const char *v,
			const char *def)
{
	str_copy(dst, len, v && *v ? v : def);
}

struct dns_resolved *dns_resolved_new(const struct dns_resolved_opts *o,
				      char *err, size_t errlen)
{
	static const struct dns_resolved_opts defaults = { 0 };
	struct dns_resolved *r;
	struct sockaddr_nl snl = { 0 };
	struct epoll_event ev = { 0 };
	const char *env;
	char *slash;
	int w;

	if (!o)
		o = &defaults;
	r = calloc(1, sizeof(*r));
	if (!r) {
		errf(err, errlen, "out of memory");
		return NULL;
	}
	env = getenv("DBUS_SYSTEM_BUS_ADDRESS");
	dr_copy_opt(r->bus_address, sizeof(r->bus_address), o->bus_address,
		    env && *env ? env : DR_DEFAULT_BUS);
	dr_copy_opt(r->state_dir, sizeof(r->state_dir), o->state_dir,
		    "/run/systemd/resolve");
	dr_copy_opt(r->networkd_dir, sizeof(r->networkd_dir), o->networkd_dir,
		    "/run/systemd/netif");
	dr_copy_opt(r->resolv_conf, sizeof(r->resolv_conf), o->resolv_conf,
		    "/etc/resolv.conf");
	str_copy(r->resolv_dir, sizeof(r->resolv_dir), r->resolv_conf);
	slash = strrchr(r->resolv_dir, '/');
	if (slash && slash != r->resolv_dir)
		*slash = '\0';
	else
		snprintf(r->resolv_dir, sizeof(r->resolv_dir), slash ? "/" : ".");
	slash = strrchr(r->resolv_conf, '/');
	r->resolv_base = slash ? slash + 1 : r->resolv_conf;
	r->refresh_ms = o->refresh_ms ? o->refresh_ms : 5000;
	r->call_timeout_ms = o->call_timeout_ms > 0 ? o->call_timeout_ms : 3000;
	r->backoff_max_ms = o->backoff_max_ms > 0 ? o->backoff_max_ms :
		DR_BACKOFF_MAX_MS;
	if (r->backoff_max_ms < DR_BACKOFF_MIN_MS)
		r->backoff_max_ms = DR_BACKOFF_MIN_MS;
	r->busfd = -1;
	r->ifd = -1;
	r->nlfd = -1;
	r->tfd = -1;
	for (w = 0; w < DR_W_COUNT; w++)
		r->wd[w] = -1;
	dnsview_init(&r->view);
	dnsview_init(&r->building);
	dr_status(r, "starting");

	r->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (r->epfd < 0)
		goto fail;
	r->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (r->tfd < 0)
		goto fail;
	ev.events = EPOLLIN;
	ev.data.fd = r->tfd;
	if (epoll_ctl(r->epfd, EPOLL_CTL_ADD, r->tfd, &ev))
		goto fail;
	/* inotify and rtnetlink only make the view fresher: not fatal */
	r->no_watch = o->no_watch;
	if (!r->no_watch)
		r->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (r->ifd >= 0) {
		ev.data.fd = r->ifd;
		if (epoll_ctl(r->epfd, EPOLL_CTL_ADD, r->ifd, &ev)) {
			close(r->ifd);
			r->ifd = -1;
		}
	}
	if (!r->no_watch)
		r->nlfd = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK |
				 SOCK_CLOEXEC, NETLINK_ROUTE);
	if (r->nlfd >= 0) {
		snl.nl_family = AF_NETLINK;
		snl.nl_groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR |
				RTMGRP_IPV6_IFADDR;
		ev.data.fd = r->nlfd;
		if (bind(r->nlfd, (struct sockaddr *)&snl, sizeof(snl)) ||
		    epoll_ctl(r->epfd, EPOLL_CTL_ADD, r->nlfd, &ev)) {
			close(r->nlfd);
			r->nlfd = -1;
		}
	}
	dr_watch(r);
	if (dr_connect(r) == 0)
		dr_refresh_start(r);
	dr_bus_events(r);
	dr_arm(r);
	return r;
fail:
	errf(err, errlen, "cannot set up the DNS view: %s",
	     strerror(errno));
	dns_resolved_free(r);
	return NULL;
}

void dns_resolved_free(struct dns_resolved *r)
{
	if (!r)
		return;
	dr_bus_close(r);
	if (r->nlfd >= 0)
		close(r->nlfd);
	if (r->ifd >= 0)
		close(r->ifd);
	if (r->tfd >= 0)
		close(r->tfd);
	if (r->epfd >= 0)
		close(r->epfd);
	dnsview_free(&r->view);
	dnsview_free(&r->building);
	free(r);
}

int dns_resolved_fd(const struct dns_resolved *r)
{
	return r->epfd;
}

const struct dnsview *dns_resolved_view(const struct dns_resolved *r)
{
	return &r->view;
}

bool dns_resolved_ready(const struct dns_resolved *r)
{
	return r->ready;
}

unsigned dns_resolved_version(const struct dns_resolved *r)
{
	return r->version;
}

const char *dns_resolved_status(const struct dns_resolved *r)
{
	return r->status;
}

void dns_resolved_refresh(struct dns_resolved *r)
{
	if (!r->bus) {
		r->backoff_ms = 0;
		r->reconnect_at = (uint64_t)clock_now_us();
	} else {
		dr_schedule_refresh(r, 0);
	}
	dr_arm(r);
}

/* Lets the bus read and send all it can; a failure or a closed
 * connection is the bus lost. */
static void dr_bus_pump(struct dns_resolved *r)
{
	int e;

	if (!r->bus)
		return;
	do {
		e = sd_bus_process(r->bus, NULL);
	} while (e > 0 && r->bus);
	if (r->bus && (e < 0 || !sd_bus_is_open(r->bus)))
		dr_bus_lost(r, e < 0 ? strerror(-e) : "the connection closed");
}

int dns_resolved_process(struct dns_resolved *r)
{
	struct epoll_event ev[8];
	uint64_t ticks, now;
	int n, i, ret;

	n = epoll_wait(r->epfd, ev, 8, 0);
	if (n < 0 && errno != EINTR)
		return -1;
	for (i = 0; i < n; i++) {
		if (ev[i].data.fd == r->tfd) {
			while (read(r->tfd, &ticks, sizeof(ticks)) > 0)
				;
		} else if (ev[i].data.fd == r->ifd) {
			if (dr_drain_inotify(r))
				dr_schedule_refresh(r, DR_DEBOUNCE_US);
		} else if (ev[i].data.fd == r->nlfd) {
			dr_drain_netlink(r);
			dr_schedule_refresh(r, DR_DEBOUNCE_US);
		}
		/* the bus is processed below in any case */
	}
	dr_bus_pump(r);
	now = (uint64_t)clock_now_us();
	if (r->reconnect_at && now >= r->reconnect_at) {
		r->reconnect_at = 0;
		if (dr_connect(r) == 0)
			dr_refresh_start(r);
	}
	if (r->refresh_at && now >= r->refresh_at) {
		if (r->bus || !r->reconnect_at) {
			dr_refresh_start(r);
		} else {
			/* no bus: the files changed, read them again */
			r->refresh_at = 0;
			dr_watch(r);
			dr_read_files(r, "The system D-Bus cannot be reached, "
				      "so systemd-resolved cannot be asked",
				      DR_FIX_BUS);
		}
	}
	if (r->periodic_at && now >= r->periodic_at)
		dr_refresh_start(r);
	dr_bus_pump(r);	/* send what the callbacks queued */
	dr_bus_events(r);
	dr_arm(r);
	ret = r->changed;
	r->changed = 0;
	return ret;
}

int dns_resolved_read_once(const struct dns_resolved_opts *o,
			   struct dnsview *out, int timeout_ms, char *err,
			   size_t errlen)
{
	struct dns_resolved_opts oo = { 0 };
	struct dns_resolved *r;
	struct pollfd pfd;
	uint64_t end;
	int left, rc = 0;

	if (o)
		oo = *o;
	oo.refresh_ms = -1;
	oo.no_watch = true;
	r = dns_resolved_new(&oo, err, errlen);
	if (!r)
		return -1;
	end = (uint64_t)clock_now_us() +
	      (uint64_t)(timeout_ms > 0 ? timeout_ms : 0) * 1000u;
	pfd.fd = dns_resolved_fd(r);
	pfd.events = POLLIN;
	while (!r->ready || r->inflight) {
		uint64_t now = (uint64_t)clock_now_us();

		if (now >= end)
			break;
		left = (int)((end - now + 999) / 1000);
		if (poll(&pfd, 1, left) < 0 && errno != EINTR)
			break;
		if (dns_resolved_process(r) < 0)
			break;
	}
	if (!r->ready)
		dr_read_files(r, "systemd-resolved did not answer in time",
			      DR_FIX_HUNG);
	if (dnsview_copy(out, &r->view) < 0) {
		errf(err, errlen, "out of memory");
		rc = -1;
	}
	dns_resolved_free(r);
	return rc;
}

