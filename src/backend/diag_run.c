/*
 * diag_run.c - a list of probes run side by side (diag_run.h).
 *
 * One epoll descriptor holds every running netprobe's socket, a timerfd
 * armed at the nearest netprobe deadline (netprobe_timeout_ms), and the
 * descriptor of the run's one dns_probe (itself an epoll set with its
 * own timer).  Whatever wakes it, diag_run_process lets every running
 * netprobe read and send what is due (each call is non-blocking), lets
 * the DNS prober do its work, copies what finished into the results and
 * re-arms the timer.  PORT and LIBVIRT_DHCP only read and finish in
 * diag_run_start; skipped targets are SKIPPED with their reason.
 *
 * A NIC's GATEWAY target waits (RUNNING, no socket yet) for the same
 * NIC's ADDR target to finish, and then runs knowing what it found: the
 * echo from the planned address (and the answers to the gateway's ARP
 * for it) would move the gateway's neighbour entry for that address to
 * the probe's throw-away MAC, so it goes only when the address probe
 * found the address free (PROBE_PING_ALLOWED).  Answered by another
 * device, by the VM's own MAC, skipped, failed, or no address probe at
 * all: the gateway probe is an ARP probe only, and its result says why
 * (netprobe.h, probe_gateway's no_ping).
 *
 * Touches: what netprobe.c, dns_probe.c and port_info.c touch (packet
 * sockets on the targets' interfaces, UDP to the DNS servers, netlink,
 * sysfs, /proc and libvirt's pid files); nothing else.
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "backend/diag_run.h"
#include "backend/port_info.h"
#include "core/probe_verdict.h"
#include "core/str.h"
#include "core/clock.h"
#include "core/err.h"

#define DR_TIMER_KEY ((uint64_t)-1)
#define DR_DNS_KEY ((uint64_t)-2)

struct diag_run {
	struct probe_target *t;
	struct probe_result *r;
	struct netprobe **np;		/* running wire probes, NULL else */
	struct dnsview_server *srv;	/* DNS targets' servers */
	bool *dns_running;
	bool *gw_waiting;		/* GATEWAY waiting for its NIC's ADDR */
	long long *start_ms;
	size_t n;
	int epfd, tfd;
	struct dns_probe *dns;
	struct diag_run_opts o;
};

static int ep_add(int epfd, int fd, uint64_t key)
{
	struct epoll_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLIN;
	ev.data.u64 = key;
	return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
}

static void finish(struct diag_run *dr, size_t i)
{
	if (dr->r[i].elapsed_ms <= 0 && dr->start_ms[i] > 0)
		dr->r[i].elapsed_ms = clock_now_ms() - dr->start_ms[i];
}

static void fail(struct probe_result *r, const char *why)
{
	r->status = PROBE_FAILED;
	str_copy(r->why, sizeof(r->why), why);
}

static const struct host_net *find_net(const struct host_facts *h,
				       const char *name)
{
	if (!h || !h->nets)
		return NULL;
	for (size_t i = 0; i < h->nets->count; i++)
		if (strcmp(h->nets->items[i].name, name) == 0)
			return &h->nets->items[i];
	return NULL;
}

static void start_dns(struct diag_run *dr, size_t i)
{
	const struct probe_target *t = &dr->t[i];
	struct probe_result *r = &dr->r[i];
	char err[ERR_MAX];

	str_copy(r->dns.server, sizeof(r->dns.server), t->target);
	if (dnsview_server_parse(&dr->srv[i], t->target, err,
				 sizeof(err)) < 0) {
		fail(r, err);
		return;
	}
	if (!dr->dns) {
		dr->dns = dns_probe_new(&dr->o.dns, err, sizeof(err));
		if (!dr->dns) {
			fail(r, err);
			return;
		}
		if (ep_add(dr->epfd, dns_probe_fd(dr->dns), DR_DNS_KEY) < 0) {
			dns_probe_free(dr->dns);
			dr->dns = NULL;
			fail(r, "The DNS probe cannot be watched "
			     "(epoll).");
			return;
		}
	}
	if (dns_probe_start(dr->dns, &dr->srv[i], 0, err, sizeof(err)) < 0) {
		fail(r, err);
		return;
	}
	r->status = PROBE_RUNNING;
	dr->dns_running[i] = true;
}

