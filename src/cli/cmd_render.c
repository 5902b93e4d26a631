/*
 * cmd_render.c - `edgenet render PLAN --out DIR`: the files the VM
 * receives from a plan, written out for review or for delivery by hand.
 *
 *	DIR/networkd/05-edgenet-NIC.network	one per NIC (0644)
 *	DIR/cloud-init/meta-data, user-data, network-config	(0600)
 *	DIR/seed.iso				the NoCloud seed (backend/seed_iso)
 *
 * The plan is loaded and validated as `check` and `apply` do; with an
 * error nothing is written, DIR is not even created.  Each NIC's MAC is
 * the plan's own or the one kept in the state directory, as apply uses,
 * but render only looks: it never generates or stores a MAC (`edgenet
 * mac PLAN` does), so a NIC with neither is refused by name.  Every file
 * is replaced atomically (core/fileio); a networkd file of ours left
 * from an earlier render whose NIC is gone is removed.  Touches DIR only
 * and reads the plan, the policy and the state directory.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend/seed_iso.h"
#include "cli/cli.h"
#include "core/err.h"
#include "core/fileio.h"
#include "core/guestcfg.h"
#include "core/planfile.h"
#include "core/policy.h"
#include "core/state.h"
#include "core/validate.h"

#define RENDER_NETWORKD_MODE 0644
#define RENDER_CLOUD_MODE 0600
#define RENDER_DIR_MODE 0755

enum { RENDER_OUT, RENDER_SET, RENDER_HELP, RENDER_OPTS };

static const struct cli_opt render_opts[] = {
	[RENDER_OUT] = { .name = "out", .letter = 'o', .arg = CLI_ARG_TEXT,
		.arg_name = "DIR", .required = true, .in_synopsis = true,
		.help = "the directory to write into (created if missing)" },
	[RENDER_SET] = CLI_OPT_SET,
	[RENDER_HELP] = CLI_OPT_HELP,
	[RENDER_OPTS] = CLI_OPT_END,
};
CLI_OPTS_FIT(render_opts);

const struct cli_command cli_cmd_render = {
	.name = "render", .before = "[OPTIONS]", .args = "PLAN",
	.args_first = true, .help_col = 17, .opts = render_opts,
	.run = cmd_render, .state = CLI_STATE_READS,
	.about =
"Writes the files the VM receives from PLAN into DIR (created if missing):\n"
"  DIR/networkd/05-edgenet-NIC.network   systemd-networkd, one per NIC\n"
"  DIR/cloud-init/meta-data, user-data, network-config\n"
"  DIR/seed.iso                          NoCloud seed (label cidata)\n"
"Each NIC's MAC is the plan's own or the one kept in the state directory;\n"
"a NIC with neither is refused: run `edgenet mac PLAN` first, or set mac.\n",
	.after =
"Exit status: 0 written, 1 the plan has errors (nothing is written),\n"
"2 a file cannot be read or written, a NIC has no MAC yet, or bad usage.\n",
	.summary =
"write the files the VM receives from PLAN:\n"
"DIR/networkd/*.network (systemd-networkd),\n"
"DIR/cloud-init/{meta-data,user-data,network-config}\n"
"and DIR/seed.iso (the NoCloud seed)",
};

/* The state directory as state_open would choose it, without creating
 * anything: render only reads it. */
static int state_for_reading(const struct cli_globals *g, struct state *st)
{
	char err[ERR_MAX];

	if (state_locate(st, g->state_dir, err, sizeof(err)) < 0) {
		fprintf(stderr, "edgenet render: %s\n", cli_esc(err));
		return -1;
	}
	return 0;
}

