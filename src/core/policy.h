/*
 * policy.h - which switch types each host profile allows and which IP
 * modes each switch type allows.  The tables are data (data/policy.cfg,
 * libconfig), loaded at run time; nothing else in edgenet hard-codes them.
 */
#ifndef EDGENET_POLICY_H
#define EDGENET_POLICY_H

#include <stdbool.h>
#include "diag.h"
#include "plan.h"

#define POLICY_FILE "policy.cfg"

struct policy {
	bool switch_allowed[PROFILE_COUNT][SWITCH_COUNT];
	bool mode_allowed[SWITCH_COUNT][IP_MODE_COUNT];
	char source[4096];		/* file it came from */
};

/* Loads PATH.  On failure returns -1 and adds diagnostics to ERRS that
 * carry the file's line and what is wrong (path "policy"). */
int policy_load(struct policy *pol, const char *path, struct diag_list *errs);

bool policy_switch_allowed(const struct policy *pol, enum host_profile prof,
			   enum switch_type type);
bool policy_mode_allowed(const struct policy *pol, enum switch_type type,
			 enum ip_mode mode);

/* "default or external" - the allowed names joined for messages; writes
 * into BUF and returns it. */
char *policy_allowed_switches_text(const struct policy *pol,
				   enum host_profile prof, char *buf, size_t len);
char *policy_allowed_modes_text(const struct policy *pol, enum switch_type type,
				char *buf, size_t len);

#endif
