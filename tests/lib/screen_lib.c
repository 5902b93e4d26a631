/*
 * screen_lib.c - curses off-screen for the screen tests (see
 * screen_lib.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <curses.h>

#include "screen_lib.h"
#include "tui/term.h"
#include "ui/app.h"
#include "ui/live.h"

static SCREEN *scr;
static FILE *out_null, *in_null;

int screen_lib_open(int rows, int cols)
{
	char n[16];

	snprintf(n, sizeof(n), "%d", rows);
	setenv("LINES", n, 1);
	snprintf(n, sizeof(n), "%d", cols);
	setenv("COLUMNS", n, 1);
	unsetenv("NO_COLOR");
	use_env(TRUE);
	out_null = fopen("/dev/null", "w");
	in_null = fopen("/dev/null", "r");
	if (!out_null || !in_null)
		return -1;
	scr = newterm("vt100", out_null, in_null);
	if (!scr)
		return -1;
	set_term(scr);
	resizeterm(rows, cols);
	term_setup_offscreen(false, false);
	return 0;
}

void screen_lib_close(void)
{
	endwin();
	delscreen(scr);
	fclose(out_null);
	fclose(in_null);
}

char *screen_lib_draw(struct screen *s, int rows, int cols)
{
	WINDOW *w = newwin(rows, cols, 0, 0);
	char *text;

	assert_non_null(w);
	s->cls->draw(s, w);
	text = screen_lib_text(w, rows, cols);
	delwin(w);
	return text;
}

char *screen_lib_text(WINDOW *w, int rows, int cols)
{
	char *text = calloc((size_t)rows, (size_t)cols + 2);
	char *line = malloc((size_t)cols + 1);
	size_t used = 0;

	assert_non_null(text);
	assert_non_null(line);
	for (int y = 0; y < rows; y++) {
		int n;

		line[0] = '\0';
		mvwinnstr(w, y, 0, line, cols);
		n = (int)strlen(line);
		while (n > 0 && line[n - 1] == ' ')
			n--;
		memcpy(text + used, line, (size_t)n);
		used += (size_t)n;
		text[used++] = '\n';
	}
	text[used] = '\0';
	free(line);
	return text;
}

static struct dnsview_panel *given_dns;

static struct dnsview_panel *give_dns_start(struct live *lv)
{
	(void)lv;
	return given_dns;
}

void screen_lib_give_dns(struct screen *s, struct dnsview_panel *data)
{
	static struct live lv;	/* none of it is read: only not NULL */
	static struct app a;

	memset(&a, 0, sizeof(a));
	a.live = &lv;
	a.dns_start = give_dns_start;
	given_dns = data;
	s->app = &a;
	s->cls->on_data(s, true);
}
