#!/bin/sh
# tmux_live.sh - the live panels in the real console, driven through tmux,
# inside a network namespace of the test's own (unshare -n, as root) with
# veth pairs a0 and b0 carrying the plan's MACs:
#   - the route-metrics panel shows the default routes by metric, the
#     offline NIC winning flagged;
#   - a route added from outside the console (ip, in the same namespace)
#     appears on the open panel by itself (netlink events);
#   - on the demo host this machine's routes are read-only: a metric
#     typed on the panel is refused, saying why, and neither `ip route`
#     nor the plan file changes (the real host's confirmation and
#     countdown: tests/unit/test_live_host.c);
#   - the VM-addresses panel shows the demo VM's NICs and each source.
# Nothing outside the namespace is touched.
. "$top_srcdir/tests/lib/tmux_lib.sh"

[ "$(id -u)" -eq 0 ] || skip_all "needs root (a network namespace entered with nsenter)"
command -v nsenter >/dev/null 2>&1 || skip_all "nsenter (util-linux) is not installed"
unshare -n true 2>/dev/null || skip_all "cannot make a network namespace"

cat >"$TM_TMP/plan.cfg" <<'EOF'
version = 1;
profile = "server";
vm = "edge-vm";
switches = ( { name = "lan"; type = "internal"; address = "10.1.0.1/24";
               dhcp = false; nat = false; },
             { name = "ot"; type = "internal"; address = "10.2.0.1/24";
               dhcp = false; nat = false; } );
nics = ( { name = "eth0"; switch = "lan"; primary = true;
           mac = "52:54:00:aa:00:01";
           ip = { mode = "static"; address = "10.1.0.2"; prefix = 24;
                  gateway = "10.1.0.1"; };
           dns = { servers = [ "10.1.0.1" ]; };
           metric = 100; },
         { name = "eth1"; switch = "ot"; mac = "52:54:00:bb:00:01";
           ip = { mode = "static"; address = "10.2.0.2"; prefix = 24;
                  gateway = "10.2.0.1"; };
           metric = 500; offline = true; } );
EOF
cat >"$TM_TMP/ns.sh" <<EOF
set -e
test "\$(ip -o link show | wc -l)" -eq 1	# a new namespace: only lo
ip link set lo up
ip link add a0 address 52:54:00:aa:00:01 type veth peer name a1
ip link add b0 address 52:54:00:bb:00:01 type veth peer name b1
for l in a0 a1 b0 b1; do ip link set \$l up; done
ip addr add 10.1.0.2/24 dev a0
ip addr add 10.2.0.2/24 dev b0
ip route add default via 10.1.0.1 dev a0 metric 300
ip route add default via 10.2.0.1 dev b0 metric 20
echo \$\$ >'$TM_TMP/pid'
exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 EDGENET_DATADIR='$EDGENET_DATADIR' \
	EDGENET_STATE_DIR='$TM_TMP/state' '$EDGENET_BIN' --demo \
	wizard --plan '$TM_TMP/plan.cfg' 2>'$TM_TMP/stderr'
EOF
tm_start_cmd 80 24 "unshare -n sh '$TM_TMP/ns.sh'"
tm_wait "Host profile" || { finish; exit 1; }
NSPID=$(cat "$TM_TMP/pid")
inns() { nsenter --net="/proc/$NSPID/ns/net" "$@"; }

tm_keys Escape
tm_wait "w wizard" || { finish; exit 1; }
if ! tm_screen | grep -q "t route metrics"; then
	skip_all "the console does not open the live panels yet (src/ui: screen ids, app.c, home.c, run.c)"
fi

tm_keys t
check "the route panel opens on this machine" tm_wait "Route metrics - this machine"
check "the offline NIC winning is flagged" tm_wait "OFFLINE NIC WINS"
check "the default routes are in metric order" \
	sh -c "tmux -L '$TM_SOCK' capture-pane -p | grep -A1 'OFFLINE NIC WINS' | grep -q '10.1.0.1 .*a0 .*300'"

t0=$(date +%s%N)
inns ip route add 198.51.100.0/24 via 10.1.0.1 dev a0 metric 7
check "a route added from outside appears on the open panel" tm_wait "198.51.100.0/24"
echo "# route on screen $(( ($(date +%s%N) - t0) / 1000000 )) ms after ip route add"

# the selected default route is b0's (NIC eth1): the demo refuses
cp "$TM_TMP/plan.cfg" "$TM_TMP/plan.before"
check "the panel says this machine is read-only in the demo" \
	tm_wait "read-only in the demo"
tm_keys m
check "m is refused, saying why" tm_wait "metric not changed in the demo"
tm_type 42
tm_keys Enter
check "ip route keeps the old metric" \
	sh -c "nsenter --net=/proc/$NSPID/ns/net ip route show default | grep -q 'via 10.2.0.1 dev b0 metric 20'"
check "no route got metric 42" \
	sh -c "! nsenter --net=/proc/$NSPID/ns/net ip route show default | grep -q 'metric 42'"
check "the plan file is unchanged" cmp -s "$TM_TMP/plan.cfg" "$TM_TMP/plan.before"

tm_keys Escape
tm_wait "w wizard" || { finish; exit 1; }
tm_keys a
check "the VM-addresses panel shows the demo VM's sources" tm_wait "agent: ok"
check "... and its NICs with their addresses" tm_wait "testnet1"
tm_keys v
check "v shows this machine's links" tm_wait "plan NIC eth0"
tm_keys q
tm_screen | grep -q "Quit without saving" && tm_keys y
finish
