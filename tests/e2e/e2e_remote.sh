#!/bin/bash
# e2e_remote.sh - a remote libvirt host, end to end, over libvirt's own
# transport: a REAL libvirtd listening on qemu+tcp:// inside its network
# namespace (tests/lib/e2e_lib.sh, E2E_LISTEN_TCP=1) with a REAL busybox
# guest under TCG, and edgenet run in a second namespace that reaches the
# daemon only over TCP (e2e_client: /run/libvirt hidden, a veth pair the
# only way across).
#
#  1. status --vm --json over the URI: the VM's NICs and addresses equal
#     `virsh -c URI domifaddr` (agent and lease sources); the VM's default
#     route (/proc/net/route through the agent) is the guest's own; the
#     host's sections are labelled "only on the host itself" (no links,
#     addresses, routes of this machine; "dns" null).  The text form says
#     the same.
#  2. apply --yes of an internal-switch plan over the URI: the reservation
#     appears in the network (virsh net-dumpxml over the same URI, live
#     and persistent), a new network is defined and running, the running
#     VM gets the second NIC (dumpxml over the URI), the guest leases an
#     address on it; the VM's seed is uploaded into a storage pool of the
#     remote host (vol-list / vol-download over the URI: the ISO's
#     network-config is the plan's); the busybox guest has no networkd,
#     so the agent cannot take the files (said in words).
#  3. a plan with an external switch in bridge mode whose bridge the
#     remote host lacks: refused (exit 1), the message names the bridge,
#     the host and what to run there; nothing changed (e2e_same_state).
#  4. the console (tmux) in the client namespace with -c URI: home shows
#     the remote VM and its networks; the routes and DNS panels' host
#     view say "only on the host itself"; the VM view shows the VM's
#     addresses; the wizard's uplinks for an external switch are the
#     remote host's NICs (its libvirt's list), never the client's, and its
#     bridge note says no bridge is made there.
#  5. a bridge the remote host already has (made there, listed by its
#     libvirt): apply uses it as it is (a warning), the network is on it,
#     no link changes.
# Exit: 0 passed, 1 failed, 77 cannot run here, 99 set-up failed.
. "$top_srcdir/tests/lib/tmux_lib.sh"	# skips (77) without tmux; lib.sh
. "$top_srcdir/tests/lib/e2e_lib.sh"

DOM=e2e-remote
NAT=e2e-rnat
NEW=e2e-rnew
MAC1=52:54:00:e2:b0:01
MAC2=52:54:00:e2:b0:02
FIXED=192.168.243.10
E=${EDGENET_BIN:?run through make check}
E2E_LISTEN_TCP=1

finish() {
	if [ "$T_FAIL" -ne 0 ] && [ -n "$E2E_STATE" ]; then
		echo "--- guest console (last lines) ---"
		e2e_console_tail "$DOM" 20
		echo "--- libvirtd log (last lines) ---"
		tail -n 15 "$E2E_STATE/libvirtd.log" 2>/dev/null
	fi
	e2e_cleanup
	echo "# e2e_remote wall time $(($(e2e_now_ms) - t_begin)) ms"
	finish_exit
}

# over the transport, from the client namespace
rvirsh() { e2e_client virsh -q -c "$E2E_REMOTE_URI" "$@"; }
redge() { e2e_client "$E" -c "$E2E_REMOTE_URI" --state-dir "$SD" "$@"; }
has() { printf '%s\n' "$1" | grep -q -- "$2"; }

t_begin=$(e2e_now_ms)
e2e_begin
# lib.sh owns the EXIT trap now: the tmux server (and the console) first
e2e_on_cleanup 'tm_cleanup'
SD=$E2E_STATE/edgenet-state
mkdir -p "$SD"
e2e_track_net $NEW

check "the daemon answers over $E2E_REMOTE_URI from $E2E_CLIENT_NS" \
	rvirsh version
check "... and the client cannot reach its unix socket" \
	sh -c '! "$@" >/dev/null 2>&1' _ e2e_client virsh -c qemu:///system version
