/*
 * agent_request.h - the QEMU guest agent's requests as JSON text, built
 * with json-c.  backend/guest_agent.c sends them through libvirt; the
 * replies are read by agent_reply.h.
 *
 * Pure: json-c and memory only (no libvirt, no I/O).
 */
#ifndef EDGENET_AGENT_REQUEST_H
#define EDGENET_AGENT_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ----------------------------------------------------------- requests -- */
/* Each returns the request as a malloc'd JSON text, or NULL with a
 * sentence in ERR (a string that is not valid UTF-8, a bad path, no
 * memory).  Strings are always escaped by json-c. */

/* {"execute":COMMAND} - guest-ping, guest-info. */
char *agent_req_simple(const char *command, char *err, size_t errlen);
/* guest-file-open; MODE is "r", "w"... PATH must pass agent_path_ok. */
char *agent_req_file_open(const char *path, const char *mode, char *err,
			  size_t errlen);
char *agent_req_file_read(int64_t handle, size_t count, char *err,
			  size_t errlen);
/* guest-file-write of LEN bytes of DATA (sent as buf-b64). */
char *agent_req_file_write(int64_t handle, const void *data, size_t len,
			   char *err, size_t errlen);
/* {"execute":COMMAND,"arguments":{"handle":H}} - guest-file-close,
 * guest-file-flush. */
char *agent_req_handle(const char *command, int64_t handle, char *err,
		       size_t errlen);
/* guest-exec of ARGV[0] (searched on the guest's PATH) with ARGV[1..]
 * (NULL-terminated), stdout and stderr captured when CAPTURE. */
char *agent_req_exec(const char *const argv[], bool capture, char *err,
		     size_t errlen);
char *agent_req_exec_status(int64_t pid, char *err, size_t errlen);

#endif
