/*
 * dnsview_layout.c - a DNS view laid out as lines of text like `resolvectl
 * status` (core/dnsview_layout.h): labels right-aligned per section,
 * lists wrapped at the width, each server with its probe result and the
 * style to draw it in.  The console's panel draws these lines; `edgenet
 * status` writes them.  Pure C: memory and the FILE it is handed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag_write.h"
#include "core/dns_verdict.h"
#include "core/dnsview.h"
#include "core/dnsview_layout.h"
#include "core/dnsview_priv.h"
#include "core/sbuf.h"
#include "core/str.h"
#include "core/textsafe.h"

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
		str_copy(buf, len, "");
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
	for (i = 0; r == 0 && i < l.count; i++) {
		if (l.items[i].text[0] && o->indent > 0)
			fprintf(f, "%*s", o->indent, "");
		textsafe_fputs(l.items[i].text, f);	/* guest words */
		putc('\n', f);
	}
	dnsview_lines_free(&l);
	return r;
}

void dnsview_write_problems(FILE *f, const struct diag_list *problems,
			    const char *heading)
{
	if (!problems || !problems->count)
		return;
	if (heading) {
		fputs(heading, f);
		putc('\n', f);
	}
	diag_write_text(f, NULL, problems, 0, -1);
}
