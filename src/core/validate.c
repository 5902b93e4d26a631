/*
 * validate.c - the verdict on a plan.
 *
 * plan_validate walks a plan one section at a time: the plan itself (profile
 * and VM), the switches (two external ones on one uplink included), each
 * NIC (name, switch, IP mode, MAC, static address, DNS), then what needs
 * all NICs at once (overlapping subnets, the primary NIC, default routes
 * and their metrics, NAT behind the default route).  Every problem becomes
 * one diagnostic at the path of the field the technician has to change,
 * with a sentence saying what is wrong and what to type instead; a
 * conflict between two NICs is told at both, each naming the other, so
 * that whichever is being edited shows it.  What needs the host's facts
 * (a VM that is not defined, a subnet a host network uses) is in
 * hostcheck.c.
 *
 * Each section records in a small context what it parsed and whether it was
 * usable, and later checks that depend on a field (is the gateway inside
 * the subnet?) only run when that field was fine.  That is how one mistake
 * gives one message: a mistyped address is reported as mistyped, not also
 * as "gateway outside the subnet" and "overlaps another NIC".
 *
 * Pure C: reads the plan and the policy, writes diagnostics, nothing else.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>

#include "core/ipv4.h"
#include "core/mac.h"
#include "core/fieldpath.h"
#include "core/names.h"
#include "core/validate.h"
#include "core/str.h"

#define MSG_MAX 768
#define LIST_MAX 512

/* What the switch checks found usable, for the NIC checks. */
struct sw_info {
	bool routed;		/* default or internal: edgenet knows its subnet */
	bool net_ok;		/* routed and its address is usable */
	uint32_t host;		/* the host's address on the switch */
	int prefix;
	bool range_ok;		/* dhcp on and the range is usable */
	uint32_t start, end;
	bool ext_ok;		/* external, allowed, its uplink usable */
	bool bridge_ok;		/* ext_ok, bridge mode, its bridge usable */
};

/* What the NIC checks found usable, for the checks across NICs. */
struct nic_info {
	int sw;			/* index of its switch, -1 when unknown */
	bool mode_ok;		/* mode set and allowed on its switch */
	bool mac_ok;
	struct mac mac;
	bool addr_ok;		/* static address parsed, of a usable class */
	uint32_t addr;
	bool subnet_ok;		/* addr_ok and a usable prefix: subnet known */
	int prefix;
	bool gw_ok;
	uint32_t gw;
	bool sw_conflict;	/* address already reported against its switch */
	bool metric_ok;
};

struct vctx {
	const struct plan *p;
	const struct policy *pol;
	struct diag_list *out;
	size_t nsw, nnic;
	struct sw_info sw[PLAN_MAX_SWITCHES];
	struct nic_info nic[PLAN_MAX_NICS];
};

/* ---- emitting diagnostics ---- */

__attribute__((format(printf, 4, 0)))
static void vemit(struct vctx *v, enum diag_severity sev, const char *path,
		  const char *fmt, va_list ap)
{
	char msg[MSG_MAX];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	/* Names are echoed as typed: diag_add escapes the message. */
	diag_add(v->out, sev, path, "%s", msg);
}

__attribute__((format(printf, 4, 5)))
static void at_plan(struct vctx *v, enum diag_severity sev, const char *path,
		    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vemit(v, sev, path, fmt, ap);
	va_end(ap);
}

/* A diagnostic at FIELD of switch or NIC I (item K of a list field). */
__attribute__((format(printf, 6, 7)))
static void at_item(struct vctx *v, enum diag_severity sev, size_t i,
		    enum plan_field field, size_t k, const char *fmt, ...)
{
	char path[DIAG_PATH_MAX];
	va_list ap;

	plan_path(path, sizeof(path), field, i, k);
	va_start(ap, fmt);
	vemit(v, sev, path, fmt, ap);
	va_end(ap);
}

/* The same for a field that is not a list item. */
#define at_sw(v, sev, i, field, ...) \
	at_item(v, sev, i, field, 0, __VA_ARGS__)
#define at_nic(v, sev, i, field, ...) \
	at_item(v, sev, i, field, 0, __VA_ARGS__)

/* ---- small helpers ---- */

/* Length of a checker's sentence without its final full stop, so it can be
 * embedded with "%.*s". */
static int why_len(const char *why)
{
	size_t n = strlen(why);

	if (n && why[n - 1] == '.')
		n--;
	return (int)n;
}

/* "NIC eth1", or "NIC 2" (its place) when it has no name yet. */
static const char *nic_label(const struct vctx *v, size_t i, char *buf,
			     size_t len)
{
	const char *name = v->p->nics[i].name;

	if (name[0])
		snprintf(buf, len, "NIC %s", name);
	else
		snprintf(buf, len, "NIC %zu", i + 1);
	return buf;
}

/* "a" or "an" before a word, for "an internal switch". */
static const char *article(const char *word)
{
	return word && word[0] && strchr("aeiou", word[0]) ? "an" : "a";
}

static bool is_routed(enum switch_type t)
{
	return t == SWITCH_DEFAULT || t == SWITCH_INTERNAL;
}

static bool type_known(enum switch_type t)
{
	return t > SWITCH_UNSET && t < SWITCH_COUNT;
}

static bool profile_known(enum host_profile p)
{
	return p > PROFILE_UNSET && p < PROFILE_COUNT;
}

static bool mode_known(enum ip_mode m)
{
	return m > IP_UNSET && m < IP_MODE_COUNT;
}

