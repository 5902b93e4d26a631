/*
 * cmd_apply.c - `edgenet apply PLAN [--dry-run] [--yes]
 * [--confirm-timeout S] [--json]`: apply a plan to the libvirt host as a
 * transaction.  --json: stdout holds one "edgenet-apply" document
 * (core/apply_json.h) built from what the apply kept (the diagnostics,
 * the preflight's run, the transaction), and nothing else; the text, the
 * question and its countdown go to stderr instead.
 *
 * Validates the plan first (nothing is touched when it has errors),
 * checks it against the host (core/hostcheck: the VM must be defined
 * there, a new switch must not take a subnet a host network uses),
 * recovers an apply that an earlier run left interrupted (and says
 * whether it was rolled back or finished), plans the steps, runs them
 * one by one printing progress, then waits for the technician to type
 * "yes" within the countdown (poll() on the terminal, no sleeping; --yes
 * confirms at once; no terminal, end of input or anything but "yes"
 * means not confirmed) and rolls everything back when the confirmation
 * does not come, when a step fails, or on SIGINT, SIGTERM or SIGHUP (a
 * lost ssh session).  --dry-run
 * prints the steps, each libvirt object's XML before and after as a diff
 * and each host link change, and changes nothing, the state directory
 * included: it is only read (not even created), a NIC without a MAC gets
 * none generated (the steps show it as generated at apply), no journal,
 * seed, lock or applied plan is written.
 *
 * Diagnostics: first exactly what `edgenet check` says of the plan (the
 * same validation path, cli_load_plan), then, under a line saying so,
 * what only the host can tell (host_check_plan, the planner).  Between
 * the two, before anything changes, the preflight probes on the wire
 * (cli/probe_out.c: DHCP for DHCP NICs on external switches, address in
 * use and gateway for static NICs; only when the libvirt host is this
 * machine; a dry run sends them too): an address in use refuses the
 * apply (exit 1, nothing changed), warnings are printed and it goes on.
 *
 * Touches: the network of the plan's switches (the preflight's probes),
 * the libvirt host (through virt_apply), the host's links for
 * bridge-mode external switches (nl_bridge), the state directory (MACs,
 * journal, last applied plan).  Reads the settings file for
 * "confirm_timeout" ($EDGENET_SETTINGS names another file, for tests).
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "backend/apply_recover.h"
#include "backend/virt.h"
#include "backend/virt_apply.h"
#include "cli/cli.h"
#include "core/clock.h"
#include "core/diag_write.h"
#include "cli/apply_preflight.h"
#include "cli/cmd_apply.h"
#include "cli/probe_out.h"
#include "backend/diag_run.h"
#include "core/apply_dry.h"
#include "core/apply_json.h"
#include "core/apply_plan.h"
#include "core/apply_txn.h"
#include "core/err.h"
#include "core/hostcheck.h"
#include "core/planfile.h"
#include "core/settings.h"
#include "core/policy.h"
#include "core/state.h"
#include "core/str.h"
#include "core/validate.h"

static volatile sig_atomic_t stop_signal;
/* --json: stdout holds the document alone; the text, the question and
 * its countdown go to stderr (stdout points there until the end). */
static bool json_mode;

static void on_signal(int sig)
{
	stop_signal = sig;
}

#define APPLY_STR_(x) #x
#define APPLY_STR(x) APPLY_STR_(x)

enum { APPLY_DRY_RUN, APPLY_YES, APPLY_TIMEOUT, APPLY_JSON, APPLY_SET,
       APPLY_HELP,
       APPLY_OPTS };

static const struct cli_opt apply_opts[] = {
	[APPLY_DRY_RUN] = { .name = "dry-run", .in_synopsis = true,
		.help = "show check's diagnostics, then the host's, every\n"
			"step and each object's XML before and after;\n"
			"change nothing, the state directory included (a\n"
			"MAC not generated yet is shown as such); the\n"
			"preflight probes are sent all the same" },
	[APPLY_YES] = { .name = "yes", .in_synopsis = true,
		.help = "keep the change without asking" },
	[APPLY_TIMEOUT] = { .name = "confirm-timeout", .arg = CLI_ARG_NUMBER,
		.arg_name = "S", .min = 1, .max = 86400,
		.unit = "whole seconds", .in_synopsis = true,
		.help = "seconds to wait for \"yes\" (1-86400)" },
	[APPLY_JSON] = { .name = "json", .in_synopsis = true,
		.help = "print on stdout only one JSON document of what\n"
			"was done (\"edgenet-apply\" version 1); the\n"
			"text goes to stderr" },
	[APPLY_SET] = CLI_OPT_SET,
	[APPLY_HELP] = CLI_OPT_HELP,
	[APPLY_OPTS] = CLI_OPT_END,
};
CLI_OPTS_FIT(apply_opts);

