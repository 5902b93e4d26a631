/*
 * agent_reply.c - QEMU guest agent requests (built with json-c) and the
 * strict parsers of its replies (see agent_reply.h).
 *
 * Pure: json-c and memory, nothing else.  Replies are parsed by json-c's
 * tokener in strict mode with UTF-8 validation and a small depth limit;
 * the whole text must be one object (white space may follow).  Members are
 * then read one by one with their type and range checked here, so a reply
 * of the wrong shape is refused with a sentence naming the command and the
 * member.  Base64 is decoded by the small strict decoder below: none of
 * edgenet's dependencies offers one.
 */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "core/agent_reply.h"
#include "core/diag.h"
#include "core/textsafe.h"

#define JSON_DEPTH 16
#define INFO_MAX_COMMANDS 4096
#define NAME_MAX_BYTES 255

/* ------------------------------------------------------------ helpers -- */

bool agent_utf8_ok(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		unsigned c = p[i];
		unsigned cp, need;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (len - i - 1 < need)
			return false;
		for (unsigned k = 1; k <= need; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += need + 1;
	}
	return true;
}

static bool has_control(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f)
			return true;
	}
	return false;
}

int agent_path_ok(const char *path, char *err, size_t errlen)
{
	size_t len;

	if (!path || path[0] != '/') {
		errf(err, errlen, "the guest path '%s' is not absolute",
		     path ? path : "");
		return -1;
	}
	len = strlen(path);
	if (len > 4095) {
		errf(err, errlen, "the guest path is longer than 4095 bytes");
		return -1;
	}
	if (has_control(path, len) || !agent_utf8_ok(path, len)) {
		errf(err, errlen, "the guest path holds control characters or "
		     "is not valid UTF-8");
		return -1;
	}
	if (len > 1 && path[len - 1] == '/') {
		errf(err, errlen, "the guest path '%s' names a directory "
		     "(ends with '/')", path);
		return -1;
	}
	return 0;
}

char *agent_list_start(const char *dir)
{
	size_t len = strlen(dir);
	char *s;

	while (len > 1 && dir[len - 1] == '/')
		len--;
	s = malloc(len + 2);
	if (!s)
		return NULL;
	memcpy(s, dir, len);
	if (len == 1 && dir[0] == '/') {
		s[1] = '\0';
	} else {
		s[len] = '/';
		s[len + 1] = '\0';
	}
	return s;
}

/* ------------------------------------------------------------- base64 -- */

static const char b64_alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *agent_b64_encode(const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t outlen, i, o = 0;
	char *out;

	if (len > (SIZE_MAX - 1) / 4 * 3 - 3)
		return NULL;
	outlen = (len + 2) / 3 * 4;
	out = malloc(outlen + 1);
	if (!out)
		return NULL;
	for (i = 0; i + 2 < len; i += 3) {
		unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 |
			     p[i + 2];

		out[o++] = b64_alphabet[v >> 18];
		out[o++] = b64_alphabet[(v >> 12) & 63];
		out[o++] = b64_alphabet[(v >> 6) & 63];
		out[o++] = b64_alphabet[v & 63];
	}
	if (len - i == 1) {
		unsigned v = (unsigned)p[i] << 16;

		out[o++] = b64_alphabet[v >> 18];
		out[o++] = b64_alphabet[(v >> 12) & 63];
		out[o++] = '=';
		out[o++] = '=';
	} else if (len - i == 2) {
		unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8;

		out[o++] = b64_alphabet[v >> 18];
		out[o++] = b64_alphabet[(v >> 12) & 63];
		out[o++] = b64_alphabet[(v >> 6) & 63];
		out[o++] = '=';
	}
	out[o] = '\0';
	return out;
}

