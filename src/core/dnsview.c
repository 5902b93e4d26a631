/*
 * dnsview.c - the model of the resolvectl-like DNS view (core/dnsview.h):
 * sections, servers and domains kept in order and bounded, deep copy and
 * comparison, resolved's default-route rule, the probes' states and
 * their counts in words, and one machine's view kept current (the data
 * a DNS panel shows).
 *
 * Pure C: touches memory only.  The parsers are in dnsview_parse.c and
 * dnsview_files.c, the checks in dnsview_check.c, the text layout in
 * dnsview_layout.c, the JSON in dnsview_json.c, the servers' text in
 * dnsview_server.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dns_verdict.h"
#include "core/dnsview.h"
#include "core/dnsview_priv.h"
#include "core/str.h"
#include "core/textsafe.h"

void dnsview_probe_init(struct dnsview_probe *p)
{
	memset(p, 0, sizeof(*p));
	p->state = DNSVIEW_PROBE_NONE;
	p->rtt_us = -1;
	p->rcode = -1;
	p->answers = -1;
}

/* --- the model --- */

void dnsview_section_init(struct dnsview_section *s, bool is_global,
			  int ifindex)
{
	memset(s, 0, sizeof(*s));
	s->is_global = is_global;
	s->ifindex = is_global ? 0 : ifindex;
	s->default_route = -1;
	s->dnssec_supported = -1;
	dnsview_probe_init(&s->current.probe);
}

void dnsview_section_free(struct dnsview_section *s)
{
	bool g = s->is_global;
	int idx = s->ifindex;

	free(s->servers);
	free(s->fallback);
	free(s->domains);
	dnsview_section_init(s, g, idx);
}

void dnsview_init(struct dnsview *v)
{
	memset(v, 0, sizeof(*v));
	v->source = DNSVIEW_SOURCE_NONE;
	dnsview_section_init(&v->global, true, 0);
}

void dnsview_free(struct dnsview *v)
{
	size_t i;

	dnsview_section_free(&v->global);
	for (i = 0; i < v->nlinks; i++)
		dnsview_section_free(&v->links[i]);
	free(v->links);
	dnsview_init(v);
}

static int dv_dup_array(void **dst, const void *src, size_t n, size_t size)
{
	*dst = NULL;
	if (!n)
		return 0;
	*dst = malloc(n * size);
	if (!*dst)
		return -1;
	memcpy(*dst, src, n * size);
	return 0;
}

static int dv_section_copy(struct dnsview_section *d,
			   const struct dnsview_section *s)
{
	void *a, *b, *c;

	*d = *s;
	d->servers = NULL;
	d->fallback = NULL;
	d->domains = NULL;
	if (dv_dup_array(&a, s->servers, s->nservers, sizeof(*s->servers)))
		goto fail;
	d->servers = a;
	if (dv_dup_array(&b, s->fallback, s->nfallback, sizeof(*s->fallback)))
		goto fail;
	d->fallback = b;
	if (dv_dup_array(&c, s->domains, s->ndomains, sizeof(*s->domains)))
		goto fail;
	d->domains = c;
	return 0;
fail:
	dnsview_section_free(d);
	return -1;
}

int dnsview_copy(struct dnsview *dst, const struct dnsview *src)
{
	size_t i;

	if (dst == src)
		return 0;
	dnsview_free(dst);
	dst->source = src->source;
	dst->read_ms = src->read_ms;
	memcpy(dst->note, src->note, sizeof(dst->note));
	if (dv_section_copy(&dst->global, &src->global))
		goto fail;
	if (src->nlinks) {
		dst->links = calloc(src->nlinks, sizeof(*dst->links));
		if (!dst->links)
			goto fail;
		for (i = 0; i < src->nlinks; i++) {
			if (dv_section_copy(&dst->links[i], &src->links[i]))
				goto fail;
			dst->nlinks = i + 1;
		}
	}
	return 0;
fail:
	dnsview_free(dst);
	return -1;
}

static bool dv_server_equal(const struct dnsview_server *a,
			    const struct dnsview_server *b)
{
	return !strcmp(a->text, b->text) && dnsview_server_same(a, b) &&
	       !strcmp(a->sni, b->sni);
}

static bool dv_servers_equal(const struct dnsview_server *a, size_t na,
			     const struct dnsview_server *b, size_t nb)
{
	size_t i;

	if (na != nb)
		return false;
	for (i = 0; i < na; i++)
		if (!dv_server_equal(&a[i], &b[i]))
			return false;
	return true;
}

