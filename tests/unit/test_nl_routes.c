/*
 * test_nl_routes.c - tests of the netlink route backend
 * (src/backend/nl_routes.c) against iproute2, the truth.
 *
 * Every test happens in a network namespace of its own, made by its
 * setup (unshare(CLONE_NEWNET); as non-root inside one user namespace
 * made once), checked to be brand new (only lo) before anything is
 * created, and left by the next test's: no test sees another's leftovers.
 * Each gets veth pairs a0/a1, b0/b1, c0/c1, and all but the first the
 * whole topology the first builds step by step: addresses, several
 * default routes with
 * different and equal metrics, routes that differ only by device or by
 * gateway, multipath, nexthop objects, other tables and types, IPv6;
 * then 10,000 routes.  After each step the snapshot must equal
 * `ip -d -j route show table all` and `ip -j addr` route for route and
 * address for address (both turned into canonical lines: tests/lib/ip_canon.py
 * for ip's JSON, canon_* here for the snapshot).  Events: routes added,
 * metrics changed and a link taken down while the snapshot is open show
 * in the next nl_routes_process.  nl_routes_set_nic_metric changes what
 * `ip route` shows.  A route "notification" forged by another process
 * (not the kernel) is dropped.  The kernel finishes some changes later
 * than the command that made them (a veth's operstate and its routes' "linkdown"
 * flags follow the carrier through linkwatch; IPv6 link-local addresses
 * appear once the link is operational), and notifications arrive after
 * that: each check first waits (bounded, 5 s) until the links are settled
 * and no address is tentative, then until the snapshot equals ip, and
 * only then fails, printing the difference.  The machine's own
 * interfaces and routes are never touched; without a namespace (or
 * python3 for ip's JSON) the tests are skipped with the reason.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <cmocka.h>

#include "backend/nl_routes.h"
#include "core/route_names.h"
#include "core/route_view.h"
#include "core/routes.h"

struct ctx {
	bool ok;
	char why[600];
	const char *ip;
	char canon[4096];	/* python3 path/to/ip_canon.py */
	char tmpdir[64];
	bool userns;		/* non-root: inside a user namespace of ours */
	bool test_ok;		/* this test's namespace was made */
	struct nl_routes *n;	/* with events */
};

#define SETTLE_MS 5000		/* the longest wait for the kernel */

/* ---------------------------------------------------------------- */
/* the namespace                                                     */

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t len = (ssize_t)strlen(text), w;

	if (fd < 0)
		return -1;
	w = write(fd, text, (size_t)len);
	close(fd);
	return w == len ? 0 : -1;
}

/* Non-root: a user namespace of our own (once), in which the tests may
 * make network namespaces.  0, or -1 with the reason in C->why. */
static int enter_user_namespace(struct ctx *c)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	char map[64];

	if (uid == 0)
		return 0;
	if (unshare(CLONE_NEWUSER) < 0) {
		snprintf(c->why, sizeof(c->why), "unshare(NEWUSER) as uid %u: "
			 "%s", (unsigned)uid, strerror(errno));
		return -1;
	}
	snprintf(map, sizeof(map), "0 %u 1", (unsigned)uid);
	if (write_file("/proc/self/setgroups", "deny") < 0 ||
	    write_file("/proc/self/uid_map", map) < 0) {
		snprintf(c->why, sizeof(c->why), "cannot map uid: %s",
			 strerror(errno));
		return -1;
	}
	snprintf(map, sizeof(map), "0 %u 1", (unsigned)gid);
	if (write_file("/proc/self/gid_map", map) < 0) {
		snprintf(c->why, sizeof(c->why), "cannot map gid: %s",
			 strerror(errno));
		return -1;
	}
	c->userns = true;
	return 0;
}

/* A brand-new network namespace for this process (the previous test's
 * goes once nothing refers to it).  0, or -1 with the reason. */
static int enter_namespace(struct ctx *c)
{
	struct stat before, after;

	if (stat("/proc/self/ns/net", &before) < 0) {
		snprintf(c->why, sizeof(c->why), "/proc/self/ns/net: %s",
			 strerror(errno));
		return -1;
	}
	if (unshare(CLONE_NEWNET) < 0) {
		snprintf(c->why, sizeof(c->why), "unshare(NEWNET)%s: %s",
			 c->userns ? " in a user namespace" : " as root",
			 strerror(errno));
		return -1;
	}
	if (stat("/proc/self/ns/net", &after) < 0 ||
	    after.st_ino == before.st_ino) {
		snprintf(c->why, sizeof(c->why), "still in the previous "
			 "network namespace: refusing to go on");
		return -1;
	}
	/* only lo: this namespace is ours and new */
	if (if_nametoindex("lo") == 0 || if_nametoindex("eth0") != 0 ||
	    if_nametoindex("a0") != 0) {
		snprintf(c->why, sizeof(c->why), "the new namespace is not "
			 "empty: refusing to create links");
		return -1;
	}
	return 0;
}

