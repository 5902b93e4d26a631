/*
 * virt_apply.h - applying a plan to a libvirt host: the snapshot the
 * planner starts from, and the apply_ops (core/apply_txn.h) that carry
 * out, check and undo each step through libvirt (networks, DHCP host
 * entries, the VM's interfaces) and netlink (bridges for external
 * switches, nl_bridge.h).
 *
 * This is also the console's entry point to apply (the review step's
 * Apply button):
 *
 *   struct virt_apply *va = virt_apply_new(conn, err, sizeof(err));
 *   struct apply_ops ops;
 *   virt_apply_ops(va, &ops);
 *   // once at start-up (or before the first apply):
 *   apply_txn_recover(state_dir, &ops, faults, &msg); -> show msg if any
 *   // on Apply:
 *   virt_apply_prepare(conn, &plan, &policy, &state, &steps, &diags)
 *       -> diags on failure (show them in the fields they name)
 *   txn = apply_txn_new(&steps, &ops, state.dir, virt_handle_uri, text,..)
 *   then on every turn of the poll() loop: apply_txn_step(txn) ...
 *   (see apply_txn.h for the whole sequence)
 *
 * Network XML is read with VIR_NETWORK_XML_INACTIVE (the persistent
 * definition), falling back to the current one where the driver does not
 * know the flag (the test driver).  DHCP host entries change through
 * virNetworkUpdate (live and persistent); where libvirt answers
 * VIR_ERR_NO_SUPPORT the network is redefined (and restarted when
 * active) instead.  The VM's persistent definition is always changed
 * (virDomainDefineXML); a running VM is also changed live where libvirt
 * and the VM allow it, else the step notes "takes effect at the next
 * start of the VM".
 *
 * The guest steps (the seed CD-ROM, the files written through the guest
 * agent) are carried out by guest_apply.h.
 *
 * Test hook: apply_faults.no_network_update (EDGENET_NO_NETWORK_UPDATE=1,
 * read by the caller) takes the redefine path as if virNetworkUpdate
 * were not supported; the caller passes it with virt_apply_set_faults.
 */
#ifndef EDGENET_BACKEND_VIRT_APPLY_H
#define EDGENET_BACKEND_VIRT_APPLY_H

#include <stdbool.h>
#include <stddef.h>

#include "backend/virt.h"
#include "core/apply_plan.h"
#include "core/apply_txn.h"
#include "core/diag.h"
#include "core/pending.h"
#include "core/plan.h"
#include "core/policy.h"
#include "core/state.h"

struct virt_apply;

/* Ops on connection C (which must outlive the result). */
struct virt_apply *virt_apply_new(struct virt_conn *c, char *err,
				  size_t errlen);
void virt_apply_free(struct virt_apply *va);
/* The test hooks that act in this backend (F may be NULL: none); read
 * once here, F need not outlive the call. */
void virt_apply_set_faults(struct virt_apply *va,
			   const struct apply_faults *f);
void virt_apply_ops(struct virt_apply *va, struct apply_ops *ops);

/* True when C talks to this machine (links can be read and changed
 * here): not a remote URI with a host name. */
bool virt_apply_is_local(struct virt_conn *c);

/* Reads what the planner needs: every libvirt network (persistent XML,
 * active, autostart), P's VM (persistent XML, running) and, when the
 * host is this machine, the links of P's bridge-mode external switches.
 * 0, or -1 with a message in ERR (OUT is then empty). */
int virt_apply_snapshot(struct virt_conn *c, const struct plan *p,
			struct apply_snapshot *out, char *err, size_t errlen);

/* Every NIC's MAC: the plan's own, else the one kept in the state
 * directory (generated once, state_nic_mac).  0, or -1 with a message. */
int virt_apply_macs(const struct plan *p, struct state *st,
		    struct mac macs[PLAN_MAX_NICS], char *err, size_t errlen);

/* The plan the guest checks compare the running VM with (its addresses,
 * routes and DNS after the files step): call it with the plan given to
 * virt_apply_prepare.  Without it (recovery) only the guest's files are
 * compared.  0, or -1 with a message (a MAC cannot be resolved). */
int virt_apply_expect(struct virt_apply *va, const struct plan *p,
		      struct state *st, char *err, size_t errlen);

/* Validates P, resolves the MACs, reads the host and plans the steps.
 * 0 with STEPS filled (maybe empty: nothing to do), or -1 with
 * diagnostics in DIAGS (validation errors, or what the host lacks).
 * Warnings go to DIAGS in both cases. */
int virt_apply_prepare(struct virt_conn *c, const struct plan *p,
		       const struct policy *pol, struct state *st,
		       struct apply_steps *steps, struct diag_list *diags);

/* The dry run's virt_apply_prepare: changes nothing, the state
 * directory included (ST is only read; it need not exist).  A NIC with
 * no MAC in the plan and none kept in the state directory gets none
 * generated: KNOWN[i] is false for it and the steps show its MAC as
 * generated at apply (apply_dry.h).  The steps are for showing
 * (apply_steps_report), never for running. */
int virt_apply_prepare_dry(struct virt_conn *c, const struct plan *p,
			   const struct policy *pol, struct state *st,
			   bool known[PLAN_MAX_NICS],
			   struct apply_steps *steps, struct diag_list *diags);

/* ---- what waits for the VM's next start, and restarting it ---- */

/* What DOMAIN's next start changes (pending.h: its running definition
 * against its persistent one; SEED_DIR is STATE_DIR/seeds/DOMAIN).
 * *RUNNING: whether it runs (a shut-off VM has nothing pending).  0, or
 * -1 with a message in ERR. */
int virt_apply_pending(struct virt_conn *c, const char *domain,
		       const char *seed_dir, struct pending_list *out,
		       bool *running, char *err, size_t errlen);
/* Asks DOMAIN to shut down (ACPI, as the power button; the guest decides
 * how long it takes) without waiting.  0, or -1 with a message. */
int virt_apply_vm_shutdown(struct virt_conn *c, const char *domain,
			   char *err, size_t errlen);
/* 1 DOMAIN still runs (or is shutting down), 0 it is shut off, -1 error
 * (message in ERR). */
int virt_apply_vm_running(struct virt_conn *c, const char *domain,
			  char *err, size_t errlen);
/* Starts the shut-off DOMAIN from its persistent definition.  0, or -1
 * with a message. */
int virt_apply_vm_start(struct virt_conn *c, const char *domain, char *err,
			size_t errlen);

#endif
