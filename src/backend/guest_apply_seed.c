/*
 * guest_apply_seed.c - the seed step of an apply (guest_apply_priv.h):
 * the ISO is written (seed_iso_write: atomic, 0600) under the state
 * directory's seeds/DOMAIN (0711: qemu, running as its own user, must
 * reach the file, which libvirt hands to it), the VM's definition
 * changed, and the running VM's CD-ROM media changed when it has ours.
 * Older seeds of that VM that neither the definition before nor after
 * uses are removed.  On a remote host (virt_is_remote) the same is done
 * with a volume of the VM's seed pool there (seed_pool.h) instead of a
 * file here.
 *
 * Touches only the VM the step names and its seed directory (or pool).
 * Never prints.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libvirt/libvirt.h>

#include "backend/guest_apply_priv.h"
#include "backend/seed_iso.h"
#include "backend/seed_pool.h"
#include "backend/virt.h"
#include "core/apply_guest.h"
#include "core/guestcfg.h"
#include "core/str.h"
#include "core/err.h"

static int dir_of(const char *path, char *buf, size_t len)
{
	const char *slash = strrchr(path, '/');

	if (!slash || (size_t)(slash - path) >= len)
		return -1;
	memcpy(buf, path, (size_t)(slash - path));
	buf[slash - path] = '\0';
	return 0;
}

/* mkdir -p DIR's last two levels (seeds/DOMAIN) with mode 0711. */
static int make_seed_dir(const char *dir, char *err, size_t errlen)
{
	char parent[APPLY_PATH_MAX];

	if (dir_of(dir, parent, sizeof(parent)) < 0)
		return errf(err, errlen, "bad seed directory %s", dir), -1;
	if ((mkdir(parent, 0711) < 0 && errno != EEXIST) ||
	    (mkdir(dir, 0711) < 0 && errno != EEXIST))
		return errf(err, errlen, "cannot create %s: %s", dir,
			    strerror(errno)), -1;
	/* qemu's user must reach the file: x for others, no listing. */
	if (chmod(parent, 0711) < 0 || chmod(dir, 0711) < 0)
		return errf(err, errlen, "cannot set the mode of %s: %s", dir,
			    strerror(errno)), -1;
	return 0;
}

/* Removes the VM's seeds that neither KEEP1 nor KEEP2 is. */
static void prune_seeds(const char *dir, const char *keep1,
			const char *keep2)
{
	DIR *dh = opendir(dir);
	struct dirent *e;
	char path[APPLY_PATH_MAX + 300];

	if (!dh)
		return;
	while ((e = readdir(dh))) {
		size_t n = strlen(e->d_name);

		if (strncmp(e->d_name, "seed-", 5) || n < 9 ||
		    strcmp(e->d_name + n - 4, ".iso"))
			continue;
		if (str_path(path, sizeof(path), NULL, 0, "%s/%s", dir,
			     e->d_name) < 0)
			continue;	/* a cut path would remove another file */
		if (strcmp(path, keep1) && strcmp(path, keep2))
			unlink(path);
	}
	closedir(dh);
}

static int seed_media_live(virDomainPtr d, const char *xml, const char *dir,
			   char *err, size_t errlen)
{
	char *elem = apply_guest_disk_elem(xml, dir);
	int r;

	if (!elem) {
		errf(err, errlen, "no seed CD-ROM in the definition");
		return -1;
	}
	r = virDomainUpdateDeviceFlags(d, elem, VIR_DOMAIN_AFFECT_LIVE);
	free(elem);
	if (r < 0)
		return virt_last_error(err, errlen, "the running VM's CD-ROM could not "
			     "be changed");
	return 0;
}

int guest_apply_seed_do(virConnectPtr conn, const struct apply_step *s,
			struct apply_run *out, char *err, size_t errlen)
{
	struct guest_config g;
	char dir[APPLY_PATH_MAX], why[ERR_MAX];
	virDomainPtr d, nd;
	int rc;

	bool remote = virt_is_remote(conn);