static const char *find_ip(void)
{
	static const char *const paths[] = {
		"/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip",
	};

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (access(paths[i], X_OK) == 0)
			return paths[i];
	return NULL;
}

/* Runs "ip ARGS" (fixed strings of this file); its exit status. */
static int ip(const struct ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int ip(const struct ctx *c, const char *fmt, ...)
{
	char cmd[1024], args[900];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof(cmd), "%s %s", c->ip, args);
	st = system(cmd);
	if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		print_message("command failed: %s\n", cmd);
	return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Output of CMD, malloc'd (NULL on failure). */
static char *run(const char *cmd)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	FILE *p = popen(cmd, "r");
	int ch;

	if (!p)
		return NULL;
	while ((ch = fgetc(p)) != EOF) {
		if (len + 2 > cap) {
			char *nb;

			cap = cap ? cap * 2 : 65536;
			nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				pclose(p);
				return NULL;
			}
			buf = nb;
		}
		buf[len++] = (char)ch;
	}
	if (pclose(p) != 0) {
		free(buf);
		return NULL;
	}
	if (!buf)
		buf = calloc(1, 1);
	else
		buf[len] = '\0';
	return buf;
}

/* ---------------------------------------------------------------- */
/* canonical lines from the snapshot (see tests/lib/ip_canon.py)          */

struct lines {
	char **v;
	size_t n, cap;
};

static void lines_add(struct lines *l, const char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 256;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
		assert_non_null(l->v);
	}
	l->v[l->n] = strdup(s);
	assert_non_null(l->v[l->n]);
	l->n++;
}

static void lines_free(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *dev(const struct route_snapshot *s, int32_t ifindex)
{
	const char *d = route_snapshot_dev(s, ifindex);

	return ifindex && d ? d : "-";
}

/* FLAGS' names sorted and joined by commas, "-" if none. */
static void flag_words(const char *(*name)(uint32_t, size_t), uint32_t flags,
		       char *out, size_t len)
{
	const char *v[32];
	size_t n = 0;

	for (size_t i = 0; n < 32 && name(flags, i); i++)
		v[n++] = name(flags, i);
	qsort(v, n, sizeof(v[0]), str_cmp);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++)
		snprintf(out + strlen(out), len - strlen(out), "%s%s",
			 i ? "," : "", v[i]);
	if (!n)
		snprintf(out, len, "-");
}

static const char *route_flag_fn(uint32_t flags, size_t i)
{
	return route_flag_name(flags, i);
}

static void canon_route(const struct route_snapshot *s,
			const struct route_info *r, char *out, size_t len)
{
	char dst[ROUTE_PREFIX_STRLEN], src[ROUTE_PREFIX_STRLEN];
	char gw[ROUTE_ADDR_STRLEN], ps[ROUTE_ADDR_STRLEN], fl[256];
	char nh[2048], t1[16], t2[16], t3[16], t4[16];
	const char *pref = route_pref_name(r->pref);

	if (r->src_len) {
		struct route_info x = *r;

		memcpy(x.dst, r->src, sizeof(x.dst));
		x.dst_len = r->src_len;
		route_dst_str(&x, src);
	} else {
		snprintf(src, sizeof(src), "-");
	}
	nh[0] = '\0';
	for (size_t i = 0; i < r->nh_count; i++) {
		char g[ROUTE_ADDR_STRLEN], f[128];

		flag_words(route_flag_fn, r->nh[i].flags, f, sizeof(f));
		snprintf(nh + strlen(nh), sizeof(nh) - strlen(nh),
			 "%s%s@%s*%u/%s", i ? ";" : "",
			 r->nh[i].gw_family ? route_addr_str(r->nh[i].gw_family,
							     r->nh[i].gw, g) : "-",
			 dev(s, r->nh[i].oif), r->nh[i].weight + 1u, f);
	}
	flag_words(route_flag_fn, r->flags, fl, sizeof(fl));
	snprintf(out, len, "%s %s from=%s table=%s proto=%s scope=%s "
		 "metric=%u gw=%s dev=%s src=%s flags=%s pref=%s nhid=%u nh=%s",
		 route_type_name(r->type, t1), route_dst_str(r, dst), src,
		 route_table_name(r->table, t2),
		 route_proto_name(r->protocol, t3),
		 route_scope_name(r->scope, t4), (unsigned)r->metric,
		 r->gw_family ? route_addr_str(r->gw_family, r->gw, gw) : "-",
		 dev(s, r->oif),
		 r->has_prefsrc ? route_addr_str(r->family, r->prefsrc, ps) : "-",
		 fl, pref ? pref : "-", (unsigned)r->nhid, nh[0] ? nh : "-");
}

