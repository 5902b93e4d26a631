/*
 * virt_links.c - a libvirt host's NICs from its interface definitions,
 * for a simulated host (the demo: libvirt's test driver and its node
 * file data/demo-node.xml), whose uplinks must be its own and never this
 * machine's.  Lists every interface (active or not) with
 * virConnectListAllInterfaces, reads each one's XML with
 * virInterfaceGetXMLDesc and maps it onto struct host_nic:
 *   type='ethernet'            a physical NIC ("" kind)
 *   type='bridge' / 'bond' / 'vlan'   kind "bridge" / "bond" / "vlan"
 *   <bridge>/<bond> children   listed too, their master the parent
 *   <mac address=>             mac
 *   <link state='up' speed=>   carrier, speed (no <link>: no carrier)
 *   the name "wl..."           Wi-Fi (the XML has no Wi-Fi type)
 *   virInterfaceIsActive       up (children: the parent's)
 *   <protocol family='ipv4'><ip address= prefix=>   its IPv4 addresses
 *                              (the first HOST_NIC_ADDRS; other families
 *                              are not read)
 * The XML is read with the core's bounded reader; a name that is not a
 * link name (too long, blanks, control characters) or a MAC that is not
 * one, or an IPv4 address or prefix that is not one, is an error, never
 * cut or shown.
 *
 * Read-only: libvirt's interface list is read, nothing is defined,
 * started or changed.  Touches nothing on this machine.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "backend/virt_links.h"
#include "core/diag.h"
#include "core/ipv4.h"
#include "core/mac.h"
#include "core/names.h"
#include "core/vxml.h"
#include "core/xmldoc.h"
#include "core/str.h"
#include "core/err.h"

struct virt_links {
	struct virt_conn *c;
	char source[128];
};

/* ---------------------------------------------------------------- */
/* the XML                                                           */

/* The <ip address= prefix=> of N's <protocol family='ipv4'> onto H. */
static int add_addrs(const struct xml_node *n, struct host_nic *h, char *err,
		     size_t errlen)
{
	const struct xml_node *proto, *ip;

	for (proto = xml_child(n, "protocol"); proto;
	     proto = xml_next(proto)) {
		const char *family = xml_get(proto, "family");

		if (!family || strcmp(family, "ipv4") != 0)
			continue;
		for (ip = xml_child(proto, "ip"); ip; ip = xml_next(ip)) {
			const char *addr = xml_get(ip, "address");
			const char *prefix = xml_get(ip, "prefix");
			uint32_t a;
			int p;

			if (!addr || ipv4_parse(addr, &a) != IPV4_OK) {
				errf(err, errlen, "interface XML: %s: an "
				     "IPv4 <ip> whose address is missing or "
				     "not four numbers 0-255 separated by "
				     "'.'", h->name);
				return -1;
			}
			if (!prefix || ipv4_parse_prefix(prefix, &p) !=
			    IPV4_OK) {
				errf(err, errlen, "interface XML: %s: an "
				     "IPv4 <ip> whose prefix is missing or "
				     "not a whole number 0-32", h->name);
				return -1;
			}
			host_nic_add_addr(h, a, p);
		}
	}
	return 0;
}

static int add_nic(const struct xml_node *n, bool active, const char *master,
		   struct host_nic_list *out, char *err, size_t errlen)
{
	struct host_nic *h;
	const char *name = xml_get(n, "name"), *type = xml_get(n, "type");
	const struct xml_node *mac = xml_child(n, "mac");
	const struct xml_node *link = xml_child(n, "link");
	const char *addr = mac ? xml_get(mac, "address") : NULL;
	const char *state = link ? xml_get(link, "state") : NULL;
	const char *speed = link ? xml_get(link, "speed") : NULL;
	const char *why;
	char canon[MAC_STRLEN];

