#!/bin/bash
# debian_boot.sh - the real Debian 12 guest (tests/e2e/build-debian-guest.sh)
# under the real libvirtd of tests/lib/e2e_lib.sh, with a NoCloud seed on a
# CD-ROM:
#   1. the image is built (or found in the cache: timed twice);
#   2. a NAT network with DHCP; the guest with one NIC (fixed MAC) on it and a
#      seed ISO (cidata: instance-id test-1, #cloud-config user-data with a
#      bootcmd that records which seed it came from, network-config v2: the
#      NIC matched by MAC, dhcp4, route-metric 321);
#   3. through the guest agent: `ip -j route` has the default route with
#      metric 321, `cloud-init status --wait` ends with "done";
#   4. with E2E_DEBIAN_SEED_CHANGE=1 (default): the seed ISO is replaced while
#      the guest is shut off and the guest started again, five times:
#      boot 2: same instance-id, new bootcmd, route-metric 654;
#      boot 3: same instance-id, new bootcmd, route-metric 987 and user-data
#              `updates: {network: {when: [boot]}}`;
#      boot 4: the seed of boot 3 unchanged;
#      boot 5: same instance-id, new bootcmd, route-metric 555, updates kept;
#      boot 6: instance-id test-2, new bootcmd, route-metric 777.
#      What cloud-init did is printed ("# seed-change ... RESULT" lines and
#      its log): observations, not checks, except that the guest must come
#      back with cloud-init done each time.
# Prints the timings.  Not in TESTS (minutes under TCG); run it as root:
#   bash tests/e2e/debian_boot.sh
# Exit: 0 all passed, 1 something failed, 77 cannot run here, 99 set-up failed.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$top_srcdir/tests/lib/e2e_lib.sh"

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
check() {
	local desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}
finish() {
	if [ "$T_FAIL" -ne 0 ] && [ -n "$E2E_STATE" ]; then
		echo "--- guest console (last lines) ---"
		e2e_console_tail "$DOM" 40
	fi
	e2e_cleanup
	echo "$T_PASS passed, $T_FAIL failed"
	[ "$T_FAIL" -eq 0 ] && exit 0
	exit 1
}

NET=e2e-dnat
DOM=e2e-debian
MAC=52:54:00:e2:d0:01
GW=192.168.233.1
TMO=${E2E_DEBIAN_TIMEOUT:-300}

# has_default_metric JSON M: `ip -j route` output has a default route with
# metric M (one object per route; no jq on the host needed).
has_default_metric() {
	printf '%s\n' "$1" | sed 's/},{/}\n{/g' |
		grep '"dst":"default"' | grep -q "\"metric\":$2[,}]"
}

# write_seed DIR VERSION METRIC [UPDATES [IID]]: a NoCloud seed whose bootcmd
# records VERSION, network-config with route-metric METRIC; UPDATES=updates
# adds `updates: {network: {when: [boot]}}` to user-data; IID defaults to
# test-1.
write_seed() {
	local d=$1 v=$2 metric=$3 updates=${4:-} iid=${5:-test-1}
	rm -rf "$d"
	mkdir -p "$d"
	printf 'instance-id: %s\nlocal-hostname: e2e-debian\n' "$iid" >"$d/meta-data"
	{
		echo '#cloud-config'
		echo 'bootcmd:'
		echo "  - [ sh, -c, 'echo $v > /run/e2e-bootcmd; echo \"\$(date +%s) $v\" >> /var/lib/e2e-bootcmd.log' ]"
		if [ "$updates" = updates ]; then
			echo 'updates:'
			echo '  network:'
			echo '    when: [boot]'
		fi
	} >"$d/user-data"
	cat >"$d/network-config" <<EOF
version: 2
ethernets:
  nic0:
    match:
      macaddress: "$MAC"
    dhcp4: true
    dhcp4-overrides:
      route-metric: $metric
EOF
}

t_begin=$(e2e_now_ms)
if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: needs root"
	exit 77
