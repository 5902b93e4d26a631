/*
 * seed_iso.h - the VM's NoCloud seed as a file: an ISO 9660 image (Rock
 * Ridge and Joliet) labelled GUEST_SEED_LABEL ("cidata", lower case, as
 * cloud-init looks for it) that holds, from a struct guest_config:
 *
 *	/meta-data  /user-data  /network-config
 *	/networkd/<name>	one per g->networkd[i], in plan order
 *
 * Contents are copied byte for byte (each text up to its NUL).  Inside
 * the image files are 0644 and directories 0755, owned by 0:0, and every
 * timestamp is one fixed instant (2000-01-01 00:00:00 UTC), so the same
 * guest_config gives a byte-identical image whoever writes it, whenever
 * and in whatever time zone.
 *
 * The image is built in memory with libisofs and then replaces PATH
 * atomically (core/fileio: a 0600 temporary file in PATH's directory,
 * fsync, rename, fsync of the directory); PATH ends up 0644 so that the
 * hypervisor can read it.  Touches PATH, its temporary file and nothing
 * else.  Safe to call from several threads (calls are serialised).
 */
#ifndef EDGENET_BACKEND_SEED_ISO_H
#define EDGENET_BACKEND_SEED_ISO_H

#include <stddef.h>

#include "core/guestcfg.h"

/* The mode PATH gets. */
#define SEED_ISO_FILE_MODE 0644

/* Writes G's seed to PATH.  Returns 0, or -1 with a sentence in ERR
 * naming PATH and the cause (a missing or read-only directory, a full
 * disk, a text missing from G, a networkd file name that cannot be used
 * or is there twice...).  On failure an existing PATH is untouched and no
 * temporary file is left.  Every text of G must be set (an empty string
 * gives an empty file; NULL is refused). */
int seed_iso_write(const struct guest_config *g, const char *path,
		   char *err, size_t errlen);

#endif
