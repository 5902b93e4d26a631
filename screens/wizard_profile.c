/*
 * wizard_profile.c - wizard step 1: the host profile (client or server),
 * with the suggestion detected from the host's libvirt networks, and the
 * name of the VM.  Writes profile and domain into the working plan; every
 * verdict comes from plan_validate (paths "profile" and "vm").
 *
 * Under the profile choice, in words, each NIC whose switch type the
 * chosen profile does not allow (plan_profile_conflict): the check
 * reports it at the switch's type, on a step the Enter walk may never
 * visit.  Next is refused once with those words; pressed again with
 * the same conflict it goes on (the NIC's row on step 5 is marked, and
 * its switch step gives it an allowed type), because no profile may
 * allow every switch of a deployed VM and step 1 must not be a dead end.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/describe.h"
#include "tui/widget.h"
#include "ui/app.h"
#include "ui/wizard.h"

enum { PF_PROFILE = 1, PF_VM };

struct profile {
	struct form form;
	struct widget detected, profile, conflict, effect, vm, load, back,
		      next;
	char detected_text[400];
	char effect_text[400];
	char checked[PLAN_NAME_MAX];	/* the name domain_exists is about */
	/* NICs whose switch type the profile does not allow, in words */
	char conflict_text[PLAN_MAX_NICS * 320];
	char conflict_show[PLAN_MAX_NICS * 320 + 16];	/* as shown */
	bool blocking;		/* one of them is not the next step's NIC */
	char refused[PLAN_MAX_NICS * 320];	/* what Next was refused for */
};

static const enum host_profile profile_of[] = { PROFILE_CLIENT,
						PROFILE_SERVER };

static int profile_create(struct screen *s)
{
	struct profile *p = calloc(1, sizeof(*p));

	if (!p)
		return -1;
	s->priv = p;
	return 0;
}

static void profile_destroy(struct screen *s)
{
	free(s->priv);
}

/* The NICs the profile SEL does not allow, under the choice.  NIC 0 is
 * the one step 2 shows next, which takes an allowed type by itself. */
static void profile_conflicts(struct screen *s, enum host_profile sel)
{
	struct profile *p = s->priv;
	struct app *a = s->app;
	char one[320];
	size_t used = 0;

	p->conflict_text[0] = '\0';
	p->blocking = false;
	for (size_t i = 1; i < a->work.nnics; i++)
		if (plan_profile_conflict(&a->work, a->pol, sel, i, false, one,
					  sizeof(one)))
			p->blocking = true;
	for (size_t i = 0; i < a->work.nnics; i++) {
		if (!plan_profile_conflict(&a->work, a->pol, sel, i, i == 0,
					   one, sizeof(one)))
			continue;
		used += (size_t)snprintf(p->conflict_text + used,
					 sizeof(p->conflict_text) - used,
					 "%s%s.", used ? " " : "", one);
		if (used >= sizeof(p->conflict_text))
			break;
	}
	snprintf(p->conflict_show, sizeof(p->conflict_show), "%s: %s",
		 p->blocking ? "error" : "warning", p->conflict_text);
	p->conflict.hidden = p->conflict_text[0] == '\0';
	p->conflict.style = p->blocking ? TS_ERROR : TS_WARNING;
}

static void profile_texts(struct screen *s)
{
	struct profile *p = s->priv;
	struct app *a = s->app;
	enum host_profile sel = profile_of[p->profile.sel < 0 ? 0 :
					   p->profile.sel];
	char allowed[128];

	policy_allowed_switches_text(a->pol, sel, allowed, sizeof(allowed));
	snprintf(p->effect_text, sizeof(p->effect_text),
		 "On a %s host the VM's switches can be: %s.",
		 plan_profile_name(sel), allowed);
	profile_conflicts(s, sel);
	/* only about the name last asked about: not while it is typed */
	if (a->domain_exists == 1 && strcmp(p->vm.text, p->checked) == 0)
		snprintf(p->vm.hint, sizeof(p->vm.hint), "defined on this host");
	else if (a->domain_exists == 0 && strcmp(p->vm.text, p->checked) == 0)
		snprintf(p->vm.hint, sizeof(p->vm.hint), "not defined yet");
	else
		p->vm.hint[0] = '\0';
}

