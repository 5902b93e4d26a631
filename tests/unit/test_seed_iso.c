/*
 * test_seed_iso.c - the NoCloud seed image (backend/seed_iso.c), read
 * back with the real tools: isoinfo (package genisoimage) for every
 * file's bytes, the Rock Ridge modes and owners, the Joliet names and the
 * volume id; blkid (package util-linux) for LABEL=cidata TYPE=iso9660 as
 * cloud-init finds it.  Byte-identical images across seconds, time zones,
 * users and threads.  Failures that must keep an existing seed and leave
 * no temporary file: a missing directory, a read-only directory, a full
 * disk, a name given twice, a text not rendered.
 *
 * Touches only directories it makes under /tmp.  As root, the read-only
 * and full-disk cases run on a tmpfs in a private mount namespace; not as
 * root, the read-only case uses a 0555 directory and the full-disk case
 * is skipped.  A missing tool fails its test with the package to install.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "backend/seed_iso.h"
#include "core/fileio.h"

#define BIG_LEN (100 * 1024)

struct tdir {
	char path[128];
};

/* --- fixtures --- */

static int rm_one(const char *p, const struct stat *sb, int flag,
		  struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static int setup_dir(void **state)
{
	struct tdir *t = calloc(1, sizeof(*t));

	if (!t)
		return -1;
	strcpy(t->path, "/tmp/edgenet-seed-XXXXXX");
	if (!mkdtemp(t->path)) {
		free(t);
		return -1;
	}
	*state = t;
	return 0;
}

static int teardown_dir(void **state)
{
	struct tdir *t = *state;
	char fs[192];

	/* A tmpfs a failed test left mounted (see own_tmpfs). */
	snprintf(fs, sizeof(fs), "%s/fs", t->path);
	umount2(fs, MNT_DETACH);
	chmod(t->path, 0700);
	nftw(t->path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(t);
	return 0;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s);

	assert_non_null(d);
	return d;
}

/* 100 KiB of lines with every printable ASCII character, tabs and some
 * UTF-8, so a reader that changes bytes shows it. */
static char *big_text(void)
{
	char *s = malloc(BIG_LEN + 1);
	size_t i = 0;
	unsigned line = 0;

	assert_non_null(s);
	while (i < BIG_LEN) {
		char buf[160];
		int n = snprintf(buf, sizeof(buf),
				 "# line %u\t\xc3\xa9t\xc3\xa9 %c%c%c "
				 "~!@#$%%^&*()_+{}|:\"<>?`-=[]\\;',./\n",
				 line, 33 + line % 94, 33 + (line * 7) % 94,
				 33 + (line * 13) % 94);
		size_t k = (size_t)n;

		if (k > BIG_LEN - i)
			k = BIG_LEN - i;
		memcpy(s + i, buf, k);
		i += k;
		line++;
	}
	s[BIG_LEN] = '\0';
	return s;
}

static void add_nd(struct guest_config *g, const char *nic, const char *text)
{
	struct guest_file *f = &g->networkd[g->nnetworkd++];

	snprintf(f->name, sizeof(f->name), "%s%s%s", GUEST_FILE_PREFIX, nic,
		 GUEST_FILE_SUFFIX);
	snprintf(f->nic, sizeof(f->nic), "%s", nic);
	f->text = xstrdup(text);
}

/* Filled by hand (core/guestcfg.c renders the real thing). */
static void cfg_full(struct guest_config *g)
{
	memset(g, 0, sizeof(*g));
	g->meta_data = xstrdup("instance-id: edgenet-3f2a9c\n"
			       "local-hostname: edge01\n");
	g->user_data = big_text();
	g->network_config = xstrdup(
		"version: 2\n"
		"ethernets:\n"
		"  eth0:\n"
		"    match:\n"
		"      macaddress: \"52:54:00:12:34:56\"\n"
		"    set-name: eth0\n"
		"    dhcp4: true\n"
		"    dhcp4-overrides:\n"
		"      route-metric: 100\n"
		"  eth1:\n"
		"    match:\n"
		"      macaddress: \"52:54:00:ab:cd:ef\"\n"
		"    addresses: [192.168.50.10/24]\n"
		"    routes:\n"
		"      - to: 0.0.0.0/0\n"
		"        via: 192.168.50.1\n"
		"        metric: 200\n");
	add_nd(g, "eth0",
	       "[Match]\n"
	       "MACAddress=52:54:00:12:34:56\n"
	       "\n"
	       "[Network]\n"
	       "DHCP=ipv4\n"
	       "\n"
	       "[DHCPv4]\n"
	       "RouteMetric=100\n");
	add_nd(g, "eth1", "");	/* an empty file */
}

/* A small, typical seed. */
static void cfg_small(struct guest_config *g)
{
	memset(g, 0, sizeof(*g));
	g->meta_data = xstrdup("instance-id: edgenet-1\n");
	g->user_data = xstrdup("#cloud-config\n");
	g->network_config = xstrdup("version: 2\n");
	add_nd(g, "eth0", "[Match]\nMACAddress=52:54:00:00:00:01\n");
	add_nd(g, "eth1", "[Match]\nMACAddress=52:54:00:00:00:02\n");
}

static void cfg_free(struct guest_config *g)
{
	size_t i;

	free(g->meta_data);
	free(g->user_data);
	free(g->network_config);
	for (i = 0; i < g->nnetworkd; i++)
		free(g->networkd[i].text);
	memset(g, 0, sizeof(*g));
}

/* --- the real tools --- */

/* The full path of TOOL in $PATH, /usr/sbin or /sbin (blkid lives in
 * /sbin, not always in a user's PATH); fails the test naming PKG. */
static const char *need_tool(const char *tool, const char *pkg)
{
	static char found[4][256];
	static unsigned next;
	const char *env = getenv("PATH");
	char dirs[2048], *save = NULL, *d;
	char *slot = found[next++ % 4];

	snprintf(dirs, sizeof(dirs), "%s:/usr/sbin:/sbin:/usr/bin:/bin",
		 env ? env : "");
	for (d = strtok_r(dirs, ":", &save); d;
	     d = strtok_r(NULL, ":", &save)) {
		snprintf(slot, sizeof(found[0]), "%s/%s", d, tool);
		if (*d && access(slot, X_OK) == 0)
			return slot;
	}
	fail_msg("%s is not installed: install the Debian package %s "
		 "(scripts/install-deps.sh test)", tool, pkg);
	return NULL;
}

/* Runs CMD (printf-style) and returns all it printed; the command must
 * exit 0. */
static char *run(size_t *len, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static char *run(size_t *len, const char *fmt, ...)
{
	char cmd[1024];
	size_t n = 0, cap = 4096;
	char *out = malloc(cap);
	va_list ap;
	FILE *p;
	int st;

	assert_non_null(out);
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	p = popen(cmd, "r");
	assert_non_null(p);
	for (;;) {
		size_t r;

		if (cap - n < 4096) {
			cap *= 2;
			out = realloc(out, cap);
			assert_non_null(out);
		}
		r = fread(out + n, 1, cap - n - 1, p);
		if (r == 0)
			break;
		n += r;
	}
	out[n] = '\0';
	st = pclose(p);
	if (!(WIFEXITED(st) && WEXITSTATUS(st) == 0))
		fail_msg("`%s` failed (status %d)", cmd, st);
	if (len)
		*len = n;
	return out;
}

/* The bytes of IMG_PATH inside ISO, as isoinfo reads them with Rock
 * Ridge. */
static char *iso_extract(const char *iso, const char *img_path, size_t *len)
{
	const char *isoinfo = need_tool("isoinfo", "genisoimage");

	return run(len, "'%s' -R -i '%s' -x '%s' 2>/dev/null", isoinfo, iso,
		   img_path);
}

static void expect_file(const char *iso, const char *img_path,
			const char *want)
{
	size_t len;
	char *got = iso_extract(iso, img_path, &len);

	if (len != strlen(want) || memcmp(got, want, len) != 0)
		fail_msg("%s in %s: %zu bytes read back, %zu written, or "
			 "different bytes", img_path, iso, len, strlen(want));
	free(got);
}

static void *slurp(const char *path, size_t *len)
{
	char err[256];
	char *s = fileio_read_all(path, 1 << 24, len, err, sizeof(err));

	if (!s)
		fail_msg("%s", err);
	return s;
}

static int same_file(const char *a, const char *b)
{
	size_t la, lb;
	char *x = slurp(a, &la), *y = slurp(b, &lb);
	int same = la == lb && memcmp(x, y, la) == 0;

	free(x);
	free(y);
	return same;
}

/* The names in DIR besides . and .., sorted, joined by spaces. */
static void list_dir(const char *dir, char *out, size_t len)
{
	struct dirent **ents;
	int n, i;
	size_t used = 0;

	out[0] = '\0';
	n = scandir(dir, &ents, NULL, alphasort);
	assert_true(n >= 0);
	for (i = 0; i < n; i++) {
		const char *nm = ents[i]->d_name;

		if (strcmp(nm, ".") && strcmp(nm, "..")) {
			int w = snprintf(out + used, len - used, "%s%s",
					 used ? " " : "", nm);

			if (w > 0 && (size_t)w < len - used)
				used += (size_t)w;
		}
		free(ents[i]);
	}
	free(ents);
}

static void write_ok(const struct guest_config *g, const char *path)
{
	char err[512] = "";

	if (seed_iso_write(g, path, err, sizeof(err)) != 0)
		fail_msg("seed_iso_write(%s): %s", path, err);
}

/* --- tests --- */

static void test_contents(void **state)
{
	struct tdir *t = *state;
	struct guest_config g;
	char iso[256], ls[512];
	struct stat sb;
	char path[GUEST_FILE_NAME_MAX + 16];
	size_t i;

	cfg_full(&g);
	assert_int_equal(strlen(g.user_data), BIG_LEN);
	snprintf(iso, sizeof(iso), "%s/seed.iso", t->path);
	write_ok(&g, iso);

	expect_file(iso, "/meta-data", g.meta_data);
	expect_file(iso, "/user-data", g.user_data);
	expect_file(iso, "/network-config", g.network_config);
	for (i = 0; i < g.nnetworkd; i++) {
		snprintf(path, sizeof(path), "/%s/%s", GUEST_SEED_NETWORKD_DIR,
			 g.networkd[i].name);
		expect_file(iso, path, g.networkd[i].text);
	}
	/* The seed itself: readable by the hypervisor, nothing else left. */
	assert_int_equal(stat(iso, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, SEED_ISO_FILE_MODE);
	assert_int_equal(sb.st_size % 2048, 0);
	list_dir(t->path, ls, sizeof(ls));
	assert_string_equal(ls, "seed.iso");

	/* Written again over itself with other content. */
	free(g.meta_data);
	g.meta_data = xstrdup("instance-id: edgenet-other\n");
	write_ok(&g, iso);
	expect_file(iso, "/meta-data", g.meta_data);
	list_dir(t->path, ls, sizeof(ls));
	assert_string_equal(ls, "seed.iso");
	cfg_free(&g);
}

static void test_label(void **state)
{
	struct tdir *t = *state;
	const char *blkid = need_tool("blkid", "util-linux");
	const char *isoinfo = need_tool("isoinfo", "genisoimage");
	struct guest_config g;
	char iso[256];
	char *out;

	cfg_small(&g);
	snprintf(iso, sizeof(iso), "%s/seed.iso", t->path);
	write_ok(&g, iso);
	cfg_free(&g);

	/* As cloud-init finds its NoCloud seed. */
	out = run(NULL, "'%s' -p -o export '%s'", blkid, iso);
	if (!strstr(out, "\nLABEL=" GUEST_SEED_LABEL "\n") &&
	    strncmp(out, "LABEL=" GUEST_SEED_LABEL "\n", 13) != 0)
		fail_msg("blkid says:\n%s", out);
	assert_non_null(strstr(out, "TYPE=iso9660\n"));
	free(out);

	/* The primary descriptor's volume id, lower case. */
	out = run(NULL, "'%s' -d -i '%s'", isoinfo, iso);
	if (!strstr(out, "Volume id: " GUEST_SEED_LABEL "\n"))
		fail_msg("isoinfo -d says:\n%s", out);
	assert_non_null(strstr(out, "Rock Ridge signatures version"));
	assert_non_null(strstr(out, "Joliet"));
	free(out);
}

/* Finds NAME's line in the listing of DIR in isoinfo -l output and
 * checks its mode text and owners.  isoinfo prints "." and ".." with no
 * name: "." is the first line of a listing. */
static void expect_entry(const char *listing, const char *dir,
			 const char *name, const char *mode)
{
	char head[128];
	const char *p, *end, *line;

	snprintf(head, sizeof(head), "Directory listing of %s\n", dir);
	p = strstr(listing, head);
	if (!p)
		fail_msg("no listing of %s in:\n%s", dir, listing);
	p += strlen(head);
	end = strstr(p, "Directory listing of ");
	if (!end)
		end = p + strlen(p);
	for (line = p; line < end;) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);
		char buf[256], m[16], nm[128];
		unsigned links, uid, gid;

		snprintf(buf, sizeof(buf), "%.*s", (int)n, line);
		/* "-rw-r--r--  1  0  0  size Mon dd yyyy [lba 00]  name" */
		if (sscanf(buf, "%15s %u %u %u", m, &links, &uid, &gid) == 4) {
			const char *br = strrchr(buf, ']');

			if (br && sscanf(br + 1, " %127s", nm) != 1)
				nm[0] = '\0';
			if (br && (strcmp(nm, name) == 0 ||
				   (line == p && strcmp(name, ".") == 0))) {
				assert_string_equal(m, mode);
				assert_int_equal(uid, 0);
				assert_int_equal(gid, 0);
				return;
			}
		}
		line += n + (nl ? 1 : 0);
	}
	fail_msg("%s not in the listing of %s:\n%s", name, dir, listing);
}

static void test_modes(void **state)
{
	struct tdir *t = *state;
	const char *isoinfo = need_tool("isoinfo", "genisoimage");
	struct guest_config g;
	char iso[256], dir[64];
	char *out;

	cfg_full(&g);
	snprintf(iso, sizeof(iso), "%s/seed.iso", t->path);
	write_ok(&g, iso);

	out = run(NULL, "'%s' -R -l -i '%s'", isoinfo, iso);
	expect_entry(out, "/", ".", "drwxr-xr-x");
	expect_entry(out, "/", "meta-data", "-rw-r--r--");
	expect_entry(out, "/", "user-data", "-rw-r--r--");
	expect_entry(out, "/", "network-config", "-rw-r--r--");
	expect_entry(out, "/", GUEST_SEED_NETWORKD_DIR, "drwxr-xr-x");
	snprintf(dir, sizeof(dir), "/%s/", GUEST_SEED_NETWORKD_DIR);
	expect_entry(out, dir, g.networkd[0].name, "-rw-r--r--");
	expect_entry(out, dir, g.networkd[1].name, "-rw-r--r--");
	/* The fixed instant, not today. */
	assert_non_null(strstr(out, "Jan  1 2000"));
	free(out);

	/* Joliet keeps the names as they are, for Windows-ish readers. */
	out = run(NULL, "'%s' -J -f -i '%s'", isoinfo, iso);
	assert_non_null(strstr(out, "/meta-data\n"));
	assert_non_null(strstr(out, "/network-config\n"));
	assert_non_null(strstr(out, g.networkd[0].name));
	free(out);
	cfg_free(&g);
}

static void test_deterministic(void **state)
{
	struct tdir *t = *state;
	struct guest_config g;
	char a[256], b[256], c[256], d[256], *tz;
	struct timespec pause = { 1, 100 * 1000 * 1000 };

	cfg_full(&g);
	snprintf(a, sizeof(a), "%s/a.iso", t->path);
	snprintf(b, sizeof(b), "%s/b.iso", t->path);
	snprintf(c, sizeof(c), "%s/c.iso", t->path);
	snprintf(d, sizeof(d), "%s/d.iso", t->path);
	write_ok(&g, a);

	/* Another second, another time zone (a half-hour one, west). */
	nanosleep(&pause, NULL);
	tz = getenv("TZ") ? xstrdup(getenv("TZ")) : NULL;
	setenv("TZ", "XST+03:30", 1);
	tzset();
	write_ok(&g, b);
	if (tz)
		setenv("TZ", tz, 1);
	else
		unsetenv("TZ");
	tzset();
	free(tz);
	if (!same_file(a, b))
		fail_msg("two writes of the same config differ: cmp %s %s",
			 a, b);

	/* Another user (as root: nobody, in a child). */
	if (geteuid() == 0) {
		pid_t pid;
		int st;

		assert_int_equal(chmod(t->path, 0777), 0);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			char err[512];

			if (setgid(65534) < 0 || setuid(65534) < 0)
				_exit(2);
			_exit(seed_iso_write(&g, c, err, sizeof(err)) ? 1 : 0);
		}
		assert_int_equal(waitpid(pid, &st, 0), pid);
		assert_true(WIFEXITED(st));
		assert_int_equal(WEXITSTATUS(st), 0);
		if (!same_file(a, c))
			fail_msg("a write by another user differs: cmp %s %s",
				 a, c);
		assert_int_equal(chmod(t->path, 0700), 0);
	} else {
		print_message("not root: the other-user case is not run\n");
	}

	/* A different config does give a different image. */
	free(g.networkd[1].text);
	g.networkd[1].text = xstrdup("#\n");
	write_ok(&g, d);
	assert_false(same_file(a, d));
	cfg_free(&g);
}

