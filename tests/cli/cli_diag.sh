#!/bin/sh
# cli_diag.sh - `edgenet diag` against a real plant network in network
# namespaces (tests/lib/probe_lab.sh): the binary runs in the lab's host
# namespace with the lab's veth as the uplink of an external switch and
# sends its probes there; real dnsmasq servers, a holder of an address and
# gateways answer from peer namespaces.  Cases: one DHCP server (the
# offer's values equal dnsmasq's configuration), two (a warning naming
# both), none (a warning); an address taken (an error naming the MAC,
# exit 1), a free one (ok); a gateway that answers ARP and ping, ARP only,
# nothing; the uplink's carrier down (a warning), the uplink held by
# another bridge (an error), a virtual uplink (a warning); the demo host
# (every probe skipped, not one packet sent); libvirt unreachable (its DHCP
# probe skipped with the reason); a plan check refuses (exit 1), an
# unknown NIC and no plan at all (exit 2).
# Needs root; skips (77) only when network namespaces cannot be made.
# Everything it makes is removed at the end (lab_down), on failure too.
. "$top_srcdir/tests/lib/lib.sh"
. "$top_srcdir/tests/lib/probe_lab.sh"

test "$(id -u)" -eq 0 || skip_all "needs root to make network namespaces"
ip netns add "edgenet-diag-try-$$" 2>/dev/null ||
	skip_all "network namespaces cannot be made here"
ip netns del "edgenet-diag-try-$$"
command -v dnsmasq >/dev/null || skip_all "dnsmasq is not installed"

tmp=$(mktemp -d)
trap 'lab_down; rm -rf "$tmp"' EXIT INT TERM
# A local URI (this machine: probes run) whose libvirt is not there: the
# networks are unknown and the probes of an external switch need none.
URI="qemu+unix:///system?socket=$tmp/no-libvirtd.sock"
E=$EDGENET_BIN
S=$LAB_SUBNET

lab_up || { echo "the lab could not be built"; echo "0 passed, 1 failed"; exit 1; }
# The uplink sends nothing of its own (no IPv6 autoconfiguration), so its
# packet counter counts edgenet's frames only.
lab_host sysctl -qw "net.ipv6.conf.$LAB_UPLINK.disable_ipv6=1"

# diag ARGS...: edgenet diag in the lab's host namespace; OUT, RC
diag() {
	OUT=$(lab_host "$E" -c "$URI" --state-dir "$tmp/state" diag "$@" 2>"$tmp/err")
	RC=$?
	ERR=$(cat "$tmp/err")
}
# j EXPR: EXPR (Python, on d = the JSON in $OUT and P(kind) = the first
# probe of that kind) printed
j() {
	printf '%s' "$OUT" | python3 -c '
import json, sys
d = json.load(sys.stdin)
def P(kind, nic=None):
    for p in d["probes"]:
        if p["kind"] == kind and (nic is None or p["nic"] == nic):
            return p
    raise SystemExit("no %s probe" % kind)
def D(sev):
    return [x for x in d["diagnostics"] if x["severity"] == sev]
v = eval(sys.argv[1])
print(json.dumps(v) if not isinstance(v, str) else v)' "$1"
}
# is EXPR WANT: j EXPR prints WANT
is() {
	got=$(j "$1" 2>&1)
	test "$got" = "$2" && return 0
	echo "#   $1: got '$got', want '$2'"
	return 1
}
has() {	# has TEXT PATTERN
	printf '%s\n' "$1" | grep -q -- "$2"
}
tx() {
	lab_host cat "/sys/class/net/$LAB_UPLINK/statistics/tx_packets"
}

