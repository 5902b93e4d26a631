/*
 * dns_resolved.h - the local machine's DNS view, live from systemd-resolved
 * over D-Bus (sd-bus), or from its state files and /etc/resolv.conf when
 * it is not running, with a note saying which.  Never blocks: one file
 * descriptor for the console's poll() loop and a function to call when it
 * is readable; the view is kept current by itself.
 *
 * What makes it re-read (each debounced to one read):
 *  - PropertiesChanged under /org/freedesktop/resolve1 (resolved emits it
 *    for the server lists), and resolved appearing or vanishing
 *    (NameOwnerChanged): at once;
 *  - resolved's and networkd's state files and /etc/resolv.conf changing
 *    (inotify; resolved sends no signal for domains or DefaultRoute);
 *  - links and addresses coming and going (rtnetlink multicast: scopes);
 *  - a slow timer while resolved runs (opts.refresh_ms, 5 s: the current
 *    server changes without a signal).
 * When the bus itself goes away it reconnects with a doubling back-off
 * (0.5 s up to opts.backoff_max_ms, 2 s unless set: the bus is a local
 * socket, a refused connection costs nothing, and the view is current
 * again within seconds of the bus's return), showing the files
 * meanwhile.
 *
 * Read-only: it calls no method that changes anything, and never starts
 * resolved (auto-start is off on every call).
 *
 * Typical use (the DNS panel):
 *
 *	r = dns_resolved_new(NULL, err, sizeof(err));
 *	loop_add_fd(loop, dns_resolved_fd(r), POLLIN, on_dns_fd, ctx);
 *	...when the fd is readable:
 *	if (dns_resolved_process(r) > 0) {
 *		dnsview_copy(&mine, dns_resolved_view(r));
 *		dns_probe_start_view(probe, &mine, ...);   (servers changed?)
 *		redraw;
 *	}
 */
#ifndef EDGENET_BACKEND_DNS_RESOLVED_H
#define EDGENET_BACKEND_DNS_RESOLVED_H

#include <stdbool.h>
#include <stddef.h>

#include "core/dnsview.h"

struct dns_resolved_opts {
	const char *bus_address;	/* NULL: $DBUS_SYSTEM_BUS_ADDRESS,
					 * else the system bus socket */
	const char *state_dir;		/* NULL: /run/systemd/resolve */
	const char *networkd_dir;	/* NULL: /run/systemd/netif */
	const char *resolv_conf;	/* NULL: /etc/resolv.conf */
	int refresh_ms;			/* re-read while resolved runs;
					 * 0: 5000, < 0: never */
	int call_timeout_ms;		/* D-Bus calls; 0: 3000 */
	int backoff_max_ms;		/* reconnect cap; 0: 2000 */
	bool no_watch;			/* one read only: no signals, no
					 * inotify, no rtnetlink (closing an
					 * inotify costs milliseconds) */
};

struct dns_resolved;

/* Starts reading (the first view arrives through the descriptor; when
 * the bus cannot be reached the files are read at once).  NULL opts:
 * the defaults.  Returns NULL with a sentence in ERR only when the
 * process cannot make descriptors or memory. */
struct dns_resolved *dns_resolved_new(const struct dns_resolved_opts *o,
				      char *err, size_t errlen);
void dns_resolved_free(struct dns_resolved *r);

/* The one descriptor to poll for POLLIN; the same for the object's life
 * (an epoll set holding the bus, a timer, inotify and rtnetlink). */
int dns_resolved_fd(const struct dns_resolved *r);
/* Does what is ready without blocking.  Returns 1 when the view changed
 * (source, note or any field), 0 when not, -1 when the descriptor
 * itself failed. */
int dns_resolved_process(struct dns_resolved *r);

/* The current view (valid until the next process call).  Its source is
 * DNSVIEW_SOURCE_NONE until the first read completed. */
const struct dnsview *dns_resolved_view(const struct dns_resolved *r);
bool dns_resolved_ready(const struct dns_resolved *r);
/* Bumps each time the view changes. */
unsigned dns_resolved_version(const struct dns_resolved *r);
/* The connection in a few words, for a status line: "systemd-resolved
 * (this machine's DNS service)", "systemd-resolved is not running",
 * "D-Bus is not reachable: trying again in 4 s"... */
const char *dns_resolved_status(const struct dns_resolved *r);

/* Reads everything again now (the panel's refresh key); a lost bus is
 * retried at once. */
void dns_resolved_refresh(struct dns_resolved *r);

/* One shot for `edgenet status`: the first complete view, waiting at
 * most TIMEOUT_MS (then what the files say).  OUT is replaced.  0, or -1
 * with ERR. */
int dns_resolved_read_once(const struct dns_resolved_opts *o,
			   struct dnsview *out, int timeout_ms, char *err,
			   size_t errlen);

#endif
