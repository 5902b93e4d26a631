/*
 * agent_text.h - the text checks and codings of the guest agent's
 * protocol: base64 as qemu-ga writes it, UTF-8 validity, control
 * characters, the paths we send, the record start of a directory listing.
 * Used by the requests (agent_request.h), the reply parsers
 * (agent_reply.h) and backend/guest_agent.c.
 *
 * Pure: memory only.
 */
#ifndef EDGENET_AGENT_TEXT_H
#define EDGENET_AGENT_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Standard base64 with padding (as qemu-ga writes it).  Encode: malloc'd
 * text, NULL only when memory runs out.  Decode: rejects any character
 * outside the alphabet, a length not a multiple of 4, misplaced '=' and
 * non-zero unused bits; at most MAX bytes; OUT is malloc'd with a trailing
 * NUL. */
char *agent_b64_encode(const void *data, size_t len);
int agent_b64_decode(const char *in, size_t inlen, size_t max,
		     unsigned char **out, size_t *outlen, char *err,
		     size_t errlen);

/* LEN bytes of S are valid UTF-8 (no overlong forms, no surrogates). */
bool agent_utf8_ok(const char *s, size_t len);

/* A path we send to the guest: absolute, valid UTF-8, no control
 * characters, not ending in '/', at most 4095 bytes. */
int agent_path_ok(const char *path, char *err, size_t errlen);

/* The record start `find DIR/` prints for DIR ("/etc/x//" -> "/etc/x/",
 * "/" -> "/"), malloc'd; NULL when memory runs out. */
char *agent_list_start(const char *dir);

/* LEN bytes of S hold a control character (below 0x20, or DEL). */
bool agent_has_control(const char *s, size_t len);

#endif
