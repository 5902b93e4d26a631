/*
 * guest_agent.c - programs inside a running VM through its QEMU guest
 * agent (see guest_agent.h), and the agent call every operation makes;
 * the files are guest_agent_file.c.
 *
 * Touches libvirt (libvirt-qemu's virDomainQemuAgentCommand, one call per
 * agent command, each with a timeout) and, through the agent, the guest:
 * the files it is asked to write or remove and their temporary siblings.
 * Requests are built and replies parsed by core/agent_reply.c; nothing
 * here writes JSON or reads it by hand.
 *
 * How a failure is classified (enum ga_status):
 *   - libvirt's error code says the agent cannot be reached (domain not
 *     running or gone, agent not configured, not connected, not answering
 *     in time, a driver that passes no agent commands - libvirt's test
 *     driver): GA_ABSENT;
 *   - the guest answered with an error (libvirt passes that on as
 *     VIR_ERR_INTERNAL_ERROR, the agent's class lost): guest-info is asked
 *     whether the command is disabled or unknown there: GA_REFUSED, else
 *     GA_FAILED.  A reply that still carries {"error":...} is classified
 *     by its class (CommandNotFound, CommandDisabled: GA_REFUSED).
 * The one place where text is read is a missing file: qemu-ga reports a
 * failed open as class GenericError with the guest's strerror() text
 * after the path, so ga_file_read looks for the C library's ENOENT
 * sentence ("No such file or directory") at the end of it - the agent
 * gives no other sign, and qemu-ga does not translate its messages.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libvirt/libvirt.h>
#include <libvirt/libvirt-qemu.h>
#include <libvirt/virterror.h>

#include "backend/guest_agent.h"
#include "backend/guest_agent_priv.h"
#include "core/agent_reply.h"
#include "core/agent_request.h"
#include "core/agent_text.h"
#include "core/diag.h"
#include "core/clock.h"
#include "core/err.h"


const char *ga_status_name(enum ga_status st)
{
	switch (st) {
	case GA_OK:
		return "ok";
	case GA_ABSENT:
		return "absent";
	case GA_REFUSED:
		return "refused";
	case GA_FAILED:
		break;
	}
	return "failed";
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Seconds for one call that must end by DEADLINE (ms, 0: none). */
static int call_timeout(int64_t deadline)
{
	int64_t left;

	if (!deadline)
		return GA_CALL_TIMEOUT_S;
	left = (deadline - clock_now_ms() + 999) / 1000;
	if (left < 1)
		return 1;
	return left > GA_CALL_TIMEOUT_S ? GA_CALL_TIMEOUT_S : (int)left;
}

static bool ends_with(const char *s, const char *tail)
{
	size_t a = strlen(s), b = strlen(tail);

	return a >= b && strcmp(s + a - b, tail) == 0;
}

/* Whether COMMAND is enabled in the guest's agent (guest-info).  -1 when
 * that cannot be learnt. */
static int command_state(virDomainPtr dom, const char *command,
			 enum agent_cmd_state *st)
{
	char *req = agent_req_simple("guest-info", NULL, 0), *reply;
	int rc;

	if (!req)
		return -1;
	reply = virDomainQemuAgentCommand(dom, req, GA_CALL_TIMEOUT_S, 0);
	free(req);
	if (!reply) {
		virResetLastError();
		return -1;
	}
	rc = agent_parse_info(reply, strlen(reply), command, st, NULL, 0);
	free(reply);
	return rc;
}

enum ga_status ga_refused(struct ga_ctx *c, const char *command,
			  enum agent_cmd_state st)
{
	errf(c->err, c->errlen, "the VM's guest agent refuses %s (%s)",
	     command, st == AGENT_CMD_DISABLED ?
	     "disabled in its configuration" : "this agent does not have it");
	return GA_REFUSED;
}

/* Sends REQ (built by agent_req_*; NULL means building it failed and
 * C->err says why; freed here) as COMMAND, waiting at most TIMEOUT_S.
 * GA_OK with the reply text in *REPLY (free it), or the classified
 * failure with a sentence in C->err. */
