/*
 * home.c - the home screen: the deployment's state on this host (libvirt
 * URI, the VM and whether it exists, the networks found and what switch
 * type each maps to, the host NICs), the plan file (whether it exists,
 * when it was written), when a plan was last applied (the state
 * directory's applied.cfg) and what waits for the VM's next start, and
 * the way into the wizard; while the console's libvirt connection is
 * lost (app_virt_down), that it is unreachable, since when, what that
 * means and the last try to connect again.  R restarts the VM where changes wait for it,
 * after a question naming the VM (apply_ui_restart).  Reads struct app;
 * stats the plan file and the state directory.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "tui/widget.h"
#include "ui/app.h"
#include "ui/apply_ui.h"
#include "ui/wizard.h"

enum { HOME_WIZARD = 1, HOME_QUIT };

struct home {
	struct form form;
	struct widget wizard, quit;
	bool ask_restart;	/* "Restart VM ...? y/n" is shown */
};

static int home_create(struct screen *s)
{
	struct home *h = calloc(1, sizeof(*h));

	if (!h)
		return -1;
	form_init(&h->form);
	h->form.label_w = 1;
	widget_init(&h->wizard, W_BUTTON, HOME_WIZARD,
		    "Set up the VM's networking (wizard)");
	h->wizard.help = "Opens the wizard: host profile, switch, IP "
			 "address, DNS, more NICs and their priority, then a "
			 "review of everything and a saved plan.";
	widget_init(&h->quit, W_BUTTON, HOME_QUIT, "Quit");
	h->quit.inline_next = true;
	form_add(&h->form, &h->wizard);
	form_add(&h->form, &h->quit);
	s->priv = h;
	return 0;
}

static void home_destroy(struct screen *s)
{
	free(s->priv);
}

static int home_row(WINDOW *w, int y, const char *label, const char *value,
		    attr_t attr)
{
	int width = getmaxx(w);

	ui_put(w, y, 2, 18, label, A_BOLD);
	return ui_wrap(w, y, 21, width - 22, 3, value, attr);
}

