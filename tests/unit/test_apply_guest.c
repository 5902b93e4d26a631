/*
 * test_apply_guest.c - planning the guest side of an apply
 * (src/core/apply_guest.c): the seed CD-ROM step, the guest-agent files
 * step, their words, the warnings when the agent is away or no seed can
 * be given, the dry-run report of the files, and the journal round trip
 * of both kinds.  Pure: the snapshots are written here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/apply_guest.h"
#include "core/apply_plan.h"
#include "core/guestcfg.h"
#include "core/journal.h"
#include "core/planfile.h"
#include "core/policy.h"

static struct policy pol;

#define SEED_DIR "/var/lib/edgenet/seeds/edge-vm"

static const char vm_xml[] =
	"<domain type='kvm'>\n"
	"  <name>edge-vm</name>\n"
	"  <os>\n"
	"    <type arch='x86_64' machine='pc-q35-7.2'>hvm</type>\n"
	"  </os>\n"
	"  <devices>\n"
	"    <disk type='file' device='disk'>\n"
	"      <source file='/var/lib/libvirt/images/edge.qcow2'/>\n"
	"      <target dev='vda' bus='virtio'/>\n"
	"    </disk>\n"
	"    <disk type='file' device='cdrom'>\n"
	"      <source file='/srv/other.iso'/>\n"
	"      <target dev='sda' bus='sata'/>\n"
	"      <readonly/>\n"
	"    </disk>\n"
	"    <interface type='network'>\n"
	"      <mac address='52:54:00:e4:00:01'/>\n"
	"      <source network='edge-nat'/>\n"
	"    </interface>\n"
	"    <interface type='network'>\n"
	"      <mac address='52:54:00:78:00:02'/>\n"
	"      <source network='edge-iso'/>\n"
	"    </interface>\n"
	"  </devices>\n"
	"</domain>\n";

static const char nat_xml[] =
	"<network>\n  <name>edge-nat</name>\n  <forward mode='nat'/>\n"
	"  <ip address='10.77.0.1' netmask='255.255.255.0'>\n"
	"    <dhcp>\n      <range start='10.77.0.100' end='10.77.0.199'/>\n"
	"    </dhcp>\n  </ip>\n</network>\n";
static const char iso_xml[] =
	"<network>\n  <name>edge-iso</name>\n"
	"  <ip address='10.78.0.1' netmask='255.255.255.0'>\n"
	"    <dhcp>\n      <range start='10.78.0.100' end='10.78.0.199'/>\n"
	"    </dhcp>\n  </ip>\n</network>\n";

static const char plan_two[] =
	"version = 1; profile = \"server\"; vm = \"edge-vm\";\n"
	"switches = (\n"
	" { name = \"edge-nat\"; type = \"internal\"; address = \"10.77.0.1/24\";\n"
	"   dhcp = true; dhcp_start = \"10.77.0.100\"; dhcp_end = \"10.77.0.199\";\n"
	"   nat = true; },\n"
	" { name = \"edge-iso\"; type = \"internal\"; address = \"10.78.0.1/24\";\n"
	"   dhcp = true; dhcp_start = \"10.78.0.100\"; dhcp_end = \"10.78.0.199\";\n"
	"   nat = false; } );\n"
	"nics = (\n"
	" { name = \"eth0\"; switch = \"edge-nat\"; primary = true;\n"
	"   mac = \"52:54:00:e4:00:01\"; metric = 100;\n"
	"   ip = { mode = \"dhcp\"; }; },\n"
	" { name = \"eth1\"; switch = \"edge-iso\"; mac = \"52:54:00:78:00:02\";\n"
	"   ip = { mode = \"static\"; address = \"10.78.0.10\"; prefix = 24;\n"
	"          gateway = \"10.78.0.1\"; }; metric = 500;\n"
	"   dns = { servers = [ \"10.78.0.1\" ]; search = [ \"ot.test\" ]; }; } );\n";

struct fx {
	struct plan p;
	struct mac macs[PLAN_MAX_NICS];
	struct apply_snapshot snap;
	struct apply_steps steps;
	struct diag_list d;
};

static void add_net(struct fx *f, const char *name, const char *xml)
{
	struct apply_net_snap *n = &f->snap.nets[f->snap.nnets++];

	snprintf(n->name, sizeof(n->name), "%s", name);
	n->xml = strdup(xml);
	n->active = true;
	n->autostart = true;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	size_t i;

	assert_non_null(f);
	diag_list_init(&f->d);
	apply_snapshot_init(&f->snap);
	f->snap.dom_exists = true;
	f->snap.dom_xml = strdup(vm_xml);
	f->snap.links_known = true;
	snprintf(f->snap.seed_dir, sizeof(f->snap.seed_dir), "%s", SEED_DIR);
	add_net(f, "edge-nat", nat_xml);
	add_net(f, "edge-iso", iso_xml);
	apply_steps_init(&f->steps);
	assert_int_equal(planfile_load_string(plan_two, &f->p, NULL, &f->d),
			 PLANFILE_OK);
	for (i = 0; i < f->p.nnics; i++)
		assert_int_equal(mac_parse(f->p.nics[i].mac, &f->macs[i]),
				 MAC_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	apply_snapshot_free(&f->snap);
	apply_steps_free(&f->steps);
	diag_list_free(&f->d);
	free(f);
	return 0;
}

static int build(struct fx *f)
{
	apply_steps_free(&f->steps);
	diag_list_clear(&f->d);
	return apply_plan_build(&f->p, &pol, f->macs, &f->snap, &f->steps,
				&f->d);
}

static const struct apply_step *find(struct fx *f, enum apply_kind k)
{
	for (size_t i = 0; i < f->steps.count; i++)
		if (f->steps.items[i].kind == k)
			return &f->steps.items[i];
	return NULL;
}

/* Guest steps planned (the host steps are test_apply_plan's). */
static size_t nguest(struct fx *f)
{
	size_t n = 0;

	for (size_t i = 0; i < f->steps.count; i++)
		n += apply_kind_is_guest(f->steps.items[i].kind);
	return n;
}

