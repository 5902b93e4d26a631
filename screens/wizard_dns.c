/*
 * wizard_dns.c - wizard step 4: the current NIC's DNS servers and search
 * domains, as two editable lists (typing into the empty last line adds an
 * entry; emptying a line removes it).  A static NIC with a gateway and no
 * server yet gets the gateway as a placeholder on the first line (the
 * check's own advice), taken with Tab or Right, never in the plan unless
 * taken.  Lines keep every character typed.  The verdicts (a bad server
 * address, a static NIC without DNS) come from plan_validate at the paths
 * "nics[N].dns.servers[K]", "nics[N].dns.search[K]" and the lists' own.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/widget.h"
#include "ui/app.h"
#include "ui/wizard.h"

struct dns {
	struct form form;
	struct widget note, dns_head, dns[PLAN_MAX_DNS], search_head,
		      search[PLAN_MAX_SEARCH], back, next;
	char note_text[300];
	char dns_labels[PLAN_MAX_DNS][24];
	char search_labels[PLAN_MAX_SEARCH][24];
};

static int dns_create(struct screen *s)
{
	s->priv = calloc(1, sizeof(struct dns));
	return s->priv ? 0 : -1;
}

static void dns_destroy(struct screen *s)
{
	free(s->priv);
}

/* Shows the filled lines and one empty line after the last filled one;
 * binds each filled line to the plan index it is written to. */
static void dns_lines(struct widget *w, size_t n, bool servers, size_t nic)
{
	size_t last = 0, k = 0;

	for (size_t i = 0; i < n; i++)
		if (w[i].text[0])
			last = i + 1;
	for (size_t i = 0; i < n; i++) {
		w[i].hidden = i > last;
		if (w[i].text[0] && servers)
			widget_set_path(&w[i], WP_NIC_DNS_I, nic, k++);
		else if (w[i].text[0])
			widget_set_path(&w[i], WP_NIC_SEARCH_I, nic, k++);
		else
			w[i].path[0] = '\0';
	}
}

static void dns_refresh(struct screen *s)
{
	struct dns *p = s->priv;
	struct app *a = s->app;
	const struct plan_nic *n = wizard_nic(a);

	if (n->mode == IP_DHCP)
		snprintf(p->note_text, sizeof(p->note_text),
			 "With DHCP the network's server usually gives DNS "
			 "servers too; servers listed here are used as well.");
	else
		snprintf(p->note_text, sizeof(p->note_text),
			 "A static NIC has no DNS unless servers are listed "
			 "here.");
	if (n->offline)
		snprintf(p->note_text + strlen(p->note_text),
			 sizeof(p->note_text) - strlen(p->note_text),
			 " This NIC is an offline network: its servers "
			 "answer only for its search domains.");
	/* the gateway is usually the network's DNS server too */
	if (n->mode == IP_STATIC && !n->offline && n->gateway[0] &&
	    n->ndns == 0) {
		ui_copy(p->dns[0].placeholder, sizeof(p->dns[0].placeholder),
			n->gateway);
		ui_copy(p->dns[0].hint, sizeof(p->dns[0].hint),
			"suggested (gateway): Tab takes it");
	} else {
		p->dns[0].placeholder[0] = '\0';
		p->dns[0].hint[0] = '\0';
	}
	dns_lines(p->dns, PLAN_MAX_DNS, true, a->wiz.nic);
	dns_lines(p->search, PLAN_MAX_SEARCH, false, a->wiz.nic);
	form_fix_focus(&p->form);
	form_set_diags(&p->form, &a->diags);
}

