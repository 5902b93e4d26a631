/*
 * virt_apply.c - carrying out apply steps on a libvirt host (see
 * virt_apply.h): define, start, autostart, redefine, stop and undefine
 * networks; add, change and remove DHCP host entries; redefine the VM
 * with its interfaces and plug or unplug them live; bridges through
 * nl_bridge.  Each undo works from what it finds (a step may have been
 * done, half done or not at all) and each check reads libvirt back.
 * After an apply: what waits for the VM's next start (its running
 * definition against its persistent one, core/pending.h), and the
 * shutdown and start that restart it.
 *
 * Touches only the libvirt objects the steps name, on the connection it
 * is given, and (bridge steps) the two links a step names, in this
 * process's network namespace.  Never prints: every failure becomes a
 * sentence in the caller's buffer.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "backend/guest_apply.h"
#include "backend/nl_bridge.h"
#include "backend/virt.h"
#include "backend/virt_apply.h"
#include "core/apply_dry.h"
#include "core/validate.h"
#include "core/vxml.h"
#include "core/diag.h"
#include "core/str.h"

/* How long a live unplug may take the guest (ms). */
#define VIRT_UNPLUG_WAIT_MS 10000

struct virt_apply {
	struct virt_conn *c;	/* its handle is read at each use: it may
				 * be made again (virt_reconnect) */
	struct guest_expect expect;	/* what the guest checks look for */
};

static int last_code(void)
{
	virErrorPtr e = virGetLastError();

	return e ? e->code : VIR_ERR_OK;
}

struct virt_apply *virt_apply_new(struct virt_conn *c, char *err,
				  size_t errlen)
{
	struct virt_apply *va;

	if (!c || !virt_handle(c)) {
		errf(err, errlen, "not connected to libvirt");
		return NULL;
	}
	va = calloc(1, sizeof(*va));
	if (!va) {
		errf(err, errlen, "out of memory");
		return NULL;
	}
	va->c = c;
	return va;
}

void virt_apply_free(struct virt_apply *va)
{
	free(va);
}

bool virt_apply_is_local(struct virt_conn *c)
{
	char *uri = virConnectGetURI(virt_handle(c));
	bool local;

	if (!uri) {
		/* unknown: change no link rather than guess */
		virResetLastError();
		return false;
	}
	local = host_uri_is_local(uri);	/* not qemu+ssh://host/system */
	/* The test driver (the demo host) is a simulation: its links are
	 * not this machine's, so no bridge may be made here for it. */
	if (strncmp(uri, "test:", 5) == 0)
		local = false;
	free(uri);
	return local;
}

/* ---------------------------------------------------------------- */
/* reading libvirt                                                   */

/* Network NAME, or NULL: *MISSING tells "does not exist" from errors. */
static virNetworkPtr net_get(struct virt_apply *va, const char *name,
			     bool *missing, char *err, size_t errlen)
{
	virNetworkPtr n = virNetworkLookupByName(virt_handle(va->c), name);
	char what[160];

	*missing = false;
	if (n)
		return n;
	if (last_code() == VIR_ERR_NO_NETWORK) {
		virResetLastError();
		*missing = true;
		return NULL;
	}
	snprintf(what, sizeof(what), "cannot look up network %s", name);
	virt_last_error(err, errlen, what);
	return NULL;
}

/* Persistent definition (inactive XML) of N, malloc'd; live = current. */
static char *net_xml(virNetworkPtr n, bool live, char *err, size_t errlen)
{
	char *x = virNetworkGetXMLDesc(n, live ? 0 : VIR_NETWORK_XML_INACTIVE);

	if (!x && !live) {
		/* The test driver does not know the flag. */
		virResetLastError();
		x = virNetworkGetXMLDesc(n, 0);
	}
	if (!x)
		virt_last_error(err, errlen, "cannot read a network's definition");
	return x;
}

static virDomainPtr dom_get(struct virt_apply *va, const char *name,
			    char *err, size_t errlen)
{
	virDomainPtr d = virDomainLookupByName(virt_handle(va->c), name);
	char what[160];

	if (!d) {
		snprintf(what, sizeof(what), "cannot find VM %s", name);
		virt_last_error(err, errlen, what);
	}
	return d;
}

static char *dom_xml(virDomainPtr d, bool live, char *err, size_t errlen)
{
	char *x = virDomainGetXMLDesc(d, live ? 0 : VIR_DOMAIN_XML_INACTIVE);

	if (!x)
		virt_last_error(err, errlen, "cannot read the VM's definition");
	return x;
}

int virt_apply_snapshot(struct virt_conn *c, const struct plan *p,
			struct apply_snapshot *out, char *err, size_t errlen)
{
	virConnectPtr conn = virt_handle(c);
	virNetworkPtr *nets = NULL;
	virDomainPtr d;
	int n, i, rc = 0;
	size_t k;

