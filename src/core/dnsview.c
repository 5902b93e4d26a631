/*
 * dnsview.c - the resolvectl-like DNS view: model, parsers of resolved's,
 * networkd's and resolv.conf's text, checks, text layout and JSON.
 *
 * Pure C: touches memory and the FILE it is handed, nothing else.  Input
 * may come from a guest (through the agent), so every parser bounds what
 * it reads, skips what does not parse with a warning, and keeps nothing
 * unprintable: a hostile file cannot reach the terminal with an escape
 * sequence or make the view grow without end.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/dns_verdict.h"
#include "core/dnsview.h"
#include "core/json.h"
#include "core/sbuf.h"
#include "core/textsafe.h"

/* --- small helpers --- */

static void dv_copy(char *dst, size_t len, const char *src)
{
	if (!len)
		return;
	snprintf(dst, len, "%s", src ? src : "");
}

/* Printable ASCII without space: what a token of these files may hold. */
static bool dv_token_ok(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
			return false;
	return true;
}

static void dv_probe_init(struct dnsview_probe *p)
{
	memset(p, 0, sizeof(*p));
	p->state = DNSVIEW_PROBE_NONE;
	p->rtt_us = -1;
	p->rcode = -1;
	p->answers = -1;
}

static bool dv_is_link_local6(const struct dnsview_server *s)
{
	return s->family == AF_INET6 && s->bytes[0] == 0xfe &&
	       (s->bytes[1] & 0xc0) == 0x80;
}

/* "yes"/"no" and the other spellings systemd accepts; -1 otherwise. */
static int dv_parse_bool(const char *v)
{
	static const char *const yes[] = { "1", "yes", "y", "true", "t", "on" };
	static const char *const no[] = { "0", "no", "n", "false", "f", "off" };
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!strcasecmp(v, yes[i]))
			return 1;
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (!strcasecmp(v, no[i]))
			return 0;
	return -1;
}

static bool dv_in(const char *v, const char *const *set)
{
	for (; *set; set++)
		if (!strcmp(v, *set))
			return true;
	return false;
}

static const char *const dv_llmnr_modes[] = { "yes", "no", "resolve", NULL };
static const char *const dv_tls_modes[] = { "yes", "no", "opportunistic", NULL };
static const char *const dv_dnssec_modes[] = { "yes", "no", "allow-downgrade",
					       NULL };

/* --- the model --- */

