/*
 * describe.c - a plan in plain words (see describe.h).  Says what the
 * plan asks for, as typed, and what applying it does on the host it is
 * for (a remote or simulated host's links are left alone, as the apply
 * planner leaves them); it judges nothing (validate.c does) and touches
 * nothing but the caller's callback and buffers.  Also the words for a
 * NIC whose switch type the chosen host profile does not allow, and a
 * field's path turned into the labels the console shows.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "describe.h"
#include "textsafe.h"
#include "str.h"

struct dctx {
	describe_emit_fn emit;
	void *ctx;
	size_t n;
	bool links_local;
};

__attribute__((format(printf, 2, 3)))
static void say(struct dctx *d, const char *fmt, ...)
{
	char line[4096], safe[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* the plan's values are quoted as typed: shown escaped */
	d->emit(d->ctx, textsafe_buf(safe, sizeof(safe), line));
	d->n++;
}

static const struct host_net *host_net(const struct host_net_list *nets,
				       const char *name)
{
	if (!nets)
		return NULL;
	for (size_t i = 0; i < nets->count && i < HOST_MAX_NETS; i++)
		if (strcmp(nets->items[i].name, name) == 0)
			return &nets->items[i];
	return NULL;
}

static const char *or_unset(const char *s)
{
	return s && s[0] ? s : "(not set)";
}

static void describe_dhcp(const struct plan_switch *s, char *buf, size_t len)
{
	if (s->dhcp)
		snprintf(buf, len, "libvirt's DHCP server hands out %s to %s",
			 or_unset(s->dhcp_start), or_unset(s->dhcp_end));
	else
		snprintf(buf, len, "no DHCP server (every VM NIC on it needs "
			 "a static address)");
}

/* An external switch in bridge mode: the bridge is made here only on a
 * local host; elsewhere it must be there already. */
static void describe_bridge(struct dctx *d, const struct plan_switch *s,
			    const char *verb)
{
	if (d->links_local)
		say(d, "Switch '%s' (external, bridge): create the "
		    "Linux bridge %s (unless it exists) and enslave "
		    "host NIC %s to it; the host's address on %s "
		    "moves to %s (its connection drops for a moment); "
		    "then %s libvirt network '%s' in bridge mode on %s.",
		    s->name, or_unset(s->bridge), or_unset(s->uplink),
		    or_unset(s->uplink), or_unset(s->bridge), verb,
		    s->name, or_unset(s->bridge));
	else
		say(d, "Switch '%s' (external, bridge): %s libvirt network "
		    "'%s' in bridge mode on %s. The links of this host "
		    "cannot be seen over its connection (a remote or "
		    "simulated host such as the demo), so edgenet creates "
		    "no bridge and moves no NIC there: bridge %s must "
		    "already hold host NIC %s on that host.", s->name, verb,
		    s->name, or_unset(s->bridge), or_unset(s->bridge),
		    or_unset(s->uplink));
}

static void describe_switch(struct dctx *d, const struct plan_switch *s,
			    const struct host_net_list *nets)
{
	const struct host_net *hn = host_net(nets, s->name);
	const char *verb = hn ? "update the existing" : "create the";
	char dhcp[256];

	describe_dhcp(s, dhcp, sizeof(dhcp));
	switch (s->type) {
	case SWITCH_DEFAULT:
		if (hn && hn->type == SWITCH_DEFAULT)
			say(d, "Switch '%s' (default): use the host's existing "
			    "NAT network '%s' as it is (%s%s).", s->name,
			    s->name, or_unset(hn->address),
			    hn->active ? ", running" :
			    ", not running: it will be started");
		else
			say(d, "Switch '%s' (default): %s libvirt NAT network "
			    "'%s' with host address %s; %s; VMs reach other "
			    "networks through the host's address translation.",
			    s->name, verb, s->name, or_unset(s->address), dhcp);
		break;
	case SWITCH_INTERNAL:
		say(d, "Switch '%s' (internal): %s libvirt network '%s' "
		    "between the host and its VMs only, host address %s on "
		    "its bridge; %s; %s.", s->name, verb, s->name,
		    or_unset(s->address), dhcp,
		    s->nat ? "NAT to the host's uplink lets VMs reach "
			     "other networks" :
			     "no NAT: VMs reach nothing beyond the host");
		break;
	case SWITCH_EXTERNAL:
		if (s->ext_mode == EXT_MACVTAP)
			say(d, "Switch '%s' (external, macvtap): %s libvirt "
			    "network '%s' attached directly to host NIC %s. "
			    "The VM appears on the plant network with its own "
			    "MAC; the host and the VM cannot talk to each "
			    "other over %s.", s->name, verb, s->name,
			    or_unset(s->uplink), or_unset(s->uplink));
		else
			describe_bridge(d, s, verb);
		break;
	default:
		say(d, "Switch '%s': no type chosen yet; nothing can be "
		    "created for it.", or_unset(s->name));
		break;
	}
}

