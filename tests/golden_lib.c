/*
 * golden_lib.c - off-screen curses and golden frames for the screen tests
 * (see golden_lib.h).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ui/term.h"

#include "golden_lib.h"
#include "screen_lib.h"

const char *golden_srcdir(void)
{
	const char *d = getenv("top_srcdir");

	return d && d[0] ? d : ".";
}

int golden_policy_load(struct policy *pol)
{
	char path[4096];
	const char *dd = getenv("EDGENET_DATADIR");
	struct diag_list errs;
	int rc;

	if (dd && dd[0])
		snprintf(path, sizeof(path), "%s/policy.cfg", dd);
	else
		snprintf(path, sizeof(path), "%s/data/policy.cfg",
			 golden_srcdir());
	diag_list_init(&errs);
	rc = policy_load(pol, path, &errs);
	if (rc < 0)
		fprintf(stderr, "cannot load %s\n", path);
	diag_list_free(&errs);
	return rc < 0 ? -1 : 0;
}

int golden_open(int rows, int cols)
{
	return screen_lib_open(rows, cols);
}

void golden_close(void)
{
	screen_lib_close();
}

char *golden_frame(struct app *a, int rows, int cols)
{
	WINDOW *w = newwin(rows, cols, 0, 0);
	char *text;
	int cy, cx;

	assert_non_null(w);
	app_draw(a, w, &cy, &cx);
	text = screen_lib_text(w, rows, cols);
	delwin(w);
	return text;
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = calloc(1, (size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

void golden_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

void golden_check(struct app *a, const char *name, int rows, int cols)
{
	char path[4200], apath[512];
	char *got = golden_frame(a, rows, cols), *want;
	const char *regen = getenv("EDGENET_REGEN_GOLDEN");

	snprintf(path, sizeof(path), "%s/tests/golden/%s.txt", golden_srcdir(),
		 name);
	if (regen && strcmp(regen, "1") == 0) {
		golden_write_file(path, got);
		printf("# regenerated %s\n", path);
		free(got);
		return;
	}
	want = read_file(path);
	if (!want || strcmp(want, got) != 0) {
		snprintf(apath, sizeof(apath), "%s.actual", name);
		golden_write_file(apath, got);
		printf("--- expected (%s)\n%s--- got (kept in %s)\n%s", path,
		       want ? want : "(missing)\n", apath, got);
		free(want);
		free(got);
		fail_msg("screen %s differs from %s", name, path);
	}
	free(want);
	free(got);
}
