#!/bin/sh
# cli_apply.sh - `edgenet apply` as a technician runs it, against libvirt's
# test driver (tests/data/apply-node.xml; every run of the program starts
# from a fresh copy of that host): refusal of a plan with errors, the dry
# run, --yes, "yes" typed, no input, "no", the countdown running out
# (--confirm-timeout and the settings file), SIGTERM and SIGHUP during the
# countdown, injected faults (EDGENET_FAULT), a rollback that cannot
# finish, and kill -9 between steps (EDGENET_CRASH_AFTER_STEP) recovered by
# the next run.  Nothing outside a temporary directory is touched.
. "$top_srcdir/tests/lib/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
URI="test://$(cd "$top_srcdir/tests/data" && pwd)/apply-node.xml"
SD=$tmp/state
E() {
	"$EDGENET_BIN" -c "$URI" --state-dir "$SD" apply "$@"
}
has() {	# has TEXT PATTERN
	printf '%s\n' "$1" | grep -q -- "$2"
}

cp "$top_srcdir/tests/data/apply-plan.cfg" "$tmp/plan.cfg"

# 1. Usage.
"$EDGENET_BIN" apply --help >/dev/null 2>&1
check "apply --help exits 0" test $? -eq 0
E >/dev/null 2>&1
check "apply without a plan exits 2" test $? -eq 2
out=$(E --confirm-timeout 0 "$tmp/plan.cfg" 2>&1)
check "--confirm-timeout 0 is refused with exit 2" test $? -eq 2
check "... saying what it wants" has "$out" "whole seconds from 1 to 86400"
E "$tmp/nope.cfg" >/dev/null 2>&1
check "an unreadable plan exits 2" test $? -eq 2

# 2. A plan with an error: refused before anything is touched.
sed 's/gateway = "10.77.0.1"/gateway = "10.99.0.1"/' "$tmp/plan.cfg" >"$tmp/bad.cfg"
out=$(E --yes "$tmp/bad.cfg" 2>&1)
rc=$?
check "a plan with errors exits 1 (got $rc)" test $rc -eq 1
check "... names the field and line" has "$out" "bad.cfg:18: nics\[0\].ip.gateway: error: "
check "... and says nothing was changed" has "$out" "nothing was changed"
check "... and leaves no journal" test ! -e "$SD/apply.journal"

# 3. Dry run.
out=$(E --dry-run "$tmp/plan.cfg" 2>&1)
rc=$?
check "dry run exits 0 (got $rc)" test $rc -eq 0
check "dry run says it changes nothing" has "$out" "^Dry run on test://.*: nothing is changed"
check "dry run lists 9 steps" has "$out" "^9 steps:"
# as the usage line writes it: the plan first, then the options
out2=$(E "$tmp/plan.cfg" --dry-run 2>&1)
rc=$?
check "apply PLAN --dry-run is the same dry run (got $rc)" \
	sh -c 'test "$1" -eq 0 && test "$2" = "$3"' _ "$rc" "$out" "$out2"
check "dry run shows the VM's seed with its networkd files" \
	has "$out" "networkd/05-edgenet-eth1.network:"
check "dry run shows the new network's XML" has "$out" "^network edge-nat: new definition"
check "dry run shows the reservation" has "$out" "+       <host mac='52:54:00:e4:00:01' ip='10.77.0.10'/>"
check "dry run diffs the VM (- old source, + new)" \
	sh -c 'printf "%s\n" "$1" | grep -q "^    -       <source network=.default./>" &&
		printf "%s\n" "$1" | grep -q "^    +       <source network=.edge-nat./>"' _ "$out"
check "dry run leaves no journal" test ! -e "$SD/apply.journal"
check "dry run writes no seed" test ! -e "$SD/seeds"
# The state directory is under a mktemp -d (0700): qemu could not read the
# seed there, and the dry run says so.
check "dry run warns that qemu cannot reach the seed under $tmp" \
	has "$out" "$tmp (mode 0700) lets no other user through"

