/*
 * str.c - copying strings into fixed-size buffers (see str.h).  Every
 * core and backend file copies through str_copy (or str_copy_whole when
 * a value must not be cut) rather than its own helper, a memcpy or a
 * snprintf("%s").  Pure C; touches only the buffers given.
 */
#include <string.h>

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
