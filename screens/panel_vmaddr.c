/*
 * panel_vmaddr.c - the VM-addresses panel: one block per NIC with the
 * guest's name for it, its MAC, switch and configured mode and address
 * (from the plan), then the addresses observed with where they came from
 * (guest agent, DHCP lease, ARP) and for how long, and what is wrong ("no
 * address", "address differs from the plan", "MAC differs") with what to
 * do.  The header says which VM, its state, how fresh the data is and
 * each source's own result or error.  A NIC whose change waits for the
 * VM's next start (libvirt's persistent definition differs from the
 * running one: apply_ui_pending_read) is shown as pending, not as a
 * mismatch to apply again: a NIC being added has a row of its own with
 * the plan's configuration, a NIC being removed one with none of it
 * (vmaddr_view_build_pending pairs by MAC); every pending change is
 * listed, under its NIC's row or above the table.  v shows this
 * machine's links and addresses instead (netlink, live).  Reads struct
 * app and its struct live (a->live) only; r asks for a new reading.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/mac.h"
#include "core/route_names.h"
#include "core/route_view.h"
#include "core/textsafe.h"
#include "screens/panels.h"
#include "tui/widget.h"
#include "ui/app.h"
#include "ui/apply_ui.h"
#include "ui/live.h"

#define VMA_LINES 256

struct vline {
	char text[160];
	attr_t attr;
};

struct pvmaddr {
	bool local;			/* this machine, else the VM */
	size_t top;
	struct vmaddr_view view;
	struct vline lines[VMA_LINES];
	size_t nlines;
	char macs[PLAN_MAX_NICS][18];
	const char *mac_ptrs[PLAN_MAX_NICS];
};

static int pvm_create(struct screen *s)
{
	struct pvmaddr *p = calloc(1, sizeof(*p));

	if (!p)
		return -1;
	vmaddr_view_init(&p->view);
	s->priv = p;
	return 0;
}

static void pvm_destroy(struct screen *s)
{
	struct pvmaddr *p = s->priv;

	if (!p)
		return;
	vmaddr_view_free(&p->view);
	free(p);
}

