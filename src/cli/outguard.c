/*
 * outguard.c - the command line's last line of defence: stdout and
 * stderr of every command (not the console, whose curses owns the
 * terminal) go through a filter that lets no byte a terminal would obey
 * out, whatever a call site forgot to escape.  Each unit is judged by
 * textsafe_unit, the one escaping path: a control, a C1 control, DEL or
 * a byte that is not UTF-8 is written as "\xNN".  Only the layout the
 * program writes itself passes: '\n' and '\t'.  Fields escaped before
 * (cli_esc, textsafe) pass unchanged: escaping is idempotent.  Also
 * cli_esc, how a call site escapes one field (a name that could hold
 * '\n' and forge a line).
 * Touches the two streams.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/textsafe.h"

struct guard {
	FILE *real;
	char carry[4];		/* the start of a character cut by a flush */
	size_t ncarry;
};

static struct guard guard_out, guard_err;
static FILE *guarded_err;	/* the filtered stderr */

static size_t utf8_want(unsigned char c)
{
	return c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

/* Writes the units of S (N bytes); keeps an unfinished character at the
 * end for the next write unless FINAL. */
static void guard_emit(struct guard *g, const char *s, size_t n, bool final)
{
	char out[TEXTSAFE_UNIT_MAX];
	size_t k, ol;

	while (n > 0) {
		if (*s == '\0') {	/* a NUL written with fwrite */
			fputs("\\x00", g->real);
			s++;
			n--;
			continue;
		}
		if (!final && n < 4 && (unsigned char)*s >= 0xc2 &&
		    (unsigned char)*s <= 0xf4) {
			size_t want = utf8_want((unsigned char)*s);

			if (n < want) {
				bool cont = true;

				for (size_t i = 1; i < n; i++)
					if (((unsigned char)s[i] & 0xc0) != 0x80)
						cont = false;
				if (cont) {
					memcpy(g->carry, s, n);
					g->ncarry = n;
					return;
				}
			}
		}
		k = textsafe_unit(s, n, out, &ol);
		if (k == 1 && (*s == '\n' || *s == '\t'))
			putc(*s, g->real);
		else
			fwrite(out, 1, ol, g->real);
		s += k;
		n -= k;
	}
}

static ssize_t guard_write(void *cookie, const char *buf, size_t size)
{
	struct guard *g = cookie;
	size_t used = 0;

	if (g->ncarry) {
		/* finish the character the last write cut, if BUF does */
		size_t need = utf8_want((unsigned char)g->carry[0]) -
			      g->ncarry;

		while (used < need && used < size &&
		       ((unsigned char)buf[used] & 0xc0) == 0x80)
			used++;
		if (used == size && used < need) {
			memcpy(g->carry + g->ncarry, buf, used);
			g->ncarry += used;
			return (ssize_t)size;
		}
		if (used == need) {
			char joined[4];
			size_t n = g->ncarry;

			memcpy(joined, g->carry, n);
			memcpy(joined + n, buf, used);
			g->ncarry = 0;
			guard_emit(g, joined, n + used, true);
		} else {
			size_t n = g->ncarry;

			g->ncarry = 0;
			used = 0;	/* not a character: escaped as bytes */
			guard_emit(g, g->carry, n, true);
		}
	}
	guard_emit(g, buf + used, size - used, false);
	fflush(g->real);
	return (ssize_t)size;
}

static int guard_close(void *cookie)
{
	struct guard *g = cookie;

	if (g->ncarry) {
		size_t n = g->ncarry;

		g->ncarry = 0;
		guard_emit(g, g->carry, n, true);
	}
	return fflush(g->real);
}

static FILE *guard_open(struct guard *g, FILE *real, int mode)
{
	cookie_io_functions_t io = { NULL, guard_write, NULL, guard_close };
	FILE *f;

	g->real = real;
	g->ncarry = 0;
	f = fopencookie(g, "w", io);
	if (f)
		setvbuf(f, NULL, mode, 0);
	return f;
}

/* At exit: the start of a character cut by the last write is written
 * (escaped) rather than lost; stdio flushes the streams but never closes
 * a cookie stream. */
static void guard_atexit(void)
{
	fflush(stdout);
	fflush(stderr);
	if (guard_out.real)
		guard_close(&guard_out);
	if (guard_err.real)
		guard_close(&guard_err);
}

void cli_guard_streams(void)
{
	FILE *o, *e;
	int real_out = dup(STDOUT_FILENO), real_err = dup(STDERR_FILENO);
	FILE *ro = real_out >= 0 ? fdopen(real_out, "w") : NULL;
	FILE *re = real_err >= 0 ? fdopen(real_err, "w") : NULL;

	if (!ro || !re) {
		if (ro)
			fclose(ro);
		else if (real_out >= 0)
			close(real_out);
		if (re)
			fclose(re);
		else if (real_err >= 0)
			close(real_err);
		return;		/* left as they are: every field is escaped */
	}
	setvbuf(re, NULL, _IONBF, 0);
	o = guard_open(&guard_out, ro,
		       isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF);
	e = guard_open(&guard_err, re, _IONBF);
	if (!o || !e) {
		if (o)
			fclose(o);
		if (e)
			fclose(e);
		fclose(ro);
		fclose(re);
		guard_out.real = guard_err.real = NULL;
		return;
	}
	fflush(stdout);
	fflush(stderr);
	stdout = o;
	stderr = e;
	guarded_err = e;
	atexit(guard_atexit);
}

/* A ring of escaped copies, so that one printf can show several fields;
 * each lives until eight more are made. */
#define ESC_RING 8

const char *cli_esc(const char *s)
{
	static char *ring[ESC_RING];
	static unsigned next;
	char *d = textsafe_dup(s);

	free(ring[next % ESC_RING]);
	ring[next++ % ESC_RING] = d;
	return d ? d : "(out of memory)";
}

void cli_carriage_return(void)
{
	/* the program's own layout, never a byte of a field: straight to
	 * the terminal, after what the filter holds; to stderr's while
	 * stdout points there (apply --json) */
	struct guard *g = stdout && stdout == guarded_err ? &guard_err :
			  &guard_out;

	fflush(stdout);
	if (g->real) {
		fputc('\r', g->real);
		fflush(g->real);
	} else {
		fputc('\r', stdout);
	}
}
