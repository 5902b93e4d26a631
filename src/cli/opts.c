/*
 * opts.c - the one parser of the command line's option tables and the
 * one printer of a command's usage from its table (opts.h).  Reads the
 * words it is given; prints the usage and what is wrong with an option
 * on the streams named below, nothing else.
 *
 * The words are read as getopt_long reads them, and bad ones are said in
 * its words ("status: unrecognized option '--x'"), so scripts see what
 * they saw before the tables; edgenet's own options and the wizard's are
 * read before the output filter is in place, and those say the word in
 * one sentence, escaped (cli_esc).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/opts.h"

/* A reading under way: the table, the words, which one is read. */
struct cli_parse {
	const struct cli_command *c;
	int argc;
	char **argv;
	int i;			/* index of the word being read */
	struct cli_args *a;
};

static size_t opts_count(const struct cli_command *c)
{
	size_t n = 0;

	while (c->opts[n].name && n < CLI_OPTS_MAX)
		n++;
	return n;
}

/* What is wrong with an option, in getopt's words (an ambiguous prefix
 * without getopt's list of candidates: only edgenet's own table has
 * options that share a prefix, and its bad words are quoted). */
enum opts_fault {
	OPTS_UNKNOWN,		/* WORD: the whole word */
	OPTS_AMBIGUOUS,		/* WORD: the word */
	OPTS_NO_VALUE_ALLOWED,	/* WORD: the option's name */
	OPTS_VALUE_NEEDED,	/* WORD: the option's name */
	OPTS_BAD_LETTER,	/* WORD: the letter */
	OPTS_LETTER_NEEDS_VALUE,	/* WORD: the letter */
};

/* Says what is wrong, then the usage; quote_bad commands say the word
 * being read instead, escaped. */
static enum cli_parse_result opts_bad(const struct cli_parse *p,
				      enum opts_fault fault, const char *word)
{
	const struct cli_command *c = p->c;
	const char *sp = c->name[0] ? " " : "", *cmd = p->argv[0];

	if (c->quote_bad) {
		fprintf(stderr, "edgenet%s%s: unknown option, or an option "
			"without its value: '%s' (see edgenet%s%s --help)\n",
			sp, c->name, cli_esc(p->argv[p->i]), sp, c->name);
		cli_opts_usage(c, stderr);
		return CLI_PARSE_BAD;
	}
	switch (fault) {
	case OPTS_UNKNOWN:
		fprintf(stderr, "%s: unrecognized option '%s'\n", cmd, word);
		break;
	case OPTS_AMBIGUOUS:
		fprintf(stderr, "%s: option '%s' is ambiguous\n", cmd, word);
		break;
	case OPTS_NO_VALUE_ALLOWED:
		fprintf(stderr, "%s: option '--%s' doesn't allow an "
			"argument\n", cmd, word);
		break;
	case OPTS_VALUE_NEEDED:
		fprintf(stderr, "%s: option '--%s' requires an argument\n",
			cmd, word);
		break;
	case OPTS_BAD_LETTER:
		fprintf(stderr, "%s: invalid option -- '%s'\n", cmd, word);
		break;
	case OPTS_LETTER_NEEDS_VALUE:
		fprintf(stderr, "%s: option requires an argument -- '%s'\n",
			cmd, word);
		break;
	}
	cli_opts_usage(c, stderr);
	return CLI_PARSE_BAD;
}

/* Records option K with VALUE (NULL for a flag). */
static enum cli_parse_result opts_take(struct cli_parse *p, size_t k,
				       const char *value)
{
	const struct cli_opt *o = &p->c->opts[k];
	struct cli_args *a = p->a;

	if (o->arg == CLI_ARG_NUMBER) {
		char *end;
		long v;

		errno = 0;
		v = strtol(value, &end, 10);
		if (errno || *end || v < o->min || v > o->max) {
			fprintf(stderr, "edgenet %s: --%s wants %s from %ld to "
				"%ld, not '%s'\n", p->c->name, o->name, o->unit,
				o->min, o->max, value);
			return CLI_PARSE_BAD;
		}
		a->number[k] = v;
	}
	if (o->role == CLI_ROLE_MANY) {
		if (a->nmany == CLI_MANY_MAX) {
			fprintf(stderr, "edgenet %s: --%s is given more than "
				"%d times; give at most %d\n", p->c->name,
				o->name, CLI_MANY_MAX, CLI_MANY_MAX);
			return CLI_PARSE_BAD;
		}
		a->many[a->nmany].opt = k;
		a->many[a->nmany++].value = value;
	}
	a->given[k] = true;
	a->value[k] = value;
	switch (o->role) {
	case CLI_ROLE_HELP:
		cli_opts_usage(p->c, stdout);
		return CLI_PARSE_HELP;
	case CLI_ROLE_STOP:
		a->stopped = (int)k;
		return CLI_PARSE_STOP;
	case CLI_ROLE_VALUE:
	case CLI_ROLE_MANY:
		break;
	}
	return CLI_PARSE_OK;
}

