/*
 * apply_ui_restart.c - what waits for the VM's next start after
 * an apply (see apply_ui.h: read through the backend, in words for the
 * screens) and the restart that applies it (shutdown, wait on a loop
 * timer, start).  Touches the VM only through the backend in au->be.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/err.h"
#include "core/str.h"
#include "tui/loop.h"
#include "tui/widget.h"
#include "ui/app.h"
#include "ui/apply_ui.h"
#include "ui/apply_ui_priv.h"

/* ---- what waits for the VM's next start; restarting it ---- */

void apply_ui_pending_read(struct apply_ui *au, const char *domain)
{
	char err[ERR_MAX];
	bool running = false;

	if (!au || !au->be.pending || !domain || !domain[0])
		return;
	au->pending_known = false;
	au->pending_err[0] = '\0';
	str_copy(au->pending_domain, sizeof(au->pending_domain), domain);
	if (au->be.pending(au->be.ctx, domain, &au->pending, &running, err,
			   sizeof(err)) < 0) {
		pending_init(&au->pending);
		str_copy(au->pending_err, sizeof(au->pending_err), err);
		return;
	}
	au->pending_running = running;
	au->pending_known = true;
	au->pending_boot_item = false;
	if (running && au->boot_pending && !strcmp(au->boot_domain, domain) &&
	    au->pending.count < PENDING_MAX) {
		struct pending_item *it = &au->pending.items[au->pending.count++];

		it->mac[0] = '\0';
		au->pending_boot_item = true;
		snprintf(it->text, sizeof(it->text), "its network settings from "
			 "the new seed (the networkd files) take effect at its "
			 "next boot: its guest agent could not write them now "
			 "(this console's last apply noted it)");
	}
}

bool apply_ui_pending_for(const struct apply_ui *au, const char *domain)
{
	return au && au->pending_known && au->pending.count && domain &&
	       !strcmp(au->pending_domain, domain);
}

bool apply_ui_pending_text(const struct apply_ui *au, const char *domain,
			   char *buf, size_t len)
{
	char list[PENDING_MAX * 80];

	if (!apply_ui_pending_for(au, domain))
		return false;
	pending_join(&au->pending, list, sizeof(list));
	snprintf(buf, len, "%zu change%s wait%s for VM %s's next start "
		 "(%s): %s.", au->pending.count,
		 au->pending.count == 1 ? "" : "s",
		 au->pending.count == 1 ? "s" : "", domain,
		 au->pending_boot_item && au->pending.count == 1 ?
		 "a reboot of the VM is enough" : "a shutdown and a start; a "
		 "reboot inside the VM is not enough", list);
	return true;
}

bool apply_ui_restarting(const struct apply_ui *au)
{
	return au && au->restart == AUI_RS_STOPPING;
}

static void restart_end(struct apply_ui *au, enum apply_ui_restart how,
			enum term_style style)
{
	apply_ui_cancel_restart_timer(au);
	au->restart = how;
	apply_ui_pending_read(au, au->restart_domain);
	if (au->app) {
		app_status(au->app, style, "%s", au->restart_msg);
		app_refresh_host(au->app);
	}
	apply_ui_notify(au);
}

/* Every 250 ms while the VM shuts down: started again once it is off. */
static void restart_poll(struct loop *l, void *ctx)
{
	struct apply_ui *au = ctx;
	char err[ERR_MAX];
	int r;

	(void)l;
	au->restart_timer = 0;
	if (au->restart != AUI_RS_STOPPING)
		return;
	r = au->be.vm_running(au->be.ctx, au->restart_domain, err,
			      sizeof(err));
	if (r < 0) {
		snprintf(au->restart_msg, sizeof(au->restart_msg), "Restart "
			 "of VM %s stopped: %.400s", au->restart_domain, err);
		restart_end(au, AUI_RS_FAILED, TS_ERROR);
		return;
	}
	if (r == 0) {
		if (au->be.vm_start(au->be.ctx, au->restart_domain, err,
				    sizeof(err)) < 0) {
			snprintf(au->restart_msg, sizeof(au->restart_msg),
				 "VM %s was shut down but could not be started "
				 "again: %.400s", au->restart_domain, err);
			restart_end(au, AUI_RS_FAILED, TS_ERROR);
			return;
		}
		snprintf(au->restart_msg, sizeof(au->restart_msg), "VM %s was "
			 "shut down and started: the applied changes are in "
			 "effect.", au->restart_domain);
		if (!strcmp(au->boot_domain, au->restart_domain))
			au->boot_pending = false;
		restart_end(au, AUI_RS_DONE, TS_OK);
		return;
	}
	if (clock_now_ms() >= au->restart_deadline_ms) {
		snprintf(au->restart_msg, sizeof(au->restart_msg), "VM %s did "
			 "not shut down within %d s (its guest did not act on "
			 "the request); it still runs as before. Shut it down "
			 "from inside, then start it (or force it off: virsh "
			 "destroy %s, then virsh start %s).",
			 au->restart_domain, APPLY_UI_RESTART_WAIT_S,
			 au->restart_domain, au->restart_domain);
		restart_end(au, AUI_RS_FAILED, TS_ERROR);
		return;
	}
	if (au->loop) {
		au->restart_timer = loop_add_timer(au->loop, 250, restart_poll,
						   au);
		if (au->restart_timer < 0)
			au->restart_timer = 0;
	}
}

int apply_ui_restart(struct apply_ui *au, struct app *a, const char *domain,
		     char *msg, size_t msglen)
{
	char err[ERR_MAX];

	if (!au || !au->be.vm_shutdown || !au->be.vm_running ||
	    !au->be.vm_start) {
		snprintf(msg, msglen, "The VM cannot be restarted from here "
			 "without a libvirt connection.");
		return -1;
	}
	if (apply_ui_busy(au) || apply_ui_restarting(au)) {
		snprintf(msg, msglen, "Wait: an apply or a restart is under "
			 "way.");
		return -1;
	}
	if (au->be.vm_shutdown(au->be.ctx, domain, err, sizeof(err)) < 0) {
		snprintf(msg, msglen, "VM %s was not restarted: %.400s", domain,
			 err);
		return -1;
	}
	au->app = a;
	str_copy(au->restart_domain, sizeof(au->restart_domain), domain);
	snprintf(au->restart_msg, sizeof(au->restart_msg), "VM %s is "
		 "shutting down; it is started again once it is off (at most "
		 "%d s).", domain, APPLY_UI_RESTART_WAIT_S);
	au->restart = AUI_RS_STOPPING;
	au->restart_deadline_ms = clock_now_ms() +
				  (int64_t)APPLY_UI_RESTART_WAIT_S * 1000;
	restart_poll(au->loop, au);	/* off at once on some hosts */
	str_copy(msg, msglen, au->restart_msg);
	return au->restart == AUI_RS_FAILED ? -1 : 0;
}
