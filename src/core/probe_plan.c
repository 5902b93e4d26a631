/*
 * probe_plan.c - which probes a NIC of a plan gets, where each is sent
 * and which plan field its verdict belongs to (see probe_plan.h).
 *
 * The rules, per NIC:
 *   PORT          on demand, external switch: the uplink, on
 *                 "switches[M].uplink".  It runs even when the host has
 *                 no such NIC: "missing" is its finding.
 *   DHCP          DHCP mode, external switch: sent on the uplink (or
 *                 on the bridge holding it, see probe_plan.h), on
 *                 "nics[N].ip.mode".
 *   LIBVIRT_DHCP  on demand, DHCP mode, default/internal switch: read
 *                 from the host facts (ifname ""), on "nics[N].ip.mode".
 *   ADDR          static mode: the planned address, on
 *                 "nics[N].ip.address"; sent where DHCP is (external)
 *                 or on libvirt's bridge of the switch (default,
 *                 internal) when the host has that network running.
 *   GATEWAY       static mode with a gateway, on "nics[N].ip.gateway".
 *                 External: ARP and ping where DHCP is, from the planned
 *                 address.  Default/internal: the host itself is the
 *                 router there, so the target is judged here from the
 *                 facts and always SKIPPED (nothing is sent; a frame
 *                 sent on the bridge never reaches the host's own
 *                 stack, so a probe would wrongly say "no answer"): its
 *                 why_not says whether the gateway is the host's
 *                 address on the switch and whether the switch runs;
 *                 ifname is the bridge when known.  A wrong gateway is
 *                 plan_validate's error, not this module's.
 *   DNS           on demand, one per server: "nics[N].dns.servers[K]",
 *                 queried from this machine (ifname "").
 * The paths are spelt as core/validate.c spells them.
 *
 * A probe that cannot run is listed SKIPPED with a sentence: the NIC's
 * switch is not in the plan, the uplink name is not usable or not one of
 * the host's NICs (when they are known), the switch is not created or
 * not running yet, the values do not parse ("fix the address first"),
 * and - for every probe - o->elsewhere when the host is not this
 * machine.  Names from the plan are escaped (textsafe) in the sentences.
 *
 * Pure C: reads the plan and the facts, writes only OUT.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/ipv4.h"
#include "core/mac.h"
#include "core/names.h"
#include "core/probe_plan.h"
#include "core/textsafe.h"
#include "core/str.h"
#include "core/fieldpath.h"
#include "core/err.h"

/* Where the NIC's wire probes go, or why they cannot. */
struct where {
	const struct plan_switch *sw;	/* NULL: not in the plan */
	size_t si;			/* its index */
	char ifname[PROBE_IFNAME_MAX];	/* uplink or bridge, "" none */
	char port[PROBE_IFNAME_MAX];	/* external: the uplink, "" none */
	bool skip;			/* the wire probes cannot run */
	char why[PROBE_WHY_MAX];
	const struct host_net *net;	/* the host's network of the switch */
};

struct out {
	struct probe_target *t;
	size_t max, n;
};

/* A name from the plan or the host, escaped for a sentence. */
static const char *esc(const char *s, char *buf, size_t len)
{
	return textsafe_buf(buf, len, s);
}

__attribute__((format(printf, 3, 4)))
static void say(char *dst, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(dst, len, fmt, ap);
	va_end(ap);
}

static struct probe_target *add(struct out *o, size_t nic,
				enum probe_kind kind, const struct where *w,
				const char *path)
{
	struct probe_target *t;

	if (o->n >= o->max)
		return NULL;
	t = &o->t[o->n++];
	memset(t, 0, sizeof(*t));
	t->nic = nic;
	t->kind = kind;
	if (w->sw)
		str_copy(t->network, sizeof(t->network), w->sw->name);
	str_copy(t->path, sizeof(t->path), path);
	return t;
}

static void skip(struct probe_target *t, const char *why)
{
	t->skip = true;
	str_copy(t->why_not, sizeof(t->why_not), why);
}

/* A wire probe (DHCP, ADDR, GATEWAY on an external switch) at W. */
static void wire(struct probe_target *t, const struct where *w)
{
	str_copy(t->ifname, sizeof(t->ifname), w->ifname);
	if (w->skip)
		skip(t, w->why);
}