# 4. --yes, "yes", no input, "no".
out=$(E --yes "$tmp/plan.cfg" </dev/null 2>&1)
rc=$?
check "--yes exits 0 (got $rc)" test $rc -eq 0
check "--yes prints each step's progress" has "$out" "^\[8/9\] Add NIC eth1"
check "... the last step gives the VM its seed" has "$out" "^\[9/9\] Write the VM's NoCloud seed"
check "... which is kept in the state directory" \
	sh -c 'ls "$1"/seeds/*/seed-*.iso >/dev/null' _ "$SD"
check "--yes says it kept the change" has "$out" "^Applied and kept"
check "the journal is gone" test ! -e "$SD/apply.journal"
check "the applied plan is saved in the state directory" grep -q 'name = "edge-nat"' "$SD/applied.cfg"
check "eth1 got a MAC kept in the state directory" grep -q 'eth1' "$SD/macs.cfg"

out=$(echo yes | E "$tmp/plan.cfg" 2>&1)
check "typing yes keeps it (exit $?)" has "$out" "^Applied and kept"
out=$(E "$tmp/plan.cfg" </dev/null 2>&1)
rc=$?
check "no input: exit 4 (got $rc)" test $rc -eq 4
check "... rolled back, saying why" has "$out" "^Rolling back (no answer: input closed)"
check "... every step rolled back" has "$out" "^   8. rolled back: Add NIC eth1"
out=$(echo no | E "$tmp/plan.cfg" 2>&1)
rc=$?
check "typing no: exit 4 (got $rc), not confirmed" sh -c 'test "$1" -eq 4' _ $rc
check "... says not confirmed" has "$out" "Rolling back (not confirmed)"

# 5. The countdown runs out (input open, nothing typed).  HOLD keeps the
# fifo open for writing without writing.
mkfifo "$tmp/in"
hold() {
	(exec 3>"$tmp/in"; sleep 20) &
	holder=$!
}
release() {
	kill $holder 2>/dev/null
	wait $holder 2>/dev/null
}
hold
t0=$(date +%s)
"$EDGENET_BIN" -c "$URI" --state-dir "$SD" apply --confirm-timeout 1 \
	"$tmp/plan.cfg" <"$tmp/in" >"$tmp/to.out" 2>&1
rc=$?
t1=$(date +%s)
release
check "countdown of 1 s runs out: exit 4 (got $rc)" test $rc -eq 4
check "... says so" grep -q "not confirmed in time" "$tmp/to.out"
check "... after about 1 s ($((t1 - t0)) s)" test $((t1 - t0)) -lt 4
printf 'confirm_timeout = 1;\n' >"$tmp/edgenet.conf"
hold
EDGENET_SETTINGS=$tmp/edgenet.conf "$EDGENET_BIN" -c "$URI" --state-dir "$SD" \
	apply "$tmp/plan.cfg" <"$tmp/in" >"$tmp/to.out" 2>&1
release
check "confirm_timeout from the settings file is used" grep -q "within 1 s" "$tmp/to.out"

# 5b. On a terminal the countdown redraws its line in place: the carriage
# return is the program's own layout and reaches the terminal as a byte,
# not as the text "\x0d" the output filter makes of a stray control.
# script(1) gives the command a terminal (stdin held open, nothing typed).
hold
script -q -e -c "'$EDGENET_BIN' -c '$URI' --state-dir '$SD' apply \
	--confirm-timeout 2 '$tmp/plan.cfg'" /dev/null <"$tmp/in" \
	>"$tmp/tty.out" 2>&1
rc=$?
release
check "on a terminal, the countdown runs out: exit 4 (got $rc)" test $rc -eq 4
check "... its line is redrawn with a carriage return" \
	grep -q "$(printf '\r')  *1 s left > " "$tmp/tty.out"
check "... never shown as the text \\x0d" sh -c '! grep -q "x0d" "$1"' _ "$tmp/tty.out"

