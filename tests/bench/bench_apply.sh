#!/bin/bash
# bench_apply.sh - how long `edgenet apply` of a two-NIC plan takes on a
# REAL libvirtd (private network namespace, tests/lib/e2e_lib.sh), next to
# libvirt's own `virsh net-define` + `net-start` of the same two networks,
# measured in the same run.  The guest is defined, not booted (its boot
# is not part of an apply).  Each is run ROUNDS times (default 5) from the
# same starting point; min / median / max are printed.  Goal: under 2 s.
# Run by `make bench`; needs root (as the end-to-end tests).
. "$top_srcdir/tests/lib/e2e_lib.sh"

ROUNDS=${ROUNDS:-5}
DOM=e2e-bench
E=${EDGENET_BIN:?run through make bench}

stats() {	# stats MS...: "min / median / max"
	printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END {
		printf "min %d ms / median %d ms / max %d ms", a[1], a[int((NR + 1) / 2)], a[NR] }'
}

e2e_prepare || { echo "bench_apply: e2e_prepare failed"; exit 1; }
if reason=$(e2e_skip_reason); then
	echo "bench_apply: cannot run here: $reason"
	exit 0
fi
e2e_start || { echo "bench_apply: the daemons did not start"; exit 1; }
e2e_track_net b-nat
e2e_track_net b-iso
SD=$E2E_STATE/state
mkdir -p "$SD"
e2e_define_guest $DOM "" || exit 1
dom0=$E2E_STATE/dom0.xml
e2e_virsh dumpxml --inactive $DOM >"$dom0"

cat >"$E2E_STATE/plan.cfg" <<EOF
version = 1; profile = "server"; vm = "$DOM";
switches = (
  { name = "b-nat"; type = "internal"; address = "192.168.251.1/24";
    dhcp = true; dhcp_start = "192.168.251.100"; dhcp_end = "192.168.251.199";
    nat = true; },
  { name = "b-iso"; type = "internal"; address = "192.168.252.1/24";
    dhcp = true; dhcp_start = "192.168.252.100"; dhcp_end = "192.168.252.199";
    nat = false; } );
nics = (
  { name = "eth0"; switch = "b-nat"; primary = true; mac = "52:54:00:be:00:01";
    ip = { mode = "static"; address = "192.168.251.10"; prefix = 24;
           gateway = "192.168.251.1"; };
    dns = { servers = [ "192.168.251.1" ]; }; },
  { name = "eth1"; switch = "b-iso"; mac = "52:54:00:be:00:02";
    ip = { mode = "dhcp"; }; } );
EOF

reset_host() {
	local n
	for n in b-nat b-iso; do
		e2e_virsh net-destroy $n >/dev/null 2>&1
		e2e_virsh net-undefine $n >/dev/null 2>&1
	done
	e2e_virsh define "$dom0" >/dev/null
}

edgenet_ms=() virsh_ms=()
for r in $(seq "$ROUNDS"); do
	reset_host
	t0=$(e2e_now_ms)
	if ! "$E" -c "$E2E_URI" --state-dir "$SD" apply --yes "$E2E_STATE/plan.cfg" \
		</dev/null >"$E2E_STATE/apply.out" 2>&1; then
		echo "bench_apply: edgenet apply failed:"
		cat "$E2E_STATE/apply.out"
		exit 1
	fi
	edgenet_ms+=($(($(e2e_now_ms) - t0)))
	if [ "$r" = 1 ]; then
		e2e_virsh net-dumpxml --inactive b-nat >"$E2E_STATE/b-nat.xml"
		e2e_virsh net-dumpxml --inactive b-iso >"$E2E_STATE/b-iso.xml"
	fi
	reset_host
	t0=$(e2e_now_ms)
	for n in b-nat b-iso; do
		e2e_virsh net-define "$E2E_STATE/$n.xml" >/dev/null &&
			e2e_virsh net-start $n >/dev/null || exit 1
	done
	virsh_ms+=($(($(e2e_now_ms) - t0)))
done
steps=$(grep -c '^\[' "$E2E_STATE/apply.out")
echo "edgenet apply --yes, two NICs ($steps steps: 2 networks defined,"
echo "  started, autostarted; 2 NICs added; journal and checks included):"
echo "  $(stats "${edgenet_ms[@]}")  (goal: under 2000 ms)"
echo "virsh net-define + net-start of the same 2 networks (4 virsh runs):"
echo "  $(stats "${virsh_ms[@]}")"
e2e_cleanup
