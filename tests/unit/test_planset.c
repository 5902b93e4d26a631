/*
 * test_planset.c - the command line's --set PATH=VALUE (core/planset.c)
 * read, written into a plan template and judged by the plan reader and
 * the validator: good values of each type (text, number, true/false,
 * list, list item, a key the file lacks), bad forms refused with a
 * sentence naming the --set and the PATH=VALUE form, bad paths and
 * values turned into diagnostics that name the --set (text and JSON,
 * escaped), an index past the end saying how many there are, and a
 * later --set winning over an earlier one.  Memory only.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag_write.h"
#include "core/json.h"
#include "core/planfile.h"
#include "core/planset.h"
#include "core/policy.h"
#include "core/validate.h"

/* libconfig 1.5 leaks a string buffer on some syntax errors. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libconfig.so\n";
}

/* A template: two NICs on an internal switch; eth0 static with no
 * metric and no MAC in the file, eth1 by DHCP. */
static const char template_plan[] =
	"version = 1;\n"
	"profile = \"server\";\n"
	"vm = \"edge-vm\";\n"
	"switches = ( { name = \"edge-int\"; type = \"internal\";\n"
	"  address = \"172.20.0.1/24\"; dhcp = true;\n"
	"  dhcp_start = \"172.20.0.100\"; dhcp_end = \"172.20.0.200\";\n"
	"  nat = true; } );\n"
	"nics = (\n"
	"  { name = \"eth0\"; switch = \"edge-int\"; primary = true;\n"
	"    ip = { mode = \"static\"; address = \"172.20.0.10\";\n"
	"           prefix = 24; gateway = \"172.20.0.1\"; };\n"
	"    dns = { servers = [ \"172.20.0.1\" ]; }; },\n"
	"  { name = \"eth1\"; switch = \"edge-int\"; ip = { mode = \"dhcp\"; };\n"
	"    metric = 200; }\n"
	");\n";

/* Loads the template with the --set ARGS (NULL-terminated); each must
 * be of the right form.  Leaves the plan, the lines and the
 * diagnostics (the reader's, then the validator's, annotated). */
struct loaded {
	struct plan p;
	struct plan_lines lines;
	struct diag_list d;
	struct planset_list sets;
};

static void load_with(struct loaded *l, const char *text, const char **args)
{
	static struct policy pol;
	static int have_pol;
	struct diag_list v;
	char err[ERR_MAX];

	if (!have_pol) {
		const char *top = getenv("top_srcdir");
		char path[4096];
		struct diag_list pd;

		snprintf(path, sizeof(path), "%s%sdata/policy.cfg",
			 top ? top : "", top ? "/" : "");
		diag_list_init(&pd);
		assert_int_equal(policy_load(&pol, path, &pd), 0);
		diag_list_free(&pd);
		have_pol = 1;
	}
	planset_list_init(&l->sets);
	for (size_t i = 0; args && args[i]; i++) {
		if (planset_add(&l->sets, args[i], err, sizeof(err)) != 0)
			fail_msg("%s refused: %s", args[i], err);
	}
	plan_lines_init(&l->lines);
	diag_list_init(&l->d);
	assert_int_equal(planfile_load_string_set(text, &l->sets, &l->p,
						  &l->lines, &l->d),
			 PLANFILE_OK);
	diag_list_init(&v);
	plan_validate(&l->p, &pol, &v);
	diag_list_append_new(&l->d, &v);
	diag_list_free(&v);
	plan_lines_annotate(&l->lines, &l->d);
}

static void loaded_free(struct loaded *l)
{
	plan_lines_free(&l->lines);
	diag_list_free(&l->d);
}

/* The one error on PATH, which must come from the --set ARG and say
 * WORDS. */
static void assert_set_error(const struct loaded *l, const char *path,
			     const char *arg, const char *words)
{
	const struct diag *x = diag_find(&l->d, path);

	if (!x)
		fail_msg("no diagnostic on %s", path);
	assert_int_equal(x->severity, DIAG_ERROR);
	assert_string_equal(x->set, arg);
	assert_int_equal(x->line, 0);
	if (!strstr(x->message, words))
		fail_msg("%s: '%s' does not say '%s'", path, x->message, words);
}

