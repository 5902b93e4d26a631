/*
 * nl_links.c - lists the host's network interfaces for the console (and
 * reads one of them the same way for the uplink port probe,
 * nl_links_get):
 * netlink (libnl-route-3's link cache) for name, index, MAC, state,
 * kind and bridge master, and its address cache for each interface's
 * IPv4 addresses (when that cache cannot be read, the list still comes,
 * with addrs_known false); sysfs (/sys/class/net/NAME) for link speed,
 * Wi-Fi and whether a device backs the interface.
 *
 * Read-only: it never changes an interface.  It sees the network
 * namespace of the calling thread.  sysfs is read only when it describes
 * that same namespace (in a namespace made with unshare, /sys still shows
 * the old one): a sysfs entry whose ifindex or MAC differs from netlink's
 * is ignored, and a missing one leaves the defaults (speed -1, not Wi-Fi,
 * not physical).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <netlink/netlink.h>
#include <netlink/cache.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <linux/if.h>

#include "backend/nl_links.h"
#include "core/mac.h"
#include "core/str.h"
#include "core/err.h"

struct nl_links {
	struct nl_sock *sk;
};

static void set_err(char *err, size_t errlen, const char *what, int nlerr)
{
	if (err && errlen)
		errf(err, errlen, "%s: %s", what, nl_geterror(nlerr));
}

/* ---------------------------------------------------------------- */
/* sysfs                                                             */

/* Reads /sys/class/net/NAME/FILE (first line, no newline) into BUF. */
static bool sysfs_read(const char *name, const char *file, char *buf,
		       size_t len)
{
	char path[128];
	FILE *f;
	bool ok;

	snprintf(path, sizeof(path), "/sys/class/net/%s/%s", name, file);
	f = fopen(path, "re");
	if (!f)
		return false;
	ok = fgets(buf, (int)len, f) != NULL;
	fclose(f);
	if (ok)
		buf[strcspn(buf, "\n")] = '\0';
	return ok;
}

static bool sysfs_exists(const char *name, const char *file)
{
	char path[128];
	struct stat st;

	snprintf(path, sizeof(path), "/sys/class/net/%s/%s", name, file);
	return stat(path, &st) == 0;
}

/* Is /sys/class/net/N->name this very interface (same namespace)? */
bool nl_links_sysfs_is_ours(const struct host_nic *n)
{
	char buf[64], *end;
	long idx;

	if (!n->name[0] || strchr(n->name, '/') || strcmp(n->name, ".") == 0 ||
	    strcmp(n->name, "..") == 0)
		return false;
	if (!sysfs_read(n->name, "ifindex", buf, sizeof(buf)))
		return false;
	errno = 0;
	idx = strtol(buf, &end, 10);
	if (errno || end == buf || *end || idx != n->ifindex)
		return false;
	if (n->mac[0] && sysfs_read(n->name, "address", buf, sizeof(buf)) &&
	    !mac_text_same(buf, n->mac))
		return false;
	return true;
}

static void sysfs_fill(struct host_nic *n)
{
	char buf[32], *end;
	long v;

	if (!nl_links_sysfs_is_ours(n))
		return;
	/* Reading speed fails (EINVAL) on a down link: unknown. */
	if (sysfs_read(n->name, "speed", buf, sizeof(buf))) {
		errno = 0;
		v = strtol(buf, &end, 10);
		if (!errno && end != buf && !*end && v >= 0 && v < 100000000)
			n->speed_mbps = (int)v;
	}
	n->wireless = sysfs_exists(n->name, "wireless") ||
		      sysfs_exists(n->name, "phy80211");
	n->physical = sysfs_exists(n->name, "device");
}

/* ---------------------------------------------------------------- */
/* netlink                                                           */

static void fill_nic(struct nl_cache *cache, struct rtnl_link *link,
		     struct host_nic *n)
{
	struct nl_addr *a;
	unsigned int flags;
	int master;

	memset(n, 0, sizeof(*n));
	n->speed_mbps = -1;
	str_copy(n->name, sizeof(n->name), rtnl_link_get_name(link));
	n->ifindex = rtnl_link_get_ifindex(link);
	flags = rtnl_link_get_flags(link);
	n->up = (flags & IFF_UP) != 0;
	n->carrier = (flags & IFF_LOWER_UP) != 0 ||
		     rtnl_link_get_operstate(link) == IF_OPER_UP;
	str_copy(n->kind, sizeof(n->kind), rtnl_link_get_type(link));

	a = rtnl_link_get_addr(link);
	if (a && nl_addr_get_len(a) == 6) {
		struct mac m;

		memcpy(m.b, nl_addr_get_binary_addr(a), sizeof(m.b));
		if (!mac_is_zero(&m))
			mac_format(&m, n->mac);
	}

	master = rtnl_link_get_master(link);
	if (master > 0 &&
	    !rtnl_link_i2name(cache, master, n->master, sizeof(n->master)))
		snprintf(n->master, sizeof(n->master), "#%d", master);

	sysfs_fill(n);
}

/* The IPv4 addresses of the address cache onto the NICs ALL[0..N) by
 * ifindex.  False when the cache cannot be read. */
