/*
 * dns_tool.c - a small driver of the DNS view for tests/system/dns_live.sh (not
 * a test by itself; built by `make check`).  It runs in whatever network
 * namespace and D-Bus ($DBUS_SYSTEM_BUS_ADDRESS) it is started in.
 *
 *   dns_tool [OPTIONS] view      print the view (text, or --json), after
 *                                --probe'ing every server
 *   dns_tool [OPTIONS] compare FILE
 *                                FILE holds `resolvectl status` output:
 *                                compare it with the view field by field
 *                                (both laid out the same way, then parsed
 *                                with one parser); exit 1 on a difference
 *   dns_tool [OPTIONS] watch MS  run the console's DNS source (dns_live:
 *                                resolved + probes) for MS milliseconds or
 *                                until SIGTERM; one line per change
 *   dns_tool [OPTIONS] probe SERVER...
 *                                probe the servers given (as Global
 *                                servers): one line each, then the
 *                                problems; --json: the view's JSON
 *   dns_tool [--json] status     what `edgenet status` prints for DNS
 *                                (through dns_status_hook)
 *
 * Options: --state-dir D --networkd-dir D --resolv-conf F --json --probe
 * --width N --probe-name N --probe-type N --probe-timeout MS --probe-tries N
 * --refresh-ms MS --wait MS.  Touches only what the backends touch.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "backend/dns_live.h"
#include "backend/dns_probe.h"
#include "backend/dns_resolved.h"
#include "backend/dns_status.h"
#include "core/dnsview.h"
#include "core/dnsview_check.h"
#include "core/dnsview_json.h"
#include "core/dnsview_layout.h"

static struct dns_resolved_opts ropt;
static struct dns_probe_opts popt;
static bool opt_json, opt_probe;
static int opt_width, opt_wait = 5000;

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* --- a parser of resolvectl's layout (and of ours, which is the same) --- */

#define T_MAX_SECTIONS 256
#define T_MAX_FIELDS 16

static const char *const t_labels[] = {
	"Current Scopes", "Protocols", "resolv.conf mode",
	"Current DNS Server", "DNS Servers", "Fallback DNS Servers",
	"DNS Domain", NULL,
};

struct t_section {
	char head[128];
	char *field[T_MAX_FIELDS];	/* by t_labels index, NULL absent */
};

struct t_status {
	struct t_section s[T_MAX_SECTIONS];
	int n;
};

static void t_append(char **dst, const char *v)
{
	size_t a = *dst ? strlen(*dst) : 0, b = strlen(v);
	char *n = realloc(*dst, a + b + 2);

	if (!n)
		abort();
	if (a)
		n[a++] = ' ';
	memcpy(n + a, v, b + 1);
	*dst = n;
}

/* Collapses runs of blanks; returns S. */
static char *t_squeeze(char *s)
{
	char *r = s, *w = s;
	bool sp = false;

	while (*r == ' ' || *r == '\t')
		r++;
	for (; *r; r++) {
		if (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r') {
			sp = true;
			continue;
		}
		if (sp && w != s)
			*w++ = ' ';
		sp = false;
		*w++ = *r;
	}
	*w = '\0';
	return s;
}

static void t_parse(const char *text, struct t_status *st)
{
	char *copy = strdup(text), *line, *save = NULL, *p;
	int last = -1, i;

	memset(st, 0, sizeof(*st));
	if (!copy)
		abort();
	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "Global", 6) || !strncmp(line, "Link ", 5)) {
			if (st->n == T_MAX_SECTIONS)
				break;
			snprintf(st->s[st->n].head, sizeof(st->s[0].head), "%s",
				 t_squeeze(line));
			st->n++;
			last = -1;
			continue;
		}
		if (!st->n)
			continue;
		for (p = line; *p == ' '; p++)
			;
		for (i = 0; t_labels[i]; i++) {
			size_t l = strlen(t_labels[i]);

			if (!strncmp(p, t_labels[i], l) &&
			    (p[l] == ':' || p[l] == ' ')) {
				p += l;
				if (*p == ':')
					p++;
				break;
			}
		}
		if (t_labels[i]) {
			last = i;
			t_append(&st->s[st->n - 1].field[i], t_squeeze(p));
		} else if (last >= 0 && *t_squeeze(line)) {
			/* a continuation of a wrapped list */
			t_append(&st->s[st->n - 1].field[last], line);
		}
	}
	free(copy);
}

