/*
 * agent_request.c - the QEMU guest agent's requests, built with json-c
 * (see agent_request.h): every string is escaped by json-c, checked for
 * UTF-8 first, and a path must pass agent_path_ok.
 *
 * Pure: json-c and memory, nothing else.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "core/agent_request.h"
#include "core/agent_text.h"
#include "core/diag.h"

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
