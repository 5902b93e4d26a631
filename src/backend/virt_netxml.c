/*
 * virt_netxml.c - a libvirt network's XML read into a struct
 * host_net (see virt.h: virt_parse_network_xml) and mapped onto
 * edgenet's switch types (virt_map_switch).  Pure: the XML is read with
 * the core's bounded reader (core/xmldoc); only bounded copies go into
 * the fixed-size fields of struct host_net, a value too long is an
 * error.  No libvirt call.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "backend/virt.h"
#include "core/diag.h"
#include "core/xmldoc.h"
#include "core/err.h"

/* ---------------------------------------------------------------- */
/* network XML                                                       */

/* Strict decimal 0..32. */
static int parse_prefix(const char *s)
{
	int v = 0;

	if (!*s || strlen(s) > 2)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v <= 32 ? v : -1;
}

/* Prefix length of a contiguous dotted netmask, -1 otherwise. */
static int netmask_prefix(const char *s)
{
	struct in_addr a;
	uint32_t m;
	int bits = 0;

	if (inet_pton(AF_INET, s, &a) != 1)
		return -1;
	m = ntohl(a.s_addr);
	while (m & 0x80000000u) {
		bits++;
		m <<= 1;
	}
	return m == 0 ? bits : -1;
}

/* The prefix libvirt assumes for an IPv4 <ip> with neither prefix nor
 * netmask: the address's class. */
static int class_prefix(const char *addr)
{
	struct in_addr a;
	uint32_t v;

	if (inet_pton(AF_INET, addr, &a) != 1)
		return -1;
	v = ntohl(a.s_addr) >> 24;
	if (v < 128)
		return 8;
	if (v < 192)
		return 16;
	if (v < 224)
		return 24;
	return -1;
}

static bool is_ipv4(const char *s)
{
	struct in_addr a;

	return inet_pton(AF_INET, s, &a) == 1;
}

/* Attribute NAME of N into the field OUT: 1 found, 0 absent, -1 too
 * long for OUT (with a message). */
static int field(const struct xml_node *n, const char *name, char *out,
		 size_t outlen, char *err, size_t errlen)
{
	const char *v = xml_get(n, name);

	out[0] = '\0';
	if (!v)
		return 0;
	if (strlen(v) >= outlen) {
		errf(err, errlen, "network XML: <%s %s=...> is too long",
			n->name, name);
		return -1;
	}
	memcpy(out, v, strlen(v) + 1);
	return 1;
}

/* The first IPv4 <ip> into N->address: 1 when IP is one, 0 when it is
 * skipped (IPv6, or no address), -1 with a message. */
static int read_ip(struct host_net *n, const struct xml_node *ip, char *err,
		   size_t errlen)
{
	char family[16], addr[PLAN_ADDR_MAX], prefix[16], mask[PLAN_ADDR_MAX];
	int fr, pr, mr, plen, rc;

	fr = field(ip, "family", family, sizeof(family), err, errlen);
	if (fr < 0)
		return -1;
	if (fr == 1 && strcmp(family, "ipv4") != 0)
		return 0;
	rc = field(ip, "address", addr, sizeof(addr), err, errlen);
	if (rc <= 0)
		return rc;	/* too long, or an <ip> with no address */
	if (fr == 0 && strchr(addr, ':'))
		return 0;	/* IPv6 without family='ipv6' */
	if (!is_ipv4(addr)) {
		errf(err, errlen, "network XML: <ip address='%s'> is not "
			"an IPv4 address", addr);
		return -1;
	}
	pr = field(ip, "prefix", prefix, sizeof(prefix), err, errlen);
	mr = field(ip, "netmask", mask, sizeof(mask), err, errlen);
	if (pr < 0 || mr < 0)
		return -1;
	if (pr == 1)
		plen = parse_prefix(prefix);
	else if (mr == 1)
		plen = netmask_prefix(mask);
	else
		plen = class_prefix(addr);
	if (plen < 0) {
		if (pr == 1 || mr == 1)
			errf(err, errlen, "network XML: <ip address='%s'> "
				"has a bad %s '%s'", addr,
				pr == 1 ? "prefix" : "netmask",
				pr == 1 ? prefix : mask);
		else
			errf(err, errlen, "network XML: <ip address='%s'> "
				"has no prefix and no address class", addr);
		return -1;
	}
	if (snprintf(n->address, sizeof(n->address), "%s/%d", addr,
		     plen) >= (int)sizeof(n->address))
		return -1;	/* cannot happen: a checked IPv4 address */
	return 1;
}

