/*
 * guest_apply.c - the guest steps of an apply on a libvirt host (see
 * guest_apply.h and core/apply_guest.h): the snapshot, the drift check,
 * the ops, and the files step.  The seed step is guest_apply_seed.c.
 *
 * Files: written, removed and reloaded through the
 * guest agent (guest_agent.h), then checked inside the guest until it
 * shows the plan or GUEST_SETTLE_MS pass.
 *
 * Touches only the VM the step names, its seed directory and, in the
 * guest, our own files in GUEST_NETWORKD_DIR.  Never prints.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "backend/guest_agent.h"
#include "backend/guest_apply.h"
#include "backend/guest_apply_priv.h"
#include "backend/seed_pool.h"
#include "backend/virt.h"
#include "core/apply_guest.h"
#include "core/diag.h"
#include "core/guest_state.h"
#include "core/guestcfg.h"
#include "core/str.h"
#include "core/clock.h"
#include "core/err.h"

#define GUEST_FILE_MAX (64 * 1024)
#define GUEST_CMD_MS 20000

static void nap_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

virDomainPtr guest_apply_dom_get(virConnectPtr conn, const char *name,
				 char *err, size_t errlen)
{
	virDomainPtr d = virDomainLookupByName(conn, name);

	if (!d)
		virt_last_error(err, errlen, "cannot find the VM");
	return d;
}

/* ---------------------------------------------------------------- */
/* the guest's files, through the agent                              */

static int guest_path(const char *name, char *buf, size_t len)
{
	int r = snprintf(buf, len, "%s/%s", GUEST_NETWORKD_DIR, name);

	return r < 0 || (size_t)r >= len ? -1 : 0;
}

/* Our networkd files in the guest into OUT.  Returns a ga status. */
static enum ga_status read_ours(virDomainPtr d, struct apply_gfiles *out,
				char *err, size_t errlen)
{
	char **names = NULL;
	size_t n = 0, i;
	enum ga_status st;

	memset(out, 0, sizeof(*out));
	st = ga_list(d, GUEST_NETWORKD_DIR, GUEST_FILE_PREFIX,
		     GUEST_FILE_SUFFIX, APPLY_GFILES_MAX, &names, &n, err,
		     errlen);
	if (st != GA_OK)
		return st;
	for (i = 0; i < n && st == GA_OK; i++) {
		char path[APPLY_PATH_MAX], *text = NULL;
		size_t len = 0;
		bool absent = false;

		if (!guestcfg_is_ours(names[i]) ||
		    guest_path(names[i], path, sizeof(path)) < 0)
			continue;
		st = ga_file_read(d, path, GUEST_FILE_MAX, &text, &len,
				  &absent, err, errlen);
		if (st != GA_OK || absent)
			continue;	/* absent: gone since the listing */
		if (strlen(text) != len) {
			errf(err, errlen, "the VM's %s holds a NUL byte: it is "
			     "not a networkd file edgenet wrote", path);
			st = GA_FAILED;
		} else if (apply_gfiles_add(out, names[i], text) < 0) {
			errf(err, errlen, "too many files of ours in the VM's "
			     "%s", GUEST_NETWORKD_DIR);
			st = GA_FAILED;
		}
		free(text);
	}
	ga_names_free(names, n);
	if (st != GA_OK)
		apply_gfiles_free(out);
	return st;
}

/* Makes the guest's files of ours WANT, where HAVE is what it holds (as
 * read before the apply: the check after it reads the guest again), then
 * reloads networkd.  Only files that differ are written. */
static int write_set(virDomainPtr d, const struct apply_gfiles *want,
		     const struct apply_gfiles *have, char *err,
		     size_t errlen)
{
	char path[APPLY_PATH_MAX];
	const char *reload[] = { "networkctl", "reload", NULL };
	char *out = NULL, *eout = NULL;
	int code = -1;
	size_t i;

	for (i = 0; i < want->n; i++) {
		const struct apply_gfile *o = apply_gfiles_get(have,
							       want->f[i].name);

		if (o && !strcmp(o->text, want->f[i].text))
			continue;
		if (guest_path(want->f[i].name, path, sizeof(path)) < 0 ||
		    ga_file_write(d, path, want->f[i].text,
				  strlen(want->f[i].text), err, errlen) !=
		    GA_OK)
			return -1;
	}
	for (i = 0; i < have->n; i++) {
		if (apply_gfiles_get(want, have->f[i].name))
			continue;
		if (guest_path(have->f[i].name, path, sizeof(path)) < 0 ||
		    ga_file_remove(d, path, err, errlen) != GA_OK)
			return -1;
	}
	if (ga_exec(d, reload, GUEST_CMD_MS, &code, &out, &eout, err,
		    errlen) != GA_OK)
		return -1;
	if (code != 0)
		errf(err, errlen, "networkctl reload failed in the VM (exit "
		     "%d): %.200s", code, eout ? eout : "");
	free(out);
	free(eout);
	return code == 0 ? 0 : -1;
}