void dnsview_section_init(struct dnsview_section *s, bool is_global,
			  int ifindex)
{
	memset(s, 0, sizeof(*s));
	s->is_global = is_global;
	s->ifindex = is_global ? 0 : ifindex;
	s->default_route = -1;
	s->dnssec_supported = -1;
	dv_probe_init(&s->current.probe);
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

/* --- servers --- */

static int dv_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int dv_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int dv_parse_port(const char *p, uint16_t *out)
{
	unsigned long v = 0;

	if (!*p || strlen(p) > 5)
		return -1;
	for (; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return -1;
		v = v * 10 + (unsigned long)(*p - '0');
	}
	if (v < 1 || v > 65535)
		return -1;
	*out = (uint16_t)v;
	return 0;
}

static int dv_parse_scope(struct dnsview_server *s, const char *p)
{
	unsigned long v = 0;
	const char *q;

	if (!*p || strlen(p) >= sizeof(s->scope_name))
		return -1;
	for (q = p; *q && isdigit((unsigned char)*q); q++)
		;
	if (!*q) {
		if (strlen(p) > 9)
			return -1;
		for (q = p; *q; q++)
			v = v * 10 + (unsigned long)(*q - '0');
		if (!v)
			return -1;
		s->ifindex = (int)v;
		return 0;
	}
	if (strpbrk(p, "%#[]/:"))
		return -1;
	dv_copy(s->scope_name, sizeof(s->scope_name), p);
	return 0;
}

int dnsview_server_parse(struct dnsview_server *s, const char *text,
			 char *err, size_t errlen)
{
	char buf[DNSVIEW_SERVER_TEXT_MAX];
	char *addr, *port = NULL, *scope = NULL, *hash, *p;
	int family;

	memset(s, 0, sizeof(*s));
	dv_probe_init(&s->probe);
	if (!text || !*text)
		return dv_err(err, errlen, "an empty DNS server address");
	if (strlen(text) >= sizeof(buf))
		return dv_err(err, errlen, "a DNS server entry of %zu characters "
			      "is too long", strlen(text));
	if (!dv_token_ok(text))
		return dv_err(err, errlen, "a DNS server entry contains spaces "
			      "or unprintable characters");
	memcpy(buf, text, strlen(text) + 1);

	hash = strchr(buf, '#');
	if (hash) {
		*hash++ = '\0';
		if (!*hash || strlen(hash) >= sizeof(s->sni) ||
		    strchr(hash, '#') || strchr(hash, '%'))
			return dv_err(err, errlen, "\"%s\": the server name after "
				      "'#' is not valid", text);
		dv_copy(s->sni, sizeof(s->sni), hash);
	}
	if (buf[0] == '[') {
		p = strchr(buf, ']');
		if (!p)
			return dv_err(err, errlen, "\"%s\": '[' without ']'", text);
		*p++ = '\0';
		addr = buf + 1;
		if (*p == ':') {
			*p++ = '\0';
			port = p;
			p = strchr(port, '%');
			if (p) {
				*p++ = '\0';
				scope = p;
			}
		} else if (*p == '%') {
			*p++ = '\0';
			scope = p;
		} else if (*p) {
			return dv_err(err, errlen, "\"%s\": unexpected text "
				      "after ']'", text);
		}
		p = strchr(addr, '%');
		if (p) {
			if (scope)
				return dv_err(err, errlen, "\"%s\": two scopes",
					      text);
			*p++ = '\0';
			scope = p;
		}
		if (!strchr(addr, ':'))
			return dv_err(err, errlen, "\"%s\": only an IPv6 address "
				      "goes in brackets", text);
	} else {
		addr = buf;
		p = strchr(addr, '%');
		if (p) {
			*p++ = '\0';
			scope = p;
		}
		p = strchr(addr, ':');
		if (p && !strchr(p + 1, ':')) {
			/* one colon: IPv4 with a port */
			*p++ = '\0';
			port = p;
		}
	}
	family = strchr(addr, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(family, addr, s->bytes) != 1)
		return dv_err(err, errlen, "\"%s\" is not an IPv4 or IPv6 "
			      "address", addr);
	if (port && dv_parse_port(port, &s->port))
		return dv_err(err, errlen, "\"%s\": the port must be a number "
			      "from 1 to 65535", text);
	if (scope && dv_parse_scope(s, scope))
		return dv_err(err, errlen, "\"%s\": the scope after '%%' is not "
			      "an interface", text);
	s->family = family;
	inet_ntop(family, s->bytes, s->addr, sizeof(s->addr));
	dnsview_server_format(s, true);
	return 0;
}

int dnsview_server_set(struct dnsview_server *s, int family,
		       const void *bytes, uint16_t port, int ifindex,
		       const char *sni)
{
	memset(s, 0, sizeof(*s));
	dv_probe_init(&s->probe);
	if (family != AF_INET && family != AF_INET6)
		return -1;
	s->family = family;
	memcpy(s->bytes, bytes, family == AF_INET ? 4 : 16);
	s->port = port;
	s->ifindex = ifindex > 0 ? ifindex : 0;
	if (sni && *sni) {
		if (!dv_token_ok(sni) || strlen(sni) >= sizeof(s->sni))
			return -1;
		dv_copy(s->sni, sizeof(s->sni), sni);
	}
	inet_ntop(family, s->bytes, s->addr, sizeof(s->addr));
	dnsview_server_format(s, true);
	return 0;
}

void dnsview_server_format(struct dnsview_server *s, bool with_scope)
{
	char scope[DNSVIEW_IFNAME_MAX + 2] = "";
	char sni[DNSVIEW_DOMAIN_MAX + 2] = "";

	if (with_scope && dv_is_link_local6(s)) {
		if (s->ifindex > 0)
			snprintf(scope, sizeof(scope), "%%%d", s->ifindex);
		else if (s->scope_name[0])
			snprintf(scope, sizeof(scope), "%%%s", s->scope_name);
	}
	if (s->sni[0])
		snprintf(sni, sizeof(sni), "#%s", s->sni);
	if (s->port && s->family == AF_INET6)
		snprintf(s->text, sizeof(s->text), "[%s]:%u%s%s", s->addr,
			 (unsigned)s->port, scope, sni);
	else if (s->port)
		snprintf(s->text, sizeof(s->text), "%s:%u%s", s->addr,
			 (unsigned)s->port, sni);
	else
		snprintf(s->text, sizeof(s->text), "%s%s%s", s->addr, scope,
			 sni);
}

bool dnsview_server_same(const struct dnsview_server *a,
			 const struct dnsview_server *b)
{
	return a->family == b->family &&
	       !memcmp(a->bytes, b->bytes, a->family == AF_INET ? 4 : 16) &&
	       dnsview_server_port(a) == dnsview_server_port(b) &&
	       a->ifindex == b->ifindex &&
	       !strcmp(a->scope_name, b->scope_name);
}

uint16_t dnsview_server_port(const struct dnsview_server *s)
{
	return s->port ? s->port : 53;
}

/* --- line-oriented parsing --- */

struct dv_parse {
	struct dnsview_section *s;
	const char *path;
	struct diag_list *problems;
	int line;
	int oom;
	void *aux;		/* the parser's own state */
	unsigned warned;	/* problems added for this file */
	unsigned unlisted;	/* past DNSVIEW_MAX_FILE_PROBLEMS */
};

static void dv_warn(struct dv_parse *ps, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void dv_warn(struct dv_parse *ps, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	if (!ps->problems)
		return;
	if (ps->warned >= DNSVIEW_MAX_FILE_PROBLEMS) {
		ps->unlisted++;
		return;
	}
	ps->warned++;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (diag_add_line(ps->problems, DIAG_WARNING, ps->path, ps->line, "%s",
			  msg))
		ps->oom = 1;
}

/* The file's last word: how many of its problems were not listed. */
static int dv_warn_done(struct dv_parse *ps, int r)
{
	if (ps->unlisted && ps->problems && !ps->oom &&
	    diag_add(ps->problems, DIAG_WARNING, ps->path, "%u more problems "
		     "in this file are not listed (at most %d are)",
		     ps->unlisted, DNSVIEW_MAX_FILE_PROBLEMS) < 0)
		return -1;
	return r;
}

/* Calls FN for each line of TEXT (at most DNSVIEW_MAX_INPUT bytes) with
 * the line NUL-terminated, CR and surrounding blanks removed. */
static int dv_each_line(const char *text, struct dv_parse *ps,
			void (*fn)(struct dv_parse *ps, char *line))
{
	size_t len = strnlen(text, DNSVIEW_MAX_INPUT + 1);
	char *copy, *p, *end, *nl;

	if (len > DNSVIEW_MAX_INPUT) {
		dv_warn(ps, "the file is larger than %d bytes: only the start "
			"is read", DNSVIEW_MAX_INPUT);
		len = DNSVIEW_MAX_INPUT;
	}
	copy = malloc(len + 1);
	if (!copy)
		return -1;
	memcpy(copy, text, len);
	copy[len] = '\0';
	ps->line = 0;
	for (p = copy; *p; p = nl) {
		nl = strchr(p, '\n');
		if (nl)
			*nl++ = '\0';
		else
			nl = p + strlen(p);
		ps->line++;
		while (*p == ' ' || *p == '\t')
			p++;
		end = p + strlen(p);
		while (end > p && (end[-1] == ' ' || end[-1] == '\t' ||
				   end[-1] == '\r'))
			*--end = '\0';
		if (*p)
			fn(ps, p);
		if (ps->oom)
			break;
	}
	free(copy);
	ps->line = 0;
	return ps->oom ? -1 : 0;
}

/* Splits a KEY=VALUE line; false for comments and lines without '='. */
static bool dv_kv(char *line, char **key, char **val)
{
	char *eq, *e;

	if (line[0] == '#' || line[0] == ';')
		return false;
	eq = strchr(line, '=');
	if (!eq)
		return false;
	*eq = '\0';
	for (e = eq; e > line && (e[-1] == ' ' || e[-1] == '\t'); e--)
		e[-1] = '\0';
	*key = line;
	for (eq++; *eq == ' ' || *eq == '\t'; eq++)
		;
	*val = eq;
	return true;
}

/* Next blank-separated token of *P, or NULL. */
static char *dv_token(char **p)
{
	char *s = *p, *t;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s) {
		*p = s;
		return NULL;
	}
	for (t = s; *t && *t != ' ' && *t != '\t'; t++)
		;
	if (*t)
		*t++ = '\0';
	*p = t;
	return s;
}

/* IN as it may be shown: escaped (textsafe), ending in "..." when cut. */
static void dv_printable(char *out, size_t len, const char *in)
{
	textsafe_buf(out, len, in);
}

static void dv_set_servers(struct dv_parse *ps, const char *key, char *val,
			   bool clear)
{
	struct dnsview_section *s = ps->s;
	struct dnsview_server srv;
	char err[200], shown[64];
	char *tok;

	if (clear)
		s->nservers = 0;
	while ((tok = dv_token(&val))) {
		if (dnsview_server_parse(&srv, tok, err, sizeof(err))) {
			dv_printable(shown, sizeof(shown), tok);
			dv_warn(ps, "%s: \"%s\" skipped: %s", key, shown, err);
			continue;
		}
		if (s->nservers >= DNSVIEW_MAX_SERVERS) {
			dv_warn(ps, "%s: more than %d servers; the rest are not "
				"shown", key, DNSVIEW_MAX_SERVERS);
			return;
		}
		if (dnsview_add_server(s, false, &srv))
			ps->oom = 1;
	}
}

/* "name" or "~name"; ROUTE forces routing-only. */
static void dv_add_domain_token(struct dv_parse *ps, const char *key,
				const char *tok, bool route)
{
	char shown[64];
	bool r = route;

	if (tok[0] == '~') {
		r = true;
		tok++;
	}
	if (!dv_token_ok(tok) || strlen(tok) > 253 ||
	    (tok[0] == '.' && tok[1]) || strstr(tok, "..")) {
		dv_printable(shown, sizeof(shown), tok);
		dv_warn(ps, "%s: \"%s\" is not a domain name: skipped", key,
			shown);
		return;
	}
	if (ps->s->ndomains >= DNSVIEW_MAX_DOMAINS) {
		dv_warn(ps, "%s: more than %d domains; the rest are not shown",
			key, DNSVIEW_MAX_DOMAINS);
		return;
	}
	if (dnsview_add_domain(ps->s, tok, r))
		ps->oom = 1;
}

static void dv_set_mode(struct dv_parse *ps, const char *key, const char *val,
			const char *const *modes, char *dst, size_t len)
{
	char shown[32];
	int b;

	if (dv_in(val, modes)) {
		dv_copy(dst, len, val);
		return;
	}
	b = dv_parse_bool(val);
	if (b >= 0) {
		dv_copy(dst, len, b ? "yes" : "no");
		return;
	}
	dv_printable(shown, sizeof(shown), val);
	dv_warn(ps, "%s=%s is not a known setting: ignored", key, shown);
}

static void dv_set_bool(struct dv_parse *ps, const char *key, const char *val,
			int *dst)
{
	char shown[32];
	int b = dv_parse_bool(val);

	if (b < 0) {
		dv_printable(shown, sizeof(shown), val);
		dv_warn(ps, "%s=%s is not yes or no: ignored", key, shown);
		return;
	}
	*dst = b;
}

static void dv_netif_line(struct dv_parse *ps, char *line)
{
	struct dnsview_section *s = ps->s;
	char *key, *val, *tok;

	if (!dv_kv(line, &key, &val))
		return;
	if (!strcmp(key, "LLMNR")) {
		dv_set_mode(ps, key, val, dv_llmnr_modes, s->llmnr,
			    sizeof(s->llmnr));
	} else if (!strcmp(key, "MDNS")) {
		dv_set_mode(ps, key, val, dv_llmnr_modes, s->mdns,
			    sizeof(s->mdns));
	} else if (!strcmp(key, "DNSSEC")) {
		dv_set_mode(ps, key, val, dv_dnssec_modes, s->dnssec,
			    sizeof(s->dnssec));
	} else if (!strcmp(key, "DNSOVERTLS")) {
		dv_set_mode(ps, key, val, dv_tls_modes, s->dns_over_tls,
			    sizeof(s->dns_over_tls));
	} else if (!strcmp(key, "DEFAULT_ROUTE")) {
		dv_set_bool(ps, key, val, &s->default_route);
		s->default_route_derived = false;
	} else if (!strcmp(key, "SERVERS")) {
		dv_set_servers(ps, key, val, true);
	} else if (!strcmp(key, "DOMAINS")) {
		s->ndomains = 0;
		while ((tok = dv_token(&val)))
			dv_add_domain_token(ps, key, tok, false);
	}
}

int dnsview_parse_netif(struct dnsview_section *s, const char *text,
			const char *path, struct diag_list *problems)
{
	struct dv_parse ps = { s, path ? path : "", problems, 0, 0, NULL,
			       0, 0 };
	int r;

	if (!text)
		return 0;
	r = dv_each_line(text, &ps, dv_netif_line);
	dnsview_sort_domains(s);
	return dv_warn_done(&ps, r);
}

/* networkd keeps search and route domains apart: collected, then set. */
struct dv_nd {
	char *domains;
	char *routes;
	bool have_domains;
};

static void dv_nd_line(struct dv_parse *ps, char *line)
{
	struct dnsview_section *s = ps->s;
	struct dv_nd *nd = ps->aux;
	char *key, *val, **slot;

	if (!dv_kv(line, &key, &val))
		return;
	if (!strcmp(key, "DNS")) {
		dv_set_servers(ps, key, val, true);
	} else if (!strcmp(key, "DOMAINS") || !strcmp(key, "ROUTE_DOMAINS")) {
		slot = key[0] == 'D' ? &nd->domains : &nd->routes;
		free(*slot);
		*slot = strdup(val);
		if (!*slot)
			ps->oom = 1;
		nd->have_domains = true;
	} else if (!strcmp(key, "LLMNR")) {
		dv_set_mode(ps, key, val, dv_llmnr_modes, s->llmnr,
			    sizeof(s->llmnr));
	} else if (!strcmp(key, "MDNS")) {
		dv_set_mode(ps, key, val, dv_llmnr_modes, s->mdns,
			    sizeof(s->mdns));
	} else if (!strcmp(key, "DNSSEC")) {
		dv_set_mode(ps, key, val, dv_dnssec_modes, s->dnssec,
			    sizeof(s->dnssec));
	} else if (!strcmp(key, "DNS_OVER_TLS")) {
		dv_set_mode(ps, key, val, dv_tls_modes, s->dns_over_tls,
			    sizeof(s->dns_over_tls));
	} else if (!strcmp(key, "DNS_DEFAULT_ROUTE")) {
		dv_set_bool(ps, key, val, &s->default_route);
		s->default_route_derived = false;
	}
}

int dnsview_parse_networkd_link(struct dnsview_section *s, const char *text,
				const char *path, struct diag_list *problems)
{
	struct dv_nd nd = { NULL, NULL, false };
	struct dv_parse ps = { s, path ? path : "", problems, 0, 0, &nd,
			       0, 0 };
	char *p, *tok;
	int r;

	if (!text)
		return 0;
	r = dv_each_line(text, &ps, dv_nd_line);
	if (!r && nd.have_domains) {
		s->ndomains = 0;
		for (p = nd.domains; p && (tok = dv_token(&p));)
			dv_add_domain_token(&ps, "DOMAINS", tok, false);
		for (p = nd.routes; p && (tok = dv_token(&p));)
			dv_add_domain_token(&ps, "ROUTE_DOMAINS", tok, true);
		if (ps.oom)
			r = -1;
	}
	free(nd.domains);
	free(nd.routes);
	dnsview_sort_domains(s);
	return dv_warn_done(&ps, r);
}

/* resolv.conf: state kept across lines. */
struct dv_rc {
	int nameservers;
	char *search;		/* the last search/domain line's value */
	bool have_search;
};

static void dv_rc_line(struct dv_parse *ps, char *line)
{
	struct dv_rc *rc = ps->aux;
	struct dnsview_section *s = ps->s;
	struct dnsview_server srv;
	char err[200], shown[64];
	char *p = line, *kw, *tok;

	if (line[0] == '#' || line[0] == ';') {
		if (strstr(line, "/run/systemd/resolve/stub-resolv.conf") &&
		    strstr(line, "managed by"))
			dv_copy(s->resolv_conf_mode, sizeof(s->resolv_conf_mode),
				"stub");
		else if (strstr(line, "/run/systemd/resolve/resolv.conf") &&
			 strstr(line, "managed by"))
			dv_copy(s->resolv_conf_mode, sizeof(s->resolv_conf_mode),
				"uplink");
		else if (strstr(line, "/usr/lib/systemd/resolv.conf") &&
			 strstr(line, "managed by"))
			dv_copy(s->resolv_conf_mode, sizeof(s->resolv_conf_mode),
				"static");
		return;
	}
	kw = dv_token(&p);
	if (!kw)
		return;
	if (!strcmp(kw, "nameserver")) {
		tok = dv_token(&p);
		if (!tok) {
			dv_warn(ps, "a nameserver line without an address");
			return;
		}
		if (dnsview_server_parse(&srv, tok, err, sizeof(err))) {
			dv_printable(shown, sizeof(shown), tok);
			dv_warn(ps, "nameserver \"%s\" skipped: %s", shown, err);
			return;
		}
		if (srv.port || srv.sni[0]) {
			dv_printable(shown, sizeof(shown), tok);
			dv_warn(ps, "nameserver \"%s\" skipped: resolv.conf takes "
				"a bare address, without port or name", shown);
			return;
		}
		rc->nameservers++;
		if (rc->nameservers == 4)
			dv_warn(ps, "more than 3 nameserver lines: programs that "
				"read resolv.conf themselves (glibc) use only "
				"the first 3");
		if (s->nservers >= DNSVIEW_MAX_SERVERS) {
			if (s->nservers == DNSVIEW_MAX_SERVERS &&
			    rc->nameservers == DNSVIEW_MAX_SERVERS + 1)
				dv_warn(ps, "more than %d nameservers; the rest "
					"are not shown", DNSVIEW_MAX_SERVERS);
			return;
		}
		if (dnsview_add_server(s, false, &srv))
			ps->oom = 1;
	} else if (!strcmp(kw, "search") || !strcmp(kw, "domain")) {
		free(rc->search);
		rc->search = strdup(p);
		rc->have_search = true;
		if (!rc->search)
			ps->oom = 1;
		if (!strcmp(kw, "domain") && rc->search) {
			/* "domain" names one domain */
			char *q = rc->search, *first = dv_token(&q);

			if (first && first != rc->search)
				memmove(rc->search, first, strlen(first) + 1);
		}
	}
}

int dnsview_parse_resolv_conf(struct dnsview_section *global,
			      const char *text, const char *path,
			      struct diag_list *problems)
{
	struct dv_rc rc = { 0, NULL, false };
	struct dv_parse ps = { global, path ? path : "", problems, 0, 0, &rc,
			       0, 0 };
	char *p, *tok;
	int r;

	if (!text)
		return 0;
	dv_copy(global->resolv_conf_mode, sizeof(global->resolv_conf_mode),
		"foreign");
	r = dv_each_line(text, &ps, dv_rc_line);
	if (!r && rc.have_search) {
		global->ndomains = 0;
		for (p = rc.search; p && (tok = dv_token(&p));) {
			if (tok[0] == '~') {
				char shown[64];

				dv_printable(shown, sizeof(shown), tok);
				dv_warn(&ps, "search \"%s\" skipped: resolv.conf "
					"has no routing-only domains", shown);
				continue;
			}
			dv_add_domain_token(&ps, "search", tok, false);
		}
		if (ps.oom)
			r = -1;
	}
	free(rc.search);
	return dv_warn_done(&ps, r);
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

int dnsview_build_from_files(struct dnsview *v, const char *resolv_conf,
			     const char *resolv_conf_path,
			     const struct dnsview_link_files *links,
			     size_t nlinks, struct diag_list *problems)
{
	struct dnsview_section *s;
	bool any = false;
	char path[64];
	size_t i;

	dnsview_free(v);
	dv_copy(v->global.origin, sizeof(v->global.origin),
		resolv_conf_path ? resolv_conf_path : "/etc/resolv.conf");
	if (resolv_conf) {
		if (dnsview_parse_resolv_conf(&v->global, resolv_conf,
					      "dns.global", problems))
			return -1;
	} else {
		dv_copy(v->global.resolv_conf_mode,
			sizeof(v->global.resolv_conf_mode), "missing");
	}
	for (i = 0; i < nlinks; i++) {
		const struct dnsview_link_files *f = &links[i];

		if (f->ifindex <= 1)
			continue;
		s = dnsview_link(v, f->ifindex);
		if (!s)
			return v->nlinks >= DNSVIEW_MAX_LINKS ? 0 : -1;
		if (f->ifname)
			dnsview_section_set_ifname(s, f->ifname);
		snprintf(path, sizeof(path), "dns.links[%d]", f->ifindex);
		if (f->networkd) {
			any = true;
			if (dnsview_parse_networkd_link(s, f->networkd, path,
							problems))
				return -1;
		}
		if (f->resolved) {
			any = true;
			if (dnsview_parse_netif(s, f->resolved, path, problems))
				return -1;
		}
		snprintf(s->origin, sizeof(s->origin), "%s%s%s",
			 f->networkd ? "networkd" : "",
			 f->networkd && f->resolved ? "+" : "",
			 f->resolved ? "resolved" : "");
		dnsview_derive_default_route(s);
	}
	v->source = any ? DNSVIEW_SOURCE_FILES : DNSVIEW_SOURCE_RESOLV_CONF;
	return 0;
}

size_t dnsview_parse_proc_net_dev(const char *text,
				  char (*names)[DNSVIEW_IFNAME_MAX],
				  size_t max)
{
	const char *p = text, *colon, *nl, *b;
	size_t n = 0, len;

	/* "  eth0: 1234 ..." after two header lines (which have no ':'
	 * before a '|') */
	while (p && *p && n < max) {
		nl = strchr(p, '\n');
		colon = strchr(p, ':');
		if (colon && (!nl || colon < nl)) {
			for (b = p; *b == ' ' || *b == '\t'; b++)
				;
			len = (size_t)(colon - b);
			if (len && len < DNSVIEW_IFNAME_MAX &&
			    !memchr(b, '|', len) && !memchr(b, ' ', len)) {
				memcpy(names[n], b, len);
				names[n][len] = '\0';
				if (dv_token_ok(names[n]))
					n++;
			}
		}
		p = nl ? nl + 1 : NULL;
	}
	return n;
}

int dnsview_read_machine(struct dnsview *v, dnsview_read_fn read, void *ctx,
			 struct diag_list *problems)
{
	char (*names)[DNSVIEW_IFNAME_MAX] = NULL;
	struct dnsview_link_files *lf = NULL;
	char path[96], *dev, *rc = NULL, *idx;
	size_t n = 0, k = 0, i;
	int r = -1;
	long x;

	dnsview_free(v);
	dev = read(ctx, "/proc/net/dev");
	if (!dev)
		return -1;
	names = calloc(DNSVIEW_MAX_LINKS, sizeof(*names));
	lf = calloc(DNSVIEW_MAX_LINKS, sizeof(*lf));
	if (!names || !lf)
		goto out;
	n = dnsview_parse_proc_net_dev(dev, names, DNSVIEW_MAX_LINKS);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/sys/class/net/%s/ifindex",
			 names[i]);
		idx = read(ctx, path);
		x = idx ? strtol(idx, NULL, 10) : 0;
		free(idx);
		if (x <= 1 || x > 0x7fffffff)
			continue;	/* the loopback, or gone */
		lf[k].ifindex = (int)x;
		lf[k].ifname = names[i];
		snprintf(path, sizeof(path), "/run/systemd/netif/links/%ld", x);
		lf[k].networkd = read(ctx, path);
		snprintf(path, sizeof(path), "/run/systemd/resolve/netif/%ld",
			 x);
		lf[k].resolved = read(ctx, path);
		k++;
	}
	rc = read(ctx, "/etc/resolv.conf");
	r = dnsview_build_from_files(v, rc, "/etc/resolv.conf", lf, k,
				     problems);
out:
	for (i = 0; lf && i < k; i++) {
		free((char *)lf[i].networkd);
		free((char *)lf[i].resolved);
	}
	free(lf);
	free(names);
	free(rc);
	free(dev);
	return r;
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
		snprintf(buf, len, "%s", names[rcode]);
	else
		snprintf(buf, len, "RCODE%d", rcode);
	return buf;
}

