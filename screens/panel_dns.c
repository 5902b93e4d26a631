/*
 * panel_dns.c - the DNS panel (see panel_dns.h).  Draws from the attached
 * struct dnsview_panel (ui/dns_panel.h): a title with the machine, a line
 * with the source, when the view last changed and what the probes found
 * (only a server that resolves counts as good: core/dns_verdict.h), then
 * the view laid out by dnsview_render (probe results coloured) and the
 * problems, scrolled with the arrows and the page keys.  Nothing is cut:
 * a line wider than the panel goes on below at its value column (broken
 * at a blank, or after a dot or dash of a name), the header wraps whole,
 * and words from outside (the agent's errors) have their control
 * characters shown as '?'.  Keys: r read again and probe every server, a
 * show idle links too, v this machine / the VM, Esc back.  The VM's side
 * says where its view came from (the guest agent), when it was read, and
 * that its servers are probed from the host, not by the VM.
 *
 * Touches only its curses window and the model's refresh_requested.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/dnsview_layout.h"
#include "core/textsafe.h"
#include "panel_dns.h"
#include "tui/term.h"
#include "tui/widget.h"
#include "ui/app.h"
#include "ui/live.h"

struct panel_dns {
	struct dnsview_panel *d;	/* this machine's, and the VM's way */
	bool vm;			/* showing the VM's */
	int top;		/* first line shown */
	int rows;		/* lines in the last draw */
	int page;		/* lines that fit */
	bool all_links;
};

#define PD_WIDTH_MAX 1000	/* columns of a line, at most */
/* Lines a part of the header may take: enough for the longest status
 * (an error of the guest agent) at 80 columns, so that it is whole. */
#define PD_HEAD_LINES 8

struct pd_line {
	char *text;
	attr_t attr;
	size_t mark_at, mark_len;
	attr_t mark_attr;
};

struct pd_lines {
	struct pd_line *v;
	size_t n, cap;
};

static attr_t pd_attr(enum dnsview_style st)
{
	switch (st) {
	case DNSVIEW_STYLE_HEADING:
		return term_attr(TS_TITLE);
	case DNSVIEW_STYLE_NOTE:
		return term_attr(TS_WARNING);
	case DNSVIEW_STYLE_GOOD:
		return term_attr(TS_OK);
	case DNSVIEW_STYLE_WARN:
		return term_attr(TS_WARNING);
	case DNSVIEW_STYLE_BAD:
		return term_attr(TS_ERROR);
	case DNSVIEW_STYLE_NORMAL:
		break;
	}
	return 0;
}

static int pd_push(struct pd_lines *l, const char *text, size_t n, attr_t a)
{
	struct pd_line *v;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;

		v = realloc(l->v, cap * sizeof(*v));
		if (!v)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	v = &l->v[l->n];
	memset(v, 0, sizeof(*v));
	v->text = strndup(text, n);
	if (!v->text)
		return -1;
	v->attr = a;
	l->n++;
	return 0;
}

/* Where the continuation of TEXT goes: its value column (after the
 * label's ": "), else two columns in from its first character. */
static size_t pd_indent(const char *text, int width)
{
	size_t lead = strspn(text, " "), at;
	const char *c = strstr(text + lead, ": ");

	at = c && c - text < 28 ? (size_t)(c - text) + 2 : lead + 2;
	return at > (size_t)width / 2 ? (size_t)width / 2 : at;
}

/* Where a piece of P of at most AVAIL bytes may end: before a blank, or
 * after '.', '-', '/', ',', ':', '#' or ']' (an address or a name breaks
 * between its parts); AVAIL when nothing fits (a word longer than a
 * line). */
static size_t pd_break(const char *p, size_t avail)
{
	size_t i;

	for (i = avail; i > avail / 3; i--)
		if (p[i] == ' ')
			return i;
	for (i = avail; i > avail / 3; i--)
		if (strchr(".-/,:#]", p[i - 1]))
			return i;
	return avail;
}

/* Pushes TEXT as lines of at most WIDTH columns: a longer one is broken
 * (pd_break) and goes on at INDENT (< 0: its value column, pd_indent),
 * never cut.  The marked span [MARK_AT, MARK_AT + MARK_LEN) follows the
 * pieces. */
