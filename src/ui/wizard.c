/*
 * wizard.c - the wizard's flow and its mechanical edits of the working
 * plan (see wizard.h).  Reads the host data in struct app; writes only
 * app->work, app->saved (at start), app->wiz and app->state_err.  When
 * the VM exists and no plan file was given, the wizard starts from the
 * deployment as libvirt has it (app_open_deployment, readback).
 * A new switch takes only facts into the plan: the values of the host's
 * libvirt network it reuses.  edgenet's own suggestions for a switch the
 * host does not have (its address, DHCP range, bridge name) stay out of
 * the plan: the switch step shows them as placeholders to take.
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
#include "core/ipv4.h"
#include "core/mac.h"
#include "core/names.h"
#include "core/planfile.h"
#include "core/state.h"
#include "tui/widget.h"
#include "ui/wizard.h"

static const char *const wizard_step_names[WIZARD_STEPS] = {
	"Profile", "Switch", "IP", "DNS", "NICs", "Review"
};

/* ---- switches ---- */

static bool switch_name_used(const struct plan *p, const char *name,
			     size_t except)
{
	for (size_t i = 0; i < p->nswitches; i++)
		if (i != except && strcmp(p->switches[i].name, name) == 0)
			return true;
	return false;
}

static size_t switch_users(const struct plan *p, const char *name)
{
	size_t n = 0;

	for (size_t i = 0; i < p->nnics; i++)
		if (strcmp(p->nics[i].switch_name, name) == 0)
			n++;
	return n;
}

/* The host's libvirt network of TYPE that no other plan switch uses. */
static const struct host_net *host_net_for(const struct app *a,
					   enum switch_type type,
					   size_t except)
{
	if (!a->nets_ok)
		return NULL;
	for (size_t i = 0; i < a->nets.count; i++) {
		const struct host_net *n = &a->nets.items[i];

		if (n->type == type &&
		    !switch_name_used(&a->work, n->name, except))
			return n;
	}
	return NULL;
}

static bool uplink_used(const struct plan *p, const char *name, size_t except)
{
	for (size_t i = 0; i < p->nswitches; i++)
		if (i != except && p->switches[i].type == SWITCH_EXTERNAL &&
		    strcmp(p->switches[i].uplink, name) == 0)
			return true;
	return false;
}

static void unique_name(const struct plan *p, const char *base, size_t self,
			char *out, size_t len)
{
	snprintf(out, len, "%s", base);
	for (int k = 2; switch_name_used(p, out, self) && k < 100; k++)
		snprintf(out, len, "%.*s-%d", PLAN_NAME_MAX - 5, base, k);
}

/* A switch of TYPE at SI: the name, and the facts of the host's libvirt
 * network of that type when one is free (reused as it is).  Without one,
 * the address, the DHCP range and the bridge stay empty: they are the
 * switch step's suggestions (placeholders), never the plan's until taken.
 * What is not a text (DHCP on, NAT, bridge mode, the first free uplink
 * among the host's NICs) is chosen here and shown as chosen. */
