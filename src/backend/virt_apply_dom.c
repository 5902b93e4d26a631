/*
 * virt_apply_dom.c - the VM's interface steps of an apply (see
 * virt_apply.h): redefine the VM with its interfaces (and their MACs)
 * and plug, change or unplug them live when it runs; each undo works
 * from the definition it finds, each check reads the VM back.
 *
 * Touches only the VM the steps name, on the connection it is given.
 * Never prints.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "backend/virt.h"
#include "backend/virt_apply.h"
#include "backend/virt_apply_priv.h"
#include "core/str.h"
#include "core/vxml.h"
#include "core/err.h"

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
	virDomainPtr d = vapply_dom_get(va, dom, err, errlen);
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
	xml = virt_dom_xml(d, live, err, errlen);
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

/* Changes the running VM; 0 done, -1 not possible (reason in ERR). */
static int dom_live(struct virt_apply *va, const char *dom, enum live_op op,
		    const char *elem, char *err, size_t errlen)
{
	virDomainPtr d = vapply_dom_get(va, dom, err, errlen);
	int r;

	if (!d)
		return -1;
	if (virDomainIsActive(d) != 1) {
		virDomainFree(d);
		errf(err, errlen, "the VM is not running");
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
		virt_last_error(err, errlen, "libvirt could not change the running VM");
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
	char err[ERR_MAX];
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

int vapply_do_dom(struct virt_apply *va, const struct apply_step *s,
		  struct apply_run *out, char *err, size_t errlen)
{
	char why[ERR_MAX];
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

int vapply_undo_dom(struct virt_apply *va, const struct apply_step *s,
		    const struct apply_run *run, char *err, size_t errlen)
{
	struct vxml_iface now;
	char net[PLAN_NAME_MAX], why[ERR_MAX];
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

int vapply_check_dom(struct virt_apply *va, const char *dom, const char *mac,
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