static bool dv_section_equal(const struct dnsview_section *a,
			     const struct dnsview_section *b)
{
	size_t i;

	if (a->is_global != b->is_global || a->ifindex != b->ifindex ||
	    strcmp(a->ifname, b->ifname) || strcmp(a->origin, b->origin) ||
	    a->scopes_known != b->scopes_known || a->scopes != b->scopes ||
	    a->default_route != b->default_route ||
	    a->default_route_derived != b->default_route_derived ||
	    strcmp(a->llmnr, b->llmnr) || strcmp(a->mdns, b->mdns) ||
	    strcmp(a->dns_over_tls, b->dns_over_tls) ||
	    strcmp(a->dnssec, b->dnssec) ||
	    a->dnssec_supported != b->dnssec_supported ||
	    strcmp(a->resolv_conf_mode, b->resolv_conf_mode) ||
	    a->has_current != b->has_current)
		return false;
	if (a->has_current && !dv_server_equal(&a->current, &b->current))
		return false;
	if (!dv_servers_equal(a->servers, a->nservers, b->servers, b->nservers) ||
	    !dv_servers_equal(a->fallback, a->nfallback, b->fallback,
			      b->nfallback))
		return false;
	if (a->ndomains != b->ndomains)
		return false;
	for (i = 0; i < a->ndomains; i++)
		if (strcmp(a->domains[i].name, b->domains[i].name) ||
		    a->domains[i].route_only != b->domains[i].route_only)
			return false;
	return true;
}

bool dnsview_equal(const struct dnsview *a, const struct dnsview *b)
{
	size_t i;

	if (a->source != b->source || strcmp(a->note, b->note) ||
	    a->nlinks != b->nlinks || !dv_section_equal(&a->global, &b->global))
		return false;
	for (i = 0; i < a->nlinks; i++)
		if (!dv_section_equal(&a->links[i], &b->links[i]))
			return false;
	return true;
}

struct dnsview_section *dnsview_find_link(const struct dnsview *v,
					  int ifindex)
{
	size_t lo = 0, hi = v->nlinks;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v->links[mid].ifindex == ifindex)
			return &v->links[mid];
		if (v->links[mid].ifindex < ifindex)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

struct dnsview_section *dnsview_link(struct dnsview *v, int ifindex)
{
	struct dnsview_section *s, *n;
	size_t at;

	if (ifindex <= 0)
		return NULL;
	s = dnsview_find_link(v, ifindex);
	if (s)
		return s;
	if (v->nlinks >= DNSVIEW_MAX_LINKS)
		return NULL;
	n = realloc(v->links, (v->nlinks + 1) * sizeof(*n));
	if (!n)
		return NULL;
	v->links = n;
	for (at = 0; at < v->nlinks && v->links[at].ifindex < ifindex; at++)
		;
	memmove(&v->links[at + 1], &v->links[at],
		(v->nlinks - at) * sizeof(*n));
	v->nlinks++;
	dnsview_section_init(&v->links[at], false, ifindex);
	return &v->links[at];
}

void dnsview_section_set_ifname(struct dnsview_section *s, const char *name)
{
	/* a name from the guest: shown escaped (textsafe) */
	textsafe_buf(s->ifname, sizeof(s->ifname), name ? name : "");
}

int dnsview_add_server(struct dnsview_section *s, bool fallback,
		       const struct dnsview_server *srv)
{
	struct dnsview_server **list = fallback ? &s->fallback : &s->servers;
	size_t *n = fallback ? &s->nfallback : &s->nservers;
	struct dnsview_server *a;

	if (*n >= DNSVIEW_MAX_SERVERS)
		return -1;
	a = realloc(*list, (*n + 1) * sizeof(*a));
	if (!a)
		return -1;
	*list = a;
	a[*n] = *srv;
	dnsview_server_format(&a[*n], s->is_global);
	(*n)++;
	return 0;
}

int dnsview_add_domain(struct dnsview_section *s, const char *name,
		       bool route_only)
{
	struct dnsview_domain *a;
	size_t i;

	for (i = 0; i < s->ndomains; i++)
		if (s->domains[i].route_only == route_only &&
		    !strcmp(s->domains[i].name, name))
			return 0;
	if (s->ndomains >= DNSVIEW_MAX_DOMAINS)
		return -1;
	a = realloc(s->domains, (s->ndomains + 1) * sizeof(*a));
	if (!a)
		return -1;
	s->domains = a;
	dv_copy(a[s->ndomains].name, sizeof(a->name), name);
	a[s->ndomains].route_only = route_only;
	s->ndomains++;
	return 0;
}

