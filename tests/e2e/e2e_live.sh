#!/bin/bash
# e2e_live.sh - the live panels' VM data against a REAL libvirtd (private
# network namespace, tests/lib/e2e_lib.sh) and a REAL TCG guest with two NICs
# (a NAT network with a DHCP host entry, an isolated network with DHCP):
#   - the VM watcher (tests/lib/live_tool vmwatch, the backend the addresses
#     panel uses) sees the domain start through a lifecycle event;
#   - `edgenet status --vm --json` shows, for both NICs, the lease and the
#     guest-agent addresses, equal to what `virsh domifaddr --source
#     lease|agent` says; ARP tried, its result or error kept; the guest's
#     routes read through the agent with its default route in use;
#   - a `virsh destroy` shows in the watcher within seconds (an event,
#     not the 30 s timer).
# Exit: 0 passed, 1 failed, 77 a capability is truly missing (not root,
# no guest could be built), 99 the daemons could not be started.
. "$top_srcdir/tests/lib/e2e_lib.sh"

. "$top_srcdir/tests/lib/lib.sh"	# ok, not_ok, check; finish below
WATCH_PID=
finish() {
	if [ -n "$WATCH_PID" ]; then
		kill "$WATCH_PID" 2>/dev/null
		wait "$WATCH_PID" 2>/dev/null
	fi
	if [ "$T_FAIL" -ne 0 ] && [ -n "$E2E_STATE" ]; then
		echo "--- watcher ---"
		cat "$WORK/watch.log" 2>/dev/null
		echo "--- guest console (last lines) ---"
		e2e_console_tail "$DOM" 20
	fi
	e2e_cleanup
	rm -rf "$WORK"
	finish_exit
}

NAT=e2e-lnat
ISO=e2e-liso
DOM=e2e-live
MAC1=52:54:00:e2:e1:01
MAC2=52:54:00:e2:e1:02
FIXED=192.168.233.10
GW=192.168.233.1
LT=${top_builddir:-.}/tests/lib/live_tool
WORK=$(mktemp -d)

[ -x "$LT" ] || { echo "SKIP: $LT is not built (make check builds it)"; exit 77; }
e2e_begin
e2e_on_cleanup 'test -n "$WATCH_PID" && kill "$WATCH_PID" 2>/dev/null'

check "NAT network $NAT starts" e2e_define_net $NAT "<network>
  <name>$NAT</name>
  <forward mode='nat'/>
  <ip address='$GW' prefix='24'>
    <dhcp>
      <range start='192.168.233.100' end='192.168.233.199'/>
      <host mac='$MAC1' ip='$FIXED'/>
    </dhcp>
  </ip>
</network>"
check "isolated network $ISO starts" e2e_define_net $ISO "<network>
  <name>$ISO</name>
  <ip address='192.168.234.1' prefix='24'>
    <dhcp>
      <range start='192.168.234.100' end='192.168.234.199'/>
    </dhcp>
  </ip>
</network>"
check "guest $DOM with two NICs is defined" e2e_define_guest $DOM "$(e2e_nic_xml "$NAT" "$MAC1")
$(e2e_nic_xml "$ISO" "$MAC2")"

# the watcher, before the domain starts (timer: 30 s)
"$LT" vmwatch "$E2E_URI" $DOM 240 >"$WORK/watch.log" 2>&1 &
WATCH_PID=$!
deadline=$((SECONDS + 20))
until grep -q "state=shut off" "$WORK/watch.log" 2>/dev/null; do
	[ $SECONDS -ge $deadline ] && break
	sleep 0.1
done
check "the watcher sees $DOM shut off" grep -q "state=shut off" "$WORK/watch.log"

t0=$(e2e_now_ms)
if ! e2e_virsh start $DOM >/dev/null; then
	not_ok "virsh start $DOM"
	finish
fi
deadline=$((SECONDS + 10))
until grep -q "state=running" "$WORK/watch.log"; do
	[ $SECONDS -ge $deadline ] && break
	sleep 0.05
done
t1=$(e2e_now_ms)
check "the watcher sees $DOM running through an event ($((t1 - t0)) ms)" \
	grep -q "state=running" "$WORK/watch.log"

ip1=$(e2e_wait_lease $NAT $MAC1 60)
ip2=$(e2e_wait_lease $ISO $MAC2 60)
check "leases: $MAC1 $ip1, $MAC2 $ip2" test "$ip1" = "$FIXED" -a -n "$ip2"
e2e_wait_agent $DOM 90
check "the guest agent answers" test $? -eq 0

