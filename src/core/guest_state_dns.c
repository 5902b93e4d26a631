/*
 * guest_state_dns.c - the reader of a guest link's DNS state: networkd's
 * and resolved's per-link state files, read with dnsview_parse_netif,
 * whose warnings become errors here (see guest_state.h).
 *
 * Pure C: reads the texts it is given, writes the state and the caller's
 * message buffers, nothing else.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "core/diag.h"
#include "core/dnsview.h"
#include "core/dnsview_parse.h"
#include "core/guest_state.h"
#include "core/ipv4.h"
#include "core/str.h"

/* resolved's rule (link_is_managed): networkd manages a link when its
 * state file says ADMIN_STATE= and not pending, initialized or
 * unmanaged; resolved then takes the link's DNS from that file. */
static bool gs_networkd_manages(const char *text)
{
	static const char key[] = "ADMIN_STATE=";
	const char *p = text, *end, *v;
	size_t len, n;

	if (!text)
		return false;
	len = strnlen(text, (size_t)GUEST_STATE_MAX_INPUT);
	end = text + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;

		if ((size_t)(eol - p) > sizeof(key) - 1 &&
		    !memcmp(p, key, sizeof(key) - 1)) {
			v = p + sizeof(key) - 1;
			n = (size_t)(eol - v);
			if (n && v[n - 1] == '\r')
				n--;
			return !((n == 7 && !memcmp(v, "pending", 7)) ||
				 (n == 11 && !memcmp(v, "initialized", 11)) ||
				 (n == 9 && !memcmp(v, "unmanaged", 9)));
		}
		p = eol + 1;
	}
	return false;
}

int guest_state_parse_dns_files(struct guest_state *gs, int ifindex,
				const char *networkd_text,
				const char *resolved_text, char *err,
				size_t errlen)
{
	struct guest_link *l = guest_state_link_by_index(gs, ifindex);
	bool nd = gs_networkd_manages(networkd_text);
	const char *what = nd ? "networkd's" : "resolved's";
	struct dnsview_section s;
	struct diag_list d;
	struct guest_link_dns dns;
	const struct dnsview_server *sv;
	size_t i, n;
	int r = -1, pr;

	if (!l) {
		errf(err, errlen, "%s state of link %d: the VM lists no link "
		     "with that index", what, ifindex);
		return -1;
	}
	l->dns_read = false;
	l->dns_from_networkd = false;
	memset(&l->dns, 0, sizeof(l->dns));
	l->dns.default_route = -1;
	memset(&dns, 0, sizeof(dns));
	dns.default_route = -1;
	diag_list_init(&d);
	dnsview_section_init(&s, false, ifindex);
	if (nd)
		pr = dnsview_parse_networkd_link(&s, networkd_text, "", &d);
	else
		pr = dnsview_parse_netif(&s, resolved_text, "", &d);
	if (pr) {
		errf(err, errlen, "%s state of link %d (%s): out of memory",
		     what, ifindex, l->name);
		goto out;
	}
	if (d.count) {
		if (d.items[0].line)
			errf(err, errlen, "%s state of link %d (%s), line %d: "
			     "%s", what, ifindex, l->name, d.items[0].line,
			     d.items[0].message);
		else
			errf(err, errlen, "%s state of link %d (%s): %s", what,
			     ifindex, l->name, d.items[0].message);
		goto out;
	}
	if (s.nservers > GUEST_STATE_MAX_SERVERS) {
		errf(err, errlen, "%s state of link %d (%s): more than %d DNS "
		     "servers; edgenet reads at most %d", what, ifindex,
		     l->name, GUEST_STATE_MAX_SERVERS, GUEST_STATE_MAX_SERVERS);
		goto out;
	}
	if (s.ndomains > GUEST_STATE_MAX_DOMAINS) {
		errf(err, errlen, "%s state of link %d (%s): more than %d DNS "
		     "domains; edgenet reads at most %d", what, ifindex,
		     l->name, GUEST_STATE_MAX_DOMAINS, GUEST_STATE_MAX_DOMAINS);
		goto out;
	}
	for (i = 0; i < s.nservers; i++) {
		sv = &s.servers[i];
		n = strlen(sv->text);
		if (n < sizeof(dns.servers[i].text)) {
			memcpy(dns.servers[i].text, sv->text, n + 1);
		} else {
			n = sizeof(dns.servers[i].text) - 4;
			memcpy(dns.servers[i].text, sv->text, n);
			memcpy(dns.servers[i].text + n, "...", 4);
		}
		str_copy(dns.servers[i].addr, sizeof(dns.servers[i].addr),
			 sv->addr);
		dns.servers[i].port = sv->port;
	}
	dns.nservers = s.nservers;
	for (i = 0; i < s.ndomains; i++) {
		str_copy(dns.domains[i].name, sizeof(dns.domains[i].name),
			 s.domains[i].name);
		dns.domains[i].route_only = s.domains[i].route_only;
	}
	dns.ndomains = s.ndomains;
	dns.default_route = s.default_route;
	l->dns = dns;
	l->dns_read = true;
	l->dns_from_networkd = nd;
	r = 0;
out:
	dnsview_section_free(&s);
	diag_list_free(&d);
	return r;
}

int guest_state_parse_dns(struct guest_state *gs, int ifindex,
			  const char *netif_text, char *err, size_t errlen)
{
	return guest_state_parse_dns_files(gs, ifindex, NULL, netif_text, err,
					   errlen);
}
