/*
 * apply_recover.c - recovering an interrupted apply on the libvirt host
 * its journal names (see apply_recover.h).  Used by cli/cmd_apply.c and
 * ui/apply_run.c; it prints nothing.  Touches the state directory's
 * journal (apply_txn) and libvirt (virt, virt_apply).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "backend/apply_recover.h"
#include "backend/virt_apply.h"

void apply_recover_run(const char *state_dir, struct virt_conn *conn,
		       const char *conn_uri, const struct apply_faults *faults,
		       void (*starting)(void *ctx), void *ctx,
		       struct apply_recover *out)
{
	struct virt_conn *rc_conn = conn;
	struct virt_apply *va;
	struct apply_ops ops;
	int p;

	memset(out, 0, sizeof(*out));
	out->result = APPLY_RECOVERY_NONE;
	p = apply_txn_pending(state_dir, out->uri, sizeof(out->uri), out->err,
			      sizeof(out->err));
	if (p == 0)
		return;
	out->result = APPLY_RECOVERY_FAILED;
	if (p < 0) {
		out->stage = APPLY_RECOVER_UNREADABLE;
		return;
	}
	if (starting)
		starting(ctx);
	if (out->uri[0] && strcmp(out->uri, conn_uri ? conn_uri : "") != 0) {
		rc_conn = virt_connect(out->uri, out->err, sizeof(out->err));
		if (!rc_conn) {
			out->stage = APPLY_RECOVER_UNREACHABLE;
			return;
		}
	}
	va = virt_apply_new(rc_conn, out->err, sizeof(out->err));
	if (!va) {
		out->stage = APPLY_RECOVER_NO_BACKEND;
	} else {
		virt_apply_set_faults(va, faults);
		virt_apply_ops(va, &ops);
		out->stage = APPLY_RECOVER_RAN;
		out->result = apply_txn_recover(state_dir, &ops, faults,
						&out->msg);
		virt_apply_free(va);
	}
	if (rc_conn != conn)
		virt_close(rc_conn);
}

void apply_recover_free(struct apply_recover *out)
{
	free(out->msg);
	out->msg = NULL;
}
