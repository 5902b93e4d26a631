/*
 * wizard.c - the wizard's flow (see wizard.h): where it
 * starts (the plan file, else the deployment as libvirt has it --
 * app_open_deployment, readback --, else the host's suggestions), the
 * wizard reopened from home, and where Next and Esc lead from each
 * step.  The mechanical edits of the working plan are wizard_edit.c's,
 * the step bar and the keys the steps share wizard_screens.c's.
 * Reads the host data in struct app; writes only app->work, app->saved
 * (at start), app->wiz and app->load_msg.
 * Direction: includes app.h (through wizard.h); the manager reaches the
 * flow only through the registry's hooks (registry.c), never this
 * file's header.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/describe.h"
#include "core/hostcheck.h"
#include "core/planfile.h"
#include "core/str.h"
#include "ui/app.h"
#include "ui/wizard.h"
#include "ui/wizard_priv.h"

/* ---- flow ---- */

static void defaults_from_host(struct app *a)
{
	struct plan *p = &a->work;
	struct plan_nic *n;
	char why[256];

	plan_init(p);
	p->profile = host_suggest_profile(a->nets_ok ? &a->nets : NULL, why,
					  sizeof(why));
	str_copy(p->domain, sizeof(p->domain), "edge-vm");
	n = plan_add_nic(p);
	snprintf(n->name, sizeof(n->name), "eth0");
	n->primary = true;
	wizard_nic_switch(a, 0);
	wizard_first_mode(a, 0);
}

/* The profile for a plan read back from the host: the one that allows
 * the switches of the most NICs (a NIC the profile does not allow shows
 * on step 1 and must move), else, between equals, the host's suggestion
 * when it is one of them, else the one allowing the primary NIC's. */
static enum host_profile deployed_profile(const struct app *a,
					  const struct plan *p)
{
	static const enum host_profile profiles[] = { PROFILE_CLIENT,
						      PROFILE_SERVER };
	size_t fit[2] = { 0, 0 };
	bool prim[2] = { false, false };
	enum host_profile sug;
	char why[256];

	sug = host_suggest_profile(a->nets_ok ? &a->nets : NULL, why,
				   sizeof(why));
	if (!a->pol)
		return sug;
	for (size_t k = 0; k < 2; k++) {
		for (size_t i = 0; i < p->nnics; i++) {
			const struct plan_switch *s =
				plan_find_switch(p, p->nics[i].switch_name);
			bool ok = !s || s->type == SWITCH_UNSET ||
				  policy_switch_allowed(a->pol, profiles[k],
							s->type);

			fit[k] += ok;
			if (p->nics[i].primary)
				prim[k] = ok;
		}
	}
	if (fit[0] != fit[1])
		return fit[0] > fit[1] ? profiles[0] : profiles[1];
	if (sug == PROFILE_CLIENT || sug == PROFILE_SERVER)
		return sug;
	return prim[1] && !prim[0] ? profiles[1] : profiles[0];
}

/* No plan file, and the VM exists: start from what is deployed.  True
 * when the working copy now holds it (readback's notes in load_msg and,
 * all of them, on the review). */
static bool open_deployment(struct app *a)
{
	/* err: smaller than ERR_MAX so that load_msg (a status text, not an
	 * error) holds the sentence around it whole */
	char err[APP_MSG_MAX - 160], label[160];
	const struct diag_list *notes;
	struct plan *p;

	if (a->domain_exists != 1 || !a->readback.read)
		return false;
	p = malloc(sizeof(*p));
	if (!p)
		return false;
	if (app_open_deployment(a, p, err, sizeof(err)) < 0) {
		snprintf(a->load_msg, sizeof(a->load_msg),
			 "The deployment of %s could not be read back (%s); "
			 "the wizard starts from the host's suggestions.",
			 app_domain(a), err);
		free(p);
		return false;
	}
	if (p->profile == PROFILE_UNSET)
		p->profile = deployed_profile(a, p);
	a->work = *p;
	free(p);
	notes = &a->notes;
	if (notes->count)
		snprintf(a->load_msg, sizeof(a->load_msg),
			 "Opened %s as deployed. "
			 "%zu note%s, all listed on the review; first: %s%s"
			 "%s", a->work.domain, notes->count,
			 notes->count == 1 ? "" : "s",
			 notes->items[0].path[0] ?
			 plan_field_label(&a->work, notes->items[0].path,
					  label, sizeof(label)) : "",
			 notes->items[0].path[0] ? ": " : "",
			 notes->items[0].message ? notes->items[0].message :
			 "");
	else
		snprintf(a->load_msg, sizeof(a->load_msg),
			 "Opened %s as deployed (read back from libvirt).",
			 a->work.domain);
	return true;
}

