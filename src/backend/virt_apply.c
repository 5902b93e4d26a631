/*
 * virt_apply.c - applying a plan to a libvirt host (see
 * virt_apply.h): the handle, the snapshot the planner starts from (the
 * host's networks and the VM's interfaces, read back), the MACs and
 * the preparation of the steps; after an apply, what waits for the VM's
 * next start (its running definition against its persistent one,
 * core/pending.h), and the shutdown and start that restart it.  The
 * steps themselves are virt_apply_net.c's (networks, DHCP host entries,
 * bridges) and virt_apply_dom.c's (the VM's interfaces); the apply_ops
 * table that runs, checks and undoes them is virt_apply_ops.c's; they
 * share virt_apply_priv.h.
 *
 * Touches only the libvirt objects the steps name, on the connection it
 * is given.  Never prints: every failure becomes a sentence in the
 * caller's buffer.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "backend/guest_apply.h"
#include "backend/nl_bridge.h"
#include "backend/virt.h"
#include "backend/virt_apply.h"
#include "backend/virt_apply_priv.h"
#include "core/apply_dry.h"
#include "core/diag.h"
#include "core/str.h"
#include "core/validate.h"
#include "core/err.h"

int vapply_last_code(void)
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

void virt_apply_set_faults(struct virt_apply *va,
			   const struct apply_faults *f)
{
	va->no_network_update = f && f->no_network_update;
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

/* A remote host's name, and which of the plan's bridges it has (its
 * interfaces as libvirt lists them; an error counts as not seen). */
static void remote_bridges(virConnectPtr conn, const struct plan *p,
			   struct apply_snapshot *out)
{
	char *h = virConnectGetHostname(conn);
	size_t k;

	out->remote = true;
	if (h)
		str_copy(out->remote_host, sizeof(out->remote_host), h);
	else
		virResetLastError();
	free(h);
	for (k = 0; k < p->nswitches && k < PLAN_MAX_SWITCHES; k++) {
		const struct plan_switch *s = &p->switches[k];
		virInterfacePtr i;

		if (s->type != SWITCH_EXTERNAL || s->ext_mode != EXT_BRIDGE)
			continue;
		i = virInterfaceLookupByName(conn, s->bridge);
		if (i) {
			out->bridge_seen[k] = true;
			virInterfaceFree(i);
		} else {
			virResetLastError();
		}
	}
}

/* ---------------------------------------------------------------- */
/* reading libvirt                                                   */

virNetworkPtr vapply_net_get(struct virt_apply *va, const char *name,
			     bool *missing, char *err, size_t errlen)
{
	virNetworkPtr n = virNetworkLookupByName(virt_handle(va->c), name);
	char what[160];

	*missing = false;
	if (n)
		return n;
	if (vapply_last_code() == VIR_ERR_NO_NETWORK) {
		virResetLastError();
		*missing = true;
		return NULL;
	}
	snprintf(what, sizeof(what), "cannot look up network %s", name);
	virt_last_error(err, errlen, what);
	return NULL;
}

char *vapply_net_xml(virNetworkPtr n, bool live, char *err, size_t errlen)
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

virDomainPtr vapply_dom_get(struct virt_apply *va, const char *name,
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
			s->xml = vapply_net_xml(nets[i], false, err, errlen);
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
		out->dom_xml = virt_dom_xml(d, false, err, errlen);
		virDomainFree(d);
		if (!out->dom_xml)
			goto fail;
	} else if (vapply_last_code() == VIR_ERR_NO_DOMAIN) {
		virResetLastError();
	} else {
		virt_last_error(err, errlen, "cannot look up the VM");
		goto fail;
	}

	out->links_known = virt_apply_is_local(c);
	if (!out->links_known && virt_is_remote(virt_handle(c)))
		remote_bridges(conn, p, out);
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

/* NIC I's MAC as the plan gives it: 1 parsed into *MAC, 0 the plan
 * gives none, -1 it does not parse (the sentence in ERR). */
static int plan_mac(const struct plan *p, size_t i, struct mac *mac,
		    char *err, size_t errlen)
{
	if (!p->nics[i].mac[0])
		return 0;
	if (mac_parse(p->nics[i].mac, mac) != MAC_OK) {
		errf(err, errlen, "NIC %s: MAC '%s' does not parse",
		     p->nics[i].name, p->nics[i].mac);
		return -1;
	}
	return 1;
}

int virt_apply_macs(const struct plan *p, struct state *st,
		    struct mac macs[PLAN_MAX_NICS], char *err, size_t errlen)
{
	size_t i;

	for (i = 0; i < p->nnics; i++) {
		bool gen;
		int r;

		r = plan_mac(p, i, &macs[i], err, errlen);
		if (r < 0)
			return -1;
		if (r > 0)
			continue;
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
		r = plan_mac(p, i, &macs[i], err, errlen);
		if (r < 0)
			return -1;
		if (r > 0)
			continue;
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
	char err[ERR_MAX];
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
	live = virt_dom_xml(d, true, err, errlen);
	cfg = live ? virt_dom_xml(d, false, err, errlen) : NULL;
	if (cfg)
		rc = pending_compare(live, cfg, seed_dir, out, err, errlen);
out:
	free(live);
	free(cfg);
	virDomainFree(d);
	return rc;
}

/* OP on DOMAIN; WHAT says what failed. */
static int vm_do(struct virt_conn *c, const char *domain,
		 int (*op)(virDomainPtr), const char *what, char *err,
		 size_t errlen)
{
	virDomainPtr d = vm_lookup(c, domain, err, errlen);
	int rc = 0;

	if (!d)
		return -1;
	if (op(d) < 0)
		rc = virt_last_error(err, errlen, what);
	virDomainFree(d);
	return rc;
}

int virt_apply_vm_shutdown(struct virt_conn *c, const char *domain,
			   char *err, size_t errlen)
{
	return vm_do(c, domain, virDomainShutdown, "libvirt could not ask "
		     "the VM to shut down", err, errlen);
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
	return vm_do(c, domain, virDomainCreate, "libvirt could not start "
		     "the VM", err, errlen);
}
