/*
 * readback.c - the VM's interfaces and their networks read back from
 * libvirt into a plan (see readback.h).  Reads libvirt only; changes
 * nothing.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "backend/readback.h"
#include "backend/virt.h"
#include "core/vxml.h"
#include "core/diag.h"
#include "core/str.h"
#include "core/fieldpath.h"
#include "core/err.h"

static char *read_net(virConnectPtr conn, const char *name)
{
	virNetworkPtr n = virNetworkLookupByName(conn, name);
	char *x;

	if (!n) {
		virResetLastError();
		return NULL;
	}
	x = virNetworkGetXMLDesc(n, VIR_NETWORK_XML_INACTIVE);
	if (!x) {
		virResetLastError();
		x = virNetworkGetXMLDesc(n, 0);
	}
	virResetLastError();
	virNetworkFree(n);
	return x;
}

/* The port of bridge BR that is a physical NIC, or "". */
static const char *bridge_port(const struct host_nic_list *links,
			       const char *br)
{
	size_t i;

	for (i = 0; links && i < links->count; i++)
		if (!strcmp(links->items[i].master, br) &&
		    links->items[i].physical)
			return links->items[i].name;
	return "";
}

/* The switch for network NAME (added when new); its index or -1. */
static int network_switch(virConnectPtr conn, struct plan *p,
			  const char *name, const struct host_nic_list *links,
			  struct vxml_net *vx, struct diag_list *notes)
{
	struct plan_switch *s;
	struct host_net hn;
	char *xml, err[ERR_MAX], path[DIAG_PATH_MAX];
	size_t i;

	for (i = 0; i < p->nswitches; i++)
		if (!strcmp(p->switches[i].name, name))
			break;
	xml = read_net(conn, name);
	if (!xml || vxml_net_read(xml, vx, err, sizeof(err)) < 0) {
		free(xml);
		diag_add(notes, DIAG_WARNING, "switches", "network %s used by "
			 "the VM cannot be read; it is left out", name);
		return -1;
	}
	if (i < p->nswitches) {
		free(xml);
		return (int)i;
	}
	memset(&hn, 0, sizeof(hn));
	str_copy(hn.name, sizeof(hn.name), name);
	if (virt_parse_network_xml(xml, &hn, err, sizeof(err)) < 0)
		hn.type = SWITCH_UNSET;
	free(xml);
	s = plan_add_switch(p);
	if (!s)
		return -1;
	plan_path(path, sizeof(path), FIELD_SW, p->nswitches - 1, 0);
	str_copy(s->name, sizeof(s->name), name);
	s->type = hn.type;
	switch (hn.type) {
	case SWITCH_DEFAULT:
	case SWITCH_INTERNAL:
		snprintf(s->address, sizeof(s->address), "%s/%d", vx->ip,
			 vx->prefix);
		s->nat = !strcmp(vx->forward, "nat");
		s->dhcp = vx->dhcp && vx->range_start[0];
		if (s->dhcp) {
			str_copy(s->dhcp_start, sizeof(s->dhcp_start),
				 vx->range_start);
			str_copy(s->dhcp_end, sizeof(s->dhcp_end),
				 vx->range_end);
		}
		break;
	case SWITCH_EXTERNAL:
		if (vx->forward_dev[0]) {
			s->ext_mode = EXT_MACVTAP;
			str_copy(s->uplink, sizeof(s->uplink), vx->forward_dev);
		} else {
			s->ext_mode = EXT_BRIDGE;
			str_copy(s->bridge, sizeof(s->bridge), vx->bridge);
			str_copy(s->uplink, sizeof(s->uplink),
				 bridge_port(links, vx->bridge));
			if (!s->uplink[0])
				diag_add(notes, DIAG_WARNING, path, "the "
					 "physical NIC behind bridge %s is not "
					 "known; set the uplink", vx->bridge);
		}
		break;
	default:
		diag_add(notes, DIAG_WARNING, path, "network %s (forward mode "
			 "'%s') is not one of edgenet's switch types; choose "
			 "a type", name, vx->forward);
		break;
	}
	return (int)(p->nswitches - 1);
}