	if (!name || !*name) {
		errf(err, errlen, "interface XML: an <interface> without a "
		     "name");
		return -1;
	}
	if (strlen(name) >= sizeof(h->name)) {
		errf(err, errlen, "interface XML: an interface name is longer "
		     "than an interface name can be (15)");
		return -1;
	}
	if ((why = name_check_ifname(name))) {
		/* the name is not shown: it may hold anything */
		errf(err, errlen, "interface XML: %s", why);
		return -1;
	}
	if (addr && !vxml_canon_mac(addr, canon)) {
		errf(err, errlen, "interface XML: %s: its MAC is not six pairs "
		     "of hex digits separated by ':'", name);
		return -1;
	}
	if (out->count >= HOST_MAX_NICS) {
		errf(err, errlen, "the host has more than %d interfaces",
		     HOST_MAX_NICS);
		return -1;
	}
	h = &out->items[out->count];
	memset(h, 0, sizeof(*h));
	str_copy(h->name, sizeof(h->name), name);
	str_copy(h->mac, sizeof(h->mac), addr ? canon : "");
	h->ifindex = 0;		/* libvirt does not say */
	h->up = active;
	h->carrier = state && strcmp(state, "up") == 0;
	h->speed_mbps = speed ? atoi(speed) : -1;
	if (h->speed_mbps <= 0)
		h->speed_mbps = -1;
	h->wireless = strncmp(name, "wl", 2) == 0;
	h->physical = !type || strcmp(type, "ethernet") == 0;
	if (type && (strcmp(type, "bridge") == 0 || strcmp(type, "bond") == 0 ||
		     strcmp(type, "vlan") == 0))
		str_copy(h->kind, sizeof(h->kind), type);
	str_copy(h->master, sizeof(h->master), master);
	if (add_addrs(n, h, err, errlen) < 0)
		return -1;
	out->count++;
	return 0;
}

int virt_links_parse_xml(const char *xml, bool active,
			 struct host_nic_list *out, char *err, size_t errlen)
{
	struct xml_doc doc;
	const struct xml_node *root, *group, *kid;
	size_t before = out->count;
	char xerr[ERR_MAX];
	int rc = 0;

	if (!xml) {
		errf(err, errlen, "interface XML: none");
		return -1;
	}
	if (xmldoc_parse(&doc, xml, xerr, sizeof(xerr)) < 0) {
		errf(err, errlen, "interface XML: %s", xerr);
		return -1;
	}
	root = doc.root;
	if (!root || strcmp(root->name, "interface") != 0) {
		errf(err, errlen, "interface XML: the root element is not "
		     "<interface>");
		xmldoc_free(&doc);
		return -1;
	}
	rc = add_nic(root, active, NULL, out, err, errlen);
	group = xml_child(root, "bridge");
	if (!group)
		group = xml_child(root, "bond");
	for (kid = group ? xml_child(group, "interface") : NULL;
	     kid && rc == 0; kid = xml_next(kid))
		rc = add_nic(kid, active, xml_get(root, "name"), out, err,
			     errlen);
	xmldoc_free(&doc);
	if (rc < 0)
		out->count = before;
	return rc;
}

/* ---------------------------------------------------------------- */
/* libvirt                                                           */

static int nic_cmp(const void *a, const void *b)
{
	return strcmp(((const struct host_nic *)a)->name,
		      ((const struct host_nic *)b)->name);
}

static int list_nics(void *ctx, struct host_nic_list *out, char *err,
		     size_t errlen)
{
	struct virt_links *vl = ctx;
	virInterfacePtr *ifs = NULL;
	int n, rc = 0;

	out->count = 0;
	out->addrs_known = false;
	if (!vl || !virt_handle(vl->c)) {
		errf(err, errlen, "libvirt is not connected");
		return -1;
	}
	str_copy(out->source, sizeof(out->source), vl->source);
	n = virConnectListAllInterfaces(virt_handle(vl->c), &ifs, 0);
	if (n < 0)
		return virt_last_error(err, errlen, "cannot list the host's "
				       "interfaces (libvirt)");
	for (int i = 0; i < n; i++) {
		char *xml = NULL;

		if (rc == 0) {
			xml = virInterfaceGetXMLDesc(ifs[i], 0);
			if (!xml)
				rc = virt_last_error(err, errlen, "cannot read "
						     "an interface's XML");
			else
				rc = virt_links_parse_xml(xml,
					virInterfaceIsActive(ifs[i]) == 1,
					out, err, errlen);
		}
		free(xml);
		virInterfaceFree(ifs[i]);
	}
	free(ifs);
	if (rc < 0) {
		out->count = 0;
		return -1;
	}
	qsort(out->items, out->count, sizeof(out->items[0]), nic_cmp);
	out->addrs_known = true;
	return 0;
}

int virt_links_open(struct virt_conn *c, const char *source,
		    struct host_link_ops *ops, char *err, size_t errlen)
{
	struct virt_links *vl;

	ops->list_nics = NULL;
	ops->ctx = NULL;
	if (!c) {
		errf(err, errlen, "libvirt is not connected");
		return -1;
	}
	vl = calloc(1, sizeof(*vl));
	if (!vl) {
		errf(err, errlen, "out of memory");
		return -1;
	}
	vl->c = c;
	str_copy(vl->source, sizeof(vl->source),
		 source ? source : "libvirt's interface definitions");
	ops->list_nics = list_nics;
	ops->ctx = vl;
	return 0;
}

void virt_links_close(struct host_link_ops *ops)
{
	if (!ops)
		return;
	free(ops->ctx);
	ops->list_nics = NULL;
	ops->ctx = NULL;
}
