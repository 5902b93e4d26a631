/*
 * virt.c - the libvirt backend's connection (see virt.h):
 * opens one connection to a libvirt host (local, remote or the test
 * driver), makes libvirt quiet and maps its errors to messages, notices
 * a lost connection and makes it again in place (virt_reconnect: a new
 * handle where the lost one was, so that every holder of the struct uses
 * it), and reports the host's network and domain lifecycle events
 * (virt_on_host_change); a callback of an old handle never counts for
 * the new one.  The network XML is read by virt_netxml.c, the networks
 * and domains are listed by virt_query.c; they share virt_priv.h.
 *
 * It only reads: no network or domain is defined, started or changed
 * here.  libvirt's default error handler writes to stderr, over the
 * screen: it is replaced first, and every libvirt error comes back as a
 * message in the caller's buffer.  The one process-wide thing touched is
 * libvirt's error handler.
 */
#include "config.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "backend/virt.h"
#include "backend/virt_events.h"
#include "backend/virt_priv.h"
#include "core/diag.h"
#include "core/host.h"

/* ---------------------------------------------------------------- */
/* libvirt's errors                                                  */

/* WHAT, then the first line of libvirt's last error message (XML parse
 * errors add lines with the faulty text and a caret); resets libvirt's
 * error. */
bool virt_is_remote(virConnectPtr conn)
{
	char *uri = virConnectGetURI(conn);
	bool remote;

	if (!uri) {
		virResetLastError();
		return false;
	}
	remote = !host_uri_is_local(uri) && !host_uri_is_simulated(uri);
	free(uri);
	return remote;
}

int virt_last_error(char *err, size_t errlen, const char *what)
{
	const char *msg = virGetLastErrorMessage();
	int len;

	if (!msg)
		msg = "unknown libvirt error";
	len = (int)strcspn(msg, "\n");
	errf(err, errlen, "%s: %.*s", what, len, msg);
	virResetLastError();
	return -1;
}

char *virt_dom_xml(virDomainPtr d, bool live, char *err, size_t errlen)
{
	char *x = virDomainGetXMLDesc(d, live ? 0 : VIR_DOMAIN_XML_INACTIVE);

	if (!x)
		virt_last_error(err, errlen, "cannot read the VM's definition");
	return x;
}

static void quiet_error(void *opaque, virErrorPtr error)
{
	(void)opaque;
	(void)error;
}

void virt_quiet_errors(void)
{
	virSetErrorFunc(NULL, quiet_error);
}

/* ---------------------------------------------------------------- */
/* the connection                                                    */

static void close_cb(virConnectPtr conn, int reason, void *opaque)
{
	struct virt_conn *c = opaque;
	void (*fn)(void *);

	if ((void *)conn != atomic_load(&c->live_handle))
		return;		/* the connection before a reconnect */
	if (reason < 0 || reason > VIR_CONNECT_CLOSE_REASON_CLIENT)
		reason = VIR_CONNECT_CLOSE_REASON_ERROR;
	atomic_store(&c->lost, 1 + reason);
	fn = atomic_load(&c->lost_fn);
	if (fn)
		fn(c->lost_ctx);
}

void virt_on_lost(struct virt_conn *c, void (*fn)(void *ctx), void *ctx)
{
	if (!c)
		return;
	atomic_store(&c->lost_fn, NULL);
	c->lost_ctx = ctx;
	atomic_store(&c->lost_fn, fn);
}

/* Why the connection was lost, without what to do about it; NULL
 * while it is fine. */
static const char *lost_why(int lost)
{
	switch (lost) {
	case 0:
		return NULL;
	case 1 + VIR_CONNECT_CLOSE_REASON_EOF:
		return "libvirt closed it (the daemon stopped or restarted)";
	case 1 + VIR_CONNECT_CLOSE_REASON_KEEPALIVE:
		return "libvirt stopped answering (keepalive timeout)";
	case 1 + VIR_CONNECT_CLOSE_REASON_CLIENT:
		return "closed by this program";
	default:
		return "error on the connection to libvirt";
	}
}

const char *virt_lost_why(const struct virt_conn *c)
{
	if (!c)
		return "not connected to libvirt";
	return lost_why(atomic_load(&((struct virt_conn *)c)->lost));
}

