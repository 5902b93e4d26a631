/*
 * test_settings.c - the settings file (core/settings.h) read through the
 * one reader of libconfig text: confirm_timeout in every form a number
 * can be written in is read exactly or refused (never a wrapped number);
 * an include directive, a FIFO or a device makes the file unused, with a
 * message naming the file and the line; nothing is waited on.  Files
 * live in a fresh temporary directory; the file is named to each call
 * (as the program passes $EDGENET_SETTINGS).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/fileio.h"
#include "core/settings.h"

#define N_ELEM(x) (sizeof(x) / sizeof((x)[0]))
#define DFLT 42

/* libconfig 1.5 leaks a string buffer on some syntax errors. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libconfig.so\n";
}

struct tdir {
	char dir[64];
	char conf[128];
};

static int setup(void **state)
{
	struct tdir *t = calloc(1, sizeof(*t));

	if (!t)
		return -1;
	snprintf(t->dir, sizeof(t->dir), "/tmp/edgenet-settings-XXXXXX");
	if (!mkdtemp(t->dir)) {
		free(t);
		return -1;
	}
	snprintf(t->conf, sizeof(t->conf), "%s/edgenet.conf", t->dir);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct tdir *t = *state;
	char path[192];

	unlink(t->conf);
	snprintf(path, sizeof(path), "%s/other.conf", t->dir);
	unlink(path);
	rmdir(t->dir);
	free(t);
	return 0;
}

static void put(const struct tdir *t, const char *text)
{
	char err[256];

	assert_int_equal(fileio_write_atomic(t->conf, text, strlen(text), 0644,
					     err, sizeof(err)), 0);
}

static void test_timeout_forms(void **state)
{
	struct tdir *t = *state;
	static const struct {
		const char *value;
		long want;	/* DFLT: refused */
	} cases[] = {
		{ "60", 60 }, { "60L", 60 }, { "+60", 60 }, { "\n60", 60 },
		{ "/* c */ 60", 60 }, { "1", 1 }, { "86400", 86400 },
		{ "4294967356", DFLT }, { "/* c */ 4294967356", DFLT },
		{ "\n4294967356", DFLT }, { "4294967356L", DFLT },
		{ "0x3C", DFLT }, { "0x3CL", DFLT }, { "-60", DFLT },
		{ "0", DFLT }, { "86401", DFLT },
		{ "99999999999999999999", DFLT }, { "18446744073709551676", DFLT },
		{ "\"60\"", DFLT }, { "60.0", DFLT },
	};

	for (size_t i = 0; i < N_ELEM(cases); i++) {
		char text[128], err[512];
		long got;

		snprintf(text, sizeof(text), "uri = \"test:///default\";\n"
			 "confirm_timeout = %s;\n", cases[i].value);
		put(t, text);
		got = settings_confirm_timeout(t->conf, DFLT);
		if (got != cases[i].want)
			fail_msg("confirm_timeout = %s: read %ld, want %ld",
				 cases[i].value, got, cases[i].want);
		err[0] = '\0';
		if (cases[i].want == DFLT) {
			assert_int_equal(settings_check(t->conf, err, sizeof(err)), -1);
			assert_non_null(strstr(err, t->conf));
			assert_non_null(strstr(err, "confirm_timeout"));
			assert_non_null(strstr(err, "1 to 86400 in decimal"));
		} else {
			assert_int_equal(settings_check(t->conf, err, sizeof(err)), 0);
		}
	}
}

static void test_include_refused(void **state)
{
	struct tdir *t = *state;
	char other[192], text[512], err[512], uri[64];

	snprintf(other, sizeof(other), "%s/other.conf", t->dir);
	assert_int_equal(fileio_write_atomic(other, "uri = \"pulled:///in\";\n",
					     22, 0644, err, sizeof(err)), 0);
	snprintf(text, sizeof(text), "confirm_timeout = 5;\n@include \"%s\"\n",
		 other);
	put(t, text);
	assert_int_equal(settings_confirm_timeout(t->conf, DFLT), DFLT);
	assert_false(settings_string(t->conf, "uri", uri, sizeof(uri)));
	assert_int_equal(settings_check(t->conf, err, sizeof(err)), -1);
	assert_non_null(strstr(err, t->conf));
	assert_non_null(strstr(err, ":2: \"@include\" is not allowed"));
	assert_non_null(strstr(err, "edgenet does not use it"));
}

static void test_not_a_file(void **state)
{
	struct tdir *t = *state;
	char err[512], uri[64];

	alarm(10);
	assert_int_equal(mkfifo(t->conf, 0600), 0);
	assert_int_equal(settings_confirm_timeout(t->conf, DFLT), DFLT);
	assert_false(settings_string(t->conf, "uri", uri, sizeof(uri)));
	assert_int_equal(settings_check(t->conf, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "named pipe (FIFO)"));
	assert_int_equal(settings_confirm_timeout("/dev/zero", DFLT), DFLT);
	assert_int_equal(settings_check("/dev/zero", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "a device, not a file"));
	/* missing: no problem, the defaults */
	assert_int_equal(settings_confirm_timeout("/nonexistent/edgenet.conf",
						  DFLT), DFLT);
	assert_int_equal(settings_check("/nonexistent/edgenet.conf", err,
					sizeof(err)), 0);
	alarm(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_timeout_forms, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_include_refused, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_not_a_file, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
