/*
 * fuzz_plan.c - fuzz harness for the plan loader followed by validation,
 * as `edgenet check` runs them: planfile_load_string (libconfig and the
 * plan's keys, src/core/planfile.c), plan_validate against the shipped
 * policy (data/policy.cfg, src/core/validate.c), line numbers put on the
 * findings.  A plan that loads with no error is written back
 * (planfile_format) and loaded again: it must give the same text, or the
 * harness aborts.
 *
 * Reads data/policy.cfg once (below $top_srcdir when set, else the
 * source directory this was configured from); touches nothing else.
 * Built by `make check` with fuzz_main.c over tests/fuzz/corpus/plan/;
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
#include "core/policy.h"
#include "core/validate.h"

#ifndef FUZZ_SRCDIR
#error "compile with -DFUZZ_SRCDIR='\"/path/to/the/source\"'"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* libconfig leaks its buffer on some syntax errors (known): that one
 * library's leaks, and no other, are not reported. */
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
		fprintf(stderr, "fuzz_plan: cannot load %s\n", path);
		abort();
	}
	diag_list_free(&d);
	loaded = true;
	return &pol;
}

/* Written, loaded again and written again: the same text. */
static void round_trip(const struct plan *p)
{
	static struct plan again;
	struct diag_list d;
	char *one = planfile_format(p), *two;

	if (!one)
		return;
	diag_list_init(&d);
	if (planfile_load_string(one, &again, NULL, &d) != PLANFILE_OK ||
	    diag_count(&d, DIAG_ERROR)) {
		fprintf(stderr, "fuzz_plan: a written plan does not load:\n%s",
			one);
		abort();
	}
	two = planfile_format(&again);
	if (!two || strcmp(one, two) != 0) {
		fprintf(stderr, "fuzz_plan: written twice, two texts:\n%s\n"
			"----\n%s", one, two ? two : "(none)");
		abort();
	}
	diag_list_free(&d);
	free(one);
	free(two);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct plan plan;
	const struct policy *pol = fuzz_policy();
	struct plan_lines lines;
	struct diag_list d, v;
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	diag_list_init(&d);
	plan_lines_init(&lines);
	if (planfile_load_string(text, &plan, &lines, &d) == PLANFILE_OK) {
		diag_list_init(&v);
		plan_validate(&plan, pol, &v);
		diag_list_append_new(&d, &v);
		diag_list_free(&v);
		plan_lines_annotate(&lines, &d);
		for (size_t i = 0; i < d.count; i++)
			if (!d.items[i].message || !d.items[i].message[0])
				abort();	/* every finding says something */
		if (!diag_count(&d, DIAG_ERROR))
			round_trip(&plan);
	} else if (!diag_count(&d, DIAG_ERROR)) {
		abort();	/* refused without saying why */
	}
	plan_lines_free(&lines);
	diag_list_free(&d);
	free(text);
	return 0;
}
