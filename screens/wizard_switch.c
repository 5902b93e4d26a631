/*
 * wizard_switch.c - wizard step 2: the virtual switch (libvirt network)
 * the current NIC is plugged into.  Only the types the policy allows for
 * the profile are offered.  default: libvirt's NAT network and its DHCP
 * range; internal: host address, DHCP on/off with its range, NAT on/off;
 * external: the host NIC to bind to (read through netlink; Wi-Fi and
 * others that cannot be an uplink are shown, not selectable), bridge or
 * macvtap with the trade-off, and the bridge's name.  Values from the
 * plan (a saved or deployed plan, the host's own network reused) are
 * real text.  Where the plan has none, edgenet's suggestions are
 * placeholders, dim in the empty field, taken with Tab or Right,
 * replaced by typing, never in the plan unless taken: a /24 no other
 * switch or host network has (from libvirt's 192.168.122.1/24 for a
 * default switch, from 10.10.0.1/24 for an internal one), a DHCP range
 * inside the subnet typed or suggested, and br-UPLINK as the bridge (a
 * taken bridge name follows the uplink until the technician types one
 * of their own).  Writes the switch in the
 * working plan; verdicts come from plan_validate and the host checks
 * (paths "switches[N].*": a subnet a running network of the host already
 * uses, an uplink another switch already has, no NAT behind the VM's
 * default route).  The suggested values themselves are computed in
 * wizard_switch_suggest.c (wizard_switch.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hostcheck.h"
#include "core/ipv4.h"
#include "screens/wizard_switch.h"
#include "tui/widget.h"
#include "ui/app.h"
#include "ui/apply_ui.h"
#include "ui/wizard.h"

enum { SW_TYPE = 1, SW_NAME, SW_ADDR, SW_DHCP, SW_START, SW_END, SW_NAT,
       SW_UPLINK, SW_UPLINK_TEXT, SW_MODE, SW_BRIDGE };

struct sw {
	struct form form;
	struct widget type, type_note, name, host_note, addr, dhcp, start, end,
		      nat, uplink, uplink_note, uplink_text, links_note, mode,
		      mode_note,
		      bridge, back, next;
	enum switch_type types[SWITCH_COUNT];
	int ntypes;
	size_t uplink_idx[HOST_MAX_NICS];	/* option -> host NIC */
	int nuplink;
	bool uplink_extra;			/* last option: plan's own */
	size_t si;
	bool bridge_typed;	/* the technician typed the bridge's name */
	char type_text[300];
	char host_text[300];
	char links_text[APP_MSG_MAX + 64];
	char mode_text[300];
	char uplink_why[600];	/* why some host NICs are not selectable */
};

static const char *const type_descr[SWITCH_COUNT] = {
	[SWITCH_DEFAULT] = "default   ready NAT network with DHCP, no setup",
	[SWITCH_INTERNAL] = "internal  network of the host and its VMs only",
	[SWITCH_EXTERNAL] = "external  VM on the plant network via a host NIC",
};

static int sw_create(struct screen *s)
{
	s->priv = calloc(1, sizeof(struct sw));
	return s->priv ? 0 : -1;
}

static void sw_destroy(struct screen *s)
{
	free(s->priv);
}

/* A note under a field: TEXT (the screen's own buffer) in STYLE. */
static void note_widget(struct widget *w, const char *text,
			enum term_style style)
{
	widget_init(w, W_LABEL, 0, text);
	w->style = style;
	w->indent = 24;
}

static void text_widget(struct widget *w, int id, const char *label,
			widget_filter_fn filter, const char *msg, size_t max,
			const char *help)
{
	widget_init(w, W_TEXT, id, label);
	w->filter = filter;
	w->filter_msg = msg;
	w->maxlen = max - 1;
	w->help = help;
}

