/*
 * diag.c - the diagnostics screen (F5 or ^P from any screen): the probes
 * of one NIC of the plan in hand (core/probe_plan.h, on demand) with
 * "running... N.N s" while each runs, then its level and its findings in
 * words (core/probe_verdict.h: probe_describe), and what they mean for
 * the plan (the verdict's diagnostics, by field label).  A host that is
 * not this machine (the demo, a remote host) gets one sentence saying
 * that nothing is sent and why.  r (or F5 again) runs the probes again,
 * Tab and Left/Right show another NIC, Up/Down and PgUp/PgDn scroll, Esc
 * goes back to the screen it was opened from.
 *
 * A thin view: the plan, the NIC and the probes' state live in
 * ui/diag_ui.h (struct app's diag); this file draws them and turns keys
 * into calls there.  Every text from outside goes through ui_put (which
 * escapes it).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/describe.h"
#include "core/probe_verdict.h"
#include "core/sbuf.h"
#include "tui/widget.h"
#include "ui/app.h"
#include "ui/diag_ui.h"

#define DG_LINES 400
#define DG_TEXT 200

struct dline {
	char text[DG_TEXT];
	attr_t attr;
	int ind;
};

struct dscreen {
	struct dline lines[DG_LINES];
	size_t nlines;
	size_t top;
	int width;
};

static int dg_create(struct screen *s)
{
	s->priv = calloc(1, sizeof(struct dscreen));
	return s->priv ? 0 : -1;
}

static void dg_destroy(struct screen *s)
{
	free(s->priv);
	s->priv = NULL;
}

/* TEXT wrapped at blanks into lines of the screen's width, after IND
 * columns. */
