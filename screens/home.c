/*
 * home.c - the home screen: the deployment's state on this host (libvirt
 * URI, the VM and whether it exists, the networks found and what switch
 * type each maps to, the host NICs) and the way into the wizard.  Reads
 * struct app only.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/app.h"
#include "ui/apply_ui.h"
#include "ui/widget.h"
#include "ui/wizard.h"

enum { HOME_WIZARD = 1, HOME_QUIT };

struct home {
	struct form form;
	struct widget wizard, quit;
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

static void home_draw(struct screen *s, WINDOW *w)
{
	struct home *h = s->priv;
	struct app *a = s->app;
	int y = 1, width = getmaxx(w), height = getmaxy(w);
	char buf[APP_MSG_MAX + 128];
	enum term_style ast;

	ui_put(w, y++, 1, width - 2, "This host and its edge VM",
	       term_attr(TS_TITLE));
	y++;
	snprintf(buf, sizeof(buf), "%s%s", a->uri[0] ? a->uri : "(none)",
		 a->opts && a->opts->demo ? "  (the bundled demo host)" : "");
	y += home_row(w, y, "libvirt host", buf, 0);

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
		ui_put(w, y, 2, 18, "Networks", A_BOLD);
		for (size_t i = 0; i < a->nets.count && y < height - 6; i++) {
			const struct host_net *n = &a->nets.items[i];
			const char *t = plan_switch_type_name(n->type);

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
	if (a->wizard_started)
		snprintf(buf, sizeof(buf), "%.400s%s", a->plan_path,
			 app_unsaved(a) ? " (changes not saved yet)" :
			 a->wiz.saved_once ? " (saved)" : "");
	else
		snprintf(buf, sizeof(buf), "%.400s (the wizard writes it)",
			 a->plan_path);
	y += home_row(w, y, "Plan file", buf, 0);
	if (apply_ui_summary(a->apply, buf, sizeof(buf), &ast))
		y += home_row(w, y, "Last apply", buf, term_attr(ast));
	y++;
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

	if (key == 'w')
		return INTENT_WIZARD;
	if (key == 't')
		return INTENT_ROUTES;
	if (key == 'a')
		return INTENT_VMADDR;
	if (key == 'd')
		return INTENT_DNS;
	switch (form_key(&h->form, key)) {
	case FORM_ACTIVATED:
		f = form_focused(&h->form);
		return f && f->id == HOME_QUIT ? INTENT_QUIT : INTENT_WIZARD;
	case FORM_IGNORED:
		return INTENT_NONE;
	default:
		return INTENT_HANDLED;
	}
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
	       "that 'edgenet check' verifies.";
}

const struct screen_class home_screen = {
	.name = "home",
	.title = "home",
	.step = 0,
	.keys = "w wizard  a VM addresses  d DNS  t route metrics",
	.create = home_create,
	.destroy = home_destroy,
	.draw = home_draw,
	.key = home_key,
	.help = home_help,
};