const struct cli_command cli_cmd_apply = {
	.name = "apply", .before = "[OPTIONS]", .args = "PLAN",
	.args_first = true, .help_col = 25, .opts = apply_opts,
	.run = cmd_apply, .state = CLI_STATE_WRITES,
	.about =
"Applies PLAN to the libvirt host as one transaction: networks, bridges,\n"
"DHCP reservations and the VM's NICs with their MACs.  Each step is\n"
"checked; if one fails, everything done is rolled back.  Afterwards the\n"
"change is kept only if you type \"yes\" within the countdown (default "
	APPLY_STR(APPLY_CONFIRM_DEFAULT) " s,\n"
"or \"confirm_timeout\" in /etc/edgenet/edgenet.conf): a change can cut\n"
"your own connection, and then it undoes itself.  Without a terminal\n"
"the answer is read all the same (echo yes |); the end of the input is\n"
"\"no\" at once, and nothing typed is \"no\" when the countdown ends.\n"
"--yes never reads the input.\n"
"\n"
"Before anything changes, a preflight probes the network of each NIC's\n"
"switch (when the libvirt host is this machine): a DHCP server for DHCP\n"
"NICs on external switches, and for static NICs whether the address is\n"
"already in use (an error: nothing is applied) and whether the gateway\n"
"answers (a warning).\n",
	.after =
"Exit status: 0 applied (or nothing to do, or dry run), 1 the plan has\n"
"errors, 2 a file or the host cannot be used, 3 a step failed and all was\n"
"rolled back, 4 not confirmed and all was rolled back, 5 a rollback could\n"
"not undo everything, or the change was kept but could not be recorded\n"
"(the output says what is left).\n",
	.summary =
"apply PLAN to libvirt as a transaction: step by\n"
"step, verified, kept only when confirmed within S\n"
"seconds (default " APPLY_STR(APPLY_CONFIRM_DEFAULT)
	"), else rolled back; --dry-run\n"
"shows check's diagnostics, then the host's, and\n"
"every change (XML diffs), and changes nothing (a\n"
"MAC not generated yet is shown as such)",
};

static void recover_starting(void *ctx)
{
	(void)ctx;
	printf("An earlier apply was interrupted; recovering it first.\n");
}

/* Recovers an interrupted apply; its message (malloc'd) into *MSG, why
 * it could not into ERR. */
static int recover(const struct cli_globals *g, struct state *st,
		   const char *uri, struct virt_conn **conn, char **msg,
		   char *err, size_t errlen)
{
	struct apply_recover rec;
	int rc = EXIT_ROLLBACK_INCOMPLETE;

	apply_recover_run(st->dir, *conn, uri, &g->faults, recover_starting,
			  NULL, &rec);
	if (rec.stage == APPLY_RECOVER_NOTHING)
		return 0;
	switch (rec.stage) {
	case APPLY_RECOVER_UNREACHABLE:
		errf(err, errlen, "the interrupted apply was on %s, which "
		     "cannot be reached: %s", rec.uri, rec.err);
		fprintf(stderr, "edgenet apply: %s\n", cli_esc(err));
		break;
	case APPLY_RECOVER_RAN:
		if (rec.msg) {
			printf("%s", rec.msg);
			*msg = strdup(rec.msg);
		}
		fflush(stdout);
		if (rec.result != APPLY_RECOVERY_FAILED)
			rc = 0;
		break;
	default:	/* the journal or virt_apply */
		errf(err, errlen, "%s", rec.err);
		fprintf(stderr, "edgenet apply: %s\n", cli_esc(rec.err));
		break;
	}
	apply_recover_free(&rec);
	return rc;
}

