/*
 * dns_live.c - keeps a struct dnsview_live current: the view of
 * dns_resolved with the results of dns_probe merged in and checked.  An
 * epoll set holds both backends' descriptors (themselves epoll sets) and
 * a timerfd for the periodic re-probe.  A remote one (the VM's) has no
 * dns_resolved: its view is handed in, and only the servers that can be
 * reached sensibly from here are probed (unbound).
 *
 * May touch what dns_resolved and dns_probe touch.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "backend/dns_live.h"
#include "core/dnsview_check.h"
#include "core/str.h"
#include "core/err.h"

struct dns_live {
	bool remote;
	struct dns_resolved *res;		/* NULL when remote */
	struct dns_probe *probe;
	int epfd, tfd;
	int reprobe_ms;
	struct dnsview_live data;
	/* remote: what the read of the other machine's files said (a file
	 * too large, lines skipped), listed before the checks' problems */
	struct diag_list read_problems;
};

static void dl_arm(struct dns_live *l)
{
	struct itimerspec its = { 0 };

	if (l->reprobe_ms > 0) {
		its.it_value.tv_sec = l->reprobe_ms / 1000;
		its.it_value.tv_nsec = (long)(l->reprobe_ms % 1000) * 1000000;
	}
	(void)timerfd_settime(l->tfd, 0, &its, NULL);
}

static int dl_add(struct dns_live *l, int fd)
{
	struct epoll_event ev = { 0 };

	ev.events = EPOLLIN;
	ev.data.fd = fd;
	return epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev);
}

static struct dns_live *dl_new(const struct dns_live_opts *o, bool remote,
			       char *err, size_t errlen)
{
	static const struct dns_live_opts defaults = { 0 };
	struct dns_probe_opts po;
	struct dns_live *l;

	if (!o)
		o = &defaults;
	l = calloc(1, sizeof(*l));
	if (!l) {
		errf(err, errlen, "out of memory");
		return NULL;
	}
	dnsview_live_init(&l->data);
	l->epfd = -1;
	l->tfd = -1;
	str_copy(l->data.machine, sizeof(l->data.machine),
		 o->machine && *o->machine ? o->machine : "this machine");
	snprintf(l->data.probe_name, sizeof(l->data.probe_name), "%s %s",
		 o->probe.name && *o->probe.name ? o->probe.name : ".",
		 o->probe.qtype == 1 ? "A" : o->probe.qtype == 28 ? "AAAA" :
		 o->probe.qtype > 0 && o->probe.qtype != 2 ? "(other)" : "NS");
	l->reprobe_ms = o->reprobe_ms ? o->reprobe_ms : 60000;
	l->remote = remote;
	l->data.remote = remote;
	if (!remote) {
		l->res = dns_resolved_new(&o->resolved, err, errlen);
		if (!l->res)
			goto fail;
	}
	po = o->probe;
	if (remote)
		po.unbound = true;	/* not through this machine's links */
	l->probe = dns_probe_new(&po, err, errlen);
	if (!l->probe)
		goto fail;
	l->epfd = epoll_create1(EPOLL_CLOEXEC);
	l->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (l->epfd < 0 || l->tfd < 0 ||
	    (l->res && dl_add(l, dns_resolved_fd(l->res))) ||
	    dl_add(l, dns_probe_fd(l->probe)) || dl_add(l, l->tfd)) {
		errf(err, errlen, "cannot set up the DNS panel: %s",
		     strerror(errno));
		goto fail;
	}
	dl_arm(l);
	if (remote) {
		snprintf(l->data.status, sizeof(l->data.status), "reading "
			 "through the guest agent...");
		return l;
	}
	str_copy(l->data.status, sizeof(l->data.status),
		 dns_resolved_status(l->res));
	/* the files may have been read already (no bus) */
	dns_live_process(l);
	return l;
fail:
	dns_live_free(l);
	return NULL;
}

struct dns_live *dns_live_new(const struct dns_live_opts *o, char *err,
			      size_t errlen)
{
	return dl_new(o, false, err, errlen);
}

struct dns_live *dns_live_new_remote(const struct dns_live_opts *o,
				     char *err, size_t errlen)
{
	return dl_new(o, true, err, errlen);
}

void dns_live_free(struct dns_live *l)
{
	if (!l)
		return;
	dns_probe_free(l->probe);
	dns_resolved_free(l->res);
	if (l->tfd >= 0)
		close(l->tfd);
	if (l->epfd >= 0)
		close(l->epfd);
	dnsview_live_free(&l->data);
	diag_list_free(&l->read_problems);
	free(l);
}

int dns_live_fd(const struct dns_live *l)
{
	return l->epfd;
}

struct dnsview_live *dns_live_data(struct dns_live *l)
{
	return &l->data;
}

/* Probe results into the view, the checks again. */
static void dl_merge(struct dns_live *l)
{
	dns_probe_annotate(l->probe, &l->data.view);
	diag_list_clear(&l->data.problems);
	for (size_t i = 0; i < l->read_problems.count; i++) {
		const struct diag *x = &l->read_problems.items[i];

		if (diag_add_line(&l->data.problems, x->severity, x->path,
				  x->line, "%s", x->message) < 0)
			break;
	}
	if (l->remote) {
		dnsview_mark_unprobeable(&l->data.view);
		(void)dnsview_check_remote(&l->data.view, &l->data.problems);
	} else {
		(void)dnsview_check(&l->data.view, &l->data.problems);
	}
	l->data.probing = dns_probe_running(l->probe);
}

