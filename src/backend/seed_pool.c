/*
 * seed_pool.c - the VM's seed as a volume of a storage pool on a remote
 * libvirt host (see seed_pool.h): the pool made when missing, the ISO
 * built here in a temporary file and streamed up, old volumes pruned.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "backend/seed_iso.h"
#include "backend/seed_pool.h"
#include "backend/virt.h"
#include "core/err.h"
#include "core/xmldoc.h"

#define SEED_POOL_NAME_MAX 300

int seed_pool_dir(const char *domain, char *buf, size_t len)
{
	int r = snprintf(buf, len, "%s/%s", SEED_POOL_ROOT, domain);

	return r < 0 || (size_t)r >= len ? -1 : 0;
}

static void pool_name(const char *domain, char *buf, size_t len)
{
	snprintf(buf, len, "edgenet-seed-%s", domain);
}

/* DOMAIN's pool as it is, or NULL (libvirt's error reset). */
static virStoragePoolPtr pool_lookup(virConnectPtr conn, const char *domain)
{
	char name[SEED_POOL_NAME_MAX];
	virStoragePoolPtr p;

	pool_name(domain, name, sizeof(name));
	p = virStoragePoolLookupByName(conn, name);
	if (!p)
		virResetLastError();
	return p;
}

/* DOMAIN's pool, running; made and started when missing. */
static virStoragePoolPtr pool_get(virConnectPtr conn, const char *domain,
				  char *err, size_t errlen)
{
	char name[SEED_POOL_NAME_MAX], dir[SEED_POOL_NAME_MAX];
	char ename[2 * SEED_POOL_NAME_MAX], edir[2 * SEED_POOL_NAME_MAX];
	char xml[6 * SEED_POOL_NAME_MAX];
	virStoragePoolPtr p;

	p = pool_lookup(conn, domain);
	if (!p) {
		pool_name(domain, name, sizeof(name));
		if (seed_pool_dir(domain, dir, sizeof(dir)) < 0) {
			errf(err, errlen, "the VM's name is too long for a "
			     "seed pool");
			return NULL;
		}
		xml_escape(name, ename, sizeof(ename));
		xml_escape(dir, edir, sizeof(edir));
		snprintf(xml, sizeof(xml), "<pool type='dir'><name>%s</name>"
			 "<target><path>%s</path><permissions><mode>0711"
			 "</mode></permissions></target></pool>", ename, edir);
		p = virStoragePoolDefineXML(conn, xml, 0);
		if (!p) {
			virt_last_error(err, errlen, "the host refused the "
					"seed pool");
			return NULL;
		}
		if (virStoragePoolBuild(p, 0) < 0) {
			virt_last_error(err, errlen, "the seed pool's "
					"directory could not be made");
			virStoragePoolUndefine(p);
			virStoragePoolFree(p);
			return NULL;
		}
		(void)virStoragePoolSetAutostart(p, 1);
	}
	if (virStoragePoolIsActive(p) != 1 && virStoragePoolCreate(p, 0) < 0) {
		virt_last_error(err, errlen, "the seed pool could not be "
				"started");
		virStoragePoolFree(p);
		return NULL;
	}
	return p;
}

/* The ISO of G, built in a temporary file, into *BUF (malloc'd). */
static int iso_bytes(const struct guest_config *g, char **buf, size_t *len,
		     char *err, size_t errlen)
{
	const char *tmpdir = getenv("TMPDIR");
	char dir[4096], path[4200];
	struct stat sb;
	FILE *f;
	int rc = -1;

	snprintf(dir, sizeof(dir), "%s/edgenet-seed-XXXXXX",
		 tmpdir && *tmpdir ? tmpdir : "/tmp");
	if (!mkdtemp(dir))
		return errf(err, errlen, "cannot make a temporary directory "
			    "for the seed: %s", strerror(errno)), -1;
	snprintf(path, sizeof(path), "%s/seed.iso", dir);
	if (seed_iso_write(g, path, err, errlen) < 0)
		goto out;
	f = fopen(path, "rb");
	if (!f || fstat(fileno(f), &sb) < 0 || sb.st_size <= 0 ||
	    !(*buf = malloc((size_t)sb.st_size)) ||
	    fread(*buf, 1, (size_t)sb.st_size, f) != (size_t)sb.st_size) {
		errf(err, errlen, "cannot read back the seed built in %s",
		     dir);
		if (f && *buf) {
			free(*buf);
			*buf = NULL;
		}
	} else {
		*len = (size_t)sb.st_size;
		rc = 0;
	}
	if (f)
		fclose(f);
out:
	unlink(path);
	rmdir(dir);
	return rc;
}

