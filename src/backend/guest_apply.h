/*
 * guest_apply.h - carrying out the guest steps of an apply
 * (core/apply_guest.h) on a libvirt host: the NoCloud seed (written with
 * seed_iso, given to the VM as a CD-ROM) and the networkd files written
 * into the running guest through its agent (guest_agent), with checks
 * inside the guest (core/guest_state).  virt_apply's ops call these for
 * the APPLY_GUEST_* kinds; the snapshot part fills the guest side of
 * struct apply_snapshot.
 */
#ifndef EDGENET_BACKEND_GUEST_APPLY_H
#define EDGENET_BACKEND_GUEST_APPLY_H

#include <stdbool.h>
#include <stddef.h>
#include <libvirt/libvirt.h>

#include "core/apply_plan.h"
#include "core/diag.h"
#include "core/policy.h"
#include "core/journal.h"
#include "core/mac.h"
#include "core/plan.h"

/* How long the guest may take to show the planned state after a reload
 * (DHCP included), and after an undo. */
#define GUEST_SETTLE_MS 60000

/* What the guest checks compare with: the plan being applied (NULL: only
 * the files are compared). */
struct guest_expect {
	bool set;
	struct plan plan;
	struct mac macs[PLAN_MAX_NICS];
};

/* Fills the guest side of SNAP for the VM DOMAIN: SEED_DIR (STATE_DIR/
 * seeds/DOMAIN, or "" with the reason when LOCAL is false), whether the
 * running VM has our seed CD-ROM, and through the agent our networkd
 * files in the guest (SNAP->agent says whether the agent answered).
 * Never fails: what cannot be read is said in SNAP. */
void guest_apply_snapshot(virConnectPtr conn, const char *domain,
			  const char *state_dir, bool local,
			  struct apply_snapshot *snap);

/* Compares what DOMAIN's guest has (our networkd files, through its
 * agent) with what plan P renders to: a note in NOTES for each file that
 * differs, is missing or is extra (someone changed it in the VM), or why
 * the guest could not be read.  Returns the number of differences, -1
 * when the guest could not be compared (said in NOTES). */
int guest_apply_drift(virConnectPtr conn, const char *domain,
		      const struct plan *p, const struct policy *pol,
		      const struct mac *macs, struct diag_list *notes);

int guest_apply_do(virConnectPtr conn, const struct apply_step *s,
		   struct apply_run *out, char *err, size_t errlen);
int guest_apply_undo(virConnectPtr conn, const struct apply_step *s,
		     const struct apply_run *run, char *err, size_t errlen);
int guest_apply_check(virConnectPtr conn, const struct guest_expect *ex,
		      const struct apply_step *s, const struct apply_run *run,
		      bool after, char *err, size_t errlen);

#endif