# external PLANFILE IPBLOCK: a plan with one NIC on an external switch whose
# uplink is the lab's (bridge mode, a bridge that does not exist yet)
external() {
	cat >"$1" <<P
version = 1;
profile = "server";
vm = "edge-vm";
switches = ( { name = "plant"; type = "external"; uplink = "$LAB_UPLINK";
               mode = "bridge"; bridge = "brx$$"; } );
nics = ( { name = "eth0"; switch = "plant"; primary = true;
           $2 } );
P
}
static_ip() {	# static_ip ADDRESS GATEWAY
	echo "ip = { mode = \"static\"; address = \"$1\"; prefix = $LAB_PLEN; gateway = \"$2\"; }; dns = { servers = [ \"$2\" ]; };"
}

# --- 1. DHCP: one server, its values as configured -------------------------
# (the servers' addresses given: each lab_dhcp_server picks the same default)
lab_dhcp_server one "$S.100,$S.150" "$S.1" "$S.53" 600 "$S.241" || exit 1
ONE_NS=$LAB_LAST_NS ONE_ADDR=$LAB_LAST_ADDR ONE_MAC=$LAB_LAST_MAC
external "$tmp/dhcp.cfg" 'ip = { mode = "dhcp"; };'
diag --json --plan "$tmp/dhcp.cfg"
check "one server: exit 0, warnings allowed (got $RC: $ERR)" test "$RC" -eq 0
check "one server: the DHCP probe ran on the uplink" \
	is 'P("dhcp")["status"] + " " + P("dhcp")["interface"]' "done $LAB_UPLINK"
check "one server: one server answered" is 'P("dhcp")["servers"]' 1
check "one server: its identifier is dnsmasq's address" \
	is 'P("dhcp")["offers"][0]["server_id"]' "$ONE_ADDR"
check "one server: the OFFER came from dnsmasq's MAC" \
	is 'P("dhcp")["offers"][0]["server_mac"]' "$ONE_MAC"
check "one server: the offered address lies in dnsmasq's range" \
	is '100 <= int(P("dhcp")["offers"][0]["offered"].split(".")[3]) <= 150 and P("dhcp")["offers"][0]["offered"].startswith("'"$S"'.")' true
check "one server: router, DNS, lease time and prefix as configured" \
	is '[P("dhcp")["offers"][0][k] for k in ("router", "dns", "lease_s", "prefix")]' \
	"[\"$S.1\", [\"$S.53\"], 600, $LAB_PLEN]"
check "one server: the DHCP probe is ok" is 'P("dhcp")["level"]' ok
check "one server: nothing was leased (dnsmasq never saw a REQUEST)" \
	sh -c '! grep -q DHCPREQUEST "$1"' _ "$LAB_DIR/dnsmasq-one.log"
# the uplink is a veth: virtual, a warning on the uplink field
check "virtual port: kind veth, driver veth, virtual" \
	is '[P("port")[k] for k in ("exists", "port_kind", "driver", "virtual", "carrier")]' \
	'[true, "veth", "veth", true, true]'
check "virtual port: a warning on switches[0].uplink" \
	is '[x["field"] for x in D("warning")]' '["switches[0].uplink"]'
check "one server: status warnings" is 'd["status"]' warnings
diag --plan "$tmp/dhcp.cfg"
check "text: the NIC's heading names switch and mode" \
	has "$OUT" "^NIC eth0 on switch plant (external, uplink $LAB_UPLINK), dhcp"
check "text: the DHCP probe's words name the server" \
	has "$OUT" "^    .*$ONE_ADDR"
check "text: the diagnostics in check's format" \
	has "$OUT" "^$tmp/dhcp.cfg:[0-9]*: switches\[0\]\.uplink: warning: "

# --- 2. two servers: a warning naming both ---------------------------------
lab_dhcp_server two "$S.160,$S.180" "$S.1" "$S.53" 600 "$S.242" || exit 1
TWO_NS=$LAB_LAST_NS TWO_ADDR=$LAB_LAST_ADDR
diag --json --plan "$tmp/dhcp.cfg"
check "two servers: exit 0 (got $RC: $ERR)" test "$RC" -eq 0
check "two servers: both counted" is 'P("dhcp")["servers"]' 2
check "two servers: a warning on the DHCP NIC naming both" \
	is 'any(x["field"] == "nics[0].ip.mode" and "'"$ONE_ADDR"'" in x["message"] and "'"$TWO_ADDR"'" in x["message"] for x in D("warning"))' true