fi
e2e_prepare || { echo "e2e_prepare failed"; exit 99; }
e2e_skip_unless_able
t0=$(e2e_now_ms)
e2e_debian_prepare || { echo "e2e_debian_prepare failed"; exit 99; }
t1=$(e2e_now_ms)
build_msg=$E2E_DEBIAN_BUILD_MSG
e2e_debian_prepare || { echo "e2e_debian_prepare failed the second time"; exit 99; }
t2=$(e2e_now_ms)
echo "# build: first call $((t1 - t0)) ms ($build_msg)"
echo "# build: second call $((t2 - t1)) ms ($E2E_DEBIAN_BUILD_MSG)"
grep '^build_seconds=' "$E2E_DEBIAN_DIR/info" | sed 's/^/# image info: /'

if ! e2e_start; then
	echo "could not start the daemons (see the e2e: lines above)"
	echo "0 passed, 1 failed"
	exit 99
fi
ok "libvirtd answers on $E2E_URI inside netns $E2E_NS"

check "NAT network $NET with DHCP starts" \
	e2e_define_net $NET "<network>
  <name>$NET</name>
  <forward mode='nat'/>
  <ip address='$GW' prefix='24'>
    <dhcp>
      <range start='192.168.233.100' end='192.168.233.199'/>
    </dhcp>
  </ip>
</network>"

SEED=$E2E_STATE/seed
ISO=$E2E_STATE/seed.iso
write_seed "$SEED" v1 321
check "seed ISO (cidata) is made" e2e_seed_iso "$ISO" "$SEED"
check "Debian guest $DOM (one NIC, seed CD-ROM) is defined" \
	e2e_define_debian_guest $DOM "$(e2e_nic_xml "$NET" "$MAC")" "$(e2e_seed_cdrom_xml "$ISO")"

# boot LABEL: start, wait for the agent and for cloud-init; sets t_agent_ms,
# t_ci_ms (from virsh start) and ci_status.
boot() {
	local ts
	ts=$(e2e_now_ms)
	if ! e2e_virsh start $DOM >/dev/null; then
		not_ok "$1: virsh start $DOM"
		finish
	fi
	if ! e2e_wait_agent $DOM "$TMO"; then
		not_ok "$1: the guest agent answers within $TMO s"
		finish
	fi
	t_agent_ms=$(($(e2e_now_ms) - ts))
	ok "$1: the guest agent answers ($t_agent_ms ms after start)"
	ci_status=$(E2E_EXEC_TIMEOUT=$TMO e2e_guest_exec $DOM cloud-init status --wait 2>&1)
	t_ci_ms=$(($(e2e_now_ms) - ts))
	ci_status=$(printf '%s\n' "$ci_status" | grep '^status:' | tail -n 1)
}

# shut_off: ACPI shutdown, bounded; destroy if the guest does not stop.
shut_off() {
	local deadline=$((SECONDS + 120))
	e2e_virsh shutdown $DOM >/dev/null
	until [ "$(e2e_virsh domstate $DOM 2>/dev/null)" = "shut off" ]; do
		if [ $SECONDS -ge $deadline ]; then
			echo "# $DOM did not shut down within 120 s: destroy"
			e2e_virsh destroy $DOM >/dev/null
			break
		fi
		sleep 1
	done
}

# observe LABEL: what this boot did: which bootcmd ran, the default route's
# metric, what is rendered, and cloud-init's own words about it.
observe() {
	local bootcmd routes metric
	bootcmd=$(e2e_guest_exec $DOM cat /run/e2e-bootcmd 2>/dev/null)
	routes=$(e2e_guest_exec $DOM ip route show default 2>/dev/null)
	metric=$(printf '%s\n' "$routes" | sed -n 's/.* metric \([0-9]*\).*/\1/p' | head -n 1)
	echo "# seed-change $1: RESULT bootcmd ran from seed '${bootcmd:-none}', default route metric ${metric:-none}"
	echo "# seed-change $1: bootcmd history: $(e2e_guest_exec $DOM cat /var/lib/e2e-bootcmd.log 2>/dev/null | awk '{ print $2 }' | tr '\n' ' ')"
	echo "# seed-change $1: ip route show default: $routes"
	echo "# seed-change $1: /run/systemd/network/10-netplan-*.network: $(e2e_guest_exec $DOM sh -c 'grep -h -E "^(RouteMetric|Metric)=" /run/systemd/network/10-netplan-*.network' 2>/dev/null | tr '\n' ' ')"
	echo "# seed-change $1: /etc/netplan/50-cloud-init.yaml: $(e2e_guest_exec $DOM sh -c 'grep route-metric /etc/netplan/50-cloud-init.yaml' 2>/dev/null | tr -s ' ')"
	echo "# seed-change $1: this boot's cloud-init.log:"
	e2e_guest_exec $DOM sh -c "tac /var/log/cloud-init.log | sed '/running .init-local/q' | tac |
		grep -E 'running .init|cache invalid|restored from|Using data from|Allowed events|Event Allowed|Event Denied|No network config applied|Applying network configuration' |
		sed 's/^[0-9-]* [0-9:,]* - //' | cut -c 1-200" 2>/dev/null |
		sed 's/^/#     /'
}