static void prefill_switch(struct app *a, size_t si, enum switch_type type)
{
	struct plan_switch *s = &a->work.switches[si];
	const struct host_net *hn = host_net_for(a, type, si);
	char name[PLAN_NAME_MAX];
	size_t up[HOST_MAX_NICS], nup;

	plan_switch_init(s);
	s->type = type;
	switch (type) {
	case SWITCH_DEFAULT:
		unique_name(&a->work, hn ? hn->name : "default", si, name,
			    sizeof(name));
		s->dhcp = true;
		if (hn) {
			ui_copy(s->address, sizeof(s->address), hn->address);
			if (hn->dhcp) {
				ui_copy(s->dhcp_start, sizeof(s->dhcp_start),
					hn->dhcp_start);
				ui_copy(s->dhcp_end, sizeof(s->dhcp_end),
					hn->dhcp_end);
			}
		}
		s->nat = true;	/* the default switch is NAT by definition */
		break;
	case SWITCH_INTERNAL:
		unique_name(&a->work, hn ? hn->name : "edge-int", si, name,
			    sizeof(name));
		s->dhcp = hn ? hn->dhcp : true;
		if (hn) {
			ui_copy(s->address, sizeof(s->address), hn->address);
			if (s->dhcp) {
				ui_copy(s->dhcp_start, sizeof(s->dhcp_start),
					hn->dhcp_start);
				ui_copy(s->dhcp_end, sizeof(s->dhcp_end),
					hn->dhcp_end);
			}
		}
		s->nat = hn ? strcmp(hn->forward, "nat") == 0 : false;
		break;
	case SWITCH_EXTERNAL:
		unique_name(&a->work, hn ? hn->name : "edge-ext", si, name,
			    sizeof(name));
		s->ext_mode = EXT_BRIDGE;
		/* a host network reused whose bridge already holds a host
		 * NIC: that NIC is its uplink (the plant port); else the
		 * first usable host NIC no other switch is bound to */
		nup = wizard_uplinks(a, up, HOST_MAX_NICS);
		for (size_t k = 0; hn && hn->bridge[0] && k < nup; k++) {
			const struct host_nic *hnic = &a->hnics.items[up[k]];

			if (host_bridge_port(hnic, hn->bridge) &&
			    !uplink_used(&a->work, hnic->name, si)) {
				ui_copy(s->uplink, sizeof(s->uplink),
					hnic->name);
				break;
			}
		}
		for (size_t k = 0; !s->uplink[0] && k < nup; k++) {
			const struct host_nic *hnic = &a->hnics.items[up[k]];

			if (host_nic_can_uplink(hnic, NULL) &&
			    !uplink_used(&a->work, hnic->name, si)) {
				ui_copy(s->uplink, sizeof(s->uplink),
					hnic->name);
				break;
			}
		}
		if (hn)
			ui_copy(s->bridge, sizeof(s->bridge), hn->bridge);
		break;
	default:
		ui_copy(name, sizeof(name), "");
		break;
	}
	ui_copy(s->name, sizeof(s->name), name);
}

size_t wizard_nic_switch(struct app *a, size_t nic)
{
	struct plan *p = &a->work;
	struct plan_nic *n = &p->nics[nic];
	struct plan_switch *s;
	enum switch_type type = SWITCH_UNSET;

	for (size_t i = 0; i < p->nswitches; i++)
		if (strcmp(p->switches[i].name, n->switch_name) == 0)
			return i;
	/* a plan whose switch has a name that cannot be used ("edge int")
	 * while its NIC names the switch as meant ("edge-int"): the NIC is
	 * on that switch, whose name field says what to fix -- not on a
	 * second switch made up here, whose subnet would then "overlap" */
	for (size_t i = 0; n->switch_name[0] && i < p->nswitches; i++)
		if (p->switches[i].name[0] &&
		    name_check_object(p->switches[i].name) &&
		    switch_users(p, p->switches[i].name) == 0) {
			ui_copy(n->switch_name, sizeof(n->switch_name),
				p->switches[i].name);
			return i;
		}
	/* none yet: the first type the profile allows for which the host
	 * has a network no other switch of the plan uses, else the first
	 * type the profile allows */
	for (int t = SWITCH_DEFAULT; t < SWITCH_COUNT; t++) {
		if (!policy_switch_allowed(a->pol, p->profile,
					   (enum switch_type)t))
			continue;
		if (type == SWITCH_UNSET)
			type = (enum switch_type)t;
		if (host_net_for(a, (enum switch_type)t, PLAN_MAX_SWITCHES)) {
			type = (enum switch_type)t;
			break;
		}
	}
	s = plan_add_switch(p);
	if (!s)
		return 0;	/* full: the core reports the dangling name */
	prefill_switch(a, p->nswitches - 1, type == SWITCH_UNSET ?
		       SWITCH_DEFAULT : type);
	ui_copy(n->switch_name, sizeof(n->switch_name), s->name);
	return p->nswitches - 1;
}

