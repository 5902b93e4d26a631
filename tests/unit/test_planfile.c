/*
 * test_planfile.c - plans as libconfig files.
 *
 * Round trips must be exact (load(save(p)) equals p, and saving what was
 * loaded gives the same bytes) for rich plans built here and for the good
 * files in tests/data/plans.  Every bad file in tests/data/plans lists the
 * diagnostics it must produce in "# expect: LINE PATH | TEXT" comments at
 * its end.  Damaged input (every prefix of a good file, random bytes, NUL
 * bytes) must never crash.  Saving must fail cleanly into a missing
 * directory, and over an existing plan on a full file system (a real one:
 * a 64 KiB tmpfs in a private mount namespace, when root) the old plan
 * must stay byte for byte and no temporary file may be left.
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
#include <sched.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/fileio.h"
#include "core/planfile.h"

#define N_ELEM(x) (sizeof(x) / sizeof((x)[0]))

/* libconfig 1.5 leaks a string buffer when a syntax error follows a
 * string; that is its bug, not ours. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libconfig.so\n";
}

static void data_path(char *buf, size_t len, const char *name)
{
	const char *top = getenv("top_srcdir");

	snprintf(buf, len, "%s%stests/data/plans/%s", top ? top : "",
		 top ? "/" : "", name);
}

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
	char *d = malloc(64);

	if (!d)
		return -1;
	strcpy(d, "/tmp/edgenet-planfile-XXXXXX");
	if (!mkdtemp(d)) {
		free(d);
		return -1;
	}
	*state = d;
	return 0;
}

static int teardown_dir(void **state)
{
	nftw(*state, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(*state);
	return 0;
}

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void dump_diags(const struct diag_list *d)
{
	for (size_t i = 0; i < d->count; i++)
		print_message("  line %d [%s] %s\n", d->items[i].line,
			      d->items[i].path, d->items[i].message);
}

/* ---- plans built in code ---------------------------------------------- */

static void plan_client(struct plan *p)
{
	struct plan_switch *s;
	struct plan_nic *n;

	plan_init(p);
	p->profile = PROFILE_CLIENT;
	strcpy(p->domain, "edge-vm");
	s = plan_add_switch(p);
	strcpy(s->name, "default");
	s->type = SWITCH_DEFAULT;
	strcpy(s->address, "192.168.122.1/24");
	s->dhcp = true;
	strcpy(s->dhcp_start, "192.168.122.2");
	strcpy(s->dhcp_end, "192.168.122.254");
	s->nat = true;
	s = plan_add_switch(p);
	strcpy(s->name, "plant");
	s->type = SWITCH_EXTERNAL;
	strcpy(s->uplink, "enp2s0");
	strcpy(s->bridge, "br0");
	n = plan_add_nic(p);
	strcpy(n->name, "eth0");
	strcpy(n->switch_name, "default");
	strcpy(n->mac, "52:54:00:12:34:56");
	n->primary = true;
	n->mode = IP_DHCP;
	plan_nic_set_metric(n, 100);
	n = plan_add_nic(p);
	strcpy(n->name, "eth1");
	strcpy(n->switch_name, "plant");
	n->mode = IP_STATIC;
	strcpy(n->address, "10.0.0.10");
	plan_nic_set_prefix(n, 24);
	strcpy(n->gateway, "10.0.0.1");
	strcpy(n->dns[0], "10.0.0.1");
	n->ndns = 1;
	strcpy(n->search[0], "plant.local");
	n->nsearch = 1;
	plan_nic_set_metric(n, 200);
	n->offline = true;
}

/* Everything at its limits: full tables, longest strings, extreme
 * numbers, characters libconfig must escape. */
static void plan_full(struct plan *p)
{
	plan_init(p);
	p->profile = PROFILE_SERVER;
	memset(p->domain, 'd', PLAN_NAME_MAX - 1);
	for (int i = 0; i < PLAN_MAX_SWITCHES; i++) {
		struct plan_switch *s = plan_add_switch(p);

		snprintf(s->name, sizeof(s->name), "sw%d", i);
		s->type = (enum switch_type)(1 + i % 3);
		s->ext_mode = i % 2 ? EXT_MACVTAP : EXT_BRIDGE;
		memset(s->uplink, 'u', PLAN_NAME_MAX - 1);
		memset(s->bridge, 'b', PLAN_NAME_MAX - 1);
		memset(s->address, '1', PLAN_ADDR_MAX - 1);
		memset(s->dhcp_start, '2', PLAN_ADDR_MAX - 1);
		memset(s->dhcp_end, '3', PLAN_ADDR_MAX - 1);
		s->dhcp = i % 3 == 0;
		s->nat = i % 4 == 1;
	}
	for (int i = 0; i < PLAN_MAX_NICS; i++) {
		struct plan_nic *n = plan_add_nic(p);

		snprintf(n->name, sizeof(n->name), "eth%d \"q\" \\ \t\n%c", i,
			 '\x01' + i);
		snprintf(n->switch_name, sizeof(n->switch_name), "sw%d", i);
		memset(n->mac, 'm', PLAN_ADDR_MAX - 1);
		n->primary = i == 0;
		n->mode = (enum ip_mode)(i % 3);
		memset(n->address, 'a', PLAN_ADDR_MAX - 1);
		/* any value is kept as given (validation judges it);
		 * NIC 6 gives no prefix and NIC 7 no metric */
		plan_nic_set_prefix(n, i == 0 ? 0 : i == 1 ? 32 : i == 2 ? -5 :
				    i == 3 ? 2147483647 : i == 4 ?
				    -2147483647 - 1 : i == 5 ? -1 : 24);
		if (i == 6)
			plan_nic_clear_prefix(n);
		memset(n->gateway, 'g', PLAN_ADDR_MAX - 1);
		for (int j = 0; j < PLAN_MAX_DNS; j++)
			snprintf(n->dns[j], sizeof(n->dns[j]), "10.%d.%d.1", i, j);
		n->ndns = (size_t)(i * 3) % (PLAN_MAX_DNS + 1);
		for (int j = 0; j < PLAN_MAX_SEARCH; j++)
			memset(n->search[j], 'a' + j, PLAN_DOMAIN_MAX - 1);
		n->nsearch = (size_t)(PLAN_MAX_SEARCH - i);
		plan_nic_set_metric(n, i == 0 ? PLAN_METRIC_MAX : i == 1 ? 0 :
				    i == 2 ? 2147483648LL : i == 3 ? 2147483647 :
				    i == 4 ? -1 : i == 5 ?
				    9223372036854775806LL :
				    i == 6 ? -9223372036854775807LL : -3);
		if (i == 7)
			plan_nic_clear_metric(n);
		n->offline = i % 2;
	}
	/* High-bit bytes go through as they are. */
	strcpy(p->nics[7].search[0], "caf\xc3\xa9.example");
}

