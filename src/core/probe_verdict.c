/*
 * probe_verdict.c - a probe's result judged: diagnostics on the plan
 * field of its target, and the level it stands at (see probe_verdict.h
 * for the verdicts).  The words are probe_words.c's, the JSON
 * probe_json.c's.  Pure C: memory only.
 */
#include <stdio.h>
#include <string.h>

#include "core/dns_verdict.h"
#include "core/ipv4.h"
#include "core/fieldpath.h"
#include "core/mac.h"
#include "core/probe_fmt.h"
#include "core/probe_verdict.h"

bool probe_addr_own(const struct probe_target *t,
		    const struct probe_result *r)
{
	const struct probe_addr *a = &r->addr;

	if (r->kind != PROBE_ADDR || r->status != PROBE_DONE ||
	    !a->answered || !a->nmacs || !t->own_mac[0])
		return false;
	for (size_t i = 0; i < a->nmacs && i < PROBE_MAX_MACS; i++)
		if (!mac_text_same(a->macs[i], t->own_mac))
			return false;
	return true;
}

static void verdict_addr(const struct plan *p, const struct probe_target *t,
			 const struct probe_result *r, struct diag_list *out)
{
	const struct probe_addr *a = &r->addr;
	char macs[PROBE_LIST_MAX] = "";

	(void)p;
	if (!a->answered || probe_addr_own(t, r))
		return;		/* free, or the VM's own NIC holds it */
	for (size_t i = 0; i < a->nmacs && i < PROBE_MAX_MACS; i++)
		probe_list_add(macs, sizeof(macs), a->macs[i]);
	diag_add(out, DIAG_ERROR, t->path,
		 "%s is already in use on switch \"%s\" (%s answered the ARP probe "
		 "on %s): choose a free address, or find and switch off the "
		 "device that holds it",
		 probe_or_text(a->target, t->target), t->network,
		 macs[0] ? macs : "a device",
		 probe_or_text(r->ifname, t->ifname));
}

/* The distinct servers of D's offers as "ID (MAC) offering ADDR", in
 * arrival order. */
static void dhcp_servers(const struct probe_dhcp *d, char *buf, size_t len)
{
	char one[128];

	buf[0] = '\0';
	for (size_t i = 0; i < d->noffers && i < PROBE_MAX_OFFERS; i++) {
		const struct dhcp_offer *o = &d->offers[i];
		bool seen = false;

		for (size_t j = 0; j < i && !seen; j++) {
			const struct dhcp_offer *q = &d->offers[j];

			seen = o->server_id[0] ?
			       !strcmp(q->server_id, o->server_id) :
			       !strcmp(q->server_mac, o->server_mac);
		}
		if (seen)
			continue;
		snprintf(one, sizeof(one), "%s (%s) offering %s",
			 probe_or_text(o->server_id, probe_or_text(o->server_ip, "?")),
			 probe_or_text(o->server_mac, "MAC unknown"),
			 probe_or_text(o->offered, "no address"));
		probe_list_add(buf, len, one);
	}
}

static void verdict_dhcp(const struct plan *p, const struct probe_target *t,
			 const struct probe_result *r, struct diag_list *out)
{
	const struct probe_dhcp *d = &r->dhcp;
	char lab[PLAN_NAME_MAX + 8], w[32], list[PROBE_LIST_MAX];

	if (!d->noffers && !d->nservers) {
		diag_add(out, DIAG_WARNING, t->path,
			 "no DHCP server answered on switch \"%s\" (DISCOVER "
			 "sent on %s, waited %s): %s will get no address in "
			 "DHCP mode; connect or start the network's DHCP "
			 "server, or give the NIC a static address",
			 t->network, probe_or_text(r->ifname, t->ifname),
			 probe_wait_text(d->wait_ms, w, sizeof(w)),
			 probe_nic_label(p, t, lab, sizeof(lab)));
		return;
	}
	if (d->nservers < 2)
		return;
	dhcp_servers(d, list, sizeof(list));
	diag_add(out, DIAG_WARNING, t->path,
		 "%zu DHCP servers answered on switch \"%s\": %s%s; one of "
		 "them may be a rogue server handing out wrong addresses, and "
		 "the VM takes whichever answers first: find the one that "
		 "should not be there and switch it off",
		 d->nservers, t->network, list,
		 d->more ? ", and more" : "");
}

