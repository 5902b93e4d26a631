/*
 * wizard_ip.c - wizard step 3: how the current NIC gets its IPv4 address.
 * Only the modes the policy allows for the NIC's switch are offered.
 * Static: address, prefix and gateway, checked by plan_validate as they
 * are typed (the field with the problem is marked and its message shown
 * under it; Next is refused while an error stands on a visible field),
 * with suggestions (the switch's prefix, the first host of the subnet as
 * gateway).  Also the NIC's name in the VM, its MAC, and whether it is on
 * an offline network.  Writes the NIC in the working plan.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ipv4.h"
#include "ui/app.h"
#include "ui/widget.h"
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

static void ip_refresh(struct screen *s)
{
	struct ipstep *p = s->priv;
	struct app *a = s->app;
	const struct plan_switch *sw = ip_switch(a);
	const struct plan_nic *n = wizard_nic(a);
	bool st = n->mode == IP_STATIC;
	int pre = wizard_suggest_prefix(a, a->wiz.nic);
	char gw[IPV4_STRLEN];

	if (n->mode == IP_DHCP && sw->type == SWITCH_EXTERNAL)
		snprintf(p->mode_text, sizeof(p->mode_text),
			 "The plant network's DHCP server must answer on %s, "
			 "or the VM gets no address.",
			 sw->uplink[0] ? sw->uplink : "the uplink");
	else if (n->mode == IP_DHCP && sw->dhcp)
		snprintf(p->mode_text, sizeof(p->mode_text),
			 "libvirt's DHCP server on '%s' hands out %s to %s.",
			 sw->name, sw->dhcp_start, sw->dhcp_end);
	else if (n->mode == IP_DHCP)
		snprintf(p->mode_text, sizeof(p->mode_text),
			 "'%s' has no DHCP server of its own: a DHCP server "
			 "must answer on it.", sw->name);
	else if (st && sw->dhcp && sw->type != SWITCH_EXTERNAL)
		snprintf(p->mode_text, sizeof(p->mode_text),
			 "Use an address outside the DHCP range %s-%s.",
			 sw->dhcp_start, sw->dhcp_end);
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
	if (pre > 0)
		snprintf(p->prefix.hint, sizeof(p->prefix.hint),
			 "suggested: %d (the switch's)", pre);
	else
		snprintf(p->prefix.hint, sizeof(p->prefix.hint),
			 "24 means 255.255.255.0");
	wizard_suggest_gateway(n->address, n->prefix, gw, sizeof(gw));
	if (gw[0])
		snprintf(p->gw.hint, sizeof(p->gw.hint), "suggested: %s", gw);
	else
		p->gw.hint[0] = '\0';
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
	p->name.filter = widget_filter_name;
	p->name.filter_msg = "an interface name has letters, digits, '-', "
			     "'_' and '.'";
	p->name.maxlen = 15;
	p->name.width = 16;
	p->name.help = "The interface's name inside the VM, such as eth0.";
	widget_set_text(&p->name, n->name);
	widget_set_path(&p->name, WP_NIC_NAME, i);

	widget_init(&p->mac, W_TEXT, IP_MAC, "MAC address");
	p->mac.filter = widget_filter_mac;
	p->mac.filter_msg = "a MAC has hex digits and colons";
	p->mac.maxlen = 17;
	p->mac.width = 17;
	p->mac.help = "The NIC's Ethernet address. Leave it empty: edgenet "
		      "generates one once (52:54:00:...) and keeps it, so DHCP "
		      "reservations keep working. Type one only to match an "
		      "existing reservation.";
	ui_copy(p->mac.hint, sizeof(p->mac.hint),
		n->mac[0] ? "kept for this NIC" : a->state_err[0] ?
		"empty: generated when applied" : "empty: generated, kept");
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
	p->addr.filter = widget_filter_ipv4;
	p->addr.filter_msg = "an IPv4 address has digits and dots only (the "
			     "prefix goes in its own field)";
	p->addr.maxlen = PLAN_ADDR_MAX - 1;
	p->addr.width = 16;
	p->addr.help = "The VM's own IPv4 address on this network, such as "
		       "10.10.0.10. Not the network's first (network) or last "
		       "(broadcast) address, and not inside the DHCP range.";
	widget_set_text(&p->addr, n->address);
	widget_set_path(&p->addr, WP_NIC_ADDRESS, i);

	widget_init(&p->prefix, W_TEXT, IP_PREFIX, "Prefix length");
	p->prefix.filter = widget_filter_digits;
	p->prefix.filter_msg = "the prefix length is a number, such as 24";
	p->prefix.maxlen = 3;
	p->prefix.width = 4;
	p->prefix.help = "How many leading bits name the network: 24 means "
			 "the netmask 255.255.255.0 (256 addresses), 16 means "
			 "255.255.0.0.";
	if (n->prefix >= 0)
		snprintf(buf, sizeof(buf), "%d", n->prefix);
	else
		buf[0] = '\0';
	widget_set_text(&p->prefix, buf);
	widget_set_path(&p->prefix, WP_NIC_PREFIX, i);

	widget_init(&p->gw, W_TEXT, IP_GW, "Gateway");
	p->gw.filter = widget_filter_ipv4;
	p->gw.filter_msg = "an IPv4 address has digits and dots only";
	p->gw.maxlen = PLAN_ADDR_MAX - 1;
	p->gw.width = 16;
	p->gw.help = "The router the VM sends traffic for other networks to. "
		     "It must be inside the address's subnet and is usually "
		     "its first host (such as 10.10.0.1). An offline network "
		     "may have none.";
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
	app_validate(a);
	ip_refresh(s);
}

/* Typed text into the plan; hidden static fields are not part of it. */
static void ip_sync(struct screen *s)
{
	struct ipstep *p = s->priv;
	struct app *a = s->app;
	struct plan_nic *n = wizard_nic(a);
	long v;

	ui_copy(n->name, sizeof(n->name), p->name.text);
	ui_copy(n->mac, sizeof(n->mac), p->mac.text);
	if (p->mode.sel >= 0 && p->mode.sel < p->nmodes)
		n->mode = p->modes[p->mode.sel];
	n->offline = p->offline.checked;
	if (n->mode == IP_STATIC) {
		ui_copy(n->address, sizeof(n->address), p->addr.text);
		v = p->prefix.text[0] ? strtol(p->prefix.text, NULL, 10) : -1;
		n->prefix = v > 999 ? 999 : (int)v;
		ui_copy(n->gateway, sizeof(n->gateway), p->gw.text);
	} else {
		n->address[0] = '\0';
		n->prefix = -1;
		n->gateway[0] = '\0';
	}
	app_validate(a);
	ip_refresh(s);
}

