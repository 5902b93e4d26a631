/*
 * agent_reply.c - the strict reading of a QEMU guest agent's reply (see
 * agent_reply.h and agent_reply_priv.h), and the parsers of the replies
 * that carry no data of a command family: an error reply, an empty
 * "return" (guest-ping, guest-file-close...), guest-info.  The parsers of
 * the file and exec families are agent_reply_file.c and
 * agent_reply_exec.c.
 *
 * Pure: json-c and memory, nothing else.  Replies are parsed by json-c's
 * tokener in strict mode with UTF-8 validation and a small depth limit;
 * the whole text must be one object (white space may follow).  Members are
 * then read one by one with their type and range checked here, so a reply
 * of the wrong shape is refused with a sentence naming the command and the
 * member.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "core/agent_reply.h"
#include "core/agent_reply_priv.h"
#include "core/agent_text.h"
#include "core/diag.h"
#include "core/textsafe.h"

#define JSON_DEPTH 16
#define INFO_MAX_COMMANDS 4096

/* The reply TEXT as a json-c object, or NULL with a sentence about
 * COMMAND's reply. */
struct json_object *agent_reply_doc(const char *cmd, const char *text,
				    size_t len, char *err, size_t errlen)
{
	struct json_tokener *tok;
	struct json_object *o;
	enum json_tokener_error je;
	size_t end;

	if (!text || len == 0) {
		errf(err, errlen, "the guest agent's reply to %s is empty",
		     cmd);
		return NULL;
	}
	if (len > AGENT_REPLY_MAX) {
		errf(err, errlen, "the guest agent's reply to %s is %zu "
		     "bytes long, more than %u", cmd, len, AGENT_REPLY_MAX);
		return NULL;
	}
	if (memchr(text, '\0', len)) {
		errf(err, errlen, "the guest agent's reply to %s holds a NUL "
		     "byte", cmd);
		return NULL;
	}
	tok = json_tokener_new_ex(JSON_DEPTH);
	if (!tok) {
		errf(err, errlen, "out of memory reading the reply to %s",
		     cmd);
		return NULL;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
			       JSON_TOKENER_ALLOW_TRAILING_CHARS |
			       JSON_TOKENER_VALIDATE_UTF8);
	o = json_tokener_parse_ex(tok, text, (int)len);
	je = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (!o || je != json_tokener_success) {
		json_object_put(o);
		if (je == json_tokener_continue)
			errf(err, errlen, "the guest agent's reply to %s ends "
			     "in the middle of a JSON value", cmd);
		else
			errf(err, errlen, "the guest agent's reply to %s is "
			     "not valid JSON (%s, near byte %zu)", cmd,
			     json_tokener_error_desc(je), end);
		return NULL;
	}
	for (; end < len; end++) {
		char c = text[end];

		if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
			json_object_put(o);
			errf(err, errlen, "the guest agent's reply to %s has "
			     "text after its JSON object (byte %zu)", cmd,
			     end);
			return NULL;
		}
	}
	if (!json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		errf(err, errlen, "the guest agent's reply to %s is not a "
		     "JSON object", cmd);
		return NULL;
	}
	return o;
}

/* Copies LEN bytes of S into DST (SIZE bytes) escaped (textsafe: the
 * guest's words, controls and bytes that are not UTF-8 as \xNN); a text
 * too long is cut at a whole unit and ends with "...". */
static void copy_display(char *dst, size_t size, const char *s, size_t len)
{
	if (textsafe_n(dst, size, s, len) >= size && size > 4) {
		textsafe_n(dst, size - 3, s, len);
		strcat(dst, "...");
	}
}

static int read_error(struct json_object *doc, struct agent_error *e,
		      char *err, size_t errlen)
{
	struct json_object *eo, *c, *d;
	const char *cs, *ds;
	size_t cl, dl;

	if (!json_object_object_get_ex(doc, "error", &eo) ||
	    !json_object_is_type(eo, json_type_object)) {
		errf(err, errlen, "the guest agent's error reply has no "
		     "\"error\" object");
		return -1;
	}
	if (!json_object_object_get_ex(eo, "class", &c) ||
	    !json_object_is_type(c, json_type_string) ||
	    !json_object_object_get_ex(eo, "desc", &d) ||
	    !json_object_is_type(d, json_type_string)) {
		errf(err, errlen, "the guest agent's error reply lacks a "
		     "\"class\" or \"desc\" string");
		return -1;
	}
	cs = json_object_get_string(c);
	cl = (size_t)json_object_get_string_len(c);
	ds = json_object_get_string(d);
	dl = (size_t)json_object_get_string_len(d);
	if (cl == 0 || cl >= AGENT_CLASS_MAX || agent_has_control(cs, cl)) {
		errf(err, errlen, "the guest agent's error reply has an "
		     "empty, too long or garbled class");
		return -1;
	}
	memcpy(e->cls, cs, cl);
	e->cls[cl] = '\0';
	copy_display(e->desc, sizeof(e->desc), ds, dl);
	return 0;
}