static const struct host_net *find_net(const struct host_facts *h,
				       const char *name)
{
	if (!h || !h->nets)
		return NULL;
	for (size_t i = 0; i < h->nets->count; i++)
		if (!strcmp(h->nets->items[i].name, name))
			return &h->nets->items[i];
	return NULL;
}

static const struct host_nic *host_nic_named(const struct host_nic_list *l,
					     const char *name)
{
	for (size_t i = 0; i < l->count && i < HOST_MAX_NICS; i++)
		if (!strcmp(l->items[i].name, name))
			return &l->items[i];
	return NULL;
}

static bool host_has_nic(const struct host_nic_list *l, const char *name)
{
	return host_nic_named(l, name) != NULL;
}

/* Bridge mode, and the host's facts show the plan's bridge holding the
 * uplink already: the probes go on the bridge.  A frame sent from a
 * packet socket on a bridge port goes straight to the wire, where the
 * bridge's other ports (the VMs) and the host's own stack never see it;
 * one sent on the bridge reaches the plant through the uplink and the
 * VMs and the host on the bridge as well. */
static bool bridge_holds_uplink(const struct plan_switch *s,
				const struct host_facts *h)
{
	const struct host_nic *up, *br;

	if (s->ext_mode != EXT_BRIDGE || !s->bridge[0] || !h || !h->nics ||
	    name_check_ifname(s->bridge) ||
	    strlen(s->bridge) >= PROBE_IFNAME_MAX)
		return false;
	up = host_nic_named(h->nics, s->uplink);
	br = host_nic_named(h->nics, s->bridge);
	return up && br && !strcmp(up->master, s->bridge);
}

static void where_external(struct where *w, const struct host_facts *h)
{
	const struct plan_switch *s = w->sw;
	char a[PROBE_WHY_MAX / 2], b[PLAN_NAME_MAX * 4], f[DIAG_PATH_MAX];

	plan_path(f, sizeof(f), FIELD_SW_UPLINK, w->si, 0);
	if (!s->uplink[0] || name_check_ifname(s->uplink) ||
	    strlen(s->uplink) >= PROBE_IFNAME_MAX) {
		w->skip = true;
		say(w->why, sizeof(w->why),
		    "switch \"%s\" has no usable uplink: fix the uplink "
		    "(%s) first", esc(s->name, b, sizeof(b)), f);
		return;
	}
	str_copy(w->ifname, sizeof(w->ifname), s->uplink);
	str_copy(w->port, sizeof(w->port), s->uplink);
	if (h && h->nics && !host_has_nic(h->nics, s->uplink)) {
		w->skip = true;
		say(w->why, sizeof(w->why),
		    "the uplink %s of switch \"%s\" is not an interface of "
		    "this host: choose one `ip link` lists (%s)",
		    esc(s->uplink, a, sizeof(a)), esc(s->name, b, sizeof(b)),
		    f);
		return;
	}
	/* no link on the uplink: a frame sent anywhere on this switch (the
	 * bridge may still have a link through a VM's port) never reaches
	 * the plant, and a silent plant would read as "free" */
	if (h && h->nics) {
		const struct host_nic *up = host_nic_named(h->nics, s->uplink);

		if (up && (!up->up || !up->carrier)) {
			w->skip = true;
			say(w->why, sizeof(w->why),
			    "the uplink %s of switch \"%s\" has no link (%s): "
			    "nothing can be sent to the plant network, so this "
			    "is not checked", esc(s->uplink, a, sizeof(a)),
			    esc(s->name, b, sizeof(b)), !up->up ?
			    "it is down" : "no cable, or the port at the other "
			    "end is off");
			return;
		}
	}
	if (bridge_holds_uplink(s, h))
		str_copy(w->ifname, sizeof(w->ifname), s->bridge);
}