/* The DHCP range of the chosen <ip>, when it has one. */
static int read_range(struct host_net *n, const struct xml_node *ip,
		      char *err, size_t errlen)
{
	const struct xml_node *range = xml_path(ip, "dhcp/range");

	if (!range)
		return 0;
	if (field(range, "start", n->dhcp_start, sizeof(n->dhcp_start), err,
		  errlen) < 0 ||
	    field(range, "end", n->dhcp_end, sizeof(n->dhcp_end), err,
		  errlen) < 0)
		return -1;
	if (!is_ipv4(n->dhcp_start) || !is_ipv4(n->dhcp_end)) {
		errf(err, errlen, "network XML: DHCP range '%s' - '%s' is "
			"not a pair of IPv4 addresses", n->dhcp_start,
			n->dhcp_end);
		n->dhcp_start[0] = n->dhcp_end[0] = '\0';
		return -1;
	}
	n->dhcp = true;
	return 0;
}

/* Forward mode, bridge, the first IPv4 <ip> and its DHCP range from the
 * <network> element ROOT. */
static int read_network_root(struct host_net *n, const struct xml_node *root,
			     char *err, size_t errlen)
{
	const struct xml_node *x;
	int rc;

	if (strcmp(root->name, "network") != 0) {
		errf(err, errlen, "network XML: the root element is <%s>, "
			"not <network>", root->name);
		return -1;
	}
	x = xml_child(root, "forward");
	if (x) {
		rc = field(x, "mode", n->forward, sizeof(n->forward), err,
			   errlen);
		if (rc < 0)
			return -1;
		if (rc == 0)	/* libvirt's default forward mode */
			snprintf(n->forward, sizeof(n->forward), "nat");
	}
	x = xml_child(root, "bridge");
	if (x && field(x, "name", n->bridge, sizeof(n->bridge), err,
		       errlen) < 0)
		return -1;
	for (x = xml_child(root, "ip"); x; x = xml_next(x)) {
		rc = read_ip(n, x, err, errlen);
		if (rc < 0)
			return -1;
		if (rc == 1)
			return read_range(n, x, err, errlen);
	}
	return 0;
}

enum switch_type virt_map_switch(const struct host_net *n)
{
	static const char *const external[] = {
		"bridge", "private", "vepa", "passthrough",
	};
	size_t i;

	for (i = 0; i < sizeof(external) / sizeof(external[0]); i++)
		if (strcmp(n->forward, external[i]) == 0)
			return SWITCH_EXTERNAL;
	if (n->address[0] == '\0')
		return SWITCH_UNSET;
	if (strcmp(n->forward, "nat") == 0) {
		if (n->dhcp && strcmp(n->name, "default") == 0)
			return SWITCH_DEFAULT;
		return SWITCH_INTERNAL;
	}
	if (n->forward[0] == '\0')
		return SWITCH_INTERNAL;
	return SWITCH_UNSET;
}

int virt_parse_network_xml(const char *xml, struct host_net *n, char *err,
			   size_t errlen)
{
	struct xml_doc doc;
	char xerr[ERR_MAX];
	int rc;

	n->forward[0] = n->bridge[0] = n->address[0] = '\0';
	n->dhcp_start[0] = n->dhcp_end[0] = '\0';
	n->dhcp = false;
	n->type = SWITCH_UNSET;
	if (!xml) {
		errf(err, errlen, "network XML: none");
		return -1;
	}
	if (xmldoc_parse(&doc, xml, xerr, sizeof(xerr)) < 0) {
		errf(err, errlen, "network XML: %s", xerr);
		return -1;
	}
	rc = read_network_root(n, doc.root, err, errlen);
	xmldoc_free(&doc);
	if (rc < 0)
		return -1;
	n->type = virt_map_switch(n);
	return 0;
}