	apply_snapshot_init(out);
	if (!conn) {
		errf(err, errlen, "not connected to libvirt");
		return -1;
	}
	n = virConnectListAllNetworks(conn, &nets, 0);
	if (n < 0)
		return virt_last_error(err, errlen, "cannot list libvirt networks");
	for (i = 0; i < n; i++) {
		struct apply_net_snap *s;
		const char *name = virNetworkGetName(nets[i]);
		int a = 0;

		if (rc == 0 && out->nnets >= HOST_MAX_NETS) {
			errf(err, errlen, "the host has more than %d libvirt "
			     "networks", HOST_MAX_NETS);
			rc = -1;
		}
		if (rc == 0 && name && strlen(name) < PLAN_NAME_MAX) {
			s = &out->nets[out->nnets];
			str_copy(s->name, sizeof(s->name), name);
			s->active = virNetworkIsActive(nets[i]) == 1;
			if (virNetworkGetAutostart(nets[i], &a) < 0)
				virResetLastError();
			s->autostart = a != 0;
			s->xml = net_xml(nets[i], false, err, errlen);
			if (s->xml)
				out->nnets++;
			else
				rc = -1;
		}
		virNetworkFree(nets[i]);
	}
	free(nets);
	if (rc < 0)
		goto fail;

	d = virDomainLookupByName(conn, p->domain);
	if (d) {
		out->dom_exists = true;
		out->dom_running = virDomainIsActive(d) == 1;
		out->dom_xml = dom_xml(d, false, err, errlen);
		virDomainFree(d);
		if (!out->dom_xml)
			goto fail;
	} else if (last_code() == VIR_ERR_NO_DOMAIN) {
		virResetLastError();
	} else {
		virt_last_error(err, errlen, "cannot look up the VM");
		goto fail;
	}

	out->links_known = virt_apply_is_local(c);
	for (k = 0; k < p->nswitches && out->links_known; k++) {
		const struct plan_switch *s = &p->switches[k];

		if (s->type != SWITCH_EXTERNAL || s->ext_mode != EXT_BRIDGE ||
		    apply_snapshot_link(out, s->uplink, s->bridge))
			continue;
		if (nl_bridge_snapshot(s->uplink, s->bridge,
				       &out->links[out->nlinks], err,
				       errlen) < 0)
			goto fail;
		out->nlinks++;
	}
	return 0;
fail:
	apply_snapshot_free(out);
	return -1;
}

int virt_apply_macs(const struct plan *p, struct state *st,
		    struct mac macs[PLAN_MAX_NICS], char *err, size_t errlen)
{
	size_t i;

	for (i = 0; i < p->nnics; i++) {
		bool gen;

		if (p->nics[i].mac[0]) {
			if (mac_parse(p->nics[i].mac, &macs[i]) != MAC_OK) {
				errf(err, errlen, "NIC %s: MAC '%s' does not "
				     "parse", p->nics[i].name, p->nics[i].mac);
				return -1;
			}
			continue;
		}
		if (state_nic_mac(st, p->domain, p->nics[i].name, &macs[i],
				  &gen, err, errlen) < 0)
			return -1;
	}
	return 0;
}

/* Can the VM's seed be written here?  This machine's libvirt, or the
 * test driver (the demo host: the seed is only a file in the state
 * directory and a CD-ROM in the simulated VM). */
static bool seeds_here(struct virt_conn *c)
{
	char *uri = virConnectGetURI(virt_handle(c));
	bool test = uri && strncmp(uri, "test:", 5) == 0;

	if (!uri)
		virResetLastError();
	free(uri);
	return test || virt_apply_is_local(c);
}

int virt_apply_expect(struct virt_apply *va, const struct plan *p,
		      struct state *st, char *err, size_t errlen)
{
	va->expect.set = false;
	if (virt_apply_macs(p, st, va->expect.macs, err, errlen) < 0)
		return -1;
	va->expect.plan = *p;
	va->expect.set = true;
	return 0;
}

/* The dry run's MACs: the plan's, else the one kept in the state
 * directory, looked up only (nothing is generated or stored, no lock
 * file is made).  KNOWN[i] false: NIC i has none yet.  0, or -1 with a
 * message. */
static int lookup_macs(const struct plan *p, const struct state *st,
		       struct mac *macs, bool *known, char *err,
		       size_t errlen)
{
	for (size_t i = 0; i < p->nnics; i++) {
		int r;

		known[i] = true;
		if (p->nics[i].mac[0]) {
			if (mac_parse(p->nics[i].mac, &macs[i]) != MAC_OK) {
				errf(err, errlen, "NIC %s: MAC '%s' does not "
				     "parse", p->nics[i].name, p->nics[i].mac);
				return -1;
			}
			continue;
		}
		r = state_lookup_mac(st, p->domain, p->nics[i].name, &macs[i],
				     err, errlen);
		if (r < 0)
			return -1;
		known[i] = r == 1;
	}
	return 0;
}

/* virt_apply_prepare, or with KNOWN (a dry run) its dry form. */
static int prepare(struct virt_conn *c, const struct plan *p,
		   const struct policy *pol, struct state *st, bool *known,
		   struct apply_steps *steps, struct diag_list *diags)
{
	struct apply_snapshot snap;
	struct mac macs[PLAN_MAX_NICS];
	struct diag_list v;
	char err[1024];
	int rc;