check "NAT network $NAT starts" e2e_define_net $NAT "<network>
  <name>$NAT</name>
  <forward mode='nat'/>
  <ip address='192.168.243.1' prefix='24'>
    <dhcp><range start='192.168.243.100' end='192.168.243.199'/></dhcp>
  </ip>
</network>"
check "guest $DOM with one NIC is defined" \
	e2e_define_guest $DOM "$(e2e_nic_xml "$NAT" "$MAC1")"
if ! e2e_virsh start $DOM >/dev/null; then
	not_ok "virsh start $DOM"
	finish
fi
ip1=$(e2e_wait_lease $NAT $MAC1 60)
check "the guest leased an address on $NAT ($ip1)" test -n "$ip1"
check "the guest agent answers" e2e_wait_agent $DOM 90

# --- 1. status --vm over the transport ---------------------------------------
# the agent's view settles once udhcpc is done: wait (bounded) for the
# agent to report the leased address before comparing
deadline=$((SECONDS + 30))
until rvirsh domifaddr $DOM --source agent 2>/dev/null | grep -q "$ip1/"; do
	[ $SECONDS -ge $deadline ] && break
	sleep 0.5
done
W=$E2E_STATE/work
mkdir -p "$W"
t0=$(e2e_now_ms)
redge status --vm --domain $DOM --json >"$W/status.json" 2>"$W/status.err"
rc=$?
echo "# edgenet status --vm --json over TCP: $(($(e2e_now_ms) - t0)) ms, exit $rc"
rvirsh domifaddr $DOM --source agent >"$W/agent.txt" 2>&1
rvirsh domifaddr $DOM --source lease >"$W/lease.txt" 2>&1
sed 's/^/# domifaddr: /' "$W/agent.txt" "$W/lease.txt"
check "status --vm --json over the URI parses, exit 0 or 2 (got $rc)" \
	sh -c 'test "$1" -le 2 && python3 -m json.tool "$2" >/dev/null' _ $rc "$W/status.json"
check "its VM part: connected, running, the URI it used" python3 -c "
import json, sys
v = json.load(open(sys.argv[1]))['vm']
assert v['connected'] and v['state'] == 'running', (v['connected'], v['state'], v['error'])
assert v['uri'] == sys.argv[2], v['uri']
" "$W/status.json" "$E2E_REMOTE_URI"
check "its NICs and addresses equal virsh domifaddr (agent and lease)" python3 -c "
import json, sys
v = json.load(open(sys.argv[1]))['vm']
def virsh(path):
    out = {}
    for l in open(path):
        f = l.split()
        if len(f) >= 4 and f[2] == 'ipv4' and f[1] != '00:00:00:00:00:00':
            out.setdefault(f[1].lower(), set()).add(f[3])
    return out
want = {'agent': virsh(sys.argv[2]), 'lease': virsh(sys.argv[3])}
assert want['agent'] and want['lease'], want
for src in ('agent', 'lease'):
    got = {}
    for n in v['nics']:
        for a in n['addresses']:
            if a['family'] == 'inet' and src in a['sources']:
                got.setdefault(n['mac'].lower(), set()).add('%s/%d' % (a['address'], a['prefixlen']))
    print('#', src, 'status:', got, 'virsh:', want[src])
    assert got == want[src], (src, got, want[src])
srcs = {s['source']: s for s in v['sources']}
assert srcs['agent']['ok'] and srcs['lease']['ok'], srcs
" "$W/status.json" "$W/agent.txt" "$W/lease.txt"
check "the VM's default route (through the agent) is the guest's own" python3 -c "
import json, sys
r = json.load(open(sys.argv[1]))['vm']['routes']
assert r['error'] is None, r['error']
d = r['default_routes']
assert d and d[0]['gateway'] == '192.168.243.1', d
" "$W/status.json"
check "the host's sections say 'only on the host itself', none of this machine's data" python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
assert d['host_view'] == 'only on the host itself', d['host_view']
h = d['host']
assert h['error'].startswith('only on the host itself'), h['error']
assert h['links'] == [] and h['addresses'] == [] and h['routes'] == [] and h['default_routes'] == [], h
assert d['dns'] is None, d['dns']
" "$W/status.json"
out=$(redge status --vm --domain $DOM 2>&1)
check "the text form labels the host the same way" \
	sh -c 'printf "%s\n" "$1" | grep -q "^Host: only on the host itself" &&
		! printf "%s\n" "$1" | grep -q "Host (this machine"' _ "$out"

