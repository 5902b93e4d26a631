/*
 * app.c - the model of the console (see app.h): sets up the app and its
 * screens from the registry (registry.c), reads the host through the
 * ops in struct app, keeps what is known when the console's libvirt
 * connection is lost and comes back (telling the apply through its
 * hook), reads a deployment back, opens the state directory, and checks
 * the working plan (plan_validate, then against the host).
 * The keys are app_keys.c's, the frame app_frame.c's.
 * Reads the host only through the ops in struct app; no terminal set-up
 * here (run.c).  Direction: includes no other console header than
 * app.h; the wizard, the apply and the diagnostics are reached through
 * the registry's hooks (app.h).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/err.h"
#include "core/hostcheck.h"
#include "core/str.h"
#include "core/validate.h"
#include "ui/app.h"

int app_init(struct app *a, const struct ui_options *opts)
{
	memset(a, 0, sizeof(*a));
	a->opts = opts;
	a->pol = opts ? opts->policy : NULL;
	a->domain_exists = -1;
	diag_list_init(&a->diags);
	diag_list_init(&a->notes);
	plan_init(&a->work);
	plan_init(&a->saved);
	snprintf(a->plan_path, sizeof(a->plan_path), "%s",
		 opts && opts->plan_path ? opts->plan_path :
		 APP_DEFAULT_PLAN);
	if (opts && opts->uri)
		str_copy(a->uri, sizeof(a->uri), opts->uri);
	a->reg = &app_registry;
	for (size_t i = 0; i < a->reg->count; i++) {
		const struct screen_class *cls = a->reg->classes[i];
		struct screen *s;

		if (cls->id >= SCR_COUNT || a->screens[cls->id].cls)
			return -1;	/* two classes for one id */
		s = &a->screens[cls->id];
		s->cls = cls;
		s->app = a;
		s->cur_y = -1;
		if (s->cls->create && s->cls->create(s) < 0)
			return -1;
	}
	for (int i = 0; i < SCR_COUNT; i++)
		if (!a->screens[i].cls)
			return -1;	/* an id without a class */
	a->cur = SCR_HOME;
	a->diag = a->reg->diag->create();	/* run.c: the runner */
	return a->diag ? 0 : -1;
}

void app_free(struct app *a)
{
	for (int i = 0; i < SCR_COUNT; i++) {
		struct screen *s = &a->screens[i];

		if (s->cls && s->cls->destroy)
			s->cls->destroy(s);
		s->priv = NULL;
	}
	diag_list_free(&a->diags);
	diag_list_free(&a->notes);
	if (a->reg && a->diag)
		a->reg->diag->destroy(a->diag);
	a->diag = NULL;
}

void app_refresh_host(struct app *a)
{
	char err[ERR_MAX];

	err[0] = '\0';
	if (a->virt.uri)
		str_copy(a->uri, sizeof(a->uri), a->virt.uri(a->virt.ctx));
	if (a->virt.list_networks) {
		a->nets_ok = a->virt.list_networks(a->virt.ctx, &a->nets, err,
						   sizeof(err)) == 0;
		if (!a->nets_ok)
			str_copy(a->virt_err, sizeof(a->virt_err), err);
	}
	if (a->virt.domain_exists) {
		a->domain_exists = a->virt.domain_exists(a->virt.ctx,
							 app_domain(a), err,
							 sizeof(err));
		if (a->domain_exists < 0)
			str_copy(a->virt_err, sizeof(a->virt_err), err);
	}
	if (a->links.list_nics) {
		a->hnics_ok = a->links.list_nics(a->links.ctx, &a->hnics, err,
						 sizeof(err)) == 0;
		if (!a->hnics_ok)
			str_copy(a->links_err, sizeof(a->links_err), err);
	}
}

void app_virt_down(struct app *a, const char *why, unsigned retry_s,
		   time_t now)
{
	a->virt_down = true;
	str_copy(a->virt_down_why, sizeof(a->virt_down_why),
		why && *why ? why : "the connection to libvirt was lost");
	a->virt_down_at = now;
	a->virt_retry_err[0] = '\0';
	a->virt_retry_at = 0;
	a->virt_retry_s = retry_s;
	/* what was read before may be wrong now: unknown until it is back */
	a->nets_ok = false;
	a->nets.count = 0;
	a->domain_exists = -1;
	a->doms_ok = false;
	a->doms_tried = false;
	errf(a->virt_err, sizeof(a->virt_err), "libvirt is "
	     "unreachable");
	if (a->reg && a->reg->apply->virt_changed)
		a->reg->apply->virt_changed(a, false);	/* apply_ui.h */
}