static void verdict_lvdhcp(const struct plan *p, const struct probe_target *t,
			   const struct probe_result *r, struct diag_list *out)
{
	const struct probe_libvirt_dhcp *l = &r->lvdhcp;
	const char *net = probe_or_text(l->network, t->network);
	const struct plan_switch *s;
	char f[DIAG_PATH_MAX];
	size_t si = 0;
	char lab[PLAN_NAME_MAX + 8];
	uint32_t a, b, c, d;

	probe_nic_label(p, t, lab, sizeof(lab));
	if (!l->defined) {
		diag_add(out, DIAG_WARNING, t->path,
			 "the switch \"%s\" does not exist on this host yet (no "
			 "libvirt network of that name), so no DHCP server "
			 "serves it: %s gets no address until apply creates "
			 "the switch", net, lab);
		return;
	}
	if (!l->active) {
		diag_add(out, DIAG_WARNING, t->path,
			 "the switch \"%s\" is defined but not running, so its "
			 "DHCP server (libvirt's dnsmasq) does not answer and "
			 "%s gets no address: start it (virsh net-start %s) "
			 "or apply the plan", net, lab, net);
		return;
	}
	s = probe_target_switch(p, t, &si);
	if (!l->dhcp) {
		if (s)
			diag_add(out, DIAG_WARNING, t->path,
				 "the switch \"%s\" has no DHCP range in "
				 "libvirt's definition, so %s in DHCP mode gets "
				 "no address: turn DHCP on for the switch "
				 "(%s) and apply, or give the NIC a static "
				 "address", net, lab,
				 plan_path(f, sizeof(f), FIELD_SW_DHCP, si, 0));
		else
			diag_add(out, DIAG_WARNING, t->path,
				 "the switch \"%s\" has no DHCP range in "
				 "libvirt's definition, so %s in DHCP mode gets "
				 "no address: turn DHCP on for the switch and "
				 "apply, or give the NIC a static address",
				 net, lab);
		return;
	}
	if (!l->dnsmasq_running)
		diag_add(out, DIAG_WARNING, t->path,
			 "libvirt's DHCP server (dnsmasq) for the switch \"%s\" "
			 "is not running, so %s gets no address: restart the "
			 "switch (virsh net-destroy %s, then virsh net-start "
			 "%s; its VMs lose the network meanwhile)",
			 net, lab, net, net);
	if (s && s->dhcp && s->dhcp_start[0] && s->dhcp_end[0] &&
	    ipv4_parse(s->dhcp_start, &a) == IPV4_OK &&
	    ipv4_parse(s->dhcp_end, &b) == IPV4_OK &&
	    (ipv4_parse(l->range_start, &c) != IPV4_OK ||
	     ipv4_parse(l->range_end, &d) != IPV4_OK || a != c || b != d))
		diag_add(out, DIAG_WARNING, t->path,
			 "libvirt hands out %s-%s on the switch \"%s\", the "
			 "plan says %s-%s (%s): apply "
			 "the plan to change the range; until then a static "
			 "address chosen outside the plan's range may be "
			 "leased to another VM",
			 probe_or_text(l->range_start, "?"),
			 probe_or_text(l->range_end, "?"), net, s->dhcp_start,
			 s->dhcp_end,
			 plan_path(f, sizeof(f), FIELD_SW_DHCP_START, si, 0));
}

static void verdict_gateway(const struct plan *p,
			    const struct probe_target *t,
			    const struct probe_result *r,
			    struct diag_list *out)
{
	const struct probe_gateway *g = &r->gw;
	const char *gw = probe_or_text(g->gateway, t->target);
	char lab[PLAN_NAME_MAX + 8], w[32];

	if (!g->arp_answered) {
		diag_add(out, DIAG_WARNING, t->path,
			 "nothing answers at the gateway %s on switch \"%s\" "
			 "(no ARP reply on %s within %s): through %s the VM "
			 "will reach nothing beyond this network; check the "
			 "gateway's address and that the router is on and "
			 "connected",
			 gw, t->network, probe_or_text(r->ifname, t->ifname),
			 probe_wait_text(g->wait_ms, w, sizeof(w)),
			 probe_nic_label(p, t, lab, sizeof(lab)));
		return;
	}
	/* ARP answered and no echo sent: OK.  The echo goes only from an
	 * address found free (a ping from one in use would take it over);
	 * the words say why it did not go (probe_gateway's no_ping). */
	if (g->ping_sent && !g->ping_answered)
		diag_add(out, DIAG_WARNING, t->path,
			 "the gateway %s is there (%s answered ARP) but did "
			 "not answer ping within %s: many firewalls drop ping "
			 "and the route may still work; if the VM cannot "
			 "reach beyond this network, check the router",
			 gw, probe_or_text(g->mac, "a device"),
			 probe_wait_text(g->wait_ms, w, sizeof(w)));
}