/* "--name", "--name=value", "--prefix" (unique): the word at p->i. */
static enum cli_parse_result opts_long(struct cli_parse *p)
{
	const struct cli_command *c = p->c;
	const char *word = p->argv[p->i] + 2, *eq = strchr(word, '=');
	size_t len = eq ? (size_t)(eq - word) : strlen(word);
	size_t n = opts_count(c), k, found = n, matches = 0;

	for (k = 0; k < n; k++) {
		if (strncmp(c->opts[k].name, word, len) != 0)
			continue;
		if (strlen(c->opts[k].name) == len) {
			found = k;
			matches = 1;
			break;
		}
		if (!matches++)
			found = k;
	}
	if (!matches)
		return opts_bad(p, OPTS_UNKNOWN, p->argv[p->i]);
	if (matches > 1)
		return opts_bad(p, OPTS_AMBIGUOUS, p->argv[p->i]);
	if (c->opts[found].arg == CLI_ARG_NONE) {
		if (eq)
			return opts_bad(p, OPTS_NO_VALUE_ALLOWED,
					c->opts[found].name);
		return opts_take(p, found, NULL);
	}
	if (eq)
		return opts_take(p, found, eq + 1);
	if (p->i + 1 >= p->argc)
		return opts_bad(p, OPTS_VALUE_NEEDED, c->opts[found].name);
	p->i++;
	return opts_take(p, found, p->argv[p->i]);
}

/* "-x", "-xy", "-xVALUE", "-x VALUE": the word at p->i. */
static enum cli_parse_result opts_short(struct cli_parse *p)
{
	const struct cli_command *c = p->c;
	const char *s = p->argv[p->i] + 1;
	size_t n = opts_count(c), k;
	enum cli_parse_result r;
	char letter[2] = "";

	for (; *s; s++) {
		for (k = 0; k < n && c->opts[k].letter != *s; k++)
			;
		letter[0] = *s;
		if (k == n)
			return opts_bad(p, OPTS_BAD_LETTER, letter);
		if (c->opts[k].arg == CLI_ARG_NONE) {
			r = opts_take(p, k, NULL);
			if (r != CLI_PARSE_OK)
				return r;
			continue;
		}
		if (s[1])
			return opts_take(p, k, s + 1);
		if (p->i + 1 >= p->argc)
			return opts_bad(p, OPTS_LETTER_NEEDS_VALUE, letter);
		p->i++;
		return opts_take(p, k, p->argv[p->i]);
	}
	return CLI_PARSE_OK;
}

enum cli_parse_result cli_opts_parse(const struct cli_command *c, int argc,
				     char **argv, struct cli_args *a)
{
	struct cli_parse p = { c, argc, argv, 1, a };
	enum cli_parse_result r;
	bool words_only = false;

	memset(a, 0, sizeof(*a));
	a->stopped = -1;
	for (; p.i < argc; p.i++) {
		const char *w = argv[p.i];

		if (words_only || w[0] != '-' || !w[1]) {
			if (c->in_order)
				break;
			if (a->npos < CLI_POS_MAX)
				a->pos[a->npos] = w;
			a->npos++;
			continue;
		}
		if (!strcmp(w, "--")) {
			if (c->in_order) {
				p.i++;
				break;
			}
			words_only = true;
			continue;
		}
		r = w[1] == '-' ? opts_long(&p) : opts_short(&p);
		if (r != CLI_PARSE_OK)
			return r;
	}
	a->next = p.i;
	return CLI_PARSE_OK;
}

