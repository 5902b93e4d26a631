/*
 * test_diag.c - the diagnostic list: adding, counting, finding by path
 * and under a path, clearing, and growth past the first allocation; its
 * one text and one JSON writer (core/diag_write.c), and the JSON writer
 * they write through (core/json.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/diag_write.h"
#include "core/json.h"

#define N_ELEM(x) (sizeof(x) / sizeof((x)[0]))

static void test_add_and_count(void **state)
{
	struct diag_list l;

	(void)state;
	diag_list_init(&l);
	assert_int_equal(l.count, 0);
	assert_int_equal(diag_add(&l, DIAG_ERROR, "nics[0].ip.gateway",
				  "gateway %s is %d", "10.0.0.1", 7), 0);
	assert_int_equal(diag_add_line(&l, DIAG_WARNING, "nics[1]", 12,
				       "warn %s", "x"), 0);
	assert_int_equal(diag_add(&l, DIAG_ERROR, NULL, "whole plan"), 0);
	assert_int_equal(l.count, 3);
	assert_int_equal(diag_count(&l, DIAG_ERROR), 2);
	assert_int_equal(diag_count(&l, DIAG_WARNING), 1);
	assert_string_equal(l.items[0].message, "gateway 10.0.0.1 is 7");
	assert_int_equal(l.items[0].line, 0);
	assert_int_equal(l.items[1].line, 12);
	assert_string_equal(l.items[2].path, "");
	diag_list_free(&l);
	assert_int_equal(l.count, 0);
	assert_null(l.items);
}

static void test_long_path_and_message(void **state)
{
	struct diag_list l;
	char path[300], msg[5000];

	(void)state;
	memset(path, 'p', sizeof(path) - 1);
	path[sizeof(path) - 1] = '\0';
	memset(msg, 'm', sizeof(msg) - 1);
	msg[sizeof(msg) - 1] = '\0';
	diag_list_init(&l);
	assert_int_equal(diag_add(&l, DIAG_ERROR, path, "%s", msg), 0);
	assert_int_equal(strlen(l.items[0].path), DIAG_PATH_MAX - 1);
	assert_int_equal(strlen(l.items[0].message), sizeof(msg) - 1);
	diag_list_free(&l);
}

static void test_grow(void **state)
{
	struct diag_list l;

	(void)state;
	diag_list_init(&l);
	for (int i = 0; i < 1000; i++) {
		char p[32];

		snprintf(p, sizeof(p), "nics[%d]", i);
		assert_int_equal(diag_add(&l, i % 3 ? DIAG_ERROR : DIAG_WARNING,
					  p, "n=%d", i), 0);
	}
	assert_int_equal(l.count, 1000);
	assert_string_equal(diag_find(&l, "nics[999]")->message, "n=999");
	assert_int_equal(diag_count(&l, DIAG_WARNING), 334);
	diag_list_clear(&l);
	assert_int_equal(l.count, 0);
	assert_null(diag_find(&l, "nics[1]"));
	assert_int_equal(diag_add(&l, DIAG_ERROR, "x", "again"), 0);
	assert_int_equal(l.count, 1);
	diag_list_free(&l);
}

struct under_case {
	const char *query;
	const char *expect;	/* path of the first match, NULL for none */
};

static void test_find_under(void **state)
{
	static const char *const paths[] = {
		"nics[10].ip.address", "nics[1].ipx", "nics[1].ip.gateway",
		"switches[0]", "profile",
	};
	static const struct under_case cases[] = {
		{ "nics[1]", "nics[1].ipx" },
		{ "nics[1].ip", "nics[1].ip.gateway" },
		{ "nics[1].ip.gateway", "nics[1].ip.gateway" },
		{ "nics[10]", "nics[10].ip.address" },
		{ "nics", "nics[10].ip.address" },
		{ "nics[2]", NULL },
		{ "switches", "switches[0]" },
		{ "switches[0]", "switches[0]" },
		{ "switch", NULL },
		{ "prof", NULL },
		{ "profile", "profile" },
	};
	struct diag_list l;

	(void)state;
	diag_list_init(&l);
	for (size_t i = 0; i < N_ELEM(paths); i++)
		diag_add(&l, DIAG_ERROR, paths[i], "m%zu", i);
	for (size_t i = 0; i < N_ELEM(cases); i++) {
		const struct diag *d = diag_find_under(&l, cases[i].query);

		if (!cases[i].expect) {
			if (d)
				fail_msg("%s matched %s", cases[i].query, d->path);
			continue;
		}
		if (!d)
			fail_msg("%s matched nothing", cases[i].query);
		assert_string_equal(d->path, cases[i].expect);
	}
	assert_null(diag_find(&l, "nics[1].ip"));
	assert_non_null(diag_find(&l, "nics[1].ipx"));
	diag_list_free(&l);
}

