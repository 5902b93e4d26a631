/*
 * fuzz_plan_lib.c - a plan's text loaded and validated as `edgenet check`
 * does, and its invariants, for fuzz_plan.c and fuzz_planset.c
 * (fuzz_plan_lib.h).  Reads data/policy.cfg once; touches nothing else.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/planfile.h"
#include "core/validate.h"
#include "fuzz_plan_lib.h"

#ifndef FUZZ_SRCDIR
#error "compile with -DFUZZ_SRCDIR='\"/path/to/the/source\"'"
#endif

/* data/policy.cfg below $top_srcdir when set, else below FUZZ_SRCDIR,
 * loaded once; aborts when it cannot be. */
static const struct policy *fuzz_plan_policy(void)
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
		fprintf(stderr, "fuzz: cannot load %s\n", path);
		abort();
	}
	diag_list_free(&d);
	loaded = true;
	return &pol;
}

/* P written (planfile_format), loaded again and written again. */
static void fuzz_plan_round_trip(const struct plan *p)
{
	static struct plan again;
	struct diag_list d;
	char *one = planfile_format(p), *two;

	if (!one)
		return;
	diag_list_init(&d);
	if (planfile_load_string(one, &again, NULL, &d) != PLANFILE_OK ||
	    diag_count(&d, DIAG_ERROR)) {
		fprintf(stderr, "fuzz: a written plan does not load:\n%s", one);
		abort();
	}
	two = planfile_format(&again);
	if (!two || strcmp(one, two) != 0) {
		fprintf(stderr, "fuzz: written twice, two texts:\n%s\n"
			"----\n%s", one, two ? two : "(none)");
		abort();
	}
	diag_list_free(&d);
	free(one);
	free(two);
}

void fuzz_plan_check(const char *text, const struct planset_list *sets)
{
	static struct plan plan;
	const struct policy *pol = fuzz_plan_policy();
	struct plan_lines lines;
	struct diag_list d, v;

	diag_list_init(&d);
	plan_lines_init(&lines);
	if (planfile_load_string_set(text, sets, &plan, &lines, &d) ==
	    PLANFILE_OK) {
		diag_list_init(&v);
		plan_validate(&plan, pol, &v);
		diag_list_append_new(&d, &v);
		diag_list_free(&v);
		plan_lines_annotate(&lines, &d);
		for (size_t i = 0; i < d.count; i++) {
			const struct diag *x = &d.items[i];

			if (!x->message || !x->message[0])
				abort();	/* every finding says something */
			if (x->set[0] && x->line != 0)
				abort();	/* a --set's, not a line's */
			for (const char *c = x->set; *c; c++)
				if ((unsigned char)*c < 0x20 || *c == 0x7f)
					abort();	/* escaped */
		}
		if (!diag_count(&d, DIAG_ERROR))
			fuzz_plan_round_trip(&plan);
	} else if (!diag_count(&d, DIAG_ERROR)) {
		abort();	/* refused without saying why */
	}
	plan_lines_free(&lines);
	diag_list_free(&d);
}