static void plan_empty(struct plan *p)
{
	plan_init(p);
}

/* Values that are wrong but must survive a save: unset enums, a macvtap
 * mode on a switch that is not external, DHCP and NAT on an external
 * switch, a static address with no mode. */
static void plan_odd(struct plan *p)
{
	struct plan_switch *s;
	struct plan_nic *n;

	plan_init(p);
	s = plan_add_switch(p);
	s->ext_mode = EXT_MACVTAP;
	s = plan_add_switch(p);
	s->type = SWITCH_EXTERNAL;
	s->dhcp = true;
	s->nat = true;
	s = plan_add_switch(p);
	s->type = SWITCH_INTERNAL;
	n = plan_add_nic(p);
	strcpy(n->address, "10.0.0.1");
	n = plan_add_nic(p);
	n->nsearch = 1;
	strcpy(n->search[0], "only.search");
	n = plan_add_nic(p);
	n->ndns = 1;
	plan_nic_set_prefix(n, 0);
}

static void check_round_trip(const struct plan *p, const char *what)
{
	struct plan q;
	struct diag_list d;
	char *a, *b;

	diag_list_init(&d);
	a = planfile_format(p);
	assert_non_null(a);
	if (planfile_load_string(a, &q, NULL, &d) != PLANFILE_OK || d.count) {
		print_message("%s:\n%s", what, a);
		dump_diags(&d);
		fail_msg("%s: the saved text does not load cleanly", what);
	}
	if (!plan_equal(p, &q)) {
		print_message("%s:\n%s", what, a);
		fail_msg("%s: load(save(p)) differs from p", what);
	}
	b = planfile_format(&q);
	assert_non_null(b);
	if (strcmp(a, b) != 0) {
		print_message("first:\n%s\nsecond:\n%s", a, b);
		fail_msg("%s: saving twice gives different text", what);
	}
	free(a);
	free(b);
	diag_list_free(&d);
}

static void test_round_trip_built(void **state)
{
	static const struct {
		const char *name;
		void (*build)(struct plan *);
	} plans[] = {
		{ "client", plan_client }, { "full", plan_full },
		{ "empty", plan_empty }, { "odd", plan_odd },
	};
	struct plan p;

	(void)state;
	for (size_t i = 0; i < N_ELEM(plans); i++) {
		plans[i].build(&p);
		check_round_trip(&p, plans[i].name);
	}
	/* Every metric up to the limit, including the ones that do not fit
	 * an int, and the limit itself. */
	plan_client(&p);
	for (long long m = PLAN_METRIC_MAX - 3; m <= PLAN_METRIC_MAX; m++) {
		plan_nic_set_metric(&p.nics[0], m);
		check_round_trip(&p, "big metric");
	}
}

static void test_round_trip_through_file(void **state)
{
	char path[256], err[256];
	struct plan p, q;
	struct diag_list d;
	struct stat sb;

	diag_list_init(&d);
	plan_full(&p);
	snprintf(path, sizeof(path), "%s/plan.cfg", (char *)*state);
	assert_int_equal(planfile_save(&p, path, err, sizeof(err)), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0644);
	assert_int_equal(planfile_load(path, &q, NULL, &d), PLANFILE_OK);
	assert_int_equal(d.count, 0);
	assert_true(plan_equal(&p, &q));
	/* Replacing it leaves exactly one file. */
	plan_client(&p);
	assert_int_equal(planfile_save(&p, path, err, sizeof(err)), 0);
	assert_int_equal(planfile_load(path, &q, NULL, &d), PLANFILE_OK);
	assert_true(plan_equal(&p, &q));
	assert_int_equal(count_entries(*state), 1);
	diag_list_free(&d);
}

static void test_good_files(void **state)
{
	static const char *const files[] = {
		"good-rich.cfg", "good-server.cfg", "good-strings.cfg",
		"good-minimal.cfg", "good-empty.cfg",
	};

	(void)state;
	for (size_t i = 0; i < N_ELEM(files); i++) {
		char path[512];
		struct plan p;
		struct diag_list d;
		struct plan_lines l;

		diag_list_init(&d);
		plan_lines_init(&l);
		data_path(path, sizeof(path), files[i]);
		if (planfile_load(path, &p, &l, &d) != PLANFILE_OK || d.count) {
			dump_diags(&d);
			fail_msg("%s does not load cleanly", path);
		}
		check_round_trip(&p, files[i]);
		diag_list_free(&d);
		plan_lines_free(&l);
	}
}