static int b64_digit(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

int agent_b64_decode(const char *in, size_t inlen, size_t max,
		     unsigned char **out, size_t *outlen, char *err,
		     size_t errlen)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t pad = 0, n, o = 0;
	unsigned char *buf;

	*out = NULL;
	*outlen = 0;
	if (inlen % 4 != 0) {
		errf(err, errlen, "base64 data of %zu characters (not a "
		     "multiple of 4)", inlen);
		return -1;
	}
	if (inlen >= 4 && p[inlen - 1] == '=') {
		pad++;
		if (p[inlen - 2] == '=')
			pad++;
	}
	n = inlen / 4 * 3 - pad;
	if (n > max) {
		errf(err, errlen, "base64 data of %zu bytes, more than the "
		     "%zu expected", n, max);
		return -1;
	}
	buf = malloc(n + 1);
	if (!buf) {
		errf(err, errlen, "out of memory decoding base64 data");
		return -1;
	}
	for (size_t i = 0; i < inlen; i += 4) {
		bool last = i + 4 == inlen;
		int d[4];
		unsigned v;

		for (int k = 0; k < 4; k++) {
			if (p[i + k] == '=' && last &&
			    (k == 3 || (k == 2 && pad == 2))) {
				d[k] = 0;
				continue;
			}
			d[k] = b64_digit(p[i + k]);
			if (d[k] < 0) {
				free(buf);
				errf(err, errlen, "base64 data with an invalid "
				     "character at offset %zu", i + (size_t)k);
				return -1;
			}
		}
		v = (unsigned)d[0] << 18 | (unsigned)d[1] << 12 |
		    (unsigned)d[2] << 6 | (unsigned)d[3];
		if (last && ((pad == 1 && (v & 0xff)) ||
			     (pad == 2 && (v & 0xffff)))) {
			free(buf);
			errf(err, errlen, "base64 data whose last characters "
			     "are not canonical");
			return -1;
		}
		buf[o++] = (unsigned char)(v >> 16);
		if (!last || pad < 2)
			buf[o++] = (unsigned char)(v >> 8);
		if (!last || pad < 1)
			buf[o++] = (unsigned char)v;
	}
	buf[o] = '\0';
	*out = buf;
	*outlen = o;
	return 0;
}

/* ----------------------------------------------------------- requests -- */

static char *req_finish(struct json_object *req, char *err, size_t errlen)
{
	const char *s;
	char *r = NULL;

	s = json_object_to_json_string_ext(req, JSON_C_TO_STRING_PLAIN |
					   JSON_C_TO_STRING_NOSLASHESCAPE);
	if (s)
		r = strdup(s);
	json_object_put(req);
	if (!r)
		errf(err, errlen, "out of memory building a guest agent "
		     "request");
	return r;
}

/* {"execute":COMMAND,"arguments":{}}; *ARGS gets the arguments object
 * (owned by the request) when ARGS is not NULL. */
static struct json_object *req_new(const char *command,
				   struct json_object **args)
{
	struct json_object *req = json_object_new_object();
	struct json_object *a;

	if (!req)
		return NULL;
	if (json_object_object_add(req, "execute",
				   json_object_new_string(command)) < 0) {
		json_object_put(req);
		return NULL;
	}
	if (!args)
		return req;
	a = json_object_new_object();
	if (!a || json_object_object_add(req, "arguments", a) < 0) {
		json_object_put(a);
		json_object_put(req);
		return NULL;
	}
	*args = a;
	return req;
}

/* Adds VAL (may be NULL: out of memory) as KEY of OBJ; -1 on failure. */
static int add(struct json_object *obj, const char *key,
	       struct json_object *val)
{
	if (!val)
		return -1;
	if (json_object_object_add(obj, key, val) < 0) {
		json_object_put(val);
		return -1;
	}
	return 0;
}

static char *req_oom(struct json_object *req, char *err, size_t errlen)
{
	json_object_put(req);
	errf(err, errlen, "out of memory building a guest agent request");
	return NULL;
}

char *agent_req_simple(const char *command, char *err, size_t errlen)
{
	struct json_object *req = req_new(command, NULL);

	if (!req)
		return req_oom(NULL, err, errlen);
	return req_finish(req, err, errlen);
}

char *agent_req_file_open(const char *path, const char *mode, char *err,
			  size_t errlen)
{
	struct json_object *req, *a;

	if (agent_path_ok(path, err, errlen) < 0)
		return NULL;
	req = req_new("guest-file-open", &a);
	if (!req || add(a, "path", json_object_new_string(path)) < 0 ||
	    add(a, "mode", json_object_new_string(mode)) < 0)
		return req_oom(req, err, errlen);
	return req_finish(req, err, errlen);
}

char *agent_req_file_read(int64_t handle, size_t count, char *err,
			  size_t errlen)
{
	struct json_object *req, *a;

	if (count > INT64_MAX)
		count = INT64_MAX;
	req = req_new("guest-file-read", &a);
	if (!req || add(a, "handle", json_object_new_int64(handle)) < 0 ||
	    add(a, "count", json_object_new_int64((int64_t)count)) < 0)
		return req_oom(req, err, errlen);
	return req_finish(req, err, errlen);
}

