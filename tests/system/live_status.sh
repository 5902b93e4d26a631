#!/bin/sh
# live_status.sh - the real binary's `edgenet status`:
#   - usage and bad options;
#   - in a network namespace of its own (unshare -n as root, -rn
#     otherwise) with veth pairs carrying a plan's MACs, default routes
#     where the offline NIC wins: --json is valid JSON with every route
#     `ip -j route show table all` shows, the defaults in metric order,
#     the problem on the plan's field and exit status 1; the text form;
#   - the demo host (libvirt's test driver): --vm shows the VM's NICs,
#     each address source and the guest-agent routes' error.
# Nothing outside the namespace is touched.  Needs python3 to read JSON.
. "$top_srcdir/tests/lib/lib.sh"

command -v python3 >/dev/null 2>&1 || skip_all "python3 is not installed (scripts/install-deps.sh test)"
command -v unshare >/dev/null 2>&1 || skip_all "unshare (util-linux) is not installed"
IP=$(command -v ip) || skip_all "ip (iproute2) is not installed"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- usage ---
"$EDGENET_BIN" status --help >"$tmp/help" 2>&1
check "status --help exits 0" test $? -eq 0
check "status --help names --json" grep -q -- "--json" "$tmp/help"
"$EDGENET_BIN" status --bogus >/dev/null 2>&1
check "an unknown option exits 2" test $? -eq 2
"$EDGENET_BIN" status --plan "$tmp/missing.cfg" >/dev/null 2>"$tmp/err"
check "an unreadable plan exits 2" test $? -eq 2
# A plan check refuses is not compared with (its VM and MACs are not what
# would be applied): check's lines, exit 1, no status printed.
printf 'version = 1;\nprofile = "server";\nvm = "edge vm";\n' >"$tmp/bad.cfg"
"$EDGENET_BIN" status --plan "$tmp/bad.cfg" >"$tmp/out" 2>"$tmp/err"
check "a plan check refuses: exit 1 (got $?)" sh -c 'test "$1" -eq 1' _ $?
check "... with check's line for the VM name" grep -q "bad.cfg:3: vm: error" "$tmp/err"
check "... and no status on stdout" test ! -s "$tmp/out"

# --- a namespace ---
if [ "$(id -u)" -eq 0 ]; then NS="unshare -n"; else NS="unshare -rn"; fi
$NS true 2>/dev/null || skip_all "cannot make a network namespace ($NS)"

cat >"$tmp/plan.cfg" <<'EOF'
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

cat >"$tmp/inns.sh" <<'EOF'
set -e
# refuse to go on unless this namespace is new: only lo
test "$($IP -o link show | wc -l)" -eq 1
# no IPv6 duplicate address detection: its routes would come later
echo 0 >/proc/sys/net/ipv6/conf/default/accept_dad 2>/dev/null || true
echo 0 >/proc/sys/net/ipv6/conf/all/accept_dad 2>/dev/null || true
$IP link set lo up
$IP link add a0 address 52:54:00:aa:00:01 type veth peer name a1
$IP link add b0 address 52:54:00:bb:00:01 type veth peer name b1
for l in a0 a1 b0 b1; do $IP link set $l up; done
# status and ip must see the same routes: wait (bounded, 5 s) until the
# four links are operational (linkwatch) and have their IPv6 link-local
# addresses (and with them their fe80::/64 routes), none tentative
i=0
until [ "$($IP -o link show up | grep -c ' state UP ')" -eq 4 ] &&
	[ "$($IP -o -6 addr show scope link | grep -vc tentative)" -eq 4 ]; do
	i=$((i + 1))
	[ "$i" -le 250 ] || { echo "links not settled after 5 s"; $IP -o link; exit 1; }
	sleep 0.02
done
$IP addr add 10.1.0.2/24 dev a0
$IP addr add 10.2.0.2/24 dev b0
$IP route add default via 10.1.0.1 dev a0 metric 300
$IP route add default via 10.2.0.1 dev b0 metric 20
$IP route add 10.9.0.0/16 via 10.1.0.1 dev a0
$IP route append 10.9.0.0/16 via 10.2.0.1 dev b0
set +e
"$EDGENET_BIN" status --json --plan "$T/plan.cfg" >"$T/status.json" 2>"$T/status.err"
echo $? >"$T/status.rc"
"$EDGENET_BIN" status --plan "$T/plan.cfg" >"$T/status.txt" 2>&1
$IP -j route show table all >"$T/ip.json"
"$EDGENET_BIN" status --json >"$T/noplan.json" 2>&1
echo $? >"$T/noplan.rc"
EOF
T=$tmp IP=$IP EDGENET_BIN=$EDGENET_BIN $NS sh "$tmp/inns.sh" >"$tmp/ns.log" 2>&1
check "the namespace was set up" test $? -eq 0 || cat "$tmp/ns.log"