static const char *ifa_v4(uint32_t f, size_t i)
{
	return route_ifa_flag_name(ROUTE_AF_INET, f, i);
}

static const char *ifa_v6(uint32_t f, size_t i)
{
	return route_ifa_flag_name(ROUTE_AF_INET6, f, i);
}

static void canon_addr(const struct route_snapshot *s,
		       const struct route_ifaddr *a, char *out, size_t len)
{
	char loc[ROUTE_ADDR_STRLEN], peer[ROUTE_ADDR_STRLEN];
	char brd[ROUTE_ADDR_STRLEN], fl[256], t[16];

	flag_words(a->family == ROUTE_AF_INET ? ifa_v4 : ifa_v6, a->flags, fl,
		   sizeof(fl));
	/* a finite lifetime counts down between two reads: its kind only */
	snprintf(out, len, "%s %s %s/%u peer=%s brd=%s scope=%s label=%s "
		 "flags=%s valid=%s preferred=%s", dev(s, a->ifindex),
		 route_family_name(a->family),
		 route_addr_str(a->family, a->local, loc), a->prefixlen,
		 a->has_address ? route_addr_str(a->family, a->address, peer) : "-",
		 a->has_broadcast ? route_addr_str(a->family, a->broadcast, brd) : "-",
		 route_scope_name(a->scope, t), a->label[0] ? a->label : "-",
		 fl, a->valid_lft == ROUTE_LFT_FOREVER ? "forever" : "finite",
		 a->preferred_lft == ROUTE_LFT_FOREVER ? "forever" : "finite");
}

static void snap_lines(const struct route_snapshot *s, bool addrs,
		       struct lines *l)
{
	char buf[4096];

	if (addrs) {
		for (size_t i = 0; i < s->naddrs; i++) {
			canon_addr(s, &s->addrs[i], buf, sizeof(buf));
			lines_add(l, buf);
		}
	} else {
		for (size_t i = 0; i < s->nroutes; i++) {
			struct route_info r;

			route_snapshot_get(s, i, &r);
			canon_route(s, &r, buf, sizeof(buf));
			lines_add(l, buf);
		}
	}
	qsort(l->v, l->n, sizeof(l->v[0]), str_cmp);
}

static void ip_lines(const struct ctx *c, bool addrs, struct lines *l)
{
	char cmd[4200], *out, *p, *nl;

	snprintf(cmd, sizeof(cmd), "%s %s | %s %s", c->ip,
		 addrs ? "-j addr show" : "-d -j route show table all",
		 c->canon, addrs ? "addrs" : "routes");
	out = run(cmd);
	assert_non_null(out);
	for (p = out; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			break;
		*nl = '\0';
		lines_add(l, p);
	}
	free(out);
	qsort(l->v, l->n, sizeof(l->v[0]), str_cmp);
}

/* Compares S with ip, route for route and address for address; unless
 * QUIET, prints the differences (at most 20 lines). */
static bool compare_ip(const struct ctx *c, const struct route_snapshot *s,
		       bool addrs, bool quiet)
{
	struct lines mine = { 0 }, truth = { 0 };
	size_t i = 0, k = 0, shown = 0;
	bool same;

	snap_lines(s, addrs, &mine);
	ip_lines(c, addrs, &truth);
	same = mine.n == truth.n;
	while (i < mine.n || k < truth.n) {
		int d = i == mine.n ? 1 : k == truth.n ? -1 :
			strcmp(mine.v[i], truth.v[k]);

		if (d == 0) {
			i++;
			k++;
			continue;
		}
		same = false;
		if (!quiet && shown++ < 20)
			print_message("%s %s\n", d < 0 ? "snapshot only:" :
				      "ip only:      ",
				      d < 0 ? mine.v[i] : truth.v[k]);
		if (d < 0)
			i++;
		else
			k++;
	}
	if (!same && !quiet)
		print_message("%s: snapshot %zu, ip %zu\n",
			      addrs ? "addresses" : "routes", mine.n, truth.n);
	lines_free(&mine);
	lines_free(&truth);
	return same;
}

static bool same_as_ip(const struct ctx *c, const struct route_snapshot *s,
		       bool addrs)
{
	return compare_ip(c, s, addrs, false);
}

