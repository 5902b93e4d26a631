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
#include "fuzz_plan_lib.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* libconfig leaks its buffer on some syntax errors (known): that one
 * library's leaks, and no other, are not reported. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libconfig.so\n";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	fuzz_plan_check(text, NULL);
	free(text);
	return 0;
}