	apply_steps_init(steps);
	/* Validation first: nothing is read or generated for a plan with
	 * errors. */
	diag_list_init(&v);
	plan_validate(p, pol, &v);
	diag_list_append_new(diags, &v);
	rc = diag_count(&v, DIAG_ERROR) ? -1 : 0;
	diag_list_free(&v);
	if (rc < 0)
		return -1;
	memset(macs, 0, sizeof(macs));
	if (known ? lookup_macs(p, st, macs, known, err, sizeof(err)) :
	    virt_apply_macs(p, st, macs, err, sizeof(err))) {
		diag_add(diags, DIAG_ERROR, "nics", "%s", err);
		return -1;
	}
	if (virt_apply_snapshot(c, p, &snap, err, sizeof(err)) < 0) {
		diag_add(diags, DIAG_ERROR, "", "%s", err);
		return -1;
	}
	guest_apply_snapshot(virt_handle(c), p->domain, st->dir,
			     seeds_here(c), &snap);
	if (known)
		apply_dry_standins(p, known, macs, &snap);
	/* plan_validate runs again inside; its diagnostics are already in
	 * DIAGS and are not added twice (diag_list_append_new). */
	rc = apply_plan_build(p, pol, macs, &snap, steps, diags);
	apply_snapshot_free(&snap);
	if (rc == 0 && known && apply_dry_mark(steps, p, known, macs) < 0) {
		diag_add(diags, DIAG_ERROR, "", "out of memory");
		rc = -1;
	}
	return rc;
}

int virt_apply_prepare(struct virt_conn *c, const struct plan *p,
		       const struct policy *pol, struct state *st,
		       struct apply_steps *steps, struct diag_list *diags)
{
	return prepare(c, p, pol, st, NULL, steps, diags);
}

int virt_apply_prepare_dry(struct virt_conn *c, const struct plan *p,
			   const struct policy *pol, struct state *st,
			   bool known[PLAN_MAX_NICS],
			   struct apply_steps *steps, struct diag_list *diags)
{
	for (size_t i = 0; i < PLAN_MAX_NICS; i++)
		known[i] = true;
	return prepare(c, p, pol, st, known, steps, diags);
}

/* ---------------------------------------------------------------- */
/* networks                                                          */

static bool no_update(void)
{
	const char *v = getenv("EDGENET_NO_NETWORK_UPDATE");

	return v && strcmp(v, "1") == 0;
}

/* Defines XML; when RESTART and the network is active, restarts it so
 * the new definition is in force (stop, define, start: the test driver
 * keeps the old definition running across a restart otherwise); START:
 * make sure it is active afterwards. */
static int net_define(struct virt_apply *va, const char *xml, bool restart,
		      bool start, char *err, size_t errlen)
{
	struct vxml_net vx;
	virNetworkPtr n = NULL;
	bool was_active = false, missing;
	int rc = 0;

	if (vxml_net_read(xml, &vx, err, errlen) < 0)
		return -1;
	n = net_get(va, vx.name, &missing, err, errlen);
	if (!n && !missing)
		return -1;
	if (n) {
		was_active = virNetworkIsActive(n) == 1;
		if (was_active && restart && virNetworkDestroy(n) < 0)
			rc = virt_last_error(err, errlen, "cannot stop the network to "
				   "restart it");
		virNetworkFree(n);
		if (rc < 0)
			return -1;
	}
	n = virNetworkDefineXML(virt_handle(va->c), xml);
	if (!n) {
		virt_last_error(err, errlen, "libvirt refused the network definition");
		if (was_active && restart) {
			/* Put the old one back in service. */
			n = net_get(va, vx.name, &missing, NULL, 0);
			if (n && virNetworkCreate(n) < 0)
				virResetLastError();
			if (n)
				virNetworkFree(n);
		}
		return -1;
	}
	if (((was_active && restart) || start) && virNetworkIsActive(n) != 1 &&
	    virNetworkCreate(n) < 0)
		rc = virt_last_error(err, errlen, "cannot start the network");
	virNetworkFree(n);
	return rc;
}

static int do_net_define(struct virt_apply *va, const struct apply_step *s,
			 char *err, size_t errlen)
{
	virNetworkPtr n = virNetworkDefineXML(virt_handle(va->c), s->after);

	if (!n)
		return virt_last_error(err, errlen, "libvirt refused the network "
			     "definition");
	virNetworkFree(n);
	return 0;
}

static int undo_net_define(struct virt_apply *va, const struct apply_step *s,
			   char *err, size_t errlen)
{
	bool missing;
	virNetworkPtr n = net_get(va, s->object, &missing, err, errlen);
	int rc = 0;

	if (!n)
		return missing ? 0 : -1;
	if (virNetworkIsActive(n) == 1 && virNetworkDestroy(n) < 0)
		rc = virt_last_error(err, errlen, "cannot stop the network");
	if (rc == 0 && virNetworkUndefine(n) < 0 &&
	    last_code() != VIR_ERR_NO_NETWORK)
		rc = virt_last_error(err, errlen, "cannot undefine the network");
	virResetLastError();
	virNetworkFree(n);
	return rc;
}

