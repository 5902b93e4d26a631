/*
 * test_guestcfg.c - the files the VM receives (src/core/guestcfg.c):
 * every combination the wizard allows (switch type x IP mode, offline
 * NICs, several DNS servers and search domains, none) and the shipped
 * example plans, compared with golden files under
 * tests/golden/guestcfg/CASE/ laid out as `edgenet render` writes them
 * (networkd/05-edgenet-NIC.network, cloud-init/{meta-data,user-data,
 * network-config}); determinism; refusal of invalid plans; the bootcmd
 * script free of plan values; the file names.
 *
 * EDGENET_REGEN_GOLDEN=1 rewrites the golden files instead of comparing
 * (review with `git diff tests/golden/guestcfg`); a mismatch leaves
 * CASE-FILE.actual in the build directory and prints both versions.
 * Pure: memory, plus reading (or regenerating) the golden files.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/guestcfg.h"
#include "core/planfile.h"
#include "core/policy.h"
#include "core/validate.h"

static struct policy pol;

/* ---- helpers ---- */

static const char *srcdir(void)
{
	const char *d = getenv("top_srcdir");

	return d && d[0] ? d : ".";
}

static bool regen(void)
{
	const char *r = getenv("EDGENET_REGEN_GOLDEN");

	return r && strcmp(r, "1") == 0;
}

static void load(const char *text, struct plan *p)
{
	struct diag_list d;

	diag_list_init(&d);
	assert_int_equal(planfile_load_string(text, p, NULL, &d), PLANFILE_OK);
	assert_int_equal(diag_count(&d, DIAG_ERROR), 0);
	diag_list_free(&d);
}

/* The plan's own MAC, else 52:54:00:00:00:0N for NIC N-1 (stands in for
 * the one kept in the state directory). */
static void macs_for(const struct plan *p, struct mac *m)
{
	size_t i;

	for (i = 0; i < p->nnics; i++) {
		if (p->nics[i].mac[0]) {
			assert_int_equal(mac_parse(p->nics[i].mac, &m[i]),
					 MAC_OK);
			continue;
		}
		memset(&m[i], 0, sizeof(m[i]));
		m[i].b[0] = 0x52;
		m[i].b[1] = 0x54;
		m[i].b[5] = (uint8_t)(i + 1);
	}
}

