/*
 * dns_probe.c - probes of DNS servers with c-ares, driven by one epoll
 * descriptor the console polls: the prober, starting one probe and
 * processing what the descriptor says.  The c-ares socket functions and
 * the outcome of a probe are dns_probe_sock.c; the operations on a whole
 * view (start, annotate, prune) are dns_probe_view.c.
 *
 * Each probe has its own c-ares channel with exactly one server, so c-ares
 * never moves on to another server; ARES_FLAG_NOCHECKRESP hands every
 * answer (REFUSED, SERVFAIL...) to us, ARES_FLAG_IGNTC keeps a truncated
 * answer an answer (no TCP retry).  Our socket functions make the sockets
 * non-blocking, send them through the server's link (IP_UNICAST_IF),
 * give a link-local IPv6 server its scope, and remember the errno of a
 * failed send or receive: c-ares reports all of those as ECONNREFUSED,
 * and port unreachable (refused) must be told apart from no route
 * (error).  The channels' sockets and a timerfd for their time-outs sit in
 * one epoll set: its descriptor is what the console polls.
 *
 * May touch: UDP sockets to the servers listed, nothing else.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include <ares.h>

#include "backend/dns_probe.h"
#include "core/dns_verdict.h"
#include "core/str.h"
#include "core/clock.h"
#include "core/err.h"
#include "backend/dns_probe_priv.h"

/* --- the prober --- */

struct dns_probe *dns_probe_new(const struct dns_probe_opts *o, char *err,
				size_t errlen)
{
	struct dns_probe *p;
	struct epoll_event ev = { 0 };
	int r;

	r = ares_library_init(ARES_LIB_INIT_ALL);
	if (r != ARES_SUCCESS) {
		errf(err, errlen, "c-ares cannot start: %s",
		     ares_strerror(r));
		return NULL;
	}
	p = calloc(1, sizeof(*p));
	if (!p) {
		errf(err, errlen, "out of memory");
		ares_library_cleanup();
		return NULL;
	}
	if (o)
		p->o = *o;
	str_copy(p->name, sizeof(p->name),
		 p->o.name && *p->o.name ? p->o.name : ".");
	p->o.name = p->name;
	if (p->o.qtype <= 0 || p->o.qtype > 65535)
		p->o.qtype = 2;
	if (p->o.timeout_ms <= 0)
		p->o.timeout_ms = 1000;
	if (p->o.tries <= 0)
		p->o.tries = 2;
	p->qid = (unsigned)clock_now_us() ^ (unsigned)getpid();
	p->tfd = -1;
	p->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (p->epfd < 0)
		goto fail;
	p->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (p->tfd < 0)
		goto fail;
	ev.events = EPOLLIN;
	ev.data.fd = p->tfd;
	if (epoll_ctl(p->epfd, EPOLL_CTL_ADD, p->tfd, &ev) < 0)
		goto fail;
	return p;
fail:
	errf(err, errlen, "cannot set up the DNS probes: %s",
	     strerror(errno));
	dns_probe_free(p);
	return NULL;
}

static void dp_entry_stop(struct dp_entry *e)
{
	if (e->ch) {
		ares_destroy(e->ch);
		e->ch = NULL;
	}
	e->nsocks = 0;
	e->done = false;
}

void dns_probe_free(struct dns_probe *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->n; i++) {
		dp_entry_stop(p->e[i]);
		free(p->e[i]);
	}
	free(p->e);
	if (p->tfd >= 0)
		close(p->tfd);
	if (p->epfd >= 0)
		close(p->epfd);
	free(p);
	ares_library_cleanup();
}

int dns_probe_fd(const struct dns_probe *p)
{
	return p->epfd;
}

size_t dns_probe_running(const struct dns_probe *p)
{
	size_t i, n = 0;

	for (i = 0; i < p->n; i++)
		if (p->e[i]->ch && !p->e[i]->done)
			n++;
	return n;
}

/* The timerfd fires at the nearest c-ares time-out. */
static void dp_arm(struct dns_probe *p)
{
	struct itimerspec its = { 0 };
	struct timeval tv, *t, best = { 0 }, *bestp = NULL;
	size_t i;

	for (i = 0; i < p->n; i++) {
		if (!p->e[i]->ch)
			continue;
		t = ares_timeout(p->e[i]->ch, NULL, &tv);
		if (!t)
			continue;
		if (!bestp || t->tv_sec < best.tv_sec ||
		    (t->tv_sec == best.tv_sec && t->tv_usec < best.tv_usec)) {
			best = *t;
			bestp = &best;
		}
	}
	if (bestp) {
		its.it_value.tv_sec = best.tv_sec;
		its.it_value.tv_nsec = (long)best.tv_usec * 1000;
		if (!its.it_value.tv_sec && !its.it_value.tv_nsec)
			its.it_value.tv_nsec = 1;	/* now, not "disarm" */
	}
	(void)timerfd_settime(p->tfd, 0, &its, NULL);
}

struct dp_entry *dns_probe_find_entry(const struct dns_probe *p,
				      const struct dnsview_server *s,
				      int link)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->e[i]->link == link &&
		    dnsview_server_same(&p->e[i]->srv, s))
			return p->e[i];
	return NULL;
}

