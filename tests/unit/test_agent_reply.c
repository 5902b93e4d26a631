/*
 * test_agent_reply.c - unit tests of the guest agent's reply parsers
 * (src/core/agent_reply.c, agent_reply_file.c, agent_reply_exec.c): every
 * parser with good replies and each malformed shape (missing and
 * wrong-typed members, out-of-range numbers, error replies, nested and
 * deep documents, trailing text, truncated, huge and invalid base64), and
 * the directory-listing parser.  The base64 codec, UTF-8 and path checks
 * are tests/test_agent_text.c, the requests tests/test_agent_request.c.
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

#include "core/agent_reply.h"
#include "core/agent_text.h"

#define S(x) x, strlen(x)

/* ------------------------------------------------- documents in general -- */

static void test_ok_and_document_shapes(void **state)
{
	static const struct {
		const char *text;
		const char *why;
	} bad[] = {
		{ "", "empty" },
		{ "   ", "middle" },
		{ "{", "middle" },
		{ "{\"return\":{}", "middle" },
		{ "{\"return\":{}} {}", "text after" },
		{ "{\"return\":{}}x", "text after" },
		{ "[{\"return\":{}}]", "not a JSON object" },
		{ "\"return\"", "not a JSON object" },
		{ "{\"return\":{},}", "not valid JSON" },
		{ "{\"return\":NaN}", "not an object" },
		{ "{\"return\":\"\xff\"}", "not valid JSON" },
		{ "{}", "neither" },
		{ "{\"id\":1}", "neither" },
		{ "{\"return\":[]}", "not an object" },
		{ "{\"return\":null}", "null" },
		{ "{\"return\":{},\"error\":{\"class\":\"A\",\"desc\":\"b\"}}",
		  "both" },
		{ "{\"error\":{\"class\":\"GenericError\",\"desc\":\"no\"}}",
		  "with an error (GenericError): no" },
		{ "{\"error\":\"nope\"}", "no \"error\" object" },
		{ "{\"error\":{\"class\":\"A\"}}", "lacks" },
		{ "{\"return\":{\"a\":[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]}}",
		  "not valid JSON" },
	};
	char err[256];

	(void)state;
	assert_int_equal(agent_parse_ok(S("{\"return\":{}}"), err,
					sizeof(err)), 0);
	assert_int_equal(agent_parse_ok(S(" {\"return\": {\"x\":1}, \"id\":"
					  "\"abc\"}\n\r\t "), err,
					sizeof(err)), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(agent_parse_ok(S(bad[i].text), err,
						sizeof(err)), -1);
		if (!strstr(err, bad[i].why))
			fail_msg("'%s': '%s' lacks '%s'", bad[i].text, err,
				 bad[i].why);
	}
	/* json-c's strict mode still takes single-quoted strings (and NaN,
	 * a double): harmless, every member's type is checked. */
	assert_int_equal(agent_parse_ok(S("{'return':{}}"), err,
					sizeof(err)), 0);
	/* A NUL byte inside, and the length is what counts, not a NUL. */
	assert_int_equal(agent_parse_ok("{\"return\":{}}\0", 14, err,
					sizeof(err)), -1);
	assert_non_null(strstr(err, "NUL"));
	assert_int_equal(agent_parse_ok("{\"return\":{}}garbage", 13, err,
					sizeof(err)), 0);
	/* Huge. */
	{
		size_t n = AGENT_REPLY_MAX + 1;
		char *big = malloc(n);

		assert_non_null(big);
		memset(big, ' ', n);
		memcpy(big, "{\"return\":{}}", 13);
		assert_int_equal(agent_parse_ok(big, n, err, sizeof(err)), -1);
		assert_non_null(strstr(err, "more than"));
		free(big);
	}
}

/* ------------------------------------------------------------ replies -- */

static void test_file_open(void **state)
{
	static const char *const bad[] = {
		"{\"return\":\"5\"}", "{\"return\":-1}", "{\"return\":1.0}",
		"{\"return\":99999999999999999999}", "{\"return\":true}",
		"{\"return\":{\"handle\":5}}", "{\"return\":[5]}",
	};
	char err[256];
	int64_t h;

	(void)state;
	assert_int_equal(agent_parse_file_open(S("{\"return\":1000}"), &h, err,
					       sizeof(err)), 0);
	assert_int_equal(h, 1000);
	assert_int_equal(agent_parse_file_open(S("{\"id\":7,\"return\":0}"),
					       &h, err, sizeof(err)), 0);
	assert_int_equal(h, 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(agent_parse_file_open(S(bad[i]), &h, err,
						       sizeof(err)), -1);
		assert_int_equal(h, -1);
		assert_non_null(strstr(err, "guest-file-open"));
	}
	assert_int_equal(agent_parse_file_open(S(
		"{\"error\":{\"class\":\"GenericError\",\"desc\":\"failed to "
		"open file '/x' (mode: 'r'): No such file or directory\"}}"),
		&h, err, sizeof(err)), -1);
	assert_string_equal(err, "the guest agent answered guest-file-open "
			    "with an error (GenericError): failed to open file "
			    "'/x' (mode: 'r'): No such file or directory");
}

