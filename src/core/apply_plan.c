/*
 * apply_plan.c - from a host snapshot and a validated plan to the ordered
 * steps of an apply (see apply_plan.h), and the dry-run report of them.
 *
 * The XML of each step is computed here: a new network's definition comes
 * from xmlgen; a changed network keeps its UUID, its bridge and the DHCP
 * host entries of other machines; the VM's definition is changed by
 * cutting out, replacing or inserting one <interface> element and keeping
 * every other byte.  Pure C: reads the snapshot, writes the step list.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/apply_guest.h"
#include "core/apply_plan.h"
#include "core/sbuf.h"
#include "core/textdiff.h"
#include "core/vxml.h"
#include "core/xmldoc.h"
#include "core/xmlgen.h"
#include "core/str.h"
#include "core/fieldpath.h"

/* ---------------------------------------------------------------- */
/* snapshot and step list                                            */

void apply_snapshot_init(struct apply_snapshot *s)
{
	memset(s, 0, sizeof(*s));
}

void apply_snapshot_free(struct apply_snapshot *s)
{
	size_t i;

	for (i = 0; i < s->nnets; i++)
		free(s->nets[i].xml);
	free(s->dom_xml);
	apply_gfiles_free(&s->guest_files);
	apply_snapshot_init(s);
}

const struct apply_net_snap *apply_snapshot_net(const struct apply_snapshot *s,
						const char *name)
{
	size_t i;

	for (i = 0; i < s->nnets; i++)
		if (strcmp(s->nets[i].name, name) == 0)
			return &s->nets[i];
	return NULL;
}

const struct apply_link *apply_snapshot_link(const struct apply_snapshot *s,
					     const char *uplink,
					     const char *bridge)
{
	size_t i;

	for (i = 0; i < s->nlinks; i++)
		if (strcmp(s->links[i].uplink, uplink) == 0 &&
		    strcmp(s->links[i].bridge, bridge) == 0)
			return &s->links[i];
	return NULL;
}

void apply_steps_init(struct apply_steps *s)
{
	memset(s, 0, sizeof(*s));
}

void apply_steps_free(struct apply_steps *s)
{
	size_t i;

	for (i = 0; i < s->count; i++) {
		free(s->items[i].before);
		free(s->items[i].after);
		free(s->items[i].iface_before);
		free(s->items[i].iface_after);
		apply_gfiles_free(&s->items[i].files_before);
		apply_gfiles_free(&s->items[i].files_after);
	}
	free(s->items);
	apply_steps_init(s);
}

struct apply_step *apply_steps_add(struct apply_steps *s, enum apply_kind k,
				   const char *object)
{
	struct apply_step *st;

	if (s->count == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		struct apply_step *n = realloc(s->items, cap * sizeof(*n));

		if (!n)
			return NULL;
		s->items = n;
		s->cap = cap;
	}
	st = &s->items[s->count++];
	memset(st, 0, sizeof(*st));
	st->kind = k;
	str_copy(st->object, sizeof(st->object), object);
	return st;
}

static const char *const kind_names[APPLY_KIND_COUNT] = {
	[APPLY_NONE] = "none",
	[APPLY_LINK_BRIDGE] = "link-bridge",
	[APPLY_NET_DEFINE] = "net-define",
	[APPLY_NET_REDEFINE] = "net-redefine",
	[APPLY_NET_DHCP_HOST] = "net-dhcp-host",
	[APPLY_NET_START] = "net-start",
	[APPLY_NET_AUTOSTART] = "net-autostart",
	[APPLY_DOM_NIC_REMOVE] = "nic-remove",
	[APPLY_DOM_NIC_CHANGE] = "nic-change",
	[APPLY_DOM_NIC_ADD] = "nic-add",
	[APPLY_GUEST_SEED] = "guest-seed",
	[APPLY_GUEST_FILES] = "guest-files",
};

const char *apply_kind_name(enum apply_kind k)
{
	return k >= 0 && k < APPLY_KIND_COUNT ? kind_names[k] : "none";
}

enum apply_kind apply_kind_parse(const char *s)
{
	int k;

	for (k = 1; k < APPLY_KIND_COUNT; k++)
		if (s && strcmp(s, kind_names[k]) == 0)
			return (enum apply_kind)k;
	return APPLY_NONE;
}

