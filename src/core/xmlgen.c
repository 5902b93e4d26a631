/*
 * xmlgen.c - libvirt network and interface XML from a validated plan (see
 * xmlgen.h).  Every value is checked again where it is used and escaped
 * on the way out.  Pure C: builds strings only.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/names.h"
#include "core/sbuf.h"
#include "core/validate.h"
#include "core/xmlgen.h"
#include "diag.h"
#include "core/str.h"
#include "core/fieldpath.h"

int xmlgen_init(struct xmlgen *g, const struct plan *p,
		const struct policy *pol, const struct mac *macs,
		struct diag_list *out)
{
	struct diag_list d;
	size_t i, nerr;

	memset(g, 0, sizeof(*g));
	diag_list_init(&d);
	plan_validate(p, pol, &d);
	nerr = diag_count(&d, DIAG_ERROR);
	for (i = 0; i < p->nnics && i < PLAN_MAX_NICS; i++) {
		char path[DIAG_PATH_MAX];

		if (!mac_is_zero(&macs[i]) && !mac_is_multicast(&macs[i]))
			continue;
		plan_path(path, sizeof(path), FIELD_NIC_MAC, i, 0);
		diag_add(&d, DIAG_ERROR, path, "NIC %s has no usable MAC; "
			 "leave mac empty so that edgenet generates one",
			 p->nics[i].name);
		nerr++;
	}
	if (out)
		diag_list_append_new(out, &d);
	diag_list_free(&d);
	if (nerr)
		return -1;
	g->p = p;
	memcpy(g->macs, macs, p->nnics * sizeof(macs[0]));
	g->ready = true;
	return 0;
}

/* True when libvirt serves DHCP on the switch (default or internal with
 * dhcp on). */
static bool serves_dhcp(const struct plan_switch *s)
{
	return (s->type == SWITCH_DEFAULT || s->type == SWITCH_INTERNAL) &&
	       s->dhcp;
}

size_t xmlgen_plan_hosts(const struct xmlgen *g, size_t sw,
			 struct xmlgen_host *out, size_t max)
{
	const struct plan_switch *s;
	size_t i, n = 0;

	if (!g->ready || sw >= g->p->nswitches)
		return 0;
	s = &g->p->switches[sw];
	if (!serves_dhcp(s))
		return 0;
	for (i = 0; i < g->p->nnics; i++) {
		const struct plan_nic *nic = &g->p->nics[i];
		uint32_t a;

		if (nic->mode != IP_STATIC || strcmp(nic->switch_name, s->name))
			continue;
		if (ipv4_parse(nic->address, &a) != IPV4_OK)
			continue;
		if (n < max) {
			mac_format(&g->macs[i], out[n].mac);
			ipv4_format(a, out[n].ip);
		}
		n++;
	}
	return n < max ? n : max;
}

static bool host_ok(const struct xmlgen_host *h)
{
	struct mac m;
	uint32_t a;

	return mac_parse(h->mac, &m) == MAC_OK && !mac_is_multicast(&m) &&
	       ipv4_parse(h->ip, &a) == IPV4_OK;
}

static void add_host(struct sbuf *b, const struct xmlgen_host *h)
{
	sbuf_add(b, "      <host mac='");
	sbuf_add_xml(b, h->mac);
	sbuf_add(b, "' ip='");
	sbuf_add_xml(b, h->ip);
	sbuf_add(b, "'/>\n");
}

/* True when UUID looks like 8-4-4-4-12 hex digits (or 32 hex digits). */
static bool uuid_ok(const char *u)
{
	size_t i, hex = 0;

	for (i = 0; u[i]; i++) {
		if ((u[i] >= '0' && u[i] <= '9') ||
		    (u[i] >= 'a' && u[i] <= 'f') ||
		    (u[i] >= 'A' && u[i] <= 'F'))
			hex++;
		else if (u[i] != '-')
			return false;
	}
	return hex == 32 && i <= 36;
}