char *agent_req_file_write(int64_t handle, const void *data, size_t len,
			   char *err, size_t errlen)
{
	struct json_object *req, *a;
	char *b64 = agent_b64_encode(data, len);

	if (!b64)
		return req_oom(NULL, err, errlen);
	req = req_new("guest-file-write", &a);
	if (!req || add(a, "handle", json_object_new_int64(handle)) < 0 ||
	    add(a, "buf-b64", json_object_new_string(b64)) < 0 ||
	    add(a, "count", json_object_new_int64((int64_t)len)) < 0) {
		free(b64);
		return req_oom(req, err, errlen);
	}
	free(b64);
	return req_finish(req, err, errlen);
}

char *agent_req_handle(const char *command, int64_t handle, char *err,
		       size_t errlen)
{
	struct json_object *req, *a;

	req = req_new(command, &a);
	if (!req || add(a, "handle", json_object_new_int64(handle)) < 0)
		return req_oom(req, err, errlen);
	return req_finish(req, err, errlen);
}

char *agent_req_exec(const char *const argv[], bool capture, char *err,
		     size_t errlen)
{
	struct json_object *req, *a, *arr;

	if (!argv || !argv[0] || !argv[0][0]) {
		errf(err, errlen, "guest-exec needs a program to run");
		return NULL;
	}
	for (size_t i = 0; argv[i]; i++) {
		if (!agent_utf8_ok(argv[i], strlen(argv[i]))) {
			errf(err, errlen, "argument %zu of guest-exec is not "
			     "valid UTF-8", i);
			return NULL;
		}
	}
	req = req_new("guest-exec", &a);
	if (!req || add(a, "path", json_object_new_string(argv[0])) < 0)
		return req_oom(req, err, errlen);
	arr = json_object_new_array();
	if (add(a, "arg", arr) < 0)
		return req_oom(req, err, errlen);
	for (size_t i = 1; argv[i]; i++) {
		struct json_object *s = json_object_new_string(argv[i]);

		if (!s || json_object_array_add(arr, s) < 0) {
			json_object_put(s);
			return req_oom(req, err, errlen);
		}
	}
	if (add(a, "capture-output", json_object_new_boolean(capture)) < 0)
		return req_oom(req, err, errlen);
	return req_finish(req, err, errlen);
}

char *agent_req_exec_status(int64_t pid, char *err, size_t errlen)
{
	struct json_object *req, *a;

	req = req_new("guest-exec-status", &a);
	if (!req || add(a, "pid", json_object_new_int64(pid)) < 0)
		return req_oom(req, err, errlen);
	return req_finish(req, err, errlen);
}

/* ------------------------------------------------------- reply basics -- */

/* The reply TEXT as a json-c object, or NULL with a sentence about
 * COMMAND's reply. */
