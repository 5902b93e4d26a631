/*
 * guest_agent_priv.h - what the two parts of the guest agent client
 * share, and nothing outside them uses: one operation's context, the
 * agent call with its failure classified, and running a program in the
 * guest (guest_agent.c), which the file operations (guest_agent_file.c)
 * build on.  The public side is guest_agent.h.
 */
#ifndef EDGENET_BACKEND_GUEST_AGENT_PRIV_H
#define EDGENET_BACKEND_GUEST_AGENT_PRIV_H

#include <stdbool.h>
#include <stddef.h>

#include <libvirt/libvirt.h>

#include "backend/guest_agent.h"
#include "core/agent_reply.h"

#define CHUNK (48u * 1024)		/* bytes per read/write call */
#define WRITE_EXEC_TIMEOUT_MS 15000	/* chmod, mv, rm, test */
#define ENOENT_TEXT ": No such file or directory"

/* One operation's view of the last agent call. */
struct ga_ctx {
	virDomainPtr dom;
	char *err;
	size_t errlen;
	bool enoent;		/* the guest said ENOENT (see the top) */
};

/* The command refused by the guest (disabled or unknown there):
 * GA_REFUSED with a sentence in C->err. */
enum ga_status ga_refused(struct ga_ctx *c, const char *command,
			  enum agent_cmd_state st);
/* Sends REQ (built by agent_req_*; NULL means building it failed and
 * C->err says why; freed here) as COMMAND, waiting at most TIMEOUT_S.
 * GA_OK with the reply text in *REPLY (free it), or the classified
 * failure with a sentence in C->err. */
enum ga_status ga_call(struct ga_ctx *c, const char *command, char *req,
		       int timeout_s, char **reply);
/* A reply that did not parse: GA_FAILED with the parser's sentence. */
enum ga_status ga_bad_reply(struct ga_ctx *c, char *reply, const char *why);
/* Runs ARGV to its end (or TIMEOUT_MS); *S gets its status. */
enum ga_status ga_exec_run(struct ga_ctx *c, const char *const argv[],
			   int timeout_ms, struct agent_exec_status *s);
/* A program's exit status as a shell gives it (128 + a signal). */
int ga_exit_status(const struct agent_exec_status *s);
/* Runs ARGV and wants exit status 0; WHAT says what it was for. */
enum ga_status ga_exec_ok(struct ga_ctx *c, const char *const argv[],
			  const char *what);

#endif
