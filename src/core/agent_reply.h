/*
 * agent_reply.h - the QEMU guest agent's protocol as text: requests built
 * with json-c and the agent's replies parsed strictly.
 *
 * Pure: json-c and memory only (no libvirt, no I/O).  backend/guest_agent.c
 * sends what the agent_req_* functions build through libvirt and hands the
 * reply text to the agent_parse_* functions; the unit test and the fuzzer
 * (tests/test_agent_reply.c, tests/fuzz/fuzz_agent_reply.c) call them with
 * good and hostile text.
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

/* ------------------------------------------------------------ helpers -- */

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

#endif
