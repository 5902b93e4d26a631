/*
 * seed_iso.c - the NoCloud seed image through libisofs (see seed_iso.h).
 *
 * The image is built from memory (one memory stream per text, a copy the
 * stream owns), produced by libisofs's writer thread into a buffer and
 * handed to fileio_write_atomic, which replaces PATH.  It touches PATH
 * and its temporary file only, and libisofs's process-wide state.
 *
 * Determinism: libisofs stamps a fresh image with the clock, the writer's
 * uid/gid and the local time zone.  Every one of those is overridden in
 * the write options: owners and modes replaced (0:0, 0644/0755), Rock
 * Ridge timestamps replaced by SEED_ISO_EPOCH, the volume's creation and
 * modification times given as a fixed "volume uuid" text (which also sets
 * the recording time of every directory record), and times written as
 * GMT.  Rock Ridge is RRIP-1.10, without inode numbers (libisofs's
 * depend on what the process built before).  No MD5, ACL, xattr, El
 * Torito or partition table: nothing random is ever asked for.
 *
 * libisofs: initialised once, on first use, with the flag that keeps it
 * from calling setlocale() (the console owns its locale), and told never
 * to print to stderr (it would land on the curses screen); failures come
 * back as return codes.  iso_finish() is never called: it destroys the
 * library's process-wide message queue and registries, which every
 * libisofs call uses without a lock, and libisofs does not document
 * initialising again afterwards.  What stays is a few hundred bytes,
 * returned at exit.  All libisofs work happens under one mutex, so
 * concurrent calls are safe.
 */
#include "config.h"

#include <stdint.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

/* libisofs.h declares some functions without prototypes, "f()"; it is
 * found through pkg-config's -I, where the compiler does not treat it as
 * a system header, so that one warning is silenced for it alone. */
#define LIBISOFS_WITHOUT_LIBBURN 1
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#include <libisofs.h>
#pragma GCC diagnostic pop

#include "backend/seed_iso.h"
#include "core/diag.h"
#include "core/fileio.h"

/* 2000-01-01 00:00:00 UTC, as time_t and as the "volume uuid" text
 * (YYYYMMDDhhmmsscc) that libisofs copies into the volume descriptors. */
#define SEED_ISO_EPOCH ((time_t)946684800)
#define SEED_ISO_EPOCH_TEXT "2000010100000000"
#define SEED_ISO_DIR_MODE 0755
#define SEED_ISO_IN_FILE_MODE 0644
#define SEED_ISO_BLOCK 2048
/* Far above any seed (a few KiB of text); a guard against a runaway
 * size, not a limit anyone should meet. */
#define SEED_ISO_MAX_SIZE ((off_t)64 << 20)

static pthread_mutex_t seed_iso_lock = PTHREAD_MUTEX_INITIALIZER;
static int seed_iso_ready;	/* under seed_iso_lock */

struct seed_iso_job {
	const char *path;
	char *err;
	size_t errlen;
};

/* Under seed_iso_lock. */
static int seed_iso_init(struct seed_iso_job *j)
{
	/* libisofs wants writable strings. */
	char never[] = "NEVER", never2[] = "NEVER", id[] = "libisofs: ";
	int r;

	if (seed_iso_ready)
		return 0;
	/* bit0: do not set up the locale from LC_* (no setlocale()). */
	r = iso_init_with_flag(1);
	if (r < 0) {
		errf(j->err, j->errlen,
		     "cannot write the seed image %s: libisofs did not start "
		     "(%s)", j->path, iso_error_to_msg(r));
		return -1;
	}
	iso_set_msgs_severities(never, never2, id);
	seed_iso_ready = 1;
	return 0;
}

static int seed_iso_fail(struct seed_iso_job *j, int code, const char *what)
{
	errf(j->err, j->errlen, "cannot write the seed image %s: %s (%s)",
	     j->path, what, iso_error_to_msg(code));
	return -1;
}

/* Adds the file NAME holding TEXT to DIR.  LABEL names it for a message
 * ("meta-data", "the networkd file 05-edgenet-eth0.network"). */