const char *dnsview_probe_text(const struct dnsview_probe *p, char *buf,
			       size_t len)
{
	return dns_verdict_short(p, buf, len);
}

static enum dnsview_style dv_probe_style(const struct dnsview_probe *p)
{
	enum dns_verdict v = dns_verdict_of(p);

	if (v == DNS_VERDICT_RESOLVES)
		return DNSVIEW_STYLE_GOOD;
	if (dns_verdict_is_problem(v))
		return DNSVIEW_STYLE_BAD;
	return p->state == DNSVIEW_PROBE_PENDING ? DNSVIEW_STYLE_WARN
						 : DNSVIEW_STYLE_NORMAL;
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

/* --- checks --- */

static void dv_link_label(const struct dnsview_section *s, char *buf,
			  size_t len)
{
	if (s->is_global)
		snprintf(buf, len, "the global settings");
	else if (s->ifname[0])
		snprintf(buf, len, "interface %s", s->ifname);
	else
		snprintf(buf, len, "interface %d", s->ifindex);
}

static void dv_section_path(const struct dnsview_section *s, char *buf,
			    size_t len)
{
	if (s->is_global)
		snprintf(buf, len, "dns.global");
	else if (s->ifname[0])
		snprintf(buf, len, "dns.links[%s]", s->ifname);
	else
		snprintf(buf, len, "dns.links[%d]", s->ifindex);
}

static int dv_check_server(const struct dnsview_section *s,
			   const struct dnsview_server *srv, const char *list,
			   size_t idx, struct diag_list *out, bool remote)
{
	char path[DIAG_PATH_MAX], sp[64], where[48], why[600];
	const struct dnsview_probe *p = &srv->probe;

	if (!dns_verdict_is_problem(dns_verdict_of(p)))
		return 0;
	dv_section_path(s, sp, sizeof(sp));
	snprintf(path, sizeof(path), "%s.%s[%zu]", sp, list, idx);
	dv_link_label(s, where, sizeof(where));
	dns_verdict_explain(p, remote, why, sizeof(why));
	if (remote)
		return diag_add(out, DIAG_WARNING, path, "DNS server %s of the "
				"VM's %s, probed from the host, %s. This is the "
				"host's view: a server on the VM's own network "
				"(libvirt's dnsmasq, for one) may answer only "
				"the VM; check from inside the VM when names "
				"fail there.", srv->text, s->is_global ?
				"/etc/resolv.conf" : where, why);
	if (s->is_global)
		return diag_add(out, DIAG_WARNING, path, "Global DNS server "
				"%s %s.", srv->text, why);
	return diag_add(out, DIAG_WARNING, path, "DNS server %s of %s %s.",
			srv->text, where, why);
}

static bool dv_is_stub(const struct dnsview_server *s)
{
	static const uint8_t stub[4] = { 127, 0, 0, 53 };
	static const uint8_t proxy[4] = { 127, 0, 0, 54 };

	return s->family == AF_INET && (!memcmp(s->bytes, stub, 4) ||
					!memcmp(s->bytes, proxy, 4));
}

/* Whether any link's settings came from resolved's own state files. */
static bool dv_resolved_seen(const struct dnsview *v)
{
	for (size_t i = 0; i < v->nlinks; i++)
		if (strstr(v->links[i].origin, "resolved"))
			return true;
	return false;
}

static int dv_check(const struct dnsview *v, struct diag_list *out,
		    bool remote)
{
	const struct dnsview_section *s;
	size_t total = 0, i, j, ok, failed;
	char where[48], path[DIAG_PATH_MAX];
	bool stub = false;

	if (v->source == DNSVIEW_SOURCE_NONE)
		return 0;
	total = v->global.nservers + v->global.nfallback;
	for (i = 0; i < v->nlinks; i++)
		total += v->links[i].nservers;
	for (i = 0; i < v->global.nservers; i++)
		if (dv_is_stub(&v->global.servers[i]))
			stub = true;
	if (stub && remote) {
		if (!dv_resolved_seen(v) &&
		    diag_add(out, DIAG_WARNING, "dns.global", "The VM's "
			     "/etc/resolv.conf sends queries to "
			     "systemd-resolved's stub (127.0.0.53), but none "
			     "of resolved's state files was found in the VM: "
			     "if systemd-resolved does not run there, no name "
			     "resolves in the VM."))
			return -1;
	} else if (stub && v->source != DNSVIEW_SOURCE_RESOLVED) {
		if (diag_add(out, DIAG_ERROR, "dns.global", "/etc/resolv.conf "
			     "sends queries to systemd-resolved's stub "
			     "(127.0.0.53), but systemd-resolved is not "
			     "running: no name resolves. Start it "
			     "(systemctl start systemd-resolved)."))
			return -1;
	} else if (!total) {
		if (diag_add(out, DIAG_ERROR, "dns", "No DNS server is "
			     "configured, globally or on any interface: no "
			     "name can be resolved. Give the NIC DNS servers, or "
			     "check that its DHCP server hands them out."))
			return -1;
	}
	for (i = 0; i <= v->nlinks; i++) {
		s = i ? &v->links[i - 1] : &v->global;
		ok = failed = 0;
		for (j = 0; j < s->nservers; j++) {
			enum dns_verdict vd =
				dns_verdict_of(&s->servers[j].probe);

			if (vd == DNS_VERDICT_RESOLVES)
				ok++;
			else if (dns_verdict_is_problem(vd))
				failed++;
			if (dv_check_server(s, &s->servers[j], "servers", j,
					    out, remote))
				return -1;
		}
		for (j = 0; j < s->nfallback; j++)
			if (dv_check_server(s, &s->fallback[j],
					    "fallback_servers", j, out, remote))
				return -1;
		if (s->is_global)
			continue;
		dv_link_label(s, where, sizeof(where));
		dv_section_path(s, path, sizeof(path));
		if (!remote && s->nservers && failed == s->nservers &&
		    s->default_route == 1 &&
		    diag_add(out, DIAG_ERROR, path, "None of the DNS servers "
			     "of %s resolves, and names outside its own "
			     "domains are sent to them (+DefaultRoute): such "
			     "names may fail to resolve. Fix or replace its "
			     "servers (see each one's problem).", where))
			return -1;
		if (s->nservers && s->scopes_known &&
		    !(s->scopes & DNSVIEW_SCOPE_DNS) &&
		    diag_add(out, DIAG_WARNING, path, "%s has DNS servers, "
			     "but systemd-resolved does not use them (no DNS "
			     "scope): the interface is down or has no "
			     "address. Bring it up and give it an address, or "
			     "remove its servers.", where))
			return -1;
	}
	return 0;
}

int dnsview_check(const struct dnsview *v, struct diag_list *out)
{
	return dv_check(v, out, false);
}

int dnsview_check_remote(const struct dnsview *v, struct diag_list *out)
{
	size_t first = out->count;
	char path[DIAG_PATH_MAX];

	if (dv_check(v, out, true) < 0)
		return -1;
	for (size_t i = first; i < out->count; i++) {
		struct diag *d = &out->items[i];

		if (strncmp(d->path, "dns", 3) != 0)
			continue;
		snprintf(path, sizeof(path), "vm.%.*s",
			 (int)sizeof(path) - 4, d->path);
		memcpy(d->path, path, sizeof(d->path));
	}
	return 0;
}

/* --- another machine's servers --- */

bool dnsview_server_probe_from_host(const struct dnsview_server *s,
				    const char **why)
{
	static const uint8_t zero[16];
	const char *w = NULL;

	if (s->family == AF_INET) {
		if (s->bytes[0] == 127)
			w = "a loopback address inside the VM";
		else if (s->bytes[0] == 169 && s->bytes[1] == 254)
			w = "link-local, on the VM's own link";
		else if (!memcmp(s->bytes, zero, 4))
			w = "0.0.0.0 is not a server address";
	} else if (s->family == AF_INET6) {
		static const uint8_t lo6[16] = { [15] = 1 };

		if (!memcmp(s->bytes, lo6, 16))
			w = "a loopback address inside the VM";
		else if (s->bytes[0] == 0xfe && (s->bytes[1] & 0xc0) == 0x80)
			w = "link-local, on the VM's own link";
		else if (!memcmp(s->bytes, zero, 16))
			w = ":: is not a server address";
	} else {
		w = "unknown address family";
	}
	if (why)
		*why = w;
	return w == NULL;
}

static void dv_mark_list(struct dnsview_server *list, size_t n)
{
	const char *why;

	for (size_t i = 0; i < n; i++) {
		if (dnsview_server_probe_from_host(&list[i], &why))
			continue;
		dv_probe_init(&list[i].probe);
		dv_copy(list[i].probe.detail, sizeof(list[i].probe.detail),
			why);
	}
}

static void dv_mark_section(struct dnsview_section *s)
{
	dv_mark_list(s->servers, s->nservers);
	dv_mark_list(s->fallback, s->nfallback);
	if (s->has_current)
		dv_mark_list(&s->current, 1);
}

void dnsview_mark_unprobeable(struct dnsview *v)
{
	dv_mark_section(&v->global);
	for (size_t i = 0; i < v->nlinks; i++)
		dv_mark_section(&v->links[i]);
}

/* --- text layout --- */

static int dv_push(struct dnsview_lines *out, const char *text,
		   enum dnsview_style style, size_t mark_at, size_t mark_len,
		   enum dnsview_style mark_style)
{
	struct dnsview_line *n;

