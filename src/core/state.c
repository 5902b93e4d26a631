/*
 * state.c - the state directory and the MACs kept in it.
 *
 * DIR/macs.cfg (libconfig) holds one entry per NIC of each domain:
 *
 *   macs = ( { vm = "edge-vm"; nic = "eth0"; mac = "52:54:00:12:34:56"; } );
 *
 * A MAC is generated once (unique among all stored MACs), written
 * atomically before it is handed out, and returned unchanged ever after.
 * A damaged macs.cfg is reported with its line and never overwritten:
 * it holds addresses that DHCP reservations depend on.  Files are read
 * through cfgtext.h (regular files only, no include directives).
 *
 * state_last_applied only reads: the time and the VM of DIR/applied.cfg,
 * which apply_txn writes when an apply is kept.  Changes are made
 * under an flock on DIR/macs.lock so that two runs cannot lose each
 * other's MACs.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libconfig.h>

#include "cfgtext.h"
#include "cfgutil.h"
#include "fileio.h"
#include "journal.h"
#include "state.h"
#include "diag.h"
#include "str.h"

#define STATE_MAX_SIZE (1024 * 1024)
#define STATE_NAME_MAX 256
#define STATE_LOCK_FILE "macs.lock"

struct mac_entry {
	char vm[STATE_NAME_MAX];
	char nic[STATE_NAME_MAX];
	struct mac mac;
	int line;
};

struct mac_table {
	struct mac_entry *items;
	size_t count, cap;
};

/* mkdir -p with mode 0755. */
static int make_dirs(const char *dir)
{
	char buf[sizeof(((struct state *)0)->dir)];
	size_t n = strlen(dir);

	if (n >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, dir, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			return -1;
		if (i < n)
			buf[i] = '/';
	}
	return 0;
}

const char *state_dir_path(const char *dir)
{
	return dir && *dir ? dir : STATE_DEFAULT_DIR;
}

int state_locate(struct state *st, const char *dir, char *err,
		 size_t errlen)
{
	dir = state_dir_path(dir);
	if (strlen(dir) >= sizeof(st->dir)) {
		errf(err, errlen, "the state directory name is too long");
		return -1;
	}
	str_copy(st->dir, sizeof(st->dir), dir);
	return 0;
}

int state_open(struct state *st, const char *dir, char *err, size_t errlen)
{
	struct stat sb;

	if (state_locate(st, dir, err, errlen) < 0)
		return -1;
	dir = st->dir;
	if (make_dirs(dir) < 0) {
		errf(err, errlen, "cannot create the state directory %s: %s",
		     dir, strerror(errno));
		return -1;
	}
	if (stat(dir, &sb) < 0) {
		errf(err, errlen, "cannot use the state directory %s: %s", dir,
		     strerror(errno));
		return -1;
	}
	if (!S_ISDIR(sb.st_mode)) {
		errf(err, errlen, "the state directory %s is not a directory; "
		     "move that file away or choose another directory", dir);
		return -1;
	}
	if (access(dir, W_OK | X_OK) < 0) {
		errf(err, errlen, "cannot write to the state directory %s: %s",
		     dir, strerror(errno));
		return -1;
	}
	return 0;
}

static int file_path(const struct state *st, const char *name, char *buf,
		     size_t len)
{
	int r = snprintf(buf, len, "%s/%s", st->dir, name);

	return r < 0 || (size_t)r >= len ? -1 : 0;
}

static int table_add(struct mac_table *t, const char *vm, const char *nic,
		     const struct mac *m, int line)
{
	struct mac_entry *e;

	if (t->count == t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 16;
		struct mac_entry *n = realloc(t->items, ncap * sizeof(*n));

		if (!n)
			return -1;
		t->items = n;
		t->cap = ncap;
	}
	e = &t->items[t->count++];
	str_copy(e->vm, sizeof(e->vm), vm);
	str_copy(e->nic, sizeof(e->nic), nic);
	e->mac = *m;
	e->line = line;
	return 0;
}