static void test_good_values(void **state)
{
	const char *args[] = {
		"vm=edge-vm-17",
		"nics[0].ip.address=172.20.0.21",
		"nics[0].ip.prefix=24",
		"nics[0].metric=50",			/* not in the file */
		"nics[1].mac=52:54:00:aa:bb:01",	/* not in the file */
		"switches[0].nat=false",
		"nics[0].dns.servers=172.20.0.1, 10.0.0.53",
		"nics[0].dns.search=\"plant.local\"",
		NULL,
	};
	struct loaded l;

	(void)state;
	load_with(&l, template_plan, args);
	assert_int_equal(diag_count(&l.d, DIAG_ERROR), 0);
	assert_string_equal(l.p.domain, "edge-vm-17");
	assert_string_equal(l.p.nics[0].address, "172.20.0.21");
	assert_true(l.p.nics[0].has_prefix);
	assert_int_equal(l.p.nics[0].prefix, 24);
	assert_true(l.p.nics[0].has_metric);
	assert_int_equal(l.p.nics[0].metric, 50);
	assert_int_equal(l.p.nics[1].metric, 200);	/* the file's */
	assert_string_equal(l.p.nics[1].mac, "52:54:00:aa:bb:01");
	assert_false(l.p.switches[0].nat);
	assert_int_equal(l.p.nics[0].ndns, 2);
	assert_string_equal(l.p.nics[0].dns[0], "172.20.0.1");
	assert_string_equal(l.p.nics[0].dns[1], "10.0.0.53");
	assert_int_equal(l.p.nics[0].nsearch, 1);
	assert_string_equal(l.p.nics[0].search[0], "plant.local");
	/* the rest is the file's */
	assert_string_equal(l.p.nics[0].gateway, "172.20.0.1");
	assert_string_equal(l.p.switches[0].name, "edge-int");
	loaded_free(&l);
}

static void test_list_item_empty_list_and_order(void **state)
{
	const char *args[] = {
		"nics[0].dns.servers[0]=172.20.0.2",
		"vm=first", "vm=second",	/* the later wins */
		"nics[1].dns.servers=",		/* an empty list */
		NULL,
	};
	struct loaded l;

	(void)state;
	load_with(&l, template_plan, args);
	assert_int_equal(diag_count(&l.d, DIAG_ERROR), 0);
	assert_int_equal(l.p.nics[0].ndns, 1);
	assert_string_equal(l.p.nics[0].dns[0], "172.20.0.2");
	assert_string_equal(l.p.domain, "second");
	assert_int_equal(l.p.nics[1].ndns, 0);
	loaded_free(&l);
}

/* One --set each, with the error it must give. */
struct set_row {
	const char *arg, *path, *words;
};

static void assert_rows(const struct set_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *args[] = { rows[i].arg, NULL };
		struct loaded l;

		load_with(&l, template_plan, args);
		assert_set_error(&l, rows[i].path, rows[i].arg, rows[i].words);
		loaded_free(&l);
	}
}

/* A bad value is judged as in a file, and the error names the --set. */
static void test_bad_values_name_the_set(void **state)
{
	static const struct set_row rows[] = {
		{ "nics[0].ip.address=172.20.0.999", "nics[0].ip.address",
		  "not an IPv4 address" },
		{ "nics[0].metric=abc", "nics[0].metric", "must be a number" },
		{ "nics[0].metric=0x10", "nics[0].metric", "must be a number" },
		{ "switches[0].nat=maybe", "switches[0].nat", "true or false" },
		{ "profile=serv", "profile", "did you mean 'server'" },
		{ "nics[0].ip.adress=172.20.0.21", "nics[0].ip.adress",
		  "did you mean 'address'" },
		{ "nics[0].dns.servers=10.0.0.1,10.0.0.999",
		  "nics[0].dns.servers[1]", "not an IP address" },
		{ "nics[0].ip.address=172.20.0.150", "nics[0].ip.address",
		  "DHCP range" },
	};

	(void)state;
	assert_rows(rows, sizeof(rows) / sizeof(rows[0]));
}

/* Paths the plan cannot take: said by planset on the path, named. */
static void test_bad_paths(void **state)
{
	static const struct set_row rows[] = {
		{ "nics[5].ip.address=1.2.3.4", "nics[5]",
		  "the plan has 2 NICs (nics[0] to nics[1])" },
		{ "switches[1].nat=true", "switches[1]",
		  "the plan has 1 switch (switches[0] to switches[0])" },
		{ "nics[0].dns.servers[3]=1.2.3.4", "nics[0].dns.servers[3]",
		  "nics[0].dns.servers has 1 item" },
		{ "nics[1].dns.servers[0]=1.2.3.4", "nics[1].dns.servers",
		  "set the whole list" },
		{ "nicks[0].name=x", "nicks", "did you mean 'nics'" },
		{ "nics[0].ipp.mode=dhcp", "nics[0].ipp",
		  "did you mean 'ip'" },
		{ "nics[0].ip=dhcp", "nics[0].ip", "a group of keys" },
		{ "nics[0]=x", "nics[0]", "a group of keys" },
		{ "nics=x", "nics", "a list of groups" },
		{ "nics.name=x", "nics", "name one of its items, like nics[0]" },
		{ "vm.name=x", "vm", "one value" },
	};

	(void)state;
	assert_rows(rows, sizeof(rows) / sizeof(rows[0]));
}

static void test_no_nics(void **state)
{
	const char *args[] = { "nics[0].name=eth0", NULL };
	struct loaded l;

	(void)state;
	load_with(&l, "version = 1;\nprofile = \"client\";\nvm = \"v\";\n",
		  args);
	assert_set_error(&l, "nics", args[0], "the plan has no NICs");
	loaded_free(&l);
}