/* ---------------------------------------------------------------- */
/* waiting for the kernel (bounded)                                  */

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Is word W (delimited by ',', '<', '>' or blanks) in the text A..B? */
static bool has_flag(const char *a, const char *b, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = a; p && p + n <= b; p++) {
		p = strstr(p, w);
		if (!p || p + n > b)
			return false;
		if ((p == a || strchr("<, ", p[-1])) && strchr(">, ", p[n]))
			return true;
	}
	return false;
}

/* Settled: every link that is up (but lo) has the operstate its carrier
 * gives (UP with LOWER_UP, not UP without), and, when it has carrier,
 * its IPv6 link-local address; no IPv6 address is tentative.  Prints why
 * not when !QUIET. */
static bool links_settled(const struct ctx *c, bool quiet)
{
	char cmd[300], *links, *addrs, *p, *nl;
	bool ok = true;

	snprintf(cmd, sizeof(cmd), "%s -o link show", c->ip);
	links = run(cmd);
	snprintf(cmd, sizeof(cmd), "%s -o -6 addr show", c->ip);
	addrs = run(cmd);
	if (!links || !addrs) {
		free(links);
		free(addrs);
		return false;
	}
	if (strstr(addrs, "tentative")) {
		if (!quiet)
			print_message("an IPv6 address is still tentative\n");
		ok = false;
	}
	for (p = links; ok && *p; p = nl + 1) {
		char name[IF_NAMESIZE + 8], want[64];
		const char *fl, *fe, *st;
		bool up, carrier, oper_up;

		nl = strchr(p, '\n');
		if (!nl)
			break;
		*nl = '\0';
		/* "3: a0@a1: <BROADCAST,MULTICAST,UP,LOWER_UP> ... state UP" */
		if (sscanf(p, "%*d: %20[^:@ ]", name) != 1)
			continue;
		fl = strchr(p, '<');
		fe = fl ? strchr(fl, '>') : NULL;
		st = strstr(p, " state ");
		if (!fl || !fe || !st || strcmp(name, "lo") == 0)
			continue;
		up = has_flag(fl, fe, "UP");
		carrier = has_flag(fl, fe, "LOWER_UP");
		oper_up = strncmp(st, " state UP ", 10) == 0;
		if (up && carrier != oper_up) {
			if (!quiet)
				print_message("%s: carrier %s but %s\n", name,
					      carrier ? "on" : "off", st + 1);
			ok = false;
		}
		snprintf(want, sizeof(want), " %s    inet6 fe80::", name);
		if (up && carrier && !strstr(addrs, want)) {
			if (!quiet)
				print_message("%s: no IPv6 link-local address "
					      "yet\n", name);
			ok = false;
		}
	}
	free(links);
	free(addrs);
	return ok;
}

/* Waits until the links are settled; fails after SETTLE_MS, saying
 * what is not. */
static void wait_settled(const struct ctx *c)
{
	int64_t end = mono_ms() + SETTLE_MS;

	while (!links_settled(c, true)) {
		if (mono_ms() > end) {
			(void)links_settled(c, false);
			fail_msg("the links did not settle within %d ms",
				 SETTLE_MS);
		}
		poll(NULL, 0, 20);
	}
}

/* ---------------------------------------------------------------- */

static int group_setup(void **state)
{
	static struct ctx c;
	const char *srcdir = getenv("top_srcdir");
	char py[64] = "";

	*state = &c;
	c.ip = find_ip();
	if (!c.ip) {
		snprintf(c.why, sizeof(c.why), "the ip tool (iproute2) is not "
			 "installed");
		return 0;
	}
	if (access("/usr/bin/python3", X_OK) == 0)
		snprintf(py, sizeof(py), "/usr/bin/python3");
	else if (system("command -v python3 >/dev/null 2>&1") == 0)
		snprintf(py, sizeof(py), "python3");
	if (!py[0]) {
		snprintf(c.why, sizeof(c.why), "python3 is not installed (it "
			 "reads ip's JSON: scripts/install-deps.sh test)");
		return 0;
	}
	snprintf(c.canon, sizeof(c.canon), "%s %s/tests/lib/ip_canon.py", py,
		 srcdir ? srcdir : ".");
	if (enter_user_namespace(&c) < 0)
		return 0;
	c.ok = true;
	return 0;
}

/* Each test's own namespace with the veth pairs up and settled, and the
 * snapshot with events open on it.  A namespace that cannot be made
 * skips the test (need_ns); one made but not set up fails it. */