check "two servers: the DHCP probe is a warning" is 'P("dhcp")["level"]' warning

# --- 3. no server: a warning ------------------------------------------------
lab_peer_down "$ONE_NS"
lab_peer_down "$TWO_NS"
diag --json --plan "$tmp/dhcp.cfg"
check "no server: exit 0 (got $RC: $ERR)" test "$RC" -eq 0
check "no server: none answered, done" \
	is '[P("dhcp")["status"], P("dhcp")["servers"], P("dhcp")["offers"]]' '["done", 0, []]'
check "no server: a warning on nics[0].ip.mode" \
	is 'any(x["field"] == "nics[0].ip.mode" for x in D("warning"))' true

# --- 4. address taken / free; gateway ping, ARP only, absent ---------------
lab_holder "$S.50" || exit 1
HOLD_MAC=$LAB_LAST_MAC
lab_gateway "$S.1" ping || exit 1
GW_MAC=$LAB_LAST_MAC
lab_gateway "$S.2" arp-only || exit 1
external "$tmp/taken.cfg" "$(static_ip "$S.50" "$S.1")"
diag --json --plan "$tmp/taken.cfg"
check "taken: exit 1 (got $RC: $ERR)" test "$RC" -eq 1
check "taken: the holder's MAC answered" \
	is '[P("address")["answered"], P("address")["macs"]]' "[true, [\"$HOLD_MAC\"]]"
check "taken: an error on nics[0].ip.address naming the MAC" \
	is 'any(x["field"] == "nics[0].ip.address" and "'"$HOLD_MAC"'" in x["message"] for x in D("error"))' true
check "taken: status errors" is 'd["status"]' errors
check "gateway of a taken address: ARP from its MAC, no ping from it" \
	is '[P("gateway")[k] for k in ("arp_answered", "mac", "ping_sent", "no_ping")]' \
	"[true, \"$GW_MAC\", false, \"address-in-use\"]"
check "gateway of a taken address: ok" is 'P("gateway")["level"]' ok
diag --plan "$tmp/taken.cfg"
check "taken, text: exit 1 and the error line names the address" \
	sh -c 'test "$1" -eq 1 && printf "%s\n" "$2" | grep -q "^$3:[0-9]*: nics\[0\]\.ip\.address: error: .*$4"' \
	_ "$RC" "$OUT" "$tmp/taken.cfg" "$S\\.50"

external "$tmp/free.cfg" "$(static_ip "$S.51" "$S.2")"
diag --json --plan "$tmp/free.cfg"
check "free: exit 0 (got $RC: $ERR)" test "$RC" -eq 0
check "free: nobody answered, ok" \
	is '[P("address")["status"], P("address")["answered"], P("address")["level"]]' '["done", false, "ok"]'
check "gateway ARP only: ARP answered, the ping not" \
	is '[P("gateway")[k] for k in ("arp_answered", "ping_sent", "ping_answered", "level")]' \
	'[true, true, false, "warning"]'

# two NICs on one switch: its uplink's verdict said once
cat >"$tmp/two.cfg" <<P
version = 1;
profile = "server";
vm = "edge-vm";
switches = ( { name = "plant"; type = "external"; uplink = "$LAB_UPLINK";
               mode = "bridge"; bridge = "brx$$"; } );
nics = ( { name = "eth0"; switch = "plant"; primary = true;
           $(static_ip "$S.51" "$S.1") },
         { name = "eth1"; switch = "plant";
           $(static_ip "$S.54" "$S.1") } );
P
diag --plan "$tmp/two.cfg"
check "two NICs on one switch: exit 0, a heading each (got $RC: $ERR)" \
	sh -c 'test "$1" -eq 0 && test "$(printf "%s\n" "$2" | grep -c "^NIC eth[01] on switch plant")" -eq 2' _ "$RC" "$OUT"
