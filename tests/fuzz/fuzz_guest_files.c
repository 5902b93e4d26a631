/*
 * fuzz_guest_files.c - fuzz harness for every parser of a file read from
 * the guest (or this machine) as text: resolved's per-link state
 * (/run/systemd/resolve/netif/IDX), networkd's link state
 * (/run/systemd/netif/links/IDX), /etc/resolv.conf and /proc/net/dev
 * (src/core/dnsview_parse.c), /proc/net/route (src/core/proc_route.c);
 * then the whole view built from them as for the VM
 * (dnsview_read_machine, src/core/dnsview_files.c), its checks, its
 * resolvectl-like text and its JSON, and the route view.
 *
 * An input is up to six parts separated by a line "----": /proc/net/dev,
 * the text of every /sys/class/net/NAME/ifindex, networkd's link file,
 * resolved's link file (both given to every link), /etc/resolv.conf,
 * /proc/net/route.  Each parser also gets the whole input, so a plain
 * guest file is a useful input too.  Touches nothing but memory.  Built
 * by `make check` with fuzz_main.c over tests/fuzz/corpus/guest_files/;
 * under libFuzzer by tests/fuzz/run.sh (see tests/fuzz/local.am).
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/dnsview.h"
#include "core/proc_route.h"
#include "core/route_view.h"
#include "core/dnsview_check.h"
#include "core/dnsview_files.h"
#include "core/dnsview_json.h"
#include "core/dnsview_layout.h"
#include "core/dnsview_parse.h"
#include "core/routes.h"

#define FGF_PARTS 6
#define FGF_SEP "\n----\n"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { P_DEV, P_IFINDEX, P_NETWORKD, P_RESOLVED, P_RESOLV_CONF, P_ROUTE };

/* The guest's files, served from the parts (NULL: absent). */
static char *fgf_read(void *ctx, const char *path)
{
	char **part = ctx;
	int k = -1;

	if (strcmp(path, "/proc/net/dev") == 0)
		k = P_DEV;
	else if (strncmp(path, "/sys/class/net/", 15) == 0)
		k = P_IFINDEX;
	else if (strncmp(path, "/run/systemd/netif/links/", 25) == 0)
		k = P_NETWORKD;
	else if (strncmp(path, "/run/systemd/resolve/netif/", 27) == 0)
		k = P_RESOLVED;
	else if (strcmp(path, "/etc/resolv.conf") == 0)
		k = P_RESOLV_CONF;
	if (k < 0 || !part[k])
		return NULL;
	return strdup(part[k]);
}

static void fgf_section_parsers(const char *text)
{
	struct dnsview_section s;
	struct diag_list d;
	char names[8][DNSVIEW_IFNAME_MAX];
	size_t n;

	diag_list_init(&d);
	dnsview_section_init(&s, false, 2);
	dnsview_parse_netif(&s, text, "vm.dns.links[2]", &d);
	dnsview_parse_networkd_link(&s, text, "vm.dns.links[2]", &d);
	dnsview_derive_default_route(&s);
	dnsview_sort_domains(&s);
	dnsview_section_free(&s);
	dnsview_section_init(&s, true, 0);
	dnsview_parse_resolv_conf(&s, text, "vm.dns.global", &d);
	dnsview_section_free(&s);
	n = dnsview_parse_proc_net_dev(text, names, 8);
	for (size_t i = 0; i < n; i++)
		if (strlen(names[i]) >= DNSVIEW_IFNAME_MAX)
			abort();
	for (size_t i = 0; i < d.count; i++)
		if (!d.items[i].message)
			abort();
	diag_list_free(&d);
}

static void fgf_routes(const char *text)
{
	struct route_snapshot s;
	struct route_view v;
	struct route_view_opts o;
	char err[256];

	route_snapshot_init(&s);
	if (route_parse_proc_net_route(text, &s, err, sizeof(err)) >= 0) {
		memset(&o, 0, sizeof(o));
		o.by_name = true;
		route_view_init(&v);
		route_view_build(&v, &s, &o);
		route_view_free(&v);
	}
	route_snapshot_free(&s);
}

/* The whole view, as the VM's DNS panel and `status --json` show it. */
static void fgf_view(char **part)
{
	struct dnsview v;
	struct dnsview_render_opts ro;
	struct dnsview_lines lines;
	struct diag_list d, problems;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	dnsview_init(&v);
	diag_list_init(&d);
	diag_list_init(&problems);
	if (dnsview_read_machine(&v, fgf_read, part, &d) == 0) {
		dnsview_check_remote(&v, &problems);
		dnsview_mark_unprobeable(&v);
		memset(&ro, 0, sizeof(ro));
		ro.width = 80;
		ro.probes = true;
		ro.note = true;
		ro.from_host = true;
		memset(&lines, 0, sizeof(lines));
		dnsview_render(&v, &ro, &lines);
		dnsview_lines_free(&lines);
		f = open_memstream(&buf, &len);
		if (f) {
			dnsview_write_json_remote(f, &v, &problems, 2);
			fclose(f);
			free(buf);
		}
	}
	diag_list_free(&problems);
	diag_list_free(&d);
	dnsview_free(&v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text, *whole, *part[FGF_PARTS] = { NULL }, *p, *sep;
	size_t n = 0;

	text = malloc(size + 1);
	whole = malloc(size + 1);
	if (!text || !whole) {
		free(text);
		free(whole);
		return 0;
	}
	memcpy(text, data, size);
	text[size] = '\0';
	memcpy(whole, text, size + 1);

	fgf_section_parsers(whole);
	fgf_routes(whole);

	for (p = text; p && n < FGF_PARTS; n++) {
		part[n] = p;
		sep = strstr(p, FGF_SEP);
		if (sep) {
			*sep = '\0';
			p = sep + strlen(FGF_SEP);
		} else {
			p = NULL;
		}
	}
	fgf_view(part);
	if (part[P_ROUTE])
		fgf_routes(part[P_ROUTE]);
	free(text);
	free(whole);
	return 0;
}
