/*
 * virt.c - the libvirt backend: opens one connection to a libvirt host
 * (local, remote or the test driver), reads its networks and maps them
 * onto edgenet's switch types, and answers whether a domain exists.
 *
 * A connection made by virt_connect can be made again in place
 * (virt_reconnect: a new handle where the lost one was, so that every
 * holder of the struct uses it), and can report the host's network and
 * domain lifecycle events (virt_on_host_change); a callback of an old
 * handle never counts for the new one.
 *
 * It only reads: no network or domain is defined, started or changed
 * here.  libvirt is made quiet first (its default error handler writes
 * to stderr, over the screen), and every libvirt error comes back as a
 * message in the caller's buffer.  The network XML is read with the
 * core's bounded reader (core/xmldoc); only bounded copies go into the
 * fixed-size fields of struct host_net, a value too long is an error.
 * The one process-wide thing touched is libvirt's error handler.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "backend/virt.h"
#include "backend/virt_events.h"
#include "core/xmldoc.h"
#include "core/diag.h"
#include "core/str.h"

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

/* ---------------------------------------------------------------- */
/* WHAT, then the first line of libvirt's last error message (XML parse
 * errors add lines with the faulty text and a caret); resets libvirt's
 * error. */
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
/* network XML                                                       */

/* Strict decimal 0..32. */
static int parse_prefix(const char *s)
{
	int v = 0;

	if (!*s || strlen(s) > 2)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v <= 32 ? v : -1;
}

/* Prefix length of a contiguous dotted netmask, -1 otherwise. */
static int netmask_prefix(const char *s)
{
	struct in_addr a;
	uint32_t m;
	int bits = 0;

	if (inet_pton(AF_INET, s, &a) != 1)
		return -1;
	m = ntohl(a.s_addr);
	while (m & 0x80000000u) {
		bits++;
		m <<= 1;
	}
	return m == 0 ? bits : -1;
}

/* The prefix libvirt assumes for an IPv4 <ip> with neither prefix nor
 * netmask: the address's class. */
static int class_prefix(const char *addr)
{
	struct in_addr a;
	uint32_t v;

	if (inet_pton(AF_INET, addr, &a) != 1)
		return -1;
	v = ntohl(a.s_addr) >> 24;
	if (v < 128)
		return 8;
	if (v < 192)
		return 16;
	if (v < 224)
		return 24;
	return -1;
}

static bool is_ipv4(const char *s)
{
	struct in_addr a;

	return inet_pton(AF_INET, s, &a) == 1;
}

/* Attribute NAME of N into the field OUT: 1 found, 0 absent, -1 too
 * long for OUT (with a message). */
static int field(const struct xml_node *n, const char *name, char *out,
		 size_t outlen, char *err, size_t errlen)
{
	const char *v = xml_get(n, name);

	out[0] = '\0';
	if (!v)
		return 0;
	if (strlen(v) >= outlen) {
		errf(err, errlen, "network XML: <%s %s=...> is too long",
			n->name, name);
		return -1;
	}
	memcpy(out, v, strlen(v) + 1);
	return 1;
}

/* The first IPv4 <ip> into N->address: 1 when IP is one, 0 when it is
 * skipped (IPv6, or no address), -1 with a message. */
static int read_ip(struct host_net *n, const struct xml_node *ip, char *err,
		   size_t errlen)
{
	char family[16], addr[PLAN_ADDR_MAX], prefix[16], mask[PLAN_ADDR_MAX];
	int fr, pr, mr, plen, rc;

	fr = field(ip, "family", family, sizeof(family), err, errlen);
	if (fr < 0)
		return -1;
	if (fr == 1 && strcmp(family, "ipv4") != 0)
		return 0;
	rc = field(ip, "address", addr, sizeof(addr), err, errlen);
	if (rc <= 0)
		return rc;	/* too long, or an <ip> with no address */
	if (fr == 0 && strchr(addr, ':'))
		return 0;	/* IPv6 without family='ipv6' */
	if (!is_ipv4(addr)) {
		errf(err, errlen, "network XML: <ip address='%s'> is not "
			"an IPv4 address", addr);
		return -1;
	}
	pr = field(ip, "prefix", prefix, sizeof(prefix), err, errlen);
	mr = field(ip, "netmask", mask, sizeof(mask), err, errlen);
	if (pr < 0 || mr < 0)
		return -1;
	if (pr == 1)
		plen = parse_prefix(prefix);
	else if (mr == 1)
		plen = netmask_prefix(mask);
	else
		plen = class_prefix(addr);
	if (plen < 0) {
		if (pr == 1 || mr == 1)
			errf(err, errlen, "network XML: <ip address='%s'> "
				"has a bad %s '%s'", addr,
				pr == 1 ? "prefix" : "netmask",
				pr == 1 ? prefix : mask);
		else
			errf(err, errlen, "network XML: <ip address='%s'> "
				"has no prefix and no address class", addr);
		return -1;
	}
	if (snprintf(n->address, sizeof(n->address), "%s/%d", addr,
		     plen) >= (int)sizeof(n->address))
		return -1;	/* cannot happen: a checked IPv4 address */
	return 1;
}

