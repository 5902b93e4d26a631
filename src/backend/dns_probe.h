/*
 * dns_probe.h - does each listed DNS server really answer?  Sends one real
 * query straight to each server (not through resolved's stub) with c-ares
 * and reports answered / refused / timed out / error with the round-trip
 * time, without blocking: one file descriptor for the console's poll()
 * loop and a function to call when it is readable.
 *
 * A server listed on a link is queried through that link (IP_UNICAST_IF,
 * as systemd-resolved sends its queries), unless the view is of another
 * machine (opts.unbound).  Any DNS answer counts as answered (NXDOMAIN,
 * SERVFAIL too: the server is there), except REFUSED, which is refused
 * like an ICMP port unreachable; the result also holds the rcode, how
 * many records of the kind asked came and what was asked, from which
 * core/dns_verdict.h judges whether the server resolves (only NOERROR
 * with data does).  So the name asked must exist with records of that
 * type (". NS", the default, always does).  Opens UDP sockets; sends
 * nothing else.
 *
 * Typical use (the DNS panel):
 *
 *	p = dns_probe_new(&opts, err, sizeof(err));
 *	loop_add_fd(loop, dns_probe_fd(p), POLLIN, on_probe_fd, ctx);
 *	dns_probe_start_view(p, &view, err, sizeof(err));
 *	...when the fd is readable:
 *	if (dns_probe_process(p) > 0)
 *		dns_probe_annotate(p, &view), redraw;
 */
#ifndef EDGENET_BACKEND_DNS_PROBE_H
#define EDGENET_BACKEND_DNS_PROBE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/dnsview.h"

struct dns_probe_opts {
	const char *name;	/* name queried; NULL: "." (the root).  It
				 * must exist with records of QTYPE: an
				 * answer without them is a problem */
	int qtype;		/* record type; 0: NS (2) */
	bool no_recursion;	/* clear RD; default: recursion desired, as a
				 * client of that server would ask */
	int timeout_ms;		/* per try; 0: 1000 */
	int tries;		/* 0: 2 (then 1 s + 2 s at most) */
	bool unbound;		/* do not send through the server's link:
				 * the view is of another machine (the VM) */
};

struct dns_probe;

/* Returns the prober, or NULL with a sentence in ERR. */
struct dns_probe *dns_probe_new(const struct dns_probe_opts *o, char *err,
				size_t errlen);
/* Cancels what runs and frees everything.  NULL is fine. */
void dns_probe_free(struct dns_probe *p);

/* The one descriptor to poll for POLLIN; it stays the same for the
 * prober's life. */
int dns_probe_fd(const struct dns_probe *p);
/* Does what is ready (answers, time-outs) without blocking.  Returns the
 * number of probes that finished (> 0: annotate and redraw), 0, or -1
 * when the descriptor itself failed. */
int dns_probe_process(struct dns_probe *p);

/* Queries every distinct server of V (dnsview_each_server) again; a
 * server whose probe still runs is left to finish.  0, or -1 with ERR
 * (then the servers that could be started still run). */
int dns_probe_start_view(struct dns_probe *p, const struct dnsview *v,
			 char *err, size_t errlen);
/* The same for the servers never probed yet (a view that changed). */
int dns_probe_start_new(struct dns_probe *p, const struct dnsview *v,
			char *err, size_t errlen);
/* Queries one server; LINK_IFINDEX is the link it is listed on (0:
 * Global).  0 or -1 with ERR. */
int dns_probe_start(struct dns_probe *p, const struct dnsview_server *s,
		    int link_ifindex, char *err, size_t errlen);
/* Probes still running. */
size_t dns_probe_running(const struct dns_probe *p);
/* Copies the latest result of each server of V into its probe member
 * (NONE when it was never probed). */
void dns_probe_annotate(const struct dns_probe *p, struct dnsview *v);
/* The latest result of one server probed through link LINK_IFINDEX
 * (what dns_probe_annotate would copy) into OUT: 1, or 0 when that
 * server was never probed (OUT untouched). */
int dns_probe_result(const struct dns_probe *p, const struct dnsview_server *s,
		     int link_ifindex, struct dnsview_probe *out);
/* Forgets the finished results of servers V does not list any more. */
void dns_probe_prune(struct dns_probe *p, const struct dnsview *v);
/* Forgets every finished result (running probes go on). */
void dns_probe_forget(struct dns_probe *p);

/* One shot for `edgenet status`: probes every server of V and annotates
 * V; blocks until all finished (at most timeout_ms x (2^tries - 1) plus a
 * little).  0, or -1 with ERR. */
int dns_probe_view_once(struct dnsview *v, const struct dns_probe_opts *o,
			char *err, size_t errlen);

#endif
