/*
 * diag_ui_run.c - the runner behind the console's diagnostics
 * (ui/diag_ui.h): struct diag_ui_backend filled with backend/diag_run.h,
 * whose probes send on the wire.  The program only (run.c calls
 * diag_ui_run_backend); the screen tests fill the lists by hand.
 * Touches nothing itself.
 */
#include "config.h"

#include "backend/diag_run.h"
#include "ui/diag_ui.h"
#include "ui/diag_ui_run.h"

static void *be_start(void *ctx, const struct probe_target *t, size_t n,
		      const struct host_facts *h, char *err, size_t errlen)
{
	(void)ctx;
	return diag_run_start(t, n, h, NULL, err, errlen);
}

static int be_fd(void *run)
{
	return diag_run_fd(run);
}

static int be_process(void *run)
{
	return diag_run_process(run);
}

static bool be_done(void *run)
{
	return diag_run_done(run);
}

static const struct probe_result *be_results(void *run)
{
	return diag_run_results(run);
}

static void be_free(void *run)
{
	diag_run_free(run);
}

void diag_ui_run_backend(struct diag_ui_backend *out)
{
	out->start = be_start;
	out->fd = be_fd;
	out->process = be_process;
	out->done = be_done;
	out->results = be_results;
	out->free = be_free;
	out->ctx = NULL;
}