/* Each NIC's MAC as apply resolves it (virt_apply_macs), lookup only. */
static int resolve_macs(const char *file, const struct plan *p,
			const struct state *st, struct mac *macs)
{
	char err[ERR_MAX];
	size_t i;
	int r, rc = 0;

	for (i = 0; i < p->nnics; i++) {
		const struct plan_nic *n = &p->nics[i];

		if (n->mac[0]) {
			if (mac_parse(n->mac, &macs[i]) != MAC_OK) {
				fprintf(stderr, "edgenet render: NIC %s: MAC "
					"'%s' does not parse\n",
					cli_esc(n->name), cli_esc(n->mac));
				rc = -1;
			}
			continue;
		}
		r = state_lookup_mac(st, p->domain, n->name, &macs[i], err,
				     sizeof(err));
		if (r < 0) {
			fprintf(stderr, "edgenet render: NIC %s: %s\n",
				cli_esc(n->name), cli_esc(err));
			rc = -1;
		} else if (r == 0) {
			fprintf(stderr, "edgenet render: NIC %s has no MAC "
				"yet: none in the plan and none kept for VM %s "
				"in %s.  Run `edgenet mac %s` to generate and "
				"keep one, or give the NIC mac = \"...\" in the "
				"plan.\n", cli_esc(n->name),
				cli_esc(p->domain), cli_esc(st->dir),
				cli_esc(file));
			rc = -1;
		}
	}
	return rc;
}

/* mkdir -p DIR. */
static int make_dirs(const char *dir)
{
	char buf[PATH_MAX];
	size_t i, n = strlen(dir);

	if (n >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, dir, n + 1);
	for (i = 1; i <= n; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, RENDER_DIR_MODE) < 0 && errno != EEXIST)
			return -1;
		if (i < n)
			buf[i] = '/';
	}
	return 0;
}

static int write_one(const char *dir, const char *sub, const char *name,
		     const char *text, mode_t mode)
{
	char path[PATH_MAX], err[ERR_MAX];
	int r;

	r = snprintf(path, sizeof(path), "%s/%s/%s", dir, sub, name);
	if (r < 0 || (size_t)r >= sizeof(path)) {
		fprintf(stderr, "edgenet render: the output path %s is too "
			"long\n", cli_esc(dir));
		return -1;
	}
	if (fileio_write_atomic(path, text, strlen(text), mode, err,
				sizeof(err)) < 0) {
		fprintf(stderr, "edgenet render: %s\n", cli_esc(err));
		return -1;
	}
	printf("wrote %s\n", cli_esc(path));
	return 0;
}

/* Removes DIR/networkd files of ours that G no longer has. */
static int remove_stale(const char *ndir, const struct guest_config *g)
{
	char path[PATH_MAX + 256];
	struct dirent *e;
	size_t i;
	DIR *d;
	int rc = 0;

	d = opendir(ndir);
	if (!d) {
		fprintf(stderr, "edgenet render: cannot read %s: %s\n",
			cli_esc(ndir),
			strerror(errno));
		return -1;
	}
	while ((e = readdir(d))) {
		bool keep = !guestcfg_is_ours(e->d_name);

		for (i = 0; !keep && i < g->nnetworkd; i++)
			keep = strcmp(e->d_name, g->networkd[i].name) == 0;
		if (keep)
			continue;
		snprintf(path, sizeof(path), "%s/%s", ndir, e->d_name);
		if (unlink(path) < 0) {
			fprintf(stderr, "edgenet render: cannot remove the "
				"old %s: %s\n", cli_esc(path),
				strerror(errno));
			rc = -1;
			continue;
		}
		printf("removed %s (its NIC is not in the plan)\n",
		       cli_esc(path));
	}
	closedir(d);
	return rc;
}