void app_virt_retry(struct app *a, const char *err, unsigned retry_s,
		    time_t now)
{
	str_copy(a->virt_retry_err, sizeof(a->virt_retry_err), err ? err : "");
	a->virt_retry_at = now;
	a->virt_retry_s = retry_s;
}

void app_virt_back(struct app *a)
{
	a->virt_down = false;
	a->virt_down_why[0] = a->virt_retry_err[0] = a->virt_err[0] = '\0';
	a->doms_ok = false;
	a->doms_tried = false;
	if (a->reg && a->reg->apply->virt_changed)
		a->reg->apply->virt_changed(a, true);	/* apply_ui.h */
	app_refresh_host(a);
	app_validate(a);
}

void app_virt_down_text(const struct app *a, char *buf, size_t len)
{
	if (!a->virt_down) {
		if (len)
			buf[0] = '\0';
		return;
	}
	snprintf(buf, len, "libvirt is unreachable: %.300s.  Nothing can be "
		 "applied and the VM and networks are unknown until it is "
		 "back; edgenet connects again by itself every %u s.",
		 a->virt_down_why, a->virt_retry_s);
}

void app_check_domain(struct app *a)
{
	char err[ERR_MAX];

	if (!a->virt.domain_exists)
		return;
	a->domain_exists = a->virt.domain_exists(a->virt.ctx, app_domain(a),
						 err, sizeof(err));
	if (a->domain_exists < 0)
		str_copy(a->virt_err, sizeof(a->virt_err), err);
}

int app_open_deployment(struct app *a, struct plan *out, char *err,
			size_t errlen)
{
	struct plan *p;
	int rc;

	if (!a->readback.read) {
		errf(err, errlen, "the deployment cannot be read back "
		     "without a libvirt connection");
		return -1;
	}
	p = malloc(sizeof(*p));
	if (!p) {
		errf(err, errlen, "out of memory");
		return -1;
	}
	diag_list_clear(&a->notes);
	rc = a->readback.read(a->readback.ctx, app_domain(a),
			      a->hnics_ok ? &a->hnics : NULL, p, &a->notes,
			      err, errlen);
	if (rc == 0) {
		*out = *p;
		a->opened = true;
		str_copy(a->opened_domain, sizeof(a->opened_domain),
			app_domain(a));
	} else {
		diag_list_clear(&a->notes);
	}
	free(p);
	return rc;
}

void app_open_state(struct app *a)
{
	char err[ERR_MAX];

	a->state_ok = state_open(&a->st, a->opts ? a->opts->state_dir : NULL,
				 err, sizeof(err)) == 0;
	if (!a->state_ok)
		errf(a->state_err, sizeof(a->state_err),
		     "the state directory cannot be used (%.300s): new NICs "
		     "get no MAC now; it is generated when the plan is "
		     "applied", err);
}

const char *app_domain(const struct app *a)
{
	return a->work.domain[0] ? a->work.domain : "edge-vm";
}

struct screen *app_screen(struct app *a)
{
	return &a->screens[a->cur];
}

void app_validate(struct app *a)
{
	struct host_facts hf = { NULL, NULL, NULL };
	struct diag_list h;
	char err[ERR_MAX];
	bool listed = false;

	diag_list_clear(&a->diags);
	if (!a->pol)
		return;
	plan_validate(&a->work, a->pol, &a->diags);
	/* The defined VMs: read once, and again whenever the plan names a VM
	 * they do not hold (it may have been defined since). */
	for (size_t i = 0; a->doms_ok && i < a->doms.count; i++)
		if (strcmp(a->doms.names[i], a->work.domain) == 0)
			listed = true;
	if (a->virt.list_domains && !listed &&
	    (!a->doms_tried || strcmp(a->doms_for, a->work.domain) != 0)) {
		a->doms_tried = true;
		a->doms_ok = a->virt.list_domains(a->virt.ctx, &a->doms, err,
						  sizeof(err)) == 0;
		str_copy(a->doms_for, sizeof(a->doms_for), a->work.domain);
	}
	hf.nets = a->nets_ok ? &a->nets : NULL;
	hf.domains = a->doms_ok ? &a->doms : NULL;
	/* the libvirt host's own NICs, as ui/run.c opens them: netlink
	 * here, libvirt's interface list for a simulated or remote host */
	hf.nics = a->hnics_ok ? &a->hnics : NULL;
	diag_list_init(&h);
	host_check_plan(&a->work, &hf, &h);
	/* a field plan_validate already rejected is not reported twice */
	diag_list_append_new(&a->diags, &h);
	diag_list_free(&h);
}

bool app_unsaved(const struct app *a)
{
	return a->wizard_started && !plan_equal(&a->work, &a->saved);
}

void app_status(struct app *a, enum term_style st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->status, sizeof(a->status), fmt, ap);
	va_end(ap);
	a->status_style = st;
}
