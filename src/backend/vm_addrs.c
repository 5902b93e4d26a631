/*
 * vm_addrs.c - one look at the VM through libvirt (see vm_addrs.h): its
 * state, its NICs from its XML, the addresses each source reports, and,
 * through backend/vm_agent_read.c, its routes and DNS state.
 *
 * vm_addrs_collect asks virDomainInterfaceAddresses once per source
 * (agent, lease, ARP), keeping each answer or error (libvirt's text
 * whole, its line breaks as spaces), then has the guest's /proc/net/route
 * read through the agent.  vm_addrs_read_dns looks the domain up and has
 * its DNS state read while it runs.  The watcher that repeats this on
 * events is backend/vm_addrs_watch.c.  Reads only: nothing in libvirt or
 * the guest is changed.  Touches the caller's connection and structs.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "backend/vm_addrs.h"
#include "backend/vm_agent_read.h"
#include "core/clock.h"
#include "core/str.h"
#include "core/err.h"

/* libvirt's last error, whole (its line breaks as spaces: wrapping is
 * the screen's job), into ERR, with its code; resets it. */
static int last_error(char *err, size_t errlen, const char *what)
{
	virErrorPtr e = virGetLastError();
	const char *msg = e && e->message ? e->message : "unknown libvirt error";
	int code = e ? e->code : VIR_ERR_INTERNAL_ERROR;

	if (what)
		errf(err, errlen, "%s: %s", what, msg);
	else
		str_copy(err, errlen, msg);
	for (char *c = err; *c; c++)
		if (*c == '\n' || *c == '\r')
			*c = ' ';
	virResetLastError();
	return code;
}

/* ------------------------------------------------------------------ */
/* addresses                                                           */

static const unsigned int lv_source[VM_SRC_COUNT] = {
	[VM_SRC_AGENT] = VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT,
	[VM_SRC_LEASE] = VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE,
	[VM_SRC_ARP] = VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP,
};

static void ask_source(virDomainPtr dom, enum vm_source s,
		       struct vm_source_result *r)
{
	virDomainInterfacePtr *ifaces = NULL;
	int n;

	memset(r, 0, sizeof(*r));
	r->tried = true;
	r->when_ms = clock_now_ms();
	n = virDomainInterfaceAddresses(dom, &ifaces, lv_source[s], 0);
	if (n < 0) {
		r->code = last_error(r->err, sizeof(r->err), NULL);
		return;
	}
	r->ok = true;
	for (int i = 0; i < n; i++) {
		virDomainInterfacePtr f = ifaces[i];
		struct vm_iface *x;

		if (r->nifs >= VM_MAX_IFS)
			r->more_ifs++;
		if (r->nifs < VM_MAX_IFS) {
			x = &r->ifs[r->nifs++];
			memset(x, 0, sizeof(*x));
			str_copy(x->name, sizeof(x->name),
				 f->name ? f->name : "");
			str_copy(x->mac, sizeof(x->mac),
				 f->hwaddr ? f->hwaddr : "");
			for (char *c = x->mac; *c; c++)
				if (*c >= 'A' && *c <= 'F')
					*c = (char)(*c - 'A' + 'a');
			for (unsigned k = 0; k < f->naddrs; k++) {
				struct vm_addr *a = &x->addrs[x->naddrs];

				if (!f->addrs[k].addr)
					continue;
				if (x->naddrs >= VM_MAX_ADDRS) {
					r->more_addrs++;
					continue;
				}
				str_copy(a->addr, sizeof(a->addr),
					 f->addrs[k].addr);
				a->prefix = (int)f->addrs[k].prefix;
				a->ipv6 = f->addrs[k].type ==
					  VIR_IP_ADDR_TYPE_IPV6;
				a->since_ms = r->when_ms;
				x->naddrs++;
			}
		}
		virDomainInterfaceFree(f);
	}
	free(ifaces);
}


/* ------------------------------------------------------------------ */
/* one look at the domain                                              */

