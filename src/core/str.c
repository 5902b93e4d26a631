/*
 * str.c - copying strings into fixed-size buffers (see str.h).  Every
 * core and backend file copies through str_copy (or str_copy_whole when
 * a value must not be cut) rather than its own helper, a memcpy or a
 * snprintf("%s"); and formats paths through str_path, which refuses a
 * cut one.  Pure C; touches only the buffers given.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/err.h"
#include "core/str.h"

bool str_copy(char *dst, size_t len, const char *src)
{
	size_t n;

	if (len == 0)
		return false;
	if (!src)
		src = "";
	n = strnlen(src, len);
	if (n == len) {
		n = len - 1;
		memmove(dst, src, n);
		dst[n] = '\0';
		return false;
	}
	memmove(dst, src, n + 1);
	return true;
}

int str_copy_span(char *dst, size_t len, const char *src, size_t n)
{
	if (n >= len)
		return -1;
	memmove(dst, src, n);
	dst[n] = '\0';
	return 0;
}

int str_copy_whole(char *dst, size_t len, const char *src)
{
	if (!src)
		src = "";
	return str_copy_span(dst, len, src, strlen(src));
}

/* How much of a path too long to use the error quotes: enough to tell
 * which directory it was under. */
#define STR_PATH_SHOWN 80

int str_path(char *buf, size_t len, char *err, size_t errlen,
	     const char *fmt, ...)
{
	va_list ap;
	int n;

	if (len == 0) {
		errf(err, errlen, "no room for a path");
		return -1;
	}
	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < len)
		return 0;
	if (n < 0)
		buf[0] = '\0';
	errf(err, errlen, "the path '%.*s...' is too long (%d bytes, at most "
	     "%zu)", STR_PATH_SHOWN, buf, n, len - 1);
	return -1;
}
