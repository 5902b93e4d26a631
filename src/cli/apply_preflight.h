/*
 * apply_preflight.h - the checks `edgenet apply` makes before anything
 * changes (apply_preflight.c), for cmd_apply.c.  CLI layer.
 */
#ifndef EDGENET_CLI_APPLY_PREFLIGHT_H
#define EDGENET_CLI_APPLY_PREFLIGHT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"
#include "core/plan.h"
#include "core/planfile.h"
#include "core/probe.h"
#include "core/err.h"
#include "core/state.h"

struct virt_conn;

/* The plan P against the host's networks and VMs and its NICs' static
 * addresses against the host's own interfaces, into D.  Returns the
 * number of errors found. */
size_t cli_apply_host_preflight(struct virt_conn *conn, const char *uri,
				const struct plan *p, struct diag_list *d);

/* What the host and the planner add to check's diagnostics (D from index
 * FROM on), printed under a line saying check cannot make them. */
void cli_apply_print_host_diags(const char *file, const char *uri,
				const struct plan_lines *lines,
				struct diag_list *d, size_t from);

/* What the preflight did, kept for apply --json: probes SENT, else
 * WHY_NOT; RUN (NULL when none ran; diag_run_free it) holds each probe's
 * target and result. */
struct cli_preflight {
	bool sent;
	char why_not[PROBE_WHY_MAX + ERR_MAX];
	struct diag_run *run;
};

/* The preflight probes, sent and printed; returns the number of errors
 * (an address in use refuses the apply).  OUT (may be NULL) keeps what
 * it did. */
size_t cli_apply_probe_preflight(struct virt_conn *conn, const char *uri,
				 bool demo, const char *file,
				 const struct plan *p,
				 const struct plan_lines *lines,
				 const struct state *st,
				 struct cli_preflight *out);

#endif