static void dns_enter(struct screen *s)
{
	struct dns *p = s->priv;
	struct app *a = s->app;
	const struct plan_nic *n = wizard_nic(a);

	form_init(&p->form);
	widget_init(&p->note, W_LABEL, 0, p->note_text);
	p->note.style = TS_DIM;
	widget_init(&p->dns_head, W_LABEL, 0, "DNS servers (IPv4 addresses, "
		    "in order of preference)");
	p->dns_head.style = TS_TITLE;
	widget_set_path(&p->dns_head, WP_NIC_DNS, a->wiz.nic);
	form_add(&p->form, &p->note);
	form_add(&p->form, &p->dns_head);
	for (size_t i = 0; i < PLAN_MAX_DNS; i++) {
		struct widget *w = &p->dns[i];

		snprintf(p->dns_labels[i], sizeof(p->dns_labels[i]),
			 "Server %zu", i + 1);
		widget_init(w, W_TEXT, 100 + (int)i, p->dns_labels[i]);
		w->maxlen = PLAN_ADDR_MAX - 1;
		w->width = 16;
		w->help = "A DNS server the VM asks, such as 10.10.0.1 or "
			  "1.1.1.1. Type into the empty line to add one; "
			  "clear a line (Ctrl-U) to remove it. For a static "
			  "NIC the gateway is suggested: Tab or Right takes "
			  "it, typing replaces it.";
		widget_set_text(w, i < n->ndns ? n->dns[i] : "");
		form_add(&p->form, w);
	}
	widget_init(&p->search_head, W_LABEL, 0, "Search domains (names "
		    "tried after short host names)");
	p->search_head.style = TS_TITLE;
	widget_set_path(&p->search_head, WP_NIC_SEARCH, a->wiz.nic);
	form_add(&p->form, &p->search_head);
	for (size_t i = 0; i < PLAN_MAX_SEARCH; i++) {
		struct widget *w = &p->search[i];

		snprintf(p->search_labels[i], sizeof(p->search_labels[i]),
			 "Domain %zu", i + 1);
		widget_init(w, W_TEXT, 200 + (int)i, p->search_labels[i]);
		w->maxlen = PLAN_DOMAIN_MAX - 1;
		w->width = 30;
		w->help = "A search domain, such as plant.example.com: a short "
			  "name like 'historian' is then also tried as "
			  "historian.plant.example.com. A leading '~' makes it "
			  "a routing-only domain (systemd-resolved).";
		widget_set_text(w, i < n->nsearch ? n->search[i] : "");
		form_add(&p->form, w);
	}
	wizard_add_buttons(&p->form, &p->back, &p->next);
	form_focus(&p->form, &p->dns[0]);
	dns_refresh(s);
}

static void dns_sync(struct screen *s)
{
	struct dns *p = s->priv;
	struct app *a = s->app;
	struct plan_nic *n = wizard_nic(a);

	n->ndns = 0;
	for (size_t i = 0; i < PLAN_MAX_DNS; i++)
		if (p->dns[i].text[0])
			snprintf(n->dns[n->ndns++], PLAN_ADDR_MAX, "%s",
				 p->dns[i].text);
	for (size_t i = n->ndns; i < PLAN_MAX_DNS; i++)
		n->dns[i][0] = '\0';
	n->nsearch = 0;
	for (size_t i = 0; i < PLAN_MAX_SEARCH; i++)
		if (p->search[i].text[0])
			snprintf(n->search[n->nsearch++], PLAN_DOMAIN_MAX, "%s",
				 p->search[i].text);
	for (size_t i = n->nsearch; i < PLAN_MAX_SEARCH; i++)
		n->search[i][0] = '\0';
	app_validate(a);
	dns_refresh(s);
}

static void dns_draw(struct screen *s, WINDOW *w)
{
	struct dns *p = s->priv;
	char intro[200];

	snprintf(intro, sizeof(intro), "DNS for NIC %s: the servers and "
		 "search domains systemd-resolved uses in the VM.",
		 wizard_nic(s->app)->name);
	wizard_draw_form(s, w, &p->form, intro);
}

static enum intent dns_key(struct screen *s, int key)
{
	struct dns *p = s->priv;
	struct widget *act;
	bool changed;
	enum intent in = wizard_form_key(s, &p->form, key, false, &changed,
					 &act);

	if (changed)
		dns_sync(s);
	return in;
}

static const char *dns_help(struct screen *s)
{
	struct dns *p = s->priv;

	return wizard_form_help(&p->form, p->dns[0].help);
}

static bool dns_typing(struct screen *s)
{
	return form_typing(&((struct dns *)s->priv)->form);
}

const struct screen_class wizard_dns_screen = {
	.id = SCR_DNS,
	.kind = SCREEN_WIZARD,
	.parent = SCR_IP,
	.name = "wizard_dns",
	.title = "DNS",
	.step = 4,
	.keys = "Ctrl-U clears a line  ^N next step",
	.create = dns_create,
	.destroy = dns_destroy,
	.enter = dns_enter,
	.draw = dns_draw,
	.key = dns_key,
	.help = dns_help,
	.typing = dns_typing,
	.focus_nic = wizard_focus_nic,
};
