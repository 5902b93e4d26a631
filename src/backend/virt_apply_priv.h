/*
 * virt_apply_priv.h - what the files of virt_apply share and nobody else
 * (virt_apply.c: the handle, snapshot, preparation and restart;
 * virt_apply_net.c: the network and DHCP host steps; virt_apply_dom.c:
 * the VM's interface steps; virt_apply_ops.c: the apply_ops table): the
 * handle's layout, libvirt look-ups and each step kind's do, undo and
 * check.  Backend layer.
 */
#ifndef EDGENET_BACKEND_VIRT_APPLY_PRIV_H
#define EDGENET_BACKEND_VIRT_APPLY_PRIV_H

#include <stdbool.h>
#include <stddef.h>

#include <libvirt/libvirt.h>

#include "backend/guest_apply.h"
#include "backend/virt.h"
#include "backend/virt_apply.h"
#include "core/apply_txn.h"

/* How long a live unplug may take the guest (ms). */
#define VIRT_UNPLUG_WAIT_MS 10000

struct virt_apply {
	struct virt_conn *c;	/* its handle is read at each use: it may
				 * be made again (virt_reconnect) */
	struct guest_expect expect;	/* what the guest checks look for */
	bool no_network_update;	/* test hook: virt_apply_set_faults */
};

/* The code of libvirt's last error on this thread (VIR_ERR_*). */
int vapply_last_code(void);

/* Network NAME, or NULL: *MISSING tells "does not exist" from errors. */
virNetworkPtr vapply_net_get(struct virt_apply *va, const char *name,
			     bool *missing, char *err, size_t errlen);

/* Persistent definition (inactive XML) of N, malloc'd; live = current. */
char *vapply_net_xml(virNetworkPtr n, bool live, char *err, size_t errlen);

virDomainPtr vapply_dom_get(struct virt_apply *va, const char *name,
			    char *err, size_t errlen);

/* Defines XML; when RESTART and the network is active, restarts it so
 * the new definition is in force (stop, define, start: the test driver
 * keeps the old definition running across a restart otherwise); START:
 * make sure it is active afterwards. */
int vapply_net_define(struct virt_apply *va, const char *xml, bool restart,
		      bool start, char *err, size_t errlen);

int vapply_do_net_define(struct virt_apply *va, const struct apply_step *s,
			 char *err, size_t errlen);

int vapply_undo_net_define(struct virt_apply *va, const struct apply_step *s,
			   char *err, size_t errlen);

/* Compares the network NAME (persistent, and live when it is active and
 * LIVE_TOO) with the definition WANT_XML. */
int vapply_net_matches(struct virt_apply *va, const char *name,
		       const char *want_xml, bool live_too, char *err,
		       size_t errlen);

int vapply_check_net_absent(struct virt_apply *va, const char *name,
			    char *err, size_t errlen);

int vapply_net_set_active(struct virt_apply *va, const char *name, bool on,
			  char *err, size_t errlen);

int vapply_check_net_active(struct virt_apply *va, const char *name,
			    bool on, char *err, size_t errlen);

int vapply_net_set_autostart(struct virt_apply *va, const char *name,
			     bool on, bool check, char *err, size_t errlen);

/* Sets the DHCP host entry of MAC on network NAME from what it is now to
 * IP ("" = none), live and persistent.  FALLBACK_XML is the whole
 * definition to use where virNetworkUpdate is not supported. */
int vapply_host_set(struct virt_apply *va, const char *name, const char *mac,
		    const char *ip, const char *fallback_xml,
		    struct apply_run *out, char *err, size_t errlen);

int vapply_check_host(struct virt_apply *va, const char *name,
		      const char *mac, const char *ip, char *err,
		      size_t errlen);

int vapply_do_dom(struct virt_apply *va, const struct apply_step *s,
		  struct apply_run *out, char *err, size_t errlen);

int vapply_undo_dom(struct virt_apply *va, const struct apply_step *s,
		    const struct apply_run *run, char *err, size_t errlen);

/* Persistent definition: the NIC with MAC is on the network of ELEM (or
 * absent when ELEM is NULL).  Live too when LIVE. */
int vapply_check_dom(struct virt_apply *va, const char *dom, const char *mac,
		     const char *elem, bool live, char *err, size_t errlen);

#endif
