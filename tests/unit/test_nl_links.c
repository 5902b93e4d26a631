/*
 * test_nl_links.c - tests of the netlink backend (src/backend/nl_links.c)
 * and of host_nic_can_uplink on real links.
 *
 * Every test happens in a network (and mount) namespace of its own, made
 * by its setup: unshare(CLONE_NEWNET|CLONE_NEWNS) (as non-root inside
 * one user namespace made first), and left by the next test's, so no
 * test sees what another left (the fresh sysfs one mounts included).  In
 * it, the setup creates veth pairs
 * plant0/plant0p and plant1/plant1p, a bridge br9 (plant1 enslaved),
 * maybe a tap, gives plant0, br9 and plant1p IPv4 addresses, and
 * compares the backend's list with what `ip -j link` and `ip -4 -o addr`
 * say, once the links have settled (bounded wait: each link that is up
 * has the operstate its carrier gives; linkwatch sets it later).  One
 * test mounts a fresh sysfs over /sys in its private mount namespace to
 * check the sysfs fields.  The machine's own interfaces,
 * routes and mounts are never touched; when no namespace can be made the
 * tests are skipped with the reason.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <poll.h>
#include <time.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "backend/nl_links.h"
#include "core/host.h"

#define PLANT0_MAC "02:11:22:33:44:55"

struct ctx {
	bool ok;		/* in our own namespace, links created */
	bool userns_tried;	/* the user namespace (non-root), once */
	bool userns_failed;
	char why[320];		/* why not */
	const char *ip;		/* path of the ip tool */
	bool tap;		/* tap9 could be made */
	bool sysfs;		/* a fresh sysfs is mounted */
	struct host_link_ops ops;
};

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

/* A new network and mount namespace for this test; as non-root, inside a
 * user namespace made by the first call.  0, or -1 with C->why. */
static int enter_namespace(struct ctx *c)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	char map[64];

	if (uid != 0 && !c->userns_tried) {
		c->userns_tried = true;
		c->userns_failed = true;
		if (unshare(CLONE_NEWUSER) < 0) {
			snprintf(c->why, sizeof(c->why), "unshare(NEWUSER) as "
				 "uid %u: %s (user namespaces disabled?)",
				 (unsigned)uid, strerror(errno));
			return -1;
		}
		snprintf(map, sizeof(map), "0 %u 1", (unsigned)uid);
		if (write_file("/proc/self/setgroups", "deny") < 0 ||
		    write_file("/proc/self/uid_map", map) < 0) {
			snprintf(c->why, sizeof(c->why), "cannot map uid in "
				 "the user namespace: %s", strerror(errno));
			return -1;
		}
		snprintf(map, sizeof(map), "0 %u 1", (unsigned)gid);
		if (write_file("/proc/self/gid_map", map) < 0) {
			snprintf(c->why, sizeof(c->why), "cannot map gid in "
				 "the user namespace: %s", strerror(errno));
			return -1;
		}
		c->userns_failed = false;
	}
	if (c->userns_failed)
		return -1;
	if (unshare(CLONE_NEWNET | CLONE_NEWNS) < 0) {
		snprintf(c->why, sizeof(c->why), "unshare(NEWNET|NEWNS)%s: %s",
			 uid == 0 ? " as root" : " in a user namespace",
			 strerror(errno));
		return -1;
	}
	return 0;
}

static const char *find_ip(void)
{
	static const char *const paths[] = {
		"/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip",
	};
	size_t i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (access(paths[i], X_OK) == 0)
			return paths[i];
	return NULL;
}

