/*
 * vmaddr.c - the VM-addresses model and view (see vmaddr.h): keeping
 * first-seen times across refreshes, pairing the plan's NICs with the
 * domain's (by MAC where the MAC is known) and flagging what does not
 * match, or what waits for the VM's next start (pending.h) and so is no
 * mismatch.  Reading the <interface> elements of a domain XML is
 * vmaddr_domxml.c.  Pure C: memory only.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipv4.h"
#include "mac.h"
#include "fieldpath.h"
#include "vmaddr.h"
#include "str.h"

const char *vm_source_name(enum vm_source s)
{
	switch (s) {
	case VM_SRC_AGENT:
		return "agent";
	case VM_SRC_LEASE:
		return "lease";
	case VM_SRC_ARP:
		return "arp";
	default:
		return "?";
	}
}

const char *vm_state_name(enum vm_state s)
{
	switch (s) {
	case VM_STATE_UNDEFINED:
		return "not defined";
	case VM_STATE_RUNNING:
		return "running";
	case VM_STATE_PAUSED:
		return "paused";
	case VM_STATE_SHUTOFF:
		return "shut off";
	case VM_STATE_OTHER:
		return "not running";
	default:
		return "unknown";
	}
}

void vm_observed_init(struct vm_observed *o)
{
	memset(o, 0, sizeof(*o));
}

/* ------------------------------------------------------------------ */
/* first-seen times                                                    */

void vmaddr_carry_since(struct vm_observed *cur, const struct vm_observed *prev)
{
	for (int s = 0; s < VM_SRC_COUNT; s++) {
		struct vm_source_result *c = &cur->src[s];
		const struct vm_source_result *p = &prev->src[s];

		if (!c->ok || !p->ok)
			continue;
		for (size_t i = 0; i < c->nifs; i++) {
			for (size_t k = 0; k < p->nifs; k++) {
				if (!mac_text_same(c->ifs[i].mac,
						   p->ifs[k].mac))
					continue;
				for (size_t a = 0; a < c->ifs[i].naddrs; a++)
					for (size_t b = 0; b < p->ifs[k].naddrs; b++)
						if (strcmp(c->ifs[i].addrs[a].addr,
							   p->ifs[k].addrs[b].addr) == 0 &&
						    p->ifs[k].addrs[b].since_ms <
						    c->ifs[i].addrs[a].since_ms)
							c->ifs[i].addrs[a].since_ms =
								p->ifs[k].addrs[b].since_ms;
			}
		}
	}
}

/* ------------------------------------------------------------------ */
/* the view                                                            */

void vmaddr_view_init(struct vmaddr_view *v)
{
	memset(v, 0, sizeof(*v));
	diag_list_init(&v->problems);
}

void vmaddr_view_free(struct vmaddr_view *v)
{
	diag_list_free(&v->problems);
	vmaddr_view_init(v);
}

char *vmaddr_sources_str(unsigned sources, char *buf, size_t len)
{
	buf[0] = '\0';
	for (int s = 0; s < VM_SRC_COUNT; s++)
		if (sources & (1u << s))
			snprintf(buf + strlen(buf), len - strlen(buf), "%s%s",
				 buf[0] ? "+" : "", vm_source_name(s));
	return buf;
}

char *vmaddr_age_str(int64_t seconds, char *buf, size_t len)
{
	if (seconds < 0)
		seconds = 0;
	if (seconds < 60)
		snprintf(buf, len, "%llds", (long long)seconds);
	else if (seconds < 3600)
		snprintf(buf, len, "%lldm", (long long)(seconds / 60));
	else if (seconds < 86400)
		snprintf(buf, len, "%lldh", (long long)(seconds / 3600));
	else
		snprintf(buf, len, "%lldd", (long long)(seconds / 86400));
	return buf;
}

static const char *expected_mac(const struct plan *p,
				const char *const nic_mac[PLAN_MAX_NICS],
				size_t i)
{
	if (p->nics[i].mac[0])
		return p->nics[i].mac;
	if (nic_mac && nic_mac[i])
		return nic_mac[i];
	return "";
}

static void add_obs(struct vmaddr_row *row, const struct vm_addr *a,
		    enum vm_source src, int64_t now_ms)
{
	int64_t age = (now_ms - a->since_ms) / 1000;