# --- 2. apply of an internal-switch plan over the transport ------------------
cat >"$W/plan-int.cfg" <<EOF
version = 1;
profile = "server";
vm = "$DOM";
switches = (
  { name = "$NAT"; type = "internal"; address = "192.168.243.1/24";
    dhcp = true; dhcp_start = "192.168.243.100"; dhcp_end = "192.168.243.199";
    nat = true; },
  { name = "$NEW"; type = "internal"; address = "192.168.244.1/24";
    dhcp = true; dhcp_start = "192.168.244.100"; dhcp_end = "192.168.244.199";
    nat = false; } );
nics = (
  { name = "eth0"; switch = "$NAT"; primary = true; mac = "$MAC1";
    ip = { mode = "static"; address = "$FIXED"; prefix = 24;
           gateway = "192.168.243.1"; };
    dns = { servers = [ "192.168.243.1" ]; }; },
  { name = "eth1"; switch = "$NEW"; mac = "$MAC2";
    ip = { mode = "dhcp"; }; offline = true; } );
EOF
t0=$(e2e_now_ms)
out=$(redge apply --yes "$W/plan-int.cfg" </dev/null 2>&1)
rc=$?
echo "$out" | sed 's/^/#   /'
check "apply --yes over the URI exits 0 (got $rc, $(($(e2e_now_ms) - t0)) ms)" test $rc -eq 0
nat_live=$(rvirsh net-dumpxml $NAT)
nat_conf=$(rvirsh net-dumpxml --inactive $NAT)
check "$NAT has the reservation $MAC1 -> $FIXED, live and persistent (virsh over the URI)" \
	sh -c 'printf "%s\n" "$1" | grep -q "<host mac=.$3. ip=.$4./>" &&
		printf "%s\n" "$2" | grep -q "<host mac=.$3. ip=.$4./>"' _ "$nat_live" "$nat_conf" $MAC1 $FIXED
new_info=$(rvirsh net-info $NEW)
check "$NEW is defined, running and autostart over the URI" \
	sh -c 'printf "%s\n" "$1" | grep -q "^Active: *yes" &&
		printf "%s\n" "$1" | grep -q "^Autostart: *yes"' _ "$new_info"
dom_live=$(rvirsh dumpxml $DOM | tr -d '\n')
dom_conf=$(rvirsh dumpxml --inactive $DOM | tr -d '\n')
check "the VM has $MAC2 on $NEW, live and persistent (dumpxml over the URI)" \
	sh -c 'for x in "$1" "$2"; do printf "%s\n" "$x" |
		grep -q "<mac address=.$3./> *<source network=.$4." || exit 1; done' \
	_ "$dom_live" "$dom_conf" $MAC2 $NEW
ip2=$(e2e_wait_lease $NEW $MAC2 60)
check "the running guest leased an address on $NEW through the hot-plugged NIC ($ip2)" \
	sh -c 'case "$1" in 192.168.244.*) ;; *) exit 1 ;; esac' _ "$ip2"
check "apply says why no guest files were written (no networkd in this guest)" \
	has "$out" "no systemd-networkd"
sd=/var/lib/libvirt/edgenet-seeds/$DOM
seed=$(rvirsh dumpxml --inactive $DOM | sed -n "s|.*<source file='\\($sd/seed-[0-9a-f]*\\.iso\\)'/>.*|\\1|p")
check "the VM's definition has a seed CD-ROM in the remote host's seed pool ($seed)" \
	test -n "$seed"
vols=$(rvirsh vol-list edgenet-seed-$DOM | awk '{print $2}')
check "... a volume of pool edgenet-seed-$DOM (vol-list over the URI: $(echo $vols))" \
	test "$(echo $vols)" = "$seed"
rm -f "$W/seed.iso"
e2e_client virsh -q -c "$E2E_REMOTE_URI" vol-download "$seed" "$W/seed.iso" >/dev/null 2>&1
check "... whose network-config (vol-download over the URI) matches NIC eth0 by MAC" \
	sh -c 'isoinfo -R -i "$1" -x /network-config | grep -qi "macaddress: \"$2\""' _ "$W/seed.iso" "$MAC1"