static bool has_diag(struct fx *f, enum diag_severity sev, const char *part)
{
	for (size_t i = 0; i < f->d.count; i++)
		if (f->d.items[i].severity == sev &&
		    strstr(f->d.items[i].message, part))
			return true;
	return false;
}

static __attribute__((noinline)) bool contains(const char *h,
						 const char *n)
{
	return strstr(h, n) != NULL;
}

/* The rendering the steps must carry. */
static void render(struct fx *f, struct guest_config *g)
{
	struct diag_list d;

	diag_list_init(&d);
	assert_int_equal(guestcfg_render(&f->p, &pol, f->macs, g, &d), 0);
	diag_list_free(&d);
}

/* ---------------------------------------------------------------- */

static void test_shut_off_vm_gets_seed_only(void **state)
{
	struct fx *f = *state;
	const struct apply_step *s;
	struct guest_config g;
	char path[APPLY_PATH_MAX], found[APPLY_PATH_MAX];
	size_t a, b;

	assert_int_equal(build(f), 0);
	assert_int_equal(nguest(f), 1);
	s = find(f, APPLY_GUEST_SEED);
	assert_non_null(s);
	assert_null(find(f, APPLY_GUEST_FILES));
	assert_string_equal(s->object, "edge-vm");
	assert_string_equal(s->seed_before, "");
	assert_int_equal(strncmp(s->seed_after, SEED_DIR "/seed-",
				 strlen(SEED_DIR "/seed-")), 0);
	assert_non_null(strstr(s->text, "reads it when it starts"));
	assert_false(s->live);
	/* The definition: every byte kept, one CD-ROM added on SATA with a
	 * free name (sda is taken by the other CD-ROM). */
	assert_string_equal(s->before, vm_xml);
	assert_int_equal(apply_guest_find_seed(s->after, SEED_DIR, found,
					       sizeof(found), &a, &b), 1);
	assert_string_equal(found, s->seed_after);
	assert_non_null(strstr(s->after, "<target dev='sdb' bus='sata'/>"));
	assert_non_null(strstr(s->after, "<readonly/>"));
	assert_non_null(strstr(s->after, "/srv/other.iso"));
	/* The seed's files are the rendering. */
	render(f, &g);
	assert_int_equal(s->files_after.n, 3 + g.nnetworkd);
	assert_string_equal(apply_gfiles_get(&s->files_after,
					     "network-config")->text,
			    g.network_config);
	assert_string_equal(apply_gfiles_get(&s->files_after,
				"networkd/05-edgenet-eth1.network")->text,
			    g.networkd[1].text);
	assert_int_equal(apply_guest_seed_path(&s->files_after, SEED_DIR,
					       path, sizeof(path)), 0);
	assert_string_equal(path, s->seed_after);
	guestcfg_free(&g);
	/* Nothing warned: the VM is off, the seed covers it. */
	assert_int_equal(diag_count(&f->d, DIAG_WARNING), 0);
}

