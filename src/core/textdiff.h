/*
 * textdiff.h - a line diff for the dry run: the XML of an object before
 * and after, as "-" / "+" / " " lines with a few lines of context around
 * each change.  Pure C: memory only.
 */
#ifndef EDGENET_TEXTDIFF_H
#define EDGENET_TEXTDIFF_H

/* Diff of A and B (either may be NULL = empty) line by line.  CONTEXT
 * unchanged lines are kept around each change (negative: all of them);
 * a "..." line stands for the lines left out.  Every output line is
 * prefixed by PREFIX (may be NULL) and then "- ", "+ " or "  "; the
 * text of each line is escaped (textsafe.h: it may come from libvirt or
 * the guest), so the diff is for showing, never for writing.  Returns
 * malloc'd text ("" when A and B are equal), NULL when memory runs out. */
char *textdiff_lines(const char *a, const char *b, int context,
		     const char *prefix);

#endif