static void render_ok(const struct plan *p, struct guest_config *g)
{
	struct mac macs[PLAN_MAX_NICS];
	struct diag_list d;
	size_t i;

	macs_for(p, macs);
	diag_list_init(&d);
	if (guestcfg_render(p, &pol, macs, g, &d) != 0) {
		for (i = 0; i < d.count; i++)
			printf("# %s: %s\n", d.items[i].path,
			       d.items[i].message);
		fail_msg("the plan did not render");
	}
	assert_int_equal(diag_count(&d, DIAG_ERROR), 0);
	diag_list_free(&d);
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = calloc(1, (size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void make_dir(const char *path)
{
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		fail_msg("cannot create %s: %s", path, strerror(errno));
}

/* Compares TEXT with golden file CASE/SUB/NAME (or rewrites it). */
static void golden_file(const char *cas, const char *sub, const char *name,
			const char *text)
{
	char path[PATH_MAX], apath[PATH_MAX];
	char *want;

	snprintf(path, sizeof(path), "%s/tests/golden/guestcfg/%s/%s/%s",
		 srcdir(), cas, sub, name);
	if (regen()) {
		write_file(path, text);
		printf("# regenerated %s\n", path);
		return;
	}
	want = read_file(path);
	if (!want || strcmp(want, text) != 0) {
		snprintf(apath, sizeof(apath), "%s-%s.actual", cas, name);
		write_file(apath, text);
		printf("--- expected (%s)\n%s--- got (kept in %s)\n%s", path,
		       want ? want : "(missing)\n", apath, text);
		free(want);
		fail_msg("%s/%s/%s differs from the golden file", cas, sub,
			 name);
	}
	free(want);
}

/* The golden networkd/ directory of CASE holds exactly G's files (on
 * regeneration, files of ours that the case no longer has go away). */
static void golden_networkd_list(const char *cas,
				 const struct guest_config *g)
{
	char dir[PATH_MAX], path[PATH_MAX + 256];
	struct dirent *e;
	size_t i, n = 0;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/tests/golden/guestcfg/%s/networkd",
		 srcdir(), cas);
	d = opendir(dir);
	assert_non_null(d);
	while ((e = readdir(d))) {
		bool found = false;

		if (e->d_name[0] == '.')
			continue;
		for (i = 0; i < g->nnetworkd; i++)
			if (!strcmp(g->networkd[i].name, e->d_name))
				found = true;
		if (found) {
			n++;
		} else if (regen()) {
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			assert_int_equal(unlink(path), 0);
		} else {
			closedir(d);
			fail_msg("%s holds %s, which the plan does not render",
				 dir, e->d_name);
		}
	}
	closedir(d);
	assert_int_equal(n, g->nnetworkd);
}

static void golden_case(const char *cas, const struct guest_config *g)
{
	char dir[PATH_MAX];
	size_t i;

	if (regen()) {
		snprintf(dir, sizeof(dir), "%s/tests/golden/guestcfg", srcdir());
		make_dir(dir);
		snprintf(dir, sizeof(dir), "%s/tests/golden/guestcfg/%s",
			 srcdir(), cas);
		make_dir(dir);
		snprintf(dir, sizeof(dir),
			 "%s/tests/golden/guestcfg/%s/networkd", srcdir(), cas);
		make_dir(dir);
		snprintf(dir, sizeof(dir),
			 "%s/tests/golden/guestcfg/%s/cloud-init", srcdir(),
			 cas);
		make_dir(dir);
	}
	for (i = 0; i < g->nnetworkd; i++)
		golden_file(cas, "networkd", g->networkd[i].name,
			    g->networkd[i].text);
	golden_networkd_list(cas, g);
	golden_file(cas, "cloud-init", "meta-data", g->meta_data);
	golden_file(cas, "cloud-init", "user-data", g->user_data);
	golden_file(cas, "cloud-init", "network-config", g->network_config);
}

/* ---- the plans ---- */

#define CLIENT "version = 1; profile = \"client\"; vm = \"edge-vm\";\n"
#define SERVER "version = 1; profile = \"server\"; vm = \"edge-vm\";\n"
#define SW_DEFAULT \
	" { name = \"default\"; type = \"default\"; address = \"192.168.122.1/24\";\n" \
	"   dhcp = true; dhcp_start = \"192.168.122.2\";\n" \
	"   dhcp_end = \"192.168.122.254\"; nat = true; }"
#define SW_INTERNAL \
	" { name = \"edge-int\"; type = \"internal\"; address = \"172.20.0.1/24\";\n" \
	"   dhcp = true; dhcp_start = \"172.20.0.100\"; dhcp_end = \"172.20.0.200\";\n" \
	"   nat = true; }"
#define SW_PLANT \
	" { name = \"plant\"; type = \"external\"; uplink = \"enp2s0\";\n" \
	"   mode = \"bridge\"; bridge = \"br0\"; }"
#define SW_OT \
	" { name = \"ot\"; type = \"external\"; uplink = \"enp3s0\";\n" \
	"   mode = \"macvtap\"; }"

struct gc_case {
	const char *name;
	const char *plan;
};

static const struct gc_case cases[] = {
	{ "default-dhcp", CLIENT
	  "switches = (" SW_DEFAULT ");\n"
	  "nics = ( { name = \"eth0\"; switch = \"default\"; primary = true;\n"
	  "           ip = { mode = \"dhcp\"; }; } );\n" },
	{ "internal-static", SERVER
	  "switches = (" SW_INTERNAL ");\n"
	  "nics = ( { name = \"eth0\"; switch = \"edge-int\"; primary = true;\n"
	  "           ip = { mode = \"static\"; address = \"172.20.0.10\";\n"
	  "                  prefix = 24; gateway = \"172.20.0.1\"; };\n"
	  "           dns = { servers = [ \"172.20.0.1\" ]; }; } );\n" },
	{ "internal-dhcp", SERVER
	  "switches = (" SW_INTERNAL ");\n"
	  "nics = ( { name = \"eth0\"; switch = \"edge-int\"; primary = true;\n"
	  "           ip = { mode = \"dhcp\"; }; metric = 50; } );\n" },
	/* The MAC as typed in upper case: written in lower case. */
	{ "external-static", CLIENT
	  "switches = (" SW_PLANT ");\n"
	  "nics = ( { name = \"ens3\"; switch = \"plant\"; primary = true;\n"
	  "           mac = \"52:54:00:AB:CD:EF\";\n"
	  "           ip = { mode = \"static\"; address = \"192.168.10.40\";\n"
	  "                  prefix = 23; gateway = \"192.168.11.254\"; };\n"
	  "           dns = { servers = [ \"192.168.11.254\" ]; }; } );\n" },
	{ "external-dhcp", SERVER
	  "switches = (" SW_OT ");\n"
	  "nics = ( { name = \"eth0\"; switch = \"ot\"; primary = true;\n"
	  "           ip = { mode = \"dhcp\"; }; } );\n" },
	/* An offline static NIC without a gateway, with search domains
	 * (one already routing-only). */
	{ "offline-static", CLIENT
	  "switches = (" SW_PLANT ",\n" SW_OT ");\n"
	  "nics = ( { name = \"eth0\"; switch = \"plant\"; primary = true;\n"
	  "           ip = { mode = \"dhcp\"; }; },\n"
	  "         { name = \"eth1\"; switch = \"ot\"; offline = true;\n"
	  "           ip = { mode = \"static\"; address = \"10.50.0.20\";\n"
	  "                  prefix = 24; };\n"
	  "           dns = { servers = [ \"10.50.0.2\" ];\n"
	  "                   search = [ \"ot.plant.local\", \"~opc.local\" ]; };\n"
	  "           metric = 900; } );\n" },
	/* An offline DHCP NIC next to a static one. */
	{ "offline-dhcp", SERVER
	  "switches = (" SW_INTERNAL ",\n" SW_OT ");\n"
	  "nics = ( { name = \"eth0\"; switch = \"edge-int\"; primary = true;\n"
	  "           ip = { mode = \"static\"; address = \"172.20.0.10\";\n"
	  "                  prefix = 24; gateway = \"172.20.0.1\"; };\n"
	  "           dns = { servers = [ \"172.20.0.1\" ]; };\n"
	  "           metric = 10; },\n"
	  "         { name = \"eth1\"; switch = \"ot\"; offline = true;\n"
	  "           ip = { mode = \"dhcp\"; };\n"
	  "           dns = { search = [ \"ot.local\" ]; }; } );\n" },
	/* Several servers (one IPv6, written in its canonical form) and
	 * several search domains, on a static and on a DHCP NIC. */
	{ "dns-many", SERVER
	  "switches = (" SW_INTERNAL ",\n" SW_OT ");\n"
	  "nics = ( { name = \"eth0\"; switch = \"edge-int\"; primary = true;\n"
	  "           ip = { mode = \"static\"; address = \"172.20.0.10\";\n"
	  "                  prefix = 24; gateway = \"172.20.0.1\"; };\n"
	  "           dns = { servers = [ \"172.20.0.1\", \"9.9.9.9\",\n"
	  "                               \"2001:DB8:0:0::53\" ];\n"
	  "                   search = [ \"plant.local\", \"example.com\",\n"
	  "                              \"~corp.example\" ]; }; },\n"
	  "         { name = \"eth1\"; switch = \"ot\";\n"
	  "           ip = { mode = \"dhcp\"; };\n"
	  "           dns = { servers = [ \"10.0.0.53\", \"10.0.1.53\" ];\n"
	  "                   search = [ \"ot.local\" ]; }; } );\n" },
	/* A static NIC with no DNS at all (validation only warns). */
	{ "no-dns", SERVER
	  "switches = (" SW_INTERNAL ");\n"
	  "nics = ( { name = \"eth0\"; switch = \"edge-int\"; primary = true;\n"
	  "           ip = { mode = \"static\"; address = \"172.20.0.10\";\n"
	  "                  prefix = 24; gateway = \"172.20.0.1\"; }; } );\n" },
};

static const char *const examples[] = {
	"client-default-dhcp", "server-internal-static",
	"client-external-ot",
};

/* ---- tests ---- */

static void test_cases(void **state)
{
	struct guest_config g;
	struct plan p;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		printf("# case %s\n", cases[i].name);
		load(cases[i].plan, &p);
		render_ok(&p, &g);
		golden_case(cases[i].name, &g);
		guestcfg_free(&g);
	}
}

static void test_examples(void **state)
{
	char path[PATH_MAX], cas[64];
	struct guest_config g;
	struct diag_list d;
	struct plan p;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(examples) / sizeof(examples[0]); i++) {
		snprintf(path, sizeof(path), "%s/data/examples/%s.cfg",
			 srcdir(), examples[i]);
		snprintf(cas, sizeof(cas), "example-%s", examples[i]);
		diag_list_init(&d);
		assert_int_equal(planfile_load(path, &p, NULL, &d),
				 PLANFILE_OK);
		diag_list_free(&d);
		render_ok(&p, &g);
		golden_case(cas, &g);
		guestcfg_free(&g);
	}
}