check "two NICs on one switch: the uplink's warning once" \
	test "$(printf '%s\n' "$OUT" | grep -c 'switches\[0\]\.uplink: warning: ')" -eq 1

external "$tmp/nogw.cfg" "$(static_ip "$S.52" "$S.3")"
diag --json --plan "$tmp/nogw.cfg"
check "gateway absent: exit 0 (got $RC: $ERR)" test "$RC" -eq 0
check "gateway absent: no ARP reply, a warning on nics[0].ip.gateway" \
	is '[P("gateway")["arp_answered"], any(x["field"] == "nics[0].ip.gateway" for x in D("warning"))]' \
	'[false, true]'

# --- 4b. the probes never take over an address ----------------------------
# A holder of the planned address and a gateway that knows it (it pinged
# the holder).  `edgenet diag` finds the address taken, so its gateway
# probe is an ARP probe only (sender 0.0.0.0), with no echo from the
# address and no ARP answered for it: afterwards the gateway's neighbour
# entry for the address still holds the holder's MAC (not the probe's
# throw-away one) and the gateway still reaches the holder.  The same
# when the holder is the VM itself (the plan's MAC is the holder's: a
# re-apply).  A free address on the same gateway is pinged.
lab_holder "$S.70" || exit 1
KEEP_NS=$LAB_LAST_NS KEEP_MAC=$LAB_LAST_MAC
lab_gateway "$S.5" ping || exit 1
KGW_NS=$LAB_LAST_NS KGW_MAC=$LAB_LAST_MAC
# neigh_is ADDR MAC: the gateway's neighbour entry for ADDR is at MAC
neigh_is() {
	got=$(ip -n "$KGW_NS" neigh show "$1" | sed -n 's/.* lladdr \([0-9a-f:]*\).*/\1/p')
	test "$got" = "$2" && return 0
	echo "#   the gateway's neighbour entry for $1: '$(ip -n "$KGW_NS" neigh show "$1")', want lladdr $2"
	return 1
}
# gw_reaches ADDR: the gateway pings ADDR (one echo, 2 s at most)
gw_reaches() {
	ip netns exec "$KGW_NS" ping -c 1 -W 2 "$1" >/dev/null 2>&1
}
check "keep: before, the gateway reaches the holder $S.70" gw_reaches "$S.70"
check "keep: before, its neighbour entry is the holder's MAC" neigh_is "$S.70" "$KEEP_MAC"
external "$tmp/keep.cfg" "$(static_ip "$S.70" "$S.5")"
diag --json --plan "$tmp/keep.cfg"
check "keep: the address is taken: exit 1 (got $RC: $ERR)" test "$RC" -eq 1
check "keep: the gateway answered ARP; no ping, because the address is in use" \
	is '[P("gateway")[k] for k in ("arp_answered", "mac", "ping_sent", "no_ping", "level")]' \
	"[true, \"$KGW_MAC\", false, \"address-in-use\", \"ok\"]"
check "keep: the words say why no ping went" \
	is 'P("gateway")["words"][-1]' "ping not sent: $S.70 is in use, and a ping from it would take it over"
check "keep: after diag, the gateway's entry for $S.70 is still the holder's MAC" \
	neigh_is "$S.70" "$KEEP_MAC"
check "keep: after diag, the gateway still reaches the holder" gw_reaches "$S.70"
# the VM itself holds it (a re-apply): not a conflict, and not pinged
external "$tmp/vm.cfg" "mac = \"$KEEP_MAC\"; $(static_ip "$S.70" "$S.5")"
diag --json --plan "$tmp/vm.cfg"
check "keep, the VM holds it: exit 0 (got $RC: $ERR)" test "$RC" -eq 0
check "keep, the VM holds it: the address ok, the gateway not pinged" \
	is '[P("address")["level"], P("gateway")["ping_sent"], P("gateway")["no_ping"]]' \
	'["ok", false, "vm-holds-address"]'
