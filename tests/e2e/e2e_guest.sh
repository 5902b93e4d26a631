#!/bin/bash
# e2e_guest.sh - what the VM itself receives, end to end: `edgenet apply`
# against a REAL libvirtd (tests/lib/e2e_lib.sh) and a REAL Debian 12 guest
# under TCG (systemd-networkd, systemd-resolved, cloud-init with netplan,
# qemu-guest-agent; tests/e2e/build-debian-guest.sh), checked inside the
# guest with its own tools (ip -j, resolvectl, networkctl) through the
# agent.  One boot and one reboot of the guest cover:
#
#  1. first boot from edgenet's seed: plan A applied while the VM is off
#     (networks, two NICs, the seed CD-ROM); the guest starts and shows
#     exactly the plan: eth0 DHCP from the network's dnsmasq with metric
#     100, eth1 static 10.92.0.10/24 with metric 500, its DNS server and
#     search domain; networkctl names our file as each link's network file.
#  2. the running VM, confirmed: plan B changes a metric (eth0 300), a
#     static address (eth1 .20), a DNS server and the offline flag (eth1:
#     no default route, ~ot.test, DefaultRoute no); the guest shows it when
#     apply returns (apply itself checks inside the guest before it counts
#     the step done).
#  3. the same kind of change not confirmed: the guest's files, addresses
#     and routes come back byte for byte; a guest step that fails its
#     check (EDGENET_FAULT at the files step's verification): host and
#     guest both rolled back.
#     Then the DHCP NIC offline and the static one online (plan F).
#  4. the agent stopped: apply says the change takes effect at the next
#     start, through the seed; after a reboot of the guest it is there.
#
# Slow (minutes under TCG): scripts/test.sh runs it once per CI run, in
# its sanitizer pass; EDGENET_E2E_SLOW=skip makes it skip (exit 77)
# elsewhere in that run.  Prints its timings.
# Exit: 0 passed, 1 failed, 77 cannot run here (not root, or skipped as
# above), 99 set-up failed.
. "$top_srcdir/tests/lib/e2e_lib.sh"
. "$top_srcdir/tests/lib/lib.sh"
. "$top_srcdir/tests/lib/e2e_guest_lib.sh"

DOM=e2e-deb
E=${EDGENET_BIN:?run through make check}
TO=${E2E_DEBIAN_TIMEOUT:-300}

if [ "${EDGENET_E2E_SLOW:-}" = skip ]; then
	echo "SKIP: the slow guest tier runs once per CI run (scripts/test.sh: in the sanitizer pass)"
	exit 77
fi

finish() {
	if [ "$T_FAIL" -ne 0 ] && [ -n "$E2E_STATE" ]; then
		echo "--- guest console (last lines) ---"
		e2e_console_tail "$DOM" 40
	fi
	e2e_cleanup
	echo "# e2e_guest wall time $(($(e2e_now_ms) - t_begin)) ms"
	finish_exit
}

apply() {
	"$E" -c "$E2E_URI" --state-dir "$SD" apply "$@"
}

# has OUTPUT TEXT: OUTPUT contains TEXT (fixed string).
has() {
	printf '%s\n' "$1" | grep -qF -- "$2"
}

host_dom() {
	e2e_virsh dumpxml --inactive "$DOM"
}

in_nat_range() {
	case $1 in 10.91.0.1[0-9][0-9]/24) ;; *) return 1 ;; esac
}

t_begin=$(e2e_now_ms)
e2e_prepare || { echo "e2e_prepare failed"; exit 99; }
e2e_skip_unless_able
t0=$(e2e_now_ms)
e2e_debian_prepare || { echo "the Debian guest could not be built"; exit 99; }
echo "# Debian guest image: $E2E_DEBIAN_BUILD_MSG ($(($(e2e_now_ms) - t0)) ms)"
e2e_start_or_fail
SD=$E2E_STATE/edgenet-state
mkdir -p "$SD"
e2e_track_net $G_NAT
e2e_track_net $G_OT

check "the Debian guest $DOM without NICs is defined" e2e_define_debian_guest $DOM ""

P=$E2E_STATE
g_plan $P/a.cfg 100 10.92.0.10 10.92.0.1 false 500
g_plan $P/b.cfg 300 10.92.0.20 10.92.0.2 true 500
g_plan $P/c.cfg 50 10.92.0.30 10.92.0.1 false 400
g_plan $P/d.cfg 150 10.92.0.20 10.92.0.2 true 500
g_plan $P/e.cfg 250 10.92.0.20 10.92.0.3 true 500
g_plan $P/f.cfg 600 10.92.0.20 10.92.0.2 false 500 true