/* "2026-12-05 10:38" (local time) into BUF. */
static void home_time(time_t t, char *buf, size_t len)
{
	struct tm tm;

	if (!localtime_r(&t, &tm) ||
	    strftime(buf, len, "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(buf, len, "(unknown time)");
}

/* "10:38:05" (local time) into BUF. */
static void home_clock(time_t t, char *buf, size_t len)
{
	struct tm tm;

	if (!localtime_r(&t, &tm) || strftime(buf, len, "%H:%M:%S", &tm) == 0)
		snprintf(buf, len, "(unknown time)");
}

/* The plan file: where, whether it exists and when it was written. */
static int home_plan_row(WINDOW *w, int y, struct app *a)
{
	char buf[4096 + 160], when[32];
	const char *mark = !a->wizard_started ? "" : app_unsaved(a) ?
			   "; changes not saved yet" : a->wiz.saved_once ?
			   "; saved" : "";
	struct stat sb;

	if (stat(a->plan_path, &sb) == 0) {
		home_time(sb.st_mtime, when, sizeof(when));
		snprintf(buf, sizeof(buf), "%.400s (exists, written %s%s)",
			 a->plan_path, when, mark);
	} else {
		snprintf(buf, sizeof(buf), "%.400s (does not exist yet; the "
			 "review saves it%s)", a->plan_path, mark);
	}
	return home_row(w, y, "Plan file", buf, 0);
}

/* When a plan was last applied, from the state directory. */
static int home_applied_row(WINDOW *w, int y, struct app *a)
{
	char buf[4096 + 256], when[32], vm[PLAN_NAME_MAX], err[256];
	time_t t = 0;
	int r;

	if (!a->state_ok) {
		snprintf(buf, sizeof(buf), "unknown: %s", a->state_err[0] ?
			 a->state_err : "no state directory");
		return home_row(w, y, "Last applied", buf,
				term_attr(TS_WARNING));
	}
	r = state_last_applied(&a->st, &t, vm, sizeof(vm), err, sizeof(err));
	if (r < 0) {
		snprintf(buf, sizeof(buf), "unknown: %s", err);
		return home_row(w, y, "Last applied", buf,
				term_attr(TS_WARNING));
	}
	if (r == 0) {
		snprintf(buf, sizeof(buf), "never (the state directory "
			 "holds no applied plan)");
		return home_row(w, y, "Last applied", buf, 0);
	}
	home_time(t, when, sizeof(when));
	if (vm[0] && strcmp(vm, app_domain(a)) != 0)
		snprintf(buf, sizeof(buf), "%s, to VM %s (not %s)", when, vm,
			 app_domain(a));
	else if (!a->wizard_started &&
		 !(a->opts && a->opts->plan_path && a->opts->plan_path[0]))
		/* wizard_start's open_deployment: no plan file named */
		snprintf(buf, sizeof(buf), "%s (the wizard starts from that "
			 "plan)", when);
	else
		snprintf(buf, sizeof(buf), "%s", when);
	return home_row(w, y, "Last applied", buf, 0);
}

/* What waits for the VM's next start, a restart under way or its end. */
static int home_pending_rows(WINDOW *w, int y, struct app *a)
{
	struct apply_ui *au = a->apply;
	char buf[APPLY_UI_MSG_MAX * 2];

	if (!au)
		return 0;
	if (apply_ui_restarting(au))
		return home_row(w, y, "VM restart", au->restart_msg,
				term_attr(TS_WARNING));
	if (apply_ui_pending_for(au, app_domain(a))) {
		size_t n = au->pending.count;

		snprintf(buf, sizeof(buf), "%zu change%s applied to VM %s "
			 "wait%s for it to be shut down and started (a lists "
			 "them); R restarts it", n, n == 1 ? "" : "s",
			 app_domain(a), n == 1 ? "s" : "");
		return home_row(w, y, "Next VM start", buf,
				term_attr(TS_WARNING));
	}
	if (au->restart == AUI_RS_FAILED &&
	    !strcmp(au->restart_domain, app_domain(a)))
		return home_row(w, y, "VM restart", au->restart_msg,
				term_attr(TS_ERROR));
	return 0;
}

/* The console's libvirt connection is lost (app_virt_down): the URI
 * and since when, what that means, the last try to connect again. */
static int home_down_rows(WINDOW *w, int y, struct app *a, const char *uri)
{
	char buf[ERR_MAX + 256], when[32];
	int n;

	home_clock(a->virt_down_at, when, sizeof(when));
	snprintf(buf, sizeof(buf), "%.300s: UNREACHABLE since %s", uri, when);
	n = home_row(w, y, "libvirt host", buf, term_attr(TS_ERROR) | A_BOLD);
	snprintf(buf, sizeof(buf), "Lost: %.300s.  Nothing can be applied "
		 "until it is back; edgenet connects again by itself every "
		 "%u s.", a->virt_down_why, a->virt_retry_s);
	n += home_row(w, y + n, "", buf, term_attr(TS_ERROR));
	if (a->virt_retry_at) {
		home_clock(a->virt_retry_at, when, sizeof(when));
		snprintf(buf, sizeof(buf), "%s, failed: %s", when,
			 a->virt_retry_err);
		n += home_row(w, y + n, "Last try", buf, term_attr(TS_DIM));
	}
	return n;
}

static void home_enter(struct screen *s)
{
	struct app *a = s->app;

	if (a->apply && a->domain_exists == 1)
		apply_ui_pending_read(a->apply, app_domain(a));
}

static void home_draw(struct screen *s, WINDOW *w)
{
	struct home *h = s->priv;
	struct app *a = s->app;
	int y = 1, width = getmaxx(w), height = getmaxy(w);
	char buf[ERR_MAX + 128];
	enum term_style ast;
	int last_rows = 0;

	if (a->apply && a->domain_exists == 1 && !a->apply->pending_err[0] &&
	    (!a->apply->pending_known ||
	     strcmp(a->apply->pending_domain, app_domain(a)) != 0))
		apply_ui_pending_read(a->apply, app_domain(a));

	ui_put(w, y++, 1, width - 2, "This host and its edge VM",
	       term_attr(TS_TITLE));
	y++;
	snprintf(buf, sizeof(buf), "%s%s", a->uri[0] ? a->uri : "(none)",
		 a->opts && a->opts->demo ? "  (the bundled demo host)" : "");
	if (a->virt_down) {
		y += home_down_rows(w, y, a, buf);
		last_rows = 4;
	} else {
		y += home_row(w, y, "libvirt host", buf, 0);
	}

	if (a->domain_exists == 1)
		snprintf(buf, sizeof(buf), "%s: defined on this host",
			 app_domain(a));
	else if (a->domain_exists == 0)
		snprintf(buf, sizeof(buf), "%s: not defined on this host yet",
			 app_domain(a));
	else
		snprintf(buf, sizeof(buf), "%s: unknown (%s)", app_domain(a),
			 a->virt_err[0] ? a->virt_err : "no libvirt connection");
	y += home_row(w, y, "VM (domain)", buf,
		      a->domain_exists == 1 ? term_attr(TS_OK) : 0);

	if (!a->nets_ok) {
		snprintf(buf, sizeof(buf), "unknown: %s",
			 a->virt_err[0] ? a->virt_err : "no libvirt connection");
		y += home_row(w, y, "Networks", buf, term_attr(TS_WARNING));
	} else if (a->nets.count == 0) {
		y += home_row(w, y, "Networks", "none (a server host: the "
			      "wizard creates the switches)", 0);
	} else {
		/* the rows below the list, the buttons included, stay */
		int last = height - 8 - last_rows - (apply_ui_pending_for(a->apply,
					 app_domain(a)) ? 2 : 0) -
			   (apply_ui_summary(a->apply, buf, sizeof(buf),
					     &ast) ? 1 : 0);

		ui_put(w, y, 2, 18, "Networks", A_BOLD);
		for (size_t i = 0; i < a->nets.count; i++) {
			const struct host_net *n = &a->nets.items[i];
			const char *t = plan_switch_type_name(n->type);

			if (y >= last && i + 1 < a->nets.count) {
				snprintf(buf, sizeof(buf), "... and %zu more "
					 "(virsh net-list --all lists them)",
					 a->nets.count - i);
				ui_put(w, y++, 21, width - 22, buf,
				       term_attr(TS_DIM));
				break;
			}

			snprintf(buf, sizeof(buf), "%-12s %-9s %-18s %s",
				 n->name, t ? t : "(other)",
				 n->address[0] ? n->address :
				 n->bridge[0] ? n->bridge : "",
				 n->active ? "running" : "stopped");
			ui_put(w, y++, 21, width - 22, buf, 0);
		}
	}
	if (a->hnics_ok) {
		size_t idx[HOST_MAX_NICS], n = wizard_uplinks(a, idx,
							      HOST_MAX_NICS);
		size_t usable = 0;

		for (size_t i = 0; i < n; i++)
			if (host_nic_can_uplink(&a->hnics.items[idx[i]], NULL))
				usable++;
		snprintf(buf, sizeof(buf), "%zu interface%s, %zu usable as "
			 "the uplink of an external switch", a->hnics.count,
			 a->hnics.count == 1 ? "" : "s", usable);
		y += home_row(w, y, "Host NICs", buf, 0);
	} else {
		snprintf(buf, sizeof(buf), "unknown: %s",
			 a->links_err[0] ? a->links_err : "not read");
		y += home_row(w, y, "Host NICs", buf, term_attr(TS_WARNING));
	}
	y += home_plan_row(w, y, a);
	y += home_applied_row(w, y, a);
	if (apply_ui_summary(a->apply, buf, sizeof(buf), &ast))
		y += home_row(w, y, "This session", buf, term_attr(ast));
	y += home_pending_rows(w, y, a);
	y++;
	if (h->ask_restart) {
		snprintf(buf, sizeof(buf), "Restart VM %s now? It is shut "
			 "down and started again; its network is down "
			 "meanwhile.  y restart  n no", app_domain(a));
		ui_wrap(w, y, 2, width - 4, 3, buf, term_attr(TS_WARNING) |
			A_BOLD);
		s->cur_y = -1;
		return;
	}
	form_draw(&h->form, w, y, 2);
	y += 3;
	if (y < height)
		ui_wrap(w, y, 2, width - 4, 2, "Live panels: a for the VM's "
			"addresses, d for DNS status, t for route metrics "
			"(they update by themselves).", term_attr(TS_DIM));
	s->cur_y = -1;
}

static enum intent home_key(struct screen *s, int key)
{
	struct home *h = s->priv;
	struct widget *f;

	if (h->ask_restart) {
		char msg[APPLY_UI_MSG_MAX];

		if (key != 'y' && key != 'Y') {
			h->ask_restart = false;
			app_status(s->app, TS_DIM, "VM %s was not restarted.",
				   app_domain(s->app));
			return INTENT_HANDLED;
		}
		h->ask_restart = false;
		if (apply_ui_restart(s->app->apply, s->app,
				     app_domain(s->app), msg, sizeof(msg)) < 0)
			app_status(s->app, TS_ERROR, "%s", msg);
		else if (!apply_ui_restarting(s->app->apply))
			app_status(s->app, TS_OK, "%s", msg);
		else
			app_status(s->app, TS_WARNING, "%s", msg);
		return INTENT_HANDLED;
	}
	if (key == 'R') {
		if (!apply_ui_pending_for(s->app->apply, app_domain(s->app))) {
			app_status(s->app, TS_DIM, "Nothing waits for VM %s's "
				   "next start: no restart is needed.",
				   app_domain(s->app));
			return INTENT_HANDLED;
		}
		h->ask_restart = true;
		return INTENT_HANDLED;
	}
	if (key == 'w')
		return intent_goto(SCR_PROFILE);
	if (key == 't')
		return intent_goto(SCR_ROUTES);
	if (key == 'a')
		return intent_goto(SCR_VMADDR);
	if (key == 'd')
		return intent_goto(SCR_DNSPANEL);
	switch (form_key(&h->form, key)) {
	case FORM_ACTIVATED:
		f = form_focused(&h->form);
		return f && f->id == HOME_QUIT ? INTENT_QUIT :
		       intent_goto(SCR_PROFILE);
	case FORM_IGNORED:
		return INTENT_NONE;
	default:
		return INTENT_HANDLED;
	}
}

/* R is a key only while something waits for the VM's next start; while
 * the restart question is open, only its answers work. */
static void home_footer(struct screen *s, struct footer *f)
{
	struct home *h = s->priv;

	if (h->ask_restart) {
		footer_own(f, "y restart the VM  n or any other key: keep it "
			   "running");
		f->common = 0;
		f->esc = NULL;
	}
	else if (apply_ui_pending_for(s->app->apply, app_domain(s->app)))
		footer_own(f, "w wizard  a VM addresses  d DNS  t routes  "
			   "R restart VM");
}

static const char *home_help(struct screen *s)
{
	(void)s;
	return "The home screen shows what edgenet found on this host: the "
	       "libvirt connection, whether the edge VM exists, the libvirt "
	       "networks (each mapped onto a switch type: default, internal "
	       "or external) and the host's network interfaces.\n\n"
	       "Press Enter on 'Set up the VM's networking' (or w) to start "
	       "the wizard. It never changes the host: it writes a plan file "
	       "that 'edgenet check' verifies; its review can apply it.\n\n"
	       "Plan file: whether it exists and when it was written.  Last "
	       "applied: when a plan was last applied and kept (the state "
	       "directory keeps it; with no plan file named, the wizard "
	       "starts from it).  Next VM "
	       "start: changes libvirt keeps for the VM's next start (it "
	       "could not make them in the running VM); R shuts the VM down "
	       "and starts it again, after asking.";
}

const struct screen_class home_screen = {
	.id = SCR_HOME,
	.kind = SCREEN_HOME,
	.parent = SCR_HOME,
	.name = "home",
	.title = "home",
	.step = 0,
	.keys = "w wizard  a VM addresses  d DNS  t route metrics",
	.create = home_create,
	.destroy = home_destroy,
	.enter = home_enter,
	.draw = home_draw,
	.key = home_key,
	.help = home_help,
	.footer = home_footer,
};