	if (out->count == out->cap) {
		size_t cap = out->cap ? out->cap * 2 : 32;

		n = realloc(out->items, cap * sizeof(*n));
		if (!n)
			return -1;
		out->items = n;
		out->cap = cap;
	}
	n = &out->items[out->count];
	n->text = strdup(text);
	if (!n->text)
		return -1;
	n->style = style;
	n->mark_at = mark_at;
	n->mark_len = mark_len;
	n->mark_style = mark_style;
	out->count++;
	return 0;
}

void dnsview_lines_free(struct dnsview_lines *l)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		free(l->items[i].text);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

static void dv_pad(struct sbuf *b, size_t n)
{
	while (n--)
		sbuf_addn(b, " ", 1);
}

#define DV_MAX_ITEMS (DNSVIEW_MAX_DOMAINS + 8)

struct dv_row {
	const char *label;
	const char *items[DV_MAX_ITEMS];
	size_t nitems;
	/* servers with probes instead of items */
	const struct dnsview_server *servers;
	size_t nservers;
};

struct dv_render {
	const struct dnsview_render_opts *o;
	struct dnsview_lines *out;
	int oom;
};

static void dv_emit(struct dv_render *r, struct sbuf *b,
		    enum dnsview_style st, size_t mark_at, size_t mark_len,
		    enum dnsview_style mst)
{
	if (b->failed ||
	    dv_push(r->out, b->s ? b->s : "", st, mark_at, mark_len, mst))
		r->oom = 1;
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

/* A row of items, wrapped after the value column like resolvectl's
 * TABLE_STRV_WRAPPED. */
static void dv_row_items(struct dv_render *r, const struct dv_row *row,
			 size_t lw)
{
	size_t avail = 0, used = 0, i, n;
	struct sbuf b = { 0 };

	if (r->o->width > 0 && (size_t)r->o->width > lw + 1)
		avail = (size_t)r->o->width - lw - 1;
	dv_pad(&b, lw - strlen(row->label));
	sbuf_add(&b, row->label);
	for (i = 0; i < row->nitems; i++) {
		n = strlen(row->items[i]);
		if (i && avail && used + 1 + n > avail) {
			dv_emit(r, &b, DNSVIEW_STYLE_NORMAL, 0, 0, 0);
			dv_pad(&b, lw + 1);
			sbuf_add(&b, row->items[i]);
			used = n;
			continue;
		}
		sbuf_add(&b, " ");
		sbuf_add(&b, row->items[i]);
		used += (i ? 1 : 0) + n;
	}
	dv_emit(r, &b, DNSVIEW_STYLE_NORMAL, 0, 0, 0);
	if (b.failed)
		r->oom = 1;
	sbuf_free(&b);
}

/* A probe result RES from B's column on, word-wrapped at the width (the
 * following lines start at the same column), each piece a marked span. */
static void dv_result(struct dv_render *r, struct sbuf *b, const char *res,
		      enum dnsview_style st)
{
	size_t indent = b->len, avail = 0, n, cut, at;
	const char *p = res;

