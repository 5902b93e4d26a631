#!/bin/sh
# run.sh - build the fuzzers with libFuzzer, ASan and UBSan in a build
# directory of their own and run each for a while.
#
#   tests/fuzz/run.sh [NAME...]      every harness, or the ones named
#                                    (fuzz_plan or plan alike)
#
# Environment:
#   FUZZ_SECONDS   seconds per harness (-max_total_time), default 60
#   FUZZ_PARALLEL  harnesses run at the same time, default 1
#   FUZZ_BUILD     the build directory, default _build-fuzz at the top
#                  (configured with --enable-fuzzing CC=clang when it
#                  is not yet)
#   CC             the compiler, default clang
#
# Each harness starts from its committed corpus tests/fuzz/corpus/NAME
# (read only) and keeps what it finds in FUZZ_BUILD/fuzz-corpus/NAME,
# with its dictionary tests/fuzz/NAME.dict.  Per harness it prints
# libFuzzer's final figures: executions (stat::number_of_executed_units)
# and coverage (the last "cov:" and "ft:"), then the total.  A crash, a
# leak, undefined behaviour or a timeout fails the script: the input is
# kept as FUZZ_BUILD/fuzz-crashes/NAME-crash-..., to be fixed and then
# committed into the harness's corpus as a regression input.
#
# Touches only FUZZ_BUILD (and a private directory under $TMPDIR that
# fuzz_files makes and removes).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${FUZZ_SECONDS:-60}
parallel=${FUZZ_PARALLEL:-1}
build=${FUZZ_BUILD:-$top/_build-fuzz}
cc=${CC:-clang}
jobs=$(nproc 2>/dev/null || echo 2)

case $seconds in
''|*[!0-9]*) echo "$0: FUZZ_SECONDS must be a number of seconds" >&2
	exit 2 ;;
esac
case $parallel in
''|*[!0-9]*|0) echo "$0: FUZZ_PARALLEL must be 1 or more" >&2; exit 2 ;;
esac

if ! command -v "$cc" >/dev/null 2>&1; then
	echo "$0: $cc not found; on Debian 12: apt-get install clang" \
		"libclang-rt-14-dev (scripts/install-deps.sh test)" >&2
	exit 2
fi
test -x "$top/configure" || (cd "$top" && autoreconf -fi)
mkdir -p "$build"
if ! grep -q '^#define EDGENET_LIBFUZZER 1' "$build/config.h" 2>/dev/null
then
	if [ -f "$top/config.status" ]; then
		echo "$0: $top is configured in place, so no build directory" \
			"can be configured from it; run make distclean there," \
			"or run this script from a clean checkout or the" \
			"release tarball" >&2
		exit 2
	fi
	echo "== configuring $build with --enable-fuzzing CC=$cc"
	(cd "$build" && "$top/configure" --enable-fuzzing CC="$cc" \
		>configure.out 2>&1) || {
		tail -n 20 "$build/configure.out" >&2
		exit 1
	}
fi
# (the Makefile first: it may regenerate itself after an edit)
make -s -C "$build" Makefile >/dev/null
all=$(make -s -C "$build" print-fuzzers)
if [ $# -gt 0 ]; then
	want=
	for n in "$@"; do
		n=${n#fuzz_}
		case " $all " in
		*" tests/fuzz/fuzz_$n "*) want="$want tests/fuzz/fuzz_$n" ;;
		*) echo "$0: no harness fuzz_$n (there are: $all)" >&2
			exit 2 ;;
		esac
	done
	all=$want
fi
echo "== building:$(printf ' %s' $all | sed 's#tests/fuzz/##g')"
# shellcheck disable=SC2086
make -s -C "$build" -j"$jobs" $all >"$build/fuzz-build.log" 2>&1 || {
	tail -n 40 "$build/fuzz-build.log" >&2
	exit 1
}

mkdir -p "$build/fuzz-corpus" "$build/fuzz-crashes" "$build/fuzz-logs"
rm -f "$build"/fuzz-logs/*
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export top_srcdir="$top"

# One harness: its run, then one line of figures.  Exit status: libFuzzer's.
run_one() {
	name=$1
	bin=$build/tests/fuzz/fuzz_$name
	work=$build/fuzz-corpus/$name
	log=$build/fuzz-logs/$name.log
	dict=
	mkdir -p "$work"
	test -s "$top/tests/fuzz/$name.dict" &&
		dict=-dict=$top/tests/fuzz/$name.dict
	rc=0
	# shellcheck disable=SC2086
	"$bin" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 \
		-print_final_stats=1 $dict \
		-artifact_prefix="$build/fuzz-crashes/$name-" \
		"$work" "$top/tests/fuzz/corpus/$name" >"$log" 2>&1 || rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" |
		tail -n 1)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | sed 's/cov: //')
	ft=$(grep -o 'ft: [0-9]*' "$log" | tail -n 1 | sed 's/ft: //')
	corp=$(grep -o 'corp: [0-9]*/[0-9]*[a-zA-Z]*' "$log" | tail -n 1 |
		sed 's/corp: //')
	if [ "$rc" -eq 0 ]; then
		printf '%-12s %10s executions  cov %-6s ft %-7s corpus %s\n' \
			"$name" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}"
	else
		printf '%-12s FAILED (exit %s) after %s executions; log %s\n' \
			"$name" "$rc" "${execs:-?}" "$log"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)|Test unit written' \
			"$log" | head -n 8 | sed 's/^/    /'
	fi
	return "$rc"
}

echo "== running each harness for ${seconds}s ($parallel at a time)"
fail=0
set -- $all
while [ $# -gt 0 ]; do
	pids=
	i=0
	while [ $# -gt 0 ] && [ "$i" -lt "$parallel" ]; do
		name=${1#tests/fuzz/fuzz_}
		shift
		run_one "$name" >"$build/fuzz-logs/$name.line" &
		pids="$pids $!:$name"
		i=$((i + 1))
	done
	for p in $pids; do
		wait "${p%%:*}" || fail=1
		cat "$build/fuzz-logs/${p#*:}.line"
	done
done

total=0
for line in "$build"/fuzz-logs/*.log; do
	n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$line" | tail -n 1)
	total=$((total + ${n:-0}))
done
echo "== $total executions in total (this run's logs in $build/fuzz-logs)"
if [ "$fail" -ne 0 ]; then
	echo "== a harness failed: its input is in $build/fuzz-crashes" >&2
	exit 1
fi
