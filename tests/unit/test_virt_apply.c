/*
 * test_virt_apply.c - applying plans through libvirt's test driver
 * (src/backend/virt_apply.c with the core's planner and transaction),
 * host tests/data/apply-node.xml, a fresh connection for every test.
 *
 * Each test applies a plan, checks what libvirt shows afterwards, and for
 * rollbacks compares every network and domain XML (live and persistent),
 * their active and autostart flags, object by object, with what was there
 * before.  A dry run is compared the same way, and with the real
 * apply that follows it.  Faults are injected through EDGENET_FAULT (each step in turn,
 * in its do and verify phases); the journal lives in a temporary state
 * directory.  The test driver runs inside libvirt.so: no daemon, nothing
 * on the machine is touched.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "backend/apply_recover.h"
#include "backend/readback.h"
#include "backend/virt.h"
#include "backend/virt_apply.h"
#include "core/apply_txn.h"
#include "core/planfile.h"
#include "core/policy.h"
#include "core/state.h"

struct fx {
	struct virt_conn *c;
	struct virt_apply *va;
	struct apply_ops ops;
	struct policy pol;
	struct state st;
	char dir[PATH_MAX];
};

static char datadir[PATH_MAX];

/* ---------------------------------------------------------------- */
/* the whole host as text, to compare before and after               */

struct world {
	char *text;
};

static void add(char **s, const char *a)
{
	size_t l = *s ? strlen(*s) : 0;
	char *n = realloc(*s, l + strlen(a) + 1);

	assert_non_null(n);
	memcpy(n + l, a, strlen(a) + 1);
	*s = n;
}

static char *world(virConnectPtr conn)
{
	virNetworkPtr *nets = NULL;
	virDomainPtr *doms = NULL;
	char *out = NULL, line[256], *x;
	int n, i, a;

	n = virConnectListAllNetworks(conn, &nets, 0);
	assert_true(n >= 0);
	for (i = 0; i < n; i++) {
		a = 0;
		virNetworkGetAutostart(nets[i], &a);
		snprintf(line, sizeof(line), "== network %s active=%d "
			 "autostart=%d\n", virNetworkGetName(nets[i]),
			 virNetworkIsActive(nets[i]), a);
		add(&out, line);
		x = virNetworkGetXMLDesc(nets[i], 0);
		assert_non_null(x);
		add(&out, x);
		free(x);
		virNetworkFree(nets[i]);
	}
	free(nets);
	n = virConnectListAllDomains(conn, &doms, 0);
	assert_true(n >= 0);
	for (i = 0; i < n; i++) {
		snprintf(line, sizeof(line), "== domain %s active=%d\n",
			 virDomainGetName(doms[i]), virDomainIsActive(doms[i]));
		add(&out, line);
		x = virDomainGetXMLDesc(doms[i], 0);
		assert_non_null(x);
		add(&out, x);
		free(x);
		add(&out, "-- inactive\n");
		x = virDomainGetXMLDesc(doms[i], VIR_DOMAIN_XML_INACTIVE);
		assert_non_null(x);
		add(&out, x);
		free(x);
		virDomainFree(doms[i]);
	}
	free(doms);
	return out;
}

/* ---------------------------------------------------------------- */
/* fixtures                                                          */

/* The apply's test hooks, as the program passes $EDGENET_FAULT down. */
static struct apply_faults hooks;
/* EDGENET_NO_NETWORK_UPDATE=1, as the console passes it to the backend */
static const struct apply_faults no_update = { .no_network_update = true };

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	char uri[PATH_MAX + 64], err[512], pol[PATH_MAX + 64];
	struct diag_list d;

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/edgenet-tva-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	assert_int_equal(state_open(&f->st, f->dir, err, sizeof(err)), 0);
	snprintf(uri, sizeof(uri), "test://%s/apply-node.xml", datadir);
	f->c = virt_connect(uri, err, sizeof(err));
	if (!f->c)
		fail_msg("connect %s: %s", uri, err);
	f->va = virt_apply_new(f->c, err, sizeof(err));
	assert_non_null(f->va);
	virt_apply_ops(f->va, &f->ops);
	diag_list_init(&d);
	snprintf(pol, sizeof(pol), "%s/../../data/policy.cfg", datadir);
	if (getenv("EDGENET_DATADIR"))
		snprintf(pol, sizeof(pol), "%s/policy.cfg",
			 getenv("EDGENET_DATADIR"));
	assert_int_equal(policy_load(&f->pol, pol, &d), 0);
	diag_list_free(&d);
	memset(&hooks, 0, sizeof(hooks));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[PATH_MAX + 16];

	virt_apply_free(f->va);
	virt_close(f->c);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	memset(&hooks, 0, sizeof(hooks));
	free(f);
	return 0;
}