static void dp_reap(struct dns_probe *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->e[i]->ch && p->e[i]->done)
			dp_entry_stop(p->e[i]);
}

int dns_probe_start(struct dns_probe *p, const struct dnsview_server *s,
		    int link_ifindex, char *err, size_t errlen)
{
	struct ares_addr_port_node node;
	struct ares_options ao;
	struct dp_entry *e, **grown;
	unsigned char *q = NULL;
	char qt[16];
	int qlen = 0, r, optmask;

	if (s->family != AF_INET && s->family != AF_INET6) {
		errf(err, errlen, "%s: not an IPv4 or IPv6 address",
		     s->text);
		return -1;
	}
	e = dns_probe_find_entry(p, s, link_ifindex);
	if (e && e->ch && !e->done)
		return 0;	/* still running */
	if (!e) {
		if (p->n >= DP_MAX_ENTRIES) {
			errf(err, errlen, "too many DNS servers to probe");
			return -1;
		}
		grown = realloc(p->e, (p->n + 1) * sizeof(*grown));
		if (!grown)
			goto oom;
		p->e = grown;
		e = calloc(1, sizeof(*e));
		if (!e)
			goto oom;
		p->e[p->n++] = e;
		e->owner = p;
		e->srv = *s;
		e->link = link_ifindex;
	}
	dp_entry_stop(e);
	e->last_errno = 0;

	memset(&ao, 0, sizeof(ao));
	ao.flags = ARES_FLAG_NOCHECKRESP | ARES_FLAG_IGNTC |
		   ARES_FLAG_NOSEARCH | ARES_FLAG_NOALIASES;
	ao.timeout = p->o.timeout_ms;
	ao.tries = p->o.tries;
	ao.sock_state_cb = dns_probe_sock_state;
	ao.sock_state_cb_data = e;
	optmask = ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES |
		  ARES_OPT_SOCK_STATE_CB;
	r = ares_init_options(&e->ch, &ao, optmask);
	if (r != ARES_SUCCESS) {
		e->ch = NULL;
		errf(err, errlen, "c-ares: %s", ares_strerror(r));
		return -1;
	}
	ares_set_socket_functions(e->ch, &dns_probe_sock_funcs, e);

	memset(&node, 0, sizeof(node));
	node.family = s->family;
	memcpy(&node.addr, s->bytes, s->family == AF_INET ? 4 : 16);
	node.udp_port = dnsview_server_port(s);
	node.tcp_port = node.udp_port;
	r = ares_set_servers_ports(e->ch, &node);
	if (r == ARES_SUCCESS)
		r = ares_create_query(p->o.name, 1 /* IN */, p->o.qtype,
				      (unsigned short)(p->qid++),
				      p->o.no_recursion ? 0 : 1, &q, &qlen, 0);
	if (r != ARES_SUCCESS) {
		errf(err, errlen, "%s: cannot build the query for %s: %s",
		     s->text, p->o.name, ares_strerror(r));
		dp_entry_stop(e);
		return -1;
	}
	e->srv.probe.state = DNSVIEW_PROBE_PENDING;
	e->srv.probe.rtt_us = -1;
	e->srv.probe.rcode = -1;
	e->srv.probe.answers = -1;
	e->srv.probe.truncated = false;
	e->srv.probe.detail[0] = '\0';
	snprintf(e->srv.probe.query, sizeof(e->srv.probe.query), "%s %s",
		 p->o.name, dns_qtype_name(p->o.qtype, qt, sizeof(qt)));
	e->start_us = clock_now_us();
	ares_send(e->ch, q, qlen, dns_probe_answer, e);
	ares_free_string(q);
	/* the answer may already be known (no route: at once) */
	dp_reap(p);
	dp_arm(p);
	return 0;
oom:
	errf(err, errlen, "out of memory");
	return -1;
}
int dns_probe_process(struct dns_probe *p)
{
	struct epoll_event ev[16];
	uint64_t ticks;
	bool timer = false;
	size_t i, k;
	int n, j, fin;

	n = epoll_wait(p->epfd, ev, 16, 0);
	if (n < 0)
		return errno == EINTR ? 0 : -1;
	for (j = 0; j < n; j++) {
		int fd = ev[j].data.fd;

		if (fd == p->tfd) {
			while (read(p->tfd, &ticks, sizeof(ticks)) > 0)
				;
			timer = true;
			continue;
		}
		for (i = 0; i < p->n; i++) {
			struct dp_entry *e = p->e[i];

			for (k = 0; k < e->nsocks; k++)
				if (e->socks[k] == fd)
					break;
			if (k == e->nsocks || !e->ch || e->done)
				continue;
			ares_process_fd(e->ch,
					ev[j].events & (EPOLLIN | EPOLLERR |
							EPOLLHUP) ?
					fd : ARES_SOCKET_BAD,
					ev[j].events & EPOLLOUT ?
					fd : ARES_SOCKET_BAD);
			break;
		}
	}
	if (timer)
		for (i = 0; i < p->n; i++)
			if (p->e[i]->ch && !p->e[i]->done)
				ares_process_fd(p->e[i]->ch, ARES_SOCKET_BAD,
						ARES_SOCKET_BAD);
	dp_reap(p);
	dp_arm(p);
	fin = p->finished;
	p->finished = 0;
	return fin;
}
