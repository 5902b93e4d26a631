/*
 * apply_run.c - the apply's backends in the console (see apply_ui.h):
 * apply_run_open gives the console's struct apply_ui the libvirt side
 * (virt_apply's prepare and ops) and, before anything else touches
 * libvirt, finishes or rolls back an apply that an earlier run left
 * interrupted (backend/apply_recover.h, the recovery `edgenet apply`
 * runs too, on the libvirt host the journal names), keeping the message
 * for the home screen.
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
 * Touches: libvirt (through virt_apply), the state directory's journal
 * (through apply_txn).  Called from run.c only.  Reading the deployment
 * back for the wizard is the host side's (deploy_run.c), not the
 * apply's.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/apply_recover.h"
#include "backend/virt.h"
#include "backend/virt_apply.h"
#include "core/apply_guest.h"
#include "core/err.h"
#include "core/journal.h"
#include "tui/widget.h"
#include "ui/app.h"
#include "ui/apply_ui.h"

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
	char err[ERR_MAX];

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
	char err[ERR_MAX];

	apply_ui_init(au);
	memset(&run_ctx, 0, sizeof(run_ctx));
	run_ctx.vc = vc;
	run_ctx.app = a;
	au->timeout_s = apply_ui_confirm_timeout(a->opts ?
						 a->opts->settings_path : NULL);
	apply_ui_attach(au, l, changed, ctx);
	au->be.ctx = &run_ctx;
	au->be.pending = run_pending;
	au->be.vm_shutdown = run_vm_shutdown;
	au->be.vm_running = run_vm_running;
	au->be.vm_start = run_vm_start;
	run_ctx.va = virt_apply_new(vc, err, sizeof(err));
	if (run_ctx.va)
		virt_apply_set_faults(run_ctx.va, a->opts ? a->opts->faults
							  : NULL);
	if (!run_ctx.va) {
		ui_copy(au->no_apply, sizeof(au->no_apply), err);
	} else if (!a->state_ok) {
		errf(au->no_apply, sizeof(au->no_apply), "%s",
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
