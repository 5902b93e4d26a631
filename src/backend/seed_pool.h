/*
 * seed_pool.h - the VM's NoCloud seed on a remote libvirt host (a URI
 * with a host name: qemu+ssh://HOST/system, qemu+tcp://...), where
 * edgenet cannot write files: the ISO (seed_iso.h, built here in a
 * temporary file) is uploaded over the connection into a volume of a
 * storage pool of its own on that host (virStorageVolCreateXML +
 * virStorageVolUpload), one pool per VM:
 *
 *	pool   "edgenet-seed-DOMAIN", type dir, autostart
 *	path   SEED_POOL_ROOT/DOMAIN (made by libvirt, mode 0711)
 *	volume "seed-HASH.iso", raw, mode 0644 (what the VM's CD-ROM names)
 *
 * Touches on the remote host only that pool and its volumes; here only
 * its own temporary file.  Never prints.
 */
#ifndef EDGENET_BACKEND_SEED_POOL_H
#define EDGENET_BACKEND_SEED_POOL_H

#include <stdbool.h>
#include <stddef.h>

#include <libvirt/libvirt.h>

#include "core/guestcfg.h"

#define SEED_POOL_ROOT "/var/lib/libvirt/edgenet-seeds"

/* SEED_POOL_ROOT/DOMAIN into BUF: where DOMAIN's seeds are on the remote
 * host.  -1 when it does not fit. */
int seed_pool_dir(const char *domain, char *buf, size_t len);

/* G's seed as the volume PATH (DIR/seed-....iso) of DOMAIN's pool, made
 * (and started) when missing; an existing volume of that name is
 * replaced.  Returns 0, or -1 with a sentence in ERR. */
int seed_pool_put(virConnectPtr conn, const char *domain, const char *path,
		  const struct guest_config *g, char *err, size_t errlen);

/* Deletes the volume PATH (nothing when it is not there).  0, or -1 with
 * a sentence in ERR. */
int seed_pool_remove(virConnectPtr conn, const char *path, char *err,
		     size_t errlen);

/* Is there a volume PATH on the host? */
bool seed_pool_has(virConnectPtr conn, const char *path);

/* Deletes DOMAIN's seed volumes that are neither KEEP1 nor KEEP2. */
void seed_pool_prune(virConnectPtr conn, const char *domain,
		     const char *keep1, const char *keep2);

#endif