static void test_rich_file_values(void **state)
{
	char path[512];
	struct plan p, want;
	struct diag_list d;
	struct plan_lines l;

	(void)state;
	diag_list_init(&d);
	plan_lines_init(&l);
	data_path(path, sizeof(path), "good-rich.cfg");
	assert_int_equal(planfile_load(path, &p, &l, &d), PLANFILE_OK);
	assert_int_equal(d.count, 0);

	plan_client(&want);
	want.nics[0].offline = false;
	strcpy(want.nics[1].dns[1], "10.0.0.2");
	want.nics[1].ndns = 2;
	plan_nic_set_metric(&want.nics[1], 4294967295LL);
	assert_true(plan_equal(&p, &want));

	/* Lines of fields, as the validator will look them up. */
	assert_int_equal(plan_lines_lookup(&l, "version"), 2);
	assert_int_equal(plan_lines_lookup(&l, "profile"), 3);
	assert_int_equal(plan_lines_lookup(&l, "vm"), 4);
	assert_int_equal(plan_lines_lookup(&l, "switches"), 5);
	assert_int_equal(plan_lines_lookup(&l, "switches[0]"), 5);
	assert_int_equal(plan_lines_lookup(&l, "switches[0].dhcp_end"), 6);
	assert_int_equal(plan_lines_lookup(&l, "switches[1].bridge"), 7);
	assert_int_equal(plan_lines_lookup(&l, "nics[0].ip.mode"), 9);
	assert_int_equal(plan_lines_lookup(&l, "nics[1]"), 11);
	assert_int_equal(plan_lines_lookup(&l, "nics[1].ip.gateway"), 12);
	assert_int_equal(plan_lines_lookup(&l, "nics[1].dns.servers[1]"), 13);
	assert_int_equal(plan_lines_lookup(&l, "nics[1].dns.search[0]"), 13);
	assert_int_equal(plan_lines_lookup(&l, "nics[1].metric"), 14);
	/* Fields not written fall back to their nearest written parent. */
	assert_int_equal(plan_lines_lookup(&l, "nics[0].ip.gateway"), 9);
	assert_int_equal(plan_lines_lookup(&l, "nics[0].dns.servers[0]"), 8);
	assert_int_equal(plan_lines_lookup(&l, "switches[1].dhcp"), 7);
	assert_int_equal(plan_lines_lookup(&l, "nics[5]"), 8);
	assert_int_equal(plan_lines_lookup(&l, "nothing"), 0);
	assert_int_equal(plan_lines_lookup(NULL, "vm"), 0);

	/* annotate fills in lines that are missing, and only those. */
	diag_add(&d, DIAG_ERROR, "nics[1].ip.gateway", "x");
	diag_add_line(&d, DIAG_ERROR, "vm", 99, "y");
	diag_add(&d, DIAG_WARNING, "", "z");
	plan_lines_annotate(&l, &d);
	assert_int_equal(d.items[0].line, 12);
	assert_int_equal(d.items[1].line, 99);
	assert_int_equal(d.items[2].line, 0);
	diag_list_free(&d);
	plan_lines_free(&l);
}

/* ---- bad files: each lists what it must produce ---------------------- */

struct expect {
	int line;
	char path[DIAG_PATH_MAX];
	char text[256];
};

static size_t read_expects(const char *file, struct expect *e, size_t max)
{
	char err[256], *text, *p;
	size_t len, n = 0;

	text = fileio_read_all(file, 1 << 20, &len, err, sizeof(err));
	if (!text)
		fail_msg("%s", err);
	for (p = text; (p = strstr(p, "# expect: ")); p++) {
		char *bar, *eol;
		int off = 0;

		assert_true(n < max);
		if (sscanf(p + 10, "%d %n", &e[n].line, &off) != 1)
			fail_msg("%s: bad expect line", file);
		bar = strstr(p + 10, " | ");
		eol = strchr(p, '\n');
		assert_non_null(bar);
		assert_non_null(eol);
		if (p + 10 + off >= bar)
			e[n].path[0] = '\0';
		else
			snprintf(e[n].path, sizeof(e[n].path), "%.*s",
				 (int)(bar - (p + 10 + off)), p + 10 + off);
		/* The path ends before the blanks in front of the bar. */
		for (size_t k = strlen(e[n].path); k > 0 && e[n].path[k - 1] == ' '; k--)
			e[n].path[k - 1] = '\0';
		snprintf(e[n].text, sizeof(e[n].text), "%.*s",
			 (int)(eol - (bar + 3)), bar + 3);
		n++;
	}
	free(text);
	return n;
}

static void test_bad_files(void **state)
{
	static const struct {
		const char *file;
		enum planfile_status status;
	} files[] = {
		{ "bad-unknown-keys.cfg", PLANFILE_OK },
		{ "bad-types.cfg", PLANFILE_OK },
		{ "bad-not-lists.cfg", PLANFILE_OK },
		{ "bad-enums.cfg", PLANFILE_OK },
		{ "bad-too-long.cfg", PLANFILE_OK },
		{ "bad-too-many.cfg", PLANFILE_OK },
		{ "bad-version.cfg", PLANFILE_OK },
		{ "bad-numbers.cfg", PLANFILE_OK },
		{ "bad-syntax.cfg", PLANFILE_SYNTAX },
	};

	(void)state;
	for (size_t i = 0; i < N_ELEM(files); i++) {
		struct expect e[32];
		char path[512];
		struct plan p;
		struct diag_list d;
		size_t n;

		data_path(path, sizeof(path), files[i].file);
		n = read_expects(path, e, N_ELEM(e));
		assert_true(n > 0);
		diag_list_init(&d);
		if (planfile_load(path, &p, NULL, &d) != files[i].status) {
			dump_diags(&d);
			fail_msg("%s: wrong status", files[i].file);
		}
		if (d.count != n) {
			dump_diags(&d);
			fail_msg("%s: %zu diagnostics, expected %zu",
				 files[i].file, d.count, n);
		}
		for (size_t k = 0; k < n; k++) {
			const struct diag *x = diag_find(&d, e[k].path);

			if (!x || x->line != e[k].line ||
			    !strstr(x->message, e[k].text) ||
			    x->severity != DIAG_ERROR) {
				dump_diags(&d);
				fail_msg("%s: no error at line %d, path '%s', saying '%s'",
					 files[i].file, e[k].line, e[k].path,
					 e[k].text);
			}
		}
		diag_list_free(&d);
	}
}

