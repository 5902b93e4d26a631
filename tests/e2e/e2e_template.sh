#!/bin/bash
# e2e_template.sh - one plan template applied to two VMs with --set, end
# to end against a REAL libvirtd in a private network namespace and REAL
# guests under TCG (tests/lib/e2e_lib.sh), as an integrator rolls one
# template out to many PCs.
#
# Two guests without NICs.  The template: an internal switch with NAT and
# libvirt's DHCP, one NIC with a static address (which edgenet pins with a
# DHCP host entry on that switch) and no MAC.  Applied with --yes as
#   --set vm=A --set nics[0].ip.address=X   and
#   --set vm=B --set nics[0].ip.address=Y
# from one state directory.  Then: each VM's NIC has the MAC kept for it
# in the state directory, and they differ; the network holds both host
# entries (the second apply keeps the first's); after each apply the
# applied plan holds that apply's VM and address; a check and a dry run
# with a --set that does not fit name the --set and change nothing; both
# guests boot and get X and Y from libvirt's DHCP (leases) and report
# them through the guest agent.  The template file is never changed.
# Everything is removed at the end, on failure too.  Prints the wall time.
# Exit: 0 passed, 1 failed, 77 a capability is truly missing (not root),
# 99 the daemons could not be started.
. "$top_srcdir/tests/lib/e2e_lib.sh"

. "$top_srcdir/tests/lib/lib.sh"	# ok, not_ok, check; finish below

DOM_A=e2e-tpl-a
DOM_B=e2e-tpl-b
NET=e2e-tnet
ADDR_A=192.168.243.21
ADDR_B=192.168.243.22
E=${EDGENET_BIN:?run through make check}

finish() {
	if [ "$T_FAIL" -ne 0 ] && [ -n "$E2E_STATE" ]; then
		for d in $DOM_A $DOM_B; do
			echo "--- guest $d console (last lines) ---"
			e2e_console_tail "$d" 20
		done
		echo "--- libvirtd log (last lines) ---"
		tail -n 15 "$E2E_STATE/libvirtd.log" 2>/dev/null
	fi
	e2e_cleanup
	echo "# e2e_template wall time $(($(e2e_now_ms) - t_begin)) ms"
	finish_exit
}

has() {	# has TEXT PATTERN
	printf '%s\n' "$1" | grep -q -- "$2"
}

# apply_to VM ADDRESS [ARGS...]: the template with the two --set values.
apply_to() {
	local vm=$1 addr=$2
	shift 2
	"$E" -c "$E2E_URI" --state-dir "$SD" apply "$TPL" --set "vm=$vm" \
		--set "nics[0].ip.address=$addr" "$@" </dev/null 2>&1
}

# The MAC kept in the state directory for VM's eth0.
kept_mac() {
	awk -v vm="\"$1\";" '$1 == "vm" { v = $3 } $1 == "mac" && v == vm { print $3 }' \
		"$SD/macs.cfg" | tr -d '";' | tr 'A-F' 'a-f'
}

# The MACs of VM's NICs in its libvirt definition.
dom_macs() {
	e2e_virsh dumpxml "$1" | sed -n "s/.*<mac address='\([^']*\)'.*/\1/p" |
		tr 'A-F' 'a-f' | tr '\n' ' '
}

# "vm=NAME addr=ADDRESS " of the applied plan in the state directory.
applied() {
	sed -n -e 's/^vm = "\(.*\)";$/vm=\1/p' \
		-e 's/^ *address = "\(192\.168\.243\.[0-9]*\)";$/addr=\1/p' \
		"$SD/applied.cfg" | tr '\n' ' '
}

# net_has_host MAC IP: the network's definition reserves IP for MAC.
net_has_host() {
	e2e_virsh net-dumpxml "$NET" |
		grep -qi "<host mac=.$1. ip=.$2./>"
}

# wait_agent_ip DOM MAC IP [TIMEOUT]: until the agent shows IP on MAC.
wait_agent_ip() {
	local deadline=$((SECONDS + ${4:-60})) got
	while :; do
		got=$(e2e_domifaddr "$1" agent "$2" 2>/dev/null | tr '\n' ' ')
		case " $got" in *" $3 "*) return 0 ;; esac
		[ $SECONDS -ge $deadline ] && { echo "agent of $1: $2 has '$got'" >&2; return 1; }
		sleep 0.2
	done
}

t_begin=$(e2e_now_ms)
e2e_begin
SD=$E2E_STATE/edgenet-state
mkdir -p "$SD"
e2e_track_net $NET
TPL=$E2E_STATE/edge-template.cfg

check "guest $DOM_A without NICs is defined" e2e_define_guest $DOM_A ""
check "guest $DOM_B without NICs is defined" e2e_define_guest $DOM_B ""