enum ga_status ga_call(struct ga_ctx *c, const char *command, char *req,
		       int timeout_s, char **reply)
{
	virErrorPtr e;
	enum agent_cmd_state st;
	struct agent_error ae;
	char msg[1024];
	const char *m;
	int code;

	*reply = NULL;
	c->enoent = false;
	if (!req)
		return GA_FAILED;
	*reply = virDomainQemuAgentCommand(c->dom, req, timeout_s, 0);
	free(req);
	if (*reply) {
		/* libvirt turns error replies into errors; should one come
		 * through anyway, its class is a code. */
		if (agent_parse_error(*reply, strlen(*reply), &ae, NULL,
				      0) < 0)
			return GA_OK;
		free(*reply);
		*reply = NULL;
		if (strcmp(ae.cls, "CommandNotFound") == 0)
			return ga_refused(c, command, AGENT_CMD_MISSING);
		if (strcmp(ae.cls, "CommandDisabled") == 0)
			return ga_refused(c, command, AGENT_CMD_DISABLED);
		c->enoent = ends_with(ae.desc, ENOENT_TEXT);
		errf(c->err, c->errlen, "%s in the VM failed: %s", command,
		     ae.desc);
		return GA_FAILED;
	}
	e = virGetLastError();
	code = e ? e->code : VIR_ERR_INTERNAL_ERROR;
	m = e && e->message ? e->message : "unknown libvirt error";
	snprintf(msg, sizeof(msg), "%.*s", (int)strcspn(m, "\n"), m);
	virResetLastError();
	switch (code) {
	case VIR_ERR_OPERATION_INVALID:
		errf(c->err, c->errlen, "the VM's guest agent cannot be "
		     "reached: the VM is not running (%s)", msg);
		return GA_ABSENT;
	case VIR_ERR_NO_DOMAIN:
		errf(c->err, c->errlen, "the VM's guest agent cannot be "
		     "reached: the VM no longer exists (%s)", msg);
		return GA_ABSENT;
	case VIR_ERR_ARGUMENT_UNSUPPORTED:
		errf(c->err, c->errlen, "the VM has no guest agent channel "
		     "(org.qemu.guest_agent.0) in its definition (%s)", msg);
		return GA_ABSENT;
	case VIR_ERR_AGENT_UNRESPONSIVE:
	case VIR_ERR_AGENT_UNSYNCED:
		errf(c->err, c->errlen, "the VM's guest agent does not "
		     "answer (not running in the guest, or stuck): %s", msg);
		return GA_ABSENT;
	case VIR_ERR_NO_SUPPORT:
		errf(c->err, c->errlen, "the VM's guest agent cannot be "
		     "reached through this connection: its libvirt driver "
		     "passes no agent commands (%s)", msg);
		return GA_ABSENT;
	case VIR_ERR_OPERATION_TIMEOUT:
		errf(c->err, c->errlen, "the VM's guest agent cannot be "
		     "reached now: libvirt is busy with the VM (%s)", msg);
		return GA_ABSENT;
	case VIR_ERR_INTERNAL_ERROR:
		/* The guest's own answer: refused, or a real failure. */
		if (ends_with(msg, ENOENT_TEXT)) {
			c->enoent = true;
		} else if (command_state(c->dom, command, &st) == 0 &&
			   st != AGENT_CMD_ENABLED) {
			return ga_refused(c, command, st);
		}
		m = msg;
		if (strncmp(m, "internal error: ", 16) == 0)
			m += 16;
		errf(c->err, c->errlen, "%s in the VM failed: %s", command, m);
		return GA_FAILED;
	default:
		errf(c->err, c->errlen, "%s in the VM failed (libvirt error "
		     "%d): %s", command, code, msg);
		return GA_FAILED;
	}
}

/* A reply that did not parse: GA_FAILED with the parser's sentence. */
enum ga_status ga_bad_reply(struct ga_ctx *c, char *reply, const char *why)
{
	free(reply);
	errf(c->err, c->errlen, "%s", why);
	return GA_FAILED;
}

/* ---------------------------------------------------------------- ping -- */

