/*
 * wizard_edit.c - the wizard's mechanical edits of the working
 * plan (see wizard.h): the switch a NIC needs (created, typed, prefilled
 * from the host's libvirt network of that type), switches no NIC uses,
 * NICs added, removed, reordered (metrics renumbered), their MACs from
 * the state directory, and the suggestions of the core's address
 * arithmetic.  A new switch takes only facts into the plan: the values
 * of the host's libvirt network it reuses; edgenet's own suggestions
 * (its address, DHCP range, bridge name) stay out of the plan, shown by
 * the switch step as placeholders to take.  Writes only app->work and
 * app->state_err; judges nothing (plan_validate does).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/err.h"
#include "core/hostcheck.h"
#include "core/ipv4.h"
#include "core/mac.h"
#include "core/names.h"
#include "core/state.h"
#include "core/str.h"
#include "ui/app.h"
#include "ui/wizard.h"
#include "ui/wizard_priv.h"

/* ---- switches ---- */

static bool switch_name_used(const struct plan *p, const char *name,
			     size_t except)
{
	for (size_t i = 0; i < p->nswitches; i++)
		if (i != except && strcmp(p->switches[i].name, name) == 0)
			return true;
	return false;
}

static size_t switch_users(const struct plan *p, const char *name)
{
	size_t n = 0;

	for (size_t i = 0; i < p->nnics; i++)
		if (strcmp(p->nics[i].switch_name, name) == 0)
			n++;
	return n;
}

/* The host's libvirt network of TYPE that no other plan switch uses. */
static const struct host_net *host_net_for(const struct app *a,
					   enum switch_type type,
					   size_t except)
{
	if (!a->nets_ok)
		return NULL;
	for (size_t i = 0; i < a->nets.count; i++) {
		const struct host_net *n = &a->nets.items[i];

		if (n->type == type &&
		    !switch_name_used(&a->work, n->name, except))
			return n;
	}
	return NULL;
}

static bool uplink_used(const struct plan *p, const char *name, size_t except)
{
	for (size_t i = 0; i < p->nswitches; i++)
		if (i != except && p->switches[i].type == SWITCH_EXTERNAL &&
		    strcmp(p->switches[i].uplink, name) == 0)
			return true;
	return false;
}

static void unique_name(const struct plan *p, const char *base, size_t self,
			char *out, size_t len)
{
	str_copy(out, len, base);
	for (int k = 2; switch_name_used(p, out, self) && k < 100; k++)
		snprintf(out, len, "%.*s-%d", PLAN_NAME_MAX - 5, base, k);
}

/* A switch of TYPE at SI: the name, and the facts of the host's libvirt
 * network of that type when one is free (reused as it is).  Without one,
 * the address, the DHCP range and the bridge stay empty: they are the
 * switch step's suggestions (placeholders), never the plan's until taken.
 * What is not a text (DHCP on, NAT, bridge mode, the first free uplink
 * among the host's NICs) is chosen here and shown as chosen. */
static void prefill_switch(struct app *a, size_t si, enum switch_type type)
{
	struct plan_switch *s = &a->work.switches[si];
	const struct host_net *hn = host_net_for(a, type, si);
	char name[PLAN_NAME_MAX];
	size_t up[HOST_MAX_NICS], nup;

	plan_switch_init(s);
	s->type = type;
	switch (type) {
	case SWITCH_DEFAULT:
		unique_name(&a->work, hn ? hn->name : "default", si, name,
			    sizeof(name));
		s->dhcp = true;
		if (hn) {
			str_copy(s->address, sizeof(s->address), hn->address);
			if (hn->dhcp) {
				str_copy(s->dhcp_start, sizeof(s->dhcp_start),
					hn->dhcp_start);
				str_copy(s->dhcp_end, sizeof(s->dhcp_end),
					hn->dhcp_end);
			}
		}
		s->nat = true;	/* the default switch is NAT by definition */
		break;
	case SWITCH_INTERNAL:
		unique_name(&a->work, hn ? hn->name : "edge-int", si, name,
			    sizeof(name));
		s->dhcp = hn ? hn->dhcp : true;
		if (hn) {
			str_copy(s->address, sizeof(s->address), hn->address);
			if (s->dhcp) {
				str_copy(s->dhcp_start, sizeof(s->dhcp_start),
					hn->dhcp_start);
				str_copy(s->dhcp_end, sizeof(s->dhcp_end),
					hn->dhcp_end);
			}
		}
		s->nat = hn ? strcmp(hn->forward, "nat") == 0 : false;
		break;
	case SWITCH_EXTERNAL:
		unique_name(&a->work, hn ? hn->name : "edge-ext", si, name,
			    sizeof(name));
		s->ext_mode = EXT_BRIDGE;
		/* a host network reused whose bridge already holds a host
		 * NIC: that NIC is its uplink (the plant port); else the
		 * first usable host NIC no other switch is bound to */
		nup = wizard_uplinks(a, up, HOST_MAX_NICS);
		for (size_t k = 0; hn && hn->bridge[0] && k < nup; k++) {
			const struct host_nic *hnic = &a->hnics.items[up[k]];

			if (host_bridge_port(hnic, hn->bridge) &&
			    !uplink_used(&a->work, hnic->name, si)) {
				str_copy(s->uplink, sizeof(s->uplink),
					hnic->name);
				break;
			}
		}
		for (size_t k = 0; !s->uplink[0] && k < nup; k++) {
			const struct host_nic *hnic = &a->hnics.items[up[k]];

			if (host_nic_can_uplink(hnic, NULL) &&
			    !uplink_used(&a->work, hnic->name, si)) {
				str_copy(s->uplink, sizeof(s->uplink),
					hnic->name);
				break;
			}
		}
		if (hn)
			str_copy(s->bridge, sizeof(s->bridge), hn->bridge);
		break;
	default:
		str_copy(name, sizeof(name), "");
		break;
	}
	str_copy(s->name, sizeof(s->name), name);
}