const char *virt_lost(const struct virt_conn *c)
{
	int lost;

	if (!c)
		return "not connected to libvirt";
	lost = atomic_load(&((struct virt_conn *)c)->lost);
	switch (lost) {
	case 0:
		return NULL;
	case 1 + VIR_CONNECT_CLOSE_REASON_EOF:
		return "connection lost: libvirt closed it (the daemon stopped "
		       "or restarted); reconnect";
	case 1 + VIR_CONNECT_CLOSE_REASON_KEEPALIVE:
		return "connection lost: libvirt stopped answering (keepalive "
		       "timeout); check the host and reconnect";
	case 1 + VIR_CONNECT_CLOSE_REASON_CLIENT:
		return "connection lost: closed by this program; reconnect";
	default:
		return "connection lost: error on the connection to libvirt; "
		       "reconnect";
	}
}

bool virt_check_lost(struct virt_conn *c)
{
	if (!c || !c->conn)
		return true;
	if (atomic_load(&c->lost) == 0 && virConnectIsAlive(c->conn) == 0) {
		int expected = 0;

		atomic_compare_exchange_strong(&c->lost, &expected,
			1 + VIR_CONNECT_CLOSE_REASON_EOF);
	}
	virResetLastError();
	return atomic_load(&c->lost) != 0;
}

virConnectPtr virt_handle(const struct virt_conn *c)
{
	return c ? c->conn : NULL;
}

/* The test driver hands its node file to libxml2, which reports a file
 * it cannot read on stderr whatever libvirt's error handler is: check
 * the file first and say it ourselves.  0, or -1 with a message. */