bool apply_kind_is_net(enum apply_kind k)
{
	return k >= APPLY_NET_DEFINE && k <= APPLY_NET_AUTOSTART;
}

bool apply_kind_is_dom(enum apply_kind k)
{
	return k >= APPLY_DOM_NIC_REMOVE && k <= APPLY_DOM_NIC_ADD;
}

bool apply_kind_is_guest(enum apply_kind k)
{
	return k == APPLY_GUEST_SEED || k == APPLY_GUEST_FILES;
}

void apply_gfiles_free(struct apply_gfiles *g)
{
	for (size_t i = 0; i < g->n; i++)
		free(g->f[i].text);
	memset(g, 0, sizeof(*g));
}

int apply_gfiles_add(struct apply_gfiles *g, const char *name,
		     const char *text)
{
	struct apply_gfile *f;

	if (g->n == APPLY_GFILES_MAX || strlen(name) >= sizeof(f->name))
		return -1;
	f = &g->f[g->n];
	str_copy(f->name, sizeof(f->name), name);
	f->text = strdup(text ? text : "");
	if (!f->text)
		return -1;
	g->n++;
	return 0;
}

const struct apply_gfile *apply_gfiles_get(const struct apply_gfiles *g,
					   const char *name)
{
	for (size_t i = 0; i < g->n; i++)
		if (!strcmp(g->f[i].name, name))
			return &g->f[i];
	return NULL;
}

bool apply_gfiles_equal(const struct apply_gfiles *a,
			const struct apply_gfiles *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++) {
		const struct apply_gfile *o = apply_gfiles_get(b, a->f[i].name);

		if (!o || strcmp(o->text ? o->text : "",
				 a->f[i].text ? a->f[i].text : ""))
			return false;
	}
	return true;
}

/* ---------------------------------------------------------------- */
/* planning                                                          */

struct planner {
	const struct plan *p;
	const struct apply_snapshot *snap;
	struct xmlgen g;
	char macs[PLAN_MAX_NICS][MAC_STRLEN];	/* canonical text */
	struct vxml_dom dom;			/* the snapshot's VM */
	struct apply_steps *out;
	struct diag_list *diags;
	int errors;
	char *dom_final;			/* the VM's XML after its NIC steps */
};