static void t_free(struct t_status *st)
{
	int i, j;

	for (i = 0; i < st->n; i++)
		for (j = 0; j < T_MAX_FIELDS; j++)
			free(st->s[i].field[j]);
}

static const struct t_section *t_find(const struct t_status *st,
				      const char *head)
{
	int i;

	for (i = 0; i < st->n; i++)
		if (!strcmp(st->s[i].head, head))
			return &st->s[i];
	return NULL;
}

static char *slurp(FILE *f)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);
	size_t n;

	if (!buf)
		abort();
	while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (cap - len < 2) {
			cap *= 2;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
	}
	buf[len] = '\0';
	return buf;
}

/* --- commands --- */

static int read_view(struct dnsview *v)
{
	char err[256];

	if (dns_resolved_read_once(&ropt, v, opt_wait, err, sizeof(err))) {
		fprintf(stderr, "dns_tool: %s\n", err);
		return -1;
	}
	if (opt_probe && dns_probe_view_once(v, &popt, err, sizeof(err)))
		fprintf(stderr, "dns_tool: probe: %s\n", err);
	return 0;
}

static int cmd_view(void)
{
	struct dnsview_render_opts ro = { 0 };
	struct diag_list problems;
	struct dnsview v;

	dnsview_init(&v);
	if (read_view(&v))
		return 2;
	diag_list_init(&problems);
	dnsview_check(&v, &problems);
	if (opt_json) {
		dnsview_write_json(stdout, &v, &problems, 0);
		putchar('\n');
	} else {
		ro.width = opt_width;
		ro.probes = opt_probe;
		ro.note = true;
		dnsview_write_text(stdout, &v, &ro);
		for (size_t i = 0; i < problems.count; i++)
			printf("%s: %s: %s\n",
			       diag_severity_name(problems.items[i].severity),
			       problems.items[i].path,
			       problems.items[i].message);
	}
	diag_list_free(&problems);
	dnsview_free(&v);
	return 0;
}

static int cmd_compare(const char *file)
{
	struct dnsview_render_opts ro = { 0 };
	struct t_status *theirs, *ours;
	struct dnsview v;
	char *text, *mine = NULL;
	size_t mlen = 0;
	FILE *f, *mf;
	int i, j, bad = 0, fields = 0;

	f = fopen(file, "r");
	if (!f) {
		fprintf(stderr, "dns_tool: %s: %s\n", file, strerror(errno));
		return 2;
	}
	text = slurp(f);
	fclose(f);
	dnsview_init(&v);
	if (read_view(&v))
		return 2;
	if (v.source != DNSVIEW_SOURCE_RESOLVED) {
		printf("not from resolved: %s (%s)\n",
		       dnsview_source_name(v.source), v.note);
		return 1;
	}
	mf = open_memstream(&mine, &mlen);
	if (!mf)
		abort();
	ro.terse = true;	/* resolvectl's words, nothing added */
	dnsview_write_text(mf, &v, &ro);
	fclose(mf);
	theirs = calloc(1, sizeof(*theirs));
	ours = calloc(1, sizeof(*ours));
	if (!theirs || !ours)
		abort();
	t_parse(text, theirs);
	t_parse(mine, ours);
	if (theirs->n != ours->n) {
		printf("sections: resolvectl has %d, edgenet %d\n", theirs->n,
		       ours->n);
		bad++;
	}
	for (i = 0; i < theirs->n; i++) {
		const struct t_section *a = &theirs->s[i], *b;

		b = t_find(ours, a->head);
		if (!b) {
			printf("%s: missing from edgenet's view\n", a->head);
			bad++;
			continue;
		}
		for (j = 0; t_labels[j]; j++) {
			const char *x = a->field[j], *y = b->field[j];

			if (!x && !y)
				continue;
			fields++;
			if (!x || !y || strcmp(x, y)) {
				printf("%s: %s: resolvectl '%s', edgenet '%s'\n",
				       a->head, t_labels[j], x ? x : "(none)",
				       y ? y : "(none)");
				bad++;
			}
		}
	}
	printf("%d sections, %d fields compared, %d differences\n", theirs->n,
	       fields, bad);
	t_free(theirs);
	t_free(ours);
	free(theirs);
	free(ours);
	free(text);
	free(mine);
	dnsview_free(&v);
	return bad ? 1 : 0;
}

