/*
 * apply_guest.c - planning the guest side of an apply (apply_guest.h):
 * the seed CD-ROM step and the guest-agent files step, with the words the
 * review and the dry run show for them.  Pure C: reads the snapshot and
 * the rendering, writes steps; never touches a file or the guest.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/apply_guest.h"
#include "core/sbuf.h"
#include "core/xmldoc.h"
#include "core/str.h"
#include "core/err.h"

/* ---------------------------------------------------------------- */
/* seed files                                                        */

int apply_guest_seed_files(const struct guest_config *g,
			   struct apply_gfiles *out)
{
	char name[APPLY_GFILE_NAME_MAX];
	size_t i;

	memset(out, 0, sizeof(*out));
	if (apply_gfiles_add(out, "meta-data", g->meta_data) < 0 ||
	    apply_gfiles_add(out, "user-data", g->user_data) < 0 ||
	    apply_gfiles_add(out, "network-config", g->network_config) < 0)
		goto fail;
	for (i = 0; i < g->nnetworkd; i++) {
		int r = snprintf(name, sizeof(name), "%s/%s",
				 GUEST_SEED_NETWORKD_DIR, g->networkd[i].name);

		if (r < 0 || (size_t)r >= sizeof(name) ||
		    apply_gfiles_add(out, name, g->networkd[i].text) < 0)
			goto fail;
	}
	return 0;
fail:
	apply_gfiles_free(out);
	return -1;
}

static char *dup_or_null(const struct apply_gfiles *s, const char *name)
{
	const struct apply_gfile *f = apply_gfiles_get(s, name);

	return f && f->text ? strdup(f->text) : NULL;
}

int apply_guest_seed_config(const struct apply_gfiles *seed,
			    struct guest_config *out)
{
	const size_t plen = strlen(GUEST_SEED_NETWORKD_DIR "/");
	size_t i;

	guestcfg_init(out);
	out->meta_data = dup_or_null(seed, "meta-data");
	out->user_data = dup_or_null(seed, "user-data");
	out->network_config = dup_or_null(seed, "network-config");
	if (!out->meta_data || !out->user_data || !out->network_config)
		goto fail;
	for (i = 0; i < seed->n; i++) {
		const struct apply_gfile *f = &seed->f[i];
		struct guest_file *g;

		if (strncmp(f->name, GUEST_SEED_NETWORKD_DIR "/", plen) != 0)
			continue;
		if (out->nnetworkd == PLAN_MAX_NICS ||
		    !guestcfg_is_ours(f->name + plen))
			goto fail;
		g = &out->networkd[out->nnetworkd];
		str_copy(g->name, sizeof(g->name), f->name + plen);
		g->text = strdup(f->text ? f->text : "");
		if (!g->text)
			goto fail;
		out->nnetworkd++;
	}
	return 0;
fail:
	guestcfg_free(out);
	return -1;
}

/* FNV-1a, 64 bits: a name for contents, not a defence against anyone. */
static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

int apply_guest_seed_path(const struct apply_gfiles *seed, const char *dir,
			  char *buf, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	int r;

	for (size_t i = 0; i < seed->n; i++) {
		const char *t = seed->f[i].text ? seed->f[i].text : "";

		h = fnv(h, seed->f[i].name, strlen(seed->f[i].name) + 1);
		h = fnv(h, t, strlen(t) + 1);
	}
	r = snprintf(buf, len, "%s/seed-%016llx.iso", dir,
		     (unsigned long long)h);
	return r < 0 || (size_t)r >= len ? -1 : 0;
}

/* ---------------------------------------------------------------- */
/* the CD-ROM in the domain XML                                      */

/* Is PATH a file directly inside DIR? */
static bool in_dir(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return n && strncmp(path, dir, n) == 0 && path[n] == '/' &&
	       path[n + 1] && !strchr(path + n + 1, '/');
}

static const struct xml_node *find_seed_disk(const struct xml_doc *doc,
					     const char *seed_dir)
{
	const struct xml_node *devs = doc->root ?
		xml_child(doc->root, "devices") : NULL;
	const struct xml_node *d;

	for (d = devs ? xml_child(devs, "disk") : NULL; d; d = xml_next(d)) {
		const struct xml_node *src = xml_child(d, "source");
		const char *dev = xml_get(d, "device");
		const char *file = src ? xml_get(src, "file") : NULL;

		if (dev && !strcmp(dev, "cdrom") && file &&
		    in_dir(file, seed_dir))
			return d;
	}
	return NULL;
}