/* The persistent (or live) definition of network NAME parsed into OUT;
 * 0, 1 when the network does not exist, -1 error. */
static int net_read(struct virt_apply *va, const char *name, bool live,
		    struct vxml_net *out, bool *active, char *err,
		    size_t errlen)
{
	bool missing;
	virNetworkPtr n = net_get(va, name, &missing, err, errlen);
	char *x;
	int rc;

	if (!n)
		return missing ? 1 : -1;
	if (active)
		*active = virNetworkIsActive(n) == 1;
	x = net_xml(n, live, err, errlen);
	virNetworkFree(n);
	if (!x)
		return -1;
	rc = vxml_net_read(x, out, err, errlen);
	free(x);
	return rc;
}

/* Compares the network NAME (persistent, and live when it is active and
 * LIVE_TOO) with the definition WANT_XML. */
static int net_matches(struct virt_apply *va, const char *name,
		       const char *want_xml, bool live_too, char *err,
		       size_t errlen)
{
	struct vxml_net want, have;
	bool active = false;
	int pass, r;

	if (vxml_net_read(want_xml, &want, err, errlen) < 0)
		return -1;
	for (pass = 0; pass < 2; pass++) {
		r = net_read(va, name, pass == 1, &have, &active, err, errlen);
		if (r < 0)
			return -1;
		if (r == 1) {
			errf(err, errlen, "network %s does not exist", name);
			return -1;
		}
		if (!vxml_net_same_base(&have, &want) ||
		    !vxml_net_same_hosts(&have, &want)) {
			errf(err, errlen, "network %s: its %s definition is not "
			     "the one planned", name, pass ? "running" :
			     "persistent");
			return -1;
		}
		if (!live_too || !active)
			break;
	}
	return 0;
}

static int check_net_absent(struct virt_apply *va, const char *name,
			    char *err, size_t errlen)
{
	bool missing;
	virNetworkPtr n = net_get(va, name, &missing, err, errlen);

	if (n) {
		virNetworkFree(n);
		errf(err, errlen, "network %s still exists", name);
		return -1;
	}
	return missing ? 0 : -1;
}

static int net_set_active(struct virt_apply *va, const char *name, bool on,
			  char *err, size_t errlen)
{
	bool missing;
	virNetworkPtr n = net_get(va, name, &missing, err, errlen);
	int a, rc = 0;

	if (!n) {
		if (missing && !on)
			return 0;
		if (missing)
			errf(err, errlen, "network %s does not exist", name);
		return -1;
	}
	a = virNetworkIsActive(n);
	if (on && a != 1 && virNetworkCreate(n) < 0)
		rc = virt_last_error(err, errlen, "cannot start the network");
	if (!on && a == 1 && virNetworkDestroy(n) < 0)
		rc = virt_last_error(err, errlen, "cannot stop the network");
	virNetworkFree(n);
	return rc;
}

static int check_net_active(struct virt_apply *va, const char *name,
			    bool on, char *err, size_t errlen)
{
	bool missing;
	virNetworkPtr n = net_get(va, name, &missing, err, errlen);
	int a;

	if (!n) {
		if (missing && !on)
			return 0;
		if (missing)
			errf(err, errlen, "network %s does not exist", name);
		return -1;
	}
	a = virNetworkIsActive(n);
	virNetworkFree(n);
	if ((a == 1) != on) {
		errf(err, errlen, "network %s is %s", name,
		     a == 1 ? "still running" : "not running");
		return -1;
	}
	return 0;
}

static int net_set_autostart(struct virt_apply *va, const char *name,
			     bool on, bool check, char *err, size_t errlen)
{
	bool missing;
	virNetworkPtr n = net_get(va, name, &missing, err, errlen);
	int a = 0, rc = 0;

	if (!n) {
		if (missing && !on)
			return 0;
		if (missing)
			errf(err, errlen, "network %s does not exist", name);
		return -1;
	}
	if (check) {
		if (virNetworkGetAutostart(n, &a) < 0)
			rc = virt_last_error(err, errlen, "cannot read autostart");
		else if ((a != 0) != on) {
			errf(err, errlen, "autostart of network %s is %s",
			     name, a ? "on" : "off");
			rc = -1;
		}
	} else if (virNetworkSetAutostart(n, on ? 1 : 0) < 0) {
		rc = virt_last_error(err, errlen, "cannot set autostart");
	}
	virNetworkFree(n);
	return rc;
}

/* Sets the DHCP host entry of MAC on network NAME from what it is now to
 * IP ("" = none), live and persistent.  FALLBACK_XML is the whole
 * definition to use where virNetworkUpdate is not supported. */
static int host_set(struct virt_apply *va, const char *name, const char *mac,
		    const char *ip, const char *fallback_xml,
		    struct apply_run *out, char *err, size_t errlen)
{
	struct vxml_net have;
	const struct xmlgen_host *cur;
	bool active = false, missing;
	unsigned cmd, flags;
	virNetworkPtr n;
	char *host;
	int r;

