/*
 * apply_plan_priv.h - what the planners of an apply share, and nothing
 * outside them may include (apply_plan.c, apply_plan_net.c,
 * apply_plan_dom.c): the planner's state, how a problem or a step is
 * recorded, and the planners apply_plan_build calls in turn.  The public
 * interface is apply_plan.h.
 */
#ifndef EDGENET_APPLY_PLAN_PRIV_H
#define EDGENET_APPLY_PLAN_PRIV_H

#include <stdbool.h>
#include <stddef.h>

#include "core/apply_plan.h"
#include "core/vxml.h"
#include "core/xmlgen.h"

struct planner {
	const struct plan *p;
	const struct apply_snapshot *snap;
	struct xmlgen g;
	char macs[PLAN_MAX_NICS][MAC_STRLEN];	/* canonical text */
	struct vxml_dom dom;			/* the snapshot's VM */
	struct apply_steps *out;
	struct diag_list *diags;
	int errors;
	char *dom_final;			/* the VM's XML after its NIC steps */
};

/* An error (counted: the plan fails) or a warning at PATH (apply_plan.c). */
void ap_err(struct planner *pl, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ap_warn(struct planner *pl, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A new step of kind K on OBJECT; NULL (an error recorded) when memory
 * runs out. */
struct apply_step *ap_step(struct planner *pl, enum apply_kind k,
			   const char *object);

/* Is MAC one of the plan's NICs or of the VM's current interfaces?  The
 * name of the plan's NIC with MAC ("" when none). */
bool ap_mac_is_ours(const struct planner *pl, const char *mac);
const char *ap_nic_of_mac(const struct planner *pl, const char *mac);

/* The bridge of external switch I; switch I's network (apply_plan_net.c). */
void ap_link(struct planner *pl, size_t i);
void ap_network(struct planner *pl, size_t i);

/* The VM's NIC steps, and pl->dom_final (apply_plan_dom.c). */
void ap_domain(struct planner *pl);

#endif