/* Plan A: two new networks (NAT with a reservation for eth0; isolated
 * with DHCP for eth1), eth0 keeps the VM's MAC (moved to edge-nat). */
static const char plan_a[] =
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
	"   mac = \"52:54:00:e4:00:01\";\n"
	"   ip = { mode = \"static\"; address = \"10.77.0.10\"; prefix = 24;\n"
	"          gateway = \"10.77.0.1\"; };\n"
	"   dns = { servers = [ \"10.77.0.1\" ]; }; },\n"
	" { name = \"eth1\"; switch = \"edge-iso\"; mac = \"52:54:00:78:00:02\";\n"
	"   ip = { mode = \"dhcp\"; }; offline = true; } );\n";

/* Plan B: the stock default network as an internal NAT switch, a
 * reservation for the VM's NIC (virNetworkUpdate on an existing, running
 * network). */
static const char plan_b[] =
	"version = 1; profile = \"server\"; vm = \"edge-vm\";\n"
	"switches = ( { name = \"default\"; type = \"internal\";\n"
	"   address = \"192.168.122.1/24\"; dhcp = true;\n"
	"   dhcp_start = \"192.168.122.100\"; dhcp_end = \"192.168.122.199\";\n"
	"   nat = true; } );\n"
	"nics = ( { name = \"eth0\"; switch = \"default\"; primary = true;\n"
	"   mac = \"52:54:00:e4:00:01\";\n"
	"   ip = { mode = \"static\"; address = \"192.168.122.50\"; prefix = 24;\n"
	"          gateway = \"192.168.122.1\"; };\n"
	"   dns = { servers = [ \"192.168.122.1\" ]; }; } );\n";

static void load(const char *text, struct plan *p)
{
	struct diag_list d;

	diag_list_init(&d);
	assert_int_equal(planfile_load_string(text, p, NULL, &d), PLANFILE_OK);
	assert_int_equal(diag_count(&d, DIAG_ERROR), 0);
	diag_list_free(&d);
}

static void prepare(struct fx *f, const struct plan *p,
		    struct apply_steps *steps)
{
	struct diag_list d;
	size_t i;

	diag_list_init(&d);
	if (virt_apply_prepare(f->c, p, &f->pol, &f->st, steps, &d) < 0) {
		for (i = 0; i < d.count; i++)
			print_error("%s: %s\n", d.items[i].path,
				    d.items[i].message);
		fail_msg("prepare failed");
	}
	diag_list_free(&d);
}

/* Runs all steps; returns the final result (READY or FAILED). */
static enum apply_result run(struct apply_txn *t)
{
	enum apply_result r;

	while ((r = apply_txn_step(t)) == APPLY_MORE)
		;
	return r;
}

static struct apply_txn *new_txn(struct fx *f, struct apply_steps *steps)
{
	char err[512];
	struct apply_txn *t = apply_txn_new(steps, &f->ops, f->st.dir,
					    "test:///", "plan", &hooks, err,
					    sizeof(err));

	if (!t)
		fail_msg("apply_txn_new: %s", err);
	return t;
}

static char *net_xml(struct fx *f, const char *name)
{
	virNetworkPtr n = virNetworkLookupByName(virt_handle(f->c), name);
	char *x;

	if (!n)
		return NULL;
	x = virNetworkGetXMLDesc(n, 0);
	virNetworkFree(n);
	return x;
}

static char *dom_xml(struct fx *f, const char *name)
{
	virDomainPtr d = virDomainLookupByName(virt_handle(f->c), name);
	char *x;

	assert_non_null(d);
	x = virDomainGetXMLDesc(d, VIR_DOMAIN_XML_INACTIVE);
	virDomainFree(d);
	return x;
}

static bool journal_exists(const struct fx *f)
{
	char p[PATH_MAX + 32];

	snprintf(p, sizeof(p), "%s/%s", f->dir, JOURNAL_FILE);
	return access(p, F_OK) == 0;
}