void wizard_set_switch_type(struct app *a, size_t nic, enum switch_type type)
{
	struct plan *p = &a->work;
	struct plan_nic *n = &p->nics[nic];
	size_t si = wizard_nic_switch(a, nic);

	if (p->switches[si].type == type)
		return;
	if (switch_users(p, p->switches[si].name) > 1) {
		/* shared with another NIC: this NIC gets its own */
		if (!plan_add_switch(p))
			return;
		si = p->nswitches - 1;
	}
	prefill_switch(a, si, type);
	ui_copy(n->switch_name, sizeof(n->switch_name), p->switches[si].name);
	wizard_drop_unused_switches(a);
}

void wizard_drop_unused_switches(struct app *a)
{
	struct plan *p = &a->work;

	for (size_t i = p->nswitches; i-- > 0;)
		if (switch_users(p, p->switches[i].name) == 0)
			plan_remove_switch(p, i);
}

/* ---- NICs ---- */

struct plan_nic *wizard_nic(struct app *a)
{
	if (a->work.nnics == 0) {
		struct plan_nic *n = plan_add_nic(&a->work);

		snprintf(n->name, sizeof(n->name), "eth0");
		n->primary = true;
	}
	if (a->wiz.nic >= a->work.nnics)
		a->wiz.nic = 0;
	return &a->work.nics[a->wiz.nic];
}

static void first_allowed_mode(struct app *a, size_t i)
{
	struct plan_nic *n = &a->work.nics[i];
	size_t si = wizard_nic_switch(a, i);
	enum switch_type t = a->work.switches[si].type;

	if (n->mode != IP_UNSET && policy_mode_allowed(a->pol, t, n->mode))
		return;
	if (policy_mode_allowed(a->pol, t, IP_DHCP))
		n->mode = IP_DHCP;
	else if (policy_mode_allowed(a->pol, t, IP_STATIC))
		n->mode = IP_STATIC;
}

int wizard_add_nic(struct app *a)
{
	struct plan *p = &a->work;
	struct plan_nic *n;
	char name[PLAN_NAME_MAX];
	int k;

	for (k = 0; k < 100; k++) {
		bool used = false;

		snprintf(name, sizeof(name), "eth%d", k);
		for (size_t i = 0; i < p->nnics; i++)
			if (strcmp(p->nics[i].name, name) == 0)
				used = true;
		if (!used)
			break;
	}
	n = plan_add_nic(p);
	if (!n)
		return -1;
	ui_copy(n->name, sizeof(n->name), name);
	wizard_nic_switch(a, p->nnics - 1);
	first_allowed_mode(a, p->nnics - 1);
	return (int)(p->nnics - 1);
}

int wizard_remove_nic(struct app *a, size_t i)
{
	if (i >= a->work.nnics || a->work.nics[i].primary)
		return -1;
	plan_remove_nic(&a->work, i);
	wizard_drop_unused_switches(a);
	if (a->wiz.nic >= a->work.nnics)
		a->wiz.nic = 0;
	return 0;
}

size_t wizard_move_nic(struct app *a, size_t i, int dir)
{
	struct plan *p = &a->work;
	size_t j;
	struct plan_nic tmp;

	if (i >= p->nnics || p->nnics < 2)
		return i;	/* one NIC: nothing to order, no metric set */
	if ((dir < 0 && i == 0) || (dir > 0 && i + 1 >= p->nnics))
		j = i;
	else
		j = dir < 0 ? i - 1 : i + 1;
	if (j != i) {
		tmp = p->nics[i];
		p->nics[i] = p->nics[j];
		p->nics[j] = tmp;
	}
	for (size_t k = 0; k < p->nnics; k++)
		plan_nic_set_metric(&p->nics[k], 100 * (long long)(k + 1));
	return j;
}

int wizard_assign_mac(struct app *a, size_t i)
{
	struct plan_nic *n;
	struct mac m;
	bool generated;
	char err[APP_MSG_MAX];

	if (i >= a->work.nnics)
		return -1;
	n = &a->work.nics[i];
	if (n->mac[0])
		return 0;
	if (!a->state_ok)
		return -1;
	if (!app_domain(a)[0] || !n->name[0])
		return -1;
	if (state_nic_mac(&a->st, app_domain(a), n->name, &m, &generated, err,
			  sizeof(err)) < 0) {
		snprintf(a->state_err, sizeof(a->state_err),
			 "no MAC could be generated (%.300s); the MAC stays empty "
			 "and is generated when the plan is applied", err);
		return -1;
	}
	mac_format(&m, n->mac);
	return 0;
}

