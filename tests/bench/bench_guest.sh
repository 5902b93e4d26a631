#!/bin/bash
# bench_guest.sh - how long a change inside the VM takes, beside its peer
# measured in the same run (`make bench`; needs root: a real libvirtd and
# the real Debian guest of tests/e2e/, booted under TCG).
#
#  - edgenet: `edgenet apply --yes` of a plan that changes a DNS server and
#    a route metric of the running VM: from the confirmation (--yes: at
#    once) until apply returns, which is after the guest was checked
#    through its agent (addresses, default routes and metrics, DNS);
#    3 runs, alternating two plans, each figure printed and the median.
#  - the peer: the same kind of change the way EFLOW and Proxmox's
#    cloud-init need it, through a reboot of the guest: the seed changed
#    with the guest agent stopped, then `virsh reboot`, until the guest
#    shows the new metric (agent answering, `ip -j route`).
. "$top_srcdir/tests/lib/e2e_lib.sh"
. "$top_srcdir/tests/lib/e2e_guest_lib.sh"

DOM=e2e-bench
E=${EDGENET_BIN:?run through make bench}
TO=${E2E_DEBIAN_TIMEOUT:-300}

if [ "$(id -u)" -ne 0 ]; then
	echo "bench_guest: needs root (libvirtd, network namespaces); skipped"
	exit 0
fi
e2e_prepare && e2e_debian_prepare || exit 1
e2e_start || exit 1
SD=$E2E_STATE/edgenet-state
mkdir -p "$SD"
e2e_track_net $G_NAT
e2e_track_net $G_OT
apply() {
	"$E" -c "$E2E_URI" --state-dir "$SD" apply "$@"
}
e2e_define_debian_guest $DOM "" || exit 1
P=$E2E_STATE
g_plan $P/a.cfg 100 10.92.0.10 10.92.0.1 false 500
g_plan $P/b.cfg 200 10.92.0.10 10.92.0.2 false 500
g_plan $P/c.cfg 300 10.92.0.10 10.92.0.3 false 500
apply --yes $P/a.cfg </dev/null >/dev/null 2>&1 || { echo "apply a failed"; exit 1; }
e2e_virsh start $DOM >/dev/null || exit 1
e2e_wait_cloud_init $DOM $TO >/dev/null || exit 1
wait_eq "eth0 route" 60 "10.91.0.1:100" g_default eth0 || exit 1

times=
for i in 1 2 3; do
	if [ $((i % 2)) -eq 1 ]; then f=b; m=200; else f=a; m=100; fi
	t0=$(e2e_now_ms)
	apply --yes $P/$f.cfg </dev/null >"$E2E_STATE/apply-$i.out" 2>&1 ||
		{ echo "apply $f failed:"; cat "$E2E_STATE/apply-$i.out"; exit 1; }
	t=$(($(e2e_now_ms) - t0))
	[ "$(g_default eth0)" = "10.91.0.1:$m" ] || { echo "metric $m not in the guest"; exit 1; }
	echo "edgenet apply (DNS server + metric) -> verified in the guest: run $i: $t ms"
	times="$times $t"
done
med=$(printf '%s\n' $times | sort -n | sed -n 2p)

# The peer: through the seed and a reboot.
g_exec systemctl stop qemu-guest-agent >/dev/null 2>&1
deadline=$((SECONDS + 60))
while e2e_agent $DOM '{"execute":"guest-ping"}' 2 >/dev/null 2>&1 && [ $SECONDS -lt $deadline ]; do
	sleep 1
done
apply --yes $P/c.cfg </dev/null >/dev/null 2>&1 || { echo "apply c failed"; exit 1; }
t0=$(e2e_now_ms)
e2e_virsh reboot $DOM >/dev/null 2>&1 || e2e_virsh reset $DOM >/dev/null
e2e_wait_agent $DOM $TO || exit 1
wait_eq "eth0 route" $TO "10.91.0.1:300" g_default eth0 || exit 1
peer=$(($(e2e_now_ms) - t0))
e2e_cleanup
echo "guest change, median of 3: edgenet through the agent $med ms  |  peer: the same change by a reboot (seed) $peer ms"