static void sw_uplink_options(struct screen *s)
{
	struct sw *p = s->priv;
	struct app *a = s->app;
	const struct plan_switch *ps = &a->work.switches[p->si];
	size_t n = wizard_uplinks(a, p->uplink_idx, WIDGET_MAX_OPTIONS - 1);
	char buf[WIDGET_OPTION_LEN];

	p->uplink.nopt = 0;
	p->uplink.sel = -1;
	p->uplink_why[0] = '\0';
	if (a->hnics.source[0])	/* where the list came from */
		snprintf(p->uplink_why, sizeof(p->uplink_why), "NICs of %.120s.",
			 a->hnics.source);
	p->nuplink = (int)n;
	p->uplink_extra = false;
	for (size_t i = 0; i < n; i++) {
		const struct host_nic *h = &a->hnics.items[p->uplink_idx[i]];
		const char *why;
		bool ok = host_nic_can_uplink(h, &why);
		/* the port of this switch's own bridge is its uplink */
		bool port = ps->ext_mode == EXT_BRIDGE &&
			    host_bridge_port(h, ps->bridge);
		char speed[24];

		if (h->speed_mbps > 0)
			snprintf(speed, sizeof(speed), "%d Mb/s", h->speed_mbps);
		else
			snprintf(speed, sizeof(speed), "speed ?");
		if (port) {
			size_t u = strlen(p->uplink_why);

			ok = true;
			snprintf(p->uplink_why + u, sizeof(p->uplink_why) - u,
				 "%s%.15s is already in bridge %.15s, this "
				 "switch's bridge.", u ? " " : "", h->name,
				 ps->bridge);
		}
		if (ok)
			snprintf(buf, sizeof(buf), "%-10s %-17s %-11s %s",
				 h->name, h->mac[0] ? h->mac : "-",
				 h->carrier ? "carrier" : "no carrier", speed);
		else
			snprintf(buf, sizeof(buf), "%-10s %-17s %s", h->name,
				 h->mac[0] ? h->mac : "-", h->wireless ?
				 "Wi-Fi: not bridgeable" : "not usable");
		if (!ok) {
			size_t u = strlen(p->uplink_why);

			snprintf(p->uplink_why + u, sizeof(p->uplink_why) - u,
				 "%s%.15s %.200s.", u ? " " : "", h->name, why);
		}
		widget_add_option(&p->uplink, buf, !ok);
		if (strcmp(h->name, ps->uplink) == 0)
			p->uplink.sel = (int)i;
	}
	if (ps->uplink[0] && p->uplink.sel < 0) {
		snprintf(buf, sizeof(buf), "%-10s (not found on this host)",
			 ps->uplink);
		p->uplink.sel = widget_add_option(&p->uplink, buf, false);
		p->uplink_extra = true;
	}
}

static bool sw_uplink_choosable(const struct sw *p)
{
	for (int i = 0; i < p->uplink.nopt; i++)
		if (!p->uplink.opt_disabled[i])
			return !p->uplink.hidden;
	return false;
}

/* W shows SUGGESTION as its placeholder, said so after the field while
 * it is empty. */
static void sw_placeholder(struct widget *w, const char *suggestion)
{
	ui_copy(w->placeholder, sizeof(w->placeholder), suggestion);
	ui_copy(w->hint, sizeof(w->hint), suggestion[0] && !w->text[0] ?
		"suggested: Tab or Right takes it" : "");
}

/* edgenet's suggestions for the switch's empty fields. */
static void sw_suggest(struct screen *s)
{
	struct sw *p = s->priv;
	struct app *a = s->app;
	const struct plan_switch *ps = &a->work.switches[p->si];
	char addr[PLAN_ADDR_MAX], start[IPV4_STRLEN], end[IPV4_STRLEN];
	char bridge[PLAN_NAME_MAX];

	wizard_switch_suggest_address(a, p->si, addr, sizeof(addr));
	sw_placeholder(&p->addr, addr);
	wizard_switch_suggest_range(ps->type, p->addr.text[0] ? p->addr.text :
				    addr, start, end);
	sw_placeholder(&p->start, start);
	sw_placeholder(&p->end, end);
	wizard_switch_auto_bridge(ps->uplink, bridge, sizeof(bridge));
	sw_placeholder(&p->bridge, ps->type == SWITCH_EXTERNAL &&
		       ps->ext_mode == EXT_BRIDGE ? bridge : "");
}