static void test_bad_values_left_unset(void **state)
{
	char path[512];
	struct plan p;
	struct diag_list d;

	(void)state;
	diag_list_init(&d);
	data_path(path, sizeof(path), "bad-enums.cfg");
	planfile_load(path, &p, NULL, &d);
	assert_int_equal(p.profile, PROFILE_UNSET);
	assert_int_equal(p.switches[0].type, SWITCH_UNSET);
	assert_int_equal(p.switches[0].ext_mode, EXT_BRIDGE);
	assert_string_equal(p.switches[0].uplink, "enp2s0");
	assert_int_equal(p.nics[0].mode, IP_UNSET);
	diag_list_clear(&d);

	data_path(path, sizeof(path), "bad-too-long.cfg");
	planfile_load(path, &p, NULL, &d);
	assert_string_equal(p.domain, "");
	assert_string_equal(p.nics[0].mac, "");
	assert_int_equal(p.nics[0].ndns, 1);
	assert_string_equal(p.nics[0].dns[0], "10.0.0.1");
	assert_int_equal(p.nics[0].nsearch, 1);
	diag_list_clear(&d);

	data_path(path, sizeof(path), "bad-too-many.cfg");
	planfile_load(path, &p, NULL, &d);
	assert_int_equal(p.nnics, PLAN_MAX_NICS);
	assert_int_equal(p.nics[0].ndns, PLAN_MAX_DNS);
	assert_string_equal(p.nics[7].name, "eth7");
	diag_list_clear(&d);

	data_path(path, sizeof(path), "bad-numbers.cfg");
	planfile_load(path, &p, NULL, &d);
	assert_false(p.nics[0].has_prefix);
	assert_false(p.nics[0].has_metric);
	diag_list_clear(&d);

	data_path(path, sizeof(path), "bad-types.cfg");
	planfile_load(path, &p, NULL, &d);
	assert_false(p.nics[0].has_prefix);
	assert_false(p.nics[0].primary);
	assert_int_equal(p.nics[0].ndns, 0);
	assert_int_equal(p.nnics, 2);
	diag_list_free(&d);
}

/* ---- values from text --------------------------------------------------- */

struct text_case {
	const char *text;
	const char *path;	/* of the one error expected, NULL for none */
	int line;
	int given;		/* 1 metric given, 2 prefix given, 3 both */
	long long metric;	/* expected nics[0].metric when given */
	int prefix;		/* expected nics[0].ip.prefix when given */
};

static void test_numbers_from_text(void **state)
{
	static const struct text_case cases[] = {
		{ "nics = ({ metric = 4294967295; });", NULL, 0, 1, 4294967295LL, 0 },
		{ "nics = ({ metric = 4294967295L; });", NULL, 0, 1, 4294967295LL, 0 },
		{ "nics = ({ metric = 4294967296; });", NULL, 0, 1, 4294967296LL, 0 },
		{ "nics = ({ metric = 0x7fffffffff; });", "nics[0].metric", 1, 0, 0, 0 },
		{ "nics = ({ metric = -1; });", NULL, 0, 1, -1, 0 },
		{ "nics = ({ metric = -7; ip = { prefix = 99; }; });", NULL, 0, 3, -7, 99 },
		{ "nics = ({ metric=5; ip={prefix=24L;}; });", NULL, 0, 3, 5, 24 },
		{ "nics = ({ metric : 9; ip : { prefix : 8; }; });", NULL, 0, 3, 9, 8 },
		{ "nics = ({ metric = 100; }, { metric = 4294967396; });", NULL, 0, 1, 100, 0 },
		{ "nics = ({ ip = { prefix = 4294967320; }; });", "nics[0].ip.prefix", 1, 0, 0, 0 },
		{ "nics = ({ ip = { prefix = 9999999999L; }; });", "nics[0].ip.prefix", 1, 0, 0, 0 },
		{ "\n\nnics = ({ metric = 99999999999999999999; });", "nics[0].metric", 3, 0, 0, 0 },
		{ "nics = ({ metric = true; });", "nics[0].metric", 1, 0, 0, 0 },
		{ "nics = ({ metric = 1e3; });", "nics[0].metric", 1, 0, 0, 0 },
		{ "nics = ({ ip = { prefix = \"24\"; }; });", "nics[0].ip.prefix", 1, 0, 0, 0 },
		{ "version = 1L; nics = ({ });", NULL, 0, 0, 0, 0 },
		{ "vm = \"x metric = 3\"; nics = ({ metric = 4294967299; });", NULL, 0, 1, 4294967299LL, 0 },
		{ "nics = ({ /* metric = 1 */ metric = 4294967297; }); # metric = 1", NULL, 0, 1, 4294967297LL, 0 },
		{ "nics = ({ metric = 4294967297; }); # metric = 1", NULL, 0, 1, 4294967297LL, 0 },
		{ "version = 4294967297;", "version", 1, 0, 0, 0 },
		{ "version = \"1\";", "version", 1, 0, 0, 0 },
		{ "nics = ({ ip = { prefix = -1; }; });", NULL, 0, 2, 0, -1 },
		{ "nics = ({ metric = 0; ip = { prefix = 0; }; });", NULL, 0, 3, 0, 0 },
	};

	(void)state;
	for (size_t i = 0; i < N_ELEM(cases); i++) {
		const struct text_case *c = &cases[i];
		struct plan p;
		struct diag_list d;

		diag_list_init(&d);
		assert_int_equal(planfile_load_string(c->text, &p, NULL, &d),
				 PLANFILE_OK);
		if (!c->path) {
			if (d.count) {
				dump_diags(&d);
				fail_msg("case %zu: unexpected diagnostics", i);
			}
			if (p.nnics) {
				const struct plan_nic *n = &p.nics[0];

				if (n->has_metric != ((c->given & 1) != 0) ||
				    n->has_prefix != ((c->given & 2) != 0) ||
				    (n->has_metric && n->metric != c->metric) ||
				    (n->has_prefix && n->prefix != c->prefix))
					fail_msg("case %zu: metric %d %lld prefix %d %d",
						 i, n->has_metric, n->metric,
						 n->has_prefix, n->prefix);
			}
			if (i == 8)
				assert_true(p.nics[1].metric == 4294967396LL);
			assert_int_equal(p.version, 1);
		} else {
			const struct diag *x = diag_find(&d, c->path);

			if (d.count != 1 || !x || x->line != c->line) {
				dump_diags(&d);
				fail_msg("case %zu: want one error at %s line %d",
					 i, c->path, c->line);
			}
		}
		diag_list_free(&d);
	}
}

