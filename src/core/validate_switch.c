/*
 * validate_switch.c - the checks of each switch of a plan, and of the
 * switches together: its name, its type against the host profile, an
 * external switch's uplink and bridge, a routed switch's address and DHCP
 * range, an unused switch, two switches on one subnet or one uplink.  What
 * it found usable goes into the context (struct sw_info) for the NIC
 * checks.  Called by plan_validate (validate.c), before the NICs.
 *
 * Pure C: reads the plan and the policy, writes diagnostics, nothing else.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/ipv4.h"
#include "core/names.h"
#include "core/str.h"
#include "core/validate_priv.h"

/* The bridge name to suggest for external switch S: br-UPLINK, as the
 * wizard suggests, when the uplink is usable and short enough. */
static const char *bridge_example(const struct plan_switch *s, bool uplink_ok,
				  char *buf, size_t len)
{
	if (uplink_ok && strlen(s->uplink) <= 12)
		snprintf(buf, len, "br-%s", s->uplink);
	else
		str_copy(buf, len, "br0");
	return buf;
}

/* The first switch name a NIC gives that no switch of the plan has,
 * NULL when none: what a nameless switch is most likely called. */
const char *validate_unresolved_switch(const struct vctx *v)
{
	for (size_t n = 0; n < v->nnic; n++) {
		const char *name = v->p->nics[n].switch_name;
		bool found = false;

		for (size_t s = 0; s < v->nsw && !found; s++)
			found = !strcmp(v->p->switches[s].name, name);
		if (name[0] && !found && !name_check_object(name))
			return name;
	}
	return NULL;
}

/* A switch whose name is given but cannot be used. */
bool validate_misnamed_switch(const struct vctx *v)
{
	for (size_t s = 0; s < v->nsw; s++)
		if (v->p->switches[s].name[0] &&
		    name_check_object(v->p->switches[s].name))
			return true;
	return false;
}

static void check_switch_name(struct vctx *v, size_t i)
{
	const char *name = v->p->switches[i].name;
	const char *why, *meant = validate_unresolved_switch(v);

	if (!name[0] && meant) {
		/* the NIC's own error would only repeat this fix */
		at_sw(v, DIAG_ERROR, i, FIELD_SW_NAME,
		      "this switch has no name; give it the libvirt network's name (name): \"%s\", the switch a NIC of the plan is attached to, or another name",
		      meant);
		return;
	}
	if (!name[0]) {
		at_sw(v, DIAG_ERROR, i, FIELD_SW_NAME,
		      "this switch has no name; give it the libvirt network's name (name), such as \"edge-int\"");
		return;
	}
	if ((why = name_check_object(name)) && meant) {
		/* the NIC's own error would only repeat this fix */
		at_sw(v, DIAG_ERROR, i, FIELD_SW_NAME,
		      "the switch name \"%s\" cannot be used: %.*s; a NIC of the plan is attached to \"%s\": name this switch that, or another name",
		      name, why_len(why), why, meant);
		return;
	}
	if (why) {
		at_sw(v, DIAG_ERROR, i, FIELD_SW_NAME,
		      "the switch name \"%s\" cannot be used: %.*s",
		      name, why_len(why), why);
		return;
	}
	for (size_t j = 0; j < i; j++) {
		if (!strcmp(v->p->switches[j].name, name)) {
			at_sw(v, DIAG_ERROR, i, FIELD_SW_NAME,
			      "the switch name \"%s\" is already used by switch %zu of the plan; give each switch its own name",
			      name, j + 1);
			return;
		}
	}
}

