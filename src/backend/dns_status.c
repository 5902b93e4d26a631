/*
 * dns_status.c - the DNS part of `edgenet status`: one read of the local
 * DNS view (dns_resolved_read_once), one probe of each server
 * (dns_probe_view_once), the checks (dnsview_check), written through the
 * hook of core/status.h by the view's own writers: its text layout and
 * problems (core/dnsview_layout.h) and its JSON (core/dnsview_json.h).
 * The VM's view (read by the caller through the guest agent) is added
 * with its servers probed once from here, unbound, and only those that
 * make sense from here.
 *
 * May touch what dns_resolved and dns_probe touch: the system bus (read
 * only), resolved's and networkd's state files, /etc/resolv.conf, one UDP
 * query to each listed server.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/dns_probe.h"
#include "backend/dns_resolved.h"
#include "backend/dns_status.h"
#include "core/dnsview.h"
#include "core/dnsview_check.h"
#include "core/dnsview_json.h"
#include "core/dnsview_layout.h"
#include "core/json.h"
#include "core/textsafe.h"
#include "core/err.h"

#define DS_READ_MS 3000
#define DS_PROBE_MS 1000

/* Said when the VM's DNS could not be read: what reading it needs. */
#define DS_AGENT_NEEDS "The VM's DNS is read through the QEMU guest " \
	"agent, a helper program inside the VM: it needs qemu-guest-agent " \
	"running in the VM, the VM's guest agent channel " \
	"(org.qemu.guest_agent.0) in its libvirt definition, and the " \
	"agent's file commands allowed (RHEL-family guests block them by " \
	"default)."

struct ds_snapshot {
	struct dnsview v;
	struct diag_list problems;
	char probe_err[ERR_MAX];
	bool vm;
	/* the VM's (dns_status_add_vm) */
	bool vm_read;
	char vm_err[ERR_MAX];
	struct dnsview vmv;
	struct diag_list vm_problems;
	char vm_probe_err[ERR_MAX];
};

/* PREFIX, then TEXT (from outside: the guest, resolved) escaped, then
 * the end of the line. */
static void ds_line(FILE *f, const char *prefix, const char *text)
{
	fputs(prefix, f);
	textsafe_fputs(text, f);
	putc('\n', f);
}

static int ds_json(FILE *f, void *ctx)
{
	struct ds_snapshot *s = ctx;

	dnsview_write_json(f, &s->v, &s->problems, -1);
	return 0;
}

static int ds_text(FILE *f, void *ctx)
{
	struct dnsview_render_opts o = { .probes = true, .indent = 2 };
	struct ds_snapshot *s = ctx;
	char e[1024];

	if (s->v.source == DNSVIEW_SOURCE_RESOLVED)
		fputs(" From systemd-resolved, the DNS service of this "
		      "machine. Each server was asked once for \". NS\" (the "
		      "root's name servers, which every working server "
		      "finds); only \"resolves\" is good.\n", f);
	else if (s->v.note[0])
		ds_line(f, " ", s->v.note);
	if (s->probe_err[0])
		fprintf(f, " Not every server could be asked (%s); a server "
			"without a result is not known to work.\n",
			textsafe_buf(e, sizeof(e), s->probe_err));
	if (dnsview_write_text(f, &s->v, &o) < 0)
		return -1;
	dnsview_write_problems(f, &s->problems, " Problems:");
	return 0;
}

static int ds_vm_json(FILE *f, void *ctx)
{
	struct ds_snapshot *s = ctx;
	struct json_writer w;

	json_init(&w, f, ",", ":");
	json_object_begin(&w);
	json_member_string(&w, "source", "guest-agent");
	json_member_bool(&w, "read", s->vm_read);
	json_member_string(&w, "error",
			   s->vm_read || !s->vm_err[0] ? NULL : s->vm_err);
	json_member_string(&w, "probed_from", "host");
	json_key(&w, "view");
	if (s->vm_read)
		dnsview_write_json_remote(json_raw_value(&w), &s->vmv,
					  &s->vm_problems, -1);
	else
		json_null(&w);
	json_object_end(&w);
	return 0;
}

static int ds_vm_text(FILE *f, void *ctx)
{
	struct dnsview_render_opts o = { .probes = true, .hide_idle = true,
					 .from_host = true, .indent = 3 };
	struct ds_snapshot *s = ctx;
	char e[1024];

	if (!s->vm_read) {
		ds_line(f, " DNS: not read: ", s->vm_err[0] ? s->vm_err :
			"unknown reason");
		fputs("  " DS_AGENT_NEEDS "\n", f);
		return 0;
	}
	fputs(" DNS (read through the guest agent; each server asked once "
	      "from the host, not by the VM, for \". NS\"; only "
	      "\"resolves\" is good):\n", f);
	if (s->vmv.note[0])
		ds_line(f, "  ", s->vmv.note);
	if (s->vm_probe_err[0])
		fprintf(f, "  Not every server could be asked (%s); a server "
			"without a result is not known to work.\n",
			textsafe_buf(e, sizeof(e), s->vm_probe_err));
	if (dnsview_write_text(f, &s->vmv, &o) < 0)
		return -1;
	dnsview_write_problems(f, &s->vm_problems, " DNS problems:");
	return 0;
}

