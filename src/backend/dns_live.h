/*
 * dns_live.h - the DNS panel's data source for the console: this
 * machine's view from systemd-resolved (backend/dns_resolved.h) with every
 * server probed (backend/dns_probe.h), kept in a struct dnsview_live
 * (core/dnsview.h) that the panel reads.  One descriptor for the
 * console's poll() loop; nothing blocks.
 *
 * Probes run when a server first appears, every opts.reprobe_ms (60 s),
 * and when the panel sets refresh_requested (which also re-reads
 * resolved).  Probe results of servers no longer listed are dropped.
 *
 * Wiring (ui/live_run.c, where the console opens backends):
 *
 *	dl = dns_live_new(NULL, err, sizeof(err));
 *	loop_add_fd(&loop, dns_live_fd(dl), POLLIN, on_dns, dl);
 *	panel.host = dns_live_data(dl);    (a struct dnsview_panel,
 *	                                    ui/dns_panel.h, which struct
 *	                                    app's dns_start returns to the
 *	                                    panel: live_dns_start)
 *	on_dns: if (dns_live_process(dl) > 0) redraw;
 *	after each key: if (dns_live_data(dl)->refresh_requested)
 *		dns_live_process(dl);
 *
 * The VM's panel is a remote dns_live (dns_live_new_remote): no
 * resolved; its view comes from the VM watcher (backend/vm_addrs.h,
 * through the guest agent) with dns_live_set_view, and its servers are
 * probed from this machine, not through any of its links (the probe's
 * unbound option), and only those that make sense from here: not the
 * VM's loopback or link-local addresses (core/dnsview.h,
 * dnsview_server_probe_from_host).  The panel says so.
 */
#ifndef EDGENET_BACKEND_DNS_LIVE_H
#define EDGENET_BACKEND_DNS_LIVE_H

#include <stddef.h>

#include "backend/dns_probe.h"
#include "backend/dns_resolved.h"
#include "core/dnsview.h"

struct dns_live_opts {
	struct dns_resolved_opts resolved;
	struct dns_probe_opts probe;
	int reprobe_ms;		/* probe all again; 0: 60000, < 0: never */
	const char *machine;	/* the panel's label; NULL: "this machine" */
};

struct dns_live;

/* NULL opts: the defaults.  NULL with a sentence in ERR when descriptors
 * or memory are missing (resolved being away is not an error). */
struct dns_live *dns_live_new(const struct dns_live_opts *o, char *err,
			      size_t errlen);
void dns_live_free(struct dns_live *l);

/* Another machine's panel (the VM's): MACHINE labels it ("VM edge-vm"),
 * probes go unbound; nothing is shown until dns_live_set_view. */
struct dns_live *dns_live_new_remote(const struct dns_live_opts *o,
				     char *err, size_t errlen);
/* A new read of the other machine: its view V (NULL: it could not be
 * read, STATUS says why), STATUS in words for the panel's header,
 * READ_WALL the time() of the read, REFRESH_S how often it is read.
 * New servers are probed.  Returns 1 (the panel changed), -1 on memory. */
int dns_live_set_view(struct dns_live *l, const struct dnsview *v,
		      const char *status, int64_t read_wall,
		      unsigned refresh_s);
/* What reading the other machine said besides its view (PROBLEMS, NULL:
 * nothing): a file too large or unreadable, lines skipped; shown first
 * among the panel's problems until the next call.  Returns 1 (the panel
 * changed), -1 on memory. */
int dns_live_set_read_problems(struct dns_live *l,
			       const struct diag_list *problems);

int dns_live_fd(const struct dns_live *l);
/* Does what is ready, honours the panel's refresh_requested.  Returns 1
 * when the panel's data changed (redraw), 0 when not, -1 when a
 * descriptor failed. */
int dns_live_process(struct dns_live *l);
/* The data the panel shows; the panel may set refresh_requested. */
struct dnsview_live *dns_live_data(struct dns_live *l);

#endif
