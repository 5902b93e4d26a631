/*
 * virt_apply_net.c - the host-side steps of an apply (see
 * virt_apply.h): define, start, autostart, redefine, stop and undefine
 * networks; add, change and remove DHCP host entries (virNetworkUpdate,
 * or a redefine where libvirt does not support it).  Each undo works from what it finds (a step may have been
 * done, half done or not at all) and each check reads libvirt back.
 *
 * Touches only the libvirt networks the steps name, on the connection
 * it is given.  Never prints.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "backend/virt.h"
#include "backend/virt_apply.h"
#include "backend/virt_apply_priv.h"
#include "core/vxml.h"

/* ---------------------------------------------------------------- */
/* networks                                                          */

int vapply_net_define(struct virt_apply *va, const char *xml, bool restart,
		      bool start, char *err, size_t errlen)
{
	struct vxml_net vx;
	virNetworkPtr n = NULL;
	bool was_active = false, missing;
	int rc = 0;

	if (vxml_net_read(xml, &vx, err, errlen) < 0)
		return -1;
	n = vapply_net_get(va, vx.name, &missing, err, errlen);
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
			n = vapply_net_get(va, vx.name, &missing, NULL, 0);
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

int vapply_do_net_define(struct virt_apply *va, const struct apply_step *s,
			 char *err, size_t errlen)
{
	virNetworkPtr n = virNetworkDefineXML(virt_handle(va->c), s->after);

	if (!n)
		return virt_last_error(err, errlen, "libvirt refused the network "
			     "definition");
	virNetworkFree(n);
	return 0;
}

int vapply_undo_net_define(struct virt_apply *va, const struct apply_step *s,
			   char *err, size_t errlen)
{
	bool missing;
	virNetworkPtr n = vapply_net_get(va, s->object, &missing, err, errlen);
	int rc = 0;

	if (!n)
		return missing ? 0 : -1;
	if (virNetworkIsActive(n) == 1 && virNetworkDestroy(n) < 0)
		rc = virt_last_error(err, errlen, "cannot stop the network");
	if (rc == 0 && virNetworkUndefine(n) < 0 &&
	    vapply_last_code() != VIR_ERR_NO_NETWORK)
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
	virNetworkPtr n = vapply_net_get(va, name, &missing, err, errlen);
	char *x;
	int rc;

	if (!n)
		return missing ? 1 : -1;
	if (active)
		*active = virNetworkIsActive(n) == 1;
	x = vapply_net_xml(n, live, err, errlen);
	virNetworkFree(n);
	if (!x)
		return -1;
	rc = vxml_net_read(x, out, err, errlen);
	free(x);
	return rc;
}

int vapply_net_matches(struct virt_apply *va, const char *name,
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

int vapply_check_net_absent(struct virt_apply *va, const char *name,
			    char *err, size_t errlen)
{
	bool missing;
	virNetworkPtr n = vapply_net_get(va, name, &missing, err, errlen);

	if (n) {
		virNetworkFree(n);
		errf(err, errlen, "network %s still exists", name);
		return -1;
	}
	return missing ? 0 : -1;
}

/* Network NAME into *N for a state ON of it (running, autostart): 1 got
 * it, 0 it does not exist and ON is off (nothing to do: no network is
 * neither running nor autostarted), -1 error (also: it does not exist
 * and ON is on). */
static int net_get_for(struct virt_apply *va, const char *name, bool on,
		       virNetworkPtr *n, char *err, size_t errlen)
{
	bool missing;

	*n = vapply_net_get(va, name, &missing, err, errlen);
	if (*n)
		return 1;
	if (missing && !on)
		return 0;
	if (missing)
		errf(err, errlen, "network %s does not exist", name);
	return -1;
}

int vapply_net_set_active(struct virt_apply *va, const char *name, bool on,
			  char *err, size_t errlen)
{
	virNetworkPtr n;
	int got, a, rc = 0;

	got = net_get_for(va, name, on, &n, err, errlen);
	if (got <= 0)
		return got;
	a = virNetworkIsActive(n);
	if (on && a != 1 && virNetworkCreate(n) < 0)
		rc = virt_last_error(err, errlen, "cannot start the network");
	if (!on && a == 1 && virNetworkDestroy(n) < 0)
		rc = virt_last_error(err, errlen, "cannot stop the network");
	virNetworkFree(n);
	return rc;
}

int vapply_check_net_active(struct virt_apply *va, const char *name,
			    bool on, char *err, size_t errlen)
{
	virNetworkPtr n;
	int got, a;

	got = net_get_for(va, name, on, &n, err, errlen);
	if (got <= 0)
		return got;
	a = virNetworkIsActive(n);
	virNetworkFree(n);
	if ((a == 1) != on) {
		errf(err, errlen, "network %s is %s", name,
		     a == 1 ? "still running" : "not running");
		return -1;
	}
	return 0;
}

int vapply_net_set_autostart(struct virt_apply *va, const char *name,
			     bool on, bool check, char *err, size_t errlen)
{
	virNetworkPtr n;
	int got, a = 0, rc = 0;

	got = net_get_for(va, name, on, &n, err, errlen);
	if (got <= 0)
		return got;
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

/* Network NAME read for its DHCP host entry IP (empty: none wanted):
 * 1 read into HAVE, 0 the network does not exist and no entry is
 * wanted (nothing to do), -1 error (also: it does not exist but IP is
 * wanted there). */
static int net_read_for_host(struct virt_apply *va, const char *name,
			     bool live, const char *ip, struct vxml_net *have,
			     bool *active, char *err, size_t errlen)
{
	int r = net_read(va, name, live, have, active, err, errlen);

	if (r < 0)
		return -1;
	if (r == 0)
		return 1;
	if (!ip[0])
		return 0;
	errf(err, errlen, "network %s does not exist", name);
	return -1;
}

int vapply_host_set(struct virt_apply *va, const char *name, const char *mac,
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

	r = net_read_for_host(va, name, false, ip, &have, &active, err,
			      errlen);
	if (r <= 0)
		return r;
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
	n = vapply_net_get(va, name, &missing, err, errlen);
	if (!n) {
		free(host);
		return -1;
	}
	flags = VIR_NETWORK_UPDATE_AFFECT_CONFIG;
	if (active)
		flags |= VIR_NETWORK_UPDATE_AFFECT_LIVE;
	if (va->no_network_update) {
		r = -1;
		virResetLastError();
	} else {
		r = virNetworkUpdate(n, cmd, VIR_NETWORK_SECTION_IP_DHCP_HOST,
				     -1, host, flags);
	}
	free(host);
	if (r < 0 && !va->no_network_update &&
	    vapply_last_code() != VIR_ERR_NO_SUPPORT) {
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
	return vapply_net_define(va, fallback_xml, active, false, err, errlen);
}

int vapply_check_host(struct virt_apply *va, const char *name,
		      const char *mac, const char *ip, char *err,
		      size_t errlen)
{
	struct vxml_net have;
	const struct xmlgen_host *h;
	bool active = false;
	int pass, r;

	for (pass = 0; pass < 2; pass++) {
		r = net_read_for_host(va, name, pass == 1, ip, &have, &active,
				      err, errlen);
		if (r <= 0)
			return r;
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