	r = net_read(va, name, false, &have, &active, err, errlen);
	if (r < 0)
		return -1;
	if (r == 1) {
		if (!ip[0])
			return 0;
		errf(err, errlen, "network %s does not exist", name);
		return -1;
	}
	cur = vxml_net_host(&have, mac);
	if ((!cur && !ip[0]) || (cur && strcmp(cur->ip, ip) == 0))
		return 0;	/* already so */
	if (!ip[0]) {
		cmd = VIR_NETWORK_UPDATE_COMMAND_DELETE;
		host = xmlgen_dhcp_host(mac, cur->ip);
	} else {
		cmd = cur ? VIR_NETWORK_UPDATE_COMMAND_MODIFY :
		      VIR_NETWORK_UPDATE_COMMAND_ADD_LAST;
		host = xmlgen_dhcp_host(mac, ip);
	}
	if (!host) {
		errf(err, errlen, "DHCP host entry %s -> %s is not usable", mac,
		     ip);
		return -1;
	}
	n = net_get(va, name, &missing, err, errlen);
	if (!n) {
		free(host);
		return -1;
	}
	flags = VIR_NETWORK_UPDATE_AFFECT_CONFIG;
	if (active)
		flags |= VIR_NETWORK_UPDATE_AFFECT_LIVE;
	if (no_update()) {
		r = -1;
		virResetLastError();
	} else {
		r = virNetworkUpdate(n, cmd, VIR_NETWORK_SECTION_IP_DHCP_HOST,
				     -1, host, flags);
	}
	free(host);
	if (r < 0 && !no_update() && last_code() != VIR_ERR_NO_SUPPORT) {
		/* The error first: virNetworkFree resets it. */
		virt_last_error(err, errlen, "libvirt refused to change the DHCP host "
		      "entry");
		virNetworkFree(n);
		return -1;
	}
	virResetLastError();
	virNetworkFree(n);
	if (r == 0)
		return 0;
	/* No in-place update here: redefine, and restart when running. */
	if (out)
		snprintf(out->note, sizeof(out->note), "network %s was %s: "
			 "libvirt cannot change its DHCP entries in place",
			 name, active ? "redefined and restarted" :
			 "redefined");
	return net_define(va, fallback_xml, active, false, err, errlen);
}

static int check_host(struct virt_apply *va, const char *name,
		      const char *mac, const char *ip, char *err,
		      size_t errlen)
{
	struct vxml_net have;
	const struct xmlgen_host *h;
	bool active = false;
	int pass, r;

	for (pass = 0; pass < 2; pass++) {
		r = net_read(va, name, pass == 1, &have, &active, err, errlen);
		if (r < 0)
			return -1;
		if (r == 1) {
			if (!ip[0])
				return 0;
			errf(err, errlen, "network %s does not exist", name);
			return -1;
		}
		h = vxml_net_host(&have, mac);
		if ((h && !ip[0]) || (!h && ip[0]) ||
		    (h && strcmp(h->ip, ip))) {
			errf(err, errlen, "network %s (%s): the DHCP entry of "
			     "%s is %s, not %s", name, pass ? "running" :
			     "persistent", mac, h ? h->ip : "absent",
			     ip[0] ? ip : "absent");
			return -1;
		}
		if (!active)
			break;
	}
	return 0;
}

/* ---------------------------------------------------------------- */
/* the VM's interfaces                                               */

static int dom_define(struct virt_apply *va, const char *xml, char *err,
		      size_t errlen)
{
	virDomainPtr d = virDomainDefineXML(virt_handle(va->c), xml);

	if (!d)
		return virt_last_error(err, errlen, "libvirt refused the VM's new "
			     "definition");
	virDomainFree(d);
	return 0;
}

/* The interface with MAC in the VM's persistent (or live) definition:
 * 1 found (copied into OUT), 0 not there, -1 error. */
static int dom_iface(struct virt_apply *va, const char *dom, bool live,
		     const char *mac, struct vxml_iface *out, bool *running,
		     char *err, size_t errlen)
{
	virDomainPtr d = dom_get(va, dom, err, errlen);
	struct vxml_dom *x;
	const struct vxml_iface *f;
	char *xml;
	int rc;

	if (!d)
		return -1;
	if (running)
		*running = virDomainIsActive(d) == 1;
	if (live && virDomainIsActive(d) != 1) {
		virDomainFree(d);
		return 0;
	}
	xml = dom_xml(d, live, err, errlen);
	virDomainFree(d);
	if (!xml)
		return -1;
	x = malloc(sizeof(*x));
	if (!x) {
		free(xml);
		errf(err, errlen, "out of memory");
		return -1;
	}
	rc = vxml_dom_read(xml, x, err, errlen);
	free(xml);
	if (rc == 0) {
		f = vxml_dom_iface(x, mac);
		rc = f ? 1 : 0;
		if (f && out)
			*out = *f;
	}
	free(x);
	return rc;
}