static int pd_push_fit(struct pd_lines *l, const char *text, attr_t a,
		       size_t mark_at, size_t mark_len, attr_t mark_attr,
		       int width, int indent_cols)
{
	size_t len = strlen(text), start = 0, indent, avail, n, off = 0;
	char piece[PD_WIDTH_MAX + 1];

	if (width < 20)
		width = 20;
	if (width > PD_WIDTH_MAX)
		width = PD_WIDTH_MAX;
	indent = indent_cols < 0 ? pd_indent(text, width) :
		 (size_t)indent_cols;
	if (indent > (size_t)width / 2)
		indent = (size_t)width / 2;
	for (;;) {
		struct pd_line *x;

		avail = (size_t)width - off;
		n = len - start;
		if (n > avail)
			n = pd_break(text + start, avail);
		memset(piece, ' ', off);
		memcpy(piece + off, text + start, n);
		if (pd_push(l, piece, off + n, a))
			return -1;
		x = &l->v[l->n - 1];
		if (mark_len && mark_at < start + n &&
		    mark_at + mark_len > start) {
			size_t ms = mark_at > start ? mark_at : start;
			size_t me = mark_at + mark_len < start + n ?
				    mark_at + mark_len : start + n;

			x->mark_at = off + (ms - start);
			x->mark_len = me - ms;
			x->mark_attr = mark_attr;
		}
		start += n;
		while (text[start] == ' ')
			start++;
		if (!text[start])
			return 0;
		off = indent;
	}
}

static void pd_free(struct pd_lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].text);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* Word-wraps TEXT at WIDTH, continuation lines indented by INDENT. */
static int pd_wrap(struct pd_lines *l, const char *text, int width,
		   int indent, attr_t a)
{
	return pd_push_fit(l, text, a, 0, 0, 0, width, indent);
}

/* Everything below the header, as lines. */
static int pd_build(const struct panel_dns *pd, const struct dnsview_live *d,
		    int width, struct pd_lines *out)
{
	struct dnsview_render_opts o = { width, true, true, !pd->all_links,
					 d->remote };
	struct dnsview_lines l = { 0 };
	char buf[2048];
	size_t i;

	if (dnsview_render(&d->view, &o, &l) < 0) {
		dnsview_lines_free(&l);
		return -1;
	}
	for (i = 0; i < l.count; i++) {
		const struct dnsview_line *x = &l.items[i];

		if (pd_push_fit(out, x->text, pd_attr(x->style), x->mark_at,
				x->mark_len, pd_attr(x->mark_style), width,
				-1))
			goto oom;
	}
	dnsview_lines_free(&l);
	if (d->problems.count) {
		if (pd_push(out, "", 0, 0) ||
		    pd_push(out, "Problems", 8, term_attr(TS_TITLE)))
			return -1;
		for (i = 0; i < d->problems.count; i++) {
			const struct diag *x = &d->problems.items[i];

			snprintf(buf, sizeof(buf), "%s: %s",
				 x->severity == DIAG_ERROR ? "error" : "warning",
				 x->message);
			if (pd_wrap(out, buf, width, 2,
				    term_attr(x->severity == DIAG_ERROR ?
					      TS_ERROR : TS_WARNING)))
				return -1;
		}
	}
	return 0;
oom:
	dnsview_lines_free(&l);
	return -1;
}

/* SRC from outside (libvirt's or the agent's words) escaped (textsafe)
 * into DST of LEN. */
static const char *pd_printable(char *dst, size_t len, const char *src)
{
	return textsafe_buf(dst, len, src);
}

static void pd_clock(int64_t t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!t || !localtime_r(&tt, &tm))
		snprintf(buf, len, "-");
	else
		strftime(buf, len, "%H:%M:%S", &tm);
}

/* "1 resolves; 2 do not (1 SERVFAIL, 1 timed out), asked at 12:00:03" */
static void pd_probe_summary(const struct dnsview_live *d, char *buf,
			     size_t len)
{
	size_t used;
	char t[16];

	dnsview_probe_summary(&d->view, buf, len);
	used = strlen(buf);
	if (d->probed_wall && used + 1 < len) {
		pd_clock(d->probed_wall, t, sizeof(t));
		snprintf(buf + used, len - used, ", asked at %s", t);
	}
}

