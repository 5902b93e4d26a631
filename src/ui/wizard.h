/*
 * wizard.h - the wizard's flow and the edits it makes to the working copy
 * of the plan, shared by the wizard screens (screens/wizard_*.c).
 *
 * The flow: 1 profile -> 2 switch -> 3 IP -> 4 DNS -> 5 NICs -> 6 review;
 * steps 2-4 are about one NIC (app->wiz.nic); adding or editing a NIC on
 * step 5 walks it through 2-4 and comes back to 5.
 *
 * Edits here are mechanical (create the switch a NIC needs, prefill it
 * from the host's libvirt network of that type, renumber metrics after a
 * reorder); suggestions use the core's address arithmetic.  Nothing here
 * judges a value: plan_validate does.  Field paths are those of
 * validate.c, written once below.
 *
 * Direction: this header includes app.h; the manager (app*.c) never
 * includes it: it reaches the flow (wizard_start, wizard_next,
 * wizard_back, wizard_back_word) through the hooks registry.c puts in
 * struct app, and the steps through the screen registry.
 */
#ifndef EDGENET_UI_WIZARD_H
#define EDGENET_UI_WIZARD_H

#include <stdbool.h>
#include <stddef.h>
#include <curses.h>

#include "core/fieldpath.h"
#include "ui/app.h"

/* Field paths, as plan_validate writes them: printf formats made from
 * the core's one table of paths (core/fieldpath.h). */
#define WP_PROFILE		FIELDKEY_PROFILE
#define WP_VM			FIELDKEY_VM
#define WP_NICS			FIELDKEY_NICS
#define WP_SW_NAME		FIELDPATH_SW(FIELDKEY_NAME)
#define WP_SW_TYPE		FIELDPATH_SW(FIELDKEY_TYPE)
#define WP_SW_UPLINK		FIELDPATH_SW(FIELDKEY_UPLINK)
#define WP_SW_MODE		FIELDPATH_SW(FIELDKEY_MODE)
#define WP_SW_BRIDGE		FIELDPATH_SW(FIELDKEY_BRIDGE)
#define WP_SW_ADDRESS		FIELDPATH_SW(FIELDKEY_ADDRESS)
#define WP_SW_DHCP_START	FIELDPATH_SW(FIELDKEY_DHCP_START)
#define WP_SW_DHCP_END		FIELDPATH_SW(FIELDKEY_DHCP_END)
#define WP_SW_NAT		FIELDPATH_SW(FIELDKEY_NAT)
#define WP_NIC			FIELDPATH_NIC("")
#define WP_NIC_NAME		FIELDPATH_NIC(FIELDKEY_NAME)
#define WP_NIC_SWITCH		FIELDPATH_NIC(FIELDKEY_SWITCH)
#define WP_NIC_MAC		FIELDPATH_NIC(FIELDKEY_MAC)
#define WP_NIC_MODE		FIELDPATH_NIC(FIELDKEY_IP_MODE)
#define WP_NIC_ADDRESS		FIELDPATH_NIC(FIELDKEY_IP_ADDRESS)
#define WP_NIC_PREFIX		FIELDPATH_NIC(FIELDKEY_IP_PREFIX)
#define WP_NIC_GATEWAY		FIELDPATH_NIC(FIELDKEY_IP_GATEWAY)
#define WP_NIC_DNS		FIELDPATH_NIC(FIELDKEY_DNS_SERVERS)
#define WP_NIC_DNS_I \
	FIELDPATH_NIC(FIELDKEY_DNS_SERVERS FIELDKEY_ITEM)
#define WP_NIC_SEARCH		FIELDPATH_NIC(FIELDKEY_DNS_SEARCH)
#define WP_NIC_SEARCH_I \
	FIELDPATH_NIC(FIELDKEY_DNS_SEARCH FIELDKEY_ITEM)
#define WP_NIC_METRIC		FIELDPATH_NIC(FIELDKEY_METRIC)
#define WP_NIC_PRIMARY		FIELDPATH_NIC(FIELDKEY_PRIMARY)
#define WP_NIC_OFFLINE		FIELDPATH_NIC(FIELDKEY_OFFLINE)

#define WIZARD_STEPS 6
#define WIZARD_DEFAULT_PLAN APP_DEFAULT_PLAN

/* Builds the working copy: from opts->plan_path when given (problems go
 * to app->load_msg); else, when the VM exists and the console can read
 * libvirt (app->readback), from the deployment read back (its notes:
 * the first in app->load_msg, all on the review); else from the host's
 * suggestions.  The result is also the "saved" copy: nothing is unsaved
 * yet.  The review's Apply opens the apply's progress (SCR_APPLY), which
 * goes to the home screen once the change was kept, else back to the
 * review (its class's parent).  Called again (the
 * wizard reopened from home), it keeps the working copy, or takes the
 * plan file again when nothing is unsaved and the file is the one it
 * read or saved, and says which in app->load_msg. */
void wizard_start(struct app *a);