/* The guest's files of ours are exactly WANT: 0, or -1 with the first
 * difference. */
static int files_are(virDomainPtr d, const struct apply_gfiles *want,
		     char *err, size_t errlen)
{
	struct apply_gfiles have;
	size_t i;
	int rc = 0;

	if (read_ours(d, &have, err, errlen) != GA_OK)
		return -1;
	for (i = 0; i < want->n && !rc; i++) {
		const struct apply_gfile *o = apply_gfiles_get(&have,
							       want->f[i].name);

		if (!o) {
			errf(err, errlen, "the VM has no %s/%s",
			     GUEST_NETWORKD_DIR, want->f[i].name);
			rc = -1;
		} else if (strcmp(o->text, want->f[i].text)) {
			errf(err, errlen, "the VM's %s/%s is not as written",
			     GUEST_NETWORKD_DIR, want->f[i].name);
			rc = -1;
		}
	}
	for (i = 0; i < have.n && !rc; i++)
		if (!apply_gfiles_get(want, have.f[i].name)) {
			errf(err, errlen, "the VM still has %s/%s",
			     GUEST_NETWORKD_DIR, have.f[i].name);
			rc = -1;
		}
	apply_gfiles_free(&have);
	return rc;
}

/* Runs ARGV in the guest; its stdout (malloc'd) when it exits 0. */
static char *run_out(virDomainPtr d, const char *const argv[], char *err,
		     size_t errlen)
{
	char *out = NULL, *eout = NULL;
	int code = -1;

	if (ga_exec(d, argv, GUEST_CMD_MS, &code, &out, &eout, err,
		    errlen) != GA_OK)
		return NULL;
	if (code != 0) {
		errf(err, errlen, "%s in the VM failed (exit %d): %.200s",
		     argv[0], code, eout ? eout : "");
		free(out);
		out = NULL;
	}
	free(eout);
	return out;
}

/* The guest's links, addresses, routes and per-link DNS, gathered by
 * one fixed script (GUEST_STATE_SCRIPT). */
static int read_state(virDomainPtr d, struct guest_state *gs, char *err,
		      size_t errlen)
{
	static const char *const argv[] = { "sh", "-c", GUEST_STATE_SCRIPT,
					    NULL };
	char *t;
	int rc;

	guest_state_init(gs);
	t = run_out(d, argv, err, errlen);
	rc = t ? guest_state_parse_bundle(gs, t, err, errlen) : -1;
	free(t);
	return rc;
}

/* Waits, bounded, until the guest shows EX's plan. */
static int settle(virDomainPtr d, const struct guest_expect *ex, char *err,
		  size_t errlen)
{
	int64_t end = clock_now_ms() + GUEST_SETTLE_MS;
	struct guest_state *gs = malloc(sizeof(*gs));
	char why[ERR_MAX] = "";
	int rc = -1;

	if (!gs) {
		errf(err, errlen, "out of memory");
		return -1;
	}
	for (;;) {
		if (read_state(d, gs, why, sizeof(why)) == 0 &&
		    guest_state_check(&ex->plan, ex->macs, gs, why,
				      sizeof(why)) == 0) {
			rc = 0;
			break;
		}
		if (clock_now_ms() >= end)
			break;
		nap_ms(200);
	}
	if (rc < 0)
		errf(err, errlen, "after %d s the VM does not show the plan: "
		     "%s", GUEST_SETTLE_MS / 1000, why);
	free(gs);
	return rc;
}

/* ---------------------------------------------------------------- */
/* snapshot                                                          */

static enum apply_agent agent_of(enum ga_status st)
{
	switch (st) {
	case GA_OK:
		return APPLY_AGENT_OK;
	case GA_ABSENT:
		return APPLY_AGENT_ABSENT;
	case GA_REFUSED:
		return APPLY_AGENT_REFUSED;
	default:
		return APPLY_AGENT_FAILED;
	}
}