static void add(struct pvmaddr *p, attr_t attr, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void add(struct pvmaddr *p, attr_t attr, const char *fmt, ...)
{
	va_list ap;

	if (p->nlines == VMA_LINES)
		return;
	va_start(ap, fmt);
	vsnprintf(p->lines[p->nlines].text, sizeof(p->lines[0].text), fmt, ap);
	va_end(ap);
	p->lines[p->nlines++].attr = attr;
}

/* TEXT cut at spaces into lines of at most WIDTH columns, each after
 * IND spaces. */
static void add_indented(struct pvmaddr *p, attr_t attr, int ind,
			 const char *text, int width)
{
	while (*text) {
		int len = (int)strlen(text), cut = len;

		if (len > width) {
			cut = width;
			while (cut > 0 && text[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = width;
		}
		add(p, attr, "%*s%.*s", ind, "", cut, text);
		text += cut;
		while (*text == ' ')
			text++;
	}
}

/* TEXT cut at spaces into lines of at most WIDTH columns. */
static void add_wrapped(struct pvmaddr *p, attr_t attr, const char *text,
			int width)
{
	add_indented(p, attr, 0, text, width);
}

/* The change of the NIC with MAC that waits for the VM's next start. */
static const struct pending_item *pending_of(const struct app *a,
					     const char *mac)
{
	if (!apply_ui_pending_for(a->apply, app_domain(a)))
		return NULL;
	return pending_find_mac(&a->apply->pending, mac);
}

/* A problem about a NIC whose change waits for the next start: the
 * change is made already, it is not a mismatch. */
static bool problem_pending(const struct app *a, const struct diag *d)
{
	const struct pending_list *l;

	if (!apply_ui_pending_for(a->apply, app_domain(a)) || !d->message)
		return false;
	l = &a->apply->pending;
	for (size_t i = 0; i < l->count; i++)
		if (l->items[i].mac[0] && strcasestr(d->message,
						     l->items[i].mac))
			return true;
	return false;
}

/* Whether a row of the view shows the NIC with MAC. */
static bool has_row(const struct vmaddr_view *v, const char *mac)
{
	for (size_t i = 0; i < v->nrows; i++)
		if (mac_text_same(v->rows[i].mac, mac))
			return true;
	return false;
}

static void vm_lines(struct screen *s, struct pvmaddr *p,
		     const struct live *lv)
{
	const struct vm_observed *o = lv->vm;
	char src[32], age[16], pend[APPLY_UI_MSG_MAX * 2];
	size_t nprob = 0;
	bool pending = apply_ui_pending_for(s->app->apply,
					    app_domain(s->app));

	vmaddr_view_build_pending(&p->view, o, &s->app->work, p->mac_ptrs,
				  pending ? &s->app->apply->pending : NULL,
				  clock_now_ms());
	if (pending) {
		const struct pending_list *l = &s->app->apply->pending;

		snprintf(pend, sizeof(pend), "%zu change%s applied to the VM "
			 "wait%s for its next start (a shutdown and a start; R "
			 "on the home screen restarts it, after asking):",
			 l->count, l->count == 1 ? "" : "s",
			 l->count == 1 ? "s" : "");
		add_wrapped(p, term_attr(TS_WARNING), pend, 76);
		/* each change is listed: here, or under its NIC's row */
		for (size_t i = 0; i < l->count; i++)
			if (!l->items[i].mac[0] ||
			    !has_row(&p->view, l->items[i].mac))
				add_indented(p, term_attr(TS_WARNING), 2,
					     l->items[i].text, 74);
		add(p, 0, "%s", "");
	}
	add(p, A_BOLD, "%-15s %-17s %-16s %s", "NIC", "MAC", "SWITCH",
	    "IN GUEST");
	for (size_t i = 0; i < p->view.nrows; i++) {
		const struct vmaddr_row *r = &p->view.rows[i];
		char c1[48], c2[48];

		/* names up to 15 characters fit their cells; the plan's
		 * address on a line of its own, whole */
		add(p, 0, "%s %-17s %s %s",
		    ui_cell(c1, sizeof(c1), r->name[0] ? r->name : "-", 15),
		    r->mac[0] ? r->mac : "?",
		    ui_cell(c2, sizeof(c2), r->sw[0] ? r->sw : "?", 16),
		    r->guest_name[0] ? r->guest_name : "-");
		const struct pending_item *pi = pending_of(s->app, r->mac);

		/* a NIC the plan removed stays until the VM's next start:
		 * its pending line below says so */
		add(p, 0, "    plan: %s",
		    r->plan_nic >= 0 ? r->configured :
		    pi ? "-" : "- (not in the plan)");

		for (size_t k = 0; k < r->nobs; k++) {
			const struct vmaddr_obs *x = &r->obs[k];

			add(p, x->ipv6 ? term_attr(TS_DIM) : term_attr(TS_OK),
			    "    %s/%d  from %s, seen for %s", x->addr,
			    x->prefix, vmaddr_sources_str(x->sources, src,
							  sizeof(src)),
			    vmaddr_age_str(x->age_s, age, sizeof(age)));
		}
		if (pi) {
			char line[PENDING_TEXT_MAX + 64];

			snprintf(line, sizeof(line), "pending, at the VM's "
				 "next start: %s", pi->text);
			add_indented(p, term_attr(TS_WARNING), 4, line, 72);
			continue;
		}
		if (r->flags & VMA_NO_ADDRESS)
			add(p, term_attr(TS_ERROR), "    NO ADDRESS%s",
			    r->plan_nic >= 0 &&
			    s->app->work.nics[r->plan_nic].mode == IP_STATIC ?
			    ": the guest did not apply its static address" :
			    r->plan_nic < 0 && (r->flags & VMA_MAC_DIFFERS) ?
			    ": the VM's settings are for the plan's MAC" :
			    ": no DHCP server answered on this switch");
		if (r->flags & VMA_UNKNOWN)
			add(p, term_attr(TS_DIM), "    (no address source "
			    "answered yet)");
		if (r->flags & VMA_ADDR_DIFFERS)
			add(p, term_attr(TS_WARNING), "    address differs "
			    "from the plan");
		if ((r->flags & VMA_MAC_DIFFERS) && r->plan_nic >= 0)
			add(p, term_attr(TS_WARNING), "    MAC differs: the "
			    "VM's NIC on this switch has %s", r->other_mac);
		else if (r->flags & VMA_MAC_DIFFERS)
			add(p, term_attr(TS_WARNING), "    MAC differs: the "
			    "plan expects %s on this switch", r->other_mac);
		if (r->flags & VMA_ZERO_MAC)
			add(p, term_attr(TS_ERROR), "    the guest reports MAC "
			    "00:00:00:00:00:00");
		if (r->flags & VMA_NOT_IN_DOMAIN)
			add(p, term_attr(TS_WARNING), "    not in the VM: "
			    "apply the plan to add it");
		if (r->flags & VMA_NOT_IN_PLAN)
			add(p, term_attr(TS_DIM), "    not in the plan");
	}
	for (size_t i = 0; i < p->view.problems.count; i++)
		if (!problem_pending(s->app, &p->view.problems.items[i]))
			nprob++;
	if (nprob) {
		add(p, 0, "%s", "");
		for (size_t i = 0; i < p->view.problems.count; i++)
			if (!problem_pending(s->app,
					     &p->view.problems.items[i]))
				add_wrapped(p, term_attr(
					p->view.problems.items[i].severity ==
					DIAG_ERROR ? TS_ERROR : TS_WARNING),
					p->view.problems.items[i].message, 76);
	}
}

static void local_lines(struct screen *s, struct pvmaddr *p,
			const struct route_snapshot *snap)
{
	struct route_view_opts vo = { .plan = &s->app->work };
	char a[ROUTE_ADDR_STRLEN];

	memcpy(vo.nic_mac, p->mac_ptrs, sizeof(vo.nic_mac));
	add(p, A_BOLD, "%-15s %-17s %-6s %s", "LINK", "MAC", "STATE",
	    "ADDRESSES");
	for (size_t i = 0; i < snap->nlinks; i++) {
		const struct route_link *l = &snap->links[i];
		int nic = route_view_nic(snap, &vo, l->ifindex);
		bool any = false;

		add(p, 0, "%-15s %-17s %-6s%s%s", l->name,
		    l->mac[0] ? l->mac : "-",
		    !(l->flags & ROUTE_IFF_UP) ? "down" :
		    (l->flags & ROUTE_IFF_LOWER_UP) ? "up" : "no carrier",
		    nic >= 0 ? " plan NIC " : "",
		    nic >= 0 ? s->app->work.nics[nic].name : "");
		for (size_t k = 0; k < snap->naddrs; k++) {
			const struct route_ifaddr *x = &snap->addrs[k];

			if (x->ifindex != l->ifindex)
				continue;
			any = true;
			add(p, x->family == ROUTE_AF_INET6 ? term_attr(TS_DIM) :
			    term_attr(TS_OK), "    %s/%u%s",
			    route_addr_str(x->family, x->local, a),
			    x->prefixlen, x->flags & ROUTE_IFA_F_TENTATIVE ?
			    " (tentative)" : "");
		}
		if (!any)
			add(p, term_attr(TS_DIM), "    no address");
	}
}

static void pvm_draw(struct screen *s, WINDOW *w)
{
	struct pvmaddr *p = s->priv;
	struct live *lv = s->app->live;
	int width = getmaxx(w), height = getmaxy(w), y = 0;
	char buf[LIVE_MSG_MAX + 256], age[16], esc[1024];

	live_shown(lv);
	s->cur_y = -1;
	p->nlines = 0;
	live_nic_macs(&s->app->work, s->app->state_ok ? &s->app->st : NULL,
		      p->macs, p->mac_ptrs);
	ui_put(w, y++, 1, width - 2, p->local && lv && lv->host_remote ?
	       "Addresses - the host" : p->local ? "Addresses - this machine" :
	       "VM addresses", term_attr(TS_TITLE));
	if (!lv) {
		ui_put(w, y + 1, 2, width - 4, "the live panels are not "
		       "started", term_attr(TS_ERROR));
		return;
	}
	if (p->local) {
		const struct route_snapshot *snap = live_host(lv);

		if (!snap) {
			ui_wrap(w, y + 1, 2, width - 4, 4, lv->host_err,
				term_attr(TS_ERROR));
			return;
		}
		snprintf(buf, sizeof(buf), "live (netlink events), last change "
			 "%s ago", vmaddr_age_str((clock_now_ms() -
						   snap->taken_ms) / 1000,
						  age, sizeof(age)));
		ui_put(w, y++, 2, width - 3, buf, term_attr(TS_DIM));
		y++;
		local_lines(s, p, snap);
	} else if (!lv->watch) {
		ui_wrap(w, y + 1, 2, width - 4, 4, lv->vm_err,
			term_attr(TS_ERROR));
		return;
	} else if (!lv->vm) {
		ui_put(w, y + 1, 2, width - 4, "reading the VM through "
		       "libvirt...", term_attr(TS_DIM));
		return;
	} else {
		const struct vm_observed *o = lv->vm;

		if (!o->connected) {
			snprintf(buf, sizeof(buf), "libvirt %s: %s; retry in "
				 "%u s", o->uri, textsafe_buf(esc, sizeof(esc),
							     o->conn_err),
				 o->retry_s);
			y += ui_wrap(w, y, 2, width - 3, 2, buf,
				     term_attr(TS_ERROR));
		} else {
			snprintf(buf, sizeof(buf), "VM %s: %s, read %s ago "
				 "(on its events and every 30 s; r: now)",
				 o->domain, vm_state_name(o->state),
				 vmaddr_age_str((clock_now_ms() - o->taken_ms) /
						1000, age, sizeof(age)));
			y += ui_wrap(w, y, 2, width - 3, 2, buf,
				     term_attr(o->state == VM_STATE_RUNNING ?
					       TS_DIM : TS_WARNING));
		}
		if (o->state == VM_STATE_RUNNING) {
			int x = 2;

			/* each source's verdict on one line, then each
			 * error whole on lines of its own */
			for (int k = 0; k < VM_SRC_COUNT; k++) {
				const struct vm_source_result *r = &o->src[k];

				snprintf(buf, sizeof(buf), "%s: %s  ",
					 vm_source_name(k),
					 !r->tried ? "not asked" :
					 r->ok ? "ok" : "error");
				ui_put(w, y, x, width - 1 - x, buf,
				       term_attr(r->ok ? TS_OK : r->tried ?
						 TS_WARNING : TS_DIM));
				x += (int)strlen(buf);
			}
			y++;
			for (int k = 0; k < VM_SRC_COUNT; k++) {
				const struct vm_source_result *r = &o->src[k];

				if (r->ok && (r->more_ifs || r->more_addrs)) {
					snprintf(buf, sizeof(buf), "%s: reports "
						 "%u more interfaces and %u more "
						 "addresses than shown (at most "
						 "%d interfaces, %d addresses "
						 "each)", vm_source_name(k),
						 r->more_ifs, r->more_addrs,
						 VM_MAX_IFS, VM_MAX_ADDRS);
					y += ui_wrap(w, y, 4, width - 5, 3, buf,
						     term_attr(TS_WARNING));
				}
				if (!r->tried || r->ok)
					continue;
				/* libvirt's or the agent's words: a '\n'
				 * in them must not break ui_wrap's lines */
				snprintf(buf, sizeof(buf), "%s: %s",
					 vm_source_name(k),
					 textsafe_buf(esc, sizeof(esc), r->err));
				y += ui_wrap(w, y, 4, width - 5, 3, buf,
					     term_attr(TS_WARNING));
			}
			if (o->retry_s && o->src[VM_SRC_AGENT].tried &&
			    !o->src[VM_SRC_AGENT].ok) {
				snprintf(buf, sizeof(buf), "guest agent: asked "
					 "again in %u s", o->retry_s);
				ui_put(w, y++, 2, width - 3, buf,
				       term_attr(TS_DIM));
			}
		}
		y++;
		vm_lines(s, p, lv);
	}
	if (p->top >= p->nlines)
		p->top = 0;
	for (size_t i = p->top; i < p->nlines && y < height; i++)
		ui_put(w, y++, 1, width - 2, p->lines[i].text,
		       p->lines[i].attr);
}

static enum intent pvm_key(struct screen *s, int key)
{
	struct pvmaddr *p = s->priv;
	struct live *lv = s->app->live;

	switch (key) {
	case KEY_UP:
		if (p->top > 0)
			p->top--;
		return INTENT_HANDLED;
	case KEY_DOWN:
		if (p->top + 1 < p->nlines)
			p->top++;
		return INTENT_HANDLED;
	case KEY_NPAGE:
		p->top += 10;
		if (p->top >= p->nlines)
			p->top = p->nlines ? p->nlines - 1 : 0;
		return INTENT_HANDLED;
	case KEY_PPAGE:
		p->top = p->top > 10 ? p->top - 10 : 0;
		return INTENT_HANDLED;
	case 'v':
		p->local = !p->local;
		p->top = 0;
		return INTENT_HANDLED;
	case 'r':
		if (lv)
			live_refresh(lv);
		if (s->app->apply)
			apply_ui_pending_read(s->app->apply,
					      app_domain(s->app));
		return INTENT_HANDLED;
	case 27:
		return INTENT_BACK;
	default:
		return INTENT_NONE;
	}
}

/* The panel opens: what waits for the VM's next start, read again. */
static void pvm_enter(struct screen *s)
{
	struct pvmaddr *p = s->priv;

	p->top = 0;	/* opened again: from the top */
	if (s->app->apply && s->app->domain_exists == 1)
		apply_ui_pending_read(s->app->apply, app_domain(s->app));
}

static const char *pvm_help(struct screen *s)
{
	(void)s;
	return "VM addresses.  For each network card (NIC) of the VM: "
	       "its name in the plan and inside the VM (IN GUEST), its MAC "
	       "(the card's hardware address), the switch (virtual network "
	       "of the host) it is plugged into, what the plan configures, "
	       "and the addresses seen, with where they were seen:\n"
	       "  agent - the QEMU guest agent, a helper program inside "
	       "the VM (the VM's own view);\n"
	       "  lease - the address libvirt's DHCP server handed out;\n"
	       "  arp   - the host's table of which MAC answered from which "
	       "address (fails on some kernels: its error is shown, the "
	       "others still count).\n\n"
	       "NO ADDRESS with DHCP: no DHCP server answered on that "
	       "switch.  For a default or internal switch, check that the "
	       "plan turns its DHCP server on; for an external switch, the "
	       "plant network's DHCP server must answer through the "
	       "switch's host port (its uplink).  With a static address: "
	       "the VM did not apply it.  MAC differs: the VM's card does "
	       "not have the MAC the plan keeps, so DHCP reservations miss "
	       "it; apply the plan again.\n\n"
	       "v shows this machine's interfaces instead: STATE up, down "
	       "(switched off) or no carrier (no cable, or nothing "
	       "switched on at the other end); an address marked "
	       "tentative is still being checked for a duplicate on the "
	       "network.\n\n"
	       "pending: a change already applied to the VM's definition "
	       "that libvirt could not make in the running VM; it takes "
	       "effect when the VM is shut down and started (R on the home "
	       "screen), not by applying again.  A NIC being added has its "
	       "own row with what the plan configures (the VM has no such "
	       "card yet); a NIC being removed shows plan: - (the plan has "
	       "no such card), with what the VM still sees on it.\n\n"
	       "The data is read again when the VM starts or stops, when "
	       "its agent comes or goes, every 30 s, and on r.  Up/Down, "
	       "PgUp/PgDn: scroll.";
}

/* On a remote libvirt host, v shows that host's side (labelled only on
 * the host itself), not this machine's. */
static void pvm_footer(struct screen *s, struct footer *f)
{
	if (s->app->live && s->app->live->host_remote)
		footer_own(f, "v VM/host  r read again");
}

/* Opened: the VM as it is now, not as the watcher last read it (maybe
 * before DHCP had answered). */
static void pvm_on_data(struct screen *s, bool entered)
{
	if (entered)
		live_refresh(s->app->live);
}

const struct screen_class panel_vmaddr_screen = {
	.id = SCR_VMADDR,
	.kind = SCREEN_PANEL,
	.parent = SCR_HOME,
	.name = "panel_vmaddr",
	.title = "VM addresses",
	.step = 0,
	.keys = "v VM/this machine  r read again",
	.footer = pvm_footer,
	.create = pvm_create,
	.destroy = pvm_destroy,
	.enter = pvm_enter,
	.draw = pvm_draw,
	.key = pvm_key,
	.help = pvm_help,
	.on_data = pvm_on_data,
};
