/*
 * dns_probe.c - probes of DNS servers with c-ares, driven by one epoll
 * descriptor the console polls.
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
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include <poll.h>

#include <ares.h>

#include "backend/dns_probe.h"
#include "core/dns_verdict.h"
#include "core/str.h"
#include "core/clock.h"
#include "core/err.h"

#define DP_MAX_ENTRIES 512
#define DP_MAX_SOCKS 4

struct dns_probe;

struct dp_entry {
	struct dns_probe *owner;
	struct dnsview_server srv;	/* identity + latest result */
	int link;			/* link it is listed on, 0 Global */
	ares_channel ch;		/* NULL when idle */
	int socks[DP_MAX_SOCKS];
	size_t nsocks;
	int64_t start_us;
	int last_errno;
	bool done;			/* the callback ran; reap the channel */
};

struct dns_probe {
	struct dns_probe_opts o;
	char name[256];
	int epfd;
	int tfd;
	struct dp_entry **e;
	size_t n;
	int finished;			/* since the last process call */
	unsigned qid;
};

/* --- c-ares socket functions --- */

static void dp_track(struct dp_entry *e, int fd, bool add)
{
	size_t i;

	for (i = 0; i < e->nsocks; i++)
		if (e->socks[i] == fd)
			break;
	if (add && i == e->nsocks && e->nsocks < DP_MAX_SOCKS)
		e->socks[e->nsocks++] = fd;
	else if (!add && i < e->nsocks)
		e->socks[i] = e->socks[--e->nsocks];
}

static ares_socket_t dp_socket(int domain, int type, int proto, void *ud)
{
	struct dp_entry *e = ud;
	int fd, idx = e->link;

	fd = socket(domain, type | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
	if (fd < 0) {
		e->last_errno = errno;
		return ARES_SOCKET_BAD;
	}
	if (idx > 0 && !e->owner->o.unbound) {
		/* as resolved does: the query leaves through the link */
		if (domain == AF_INET) {
			uint32_t v = htonl((uint32_t)idx);

			(void)setsockopt(fd, IPPROTO_IP, IP_UNICAST_IF, &v,
					 sizeof(v));
		} else if (domain == AF_INET6) {
			(void)setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_IF,
					 &idx, sizeof(idx));
		}
	}
	return fd;
}

static int dp_close(ares_socket_t fd, void *ud)
{
	struct dp_entry *e = ud;

	(void)epoll_ctl(e->owner->epfd, EPOLL_CTL_DEL, fd, NULL);
	dp_track(e, fd, false);
	return close(fd);
}

static int dp_connect(ares_socket_t fd, const struct sockaddr *sa,
		      ares_socklen_t len, void *ud)
{
	struct dp_entry *e = ud;
	struct sockaddr_in6 s6;
	int r;

	if (sa->sa_family == AF_INET6 && len >= (ares_socklen_t)sizeof(s6)) {
		memcpy(&s6, sa, sizeof(s6));
		if (IN6_IS_ADDR_LINKLOCAL(&s6.sin6_addr) && !s6.sin6_scope_id) {
			if (e->srv.ifindex > 0)
				s6.sin6_scope_id = (uint32_t)e->srv.ifindex;
			else if (e->srv.scope_name[0])
				s6.sin6_scope_id =
					if_nametoindex(e->srv.scope_name);
			else if (e->link > 0)
				s6.sin6_scope_id = (uint32_t)e->link;
		}
		r = connect(fd, (const struct sockaddr *)&s6, sizeof(s6));
	} else {
		r = connect(fd, sa, len);
	}
	if (r < 0 && errno != EINPROGRESS)
		e->last_errno = errno;
	return r;
}

static ares_ssize_t dp_recvfrom(ares_socket_t fd, void *buf, size_t len,
				int flags, struct sockaddr *from,
				ares_socklen_t *fromlen, void *ud)
{
	struct dp_entry *e = ud;
	ssize_t r;

	r = recvfrom(fd, buf, len, flags, from, fromlen);
	if (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
	    errno != EINTR)
		e->last_errno = errno;
	return r;
}

static ares_ssize_t dp_sendv(ares_socket_t fd, const struct iovec *iov,
			     int n, void *ud)
{
	struct dp_entry *e = ud;
	ssize_t r;

	r = writev(fd, iov, n);
	if (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
	    errno != EINTR)
		e->last_errno = errno;
	return r;
}

static const struct ares_socket_functions dp_funcs = {
	.asocket = dp_socket,
	.aclose = dp_close,
	.aconnect = dp_connect,
	.arecvfrom = dp_recvfrom,
	.asendv = dp_sendv,
};

