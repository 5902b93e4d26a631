/*
 * apply_plan_net.c - the host steps of an apply: the bridge an external
 * switch needs, and each switch's libvirt network (defined, redefined
 * keeping its UUID, its bridge and the DHCP host entries of other
 * machines; DHCP host entries of the plan's NICs; started, autostarted).
 * Called by apply_plan_build (apply_plan.c) in plan order.
 *
 * Pure C: reads the snapshot, writes the step list.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/apply_plan.h"
#include "core/apply_plan_priv.h"
#include "core/sbuf.h"
#include "core/str.h"
#include "core/fieldpath.h"
#include "core/vxml.h"
#include "core/xmldoc.h"
#include "core/xmlgen.h"
#include "core/err.h"

/* A short description of a planned switch for sentences. */
static void switch_words(const struct plan_switch *s, char *buf, size_t len)
{
	switch (s->type) {
	case SWITCH_DEFAULT:
		snprintf(buf, len, "NAT network %s%s%s%s", s->address,
			 s->dhcp ? ", DHCP " : "", s->dhcp ? s->dhcp_start : "",
			 s->dhcp ? "-" : "");
		if (s->dhcp)
			str_copy(buf + strlen(buf), len - strlen(buf),
				 s->dhcp_end);
		break;
	case SWITCH_INTERNAL:
		snprintf(buf, len, "internal switch, %s, %s%s%s%s%s",
			 s->nat ? "NAT to the uplink" : "isolated", s->address,
			 s->dhcp ? ", DHCP " : "", s->dhcp ? s->dhcp_start : "",
			 s->dhcp ? "-" : "", s->dhcp ? s->dhcp_end : "");
		break;
	case SWITCH_EXTERNAL:
		if (s->ext_mode == EXT_BRIDGE)
			snprintf(buf, len, "external switch on bridge %s "
				 "(uplink %s)", s->bridge, s->uplink);
		else
			snprintf(buf, len, "external switch, macvtap on %s",
				 s->uplink);
		break;
	default:
		str_copy(buf, len, "switch");
		break;
	}
}

/* NET XML with the <host> entry for MAC set to IP ("" removes it). */
static char *net_set_host(const char *xml, const char *mac, const char *ip)
{
	struct xml_doc doc;
	const struct xml_node *dhcp, *h, *found = NULL;
	char *entry = NULL, *out = NULL, *indent = NULL;
	char canon[MAC_STRLEN];

	if (xmldoc_parse(&doc, xml, NULL, 0) < 0)
		return NULL;
	dhcp = NULL;
	for (h = xml_child(doc.root, "ip"); h && !dhcp; h = xml_next(h))
		dhcp = xml_child(h, "dhcp");
	if (!dhcp)
		goto out;
	for (h = xml_child(dhcp, "host"); h; h = xml_next(h))
		if (vxml_canon_mac(xml_get(h, "mac"), canon) &&
		    strcmp(canon, mac) == 0)
			found = h;
	if (ip[0]) {
		entry = xmlgen_dhcp_host(mac, ip);
		if (!entry)
			goto out;
	}
	if (found && ip[0]) {
		out = xml_splice(xml, found->start, found->end, entry);
	} else if (found) {
		size_t from = found->start, to = found->end;

		/* Take the line with it when the element is alone on it. */
		while (from > 0 && (xml[from - 1] == ' ' || xml[from - 1] == '\t'))
			from--;
		if ((from == 0 || xml[from - 1] == '\n') && xml[to] == '\n')
			to++;
		else
			from = found->start;
		out = xml_splice(xml, from, to, "");
	} else if (ip[0]) {
		const struct xml_node *last = dhcp->nkids ?
			dhcp->kids[dhcp->nkids - 1] : NULL;
		size_t at = last ? last->end : dhcp->inner;
		struct sbuf b;
		char *ins;

		/* After the last <range> or <host>, on a line of its own. */
		indent = xml_indent_at(xml, last ? last->start : dhcp->start);
		sbuf_init(&b);
		sbuf_add(&b, "\n");
		sbuf_add(&b, indent ? indent : "");
		if (!last)
			sbuf_add(&b, "  ");
		sbuf_add(&b, entry);
		ins = sbuf_done(&b);
		if (ins)
			out = xml_splice(xml, at, at, ins);
		free(ins);
	} else {
		out = strdup(xml);
	}
out:
	free(entry);
	free(indent);
	xmldoc_free(&doc);
	return out;
}

