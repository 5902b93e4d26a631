/*
 * app.c - the model and the screen manager (see app.h): dispatches keys
 * to the current screen, acts on the intents it returns, draws the frame
 * (header, status line, footer), asks before quitting with unsaved
 * changes, and stands in the too-small message while the terminal is
 * below 80x24 (the screens keep their state meanwhile).  Reads the host
 * only through the ops in struct app; no terminal set-up here (run.c).
 */
#include "config.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hostcheck.h"
#include "core/validate.h"
#include "ui/app.h"
#include "ui/widget.h"
#include "ui/wizard.h"

#define KEY_CTRL(c) ((c) & 0x1f)
#define KEY_ESC 27

static const struct screen_class *const app_classes[SCR_COUNT] = {
	[SCR_HOME] = &home_screen,
	[SCR_PROFILE] = &wizard_profile_screen,
	[SCR_SWITCH] = &wizard_switch_screen,
	[SCR_IP] = &wizard_ip_screen,
	[SCR_DNS] = &wizard_dns_screen,
	[SCR_NICS] = &wizard_nics_screen,
	[SCR_REVIEW] = &wizard_review_screen,
	[SCR_APPLY] = &apply_progress_screen,
	[SCR_HELP] = &help_screen,
	[SCR_ROUTES] = &panel_routes_screen,
	[SCR_VMADDR] = &panel_vmaddr_screen,
	[SCR_DNSPANEL] = &panel_dns_screen,
};

int app_init(struct app *a, const struct ui_options *opts)
{
	memset(a, 0, sizeof(*a));
	a->opts = opts;
	a->pol = opts ? opts->policy : NULL;
	a->domain_exists = -1;
	diag_list_init(&a->diags);
	plan_init(&a->work);
	plan_init(&a->saved);
	snprintf(a->plan_path, sizeof(a->plan_path), "%s",
		 opts && opts->plan_path ? opts->plan_path :
		 WIZARD_DEFAULT_PLAN);
	if (opts && opts->uri)
		snprintf(a->uri, sizeof(a->uri), "%s", opts->uri);
	for (int i = 0; i < SCR_COUNT; i++) {
		struct screen *s = &a->screens[i];

		s->cls = app_classes[i];
		s->app = a;
		s->cur_y = -1;
		if (s->cls->create && s->cls->create(s) < 0)
			return -1;
	}
	a->cur = SCR_HOME;
	return 0;
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
}

void app_refresh_host(struct app *a)
{
	char err[APP_MSG_MAX];

	err[0] = '\0';
	if (a->virt.uri)
		snprintf(a->uri, sizeof(a->uri), "%s", a->virt.uri(a->virt.ctx));
	if (a->virt.list_networks) {
		a->nets_ok = a->virt.list_networks(a->virt.ctx, &a->nets, err,
						   sizeof(err)) == 0;
		if (!a->nets_ok)
			snprintf(a->virt_err, sizeof(a->virt_err), "%s", err);
	}
	if (a->virt.domain_exists) {
		a->domain_exists = a->virt.domain_exists(a->virt.ctx,
							 app_domain(a), err,
							 sizeof(err));
		if (a->domain_exists < 0)
			snprintf(a->virt_err, sizeof(a->virt_err), "%s", err);
	}
	if (a->links.list_nics) {
		a->hnics_ok = a->links.list_nics(a->links.ctx, &a->hnics, err,
						 sizeof(err)) == 0;
		if (!a->hnics_ok)
			snprintf(a->links_err, sizeof(a->links_err), "%s", err);
	}
}

void app_check_domain(struct app *a)
{
	char err[APP_MSG_MAX];

	if (!a->virt.domain_exists)
		return;
	a->domain_exists = a->virt.domain_exists(a->virt.ctx, app_domain(a),
						 err, sizeof(err));
	if (a->domain_exists < 0)
		ui_copy(a->virt_err, sizeof(a->virt_err), err);
}

