/*
 * dnsview_json.c - a DNS view as JSON (core/dnsview_json.h, where the
 * document is described): the "dns" member of `edgenet status --json`,
 * this machine's or the VM's.  Pure C: writes to the FILE it is handed.
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "core/dns_verdict.h"
#include "core/dnsview.h"
#include "core/dnsview_json.h"
#include "core/json.h"

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
