#!/bin/bash
# e2e_apply.sh - `edgenet apply` end to end, against a REAL libvirtd in a
# private network namespace and a REAL guest under TCG (tests/lib/e2e_lib.sh).
#
#  1. A guest with no NIC.  Plan A, applied with --yes: a NAT network with
#     a DHCP reservation for the primary NIC, an isolated network with
#     DHCP, two NICs with fixed MACs.  Before it, apply's preflight: a dry
#     run of a plan whose static address a peer of the probe lab
#     (tests/lib/probe_lab.sh, joined to the daemon's namespace) holds is
#     refused (exit 1, the MAC named, nothing changed); held by the NIC's
#     own MAC (a re-apply while the VM runs), it is no conflict.  The guest boots; the DHCP leases and
#     the guest agent must report exactly the planned MACs and addresses.
#  2. Plan B (other address for eth0, eth1 and its network removed), first
#     not confirmed (no input): rolled back, the host must be exactly as
#     after A; then confirmed: the running guest loses eth1 (live unplug),
#     the reservation changes in place; after a restart the leases and the
#     agent must show B exactly.
#  3. Plan A again, not confirmed: rolled back, the host exactly as after B.
#  4. kill -9 between steps (EDGENET_CRASH_AFTER_STEP): the next run rolls
#     the interrupted apply back (host as before); killed after the last
#     step: the next run finishes it.
# Everything is removed at the end, on failure too (lib.sh's cleanup; the
# state directory lives in E2E_STATE).  Prints the wall time.
# Exit: 0 passed, 1 failed, 77 a capability is truly missing (not root),
# 99 the daemons could not be started.
. "$top_srcdir/tests/lib/e2e_lib.sh"

. "$top_srcdir/tests/lib/lib.sh"	# ok, not_ok, check; finish below

DOM=e2e-apply
NAT=e2e-anat
ISO=e2e-aiso
MAC1=52:54:00:e2:a0:01
MAC2=52:54:00:e2:a0:02
FIXED_A=192.168.241.10
FIXED_B=192.168.241.20
E=${EDGENET_BIN:?run through make check}

finish() {
	if [ "$T_FAIL" -ne 0 ] && [ -n "$E2E_STATE" ]; then
		echo "--- guest console (last lines) ---"
		e2e_console_tail "$DOM" 30
		echo "--- libvirtd log (last lines) ---"
		tail -n 15 "$E2E_STATE/libvirtd.log" 2>/dev/null
	fi
	e2e_cleanup
	echo "# e2e_apply wall time $(($(e2e_now_ms) - t_begin)) ms"
	finish_exit
}

# The MACs (sorted, lower case) the guest agent reports, lo left out.
agent_macs() {
	e2e_agent "$DOM" '{"execute":"guest-network-get-interfaces"}' |
		grep -o '"hardware-address": *"[0-9a-fA-F:]*"' |
		sed 's/.*"\([0-9a-fA-F:]*\)"$/\1/' | tr 'A-F' 'a-f' |
		grep -v '^00:00:00:00:00:00$' | sort | tr '\n' ' '
}

# wait_lease_ip NET MAC IP [TIMEOUT]: until NET has a lease MAC -> IP.
wait_lease_ip() {
	local deadline=$((SECONDS + ${4:-60})) got
	while :; do
		got=$(e2e_virsh net-dhcp-leases "$1" --mac "$2" 2>/dev/null |
			awk -v m="$2" 'tolower($3) == m && $4 == "ipv4" { sub(/\/.*/, "", $5); print $5 }')
		case " $(echo $got) " in *" $3 "*) return 0 ;; esac
		[ $SECONDS -ge $deadline ] && { echo "leases of $2 on $1: '$got'" >&2; return 1; }
		sleep 0.2
	done
}

# wait_agent_ip MAC IP [TIMEOUT]: until the agent shows IP on MAC.
wait_agent_ip() {
	local deadline=$((SECONDS + ${3:-40})) got
	while :; do
		got=$(e2e_domifaddr "$DOM" agent "$1" 2>/dev/null | tr '\n' ' ')
		case " $got" in *" $2 "*) return 0 ;; esac
		[ $SECONDS -ge $deadline ] && { echo "agent: $1 has '$got'" >&2; return 1; }
		sleep 0.2
	done
}