/* Visibility and texts from the plan. */
static void sw_refresh(struct screen *s)
{
	struct sw *p = s->priv;
	struct app *a = s->app;
	const struct plan_switch *ps = &a->work.switches[p->si];
	bool def = ps->type == SWITCH_DEFAULT, in = ps->type == SWITCH_INTERNAL;
	bool ext = ps->type == SWITCH_EXTERNAL;
	const struct host_net *hn = NULL;

	for (size_t i = 0; a->nets_ok && i < a->nets.count; i++)
		if (strcmp(a->nets.items[i].name, ps->name) == 0)
			hn = &a->nets.items[i];
	if (hn)
		snprintf(p->host_text, sizeof(p->host_text),
			 "Found on this host: network '%s' (%s%s%s%s%s), %s.",
			 hn->name, hn->forward[0] ? hn->forward : "isolated",
			 hn->address[0] ? ", " : "", hn->address,
			 hn->bridge[0] ? ", bridge " : "", hn->bridge,
			 hn->active ? "running" : "not running");
	else
		snprintf(p->host_text, sizeof(p->host_text),
			 "'%s' is not on this host yet: applying the plan "
			 "creates it.", ps->name[0] ? ps->name : "(unnamed)");
	if (def)
		snprintf(p->type_text, sizeof(p->type_text),
			 "libvirt's NAT network: its DHCP server hands out "
			 "addresses and the host translates them to its own "
			 "uplink.");
	else if (in)
		snprintf(p->type_text, sizeof(p->type_text),
			 "The host has an address on this network; with NAT "
			 "the VMs also reach other networks through the host.");
	else if (ext)
		snprintf(p->type_text, sizeof(p->type_text),
			 "The VM sits on the plant network like any other "
			 "device, through one of the host's wired NICs.");
	else
		snprintf(p->type_text, sizeof(p->type_text),
			 "Choose one of the types above.");
	snprintf(p->mode_text, sizeof(p->mode_text), "%s",
		 ps->ext_mode == EXT_MACVTAP ?
		 "macvtap: no bridge needed and the host keeps its address, "
		 "but the host and the VM cannot talk to each other over this "
		 "NIC." : !host_uri_is_local(a->uri) &&
		 !host_uri_is_simulated(a->uri) ?
		 "bridge: the host and the VM both use the NIC.  edgenet "
		 "makes no bridge on a remote host: it must exist there "
		 "already (made on the host itself, holding this NIC), and is "
		 "then used as it is." :
		 "bridge: the host and the VM both use the NIC; its address "
		 "moves to the bridge, so its connection drops for a moment "
		 "when applied.");
	p->addr.label = def ? "Network (host addr)" : "Host address/prefix";
	p->host_note.hidden = !(def || in || ext);
	p->addr.hidden = !(def || in);
	p->dhcp.hidden = !in;
	p->start.hidden = !(def || (in && ps->dhcp));
	p->end.hidden = p->start.hidden;
	p->nat.hidden = !in;
	/* no list, or nothing in it can be chosen: the name is typed */
	p->uplink.hidden = !ext || !a->hnics_ok || p->uplink.nopt == 0;
	p->uplink_text.hidden = !ext || sw_uplink_choosable(p);
	p->uplink_note.hidden = p->uplink.hidden || !p->uplink_why[0];
	p->links_note.hidden = p->uplink_text.hidden;
	p->mode.hidden = !ext;
	p->mode_note.hidden = !ext;
	p->bridge.hidden = !ext || ps->ext_mode != EXT_BRIDGE;
	sw_suggest(s);
	form_fix_focus(&p->form);
	form_set_diags(&p->form, &a->diags);
}

