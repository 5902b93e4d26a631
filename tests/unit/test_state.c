/*
 * test_state.c - the state directory and the MACs kept in it: generated
 * once, reused by a later run, unique per NIC and per domain, never
 * overwritten when the file is damaged, and clear failures when the state
 * directory cannot be used.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/fileio.h"
#include "core/mac.h"
#include "core/journal.h"
#include "core/state.h"

#define N_ELEM(x) (sizeof(x) / sizeof((x)[0]))

/* libconfig 1.5 leaks a string buffer on some syntax errors. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libconfig.so\n";
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
	strcpy(d, "/tmp/edgenet-state-XXXXXX");
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

static void open_ok(struct state *st, const char *dir)
{
	char err[512];

	if (state_open(st, dir, err, sizeof(err)) != 0)
		fail_msg("state_open(%s): %s", dir ? dir : "(default)", err);
}

static void nic_mac(struct state *st, const char *dom, const char *nic,
		    struct mac *m, bool *gen)
{
	char err[512];

	if (state_nic_mac(st, dom, nic, m, gen, err, sizeof(err)) != 0)
		fail_msg("state_nic_mac(%s, %s): %s", dom, nic, err);
}

static void test_open_creates(void **state)
{
	char dir[256];
	struct state st;
	struct stat sb;

	snprintf(dir, sizeof(dir), "%s/var/lib/edgenet", (char *)*state);
	open_ok(&st, dir);
	assert_string_equal(st.dir, dir);
	assert_int_equal(stat(dir, &sb), 0);
	assert_true(S_ISDIR(sb.st_mode));
	/* Again: it exists now, which is fine. */
	open_ok(&st, dir);

	/* NULL: the default directory.  $EDGENET_STATE_DIR is read by the
	 * program (main.c) and passed as DIR; the core ignores it. */
	snprintf(dir, sizeof(dir), "%s/from-env", (char *)*state);
	setenv("EDGENET_STATE_DIR", dir, 1);
	assert_string_equal(state_dir_path(NULL), STATE_DEFAULT_DIR);
	unsetenv("EDGENET_STATE_DIR");
	open_ok(&st, state_dir_path(dir));
	assert_string_equal(st.dir, dir);
}

static void test_open_fails(void **state)
{
	char file[256], dir[300], err[512];
	struct state st;

	snprintf(file, sizeof(file), "%s/afile", (char *)*state);
	assert_int_equal(fileio_write_atomic(file, "x", 1, 0644, err,
					     sizeof(err)), 0);
	/* The state directory is a file. */
	assert_int_equal(state_open(&st, file, err, sizeof(err)), -1);
	assert_non_null(strstr(err, file));
	assert_non_null(strstr(err, "not a directory"));
	/* ... or lies under one. */
	snprintf(dir, sizeof(dir), "%s/sub/dir", file);
	assert_int_equal(state_open(&st, dir, err, sizeof(err)), -1);
	assert_non_null(strstr(err, strerror(ENOTDIR)));
	assert_non_null(strstr(err, dir));
}

/* state_locate chooses the directory as state_open does and creates
 * nothing; looking a MAC up there writes nothing either (no lock file). */
