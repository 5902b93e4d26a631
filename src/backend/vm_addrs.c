/*
 * vm_addrs.c - the VM's NICs and addresses through libvirt, and its
 * routes through the guest agent (see vm_addrs.h).
 *
 * vm_addrs_collect asks virDomainInterfaceAddresses once per source
 * (agent, lease, ARP), keeping each answer or error (libvirt's text
 * whole), and reads the guest's /proc/net/route through the project's
 * one agent client, backend/guest_agent.c (requests built and replies
 * parsed strictly by core/agent_reply.c with json-c), at most
 * VM_PROC_ROUTE_MAX bytes: a larger table is an error in words, never
 * cut.  The guest is hostile ground: every reply is bounded (size of a
 * file, number of files, time) before a core parser sees it.  The
 * watcher runs it in a
 * thread of its own, with its own connection (backend/virt.c), woken by
 * the domain's lifecycle and agent events (libvirt's default event loop,
 * in one more thread shared with the console: backend/virt_events.c),
 * by vm_addrs_refresh and by a timer, and at once when its connection
 * is lost (libvirt's close callback); it connects again after 2 s,
 * then at most every 2 s while a local libvirt is away (a refused
 * socket costs nothing, and the panels are current again within
 * seconds of the daemon's return) or 2 s
 * doubling to 60 s for a remote one, and backs off (1 s doubling to
 * 120 s, waking when the wait ends) while the agent does not answer,
 * keeping the agent's last answer meanwhile; the agent's connect event
 * ends that wait, and so does a new connection (a libvirtd that has just
 * started connects to its guests' agents a moment after it answers, and
 * says nothing when it has).  Each snapshot is handed over under a
 * mutex and announced on an eventfd.  Reads only: nothing in libvirt or
 * the guest is changed.
 *
 * The guest's DNS state is core/dnsview's dnsview_read_machine with a
 * reader that opens each file through the agent: only paths made of
 * plain characters (an interface name from the guest's /proc/net/dev
 * ends up in one), a bounded number of files, bytes and milliseconds,
 * and no more reads once the agent itself fails (a missing file is
 * only a missing file; a file too large or unreadable is said in the
 * view's problems, never taken for a missing one).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "backend/guest_agent.h"
#include "backend/virt.h"
#include "backend/virt_events.h"
#include "backend/vm_addrs.h"
#include "core/dnsview_files.h"

#define CONN_BACKOFF_MIN 2
#define CONN_BACKOFF_MAX 60
#define CONN_BACKOFF_MAX_LOCAL 2	/* qemu:///system, no host part */
#define AGENT_BACKOFF_MIN 1
#define AGENT_BACKOFF_MAX 120

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* libvirt's last error, whole (its line breaks as spaces: wrapping is
 * the screen's job), into ERR, with its code; resets it. */
static int last_error(char *err, size_t errlen, const char *what)
{
	virErrorPtr e = virGetLastError();
	const char *msg = e && e->message ? e->message : "unknown libvirt error";
	int code = e ? e->code : VIR_ERR_INTERNAL_ERROR;

	if (what)
		snprintf(err, errlen, "%s: %s", what, msg);
	else
		snprintf(err, errlen, "%s", msg);
	for (char *c = err; *c; c++)
		if (*c == '\n' || *c == '\r')
			*c = ' ';
	virResetLastError();
	return code;
}

/* ------------------------------------------------------------------ */
/* addresses                                                           */

static const unsigned int lv_source[VM_SRC_COUNT] = {
	[VM_SRC_AGENT] = VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT,
	[VM_SRC_LEASE] = VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE,
	[VM_SRC_ARP] = VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP,
};

static void ask_source(virDomainPtr dom, enum vm_source s,
		       struct vm_source_result *r)
{
	virDomainInterfacePtr *ifaces = NULL;
	int n;