	for (size_t i = 0; i < row->nobs; i++) {
		struct vmaddr_obs *o = &row->obs[i];

		if (strcmp(o->addr, a->addr) == 0 && o->prefix == a->prefix) {
			o->sources |= 1u << src;
			if (age > o->age_s)
				o->age_s = age;
			return;
		}
	}
	if (row->nobs == VMA_MAX_OBS)
		return;
	str_copy(row->obs[row->nobs].addr, sizeof(row->obs[0].addr), a->addr);
	row->obs[row->nobs].prefix = a->prefix;
	row->obs[row->nobs].ipv6 = a->ipv6;
	row->obs[row->nobs].sources = 1u << src;
	row->obs[row->nobs].age_s = age;
	row->nobs++;
}

static void fill_observed(struct vmaddr_row *row, const struct vm_observed *o,
			  int64_t now_ms)
{
	bool answered = false;

	for (int s = 0; s < VM_SRC_COUNT; s++) {
		const struct vm_source_result *r = &o->src[s];

		if (!r->ok)
			continue;
		answered = true;
		for (size_t i = 0; i < r->nifs; i++) {
			const struct vm_iface *f = &r->ifs[i];

			if (!mac_text_same(f->mac, row->mac))
				continue;
			if (s == VM_SRC_AGENT && f->name[0])
				str_copy(row->guest_name,
					 sizeof(row->guest_name), f->name);
			for (size_t a = 0; a < f->naddrs; a++)
				add_obs(row, &f->addrs[a], (enum vm_source)s,
					now_ms);
		}
	}
	if (!answered) {
		row->flags |= VMA_UNKNOWN;
		return;
	}
	for (size_t i = 0; i < row->nobs; i++)
		if (!row->obs[i].ipv6)
			return;
	row->flags |= VMA_NO_ADDRESS;
}

/* Checks the observed IPv4 addresses against plan NIC N. */
/* The plan's static address as "A.B.C.D/P", or the address alone when
 * the plan gives no prefix length. */
static const char *plan_cidr(const struct plan_nic *n, char *buf, size_t len)
{
	if (n->has_prefix)
		snprintf(buf, len, "%s/%d", n->address, n->prefix);
	else
		str_copy(buf, len, n->address);
	return buf;
}

static void check_address(struct vmaddr_row *row, const struct plan *p,
			  const struct plan_nic *n, char *why, size_t whylen)
{
	char cidr[PLAN_ADDR_MAX + 8];
	uint32_t want = 0, got, net = 0;
	int net_prefix = -1;
	bool any = false, match = false;
	const struct plan_switch *sw = NULL;

	why[0] = '\0';
	if (n->mode == IP_STATIC) {
		if (ipv4_parse(n->address, &want) != IPV4_OK)
			return;
	} else {
		sw = plan_find_switch(p, n->switch_name);
		if (!sw || !sw->address[0] ||
		    ipv4_parse_cidr(sw->address, &net, &net_prefix) != IPV4_OK)
			return;
	}
	for (size_t i = 0; i < row->nobs; i++) {
		const struct vmaddr_obs *o = &row->obs[i];

		if (o->ipv6 || ipv4_parse(o->addr, &got) != IPV4_OK)
			continue;
		any = true;
		if (n->mode == IP_STATIC)
			match |= got == want && (!n->has_prefix ||
						 o->prefix == n->prefix);
		else
			match |= ipv4_contains(ipv4_network(net, net_prefix),
					       net_prefix, got);
	}
	if (!any || match)
		return;
	row->flags |= VMA_ADDR_DIFFERS;
	if (n->mode == IP_STATIC)
		snprintf(why, whylen, "the plan gives %s",
			 plan_cidr(n, cidr, sizeof(cidr)));
	else
		snprintf(why, whylen, "switch %s hands out addresses in %s",
			 n->switch_name, sw ? sw->address : "?");
}

static void configured_words(const struct plan_nic *n, char *buf, size_t len)
{
	char cidr[PLAN_ADDR_MAX + 8];

	switch (n->mode) {
	case IP_DHCP:
		snprintf(buf, len, "dhcp");
		break;
	case IP_STATIC:
		if (n->gateway[0])
			snprintf(buf, len, "static %s gw %s",
				 plan_cidr(n, cidr, sizeof(cidr)), n->gateway);
		else
			snprintf(buf, len, "static %s",
				 plan_cidr(n, cidr, sizeof(cidr)));
		break;
	default:
		snprintf(buf, len, "-");
	}
}