static struct json_object *parse_doc(const char *cmd, const char *text,
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
	if (cl == 0 || cl >= AGENT_CLASS_MAX || has_control(cs, cl)) {
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
	struct json_object *doc = parse_doc("a command", text, len, err,
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
static struct json_object *get_return(const char *cmd,
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

/* Member NAME of OBJ, an integer in [LO, HI].  *PRESENT (may be NULL:
 * the member is required) says whether it was there. */
static int get_int(const char *cmd, struct json_object *obj,
		   const char *name, int64_t lo, int64_t hi, bool *present,
		   int64_t *v, char *err, size_t errlen)
{
	struct json_object *m;

	if (present)
		*present = false;
	if (!json_object_object_get_ex(obj, name, &m)) {
		if (present)
			return 0;
		errf(err, errlen, "the guest agent's reply to %s lacks "
		     "\"%s\"", cmd, name);
		return -1;
	}
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

static int get_bool(const char *cmd, struct json_object *obj,
		    const char *name, bool *present, bool *v, char *err,
		    size_t errlen)
{
	struct json_object *m;

	if (present)
		*present = false;
	if (!json_object_object_get_ex(obj, name, &m)) {
		if (present)
			return 0;
		errf(err, errlen, "the guest agent's reply to %s lacks "
		     "\"%s\"", cmd, name);
		return -1;
	}
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
static int get_b64(const char *cmd, struct json_object *obj,
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

static struct json_object *return_object(const char *cmd,
					 struct json_object *doc, char *err,
					 size_t errlen)
{
	struct json_object *r = get_return(cmd, doc, err, errlen);

	if (r && !json_object_is_type(r, json_type_object)) {
		errf(err, errlen, "the guest agent's reply to %s has a "
		     "\"return\" that is not an object", cmd);
		return NULL;
	}
	return r;
}

/* ------------------------------------------------------------ replies -- */

int agent_parse_ok(const char *text, size_t len, char *err, size_t errlen)
{
	const char *cmd = "the command";
	struct json_object *doc = parse_doc(cmd, text, len, err, errlen);
	int rc;

	if (!doc)
		return -1;
	rc = return_object(cmd, doc, err, errlen) ? 0 : -1;
	json_object_put(doc);
	return rc;
}

int agent_parse_file_open(const char *text, size_t len, int64_t *handle,
			  char *err, size_t errlen)
{
	const char *cmd = "guest-file-open";
	struct json_object *doc = parse_doc(cmd, text, len, err, errlen);
	struct json_object *r;
	int rc = -1;

	*handle = -1;
	if (!doc)
		return -1;
	r = get_return(cmd, doc, err, errlen);
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
	struct json_object *doc = parse_doc(cmd, text, len, err, errlen);
	struct json_object *r;
	int64_t count;
	int rc = -1;

	memset(rd, 0, sizeof(*rd));
	if (!doc)
		return -1;
	if (max > INT64_MAX - 1)
		max = INT64_MAX - 1;
	r = return_object(cmd, doc, err, errlen);
	if (!r ||
	    get_int(cmd, r, "count", 0, (int64_t)max, NULL, &count, err,
		    errlen) < 0 ||
	    get_bool(cmd, r, "eof", NULL, &rd->eof, err, errlen) < 0 ||
	    get_b64(cmd, r, "buf-b64", max, NULL, &rd->data, &rd->count, err,
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
	struct json_object *doc = parse_doc(cmd, text, len, err, errlen);
	struct json_object *r;
	int64_t c;
	bool eof;
	int rc = -1;

	*count = 0;
	if (!doc)
		return -1;
	if (max > INT64_MAX - 1)
		max = INT64_MAX - 1;
	r = return_object(cmd, doc, err, errlen);
	if (r &&
	    get_int(cmd, r, "count", 0, (int64_t)max, NULL, &c, err,
		    errlen) == 0 &&
	    get_bool(cmd, r, "eof", NULL, &eof, err, errlen) == 0) {
		*count = (size_t)c;
		rc = 0;
	}
	json_object_put(doc);
	return rc;
}

int agent_parse_exec(const char *text, size_t len, int64_t *pid, char *err,
		     size_t errlen)
{
	const char *cmd = "guest-exec";
	struct json_object *doc = parse_doc(cmd, text, len, err, errlen);
	struct json_object *r;
	int rc = -1;

	*pid = 0;
	if (!doc)
		return -1;
	r = return_object(cmd, doc, err, errlen);
	if (r && get_int(cmd, r, "pid", 1, INT32_MAX, NULL, pid, err,
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
	struct json_object *doc = parse_doc(cmd, text, len, err, errlen);
	struct json_object *r;
	bool has_code, has_sig, dummy;
	int64_t code = 0, sig = 0;
	int rc = -1;

	memset(s, 0, sizeof(*s));
	if (!doc)
		return -1;
	r = return_object(cmd, doc, err, errlen);
	if (!r || get_bool(cmd, r, "exited", NULL, &s->exited, err,
			   errlen) < 0 ||
	    get_int(cmd, r, "exitcode", 0, 255, &has_code, &code, err,
		    errlen) < 0 ||
	    get_int(cmd, r, "signal", 1, 127, &has_sig, &sig, err,
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
	if (get_b64(cmd, r, "out-data", max, &dummy, &s->out, &s->out_len,
		    err, errlen) < 0 ||
	    get_b64(cmd, r, "err-data", max, &dummy, &s->errdata, &s->err_len,
		    err, errlen) < 0 ||
	    get_bool(cmd, r, "out-truncated", &dummy, &s->out_truncated, err,
		     errlen) < 0 ||
	    get_bool(cmd, r, "err-truncated", &dummy, &s->err_truncated, err,
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

int agent_parse_info(const char *text, size_t len, const char *command,
		     enum agent_cmd_state *st, char *err, size_t errlen)
{
	const char *cmd = "guest-info";
	struct json_object *doc = parse_doc(cmd, text, len, err, errlen);
	struct json_object *r, *list;
	size_t n;
	int rc = -1;

	*st = AGENT_CMD_MISSING;
	if (!doc)
		return -1;
	r = return_object(cmd, doc, err, errlen);
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
		if (get_bool(cmd, c, "enabled", NULL, &enabled, err,
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

/* -------------------------------------------------------------- names -- */

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
		if (has_control(name, nl) || !agent_utf8_ok(name, nl) ||
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