static void test_file_read(void **state)
{
	static const struct {
		const char *text;
		const char *why;
	} bad[] = {
		{ "{\"return\":{\"buf-b64\":\"aGVsbG8=\",\"eof\":true}}",
		  "lacks \"count\"" },
		{ "{\"return\":{\"count\":5,\"eof\":true}}", "lacks \"buf-b64\"" },
		{ "{\"return\":{\"count\":5,\"buf-b64\":\"aGVsbG8=\"}}",
		  "lacks \"eof\"" },
		{ "{\"return\":{\"count\":\"5\",\"buf-b64\":\"aGVsbG8=\","
		  "\"eof\":true}}", "not an integer" },
		{ "{\"return\":{\"count\":5,\"buf-b64\":5,\"eof\":true}}",
		  "not a string" },
		{ "{\"return\":{\"count\":5,\"buf-b64\":\"aGVsbG8=\","
		  "\"eof\":\"true\"}}", "not true or false" },
		{ "{\"return\":{\"count\":5,\"buf-b64\":\"aGVsbG8=\","
		  "\"eof\":1}}", "not true or false" },
		{ "{\"return\":{\"count\":4,\"buf-b64\":\"aGVsbG8=\","
		  "\"eof\":true}}", "says 4 bytes but carries 5" },
		{ "{\"return\":{\"count\":-1,\"buf-b64\":\"\",\"eof\":true}}",
		  "out of range" },
		{ "{\"return\":{\"count\":5,\"buf-b64\":\"aGVsbG8\","
		  "\"eof\":true}}", "multiple of 4" },
		{ "{\"return\":{\"count\":5,\"buf-b64\":\"aGVs bG8=\","
		  "\"eof\":true}}", "multiple of 4" },
		{ "{\"return\":{\"count\":3,\"buf-b64\":\"aGV\\nbG8=\","
		  "\"eof\":true}}", "invalid character" },
		{ "{\"return\":{\"count\":1,\"buf-b64\":\"QR==\","
		  "\"eof\":true}}", "not canonical" },
		{ "{\"return\":{\"count\":2,\"buf-b64\":\"QUI=\\u0000\","
		  "\"eof\":true}}", "multiple of 4" },
		{ "{\"return\":{\"count\":2,\"buf-b64\":\"QUI=\",\"eof\":true",
		  "middle" },
		{ "{\"return\":{\"count\":2,\"buf-b64\":\"QU", "middle" },
		{ "{\"return\":\"aGVsbG8=\"}", "not an object" },
	};
	struct agent_read rd;
	char err[256];

	(void)state;
	assert_int_equal(agent_parse_file_read(S(
		"{\"return\":{\"count\":5,\"buf-b64\":\"aGVsbG8=\","
		"\"eof\":false}}"), 5, &rd, err, sizeof(err)), 0);
	assert_int_equal(rd.count, 5);
	assert_memory_equal(rd.data, "hello", 6);
	assert_false(rd.eof);
	agent_read_free(&rd);
	assert_null(rd.data);

	assert_int_equal(agent_parse_file_read(S(
		"{\"return\":{\"count\":0,\"buf-b64\":\"\",\"eof\":true}}"), 0,
		&rd, err, sizeof(err)), 0);
	assert_int_equal(rd.count, 0);
	assert_non_null(rd.data);
	assert_true(rd.eof);
	agent_read_free(&rd);

	/* Escaped slash in base64 (JSON allows "\/"). */
	assert_int_equal(agent_parse_file_read(S(
		"{\"return\":{\"count\":3,\"buf-b64\":\"\\/\\/\\/\\/\","
		"\"eof\":true}}"), 3, &rd, err, sizeof(err)), 0);
	assert_memory_equal(rd.data, "\xff\xff\xff", 3);
	agent_read_free(&rd);

	/* Over the caller's max: by count and by data. */
	assert_int_equal(agent_parse_file_read(S(
		"{\"return\":{\"count\":5,\"buf-b64\":\"aGVsbG8=\","
		"\"eof\":true}}"), 4, &rd, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "out of range"));
	assert_null(rd.data);
	assert_int_equal(agent_parse_file_read(S(
		"{\"return\":{\"count\":1,\"buf-b64\":\"aGVsbG8=\","
		"\"eof\":true}}"), 4, &rd, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "more than the 4"));

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(agent_parse_file_read(S(bad[i].text), 100,
						       &rd, err, sizeof(err)),
				 -1);
		assert_null(rd.data);
		if (!strstr(err, bad[i].why))
			fail_msg("'%s': '%s' lacks '%s'", bad[i].text, err,
				 bad[i].why);
	}
}