static void where_routed(struct where *w, const struct host_facts *h)
{
	const struct plan_switch *s = w->sw;
	char b[PLAN_NAME_MAX * 4];

	esc(s->name, b, sizeof(b));
	if (!h || !h->nets) {
		w->skip = true;
		say(w->why, sizeof(w->why),
		    "the host's libvirt networks could not be read, so the "
		    "bridge of switch \"%s\" is not known", b);
		return;
	}
	w->net = find_net(h, s->name);
	if (!w->net) {
		w->skip = true;
		say(w->why, sizeof(w->why),
		    "the switch \"%s\" is not created yet: the probe can run "
		    "after apply", b);
		return;
	}
	if (!w->net->active) {
		w->skip = true;
		say(w->why, sizeof(w->why),
		    "the switch \"%s\" is defined but not running: start it "
		    "(virsh net-start %s) or apply the plan, then probe again",
		    b, b);
		return;
	}
	if (!w->net->bridge[0] ||
	    strlen(w->net->bridge) >= PROBE_IFNAME_MAX) {
		w->skip = true;
		say(w->why, sizeof(w->why),
		    "libvirt names no usable bridge for the switch \"%s\"", b);
		return;
	}
	str_copy(w->ifname, sizeof(w->ifname), w->net->bridge);
}

static void where_of(struct where *w, const struct plan *p, size_t nic,
		     const struct host_facts *h)
{
	const struct plan_nic *n = &p->nics[nic];
	char b[PLAN_NAME_MAX * 4];

	memset(w, 0, sizeof(*w));
	for (size_t i = 0; i < p->nswitches && i < PLAN_MAX_SWITCHES; i++)
		if (!strcmp(p->switches[i].name, n->switch_name)) {
			w->sw = &p->switches[i];
			w->si = i;
			break;
		}
	if (!w->sw || w->sw->type == SWITCH_UNSET) {
		char f[DIAG_PATH_MAX];

		w->skip = true;
		say(w->why, sizeof(w->why),
		    "the NIC's switch \"%s\" is not a switch of the plan: fix "
		    "the switch (%s) first", esc(n->switch_name, b, sizeof(b)),
		    plan_path(f, sizeof(f), FIELD_NIC_SWITCH, nic, 0));
		w->sw = NULL;
		return;
	}
	if (w->sw->type == SWITCH_EXTERNAL)
		where_external(w, h);
	else
		where_routed(w, h);
}

/* The planned static values, parsed; each false when it does not. */
struct statics {
	bool addr_ok, subnet_ok, gw_ok;
	uint32_t addr, gw;
	int prefix;
};

static void statics_of(const struct plan_nic *n, struct statics *st)
{
	memset(st, 0, sizeof(*st));
	st->addr_ok = n->address[0] &&
		      ipv4_parse(n->address, &st->addr) == IPV4_OK &&
		      ipv4_classify(st->addr) == IPV4_CLASS_HOST;
	st->prefix = n->prefix;
	st->subnet_ok = st->addr_ok && n->has_prefix && n->prefix >= 1 &&
			n->prefix <= 31;
	st->gw_ok = n->gateway[0] &&
		    ipv4_parse(n->gateway, &st->gw) == IPV4_OK &&
		    ipv4_classify(st->gw) == IPV4_CLASS_HOST;
}

/* The gateway of a default/internal switch, judged from the facts. */
static void gateway_routed(struct probe_target *t, const struct where *w,
			   const struct plan_nic *n, uint32_t gw)
{
	char b[PLAN_NAME_MAX * 4], hs[IPV4_STRLEN];
	uint32_t host = 0;
	int pfx;
	const char *text = NULL;

	esc(w->sw->name, b, sizeof(b));
	t->skip = true;
	if (w->net && w->net->active &&
	    ipv4_parse_cidr(w->net->address, &host, &pfx) == IPV4_OK) {
		str_copy(t->ifname, sizeof(t->ifname), w->net->bridge);
		ipv4_format(host, hs);
		if (host == gw)
			say(t->why_not, sizeof(t->why_not),
			    "the gateway %s is this host's own address on the "
			    "running switch \"%s\": it answers while the switch "
			    "runs; nothing is sent", hs, b);
		else
			say(t->why_not, sizeof(t->why_not),
			    "on switch \"%s\" the host (%s) is the router, not "
			    "%s: not probed; set the gateway to %s",
			    b, hs, n->gateway, hs);
		return;
	}
	if (w->sw->address[0] &&
	    ipv4_parse_cidr(w->sw->address, &host, &pfx) == IPV4_OK) {
		ipv4_format(host, hs);
		text = hs;
	}
	if (text && host == gw)
		say(t->why_not, sizeof(t->why_not),
		    "the gateway %s will be this host's own address on switch "
		    "\"%s\" once apply creates it: nothing to probe", hs, b);
	else if (text)
		say(t->why_not, sizeof(t->why_not),
		    "on switch \"%s\" the host (%s) will be the router, not "
		    "%s: not probed; set the gateway to %s", b, hs,
		    n->gateway, hs);
	else
		say(t->why_not, sizeof(t->why_not),
		    "%s; on it the host is the router, so the gateway is "
		    "judged once it runs", w->why[0] ? w->why :
		    "the switch's address is not known");
}