int agent_parse_error(const char *text, size_t len, struct agent_error *e,
		      char *err, size_t errlen)
{
	struct json_object *doc = agent_reply_doc("a command", text, len, err,
						  errlen);
	int rc;

	memset(e, 0, sizeof(*e));
	if (!doc)
		return -1;
	if (json_object_object_get_ex(doc, "return", NULL)) {
		errf(err, errlen, "the guest agent's reply is not an error "
		     "(it has \"return\")");
		json_object_put(doc);
		return -1;
	}
	rc = read_error(doc, e, err, errlen);
	json_object_put(doc);
	if (rc < 0)
		memset(e, 0, sizeof(*e));
	return rc;
}

/* The "return" member of COMMAND's reply, owned by DOC; NULL with a
 * sentence when the reply is an error or has no "return". */
struct json_object *agent_reply_return(const char *cmd,
				       struct json_object *doc, char *err,
				       size_t errlen)
{
	struct json_object *r;
	bool has_err = json_object_object_get_ex(doc, "error", NULL);

	if (json_object_object_get_ex(doc, "return", &r)) {
		if (has_err) {
			errf(err, errlen, "the guest agent's reply to %s has "
			     "both \"return\" and \"error\"", cmd);
			return NULL;
		}
		if (!r)	/* JSON null */
			errf(err, errlen, "the guest agent's reply to %s has a "
			     "null \"return\"", cmd);
		return r;
	}
	if (has_err) {
		struct agent_error e;

		if (read_error(doc, &e, err, errlen) == 0)
			errf(err, errlen, "the guest agent answered %s with "
			     "an error (%s): %s", cmd, e.cls, e.desc);
		return NULL;
	}
	errf(err, errlen, "the guest agent's reply to %s has neither "
	     "\"return\" nor \"error\"", cmd);
	return NULL;
}

/* Member NAME of OBJ into *M: 1 there, 0 absent and optional (PRESENT
 * given: set to false, the caller sets it true once the value is good),
 * -1 absent and required (the sentence in ERR). */
static int member(const char *cmd, struct json_object *obj,
		  const char *name, bool *present, struct json_object **m,
		  char *err, size_t errlen)
{
	if (present)
		*present = false;
	if (json_object_object_get_ex(obj, name, m))
		return 1;
	if (present)
		return 0;
	errf(err, errlen, "the guest agent's reply to %s lacks \"%s\"", cmd,
	     name);
	return -1;
}

/* Member NAME of OBJ, an integer in [LO, HI].  *PRESENT (may be NULL:
 * the member is required) says whether it was there. */
int agent_reply_int(const char *cmd, struct json_object *obj,
		    const char *name, int64_t lo, int64_t hi, bool *present,
		    int64_t *v, char *err, size_t errlen)
{
	struct json_object *m;
	int got;

	got = member(cmd, obj, name, present, &m, err, errlen);
	if (got <= 0)
		return got;
	if (!json_object_is_type(m, json_type_int)) {
		errf(err, errlen, "the guest agent's reply to %s has a "
		     "\"%s\" that is not an integer", cmd, name);
		return -1;
	}
	/* json-c clamps what does not fit an int64 to INT64_MIN/MAX, and
	 * every bound here is inside those. */
	*v = json_object_get_int64(m);
	if (*v < lo || *v > hi) {
		errf(err, errlen, "the guest agent's reply to %s has \"%s\" "
		     "out of range (%lld not in %lld..%lld)", cmd, name,
		     (long long)*v, (long long)lo, (long long)hi);
		return -1;
	}
	if (present)
		*present = true;
	return 0;
}

int agent_reply_bool(const char *cmd, struct json_object *obj,
		     const char *name, bool *present, bool *v, char *err,
		     size_t errlen)
{
	struct json_object *m;
	int got;

	got = member(cmd, obj, name, present, &m, err, errlen);
	if (got <= 0)
		return got;
	if (!json_object_is_type(m, json_type_boolean)) {
		errf(err, errlen, "the guest agent's reply to %s has a "
		     "\"%s\" that is not true or false", cmd, name);
		return -1;
	}
	*v = json_object_get_boolean(m) != 0;
	if (present)
		*present = true;
	return 0;
}