/* One line summing up the panel's data, for watch. */
static void summary(const struct dnsview_live *d, long long t0)
{
	const struct dnsview *v = &d->view;
	size_t i, j, c[6];

	printf("t=%lld v=%u source=%s", now_ms() - t0, d->version,
	       dnsview_source_name(v->source));
	for (i = 0; i <= v->nlinks; i++) {
		const struct dnsview_section *s = i ? &v->links[i - 1]
						    : &v->global;

		if (!s->nservers && !s->ndomains && !s->is_global)
			continue;
		printf(" %s=[", s->is_global ? "global" : s->ifname);
		for (j = 0; j < s->nservers; j++)
			printf("%s%s", j ? "," : "", s->servers[j].text);
		printf("]");
		for (j = 0; j < s->ndomains; j++)
			printf("%s%s%s", j ? "," : "/",
			       s->domains[j].route_only ? "~" : "",
			       s->domains[j].name);
		if (!s->is_global && s->default_route >= 0)
			printf("%s", s->default_route ? "+dr" : "-dr");
	}
	dnsview_probe_counts(v, c);
	printf(" probes=answered:%zu,refused:%zu,timeout:%zu,error:%zu,"
	       "pending:%zu", c[DNSVIEW_PROBE_ANSWERED],
	       c[DNSVIEW_PROBE_REFUSED], c[DNSVIEW_PROBE_TIMEOUT],
	       c[DNSVIEW_PROBE_ERROR], c[DNSVIEW_PROBE_PENDING]);
	if (v->note[0])
		printf(" note=\"%.40s\"", v->note);
	printf("\n");
	fflush(stdout);
}

static int cmd_watch(int ms)
{
	struct dns_live_opts lo = { 0 };
	struct dns_live *l;
	struct pollfd pfd[2];
	long long t0 = now_ms(), left;
	char err[256];
	sigset_t ss;
	int n, r;

	/* SIGTERM ends the watch normally (everything freed: the leak
	 * checker of a sanitizer build sees the reconnect paths) */
	sigemptyset(&ss);
	sigaddset(&ss, SIGTERM);
	sigprocmask(SIG_BLOCK, &ss, NULL);
	pfd[1].fd = signalfd(-1, &ss, SFD_CLOEXEC);
	pfd[1].events = POLLIN;

	lo.resolved = ropt;
	lo.probe = popt;
	l = dns_live_new(&lo, err, sizeof(err));
	if (!l) {
		fprintf(stderr, "dns_tool: %s\n", err);
		return 2;
	}
	printf("watching\n");
	fflush(stdout);
	pfd[0].fd = dns_live_fd(l);
	pfd[0].events = POLLIN;
	if (dns_live_data(l)->version)
		summary(dns_live_data(l), t0);
	while ((left = t0 + ms - now_ms()) > 0) {
		n = poll(pfd, 2, (int)left);
		if (n < 0 && errno != EINTR)
			break;
		if (n > 0 && pfd[1].revents)
			break;
		r = dns_live_process(l);
		if (r < 0) {
			printf("error: dns_live_process failed\n");
			break;
		}
		if (r > 0)
			summary(dns_live_data(l), t0);
	}
	printf("status: %s\n", dns_live_data(l)->status);
	if (pfd[1].fd >= 0)
		close(pfd[1].fd);
	dns_live_free(l);
	return 0;
}

