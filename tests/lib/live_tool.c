/*
 * live_tool.c - a small driver of the live-panel backends for the
 * benchmarks (tests/bench/bench_live.sh) and the end-to-end test
 * (tests/e2e/e2e_live.sh).  Run it inside a network namespace of the
 * caller's: it changes routes only through `latency`, only in the
 * namespace it runs in, only 198.18.0.0/15 (benchmark addresses).
 *
 *   live_tool snapshot [-4]     first snapshot (nl_routes_open): prints
 *                               "routes N ms T rss_kb R"
 *   live_tool libnl-cache [-4]  the same read by a plain libnl route
 *                               cache (rtnl_route_alloc_cache)
 *   live_tool latency N DEV GW  N times: add a route through DEV via GW
 *                               (or give it a new metric: add, delete),
 *                               wait for the event, and time change ->
 *                               snapshot; prints p50/p95/max in ms
 *   live_tool vmwatch URI DOMAIN SECONDS
 *                               the VM watcher: one line per snapshot
 *                               (ms since start, state, sources, the
 *                               addresses per MAC) until SECONDS pass
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netlink/route/route.h>
#include <netlink/socket.h>

#include "backend/nl_routes.h"
#include "backend/vm_addrs.h"
#include "backend/vm_addrs_watch.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static long rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

static int cmd_snapshot(bool v4)
{
	char err[512];
	double t0 = now_ms(), t1;
	struct nl_routes *n = nl_routes_open(v4 ? NL_ROUTES_IPV4 : 0, err,
					     sizeof(err));

	t1 = now_ms();
	if (!n) {
		fprintf(stderr, "live_tool: %s\n", err);
		return 1;
	}
	printf("routes %zu ms %.1f rss_kb %ld\n",
	       nl_routes_snapshot(n)->nroutes, t1 - t0, rss_kb());
	nl_routes_close(n);
	return 0;
}

static int cmd_libnl(bool v4)
{
	struct nl_sock *sk = nl_socket_alloc();
	struct nl_cache *cache = NULL;
	double t0 = now_ms(), t1;
	int rc;

	if (!sk || nl_connect(sk, NETLINK_ROUTE) < 0) {
		fprintf(stderr, "live_tool: cannot open a libnl socket\n");
		return 1;
	}
	rc = rtnl_route_alloc_cache(sk, v4 ? AF_INET : AF_UNSPEC, 0, &cache);
	t1 = now_ms();
	if (rc < 0) {
		fprintf(stderr, "live_tool: libnl: %s\n", nl_geterror(rc));
		return 1;
	}
	printf("routes %d ms %.1f rss_kb %ld\n", nl_cache_nitems(cache),
	       t1 - t0, rss_kb());
	nl_cache_free(cache);
	nl_socket_free(sk);
	return 0;
}

static int dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Is there a route to DST/32 with METRIC in the snapshot? */
static bool has_route(const struct route_snapshot *s, uint32_t dst,
		      uint32_t metric)
{
	for (size_t i = 0; i < s->nroutes; i++) {
		struct route_info r;

		route_snapshot_get(s, i, &r);
		if (r.family == ROUTE_AF_INET && r.dst_len == 32 &&
		    memcmp(r.dst, &dst, 4) == 0 && r.metric == metric)
			return true;
	}
	return false;
}