static const char *obs_list(const struct vmaddr_row *row, char *buf,
			    size_t len)
{
	buf[0] = '\0';
	for (size_t i = 0; i < row->nobs; i++)
		if (!row->obs[i].ipv6)
			snprintf(buf + strlen(buf), len - strlen(buf), "%s%s/%d",
				 buf[0] ? ", " : "", row->obs[i].addr,
				 row->obs[i].prefix);
	return buf;
}

/* The path of field F of ROW's plan NIC (used only when it has one). */
static void nic_path(char *buf, size_t len, const struct vmaddr_row *row,
		     enum plan_field f)
{
	plan_path(buf, len, f, row->plan_nic >= 0 ? (size_t)row->plan_nic : 0,
		  0);
}

static void row_problems(struct vmaddr_view *v, const struct vmaddr_row *row,
			 const struct plan *p, const char *why)
{
	char path[DIAG_PATH_MAX], who[128], list[256], cidr[PLAN_ADDR_MAX + 8];
	const struct plan_nic *n = row->plan_nic >= 0 ?
				   &p->nics[row->plan_nic] : NULL;

	/* what waits for the next start is done already */
	if (row->flags & (VMA_PENDING_ADD | VMA_PENDING_REMOVE))
		return;
	if (n)
		snprintf(who, sizeof(who), "NIC %s (%s)", n->name,
			 row->mac[0] ? row->mac : "no MAC");
	else
		snprintf(who, sizeof(who), "the NIC with MAC %s", row->mac);
	if (row->flags & VMA_NOT_IN_DOMAIN) {
		nic_path(path, sizeof(path), row, FIELD_NIC);
		diag_add(&v->problems, DIAG_WARNING, path, "%s is in the plan "
			 "but not in the domain: apply the plan to add it",
			 who);
		return;
	}
	if (row->flags & VMA_NOT_IN_PLAN)
		diag_add(&v->problems, DIAG_WARNING, "", "the domain has %s on "
			 "%s, which the plan does not list: add it to the plan "
			 "or remove it from the VM", who,
			 row->sw[0] ? row->sw : "no network");
	if (row->flags & VMA_ZERO_MAC) {
		nic_path(path, sizeof(path), row, FIELD_NIC_MAC);
		diag_add(&v->problems, DIAG_ERROR, n ? path : "", "the guest "
			 "reports MAC 00:00:00:00:00:00 for %s: the NIC is not "
			 "set up; its MAC must be kept in the domain XML "
			 "(apply the plan again)", who);
	}
	if ((row->flags & VMA_MAC_DIFFERS) && n) {
		nic_path(path, sizeof(path), row, FIELD_NIC_MAC);
		diag_add(&v->problems, DIAG_WARNING, path, "NIC %s has MAC %s "
			 "in the plan, but the VM's NIC on %s has MAC %s: DHCP "
			 "reservations made for %s will not match; apply the "
			 "plan again", n->name, row->plan_mac, row->sw,
			 row->other_mac, row->plan_mac);
	}
	if (row->flags & VMA_NO_ADDRESS) {
		nic_path(path, sizeof(path), row, FIELD_NIC_IP_MODE);
		if (n && n->mode == IP_STATIC)
			diag_add(&v->problems, DIAG_ERROR, path, "%s has no "
				 "IPv4 address: the guest did not apply its "
				 "static address %s; check that its network "
				 "configuration was delivered", who,
				 plan_cidr(n, cidr, sizeof(cidr)));
		else if (!n && (row->flags & VMA_MAC_DIFFERS))
			diag_add(&v->problems, DIAG_ERROR, "", "%s has no IPv4 "
				 "address: the plan's NIC on %s has MAC %s, "
				 "and the VM's network configuration is "
				 "written for that MAC, not this one; apply "
				 "the plan again", who, row->sw,
				 row->other_mac);
		else
			diag_add(&v->problems, DIAG_ERROR, n ? path : "",
				 "%s has no IPv4 address: no DHCP server "
				 "answered it on %s; run the DHCP check on that "
				 "switch", who, row->sw[0] ? row->sw :
				 "its switch");
	}
	if (row->flags & VMA_ADDR_DIFFERS) {
		nic_path(path, sizeof(path), row, FIELD_NIC_IP_ADDRESS);
		diag_add(&v->problems, DIAG_WARNING, path, "%s has %s but %s",
			 who, obs_list(row, list, sizeof(list)), why);
	}
}

