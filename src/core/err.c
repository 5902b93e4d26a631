/*
 * err.c - errf and verrf, the one way an error sentence is written (see
 * err.h).
 * Touches only the caller's buffer.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/textsafe.h"

void verrf(char *err, size_t errlen, const char *fmt, va_list ap)
{
	char small[256], *raw = small;
	va_list again;
	int n;

	if (!err || !errlen)
		return;
	/* formatted whole first (ERR may be one of the arguments), then
	 * escaped into ERR: textsafe_buf cuts at a whole character and ends
	 * a cut text with "..." */
	va_copy(again, ap);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	if (n >= (int)sizeof(small)) {
		raw = malloc((size_t)n + 1);
		if (raw)
			vsnprintf(raw, (size_t)n + 1, fmt, again);
		else
			raw = small;	/* cut: textsafe_buf cannot tell */
	}
	va_end(again);
	if (n < 0)
		small[0] = '\0';
	textsafe_buf(err, errlen, raw);
	if (raw != small)
		free(raw);
}

void errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verrf(err, errlen, fmt, ap);
	va_end(ap);
}