/* The network an <interface> element text says it is on. */
static int iface_network(const char *elem, char *out, size_t outlen)
{
	size_t need = strlen(elem) + 64;
	struct vxml_dom *x = malloc(sizeof(*x));
	char *doc = malloc(need);
	int rc = -1;

	if (doc && x) {
		snprintf(doc, need, "<domain><devices>%s</devices></domain>",
			 elem);
		if (vxml_dom_read(doc, x, NULL, 0) == 0 && x->nifaces == 1) {
			str_copy(out, outlen, x->ifaces[0].network);
			rc = 0;
		}
	}
	free(doc);
	free(x);
	return rc;
}

enum live_op { LIVE_ATTACH, LIVE_DETACH, LIVE_UPDATE };

/* Changes the running VM; 0 done, -1 not possible (reason in WHY). */
static int dom_live(struct virt_apply *va, const char *dom, enum live_op op,
		    const char *elem, char *why, size_t whylen)
{
	virDomainPtr d = dom_get(va, dom, why, whylen);
	int r;

	if (!d)
		return -1;
	if (virDomainIsActive(d) != 1) {
		virDomainFree(d);
		errf(why, whylen, "the VM is not running");
		return -1;
	}
	switch (op) {
	case LIVE_ATTACH:
		r = virDomainAttachDeviceFlags(d, elem,
					       VIR_DOMAIN_AFFECT_LIVE);
		break;
	case LIVE_DETACH:
		r = virDomainDetachDeviceFlags(d, elem,
					       VIR_DOMAIN_AFFECT_LIVE);
		break;
	default:
		r = virDomainUpdateDeviceFlags(d, elem,
					       VIR_DOMAIN_AFFECT_LIVE);
		break;
	}
	/* The error first: virDomainFree resets it. */
	if (r < 0)
		virt_last_error(why, whylen, "libvirt could not change the running VM");
	virDomainFree(d);
	return r < 0 ? -1 : 0;
}

/* A live unplug finishes when the guest lets the device go (ACPI/PCIe
 * hot-plug): waits, bounded, until the running VM no longer has MAC.
 * true when it is gone. */
static bool wait_live_gone(struct virt_apply *va, const char *dom,
			   const char *mac, int ms)
{
	struct timespec ts = { 0, 100 * 1000 * 1000 };
	char err[256];
	int waited;

	for (waited = 0;; waited += 100) {
		if (dom_iface(va, dom, true, mac, NULL, NULL, err,
			      sizeof(err)) != 1)
			return true;
		if (waited >= ms)
			return false;
		nanosleep(&ts, NULL);
	}
}

static int do_dom(struct virt_apply *va, const struct apply_step *s,
		  struct apply_run *out, char *err, size_t errlen)
{
	char why[512];
	enum live_op op;
	const char *elem;

	if (dom_define(va, s->after, err, errlen) < 0)
		return -1;
	if (!s->live)
		return 0;
	op = s->kind == APPLY_DOM_NIC_ADD ? LIVE_ATTACH :
	     s->kind == APPLY_DOM_NIC_REMOVE ? LIVE_DETACH : LIVE_UPDATE;
	elem = op == LIVE_DETACH ? s->iface_before : s->iface_after;
	if (dom_live(va, s->object, op, elem, why, sizeof(why)) == 0) {
		out->live_done = true;
		if (op == LIVE_DETACH &&
		    !wait_live_gone(va, s->object, s->mac, VIRT_UNPLUG_WAIT_MS))
			snprintf(out->note, sizeof(out->note), "VM %s has not "
				 "released the NIC yet; it goes when the guest "
				 "lets it go, at the latest at the next start",
				 s->object);
		return 0;
	}
	snprintf(out->note, sizeof(out->note), "takes effect at the next "
		 "start of VM %s (%.200s)", s->object, why);
	return 0;
}

static int undo_dom(struct virt_apply *va, const struct apply_step *s,
		    const struct apply_run *run, char *err, size_t errlen)
{
	struct vxml_iface now;
	char net[PLAN_NAME_MAX], why[512];
	bool running = false;
	int r;

	if (dom_define(va, s->before, err, errlen) < 0)
		return -1;
	/* The running VM: take back what is visible there. */
	r = dom_iface(va, s->object, true, s->mac, &now, &running, err,
		      errlen);
	if (r < 0 || !running)
		return r < 0 ? -1 : 0;
	switch (s->kind) {
	case APPLY_DOM_NIC_ADD:
		if (r == 1 && dom_live(va, s->object, LIVE_DETACH,
				       s->iface_after, why, sizeof(why)) < 0) {
			errf(err, errlen, "the VM's definition is restored, "
			     "but the added NIC could not be unplugged from "
			     "the running VM (%s); restart the VM", why);
			return -1;
		}
		break;
	case APPLY_DOM_NIC_REMOVE:
		/* An unplug this apply started may still be under way: let
		 * it finish, then plug the NIC back (best effort: the
		 * definition has it again).  When the live detach never
		 * happened there is nothing to wait for. */
		if (r == 1 && s->live && run && run->live_done)
			r = wait_live_gone(va, s->object, s->mac,
					   VIRT_UNPLUG_WAIT_MS) ? 0 : 1;
		/* An error only when this apply did unplug it (a driver
		 * that cannot plug at all could not unplug either). */
		if (r == 0 && s->live &&
		    dom_live(va, s->object, LIVE_ATTACH, s->iface_before, why,
			     sizeof(why)) < 0 && run && run->live_done) {
			errf(err, errlen, "the NIC with MAC %s is back in the "
			     "VM's definition but could not be plugged back "
			     "into the running VM (%s); it returns at the next "
			     "start of the VM", s->mac, why);
			return -1;
		}
		break;
	case APPLY_DOM_NIC_CHANGE:
		if (r == 1 && iface_network(s->iface_before, net,
					    sizeof(net)) == 0 &&
		    strcmp(now.network, net) != 0)
			dom_live(va, s->object, LIVE_UPDATE, s->iface_before,
				 why, sizeof(why));
		break;
	default:
		break;
	}
	return 0;
}

