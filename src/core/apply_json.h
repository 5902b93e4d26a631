/*
 * apply_json.h - `edgenet apply PLAN --json`: what one apply did (or, with
 * --dry-run, would do) as one JSON document, built from the records the
 * apply keeps - the diagnostics, the preflight's probe results and the
 * transaction's own steps and run states (apply_txn.h) - never derived
 * again.  Pure C: writes to the stream it is given.
 *
 * The format is documented and stable: keys are never removed or renamed
 * within a version, every key listed here is always present (null when
 * there is no value), new keys may be added.  Version 1:
 *
 *   { "format": "edgenet-apply", "version": 1,
 *     "edgenet": VERSION,
 *     "plan": FILE,
 *     "uri": URI|null,              the libvirt host (null: not reached)
 *     "host": "this-machine"|"simulated"|"remote"|"unknown"|null,
 *                                   as apply decided from the URI libvirt
 *                                   reports (null: not connected)
 *     "domain": NAME|null,          the plan's VM
 *     "dry_run": BOOL,
 *     "recovery": TEXT|null,        an earlier interrupted apply finished
 *                                   or rolled back first: what was done
 *     "diagnostics": [ DIAG ],      exactly what `edgenet check` says of
 *                                   the plan, as check --json writes
 *                                   them (core/check_json.h)
 *     "host_checks": [ DIAG ],      what only the host and the planner
 *                                   can tell (the VM is not defined, a
 *                                   subnet is taken...)
 *     "preflight": { "sent": BOOL,  probes went on the wire
 *        "why_not": TEXT|null,      why none was sent (simulated, remote,
 *                                   could not run, none to send)
 *        "probes": [ PROBE ],       the objects of `edgenet diag --json`
 *                                   (core/probe_verdict.h, probe_json.c)
 *        "diagnostics": [ { "field", "severity", "message" } ] },
 *     "steps": [ STEP ],            in order; [] when none was planned
 *     "confirmation": { "result": "not-asked"|"confirmed"|"declined"|
 *                         "timed-out"|"input-closed"|"interrupted",
 *        "by": "option"|"answer"|null,   --yes, or "yes" typed
 *        "timeout_s": N|null },     the countdown when it was asked
 *     "rollback": { "ran": BOOL,
 *        "why": TEXT|null,          "a step failed", "not confirmed in
 *                                   time", "not confirmed", "no answer:
 *                                   input closed", "interrupted"
 *        "failed_step": N|null,     the step (1-based) that failed
 *        "error": TEXT|null,        why the apply stopped (the failing
 *                                   step's error, or the final check's)
 *        "complete": BOOL|null },   every undo done and verified
 *     "error": TEXT|null,           why apply stopped before any step
 *                                   (host unusable...), or the commit
 *                                   failed
 *     "exit": N,                    the exit status the command returns
 *     "status": "applied"|"nothing-to-change"|"dry-run"|"refused"|
 *               "unusable"|"rolled-back"|"not-confirmed"|
 *               "rollback-incomplete"|"commit-failed" }
 *                                   the word for "exit" (0 is one of the
 *                                   first three; 1 refused: the plan or
 *                                   a preflight error; 2 unusable; 3
 *                                   rolled back after a failed step; 4
 *                                   not confirmed; 5 the rollback could
 *                                   not undo everything, or the change
 *                                   is kept but its commit failed: the
 *                                   journal is left, "error" says why)
 *   DIAG = { "line": N|null, "field": PATH, "severity": "error"|"warning",
 *            "message": TEXT }
 *   STEP = { "number": N, "kind": KIND, "object": NAME,
 *     "text": TEXT,                 what the step changes, in words
 *     "undo_text": TEXT,            how it is undone
 *     "nic": NAME|null, "mac": MAC|null,  the plan's NIC and its MAC
 *     "ip_before": ADDR|null, "ip_after": ADDR|null,  a DHCP host entry
 *     "seed": PATH|null,            the seed a guest-seed step gives
 *     "files": [ NAME ],            the guest files it writes
 *     "before": TEXT|null, "after": TEXT|null,   the object's definition
 *                                   (libvirt XML) before and after
 *     "interface_before": TEXT|null, "interface_after": TEXT|null,
 *                                   a VM NIC's <interface> element
 *     "diff": TEXT|null,            "before" to "after" as lines "- ",
 *                                   "+ ", "  " (escaped; null when
 *                                   neither is there)
 *     "result": "planned"|"verified"|"failed"|"skipped"|"started",
 *                                   planned: dry run; verified: done and
 *                                   its check passed; skipped: not
 *                                   reached; started: cut short
 *     "why": TEXT|null,             why skipped
 *     "error": TEXT|null,           why it failed
 *     "note": TEXT|null,            a remark ("takes effect at the next
 *                                   VM start")
 *     "live": BOOL,                 a running VM was changed live too
 *     "undo": null | { "result": "undone"|"could-not-undo"|"not-needed"|
 *                      "not-undone", "error": TEXT|null } }
 *                                   null: no rollback ran; undone: undone
 *                                   and its check passed; not-needed: the
 *                                   step never started; not-undone: the
 *                                   rollback stopped before it
 *   KIND = "link-bridge"|"net-define"|"net-redefine"|"net-dhcp-host"|
 *          "net-start"|"net-autostart"|"nic-remove"|"nic-change"|
 *          "nic-add"|"guest-seed"|"guest-files" (apply_kind_name, the
 *          journal's names)
 */
