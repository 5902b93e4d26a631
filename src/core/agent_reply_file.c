/*
 * agent_reply_file.c - the parsers of the guest agent's replies to the
 * guest-file-* commands (open, read, write; see agent_reply.h), on the
 * member readers of agent_reply_priv.h.
 *
 * Pure: json-c and memory, nothing else.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "core/agent_reply.h"
#include "core/agent_reply_priv.h"
#include "core/diag.h"

int agent_parse_file_open(const char *text, size_t len, int64_t *handle,
			  char *err, size_t errlen)
{
	const char *cmd = "guest-file-open";
	struct json_object *doc = agent_reply_doc(cmd, text, len, err, errlen);
	struct json_object *r;
	int rc = -1;

	*handle = -1;
	if (!doc)
		return -1;
	r = agent_reply_return(cmd, doc, err, errlen);
	if (r) {
		if (!json_object_is_type(r, json_type_int)) {
			errf(err, errlen, "the guest agent's reply to %s is "
			     "not a file handle (an integer)", cmd);
		} else {
			int64_t h = json_object_get_int64(r);

			if (h < 0 || h == INT64_MAX)
				errf(err, errlen, "the guest agent's reply to "
				     "%s has a file handle out of range", cmd);
			else {
				*handle = h;
				rc = 0;
			}
		}
	}
	json_object_put(doc);
	return rc;
}

int agent_parse_file_read(const char *text, size_t len, size_t max,
			  struct agent_read *rd, char *err, size_t errlen)
{
	const char *cmd = "guest-file-read";
	struct json_object *doc = agent_reply_doc(cmd, text, len, err, errlen);
	struct json_object *r;
	int64_t count;
	int rc = -1;

	memset(rd, 0, sizeof(*rd));
	if (!doc)
		return -1;
	if (max > INT64_MAX - 1)
		max = INT64_MAX - 1;
	r = agent_reply_object(cmd, doc, err, errlen);
	if (!r ||
	    agent_reply_int(cmd, r, "count", 0, (int64_t)max, NULL, &count, err,
			    errlen) < 0 ||
	    agent_reply_bool(cmd, r, "eof", NULL, &rd->eof, err, errlen) < 0 ||
	    agent_reply_b64(cmd, r, "buf-b64", max, NULL, &rd->data, &rd->count, err,
			    errlen) < 0)
		goto out;
	if (rd->count != (size_t)count) {
		errf(err, errlen, "the guest agent's reply to %s says %lld "
		     "bytes but carries %zu", cmd, (long long)count,
		     rd->count);
		goto out;
	}
	rc = 0;
out:
	json_object_put(doc);
	if (rc < 0)
		agent_read_free(rd);
	return rc;
}

void agent_read_free(struct agent_read *r)
{
	free(r->data);
	memset(r, 0, sizeof(*r));
}

int agent_parse_file_write(const char *text, size_t len, size_t max,
			   size_t *count, char *err, size_t errlen)
{
	const char *cmd = "guest-file-write";
	struct json_object *doc = agent_reply_doc(cmd, text, len, err, errlen);
	struct json_object *r;
	int64_t c;
	bool eof;
	int rc = -1;

	*count = 0;
	if (!doc)
		return -1;
	if (max > INT64_MAX - 1)
		max = INT64_MAX - 1;
	r = agent_reply_object(cmd, doc, err, errlen);
	if (r &&
	    agent_reply_int(cmd, r, "count", 0, (int64_t)max, NULL, &c, err,
			    errlen) == 0 &&
	    agent_reply_bool(cmd, r, "eof", NULL, &eof, err, errlen) == 0) {
		*count = (size_t)c;
		rc = 0;
	}
	json_object_put(doc);
	return rc;
}