struct dl_start_ctx {
	struct dns_probe *probe;
	bool only_new;
};

static int dl_start_one(const struct dnsview_server *s, int link_ifindex,
			void *ctx)
{
	struct dl_start_ctx *c = ctx;
	char err[ERR_MAX];

	if (!dnsview_server_probe_from_host(s, NULL, 0))
		return 0;
	if (c->only_new && s->probe.state != DNSVIEW_PROBE_NONE)
		return 0;
	(void)dns_probe_start(c->probe, s, link_ifindex, err, sizeof(err));
	return 0;
}

/* A remote view's servers that make sense from here (ONLY_NEW: those
 * without a result yet; the view is annotated). */
static void dl_start_remote(struct dns_live *l, bool only_new)
{
	struct dl_start_ctx c = { l->probe, only_new };

	dns_probe_annotate(l->probe, &l->data.view);
	(void)dnsview_each_server(&l->data.view, dl_start_one, &c);
}

int dns_live_set_view(struct dns_live *l, const struct dnsview *v,
		      const char *status, int64_t read_wall,
		      unsigned refresh_s)
{
	bool same;

	same = v && l->data.view.source != DNSVIEW_SOURCE_NONE &&
	       dnsview_equal(&l->data.view, v);
	if (!v) {
		dnsview_free(&l->data.view);
		dns_probe_forget(l->probe);
	} else if (!same) {
		if (dnsview_copy(&l->data.view, v) < 0)
			return -1;
		dns_probe_prune(l->probe, &l->data.view);
		l->data.changed_wall = read_wall;
		dl_start_remote(l, true);
	}
	str_copy(l->data.status, sizeof(l->data.status), status);
	l->data.read_wall = read_wall;
	l->data.refresh_s = refresh_s;
	dl_merge(l);
	l->data.version++;
	return 1;
}

int dns_live_set_read_problems(struct dns_live *l,
			       const struct diag_list *problems)
{
	diag_list_clear(&l->read_problems);
	for (size_t i = 0; problems && i < problems->count; i++) {
		const struct diag *x = &problems->items[i];

		if (diag_add_line(&l->read_problems, x->severity, x->path,
				  x->line, "%s", x->message) < 0)
			return -1;
	}
	dl_merge(l);
	l->data.version++;
	return 1;
}

/* The probes' results that came in, merged into the data with the
 * view's changes when either changed (*CHANGED then true).  0, or -1
 * when the probes failed. */
static int dl_take_probes(struct dns_live *l, bool *changed)
{
	int r = dns_probe_process(l->probe);

	if (r < 0)
		return -1;
	if (r > 0 || *changed) {
		dl_merge(l);
		if (r > 0 && !l->data.probing)
			l->data.probed_wall = (int64_t)time(NULL);
		*changed = true;
	}
	return 0;
}

int dns_live_process(struct dns_live *l)
{
	struct epoll_event ev[4];
	uint64_t ticks;
	bool changed = false, reprobe = false;
	char err[ERR_MAX];
	int n, r;

	n = epoll_wait(l->epfd, ev, 4, 0);
	if (n < 0 && errno != EINTR)
		return -1;
	if (read(l->tfd, &ticks, sizeof(ticks)) > 0)
		reprobe = true;
	if (l->data.refresh_requested) {
		l->data.refresh_requested = false;
		if (l->res)
			dns_resolved_refresh(l->res);
		reprobe = true;
	}
	if (l->remote) {
		/* the view comes from dns_live_set_view */
		if (reprobe && l->data.view.source != DNSVIEW_SOURCE_NONE) {
			dl_start_remote(l, false);
			dl_arm(l);
			changed = true;
		}
		if (dl_take_probes(l, &changed) < 0)
			return -1;
		if (changed)
			l->data.version++;
		return changed ? 1 : 0;
	}
	r = dns_resolved_process(l->res);
	if (r < 0)
		return -1;
	if (r > 0) {
		if (dnsview_copy(&l->data.view, dns_resolved_view(l->res)) < 0)
			return -1;
		dns_probe_prune(l->probe, &l->data.view);
		if (!reprobe)
			(void)dns_probe_start_new(l->probe, &l->data.view, err,
						  sizeof(err));
		l->data.changed_wall = (int64_t)time(NULL);
		changed = true;
	}
	if (reprobe && dns_resolved_ready(l->res)) {
		(void)dns_probe_start_view(l->probe, &l->data.view, err,
					   sizeof(err));
		dl_arm(l);
		changed = true;
	}
	if (dl_take_probes(l, &changed) < 0)
		return -1;
	if (strcmp(l->data.status, dns_resolved_status(l->res))) {
		str_copy(l->data.status, sizeof(l->data.status),
			 dns_resolved_status(l->res));
		changed = true;
	}
	if (changed)
		l->data.version++;
	return changed ? 1 : 0;
}
