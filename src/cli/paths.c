/*
 * paths.c - where edgenet finds its data files and which libvirt URI it
 * uses.  Reads the environment, the settings file and /proc/self/exe;
 * changes nothing.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/settings.h"


static bool has_policy(const char *dir)
{
	char p[PATH_MAX];

	if (snprintf(p, sizeof(p), "%s/policy.cfg", dir) >= (int)sizeof(p))
		return false;
	return access(p, R_OK) == 0;
}

const char *cli_datadir(const struct cli_globals *g, char *buf, size_t len)
{
	const char *env = getenv("EDGENET_DATADIR");
	char exe[PATH_MAX];
	ssize_t n;
	char *slash;

	if (g->datadir) {
		snprintf(buf, len, "%s", g->datadir);
		return buf;
	}
	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return buf;
	}
	if (has_policy(EDGENET_PKGDATADIR)) {
		snprintf(buf, len, "%s", EDGENET_PKGDATADIR);
		return buf;
	}
	/* An uninstalled build: the program sits at the top of the tree. */
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(buf, len, "%s/data", exe);
			if (has_policy(buf))
				return buf;
		}
	}
	snprintf(buf, len, "%s", EDGENET_PKGDATADIR);
	return buf;
}

const char *cli_policy_path(const struct cli_globals *g, char *buf, size_t len)
{
	char dir[PATH_MAX];

	if (g->policy_path) {
		snprintf(buf, len, "%s", g->policy_path);
		return buf;
	}
	snprintf(buf, len, "%s/policy.cfg", cli_datadir(g, dir, sizeof(dir)));
	return buf;
}

const char *cli_uri(const struct cli_globals *g, char *buf, size_t len)
{
	const char *env = getenv("LIBVIRT_DEFAULT_URI");
	char dir[PATH_MAX];
	char abs[PATH_MAX];

	if (g->demo) {
		cli_datadir(g, dir, sizeof(dir));
		if (!realpath(dir, abs))
			snprintf(abs, sizeof(abs), "%s", dir);
		snprintf(buf, len, "test://%s/demo-node.xml", abs);
		return buf;
	}
	if (g->uri) {
		snprintf(buf, len, "%s", g->uri);
		return buf;
	}
	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return buf;
	}
	if (settings_string(g->settings_path, "uri", buf, len))
		return buf;
	snprintf(buf, len, "qemu:///system");
	return buf;
}
