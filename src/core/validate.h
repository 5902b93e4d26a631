/*
 * validate.h - every verdict on a plan comes from here.  Screens and the
 * command line only show what plan_validate says.
 */
#ifndef EDGENET_VALIDATE_H
#define EDGENET_VALIDATE_H

#include "diag.h"
#include "plan.h"
#include "policy.h"

/* Appends one diagnostic per problem found in P to OUT, with the field's
 * path ("nics[1].ip.gateway") and a message saying what to do.  A field
 * that already has an error in OUT (the loader's: a value it refused, or
 * a misspelt key that meant it) gets no second one. */
void plan_validate(const struct plan *p, const struct policy *pol,
		   struct diag_list *out);

#endif