check "keep, the VM holds it: the gateway's entry is still its MAC" \
	neigh_is "$S.70" "$KEEP_MAC"
check "keep, the VM holds it: the gateway still reaches it" gw_reaches "$S.70"
# a free address is pinged (the address probe found nobody)
external "$tmp/kfree.cfg" "$(static_ip "$S.71" "$S.5")"
diag --json --plan "$tmp/kfree.cfg"
check "free address: exit 0 (got $RC: $ERR)" test "$RC" -eq 0
check "free address: the gateway answered ARP and ping, ok" \
	is '[P("gateway")[k] for k in ("arp_answered", "ping_sent", "ping_answered", "no_ping", "level")]' \
	'[true, true, true, null, "ok"]'
lab_peer_down "$KEEP_NS"
lab_peer_down "$KGW_NS"

# --- 5. the uplink: carrier down, held by another bridge --------------------
lab_carrier_down || exit 1
diag --json --plan "$tmp/free.cfg"
check "carrier down: exit 0 (a warning) (got $RC: $ERR)" test "$RC" -eq 0
check "carrier down: no carrier, a warning on the uplink" \
	is '[P("port")["carrier"], P("port")["level"]]' '[false, "warning"]'
check "carrier down: the address is not probed (a silent plant is not 'free')" \
	is '[P("address")["status"], "has no link" in P("address")["why"]]' '["skipped", true]'
lab_carrier_up || exit 1
lab_enslave || exit 1
diag --json --plan "$tmp/free.cfg"
check "in another bridge: exit 1 (got $RC: $ERR)" test "$RC" -eq 1
check "in another bridge: its master named, an error on switches[0].uplink" \
	is '[P("port")["master"], any(x["field"] == "switches[0].uplink" and "'"$LAB_HOST_BR"'" in x["message"] for x in D("error"))]' \
	"[\"$LAB_HOST_BR\", true]"
lab_host ip link set "$LAB_UPLINK" nomaster

# --- 6. the demo host: every probe skipped, nothing sent -------------------
before=$(tx)
OUT=$(lab_host "$E" --demo diag --json --plan "$tmp/taken.cfg" 2>"$tmp/err")
RC=$?
after=$(tx)
check "demo: exit 3, nothing checked (got $RC: $(cat "$tmp/err"))" test "$RC" -eq 3
check "demo: every probe skipped, saying the host is simulated" \
	is 'len(d["probes"]) > 0 and all(p["status"] == "skipped" and "simulated" in p["why"] for p in d["probes"])' true
check "demo: not one packet left the uplink ($before -> $after)" \
	test "$before" = "$after"
TXT=$(lab_host "$E" --demo diag --plan "$tmp/taken.cfg" 2>&1)
check "demo, text: the reason said once, the other probes 'as above'" \
	test "$(printf '%s\n' "$TXT" | grep -c simulated)" -eq 1 -a \
	"$(printf '%s\n' "$TXT" | grep -c 'skipped (as above)')" -ge 2
diag --json --plan "$tmp/free.cfg"
check "demo: the counter does count (the same probes for this machine: $after -> $(tx))" \
	test "$(tx)" -gt "$after"

# --- 7. libvirt unreachable: its DHCP probe skipped with the reason --------
cat >"$tmp/internal.cfg" <<'P'
version = 1;
profile = "server";
vm = "edge-vm";
switches = ( { name = "edge-int"; type = "internal"; address = "172.29.0.1/24";
               dhcp = true; dhcp_start = "172.29.0.100"; dhcp_end = "172.29.0.199";
               nat = false; } );
nics = ( { name = "eth0"; switch = "edge-int"; primary = true;
           ip = { mode = "dhcp"; }; } );
P
diag --json --plan "$tmp/internal.cfg"
check "no libvirt: exit 3, its one probe skipped (got $RC: $ERR)" test "$RC" -eq 3
check "no libvirt: libvirt's DHCP probe skipped with a reason" \
	is '[P("libvirt-dhcp")["status"], bool(P("libvirt-dhcp")["why"])]' '["skipped", true]'
