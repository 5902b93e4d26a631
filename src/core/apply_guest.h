/*
 * apply_guest.h - the guest side of an apply: what the VM itself must
 * receive (guestcfg.h renders it) and how, as steps of the same
 * transaction as the host's (apply_plan.h).
 *
 *  - APPLY_GUEST_SEED, always when the host is this machine: the NoCloud
 *    seed (meta-data, user-data, network-config and the networkd files)
 *    is written as SEED_DIR/seed-<hash of its contents>.iso and the VM's
 *    definition gets it as a read-only CD-ROM (a new <disk
 *    device='cdrom'>, or the <source> of the one that already holds one
 *    of our seeds).  cloud-init reads it at every start of the VM, and
 *    the seed's user-data installs the networkd files at every start, so
 *    a changed seed takes effect at the VM's next start without a new
 *    instance-id.  When the running VM already has our CD-ROM, its media
 *    is changed live too (so a reboot inside the VM also sees it).
 *    Undone by the previous definition (and media).
 *  - APPLY_GUEST_FILES, when the VM runs and its guest agent answers:
 *    the networkd files are written into the running guest, networkd
 *    reloaded and the result checked inside the guest; undone by writing
 *    back exactly the files that were there (removing ours that were
 *    not), reloading and checking.
 *
 * When the VM runs but its agent does not answer (or refuses file and
 * exec commands), the plan carries a warning and the seed step says that
 * the change takes effect at the VM's next start.  Pure C.
 */
#ifndef EDGENET_APPLY_GUEST_H
#define EDGENET_APPLY_GUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "apply_plan.h"
#include "diag.h"
#include "guestcfg.h"
#include "mac.h"
#include "plan.h"
#include "policy.h"

/* Seeds of VM DOMAIN are kept in STATE_DIR/APPLY_SEEDS_DIR/DOMAIN. */
#define APPLY_SEEDS_DIR "seeds"

/* Appends the guest steps to OUT.  DOM_XML is the VM's persistent
 * definition as the earlier steps leave it.  Returns the number of
 * errors added to DIAGS (0 when fine); warnings go to DIAGS too. */
int apply_guest_plan(const struct plan *p, const struct policy *pol,
		     const struct mac *macs,
		     const struct apply_snapshot *snap, const char *dom_xml,
		     struct apply_steps *out, struct diag_list *diags);

/* The seed's files (names "meta-data", "user-data", "network-config",
 * "networkd/NAME") from a rendering, and back. */
int apply_guest_seed_files(const struct guest_config *g,
			   struct apply_gfiles *out);
int apply_guest_seed_config(const struct apply_gfiles *seed,
			    struct guest_config *out);

/* DIR/seed-<16 hex digits of a hash of SEED>.iso into BUF: 0 or -1. */
int apply_guest_seed_path(const struct apply_gfiles *seed, const char *dir,
			  char *buf, size_t len);

/* Is there a CD-ROM holding one of our seeds (a file directly in
 * SEED_DIR) in the domain XML?  1 yes (its path in PATH, the <disk>
 * element's byte range in *START, *END when not NULL), 0 no, -1 the XML
 * cannot be read. */
int apply_guest_find_seed(const char *dom_xml, const char *seed_dir,
			  char *path, size_t pathlen, size_t *start,
			  size_t *end);

/* The <disk> element holding PATH from the domain XML (malloc'd), for a
 * live media change; NULL when there is none. */
char *apply_guest_disk_elem(const char *dom_xml, const char *seed_dir);

#endif
