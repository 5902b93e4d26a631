/*
 * apply_plan.c - from a host snapshot and a validated plan to the ordered
 * steps of an apply (apply_plan_build, see apply_plan.h), and what its
 * planners share: how a problem or a step is recorded, and which MACs
 * are the plan's.
 *
 * The host steps are planned in apply_plan_net.c (bridges and networks),
 * the VM's in apply_plan_dom.c, the guest's in apply_guest.c; the model
 * (snapshot, steps) is apply_steps.c and the dry-run report
 * apply_report.c.  Pure C: reads the snapshot, writes the step list.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/apply_guest.h"
#include "core/apply_plan.h"
#include "core/apply_plan_priv.h"
#include "core/str.h"
#include "core/vxml.h"
#include "core/xmlgen.h"
#include "core/err.h"

void ap_err(struct planner *pl, const char *path, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(pl->diags, DIAG_ERROR, path, "%s", msg);
	pl->errors++;
}

void ap_warn(struct planner *pl, const char *path, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(pl->diags, DIAG_WARNING, path, "%s", msg);
}

struct apply_step *ap_step(struct planner *pl, enum apply_kind k,
			   const char *object)
{
	struct apply_step *s = apply_steps_add(pl->out, k, object);

	if (!s)
		ap_err(pl, "", "out of memory while planning the apply");
	return s;
}

/* Is MAC one of the plan's NICs or of the VM's current interfaces? */
bool ap_mac_is_ours(const struct planner *pl, const char *mac)
{
	size_t i;

	for (i = 0; i < pl->p->nnics; i++)
		if (strcmp(pl->macs[i], mac) == 0)
			return true;
	return vxml_dom_iface(&pl->dom, mac) != NULL;
}

const char *ap_nic_of_mac(const struct planner *pl, const char *mac)
{
	size_t i;

	for (i = 0; i < pl->p->nnics; i++)
		if (strcmp(pl->macs[i], mac) == 0)
			return pl->p->nics[i].name;
	return "";
}

int apply_plan_build(const struct plan *p, const struct policy *pol,
		     const struct mac *macs, const struct apply_snapshot *snap,
		     struct apply_steps *out, struct diag_list *diags)
{
	struct planner *pl;
	char err[ERR_MAX];
	size_t i;
	int rc;

	apply_steps_init(out);
	str_copy(out->domain, sizeof(out->domain), p->domain);
	pl = calloc(1, sizeof(*pl));
	if (!pl) {
		diag_add(diags, DIAG_ERROR, "", "out of memory");
		return -1;
	}
	pl->p = p;
	pl->snap = snap;
	pl->out = out;
	pl->diags = diags;
	if (xmlgen_init(&pl->g, p, pol, macs, diags) < 0) {
		free(pl);
		return -1;
	}
	for (i = 0; i < p->nnics; i++)
		mac_format(&macs[i], pl->macs[i]);
	if (!snap->dom_exists || !snap->dom_xml) {
		ap_err(pl, "vm", "the VM %s does not exist on this host; create "
		       "it first (virt-install or virsh define), or set vm to the "
		       "name `virsh list --all` shows", p->domain);
		goto done;
	}
	if (vxml_dom_read(snap->dom_xml, &pl->dom, err, sizeof(err)) < 0) {
		ap_err(pl, "vm", "the definition of VM %s cannot be read: %s",
		       p->domain, err);
		goto done;
	}
	for (i = 0; i < p->nswitches; i++)
		if (p->switches[i].type == SWITCH_EXTERNAL &&
		    p->switches[i].ext_mode == EXT_BRIDGE)
			ap_link(pl, i);
	for (i = 0; i < p->nswitches && !pl->errors; i++)
		ap_network(pl, i);
	if (!pl->errors)
		ap_domain(pl);
	if (!pl->errors && pl->dom_final)
		pl->errors += apply_guest_plan(p, pol, macs, snap,
					       pl->dom_final, out, diags);
	if (!pl->errors && pl->snap->dom_running)
		for (i = 0; i < out->count; i++)
			if (apply_kind_is_dom(out->items[i].kind)) {
				ap_warn(pl, "vm", "VM %s is running: its NICs are "
					"changed in its definition, and also at "
					"once where the VM allows it; the rest "
					"takes effect at its next start",
					p->domain);
				break;
			}
done:
	rc = pl->errors ? -1 : 0;
	if (rc < 0)
		apply_steps_free(out);
	free(pl->dom_final);
	free(pl);
	return rc;
}