	memset(r, 0, sizeof(*r));
	r->tried = true;
	r->when_ms = now_ms();
	n = virDomainInterfaceAddresses(dom, &ifaces, lv_source[s], 0);
	if (n < 0) {
		r->code = last_error(r->err, sizeof(r->err), NULL);
		return;
	}
	r->ok = true;
	for (int i = 0; i < n; i++) {
		virDomainInterfacePtr f = ifaces[i];
		struct vm_iface *x;

		if (r->nifs >= VM_MAX_IFS)
			r->more_ifs++;
		if (r->nifs < VM_MAX_IFS) {
			x = &r->ifs[r->nifs++];
			memset(x, 0, sizeof(*x));
			snprintf(x->name, sizeof(x->name), "%s",
				 f->name ? f->name : "");
			snprintf(x->mac, sizeof(x->mac), "%s",
				 f->hwaddr ? f->hwaddr : "");
			for (char *c = x->mac; *c; c++)
				if (*c >= 'A' && *c <= 'F')
					*c = (char)(*c - 'A' + 'a');
			for (unsigned k = 0; k < f->naddrs; k++) {
				struct vm_addr *a = &x->addrs[x->naddrs];

				if (!f->addrs[k].addr)
					continue;
				if (x->naddrs >= VM_MAX_ADDRS) {
					r->more_addrs++;
					continue;
				}
				snprintf(a->addr, sizeof(a->addr), "%s",
					 f->addrs[k].addr);
				a->prefix = (int)f->addrs[k].prefix;
				a->ipv6 = f->addrs[k].type ==
					  VIR_IP_ADDR_TYPE_IPV6;
				a->since_ms = r->when_ms;
				x->naddrs++;
			}
		}
		virDomainInterfaceFree(f);
	}
	free(ifaces);
}

/* ------------------------------------------------------------------ */
/* a file of the guest, through the agent                              */

/* "64 KiB", "8192 bytes": a size as a technician reads it. */
static void size_words(size_t n, char *buf, size_t len)
{
	if (n >= 1024 && n % 1024 == 0)
		snprintf(buf, len, "%zu KiB", n / 1024);
	else
		snprintf(buf, len, "%zu bytes", n);
}

enum gf_result {
	GF_OK,		/* *OUT holds the file */
	GF_MISSING,	/* no such file in the guest */
	GF_TOO_LARGE,	/* larger than MAX: not read (ERR says so) */
	GF_FAILED,	/* this file could not be read (ERR) */
	GF_NO_AGENT,	/* the agent is absent or refuses: ask no more */
};

/* Reads the guest file PATH through backend/guest_agent.c (json-c,
 * strict, bounded): at most MAX bytes, into a malloc'd *OUT (NUL-
 * terminated; a NUL inside ends it for the parsers).  WHAT names the
 * file in ERR ("the guest's /etc/resolv.conf"). */
static enum gf_result read_guest_file(virDomainPtr dom, const char *path,
				      size_t max, char **out, char *err,
				      size_t errlen)
{
	char why[VM_ERR_MAX - 160], size[32];
	enum ga_status st;
	bool missing = false;
	size_t len = 0;

	*out = NULL;
	st = ga_file_read(dom, path, max, out, &len, &missing, why,
			  sizeof(why));
	if (st == GA_OK && missing)
		return GF_MISSING;
	if (st == GA_OK)
		return GF_OK;
	if (st == GA_ABSENT || st == GA_REFUSED) {
		snprintf(err, errlen, "the guest agent is not available (%s)",
			 why);
		return GF_NO_AGENT;
	}
	if (len > max) {
		size_words(max, size, sizeof(size));
		snprintf(err, errlen, "the guest's %s is larger than %s: not "
			 "shown", path, size);
		return GF_TOO_LARGE;
	}
	snprintf(err, errlen, "the guest's %s could not be read: %s", path,
		 why);
	return GF_FAILED;
}

/* The guest's /proc/net/route into O (routes_ok, proc_route or
 * routes_err). */
static void read_routes(virDomainPtr dom, struct vm_observed *o)
{
	char *text = NULL;
	enum gf_result r;

	o->routes_tried = true;
	r = read_guest_file(dom, "/proc/net/route", VM_PROC_ROUTE_MAX,
			    &text, o->routes_err, sizeof(o->routes_err));
	if (r == GF_MISSING)
		snprintf(o->routes_err, sizeof(o->routes_err), "the guest has "
			 "no /proc/net/route");
	if (r == GF_TOO_LARGE)
		snprintf(o->routes_err + strlen(o->routes_err),
			 sizeof(o->routes_err) - strlen(o->routes_err),
			 " (more than about %d routes)",
			 VM_PROC_ROUTE_MAX / 128);
	if (r != GF_OK)
		return;
	snprintf(o->proc_route, sizeof(o->proc_route), "%s", text);
	free(text);
	o->routes_ok = true;
}

