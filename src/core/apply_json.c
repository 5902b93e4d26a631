/*
 * apply_json.c - the document of `edgenet apply --json` (apply_json.h):
 * the apply's diagnostics (diag_write.h, as check --json writes them),
 * the preflight's probes (probe_json.c's objects), and each step with
 * what the transaction recorded for it (apply_txn.h: its run state, its
 * error, its undo).  Through the one JSON writer (json.h); writes to the
 * stream it is given, nothing else.
 */
#include <stdlib.h>
#include <string.h>

#include "core/apply_json.h"
#include "core/diag_write.h"
#include "core/host.h"
#include "core/json.h"
#include "core/probe_verdict.h"
#include "core/textdiff.h"

const char *apply_json_host_word(const char *uri)
{
	if (!uri)
		return NULL;
	switch (host_uri_where(uri)) {
	case HOST_SIMULATED:
		return "simulated";
	case HOST_UNKNOWN:
		return "unknown";
	case HOST_THIS_MACHINE:
		return "this-machine";
	case HOST_REMOTE:
		break;
	}
	return "remote";
}

static const char *status_word(const struct apply_json_input *in)
{
	switch (in->exit) {
	case 0:
		if (in->dry_run)
			return "dry-run";
		return in->txn ? "applied" : "nothing-to-change";
	case 1:
		return "refused";
	case 3:
		return "rolled-back";
	case 4:
		return "not-confirmed";
	case 5:
		/* no rollback ran: the change is kept, its commit failed */
		return in->rollback_why ? "rollback-incomplete" :
		       "commit-failed";
	default:
		return "unusable";
	}
}

static const char *confirm_word(enum apply_confirm c)
{
	switch (c) {
	case APPLY_CONFIRM_OPTION:
	case APPLY_CONFIRM_ANSWER:
		return "confirmed";
	case APPLY_CONFIRM_DECLINED:
		return "declined";
	case APPLY_CONFIRM_TIMED_OUT:
		return "timed-out";
	case APPLY_CONFIRM_INPUT_CLOSED:
		return "input-closed";
	case APPLY_CONFIRM_INTERRUPTED:
		return "interrupted";
	case APPLY_CONFIRM_NOT_ASKED:
		break;
	}
	return "not-asked";
}

/* The diagnostics of D in [FROM, TO) as check --json's objects: a view
 * of D's own items, nothing copied. */
static void diags_range(struct json_writer *w, const struct diag_list *d,
			size_t from, size_t to)
{
	struct diag_list part;

	diag_list_init(&part);
	if (d && from < to) {
		part.items = d->items + from;
		part.count = to - from;
	}
	diag_write_json(w, &part, DIAG_JSON_LINE, "\n    ", "\n  ");
}

static void preflight(struct json_writer *w, const struct apply_json_input *in)
{
	struct diag_list v;

	diag_list_init(&v);
	for (size_t i = 0; in->targets && in->results && i < in->nprobes; i++)
		probe_verdict(in->plan, &in->targets[i], &in->results[i], &v);
	json_object_begin(w);
	json_break(w, "\n    ");
	json_member_bool(w, "sent", in->preflight_sent);
	json_break(w, "\n    ");
	json_member_string_opt(w, "why_not", in->preflight_why_not);
	json_break(w, "\n    ");
	json_key(w, "probes");
	probe_json_write_probes(w, in->plan, in->targets, in->results,
				in->nprobes, "\n      ", "\n    ");
	json_break(w, "\n    ");
	json_key(w, "diagnostics");
	diag_write_json(w, &v, DIAG_JSON_FIELD, "\n      ", "\n    ");
	json_break(w, "\n  ");
	json_object_end(w);
	diag_list_free(&v);
}

/* What happened to step I (0-based): RUN NULL in a dry run.  FAILED is
 * the transaction's failed step (1-based, 0: none). */