/* The dry run's word on each NIC whose MAC a real apply generates. */
static void print_unknown_macs(const struct plan *p, const struct state *st,
			       const bool *known)
{
	for (size_t i = 0; i < p->nnics; i++)
		if (!known[i])
			printf("NIC %s has no MAC yet: a real apply generates "
			       "one and keeps it in %s/%s; this dry run "
			       "stores nothing and shows it as [new MAC of "
			       "%s, %s].\n", cli_esc(p->nics[i].name),
			       cli_esc(st->dir), STATE_MACS_FILE,
			       cli_esc(p->nics[i].name),
			       APPLY_DRY_MAC_WORDS);
}

enum answer { ANSWER_YES, ANSWER_NO, ANSWER_TIMEOUT, ANSWER_EOF,
	      ANSWER_SIGNAL };

/* Waits up to SECS for a line on stdin; "yes" keeps.  poll(), no sleep.
 * Without a terminal the line is read all the same (`echo yes |`); end
 * of input is "no" at once, and an input that stays open and silent is
 * "no" when the countdown ends: it never waits longer than SECS. */
static enum answer ask_confirm(long secs)
{
	int64_t start = clock_now_ms();
	char line[64];
	size_t used = 0;
	bool tty = isatty(STDIN_FILENO) &&
		   isatty(json_mode ? STDERR_FILENO : STDOUT_FILENO);
	long left, shown = -1;

	printf("Keep this change? Type yes and Enter within %ld s; otherwise "
	       "it is rolled back.\n", secs);
	fflush(stdout);
	for (;;) {
		struct pollfd pfd = { STDIN_FILENO, POLLIN, 0 };
		long ms;
		int r;

		ms = (long)(secs * 1000 - (clock_now_ms() - start));
		if (ms <= 0)
			return ANSWER_TIMEOUT;
		left = (ms + 999) / 1000;
		if (tty && left != shown) {
			cli_carriage_return();
			printf("  %3ld s left > %.*s", left, (int)used, line);
			fflush(stdout);
			shown = left;
		}
		r = poll(&pfd, 1, (int)(ms % 1000 ? ms % 1000 : 1000));
		if (stop_signal)
			return ANSWER_SIGNAL;
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return ANSWER_EOF;
		}
		if (r == 0)
			continue;
		if (pfd.revents & POLLNVAL)
			return ANSWER_EOF;
		if (pfd.revents & (POLLIN | POLLHUP | POLLERR)) {
			char c;
			ssize_t n = read(STDIN_FILENO, &c, 1);

			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				return ANSWER_EOF;
			if (c == '\n') {
				while (used && (line[used - 1] == '\r' ||
						line[used - 1] == ' '))
					used--;
				line[used] = '\0';
				if (tty)
					printf("\n");
				return strcmp(line, "yes") == 0 ? ANSWER_YES :
				       ANSWER_NO;
			}
			if (used < sizeof(line) - 1)
				line[used++] = c;
		}
	}
}

static void print_step_result(const struct apply_txn *t, size_t i)
{
	const struct apply_run *run;
	const struct apply_step *s = apply_txn_step_info(t, i, &run);

	if (!s)
		return;
	printf("[%zu/%zu] %s: %s\n", i + 1, apply_txn_count(t),
	       cli_esc(s->text),
	       run->state == APPLY_STEP_DONE ? "done" : "FAILED");
	if (run->note[0])
		printf("        note: %s\n", cli_esc(run->note));
	fflush(stdout);
}

static int roll_back(struct apply_txn *t, const char *why,
		     struct apply_json_input *ji)
{
	enum apply_result r;
	char *rep;

	ji->rollback_why = why;
	printf("Rolling back (%s)...\n", cli_esc(why));
	fflush(stdout);
	r = apply_txn_rollback(t);
	rep = apply_txn_report(t);
	if (r == APPLY_ROLLED_BACK)
		printf("Rolled back: the host is as it was before.\n%s",
		       rep ? rep : "");
	else
		printf("The rollback could NOT undo everything; what is left "
		       "is marked below.  The journal is kept and the next "
		       "run tries again.\n%s", rep ? rep : "");
	free(rep);
	fflush(stdout);
	return r == APPLY_ROLLED_BACK ? 0 : -1;
}

/* Runs T to its end; what it did stays in T, the confirmation and the
 * rollback's reason go into JI too. */
static int run_apply(struct apply_txn *t, bool yes, long timeout,
		     struct apply_json_input *ji)
{
	enum apply_result r;
	enum answer a;
	size_t done;

