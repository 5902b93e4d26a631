/*
 * dnsview_json.c - a DNS view as JSON (core/dnsview_json.h, where the
 * document is described): the "dns" member of `edgenet status --json`,
 * this machine's or the VM's, through the JSON writer (core/json.h), its
 * problems through the diagnostic list's (core/diag_write.h).  Pure C:
 * writes to the FILE it is handed.
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "core/dns_verdict.h"
#include "core/dnsview.h"
#include "core/diag_write.h"
#include "core/dnsview_json.h"
#include "core/json.h"

/* --- JSON --- */

/* The line breaks of a pretty document: brk[L] starts an item nested L
 * levels below the document's own (a new line and INDENT + L times two
 * blanks).  On one line (INDENT < 0) there is none. */
#define DV_LEVELS 6
#define DV_BRK_MAX 96

struct dv_json {
	struct json_writer w;
	bool pretty;
	bool remote;		/* another machine's view, probed from here */
	char brk[DV_LEVELS][DV_BRK_MAX];
};

static void dv_init(struct dv_json *j, FILE *f, int indent, bool remote)
{
	memset(j, 0, sizeof(*j));
	json_init(&j->w, f, ", ", ": ");
	j->pretty = indent >= 0;
	j->remote = remote;
	for (int l = 0; j->pretty && l < DV_LEVELS; l++) {
		size_t at = 0;

		j->brk[l][at++] = '\n';
		for (int i = 0; i < indent + l &&
			     at + 2 < sizeof(j->brk[l]); i++) {
			j->brk[l][at++] = ' ';
			j->brk[l][at++] = ' ';
		}
		j->brk[l][at] = '\0';
	}
}

/* The break before the next item at LEVEL, or NULL on one line. */
static const char *dv_brk(const struct dv_json *j, int level)
{
	return j->pretty && level < DV_LEVELS ? j->brk[level] : NULL;
}

/* KEY of a member that starts a line of its own at LEVEL. */
static void dv_key(struct dv_json *j, int level, const char *key)
{
	json_break(&j->w, dv_brk(j, level));
	json_key(&j->w, key);
}

/* true, false, or null for V < 0 (unknown). */
/* A member at LEVEL whose string value is null when empty. */
static void dv_opt(struct dv_json *j, int level, const char *key,
		   const char *s)
{
	dv_key(j, level, key);
	json_string_opt(&j->w, s);
}

static void dv_tristate(struct json_writer *w, int v)
{
	if (v < 0)
		json_null(w);
	else
		json_bool(w, v);
}

/* A server, always on one line. */
static void dv_json_server(struct json_writer *w,
			   const struct dnsview_server *s, bool remote)
{
	const struct dnsview_probe *p = &s->probe;
	char rc[16], why[600];
	enum dns_verdict vd;

	json_object_begin(w);
	json_member_string(w, "text", s->text);
	json_member_string(w, "address", s->addr);
	json_member_string(w, "family",
			   s->family == AF_INET6 ? "ipv6" : "ipv4");
	json_member_int(w, "port", dnsview_server_port(s));
	if (s->ifindex > 0)
		json_member_int(w, "ifindex", s->ifindex);
	else
		json_member_null(w, "ifindex");
	json_member_string_opt(w, "server_name", s->sni);
	json_key(w, "probe");
	json_object_begin(w);
	json_member_string(w, "state", dnsview_probe_state_name(p->state));
	json_key(w, "rtt_ms");
	if (p->rtt_us >= 0 && p->state >= DNSVIEW_PROBE_ANSWERED)
		fprintf(json_raw_value(w), "%.1f",
			(double)p->rtt_us / 1000.0);
	else
		json_null(w);
	json_member_string(w, "rcode", p->rcode >= 0 ?
			   dnsview_rcode_name(p->rcode, rc, sizeof(rc)) :
			   NULL);
	json_member_string_opt(w, "detail", p->detail);
	vd = dns_verdict_of(p);
	json_member_string_opt(w, "query", p->query);
	if (p->answers >= 0 && p->rcode >= 0)
		json_member_int(w, "answers", p->answers);
	else
		json_member_null(w, "answers");
	json_member_string(w, "verdict", dns_verdict_name(vd));
	json_key(w, "resolves");
	dv_tristate(w, vd == DNS_VERDICT_NONE ? -1 :
		    vd == DNS_VERDICT_RESOLVES);
	json_member_string_opt(w, "explanation",
			       dns_verdict_explain(p, remote, why,
						   sizeof(why)));
	json_object_end(w);
	json_object_end(w);
}