/* ---- suggestions ---- */

int wizard_suggest_prefix(const struct app *a, size_t nic)
{
	const struct plan_switch *s =
		plan_find_switch(&a->work, a->work.nics[nic].switch_name);
	uint32_t addr;
	int prefix;

	if (!s || !s->address[0])
		return -1;
	if (ipv4_parse_cidr(s->address, &addr, &prefix) != IPV4_OK)
		return -1;
	return prefix;
}

void wizard_suggest_gateway(const char *address, int prefix, char *out,
			    size_t len)
{
	uint32_t addr;
	char buf[IPV4_STRLEN];

	if (len)
		out[0] = '\0';
	if (prefix < 1 || prefix > 30 || ipv4_parse(address, &addr) != IPV4_OK)
		return;
	snprintf(out, len, "%s",
		 ipv4_format(ipv4_first_host(addr, prefix), buf));
}

size_t wizard_uplinks(const struct app *a, size_t *idx, size_t max)
{
	size_t n = 0;

	if (!a->hnics_ok)
		return 0;
	for (size_t i = 0; i < a->hnics.count && n < max; i++) {
		const struct host_nic *h = &a->hnics.items[i];

		if (host_nic_can_uplink(h, NULL) || h->wireless ||
		    (h->master[0] && h->mac[0]))
			idx[n++] = i;
	}
	return n;
}

/* ---- flow ---- */