static int seed_iso_add_file(struct seed_iso_job *j, IsoImage *img,
			     IsoDir *dir, const char *name, const char *text,
			     const char *label)
{
	char what[GUEST_FILE_NAME_MAX + 96];
	unsigned char *copy;
	IsoStream *stream;
	IsoFile *file;
	size_t n;
	int r;

	if (!text) {
		errf(j->err, j->errlen, "cannot write the seed image %s: "
		     "%s was not rendered", j->path, label);
		return -1;
	}
	n = strlen(text);
	copy = malloc(n ? n : 1);
	if (!copy) {
		errf(j->err, j->errlen, "cannot write the seed image %s: %s",
		     j->path, strerror(ENOMEM));
		return -1;
	}
	memcpy(copy, text, n);
	/* The stream owns COPY from here on (it frees it when it goes). */
	r = iso_memory_stream_new(copy, n, &stream);
	if (r < 0) {
		free(copy);
		snprintf(what, sizeof(what), "cannot hold %s", label);
		return seed_iso_fail(j, r, what);
	}
	/* On success the new file node takes over our reference to the
	 * stream; on failure it is still ours to drop. */
	r = iso_image_add_new_file(img, dir, name, stream, &file);
	if (r < 0) {
		iso_stream_unref(stream);
		if (r == (int)ISO_NODE_NAME_NOT_UNIQUE)
			snprintf(what, sizeof(what), "%s is there twice",
				 label);
		else
			snprintf(what, sizeof(what),
				 "%s cannot be put in the image", label);
		return seed_iso_fail(j, r, what);
	}
	return 0;
}

static int seed_iso_tree(struct seed_iso_job *j, const struct guest_config *g,
			 IsoImage *img)
{
	char label[GUEST_FILE_NAME_MAX + 32];
	IsoDir *root = iso_image_get_root(img), *nd;
	size_t i;
	int r;

	if (seed_iso_add_file(j, img, root, "meta-data", g->meta_data,
			      "meta-data") < 0 ||
	    seed_iso_add_file(j, img, root, "user-data", g->user_data,
			      "user-data") < 0 ||
	    seed_iso_add_file(j, img, root, "network-config",
			      g->network_config, "network-config") < 0)
		return -1;
	if (g->nnetworkd > PLAN_MAX_NICS) {
		errf(j->err, j->errlen, "cannot write the seed image %s: %zu "
		     "networkd files, at most %d", j->path, g->nnetworkd,
		     PLAN_MAX_NICS);
		return -1;
	}
	r = iso_image_add_new_dir(img, root, GUEST_SEED_NETWORKD_DIR, &nd);
	if (r < 0)
		return seed_iso_fail(j, r, "cannot make the directory "
				     GUEST_SEED_NETWORKD_DIR);
	for (i = 0; i < g->nnetworkd; i++) {
		const struct guest_file *f = &g->networkd[i];

		snprintf(label, sizeof(label), "the networkd file \"%.*s\"",
			 (int)sizeof(f->name), f->name);
		if (!memchr(f->name, '\0', sizeof(f->name))) {
			errf(j->err, j->errlen, "cannot write the seed image "
			     "%s: the name of networkd file %zu is not "
			     "terminated", j->path, i + 1);
			return -1;
		}
		if (seed_iso_add_file(j, img, nd, f->name, f->text, label) < 0)
			return -1;
	}
	return 0;
}

static int seed_iso_options(struct seed_iso_job *j, IsoWriteOpts **out)
{
	char uuid[] = SEED_ISO_EPOCH_TEXT;
	IsoWriteOpts *o;
	int r;

	r = iso_write_opts_new(&o, 0);
	if (r < 0)
		return seed_iso_fail(j, r, "no write options");
	if ((r = iso_write_opts_set_iso_level(o, 3)) < 0 ||
	    (r = iso_write_opts_set_rockridge(o, 1)) < 0 ||
	    (r = iso_write_opts_set_joliet(o, 1)) < 0 ||
	    /* Joliet names exactly as given: no ";1", no forced ".". */
	    (r = iso_write_opts_set_omit_version_numbers(o, 2)) < 0 ||
	    (r = iso_write_opts_set_no_force_dots(o, 2)) < 0 ||
	    /* Keeps "cidata" lower case in the primary descriptor. */
	    (r = iso_write_opts_set_relaxed_vol_atts(o, 1)) < 0 ||
	    /* RRIP-1.10 (as genisoimage writes): PX without a file serial
	     * number.  libisofs numbers inodes in an order that depends on
	     * what the process made before, so with RRIP-1.12's serial
	     * numbers two writes in one process differ. */
	    (r = iso_write_opts_set_hardlinks(o, 0)) < 0 ||
	    (r = iso_write_opts_set_rrip_version_1_10(o, 1)) < 0 ||
	    (r = iso_write_opts_set_rrip_1_10_px_ino(o, 0)) < 0 ||
	    (r = iso_write_opts_set_aaip(o, 0)) < 0 ||
	    (r = iso_write_opts_set_record_md5(o, 0, 0)) < 0 ||
	    (r = iso_write_opts_set_replace_mode(o, 2, 2, 2, 2)) < 0 ||
	    (r = iso_write_opts_set_default_dir_mode(o,
						SEED_ISO_DIR_MODE)) < 0 ||
	    (r = iso_write_opts_set_default_file_mode(o,
						SEED_ISO_IN_FILE_MODE)) < 0 ||
	    (r = iso_write_opts_set_default_uid(o, 0)) < 0 ||
	    (r = iso_write_opts_set_default_gid(o, 0)) < 0 ||
	    (r = iso_write_opts_set_replace_timestamps(o, 2)) < 0 ||
	    (r = iso_write_opts_set_default_timestamp(o,
						SEED_ISO_EPOCH)) < 0 ||
	    (r = iso_write_opts_set_dir_rec_mtime(o, 0)) < 0 ||
	    (r = iso_write_opts_set_always_gmt(o, 1)) < 0 ||
	    (r = iso_write_opts_set_pvd_times(o, SEED_ISO_EPOCH, SEED_ISO_EPOCH,
					      0, 0, uuid)) < 0) {
		iso_write_opts_free(o);
		return seed_iso_fail(j, r, "a write option was refused");
	}
	*out = o;
	return 0;
}