/* A list of servers whose elements start lines at LEVEL + 1. */
static void dv_json_servers(struct dv_json *j, int level,
			    const struct dnsview_server *list, size_t n)
{
	json_array_begin(&j->w);
	for (size_t i = 0; i < n; i++) {
		json_break(&j->w, dv_brk(j, level + 1));
		dv_json_server(&j->w, &list[i], j->remote);
	}
	json_break(&j->w, dv_brk(j, level));
	json_array_end(&j->w);
}

static void dv_json_section(struct dv_json *j, int level,
			    const struct dnsview_section *s)
{
	static const char *const scope_names[] = {
		"DNS", "LLMNR/IPv4", "LLMNR/IPv6", "mDNS/IPv4", "mDNS/IPv6",
	};
	struct json_writer *w = &j->w;

	json_object_begin(w);
	dv_key(j, level + 1, "ifindex");
	if (s->is_global)
		json_null(w);
	else
		json_int(w, s->ifindex);
	dv_opt(j, level + 1, "name", s->is_global ? NULL : s->ifname);
	dv_opt(j, level + 1, "origin", s->origin);
	dv_key(j, level + 1, "scopes");
	if (!s->scopes_known || s->is_global) {
		json_null(w);
	} else {
		json_array_begin(w);
		for (size_t i = 0; i < 5; i++)
			if (s->scopes & (1u << i))
				json_string(w, scope_names[i]);
		json_array_end(w);
	}
	dv_key(j, level + 1, "default_route");
	dv_tristate(w, s->is_global ? -1 : s->default_route);
	dv_key(j, level + 1, "default_route_derived");
	json_bool(w, s->default_route_derived);
	dv_opt(j, level + 1, "llmnr", s->llmnr);
	dv_opt(j, level + 1, "mdns", s->mdns);
	dv_opt(j, level + 1, "dns_over_tls", s->dns_over_tls);
	dv_opt(j, level + 1, "dnssec", s->dnssec);
	dv_key(j, level + 1, "dnssec_supported");
	dv_tristate(w, s->dnssec_supported);
	dv_opt(j, level + 1, "resolv_conf_mode", s->is_global ? s->resolv_conf_mode : NULL);
	dv_key(j, level + 1, "current_server");
	if (s->has_current)
		dv_json_server(w, &s->current, j->remote);
	else
		json_null(w);
	dv_key(j, level + 1, "servers");
	dv_json_servers(j, level + 1, s->servers, s->nservers);
	dv_key(j, level + 1, "fallback_servers");
	dv_json_servers(j, level + 1, s->fallback, s->nfallback);
	dv_key(j, level + 1, "domains");
	json_array_begin(w);
	for (size_t i = 0; i < s->ndomains; i++) {
		json_object_begin(w);
		json_member_string(w, "name", s->domains[i].name);
		json_member_bool(w, "route_only", s->domains[i].route_only);
		json_object_end(w);
	}
	json_array_end(w);
	json_break(w, dv_brk(j, level));
	json_object_end(w);
}

static void dv_write_json(FILE *f, const struct dnsview *v,
			  const struct diag_list *problems, int indent,
			  bool remote)
{
	struct dv_json j;

	dv_init(&j, f, indent, remote);
	json_object_begin(&j.w);
	dv_key(&j, 1, "source");
	json_string(&j.w, dnsview_source_name(v->source));
	dv_opt(&j, 1, "note", v->note);
	dv_key(&j, 1, "global");
	dv_json_section(&j, 1, &v->global);
	dv_key(&j, 1, "links");
	json_array_begin(&j.w);
	for (size_t i = 0; i < v->nlinks; i++) {
		json_break(&j.w, dv_brk(&j, 2));
		dv_json_section(&j, 2, &v->links[i]);
	}
	json_break(&j.w, dv_brk(&j, 1));
	json_array_end(&j.w);
	if (problems) {
		dv_key(&j, 1, "problems");
		diag_write_json(&j.w, problems, DIAG_JSON_SEVERITY_KEEP,
				dv_brk(&j, 2), dv_brk(&j, 1));
	}
	json_break(&j.w, dv_brk(&j, 0));
	json_object_end(&j.w);
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
