/*
 * check_json.h - `edgenet check --json`: a plan's verdict and every
 * diagnostic as one JSON document on the stream it is given.  Pure C.
 *
 * The format is documented and stable: keys are never removed or
 * renamed within a version, every key listed here is always present, new
 * keys may be added.  Version 1:
 *
 *   { "format": "edgenet-check", "version": 1,
 *     "plan": FILE,            the plan (the policy file when it is the
 *                              policy that cannot be used)
 *     "status": "ok"|"errors"|"unreadable"|"syntax-error"|
 *               "policy-unusable",
 *     "errors": N, "warnings": N,
 *     "diagnostics": [ { "line": N|null, "field": PATH,
 *                        "severity": "error"|"warning",
 *                        "message": TEXT } ] }
 *
 * ("format" and "version" were added after the first release: a reader
 * that finds neither reads an older edgenet's document of this same
 * shape.)  apply --json (core/apply_json.h) writes its diagnostics as
 * the objects of this "diagnostics" list.
 */
#ifndef EDGENET_CHECK_JSON_H
#define EDGENET_CHECK_JSON_H

#include <stdio.h>

#include "core/diag.h"

#define CHECK_JSON_FORMAT "edgenet-check"
#define CHECK_JSON_VERSION 1

/* The document above on F: FILE, STATUS (one of the words above) and D
 * (NULL: none). */
void check_json_write(FILE *f, const char *file, const char *status,
		      const struct diag_list *d);

#endif