in_iso_range() {
	case $1 in 192.168.242.*) ;; *) return 1 ;; esac
	[ "${1##*.}" -ge 100 ] && [ "${1##*.}" -le 199 ]
}

apply() {
	"$E" -c "$E2E_URI" --state-dir "$SD" apply "$@"
}

t_begin=$(e2e_now_ms)
e2e_begin
SD=$E2E_STATE/edgenet-state
mkdir -p "$SD"
e2e_track_net $NAT
e2e_track_net $ISO

check "guest $DOM without NICs is defined" e2e_define_guest $DOM ""

cat >"$E2E_STATE/plan-a.cfg" <<EOF
version = 1;
profile = "server";
vm = "$DOM";
switches = (
  { name = "$NAT"; type = "internal"; address = "192.168.241.1/24";
    dhcp = true; dhcp_start = "192.168.241.100"; dhcp_end = "192.168.241.199";
    nat = true; },
  { name = "$ISO"; type = "internal"; address = "192.168.242.1/24";
    dhcp = true; dhcp_start = "192.168.242.100"; dhcp_end = "192.168.242.199";
    nat = false; } );
nics = (
  { name = "eth0"; switch = "$NAT"; primary = true; mac = "$MAC1";
    ip = { mode = "static"; address = "$FIXED_A"; prefix = 24;
           gateway = "192.168.241.1"; };
    dns = { servers = [ "192.168.241.1" ]; }; },
  { name = "eth1"; switch = "$ISO"; mac = "$MAC2";
    ip = { mode = "dhcp"; }; offline = true; } );
EOF
cat >"$E2E_STATE/plan-b.cfg" <<EOF
version = 1;
profile = "server";
vm = "$DOM";
switches = (
  { name = "$NAT"; type = "internal"; address = "192.168.241.1/24";
    dhcp = true; dhcp_start = "192.168.241.100"; dhcp_end = "192.168.241.199";
    nat = true; } );
nics = (
  { name = "eth0"; switch = "$NAT"; primary = true; mac = "$MAC1";
    ip = { mode = "static"; address = "$FIXED_B"; prefix = 24;
           gateway = "192.168.241.1"; };
    dns = { servers = [ "192.168.241.1" ]; }; } );
EOF

# --- 1. plan A ---------------------------------------------------------------
s0=$(e2e_host_state $DOM)
out=$(apply --dry-run "$E2E_STATE/plan-a.cfg" 2>&1)
rc=$?
check "dry run of plan A exits 0 (got $rc)" test $rc -eq 0
check "... and changes nothing" e2e_same_state $DOM "$s0"
check "dry run of plan A shows the new network with its reservation" \
	sh -c 'printf "%s\n" "$1" | grep -q "+ *<host mac=.$2. ip=.$3./>"' _ "$out" "$MAC1" "$FIXED_A"

# --- 1b. apply's preflight: an address in use refuses --------------------
# The probe lab's plant network (tests/lib/probe_lab.sh) is joined to the
# daemon's namespace, where edgenet runs so that the lab's uplink is one of
# its host's NICs; a peer there holds the address the plan wants.
. "$top_srcdir/tests/lib/probe_lab.sh"
e2e_on_cleanup 'lab_down'
if lab_up "$E2E_NS" && lab_holder 10.231.7.50; then
	hold_mac=$LAB_LAST_MAC
	cat >"$E2E_STATE/plan-taken.cfg" <<EOF
version = 1;
profile = "server";
vm = "$DOM";
switches = ( { name = "e2e-plant"; type = "external"; uplink = "$LAB_UPLINK";
               mode = "bridge"; bridge = "e2epbr$$"; } );
nics = ( { name = "eth0"; switch = "e2e-plant"; primary = true; mac = "$MAC1";
           ip = { mode = "static"; address = "10.231.7.50"; prefix = 24;
                  gateway = "10.231.7.1"; };
           dns = { servers = [ "10.231.7.1" ]; }; } );
