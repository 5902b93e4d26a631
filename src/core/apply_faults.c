/*
 * apply_faults.c - the apply's test hooks parsed (apply_txn.h:
 * apply_faults_parse): the values of EDGENET_FAULT,
 * EDGENET_CRASH_AFTER_STEP, EDGENET_CRASH_AFTER_UNDO and EDGENET_CRASH_AT,
 * which the caller read from its environment, into a struct
 * apply_faults that the transaction (apply_txn.c) acts on.  Pure: the
 * struct given only.
 */
#include <stdlib.h>
#include <string.h>

#include "core/apply_txn.h"
#include "core/str.h"

static long hook_long(const char *v)
{
	char *end;
	long n;

	if (!v || !*v)
		return 0;
	n = strtol(v, &end, 10);
	return *end || n < 0 ? 0 : n;
}

void apply_faults_parse(struct apply_faults *f, const char *fault,
			const char *crash_after_step,
			const char *crash_after_undo, const char *crash_at)
{
	char buf[256], *save = NULL, *item;

	memset(f, 0, sizeof(*f));
	f->crash_after_step = hook_long(crash_after_step);
	f->crash_after_undo = hook_long(crash_after_undo);
	f->crash_at_confirm = crash_at && strcmp(crash_at, "confirm") == 0;
	if (!fault || !*fault || strlen(fault) >= sizeof(buf))
		return;
	str_copy(buf, sizeof(buf), fault);
	for (item = strtok_r(buf, ";", &save);
	     item && f->count < APPLY_MAX_FAULTS;
	     item = strtok_r(NULL, ";", &save)) {
		struct apply_fault one = { -1, APPLY_FAULT_DO };
		char *s2 = NULL, *kv;

		for (kv = strtok_r(item, ",", &s2); kv;
		     kv = strtok_r(NULL, ",", &s2)) {
			if (strncmp(kv, "step=", 5) == 0)
				one.step = strcmp(kv + 5, "*") == 0 ? 0 :
					   strtol(kv + 5, NULL, 10);
			else if (strcmp(kv, "phase=do") == 0)
				one.phase = APPLY_FAULT_DO;
			else if (strcmp(kv, "phase=verify") == 0)
				one.phase = APPLY_FAULT_VERIFY;
			else if (strcmp(kv, "phase=undo") == 0)
				one.phase = APPLY_FAULT_UNDO;
		}
		if (one.step >= 0)
			f->items[f->count++] = one;
	}
}