struct par {
	const struct guest_config *g;
	char path[256];
	int rc;
};

static void *par_write(void *arg)
{
	struct par *p = arg;
	char err[512];
	int i;

	p->rc = 0;
	for (i = 0; i < 5 && p->rc == 0; i++)
		p->rc = seed_iso_write(p->g, p->path, err, sizeof(err));
	return NULL;
}

/* Many writes, some at the same time from several threads: libisofs is
 * started once and every image is the same. */
static void test_repeated_and_threads(void **state)
{
	struct tdir *t = *state;
	struct guest_config g;
	struct par par[4];
	pthread_t th[4];
	char ref[256];
	struct timespec t0, t1;
	struct stat sb;
	double ms;
	int i, n = 20;

	cfg_small(&g);
	snprintf(ref, sizeof(ref), "%s/ref.iso", t->path);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++)
		write_ok(&g, ref);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = ((double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	      (double)(t1.tv_nsec - t0.tv_nsec) / 1e6) / n;
	assert_int_equal(stat(ref, &sb), 0);
	print_message("a typical seed (2 NICs): %lld bytes, %.2f ms a write "
		      "(fsyncs included)\n", (long long)sb.st_size, ms);

	for (i = 0; i < 4; i++) {
		par[i].g = &g;
		snprintf(par[i].path, sizeof(par[i].path), "%s/t%d.iso",
			 t->path, i);
		assert_int_equal(pthread_create(&th[i], NULL, par_write,
						&par[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		assert_int_equal(par[i].rc, 0);
		assert_true(same_file(ref, par[i].path));
	}
	cfg_free(&g);
}

static void test_missing_dir(void **state)
{
	struct tdir *t = *state;
	struct guest_config g;
	char iso[256], err[512], ls[512];

	cfg_small(&g);
	snprintf(iso, sizeof(iso), "%s/nope/seed.iso", t->path);
	assert_int_equal(seed_iso_write(&g, iso, err, sizeof(err)), -1);
	if (!strstr(err, iso) || !strstr(err, strerror(ENOENT)))
		fail_msg("unexpected message: %s", err);
	list_dir(t->path, ls, sizeof(ls));
	assert_string_equal(ls, "");

	/* A plain file where the directory should be. */
	snprintf(iso, sizeof(iso), "%s/file", t->path);
	write_ok(&g, iso);
	snprintf(iso, sizeof(iso), "%s/file/seed.iso", t->path);
	assert_int_equal(seed_iso_write(&g, iso, err, sizeof(err)), -1);
	assert_non_null(strstr(err, iso));
	list_dir(t->path, ls, sizeof(ls));
	assert_string_equal(ls, "file");

	assert_int_equal(seed_iso_write(&g, "", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "without a file name"));
	cfg_free(&g);
}

/* Config mistakes are found before the file system is touched. */
static void test_bad_config_keeps_seed(void **state)
{
	struct tdir *t = *state;
	struct guest_config g;
	char iso[256], keep[256], err[512], ls[512];
	char *saved;

	cfg_small(&g);
	snprintf(iso, sizeof(iso), "%s/seed.iso", t->path);
	snprintf(keep, sizeof(keep), "%s/keep", t->path);
	write_ok(&g, iso);
	write_ok(&g, keep);	/* a copy to compare with */

	/* The same networkd file twice (a real libisofs refusal). */
	snprintf(g.networkd[1].name, sizeof(g.networkd[1].name), "%s",
		 g.networkd[0].name);
	assert_int_equal(seed_iso_write(&g, iso, err, sizeof(err)), -1);
	if (!strstr(err, iso) || !strstr(err, g.networkd[0].name) ||
	    !strstr(err, "twice"))
		fail_msg("unexpected message: %s", err);
	assert_true(same_file(iso, keep));

	/* A name that cannot be a file name. */
	snprintf(g.networkd[1].name, sizeof(g.networkd[1].name), "a/b");
	assert_int_equal(seed_iso_write(&g, iso, err, sizeof(err)), -1);
	if (!strstr(err, iso) || !strstr(err, "\"a/b\""))
		fail_msg("unexpected message: %s", err);
	snprintf(g.networkd[1].name, sizeof(g.networkd[1].name), "%s", "");
	assert_int_equal(seed_iso_write(&g, iso, err, sizeof(err)), -1);
	assert_non_null(strstr(err, iso));
	snprintf(g.networkd[1].name, sizeof(g.networkd[1].name), "x.network");

	/* A text that was never rendered. */
	saved = g.user_data;
	g.user_data = NULL;
	assert_int_equal(seed_iso_write(&g, iso, err, sizeof(err)), -1);
	if (!strstr(err, iso) || !strstr(err, "user-data"))
		fail_msg("unexpected message: %s", err);
	g.user_data = saved;

	assert_true(same_file(iso, keep));
	list_dir(t->path, ls, sizeof(ls));
	assert_string_equal(ls, "keep seed.iso");
	cfg_free(&g);
}

/* A small tmpfs of its own in a private mount namespace (root only), on
 * TOP/fs. */
static int own_tmpfs(const char *top, char *dir, size_t dirlen,
		     const char *size, char *why, size_t len)
{
	char opts[32];

	if (geteuid() != 0) {
		snprintf(why, len, "not root: cannot mount a tmpfs");
		return -1;
	}
	if (unshare(CLONE_NEWNS) < 0) {
		snprintf(why, len, "unshare(CLONE_NEWNS): %s", strerror(errno));
		return -1;
	}
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
		snprintf(why, len, "making / private: %s", strerror(errno));
		return -1;
	}
	snprintf(dir, dirlen, "%s/fs", top);
	if (mkdir(dir, 0700) < 0) {
		snprintf(why, len, "mkdir %s: %s", dir, strerror(errno));
		return -1;
	}
	snprintf(opts, sizeof(opts), "size=%s", size);
	if (mount("tmpfs", dir, "tmpfs", 0, opts) < 0) {
		snprintf(why, len, "mounting tmpfs: %s", strerror(errno));
		rmdir(dir);
		return -1;
	}
	return 0;
}

static void drop_tmpfs(const char *dir)
{
	assert_int_equal(umount(dir), 0);
	rmdir(dir);
}

static void test_read_only_dir(void **state)
{
	struct tdir *t = *state;
	struct guest_config g;
	char dir[192], why[256], iso[256], keep[256], err[512], ls[512];
	int mounted = 0;

	cfg_small(&g);
	snprintf(keep, sizeof(keep), "%s/keep", t->path);
	write_ok(&g, keep);
	if (own_tmpfs(t->path, dir, sizeof(dir), "1m", why,
		      sizeof(why)) == 0) {
		mounted = 1;
	} else {
		/* Not root: a directory without write permission. */
		snprintf(dir, sizeof(dir), "%s/ro", t->path);
		assert_int_equal(mkdir(dir, 0755), 0);
	}
	snprintf(iso, sizeof(iso), "%s/seed.iso", dir);
	write_ok(&g, iso);
	if (mounted)
		assert_int_equal(mount(NULL, dir, NULL,
				       MS_REMOUNT | MS_RDONLY, NULL), 0);
	else
		assert_int_equal(chmod(dir, 0555), 0);

	free(g.meta_data);
	g.meta_data = xstrdup("instance-id: changed\n");
	assert_int_equal(seed_iso_write(&g, iso, err, sizeof(err)), -1);
	if (!strstr(err, iso) ||
	    !strstr(err, strerror(mounted ? EROFS : EACCES)))
		fail_msg("unexpected message: %s", err);
	assert_true(same_file(iso, keep));
	list_dir(dir, ls, sizeof(ls));
	assert_string_equal(ls, "seed.iso");
	if (mounted)
		drop_tmpfs(dir);
	else
		chmod(dir, 0755);
	cfg_free(&g);
}

/* Fills the file system holding DIR. */
static void fill_fs(const char *dir)
{
	char path[256], block[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/filler", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	memset(block, 'f', sizeof(block));
	while (write(fd, block, sizeof(block)) > 0)
		;
	while (write(fd, block, 1) > 0)
		;
	assert_int_equal(errno, ENOSPC);
	close(fd);
}

/* The disk fills up in the middle of the temporary file. */
static void test_full_disk(void **state)
{
	struct tdir *t = *state;
	struct guest_config small, big;
	char dir[192], why[256], iso[256], keep[256], err[512], ls[512];

	if (own_tmpfs(t->path, dir, sizeof(dir), "1m", why,
		      sizeof(why)) < 0) {
		print_message("skipping the full-disk test: %s\n", why);
		skip();
	}
	cfg_small(&small);
	cfg_full(&big);
	snprintf(keep, sizeof(keep), "%s/keep", t->path);
	snprintf(iso, sizeof(iso), "%s/seed.iso", dir);
	write_ok(&small, keep);
	write_ok(&small, iso);
	fill_fs(dir);
	assert_int_equal(seed_iso_write(&big, iso, err, sizeof(err)), -1);
	if (!strstr(err, iso) || !strstr(err, strerror(ENOSPC)))
		fail_msg("unexpected message: %s", err);
	assert_true(same_file(iso, keep));
	list_dir(dir, ls, sizeof(ls));
	assert_string_equal(ls, "filler seed.iso");
	drop_tmpfs(dir);
	cfg_free(&small);
	cfg_free(&big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_contents, setup_dir,
						teardown_dir),
		cmocka_unit_test_setup_teardown(test_label, setup_dir,
						teardown_dir),
		cmocka_unit_test_setup_teardown(test_modes, setup_dir,
						teardown_dir),
		cmocka_unit_test_setup_teardown(test_deterministic, setup_dir,
						teardown_dir),
		cmocka_unit_test_setup_teardown(test_repeated_and_threads,
						setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_missing_dir, setup_dir,
						teardown_dir),
		cmocka_unit_test_setup_teardown(test_bad_config_keeps_seed,
						setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_read_only_dir, setup_dir,
						teardown_dir),
		cmocka_unit_test_setup_teardown(test_full_disk, setup_dir,
						teardown_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