# 6. SIGTERM, or SIGHUP (the ssh session is gone), while waiting: rolled
# back.
for sig in TERM HUP; do
	hold
	# (the previous round's output must not be mistaken for this one's:
	# the background command truncates the file only when it starts)
	rm -f "$tmp/sig.out"
	"$EDGENET_BIN" -c "$URI" --state-dir "$SD" apply "$tmp/plan.cfg" \
		<"$tmp/in" >"$tmp/sig.out" 2>&1 &
	pid=$!
	i=0
	while ! grep -q "Keep this change" "$tmp/sig.out" 2>/dev/null &&
		[ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -$sig $pid
	wait $pid
	rc=$?
	release
	check "SIG$sig during the countdown: exit 4 (got $rc)" test $rc -eq 4
	check "... rolled back" grep -q "^Rolled back" "$tmp/sig.out"
done

# 7. A fault in each step: exit 3, everything rolled back.
for n in 1 4 8; do
	for ph in do verify; do
		out=$(EDGENET_FAULT="step=$n,phase=$ph" E --yes "$tmp/plan.cfg" 2>&1)
		rc=$?
		check "fault in step $n ($ph): exit 3 (got $rc)" test $rc -eq 3
		check "... says why and rolls back" \
			sh -c 'printf "%s\n" "$1" | grep -q "injected fault" &&
				printf "%s\n" "$1" | grep -q "^Rolled back"' _ "$out"
	done
done

# 8. A rollback that cannot finish: exit 5, journal kept, recovered later.
out=$(EDGENET_FAULT="step=2,phase=verify;step=1,phase=undo" E --yes "$tmp/plan.cfg" 2>&1)
rc=$?
check "an undo that fails: exit 5 (got $rc)" test $rc -eq 5
check "... says what is left to do by hand" has "$out" "to do by hand: Stop and undefine network edge-nat"
check "... keeps the journal" test -f "$SD/apply.journal"
out=$(E --dry-run "$tmp/plan.cfg" 2>&1)
check "a dry run meanwhile says an apply is pending" has "$out" "an earlier apply was interrupted"
check "... and leaves the journal" test -f "$SD/apply.journal"
out=$(E --yes "$tmp/plan.cfg" 2>&1)
rc=$?
check "the next run recovers it (ROLLED BACK) and applies (exit $rc)" \
	sh -c 'printf "%s\n" "$1" | grep -q "was ROLLED BACK" && test "$2" -eq 0' _ "$out" $rc

# 9. kill -9 between steps.
EDGENET_CRASH_AFTER_STEP=3 E --yes "$tmp/plan.cfg" >/dev/null 2>&1
rc=$?
check "killed after step 3 (status $rc)" test $rc -eq 137
check "... leaves the journal" test -f "$SD/apply.journal"
out=$(E --yes "$tmp/plan.cfg" 2>&1)
check "the next run rolls the interrupted apply back first" \
	has "$out" "An interrupted apply on test://.* was ROLLED BACK (it had stopped while applying)"
check "... then applies (exit $?)" has "$out" "^Applied and kept"
EDGENET_CRASH_AFTER_STEP=8 E --yes "$tmp/plan.cfg" >/dev/null 2>&1
out=$(E --yes "$tmp/plan.cfg" 2>&1)
# A fresh test-driver host: nothing of the killed run is there, so the
# check finds it missing and the recovery rolls back instead.
check "killed after the last step: the next run finishes or rolls back, and says which" \
	sh -c 'printf "%s\n" "$1" | grep -Eq "was (FINISHED|ROLLED BACK)"' _ "$out"
check "... and the journal is gone" test ! -e "$SD/apply.journal"

# 10. The plan against the host, before anything changes: a VM the host
# does not have (the defined ones are named), a new switch on the subnet
# of the host's running network "default".  `edgenet check` has no host
# and passes both.
sed 's/vm = "edge-vm"/vm = "edge-vn"/' "$tmp/plan.cfg" >"$tmp/novm.cfg"
out=$(E --yes "$tmp/novm.cfg" 2>&1)
rc=$?
check "a VM the host does not have: exit 1 (got $rc)" test $rc -eq 1
check "... at the vm line, naming the defined VMs" has "$out" \
	'novm.cfg:6: vm: error: the VM "edge-vn" is not defined on this host, so the plan cannot be applied; name the VM one of "edge-vm" or "historian" (vm)'
check "... and nothing was changed" has "$out" "nothing was changed"
check "... no journal" test ! -e "$SD/apply.journal"
sed -e 's/10\.78\.0\.1\/24/192.168.122.1\/24/' -e 's/10\.78\.0\./192.168.122./g' \
	"$tmp/plan.cfg" >"$tmp/overlap.cfg"
out=$(E --dry-run "$tmp/overlap.cfg" 2>&1)
rc=$?
check "a switch on the subnet of the host's running network: exit 1 (got $rc)" \
	test $rc -eq 1
check "... at its address, naming the network and a free subnet" has "$out" \
	'overlap.cfg:11: switches\[1\].address: error: 192.168.122.0/24 is already used by network "default", running on this host; use another subnet, such as 192.168.123.1/24'
check "... and no dry run is shown" sh -c '! printf "%s\n" "$1" | grep -q "^Dry run"' _ "$out"
for f in novm overlap; do
	"$EDGENET_BIN" check "$tmp/$f.cfg" >/dev/null 2>&1
	rc=$?
	check "edgenet check (no host) passes $f.cfg (exit $rc)" test $rc -eq 0
done

# 11. The dry run says what check says, and changes nothing at all.
# (a) For plans that are clean, that have warnings, that have errors (in
# validation, in loading): the diagnostics of `apply --dry-run` up to the
# line that starts the host's own checks are exactly check's lines and
# check's count line, and the exit status agrees where check's verdict
# decides it.
sed 's/    dns = { servers = \[ "10.77.0.1" \]; }; },/    },/' \
	"$tmp/plan.cfg" >"$tmp/warnp.cfg"
sed 's/    ip = { mode = "dhcp"; }; offline = true; } );/    ip = { mode = "dhcp"; }; ofline = true; } );/' \
	"$tmp/plan.cfg" >"$tmp/typo.cfg"
SDD=$tmp/dry-state
for f in plan warnp bad typo; do
	"$EDGENET_BIN" check "$tmp/$f.cfg" >"$tmp/c.out" 2>"$tmp/c.err"
	crc=$?
	"$EDGENET_BIN" -c "$URI" --state-dir "$SDD" apply --dry-run \
		"$tmp/$f.cfg" >"$tmp/d.out" 2>"$tmp/d.err"
	drc=$?
	check "dry run of $f.cfg: check's lines and count, nothing else before the host's checks" \
		test "$(sed '/^Checked against the host /,$d' "$tmp/d.err" |
			grep -v '^edgenet apply: ')" = \
		"$(cat "$tmp/c.out" "$tmp/c.err")"
	check "... and the same verdict (check $crc, dry run $drc)" \
		sh -c 'test "$1" -eq "$2" || { test "$1" -eq 0 && test "$2" -ne 1; }' \
		_ $crc $drc
