/*
 * test_agent_request.c - unit tests of src/core/agent_request.c: the
 * guest agent's requests, their escaping checked by parsing them back
 * with json-c, and the refusals (bad UTF-8, bad paths).
 * Pure: strings in memory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <json-c/json.h>

#include "core/agent_request.h"
#include "core/agent_text.h"

/* ----------------------------------------------------------- requests -- */

/* REQ parsed back; its "execute" must be CMD; returns the arguments
 * object (or NULL) and the document in *DOC. */
static struct json_object *parse_req(const char *req, const char *cmd,
				     struct json_object **doc)
{
	struct json_object *x, *a = NULL;

	assert_non_null(req);
	*doc = json_tokener_parse(req);
	assert_non_null(*doc);
	assert_true(json_object_object_get_ex(*doc, "execute", &x));
	assert_string_equal(json_object_get_string(x), cmd);
	json_object_object_get_ex(*doc, "arguments", &a);
	return a;
}

static void test_req_escaping(void **state)
{
	static const char awkward[] =
		"/tmp/a \"quoted\" back\\slash 'single' \xc3\xa9\xe2\x82\xac"
		" </script> {\"x\":1}";
	struct json_object *doc, *a, *x;
	char err[256], *req;

	(void)state;
	req = agent_req_file_open(awkward, "w", err, sizeof(err));
	a = parse_req(req, "guest-file-open", &doc);
	assert_true(json_object_object_get_ex(a, "path", &x));
	assert_string_equal(json_object_get_string(x), awkward);
	assert_true(json_object_object_get_ex(a, "mode", &x));
	assert_string_equal(json_object_get_string(x), "w");
	assert_null(strstr(req, "\\/"));	/* slashes not escaped */
	json_object_put(doc);
	free(req);

	assert_null(agent_req_file_open("/a\nb", "r", err, sizeof(err)));
	assert_non_null(strstr(err, "control"));
	assert_null(agent_req_file_open("relative", "r", err, sizeof(err)));
}

static void test_req_write_and_exec(void **state)
{
	static const unsigned char data[] = "line1\nq\"uote\\\0bin\xff\x80";
	static const char *const argv[] = {
		"sh", "-c", "printf '%s\\n' \"$1\"", "sh", "a\"b\\c\nd \xc3\xbc",
		"", NULL,
	};
	struct json_object *doc, *a, *x;
	char err[256], *req;
	unsigned char *d;
	size_t n;

	(void)state;
	req = agent_req_file_write(77, data, sizeof(data), err, sizeof(err));
	a = parse_req(req, "guest-file-write", &doc);
	assert_true(json_object_object_get_ex(a, "handle", &x));
	assert_int_equal(json_object_get_int64(x), 77);
	assert_true(json_object_object_get_ex(a, "count", &x));
	assert_int_equal(json_object_get_int64(x), sizeof(data));
	assert_true(json_object_object_get_ex(a, "buf-b64", &x));
	assert_int_equal(agent_b64_decode(json_object_get_string(x),
					  (size_t)json_object_get_string_len(x),
					  100, &d, &n, err, sizeof(err)), 0);
	assert_int_equal(n, sizeof(data));
	assert_memory_equal(d, data, n);
	free(d);
	json_object_put(doc);
	free(req);

	req = agent_req_exec(argv, true, err, sizeof(err));
	a = parse_req(req, "guest-exec", &doc);
	assert_true(json_object_object_get_ex(a, "path", &x));
	assert_string_equal(json_object_get_string(x), "sh");
	assert_true(json_object_object_get_ex(a, "capture-output", &x));
	assert_true(json_object_get_boolean(x));
	assert_true(json_object_object_get_ex(a, "arg", &x));
	assert_int_equal(json_object_array_length(x), 5);
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(json_object_get_string(
			json_object_array_get_idx(x, i)), argv[i + 1]);
	json_object_put(doc);
	free(req);

	{
		static const char *const none[] = { NULL };
		static const char *const bad[] = { "ls", "\xc3", NULL };

		assert_null(agent_req_exec(none, true, err, sizeof(err)));
		assert_null(agent_req_exec(bad, true, err, sizeof(err)));
		assert_non_null(strstr(err, "argument 1"));
	}

	req = agent_req_exec_status(4242, err, sizeof(err));
	a = parse_req(req, "guest-exec-status", &doc);
	assert_true(json_object_object_get_ex(a, "pid", &x));
	assert_int_equal(json_object_get_int64(x), 4242);
	json_object_put(doc);
	free(req);

	req = agent_req_file_read(5, 65536, err, sizeof(err));
	a = parse_req(req, "guest-file-read", &doc);
	assert_true(json_object_object_get_ex(a, "count", &x));
	assert_int_equal(json_object_get_int64(x), 65536);
	json_object_put(doc);
	free(req);

	req = agent_req_handle("guest-file-close", 5, err, sizeof(err));
	a = parse_req(req, "guest-file-close", &doc);
	assert_true(json_object_object_get_ex(a, "handle", &x));
	json_object_put(doc);
	free(req);

	req = agent_req_simple("guest-ping", err, sizeof(err));
	assert_string_equal(req, "{\"execute\":\"guest-ping\"}");
	free(req);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_req_escaping),
		cmocka_unit_test(test_req_write_and_exec),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
