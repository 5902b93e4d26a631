/*
 * hostcheck.c - the plan against the host's facts (see hostcheck.h): is
 * the plan's VM defined there, and does a new switch take a subnet one of
 * the host's libvirt networks, or one of its interfaces' addresses,
 * already uses, does an external switch's bridge already hold a host
 * NIC other than its uplink, and is a VM's static address one the host's
 * own interfaces hold.
 *
 * Names and addresses in the host facts come from libvirt or netlink,
 * outside edgenet: control characters never reach a message (replaced by
 * '?').
 * Pure C: reads the structs it is given, writes diagnostics, nothing else.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/hostcheck.h"
#include "core/ipv4.h"
#include "core/names.h"
#include "core/fieldpath.h"

#define MSG_MAX 1024
#define LIST_NAMES 12		/* VMs named in one message */

__attribute__((format(printf, 4, 5)))
static void emit(struct diag_list *out, enum diag_severity sev,
		 const char *path, const char *fmt, ...)
{
	char msg[MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(out, sev, path, "%s", msg);	/* escaped there */
}

/* ---- the VM ---- */

static bool domain_listed(const struct host_domain_list *d, const char *name)
{
	for (size_t i = 0; i < d->count && i < HOST_MAX_DOMAINS; i++)
		if (strcmp(d->names[i], name) == 0)
			return true;
	return false;
}

/* "\"a\", \"b\" and 3 more" into BUF. */
static void domain_names_text(const struct host_domain_list *d, char *buf,
			      size_t len)
{
	size_t n = d->count < HOST_MAX_DOMAINS ? d->count : HOST_MAX_DOMAINS;
	size_t shown = n < LIST_NAMES ? n : LIST_NAMES;
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < shown && used < len; i++) {
		int w = snprintf(buf + used, len - used, "%s\"%s\"",
				 i == 0 ? "" : i + 1 == shown &&
				 d->total <= shown ? " or " : ", ",
				 d->names[i]);

		if (w < 0)
			return;
		used += (size_t)w;
	}
	if (d->total > shown && used < len)
		snprintf(buf + used, len - used, " and %zu more",
			 d->total - shown);
}

static void check_domain(const struct plan *p,
			 const struct host_domain_list *d,
			 struct diag_list *out)
{
	char names[MSG_MAX / 2];

	if (!p->domain[0] || name_check_object(p->domain))
		return;		/* plan_validate reports it */
	if (domain_listed(d, p->domain))
		return;
	if (d->total > d->count)
		return;		/* the list is cut: cannot tell */
	if (d->count == 0) {
		emit(out, DIAG_ERROR, "vm",
		     "the VM \"%s\" is not defined on this host, which has no VMs at all; define the edge VM first (virt-install or virsh define), then name it here",
		     p->domain);
		return;
	}
	domain_names_text(d, names, sizeof(names));
	emit(out, DIAG_ERROR, "vm",
	     "the VM \"%s\" is not defined on this host, so the plan cannot be applied; name the VM %s%s (vm), or define the VM first (virt-install or virsh define)",
	     p->domain, d->count == 1 ? "" : "one of ", names);
}

/* ---- switches against the host's networks ---- */

static bool routed(enum switch_type t)
{
	return t == SWITCH_DEFAULT || t == SWITCH_INTERNAL;
}

/* A usable subnet: "a.b.c.d/p" with a host prefix. */
static bool subnet_of(const char *cidr, uint32_t *a, int *pfx)
{
	return cidr[0] && ipv4_parse_cidr(cidr, a, pfx) == IPV4_OK &&
	       *pfx >= 1 && *pfx <= 30;
}

static bool named_in_plan(const struct plan *p, const char *name)
{
	for (size_t i = 0; i < p->nswitches && i < PLAN_MAX_SWITCHES; i++)
		if (strcmp(p->switches[i].name, name) == 0)
			return true;
	return false;
}

/* Is NAME the bridge of one of the host's routed libvirt networks (one
 * with an address of its own, which the network check compares)?  The
 * bridge of an external network (forward mode bridge, no address) holds
 * the host's plant address: that one counts. */
static bool net_bridge(const struct host_net_list *nets, const char *name)
{
	uint32_t b;
	int pb;

	for (size_t k = 0; k < nets->count && k < HOST_MAX_NETS; k++)
		if (nets->items[k].bridge[0] &&
		    strcmp(nets->items[k].bridge, name) == 0 &&
		    subnet_of(nets->items[k].address, &b, &pb))
			return true;
	return false;
}

/* An address of a host interface, "a.b.c.d/p": not loopback. */
static bool host_addr_of(const char *cidr, uint32_t *a, int *pfx)
{
	return cidr[0] && ipv4_parse_cidr(cidr, a, pfx) == IPV4_OK &&
	       *pfx >= 1 && ipv4_classify(*a) != IPV4_CLASS_LOOPBACK;
}

