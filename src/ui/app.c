/*
 * app.c - the model and the screen manager (see app.h): dispatches keys
 * to the current screen, acts on the intents it returns, draws the frame
 * (header; the message area, which wraps up to APP_MSG_LINES lines and
 * shows a longer message whole on F2 or ^O -- or, when the message fits,
 * a note or intro the screen had to cut (ui_cut_text); the footer, built
 * from the keys the current screen says work now), asks before quitting
 * with unsaved changes, and stands in the too-small message while the
 * terminal is below 80x24 (the screens keep their state meanwhile).
 * F5 or ^P opens the diagnostics (screens/diag.c, ui/diag_ui.h) from
 * any screen, on the NIC the screen has in focus; Esc there goes back to
 * that screen as it was.
 * Reads the host only through the ops in struct app; no terminal set-up
 * here (run.c).
 */
#include "config.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/hostcheck.h"
#include "core/validate.h"
#include "tui/widget.h"
#include "ui/app.h"
#include "ui/apply_ui.h"
#include "ui/diag_ui.h"
#include "ui/wizard.h"

#define KEY_CTRL(c) ((c) & 0x1f)
#define KEY_ESC 27
#define APP_MSG_LINES 3		/* the message area's most lines */
#define APP_MSG_KEY KEY_F(2)	/* shows the message whole (and ^O) */
#define APP_DIAG_KEY KEY_F(5)	/* the diagnostics (and ^P) */

static const char app_quit_question[] =
	"Quit without saving? The plan has unsaved changes.  y = quit, "
	"n = stay";

