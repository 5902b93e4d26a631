/*
 * cfgutil.c - building, printing and looking up libconfig settings (see
 * cfgutil.h) for planfile.c, journal.c and state.c.  Touches only the
 * config_t given and memory; the callers write the text with fileio.h.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cfgutil.h"

int cfgutil_put_str(config_setting_t *g, const char *name, const char *v)
{
	config_setting_t *s;

	if (!v)
		return 0;
	s = config_setting_add(g, name, CONFIG_TYPE_STRING);
	return s && config_setting_set_string(s, v) == CONFIG_TRUE ? 0 : -1;
}

int cfgutil_put_nonempty(config_setting_t *g, const char *name,
			 const char *v)
{
	return v && v[0] ? cfgutil_put_str(g, name, v) : 0;
}

int cfgutil_put_bool(config_setting_t *g, const char *name, bool v)
{
	config_setting_t *s = config_setting_add(g, name, CONFIG_TYPE_BOOL);

	return s && config_setting_set_bool(s, v) == CONFIG_TRUE ? 0 : -1;
}

int cfgutil_put_int64(config_setting_t *g, const char *name, long long v)
{
	config_setting_t *s = config_setting_add(g, name, CONFIG_TYPE_INT64);

	return s && config_setting_set_int64(s, v) == CONFIG_TRUE ? 0 : -1;
}

int cfgutil_put_int(config_setting_t *g, const char *name, long long v)
{
	config_setting_t *s;

	if (v < INT_MIN || v > INT_MAX)
		return cfgutil_put_int64(g, name, v);
	s = config_setting_add(g, name, CONFIG_TYPE_INT);
	return s && config_setting_set_int(s, (int)v) == CONFIG_TRUE ? 0 : -1;
}

int cfgutil_put_strings(config_setting_t *g, const char *name,
			const char *rows, size_t n, size_t width)
{
	config_setting_t *a;

	if (n == 0)
		return 0;
	a = config_setting_add(g, name, CONFIG_TYPE_ARRAY);
	if (!a)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!config_setting_set_string_elem(a, -1, rows + i * width))
			return -1;
	return 0;
}

char *cfgutil_format(const config_t *cfg, const char *header)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int bad;

	f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	if (header)
		fputs(header, f);
	config_write(cfg, f);
	bad = ferror(f);
	if (fclose(f) != 0)
		bad = 1;
	if (bad) {
		free(buf);
		return NULL;
	}
	return buf;
}

int cfgutil_get_str(const config_setting_t *g, const char *name, char *out,
		    size_t outlen)
{
	const char *v = NULL;
	size_t n;

	if (config_setting_lookup_string(g, name, &v) != CONFIG_TRUE)
		v = "";
	n = strlen(v);
	if (n >= outlen)
		return -1;
	memcpy(out, v, n + 1);
	return 0;
}

int cfgutil_get_dup(const config_setting_t *g, const char *name, char **out)
{
	const char *v = NULL;

	*out = NULL;
	if (config_setting_lookup_string(g, name, &v) != CONFIG_TRUE)
		return 0;
	*out = strdup(v);
	return *out ? 0 : -1;
}

bool cfgutil_get_bool(const config_setting_t *g, const char *name)
{
	int v = 0;

	if (config_setting_lookup_bool(g, name, &v) != CONFIG_TRUE)
		return false;
	return v != 0;
}