void app_open_state(struct app *a)
{
	char err[APP_MSG_MAX - 64];

	a->state_ok = state_open(&a->st, a->opts ? a->opts->state_dir : NULL,
				 err, sizeof(err)) == 0;
	if (!a->state_ok)
		snprintf(a->state_err, sizeof(a->state_err),
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
	struct host_facts hf = { NULL, NULL };
	struct diag_list h;
	char err[APP_MSG_MAX];
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
		ui_copy(a->doms_for, sizeof(a->doms_for), a->work.domain);
	}
	hf.nets = a->nets_ok ? &a->nets : NULL;
	hf.domains = a->doms_ok ? &a->doms : NULL;
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

void app_goto(struct app *a, enum screen_id id)
{
	struct screen *s;

	if (id >= SCR_COUNT)
		return;
	if (id != SCR_HOME && id != SCR_HELP && id != SCR_ROUTES &&
	    id != SCR_VMADDR && id != SCR_DNSPANEL && !a->wizard_started)
		wizard_start(a);
	a->cur = id;
	s = &a->screens[id];
	app_validate(a);
	if (s->cls->enter)
		s->cls->enter(s);
}

static void app_quit_request(struct app *a)
{
	if (app_unsaved(a))
		a->asking_quit = true;
	else
		a->done = true;
}

static void app_help(struct app *a)
{
	struct screen *s = app_screen(a);
	const char *t = s->cls->help ? s->cls->help(s) : NULL;

	if (a->cur == SCR_HELP) {
		a->cur = a->help_from;	/* F1 again closes the help */
		return;
	}
	snprintf(a->help_text, sizeof(a->help_text), "%s",
		 t ? t : "No help for this screen.");
	a->help_from = a->cur;
	a->cur = SCR_HELP;
	if (a->screens[SCR_HELP].cls->enter)
		a->screens[SCR_HELP].cls->enter(&a->screens[SCR_HELP]);
}

static void app_intent(struct app *a, enum intent in)
{
	switch (in) {
	case INTENT_NONE:
	case INTENT_HANDLED:
		break;
	case INTENT_NEXT:
		app_goto(a, wizard_next(a, a->cur));
		break;
	case INTENT_BACK:
		if (a->cur == SCR_HELP)
			a->cur = a->help_from;	/* as it was: no enter */
		else if (a->cur == SCR_ROUTES || a->cur == SCR_VMADDR ||
			 a->cur == SCR_DNSPANEL)
			app_goto(a, SCR_HOME);
		else if (a->cur != SCR_HOME)
			app_goto(a, wizard_back(a, a->cur));
		break;
	case INTENT_QUIT:
		app_quit_request(a);
		break;
	case INTENT_HELP:
		app_help(a);
		break;
	case INTENT_WIZARD:
		app_goto(a, SCR_PROFILE);
		break;
	case INTENT_NIC_PASS:
		a->wiz.nic_pass = true;
		app_goto(a, SCR_SWITCH);
		break;
	case INTENT_REVIEW:
		app_goto(a, wizard_next(a, SCR_NICS));
		break;
	case INTENT_ROUTES:
		app_goto(a, SCR_ROUTES);
		break;
	case INTENT_VMADDR:
		app_goto(a, SCR_VMADDR);
		break;
	case INTENT_DNS:
		app_goto(a, SCR_DNSPANEL);
		break;
	}
}

static bool app_too_small(void)
{
	return COLS < UI_MIN_COLS || LINES < UI_MIN_LINES;
}

void app_key(struct app *a, int key)
{
	struct screen *s = app_screen(a);
	bool typing;
	enum intent in;

	if (key == KEY_RESIZE || key == ERR)
		return;
	if (a->asking_quit) {
		if (key == 'y' || key == 'Y')
			a->done = true;
		else if (key == 'n' || key == 'N' || key == KEY_ESC)
			a->asking_quit = false;
		return;
	}
	if (key == KEY_F(10) || key == KEY_CTRL('x')) {
		app_quit_request(a);
		return;
	}
	if (app_too_small()) {
		if (key == 'q')
			app_quit_request(a);
		return;		/* input kept: nothing reaches the screens */
	}
	if (key == KEY_F(1) || key == KEY_CTRL('g')) {
		app_help(a);
		return;
	}
	a->status[0] = '\0';
	typing = s->cls->typing && s->cls->typing(s);
	in = s->cls->key ? s->cls->key(s, key) : INTENT_NONE;
	if (in == INTENT_NONE) {
		if (key == KEY_ESC)
			in = INTENT_BACK;
		else if (key == 'q' && !typing)
			in = INTENT_QUIT;
		else if (key == '?' && !typing)
			in = INTENT_HELP;
	}
	app_intent(a, in);
}

void app_signal(struct app *a, int signo)
{
	if (signo == SIGINT) {
		if (a->asking_quit)
			a->done = true;
		else
			app_quit_request(a);
		return;
	}
	a->done = true;
	a->exit_code = 1;
}

static void app_footer(struct app *a, WINDOW *w, int y, int cols)
{
	static const char *const keys[][2] = {
		{ "Tab/S-Tab", "move" }, { NULL, NULL }, { "Enter", "select" },
		{ "Esc", "back" }, { "F1 ^G ?", "help" },
		{ "F10 ^X q", "quit" },
	};
	int x = 1;

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *k = keys[i][0], *d = keys[i][1];

		if (!k) {	/* the arrows, whose glyph follows the locale */
			k = term_glyph(TG_ARROWS);
			d = "move";
		}
		ui_put(w, y, x, cols - x, k, term_attr(TS_KEY));
		x += (int)strlen(k) - (term_utf8() && !keys[i][0] ? 4 : 0) + 1;
		ui_put(w, y, x, cols - x, d, 0);
		x += (int)strlen(d) + 2;
	}
	(void)a;
}

