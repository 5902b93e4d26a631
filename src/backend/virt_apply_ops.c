/*
 * virt_apply_ops.c - the apply_ops (core/apply_txn.h) of a
 * libvirt host (see virt_apply.h): hands each step to its kind's do,
 * undo and check (virt_apply_net.c, virt_apply_dom.c, guest_apply.h
 * for the guest steps, nl_bridge.h for the bridges: the two links a
 * step names, in this process's network namespace).  Holds no state of
 * its own; never prints.
 */
#include "config.h"

#include "backend/guest_apply.h"
#include "backend/nl_bridge.h"
#include "backend/virt.h"
#include "backend/virt_apply.h"
#include "backend/virt_apply_priv.h"

/* ---------------------------------------------------------------- */
/* the ops                                                           */

static int op_do(void *ctx, const struct apply_step *s, struct apply_run *out,
		 char *err, size_t errlen)
{
	struct virt_apply *va = ctx;

	switch (s->kind) {
	case APPLY_LINK_BRIDGE:
		return nl_bridge_apply(&s->link, err, errlen);
	case APPLY_NET_DEFINE:
		return vapply_do_net_define(va, s, err, errlen);
	case APPLY_NET_REDEFINE:
		return vapply_net_define(va, s->after, s->was_active, false, err,
					 errlen);
	case APPLY_NET_DHCP_HOST:
		return vapply_host_set(va, s->object, s->mac, s->ip_after, s->after,
				       out, err, errlen);
	case APPLY_NET_START:
		return vapply_net_set_active(va, s->object, true, err, errlen);
	case APPLY_NET_AUTOSTART:
		return vapply_net_set_autostart(va, s->object, true, false, err,
						errlen);
	case APPLY_DOM_NIC_REMOVE:
	case APPLY_DOM_NIC_CHANGE:
	case APPLY_DOM_NIC_ADD:
		return vapply_do_dom(va, s, out, err, errlen);
	case APPLY_GUEST_SEED:
	case APPLY_GUEST_FILES:
		return guest_apply_do(virt_handle(va->c), s, out, err, errlen);
	default:
		errf(err, errlen, "unknown step kind %d", (int)s->kind);
		return -1;
	}
}

static int op_undo(void *ctx, const struct apply_step *s,
		   const struct apply_run *run, char *err, size_t errlen)
{
	struct virt_apply *va = ctx;

	switch (s->kind) {
	case APPLY_LINK_BRIDGE:
		return nl_bridge_undo(&s->link, err, errlen);
	case APPLY_NET_DEFINE:
		return vapply_undo_net_define(va, s, err, errlen);
	case APPLY_NET_REDEFINE:
		return vapply_net_define(va, s->before, s->was_active, s->was_active,
					 err, errlen);
	case APPLY_NET_DHCP_HOST:
		return vapply_host_set(va, s->object, s->mac, s->ip_before, s->before,
				       NULL, err, errlen);
	case APPLY_NET_START:
		return vapply_net_set_active(va, s->object, false, err, errlen);
	case APPLY_NET_AUTOSTART:
		return vapply_net_set_autostart(va, s->object, s->was_autostart,
						false, err, errlen);
	case APPLY_DOM_NIC_REMOVE:
	case APPLY_DOM_NIC_CHANGE:
	case APPLY_DOM_NIC_ADD:
		return vapply_undo_dom(va, s, run, err, errlen);
	case APPLY_GUEST_SEED:
	case APPLY_GUEST_FILES:
		return guest_apply_undo(virt_handle(va->c), s, run, err, errlen);
	default:
		errf(err, errlen, "unknown step kind %d", (int)s->kind);
		return -1;
	}
}

static int op_check(void *ctx, const struct apply_step *s,
		    const struct apply_run *run, bool after, char *err,
		    size_t errlen)
{
	struct virt_apply *va = ctx;
	bool live = after && run && run->live_done;

	switch (s->kind) {
	case APPLY_LINK_BRIDGE:
		return nl_bridge_check(&s->link, after, err, errlen);
	case APPLY_NET_DEFINE:
		return after ? vapply_net_matches(va, s->object, s->after, false, err,
						  errlen) :
		       vapply_check_net_absent(va, s->object, err, errlen);
	case APPLY_NET_REDEFINE:
		if (vapply_net_matches(va, s->object, after ? s->after : s->before,
				       s->was_active, err, errlen) < 0)
			return -1;
		return s->was_active ? vapply_check_net_active(va, s->object, true,
							       err, errlen) : 0;
	case APPLY_NET_DHCP_HOST:
		return vapply_check_host(va, s->object, s->mac,
					 after ? s->ip_after : s->ip_before, err,
					 errlen);
	case APPLY_NET_START:
		return vapply_check_net_active(va, s->object, after, err, errlen);
	case APPLY_NET_AUTOSTART:
		return vapply_net_set_autostart(va, s->object,
						after ? true : s->was_autostart, true,
						err, errlen);
	case APPLY_DOM_NIC_ADD:
		return vapply_check_dom(va, s->object, s->mac,
					after ? s->iface_after : NULL,
					live, err, errlen);
	case APPLY_DOM_NIC_REMOVE:
		/* A live unplug finishes when the guest lets go: only the
		 * definition is checked. */
		return vapply_check_dom(va, s->object, s->mac,
					after ? NULL : s->iface_before, false, err,
					errlen);
	case APPLY_DOM_NIC_CHANGE:
		return vapply_check_dom(va, s->object, s->mac,
					after ? s->iface_after : s->iface_before,
					live, err, errlen);
	case APPLY_GUEST_SEED:
	case APPLY_GUEST_FILES:
		return guest_apply_check(virt_handle(va->c), &va->expect, s, run, after,
					 err, errlen);
	default:
		errf(err, errlen, "unknown step kind %d", (int)s->kind);
		return -1;
	}
}

void virt_apply_ops(struct virt_apply *va, struct apply_ops *ops)
{
	ops->do_step = op_do;
	ops->check = op_check;
	ops->undo_step = op_undo;
	ops->ctx = va;
}
