/*
 * vm_addrs.h - the VM seen through libvirt: its NICs, the addresses each
 * source reports (guest agent, DHCP lease, ARP: each source's own result
 * or error) and, through the guest agent, its /proc/net/route; as a
 * core/vmaddr.h struct vm_observed.
 *
 * Two ways to use it: vm_addrs_collect, once and synchronously, on a
 * connection the caller owns (`edgenet status`); or vm_addrs_start, a
 * watcher with its own connection and thread that refreshes on the
 * domain's lifecycle and agent events and on a modest timer, backs off
 * while libvirt or the agent is away, and signals a descriptor the
 * console's poll() loop watches (libvirt calls can block for seconds: the
 * console never waits for them).  Only reads: nothing is changed in
 * libvirt or the guest (the agent opens /proc/net/route read-only).
 *
 * The guest's DNS state (struct vm_dns: /etc/resolv.conf, resolved's
 * /run/systemd/resolve/netif/IDX and networkd's /run/systemd/netif/
 * links/IDX for each link of its /proc/net/dev, opened read-only through
 * the agent, at most VM_DNS_MAX_FILES files and VM_DNS_BUDGET_MS per
 * read) is read once by vm_addrs_read_dns, or by the watcher once asked
 * to (vm_addrs_want_dns) and then with every refresh; vm_addrs_take_dns
 * hands it over.
 */
#ifndef EDGENET_BACKEND_VM_ADDRS_H
#define EDGENET_BACKEND_VM_ADDRS_H

#include <stdbool.h>
#include <stddef.h>
#include <libvirt/libvirt.h>

#include "core/dnsview.h"
#include "core/vmaddr.h"

enum vm_addrs_flags {
	VM_ADDRS_ROUTES = 1 << 0,	/* read the guest's /proc/net/route */
	VM_ADDRS_NO_AGENT = 1 << 1,	/* skip the agent (backing off) */
	VM_ADDRS_NO_ARP = 1 << 2,	/* skip ARP */
};

/* Fills OUT (initialised here) for DOMAIN on CONN: the domain's state and
 * NICs, then, if it runs, each address source in turn and (with
 * VM_ADDRS_ROUTES) the guest's routes.  Every failure is kept in OUT
 * (conn_err, src[].err, routes_err) and the next source is tried.
 * Returns 0 when the domain could be looked at, -1 when not (OUT->
 * conn_err says why). */
int vm_addrs_collect(virConnectPtr conn, const char *domain, unsigned flags,
		     struct vm_observed *out);

/* Bounds of one read of the guest's DNS state. */
#define VM_DNS_MAX_FILES 64		/* agent file reads */
#define VM_DNS_FILE_MAX (64 * 1024)	/* bytes of one file */
#define VM_DNS_BUDGET_MS 15000		/* then what is left is skipped */

/* The guest's DNS state as read through the agent. */
struct vm_dns {
	bool tried;			/* the agent was asked */
	bool ok;			/* VIEW holds what was read */
	char err[VM_ERR_MAX + 256];	/* why not, "" */
	struct dnsview view;		/* DNSVIEW_SOURCE_FILES or _RESOLV_CONF,
					 * with a note naming the source */
	struct diag_list problems;	/* what the parsers dropped */
	unsigned files;			/* files the agent returned */
	int64_t taken_ms;		/* CLOCK_MONOTONIC ms, 0 never */
	int64_t taken_unix;
};

void vm_dns_init(struct vm_dns *d);
void vm_dns_free(struct vm_dns *d);	/* and re-initialises */
/* Deep copy (DST freed first).  0, or -1 when memory runs out. */
int vm_dns_copy(struct vm_dns *dst, const struct vm_dns *src);

/* Reads DOMAIN's DNS state once through its guest agent, on CONN (the
 * caller's).  OUT is freed first.  Returns 0 when the view was read,
 * -1 when not (OUT->err says why: not running, no agent...). */
int vm_addrs_read_dns(virConnectPtr conn, const char *domain,
		      struct vm_dns *out);

struct vm_addrs;

struct vm_addrs_opts {
	const char *uri;		/* NULL: libvirt's default */
	const char *domain;
	unsigned refresh_s;		/* timer; 0: 30 s */
	bool routes;			/* also the guest's routes */
	bool dns;			/* also its DNS state from the start */
	/* when set, the watcher uses this open connection (a reference of
	 * its own: virt_share) instead of opening URI: a simulated host's
	 * state lives in one connection, which the console shares */
	virConnectPtr share;
};

/* Starts the watcher (a thread; libvirt's default event loop runs in a
 * second thread, shared by all watchers).  Returns NULL with a message
 * in ERR (no thread, no memory); libvirt being away is not an error: it
 * shows in the snapshots and is retried. */
struct vm_addrs *vm_addrs_start(const struct vm_addrs_opts *o, char *err,
				size_t errlen);
/* Stops and frees it (waits for a libvirt call in progress to end). */
void vm_addrs_stop(struct vm_addrs *w);

/* Readable when a new snapshot is ready. */
int vm_addrs_fd(const struct vm_addrs *w);
/* Copies the newest snapshot into OUT if there is one the caller has not
 * taken yet: true then, false otherwise.  Clears the descriptor. */
bool vm_addrs_take(struct vm_addrs *w, struct vm_observed *out);
/* Asks for a refresh now (a key press, after a change). */
void vm_addrs_refresh(struct vm_addrs *w);

/* From now on each refresh also reads the guest's DNS state (a refresh
 * is asked for at once when this turns it on). */
void vm_addrs_want_dns(struct vm_addrs *w);
/* Copies the newest DNS state into OUT if the caller has not taken it
 * yet: true then (the descriptor announced it with the addresses). */
bool vm_addrs_take_dns(struct vm_addrs *w, struct vm_dns *out);

#endif