void app_draw(struct app *a, WINDOW *root, int *cy, int *cx)
{
	struct screen *s = app_screen(a);
	int lines = getmaxy(root), cols = getmaxx(root);
	WINDOW *body;
	char buf[APP_MSG_MAX];

	*cy = -1;
	*cx = 0;
	werase(root);
	if (cols < UI_MIN_COLS || lines < UI_MIN_LINES) {
		too_small_draw(root, cols, lines);
		if (a->asking_quit)
			ui_put(root, lines - 1, 0, cols,
			       "Quit without saving? y = quit, n = stay",
			       term_attr(TS_WARNING));
		return;
	}
	/* header */
	wattron(root, term_attr(TS_HEADER));
	mvwhline(root, 0, 0, ' ', cols);
	wattroff(root, term_attr(TS_HEADER));
	snprintf(buf, sizeof(buf), " edgenet - %s", s->cls->title);
	ui_put(root, 0, 0, cols / 2, buf, term_attr(TS_HEADER));
	if (a->uri[0]) {
		int n = (int)strlen(a->uri);

		if (n > cols / 2 - 2)
			n = cols / 2 - 2;
		ui_put(root, 0, cols - n - 1, n, a->uri, term_attr(TS_HEADER));
	}
	/* body */
	body = derwin(root, lines - 4, cols, 1, 0);
	if (body) {
		s->cur_y = -1;
		if (s->cls->draw)
			s->cls->draw(s, body);
		if (s->cur_y >= 0 && !a->asking_quit) {
			*cy = s->cur_y + 1;
			*cx = s->cur_x;
		}
		delwin(body);
	}
	/* status line and footer */
	if (a->asking_quit)
		ui_put(root, lines - 3, 1, cols - 2,
		       "Quit without saving? The plan has unsaved changes.  "
		       "y = quit, n = stay", term_attr(TS_WARNING) | A_REVERSE);
	else if (a->status[0])
		ui_put(root, lines - 3, 1, cols - 2, a->status,
		       term_attr(a->status_style));
	term_hline(root, lines - 2, 0, cols);
	if (s->cls->keys) {
		int n = (int)strlen(s->cls->keys);

		ui_put(root, lines - 2, 2, 1, " ", 0);
		ui_put(root, lines - 2, 3, cols - 4, s->cls->keys, 0);
		ui_put(root, lines - 2, 3 + n, 1, " ", 0);
	}
	app_footer(a, root, lines - 1, cols);
}