/* What the probes ask, in words: ". NS" is the root's name servers. */
static const char *pd_asked(const struct dnsview_live *d, char *buf,
			    size_t len)
{
	if (!d->probe_name[0] || !strcmp(d->probe_name, ". NS"))
		snprintf(buf, len, "\". NS\" (the root's name servers, "
			 "which every working server finds)");
	else
		snprintf(buf, len, "\"%s\" (a name that must resolve)",
			 d->probe_name);
	return buf;
}

/* The VM's model (started on first use), NULL when there is none. */
static struct dnsview_live *pd_vm(const struct panel_dns *pd)
{
	if (!pd->d || !pd->d->vm_start)
		return NULL;
	return pd->d->vm_start(pd->d->vm_ctx);
}

/* The header of the VM's side: where from, how fresh, whose probes.
 * Returns the next free line. */
static int pd_vm_header(WINDOW *w, int y, const struct dnsview_live *d)
{
	int width = getmaxx(w);
	char buf[900], sum[200], t[16], t2[16], asked[160], st[256];
	bool read = d->view.source != DNSVIEW_SOURCE_NONE;

	pd_printable(st, sizeof(st), d->status);

	pd_clock(d->read_wall, t, sizeof(t));
	pd_clock(d->changed_wall, t2, sizeof(t2));
	if (read)
		snprintf(buf, sizeof(buf), "%s at %s (every %u s, r: now); "
			 "changed %s", st, t, d->refresh_s ?
			 d->refresh_s : 30, t2);
	else if (d->read_wall)
		snprintf(buf, sizeof(buf), "Not read at %s: %s", t, st);
	else
		snprintf(buf, sizeof(buf), "%s", st);
	y += ui_wrap(w, y, 1, width - 2, PD_HEAD_LINES, buf,
		     term_attr(read ? TS_DIM : TS_WARNING));
	if (!read)
		return y;
	pd_probe_summary(d, sum, sizeof(sum));
	snprintf(buf, sizeof(buf), "Servers probed from the host, not by "
		 "the VM, asking %s: %s", pd_asked(d, asked, sizeof(asked)),
		 sum);
	y += ui_wrap(w, y, 1, width - 2, PD_HEAD_LINES, buf,
		     term_attr(TS_DIM));
	return y;
}