static void join_list(char *buf, size_t len, const char (*items)[PLAN_ADDR_MAX],
		      size_t n)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 i ? ", " : "", items[i]);
}

static void join_domains(char *buf, size_t len,
			 const char (*items)[PLAN_DOMAIN_MAX], size_t n)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 i ? ", " : "", items[i]);
}

static void describe_nic(struct dctx *d, const struct plan *p, size_t i)
{
	const struct plan_nic *n = &p->nics[i];
	char mac[128], addr[256], dns[512], route[256];
	char search[PLAN_MAX_SEARCH * PLAN_DOMAIN_MAX + 32];

	if (n->mac[0])
		snprintf(mac, sizeof(mac), "MAC %s", n->mac);
	else
		snprintf(mac, sizeof(mac), "a MAC generated once and kept "
			 "in the state directory");
	if (n->mode == IP_STATIC) {
		char pfx[32];

		if (n->has_prefix)
			snprintf(pfx, sizeof(pfx), "/%d", n->prefix);
		else
			snprintf(pfx, sizeof(pfx), " (no prefix length)");
		snprintf(addr, sizeof(addr), "static address %s%s%s%s",
			 or_unset(n->address), pfx,
			 n->gateway[0] ? ", gateway " : ", no gateway",
			 n->gateway);
	}
	else if (n->mode == IP_DHCP)
		snprintf(addr, sizeof(addr), "address from DHCP");
	else
		snprintf(addr, sizeof(addr), "no address mode chosen yet");
	if (n->ndns) {
		char list[PLAN_MAX_DNS * PLAN_ADDR_MAX];

		join_list(list, sizeof(list), n->dns, n->ndns);
		snprintf(dns, sizeof(dns), "DNS servers %s", list);
	} else {
		str_copy(dns, sizeof(dns), n->mode == IP_DHCP ?
			 "DNS servers from DHCP" : "no DNS servers");
	}
	search[0] = '\0';
	if (n->nsearch) {
		char list[PLAN_MAX_SEARCH * PLAN_DOMAIN_MAX];

		join_domains(list, sizeof(list), n->search, n->nsearch);
		snprintf(search, sizeof(search), ", search domains %s", list);
	}
	if (n->offline)
		snprintf(route, sizeof(route), "offline network: no default "
			 "route, and its DNS servers answer only for its own "
			 "domains");
	else if (n->mode == IP_STATIC && !n->gateway[0])
		snprintf(route, sizeof(route), "no default route (no "
			 "gateway)");
	else
		snprintf(route, sizeof(route), "default route with metric %lld",
			 plan_nic_metric(p, i));
	say(d, "NIC %s%s on switch '%s': %s; %s; %s%s; %s.",
	    or_unset(n->name), n->primary ? " (primary)" : "",
	    or_unset(n->switch_name), mac, addr, dns, search, route);
}

/* The NIC that carries default traffic: the lowest metric among those
 * with a default route. */
static void describe_winner(struct dctx *d, const struct plan *p)
{
	long long best = -1;
	size_t win = 0, ties = 0;

	for (size_t i = 0; i < p->nnics; i++) {
		const struct plan_nic *n = &p->nics[i];
		long long m;

		if (n->offline || n->mode == IP_UNSET ||
		    (n->mode == IP_STATIC && !n->gateway[0]))
			continue;
		m = plan_nic_metric(p, i);
		if (best < 0 || m < best) {
			best = m;
			win = i;
			ties = 0;
		} else if (m == best) {
			ties++;
		}
	}
	if (best < 0)
		say(d, "No NIC gives the VM a default route: it reaches only "
		    "the networks it is directly on.");
	else if (ties)
		say(d, "Default traffic: %zu NICs share the lowest metric %lld, "
		    "so the kernel picks one at random.", ties + 1, best);
	else
		say(d, "Default traffic (internet) leaves the VM through %s "
		    "(metric %lld, the lowest).", or_unset(p->nics[win].name),
		    best);
}