# --- 1. first boot from the seed --------------------------------------------
out=$(apply --dry-run $P/a.cfg 2>&1)
check "dry run of A names the seed with its files" \
	has "$out" "Write the VM's NoCloud seed"
check "... and says the VM reads it when it starts" \
	has "$out" "the VM reads it when it starts"
check "... and shows eth1's networkd file" has "$out" "+ Metric=500"
out=$(apply --yes $P/a.cfg </dev/null 2>&1)
rc=$?
printf '%s\n' "$out" | sed 's/^/#   /'
check "apply --yes A (VM off) exits 0 (got $rc)" test $rc -eq 0
seed=$(host_dom | sed -n "s|.*<source file='\\($SD/seeds/$DOM/seed-[0-9a-f]*\\.iso\\)'/>.*|\\1|p")
check "the VM's definition has the seed CD-ROM ($seed)" test -f "$seed"
check "... whose network-config matches by MAC" \
	sh -c 'isoinfo -R -i "$1" -x /network-config | grep -q "macaddress: \"$2\""' _ "$seed" "$G_MAC1"

t0=$(e2e_now_ms)
e2e_virsh start $DOM >/dev/null || not_ok "virsh start $DOM"
check "the guest agent answers" e2e_wait_agent $DOM $TO
t_agent=$(($(e2e_now_ms) - t0))
st=$(e2e_wait_cloud_init $DOM $TO)
check "cloud-init is done (got '$st')" test "$st" = "status: done"
echo "# first boot: agent after $t_agent ms, cloud-init done after $(($(e2e_now_ms) - t0)) ms"

check "eth1 has exactly 10.92.0.10/24" wait_eq "eth1 addrs" 60 "10.92.0.10/24" g_addrs eth1
check "eth1's default route: via 10.92.0.1 metric 500" wait_eq "eth1 route" 60 "10.92.0.1:500" g_default eth1
check "eth0's default route: via 10.91.0.1 metric 100 (DHCP)" wait_eq "eth0 route" 60 "10.91.0.1:100" g_default eth0
a0=$(g_addrs eth0)
check "eth0 has one address of the DHCP range (got '$a0')" in_nat_range "$a0"
check "resolvectl: eth1's DNS server is 10.92.0.1" wait_eq "eth1 dns" 30 "10.92.0.1" g_dns eth1
check "resolvectl: eth1's search domain is ot.test" wait_eq "eth1 domain" 30 "ot.test" g_domains eth1
for n in eth0 eth1; do
	out=$(g_exec networkctl status $n 2>&1)
	check "networkctl names /etc/systemd/network/05-edgenet-$n.network for $n" \
		has "$out" "Network File: /etc/systemd/network/05-edgenet-$n.network"
done
out=$(g_exec sh -c 'cat /run/systemd/network/10-netplan-*.network' 2>&1)
check "cloud-init rendered the seed's network-config too (netplan, RouteMetric=100)" \
	has "$out" "RouteMetric=100"

# --- 2. running VM, confirmed --------------------------------------------------
out=$(apply --dry-run $P/b.cfg 2>&1)
check "dry run of B diffs the guest's files (changed)" \
	has "$out" "05-edgenet-eth1.network: changed"
check "... with the new address" has "$out" "+ Address=10.92.0.20/24"
t0=$(e2e_now_ms)
out=$(apply --yes $P/b.cfg </dev/null 2>&1)
rc=$?
t_b=$(($(e2e_now_ms) - t0))
printf '%s\n' "$out" | sed 's/^/#   /'
check "apply --yes B (VM running, agent) exits 0 (got $rc, $t_b ms)" test $rc -eq 0
check "... the guest's files were written through the agent" \
	has "$out" "through its guest agent"
check "eth0's default route now has metric 300" test "$(g_default eth0)" = "10.91.0.1:300"
check "eth1 has exactly 10.92.0.20/24" test "$(g_addrs eth1)" = "10.92.0.20/24"
check "eth1 (offline) has no default route" test "$(g_default eth1)" = ""
check "resolvectl: eth1's DNS server is 10.92.0.2" test "$(g_dns eth1)" = "10.92.0.2"
check "resolvectl: eth1's domain is routing-only ~ot.test" test "$(g_domains eth1)" = "~ot.test"
check "resolvectl: eth1 is not a default route for DNS" test "$(g_default_route eth1)" = "no"
out=$(g_exec stat -c %a /etc/systemd/network/05-edgenet-eth1.network)
check "the file's mode is 644 (got $out)" test "$out" = 644
echo "# running VM: apply confirmed -> verified in the guest: $t_b ms"

