/*
 * agent_reply_priv.h - the member readers the guest agent's reply parsers
 * share (agent_reply.c defines them; agent_reply_file.c and
 * agent_reply_exec.c use them).  Nothing else includes this file.
 *
 * Each takes CMD, the command whose reply it reads, for its sentence in
 * ERR, and returns NULL or -1 after writing that sentence.
 */
#ifndef EDGENET_AGENT_REPLY_PRIV_H
#define EDGENET_AGENT_REPLY_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct json_object;

/* The reply TEXT as a json-c object, or NULL with a sentence about
 * COMMAND's reply. */
struct json_object *agent_reply_doc(const char *cmd, const char *text,
				    size_t len, char *err, size_t errlen);

/* The "return" member of COMMAND's reply, owned by DOC; NULL with a
 * sentence when the reply is an error or has no "return". */
struct json_object *agent_reply_return(const char *cmd,
				       struct json_object *doc, char *err,
				       size_t errlen);

/* The "return" member, which must be an object. */
struct json_object *agent_reply_object(const char *cmd,
				       struct json_object *doc, char *err,
				       size_t errlen);

/* Member NAME of OBJ, an integer in [LO, HI].  *PRESENT (may be NULL:
 * the member is required) says whether it was there. */
int agent_reply_int(const char *cmd, struct json_object *obj,
		    const char *name, int64_t lo, int64_t hi, bool *present,
		    int64_t *v, char *err, size_t errlen);

/* Member NAME of OBJ, a boolean; PRESENT as for agent_reply_int. */
int agent_reply_bool(const char *cmd, struct json_object *obj,
		     const char *name, bool *present, bool *v, char *err,
		     size_t errlen);

/* Member NAME of OBJ, a base64 string decoding to at most MAX bytes;
 * absent (when PRESENT is not NULL) gives an empty malloc'd buffer. */
int agent_reply_b64(const char *cmd, struct json_object *obj,
		    const char *name, size_t max, bool *present,
		    unsigned char **out, size_t *outlen, char *err,
		    size_t errlen);

#endif
