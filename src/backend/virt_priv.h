/*
 * virt_priv.h - what the files of the libvirt backend share and nobody
 * else (virt.c: the connection; virt_query.c: the ops that read the
 * host): the layout of struct virt_conn.  Backend layer.
 */
#ifndef EDGENET_BACKEND_VIRT_PRIV_H
#define EDGENET_BACKEND_VIRT_PRIV_H

#include <stdatomic.h>
#include <stdbool.h>

#include <libvirt/libvirt.h>

/* One connection to a libvirt host (virt.h); its handle may be made
 * again in place (virt_reconnect). */
struct virt_conn {
	virConnectPtr conn;
	char *uri;
	char *asked;		/* the URI virt_connect was given; NULL: default */
	bool owned;		/* virt_connect's (virt_reconnect may redo it) */
	bool close_cb;		/* close callback registered */
	/* the handle whose close counts: an old handle's late callback
	 * must not mark the new connection lost */
	_Atomic(void *) live_handle;
	/* virt_on_host_change: the callback and its registrations */
	void (*host_fn)(void *ctx);
	void *host_ctx;
	int cb_net, cb_dom;	/* event callback ids, -1 none */
	atomic_int lost;	/* 0, or 1 + virConnectCloseReason */
	void *lost_ctx;		/* written before lost_fn */
	_Atomic(void (*)(void *)) lost_fn;
};

#endif