static void perr(struct planner *pl, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void perr(struct planner *pl, const char *path, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(pl->diags, DIAG_ERROR, path, "%s", msg);
	pl->errors++;
}

static void pwarn(struct planner *pl, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void pwarn(struct planner *pl, const char *path, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(pl->diags, DIAG_WARNING, path, "%s", msg);
}

static struct apply_step *add_step(struct planner *pl, enum apply_kind k,
				   const char *object)
{
	struct apply_step *s = apply_steps_add(pl->out, k, object);

	if (!s)
		perr(pl, "", "out of memory while planning the apply");
	return s;
}

/* Is MAC one of the plan's NICs or of the VM's current interfaces? */
static bool mac_is_ours(const struct planner *pl, const char *mac)
{
	size_t i;

	for (i = 0; i < pl->p->nnics; i++)
		if (strcmp(pl->macs[i], mac) == 0)
			return true;
	return vxml_dom_iface(&pl->dom, mac) != NULL;
}

static const char *nic_of_mac(const struct planner *pl, const char *mac)
{
	size_t i;

	for (i = 0; i < pl->p->nnics; i++)
		if (strcmp(pl->macs[i], mac) == 0)
			return pl->p->nics[i].name;
	return "";
}

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
		snprintf(buf, len, "switch");
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

static void plan_link(struct planner *pl, size_t i)
{
	const struct plan_switch *s = &pl->p->switches[i];
	const struct apply_link *l;
	struct apply_step *st;
	char path[DIAG_PATH_MAX], what[256];
	size_t k;

	plan_path(path, sizeof(path), FIELD_SW_UPLINK, i, 0);
	if (!pl->snap->links_known) {
		pwarn(pl, path, "the host's links cannot be seen over this "
		      "connection (a remote or simulated host such as the "
		      "demo): edgenet changes no link for it; make sure "
		      "bridge %s exists there and enslaves %s before the VM "
		      "uses switch %s",
		      s->bridge, s->uplink, s->name);
		return;
	}
	l = apply_snapshot_link(pl->snap, s->uplink, s->bridge);
	if (!l || !l->uplink_exists) {
		perr(pl, path, "the uplink %s does not exist on this host; "
		     "set uplink to one of the host's physical NICs (`ip link` "
		     "lists them)", s->uplink);
		return;
	}
	if (l->uplink_wireless) {
		perr(pl, path, "%s is a Wi-Fi NIC, which cannot be enslaved to "
		     "a bridge; use a wired NIC, or mode = \"macvtap\"",
		     s->uplink);
		return;
	}
	if (l->bridge_exists && !l->bridge_is_bridge) {
		plan_path(path, sizeof(path), FIELD_SW_BRIDGE, i, 0);
		perr(pl, path, "%s exists on this host but is not a bridge; "
		     "choose another bridge name", s->bridge);
		return;
	}
	if (l->uplink_master[0] && strcmp(l->uplink_master, s->bridge)) {
		perr(pl, path, "%s is already enslaved to %s; use bridge = "
		     "\"%s\", or release it first", s->uplink, l->uplink_master,
		     l->uplink_master);
		return;
	}
	if (l->bridge_exists && strcmp(l->uplink_master, s->bridge) == 0)
		return;		/* already in place */
	st = add_step(pl, APPLY_LINK_BRIDGE, s->bridge);
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
		pwarn(pl, path, "the host's addresses move from %s to bridge "
		      "%s: a connection to this host over %s is cut for a "
		      "moment (the confirmation countdown rolls back if it "
		      "does not come back)", s->uplink, s->bridge, s->uplink);
}

static void step_net_start(struct planner *pl, const char *name)
{
	struct apply_step *st = add_step(pl, APPLY_NET_START, name);

	if (!st)
		return;
	snprintf(st->text, sizeof(st->text), "Start network %s (its bridge "
		 "and, with DHCP, its DHCP server come up)", name);
	snprintf(st->undo_text, sizeof(st->undo_text), "Stop network %s",
		 name);
}

static void step_net_autostart(struct planner *pl, const char *name)
{
	struct apply_step *st = add_step(pl, APPLY_NET_AUTOSTART, name);

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
		perr(pl, "", "out of memory while planning the apply");
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
				if (!mac_is_ours(pl, h->mac) ||
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
			st = next ? add_step(pl, APPLY_NET_DHCP_HOST, name) :
			     NULL;
			if (!st) {
				if (!next)
					perr(pl, "", "network %s: cannot edit "
					     "its DHCP host entries", name);
				free(next);
				free(cur);
				return;
			}
			str_copy(st->mac, sizeof(st->mac), h->mac);
			str_copy(st->ip_before, sizeof(st->ip_before), ipb);
			str_copy(st->ip_after, sizeof(st->ip_after), ipa);
			nic = nic_of_mac(pl, h->mac);
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
				perr(pl, "", "out of memory while planning");
				return;
			}
		}
	}
	free(cur);
}