/* Returns true when the type is set and allowed for the profile. */
static bool check_switch_type(struct vctx *v, size_t i)
{
	const struct plan *p = v->p;
	const struct plan_switch *s = &p->switches[i];
	char allowed[LIST_MAX];

	if (profile_known(p->profile))
		policy_allowed_switches_text(v->pol, p->profile, allowed,
					     sizeof(allowed));
	else
		str_copy(allowed, sizeof(allowed), "default, internal or external");

	if (!type_known(s->type)) {
		at_sw(v, DIAG_ERROR, i, FIELD_SW_TYPE,
		      "the switch type is not set (type); choose %s%s%s",
		      allowed, profile_known(p->profile) ? ", the types a " : "",
		      profile_known(p->profile) ?
		      (p->profile == PROFILE_CLIENT ? "client host allows" :
		       "server host allows") : "");
		return false;
	}
	if (!profile_known(p->profile))
		return true;	/* reported at "profile" */
	if (!policy_switch_allowed(v->pol, p->profile, s->type)) {
		at_sw(v, DIAG_ERROR, i, FIELD_SW_TYPE,
		      "%s %s switch is not available on a %s host; use %s, or change the host profile",
		      article(plan_switch_type_name(s->type)),
		      plan_switch_type_name(s->type),
		      plan_profile_name(p->profile), allowed);
		return false;
	}
	return true;
}

static void check_external(struct vctx *v, size_t i)
{
	const struct plan_switch *s = &v->p->switches[i];
	const char *why;
	bool uplink_ok = false;
	char ex[PLAN_NAME_MAX + 4], wbuf[MSG_MAX];

	if (!s->uplink[0])
		at_sw(v, DIAG_ERROR, i, FIELD_SW_UPLINK,
		      "an external switch is bound to one of the host's physical NICs; choose it as the uplink (uplink), by its name as `ip link` shows it, such as \"enp2s0\"");
	else if ((why = name_check_ifname(s->uplink)))
		at_sw(v, DIAG_ERROR, i, FIELD_SW_UPLINK,
		      "the uplink \"%s\" is not a usable interface name: %s",
		      s->uplink, validate_ifname_why(why, "enp2s0", wbuf, sizeof(wbuf)));
	else
		uplink_ok = true;
	v->sw[i].ext_ok = uplink_ok;

	switch (s->ext_mode) {
	case EXT_BRIDGE:
		if (!s->bridge[0])
			at_sw(v, DIAG_ERROR, i, FIELD_SW_BRIDGE,
			      "bridge mode needs the name of the Linux bridge that enslaves the uplink; name the bridge (bridge), such as \"%s\"",
			      bridge_example(s, uplink_ok, ex, sizeof(ex)));
		else if ((why = name_check_ifname(s->bridge)))
			at_sw(v, DIAG_ERROR, i, FIELD_SW_BRIDGE,
			      "the bridge \"%s\" is not a usable interface name: %s",
			      s->bridge, validate_ifname_why(why,
			      bridge_example(s, uplink_ok, ex, sizeof(ex)),
			      wbuf, sizeof(wbuf)));
		else if (uplink_ok && !strcmp(s->bridge, s->uplink))
			at_sw(v, DIAG_ERROR, i, FIELD_SW_BRIDGE,
			      "the bridge has the same name as the uplink %s; the bridge is a separate interface that enslaves it: give it its own name, such as \"%s\"",
			      s->uplink,
			      bridge_example(s, uplink_ok, ex, sizeof(ex)));
		else
			v->sw[i].bridge_ok = uplink_ok;
		break;
	case EXT_MACVTAP:
		at_sw(v, DIAG_WARNING, i, FIELD_SW_MODE,
		      "host and VM cannot talk over %s with macvtap; use bridge mode if the host must reach the VM",
		      uplink_ok ? s->uplink : "the uplink");
		break;
	default:
		at_sw(v, DIAG_ERROR, i, FIELD_SW_MODE,
		      "unknown external switch mode; choose bridge (host and VM can talk) or macvtap (mode)");
		break;
	}
}