/* A message and a path are stored escaped (textsafe): controls, DEL, C1
 * and bytes that are not UTF-8 as \xNN; everything else, UTF-8
 * included, stays. */
static void test_printable(void **state)
{
	struct diag_list l;

	(void)state;
	diag_list_init(&l);
	assert_int_equal(diag_add(&l, DIAG_ERROR, "nics[0].na\x1bme",
				  "name \"%s\" is bad", "br\x1b[2J0\t\x7f caf\xc3\xa9"
				  "\xc2\x9b\x9b\xff"), 0);
	assert_string_equal(l.items[0].message,
			    "name \"br\\x1b[2J0\\x09\\x7f caf\xc3\xa9"
			    "\\xc2\\x9b\\x9b\\xff\" is bad");
	assert_string_equal(l.items[0].path, "nics[0].na\\x1bme");
	/* a clean message is kept as it is */
	assert_int_equal(diag_add(&l, DIAG_WARNING, "vm", "plain \\ text"), 0);
	assert_string_equal(l.items[1].message, "plain \\ text");
	diag_list_free(&l);
}

static void test_severity_names(void **state)
{
	(void)state;
	assert_string_equal(diag_severity_name(DIAG_ERROR), "error");
	assert_string_equal(diag_severity_name(DIAG_WARNING), "warning");
}

/* A field the loader rejected is not reported again by validation;
 * other fields, and warnings, pass through. */
static void test_append_new(void **state)
{
	struct diag_list load, val;

	(void)state;
	diag_list_init(&load);
	diag_list_init(&val);
	diag_add_line(&load, DIAG_ERROR, "profile", 2, "profile 'srv' is not known");
	diag_add(&val, DIAG_ERROR, "profile", "the host profile is not set");
	diag_add(&val, DIAG_ERROR, "vm", "no VM is named");
	diag_add(&val, DIAG_WARNING, "nics[0].dns.servers", "no DNS");
	assert_int_equal(diag_list_append_new(&load, &val), 0);
	assert_int_equal(load.count, 3);
	assert_string_equal(load.items[0].message, "profile 'srv' is not known");
	assert_string_equal(load.items[1].path, "vm");
	assert_string_equal(load.items[2].path, "nics[0].dns.servers");
	assert_int_equal(load.items[2].severity, DIAG_WARNING);
	diag_list_free(&load);
	diag_list_free(&val);
}

/* What WRITE puts on a stream, as a string (the caller frees it). */
#define CAPTURE(buf, stmt)						\
	do {								\
		size_t len_ = 0;					\
		FILE *f = open_memstream(&(buf), &len_);		\
									\
		assert_non_null(f);					\
		stmt;							\
		assert_int_equal(fclose(f), 0);				\
	} while (0)

static void sample(struct diag_list *l)
{
	diag_list_init(l);
	diag_add_line(l, DIAG_ERROR, "nics[0].ip.gateway", 12,
		      "gateway \"%s\" is outside", "10.\x1b[2J");
	diag_add(l, DIAG_WARNING, "", "the plan has no DNS");
	diag_add_line(l, DIAG_WARNING, "vm", 3, "a\\b");
}

/* The one text writer: the file form of check, the indented form under
 * a heading; the severity filter and the starting index. */
static void test_write_text(void **state)
{
	struct diag_list l;
	char *s;

	(void)state;
	sample(&l);
	CAPTURE(s, diag_write_text(f, "p\nlan.cfg", &l, 0, -1));
	assert_string_equal(s,
		"p\\x0alan.cfg:12: nics[0].ip.gateway: error: gateway "
		"\"10.\\x1b[2J\" is outside\n"
		"p\\x0alan.cfg: (plan): warning: the plan has no DNS\n"
		"p\\x0alan.cfg:3: vm: warning: a\\b\n");
	free(s);
	CAPTURE(s, diag_write_text(f, NULL, &l, 1, DIAG_WARNING));
	assert_string_equal(s, "  warning: the plan has no DNS\n"
			    "  warning: vm: a\\b\n");
	free(s);
	CAPTURE(s, diag_write_text(f, "x", &l, 0, DIAG_ERROR));
	assert_non_null(strstr(s, "x:12: nics[0].ip.gateway: error: "));
	assert_null(strstr(s, "warning"));
	free(s);
	diag_list_free(&l);
}

/* The one JSON writer, in the three stable forms, with the breaks each
 * document puts between its elements. */