int apply_guest_find_seed(const char *dom_xml, const char *seed_dir,
			  char *path, size_t pathlen, size_t *start,
			  size_t *end)
{
	struct xml_doc doc;
	const struct xml_node *d;
	int rc = 0;

	if (!dom_xml || xmldoc_parse(&doc, dom_xml, NULL, 0) < 0)
		return -1;
	d = find_seed_disk(&doc, seed_dir);
	if (d) {
		str_copy(path, pathlen,
			 xml_get(xml_child(d, "source"), "file"));
		if (start)
			*start = d->start;
		if (end)
			*end = d->end;
		rc = 1;
	}
	xmldoc_free(&doc);
	return rc;
}

char *apply_guest_disk_elem(const char *dom_xml, const char *seed_dir)
{
	size_t a, b;
	char path[APPLY_PATH_MAX];

	if (apply_guest_find_seed(dom_xml, seed_dir, path, sizeof(path), &a,
				  &b) != 1)
		return NULL;
	return strndup(dom_xml + a, b - a);
}

/* A target name for a new CD-ROM: the first of PREFIX"a".."z" that no
 * disk of the domain uses. */
static int free_target(const struct xml_doc *doc, const char *prefix,
		       char *out, size_t len)
{
	const struct xml_node *devs = xml_child(doc->root, "devices");

	for (char c = 'a'; c <= 'z'; c++) {
		const struct xml_node *d;
		bool used = false;

		snprintf(out, len, "%s%c", prefix, c);
		for (d = devs ? xml_child(devs, "disk") : NULL; d && !used;
		     d = xml_next(d)) {
			const struct xml_node *t = xml_child(d, "target");
			const char *dev = t ? xml_get(t, "dev") : NULL;

			used = dev && !strcmp(dev, out);
		}
		if (!used)
			return 0;
	}
	return -1;
}

/* The domain XML with our CD-ROM holding PATH: its <source> changed when
 * there is one, else a new <disk> before </devices>.  NULL with ERR. */
static char *with_seed(const char *xml, const char *seed_dir,
		       const char *path, char *err, size_t errlen)
{
	struct xml_doc doc;
	const struct xml_node *d, *devs;
	char epath[3 * APPLY_PATH_MAX], target[8], *res = NULL, *ind = NULL;
	struct sbuf b;
	bool q35;
	const struct xml_node *os;
	const char *machine;

	if (xmldoc_parse(&doc, xml, err, errlen) < 0)
		return NULL;
	xml_escape(path, epath, sizeof(epath));
	sbuf_init(&b);
	d = find_seed_disk(&doc, seed_dir);
	if (d) {
		const struct xml_node *src = xml_child(d, "source");

		sbuf_addf(&b, "<source file='%s'/>", epath);
		res = b.s && !b.failed ? xml_splice(xml, src->start, src->end, b.s) : NULL;
		goto out;
	}
	devs = xml_child(doc.root, "devices");
	if (!devs) {
		errf(err, errlen, "the VM's definition has no <devices>");
		goto out;
	}
	os = xml_path(doc.root, "os/type");
	machine = os ? xml_get(os, "machine") : NULL;
	q35 = machine && strstr(machine, "q35");
	if (free_target(&doc, q35 ? "sd" : "hd", target, sizeof(target)) < 0) {
		errf(err, errlen, "the VM has no free disk name for the "
		     "seed CD-ROM");
		goto out;
	}
	ind = xml_indent_at(xml, devs->close);
	{
		const char *i0 = ind ? ind : "";
		size_t at = devs->close - strlen(i0);

		sbuf_addf(&b, "%s  <disk type='file' device='cdrom'>\n"
			  "%s    <driver name='qemu' type='raw'/>\n"
			  "%s    <source file='%s'/>\n"
			  "%s    <target dev='%s' bus='%s'/>\n"
			  "%s    <readonly/>\n"
			  "%s  </disk>\n", i0, i0, i0, epath, i0, target,
			  q35 ? "sata" : "ide", i0, i0);
		res = b.s && !b.failed ? xml_splice(xml, at, at, b.s) : NULL;
	}
out:
	if (!res && !*err)
		errf(err, errlen, "out of memory");
	free(ind);
	sbuf_free(&b);
	xmldoc_free(&doc);
	return res;
}

