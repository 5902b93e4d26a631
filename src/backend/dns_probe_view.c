/*
 * dns_probe_view.c - the DNS prober's operations on a whole view
 * (dns_probe.h): probe every server a view lists (or only the new ones),
 * write the results into a view, forget the servers no longer listed,
 * and probe a view once, blocking, for the command line.
 *
 * May touch: through dns_probe.c, UDP sockets to the servers listed.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "backend/dns_probe_priv.h"
#include "core/err.h"
#include "core/str.h"

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

	if (c->only_new && dns_probe_find_entry(c->p, s, link))
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
static void dp_annotate_list(const struct dns_probe *p,
			     struct dnsview_server *list, size_t n, int link)
{
	struct dp_entry *e;
	size_t i;

	for (i = 0; i < n; i++) {
		e = dns_probe_find_entry(p, &list[i], link);
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
	const struct dp_entry *e = dns_probe_find_entry(p, s, link_ifindex);

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