static int setup(void **state)
{
	struct ctx *c = *state;
	char err[512];

	c->test_ok = false;
	c->n = NULL;
	if (!c->ok)
		return 0;
	if (enter_namespace(c) < 0) {
		c->ok = false;	/* the reason is in c->why: skip the rest */
		return 0;
	}
	/* IPv6 duplicate address detection would change flags under us */
	write_file("/proc/sys/net/ipv6/conf/default/accept_dad", "0");
	write_file("/proc/sys/net/ipv6/conf/all/accept_dad", "0");
	if (ip(c, "link set lo up") ||
	    ip(c, "link add a0 type veth peer name a1") ||
	    ip(c, "link add b0 type veth peer name b1") ||
	    ip(c, "link add c0 type veth peer name c1") ||
	    ip(c, "link set a0 address 52:54:00:aa:00:01") ||
	    ip(c, "link set b0 address 52:54:00:bb:00:01") ||
	    ip(c, "link set a0 up") || ip(c, "link set a1 up") ||
	    ip(c, "link set b0 up") || ip(c, "link set b1 up") ||
	    ip(c, "link set c0 up") || ip(c, "link set c1 up")) {
		print_message("cannot create veth pairs in the namespace (see "
			      "ip's message above)\n");
		return -1;
	}
	wait_settled(c);
	c->n = nl_routes_open(NL_ROUTES_EVENTS, err, sizeof(err));
	if (!c->n) {
		print_message("nl_routes_open: %s\n", err);
		return -1;
	}
	c->test_ok = true;
	return 0;
}

static int teardown(void **state)
{
	struct ctx *c = *state;

	nl_routes_close(c->n);	/* the namespace goes with the next one */
	c->n = NULL;
	return 0;
}

static struct ctx *need_ns(void **state)
{
	struct ctx *c = *state;

	if (!c->ok || !c->test_ok) {
		print_message("SKIP: %s\n", c->why);
		skip();
	}
	return c;
}

/* Applies pending events; fails when the backend reports an error. */
static void process(struct ctx *c)
{
	char err[512];

	if (nl_routes_process(c->n, err, sizeof(err)) < 0)
		fail_msg("nl_routes_process: %s", err);
}

/* After the links settled: the snapshot kept by events equals ip once
 * the notifications have come (at most SETTLE_MS); then compared once
 * more, printing any difference. */
static bool events_match(struct ctx *c, bool addrs)
{
	int64_t end;

	wait_settled(c);
	end = mono_ms() + SETTLE_MS;
	for (;;) {
		process(c);
		if (compare_ip(c, nl_routes_snapshot(c->n), addrs, true))
			return true;
		if (mono_ms() > end)
			break;
		poll(NULL, 0, 20);
	}
	return same_as_ip(c, nl_routes_snapshot(c->n), addrs);
}

/* A fresh snapshot without events (once the links settled) equals ip. */
static bool fresh_matches(struct ctx *c, bool addrs)
{
	struct nl_routes *fresh;
	char err[512];
	bool same;

	wait_settled(c);
	fresh = nl_routes_open(0, err, sizeof(err));
	if (!fresh)
		fail_msg("nl_routes_open: %s", err);
	same = same_as_ip(c, nl_routes_snapshot(fresh), addrs);
	nl_routes_close(fresh);
	return same;
}

/* A fresh snapshot without events must equal ip, as must the one kept
 * current by events. */
static void check_both(struct ctx *c)
{
	assert_true(fresh_matches(c, false));
	assert_true(fresh_matches(c, true));
	assert_true(events_match(c, false));
	assert_true(events_match(c, true));
}