size_t plan_describe(const struct plan *p, const struct describe_host *h,
		     describe_emit_fn emit, void *ctx)
{
	struct dctx d = { .emit = emit, .ctx = ctx, .n = 0,
			  .links_local = !h || h->links_local };
	const struct host_net_list *nets = h ? h->nets : NULL;

	say(&d, "Host profile: %s.", plan_profile_name(p->profile) ?
	    plan_profile_name(p->profile) : "not set");
	for (size_t i = 0; i < p->nswitches; i++)
		describe_switch(&d, &p->switches[i], nets);
	say(&d, "VM '%s': %zu NIC%s, in order of priority:",
	    or_unset(p->domain), p->nnics, p->nnics == 1 ? "" : "s");
	for (size_t i = 0; i < p->nnics; i++)
		describe_nic(&d, p, i);
	if (p->nnics)
		describe_winner(&d, p);
	say(&d, "In the VM: a systemd-networkd file per NIC "
	    "(05-edgenet-NAME.network, matched by MAC), on a seed CD-ROM "
	    "the VM reads at every start and, while it runs with its guest "
	    "agent, written into it at once; the steps say which.");
	return d.n;
}

bool describe_links_local(const char *uri)
{
	const char *sep;

	if (!uri || !uri[0])
		return true;		/* libvirt's local default */
	if (strncmp(uri, "test:", 5) == 0)
		return false;		/* simulated: not this machine */
	sep = strstr(uri, "://");
	return !sep || sep[3] == '/';	/* a host name: remote */
}

/* The type of the switch NIC I is on, or SWITCH_UNSET. */
static enum switch_type nic_switch_type(const struct plan *p, size_t i)
{
	const struct plan_switch *s = plan_find_switch(p,
						       p->nics[i].switch_name);

	return s ? s->type : SWITCH_UNSET;
}

static bool nic_allowed(const struct plan *p, const struct policy *pol,
			enum host_profile prof, size_t i)
{
	enum switch_type t = nic_switch_type(p, i);

	return t <= SWITCH_UNSET || t >= SWITCH_COUNT ||
	       policy_switch_allowed(pol, prof, t);
}

bool plan_profile_conflict(const struct plan *p, const struct policy *pol,
			   enum host_profile prof, size_t i, bool next,
			   char *buf, size_t len)
{
	enum host_profile other = prof == PROFILE_CLIENT ? PROFILE_SERVER :
				  PROFILE_CLIENT;
	const char *name = p->nics[i].name[0] ? p->nics[i].name : "this NIC";
	const char *type, *pname = plan_profile_name(prof);
	size_t n, blocked = p->nnics;
	int w;

	if (len)
		buf[0] = '\0';
	if (!pol || i >= p->nnics || !pname || nic_allowed(p, pol, prof, i))
		return false;
	type = plan_switch_type_name(nic_switch_type(p, i));
	w = snprintf(buf, len, "%s is on %s switch %s, which a %s host does "
		     "not allow: ", name, type, p->nics[i].switch_name, pname);
	n = w < 0 ? 0 : (size_t)w < len ? (size_t)w : len;
	/* would the other profile take every NIC of the plan? */
	for (size_t k = 0; k < p->nnics; k++)
		if (!nic_allowed(p, pol, other, k)) {
			blocked = k;
			break;
		}
	if (next)
		snprintf(buf + n, len - n, "the next step gives %s a switch "
			 "type a %s host allows", name, pname);
	else if (blocked == p->nnics)
		snprintf(buf + n, len - n, "choose %s, or change %s's switch "
			 "on its step", plan_profile_name(other), name);
	else if (policy_switch_allowed(pol, other, nic_switch_type(p, i)))
		snprintf(buf + n, len - n, "change %s's switch on its step (a "
			 "%s host allows %s switches, but not the %s switch "
			 "of %s)", name, plan_profile_name(other), type,
			 plan_switch_type_name(nic_switch_type(p, blocked)),
			 p->nics[blocked].name);
	else
		snprintf(buf + n, len - n, "change %s's switch on its step",
			 name);
	return true;
}