/* The host's address on a default or internal switch. */
static void check_switch_address(struct vctx *v, size_t i)
{
	const struct plan_switch *s = &v->p->switches[i];
	struct sw_info *w = &v->sw[i];
	const char *example = s->type == SWITCH_DEFAULT ?
		"192.168.122.1/24" : "10.10.0.1/24";
	char net[IPV4_CIDR_STRLEN], sug[IPV4_CIDR_STRLEN];
	enum ipv4_class cls;
	enum ipv4_err e;
	uint32_t a;
	int pfx;

	if (!s->address[0]) {
		at_sw(v, DIAG_ERROR, i, FIELD_SW_ADDRESS,
		      "%s %s switch needs the host's address on it with the prefix length; set it (address), such as \"%s\" on a subnet no other network of the host uses",
		      article(plan_switch_type_name(s->type)),
		      plan_switch_type_name(s->type), example);
		return;
	}
	e = ipv4_parse_cidr(s->address, &a, &pfx);
	if (e != IPV4_OK) {
		at_sw(v, DIAG_ERROR, i, FIELD_SW_ADDRESS,
		      "the switch address \"%s\" is not an address with a prefix length, such as \"%s\": %.*s",
		      s->address, example, why_len(ipv4_strerror(e)),
		      ipv4_strerror(e));
		return;
	}
	if (pfx < 1 || pfx > 30) {
		at_sw(v, DIAG_ERROR, i, FIELD_SW_ADDRESS,
		      "the prefix /%d leaves no room for the host, the VMs and a broadcast address; a switch needs a prefix between /1 and /30, usually /24 (such as \"%s\")",
		      pfx, example);
		return;
	}
	cls = ipv4_classify(a);
	if (cls != IPV4_CLASS_HOST) {
		at_sw(v, DIAG_ERROR, i, FIELD_SW_ADDRESS,
		      "the switch address %s cannot be used: it is a %s; use a private address, such as \"%s\"",
		      s->address, ipv4_class_name(cls), example);
		return;
	}
	ipv4_format_cidr(ipv4_network(a, pfx), pfx, net);
	ipv4_format_cidr(ipv4_first_host(a, pfx), pfx, sug);
	if (a == ipv4_network(a, pfx)) {
		at_sw(v, DIAG_ERROR, i, FIELD_SW_ADDRESS,
		      "%s is the network address of %s, not a host address; use a host address in it, such as \"%s\"",
		      s->address, net, sug);
		return;
	}
	if (a == ipv4_broadcast(a, pfx)) {
		at_sw(v, DIAG_ERROR, i, FIELD_SW_ADDRESS,
		      "%s is the broadcast address of %s, not a host address; use a host address in it, such as \"%s\"",
		      s->address, net, sug);
		return;
	}
	w->net_ok = true;
	w->host = a;
	w->prefix = pfx;
}

/* One end of the DHCP range: present, an address, inside the subnet. */
static bool check_range_end(struct vctx *v, size_t i, enum plan_field field,
			    const char *text, bool is_start, uint32_t *out)
{
	const struct sw_info *w = &v->sw[i];
	char net[IPV4_CIDR_STRLEN], sug[IPV4_STRLEN];
	enum ipv4_err e;
	uint32_t first = 0, last = 0;

	if (w->net_ok) {
		first = ipv4_first_host(w->host, w->prefix);
		last = ipv4_last_host(w->host, w->prefix);
		ipv4_format_cidr(ipv4_network(w->host, w->prefix), w->prefix,
				 net);
		/* Suggest an end of the subnet that is not the host. */
		if (is_start)
			ipv4_format(first == w->host ? first + 1 : first, sug);
		else
			ipv4_format(last == w->host ? last - 1 : last, sug);
	} else {
		str_copy(net, sizeof(net), "its subnet");
		str_copy(sug, sizeof(sug),
			 is_start ? "192.168.122.2" : "192.168.122.254");
	}

	if (!text[0]) {
		at_sw(v, DIAG_ERROR, i, field,
		      "with its DHCP server on, libvirt needs a range of addresses to hand out; set the range %s (%s), such as %s, or turn the DHCP server off (dhcp = false)",
		      is_start ? "start" : "end", plan_field_key(field), sug);
		return false;
	}
	e = ipv4_parse(text, out);
	if (e != IPV4_OK) {
		at_sw(v, DIAG_ERROR, i, field,
		      "the DHCP range %s \"%s\" is not an IPv4 address: %.*s",
		      is_start ? "start" : "end", text,
		      why_len(ipv4_strerror(e)), ipv4_strerror(e));
		return false;
	}
	if (!w->net_ok)
		return false;	/* nothing to compare with */
	if (!ipv4_contains(ipv4_network(w->host, w->prefix), w->prefix, *out)) {
		at_sw(v, DIAG_ERROR, i, field,
		      "the DHCP range %s %s is outside %s, the subnet of this switch; use an address inside it, such as %s",
		      is_start ? "start" : "end", text, net, sug);
		return false;
	}
	if (*out < first || *out > last) {
		at_sw(v, DIAG_ERROR, i, field,
		      "the DHCP range %s %s is the %s address of %s, which no host can have; use %s",
		      is_start ? "start" : "end", text,
		      *out == ipv4_network(w->host, w->prefix) ? "network" :
		      "broadcast", net, sug);
		return false;
	}
	return true;
}

