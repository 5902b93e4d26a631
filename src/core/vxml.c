/*
 * vxml.c - the managed parts of libvirt network and domain XML (see
 * vxml.h).  Reads text with xmldoc; bounded copies into fixed fields,
 * a value that does not fit is an error, never silently cut.  Pure C.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/str.h"
#include "core/vxml.h"
#include "core/xmldoc.h"
#include "diag.h"

/* Copies attribute NAME of N (or "" when absent) into OUT; -1 when too
 * long. */
static int copy_attr(const struct xml_node *n, const char *name, char *out,
		     size_t outlen)
{
	const char *v = xml_get(n, name);

	return str_copy_whole(out, outlen, v);
}

static int copy_text(const struct xml_node *n, char *out, size_t outlen)
{
	const char *t = n && n->text ? n->text : "";
	size_t b = 0, e = strlen(t);

	while (t[b] == ' ' || t[b] == '\n' || t[b] == '\t' || t[b] == '\r')
		b++;
	while (e > b && (t[e - 1] == ' ' || t[e - 1] == '\n' ||
			 t[e - 1] == '\t' || t[e - 1] == '\r'))
		e--;
	return str_copy_span(out, outlen, t + b, e - b);
}

bool vxml_canon_mac(const char *in, char out[MAC_STRLEN])
{
	struct mac m;

	if (!in || mac_parse(in, &m) != MAC_OK)
		return false;
	mac_format(&m, out);
	return true;
}

/* Prefix of a dotted netmask, -1 when not contiguous. */
static int mask_prefix(const char *s)
{
	uint32_t m;
	int bits = 0;

	if (ipv4_parse(s, &m) != IPV4_OK)
		return -1;
	while (m & 0x80000000u) {
		bits++;
		m <<= 1;
	}
	return m == 0 ? bits : -1;
}

static int read_ip(const struct xml_node *ip, struct vxml_net *o,
		   char *err, size_t errlen)
{
	const char *fam = xml_get(ip, "family");
	const char *addr = xml_get(ip, "address");
	const char *pfx = xml_get(ip, "prefix");
	const char *mask = xml_get(ip, "netmask");
	const struct xml_node *dhcp, *r, *h;
	uint32_t a;

	if ((fam && strcmp(fam, "ipv4")) || !addr)
		return 0;
	if (ipv4_parse(addr, &a) != IPV4_OK)
		return 0;	/* IPv6 written without family */
	ipv4_format(a, o->ip);
	if (pfx) {
		if (ipv4_parse_prefix(pfx, &o->prefix) != IPV4_OK) {
			errf(err, errlen, "network %s: <ip prefix='%s'> is "
			     "not a prefix length", o->name, pfx);
			return -1;
		}
	} else if (mask) {
		o->prefix = mask_prefix(mask);
		if (o->prefix < 0) {
			errf(err, errlen, "network %s: <ip netmask='%s'> is "
			     "not a netmask", o->name, mask);
			return -1;
		}
	} else {
		uint32_t top = a >> 24;

		o->prefix = top < 128 ? 8 : top < 192 ? 16 : 24;
	}
	o->has_ip = true;
	dhcp = xml_child(ip, "dhcp");
	if (!dhcp)
		return 0;
	o->dhcp = true;
	r = xml_child(dhcp, "range");
	if (r) {
		uint32_t s, e;

		if (ipv4_parse(xml_get(r, "start") ? xml_get(r, "start") : "",
			       &s) != IPV4_OK ||
		    ipv4_parse(xml_get(r, "end") ? xml_get(r, "end") : "",
			       &e) != IPV4_OK) {
			errf(err, errlen, "network %s: its DHCP range is not "
			     "a pair of IPv4 addresses", o->name);
			return -1;
		}
		ipv4_format(s, o->range_start);
		ipv4_format(e, o->range_end);
	}
	for (h = xml_child(dhcp, "host"); h; h = xml_next(h)) {
		char mac[MAC_STRLEN];
		const char *hip = xml_get(h, "ip");
		uint32_t ha;

		if (!vxml_canon_mac(xml_get(h, "mac"), mac) || !hip ||
		    ipv4_parse(hip, &ha) != IPV4_OK) {
			o->hosts_unkept = true;
			continue;
		}
		if (o->nhosts >= VXML_MAX_HOSTS) {
			errf(err, errlen, "network %s has more than %d DHCP "
			     "host entries", o->name, VXML_MAX_HOSTS);
			return -1;
		}
		memcpy(o->hosts[o->nhosts].mac, mac, sizeof(mac));
		ipv4_format(ha, o->hosts[o->nhosts].ip);
		o->nhosts++;
	}
	return 0;
}