static int write_all(const char *dir, const struct guest_config *g)
{
	char sub[PATH_MAX], err[ERR_MAX];
	size_t i;

	if (make_dirs(dir) < 0) {
		fprintf(stderr, "edgenet render: cannot create %s: %s\n",
			cli_esc(dir),
			strerror(errno));
		return -1;
	}
	for (i = 0; i < 2; i++) {
		int r = snprintf(sub, sizeof(sub), "%s/%s", dir,
				 i ? "cloud-init" : GUEST_SEED_NETWORKD_DIR);

		if (r < 0 || (size_t)r >= sizeof(sub) ||
		    (mkdir(sub, RENDER_DIR_MODE) < 0 && errno != EEXIST)) {
			fprintf(stderr, "edgenet render: cannot create %s: "
				"%s\n", cli_esc(sub), r < 0 || (size_t)r >= sizeof(sub) ?
				"name too long" : strerror(errno));
			return -1;
		}
	}
	for (i = 0; i < g->nnetworkd; i++)
		if (write_one(dir, GUEST_SEED_NETWORKD_DIR, g->networkd[i].name,
			      g->networkd[i].text, RENDER_NETWORKD_MODE) < 0)
			return -1;
	snprintf(sub, sizeof(sub), "%s/%s", dir, GUEST_SEED_NETWORKD_DIR);
	if (remove_stale(sub, g) < 0)
		return -1;
	if (write_one(dir, "cloud-init", "meta-data", g->meta_data,
		      RENDER_CLOUD_MODE) < 0 ||
	    write_one(dir, "cloud-init", "user-data", g->user_data,
		      RENDER_CLOUD_MODE) < 0 ||
	    write_one(dir, "cloud-init", "network-config", g->network_config,
		      RENDER_CLOUD_MODE) < 0)
		return -1;
	if ((size_t)snprintf(sub, sizeof(sub), "%s/seed.iso", dir) >=
	    sizeof(sub)) {
		fprintf(stderr, "edgenet render: the output path %s is too "
			"long\n", cli_esc(dir));
		return -1;
	}
	if (seed_iso_write(g, sub, err, sizeof(err)) < 0) {
		fprintf(stderr, "edgenet render: %s\n", cli_esc(err));
		return -1;
	}
	printf("wrote %s\n", cli_esc(sub));
	return 0;
}

int cmd_render(const struct cli_globals *g, int argc, char **argv)
{
	struct mac macs[PLAN_MAX_NICS];
	struct guest_config gc;
	struct plan_lines lines;
	struct diag_list d;
	size_t plan_diags;
	struct policy pol;
	struct state st;
	struct plan *p = NULL;
	struct cli_args a;
	const char *file, *out;
	struct planset_list sets;
	int rc;

	rc = cli_opts_read(&cli_cmd_render, argc, argv, &a);
	if (rc >= 0)
		return rc;
	rc = EXIT_UNUSABLE;
	out = a.value[RENDER_OUT];
	if (a.npos != 1 || !out || !out[0]) {
		fprintf(stderr, "edgenet render: give one plan file and "
			"--out DIR\n");
		cli_opts_usage(&cli_cmd_render, stderr);
		return EXIT_UNUSABLE;
	}
	file = a.pos[0];

	/* 1. The plan, validated before anything is written. */
	guestcfg_init(&gc);
	diag_list_init(&d);
	plan_lines_init(&lines);
	p = malloc(sizeof(*p));
	if (!p) {
		fprintf(stderr, "edgenet render: out of memory\n");
		goto out;
	}
	if (cli_read_sets("render", &a, RENDER_SET, &sets) < 0)
		goto out;
	rc = cli_load_plan(g, "render", file, &sets, "written", &pol, p,
			   &lines, &d);
	if (rc != EXIT_CLEAN)
		goto out;
	rc = EXIT_UNUSABLE;
	plan_diags = d.count;	/* check's, printed */

	/* 2. The MACs, looked up only. */
	if (state_for_reading(g, &st) < 0 ||
	    resolve_macs(file, p, &st, macs) < 0) {
		fprintf(stderr, "edgenet render: nothing was written.\n");
		goto out;
	}

	/* 3. The files.  guestcfg_render validates again; its diagnostics
	 * are already in D and are not added twice. */
	if (guestcfg_render(p, &pol, macs, &gc, &d) < 0) {
		plan_lines_annotate(&lines, &d);
		cli_print_new_diags(stderr, file, &d, plan_diags, NULL);
		fprintf(stderr, "edgenet render: nothing was written.\n");
		rc = EXIT_PROBLEMS;
		goto out;
	}
	plan_lines_annotate(&lines, &d);
	cli_print_new_diags(stderr, file, &d, plan_diags, NULL);
	rc = write_all(out, &gc) < 0 ? EXIT_UNUSABLE : EXIT_CLEAN;
out:
	guestcfg_free(&gc);
	plan_lines_free(&lines);
	diag_list_free(&d);
	free(p);
	return rc;
}