	if (dir_of(s->seed_after, dir, sizeof(dir)) < 0 ||
	    (!remote && make_seed_dir(dir, err, errlen) < 0))
		return -1;
	if (apply_guest_seed_config(&s->files_after, &g) < 0) {
		errf(err, errlen, "the seed's files are incomplete");
		return -1;
	}
	/* a remote host: uploaded into a volume there (seed_pool.h) */
	rc = remote ? seed_pool_put(conn, s->object, s->seed_after, &g, err,
				    errlen) :
		      seed_iso_write(&g, s->seed_after, err, errlen);
	guestcfg_free(&g);
	if (rc < 0)
		return -1;
	nd = virDomainDefineXML(conn, s->after);
	if (!nd)
		return virt_last_error(err, errlen, "libvirt refused the VM's definition "
			     "with the seed CD-ROM");
	virDomainFree(nd);
	if (remote)
		seed_pool_prune(conn, s->object, s->seed_before, s->seed_after);
	else
		prune_seeds(dir, s->seed_before, s->seed_after);
	if (!s->live)
		return 0;
	d = guest_apply_dom_get(conn, s->object, err, errlen);
	if (!d)
		return -1;
	if (seed_media_live(d, s->after, dir, why, sizeof(why)) == 0)
		out->live_done = true;
	else
		snprintf(out->note, sizeof(out->note), "the running VM keeps "
			 "its old seed until it is shut down and started "
			 "(%.300s)", why);
	virDomainFree(d);
	return 0;
}

int guest_apply_seed_undo(virConnectPtr conn, const struct apply_step *s,
			  const struct apply_run *run, char *err,
			  size_t errlen)
{
	char dir[APPLY_PATH_MAX], why[ERR_MAX];
	virDomainPtr d, nd;
	int rc = 0;

	nd = virDomainDefineXML(conn, s->before);
	if (!nd)
		return virt_last_error(err, errlen, "libvirt refused the VM's previous "
			     "definition");
	virDomainFree(nd);
	if (dir_of(s->seed_after, dir, sizeof(dir)) < 0)
		return 0;
	if (run && run->live_done && s->seed_before[0]) {
		d = guest_apply_dom_get(conn, s->object, err, errlen);
		if (!d)
			return -1;
		if (virDomainIsActive(d) == 1 &&
		    seed_media_live(d, s->before, dir, why, sizeof(why)) < 0) {
			errf(err, errlen, "the VM's definition is back, but "
			     "its running CD-ROM still holds the new seed (%s)",
			     why);
			rc = -1;
		}
		virDomainFree(d);
	}
	if (rc == 0 && strcmp(s->seed_after, s->seed_before)) {
		if (virt_is_remote(conn))
			rc = seed_pool_remove(conn, s->seed_after, err, errlen);
		else
			unlink(s->seed_after);
	}
	return rc;
}

int guest_apply_seed_check(virConnectPtr conn, const struct apply_step *s,
			   const struct apply_run *run, bool after, char *err,
			   size_t errlen)
{
	const char *want = after ? s->seed_after : s->seed_before;
	char dir[APPLY_PATH_MAX], path[APPLY_PATH_MAX];
	virDomainPtr d;
	struct stat sb;
	int pass, r;

	if (dir_of(s->seed_after, dir, sizeof(dir)) < 0)
		return errf(err, errlen, "bad seed path"), -1;
	if (after && virt_is_remote(conn)) {
		if (!seed_pool_has(conn, want))
			return errf(err, errlen, "the seed %s is missing on "
				    "the host", want), -1;
	} else if (after && stat(want, &sb) < 0) {
		return errf(err, errlen, "the seed %s is missing: %s", want,
			    strerror(errno)), -1;
	}
	d = guest_apply_dom_get(conn, s->object, err, errlen);
	if (!d)
		return -1;
	for (pass = 0; pass < (after && run && run->live_done ? 2 : 1);
	     pass++) {
		char *xml = virt_dom_xml(d, pass == 1, err, errlen);

		if (!xml) {
			virDomainFree(d);
			return -1;
		}
		r = apply_guest_find_seed(xml, dir, path, sizeof(path), NULL,
					  NULL);
		free(xml);
		if (r < 0 || (r == 1) != (want[0] != '\0') ||
		    (r == 1 && strcmp(path, want))) {
			errf(err, errlen, "VM %s (%s) %s%s, expected %s",
			     s->object, pass ? "running" : "definition",
			     r == 1 ? "has the seed " : "has no seed CD-ROM",
			     r == 1 ? path : "", want[0] ? want : "none");
			virDomainFree(d);
			return -1;
		}
	}
	virDomainFree(d);
	return 0;
}
