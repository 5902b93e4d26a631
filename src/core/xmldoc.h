/*
 * xmldoc.h - a small, bounded XML reader for the documents libvirt hands
 * back (network and domain definitions), and the splicing helpers the
 * apply planner uses to change one element of such a document while
 * keeping every other byte as it was.
 *
 * It builds a tree of elements with their attributes (entities decoded),
 * their direct text, and where each element starts and ends in the
 * source, so that a caller can cut an element out or insert one before an
 * end tag.  No DTDs, no namespaces beyond keeping "a:b" as a name.  Limits
 * (depth, size, element count) are checked; malformed input gives a
 * message, never a crash.  Pure C: touches nothing but memory.
 */
#ifndef EDGENET_XMLDOC_H
#define EDGENET_XMLDOC_H

#include <stdbool.h>
#include <stddef.h>

#define XMLDOC_MAX_SIZE (4u << 20)	/* 4 MiB of text */
#define XMLDOC_MAX_DEPTH 64
#define XMLDOC_MAX_NODES 20000

struct xml_attr {
	char *name;
	char *value;		/* decoded */
};

struct xml_node {
	char *name;
	struct xml_attr *attrs;
	size_t nattrs;
	struct xml_node **kids;
	size_t nkids, capkids;
	struct xml_node *parent;
	char *text;		/* decoded character data directly inside */
	size_t start;		/* offset of '<' of the start tag */
	size_t end;		/* offset just past the end tag (or "/>") */
	size_t inner;		/* offset just past the start tag's '>' */
	size_t close;		/* offset of the end tag's '<' (== end if empty) */
};

struct xml_doc {
	struct xml_node *root;
	const char *src;	/* the text parsed (not owned) */
	size_t len;
	size_t nodes;
};

/* Parses TEXT (kept by pointer: it must outlive DOC).  Returns 0, or -1
 * with a sentence in ERR saying what is wrong and where (byte offset). */
int xmldoc_parse(struct xml_doc *doc, const char *text, char *err,
		 size_t errlen);
void xmldoc_free(struct xml_doc *doc);

/* Attribute NAME of N, or NULL. */
const char *xml_get(const struct xml_node *n, const char *name);
/* First child element named NAME, or NULL. */
const struct xml_node *xml_child(const struct xml_node *n, const char *name);
/* Following sibling named like PREV (for loops over repeated children),
 * or NULL. */
const struct xml_node *xml_next(const struct xml_node *prev);
/* The first element named NAME in document order: N itself or one of
 * its descendants (depth is bounded by XMLDOC_MAX_DEPTH); NULL when
 * none. */
const struct xml_node *xml_find(const struct xml_node *n, const char *name);
/* Element at the slash-separated PATH below N ("ip/dhcp/range"), taking
 * the first match at every level; NULL when missing. */
const struct xml_node *xml_path(const struct xml_node *n, const char *path);

/* A malloc'd copy of SRC with bytes [FROM, TO) replaced by INSERT (which
 * may be "" or NULL).  NULL when memory runs out. */
char *xml_splice(const char *src, size_t from, size_t to, const char *insert);

/* The white space that precedes the line OFFSET is on, as a malloc'd
 * string ("" when the line does not start with white space only up to
 * OFFSET).  Used to indent inserted elements like their siblings. */
char *xml_indent_at(const char *src, size_t offset);

/* Escapes S for an attribute value or text (&, <, >, ", ').  Writes at
 * most LEN bytes including NUL into OUT; returns the length it needed
 * (excluding NUL), like snprintf.  When LEN is too short, OUT holds the
 * longest prefix of the escaped text that ends after a whole character
 * or entity (never half of "&amp;"). */
size_t xml_escape(const char *s, char *out, size_t len);

#endif