int vxml_net_read(const char *xml, struct vxml_net *o, char *err,
		     size_t errlen)
{
	struct xml_doc doc;
	const struct xml_node *root, *n;
	int rc = -1;

	memset(o, 0, sizeof(*o));
	if (xmldoc_parse(&doc, xml, err, errlen) < 0)
		return -1;
	root = doc.root;
	if (strcmp(root->name, "network") != 0) {
		errf(err, errlen, "expected a <network> definition, found <%s>",
		     root->name);
		goto out;
	}
	if (copy_text(xml_child(root, "name"), o->name, sizeof(o->name)) < 0 ||
	    copy_text(xml_child(root, "uuid"), o->uuid, sizeof(o->uuid)) < 0) {
		errf(err, errlen, "network name or UUID too long");
		goto out;
	}
	n = xml_child(root, "forward");
	if (n) {
		const struct xml_node *fi = xml_child(n, "interface");

		if (copy_attr(n, "mode", o->forward, sizeof(o->forward)) < 0 ||
		    (fi && copy_attr(fi, "dev", o->forward_dev,
				     sizeof(o->forward_dev)) < 0)) {
			errf(err, errlen, "network %s: <forward> value too long",
			     o->name);
			goto out;
		}
		if (!o->forward[0])
			snprintf(o->forward, sizeof(o->forward), "nat");
	}
	n = xml_child(root, "bridge");
	if (n && copy_attr(n, "name", o->bridge, sizeof(o->bridge)) < 0) {
		errf(err, errlen, "network %s: bridge name too long", o->name);
		goto out;
	}
	n = xml_child(root, "mac");
	if (n && xml_get(n, "address") &&
	    !vxml_canon_mac(xml_get(n, "address"), o->mac)) {
		errf(err, errlen, "network %s: bridge MAC does not parse",
		     o->name);
		goto out;
	}
	for (n = xml_child(root, "ip"); n; n = xml_next(n)) {
		if (read_ip(n, o, err, errlen) < 0)
			goto out;
		if (o->has_ip)
			break;
	}
	rc = 0;
out:
	xmldoc_free(&doc);
	return rc;
}

static int read_iface(const struct xml_doc *doc, const struct xml_node *n,
		      struct vxml_iface *f, char *err, size_t errlen)
{
	const struct xml_node *m, *s, *a;
	const char *mac;

	memset(f, 0, sizeof(*f));
	f->start = n->start;
	f->end = n->end;
	if (copy_attr(n, "type", f->type, sizeof(f->type)) < 0)
		goto long_value;
	m = xml_child(n, "mac");
	mac = m ? xml_get(m, "address") : NULL;
	if (mac && !vxml_canon_mac(mac, f->mac)) {
		errf(err, errlen, "interface MAC '%.40s' does not parse", mac);
		return -1;
	}
	s = xml_child(n, "source");
	if (s && (copy_attr(s, "network", f->network, sizeof(f->network)) < 0 ||
		  copy_attr(s, "bridge", f->bridge, sizeof(f->bridge)) < 0 ||
		  copy_attr(s, "dev", f->dev, sizeof(f->dev)) < 0))
		goto long_value;
	m = xml_child(n, "model");
	if (m && copy_attr(m, "type", f->model, sizeof(f->model)) < 0)
		goto long_value;
	a = xml_child(n, "address");
	if (a) {
		size_t l = a->end - a->start;

		if (a->end != a->inner ||
		    str_copy_span(f->address, sizeof(f->address),
				  doc->src + a->start, l) < 0)
			goto long_value;
		if (strchr(f->address, '\n'))
			f->address[0] = '\0';	/* not one plain element */
	}
	return 0;
long_value:
	errf(err, errlen, "an <interface> has a value edgenet cannot hold");
	return -1;
}

