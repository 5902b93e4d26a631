/*
 * dnsview_server.c - a DNS server as resolved, resolvectl and resolv.conf
 * write it ("[fe80::1]:5353%3#name"): parsed, built from D-Bus's binary
 * parts, formatted back, compared; and whether another machine's server
 * can be probed from this one.  Pure C: memory only; the text parsed may
 * come from a guest, so every part is bounded and checked.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/dnsview.h"
#include "core/dnsview_priv.h"
#include "core/err.h"

static bool dv_is_link_local6(const struct dnsview_server *s)
{
	return s->family == AF_INET6 && s->bytes[0] == 0xfe &&
	       (s->bytes[1] & 0xc0) == 0x80;
}

/* --- servers --- */

static int dv_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int dv_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verrf(err, errlen, fmt, ap);
	va_end(ap);
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
	dnsview_probe_init(&s->probe);
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
	dnsview_probe_init(&s->probe);
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

/* --- another machine's servers --- */

bool dnsview_server_probe_from_host(const struct dnsview_server *s,
				    char *err, size_t errlen)
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
	if (w)
		errf(err, errlen, "%s", w);
	return w == NULL;
}

static void dv_mark_list(struct dnsview_server *list, size_t n)
{
	/* the reason goes into probe.detail: its size, not ERR_MAX */
	char why[DNSVIEW_DETAIL_MAX];

	for (size_t i = 0; i < n; i++) {
		if (dnsview_server_probe_from_host(&list[i], why, sizeof(why)))
			continue;
		dnsview_probe_init(&list[i].probe);
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
