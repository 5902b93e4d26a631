/*
 * vm_addrs_watch.h - the VM watcher: vm_addrs_collect (vm_addrs.h) run
 * in a thread of its own, with its own connection, refreshing on the
 * domain's lifecycle and agent events and on a modest timer, backing off
 * while libvirt or the agent is away, and signalling a descriptor the
 * console's poll() loop watches (libvirt calls can block for seconds:
 * the console never waits for them).
 *
 * The guest's DNS state (vm_agent_read.h) is read by the watcher once
 * asked to (vm_addrs_want_dns) and then with every refresh;
 * vm_addrs_take_dns hands it over.  Only reads: nothing is changed in
 * libvirt or the guest.
 */
#ifndef EDGENET_BACKEND_VM_ADDRS_WATCH_H
#define EDGENET_BACKEND_VM_ADDRS_WATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <libvirt/libvirt.h>

#include "backend/vm_agent_read.h"
#include "core/vmaddr.h"

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