/* The seed images kept for edge-vm in the state directory. */
static int seed_files(struct fx *f)
{
	char path[4200];
	struct dirent *e;
	DIR *d;
	int n = 0;

	snprintf(path, sizeof(path), "%s/seeds/edge-vm", f->dir);
	d = opendir(path);
	if (!d)
		return 0;
	while ((e = readdir(d)))
		n += strncmp(e->d_name, "seed-", 5) == 0;
	closedir(d);
	return n;
}

/* ---------------------------------------------------------------- */
/* tests                                                             */

static void test_apply_plan_a(void **state)
{
	struct fx *f = *state;
	struct apply_steps steps;
	struct apply_txn *t;
	struct plan p;
	char *x;
	virNetworkPtr n;
	int a = 0;

	load(plan_a, &p);
	prepare(f, &p, &steps);
	/* define+start+autostart twice, eth0 moved, eth1 added, the seed */
	assert_int_equal(steps.count, 9);
	assert_int_equal(steps.items[8].kind, APPLY_GUEST_SEED);
	t = new_txn(f, &steps);
	assert_true(journal_exists(f));
	assert_int_equal(run(t), APPLY_READY);
	assert_int_equal(apply_txn_commit(t), APPLY_COMMITTED);
	assert_false(journal_exists(f));
	apply_txn_free(t);

	x = net_xml(f, "edge-nat");
	assert_non_null(x);
	assert_non_null(strstr(x, "<forward mode='nat'"));
	assert_non_null(strstr(x, "<host mac='52:54:00:e4:00:01' "
			       "ip='10.77.0.10'/>"));
	free(x);
	x = net_xml(f, "edge-iso");
	assert_non_null(x);
	assert_null(strstr(x, "<forward"));
	free(x);
	n = virNetworkLookupByName(virt_handle(f->c), "edge-iso");
	assert_non_null(n);
	assert_int_equal(virNetworkIsActive(n), 1);
	assert_int_equal(virNetworkGetAutostart(n, &a), 0);
	assert_int_equal(a, 1);
	virNetworkFree(n);
	x = dom_xml(f, "edge-vm");
	assert_non_null(strstr(x, "<disk type='file' device='cdrom'>"));
	assert_non_null(strstr(x, "/seeds/edge-vm/seed-"));
	assert_non_null(strstr(x, "<mac address='52:54:00:e4:00:01'/>\n"
			       "      <source network='edge-nat'/>"));
	assert_non_null(strstr(x, "<mac address='52:54:00:78:00:02'/>\n"
			       "      <source network='edge-iso'/>"));
	assert_null(strstr(x, "network='default'"));
	free(x);

	/* The same plan again: nothing left to do. */
	prepare(f, &p, &steps);
	assert_int_equal(steps.count, 0);
	apply_steps_free(&steps);
}

static void test_rollback_restores_all(void **state)
{
	struct fx *f = *state;
	struct apply_steps steps;
	struct apply_txn *t;
	struct plan p;
	char *before, *after;
	int k;

	for (k = 0; k < 2; k++) {
		load(k ? plan_b : plan_a, &p);
		before = world(virt_handle(f->c));
		prepare(f, &p, &steps);
		assert_true(steps.count > 0);
		t = new_txn(f, &steps);
		assert_int_equal(run(t), APPLY_READY);
		after = world(virt_handle(f->c));
		assert_string_not_equal(before, after);
		free(after);
		/* Not confirmed. */
		assert_int_equal(apply_txn_rollback(t), APPLY_ROLLED_BACK);
		apply_txn_free(t);
		after = world(virt_handle(f->c));
		assert_string_equal(before, after);
		assert_false(journal_exists(f));
		free(before);
		free(after);
	}
}

/* Each step fails in turn, in do and in verify: the host afterwards is
 * the host before, object by object. */
