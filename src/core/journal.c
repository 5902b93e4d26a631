/*
 * journal.c - the apply journal as a libconfig file (see journal.h).
 * Writes only through fileio_write_atomic; reads through cfgtext.h
 * (a regular file, no include directives, exact integers) with bounds on
 * every field.  Pure C: libconfig and files in the state directory.
 */
#include <errno.h>
#include <fcntl.h>
#include <libconfig.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/cfgtext.h"
#include "core/cfgutil.h"
#include "core/fileio.h"
#include "core/journal.h"
#include "diag.h"
#include "core/str.h"

#define JOURNAL_MAX_SIZE (16u << 20)

static const char *const phase_names[APPLY_PHASE_COUNT] = {
	"applying", "verifying", "confirming", "rolling-back", "failed",
	"committed", "rolled-back",
};

static const char *const state_names[APPLY_STATE_COUNT] = {
	"pending", "doing", "done", "failed", "undoing", "undone",
	"undo-failed",
};

const char *journal_phase_name(enum apply_phase p)
{
	return p >= 0 && p < APPLY_PHASE_COUNT ? phase_names[p] : "unknown";
}

const char *journal_state_name(enum apply_state s)
{
	return s >= 0 && s < APPLY_STATE_COUNT ? state_names[s] : "unknown";
}