/* The topology test_topology builds; 0, or -1 when a command failed. */
static int build_topology(struct ctx *c)
{
	static const char *const cmds[] = {
		"addr add 10.1.0.2/24 dev a0",
		"addr add 10.1.0.9/24 dev a0",	/* secondary */
		"addr add 10.2.0.2/24 brd + dev b0 noprefixroute",
		"route add 10.2.0.0/24 dev b0 proto static metric 7",
		"addr add 10.3.0.2 peer 10.3.0.1 dev c0",
		"addr add 10.4.0.2/24 dev c0 label c0:ot",
		"-6 addr add 2001:db8:1::2/64 dev a0 nodad",
		"-6 addr add 2001:db8:2::2/64 dev b0 nodad "
			"valid_lft 3600 preferred_lft 1800",
		/* several default routes: metrics 100, 200, 200 (a tie) */
		"route add default via 10.1.0.1 dev a0 metric 100",
		"route add default via 10.2.0.1 dev b0 metric 200 proto dhcp",
		"route append default via 10.4.0.1 dev c0 metric 200",
		/* differ only by device, only by gateway */
		"route add 10.9.0.0/16 via 10.1.0.1 dev a0",
		"route append 10.9.0.0/16 via 10.2.0.1 dev b0",
		"route append 10.9.0.0/16 via 10.1.0.3 dev a0",
		"route add 10.10.0.0/16 dev a0 scope link",
		"route append 10.10.0.0/16 dev b0 scope link",
		/* multipath, a nexthop object, onlink, a gateway of the
		 * other family */
		"route add 10.8.0.0/16 nexthop via 10.1.0.1 dev a0 "
			"nexthop via 10.2.0.1 dev b0 weight 3",
		"nexthop add id 7 via 10.1.0.1 dev a0",
		"route add 10.30.0.0/16 nhid 7",
		"route add 10.31.0.0/16 via 192.0.2.1 dev a0 onlink",
		"route add 10.32.0.0/16 via inet6 fe80::1 dev a0",
		/* other types, tables, protocols; mtu is kept aside */
		"route add unreachable 10.7.0.0/16",
		"route add blackhole 10.6.0.0/16 table 100",
		"route add prohibit 10.5.0.0/16 metric 9",
		"route add 10.11.0.0/16 dev c0 table 1000 proto static "
			"metric 5 mtu 1400",
		"route add 198.51.100.7 via 10.1.0.1 table 100000",
		/* IPv6 */
		"-6 route add default via 2001:db8:1::1 dev a0 metric 300",
		"-6 route add 2001:db8:9::/48 via 2001:db8:2::1 dev b0 "
			"metric 20 pref high",
		"-6 route add 2001:db8:8::/48 from 2001:db8:1::/64 via "
			"2001:db8:1::1 dev a0",
		"-6 route add 2001:db8:7::/48 nexthop via 2001:db8:1::1 dev a0 "
			"nexthop via 2001:db8:2::1 dev b0",
	};

	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (ip(c, "%s", cmds[i]) != 0)
			return -1;
	return 0;
}

/* setup, then the whole topology, settled and seen by the snapshot. */
static int setup_topology(void **state)
{
	struct ctx *c = *state;

	if (setup(state) < 0)
		return -1;
	if (!c->test_ok)
		return 0;
	if (build_topology(c) < 0) {
		print_message("cannot build the topology (see ip's message "
			      "above)\n");
		return -1;
	}
	if (!events_match(c, false))
		return -1;
	return 0;
}

static void test_topology(void **state)
{
	struct ctx *c = need_ns(state);

	assert_int_equal(build_topology(c), 0);
	check_both(c);
}

static void test_view_of_topology(void **state)
{
	struct ctx *c = need_ns(state);
	const struct route_snapshot *s;
	struct route_view_opts o;
	struct route_view v;
	struct plan p;
	struct route_info r;

	process(c);
	s = nl_routes_snapshot(c->n);
	plan_init(&p);
	/* a0 by its MAC (the plan NIC is named eth0), b0 and c0 by name */
	snprintf(plan_add_nic(&p)->name, PLAN_NAME_MAX, "eth0");
	snprintf(p.nics[0].mac, PLAN_ADDR_MAX, "52:54:00:AA:00:01");
	plan_nic_set_metric(&p.nics[0], 100);
	snprintf(plan_add_nic(&p)->name, PLAN_NAME_MAX, "b0");
	plan_nic_set_metric(&p.nics[1], 150);
	snprintf(plan_add_nic(&p)->name, PLAN_NAME_MAX, "c0");
	plan_nic_set_metric(&p.nics[2], 200);
	p.nics[2].offline = true;
	memset(&o, 0, sizeof(o));
	o.plan = &p;
	o.by_name = true;
	route_view_init(&v);
	assert_int_equal(route_view_build(&v, s, &o), 0);
	assert_int_equal(v.ndefaults, 3);
	assert_int_equal(v.in_use, 0);
	route_snapshot_get(s, v.defaults[0].route, &r);
	assert_int_equal(r.metric, 100);
	assert_int_equal(v.defaults[0].nic, 0);
	assert_true(v.defaults[0].flags & ROUTE_DEF_IN_USE);
	assert_false(v.defaults[0].flags & ROUTE_DEF_TIE);
	assert_true(v.defaults[1].flags & ROUTE_DEF_TIE);
	assert_true(v.defaults[2].flags & ROUTE_DEF_TIE);
	assert_int_equal(v.defaults[1].nic, 1);
	assert_true(v.defaults[1].flags & ROUTE_DEF_METRIC_DIFFERS);
	assert_int_equal(v.defaults[2].nic, 2);
	assert_true(v.defaults[2].flags & ROUTE_DEF_OFFLINE);
	assert_non_null(diag_find(&v.problems, "nics[2].offline"));
	assert_non_null(diag_find(&v.problems, "nics[1].metric"));
	assert_int_equal(route_view_nic_ifindex(s, &o, 0),
			 (int32_t)if_nametoindex("a0"));
	route_view_free(&v);
}