static void start_one(struct diag_run *dr, size_t i,
		      const struct host_facts *h)
{
	const struct probe_target *t = &dr->t[i];
	struct probe_result *r = &dr->r[i];

	probe_result_init(r, t->kind);
	str_copy(r->ifname, sizeof(r->ifname), t->ifname);
	dr->start_ms[i] = clock_now_ms();
	if (t->skip) {
		r->status = PROBE_SKIPPED;
		str_copy(r->why, sizeof(r->why), t->why_not);
		return;
	}
	switch (t->kind) {
	case PROBE_PORT:
		port_info_read(t->ifname, r);
		break;
	case PROBE_LIBVIRT_DHCP:
		if (!h || !h->nets) {
			r->status = PROBE_SKIPPED;
			str_copy(r->lvdhcp.network, sizeof(r->lvdhcp.network),
				 t->network);
			snprintf(r->why, sizeof(r->why), "libvirt's networks "
				 "could not be read, so its DHCP server for %s "
				 "is not known.", t->network);
			return;
		}
		libvirt_dhcp_read(t->network, find_net(h, t->network),
				  dr->o.libvirt_rundir, r);
		break;
	case PROBE_GATEWAY:
		/* started by start_gateways once its NIC's address probe
		 * has a verdict */
		r->status = PROBE_RUNNING;
		dr->gw_waiting[i] = true;
		return;
	case PROBE_DHCP:
	case PROBE_ADDR:
		dr->np[i] = netprobe_start(t, &dr->o.net, r);
		if (dr->np[i] &&
		    ep_add(dr->epfd, netprobe_fd(dr->np[i]), i) < 0) {
			netprobe_free(dr->np[i]);
			dr->np[i] = NULL;
			fail(r, "The probe's socket cannot be watched "
			     "(epoll).");
		}
		if (dr->np[i])
			return;
		break;
	case PROBE_DNS:
		start_dns(dr, i);
		if (dr->dns_running[i])
			return;
		break;
	default:
		r->status = PROBE_SKIPPED;
		snprintf(r->why, sizeof(r->why), "This kind of probe is not "
			 "known here.");
		return;
	}
	finish(dr, i);
}

/* The address probe of the NIC of target I (the first ADDR target with
 * its NIC, interface and address), or -1 when it has none. */
static long addr_of(const struct diag_run *dr, size_t i)
{
	const struct probe_target *g = &dr->t[i];

	for (size_t j = 0; j < dr->n; j++) {
		const struct probe_target *a = &dr->t[j];

		if (a->kind == PROBE_ADDR && a->nic == g->nic &&
		    !strcmp(a->ifname, g->ifname) &&
		    !strcmp(a->target, g->source))
			return (long)j;
	}
	return -1;
}

static bool final(const struct probe_result *r)
{
	return r->status == PROBE_DONE || r->status == PROBE_FAILED ||
	       r->status == PROBE_SKIPPED;
}

/* May a gateway probe send its echo from the planned address, given its
 * NIC's address probe A (final; -1 none)?  Only when that found nobody
 * there. */
static enum probe_no_ping ping_from(const struct diag_run *dr, long a)
{
	const struct probe_result *ar;

	if (a < 0 || dr->r[a].status != PROBE_DONE)
		return PROBE_NO_PING_UNCHECKED;
	ar = &dr->r[a];
	if (probe_addr_own(&dr->t[a], ar))
		return PROBE_NO_PING_VM_HOLDS;
	if (ar->addr.answered)
		return PROBE_NO_PING_IN_USE;
	return PROBE_PING_ALLOWED;
}

/* Starts each waiting GATEWAY target whose NIC's address probe is final
 * (or that has none).  Returns how many finished at once (could not
 * start). */
static int start_gateways(struct diag_run *dr)
{
	int fin = 0;

	for (size_t i = 0; i < dr->n; i++) {
		struct netprobe_opts o = dr->o.net;
		long a;

		if (!dr->gw_waiting[i])
			continue;
		a = addr_of(dr, i);
		if (a >= 0 && !final(&dr->r[a]))
			continue;	/* its verdict is still to come */
		dr->gw_waiting[i] = false;
		o.gw_ping = ping_from(dr, a);
		dr->start_ms[i] = clock_now_ms();
		dr->np[i] = netprobe_start(&dr->t[i], &o, &dr->r[i]);
		if (dr->np[i] &&
		    ep_add(dr->epfd, netprobe_fd(dr->np[i]), i) < 0) {
			netprobe_free(dr->np[i]);
			dr->np[i] = NULL;
			fail(&dr->r[i], "The probe's socket cannot be watched "
			     "(epoll).");
		}
		if (!dr->np[i]) {
			finish(dr, i);
			fin++;
		}
	}
	return fin;
}

/* The DNS results that are final (some are at once, with no event on
 * the descriptor: no route to the server) into their probe results.
 * Returns how many finished. */
static int collect_dns(struct diag_run *dr)
{
	int fin = 0;

	for (size_t i = 0; dr->dns && i < dr->n; i++) {
		struct dnsview_probe pr;

		if (!dr->dns_running[i] ||
		    !dns_probe_result(dr->dns, &dr->srv[i], 0, &pr) ||
		    pr.state == DNSVIEW_PROBE_PENDING ||
		    pr.state == DNSVIEW_PROBE_NONE)
			continue;
		dr->r[i].dns.probe = pr;
		dr->r[i].status = PROBE_DONE;
		dr->dns_running[i] = false;
		finish(dr, i);
		fin++;
	}
	return fin;
}

