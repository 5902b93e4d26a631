/*
 * apply_plan.h - what applying a plan will do, step by step.
 *
 * Pure planning: from a snapshot of the host (its libvirt networks with
 * their definitions, the VM's definition, the links an external switch
 * needs) and a validated plan, build the ordered list of steps that turns
 * the one into the other.  Each step names its kind, the object it
 * changes, the object's XML before and after (when it is an XML change),
 * a sentence saying what it does and a sentence saying how it is undone.
 * Nothing here talks to libvirt or the kernel: the backends (virt_apply,
 * nl_bridge) carry the steps out, apply_txn runs them as a transaction.
 *
 * Order: host links (bridges for external switches), then networks
 * (define or redefine, DHCP host entries, start, autostart), then the
 * VM's NICs (removed, changed, added), then the guest: its NoCloud seed
 * (the CD-ROM the VM reads at every start) and, when it runs and its
 * agent answers, its networkd files (apply_guest.h).  A network that is
 * already as planned gets no step; a plan already in place gives an empty
 * list.  The snapshot and the steps themselves are apply_steps.h.
 */
#ifndef EDGENET_APPLY_PLAN_H
#define EDGENET_APPLY_PLAN_H

#include "apply_steps.h"
#include "diag.h"
#include "mac.h"
#include "plan.h"
#include "policy.h"

/* Builds the steps that turn SNAP into what P plans.  MACS: each NIC's
 * MAC (plan order).  Returns 0, or -1 with diagnostics in DIAGS: the plan
 * has validation errors (no step is ever planned from such a plan), or
 * the host cannot take it (the VM does not exist, an uplink is missing,
 * a bridge name is taken by something that is not a bridge...).  Warnings
 * (a disruptive restart, a change that waits for the next VM start) are
 * added to DIAGS too. */
int apply_plan_build(const struct plan *p, const struct policy *pol,
		     const struct mac *macs, const struct apply_snapshot *snap,
		     struct apply_steps *out, struct diag_list *diags);

/* The dry-run report: every step as a numbered sentence, then each
 * libvirt object with a diff of its XML before and after, and each host
 * link change.  Malloc'd text; NULL when memory runs out. */
char *apply_steps_report(const struct apply_steps *s);

#endif
