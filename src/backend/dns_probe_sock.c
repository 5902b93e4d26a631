/*
 * dns_probe_sock.c - the DNS prober's side of c-ares (dns_probe_priv.h):
 * the socket functions c-ares uses for a probe's channel, which make the
 * sockets non-blocking, send them through the server's link
 * (IP_UNICAST_IF), give a link-local IPv6 server its scope and keep the
 * errno of a failed send or receive (c-ares reports all of those as
 * ECONNREFUSED); the socket state callback, which keeps the prober's
 * epoll set; and the answer callback, which turns what came back into
 * the probe's outcome.
 *
 * May touch: the UDP sockets of the probes, the prober's epoll set.
 */
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <ares.h>

#include "backend/dns_probe_priv.h"
#include "core/dns_verdict.h"
#include "core/str.h"
#include "core/clock.h"

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

const struct ares_socket_functions dns_probe_sock_funcs = {
	.asocket = dp_socket,
	.aclose = dp_close,
	.aconnect = dp_connect,
	.arecvfrom = dp_recvfrom,
	.asendv = dp_sendv,
};

void dns_probe_sock_state(void *ud, ares_socket_t fd, int readable,
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

void dns_probe_answer(void *arg, int status, int timeouts, unsigned char *abuf,
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