static void pd_draw(struct screen *s, WINDOW *w)
{
	struct panel_dns *pd = s->priv;
	int width = getmaxx(w), height = getmaxy(w), y = 1, i, last;
	struct pd_lines l = { 0 };
	char buf[900], sum[200], t[16], asked[160], st[256];
	const struct dnsview_live *d;

	s->cur_y = -1;
	if (!pd || !pd->d) {
		ui_put(w, y, 1, width - 2, "DNS", term_attr(TS_TITLE));
		ui_wrap(w, y + 2, 2, width - 4, 3, "The DNS view is not "
			"available: this console was started without its DNS "
			"source.", term_attr(TS_WARNING));
		return;
	}
	if (!pd->vm && pd->d->host_only_there) {
		ui_put(w, y, 1, width - 2, "DNS of the host",
		       term_attr(TS_TITLE));
		ui_wrap(w, y + 2, 2, width - 4, 4, pd->d->host ?
			pd_printable(st, sizeof(st), pd->d->host->status) :
			LIVE_ONLY_ON_HOST, term_attr(TS_WARNING));
		ui_wrap(w, y + 7, 2, width - 4, 2, "v: the VM's DNS (read "
			"through its guest agent over the connection).",
			term_attr(TS_DIM));
		return;
	}
	d = pd->vm ? pd_vm(pd) : pd->d->host;
	if (!d) {
		ui_put(w, y, 1, width - 2, "DNS of the VM", term_attr(TS_TITLE));
		ui_wrap(w, y + 2, 2, width - 4, 3, "The VM's DNS view is not "
			"available in this console. v: this machine's DNS.",
			term_attr(TS_WARNING));
		return;
	}
	snprintf(buf, sizeof(buf), "DNS of %s",
		 pd_printable(st, sizeof(st), d->machine));
	ui_put(w, y++, 1, width - 2, buf, term_attr(TS_TITLE));
	if (pd->vm) {
		y = pd_vm_header(w, y, d);
	} else {
		/* what the probes found first, at the start of a line */
		pd_clock(d->changed_wall, t, sizeof(t));
		pd_probe_summary(d, sum, sizeof(sum));
		snprintf(buf, sizeof(buf), "%s%s %s. Source: %s; changed %s.",
			 sum, d->probed_wall ? " for" :
			 "; each server is asked",
			 pd_asked(d, asked, sizeof(asked)),
			 pd_printable(st, sizeof(st), d->status), t);
		buf[0] = (char)toupper((unsigned char)buf[0]);
		y += ui_wrap(w, y, 1, width - 2, PD_HEAD_LINES, buf,
			     term_attr(d->view.source ==
				       DNSVIEW_SOURCE_RESOLVED ?
				       TS_DIM : TS_WARNING));
	}
	y++;
	if (d->view.source == DNSVIEW_SOURCE_NONE) {
		if (!pd->vm)
			ui_put(w, y, 2, width - 4, "Reading systemd-resolved...",
			       0);
		else if (!d->read_wall)
			ui_put(w, y, 2, width - 4, "Reading the VM through the "
			       "guest agent...", 0);
		ui_wrap(w, y + 2, 2, width - 4, PD_HEAD_LINES, pd->vm ?
			"v: this machine's DNS.  The VM's DNS is read through "
			"the QEMU guest agent, a helper program inside the "
			"VM: it needs qemu-guest-agent running in the VM, the "
			"VM's guest agent channel (org.qemu.guest_agent.0) in "
			"its libvirt definition, and the agent's file commands "
			"allowed (RHEL-family guests block them by default); "
			"r reads again." :
			"v: the VM's DNS.", term_attr(TS_DIM));
		return;
	}
	if (pd_build(pd, d, width - 2, &l) < 0) {
		ui_put(w, y, 2, width - 4, "Out of memory.",
		       term_attr(TS_ERROR));
		pd_free(&l);
		return;
	}
	pd->rows = (int)l.n;
	pd->page = height - y - 1;
	if (pd->page < 1)
		pd->page = 1;
	if (pd->top > pd->rows - pd->page)
		pd->top = pd->rows - pd->page;
	if (pd->top < 0)
		pd->top = 0;
	last = pd->top + pd->page;
	for (i = pd->top; i < (int)l.n && i < last; i++, y++) {
		const struct pd_line *x = &l.v[i];

		ui_put(w, y, 1, width - 2, x->text, x->attr);
		if (x->mark_len && (int)x->mark_at < width - 2)
			ui_put(w, y, 1 + (int)x->mark_at,
			       width - 2 - (int)x->mark_at,
			       x->text + x->mark_at, x->mark_attr);
	}
	if (pd->top > 0 || last < (int)l.n) {
		snprintf(buf, sizeof(buf), "lines %d-%d of %d%s", pd->top + 1,
			 last < (int)l.n ? last : (int)l.n, (int)l.n,
			 last < (int)l.n ? ", more below" : "");
		ui_put(w, height - 1, 1, width - 2, buf, term_attr(TS_DIM));
	}
	pd_free(&l);
}

static enum intent pd_key(struct screen *s, int key)
{
	struct panel_dns *pd = s->priv;

	if (!pd)
		return INTENT_NONE;
	switch (key) {
	case 27:
		return INTENT_BACK;
	case KEY_UP:
	case 'k':
		pd->top--;
		break;
	case KEY_DOWN:
	case 'j':
		pd->top++;
		break;
	case KEY_PPAGE:
		pd->top -= pd->page > 1 ? pd->page - 1 : 1;
		break;
	case KEY_NPAGE:
	case ' ':
		pd->top += pd->page > 1 ? pd->page - 1 : 1;
		break;
	case KEY_HOME:
		pd->top = 0;
		break;
	case KEY_END:
		pd->top = pd->rows;
		break;
	case 'a':
		pd->all_links = !pd->all_links;
		break;
	case 'r':
		if (pd->vm) {
			struct dnsview_live *v = pd_vm(pd);

			if (v)
				v->refresh_requested = true;
		} else if (pd->d) {
			pd->d->host->refresh_requested = true;
		}
		break;
	case 'v':
		pd->vm = !pd->vm;
		pd->top = 0;
		if (pd->vm)
			(void)pd_vm(pd);	/* starts reading the VM */
		break;
	default:
		return INTENT_NONE;
	}
	if (pd->top < 0)
		pd->top = 0;
	return INTENT_HANDLED;
}

static int pd_create(struct screen *s)
{
	s->priv = calloc(1, sizeof(struct panel_dns));
	return s->priv ? 0 : -1;
}

static void pd_destroy(struct screen *s)
{
	free(s->priv);
	s->priv = NULL;
}