static void test_same_seed_no_step(void **state)
{
	struct fx *f = *state;
	char *after;

	assert_int_equal(build(f), 0);
	after = strdup(find(f, APPLY_GUEST_SEED)->after);
	free(f->snap.dom_xml);
	f->snap.dom_xml = after;
	assert_int_equal(build(f), 0);
	assert_int_equal(nguest(f), 0);
}

static void test_changed_seed_replaces_source_only(void **state)
{
	struct fx *f = *state;
	const struct apply_step *s;
	char *after, old[APPLY_PATH_MAX];

	assert_int_equal(build(f), 0);
	after = strdup(find(f, APPLY_GUEST_SEED)->after);
	snprintf(old, sizeof(old), "%s", find(f, APPLY_GUEST_SEED)->seed_after);
	free(f->snap.dom_xml);
	f->snap.dom_xml = after;
	plan_nic_set_metric(&f->p.nics[1], 50);	/* a new metric: a new seed */
	assert_int_equal(build(f), 0);
	assert_int_equal(nguest(f), 1);
	s = find(f, APPLY_GUEST_SEED);
	if (!s)
		fail();
	assert_string_equal(s->seed_before, old);
	assert_string_not_equal(s->seed_after, old);
	assert_true(contains(s->undo_text, old));
	/* Only the <source> changed: same length, one path for another. */
	assert_int_equal(strlen(s->before), strlen(s->after));
	assert_null(strstr(s->after, old));
	assert_non_null(strstr(s->after, "<target dev='sdb' bus='sata'/>"));
}

static void test_running_with_agent_writes_files(void **state)
{
	struct fx *f = *state;
	const struct apply_step *s;
	struct guest_config g;
	char *rep;

	f->snap.dom_running = true;
	f->snap.agent = APPLY_AGENT_OK;
	/* The guest has an old eth0 file of ours and a stale eth7 one. */
	apply_gfiles_add(&f->snap.guest_files, "05-edgenet-eth0.network",
			 "[Match]\nMACAddress=52:54:00:e4:00:01\n");
	apply_gfiles_add(&f->snap.guest_files, "05-edgenet-eth7.network",
			 "[Match]\nMACAddress=52:54:00:00:00:07\n");
	assert_int_equal(build(f), 0);
	s = find(f, APPLY_GUEST_FILES);
	assert_non_null(s);
	/* The seed first, then the files. */
	assert_true(s > find(f, APPLY_GUEST_SEED));
	render(f, &g);
	assert_int_equal(s->files_after.n, 2);
	assert_string_equal(s->files_after.f[0].name, g.networkd[0].name);
	assert_string_equal(s->files_after.f[0].text, g.networkd[0].text);
	assert_int_equal(s->files_before.n, 2);
	assert_non_null(strstr(s->text, "05-edgenet-eth0.network (changed)"));
	assert_non_null(strstr(s->text, "05-edgenet-eth1.network (new)"));
	assert_non_null(strstr(s->text, "remove 05-edgenet-eth7.network"));
	assert_non_null(strstr(s->text, "networkctl reload"));
	/* The running VM has no seed CD-ROM: the seed step says when. */
	assert_non_null(strstr(find(f, APPLY_GUEST_SEED)->text,
			       "next start"));
	/* The report shows each file against what the guest has. */
	rep = apply_steps_report(&f->steps);
	assert_non_null(rep);
	assert_non_null(strstr(rep, "05-edgenet-eth1.network: new"));
	assert_non_null(strstr(rep, "05-edgenet-eth0.network: changed"));
	assert_non_null(strstr(rep, "05-edgenet-eth7.network: removed"));
	assert_non_null(strstr(rep, "+ Metric=500"));
	assert_non_null(strstr(rep, "network-config:"));
	free(rep);
	guestcfg_free(&g);
}

