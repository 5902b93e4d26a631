/*
 * wizard_ip.c - wizard step 3: how the current NIC gets its IPv4 address.
 * Only the modes the policy allows for the NIC's switch are offered.
 * Static: address, prefix and gateway, checked by plan_validate as they
 * are typed (the field with the problem is marked and its message shown
 * under it; Next is refused while an error stands on a visible field).
 * Suggestions (the switch's prefix, the first host of the subnet as
 * gateway) are placeholders: dim in the empty field, taken with Tab or
 * Right, replaced by typing, never in the plan unless taken.  What
 * technicians type elsewhere is taken and said so when the field is left:
 * a MAC with '-', with no separator or in capitals, a netmask as the
 * prefix, an address with its /prefix (split into both fields; until
 * then the check sees the split values, so no error the split fixes is
 * shown); anything else stays as typed and the check names the field and
 * the fix.  Also the NIC's name in the VM,
 * its MAC, and whether it is on an offline network.  Writes the NIC in
 * the working plan.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ipv4.h"
#include "core/typed.h"
#include "tui/widget.h"
#include "ui/app.h"
#include "ui/wizard.h"

enum { IP_NAME = 1, IP_MAC, IP_MODE, IP_ADDR, IP_PREFIX, IP_GW, IP_OFFLINE };

struct ipstep {
	struct form form;
	struct widget name, mac, mac_note, mode, mode_note, addr, prefix, gw,
		      offline,
		      back, next;
	enum ip_mode modes[IP_MODE_COUNT];
	int nmodes;
	char mode_text[400];
};

static int ip_create(struct screen *s)
{
	s->priv = calloc(1, sizeof(struct ipstep));
	return s->priv ? 0 : -1;
}

static void ip_destroy(struct screen *s)
{
	free(s->priv);
}

static const struct plan_switch *ip_switch(struct app *a)
{
	return &a->work.switches[wizard_nic_switch(a, a->wiz.nic)];
}

/* plan_validate, plus what the plan cannot hold as typed: a prefix that
 * is neither a length nor a netmask. */
static void ip_validate(struct screen *s)
{
	struct ipstep *p = s->priv;
	struct app *a = s->app;
	const char *t = p->prefix.text;
	char path[DIAG_PATH_MAX];
	struct diag_list l;
	int v;

	app_validate(a);
	if (wizard_nic(a)->mode != IP_STATIC || !t[0] ||
	    strspn(t, "0123456789") == strlen(t) || typed_prefix(t, &v, NULL))
		return;
	/* the address's /prefix replaces this text when it is left */
	if (typed_cidr(p->addr.text, path, sizeof(path), &v))
		return;
	snprintf(path, sizeof(path), WP_NIC_PREFIX, a->wiz.nic);
	/* this message first; the check's own ones follow, but none that
	 * calls the prefix missing */
	l = a->diags;
	diag_list_init(&a->diags);
	diag_add(&a->diags, DIAG_ERROR, path,
		 "the prefix length \"%.20s\" is neither a number nor a "
		 "netmask; type the length, such as 24, or the netmask, such "
		 "as 255.255.255.0", t);
	diag_list_append_new(&a->diags, &l);
	diag_list_free(&l);
}

/* The hint after the prefix: what the value typed (or suggested) means. */
static void ip_prefix_hint(struct ipstep *p, int suggested)
{
	char mask[IPV4_STRLEN], addr[PLAN_ADDR_MAX];
	int v;
	bool was_mask;

	if (typed_cidr(p->addr.text, addr, sizeof(addr), &v))
		snprintf(p->prefix.hint, sizeof(p->prefix.hint),
			 "/%d from the address = %s", v,
			 typed_netmask(v, mask));
	else if (!p->prefix.text[0] && p->prefix.placeholder[0])
		snprintf(p->prefix.hint, sizeof(p->prefix.hint),
			 "= %s (suggested)", typed_netmask(suggested, mask));
	else if (!p->prefix.text[0])
		snprintf(p->prefix.hint, sizeof(p->prefix.hint),
			 "24 means 255.255.255.0");
	else if (typed_prefix(p->prefix.text, &v, &was_mask) && was_mask)
		snprintf(p->prefix.hint, sizeof(p->prefix.hint),
			 "a netmask: prefix length %d", v);
	else if (typed_prefix(p->prefix.text, &v, NULL))
		snprintf(p->prefix.hint, sizeof(p->prefix.hint), "= %s",
			 typed_netmask(v, mask));
	else
		p->prefix.hint[0] = '\0';
}