/* What each case must hold, whatever the golden files say. */
static void test_properties(void **state)
{
	struct guest_config g;
	struct plan p;
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		load(cases[i].plan, &p);
		render_ok(&p, &g);
		assert_int_equal(g.nnetworkd, p.nnics);
		for (j = 0; j < p.nnics; j++) {
			const char *t = g.networkd[j].text;
			const struct plan_nic *n = &p.nics[j];
			char want[64];

			assert_string_equal(g.networkd[j].nic, n->name);
			assert_true(guestcfg_is_ours(g.networkd[j].name));
			assert_non_null(strstr(t, "[Match]\nMACAddress="));
			/* [Network] Gateway= would add a metric-0 route:
			 * the only gateway is in [Route]. */
			if (strstr(t, "\nGateway="))
				assert_ptr_equal(strstr(t, "\nGateway=") - 7,
						 strstr(t, "[Route]\nGateway="));
			snprintf(want, sizeof(want), "Metric=%lld\n",
				 plan_nic_metric(&p, j));
			if (n->mode == IP_DHCP || !n->offline)
				assert_non_null(strstr(t, want));
			assert_int_equal(strstr(t, "[Route]") != NULL,
					 n->mode == IP_STATIC && !n->offline);
			assert_int_equal(strstr(t, "DNSDefaultRoute=no") != NULL,
					 n->offline);
			assert_int_equal(strstr(t, "RequiredForOnline=no") !=
					 NULL, n->offline);
			assert_int_equal(strstr(t, "UseGateway=no") != NULL,
					 n->offline && n->mode == IP_DHCP);
		}
		assert_null(strstr(g.network_config, "to: default"));
		assert_null(strstr(g.network_config, "\"default\""));
		assert_non_null(strstr(g.network_config, "version: 2\n"));
		assert_string_equal(g.meta_data, "# Written by edgenet.\n"
				    "instance-id: \"edgenet-edge-vm\"\n");
		guestcfg_free(&g);
	}
}