int cli_opts_read(const struct cli_command *c, int argc, char **argv,
		  struct cli_args *a)
{
	switch (cli_opts_parse(c, argc, argv, a)) {
	case CLI_PARSE_OK:
		return -1;
	case CLI_PARSE_HELP:
		return EXIT_CLEAN;
	case CLI_PARSE_STOP:
	case CLI_PARSE_BAD:
		break;
	}
	return EXIT_UNUSABLE;
}

/* TEXT's lines, the first from column AT, every one at column COL. */
static void usage_lines(FILE *f, int at, int col, const char *text)
{
	const char *nl;

	for (;;) {
		fprintf(f, "%*s", at < col ? col - at : 0, "");
		nl = strchr(text, '\n');
		fprintf(f, "%.*s\n", nl ? (int)(nl - text) : (int)strlen(text),
			text);
		if (!nl || !nl[1])
			break;
		text = nl + 1;
		at = 0;
	}
}

#define USAGE_WIDTH 79	/* the usage fits an 80-column terminal */

/* One word of a synopsis at column AT: on a new line from column INDENT
 * when it would pass USAGE_WIDTH.  Returns the column after it. */
static int usage_word(FILE *f, int at, int indent, const char *word)
{
	int len = (int)strlen(word);

	if (at > indent && at + 1 + len > USAGE_WIDTH) {
		fprintf(f, "\n%*s", indent, "");
		at = indent;
	}
	return at + fprintf(f, " %s", word);
}

/* The synopsis after "edgenet [BEFORE] NAME", printed from column AT:
 * options and words, continued from column INDENT.  Returns the column
 * it ends at. */
static int usage_synopsis(const struct cli_command *c, FILE *f, int at,
			  int indent)
{
	char word[128];

	if (c->args && c->args_first)
		at = usage_word(f, at, indent, c->args);
	for (const struct cli_opt *o = c->opts; o->name; o++) {
		if (!o->in_synopsis)
			continue;
		snprintf(word, sizeof(word), "%s--%s%s%s%s%s",
			 o->required ? "" : "[", o->name,
			 o->arg_name ? " " : "", o->arg_name ? o->arg_name : "",
			 o->required ? "" : "]",
			 o->role == CLI_ROLE_MANY ? "..." : "");
		at = usage_word(f, at, indent, word);
	}
	if (c->args && !c->args_first)
		at = usage_word(f, at, indent, c->args);
	return at;
}

void cli_opts_usage(const struct cli_command *c, FILE *f)
{
	bool listed = false, letters = false;

	for (const struct cli_opt *o = c->opts; o->name; o++)
		letters |= o->help && o->letter;

	{
		int at = fprintf(f, "usage: edgenet%s%s%s%s",
				 c->before ? " " : "",
				 c->before ? c->before : "",
				 c->name[0] ? " " : "", c->name);

		usage_synopsis(c, f, at, at);
	}
	putc('\n', f);
	if (c->about)
		fprintf(f, "\n%s", c->about);
	if (c->commands) {
		fputs("\nCommands:\n", f);
		for (size_t i = 0; c->commands[i]; i++) {
			const struct cli_command *s = c->commands[i];
			int at;

			if (!s->summary)
				continue;
			at = fprintf(f, "  %s", s->name);
			at = usage_synopsis(s, f, at, at);
			if (at > c->help_col - 2) {
				putc('\n', f);
				at = 0;
			}
			usage_lines(f, at, c->help_col, s->summary);
		}
	}
	for (const struct cli_opt *o = c->opts; o->name; o++) {
		int at;

		if (!o->help)
			continue;
		if (!listed)
			fprintf(f, "\n%s%s", c->options_title ?
				c->options_title : "",
				c->options_title ? "\n" : "");
		listed = true;
		if (o->letter)
			at = fprintf(f, "  -%c, --%s", o->letter, o->name);
		else
			at = fprintf(f, "%s--%s", letters ? "      " : "  ",
				     o->name);
		if (o->arg_name)
			at += fprintf(f, " %s", o->arg_name);
		if (at > c->help_col - 2) {
			putc('\n', f);
			at = 0;
		}
		usage_lines(f, at, c->help_col, o->help);
	}
	if (c->after)
		fprintf(f, "\n%s", c->after);
}
