/*
 * agent_tool.c - backend/guest_agent.c on the command line, for the
 * end-to-end test tests/e2e/e2e_guest_agent.sh.  Changes only what it is told
 * to inside the named VM, through its guest agent.
 *
 *   agent_tool URI DOMAIN ping [SECONDS]
 *   agent_tool URI DOMAIN read PATH [MAX]    the file on stdout
 *   agent_tool URI DOMAIN write PATH         the file from stdin
 *   agent_tool URI DOMAIN rm PATH
 *   agent_tool URI DOMAIN exec [-t MS] PROG [ARG...]
 *                                            PROG's stdout and stderr on
 *                                            ours; "exit N" on stderr
 *   agent_tool URI DOMAIN list DIR PREFIX SUFFIX   one name a line
 *   agent_tool URI DOMAIN bench N DIR        N write+read round trips of a
 *                                            1 KiB file in DIR and N execs
 *                                            of `true`: median and max ms
 *
 * The last line on stderr is "agent_tool: STATUS[: sentence]" (STATUS from
 * ga_status_name, or "missing" for a file that does not exist).  Exit
 * status: 0 ok, 3 missing file, 10 absent, 11 refused, 12 failed, 2 usage
 * or libvirt connection.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "backend/guest_agent.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void quiet(void *opaque, virErrorPtr e)
{
	(void)opaque;
	(void)e;
}

static int report(enum ga_status st, const char *err)
{
	static const int code[] = { [GA_OK] = 0, [GA_ABSENT] = 10,
				    [GA_REFUSED] = 11, [GA_FAILED] = 12 };

	if (st == GA_OK)
		fprintf(stderr, "agent_tool: ok\n");
	else
		fprintf(stderr, "agent_tool: %s: %s\n", ga_status_name(st),
			err);
	return code[st];
}

static int usage(void)
{
	fprintf(stderr, "usage: agent_tool URI DOMAIN ping [S] | read PATH "
		"[MAX] | write PATH | rm PATH | exec [-t MS] PROG [ARG...] | "
		"list DIR PREFIX SUFFIX | bench N DIR\n");
	return 2;
}

static char *slurp_stdin(size_t *len)
{
	size_t cap = 65536, n;
	char *buf = malloc(cap);

	*len = 0;
	while (buf && (n = fread(buf + *len, 1, cap - *len, stdin)) > 0) {
		*len += n;
		if (*len == cap) {
			char *nb = realloc(buf, cap * 2);

			if (!nb) {
				free(buf);
				return NULL;
			}
			buf = nb;
			cap *= 2;
		}
	}
	return buf;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int bench(virDomainPtr dom, int n, const char *dir)
{
	static const char *const true_argv[] = { "true", NULL };
	double *rt = calloc((size_t)n, sizeof(double));
	double *ex = calloc((size_t)n, sizeof(double));
	char data[1024], path[512], err[1024], *back;
	enum ga_status st = GA_OK;
	size_t len;
	bool missing;
	int code;

	if (!rt || !ex || n < 1)
		return 2;
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (char)('a' + i % 26);
	snprintf(path, sizeof(path), "%s/agent-bench.txt", dir);
	for (int i = 0; i < n && st == GA_OK; i++) {
		double t0 = now_ms();

		data[0] = (char)('A' + i % 26);
		st = ga_file_write(dom, path, data, sizeof(data), err,
				   sizeof(err));
		if (st == GA_OK)
			st = ga_file_read(dom, path, 4096, &back, &len,
					  &missing, err, sizeof(err));
		if (st == GA_OK) {
			if (missing || len != sizeof(data) ||
			    memcmp(back, data, len) != 0) {
				snprintf(err, sizeof(err), "read back differs");
				st = GA_FAILED;
			}
			free(back);
		}
		rt[i] = now_ms() - t0;
	}
	for (int i = 0; i < n && st == GA_OK; i++) {
		double t0 = now_ms();

		st = ga_exec(dom, true_argv, 10000, &code, NULL, NULL, err,
			     sizeof(err));
		ex[i] = now_ms() - t0;
	}
	if (st == GA_OK) {
		qsort(rt, (size_t)n, sizeof(double), cmp_double);
		qsort(ex, (size_t)n, sizeof(double), cmp_double);
		printf("write+read 1 KiB: median %.1f ms, max %.1f ms (n=%d)\n",
		       rt[n / 2], rt[n - 1], n);
		printf("exec true: median %.1f ms, max %.1f ms (n=%d)\n",
		       ex[n / 2], ex[n - 1], n);
		ga_file_remove(dom, path, err, sizeof(err));
	}
	free(rt);
	free(ex);
	return report(st, err);
}

static int run(virDomainPtr dom, int argc, char **argv)
{
	const char *cmd = argv[0];
	char err[1024] = "";
	enum ga_status st;

	if (strcmp(cmd, "ping") == 0) {
		st = ga_ping(dom, argc > 1 ? atoi(argv[1]) : 5, err,
			     sizeof(err));
		return report(st, err);
	}
	if (strcmp(cmd, "read") == 0 && argc >= 2) {
		size_t max = argc > 2 ? strtoul(argv[2], NULL, 10) : GA_FILE_MAX;
		size_t len;
		bool missing;
		char *out;

		st = ga_file_read(dom, argv[1], max, &out, &len, &missing, err,
				  sizeof(err));
		if (st == GA_OK && missing) {
			fprintf(stderr, "agent_tool: missing: %s\n", err);
			return 3;
		}
		if (st == GA_OK) {
			fwrite(out, 1, len, stdout);
			free(out);
		}
		return report(st, err);
	}
	if (strcmp(cmd, "write") == 0 && argc == 2) {
		size_t len;
		char *data = slurp_stdin(&len);

		if (!data)
			return 2;
		st = ga_file_write(dom, argv[1], data, len, err, sizeof(err));
		free(data);
		return report(st, err);
	}
	if (strcmp(cmd, "rm") == 0 && argc == 2)
		return report(ga_file_remove(dom, argv[1], err, sizeof(err)),
			      err);
	if (strcmp(cmd, "exec") == 0 && argc >= 2) {
		int timeout = 30000, code, first = 1;
		char *out, *errout;

		if (strcmp(argv[1], "-t") == 0 && argc >= 4) {
			timeout = atoi(argv[2]);
			first = 3;
		}
		st = ga_exec(dom, (const char *const *)argv + first, timeout,
			     &code, &out, &errout, err, sizeof(err));
		if (st == GA_OK) {
			fputs(out, stdout);
			fflush(stdout);
			fputs(errout, stderr);
			fprintf(stderr, "exit %d\n", code);
			free(out);
			free(errout);
		}
		return report(st, err);
	}
	if (strcmp(cmd, "list") == 0 && argc == 4) {
		char **names;
		size_t n;

		st = ga_list(dom, argv[1], argv[2], argv[3], 10000, &names, &n,
			     err, sizeof(err));
		if (st == GA_OK) {
			for (size_t i = 0; i < n; i++)
				printf("%s\n", names[i]);
			ga_names_free(names, n);
		}
		return report(st, err);
	}
	if (strcmp(cmd, "bench") == 0 && argc == 3)
		return bench(dom, atoi(argv[1]), argv[2]);
	return usage();
}

int main(int argc, char **argv)
{
	virConnectPtr conn;
	virDomainPtr dom;
	int rc;

	if (argc < 4)
		return usage();
	virSetErrorFunc(NULL, quiet);
	conn = virConnectOpen(argv[1]);
	if (!conn) {
		virErrorPtr e = virGetLastError();

		fprintf(stderr, "agent_tool: cannot connect to %s: %s\n",
			argv[1], e && e->message ? e->message : "?");
		return 2;
	}
	dom = virDomainLookupByName(conn, argv[2]);
	if (!dom) {
		virErrorPtr e = virGetLastError();

		fprintf(stderr, "agent_tool: no domain %s: %s\n", argv[2],
			e && e->message ? e->message : "?");
		virConnectClose(conn);
		return 2;
	}
	rc = run(dom, argc - 3, argv + 3);
	virDomainFree(dom);
	virConnectClose(conn);
	return rc;
}
