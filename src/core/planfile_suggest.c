/*
 * planfile_suggest.c - the names a plan file's loader suggests: the
 * nearest known name to a misspelt key or value (by edit distance), and
 * the list of known names in words ("a, b or c").  Pure: the buffers
 * given only.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "planfile_priv.h"

/* Edit distance (optimal string alignment: insertions, deletions,
 * substitutions and swaps of neighbours), case-insensitive, capped. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t d[33][33];

	if (la > 32 || lb > 32)
		return 99;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			int ca = tolower((unsigned char)a[i - 1]);
			int cb = tolower((unsigned char)b[j - 1]);
			size_t cost = ca == cb ? 0 : 1;
			size_t v = d[i - 1][j] + 1;

			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < v)
				v = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 &&
			    ca == tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) == cb &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	}
	return d[la][lb];
}

const char *planfile_nearest(const char *s, const char *const *names,
			     size_t n, size_t maxd)
{
	const char *best = NULL;
	size_t bestd = maxd + 1;

	for (size_t i = 0; i < n; i++) {
		size_t d;

		if (!names[i])
			continue;
		d = edit_distance(s, names[i]);
		if (d < bestd) {
			bestd = d;
			best = names[i];
		}
	}
	return best;
}

const char *planfile_join_names(const char *const *names, size_t n,
				const char *last, char *buf, size_t len)
{
	size_t used = 0, k = 0, total = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		if (names[i])
			total++;
	for (size_t i = 0; i < n; i++) {
		const char *sep;
		int r;

		if (!names[i])
			continue;
		sep = k == 0 ? "" : (k + 1 == total ? last : ", ");
		r = snprintf(buf + used, len - used, "%s%s", sep, names[i]);
		if (r < 0 || (size_t)r >= len - used)
			break;
		used += (size_t)r;
		k++;
	}
	return buf;
}