/* ------------------------------------------------------------------ */
/* one look at the domain                                              */

static enum vm_state map_state(int st)
{
	switch (st) {
	case VIR_DOMAIN_RUNNING:
		return VM_STATE_RUNNING;
	case VIR_DOMAIN_PAUSED:
		return VM_STATE_PAUSED;
	case VIR_DOMAIN_SHUTOFF:
		return VM_STATE_SHUTOFF;
	default:
		return VM_STATE_OTHER;
	}
}

int vm_addrs_collect(virConnectPtr conn, const char *domain, unsigned flags,
		     struct vm_observed *o)
{
	virDomainPtr dom;
	char *uri, *xml;
	int st = 0, reason = 0;

	vm_observed_init(o);
	o->taken_ms = now_ms();
	o->taken_unix = (int64_t)time(NULL);
	snprintf(o->domain, sizeof(o->domain), "%s", domain ? domain : "");
	if (!conn) {
		snprintf(o->conn_err, sizeof(o->conn_err), "not connected to "
			 "libvirt");
		return -1;
	}
	uri = virConnectGetURI(conn);
	if (uri) {
		snprintf(o->uri, sizeof(o->uri), "%s", uri);
		free(uri);
	} else {
		virResetLastError();
	}
	dom = virDomainLookupByName(conn, o->domain);
	if (!dom) {
		int code = last_error(o->conn_err, sizeof(o->conn_err), NULL);

		if (code == VIR_ERR_NO_DOMAIN) {
			o->connected = true;
			o->conn_err[0] = '\0';
			o->state = VM_STATE_UNDEFINED;
			return 0;
		}
		o->connected = virConnectIsAlive(conn) == 1;
		virResetLastError();
		return -1;
	}
	o->connected = true;
	if (virDomainGetState(dom, &st, &reason, 0) < 0)
		last_error(o->conn_err, sizeof(o->conn_err), "domain state");
	else
		o->state = map_state(st);
	xml = virDomainGetXMLDesc(dom, 0);
	if (!xml) {
		last_error(o->conn_err, sizeof(o->conn_err), "domain XML");
	} else {
		vmaddr_parse_domain_xml(xml, o, o->conn_err,
					sizeof(o->conn_err));
		free(xml);
	}
	if (o->state == VM_STATE_RUNNING) {
		for (int s = 0; s < VM_SRC_COUNT; s++) {
			if ((s == VM_SRC_AGENT && (flags & VM_ADDRS_NO_AGENT)) ||
			    (s == VM_SRC_ARP && (flags & VM_ADDRS_NO_ARP)))
				continue;
			ask_source(dom, (enum vm_source)s, &o->src[s]);
		}
		if ((flags & VM_ADDRS_ROUTES) && !(flags & VM_ADDRS_NO_AGENT))
			read_routes(dom, o);
	}
	virDomainFree(dom);
	return 0;
}

/* ------------------------------------------------------------------ */
/* the guest's DNS state                                               */

void vm_dns_init(struct vm_dns *d)
{
	memset(d, 0, sizeof(*d));
	dnsview_init(&d->view);
	diag_list_init(&d->problems);
}

void vm_dns_free(struct vm_dns *d)
{
	dnsview_free(&d->view);
	diag_list_free(&d->problems);
	vm_dns_init(d);
}

int vm_dns_copy(struct vm_dns *dst, const struct vm_dns *src)
{
	size_t i;

	vm_dns_free(dst);
	dst->tried = src->tried;
	dst->ok = src->ok;
	memcpy(dst->err, src->err, sizeof(dst->err));
	dst->files = src->files;
	dst->taken_ms = src->taken_ms;
	dst->taken_unix = src->taken_unix;
	if (dnsview_copy(&dst->view, &src->view) < 0)
		return -1;
	for (i = 0; i < src->problems.count; i++) {
		const struct diag *x = &src->problems.items[i];

		if (diag_add(&dst->problems, x->severity, x->path, "%s",
			     x->message) < 0)
			return -1;
	}
	return 0;
}

