/*
 * apply_run.c - the apply's backends in the console (see apply_ui.h):
 * apply_run_open gives the console's struct apply_ui the libvirt side
 * (virt_apply's prepare and ops, readback for the wizard) and, before
 * anything else touches libvirt, finishes or rolls back an apply that an
 * earlier run left interrupted (backend/apply_recover.h, the recovery
 * `edgenet apply` runs too, on the libvirt host the journal names),
 * keeping the message for the home screen.
 * apply_run_close rolls back an apply the technician did not confirm
 * before the console closed.
 *
 * On the bundled demo host (libvirt's test driver, whose state lives in
 * this process only) nothing real changes: virt_apply_is_local is false
 * for test:// URIs, so virt_apply_prepare plans no link step there (a
 * bridge plan gets a warning instead; test_virt_apply covers it).
 *
 * It also reads what waits for the VM's next start and restarts the VM
 * (virt_apply_pending, virt_apply_vm_*), for apply_ui_pending_read and
 * apply_ui_restart.
 *
 * Touches: libvirt (through virt_apply and readback), the state
 * directory's journal (through apply_txn).  Called from run.c only.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "backend/apply_recover.h"
#include "backend/guest_apply.h"
#include "backend/readback.h"
#include "backend/virt.h"
#include "backend/virt_apply.h"
#include "core/apply_guest.h"
#include "core/journal.h"
#include "core/planfile.h"
#include "ui/app.h"
#include "ui/apply_ui.h"
#include "ui/widget.h"

struct apply_run_be {
	struct virt_conn *vc;
	struct virt_apply *va;
	struct app *app;	/* its state directory and policy */
};

static struct apply_ui run_au;
static struct apply_run_be run_ctx;

static int run_prepare(void *ctx, const struct plan *p,
		       const struct policy *pol, struct state *st,
		       struct apply_steps *steps, struct diag_list *d)
{
	struct apply_run_be *c = ctx;
	char err[512];

	if (virt_apply_prepare(c->vc, p, pol, st, steps, d) < 0)
		return -1;
	/* The guest checks compare the running VM with this plan. */
	if (c->va && virt_apply_expect(c->va, p, st, err, sizeof(err)) < 0) {
		diag_add(d, DIAG_ERROR, "nics", "%s", err);
		apply_steps_free(steps);
		return -1;
	}
	return 0;
}

static void run_ops(void *ctx, struct apply_ops *out)
{
	struct apply_run_be *c = ctx;

	virt_apply_ops(c->va, out);
}

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
			if (!strcasecmp(rb->plan.nics[k].mac, n->mac))
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
			if (!strcasecmp(rb->plan.nics[k].mac, ap->nics[i].mac))
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
static int run_readback(void *ctx, const char *domain,
			const struct host_nic_list *links, struct plan *out,
			struct diag_list *notes, char *err, size_t errlen)
{
	struct apply_run_be *c = ctx;
	struct readback *rb = malloc(sizeof(*rb));
	struct plan *ap = malloc(sizeof(*ap));
	char path[4200];
	int rc;