static void ip_refresh(struct screen *s)
{
	struct ipstep *p = s->priv;
	struct app *a = s->app;
	const struct plan_switch *sw = ip_switch(a);
	const struct plan_nic *n = wizard_nic(a);
	bool st = n->mode == IP_STATIC;
	int pre = wizard_suggest_prefix(a, a->wiz.nic);
	char gw[IPV4_STRLEN], mac[MAC_STRLEN], addr[PLAN_ADDR_MAX];
	char path[DIAG_PATH_MAX];
	const struct diag *d;
	int v;

	if (n->mode == IP_DHCP && sw->type == SWITCH_EXTERNAL)
		snprintf(p->mode_text, sizeof(p->mode_text),
			 "The plant network's DHCP server must answer through "
			 "host port %s (switch %s), or the VM gets no address.",
			 sw->uplink[0] ? sw->uplink :
			 "(no host port chosen yet)", sw->name);
	else if (n->mode == IP_DHCP && sw->dhcp)
		snprintf(p->mode_text, sizeof(p->mode_text),
			 "libvirt's DHCP server on switch %s hands out %s to "
			 "%s.", sw->name, sw->dhcp_start, sw->dhcp_end);
	else if (n->mode == IP_DHCP)
		snprintf(p->mode_text, sizeof(p->mode_text),
			 "Switch %s has no DHCP server of its own: another "
			 "DHCP server on its network must answer, or the VM "
			 "gets no address.", sw->name);
	else if (st && sw->dhcp && sw->type != SWITCH_EXTERNAL)
		snprintf(p->mode_text, sizeof(p->mode_text),
			 "Use an address outside the DHCP range %s-%s of "
			 "switch %s.", sw->dhcp_start, sw->dhcp_end, sw->name);
	else
		snprintf(p->mode_text, sizeof(p->mode_text),
			 "All three values are needed: address, prefix length "
			 "and gateway (the router on this network).");
	p->mode_note.hidden = n->mode == IP_UNSET;
	/* why no MAC could be generated (the state directory) */
	p->mac_note.hidden = n->mac[0] || !a->state_err[0];
	p->addr.hidden = !st;
	p->prefix.hidden = !st;
	p->gw.hidden = !st;
	/* suggestions: placeholders, never the plan's until taken */
	if (st && pre > 0)
		snprintf(p->prefix.placeholder, sizeof(p->prefix.placeholder),
			 "%d", pre);
	else
		p->prefix.placeholder[0] = '\0';
	/* an address typed with its /prefix: that prefix is the one */
	if (st && typed_cidr(p->addr.text, addr, sizeof(addr), &v))
		snprintf(p->prefix.placeholder, sizeof(p->prefix.placeholder),
			 "%d", v);
	ip_prefix_hint(p, pre);
	gw[0] = '\0';
	if (st && !n->offline)
		wizard_suggest_gateway(n->address, n->has_prefix ? n->prefix :
				       pre, gw, sizeof(gw));
	if (strcmp(gw, n->address) == 0)
		gw[0] = '\0';
	ui_copy(p->gw.placeholder, sizeof(p->gw.placeholder), gw);
	ui_copy(p->gw.hint, sizeof(p->gw.hint), gw[0] && !p->gw.text[0] ?
		"suggested: Tab or Right takes it" : "");
	if (typed_cidr(p->addr.text, addr, sizeof(addr), &v))
		snprintf(p->addr.hint, sizeof(p->addr.hint),
			 "the /%d goes to Prefix length", v);
	else
		p->addr.hint[0] = '\0';
	snprintf(path, sizeof(path), WP_NIC_MAC, a->wiz.nic);
	d = diag_find(&a->diags, path);
	if (typed_mac(p->mac.text, mac) && strcmp(mac, p->mac.text) != 0)
		snprintf(p->mac.hint, sizeof(p->mac.hint), "saved as %s", mac);
	else if (n->mac[0] && d && d->severity == DIAG_ERROR)
		p->mac.hint[0] = '\0';	/* not kept: its error says why */
	else
		ui_copy(p->mac.hint, sizeof(p->mac.hint),
			n->mac[0] ? "kept for this NIC" : a->state_err[0] ?
			"empty: generated when applied" :
			"empty: generated, kept");
	form_fix_focus(&p->form);
	form_set_diags(&p->form, &a->diags);
}

