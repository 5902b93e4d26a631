/*
 * dns_probe_priv.h - what the parts of the DNS prober share, and nothing
 * outside them uses: a probe's entry, the prober, the c-ares socket
 * functions (dns_probe_sock.c) and the lookup of a server's entry
 * (dns_probe.c).  The public side is dns_probe.h.
 */
#ifndef EDGENET_BACKEND_DNS_PROBE_PRIV_H
#define EDGENET_BACKEND_DNS_PROBE_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ares.h>

#include "backend/dns_probe.h"

#define DP_MAX_ENTRIES 512
#define DP_MAX_SOCKS 4

struct dns_probe;

struct dp_entry {
	struct dns_probe *owner;
	struct dnsview_server srv;	/* identity + latest result */
	int link;			/* link it is listed on, 0 Global */
	ares_channel ch;		/* NULL when idle */
	int socks[DP_MAX_SOCKS];
	size_t nsocks;
	int64_t start_us;
	int last_errno;
	bool done;			/* the callback ran; reap the channel */
};

struct dns_probe {
	struct dns_probe_opts o;
	char name[256];
	int epfd;
	int tfd;
	struct dp_entry **e;
	size_t n;
	int finished;			/* since the last process call */
	unsigned qid;
};

/* c-ares calls these for every socket of a probe's channel (ud: the
 * dp_entry): non-blocking sockets through the server's link, the errno
 * of a failed send or receive kept in the entry. */
extern const struct ares_socket_functions dns_probe_sock_funcs;
/* c-ares's socket state callback: the socket in or out of the epoll set. */
void dns_probe_sock_state(void *ud, ares_socket_t fd, int readable,
			  int writable);
/* c-ares's answer callback (arg: the dp_entry): the probe's outcome. */
void dns_probe_answer(void *arg, int status, int timeouts,
		      unsigned char *abuf, int alen);

/* The entry of server S listed on LINK, or NULL. */
struct dp_entry *dns_probe_find_entry(const struct dns_probe *p,
				      const struct dnsview_server *s,
				      int link);

#endif
