/*
 * diag_write.h - the one text writer and the one JSON writer of a
 * diagnostic list (diag.h), used by every command and document that
 * shows one: check, mac, apply, render, diag, status and its DNS part.
 * Writes to the stream or JSON writer it is given, nothing else.
 */
#ifndef EDGENET_DIAG_WRITE_H
#define EDGENET_DIAG_WRITE_H

#include <stdio.h>

#include "core/diag.h"
#include "core/json.h"

/* Text, one diagnostic a line, every field escaped (textsafe.h).  With
 * FILE (a plan or policy file): "FILE:LINE: FIELD: SEVERITY: MESSAGE"
 * (no ":LINE" when unknown, "(plan)" for an empty field), or for a field
 * a --set wrote "--set PATH=VALUE: FIELD: SEVERITY: MESSAGE".  Without:
 * "  SEVERITY: FIELD: MESSAGE" (no "FIELD: " when empty), the form of a
 * list under a heading.  ONLY: one enum diag_severity, or -1 for every
 * one.  From index FROM on. */
void diag_write_text(FILE *f, const char *file, const struct diag_list *d,
		     size_t from, int only);

/* The members of each diagnostic in the documented JSON formats. */
enum diag_json_form {
	/* check --json: {"line": N|null, "field", "severity", "message"},
	 * and "set": "PATH=VALUE" after "line" (null) for a field a --set
	 * wrote (diag --json too) */
	DIAG_JSON_LINE,
	/* diag --json: {"field", "severity", "message"} */
	DIAG_JSON_FIELD,
	/* status --json: {"severity", "field" ("" as null), "message"} */
	DIAG_JSON_SEVERITY,
	/* the DNS view's "problems" (dnsview_json.h): {"severity", "field"
	 * ("" kept), "message"} */
	DIAG_JSON_SEVERITY_KEEP,
};

/* D (NULL: empty) as a JSON array on W: ITEM_BREAK (json_break, or
 * NULL) before each element, END_BREAK before the closing bracket of a
 * list that is not empty. */
void diag_write_json(struct json_writer *w, const struct diag_list *d,
		     enum diag_json_form form, const char *item_break,
		     const char *end_break);

#endif