check "offline NIC winning: exit status 1" test "$(cat "$tmp/status.rc")" = 1
check "no plan: exit status 0" test "$(cat "$tmp/noplan.rc")" = 0
cat >"$tmp/check.py" <<'EOF'
import json, sys
st = json.load(open(sys.argv[1]))
ip = json.load(open(sys.argv[2]))
def fail(msg):
    print("check.py:", msg)
    sys.exit(1)
if st["format"] != "edgenet-status" or st["version"] != 1:
    fail("format/version")
host = st["host"]
if len(host["routes"]) != len(ip):
    fail("routes: status %d, ip %d" % (len(host["routes"]), len(ip)))
mine = sorted((r["dst"], r.get("gateway") or "-", r.get("dev") or "-")
              for r in host["routes"])
theirs = sorted((r["dst"], r.get("gateway", "-"), r.get("dev", "-"))
                for r in ip)
if mine != theirs:
    fail("routes differ:\n%s\n%s" % (mine, theirs))
d = host["default_routes"]
if [x["metric"] for x in d] != [20, 300]:
    fail("defaults not in metric order: %s" % d)
if not d[0]["in_use"] or d[0]["dev"] != "b0" or d[0]["nic"] != "eth1":
    fail("b0 (NIC eth1) should be in use: %s" % d[0])
if "offline" not in d[0]["flags"] or "metric-differs" not in d[1]["flags"]:
    fail("flags: %s" % d)
fields = [p["field"] for p in host["problems"] if p["severity"] == "error"]
if "nics[1].offline" not in fields:
    fail("no error on nics[1].offline: %s" % host["problems"])
links = {l["name"]: l for l in host["links"]}
if links["a0"]["nic"] != "eth0" or links["a1"]["nic"] is not None:
    fail("links: %s" % links)
if not any(a["address"] == "10.2.0.2" and a["dev"] == "b0"
           for a in host["addresses"]):
    fail("address 10.2.0.2 on b0 missing")
if st["vm"] is not None or "dns" not in st:
    fail("vm/dns keys")
print("ok")
EOF
check "status --json agrees with ip -j route show table all" \
	python3 "$tmp/check.py" "$tmp/status.json" "$tmp/ip.json"
check "text: the route in use is marked" \
	grep -q "^  \* default via 10.2.0.1 dev b0 metric 20  \[NIC eth1, offline\]  in use  OFFLINE NIC WINS" "$tmp/status.txt"
check "text: the problem names the field" \
	grep -q "error: nics\[1\].offline: the default route in use goes through b0 (NIC eth1)" "$tmp/status.txt"
check "no plan: still valid JSON" python3 -m json.tool "$tmp/noplan.json" >/dev/null

# --- the demo host, with the VM ---
"$EDGENET_BIN" --demo status --vm --json >"$tmp/demo.json" 2>"$tmp/demo.err"
rc=$?
check "--demo status --vm exits 0 or 1" test $rc -le 1
cat >"$tmp/demo.py" <<'EOF'
import json, sys
vm = json.load(open(sys.argv[1]))["vm"]
assert vm["connected"] and vm["state"] == "running", vm
assert vm["domain"] == "edge-vm"
assert [s["source"] for s in vm["sources"]] == ["agent", "lease", "arp"]
assert all(s["tried"] for s in vm["sources"])
assert len(vm["nics"]) == 2, vm["nics"]
assert vm["nics"][0]["mac"] == "52:54:00:e4:00:01"
assert vm["nics"][0]["addresses"], vm["nics"][0]
assert vm["routes"]["routes"] is None and "agent" in vm["routes"]["error"]
print("ok")
EOF
check "--demo: the VM's NICs, sources and the agent's error" \
	python3 "$tmp/demo.py" "$tmp/demo.json"
"$EDGENET_BIN" --demo status --vm --domain historian >"$tmp/hist.txt" 2>&1
check "--demo --domain historian: shut off" grep -q "historian on .*: shut off" "$tmp/hist.txt"
"$EDGENET_BIN" -c test:///nonexistent/x.xml status --vm --json >"$tmp/bad.json" 2>&1
check "an unreachable libvirt is reported in the JSON" \
	python3 -c "import json,sys; v=json.load(open(sys.argv[1]))['vm']; assert not v['connected'] and v['error'], v" "$tmp/bad.json"
finish