static void dg_add(struct dscreen *p, attr_t attr, int ind, const char *text)
{
	int width = p->width - ind;

	if (width < 20)
		width = 20;
	do {
		int len = (int)strlen(text), cut = len;

		if (p->nlines == DG_LINES)
			return;
		if (len > width) {
			cut = width;
			while (cut > 0 && text[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = width;
		}
		snprintf(p->lines[p->nlines].text, DG_TEXT, "%.*s", cut, text);
		p->lines[p->nlines].attr = attr;
		p->lines[p->nlines].ind = ind;
		p->nlines++;
		text += cut;
		while (*text == ' ')
			text++;
	} while (*text);
}

static void dg_addf(struct dscreen *p, attr_t attr, int ind,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void dg_addf(struct dscreen *p, attr_t attr, int ind,
		    const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	dg_add(p, attr, ind, buf);
}

/* Each line of TEXT (no trailing newline) as its own row. */
static void dg_add_lines(struct dscreen *p, attr_t attr, int ind,
			 const char *text)
{
	char line[DG_TEXT * 2];

	while (text && *text) {
		size_t n = strcspn(text, "\n");

		snprintf(line, sizeof(line), "%.*s", (int)n, text);
		dg_add(p, attr, ind, line);
		text += n;
		if (*text == '\n')
			text++;
	}
}

/* The probe's state in a word: its level once done. */
static const char *dg_word(const struct diag_ui_list *l, size_t i,
			   attr_t *attr)
{
	const struct probe_result *r = &l->r[i];

	*attr = 0;
	switch (r->status) {
	case PROBE_IDLE:
		*attr = term_attr(TS_DIM);
		return "waiting";
	case PROBE_RUNNING:
		*attr = term_attr(TS_DIM);
		return "running...";
	case PROBE_SKIPPED:
		*attr = term_attr(TS_DIM);
		return "skipped";
	case PROBE_FAILED:
		*attr = term_attr(TS_WARNING);
		return "not run";
	case PROBE_DONE:
		break;
	}
	switch (diag_ui_level(l, i)) {
	case PROBE_LEVEL_ERROR:
		*attr = term_attr(TS_ERROR);
		return "ERROR";
	case PROBE_LEVEL_WARNING:
		*attr = term_attr(TS_WARNING);
		return "warning";
	case PROBE_LEVEL_OK:
		*attr = term_attr(TS_OK);
		return "ok";
	default:
		return "done";
	}
}

/* The NIC in a line: its switch and how it gets its address. */
static void dg_nic_line(struct dscreen *p, const struct plan *pl, size_t i)
{
	const struct plan_nic *n = &pl->nics[i];
	const struct plan_switch *sw = plan_find_switch(pl, n->switch_name);
	char ip[PLAN_ADDR_MAX * 2 + 48], swd[PLAN_NAME_MAX * 2 + 48];

	if (n->mode == IP_STATIC)
		snprintf(ip, sizeof(ip), "static %s/%d, gateway %s",
			 n->address[0] ? n->address : "(none)",
			 n->has_prefix ? n->prefix : 0,
			 n->gateway[0] ? n->gateway : "(none)");
	else
		snprintf(ip, sizeof(ip), "address by DHCP");
	if (sw && sw->type == SWITCH_EXTERNAL)
		snprintf(swd, sizeof(swd), "%s (external, uplink %s)",
			 sw->name, sw->uplink[0] ? sw->uplink : "(none)");
	else if (sw)
		snprintf(swd, sizeof(swd), "%s (%s)", sw->name,
			 plan_switch_type_name(sw->type));
	else
		snprintf(swd, sizeof(swd), "%s (not in the plan)",
			 n->switch_name);
	dg_addf(p, 0, 1, "On switch %s; %s.", swd, ip);
}

/* Everything the screen shows, as rows. */
static void dg_build(struct screen *s)
{
	struct dscreen *p = s->priv;
	struct app *a = s->app;
	struct diag_ui *d = a->diag;
	const struct diag_ui_list *l;
	char label[DIAG_PATH_MAX + PLAN_NAME_MAX];
	struct diag_list dl;
	bool any = false;

	p->nlines = 0;
	if (!d) {
		dg_add(p, term_attr(TS_ERROR), 1, "The diagnostics are not "
		       "available in this console.");
		return;
	}
	if (!d->have_plan) {
		dg_add(p, term_attr(TS_WARNING), 1, d->no_plan);
		return;
	}
	l = &d->demand;
	dg_addf(p, term_attr(TS_TITLE), 1, "NIC %s (%zu of %zu), from %s",
		d->plan.nics[d->nic].name, d->nic + 1, d->plan.nnics,
		d->plan_what);
	dg_nic_line(p, &d->plan, d->nic);
	if (d->elsewhere[0])
		dg_add(p, term_attr(TS_WARNING), 1, d->elsewhere);
	dg_add(p, 0, 1, "");
	if (l->err[0])
		dg_add(p, term_attr(TS_ERROR), 1, l->err);
	if (l->n == 0)
		dg_add(p, 0, 1, "No probe applies to this NIC.");
	for (size_t i = 0; i < l->n; i++) {
		const struct probe_target *t = &l->t[i];
		const struct probe_result *r = &l->r[i];
		attr_t attr;
		const char *w = dg_word(l, i, &attr);
		struct sbuf sb;
		char *text;

		plan_field_label(&d->plan, t->path, label, sizeof(label));
		if (r->status == PROBE_RUNNING ||
		    (r->status == PROBE_IDLE && l->running)) {
			dg_addf(p, attr, 1, "running... %.1f s  %s (%s)",
				diag_ui_elapsed_s(l), probe_kind_title(t->kind),
				label);
			continue;
		}
		dg_addf(p, attr, 1, "%-8s %s (%s)", w,
			probe_kind_title(t->kind), label);
		if (r->status == PROBE_SKIPPED && d->elsewhere[0] &&
		    strcmp(r->why, d->elsewhere) == 0)
			continue;	/* said once above */
		sbuf_init(&sb);
		probe_describe(t, r, &sb);
		text = sbuf_done(&sb);
		dg_add_lines(p, 0, 3, text ? text : "(out of memory)");
		free(text);
	}
	/* what the findings mean for the plan */
	diag_list_init(&dl);
	diag_ui_verdicts(l, &dl);
	for (size_t i = 0; i < dl.count; i++) {
		const struct diag *x = &dl.items[i];

		if (!any) {
			dg_add(p, 0, 1, "");
			dg_add(p, 0, 1, "What it means for the plan:");
			any = true;
		}
		dg_addf(p, term_attr(x->severity == DIAG_ERROR ? TS_ERROR :
				     TS_WARNING), 3, "%s %s: %s",
			x->severity == DIAG_ERROR ? "! error" : "warning",
			x->path[0] ? plan_field_label(&d->plan, x->path, label,
						      sizeof(label)) : "plan",
			x->message ? x->message : "");
	}
	diag_list_free(&dl);
	if (!l->running && l->started && l->n) {
		dg_add(p, 0, 1, "");
		dg_add(p, term_attr(TS_DIM), 1, any ? "r runs the probes "
		       "again once it is fixed." : l->n && !d->elsewhere[0] ?
		       "Nothing wrong found. r runs the probes again." :
		       "r runs the probes again.");
	}
}

static void dg_enter(struct screen *s)
{
	struct dscreen *p = s->priv;

	p->top = 0;
}

static void dg_draw(struct screen *s, WINDOW *w)
{
	struct dscreen *p = s->priv;
	int width = getmaxx(w), height = getmaxy(w), y = 0;
	size_t rows;

	s->cur_y = -1;
	p->width = width - 3;
	dg_build(s);
	rows = height > 2 ? (size_t)height - 1 : 1;
	if (p->nlines > rows && p->top > p->nlines - rows)
		p->top = p->nlines - rows;
	if (p->nlines <= rows)
		p->top = 0;
	for (size_t i = p->top; i < p->nlines && y < (int)rows; i++, y++)
		ui_put(w, y, p->lines[i].ind, width - p->lines[i].ind - 1,
		       p->lines[i].text, p->lines[i].attr);
	if (p->top > 0)
		ui_put(w, 0, width - 9, 8, "(more ^)", term_attr(TS_DIM));
	if (p->top + rows < p->nlines)
		ui_put(w, height - 1, width - 9, 8, "(more v)",
		       term_attr(TS_DIM));
}

static enum intent dg_key(struct screen *s, int key)
{
	struct dscreen *p = s->priv;
	struct app *a = s->app;

	switch (key) {
	case 'r':
		diag_ui_rerun(a->diag, a);
		return INTENT_HANDLED;
	case '\t':
	case KEY_RIGHT:
		diag_ui_select(a->diag, a, 1);
		p->top = 0;
		return INTENT_HANDLED;
	case KEY_BTAB:
	case KEY_LEFT:
		diag_ui_select(a->diag, a, -1);
		p->top = 0;
		return INTENT_HANDLED;
	case KEY_UP:
		if (p->top > 0)
			p->top--;
		return INTENT_HANDLED;
	case KEY_DOWN:
		p->top++;
		return INTENT_HANDLED;
	case KEY_PPAGE:
		p->top = p->top > 10 ? p->top - 10 : 0;
		return INTENT_HANDLED;
	case KEY_NPAGE:
		p->top += 10;
		return INTENT_HANDLED;
	case 27:
		return INTENT_BACK;
	default:
		return INTENT_NONE;
	}
}

static const char *dg_help(struct screen *s)
{
	(void)s;
	return "Diagnostics: the probes of one NIC of the plan in hand (the "
	       "wizard's plan when opened from the wizard, else the last "
	       "applied plan). The DHCP, address and gateway probes are "
	       "sent only on the network of that NIC's switch; the DNS "
	       "servers are asked from this machine through its own "
	       "routes. Static address: is the address already taken (an "
	       "ARP probe with sender 0.0.0.0, RFC 5227) and does the "
	       "gateway answer (an ARP probe, then one ping, sent only "
	       "from an address just found free). DHCP on an external "
	       "switch: does a DHCP server answer (a DISCOVER from a "
	       "throw-away MAC; nothing is leased), and is there more than "
	       "one. DHCP on a default or internal switch: libvirt's own "
	       "DHCP server. External switch: the uplink port (cable, "
	       "speed, Wi-Fi, another bridge). Each DNS server of the NIC: "
	       "does it answer. Each probe says \"running... N.N s\" while "
	       "it runs, then ok, warning or ERROR and what it found. On "
	       "the demo or a remote host nothing is sent (the screen says "
	       "why). r or F5 runs the probes again, Tab or Left/Right "
	       "shows another NIC, Up/Down and PgUp/PgDn scroll, Esc goes "
	       "back to the screen you came from.";
}

static void dg_footer(struct screen *s, struct footer *f)
{
	struct diag_ui *d = s->app->diag;

	footer_own(f, d && d->have_plan && d->plan.nnics > 1 ?
		   "r F5 run again  Tab/Left/Right another NIC" :
		   d && d->have_plan ? "r F5 run again" : NULL);
	f->common = FOOTER_SCROLL | FOOTER_HELP | FOOTER_QUIT_Q;
	f->esc = "back";
}

/* Esc: the probes stop; the manager shows the screen it came from. */
static void dg_leave(struct screen *s)
{
	diag_ui_close(s->app->diag);
}

const struct screen_class diag_screen = {
	.id = SCR_DIAG,
	.kind = SCREEN_OVERLAY,
	.parent = SCR_HOME,
	.name = "diag",
	.title = "Diagnostics",
	.step = 0,
	.keys = NULL,
	.create = dg_create,
	.destroy = dg_destroy,
	.enter = dg_enter,
	.draw = dg_draw,
	.key = dg_key,
	.help = dg_help,
	.footer = dg_footer,
	.on_leave = dg_leave,
};