/* ---- field paths in words ---- */

struct field_word {
	const char *key;
	const char *words;
};

static const struct field_word top_words[] = {
	{ "", "plan" },
	{ "profile", "host profile" },
	{ "vm", "VM (libvirt domain)" },
	{ "nics", "NICs" },
	{ "switches", "switches" },
	{ "version", "plan version" },
};

static const struct field_word switch_words[] = {
	{ "name", "name" },
	{ "type", "type" },
	{ "uplink", "host NIC (uplink)" },
	{ "mode", "attach by" },
	{ "bridge", "bridge name" },
	{ "address", "host address" },
	{ "dhcp", "DHCP server" },
	{ "dhcp_start", "DHCP range start" },
	{ "dhcp_end", "DHCP range end" },
	{ "nat", "NAT" },
};

static const struct field_word nic_words[] = {
	{ "name", "name in the VM" },
	{ "switch", "switch" },
	{ "mac", "MAC address" },
	{ "ip.mode", "address by" },
	{ "ip.address", "address" },
	{ "ip.prefix", "prefix length" },
	{ "ip.gateway", "gateway" },
	{ "dns.servers", "DNS servers" },
	{ "dns.search", "search domains" },
	{ "metric", "route metric" },
	{ "primary", "primary" },
	{ "offline", "offline network" },
};

static const char *field_word(const struct field_word *t, size_t n,
			      const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].key, key) == 0)
			return t[i].words;
	return NULL;
}

/* "dns.servers[1]" -> "DNS server 2"; "ip.gateway" -> "gateway". */
static bool nic_field_words(const char *rest, char *buf, size_t len)
{
	const char *w;
	char *end;
	unsigned long k;

	if ((w = field_word(nic_words, sizeof(nic_words) /
			    sizeof(nic_words[0]), rest))) {
		str_copy(buf, len, w);
		return true;
	}
	if (strncmp(rest, "dns.servers[", 12) == 0 ||
	    strncmp(rest, "dns.search[", 11) == 0) {
		bool srv = rest[4] == 's' && rest[5] == 'e' && rest[6] == 'r';
		const char *num = strchr(rest, '[') + 1;

		k = strtoul(num, &end, 10);
		if (end == num || strcmp(end, "]") != 0)
			return false;
		snprintf(buf, len, "%s %lu", srv ? "DNS server" :
			 "search domain", k + 1);
		return true;
	}
	return false;
}

char *plan_field_label(const struct plan *p, const char *path, char *buf,
		       size_t len)
{
	const struct field_word *t;
	const char *w, *num, *rest;
	bool sw;
	unsigned long k;
	char *end, what[96];
	size_t n;

	if (!len)
		return buf;
	if ((w = field_word(top_words, sizeof(top_words) /
			    sizeof(top_words[0]), path))) {
		str_copy(buf, len, w);
		return buf;
	}
	sw = strncmp(path, "switches[", 9) == 0;
	if (!sw && strncmp(path, "nics[", 5) != 0)
		goto as_is;
	num = path + (sw ? 9 : 5);
	k = strtoul(num, &end, 10);
	if (end == num || *end != ']' || (end[1] != '.' && end[1] != '\0'))
		goto as_is;
	rest = end[1] ? end + 2 : "";
	if (sw && k < p->nswitches && p->switches[k].name[0])
		snprintf(buf, len, "switch %s", p->switches[k].name);
	else if (!sw && k < p->nnics && p->nics[k].name[0])
		snprintf(buf, len, "NIC %s", p->nics[k].name);
	else
		snprintf(buf, len, "%s %lu", sw ? "switch" : "NIC", k + 1);
	if (!rest[0])
		return buf;
	t = sw ? switch_words : nic_words;
	n = sw ? sizeof(switch_words) / sizeof(switch_words[0]) :
		 sizeof(nic_words) / sizeof(nic_words[0]);
	if ((w = field_word(t, n, rest)))
		str_copy(what, sizeof(what), w);
	else if (sw || !nic_field_words(rest, what, sizeof(what)))
		goto as_is;
	n = strlen(buf);
	snprintf(buf + n, len - n, ": %s", what);
	return buf;
as_is:
	str_copy(buf, len, path);
	return buf;
}