/* Does the guest run systemd-networkd (networkctl answers)? */
static bool has_networkd(virDomainPtr d)
{
	static const char *const argv[] = { "networkctl", "--no-pager",
					    "list", NULL };
	char *out = NULL, *eout = NULL, err[ERR_MAX];
	int code = -1;
	enum ga_status st = ga_exec(d, argv, GUEST_CMD_MS, &code, &out, &eout,
				    err, sizeof(err));

	free(out);
	free(eout);
	return st == GA_OK && code == 0;
}

/* qemu runs as its own user and must reach the seed: every directory
 * down to the state directory needs search permission for others.  A
 * sentence in WARN when one lacks it. */
static void check_reach(const char *state_dir, char *warn, size_t len)
{
	char path[APPLY_PATH_MAX];
	size_t n = strlen(state_dir);
	struct stat sb;

	if (n >= sizeof(path) || state_dir[0] != '/')
		return;
	memcpy(path, state_dir, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode) &&
		    !(sb.st_mode & S_IXOTH)) {
			errf(warn, len, "the directory %s (mode %04o) lets "
				 "no other user through, so qemu, which runs as "
				 "its own user, may not read the VM's seed below "
				 "it and the VM may not start: give it o+x, or "
				 "use a state directory under /var/lib", path,
				 (unsigned)(sb.st_mode & 07777));
			return;
		}
		if (i < n)
			path[i] = '/';
	}
}

void guest_apply_snapshot(virConnectPtr conn, const char *domain,
			  const char *state_dir, bool local,
			  struct apply_snapshot *snap)
{
	char err[APPLY_TEXT_MAX] = "";
	virDomainPtr d;
	char *live;
	int r;

	if (local) {
		r = snprintf(snap->seed_dir, sizeof(snap->seed_dir), "%s/%s/%s",
			     state_dir, APPLY_SEEDS_DIR, domain);
		if (r < 0 || (size_t)r >= sizeof(snap->seed_dir)) {
			snap->seed_dir[0] = '\0';
			snprintf(snap->seed_why, sizeof(snap->seed_why), "the "
				 "state directory's name is too long");
		}
	} else if (virt_is_remote(conn)) {
		/* uploaded into a storage pool there (seed_pool.h) */
		if (seed_pool_dir(domain, snap->seed_dir,
				  sizeof(snap->seed_dir)) < 0) {
			snap->seed_dir[0] = '\0';
			snprintf(snap->seed_why, sizeof(snap->seed_why), "the "
				 "VM's name is too long for a seed pool");
		}
	} else {
		snap->seed_dir[0] = '\0';
		snprintf(snap->seed_why, sizeof(snap->seed_why), "the "
			 "connection does not say which host the VM runs on "
			 "(its URI cannot be read), so edgenet cannot tell "
			 "where to put the seed");
	}
	if (snap->seed_dir[0] && local)
		check_reach(state_dir, snap->seed_warn, sizeof(snap->seed_warn));
	snap->agent = APPLY_AGENT_NOT_ASKED;
	if (!snap->dom_running)
		return;
	d = virDomainLookupByName(conn, domain);
	if (!d) {
		virResetLastError();
		return;
	}
	if (snap->seed_dir[0]) {
		char path[APPLY_PATH_MAX];

		live = virDomainGetXMLDesc(d, 0);
		if (!live)
			virResetLastError();
		snap->seed_live = live && apply_guest_find_seed(live,
					snap->seed_dir, path, sizeof(path),
					NULL, NULL) == 1;
		free(live);
	}
	snap->agent = agent_of(read_ours(d, &snap->guest_files, err,
					 sizeof(err)));
	if (snap->agent == APPLY_AGENT_OK && !has_networkd(d)) {
		snap->agent = APPLY_AGENT_FAILED;
		errf(err, sizeof(err), "the VM has no systemd-networkd "
		     "(networkctl does not run there), so edgenet cannot "
		     "write its network files through the agent");
	}
	if (snap->agent != APPLY_AGENT_OK)
		str_copy(snap->agent_err, sizeof(snap->agent_err), err);
	virDomainFree(d);
}