done
check "warnp.cfg really has a warning" sh -c \
	'"$1" check "$2" 2>/dev/null | grep -q ": warning: "' _ "$EDGENET_BIN" "$tmp/warnp.cfg"
check "typo.cfg really has an error" sh -c \
	'! "$1" check "$2" >/dev/null 2>&1' _ "$EDGENET_BIN" "$tmp/typo.cfg"
check "a dry run into a state directory that is not there does not create it" \
	test ! -e "$SDD"
# What only the host can tell is marked as such: the VM of novm.cfg.
out=$(E --dry-run "$tmp/novm.cfg" 2>&1 >/dev/null)
check "the host's own findings come under a line saying check cannot make them" \
	sh -c 'printf "%s\n" "$1" | sed -n "/^Checked against the host .*edgenet check reads only files/,\$p" |
		grep -q "novm.cfg:6: vm: error: the VM \"edge-vn\" is not defined"' _ "$out"

# (b) The state directory, byte for byte: names, types, modes, sizes and
# checksums, before and after; with a NIC (eth1) that has no MAC yet, then
# after a real apply (MACs, seed, applied plan present).  The node file of
# the test driver is compared too (the driver reads it, never writes it).
tree() {
	(cd "$1" && find . -printf '%p %y %m %s\n' | LC_ALL=C sort &&
		find . -type f -exec sha256sum {} + | LC_ALL=C sort)
}
node=$top_srcdir/tests/data/apply-node.xml
mkdir -p "$SDD"
cat >"$SDD/macs.cfg" <<'M'
macs = ( { vm = "historian"; nic = "eth0"; mac = "52:54:00:0a:0b:0c"; } );
M
before=$(tree "$SDD")
nsum=$(sha256sum <"$node")
out=$("$EDGENET_BIN" -c "$URI" --state-dir "$SDD" apply --dry-run "$tmp/plan.cfg" 2>/dev/null)
rc=$?
check "dry run with eth1 not yet given a MAC: exit 0 (got $rc)" test $rc -eq 0
check "... the state directory is byte for byte as it was (no MAC, lock, journal, seed)" \
	test "$(tree "$SDD")" = "$before"