static void fault_each(struct fx *f, const char *plan_text)
{
	struct apply_steps steps;
	struct apply_txn *t;
	struct plan p;
	char *before, *after, fault[64];
	size_t n, k;
	int ph;

	load(plan_text, &p);
	prepare(f, &p, &steps);
	n = steps.count;
	apply_steps_free(&steps);
	assert_true(n > 0);
	before = world(virt_handle(f->c));
	for (k = 1; k <= n; k++) {
		for (ph = 0; ph < 2; ph++) {
			snprintf(fault, sizeof(fault), "step=%zu,phase=%s", k,
				 ph ? "verify" : "do");
			apply_faults_parse(&hooks, fault, NULL, NULL, NULL);
			prepare(f, &p, &steps);
			assert_int_equal(steps.count, n);
			t = new_txn(f, &steps);
			assert_int_equal(run(t), APPLY_FAILED);
			assert_int_equal(apply_txn_done_count(t), k - 1);
			assert_non_null(strstr(apply_txn_error(t),
					       "injected fault"));
			assert_int_equal(apply_txn_rollback(t),
					 APPLY_ROLLED_BACK);
			apply_txn_free(t);
			memset(&hooks, 0, sizeof(hooks));
			after = world(virt_handle(f->c));
			if (strcmp(before, after) != 0)
				fail_msg("%s: host differs after rollback:\n"
					 "--- before\n%s\n--- after\n%s", fault,
					 before, after);
			free(after);
			assert_false(journal_exists(f));
			/* ... and no seed image is left behind. */
			assert_int_equal(seed_files(f), 0);
		}
	}
	free(before);
}

static void test_fault_each_step_plan_a(void **state)
{
	fault_each(*state, plan_a);
}

static void test_fault_each_step_plan_b(void **state)
{
	fault_each(*state, plan_b);
}

static void test_fault_each_step_no_update(void **state)
{
	struct fx *f = *state;

	virt_apply_set_faults(f->va, &no_update);
	fault_each(f, plan_b);
}

static void test_dhcp_host_update_and_fallback(void **state)
{
	struct fx *f = *state;
	struct apply_steps steps;
	struct apply_txn *t;
	const struct apply_run *r;
	struct plan p;
	char *x;
	int k;

	load(plan_b, &p);
	for (k = 0; k < 2; k++) {
		if (k)
			virt_apply_set_faults(f->va, &no_update);
		prepare(f, &p, &steps);
		/* the reservation, then autostart (the node has none),
		 * then the seed */
		assert_int_equal(steps.count, 3);
		assert_int_equal(steps.items[2].kind, APPLY_GUEST_SEED);
		assert_int_equal(steps.items[0].kind, APPLY_NET_DHCP_HOST);
		assert_int_equal(steps.items[1].kind, APPLY_NET_AUTOSTART);
		t = new_txn(f, &steps);
		assert_int_equal(run(t), APPLY_READY);
		apply_txn_step_info(t, 0, &r);
		if (k)
			assert_non_null(strstr(r->note, "redefined"));
		else
			assert_string_equal(r->note, "");
		x = net_xml(f, "default");
		assert_non_null(strstr(x, "<host mac='52:54:00:e4:00:01' "
				       "ip='192.168.122.50'/>"));
		/* The other VM's reservation is kept. */
		assert_non_null(strstr(x, "<host mac='52:54:00:aa:00:01' "
				       "ip='192.168.122.77'/>"));
		free(x);
		assert_int_equal(apply_txn_rollback(t), APPLY_ROLLED_BACK);
		apply_txn_free(t);
		x = net_xml(f, "default");
		assert_null(strstr(x, "52:54:00:e4:00:01"));
		free(x);
	}
}

static void test_changed_plan(void **state)
{
	struct fx *f = *state;
	struct apply_steps steps;
	struct apply_txn *t;
	struct plan p;
	char *x, *before;
	size_t i;
	bool host = false, rm = false;

	load(plan_a, &p);
	prepare(f, &p, &steps);
	t = new_txn(f, &steps);
	assert_int_equal(run(t), APPLY_READY);
	assert_int_equal(apply_txn_commit(t), APPLY_COMMITTED);
	apply_txn_free(t);

	/* Other address for eth0, eth1 removed. */
	snprintf(p.nics[0].address, sizeof(p.nics[0].address), "10.77.0.20");
	plan_remove_nic(&p, 1);
	plan_remove_switch(&p, 1);
	before = world(virt_handle(f->c));
	prepare(f, &p, &steps);
	for (i = 0; i < steps.count; i++) {
		if (steps.items[i].kind == APPLY_NET_DHCP_HOST) {
			host = true;
			assert_string_equal(steps.items[i].ip_before,
					    "10.77.0.10");
			assert_string_equal(steps.items[i].ip_after,
					    "10.77.0.20");
		}
		if (steps.items[i].kind == APPLY_DOM_NIC_REMOVE) {
			rm = true;
			assert_string_equal(steps.items[i].mac,
					    "52:54:00:78:00:02");
		}
	}
	assert_true(host && rm);
	assert_int_equal(steps.count, 3);
	assert_int_equal(steps.items[2].kind, APPLY_GUEST_SEED);
	t = new_txn(f, &steps);
	assert_int_equal(run(t), APPLY_READY);
	x = net_xml(f, "edge-nat");
	assert_non_null(strstr(x, "ip='10.77.0.20'"));
	free(x);
	x = dom_xml(f, "edge-vm");
	assert_null(strstr(x, "52:54:00:78:00:02"));
	free(x);
	assert_int_equal(apply_txn_rollback(t), APPLY_ROLLED_BACK);
	apply_txn_free(t);
	x = world(virt_handle(f->c));
	assert_string_equal(before, x);
	free(x);
	free(before);
}

