#!/bin/sh
# driver.sh - automake test driver: runs one test, keeps its whole output in
# the .log file and prints PASS/FAIL/SKIP plus cmocka's summary lines (and a
# skipped test's stated reason) on the console, so `make check` shows them.
# Exit codes: 0 pass, 77 skip, 99 hard error, anything else fail.
test_name= log_file= trs_file= expect_failure=no
while test $# -gt 0; do
	case $1 in
	--test-name) test_name=$2; shift ;;
	--log-file) log_file=$2; shift ;;
	--trs-file) trs_file=$2; shift ;;
	--expect-failure) expect_failure=$2; shift ;;
	--color-tests|--enable-hard-errors|--collect-skipped-logs) shift ;;
	--) shift; break ;;
	*) echo "driver.sh: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done

"$@" >"$log_file" 2>&1
rc=$?
case $rc in
0) res=PASS ;;
77) res=SKIP ;;
99) res=ERROR ;;
*) res=FAIL ;;
esac
if test "$expect_failure" = yes; then
	case $res in PASS) res=XPASS ;; FAIL) res=XFAIL ;; esac
fi
echo "$res: $test_name"
grep -E '^\[ +(PASSED|FAILED|SKIPPED) +\]|^\[=+\] .*test\(s\) run|^SKIP:|^# ' "$log_file" | sed 's/^/    /'
if test $res = FAIL || test $res = ERROR; then
	echo "    --- last lines of $log_file ---"
	tail -n 25 "$log_file" | sed 's/^/    /'
fi
{
	echo ":test-result: $res"
	echo ":global-test-result: $res"
	echo ":recheck: $(test $res = PASS || test $res = SKIP || test $res = XFAIL && echo no || echo yes)"
	echo ":copy-in-global-log: $(test $res = PASS && echo no || echo yes)"
} >"$trs_file"
exit 0