static void test_file_read_huge(void **state)
{
	/* 3 MiB of data in one reply, and the same refused below it. */
	size_t n = 3u * 1024 * 1024;
	unsigned char *data = malloc(n);
	char *b64, *text, err[256];
	struct agent_read rd;
	size_t tl;

	(void)state;
	assert_non_null(data);
	for (size_t i = 0; i < n; i++)
		data[i] = (unsigned char)(i * 131 + 7);
	b64 = agent_b64_encode(data, n);
	assert_non_null(b64);
	tl = strlen(b64) + 100;
	text = malloc(tl);
	assert_non_null(text);
	snprintf(text, tl, "{\"return\":{\"count\":%zu,\"buf-b64\":\"%s\","
		 "\"eof\":true}}", n, b64);
	assert_int_equal(agent_parse_file_read(text, strlen(text), n, &rd,
					       err, sizeof(err)), 0);
	assert_int_equal(rd.count, n);
	assert_memory_equal(rd.data, data, n);
	agent_read_free(&rd);
	assert_int_equal(agent_parse_file_read(text, strlen(text), n - 1, &rd,
					       err, sizeof(err)), -1);
	/* Cut anywhere: never accepted. */
	for (size_t cut = 1; cut < strlen(text); cut += strlen(text) / 7)
		assert_int_equal(agent_parse_file_read(text, cut, n, &rd, err,
						       sizeof(err)), -1);
	free(text);
	free(b64);
	free(data);
}

static void test_file_write(void **state)
{
	static const char *const bad[] = {
		"{\"return\":{\"count\":3}}",
		"{\"return\":{\"eof\":false}}",
		"{\"return\":{\"count\":-3,\"eof\":false}}",
		"{\"return\":{\"count\":3.0,\"eof\":false}}",
		"{\"return\":{\"count\":11,\"eof\":false}}",
		"{\"return\":{\"count\":3,\"eof\":null}}",
		"{\"return\":3}",
		"{\"error\":{\"class\":\"GenericError\",\"desc\":\"EIO\"}}",
	};
	char err[256];
	size_t c;

	(void)state;
	assert_int_equal(agent_parse_file_write(S(
		"{\"return\":{\"count\":3,\"eof\":false}}"), 10, &c, err,
		sizeof(err)), 0);
	assert_int_equal(c, 3);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(agent_parse_file_write(S(bad[i]), 10, &c, err,
							sizeof(err)), -1);
		assert_non_null(strstr(err, "guest-file-write"));
	}
}

static void test_exec(void **state)
{
	static const char *const bad[] = {
		"{\"return\":{}}", "{\"return\":{\"pid\":0}}",
		"{\"return\":{\"pid\":-5}}", "{\"return\":{\"pid\":2147483648}}",
		"{\"return\":{\"pid\":\"12\"}}", "{\"return\":12}",
		"{\"return\":{\"pid\":1e3}}",
	};
	char err[256];
	int64_t pid;

	(void)state;
	assert_int_equal(agent_parse_exec(S("{\"return\":{\"pid\":4242}}"),
					  &pid, err, sizeof(err)), 0);
	assert_int_equal(pid, 4242);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(agent_parse_exec(S(bad[i]), &pid, err,
						  sizeof(err)), -1);
		assert_int_equal(pid, 0);
	}
	assert_int_equal(agent_parse_exec(S(
		"{\"error\":{\"class\":\"CommandNotFound\",\"desc\":\"Command "
		"guest-exec has been disabled\"}}"), &pid, err, sizeof(err)),
		-1);
	assert_non_null(strstr(err, "(CommandNotFound): Command guest-exec "
			       "has been disabled"));
}

