# tests/lib/e2e_guest_lib.sh - what the tests of the guest side share: a
# real Debian guest (tests/lib/e2e_lib.sh's e2e_define_debian_guest) seen
# through its agent with the guest's own tools as the oracle (`ip -j`,
# `resolvectl`, `networkctl`), and the plans those tests apply.  Sourced
# after tests/lib/e2e_lib.sh, with DOM set to the domain's name.  Never run.
#
#   g_exec ARGS...            e2e_guest_exec "$DOM" ARGS... (30 s bound)
#   g_default IFACE           the default routes on IFACE as "GW:METRIC"
#                             words, sorted ("" when none)
#   g_addrs IFACE             IFACE's IPv4 addresses "A/P", sorted
#   g_dns IFACE / g_domains IFACE / g_default_route IFACE
#                             what `resolvectl dns|domain|default-route
#                             IFACE` lists for the link
#   g_files                   every /etc/systemd/network/05-edgenet-* file
#                             with its name, byte for byte
#   g_net_state               addresses (no lifetimes) and the main route
#                             table, as text
#   wait_eq DESC TIMEOUT WANT CMD...
#                             runs CMD until its output is WANT (bounded);
#                             prints the last output on timeout; 0 / 1
#   g_plan FILE ETH0_METRIC ETH1_ADDR ETH1_DNS ETH1_OFFLINE ETH1_METRIC
#          [ETH0_OFFLINE=false]
#                             writes a plan: eth0 DHCP on $G_NAT (NAT,
#                             10.91.0.0/24), eth1 static on $G_OT
#                             (isolated, 10.92.0.0/24, no DHCP) with one
#                             DNS server and the search domain ot.test

G_NAT=${G_NAT:-e2e-gnat}
G_OT=${G_OT:-e2e-got}
G_MAC0=${G_MAC0:-52:54:00:e2:d0:01}
G_MAC1=${G_MAC1:-52:54:00:e2:d0:02}

g_exec() {
	E2E_EXEC_TIMEOUT=${E2E_EXEC_TIMEOUT:-30} e2e_guest_exec "$DOM" "$@"
}

g_default() {
	g_exec ip -j -4 route show default dev "$1" 2>/dev/null | python3 -c '
import json, sys
t = sys.stdin.read().strip()
rs = json.loads(t) if t else []
print(" ".join(sorted("%s:%s" % (r.get("gateway", "-"), r.get("metric", 0)) for r in rs)))'
}

g_addrs() {
	g_exec ip -j -4 addr show dev "$1" 2>/dev/null | python3 -c '
import json, sys
t = sys.stdin.read().strip()
ls = json.loads(t) if t else []
print(" ".join(sorted("%s/%s" % (a["local"], a["prefixlen"]) for l in ls for a in l.get("addr_info", []))))'
}

# resolvectl prints "Link 3 (eth1): VALUES": keep VALUES.
g_resolvectl() {
	g_exec resolvectl "$1" "$2" 2>/dev/null | sed -n 's/^Link [0-9]* ([^)]*): *//p'
}
g_dns() { g_resolvectl dns "$1"; }
g_domains() { g_resolvectl domain "$1"; }
g_default_route() { g_resolvectl default-route "$1"; }

g_files() {
	g_exec sh -c 'for f in /etc/systemd/network/05-edgenet-*; do
		[ -e "$f" ] || continue; echo "== $f $(stat -c %a "$f")"; cat "$f"; done'
}

g_net_state() {
	g_exec ip -j -4 addr show 2>/dev/null | python3 -c '
import json, sys
for l in json.load(sys.stdin):
    for a in l.get("addr_info", []):
        print(l["ifname"], "%s/%s" % (a["local"], a["prefixlen"]), a.get("scope"))'
	g_exec ip -4 route show table main
}

wait_eq() {
	local desc=$1 timeout=$2 want=$3 got deadline
	shift 3
	deadline=$((SECONDS + timeout))
	while :; do
		got=$("$@" 2>/dev/null)
		[ "$got" = "$want" ] && return 0
		if [ $SECONDS -ge $deadline ]; then
			echo "# $desc: after $timeout s got:" >&2
			printf '%s\n' "$got" | sed 's/^/#     /' | head -n 30 >&2
			echo "# ... wanted:" >&2
			printf '%s\n' "$want" | sed 's/^/#     /' | head -n 30 >&2
			return 1
		fi
		sleep 1
	done
}

g_plan() {
	cat >"$1" <<EOF
version = 1;
profile = "server";
vm = "$DOM";
switches = (
  { name = "$G_NAT"; type = "internal"; address = "10.91.0.1/24";
    dhcp = true; dhcp_start = "10.91.0.100"; dhcp_end = "10.91.0.199";
    nat = true; },
  { name = "$G_OT"; type = "internal"; address = "10.92.0.1/24";
    dhcp = false; nat = false; } );
nics = (
  { name = "eth0"; switch = "$G_NAT"; primary = true; mac = "$G_MAC0";
    ip = { mode = "dhcp"; }; metric = $2; offline = ${7:-false}; },
  { name = "eth1"; switch = "$G_OT"; mac = "$G_MAC1";
    ip = { mode = "static"; address = "$3"; prefix = 24;
           gateway = "10.92.0.1"; };
    dns = { servers = [ "$4" ]; search = [ "ot.test" ]; };
    offline = $5; metric = $6; } );
EOF
}