/* Runs libisofs's writer and collects the image in *BUF / *LEN. */
static int seed_iso_produce(struct seed_iso_job *j, IsoImage *img,
			    IsoWriteOpts *o, unsigned char **buf, size_t *len)
{
	struct burn_source *bs = NULL;
	int (*rd)(struct burn_source *, unsigned char *, int);
	unsigned char tail[SEED_ISO_BLOCK];
	unsigned char *data;
	size_t off, size;
	off_t total;
	int r;

	r = iso_image_create_burn_source(img, o, &bs);
	if (r < 0)
		return seed_iso_fail(j, r, "libisofs could not lay out the "
				     "image");
	rd = bs->read ? bs->read : bs->read_xt;
	total = bs->get_size(bs);
	if (total <= 0 || total > SEED_ISO_MAX_SIZE ||
	    total % SEED_ISO_BLOCK != 0) {
		r = ISO_ERROR;
		goto fail;
	}
	size = (size_t)total;
	data = malloc(size);
	if (!data) {
		r = ISO_OUT_OF_MEM;
		goto fail;
	}
	for (off = 0; off < size; off += SEED_ISO_BLOCK) {
		if (rd(bs, data + off, SEED_ISO_BLOCK) != SEED_ISO_BLOCK) {
			free(data);
			r = ISO_BUF_READ_ERROR;
			goto fail;
		}
	}
	/* The writer thread must end cleanly: the next read is EOF. */
	if (rd(bs, tail, SEED_ISO_BLOCK) != 0) {
		free(data);
		r = ISO_BUF_READ_ERROR;
		goto fail;
	}
	/* free_data stops the writer thread if it still runs and joins it. */
	bs->free_data(bs);
	free(bs);
	*buf = data;
	*len = size;
	return 0;

fail:
	bs->free_data(bs);
	free(bs);
	return seed_iso_fail(j, r, "libisofs could not produce the image");
}

/* Under seed_iso_lock. */
static int seed_iso_build(struct seed_iso_job *j, const struct guest_config *g,
			  unsigned char **buf, size_t *len)
{
	IsoWriteOpts *o = NULL;
	IsoImage *img = NULL;
	int r;

	if (seed_iso_init(j) < 0)
		return -1;
	r = iso_image_new(GUEST_SEED_LABEL, &img);
	if (r < 0)
		return seed_iso_fail(j, r, "no image");
	iso_image_set_volume_id(img, GUEST_SEED_LABEL);
	r = -1;
	if (seed_iso_tree(j, g, img) == 0 && seed_iso_options(j, &o) == 0)
		r = seed_iso_produce(j, img, o, buf, len);
	if (o)
		iso_write_opts_free(o);
	iso_image_unref(img);
	return r;
}

int seed_iso_write(const struct guest_config *g, const char *path,
		   char *err, size_t errlen)
{
	struct seed_iso_job j = { path, err, errlen };
	unsigned char *buf = NULL;
	size_t len = 0;
	int r;

	if (!path || !*path) {
		errf(err, errlen, "cannot write a seed image without a file "
		     "name");
		return -1;
	}
	if (!g) {
		errf(err, errlen, "cannot write the seed image %s: there is "
		     "no guest configuration", path);
		return -1;
	}
	pthread_mutex_lock(&seed_iso_lock);
	r = seed_iso_build(&j, g, &buf, &len);
	pthread_mutex_unlock(&seed_iso_lock);
	if (r < 0)
		return -1;
	r = fileio_write_atomic(path, buf, len, SEED_ISO_FILE_MODE, err,
				errlen);
	free(buf);
	return r;
}