static int cmd_probe(int argc, char **argv)
{
	struct diag_list problems;
	struct dnsview v;
	struct dnsview_server s;
	char err[256], res[256], rc[16];
	int i;

	dnsview_init(&v);
	v.source = DNSVIEW_SOURCE_RESOLV_CONF;
	for (i = 0; i < argc; i++) {
		if (dnsview_server_parse(&s, argv[i], err, sizeof(err))) {
			fprintf(stderr, "dns_tool: %s\n", err);
			return 2;
		}
		dnsview_add_server(&v.global, false, &s);
	}
	if (dns_probe_view_once(&v, &popt, err, sizeof(err)))
		fprintf(stderr, "dns_tool: %s\n", err);
	diag_list_init(&problems);
	if (dnsview_check(&v, &problems) < 0)
		abort();
	if (opt_json) {
		dnsview_write_json(stdout, &v, &problems, 0);
		putchar('\n');
		diag_list_free(&problems);
		dnsview_free(&v);
		return 0;
	}
	for (i = 0; i < (int)v.global.nservers; i++) {
		const struct dnsview_probe *p = &v.global.servers[i].probe;

		printf("%s %s rtt_us=%lld rcode=%s | %s\n",
		       v.global.servers[i].text,
		       dnsview_probe_state_name(p->state),
		       (long long)p->rtt_us,
		       p->rcode >= 0 ? dnsview_rcode_name(p->rcode, rc,
							  sizeof(rc)) : "-",
		       dnsview_probe_text(p, res, sizeof(res)));
	}
	for (i = 0; i < (int)problems.count; i++)
		printf("%s: %s: %s\n",
		       diag_severity_name(problems.items[i].severity),
		       problems.items[i].path, problems.items[i].message);
	diag_list_free(&problems);
	dnsview_free(&v);
	return 0;
}

static int cmd_status(void)
{
	struct status_dns_hook hook = { 0 };
	char err[256];
	int r;

	if (dns_status_hook(&hook, NULL, false, err, sizeof(err))) {
		fprintf(stderr, "dns_tool: %s\n", err);
		return 2;
	}
	if (opt_json) {
		r = hook.write_json(stdout, hook.ctx);
		putchar('\n');
	} else {
		fputs("DNS\n", stdout);
		r = hook.write_text(stdout, hook.ctx);
	}
	hook.release(hook.ctx);
	return r ? 1 : 0;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "state-dir", required_argument, NULL, 's' },
		{ "networkd-dir", required_argument, NULL, 'n' },
		{ "resolv-conf", required_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'j' },
		{ "probe", no_argument, NULL, 'p' },
		{ "width", required_argument, NULL, 'w' },
		{ "probe-name", required_argument, NULL, 'N' },
		{ "probe-type", required_argument, NULL, 'T' },
		{ "probe-timeout", required_argument, NULL, 't' },
		{ "probe-tries", required_argument, NULL, 'y' },
		{ "refresh-ms", required_argument, NULL, 'R' },
		{ "wait", required_argument, NULL, 'W' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "+", lo, NULL)) != -1) {
		switch (c) {
		case 's': ropt.state_dir = optarg; break;
		case 'n': ropt.networkd_dir = optarg; break;
		case 'r': ropt.resolv_conf = optarg; break;
		case 'j': opt_json = true; break;
		case 'p': opt_probe = true; break;
		case 'w': opt_width = atoi(optarg); break;
		case 'N': popt.name = optarg; break;
		case 'T': popt.qtype = atoi(optarg); break;
		case 't': popt.timeout_ms = atoi(optarg); break;
		case 'y': popt.tries = atoi(optarg); break;
		case 'R': ropt.refresh_ms = atoi(optarg); break;
		case 'W': opt_wait = atoi(optarg); break;
		default: return 2;
		}
	}
	if (optind >= argc)
		goto usage;
	if (!strcmp(argv[optind], "view"))
		return cmd_view();
	if (!strcmp(argv[optind], "compare") && optind + 1 < argc)
		return cmd_compare(argv[optind + 1]);
	if (!strcmp(argv[optind], "watch") && optind + 1 < argc)
		return cmd_watch(atoi(argv[optind + 1]));
	if (!strcmp(argv[optind], "status"))
		return cmd_status();
	if (!strcmp(argv[optind], "probe"))
		return cmd_probe(argc - optind - 1, argv + optind + 1);
usage:
	fprintf(stderr, "usage: dns_tool [options] view|compare FILE|watch MS|"
		"probe SERVER...|status\n");
	return 2;
}