/* Runs "IP ARGS" (ARGS are fixed strings of this file); its exit code. */
static int ip(const struct ctx *c, const char *args)
{
	char cmd[512];
	int st;

	snprintf(cmd, sizeof(cmd), "%s %s", c->ip, args);
	st = system(cmd);
	return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Runs "IP ARGS" and reads its output, malloc'd. */
static char *ip_out(const struct ctx *c, const char *args)
{
	char cmd[256], *buf = NULL;
	size_t len = 0, cap = 0;
	FILE *p;
	int ch;

	snprintf(cmd, sizeof(cmd), "%s %s", c->ip, args);
	p = popen(cmd, "r");
	if (!p)
		return NULL;
	while ((ch = fgetc(p)) != EOF) {
		if (len + 2 > cap) {
			char *nb;

			cap = cap ? cap * 2 : 4096;
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
	if (pclose(p) != 0 || !buf) {
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

/* `ip -j link show` of the current namespace, malloc'd. */
static char *ip_json(const struct ctx *c)
{
	return ip_out(c, "-j link show");
}

/* ---------------------------------------------------------------- */
/* a minimal reader of ip's JSON: an array of flat-ish objects        */

struct jobj {
	const char *s;
	size_t len;
};

/* The top-level objects of the array in TEXT. */
static size_t json_objects(const char *text, struct jobj *out, size_t max)
{
	const char *p = text, *start = NULL;
	int depth = 0;
	bool str = false;
	size_t n = 0;

	for (; *p; p++) {
		if (str) {
			if (*p == '\\' && p[1])
				p++;
			else if (*p == '"')
				str = false;
			continue;
		}
		if (*p == '"') {
			str = true;
		} else if (*p == '{' || *p == '[') {
			if (++depth == 2 && *p == '{')
				start = p;
		} else if (*p == '}' || *p == ']') {
			if (depth-- == 2 && *p == '}' && start && n < max) {
				out[n].s = start;
				out[n].len = (size_t)(p - start + 1);
				n++;
			}
		}
	}
	return n;
}

/* The value of top-level KEY in O (strings without quotes), "" if none. */
static void json_get(const struct jobj *o, const char *key, char *out,
		     size_t outlen)
{
	const char *p = o->s, *end = o->s + o->len;
	size_t klen = strlen(key);
	int depth = 0;

	out[0] = '\0';
	for (; p < end; p++) {
		if (*p == '{' || *p == '[') {
			depth++;
		} else if (*p == '}' || *p == ']') {
			depth--;
		} else if (*p == '"') {
			const char *q = p + 1;

			while (q < end && *q != '"')
				q += (*q == '\\') ? 2 : 1;
			if (depth == 1 && (size_t)(q - p - 1) == klen &&
			    strncmp(p + 1, key, klen) == 0 && q + 1 < end &&
			    q[1] == ':') {
				const char *v = q + 2, *ve;

				if (*v == '"') {
					v++;
					ve = memchr(v, '"', (size_t)(end - v));
				} else {
					ve = v + strcspn(v, ",}]");
				}
				if (ve && ve <= end)
					snprintf(out, outlen, "%.*s",
						 (int)(ve - v), v);
				return;
			}
			p = q;
		}
	}
}

static bool json_has_flag(const struct jobj *o, const char *flag)
{
	char want[40];
	const char *f = NULL, *e, *p;

	for (p = o->s; p < o->s + o->len - 9; p++)
		if (strncmp(p, "\"flags\":[", 9) == 0) {
			f = p + 9;
			break;
		}
	if (!f)
		return false;
	e = memchr(f, ']', (size_t)(o->s + o->len - f));
	snprintf(want, sizeof(want), "\"%s\"", flag);
	for (p = f; e && p + strlen(want) <= e; p++)
		if (strncmp(p, want, strlen(want)) == 0)
			return true;
	return false;
}

/* ---------------------------------------------------------------- */

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Every link that is up (but lo) has the operstate its carrier gives:
 * "state UP" exactly when it has LOWER_UP. */
static bool links_settled(const struct ctx *c)
{
	char *out = ip_out(c, "-o link show"), *p, *nl;
	bool ok = out != NULL;

	for (p = out; ok && *p; p = nl + 1) {
		const char *fl, *fe, *st;
		bool up, carrier;

		nl = strchr(p, '\n');
		if (!nl)
			break;
		*nl = '\0';
		fl = strchr(p, '<');
		fe = fl ? strchr(fl, '>') : NULL;
		st = strstr(p, " state ");
		if (!fl || !fe || !st || strstr(p, "LOOPBACK"))
			continue;
		up = memmem(fl, (size_t)(fe - fl), ",UP", 3) ||
			memmem(fl, (size_t)(fe - fl), "<UP", 3);
		carrier = memmem(fl, (size_t)(fe - fl), "LOWER_UP", 8);
		if (up && carrier != (strncmp(st, " state UP ", 10) == 0))
			ok = false;
	}
	free(out);
	return ok;
}

/* Makes this test's namespace and links; C->ok says whether it worked. */
static void make_links(struct ctx *c)
{
	struct jobj objs[8];
	char *json, err[256], name[32];
	int64_t end;

	if (!c->ip || enter_namespace(c) < 0)
		return;

	/* Belt and braces: refuse to touch links unless this namespace is
	 * brand new (nothing but lo). */
	json = ip_json(c);
	if (!json) {
		snprintf(c->why, sizeof(c->why), "`ip -j link` failed in the "
			 "new namespace");
		return;
	}
	if (json_objects(json, objs, 8) != 1) {
		snprintf(c->why, sizeof(c->why), "the new namespace is not "
			 "empty: refusing to create links");
		free(json);
		return;
	}
	json_get(&objs[0], "ifname", name, sizeof(name));
	free(json);
	if (strcmp(name, "lo") != 0) {
		snprintf(c->why, sizeof(c->why), "the new namespace has '%s', "
			 "not lo: refusing to create links", name);
		return;
	}

	if (ip(c, "link add plant0 type veth peer name plant0p") ||
	    ip(c, "link add plant1 type veth peer name plant1p") ||
	    ip(c, "link add br9 type bridge") ||
	    ip(c, "link set plant1 master br9") ||
	    ip(c, "link set plant0 address " PLANT0_MAC) ||
	    ip(c, "link set lo up") ||
	    ip(c, "link set plant0 up") ||
	    ip(c, "link set plant0p up") ||
	    ip(c, "addr add 192.168.77.20/24 dev plant0") ||
	    ip(c, "addr add 192.168.78.5/25 dev plant0") ||
	    ip(c, "addr add 10.9.0.1/16 dev br9") ||
	    ip(c, "addr add 172.31.5.5/30 dev plant1p")) {
		snprintf(c->why, sizeof(c->why), "cannot create veth pairs, "
			 "a bridge and addresses in the namespace (see ip's "
			 "message above)");
		return;
	}
	c->tap = ip(c, "tuntap add dev tap9 mode tap 2>/dev/null") == 0;
	end = mono_ms() + 5000;
	while (!links_settled(c)) {
		if (mono_ms() > end) {
			snprintf(c->why, sizeof(c->why), "the links did not "
				 "settle within 5 s (operstate and carrier "
				 "differ)");
			return;
		}
		poll(NULL, 0, 20);
	}

	if (nl_links_open(&c->ops, err, sizeof(err)) < 0) {
		snprintf(c->why, sizeof(c->why), "nl_links_open: %s", err);
		return;
	}
	c->ok = true;
}

/* cmocka: each test's own namespace and links (a test that cannot have
 * them is skipped, saying why). */
static int setup(void **state)
{
	struct ctx *c = *state;

	c->ok = false;
	c->tap = false;
	c->sysfs = false;
	make_links(c);
	return 0;
}

static int teardown(void **state)
{
	struct ctx *c = *state;

	nl_links_close(&c->ops);
	if (c->sysfs && umount2("/sys", MNT_DETACH) < 0)
		print_message("cannot unmount the test's sysfs: %s\n",
			      strerror(errno));
	c->sysfs = false;
	return 0;
}

static struct ctx *need_ns(void **state)
{
	struct ctx *c = *state;

	if (!c->ok) {
		print_message("SKIP: %s\n", c->why);
		skip();
	}
	return c;
}

static const struct host_nic *find(const struct host_nic_list *l,
				   const char *name)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		if (strcmp(l->items[i].name, name) == 0)
			return &l->items[i];
	/* A missing interface fails the test here, not with a NULL later. */
	fail_msg("interface %s is not in the list", name);
	abort();
}

static void test_list_matches_ip(void **state)
{
	struct ctx *c = need_ns(state);
	struct host_nic_list l;
	struct jobj objs[HOST_MAX_NICS];
	char err[256], *json, v[64];
	size_t n, i;

	if (c->ops.list_nics(c->ops.ctx, &l, err, sizeof(err)) != 0)
		fail_msg("list_nics: %s", err);
	json = ip_json(c);
	assert_non_null(json);
	n = json_objects(json, objs, HOST_MAX_NICS);
	assert_int_equal(l.count, n);
	assert_int_equal(n, c->tap ? 7 : 6);

	for (i = 1; i < l.count; i++)
		assert_true(strcmp(l.items[i - 1].name, l.items[i].name) < 0);

	for (i = 0; i < n; i++) {
		const struct host_nic *h;
		char name[32];

		json_get(&objs[i], "ifname", name, sizeof(name));
		h = find(&l, name);
		if (!h)
			fail_msg("ip shows %s, the backend does not", name);
		json_get(&objs[i], "ifindex", v, sizeof(v));
		assert_int_equal(h->ifindex, atoi(v));
		json_get(&objs[i], "address", v, sizeof(v));
		if (strcmp(v, "00:00:00:00:00:00") == 0)
			v[0] = '\0';	/* lo: "no MAC" for the backend */
		assert_string_equal(h->mac, v);
		json_get(&objs[i], "master", v, sizeof(v));
		assert_string_equal(h->master, v);
		if (h->up != json_has_flag(&objs[i], "UP"))
			fail_msg("%s: up %d", name, h->up);
		if (h->carrier != json_has_flag(&objs[i], "LOWER_UP"))
			fail_msg("%s: carrier %d", name, h->carrier);
	}
	free(json);

	assert_string_equal(find(&l, "plant0")->mac, PLANT0_MAC);
	assert_true(find(&l, "plant0")->up);
	assert_true(find(&l, "plant0")->carrier);
	assert_false(find(&l, "plant1p")->up);
	assert_false(find(&l, "plant1p")->carrier);
	assert_string_equal(find(&l, "plant1")->master, "br9");
	assert_string_equal(find(&l, "plant0")->master, "");
}

static void test_kinds_and_verdicts(void **state)
{
	struct ctx *c = need_ns(state);
	struct host_nic_list l;
	const struct host_nic *h;
	const char *why;
	char err[256];

	assert_int_equal(c->ops.list_nics(c->ops.ctx, &l, err, sizeof(err)),
			 0);
	assert_string_equal(find(&l, "plant0")->kind, "veth");
	assert_string_equal(find(&l, "plant1p")->kind, "veth");
	assert_string_equal(find(&l, "br9")->kind, "bridge");
	assert_string_equal(find(&l, "lo")->kind, "");

	h = find(&l, "plant0");
	assert_true(host_nic_can_uplink(h, &why));
	h = find(&l, "plant1p");	/* down, no carrier: still a candidate */
	assert_true(host_nic_can_uplink(h, &why));
	h = find(&l, "plant1");
	assert_false(host_nic_can_uplink(h, &why));
	assert_non_null(strstr(why, "already enslaved"));
	h = find(&l, "br9");
	assert_false(host_nic_can_uplink(h, &why));
	assert_non_null(strstr(why, "bridge"));
	h = find(&l, "lo");
	assert_false(host_nic_can_uplink(h, &why));
	assert_non_null(strstr(why, "loopback"));
	if (c->tap) {
		h = find(&l, "tap9");
		assert_non_null(h);
		assert_string_equal(h->kind, "tun");
		assert_false(host_nic_can_uplink(h, &why));
		assert_non_null(strstr(why, "tun/tap"));
	} else {
		print_message("note: no tap device could be made; tun/tap "
			      "verdict not checked here\n");
	}
}

/* /sys still shows the namespace the test started in: whatever it says
 * about a "plant0" there must not leak into ours. */
static void test_stale_sysfs_ignored(void **state)
{
	struct ctx *c = need_ns(state);
	struct host_nic_list l;
	const struct host_nic *h;
	char err[256];
	size_t i;

	assert_int_equal(c->ops.list_nics(c->ops.ctx, &l, err, sizeof(err)),
			 0);
	h = find(&l, "plant0");
	assert_int_equal(h->speed_mbps, -1);
	assert_false(h->physical);
	assert_false(h->wireless);
	for (i = 0; i < l.count; i++)
		assert_false(l.items[i].physical);
}

static void test_fresh_sysfs(void **state)
{
	struct ctx *c = need_ns(state);
	struct host_nic_list l;
	const struct host_nic *h;
	char err[256], buf[32] = "";
	FILE *f;
	size_t i;

	/* Only in our private mount namespace: never propagates out. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  NULL) < 0) {
		print_message("SKIP: cannot mount a fresh sysfs: %s\n",
			      strerror(errno));
		skip();
	}
	c->sysfs = true;
	assert_int_equal(c->ops.list_nics(c->ops.ctx, &l, err, sizeof(err)),
			 0);
	f = fopen("/sys/class/net/plant0/speed", "r");
	assert_non_null(f);
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	h = find(&l, "plant0");
	/* veth reports a speed (10000) when up. */
	assert_true(h->speed_mbps > 0);
	assert_int_equal(h->speed_mbps, atoi(buf));
	/* Down: the kernel refuses to say, the backend says unknown. */
	assert_int_equal(find(&l, "plant1p")->speed_mbps, -1);
	for (i = 0; i < l.count; i++) {
		assert_false(l.items[i].physical);
		assert_false(l.items[i].wireless);
	}
}

static bool nic_has_addr(const struct host_nic *h, const char *cidr)
{
	for (size_t i = 0; i < h->naddrs; i++)
		if (strcmp(h->addrs[i], cidr) == 0)
			return true;
	return false;
}

/* Each NIC's IPv4 addresses are exactly those `ip -4 -o addr` shows (a
 * down link's too), and the list says they were read. */
static void test_addrs_match_ip(void **state)
{
	struct ctx *c = need_ns(state);
	struct host_nic_list l;
	const struct host_nic *h;
	char err[256], *text, *line, *save = NULL;
	size_t seen = 0, held = 0;

	assert_int_equal(c->ops.list_nics(c->ops.ctx, &l, err, sizeof(err)),
			 0);
	assert_true(l.addrs_known);
	text = ip_out(c, "-4 -o addr show");
	assert_non_null(text);
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char name[32], cidr[32];
		int idx;

		if (sscanf(line, "%d: %31s inet %31s", &idx, name, cidr) != 3)
			fail_msg("cannot read ip's line: %s", line);
		h = find(&l, name);
		assert_int_equal(h->ifindex, idx);
		if (!nic_has_addr(h, cidr))
			fail_msg("ip shows %s on %s, the backend does not",
				 cidr, name);
		seen++;
	}
	free(text);
	for (size_t i = 0; i < l.count; i++) {
		held += l.items[i].naddrs;
		assert_false(l.items[i].addrs_cut);
	}
	assert_int_equal(held, seen);
	assert_int_equal(seen, 5);

	h = find(&l, "plant0");
	assert_int_equal(h->naddrs, 2);
	assert_true(nic_has_addr(h, "192.168.77.20/24"));
	assert_true(nic_has_addr(h, "192.168.78.5/25"));
	h = find(&l, "br9");
	assert_int_equal(h->naddrs, 1);
	assert_string_equal(h->addrs[0], "10.9.0.1/16");
	assert_string_equal(find(&l, "plant1p")->addrs[0], "172.31.5.5/30");
	assert_string_equal(find(&l, "lo")->addrs[0], "127.0.0.1/8");
	assert_int_equal(find(&l, "plant1")->naddrs, 0);
	assert_int_equal(find(&l, "plant0p")->naddrs, 0);
}

static void test_closed_ops(void **state)
{
	struct host_link_ops ops = { 0 };
	char err[128];

	(void)state;
	nl_links_close(&ops);
	nl_links_close(NULL);
	assert_int_equal(nl_links_open(&ops, err, sizeof(err)), 0);
	nl_links_close(&ops);
	assert_null(ops.list_nics);
	assert_null(ops.ctx);
	nl_links_close(&ops);
}

int main(void)
{
	struct ctx c;
	int failed;

	memset(&c, 0, sizeof(c));
	c.ip = find_ip();
	if (!c.ip)
		snprintf(c.why, sizeof(c.why), "the ip tool (iproute2) is "
			 "not installed");
	{
#define NS_TEST(f) cmocka_unit_test_prestate_setup_teardown(f, setup, \
							   teardown, &c)
		const struct CMUnitTest tests[] = {
			NS_TEST(test_list_matches_ip),
			NS_TEST(test_kinds_and_verdicts),
			NS_TEST(test_addrs_match_ip),
			NS_TEST(test_stale_sysfs_ignored),
			NS_TEST(test_fresh_sysfs),
			cmocka_unit_test(test_closed_ops),
		};
#undef NS_TEST

		failed = cmocka_run_group_tests(tests, NULL, NULL);
	}
	/* The namespaces and their links go away with this process. */
	if (failed == 0 && !c.ok) {
		printf("SKIP: %s\n", c.why);
		return 77;	/* automake: skipped */
	}
	return failed;
}