check "no libvirt, JSON: the note on stderr, stdout the document only" \
	has "$ERR" "^Note: libvirt's networks on .* cannot be read"
diag --plan "$tmp/internal.cfg"
check "no libvirt, text: a note says libvirt's networks cannot be read" \
	has "$OUT" "^Note: libvirt's networks on .* cannot be read"

# --- 8. what cannot be probed ----------------------------------------------
external "$tmp/bad.cfg" "$(static_ip "$S.60" "$S.60")"
before=$(tx)
diag --json --plan "$tmp/bad.cfg"
check "a plan check refuses: exit 1, nothing on stdout (got $RC)" \
	sh -c 'test "$1" -eq 1 && test -z "$2"' _ "$RC" "$OUT"
check "... check's line on stderr, and nothing sent" \
	sh -c 'printf "%s\n" "$1" | grep -q "nics\[0\]\.ip\.gateway: error: " && test "$2" = "$3"' \
	_ "$ERR" "$before" "$(tx)"
diag --plan "$tmp/free.cfg" eth9
check "unknown NIC: exit 2 naming the plan's NICs (got $RC: $ERR)" \
	sh -c 'test "$1" -eq 2 && printf "%s\n" "$2" | grep -q "no NIC named .eth9.; its NICs are: eth0"' _ "$RC" "$ERR"
diag --plan "$tmp/free.cfg" eth0
check "NIC named: exit 0 (got $RC: $ERR)" test "$RC" -eq 0
diag
check "no plan and none applied: exit 2 asking for --plan (got $RC: $ERR)" \
	sh -c 'test "$1" -eq 2 && printf "%s\n" "$2" | grep -q -- "--plan FILE"' _ "$RC" "$ERR"
mkdir -p "$tmp/state"
cp "$tmp/taken.cfg" "$tmp/state/applied.cfg"
diag --json
check "no plan given: the last applied one is probed (got $RC: $ERR)" \
	sh -c 'test "$1" -eq 1' _ "$RC"
check "... and named in the JSON" is 'd["plan"]' "$tmp/state/applied.cfg"

# --- 9. where the probes go, and what is said (wt-plan2) --------------------
# a) The plan's bridge exists and holds the uplink, and a VM on it (a
#    namespace behind a vnet port of that bridge, in the lab's host
#    namespace) holds the planned address: probes sent on the uplink go
#    straight to the plant and never reach it ("free"); sent on the bridge
#    they do: in use, exit 1.
# b) The planned address is one the host itself holds: refused before any
#    probe, naming the interface (a probe never reaches the host's own
#    stack and would say "free"); apply --dry-run refuses it too (on the
#    demo host: apply needs a libvirt host; edgenet check reads only
#    files and cannot know the host's addresses).
# c) A libvirt URI alias ("plant2" = test:///default in a private
#    libvirt.conf, bound over /etc/libvirt/libvirt.conf in a mount
#    namespace of its own: the machine's file is not touched): the host is
#    simulated, every probe skipped, nothing sent.
# d) Nothing checked: JSON "status" "unchecked", exit 3; text says so.
BR=brv$$
VM_NS=edgenet-diag-vm-$$
VM_PORT=vnet$$
# (IPv6 off on the bridge and in the VM: nothing but edgenet's frames
# leaves the uplink, so its counter stays a witness)
lab_host ip link add "$BR" type bridge &&
lab_host ip link set "$BR" type bridge stp_state 0 forward_delay 0 &&
lab_host sysctl -qw "net.ipv6.conf.$BR.disable_ipv6=1" &&
lab_host ip link set "$BR" up && lab_enslave "$BR" || exit 1
ip netns add "$VM_NS" || exit 1
trap 'ip netns del "$VM_NS" 2>/dev/null; lab_down; rm -rf "$tmp"' EXIT INT TERM
ip netns exec "$VM_NS" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
ip -n "$VM_NS" link set lo up
lab_host ip link add "$VM_PORT" type veth peer name eth0 netns "$VM_NS" &&
lab_host ip link set "$VM_PORT" master "$BR" &&
lab_host ip link set "$VM_PORT" up &&
ip -n "$VM_NS" link set eth0 up &&
ip -n "$VM_NS" addr add "$S.70/$LAB_PLEN" dev eth0 || exit 1
VM_MAC=$(lab_mac "$VM_NS" eth0)
# the VM's port up with carrier (bounded), as a running VM's tap is
_lab_wait 250 _lab_carrier_is "$VM_NS" eth0 1 || exit 1
cat >"$tmp/onbr.cfg" <<P
version = 1;
profile = "server";
vm = "edge-vm";
switches = ( { name = "plant"; type = "external"; uplink = "$LAB_UPLINK";
               mode = "bridge"; bridge = "$BR"; } );