/* The first address of a host interface that overlaps A/PFX, leaving
 * out the bridges of the host's routed libvirt networks (check_switch's
 * first check covers them): its NIC, and the address's index in *AI.  NULL
 * when none, or when the interfaces, their addresses or the networks are
 * not known. */
static const struct host_nic *nic_overlap(const struct host_facts *h,
					  uint32_t a, int pfx, size_t *ai)
{
	const struct host_nic_list *nics = h->nics;
	uint32_t b;
	int pb;

	if (!nics || !nics->addrs_known || !h->nets)
		return NULL;
	for (size_t k = 0; k < nics->count && k < HOST_MAX_NICS; k++) {
		const struct host_nic *n = &nics->items[k];

		if (net_bridge(h->nets, n->name))
			continue;
		for (size_t j = 0; j < n->naddrs && j < HOST_NIC_ADDRS; j++)
			if (host_addr_of(n->addrs[j], &b, &pb) &&
			    ipv4_overlap(a, pfx, b, pb)) {
				*ai = j;
				return n;
			}
	}
	return NULL;
}

/* Does A/PFX overlap a host network the plan does not name, an address
 * of a host interface, or another routed switch of the plan (other than
 * SELF)? */
static bool subnet_taken(const struct plan *p, const struct host_facts *h,
			 size_t self, uint32_t a, int pfx)
{
	const struct host_net_list *nets = h->nets;
	uint32_t b;
	int pb;
	size_t ai;

	for (size_t k = 0; nets && k < nets->count && k < HOST_MAX_NETS; k++) {
		const struct host_net *n = &nets->items[k];

		if (!named_in_plan(p, n->name) &&
		    subnet_of(n->address, &b, &pb) &&
		    ipv4_overlap(a, pfx, b, pb))
			return true;
	}
	if (nic_overlap(h, a, pfx, &ai))
		return true;
	for (size_t i = 0; i < p->nswitches && i < PLAN_MAX_SWITCHES; i++) {
		const struct plan_switch *s = &p->switches[i];

		if (i != self && routed(s->type) &&
		    subnet_of(s->address, &b, &pb) &&
		    ipv4_overlap(a, pfx, b, pb))
			return true;
	}
	return false;
}

/* The private block (RFC 1918) A lies in, else its /8. */
static int block_of(uint32_t a, uint32_t *base)
{
	static const struct { uint32_t net; int pfx; } priv[] = {
		{ 0x0a000000u, 8 }, { 0xac100000u, 12 }, { 0xc0a80000u, 16 },
	};

	for (size_t i = 0; i < sizeof(priv) / sizeof(priv[0]); i++)
		if (ipv4_contains(priv[i].net, priv[i].pfx, a)) {
			*base = priv[i].net;
			return priv[i].pfx;
		}
	*base = ipv4_network(a, 8);
	return 8;
}

/* The next subnet of the same size, in the same private block (or /8),
 * that nothing uses: its first host as "a.b.c.d/p" in OUT.  False when
 * none is found. */
static bool free_subnet(const struct plan *p, const struct host_facts *h,
			size_t self, uint32_t a, int pfx, char *out)
{
	uint32_t net = ipv4_network(a, pfx), base;
	uint32_t size = pfx == 0 ? 0 : (uint32_t)1 << (32 - pfx);
	int bp = block_of(net, &base);

	for (uint32_t k = 1; k <= 256 && size && pfx >= bp; k++) {
		uint32_t c = net + k * size;

		if (!ipv4_contains(base, bp, c) ||
		    ipv4_classify(c + 1) != IPV4_CLASS_HOST)
			break;
		if (!subnet_taken(p, h, self, c, pfx)) {
			ipv4_format_cidr(c + 1, pfx, out);
			return true;
		}
	}
	return false;
}

/* A routed switch's subnet against an address of a host interface (the
 * host's plant port, say): the host would have two routes to it. */
static void check_switch_nics(const struct plan *p,
			      const struct host_facts *h, size_t i,
			      uint32_t a, int pa, struct diag_list *out)
{
	const struct host_nic *n;
	char path[DIAG_PATH_MAX], mine[IPV4_CIDR_STRLEN];
	char other[IPV4_CIDR_STRLEN], sug[IPV4_CIDR_STRLEN + 32];
	size_t ai;

	n = nic_overlap(h, a, pa, &ai);
	if (!n)
		return;
	ipv4_format_cidr(ipv4_network(a, pa), pa, mine);
	if (free_subnet(p, h, i, a, pa, other))
		snprintf(sug, sizeof(sug), ", such as %s", other);
	else
		sug[0] = '\0';
	plan_path(path, sizeof(path), FIELD_SW_ADDRESS, i, 0);
	emit(out, DIAG_ERROR, path,
	     "the subnet %s overlaps %s of the host's interface \"%s\": the host could not tell which way to send that subnet's traffic, and the network behind %s would be cut off; use a free private subnet%s",
	     mine, n->addrs[ai], n->name, n->name, sug);
}

