/*
 * term.c - curses set-up and tear-down, styles and line drawing (see
 * term.h).  Owns the curses SCREEN of the process and the handlers that
 * restore the terminal on exit() and on fatal signals; draws nothing of
 * its own besides lines.
 *
 * A signal handler may not call endwin (it is not async-signal-safe):
 * term_start keeps the terminal's settings from before curses and the
 * terminal's own reset sequences (terminfo rmcup, cnorm, sgr0, rmkx) in
 * static memory, and the handler only write(2)s those, tcsetattr(3)s the
 * settings back and re-raises the signal with its default action, so the
 * exit status (and a core dump) still tell what happened.
 */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include <term.h>

#include "core/err.h"
#include "tui/term.h"

/* read by the signal handler: written before it is installed or only
 * while curses is off */
static volatile sig_atomic_t term_on;
static struct termios term_cooked;	/* the settings before curses */
static volatile sig_atomic_t term_have_cooked;
static char term_reset_seq[256];	/* rmcup cnorm sgr0 rmkx */
static size_t term_reset_len;
static bool term_has_colour;
static bool term_is_utf8;
static bool term_atexit_done;
static attr_t term_styles[TS_COUNT];

static const char *const term_glyph_utf8[TG_COUNT] = {
	[TG_HLINE] = "\u2500",
	[TG_VLINE] = "\u2502",
	[TG_CORNER] = "+",
	[TG_BULLET] = "*",
	[TG_ARROWS] = "\u2191\u2193",
	[TG_MARK] = "!",
	[TG_ELLIPSIS] = "\u2026",
};

static const char *const term_glyph_ascii[TG_COUNT] = {
	[TG_HLINE] = "-",
	[TG_VLINE] = "|",
	[TG_CORNER] = "+",
	[TG_BULLET] = "*",
	[TG_ARROWS] = "Up/Dn",
	[TG_MARK] = "!",
	[TG_ELLIPSIS] = "...",
};

static bool term_locale_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && (strcasecmp(cs, "UTF-8") == 0 ||
		      strcasecmp(cs, "utf8") == 0);
}

static bool term_no_color_env(void)
{
	const char *v = getenv("NO_COLOR");

	return v && v[0] != '\0';
}

/* Monochrome styles first; colour pairs replace some of them. */
static void term_init_styles(bool colour)
{
	term_has_colour = colour;
	term_styles[TS_NORMAL] = A_NORMAL;
	term_styles[TS_HEADER] = A_REVERSE;
	term_styles[TS_TITLE] = A_BOLD;
	term_styles[TS_FOCUS] = A_REVERSE;
	term_styles[TS_FIELD] = A_UNDERLINE;
	term_styles[TS_ERROR] = A_BOLD;
	term_styles[TS_WARNING] = A_BOLD;
	term_styles[TS_OK] = A_NORMAL;
	/* dim, never underlined or reversed: a placeholder (a suggestion
	 * nobody took) must not look like a typed value */
	term_styles[TS_DIM] = A_DIM;
	term_styles[TS_KEY] = A_BOLD;
	if (!colour)
		return;
	start_color();
	use_default_colors();
	init_pair(1, COLOR_WHITE, COLOR_BLUE);
	init_pair(2, COLOR_RED, -1);
	init_pair(3, COLOR_YELLOW, -1);
	init_pair(4, COLOR_GREEN, -1);
	init_pair(5, COLOR_BLACK, COLOR_CYAN);
	init_pair(6, COLOR_CYAN, -1);
	term_styles[TS_HEADER] = COLOR_PAIR(1) | A_BOLD;
	term_styles[TS_ERROR] = COLOR_PAIR(2) | A_BOLD;
	term_styles[TS_WARNING] = COLOR_PAIR(3) | A_BOLD;
	term_styles[TS_OK] = COLOR_PAIR(4);
	term_styles[TS_FOCUS] = COLOR_PAIR(5);
	term_styles[TS_KEY] = COLOR_PAIR(6) | A_BOLD;
}

static void term_atexit(void)
{
	term_stop();
}

/* Appends terminfo capability CAP to the reset sequence, if the terminal
 * has it and it fits. */
static void term_reset_add(const char *cap)
{
	char *v = tigetstr((char *)cap);
	char clean[128];
	size_t n = 0;

	if (!v || v == (char *)-1)
		return;
	/* terminfo's padding "$<2>" is for tputs, not for the terminal:
	 * written raw it would show as text (vt100's sgr0) */
	for (const char *p = v; *p; p++) {
		const char *end;

		if (p[0] == '$' && p[1] == '<' &&
		    (end = strchr(p + 2, '>')) != NULL) {
			p = end;
			continue;
		}
		if (n == sizeof(clean))
			return;
		clean[n++] = *p;
	}
	if (n > sizeof(term_reset_seq) - term_reset_len)
		return;
	memcpy(term_reset_seq + term_reset_len, clean, n);
	term_reset_len += n;
}