static int add_ip(struct sbuf *b, const struct xmlgen *g,
		  const struct plan_switch *s, size_t sw,
		  const struct xmlgen_host *keep, size_t nkeep, char *err,
		  size_t errlen)
{
	struct xmlgen_host hosts[PLAN_MAX_NICS];
	char addr[IPV4_STRLEN], st[IPV4_STRLEN], en[IPV4_STRLEN];
	uint32_t a, rs, re;
	size_t i, nh;
	int pfx;

	if (ipv4_parse_cidr(s->address, &a, &pfx) != IPV4_OK) {
		errf(err, errlen, "switch %s: address '%s' is not usable",
		     s->name, s->address);
		return -1;
	}
	sbuf_addf(b, "  <ip address='%s' prefix='%d'", ipv4_format(a, addr),
		  pfx);
	if (!s->dhcp) {
		sbuf_add(b, "/>\n");
		return 0;
	}
	if (ipv4_parse(s->dhcp_start, &rs) != IPV4_OK ||
	    ipv4_parse(s->dhcp_end, &re) != IPV4_OK) {
		errf(err, errlen, "switch %s: DHCP range is not usable",
		     s->name);
		return -1;
	}
	sbuf_add(b, ">\n    <dhcp>\n");
	sbuf_addf(b, "      <range start='%s' end='%s'/>\n",
		  ipv4_format(rs, st), ipv4_format(re, en));
	nh = xmlgen_plan_hosts(g, sw, hosts, PLAN_MAX_NICS);
	for (i = 0; i < nkeep; i++) {
		if (!host_ok(&keep[i])) {
			errf(err, errlen, "switch %s: kept DHCP host entry "
			     "'%s' -> '%s' is not usable", s->name,
			     keep[i].mac, keep[i].ip);
			return -1;
		}
		add_host(b, &keep[i]);
	}
	for (i = 0; i < nh; i++)
		add_host(b, &hosts[i]);
	sbuf_add(b, "    </dhcp>\n  </ip>\n");
	return 0;
}

char *xmlgen_network(const struct xmlgen *g, size_t sw,
		     const struct xmlgen_keep *k, char *err, size_t errlen)
{
	static const struct xmlgen_keep none;
	const struct plan_switch *s;
	const char *uuid, *bridge;
	struct mac bmac;
	struct sbuf b;
	char *out;

	if (!k)
		k = &none;
	uuid = k->uuid && k->uuid[0] ? k->uuid : NULL;
	bridge = k->bridge && k->bridge[0] ? k->bridge : NULL;

	if (!g->ready) {
		errf(err, errlen, "the plan has not been validated without "
		     "errors; no XML is built from it");
		return NULL;
	}
	if (sw >= g->p->nswitches) {
		errf(err, errlen, "no switch %zu in the plan", sw);
		return NULL;
	}
	s = &g->p->switches[sw];
	if (name_check_object(s->name)) {
		errf(err, errlen, "switch name '%s' is not usable", s->name);
		return NULL;
	}
	if (uuid && !uuid_ok(uuid)) {
		errf(err, errlen, "network %s: UUID '%s' is not usable",
		     s->name, uuid);
		return NULL;
	}
	if (bridge && name_check_ifname(bridge)) {
		errf(err, errlen, "network %s: bridge '%s' is not usable",
		     s->name, bridge);
		return NULL;
	}
	if (k->mac && k->mac[0] && (mac_parse(k->mac, &bmac) != MAC_OK ||
				    mac_is_multicast(&bmac))) {
		errf(err, errlen, "network %s: bridge MAC '%s' is not usable",
		     s->name, k->mac);
		return NULL;
	}

	sbuf_init(&b);
	sbuf_add(&b, "<network>\n  <name>");
	sbuf_add_xml(&b, s->name);
	sbuf_add(&b, "</name>\n");
	if (uuid) {
		sbuf_add(&b, "  <uuid>");
		sbuf_add_xml(&b, uuid);
		sbuf_add(&b, "</uuid>\n");
	}
	switch (s->type) {
	case SWITCH_DEFAULT:
	case SWITCH_INTERNAL:
		if (s->type == SWITCH_DEFAULT || s->nat)
			sbuf_add(&b, "  <forward mode='nat'/>\n");
		if (bridge) {
			sbuf_add(&b, "  <bridge name='");
			sbuf_add_xml(&b, bridge);
			sbuf_add(&b, "' stp='on' delay='0'/>\n");
		}
		if (k->mac && k->mac[0]) {
			char m[MAC_STRLEN];

			sbuf_addf(&b, "  <mac address='%s'/>\n",
				  mac_format(&bmac, m));
		}
		if (add_ip(&b, g, s, sw, k->hosts, k->nhosts, err, errlen) < 0) {
			sbuf_free(&b);
			return NULL;
		}
		break;
	case SWITCH_EXTERNAL:
		if (name_check_ifname(s->uplink) ||
		    (s->ext_mode == EXT_BRIDGE && name_check_ifname(s->bridge))) {
			errf(err, errlen, "switch %s: uplink or bridge name "
			     "is not usable", s->name);
			sbuf_free(&b);
			return NULL;
		}
		if (s->ext_mode == EXT_BRIDGE) {
			sbuf_add(&b, "  <forward mode='bridge'/>\n"
				 "  <bridge name='");
			sbuf_add_xml(&b, s->bridge);
			sbuf_add(&b, "'/>\n");
		} else {
			sbuf_add(&b, "  <forward mode='bridge'>\n"
				 "    <interface dev='");
			sbuf_add_xml(&b, s->uplink);
			sbuf_add(&b, "'/>\n  </forward>\n");
		}
		break;
	default:
		errf(err, errlen, "switch %s has no type", s->name);
		sbuf_free(&b);
		return NULL;
	}
	sbuf_add(&b, "</network>\n");
	out = sbuf_done(&b);
	if (!out)
		errf(err, errlen, "out of memory");
	return out;
}