/* Widgets from the plan (after entering or a change of type). */
static void sw_load(struct screen *s)
{
	struct sw *p = s->priv;
	struct app *a = s->app;
	const struct plan_switch *ps = &a->work.switches[p->si];

	p->type.sel = -1;
	for (int i = 0; i < p->ntypes; i++)
		if (p->types[i] == ps->type)
			p->type.sel = i;
	widget_set_text(&p->name, ps->name);
	widget_set_text(&p->addr, ps->address);
	p->dhcp.checked = ps->dhcp;
	widget_set_text(&p->start, ps->dhcp_start);
	widget_set_text(&p->end, ps->dhcp_end);
	p->nat.checked = ps->nat;
	sw_uplink_options(s);
	widget_set_text(&p->uplink_text, ps->uplink);
	p->mode.sel = ps->ext_mode == EXT_MACVTAP ? 1 : 0;
	widget_set_text(&p->bridge, ps->bridge);
	widget_set_path(&p->type, WP_SW_TYPE, p->si);
	widget_set_path(&p->name, WP_SW_NAME, p->si);
	widget_set_path(&p->addr, WP_SW_ADDRESS, p->si);
	widget_set_path(&p->start, WP_SW_DHCP_START, p->si);
	widget_set_path(&p->end, WP_SW_DHCP_END, p->si);
	widget_set_path(&p->nat, WP_SW_NAT, p->si);
	widget_set_path(&p->uplink, WP_SW_UPLINK, p->si);
	widget_set_path(&p->uplink_text, WP_SW_UPLINK, p->si);
	widget_set_path(&p->mode, WP_SW_MODE, p->si);
	widget_set_path(&p->bridge, WP_SW_BRIDGE, p->si);
	sw_refresh(s);
}

