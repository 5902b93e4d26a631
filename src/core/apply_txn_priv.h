/*
 * apply_txn_priv.h - what the parts of the apply transaction share, and
 * nothing outside them uses: the transaction itself (apply_txn.c runs
 * it) and the report of a journal's steps (apply_txn_view.c writes it;
 * recovery in apply_txn.c shows it too).  The public side is
 * apply_txn.h.
 */
#ifndef EDGENET_CORE_APPLY_TXN_PRIV_H
#define EDGENET_CORE_APPLY_TXN_PRIV_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/apply_txn.h"
#include "core/err.h"
#include "core/journal.h"

struct apply_txn {
	struct journal j;	/* steps, run states, phase, uri, plan */
	struct apply_ops ops;
	char path[PATH_MAX];	/* the journal */
	char dir[PATH_MAX];
	size_t next;		/* next step to do */
	bool verified;		/* final verification passed */
	bool journal_broken;	/* a journal write failed */
	size_t undos;		/* undos done in this rollback */
	char error[ERR_MAX];
	/* the step that failed (1-based, 0: none) and its error as it
	 * failed (a failed undo later rewrites the run's error) */
	size_t failed;
	char failed_error[ERR_MAX];
	struct apply_faults hooks;	/* injected faults (tests) */
};

/* Every step of J with what happened to it, as lines of text (what
 * apply_txn_report says), malloc'd; NULL when out of memory. */
char *apply_txn_journal_report(const struct journal *j);

#endif
