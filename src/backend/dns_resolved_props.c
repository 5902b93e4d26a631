/*
 * dns_resolved_props.c - systemd-resolved's D-Bus properties mapped to the
 * DNS view's model (core/dnsview.h): the a{sv} of a GetAll on the Manager
 * or on a link, read into a section as resolvectl shows it (Global keeps
 * only the global servers; the Ex properties preferred, the plain ones of
 * resolved < 246 used when they are missing).  Reads the message it is
 * handed; no calls, no descriptors (backend/dns_resolved.c is the
 * client).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <systemd/sd-bus.h>

#include "backend/dns_resolved_props.h"
#include "core/str.h"

/* One server tuple: (iiayqs), (iiay), (iayqs) or (iay).  Returns 1 with
 * S filled, 0 at the end of the array, 2 for an entry to skip (another
 * link's, or no address), < 0 on a malformed message. */
static int dr_read_server(sd_bus_message *m, const char *sig, bool with_ifindex,
			  bool ex, struct dnsview_server *s)
{
	const void *addr = NULL;
	const char *name = "";
	size_t alen = 0;
	int32_t ifindex = 0, family = 0;
	uint16_t port = 0;
	int e;

	e = sd_bus_message_enter_container(m, 'r', sig);
	if (e <= 0)
		return e;
	if (with_ifindex) {
		e = sd_bus_message_read(m, "i", &ifindex);
		if (e < 0)
			return e;
	}
	e = sd_bus_message_read(m, "i", &family);
	if (e >= 0)
		e = sd_bus_message_read_array(m, 'y', &addr, &alen);
	if (e >= 0 && ex)
		e = sd_bus_message_read(m, "qs", &port, &name);
	if (e < 0)
		return e;
	e = sd_bus_message_exit_container(m);
	if (e < 0)
		return e;
	/* resolvectl's Global shows only the global servers (ifindex 0),
	 * and those resolved reports with the loopback's ifindex 1: since
	 * v250 it does so for every localhost server */
	if (ifindex != 0 && ifindex != 1)
		return 2;
	if (!((family == AF_INET && alen == 4) ||
	      (family == AF_INET6 && alen == 16)))
		return 2;
	if (dnsview_server_set(s, family, addr, port, 0, name) < 0)
		return 2;
	return 1;
}

/* An array of server tuples; SIG is the array's ("a(iiayqs)"...). */
static int dr_read_servers(sd_bus_message *m, const char *sig,
			   bool with_ifindex, bool ex,
			   struct dnsview_section *s, bool fallback)
{
	struct dnsview_server srv;
	char inner[16];
	int e;

	/* "a(iiay)": the element is "(iiay)", its fields "iiay" */
	snprintf(inner, sizeof(inner), "%.*s", (int)strlen(sig) - 3, sig + 2);
	e = sd_bus_message_enter_container(m, 'a', sig + 1);
	if (e < 0)
		return e;
	while ((e = dr_read_server(m, inner, with_ifindex, ex, &srv)) > 0)
		if (e == 1 && dnsview_add_server(s, fallback, &srv) < 0 &&
		    (fallback ? s->nfallback : s->nservers) <
		    DNSVIEW_MAX_SERVERS)
			return -ENOMEM;
	if (e < 0)
		return e;
	return sd_bus_message_exit_container(m);
}

static int dr_read_current(sd_bus_message *m, const char *sig,
			   bool with_ifindex, bool ex,
			   struct dnsview_section *s)
{
	char inner[16];
	int e;

	snprintf(inner, sizeof(inner), "%.*s", (int)strlen(sig) - 2, sig + 1);
	e = dr_read_server(m, inner, with_ifindex, ex, &s->current);
	if (e < 0)
		return e;
	s->has_current = e == 1;
	if (s->has_current)
		dnsview_server_format(&s->current, s->is_global);
	return 0;
}

static int dr_read_domains(sd_bus_message *m, bool with_ifindex,
			   struct dnsview_section *s)
{
	const char *name;
	int32_t ifindex = 0;
	int route, e;

	e = sd_bus_message_enter_container(m, 'a', with_ifindex ? "(isb)"
							      : "(sb)");
	if (e < 0)
		return e;
	for (;;) {
		if (with_ifindex)
			e = sd_bus_message_read(m, "(isb)", &ifindex, &name,
						&route);
		else
			e = sd_bus_message_read(m, "(sb)", &name, &route);
		if (e <= 0)
			break;
		if (ifindex != 0)
			continue;
		if (dnsview_add_domain(s, name, route) < 0 &&
		    s->ndomains < DNSVIEW_MAX_DOMAINS)
			return -ENOMEM;
	}
	if (e < 0)
		return e;
	dnsview_sort_domains(s);
	return sd_bus_message_exit_container(m);
}

static int dr_read_string(sd_bus_message *m, char *dst, size_t len)
{
	const char *v;
	int e;

	e = sd_bus_message_read(m, "s", &v);
	if (e >= 0)
		str_copy(dst, len, v);
	return e;
}