static void sw_enter(struct screen *s)
{
	struct sw *p = s->priv;
	struct app *a = s->app;

	wizard_nic(a);
	p->si = wizard_nic_switch(a, a->wiz.nic);
	p->bridge_typed = false;
	app_validate(a);
	form_init(&p->form);

	widget_init(&p->type, W_CHOICE, SW_TYPE, "Switch type");
	p->ntypes = 0;
	for (int t = SWITCH_DEFAULT; t < SWITCH_COUNT; t++) {
		if (!policy_switch_allowed(a->pol, a->work.profile,
					   (enum switch_type)t))
			continue;
		p->types[p->ntypes++] = (enum switch_type)t;
		widget_add_option(&p->type, type_descr[t], false);
	}
	/* a type the profile does not allow (the profile was changed on
	 * step 1): take the first allowed one, and say so */
	if (p->ntypes > 0 &&
	    !policy_switch_allowed(a->pol, a->work.profile,
				   a->work.switches[p->si].type)) {
		const char *old = plan_switch_type_name(
			a->work.switches[p->si].type);

		wizard_set_switch_type(a, a->wiz.nic, p->types[0]);
		p->si = wizard_nic_switch(a, a->wiz.nic);
		app_validate(a);
		app_status(a, TS_WARNING, "A %s host has no %s switch: the "
			   "switch is now %s.", plan_profile_name(
			   a->work.profile), old ? old : "such",
			   plan_switch_type_name(p->types[0]));
	}
	p->type.help = "The kind of virtual switch (libvirt network) the NIC "
		       "is plugged into. Only the types the host profile "
		       "allows are offered. default: libvirt's ready NAT "
		       "network (client hosts). internal: a network between "
		       "the host and its VMs, optionally with NAT and DHCP. "
		       "external: the VM sits on the plant network through a "
		       "host NIC.";
	note_widget(&p->type_note, p->type_text, TS_DIM);
	text_widget(&p->name, SW_NAME, "Switch name", widget_filter_name,
		    "a network name has letters, digits, '-', '_' and '.'",
		    PLAN_NAME_MAX, "The libvirt network's name. Using the name "
		    "of a network the host already has means that network.");
	note_widget(&p->host_note, p->host_text, TS_DIM);
	text_widget(&p->addr, SW_ADDR, "Host address/prefix", widget_filter_cidr,
		    "an address/prefix has digits, dots and one '/'",
		    PLAN_ADDR_MAX, "The host's own address on this network, "
		    "with the prefix length: 10.10.0.1/24. It is the VMs' "
		    "gateway and DNS server on this network. For a switch "
		    "the host does not have yet, a subnet no other switch "
		    "uses is suggested (dim): Tab or Right takes it, typing "
		    "replaces it.");
	p->addr.width = 18;	/* 255.255.255.255/32 */
	widget_init(&p->dhcp, W_CHECK, SW_DHCP, "DHCP server");
	snprintf(p->dhcp.note, sizeof(p->dhcp.note),
		 "libvirt hands out addresses on this network");
	p->dhcp.help = "With DHCP on, libvirt's dnsmasq gives VMs an address "
		       "from the range below. Static addresses must lie "
		       "outside that range.";
	text_widget(&p->start, SW_START, "DHCP range start", widget_filter_ipv4,
		    "an IPv4 address has digits and dots", PLAN_ADDR_MAX,
		    "The first address the DHCP server hands out. Where the "
		    "plan has no range, one inside the subnet is suggested "
		    "(dim): Tab or Right takes it, typing replaces it.");
	p->start.width = 16;
	text_widget(&p->end, SW_END, "DHCP range end", widget_filter_ipv4,
		    "an IPv4 address has digits and dots", PLAN_ADDR_MAX,
		    "The last address the DHCP server hands out. Where the "
		    "plan has no range, one inside the subnet is suggested "
		    "(dim): Tab or Right takes it, typing replaces it.");
	p->end.width = 16;
	widget_init(&p->nat, W_CHECK, SW_NAT, "NAT");
	snprintf(p->nat.note, sizeof(p->nat.note),
		 "VMs reach other networks through the host");
	p->nat.help = "With NAT, the VMs on this internal network reach other "
		      "networks (the internet) through the host's address. "
		      "Without it they reach only the host and each other.";
	widget_init(&p->uplink, W_CHOICE, SW_UPLINK, "Host NIC (uplink)");
	p->uplink.help = "The host's wired NIC the VM shares to reach the "
			 "plant network. carrier = a cable is plugged in and "
			 "the link is up. Wi-Fi NICs cannot be bridged and "
			 "are shown but not selectable.";
	note_widget(&p->uplink_note, p->uplink_why, TS_DIM);
	text_widget(&p->uplink_text, SW_UPLINK_TEXT, "Host NIC (uplink)",
		    widget_filter_name, "an interface name has letters, "
		    "digits, '-', '_' and '.'", PLAN_NAME_MAX,
		    "The host NIC's name as `ip link` shows it, such as "
		    "enp2s0.");
	note_widget(&p->links_note, p->links_text, TS_WARNING);
	if (!a->hnics_ok)
		snprintf(p->links_text, sizeof(p->links_text),
			 "The host's NICs could not be listed (%.400s): type "
			 "the uplink's name.",
			 a->links_err[0] ? a->links_err : "unknown");
	else
		snprintf(p->links_text, sizeof(p->links_text),
			 "No NIC of this host can be the uplink: type the "
			 "name of the one the VM host will have.");
	widget_init(&p->mode, W_CHOICE, SW_MODE, "Attach by");
	widget_add_option(&p->mode, "bridge   a Linux bridge shared by host "
			  "and VM", false);
	widget_add_option(&p->mode, "macvtap  directly: host and VM cannot "
			  "talk", false);
	p->mode.help = "bridge: edgenet puts the NIC under a Linux bridge; "
		       "host and VM can talk, and the host's address moves to "
		       "the bridge. macvtap: no bridge, but the host and the "
		       "VM cannot reach each other over this NIC.";
	note_widget(&p->mode_note, p->mode_text, TS_DIM);
	text_widget(&p->bridge, SW_BRIDGE, "Bridge name", widget_filter_name,
		    "an interface name has letters, digits, '-', '_' and '.'",
		    PLAN_NAME_MAX, "The Linux bridge that will hold the "
		    "uplink, such as br0 (an existing one is reused). For a "
		    "switch the host does not have yet, br- and the uplink's "
		    "name is suggested (dim): Tab or Right takes it. A name "
		    "taken so follows the uplink when you choose another; a "
		    "name you type stays.");
	p->bridge.width = 16;

	form_add(&p->form, &p->type);
	form_add(&p->form, &p->type_note);
	form_add(&p->form, &p->name);
	form_add(&p->form, &p->host_note);
	form_add(&p->form, &p->addr);
	form_add(&p->form, &p->dhcp);
	form_add(&p->form, &p->start);
	form_add(&p->form, &p->end);
	form_add(&p->form, &p->nat);
	form_add(&p->form, &p->uplink);
	form_add(&p->form, &p->uplink_note);
	form_add(&p->form, &p->uplink_text);
	form_add(&p->form, &p->links_note);
	form_add(&p->form, &p->mode);
	form_add(&p->form, &p->mode_note);
	form_add(&p->form, &p->bridge);
	wizard_add_buttons(&p->form, &p->back, &p->next);
	sw_load(s);
}

