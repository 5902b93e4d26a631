/*
 * state.h - the state directory (default /var/lib/edgenet): what edgenet
 * must remember between runs and across reboots.  For now: the MAC
 * generated for each NIC of each domain, generated once and then reused;
 * the last applied plan (applied.cfg, written by apply_txn) and the
 * apply journal live there too.  Every change is written atomically
 * (fileio.h).
 */
#ifndef EDGENET_STATE_H
#define EDGENET_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include "mac.h"

#define STATE_DEFAULT_DIR "/var/lib/edgenet"
#define STATE_MACS_FILE "macs.cfg"

struct state {
	char dir[4096];
};

/* The one rule for which state directory is used: DIR when it is given
 * (the program passes --state-dir, else $EDGENET_STATE_DIR), else
 * STATE_DEFAULT_DIR.  The core reads no environment. */
const char *state_dir_path(const char *dir);

/* Uses state_dir_path(DIR), creating it when missing.  Returns 0, or -1 with a message in ERR. */
int state_open(struct state *st, const char *dir, char *err, size_t errlen);

/* The directory state_open would use, without creating or checking
 * anything (a dry run only reads; a missing directory holds nothing).
 * Returns 0, or -1 with a message in ERR. */
int state_locate(struct state *st, const char *dir, char *err,
		 size_t errlen);

/* MAC of DOMAIN's NIC: the stored one, or a new one (unique among all
 * stored MACs) which is stored before it is returned.  *GENERATED says
 * which.  Returns 0, or -1 with a message in ERR. */
int state_nic_mac(struct state *st, const char *domain, const char *nic,
		  struct mac *out, bool *generated, char *err, size_t errlen);

/* Stored MAC only; returns 1 found, 0 not stored, -1 error. */
int state_lookup_mac(const struct state *st, const char *domain,
		     const char *nic, struct mac *out, char *err,
		     size_t errlen);

/* When the last applied plan (DIR/applied.cfg) was written, and for
 * which VM (its "vm" setting; "" when it cannot be read).  1 there is
 * one, 0 none, -1 it cannot be read (message in ERR). */
int state_last_applied(const struct state *st, time_t *when, char *vm,
		       size_t vmlen, char *err, size_t errlen);

#endif