/* The files that were there but not read (too large, unreadable), each
 * said in the panel's problems; at most this many sentences are kept. */
#define DNS_UNREAD_MAX 8

struct dns_reader {
	virDomainPtr dom;
	int64_t deadline_ms;
	unsigned asked, files, skipped;
	bool dead;		/* the agent failed: ask no more */
	bool rc_unread;		/* /etc/resolv.conf is there but not read */
	char err[VM_ERR_MAX];	/* why /proc/net/dev, or the agent, failed */
	char unread[DNS_UNREAD_MAX][VM_ERR_MAX];
	char unread_path[DNS_UNREAD_MAX][96];
	unsigned nunread, unread_more;
};

/* A path the agent may be asked for: plain characters only (an
 * interface name from the guest's /proc/net/dev ends up in one). */
static bool dns_path_ok(const char *p)
{
	if (*p != '/' || strstr(p, ".."))
		return false;
	for (; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("/._-@:+", *p))
			return false;
	return true;
}

static char *dns_read(void *ctx, const char *path)
{
	struct dns_reader *r = ctx;
	char err[VM_ERR_MAX], *buf = NULL;

	if (r->dead || !dns_path_ok(path) || r->asked >= VM_DNS_MAX_FILES ||
	    now_ms() > r->deadline_ms) {
		if (!r->dead)
			r->skipped++;
		return NULL;
	}
	r->asked++;
	switch (read_guest_file(r->dom, path, VM_DNS_FILE_MAX, &buf, err,
				sizeof(err))) {
	case GF_OK:
		r->files++;
		return buf;
	case GF_MISSING:
		return NULL;
	case GF_NO_AGENT:
		r->dead = true;
		snprintf(r->err, sizeof(r->err), "%s", err);
		return NULL;
	case GF_TOO_LARGE:
	case GF_FAILED:
		break;
	}
	if (r->asked == 1)	/* /proc/net/dev: nothing can be shown */
		snprintf(r->err, sizeof(r->err), "%s", err);
	if (strcmp(path, "/etc/resolv.conf") == 0)
		r->rc_unread = true;
	if (r->nunread < DNS_UNREAD_MAX) {
		snprintf(r->unread[r->nunread], sizeof(r->unread[0]), "%s",
			 err);
		snprintf(r->unread_path[r->nunread],
			 sizeof(r->unread_path[0]), "%s", path);
		r->nunread++;
	} else {
		r->unread_more++;
	}
	return NULL;
}

/* Reads the guest's DNS state of the running DOM into OUT (freed). */
static void read_dns(virDomainPtr dom, const char *domain, struct vm_dns *o)
{
	struct dns_reader r;
	const char *what;

	vm_dns_free(o);
	memset(&r, 0, sizeof(r));
	r.dom = dom;
	r.deadline_ms = now_ms() + VM_DNS_BUDGET_MS;
	o->tried = true;
	o->taken_ms = now_ms();
	o->taken_unix = (int64_t)time(NULL);
	if (dnsview_read_machine(&o->view, dns_read, &r, &o->problems) < 0) {
		snprintf(o->err, sizeof(o->err), "%s", r.err[0] ? r.err :
			 r.skipped ? "the guest's files could not be read in "
			 "time" : "out of memory reading the guest's DNS state");
		dnsview_free(&o->view);
		diag_list_clear(&o->problems);
		return;
	}
	o->ok = true;
	o->files = r.files;
	o->view.read_ms = o->taken_ms;
	/* a file that is there but was not read is said, never taken for
	 * a missing one */
	if (r.rc_unread)
		o->view.global.resolv_conf_mode[0] = '\0';
	for (unsigned i = 0; i < r.nunread; i++)
		if (diag_add(&o->problems, DIAG_WARNING, r.unread_path[i],
			     "%s", r.unread[i]) < 0)
			break;
	if (r.unread_more)
		(void)diag_add(&o->problems, DIAG_WARNING, "dns", "%u more of "
			       "the guest's files could not be read either",
			       r.unread_more);
	if (o->view.source == DNSVIEW_SOURCE_FILES)
		what = "systemd-resolved's and networkd's state files and "
		       "/etc/resolv.conf (current servers and scopes are not "
		       "known this way)";
	else
		what = "/etc/resolv.conf only: the guest has no "
		       "systemd-resolved or networkd state files";
	dnsview_set_note(&o->view, "VM %s, read through the guest agent: "
			 "%s%s%s.", domain, what,
			 r.rc_unread ? "; its /etc/resolv.conf could not be "
			 "read (see Problems)" :
			 strcmp(o->view.global.resolv_conf_mode, "missing") ?
			 "" : "; its /etc/resolv.conf is missing",
			 r.skipped || r.dead ? "; some files were skipped "
			 "(limits, or the agent stopped answering)" : "");
}