static void ip_enter(struct screen *s)
{
	struct ipstep *p = s->priv;
	struct app *a = s->app;
	struct plan_nic *n = wizard_nic(a);
	const struct plan_switch *sw = ip_switch(a);
	size_t i = a->wiz.nic;
	char buf[16];

	form_init(&p->form);
	widget_init(&p->name, W_TEXT, IP_NAME, "NIC name in the VM");
	p->name.maxlen = 15;
	p->name.width = 16;
	p->name.help = "The interface's name inside the VM, such as eth0.";
	widget_set_text(&p->name, n->name);
	widget_set_path(&p->name, WP_NIC_NAME, i);

	widget_init(&p->mac, W_TEXT, IP_MAC, "MAC address");
	p->mac.maxlen = 17;
	p->mac.width = 17;
	p->mac.help = "The NIC's Ethernet address. Leave it empty: edgenet "
		      "generates one once (52:54:00:...) and keeps it, so DHCP "
		      "reservations keep working. Type one only to match an "
		      "existing reservation; 52-54-00-12-34-56 as Windows "
		      "writes it and 525400123456 are taken too.";
	widget_set_text(&p->mac, n->mac);
	widget_set_path(&p->mac, WP_NIC_MAC, i);

	widget_init(&p->mac_note, W_LABEL, 0, a->state_err);
	p->mac_note.style = TS_WARNING;
	p->mac_note.indent = 24;

	widget_init(&p->mode, W_CHOICE, IP_MODE, "Address by");
	p->nmodes = 0;
	for (int m = IP_DHCP; m < IP_MODE_COUNT; m++) {
		if (!policy_mode_allowed(a->pol, sw->type, (enum ip_mode)m))
			continue;
		p->modes[p->nmodes++] = (enum ip_mode)m;
		widget_add_option(&p->mode, m == IP_DHCP ?
				  "dhcp    a DHCP server hands it out" :
				  "static  you type address, prefix, gateway",
				  false);
	}
	p->mode.sel = -1;
	for (int k = 0; k < p->nmodes; k++)
		if (p->modes[k] == n->mode)
			p->mode.sel = k;
	if (p->mode.sel < 0 && p->nmodes > 0 && n->mode == IP_UNSET) {
		p->mode.sel = 0;
		n->mode = p->modes[0];
	}
	widget_set_path(&p->mode, WP_NIC_MODE, i);
	p->mode.help = "How the NIC gets its address. Only the modes the "
		       "switch type allows are offered: a default switch "
		       "always uses DHCP.";
	widget_init(&p->mode_note, W_LABEL, 0, p->mode_text);
	p->mode_note.style = TS_DIM;
	p->mode_note.indent = 24;

	widget_init(&p->addr, W_TEXT, IP_ADDR, "Address");
	p->addr.maxlen = PLAN_ADDR_MAX - 1;
	p->addr.width = 16;
	p->addr.help = "The VM's own IPv4 address on this network, such as "
		       "10.10.0.10. Not the network's first (network) or last "
		       "(broadcast) address, and not inside the DHCP range. "
		       "Typed with its prefix (10.10.0.10/24), the prefix goes "
		       "to its own field when you leave this one.";
	widget_set_text(&p->addr, n->address);
	widget_set_path(&p->addr, WP_NIC_ADDRESS, i);

	widget_init(&p->prefix, W_TEXT, IP_PREFIX, "Prefix length");
	p->prefix.maxlen = IPV4_STRLEN - 1;	/* a netmask fits */
	p->prefix.width = 15;
	p->prefix.help = "How many leading bits name the network: 24 means "
			 "the netmask 255.255.255.0 (256 addresses), 16 means "
			 "255.255.0.0. A netmask typed here is taken and "
			 "written as its length. The switch's own prefix is "
			 "suggested: Tab or Right takes it.";
	if (n->has_prefix)
		snprintf(buf, sizeof(buf), "%d", n->prefix);
	else
		buf[0] = '\0';
	widget_set_text(&p->prefix, buf);
	widget_set_path(&p->prefix, WP_NIC_PREFIX, i);

	widget_init(&p->gw, W_TEXT, IP_GW, "Gateway");
	p->gw.maxlen = PLAN_ADDR_MAX - 1;
	p->gw.width = 16;
	p->gw.help = "The router the VM sends traffic for other networks to. "
		     "It must be inside the address's subnet and is usually "
		     "its first host (such as 10.10.0.1), which is suggested "
		     "once address and prefix are known: Tab or Right takes "
		     "it, typing replaces it. An offline network may have "
		     "none.";
	widget_set_text(&p->gw, n->gateway);
	widget_set_path(&p->gw, WP_NIC_GATEWAY, i);

	widget_init(&p->offline, W_CHECK, IP_OFFLINE, "Offline network");
	snprintf(p->offline.note, sizeof(p->offline.note),
		 "no default route; DNS only for its own names");
	p->offline.checked = n->offline;
	widget_set_path(&p->offline, WP_NIC_OFFLINE, i);
	p->offline.help = "Tick this for a network that does not lead to the "
			  "internet (an OT network with OPC UA devices): the "
			  "NIC gets no default route, so internet traffic "
			  "never goes there, and it may have no gateway.";

	form_add(&p->form, &p->name);
	form_add(&p->form, &p->mac);
	form_add(&p->form, &p->mac_note);
	form_add(&p->form, &p->mode);
	form_add(&p->form, &p->mode_note);
	form_add(&p->form, &p->addr);
	form_add(&p->form, &p->prefix);
	form_add(&p->form, &p->gw);
	form_add(&p->form, &p->offline);
	wizard_add_buttons(&p->form, &p->back, &p->next);
	form_focus(&p->form, &p->mode);
	ip_validate(s);
	ip_refresh(s);
}

