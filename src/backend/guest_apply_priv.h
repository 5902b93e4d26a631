/*
 * guest_apply_priv.h - what the two parts of the guest steps share, and
 * nothing outside them uses: the VM a step names (guest_apply.c) and the
 * seed step's do, undo and check (guest_apply_seed.c), which the ops in
 * guest_apply.c dispatch to.  The public side is guest_apply.h.
 */
#ifndef EDGENET_BACKEND_GUEST_APPLY_PRIV_H
#define EDGENET_BACKEND_GUEST_APPLY_PRIV_H

#include <stdbool.h>
#include <stddef.h>

#include <libvirt/libvirt.h>

#include "backend/guest_apply.h"
#include "core/apply_steps.h"

/* VM NAME, or NULL with "cannot find the VM: <libvirt's error>". */
virDomainPtr guest_apply_dom_get(virConnectPtr conn, const char *name,
				 char *err, size_t errlen);

/* The seed step (APPLY_GUEST_SEED), as guest_apply_do, guest_apply_undo
 * and guest_apply_check describe them. */
int guest_apply_seed_do(virConnectPtr conn, const struct apply_step *s,
			struct apply_run *out, char *err, size_t errlen);
int guest_apply_seed_undo(virConnectPtr conn, const struct apply_step *s,
			  const struct apply_run *run, char *err,
			  size_t errlen);
int guest_apply_seed_check(virConnectPtr conn, const struct apply_step *s,
			   const struct apply_run *run, bool after, char *err,
			   size_t errlen);

#endif