int vm_addrs_read_dns(virConnectPtr conn, const char *domain,
		      struct vm_dns *out)
{
	virDomainPtr dom;
	int st = 0, reason = 0;

	vm_dns_free(out);
	out->taken_ms = now_ms();
	out->taken_unix = (int64_t)time(NULL);
	if (!conn) {
		snprintf(out->err, sizeof(out->err), "not connected to libvirt");
		return -1;
	}
	dom = virDomainLookupByName(conn, domain ? domain : "");
	if (!dom) {
		last_error(out->err, sizeof(out->err), NULL);
		return -1;
	}
	if (virDomainGetState(dom, &st, &reason, 0) < 0) {
		last_error(out->err, sizeof(out->err), "domain state");
	} else if (st != VIR_DOMAIN_RUNNING) {
		snprintf(out->err, sizeof(out->err), "the VM is %s: its DNS "
			 "state is read through the guest agent while it runs",
			 vm_state_name(map_state(st)));
	} else {
		read_dns(dom, domain, out);
	}
	virDomainFree(dom);
	return out->ok ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* the watcher                                                         */

struct vm_addrs {
	char *uri, *domain;
	virConnectPtr share;		/* a reference, or NULL (see opts) */
	unsigned refresh_s;
	bool routes;
	int efd;
	pthread_t thread;
	bool started;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool stop, kick;		/* under lock */
	struct vm_observed *shared;	/* under lock */
	bool fresh;			/* under lock */
	bool want_dns;			/* under lock */
	struct vm_dns dns_shared;	/* under lock */
	bool dns_fresh;			/* under lock */
	struct vm_dns dns_work;		/* the worker's */
	/* the worker's own */
	struct vm_observed *work, *prev;
	struct virt_conn *vc;
	int cb_life, cb_agent;
	unsigned conn_backoff, agent_backoff;
	unsigned conn_backoff_max;
	int64_t agent_next_ms;
};

static void kick(struct vm_addrs *w)
{
	pthread_mutex_lock(&w->lock);
	w->kick = true;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

static int on_lifecycle(virConnectPtr conn, virDomainPtr dom, int event,
			int detail, void *opaque)
{
	struct vm_addrs *w = opaque;
	const char *name = virDomainGetName(dom);

	(void)conn;
	(void)event;
	(void)detail;
	if (name && strcmp(name, w->domain) == 0)
		kick(w);
	return 0;
}

static void on_agent(virConnectPtr conn, virDomainPtr dom, int state,
		     int reason, void *opaque)
{
	struct vm_addrs *w = opaque;
	const char *name = virDomainGetName(dom);

	(void)conn;
	(void)reason;
	if (!name || strcmp(name, w->domain) != 0)
		return;
	if (state == VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_STATE_CONNECTED) {
		pthread_mutex_lock(&w->lock);
		w->agent_next_ms = 0;	/* read by the worker, see below */
		pthread_mutex_unlock(&w->lock);
	}
	kick(w);
}

/* The connection was lost (libvirt's event thread): look again now. */
static void on_lost(void *ctx)
{
	kick(ctx);
}

static void drop_connection(struct vm_addrs *w)
{
	virConnectPtr c;

	if (!w->vc)
		return;
	c = virt_handle(w->vc);
	if (w->cb_life >= 0 && virConnectDomainEventDeregisterAny(c, w->cb_life) < 0)
		virResetLastError();
	if (w->cb_agent >= 0 &&
	    virConnectDomainEventDeregisterAny(c, w->cb_agent) < 0)
		virResetLastError();
	w->cb_life = w->cb_agent = -1;
	virt_close(w->vc);
	w->vc = NULL;
	virt_events_sync();	/* no callback of ours runs any more */
}

static bool connect_now(struct vm_addrs *w, struct vm_observed *o)
{
	char err[VM_ERR_MAX];
	virConnectPtr c;

	w->vc = w->share ? virt_share(w->share, err, sizeof(err)) :
		virt_connect(w->uri, err, sizeof(err));
	if (!w->vc) {
		vm_observed_init(o);
		snprintf(o->domain, sizeof(o->domain), "%s", w->domain);
		snprintf(o->uri, sizeof(o->uri), "%s", w->uri ? w->uri : "");
		snprintf(o->conn_err, sizeof(o->conn_err), "%s", err);
		o->taken_ms = now_ms();
		o->taken_unix = (int64_t)time(NULL);
		return false;
	}
	virt_on_lost(w->vc, on_lost, w);
	/* the agent's state belongs to the connection before */
	w->agent_backoff = 0;
	pthread_mutex_lock(&w->lock);
	w->agent_next_ms = 0;
	pthread_mutex_unlock(&w->lock);
	c = virt_handle(w->vc);
	w->cb_life = virConnectDomainEventRegisterAny(c, NULL,
		VIR_DOMAIN_EVENT_ID_LIFECYCLE,
		VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle), w, NULL);
	if (w->cb_life < 0)
		virResetLastError();	/* the timer still refreshes */
	w->cb_agent = virConnectDomainEventRegisterAny(c, NULL,
		VIR_DOMAIN_EVENT_ID_AGENT_LIFECYCLE,
		VIR_DOMAIN_EVENT_CALLBACK(on_agent), w, NULL);
	if (w->cb_agent < 0)
		virResetLastError();
	return true;
}

static unsigned backoff(unsigned cur, unsigned min, unsigned max)
{
	if (!cur)
		return min;
	return cur * 2 > max ? max : cur * 2;
}

/* The guest's DNS state after a look at the domain (FLAGS: that look's),
 * when asked for: read when the agent answered; else why not. */
static void refresh_dns(struct vm_addrs *w, unsigned flags)
{
	const struct vm_observed *o = w->work;
	struct vm_dns *d = &w->dns_work;
	bool want;

	pthread_mutex_lock(&w->lock);
	want = w->want_dns;
	pthread_mutex_unlock(&w->lock);
	if (!want)
		return;
	if (o->state == VM_STATE_RUNNING && !(flags & VM_ADDRS_NO_AGENT) &&
	    o->src[VM_SRC_AGENT].ok) {
		(void)vm_addrs_read_dns(virt_handle(w->vc), w->domain, d);
	} else if (o->state == VM_STATE_RUNNING &&
		   (flags & VM_ADDRS_NO_AGENT) && d->ok) {
		return;		/* backing off: the last view stays */
	} else {
		vm_dns_free(d);
		d->taken_ms = o->taken_ms;
		d->taken_unix = o->taken_unix;
		if (!o->connected || o->state == VM_STATE_UNKNOWN)
			snprintf(d->err, sizeof(d->err), "%s", o->conn_err[0] ?
				 o->conn_err : "not connected to libvirt");
		else if (o->state != VM_STATE_RUNNING)
			snprintf(d->err, sizeof(d->err), "the VM is %s: its "
				 "DNS state is read through the guest agent "
				 "while it runs", vm_state_name(o->state));
		else
			snprintf(d->err, sizeof(d->err), "the guest agent is "
				 "not available (%s)",
				 o->src[VM_SRC_AGENT].err[0] ?
				 o->src[VM_SRC_AGENT].err : "not asked yet");
	}
	pthread_mutex_lock(&w->lock);
	if (vm_dns_copy(&w->dns_shared, d) < 0)
		snprintf(w->dns_shared.err, sizeof(w->dns_shared.err),
			 "out of memory");
	w->dns_fresh = true;
	pthread_mutex_unlock(&w->lock);
}

/* One refresh; returns the delay before the next, in ms. */
static int64_t refresh_once(struct vm_addrs *w)
{
	struct vm_observed *o = w->work;
	unsigned flags = w->routes ? VM_ADDRS_ROUTES : 0;
	int64_t t = now_ms(), agent_next;
	const char *lost;
	int64_t delay = (int64_t)w->refresh_s * 1000;

	if (!w->vc && !connect_now(w, o)) {
		w->conn_backoff = backoff(w->conn_backoff, CONN_BACKOFF_MIN,
					  w->conn_backoff_max);
		o->retry_s = w->conn_backoff;
		refresh_dns(w, VM_ADDRS_NO_AGENT);
		return (int64_t)w->conn_backoff * 1000;
	}
	pthread_mutex_lock(&w->lock);
	agent_next = w->agent_next_ms;
	pthread_mutex_unlock(&w->lock);
	if (t < agent_next)
		flags |= VM_ADDRS_NO_AGENT;
	vm_addrs_collect(virt_handle(w->vc), w->domain, flags, o);
	lost = virt_lost(w->vc);
	if (lost || (!o->connected &&
		     virConnectIsAlive(virt_handle(w->vc)) != 1)) {
		char why[VM_ERR_MAX];

		virResetLastError();
		snprintf(why, sizeof(why), "%s", lost ? lost : o->conn_err);
		drop_connection(w);
		o->connected = false;
		snprintf(o->conn_err, sizeof(o->conn_err), "%s", why);
		w->conn_backoff = backoff(w->conn_backoff, CONN_BACKOFF_MIN,
					  w->conn_backoff_max);
		o->retry_s = w->conn_backoff;
		refresh_dns(w, VM_ADDRS_NO_AGENT);
		return (int64_t)w->conn_backoff * 1000;
	}
	w->conn_backoff = 0;
	if (flags & VM_ADDRS_NO_AGENT) {
		/* keep the agent's last answer (its error) meanwhile */
		o->src[VM_SRC_AGENT] = w->prev->src[VM_SRC_AGENT];
		o->routes_tried = w->prev->routes_tried;
		o->routes_ok = w->prev->routes_ok;
		memcpy(o->routes_err, w->prev->routes_err,
		       sizeof(o->routes_err));
		memcpy(o->proc_route, w->prev->proc_route,
		       sizeof(o->proc_route));
		o->retry_s = (unsigned)((agent_next - t + 999) / 1000);
		if (agent_next - t < delay)
			delay = agent_next - t;	/* ask it when the wait ends */
	} else if (o->src[VM_SRC_AGENT].tried && !o->src[VM_SRC_AGENT].ok) {
		w->agent_backoff = backoff(w->agent_backoff, AGENT_BACKOFF_MIN,
					   AGENT_BACKOFF_MAX);
		pthread_mutex_lock(&w->lock);
		w->agent_next_ms = t + (int64_t)w->agent_backoff * 1000;
		pthread_mutex_unlock(&w->lock);
		o->retry_s = w->agent_backoff;
		if ((int64_t)w->agent_backoff * 1000 < delay)
			delay = (int64_t)w->agent_backoff * 1000;
	} else {
		w->agent_backoff = 0;
	}
	refresh_dns(w, flags);
	return delay;
}

static void *watch_main(void *arg)
{
	struct vm_addrs *w = arg;
	int64_t due = 0;

	pthread_mutex_lock(&w->lock);
	while (!w->stop) {
		struct vm_observed *tmp;
		uint64_t one = 1;

		while (!w->stop && !w->kick && now_ms() < due) {
			int64_t d = due;
			struct timespec ts;

			/* the condition variable waits on CLOCK_MONOTONIC */
			ts.tv_sec = (time_t)(d / 1000);
			ts.tv_nsec = (long)(d % 1000) * 1000000;
			pthread_cond_timedwait(&w->cond, &w->lock, &ts);
		}
		if (w->stop)
			break;
		w->kick = false;
		pthread_mutex_unlock(&w->lock);

		due = now_ms() + refresh_once(w);
		vmaddr_carry_since(w->work, w->prev);
		pthread_mutex_lock(&w->lock);
		*w->shared = *w->work;
		w->fresh = true;
		pthread_mutex_unlock(&w->lock);
		if (write(w->efd, &one, sizeof(one)) < 0) {
			/* the counter is full: a snapshot is waiting anyway */
		}
		tmp = w->prev;
		w->prev = w->work;
		w->work = tmp;
		pthread_mutex_lock(&w->lock);
	}
	pthread_mutex_unlock(&w->lock);
	drop_connection(w);
	return NULL;
}

static void watch_free(struct vm_addrs *w)
{
	if (w->efd >= 0)
		close(w->efd);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->cond);
	if (w->share && virConnectClose(w->share) < 0)
		virResetLastError();
	free(w->uri);
	free(w->domain);
	free(w->shared);
	free(w->work);
	free(w->prev);
	vm_dns_free(&w->dns_shared);
	vm_dns_free(&w->dns_work);
	free(w);
}