/* Typed text into the plan; hidden static fields are not part of it. */
static void ip_sync(struct screen *s)
{
	struct ipstep *p = s->priv;
	struct app *a = s->app;
	struct plan_nic *n = wizard_nic(a);
	char mac[MAC_STRLEN], addr[PLAN_ADDR_MAX];
	const char *t = p->prefix.text;
	long v;
	int pfx;

	ui_copy(n->name, sizeof(n->name), p->name.text);
	/* a MAC typed the Windows way (or in capitals) is the same MAC */
	ui_copy(n->mac, sizeof(n->mac),
		typed_mac(p->mac.text, mac) ? mac : p->mac.text);
	if (p->mode.sel >= 0 && p->mode.sel < p->nmodes)
		n->mode = p->modes[p->mode.sel];
	n->offline = p->offline.checked;
	if (n->mode == IP_STATIC &&
	    typed_cidr(p->addr.text, addr, sizeof(addr), &pfx)) {
		/* address/prefix, split when the field is left: the plan
		 * (and so the check) has the split values at once, so no
		 * error the split fixes shows meanwhile */
		ui_copy(n->address, sizeof(n->address), addr);
		plan_nic_set_prefix(n, pfx);
		ui_copy(n->gateway, sizeof(n->gateway), p->gw.text);
	} else if (n->mode == IP_STATIC) {
		ui_copy(n->address, sizeof(n->address), p->addr.text);
		/* a number as typed (the check judges its range), a netmask
		 * as its length; anything else is no prefix, and
		 * ip_validate says why at the field */
		if (t[0] && strspn(t, "0123456789") == strlen(t)) {
			v = strtol(t, NULL, 10);
			plan_nic_set_prefix(n, v > 999 ? 999 : (int)v);
		} else if (typed_prefix(t, &pfx, NULL)) {
			plan_nic_set_prefix(n, pfx);
		} else {
			plan_nic_clear_prefix(n);
		}
		ui_copy(n->gateway, sizeof(n->gateway), p->gw.text);
	} else {
		n->address[0] = '\0';
		plan_nic_clear_prefix(n);
		n->gateway[0] = '\0';
	}
	ip_validate(s);
	ip_refresh(s);
}

