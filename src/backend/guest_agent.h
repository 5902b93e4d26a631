/*
 * guest_agent.h - files and programs inside a running VM through its QEMU
 * guest agent (libvirt-qemu's virDomainQemuAgentCommand).
 *
 * Used by apply to change files in the guest.  Every function takes a
 * virDomainPtr the caller owns, bounds every agent call with a timeout,
 * and returns an enum ga_status with, unless GA_OK, a sentence for a
 * technician in ERR (ERR may be NULL).  Nothing here keeps state between
 * calls; calls on one domain must not run concurrently (the agent does one
 * command at a time; libvirt serialises them anyway).  Paths must be
 * absolute (agent_path_ok in core/agent_reply.h).
 */
#ifndef EDGENET_GUEST_AGENT_H
#define EDGENET_GUEST_AGENT_H

#include <stdbool.h>
#include <stddef.h>
#include <libvirt/libvirt.h>

enum ga_status {
	GA_OK = 0,
	/* No agent to talk to: the domain is not running or is gone, the
	 * agent is not connected, not configured or does not answer in time,
	 * or the connection's driver passes no agent commands (told apart by
	 * libvirt's error codes). */
	GA_ABSENT,
	/* The agent answers but refuses the command: disabled in its
	 * configuration (qemu-ga -b, RHEL's default for guest-exec and
	 * guest-file-*) or unknown to that agent (checked with guest-info). */
	GA_REFUSED,
	/* Anything else: the command ran and failed, a malformed reply,
	 * libvirt itself failing. */
	GA_FAILED,
};

/* "ok", "absent", "refused", "failed". */
const char *ga_status_name(enum ga_status st);

/* Default timeout of one agent call, in seconds. */
#define GA_CALL_TIMEOUT_S 10
/* Largest output ga_exec keeps of each stream, and largest file
 * ga_file_read/ga_file_write accept. */
#define GA_EXEC_OUT_MAX (1024u * 1024)
#define GA_FILE_MAX (16u * 1024 * 1024)

/* guest-ping, waiting at most TIMEOUT_S seconds (>= 1). */
enum ga_status ga_ping(virDomainPtr dom, int timeout_s, char *err,
		       size_t errlen);

/* Reads the guest file PATH, at most MAX bytes (a larger file is
 * GA_FAILED with *LEN set to MAX + 1: not read, told apart from other
 * failures).  GA_OK and *MISSING false: *OUT is malloc'd, *LEN bytes
 * followed by a NUL.  GA_OK and *MISSING true: the file does not exist
 * (*OUT NULL, *LEN 0).  Otherwise *OUT is NULL. */
enum ga_status ga_file_read(virDomainPtr dom, const char *path, size_t max,
			    char **out, size_t *len, bool *missing, char *err,
			    size_t errlen);

/* Replaces the guest file PATH by LEN bytes of DATA, mode 0644, so that a
 * reader sees the old file or the new one, never a part: writes
 * DIR/.edgenet-tmp-XXXXXXXX beside it (guest-file-open "w", guest-file-
 * write in base64 chunks, guest-file-flush, guest-file-close), then
 * guest-exec `chmod 0644 TMP` and `mv -f -T TMP PATH`.  The directory must
 * exist.  Needs guest-file-* and guest-exec: asked first (guest-info), so
 * a refusing guest is left untouched (GA_REFUSED).  On failure after the
 * temporary file was made, it is removed (best effort). */
enum ga_status ga_file_write(virDomainPtr dom, const char *path,
			     const void *data, size_t len, char *err,
			     size_t errlen);

/* Removes the guest file PATH (guest-exec `rm -f -- PATH`); a missing file
 * is GA_OK. */
enum ga_status ga_file_remove(virDomainPtr dom, const char *path, char *err,
			      size_t errlen);

/* Runs ARGV[0] (looked up on the guest's PATH) with ARGV[1..] (NULL-
 * terminated), stdout and stderr captured, polling guest-exec-status with
 * short sleeps for at most TIMEOUT_MS.  GA_OK when the program ended, how
 * ever it ended: *EXIT_CODE is its exit status, or 128 + the signal that
 * ended it.  OUT and ERROUT (each may be NULL) get malloc'd, NUL-
 * terminated stdout and stderr (text: a NUL byte in the output ends it
 * for the caller; at most GA_EXEC_OUT_MAX bytes each, more is GA_FAILED).
 * A program still running at the deadline is GA_FAILED (it goes on
 * running in the guest). */
enum ga_status ga_exec(virDomainPtr dom, const char *const argv[],
		       int timeout_ms, int *exit_code, char **out,
		       char **errout, char *err, size_t errlen);

/* The names in guest directory DIR that begin with PREFIX and end with
 * SUFFIX (guest-exec `find DIR/ -mindepth 1 -maxdepth 1 -print0`), sorted;
 * names with control characters or invalid UTF-8 are left out.  A
 * directory that does not exist gives no names (GA_OK).  *NAMES is a
 * malloc'd array of *COUNT malloc'd strings (NULL when 0): free with
 * ga_names_free.  At most MAX_NAMES matching names (more is GA_FAILED). */
enum ga_status ga_list(virDomainPtr dom, const char *dir,
		       const char *prefix, const char *suffix,
		       size_t max_names, char ***names, size_t *count,
		       char *err, size_t errlen);
void ga_names_free(char **names, size_t count);

#endif
