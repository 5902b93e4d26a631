/*
 * demo_state.c - the demo's own state directory (see demo_state.h):
 * made with mkdtemp below $TMPDIR (else /tmp), removed with everything
 * in it when the console ends.  Touches only that directory.
 */
#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/err.h"
#include "ui/demo_state.h"

const char *demo_state_make(char *buf, size_t len, char *err, size_t errlen)
{
	const char *tmp = getenv("TMPDIR");

	if (!tmp || tmp[0] != '/')
		tmp = "/tmp";
	if ((size_t)snprintf(buf, len, "%s/edgenet-demo.XXXXXX", tmp) >= len) {
		errf(err, errlen, "the demo's state directory: $TMPDIR is "
		     "too long");
		return NULL;
	}
	if (!mkdtemp(buf)) {
		errf(err, errlen, "the demo's state directory cannot be "
		     "made in %.200s: %s", tmp, strerror(errno));
		return NULL;
	}
	return buf;
}

static int remove_one(const char *path, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

void demo_state_remove(const char *dir)
{
	if (dir && *dir)
		nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}