static void test_exec_status(void **state)
{
	static const struct {
		const char *text;
		const char *why;
	} bad[] = {
		{ "{\"return\":{}}", "lacks \"exited\"" },
		{ "{\"return\":{\"exited\":\"yes\"}}", "not true or false" },
		{ "{\"return\":{\"exited\":false,\"exitcode\":0}}",
		  "still running" },
		{ "{\"return\":{\"exited\":true}}", "neither" },
		{ "{\"return\":{\"exited\":true,\"exitcode\":1,\"signal\":9}}",
		  "both" },
		{ "{\"return\":{\"exited\":true,\"exitcode\":256}}",
		  "out of range" },
		{ "{\"return\":{\"exited\":true,\"exitcode\":-1}}",
		  "out of range" },
		{ "{\"return\":{\"exited\":true,\"signal\":0}}", "out of range" },
		{ "{\"return\":{\"exited\":true,\"exitcode\":\"0\"}}",
		  "not an integer" },
		{ "{\"return\":{\"exited\":true,\"exitcode\":0,"
		  "\"out-data\":\"!!!!\"}}", "invalid character" },
		{ "{\"return\":{\"exited\":true,\"exitcode\":0,"
		  "\"out-data\":7}}", "not a string" },
		{ "{\"return\":{\"exited\":true,\"exitcode\":0,"
		  "\"err-data\":\"aGVsbG8gd29ybGQ=\"}}", "more than the 8" },
		{ "{\"return\":{\"exited\":true,\"exitcode\":0,"
		  "\"out-truncated\":\"no\"}}", "not true or false" },
	};
	struct agent_exec_status s;
	char err[256];

	(void)state;
	assert_int_equal(agent_parse_exec_status(S(
		"{\"return\":{\"exited\":false}}"), 8, &s, err, sizeof(err)),
		0);
	assert_false(s.exited);
	assert_null(s.out);
	agent_exec_status_free(&s);
	/* Data of a running process is not read (valid only once exited). */
	assert_int_equal(agent_parse_exec_status(S(
		"{\"return\":{\"exited\":false,\"out-data\":\"!\"}}"), 8, &s,
		err, sizeof(err)), 0);
	agent_exec_status_free(&s);

	assert_int_equal(agent_parse_exec_status(S(
		"{\"return\":{\"exitcode\":3,\"out-data\":\"bGluZQo=\","
		"\"err-data\":\"b29wcw==\",\"exited\":true}}"), 8, &s, err,
		sizeof(err)), 0);
	assert_true(s.exited);
	assert_false(s.signaled);
	assert_int_equal(s.exitcode, 3);
	assert_int_equal(s.out_len, 5);
	assert_string_equal((char *)s.out, "line\n");
	assert_string_equal((char *)s.errdata, "oops");
	assert_false(s.out_truncated);
	agent_exec_status_free(&s);

	assert_int_equal(agent_parse_exec_status(S(
		"{\"return\":{\"exited\":true,\"signal\":9,"
		"\"out-truncated\":true,\"err-truncated\":false}}"), 8, &s, err,
		sizeof(err)), 0);
	assert_true(s.signaled);
	assert_int_equal(s.signal, 9);
	assert_string_equal((char *)s.out, "");
	assert_string_equal((char *)s.errdata, "");
	assert_true(s.out_truncated);
	assert_false(s.err_truncated);
	agent_exec_status_free(&s);

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(agent_parse_exec_status(S(bad[i].text), 8, &s,
							 err, sizeof(err)), -1);
		assert_null(s.out);
		assert_null(s.errdata);
		if (!strstr(err, bad[i].why))
			fail_msg("'%s': '%s' lacks '%s'", bad[i].text, err,
				 bad[i].why);
	}
}