void ap_link(struct planner *pl, size_t i)
{
	const struct plan_switch *s = &pl->p->switches[i];
	const struct apply_link *l;
	struct apply_step *st;
	char path[DIAG_PATH_MAX], what[256];
	size_t k;

	plan_path(path, sizeof(path), FIELD_SW_UPLINK, i, 0);
	if (!pl->snap->links_known && pl->snap->remote) {
		const char *h = pl->snap->remote_host[0] ?
				pl->snap->remote_host : "the remote host";

		if (pl->snap->bridge_seen[i]) {
			ap_warn(pl, path, "bridge %s exists on %s (libvirt "
				"lists it): edgenet uses it as it is and "
				"changes no link there; make sure it holds "
				"%s", s->bridge, h, s->uplink);
			return;
		}
		ap_err(pl, path, "bridge %s must be made on %s itself: run "
		       "`edgenet apply` with this plan there, or create %s "
		       "holding %s on %s first; edgenet changes the links "
		       "of this machine only, never of a remote host",
		       s->bridge, h, s->bridge, s->uplink, h);
		return;
	}
	if (!pl->snap->links_known) {
		ap_warn(pl, path, "the host's links cannot be seen over this "
			"connection (a remote or simulated host such as the "
			"demo): edgenet changes no link for it; make sure "
			"bridge %s exists there and enslaves %s before the VM "
			"uses switch %s",
			s->bridge, s->uplink, s->name);
		return;
	}
	l = apply_snapshot_link(pl->snap, s->uplink, s->bridge);
	if (!l || !l->uplink_exists) {
		ap_err(pl, path, "the uplink %s does not exist on this host; "
		       "set uplink to one of the host's physical NICs (`ip link` "
		       "lists them)", s->uplink);
		return;
	}
	if (l->uplink_wireless) {
		ap_err(pl, path, "%s is a Wi-Fi NIC, which cannot be enslaved to "
		       "a bridge; use a wired NIC, or mode = \"macvtap\"",
		       s->uplink);
		return;
	}
	if (l->bridge_exists && !l->bridge_is_bridge) {
		plan_path(path, sizeof(path), FIELD_SW_BRIDGE, i, 0);
		ap_err(pl, path, "%s exists on this host but is not a bridge; "
		       "choose another bridge name", s->bridge);
		return;
	}
	if (l->uplink_master[0] && strcmp(l->uplink_master, s->bridge)) {
		ap_err(pl, path, "%s is already enslaved to %s; use bridge = "
		       "\"%s\", or release it first", s->uplink, l->uplink_master,
		       l->uplink_master);
		return;
	}
	if (l->bridge_exists && strcmp(l->uplink_master, s->bridge) == 0)
		return;		/* already in place */
	st = ap_step(pl, APPLY_LINK_BRIDGE, s->bridge);
	if (!st)
		return;
	st->link = *l;
	what[0] = '\0';
	for (k = 0; k < l->naddrs; k++)
		snprintf(what + strlen(what), sizeof(what) - strlen(what),
			 "%s%s", k ? ", " : "", l->addrs[k]);
	snprintf(st->text, sizeof(st->text),
		 "%s Linux bridge %s, enslave %s to it%s%s%s%s",
		 l->bridge_exists ? "Use the existing" : "Create the",
		 s->bridge, s->uplink,
		 l->naddrs ? " and move its addresses (" : "", what,
		 l->naddrs ? ")" : "",
		 l->nroutes ? " and default route onto the bridge" :
		 (l->naddrs ? " onto the bridge" : ""));
	snprintf(st->undo_text, sizeof(st->undo_text),
		 "Move the addresses and routes back to %s, release it from "
		 "%s%s", s->uplink, s->bridge,
		 l->bridge_exists ? "" : " and delete the bridge");
	if (l->naddrs)
		ap_warn(pl, path, "the host's addresses move from %s to bridge "
			"%s: a connection to this host over %s is cut for a "
			"moment (the confirmation countdown rolls back if it "
			"does not come back)", s->uplink, s->bridge, s->uplink);
}