/* Suggestions fill empty fields when the focus moves on. */
static void ip_suggest(struct screen *s, const struct widget *left)
{
	struct ipstep *p = s->priv;
	struct app *a = s->app;
	struct plan_nic *n = wizard_nic(a);
	bool changed = false;

	if (n->mode != IP_STATIC)
		return;
	if ((left == &p->mode || left == &p->addr) && !p->prefix.text[0]) {
		int pre = wizard_suggest_prefix(a, a->wiz.nic);
		char buf[16];

		if (pre > 0) {
			snprintf(buf, sizeof(buf), "%d", pre);
			widget_set_text(&p->prefix, buf);
			changed = true;
		}
	}
	if ((left == &p->addr || left == &p->prefix) && !p->gw.text[0] &&
	    !p->offline.checked) {
		char gw[IPV4_STRLEN];
		long v = p->prefix.text[0] ? strtol(p->prefix.text, NULL, 10) :
					     -1;

		wizard_suggest_gateway(p->addr.text, (int)v, gw, sizeof(gw));
		if (gw[0] && strcmp(gw, p->addr.text) != 0) {
			widget_set_text(&p->gw, gw);
			changed = true;
		}
	}
	if (changed)
		ip_sync(s);
}

static void ip_draw(struct screen *s, WINDOW *w)
{
	struct ipstep *p = s->priv;
	struct app *a = s->app;
	const struct plan_switch *sw = ip_switch(a);
	char intro[240];
	int top;

	snprintf(intro, sizeof(intro), "How NIC %s gets its IPv4 address on "
		 "switch '%s' (%s).", wizard_nic(a)->name, sw->name,
		 plan_switch_type_name(sw->type) ?
		 plan_switch_type_name(sw->type) : "no type");
	top = wizard_draw_top(s, w, intro);
	form_draw(&p->form, w, top, getmaxy(w) - top);
	s->cur_y = p->form.cur_y;
	s->cur_x = p->form.cur_x;
}

static enum intent ip_key(struct screen *s, int key)
{
	struct ipstep *p = s->priv;
	struct widget *act, *before = form_focused(&p->form);
	bool changed;
	enum intent in = wizard_form_key(s, &p->form, key, false, &changed,
					 &act);

	if (changed)
		ip_sync(s);
	if (form_focused(&p->form) != before)
		ip_suggest(s, before);
	return in;
}

static const char *ip_help(struct screen *s)
{
	struct ipstep *p = s->priv;
	static char buf[1024];

	return form_help(&p->form, p->mode.help, buf, sizeof(buf));
}

static bool ip_typing(struct screen *s)
{
	return form_typing(&((struct ipstep *)s->priv)->form);
}

const struct screen_class wizard_ip_screen = {
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
};
