/*
 * cmd_domains.c - `edgenet domains`: the names of the VMs (libvirt
 * domains, running or not) defined on the host of the connection (-c,
 * --demo, $LIBVIRT_DEFAULT_URI, the settings file), one per line,
 * sorted, escaped (core/textsafe.c) -- what bash completion offers after
 * --domain, and a quick "which VMs are there" for a technician.  The
 * list is the backend's (virt_ops' list_domains, the one the console's
 * wizard uses): names a plan's vm field cannot hold are left out, and at
 * most HOST_MAX_DOMAINS are printed (the rest is counted on stderr).
 *
 * Reads only libvirt's list of domains; changes nothing.
 * Exit status: 0 listed (possibly none), 2 libvirt cannot be reached
 * (said on stderr) or bad usage.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "backend/virt.h"
#include "cli/cli.h"
#include "core/err.h"
#include "core/host.h"

enum { DOMAINS_HELP, DOMAINS_OPTS };

static const struct cli_opt domains_opts[] = {
	[DOMAINS_HELP] = CLI_OPT_HELP,
	[DOMAINS_OPTS] = CLI_OPT_END,
};
CLI_OPTS_FIT(domains_opts);

const struct cli_command cli_cmd_domains = {
	.name = "domains", .before = "[-c URI]", .opts = domains_opts,
	.run = cmd_domains, .state = CLI_STATE_NONE,
	.summary = "list the VMs (libvirt domains) defined on the host,\n"
		   "one name per line",
};

int cmd_domains(const struct cli_globals *g, int argc, char **argv)
{
	struct host_domain_list *doms;
	struct host_virt_ops ops;
	struct virt_conn *conn;
	struct cli_args a;
	char uri[PATH_MAX + 64], err[ERR_MAX];
	int rc;

	rc = cli_opts_read(&cli_cmd_domains, argc, argv, &a);
	if (rc >= 0)
		return rc;
	if (a.npos) {
		fprintf(stderr, "edgenet domains: unexpected argument '%s'; "
			"the command takes no words (name the host with -c "
			"URI)\n", cli_esc(a.pos[0]));
		return EXIT_UNUSABLE;
	}
	cli_uri(g, uri, sizeof(uri));
	conn = virt_connect(uri, err, sizeof(err));
	if (!conn) {
		fprintf(stderr, "edgenet domains: %s\n", cli_esc(err));
		return EXIT_UNUSABLE;
	}
	/* About 4 KB: on the heap, not the stack. */
	doms = calloc(1, sizeof(*doms));
	if (!doms) {
		fprintf(stderr, "edgenet domains: out of memory\n");
		virt_close(conn);
		return EXIT_UNUSABLE;
	}
	virt_ops(conn, &ops);
	rc = EXIT_CLEAN;
	if (ops.list_domains(ops.ctx, doms, err, sizeof(err)) != 0) {
		fprintf(stderr, "edgenet domains: %s: %s\n", cli_esc(uri),
			cli_esc(err));
		rc = EXIT_UNUSABLE;
	} else {
		for (size_t i = 0; i < doms->count; i++)
			printf("%s\n", cli_esc(doms->names[i]));
		if (doms->total > doms->count)
			fprintf(stderr, "edgenet domains: %zu more VMs are "
				"defined and not listed (at most %d are)\n",
				doms->total - doms->count, HOST_MAX_DOMAINS);
	}
	free(doms);
	virt_close(conn);
	return rc;
}