static void step_net_start(struct planner *pl, const char *name)
{
	struct apply_step *st = ap_step(pl, APPLY_NET_START, name);

	if (!st)
		return;
	snprintf(st->text, sizeof(st->text), "Start network %s (its bridge "
		 "and, with DHCP, its DHCP server come up)", name);
	snprintf(st->undo_text, sizeof(st->undo_text), "Stop network %s",
		 name);
}

static void step_net_autostart(struct planner *pl, const char *name)
{
	struct apply_step *st = ap_step(pl, APPLY_NET_AUTOSTART, name);

	if (!st)
		return;
	snprintf(st->text, sizeof(st->text), "Start network %s when the host "
		 "boots (autostart)", name);
	snprintf(st->undo_text, sizeof(st->undo_text), "Turn autostart of "
		 "network %s off again", name);
}

static void plan_hosts(struct planner *pl, const char *name, const char *xml,
		       const struct vxml_net *have,
		       const struct vxml_net *want, bool active)
{
	char *cur = strdup(xml);
	size_t i;
	int pass;

	if (!cur) {
		ap_err(pl, "", "out of memory while planning the apply");
		return;
	}
	/* Removals, then changes, then additions: libvirt refuses two
	 * entries with the same address. */
	for (pass = 0; pass < 3; pass++) {
		const struct vxml_net *from = pass == 0 ? have : want;

		for (i = 0; i < from->nhosts; i++) {
			const struct xmlgen_host *h = &from->hosts[i];
			const struct xmlgen_host *o;
			const char *ipb, *ipa, *nic;
			struct apply_step *st;
			char *next;

			if (pass == 0) {
				if (!ap_mac_is_ours(pl, h->mac) ||
				    vxml_net_host(want, h->mac))
					continue;
				ipb = h->ip;
				ipa = "";
			} else {
				o = vxml_net_host(have, h->mac);
				if ((pass == 1) != (o != NULL) ||
				    (o && strcmp(o->ip, h->ip) == 0))
					continue;
				ipb = o ? o->ip : "";
				ipa = h->ip;
			}
			next = net_set_host(cur, h->mac, ipa);
			st = next ? ap_step(pl, APPLY_NET_DHCP_HOST, name) :
			     NULL;
			if (!st) {
				if (!next)
					ap_err(pl, "", "network %s: cannot edit "
					       "its DHCP host entries", name);
				free(next);
				free(cur);
				return;
			}
			str_copy(st->mac, sizeof(st->mac), h->mac);
			str_copy(st->ip_before, sizeof(st->ip_before), ipb);
			str_copy(st->ip_after, sizeof(st->ip_after), ipa);
			nic = ap_nic_of_mac(pl, h->mac);
			str_copy(st->nic, sizeof(st->nic), nic);
			st->was_active = active;
			st->before = cur;
			st->after = next;
			cur = strdup(next);
			if (!ipb[0])
				snprintf(st->text, sizeof(st->text),
					 "Reserve %s for MAC %s%s%s%s in the "
					 "DHCP server of network %s", ipa,
					 h->mac, nic[0] ? " (NIC " : "", nic,
					 nic[0] ? ")" : "", name);
			else if (!ipa[0])
				snprintf(st->text, sizeof(st->text),
					 "Remove the DHCP reservation of %s "
					 "for MAC %s from network %s", ipb,
					 h->mac, name);
			else
				snprintf(st->text, sizeof(st->text),
					 "Change the DHCP reservation of MAC "
					 "%s%s%s%s in network %s from %s to %s",
					 h->mac, nic[0] ? " (NIC " : "", nic,
					 nic[0] ? ")" : "", name, ipb, ipa);
			snprintf(st->undo_text, sizeof(st->undo_text),
				 ipb[0] ? "Put the reservation of MAC %s back "
				 "to %s" : "Remove the reservation of MAC %s%s",
				 h->mac, ipb);
			if (!cur) {
				ap_err(pl, "", "out of memory while planning");
				return;
			}
		}
	}
	free(cur);
}