static void test_locate_reads_only(void **state)
{
	char dir[256], err[512], big[5000];
	struct state st;
	struct stat sb;
	struct mac m;

	snprintf(dir, sizeof(dir), "%s/not-yet", (char *)*state);
	assert_int_equal(state_locate(&st, dir, err, sizeof(err)), 0);
	assert_string_equal(st.dir, dir);
	assert_int_equal(stat(dir, &sb), -1);
	assert_int_equal(state_lookup_mac(&st, "edge-vm", "eth0", &m, err,
					  sizeof(err)), 0);
	assert_int_equal(stat(dir, &sb), -1);

	/* $EDGENET_STATE_DIR is read by the program (main.c) and passed
	 * as DIR: the core reads no environment (cli_*.sh check it). */
	setenv("EDGENET_STATE_DIR", dir, 1);
	assert_int_equal(state_locate(&st, NULL, err, sizeof(err)), 0);
	assert_string_equal(st.dir, STATE_DEFAULT_DIR);
	unsetenv("EDGENET_STATE_DIR");
	assert_int_equal(state_locate(&st, NULL, err, sizeof(err)), 0);
	assert_string_equal(st.dir, STATE_DEFAULT_DIR);
	assert_string_equal(state_dir_path(""), STATE_DEFAULT_DIR);
	assert_string_equal(state_dir_path(dir), dir);

	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(state_locate(&st, big, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "too long"));

	/* In an existing directory, a lookup leaves it empty. */
	snprintf(dir, sizeof(dir), "%s", (char *)*state);
	assert_int_equal(state_locate(&st, dir, err, sizeof(err)), 0);
	assert_int_equal(state_lookup_mac(&st, "edge-vm", "eth0", &m, err,
					  sizeof(err)), 0);
	snprintf(big, sizeof(big), "%s/macs.lock", dir);
	assert_int_equal(stat(big, &sb), -1);
	snprintf(big, sizeof(big), "%s/%s", dir, STATE_MACS_FILE);
	assert_int_equal(stat(big, &sb), -1);
}

static void test_generated_once(void **state)
{
	struct state st, later;
	struct mac a, b, c;
	bool gen = false;
	char err[512];

	open_ok(&st, *state);
	assert_int_equal(state_lookup_mac(&st, "edge-vm", "eth0", &a, err,
					  sizeof(err)), 0);
	nic_mac(&st, "edge-vm", "eth0", &a, &gen);
	assert_true(gen);
	assert_int_equal(a.b[0], 0x52);
	assert_int_equal(a.b[1], 0x54);
	assert_int_equal(a.b[2], 0x00);
	assert_false(mac_is_multicast(&a));
	nic_mac(&st, "edge-vm", "eth0", &b, &gen);
	assert_false(gen);
	assert_true(mac_equal(&a, &b));

	/* A later run: a fresh state on the same directory. */
	open_ok(&later, *state);
	nic_mac(&later, "edge-vm", "eth0", &c, &gen);
	assert_false(gen);
	assert_true(mac_equal(&a, &c));
	assert_int_equal(state_lookup_mac(&later, "edge-vm", "eth0", &c, err,
					  sizeof(err)), 1);
	assert_true(mac_equal(&a, &c));
}

static void test_unique_and_apart(void **state)
{
	struct mac m[2][12], again;
	struct state st;
	bool gen;
	char err[512];

	open_ok(&st, *state);
	for (int d = 0; d < 2; d++) {
		for (int i = 0; i < 12; i++) {
			char nic[16];

			snprintf(nic, sizeof(nic), "eth%d", i);
			nic_mac(&st, d ? "other-vm" : "edge-vm", nic, &m[d][i], &gen);
			assert_true(gen);
		}
	}
	for (int i = 0; i < 24; i++)
		for (int j = 0; j < i; j++)
			assert_false(mac_equal(&m[i / 12][i % 12], &m[j / 12][j % 12]));
	/* Each domain still gets its own back. */
	for (int d = 0; d < 2; d++) {
		for (int i = 0; i < 12; i++) {
			char nic[16];

			snprintf(nic, sizeof(nic), "eth%d", i);
			assert_int_equal(state_lookup_mac(&st, d ? "other-vm" : "edge-vm",
							  nic, &again, err,
							  sizeof(err)), 1);
			assert_true(mac_equal(&again, &m[d][i]));
		}
	}
	assert_int_equal(state_lookup_mac(&st, "third-vm", "eth0", &again, err,
					  sizeof(err)), 0);
	/* No name, no MAC. */
	assert_int_equal(state_nic_mac(&st, "", "eth0", &again, &gen, err,
				       sizeof(err)), -1);
	assert_int_equal(state_nic_mac(&st, "edge-vm", "", &again, &gen, err,
				       sizeof(err)), -1);
}