static void plan_network(struct planner *pl, size_t i)
{
	const struct plan_switch *s = &pl->p->switches[i];
	const struct apply_net_snap *ns = apply_snapshot_net(pl->snap, s->name);
	struct vxml_net have, want;
	struct xmlgen_host keep[VXML_MAX_HOSTS];
	struct xmlgen_keep kp;
	struct apply_step *st;
	char err[256], words[256], path[DIAG_PATH_MAX];
	char *xml;
	size_t nkeep = 0, k;
	bool routed = s->type != SWITCH_EXTERNAL;

	plan_path(path, sizeof(path), FIELD_SW, i, 0);
	switch_words(s, words, sizeof(words));
	if (!ns) {
		xml = xmlgen_network(&pl->g, i, NULL, err, sizeof(err));
		if (!xml) {
			perr(pl, path, "cannot build network %s: %s", s->name,
			     err);
			return;
		}
		st = add_step(pl, APPLY_NET_DEFINE, s->name);
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
		perr(pl, path, "the existing libvirt network %s cannot be "
		     "read: %s; fix or remove it (virsh net-edit %s)", s->name,
		     ns->xml ? err : "no definition", s->name);
		return;
	}
	for (k = 0; k < have.nhosts; k++)
		if (!mac_is_ours(pl, have.hosts[k].mac))
			keep[nkeep++] = have.hosts[k];
	kp.uuid = have.uuid;
	kp.bridge = routed ? have.bridge : NULL;
	kp.mac = routed ? have.mac : NULL;
	kp.hosts = keep;
	kp.nhosts = nkeep;
	xml = xmlgen_network(&pl->g, i, &kp, err, sizeof(err));
	if (!xml || vxml_net_read(xml, &want, err, sizeof(err)) < 0) {
		perr(pl, path, "cannot build network %s: %s", s->name, err);
		free(xml);
		return;
	}
	if (!vxml_net_same_base(&have, &want)) {
		st = add_step(pl, APPLY_NET_REDEFINE, s->name);
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
			pwarn(pl, path, "network %s has DHCP host entries "
			      "without a MAC or IPv4 address; they are dropped "
			      "when it is redefined", s->name);
		if (ns->active)
			pwarn(pl, path, "network %s is redefined and "
			      "restarted: VMs on it lose their connection for "
			      "a moment", s->name);
		if (!st->before)
			perr(pl, "", "out of memory while planning");
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

/* The text of the element [START, END) of SRC, malloc'd. */
static char *cut(const char *src, size_t start, size_t end)
{
	return strndup(src + start, end - start);
}

/* Removes the element [FROM, TO) of XML with its line when it is alone
 * on it. */
static char *remove_element(const char *xml, size_t from, size_t to)
{
	size_t a = from, b = to;

	while (a > 0 && (xml[a - 1] == ' ' || xml[a - 1] == '\t'))
		a--;
	if ((a == 0 || xml[a - 1] == '\n') && xml[b] == '\n')
		b++;
	else
		a = from;
	return xml_splice(xml, a, b, "");
}

static void plan_domain(struct planner *pl)
{
	const struct plan *p = pl->p;
	struct vxml_dom d;
	char *cur, err[256];
	size_t i;
	bool live = pl->snap->dom_running;

	cur = strdup(pl->snap->dom_xml);
	if (!cur) {
		perr(pl, "", "out of memory while planning");
		return;
	}
	/* 1. NICs the plan no longer has. */
	for (;;) {
		const struct vxml_iface *f = NULL;
		struct apply_step *st;
		char *next;

		if (vxml_dom_read(cur, &d, err, sizeof(err)) < 0)
			goto bad_xml;
		for (i = 0; i < d.nifaces && !f; i++) {
			size_t n;
			bool planned = false;

			for (n = 0; n < p->nnics; n++)
				if (!strcmp(pl->macs[n], d.ifaces[i].mac))
					planned = true;
			if (!planned)
				f = &d.ifaces[i];
		}
		if (!f)
			break;
		next = remove_element(cur, f->start, f->end);
		st = next ? add_step(pl, APPLY_DOM_NIC_REMOVE, p->domain) : NULL;
		if (!st) {
			free(next);
			goto oom;
		}
		st->before = cur;
		st->after = next;
		st->iface_before = cut(cur, f->start, f->end);
		st->live = live;
		str_copy(st->mac, sizeof(st->mac), f->mac);
		snprintf(st->text, sizeof(st->text), "Remove the NIC with MAC "
			 "%s (%s %s) from VM %s%s", f->mac[0] ? f->mac : "(none)",
			 f->network[0] ? "network" : f->type,
			 f->network[0] ? f->network : (f->bridge[0] ? f->bridge :
						       f->dev),
			 p->domain, live ? "; the VM runs: it is also unplugged "
			 "now if the VM allows it, else at its next start" : "");
		snprintf(st->undo_text, sizeof(st->undo_text), "Put the NIC "
			 "with MAC %s back into VM %s", f->mac, p->domain);
		cur = strdup(next);
		if (!cur || !st->iface_before)
			goto oom;
	}
	/* 2. NICs on another network; 3. new NICs. */
	for (int pass = 0; pass < 2; pass++) {
		for (i = 0; i < p->nnics; i++) {
			const struct plan_nic *n = &p->nics[i];
			const struct vxml_iface *f;
			struct apply_step *st;
			char *elem, *next, *indent;
			size_t at;

			if (vxml_dom_read(cur, &d, err, sizeof(err)) < 0)
				goto bad_xml;
			f = vxml_dom_iface(&d, pl->macs[i]);
			if (pass == 0 && (!f || (!strcmp(f->type, "network") &&
				      !strcmp(f->network, n->switch_name))))
				continue;
			if (pass == 1 && f)
				continue;
			if (pass == 0) {
				indent = xml_indent_at(cur, f->start);
				elem = xmlgen_interface(&pl->g, i,
					f->model[0] ? f->model : NULL, indent,
					f->address[0] ? f->address : NULL, err,
					sizeof(err));
				next = elem ? xml_splice(cur, f->start, f->end,
							 elem) : NULL;
			} else {
				struct sbuf b;
				char *ind2;

				if (!d.has_devices) {
					perr(pl, "vm", "VM %s has no <devices> "
					     "in its definition; edgenet cannot "
					     "add NICs to it", p->domain);
					free(cur);
					return;
				}
				indent = xml_indent_at(cur, d.devices_close);
				at = d.devices_close - (indent ? strlen(indent) :
							0);
				sbuf_init(&b);
				sbuf_add(&b, indent ? indent : "");
				sbuf_add(&b, "  ");
				ind2 = sbuf_done(&b);
				elem = ind2 ? xmlgen_interface(&pl->g, i, NULL,
						ind2, NULL, err, sizeof(err)) :
				       NULL;
				sbuf_init(&b);
				if (elem) {
					sbuf_add(&b, ind2);
					sbuf_add(&b, elem);
					sbuf_add(&b, "\n");
				}
				{
					char *ins = elem ? sbuf_done(&b) : NULL;

					if (!elem)
						sbuf_free(&b);
					next = ins ? xml_splice(cur, at, at, ins) :
					       NULL;
					free(ins);
				}
				free(ind2);
			}
			free(indent);
			if (!elem) {
				perr(pl, "", "NIC %s: %s", n->name, err);
				free(next);
				free(cur);
				return;
			}
			st = next ? add_step(pl, pass == 0 ? APPLY_DOM_NIC_CHANGE :
					     APPLY_DOM_NIC_ADD, p->domain) : NULL;
			if (!st) {
				free(elem);
				free(next);
				goto oom;
			}
			st->before = cur;
			st->after = next;
			st->iface_after = elem;
			st->live = live;
			str_copy(st->mac, sizeof(st->mac), pl->macs[i]);
			str_copy(st->nic, sizeof(st->nic), n->name);
			if (pass == 0) {
				st->iface_before = cut(st->before, f->start,
						       f->end);
				snprintf(st->text, sizeof(st->text), "Move NIC "
					 "%s (MAC %s) of VM %s from %s %s to "
					 "network %s%s", n->name, pl->macs[i],
					 p->domain, f->type,
					 f->network[0] ? f->network :
					 (f->bridge[0] ? f->bridge : f->dev),
					 n->switch_name, live ? "; the VM runs: "
					 "changed now if the VM allows it, else "
					 "at its next start" : "");
				snprintf(st->undo_text, sizeof(st->undo_text),
					 "Put NIC %s back on %s", n->name,
					 f->network[0] ? f->network :
					 (f->bridge[0] ? f->bridge : f->dev));
				if (!st->iface_before)
					goto oom_cur;
			} else {
				snprintf(st->text, sizeof(st->text), "Add NIC "
					 "%s (MAC %s) on network %s to VM %s%s",
					 n->name, pl->macs[i], n->switch_name,
					 p->domain, live ? "; the VM runs: "
					 "plugged in now if the VM allows it, "
					 "else at its next start" : "");
				snprintf(st->undo_text, sizeof(st->undo_text),
					 "Remove NIC %s (MAC %s) from VM %s",
					 n->name, pl->macs[i], p->domain);
			}
			cur = strdup(next);
			if (!cur)
				goto oom;
		}
	}
	pl->dom_final = cur;
	return;
oom_cur:
	free(cur);
oom:
	perr(pl, "", "out of memory while planning the apply");
	return;
bad_xml:
	perr(pl, "vm", "the definition of VM %s cannot be read: %s",
	     p->domain, err);
	free(cur);
}

int apply_plan_build(const struct plan *p, const struct policy *pol,
		     const struct mac *macs, const struct apply_snapshot *snap,
		     struct apply_steps *out, struct diag_list *diags)
{
	struct planner *pl;
	char err[256];
	size_t i;
	int rc;

	apply_steps_init(out);
	str_copy(out->domain, sizeof(out->domain), p->domain);
	pl = calloc(1, sizeof(*pl));
	if (!pl) {
		diag_add(diags, DIAG_ERROR, "", "out of memory");
		return -1;
	}
	pl->p = p;
	pl->snap = snap;
	pl->out = out;
	pl->diags = diags;
	if (xmlgen_init(&pl->g, p, pol, macs, diags) < 0) {
		free(pl);
		return -1;
	}
	for (i = 0; i < p->nnics; i++)
		mac_format(&macs[i], pl->macs[i]);
	if (!snap->dom_exists || !snap->dom_xml) {
		perr(pl, "vm", "the VM %s does not exist on this host; create "
		     "it first (virt-install or virsh define), or set vm to the "
		     "name `virsh list --all` shows", p->domain);
		goto done;
	}
	if (vxml_dom_read(snap->dom_xml, &pl->dom, err, sizeof(err)) < 0) {
		perr(pl, "vm", "the definition of VM %s cannot be read: %s",
		     p->domain, err);
		goto done;
	}
	for (i = 0; i < p->nswitches; i++)
		if (p->switches[i].type == SWITCH_EXTERNAL &&
		    p->switches[i].ext_mode == EXT_BRIDGE)
			plan_link(pl, i);
	for (i = 0; i < p->nswitches && !pl->errors; i++)
		plan_network(pl, i);
	if (!pl->errors)
		plan_domain(pl);
	if (!pl->errors && pl->dom_final)
		pl->errors += apply_guest_plan(p, pol, macs, snap,
					       pl->dom_final, out, diags);
	if (!pl->errors && pl->snap->dom_running)
		for (i = 0; i < out->count; i++)
			if (apply_kind_is_dom(out->items[i].kind)) {
				pwarn(pl, "vm", "VM %s is running: its NICs are "
				      "changed in its definition, and also at "
				      "once where the VM allows it; the rest "
				      "takes effect at its next start",
				      p->domain);
				break;
			}
done:
	rc = pl->errors ? -1 : 0;
	if (rc < 0)
		apply_steps_free(out);
	free(pl->dom_final);
	free(pl);
	return rc;
}

/* ---------------------------------------------------------------- */
/* dry-run report                                                    */

/* Steps that change the VM's definition (its XML). */
static bool is_vm_def(enum apply_kind k)
{
	return apply_kind_is_dom(k) || k == APPLY_GUEST_SEED;
}

/* The guest's files: the seed's contents, or each networkd file as a
 * diff against what the guest has now. */
static void report_guest(struct sbuf *b, const struct apply_step *x)
{
	size_t i;
	char *diff;

	if (x->kind == APPLY_GUEST_SEED) {
		sbuf_addf(b, "\nVM %s: seed %s (read by the VM at every "
			  "start):\n", x->object, x->seed_after);
		for (i = 0; i < x->files_after.n; i++) {
			sbuf_add(b, "  ");
			sbuf_add_safe(b, x->files_after.f[i].name);
			sbuf_add(b, ":\n");
			diff = textdiff_lines(NULL, x->files_after.f[i].text,
					      -1, "    ");
			sbuf_add(b, diff ? diff : "    (out of memory)\n");
			free(diff);
		}
		return;
	}
	sbuf_addf(b, "\nVM %s: files in %s now (through the guest agent), "
		  "before (-) and after (+):\n", x->object,
		  GUEST_NETWORKD_DIR);
	for (i = 0; i < x->files_after.n; i++) {
		const struct apply_gfile *a = &x->files_after.f[i];
		const struct apply_gfile *o =
			apply_gfiles_get(&x->files_before, a->name);

		if (o && o->text && a->text && !strcmp(o->text, a->text)) {
			sbuf_add(b, "  ");
			sbuf_add_safe(b, a->name);
			sbuf_add(b, ": unchanged\n");
			continue;
		}
		sbuf_add(b, "  ");
		sbuf_add_safe(b, a->name);
		sbuf_addf(b, ": %s\n", o ? "changed" : "new");
		diff = textdiff_lines(o ? o->text : NULL, a->text,
				      o ? 3 : -1, "    ");
		sbuf_add(b, diff ? diff : "    (out of memory)\n");
		free(diff);
	}
	for (i = 0; i < x->files_before.n; i++) {
		const struct apply_gfile *o = &x->files_before.f[i];

		if (apply_gfiles_get(&x->files_after, o->name))
			continue;
		sbuf_add(b, "  ");
		sbuf_add_safe(b, o->name);	/* a file name from the guest */
		sbuf_add(b, ": removed\n");
		diff = textdiff_lines(o->text, "", 3, "    ");
		sbuf_add(b, diff ? diff : "    (out of memory)\n");
		free(diff);
	}
}

static void report_object(struct sbuf *b, const struct apply_steps *s,
			  size_t first)
{
	const struct apply_step *f = &s->items[first];
	const char *before = NULL, *after = NULL;
	bool dom = is_vm_def(f->kind), seen_xml = false;
	size_t i;
	char *diff;

	for (i = first; i < s->count; i++) {
		const struct apply_step *x = &s->items[i];

		if (is_vm_def(x->kind) != dom ||
		    (!dom && !apply_kind_is_net(x->kind)) ||
		    strcmp(x->object, f->object))
			continue;
		if (x->kind == APPLY_NET_START || x->kind == APPLY_NET_AUTOSTART)
			continue;
		if (!seen_xml)
			before = x->before;
		seen_xml = true;
		after = x->after;
	}
	if (!seen_xml)
		return;
	sbuf_addf(b, "\n%s %s: %s\n", dom ? "VM" : "network", f->object,
		  !before ? "new definition" : "definition before (-) and "
		  "after (+)");
	diff = textdiff_lines(before, after, before ? 3 : -1, "    ");
	if (diff)
		sbuf_add(b, diff);
	else
		sbuf_add(b, "    (out of memory)\n");
	free(diff);
}

char *apply_steps_report(const struct apply_steps *s)
{
	struct sbuf b;
	size_t i, j;

	sbuf_init(&b);
	if (s->count == 0) {
		sbuf_add(&b, "Nothing to change: the host is already as the "
			 "plan says.\n");
		return sbuf_done(&b);
	}
	sbuf_addf(&b, "%zu step%s:\n", s->count, s->count == 1 ? "" : "s");
	for (i = 0; i < s->count; i++)
	{
		sbuf_addf(&b, "  %2zu. ", i + 1);
		sbuf_add_safe(&b, s->items[i].text);
		sbuf_add(&b, ".\n");
	}
	/* Each object once, at its first step. */
	for (i = 0; i < s->count; i++) {
		const struct apply_step *x = &s->items[i];
		bool first = true;

		for (j = 0; j < i; j++)
			if (s->items[j].kind != APPLY_LINK_BRIDGE &&
			    x->kind != APPLY_LINK_BRIDGE &&
			    s->items[j].kind != APPLY_GUEST_FILES &&
			    x->kind != APPLY_GUEST_FILES &&
			    is_vm_def(s->items[j].kind) ==
			    is_vm_def(x->kind) &&
			    !strcmp(s->items[j].object, x->object))
				first = false;
		if (x->kind == APPLY_LINK_BRIDGE) {
			const struct apply_link *l = &x->link;

			sbuf_addf(&b, "\nhost link %s:\n", x->object);
			if (!l->bridge_exists)
				sbuf_addf(&b, "    + bridge %s (up)\n",
					  l->bridge);
			sbuf_addf(&b, "    ~ %s: master %s -> %s\n", l->uplink,
				  l->uplink_master[0] ? l->uplink_master :
				  "(none)", l->bridge);
			for (j = 0; j < l->naddrs; j++)
				sbuf_addf(&b, "    ~ address %s: %s -> %s\n",
					  l->addrs[j], l->uplink, l->bridge);
			for (j = 0; j < l->nroutes; j++)
				sbuf_addf(&b, "    ~ default route via %s "
					  "metric %u: %s -> %s\n",
					  l->routes[j].gateway,
					  l->routes[j].metric, l->uplink,
					  l->bridge);
			continue;
		}
		if (first && x->kind != APPLY_GUEST_FILES)
			report_object(&b, s, i);
	}
	for (i = 0; i < s->count; i++)
		if (apply_kind_is_guest(s->items[i].kind))
			report_guest(&b, &s->items[i]);
	return sbuf_done(&b);
}
