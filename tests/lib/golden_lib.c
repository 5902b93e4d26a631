/*
 * golden_lib.c - off-screen curses and golden frames for the screen tests
 * (see golden_lib.h).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tui/term.h"

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

void golden_assert_whole(const char *frame, const char *want)
{
	char *flat = strdup(frame), *w = strdup(want), *save = NULL;
	const char *at;

	assert_non_null(flat);
	assert_non_null(w);
	for (char *p = flat; *p; p++)
		if (*p == '\n')
			*p = ' ';
	at = flat;
	for (char *tok = strtok_r(w, " ", &save); tok;
	     tok = strtok_r(NULL, " ", &save)) {
		const char *hit = strstr(at, tok);

		if (!hit)
			fail_msg("'%s' of \"%s\" is not on the screen whole:\n%s",
				 tok, want, frame);
		at = hit + strlen(tok);
	}
	free(flat);
	free(w);
}

/* The word before the ellipsis at E in LINE ("plant-line3-o"), shown
 * somewhere in TEXT not followed by an ellipsis: the value is whole. */
static bool scan_shown_whole(const char *text, const char *line,
			     const char *e)
{
	const char *b = e;
	char frag[128];
	size_t n;

	while (b > line && b[-1] != ' ')
		b--;
	n = (size_t)(e - b);
	if (n == 0)	/* after a whole word: the rest opens on F2 */
		return strstr(text, "F2 message") != NULL;
	if (n >= sizeof(frag))
		return false;
	memcpy(frag, b, n);
	frag[n] = '\0';
	for (const char *p = strstr(text, frag); p; p = strstr(p + 1, frag))
		if (strncmp(p + n, "...", 3) != 0 && p[n] != '\0')
			return true;
	return false;
}

/* One golden: the findings. */
static int scan_one(const char *name, const char *text,
		    const char *const *allow)
{
	int lines = 0, findings = 0, widest = 0;
	const char *l = text;

	for (const char *p = text; *p; p++)
		if (*p == '\n')
			lines++;
	for (const char *p = text, *s = text; *p; p++)
		if (*p == '\n') {
			if (p - s > widest)
				widest = (int)(p - s);
			s = p + 1;
		}
	if (lines != 24 || widest > 80)
		return 0;	/* not a screen at 80x24 */
	for (int y = 1; *l; y++) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) : strlen(l);
		char line[256], where[300];

		if (n >= sizeof(line))
			n = sizeof(line) - 1;
		memcpy(line, l, n);
		line[n] = '\0';
		if (n == 80 && isalnum((unsigned char)line[79])) {
			printf("# %s:%d: text runs into the right edge: %s\n",
			       name, y, line);
			findings++;
		}
		snprintf(where, sizeof(where), "%s:%d", name, y);
		for (size_t i = 0; allow && allow[i]; i++)
			if (strcmp(allow[i], where) == 0)
				y = -y;	/* left out: see below */
		if (y < 0) {
			y = -y;
			l = nl ? nl + 1 : l + n;
			continue;
		}
		for (const char *e = strstr(line, "..."); e && y > 1;
		     e = strstr(e + 3, "...")) {
			if (!scan_shown_whole(text, line, e)) {
				printf("# %s:%d: shortened, and not shown whole "
				       "anywhere: %s\n", name, y, line);
				findings++;
			}
		}
		l = nl ? nl + 1 : l + n;
	}
	return findings;
}

int golden_scan_cuts(const char *const *allow)
{
	char dir[4200], path[4600];
	struct dirent *de;
	DIR *d;
	int findings = 0, files = 0;

	snprintf(dir, sizeof(dir), "%s/tests/golden", golden_srcdir());
	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);
		char *text;

		if (n < 5 || strcmp(de->d_name + n - 4, ".txt") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		text = read_file(path);
		if (!text)
			continue;
		files++;
		findings += scan_one(de->d_name, text, allow);
		free(text);
	}
	closedir(d);
	assert_true(files > 10);	/* the goldens were found */
	return findings;
}
