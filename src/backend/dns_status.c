/*
 * dns_status.c - the DNS part of `edgenet status`: one read of the local
 * DNS view (dns_resolved_read_once), one probe of each server
 * (dns_probe_view_once), the checks (dnsview_check), written as JSON or
 * text through the hook of core/status.h.
 *
 * May touch what dns_resolved and dns_probe touch: the system bus (read
 * only), resolved's and networkd's state files, /etc/resolv.conf, one UDP
 * query to each listed server.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/dns_probe.h"
#include "backend/dns_resolved.h"
#include "backend/dns_status.h"
#include "core/dnsview.h"

#define DS_READ_MS 3000
#define DS_PROBE_MS 1000

struct ds_snapshot {
	struct dnsview v;
	struct diag_list problems;
	char probe_err[256];
	bool vm;
};

static int ds_json(FILE *f, void *ctx)
{
	struct ds_snapshot *s = ctx;

	dnsview_write_json(f, &s->v, &s->problems, -1);
	return 0;
}

static int ds_text(FILE *f, void *ctx)
{
	struct dnsview_render_opts o = { 0, true, false, false };
	struct ds_snapshot *s = ctx;
	struct dnsview_lines l = { 0 };
	size_t i;

	if (s->v.source == DNSVIEW_SOURCE_RESOLVED)
		fputs(" From systemd-resolved (D-Bus); each server probed once "
		      "(\". NS\", recursion desired).\n", f);
	else if (s->v.note[0])
		fprintf(f, " %s\n", s->v.note);
	if (s->probe_err[0])
		fprintf(f, " Probes: %s\n", s->probe_err);
	if (dnsview_render(&s->v, &o, &l) < 0) {
		dnsview_lines_free(&l);
		return -1;
	}
	for (i = 0; i < l.count; i++)
		fprintf(f, "%s%s\n", l.items[i].text[0] ? "  " : "",
			l.items[i].text);
	dnsview_lines_free(&l);
	if (s->problems.count) {
		fputs(" Problems:\n", f);
		for (i = 0; i < s->problems.count; i++)
			fprintf(f, "  %s: %s: %s\n",
				diag_severity_name(s->problems.items[i].severity),
				s->problems.items[i].path,
				s->problems.items[i].message);
	}
	if (s->vm)
		fputs(" (This is this machine's DNS; the VM's is not read "
		      "yet.)\n", f);
	return 0;
}

static void ds_release(void *ctx)
{
	struct ds_snapshot *s = ctx;

	dnsview_free(&s->v);
	diag_list_free(&s->problems);
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
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	dnsview_init(&s->v);
	diag_list_init(&s->problems);
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
		snprintf(err, errlen, "out of memory");
		ds_release(s);
		return -1;
	}
	hook->write_json = ds_json;
	hook->write_text = ds_text;
	hook->release = ds_release;
	hook->ctx = s;
	return 0;
}
