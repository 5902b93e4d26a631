/*
 * planfile.h - plans as libconfig files.
 *
 * Loading reports syntax errors with file and line, and every unknown or
 * misspelt key, wrong type or unknown value as a diagnostic with the field
 * path and line.  Saving writes the whole plan atomically (fileio.h): an
 * existing file is never damaged, whatever fails.
 */
#ifndef EDGENET_PLANFILE_H
#define EDGENET_PLANFILE_H

#include "diag.h"
#include "plan.h"

/* Where each field of a loaded plan was written, for diagnostics. */
struct plan_lines {
	struct plan_line {
		char path[DIAG_PATH_MAX];
		int line;
	} *items;
	size_t count, cap;
};

void plan_lines_init(struct plan_lines *l);
void plan_lines_free(struct plan_lines *l);
/* Line of PATH, or of its nearest parent that was written; 0 if none. */
int plan_lines_lookup(const struct plan_lines *l, const char *path);
/* Fills in the line of every diagnostic in D that has none. */
void plan_lines_annotate(const struct plan_lines *l, struct diag_list *d);

enum planfile_status {
	PLANFILE_OK = 0,	/* loaded; DIAGS may still hold key/type errors */
	PLANFILE_IO = -1,	/* cannot be read */
	PLANFILE_SYNTAX = -2,	/* not valid libconfig */
};

/* Loads PATH into OUT.  LINES may be NULL.  Problems go to DIAGS. */
enum planfile_status planfile_load(const char *path, struct plan *out,
				   struct plan_lines *lines,
				   struct diag_list *diags);
/* Same from a string in memory. */
enum planfile_status planfile_load_string(const char *text, struct plan *out,
					  struct plan_lines *lines,
					  struct diag_list *diags);

/* Writes P to PATH atomically.  Returns 0, or -1 with a message in ERR. */
int planfile_save(const struct plan *p, const char *path, char *err,
		  size_t errlen);
/* The text planfile_save would write; malloc'd, NULL on failure. */
char *planfile_format(const struct plan *p);

#endif
