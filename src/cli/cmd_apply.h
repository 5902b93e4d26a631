/*
 * cmd_apply.h - `edgenet apply PLAN [--dry-run] [--yes]
 * [--confirm-timeout S]`, called by main.c's dispatch.
 *
 * Exit statuses (beside cli.h's 0 clean, 1 plan has errors, 2 unusable):
 *   3  a step failed: everything was rolled back, verified
 *   4  not confirmed in time (or refused): everything was rolled back
 *   5  a rollback (or the recovery of an interrupted apply) could not
 *      undo everything: the output says what is left, the journal stays
 */
#ifndef EDGENET_CMD_APPLY_H
#define EDGENET_CMD_APPLY_H

#include "cli/cli.h"

enum {
	EXIT_APPLY_FAILED = 3,
	EXIT_NOT_CONFIRMED = 4,
	EXIT_ROLLBACK_INCOMPLETE = 5,
};

int cmd_apply(const struct cli_globals *g, int argc, char **argv);

#endif
