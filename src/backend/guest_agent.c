/*
 * guest_agent.c - files and programs inside a running VM through its QEMU
 * guest agent (see guest_agent.h).
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
#include <unistd.h>
#include <sys/random.h>
#include <libvirt/libvirt.h>
#include <libvirt/libvirt-qemu.h>
#include <libvirt/virterror.h>

#include "backend/guest_agent.h"
#include "core/agent_reply.h"
#include "core/agent_request.h"
#include "core/agent_text.h"
#include "core/diag.h"
#include "core/clock.h"
#include "core/err.h"

#define CHUNK (48u * 1024)		/* bytes per read/write call */
#define WRITE_EXEC_TIMEOUT_MS 15000	/* chmod, mv, rm, test */
#define ENOENT_TEXT ": No such file or directory"

/* One operation's view of the last agent call. */
struct ctx {
	virDomainPtr dom;
	char *err;
	size_t errlen;
	bool enoent;		/* the guest said ENOENT (see the top) */
};

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

static enum ga_status refused(struct ctx *c, const char *command,
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
static enum ga_status call(struct ctx *c, const char *command, char *req,
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
			return refused(c, command, AGENT_CMD_MISSING);
		if (strcmp(ae.cls, "CommandDisabled") == 0)
			return refused(c, command, AGENT_CMD_DISABLED);
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
			return refused(c, command, st);
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
static enum ga_status bad_reply(struct ctx *c, char *reply, const char *why)
{
	free(reply);
	errf(c->err, c->errlen, "%s", why);
	return GA_FAILED;
}

/* ---------------------------------------------------------------- ping -- */

enum ga_status ga_ping(virDomainPtr dom, int timeout_s, char *err,
		       size_t errlen)
{
	struct ctx c = { dom, err, errlen, false };
	char why[ERR_MAX], *reply;
	enum ga_status st;

	st = call(&c, "guest-ping",
		  agent_req_simple("guest-ping", err, errlen),
		  timeout_s < 1 ? 1 : timeout_s, &reply);
	if (st != GA_OK)
		return st;
	if (agent_parse_ok(reply, strlen(reply), why, sizeof(why)) < 0)
		return bad_reply(&c, reply, why);
	free(reply);
	return GA_OK;
}

/* ---------------------------------------------------------------- exec -- */

/* Runs ARGV to its end (or DEADLINE); *S gets its status. */
static enum ga_status exec_run(struct ctx *c, const char *const argv[],
			       int timeout_ms, struct agent_exec_status *s)
{
	int64_t deadline = clock_now_ms() + (timeout_ms > 0 ? timeout_ms : 1);
	char why[ERR_MAX], *reply;
	enum ga_status st;
	int64_t pid;
	int pause = 5;

	memset(s, 0, sizeof(*s));
	st = call(c, "guest-exec", agent_req_exec(argv, true, c->err,
						  c->errlen),
		  call_timeout(deadline), &reply);
	if (st != GA_OK)
		return st;
	if (agent_parse_exec(reply, strlen(reply), &pid, why,
			     sizeof(why)) < 0)
		return bad_reply(c, reply, why);
	free(reply);
	for (;;) {
		st = call(c, "guest-exec-status",
			  agent_req_exec_status(pid, c->err, c->errlen),
			  call_timeout(deadline), &reply);
		if (st != GA_OK)
			return st;
		if (agent_parse_exec_status(reply, strlen(reply),
					    GA_EXEC_OUT_MAX, s, why,
					    sizeof(why)) < 0)
			return bad_reply(c, reply, why);
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

static int exit_status(const struct agent_exec_status *s)
{
	return s->signaled ? 128 + s->signal : s->exitcode;
}

enum ga_status ga_exec(virDomainPtr dom, const char *const argv[],
		       int timeout_ms, int *exit_code, char **out,
		       char **errout, char *err, size_t errlen)
{
	struct ctx c = { dom, err, errlen, false };
	struct agent_exec_status s;
	enum ga_status st;

	*exit_code = -1;
	if (out)
		*out = NULL;
	if (errout)
		*errout = NULL;
	st = exec_run(&c, argv, timeout_ms, &s);
	if (st != GA_OK)
		return st;
	*exit_code = exit_status(&s);
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
static enum ga_status exec_ok(struct ctx *c, const char *const argv[],
			      const char *what)
{
	struct agent_exec_status s;
	enum ga_status st = exec_run(c, argv, WRITE_EXEC_TIMEOUT_MS, &s);

	if (st != GA_OK)
		return st;
	if (!s.signaled && s.exitcode == 0) {
		agent_exec_status_free(&s);
		return GA_OK;
	}
	errf(c->err, c->errlen, "%s in the VM failed (`%s` exit status %d)%s"
	     "%.*s", what, argv[0], exit_status(&s), s.err_len ? ": " : "",
	     (int)strcspn((char *)s.errdata, "\n"), (char *)s.errdata);
	agent_exec_status_free(&s);
	return GA_FAILED;
}

/* ---------------------------------------------------------------- read -- */

static void close_handle(virDomainPtr dom, int64_t h)
{
	char *req = agent_req_handle("guest-file-close", h, NULL, 0), *reply;

	if (!req)
		return;
	reply = virDomainQemuAgentCommand(dom, req, GA_CALL_TIMEOUT_S, 0);
	free(req);
	if (reply)
		free(reply);
	else
		virResetLastError();
}

enum ga_status ga_file_read(virDomainPtr dom, const char *path, size_t max,
			    char **out, size_t *len, bool *missing, char *err,
			    size_t errlen)
{
	struct ctx c = { dom, err, errlen, false };
	char why[ERR_MAX], *reply, *buf = NULL;
	size_t have = 0;
	enum ga_status st;
	int64_t h;

	*out = NULL;
	*len = 0;
	*missing = false;
	if (max > GA_FILE_MAX)
		max = GA_FILE_MAX;
	st = call(&c, "guest-file-open",
		  agent_req_file_open(path, "r", err, errlen),
		  GA_CALL_TIMEOUT_S, &reply);
	if (st == GA_FAILED && c.enoent) {
		*missing = true;
		errf(err, errlen, "%s does not exist in the VM", path);
		return GA_OK;
	}
	if (st != GA_OK)
		return st;
	if (agent_parse_file_open(reply, strlen(reply), &h, why,
				  sizeof(why)) < 0)
		return bad_reply(&c, reply, why);
	free(reply);
	buf = malloc(max + 1);
	if (!buf) {
		close_handle(dom, h);
		errf(err, errlen, "out of memory reading %s", path);
		return GA_FAILED;
	}
	for (;;) {
		struct agent_read rd;
		size_t want = max - have + 1;
		bool done;

		if (want > CHUNK)
			want = CHUNK;
		st = call(&c, "guest-file-read",
			  agent_req_file_read(h, want, err, errlen),
			  GA_CALL_TIMEOUT_S, &reply);
		if (st != GA_OK)
			goto fail;
		if (agent_parse_file_read(reply, strlen(reply), want, &rd, why,
					  sizeof(why)) < 0) {
			st = bad_reply(&c, reply, why);
			goto fail;
		}
		free(reply);
		if (rd.count > max - have) {
			agent_read_free(&rd);
			errf(err, errlen, "%s in the VM is larger than %zu "
			     "bytes", path, max);
			st = GA_FAILED;
			close_handle(dom, h);
			free(buf);
			*len = max + 1;
			return st;
		}
		memcpy(buf + have, rd.data, rd.count);
		have += rd.count;
		done = rd.eof || rd.count == 0;
		agent_read_free(&rd);
		if (done)
			break;
	}
	close_handle(dom, h);
	buf[have] = '\0';
	*out = buf;
	*len = have;
	return GA_OK;
fail:
	close_handle(dom, h);
	free(buf);
	return st;
}

/* --------------------------------------------------------------- write -- */

/* GA_OK when the guest lets us run every command of ga_file_write. */
static enum ga_status write_allowed(struct ctx *c)
{
	static const char *const need[] = {
		"guest-file-open", "guest-file-write", "guest-file-flush",
		"guest-file-close", "guest-exec", "guest-exec-status",
	};
	enum ga_status st;
	char why[ERR_MAX], *reply;

	st = call(c, "guest-info", agent_req_simple("guest-info", c->err,
						    c->errlen),
		  GA_CALL_TIMEOUT_S, &reply);
	if (st != GA_OK)
		return st;
	for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++) {
		enum agent_cmd_state cs;

		if (agent_parse_info(reply, strlen(reply), need[i], &cs, why,
				     sizeof(why)) < 0)
			return bad_reply(c, reply, why);
		if (cs != AGENT_CMD_ENABLED) {
			free(reply);
			return refused(c, need[i], cs);
		}
	}
	free(reply);
	return GA_OK;
}

/* DIR/.edgenet-tmp-XXXXXXXX for PATH, malloc'd. */
static char *temp_name(const char *path)
{
	static unsigned counter;
	const char *slash = strrchr(path, '/');
	unsigned r;
	char *t;

	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != sizeof(r))
		r = (unsigned)getpid() * 2654435761u ^
		    (unsigned)clock_now_ms() ^ ++counter;
	if (asprintf(&t, "%.*s/.edgenet-tmp-%08x", (int)(slash - path),
		     path, r) < 0)
		return NULL;
	return t;
}

static enum ga_status write_chunks(struct ctx *c, int64_t h, const char *tmp,
				   const unsigned char *data, size_t len)
{
	char why[ERR_MAX], *reply;
	size_t done = 0;
	enum ga_status st;

	while (done < len) {
		size_t n = len - done, wrote;

		if (n > CHUNK)
			n = CHUNK;
		st = call(c, "guest-file-write",
			  agent_req_file_write(h, data + done, n, c->err,
					       c->errlen),
			  GA_CALL_TIMEOUT_S, &reply);
		if (st != GA_OK)
			return st;
		if (agent_parse_file_write(reply, strlen(reply), n, &wrote,
					   why, sizeof(why)) < 0)
			return bad_reply(c, reply, why);
		free(reply);
		if (wrote == 0) {
			errf(c->err, c->errlen, "writing %s in the VM: the "
			     "guest wrote nothing (disk full?)", tmp);
			return GA_FAILED;
		}
		done += wrote;
	}
	st = call(c, "guest-file-flush",
		  agent_req_handle("guest-file-flush", h, c->err, c->errlen),
		  GA_CALL_TIMEOUT_S, &reply);
	if (st != GA_OK)
		return st;
	if (agent_parse_ok(reply, strlen(reply), why, sizeof(why)) < 0)
		return bad_reply(c, reply, why);
	free(reply);
	return GA_OK;
}

enum ga_status ga_file_write(virDomainPtr dom, const char *path,
			     const void *data, size_t len, char *err,
			     size_t errlen)
{
	struct ctx c = { dom, err, errlen, false };
	char why[ERR_MAX], *reply, *tmp;
	enum ga_status st;
	int64_t h;

	if (agent_path_ok(path, err, errlen) < 0)
		return GA_FAILED;
	if (len > GA_FILE_MAX) {
		errf(err, errlen, "%zu bytes for %s: more than the %u a file "
		     "written through the guest agent may have", len, path,
		     GA_FILE_MAX);
		return GA_FAILED;
	}
	st = write_allowed(&c);
	if (st != GA_OK)
		return st;
	tmp = temp_name(path);
	if (!tmp) {
		errf(err, errlen, "out of memory writing %s", path);
		return GA_FAILED;
	}
	st = call(&c, "guest-file-open",
		  agent_req_file_open(tmp, "w", err, errlen),
		  GA_CALL_TIMEOUT_S, &reply);
	if (st != GA_OK) {
		free(tmp);
		return st;
	}
	if (agent_parse_file_open(reply, strlen(reply), &h, why,
				  sizeof(why)) < 0) {
		free(tmp);
		return bad_reply(&c, reply, why);
	}
	free(reply);
	st = write_chunks(&c, h, tmp, data, len);
	close_handle(dom, h);
	if (st == GA_OK) {
		const char *const chmod_argv[] = { "chmod", "0644", tmp, NULL };
		const char *const mv_argv[] = { "mv", "-f", "-T", tmp, path,
						NULL };

		st = exec_ok(&c, chmod_argv, "making the new file mode 0644");
		if (st == GA_OK)
			st = exec_ok(&c, mv_argv, "renaming the new file into "
				     "place");
	}
	if (st != GA_OK && st != GA_ABSENT) {
		const char *const rm_argv[] = { "rm", "-f", "--", tmp, NULL };
		char keep[512];
		struct ctx q = { dom, keep, sizeof(keep), false };

		exec_ok(&q, rm_argv, "removing the temporary file");
	}
	free(tmp);
	return st;
}

/* -------------------------------------------------------------- remove -- */

enum ga_status ga_file_remove(virDomainPtr dom, const char *path, char *err,
			      size_t errlen)
{
	struct ctx c = { dom, err, errlen, false };
	const char *const argv[] = { "rm", "-f", "--", path, NULL };

	if (agent_path_ok(path, err, errlen) < 0)
		return GA_FAILED;
	return exec_ok(&c, argv, "removing the file");
}

/* ---------------------------------------------------------------- list -- */

void ga_names_free(char **names, size_t count)
{
	struct agent_names n = { names, count, 0 };

	agent_names_free(&n);
}

enum ga_status ga_list(virDomainPtr dom, const char *dir,
		       const char *prefix, const char *suffix,
		       size_t max_names, char ***names, size_t *count,
		       char *err, size_t errlen)
{
	struct ctx c = { dom, err, errlen, false };
	struct agent_exec_status s;
	struct agent_names n;
	enum ga_status st;
	char why[ERR_MAX], *start, *plain;

	*names = NULL;
	*count = 0;
	start = agent_list_start(dir && *dir ? dir : "?");
	if (!start) {
		errf(err, errlen, "out of memory listing %s", dir);
		return GA_FAILED;
	}
	/* The directory itself, for the path check and `test -d`. */
	plain = strdup(start);
	if (!plain) {
		free(start);
		errf(err, errlen, "out of memory listing %s", dir);
		return GA_FAILED;
	}
	if (strlen(plain) > 1)
		plain[strlen(plain) - 1] = '\0';
	if (agent_path_ok(plain, err, errlen) < 0) {
		st = GA_FAILED;
		goto out;
	}
	{
		const char *const argv[] = { "find", start, "-mindepth", "1",
					     "-maxdepth", "1", "-print0",
					     NULL };

		st = exec_run(&c, argv, WRITE_EXEC_TIMEOUT_MS, &s);
	}
	if (st != GA_OK)
		goto out;
	if (s.signaled || s.exitcode != 0) {
		const char *const test_argv[] = { "test", "-d", plain, NULL };
		struct agent_exec_status t;

		st = exec_run(&c, test_argv, WRITE_EXEC_TIMEOUT_MS, &t);
		if (st == GA_OK && !t.signaled && t.exitcode == 1) {
			/* No such directory: no names. */
			agent_exec_status_free(&t);
			agent_exec_status_free(&s);
			goto out;
		}
		if (st == GA_OK) {
			errf(err, errlen, "listing %s in the VM failed (`find` "
			     "exit status %d)%s%.*s", plain, exit_status(&s),
			     s.err_len ? ": " : "",
			     (int)strcspn((char *)s.errdata, "\n"),
			     (char *)s.errdata);
			st = GA_FAILED;
		}
		agent_exec_status_free(&t);
		agent_exec_status_free(&s);
		goto out;
	}
	if (agent_parse_names((char *)s.out, s.out_len, start, prefix,
			      suffix, max_names, &n, why, sizeof(why)) < 0) {
		errf(err, errlen, "listing %s in the VM: %s", plain, why);
		agent_exec_status_free(&s);
		st = GA_FAILED;
		goto out;
	}
	agent_exec_status_free(&s);
	*names = n.v;
	*count = n.n;
out:
	free(start);
	free(plain);
	return st;
}