static const struct mac_entry *table_find(const struct mac_table *t,
					  const char *vm, const char *nic)
{
	for (size_t i = 0; i < t->count; i++)
		if (strcmp(t->items[i].vm, vm) == 0 &&
		    strcmp(t->items[i].nic, nic) == 0)
			return &t->items[i];
	return NULL;
}

/* Text member NAME of entry G; NULL with a message when missing/wrong. */
static const char *entry_string(const config_setting_t *g, const char *name,
				const char *file, char *err, size_t errlen)
{
	const config_setting_t *s = config_setting_get_member(g, name);
	const char *v;

	if (!s) {
		errf(err, errlen, "%s:%u: an entry has no '%s'", file,
		     config_setting_source_line(g), name);
		return NULL;
	}
	if (config_setting_type(s) != CONFIG_TYPE_STRING) {
		errf(err, errlen, "%s:%u: '%s' must be text in double quotes",
		     file, config_setting_source_line(s), name);
		return NULL;
	}
	v = config_setting_get_string(s);
	if (!v[0] || strlen(v) >= STATE_NAME_MAX) {
		errf(err, errlen, "%s:%u: '%s' is empty or too long", file,
		     config_setting_source_line(s), name);
		return NULL;
	}
	return v;
}

#define CORRUPT_HINT "; fix or remove the file (edgenet leaves it as it is)"

static int parse_table(const config_t *cfg, const char *file,
		       struct mac_table *t, char *err, size_t errlen)
{
	const config_setting_t *root = config_root_setting(cfg);
	const config_setting_t *l;
	int n;

	for (int i = 0; i < config_setting_length(root); i++) {
		const config_setting_t *s = config_setting_get_elem(root, (unsigned)i);

		if (strcmp(config_setting_name(s), "macs") != 0) {
			errf(err, errlen, "%s:%u: unknown key '%s'" CORRUPT_HINT,
			     file, config_setting_source_line(s),
			     config_setting_name(s));
			return -1;
		}
	}
	l = config_setting_get_member(root, "macs");
	if (!l)
		return 0;
	if (!config_setting_is_list(l) &&
	    !(config_setting_is_array(l) && config_setting_length(l) == 0)) {
		errf(err, errlen, "%s:%u: 'macs' must be a list of groups in ( )"
		     CORRUPT_HINT, file, config_setting_source_line(l));
		return -1;
	}
	n = config_setting_length(l);
	for (int i = 0; i < n; i++) {
		const config_setting_t *g = config_setting_get_elem(l, (unsigned)i);
		const char *vm, *nic, *ms;
		const struct mac_entry *dup;
		struct mac m;
		int line = (int)config_setting_source_line(g);

		if (!config_setting_is_group(g)) {
			errf(err, errlen, "%s:%d: each entry must be a group in { }"
			     CORRUPT_HINT, file, line);
			return -1;
		}
		for (int k = 0; k < config_setting_length(g); k++) {
			const config_setting_t *x = config_setting_get_elem(g, (unsigned)k);
			const char *name = config_setting_name(x);

			if (strcmp(name, "vm") && strcmp(name, "nic") &&
			    strcmp(name, "mac")) {
				errf(err, errlen, "%s:%u: unknown key '%s' in an entry"
				     CORRUPT_HINT, file,
				     config_setting_source_line(x), name);
				return -1;
			}
		}
		vm = entry_string(g, "vm", file, err, errlen);
		nic = vm ? entry_string(g, "nic", file, err, errlen) : NULL;
		ms = nic ? entry_string(g, "mac", file, err, errlen) : NULL;
		if (!ms)
			return -1;
		if (mac_parse(ms, &m) != MAC_OK || mac_is_multicast(&m) ||
		    mac_is_zero(&m)) {
			errf(err, errlen, "%s:%u: '%s' is not a unicast MAC address"
			     CORRUPT_HINT, file,
			     config_setting_source_line(config_setting_get_member(g, "mac")),
			     ms);
			return -1;
		}
		dup = table_find(t, vm, nic);
		if (dup) {
			errf(err, errlen, "%s:%d: NIC %s of %s is stored twice (also line %d)"
			     CORRUPT_HINT, file, line, nic, vm, dup->line);
			return -1;
		}
		for (size_t k = 0; k < t->count; k++) {
			if (mac_equal(&t->items[k].mac, &m)) {
				errf(err, errlen, "%s:%d: MAC %s is stored twice (also line %d)"
				     CORRUPT_HINT, file, line, ms,
				     t->items[k].line);
				return -1;
			}
		}
		if (table_add(t, vm, nic, &m, line) < 0) {
			errf(err, errlen, "%s: %s", file, strerror(ENOMEM));
			return -1;
		}
	}
	return 0;
}