static void test_deterministic(void **state)
{
	struct guest_config a, b;
	struct plan p;
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		load(cases[i].plan, &p);
		render_ok(&p, &a);
		render_ok(&p, &b);
		assert_int_equal(a.nnetworkd, b.nnetworkd);
		for (j = 0; j < a.nnetworkd; j++) {
			assert_string_equal(a.networkd[j].name,
					    b.networkd[j].name);
			assert_string_equal(a.networkd[j].text,
					    b.networkd[j].text);
		}
		assert_string_equal(a.meta_data, b.meta_data);
		assert_string_equal(a.user_data, b.user_data);
		assert_string_equal(a.network_config, b.network_config);
		guestcfg_free(&a);
		guestcfg_free(&b);
		/* Freed means re-initialised: freeing again is harmless. */
		assert_null(a.meta_data);
		assert_int_equal(a.nnetworkd, 0);
		guestcfg_free(&a);
	}
}

static void expect_refused(const struct plan *p, const struct mac *macs,
			   const char *path)
{
	struct guest_config g;
	struct diag_list d;
	const struct diag *x;

	diag_list_init(&d);
	memset(&g, 0xa5, sizeof(g));
	assert_int_equal(guestcfg_render(p, &pol, macs, &g, &d), -1);
	x = diag_find(&d, path);
	assert_non_null(x);
	assert_int_equal(x->severity, DIAG_ERROR);
	/* Nothing rendered. */
	assert_int_equal(g.nnetworkd, 0);
	assert_null(g.meta_data);
	assert_null(g.user_data);
	assert_null(g.network_config);
	diag_list_free(&d);
	/* A NULL list is allowed. */
	assert_int_equal(guestcfg_render(p, &pol, macs, &g, NULL), -1);
}