/* The DHCP range of the chosen <ip>, when it has one. */
static int read_range(struct host_net *n, const struct xml_node *ip,
		      char *err, size_t errlen)
{
	const struct xml_node *range = xml_path(ip, "dhcp/range");

	if (!range)
		return 0;
	if (field(range, "start", n->dhcp_start, sizeof(n->dhcp_start), err,
		  errlen) < 0 ||
	    field(range, "end", n->dhcp_end, sizeof(n->dhcp_end), err,
		  errlen) < 0)
		return -1;
	if (!is_ipv4(n->dhcp_start) || !is_ipv4(n->dhcp_end)) {
		errf(err, errlen, "network XML: DHCP range '%s' - '%s' is "
			"not a pair of IPv4 addresses", n->dhcp_start,
			n->dhcp_end);
		n->dhcp_start[0] = n->dhcp_end[0] = '\0';
		return -1;
	}
	n->dhcp = true;
	return 0;
}

/* Forward mode, bridge, the first IPv4 <ip> and its DHCP range from the
 * <network> element ROOT. */
static int read_network_root(struct host_net *n, const struct xml_node *root,
			     char *err, size_t errlen)
{
	const struct xml_node *x;
	int rc;

	if (strcmp(root->name, "network") != 0) {
		errf(err, errlen, "network XML: the root element is <%s>, "
			"not <network>", root->name);
		return -1;
	}
	x = xml_child(root, "forward");
	if (x) {
		rc = field(x, "mode", n->forward, sizeof(n->forward), err,
			   errlen);
		if (rc < 0)
			return -1;
		if (rc == 0)	/* libvirt's default forward mode */
			snprintf(n->forward, sizeof(n->forward), "nat");
	}
	x = xml_child(root, "bridge");
	if (x && field(x, "name", n->bridge, sizeof(n->bridge), err,
		       errlen) < 0)
		return -1;
	for (x = xml_child(root, "ip"); x; x = xml_next(x)) {
		rc = read_ip(n, x, err, errlen);
		if (rc < 0)
			return -1;
		if (rc == 1)
			return read_range(n, x, err, errlen);
	}
	return 0;
}

enum switch_type virt_map_switch(const struct host_net *n)
{
	static const char *const external[] = {
		"bridge", "private", "vepa", "passthrough",
	};
	size_t i;

	for (i = 0; i < sizeof(external) / sizeof(external[0]); i++)
		if (strcmp(n->forward, external[i]) == 0)
			return SWITCH_EXTERNAL;
	if (n->address[0] == '\0')
		return SWITCH_UNSET;
	if (strcmp(n->forward, "nat") == 0) {
		if (n->dhcp && strcmp(n->name, "default") == 0)
			return SWITCH_DEFAULT;
		return SWITCH_INTERNAL;
	}
	if (n->forward[0] == '\0')
		return SWITCH_INTERNAL;
	return SWITCH_UNSET;
}