static void test_readback(void **state)
{
	struct fx *f = *state;
	struct apply_steps steps;
	struct apply_txn *t;
	struct readback *rb = malloc(sizeof(*rb));
	struct diag_list d;
	struct plan p;
	char err[256];

	assert_non_null(rb);
	diag_list_init(&d);
	/* Before: one NIC on the stock default network, DHCP. */
	assert_int_equal(readback_deployment(f->c, "edge-vm", PROFILE_CLIENT,
					     NULL, rb, &d, err, sizeof(err)), 0);
	assert_int_equal(rb->plan.nnics, 1);
	assert_string_equal(rb->plan.nics[0].mac, "52:54:00:e4:00:01");
	assert_int_equal(rb->plan.nics[0].mode, IP_DHCP);
	assert_int_equal(rb->plan.nswitches, 1);
	assert_int_equal(rb->plan.switches[0].type, SWITCH_DEFAULT);
	assert_string_equal(rb->plan.switches[0].address, "192.168.122.1/24");
	assert_true(rb->running);

	load(plan_a, &p);
	prepare(f, &p, &steps);
	t = new_txn(f, &steps);
	assert_int_equal(run(t), APPLY_READY);
	assert_int_equal(apply_txn_commit(t), APPLY_COMMITTED);
	apply_txn_free(t);

	diag_list_clear(&d);
	assert_int_equal(readback_deployment(f->c, "edge-vm", PROFILE_SERVER,
					     NULL, rb, &d, err, sizeof(err)), 0);
	assert_int_equal(rb->plan.nnics, 2);
	assert_string_equal(rb->plan.nics[0].switch_name, "edge-nat");
	assert_int_equal(rb->plan.nics[0].mode, IP_STATIC);
	assert_string_equal(rb->plan.nics[0].address, "10.77.0.10");
	assert_int_equal(rb->plan.nics[0].prefix, 24);
	assert_string_equal(rb->plan.nics[0].gateway, "10.77.0.1");
	assert_true(rb->plan.nics[0].primary);
	assert_string_equal(rb->plan.nics[1].mac, "52:54:00:78:00:02");
	assert_int_equal(rb->plan.nics[1].mode, IP_DHCP);
	assert_string_equal(rb->nics[1].model, "virtio");
	assert_int_equal(rb->plan.nswitches, 2);
	assert_int_equal(rb->plan.switches[0].type, SWITCH_INTERNAL);
	assert_true(rb->plan.switches[0].nat);
	assert_false(rb->plan.switches[1].nat);
	assert_string_equal(rb->plan.switches[1].dhcp_start, "10.78.0.100");
	assert_non_null(diag_find(&d, "nics[0]"));

	/* Unknown VM: a message. */
	assert_int_equal(readback_deployment(f->c, "nope", PROFILE_SERVER,
					     NULL, rb, &d, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "cannot read the VM back"));
	diag_list_free(&d);
	free(rb);
}

/* An apply abandoned half way (the process would have died) is found in
 * the journal and rolled back; one with only verification left is
 * finished. */
