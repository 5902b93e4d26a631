/*
 * virt_query.c - what the console and the commands ask a
 * libvirt host through the ops of core/host.h (see virt.h: virt_ops):
 * its networks (read with virt_netxml.c), whether a domain exists, the
 * defined domains, the URI.  Only reads, on the connection it is given;
 * a lost connection is noticed (virt.c) and said in the caller's
 * buffer.
 */
#include "config.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "backend/virt.h"
#include "backend/virt_priv.h"
#include "core/diag.h"
#include "core/str.h"

/* 0 when the connection can be used, else -1 with why not. */
static int check_alive(struct virt_conn *c, char *err, size_t errlen)
{
	const char *lost;

	if (!c || !c->conn) {
		errf(err, errlen, "not connected to libvirt");
		return -1;
	}
	if (virConnectIsAlive(c->conn) == 0) {
		int expected = 0;

		atomic_compare_exchange_strong(&c->lost, &expected,
			1 + VIR_CONNECT_CLOSE_REASON_EOF);
	}
	virResetLastError();
	lost = virt_lost(c);
	if (lost) {
		errf(err, errlen, "%s", lost);
		return -1;
	}
	return 0;
}

static int net_cmp(const void *a, const void *b)
{
	const struct host_net *x = a, *y = b;

	return strcmp(x->name, y->name);
}

static int read_network(virNetworkPtr net, struct host_net *n, char *err,
			size_t errlen)
{
	const char *name = virNetworkGetName(net);
	char *xml;
	int autostart = 0, active, rc;

	memset(n, 0, sizeof(*n));
	if (!name) {
		virt_last_error(err, errlen, "cannot read a network's name");
		return -1;
	}
	if (strlen(name) >= sizeof(n->name)) {
		errf(err, errlen, "libvirt network name '%.40s...' is longer "
			"than %zu characters", name, sizeof(n->name) - 1);
		return -1;
	}
	str_copy(n->name, sizeof(n->name), name);
	active = virNetworkIsActive(net);
	if (active < 0)
		virResetLastError();
	n->active = active == 1;
	if (virNetworkGetAutostart(net, &autostart) < 0)
		virResetLastError();
	n->autostart = autostart != 0;

	xml = virNetworkGetXMLDesc(net, 0);
	if (!xml) {
		char what[PLAN_NAME_MAX + 64];

		snprintf(what, sizeof(what), "cannot read libvirt network '%s'",
			 n->name);
		virt_last_error(err, errlen, what);
		return -1;
	}
	rc = virt_parse_network_xml(xml, n, err, errlen);
	free(xml);
	if (rc < 0 && err && errlen) {
		char msg[256];

		str_copy(msg, sizeof(msg), err);
		errf(err, errlen, "libvirt network '%s': %s", n->name, msg);
	}
	return rc;
}

static int op_list_networks(void *ctx, struct host_net_list *out, char *err,
			    size_t errlen)
{
	struct virt_conn *c = ctx;
	virNetworkPtr *nets = NULL;
	int n, i, rc = 0;

	out->count = 0;
	if (check_alive(c, err, errlen) < 0)
		return -1;
	n = virConnectListAllNetworks(c->conn, &nets, 0);
	if (n < 0) {
		virt_last_error(err, errlen, "cannot list libvirt networks");
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (rc == 0 && out->count >= HOST_MAX_NETS) {
			errf(err, errlen, "the host has %d libvirt networks; "
				"edgenet shows at most %d", n, HOST_MAX_NETS);
			rc = -1;
		}
		if (rc == 0 &&
		    read_network(nets[i], &out->items[out->count], err,
				 errlen) < 0)
			rc = -1;
		if (rc == 0)
			out->count++;
		virNetworkFree(nets[i]);
	}
	free(nets);
	if (rc < 0) {
		out->count = 0;
		return -1;
	}
	qsort(out->items, out->count, sizeof(out->items[0]), net_cmp);
	return 0;
}

static int op_domain_exists(void *ctx, const char *name, char *err,
			    size_t errlen)
{
	struct virt_conn *c = ctx;
	virDomainPtr dom;
	virErrorPtr e;

	if (check_alive(c, err, errlen) < 0)
		return -1;
	if (!name || !*name) {
		errf(err, errlen, "no domain name given");
		return -1;
	}
	dom = virDomainLookupByName(c->conn, name);
	if (dom) {
		virDomainFree(dom);
		return 1;
	}
	e = virGetLastError();
	if (e && e->code == VIR_ERR_NO_DOMAIN) {
		virResetLastError();
		return 0;
	}
	{
		char what[PLAN_NAME_MAX + 64];

		snprintf(what, sizeof(what), "cannot look up domain '%.*s'",
			 PLAN_NAME_MAX, name);
		virt_last_error(err, errlen, what);
	}
	return -1;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

/* Every defined domain, running or not; names that do not fit a plan's
 * vm field are left out (no plan can name them). */
static int op_list_domains(void *ctx, struct host_domain_list *out,
			   char *err, size_t errlen)
{
	struct virt_conn *c = ctx;
	virDomainPtr *doms = NULL;
	int n, i;

	out->count = 0;
	out->total = 0;
	if (check_alive(c, err, errlen) < 0)
		return -1;
	n = virConnectListAllDomains(c->conn, &doms, 0);
	if (n < 0)
		return virt_last_error(err, errlen,
				       "cannot list the VMs (libvirt domains)");
	for (i = 0; i < n; i++) {
		const char *name = virDomainGetName(doms[i]);

		if (name && strlen(name) < PLAN_NAME_MAX) {
			out->total++;
			if (out->count < HOST_MAX_DOMAINS)
				str_copy(out->names[out->count++],
					 PLAN_NAME_MAX, name);
		}
		virDomainFree(doms[i]);
	}
	free(doms);
	qsort(out->names, out->count, sizeof(out->names[0]), name_cmp);
	return 0;
}

const char *virt_uri(const struct virt_conn *c)
{
	return c && c->uri ? c->uri : "";
}

static const char *op_uri(void *ctx)
{
	struct virt_conn *c = ctx;

	return c && c->uri ? c->uri : "";
}

void virt_ops(struct virt_conn *c, struct host_virt_ops *ops)
{
	ops->list_networks = op_list_networks;
	ops->domain_exists = op_domain_exists;
	ops->list_domains = op_list_domains;
	ops->uri = op_uri;
	ops->ctx = c;
}
