/*
 * validate_ip.c - the checks of a NIC's IPv4 addressing: a static NIC's
 * address, prefix and gateway (missing, unusable class, network or
 * broadcast address, gateway outside the subnet, on the switch's subnet
 * and outside its DHCP range), static fields left on a DHCP NIC, and,
 * across NICs, a static subnet that overlaps another NIC's or a switch
 * the NIC is not on.
 *
 * Pure C: reads the plan and the policy, writes diagnostics, nothing else.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/ipv4.h"
#include "core/str.h"
#include "core/validate_priv.h"

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
			str_copy(sug, sizeof(sug), "192.168.1.10");
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

void validate_nic_static(struct vctx *v, size_t i)
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
void validate_nic_dhcp_leftovers(struct vctx *v, size_t i)
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

	validate_nic_label(v, i, labi, sizeof(labi));
	for (size_t j = 0; j < i; j++) {
		const struct nic_info *nj = &v->nic[j];

		if (v->p->nics[j].mode != IP_STATIC || !nj->subnet_ok ||
		    nj->sw_conflict)
			continue;
		validate_nic_label(v, j, lab, sizeof(lab));
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

void validate_overlaps(struct vctx *v)
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