static void test_refuses_invalid(void **state)
{
	struct mac macs[PLAN_MAX_NICS];
	struct plan p;

	(void)state;
	/* Gateway outside the subnet: the field is named. */
	load(cases[1].plan, &p);
	snprintf(p.nics[0].gateway, sizeof(p.nics[0].gateway), "172.21.0.1");
	macs_for(&p, macs);
	expect_refused(&p, macs, "nics[0].ip.gateway");

	/* Static on the default switch is not allowed by the policy. */
	load(cases[0].plan, &p);
	p.nics[0].mode = IP_STATIC;
	snprintf(p.nics[0].address, sizeof(p.nics[0].address),
		 "192.168.122.10");
	plan_nic_set_prefix(&p.nics[0], 24);
	snprintf(p.nics[0].gateway, sizeof(p.nics[0].gateway),
		 "192.168.122.1");
	macs_for(&p, macs);
	expect_refused(&p, macs, "nics[0].ip.mode");

	/* A bad search domain. */
	load(cases[7].plan, &p);
	snprintf(p.nics[1].search[0], sizeof(p.nics[1].search[0]),
		 "bad domain\n[Network]");
	macs_for(&p, macs);
	expect_refused(&p, macs, "nics[1].dns.search[0]");

	/* A valid plan with an unusable MAC (all zero, multicast). */
	load(cases[5].plan, &p);
	macs_for(&p, macs);
	memset(&macs[1], 0, sizeof(macs[1]));
	expect_refused(&p, macs, "nics[1].mac");
	macs_for(&p, macs);
	macs[0].b[0] = 0x01;
	expect_refused(&p, macs, "nics[0].mac");
}

/* user-data is one fixed text: two plans as different as can be (VM,
 * NIC names, addresses, modes, MACs) give the same bytes, and none of
 * their values is in it. */
static void test_user_data_fixed(void **state)
{
	static const char *const values[] = {
		"edge-vm", "eth0", "eth1", "172.20.0", "10.50.0", "52:54:00",
		"plant", "~", "metric",
	};
	struct guest_config a, b;
	struct plan p, q;
	size_t i;

	(void)state;
	load(cases[7].plan, &p);
	load(cases[4].plan, &q);
	snprintf(q.domain, sizeof(q.domain), "other-vm");
	snprintf(q.nics[0].name, sizeof(q.nics[0].name), "enp1s0");
	render_ok(&p, &a);
	render_ok(&q, &b);
	assert_string_equal(a.user_data, b.user_data);
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++)
		if (strstr(a.user_data, values[i]))
			fail_msg("user-data holds \"%s\"", values[i]);
	assert_string_equal(b.meta_data, "# Written by edgenet.\n"
			    "instance-id: \"edgenet-other-vm\"\n");
	/* The script's shape. */
	assert_memory_equal(a.user_data, "#cloud-config\n", 14);
	assert_non_null(strstr(a.user_data, "\nbootcmd:\n  - |\n    set -eu\n"));
	assert_non_null(strstr(a.user_data, "mount -o ro -L cidata "));
	assert_non_null(strstr(a.user_data, "trap cleanup EXIT"));
	assert_non_null(strstr(a.user_data,
			       "\"$m\"/networkd/05-edgenet-*.network"));
	assert_non_null(strstr(a.user_data,
			       "rm -f \"$d\"/05-edgenet-*.network"));
	assert_non_null(strstr(a.user_data, "    networkctl reload 2>/dev/null || systemctl restart systemd-networkd\n"));
	assert_non_null(strstr(a.user_data, "updates:\n  network:\n"
			       "    when:\n      - \"boot\"\n"));
	guestcfg_free(&a);
	guestcfg_free(&b);

	/* The instance-id stays when the plan of the same VM changes. */
	load(cases[0].plan, &p);
	load(cases[5].plan, &q);
	render_ok(&p, &a);
	render_ok(&q, &b);
	assert_string_equal(a.meta_data, b.meta_data);
	guestcfg_free(&a);
	guestcfg_free(&b);
}