	if (r->o->width > 0 && (size_t)r->o->width >= indent + 12)
		avail = (size_t)r->o->width - indent;
	while (*p) {
		n = strlen(p);
		if (avail && n > avail) {
			/* the last space that fits; a longer word is split */
			for (cut = avail; cut > 0 && p[cut] != ' '; cut--)
				;
			n = cut ? cut : avail;
		}
		at = b->len;
		sbuf_addn(b, p, n);
		dv_emit(r, b, DNSVIEW_STYLE_NORMAL, at, n, st);
		p += n;
		while (*p == ' ')
			p++;
		if (*p)
			dv_pad(b, indent);
	}
}

/* A row of servers, one a line, each followed by its probe result. */
static void dv_row_servers(struct dv_render *r, const struct dv_row *row,
			   size_t lw)
{
	struct sbuf b = { 0 };
	size_t col = 0, i;
	char res[DNSVIEW_DETAIL_MAX + 64];

	for (i = 0; i < row->nservers; i++)
		if (strlen(row->servers[i].text) > col)
			col = strlen(row->servers[i].text);
	if (col > 40)
		col = 40;
	for (i = 0; i < row->nservers; i++) {
		const struct dnsview_server *s = &row->servers[i];
		size_t tl = strlen(s->text);

		if (i == 0) {
			dv_pad(&b, lw - strlen(row->label));
			sbuf_add(&b, row->label);
		} else {
			dv_pad(&b, lw);
		}
		sbuf_add(&b, " ");
		sbuf_add(&b, s->text);
		dnsview_probe_text(&s->probe, res, sizeof(res));
		if (r->o->from_host && s->probe.state > DNSVIEW_PROBE_PENDING)
			snprintf(res + strlen(res), sizeof(res) - strlen(res),
				 " (from the host)");
		if (r->o->width > 0 &&
		    lw + 1 + (tl > col ? tl : col) + 2 + strlen(res) >
		    (size_t)r->o->width) {
			/* no room beside it: the result goes below */
			dv_emit(r, &b, DNSVIEW_STYLE_NORMAL, 0, 0, 0);
			dv_pad(&b, lw + 3);
		} else {
			dv_pad(&b, (tl < col ? col - tl : 0) + 2);
		}
		dv_result(r, &b, res, dv_probe_style(&s->probe));
	}
	if (b.failed)
		r->oom = 1;
	sbuf_free(&b);
}

/* "+LLMNR", "-LLMNR" or "LLMNR=resolve" as resolvectl writes it. */
/* A row of servers: with their probe results when PROBES, else their
 * addresses only. */
static void dv_servers_row(struct dv_row *row, const char *label,
			   const struct dnsview_server *srv, size_t n,
			   bool probes)
{
	row->label = label;
	if (probes) {
		row->servers = srv;
		row->nservers = n;
		return;
	}
	for (size_t i = 0; i < n && i < DV_MAX_ITEMS; i++)
		row->items[row->nitems++] = srv[i].text;
}

static void dv_proto(char *buf, size_t len, const char *name, const char *mode)
{
	int b = dv_parse_bool(mode);

	if (b >= 0)
		snprintf(buf, len, "%s%s", b ? "+" : "-", name);
	else
		snprintf(buf, len, "%s=%s", name, mode);
}

/* resolv.conf mode's value in plain words: what it means for the
 * programs of the machine, and what to do when it is not what is wanted.
 * (resolvectl's term stays beside it.) */
static void dv_mode_words(const struct dnsview *v, const char *mode,
			  char *buf, size_t len)
{
	static const char link[] = "link /etc/resolv.conf to "
				   "/run/systemd/resolve/stub-resolv.conf";

	if (!strcmp(mode, "stub"))
		snprintf(buf, len, "(programs ask systemd-resolved at "
			 "127.0.0.53, which sends each query to the servers "
			 "below)");
	else if (!strcmp(mode, "static"))
		snprintf(buf, len, "(programs ask systemd-resolved at "
			 "127.0.0.53 through a fixed file that has none of "
			 "the search domains below)");
	else if (!strcmp(mode, "uplink"))
		snprintf(buf, len, "(programs skip systemd-resolved and ask "
			 "the servers listed in /etc/resolv.conf directly, "
			 "whichever interface each of them belongs to)");
	else if (!strcmp(mode, "foreign") &&
		 v->source == DNSVIEW_SOURCE_RESOLVED)
		snprintf(buf, len, "(/etc/resolv.conf was written by another "
			 "program, not by systemd-resolved: programs ask only "
			 "the servers listed in it, so the link settings below "
			 "do not apply to them; if systemd-resolved should "
			 "serve them, %s)", link);
	else if (!strcmp(mode, "foreign"))
		snprintf(buf, len, "(/etc/resolv.conf was written by another "
			 "program, not by systemd-resolved: programs ask the "
			 "servers listed in it, shown below; if "
			 "systemd-resolved should serve them, %s)", link);
	else if (!strcmp(mode, "missing"))
		snprintf(buf, len, "(there is no /etc/resolv.conf: most "
			 "programs cannot resolve any name; if "
			 "systemd-resolved runs, %s)", link);
	else
		snprintf(buf, len, "%s", "");
}

/* Appends the words of TEXT (split in place at spaces) to ROW's items. */
static void dv_split_items(struct dv_row *row, char *text)
{
	char *p = text;

	while (*p && row->nitems < DV_MAX_ITEMS) {
		while (*p == ' ')
			*p++ = '\0';
		if (!*p)
			break;
		row->items[row->nitems++] = p;
		p += strcspn(p, " ");
	}
}

static void dv_render_section(struct dv_render *r, const struct dnsview *v,
			      const struct dnsview_section *s)
{
	char proto[5][48], head[DNSVIEW_IFNAME_MAX + DNSVIEW_ORIGIN_MAX + 48];
	char scopes[64], modewords[512], nowords[96];
	struct dv_row rows[7];
	size_t nrows = 0, lw = 0, i, np = 0;
	struct sbuf b = { 0 };
	const char *dom[DNSVIEW_MAX_DOMAINS];
	char (*domtext)[DNSVIEW_DOMAIN_MAX + 1] = NULL;
	struct dv_row *row;

	if (s->is_global)
		snprintf(head, sizeof(head), "Global");
	else
		snprintf(head, sizeof(head), "Link %d (%s)", s->ifindex,
			 s->ifname[0] ? s->ifname : "?");
	if (s->origin[0] && v->source != DNSVIEW_SOURCE_RESOLVED)
		snprintf(head + strlen(head), sizeof(head) - strlen(head),
			 "  [from %s]", s->origin);
	sbuf_add(&b, head);
	dv_emit(r, &b, DNSVIEW_STYLE_HEADING, 0, 0, 0);

	memset(rows, 0, sizeof(rows));
	if (!s->is_global) {
		row = &rows[nrows++];
		row->label = "Current Scopes:";
		if (!s->scopes_known) {
			snprintf(scopes, sizeof(scopes), "unknown");
		} else if (!s->scopes) {
			snprintf(scopes, sizeof(scopes), "none");
		} else {
			snprintf(scopes, sizeof(scopes), "%s%s%s%s%s",
				 s->scopes & DNSVIEW_SCOPE_DNS ? "DNS " : "",
				 s->scopes & DNSVIEW_SCOPE_LLMNR_IPV4 ?
				 "LLMNR/IPv4 " : "",
				 s->scopes & DNSVIEW_SCOPE_LLMNR_IPV6 ?
				 "LLMNR/IPv6 " : "",
				 s->scopes & DNSVIEW_SCOPE_MDNS_IPV4 ?
				 "mDNS/IPv4 " : "",
				 s->scopes & DNSVIEW_SCOPE_MDNS_IPV6 ?
				 "mDNS/IPv6 " : "");
			if (scopes[0])
				scopes[strlen(scopes) - 1] = '\0';
			else
				snprintf(scopes, sizeof(scopes), "0x%x",
					 (unsigned)s->scopes);
		}
		row->items[row->nitems++] = scopes;
		if (s->scopes_known && !s->scopes && !r->o->terse) {
			snprintf(nowords, sizeof(nowords), "(the link is down "
				 "or has no address: not used for DNS)");
			dv_split_items(row, nowords);
		}
	}
	if (!s->is_global && s->default_route >= 0)
		snprintf(proto[np++], sizeof(proto[0]), "%sDefaultRoute",
			 s->default_route ? "+" : "-");
	if (s->llmnr[0])
		dv_proto(proto[np++], sizeof(proto[0]), "LLMNR", s->llmnr);
	if (s->mdns[0])
		dv_proto(proto[np++], sizeof(proto[0]), "mDNS", s->mdns);
	if (s->dns_over_tls[0])
		dv_proto(proto[np++], sizeof(proto[0]), "DNSOverTLS",
			 s->dns_over_tls);
	if (s->dnssec[0]) {
		if (s->dnssec_supported >= 0)
			snprintf(proto[np++], sizeof(proto[0]), "DNSSEC=%s/%s",
				 s->dnssec, s->dnssec_supported ? "supported"
								: "unsupported");
		else
			snprintf(proto[np++], sizeof(proto[0]), "DNSSEC=%s",
				 s->dnssec);
	}
	if (np) {
		row = &rows[nrows++];
		row->label = "Protocols:";
		for (i = 0; i < np; i++)
			row->items[row->nitems++] = proto[i];
	}
	if (s->is_global && s->resolv_conf_mode[0]) {
		row = &rows[nrows++];
		row->label = "resolv.conf mode:";
		row->items[row->nitems++] = s->resolv_conf_mode;
		if (!r->o->terse) {
			dv_mode_words(v, s->resolv_conf_mode, modewords,
				      sizeof(modewords));
			dv_split_items(row, modewords);
		}
	}
	if (s->has_current)
		dv_servers_row(&rows[nrows++], "Current DNS Server:",
			       &s->current, 1, r->o->probes);
	if (s->nservers)
		dv_servers_row(&rows[nrows++], "DNS Servers:", s->servers,
			       s->nservers, r->o->probes);
	if (s->nfallback)
		dv_servers_row(&rows[nrows++], "Fallback DNS Servers:",
			       s->fallback, s->nfallback, r->o->probes);
	if (s->ndomains) {
		domtext = malloc(s->ndomains * sizeof(*domtext));
		if (!domtext) {
			r->oom = 1;
			goto out;
		}
		row = &rows[nrows++];
		row->label = "DNS Domain:";
		for (i = 0; i < s->ndomains && i < DNSVIEW_MAX_DOMAINS; i++) {
			snprintf(domtext[i], sizeof(domtext[i]), "%s%s",
				 s->domains[i].route_only ? "~" : "",
				 s->domains[i].name);
			dom[i] = domtext[i];
			row->items[row->nitems++] = dom[i];
		}
	}
	for (i = 0; i < nrows; i++)
		if (strlen(rows[i].label) > lw)
			lw = strlen(rows[i].label);
	for (i = 0; i < nrows && !r->oom; i++) {
		if (rows[i].servers)
			dv_row_servers(r, &rows[i], lw);
		else
			dv_row_items(r, &rows[i], lw);
	}
out:
	free(domtext);
	if (b.failed)
		r->oom = 1;
	sbuf_free(&b);
}

static bool dv_idle(const struct dnsview_section *s)
{
	return !s->is_global && !s->nservers && !s->ndomains &&
	       !s->has_current && (!s->scopes_known || !s->scopes);
}

/* Word-wraps the note. */
static void dv_render_note(struct dv_render *r, const char *note)
{
	struct sbuf b = { 0 };
	size_t width = r->o->width > 20 ? (size_t)r->o->width : 0;
	const char *p = note, *sp;
	size_t n;

	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		sp = strchr(p, ' ');
		n = sp ? (size_t)(sp - p) : strlen(p);
		if (b.len && width && b.len + 1 + n > width)
			dv_emit(r, &b, DNSVIEW_STYLE_NOTE, 0, 0, 0);
		if (b.len)
			sbuf_add(&b, " ");
		sbuf_addn(&b, p, n);
		p += n;
	}
	if (b.len)
		dv_emit(r, &b, DNSVIEW_STYLE_NOTE, 0, 0, 0);
	if (b.failed)
		r->oom = 1;
	sbuf_free(&b);
}

int dnsview_render(const struct dnsview *v, const struct dnsview_render_opts *o,
		   struct dnsview_lines *out)
{
	static const struct dnsview_render_opts defaults = { 0 };
	struct dv_render r = { o ? o : &defaults, out, 0 };
	bool first = true;
	size_t i;