struct vm_addrs *vm_addrs_start(const struct vm_addrs_opts *o, char *err,
				size_t errlen)
{
	struct vm_addrs *w = calloc(1, sizeof(*w));
	pthread_condattr_t ca;

	if (!w) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	w->efd = -1;
	w->cb_life = w->cb_agent = -1;
	pthread_mutex_init(&w->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&w->cond, &ca);
	pthread_condattr_destroy(&ca);
	w->uri = o->uri ? strdup(o->uri) : NULL;
	if (o->share && virConnectRef(o->share) == 0)
		w->share = o->share;
	w->domain = strdup(o->domain ? o->domain : "");
	w->refresh_s = o->refresh_s ? o->refresh_s : 30;
	w->conn_backoff_max = host_uri_is_local(o->uri) ? CONN_BACKOFF_MAX_LOCAL :
		CONN_BACKOFF_MAX;
	w->routes = o->routes;
	w->want_dns = o->dns;
	vm_dns_init(&w->dns_shared);
	vm_dns_init(&w->dns_work);
	w->shared = calloc(1, sizeof(*w->shared));
	w->work = calloc(1, sizeof(*w->work));
	w->prev = calloc(1, sizeof(*w->prev));
	if ((o->uri && !w->uri) || !w->domain || !w->shared || !w->work ||
	    !w->prev) {
		snprintf(err, errlen, "out of memory");
		watch_free(w);
		return NULL;
	}
	w->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (w->efd < 0) {
		snprintf(err, errlen, "eventfd: %s", strerror(errno));
		watch_free(w);
		return NULL;
	}
	if (virt_events_get(err, errlen) != 0) {
		watch_free(w);
		return NULL;
	}
	if (pthread_create(&w->thread, NULL, watch_main, w) != 0) {
		snprintf(err, errlen, "cannot start the VM watcher thread");
		virt_events_put();
		watch_free(w);
		return NULL;
	}
	w->started = true;
	return w;
}