static void test_running_same_files_no_files_step(void **state)
{
	struct fx *f = *state;
	struct guest_config g;

	render(f, &g);
	f->snap.dom_running = true;
	f->snap.agent = APPLY_AGENT_OK;
	for (size_t i = 0; i < g.nnetworkd; i++)
		apply_gfiles_add(&f->snap.guest_files, g.networkd[i].name,
				 g.networkd[i].text);
	assert_int_equal(build(f), 0);
	assert_null(find(f, APPLY_GUEST_FILES));
	assert_non_null(find(f, APPLY_GUEST_SEED));
	guestcfg_free(&g);
}

static void test_running_live_seed(void **state)
{
	struct fx *f = *state;

	f->snap.dom_running = true;
	f->snap.seed_live = true;
	f->snap.agent = APPLY_AGENT_OK;
	assert_int_equal(build(f), 0);
	assert_true(find(f, APPLY_GUEST_SEED)->live);
	assert_non_null(strstr(find(f, APPLY_GUEST_SEED)->text,
			       "running VM's CD-ROM gets it now"));
}

static void test_agent_absent_warns(void **state)
{
	struct fx *f = *state;

	f->snap.dom_running = true;
	f->snap.agent = APPLY_AGENT_ABSENT;
	snprintf(f->snap.agent_err, sizeof(f->snap.agent_err),
		 "the guest agent is not connected");
	assert_int_equal(build(f), 0);
	assert_null(find(f, APPLY_GUEST_FILES));
	assert_non_null(find(f, APPLY_GUEST_SEED));
	assert_true(has_diag(f, DIAG_WARNING, "the guest agent is not "
			     "connected: its addresses, DNS and route "
			     "metrics change at its next start, through the "
			     "seed"));
}

static void test_no_seed_dir_warns(void **state)
{
	struct fx *f = *state;

	f->snap.seed_dir[0] = '\0';
	snprintf(f->snap.seed_why, sizeof(f->snap.seed_why), "remote host");
	assert_int_equal(build(f), 0);
	assert_int_equal(nguest(f), 0);
	assert_true(has_diag(f, DIAG_WARNING, "nothing is delivered inside "
			     "the VM"));
}

static void test_seed_unreachable_warns(void **state)
{
	struct fx *f = *state;

	snprintf(f->snap.seed_warn, sizeof(f->snap.seed_warn), "the "
		 "directory /srv/x (mode 0700) lets no other user through");
	assert_int_equal(build(f), 0);
	assert_non_null(find(f, APPLY_GUEST_SEED));
	assert_true(has_diag(f, DIAG_WARNING, "/srv/x (mode 0700)"));
	assert_int_equal(diag_count(&f->d, DIAG_WARNING), 1);
}

