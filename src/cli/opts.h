/*
 * opts.h - the command line's options as tables: one table per command
 * (main's global options, wizard, check, mac, status, apply, render,
 * diag), one parser that walks it (cli_opts_parse) and one printer of
 * the command's usage from the same table (cli_opts_usage), so --help
 * and the parser cannot disagree.  Prints only usage and bad-option
 * messages, to the streams it is given.
 */
#ifndef EDGENET_CLI_OPTS_H
#define EDGENET_CLI_OPTS_H

#include <stdbool.h>
#include <stdio.h>

struct cli_globals;

#define CLI_OPTS_MAX 12		/* options of one command */
#define CLI_POS_MAX 4		/* words kept (more are counted) */
#define CLI_MANY_MAX 32		/* values of repeated options, in all */

/* What an option takes. */
enum cli_arg {
	CLI_ARG_NONE,		/* a flag */
	CLI_ARG_TEXT,		/* a word: a file, a name, a URI */
	CLI_ARG_NUMBER,		/* a whole number from min to max */
};

/* What an option does beside being recorded. */
enum cli_opt_role {
	CLI_ROLE_VALUE,		/* recorded, parsing goes on */
	CLI_ROLE_HELP,		/* the usage on stdout; parsing ends */
	CLI_ROLE_STOP,		/* recorded, parsing ends (--version) */
	CLI_ROLE_MANY,		/* may be repeated: every value kept, in
				 * order (cli_args.many), at most
				 * CLI_MANY_MAX in all */
};

struct cli_opt {
	const char *name;	/* the long name, without "--" */
	char letter;		/* the short letter, 0 for none */
	enum cli_arg arg;
	const char *arg_name;	/* in the usage: "FILE", "URI"... */
	long min, max;		/* CLI_ARG_NUMBER's range */
	const char *unit;	/* CLI_ARG_NUMBER's words: "whole seconds" */
	enum cli_opt_role role;
	bool required;		/* no brackets in the synopsis */
	bool in_synopsis;	/* shown in the usage line */
	/* The usage's help, lines separated by '\n'; NULL: not listed. */
	const char *help;
};

/* A command's own -h/--help (not listed in its usage), and the end of
 * a table. */
#define CLI_OPT_HELP { .name = "help", .letter = 'h', .role = CLI_ROLE_HELP }
#define CLI_OPT_END { .name = NULL }

/* What a command does with the state directory, for main.c: on a
 * simulated host (libvirt's test driver) one that uses it gets one of
 * its own for the run, and one that writes it says so. */
enum cli_state_use {
	CLI_STATE_NONE,
	CLI_STATE_READS,
	CLI_STATE_WRITES,
};

/* A command's table fits the parser's arrays (checked when compiled). */
#define CLI_OPTS_FIT(table)						\
	_Static_assert(sizeof(table) / sizeof((table)[0]) <= CLI_OPTS_MAX + 1, \
		       #table " has more options than CLI_OPTS_MAX")

struct cli_command {
	const char *name;	/* "status"; "" for edgenet itself */
	const char *before;	/* words before the name, or NULL */
	const char *args;	/* its words: "PLAN", "[NIC]" */
	bool args_first;	/* ARGS before the options in the usage line */
	/* Options end at the first word (edgenet's own: the command
	 * follows them). */
	bool in_order;
	/* Bad options said in one sentence quoting the word escaped (read
	 * before the output filter is in place), else getopt's way. */
	bool quote_bad;
	int help_col;		/* column of the options' help */
	const char *about;	/* paragraphs after the usage line, or NULL */
	const char *options_title;	/* "Options:", or NULL */
	const char *after;	/* paragraphs after the options, or NULL */
	/* edgenet --help's "Commands:" list: this command's summary, lines
	 * separated by '\n' (NULL: not listed), and for edgenet itself the
	 * commands listed, NULL-terminated. */
	const char *summary;
	const struct cli_command *const *commands;
	const struct cli_opt *opts;	/* ends with a NULL name */
	/* What runs the command (main.c's dispatch), or NULL. */
	int (*run)(const struct cli_globals *g, int argc, char **argv);
	bool console;		/* curses owns the streams: no filter */
	enum cli_state_use state;	/* on a simulated host (main.c) */
};

/* What the parser found: for each option (by its index in the table)
 * whether it was given, its word and its number; the other words. */
struct cli_args {
	bool given[CLI_OPTS_MAX];
	const char *value[CLI_OPTS_MAX];
	long number[CLI_OPTS_MAX];
	const char *pos[CLI_POS_MAX];
	int npos;		/* every word, even past CLI_POS_MAX */
	/* Every value of the CLI_ROLE_MANY options, in the order given
	 * (value[] above holds the last one). */
	struct cli_many {
		size_t opt;	/* its index in the table */
		const char *value;
	} many[CLI_MANY_MAX];
	size_t nmany;
	int next;		/* in_order: the first word not read */
	int stopped;		/* the CLI_ROLE_STOP option met, or -1 */
};

enum cli_parse_result {
	CLI_PARSE_OK,		/* A holds what was found */
	CLI_PARSE_HELP,		/* the usage was printed on stdout */
	CLI_PARSE_STOP,		/* a CLI_ROLE_STOP option: A->stopped */
	CLI_PARSE_BAD,		/* said on stderr, with the usage */
};

/* Reads ARGV[1..ARGC-1] (ARGV[0] is the command's name) against C's
 * table into A.  Options may come between the words (getopt's order)
 * unless C->in_order; "--" ends them; a long option may be shortened to
 * a prefix only it has; "--name=value", "-xVALUE" and "-xy" as getopt
 * reads them.  A bad option or a missing value is said on stderr
 * followed by the usage; a number out of range, or a repeated option
 * given more than CLI_MANY_MAX times, is said alone. */
enum cli_parse_result cli_opts_parse(const struct cli_command *c, int argc,
				     char **argv, struct cli_args *a);

/* cli_opts_parse for a command's own options: -1 when the command goes
 * on with A, else its exit status (EXIT_CLEAN after --help,
 * EXIT_UNUSABLE after a bad option). */
int cli_opts_read(const struct cli_command *c, int argc, char **argv,
		  struct cli_args *a);

/* C's usage, from its table, on F. */
void cli_opts_usage(const struct cli_command *c, FILE *f);

#endif
