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

struct planset_list;

/* Where each field of a loaded plan was written, for diagnostics: a
 * line of the file, or a --set of the command line (core/planset.h). */
struct plan_lines {
	struct plan_line {
		char path[DIAG_PATH_MAX];
		int line;
	} *items;
	size_t count, cap;
	struct plan_set_mark {
		char path[DIAG_PATH_MAX];	/* the field it wrote */
		char arg[DIAG_SET_MAX];		/* the --set's PATH=VALUE */
	} *sets;
	size_t nsets, setcap;
};

void plan_lines_init(struct plan_lines *l);
void plan_lines_free(struct plan_lines *l);
/* Line of PATH, or of its nearest parent that was written; 0 if none. */
int plan_lines_lookup(const struct plan_lines *l, const char *path);
/* Records that the --set ARG wrote field PATH (a failed allocation
 * loses the mark only).  L may be NULL. */
void plan_lines_add_set(struct plan_lines *l, const char *path,
			const char *arg);
/* Marks every diagnostic in D about a field a --set wrote (or one under
 * it; the last such --set) as coming from that --set, and fills in the
 * line of every other one that has none. */
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
/* planfile_load with the values of SETS (core/planset.h; NULL: none)
 * written over the file's before it is read: the file itself is not
 * changed.  LINES records which fields the --set options wrote. */
enum planfile_status planfile_load_set(const char *path,
				       const struct planset_list *sets,
				       struct plan *out,
				       struct plan_lines *lines,
				       struct diag_list *diags);
/* Same from a string in memory. */
enum planfile_status planfile_load_string(const char *text, struct plan *out,
					  struct plan_lines *lines,
					  struct diag_list *diags);
enum planfile_status planfile_load_string_set(const char *text,
					      const struct planset_list *sets,
					      struct plan *out,
					      struct plan_lines *lines,
					      struct diag_list *diags);

/* Writes P to PATH atomically.  Returns 0, or -1 with a message in ERR. */
int planfile_save(const struct plan *p, const char *path, char *err,
		  size_t errlen);
/* The text planfile_save would write; malloc'd, NULL on failure. */
char *planfile_format(const struct plan *p);

#endif