/* Shown: the console's DNS data, started the first time (struct app's
 * dns_start), kept from then on. */
static void pd_on_data(struct screen *s, bool entered)
{
	struct panel_dns *pd = s->priv;
	struct app *a = s->app;

	(void)entered;
	if (pd && !pd->d && a && a->live && a->dns_start)
		pd->d = a->dns_start(a->live);
}

static const char *pd_help(struct screen *s)
{
	(void)s;
	return "The DNS panel shows which DNS servers (the servers that turn "
	       "names into addresses) each network interface of this "
	       "machine uses, laid out like 'resolvectl status': the global "
	       "settings, then each interface (a 'link'). 'Current Scopes: "
	       "DNS' means the interface is used for names; '+DefaultRoute' "
	       "means names outside its own domains may be sent to its "
	       "servers; a domain with '~' is only sent there, not added "
	       "to short names. LLMNR and mDNS find names of machines on "
	       "the local network without a server; DNSOverTLS encrypts "
	       "the queries; DNSSEC checks the answers' signatures. "
	       "'resolv.conf mode' says whether programs "
	       "ask systemd-resolved (stub) or the servers in "
	       "/etc/resolv.conf directly; the words beside it say what that "
	       "means here.\n\n"
	       "Beside each server is the result of a real query sent "
	       "straight to it, asking for the root's name servers (\". "
	       "NS\"), which every server that resolves finds. Only "
	       "'resolves' is good. 'broken or lying' (NXDOMAIN, \"no such "
	       "name\", or an empty answer): the server gives false answers; "
	       "use another. 'cannot resolve' (SERVFAIL): the server is "
	       "there but cannot reach the internet or the servers it "
	       "asks. 'refuses this client' (REFUSED): it does not serve "
	       "this client (it answers other networks only); allow this "
	       "machine on it or use another. 'nothing listens there': no DNS service at that "
	       "address. 'timed out': nothing answers there (wrong address, "
	       "or no route). The Problems list says the same in full, with "
	       "what to do. When systemd-resolved is not running the panel "
	       "shows the settings it saved, and says so; it follows by "
	       "itself when resolved comes back.\n\n"
	       "v switches between this machine and the VM.  The VM's DNS "
	       "is read through the QEMU guest agent (a helper program "
	       "inside the VM): systemd-resolved's state files when the VM "
	       "has them, else its /etc/resolv.conf; the panel says which. "
	       "Its servers are probed FROM THE HOST, not by the VM: "
	       "'resolves ... (from the host)' means the host reaches that "
	       "server; a server that only serves the VM's network may "
	       "refuse the host. The VM's own loopback (127.x) and "
	       "link-local (fe80::) servers cannot be probed from here.\n\n"
	       "Keys: r reads everything again and probes every server, "
	       "a also shows the interfaces without DNS settings, v this "
	       "machine / the VM, the arrows and PgUp/PgDn scroll, Esc goes "
	       "back.";
}

/* 'a' only where there are interfaces to show or hide (a VM's view read
 * from its resolv.conf has none). */
static void pd_footer(struct screen *s, struct footer *f)
{
	struct panel_dns *pd = s->priv;
	const struct dnsview_live *d = !pd ? NULL : pd->vm ? pd_vm(pd) :
				       pd->d ? pd->d->host : NULL;

	bool remote = s->app->live && s->app->live->host_remote;

	/* (footer_own: not linked here) */
	if (!d || d->view.nlinks == 0)
		snprintf(f->own, sizeof(f->own), "%s", remote ?
			 "r read & probe again  v host/VM" :
			 "r read & probe again  v this machine/VM");
	else if (remote)	/* the other side is the libvirt host's */
		snprintf(f->own, sizeof(f->own), "%s", "r read & probe again  "
			 "a all interfaces  v host/VM");
}

const struct screen_class panel_dns_screen = {
	.id = SCR_DNSPANEL,
	.kind = SCREEN_PANEL,
	.parent = SCR_HOME,
	.name = "panel_dns",
	.title = "DNS status",
	.step = 0,
	.keys = "r read & probe again  a all interfaces  v this machine/VM",
	.create = pd_create,
	.destroy = pd_destroy,
	.draw = pd_draw,
	.key = pd_key,
	.help = pd_help,
	.footer = pd_footer,
	.on_data = pd_on_data,
};