/* ---------------------------------------------------------------- */
/* planning                                                          */

static void list_names(struct sbuf *b, const struct apply_gfiles *g,
		       const char *skip_prefix)
{
	size_t skip = skip_prefix ? strlen(skip_prefix) : 0;

	for (size_t i = 0; i < g->n; i++)
		sbuf_addf(b, "%s%s", i ? ", " : "", g->f[i].name + skip);
}

static int plan_seed(const struct plan *p, const struct apply_snapshot *snap,
		     const char *dom_xml, const struct apply_gfiles *seed,
		     struct apply_steps *out, struct diag_list *diags)
{
	char path[APPLY_PATH_MAX], cur[APPLY_PATH_MAX] = "", err[ERR_MAX] = "";
	struct apply_step *st;
	struct sbuf b;
	char *after;
	int have;
	bool running = snap->dom_running;
	bool agent = snap->agent == APPLY_AGENT_OK;

	if (apply_guest_seed_path(seed, snap->seed_dir, path,
				  sizeof(path)) < 0) {
		diag_add(diags, DIAG_ERROR, "vm", "the seed's path under %s is "
			 "too long; choose a shorter state directory",
			 snap->seed_dir);
		return 1;
	}
	have = apply_guest_find_seed(dom_xml, snap->seed_dir, cur,
				     sizeof(cur), NULL, NULL);
	if (have < 0) {
		diag_add(diags, DIAG_ERROR, "vm", "the definition of VM %s "
			 "cannot be read", p->domain);
		return 1;
	}
	if (have == 1 && !strcmp(cur, path))
		return 0;	/* the VM already has exactly this seed */
	after = with_seed(dom_xml, snap->seed_dir, path, err, sizeof(err));
	if (!after) {
		diag_add(diags, DIAG_ERROR, "vm", "VM %s cannot get the seed "
			 "CD-ROM: %s", p->domain, err);
		return 1;
	}
	st = apply_steps_add(out, APPLY_GUEST_SEED, p->domain);
	if (!st || !(st->before = strdup(dom_xml))) {
		free(after);
		diag_add(diags, DIAG_ERROR, "", "out of memory");
		return 1;
	}
	st->after = after;
	st->live = running && snap->seed_live;
	str_copy(st->seed_before, sizeof(st->seed_before), cur);
	str_copy(st->seed_after, sizeof(st->seed_after), path);
	for (size_t i = 0; i < seed->n; i++)
		if (apply_gfiles_add(&st->files_after, seed->f[i].name,
				     seed->f[i].text) < 0) {
			diag_add(diags, DIAG_ERROR, "", "out of memory");
			return 1;
		}
	sbuf_init(&b);
	sbuf_addf(&b, "Write the VM's NoCloud seed %s (", path);
	list_names(&b, seed, NULL);
	sbuf_addf(&b, ") and %s VM %s's CD-ROM (read-only)",
		  have ? "put it in" : "give it as", p->domain);
	if (!running)
		sbuf_add(&b, "; the VM reads it when it starts: cloud-init and "
			 "its boot command install the networkd files");
	else if (st->live)
		sbuf_addf(&b, "; the running VM's CD-ROM gets it now too, and it "
			  "is read at every start%s", agent ? "" :
			  ": the change takes effect at the VM's next start "
			  "(its files cannot be written through its guest "
			  "agent now)");
	else
		sbuf_add(&b, "; the running VM has no seed CD-ROM yet: it is "
			 "read from the VM's next start (shut it down, then "
			 "start it: a reboot inside the VM keeps its CD-ROM as "
			 "it is)");
	str_copy(st->text, sizeof(st->text), b.s && !b.failed ? b.s : "");
	sbuf_free(&b);
	if (have)
		snprintf(st->undo_text, sizeof(st->undo_text), "Put the "
			 "previous seed %s back into VM %s's CD-ROM", cur,
			 p->domain);
	else
		snprintf(st->undo_text, sizeof(st->undo_text), "Remove the "
			 "seed CD-ROM from VM %s's definition", p->domain);
	return 0;
}

static int plan_files(const struct plan *p, const struct apply_snapshot *snap,
		      const struct guest_config *g, struct apply_steps *out,
		      struct diag_list *diags)
{
	struct apply_gfiles want;
	struct apply_step *st;
	struct sbuf b;
	size_t i, nremove = 0;