/* Only async-signal-safe calls: write(2), tcsetattr(3). */
static void term_restore_raw(void)
{
	size_t off = 0;

	if (!term_on)
		return;
	while (off < term_reset_len) {
		ssize_t w = write(STDOUT_FILENO, term_reset_seq + off,
				  term_reset_len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	if (term_have_cooked)
		tcsetattr(STDIN_FILENO, TCSANOW, &term_cooked);
}

/* Fatal signals: put the terminal back, then die of the same signal
 * (blocked while this runs: delivered with the default action as soon as
 * the handler returns). */
static void term_fatal(int sig)
{
	int saved = errno;

	term_restore_raw();
	term_on = 0;
	signal(sig, SIG_DFL);
	raise(sig);
	errno = saved;
}

int term_start(char *err, size_t errlen)
{
	static const int fatal[] = {
		SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGQUIT,
		SIGTERM, SIGHUP, SIGINT,
	};
	struct sigaction sa;
	SCREEN *scr;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		errf(err, errlen, "the console needs a terminal on standard "
		     "input and output (use 'edgenet check' in scripts)");
		return -1;
	}
	setlocale(LC_ALL, "");
	term_is_utf8 = term_locale_utf8();
	/* the shell's mode (cooked, echo), for the signal handler */
	term_have_cooked = tcgetattr(STDIN_FILENO, &term_cooked) == 0;
	scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		const char *t = getenv("TERM");

		errf(err, errlen, "cannot start the console on terminal "
		     "type '%s': set TERM to a known type (linux, xterm, "
		     "vt100)", t ? t : "(unset)");
		return -1;
	}
	set_term(scr);
	term_reset_len = 0;
	term_reset_add("rmcup");
	term_reset_add("cnorm");
	term_reset_add("sgr0");
	term_reset_add("rmkx");
	term_on = 1;
	if (!term_atexit_done) {
		atexit(term_atexit);
		/* SIGTERM, SIGHUP and SIGINT reach the console's loop through
		 * its signalfd (blocked there); the handler covers the rest
		 * of the process's life with the terminal in curses mode */
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = term_fatal;
		sigemptyset(&sa.sa_mask);
		for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
			sigaction(fatal[i], &sa, NULL);
		term_atexit_done = true;
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	term_init_styles(has_colors() && !term_no_color_env());
	return 0;
}

void term_stop(void)
{
	if (!term_on)
		return;
	if (!isendwin()) {
		curs_set(1);
		endwin();
	}
	term_on = 0;
}

bool term_active(void)
{
	return term_on != 0;
}

void term_die_of(int sig)
{
	sigset_t set;

	term_stop();
	fflush(NULL);
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
	/* a signal whose default is to be ignored: end as before */
	_exit(128 + sig);
}

void term_setup_offscreen(bool colour, bool utf8)
{
	term_is_utf8 = utf8;
	term_init_styles(colour);
}

bool term_colour(void)
{
	return term_has_colour;
}

bool term_utf8(void)
{
	return term_is_utf8;
}

attr_t term_attr(enum term_style st)
{
	if (st < 0 || st >= TS_COUNT)
		return A_NORMAL;
	return term_styles[st];
}

const char *term_glyph(enum term_glyph g)
{
	if (g < 0 || g >= TG_COUNT)
		return "?";
	return term_is_utf8 ? term_glyph_utf8[g] : term_glyph_ascii[g];
}

void term_hline(WINDOW *w, int y, int x, int n)
{
	if (n <= 0)
		return;
	if (term_is_utf8)
		mvwhline_set(w, y, x, WACS_HLINE, n);
	else
		mvwhline(w, y, x, '-', n);
}

void term_box(WINDOW *w, int y, int x, int h, int wd)
{
	if (h < 2 || wd < 2)
		return;
	if (term_is_utf8) {
		mvwhline_set(w, y, x + 1, WACS_HLINE, wd - 2);
		mvwhline_set(w, y + h - 1, x + 1, WACS_HLINE, wd - 2);
		mvwvline_set(w, y + 1, x, WACS_VLINE, h - 2);
		mvwvline_set(w, y + 1, x + wd - 1, WACS_VLINE, h - 2);
		mvwadd_wch(w, y, x, WACS_ULCORNER);
		mvwadd_wch(w, y, x + wd - 1, WACS_URCORNER);
		mvwadd_wch(w, y + h - 1, x, WACS_LLCORNER);
		mvwadd_wch(w, y + h - 1, x + wd - 1, WACS_LRCORNER);
		return;
	}
	mvwhline(w, y, x + 1, '-', wd - 2);
	mvwhline(w, y + h - 1, x + 1, '-', wd - 2);
	mvwvline(w, y + 1, x, '|', h - 2);
	mvwvline(w, y + 1, x + wd - 1, '|', h - 2);
	mvwaddch(w, y, x, '+');
	mvwaddch(w, y, x + wd - 1, '+');
	mvwaddch(w, y + h - 1, x, '+');
	mvwaddch(w, y + h - 1, x + wd - 1, '+');
}

void term_sync_size(void)
{
	struct winsize ws;

	if (!term_on)
		return;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
}
