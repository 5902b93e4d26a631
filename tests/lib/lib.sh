# lib.sh - shared helpers for the shell tests: counting checks and
# printing a closing "N passed, N failed" line.  Sourced, not run.
# Tests get EDGENET_BIN, EDGENET_DATADIR, top_srcdir and top_builddir
# from the harness (Makefile.am).
: "${EDGENET_BIN:?run through make check}"
: "${top_srcdir:?run through make check}"
T_PASS=0
T_FAIL=0

ok() {
	T_PASS=$((T_PASS + 1))
	echo "ok - $*"
}

not_ok() {
	T_FAIL=$((T_FAIL + 1))
	echo "not ok - $*"
}

# check DESCRIPTION COMMAND...: passes when COMMAND succeeds.
check() {
	desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

# skip_all REASON: the whole script cannot run here.
skip_all() {
	echo "SKIP: $*"
	exit 77
}

finish() {
	echo "$T_PASS passed, $T_FAIL failed"
	test "$T_FAIL" -eq 0
}

# finish_exit: finish, then exit 0 when nothing failed, else 1; the last
# word of a script's own finish (the e2e scripts clean up first).
finish_exit() {
	echo "$T_PASS passed, $T_FAIL failed"
	[ "$T_FAIL" -eq 0 ] && exit 0
	exit 1
}

# py_json FILE EXIT CODE...: runs the python3 CODE with d = the JSON
# document in FILE (json.load: one document and nothing else) and rc =
# EXIT; a failed assertion is printed and makes it fail.
py_json() {
	_f=$1 _rc=$2
	shift 2
	python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
rc = int(sys.argv[2])
$*
" "$_f" "$_rc"
}
