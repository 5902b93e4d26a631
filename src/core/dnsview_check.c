/*
 * dnsview_check.c - what a technician should see about a DNS view
 * (core/dnsview_check.h): no server at all, a stub resolv.conf without
 * resolved, servers that do not resolve, links without a DNS scope.  One
 * problem, one message with the field path it concerns.  Pure C: reads
 * the view, writes the diagnostic list.
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "core/dns_verdict.h"
#include "core/dnsview.h"
#include "core/dnsview_check.h"

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