static void test_reads_hand_written(void **state)
{
	static const char text[] =
		"# written by hand\n"
		"macs = ( { vm = \"edge-vm\"; nic = \"eth0\"; mac = \"52:54:00:AA:bb:01\"; } );\n";
	char path[256], err[512];
	struct state st;
	struct mac m;
	bool gen;

	snprintf(path, sizeof(path), "%s/%s", (char *)*state, STATE_MACS_FILE);
	assert_int_equal(fileio_write_atomic(path, text, strlen(text), 0644, err,
					     sizeof(err)), 0);
	open_ok(&st, *state);
	nic_mac(&st, "edge-vm", "eth0", &m, &gen);
	assert_false(gen);
	assert_int_equal(m.b[3], 0xaa);
	assert_int_equal(m.b[5], 0x01);
	/* Adding one keeps the first. */
	nic_mac(&st, "edge-vm", "eth1", &m, &gen);
	assert_true(gen);
	nic_mac(&st, "edge-vm", "eth0", &m, &gen);
	assert_false(gen);
	assert_int_equal(m.b[3], 0xaa);
}

struct corrupt_case {
	const char *text;
	int line;
	const char *says;
	size_t len;		/* bytes of TEXT when it holds a NUL; 0: strlen */
};

static size_t case_len(const struct corrupt_case *c)
{
	return c->len ? c->len : strlen(c->text);
}

static void test_corrupt_not_overwritten(void **state)
{
	static const struct corrupt_case cases[] = {
		{ "macs = ( { vm = \"a\"; nic = \"eth0\"; mac = \"52:54:00:00:00:01\"; }\n", 2, "syntax error" },
		{ "macs = (\n { vm = \"a\"; nic = \"eth0\"; mac = \"zz:54:00:00:00:01\"; } );\n", 2, "not a unicast MAC" },
		{ "macs = (\n\n { vm = \"a\"; nic = \"eth0\"; mac = \"01:00:5e:00:00:01\"; } );\n", 3, "not a unicast MAC" },
		{ "macs = ( { vm = \"a\"; mac = \"52:54:00:00:00:01\"; } );\n", 1, "no 'nic'" },
		{ "macs = ( { vm = 1; nic = \"eth0\"; mac = \"52:54:00:00:00:01\"; } );\n", 1, "'vm' must be text" },
		{ "macs = ( \"x\" );\n", 1, "must be a group" },
		{ "macs = { };\n", 1, "must be a list" },
		{ "\nmacs = ( );\nother = 1;\n", 3, "unknown key 'other'" },
		{ "macs = ( { vm = \"a\"; nic = \"e\"; mac = \"52:54:00:00:00:01\"; colour = 1; } );\n", 1, "unknown key 'colour'" },
		{ "macs = ( { vm = \"a\"; nic = \"e\"; mac = \"52:54:00:00:00:01\"; },\n"
		  "         { vm = \"a\"; nic = \"e\"; mac = \"52:54:00:00:00:02\"; } );\n", 2, "stored twice" },
		{ "macs = ( { vm = \"a\"; nic = \"e\"; mac = \"52:54:00:00:00:01\"; },\n"
		  "         { vm = \"b\"; nic = \"e\"; mac = \"52:54:00:00:00:01\"; } );\n", 2, "stored twice" },
		{ "macs = ( );\n@include \"/etc/hostname\"\n", 2, "\"@include\" is not allowed" },
		{ "macs = ( );\nmacs = ( );\n", 2, "written twice" },
		{ "macs = ( );\n\n\0\n", 3, "NUL byte", 15 },
	};

	for (size_t i = 0; i < N_ELEM(cases); i++) {
		char path[256], err[512], want[300], *after;
		struct state st;
		struct mac m;
		bool gen = true;
		size_t len;

		snprintf(path, sizeof(path), "%s/%s", (char *)*state,
			 STATE_MACS_FILE);
		assert_int_equal(fileio_write_atomic(path, cases[i].text,
						     case_len(&cases[i]), 0644,
						     err, sizeof(err)), 0);
		open_ok(&st, *state);
		err[0] = '\0';
		if (state_nic_mac(&st, "new-vm", "eth9", &m, &gen, err,
				  sizeof(err)) != -1)
			fail_msg("case %zu: a damaged file was accepted", i);
		snprintf(want, sizeof(want), "%s:%d: ", path, cases[i].line);
		if (strncmp(err, want, strlen(want)) != 0 ||
		    !strstr(err, cases[i].says))
			fail_msg("case %zu: message '%s', want '%s...%s'", i, err,
				 want, cases[i].says);
		assert_false(gen);
		assert_int_equal(state_lookup_mac(&st, "a", "eth0", &m, err,
						  sizeof(err)), -1);
		after = fileio_read_all(path, 1 << 20, &len, err, sizeof(err));
		assert_non_null(after);
		assert_int_equal(len, case_len(&cases[i]));
		assert_memory_equal(after, cases[i].text, len);
		free(after);
	}
}