int readback_deployment(struct virt_conn *c, const char *domain,
			enum host_profile profile,
			const struct host_nic_list *links,
			struct readback *out, struct diag_list *notes,
			char *err, size_t errlen)
{
	virConnectPtr conn = virt_handle(c);
	virDomainPtr d;
	struct vxml_dom *x;
	struct vxml_net vx;
	char *xml, path[DIAG_PATH_MAX];
	size_t i;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	plan_init(&out->plan);
	out->plan.version = PLAN_VERSION;
	out->plan.profile = profile;
	str_copy(out->plan.domain, sizeof(out->plan.domain), domain);
	if (!conn) {
		errf(err, errlen, "not connected to libvirt");
		return -1;
	}
	d = virDomainLookupByName(conn, domain);
	if (!d)
		return virt_last_error(err, errlen, "cannot read the VM back");
	out->running = virDomainIsActive(d) == 1;
	xml = virDomainGetXMLDesc(d, VIR_DOMAIN_XML_INACTIVE);
	virDomainFree(d);
	if (!xml)
		return virt_last_error(err, errlen, "cannot read the VM's definition");
	x = malloc(sizeof(*x));
	if (!x) {
		free(xml);
		errf(err, errlen, "out of memory");
		return -1;
	}
	if (vxml_dom_read(xml, x, err, errlen) < 0)
		goto out;
	for (i = 0; i < x->nifaces; i++) {
		const struct vxml_iface *f = &x->ifaces[i];
		struct readback_nic *rn;
		struct plan_nic *n = plan_add_nic(&out->plan);
		int sw;

		if (!n) {
			diag_add(notes, DIAG_WARNING, "nics", "VM %s has more "
				 "than %d NICs; the rest are left out", domain,
				 PLAN_MAX_NICS);
			break;
		}
		plan_path(path, sizeof(path), FIELD_NIC, i, 0);
		rn = &out->nics[out->plan.nnics - 1];
		str_copy(rn->type, sizeof(rn->type), f->type);
		str_copy(rn->model, sizeof(rn->model), f->model);
		snprintf(n->name, sizeof(n->name), "eth%zu", i);
		str_copy(n->mac, sizeof(n->mac), f->mac);
		n->primary = i == 0;
		n->mode = IP_DHCP;
		if (!strcmp(f->type, "network")) {
			str_copy(rn->source, sizeof(rn->source), f->network);
			str_copy(n->switch_name, sizeof(n->switch_name),
				 f->network);
			sw = network_switch(conn, &out->plan, f->network,
					    links, &vx, notes);
			if (sw >= 0) {
				const struct xmlgen_host *h =
					vxml_net_host(&vx, f->mac);

				if (h) {
					n->mode = IP_STATIC;
					str_copy(n->address, sizeof(n->address),
						 h->ip);
					plan_nic_set_prefix(n, vx.prefix);
					str_copy(n->gateway, sizeof(n->gateway),
						 vx.ip);
					diag_add(notes, DIAG_WARNING, path,
						 "the fixed address %s comes "
						 "from a DHCP reservation; the "
						 "gateway is assumed to be the "
						 "host (%s): check it", h->ip,
						 vx.ip);
				}
			}
		} else if (!strcmp(f->type, "bridge") ||
			   !strcmp(f->type, "direct")) {
			struct plan_switch *s;
			bool br = !strcmp(f->type, "bridge");

			str_copy(rn->source, sizeof(rn->source),
				 br ? f->bridge : f->dev);
			snprintf(n->switch_name, sizeof(n->switch_name), "%s%s",
				 br ? "" : "macvtap-", br ? f->bridge : f->dev);
			if (!plan_find_switch(&out->plan, n->switch_name) &&
			    (s = plan_add_switch(&out->plan)) != NULL) {
				str_copy(s->name, sizeof(s->name),
					 n->switch_name);
				s->type = SWITCH_EXTERNAL;
				s->ext_mode = br ? EXT_BRIDGE : EXT_MACVTAP;
				if (br) {
					str_copy(s->bridge, sizeof(s->bridge),
						 f->bridge);
					str_copy(s->uplink, sizeof(s->uplink),
						 bridge_port(links, f->bridge));
				} else {
					str_copy(s->uplink, sizeof(s->uplink),
						 f->dev);
				}
			}
			diag_add(notes, DIAG_WARNING, path, "this NIC is "
				 "plugged straight into %s %s, not through a "
				 "libvirt network; applying the plan makes it a "
				 "libvirt network of that name", br ? "bridge" :
				 "device", rn->source);
		} else {
			diag_add(notes, DIAG_WARNING, path, "interface type "
				 "'%s' is not managed by edgenet", f->type);
		}
	}
	if (x->nifaces)
		diag_add(notes, DIAG_WARNING, "nics", "DNS servers and route "
			 "metrics live in the VM and cannot be read from "
			 "libvirt; check them");
	rc = 0;
out:
	free(x);
	free(xml);
	return rc;
}