check "... the node file too" test "$(sha256sum <"$node")" = "$nsum"
check "... eth1's MAC is shown as generated at apply" \
	has "$out" "Add NIC eth1 (MAC \[new MAC of eth1, generated at apply\])"
check "... and said so above the steps" has "$out" "^NIC eth1 has no MAC yet: a real apply generates one"
check "... the seed, named after contents that include it, is not named" \
	has "$out" "seed-\[named after its contents at apply\]\.iso"
# No made-up value: every MAC the dry run prints is one the plan or the
# host already has.
macs_shown=$(printf '%s\n' "$out" | grep -oiE '([0-9a-f]{2}:){5}[0-9a-f]{2}' | sort -u)
check "... every MAC it prints is in the plan or on the host ($(echo $macs_shown))" \
	sh -c 'for m in $1; do grep -qi "$m" "$2" "$3" || exit 1; done' _ \
	"$macs_shown" "$tmp/plan.cfg" "$node"
out=$("$EDGENET_BIN" -c "$URI" --state-dir "$SDD" apply --yes "$tmp/plan.cfg" 2>&1)
check "a real apply then generates and keeps eth1's MAC" \
	sh -c 'grep -A1 "nic = \"eth1\"" "$1/macs.cfg" | grep -q "52:54:00:"' _ "$SDD"
m1=$(grep -A1 'nic = "eth1"' "$SDD/macs.cfg" | grep -oE '([0-9a-f]{2}:){5}[0-9a-f]{2}')
before=$(tree "$SDD")
check "... the state now holds MACs, the seed and the applied plan" \
	sh -c 'test -f "$1/applied.cfg" && ls "$1"/seeds/edge-vm/seed-*.iso >/dev/null' _ "$SDD"
out=$("$EDGENET_BIN" -c "$URI" --state-dir "$SDD" apply --dry-run "$tmp/plan.cfg" 2>/dev/null)
check "a dry run after it shows eth1's kept MAC $m1" has "$out" "Add NIC eth1 (MAC $m1)"
check "... and leaves that state directory byte for byte as it was" \
	test "$(tree "$SDD")" = "$before"


# A journal edgenet cannot read (here a named pipe in its place): the real
# apply stops (exit 5, it cannot know what an earlier apply left), and so
# does the dry run, with the same words, instead of showing steps.
SDJ=$tmp/state-badjournal
mkdir -p "$SDJ"
mkfifo "$SDJ/apply.journal"
out=$("$EDGENET_BIN" -c "$URI" --state-dir "$SDJ" apply --yes "$tmp/plan.cfg" 2>&1)
rc_real=$?
out_dry=$("$EDGENET_BIN" -c "$URI" --state-dir "$SDJ" apply --dry-run "$tmp/plan.cfg" 2>&1)
rc_dry=$?
check "an unreadable journal: the real apply exits 5 (got $rc_real)" test $rc_real -eq 5
check "... and so does the dry run (got $rc_dry)" test $rc_dry -eq 5
check "... which shows no steps" sh -c '! printf "%s\n" "$1" | grep -q "^Dry run"' _ "$out_dry"
check "... and says what the real apply says of the journal" has "$out_dry" \
	"$(printf '%s\n' "$out" | grep -m1 'apply.journal' | sed 's/[][\.*^$]/\\&/g')"

finish