	if (!rb || !ap) {
		free(rb);
		free(ap);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (c->app && c->app->state_ok &&
	    load_applied(c->app->st.dir, domain, ap, path, sizeof(path))) {
		struct mac macs[PLAN_MAX_NICS];
		struct diag_list rbn;
		char merr[256];

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

/* What waits for DOMAIN's next start: its seeds are kept in
 * STATE_DIR/seeds/DOMAIN. */
static int run_pending(void *ctx, const char *domain,
		       struct pending_list *out, bool *running, char *err,
		       size_t errlen)
{
	struct apply_run_be *c = ctx;
	char seeds[sizeof(c->app->st.dir) + PLAN_NAME_MAX + 16];

	seeds[0] = '\0';
	if (c->app && c->app->state_ok)
		snprintf(seeds, sizeof(seeds), "%s/%s/%s", c->app->st.dir,
			 APPLY_SEEDS_DIR, domain);
	return virt_apply_pending(c->vc, domain, seeds, out, running, err,
				  errlen);
}

static int run_vm_shutdown(void *ctx, const char *domain, char *err,
			   size_t errlen)
{
	return virt_apply_vm_shutdown(((struct apply_run_be *)ctx)->vc,
				      domain, err, errlen);
}

static int run_vm_running(void *ctx, const char *domain, char *err,
			  size_t errlen)
{
	return virt_apply_vm_running(((struct apply_run_be *)ctx)->vc,
				     domain, err, errlen);
}

static int run_vm_start(void *ctx, const char *domain, char *err,
			size_t errlen)
{
	return virt_apply_vm_start(((struct apply_run_be *)ctx)->vc, domain,
				   err, errlen);
}

/* An interrupted apply in the state directory: finish or roll it back
 * on the host its journal names. */
static void run_recover(struct apply_ui *au, struct app *a,
			struct virt_conn *vc)
{
	const char *cur = a->opts && a->opts->uri ? a->opts->uri :
			  a->virt.uri ? a->virt.uri(a->virt.ctx) : "";
	struct apply_recover rec;

	apply_recover_run(a->st.dir, vc, cur, a->opts ? a->opts->faults : NULL,
			  NULL, NULL, &rec);
	if (rec.stage == APPLY_RECOVER_NOTHING)
		return;
	au->recovery = rec.result;
	if (rec.stage == APPLY_RECOVER_RAN) {
		au->recovery_msg = rec.msg;	/* handed over */
		return;
	}
	if (rec.stage == APPLY_RECOVER_UNREACHABLE) {
		if (asprintf(&au->recovery_msg, "An interrupted apply on %s "
			     "could not be recovered: that host cannot be "
			     "reached (%s); the next start tries again",
			     rec.uri, rec.err) < 0)
			au->recovery_msg = NULL;
	} else if (asprintf(&au->recovery_msg, "An interrupted apply could "
			    "not be recovered: %s", rec.err) < 0) {
		au->recovery_msg = NULL;
	}
}

struct apply_ui *apply_run_open(struct app *a, struct virt_conn *vc,
				struct loop *l, void (*changed)(void *ctx),
				void *ctx)
{
	struct apply_ui *au = &run_au;
	char err[APPLY_UI_MSG_MAX];

	apply_ui_init(au);
	memset(&run_ctx, 0, sizeof(run_ctx));
	run_ctx.vc = vc;
	run_ctx.app = a;
	au->timeout_s = apply_ui_confirm_timeout(a->opts ?
						 a->opts->settings_path : NULL);
	apply_ui_attach(au, l, changed, ctx);
	au->be.ctx = &run_ctx;
	au->be.readback = run_readback;
	au->be.pending = run_pending;
	au->be.vm_shutdown = run_vm_shutdown;
	au->be.vm_running = run_vm_running;
	au->be.vm_start = run_vm_start;
	run_ctx.va = virt_apply_new(vc, err, sizeof(err));
	if (!run_ctx.va) {
		ui_copy(au->no_apply, sizeof(au->no_apply), err);
	} else if (!a->state_ok) {
		snprintf(au->no_apply, sizeof(au->no_apply), "%s",
			 a->state_err[0] ? a->state_err :
			 "the state directory cannot be used");
	} else {
		au->be.prepare = run_prepare;
		au->be.ops = run_ops;
		run_recover(au, a, vc);
	}
	a->apply = au;
	return au;
}

const char *apply_run_close(struct app *a)
{
	const char *msg;

	if (!a->apply)
		return NULL;
	msg = apply_ui_close(a->apply);
	apply_ui_free(a->apply);
	virt_apply_free(run_ctx.va);
	run_ctx.va = NULL;
	a->apply = NULL;
	return msg;
}
