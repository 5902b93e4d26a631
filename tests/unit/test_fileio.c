/*
 * test_fileio.c - atomic writes and bounded reads: new files, replacing
 * files, modes, failures that must leave the target untouched and no
 * temporary file behind (missing directory, a file where the directory
 * should be, a directory where the file should be, and a really full file
 * system: a 64 KiB tmpfs in a private mount namespace, when run as root).
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "core/fileio.h"

struct tdir {
	char path[256];
};

static int rm_one(const char *p, const struct stat *sb, int flag,
		  struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static int setup_dir(void **state)
{
	struct tdir *t = calloc(1, sizeof(*t));

	if (!t)
		return -1;
	strcpy(t->path, "/tmp/edgenet-fileio-XXXXXX");
	if (!mkdtemp(t->path)) {
		free(t);
		return -1;
	}
	*state = t;
	return 0;
}

static int teardown_dir(void **state)
{
	struct tdir *t = *state;

	nftw(t->path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(t);
	return 0;
}

/* Number of entries in DIR whose name starts with '.' (besides . and ..). */
static int count_hidden(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (e->d_name[0] == '.' && strcmp(e->d_name, ".") &&
		    strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static char *slurp(const char *path, size_t *len)
{
	char err[256];

	return fileio_read_all(path, 1 << 24, len, err, sizeof(err));
}

static void test_write_new_and_replace(void **state)
{
	struct tdir *t = *state;
	char path[512], err[256];
	struct stat sb;
	size_t len;
	char *s;

	snprintf(path, sizeof(path), "%s/plan.cfg", t->path);
	assert_int_equal(fileio_write_atomic(path, "one\n", 4, 0600, err,
					     sizeof(err)), 0);
	s = slurp(path, &len);
	assert_non_null(s);
	assert_int_equal(len, 4);
	assert_string_equal(s, "one\n");
	free(s);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0600);

	assert_int_equal(fileio_write_atomic(path, "second\n", 7, 0644, err,
					     sizeof(err)), 0);
	s = slurp(path, &len);
	assert_string_equal(s, "second\n");
	free(s);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0644);

	/* Empty content is a valid file too. */
	assert_int_equal(fileio_write_atomic(path, "", 0, 0644, err,
					     sizeof(err)), 0);
	s = slurp(path, &len);
	assert_int_equal(len, 0);
	free(s);
	assert_int_equal(count_hidden(t->path), 0);
}

static void test_write_big(void **state)
{
	struct tdir *t = *state;
	size_t n = 3 * 1024 * 1024 + 17, len;
	char path[512], err[256];
	char *buf = malloc(n), *s;

	assert_non_null(buf);
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)('a' + i % 26);
	snprintf(path, sizeof(path), "%s/big", t->path);
	assert_int_equal(fileio_write_atomic(path, buf, n, 0644, err,
					     sizeof(err)), 0);
	s = slurp(path, &len);
	assert_int_equal(len, n);
	assert_memory_equal(s, buf, n);
	free(s);
	free(buf);
}

static void test_write_failures(void **state)
{
	struct tdir *t = *state;
	char path[512], file[512], err[256];
	size_t len;
	char *s;

	/* The directory does not exist. */
	snprintf(path, sizeof(path), "%s/nodir/plan.cfg", t->path);
	assert_int_equal(fileio_write_atomic(path, "x", 1, 0644, err,
					     sizeof(err)), -1);
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, strerror(ENOENT)));
	assert_int_equal(strncmp(err, "cannot write ", 13), 0);

	/* A file where the directory should be. */
	snprintf(file, sizeof(file), "%s/afile", t->path);
	assert_int_equal(fileio_write_atomic(file, "keep", 4, 0644, err,
					     sizeof(err)), 0);
	snprintf(path, sizeof(path), "%s/afile/plan.cfg", t->path);
	assert_int_equal(fileio_write_atomic(path, "x", 1, 0644, err,
					     sizeof(err)), -1);
	assert_non_null(strstr(err, strerror(ENOTDIR)));

	/* A directory where the file should be: rename fails, the
	 * temporary file must go. */
	snprintf(path, sizeof(path), "%s/adir", t->path);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(fileio_write_atomic(path, "x", 1, 0644, err,
					     sizeof(err)), -1);
	assert_non_null(strstr(err, path));
	assert_int_equal(count_hidden(t->path), 0);

	/* No name at all. */
	assert_int_equal(fileio_write_atomic("", "x", 1, 0644, err,
					     sizeof(err)), -1);
	snprintf(path, sizeof(path), "%s/", t->path);
	assert_int_equal(fileio_write_atomic(path, "x", 1, 0644, err,
					     sizeof(err)), -1);

	s = slurp(file, &len);
	assert_string_equal(s, "keep");
	free(s);
}