	if (r.o->note && v->note[0]) {
		dv_render_note(&r, v->note);
		first = false;
	}
	if (v->source == DNSVIEW_SOURCE_NONE)
		return r.oom ? -1 : 0;
	for (i = 0; i <= v->nlinks && !r.oom; i++) {
		const struct dnsview_section *s = i ? &v->links[i - 1]
						    : &v->global;

		if (r.o->hide_idle && dv_idle(s))
			continue;
		if (!first && dv_push(out, "", DNSVIEW_STYLE_NORMAL, 0, 0, 0))
			r.oom = 1;
		first = false;
		dv_render_section(&r, v, s);
	}
	return r.oom ? -1 : 0;
}

int dnsview_write_text(FILE *f, const struct dnsview *v,
		       const struct dnsview_render_opts *o)
{
	struct dnsview_lines l = { 0 };
	size_t i;
	int r;

	r = dnsview_render(v, o, &l);
	for (i = 0; i < l.count; i++)
	{
		textsafe_fputs(l.items[i].text, f);	/* guest words */
		putc('\n', f);
	}
	dnsview_lines_free(&l);
	return r;
}

/* --- JSON --- */

struct dv_json {
	FILE *f;
	int indent;		/* < 0: compact */
	bool remote;		/* another machine's view, probed from here */
};

static void dv_nl(const struct dv_json *j, int level)
{
	int i;

	if (j->indent < 0)
		return;
	putc('\n', j->f);
	for (i = 0; i < j->indent + level; i++)
		fputs("  ", j->f);
}

static void dv_key(const struct dv_json *j, int level, const char *key,
		   bool first)
{
	if (!first)
		putc(',', j->f);
	if (j->indent < 0 && !first)
		putc(' ', j->f);
	dv_nl(j, level);
	json_write_string(j->f, key);
	fputs(": ", j->f);
}

static void dv_json_str_or_null(FILE *f, const char *s)
{
	json_write_string(f, s && *s ? s : NULL);
}

static void dv_json_tristate(FILE *f, int v)
{
	fputs(v < 0 ? "null" : v ? "true" : "false", f);
}

static void dv_json_server(FILE *f, const struct dnsview_server *s,
			   bool remote)
{
	const struct dnsview_probe *p = &s->probe;
	char rc[16], why[600];
	enum dns_verdict vd;

	fputs("{\"text\": ", f);
	json_write_string(f, s->text);
	fputs(", \"address\": ", f);
	json_write_string(f, s->addr);
	fprintf(f, ", \"family\": \"%s\", \"port\": %u, \"ifindex\": ",
		s->family == AF_INET6 ? "ipv6" : "ipv4",
		(unsigned)dnsview_server_port(s));
	if (s->ifindex > 0)
		fprintf(f, "%d", s->ifindex);
	else
		fputs("null", f);
	fputs(", \"server_name\": ", f);
	dv_json_str_or_null(f, s->sni);
	fprintf(f, ", \"probe\": {\"state\": \"%s\", \"rtt_ms\": ",
		dnsview_probe_state_name(p->state));
	if (p->rtt_us >= 0 && p->state >= DNSVIEW_PROBE_ANSWERED)
		fprintf(f, "%.1f", (double)p->rtt_us / 1000.0);
	else
		fputs("null", f);
	fputs(", \"rcode\": ", f);
	if (p->rcode >= 0)
		json_write_string(f, dnsview_rcode_name(p->rcode, rc,
							sizeof(rc)));
	else
		fputs("null", f);
	fputs(", \"detail\": ", f);
	dv_json_str_or_null(f, p->detail);
	vd = dns_verdict_of(p);
	fputs(", \"query\": ", f);
	dv_json_str_or_null(f, p->query);
	fputs(", \"answers\": ", f);
	if (p->answers >= 0 && p->rcode >= 0)
		fprintf(f, "%d", p->answers);
	else
		fputs("null", f);
	fputs(", \"verdict\": ", f);
	json_write_string(f, dns_verdict_name(vd));
	fprintf(f, ", \"resolves\": %s, \"explanation\": ",
		vd == DNS_VERDICT_NONE ? "null" :
		vd == DNS_VERDICT_RESOLVES ? "true" : "false");
	dv_json_str_or_null(f, dns_verdict_explain(p, remote, why,
						   sizeof(why)));
	fputs("}}", f);
}

static void dv_json_servers(const struct dv_json *j, int level,
			    const struct dnsview_server *list, size_t n)
{
	size_t i;

	putc('[', j->f);
	for (i = 0; i < n; i++) {
		if (i)
			fputs(j->indent < 0 ? ", " : ",", j->f);
		dv_nl(j, level + 1);
		dv_json_server(j->f, &list[i], j->remote);
	}
	if (n)
		dv_nl(j, level);
	putc(']', j->f);
}

static void dv_json_section(const struct dv_json *j, int level,
			    const struct dnsview_section *s)
{
	static const char *const scope_names[] = {
		"DNS", "LLMNR/IPv4", "LLMNR/IPv6", "mDNS/IPv4", "mDNS/IPv6",
	};
	FILE *f = j->f;
	size_t i;
	bool first;

	putc('{', f);
	dv_key(j, level + 1, "ifindex", true);
	if (s->is_global)
		fputs("null", f);
	else
		fprintf(f, "%d", s->ifindex);
	dv_key(j, level + 1, "name", false);
	dv_json_str_or_null(f, s->is_global ? NULL : s->ifname);
	dv_key(j, level + 1, "origin", false);
	dv_json_str_or_null(f, s->origin);
	dv_key(j, level + 1, "scopes", false);
	if (!s->scopes_known || s->is_global) {
		fputs("null", f);
	} else {
		putc('[', f);
		first = true;
		for (i = 0; i < 5; i++) {
			if (!(s->scopes & (1u << i)))
				continue;
			if (!first)
				fputs(", ", f);
			json_write_string(f, scope_names[i]);
			first = false;
		}
		putc(']', f);
	}
	dv_key(j, level + 1, "default_route", false);
	dv_json_tristate(f, s->is_global ? -1 : s->default_route);
	dv_key(j, level + 1, "default_route_derived", false);
	fputs(s->default_route_derived ? "true" : "false", f);
	dv_key(j, level + 1, "llmnr", false);
	dv_json_str_or_null(f, s->llmnr);
	dv_key(j, level + 1, "mdns", false);
	dv_json_str_or_null(f, s->mdns);
	dv_key(j, level + 1, "dns_over_tls", false);
	dv_json_str_or_null(f, s->dns_over_tls);
	dv_key(j, level + 1, "dnssec", false);
	dv_json_str_or_null(f, s->dnssec);
	dv_key(j, level + 1, "dnssec_supported", false);
	dv_json_tristate(f, s->dnssec_supported);
	dv_key(j, level + 1, "resolv_conf_mode", false);
	dv_json_str_or_null(f, s->is_global ? s->resolv_conf_mode : NULL);
	dv_key(j, level + 1, "current_server", false);
	if (s->has_current)
		dv_json_server(f, &s->current, j->remote);
	else
		fputs("null", f);
	dv_key(j, level + 1, "servers", false);
	dv_json_servers(j, level + 1, s->servers, s->nservers);
	dv_key(j, level + 1, "fallback_servers", false);
	dv_json_servers(j, level + 1, s->fallback, s->nfallback);
	dv_key(j, level + 1, "domains", false);
	putc('[', f);
	for (i = 0; i < s->ndomains; i++) {
		if (i)
			fputs(", ", f);
		fputs("{\"name\": ", f);
		json_write_string(f, s->domains[i].name);
		fprintf(f, ", \"route_only\": %s}",
			s->domains[i].route_only ? "true" : "false");
	}
	putc(']', f);
	dv_nl(j, level);
	putc('}', f);
}

static void dv_write_json(FILE *f, const struct dnsview *v,
			  const struct diag_list *problems, int indent,
			  bool remote)
{
	struct dv_json j = { f, indent, remote };
	size_t i;

	putc('{', f);
	dv_key(&j, 1, "source", true);
	json_write_string(f, dnsview_source_name(v->source));
	dv_key(&j, 1, "note", false);
	dv_json_str_or_null(f, v->note);
	dv_key(&j, 1, "global", false);
	dv_json_section(&j, 1, &v->global);
	dv_key(&j, 1, "links", false);
	putc('[', f);
	for (i = 0; i < v->nlinks; i++) {
		if (i)
			fputs(j.indent < 0 ? ", " : ",", f);
		dv_nl(&j, 2);
		dv_json_section(&j, 2, &v->links[i]);
	}
	if (v->nlinks)
		dv_nl(&j, 1);
	putc(']', f);
	if (problems) {
		dv_key(&j, 1, "problems", false);
		putc('[', f);
		for (i = 0; i < problems->count; i++) {
			const struct diag *d = &problems->items[i];

			if (i)
				fputs(j.indent < 0 ? ", " : ",", f);
			dv_nl(&j, 2);
			fprintf(f, "{\"severity\": \"%s\", \"field\": ",
				diag_severity_name(d->severity));
			json_write_string(f, d->path);
			fputs(", \"message\": ", f);
			json_write_string(f, d->message);
			putc('}', f);
		}
		if (problems->count)
			dv_nl(&j, 1);
		putc(']', f);
	}
	dv_nl(&j, 0);
	putc('}', f);
}

void dnsview_write_json(FILE *f, const struct dnsview *v,
			const struct diag_list *problems, int indent)
{
	dv_write_json(f, v, problems, indent, false);
}

void dnsview_write_json_remote(FILE *f, const struct dnsview *v,
			       const struct diag_list *problems, int indent)
{
	dv_write_json(f, v, problems, indent, true);
}

/* --- the panel's model --- */

void dnsview_panel_init(struct dnsview_panel *p)
{
	memset(p, 0, sizeof(*p));
	dnsview_init(&p->view);
	diag_list_init(&p->problems);
}

void dnsview_panel_free(struct dnsview_panel *p)
{
	dnsview_free(&p->view);
	diag_list_free(&p->problems);
	dnsview_panel_init(p);
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