# --- first boot ---------------------------------------------------------------
boot "boot 1"
t_boot1_agent=$t_agent_ms
t_boot1_ci=$t_ci_ms
check "boot 1: cloud-init status --wait ends with done (got '$ci_status', $t_ci_ms ms after start)" \
	test "$ci_status" = "status: done"
routes=$(e2e_guest_exec $DOM ip -j route)
check "boot 1: ip -j route (via the agent) has a default route with metric 321" \
	has_default_metric "$routes" 321
[ "$T_FAIL" -ne 0 ] && echo "# ip -j route: $routes"
out=$(e2e_guest_exec $DOM networkctl status eth0 2>&1)
check "boot 1: networkctl status eth0 works through the agent" \
	sh -c 'printf "%s\n" "$1" | grep -q "State: routable"' _ "$out"
out=$(e2e_guest_exec $DOM resolvectl status 2>&1)
check "boot 1: resolvectl status names $GW" \
	sh -c 'printf "%s\n" "$1" | grep -q "$2"' _ "$out" "$GW"
e2e_guest_exec $DOM false
check "e2e_guest_exec returns the guest's exit code (false -> 1)" test $? -eq 1
out=$(e2e_wait_guest_exec $DOM 20 sh -c 'echo waited')
check "e2e_wait_guest_exec prints the stdout of a successful run" test "$out" = waited
[ "${E2E_DEBIAN_SEED_CHANGE:-1}" = 1 ] && observe "boot 1 (seed v1, metric 321)"
t_first_done=$(e2e_now_ms)

# --- the seed changes while the guest is off ------------------------------------
# reseed N LABEL ARGS...: shut off, write_seed ARGS, new ISO, boot N, observe.
reseed() {
	local n=$1 label=$2
	shift 2
	shut_off
	write_seed "$SEED" "$@"
	check "boot $n: seed $1 replaces the ISO ($label)" e2e_seed_iso "$ISO" "$SEED"
	boot "boot $n"
	check "boot $n: cloud-init status --wait ends with done (got '$ci_status', $t_ci_ms ms after start)" \
		test "$ci_status" = "status: done"
	observe "boot $n ($label)"
}
if [ "${E2E_DEBIAN_SEED_CHANGE:-1}" = 1 ]; then
	reseed 2 "same instance-id; new bootcmd v2, metric 654, no updates key" v2 654
	reseed 3 "same instance-id; new bootcmd v3, metric 987, updates.network.when [boot]" v3 987 updates
	reseed 4 "seed of boot 3 unchanged" v3 987 updates
	reseed 5 "same instance-id; new bootcmd v4, metric 555, updates kept" v4 555 updates
	reseed 6 "instance-id test-2; new bootcmd v5, metric 777, no updates key" v5 777 "" test-2
fi

t_end=$(e2e_now_ms)
echo "# timings: build first call $((t1 - t0)) ms, cached $((t2 - t1)) ms"
echo "# timings boot 1 from virsh start: agent $t_boot1_agent ms, cloud-init done $t_boot1_ci ms"
echo "# timings: first boot checked $((t_first_done - t_begin)) ms, total before cleanup $((t_end - t_begin)) ms"
finish