guest_has=$(e2e_guest_exec $DOM ls /etc/systemd/network 2>/dev/null)
check "... and the guest has no edgenet file (agent: '$guest_has')" \
	sh -c '! printf "%s\n" "$1" | grep -q edgenet' _ "$guest_has"

# --- 3. a bridge the remote host lacks: refused, nothing changes -------------
# the uplink is one of the remote host's NICs (its end of the veth pair,
# which its libvirt lists); this machine has no NIC of that name
cat >"$W/plan-bridge.cfg" <<EOF
version = 1;
profile = "server";
vm = "$DOM";
switches = ( { name = "e2e-rplant"; type = "external"; uplink = "e2e-srv";
               mode = "bridge"; bridge = "e2erbr0"; } );
nics = ( { name = "eth0"; switch = "e2e-rplant"; primary = true; mac = "$MAC1";
           ip = { mode = "static"; address = "10.233.0.5"; prefix = 24;
                  gateway = "10.233.0.1"; };
           dns = { servers = [ "10.233.0.1" ]; }; } );
EOF
s0=$(e2e_host_state $DOM)
out=$(redge apply --yes "$W/plan-bridge.cfg" </dev/null 2>&1)
rc=$?
echo "$out" | sed 's/^/#   /'
rhost=$(rvirsh hostname)
check "a bridge-mode plan over the URI is refused (exit 1, got $rc)" test $rc -eq 1
check "... naming the bridge, the host ($rhost) and what to run there" \
	has "$out" "bridge e2erbr0 must be made on $rhost itself: run \`edgenet apply\` with this plan there, or create e2erbr0 holding e2e-srv on $rhost first"
check "... and nothing changed on the remote host" e2e_same_state $DOM "$s0"
check "... nor in the daemon's namespace (no bridge e2erbr0)" \
	sh -c '! ip -n "$1" link show e2erbr0 >/dev/null 2>&1' _ "$E2E_NS"

# --- 4. the console in the client namespace, over the URI --------------------
cat >"$TM_TMP/run.sh" <<EOF
echo \$\$ >'$TM_TMP/pid'
exec ip netns exec '$E2E_CLIENT_NS' unshare -m sh -c \
	'mount -t tmpfs -o size=1m e2e-hide /run/libvirt && exec "\$@"' console \
	env LANG=C.UTF-8 LC_ALL=C.UTF-8 \
	EDGENET_DATADIR='$EDGENET_DATADIR' EDGENET_STATE_DIR='$TM_TMP/state' \
	'$E' -c '$E2E_REMOTE_URI' wizard --plan '$W/plan-int.cfg' 2>'$TM_TMP/stderr'
