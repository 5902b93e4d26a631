/*
 * fuzz_plan_lib.h - what the two plan harnesses share (fuzz_plan.c and
 * fuzz_planset.c): a plan's text loaded and validated as `edgenet
 * check` does, with the shipped policy, and the invariants checked.
 */
#ifndef EDGENET_FUZZ_PLAN_LIB_H
#define EDGENET_FUZZ_PLAN_LIB_H

#include "core/plan.h"
#include "core/policy.h"

struct planset_list;

/* TEXT loaded as a plan with SETS over it (NULL: none), validated
 * against the policy, lines and --set marks put on the findings, as
 * `edgenet check` does.  Aborts when a load fails without saying why,
 * a finding says nothing, one marked as from a --set keeps a line or
 * holds a control byte, or a plan without error does not write, read
 * and write again to the same text. */
void fuzz_plan_check(const char *text, const struct planset_list *sets);

#endif
