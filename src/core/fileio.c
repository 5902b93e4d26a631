/*
 * fileio.c - atomic file replacement and bounded whole-file reads.
 *
 * fileio_write_atomic writes DIR/.NAME.XXXXXX next to the target, writes
 * every byte (retrying short writes and EINTR), fsyncs it, sets its mode,
 * closes it (a close error is a write error: NFS and full disks report
 * there), renames it over the target and fsyncs the directory so the
 * rename itself survives a power cut (best effort: once renamed, the new
 * content is in place).  Whatever fails before, the temporary file is
 * removed and the target keeps its old content.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "core/err.h"

/* Splits PATH into its directory ("." when none) and base name. */
static int split_path(const char *path, char *dir, size_t dirlen,
		      const char **base)
{
	const char *slash = strrchr(path, '/');
	size_t n;

	if (!slash) {
		if (dirlen < 2)
			return -1;
		strcpy(dir, ".");
		*base = path;
		return 0;
	}
	n = (size_t)(slash - path);
	if (n == 0)
		n = 1;			/* "/name": the root directory */
	if (n >= dirlen)
		return -1;
	memcpy(dir, path, n);
	dir[n] = '\0';
	*base = slash + 1;
	return 0;
}

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t w = write(fd, p, len);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (w == 0) {
			errno = EIO;
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int r;

	if (fd < 0)
		return -1;
	do
		r = fsync(fd);
	while (r < 0 && errno == EINTR);
	/* Some file systems cannot fsync a directory; that is no failure. */
	if (r < 0 && (errno == EINVAL || errno == EROFS))
		r = 0;
	if (r < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	close(fd);
	return 0;
}

int fileio_write_atomic(const char *path, const void *data, size_t len,
			mode_t mode, char *err, size_t errlen)
{
	char dir[PATH_MAX], tmp[PATH_MAX];
	const char *base;
	int fd, e, r;

	if (!path || !*path) {
		errf(err, errlen, "cannot write a file without a name");
		return -1;
	}
	if (split_path(path, dir, sizeof(dir), &base) < 0 || !*base) {
		errf(err, errlen, "cannot write %s: not a file name", path);
		return -1;
	}
	r = snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dir, base);
	if (r < 0 || (size_t)r >= sizeof(tmp)) {
		errf(err, errlen, "cannot write %s: %s", path,
		     strerror(ENAMETOOLONG));
		return -1;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		errf(err, errlen, "cannot write %s: %s", path,
		     strerror(errno));
		return -1;
	}
	if (write_all(fd, data, len) < 0)
		goto fail_open;
	do
		r = fsync(fd);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		goto fail_open;
	if (fchmod(fd, mode) < 0)
		goto fail_open;
	if (close(fd) < 0) {
		e = errno;
		goto fail_closed;
	}
	if (rename(tmp, path) < 0) {
		e = errno;
		goto fail_closed;
	}
	/* The new content is in place: from here on a failure could not
	 * keep the promise that the target is untouched, so syncing the
	 * directory is done as well as it can be and not reported. */
	(void)fsync_dir(dir);
	return 0;

fail_open:
	e = errno;
	close(fd);
fail_closed:
	unlink(tmp);
	errf(err, errlen, "cannot write %s: %s", path, strerror(e));
	return -1;
}

static char *too_big(const char *path, size_t max, char *buf, int fd,
		     char *err, size_t errlen)
{
	free(buf);
	close(fd);
	errf(err, errlen, "cannot read %s: it is larger than %zu bytes",
	     path, max);
	return NULL;
}

/* Why a file of mode M cannot be read as a file, NULL when it can. */
static const char *not_a_file(mode_t m)
{
	if (S_ISREG(m))
		return NULL;
	if (S_ISDIR(m))
		return strerror(EISDIR);
	if (S_ISFIFO(m))
		return "it is a named pipe (FIFO), not a file; give the path "
		       "of the file itself";
	if (S_ISCHR(m) || S_ISBLK(m))
		return "it is a device, not a file; give the path of the "
		       "file itself";
	if (S_ISSOCK(m))
		return "it is a socket, not a file; give the path of the "
		       "file itself";
	return "it is not a regular file; give the path of the file itself";
}

char *fileio_read_all(const char *path, size_t max, size_t *len, char *err,
		      size_t errlen)
{
	struct stat st;
	size_t cap, limit, n = 0;
	char *buf = NULL;
	const char *why;
	int fd, e;

	if (max > SIZE_MAX / 2)
		max = SIZE_MAX / 2;
	limit = max + 2;	/* room for one byte too many and the NUL */
	/* Never open a FIFO or a device: opening may block or have effects
	 * of its own, and reading may never end.  Checked before opening,
	 * and again on what was opened (without waiting for a writer). */
	if (stat(path, &st) == 0 && (why = not_a_file(st.st_mode)) != NULL) {
		errf(err, errlen, "cannot read %s: %s", path, why);
		return NULL;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		errf(err, errlen, "cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) < 0) {
		e = errno;
		goto fail;
	}
	why = not_a_file(st.st_mode);
	if (why) {
		close(fd);
		errf(err, errlen, "cannot read %s: %s", path, why);
		return NULL;
	}
	if ((unsigned long long)st.st_size > max)
		return too_big(path, max, NULL, fd, err, errlen);
	/* A regular file whose size stat() does not know (/proc) is read
	 * to its end like any other, within MAX. */
	cap = (size_t)st.st_size + 2;
	if (cap < 4096)
		cap = 4096;
	if (cap > limit)
		cap = limit;
	buf = malloc(cap);
	if (!buf) {
		e = ENOMEM;
		goto fail;
	}
	for (;;) {
		ssize_t r;

		if (n + 1 >= cap) {
			/* n <= max here, so cap < limit and can grow. */
			size_t ncap = cap * 2 < limit ? cap * 2 : limit;
			char *nb = realloc(buf, ncap);

			if (!nb) {
				e = ENOMEM;
				goto fail;
			}
			buf = nb;
			cap = ncap;
		}
		r = read(fd, buf + n, cap - 1 - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			e = errno;
			goto fail;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > max)
			return too_big(path, max, buf, fd, err, errlen);
	}
	close(fd);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;

fail:
	free(buf);
	close(fd);
	errf(err, errlen, "cannot read %s: %s", path, strerror(e));
	return NULL;
}