enum ga_status ga_ping(virDomainPtr dom, int timeout_s, char *err,
		       size_t errlen)
{
	struct ga_ctx c = { dom, err, errlen, false };
	char why[ERR_MAX], *reply;
	enum ga_status st;

	st = ga_call(&c, "guest-ping",
		  agent_req_simple("guest-ping", err, errlen),
		  timeout_s < 1 ? 1 : timeout_s, &reply);
	if (st != GA_OK)
		return st;
	if (agent_parse_ok(reply, strlen(reply), why, sizeof(why)) < 0)
		return ga_bad_reply(&c, reply, why);
	free(reply);
	return GA_OK;
}

/* ---------------------------------------------------------------- exec -- */

/* Runs ARGV to its end (or DEADLINE); *S gets its status. */
enum ga_status ga_exec_run(struct ga_ctx *c, const char *const argv[],
			   int timeout_ms, struct agent_exec_status *s)
{
	int64_t deadline = clock_now_ms() + (timeout_ms > 0 ? timeout_ms : 1);
	char why[ERR_MAX], *reply;
	enum ga_status st;
	int64_t pid;
	int pause = 5;

	memset(s, 0, sizeof(*s));
	st = ga_call(c, "guest-exec", agent_req_exec(argv, true, c->err,
						  c->errlen),
		  call_timeout(deadline), &reply);
	if (st != GA_OK)
		return st;
	if (agent_parse_exec(reply, strlen(reply), &pid, why,
			     sizeof(why)) < 0)
		return ga_bad_reply(c, reply, why);
	free(reply);
	for (;;) {
		st = ga_call(c, "guest-exec-status",
			  agent_req_exec_status(pid, c->err, c->errlen),
			  call_timeout(deadline), &reply);
		if (st != GA_OK)
			return st;
		if (agent_parse_exec_status(reply, strlen(reply),
					    GA_EXEC_OUT_MAX, s, why,
					    sizeof(why)) < 0)
			return ga_bad_reply(c, reply, why);
		free(reply);
		if (s->exited)
			break;
		if (clock_now_ms() >= deadline) {
			errf(c->err, c->errlen, "%s in the VM is still running "
			     "after %d ms (guest pid %lld)", argv[0],
			     timeout_ms, (long long)pid);
			return GA_FAILED;
		}
		sleep_ms(pause);
		if (pause < 100)
			pause *= 2;
	}
	if (s->out_truncated || s->err_truncated) {
		errf(c->err, c->errlen, "%s in the VM wrote more output than "
		     "the guest agent keeps", argv[0]);
		agent_exec_status_free(s);
		return GA_FAILED;
	}
	return GA_OK;
}

int ga_exit_status(const struct agent_exec_status *s)
{
	return s->signaled ? 128 + s->signal : s->exitcode;
}

enum ga_status ga_exec(virDomainPtr dom, const char *const argv[],
		       int timeout_ms, int *exit_code, char **out,
		       char **errout, char *err, size_t errlen)
{
	struct ga_ctx c = { dom, err, errlen, false };
	struct agent_exec_status s;
	enum ga_status st;

	*exit_code = -1;
	if (out)
		*out = NULL;
	if (errout)
		*errout = NULL;
	st = ga_exec_run(&c, argv, timeout_ms, &s);
	if (st != GA_OK)
		return st;
	*exit_code = ga_exit_status(&s);
	if (out) {
		*out = (char *)s.out;
		s.out = NULL;
	}
	if (errout) {
		*errout = (char *)s.errdata;
		s.errdata = NULL;
	}
	agent_exec_status_free(&s);
	return GA_OK;
}

/* Runs ARGV and wants exit status 0; WHAT says what it was for. */
enum ga_status ga_exec_ok(struct ga_ctx *c, const char *const argv[],
			  const char *what)
{
	struct agent_exec_status s;
	enum ga_status st = ga_exec_run(c, argv, WRITE_EXEC_TIMEOUT_MS, &s);

	if (st != GA_OK)
		return st;
	if (!s.signaled && s.exitcode == 0) {
		agent_exec_status_free(&s);
		return GA_OK;
	}
	errf(c->err, c->errlen, "%s in the VM failed (`%s` exit status %d)%s"
	     "%.*s", what, argv[0], ga_exit_status(&s), s.err_len ? ": " : "",
	     (int)strcspn((char *)s.errdata, "\n"), (char *)s.errdata);
	agent_exec_status_free(&s);
	return GA_FAILED;
}