static void check_switch_dhcp(struct vctx *v, size_t i)
{
	const struct plan_switch *s = &v->p->switches[i];
	struct sw_info *w = &v->sw[i];
	char host[IPV4_STRLEN], sug[IPV4_STRLEN];
	uint32_t start = 0, end = 0;
	bool ok_start, ok_end;

	if (!s->dhcp) {
		if (s->dhcp_start[0] || s->dhcp_end[0])
			at_sw(v, DIAG_WARNING, i,
			      s->dhcp_start[0] ? FIELD_SW_DHCP_START :
			      FIELD_SW_DHCP_END,
			      "the DHCP range is ignored because the DHCP server is off (dhcp = false); turn it on for libvirt to hand out addresses, or remove the range (dhcp_start, dhcp_end)");
		return;
	}
	ok_start = check_range_end(v, i, FIELD_SW_DHCP_START, s->dhcp_start,
				   true, &start);
	ok_end = check_range_end(v, i, FIELD_SW_DHCP_END, s->dhcp_end, false,
				 &end);
	if (!ok_start || !ok_end)
		return;
	if (start > end) {
		at_sw(v, DIAG_ERROR, i, FIELD_SW_DHCP_END,
		      "the DHCP range ends at %s, before its start %s; make its end (dhcp_end) higher than its start (or swap them)",
		      s->dhcp_end, s->dhcp_start);
		return;
	}
	if (w->host >= start && w->host <= end) {
		ipv4_format(w->host, host);
		ipv4_format(w->host + 1 <= end ? w->host + 1 : start, sug);
		at_sw(v, DIAG_ERROR, i, FIELD_SW_DHCP_START,
		      "the DHCP range %s-%s contains the host's own address %s, which libvirt would hand to a VM; start the range after it, such as %s",
		      s->dhcp_start, s->dhcp_end, host, sug);
		return;
	}
	w->range_ok = true;
	w->start = start;
	w->end = end;
}

static bool switch_used(const struct vctx *v, size_t i)
{
	const char *name = v->p->switches[i].name;

	for (size_t n = 0; n < v->nnic; n++)
		if (!strcmp(v->p->nics[n].switch_name, name))
			return true;
	return false;
}

/* Some NIC is on no switch of the plan (none named, a name the plan does
 * not have, or a misspelt key): that NIC's error already asks to attach
 * it to one of the switches, so an unused switch is most likely the one
 * it meant and gets no warning of its own. */
static bool nic_without_switch(const struct vctx *v)
{
	for (size_t n = 0; n < v->nnic; n++) {
		const char *name = v->p->nics[n].switch_name;
		bool found = false;

		for (size_t s = 0; s < v->nsw && !found; s++)
			found = !strcmp(v->p->switches[s].name, name);
		if (!found)
			return true;
	}
	return false;
}