/* Persistent definition: the NIC with MAC is on the network of ELEM (or
 * absent when ELEM is NULL).  Live too when LIVE. */
static int check_dom(struct virt_apply *va, const char *dom, const char *mac,
		     const char *elem, bool live, char *err, size_t errlen)
{
	struct vxml_iface f;
	char net[PLAN_NAME_MAX] = "";
	int pass, r;

	if (elem && iface_network(elem, net, sizeof(net)) < 0) {
		errf(err, errlen, "the planned <interface> cannot be read");
		return -1;
	}
	for (pass = 0; pass < (live ? 2 : 1); pass++) {
		r = dom_iface(va, dom, pass == 1, mac, &f, NULL, err, errlen);
		if (r < 0)
			return -1;
		if (!elem && r == 1) {
			errf(err, errlen, "VM %s (%s) still has the NIC with "
			     "MAC %s", dom, pass ? "running" : "definition",
			     mac);
			return -1;
		}
		if (elem && (r == 0 || strcmp(f.network, net))) {
			errf(err, errlen, "VM %s (%s): the NIC with MAC %s is "
			     "%s%s", dom, pass ? "running" : "definition", mac,
			     r ? "on network " : "missing", r ? f.network : "");
			return -1;
		}
	}
	return 0;
}

/* ---------------------------------------------------------------- */
/* the ops                                                           */

static int op_do(void *ctx, const struct apply_step *s, struct apply_run *out,
		 char *err, size_t errlen)
{
	struct virt_apply *va = ctx;

	switch (s->kind) {
	case APPLY_LINK_BRIDGE:
		return nl_bridge_apply(&s->link, err, errlen);
	case APPLY_NET_DEFINE:
		return do_net_define(va, s, err, errlen);
	case APPLY_NET_REDEFINE:
		return net_define(va, s->after, s->was_active, false, err,
				  errlen);
	case APPLY_NET_DHCP_HOST:
		return host_set(va, s->object, s->mac, s->ip_after, s->after,
				out, err, errlen);
	case APPLY_NET_START:
		return net_set_active(va, s->object, true, err, errlen);
	case APPLY_NET_AUTOSTART:
		return net_set_autostart(va, s->object, true, false, err,
					 errlen);
	case APPLY_DOM_NIC_REMOVE:
	case APPLY_DOM_NIC_CHANGE:
	case APPLY_DOM_NIC_ADD:
		return do_dom(va, s, out, err, errlen);
	case APPLY_GUEST_SEED:
	case APPLY_GUEST_FILES:
		return guest_apply_do(virt_handle(va->c), s, out, err, errlen);
	default:
		errf(err, errlen, "unknown step kind %d", (int)s->kind);
		return -1;
	}
}

static int op_undo(void *ctx, const struct apply_step *s,
		   const struct apply_run *run, char *err, size_t errlen)
{
	struct virt_apply *va = ctx;

	switch (s->kind) {
	case APPLY_LINK_BRIDGE:
		return nl_bridge_undo(&s->link, err, errlen);
	case APPLY_NET_DEFINE:
		return undo_net_define(va, s, err, errlen);
	case APPLY_NET_REDEFINE:
		return net_define(va, s->before, s->was_active, s->was_active,
				  err, errlen);
	case APPLY_NET_DHCP_HOST:
		return host_set(va, s->object, s->mac, s->ip_before, s->before,
				NULL, err, errlen);
	case APPLY_NET_START:
		return net_set_active(va, s->object, false, err, errlen);
	case APPLY_NET_AUTOSTART:
		return net_set_autostart(va, s->object, s->was_autostart,
					 false, err, errlen);
	case APPLY_DOM_NIC_REMOVE:
	case APPLY_DOM_NIC_CHANGE:
	case APPLY_DOM_NIC_ADD:
		return undo_dom(va, s, run, err, errlen);
	case APPLY_GUEST_SEED:
	case APPLY_GUEST_FILES:
		return guest_apply_undo(virt_handle(va->c), s, run, err, errlen);
	default:
		errf(err, errlen, "unknown step kind %d", (int)s->kind);
		return -1;
	}
}