static void test_error(void **state)
{
	static const char *const bad[] = {
		"{\"return\":{}}",
		"{\"error\":{}}",
		"{\"error\":{\"class\":\"X\"}}",
		"{\"error\":{\"desc\":\"x\"}}",
		"{\"error\":{\"class\":\"X\",\"desc\":{\"nested\":"
		"{\"error\":{\"class\":\"Y\",\"desc\":\"z\"}}}}}",
		"{\"error\":{\"class\":{\"class\":\"X\"},\"desc\":\"d\"}}",
		"{\"error\":{\"class\":\"\",\"desc\":\"d\"}}",
		"{\"error\":{\"class\":\"A\\nB\",\"desc\":\"d\"}}",
		"{\"error\":[\"GenericError\",\"d\"]}",
		"{\"error\":\"GenericError\"}",
		"{\"error\":{\"class\":\"A\",\"desc\":\"d\"},\"return\":{}}",
		"{\"error\":{\"class\":\"A\",\"desc\":\"d\"}",
	};
	struct agent_error e;
	char err[256], text[2000], desc[1200];

	(void)state;
	assert_int_equal(agent_parse_error(S(
		"{\"error\":{\"class\":\"CommandNotFound\",\"desc\":\"Command "
		"guest-exec has been disabled\",\"data\":{\"error\":{}}},"
		"\"id\":3}"), &e, err, sizeof(err)), 0);
	assert_string_equal(e.cls, "CommandNotFound");
	assert_string_equal(e.desc, "Command guest-exec has been disabled");

	/* Control characters shown escaped (textsafe); an empty desc is kept. */
	assert_int_equal(agent_parse_error(S(
		"{\"error\":{\"class\":\"GenericError\",\"desc\":\"a\\nb\\u001bc\"}}"),
		&e, err, sizeof(err)), 0);
	assert_string_equal(e.desc, "a\\x0ab\\x1bc");
	assert_int_equal(agent_parse_error(S(
		"{\"error\":{\"class\":\"GenericError\",\"desc\":\"\"}}"), &e,
		err, sizeof(err)), 0);
	assert_string_equal(e.desc, "");

	/* A long desc is cut at a character boundary, marked. */
	memset(desc, 0, sizeof(desc));
	for (size_t i = 0; i + 2 < 1100; i += 2)
		memcpy(desc + i, "\xc3\xa4", 2);
	snprintf(text, sizeof(text), "{\"error\":{\"class\":\"GenericError\","
		 "\"desc\":\"%s\"}}", desc);
	assert_int_equal(agent_parse_error(S(text), &e, err, sizeof(err)), 0);
	assert_true(strlen(e.desc) < sizeof(e.desc));
	assert_true(strlen(e.desc) > sizeof(e.desc) - 8);
	assert_string_equal(e.desc + strlen(e.desc) - 3, "...");
	assert_true(agent_utf8_ok(e.desc, strlen(e.desc)));

	/* A class too long. */
	memset(desc, 'C', 100);
	desc[100] = '\0';
	snprintf(text, sizeof(text), "{\"error\":{\"class\":\"%s\","
		 "\"desc\":\"d\"}}", desc);
	assert_int_equal(agent_parse_error(S(text), &e, err, sizeof(err)), -1);

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(agent_parse_error(S(bad[i]), &e, err,
						   sizeof(err)), -1);
		assert_string_equal(e.cls, "");
	}
	/* Nested error objects inside a "return" are data, not errors. */
	assert_int_equal(agent_parse_ok(S(
		"{\"return\":{\"error\":{\"class\":\"X\",\"desc\":\"y\"}}}"),
		err, sizeof(err)), 0);
	{
		int64_t h;

		assert_int_equal(agent_parse_file_open(S(
			"{\"return\":{\"error\":{\"class\":\"X\",\"desc\":"
			"\"y\"}}}"), &h, err, sizeof(err)), -1);
		assert_non_null(strstr(err, "not a file handle"));
	}
}

static void test_info(void **state)
{
	static const char info[] =
		"{\"return\":{\"version\":\"7.2.22\",\"supported_commands\":["
		"{\"enabled\":true,\"name\":\"guest-ping\",\"success-response\":true},"
		"{\"enabled\":false,\"name\":\"guest-exec\",\"success-response\":true},"
		"{\"enabled\":true,\"name\":\"guest-exec-status\"}]}}";
	static const char *const bad[] = {
		"{\"return\":{\"version\":\"1\"}}",
		"{\"return\":{\"supported_commands\":{}}}",
		"{\"return\":{\"supported_commands\":[{\"enabled\":true}]}}",
		"{\"return\":{\"supported_commands\":[{\"name\":\"a\"}]}}",
		"{\"return\":{\"supported_commands\":[{\"name\":1,"
		"\"enabled\":true}]}}",
		"{\"return\":{\"supported_commands\":[{\"name\":\"a\","
		"\"enabled\":\"true\"}]}}",
		"{\"return\":{\"supported_commands\":[\"guest-exec\"]}}",
		"{\"return\":[]}",
	};
	enum agent_cmd_state st;
	char err[256];

	(void)state;
	assert_int_equal(agent_parse_info(S(info), "guest-ping", &st, err,
					  sizeof(err)), 0);
	assert_int_equal(st, AGENT_CMD_ENABLED);
	assert_int_equal(agent_parse_info(S(info), "guest-exec", &st, err,
					  sizeof(err)), 0);
	assert_int_equal(st, AGENT_CMD_DISABLED);
	assert_int_equal(agent_parse_info(S(info), "guest-exec-status", &st,
					  err, sizeof(err)), 0);
	assert_int_equal(st, AGENT_CMD_ENABLED);
	assert_int_equal(agent_parse_info(S(info), "guest-file-open", &st,
					  err, sizeof(err)), 0);
	assert_int_equal(st, AGENT_CMD_MISSING);
	assert_int_equal(agent_parse_info(S(info), "guest-exe", &st, err,
					  sizeof(err)), 0);
	assert_int_equal(st, AGENT_CMD_MISSING);
	assert_int_equal(agent_parse_info(S(
		"{\"return\":{\"supported_commands\":[{\"name\":\"a\\u0000b\","
		"\"enabled\":true}]}}"), "a", &st, err, sizeof(err)), 0);
	assert_int_equal(st, AGENT_CMD_MISSING);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(agent_parse_info(S(bad[i]), "a", &st, err,
						  sizeof(err)), -1);
}