EOF
	s0=$(e2e_host_state $DOM)
	out=$(ip netns exec "$E2E_NS" "$E" -c "$E2E_URI" --state-dir "$SD" \
		apply --dry-run "$E2E_STATE/plan-taken.cfg" 2>&1)
	rc=$?
	echo "$out" | sed 's/^/#   /'
	check "preflight: a dry run with an address in use exits 1 (got $rc)" \
		test $rc -eq 1
	check "... under the preflight's line, the address probed" \
		sh -c 'printf "%s\n" "$1" | grep -A8 "^Preflight: probes sent" | grep -q "Address check 10.231.7.50"' _ "$out"
	check "... the error names the address and the MAC that answered" \
		sh -c 'printf "%s\n" "$1" | grep -q "nics\[0\]\.ip\.address: error: .*10\.231\.7\.50.*$2"' _ "$out" "$hold_mac"
	check "... and says nothing was changed" \
		sh -c 'printf "%s\n" "$1" | grep -q "preflight found an error.*nothing was changed"' _ "$out"
	check "... and nothing was" e2e_same_state $DOM "$s0"
	# the holder now answers from the NIC's own MAC: the VM holding its
	# address already (a re-apply), not a conflict
	ip -n "$LAB_LAST_NS" link set eth0 address "$MAC1"
	out=$(ip netns exec "$E2E_NS" "$E" -c "$E2E_URI" --state-dir "$SD" \
		apply --dry-run "$E2E_STATE/plan-taken.cfg" 2>&1)
	rc=$?
	echo "$out" | sed 's/^/#   /'
	check "preflight: the address held by the NIC's own MAC is no conflict (exit $rc)" \
		sh -c 'test "$1" -eq 0 && printf "%s\n" "$2" | grep -q "answered only from $3, this NIC.s own MAC" &&
			! printf "%s\n" "$2" | grep -q "ip\.address: error"' _ "$rc" "$out" "$MAC1"
	check "... and the dry run changed nothing" e2e_same_state $DOM "$s0"
else
	not_ok "the probe lab could not be built in $E2E_NS"
fi
lab_down

t0=$(e2e_now_ms)
out=$(apply --yes "$E2E_STATE/plan-a.cfg" </dev/null 2>&1)
rc=$?
t_apply_a=$(($(e2e_now_ms) - t0))
echo "$out" | sed 's/^/#   /'
check "apply --yes plan A exits 0 (got $rc, ${t_apply_a} ms)" test $rc -eq 0
check "$NAT and $ISO are running and autostart" \
	sh -c 'for n in "$@"; do virsh -q -c qemu:///system net-info "$n" | grep -q "^Active: *yes" &&
		virsh -q -c qemu:///system net-info "$n" | grep -q "^Autostart: *yes" || exit 1; done' _ $NAT $ISO

t0=$(e2e_now_ms)
e2e_virsh start $DOM >/dev/null || not_ok "virsh start $DOM"
ip1=$(e2e_wait_lease $NAT $MAC1 60)
check "lease on $NAT: $MAC1 has the reserved $FIXED_A (got '$ip1')" test "$ip1" = "$FIXED_A"
ip2=$(e2e_wait_lease $ISO $MAC2 60)
check "lease on $ISO: $MAC2 has an address of the range (got '$ip2')" in_iso_range "$ip2"
e2e_wait_agent $DOM 90
check "agent: $MAC1 has $FIXED_A" wait_agent_ip $MAC1 $FIXED_A
check "agent: $MAC2 has the leased $ip2" wait_agent_ip $MAC2 "$ip2"
macs=$(agent_macs)
check "agent: the guest has exactly the planned MACs (got '$macs')" \
	test "$macs" = "$MAC1 $MAC2 "
echo "# plan A: guest start -> both addresses seen $(($(e2e_now_ms) - t0)) ms"
s_a=$(e2e_host_state $DOM)	# with the guest running (network connections)

# --- 2. plan B, refused, then kept ------------------------------------------
out=$(apply "$E2E_STATE/plan-b.cfg" </dev/null 2>&1)
rc=$?
check "plan B without confirmation exits 4 (got $rc)" test $rc -eq 4
check "... and says it rolled back" sh -c 'printf "%s\n" "$1" | grep -q "^Rolled back"' _ "$out"
check "... and the host is exactly as after plan A" e2e_same_state $DOM "$s_a"