static int cmd_latency(int count, const char *dev, const char *gw)
{
	struct route_info r;
	struct nl_routes *n;
	double *lat = calloc((size_t)count, sizeof(double));
	char err[512];
	int32_t oif = (int32_t)if_nametoindex(dev);

	if (!lat || !oif) {
		fprintf(stderr, "live_tool: no device %s\n", dev);
		return 1;
	}
	n = nl_routes_open(NL_ROUTES_IPV4 | NL_ROUTES_EVENTS, err, sizeof(err));
	if (!n) {
		fprintf(stderr, "live_tool: %s\n", err);
		return 1;
	}
	for (int i = 0; i < count; i++) {
		struct pollfd p = { .fd = nl_routes_fd(n), .events = POLLIN };
		uint32_t dst = htonl(0xc6120000u | (uint32_t)(i / 2));
		uint32_t metric = (uint32_t)(i % 2 ? 20 : 10);
		double t0;

		/* even i: a new route (metric 10); odd i: its metric
		 * changed to 20 (add, then delete the old) */
		memset(&r, 0, sizeof(r));
		r.family = ROUTE_AF_INET;
		r.dst_len = 32;
		r.table = ROUTE_TABLE_MAIN;
		r.type = ROUTE_TYPE_UNICAST;
		r.protocol = ROUTE_PROTO_STATIC;
		r.pref = ROUTE_PREF_NONE;
		r.oif = oif;
		r.gw_family = ROUTE_AF_INET;
		inet_pton(AF_INET, gw, r.gw);
		memcpy(r.dst, &dst, 4);
		t0 = now_ms();
		if (i % 2 == 0) {
			char cmd[256];
			struct in_addr a = { dst };

			/* another process adds it, as a technician would */
			snprintf(cmd, sizeof(cmd), "ip route add %s/32 via %s "
				 "dev %s metric 10 proto static", inet_ntoa(a),
				 gw, dev);
			t0 = now_ms();
			if (system(cmd) != 0) {
				fprintf(stderr, "live_tool: %s failed\n", cmd);
				return 1;
			}
		} else {
			r.metric = 10;
			if (nl_routes_set_metric(n, &r, 20, err,
						 sizeof(err)) != 0) {
				fprintf(stderr, "live_tool: %s\n", err);
				return 1;
			}
		}
		for (;;) {
			if (nl_routes_process(n, err, sizeof(err)) < 0) {
				fprintf(stderr, "live_tool: %s\n", err);
				return 1;
			}
			if (has_route(nl_routes_snapshot(n), dst, metric) &&
			    (metric == 10 ||
			     !has_route(nl_routes_snapshot(n), dst, 10)))
				break;
			if (poll(&p, 1, 2000) != 1) {
				fprintf(stderr, "live_tool: no event in 2 s\n");
				return 1;
			}
		}
		lat[i] = now_ms() - t0;
	}
	qsort(lat, (size_t)count, sizeof(double), dcmp);
	printf("changes %d p50_ms %.2f p95_ms %.2f max_ms %.2f\n", count,
	       lat[count / 2], lat[(count * 95 + 99) / 100 - 1],
	       lat[count - 1]);
	nl_routes_close(n);
	free(lat);
	return 0;
}

static int cmd_vmwatch(const char *uri, const char *domain, int seconds)
{
	static struct vm_observed o;
	struct vm_addrs_opts opts = {
		.uri = uri, .domain = domain, .refresh_s = 30, .routes = true,
	};
	struct vm_addrs *w;
	char err[512];
	double t0 = now_ms();

	w = vm_addrs_start(&opts, err, sizeof(err));
	if (!w) {
		fprintf(stderr, "live_tool: %s\n", err);
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	while (now_ms() - t0 < seconds * 1000.0) {
		struct pollfd p = { .fd = vm_addrs_fd(w), .events = POLLIN };
		int left = (int)(seconds * 1000.0 - (now_ms() - t0));

		if (poll(&p, 1, left > 0 ? left : 0) != 1)
			break;
		if (!vm_addrs_take(w, &o))
			continue;
		printf("%.0f state=%s connected=%d", now_ms() - t0,
		       vm_state_name(o.state), o.connected);
		for (int s = 0; s < VM_SRC_COUNT; s++) {
			printf(" %s=%s", vm_source_name(s),
			       !o.src[s].tried ? "-" : o.src[s].ok ? "ok" : "error");
			for (size_t i = 0; o.src[s].ok && i < o.src[s].nifs; i++)
				for (size_t k = 0; k < o.src[s].ifs[i].naddrs; k++)
					if (!o.src[s].ifs[i].addrs[k].ipv6)
						printf(",%s=%s", o.src[s].ifs[i].mac,
						       o.src[s].ifs[i].addrs[k].addr);
		}
		printf(" routes=%s retry=%u\n", o.routes_ok ? "ok" : "-",
		       o.retry_s);
	}
	vm_addrs_stop(w);
	return 0;
}

int main(int argc, char **argv)
{
	bool v4 = argc > 2 && strcmp(argv[2], "-4") == 0;

	if (argc >= 2 && strcmp(argv[1], "snapshot") == 0)
		return cmd_snapshot(v4);
	if (argc >= 2 && strcmp(argv[1], "libnl-cache") == 0)
		return cmd_libnl(v4);
	if (argc == 5 && strcmp(argv[1], "latency") == 0)
		return cmd_latency(atoi(argv[2]) > 0 ? atoi(argv[2]) : 100,
				   argv[3], argv[4]);
	if (argc == 5 && strcmp(argv[1], "vmwatch") == 0)
		return cmd_vmwatch(argv[2], argv[3], atoi(argv[4]));
	fprintf(stderr, "usage: live_tool snapshot [-4] | libnl-cache [-4] | "
		"latency N DEV GW | vmwatch URI DOMAIN SECONDS\n");
	return 2;
}
