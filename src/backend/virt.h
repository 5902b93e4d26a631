/*
 * virt.h - the libvirt backend: one connection to a libvirt host, and the
 * host_virt_ops (core/host.h) the console uses to read its networks and
 * domains.  Also the small network-XML reader behind list_networks,
 * exported so that it can be tested on its own.
 */
#ifndef EDGENET_BACKEND_VIRT_H
#define EDGENET_BACKEND_VIRT_H

#include <stdbool.h>
#include <stddef.h>
#include <libvirt/libvirt.h>

#include "core/host.h"

struct virt_conn;

/* Makes libvirt quiet for the whole process: its default error handler
 * prints to stderr, over the screen.  virt_connect calls it too; call it
 * once at start-up before any other libvirt call.  Idempotent. */
void virt_quiet_errors(void);
/* WHAT, then the first line of libvirt's last error (XML parse errors
 * add lines with the faulty text) into ERR; resets libvirt's error.
 * Returns -1, for "return virt_last_error(...)". */
int virt_last_error(char *err, size_t errlen, const char *what);
/* Is CONN a remote host, reached over a libvirt transport
 * (qemu+ssh://HOST/system, qemu+tcp://...): not this machine and not the
 * test driver?  False when its URI cannot be read. */
bool virt_is_remote(virConnectPtr conn);
/* Domain D's XML, its persistent definition or (LIVE) the running one,
 * malloc'd; NULL with "cannot read the VM's definition: <libvirt's
 * error>" in ERR. */
char *virt_dom_xml(virDomainPtr d, bool live, char *err, size_t errlen);

/* Opens URI (NULL: libvirt's default, e.g. LIBVIRT_DEFAULT_URI).  Returns
 * the connection, or NULL with a message in ERR.  Never prints. */
struct virt_conn *virt_connect(const char *uri, char *err, size_t errlen);
void virt_close(struct virt_conn *c);
/* Another reference to the open handle H (virConnectRef), for a second
 * user of one connection, such as a watcher thread on a simulated host
 * whose state exists only in that connection.  virt_close drops the
 * reference; the owner's close callback and loss reports stay the
 * owner's (here a loss shows as errors).  NULL with a message in ERR. */
struct virt_conn *virt_share(virConnectPtr h, char *err, size_t errlen);

/* Fills OPS with the operations on C (OPS->ctx = C). */
void virt_ops(struct virt_conn *c, struct host_virt_ops *ops);

/* NULL while the connection is fine; else why it was lost ("connection
 * lost: ..."), after which every op fails with that message until the
 * caller closes C and connects again. */
const char *virt_lost(const struct virt_conn *c);

/* Why the connection was lost, in words without advice ("libvirt closed
 * it (the daemon stopped or restarted)"); NULL while it is fine. */
const char *virt_lost_why(const struct virt_conn *c);

/* Asks libvirt whether the connection still lives (a call's error may be
 * the first sign when no close callback runs) and marks it lost when it
 * does not.  True when it is lost (virt_lost says why). */
bool virt_check_lost(struct virt_conn *c);

/* Opens the URI C was made for again and puts the new handle in the old
 * one's place (its close callback and virt_on_host_change's events
 * with it); the old handle is closed and the connection counts as fine
 * again.  Every holder of C (its ops, virt_apply) uses the new handle
 * from then on.  Only for virt_connect's connections, not virt_share's.
 * 0, or -1 with a message in ERR (C is left as it was). */
int virt_reconnect(struct virt_conn *c, char *err, size_t errlen);

/* FN(CTX) is called when a network or a domain of the host is defined,
 * undefined, started or stopped (libvirt's lifecycle events; from its
 * event thread, see virt_events.h: keep FN short and thread-safe).  Set
 * once per connection; kept across virt_reconnect.  Without an event
 * loop nothing is called. */
void virt_on_host_change(struct virt_conn *c, void (*fn)(void *ctx),
			 void *ctx);

/* FN(CTX) is called once the connection is lost (from libvirt's event
 * loop thread, when the driver has a close callback: keep FN short and
 * thread-safe, e.g. waking a worker).  NULL FN: no call. */
void virt_on_lost(struct virt_conn *c, void (*fn)(void *ctx), void *ctx);

/* The URI libvirt reports for C (virConnectGetURI when it connected:
 * an alias from libvirt.conf's uri_aliases is resolved there, so
 * "plant2" reads as the URI it stands for), else the URI given; "" when
 * C is NULL.  Decide "this machine or not" from this one. */
const char *virt_uri(const struct virt_conn *c);

/* The libvirt handle, for other backends (NULL if C is NULL). */
virConnectPtr virt_handle(const struct virt_conn *c);

/* Reads the fields of a libvirt <network> XML into N: forward mode,
 * bridge, the first IPv4 <ip> as "A.B.C.D/P" (prefix, netmask or the
 * address class libvirt defaults to) and its first DHCP range; then sets
 * N->type with virt_map_switch.  Leaves name, active and autostart alone.
 * Returns 0, or -1 with a message in ERR (malformed XML, a value too
 * long). */
int virt_parse_network_xml(const char *xml, struct host_net *n, char *err,
			   size_t errlen);

/* The switch type a parsed network maps onto:
 *   nat with an address and DHCP, named "default"       -> SWITCH_DEFAULT
 *   bridge, private, vepa, passthrough                  -> SWITCH_EXTERNAL
 *   isolated (no forward) or nat, with an address       -> SWITCH_INTERNAL
 *   anything else (route, open, hostdev, no address)    -> SWITCH_UNSET */
enum switch_type virt_map_switch(const struct host_net *n);

#endif
