/*
 * dnsview_layout.h - a DNS view laid out like `resolvectl status`, as
 * lines with styles (the console's panel draws them) or written to a
 * FILE (`edgenet status`).  Pure C: memory and the caller's FILE.
 */
#ifndef EDGENET_DNSVIEW_LAYOUT_H
#define EDGENET_DNSVIEW_LAYOUT_H

#include <stddef.h>
#include <stdbool.h>
#include <stdio.h>

#include "core/diag.h"
#include "core/dnsview.h"

/* --- rendering --- */

enum dnsview_style {
	DNSVIEW_STYLE_NORMAL = 0,
	DNSVIEW_STYLE_HEADING,		/* "Global", "Link 3 (eth0)" */
	DNSVIEW_STYLE_NOTE,		/* the source note */
	DNSVIEW_STYLE_GOOD,		/* resolves (NOERROR with data) */
	DNSVIEW_STYLE_WARN,		/* pending */
	DNSVIEW_STYLE_BAD,		/* every other outcome: an empty
					 * answer, NXDOMAIN, SERVFAIL,
					 * refused, timed out, error */
};

struct dnsview_line {
	char *text;
	enum dnsview_style style;
	/* a span of TEXT drawn in its own style (a probe result) */
	size_t mark_at, mark_len;
	enum dnsview_style mark_style;
};

struct dnsview_lines {
	struct dnsview_line *items;
	size_t count, cap;
};

struct dnsview_render_opts {
	int width;		/* wrap lists at this width; 0: never */
	bool probes;		/* one server a line, with its probe result */
	bool note;		/* the source note first */
	bool hide_idle;		/* skip links with no scope, server, domain */
	bool from_host;		/* the view is another machine's (the VM's):
				 * each probe result says "from the host" */
	bool terse;		/* resolvectl's words only (to compare with
				 * it); else its terse values get plain
				 * words beside them ("foreign (...)") */
	int indent;		/* dnsview_write_text: blanks before each
				 * line that is not empty */
};

/* Lays V out like `resolvectl status` (labels right-aligned per section,
 * lists wrapped at the width, a blank line between sections).  Appends
 * to OUT.  0, or -1 on memory. */
int dnsview_render(const struct dnsview *v, const struct dnsview_render_opts *o,
		   struct dnsview_lines *out);
void dnsview_lines_free(struct dnsview_lines *l);
/* The same, written to F, each line that is not empty after o->indent
 * blanks; words from outside (a guest's) escaped (core/textsafe.h).  0,
 * or -1 on memory (nothing is written then). */
int dnsview_write_text(FILE *f, const struct dnsview *v,
		       const struct dnsview_render_opts *o);
/* The problems of a view (dnsview_check's) as `edgenet status` lists
 * them: nothing when there is none, else HEADING (a line of its own,
 * NULL: none) and one line each, "  severity: path: message" (no
 * "path: " when the path is empty), the path and message escaped: the
 * list form of diag_write_text (core/diag_write.h). */
void dnsview_write_problems(FILE *f, const struct diag_list *problems,
			    const char *heading);

#endif