static void check_switch(const struct plan *p, const struct host_facts *h,
			 size_t i, struct diag_list *out)
{
	const struct host_net_list *nets = h->nets;
	const struct plan_switch *s = &p->switches[i];
	const struct host_net *hit = NULL;
	char path[DIAG_PATH_MAX], mine[IPV4_CIDR_STRLEN];
	char theirs[IPV4_CIDR_STRLEN], sug[IPV4_CIDR_STRLEN + 32];
	char other[IPV4_CIDR_STRLEN], reuse[PLAN_NAME_MAX + 64];
	uint32_t a, b;
	int pa, pb;

	if (!routed(s->type) || !s->name[0] || !subnet_of(s->address, &a, &pa))
		return;
	/* a running network first: that is the one in the way now */
	for (int pass = 0; nets && pass < 2 && !hit; pass++) {
		for (size_t k = 0; k < nets->count && k < HOST_MAX_NETS; k++) {
			const struct host_net *n = &nets->items[k];

			if (n->active != (pass == 0) ||
			    named_in_plan(p, n->name) ||
			    !subnet_of(n->address, &b, &pb) ||
			    !ipv4_overlap(a, pa, b, pb))
				continue;
			hit = n;
			break;
		}
	}
	if (!hit) {
		check_switch_nics(p, h, i, a, pa, out);
		return;
	}
	subnet_of(hit->address, &b, &pb);
	ipv4_format_cidr(ipv4_network(a, pa), pa, mine);
	ipv4_format_cidr(ipv4_network(b, pb), pb, theirs);
	if (free_subnet(p, h, i, a, pa, other))
		snprintf(sug, sizeof(sug), ", such as %s", other);
	else
		sug[0] = '\0';
	if (hit->type == s->type)
		snprintf(reuse, sizeof(reuse),
			 ", or name this switch \"%s\" to use it", hit->name);
	else
		reuse[0] = '\0';
	plan_path(path, sizeof(path), FIELD_SW_ADDRESS, i, 0);
	if (hit->active && strcmp(mine, theirs) == 0)
		emit(out, DIAG_ERROR, path,
		     "%s is already used by network \"%s\", running on this host; use another subnet%s%s",
		     mine, hit->name, sug, reuse);
	else if (hit->active)
		emit(out, DIAG_ERROR, path,
		     "the subnet %s overlaps %s of network \"%s\", running on this host; use another subnet%s%s",
		     mine, theirs, hit->name, sug, reuse);
	else
		emit(out, DIAG_WARNING, path,
		     "the subnet %s overlaps %s of network \"%s\", defined on this host (not running), and both cannot run at once; use another subnet%s%s",
		     mine, theirs, hit->name, sug, reuse);
}

/* ---- external switches against the host's bridges ---- */

bool host_bridge_port(const struct host_nic *h, const char *bridge)
{
	return h && bridge && bridge[0] && strcmp(h->master, bridge) == 0 &&
	       h->mac[0] && !h->wireless && strcmp(h->kind, "bridge") != 0 &&
	       strcmp(h->kind, "tun") != 0 && strcmp(h->kind, "tap") != 0 &&
	       strcmp(h->kind, "macvtap") != 0 &&
	       strncmp(h->name, "vnet", 4) != 0;
}

/* The bridge of external switch I already holds a host NIC, and it is not
 * the uplink: applying would add the uplink as a second port, joining two
 * plant networks on one bridge (a loop when both reach the same
 * switch). */