/* The timer at the nearest netprobe deadline; disarmed when none runs. */
static void arm(struct diag_run *dr)
{
	struct itimerspec its;
	int best = -1;

	for (size_t i = 0; i < dr->n; i++) {
		int ms;

		if (!dr->np[i])
			continue;
		ms = netprobe_timeout_ms(dr->np[i]);
		if (ms < 0)
			ms = 0;
		if (best < 0 || ms < best)
			best = ms;
	}
	memset(&its, 0, sizeof(its));
	if (best >= 0) {
		its.it_value.tv_sec = best / 1000;
		its.it_value.tv_nsec = (long)(best % 1000) * 1000000L;
		if (best == 0)
			its.it_value.tv_nsec = 1;	/* now, not "disarm" */
	}
	(void)timerfd_settime(dr->tfd, 0, &its, NULL);
}

struct diag_run *diag_run_start(const struct probe_target *t, size_t n,
				const struct host_facts *h,
				const struct diag_run_opts *o,
				char *err, size_t errlen)
{
	struct diag_run *dr = calloc(1, sizeof(*dr));
	size_t cnt = n ? n : 1;

	if (!dr)
		goto oom;
	dr->epfd = dr->tfd = -1;
	dr->n = n;
	if (o)
		dr->o = *o;
	dr->t = calloc(cnt, sizeof(*dr->t));
	dr->r = calloc(cnt, sizeof(*dr->r));
	dr->np = calloc(cnt, sizeof(*dr->np));
	dr->srv = calloc(cnt, sizeof(*dr->srv));
	dr->dns_running = calloc(cnt, sizeof(*dr->dns_running));
	dr->gw_waiting = calloc(cnt, sizeof(*dr->gw_waiting));
	dr->start_ms = calloc(cnt, sizeof(*dr->start_ms));
	if (!dr->t || !dr->r || !dr->np || !dr->srv || !dr->dns_running ||
	    !dr->gw_waiting || !dr->start_ms)
		goto oom;
	if (n)
		memcpy(dr->t, t, n * sizeof(*t));
	dr->epfd = epoll_create1(EPOLL_CLOEXEC);
	dr->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (dr->epfd < 0 || dr->tfd < 0 ||
	    ep_add(dr->epfd, dr->tfd, DR_TIMER_KEY) < 0) {
		errf(err, errlen, "the probes cannot be watched: %s",
		     strerror(errno));
		diag_run_free(dr);
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		start_one(dr, i, h);
	(void)start_gateways(dr);
	(void)collect_dns(dr);
	arm(dr);
	return dr;
oom:
	errf(err, errlen, "out of memory");
	diag_run_free(dr);
	return NULL;
}

int diag_run_fd(const struct diag_run *dr)
{
	return dr->epfd;
}

int diag_run_process(struct diag_run *dr)
{
	struct epoll_event ev[16];
	uint64_t ticks;
	int n, fin = 0;

	n = epoll_wait(dr->epfd, ev, 16, 0);
	if (n < 0 && errno != EINTR)
		return -1;
	while (read(dr->tfd, &ticks, sizeof(ticks)) > 0)
		;
	/* every wire probe: a read that finds nothing costs nothing, and a
	 * resend or a deadline may be due without a packet */
	for (size_t i = 0; i < dr->n; i++) {
		if (!dr->np[i])
			continue;
		if (netprobe_process(dr->np[i], &dr->r[i]) == 1) {
			netprobe_free(dr->np[i]);	/* closes: leaves epoll */
			dr->np[i] = NULL;
			finish(dr, i);
			fin++;
		}
	}
	fin += start_gateways(dr);	/* after the address probes' verdicts */
	if (dr->dns && dns_probe_process(dr->dns) < 0)
		return -1;
	fin += collect_dns(dr);
	arm(dr);
	return fin;
}

bool diag_run_done(const struct diag_run *dr)
{
	for (size_t i = 0; i < dr->n; i++)
		if (dr->np[i] || dr->dns_running[i] || dr->gw_waiting[i])
			return false;
	return true;
}

int diag_run_wait(struct diag_run *dr)
{
	for (;;) {
		struct pollfd pfd = { dr->epfd, POLLIN, 0 };

		if (diag_run_process(dr) < 0)
			return -1;
		if (diag_run_done(dr))
			return 0;
		/* every running probe has a deadline behind the descriptor
		 * (the timer, the DNS prober's own timer) */
		if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
			return -1;
	}
}

size_t diag_run_count(const struct diag_run *dr)
{
	return dr->n;
}

const struct probe_target *diag_run_targets(const struct diag_run *dr)
{
	return dr->t;
}

const struct probe_result *diag_run_results(const struct diag_run *dr)
{
	return dr->r;
}

void diag_run_free(struct diag_run *dr)
{
	if (!dr)
		return;
	for (size_t i = 0; dr->np && i < dr->n; i++)
		netprobe_free(dr->np[i]);
	dns_probe_free(dr->dns);
	if (dr->tfd >= 0)
		close(dr->tfd);
	if (dr->epfd >= 0)
		close(dr->epfd);
	free(dr->t);
	free(dr->r);
	free(dr->np);
	free(dr->srv);
	free(dr->dns_running);
	free(dr->gw_waiting);
	free(dr->start_ms);
	free(dr);
}