static bool fill_addrs(struct nl_sock *sk, struct host_nic *all, size_t n)
{
	struct nl_cache *cache = NULL;
	struct nl_object *obj;

	if (rtnl_addr_alloc_cache(sk, &cache) < 0)
		return false;
	for (obj = nl_cache_get_first(cache); obj;
	     obj = nl_cache_get_next(obj)) {
		struct rtnl_addr *ad = (struct rtnl_addr *)obj;
		struct nl_addr *local = rtnl_addr_get_local(ad);
		const unsigned char *b;
		int idx = rtnl_addr_get_ifindex(ad);

		if (rtnl_addr_get_family(ad) != AF_INET || !local ||
		    nl_addr_get_len(local) != 4)
			continue;
		b = nl_addr_get_binary_addr(local);
		for (size_t i = 0; i < n; i++)
			if (all[i].ifindex == idx) {
				host_nic_add_addr(&all[i],
					(uint32_t)b[0] << 24 |
					(uint32_t)b[1] << 16 |
					(uint32_t)b[2] << 8 | b[3],
					rtnl_addr_get_prefixlen(ad));
				break;
			}
	}
	nl_cache_free(cache);
	return true;
}

static int nic_cmp_name(const void *a, const void *b)
{
	const struct host_nic *x = a, *y = b;

	return strcmp(x->name, y->name);
}

/* With more interfaces than fit, the ones that can matter to a
 * technician (devices, bridges, Wi-Fi) go first. */
static int nic_rank(const struct host_nic *n)
{
	return n->physical || n->wireless || strcmp(n->kind, "bridge") == 0 ?
	       0 : 1;
}

static int nic_cmp_rank(const void *a, const void *b)
{
	int d = nic_rank(a) - nic_rank(b);

	return d ? d : nic_cmp_name(a, b);
}

static int list_nics(void *ctx, struct host_nic_list *out, char *err,
		     size_t errlen)
{
	struct nl_links *l = ctx;
	struct nl_cache *cache = NULL;
	struct nl_object *obj;
	struct host_nic *all;
	size_t n = 0, total;
	int rc;

	out->count = 0;
	out->addrs_known = false;
	snprintf(out->source, sizeof(out->source), "this machine (netlink)");
	if (!l || !l->sk) {
		if (err && errlen)
			errf(err, errlen, "netlink is not open");
		return -1;
	}
	rc = rtnl_link_alloc_cache(l->sk, AF_UNSPEC, &cache);
	if (rc < 0) {
		set_err(err, errlen, "cannot list network interfaces "
			"(netlink)", rc);
		return -1;
	}
	total = (size_t)nl_cache_nitems(cache);
	all = calloc(total ? total : 1, sizeof(*all));
	if (!all) {
		nl_cache_free(cache);
		if (err && errlen)
			errf(err, errlen, "out of memory");
		return -1;
	}
	for (obj = nl_cache_get_first(cache); obj && n < total;
	     obj = nl_cache_get_next(obj))
		fill_nic(cache, (struct rtnl_link *)obj, &all[n++]);
	nl_cache_free(cache);
	out->addrs_known = fill_addrs(l->sk, all, n);

	if (n > HOST_MAX_NICS)
		qsort(all, n, sizeof(*all), nic_cmp_rank);
	out->count = n < HOST_MAX_NICS ? n : HOST_MAX_NICS;
	memcpy(out->items, all, out->count * sizeof(*all));
	free(all);
	qsort(out->items, out->count, sizeof(out->items[0]), nic_cmp_name);
	return 0;
}

int nl_links_get(const char *name, struct host_nic *out, char *err,
		 size_t errlen)
{
	struct nl_sock *sk;
	struct nl_cache *cache = NULL;
	struct rtnl_link *link = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	out->speed_mbps = -1;
	sk = nl_socket_alloc();
	if (!sk) {
		if (err && errlen)
			errf(err, errlen, "cannot allocate a netlink socket");
		return -1;
	}
	rc = nl_connect(sk, NETLINK_ROUTE);
	if (rc < 0) {
		set_err(err, errlen, "cannot open netlink (route)", rc);
		nl_socket_free(sk);
		return -1;
	}
	/* the cache names the master by its name */
	rc = rtnl_link_alloc_cache(sk, AF_UNSPEC, &cache);
	if (rc < 0) {
		set_err(err, errlen, "cannot list network interfaces "
			"(netlink)", rc);
		nl_socket_free(sk);
		return -1;
	}
	link = rtnl_link_get_by_name(cache, name);
	if (link) {
		fill_nic(cache, link, out);
		rtnl_link_put(link);
	}
	nl_cache_free(cache);
	nl_socket_free(sk);
	return link ? 1 : 0;
}

int nl_links_open(struct host_link_ops *ops, char *err, size_t errlen)
{
	struct nl_links *l;
	int rc;

	ops->list_nics = NULL;
	ops->ctx = NULL;
	l = calloc(1, sizeof(*l));
	if (!l) {
		if (err && errlen)
			errf(err, errlen, "out of memory");
		return -1;
	}
	l->sk = nl_socket_alloc();
	if (!l->sk) {
		free(l);
		if (err && errlen)
			errf(err, errlen, "cannot allocate a netlink socket");
		return -1;
	}
	rc = nl_connect(l->sk, NETLINK_ROUTE);
	if (rc < 0) {
		set_err(err, errlen, "cannot open netlink (route)", rc);
		nl_socket_free(l->sk);
		free(l);
		return -1;
	}
	ops->list_nics = list_nics;
	ops->ctx = l;
	return 0;
}

void nl_links_close(struct host_link_ops *ops)
{
	struct nl_links *l;

	if (!ops)
		return;
	l = ops->ctx;
	if (l) {
		if (l->sk)
			nl_socket_free(l->sk);	/* closes it too */
		free(l);
	}
	ops->list_nics = NULL;
	ops->ctx = NULL;
}
