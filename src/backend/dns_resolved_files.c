/*
 * dns_resolved_files.c - this machine's DNS view when systemd-resolved
 * cannot be asked: the settings resolved and networkd saved for each link
 * and /etc/resolv.conf, read by the core's reader (core/dnsview_files.h,
 * the one the VM's view uses) through a callback that answers the usual
 * paths from the directories configured, with a note saying why these
 * files are shown and what they cannot show.
 *
 * May touch: reads of the state directories, the resolv.conf given,
 * /proc/net/dev; the kernel's interface index of a name.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend/dns_resolved_files.h"
#include "core/dnsview_files.h"
#include "core/str.h"

#define DRF_FILE_MAX (256 * 1024)

/* At most DRF_FILE_MAX bytes of PATH (the parsers read no more), NULL
 * when it cannot be opened. */
static char *drf_read_file(const char *path)
{
	char *buf;
	size_t len = 0;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return NULL;
	buf = malloc(DRF_FILE_MAX + 1);
	if (!buf) {
		close(fd);
		return NULL;
	}
	while (len < DRF_FILE_MAX) {
		n = read(fd, buf + len, DRF_FILE_MAX - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	return buf;
}

/* The core's reader (dnsview_read_machine) asks for a machine's files by
 * their usual paths; this machine answers from the directories it was
 * given.  The links are this network namespace's: /proc/net/dev names
 * them, and each name's ifindex is asked of the kernel (sysfs may show
 * another namespace's). */
struct drf_reader {
	const struct dns_resolved_files *f;
	bool resolv_conf_read;
};

static char *drf_read_path(void *ctx, const char *path)
{
	static const char links[] = "/run/systemd/netif/links/";
	static const char netif[] = "/run/systemd/resolve/netif/";
	static const char sys[] = "/sys/class/net/";
	struct drf_reader *rd = ctx;
	const struct dns_resolved_files *f = rd->f;
	char real[PATH_MAX + 64], name[IF_NAMESIZE + 1], *p;
	const char *slash;
	unsigned idx;
	size_t n;

	if (!strcmp(path, "/proc/net/dev")) {
		p = drf_read_file(path);
		return p ? p : strdup("");	/* no links: resolv.conf only */
	}
	if (!strcmp(path, "/etc/resolv.conf")) {
		p = drf_read_file(f->resolv_conf);
		rd->resolv_conf_read = p != NULL;
		return p;
	}
	if (!strncmp(path, sys, sizeof(sys) - 1)) {
		path += sizeof(sys) - 1;
		slash = strchr(path, '/');
		n = slash ? (size_t)(slash - path) : 0;
		if (!n || n >= sizeof(name) || strcmp(slash, "/ifindex"))
			return NULL;
		memcpy(name, path, n);
		name[n] = '\0';
		idx = if_nametoindex(name);
		if (!idx)
			return NULL;
		snprintf(real, sizeof(real), "%u\n", idx);
		return strdup(real);
	}
	/* a cut path would read another file: none then */
	if (!strncmp(path, links, sizeof(links) - 1)) {
		if (str_path(real, sizeof(real), NULL, 0, "%s/links/%s",
			     f->networkd_dir, path + sizeof(links) - 1) < 0)
			return NULL;
	} else if (!strncmp(path, netif, sizeof(netif) - 1)) {
		if (str_path(real, sizeof(real), NULL, 0, "%s/netif/%s",
			     f->state_dir, path + sizeof(netif) - 1) < 0)
			return NULL;
	} else {
		return NULL;
	}
	return drf_read_file(real);
}

void dns_resolved_files_view(struct dnsview *v,
			     const struct dns_resolved_files *f,
			     const char *reason, const char *fix)
{
	struct drf_reader rd = { f, false };

	dnsview_init(v);
	if (dnsview_read_machine(v, drf_read_path, &rd, NULL) < 0) {
		dnsview_free(v);
		v->source = DNSVIEW_SOURCE_RESOLV_CONF;
	} else {
		/* Global was read from this machine's resolv.conf */
		snprintf(v->global.origin, sizeof(v->global.origin), "%.*s",
			 (int)sizeof(v->global.origin) - 1, f->resolv_conf);
	}
	if (v->source == DNSVIEW_SOURCE_FILES)
		dnsview_set_note(v, "%s: showing the settings saved for each "
				 "interface (in %s/netif and %s/links) and %s. "
				 "Which servers are in use right now, and "
				 "which interfaces are used for names, is not "
				 "known; the saved settings may be out of "
				 "date.%s%s",
				 reason, f->state_dir, f->networkd_dir,
				 f->resolv_conf, fix[0] ? " " : "", fix);
	else
		dnsview_set_note(v, "%s; no interface has DNS settings "
				 "saved: showing %s%s.%s%s",
				 reason, f->resolv_conf,
				 rd.resolv_conf_read ? "" : " (which is missing: "
				 "programs of this machine cannot resolve "
				 "names)",
				 fix[0] ? " " : "", fix);
}
