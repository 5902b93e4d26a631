/*
 * dns_resolved_files.h - this machine's DNS view from the files systemd-
 * resolved and networkd saved, and /etc/resolv.conf: the fallback of
 * backend/dns_resolved.c, its only user, when resolved cannot be asked.
 */
#ifndef EDGENET_BACKEND_DNS_RESOLVED_FILES_H
#define EDGENET_BACKEND_DNS_RESOLVED_FILES_H

#include "core/dnsview.h"

struct dns_resolved_files {
	const char *state_dir;		/* resolved's: STATE_DIR/netif/N */
	const char *networkd_dir;	/* networkd's: NETWORKD_DIR/links/N */
	const char *resolv_conf;	/* this machine's resolv.conf */
};

/* Builds V (initialised here: no need to before) from the files of F,
 * with a note: REASON, why resolved is not the source (a sentence
 * start), then what the files show, then FIX, what to do about it (a
 * sentence, or "").  Links are this network namespace's (/proc/net/dev),
 * the loopback left out.  On memory shortage V is empty with the source
 * DNSVIEW_SOURCE_RESOLV_CONF and the note still set. */
void dns_resolved_files_view(struct dnsview *v,
			     const struct dns_resolved_files *f,
			     const char *reason, const char *fix);

#endif