size_t wizard_nic_switch(struct app *a, size_t nic)
{
	struct plan *p = &a->work;
	struct plan_nic *n = &p->nics[nic];
	struct plan_switch *s;
	enum switch_type type = SWITCH_UNSET;

	for (size_t i = 0; i < p->nswitches; i++)
		if (strcmp(p->switches[i].name, n->switch_name) == 0)
			return i;
	/* a plan whose switch has a name that cannot be used ("edge int")
	 * while its NIC names the switch as meant ("edge-int"): the NIC is
	 * on that switch, whose name field says what to fix -- not on a
	 * second switch made up here, whose subnet would then "overlap" */
	for (size_t i = 0; n->switch_name[0] && i < p->nswitches; i++)
		if (p->switches[i].name[0] &&
		    name_check_object(p->switches[i].name) &&
		    switch_users(p, p->switches[i].name) == 0) {
			str_copy(n->switch_name, sizeof(n->switch_name),
				p->switches[i].name);
			return i;
		}
	/* none yet: the first type the profile allows for which the host
	 * has a network no other switch of the plan uses, else the first
	 * type the profile allows */
	for (int t = SWITCH_DEFAULT; t < SWITCH_COUNT; t++) {
		if (!policy_switch_allowed(a->pol, p->profile,
					   (enum switch_type)t))
			continue;
		if (type == SWITCH_UNSET)
			type = (enum switch_type)t;
		if (host_net_for(a, (enum switch_type)t, PLAN_MAX_SWITCHES)) {
			type = (enum switch_type)t;
			break;
		}
	}
	s = plan_add_switch(p);
	if (!s)
		return 0;	/* full: the core reports the dangling name */
	prefill_switch(a, p->nswitches - 1, type == SWITCH_UNSET ?
		       SWITCH_DEFAULT : type);
	str_copy(n->switch_name, sizeof(n->switch_name), s->name);
	return p->nswitches - 1;
}

void wizard_set_switch_type(struct app *a, size_t nic, enum switch_type type)
{
	struct plan *p = &a->work;
	struct plan_nic *n = &p->nics[nic];
	size_t si = wizard_nic_switch(a, nic);

	if (p->switches[si].type == type)
		return;
	if (switch_users(p, p->switches[si].name) > 1) {
		/* shared with another NIC: this NIC gets its own */
		if (!plan_add_switch(p))
			return;
		si = p->nswitches - 1;
	}
	prefill_switch(a, si, type);
	str_copy(n->switch_name, sizeof(n->switch_name), p->switches[si].name);
	wizard_drop_unused_switches(a);
}

void wizard_drop_unused_switches(struct app *a)
{
	struct plan *p = &a->work;

	for (size_t i = p->nswitches; i-- > 0;)
		if (switch_users(p, p->switches[i].name) == 0)
			plan_remove_switch(p, i);
}

/* ---- NICs ---- */

struct plan_nic *wizard_nic(struct app *a)
{
	if (a->work.nnics == 0) {
		struct plan_nic *n = plan_add_nic(&a->work);

		snprintf(n->name, sizeof(n->name), "eth0");
		n->primary = true;
	}
	if (a->wiz.nic >= a->work.nnics)
		a->wiz.nic = 0;
	return &a->work.nics[a->wiz.nic];
}