#ifndef EDGENET_APPLY_JSON_H
#define EDGENET_APPLY_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/apply_steps.h"
#include "core/apply_txn.h"
#include "core/diag.h"
#include "core/plan.h"
#include "core/probe_plan.h"

#define APPLY_JSON_FORMAT "edgenet-apply"
#define APPLY_JSON_VERSION 1

enum apply_confirm {
	APPLY_CONFIRM_NOT_ASKED = 0,	/* no step ran, or one failed */
	APPLY_CONFIRM_OPTION,		/* --yes */
	APPLY_CONFIRM_ANSWER,		/* "yes" typed */
	APPLY_CONFIRM_DECLINED,		/* another answer */
	APPLY_CONFIRM_TIMED_OUT,
	APPLY_CONFIRM_INPUT_CLOSED,
	APPLY_CONFIRM_INTERRUPTED,	/* a signal */
};

struct apply_json_input {
	const char *version;		/* edgenet's */
	const char *plan_file;
	const char *uri;		/* NULL: not connected */
	const char *reported_uri;	/* libvirt's word for it (NULL: URI) */
	const char *domain;		/* NULL: the plan was not read */
	bool dry_run;
	const char *recovery;		/* NULL: nothing recovered */
	const struct diag_list *diags;	/* check's [0, PLAN_DIAGS), the
					 * host's after them; NULL: none */
	size_t plan_diags;
	/* the preflight: whether sent, or why not; its targets and results
	 * (N of each), planned from PLAN */
	bool preflight_sent;
	const char *preflight_why_not;
	const struct plan *plan;
	const struct probe_target *targets;
	const struct probe_result *results;
	size_t nprobes;
	/* the steps: the transaction's when one ran (TXN), else the planned
	 * ones (PLANNED, NULL: none planned) */
	const struct apply_txn *txn;
	const struct apply_steps *planned;
	enum apply_confirm confirm;
	long timeout_s;			/* the countdown when asked */
	const char *rollback_why;	/* NULL: no rollback ran */
	const char *error;		/* NULL or "": none */
	int exit;
};

/* The document above on F. */
void apply_json_write(FILE *f, const struct apply_json_input *in);

/* "this-machine", "simulated", "remote" or "unknown" for the libvirt
 * host URI (libvirt's reported one: an alias resolved), by the rule the
 * preflight uses (core/host.h); NULL for NULL. */
const char *apply_json_host_word(const char *uri);

#endif
