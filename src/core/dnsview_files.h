/*
 * dnsview_files.h - a machine's whole DNS view built from its files
 * (Global from /etc/resolv.conf, each link from resolved's and networkd's
 * state files) with the parsers of core/dnsview_parse.h: from texts in
 * hand, or through a callback that reads a path (the VM's files through
 * the guest agent; this machine's own when resolved is not running).
 * Pure C: the callback does the reading.
 */
#ifndef EDGENET_DNSVIEW_FILES_H
#define EDGENET_DNSVIEW_FILES_H

#include <stddef.h>

#include "core/diag.h"
#include "core/dnsview.h"

struct dnsview_link_files {
	int ifindex;
	const char *ifname;		/* NULL unknown */
	const char *networkd;		/* /run/systemd/netif/links/IDX */
	const char *resolved;		/* /run/systemd/resolve/netif/IDX */
};

/* Builds V (freed first) from the files: Global from RESOLV_CONF (NULL:
 * the file is missing), one section per entry of LINKS (ifindex 1, the
 * loopback, is skipped like resolvectl does).  Scopes and current servers
 * are unknown; the default route is derived with resolved's rule.  The
 * source is DNSVIEW_SOURCE_FILES, or _RESOLV_CONF when no link file had
 * any setting; the note is left to the caller.  0, or -1 on memory. */
int dnsview_build_from_files(struct dnsview *v, const char *resolv_conf,
			     const char *resolv_conf_path,
			     const struct dnsview_link_files *links,
			     size_t nlinks, struct diag_list *problems);

/* Another machine's view (the VM's, through the guest agent): READ
 * returns a file's content as a malloc'd string, or NULL when it cannot
 * be read; it is asked for /proc/net/dev (the links), then for each link
 * /sys/class/net/NAME/ifindex, /run/systemd/netif/links/IDX and
 * /run/systemd/resolve/netif/IDX, and /etc/resolv.conf.  Builds V as
 * dnsview_build_from_files does.  0, or -1 (memory, or /proc/net/dev
 * unreadable: no link can be named). */
typedef char *(*dnsview_read_fn)(void *ctx, const char *path);
int dnsview_read_machine(struct dnsview *v, dnsview_read_fn read, void *ctx,
			 struct diag_list *problems);

#endif