/* Routes added, a metric changed (add then delete), a link down, an
 * address removed: each shows in the next snapshot. */
static void test_events(void **state)
{
	struct ctx *c = need_ns(state);
	const struct route_snapshot *s = nl_routes_snapshot(c->n);
	struct nl_routes_stats st0, st1;
	uint64_t gen;

	process(c);
	nl_routes_get_stats(c->n, &st0);
	gen = s->generation;
	assert_int_equal(ip(c, "route add 10.40.0.0/16 via 10.1.0.1 metric 30"), 0);
	process(c);
	assert_true(s->generation > gen);
	assert_true(events_match(c, false));

	/* a metric change is add-new then delete-old */
	assert_int_equal(ip(c, "route add 10.40.0.0/16 via 10.1.0.1 metric 31"), 0);
	assert_int_equal(ip(c, "route del 10.40.0.0/16 via 10.1.0.1 metric 30"), 0);
	assert_true(events_match(c, false));
	/* a replacement */
	assert_int_equal(ip(c, "route replace 10.40.0.0/16 via 10.2.0.1 metric 31"), 0);
	assert_true(events_match(c, false));
	nl_routes_get_stats(c->n, &st1);
	assert_true(st1.notifications > st0.notifications);
	assert_int_equal(st1.resyncs, st0.resyncs);	/* all incremental */

	/* the kernel drops c0's IPv4 routes without telling: read again */
	assert_int_equal(ip(c, "link set c0 down"), 0);
	assert_true(events_match(c, false));
	assert_true(events_match(c, true));
	assert_int_equal(ip(c, "link set c0 up"), 0);
	assert_int_equal(ip(c, "addr del 10.1.0.9/24 dev a0"), 0);
	assert_int_equal(ip(c, "-6 route del 2001:db8:9::/48 via 2001:db8:2::1 dev b0 metric 20"), 0);
	assert_true(events_match(c, false));
	assert_true(events_match(c, true));
}

static void test_set_nic_metric(void **state)
{
	struct ctx *c = need_ns(state);
	int32_t b0 = (int32_t)if_nametoindex("b0");
	char err[512], *out;
	int n;

	process(c);
	n = nl_routes_set_nic_metric(c->n, b0, 50, err, sizeof(err));
	if (n < 0)
		fail_msg("nl_routes_set_nic_metric: %s", err);
	assert_int_equal(n, 1);
	out = run("ip route show default");
	assert_non_null(out);
	print_message("%s", out);
	assert_non_null(strstr(out, "default via 10.2.0.1 dev b0 proto dhcp metric 50"));
	assert_null(strstr(out, "metric 200 proto dhcp"));
	assert_null(strstr(out, "dev b0 proto dhcp metric 200"));
	free(out);
	assert_true(events_match(c, false));
	/* again: nothing to do */
	assert_int_equal(nl_routes_set_nic_metric(c->n, b0, 50, err,
						  sizeof(err)), 0);
	/* a route with mtu keeps it (the change copies RTA_METRICS); c0's
	 * default route of the topology goes first, so the route with mtu
	 * is c0's only one (as it was when this test ran on what
	 * test_events left: c0 taken down had dropped it) */
	assert_int_equal(ip(c, "route del default via 10.4.0.1 dev c0 metric 200"), 0);
	assert_int_equal(ip(c, "route add default via 10.4.0.1 dev c0 metric 600 mtu 1300"), 0);
	process(c);
	n = nl_routes_set_nic_metric(c->n, (int32_t)if_nametoindex("c0"), 601,
				     err, sizeof(err));
	if (n < 0)
		fail_msg("nl_routes_set_nic_metric: %s", err);
	out = run("ip route show default dev c0");
	assert_non_null(out);
	assert_non_null(strstr(out, "metric 601 mtu 1300"));
	assert_null(strstr(out, "metric 600"));
	free(out);
	assert_true(events_match(c, false));
}

static void test_set_metric_gone(void **state)
{
	struct ctx *c = need_ns(state);
	struct route_info r;
	char err[512];

	memset(&r, 0, sizeof(r));
	r.family = ROUTE_AF_INET;
	r.table = ROUTE_TABLE_MAIN;
	r.type = ROUTE_TYPE_UNICAST;
	r.dst_len = 16;
	r.dst[0] = 10;
	r.dst[1] = 99;
	r.metric = 5;
	r.pref = ROUTE_PREF_NONE;
	assert_int_equal(nl_routes_set_metric(c->n, &r, 6, err, sizeof(err)), -1);
	print_message("%s\n", err);
	assert_non_null(strstr(err, "no longer there"));
}

