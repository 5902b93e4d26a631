#!/bin/sh
# test.sh - the whole test suite, as CI runs it (.ci/run runs exactly this):
# install the dependencies, build with every warning as an error, run
# `make check`, `make distcheck`, the Debian package from its tarball
# (tests/pkg/deb.sh), then build the release tarball again with
# AddressSanitizer + UndefinedBehaviorSanitizer and run the tests there,
# and last run every fuzzer under libFuzzer for a minute (tests/fuzz/run.sh).
# Must run as root: the tests create network namespaces.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
jobs=$(nproc 2>/dev/null || echo 2)

scripts/install-deps.sh test

autoreconf -fi
./configure --enable-werror
make -j"$jobs"
# The slow guest tier (a real Debian guest booted twice under TCG) runs
# once per CI run: in the sanitizer pass below, not here.
EDGENET_E2E_SLOW=skip make -j"$jobs" check
EDGENET_E2E_SLOW=skip make -j"$jobs" distcheck

tarball=$(ls -t edgenet-*.tar.gz | head -n 1)

# The Debian package, once per run, from the tarball distcheck just
# verified: dpkg-buildpackage in a clean Debian 12 build root, lintian,
# the .deb installed and run in a clean Debian 12 root (tests/pkg/deb.sh;
# 5 to 6 minutes cold, about 2 with its roots cached).
deb_fail=0
top_srcdir=$top sh tests/pkg/deb.sh "$tarball" || deb_fail=1

# Sanitizer build from the same tarball.
rm -rf _build-asan
mkdir _build-asan
tar -xzf "$tarball" -C _build-asan --strip-components=1
cd _build-asan
./configure --enable-asan --enable-werror
make -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	make -j"$jobs" check
cd "$top"

# The fuzzers, from the same tarball (this tree is configured in place,
# so no second build can be configured out of it): every harness built
# with libFuzzer, ASan and UBSan and run FUZZ_SECONDS (60) each, two at
# a time on the two CPUs: about 5 minutes of fuzzing plus 2 of building
# for the nine.  A crash fails the run (the input is kept in
# _build-fuzz/build/fuzz-crashes).
fuzz_fail=0
rm -rf _build-fuzz
mkdir _build-fuzz
tar -xzf "$tarball" -C _build-fuzz --strip-components=1
FUZZ_SECONDS=${FUZZ_SECONDS:-60} FUZZ_PARALLEL=${FUZZ_PARALLEL:-2} \
FUZZ_BUILD="$top/_build-fuzz/build" sh _build-fuzz/tests/fuzz/run.sh ||
	fuzz_fail=1

# One closing line over both runs (and the package and the fuzzers).
pass=0 fail=0
for log in test-suite.log _build-asan/test-suite.log; do
	p=$(sed -n 's/^# PASS: *//p' "$log" | head -n 1)
	f=$(sed -n 's/^# FAIL: *//p' "$log" | head -n 1)
	e=$(sed -n 's/^# ERROR: *//p' "$log" | head -n 1)
	pass=$((pass + ${p:-0}))
	fail=$((fail + ${f:-0} + ${e:-0}))
done
if [ "$deb_fail" -ne 0 ]; then
	echo "the Debian package test failed (tests/pkg/deb.sh above)"
	fail=$((fail + 1))
fi
if [ "$fuzz_fail" -ne 0 ]; then
	echo "a fuzzer failed (tests/fuzz/run.sh above)"
	fail=$((fail + 1))
fi
echo "$pass passed, $fail failed"
test "$fail" -eq 0