/* Leaving field W: what was typed the way other tools write it is
 * written the plan's way, and the status line says so.  True when a
 * field changed. */
static bool ip_leave(struct screen *s, struct widget *w)
{
	struct ipstep *p = s->priv;
	char addr[PLAN_ADDR_MAX], was[WIDGET_TEXT_MAX], buf[16];
	char mac[MAC_STRLEN];
	int v;
	bool was_mask;

	ui_copy(was, sizeof(was), w ? w->text : "");
	if (w == &p->addr &&
	    typed_cidr(p->addr.text, addr, sizeof(addr), &v)) {
		snprintf(buf, sizeof(buf), "%d", v);
		widget_set_text(&p->addr, addr);
		widget_set_text(&p->prefix, buf);
		app_status(s->app, TS_NORMAL, "%s split: address %s, prefix "
			   "length %d.", was, addr, v);
		return true;
	}
	if (w == &p->prefix && typed_prefix(p->prefix.text, &v, &was_mask) &&
	    was_mask) {
		snprintf(buf, sizeof(buf), "%d", v);
		widget_set_text(&p->prefix, buf);
		app_status(s->app, TS_NORMAL, "The netmask %s is the prefix "
			   "length %d.", was, v);
		return true;
	}
	if (w == &p->mac && typed_mac(p->mac.text, mac) &&
	    strcmp(mac, p->mac.text) != 0) {
		widget_set_text(&p->mac, mac);
		app_status(s->app, TS_NORMAL, "The MAC %s is written %s.", was,
			   mac);
		return true;
	}
	return false;
}

/* Keys that take the focus off a text field (or go on from it). */
static bool ip_leaving_key(int key)
{
	return key == '\t' || key == KEY_BTAB || key == '\n' || key == '\r' ||
	       key == KEY_ENTER || key == KEY_UP || key == KEY_DOWN ||
	       key == ('n' & 0x1f) || key == 27 /* Esc: back */;
}

static void ip_draw(struct screen *s, WINDOW *w)
{
	struct ipstep *p = s->priv;
	struct app *a = s->app;
	const struct plan_switch *sw = ip_switch(a);
	char intro[240];

	snprintf(intro, sizeof(intro), "How NIC %s gets its IPv4 address on "
		 "switch '%s' (%s).", wizard_nic(a)->name, sw->name,
		 plan_switch_type_name(sw->type) ?
		 plan_switch_type_name(sw->type) : "no type");
	wizard_draw_form(s, w, &p->form, intro);
}

static enum intent ip_key(struct screen *s, int key)
{
	struct ipstep *p = s->priv;
	struct widget *act;
	bool changed;
	enum intent in;

	/* normalised before the key acts, so Next sees the result */
	if (ip_leaving_key(key) && ip_leave(s, form_focused(&p->form)))
		ip_sync(s);
	in = wizard_form_key(s, &p->form, key, false, &changed, &act);
	if (changed)
		ip_sync(s);
	return in;
}

static const char *ip_help(struct screen *s)
{
	struct ipstep *p = s->priv;

	return wizard_form_help(&p->form, p->mode.help);
}

static void ip_footer(struct screen *s, struct footer *f)
{
	wizard_form_footer(&((struct ipstep *)s->priv)->form, f);
}

static bool ip_typing(struct screen *s)
{
	return form_typing(&((struct ipstep *)s->priv)->form);
}

const struct screen_class wizard_ip_screen = {
	.id = SCR_IP,
	.kind = SCREEN_WIZARD,
	.parent = SCR_SWITCH,
	.name = "wizard_ip",
	.title = "IP address",
	.step = 3,
	.keys = "Space toggles  ^N next step",
	.create = ip_create,
	.destroy = ip_destroy,
	.enter = ip_enter,
	.draw = ip_draw,
	.key = ip_key,
	.help = ip_help,
	.typing = ip_typing,
	.footer = ip_footer,
	.focus_nic = wizard_focus_nic,
};