EOF
tm_start_cmd 100 30 "sh '$TM_TMP/run.sh'"
if tm_wait "Step 1 of 6" 20; then
	tm_keys Escape
	check "the console's home over the URI" tm_wait "w wizard"
	check "... shows the remote VM $DOM, defined there" \
		tm_wait "$DOM: defined on this host"
	check "... and its networks ($NEW running)" \
		tm_wait "$NEW     internal  192.168.244.1/24   running"
	nifs=$(rvirsh iface-list --all | grep -c .)
	check "... and the host's NICs as its libvirt lists them ($nifs)" \
		tm_wait "Host NICs          $nifs interface"
	tm_screen | sed 's/^/#   home: /'
	tm_keys t
	check "the routes panel's host view: 'only on the host itself'" \
		tm_wait "only on the host itself"
	check "... titled for the host, not this machine" \
		sh -c '! tmux -L "$1" capture-pane -p | grep -q "Route metrics - this machine"' _ "$TM_SOCK"
	check "... its footer's v names the host, not this machine" \
		tm_wait "v host/VM"
	tm_screen | sed 's/^/#   routes: /'
	tm_keys v
	check "the routes panel's VM view: the guest's default route" \
		tm_wait "192.168.243.1" 20
	tm_keys Escape
	tm_wait "w wizard"
	tm_keys d
	check "the DNS panel's host view: 'only on the host itself'" \
		tm_wait "only on the host itself"
	check "... its footer's v names the host, not this machine" \
		tm_wait "v host/VM"
	tm_screen | sed 's/^/#   dns: /'
	tm_keys v
	check "the DNS panel's VM view: the guest's server from resolv.conf" \
		tm_wait "192.168.243.1" 20
	tm_keys Escape
	tm_wait "w wizard"
	tm_keys a
	check "the VM-addresses panel: $MAC1 with its address" tm_wait "$ip1" 20
	check "... its footer's v names the host, not this machine" \
		tm_wait "v VM/host"
	tm_screen | sed 's/^/#   vm: /'
	tm_keys v
	check "its host view: 'only on the host itself'" tm_wait "only on the host itself"
	tm_keys q
	tm_poll 3 _tm_has "Quit without saving" && tm_keys y
	check "the console ends with status 0" test "$(tm_exit_status 10)" = 0
	# the wizard's uplinks for the external switch: the remote host's
	# NICs as its libvirt lists them, not the client's (e2e-cli)
	srv_mac=$(ip -n "$E2E_NS" -o link show e2e-srv | grep -o 'link/ether [0-9a-f:]*' | cut -d' ' -f2)
	sed 's|^|#   |' "$TM_TMP/stderr"
	sed "s|'$W/plan-int.cfg'|'$W/plan-bridge.cfg'|" "$TM_TMP/run.sh" >"$TM_TMP/run2.sh"
	tm_start_cmd 100 30 "sh '$TM_TMP/run2.sh'"
	if tm_wait "Step 1 of 6" 20; then
		tm_keys C-n
		check "wizard step 2: the remote host's e2e-srv is offered as uplink, with its MAC" \
			tm_wait "e2e-srv    $srv_mac"
		check "... the step says the list is the remote host's" \
			tm_wait "the remote host, as its libvirt lists"
		check "... and says no bridge is made on a remote host" \
			tm_wait "edgenet makes no bridge on"
		check "... and no NIC of this machine (e2e-cli) is offered" \
			sh -c '! tmux -L "$1" capture-pane -p | grep -q "e2e-cli"' _ "$TM_SOCK"
		tm_screen | sed 's/^/#   wizard: /'
		tm_keys q
		tm_poll 3 _tm_has "Quit without saving" && tm_keys y
		tm_exit_status 10 >/dev/null
	else
		not_ok "the wizard did not open the bridge plan over the URI"
	fi
else
	not_ok "the console did not open the plan over the URI"
	tm_screen | sed 's/^/#   /'
	sed 's/^/#   stderr: /' "$TM_TMP/stderr"
fi

# --- 5. a bridge the remote host has: used as it is --------------------------
# made on "the host itself" (in the daemon's namespace, as a technician
# there would); its libvirt lists it, so apply uses it and changes no link
ip -n "$E2E_NS" link add e2erbr1 type bridge && ip -n "$E2E_NS" link set e2erbr1 up
sed 's/e2erbr0/e2erbr1/' "$W/plan-bridge.cfg" >"$W/plan-hasbr.cfg"
out=$(redge apply --yes "$W/plan-hasbr.cfg" </dev/null 2>&1)
rc=$?
echo "$out" | sed 's/^/#   /'
check "a bridge the remote host has: apply exits 0 (got $rc)" test $rc -eq 0
check "... warning that it is used as it is" \
	has "$out" "bridge e2erbr1 exists on $rhost (libvirt lists it): edgenet uses it as it is"
check "... the switch's network is on e2erbr1 (net-dumpxml over the URI)" \
	sh -c 'printf "%s\n" "$1" | grep -q "<bridge name=.e2erbr1./>" &&
		printf "%s\n" "$1" | grep -q "<forward mode=.bridge./>"' _ "$(rvirsh net-dumpxml e2e-rplant)"
check "... and e2e-srv was not enslaved to it (no link changed)" \
	sh -c '! ip -n "$1" -o link show e2e-srv | grep -q "master e2erbr1"' _ "$E2E_NS"
e2e_track_net e2e-rplant

finish