	memset(&want, 0, sizeof(want));
	for (i = 0; i < g->nnetworkd; i++)
		if (apply_gfiles_add(&want, g->networkd[i].name,
				     g->networkd[i].text) < 0)
			goto oom;
	if (apply_gfiles_equal(&want, &snap->guest_files)) {
		apply_gfiles_free(&want);
		return 0;
	}
	st = apply_steps_add(out, APPLY_GUEST_FILES, p->domain);
	if (!st)
		goto oom;
	st->files_after = want;
	for (i = 0; i < snap->guest_files.n; i++)
		if (apply_gfiles_add(&st->files_before,
				     snap->guest_files.f[i].name,
				     snap->guest_files.f[i].text) < 0)
			return diag_add(diags, DIAG_ERROR, "", "out of memory"),
			       1;
	sbuf_init(&b);
	sbuf_addf(&b, "In the running VM %s, through its guest agent: write "
		  "%s/", p->domain, GUEST_NETWORKD_DIR);
	for (i = 0; i < want.n; i++) {
		const struct apply_gfile *old =
			apply_gfiles_get(&snap->guest_files, want.f[i].name);

		sbuf_addf(&b, "%s%s%s", i ? ", " : "{", want.f[i].name,
			  !old ? " (new)" : old->text && want.f[i].text &&
			  !strcmp(old->text, want.f[i].text) ? " (unchanged)" :
			  " (changed)");
	}
	sbuf_add(&b, "}");
	for (i = 0; i < snap->guest_files.n; i++)
		if (!apply_gfiles_get(&want, snap->guest_files.f[i].name))
			sbuf_addf(&b, "%s%s", nremove++ ? ", " : "; remove ",
				  snap->guest_files.f[i].name);
	sbuf_add(&b, "; reload systemd-networkd (networkctl reload), then "
		 "check inside the VM that every NIC has the planned "
		 "address, default route metric and DNS");
	str_copy(st->text, sizeof(st->text), b.s && !b.failed ? b.s : "");
	sbuf_free(&b);
	snprintf(st->undo_text, sizeof(st->undo_text), "Write back the VM's "
		 "previous networkd files (%zu of ours were there), remove "
		 "the new ones, reload systemd-networkd and check",
		 snap->guest_files.n);
	return 0;
oom:
	apply_gfiles_free(&want);
	diag_add(diags, DIAG_ERROR, "", "out of memory");
	return 1;
}

int apply_guest_plan(const struct plan *p, const struct policy *pol,
		     const struct mac *macs,
		     const struct apply_snapshot *snap, const char *dom_xml,
		     struct apply_steps *out, struct diag_list *diags)
{
	struct guest_config g;
	struct apply_gfiles seed;
	int errors = 0;
	bool agent = snap->agent == APPLY_AGENT_OK;

	if (guestcfg_render(p, pol, macs, &g, diags) < 0)
		return 1;
	if (apply_guest_seed_files(&g, &seed) < 0) {
		guestcfg_free(&g);
		diag_add(diags, DIAG_ERROR, "", "out of memory");
		return 1;
	}
	if (snap->seed_dir[0] && snap->seed_warn[0])
		diag_add(diags, DIAG_WARNING, "vm", "%s", snap->seed_warn);
	if (snap->seed_dir[0])
		errors += plan_seed(p, snap, dom_xml, &seed, out, diags);
	else
		diag_add(diags, DIAG_WARNING, "vm", "no seed CD-ROM for VM %s: "
			 "%s; %s", p->domain, snap->seed_why[0] ?
			 snap->seed_why : "no place to keep it",
			 agent ? "the VM's files are written through its guest "
			 "agent only, and are lost if the VM is reinstalled" :
			 "nothing is delivered inside the VM: give its NICs "
			 "their addresses, DNS and metrics yourself");
	if (!errors && snap->dom_running && agent)
		errors += plan_files(p, snap, &g, out, diags);
	else if (!errors && snap->dom_running)
		diag_add(diags, DIAG_WARNING, "vm", "VM %s runs, but %s: its "
			 "addresses, DNS and route metrics %s", p->domain,
			 snap->agent_err[0] ? snap->agent_err :
			 "its guest agent does not answer",
			 snap->seed_dir[0] ? "change at its next start, through "
			 "the seed" : "are not delivered (no seed either, see "
			 "above)");
	apply_gfiles_free(&seed);
	guestcfg_free(&g);
	return errors;
}