/* Every integer key of a plan, in every form a number can be written in:
 * read with its exact value, or refused with one error naming the field
 * and the fix.  libconfig 1.5 itself wraps a decimal number beyond 32
 * bits into an int, reads hex as an unsigned wrap and saturates beyond
 * 64 bits; none of that may reach the model, whatever the layout. */
struct int_key {
	const char *before, *after;	/* the plan around the value */
	const char *path;		/* the field path */
	int which;		/* 0 version, 1 nics[0].metric, 2 prefix */
	long long v;		/* a good value */
	long long min, max;	/* what the model's field can hold */
};

static void check_int_form(const struct int_key *k, const char *value,
			   bool ok, long long want, const char *says)
{
	char text[512];
	struct plan p;
	struct diag_list d;
	long long got;

	snprintf(text, sizeof(text), "%s%s%s", k->before, value, k->after);
	diag_list_init(&d);
	assert_int_equal(planfile_load_string(text, &p, NULL, &d), PLANFILE_OK);
	got = k->which == 0 ? p.version :
	      k->which == 1 ? p.nics[0].metric : p.nics[0].prefix;
	if (ok) {
		if (d.count || got != want) {
			dump_diags(&d);
			fail_msg("%s: read %lld, want exactly %lld", text, got,
				 want);
		}
	} else {
		const struct diag *x = diag_find(&d, k->path);

		if (d.count != 1 || !x || !strstr(x->message, k->path) ||
		    (says && !strstr(x->message, says))) {
			dump_diags(&d);
			fail_msg("%s: want one error at %s saying '%s'", text,
				 k->path, says ? says : "");
		}
	}
	diag_list_free(&d);
}

static void test_integer_forms(void **state)
{
	static const struct int_key keys[] = {
		{ "version = ", ";\n", "version", 0, 1, 1, 1 },
		{ "version = 1;\nnics = ({ name = \"eth0\";\n metric = ",
		  "; });\n", "nics[0].metric", 1, 100, LLONG_MIN + 1,
		  LLONG_MAX - 1 },
		{ "nics = ({ ip = { mode = \"static\"; prefix = ", "; }; });\n",
		  "nics[0].ip.prefix", 2, 24, INT_MIN, INT_MAX },
	};
	/* KIND: 0 the good value V, 1 -V, 2 2^32 + V (libconfig wraps it
	 * to V), 3 -(2^32 + V), 4 hex of V (refused), 5 beyond 64 bits
	 * (refused), 6 a fixed hex text (refused), 7 a fixed floating
	 * point text (refused: a whole number is wanted). */
	static const struct {
		const char *pre, *post;
		int kind;
	} forms[] = {
		{ "", "", 0 }, { "-", "", 1 }, { "+", "", 0 }, { "", "L", 0 },
		{ "", "LL", 0 }, { "-", "L", 1 }, { "+", "L", 0 },
		{ "", "", 2 }, { "/* c */ ", "", 2 }, { "\n", "", 2 },
		{ "\n\t/* two\n lines */\n  ", "", 2 },
		{ "# a comment\n  ", "", 2 }, { "// also\n", "", 2 },
		{ "", "L", 2 }, { "+", "", 2 }, { "-", "", 3 },
		{ "/* c */ -", "", 3 }, { "\n-", "", 3 },
		{ "0x", "", 4 }, { "0X", "", 4 }, { "0x", "L", 4 },
		{ "0x1000000", "", 4 }, { "/* c */ 0x", "", 4 },
		{ "99999999999999999999", "", 5 },
		{ "-99999999999999999999", "", 5 },
		{ "99999999999999999999", "L", 5 },
		{ "9223372036854775808", "", 5 },
		{ "/* c */\n99999999999999999999", "", 5 },
		{ "0xFFFFFFFFFFFFFFFF", "", 6 },
		{ "0x1FFFFFFFFFFFFFFFF", "", 6 },
		{ "0xFFFFFFFF", "", 6 },
		{ "24.0", "", 7 }, { "1e1", "", 7 }, { "/* c */ 2.5", "", 7 },
	};

	(void)state;
	for (size_t i = 0; i < N_ELEM(keys); i++) {
		const struct int_key *k = &keys[i];

		for (size_t f = 0; f < N_ELEM(forms); f++) {
			char value[128];
			long long exact = 0;
			const char *says = NULL;
			bool ok = false;

			switch (forms[f].kind) {
			case 0:
			case 1:
				exact = forms[f].kind ? -k->v : k->v;
				snprintf(value, sizeof(value), "%s%lld%s",
					 forms[f].pre, k->v, forms[f].post);
				break;
			case 2:
			case 3:
				exact = 4294967296LL + k->v;
				if (forms[f].kind == 3)
					exact = -exact;
				snprintf(value, sizeof(value), "%s%lld%s",
					 forms[f].pre, 4294967296LL + k->v,
					 forms[f].post);
				break;
			case 4:
				says = "decimal";
				snprintf(value, sizeof(value), "%s%llx%s",
					 forms[f].pre, k->v, forms[f].post);
				break;
			case 5:
				says = "64 bits";
				snprintf(value, sizeof(value), "%s%s",
					 forms[f].pre, forms[f].post);
				break;
			default:
				says = forms[f].kind == 7 ? "whole number" :
				       "decimal";
				snprintf(value, sizeof(value), "%s%s",
					 forms[f].pre, forms[f].post);
				break;
			}
			if (forms[f].kind <= 3) {
				ok = exact >= k->min && exact <= k->max;
				if (!ok)
					says = k->which == 0 ? "version" :
					       "0 to 32";
			}
			check_int_form(k, value, ok, exact, says);
		}
	}
}