static int dv_domain_cmp(const void *pa, const void *pb)
{
	const struct dnsview_domain *a = pa, *b = pb;
	char x[DNSVIEW_DOMAIN_MAX + 1], y[DNSVIEW_DOMAIN_MAX + 1];

	snprintf(x, sizeof(x), "%s%s", a->route_only ? "~" : "", a->name);
	snprintf(y, sizeof(y), "%s%s", b->route_only ? "~" : "", b->name);
	return strcmp(x, y);
}

void dnsview_sort_domains(struct dnsview_section *s)
{
	if (s->ndomains > 1)
		qsort(s->domains, s->ndomains, sizeof(*s->domains),
		      dv_domain_cmp);
}

void dnsview_set_note(struct dnsview *v, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v->note, sizeof(v->note), fmt, ap);
	va_end(ap);
}

const char *dnsview_source_name(enum dnsview_source s)
{
	switch (s) {
	case DNSVIEW_SOURCE_RESOLVED:
		return "resolved";
	case DNSVIEW_SOURCE_FILES:
		return "state-files";
	case DNSVIEW_SOURCE_RESOLV_CONF:
		return "resolv.conf";
	case DNSVIEW_SOURCE_NONE:
		break;
	}
	return "none";
}

void dnsview_derive_default_route(struct dnsview_section *s)
{
	size_t i;

	if (s->is_global || s->default_route >= 0)
		return;
	s->default_route_derived = true;
	if (!s->nservers) {
		s->default_route = 0;
		return;
	}
	s->default_route = 1;
	for (i = 0; i < s->ndomains; i++)
		if (s->domains[i].route_only && strcmp(s->domains[i].name, "."))
			s->default_route = 0;
}

/* --- probes --- */

const char *dnsview_probe_state_name(enum dnsview_probe_state st)
{
	switch (st) {
	case DNSVIEW_PROBE_PENDING:
		return "pending";
	case DNSVIEW_PROBE_ANSWERED:
		return "answered";
	case DNSVIEW_PROBE_REFUSED:
		return "refused";
	case DNSVIEW_PROBE_TIMEOUT:
		return "timeout";
	case DNSVIEW_PROBE_ERROR:
		return "error";
	case DNSVIEW_PROBE_NONE:
		break;
	}
	return "not-probed";
}

const char *dnsview_rcode_name(int rcode, char *buf, size_t len)
{
	static const char *const names[] = {
		"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP",
		"REFUSED", "YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH",
		"NOTZONE",
	};

	if (rcode >= 0 && (size_t)rcode < sizeof(names) / sizeof(names[0]))
		str_copy(buf, len, names[rcode]);
	else
		snprintf(buf, len, "RCODE%d", rcode);
	return buf;
}

const char *dnsview_probe_text(const struct dnsview_probe *p, char *buf,
			       size_t len)
{
	return dns_verdict_short(p, buf, len);
}

struct dv_seen {
	const struct dnsview_server *s;
	int link;
};

static int dv_each_list(const struct dnsview_server *list, size_t n, int link,
			struct dv_seen *seen, size_t *nseen, size_t cap,
			dnsview_server_fn fn, void *ctx)
{
	size_t i, j;
	int r;

	for (i = 0; i < n; i++) {
		for (j = 0; j < *nseen; j++)
			if (seen[j].link == link &&
			    dnsview_server_same(seen[j].s, &list[i]))
				break;
		if (j < *nseen)
			continue;
		if (*nseen < cap)
			seen[(*nseen)++] = (struct dv_seen){ &list[i], link };
		r = fn(&list[i], link, ctx);
		if (r)
			return r;
	}
	return 0;
}