/* Member NAME of OBJ, a base64 string decoding to at most MAX bytes;
 * absent (when PRESENT is not NULL) gives an empty malloc'd buffer. */
int agent_reply_b64(const char *cmd, struct json_object *obj,
		    const char *name, size_t max, bool *present,
		    unsigned char **out, size_t *outlen, char *err,
		    size_t errlen)
{
	struct json_object *m;
	char why[160];
	size_t sl;

	*out = NULL;
	*outlen = 0;
	if (present)
		*present = false;
	if (!json_object_object_get_ex(obj, name, &m)) {
		if (!present) {
			errf(err, errlen, "the guest agent's reply to %s "
			     "lacks \"%s\"", cmd, name);
			return -1;
		}
		*out = calloc(1, 1);
		if (!*out) {
			errf(err, errlen, "out of memory reading the reply "
			     "to %s", cmd);
			return -1;
		}
		return 0;
	}
	if (!json_object_is_type(m, json_type_string)) {
		errf(err, errlen, "the guest agent's reply to %s has a "
		     "\"%s\" that is not a string", cmd, name);
		return -1;
	}
	sl = (size_t)json_object_get_string_len(m);
	if (agent_b64_decode(json_object_get_string(m), sl, max, out,
			     outlen, why, sizeof(why)) < 0) {
		errf(err, errlen, "the guest agent's reply to %s has a bad "
		     "\"%s\": %s", cmd, name, why);
		return -1;
	}
	if (present)
		*present = true;
	return 0;
}

struct json_object *agent_reply_object(const char *cmd,
				       struct json_object *doc, char *err,
				       size_t errlen)
{
	struct json_object *r = agent_reply_return(cmd, doc, err, errlen);

	if (r && !json_object_is_type(r, json_type_object)) {
		errf(err, errlen, "the guest agent's reply to %s has a "
		     "\"return\" that is not an object", cmd);
		return NULL;
	}
	return r;
}

int agent_parse_ok(const char *text, size_t len, char *err, size_t errlen)
{
	const char *cmd = "the command";
	struct json_object *doc = agent_reply_doc(cmd, text, len, err, errlen);
	int rc;

	if (!doc)
		return -1;
	rc = agent_reply_object(cmd, doc, err, errlen) ? 0 : -1;
	json_object_put(doc);
	return rc;
}

int agent_parse_info(const char *text, size_t len, const char *command,
		     enum agent_cmd_state *st, char *err, size_t errlen)
{
	const char *cmd = "guest-info";
	struct json_object *doc = agent_reply_doc(cmd, text, len, err, errlen);
	struct json_object *r, *list;
	size_t n;
	int rc = -1;

	*st = AGENT_CMD_MISSING;
	if (!doc)
		return -1;
	r = agent_reply_object(cmd, doc, err, errlen);
	if (!r)
		goto out;
	if (!json_object_object_get_ex(r, "supported_commands", &list) ||
	    !json_object_is_type(list, json_type_array)) {
		errf(err, errlen, "the guest agent's reply to %s lacks the "
		     "\"supported_commands\" list", cmd);
		goto out;
	}
	n = json_object_array_length(list);
	if (n > INFO_MAX_COMMANDS) {
		errf(err, errlen, "the guest agent's reply to %s lists %zu "
		     "commands, more than %d", cmd, n, INFO_MAX_COMMANDS);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct json_object *c = json_object_array_get_idx(list, i);
		struct json_object *name;
		bool enabled;

		if (!json_object_is_type(c, json_type_object) ||
		    !json_object_object_get_ex(c, "name", &name) ||
		    !json_object_is_type(name, json_type_string)) {
			errf(err, errlen, "the guest agent's reply to %s has "
			     "a command without a name (entry %zu)", cmd, i);
			goto out;
		}
		if (agent_reply_bool(cmd, c, "enabled", NULL, &enabled, err,
				     errlen) < 0)
			goto out;
		if (strcmp(json_object_get_string(name), command) == 0 &&
		    (size_t)json_object_get_string_len(name) ==
			    strlen(command))
			*st = enabled ? AGENT_CMD_ENABLED : AGENT_CMD_DISABLED;
	}
	rc = 0;
out:
	json_object_put(doc);
	if (rc < 0)
		*st = AGENT_CMD_MISSING;
	return rc;
}