static int op_check(void *ctx, const struct apply_step *s,
		    const struct apply_run *run, bool after, char *err,
		    size_t errlen)
{
	struct virt_apply *va = ctx;
	bool live = after && run && run->live_done;

	switch (s->kind) {
	case APPLY_LINK_BRIDGE:
		return nl_bridge_check(&s->link, after, err, errlen);
	case APPLY_NET_DEFINE:
		return after ? net_matches(va, s->object, s->after, false, err,
					   errlen) :
		       check_net_absent(va, s->object, err, errlen);
	case APPLY_NET_REDEFINE:
		if (net_matches(va, s->object, after ? s->after : s->before,
				s->was_active, err, errlen) < 0)
			return -1;
		return s->was_active ? check_net_active(va, s->object, true,
							err, errlen) : 0;
	case APPLY_NET_DHCP_HOST:
		return check_host(va, s->object, s->mac,
				  after ? s->ip_after : s->ip_before, err,
				  errlen);
	case APPLY_NET_START:
		return check_net_active(va, s->object, after, err, errlen);
	case APPLY_NET_AUTOSTART:
		return net_set_autostart(va, s->object,
					 after ? true : s->was_autostart, true,
					 err, errlen);
	case APPLY_DOM_NIC_ADD:
		return check_dom(va, s->object, s->mac,
				 after ? s->iface_after : NULL,
				 live, err, errlen);
	case APPLY_DOM_NIC_REMOVE:
		/* A live unplug finishes when the guest lets go: only the
		 * definition is checked. */
		return check_dom(va, s->object, s->mac,
				 after ? NULL : s->iface_before, false, err,
				 errlen);
	case APPLY_DOM_NIC_CHANGE:
		return check_dom(va, s->object, s->mac,
				 after ? s->iface_after : s->iface_before,
				 live, err, errlen);
	case APPLY_GUEST_SEED:
	case APPLY_GUEST_FILES:
		return guest_apply_check(virt_handle(va->c), &va->expect, s, run, after,
					 err, errlen);
	default:
		errf(err, errlen, "unknown step kind %d", (int)s->kind);
		return -1;
	}
}

void virt_apply_ops(struct virt_apply *va, struct apply_ops *ops)
{
	ops->do_step = op_do;
	ops->check = op_check;
	ops->undo_step = op_undo;
	ops->ctx = va;
}

/* ---- what waits for the VM's next start, and restarting it ---- */

static virDomainPtr vm_lookup(struct virt_conn *c, const char *domain,
			      char *err, size_t errlen)
{
	virConnectPtr conn = virt_handle(c);
	virDomainPtr d;
	char what[PLAN_NAME_MAX + 32];

	if (!conn) {
		errf(err, errlen, "not connected to libvirt");
		return NULL;
	}
	d = virDomainLookupByName(conn, domain);
	if (!d) {
		snprintf(what, sizeof(what), "cannot find VM %s", domain);
		virt_last_error(err, errlen, what);
	}
	return d;
}

int virt_apply_pending(struct virt_conn *c, const char *domain,
		       const char *seed_dir, struct pending_list *out,
		       bool *running, char *err, size_t errlen)
{
	virDomainPtr d;
	char *live = NULL, *cfg = NULL;
	int act, rc = -1;

	pending_init(out);
	*running = false;
	d = vm_lookup(c, domain, err, errlen);
	if (!d)
		return -1;
	act = virDomainIsActive(d);
	if (act < 0) {
		virt_last_error(err, errlen, "cannot tell whether the VM runs");
		goto out;
	}
	*running = act == 1;
	if (!*running) {
		rc = 0;
		goto out;
	}
	live = dom_xml(d, true, err, errlen);
	cfg = live ? dom_xml(d, false, err, errlen) : NULL;
	if (cfg)
		rc = pending_compare(live, cfg, seed_dir, out, err, errlen);
out:
	free(live);
	free(cfg);
	virDomainFree(d);
	return rc;
}

int virt_apply_vm_shutdown(struct virt_conn *c, const char *domain,
			   char *err, size_t errlen)
{
	virDomainPtr d = vm_lookup(c, domain, err, errlen);
	int rc = 0;

	if (!d)
		return -1;
	if (virDomainShutdown(d) < 0)
		rc = virt_last_error(err, errlen, "libvirt could not ask the "
				     "VM to shut down");
	virDomainFree(d);
	return rc;
}

int virt_apply_vm_running(struct virt_conn *c, const char *domain,
			  char *err, size_t errlen)
{
	virDomainPtr d = vm_lookup(c, domain, err, errlen);
	int act;

	if (!d)
		return -1;
	act = virDomainIsActive(d);
	if (act < 0)
		virt_last_error(err, errlen, "cannot tell whether the VM runs");
	virDomainFree(d);
	return act < 0 ? -1 : act == 1;
}

int virt_apply_vm_start(struct virt_conn *c, const char *domain, char *err,
			size_t errlen)
{
	virDomainPtr d = vm_lookup(c, domain, err, errlen);
	int rc = 0;

	if (!d)
		return -1;
	if (virDomainCreate(d) < 0)
		rc = virt_last_error(err, errlen, "libvirt could not start the "
				     "VM");
	virDomainFree(d);
	return rc;
}