int journal_path(const char *dir, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%s/%s", dir, JOURNAL_FILE);

	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/* ---- writing ---- */

static int put_link(config_setting_t *g, const struct apply_link *l)
{
	config_setting_t *lg, *a, *r, *e;
	size_t i;
	int rc = 0;

	lg = config_setting_add(g, "link", CONFIG_TYPE_GROUP);
	if (!lg)
		return -1;
	rc |= cfgutil_put_str(lg, "uplink", l->uplink);
	rc |= cfgutil_put_str(lg, "bridge", l->bridge);
	rc |= cfgutil_put_bool(lg, "uplink_exists", l->uplink_exists);
	rc |= cfgutil_put_bool(lg, "uplink_wireless", l->uplink_wireless);
	rc |= cfgutil_put_str(lg, "uplink_master", l->uplink_master);
	rc |= cfgutil_put_bool(lg, "bridge_exists", l->bridge_exists);
	rc |= cfgutil_put_bool(lg, "bridge_is_bridge", l->bridge_is_bridge);
	a = config_setting_add(lg, "addrs", CONFIG_TYPE_ARRAY);
	if (!a)
		return -1;
	for (i = 0; i < l->naddrs; i++)
		if (!config_setting_set_string_elem(a, -1, l->addrs[i]))
			return -1;
	r = config_setting_add(lg, "routes", CONFIG_TYPE_LIST);
	if (!r)
		return -1;
	for (i = 0; i < l->nroutes; i++) {
		e = config_setting_add(r, NULL, CONFIG_TYPE_GROUP);
		if (!e)
			return -1;
		rc |= cfgutil_put_str(e, "gateway", l->routes[i].gateway);
		rc |= cfgutil_put_int64(e, "metric", l->routes[i].metric);
	}
	return rc;
}

/* Guest files as a list of { name; text; } groups. */
static int put_gfiles(config_setting_t *g, const char *name,
		      const struct apply_gfiles *f)
{
	config_setting_t *l = config_setting_add(g, name, CONFIG_TYPE_LIST);
	int rc = 0;

	if (!l)
		return -1;
	for (size_t i = 0; i < f->n; i++) {
		config_setting_t *e = config_setting_add(l, NULL,
							 CONFIG_TYPE_GROUP);

		if (!e)
			return -1;
		rc |= cfgutil_put_str(e, "name", f->f[i].name);
		rc |= cfgutil_put_str(e, "text", f->f[i].text);
	}
	return rc;
}

static int put_step(config_setting_t *list, const struct apply_step *s,
		    const struct apply_run *run)
{
	config_setting_t *g = config_setting_add(list, NULL, CONFIG_TYPE_GROUP);
	int rc = 0;

	if (!g)
		return -1;
	rc |= cfgutil_put_str(g, "kind", apply_kind_name(s->kind));
	rc |= cfgutil_put_str(g, "object", s->object);
	rc |= cfgutil_put_str(g, "state", journal_state_name(run->state));
	rc |= cfgutil_put_str(g, "text", s->text);
	rc |= cfgutil_put_str(g, "undo_text", s->undo_text);
	rc |= cfgutil_put_str(g, "before", s->before);
	rc |= cfgutil_put_str(g, "after", s->after);
	rc |= cfgutil_put_bool(g, "was_active", s->was_active);
	rc |= cfgutil_put_bool(g, "was_autostart", s->was_autostart);
	rc |= cfgutil_put_str(g, "mac", s->mac);
	rc |= cfgutil_put_str(g, "ip_before", s->ip_before);
	rc |= cfgutil_put_str(g, "ip_after", s->ip_after);
	rc |= cfgutil_put_str(g, "nic", s->nic);
	rc |= cfgutil_put_bool(g, "live", s->live);
	rc |= cfgutil_put_str(g, "iface_before", s->iface_before);
	rc |= cfgutil_put_str(g, "iface_after", s->iface_after);
	rc |= cfgutil_put_bool(g, "live_done", run->live_done);
	rc |= cfgutil_put_str(g, "note", run->note);
	rc |= cfgutil_put_str(g, "error", run->error);
	if (s->kind == APPLY_LINK_BRIDGE)
		rc |= put_link(g, &s->link);
	if (apply_kind_is_guest(s->kind)) {
		rc |= cfgutil_put_str(g, "seed_before", s->seed_before);
		rc |= cfgutil_put_str(g, "seed_after", s->seed_after);
		rc |= put_gfiles(g, "files_before", &s->files_before);
		rc |= put_gfiles(g, "files_after", &s->files_after);
	}
	return rc;
}

int journal_write(const char *path, const struct journal *j, char *err,
		  size_t errlen)
{
	config_t cfg;
	config_setting_t *root, *steps;
	char *buf = NULL;
	size_t i;
	int rc = -1;

	config_init(&cfg);
	root = config_root_setting(&cfg);
	if (cfgutil_put_int64(root, "version", JOURNAL_VERSION) < 0 ||
	    cfgutil_put_str(root, "uri", j->uri) < 0 ||
	    cfgutil_put_str(root, "domain", j->domain) < 0 ||
	    cfgutil_put_str(root, "phase", journal_phase_name(j->phase)) < 0 ||
	    cfgutil_put_str(root, "plan", j->plan_text) < 0)
		goto oom;
	steps = config_setting_add(root, "steps", CONFIG_TYPE_LIST);
	if (!steps)
		goto oom;
	for (i = 0; i < j->steps.count; i++)
		if (put_step(steps, &j->steps.items[i], &j->run[i]) < 0)
			goto oom;
	buf = cfgutil_format(&cfg, "# edgenet apply journal: an apply in "
			     "progress (see `edgenet apply`).\n# Do not "
			     "edit: edgenet reads it at its next start to "
			     "finish or roll back.\n");
	if (!buf)
		goto oom;
	rc = fileio_write_atomic(path, buf, strlen(buf), 0600, err, errlen);
	free(buf);
	config_destroy(&cfg);
	return rc;
oom:
	free(buf);
	config_destroy(&cfg);
	errf(err, errlen, "cannot write the apply journal %s: out of memory",
	     path);
	return -1;
}

/* ---- reading ---- */

static int get_gfiles(const config_setting_t *g, const char *name,
		      struct apply_gfiles *out)
{
	const config_setting_t *l = config_setting_get_member(g, name);
	int i, n = l ? config_setting_length(l) : 0;

	if (n > APPLY_GFILES_MAX)
		return -1;
	for (i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(l,
							(unsigned)i);
		const char *fname = NULL, *text = NULL;

		if (!e || config_setting_lookup_string(e, "name", &fname) !=
		    CONFIG_TRUE || config_setting_lookup_string(e, "text",
		    &text) != CONFIG_TRUE ||
		    apply_gfiles_add(out, fname, text) < 0)
			return -1;
	}
	return 0;
}

static int get_link(const config_setting_t *g, struct apply_link *l)
{
	const config_setting_t *lg = config_setting_get_member(g, "link");
	const config_setting_t *a, *r;
	int i, n;

	if (!lg)
		return -1;
	if (cfgutil_get_str(lg, "uplink", l->uplink, sizeof(l->uplink)) < 0 ||
	    cfgutil_get_str(lg, "bridge", l->bridge, sizeof(l->bridge)) < 0 ||
	    cfgutil_get_str(lg, "uplink_master", l->uplink_master,
			    sizeof(l->uplink_master)) < 0)
		return -1;
	l->uplink_exists = cfgutil_get_bool(lg, "uplink_exists");
	l->uplink_wireless = cfgutil_get_bool(lg, "uplink_wireless");
	l->bridge_exists = cfgutil_get_bool(lg, "bridge_exists");
	l->bridge_is_bridge = cfgutil_get_bool(lg, "bridge_is_bridge");
	a = config_setting_get_member(lg, "addrs");
	n = a ? config_setting_length(a) : 0;
	if (n > APPLY_LINK_MAX_ADDRS)
		return -1;
	for (i = 0; i < n; i++) {
		const char *v = config_setting_get_string_elem(a, i);

		if (!v || strlen(v) >= sizeof(l->addrs[0]))
			return -1;
		str_copy(l->addrs[i], sizeof(l->addrs[i]), v);
	}
	l->naddrs = (size_t)n;
	r = config_setting_get_member(lg, "routes");
	n = r ? config_setting_length(r) : 0;
	if (n > APPLY_LINK_MAX_ROUTES)
		return -1;
	for (i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(r, (unsigned)i);
		const config_setting_t *ms;
		long long m = 0;

		if (!e || cfgutil_get_str(e, "gateway", l->routes[i].gateway,
					  sizeof(l->routes[i].gateway)) < 0)
			return -1;
		ms = config_setting_get_member(e, "metric");
		if (ms && cfgtext_int(ms, &m) != CFGTEXT_INT_OK)
			return -1;
		if (m < 0 || m > 0xffffffffLL)
			return -1;
		l->routes[i].metric = (unsigned)m;
	}
	l->nroutes = (size_t)n;
	return 0;
}

static int get_state(const config_setting_t *g, enum apply_state *out)
{
	const char *v = NULL;
	int k;

	if (config_setting_lookup_string(g, "state", &v) != CONFIG_TRUE)
		return -1;
	for (k = 0; k < APPLY_STATE_COUNT; k++)
		if (strcmp(v, state_names[k]) == 0) {
			*out = (enum apply_state)k;
			return 0;
		}
	return -1;
}

static int get_step(const config_setting_t *g, struct apply_step *s,
		    struct apply_run *run)
{
	const char *kind = NULL;

	config_setting_lookup_string(g, "kind", &kind);
	s->kind = apply_kind_parse(kind);
	if (s->kind == APPLY_NONE || get_state(g, &run->state) < 0)
		return -1;
	if (cfgutil_get_str(g, "object", s->object, sizeof(s->object)) < 0 ||
	    cfgutil_get_str(g, "text", s->text, sizeof(s->text)) < 0 ||
	    cfgutil_get_str(g, "undo_text", s->undo_text,
			    sizeof(s->undo_text)) < 0 ||
	    cfgutil_get_str(g, "mac", s->mac, sizeof(s->mac)) < 0 ||
	    cfgutil_get_str(g, "ip_before", s->ip_before,
			    sizeof(s->ip_before)) < 0 ||
	    cfgutil_get_str(g, "ip_after", s->ip_after,
			    sizeof(s->ip_after)) < 0 ||
	    cfgutil_get_str(g, "nic", s->nic, sizeof(s->nic)) < 0 ||
	    cfgutil_get_str(g, "note", run->note, sizeof(run->note)) < 0 ||
	    cfgutil_get_str(g, "error", run->error, sizeof(run->error)) < 0)
		return -1;
	s->was_active = cfgutil_get_bool(g, "was_active");
	s->was_autostart = cfgutil_get_bool(g, "was_autostart");
	s->live = cfgutil_get_bool(g, "live");
	run->live_done = cfgutil_get_bool(g, "live_done");
	if (cfgutil_get_dup(g, "before", &s->before) < 0 ||
	    cfgutil_get_dup(g, "after", &s->after) < 0 ||
	    cfgutil_get_dup(g, "iface_before", &s->iface_before) < 0 ||
	    cfgutil_get_dup(g, "iface_after", &s->iface_after) < 0)
		return -1;
	if (s->kind == APPLY_LINK_BRIDGE && get_link(g, &s->link) < 0)
		return -1;
	if (apply_kind_is_guest(s->kind) &&
	    (cfgutil_get_str(g, "seed_before", s->seed_before,
			     sizeof(s->seed_before)) < 0 ||
	     cfgutil_get_str(g, "seed_after", s->seed_after,
			     sizeof(s->seed_after)) < 0 ||
	     get_gfiles(g, "files_before", &s->files_before) < 0 ||
	     get_gfiles(g, "files_after", &s->files_after) < 0))
		return -1;
	return 0;
}

int journal_read(const char *path, struct journal *j, char *err,
		 size_t errlen)
{
	config_t cfg;
	const config_setting_t *steps;
	const char *phase = NULL;
	long long version = 0;
	struct cfgtext_error cerr;
	enum cfgtext_status cs;
	enum cfgtext_int vs;
	int i, n, k;

	memset(j, 0, sizeof(*j));
	if (access(path, F_OK) != 0 && errno == ENOENT)
		return 0;
	cs = cfgtext_read_file(&cfg, path, JOURNAL_MAX_SIZE, &cerr);
	if (cs == CFGTEXT_IO) {
		config_destroy(&cfg);
		errf(err, errlen, "%s", cerr.msg);
		return -1;
	}
	if (cs != CFGTEXT_OK) {
		errf(err, errlen, "the apply journal %s is damaged (line %d: "
		     "%s); move it away and check the host by hand", path,
		     cerr.line, cerr.msg);
		goto bad;
	}
	vs = cfgtext_int(config_lookup(&cfg, "version"), &version);
	if (vs != CFGTEXT_INT_OK || version != JOURNAL_VERSION) {
		if (vs == CFGTEXT_INT_OK)
			errf(err, errlen, "the apply journal %s has version "
			     "%lld; this edgenet reads version %d", path,
			     version, JOURNAL_VERSION);
		else
			errf(err, errlen, "the apply journal %s has no version "
			     "edgenet can read (it must be %d, in decimal); "
			     "move it away and check the host by hand", path,
			     JOURNAL_VERSION);
		goto bad;
	}
	config_lookup_string(&cfg, "phase", &phase);
	for (k = 0; k < APPLY_PHASE_COUNT; k++)
		if (phase && strcmp(phase, phase_names[k]) == 0)
			break;
	if (k == APPLY_PHASE_COUNT ||
	    cfgutil_get_str(config_root_setting(&cfg), "uri", j->uri,
			    sizeof(j->uri)) < 0 ||
	    cfgutil_get_str(config_root_setting(&cfg), "domain", j->domain,
			    sizeof(j->domain)) < 0 ||
	    cfgutil_get_dup(config_root_setting(&cfg), "plan",
			    &j->plan_text) < 0)
		goto damaged;
	j->phase = (enum apply_phase)k;
	steps = config_lookup(&cfg, "steps");
	n = steps ? config_setting_length(steps) : 0;
	if (n < 0 || n > 1000)
		goto damaged;
	apply_steps_init(&j->steps);
	str_copy(j->steps.domain, sizeof(j->steps.domain), j->domain);
	j->run = calloc((size_t)n + 1, sizeof(*j->run));
	if (!j->run)
		goto damaged;
	for (i = 0; i < n; i++) {
		struct apply_step *s = apply_steps_add(&j->steps, APPLY_NONE,
						       "");

		if (!s || get_step(config_setting_get_elem(steps, (unsigned)i),
				   s, &j->run[i]) < 0)
			goto damaged;
	}
	config_destroy(&cfg);
	return 1;
damaged:
	errf(err, errlen, "the apply journal %s is damaged or incomplete; "
	     "move it away and check the host by hand", path);
bad:
	config_destroy(&cfg);
	journal_free(j);
	return -1;
}

void journal_free(struct journal *j)
{
	free(j->plan_text);
	apply_steps_free(&j->steps);
	free(j->run);
	memset(j, 0, sizeof(*j));
}

int journal_remove(const char *path, char *err, size_t errlen)
{
	char dir[PATH_MAX];
	char *slash;
	int fd;

	if (unlink(path) < 0 && errno != ENOENT) {
		errf(err, errlen, "cannot remove the apply journal %s: %s",
		     path, strerror(errno));
		return -1;
	}
	str_copy(dir, sizeof(dir), path);
	slash = strrchr(dir, '/');
	if (slash) {
		*slash = '\0';
		fd = open(dir[0] ? dir : "/", O_RDONLY | O_DIRECTORY);
		if (fd >= 0) {
			fsync(fd);
			close(fd);
		}
	}
	return 0;
}

enum journal_decision journal_decide(const struct journal *j)
{
	size_t i;

	switch (j->phase) {
	case APPLY_PHASE_COMMITTED:
	case APPLY_PHASE_ROLLED_BACK:
		return JOURNAL_NOTHING;
	case APPLY_PHASE_APPLYING:
	case APPLY_PHASE_VERIFYING:
		for (i = 0; i < j->steps.count; i++)
			if (j->run[i].state != APPLY_STEP_DONE)
				return JOURNAL_ROLL_BACK;
		return JOURNAL_FINISH;
	default:
		return JOURNAL_ROLL_BACK;
	}
}