static void check_external(const struct plan *p, const struct host_facts *h,
			   size_t i, struct diag_list *out)
{
	const struct plan_switch *s = &p->switches[i];
	const struct host_nic *port = NULL;
	char path[DIAG_PATH_MAX];

	if (s->type != SWITCH_EXTERNAL || s->ext_mode != EXT_BRIDGE ||
	    !s->bridge[0] || !s->uplink[0] || !h->nics)
		return;
	for (size_t k = 0; k < h->nics->count && k < HOST_MAX_NICS; k++) {
		const struct host_nic *n = &h->nics->items[k];

		if (!host_bridge_port(n, s->bridge))
			continue;
		if (strcmp(n->name, s->uplink) == 0)
			return;		/* the uplink is its port: fine */
		if (!port)
			port = n;
	}
	plan_path(path, sizeof(path), FIELD_SW_UPLINK, i, 0);
	for (size_t k = 0; !port && k < h->nics->count && k < HOST_MAX_NICS;
	     k++) {
		const struct host_nic *n = &h->nics->items[k];

		/* the uplink is the port of another bridge already */
		if (strcmp(n->name, s->uplink) == 0 &&
		    host_bridge_port(n, n->master)) {
			emit(out, DIAG_ERROR, path,
			     "host NIC %s is already a port of bridge %s, not of %s; a NIC can be in one bridge only: name the bridge %s (bridge) to use it, or choose another uplink",
			     n->name, n->master, s->bridge, n->master);
			return;
		}
	}
	if (!port)
		return;
	emit(out, DIAG_ERROR, path,
	     "bridge %s already holds host NIC %s (its plant port); uplink %s would be a second port on that bridge, joining two networks (a loop if both reach the same switch); choose %s as the uplink, or give %s a bridge of its own (bridge)",
	     s->bridge, port->name, s->uplink, port->name, s->uplink);
}

/* ---- a VM's static address against the host's own ---- */

/* Is host NIC NAME the bridge of a routed host network the plan names?
 * That network is the plan's switch: its address is the plan's (apply
 * sets it), which plan_validate compares with the NICs' addresses. */
static bool planned_bridge(const struct plan *p, const struct host_facts *h,
			   const char *name)
{
	uint32_t b;
	int pb;

	for (size_t k = 0; h->nets && k < h->nets->count && k < HOST_MAX_NETS;
	     k++) {
		const struct host_net *n = &h->nets->items[k];

		if (n->bridge[0] && strcmp(n->bridge, name) == 0 &&
		    subnet_of(n->address, &b, &pb) &&
		    named_in_plan(p, n->name))
			return true;
	}
	return false;
}

/* Is A the planned host address of NIC N's switch, a routed one?
 * plan_validate says so already ("the host's own address on switch"). */
static bool validate_says(const struct plan *p, const struct plan_nic *n,
			  uint32_t a)
{
	uint32_t b;
	int pb;

	for (size_t i = 0; i < p->nswitches && i < PLAN_MAX_SWITCHES; i++) {
		const struct plan_switch *s = &p->switches[i];

		if (strcmp(s->name, n->switch_name) == 0)
			return routed(s->type) && subnet_of(s->address, &b, &pb) &&
			       b == a;
	}
	return false;
}

/* A static NIC whose address one of the host's interfaces holds (any
 * switch type; loopback left out): the VM and the host would answer for
 * one address. */
static void check_nic_addr(const struct plan *p, const struct host_facts *h,
			   size_t i, struct diag_list *out)
{
	const struct plan_nic *n = &p->nics[i];
	const struct host_nic_list *nics = h->nics;
	char path[DIAG_PATH_MAX];
	uint32_t a, b;
	int pb;

	if (n->mode != IP_STATIC || !n->address[0] ||
	    ipv4_parse(n->address, &a) != IPV4_OK ||
	    ipv4_classify(a) != IPV4_CLASS_HOST || validate_says(p, n, a))
		return;		/* plan_validate reports the rest */
	for (size_t k = 0; k < nics->count && k < HOST_MAX_NICS; k++) {
		const struct host_nic *hn = &nics->items[k];

		if (planned_bridge(p, h, hn->name))
			continue;
		for (size_t j = 0; j < hn->naddrs && j < HOST_NIC_ADDRS; j++) {
			if (!host_addr_of(hn->addrs[j], &b, &pb) || b != a)
				continue;
			plan_path(path, sizeof(path), FIELD_NIC_IP_ADDRESS, i,
				  0);
			emit(out, DIAG_ERROR, path,
			     "%s is this host's own address on %s: the VM needs an address of its own; give it another free address of that network (ip.address)",
			     n->address, hn->name);
			return;
		}
	}
}

void host_check_plan(const struct plan *p, const struct host_facts *h,
		     struct diag_list *out)
{
	if (!p || !h)
		return;
	if (h->domains)
		check_domain(p, h->domains, out);
	if (h->nets || h->nics)
		for (size_t i = 0; i < p->nswitches && i < PLAN_MAX_SWITCHES;
		     i++)
			check_switch(p, h, i, out);
	if (h->nics)
		for (size_t i = 0; i < p->nswitches && i < PLAN_MAX_SWITCHES;
		     i++)
			check_external(p, h, i, out);
	host_check_nic_addrs(p, h, out);
}

void host_check_nic_addrs(const struct plan *p, const struct host_facts *h,
			  struct diag_list *out)
{
	if (!p || !h || !h->nics || !h->nics->addrs_known)
		return;
	for (size_t i = 0; i < p->nnics && i < PLAN_MAX_NICS; i++)
		check_nic_addr(p, h, i, out);
}