static void plan_static(struct out *o, const struct plan *p, size_t nic,
			const struct where *w)
{
	const struct plan_nic *n = &p->nics[nic];
	struct probe_target *t;
	struct statics st;
	char path[DIAG_PATH_MAX], why[PROBE_WHY_MAX];
	bool routed = w->sw && w->sw->type != SWITCH_EXTERNAL;

	statics_of(n, &st);

	plan_path(path, sizeof(path), FIELD_NIC_IP_ADDRESS, nic, 0);
	if ((t = add(o, nic, PROBE_ADDR, w, path))) {
		wire(t, w);
		struct mac m;

		if (mac_parse(n->mac, &m) == MAC_OK)
			mac_format(&m, t->own_mac);
		if (st.addr_ok) {
			str_copy(t->target, sizeof(t->target), n->address);
		} else if (!t->skip) {
			say(why, sizeof(why), "fix the address first (%s)",
			    path);
			skip(t, why);
		}
	}

	if (!n->gateway[0] && n->offline)
		return;		/* an offline network may have no router */
	plan_path(path, sizeof(path), FIELD_NIC_IP_GATEWAY, nic, 0);
	if (!(t = add(o, nic, PROBE_GATEWAY, w, path)))
		return;
	if (st.gw_ok)
		str_copy(t->target, sizeof(t->target), n->gateway);
	if (st.addr_ok)
		str_copy(t->source, sizeof(t->source), n->address);
	if (!st.subnet_ok || !st.gw_ok) {
		wire(t, w);
		if (!t->skip) {
			char f[DIAG_PATH_MAX];

			say(why, sizeof(why), "fix the address first: the "
			    "gateway is probed from the NIC's address, prefix "
			    "and gateway (%s)",
			    plan_path(f, sizeof(f), FIELD_NIC_IP, nic, 0));
			skip(t, why);
		}
		return;
	}
	if (st.gw == st.addr ||
	    !ipv4_contains(ipv4_network(st.addr, st.prefix), st.prefix,
			   st.gw)) {
		wire(t, w);
		if (!t->skip) {
			say(why, sizeof(why), "fix the gateway first: %s is "
			    "not another address in the subnet of %s/%d "
			    "(%s)", n->gateway, n->address, st.prefix, path);
			skip(t, why);
		}
		return;
	}
	if (routed)
		gateway_routed(t, w, n, st.gw);
	else
		wire(t, w);
}

static bool is_ip(const char *s)
{
	unsigned char b[16];

	return inet_pton(AF_INET, s, b) == 1 || inet_pton(AF_INET6, s, b) == 1;
}

size_t probe_plan_nic(const struct plan *p, size_t nic,
		      const struct host_facts *h,
		      const struct probe_plan_opts *o,
		      struct probe_target *out, size_t max)
{
	struct out ob = { out, max, 0 };
	const struct plan_nic *n;
	bool demand = !o || o->mode == PROBE_PLAN_ON_DEMAND;
	struct probe_target *t;
	struct where w;
	char path[DIAG_PATH_MAX], why[PROBE_WHY_MAX];

	if (!p || !out || nic >= p->nnics || nic >= PLAN_MAX_NICS)
		return 0;
	n = &p->nics[nic];
	where_of(&w, p, nic, h);