/* After the uplink changed from OLD: a bridge name the wizard suggested
 * and the technician took follows the new uplink; a name they typed
 * stays, and an empty field shows the new suggestion by itself. */
static void sw_bridge_follows(struct sw *p, const char *old,
			      const char *uplink)
{
	char was[PLAN_NAME_MAX], now[PLAN_NAME_MAX];

	if (p->bridge_typed || strcmp(old, uplink) == 0 || !p->bridge.text[0])
		return;
	wizard_switch_auto_bridge(old, was, sizeof(was));
	if (strcmp(p->bridge.text, was) != 0)
		return;
	wizard_switch_auto_bridge(uplink, now, sizeof(now));
	widget_set_text(&p->bridge, now);
}

/* Changing the type of a deployed switch is disruptive: said only when
 * it is deployed - the wizard opened the VM's deployment (its last
 * applied plan, or what libvirt shows) and libvirt has that network -
 * never about a plan file, which holds no deployment. */
static void sw_warn_type_change(struct screen *s, enum switch_type to)
{
	struct app *a = s->app;
	const struct plan_nic *n = wizard_nic(a);
	const struct plan_switch *was = NULL;
	bool on_host = false;

	if (!a->opened || strcmp(a->opened_domain, app_domain(a)) != 0)
		return;
	for (size_t i = 0; i < a->saved.nnics && !was; i++)
		if (strcmp(a->saved.nics[i].name, n->name) == 0)
			was = plan_find_switch(&a->saved,
					       a->saved.nics[i].switch_name);
	if (!was || was->type == SWITCH_UNSET || was->type == to)
		return;
	for (size_t i = 0; a->nets_ok && i < a->nets.count; i++)
		if (strcmp(a->nets.items[i].name, was->name) == 0)
			on_host = true;
	if (!on_host)
		return;
	app_status(a, TS_WARNING, "%s of %s is deployed on %s switch %s (a "
		   "libvirt network of this host): once applied, a switch of "
		   "another type cuts the VM's connection over %s until it "
		   "has an address there.", n->name, app_domain(a),
		   plan_switch_type_name(was->type), was->name, n->name);
}