/* Whether S holds an IPv4 route to DST/LEN. */
static bool has_route(const struct route_snapshot *s, const char *dst,
		      int len)
{
	struct route_info r;
	uint8_t want[4];

	assert_int_equal(inet_pton(AF_INET, dst, want), 1);
	for (size_t i = 0; i < s->nroutes; i++) {
		route_snapshot_get(s, i, &r);
		if (r.family == AF_INET && r.dst_len == len &&
		    memcmp(r.dst, want, 4) == 0)
			return true;
	}
	return false;
}

/* Any process may send to the notification socket's port id: a route
 * "notification" from one (not from the kernel, port 0) is dropped,
 * never shown. */
static void test_forged_sender(void **state)
{
	struct ctx *c = need_ns(state);
	const struct route_snapshot *s = nl_routes_snapshot(c->n);
	struct sockaddr_nl to, me = { .nl_family = AF_NETLINK };
	socklen_t tolen = sizeof(to);
	struct {
		struct nlmsghdr h;
		struct rtmsg rt;
		struct rtattr dst_hdr;
		uint8_t dst[4];
		struct rtattr oif_hdr;
		uint32_t oif;
	} m;
	int fd;

	process(c);
	assert_false(has_route(s, "203.0.113.0", 24));
	assert_int_equal(getsockname(nl_routes_fd(c->n),
				     (struct sockaddr *)&to, &tolen), 0);
	assert_true(to.nl_pid != 0);
	memset(&m, 0, sizeof(m));
	m.h.nlmsg_len = sizeof(m);
	m.h.nlmsg_type = RTM_NEWROUTE;
	m.rt.rtm_family = AF_INET;
	m.rt.rtm_dst_len = 24;
	m.rt.rtm_table = RT_TABLE_MAIN;
	m.rt.rtm_protocol = RTPROT_STATIC;
	m.rt.rtm_scope = RT_SCOPE_LINK;
	m.rt.rtm_type = RTN_UNICAST;
	m.dst_hdr.rta_type = RTA_DST;
	m.dst_hdr.rta_len = RTA_LENGTH(sizeof(m.dst));
	assert_int_equal(inet_pton(AF_INET, "203.0.113.0", m.dst), 1);
	m.oif_hdr.rta_type = RTA_OIF;
	m.oif_hdr.rta_len = RTA_LENGTH(sizeof(m.oif));
	m.oif = if_nametoindex("a0");
	assert_true(m.oif != 0);
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&me, sizeof(me)), 0);
	/* delivered to the socket's queue before sendto returns */
	assert_int_equal(sendto(fd, &m, sizeof(m), 0,
				(struct sockaddr *)&to, sizeof(to)),
			 (ssize_t)sizeof(m));
	close(fd);
	process(c);
	assert_false(has_route(s, "203.0.113.0", 24));
	assert_true(same_as_ip(c, s, false));
}

static void test_10000_routes(void **state)
{
	struct ctx *c = need_ns(state);
	char path[] = "/tmp/edgenet-routes-XXXXXX";
	struct nl_routes_stats st0, st1;
	int fd = mkstemp(path);
	FILE *f;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	for (int i = 0; i < 10000; i++)
		fprintf(f, "route add 172.%d.%d.0/24 via %s metric %d\n",
			16 + i / 256, i % 256,
			i % 2 ? "10.1.0.1" : "10.2.0.1", i % 7);
	fclose(f);
	nl_routes_get_stats(c->n, &st0);
	assert_int_equal(ip(c, "-batch %s", path), 0);
	unlink(path);
	check_both(c);
	nl_routes_get_stats(c->n, &st1);
	print_message("10,000 routes by events: %llu notifications, %llu "
		      "resyncs, %llu overruns\n",
		      (unsigned long long)(st1.notifications - st0.notifications),
		      (unsigned long long)(st1.resyncs - st0.resyncs),
		      (unsigned long long)(st1.overruns - st0.overruns));
	assert_true(nl_routes_snapshot(c->n)->nroutes > 10000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_topology, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_view_of_topology,
						setup_topology, teardown),
		cmocka_unit_test_setup_teardown(test_events, setup_topology,
						teardown),
		cmocka_unit_test_setup_teardown(test_set_nic_metric,
						setup_topology, teardown),
		cmocka_unit_test_setup_teardown(test_set_metric_gone,
						setup_topology, teardown),
		cmocka_unit_test_setup_teardown(test_forged_sender,
						setup_topology, teardown),
		cmocka_unit_test_setup_teardown(test_10000_routes,
						setup_topology, teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
