/*
 * test_opts.c - the command line's option tables (src/cli/opts.c): one
 * table, the parser that walks it and the usage printed from it.  A
 * table of every kind of option is read in getopt's ways (words and
 * options mixed, "--", "--name=value", a unique prefix, "-xy",
 * "-xVALUE"), in order for edgenet's own options, and each bad option
 * must be said in getopt's words on stderr followed by the usage; the
 * usage must list what the table holds.  stdout and stderr go to files.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/opts.h"

enum { T_JSON, T_PLAN, T_VM, T_DOMAIN, T_WAIT, T_HELP, T_COUNT };

static const struct cli_opt t_opts[] = {
	[T_JSON] = { .name = "json", .letter = 'j', .in_synopsis = true,
		     .help = "as JSON" },
	[T_PLAN] = { .name = "plan", .letter = 'p', .arg = CLI_ARG_TEXT,
		     .arg_name = "FILE", .in_synopsis = true,
		     .help = "the plan\nsecond line" },
	[T_VM] = { .name = "vm", .letter = 'v', .in_synopsis = true,
		   .help = "the VM too" },
	[T_DOMAIN] = { .name = "domain", .arg = CLI_ARG_TEXT,
		       .arg_name = "NAME", .help = "the VM's name" },
	[T_WAIT] = { .name = "wait", .arg = CLI_ARG_NUMBER, .arg_name = "S",
		     .min = 1, .max = 60, .unit = "whole seconds",
		     .in_synopsis = true, .help = "seconds" },
	[T_HELP] = { .name = "help", .letter = 'h', .role = CLI_ROLE_HELP },
	[T_COUNT] = { .name = NULL },
};

static const struct cli_command t_cmd = {
	.name = "try", .before = "[OPTIONS]", .args = "[NIC]",
	.help_col = 21, .opts = t_opts,
	.about = "About it.\n", .after = "Exit status: 0.\n",
	.summary = "try it\non two lines",
};

enum { M_CONNECT, M_DEMO, M_DATADIR, M_VERSION, M_HELP, M_COUNT };

static const struct cli_opt m_opts[] = {
	[M_CONNECT] = { .name = "connect", .letter = 'c', .arg = CLI_ARG_TEXT,
			.arg_name = "URI", .help = "the URI" },
	[M_DEMO] = { .name = "demo", .help = "the demo" },
	[M_DATADIR] = { .name = "datadir", .arg = CLI_ARG_TEXT,
			.arg_name = "DIR", .help = "the data" },
	[M_VERSION] = { .name = "version", .letter = 'V',
			.role = CLI_ROLE_STOP, .help = "the version" },
	[M_HELP] = { .name = "help", .letter = 'h', .role = CLI_ROLE_HELP,
		     .help = "this help" },
	[M_COUNT] = { .name = NULL },
};

static const struct cli_command *const m_list[] = { &t_cmd, NULL };

static const struct cli_command m_cmd = {
	.name = "", .before = "[OPTIONS]", .args = "[COMMAND [ARGS]]",
	.in_order = true, .quote_bad = true, .help_col = 25,
	.commands = m_list, .options_title = "Options:", .opts = m_opts,
};

static char out_path[] = "/tmp/edgenet-opts-XXXXXX";
static char err_path[] = "/tmp/edgenet-opts-XXXXXX";
static char out[8192], err[8192];
static bool read_rc;	/* run() calls cli_opts_read, its result in rc */
static int rc;

/* Parses the words of LINE (split at spaces, '_' stands for a space in
 * a word) against C; what it prints lands in out[] and err[]. */
static enum cli_parse_result run(const struct cli_command *c,
				 const char *line, struct cli_args *a)
{
	static char buf[1024], *argv[48];
	int argc = 0, o = dup(1), e = dup(2);
	enum cli_parse_result r;
	FILE *f;
	size_t n;

	snprintf(buf, sizeof(buf), "%s", line);
	for (char *w = strtok(buf, " "); w && argc < 47;
	     w = strtok(NULL, " ")) {
		for (char *u = w; *u; u++)
			if (*u == '_')
				*u = ' ';
		argv[argc++] = w;
	}
	argv[argc] = NULL;
	fflush(stdout);
	fflush(stderr);
	assert_non_null(freopen(out_path, "w", stdout));
	assert_non_null(freopen(err_path, "w", stderr));
	if (read_rc) {
		rc = cli_opts_read(c, argc, argv, a);
		r = CLI_PARSE_OK;
	} else {
		r = cli_opts_parse(c, argc, argv, a);
	}
	fflush(stdout);
	fflush(stderr);
	dup2(o, 1);
	dup2(e, 2);
	close(o);
	close(e);
	f = fopen(out_path, "r");
	n = fread(out, 1, sizeof(out) - 1, f);
	out[n] = '\0';
	fclose(f);
	f = fopen(err_path, "r");
	n = fread(err, 1, sizeof(err) - 1, f);
	err[n] = '\0';
	fclose(f);
	return r;
}