t0=$(e2e_now_ms)
out=$(echo yes | apply --confirm-timeout 30 "$E2E_STATE/plan-b.cfg" 2>&1)
rc=$?
echo "$out" | sed 's/^/#   /'
check "plan B confirmed with \"yes\" exits 0 (got $rc, $(($(e2e_now_ms) - t0)) ms)" test $rc -eq 0
check "$NAT's reservation for $MAC1 is now $FIXED_B (persistent and live)" \
	sh -c 'virsh -q -c qemu:///system net-dumpxml --inactive "$1" | grep -q "<host mac=.$2. ip=.$3./>" &&
		virsh -q -c qemu:///system net-dumpxml "$1" | grep -q "<host mac=.$2. ip=.$3./>"' _ $NAT $MAC1 $FIXED_B
check "$MAC2 is gone from the VM's definition" \
	sh -c '! virsh -q -c qemu:///system dumpxml --inactive "$1" | grep -q "$2"' _ $DOM $MAC2

# A restart, so the guest asks DHCP again and boots with B's NICs.
e2e_virsh destroy $DOM >/dev/null
t0=$(e2e_now_ms)
e2e_virsh start $DOM >/dev/null || not_ok "virsh start $DOM (B)"
check "lease on $NAT: $MAC1 has the new $FIXED_B" wait_lease_ip $NAT $MAC1 $FIXED_B 60
e2e_wait_agent $DOM 90
check "agent: $MAC1 has $FIXED_B" wait_agent_ip $MAC1 $FIXED_B
macs=$(agent_macs)
check "agent: the guest has exactly the planned MAC (got '$macs')" test "$macs" = "$MAC1 "
echo "# plan B: guest start -> address seen $(($(e2e_now_ms) - t0)) ms"
s_b=$(e2e_host_state $DOM)

# --- 3. plan A again, not confirmed: back to B --------------------------------
# stdin stays open (nothing typed) however long the steps take on a loaded
# machine: input that closed first would be "input closed", not the
# countdown running out; the holder is ended by its pid afterwards.
exec 8< <(exec sleep 600)
holder=$!
out=$(apply --confirm-timeout 1 "$E2E_STATE/plan-a.cfg" <&8 2>&1)
rc=$?
exec 8<&-
kill "$holder" 2>/dev/null
check "plan A again, no answer within 1 s: exits 4 (got $rc)" test $rc -eq 4
check "... says it was not confirmed in time" \
	sh -c 'printf "%s\n" "$1" | grep -q "not confirmed in time"' _ "$out"
check "... and the host is exactly as after plan B" e2e_same_state $DOM "$s_b"

# --- 4. kill -9 between steps, and recovery -----------------------------------
EDGENET_CRASH_AFTER_STEP=1 apply --yes "$E2E_STATE/plan-a.cfg" >/dev/null 2>&1
rc=$?
check "killed after step 1 (status $rc = 128+9)" test $rc -eq 137
check "... the journal is left behind" test -f "$SD/apply.journal"
out=$(apply --yes "$E2E_STATE/plan-b.cfg" </dev/null 2>&1)
rc=$?
echo "$out" | sed 's/^/#   /'
check "the next run recovers: ROLLED BACK, then nothing to change (exit $rc)" \
	sh -c 'printf "%s\n" "$1" | grep -q "ROLLED BACK" && printf "%s\n" "$1" | grep -q "^Nothing to change"' _ "$out"
check "... the host is exactly as after plan B" e2e_same_state $DOM "$s_b"
check "... the journal is gone" test ! -e "$SD/apply.journal"

n=$(apply --dry-run "$E2E_STATE/plan-a.cfg" 2>/dev/null | sed -n 's/^\([0-9]*\) steps*:$/\1/p')
EDGENET_CRASH_AFTER_STEP=$n apply --yes "$E2E_STATE/plan-a.cfg" >/dev/null 2>&1
rc=$?
check "killed after the last step ($n) (status $rc)" test $rc -eq 137
out=$(apply --yes "$E2E_STATE/plan-a.cfg" </dev/null 2>&1)
echo "$out" | sed 's/^/#   /'
check "the next run FINISHES it (only verification was left)" \
	sh -c 'printf "%s\n" "$1" | grep -q "FINISHED" && printf "%s\n" "$1" | grep -q "^Nothing to change"' _ "$out"
check "$ISO exists again and $MAC2 is in the definition" \
	sh -c 'virsh -q -c qemu:///system net-info "$1" >/dev/null && virsh -q -c qemu:///system dumpxml --inactive "$2" | grep -q "$3"' _ $ISO $DOM $MAC2

finish
