/*
 * app.h - the console's model and its screen manager.
 *
 * struct app holds everything the screens read: the options, the policy,
 * what the backends said about the host (plain data from core/host.h, or
 * the reason it is missing), the plan being edited (a working copy, the
 * last saved copy, and the diagnostics plan_validate gives on the working
 * copy), the state directory and the wizard's position.  The manager
 * (app_key, app_draw) hands keys to the current screen and acts on the
 * intent it returns; it also owns the frame (header, message area,
 * footer), the quit question and the size guard.
 *
 * This file and app.c use no backend: run.c opens the backends and the
 * terminal, so that tests can build an app from fixed data.
 *
 * The manager is split by concern: app.c (the model: the host read
 * through the ops, libvirt lost and back, the plan's checks), app_keys.c
 * (keys, intents, moving between screens, F5, signals) and app_frame.c
 * (the frame: header, message area, footer), sharing app_priv.h.
 *
 * Direction: the console's other files include this header; this header
 * and app*.c include none of theirs (ui/wizard.h, ui/apply_ui.h,
 * ui/diag_ui.h).  The manager reaches the wizard's flow, the apply and
 * the diagnostics through the hooks below, which registry.c (the screens
 * registered as data) fills in at app_init.
 */
#ifndef EDGENET_UI_APP_H
#define EDGENET_UI_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include <curses.h>

#include "core/diag.h"
#include "core/err.h"
#include "core/host.h"
#include "core/plan.h"
#include "core/policy.h"
#include "core/state.h"
#include "tui/term.h"
#include "ui/screen.h"
#include "ui/ui.h"

/* A status line, a load note, a screen text: what the technician reads,
 * not an error passed to a caller (those are ERR_MAX, core/err.h). */
#define APP_MSG_MAX 512
/* Where the wizard saves the plan when --plan names none. */
#define APP_DEFAULT_PLAN "./edge-plan.cfg"

struct apply_ui;
struct diag_ui;
struct dnsview_panel;
struct live;

/* How the host's deployment of a VM is read back (the host side of the
 * model, beside the ops of core/host.h). */
struct app_readback {
	/* Reads DOMAIN's deployment back into OUT (backend/readback.h),
	 * LINKS: the host's NICs or NULL; remarks go to NOTES.  0, or -1
	 * with a message in ERR. */
	int (*read)(void *ctx, const char *domain,
		    const struct host_nic_list *links, struct plan *out,
		    struct diag_list *notes, char *err, size_t errlen);
	void *ctx;
};

/* The wizard's flow, as the manager reaches it (registry.c: wizard.h's
 * wizard_start, wizard_next, wizard_back, wizard_back_word). */
struct app_flow {
	/* a SCREEN_WIZARD screen is opened from home, or the first time */
	void (*start)(struct app *a);
	/* where INTENT_NEXT and Esc lead from step FROM */
	enum screen_id (*next)(struct app *a, enum screen_id from);
	enum screen_id (*back)(struct app *a, enum screen_id from);
	/* what Esc does on step FROM, in the footer's words */
	const char *(*back_word)(const struct app *a, enum screen_id from);
};

/* What the apply (ui/apply_ui.h) wants to hear from the manager
 * (registry.c). */
struct app_apply_hooks {
	/* the console's libvirt connection went away (BACK false) or came
	 * back (BACK true): what the apply read of the host is stale */
	void (*virt_changed)(struct app *a, bool back);
	/* an apply runs, counts down or rolls back: its progress stays in
	 * view (F5 is refused) */
	bool (*busy)(const struct app *a);
};

/* The diagnostics (ui/diag_ui.h) as the manager drives them
 * (registry.c). */
struct app_diag_hooks {
	struct diag_ui *(*create)(void);	/* no runner yet: run.c's */
	void (*destroy)(struct diag_ui *d);
	void (*open)(struct diag_ui *d, struct app *a, bool from_wizard,
		     int nic);
	void (*rerun)(struct diag_ui *d, struct app *a);
};

/* The screens registered as data (registry.c): every screen class, and
 * the hooks above. */
struct app_registry {
	const struct screen_class *const *classes;
	size_t count;
	const struct app_flow *flow;
	const struct app_apply_hooks *apply;
	const struct app_diag_hooks *diag;
};
extern const struct app_registry app_registry;

/* Where the wizard is. */
struct wizard_state {
	size_t nic;		/* the NIC steps 2-4 are about */
	bool nic_pass;		/* walking a NIC from step 5: return there */
	bool saved_once;	/* the review saved the plan at least once */
	char saved_path[4096];	/* where it was saved */
};

struct app {
	const struct ui_options *opts;
	const struct policy *pol;