/* Loads DIR/macs.cfg into T; a missing file is an empty table. */
static int load_table(const struct state *st, struct mac_table *t, char *err,
		      size_t errlen)
{
	char path[sizeof(st->dir) + 16];
	struct cfgtext_error cerr;
	enum cfgtext_status cs;
	struct stat sb;
	config_t cfg;
	int r;

	t->items = NULL;
	t->count = t->cap = 0;
	if (file_path(st, STATE_MACS_FILE, path, sizeof(path)) < 0) {
		errf(err, errlen, "the state directory name is too long");
		return -1;
	}
	if (lstat(path, &sb) < 0 && errno == ENOENT)
		return 0;
	cs = cfgtext_read_file(&cfg, path, STATE_MAX_SIZE, &cerr);
	if (cs == CFGTEXT_IO) {
		config_destroy(&cfg);
		errf(err, errlen, "%s", cerr.msg);
		return -1;
	}
	if (cs != CFGTEXT_OK) {
		config_destroy(&cfg);
		errf(err, errlen, "%s:%d: %s" CORRUPT_HINT, path, cerr.line,
		     cerr.msg);
		return -1;
	}
	r = parse_table(&cfg, path, t, err, errlen);
	config_destroy(&cfg);
	if (r < 0) {
		free(t->items);
		t->items = NULL;
		t->count = t->cap = 0;
	}
	return r;
}

static int save_table(const struct state *st, const struct mac_table *t,
		      char *err, size_t errlen)
{
	char path[sizeof(st->dir) + 16];
	config_setting_t *l;
	char *buf = NULL;
	config_t cfg;
	int r = 0;

	if (file_path(st, STATE_MACS_FILE, path, sizeof(path)) < 0) {
		errf(err, errlen, "the state directory name is too long");
		return -1;
	}
	config_init(&cfg);
	config_set_options(&cfg, CONFIG_OPTION_SEMICOLON_SEPARATORS);
	l = config_setting_add(config_root_setting(&cfg), "macs",
			       CONFIG_TYPE_LIST);
	for (size_t i = 0; l && i < t->count; i++) {
		config_setting_t *g = config_setting_add(l, NULL,
							 CONFIG_TYPE_GROUP);
		char mb[MAC_STRLEN];

		if (!g) {
			r = -1;
			break;
		}
		r |= cfgutil_put_str(g, "vm", t->items[i].vm);
		r |= cfgutil_put_str(g, "nic", t->items[i].nic);
		r |= cfgutil_put_str(g, "mac",
				     mac_format(&t->items[i].mac, mb));
	}
	if (l && r == 0)
		buf = cfgutil_format(&cfg, "# edgenet state: the MAC generated "
				     "for each VM NIC, kept so that\n# DHCP "
				     "reservations keep working.  Written by "
				     "edgenet.\n");
	config_destroy(&cfg);
	if (!buf) {
		errf(err, errlen, "cannot write %s: %s", path, strerror(ENOMEM));
		return -1;
	}
	r = fileio_write_atomic(path, buf, strlen(buf), 0644, err, errlen);
	free(buf);
	return r;
}

