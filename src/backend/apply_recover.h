/*
 * apply_recover.h - the one recovery of an interrupted apply, for the
 * command line (`edgenet apply`) and the console alike: is there a
 * journal in the state directory, on which libvirt host, connect there
 * when it is not the host already open, run the transaction's recovery
 * (core/apply_txn.h apply_txn_recover) through virt_apply's steps, and
 * close what was opened for it.  Each caller words the outcome itself.
 *
 * Touches: the state directory's journal (through apply_txn), libvirt
 * (through virt and virt_apply).
 */
#ifndef EDGENET_APPLY_RECOVER_H
#define EDGENET_APPLY_RECOVER_H

#include "backend/virt.h"
#include "core/apply_txn.h"
#include "core/err.h"
#include "core/journal.h"

enum apply_recover_stage {
	APPLY_RECOVER_NOTHING = 0,	/* no interrupted apply */
	APPLY_RECOVER_UNREADABLE,	/* the journal cannot be read: ERR */
	APPLY_RECOVER_UNREACHABLE,	/* its host (URI) cannot be reached */
	APPLY_RECOVER_NO_BACKEND,	/* virt_apply could not start: ERR */
	APPLY_RECOVER_RAN,		/* apply_txn_recover ran: RESULT */
};

struct apply_recover {
	enum apply_recover_stage stage;
	/* RAN: what apply_txn_recover did; every other stage but NOTHING:
	 * APPLY_RECOVERY_FAILED */
	enum apply_recovery result;
	char uri[JOURNAL_URI_MAX];	/* the host the journal names */
	char err[ERR_MAX];		/* why, for the stages that failed */
	char *msg;	/* RAN: apply_txn_recover's message (malloc'd), NULL */
};

/* Recovers the apply interrupted in STATE_DIR, if any, into OUT.  CONN
 * is the connection already open, to CONN_URI; the journal's host is
 * connected to for the recovery when it is another one.  FAULTS: the
 * test hooks (NULL: none).  STARTING (may be NULL) is called with CTX
 * once a readable journal is found, before anything is connected or
 * undone (the command line says so first).  Free OUT with
 * apply_recover_free. */
void apply_recover_run(const char *state_dir, struct virt_conn *conn,
		       const char *conn_uri, const struct apply_faults *faults,
		       void (*starting)(void *ctx), void *ctx,
		       struct apply_recover *out);

/* Frees OUT->msg (and clears it). */
void apply_recover_free(struct apply_recover *out);

#endif
