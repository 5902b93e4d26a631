/*
 * agent_reply_exec.c - the parsers of the guest agent's replies to
 * guest-exec and guest-exec-status (see agent_reply.h), and of what a
 * command run that way prints: the NUL-separated names of a directory
 * listing (`find -print0`).
 *
 * Pure: json-c and memory, nothing else.
 */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "core/agent_reply.h"
#include "core/agent_reply_priv.h"
#include "core/agent_text.h"
#include "core/diag.h"

#define NAME_MAX_BYTES 255

int agent_parse_exec(const char *text, size_t len, int64_t *pid, char *err,
		     size_t errlen)
{
	const char *cmd = "guest-exec";
	struct json_object *doc = agent_reply_doc(cmd, text, len, err, errlen);
	struct json_object *r;
	int rc = -1;

	*pid = 0;
	if (!doc)
		return -1;
	r = agent_reply_object(cmd, doc, err, errlen);
	if (r && agent_reply_int(cmd, r, "pid", 1, INT32_MAX, NULL, pid, err,
				 errlen) == 0)
		rc = 0;
	json_object_put(doc);
	if (rc < 0)
		*pid = 0;
	return rc;
}

int agent_parse_exec_status(const char *text, size_t len, size_t max,
			    struct agent_exec_status *s, char *err,
			    size_t errlen)
{
	const char *cmd = "guest-exec-status";
	struct json_object *doc = agent_reply_doc(cmd, text, len, err, errlen);
	struct json_object *r;
	bool has_code, has_sig, dummy;
	int64_t code = 0, sig = 0;
	int rc = -1;

	memset(s, 0, sizeof(*s));
	if (!doc)
		return -1;
	r = agent_reply_object(cmd, doc, err, errlen);
	if (!r || agent_reply_bool(cmd, r, "exited", NULL, &s->exited, err,
				   errlen) < 0 ||
	    agent_reply_int(cmd, r, "exitcode", 0, 255, &has_code, &code, err,
			    errlen) < 0 ||
	    agent_reply_int(cmd, r, "signal", 1, 127, &has_sig, &sig, err,
			    errlen) < 0)
		goto out;
	if (!s->exited) {
		if (has_code || has_sig) {
			errf(err, errlen, "the guest agent's reply to %s gives "
			     "an exit status for a process still running",
			     cmd);
			goto out;
		}
		rc = 0;
		goto out;
	}
	if (has_code == has_sig) {
		errf(err, errlen, "the guest agent's reply to %s gives %s of "
		     "\"exitcode\" and \"signal\" for an exited process", cmd,
		     has_code ? "both" : "neither");
		goto out;
	}
	s->signaled = has_sig;
	s->exitcode = (int)code;
	s->signal = (int)sig;
	if (agent_reply_b64(cmd, r, "out-data", max, &dummy, &s->out, &s->out_len,
			    err, errlen) < 0 ||
	    agent_reply_b64(cmd, r, "err-data", max, &dummy, &s->errdata, &s->err_len,
			    err, errlen) < 0 ||
	    agent_reply_bool(cmd, r, "out-truncated", &dummy, &s->out_truncated, err,
			     errlen) < 0 ||
	    agent_reply_bool(cmd, r, "err-truncated", &dummy, &s->err_truncated, err,
			     errlen) < 0)
		goto out;
	rc = 0;
out:
	json_object_put(doc);
	if (rc < 0)
		agent_exec_status_free(s);
	return rc;
}

void agent_exec_status_free(struct agent_exec_status *s)
{
	free(s->out);
	free(s->errdata);
	memset(s, 0, sizeof(*s));
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int agent_parse_names(const char *text, size_t len, const char *start,
		      const char *prefix, const char *suffix,
		      size_t max_names, struct agent_names *out, char *err,
		      size_t errlen)
{
	size_t sl = strlen(start), pl = strlen(prefix), xl = strlen(suffix);
	size_t pos = 0, cap = 0, rec = 0;

	memset(out, 0, sizeof(*out));
	if (len > 0 && text[len - 1] != '\0') {
		errf(err, errlen, "the guest's directory listing ends in the "
		     "middle of a name (cut short?)");
		return -1;
	}
	while (pos < len) {
		const char *r = text + pos;
		size_t rl = strlen(r);	/* stops at a NUL inside TEXT */
		const char *name = r + sl;
		size_t nl;

		pos += rl + 1;
		rec++;
		if (rl < sl || memcmp(r, start, sl) != 0) {
			errf(err, errlen, "entry %zu of the guest's directory "
			     "listing is not in %s", rec, start);
			goto fail;
		}
		nl = rl - sl;
		if (nl == 0 || memchr(name, '/', nl)) {
			errf(err, errlen, "entry %zu of the guest's directory "
			     "listing is not a plain file name", rec);
			goto fail;
		}
		if (agent_has_control(name, nl) || !agent_utf8_ok(name, nl) ||
		    nl > NAME_MAX_BYTES) {
			out->skipped++;
			continue;
		}
		if (nl < pl + xl || memcmp(name, prefix, pl) != 0 ||
		    memcmp(name + nl - xl, suffix, xl) != 0)
			continue;
		if (out->n == max_names) {
			errf(err, errlen, "the guest directory %s has more than "
			     "%zu matching names", start, max_names);
			goto fail;
		}
		if (out->n == cap) {
			size_t nc = cap ? cap * 2 : 8;
			char **nv = realloc(out->v, nc * sizeof(*nv));

			if (!nv)
				goto oom;
			out->v = nv;
			cap = nc;
		}
		out->v[out->n] = strndup(name, nl);
		if (!out->v[out->n])
			goto oom;
		out->n++;
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_names);
	return 0;
oom:
	errf(err, errlen, "out of memory reading the guest's directory "
	     "listing");
fail:
	agent_names_free(out);
	return -1;
}

void agent_names_free(struct agent_names *n)
{
	for (size_t i = 0; i < n->n; i++)
		free(n->v[i]);
	free(n->v);
	memset(n, 0, sizeof(*n));
}