/* The switch names, quoted and joined, for "use one of ..." messages. */
static char *switch_names_text(const struct vctx *v, char *buf, size_t len)
{
	size_t used = 0;
	int n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < v->nsw && used < len; i++) {
		const char *name = v->p->switches[i].name;
		bool dup = false;
		int w;

		for (size_t j = 0; j < i; j++)
			if (!strcmp(v->p->switches[j].name, name))
				dup = true;
		/* a name that cannot be used is not offered: its switch
		 * has an error of its own */
		if (!name[0] || dup || name_check_object(name))
			continue;
		w = snprintf(buf + used, len - used, "%s\"%s\"",
			     n ? ", " : "", name);
		if (w < 0)
			break;
		used += (size_t)w;
		n++;
	}
	return buf;
}

/* A free host address on a routed switch: not the host's own, not in the
 * DHCP range.  Used to suggest something concrete. */
static uint32_t suggest_free(const struct vctx *v, size_t s)
{
	const struct sw_info *w = &v->sw[s];
	uint32_t a = ipv4_first_host(w->host, w->prefix);
	uint32_t last = ipv4_last_host(w->host, w->prefix);

	while (a < last) {
		if (w->range_ok && a >= w->start && a <= w->end) {
			if (w->end >= last)
				break;
			a = w->end + 1;
			continue;
		}
		if (a != w->host)
			return a;
		a++;
	}
	return a;
}

/* An interface-name checker's sentence with its example ("like br-ot",
 * made for bridges) replaced by one for the field at hand, without the
 * final full stop, into BUF. */
static const char *ifname_why(const char *why, const char *example,
			      char *buf, size_t len)
{
	const char *like = strstr(why, " like ");
	int n = why_len(why);

	if (like && !strchr(like + 6, ' '))
		snprintf(buf, len, "%.*s like %s", (int)(like - why), why,
			 example);
	else
		snprintf(buf, len, "%.*s", n, why);
	return buf;
}

/* The bridge name to suggest for external switch S: br-UPLINK, as the
 * wizard suggests, when the uplink is usable and short enough. */
static const char *bridge_example(const struct plan_switch *s, bool uplink_ok,
				  char *buf, size_t len)
{
	if (uplink_ok && strlen(s->uplink) <= 12)
		snprintf(buf, len, "br-%s", s->uplink);
	else
		snprintf(buf, len, "br0");
	return buf;
}

/* ---- the plan itself ---- */

static void check_plan(struct vctx *v)
{
	const struct plan *p = v->p;
	const char *why;

	if (!profile_known(p->profile))
		at_plan(v, DIAG_ERROR, "profile",
			"the host profile is not set; choose client for a workstation-like host with a ready NAT network, or server for a host whose switches are created explicitly (profile = \"client\" or \"server\")");

	if (!p->domain[0])
		at_plan(v, DIAG_ERROR, "vm",
			"no VM is named; name the libvirt domain of the edge VM (vm), such as \"edge-vm\" (`virsh list --all` shows the names)");
	else if ((why = name_check_object(p->domain)))
		at_plan(v, DIAG_ERROR, "vm",
			"the VM name \"%s\" cannot be used: %.*s",
			p->domain, why_len(why), why);
}

/* ---- switches ---- */

/* The first switch name a NIC gives that no switch of the plan has,
 * NULL when none: what a nameless switch is most likely called. */