static void test_recover_in_process(void **state)
{
	struct fx *f = *state;
	struct apply_steps steps;
	struct apply_txn *t;
	struct plan p;
	char *before, *after, *msg, uri[128], err[256];
	size_t k;

	load(plan_a, &p);
	before = world(virt_handle(f->c));
	for (k = 1; k <= 3; k++) {
		prepare(f, &p, &steps);
		t = new_txn(f, &steps);
		while (apply_txn_done_count(t) < k)
			assert_int_equal(apply_txn_step(t), APPLY_MORE);
		apply_txn_free(t);	/* "crash": journal left behind */
		assert_int_equal(apply_txn_pending(f->dir, uri, sizeof(uri),
						   err, sizeof(err)), 1);
		assert_string_equal(uri, "test:///");
		/* A new apply is refused until it is recovered. */
		prepare(f, &p, &steps);
		assert_null(apply_txn_new(&steps, &f->ops, f->dir, "x", NULL,
					  NULL, err, sizeof(err)));
		assert_non_null(strstr(err, "recovered first"));
		apply_steps_free(&steps);
		assert_int_equal(apply_txn_recover(f->dir, &f->ops, NULL, &msg),
				 APPLY_RECOVERY_ROLLED_BACK);
		assert_non_null(strstr(msg, "ROLLED BACK"));
		free(msg);
		after = world(virt_handle(f->c));
		assert_string_equal(before, after);
		free(after);
		assert_false(journal_exists(f));
	}
	/* Every step done, the final check not yet run: finished. */
	prepare(f, &p, &steps);
	k = steps.count;
	t = new_txn(f, &steps);
	while (apply_txn_done_count(t) < k)
		assert_int_equal(apply_txn_step(t), APPLY_MORE);
	apply_txn_free(t);
	assert_int_equal(apply_txn_recover(f->dir, &f->ops, NULL, &msg),
			 APPLY_RECOVERY_FINISHED);
	assert_non_null(strstr(msg, "FINISHED"));
	free(msg);
	assert_false(journal_exists(f));
	after = net_xml(f, "edge-nat");
	assert_non_null(after);
	free(after);
	/* Waiting for confirmation when it stopped: rolled back. */
	snprintf(p.nics[0].address, sizeof(p.nics[0].address), "10.77.0.30");
	before = (free(before), world(virt_handle(f->c)));
	prepare(f, &p, &steps);
	t = new_txn(f, &steps);
	assert_int_equal(run(t), APPLY_READY);
	apply_txn_free(t);
	assert_int_equal(apply_txn_recover(f->dir, &f->ops, NULL, &msg),
			 APPLY_RECOVERY_ROLLED_BACK);
	assert_non_null(strstr(msg, "confirming"));
	free(msg);
	after = world(virt_handle(f->c));
	assert_string_equal(before, after);
	free(after);
	free(before);
	/* Nothing pending: nothing to say. */
	assert_int_equal(apply_txn_recover(f->dir, &f->ops, NULL, &msg),
			 APPLY_RECOVERY_NONE);
	assert_null(msg);
}

static void count_start(void *ctx)
{
	(*(int *)ctx)++;
}

/* The recovery the command line and the console share
 * (backend/apply_recover.h): nothing pending; an apply left on the host
 * already open, rolled back through it; one on a host that cannot be
 * reached, kept for the next start. */
static void test_recover_shared(void **state)
{
	static const char far[] =
		"qemu+unix:///system?socket=/nonexistent/edgenet-tva.sock";
	struct fx *f = *state;
	struct apply_recover rec;
	struct apply_steps steps;
	struct apply_txn *t;
	struct plan p;
	char *before, *after, *msg, err[512];
	int started = 0;

	load(plan_a, &p);
	before = world(virt_handle(f->c));
	apply_recover_run(f->dir, f->c, "test:///", NULL, count_start,
			  &started, &rec);
	assert_int_equal(rec.stage, APPLY_RECOVER_NOTHING);
	assert_int_equal(rec.result, APPLY_RECOVERY_NONE);
	assert_int_equal(started, 0);

	prepare(f, &p, &steps);
	t = new_txn(f, &steps);
	assert_int_equal(apply_txn_step(t), APPLY_MORE);
	apply_txn_free(t);	/* "crash": journal left behind */
	apply_recover_run(f->dir, f->c, "test:///", NULL, count_start,
			  &started, &rec);
	assert_int_equal(started, 1);
	assert_int_equal(rec.stage, APPLY_RECOVER_RAN);
	assert_int_equal(rec.result, APPLY_RECOVERY_ROLLED_BACK);
	assert_non_null(rec.msg);
	assert_non_null(strstr(rec.msg, "ROLLED BACK"));
	apply_recover_free(&rec);
	assert_false(journal_exists(f));
	after = world(virt_handle(f->c));
	assert_string_equal(before, after);
	free(after);

	prepare(f, &p, &steps);
	t = apply_txn_new(&steps, &f->ops, f->dir, far, "plan", NULL, err,
			  sizeof(err));
	assert_non_null(t);
	assert_int_equal(apply_txn_step(t), APPLY_MORE);
	apply_txn_free(t);
	apply_recover_run(f->dir, f->c, "test:///", NULL, NULL, NULL, &rec);
	assert_int_equal(rec.stage, APPLY_RECOVER_UNREACHABLE);
	assert_int_equal(rec.result, APPLY_RECOVERY_FAILED);
	assert_string_equal(rec.uri, far);
	assert_true(rec.err[0] != '\0');
	assert_null(rec.msg);
	assert_true(journal_exists(f));
	apply_recover_free(&rec);
	assert_int_equal(apply_txn_recover(f->dir, &f->ops, NULL, &msg),
			 APPLY_RECOVERY_ROLLED_BACK);
	free(msg);
	after = world(virt_handle(f->c));
	assert_string_equal(before, after);
	free(after);
	free(before);
}