static void test_names(void **state)
{
	static const char out[] =
		"/d/b.network\0/d/.hidden.network\0/d/a.network\0/d/x.txt\0"
		"/d/bad\nname.network\0/d/\xff.network\0/d/n.network.bak\0"
		"/d/.network\0/d/05-gr\xc3\xbc\xc3\x9f.network\0";
	struct agent_names n;
	char err[256];

	(void)state;
	assert_int_equal(agent_parse_names(out, sizeof(out) - 1, "/d/", "",
					   ".network", 16, &n, err,
					   sizeof(err)), 0);
	assert_int_equal(n.n, 5);
	assert_string_equal(n.v[0], ".hidden.network");
	assert_string_equal(n.v[1], ".network");
	assert_string_equal(n.v[2], "05-gr\xc3\xbc\xc3\x9f.network");
	assert_string_equal(n.v[3], "a.network");
	assert_string_equal(n.v[4], "b.network");
	assert_int_equal(n.skipped, 2);
	agent_names_free(&n);
	assert_null(n.v);

	/* Prefix and suffix may not overlap. */
	assert_int_equal(agent_parse_names(out, sizeof(out) - 1, "/d/", ".",
					   ".network", 16, &n, err,
					   sizeof(err)), 0);
	assert_int_equal(n.n, 1);
	assert_string_equal(n.v[0], ".hidden.network");
	agent_names_free(&n);

	assert_int_equal(agent_parse_names("", 0, "/d/", "", "", 4, &n, err,
					   sizeof(err)), 0);
	assert_int_equal(n.n, 0);
	assert_null(n.v);

	assert_int_equal(agent_parse_names(S("/d/a"), "/d/", "", "", 4, &n,
					   err, sizeof(err)), -1);
	assert_non_null(strstr(err, "cut short"));
	assert_int_equal(agent_parse_names("/e/a\0", 5, "/d/", "", "", 4, &n,
					   err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not in /d/"));
	assert_int_equal(agent_parse_names("/d/a/b\0", 7, "/d/", "", "", 4, &n,
					   err, sizeof(err)), -1);
	assert_non_null(strstr(err, "plain file name"));
	assert_int_equal(agent_parse_names("/d/\0", 4, "/d/", "", "", 4, &n,
					   err, sizeof(err)), -1);
	assert_int_equal(agent_parse_names("\0", 1, "/d/", "", "", 4, &n, err,
					   sizeof(err)), -1);
	assert_int_equal(agent_parse_names("/d/a\0/d/b\0/d/c\0", 15, "/d/", "",
					   "", 2, &n, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "more than 2"));
	assert_null(n.v);
	assert_int_equal(agent_parse_names("/a\0/b\0", 6, "/", "", "", 2, &n,
					   err, sizeof(err)), 0);
	assert_int_equal(n.n, 2);
	agent_names_free(&n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ok_and_document_shapes),
		cmocka_unit_test(test_file_open),
		cmocka_unit_test(test_file_read),
		cmocka_unit_test(test_file_read_huge),
		cmocka_unit_test(test_file_write),
		cmocka_unit_test(test_exec),
		cmocka_unit_test(test_exec_status),
		cmocka_unit_test(test_error),
		cmocka_unit_test(test_info),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