static void test_missing_version_and_empty(void **state)
{
	static const char *const texts[] = {
		"", "# only a comment\n", "\n\n\n", "profile = \"client\";",
	};

	(void)state;
	for (size_t i = 0; i < N_ELEM(texts); i++) {
		struct plan p;
		struct diag_list d;

		diag_list_init(&d);
		assert_int_equal(planfile_load_string(texts[i], &p, NULL, &d),
				 PLANFILE_OK);
		assert_int_equal(d.count, 0);
		assert_int_equal(p.version, 1);
		assert_int_equal(p.nnics, 0);
		diag_list_free(&d);
	}
}

/* ---- damaged input ------------------------------------------------------ */

static int count_lines(const char *s, size_t n)
{
	int lines = 1;

	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n')
			lines++;
	return lines;
}

static void check_damaged(const char *text, size_t n)
{
	struct plan p;
	struct diag_list d;
	struct plan_lines l;
	enum planfile_status st;

	diag_list_init(&d);
	plan_lines_init(&l);
	st = planfile_load_string(text, &p, &l, &d);
	if (st == PLANFILE_SYNTAX) {
		assert_int_equal(d.count, 1);
		assert_string_equal(d.items[0].path, "");
		assert_true(d.items[0].line >= 0);
		assert_true(d.items[0].line <= count_lines(text, n) + 1);
		assert_non_null(strstr(d.items[0].message, "syntax error"));
	} else {
		assert_int_equal(st, PLANFILE_OK);
		assert_true(p.nnics <= PLAN_MAX_NICS);
		assert_true(p.nswitches <= PLAN_MAX_SWITCHES);
		for (size_t i = 0; i < d.count; i++)
			assert_true(d.items[i].path[0] != '\0');
	}
	diag_list_free(&d);
	plan_lines_free(&l);
}

static void test_truncated(void **state)
{
	static const char *const files[] = { "good-rich.cfg", "good-server.cfg" };

	(void)state;
	for (size_t f = 0; f < N_ELEM(files); f++) {
		char path[512], err[256], *text;
		size_t len, ok = 0;

		data_path(path, sizeof(path), files[f]);
		text = fileio_read_all(path, 1 << 20, &len, err, sizeof(err));
		assert_non_null(text);
		for (size_t cut = 0; cut <= len; cut++) {
			char saved = text[cut];
			struct plan p;
			struct diag_list d;

			text[cut] = '\0';
			check_damaged(text, cut);
			diag_list_init(&d);
			if (planfile_load_string(text, &p, NULL, &d) == PLANFILE_OK)
				ok++;
			diag_list_free(&d);
			text[cut] = saved;
		}
		assert_true(ok > 0);
		free(text);
	}
}

static void test_garbage(void **state)
{
	char *dir = *state;
	unsigned seed = 12345;

	for (int round = 0; round < 300; round++) {
		char buf[600];
		size_t n;

		seed = seed * 1103515245u + 12345u;
		n = 1 + (seed >> 8) % (sizeof(buf) - 1);
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			/* Mostly printable and libconfig punctuation, some
			 * high bytes, newlines and NULs. */
			switch ((seed >> 16) % 8) {
			case 0:
				buf[i] = "{}()[];=,\"\n#/*"[(seed >> 4) % 14];
				break;
			case 1:
				buf[i] = (char)(0x80 + (seed >> 3) % 128);
				break;
			default:
				buf[i] = (char)(32 + (seed >> 5) % 95);
				break;
			}
		}
		buf[n] = '\0';
		check_damaged(buf, strlen(buf));

		if (round % 10 == 0) {
			/* The same bytes as a file, NUL bytes included. */
			char path[256], err[256];
			struct plan p;
			struct diag_list d;
			enum planfile_status st;

			if (round % 20 == 0)
				buf[n / 2] = '\0';
			snprintf(path, sizeof(path), "%s/garbage.cfg", dir);
			assert_int_equal(fileio_write_atomic(path, buf, n, 0644,
							     err, sizeof(err)), 0);
			diag_list_init(&d);
			st = planfile_load(path, &p, NULL, &d);
			assert_true(st == PLANFILE_OK || st == PLANFILE_SYNTAX);
			if (st == PLANFILE_SYNTAX)
				assert_int_equal(d.count, 1);
			diag_list_free(&d);
		}
	}
}