static void step_result(struct json_writer *w, const struct apply_run *run,
			size_t i, size_t failed, const char *failed_error)
{
	const char *res = "planned", *why = NULL, *error = NULL;

	if (run) {
		switch (run->state) {
		case APPLY_STEP_PENDING:
			res = "skipped";
			why = failed ? "an earlier step failed" :
			      "the apply stopped before it";
			break;
		case APPLY_STEP_DOING:
			res = "started";
			break;
		case APPLY_STEP_FAILED:
			res = "failed";
			error = run->error;
			break;
		default:	/* done, or undone/undoing after it ran */
			if (failed == i + 1) {
				res = "failed";
				error = failed_error;
			} else {
				res = "verified";
			}
			break;
		}
	}
	json_member_string(w, "result", res);
	json_member_string_opt(w, "why", why);
	json_member_string_opt(w, "error", error);
}

static void step_undo(struct json_writer *w, const struct apply_run *run,
		      bool rolled)
{
	const char *res;

	json_key(w, "undo");
	if (!run || !rolled) {
		json_null(w);
		return;
	}
	switch (run->state) {
	case APPLY_STEP_UNDONE:
		res = "undone";
		break;
	case APPLY_STEP_UNDO_FAILED:
		res = "could-not-undo";
		break;
	case APPLY_STEP_PENDING:
		res = "not-needed";
		break;
	default:	/* not reached yet: the rollback stopped */
		res = "not-undone";
		break;
	}
	json_object_begin(w);
	json_member_string(w, "result", res);
	json_member_string_opt(w, "error",
			       run->state == APPLY_STEP_UNDO_FAILED ?
			       run->error : NULL);
	json_object_end(w);
}

static void gfile_names(struct json_writer *w, const struct apply_step *s)
{
	json_key(w, "files");
	json_array_begin(w);
	for (size_t i = 0; i < s->files_after.n; i++)
		json_string(w, s->files_after.f[i].name);
	json_array_end(w);
}

static void step(struct json_writer *w, const struct apply_step *s,
		 const struct apply_run *run, size_t i, size_t failed,
		 const char *failed_error, bool rolled)
{
	char *diff = NULL;

	if (s->before || s->after)
		diff = textdiff_lines(s->before, s->after, 3, NULL);
	json_object_begin(w);
	json_break(w, "\n      ");
	json_member_int(w, "number", (long long)i + 1);
	json_member_string(w, "kind", apply_kind_name(s->kind));
	json_member_string(w, "object", s->object);
	json_break(w, "\n      ");
	json_member_string(w, "text", s->text);
	json_break(w, "\n      ");
	json_member_string(w, "undo_text", s->undo_text);
	json_break(w, "\n      ");
	json_member_string_opt(w, "nic", s->nic);
	json_member_string_opt(w, "mac", s->mac);
	json_member_string_opt(w, "ip_before", s->ip_before);
	json_member_string_opt(w, "ip_after", s->ip_after);
	json_member_string_opt(w, "seed", s->seed_after);
	gfile_names(w, s);
	json_break(w, "\n      ");
	json_member_string(w, "before", s->before);
	json_break(w, "\n      ");
	json_member_string(w, "after", s->after);
	json_break(w, "\n      ");
	json_member_string(w, "interface_before", s->iface_before);
	json_break(w, "\n      ");
	json_member_string(w, "interface_after", s->iface_after);
	json_break(w, "\n      ");
	json_member_string(w, "diff", diff);
	json_break(w, "\n      ");
	step_result(w, run, i, failed, failed_error);
	json_member_string_opt(w, "note", run ? run->note : NULL);
	json_member_bool(w, "live", run && run->live_done);
	step_undo(w, run, rolled);
	json_break(w, "\n    ");
	json_object_end(w);
	free(diff);
}

static void steps(struct json_writer *w, const struct apply_json_input *in,
		  size_t failed, const char *failed_error)
{
	bool rolled = in->rollback_why != NULL;

	json_array_begin(w);
	if (in->txn) {
		size_t n = apply_txn_count(in->txn);

		for (size_t i = 0; i < n; i++) {
			const struct apply_run *run;
			const struct apply_step *s =
				apply_txn_step_info(in->txn, i, &run);

			json_break(w, "\n    ");
			step(w, s, run, i, failed, failed_error, rolled);
		}
		if (n)
			json_break(w, "\n  ");
	} else if (in->planned) {
		for (size_t i = 0; i < in->planned->count; i++) {
			json_break(w, "\n    ");
			step(w, &in->planned->items[i], NULL, i, 0, NULL,
			     false);
		}
		if (in->planned->count)
			json_break(w, "\n  ");
	}
	json_array_end(w);
}

