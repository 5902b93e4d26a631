#!/bin/bash
# e2e_guest_agent.sh - backend/guest_agent.c against a REAL libvirtd (in the
# harness's private network namespace, tests/lib/e2e_lib.sh) and the REAL
# busybox guest running qemu-ga under TCG, driven through tests/lib/agent_tool.
#
# Two guests without NICs: e2e-ga (an agent that allows everything) and
# e2e-ga-block (its agent started with -b guest-exec,guest-file-open, as a
# RHEL guest refuses them).  One pass of checks: ping; a 100 KiB file of
# quotes, backslashes, newlines, UTF-8 and binary bytes written and read
# back byte-identical, at an awkward path too, mode 0644 after writing over
# a 0600 file, no temporary file left; an empty file; a missing file told
# apart from a directory; remove; exec exit codes, signals, output and
# arguments, a timeout; list with prefix/suffix, control-character names
# left out, a missing directory; GA_REFUSED with its sentence from the
# blocking guest.  The pass runs twice: as is, and beside two busy loops
# (2 cores, so both vCPUs compete); then the blocking guest is shut off
# and must give GA_ABSENT.  Prints the median time of a 1 KiB write+read
# round trip and of an exec, in both passes.
# Exit: 0 all passed, 1 something failed, 77 not root, 99 the daemons
# could not be started.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${EDGENET_BIN:=$top_builddir/edgenet}"
export EDGENET_BIN top_srcdir top_builddir
. "$top_srcdir/tests/lib/e2e_lib.sh"
. "$top_srcdir/tests/lib/lib.sh"	# ok, not_ok, check; finish below

TOOL=$top_builddir/tests/lib/agent_tool
DOM=e2e-ga
DOMB=e2e-ga-block
LOAD_PIDS=

finish() {
	if [ "$T_FAIL" -ne 0 ] && [ -n "$E2E_STATE" ]; then
		echo "--- $DOM console (last lines) ---"
		e2e_console_tail $DOM 15
		echo "--- $DOMB console (last lines) ---"
		e2e_console_tail $DOMB 15
	fi
	stop_load
	e2e_cleanup
	finish_exit
}

stop_load() {
	local p
	for p in $LOAD_PIDS; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	LOAD_PIDS=
}