static void test_macs_file_is_directory(void **state)
{
	char path[256], err[512];
	struct state st;
	struct mac m;
	bool gen;

	snprintf(path, sizeof(path), "%s/%s", (char *)*state, STATE_MACS_FILE);
	assert_int_equal(mkdir(path, 0755), 0);
	open_ok(&st, *state);
	assert_int_equal(state_nic_mac(&st, "edge-vm", "eth0", &m, &gen, err,
				       sizeof(err)), -1);
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, strerror(EISDIR)));
}

/* A FIFO in place of macs.cfg (or of the last applied plan) is refused
 * at once, never waited on; the FIFO stays. */
static void test_macs_file_is_fifo(void **state)
{
	char path[256], err[512], vm[64];
	struct state st;
	struct mac m;
	struct stat sb;
	time_t when;
	bool gen;

	alarm(10);
	snprintf(path, sizeof(path), "%s/%s", (char *)*state, STATE_MACS_FILE);
	assert_int_equal(mkfifo(path, 0600), 0);
	open_ok(&st, *state);
	assert_int_equal(state_nic_mac(&st, "edge-vm", "eth0", &m, &gen, err,
				       sizeof(err)), -1);
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, "named pipe (FIFO)"));
	assert_int_equal(lstat(path, &sb), 0);
	assert_true(S_ISFIFO(sb.st_mode));
	snprintf(path, sizeof(path), "%s/%s", (char *)*state,
		 JOURNAL_APPLIED_FILE);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(state_last_applied(&st, &when, vm, sizeof(vm), err,
					    sizeof(err)), 1);
	assert_string_equal(vm, "");
	alarm(0);
}

static void test_file_format(void **state)
{
	char path[256], err[512], buf[MAC_STRLEN], *text;
	struct state st;
	struct mac m;
	bool gen;
	size_t len;

	open_ok(&st, *state);
	nic_mac(&st, "edge-vm", "eth0", &m, &gen);
	snprintf(path, sizeof(path), "%s/%s", (char *)*state, STATE_MACS_FILE);
	text = fileio_read_all(path, 1 << 20, &len, err, sizeof(err));
	assert_non_null(text);
	assert_non_null(strstr(text, "macs = ("));
	assert_non_null(strstr(text, "vm = \"edge-vm\";"));
	assert_non_null(strstr(text, "nic = \"eth0\";"));
	assert_non_null(strstr(text, mac_format(&m, buf)));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open_creates, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_open_fails, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_locate_reads_only, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_generated_once, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_unique_and_apart, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_reads_hand_written, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_corrupt_not_overwritten, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_macs_file_is_directory, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_macs_file_is_fifo, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_file_format, setup_dir, teardown_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