static void test_words_and_options_mix(void **state)
{
	struct cli_args a;

	(void)state;
	assert_int_equal(run(&t_cmd, "try eth0 --json -p plan.cfg --vm", &a),
			 CLI_PARSE_OK);
	assert_true(a.given[T_JSON]);
	assert_true(a.given[T_VM]);
	assert_false(a.given[T_DOMAIN]);
	assert_string_equal(a.value[T_PLAN], "plan.cfg");
	assert_int_equal(a.npos, 1);
	assert_string_equal(a.pos[0], "eth0");
	assert_string_equal(err, "");

	/* "--" ends the options; "-" is a word */
	assert_int_equal(run(&t_cmd, "try - -- --json x", &a), CLI_PARSE_OK);
	assert_false(a.given[T_JSON]);
	assert_int_equal(a.npos, 3);
	assert_string_equal(a.pos[0], "-");
	assert_string_equal(a.pos[1], "--json");
	assert_string_equal(a.pos[2], "x");

	/* more words than kept: counted all the same */
	assert_int_equal(run(&t_cmd, "try a b c d e f", &a), CLI_PARSE_OK);
	assert_int_equal(a.npos, 6);
	assert_string_equal(a.pos[3], "d");
}

static void test_forms_of_a_value(void **state)
{
	struct cli_args a;

	(void)state;
	assert_int_equal(run(&t_cmd, "try --plan=a=b -jv", &a), CLI_PARSE_OK);
	assert_string_equal(a.value[T_PLAN], "a=b");
	assert_true(a.given[T_JSON] && a.given[T_VM]);
	assert_int_equal(run(&t_cmd, "try -jpx.cfg", &a), CLI_PARSE_OK);
	assert_string_equal(a.value[T_PLAN], "x.cfg");
	assert_int_equal(run(&t_cmd, "try --plan= --domain a_b", &a),
			 CLI_PARSE_OK);
	assert_string_equal(a.value[T_PLAN], "");
	assert_string_equal(a.value[T_DOMAIN], "a b");
	/* a unique prefix, the last of a repeated option */
	assert_int_equal(run(&t_cmd, "try --dom x --js --do y", &a),
			 CLI_PARSE_OK);
	assert_string_equal(a.value[T_DOMAIN], "y");
	assert_true(a.given[T_JSON]);
	assert_int_equal(run(&t_cmd, "try --wait 30", &a), CLI_PARSE_OK);
	assert_int_equal(a.number[T_WAIT], 30);
}

/* A repeatable option: every value kept in order, with the others
 * around it; the usage marks it with "..."; more than CLI_MANY_MAX
 * values are refused with a sentence. */
enum { R_SET, R_JSON, R_COUNT };

static const struct cli_opt r_opts[] = {
	[R_SET] = { .name = "set", .arg = CLI_ARG_TEXT,
		    .arg_name = "PATH=VALUE", .role = CLI_ROLE_MANY,
		    .in_synopsis = true, .help = "a value" },
	[R_JSON] = { .name = "json", .in_synopsis = true, .help = "JSON" },
	[R_COUNT] = { .name = NULL },
};

static const struct cli_command r_cmd = {
	.name = "rep", .args = "PLAN", .help_col = 21, .opts = r_opts,
};

static void test_repeated_option(void **state)
{
	char line[1024];
	struct cli_args a;
	size_t n;

	(void)state;
	assert_int_equal(run(&r_cmd, "rep --set vm=a p.cfg --json "
			     "--set=nics[0].ip.address=1.2.3.4 --se vm=b", &a),
			 CLI_PARSE_OK);
	assert_int_equal(a.nmany, 3);
	assert_int_equal(a.many[0].opt, R_SET);
	assert_string_equal(a.many[0].value, "vm=a");
	assert_string_equal(a.many[1].value, "nics[0].ip.address=1.2.3.4");
	assert_string_equal(a.many[2].value, "vm=b");
	assert_string_equal(a.value[R_SET], "vm=b");
	assert_true(a.given[R_JSON]);
	assert_int_equal(a.npos, 1);
	assert_string_equal(a.pos[0], "p.cfg");

	assert_int_equal(run(&r_cmd, "rep --help", &a), CLI_PARSE_BAD);
	run(&r_cmd, "rep --json p", &a);
	assert_int_equal(a.nmany, 0);

	n = (size_t)snprintf(line, sizeof(line), "rep p");
	for (int i = 0; i < CLI_MANY_MAX; i++)
		n += (size_t)snprintf(line + n, sizeof(line) - n,
				      " --set=v%d=x", i);
	assert_int_equal(run(&r_cmd, line, &a), CLI_PARSE_OK);
	assert_int_equal(a.nmany, CLI_MANY_MAX);
	assert_string_equal(a.many[CLI_MANY_MAX - 1].value, "v31=x");
	snprintf(line + n, sizeof(line) - n, " --set=one=more");
	assert_int_equal(run(&r_cmd, line, &a), CLI_PARSE_BAD);
	assert_non_null(strstr(err, "--set is given more than 32 times"));

	{
		FILE *f = fopen(out_path, "w");

		assert_non_null(f);
		cli_opts_usage(&r_cmd, f);
		fclose(f);
		f = fopen(out_path, "r");
		n = fread(out, 1, sizeof(out) - 1, f);
		out[n] = '\0';
		fclose(f);
	}
	assert_non_null(strstr(out, "usage: edgenet rep [--set PATH=VALUE]... "
			       "[--json] PLAN\n"));
}

