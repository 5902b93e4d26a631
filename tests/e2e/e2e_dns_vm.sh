#!/bin/bash
# e2e_dns_vm.sh - the VM's DNS view against a REAL libvirtd (private
# network namespace, tests/lib/e2e_lib.sh) and a REAL TCG guest with two NICs
# (a NAT network and an isolated one, both with libvirt's DHCP and DNS):
#   - `edgenet status --vm --json` has the VM's DNS ("vm"."dns"), read
#     through the guest agent; the guest has no systemd-resolved, so the
#     view comes from its /etc/resolv.conf and says so;
#   - its servers are exactly the nameserver lines that `cat
#     /etc/resolv.conf` through the agent shows, in order;
#   - they were probed from the host (unbound), which the JSON and the
#     text say.
# edgenet runs inside the test's own namespace (ip netns exec), so its
# DNS probes reach only the test networks' dnsmasq (safety rule: DNS
# probes in tests only inside namespaces created for them).
# Exit: 0 passed, 1 failed, 77 a capability is truly missing (not root,
# no guest could be built), 99 the daemons could not be started.
. "$top_srcdir/tests/lib/e2e_lib.sh"

. "$top_srcdir/tests/lib/lib.sh"	# ok, not_ok, check; finish below
finish() {
	if [ "$T_FAIL" -ne 0 ] && [ -n "$E2E_STATE" ]; then
		echo "--- status ---"
		cat "$WORK/status.txt" 2>/dev/null
		echo "--- guest console (last lines) ---"
		e2e_console_tail "$DOM" 20
	fi
	e2e_cleanup
	rm -rf "$WORK"
	finish_exit
}

NAT=e2e-dnat
ISO=e2e-diso
# edge-vm: the console watches the configured domain (the default name),
# not the plan's given with --plan (ui/run.c starts the watcher first)
DOM=edge-vm
MAC1=52:54:00:e2:d1:01
MAC2=52:54:00:e2:d1:02
WORK=$(mktemp -d)

e2e_begin
# edgenet in the test's namespace (libvirtd's socket is a path: reachable)
inns() { ip netns exec "$E2E_NS" "$@"; }

check "NAT network $NAT starts" e2e_define_net $NAT "<network>
  <name>$NAT</name>
  <forward mode='nat'/>
  <ip address='192.168.237.1' prefix='24'>
    <dhcp><range start='192.168.237.100' end='192.168.237.199'/></dhcp>
  </ip>
</network>"
check "isolated network $ISO starts" e2e_define_net $ISO "<network>
  <name>$ISO</name>
  <ip address='192.168.238.1' prefix='24'>
    <dhcp><range start='192.168.238.100' end='192.168.238.199'/></dhcp>
  </ip>
</network>"
check "guest $DOM with two NICs is defined" e2e_define_guest $DOM "$(e2e_nic_xml "$NAT" "$MAC1")
$(e2e_nic_xml "$ISO" "$MAC2")"
if ! e2e_virsh start $DOM >/dev/null; then
	not_ok "virsh start $DOM"
	finish
fi
e2e_wait_lease $NAT $MAC1 60 >/dev/null
e2e_wait_lease $ISO $MAC2 60 >/dev/null
e2e_wait_agent $DOM 90
check "the guest agent answers" test $? -eq 0

# both NICs' servers in the guest's resolv.conf (udhcpc: bounded wait)
deadline=$((SECONDS + 40))
while :; do
	e2e_guest_cat $DOM /etc/resolv.conf >"$WORK/resolv.conf" 2>/dev/null
	[ "$(grep -c '^nameserver' "$WORK/resolv.conf")" -ge 2 ] && break
	[ $SECONDS -ge $deadline ] && break
	sleep 0.5
done
sed 's/^/# guest resolv.conf: /' "$WORK/resolv.conf"
check "the guest's resolv.conf lists both networks' servers" \
	test "$(grep -c '^nameserver' "$WORK/resolv.conf")" -ge 2

t0=$(e2e_now_ms)
inns "$EDGENET_BIN" -c "$E2E_URI" status --vm --domain $DOM --json \
	>"$WORK/status.json" 2>"$WORK/status.err"
t1=$(e2e_now_ms)
echo "# edgenet status --vm --json: $((t1 - t0)) ms"
inns "$EDGENET_BIN" -c "$E2E_URI" status --vm --domain $DOM \
	>"$WORK/status.txt" 2>&1