static int upload(virConnectPtr conn, virStorageVolPtr v, const char *buf,
		  size_t len, char *err, size_t errlen)
{
	virStreamPtr st = virStreamNew(conn, 0);
	size_t off = 0;

	if (!st)
		return virt_last_error(err, errlen, "no stream to the host");
	if (virStorageVolUpload(v, st, 0, len, 0) < 0) {
		virStreamFree(st);
		return virt_last_error(err, errlen, "the host refused the "
				       "seed's upload");
	}
	while (off < len) {
		int n = virStreamSend(st, buf + off, len - off);

		if (n < 0) {
			virt_last_error(err, errlen, "the seed's upload "
					"broke off");
			virStreamAbort(st);
			virStreamFree(st);
			return -1;
		}
		off += (size_t)n;
	}
	if (virStreamFinish(st) < 0) {
		virt_last_error(err, errlen, "the seed's upload did not "
				"finish");
		virStreamFree(st);
		return -1;
	}
	virStreamFree(st);
	return 0;
}

int seed_pool_put(virConnectPtr conn, const char *domain, const char *path,
		  const struct guest_config *g, char *err, size_t errlen)
{
	const char *base = strrchr(path, '/');
	char xml[1024], ebase[512];
	virStoragePoolPtr p;
	virStorageVolPtr v;
	char *buf = NULL;
	size_t len = 0;
	int rc;

	if (!base || !base[1] || strlen(base) > 200)
		return errf(err, errlen, "bad seed path %s", path), -1;
	if (iso_bytes(g, &buf, &len, err, errlen) < 0)
		return -1;
	p = pool_get(conn, domain, err, errlen);
	if (!p) {
		free(buf);
		return -1;
	}
	v = virStorageVolLookupByName(p, base + 1);
	if (v) {
		(void)virStorageVolDelete(v, 0);
		virStorageVolFree(v);
	} else {
		virResetLastError();
	}
	xml_escape(base + 1, ebase, sizeof(ebase));
	snprintf(xml, sizeof(xml), "<volume><name>%s</name><capacity "
		 "unit='bytes'>%zu</capacity><target><format type='raw'/>"
		 "<permissions><mode>0644</mode></permissions></target>"
		 "</volume>", ebase, len);
	v = virStorageVolCreateXML(p, xml, 0);
	if (!v) {
		virt_last_error(err, errlen, "the host refused the seed's "
				"volume");
		virStoragePoolFree(p);
		free(buf);
		return -1;
	}
	rc = upload(conn, v, buf, len, err, errlen);
	if (rc < 0)
		(void)virStorageVolDelete(v, 0);
	virStorageVolFree(v);
	virStoragePoolFree(p);
	free(buf);
	return rc;
}

int seed_pool_remove(virConnectPtr conn, const char *path, char *err,
		     size_t errlen)
{
	virStorageVolPtr v = virStorageVolLookupByPath(conn, path);
	int rc = 0;

	if (!v) {
		virResetLastError();
		return 0;
	}
	if (virStorageVolDelete(v, 0) < 0)
		rc = virt_last_error(err, errlen, "the old seed could not be "
				     "removed from the host");
	virStorageVolFree(v);
	return rc;
}

bool seed_pool_has(virConnectPtr conn, const char *path)
{
	virStorageVolPtr v = virStorageVolLookupByPath(conn, path);

	if (!v) {
		virResetLastError();
		return false;
	}
	virStorageVolFree(v);
	return true;
}

void seed_pool_prune(virConnectPtr conn, const char *domain,
		     const char *keep1, const char *keep2)
{
	virStoragePoolPtr p = pool_lookup(conn, domain);
	virStorageVolPtr *vols = NULL;
	int n;

	if (!p)
		return;
	n = virStoragePoolListAllVolumes(p, &vols, 0);
	for (int i = 0; i < n; i++) {
		const char *vn = virStorageVolGetName(vols[i]);
		char *vp = virStorageVolGetPath(vols[i]);
		size_t l = vn ? strlen(vn) : 0;

		if (vn && vp && strncmp(vn, "seed-", 5) == 0 && l >= 9 &&
		    strcmp(vn + l - 4, ".iso") == 0 && strcmp(vp, keep1) &&
		    strcmp(vp, keep2))
			(void)virStorageVolDelete(vols[i], 0);
		free(vp);
		virStorageVolFree(vols[i]);
	}
	if (n < 0)
		virResetLastError();
	free(vols);
	virStoragePoolFree(p);
}
