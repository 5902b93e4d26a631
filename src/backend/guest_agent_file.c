/*
 * guest_agent_file.c - files inside a running VM through its QEMU guest
 * agent (guest_agent.h: ga_file_read, ga_file_write, ga_file_remove,
 * ga_list), built on the agent calls of guest_agent.c.  A file is
 * written to a temporary sibling, then moved over the old one; a missing
 * file is told by the guest's ENOENT sentence (see guest_agent.c).
 *
 * Touches, through the agent, the files it is asked to read, write or
 * remove and their temporary siblings.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/random.h>
#include <libvirt/libvirt.h>
#include <libvirt/libvirt-qemu.h>
#include <libvirt/virterror.h>

#include "backend/guest_agent_priv.h"
#include "core/agent_reply.h"
#include "core/agent_request.h"
#include "core/agent_text.h"
#include "core/clock.h"
#include "core/err.h"

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
	struct ga_ctx c = { dom, err, errlen, false };
	char why[ERR_MAX], *reply, *buf = NULL;
	size_t have = 0;
	enum ga_status st;
	int64_t h;

	*out = NULL;
	*len = 0;
	*missing = false;
	if (max > GA_FILE_MAX)
		max = GA_FILE_MAX;
	st = ga_call(&c, "guest-file-open",
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
		return ga_bad_reply(&c, reply, why);
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
		st = ga_call(&c, "guest-file-read",
			  agent_req_file_read(h, want, err, errlen),
			  GA_CALL_TIMEOUT_S, &reply);
		if (st != GA_OK)
			goto fail;
		if (agent_parse_file_read(reply, strlen(reply), want, &rd, why,
					  sizeof(why)) < 0) {
			st = ga_bad_reply(&c, reply, why);
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
static enum ga_status write_allowed(struct ga_ctx *c)
{
	static const char *const need[] = {
		"guest-file-open", "guest-file-write", "guest-file-flush",
		"guest-file-close", "guest-exec", "guest-exec-status",
	};
	enum ga_status st;
	char why[ERR_MAX], *reply;

	st = ga_call(c, "guest-info", agent_req_simple("guest-info", c->err,
						    c->errlen),
		  GA_CALL_TIMEOUT_S, &reply);
	if (st != GA_OK)
		return st;
	for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++) {
		enum agent_cmd_state cs;

		if (agent_parse_info(reply, strlen(reply), need[i], &cs, why,
				     sizeof(why)) < 0)
			return ga_bad_reply(c, reply, why);
		if (cs != AGENT_CMD_ENABLED) {
			free(reply);
			return ga_refused(c, need[i], cs);
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

static enum ga_status write_chunks(struct ga_ctx *c, int64_t h, const char *tmp,
				   const unsigned char *data, size_t len)
{
	char why[ERR_MAX], *reply;
	size_t done = 0;
	enum ga_status st;

	while (done < len) {
		size_t n = len - done, wrote;

		if (n > CHUNK)
			n = CHUNK;
		st = ga_call(c, "guest-file-write",
			  agent_req_file_write(h, data + done, n, c->err,
					       c->errlen),
			  GA_CALL_TIMEOUT_S, &reply);
		if (st != GA_OK)
			return st;
		if (agent_parse_file_write(reply, strlen(reply), n, &wrote,
					   why, sizeof(why)) < 0)
			return ga_bad_reply(c, reply, why);
		free(reply);
		if (wrote == 0) {
			errf(c->err, c->errlen, "writing %s in the VM: the "
			     "guest wrote nothing (disk full?)", tmp);
			return GA_FAILED;
		}
		done += wrote;
	}
	st = ga_call(c, "guest-file-flush",
		  agent_req_handle("guest-file-flush", h, c->err, c->errlen),
		  GA_CALL_TIMEOUT_S, &reply);
	if (st != GA_OK)
		return st;
	if (agent_parse_ok(reply, strlen(reply), why, sizeof(why)) < 0)
		return ga_bad_reply(c, reply, why);
	free(reply);
	return GA_OK;
}

enum ga_status ga_file_write(virDomainPtr dom, const char *path,
			     const void *data, size_t len, char *err,
			     size_t errlen)
{
	struct ga_ctx c = { dom, err, errlen, false };
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
	st = ga_call(&c, "guest-file-open",
		  agent_req_file_open(tmp, "w", err, errlen),
		  GA_CALL_TIMEOUT_S, &reply);
	if (st != GA_OK) {
		free(tmp);
		return st;
	}
	if (agent_parse_file_open(reply, strlen(reply), &h, why,
				  sizeof(why)) < 0) {
		free(tmp);
		return ga_bad_reply(&c, reply, why);
	}
	free(reply);
	st = write_chunks(&c, h, tmp, data, len);
	close_handle(dom, h);
	if (st == GA_OK) {
		const char *const chmod_argv[] = { "chmod", "0644", tmp, NULL };
		const char *const mv_argv[] = { "mv", "-f", "-T", tmp, path,
						NULL };

		st = ga_exec_ok(&c, chmod_argv, "making the new file mode 0644");
		if (st == GA_OK)
			st = ga_exec_ok(&c, mv_argv, "renaming the new file into "
				     "place");
	}
	if (st != GA_OK && st != GA_ABSENT) {
		const char *const rm_argv[] = { "rm", "-f", "--", tmp, NULL };
		char keep[512];
		struct ga_ctx q = { dom, keep, sizeof(keep), false };

		ga_exec_ok(&q, rm_argv, "removing the temporary file");
	}
	free(tmp);
	return st;
}

/* -------------------------------------------------------------- remove -- */

enum ga_status ga_file_remove(virDomainPtr dom, const char *path, char *err,
			      size_t errlen)
{
	struct ga_ctx c = { dom, err, errlen, false };
	const char *const argv[] = { "rm", "-f", "--", path, NULL };

	if (agent_path_ok(path, err, errlen) < 0)
		return GA_FAILED;
	return ga_exec_ok(&c, argv, "removing the file");
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
	struct ga_ctx c = { dom, err, errlen, false };
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

		st = ga_exec_run(&c, argv, WRITE_EXEC_TIMEOUT_MS, &s);
	}
	if (st != GA_OK)
		goto out;
	if (s.signaled || s.exitcode != 0) {
		const char *const test_argv[] = { "test", "-d", plain, NULL };
		struct agent_exec_status t;

		st = ga_exec_run(&c, test_argv, WRITE_EXEC_TIMEOUT_MS, &t);
		if (st == GA_OK && !t.signaled && t.exitcode == 1) {
			/* No such directory: no names. */
			agent_exec_status_free(&t);
			agent_exec_status_free(&s);
			goto out;
		}
		if (st == GA_OK) {
			errf(err, errlen, "listing %s in the VM failed (`find` "
			     "exit status %d)%s%.*s", plain, ga_exit_status(&s),
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