/* The plan NICs (by DOM_OF) paired with domain NICs: by MAC for every
 * plan NIC whose MAC is known; a plan NIC with no known MAC takes a
 * domain NIC on its switch, then one left over.  A domain NIC being
 * removed at the next start (GONE) is never paired. */
static void pair_nics(const struct vm_observed *o, const struct plan *p,
		      const char *const nic_mac[PLAN_MAX_NICS],
		      const bool gone[VM_MAX_IFS], int dom_of[PLAN_MAX_NICS],
		      bool used[VM_MAX_IFS])
{
	size_t nplan = p ? p->nnics : 0;

	for (size_t k = 0; k < o->nnics; k++)
		used[k] = gone[k];
	for (size_t i = 0; i < nplan; i++) {
		const char *m = expected_mac(p, nic_mac, i);

		dom_of[i] = -1;
		for (size_t k = 0; k < o->nnics && m[0]; k++)
			if (!used[k] && mac_text_same(o->nics[k].mac, m)) {
				dom_of[i] = (int)k;
				used[k] = true;
				break;
			}
	}
	for (size_t i = 0; i < nplan; i++) {
		if (dom_of[i] >= 0 || expected_mac(p, nic_mac, i)[0])
			continue;
		for (size_t k = 0; k < o->nnics && dom_of[i] < 0; k++)
			if (!used[k] && strcmp(o->nics[k].source,
					       p->nics[i].switch_name) == 0) {
				dom_of[i] = (int)k;
				used[k] = true;
			}
	}
	for (size_t i = 0; i < nplan; i++) {
		if (dom_of[i] >= 0 || expected_mac(p, nic_mac, i)[0])
			continue;
		for (size_t k = 0; k < o->nnics && dom_of[i] < 0; k++)
			if (!used[k]) {
				dom_of[i] = (int)k;
				used[k] = true;
			}
	}
	for (size_t k = 0; k < o->nnics; k++)
		if (gone[k])
			used[k] = false;	/* a row of its own */
}

int vmaddr_view_build(struct vmaddr_view *v, const struct vm_observed *o,
		      const struct plan *p,
		      const char *const nic_mac[PLAN_MAX_NICS], int64_t now_ms)
{
	return vmaddr_view_build_pending(v, o, p, nic_mac, NULL, now_ms);
}