static const char *unresolved_switch(const struct vctx *v)
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
static bool misnamed_switch(const struct vctx *v)
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
	const char *why, *meant = unresolved_switch(v);

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
		snprintf(allowed, sizeof(allowed), "default, internal or external");

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
		      s->uplink, ifname_why(why, "enp2s0", wbuf, sizeof(wbuf)));
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
			      s->bridge, ifname_why(why,
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
		snprintf(net, sizeof(net), "its subnet");
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

static void check_switches(struct vctx *v)
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

/* ---- NICs: identity, switch, mode, MAC ---- */

static void check_nic_name(struct vctx *v, size_t i)
{
	const char *name = v->p->nics[i].name;
	const char *why;
	char ex[32], wbuf[MSG_MAX];

	if (!name[0]) {
		at_nic(v, DIAG_ERROR, i, FIELD_NIC_NAME,
		      "this NIC has no name; give it its interface name inside the VM (name), such as \"eth%zu\"",
		      i);
		return;
	}
	if ((why = name_check_ifname(name))) {
		snprintf(ex, sizeof(ex), "eth%zu", i);
		at_nic(v, DIAG_ERROR, i, FIELD_NIC_NAME,
		       "the NIC name \"%s\" cannot be used: %s",
		       name, ifname_why(why, ex, wbuf, sizeof(wbuf)));
		return;
	}
	for (size_t j = 0; j < i; j++) {
		if (!strcmp(v->p->nics[j].name, name)) {
			at_nic(v, DIAG_ERROR, i, FIELD_NIC_NAME,
			       "the NIC name %s is already used by NIC %zu of the plan; give each NIC its own name, such as \"eth%zu\"",
			       name, j + 1, i);
			return;
		}
	}
}

static void check_nic_switch(struct vctx *v, size_t i)
{
	const struct plan_nic *n = &v->p->nics[i];
	char names[LIST_MAX];

	v->nic[i].sw = -1;
	switch_names_text(v, names, sizeof(names));
	if (!n->switch_name[0]) {
		if (names[0])
			at_nic(v, DIAG_ERROR, i, FIELD_NIC_SWITCH,
			       "this NIC is not attached to a switch (switch); attach it to one of %s",
			       names);
		else
			at_nic(v, DIAG_ERROR, i, FIELD_NIC_SWITCH,
			       "this NIC is not attached to a switch and the plan has no switches; add a switch (switches), then attach the NIC to it");
		return;
	}
	for (size_t s = 0; s < v->nsw; s++) {
		if (!strcmp(v->p->switches[s].name, n->switch_name)) {
			v->nic[i].sw = (int)s;
			return;
		}
	}
	if (misnamed_switch(v) && unresolved_switch(v) &&
	    !strcmp(unresolved_switch(v), n->switch_name))
		return;		/* the misnamed switch's error names it */
	if (names[0])
		at_nic(v, DIAG_ERROR, i, FIELD_NIC_SWITCH,
		       "there is no switch named \"%s\"; use one of %s, or add a switch of that name",
		       n->switch_name, names);
	else if (v->nsw && unresolved_switch(v) &&
		 !strcmp(unresolved_switch(v), n->switch_name))
		return;		/* the nameless or misnamed switch's error
				 * names it */
	else if (v->nsw)
		at_nic(v, DIAG_ERROR, i, FIELD_NIC_SWITCH,
		       "there is no switch named \"%s\" (no switch has a name yet); name the switch this NIC belongs to \"%s\"",
		       n->switch_name, n->switch_name);
	else
		at_nic(v, DIAG_ERROR, i, FIELD_NIC_SWITCH,
		       "there is no switch named \"%s\" (the plan has no switches); add a switch of that name",
		       n->switch_name);
}

static void check_nic_mode(struct vctx *v, size_t i)
{
	const struct plan_nic *n = &v->p->nics[i];
	const struct plan_switch *s = NULL;
	char allowed[LIST_MAX];

	if (v->nic[i].sw >= 0)
		s = &v->p->switches[v->nic[i].sw];
	if (s && type_known(s->type))
		policy_allowed_modes_text(v->pol, s->type, allowed,
					  sizeof(allowed));
	else
		snprintf(allowed, sizeof(allowed), "dhcp or static");

	if (!mode_known(n->mode)) {
		at_nic(v, DIAG_ERROR, i, FIELD_NIC_IP_MODE,
		       "the IP allocation is not set (ip.mode); choose %s",
		       allowed);
		return;
	}
	if (s && type_known(s->type) &&
	    !policy_mode_allowed(v->pol, s->type, n->mode)) {
		at_nic(v, DIAG_ERROR, i, FIELD_NIC_IP_MODE,
		       "%s addressing is not available on switch \"%s\", %s %s switch; use %s%s",
		       plan_ip_mode_name(n->mode), s->name,
		       article(plan_switch_type_name(s->type)),
		       plan_switch_type_name(s->type), allowed,
		       s->type == SWITCH_DEFAULT ?
		       " (libvirt's NAT network hands out addresses), or attach the NIC to an internal or external switch" :
		       ", or attach the NIC to a switch of another type");
		return;
	}
	v->nic[i].mode_ok = true;
	if (n->mode == IP_DHCP && s && is_routed(s->type) && !s->dhcp)
		at_nic(v, DIAG_ERROR, i, FIELD_NIC_IP_MODE,
		       "switch \"%s\" does not serve DHCP (dhcp = false), so this NIC would get no address; turn the switch's DHCP server on or give the NIC a static address",
		       s->name);
}

static void check_nic_mac(struct vctx *v, size_t i)
{
	const struct plan_nic *n = &v->p->nics[i];
	struct nic_info *ni = &v->nic[i];
	char lab[PLAN_NAME_MAX + 16];
	enum mac_err e;

	if (!n->mac[0])
		return;		/* generated once and kept */
	e = mac_parse(n->mac, &ni->mac);
	if (e != MAC_OK) {
		/* in words that hold for the console too, which also takes
		 * 52-54-00-12-34-56 and 525400123456 (core/typed.h) */
		at_nic(v, DIAG_ERROR, i, FIELD_NIC_MAC,
		       "the MAC \"%s\" cannot be used; write it as six pairs of hex digits, such as 52:54:00:12:34:56 (digits 0-9 and a-f), or leave the MAC empty and edgenet generates one",
		       n->mac);
		return;
	}
	if (mac_is_zero(&ni->mac)) {
		at_nic(v, DIAG_ERROR, i, FIELD_NIC_MAC,
		       "00:00:00:00:00:00 is not a real MAC (it is what a NIC without an address shows); leave the MAC empty and edgenet generates one");
		return;
	}
	if (mac_is_multicast(&ni->mac)) {
		at_nic(v, DIAG_ERROR, i, FIELD_NIC_MAC,
		       "%s is a multicast MAC (the lowest bit of the first byte is set), but a NIC needs a unicast one; use one such as 52:54:00:12:34:56, or leave the MAC empty and edgenet generates one",
		       n->mac);
		return;
	}
	for (size_t j = 0; j < i; j++) {
		if (v->nic[j].mac_ok && mac_equal(&v->nic[j].mac, &ni->mac)) {
			at_nic(v, DIAG_ERROR, i, FIELD_NIC_MAC,
			       "the MAC %s is already used by %s; every NIC needs its own MAC: change it, or leave the MAC empty and edgenet generates one",
			       n->mac, nic_label(v, j, lab, sizeof(lab)));
			return;
		}
	}
	ni->mac_ok = true;
}

/* ---- NICs: static addresses ---- */

/* The VM's address or its gateway: syntax and class.  Returns true when
 * the value can be used by the checks that follow. */
static bool check_host_addr(struct vctx *v, size_t i, enum plan_field field,
			    const char *what, const char *text, uint32_t *out)
{
	enum ipv4_err e = ipv4_parse(text, out);
	enum ipv4_class cls;

	if (e != IPV4_OK) {
		if (strchr(text, '/') && field == FIELD_NIC_IP_ADDRESS)
			at_nic(v, DIAG_ERROR, i, field,
			       "write the address \"%s\" without the \"/%s\"; the prefix length has a field of its own (ip.prefix)",
			       text, strchr(text, '/') + 1);
		else
			at_nic(v, DIAG_ERROR, i, field,
			       "the %s \"%s\" is not an IPv4 address: %.*s",
			       what, text, why_len(ipv4_strerror(e)),
			       ipv4_strerror(e));
		return false;
	}
	cls = ipv4_classify(*out);
	switch (cls) {
	case IPV4_CLASS_HOST:
		return true;
	case IPV4_CLASS_LINKLOCAL:
		if (field != FIELD_NIC_IP_ADDRESS)
			return true;	/* the subnet check speaks for it */
		at_nic(v, DIAG_WARNING, i, field,
		       "%s is a %s; it is not routed beyond the link: use an address of the real network unless this is deliberate",
		       text, ipv4_class_name(cls));
		return true;
	default:
		at_nic(v, DIAG_ERROR, i, field,
		       "the %s %s cannot be used: it is a %s; use an ordinary address of the network, such as %s",
		       what, text, ipv4_class_name(cls),
		       field != FIELD_NIC_IP_ADDRESS ? "192.168.1.1" :
		       "192.168.1.10");
		return false;
	}
}

static bool check_prefix(struct vctx *v, size_t i)
{
	int pfx = v->p->nics[i].prefix;

	if (pfx <= 0 || pfx > 32) {
		at_nic(v, DIAG_ERROR, i, FIELD_NIC_IP_PREFIX,
		       "the prefix length %d is out of range; a host address needs 1 to 30 (31 only for a point-to-point link), usually 24",
		       pfx);
		return false;
	}
	if (pfx == 32) {
		at_nic(v, DIAG_ERROR, i, FIELD_NIC_IP_PREFIX,
		       "a /32 leaves no other address on the link, so the gateway cannot be reached; use the subnet's real prefix such as 24");
		return false;
	}
	return true;
}

/* Address, prefix, gateway: each missing one where it is missing. */
static void check_static_missing(struct vctx *v, size_t i)
{
	const struct plan_nic *n = &v->p->nics[i];
	static const char both[] =
		"a static address needs address, prefix and gateway together";
	int s = v->nic[i].sw;
	char sug[IPV4_STRLEN];

	if (!n->address[0]) {
		if (s >= 0 && v->sw[s].net_ok)
			ipv4_format(suggest_free(v, (size_t)s), sug);
		else
			snprintf(sug, sizeof(sug), "192.168.1.10");
		at_nic(v, DIAG_ERROR, i, FIELD_NIC_IP_ADDRESS,
		       "%s; the address is missing: set the VM's address on this network (ip.address), such as %s",
		       both, sug);
	}
	if (!n->has_prefix) {
		if (s >= 0 && v->sw[s].net_ok)
			at_nic(v, DIAG_ERROR, i, FIELD_NIC_IP_PREFIX,
			       "%s; the prefix length is missing: set it to %d (ip.prefix), the prefix of switch \"%s\"",
			       both, v->sw[s].prefix, v->p->switches[s].name);
		else
			at_nic(v, DIAG_ERROR, i, FIELD_NIC_IP_PREFIX,
			       "%s; the prefix length is missing: set the network's prefix length (ip.prefix), such as 24 (netmask 255.255.255.0)",
			       both);
	}
	/* An offline network may have no router at all. */
	if (!n->gateway[0] && !n->offline) {
		if (s >= 0 && v->sw[s].net_ok)
			at_nic(v, DIAG_ERROR, i, FIELD_NIC_IP_GATEWAY,
			       "%s; the gateway is missing: set it to %s (ip.gateway), the host's address on switch \"%s\"",
			       both, ipv4_format(v->sw[s].host, sug),
			       v->p->switches[s].name);
		else
			at_nic(v, DIAG_ERROR, i, FIELD_NIC_IP_GATEWAY,
			       "%s; the gateway is missing: set the router's address on this network (ip.gateway), such as 192.168.1.1, or mark the NIC as an offline network (offline = true) if the network has no router",
			       both);
	}
}

/* Network or broadcast address used as the VM's address. */
static void check_static_host(struct vctx *v, size_t i)
{
	const struct plan_nic *n = &v->p->nics[i];
	struct nic_info *ni = &v->nic[i];
	char net[IPV4_CIDR_STRLEN], first[IPV4_STRLEN], last[IPV4_STRLEN];
	uint32_t nw = ipv4_network(ni->addr, ni->prefix);
	uint32_t bc = ipv4_broadcast(ni->addr, ni->prefix);

	if (ni->prefix > 30 || (ni->addr != nw && ni->addr != bc))
		return;		/* /31: both addresses are hosts (RFC 3021) */
	ipv4_format_cidr(nw, ni->prefix, net);
	ipv4_format(ipv4_first_host(ni->addr, ni->prefix), first);
	ipv4_format(ipv4_last_host(ni->addr, ni->prefix), last);
	at_nic(v, DIAG_ERROR, i, FIELD_NIC_IP_ADDRESS,
	       "%s is the %s address of %s, not a host address; use an address between %s and %s",
	       n->address, ni->addr == nw ? "network" : "broadcast", net,
	       first, last);
}

static void check_static_gateway(struct vctx *v, size_t i)
{
	const struct plan_nic *n = &v->p->nics[i];
	struct nic_info *ni = &v->nic[i];
	char net[IPV4_CIDR_STRLEN], sug[IPV4_STRLEN];
	uint32_t nw, bc, s;

	if (!n->gateway[0] ||
	    !check_host_addr(v, i, FIELD_NIC_IP_GATEWAY, "gateway",
			     n->gateway, &ni->gw))
		return;
	if (ni->addr_ok && ni->gw == ni->addr) {
		at_nic(v, DIAG_ERROR, i, FIELD_NIC_IP_GATEWAY,
		       "the gateway %s is the VM's own address; set the router's address on this network (often the first or last address of the subnet)",
		       n->gateway);
		return;
	}
	if (!ni->subnet_ok) {
		ni->gw_ok = true;
		return;
	}
	nw = ipv4_network(ni->addr, ni->prefix);
	bc = ipv4_broadcast(ni->addr, ni->prefix);
	ipv4_format_cidr(nw, ni->prefix, net);
	s = ipv4_first_host(ni->addr, ni->prefix);
	if (s == ni->addr)
		s = ipv4_last_host(ni->addr, ni->prefix);
	ipv4_format(s, sug);
	if (!ipv4_contains(nw, ni->prefix, ni->gw)) {
		at_nic(v, DIAG_ERROR, i, FIELD_NIC_IP_GATEWAY,
		       "gateway %s is outside %s, the subnet of %s/%d; use an address in that subnet, such as %s",
		       n->gateway, net, n->address, ni->prefix, sug);
		return;
	}
	if (ni->prefix <= 30 && (ni->gw == nw || ni->gw == bc)) {
		at_nic(v, DIAG_ERROR, i, FIELD_NIC_IP_GATEWAY,
		       "gateway %s is the %s address of %s, not a router; use the router's address, such as %s",
		       n->gateway, ni->gw == nw ? "network" : "broadcast", net,
		       sug);
		return;
	}
	ni->gw_ok = true;
}

/* On a default or internal switch edgenet knows the subnet: the static
 * address must fit it and keep out of libvirt's way. */
static void check_static_on_switch(struct vctx *v, size_t i)
{
	const struct plan_nic *n = &v->p->nics[i];
	struct nic_info *ni = &v->nic[i];
	const struct sw_info *w;
	const char *sname;
	char net[IPV4_CIDR_STRLEN], sug[IPV4_STRLEN], host[IPV4_STRLEN];
	char a[IPV4_STRLEN], b[IPV4_STRLEN];

	if (ni->sw < 0 || !ni->mode_ok || !ni->addr_ok)
		return;
	w = &v->sw[ni->sw];
	if (!w->routed || !w->net_ok)
		return;
	sname = v->p->switches[ni->sw].name;
	ipv4_format_cidr(ipv4_network(w->host, w->prefix), w->prefix, net);
	ipv4_format(suggest_free(v, (size_t)ni->sw), sug);
	ipv4_format(w->host, host);

	if (!ipv4_contains(ipv4_network(w->host, w->prefix), w->prefix,
			   ni->addr)) {
		at_nic(v, DIAG_ERROR, i, FIELD_NIC_IP_ADDRESS,
		       "%s is outside %s, the subnet of switch \"%s\"; use an address in it, such as %s",
		       n->address, net, sname, sug);
		ni->sw_conflict = true;
		return;
	}
	if (ni->addr == w->host) {
		at_nic(v, DIAG_ERROR, i, FIELD_NIC_IP_ADDRESS,
		       "%s is the host's own address on switch \"%s\"; give the VM another address in %s, such as %s",
		       n->address, sname, net, sug);
		ni->sw_conflict = true;
		return;
	}
	if (w->range_ok && ni->addr >= w->start && ni->addr <= w->end) {
		at_nic(v, DIAG_ERROR, i, FIELD_NIC_IP_ADDRESS,
		       "%s is inside the DHCP range %s-%s that libvirt hands out; pick an address outside it or shrink the range",
		       n->address, ipv4_format(w->start, a),
		       ipv4_format(w->end, b));
		ni->sw_conflict = true;
		return;
	}
	if (ni->subnet_ok && ni->prefix != w->prefix)
		at_nic(v, DIAG_WARNING, i, FIELD_NIC_IP_PREFIX,
		       "the prefix /%d differs from /%d of switch \"%s\"; use %d so the VM and the host agree on the subnet",
		       ni->prefix, w->prefix, sname, w->prefix);
	if (ni->gw_ok && ni->gw != w->host)
		at_nic(v, DIAG_WARNING, i, FIELD_NIC_IP_GATEWAY,
		       "on switch \"%s\" the host (%s) is the router; the gateway %s will not forward traffic: use %s",
		       sname, host, n->gateway, host);
}

static void check_static(struct vctx *v, size_t i)
{
	const struct plan_nic *n = &v->p->nics[i];
	struct nic_info *ni = &v->nic[i];
	bool prefix_ok = false;

	check_static_missing(v, i);
	if (n->address[0])
		ni->addr_ok = check_host_addr(v, i, FIELD_NIC_IP_ADDRESS,
					      "address", n->address,
					      &ni->addr);
	if (n->has_prefix)
		prefix_ok = check_prefix(v, i);
	ni->prefix = n->prefix;
	ni->subnet_ok = ni->addr_ok && prefix_ok;
	if (ni->subnet_ok)
		check_static_host(v, i);
	check_static_gateway(v, i);
	check_static_on_switch(v, i);
}

/* A DHCP NIC keeps static fields only by mistake or from an earlier edit. */
static void check_dhcp_leftovers(struct vctx *v, size_t i)
{
	const struct plan_nic *n = &v->p->nics[i];
	enum plan_field fields[3];
	const char *words[3];
	char list[96] = "", keys[64] = "";
	size_t nf = 0;

	if (n->address[0]) {
		fields[nf] = FIELD_NIC_IP_ADDRESS;
		words[nf++] = "address";
	}
	if (n->has_prefix) {
		fields[nf] = FIELD_NIC_IP_PREFIX;
		words[nf++] = "prefix length";
	}
	if (n->gateway[0]) {
		fields[nf] = FIELD_NIC_IP_GATEWAY;
		words[nf++] = "gateway";
	}
	if (!nf)
		return;
	for (size_t k = 0; k < nf; k++) {
		if (k) {
			strcat(list, k + 1 == nf ? " and " : ", ");
			strcat(keys, ", ");
		}
		strcat(list, words[k]);
		strcat(keys, plan_field_key(fields[k]));
	}
	at_nic(v, DIAG_WARNING, i, fields[0],
	       "the static %s (%s) %s ignored because the NIC takes its address by DHCP (ip.mode = dhcp); remove %s, or choose static to use %s",
	       list, keys, nf > 1 ? "are" : "is", nf > 1 ? "them" : "it",
	       nf > 1 ? "them" : "it");
}

/* ---- NICs: DNS ---- */

struct dns_addr {
	int family;		/* 0: not usable */
	unsigned char b[16];
};

/* Parses one DNS server; returns false after reporting when unusable. */
static bool check_dns_server(struct vctx *v, size_t i, size_t j,
			     const char *text, struct dns_addr *out)
{
	enum ipv4_class cls;
	enum ipv4_err e;
	uint32_t a;

	out->family = 0;
	if (!text[0]) {
		at_item(v, DIAG_ERROR, i, FIELD_NIC_DNS_SERVER, j,
		       "this DNS server entry is empty; write the server's address, such as 192.168.1.1, or remove the entry");
		return false;
	}
	e = ipv4_parse(text, &a);
	if (e == IPV4_OK) {
		cls = ipv4_classify(a);
		switch (cls) {
		case IPV4_CLASS_UNSPEC:
		case IPV4_CLASS_MULTICAST:
		case IPV4_CLASS_BROADCAST:
		case IPV4_CLASS_RESERVED:
			at_item(v, DIAG_ERROR, i, FIELD_NIC_DNS_SERVER, j,
			       "%s cannot be a DNS server: it is a %s; use the address of a server that answers DNS queries, often the gateway",
			       text, ipv4_class_name(cls));
			return false;
		case IPV4_CLASS_LOOPBACK:
			at_item(v, DIAG_WARNING, i, FIELD_NIC_DNS_SERVER, j,
			       "%s is a loopback address: inside the VM that is the VM itself, which serves no DNS for this link; use the address of a DNS server on the network",
			       text);
			break;
		default:
			break;
		}
		out->family = AF_INET;
		memcpy(out->b, &a, sizeof(a));
		return true;
	}
	if (inet_pton(AF_INET6, text, out->b) == 1) {
		static const unsigned char zero[16], loop[16] = { [15] = 1 };

		if (!memcmp(out->b, zero, 16) || out->b[0] == 0xff) {
			at_item(v, DIAG_ERROR, i, FIELD_NIC_DNS_SERVER, j,
			       "%s cannot be a DNS server: it is %s; use the address of a server that answers DNS queries",
			       text, out->b[0] == 0xff ?
			       "a multicast IPv6 address (ff00::/8)" :
			       "the unspecified IPv6 address, which means no address");
			return false;
		}
		if (!memcmp(out->b, loop, 16))
			at_item(v, DIAG_WARNING, i, FIELD_NIC_DNS_SERVER, j,
			       "::1 is the loopback address: inside the VM that is the VM itself, which serves no DNS for this link; use the address of a DNS server on the network");
		out->family = AF_INET6;
		return true;
	}
	at_item(v, DIAG_ERROR, i, FIELD_NIC_DNS_SERVER, j,
	       "the DNS server \"%s\" is not an IP address: %.*s",
	       text, why_len(ipv4_strerror(e)), ipv4_strerror(e));
	return false;
}

static void check_dns_servers(struct vctx *v, size_t i)
{
	const struct plan_nic *n = &v->p->nics[i];
	struct dns_addr seen[PLAN_MAX_DNS];
	size_t nd = n->ndns < PLAN_MAX_DNS ? n->ndns : PLAN_MAX_DNS;

	for (size_t j = 0; j < nd; j++) {
		if (!check_dns_server(v, i, j, n->dns[j], &seen[j]))
			continue;
		for (size_t k = 0; k < j; k++) {
			if (seen[k].family == seen[j].family &&
			    !memcmp(seen[k].b, seen[j].b,
				    seen[j].family == AF_INET ? 4 : 16)) {
				at_item(v, DIAG_WARNING, i,
					FIELD_NIC_DNS_SERVER, j,
				       "the DNS server %s is listed twice (also as server %zu); remove the repeat",
				       n->dns[j], k + 1);
				break;
			}
		}
	}
	if (n->mode == IP_STATIC && v->nic[i].mode_ok && !n->offline &&
	    nd == 0)
		at_nic(v, DIAG_WARNING, i, FIELD_NIC_DNS_SERVERS,
		       "a static NIC gets no DNS servers from DHCP, so the VM will not resolve names through this NIC; add a DNS server (often the gateway%s%s)",
		       n->gateway[0] ? ", " : "", n->gateway);
}

static void check_dns_search(struct vctx *v, size_t i)
{
	const struct plan_nic *n = &v->p->nics[i];
	size_t ns = n->nsearch < PLAN_MAX_SEARCH ? n->nsearch : PLAN_MAX_SEARCH;
	const char *why;

	for (size_t j = 0; j < ns; j++) {
		const char *d = n->search[j];

		if ((why = name_check_dns_domain(d))) {
			at_item(v, DIAG_ERROR, i, FIELD_NIC_DNS_DOMAIN, j,
			       "the search domain \"%s\" cannot be used: %.*s",
			       d, why_len(why), why);
			continue;
		}
		for (size_t k = 0; k < j; k++) {
			if (!strcasecmp(n->search[k], d)) {
				at_item(v, DIAG_WARNING, i,
					FIELD_NIC_DNS_DOMAIN, j,
				       "the search domain %s is listed twice (also as domain %zu); remove the repeat",
				       d, k + 1);
				break;
			}
		}
	}
}

static void check_nics(struct vctx *v)
{
	for (size_t i = 0; i < v->nnic; i++) {
		const struct plan_nic *n = &v->p->nics[i];

		check_nic_name(v, i);
		check_nic_switch(v, i);
		check_nic_mode(v, i);
		check_nic_mac(v, i);
		if (n->mode == IP_STATIC)
			check_static(v, i);
		else if (n->mode == IP_DHCP)
			check_dhcp_leftovers(v, i);
		check_dns_servers(v, i);
		check_dns_search(v, i);
	}
}

/* ---- across NICs ---- */

static bool on_known_net(const struct vctx *v, size_t i)
{
	int s = v->nic[i].sw;

	return s >= 0 && v->sw[s].routed && v->sw[s].net_ok;
}

/* A static NIC's subnet against the host's libvirt networks it is not on.
 * Returns true when it reported. */
static bool check_overlap_switches(struct vctx *v, size_t i)
{
	const struct nic_info *ni = &v->nic[i];
	char a[IPV4_CIDR_STRLEN], b[IPV4_CIDR_STRLEN];

	for (size_t s = 0; s < v->nsw; s++) {
		const struct sw_info *w = &v->sw[s];

		if ((int)s == ni->sw || !w->routed || !w->net_ok ||
		    !ipv4_overlap(ni->addr, ni->prefix, w->host, w->prefix))
			continue;
		/* Already reported between the two switches. */
		if (on_known_net(v, i) &&
		    ipv4_overlap(v->sw[ni->sw].host, v->sw[ni->sw].prefix,
				 w->host, w->prefix))
			continue;
		ipv4_format_cidr(ipv4_network(ni->addr, ni->prefix),
				 ni->prefix, a);
		ipv4_format_cidr(ipv4_network(w->host, w->prefix), w->prefix,
				 b);
		at_nic(v, DIAG_ERROR, i, FIELD_NIC_IP_ADDRESS,
		       "the subnet %s of this NIC overlaps %s of switch \"%s\", a network on the host that this NIC is not on; traffic for those addresses would go the wrong way: use a different subnet",
		       a, b, v->p->switches[s].name);
		return true;
	}
	return false;
}

/* A static NIC's subnet against earlier static NICs.  Both NICs are
 * told, each naming the other: whichever the technician is editing shows
 * the problem on its own step. */
static void check_overlap_nics(struct vctx *v, size_t i)
{
	const struct nic_info *ni = &v->nic[i];
	char a[IPV4_CIDR_STRLEN], b[IPV4_CIDR_STRLEN];
	char lab[PLAN_NAME_MAX + 16], labi[PLAN_NAME_MAX + 16];

	nic_label(v, i, labi, sizeof(labi));
	for (size_t j = 0; j < i; j++) {
		const struct nic_info *nj = &v->nic[j];

		if (v->p->nics[j].mode != IP_STATIC || !nj->subnet_ok ||
		    nj->sw_conflict)
			continue;
		nic_label(v, j, lab, sizeof(lab));
		if (nj->addr == ni->addr) {
			at_nic(v, DIAG_ERROR, j, FIELD_NIC_IP_ADDRESS,
			       "the address %s is also used by %s; give each NIC its own address",
			       v->p->nics[j].address, labi);
			at_nic(v, DIAG_ERROR, i, FIELD_NIC_IP_ADDRESS,
			       "the address %s is already used by %s; give each NIC its own address",
			       v->p->nics[i].address, lab);
			return;
		}
		/* Same switch: same subnet is expected.  Both on known
		 * networks: the switch checks speak for them. */
		if (nj->sw == ni->sw || nj->sw < 0 || ni->sw < 0 ||
		    on_known_net(v, i) || on_known_net(v, j) ||
		    !ipv4_overlap(ni->addr, ni->prefix, nj->addr, nj->prefix))
			continue;
		ipv4_format_cidr(ipv4_network(ni->addr, ni->prefix),
				 ni->prefix, a);
		ipv4_format_cidr(ipv4_network(nj->addr, nj->prefix),
				 nj->prefix, b);
		at_nic(v, DIAG_ERROR, j, FIELD_NIC_IP_ADDRESS,
		       "this NIC's subnet %s overlaps %s of %s on switch \"%s\", so the VM could not tell which NIC reaches an address; use another subnet, or put both NICs on one switch",
		       b, a, labi, v->p->switches[ni->sw].name);
		at_nic(v, DIAG_ERROR, i, FIELD_NIC_IP_ADDRESS,
		       "this NIC's subnet %s overlaps %s of %s on switch \"%s\", so the VM could not tell which NIC reaches an address; use another subnet, or put both NICs on one switch",
		       a, b, lab, v->p->switches[nj->sw].name);
		return;
	}
}

static void check_overlaps(struct vctx *v)
{
	for (size_t i = 0; i < v->nnic; i++) {
		const struct nic_info *ni = &v->nic[i];

		if (v->p->nics[i].mode != IP_STATIC || !ni->subnet_ok ||
		    ni->sw_conflict)
			continue;
		/* A NIC on no known switch: which network it is on is the
		 * error already said (switch), so "a network it is not on"
		 * cannot be judged. */
		if (ni->sw < 0 || !check_overlap_switches(v, i))
			check_overlap_nics(v, i);
	}
}

static void check_primary(struct vctx *v)
{
	char lab[PLAN_NAME_MAX + 16];
	ssize_t first = -1;

	if (!v->nnic) {
		at_plan(v, DIAG_ERROR, "nics",
			"the plan has no NICs; add one (nics), such as eth0 on one of the switches, marked primary");
		return;
	}
	for (size_t i = 0; i < v->nnic; i++) {
		if (!v->p->nics[i].primary)
			continue;
		if (first < 0) {
			first = (ssize_t)i;
			continue;
		}
		at_nic(v, DIAG_ERROR, i, FIELD_NIC_PRIMARY,
		       "this NIC is marked primary but %s already is; only one NIC carries the deployment: unmark this one (primary = false)",
		       nic_label(v, (size_t)first, lab, sizeof(lab)));
	}
	if (first < 0)
		at_plan(v, DIAG_ERROR, "nics",
			"no NIC is marked primary; mark the NIC that carries the deployment primary (primary = true), usually the first%s%s%s",
			v->p->nics[0].name[0] ? " (" : "", v->p->nics[0].name,
			v->p->nics[0].name[0] ? ")" : "");
}

/* Would NIC I get a default route if it were online? */
static bool wants_default_route(const struct vctx *v, size_t i)
{
	const struct plan_nic *n = &v->p->nics[i];

	if (!v->nic[i].mode_ok || !v->nic[i].metric_ok)
		return false;
	return n->mode == IP_DHCP || (n->mode == IP_STATIC && n->gateway[0]);
}

static void check_metric_range(struct vctx *v, size_t i)
{
	long long m = v->p->nics[i].metric;

	if (v->p->nics[i].has_metric && (m < 0 || m > PLAN_METRIC_MAX)) {
		at_nic(v, DIAG_ERROR, i, FIELD_NIC_METRIC,
		       "the route metric %lld is out of range; use 0 to %lld (lower wins), such as %lld",
		       m, PLAN_METRIC_MAX, 100LL * (long long)(i + 1));
		return;
	}
	v->nic[i].metric_ok = true;
}

/* NIC I carries the VM's default route: on an internal switch without
 * NAT the host forwards nothing, so the VM reaches only the host. */
static void check_route_nat(struct vctx *v, size_t i)
{
	const struct plan_nic *n = &v->p->nics[i];
	const struct plan_switch *s;
	char lab[PLAN_NAME_MAX + 16];
	int si = v->nic[i].sw;

	if (si < 0)
		return;
	s = &v->p->switches[si];
	if (s->type != SWITCH_INTERNAL || s->nat || !v->sw[si].net_ok)
		return;
	/* a gateway other than the host is someone else's router */
	if (n->mode == IP_STATIC &&
	    (!v->nic[i].gw_ok || v->nic[i].gw != v->sw[si].host))
		return;
	nic_label(v, i, lab, sizeof(lab));
	if (n->mode == IP_STATIC)
		at_sw(v, DIAG_WARNING, (size_t)si, FIELD_SW_NAT,
		      "no NAT on switch \"%s\": %s has the default route, to the host, and the VM reaches nothing beyond the host; turn NAT on if it needs more",
		      s->name, lab);
	else
		at_sw(v, DIAG_WARNING, (size_t)si, FIELD_SW_NAT,
		      "no NAT on switch \"%s\": its DHCP gives %s no default route, and the VM reaches nothing beyond the host; turn NAT on if it needs more",
		      s->name, lab);
}

/* Default routes: one winner, never a tie.  An offline network gets no
 * default route at all. */
static void check_routes(struct vctx *v)
{
	char a[PLAN_NAME_MAX + 16], b[PLAN_NAME_MAX + 16];
	ssize_t best = -1;
	size_t ncand = 0, nblocked = 0;
	long long top = 0;

	for (size_t i = 0; i < v->nnic; i++)
		check_metric_range(v, i);

	for (size_t i = 0; i < v->nnic; i++) {
		const struct plan_nic *n = &v->p->nics[i];
		long long m = plan_nic_metric(v->p, i);

		if (n->offline)
			continue;
		if (!wants_default_route(v, i)) {
			/* An error already explains why it has none. */
			if (!v->nic[i].mode_ok || !v->nic[i].metric_ok ||
			    (n->mode == IP_STATIC && !n->gateway[0]))
				nblocked++;
			continue;
		}
		ncand++;
		if (m > top)
			top = m;
		if (best < 0 || m < plan_nic_metric(v->p, (size_t)best))
			best = (ssize_t)i;
	}

	for (size_t i = 0; i < v->nnic; i++) {
		long long m = plan_nic_metric(v->p, i);

		if (v->p->nics[i].offline || !wants_default_route(v, i))
			continue;
		for (size_t j = 0; j < i; j++) {
			if (v->p->nics[j].offline ||
			    !wants_default_route(v, j) ||
			    plan_nic_metric(v->p, j) != m)
				continue;
			at_nic(v, DIAG_WARNING, i, FIELD_NIC_METRIC,
			       "%s and %s both have a default route with metric %lld: the kernel picks between them unpredictably; give %s a different metric, such as %lld",
			       nic_label(v, i, a, sizeof(a)),
			       nic_label(v, j, b, sizeof(b)), m, a,
			       top + 100 <= PLAN_METRIC_MAX ? top + 100 : m - 1);
			break;
		}
	}

	/* An offline NIC is left out above on purpose: the VM's own
	 * configuration gives it no default route (guestcfg.c writes none,
	 * and DHCP's gateway is not used), so no metric makes it win. */
	if (best >= 0)
		check_route_nat(v, (size_t)best);

	if (v->nnic && !ncand && !nblocked)
		at_plan(v, DIAG_WARNING, "nics",
			"no NIC gives the VM a default route (each is an offline network or static without a gateway), so the VM reaches only the networks it is directly on; if it needs the internet, clear the offline mark (offline = false) of the NIC that leads there and give it DHCP or a gateway");
}

void plan_validate(const struct plan *p, const struct policy *pol,
		   struct diag_list *out)
{
	struct diag_list found;
	struct vctx v;

	diag_list_init(&found);
	memset(&v, 0, sizeof(v));
	v.p = p;
	v.pol = pol;
	v.out = &found;
	v.nsw = p->nswitches < PLAN_MAX_SWITCHES ? p->nswitches :
		PLAN_MAX_SWITCHES;
	v.nnic = p->nnics < PLAN_MAX_NICS ? p->nnics : PLAN_MAX_NICS;
	for (size_t i = 0; i < PLAN_MAX_NICS; i++)
		v.nic[i].sw = -1;

	check_plan(&v);
	check_switches(&v);
	check_nics(&v);
	check_overlaps(&v);
	check_primary(&v);
	check_routes(&v);
	/* one mistake, one message: a field the loader already refused (or
	 * that a misspelt key meant) is not reported again */
	diag_list_append_new(out, &found);
	diag_list_free(&found);
}