	printf("Applying %zu step%s:\n", apply_txn_count(t),
	       apply_txn_count(t) == 1 ? "" : "s");
	fflush(stdout);
	for (;;) {
		if (stop_signal) {
			printf("Interrupted by signal %d.\n", (int)stop_signal);
			return roll_back(t, "interrupted", ji) < 0 ?
			       EXIT_ROLLBACK_INCOMPLETE : EXIT_APPLY_FAILED;
		}
		done = apply_txn_done_count(t);
		r = apply_txn_step(t);
		if (r == APPLY_MORE) {
			print_step_result(t, done);
			continue;
		}
		if (r == APPLY_READY)
			break;
		if (done < apply_txn_count(t))
			print_step_result(t, done);
		fprintf(stderr, "edgenet apply: %s\n",
			cli_esc(apply_txn_error(t)));
		return roll_back(t, apply_txn_failed_step(t, NULL) ?
				 "a step failed" : "the final check failed",
				 ji) < 0 ?
		       EXIT_ROLLBACK_INCOMPLETE : EXIT_APPLY_FAILED;
	}
	printf("All steps done and checked.\n");
	ji->timeout_s = timeout;
	if (yes) {
		a = ANSWER_YES;
		ji->confirm = APPLY_CONFIRM_OPTION;
	} else {
		a = ask_confirm(timeout);
		ji->confirm = a == ANSWER_YES ? APPLY_CONFIRM_ANSWER :
			      a == ANSWER_NO ? APPLY_CONFIRM_DECLINED :
			      a == ANSWER_TIMEOUT ? APPLY_CONFIRM_TIMED_OUT :
			      a == ANSWER_SIGNAL ? APPLY_CONFIRM_INTERRUPTED :
			      APPLY_CONFIRM_INPUT_CLOSED;
	}
	if (a != ANSWER_YES) {
		const char *why = a == ANSWER_TIMEOUT ? "not confirmed in time" :
				  a == ANSWER_NO ? "not confirmed" :
				  a == ANSWER_SIGNAL ? "interrupted" :
				  "no answer: input closed";

		printf("\n");
		return roll_back(t, why, ji) < 0 ? EXIT_ROLLBACK_INCOMPLETE :
		       EXIT_NOT_CONFIRMED;
	}
	r = apply_txn_commit(t);
	if (r != APPLY_COMMITTED) {
		ji->error = apply_txn_error(t);
		fprintf(stderr, "edgenet apply: %s\n",
			cli_esc(apply_txn_error(t)));
		return EXIT_ROLLBACK_INCOMPLETE;
	}
	printf("Applied and kept (%zu step%s).\n", apply_txn_count(t),
	       apply_txn_count(t) == 1 ? "" : "s");
	for (done = 0; done < apply_txn_count(t); done++) {
		const struct apply_run *run;
		const struct apply_step *s = apply_txn_step_info(t, done, &run);

		if (s && run->note[0])
			printf("  step %zu: %s\n", done + 1,
			       cli_esc(run->note));
	}
	return EXIT_CLEAN;
}

/* A reason the apply stops: said on stderr, kept for the document. */
static void stop_msg(char *keep, size_t len, const char *msg)
{
	fprintf(stderr, "edgenet apply: %s\n", cli_esc(msg));
	str_copy(keep, len, msg);
}

/* --json: stdout points at stderr until the document is written, so
 * nothing but the document ever reaches the real stdout. */
static FILE *json_begin(void)
{
	FILE *real = stdout;

	fflush(stdout);
	stdout = stderr;
	json_mode = true;
	return real;
}

static void json_end(FILE *real, const struct apply_json_input *ji)
{
	fflush(stdout);
	fflush(stderr);
	stdout = real;
	json_mode = false;
	apply_json_write(stdout, ji);
	fflush(stdout);
}