files_b=$(g_files)
net_b=$(g_net_state)
dom_b=$(host_dom)

# --- 3. not confirmed; a failing guest step ----------------------------------
# stdin held open (nothing typed) however long the steps take; the
# holder is ended by its pid afterwards
exec 8< <(exec sleep 600)
holder=$!
out=$(apply --confirm-timeout 2 $P/c.cfg <&8 2>&1)
rc=$?
exec 8<&-
kill "$holder" 2>/dev/null
check "C not confirmed exits 4 (got $rc)" test $rc -eq 4
check "... the guest's files are back byte for byte" wait_eq "files" 30 "$files_b" g_files
check "... its addresses and routes are back" wait_eq "net" 60 "$net_b" g_net_state
check "... the VM's definition is back" test "$(host_dom)" = "$dom_b"

n=$(apply --dry-run $P/d.cfg 2>/dev/null | sed -n 's/^ *\([0-9]*\)\. In the running VM.*/\1/p')
check "D's plan has a guest-files step (step '$n')" test -n "$n"
out=$(EDGENET_FAULT="step=$n,phase=verify" apply --yes $P/d.cfg </dev/null 2>&1)
rc=$?
printf '%s\n' "$out" | sed 's/^/#   /'
check "D with its guest step failing its check exits 3 (got $rc)" test $rc -eq 3
check "... the guest's files are back byte for byte" wait_eq "files" 30 "$files_b" g_files
check "... its addresses and routes are back" wait_eq "net" 60 "$net_b" g_net_state
check "... the VM's definition (seed) is back" test "$(host_dom)" = "$dom_b"

# --- 3b. the DHCP NIC offline, the static one online --------------------------
out=$(apply --yes $P/f.cfg </dev/null 2>&1)
rc=$?
check "F (eth0 DHCP offline, eth1 static online) exits 0 (got $rc)" test $rc -eq 0
check "eth0 (offline, DHCP) has no default route" test "$(g_default eth0)" = ""
a0=$(g_addrs eth0)
check "... but keeps its DHCP address (got '$a0')" in_nat_range "$a0"
check "resolvectl: eth0 is not a default route for DNS" test "$(g_default_route eth0)" = "no"
check "eth1 now carries the default route: via 10.92.0.1 metric 500" \
	test "$(g_default eth1)" = "10.92.0.1:500"
check "resolvectl: eth1's domain is ot.test again (not routing-only)" \
	test "$(g_domains eth1)" = "ot.test"

# --- 4. no agent: at the next start, through the seed ------------------------
boot0=$(g_exec cat /proc/sys/kernel/random/boot_id)
g_exec systemctl stop qemu-guest-agent >/dev/null 2>&1
deadline=$((SECONDS + 60))
while e2e_agent $DOM '{"execute":"guest-ping"}' 2 >/dev/null 2>&1 && [ $SECONDS -lt $deadline ]; do
	sleep 1
done
out=$(apply --yes $P/e.cfg </dev/null 2>&1)
rc=$?
printf '%s\n' "$out" | sed 's/^/#   /'
check "E with the agent stopped exits 0 (got $rc)" test $rc -eq 0
check "... and says it takes effect at the next start, through the seed" \
	has "$out" "change at its next start, through the seed"
t0=$(e2e_now_ms)
e2e_virsh reboot $DOM >/dev/null 2>&1 || e2e_virsh reset $DOM >/dev/null
check "the agent answers after the reboot" e2e_wait_agent $DOM $TO
boot1=$(g_exec cat /proc/sys/kernel/random/boot_id)
check "the guest did reboot" test -n "$boot1" -a "$boot1" != "$boot0"
check "eth0's default route has E's metric 250 after the reboot" \
	wait_eq "eth0 route" $TO "10.91.0.1:250" g_default eth0
check "resolvectl: eth1's DNS server is E's 10.92.0.3" wait_eq "eth1 dns" 60 "10.92.0.3" g_dns eth1
echo "# the same kind of change by a reboot (seed): $(($(e2e_now_ms) - t0)) ms"

finish