static void ds_release(void *ctx)
{
	struct ds_snapshot *s = ctx;

	dnsview_free(&s->v);
	diag_list_free(&s->problems);
	dnsview_free(&s->vmv);
	diag_list_free(&s->vm_problems);
	free(s);
}

int dns_status_hook(struct status_dns_hook *hook, const char *uri, bool vm,
		    char *err, size_t errlen)
{
	struct dns_probe_opts po = { 0 };
	struct ds_snapshot *s;

	(void)uri;
	s = calloc(1, sizeof(*s));
	if (!s) {
		errf(err, errlen, "out of memory");
		return -1;
	}
	dnsview_init(&s->v);
	diag_list_init(&s->problems);
	dnsview_init(&s->vmv);
	diag_list_init(&s->vm_problems);
	s->vm = vm;
	if (dns_resolved_read_once(NULL, &s->v, DS_READ_MS, err, errlen) < 0) {
		ds_release(s);
		return -1;
	}
	po.timeout_ms = DS_PROBE_MS;
	po.tries = 1;
	if (dns_probe_view_once(&s->v, &po, s->probe_err,
				sizeof(s->probe_err)) == 0)
		s->probe_err[0] = '\0';
	if (dnsview_check(&s->v, &s->problems) < 0) {
		errf(err, errlen, "out of memory");
		ds_release(s);
		return -1;
	}
	hook->write_json = ds_json;
	hook->write_text = ds_text;
	hook->release = ds_release;
	hook->ctx = s;
	return 0;
}

struct ds_start {
	struct dns_probe *p;
	int failed;
	char *err;
	size_t errlen;
};

static int ds_start_one(const struct dnsview_server *srv, int link_ifindex,
			void *ctx)
{
	struct ds_start *c = ctx;

	if (!dnsview_server_probe_from_host(srv, NULL, 0))
		return 0;
	if (dns_probe_start(c->p, srv, link_ifindex, c->err, c->errlen) < 0)
		c->failed++;
	return 0;
}

/* Probes the servers of V that make sense from here, once, unbound; the
 * results into V.  0, or -1 with ERR. */
static int ds_probe_remote(struct dnsview *v, char *err, size_t errlen)
{
	struct dns_probe_opts po = { 0 };
	struct ds_start c = { NULL, 0, err, errlen };
	struct pollfd pfd;
	int r = 0;

	po.timeout_ms = DS_PROBE_MS;
	po.tries = 1;
	po.unbound = true;
	c.p = dns_probe_new(&po, err, errlen);
	if (!c.p)
		return -1;
	(void)dnsview_each_server(v, ds_start_one, &c);
	if (c.failed)
		r = -1;
	pfd.fd = dns_probe_fd(c.p);
	pfd.events = POLLIN;
	while (dns_probe_running(c.p)) {
		if (poll(&pfd, 1, -1) < 0 && errno != EINTR) {
			errf(err, errlen, "poll: %s", strerror(errno));
			r = -1;
			break;
		}
		if (dns_probe_process(c.p) < 0) {
			errf(err, errlen, "the DNS probes failed: %s",
			     strerror(errno));
			r = -1;
			break;
		}
	}
	dns_probe_annotate(c.p, v);
	dns_probe_free(c.p);
	dnsview_mark_unprobeable(v);
	return r;
}

int dns_status_add_vm(struct status_dns_hook *hook, const struct dnsview *v,
		      const char *why, const struct diag_list *parse_problems,
		      char *err, size_t errlen)
{
	struct ds_snapshot *s = hook->ctx;

	if (!s || hook->write_json != ds_json) {
		errf(err, errlen, "no DNS part to add the VM's to");
		return -1;
	}
	hook->write_vm_json = ds_vm_json;
	hook->write_vm_text = ds_vm_text;
	if (!v) {
		snprintf(s->vm_err, sizeof(s->vm_err), "%s",
			 why && *why ? why : "not read");
		return 0;
	}
	if (dnsview_copy(&s->vmv, v) < 0)
		goto oom;
	s->vm_read = true;
	if (ds_probe_remote(&s->vmv, s->vm_probe_err,
			    sizeof(s->vm_probe_err)) == 0)
		s->vm_probe_err[0] = '\0';
	for (size_t i = 0; parse_problems && i < parse_problems->count; i++) {
		const struct diag *x = &parse_problems->items[i];
		char path[DIAG_PATH_MAX];

		snprintf(path, sizeof(path), "vm.%.*s", (int)sizeof(path) - 4,
			 x->path);
		if (diag_add(&s->vm_problems, x->severity, path, "%s",
			     x->message) < 0)
			goto oom;
	}
	if (dnsview_check_remote(&s->vmv, &s->vm_problems) < 0)
		goto oom;
	return 0;
oom:
	errf(err, errlen, "out of memory");
	return -1;
}
