/*
 * fuzz_files.c - fuzz harness for the readers of edgenet's own files:
 * the settings (src/core/settings.c: uri, confirm_timeout), the state
 * directory's MAC table and last applied plan (src/core/state.c), the
 * apply journal (src/core/journal.c) and the policy (src/core/policy.c).
 *
 * Each is driven through its public entry point, which takes a path:
 * the input is written to a memfd and the readers are given
 * "/proc/self/fd/N" (the settings file named to the reader; the state
 * through a private directory made once under $TMPDIR, whose macs.cfg
 * and applied.cfg are symbolic links to that path; it is removed at
 * exit).  Nothing is written but the memfd and that directory.  Built by
 * `make check` with fuzz_main.c over tests/fuzz/corpus/files/; under
 * libFuzzer by tests/fuzz/run.sh (see tests/fuzz/local.am).
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>

#include "core/diag.h"
#include "core/journal.h"
#include "core/mac.h"
#include "core/policy.h"
#include "core/settings.h"
#include "core/state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* libconfig leaks its buffer on some syntax errors (known): that one
 * library's leaks, and no other, are not reported. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libconfig.so\n";
}

static int ff_fd = -1;
static char ff_path[64];
static char ff_dir[4096];
static char ff_links[2][4096 + 16];

static void ff_cleanup(void)
{
	for (int i = 0; i < 2; i++)
		if (ff_links[i][0])
			unlink(ff_links[i]);
	if (ff_dir[0])
		rmdir(ff_dir);
}

static void ff_setup(void)
{
	const char *tmp = getenv("TMPDIR");
	const char *names[2] = { STATE_MACS_FILE, JOURNAL_APPLIED_FILE };

	ff_fd = memfd_create("fuzz_files", MFD_CLOEXEC);
	if (ff_fd < 0) {
		perror("fuzz_files: memfd_create");
		abort();
	}
	snprintf(ff_path, sizeof(ff_path), "/proc/self/fd/%d", ff_fd);
	snprintf(ff_dir, sizeof(ff_dir), "%s/fuzz_files.XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(ff_dir)) {
		perror("fuzz_files: mkdtemp");
		abort();
	}
	atexit(ff_cleanup);
	for (int i = 0; i < 2; i++) {
		snprintf(ff_links[i], sizeof(ff_links[i]), "%s/%s", ff_dir,
			 names[i]);
		if (symlink(ff_path, ff_links[i]) < 0) {
			perror("fuzz_files: symlink");
			abort();
		}
	}
}

/* The memfd holds exactly DATA. */
static bool ff_put(const uint8_t *data, size_t size)
{
	if (ftruncate(ff_fd, 0) < 0)
		return false;
	return size == 0 || pwrite(ff_fd, data, size, 0) == (ssize_t)size;
}

static void ff_settings(void)
{
	char buf[256];
	long t = settings_confirm_timeout(ff_path, 60);

	if (t != 60 && (t < 1 || t > 86400))
		abort();
	if (settings_string(ff_path, "uri", buf, sizeof(buf)) &&
	    (!buf[0] || strlen(buf) >= sizeof(buf)))
		abort();
}

static void ff_state(void)
{
	struct state st;
	struct mac m;
	char err[512], vm[64];
	time_t when;

	if (state_open(&st, ff_dir, err, sizeof(err)) != 0)
		abort();	/* our own directory */
	state_lookup_mac(&st, "edge-vm", "eth0", &m, err, sizeof(err));
	state_lookup_mac(&st, "edge-vm", "eth1", &m, err, sizeof(err));
	if (state_last_applied(&st, &when, vm, sizeof(vm), err,
			       sizeof(err)) == 1 && strlen(vm) >= sizeof(vm))
		abort();
}

static void ff_journal(void)
{
	struct journal j;
	char err[512];

	if (journal_read(ff_path, &j, err, sizeof(err)) == 1) {
		journal_decide(&j);
		journal_free(&j);
	} else if (!err[0]) {
		abort();	/* refused without saying why */
	}
}

static void ff_policy(void)
{
	struct policy pol;
	struct diag_list d;

	diag_list_init(&d);
	if (policy_load(&pol, ff_path, &d) != 0 && !d.count)
		abort();	/* refused without saying why */
	diag_list_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (ff_fd < 0)
		ff_setup();
	if (!ff_put(data, size))
		return 0;
	ff_settings();
	ff_state();
	ff_journal();
	ff_policy();
	return 0;
}