static void test_nul_bytes(void **state)
{
	char path[256], err[256];
	static const char text[] = "version = 1;\nprofile = \"client\";\n\0vm = \"x\";\n";
	struct plan p;
	struct diag_list d;

	snprintf(path, sizeof(path), "%s/nul.cfg", (char *)*state);
	assert_int_equal(fileio_write_atomic(path, text, sizeof(text) - 1, 0644,
					     err, sizeof(err)), 0);
	diag_list_init(&d);
	assert_int_equal(planfile_load(path, &p, NULL, &d), PLANFILE_SYNTAX);
	assert_int_equal(d.count, 1);
	assert_int_equal(d.items[0].line, 3);
	assert_non_null(strstr(d.items[0].message, "NUL"));
	assert_int_equal(p.profile, PROFILE_UNSET);
	diag_list_free(&d);
}

static void test_unreadable(void **state)
{
	char *dir = *state;
	char path[256], err[256];
	struct {
		const char *name;
		int err;
	} cases[] = {
		{ "missing.cfg", ENOENT },
		{ "", EISDIR },			/* the directory itself */
		{ "file/under.cfg", ENOTDIR },	/* a path under a file */
	};
	struct plan p;

	snprintf(path, sizeof(path), "%s/file", dir);
	assert_int_equal(fileio_write_atomic(path, "x", 1, 0644, err,
					     sizeof(err)), 0);
	for (size_t i = 0; i < N_ELEM(cases); i++) {
		struct diag_list d;
		char want[512];

		snprintf(path, sizeof(path), "%s/%s", dir, cases[i].name);
		diag_list_init(&d);
		p.profile = PROFILE_SERVER;
		assert_int_equal(planfile_load(path, &p, NULL, &d), PLANFILE_IO);
		assert_int_equal(d.count, 1);
		snprintf(want, sizeof(want), "cannot read %s: %s", path,
			 strerror(cases[i].err));
		assert_string_equal(d.items[0].message, want);
		assert_string_equal(d.items[0].path, "");
		assert_int_equal(p.profile, PROFILE_UNSET);
		diag_list_free(&d);
	}
}

/* ---- a plan is one file ------------------------------------------------- */

static void load_one_error(const char *text, enum planfile_status want,
			   int line, const char *says)
{
	struct plan p;
	struct diag_list d;

	diag_list_init(&d);
	if (planfile_load_string(text, &p, NULL, &d) != want ||
	    (want != PLANFILE_OK && (d.count != 1 || d.items[0].line != line ||
				     !strstr(d.items[0].message, says))) ||
	    (want == PLANFILE_OK && d.count)) {
		dump_diags(&d);
		fail_msg("%s: want %s at line %d saying '%s'", text,
			 want == PLANFILE_OK ? "no error" : "one error", line,
			 says ? says : "");
	}
	diag_list_free(&d);
}

static void test_include_refused(void **state)
{
	char *dir = *state;
	char path[256], text[512], err[256];

	/* a file libconfig would happily pull in */
	snprintf(path, sizeof(path), "%s/other.cfg", dir);
	assert_int_equal(fileio_write_atomic(path, "vm = \"pulled-in\";\n", 18,
					     0644, err, sizeof(err)), 0);
	snprintf(text, sizeof(text), "version = 1;\nprofile = \"client\";\n"
		 "@include \"%s\"\n", path);
	load_one_error(text, PLANFILE_SYNTAX, 3, "\"@include\" is not allowed");
	snprintf(text, sizeof(text), "version = 1;\n\n\n  \t@include \"%s\"\n",
		 path);
	load_one_error(text, PLANFILE_SYNTAX, 4, "copy the settings");
	load_one_error("@include \"/nonexistent/x.cfg\"\n", PLANFILE_SYNTAX, 1,
		       "\"@include\" is not allowed");
	snprintf(text, sizeof(text), "version = 1; @include \"%s\"\n", path);
	load_one_error(text, PLANFILE_SYNTAX, 1, "\"@include\" is not allowed");
	/* in text, in comments: not a directive */
	load_one_error("vm = \"a\n@include \\\"x\\\"\";\n", PLANFILE_OK, 0, NULL);
	load_one_error("/* old:\n@include \"x\"\n*/ version = 1;\n", PLANFILE_OK,
		       0, NULL);
	load_one_error("# @include \"x\"\n// @include \"x\"\nversion = 1;\n",
		       PLANFILE_OK, 0, NULL);
}

/* A plan path that is a FIFO or a device is refused at once. */
static void test_plan_not_a_file(void **state)
{
	char path[256];
	struct plan p;
	struct diag_list d;

	alarm(10);
	snprintf(path, sizeof(path), "%s/plan.fifo", (char *)*state);
	assert_int_equal(mkfifo(path, 0600), 0);
	diag_list_init(&d);
	assert_int_equal(planfile_load(path, &p, NULL, &d), PLANFILE_IO);
	assert_int_equal(d.count, 1);
	assert_non_null(strstr(d.items[0].message, "named pipe (FIFO)"));
	diag_list_clear(&d);
	assert_int_equal(planfile_load("/dev/zero", &p, NULL, &d), PLANFILE_IO);
	assert_int_equal(d.count, 1);
	assert_non_null(strstr(d.items[0].message, "a device, not a file"));
	diag_list_free(&d);
	alarm(0);
}