static void confirmation(struct json_writer *w,
			 const struct apply_json_input *in)
{
	bool asked = in->confirm != APPLY_CONFIRM_NOT_ASKED &&
		     in->confirm != APPLY_CONFIRM_OPTION;

	json_object_begin(w);
	json_member_string(w, "result", confirm_word(in->confirm));
	json_key(w, "by");
	if (in->confirm == APPLY_CONFIRM_OPTION)
		json_string(w, "option");
	else if (in->confirm == APPLY_CONFIRM_ANSWER)
		json_string(w, "answer");
	else
		json_null(w);
	json_key(w, "timeout_s");
	if (asked)
		json_int(w, in->timeout_s);
	else
		json_null(w);
	json_object_end(w);
}

static void rollback(struct json_writer *w, const struct apply_json_input *in,
		     size_t failed)
{
	const char *err = in->txn ? apply_txn_error(in->txn) : NULL;
	bool ran = in->rollback_why != NULL;

	json_object_begin(w);
	json_break(w, "\n    ");
	json_member_bool(w, "ran", ran);
	json_member_string_opt(w, "why", in->rollback_why);
	json_key(w, "failed_step");
	if (ran && failed)
		json_int(w, (long long)failed);
	else
		json_null(w);
	json_break(w, "\n    ");
	json_member_string_opt(w, "error", ran ? err : NULL);
	json_break(w, "\n    ");
	json_key(w, "complete");
	if (ran && in->txn)
		json_bool(w, apply_txn_phase(in->txn) ==
			     APPLY_PHASE_ROLLED_BACK);
	else
		json_null(w);
	json_break(w, "\n  ");
	json_object_end(w);
}

void apply_json_write(FILE *f, const struct apply_json_input *in)
{
	const char *failed_error = NULL;
	size_t failed = in->txn ? apply_txn_failed_step(in->txn,
							&failed_error) : 0;
	size_t nd = in->diags ? in->diags->count : 0;
	size_t pd = in->plan_diags < nd ? in->plan_diags : nd;
	struct json_writer w;

	json_init(&w, f, ", ", ": ");
	json_object_begin(&w);
	json_break(&w, "\n  ");
	json_member_string(&w, "format", APPLY_JSON_FORMAT);
	json_break(&w, "\n  ");
	json_member_int(&w, "version", APPLY_JSON_VERSION);
	json_break(&w, "\n  ");
	json_member_string(&w, "edgenet", in->version);
	json_break(&w, "\n  ");
	json_member_string(&w, "plan", in->plan_file);
	json_break(&w, "\n  ");
	json_member_string_opt(&w, "uri", in->uri);
	json_break(&w, "\n  ");
	json_member_string(&w, "host", in->uri ?
			   apply_json_host_word(in->reported_uri ?
						in->reported_uri : in->uri) :
			   NULL);
	json_break(&w, "\n  ");
	json_member_string_opt(&w, "domain", in->domain);
	json_break(&w, "\n  ");
	json_member_bool(&w, "dry_run", in->dry_run);
	json_break(&w, "\n  ");
	json_member_string_opt(&w, "recovery", in->recovery);
	json_break(&w, "\n  ");
	json_key(&w, "diagnostics");
	diags_range(&w, in->diags, 0, pd);
	json_break(&w, "\n  ");
	json_key(&w, "host_checks");
	diags_range(&w, in->diags, pd, nd);
	json_break(&w, "\n  ");
	json_key(&w, "preflight");
	preflight(&w, in);
	json_break(&w, "\n  ");
	json_key(&w, "steps");
	steps(&w, in, failed, failed_error);
	json_break(&w, "\n  ");
	json_key(&w, "confirmation");
	confirmation(&w, in);
	json_break(&w, "\n  ");
	json_key(&w, "rollback");
	rollback(&w, in, failed);
	json_break(&w, "\n  ");
	json_member_string_opt(&w, "error", in->error);
	json_break(&w, "\n  ");
	json_member_int(&w, "exit", in->exit);
	json_break(&w, "\n  ");
	json_member_string(&w, "status", status_word(in));
	json_break(&w, "\n");
	json_object_end(&w);
	json_finish(&w);
}