check "status --json has the VM's DNS, read through the agent" python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))['vm']['dns']
assert d is not None, 'vm.dns is null'
assert d['source'] == 'guest-agent' and d['read'] and d['error'] is None, d
assert d['probed_from'] == 'host', d
v = d['view']
assert v['source'] == 'resolv.conf', v['source']
assert 'resolv.conf' in v['note'], v['note']
print('#', v['note'])
" "$WORK/status.json"

check "its servers are exactly the guest's resolv.conf nameservers" python3 -c "
import json, sys
v = json.load(open(sys.argv[1]))['vm']['dns']['view']
got = [s['address'] for s in v['global']['servers']]
want = [l.split()[1] for l in open(sys.argv[2]) if l.startswith('nameserver')]
print('# status:', got, ' agent cat:', want)
assert got == want, (got, want)
assert all(not l['servers'] for l in v['links']), v['links']
" "$WORK/status.json" "$WORK/resolv.conf"

check "each server was probed from the host" python3 -c "
import json, sys
v = json.load(open(sys.argv[1]))['vm']['dns']['view']
for s in v['global']['servers']:
    print('#', s['address'], s['probe'])
    assert s['probe']['state'] not in ('not-probed', 'pending'), s
" "$WORK/status.json"

check "the text says the servers were probed from the host" \
	grep -q "asked once from the host, not by the VM" "$WORK/status.txt"
check "the text lists the servers with their results" \
	grep -q "$(grep -m1 '^nameserver' "$WORK/resolv.conf" | cut -d' ' -f2).*(from the host)" "$WORK/status.txt"
check "nothing on stderr" test ! -s "$WORK/status.err"
sed -n '/^ DNS (through/,/^$/p' "$WORK/status.txt" | sed 's/^/# /'

# the console: the DNS panel's 'v' shows the VM's servers, read by the
# watcher through the agent (tmux; in the test's namespace as well)
if command -v tmux >/dev/null 2>&1; then
	TS="edgenet-e2e-dns-$$"
	tmx() { tmux -L "$TS" -f /dev/null "$@"; }
	e2e_on_cleanup 'tmux -L "'"$TS"'" -f /dev/null kill-server 2>/dev/null'
	cat >"$WORK/plan.cfg" <<PLAN
version = 1;
profile = "server";
vm = "$DOM";
switches = ( { name = "lan"; type = "internal"; address = "10.1.0.1/24";
               dhcp = false; nat = false; } );
nics = ( { name = "eth0"; switch = "lan"; primary = true;
           mac = "52:54:00:aa:00:01";
           ip = { mode = "static"; address = "10.1.0.2"; prefix = 24;
                  gateway = "10.1.0.1"; };
           dns = { servers = [ "10.1.0.1" ]; }; metric = 100; } );
PLAN
	tmx new-session -d -x 100 -y 30 "ip netns exec '$E2E_NS' env \
		LANG=C.UTF-8 EDGENET_STATE_DIR='$WORK/state' '$EDGENET_BIN' \
		-c '$E2E_URI' wizard --plan '$WORK/plan.cfg' 2>'$WORK/console.err'"
	screen_has() {
		local i
		for i in $(seq 1 "$((${2:-15} * 10))"); do
			tmx capture-pane -p 2>/dev/null | grep -qF -- "$1" && return 0
			sleep 0.1
		done
		tmx capture-pane -p 2>/dev/null | sed 's/^/# | /'
		return 1
	}
	screen_has "Host profile" && tmx send-keys Escape
	screen_has "d DNS" && tmx send-keys d
	check "the console's DNS panel opens" screen_has "DNS of this machine"
	tmx send-keys v
	check "v: the VM's DNS panel" screen_has "DNS of VM $DOM"
	first=$(grep -m1 '^nameserver' "$WORK/resolv.conf" | cut -d' ' -f2)
	check "the VM's side shows its resolv.conf server $first" \
		screen_has "$first" 20
	check "... read through the guest agent, probed from the host" \
		screen_has "Servers probed from the host, not by the VM" 20
	check "... with each result marked (from the host)" \
		screen_has "(from the host)" 20
	tmx capture-pane -p | sed 's/^/# | /'
	tmx kill-server 2>/dev/null
else
	echo "# tmux is not installed: the console's panel is not checked"
fi

# a VM that is shut off: the reason, no view
e2e_virsh destroy $DOM >/dev/null 2>&1
inns "$EDGENET_BIN" -c "$E2E_URI" status --vm --domain $DOM --json \
	>"$WORK/off.json" 2>/dev/null
check "a shut-off VM: vm.dns says why it was not read" python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))['vm']['dns']
assert not d['read'] and d['view'] is None and d['error'], d
print('#', d['error'])
" "$WORK/off.json"
finish