static void test_refusals(void **state)
{
	struct fx *f = *state;
	struct apply_steps steps;
	struct diag_list d;
	struct plan p;
	char *before, *after;

	before = world(virt_handle(f->c));
	diag_list_init(&d);
	/* A plan with an error: nothing planned, nothing read. */
	load(plan_a, &p);
	snprintf(p.nics[0].gateway, sizeof(p.nics[0].gateway), "10.99.0.1");
	assert_int_equal(virt_apply_prepare(f->c, &p, &f->pol, &f->st, &steps,
					    &d), -1);
	assert_non_null(diag_find(&d, "nics[0].ip.gateway"));
	assert_int_equal(steps.count, 0);
	/* A VM that does not exist. */
	diag_list_clear(&d);
	load(plan_a, &p);
	snprintf(p.domain, sizeof(p.domain), "no-such-vm");
	assert_int_equal(virt_apply_prepare(f->c, &p, &f->pol, &f->st, &steps,
					    &d), -1);
	assert_non_null(diag_find(&d, "vm"));
	assert_non_null(strstr(diag_find(&d, "vm")->message,
			       "does not exist"));
	diag_list_free(&d);
	after = world(virt_handle(f->c));
	assert_string_equal(before, after);
	free(before);
	free(after);
}

/* A bridge on an uplink, over the test driver (the demo host): its links
 * are not this machine's, so prepare plans no link step, only a warning,
 * and the network goes onto the bridge as the plan names it. */
static void test_bridge_on_test_driver(void **state)
{
	static const char plan_ext[] =
		"version = 1; profile = \"client\"; vm = \"edge-vm\";\n"
		"switches = ( { name = \"plant\"; type = \"external\";\n"
		"   uplink = \"enp2s0\"; mode = \"bridge\"; "
		"bridge = \"br0\"; } );\n"
		"nics = ( { name = \"eth0\"; switch = \"plant\"; "
		"primary = true;\n"
		"   mac = \"52:54:00:e4:00:01\"; ip = { mode = \"dhcp\"; }; "
		"} );\n";
	struct fx *f = *state;
	struct apply_steps steps;
	struct diag_list d;
	struct plan p;
	const struct diag *w;
	size_t i;

	assert_false(virt_apply_is_local(f->c));
	load(plan_ext, &p);
	diag_list_init(&d);
	assert_int_equal(virt_apply_prepare(f->c, &p, &f->pol, &f->st, &steps,
					    &d), 0);
	assert_true(steps.count > 0);
	for (i = 0; i < steps.count; i++)
		assert_int_not_equal(steps.items[i].kind, APPLY_LINK_BRIDGE);
	w = diag_find(&d, "switches[0].uplink");
	assert_non_null(w);
	assert_int_equal(w->severity, DIAG_WARNING);
	assert_non_null(strstr(w->message, "changes no link for it"));
	apply_steps_free(&steps);
	diag_list_free(&d);
}

/* MACs the plan leaves out come from the state directory, once. */
static void test_generated_mac_kept(void **state)
{
	struct fx *f = *state;
	struct apply_steps steps;
	struct plan p;
	struct mac m1;
	char mac[MAC_STRLEN], err[256];
	bool gen;

	load(plan_a, &p);
	p.nics[1].mac[0] = '\0';
	prepare(f, &p, &steps);
	assert_int_equal(state_lookup_mac(&f->st, "edge-vm", "eth1", &m1, err,
					  sizeof(err)), 1);
	mac_format(&m1, mac);
	assert_int_equal(steps.items[steps.count - 1].kind, APPLY_GUEST_SEED);
	assert_string_equal(steps.items[steps.count - 2].mac, mac);
	apply_steps_free(&steps);
	assert_int_equal(state_nic_mac(&f->st, "edge-vm", "eth1", &m1, &gen,
				       err, sizeof(err)), 0);
	assert_false(gen);
}