/* A diagnostic about a field of the file keeps its line. */
static void test_file_fields_keep_lines(void **state)
{
	const char *args[] = { "vm=edge-vm-17", NULL };
	const char *bad = "version = 1;\nprofile = \"server\";\nvm = \"x\";\n"
		"switches = ( { name = \"s\"; type = \"internal\";\n"
		"  address = \"10.1.0.1/24\"; dhcp = false; } );\n"
		"nics = ( { name = \"eth0\"; switch = \"s\"; primary = true;\n"
		"  ip = { mode = \"static\"; address = \"10.1.0.5\";\n"
		"         prefix = 24; gateway = \"10.2.0.1\"; }; } );\n";
	const struct diag *x;
	struct loaded l;

	(void)state;
	load_with(&l, bad, args);
	x = diag_find(&l.d, "nics[0].ip.gateway");
	assert_non_null(x);
	assert_string_equal(x->set, "");
	assert_int_equal(x->line, 8);
	assert_string_equal(l.p.domain, "edge-vm-17");
	loaded_free(&l);
}

static void test_forms_refused(void **state)
{
	static const char *const bad[] = {
		"vm", "=x", "a..b=1", "nics[].name=x", "nics[a].name=x",
		"1vm=x", "vm.=x", "nics[0]x=1", "nics[12345].name=x",
		".vm=x", "nics[0]].name=x", "v m=x",
		"nics[88888888888888888888888888].name=x",	/* no overflow */
	};
	struct planset_list sets;
	char err[ERR_MAX], big[PLANSET_ARG_MAX + 8];

	(void)state;
	planset_list_init(&sets);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(planset_add(&sets, bad[i], err, sizeof(err)),
				 -1);
		if (!strstr(err, "PATH=VALUE"))
			fail_msg("%s: '%s' says no PATH=VALUE", bad[i], err);
		if (!strstr(err, bad[i]))
			fail_msg("%s: '%s' does not name it", bad[i], err);
	}
	assert_int_equal(sets.count, 0);

	/* VALUE runs from the first '=' to the end */
	assert_int_equal(planset_add(&sets, "nics[0].dns.search=a=b", err,
				     sizeof(err)), 0);
	assert_string_equal(sets.items[0].path, "nics[0].dns.search");
	assert_string_equal(sets.items[0].value, "a=b");
	planset_list_init(&sets);

	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	big[2] = '=';
	assert_int_equal(planset_add(&sets, big, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "too long"));

	for (int i = 0; i < PLANSET_MAX; i++)
		assert_int_equal(planset_add(&sets, "vm=x", err, sizeof(err)),
				 0);
	assert_int_equal(planset_add(&sets, "vm=x", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "more than 32"));
	assert_int_equal(sets.count, PLANSET_MAX);
}

static void test_written_out(void **state)
{
	const char *args[] = { "nics[0].ip.address=172.20.0.999", NULL };
	struct json_writer w;
	struct loaded l;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	load_with(&l, template_plan, args);
	f = open_memstream(&buf, &len);
	diag_write_text(f, "t.cfg", &l.d, 0, -1);
	fclose(f);
	assert_non_null(strstr(buf, "--set nics[0].ip.address=172.20.0.999: "
			       "nics[0].ip.address: error: "));
	assert_null(strstr(buf, "t.cfg"));
	free(buf);

	f = open_memstream(&buf, &len);
	json_init(&w, f, ",", ":");
	diag_write_json(&w, &l.d, DIAG_JSON_LINE, NULL, NULL);
	json_finish(&w);
	fclose(f);
	assert_non_null(strstr(buf, "\"line\":null,\"set\":\"nics[0].ip."
			       "address=172.20.0.999\",\"field\":\"nics[0]."
			       "ip.address\""));
	free(buf);
	loaded_free(&l);
}

/* A --set is outside text: no control byte reaches a diagnostic. */
static void test_escaped(void **state)
{
	const char *args[] = { "nics[0].ip.address=1\x1b[31m", NULL };
	const struct diag *x;
	struct loaded l;

	(void)state;
	load_with(&l, template_plan, args);
	x = diag_find(&l.d, "nics[0].ip.address");
	assert_non_null(x);
	assert_null(strchr(x->set, '\x1b'));
	assert_non_null(strstr(x->set, "\\x1b"));
	assert_null(strchr(x->message, '\x1b'));
	loaded_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_values),
		cmocka_unit_test(test_list_item_empty_list_and_order),
		cmocka_unit_test(test_bad_values_name_the_set),
		cmocka_unit_test(test_bad_paths),
		cmocka_unit_test(test_no_nics),
		cmocka_unit_test(test_file_fields_keep_lines),
		cmocka_unit_test(test_forms_refused),
		cmocka_unit_test(test_written_out),
		cmocka_unit_test(test_escaped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