static void profile_enter(struct screen *s)
{
	struct profile *p = s->priv;
	struct app *a = s->app;
	char why[256];
	enum host_profile sug;

	form_init(&p->form);
	p->refused[0] = '\0';
	sug = host_suggest_profile(a->nets_ok ? &a->nets : NULL, why,
				   sizeof(why));
	if (a->nets_ok)
		snprintf(p->detected_text, sizeof(p->detected_text),
			 "Suggested: %s, because %s.", plan_profile_name(sug),
			 why);
	else
		snprintf(p->detected_text, sizeof(p->detected_text),
			 "No suggestion: the host's libvirt networks could not "
			 "be read (%.200s).", a->virt_err[0] ? a->virt_err :
			 "no connection");
	widget_init(&p->detected, W_LABEL, 0, p->detected_text);
	widget_init(&p->profile, W_CHOICE, PF_PROFILE, "Host profile");
	widget_add_option(&p->profile, "client  workstation-like, has a ready "
			  "NAT network", false);
	widget_add_option(&p->profile, "server  no ready network: switches "
			  "made explicitly", false);
	p->profile.sel = a->work.profile == PROFILE_SERVER ? 1 :
			 a->work.profile == PROFILE_CLIENT ? 0 : -1;
	widget_set_path(&p->profile, WP_PROFILE);
	p->profile.help = "The host profile decides which virtual switches "
			  "are offered. client: a workstation-like host that "
			  "already has libvirt's NAT network 'default' (VMs "
			  "get addresses from it and reach out through the "
			  "host). server: a host with no ready network, where "
			  "the switches are created explicitly (internal or "
			  "external). The suggestion comes from the networks "
			  "found on this host.";
	widget_init(&p->conflict, W_LABEL, 0, p->conflict_show);
	p->conflict.indent = 24;
	widget_init(&p->effect, W_LABEL, 0, p->effect_text);
	p->effect.style = TS_DIM;
	p->effect.indent = 24;
	widget_init(&p->vm, W_TEXT, PF_VM, "VM (libvirt domain)");
	widget_set_path(&p->vm, WP_VM);
	p->vm.maxlen = PLAN_NAME_MAX - 1;
	widget_set_text(&p->vm, a->work.domain);
	p->vm.help = "The libvirt name of the edge VM whose NICs this plan "
		     "sets up (`virsh list --all` shows the names).";
	widget_init(&p->load, W_LABEL, 0, a->load_msg);
	p->load.style = TS_WARNING;
	p->load.hidden = a->load_msg[0] == '\0';
	ui_copy(p->checked, sizeof(p->checked), app_domain(a));
	form_add(&p->form, &p->detected);
	form_add(&p->form, &p->profile);
	form_add(&p->form, &p->conflict);
	form_add(&p->form, &p->effect);
	form_add(&p->form, &p->vm);
	form_add(&p->form, &p->load);
	wizard_add_buttons(&p->form, &p->back, &p->next);
	profile_texts(s);
	form_set_diags(&p->form, &a->diags);
}

static void profile_sync(struct screen *s)
{
	struct profile *p = s->priv;
	struct app *a = s->app;

	if (p->profile.sel >= 0)
		a->work.profile = profile_of[p->profile.sel];
	ui_copy(a->work.domain, sizeof(a->work.domain), p->vm.text);
	app_validate(a);
	profile_texts(s);
	form_set_diags(&p->form, &a->diags);
}

static void profile_draw(struct screen *s, WINDOW *w)
{
	struct profile *p = s->priv;

	wizard_draw_form(s, w, &p->form, "Is this host like a workstation "
			 "(client) or a server? Confirm or change the "
			 "suggestion, and name the VM.");
}

static enum intent profile_key(struct screen *s, int key)
{
	struct profile *p = s->priv;
	struct widget *act, *before = form_focused(&p->form);
	bool changed;
	enum intent in = wizard_form_key(s, &p->form, key, false, &changed,
					 &act);

	if (changed)
		profile_sync(s);
	/* leaving the VM's name: ask the host whether it exists */
	if (before == &p->vm && (form_focused(&p->form) != before ||
				 in == INTENT_NEXT)) {
		app_check_domain(s->app);
		ui_copy(p->checked, sizeof(p->checked), app_domain(s->app));
		profile_texts(s);
	}
	/* a NIC the profile does not allow: refused once, with the words */
	if (in == INTENT_NEXT && p->blocking &&
	    strcmp(p->refused, p->conflict_text) != 0) {
		ui_copy(p->refused, sizeof(p->refused), p->conflict_text);
		form_focus(&p->form, &p->profile);
		app_status(s->app, TS_ERROR, "Next refused: %s Next again goes "
			   "on (step 5 marks the NIC).", p->conflict_text);
		return INTENT_HANDLED;
	}
	return in;
}

static const char *profile_help(struct screen *s)
{
	struct profile *p = s->priv;

	return wizard_form_help(&p->form, p->profile.help);
}

static bool profile_typing(struct screen *s)
{
	struct profile *p = s->priv;

	return form_typing(&p->form);
}

const struct screen_class wizard_profile_screen = {
	.id = SCR_PROFILE,
	.kind = SCREEN_WIZARD,
	.parent = SCR_HOME,
	.name = "wizard_profile",
	.title = "Host profile",
	.step = 1,
	.keys = "^N next step",
	.create = profile_create,
	.destroy = profile_destroy,
	.enter = profile_enter,
	.draw = profile_draw,
	.key = profile_key,
	.help = profile_help,
	.typing = profile_typing,
};
