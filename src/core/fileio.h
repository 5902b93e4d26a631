/*
 * fileio.h - writing files so that a crash, a full disk or a failed write
 * never leaves a damaged file: write a temporary file in the same
 * directory, fsync it, rename it over the target, fsync the directory.
 */
#ifndef EDGENET_FILEIO_H
#define EDGENET_FILEIO_H

#include <stddef.h>
#include <sys/types.h>

/* Returns 0, or -1 with a sentence naming the file and the cause in ERR.
 * On failure the target is untouched and no temporary file is left. */
int fileio_write_atomic(const char *path, const void *data, size_t len,
			mode_t mode, char *err, size_t errlen);

/* Reads a whole regular file (at most MAX bytes) into a NUL-terminated
 * malloc'd buffer.  A FIFO, a device, a socket or a directory is refused
 * without waiting on it.  Returns NULL with a message in ERR. */
char *fileio_read_all(const char *path, size_t max, size_t *len, char *err,
		      size_t errlen);

#endif