/* S with every FROM replaced by TO (malloc'd). */
static char *subst(const char *s, const char *from, const char *to)
{
	char *out = NULL;
	const char *q;

	add(&out, "");
	while ((q = strstr(s, from))) {
		char *part = strndup(s, (size_t)(q - s));

		assert_non_null(part);
		add(&out, part);
		add(&out, to);
		free(part);
		s = q + strlen(from);
	}
	add(&out, s);
	return out;
}

/* Entries in DIR (without . and ..). */
static int dir_entries(const char *dir)
{
	struct dirent *e;
	DIR *d = opendir(dir);
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

/* A dry run changes nothing, in libvirt (every network and domain, on the
 * same connection) or in the state directory, generates no MAC, and
 * shows exactly what the real apply then does, with the MAC it generates
 * (and the seed named after it) as "generated at apply". */
static void test_dry_run_changes_nothing(void **state)
{
	struct fx *f = *state;
	struct apply_steps dry, real;
	bool known[PLAN_MAX_NICS];
	struct diag_list d;
	struct plan p;
	struct mac m1;
	char *before, *after, *rdry, *rreal, *x, *y;
	char mac[MAC_STRLEN], err[256], seed[APPLY_PATH_MAX];
	const char *base;
	size_t i;

	load(plan_a, &p);
	p.nics[1].mac[0] = '\0';
	before = world(virt_handle(f->c));
	diag_list_init(&d);
	assert_int_equal(virt_apply_prepare_dry(f->c, &p, &f->pol, &f->st,
						known, &dry, &d), 0);
	diag_list_free(&d);
	assert_true(known[0]);
	assert_false(known[1]);
	after = world(virt_handle(f->c));
	assert_string_equal(before, after);
	assert_int_equal(dir_entries(f->dir), 0);
	assert_int_equal(state_lookup_mac(&f->st, "edge-vm", "eth1", &m1, err,
					  sizeof(err)), 0);
	rdry = apply_steps_report(&dry);
	assert_non_null(rdry);
	assert_non_null(strstr(rdry, "Add NIC eth1 (MAC [new MAC of eth1, "
			       "generated at apply])"));
	assert_null(strstr(rdry, "02:ed:"));

	/* The real thing: the same steps, the generated MAC in place. */
	prepare(f, &p, &real);
	assert_int_equal(state_lookup_mac(&f->st, "edge-vm", "eth1", &m1, err,
					  sizeof(err)), 1);
	mac_format(&m1, mac);
	assert_int_equal(dry.count, real.count);
	seed[0] = '\0';
	for (i = 0; i < real.count; i++)
		if (real.items[i].kind == APPLY_GUEST_SEED) {
			base = strrchr(real.items[i].seed_after, '/');
			assert_non_null(base);
			snprintf(seed, sizeof(seed), "%s", base + 1);
		}
	assert_true(seed[0]);
	rreal = apply_steps_report(&real);
	assert_non_null(rreal);
	assert_null(strstr(rdry, mac));
	x = subst(rreal, mac, "[new MAC of eth1, generated at apply]");
	y = subst(x, seed, "seed-[named after its contents at apply].iso");
	assert_string_equal(y, rdry);
	free(x);
	free(y);
	free(rreal);
	free(rdry);
	free(before);
	free(after);
	apply_steps_free(&dry);
	apply_steps_free(&real);
}

int main(void)
{
	const char *d = getenv("EDGENET_DATADIR");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_apply_plan_a, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_rollback_restores_all,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_fault_each_step_plan_a,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_fault_each_step_plan_b,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_fault_each_step_no_update,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_dhcp_host_update_and_fallback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_plan, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_readback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recover_in_process, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bridge_on_test_driver,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_recover_shared, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_generated_mac_kept, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_dry_run_changes_nothing,
						setup, teardown),
	};
	char buf[PATH_MAX];

	/* tests/data beside data/ (EDGENET_DATADIR is the top's data/). */
	if (d && *d)
		snprintf(buf, sizeof(buf), "%s/../tests/data", d);
	else
		snprintf(buf, sizeof(buf), "tests/data");
	if (!realpath(buf, datadir))
		snprintf(datadir, sizeof(datadir), "%s", buf);
	virt_quiet_errors();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