static void sw_sync(struct screen *s, const struct widget *changed)
{
	struct sw *p = s->priv;
	struct app *a = s->app;
	struct plan_switch *ps;
	struct plan_nic *n = wizard_nic(a);

	if (changed == &p->type && p->type.sel >= 0) {
		sw_warn_type_change(s, p->types[p->type.sel]);
		wizard_set_switch_type(a, a->wiz.nic, p->types[p->type.sel]);
		p->si = wizard_nic_switch(a, a->wiz.nic);
		app_validate(a);
		sw_load(s);
		return;
	}
	ps = &a->work.switches[p->si];
	/* a rename follows every NIC on the switch */
	for (size_t i = 0; i < a->work.nnics; i++) {
		struct plan_nic *o = &a->work.nics[i];

		if (o != n && strcmp(o->switch_name, ps->name) == 0)
			ui_copy(o->switch_name, sizeof(o->switch_name),
				p->name.text);
	}
	ui_copy(ps->name, sizeof(ps->name), p->name.text);
	ui_copy(n->switch_name, sizeof(n->switch_name), p->name.text);
	if (ps->type == SWITCH_DEFAULT || ps->type == SWITCH_INTERNAL) {
		ui_copy(ps->address, sizeof(ps->address), p->addr.text);
		if (ps->type == SWITCH_INTERNAL) {
			ps->dhcp = p->dhcp.checked;
			ps->nat = p->nat.checked;
		}
		/* a hidden range is not part of the plan */
		ui_copy(ps->dhcp_start, sizeof(ps->dhcp_start),
			ps->dhcp ? p->start.text : "");
		ui_copy(ps->dhcp_end, sizeof(ps->dhcp_end),
			ps->dhcp ? p->end.text : "");
	}
	if (ps->type == SWITCH_EXTERNAL) {
		char old[PLAN_NAME_MAX];

		ui_copy(old, sizeof(old), ps->uplink);
		/* the suggestion taken is not a name of their own */
		if (changed == &p->bridge) {
			char auto_br[PLAN_NAME_MAX];

			wizard_switch_auto_bridge(old, auto_br,
						  sizeof(auto_br));
			p->bridge_typed = strcmp(p->bridge.text, auto_br) != 0;
		}
		if (!p->uplink_text.hidden)
			ui_copy(ps->uplink, sizeof(ps->uplink),
				p->uplink_text.text);
		else if (p->uplink.sel >= 0 && p->uplink.sel < p->nuplink)
			ui_copy(ps->uplink, sizeof(ps->uplink),
				a->hnics.items[p->uplink_idx[p->uplink.sel]].name);
		ps->ext_mode = p->mode.sel == 1 ? EXT_MACVTAP : EXT_BRIDGE;
		sw_bridge_follows(p, old, ps->uplink);
		ui_copy(ps->bridge, sizeof(ps->bridge),
			ps->ext_mode == EXT_BRIDGE ? p->bridge.text : "");
		/* which host NIC is the bridge's own port follows the
		 * bridge's name and the mode */
		if (changed == &p->bridge || changed == &p->mode)
			sw_uplink_options(s);
	}
	app_validate(a);
	sw_refresh(s);
}

static void sw_draw(struct screen *s, WINDOW *w)
{
	struct sw *p = s->priv;
	char intro[200];

	snprintf(intro, sizeof(intro), "The virtual switch is the libvirt "
		 "network NIC %s is plugged into.", wizard_nic(s->app)->name);
	wizard_draw_form(s, w, &p->form, intro);
}

static enum intent sw_key(struct screen *s, int key)
{
	struct sw *p = s->priv;
	struct widget *act, *before = form_focused(&p->form);
	bool changed;
	enum intent in = wizard_form_key(s, &p->form, key, false, &changed,
					 &act);

	if (changed)
		sw_sync(s, before);
	return in;
}

static const char *sw_help(struct screen *s)
{
	struct sw *p = s->priv;

	return wizard_form_help(&p->form, p->type.help);
}

static void sw_footer(struct screen *s, struct footer *f)
{
	wizard_form_footer(&((struct sw *)s->priv)->form, f);
}

static bool sw_typing(struct screen *s)
{
	return form_typing(&((struct sw *)s->priv)->form);
}

const struct screen_class wizard_switch_screen = {
	.id = SCR_SWITCH,
	.kind = SCREEN_WIZARD,
	.parent = SCR_PROFILE,
	.name = "wizard_switch",
	.title = "Switch",
	.step = 2,
	.keys = "Space toggles  ^N next step",
	.create = sw_create,
	.destroy = sw_destroy,
	.enter = sw_enter,
	.draw = sw_draw,
	.key = sw_key,
	.help = sw_help,
	.typing = sw_typing,
	.footer = sw_footer,
	.focus_nic = wizard_focus_nic,
};