static int check_test_uri(const char *uri, char *err, size_t errlen)
{
	char path[4096];
	struct stat st;
	size_t len;

	if (!uri || strncmp(uri, "test:///", 8) != 0)
		return 0;
	len = strcspn(uri + 7, "?#");
	if (len >= sizeof(path)) {
		errf(err, errlen, "cannot connect to libvirt: the test "
			"driver's file name is too long");
		return -1;
	}
	memcpy(path, uri + 7, len);
	path[len] = '\0';
	if (strcmp(path, "/default") == 0)
		return 0;
	if (stat(path, &st) < 0 || access(path, R_OK) < 0) {
		errf(err, errlen, "cannot connect to libvirt at '%s': the "
			"test driver's node file %s cannot be read: %s", uri,
			path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		errf(err, errlen, "cannot connect to libvirt at '%s': the "
			"test driver's node file %s is not a regular file",
			uri, path);
		return -1;
	}
	return 0;
}

/* A new handle on URI (NULL: the default), or NULL with a message. */
static virConnectPtr open_handle(const char *uri, char *err, size_t errlen)
{
	virConnectPtr h;

	if (check_test_uri(uri, err, errlen) < 0)
		return NULL;
	h = virConnectOpen(uri);
	if (!h) {
		char what[300];

		snprintf(what, sizeof(what), "cannot connect to libvirt at '%s'",
			 uri ? uri : "(default URI)");
		virt_last_error(err, errlen, what);
	}
	return h;
}

/* The host-change events on C's current handle (virt_on_host_change). */
static void host_event(virConnectPtr conn, struct virt_conn *c)
{
	if ((void *)conn == atomic_load(&c->live_handle) && c->host_fn)
		c->host_fn(c->host_ctx);
}

/* A network's lifecycle (virConnectNetworkEventLifecycleCallback). */
static void host_net_event(virConnectPtr conn, virNetworkPtr net, int event,
			   int detail, void *opaque)
{
	(void)net;
	(void)event;
	(void)detail;
	host_event(conn, opaque);
}

/* A domain's lifecycle (virConnectDomainEventCallback: returns int). */
static int host_dom_event(virConnectPtr conn, virDomainPtr dom, int event,
			  int detail, void *opaque)
{
	(void)dom;
	(void)event;
	(void)detail;
	host_event(conn, opaque);
	return 0;
}

static void host_events_register(struct virt_conn *c)
{
	if (!c->host_fn || !c->conn)
		return;
	c->cb_net = virConnectNetworkEventRegisterAny(c->conn, NULL,
		VIR_NETWORK_EVENT_ID_LIFECYCLE,
		VIR_NETWORK_EVENT_CALLBACK(host_net_event), c, NULL);
	if (c->cb_net < 0)
		virResetLastError();
	c->cb_dom = virConnectDomainEventRegisterAny(c->conn, NULL,
		VIR_DOMAIN_EVENT_ID_LIFECYCLE,
		VIR_DOMAIN_EVENT_CALLBACK(host_dom_event), c, NULL);
	if (c->cb_dom < 0)
		virResetLastError();
}

/* Drops the close callback and the event registrations of C's handle,
 * then the handle; afterwards none of C's callbacks runs for it. */
static void drop_handle(struct virt_conn *c)
{
	if (!c->conn)
		return;
	atomic_store(&c->live_handle, NULL);
	if (c->cb_net >= 0 &&
	    virConnectNetworkEventDeregisterAny(c->conn, c->cb_net) < 0)
		virResetLastError();
	if (c->cb_dom >= 0 &&
	    virConnectDomainEventDeregisterAny(c->conn, c->cb_dom) < 0)
		virResetLastError();
	c->cb_net = c->cb_dom = -1;
	if (c->close_cb &&
	    virConnectUnregisterCloseCallback(c->conn, close_cb) < 0)
		virResetLastError();
	c->close_cb = false;
	if (virConnectClose(c->conn) < 0)
		virResetLastError();
	c->conn = NULL;
	virt_events_sync();	/* a callback running now has ended */
}

/* Makes H C's handle: its close callback, the events asked for. */
static void take_handle(struct virt_conn *c, virConnectPtr h)
{
	c->conn = h;
	atomic_store(&c->live_handle, (void *)h);
	atomic_store(&c->lost, 0);
	/* Not every driver has one (test:///): then loss shows as errors. */
	if (virConnectRegisterCloseCallback(h, close_cb, c, NULL) == 0)
		c->close_cb = true;
	else
		virResetLastError();
	host_events_register(c);
}

static struct virt_conn *conn_new(void)
{
	struct virt_conn *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	atomic_init(&c->lost, 0);
	atomic_init(&c->lost_fn, NULL);
	atomic_init(&c->live_handle, NULL);
	c->cb_net = c->cb_dom = -1;
	return c;
}

struct virt_conn *virt_connect(const char *uri, char *err, size_t errlen)
{
	struct virt_conn *c;
	virConnectPtr h;
	char *canon;

	virt_quiet_errors();
	if (check_test_uri(uri, err, errlen) < 0)
		return NULL;
	if (virInitialize() < 0) {
		virt_last_error(err, errlen, "cannot initialise libvirt");
		return NULL;
	}
	c = conn_new();
	if (!c || (uri && !(c->asked = strdup(uri)))) {
		free(c);
		errf(err, errlen, "out of memory");
		return NULL;
	}
	c->owned = true;
	h = open_handle(uri, err, errlen);
	if (!h) {
		free(c->asked);
		free(c);
		return NULL;
	}
	take_handle(c, h);
	canon = virConnectGetURI(c->conn);
	if (canon) {
		c->uri = strdup(canon);
		free(canon);
	} else {
		virResetLastError();
		c->uri = strdup(uri ? uri : "");
	}
	if (!c->uri) {
		errf(err, errlen, "out of memory");
		virt_close(c);
		return NULL;
	}
	return c;
}

int virt_reconnect(struct virt_conn *c, char *err, size_t errlen)
{
	virConnectPtr h;

	if (!c || !c->owned) {
		errf(err, errlen, "this connection cannot be made again");
		return -1;
	}
	h = open_handle(c->asked, err, errlen);
	if (!h)
		return -1;
	drop_handle(c);
	take_handle(c, h);
	return 0;
}

void virt_on_host_change(struct virt_conn *c, void (*fn)(void *ctx),
			 void *ctx)
{
	if (!c || !c->conn || c->host_fn)
		return;
	c->host_ctx = ctx;
	c->host_fn = fn;
	host_events_register(c);
}

struct virt_conn *virt_share(virConnectPtr h, char *err, size_t errlen)
{
	struct virt_conn *c;
	char *canon;

	if (!h) {
		errf(err, errlen, "no connection to share");
		return NULL;
	}
	c = conn_new();
	if (!c) {
		errf(err, errlen, "out of memory");
		return NULL;
	}
	if (virConnectRef(h) < 0) {
		virt_last_error(err, errlen, "cannot share the connection");
		free(c);
		return NULL;
	}
	c->conn = h;
	atomic_store(&c->live_handle, (void *)h);
	canon = virConnectGetURI(h);
	c->uri = strdup(canon ? canon : "");
	if (!canon)
		virResetLastError();
	free(canon);
	if (!c->uri) {
		errf(err, errlen, "out of memory");
		virt_close(c);
		return NULL;
	}
	return c;
}

void virt_close(struct virt_conn *c)
{
	if (!c)
		return;
	drop_handle(c);
	free(c->uri);
	free(c->asked);
	free(c);
}