/* A synopsis wider than 79 columns goes on below the command's name,
 * word by word, and keeps every option; the command list does the same
 * below the command. */
enum { W_ALPHA, W_BRAVO, W_CHARLIE, W_DELTA, W_ECHO, W_COUNT };

static const struct cli_opt w_opts[] = {
	[W_ALPHA] = { .name = "alpha-option", .arg = CLI_ARG_TEXT,
		      .arg_name = "FILE", .in_synopsis = true, .help = "a" },
	[W_BRAVO] = { .name = "bravo-option", .in_synopsis = true,
		      .help = "b" },
	[W_CHARLIE] = { .name = "charlie-option", .arg = CLI_ARG_TEXT,
			.arg_name = "NAME", .in_synopsis = true, .help = "c" },
	[W_DELTA] = { .name = "delta-option", .in_synopsis = true,
		      .help = "d" },
	[W_ECHO] = { .name = "echo", .arg = CLI_ARG_TEXT,
		     .arg_name = "PATH=VALUE", .role = CLI_ROLE_MANY,
		     .in_synopsis = true, .help = "e" },
	[W_COUNT] = { .name = NULL },
};

static const struct cli_command w_cmd = {
	.name = "wide", .before = "[OPTIONS]", .args = "PLAN",
	.args_first = true, .help_col = 25, .opts = w_opts,
	.summary = "a wide one",
};

static const struct cli_command *const w_list[] = { &w_cmd, NULL };

static const struct cli_command w_main = {
	.name = "", .help_col = 25, .commands = w_list, .opts = w_opts + W_COUNT,
};

static void usage_to_out(const struct cli_command *c)
{
	FILE *f = fopen(out_path, "w");
	size_t n;

	assert_non_null(f);
	cli_opts_usage(c, f);
	fclose(f);
	f = fopen(out_path, "r");
	assert_non_null(f);
	n = fread(out, 1, sizeof(out) - 1, f);
	out[n] = '\0';
	fclose(f);
}

static void assert_lines_fit(const char *text)
{
	for (const char *l = text; *l;) {
		const char *nl = strchr(l, '\n');
		size_t len = nl ? (size_t)(nl - l) : strlen(l);

		assert_in_range(len, 0, 79);
		l += len + (nl != NULL);
	}
}

static void test_usage_wraps(void **state)
{
	(void)state;
	usage_to_out(&w_cmd);
	assert_lines_fit(out);
	assert_non_null(strstr(out, "usage: edgenet [OPTIONS] wide PLAN "
			       "[--alpha-option FILE] [--bravo-option]"));
	/* continued under the first word after the command's name */
	assert_non_null(strstr(out, "\n                              "
			       "[--charlie-option NAME] [--delta-option]\n"
			       "                              "
			       "[--echo PATH=VALUE]...\n"));
	for (int i = 0; i < W_COUNT; i++)
		assert_non_null(strstr(out, w_opts[i].name));

	usage_to_out(&w_main);
	assert_lines_fit(out);
	assert_non_null(strstr(out, "\n  wide PLAN [--alpha-option FILE] "));
	assert_non_null(strstr(out, "\n       [--delta-option] "
			       "[--echo PATH=VALUE]...\n"
			       "                         a wide one\n"));
}