/* The screens; each class says its id, kind and parent. */
static const struct screen_class *const app_classes[] = {
	&home_screen,
	&wizard_profile_screen,
	&wizard_switch_screen,
	&wizard_ip_screen,
	&wizard_dns_screen,
	&wizard_nics_screen,
	&wizard_review_screen,
	&apply_progress_screen,
	&help_screen,
	&panel_routes_screen,
	&panel_vmaddr_screen,
	&panel_dns_screen,
	&diag_screen,
};

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
		 WIZARD_DEFAULT_PLAN);
	if (opts && opts->uri)
		snprintf(a->uri, sizeof(a->uri), "%s", opts->uri);
	for (size_t i = 0; i < sizeof(app_classes) / sizeof(app_classes[0]);
	     i++) {
		const struct screen_class *cls = app_classes[i];
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
	a->diag = diag_ui_new(NULL, NULL, NULL, NULL);	/* run.c: the runner */
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
	diag_ui_free(a->diag);
	a->diag = NULL;
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

void app_virt_down(struct app *a, const char *why, unsigned retry_s,
		   time_t now)
{
	a->virt_down = true;
	ui_copy(a->virt_down_why, sizeof(a->virt_down_why),
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
	snprintf(a->virt_err, sizeof(a->virt_err), "libvirt is "
		 "unreachable");
	if (a->apply) {
		a->apply->pending_known = false;
		a->apply->pending.count = 0;
	}
}

void app_virt_retry(struct app *a, const char *err, unsigned retry_s,
		    time_t now)
{
	ui_copy(a->virt_retry_err, sizeof(a->virt_retry_err), err ? err : "");
	a->virt_retry_at = now;
	a->virt_retry_s = retry_s;
}

void app_virt_back(struct app *a)
{
	a->virt_down = false;
	a->virt_down_why[0] = a->virt_retry_err[0] = a->virt_err[0] = '\0';
	a->doms_ok = false;
	a->doms_tried = false;
	if (a->apply) {
		a->apply->pending_known = false;
		a->apply->pending_err[0] = '\0';
	}
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
	char err[APP_MSG_MAX];

	if (!a->virt.domain_exists)
		return;
	a->domain_exists = a->virt.domain_exists(a->virt.ctx, app_domain(a),
						 err, sizeof(err));
	if (a->domain_exists < 0)
		ui_copy(a->virt_err, sizeof(a->virt_err), err);
}

int app_open_deployment(struct app *a, struct plan *out, char *err,
			size_t errlen)
{
	struct plan *p;
	int rc;

	if (!a->readback.read) {
		snprintf(err, errlen, "the deployment cannot be read back "
			 "without a libvirt connection");
		return -1;
	}
	p = malloc(sizeof(*p));
	if (!p) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	diag_list_clear(&a->notes);
	rc = a->readback.read(a->readback.ctx, app_domain(a),
			      a->hnics_ok ? &a->hnics : NULL, p, &a->notes,
			      err, errlen);
	if (rc == 0) {
		*out = *p;
		a->opened = true;
		ui_copy(a->opened_domain, sizeof(a->opened_domain),
			app_domain(a));
	} else {
		diag_list_clear(&a->notes);
	}
	free(p);
	return rc;
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

/* Does the NIC list describe the libvirt host?  The simulated host's own
 * (test driver), or this machine's (netlink) for a URI without a host
 * name; for a remote host (qemu+ssh://host/system) netlink shows this
 * machine, not that host, so its addresses are not checked against. */
static bool links_are_the_hosts(const struct app *a)
{
	return host_uri_is_local(a->uri) ||
	       strncasecmp(a->uri, "test:", 5) == 0 ||
	       strncasecmp(a->uri, "test+", 5) == 0;
}

void app_validate(struct app *a)
{
	struct host_facts hf = { NULL, NULL, NULL };
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
	hf.nics = a->hnics_ok && links_are_the_hosts(a) ? &a->hnics : NULL;
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
	/* the wizard starts, or is opened again from home (wizard.h) */
	if (a->screens[id].cls->kind == SCREEN_WIZARD &&
	    (!a->wizard_started ||
	     a->screens[a->cur].cls->kind == SCREEN_HOME))
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
		a->cur = s->from;	/* F1 again closes the help */
		return;
	}
	snprintf(a->help_text, sizeof(a->help_text), "%s",
		 t ? t : "No help for this screen.");
	a->screens[SCR_HELP].from = a->cur;
	a->cur = SCR_HELP;
	if (a->screens[SCR_HELP].cls->enter)
		a->screens[SCR_HELP].cls->enter(&a->screens[SCR_HELP]);
}

/* Esc: where the current screen's kind and parent say. */
static void app_back(struct app *a)
{
	struct screen *s = app_screen(a);

	switch (s->cls->kind) {
	case SCREEN_HOME:
		break;
	case SCREEN_OVERLAY:
		if (s->cls->on_leave)
			s->cls->on_leave(s);	/* its probes stop */
		a->cur = s->from;		/* as it was: no enter */
		break;
	case SCREEN_PANEL:
		app_goto(a, s->cls->parent);
		break;
	case SCREEN_WIZARD:
		app_goto(a, wizard_back(a, a->cur));
		break;
	}
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
		app_back(a);
		break;
	case INTENT_QUIT:
		app_quit_request(a);
		break;
	case INTENT_HELP:
		app_help(a);
		break;
	default:
		app_goto(a, intent_target(in));	/* INTENT_GOTO + an id */
		break;
	}
}

static void app_footer_data(struct app *a, struct screen *s,
			    struct footer *f);

/* Does the diagnostics key work on the current screen?  Not while an
 * apply runs, counts down or rolls back: its progress stays in view. */
static bool app_diag_allowed(const struct app *a)
{
	return a->diag && !(a->cur == SCR_APPLY && a->apply &&
			    apply_ui_busy(a->apply));
}

/* F5 or ^P: the diagnostics of the NIC in focus (again, on their own
 * screen). */
static void app_diag(struct app *a)
{
	struct screen *s = app_screen(a);
	struct footer f;
	bool wizard;
	int nic;

	if (a->cur == SCR_DIAG) {
		diag_ui_rerun(a->diag, a);
		return;
	}
	if (!app_diag_allowed(a)) {
		app_status(a, TS_WARNING, "The diagnostics open once this apply "
			   "is kept or rolled back.");
		return;
	}
	app_footer_data(a, s, &f);
	if (!(f.common & FOOTER_DIAG)) {
		/* a question on the screen takes the keys first */
		app_status(a, TS_WARNING, "Answer the question first; then F5 "
			   "opens the diagnostics.");
		return;
	}
	wizard = a->wizard_started && (s->cls->step > 0 || a->cur == SCR_APPLY
				       || (a->cur == SCR_HELP &&
					   a->screens[s->from].cls->step
					   > 0));
	nic = s->cls->focus_nic ? s->cls->focus_nic(s) : -1;
	a->screens[SCR_DIAG].from = a->cur;
	a->cur = SCR_DIAG;
	diag_ui_open(a->diag, a, wizard, nic);
	if (a->screens[SCR_DIAG].cls->enter)
		a->screens[SCR_DIAG].cls->enter(&a->screens[SCR_DIAG]);
}

/* The message shown whole: scroll, close; anything else closes it and
 * goes on to the screen (returns false). */
static bool app_msg_key(struct app *a, int key)
{
	switch (key) {
	case KEY_UP:
		a->msg_top--;
		break;
	case KEY_DOWN:
		a->msg_top++;
		break;
	case KEY_PPAGE:
		a->msg_top -= 10;
		break;
	case KEY_NPAGE:
	case ' ':
		a->msg_top += 10;
		break;
	case KEY_HOME:
		a->msg_top = 0;
		break;
	case KEY_ESC:
	case '\n':
	case '\r':
	case KEY_ENTER:
	case 'q':
	case APP_MSG_KEY:
	case KEY_CTRL('o'):
		a->msg_open = false;
		break;
	default:
		return false;	/* F10, F1...: the manager's as ever */
	}
	if (a->msg_top < 0)
		a->msg_top = 0;
	return true;
}

/* Lines MSG takes wrapped to WIDTH (0 for none). */
static int app_msg_lines(const char *msg, int width)
{
	return msg[0] ? ui_wrap(NULL, 0, 0, width, 1000, msg, 0) : 0;
}

static bool app_too_small(void)
{
	return COLS < UI_MIN_COLS || LINES < UI_MIN_LINES;
}

static void app_key_screen(struct app *a, int key)
{
	struct screen *s = app_screen(a);
	bool typing;
	enum intent in;

	if (key == KEY_RESIZE || key == ERR)
		return;
	if (a->msg_open && !a->asking_quit && app_msg_key(a, key))
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
	if (key == APP_DIAG_KEY || key == KEY_CTRL('p')) {
		a->status[0] = '\0';
		app_diag(a);
		return;
	}
	if (key == APP_MSG_KEY || key == KEY_CTRL('o')) {
		/* the message when it is longer than its area, else a note
		 * the screen had to cut, else the message */
		bool long_msg = app_msg_lines(a->status, COLS - 2) >
				APP_MSG_LINES;

		a->msg_is_cut = !long_msg && a->cut_text[0];
		if (a->msg_is_cut || a->status[0]) {
			a->msg_open = true;
			a->msg_top = 0;
			return;
		}
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

void app_key(struct app *a, int key)
{
	enum screen_id prev = a->cur;
	struct screen *s;

	app_key_screen(a, key);
	/* the screen now current asks for its data (a panel just opened
	 * reads the VM as it is now) */
	s = app_screen(a);
	if (s->cls->on_data)
		s->cls->on_data(s, a->cur != prev);
}

void app_signal(struct app *a, int signo)
{
	if (signo == SIGINT) {
		if (a->asking_quit) {
			a->done = true;		/* a second one: not saved */
			a->exit_code = 1;
		} else
			app_quit_request(a);
		return;
	}
	a->done = true;
	a->exit_code = 1;
}

void footer_own(struct footer *f, const char *keys)
{
	snprintf(f->own, sizeof(f->own), "%s", keys ? keys : "");
}

/* Leaves out of F's own keys every one that starts with KEY ("Space ");
 * the keys are separated by two blanks. */
static void footer_drop(struct footer *f, const char *key)
{
	char out[FOOTER_OWN_MAX];
	const char *p = f->own;
	size_t used = 0, klen = strlen(key);

	out[0] = '\0';
	while (*p) {
		const char *end = strstr(p, "  ");
		size_t n = end ? (size_t)(end - p) : strlen(p);

		if (n > 0 && strncmp(p, key, klen) != 0 &&
		    used + n + 3 < sizeof(out)) {
			if (used) {
				memcpy(out + used, "  ", 2);
				used += 2;
			}
			memcpy(out + used, p, n);
			used += n;
			out[used] = '\0';
		}
		p += n;
		while (*p == ' ')
			p++;
	}
	ui_copy(f->own, sizeof(f->own), out);
}

/* Does Esc take the manager's meaning on screen ID, and which? */
static const char *app_esc(const struct app *a, enum screen_id id,
			   bool typing)
{
	switch (a->screens[id].cls->kind) {
	case SCREEN_HOME:
		return NULL;		/* INTENT_BACK does nothing there */
	case SCREEN_OVERLAY:
		return "back";		/* to the screen it came from */
	case SCREEN_PANEL:
		/* a panel that takes typed input takes Esc to cancel it */
		return typing ? "cancel" : "home";
	case SCREEN_WIZARD:
		break;
	}
	return wizard_back_word(a, id);	/* the wizard's steps, the apply */
}

/* The footer of screen S as the manager knows it, then as S corrects
 * it. */
static void app_footer_data(struct app *a, struct screen *s,
			    struct footer *f)
{
	bool typing = s->cls->typing && s->cls->typing(s);

	memset(f, 0, sizeof(*f));
	footer_own(f, s->cls->keys);
	if (s->cls->kind == SCREEN_HOME || s->cls->step > 0)
		f->common = FOOTER_FIELDS | FOOTER_ENTER;
	else
		f->common = FOOTER_SCROLL;
	if (s->cls->help)
		f->common |= FOOTER_HELP;
	if (!typing && a->cur != SCR_HELP)
		f->common |= FOOTER_QUIT_Q;
	if (a->cur != SCR_DIAG && app_diag_allowed(a))
		f->common |= FOOTER_DIAG;
	f->esc = app_esc(a, a->cur, typing);
	f->arrows = "scroll";
	f->quit = "quit";
	if (s->cls->footer)
		s->cls->footer(s, f);
	if (typing)
		footer_drop(f, "Space ");	/* Space types a space */
}


struct app_fkey {
	char key[24];
	const char *what;
};

static int app_fkey_add(struct app_fkey *k, int n, const char *key,
			const char *what)
{
	snprintf(k[n].key, sizeof(k[n].key), "%s", key);
	k[n].what = what;
	return n + 1;
}

/* The common keys on row Y; a key that does not fit whole is left out,
 * never cut. */
static void app_footer_keys(WINDOW *w, int y, int cols,
			    const struct app_fkey *k, int n)
{
	int x = 1;

	for (int i = 0; i < n; i++) {
		int kw = ui_width(k[i].key), dw = ui_width(k[i].what);

		if (x + kw + 1 + dw > cols - 1)
			continue;
		ui_put(w, y, x, kw, k[i].key, term_attr(TS_KEY));
		x += kw + 1;
		ui_put(w, y, x, dw, k[i].what, 0);
		x += dw + 2;
	}
}

/* The footer's two rows: the screen's own keys in the line at Y - 1
 * (after F2's, MSG_KEY, when a message or a note is longer than its
 * room), the common ones at Y. */
static void app_footer(struct app *a, WINDOW *w, int y, int cols,
		       const char *msg_key)
{
	struct screen *s = app_screen(a);
	struct footer f;
	struct app_fkey k[12];
	char own[FOOTER_OWN_MAX + 32], arrows[16];
	int n = 0;

	term_hline(w, y - 1, 0, cols);
	snprintf(arrows, sizeof(arrows), "%s", term_glyph(TG_ARROWS));
	if (a->asking_quit) {
		n = app_fkey_add(k, n, "y", "quit without saving");
		n = app_fkey_add(k, n, "n Esc", "stay");
		app_footer_keys(w, y, cols, k, n);
		return;
	}
	if (a->msg_open) {
		n = app_fkey_add(k, n, arrows, "scroll");
		n = app_fkey_add(k, n, "PgUp/PgDn", "page");
		n = app_fkey_add(k, n, "Esc Enter F2", a->msg_is_cut ?
				 "close the note" : "close the message");
		n = app_fkey_add(k, n, "F10 ^X", "quit");
		app_footer_keys(w, y, cols, k, n);
		return;
	}
	app_footer_data(a, s, &f);
	snprintf(own, sizeof(own), "%s%s%s", msg_key ? msg_key : "",
		 msg_key && f.own[0] ? "  " : "", f.own);
	if (own[0]) {
		int ow = ui_width(own);

		if (ow > cols - 6)
			ow = cols - 6;
		ui_put(w, y - 1, 2, 1, " ", 0);
		ui_put(w, y - 1, 3, cols - 6, own, 0);
		ui_put(w, y - 1, 3 + ow, 1, " ", 0);
	}
	if (f.common & FOOTER_FIELDS) {
		char mv[24];

		/* one key for both (S-Tab too): room for F5 */
		snprintf(mv, sizeof(mv), "Tab %s", arrows);
		n = app_fkey_add(k, n, mv, "move");
	}
	if (f.common & FOOTER_SCROLL)
		n = app_fkey_add(k, n, arrows, f.arrows ? f.arrows : "scroll");
	if (f.common & FOOTER_ENTER)
		n = app_fkey_add(k, n, "Enter", "select");
	if (f.esc && !strstr(f.own, "Esc"))	/* the screen names it */
		n = app_fkey_add(k, n, "Esc", f.esc);
	if (f.common & FOOTER_HELP)
		n = app_fkey_add(k, n, (s->cls->typing && s->cls->typing(s))
				 || (f.common & FOOTER_HELP_F1) ? "F1" :
				 "F1 ?", "help");
	if (f.common & FOOTER_DIAG)
		n = app_fkey_add(k, n, "F5 ^P", "diag");
	if (f.quit)
		n = app_fkey_add(k, n, f.common & FOOTER_QUIT_Q ? "F10 ^X q" :
				 "F10 ^X", f.quit);
	app_footer_keys(w, y, cols, k, n);
}

/* The current message whole, in the body's place. */
static void app_msg_draw(struct app *a, WINDOW *w)
{
	int width = getmaxx(w) - 4, height = getmaxy(w) - 3;
	const char *text = a->msg_is_cut ? a->cut_text : a->status;
	int total = app_msg_lines(text, width);
	const char *rest;

	if (a->msg_top > total - height)
		a->msg_top = total - height;
	if (a->msg_top < 0)
		a->msg_top = 0;
	ui_put(w, 1, 1, getmaxx(w) - 2, a->msg_is_cut ? "The whole note" :
	       "The whole message", term_attr(TS_TITLE));
	rest = ui_wrap_rest(text, width, a->msg_top);
	ui_wrap(w, 3, 2, width, height, rest, a->msg_is_cut ? 0 :
		term_attr(a->status_style));
	if (a->msg_top > 0)
		ui_put(w, 2, getmaxx(w) - 9, 8, "(more ^)", term_attr(TS_DIM));
	if (total - a->msg_top > height)
		ui_put(w, getmaxy(w) - 1, getmaxx(w) - 9, 8, "(more v)",
		       term_attr(TS_DIM));
}

void app_draw(struct app *a, WINDOW *root, int *cy, int *cx)
{
	struct screen *s = app_screen(a);
	int lines = getmaxy(root), cols = getmaxx(root);
	WINDOW *body;
	char buf[APP_MSG_MAX];
	const char *msg;
	attr_t mattr;
	int need, mlines;

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
		/* the room the title leaves; a longer URI ends in an
		 * ellipsis (home shows it whole) */
		int tw = ui_width(buf), n = ui_width(a->uri);

		if (tw > cols / 2)
			tw = cols / 2;
		if (n > cols - tw - 3)
			n = cols - tw - 3;
		ui_put(root, 0, cols - n - 1, n, a->uri, term_attr(TS_HEADER));
	}
	/* the message area: one line, or as many as the message needs up
	 * to APP_MSG_LINES; the body gives them up */
	msg = a->asking_quit ? app_quit_question : a->status;
	mattr = a->asking_quit ? term_attr(TS_WARNING) | A_REVERSE :
				 term_attr(a->status_style);
	need = app_msg_lines(msg, cols - 2);
	if (a->msg_open && !(a->msg_is_cut ? a->cut_text : a->status)[0])
		a->msg_open = false;
	mlines = a->msg_open ? 1 : need < 1 ? 1 :
		 need > APP_MSG_LINES ? APP_MSG_LINES : need;
	/* body */
	body = derwin(root, lines - 3 - mlines, cols, 1, 0);
	if (body) {
		s->cur_y = -1;
		if (a->msg_open) {
			app_msg_draw(a, body);
		} else if (s->cls->draw) {
			/* what the screen has to cut, F2 shows whole */
			ui_cut_reset();
			s->cls->draw(s, body);
			ui_copy(a->cut_text, sizeof(a->cut_text),
				ui_cut_text());
		}
		if (s->cur_y >= 0 && !a->asking_quit && !a->msg_open) {
			*cy = s->cur_y + 1;
			*cx = s->cur_x;
		}
		delwin(body);
	}
	if (a->msg_open)
		ui_put(root, lines - 3, 1, cols - 2, "Shown whole above.",
		       term_attr(TS_DIM));
	else if (msg[0])
		ui_wrap(root, lines - 2 - mlines, 1, cols - 2, mlines, msg,
			mattr);
	app_footer(a, root, lines - 1, cols, a->msg_open ? NULL :
		   need > APP_MSG_LINES ? "F2 message" :
		   a->cut_text[0] ? "F2 note" : NULL);
}
