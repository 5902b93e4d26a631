/*
 * fuzz_planset.c - fuzz harness for the command line's --set PATH=VALUE
 * (src/core/planset.c) as apply and check use it: the input's lines up
 * to the first empty line are --set arguments (planset_add, which may
 * refuse them), the rest is the plan file's text; then, as for
 * fuzz_plan (fuzz_plan_lib.c), planfile_load_string_set, plan_validate
 * against the shipped policy (data/policy.cfg) and plan_lines_annotate.
 * Aborts when a refused --set or a failed load says nothing, when a
 * diagnostic marked as
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
#include "fuzz_plan_lib.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* libconfig leaks its buffer on some syntax errors (known). */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libconfig.so\n";
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct planset_list sets;
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	fuzz_plan_check(read_sets(text, &sets), &sets);
	free(text);
	return 0;
}