cat >"$TPL" <<EOF
# one template for every PC: the VM's name and address come from --set
version = 1;
profile = "server";
vm = "edge-vm";
switches = (
  { name = "$NET"; type = "internal"; address = "192.168.243.1/24";
    dhcp = true; dhcp_start = "192.168.243.100"; dhcp_end = "192.168.243.199";
    nat = true; } );
nics = (
  { name = "eth0"; switch = "$NET"; primary = true;
    ip = { mode = "static"; address = "192.168.243.10"; prefix = 24;
           gateway = "192.168.243.1"; };
    dns = { servers = [ "192.168.243.1" ]; }; } );
EOF
cp "$TPL" "$TPL.orig"

# --- 1. checked first, as the README's fleet recipe says -------------------
out=$("$E" check "$TPL" --set vm=$DOM_A --set "nics[0].ip.address=$ADDR_A" 2>&1)
check "check with A's values exits 0 ($out)" test $? -eq 0
s0=$(e2e_host_state $DOM_A)
out=$(apply_to $DOM_A 192.168.243.150 --dry-run)
rc=$?
check "a dry run with an address in the DHCP range exits 1 (got $rc)" test $rc -eq 1
check "... the error names the --set" has "$out" \
	'^--set nics\[0\]\.ip\.address=192\.168\.243\.150: nics\[0\]\.ip\.address: error: '
check "... and nothing changed" e2e_same_state $DOM_A "$s0"
out=$("$E" -c "$E2E_URI" --state-dir "$SD" apply "$TPL" --set vm=e2e-tpl-nope --dry-run 2>&1)
check "a dry run for a VM the host lacks names the --set ($?)" has "$out" \
	'^--set vm=e2e-tpl-nope: vm: error: the VM "e2e-tpl-nope" is not defined'

# --- 2. the template applied to A, then to B ------------------------------
t0=$(e2e_now_ms)
out=$(apply_to $DOM_A $ADDR_A --yes)
rc=$?
echo "$out" | sed 's/^/#   /'
check "apply to $DOM_A with --set exits 0 (got $rc, $(($(e2e_now_ms) - t0)) ms)" test $rc -eq 0
check "... its applied plan holds A's values ($(applied))" \
	test "$(applied)" = "vm=$DOM_A addr=$ADDR_A "
mac_a=$(kept_mac $DOM_A)
check "... a MAC is kept for $DOM_A's eth0 ($mac_a)" test -n "$mac_a"
check "... $DOM_A's NIC has it ($(dom_macs $DOM_A))" test "$(dom_macs $DOM_A)" = "$mac_a "
check "... $NET reserves $ADDR_A for it" net_has_host "$mac_a" $ADDR_A

t0=$(e2e_now_ms)
out=$(apply_to $DOM_B $ADDR_B --yes)
rc=$?
echo "$out" | sed 's/^/#   /'
check "apply to $DOM_B with --set exits 0 (got $rc, $(($(e2e_now_ms) - t0)) ms)" test $rc -eq 0
check "... its applied plan holds B's values ($(applied))" \
	test "$(applied)" = "vm=$DOM_B addr=$ADDR_B "
mac_b=$(kept_mac $DOM_B)
check "... a MAC is kept for $DOM_B's eth0 ($mac_b)" test -n "$mac_b"
check "... not A's" test "$mac_b" != "$mac_a"
check "... $DOM_B's NIC has it ($(dom_macs $DOM_B))" test "$(dom_macs $DOM_B)" = "$mac_b "
check "... $DOM_A's NIC still has its own ($(dom_macs $DOM_A))" test "$(dom_macs $DOM_A)" = "$mac_a "
check "$NET holds both host entries: $ADDR_B for B" net_has_host "$mac_b" $ADDR_B
check "... and $ADDR_A for A, kept by B's apply" net_has_host "$mac_a" $ADDR_A
check "A's MAC is still the one kept for A" test "$(kept_mac $DOM_A)" = "$mac_a"
check "the template file is not changed" cmp -s "$TPL" "$TPL.orig"

# --- 3. the guests get their addresses ------------------------------------
check "$DOM_A starts" e2e_virsh start $DOM_A
check "$DOM_B starts" e2e_virsh start $DOM_B
ip_a=$(e2e_wait_lease $NET "$mac_a" 90)
check "$DOM_A's lease is $ADDR_A (got '$ip_a')" test "$ip_a" = $ADDR_A
ip_b=$(e2e_wait_lease $NET "$mac_b" 90)
check "$DOM_B's lease is $ADDR_B (got '$ip_b')" test "$ip_b" = $ADDR_B
check "$DOM_A's agent answers" e2e_wait_agent $DOM_A 90
check "... and shows $ADDR_A on $mac_a" wait_agent_ip $DOM_A "$mac_a" $ADDR_A
check "$DOM_B's agent answers" e2e_wait_agent $DOM_B 90
check "... and shows $ADDR_B on $mac_b" wait_agent_ip $DOM_B "$mac_b" $ADDR_B

finish
