/*
 * agent_reply.h - the QEMU guest agent's replies parsed strictly (the
 * requests are agent_request.h, the text checks and base64 agent_text.h).
 *
 * Pure: json-c and memory only (no libvirt, no I/O).  backend/guest_agent.c
 * sends what the agent_req_* functions build (agent_request.h) through
 * libvirt and hands the reply text to the agent_parse_* functions; the
 * unit test and the fuzzer (tests/unit/test_agent_reply.c,
 * tests/fuzz/fuzz_agent_reply.c) call them with good and hostile text.
 *
 * Every parser takes the reply as (TEXT, LEN) - it need not end with a NUL
 * byte - and returns 0, or -1 with a sentence in ERR (ERR may be NULL).
 * A reply is one JSON object with either "return" or "error" (and perhaps
 * "id"); a member that is missing or of the wrong type, a number out of
 * range, base64 that is not canonical, or data longer than the MAX the
 * caller gives is an error.  Members the parser does not know are allowed
 * (newer agents add some).  An error reply given to a parser of a
 * "return" is an error whose sentence carries the agent's class and desc.
 * On failure nothing needs freeing.
 */
#ifndef EDGENET_AGENT_REPLY_H
#define EDGENET_AGENT_REPLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The longest reply text any parser accepts (libvirt's own limit on a
 * string crossing its RPC is 4 MiB). */
#define AGENT_REPLY_MAX (8u * 1024 * 1024)

/* ------------------------------------------------------------ replies -- */

/* A "return" that is an object, whatever it holds: guest-ping,
 * guest-file-close, guest-file-flush. */
int agent_parse_ok(const char *text, size_t len, char *err, size_t errlen);

/* guest-file-open: {"return":HANDLE}, HANDLE >= 0. */
int agent_parse_file_open(const char *text, size_t len, int64_t *handle,
			  char *err, size_t errlen);

/* guest-file-read: {"return":{"count":N,"buf-b64":S,"eof":B}}.  S must
 * decode to exactly N bytes, N <= MAX.  DATA is malloc'd with a NUL after
 * the COUNT bytes (never NULL on success); free with agent_read_free. */
struct agent_read {
	unsigned char *data;
	size_t count;
	bool eof;
};
int agent_parse_file_read(const char *text, size_t len, size_t max,
			  struct agent_read *r, char *err, size_t errlen);
void agent_read_free(struct agent_read *r);

/* guest-file-write: {"return":{"count":N,"eof":B}}, N <= MAX. */
int agent_parse_file_write(const char *text, size_t len, size_t max,
			   size_t *count, char *err, size_t errlen);

/* guest-exec: {"return":{"pid":P}}, 0 < P <= INT32_MAX. */
int agent_parse_exec(const char *text, size_t len, int64_t *pid, char *err,
		     size_t errlen);

/* guest-exec-status: {"return":{"exited":B,...}}.  Once exited, exactly
 * one of "exitcode" (0..255) and "signal" (1..127); "out-data" and
 * "err-data" (base64, each decoding to at most MAX bytes) and the
 * "out-truncated"/"err-truncated" flags are optional and read only then.
 * Once exited, OUT and ERRDATA are malloc'd with a trailing NUL (never
 * NULL; empty when absent); before, NULL.  Free with
 * agent_exec_status_free. */
struct agent_exec_status {
	bool exited;
	bool signaled;		/* ended by SIGNAL, not by exit */
	int exitcode;
	int signal;
	unsigned char *out;
	size_t out_len;
	unsigned char *errdata;
	size_t err_len;
	bool out_truncated;	/* the agent kept only the start of it */
	bool err_truncated;
};
int agent_parse_exec_status(const char *text, size_t len, size_t max,
			    struct agent_exec_status *s, char *err,
			    size_t errlen);
void agent_exec_status_free(struct agent_exec_status *s);

/* An error reply {"error":{"class":C,"desc":D}}.  CLS must fit; DESC is
 * kept up to its size (cut at a character boundary, "..." marking the
 * cut) with control characters turned into spaces.  -1 for anything that
 * is not a well-formed error reply, a "return" reply included. */
#define AGENT_CLASS_MAX 64
#define AGENT_DESC_MAX 512
struct agent_error {
	char cls[AGENT_CLASS_MAX];
	char desc[AGENT_DESC_MAX];
};
int agent_parse_error(const char *text, size_t len, struct agent_error *e,
		      char *err, size_t errlen);

/* guest-info: whether COMMAND is among "supported_commands" and enabled
 * there (qemu-ga -b / --block-rpcs, RHEL's default configuration). */
enum agent_cmd_state {
	AGENT_CMD_MISSING,
	AGENT_CMD_DISABLED,
	AGENT_CMD_ENABLED,
};
int agent_parse_info(const char *text, size_t len, const char *command,
		     enum agent_cmd_state *st, char *err, size_t errlen);

/* The output of `find DIR/ -mindepth 1 -maxdepth 1 -print0` run in the
 * guest: NUL-terminated records, each START followed by a name (START is
 * agent_list_start's result for the directory).  Names that begin with
 * PREFIX and end with SUFFIX (not overlapping) are kept, sorted (strcmp);
 * names that hold a control character or are not valid UTF-8 are skipped
 * and counted.  A record that does not begin with START, an empty name, a
 * name with '/', a last record without its NUL or more than MAX_NAMES
 * matching names is an error. */
struct agent_names {
	char **v;
	size_t n;
	size_t skipped;
};
int agent_parse_names(const char *text, size_t len, const char *start,
		      const char *prefix, const char *suffix,
		      size_t max_names, struct agent_names *out, char *err,
		      size_t errlen);
void agent_names_free(struct agent_names *n);

#endif