static enum vm_state map_state(int st)
{
	switch (st) {
	case VIR_DOMAIN_RUNNING:
		return VM_STATE_RUNNING;
	case VIR_DOMAIN_PAUSED:
		return VM_STATE_PAUSED;
	case VIR_DOMAIN_SHUTOFF:
		return VM_STATE_SHUTOFF;
	default:
		return VM_STATE_OTHER;
	}
}

int vm_addrs_collect(virConnectPtr conn, const char *domain, unsigned flags,
		     struct vm_observed *o)
{
	virDomainPtr dom;
	char *uri, *xml;
	int st = 0, reason = 0;

	vm_observed_init(o);
	o->taken_ms = clock_now_ms();
	o->taken_unix = (int64_t)time(NULL);
	str_copy(o->domain, sizeof(o->domain), domain ? domain : "");
	if (!conn) {
		snprintf(o->conn_err, sizeof(o->conn_err), "not connected to "
			 "libvirt");
		return -1;
	}
	uri = virConnectGetURI(conn);
	if (uri) {
		str_copy(o->uri, sizeof(o->uri), uri);
		free(uri);
	} else {
		virResetLastError();
	}
	dom = virDomainLookupByName(conn, o->domain);
	if (!dom) {
		int code = last_error(o->conn_err, sizeof(o->conn_err), NULL);

		if (code == VIR_ERR_NO_DOMAIN) {
			o->connected = true;
			o->conn_err[0] = '\0';
			o->state = VM_STATE_UNDEFINED;
			return 0;
		}
		o->connected = virConnectIsAlive(conn) == 1;
		virResetLastError();
		return -1;
	}
	o->connected = true;
	if (virDomainGetState(dom, &st, &reason, 0) < 0)
		last_error(o->conn_err, sizeof(o->conn_err), "domain state");
	else
		o->state = map_state(st);
	xml = virDomainGetXMLDesc(dom, 0);
	if (!xml) {
		last_error(o->conn_err, sizeof(o->conn_err), "domain XML");
	} else {
		vmaddr_parse_domain_xml(xml, o, o->conn_err,
					sizeof(o->conn_err));
		free(xml);
	}
	if (o->state == VM_STATE_RUNNING) {
		for (int s = 0; s < VM_SRC_COUNT; s++) {
			if ((s == VM_SRC_AGENT && (flags & VM_ADDRS_NO_AGENT)) ||
			    (s == VM_SRC_ARP && (flags & VM_ADDRS_NO_ARP)))
				continue;
			ask_source(dom, (enum vm_source)s, &o->src[s]);
		}
		if ((flags & VM_ADDRS_ROUTES) && !(flags & VM_ADDRS_NO_AGENT))
			vm_agent_read_routes(dom, o);
	}
	virDomainFree(dom);
	return 0;
}

int vm_addrs_read_dns(virConnectPtr conn, const char *domain,
		      struct vm_dns *out)
{
	virDomainPtr dom;
	int st = 0, reason = 0;

	vm_dns_free(out);
	out->taken_ms = clock_now_ms();
	out->taken_unix = (int64_t)time(NULL);
	if (!conn) {
		snprintf(out->err, sizeof(out->err), "not connected to libvirt");
		return -1;
	}
	dom = virDomainLookupByName(conn, domain ? domain : "");
	if (!dom) {
		last_error(out->err, sizeof(out->err), NULL);
		return -1;
	}
	if (virDomainGetState(dom, &st, &reason, 0) < 0) {
		last_error(out->err, sizeof(out->err), "domain state");
	} else if (st != VIR_DOMAIN_RUNNING) {
		snprintf(out->err, sizeof(out->err), "the VM is %s: its DNS "
			 "state is read through the guest agent while it runs",
			 vm_state_name(map_state(st)));
	} else {
		vm_agent_read_dns(dom, domain, out);
	}
	virDomainFree(dom);
	return out->ok ? 0 : -1;
}
