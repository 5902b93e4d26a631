/*
 * json.h - the one JSON writer of edgenet's machine-readable output
 * (check --json, status --json, diag --json, the DNS status).
 *
 * A writer tracks the nesting and the commas: the caller says what comes
 * (an object, a key, a string...) and never writes a separator itself.
 * Layout is the caller's choice, once per document: the text between
 * members (COMMA: "," or ", "), after a key (COLON: ":" or ": "), and
 * line breaks asked for one at a time (json_break), so every document
 * keeps its documented bytes.  Strings are escaped per RFC 8259 (see
 * json.c).  Writes to the FILE it is given, nothing else.
 */
#ifndef EDGENET_JSON_H
#define EDGENET_JSON_H

#include <stdbool.h>
#include <stdio.h>

#define JSON_DEPTH_MAX 16

struct json_writer {
	FILE *f;
	const char *comma;	/* between two members or elements */
	const char *colon;	/* between a key and its value */
	const char *brk;	/* json_break's text, for the next item */
	int depth;
	bool has_item[JSON_DEPTH_MAX];	/* an item written at this depth */
	bool after_key;		/* a key was written, its value comes */
};

/* A writer on F; COMMA and COLON as above (NULL: "," and ":"). */
void json_init(struct json_writer *w, FILE *f, const char *comma,
	       const char *colon);

/* The next item (member, element, or the closing bracket of a container
 * that is not empty) starts on TEXT ("\n", "\n    "...): after a comma
 * it replaces COMMA's spaces.  Forgotten before a closing bracket of an
 * empty container. */
void json_break(struct json_writer *w, const char *text);

void json_object_begin(struct json_writer *w);
void json_object_end(struct json_writer *w);
void json_array_begin(struct json_writer *w);
void json_array_end(struct json_writer *w);
/* A member's key; its value is the next thing written. */
void json_key(struct json_writer *w, const char *key);

/* Values: a string (NULL: null), a string that is null when NULL or
 * empty, numbers, booleans, null. */
void json_string(struct json_writer *w, const char *s);
void json_string_opt(struct json_writer *w, const char *s);
void json_int(struct json_writer *w, long long v);
void json_bool(struct json_writer *w, bool v);
void json_null(struct json_writer *w);

/* A member: its key and its value, as above. */
void json_member_string(struct json_writer *w, const char *key,
			const char *s);
void json_member_string_opt(struct json_writer *w, const char *key,
			    const char *s);
void json_member_int(struct json_writer *w, const char *key, long long v);
void json_member_bool(struct json_writer *w, const char *key, bool v);
void json_member_null(struct json_writer *w, const char *key);

/* A value written outside this writer (a number in a format of the
 * caller's, or a document another writer writes, as the DNS part of
 * status --json through a FILE hook): the separator is written and the
 * stream returned; the caller writes exactly one JSON value on it. */
FILE *json_raw_value(struct json_writer *w);

/* Ends the document: a line break after the last closing bracket. */
void json_finish(struct json_writer *w);

#endif
