/*
 * validate_nic.c - the checks of each NIC of a plan, in their order: its
 * name, its switch, its IP mode against the switch type, its MAC, then its
 * static address or DHCP leftovers (validate_ip.c) and its DNS
 * (validate_dns.c).  What it found usable goes into the context (struct
 * nic_info) for the checks across NICs.  Called by plan_validate
 * (validate.c), after the switches.
 *
 * Pure C: reads the plan and the policy, writes diagnostics, nothing else.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/ipv4.h"
#include "core/mac.h"
#include "core/names.h"
#include "core/str.h"
#include "core/validate_priv.h"

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
		       name, validate_ifname_why(why, ex, wbuf, sizeof(wbuf)));
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
	if (validate_misnamed_switch(v) && validate_unresolved_switch(v) &&
	    !strcmp(validate_unresolved_switch(v), n->switch_name))
		return;		/* the misnamed switch's error names it */
	if (names[0])
		at_nic(v, DIAG_ERROR, i, FIELD_NIC_SWITCH,
		       "there is no switch named \"%s\"; use one of %s, or add a switch of that name",
		       n->switch_name, names);
	else if (v->nsw && validate_unresolved_switch(v) &&
		 !strcmp(validate_unresolved_switch(v), n->switch_name))
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
		str_copy(allowed, sizeof(allowed), "dhcp or static");

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
			       n->mac,
			       validate_nic_label(v, j, lab, sizeof(lab)));
			return;
		}
	}
	ni->mac_ok = true;
}

void validate_nics(struct vctx *v)
{
	for (size_t i = 0; i < v->nnic; i++) {
		const struct plan_nic *n = &v->p->nics[i];

		check_nic_name(v, i);
		check_nic_switch(v, i);
		check_nic_mode(v, i);
		check_nic_mac(v, i);
		if (n->mode == IP_STATIC)
			validate_nic_static(v, i);
		else if (n->mode == IP_DHCP)
			validate_nic_dhcp_leftovers(v, i);
		validate_nic_dns_servers(v, i);
		validate_nic_dns_search(v, i);
	}
}
