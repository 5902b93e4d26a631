/*
 * fuzz_planset.c - fuzz harness for the command line's --set PATH=VALUE
 * (src/core/planset.c) as apply and check use it: the input's lines up
 * to the first empty line are --set arguments (planset_add, which may
 * refuse them), the rest is the plan file's text; then
 * planfile_load_string_set, plan_validate against the shipped policy
 * (data/policy.cfg) and plan_lines_annotate.  Aborts when a refused
 * --set or a failed load says nothing, when a diagnostic marked as
 * coming from a --set keeps a line or holds a control byte, or when a
 * plan that loads with no error does not load again from its written
 * form with the same values (the applied plan is saved that way).
 *
 * Reads data/policy.cfg once (below $top_srcdir when set, else the
 * source directory this was configured from); touches nothing else.
 * Built by `make check` with fuzz_main.c over tests/fuzz/corpus/planset/;
 * under libFuzzer by tests/fuzz/run.sh (see tests/fuzz/local.am).
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/plan.h"
#include "core/planfile.h"
#include "core/planset.h"
#include "core/policy.h"
#include "core/validate.h"

#ifndef FUZZ_SRCDIR
#error "compile with -DFUZZ_SRCDIR='\"/path/to/the/source\"'"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* libconfig leaks its buffer on some syntax errors (known). */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libconfig.so\n";
}

static const struct policy *fuzz_policy(void)
{
	static struct policy pol;
	static bool loaded;
	const char *top = getenv("top_srcdir");
	char path[4096];
	struct diag_list d;

	if (loaded)
		return &pol;
	snprintf(path, sizeof(path), "%s/data/policy.cfg",
		 top && *top ? top : FUZZ_SRCDIR);
	diag_list_init(&d);
	if (policy_load(&pol, path, &d) != 0) {
		fprintf(stderr, "fuzz_planset: cannot load %s\n", path);
		abort();
	}
	diag_list_free(&d);
	loaded = true;
	return &pol;
}

/* The --set lines of TEXT (cut in place) into SETS; the plan's text. */
static char *read_sets(char *text, struct planset_list *sets)
{
	char err[ERR_MAX];

	planset_list_init(sets);
	while (*text && *text != '\n') {
		char *nl = strchr(text, '\n');

		if (nl)
			*nl = '\0';
		err[0] = '\0';
		if (planset_add(sets, text, err, sizeof(err)) != 0 && !err[0])
			abort();	/* refused without saying why */
		if (!nl)
			return text + strlen(text);
		text = nl + 1;
	}
	return *text ? text + 1 : text;
}

/* P written and read again gives the same text (what apply saves). */
static void round_trip(const struct plan *p)
{
	static struct plan again;
	struct diag_list d;
	char *one = planfile_format(p), *two;

	if (!one)
		return;
	diag_list_init(&d);
	if (planfile_load_string(one, &again, NULL, &d) != PLANFILE_OK ||
	    diag_count(&d, DIAG_ERROR))
		abort();
	two = planfile_format(&again);
	if (!two || strcmp(one, two) != 0)
		abort();
	diag_list_free(&d);
	free(one);
	free(two);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct planset_list sets;
	static struct plan plan;
	const struct policy *pol = fuzz_policy();
	struct plan_lines lines;
	struct diag_list d, v;
	char *text = malloc(size + 1), *body;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	body = read_sets(text, &sets);
	diag_list_init(&d);
	plan_lines_init(&lines);
	if (planfile_load_string_set(body, &sets, &plan, &lines, &d) ==
	    PLANFILE_OK) {
		diag_list_init(&v);
		plan_validate(&plan, pol, &v);
		diag_list_append_new(&d, &v);
		diag_list_free(&v);
		plan_lines_annotate(&lines, &d);
		for (size_t i = 0; i < d.count; i++) {
			const struct diag *x = &d.items[i];

			if (!x->message[0])
				abort();
			if (x->set[0] && x->line != 0)
				abort();
			for (const char *c = x->set; *c; c++)
				if ((unsigned char)*c < 0x20 || *c == 0x7f)
					abort();
		}
		if (!diag_count(&d, DIAG_ERROR))
			round_trip(&plan);
	} else if (!diag_count(&d, DIAG_ERROR)) {
		abort();
	}
	plan_lines_free(&lines);
	diag_list_free(&d);
	free(text);
	return 0;
}