static void test_read(void **state)
{
	struct tdir *t = *state;
	char path[512], err[256];
	size_t len = 99;
	char *s;

	snprintf(path, sizeof(path), "%s/r", t->path);
	assert_int_equal(fileio_write_atomic(path, "0123456789", 10, 0644, err,
					     sizeof(err)), 0);
	s = fileio_read_all(path, 10, &len, err, sizeof(err));
	assert_non_null(s);
	assert_int_equal(len, 10);
	assert_string_equal(s, "0123456789");
	free(s);
	assert_null(fileio_read_all(path, 9, &len, err, sizeof(err)));
	assert_non_null(strstr(err, "larger than 9 bytes"));
	assert_non_null(strstr(err, path));

	/* NUL bytes are kept, the buffer is still terminated. */
	assert_int_equal(fileio_write_atomic(path, "a\0b", 3, 0644, err,
					     sizeof(err)), 0);
	s = fileio_read_all(path, 100, &len, err, sizeof(err));
	assert_int_equal(len, 3);
	assert_memory_equal(s, "a\0b", 4);
	free(s);

	assert_null(fileio_read_all(t->path, 100, &len, err, sizeof(err)));
	assert_non_null(strstr(err, strerror(EISDIR)));
	snprintf(path, sizeof(path), "%s/missing", t->path);
	assert_null(fileio_read_all(path, 100, &len, err, sizeof(err)));
	assert_string_equal(err + strlen(err) - strlen(strerror(ENOENT)),
			    strerror(ENOENT));
	assert_int_equal(strncmp(err, "cannot read ", 12), 0);
	snprintf(path, sizeof(path), "%s/r/under", t->path);
	assert_null(fileio_read_all(path, 100, &len, err, sizeof(err)));
	assert_non_null(strstr(err, strerror(ENOTDIR)));
}

static void test_read_pipe_like(void **state)
{
	char err[256];
	size_t len;
	char *s;

	(void)state;
	/* A file whose size stat() does not know. */
	s = fileio_read_all("/proc/self/status", 1 << 20, &len, err, sizeof(err));
	assert_non_null(s);
	assert_true(len > 0);
	assert_int_equal(strlen(s), len);
	free(s);
	assert_null(fileio_read_all("/proc/self/status", 5, &len, err,
				    sizeof(err)));
	assert_non_null(strstr(err, "larger than 5 bytes"));
}

/* A FIFO, a device or a socket is refused at once, never waited on or
 * read without end (an alarm turns a hang into a failure). */
