/*
 * netprobe_tool.c - a small driver of one probe that sends (backend/
 * netprobe.c) for tests/system/netprobe.sh and tests/bench/bench_probe.sh (not a test
 * by itself; built by `make check`).  It runs in whatever network
 * namespace it is started in, and prints the result as key=value lines.
 *
 *   netprobe_tool [OPTIONS] dhcp IFNAME
 *   netprobe_tool [OPTIONS] address IFNAME ADDRESS
 *   netprobe_tool [OPTIONS] gateway IFNAME GATEWAY [SOURCE]
 *
 * Options (milliseconds; 0 or absent: the probe's default):
 * --dhcp-wait MS --dhcp-settle MS --arp-wait MS --ping-wait MS; and
 * --source-free: the caller vouches that SOURCE was just found free (as
 * diag_run does after the NIC's address probe), so the gateway probe may
 * ping from it; without it the gateway probe is an ARP probe only.
 * --progress: on stderr, "ready" once the probe has started (its socket
 * is open and its first frame sent) and "ping sent" when the gateway
 * probe's echo went, for a test to wait on.
 * Exit 0 when the probe ran to its verdict (status=done), 1 when it
 * FAILED (status=failed, why=...), 2 on a usage error.  Touches only what
 * the probe touches: one packet socket on IFNAME.
 */
#include <getopt.h>
#include <stdbool.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backend/netprobe.h"

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static const char *no_ping_name(enum probe_no_ping n)
{
	switch (n) {
	case PROBE_NO_PING_UNCHECKED:
		return "unchecked";
	case PROBE_NO_PING_IN_USE:
		return "in-use";
	case PROBE_NO_PING_VM_HOLDS:
		return "vm-holds";
	case PROBE_NO_PING_NO_ADDRESS:
		return "no-address";
	case PROBE_PING_ALLOWED:
		break;
	}
	return "allowed";
}

static void print_result(const struct probe_result *r, long long us)
{
	printf("status=%s\n", probe_status_name(r->status));
	if (r->why[0])
		printf("why=%s\n", r->why);
	printf("ifname=%s\nelapsed_ms=%lld\ntool_us=%lld\n", r->ifname,
	       r->elapsed_ms, us);
	if (r->status != PROBE_DONE)
		return;
	if (r->kind == PROBE_DHCP) {
		const struct probe_dhcp *d = &r->dhcp;

		printf("client_mac=%s\nnoffers=%zu\nnservers=%zu\nmore=%d\n"
		       "wait_ms=%d\n", d->client_mac, d->noffers, d->nservers,
		       d->more, d->wait_ms);
		for (size_t i = 0; i < d->noffers; i++) {
			const struct dhcp_offer *o = &d->offers[i];

			printf("offer%zu.server_id=%s\noffer%zu.server_mac=%s\n"
			       "offer%zu.server_ip=%s\noffer%zu.offered=%s\n"
			       "offer%zu.prefix=%d\noffer%zu.router=%s\n"
			       "offer%zu.lease_s=%lld\noffer%zu.latency_us=%lld\n"
			       "offer%zu.dns=", i, o->server_id, i,
			       o->server_mac, i, o->server_ip, i, o->offered,
			       i, o->prefix, i, o->router, i, o->lease_s, i,
			       o->latency_us, i);
			for (size_t k = 0; k < o->ndns; k++)
				printf("%s%s", k ? "," : "", o->dns[k]);
			printf("\n");
		}
	} else if (r->kind == PROBE_ADDR) {
		const struct probe_addr *a = &r->addr;

		printf("target=%s\nanswered=%d\nnmacs=%zu\nrtt_us=%lld\n"
		       "wait_ms=%d\n", a->target, a->answered, a->nmacs,
		       a->rtt_us, a->wait_ms);
		for (size_t i = 0; i < a->nmacs; i++)
			printf("mac%zu=%s\n", i, a->macs[i]);
	} else if (r->kind == PROBE_GATEWAY) {
		const struct probe_gateway *g = &r->gw;

		printf("gateway=%s\nsource=%s\narp_answered=%d\nmac=%s\n"
		       "arp_rtt_us=%lld\nping_sent=%d\nping_answered=%d\n"
		       "ping_rtt_us=%lld\nwait_ms=%d\nno_ping=%s\n", g->gateway,
		       g->source, g->arp_answered, g->mac, g->arp_rtt_us,
		       g->ping_sent, g->ping_answered, g->ping_rtt_us,
		       g->wait_ms, no_ping_name(g->no_ping));
	}
}

static int usage(void)
{
	fprintf(stderr, "usage: netprobe_tool [--dhcp-wait MS] "
		"[--dhcp-settle MS] [--arp-wait MS] [--ping-wait MS]\n"
		"       [--source-free] [--progress]\n"
		"       dhcp IFNAME | address IFNAME ADDRESS | "
		"gateway IFNAME GATEWAY [SOURCE]\n");
	return 2;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dhcp-wait", required_argument, NULL, 'w' },
		{ "dhcp-settle", required_argument, NULL, 's' },
		{ "arp-wait", required_argument, NULL, 'a' },
		{ "ping-wait", required_argument, NULL, 'p' },
		{ "source-free", no_argument, NULL, 'f' },
		{ "progress", no_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 },
	};
	struct netprobe_opts o;
	struct probe_target t;
	struct probe_result r;
	struct netprobe *p;
	long long t0;
	int c, nargs;
	bool progress = false;

	memset(&o, 0, sizeof(o));
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		int v = atoi(optarg ? optarg : "0");

		switch (c) {
		case 'w': o.dhcp_wait_ms = v; break;
		case 's': o.dhcp_settle_ms = v; break;
		case 'a': o.arp_wait_ms = v; break;
		case 'p': o.ping_wait_ms = v; break;
		case 'f': o.gw_ping = PROBE_PING_ALLOWED; break;
		case 'P': progress = true; break;
		default: return usage();
		}
	}
	nargs = argc - optind;
	if (nargs < 2)
		return usage();
	memset(&t, 0, sizeof(t));
	if (strcmp(argv[optind], "dhcp") == 0 && nargs == 2)
		t.kind = PROBE_DHCP;
	else if (strcmp(argv[optind], "address") == 0 && nargs == 3)
		t.kind = PROBE_ADDR;
	else if (strcmp(argv[optind], "gateway") == 0 &&
		 (nargs == 3 || nargs == 4))
		t.kind = PROBE_GATEWAY;
	else
		return usage();
	snprintf(t.ifname, sizeof(t.ifname), "%s", argv[optind + 1]);
	if (nargs >= 3)
		snprintf(t.target, sizeof(t.target), "%s", argv[optind + 2]);
	if (nargs == 4)
		snprintf(t.source, sizeof(t.source), "%s", argv[optind + 3]);

	t0 = now_us();
	p = netprobe_start(&t, &o, &r);
	if (p) {
		bool pinged = false;

		if (progress)
			fprintf(stderr, "ready\n");
		while (!netprobe_process(p, &r)) {
			struct pollfd pfd = { netprobe_fd(p), POLLIN, 0 };

			if (progress && !pinged && r.gw.ping_sent) {
				pinged = true;
				fprintf(stderr, "ping sent\n");
			}
			poll(&pfd, 1, netprobe_timeout_ms(p));
		}
		netprobe_free(p);
	}
	print_result(&r, now_us() - t0);
	return r.status == PROBE_DONE ? 0 : 1;
}