void ap_network(struct planner *pl, size_t i)
{
	const struct plan_switch *s = &pl->p->switches[i];
	const struct apply_net_snap *ns = apply_snapshot_net(pl->snap, s->name);
	struct vxml_net have, want;
	struct xmlgen_host keep[VXML_MAX_HOSTS];
	struct xmlgen_keep kp;
	struct apply_step *st;
	char err[ERR_MAX], words[256], path[DIAG_PATH_MAX];
	char *xml;
	size_t nkeep = 0, k;
	bool routed = s->type != SWITCH_EXTERNAL;

	plan_path(path, sizeof(path), FIELD_SW, i, 0);
	switch_words(s, words, sizeof(words));
	if (!ns) {
		xml = xmlgen_network(&pl->g, i, NULL, err, sizeof(err));
		if (!xml) {
			ap_err(pl, path, "cannot build network %s: %s", s->name,
			       err);
			return;
		}
		st = ap_step(pl, APPLY_NET_DEFINE, s->name);
		if (!st) {
			free(xml);
			return;
		}
		st->after = xml;
		snprintf(st->text, sizeof(st->text), "Define libvirt network "
			 "%s (%s)", s->name, words);
		snprintf(st->undo_text, sizeof(st->undo_text), "Stop and "
			 "undefine network %s", s->name);
		step_net_start(pl, s->name);
		step_net_autostart(pl, s->name);
		return;
	}

	if (!ns->xml || vxml_net_read(ns->xml, &have, err, sizeof(err)) < 0) {
		ap_err(pl, path, "the existing libvirt network %s cannot be "
		       "read: %s; fix or remove it (virsh net-edit %s)", s->name,
		       ns->xml ? err : "no definition", s->name);
		return;
	}
	for (k = 0; k < have.nhosts; k++)
		if (!ap_mac_is_ours(pl, have.hosts[k].mac))
			keep[nkeep++] = have.hosts[k];
	kp.uuid = have.uuid;
	kp.bridge = routed ? have.bridge : NULL;
	kp.mac = routed ? have.mac : NULL;
	kp.hosts = keep;
	kp.nhosts = nkeep;
	xml = xmlgen_network(&pl->g, i, &kp, err, sizeof(err));
	if (!xml || vxml_net_read(xml, &want, err, sizeof(err)) < 0) {
		ap_err(pl, path, "cannot build network %s: %s", s->name, err);
		free(xml);
		return;
	}
	if (!vxml_net_same_base(&have, &want)) {
		st = ap_step(pl, APPLY_NET_REDEFINE, s->name);
		if (!st) {
			free(xml);
			return;
		}
		st->before = strdup(ns->xml);
		st->after = xml;
		st->was_active = ns->active;
		st->was_autostart = ns->autostart;
		snprintf(st->text, sizeof(st->text), "Change network %s to "
			 "%s%s", s->name, words, ns->active ? "; it is "
			 "restarted, so every VM on it loses its connection "
			 "until it reconnects" : "");
		snprintf(st->undo_text, sizeof(st->undo_text), "Put the "
			 "previous definition of network %s back%s", s->name,
			 ns->active ? " and restart it" : "");
		if (have.hosts_unkept)
			ap_warn(pl, path, "network %s has DHCP host entries "
				"without a MAC or IPv4 address; they are dropped "
				"when it is redefined", s->name);
		if (ns->active)
			ap_warn(pl, path, "network %s is redefined and "
				"restarted: VMs on it lose their connection for "
				"a moment", s->name);
		if (!st->before)
			ap_err(pl, "", "out of memory while planning");
	} else {
		if (!vxml_net_same_hosts(&have, &want))
			plan_hosts(pl, s->name, ns->xml, &have, &want,
				   ns->active);
		free(xml);
	}
	if (!ns->active)
		step_net_start(pl, s->name);
	if (!ns->autostart)
		step_net_autostart(pl, s->name);
}
