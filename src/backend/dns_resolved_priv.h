/*
 * dns_resolved_priv.h - what the two halves of backend/dns_resolved.h
 * share: the object (dns_resolved.c: descriptors, timer, watches, the
 * files fallback, publishing) and its sd-bus client (dns_resolved_bus.c:
 * connecting, matches, the GetAll of the Manager and of each link).  Not
 * for use elsewhere.
 */
#ifndef EDGENET_BACKEND_DNS_RESOLVED_PRIV_H
#define EDGENET_BACKEND_DNS_RESOLVED_PRIV_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <systemd/sd-bus.h>

#include "core/clock.h"
#include "core/dnsview.h"

#define DR_SERVICE "org.freedesktop.resolve1"
#define DR_PATH "/org/freedesktop/resolve1"
#define DR_MANAGER "org.freedesktop.resolve1.Manager"
#define DR_LINK "org.freedesktop.resolve1.Link"
#define DR_DEFAULT_BUS "unix:path=/run/dbus/system_bus_socket"
#define DR_DEBOUNCE_US 30000	/* files and links: bursts */
#define DR_SIGNAL_US 5000	/* PropertiesChanged: usually one */
#define DR_BACKOFF_MIN_MS 500
#define DR_BACKOFF_MAX_MS 2000	/* a local socket: cheap to try */

/* What to do, said after the reason the files are shown. */
#define DR_FIX_BUS "Check that D-Bus runs: systemctl status dbus."
#define DR_FIX_START "If this machine should use it, start it " \
	"(systemctl start systemd-resolved)."
#define DR_FIX_HUNG "If this lasts, restart it (systemctl restart " \
	"systemd-resolved)."

enum dr_watch {
	DR_W_STATE,		/* state_dir: netif/ appears, resolv.conf */
	DR_W_NETIF,		/* state_dir/netif */
	DR_W_LINKS,		/* networkd_dir/links */
	DR_W_ETC,		/* the directory of resolv.conf */
	DR_W_COUNT
};

struct dns_resolved {
	char bus_address[512];
	char state_dir[PATH_MAX];
	char networkd_dir[PATH_MAX];
	char resolv_conf[PATH_MAX];
	char resolv_dir[PATH_MAX];
	const char *resolv_base;
	int refresh_ms, call_timeout_ms, backoff_max_ms;
	bool no_watch;

	int epfd, tfd, ifd, nlfd;
	int wd[DR_W_COUNT];

	sd_bus *bus;
	int busfd;
	sd_bus_slot *match_owner, *match_props;

	/* the read in flight */
	unsigned gen;
	bool inflight, again;
	int pending;
	struct dnsview building;
	bool building_failed;

	/* deadlines, CLOCK_MONOTONIC microseconds, 0: none */
	uint64_t reconnect_at, refresh_at, periodic_at;
	int backoff_ms;

	bool match_failed;		/* no NameOwnerChanged: poll */

	struct dnsview view;
	bool ready;
	unsigned version;
	int changed;
	char status[256];
};

struct dr_call {
	struct dns_resolved *r;
	unsigned gen;
	int ifindex;		/* 0: the Manager */
};

/* dns_resolved.c */

/* The connection in words (dns_resolved_status). */
void dr_status(struct dns_resolved *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* V (emptied) becomes the view; a change bumps the version. */
void dr_publish(struct dns_resolved *r, struct dnsview *v);
/* The files' view published, REASON why and FIX what to do in its note. */
void dr_read_files(struct dns_resolved *r, const char *reason,
		   const char *fix);
/* A read again in DELAY_US (the earlier of two wins). */
void dr_schedule_refresh(struct dns_resolved *r, uint64_t delay_us);
/* inotify on the state directories and resolv.conf's, as they exist. */
void dr_watch(struct dns_resolved *r);

/* dns_resolved_bus.c */

/* Connects to the bus and installs the matches; 0 or a negative errno. */
int dr_connect(struct dns_resolved *r);
void dr_bus_close(struct dns_resolved *r);
/* The bus went away (WHY): the files meanwhile, reconnect with back-off. */
void dr_bus_lost(struct dns_resolved *r, const char *why);
/* Starts a read: GetAll of the Manager, then of each link. */
void dr_refresh_start(struct dns_resolved *r);

#endif