/* Each bad option: getopt's sentence, then the usage, on stderr. */
static void test_bad_options(void **state)
{
	static const struct {
		const char *line, *said;
	} rows[] = {
		{ "try --bogus=x", "try: unrecognized option '--bogus=x'\n" },
		{ "try --json=1", "try: option '--json' doesn't allow an "
		  "argument\n" },
		{ "try --pl", "try: option '--plan' requires an argument\n" },
		{ "try -x", "try: invalid option -- 'x'\n" },
		{ "try -jx", "try: invalid option -- 'x'\n" },
		{ "try -p", "try: option requires an argument -- 'p'\n" },
		{ "try x --domain", "try: option '--domain' requires an "
		  "argument\n" },
	};
	struct cli_args a;

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		assert_int_equal(run(&t_cmd, rows[i].line, &a), CLI_PARSE_BAD);
		if (strncmp(err, rows[i].said, strlen(rows[i].said)) != 0)
			fail_msg("%s: said '%s'", rows[i].line, err);
		assert_non_null(strstr(err, "usage: edgenet [OPTIONS] try"));
		assert_string_equal(out, "");
	}
	/* a number out of range: said alone */
	assert_int_equal(run(&t_cmd, "try --wait 0", &a), CLI_PARSE_BAD);
	assert_string_equal(err, "edgenet try: --wait wants whole seconds "
			    "from 1 to 60, not '0'\n");
	assert_int_equal(run(&t_cmd, "try --wait=5s", &a), CLI_PARSE_BAD);
	/* a command's exit statuses */
	read_rc = true;
	run(&t_cmd, "try --x", &a);
	assert_int_equal(rc, EXIT_UNUSABLE);
	run(&t_cmd, "try -h", &a);
	assert_int_equal(rc, EXIT_CLEAN);
	run(&t_cmd, "try x", &a);
	assert_int_equal(rc, -1);
	read_rc = false;
}

/* edgenet's own options: in order, ended by the command; --help and
 * --version end the reading; a bad one is quoted escaped. */
static void test_in_order(void **state)
{
	struct cli_args a;

	(void)state;
	assert_int_equal(run(&m_cmd, "edgenet -c test:///x --demo status "
			     "--json", &a), CLI_PARSE_OK);
	assert_string_equal(a.value[M_CONNECT], "test:///x");
	assert_true(a.given[M_DEMO]);
	assert_int_equal(a.next, 4);
	assert_int_equal(a.npos, 0);
	assert_int_equal(run(&m_cmd, "edgenet -- status", &a), CLI_PARSE_OK);
	assert_int_equal(a.next, 2);
	assert_int_equal(run(&m_cmd, "edgenet -V --bogus", &a),
			 CLI_PARSE_STOP);
	assert_int_equal(a.stopped, M_VERSION);
	assert_int_equal(run(&m_cmd, "edgenet --help -V", &a),
			 CLI_PARSE_HELP);
	assert_non_null(strstr(out, "usage: edgenet [OPTIONS] [COMMAND "
			       "[ARGS]]\n"));
	assert_int_equal(run(&m_cmd, "edgenet --d", &a), CLI_PARSE_BAD);
	assert_non_null(strstr(err, "edgenet: unknown option, or an option "
			       "without its value: '--d' (see edgenet "
			       "--help)\n"));
	assert_int_equal(run(&m_cmd, "edgenet --\x1b[2J", &a), CLI_PARSE_BAD);
	assert_non_null(strstr(err, "'--\\x1b[2J'"));
	assert_null(strchr(err, '\x1b'));
}

/* The usage is the table: every listed option with its letter and help,
 * the synopsis from the options marked for it, the commands' list. */
static void test_usage_from_table(void **state)
{
	struct cli_args a;

	(void)state;
	assert_int_equal(run(&t_cmd, "try x --help --bogus", &a),
			 CLI_PARSE_HELP);
	assert_string_equal(out,
"usage: edgenet [OPTIONS] try [--json] [--plan FILE] [--vm] [--wait S] [NIC]\n"
"\n"
"About it.\n"
"\n"
"  -j, --json         as JSON\n"
"  -p, --plan FILE    the plan\n"
"                     second line\n"
"  -v, --vm           the VM too\n"
"      --domain NAME  the VM's name\n"
"      --wait S       seconds\n"
"\n"
"Exit status: 0.\n");
	assert_int_equal(run(&m_cmd, "edgenet -h", &a), CLI_PARSE_HELP);
	assert_string_equal(out,
"usage: edgenet [OPTIONS] [COMMAND [ARGS]]\n"
"\n"
"Commands:\n"
"  try [--json] [--plan FILE] [--vm] [--wait S] [NIC]\n"
"                         try it\n"
"                         on two lines\n"
"\n"
"Options:\n"
"  -c, --connect URI      the URI\n"
"      --demo             the demo\n"
"      --datadir DIR      the data\n"
"  -V, --version          the version\n"
"  -h, --help             this help\n");
}

static int setup(void **state)
{
	int fd;

	(void)state;
	fd = mkstemp(out_path);
	if (fd < 0)
		return -1;
	close(fd);
	fd = mkstemp(err_path);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(out_path);
	unlink(err_path);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_and_options_mix),
		cmocka_unit_test(test_forms_of_a_value),
		cmocka_unit_test(test_repeated_option),
		cmocka_unit_test(test_usage_wraps),
		cmocka_unit_test(test_bad_options),
		cmocka_unit_test(test_in_order),
		cmocka_unit_test(test_usage_from_table),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