/* The Ex variants carry ports and names; the plain ones are kept in
 * LEGACY and used when the Ex ones are missing (resolved < 246). */
int dns_resolved_read_props(sd_bus_message *m, struct dnsview_section *s)
{
	struct dnsview_section legacy;
	bool g = s->is_global, seen_ex = false, seen_cur_ex = false;
	bool seen_fb_ex = false;
	const char *name, *contents;
	char type;
	int e, b;
	uint64_t mask;

	dnsview_section_init(&legacy, g, s->ifindex);
	e = sd_bus_message_enter_container(m, 'a', "{sv}");
	while (e >= 0 &&
	       (e = sd_bus_message_enter_container(m, 'e', "sv")) > 0) {
		e = sd_bus_message_read(m, "s", &name);
		if (e < 0)
			break;
		e = sd_bus_message_peek_type(m, &type, &contents);
		if (e < 0)
			break;
		e = sd_bus_message_enter_container(m, 'v', contents);
		if (e < 0)
			break;
#define IS(n, sig) (!strcmp(name, n) && !strcmp(contents, sig))
		if (IS("LLMNR", "s"))
			e = dr_read_string(m, s->llmnr, sizeof(s->llmnr));
		else if (IS("MulticastDNS", "s"))
			e = dr_read_string(m, s->mdns, sizeof(s->mdns));
		else if (IS("DNSOverTLS", "s"))
			e = dr_read_string(m, s->dns_over_tls,
					   sizeof(s->dns_over_tls));
		else if (IS("DNSSEC", "s"))
			e = dr_read_string(m, s->dnssec, sizeof(s->dnssec));
		else if (IS("DNSSECSupported", "b")) {
			e = sd_bus_message_read(m, "b", &b);
			s->dnssec_supported = !!b;
		} else if (g && IS("ResolvConfMode", "s"))
			e = dr_read_string(m, s->resolv_conf_mode,
					   sizeof(s->resolv_conf_mode));
		else if (!g && IS("DefaultRoute", "b")) {
			e = sd_bus_message_read(m, "b", &b);
			s->default_route = !!b;
		} else if (!g && IS("ScopesMask", "t")) {
			e = sd_bus_message_read(m, "t", &mask);
			s->scopes = (uint32_t)mask;
			s->scopes_known = true;
		} else if (g && IS("DNSEx", "a(iiayqs)")) {
			seen_ex = true;
			e = dr_read_servers(m, contents, true, true, s, false);
		} else if (g && IS("DNS", "a(iiay)"))
			e = dr_read_servers(m, contents, true, false, &legacy,
					    false);
		else if (g && IS("FallbackDNSEx", "a(iiayqs)")) {
			seen_fb_ex = true;
			e = dr_read_servers(m, contents, true, true, s, true);
		} else if (g && IS("FallbackDNS", "a(iiay)"))
			e = dr_read_servers(m, contents, true, false, &legacy,
					    true);
		else if (g && IS("CurrentDNSServerEx", "(iiayqs)")) {
			seen_cur_ex = true;
			e = dr_read_current(m, contents, true, true, s);
		} else if (g && IS("CurrentDNSServer", "(iiay)"))
			e = dr_read_current(m, contents, true, false, &legacy);
		else if (g && IS("Domains", "a(isb)"))
			e = dr_read_domains(m, true, s);
		else if (!g && IS("DNSEx", "a(iayqs)")) {
			seen_ex = true;
			e = dr_read_servers(m, contents, false, true, s, false);
		} else if (!g && IS("DNS", "a(iay)"))
			e = dr_read_servers(m, contents, false, false, &legacy,
					    false);
		else if (!g && IS("CurrentDNSServerEx", "(iayqs)")) {
			seen_cur_ex = true;
			e = dr_read_current(m, contents, false, true, s);
		} else if (!g && IS("CurrentDNSServer", "(iay)"))
			e = dr_read_current(m, contents, false, false, &legacy);
		else if (!g && IS("Domains", "a(sb)"))
			e = dr_read_domains(m, false, s);
		else
			e = sd_bus_message_skip(m, contents);
#undef IS
		if (e < 0)
			break;
		e = sd_bus_message_exit_container(m);	/* v */
		if (e >= 0)
			e = sd_bus_message_exit_container(m);	/* e */
	}
	if (e >= 0)
		e = sd_bus_message_exit_container(m);
	if (e >= 0 && !seen_ex) {
		free(s->servers);
		s->servers = legacy.servers;
		s->nservers = legacy.nservers;
		legacy.servers = NULL;
		legacy.nservers = 0;
	}
	if (e >= 0 && !seen_fb_ex) {
		free(s->fallback);
		s->fallback = legacy.fallback;
		s->nfallback = legacy.nfallback;
		legacy.fallback = NULL;
		legacy.nfallback = 0;
	}
	if (e >= 0 && !seen_cur_ex) {
		s->has_current = legacy.has_current;
		s->current = legacy.current;
	}
	dnsview_section_free(&legacy);
	return e < 0 ? e : 0;
}