int vxml_dom_read(const char *xml, struct vxml_dom *o, char *err,
		     size_t errlen)
{
	struct xml_doc doc;
	const struct xml_node *root, *dev, *n;
	int rc = -1;

	memset(o, 0, sizeof(*o));
	if (xmldoc_parse(&doc, xml, err, errlen) < 0)
		return -1;
	root = doc.root;
	if (strcmp(root->name, "domain") != 0) {
		errf(err, errlen, "expected a <domain> definition, found <%s>",
		     root->name);
		goto out;
	}
	if (copy_text(xml_child(root, "name"), o->name, sizeof(o->name)) < 0 ||
	    copy_text(xml_child(root, "uuid"), o->uuid, sizeof(o->uuid)) < 0) {
		errf(err, errlen, "domain name or UUID too long");
		goto out;
	}
	dev = xml_child(root, "devices");
	if (dev) {
		o->has_devices = true;
		o->devices_close = dev->close;
		o->devices_inner = dev->inner;
		for (n = xml_child(dev, "interface"); n; n = xml_next(n)) {
			if (o->nifaces >= VXML_MAX_IFACES) {
				errf(err, errlen, "domain %s has more than %d "
				     "interfaces", o->name, VXML_MAX_IFACES);
				goto out;
			}
			if (read_iface(&doc, n, &o->ifaces[o->nifaces], err,
				       errlen) < 0)
				goto out;
			o->nifaces++;
		}
	}
	rc = 0;
out:
	xmldoc_free(&doc);
	return rc;
}

const struct vxml_iface *vxml_dom_iface(const struct vxml_dom *d,
					      const char *mac)
{
	size_t i;

	for (i = 0; i < d->nifaces; i++)
		if (d->ifaces[i].mac[0] && strcmp(d->ifaces[i].mac, mac) == 0)
			return &d->ifaces[i];
	return NULL;
}

const struct xmlgen_host *vxml_net_host(const struct vxml_net *n,
					   const char *mac)
{
	size_t i;

	for (i = 0; i < n->nhosts; i++)
		if (strcmp(n->hosts[i].mac, mac) == 0)
			return &n->hosts[i];
	return NULL;
}

bool vxml_net_same_base(const struct vxml_net *have,
			   const struct vxml_net *want)
{
	if (strcmp(have->forward, want->forward) ||
	    strcmp(have->forward_dev, want->forward_dev))
		return false;
	if (want->bridge[0] && strcmp(have->bridge, want->bridge))
		return false;
	if (have->has_ip != want->has_ip)
		return false;
	if (!want->has_ip)
		return true;
	if (strcmp(have->ip, want->ip) || have->prefix != want->prefix)
		return false;
	if (have->dhcp != want->dhcp)
		return false;
	return !want->dhcp || (!strcmp(have->range_start, want->range_start) &&
			       !strcmp(have->range_end, want->range_end));
}

/* How many host entries of N are H: the same MAC and address. */
static size_t host_count(const struct vxml_net *n,
			 const struct xmlgen_host *h)
{
	size_t i, k = 0;

	for (i = 0; i < n->nhosts; i++)
		if (strcmp(n->hosts[i].mac, h->mac) == 0 &&
		    strcmp(n->hosts[i].ip, h->ip) == 0)
			k++;
	return k;
}

/* As many entries on each side, and each entry of A as many times in B
 * as in A: the same entries, even when a MAC repeats (looking each MAC
 * up found its first entry only, so two entries of one MAC compared
 * unequal to themselves; found by tests/fuzz/fuzz_xml.c). */
bool vxml_net_same_hosts(const struct vxml_net *a,
			    const struct vxml_net *b)
{
	size_t i;

	if (a->nhosts != b->nhosts)
		return false;
	for (i = 0; i < a->nhosts; i++)
		if (host_count(a, &a->hosts[i]) != host_count(b, &a->hosts[i]))
			return false;
	return true;
}