static void defaults_from_host(struct app *a)
{
	struct plan *p = &a->work;
	struct plan_nic *n;
	char why[256];

	plan_init(p);
	p->profile = host_suggest_profile(a->nets_ok ? &a->nets : NULL, why,
					  sizeof(why));
	ui_copy(p->domain, sizeof(p->domain), "edge-vm");
	n = plan_add_nic(p);
	snprintf(n->name, sizeof(n->name), "eth0");
	n->primary = true;
	wizard_nic_switch(a, 0);
	first_allowed_mode(a, 0);
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
		ui_copy(a->plan_path, sizeof(a->plan_path), path);
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
		ui_copy(a->plan_path, sizeof(a->plan_path), path);
	} else {
		if (!open_deployment(a))
			defaults_from_host(a);
		ui_copy(a->plan_path, sizeof(a->plan_path),
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

/* ---- drawing ---- */

int wizard_draw_top(struct screen *s, WINDOW *w, const char *intro)
{
	int x = 1, width = getmaxx(w), y;
	char buf[64];

	for (int i = 0; i < WIZARD_STEPS; i++) {
		bool cur = i + 1 == s->cls->step;

		snprintf(buf, sizeof(buf), cur ? "[%d %s]" : " %d %s ", i + 1,
			 wizard_step_names[i]);
		ui_put(w, 0, x, width - x, buf,
		       cur ? term_attr(TS_TITLE) : term_attr(TS_DIM));
		x += (int)strlen(buf);
		if (i + 1 < WIZARD_STEPS) {
			ui_put(w, 0, x, width - x, ">", term_attr(TS_DIM));
			x += 1;
		}
	}
	if (s->app->wiz.nic_pass || s->app->work.nnics > 1) {
		if (s->cls->step >= 2 && s->cls->step <= 4) {
			snprintf(buf, sizeof(buf), "NIC %zu of %zu: %s",
				 s->app->wiz.nic + 1, s->app->work.nnics,
				 s->app->work.nics[s->app->wiz.nic].name);
			ui_put(w, 1, width - 1 - (int)strlen(buf),
			       (int)strlen(buf), buf, A_BOLD);
		}
	}
	snprintf(buf, sizeof(buf), "Step %d of %d: %s", s->cls->step,
		 WIZARD_STEPS, s->cls->title);
	ui_put(w, 1, 1, width - 2, buf, term_attr(TS_TITLE));
	y = 2;
	if (intro) {
		/* at most 4 lines; a longer intro ends in the ellipsis and
		 * F2 shows it whole */
		y += ui_wrap(w, y, 1, width - 2, 4, intro, 0);
		if (ui_wrap(NULL, 0, 0, width - 2, 5, intro, 0) > 4)
			ui_cut_note(intro);
	}
	return y + 1;
}

void wizard_nic_summary(const struct app *a, size_t i, char *buf, size_t len)
{
	const struct plan_nic *n = &a->work.nics[i];
	const struct plan_switch *s = plan_find_switch(&a->work,
						       n->switch_name);
	const char *type = s ? plan_switch_type_name(s->type) : NULL;

	if (n->mode == IP_STATIC && n->has_prefix)
		snprintf(buf, len, "%s on %s (%s), static %s/%d", n->name,
			 n->switch_name, type ? type : "?", n->address,
			 n->prefix);
	else if (n->mode == IP_STATIC)
		snprintf(buf, len, "%s on %s (%s), static %s with no prefix "
			 "length", n->name, n->switch_name, type ? type : "?",
			 n->address);
	else
		snprintf(buf, len, "%s on %s (%s), %s", n->name,
			 n->switch_name, type ? type : "?",
			 plan_ip_mode_name(n->mode) ?
			 plan_ip_mode_name(n->mode) : "no mode");
}

/* ---- helpers for the wizard screens ---- */

void wizard_add_buttons(struct form *f, struct widget *back,
			struct widget *next)
{
	widget_init(back, W_BUTTON, WID_BACK, "Back");
	back->help = "Goes back one step; nothing typed is lost (Esc does "
		     "the same).";
	widget_init(next, W_BUTTON, WID_NEXT, "Next");
	next->inline_next = true;
	next->help = "Goes on to the next step (Ctrl-N does the same from any "
		     "field).  Refused while a field on this step shows an "
		     "error.";
	form_add(f, back);
	form_add(f, next);
	/* Enter on the last field presses Next; Back is never the default,
	 * not even on a step with nothing to fill in */
	f->dflt = next;
	if (form_focused(f) == back)
		form_focus(f, next);
}

enum intent wizard_try_next(struct screen *s, struct form *f,
			    bool extra_error)
{
	struct widget *bad = form_error(f);

	if (bad) {
		char field[DIAG_PATH_MAX + PLAN_NAME_MAX];

		form_focus(f, bad);
		/* a field is named by its label; one without (a list) by
		 * what its finding is about, never by a plan-file path */
		if (!bad->label[0] && bad->diag)
			plan_field_label(&s->app->work, bad->diag->path, field,
					 sizeof(field));
		else
			ui_copy(field, sizeof(field), bad->label[0] ?
				bad->label : "a field");
		app_status(s->app, TS_ERROR,
			   "Next refused: %s%s has an error; fix it or go "
			   "back (Esc)", bad->label[0] ? "the field " : "",
			   field);
		return INTENT_HANDLED;
	}
	if (extra_error) {
		app_status(s->app, TS_ERROR,
			   "Next refused: fix the errors shown on this step "
			   "first");
		return INTENT_HANDLED;
	}
	return INTENT_NEXT;
}

enum intent wizard_form_key(struct screen *s, struct form *f, int key,
			    bool extra_error, bool *changed,
			    struct widget **activated)
{
	enum form_result r;
	struct widget *w;

	*changed = false;
	*activated = NULL;
	if (key == ('n' & 0x1f))
		return wizard_try_next(s, f, extra_error);
	r = form_key(f, key);
	switch (r) {
	case FORM_IGNORED:
		return INTENT_NONE;
	case FORM_REFUSED:
		app_status(s->app, TS_WARNING, "%s", f->refused);
		return INTENT_HANDLED;
	case FORM_CHANGED:
		*changed = true;
		return INTENT_HANDLED;
	case FORM_ACTIVATED:
		w = form_focused(f);
		if (w && w->id == WID_NEXT)
			return wizard_try_next(s, f, extra_error);
		if (w && w->id == WID_BACK)
			return INTENT_BACK;
		*activated = w;
		return INTENT_HANDLED;
	default:
		return INTENT_HANDLED;
	}
}