int guest_apply_drift(virConnectPtr conn, const char *domain,
		      const struct plan *p, const struct policy *pol,
		      const struct mac *macs, struct diag_list *notes)
{
	struct guest_config g;
	struct apply_gfiles have;
	char err[APPLY_TEXT_MAX] = "";
	virDomainPtr d;
	enum ga_status st;
	int n = 0;
	size_t i;

	d = virDomainLookupByName(conn, domain);
	if (!d) {
		virResetLastError();
		diag_add(notes, DIAG_WARNING, "vm", "VM %s was not found: its "
			 "files were not compared with the plan", domain);
		return -1;
	}
	if (virDomainIsActive(d) != 1) {
		virDomainFree(d);
		return 0;	/* shut off: the seed gives it the plan */
	}
	if (!has_networkd(d)) {
		virDomainFree(d);
		return 0;	/* nothing of ours can be there */
	}
	st = read_ours(d, &have, err, sizeof(err));
	virDomainFree(d);
	if (st != GA_OK) {
		diag_add(notes, DIAG_WARNING, "vm", "the files in VM %s could "
			 "not be compared with the applied plan: %s", domain,
			 err);
		return -1;
	}
	if (guestcfg_render(p, pol, macs, &g, NULL) < 0) {
		apply_gfiles_free(&have);
		return -1;
	}
	for (i = 0; i < g.nnetworkd; i++) {
		const struct apply_gfile *o = apply_gfiles_get(&have,
							g.networkd[i].name);

		if (o && !strcmp(o->text, g.networkd[i].text))
			continue;
		n++;
		diag_add(notes, DIAG_WARNING, "vm", "in VM %s, %s/%s %s: it "
			 "is not what edgenet applied (changed in the VM?); "
			 "applying the plan writes it again", domain,
			 GUEST_NETWORKD_DIR, g.networkd[i].name,
			 o ? "differs" : "is missing");
	}
	for (i = 0; i < have.n; i++) {
		bool planned = false;

		for (size_t k = 0; k < g.nnetworkd; k++)
			planned |= !strcmp(g.networkd[k].name, have.f[i].name);
		if (planned)
			continue;
		n++;
		diag_add(notes, DIAG_WARNING, "vm", "in VM %s, %s/%s is not in "
			 "the applied plan; applying the plan removes it",
			 domain, GUEST_NETWORKD_DIR, have.f[i].name);
	}
	apply_gfiles_free(&have);
	guestcfg_free(&g);
	return n;
}

/* ---------------------------------------------------------------- */
/* the ops                                                           */

int guest_apply_do(virConnectPtr conn, const struct apply_step *s,
		   struct apply_run *out, char *err, size_t errlen)
{
	virDomainPtr d;
	int rc;

	if (s->kind == APPLY_GUEST_SEED)
		return guest_apply_seed_do(conn, s, out, err, errlen);
	d = guest_apply_dom_get(conn, s->object, err, errlen);
	if (!d)
		return -1;
	rc = write_set(d, &s->files_after, &s->files_before, err, errlen);
	virDomainFree(d);
	return rc;
}

int guest_apply_undo(virConnectPtr conn, const struct apply_step *s,
		     const struct apply_run *run, char *err, size_t errlen)
{
	struct apply_gfiles now;
	virDomainPtr d;
	int rc;

	if (s->kind == APPLY_GUEST_SEED)
		return guest_apply_seed_undo(conn, s, run, err, errlen);
	d = guest_apply_dom_get(conn, s->object, err, errlen);
	if (!d)
		return -1;
	/* Undo copes with a half-done step: what the guest holds now is
	 * read, not assumed. */
	if (read_ours(d, &now, err, errlen) != GA_OK) {
		virDomainFree(d);
		return -1;
	}
	rc = write_set(d, &s->files_before, &now, err, errlen);
	apply_gfiles_free(&now);
	virDomainFree(d);
	return rc;
}

int guest_apply_check(virConnectPtr conn, const struct guest_expect *ex,
		      const struct apply_step *s, const struct apply_run *run,
		      bool after, char *err, size_t errlen)
{
	virDomainPtr d;
	int rc;

	if (s->kind == APPLY_GUEST_SEED)
		return guest_apply_seed_check(conn, s, run, after, err, errlen);
	d = guest_apply_dom_get(conn, s->object, err, errlen);
	if (!d)
		return -1;
	rc = files_are(d, after ? &s->files_after : &s->files_before, err,
		       errlen);
	if (rc == 0 && after && ex && ex->set)
		rc = settle(d, ex, err, errlen);
	virDomainFree(d);
	return rc;
}
