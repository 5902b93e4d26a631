/*
 * vm_agent_read.c - the guest's files read through its QEMU guest agent
 * for the VM panels (see vm_agent_read.h): its /proc/net/route, and its
 * DNS state (core/dnsview_files.h dnsview_read_machine with a reader that opens
 * each file through the agent).
 *
 * Every file goes through the project's one agent client,
 * backend/guest_agent.c (ga_file_read: requests built and replies parsed
 * strictly by core/agent_reply.c with json-c); this file only bounds what
 * is asked and says in words what came back.  The guest is hostile
 * ground: every reply is bounded (size of a file, number of files, time)
 * before a core parser sees it; /proc/net/route is read up to
 * VM_PROC_ROUTE_MAX bytes, a larger table is an error in words, never cut.
 * The DNS reader asks only for paths made of plain characters (an
 * interface name from the guest's /proc/net/dev ends up in one), a
 * bounded number of files, bytes and milliseconds, and no more once the
 * agent itself fails (a missing file is only a missing file; a file too
 * large or unreadable is said in the view's problems, never taken for a
 * missing one).  Reads only: files are opened read-only, nothing in the
 * guest is changed.  Touches the domain it is given and the caller's
 * structs.
 */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libvirt/libvirt.h>

#include "backend/guest_agent.h"
#include "backend/vm_addrs.h"
#include "backend/vm_agent_read.h"
#include "core/clock.h"
#include "core/dnsview_files.h"
#include "core/str.h"
#include "core/err.h"

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
		errf(err, errlen, "the guest agent is not available (%s)",
		     why);
		return GF_NO_AGENT;
	}
	if (len > max) {
		size_words(max, size, sizeof(size));
		errf(err, errlen, "the guest's %s is larger than %s: not "
		     "shown", path, size);
		return GF_TOO_LARGE;
	}
	errf(err, errlen, "the guest's %s could not be read: %s", path,
	     why);
	return GF_FAILED;
}

void vm_agent_read_routes(virDomainPtr dom, struct vm_observed *o)
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
	str_copy(o->proc_route, sizeof(o->proc_route), text);
	free(text);
	o->routes_ok = true;
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

bool vm_agent_path_ok(const char *p)
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

	if (r->dead || !vm_agent_path_ok(path) || r->asked >= VM_DNS_MAX_FILES ||
	    clock_now_ms() > r->deadline_ms) {
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
		str_copy(r->err, sizeof(r->err), err);
		return NULL;
	case GF_TOO_LARGE:
	case GF_FAILED:
		break;
	}
	if (r->asked == 1)	/* /proc/net/dev: nothing can be shown */
		str_copy(r->err, sizeof(r->err), err);
	if (strcmp(path, "/etc/resolv.conf") == 0)
		r->rc_unread = true;
	if (r->nunread < DNS_UNREAD_MAX) {
		str_copy(r->unread[r->nunread], sizeof(r->unread[0]), err);
		str_copy(r->unread_path[r->nunread], sizeof(r->unread_path[0]),
			 path);
		r->nunread++;
	} else {
		r->unread_more++;
	}
	return NULL;
}

void vm_agent_read_dns(virDomainPtr dom, const char *domain,
		       struct vm_dns *o)
{
	struct dns_reader r;
	const char *what;

	vm_dns_free(o);
	memset(&r, 0, sizeof(r));
	r.dom = dom;
	r.deadline_ms = clock_now_ms() + VM_DNS_BUDGET_MS;
	o->tried = true;
	o->taken_ms = clock_now_ms();
	o->taken_unix = (int64_t)time(NULL);
	if (dnsview_read_machine(&o->view, dns_read, &r, &o->problems) < 0) {
		str_copy(o->err, sizeof(o->err), r.err[0] ? r.err :
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
