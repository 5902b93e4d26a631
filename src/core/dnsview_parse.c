/*
 * dnsview_parse.c - the parsers of the text files a DNS view is read
 * from (core/dnsview_parse.h): resolved's per-link state
 * (/run/systemd/resolve/netif/IDX), networkd's per-link state
 * (/run/systemd/netif/links/IDX), /etc/resolv.conf, and /proc/net/dev for
 * the names of the links.
 *
 * Pure C: touches memory only.  The text may come from a guest (through
 * the agent), so every parser bounds what it reads, skips what does not
 * parse with a warning (at most DNSVIEW_MAX_FILE_PROBLEMS a file), and
 * keeps nothing unprintable.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dnsview.h"
#include "core/dnsview_parse.h"
#include "core/dnsview_priv.h"
#include "core/textsafe.h"
#include "core/err.h"

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
	char err[ERR_MAX], shown[64];
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

/* The settings both state files hold, resolved's and networkd's: the
 * same modes, but DNS-over-TLS and the default route under names of
 * their own (TLS_KEY, ROUTE_KEY).  True when KEY was one of them. */
static bool dv_protocol_line(struct dv_parse *ps, const char *key,
			     const char *val, const char *tls_key,
			     const char *route_key)
{
	struct dnsview_section *s = ps->s;

	if (!strcmp(key, "LLMNR")) {
		dv_set_mode(ps, key, val, dv_llmnr_modes, s->llmnr,
			    sizeof(s->llmnr));
	} else if (!strcmp(key, "MDNS")) {
		dv_set_mode(ps, key, val, dv_llmnr_modes, s->mdns,
			    sizeof(s->mdns));
	} else if (!strcmp(key, "DNSSEC")) {
		dv_set_mode(ps, key, val, dv_dnssec_modes, s->dnssec,
			    sizeof(s->dnssec));
	} else if (!strcmp(key, tls_key)) {
		dv_set_mode(ps, key, val, dv_tls_modes, s->dns_over_tls,
			    sizeof(s->dns_over_tls));
	} else if (!strcmp(key, route_key)) {
		dv_set_bool(ps, key, val, &s->default_route);
		s->default_route_derived = false;
	} else {
		return false;
	}
	return true;
}

static void dv_netif_line(struct dv_parse *ps, char *line)
{
	struct dnsview_section *s = ps->s;
	char *key, *val, *tok;

	if (!dv_kv(line, &key, &val))
		return;
	if (dv_protocol_line(ps, key, val, "DNSOVERTLS", "DEFAULT_ROUTE"))
		return;
	if (!strcmp(key, "SERVERS")) {
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
	struct dv_nd *nd = ps->aux;
	char *key, *val, **slot;

	if (!dv_kv(line, &key, &val))
		return;
	if (dv_protocol_line(ps, key, val, "DNS_OVER_TLS",
			     "DNS_DEFAULT_ROUTE"))
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
	char err[ERR_MAX], shown[64];
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