static void test_file_names(void **state)
{
	char buf[GUEST_FILE_NAME_MAX], small[12];
	char longname[PLAN_NAME_MAX];

	(void)state;
	assert_int_equal(guestcfg_file_name("eth0", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "05-edgenet-eth0.network");
	/* networkd takes the first matching file in name order: ours must
	 * come before cloud-init's and netplan's. */
	assert_true(strcmp(buf, "10-netplan-eth0.network") < 0);
	assert_true(strcmp(buf, "10-cloud-init-eth0.network") < 0);
	assert_true(strcmp(GUEST_FILE_PREFIX, "10-netplan-") < 0);
	assert_true(strcmp(GUEST_FILE_PREFIX, "10-cloud-init-") < 0);
	/* Whatever the NIC's name (its first character decides nothing:
	 * the prefix already differs). */
	assert_int_equal(guestcfg_file_name("~~~", buf, sizeof(buf)), 0);
	assert_true(strcmp(buf, "10-cloud-init-") < 0);

	/* The longest plan name fits GUEST_FILE_NAME_MAX. */
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(guestcfg_file_name(longname, buf, sizeof(buf)), 0);
	assert_true(guestcfg_is_ours(buf));
	/* Too small a buffer, an empty name, a slash. */
	assert_int_equal(guestcfg_file_name("eth0", small, sizeof(small)), -1);
	assert_string_equal(small, "");
	assert_int_equal(guestcfg_file_name("", buf, sizeof(buf)), -1);
	assert_int_equal(guestcfg_file_name("a/b", buf, sizeof(buf)), -1);

	assert_true(guestcfg_is_ours("05-edgenet-eth0.network"));
	assert_true(guestcfg_is_ours("05-edgenet-x.network"));
	assert_false(guestcfg_is_ours("05-edgenet-.network"));
	assert_false(guestcfg_is_ours("05-edgenet-eth0.network~"));
	assert_false(guestcfg_is_ours("05-edgenet-eth0.link"));
	assert_false(guestcfg_is_ours("10-netplan-eth0.network"));
	assert_false(guestcfg_is_ours("05-edgenet-../x.network"));
	assert_false(guestcfg_is_ours("x/05-edgenet-eth0.network"));
	assert_false(guestcfg_is_ours(""));
}

/* Every NIC of a full plan renders, each in its own file, in plan
 * order. */
static void test_many_nics(void **state)
{
	struct guest_config g;
	struct plan p;
	size_t i;

	(void)state;
	load(cases[7].plan, &p);
	render_ok(&p, &g);
	assert_int_equal(g.nnetworkd, 2);
	assert_string_equal(g.networkd[0].name, "05-edgenet-eth0.network");
	assert_string_equal(g.networkd[1].name, "05-edgenet-eth1.network");
	for (i = 0; i < g.nnetworkd; i++)
		assert_non_null(strstr(g.network_config, g.networkd[i].nic));
	/* The IPv6 server in its canonical form, in both renderings. */
	assert_non_null(strstr(g.networkd[0].text, "DNS=2001:db8::53\n"));
	assert_non_null(strstr(g.network_config, "- \"2001:db8::53\"\n"));
	guestcfg_free(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_examples),
		cmocka_unit_test(test_properties),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_refuses_invalid),
		cmocka_unit_test(test_user_data_fixed),
		cmocka_unit_test(test_file_names),
		cmocka_unit_test(test_many_nics),
	};
	const char *d = getenv("EDGENET_DATADIR");
	char path[PATH_MAX];
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