int cmd_apply(const struct cli_globals *g, int argc, char **argv)
{
	char uri[PATH_MAX + 32], err[ERR_MAX], why[ERR_MAX] = "";
	struct sigaction sa, ign, old_int, old_term, old_hup, old_pipe;
	struct virt_conn *conn = NULL;
	struct virt_apply *va = NULL;
	struct apply_steps steps;
	struct apply_txn *t = NULL;
	struct apply_ops ops;
	struct apply_json_input ji;
	struct cli_preflight pre;
	struct diag_list d;
	struct policy pol;
	struct state st;
	struct plan *p = NULL;
	struct plan_lines lines;
	bool known[PLAN_MAX_NICS];
	size_t plan_diags;
	struct cli_args a;
	bool dry, yes;
	long timeout;
	const char *file;
	struct planset_list sets;
	char *text = NULL, *recovered = NULL;
	FILE *json_out = NULL;
	int rc;

	rc = cli_opts_read(&cli_cmd_apply, argc, argv, &a);
	if (rc >= 0)
		return rc;
	memset(&ji, 0, sizeof(ji));
	memset(&pre, 0, sizeof(pre));
	ji.version = PACKAGE_VERSION;
	ji.diags = &d;
	diag_list_init(&d);
	plan_lines_init(&lines);
	apply_steps_init(&steps);
	dry = a.given[APPLY_DRY_RUN];
	yes = a.given[APPLY_YES];
	ji.dry_run = dry;
	if (a.given[APPLY_JSON])
		json_out = json_begin();
	rc = EXIT_UNUSABLE;
	if (a.npos != 1) {
		cli_opts_usage(&cli_cmd_apply, stderr);
		str_copy(why, sizeof(why), "give exactly one plan file");
		goto out;
	}
	timeout = a.given[APPLY_TIMEOUT] ? a.number[APPLY_TIMEOUT] : 0;
	file = a.pos[0];
	ji.plan_file = file;
	if (timeout == 0) {
		char serr[ERR_MAX];

		/* a settings file edgenet cannot use is said, not skipped
		 * in silence */
		if (settings_check(g->settings_path, serr, sizeof(serr)) < 0)
			fprintf(stderr, "edgenet apply: warning: %s\n",
				cli_esc(serr));
		timeout = settings_confirm_timeout(g->settings_path, 0);
	}
	if (timeout == 0)
		timeout = APPLY_CONFIRM_DEFAULT;

	/* 1. The plan, validated before anything else happens. */
	p = malloc(sizeof(*p));
	if (!p) {
		stop_msg(why, sizeof(why), "out of memory");
		goto out;
	}
	if (cli_read_sets("apply", &a, APPLY_SET, &sets) < 0) {
		str_copy(why, sizeof(why), "a --set is not of the form "
			 "PATH=VALUE (see above); nothing was changed");
		goto out;
	}
	rc = cli_load_plan(g, "apply", file, &sets, "changed", &pol, p,
			   &lines, &d);
	ji.plan_diags = d.count;
	if (rc != EXIT_CLEAN) {
		/* check's lines are printed; the document names the cause */
		const struct diag *first = NULL;

		for (size_t i = 0; i < d.count && !first; i++)
			if (d.items[i].severity == DIAG_ERROR)
				first = &d.items[i];
		if (rc == EXIT_PROBLEMS)
			str_copy(why, sizeof(why), "the plan has errors (see "
				 "diagnostics); nothing was changed");
		else if (first)
			str_copy(why, sizeof(why), first->message);
		goto out;
	}
	ji.domain = p->domain;
	rc = EXIT_UNUSABLE;
	/* check's diagnostics, printed; what follows adds the host's. */
	plan_diags = d.count;

	/* 2. State, libvirt, and an interrupted apply.  A dry run only
	 * reads the state directory (it need not exist). */
	if ((dry ? state_locate(&st, g->state_dir, err, sizeof(err)) :
	     state_open(&st, g->state_dir, err, sizeof(err))) < 0) {
		stop_msg(why, sizeof(why), err);
		goto out;
	}
	cli_uri(g, uri, sizeof(uri));
	conn = virt_connect(uri, err, sizeof(err));
	if (!conn) {
		stop_msg(why, sizeof(why), err);
		goto out;
	}
	ji.uri = uri;
	ji.reported_uri = virt_uri(conn);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	/* A lost ssh session (SIGHUP) rolls back like a missing "yes"; a
	 * closed output must not kill the apply half way. */
	sigaction(SIGHUP, &sa, &old_hup);
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old_pipe);
	if (!dry) {
		rc = recover(g, &st, uri, &conn, &recovered, why, sizeof(why));
		ji.recovery = recovered;
		if (rc != 0)
			goto out_sig;
	} else {
		char juri[JOURNAL_URI_MAX];
		int pend = apply_txn_pending(st.dir, juri, sizeof(juri), err,
					     sizeof(err));

		if (pend < 0) {
			/* as the real apply would: it stops here */
			stop_msg(why, sizeof(why), err);
			fprintf(stderr, "edgenet apply: a real apply would "
				"stop here too; nothing was changed.\n");
			rc = EXIT_ROLLBACK_INCOMPLETE;
			goto out_sig;
		}
		if (pend == 1)
			printf("Note: an earlier apply was interrupted; a real "
			       "apply recovers it first, which may change what "
			       "is shown below.\n");
	}
	/* The plan against what the host has (after any recovery: the host
	 * as it really is). */
	if (cli_apply_host_preflight(conn, uri, p, &d)) {
		cli_apply_print_host_diags(file, uri, &lines, &d, plan_diags);
		stop_msg(why, sizeof(why), "the plan does not fit this host; "
			 "nothing was changed.");
		rc = EXIT_PROBLEMS;
		goto out_sig;
	}
	/* ...and against the network itself, still before any change. */
	rc = (int)cli_apply_probe_preflight(conn, uri, g->demo, file, p, &lines,
					    &st, &pre);
	ji.preflight_sent = pre.sent;
	ji.preflight_why_not = pre.why_not[0] ? pre.why_not : NULL;
	ji.plan = p;
	if (pre.run) {
		ji.targets = diag_run_targets(pre.run);
		ji.results = diag_run_results(pre.run);
		ji.nprobes = diag_run_count(pre.run);
	}
	if (rc) {
		stop_msg(why, sizeof(why), "the preflight found an error on "
			 "the network; nothing was changed.");
		rc = EXIT_PROBLEMS;
		goto out_sig;
	}
	rc = EXIT_UNUSABLE;

	/* 3. The steps. */
	if ((dry ? virt_apply_prepare_dry(conn, p, &pol, &st, known, &steps,
					  &d) :
	     virt_apply_prepare(conn, p, &pol, &st, &steps, &d)) < 0) {
		cli_apply_print_host_diags(file, uri, &lines, &d, plan_diags);
		stop_msg(why, sizeof(why), "nothing was changed.");
		rc = diag_count(&d, DIAG_ERROR) ? EXIT_PROBLEMS : EXIT_UNUSABLE;
		goto out_sig;
	}
	cli_apply_print_host_diags(file, uri, &lines, &d, plan_diags);
	fflush(stderr);
	ji.planned = &steps;
	if (dry) {
		char *rep = apply_steps_report(&steps);

		printf("Dry run on %s: nothing is changed.\n", cli_esc(uri));
		print_unknown_macs(p, &st, known);
		printf("%s", rep ? rep : "(out of memory)\n");
		free(rep);
		rc = EXIT_CLEAN;
		goto out_sig;
	}
	if (steps.count == 0) {
		printf("Nothing to change: %s is already as %s says.\n",
		       cli_esc(uri), cli_esc(file));
		rc = EXIT_CLEAN;
		goto out_sig;
	}

	/* 4. The transaction. */
	va = virt_apply_new(conn, err, sizeof(err));
	if (!va) {
		stop_msg(why, sizeof(why), err);
		goto out_sig;
	}
	virt_apply_set_faults(va, &g->faults);
	virt_apply_ops(va, &ops);
	if (virt_apply_expect(va, p, &st, err, sizeof(err)) < 0) {
		stop_msg(why, sizeof(why), err);
		goto out_sig;
	}
	text = planfile_format(p);
	t = apply_txn_new(&steps, &ops, st.dir, uri, text, &g->faults, err,
			  sizeof(err));
	if (!t) {
		stop_msg(why, sizeof(why), err);
		goto out_sig;
	}
	/* the steps are the transaction's from here on */
	ji.planned = NULL;
	ji.txn = t;
	rc = run_apply(t, yes, timeout, &ji);

out_sig:
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	sigaction(SIGPIPE, &old_pipe, NULL);
out:
	if (json_out) {
		if (!ji.error && why[0])
			ji.error = why;
		ji.exit = rc;
		json_end(json_out, &ji);
	}
	apply_txn_free(t);
	virt_apply_free(va);
	virt_close(conn);
	apply_steps_free(&steps);
	diag_run_free(pre.run);
	free(text);
	free(recovered);
	free(p);
	plan_lines_free(&lines);
	diag_list_free(&d);
	fflush(stdout);
	return rc;
}
