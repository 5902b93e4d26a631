#!/bin/bash
# e2e_remote_guest.sh - the guest agent's delivery to a VM on a remote
# libvirt host: `edgenet apply` run in a client namespace that reaches a
# REAL libvirtd only over qemu+tcp:// (tests/lib/e2e_lib.sh,
# E2E_LISTEN_TCP=1), a REAL Debian 12 guest under TCG there
# (systemd-networkd, resolved, qemu-guest-agent; tests/lib/e2e_guest_lib.sh),
# checked inside the guest through the agent with its own tools.
#
#  1. plan A applied while the VM is off: networks, NICs and the seed over
#     the URI (the seed uploaded into a storage pool of the remote host);
#     the guest's first boot from it shows the plan: eth1 static
#     10.92.0.10/24, its default route with metric 500, its DNS server.
#  2. plan B applied, the VM running: the networkd files go through the
#     agent over the connection (the files step), and the guest shows it:
#     eth1 10.92.0.20/24, its DNS server, eth0's metric 300; our file as
#     read back through the agent.
# Slow (the Debian guest boots in 35-60 s under TCG): EDGENET_E2E_SLOW=skip
# makes it skip (exit 77), as e2e_guest.sh.
# Exit: 0 passed, 1 failed, 77 cannot run here (or skipped), 99 set-up failed.
. "$top_srcdir/tests/lib/e2e_lib.sh"
. "$top_srcdir/tests/lib/lib.sh"
. "$top_srcdir/tests/lib/e2e_guest_lib.sh"

DOM=e2e-rdeb
E=${EDGENET_BIN:?run through make check}
TO=${E2E_DEBIAN_TIMEOUT:-300}
E2E_LISTEN_TCP=1

if [ "${EDGENET_E2E_SLOW:-}" = skip ]; then
	echo "SKIP: the slow guest tier runs once per CI run (scripts/test.sh: in the sanitizer pass)"
	exit 77
fi

finish() {
	if [ "$T_FAIL" -ne 0 ] && [ -n "$E2E_STATE" ]; then
		echo "--- guest console (last lines) ---"
		e2e_console_tail "$DOM" 30
	fi
	e2e_cleanup
	echo "# e2e_remote_guest wall time $(($(e2e_now_ms) - t_begin)) ms"
	finish_exit
}

redge() { e2e_client "$E" -c "$E2E_REMOTE_URI" --state-dir "$SD" "$@"; }
has() { printf '%s\n' "$1" | grep -qF -- "$2"; }

t_begin=$(e2e_now_ms)
e2e_prepare || { echo "e2e_prepare failed"; exit 99; }
e2e_skip_unless_able
e2e_debian_prepare || { echo "the Debian guest could not be built"; exit 99; }
e2e_start_or_fail
SD=$E2E_STATE/edgenet-state
mkdir -p "$SD"
e2e_track_net $G_NAT
e2e_track_net $G_OT

check "the Debian guest $DOM without NICs is defined" e2e_define_debian_guest $DOM ""
P=$E2E_STATE
g_plan $P/a.cfg 100 10.92.0.10 10.92.0.1 false 500
g_plan $P/b.cfg 300 10.92.0.20 10.92.0.2 true 500

# --- 1. plan A, the VM off: first boot from the seed uploaded there --------
out=$(redge apply --yes $P/a.cfg </dev/null 2>&1)
rc=$?
printf '%s\n' "$out" | sed 's/^/#   /'
check "apply --yes A over $E2E_REMOTE_URI (VM off) exits 0 (got $rc)" test $rc -eq 0
x=$(e2e_client virsh -q -c "$E2E_REMOTE_URI" dumpxml --inactive $DOM)
sd=/var/lib/libvirt/edgenet-seeds/$DOM
check "the VM has both NICs and the seed CD-ROM from the remote pool (dumpxml over the URI)" \
	sh -c 'printf "%s\n" "$1" | grep -q "$2" && printf "%s\n" "$1" | grep -q "$3" &&
		printf "%s\n" "$1" | grep -q "<source file=.$4/seed-[0-9a-f]*\.iso./>"' \
	_ "$x" "$G_MAC0" "$G_MAC1" "$sd"

t0=$(e2e_now_ms)
e2e_virsh start $DOM >/dev/null || not_ok "virsh start $DOM"
check "the guest agent answers" e2e_wait_agent $DOM $TO
st=$(e2e_wait_cloud_init $DOM $TO)
check "cloud-init is done (got '$st')" test "$st" = "status: done"
echo "# first boot: cloud-init done after $(($(e2e_now_ms) - t0)) ms"
check "from the seed: eth1 has exactly 10.92.0.10/24" \
	wait_eq "eth1 addrs" 60 "10.92.0.10/24" g_addrs eth1
check "from the seed: eth1's default route via 10.92.0.1 metric 500" \
	wait_eq "eth1 route" 60 "10.92.0.1:500" g_default eth1
check "from the seed: resolvectl eth1's DNS server is 10.92.0.1" \
	wait_eq "eth1 dns" 30 "10.92.0.1" g_dns eth1

# --- 2. plan B, the VM running: through the agent ----------------------------
t0=$(e2e_now_ms)
out=$(redge apply --yes $P/b.cfg </dev/null 2>&1)
rc=$?
printf '%s\n' "$out" | sed 's/^/#   /'
check "apply --yes B over the URI, VM running, exits 0 (got $rc, $(($(e2e_now_ms) - t0)) ms)" \
	test $rc -eq 0
check "... its files step went through the agent" \
	has "$out" "through its guest agent: write"
check "eth1 has exactly 10.92.0.20/24" wait_eq "eth1 addrs" 60 "10.92.0.20/24" g_addrs eth1
check "resolvectl: eth1's DNS server is 10.92.0.2" wait_eq "eth1 dns" 30 "10.92.0.2" g_dns eth1
check "eth0's default route: via 10.91.0.1 metric 300" \
	wait_eq "eth0 route" 60 "10.91.0.1:300" g_default eth0
f=$(e2e_guest_cat $DOM /etc/systemd/network/05-edgenet-eth1.network 2>&1)
printf '%s\n' "$f" | sed 's/^/#   guest file: /'
check "our networkd file in the guest (read through the agent) has plan B" \
	sh -c 'printf "%s\n" "$1" | grep -q "^Address=10.92.0.20/24" &&
		printf "%s\n" "$1" | grep -q "^MACAddress=$2"' _ "$f" "$G_MAC1"

finish