void vm_addrs_stop(struct vm_addrs *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = true;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
	if (w->started)
		pthread_join(w->thread, NULL);
	virt_events_put();
	watch_free(w);
}

int vm_addrs_fd(const struct vm_addrs *w)
{
	return w->efd;
}

bool vm_addrs_take(struct vm_addrs *w, struct vm_observed *out)
{
	uint64_t v;
	bool got = false;

	if (read(w->efd, &v, sizeof(v)) < 0) {
		/* EAGAIN: nothing announced; look anyway */
	}
	pthread_mutex_lock(&w->lock);
	if (w->fresh) {
		*out = *w->shared;
		w->fresh = false;
		got = true;
	}
	pthread_mutex_unlock(&w->lock);
	return got;
}

void vm_addrs_refresh(struct vm_addrs *w)
{
	kick(w);
}

void vm_addrs_want_dns(struct vm_addrs *w)
{
	bool was;

	pthread_mutex_lock(&w->lock);
	was = w->want_dns;
	w->want_dns = true;
	if (!was) {
		w->kick = true;
		pthread_cond_signal(&w->cond);
	}
	pthread_mutex_unlock(&w->lock);
}

bool vm_addrs_take_dns(struct vm_addrs *w, struct vm_dns *out)
{
	bool got = false;

	pthread_mutex_lock(&w->lock);
	if (w->dns_fresh) {
		got = vm_dns_copy(out, &w->dns_shared) == 0;
		w->dns_fresh = false;
	}
	pthread_mutex_unlock(&w->lock);
	return got;
}