static void test_pc_machine_uses_ide(void **state)
{
	struct fx *f = *state;
	char *x = strdup(vm_xml), *m = strstr(x, "pc-q35-7.2");

	memcpy(m, "pc-i440fx7", 10);
	free(f->snap.dom_xml);
	f->snap.dom_xml = x;
	assert_int_equal(build(f), 0);
	assert_non_null(strstr(find(f, APPLY_GUEST_SEED)->after,
			       "<target dev='hda' bus='ide'/>"));
}

static void test_seed_config_round_trip(void **state)
{
	struct fx *f = *state;
	struct guest_config g, back;
	struct apply_gfiles files;

	render(f, &g);
	assert_int_equal(apply_guest_seed_files(&g, &files), 0);
	assert_int_equal(apply_guest_seed_config(&files, &back), 0);
	assert_string_equal(back.meta_data, g.meta_data);
	assert_string_equal(back.user_data, g.user_data);
	assert_string_equal(back.network_config, g.network_config);
	assert_int_equal(back.nnetworkd, g.nnetworkd);
	for (size_t i = 0; i < g.nnetworkd; i++) {
		assert_string_equal(back.networkd[i].name, g.networkd[i].name);
		assert_string_equal(back.networkd[i].text, g.networkd[i].text);
	}
	guestcfg_free(&back);
	/* A seed without its network-config is refused. */
	free(files.f[2].text);
	files.f[2] = files.f[--files.n];
	files.f[files.n].text = NULL;
	assert_int_equal(apply_guest_seed_config(&files, &back), -1);
	apply_gfiles_free(&files);
	guestcfg_free(&back);
	guestcfg_free(&g);
}

static void test_journal_round_trip(void **state)
{
	struct fx *f = *state;
	struct journal j, r;
	char dir[] = "/tmp/edgenet-jg-XXXXXX", path[256], err[256];
	const struct apply_step *a, *b;

	f->snap.dom_running = true;
	f->snap.agent = APPLY_AGENT_OK;
	apply_gfiles_add(&f->snap.guest_files, "05-edgenet-eth0.network",
			 "odd \"text\" with \\ and \x01 and \xc3\xa9\n");
	assert_int_equal(build(f), 0);
	assert_int_equal(nguest(f), 2);
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/j", dir);
	memset(&j, 0, sizeof(j));
	snprintf(j.uri, sizeof(j.uri), "test:///default");
	snprintf(j.domain, sizeof(j.domain), "edge-vm");
	j.steps = f->steps;
	j.run = calloc(f->steps.count, sizeof(*j.run));
	assert_int_equal(journal_write(path, &j, err, sizeof(err)), 0);
	memset(&r, 0, sizeof(r));
	assert_int_equal(journal_read(path, &r, err, sizeof(err)), 1);
	assert_int_equal(r.steps.count, f->steps.count);
	for (size_t i = 0; i < r.steps.count; i++) {
		a = &f->steps.items[i];
		b = &r.steps.items[i];
		assert_int_equal(a->kind, b->kind);
		assert_string_equal(a->seed_before, b->seed_before);
		assert_string_equal(a->seed_after, b->seed_after);
		assert_true(apply_gfiles_equal(&a->files_before,
					       &b->files_before));
		assert_true(apply_gfiles_equal(&a->files_after,
					       &b->files_after));
	}
	free(j.run);
	journal_free(&r);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_shut_off_vm_gets_seed_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_seed_no_step, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_seed_replaces_source_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_running_with_agent_writes_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_running_same_files_no_files_step, setup, teardown),
		cmocka_unit_test_setup_teardown(test_running_live_seed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_agent_absent_warns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_seed_dir_warns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seed_unreachable_warns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pc_machine_uses_ide, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seed_config_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_journal_round_trip, setup, teardown),
	};
	const char *d = getenv("EDGENET_DATADIR");
	char path[4096];
	struct diag_list dl;

	snprintf(path, sizeof(path), "%s/policy.cfg", d && *d ? d : "data");
	diag_list_init(&dl);
	if (policy_load(&pol, path, &dl) != 0) {
		fprintf(stderr, "cannot load %s\n", path);
		return 99;
	}
	diag_list_free(&dl);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
