/*
 * dnsview_files.c - a machine's whole DNS view built from its files
 * (core/dnsview_files.h): /etc/resolv.conf for Global, resolved's and
 * networkd's state files for each link, through the parsers of
 * dnsview_parse.c.  The files are handed in as text, or read through a
 * callback (the VM's through the guest agent, this machine's from its
 * own file system): nothing here opens a file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dnsview.h"
#include "core/dnsview_files.h"
#include "core/dnsview_parse.h"
#include "core/dnsview_priv.h"

int dnsview_build_from_files(struct dnsview *v, const char *resolv_conf,
			     const char *resolv_conf_path,
			     const struct dnsview_link_files *links,
			     size_t nlinks, struct diag_list *problems)
{
	struct dnsview_section *s;
	bool any = false;
	char path[64];
	size_t i;

	dnsview_free(v);
	dv_copy(v->global.origin, sizeof(v->global.origin),
		resolv_conf_path ? resolv_conf_path : "/etc/resolv.conf");
	if (resolv_conf) {
		if (dnsview_parse_resolv_conf(&v->global, resolv_conf,
					      "dns.global", problems))
			return -1;
	} else {
		dv_copy(v->global.resolv_conf_mode,
			sizeof(v->global.resolv_conf_mode), "missing");
	}
	for (i = 0; i < nlinks; i++) {
		const struct dnsview_link_files *f = &links[i];

		if (f->ifindex <= 1)
			continue;
		s = dnsview_link(v, f->ifindex);
		if (!s)
			return v->nlinks >= DNSVIEW_MAX_LINKS ? 0 : -1;
		if (f->ifname)
			dnsview_section_set_ifname(s, f->ifname);
		snprintf(path, sizeof(path), "dns.links[%d]", f->ifindex);
		if (f->networkd) {
			any = true;
			if (dnsview_parse_networkd_link(s, f->networkd, path,
							problems))
				return -1;
		}
		if (f->resolved) {
			any = true;
			if (dnsview_parse_netif(s, f->resolved, path, problems))
				return -1;
		}
		snprintf(s->origin, sizeof(s->origin), "%s%s%s",
			 f->networkd ? "networkd" : "",
			 f->networkd && f->resolved ? "+" : "",
			 f->resolved ? "resolved" : "");
		dnsview_derive_default_route(s);
	}
	v->source = any ? DNSVIEW_SOURCE_FILES : DNSVIEW_SOURCE_RESOLV_CONF;
	return 0;
}

int dnsview_read_machine(struct dnsview *v, dnsview_read_fn read, void *ctx,
			 struct diag_list *problems)
{
	char (*names)[DNSVIEW_IFNAME_MAX] = NULL;
	struct dnsview_link_files *lf = NULL;
	char path[96], *dev, *rc = NULL, *idx;
	size_t n = 0, k = 0, i;
	int r = -1;
	long x;

	dnsview_free(v);
	dev = read(ctx, "/proc/net/dev");
	if (!dev)
		return -1;
	names = calloc(DNSVIEW_MAX_LINKS, sizeof(*names));
	lf = calloc(DNSVIEW_MAX_LINKS, sizeof(*lf));
	if (!names || !lf)
		goto out;
	n = dnsview_parse_proc_net_dev(dev, names, DNSVIEW_MAX_LINKS);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/sys/class/net/%s/ifindex",
			 names[i]);
		idx = read(ctx, path);
		x = idx ? strtol(idx, NULL, 10) : 0;
		free(idx);
		if (x <= 1 || x > 0x7fffffff)
			continue;	/* the loopback, or gone */
		lf[k].ifindex = (int)x;
		lf[k].ifname = names[i];
		snprintf(path, sizeof(path), "/run/systemd/netif/links/%ld", x);
		lf[k].networkd = read(ctx, path);
		snprintf(path, sizeof(path), "/run/systemd/resolve/netif/%ld",
			 x);
		lf[k].resolved = read(ctx, path);
		k++;
	}
	rc = read(ctx, "/etc/resolv.conf");
	r = dnsview_build_from_files(v, rc, "/etc/resolv.conf", lf, k,
				     problems);
out:
	for (i = 0; lf && i < k; i++) {
		free((char *)lf[i].networkd);
		free((char *)lf[i].resolved);
	}
	free(lf);
	free(names);
	free(rc);
	free(dev);
	return r;
}