/* Default and internal switches are libvirt networks with a subnet on the
 * host: two of them must not share addresses. */
static void check_switch_overlaps(struct vctx *v)
{
	char a[IPV4_CIDR_STRLEN], b[IPV4_CIDR_STRLEN];

	for (size_t i = 0; i < v->nsw; i++) {
		const struct sw_info *wi = &v->sw[i];

		if (!wi->net_ok)
			continue;
		for (size_t j = 0; j < i; j++) {
			const struct sw_info *wj = &v->sw[j];

			if (!wj->net_ok ||
			    !ipv4_overlap(wi->host, wi->prefix, wj->host,
					  wj->prefix))
				continue;
			ipv4_format_cidr(ipv4_network(wi->host, wi->prefix),
					 wi->prefix, a);
			ipv4_format_cidr(ipv4_network(wj->host, wj->prefix),
					 wj->prefix, b);
			at_sw(v, DIAG_ERROR, i, FIELD_SW_ADDRESS,
			      "the subnet %s of this switch overlaps %s of switch \"%s\"; the host could not tell which network an address is on: give each switch its own subnet",
			      a, b, v->p->switches[j].name);
			break;
		}
	}
}

/* One host NIC carries one bridge: a second external switch on the same
 * uplink would take the port from the first (only macvtap devices can
 * share a port, and not with a bridge). */
static void check_uplinks(struct vctx *v)
{
	const struct plan_switch *sw = v->p->switches;

	for (size_t i = 0; i < v->nsw; i++) {
		if (!v->sw[i].ext_ok)
			continue;
		for (size_t j = 0; j < i; j++) {
			if (!v->sw[j].ext_ok ||
			    strcmp(sw[i].uplink, sw[j].uplink) != 0 ||
			    (sw[i].ext_mode == EXT_MACVTAP &&
			     sw[j].ext_mode == EXT_MACVTAP))
				continue;
			at_sw(v, DIAG_ERROR, i, FIELD_SW_UPLINK,
			      "%s is already the uplink of switch \"%s\"; a host NIC carries one bridge, and this one would cut \"%s\" off: choose another host NIC, or attach the NIC to \"%s\"",
			      sw[i].uplink, sw[j].name, sw[j].name,
			      sw[j].name);
			break;
		}
	}
	/* one bridge, two uplinks: the two plant networks would be joined */
	for (size_t i = 0; i < v->nsw; i++) {
		if (!v->sw[i].bridge_ok)
			continue;
		for (size_t j = 0; j < i; j++) {
			if (!v->sw[j].bridge_ok ||
			    strcmp(sw[i].bridge, sw[j].bridge) != 0 ||
			    strcmp(sw[i].uplink, sw[j].uplink) == 0)
				continue;
			at_sw(v, DIAG_ERROR, i, FIELD_SW_BRIDGE,
			      "bridge %s already holds %s for switch \"%s\"; with %s in it too, the two networks would be joined into one: give this switch its own bridge, such as br-%.12s",
			      sw[i].bridge, sw[j].uplink, sw[j].name,
			      sw[i].uplink, sw[i].uplink);
			break;
		}
	}
}

void validate_switches(struct vctx *v)
{
	for (size_t i = 0; i < v->nsw; i++) {
		const struct plan_switch *s = &v->p->switches[i];

		check_switch_name(v, i);
		v->sw[i].routed = is_routed(s->type);
		if (check_switch_type(v, i)) {
			if (s->type == SWITCH_EXTERNAL) {
				check_external(v, i);
			} else {
				check_switch_address(v, i);
				check_switch_dhcp(v, i);
			}
		}
		if (v->nnic && s->name[0] && !switch_used(v, i) &&
		    !nic_without_switch(v))
			at_sw(v, DIAG_WARNING, i, FIELD_SW_NAME,
			      "switch \"%s\" is not used by any NIC; attach a NIC to it (a NIC's switch field) or remove it",
			      s->name);
	}
	check_switch_overlaps(v);
	check_uplinks(v);
}