int vmaddr_view_build_pending(struct vmaddr_view *v,
			      const struct vm_observed *o,
			      const struct plan *p,
			      const char *const nic_mac[PLAN_MAX_NICS],
			      const struct pending_list *pending,
			      int64_t now_ms)
{
	int dom_of[PLAN_MAX_NICS];
	bool used[VM_MAX_IFS] = { false }, gone[VM_MAX_IFS] = { false };
	bool claimed[VM_MAX_IFS] = { false };
	int claimed_by[VM_MAX_IFS];
	size_t nplan = p ? p->nnics : 0;
	char why[PLAN_MAX_NICS][160];

	diag_list_clear(&v->problems);
	v->nrows = 0;
	for (size_t k = 0; k < VM_MAX_IFS; k++)
		claimed_by[k] = -1;
	for (size_t k = 0; k < o->nnics; k++)
		gone[k] = pending_find_kind(pending, o->nics[k].mac,
					    PENDING_NIC_REMOVED) != NULL;
	pair_nics(o, p, nic_mac, gone, dom_of, used);

	for (size_t i = 0; i < nplan; i++) {
		struct vmaddr_row *row = &v->rows[v->nrows++];
		const struct plan_nic *n = &p->nics[i];

		memset(row, 0, sizeof(*row));
		row->plan_nic = (int)i;
		row->dom_nic = dom_of[i];
		str_copy(row->name, sizeof(row->name), n->name);
		str_copy(row->plan_mac, sizeof(row->plan_mac),
			 expected_mac(p, nic_mac, i));
		configured_words(n, row->configured, sizeof(row->configured));
		why[i][0] = '\0';
		if (dom_of[i] < 0) {
			memcpy(row->mac, row->plan_mac, sizeof(row->mac));
			str_copy(row->sw, sizeof(row->sw), n->switch_name);
			if (pending_find_kind(pending, row->plan_mac,
					      PENDING_NIC_ADDED)) {
				row->flags |= VMA_PENDING_ADD;
				continue;
			}
			if (o->state == VM_STATE_UNKNOWN)
				continue;
			/* a NIC of the domain on its switch with another
			 * MAC: said so, not paired */
			for (size_t k = 0; k < o->nnics && row->plan_mac[0];
			     k++) {
				if (used[k] || gone[k] || claimed[k] ||
				    strcmp(o->nics[k].source,
					   n->switch_name) != 0)
					continue;
				claimed[k] = true;
				claimed_by[k] = (int)i;
				row->flags |= VMA_MAC_DIFFERS;
				str_copy(row->other_mac, sizeof(row->other_mac),
					 o->nics[k].mac);
				break;
			}
			if (!(row->flags & VMA_MAC_DIFFERS))
				row->flags |= VMA_NOT_IN_DOMAIN;
			continue;
		}
		str_copy(row->mac, sizeof(row->mac), o->nics[dom_of[i]].mac);
		str_copy(row->sw, sizeof(row->sw), o->nics[dom_of[i]].source);
		if (pending_find_kind(pending, row->mac, PENDING_NIC_MOVED) ||
		    pending_find_kind(pending, row->mac, PENDING_NIC_MODEL))
			row->flags |= VMA_PENDING_CHANGE;
		if (o->state == VM_STATE_RUNNING) {
			fill_observed(row, o, now_ms);
			/* until the next start it is on the old network */
			if (!(row->flags & VMA_PENDING_CHANGE))
				check_address(row, p, n, why[i],
					      sizeof(why[i]));
		}
	}
	for (size_t k = 0; k < o->nnics; k++) {
		struct vmaddr_row *row;

		if (used[k])
			continue;
		row = &v->rows[v->nrows++];
		memset(row, 0, sizeof(*row));
		row->plan_nic = -1;
		row->dom_nic = (int)k;
		str_copy(row->mac, sizeof(row->mac), o->nics[k].mac);
		str_copy(row->sw, sizeof(row->sw), o->nics[k].source);
		snprintf(row->configured, sizeof(row->configured), "-");
		if (gone[k])
			row->flags |= VMA_PENDING_REMOVE;
		else if (claimed[k]) {
			row->flags |= VMA_MAC_DIFFERS;
			str_copy(row->other_mac, sizeof(row->other_mac),
				 expected_mac(p, nic_mac,
					      (size_t)claimed_by[k]));
		} else if (p)
			row->flags |= VMA_NOT_IN_PLAN;
		if (o->state == VM_STATE_RUNNING)
			fill_observed(row, o, now_ms);
	}
	/* the agent's MAC of each row: all zeros is EFLOW's symptom */
	if (o->src[VM_SRC_AGENT].ok) {
		for (size_t i = 0; i < o->src[VM_SRC_AGENT].nifs; i++) {
			const struct vm_iface *f = &o->src[VM_SRC_AGENT].ifs[i];

			if (strcmp(f->mac, "00:00:00:00:00:00") != 0 ||
			    strcmp(f->name, "lo") == 0)
				continue;
			for (size_t r = 0; r < v->nrows; r++)
				if (strcmp(v->rows[r].guest_name, f->name) == 0 ||
				    strcmp(v->rows[r].name, f->name) == 0)
					v->rows[r].flags |= VMA_ZERO_MAC;
		}
	}

	if (!o->connected) {
		diag_add(&v->problems, DIAG_ERROR, "", "cannot reach libvirt "
			 "at %s: %s", o->uri[0] ? o->uri : "(default URI)",
			 o->conn_err[0] ? o->conn_err : "not connected");
	} else if (o->state == VM_STATE_UNDEFINED) {
		diag_add(&v->problems, DIAG_ERROR, "", "there is no VM named "
			 "%s on %s: deploy it first (or check the plan's vm "
			 "name)", o->domain, o->uri);
	} else if (o->state != VM_STATE_RUNNING &&
		   o->state != VM_STATE_UNKNOWN) {
		diag_add(&v->problems, DIAG_WARNING, "", "VM %s is %s: it has "
			 "no addresses to show; start it", o->domain,
			 vm_state_name(o->state));
	}
	for (size_t r = 0; r < v->nrows; r++)
		row_problems(v, &v->rows[r], p,
			     v->rows[r].plan_nic >= 0 ?
			     why[v->rows[r].plan_nic] : "");
	return 0;
}