static void dp_sock_state(void *ud, ares_socket_t fd, int readable,
			  int writable)
{
	struct dp_entry *e = ud;
	struct epoll_event ev = { 0 };

	if (!readable && !writable) {
		(void)epoll_ctl(e->owner->epfd, EPOLL_CTL_DEL, fd, NULL);
		dp_track(e, fd, false);
		return;
	}
	ev.events = (readable ? EPOLLIN : 0) | (writable ? EPOLLOUT : 0);
	ev.data.fd = fd;
	if (epoll_ctl(e->owner->epfd, EPOLL_CTL_MOD, fd, &ev) < 0 &&
	    epoll_ctl(e->owner->epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
		e->last_errno = errno;
	dp_track(e, fd, true);
}

/* --- outcomes --- */

static void dp_errno_outcome(struct dnsview_probe *pr, int err)
{
	switch (err) {
	case ECONNREFUSED:
		pr->state = DNSVIEW_PROBE_REFUSED;
		snprintf(pr->detail, sizeof(pr->detail), "port unreachable");
		return;
	case EHOSTUNREACH:
		snprintf(pr->detail, sizeof(pr->detail),
			 "host unreachable: no host answers at that address");
		break;
	case ENETUNREACH:
		snprintf(pr->detail, sizeof(pr->detail),
			 "network unreachable: no route to the server");
		break;
	case EADDRNOTAVAIL:
		snprintf(pr->detail, sizeof(pr->detail),
			 "no usable source address on the way to the server "
			 "(link down, or its address not ready yet)");
		break;
	case EACCES:
	case EPERM:
		snprintf(pr->detail, sizeof(pr->detail),
			 "not permitted (a firewall rule?): %s", strerror(err));
		break;
	case 0:
		snprintf(pr->detail, sizeof(pr->detail),
			 "the server could not be contacted");
		break;
	default:
		str_copy(pr->detail, sizeof(pr->detail), strerror(err));
		break;
	}
	pr->state = DNSVIEW_PROBE_ERROR;
}

static void dp_answer(void *arg, int status, int timeouts, unsigned char *abuf,
		      int alen)
{
	struct dp_entry *e = arg;
	struct dnsview_probe *pr = &e->srv.probe;
	struct dns_answer a;
	char rc[16];

	(void)timeouts;
	if (status == ARES_EDESTRUCTION || status == ARES_ECANCELLED) {
		/* the prober is going away or the probe was replaced */
		if (pr->state == DNSVIEW_PROBE_PENDING)
			pr->state = DNSVIEW_PROBE_NONE;
		e->done = true;
		return;
	}
	pr->rtt_us = clock_now_us() - e->start_us;
	pr->rcode = -1;
	pr->answers = -1;
	pr->truncated = false;
	pr->detail[0] = '\0';
	if (status == ARES_SUCCESS && abuf && alen >= 12 &&
	    dns_answer_read(abuf, (size_t)alen, e->owner->o.qtype, &a) == 0) {
		/* the rcode and the records of the kind asked: the core's
		 * verdict tells a server that resolves from one that only
		 * answers (core/dns_verdict.h) */
		pr->rcode = a.rcode;
		pr->answers = a.answers;
		pr->truncated = a.truncated;
		if (pr->rcode == 5) {
			pr->state = DNSVIEW_PROBE_REFUSED;
			snprintf(pr->detail, sizeof(pr->detail),
				 "the server answered REFUSED");
		} else {
			pr->state = DNSVIEW_PROBE_ANSWERED;
			snprintf(pr->detail, sizeof(pr->detail),
				 "%s, %d record%s of the kind asked%s",
				 dnsview_rcode_name(pr->rcode, rc, sizeof(rc)),
				 a.answers, a.answers == 1 ? "" : "s",
				 a.truncated ? ", truncated" : "");
		}
	} else if (status == ARES_SUCCESS || status == ARES_EBADRESP) {
		pr->state = DNSVIEW_PROBE_ANSWERED;
		snprintf(pr->detail, sizeof(pr->detail),
			 "an answer that is not valid DNS");
	} else if (status == ARES_ETIMEOUT) {
		pr->state = DNSVIEW_PROBE_TIMEOUT;
		snprintf(pr->detail, sizeof(pr->detail), "no answer");
	} else if (status == ARES_ECONNREFUSED) {
		dp_errno_outcome(pr, e->last_errno);
	} else {
		pr->state = DNSVIEW_PROBE_ERROR;
		snprintf(pr->detail, sizeof(pr->detail), "%s%s%s",
			 ares_strerror(status), e->last_errno ? ": " : "",
			 e->last_errno ? strerror(e->last_errno) : "");
	}
	e->done = true;
	e->owner->finished++;
}

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

static struct dp_entry *dp_find(const struct dns_probe *p,
				const struct dnsview_server *s, int link)
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
	e = dp_find(p, s, link_ifindex);
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
	ao.sock_state_cb = dp_sock_state;
	ao.sock_state_cb_data = e;
	optmask = ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES |
		  ARES_OPT_SOCK_STATE_CB;
	r = ares_init_options(&e->ch, &ao, optmask);
	if (r != ARES_SUCCESS) {
		e->ch = NULL;
		errf(err, errlen, "c-ares: %s", ares_strerror(r));
		return -1;
	}
	ares_set_socket_functions(e->ch, &dp_funcs, e);

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
	ares_send(e->ch, q, qlen, dp_answer, e);
	ares_free_string(q);
	/* the answer may already be known (no route: at once) */
	dp_reap(p);
	dp_arm(p);
	return 0;
oom:
	errf(err, errlen, "out of memory");
	return -1;
}

struct dp_start_ctx {
	struct dns_probe *p;
	char *err;
	size_t errlen;
	int failed;
	bool only_new;
};

static int dp_start_one(const struct dnsview_server *s, int link, void *ctx)
{
	struct dp_start_ctx *c = ctx;
	char err[ERR_MAX];

	if (c->only_new && dp_find(c->p, s, link))
		return 0;
	if (dns_probe_start(c->p, s, link, err, sizeof(err))) {
		if (!c->failed)
			str_copy(c->err, c->errlen, err);
		c->failed++;
	}
	return 0;
}

static int dp_start_all(struct dns_probe *p, const struct dnsview *v,
			char *err, size_t errlen, bool only_new)
{
	struct dp_start_ctx c = { p, err, errlen, 0, only_new };

	if (dnsview_each_server(v, dp_start_one, &c) < 0) {
		errf(err, errlen, "out of memory");
		return -1;
	}
	return c.failed ? -1 : 0;
}

int dns_probe_start_view(struct dns_probe *p, const struct dnsview *v,
			 char *err, size_t errlen)
{
	return dp_start_all(p, v, err, errlen, false);
}

int dns_probe_start_new(struct dns_probe *p, const struct dnsview *v,
			char *err, size_t errlen)
{
	return dp_start_all(p, v, err, errlen, true);
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

static void dp_annotate_list(const struct dns_probe *p,
			     struct dnsview_server *list, size_t n, int link)
{
	struct dp_entry *e;
	size_t i;

	for (i = 0; i < n; i++) {
		e = dp_find(p, &list[i], link);
		if (e) {
			list[i].probe = e->srv.probe;
		} else {
			memset(&list[i].probe, 0, sizeof(list[i].probe));
			list[i].probe.rtt_us = -1;
			list[i].probe.rcode = -1;
		}
	}
}

int dns_probe_result(const struct dns_probe *p, const struct dnsview_server *s,
		     int link_ifindex, struct dnsview_probe *out)
{
	const struct dp_entry *e = dp_find(p, s, link_ifindex);

	if (!e)
		return 0;
	*out = e->srv.probe;
	return 1;
}

void dns_probe_annotate(const struct dns_probe *p, struct dnsview *v)
{
	struct dnsview_section *s;
	size_t i;

	for (i = 0; i <= v->nlinks; i++) {
		s = i ? &v->links[i - 1] : &v->global;
		dp_annotate_list(p, s->servers, s->nservers, s->ifindex);
		dp_annotate_list(p, s->fallback, s->nfallback, s->ifindex);
		if (s->has_current)
			dp_annotate_list(p, &s->current, 1, s->ifindex);
	}
}

struct dp_prune_ctx {
	const struct dp_entry *e;
	bool found;
};

static int dp_prune_one(const struct dnsview_server *s, int link, void *ctx)
{
	struct dp_prune_ctx *c = ctx;

	if (c->e->link == link && dnsview_server_same(&c->e->srv, s)) {
		c->found = true;
		return 1;
	}
	return 0;
}

void dns_probe_prune(struct dns_probe *p, const struct dnsview *v)
{
	size_t i, kept = 0;

	for (i = 0; i < p->n; i++) {
		struct dp_prune_ctx c = { p->e[i], false };

		if (!p->e[i]->ch)
			dnsview_each_server(v, dp_prune_one, &c);
		if (p->e[i]->ch || c.found)
			p->e[kept++] = p->e[i];
		else
			free(p->e[i]);
	}
	p->n = kept;
}

void dns_probe_forget(struct dns_probe *p)
{
	size_t i, kept = 0;

	for (i = 0; i < p->n; i++) {
		if (p->e[i]->ch)
			p->e[kept++] = p->e[i];
		else
			free(p->e[i]);
	}
	p->n = kept;
}

int dns_probe_view_once(struct dnsview *v, const struct dns_probe_opts *o,
			char *err, size_t errlen)
{
	struct dns_probe *p;
	struct pollfd pfd;
	int r = 0;

	p = dns_probe_new(o, err, errlen);
	if (!p)
		return -1;
	if (dns_probe_start_view(p, v, err, errlen))
		r = -1;
	pfd.fd = dns_probe_fd(p);
	pfd.events = POLLIN;
	while (dns_probe_running(p)) {
		if (poll(&pfd, 1, -1) < 0 && errno != EINTR) {
			errf(err, errlen, "poll: %s", strerror(errno));
			r = -1;
			break;
		}
		if (dns_probe_process(p) < 0) {
			errf(err, errlen, "the DNS probes failed: %s",
			     strerror(errno));
			r = -1;
			break;
		}
	}
	dns_probe_annotate(p, v);
	dns_probe_free(p);
	return r;
}