# edgenet status: both NICs with lease and agent addresses (the agent may
# need a moment for udhcpc on the second NIC: bounded)
cat >"$WORK/check.py" <<'EOF'
import json, sys
st = json.load(open(sys.argv[1]))
want = {sys.argv[2]: sys.argv[3], sys.argv[4]: sys.argv[5]}
vm = st["vm"]
if not vm or vm["state"] != "running":
    print("vm not running"); sys.exit(1)
bad = []
for nic in vm["nics"]:
    mac = nic["mac"]
    if mac not in want:
        continue
    srcs = set()
    for a in nic["addresses"]:
        if a["address"] == want[mac]:
            srcs.update(a["sources"])
    for s in ("lease", "agent"):
        if s not in srcs:
            bad.append("%s: %s from %s missing" % (mac, want[mac], s))
    if set(nic["flags"]) & {"no-address", "unknown"}:
        bad.append("%s flags %s" % (mac, nic["flags"]))
if len([n for n in vm["nics"] if n["mac"] in want]) != 2:
    bad.append("NICs: %s" % [n["mac"] for n in vm["nics"]])
if bad:
    print("; ".join(bad)); sys.exit(1)
EOF
deadline=$((SECONDS + 40))
while :; do
	"$EDGENET_BIN" -c "$E2E_URI" status --vm --domain $DOM --json \
		>"$WORK/status.json" 2>"$WORK/status.err"
	python3 "$WORK/check.py" "$WORK/status.json" $MAC1 "$ip1" $MAC2 "$ip2" \
		>"$WORK/check.out" 2>&1 && break
	[ $SECONDS -ge $deadline ] && break
	sleep 0.5
done
check "edgenet status: lease and agent addresses of both NICs $(cat "$WORK/check.out")" \
	python3 "$WORK/check.py" "$WORK/status.json" $MAC1 "$ip1" $MAC2 "$ip2"
for m in $MAC1 $MAC2; do
	l=$(e2e_domifaddr $DOM lease $m)
	a=$(e2e_domifaddr $DOM agent $m)
	check "virsh domifaddr agrees for $m (lease $l, agent $a)" \
		python3 -c "
import json, sys
vm = json.load(open(sys.argv[1]))['vm']
nic = [n for n in vm['nics'] if n['mac'] == sys.argv[2]][0]
have = {s: {a['address'] for a in nic['addresses'] if s in a['sources'] and a['family'] == 'inet'} for s in ('lease', 'agent')}
assert have['lease'] == {sys.argv[3]}, have
assert have['agent'] == {sys.argv[4]}, have
" "$WORK/status.json" $m "$l" "$a"
done
check "ARP was tried and its result or error kept" python3 -c "
import json, sys
s = [x for x in json.load(open(sys.argv[1]))['vm']['sources'] if x['source'] == 'arp'][0]
assert s['tried'] and (s['ok'] or s['error']), s
print('#', s)
" "$WORK/status.json"
check "the guest's routes through the agent: a default route via $GW in use" python3 -c "
import json, sys
r = json.load(open(sys.argv[1]))['vm']['routes']
assert r['error'] is None, r['error']
d = [x for x in r['default_routes'] if x['in_use']]
assert d and d[0]['gateway'] == sys.argv[2], r['default_routes']
" "$WORK/status.json" "$GW"

# timing, for the record (the benchmark's third figure on a real host):
# edgenet status --vm --json against virsh domifaddr + ip -j route +
# resolvectl status one after the other
st_sum=0 trio_sum=0
for i in 1 2 3 4 5; do
	a=$(e2e_now_ms)
	"$EDGENET_BIN" -c "$E2E_URI" status --vm --domain $DOM --json >/dev/null 2>&1
	b=$(e2e_now_ms)
	e2e_virsh domifaddr $DOM >/dev/null 2>&1
	ip -j route >/dev/null 2>&1
	command -v resolvectl >/dev/null 2>&1 && resolvectl status >/dev/null 2>&1
	c=$(e2e_now_ms)
	st_sum=$((st_sum + b - a))
	trio_sum=$((trio_sum + c - b))
done
echo "# timing (mean of 5): edgenet status --vm --json $((st_sum / 5)) ms;" \
	"virsh domifaddr + ip -j route + resolvectl status $((trio_sum / 5)) ms"

# a destroy shows through the lifecycle event
t0=$(e2e_now_ms)
e2e_virsh destroy $DOM >/dev/null
deadline=$((SECONDS + 10))
until [ "$(grep -c "state=shut off" "$WORK/watch.log")" -ge 2 ]; do
	[ $SECONDS -ge $deadline ] && break
	sleep 0.05
done
t1=$(e2e_now_ms)
check "the watcher sees the destroy ($((t1 - t0)) ms)" \
	test "$(grep -c "state=shut off" "$WORK/watch.log")" -ge 2
grep -m1 "agent=ok" "$WORK/watch.log" | sed 's/^/# watcher: /'
finish