if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: needs root (network namespaces, libvirtd on qemu:///system)"
	exit 77
fi
e2e_prepare || { echo "e2e_prepare failed"; exit 99; }
if reason=$(e2e_skip_reason); then
	echo "not ok - the harness cannot run here as root: $reason"
	echo "0 passed, 1 failed"
	exit 1
fi
if [ ! -x "$TOOL" ]; then
	echo "not ok - $TOOL is not built (make check builds it)"
	exit 1
fi
e2e_start || { echo "could not start the daemons (see the e2e: lines above)"; exit 99; }
e2e_on_cleanup stop_load

W=$E2E_STATE/agent
mkdir -p "$W"

# tool ARGS...: agent_tool on our guests; stdout to $W/out, stderr to
# $W/err; its exit status in ST (and returned).
tool() {
	"$TOOL" "$E2E_URI" "$@" >"$W/out" 2>"$W/err"
	ST=$?
	return $ST
}
last_err() { tail -n 1 "$W/err"; }

check "guest $DOM is defined" e2e_define_guest $DOM ""
check "guest $DOMB (agent blocking guest-exec, guest-file-open) is defined" \
	e2e_define_guest $DOMB "" "e2e.qga_block=guest-exec,guest-file-open"
t0=$(e2e_now_ms)
e2e_virsh start $DOM >/dev/null || { not_ok "virsh start $DOM"; finish; }
e2e_virsh start $DOMB >/dev/null || { not_ok "virsh start $DOMB"; finish; }
e2e_wait_agent $DOM 120 || { not_ok "the agent of $DOM answers"; finish; }
e2e_wait_agent $DOMB 120 || { not_ok "the agent of $DOMB answers"; finish; }
ok "both agents answer ($(($(e2e_now_ms) - t0)) ms after start)"

# --- the contents ------------------------------------------------------------
# 100 KiB of lines with quotes, backslashes, tabs, CR, UTF-8, then binary
# bytes including NUL, 0xff and a lone UTF-8 continuation byte.
{
	i=0
	while :; do
		i=$((i + 1))
		printf 'line %d "double" '\''single'\'' \\back\\slash\\ \\n \\u0000 gr\303\274\303\237 \342\202\254 \360\237\230\200 {"json":[1]}\t\r\n' $i
		[ $i -ge 1200 ] && break
	done
} | head -c 102400 >"$W/awkward"
printf '\000\377\200\001 end \000' >>"$W/awkward"
: >"$W/empty"
head -c 1024 /dev/urandom >"$W/small"

AWK_DIR='/tmp/dir with "quotes" \ and ü'
AWK_PATH="$AWK_DIR/file 'x' \"y\" \\z ü.conf"

# suite LABEL: every check against the two running guests.
suite() {
	local L=$1

	tool $DOM ping 5
	check "[$L] ping" test $ST -eq 0

	tool $DOM exec mkdir -p /tmp/t "$AWK_DIR"
	check "[$L] exec mkdir -p (exit 0)" grep -qx 'exit 0' "$W/err"
	tool $DOM exec rm -rf /tmp/t/list
	tool $DOM exec sh -c 'printf old >/tmp/t/a.conf && chmod 0600 /tmp/t/a.conf'

	# write + read back, over a 0600 file
	tool $DOM write /tmp/t/a.conf <"$W/awkward"
	check "[$L] write 100 KiB of awkward bytes over a 0600 file (got $ST: $(last_err))" test $ST -eq 0
	tool $DOM read /tmp/t/a.conf
	check "[$L] read it back: exit $ST, byte-identical ($(wc -c <"$W/out") bytes)" \
		sh -c '[ "$1" -eq 0 ] && cmp -s "$2" "$3"' _ $ST "$W/out" "$W/awkward"
	tool $DOM exec stat -c '%a %s' /tmp/t/a.conf
	check "[$L] mode 0644 and size $(wc -c <"$W/awkward") after write (stat: $(cat "$W/out"))" \
		test "$(cat "$W/out")" = "644 $(wc -c <"$W/awkward")"
	tool $DOM list /tmp/t .edgenet-tmp- ''
	check "[$L] no temporary file left in /tmp/t ($(tr '\n' ' ' <"$W/out"))" test ! -s "$W/out"

	# an awkward path
	tool $DOM write "$AWK_PATH" <"$W/small"
	check "[$L] write at a path with quotes, backslash, spaces, UTF-8 ($(last_err))" test $ST -eq 0
	tool $DOM read "$AWK_PATH"
	check "[$L] read it back byte-identical" \
		sh -c '[ "$1" -eq 0 ] && cmp -s "$2" "$3"' _ $ST "$W/out" "$W/small"
	tool $DOM exec find "$AWK_DIR" -mindepth 1
	check "[$L] the guest's find shows the same path" \
		test "$(cat "$W/out")" = "$AWK_PATH"

	# empty file
	tool $DOM write /tmp/t/empty.conf <"$W/empty"
	check "[$L] write an empty file" test $ST -eq 0
	tool $DOM read /tmp/t/empty.conf
	check "[$L] read an empty file: exit $ST, 0 bytes" \
		sh -c '[ "$1" -eq 0 ] && [ ! -s "$2" ]' _ $ST "$W/out"

	# missing, directory, too large, remove
	tool $DOM read /tmp/t/does-not-exist
	check "[$L] a missing file is told apart (exit $ST: $(last_err))" test $ST -eq 3
	tool $DOM read /tmp/t
	check "[$L] a directory is not 'missing' but a failure (exit $ST: $(last_err))" test $ST -eq 12
	tool $DOM read /tmp/t/a.conf 1000
	check "[$L] a file larger than MAX fails (exit $ST: $(last_err))" \
		sh -c '[ "$1" -eq 12 ] && grep -q "larger than 1000 bytes" "$2"' _ $ST "$W/err"
	tool $DOM rm /tmp/t/a.conf
	check "[$L] rm" test $ST -eq 0
	tool $DOM read /tmp/t/a.conf
	check "[$L] the removed file is missing" test $ST -eq 3
	tool $DOM rm /tmp/t/a.conf
	check "[$L] rm of a missing file is fine" test $ST -eq 0
	tool $DOM write /tmp/no-such-dir/x.conf <"$W/small"
	check "[$L] write into a missing directory fails (exit $ST: $(last_err))" test $ST -eq 12

	# exec
	tool $DOM exec sh -c 'echo out; echo err >&2; exit 7'
	check "[$L] exec: exit 7, stdout and stderr apart" \
		sh -c '[ "$(cat "$1")" = out ] && grep -qx err "$2" && grep -qx "exit 7" "$2"' _ "$W/out" "$W/err"
	tool $DOM exec printf '%s|' 'a"b' 'c\d' 'e f' "gr$(printf '\303\274')" '' "$(printf 'x\ny')"
	check "[$L] exec: awkward arguments arrive as they were ($(cat "$W/out" | tr '\n' '~'))" \
		test "$(cat "$W/out")" = "a\"b|c\\d|e f|gr$(printf '\303\274')||$(printf 'x\ny')|"
	tool $DOM exec sh -c 'kill -9 $$'
	check "[$L] exec: a program killed by SIGKILL gives 137" grep -qx 'exit 137' "$W/err"
	tool $DOM exec no-such-program-here
	check "[$L] exec of a missing program fails (exit $ST: $(last_err))" test $ST -eq 12
	tool $DOM exec -t 1500 sleep 5
	check "[$L] exec past its timeout fails, saying so (exit $ST: $(last_err))" \
		sh -c '[ "$1" -eq 12 ] && grep -q "still running after 1500 ms" "$2"' _ $ST "$W/err"
	tool $DOM exec sh -c 'yes 0123456789abcdef | head -n 17648'
	check "[$L] exec: 300016 bytes of output ($(wc -c <"$W/out") bytes, $(last_err))" \
		sh -c '[ "$(wc -c <"$1")" -eq 300016 ] && [ "$(sort -u "$1")" = 0123456789abcdef ]' _ "$W/out"

	# list
	tool $DOM exec mkdir -p /tmp/t/list
	tool $DOM exec sh -c 'cd /tmp/t/list && touch 05-edgenet-b.network 05-edgenet-a.network \
		other.network 05-edgenet-c.conf .05-edgenet-h.network "$(printf "05-edgenet-x\ny.network")" \
		"$(printf "05-edgenet-\033.network")" && mkdir 05-edgenet-dir.network'
	tool $DOM list /tmp/t/list 05-edgenet- .network
	check "[$L] list: prefix and suffix, sorted, control characters left out ($(tr '\n' ' ' <"$W/out"))" \
		test "$(tr '\n' ' ' <"$W/out")" = "05-edgenet-a.network 05-edgenet-b.network 05-edgenet-dir.network "
	tool $DOM list /tmp/t/list/ '' ''
	check "[$L] list: everything, with a trailing slash ($(wc -l <"$W/out") names)" \
		test "$(wc -l <"$W/out")" -eq 6
	tool $DOM list /tmp/t/no-such-dir '' ''
	check "[$L] list of a missing directory: no names (exit $ST)" \
		sh -c '[ "$1" -eq 0 ] && [ ! -s "$2" ]' _ $ST "$W/out"

	# refusal
	tool $DOMB ping 5
	check "[$L] $DOMB: ping works" test $ST -eq 0
	tool $DOMB exec true
	check "[$L] $DOMB: exec is refused (exit $ST: $(last_err))" \
		sh -c '[ "$1" -eq 11 ] && grep -q "refused: the VM.s guest agent refuses guest-exec (disabled in its configuration)" "$2"' _ $ST "$W/err"
	tool $DOMB read /etc/passwd
	check "[$L] $DOMB: read is refused (exit $ST: $(last_err))" \
		sh -c '[ "$1" -eq 11 ] && grep -q "refuses guest-file-open (disabled in its configuration)" "$2"' _ $ST "$W/err"
	tool $DOMB write /tmp/x.conf <"$W/small"
	check "[$L] $DOMB: write is refused before touching the guest (exit $ST: $(last_err))" \
		sh -c '[ "$1" -eq 11 ] && grep -q "refuses guest-file-open" "$2"' _ $ST "$W/err"
	tool $DOMB list /etc '' ''
	check "[$L] $DOMB: list is refused (exit $ST: $(last_err))" test $ST -eq 11

	# timings
	tool $DOM bench 11 /tmp/t
	check "[$L] bench: 11 round trips and execs (exit $ST: $(last_err))" test $ST -eq 0
	sed "s/^/# [$L] /" "$W/out"
}

suite idle

sh -c 'while :; do :; done' &
LOAD_PIDS="$LOAD_PIDS $!"
sh -c 'while :; do :; done' &
LOAD_PIDS="$LOAD_PIDS $!"
echo "# load: two busy loops, pids$LOAD_PIDS"
suite load
for p in $LOAD_PIDS; do
	kill "$p" && wait "$p" 2>/dev/null
	check "busy loop $p stopped" sh -c '! kill -0 "$1" 2>/dev/null' _ "$p"
done
LOAD_PIDS=

# absent: the domain shut off
e2e_virsh destroy $DOMB >/dev/null
tool $DOMB ping 5
check "shut-off $DOMB: ping is GA_ABSENT, 'not running' (exit $ST: $(last_err))" \
	sh -c '[ "$1" -eq 10 ] && grep -q "not running" "$2"' _ $ST "$W/err"
tool $DOMB read /etc/passwd
check "shut-off $DOMB: read is GA_ABSENT (exit $ST)" test $ST -eq 10
tool $DOMB exec true
check "shut-off $DOMB: exec is GA_ABSENT (exit $ST)" test $ST -eq 10

finish