/* Takes the state lock; returns its descriptor or -1. */
static int lock_state(const struct state *st, char *err, size_t errlen)
{
	char path[sizeof(st->dir) + 16];
	int fd;

	if (file_path(st, STATE_LOCK_FILE, path, sizeof(path)) < 0) {
		errf(err, errlen, "the state directory name is too long");
		return -1;
	}
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0) {
		errf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	while (flock(fd, LOCK_EX) < 0) {
		if (errno == EINTR)
			continue;
		errf(err, errlen, "cannot lock %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static int check_names(const char *domain, const char *nic, char *err,
		       size_t errlen)
{
	if (!domain || !*domain || strlen(domain) >= STATE_NAME_MAX) {
		errf(err, errlen, "a VM name is needed to keep its MACs");
		return -1;
	}
	if (!nic || !*nic || strlen(nic) >= STATE_NAME_MAX) {
		errf(err, errlen, "a NIC name is needed to keep its MAC");
		return -1;
	}
	return 0;
}

int state_nic_mac(struct state *st, const char *domain, const char *nic,
		  struct mac *out, bool *generated, char *err, size_t errlen)
{
	struct mac_table t;
	const struct mac_entry *e;
	struct mac *avoid = NULL;
	struct mac m;
	int lock, r = -1;

	if (generated)
		*generated = false;
	if (check_names(domain, nic, err, errlen) < 0)
		return -1;
	lock = lock_state(st, err, errlen);
	if (lock < 0)
		return -1;
	if (load_table(st, &t, err, errlen) < 0)
		goto out;
	e = table_find(&t, domain, nic);
	if (e) {
		*out = e->mac;
		r = 0;
		goto out;
	}
	if (t.count) {
		avoid = calloc(t.count, sizeof(*avoid));
		if (!avoid) {
			errf(err, errlen, "%s", strerror(ENOMEM));
			goto out;
		}
		for (size_t i = 0; i < t.count; i++)
			avoid[i] = t.items[i].mac;
	}
	if (mac_generate(&m, avoid, (unsigned)t.count, NULL, NULL) < 0) {
		errf(err, errlen, "cannot generate a MAC for %s of %s: no random "
		     "numbers from the system", nic, domain);
		goto out;
	}
	if (table_add(&t, domain, nic, &m, 0) < 0) {
		errf(err, errlen, "%s", strerror(ENOMEM));
		goto out;
	}
	if (save_table(st, &t, err, errlen) < 0)
		goto out;
	*out = m;
	if (generated)
		*generated = true;
	r = 0;
out:
	free(avoid);
	free(t.items);
	close(lock);
	return r;
}

int state_lookup_mac(const struct state *st, const char *domain,
		     const char *nic, struct mac *out, char *err,
		     size_t errlen)
{
	struct mac_table t;
	const struct mac_entry *e;
	int r;

	if (check_names(domain, nic, err, errlen) < 0)
		return -1;
	if (load_table(st, &t, err, errlen) < 0)
		return -1;
	e = table_find(&t, domain, nic);
	r = e ? 1 : 0;
	if (e)
		*out = e->mac;
	free(t.items);
	return r;
}

int state_last_applied(const struct state *st, time_t *when, char *vm,
		       size_t vmlen, char *err, size_t errlen)
{
	char path[sizeof(st->dir) + 32];
	struct cfgtext_error cerr;
	struct stat sb;
	config_t cfg;
	const char *v = NULL;

	if (vmlen)
		vm[0] = '\0';
	if (file_path(st, JOURNAL_APPLIED_FILE, path, sizeof(path)) < 0) {
		errf(err, errlen, "the state directory name is too long");
		return -1;
	}
	if (stat(path, &sb) < 0) {
		if (errno == ENOENT)
			return 0;
		errf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	*when = sb.st_mtime;
	if (sb.st_size > STATE_MAX_SIZE)
		return 1;
	if (cfgtext_read_file(&cfg, path, STATE_MAX_SIZE, &cerr) ==
	    CFGTEXT_OK &&
	    config_lookup_string(&cfg, "vm", &v) == CONFIG_TRUE && vmlen)
		str_copy(vm, vmlen, v);
	config_destroy(&cfg);
	return 1;
}