static void verdict_port(const struct plan *p, const struct probe_target *t,
			 const struct probe_result *r, struct diag_list *out)
{
	const struct probe_port *pt = &r->port;
	const struct plan_switch *s;
	const char *ifn = probe_or_text(r->ifname, t->ifname);
	char f[DIAG_PATH_MAX];
	size_t si = 0;
	bool bridge_mode;

	s = probe_target_switch(p, t, &si);
	bridge_mode = !s || s->ext_mode == EXT_BRIDGE;
	if (!pt->exists) {
		diag_add(out, DIAG_ERROR, t->path,
			 "the uplink %s of switch \"%s\" does not exist on this "
			 "host: choose one of the host's network ports, by the "
			 "name `ip link` shows", ifn, t->network);
		return;
	}
	if (pt->wireless)
		diag_add(out, bridge_mode ? DIAG_ERROR : DIAG_WARNING, t->path,
			 "%s is a Wi-Fi port: %s (the access point accepts "
			 "frames only from the host's own MAC): use the NAT "
			 "(default) switch instead",
			 ifn, bridge_mode ? "Wi-Fi cannot be bridged" :
			 "macvtap over Wi-Fi rarely works");
	if (pt->master[0] &&
	    (!bridge_mode || !s || strcmp(pt->master, s->bridge))) {
		if (bridge_mode && s)
			diag_add(out, DIAG_ERROR, t->path,
				 "%s is already a port of bridge %s, not of "
				 "this switch's bridge %s, and a NIC can be in "
				 "one bridge only: choose another uplink, or "
				 "name %s as the switch's bridge (%s)", ifn,
				 pt->master,
				 s->bridge[0] ? s->bridge : "(none)",
				 pt->master, plan_path(f, sizeof(f),
						       FIELD_SW_BRIDGE, si, 0));
		else
			diag_add(out, DIAG_ERROR, t->path,
				 "%s is already a port of bridge %s, and %s: "
				 "choose another uplink, or take it out of %s "
				 "first", ifn, pt->master,
				 bridge_mode ? "a NIC can be in one bridge only"
				 : "macvtap cannot use a bridge's port",
				 pt->master);
	}
	if (pt->is_virtual)
		diag_add(out, DIAG_WARNING, t->path,
			 "%s is a virtual interface (%s), not a physical port: "
			 "the VM would not reach the plant network through it; "
			 "choose the physical NIC connected to that network",
			 ifn, probe_or_text(pt->kind, "virtual"));
	if (!pt->up)
		diag_add(out, DIAG_WARNING, t->path,
			 "%s is down (administratively), so nothing passes "
			 "through it: bring it up (ip link set %s up) and probe "
			 "again", ifn, ifn);
	else if (!pt->carrier)
		diag_add(out, DIAG_WARNING, t->path,
			 "%s has no carrier: no cable, or the other end is "
			 "off; plug the cable in: until then the VM has no "
			 "network on switch \"%s\"", ifn, t->network);
}

static void verdict_dns(const struct probe_target *t,
			const struct probe_result *r, struct diag_list *out)
{
	const struct dnsview_probe *d = &r->dns.probe;
	char why[1024];

	if (!dns_verdict_is_problem(dns_verdict_of(d)))
		return;
	diag_add(out, DIAG_WARNING, t->path, "the DNS server %s %s",
		 probe_or_text(r->dns.server, t->target),
		 dns_verdict_explain(d, false, why, sizeof(why)));
}

void probe_verdict(const struct plan *p, const struct probe_target *t,
		   const struct probe_result *r, struct diag_list *out)
{
	if (!t || !r || !out || r->status != PROBE_DONE)
		return;
	switch (r->kind) {
	case PROBE_PORT:
		verdict_port(p, t, r, out);
		break;
	case PROBE_DHCP:
		verdict_dhcp(p, t, r, out);
		break;
	case PROBE_LIBVIRT_DHCP:
		verdict_lvdhcp(p, t, r, out);
		break;
	case PROBE_ADDR:
		verdict_addr(p, t, r, out);
		break;
	case PROBE_GATEWAY:
		verdict_gateway(p, t, r, out);
		break;
	case PROBE_DNS:
		verdict_dns(t, r, out);
		break;
	case PROBE_NONE:
	case PROBE_KIND_COUNT:
		break;
	}
}

static enum probe_level level_of(const struct diag_list *l)
{
	if (diag_count(l, DIAG_ERROR))
		return PROBE_LEVEL_ERROR;
	if (diag_count(l, DIAG_WARNING))
		return PROBE_LEVEL_WARNING;
	return PROBE_LEVEL_OK;
}

enum probe_level probe_level(const struct plan *p, const struct probe_target *t,
			     const struct probe_result *r)
{
	struct diag_list l;
	enum probe_level v;

	if (!t || !r || r->status != PROBE_DONE)
		return PROBE_LEVEL_NONE;
	diag_list_init(&l);
	probe_verdict(p, t, r, &l);
	v = level_of(&l);
	diag_list_free(&l);
	return v;
}