void wizard_first_mode(struct app *a, size_t i)
{
	struct plan_nic *n = &a->work.nics[i];
	size_t si = wizard_nic_switch(a, i);
	enum switch_type t = a->work.switches[si].type;

	if (n->mode != IP_UNSET && policy_mode_allowed(a->pol, t, n->mode))
		return;
	if (policy_mode_allowed(a->pol, t, IP_DHCP))
		n->mode = IP_DHCP;
	else if (policy_mode_allowed(a->pol, t, IP_STATIC))
		n->mode = IP_STATIC;
}

int wizard_add_nic(struct app *a)
{
	struct plan *p = &a->work;
	struct plan_nic *n;
	char name[PLAN_NAME_MAX];
	int k;

	for (k = 0; k < 100; k++) {
		bool used = false;

		snprintf(name, sizeof(name), "eth%d", k);
		for (size_t i = 0; i < p->nnics; i++)
			if (strcmp(p->nics[i].name, name) == 0)
				used = true;
		if (!used)
			break;
	}
	n = plan_add_nic(p);
	if (!n)
		return -1;
	str_copy(n->name, sizeof(n->name), name);
	wizard_nic_switch(a, p->nnics - 1);
	wizard_first_mode(a, p->nnics - 1);
	return (int)(p->nnics - 1);
}

int wizard_remove_nic(struct app *a, size_t i)
{
	if (i >= a->work.nnics || a->work.nics[i].primary)
		return -1;
	plan_remove_nic(&a->work, i);
	wizard_drop_unused_switches(a);
	if (a->wiz.nic >= a->work.nnics)
		a->wiz.nic = 0;
	return 0;
}

size_t wizard_move_nic(struct app *a, size_t i, int dir)
{
	struct plan *p = &a->work;
	size_t j;
	struct plan_nic tmp;

	if (i >= p->nnics || p->nnics < 2)
		return i;	/* one NIC: nothing to order, no metric set */
	if ((dir < 0 && i == 0) || (dir > 0 && i + 1 >= p->nnics))
		j = i;
	else
		j = dir < 0 ? i - 1 : i + 1;
	if (j != i) {
		tmp = p->nics[i];
		p->nics[i] = p->nics[j];
		p->nics[j] = tmp;
	}
	for (size_t k = 0; k < p->nnics; k++)
		plan_nic_set_metric(&p->nics[k], 100 * (long long)(k + 1));
	return j;
}

int wizard_assign_mac(struct app *a, size_t i)
{
	struct plan_nic *n;
	struct mac m;
	bool generated;
	char err[ERR_MAX];

	if (i >= a->work.nnics)
		return -1;
	n = &a->work.nics[i];
	if (n->mac[0])
		return 0;
	if (!a->state_ok)
		return -1;
	if (!app_domain(a)[0] || !n->name[0])
		return -1;
	if (state_nic_mac(&a->st, app_domain(a), n->name, &m, &generated, err,
			  sizeof(err)) < 0) {
		errf(a->state_err, sizeof(a->state_err),
		     "no MAC could be generated (%.300s); the MAC stays empty "
		     "and is generated when the plan is applied", err);
		return -1;
	}
	mac_format(&m, n->mac);
	return 0;
}

/* ---- suggestions ---- */

int wizard_suggest_prefix(const struct app *a, size_t nic)
{
	const struct plan_switch *s =
		plan_find_switch(&a->work, a->work.nics[nic].switch_name);
	uint32_t addr;
	int prefix;

	if (!s || !s->address[0])
		return -1;
	if (ipv4_parse_cidr(s->address, &addr, &prefix) != IPV4_OK)
		return -1;
	return prefix;
}

void wizard_suggest_gateway(const char *address, int prefix, char *out,
			    size_t len)
{
	uint32_t addr;
	char buf[IPV4_STRLEN];

	if (len)
		out[0] = '\0';
	if (prefix < 1 || prefix > 30 || ipv4_parse(address, &addr) != IPV4_OK)
		return;
	snprintf(out, len, "%s",
		 ipv4_format(ipv4_first_host(addr, prefix), buf));
}

size_t wizard_uplinks(const struct app *a, size_t *idx, size_t max)
{
	size_t n = 0;

	if (!a->hnics_ok)
		return 0;
	for (size_t i = 0; i < a->hnics.count && n < max; i++) {
		const struct host_nic *h = &a->hnics.items[i];

		if (host_nic_can_uplink(h, NULL) || h->wireless ||
		    (h->master[0] && h->mac[0]))
			idx[n++] = i;
	}
	return n;
}
