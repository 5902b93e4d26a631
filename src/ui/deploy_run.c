/*
 * deploy_run.c - the host side of the console's model: reading the VM's
 * deployment back for the wizard (app_open_deployment, app.h).  The last
 * applied plan of the VM when the state directory holds one (it keeps
 * what libvirt cannot tell: DNS, route metrics, the offline flag), with
 * what changed since on the host (libvirt) and in the guest (its
 * networkd files, through the guest agent) as notes; else what libvirt
 * shows, read back (backend/readback.h).
 *
 * Touches: libvirt (readback, the guest agent), the state directory
 * (read only: the last applied plan, the generated MACs).  Called from
 * run.c only (deploy_run_open), the place that opens backends.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/guest_apply.h"
#include "backend/readback.h"
#include "backend/virt.h"
#include "backend/virt_apply.h"
#include "core/err.h"
#include "core/journal.h"
#include "core/mac.h"
#include "core/planfile.h"
#include "ui/app.h"
#include "ui/deploy_run.h"

struct deploy_run_be {
	struct virt_conn *vc;
	struct app *app;	/* its state directory and policy */
};

static struct deploy_run_be deploy_ctx;

/* The last applied plan of DOMAIN (STATE_DIR/applied.cfg) into OUT:
 * true when there is one for that VM and it loads without errors. */
static bool load_applied(const char *state_dir, const char *domain,
			 struct plan *out, char *path, size_t pathlen)
{
	struct diag_list d;
	bool ok;

	snprintf(path, pathlen, "%s/%s", state_dir, JOURNAL_APPLIED_FILE);
	diag_list_init(&d);
	ok = planfile_load(path, out, NULL, &d) == PLANFILE_OK &&
	     !diag_count(&d, DIAG_ERROR) && !strcmp(out->domain, domain);
	diag_list_free(&d);
	return ok;
}

/* What libvirt shows (RB) against the applied plan (AP): a note for each
 * NIC that is missing, extra or on another network. */
static void host_drift(const struct plan *ap, const struct readback *rb,
		       struct diag_list *notes)
{
	size_t i, k;

	for (i = 0; i < ap->nnics; i++) {
		const struct plan_nic *n = &ap->nics[i];

		for (k = 0; k < rb->plan.nnics; k++)
			if (mac_text_same(rb->plan.nics[k].mac, n->mac))
				break;
		if (k == rb->plan.nnics)
			diag_add(notes, DIAG_WARNING, "nics", "NIC %s (MAC %s) "
				 "of the applied plan is not in the VM's "
				 "definition any more", n->name, n->mac);
		else if (strcmp(rb->plan.nics[k].switch_name, n->switch_name))
			diag_add(notes, DIAG_WARNING, "nics", "NIC %s (MAC %s) "
				 "is on %s in libvirt, the applied plan says %s",
				 n->name, n->mac, rb->plan.nics[k].switch_name,
				 n->switch_name);
	}
	for (k = 0; k < rb->plan.nnics; k++) {
		for (i = 0; i < ap->nnics; i++)
			if (mac_text_same(rb->plan.nics[k].mac,
					  ap->nics[i].mac))
				break;
		if (i == ap->nnics)
			diag_add(notes, DIAG_WARNING, "nics", "the VM has a NIC "
				 "(MAC %s on %s) that the applied plan does not "
				 "have", rb->plan.nics[k].mac,
				 rb->plan.nics[k].switch_name);
	}
}

/* The deployment for the wizard: the last applied plan when there is
 * one for this VM (it holds what libvirt cannot tell: DNS, metrics, the
 * offline flag), with what changed since on the host (libvirt) and in
 * the guest (its networkd files, through the agent) as notes; else what
 * libvirt shows, read back. */
static int deploy_read(void *ctx, const char *domain,
			const struct host_nic_list *links, struct plan *out,
			struct diag_list *notes, char *err, size_t errlen)
{
	struct deploy_run_be *c = ctx;
	struct readback *rb = malloc(sizeof(*rb));
	struct plan *ap = malloc(sizeof(*ap));
	char path[4200];
	int rc;

	if (!rb || !ap) {
		free(rb);
		free(ap);
		errf(err, errlen, "out of memory");
		return -1;
	}
	if (c->app && c->app->state_ok &&
	    load_applied(c->app->st.dir, domain, ap, path, sizeof(path))) {
		struct mac macs[PLAN_MAX_NICS];
		struct diag_list rbn;
		char merr[ERR_MAX];

		*out = *ap;
		diag_add(notes, DIAG_WARNING, "", "opened the last applied plan "
			 "%s (libvirt cannot tell DNS, route metrics or the "
			 "offline flag); what changed since is listed below",
			 path);
		diag_list_init(&rbn);
		if (readback_deployment(c->vc, domain, PROFILE_UNSET, links, rb,
					&rbn, err, errlen) == 0)
			host_drift(ap, rb, notes);
		diag_list_free(&rbn);
		memset(macs, 0, sizeof(macs));
		if (c->app->pol && virt_apply_macs(ap, &c->app->st, macs, merr,
						   sizeof(merr)) == 0)
			guest_apply_drift(virt_handle(c->vc), domain, ap,
					  c->app->pol, macs, notes);
		free(rb);
		free(ap);
		return 0;
	}
	/* No applied plan: what libvirt shows is all there is, and it has
	 * no DNS servers, route metrics or offline flags.  Said first. */
	diag_add(notes, DIAG_WARNING, "", "no plan applied by edgenet to %s "
		 "was found (%s/%s): the wizard starts from what libvirt "
		 "shows, and the DNS servers, route metrics and offline flags "
		 "in the VM are unknown (the values in steps 4 and 5 are "
		 "suggestions, not what the VM has): check them before you "
		 "save or apply", domain, c->app && c->app->state_ok ?
		 c->app->st.dir : "the state directory", JOURNAL_APPLIED_FILE);
	rc = readback_deployment(c->vc, domain, PROFILE_UNSET, links, rb,
				 notes, err, errlen);
	if (rc == 0)
		*out = rb->plan;
	free(rb);
	free(ap);
	return rc;
}

void deploy_run_open(struct app *a, struct virt_conn *vc)
{
	deploy_ctx.vc = vc;
	deploy_ctx.app = a;
	a->readback.read = deploy_read;
	a->readback.ctx = &deploy_ctx;
}