static void test_read_not_a_file(void **state)
{
	struct tdir *t = *state;
	char path[512], err[512];
	struct sockaddr_un sa;
	size_t len;
	int fd;

	alarm(10);
	snprintf(path, sizeof(path), "%s/fifo", t->path);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_null(fileio_read_all(path, 1 << 20, &len, err, sizeof(err)));
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, "named pipe (FIFO), not a file"));
	/* with a writer holding it open too: still refused, not read */
	fd = open(path, O_RDWR | O_NONBLOCK);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "version = 1;\n", 13), 13);
	assert_null(fileio_read_all(path, 1 << 20, &len, err, sizeof(err)));
	assert_non_null(strstr(err, "named pipe"));
	close(fd);

	assert_null(fileio_read_all("/dev/zero", 1 << 20, &len, err,
				    sizeof(err)));
	assert_non_null(strstr(err, "a device, not a file"));
	assert_null(fileio_read_all("/dev/null", 1 << 20, &len, err,
				    sizeof(err)));
	assert_non_null(strstr(err, "a device, not a file"));

	snprintf(path, sizeof(path), "%s/sock", t->path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(path) < sizeof(sa.sun_path) &&
	    (memcpy(sa.sun_path, path, strlen(path) + 1),
	     bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)) {
		assert_null(fileio_read_all(path, 1 << 20, &len, err,
					    sizeof(err)));
		assert_non_null(strstr(err, "a socket, not a file"));
	}
	close(fd);
	alarm(0);
}

/* Mounts a 64 KiB tmpfs on a new directory in a private mount namespace.
 * Returns 0, or -1 with the reason in WHY. */
static int tiny_fs(char *dir, char *why, size_t len)
{
	if (geteuid() != 0) {
		snprintf(why, len, "not root: cannot mount a tiny tmpfs");
		return -1;
	}
	if (unshare(CLONE_NEWNS) < 0) {
		snprintf(why, len, "unshare(CLONE_NEWNS): %s", strerror(errno));
		return -1;
	}
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
		snprintf(why, len, "making / private: %s", strerror(errno));
		return -1;
	}
	strcpy(dir, "/tmp/edgenet-full-XXXXXX");
	if (!mkdtemp(dir)) {
		snprintf(why, len, "mkdtemp: %s", strerror(errno));
		return -1;
	}
	if (mount("tmpfs", dir, "tmpfs", 0, "size=64k") < 0) {
		snprintf(why, len, "mounting tmpfs: %s", strerror(errno));
		rmdir(dir);
		return -1;
	}
	return 0;
}

static void fill_fs(const char *dir)
{
	char path[512], block[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/filler", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	memset(block, 'f', sizeof(block));
	while (write(fd, block, sizeof(block)) > 0)
		;
	while (write(fd, block, 1) > 0)
		;
	assert_int_equal(errno, ENOSPC);
	close(fd);
}

static void test_full_disk(void **state)
{
	char dir[64], why[256], path[512], err[256], *big, *s;
	size_t n = 200 * 1024, len;

	(void)state;
	if (tiny_fs(dir, why, sizeof(why)) < 0) {
		print_message("skipping the full-disk test: %s\n", why);
		skip();
	}
	snprintf(path, sizeof(path), "%s/plan.cfg", dir);
	assert_int_equal(fileio_write_atomic(path, "old content\n", 12, 0644,
					     err, sizeof(err)), 0);
	fill_fs(dir);
	big = malloc(n);
	assert_non_null(big);
	memset(big, 'n', n);
	assert_int_equal(fileio_write_atomic(path, big, n, 0644, err,
					     sizeof(err)), -1);
	free(big);
	assert_non_null(strstr(err, strerror(ENOSPC)));
	assert_non_null(strstr(err, path));
	s = slurp(path, &len);
	assert_non_null(s);
	assert_int_equal(len, 12);
	assert_string_equal(s, "old content\n");
	free(s);
	assert_int_equal(count_hidden(dir), 0);
	assert_int_equal(umount(dir), 0);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_write_new_and_replace,
						setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_write_big, setup_dir,
						teardown_dir),
		cmocka_unit_test_setup_teardown(test_write_failures, setup_dir,
						teardown_dir),
		cmocka_unit_test_setup_teardown(test_read, setup_dir,
						teardown_dir),
		cmocka_unit_test(test_read_pipe_like),
		cmocka_unit_test_setup_teardown(test_read_not_a_file, setup_dir,
						teardown_dir),
		cmocka_unit_test(test_full_disk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