int dnsview_each_server(const struct dnsview *v, dnsview_server_fn fn,
			void *ctx)
{
	size_t cap = 2 * DNSVIEW_MAX_SERVERS, nseen = 0, i;
	const struct dnsview_section *s;
	struct dv_seen *seen;
	int r;

	/* duplicates are only looked for within one section */
	seen = malloc(cap * sizeof(*seen));
	if (!seen)
		return -1;
	s = &v->global;
	r = dv_each_list(s->servers, s->nservers, 0, seen, &nseen, cap, fn, ctx);
	if (!r)
		r = dv_each_list(s->fallback, s->nfallback, 0, seen, &nseen,
				 cap, fn, ctx);
	if (!r && s->has_current)
		r = dv_each_list(&s->current, 1, 0, seen, &nseen, cap, fn, ctx);
	for (i = 0; !r && i < v->nlinks; i++) {
		s = &v->links[i];
		nseen = 0;
		r = dv_each_list(s->servers, s->nservers, s->ifindex, seen,
				 &nseen, cap, fn, ctx);
		if (!r && s->has_current)
			r = dv_each_list(&s->current, 1, s->ifindex, seen,
					 &nseen, cap, fn, ctx);
	}
	free(seen);
	return r;
}

/* --- one machine's view kept current --- */

void dnsview_live_init(struct dnsview_live *p)
{
	memset(p, 0, sizeof(*p));
	dnsview_init(&p->view);
	diag_list_init(&p->problems);
}

void dnsview_live_free(struct dnsview_live *p)
{
	dnsview_free(&p->view);
	diag_list_free(&p->problems);
	dnsview_live_init(p);
}

static void dv_count_list(const struct dnsview_server *l, size_t n,
			  size_t counts[6])
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned)l[i].probe.state < 6)
			counts[l[i].probe.state]++;
}

void dnsview_probe_counts(const struct dnsview *v, size_t counts[6])
{
	size_t i;

	memset(counts, 0, 6 * sizeof(counts[0]));
	dv_count_list(v->global.servers, v->global.nservers, counts);
	dv_count_list(v->global.fallback, v->global.nfallback, counts);
	for (i = 0; i < v->nlinks; i++)
		dv_count_list(v->links[i].servers, v->links[i].nservers,
			      counts);
}

static void dv_verdict_list(const struct dnsview_server *l, size_t n,
			    size_t counts[DNS_VERDICT_ERROR + 1],
			    size_t *pending)
{
	for (size_t i = 0; i < n; i++) {
		enum dns_verdict vd = dns_verdict_of(&l[i].probe);

		counts[vd]++;
		if (l[i].probe.state == DNSVIEW_PROBE_PENDING)
			(*pending)++;
	}
}

const char *dnsview_probe_summary(const struct dnsview *v, char *buf,
				  size_t len)
{
	/* index: enum dns_verdict; the problems as the panel names them */
	static const char *const words[] = {
		NULL, NULL, "empty answer", "NXDOMAIN", "SERVFAIL",
		"REFUSED", "error answer", "cut short", "not DNS",
		"nothing listening", "timed out", "not sent",
	};
	size_t c[DNS_VERDICT_ERROR + 1] = { 0 }, pending = 0, bad = 0, i;
	size_t used = 0;
	bool first = true;

	dv_verdict_list(v->global.servers, v->global.nservers, c, &pending);
	dv_verdict_list(v->global.fallback, v->global.nfallback, c, &pending);
	for (i = 0; i < v->nlinks; i++)
		dv_verdict_list(v->links[i].servers, v->links[i].nservers, c,
				&pending);
	for (i = DNS_VERDICT_NO_DATA; i <= DNS_VERDICT_ERROR; i++)
		bad += c[i];
	buf[0] = '\0';
#define DV_ADD(...) \
	(used += (size_t)snprintf(buf + (used < len ? used : len), \
				  used < len ? len - used : 0, __VA_ARGS__))
	if (c[DNS_VERDICT_RESOLVES])
		DV_ADD("%zu resolve%s", c[DNS_VERDICT_RESOLVES],
		       c[DNS_VERDICT_RESOLVES] == 1 ? "s" : "");
	if (bad && !used)
		DV_ADD("%s (", bad == 1 ? "the server does not resolve" :
		       "none of the servers resolves");
	else if (bad)
		DV_ADD("; %zu do%s not (", bad, bad == 1 ? "es" : "");
	if (bad) {
		for (i = DNS_VERDICT_NO_DATA; i <= DNS_VERDICT_ERROR; i++) {
			if (!c[i])
				continue;
			DV_ADD("%s%zu %s", first ? "" : ", ", c[i], words[i]);
			first = false;
		}
		DV_ADD(")");
	}
	if (pending)
		DV_ADD("%s%zu probing", used ? "; " : "", pending);
#undef DV_ADD
	if (!used)
		snprintf(buf, len, "no server probed yet");
	return buf;
}