nics = ( { name = "eth0"; switch = "plant"; primary = true;
           $(static_ip "$S.70" "$S.1") } );
P
diag --json --plan "$tmp/onbr.cfg"
check "VM on the bridge: exit 1, the address in use (got $RC: $ERR)" \
	test "$RC" -eq 1
check "VM on the bridge: the address probe ran on the bridge and the VM's MAC answered" \
	is '[P("address")["interface"], P("address")["answered"], P("address")["macs"]]' \
	"[\"$BR\", true, [\"$VM_MAC\"]]"
check "VM on the bridge: the port is still read on the uplink" \
	is 'P("port")["interface"]' "$LAB_UPLINK"
check "VM on the bridge: the plant's gateway answers through the bridge too" \
	is 'P("gateway")["arp_answered"]' true

# b) the host's own address
lab_host ip addr add "$S.10/$LAB_PLEN" dev "$BR" || exit 1
sed "s/$S\\.70/$S.10/" "$tmp/onbr.cfg" >"$tmp/own.cfg"
before=$(tx)
diag --json --plan "$tmp/own.cfg"
check "host's own address: exit 1, nothing on stdout (got $RC)" \
	sh -c 'test "$1" -eq 1 && test -z "$2"' _ "$RC" "$OUT"
check "host's own address: the error names the field and the interface" \
	has "$ERR" "nics\[0\]\.ip\.address: error: $S\.10 is this host's own address on $BR: the VM needs an address of its own"
check "host's own address: said once" \
	test "$(printf '%s\n' "$ERR" | grep -c "this host's own address")" -eq 1
check "host's own address: no probe sent ($before -> $(tx))" test "$before" = "$(tx)"
diag --plan "$tmp/own.cfg"
check "host's own address, text: refused the same way (got $RC)" \
	sh -c 'test "$1" -eq 1 && printf "%s\n" "$2" | grep -q "nothing is probed"' _ "$RC" "$ERR"
lab_host ip addr del "$S.10/$LAB_PLEN" dev "$BR"
# apply --dry-run too (on the demo host, whose enp2s0 holds
# 192.168.10.20/24 in its node file: the check needs a libvirt host)
cat >"$tmp/demo-own.cfg" <<'P'
version = 1;
profile = "server";
vm = "edge-vm";
switches = ( { name = "plant"; type = "external"; uplink = "enp3s0";
               mode = "bridge"; bridge = "br-enp3s0"; } );
nics = ( { name = "eth0"; switch = "plant"; primary = true;
           ip = { mode = "static"; address = "192.168.10.20"; prefix = 24;
                  gateway = "192.168.10.1"; }; } );
P
TXT=$("$E" --demo apply --dry-run "$tmp/demo-own.cfg" 2>&1)
RC=$?
check "apply --dry-run, the host's own address: exit 1, refused (got $RC)" \
	sh -c 'test "$1" -eq 1 && printf "%s\n" "$2" | grep -q "does not fit this host; nothing was changed"' _ "$RC" "$TXT"