	/* the port is read, not sent to: the preflight has it too, so a
	 * missing cable is a warning there and not a silent "not run" */
	if (w.sw && w.sw->type == SWITCH_EXTERNAL) {
		plan_path(path, sizeof(path), FIELD_SW_UPLINK, w.si, 0);
		if ((t = add(&ob, nic, PROBE_PORT, &w, path))) {
			str_copy(t->ifname, sizeof(t->ifname), w.port);
			/* a port the host lacks is the probe's finding */
			if (!w.port[0])
				skip(t, w.why);
		}
	}

	if (n->mode == IP_DHCP) {
		plan_path(path, sizeof(path), FIELD_NIC_IP_MODE, nic, 0);
		if (!w.sw || w.sw->type == SWITCH_EXTERNAL) {
			if ((t = add(&ob, nic, PROBE_DHCP, &w, path)))
				wire(t, &w);
		} else if (demand &&
			   (t = add(&ob, nic, PROBE_LIBVIRT_DHCP, &w, path))) {
			if (!h || !h->nets)
				skip(t, w.why);
		}
	} else if (n->mode == IP_STATIC) {
		plan_static(&ob, p, nic, &w);
	}

	for (size_t k = 0; demand && k < n->ndns && k < PLAN_MAX_DNS; k++) {
		plan_path(path, sizeof(path), FIELD_NIC_DNS_SERVER, nic, k);
		if (!(t = add(&ob, nic, PROBE_DNS, &w, path)))
			break;
		if (is_ip(n->dns[k]) && strlen(n->dns[k]) < sizeof(t->target)) {
			str_copy(t->target, sizeof(t->target), n->dns[k]);
		} else {
			say(why, sizeof(why), "fix the DNS server first (%s)",
			    path);
			skip(t, why);
		}
	}

	if (o && o->elsewhere)
		for (size_t i = 0; i < ob.n; i++)
			skip(&out[i], o->elsewhere);
	return ob.n;
}

size_t probe_plan_all(const struct plan *p, const struct host_facts *h,
		      const struct probe_plan_opts *o,
		      struct probe_target *out, size_t max)
{
	size_t n = 0;

	if (!p)
		return 0;
	for (size_t i = 0; i < p->nnics && i < PLAN_MAX_NICS && n < max; i++)
		n += probe_plan_nic(p, i, h, o, out + n, max - n);
	return n;
}

void probe_plan_own_macs(const struct plan *p, const struct state *st,
			 struct probe_target *t, size_t n)
{
	char err[ERR_MAX];

	if (!p || !st)
		return;
	for (size_t i = 0; i < n; i++) {
		struct mac m;

		if (t[i].kind != PROBE_ADDR || t[i].own_mac[0] ||
		    t[i].nic >= p->nnics || t[i].nic >= PLAN_MAX_NICS ||
		    !p->domain[0])
			continue;
		if (state_lookup_mac(st, p->domain, p->nics[t[i].nic].name,
				     &m, err, sizeof(err)) == 1)
			mac_format(&m, t[i].own_mac);
	}
}

const char *probe_plan_elsewhere(const char *given, const char *reported,
				 bool demo, char *buf, size_t len)
{
	const char *real = reported && reported[0] ? reported : given;
	char name[700];

	/* an alias ("plant2") is named with what libvirt resolved it to */
	if (given && real && strcmp(real, given) != 0)
		snprintf(name, sizeof(name), "The host %.300s (%.300s)", given,
			 real);
	else
		snprintf(name, sizeof(name), "The host %.600s",
			 real ? real : "qemu:///system");
	switch (host_uri_where(real)) {
	case HOST_SIMULATED:
		snprintf(buf, len, "%s is simulated (libvirt's test driver): "
			 "its switches are not on this machine's network, so "
			 "nothing is sent; on a real host each probe runs on "
			 "the switch's own network.",
			 demo ? "The demo host" : name);
		return buf;
	case HOST_UNKNOWN:
		snprintf(buf, len, "%s is an alias that libvirt has not "
			 "resolved (it is not connected): which machine it "
			 "names is not known, so nothing is sent.", name);
		return buf;
	case HOST_REMOTE:
		snprintf(buf, len, "%s is another machine: the probes run "
			 "only on the host itself (edgenet diag there); "
			 "nothing is sent from here.", name);
		return buf;
	case HOST_THIS_MACHINE:
		break;
	}
	return NULL;
}
