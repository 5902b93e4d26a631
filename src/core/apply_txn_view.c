/*
 * apply_txn_view.c - what an apply transaction shows (apply_txn.h): its
 * progress (steps, done, phase), a step and its run state, why it
 * stopped, and the report of every step (also the recovery's report).
 * Pure: reads the transaction, writes only the text it returns.
 */
#include "core/apply_txn.h"
#include "core/apply_txn_priv.h"
#include "core/sbuf.h"
#include "core/textsafe.h"

size_t apply_txn_count(const struct apply_txn *t)
{
	return t->j.steps.count;
}

size_t apply_txn_done_count(const struct apply_txn *t)
{
	return t->next;
}

enum apply_phase apply_txn_phase(const struct apply_txn *t)
{
	return t->j.phase;
}

const struct apply_step *apply_txn_step_info(const struct apply_txn *t,
					     size_t i,
					     const struct apply_run **run)
{
	if (i >= t->j.steps.count)
		return NULL;
	if (run)
		*run = &t->j.run[i];
	return &t->j.steps.items[i];
}

const char *apply_txn_error(const struct apply_txn *t)
{
	return t->error;
}

size_t apply_txn_failed_step(const struct apply_txn *t, const char **why)
{
	if (why)
		*why = t->failed ? t->failed_error : NULL;
	return t->failed;
}

char *apply_txn_journal_report(const struct journal *j)
{
	struct sbuf b;
	size_t i;

	sbuf_init(&b);
	for (i = 0; i < j->steps.count; i++) {
		const struct apply_step *s0 = &j->steps.items[i];
		const struct apply_run *r0 = &j->run[i];
		/* texts name plan values, errors quote libvirt and the
		 * guest: shown escaped (textsafe) */
		struct {
			char text[APPLY_TEXT_MAX * 4], undo_text[APPLY_TEXT_MAX * 4];
		} sx, *s = &sx;
		struct {
			enum apply_state state;
			char note[sizeof(r0->note) * 4];
			char error[sizeof(r0->error) * 4];
		} rx, *r = &rx;

		textsafe_buf(sx.text, sizeof(sx.text), s0->text);
		textsafe_buf(sx.undo_text, sizeof(sx.undo_text),
			     s0->undo_text);
		rx.state = r0->state;
		textsafe_buf(rx.note, sizeof(rx.note), r0->note);
		textsafe_buf(rx.error, sizeof(rx.error), r0->error);

		switch (r->state) {
		case APPLY_STEP_PENDING:
			sbuf_addf(&b, "  %2zu. not started: %s\n", i + 1,
				  s->text);
			break;
		case APPLY_STEP_DONE:
		case APPLY_STEP_DOING:
			sbuf_addf(&b, "  %2zu. done: %s", i + 1, s->text);
			break;
		case APPLY_STEP_FAILED:
			sbuf_addf(&b, "  %2zu. FAILED: %s\n      why: %s", i + 1,
				  s->text, r->error);
			break;
		case APPLY_STEP_UNDOING:
		case APPLY_STEP_UNDONE:
			sbuf_addf(&b, "  %2zu. %s: %s (%s)", i + 1,
				  r->error[0] ? "FAILED, rolled back" :
				  "rolled back", s->text, s->undo_text);
			if (r->error[0])
				sbuf_addf(&b, "\n      why: %s", r->error);
			break;
		case APPLY_STEP_UNDO_FAILED:
			sbuf_addf(&b, "  %2zu. NOT ROLLED BACK: %s\n      why: "
				  "%s\n      to do by hand: %s", i + 1, s->text,
				  r->error, s->undo_text);
			break;
		default:
			break;
		}
		if (r->state != APPLY_STEP_PENDING) {
			if (r->note[0])
				sbuf_addf(&b, "\n      note: %s", r->note);
			sbuf_add(&b, "\n");
		}
	}
	if (j->steps.count == 0)
		sbuf_add(&b, "  (no step)\n");
	return sbuf_done(&b);
}

char *apply_txn_report(const struct apply_txn *t)
{
	return apply_txn_journal_report(&t->j);
}