static void test_write_json(void **state)
{
	struct json_writer w;
	struct diag_list l, empty;
	char *s;

	(void)state;
	sample(&l);
	diag_list_init(&empty);
	CAPTURE(s, (json_init(&w, f, ", ", ": "),
		    diag_write_json(&w, &l, DIAG_JSON_LINE, "\n    ", "\n  ")));
	assert_string_equal(s,
		"[\n    {\"line\": 12, \"field\": \"nics[0].ip.gateway\", "
		"\"severity\": \"error\", \"message\": \"gateway "
		"\\\"10.\\\\x1b[2J\\\" is outside\"},\n"
		"    {\"line\": null, \"field\": \"\", \"severity\": "
		"\"warning\", \"message\": \"the plan has no DNS\"},\n"
		"    {\"line\": 3, \"field\": \"vm\", \"severity\": "
		"\"warning\", \"message\": \"a\\\\b\"}\n  ]");
	free(s);
	CAPTURE(s, (json_init(&w, f, ",", ":"),
		    diag_write_json(&w, &l, DIAG_JSON_SEVERITY, "\n", NULL)));
	assert_non_null(strstr(s, "[\n{\"severity\":\"error\",\"field\":"
			       "\"nics[0].ip.gateway\",\"message\":"));
	assert_non_null(strstr(s, "},\n{\"severity\":\"warning\",\"field\":"
			       "null,\"message\":\"the plan has no DNS\"},\n"));
	assert_int_equal(s[strlen(s) - 1], ']');
	free(s);
	CAPTURE(s, (json_init(&w, f, ", ", ": "),
		    diag_write_json(&w, &l, DIAG_JSON_FIELD, NULL, NULL)));
	assert_non_null(strstr(s, "[{\"field\": \"nics[0].ip.gateway\", "
			       "\"severity\": \"error\", \"message\": "));
	free(s);
	/* an empty list: the closing break is not written */
	CAPTURE(s, (json_init(&w, f, ", ", ": "),
		    diag_write_json(&w, &empty, DIAG_JSON_LINE, "\n    ",
				    "\n  ")));
	assert_string_equal(s, "[]");
	free(s);
	CAPTURE(s, (json_init(&w, f, NULL, NULL),
		    diag_write_json(&w, NULL, DIAG_JSON_FIELD, NULL, NULL)));
	assert_string_equal(s, "[]");
	free(s);
	diag_list_free(&l);
}

static void test_same(void **state)
{
	struct diag_list l;

	(void)state;
	diag_list_init(&l);
	diag_add(&l, DIAG_ERROR, "vm", "bad");
	diag_add_line(&l, DIAG_ERROR, "vm", 7, "bad");	/* line aside */
	diag_add(&l, DIAG_WARNING, "vm", "bad");
	diag_add(&l, DIAG_ERROR, "vm2", "bad");
	diag_add(&l, DIAG_ERROR, "vm", "bad!");
	assert_true(diag_same(&l.items[0], &l.items[1]));
	for (size_t i = 2; i < l.count; i++)
		assert_false(diag_same(&l.items[0], &l.items[i]));
	diag_list_free(&l);
}

/* The JSON writer itself: commas and nesting are its own. */
static void test_json_writer(void **state)
{
	struct json_writer w;
	char *s;

	(void)state;
	CAPTURE(s, ({
		json_init(&w, f, ",", ":");
		json_object_begin(&w);
		json_key(&w, "a");
		json_int(&w, -5);
		json_break(&w, "\n");
		json_key(&w, "b");
		json_array_begin(&w);
		json_bool(&w, true);
		json_null(&w);
		json_string_opt(&w, "");
		json_string(&w, "x\"\x01");
		json_object_begin(&w);
		json_object_end(&w);
		json_array_begin(&w);
		json_array_end(&w);
		json_array_end(&w);
		json_key(&w, "c");
		fputs("{\"raw\":1}", json_raw_value(&w));
		json_key(&w, "d");
		json_bool(&w, false);
		json_object_end(&w);
		json_finish(&w);
	}));
	assert_string_equal(s, "{\"a\":-5,\n\"b\":[true,null,null,"
			    "\"x\\\"\\u0001\",{},[]],\"c\":{\"raw\":1},"
			    "\"d\":false}\n");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_and_count),
		cmocka_unit_test(test_long_path_and_message),
		cmocka_unit_test(test_grow),
		cmocka_unit_test(test_find_under),
		cmocka_unit_test(test_printable),
		cmocka_unit_test(test_severity_names),
		cmocka_unit_test(test_append_new),
		cmocka_unit_test(test_same),
		cmocka_unit_test(test_write_text),
		cmocka_unit_test(test_write_json),
		cmocka_unit_test(test_json_writer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