/* Where NEXT and BACK lead from step FROM (BACK: the class's parent, or
 * the NIC list when a NIC is walked from step 5). */
enum screen_id wizard_next(struct app *a, enum screen_id from);
enum screen_id wizard_back(struct app *a, enum screen_id from);
/* What Esc does on step FROM, in the footer's words ("back", "home",
 * "NIC list"). */
const char *wizard_back_word(const struct app *a, enum screen_id from);
/* The NIC steps 2-4 are about (screen_class focus_nic). */
int wizard_focus_nic(struct screen *s);

/* The NIC steps 2-4 edit, and the index of its switch in the plan
 * (created, typed and prefilled when the NIC has none). */
struct plan_nic *wizard_nic(struct app *a);
size_t wizard_nic_switch(struct app *a, size_t nic);

/* Gives NIC's switch the type TYPE: a switch of its own (not shared with
 * another NIC), holding the facts of the host's libvirt network of that
 * type when there is one; else empty, edgenet's suggestions (a free
 * subnet, its DHCP range, br-UPLINK) shown as placeholders the
 * technician takes with Tab. */
void wizard_set_switch_type(struct app *a, size_t nic, enum switch_type type);
/* Removes switches no NIC uses. */
void wizard_drop_unused_switches(struct app *a);

/* Adds a NIC (next free ethN, not primary, DHCP); returns its index or
 * -1 when the plan is full. */
int wizard_add_nic(struct app *a);
/* Removes NIC I (never the primary); 0 or -1. */
int wizard_remove_nic(struct app *a, size_t i);
/* Moves NIC I one place up (DIR -1) or down (+1) in priority and gives
 * every NIC the metric of its place (100, 200, ...).  Returns the new
 * index.  With fewer than two NICs nothing changes (no metric is set). */
size_t wizard_move_nic(struct app *a, size_t i, int dir);
/* Fills NIC I's empty MAC from the state directory (state_nic_mac);
 * when that cannot be done the MAC stays empty and app->state_err says
 * why.  Returns 0 or -1. */
int wizard_assign_mac(struct app *a, size_t i);

/* Suggestions from the address arithmetic of the core ("" when none):
 * the prefix of NIC's switch subnet, and the first host of the subnet of
 * ADDRESS/PREFIX. */
int wizard_suggest_prefix(const struct app *a, size_t nic);
void wizard_suggest_gateway(const char *address, int prefix, char *out,
			    size_t len);

/* Host NICs offered as the uplink of an external switch, in the host's
 * order: those that can be one, and Wi-Fi or enslaved ones (shown, not
 * selectable).  Returns how many were written to IDX. */
size_t wizard_uplinks(const struct app *a, size_t *idx, size_t max);

/* Draws the step bar and the title; returns the first free row. */
int wizard_draw_top(struct screen *s, WINDOW *w, const char *intro);

/* Short description of NIC I for lists: "eth0 on default (default), dhcp". */
void wizard_nic_summary(const struct app *a, size_t i, char *buf, size_t len);

/* ---- helpers for the wizard screens ---- */

#include "tui/widget.h"

enum { WID_BACK = 1000, WID_NEXT = 1001 };

/* Adds the [ Back ] [ Next ] buttons at the end of F, Next as the form's
 * default: Enter on a step's last field goes on (refused, like Ctrl-N,
 * while a field stands on an error), and no number of Enters ever goes
 * back. */
void wizard_add_buttons(struct form *f, struct widget *back,
			struct widget *next);

/* The keys every step shares: gives KEY to F; Ctrl-N or Next asks to go
 * on (refused, with the field focused and the reason on the status line,
 * while a visible field stands on an error or EXTRA_ERROR is set), Back
 * goes back, a refused character is explained.  *CHANGED says a value
 * changed; *ACTIVATED gets a button or list the screen must act on
 * (NULL otherwise).  Returns the intent, or INTENT_NONE. */
enum intent wizard_form_key(struct screen *s, struct form *f, int key,
			    bool extra_error, bool *changed,
			    struct widget **activated);

/* Draws the step bar, INTRO (NULL: none) and the form F below them, and
 * puts S's cursor where F's focused field wants it. */
void wizard_draw_form(struct screen *s, WINDOW *w, struct form *f,
		      const char *intro);

/* The footer of a step whose keys are F's: Space only where it does
 * something of its own (a checkbox toggles, a choice takes its next
 * option; on a button Enter says the same), and ^N. */
void wizard_form_footer(const struct form *f, struct footer *ft);

/* F's help for the focused widget, FALLBACK when it has none, in a
 * buffer of the wizard's own that the next call reuses. */
const char *wizard_form_help(const struct form *f, const char *fallback);

/* Refuses NEXT when a visible field of F stands on an error: focuses it
 * and says so; returns INTENT_HANDLED then, else INTENT_NEXT. */
enum intent wizard_try_next(struct screen *s, struct form *f,
			    bool extra_error);

#endif