/* "2026-12-05 10:38" (local time) into BUF. */
static void file_time(time_t t, char *buf, size_t len)
{
	struct tm tm;

	if (!localtime_r(&t, &tm) ||
	    strftime(buf, len, "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(buf, len, "(unknown time)");
}

/* The wizard opened again from the home screen.  Nothing typed is lost:
 * with changes not saved yet, the working copy stays.  Without any, and
 * when the plan file is where the wizard read or saved its plan, it
 * starts from that file as it is now (the same plan, unless something
 * else wrote it since).  load_msg says which, and what the file holds. */
static void wizard_reopen(struct app *a)
{
	const char *path = a->plan_path;
	bool ours = (a->opts && a->opts->plan_path &&
		     strcmp(a->opts->plan_path, path) == 0) ||
		    (a->wiz.saved_once && strcmp(a->wiz.saved_path, path) == 0);
	struct diag_list d;
	struct plan *p;
	struct stat sb;
	char when[32];

	a->wiz.nic = 0;
	a->wiz.nic_pass = false;
	if (stat(path, &sb) != 0) {
		snprintf(a->load_msg, sizeof(a->load_msg),
			 "Back to the plan as you left it%s; %.300s does not "
			 "exist yet: the review saves the plan there.",
			 app_unsaved(a) ? ", with its changes" : "", path);
		return;
	}
	file_time(sb.st_mtime, when, sizeof(when));
	if (app_unsaved(a) || !ours) {
		snprintf(a->load_msg, sizeof(a->load_msg),
			 "Back to the plan as you left it%s; %.300s (written "
			 "%s) is %s: the review saves over it after showing "
			 "what changes.", app_unsaved(a) ?
			 ", with its changes not saved yet" : "", path, when,
			 ours ? "the last save" : "another plan");
		return;
	}
	p = malloc(sizeof(*p));
	if (!p)
		return;
	diag_list_init(&d);
	if (planfile_load(path, p, NULL, &d) != PLANFILE_OK) {
		snprintf(a->load_msg, sizeof(a->load_msg),
			 "Back to the plan as you left it; %.300s (written %s) "
			 "could not be read (%.200s).", path, when,
			 d.count && d.items[0].message ? d.items[0].message :
			 "unreadable");
	} else if (plan_equal(p, &a->saved)) {
		snprintf(a->load_msg, sizeof(a->load_msg),
			 "Opened %.300s as saved (written %s).", path, when);
	} else {
		a->work = *p;
		a->saved = *p;
		snprintf(a->load_msg, sizeof(a->load_msg),
			 "%.300s was written since the wizard had it (at %s): "
			 "the wizard starts from the file as it is now.", path,
			 when);
	}
	diag_list_free(&d);
	free(p);
}

void wizard_start(struct app *a)
{
	const char *path = a->opts ? a->opts->plan_path : NULL;

	if (a->wizard_started) {
		wizard_reopen(a);
		app_validate(a);
		return;
	}
	a->load_msg[0] = '\0';
	memset(&a->wiz, 0, sizeof(a->wiz));
	if (path && path[0] && access(path, F_OK) != 0 && errno == ENOENT) {
		/* a new plan: it will be saved there */
		snprintf(a->load_msg, sizeof(a->load_msg),
			 "%.300s does not exist yet: the wizard starts from "
			 "the host's suggestions and saves the plan there.",
			 path);
		defaults_from_host(a);
		str_copy(a->plan_path, sizeof(a->plan_path), path);
	} else if (path && path[0]) {
		struct diag_list d;
		enum planfile_status st;

		diag_list_init(&d);
		st = planfile_load(path, &a->work, NULL, &d);
		if (st != PLANFILE_OK) {
			snprintf(a->load_msg, sizeof(a->load_msg),
				 "%s could not be read (%s); starting from the "
				 "host's suggestions instead", path,
				 d.count && d.items[0].message ?
				 d.items[0].message : "unreadable");
			defaults_from_host(a);
		} else if (d.count) {
			char label[160];

			snprintf(a->load_msg, sizeof(a->load_msg),
				 "%s has %zu problem(s) of its own (first: %s: "
				 "%s); fix them in the steps below", path,
				 d.count, plan_field_label(&a->work,
							   d.items[0].path,
							   label,
							   sizeof(label)),
				 d.items[0].message ? d.items[0].message : "");
		}
		diag_list_free(&d);
		str_copy(a->plan_path, sizeof(a->plan_path), path);
	} else {
		if (!open_deployment(a))
			defaults_from_host(a);
		str_copy(a->plan_path, sizeof(a->plan_path),
			WIZARD_DEFAULT_PLAN);
	}
	a->saved = a->work;
	a->wizard_started = true;
	app_validate(a);
}

enum screen_id wizard_next(struct app *a, enum screen_id from)
{
	switch (from) {
	case SCR_PROFILE:
		a->wiz.nic = 0;
		a->wiz.nic_pass = false;
		return SCR_SWITCH;
	case SCR_SWITCH:
		return SCR_IP;
	case SCR_IP:
		return SCR_DNS;
	case SCR_DNS:
		wizard_assign_mac(a, a->wiz.nic);
		a->wiz.nic_pass = false;
		return SCR_NICS;
	case SCR_NICS:
		for (size_t i = 0; i < a->work.nnics; i++)
			wizard_assign_mac(a, i);
		return SCR_REVIEW;
	case SCR_REVIEW:
		return SCR_REVIEW;	/* the last step (Apply: GOTO) */
	default:
		return SCR_PROFILE;
	}
}

int wizard_focus_nic(struct screen *s)
{
	return s->app->wiz.nic < s->app->work.nnics ? (int)s->app->wiz.nic :
	       -1;
}

enum screen_id wizard_back(struct app *a, enum screen_id from)
{
	if (from >= SCR_COUNT)
		return SCR_HOME;
	switch (from) {
	case SCR_SWITCH:
		if (a->wiz.nic_pass) {
			a->wiz.nic_pass = false;
			return SCR_NICS;
		}
		break;
	case SCR_NICS:
		a->wiz.nic = 0;
		break;
	default:
		break;
	}
	return a->screens[from].cls->parent;
}

const char *wizard_back_word(const struct app *a, enum screen_id from)
{
	if (from == SCR_SWITCH && a->wiz.nic_pass)
		return "NIC list";
	return from < SCR_COUNT &&
	       a->screens[from].cls->parent == SCR_HOME ? "home" : "back";
}
