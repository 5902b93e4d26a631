/*
 * apply_dry.h - what a dry run shows for a MAC that does not exist yet.
 *
 * A NIC with no MAC in the plan and none kept in the state directory gets
 * one generated (randomly, once) by the real apply.  A dry run stores
 * nothing, so it cannot know that value: it plans with a stand-in MAC
 * that appears nowhere on the host, then rewrites every text of the
 * planned steps so that the stand-in reads "[new MAC of NIC, generated
 * at apply]" and the seed's file name, which depends on the MACs, reads
 * "seed-[named after its contents at apply].iso".  The steps rewritten
 * that way are for showing only (apply_steps_report), never for running.
 * Pure C.
 */
#ifndef EDGENET_APPLY_DRY_H
#define EDGENET_APPLY_DRY_H

#include <stdbool.h>
#include <stddef.h>

#include "apply_plan.h"
#include "mac.h"
#include "plan.h"

/* What a stand-in MAC turns into in the shown steps. */
#define APPLY_DRY_MAC_WORDS "generated at apply"
#define APPLY_DRY_SEED_WORDS "seed-[named after its contents at apply].iso"

/* For each NIC i of P with KNOWN[i] false, puts into MACS[i] a stand-in:
 * a locally administered unicast address equal to no other entry of MACS
 * and found in none of SNAP's XML and guest files (SNAP may be NULL). */
void apply_dry_standins(const struct plan *p, const bool *known,
			struct mac *macs, const struct apply_snapshot *snap);

/* Rewrites the texts of STEPS (sentences, XML before and after, the
 * interface elements, the seed's path, the guest files): each stand-in
 * MACS[i] (KNOWN[i] false) becomes "[new MAC of NAME, generated at
 * apply]", and, when there was a stand-in, the new seed's file name
 * becomes APPLY_DRY_SEED_WORDS.  Returns the number of stand-ins, or -1
 * when memory runs out. */
int apply_dry_mark(struct apply_steps *steps, const struct plan *p,
		   const bool *known, const struct mac *macs);

#endif