int virt_parse_network_xml(const char *xml, struct host_net *n, char *err,
			   size_t errlen)
{
	struct xml_doc doc;
	char xerr[200];
	int rc;

	n->forward[0] = n->bridge[0] = n->address[0] = '\0';
	n->dhcp_start[0] = n->dhcp_end[0] = '\0';
	n->dhcp = false;
	n->type = SWITCH_UNSET;
	if (!xml) {
		errf(err, errlen, "network XML: none");
		return -1;
	}
	if (xmldoc_parse(&doc, xml, xerr, sizeof(xerr)) < 0) {
		errf(err, errlen, "network XML: %s", xerr);
		return -1;
	}
	rc = read_network_root(n, doc.root, err, errlen);
	xmldoc_free(&doc);
	if (rc < 0)
		return -1;
	n->type = virt_map_switch(n);
	return 0;
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

/* 0 when the connection can be used, else -1 with why not. */
static int check_alive(struct virt_conn *c, char *err, size_t errlen)
{
	const char *lost;

	if (!c || !c->conn) {
		errf(err, errlen, "not connected to libvirt");
		return -1;
	}
	if (virConnectIsAlive(c->conn) == 0) {
		int expected = 0;

		atomic_compare_exchange_strong(&c->lost, &expected,
			1 + VIR_CONNECT_CLOSE_REASON_EOF);
	}
	virResetLastError();
	lost = virt_lost(c);
	if (lost) {
		errf(err, errlen, "%s", lost);
		return -1;
	}
	return 0;
}

static int net_cmp(const void *a, const void *b)
{
	const struct host_net *x = a, *y = b;

	return strcmp(x->name, y->name);
}

static int read_network(virNetworkPtr net, struct host_net *n, char *err,
			size_t errlen)
{
	const char *name = virNetworkGetName(net);
	char *xml;
	int autostart = 0, active, rc;

	memset(n, 0, sizeof(*n));
	if (!name) {
		virt_last_error(err, errlen, "cannot read a network's name");
		return -1;
	}
	if (strlen(name) >= sizeof(n->name)) {
		errf(err, errlen, "libvirt network name '%.40s...' is longer "
			"than %zu characters", name, sizeof(n->name) - 1);
		return -1;
	}
	str_copy(n->name, sizeof(n->name), name);
	active = virNetworkIsActive(net);
	if (active < 0)
		virResetLastError();
	n->active = active == 1;
	if (virNetworkGetAutostart(net, &autostart) < 0)
		virResetLastError();
	n->autostart = autostart != 0;

	xml = virNetworkGetXMLDesc(net, 0);
	if (!xml) {
		char what[PLAN_NAME_MAX + 64];

		snprintf(what, sizeof(what), "cannot read libvirt network '%s'",
			 n->name);
		virt_last_error(err, errlen, what);
		return -1;
	}
	rc = virt_parse_network_xml(xml, n, err, errlen);
	free(xml);
	if (rc < 0 && err && errlen) {
		char msg[256];

		str_copy(msg, sizeof(msg), err);
		errf(err, errlen, "libvirt network '%s': %s", n->name, msg);
	}
	return rc;
}

static int op_list_networks(void *ctx, struct host_net_list *out, char *err,
			    size_t errlen)
{
	struct virt_conn *c = ctx;
	virNetworkPtr *nets = NULL;
	int n, i, rc = 0;

	out->count = 0;
	if (check_alive(c, err, errlen) < 0)
		return -1;
	n = virConnectListAllNetworks(c->conn, &nets, 0);
	if (n < 0) {
		virt_last_error(err, errlen, "cannot list libvirt networks");
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (rc == 0 && out->count >= HOST_MAX_NETS) {
			errf(err, errlen, "the host has %d libvirt networks; "
				"edgenet shows at most %d", n, HOST_MAX_NETS);
			rc = -1;
		}
		if (rc == 0 &&
		    read_network(nets[i], &out->items[out->count], err,
				 errlen) < 0)
			rc = -1;
		if (rc == 0)
			out->count++;
		virNetworkFree(nets[i]);
	}
	free(nets);
	if (rc < 0) {
		out->count = 0;
		return -1;
	}
	qsort(out->items, out->count, sizeof(out->items[0]), net_cmp);
	return 0;
}

static int op_domain_exists(void *ctx, const char *name, char *err,
			    size_t errlen)
{
	struct virt_conn *c = ctx;
	virDomainPtr dom;
	virErrorPtr e;

	if (check_alive(c, err, errlen) < 0)
		return -1;
	if (!name || !*name) {
		errf(err, errlen, "no domain name given");
		return -1;
	}
	dom = virDomainLookupByName(c->conn, name);
	if (dom) {
		virDomainFree(dom);
		return 1;
	}
	e = virGetLastError();
	if (e && e->code == VIR_ERR_NO_DOMAIN) {
		virResetLastError();
		return 0;
	}
	{
		char what[PLAN_NAME_MAX + 64];

		snprintf(what, sizeof(what), "cannot look up domain '%.*s'",
			 PLAN_NAME_MAX, name);
		virt_last_error(err, errlen, what);
	}
	return -1;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

/* Every defined domain, running or not; names that do not fit a plan's
 * vm field are left out (no plan can name them). */
static int op_list_domains(void *ctx, struct host_domain_list *out,
			   char *err, size_t errlen)
{
	struct virt_conn *c = ctx;
	virDomainPtr *doms = NULL;
	int n, i;

	out->count = 0;
	out->total = 0;
	if (check_alive(c, err, errlen) < 0)
		return -1;
	n = virConnectListAllDomains(c->conn, &doms, 0);
	if (n < 0)
		return virt_last_error(err, errlen,
				       "cannot list the VMs (libvirt domains)");
	for (i = 0; i < n; i++) {
		const char *name = virDomainGetName(doms[i]);

		if (name && strlen(name) < PLAN_NAME_MAX) {
			out->total++;
			if (out->count < HOST_MAX_DOMAINS)
				str_copy(out->names[out->count++],
					 PLAN_NAME_MAX, name);
		}
		virDomainFree(doms[i]);
	}
	free(doms);
	qsort(out->names, out->count, sizeof(out->names[0]), name_cmp);
	return 0;
}

const char *virt_uri(const struct virt_conn *c)
{
	return c && c->uri ? c->uri : "";
}

static const char *op_uri(void *ctx)
{
	struct virt_conn *c = ctx;

	return c && c->uri ? c->uri : "";
}

void virt_ops(struct virt_conn *c, struct host_virt_ops *ops)
{
	ops->list_networks = op_list_networks;
	ops->domain_exists = op_domain_exists;
	ops->list_domains = op_list_domains;
	ops->uri = op_uri;
	ops->ctx = c;
}