check "apply --dry-run: the error names the field and the interface" \
	has "$TXT" "demo-own.cfg:[0-9]*: nics\[0\]\.ip\.address: error: 192\.168\.10\.20 is this host's own address on enp2s0"
sed 's/192\.168\.10\.20;/192.168.10.21;/; s/"192\.168\.10\.20"/"192.168.10.21"/' \
	"$tmp/demo-own.cfg" >"$tmp/demo-next.cfg"
TXT=$("$E" --demo apply --dry-run "$tmp/demo-next.cfg" 2>&1)
RC=$?
check "apply --dry-run, the address next to it: exit 0, no such error (got $RC)" \
	sh -c 'test "$1" -eq 0 && ! printf "%s\n" "$2" | grep -q "own address"' _ "$RC" "$TXT"
lab_host ip link set "$LAB_UPLINK" nomaster

# c) a URI alias for the test driver
if test -f /etc/libvirt/libvirt.conf; then
	printf 'uri_aliases = [ "plant2=test:///default" ]\n' >"$tmp/libvirt.conf"
	before=$(tx)
	OUT=$(lab_host unshare -m sh -c 'mount --bind "$1" /etc/libvirt/libvirt.conf && shift && exec "$@"' \
		_ "$tmp/libvirt.conf" "$E" -c plant2 --state-dir "$tmp/state" \
		diag --json --plan "$tmp/free.cfg" 2>"$tmp/err")
	RC=$?
	after=$(tx)
	check "alias plant2 = test:///default: exit 3 (got $RC: $(cat "$tmp/err"))" \
		test "$RC" -eq 3
	check "alias: every probe skipped as simulated, naming what plant2 stands for" \
		is 'len(d["probes"]) > 0 and all(p["status"] == "skipped" and "plant2 (test:///default) is simulated" in p["why"] for p in d["probes"])' true
	check "alias: status unchecked" is 'd["status"]' unchecked
	check "alias: not one packet left the uplink ($before -> $after)" \
		test "$before" = "$after"
	# a bare name libvirt cannot resolve: which machine it is, is not
	# known, so nothing is sent (it used to count as this machine)
	before=$(tx)
	OUT=$(lab_host unshare -m sh -c 'mount --bind "$1" /etc/libvirt/libvirt.conf && shift && exec "$@"' \
		_ "$tmp/libvirt.conf" "$E" -c plant9 --state-dir "$tmp/state" \
		diag --json --plan "$tmp/free.cfg" 2>"$tmp/err")
	RC=$?
	after=$(tx)
	check "unknown alias plant9: exit 3 (got $RC: $(cat "$tmp/err"))" \
		test "$RC" -eq 3
	check "unknown alias: every probe skipped, the alias not resolved" \
		is 'len(d["probes"]) > 0 and all(p["status"] == "skipped" and "plant9 is an alias that libvirt has not resolved" in p["why"] for p in d["probes"])' true
	check "unknown alias: not one packet left the uplink ($before -> $after)" \
		test "$before" = "$after"
else
	echo "# alias case not run: no /etc/libvirt/libvirt.conf to bind a private one over (libvirt-clients not installed)"
fi

# d) nothing checked
OUT=$(lab_host "$E" --demo diag --json --plan "$tmp/free.cfg" 2>"$tmp/err")
RC=$?
check "nothing checked: exit 3 (got $RC)" test "$RC" -eq 3
check "nothing checked: JSON status unchecked" is 'd["status"]' unchecked
TXT=$(lab_host "$E" --demo diag --plan "$tmp/free.cfg" 2>&1)
check "nothing checked, text: said so" \
	has "$TXT" "^No probe could run, so nothing was checked"
diag --json --plan "$tmp/free.cfg"
check "a probe ran: exit 0 and status not unchecked (got $RC: $ERR)" \
	sh -c 'test "$1" -eq 0' _ "$RC"
check "a probe ran: status ok or warnings" is 'd["status"] in ("ok", "warnings")' true
ip netns del "$VM_NS"

finish