	/* the host, through the ops of core/host.h (ops.fn NULL: absent) */
	struct host_virt_ops virt;
	struct host_link_ops links;
	char uri[512];
	char virt_err[ERR_MAX];	/* why there is no libvirt data */
	char links_err[ERR_MAX];	/* why there is no NIC list */
	struct host_net_list nets;
	bool nets_ok;
	struct host_nic_list hnics;
	bool hnics_ok;
	int domain_exists;		/* 1, 0, -1 unknown */
	/* the console's own libvirt connection lost (ui/conn_run.c tries
	 * it again; app_virt_down, app_virt_retry, app_virt_back) */
	bool virt_down;
	char virt_down_why[ERR_MAX];	/* why it was lost */
	time_t virt_down_at;			/* when that was noticed */
	char virt_retry_err[ERR_MAX];	/* the last try's error, "" */
	time_t virt_retry_at;			/* when it was made */
	unsigned virt_retry_s;			/* the next try in N s */
	/* reading the VM's deployment back for the wizard (deploy_run.c:
	 * the real one; read NULL: it cannot be), and what the last read
	 * said about it (app_open_deployment) */
	struct app_readback readback;
	bool opened;			/* a deployment was read back */
	char opened_domain[PLAN_NAME_MAX];	/* of this VM */
	struct diag_list notes;		/* its remarks, for the review */
	/* the defined VMs, for the check of the plan's vm (app_validate
	 * reads them again when the plan names a VM they do not hold) */
	struct host_domain_list doms;
	bool doms_ok;
	bool doms_tried;
	char doms_for[PLAN_NAME_MAX];	/* the vm they were last read for */

	/* the plan */
	struct plan work;		/* what the technician edits */
	struct plan saved;		/* as loaded or last saved */
	struct diag_list diags;		/* plan_validate(work) */
	bool wizard_started;
	char plan_path[4096];		/* default path for saving */
	char load_msg[APP_MSG_MAX * 2];	/* what loading --plan said */

	/* the state directory (generated MACs) */
	struct state st;
	bool state_ok;
	char state_err[ERR_MAX];

	struct wizard_state wiz;

	/* applying the plan (ui/apply_ui.h: the transaction, its progress,
	 * the recovery at start, the backend); NULL without libvirt */
	struct apply_ui *apply;

	/* the live panels' data (ui/live.h: this machine's routes, the VM's
	 * addresses and routes, DNS); NULL when there is none (run.c sets it
	 * once live_start has run; tests give fixed data) */
	struct live *live;
	/* starts the DNS panel's data the first time the panel is shown
	 * and returns it (live_run.c: live_dns_start); NULL: none */
	struct dnsview_panel *(*dns_start)(struct live *lv);

	/* the network diagnostics (ui/diag_ui.h): the screen's probes and
	 * the review's preflight; the screen returns to the one it was
	 * opened over (its struct screen's from) */
	struct diag_ui *diag;

	/* the screens, and the hooks of the registry (app_init) */
	const struct app_registry *reg;
	struct screen screens[SCR_COUNT];
	enum screen_id cur;
	char help_text[4096];		/* what the help screen shows */
	char status[APP_MSG_MAX];
	enum term_style status_style;
	bool msg_open;			/* the status shown whole (F2) */
	/* a note or intro the last frame of the screen had to cut
	 * (ui_cut_text): F2 shows it whole when the status fits */
	char cut_text[APP_MSG_MAX * 4];
	bool msg_is_cut;		/* msg_open shows cut_text */
	int msg_top;			/* its first line shown */
	bool asking_quit;
	bool done;			/* the technician quit */
	int exit_code;
};

/* Sets up the model and the screens (no terminal, no backends).
 * Returns 0, or -1 when memory runs out. */
int app_init(struct app *a, const struct ui_options *opts);
void app_free(struct app *a);

/* Reads the host again through the ops (networks, domain, NICs). */
void app_refresh_host(struct app *a);
/* Asks the host again whether the plan's VM exists. */
void app_check_domain(struct app *a);
/* The console's own libvirt connection was lost (WHY: in words) at NOW;
 * the next try to connect again is in RETRY_S s.  Until app_virt_back,
 * home says libvirt is unreachable and what that means, the VM and the
 * networks are unknown (the data read before is dropped: it may be
 * wrong now), and nothing can be applied. */
void app_virt_down(struct app *a, const char *why, unsigned retry_s,
		   time_t now);
/* A try to connect again failed with ERR at NOW; the next in RETRY_S s. */
void app_virt_retry(struct app *a, const char *err, unsigned retry_s,
		    time_t now);
/* Connected again: the host is read again (app_refresh_host), the
 * defined VMs and what waits for the VM's next start too, the plan is
 * checked against what the host has now. */
void app_virt_back(struct app *a);
/* One sentence: libvirt is unreachable, why, and what that means, for
 * the home screen and the apply's refusal.  "" while connected. */
void app_virt_down_text(const struct app *a, char *buf, size_t len);

/* Reads the deployment of A's VM back into OUT for the wizard, with
 * its remarks in a->notes.  0, or -1 with a message in ERR (OUT
 * untouched then). */
int app_open_deployment(struct app *a, struct plan *out, char *err,
			size_t errlen);

/* Opens the state directory (for MACs); the reason is kept on failure. */
void app_open_state(struct app *a);

/* Makes screen ID current (calling its enter). */
void app_goto(struct app *a, enum screen_id id);
struct screen *app_screen(struct app *a);

/* One key from the keyboard (or a signal turned into a key). */
void app_key(struct app *a, int key);
/* SIGINT, SIGTERM or SIGHUP. */
void app_signal(struct app *a, int signo);
/* Draws the whole frame into ROOT; returns where the cursor goes
 * (*CY = -1: hidden). */
void app_draw(struct app *a, WINDOW *root, int *cy, int *cx);

/* Runs plan_validate on the working copy, then the checks against the
 * host (core/hostcheck.h) with what is known of it. */
void app_validate(struct app *a);
bool app_unsaved(const struct app *a);
void app_status(struct app *a, enum term_style st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The domain name the console is about: the plan's, else "edge-vm". */
const char *app_domain(const struct app *a);

#endif