/* libconfig's own errors each get a hint that fits them. */
static void test_parser_hints(void **state)
{
	static const struct {
		const char *text;
		int line;
		const char *libconfig, *hint;
	} cases[] = {
		{ "version = 1;\nprofile = \"client\";\nversion = 1;\n", 3,
		  "duplicate setting name", "written twice in the same group" },
		{ "nics = ( { name = \"a\"; name = \"b\"; } );\n", 1,
		  "duplicate setting name", "keep one of them" },
		{ "nics = ( {\n dns = { servers = [ \"10.0.0.1\", 5 ]; }; } );\n",
		  2, "mismatched element type in array", "all be of one kind" },
		{ "nics = [ \"a\", { name = \"eth0\"; } ];\n", 1, "syntax error",
		  "missing quote" },
		{ "version = 1;\nprofile = client;\n", 2, "syntax error",
		  "missing quote, '=', ';' or bracket" },
		{ "vm = \"edge;\n", 2, "syntax error", "missing quote" },
	};
	char *deep;
	size_t n = 20000;

	(void)state;
	for (size_t i = 0; i < N_ELEM(cases); i++) {
		char says[256];

		snprintf(says, sizeof(says), "libconfig says '%s' here; ",
			 cases[i].libconfig);
		load_one_error(cases[i].text, PLANFILE_SYNTAX, cases[i].line,
			       says);
		load_one_error(cases[i].text, PLANFILE_SYNTAX, cases[i].line,
			       cases[i].hint);
	}
	/* nesting far too deep: bison's stack runs out */
	deep = malloc(2 * n + 16);
	assert_non_null(deep);
	memcpy(deep, "nics = ", 7);
	memset(deep + 7, '(', n);
	memset(deep + 7 + n, ')', n);
	memcpy(deep + 7 + 2 * n, ";\n", 3);
	load_one_error(deep, PLANFILE_SYNTAX, 1, "nested far too deeply");
	free(deep);
}

/* ---- saving that fails --------------------------------------------------- */

static void test_save_fails(void **state)
{
	char *dir = *state;
	char path[256], err[256];
	struct plan p;

	plan_client(&p);
	snprintf(path, sizeof(path), "%s/missing/plan.cfg", dir);
	assert_int_equal(planfile_save(&p, path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, strerror(ENOENT)));
	assert_int_equal(count_entries(dir), 0);

	snprintf(path, sizeof(path), "%s/file", dir);
	assert_int_equal(fileio_write_atomic(path, "keep", 4, 0644, err,
					     sizeof(err)), 0);
	snprintf(path, sizeof(path), "%s/file/plan.cfg", dir);
	assert_int_equal(planfile_save(&p, path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, strerror(ENOTDIR)));

	/* A directory in the way of the plan. */
	snprintf(path, sizeof(path), "%s/plan.cfg", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(planfile_save(&p, path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "cannot write"));
	assert_int_equal(count_entries(dir), 2);
}

static void test_save_full_disk(void **state)
{
	char dir[64], path[256], err[256], filler[256], block[4096];
	char *before, *after;
	size_t blen, alen;
	struct plan small, big;
	int fd;

	(void)state;
	if (geteuid() != 0) {
		print_message("skipping: the full-disk test needs root to mount "
			      "a tiny tmpfs\n");
		skip();
	}
	if (unshare(CLONE_NEWNS) < 0) {
		print_message("skipping: unshare(CLONE_NEWNS) failed: %s\n",
			      strerror(errno));
		skip();
	}
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
		print_message("skipping: cannot make / private: %s\n",
			      strerror(errno));
		skip();
	}
	strcpy(dir, "/tmp/edgenet-full-XXXXXX");
	assert_non_null(mkdtemp(dir));
	if (mount("tmpfs", dir, "tmpfs", 0, "size=64k") < 0) {
		print_message("skipping: cannot mount a tmpfs: %s\n",
			      strerror(errno));
		rmdir(dir);
		skip();
	}
	plan_client(&small);
	snprintf(path, sizeof(path), "%s/plan.cfg", dir);
	assert_int_equal(planfile_save(&small, path, err, sizeof(err)), 0);
	before = fileio_read_all(path, 1 << 20, &blen, err, sizeof(err));
	assert_non_null(before);

	snprintf(filler, sizeof(filler), "%s/filler", dir);
	fd = open(filler, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	memset(block, 'f', sizeof(block));
	while (write(fd, block, sizeof(block)) > 0)
		;
	while (write(fd, block, 1) > 0)
		;
	assert_int_equal(errno, ENOSPC);
	close(fd);

	plan_full(&big);
	assert_int_equal(planfile_save(&big, path, err, sizeof(err)), -1);
	print_message("save on a full disk said: %s\n", err);
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, strerror(ENOSPC)));

	after = fileio_read_all(path, 1 << 20, &alen, err, sizeof(err));
	assert_non_null(after);
	assert_int_equal(alen, blen);
	assert_memory_equal(before, after, blen);
	assert_int_equal(count_entries(dir), 2);	/* plan.cfg and filler */
	free(before);
	free(after);
	assert_int_equal(umount(dir), 0);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_built),
		cmocka_unit_test_setup_teardown(test_round_trip_through_file,
						setup_dir, teardown_dir),
		cmocka_unit_test(test_good_files),
		cmocka_unit_test(test_rich_file_values),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_bad_values_left_unset),
		cmocka_unit_test(test_numbers_from_text),
		cmocka_unit_test(test_integer_forms),
		cmocka_unit_test(test_missing_version_and_empty),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test_setup_teardown(test_garbage, setup_dir,
						teardown_dir),
		cmocka_unit_test_setup_teardown(test_nul_bytes, setup_dir,
						teardown_dir),
		cmocka_unit_test_setup_teardown(test_unreadable, setup_dir,
						teardown_dir),
		cmocka_unit_test_setup_teardown(test_save_fails, setup_dir,
						teardown_dir),
		cmocka_unit_test(test_save_full_disk),
		cmocka_unit_test_setup_teardown(test_include_refused, setup_dir,
						teardown_dir),
		cmocka_unit_test_setup_teardown(test_plan_not_a_file, setup_dir,
						teardown_dir),
		cmocka_unit_test(test_parser_hints),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