/* Model names libvirt knows are short words: letters, digits, '-', '_'. */
static bool model_ok(const char *m)
{
	size_t i;

	if (!*m || strlen(m) > 32)
		return false;
	for (i = 0; m[i]; i++)
		if (!((m[i] >= 'a' && m[i] <= 'z') ||
		      (m[i] >= 'A' && m[i] <= 'Z') ||
		      (m[i] >= '0' && m[i] <= '9') || m[i] == '-' ||
		      m[i] == '_'))
			return false;
	return true;
}

/* ADDRESS must be one <address .../> element and nothing else. */
static bool address_ok(const char *a)
{
	size_t l = strlen(a);

	return l > 11 && strncmp(a, "<address ", 9) == 0 &&
	       strcmp(a + l - 2, "/>") == 0 && !strchr(a + 1, '<') &&
	       strchr(a, '>') == a + l - 1 && !strchr(a, '\n');
}

char *xmlgen_interface(const struct xmlgen *g, size_t nic, const char *model,
		       const char *indent, const char *address, char *err,
		       size_t errlen)
{
	const struct plan_nic *n;
	char mac[MAC_STRLEN];
	const char *in = indent ? indent : "";
	struct sbuf b;
	char *out;

	if (!g->ready) {
		errf(err, errlen, "the plan has not been validated without "
		     "errors; no XML is built from it");
		return NULL;
	}
	if (nic >= g->p->nnics) {
		errf(err, errlen, "no NIC %zu in the plan", nic);
		return NULL;
	}
	n = &g->p->nics[nic];
	if (name_check_object(n->switch_name)) {
		errf(err, errlen, "NIC %s: switch name '%s' is not usable",
		     n->name, n->switch_name);
		return NULL;
	}
	if (model && !model_ok(model)) {
		errf(err, errlen, "NIC %s: model '%s' is not usable", n->name,
		     model);
		return NULL;
	}
	if (address && !address_ok(address)) {
		errf(err, errlen, "NIC %s: the kept PCI address element is "
		     "not a single <address/>", n->name);
		return NULL;
	}
	mac_format(&g->macs[nic], mac);
	sbuf_init(&b);
	sbuf_add(&b, "<interface type='network'>\n");
	sbuf_addf(&b, "%s  <mac address='", in);
	sbuf_add_xml(&b, mac);
	sbuf_addf(&b, "'/>\n%s  <source network='", in);
	sbuf_add_xml(&b, n->switch_name);
	sbuf_addf(&b, "'/>\n%s  <model type='", in);
	sbuf_add_xml(&b, model ? model : "virtio");
	sbuf_add(&b, "'/>\n");
	if (address)
		sbuf_addf(&b, "%s  %s\n", in, address);
	sbuf_addf(&b, "%s</interface>", in);
	out = sbuf_done(&b);
	if (!out)
		errf(err, errlen, "out of memory");
	return out;
}

char *xmlgen_dhcp_host(const char *mac, const char *ip)
{
	struct xmlgen_host h;
	struct sbuf b;

	if (strlen(mac) >= sizeof(h.mac) || strlen(ip) >= sizeof(h.ip))
		return NULL;
	str_copy(h.mac, sizeof(h.mac), mac);
	str_copy(h.ip, sizeof(h.ip), ip);
	if (!host_ok(&h))
		return NULL;
	sbuf_init(&b);
	sbuf_add(&b, "<host mac='");
	sbuf_add_xml(&b, h.mac);
	sbuf_add(&b, "' ip='");
	sbuf_add_xml(&b, h.ip);
	sbuf_add(&b, "'/>");
	return sbuf_done(&b);
}
