/*
 * diag_run.h - runs a list of probes (core/probe_plan.h) side by side and
 * keeps their results, for the console (one descriptor in its poll()
 * loop, never blocking) and the command line (diag_run_wait).  Targets
 * marked skip are SKIPPED with their reason; PORT and LIBVIRT_DHCP finish
 * at start; DHCP, ADDR and GATEWAY run on the wire (backend/netprobe.h);
 * DNS through backend/dns_probe.h.
 */
#ifndef EDGENET_BACKEND_DIAG_RUN_H
#define EDGENET_BACKEND_DIAG_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "backend/dns_probe.h"
#include "backend/netprobe.h"
#include "core/hostcheck.h"
#include "core/probe.h"
#include "core/probe_plan.h"

struct diag_run_opts {
	struct netprobe_opts net;
	struct dns_probe_opts dns;
	const char *libvirt_rundir;	/* NULL: /run/libvirt */
};

struct diag_run;

/* Starts every probe of T[0..N) (copied); H gives the host's networks
 * for LIBVIRT_DHCP (NULL members: unknown).  O may be NULL.  Returns the
 * run, or NULL with ERR when it cannot be set up at all (memory, no
 * descriptor); a probe that cannot start is FAILED in its result. */
struct diag_run *diag_run_start(const struct probe_target *t, size_t n,
				const struct host_facts *h,
				const struct diag_run_opts *o,
				char *err, size_t errlen);
/* The one descriptor to poll for POLLIN (every probe's socket and their
 * deadlines behind it); the same for the run's life. */
int diag_run_fd(const struct diag_run *r);
/* Does what is ready without blocking.  Returns how many probes
 * finished (> 0: redraw), 0, or -1 when the descriptor itself failed. */
int diag_run_process(struct diag_run *r);
bool diag_run_done(const struct diag_run *r);
/* Blocks until every probe finished.  0, or -1 (poll failed). */
int diag_run_wait(struct diag_run *r);
size_t diag_run_count(const struct diag_run *r);
/* The targets and results, N of each, parallel to T as given. */
const struct probe_target *diag_run_targets(const struct diag_run *r);
const struct probe_result *diag_run_results(const struct diag_run *r);
/* Cancels what runs and frees.  NULL is fine. */
void diag_run_free(struct diag_run *r);

#endif
