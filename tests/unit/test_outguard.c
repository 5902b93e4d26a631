/*
 * test_outguard.c - the command line's output filter (src/cli/outguard.c)
 * on real streams: stdout and stderr redirected to files, the filter put
 * in front, then bytes written in pieces (a character cut between two
 * flushes), controls, C1, DEL and bytes that are not UTF-8; the files
 * must hold the escaped text, the layout ('\n', '\t') and whole
 * characters unchanged.  Also cli_esc, the per-field escape.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

static char out_path[] = "/tmp/edgenet-outguard-XXXXXX";
static char err_path[] = "/tmp/edgenet-outguard-XXXXXX";

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = calloc(1, 65536);
	size_t n;

	assert_non_null(f);
	assert_non_null(buf);
	n = fread(buf, 1, 65535, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Everything in one test: the filter is put in front of the process's
 * streams once. */
static void test_guard(void **state)
{
	int fo = mkstemp(out_path), fe = mkstemp(err_path);
	int so = dup(STDOUT_FILENO), se = dup(STDERR_FILENO);
	FILE *sof = stdout, *sef = stderr;
	char *o, *e;

	(void)state;
	assert_true(fo >= 0 && fe >= 0 && so >= 0 && se >= 0);
	fflush(stdout);
	fflush(stderr);
	assert_true(dup2(fo, STDOUT_FILENO) >= 0);
	assert_true(dup2(fe, STDERR_FILENO) >= 0);
	close(fo);
	close(fe);
	cli_guard_streams();

	/* a 2-, a 3- and a 4-byte character cut between two flushes */
	fwrite("caf\xc3", 1, 4, stdout);
	fflush(stdout);
	fwrite("\xa9 \xe2", 1, 3, stdout);
	fflush(stdout);
	fwrite("\x80", 1, 1, stdout);
	fflush(stdout);
	fwrite("\x94 \xf0\x9f", 1, 4, stdout);
	fflush(stdout);
	fwrite("\x98\x80\n", 1, 3, stdout);
	fflush(stdout);
	/* a cut character that never ends: its bytes escaped */
	fwrite("x\xe2\x80", 1, 3, stdout);
	fflush(stdout);
	fwrite("y\n", 1, 2, stdout);
	/* controls, C1 both ways, DEL, bytes that are not UTF-8; the
	 * layout kept */
	printf("a\x1b[2J\x07\tb\xc2\x9b" "c\x9b\x7f\xff\xc0\xaf\\x\n");
	/* stderr, unbuffered */
	fprintf(stderr, "err \x1b]0;t\x07 %s\n", "\xed\xa0\x80");
	/* cli_esc escapes the newline of one field */
	printf("[%s] [%s]\n", cli_esc("n\nFORGED"), cli_esc("ok \xc3\xa9"));
	fflush(stdout);
	fflush(stderr);
	/* the test's own streams back, for cmocka's words */
	stdout = sof;
	stderr = sef;
	dup2(so, STDOUT_FILENO);
	dup2(se, STDERR_FILENO);
	close(so);
	close(se);

	o = slurp(out_path);
	e = slurp(err_path);
	unlink(out_path);
	unlink(err_path);
	assert_string_equal(o,
		"caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80\n"
		"x\\xe2\\x80y\n"
		"a\\x1b[2J\\x07\tb\\xc2\\x9bc\\x9b\\x7f\\xff\\xc0\\xaf\\x\n"
		"[n\\x0aFORGED] [ok \xc3\xa9]\n");
	assert_string_equal(e, "err \\x1b]0;t\\x07 \\xed\\xa0\\x80\n");
	free(o);
	free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_guard),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
