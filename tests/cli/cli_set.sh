#!/bin/sh
# cli_set.sh - one plan template, per-host values: `--set PATH=VALUE` on
# check, apply (and its dry run) and render, run from the shell.  check
# with a --set that fixes an error (exit 0), one that brings one in (exit
# 1, the line naming the --set, the JSON carrying it), a path beyond the
# plan's NICs, a --set that is not PATH=VALUE (exit 2); the dry run on
# the demo host with another VM's name (the host check names the --set);
# and the template applied with --yes to the two VMs of libvirt's test
# driver (tests/data/apply-node.xml) from one state directory: each VM's
# NIC gets a MAC of its own, kept per VM, and the applied plan holds the
# --set values; diag, mac and render with --set.  The plan files are never
# changed.  Nothing outside a
# temporary directory is touched.
. "$top_srcdir/tests/lib/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
E=$EDGENET_BIN
EX=$top_srcdir/data/examples
has() {	# has TEXT PATTERN
	printf '%s\n' "$1" | grep -q -- "$2"
}

# 1. A --set that fixes an error: the example's address moved into the
# DHCP range is an error; --set puts it back out of the range.
sed 's/address = "172.20.0.10"/address = "172.20.0.150"/' \
	"$EX/server-internal-static.cfg" >"$tmp/inrange.cfg"
cp "$tmp/inrange.cfg" "$tmp/inrange.orig"
out=$("$E" check "$tmp/inrange.cfg" 2>&1)
check "the address in the DHCP range is an error (exit $?)" \
	has "$out" "inrange.cfg:[0-9]*: nics\[0\]\.ip\.address: error: "
out=$("$E" check "$tmp/inrange.cfg" --set 'nics[0].ip.address=172.20.0.21' 2>&1)
rc=$?
check "a --set that fixes it makes check exit 0 (got $rc: $out)" test $rc -eq 0
check "... with no diagnostic" \
	test -z "$(printf '%s\n' "$out" | grep -E ': (error|warning): ')"
check "the plan file is not changed" cmp -s "$tmp/inrange.cfg" "$tmp/inrange.orig"

# 2. A --set that brings an error in: exit 1, the line names the --set.
out=$("$E" check "$EX/client-external-ot.cfg" \
	--set 'nics[1].ip.address=10.50.0.999' 2>/dev/null)
rc=$?
check "a bad address by --set exits 1 (got $rc)" test $rc -eq 1
check "... its line names the --set ($out)" has "$out" \
	'^--set nics\[1\]\.ip\.address=10\.50\.0\.999: nics\[1\]\.ip\.address: error: '
out=$("$E" check "$EX/client-external-ot.cfg" --set=nics[0].metric=abc \
	--set vm=edge-vm-17 2>/dev/null)
check "--set=PATH=VALUE: a word for a number is the reader's error" has "$out" \
	'^--set nics\[0\]\.metric=abc: nics\[0\]\.metric: error: .*must be a number'
check "... and the only one" \
	test "$(printf '%s\n' "$out" | grep -c -E ': (error|warning): ')" -eq 1

# 3. --json carries it: "line" null and "set".
out=$("$E" check --json "$EX/client-external-ot.cfg" \
	--set 'nics[1].ip.address=10.50.0.999' 2>/dev/null)
check "--json: status errors" has "$out" '"status": "errors"'
check "--json: the diagnostic has line null and the --set" has "$out" \
	'{"line": null, "set": "nics\[1\]\.ip\.address=10\.50\.0\.999", "field": "nics\[1\]\.ip\.address", "severity": "error"'
if command -v python3 >/dev/null 2>&1; then
	printf '%s\n' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
x = [g for g in d["diagnostics"] if g.get("set")]
assert len(x) == 1 and x[0]["line"] is None, x
assert x[0]["set"] == "nics[1].ip.address=10.50.0.999", x
assert d["errors"] == 1, d'
	check "--json parses and holds one diagnostic from the --set" test $? -eq 0
fi

# 4. Paths the plan cannot take, and words that are not PATH=VALUE.
out=$("$E" check "$EX/client-external-ot.cfg" --set 'nics[5].ip.address=10.50.0.21' 2>/dev/null)
check "a NIC beyond the plan's exits 1 ($?)" has "$out" \
	'^--set nics\[5\]\.ip\.address=10\.50\.0\.21: nics\[5\]: error: the plan has 2 NICs'
out=$("$E" check "$EX/client-external-ot.cfg" --set 'nics[1].ip.adress=10.50.0.21' 2>/dev/null)
check "a misspelt key gets the reader's suggestion" has "$out" \
	"nics\[1\]\.ip\.adress: error: unknown key 'adress' in nics\[1\]\.ip; did you mean 'address'?"
out=$("$E" check "$EX/client-external-ot.cfg" --set vm 2>&1)
rc=$?
check "a --set without '=' exits 2 (got $rc)" test $rc -eq 2
check "... names itself and says PATH=VALUE ($out)" has "$out" \
	"^edgenet check: --set vm has no '=': write it as PATH=VALUE"
out=$("$E" check "$EX/client-external-ot.cfg" --set 'nics[x].ip=1' 2>&1)
check "a path that is no path exits 2 ($?)" has "$out" \
	"'nics\[x\]\.ip' is not a plan path"
set --
i=0
while [ $i -le 32 ]; do set -- "$@" --set "vm=v$i"; i=$((i + 1)); done
out=$("$E" check "$EX/client-external-ot.cfg" "$@" 2>&1)
check "33 --set options are refused ($?)" has "$out" \
	"^edgenet check: --set is given more than 32 times"

# 5. The dry run on the demo host with another VM: the host check names
# the --set, and nothing is changed.
out=$("$E" --demo apply --dry-run "$EX/client-default-dhcp.cfg" \
	--set vm=edge-vm-18 2>&1)
rc=$?
check "dry run with a VM the demo host lacks exits 1 (got $rc)" test $rc -eq 1
check "... the host check names the --set ($out)" has "$out" \
	'^--set vm=edge-vm-18: vm: error: the VM "edge-vm-18" is not defined on this host'
out=$("$E" --demo apply --dry-run "$EX/client-default-dhcp.cfg" \
	--set vm=historian 2>&1)
check "dry run with --set vm=historian shows historian's steps ($?)" \
	has "$out" "to VM historian"

# diag reads the plan the same way: refused, naming the --set.
out=$("$E" --demo diag --plan "$EX/client-default-dhcp.cfg" \
	--set 'nics[0].ip.mode=bogus' 2>&1)
rc=$?
check "diag --set with a bad mode exits 1 (got $rc)" test $rc -eq 1
check "... naming the --set" has "$out" \
	"^--set nics\[0\]\.ip\.mode=bogus: nics\[0\]\.ip\.mode: error: "

# 6. The template applied to two VMs from one state directory.
URI="test://$(cd "$top_srcdir/tests/data" && pwd)/apply-node.xml"
SD=$tmp/state
cat >"$tmp/tpl.cfg" <<'P'
version = 1;
profile = "server";
vm = "edge-vm";
switches = (
  { name = "edge-int"; type = "internal"; address = "10.77.0.1/24";
    dhcp = true; dhcp_start = "10.77.0.100"; dhcp_end = "10.77.0.199";
    nat = true; } );
nics = (
  { name = "eth0"; switch = "edge-int"; primary = true;
    ip = { mode = "static"; address = "10.77.0.10"; prefix = 24;
           gateway = "10.77.0.1"; };
    dns = { servers = [ "10.77.0.1" ]; }; } );
P
cp "$tmp/tpl.cfg" "$tmp/tpl.orig"
A() {	# A VM ADDRESS: the template applied with --yes
	"$E" -c "$URI" --state-dir "$SD" apply "$tmp/tpl.cfg" --set "vm=$1" \
		--set "nics[0].ip.address=$2" --yes </dev/null 2>&1
}
# the vm and address of the applied plan
applied() {
	sed -n -e 's/^vm = "\(.*\)";$/vm=\1/p' \
		-e 's/^ *address = "\(10\.77\.0\.[0-9]*\)";$/addr=\1/p' \
		"$SD/applied.cfg" | tr '\n' ' '
}
# the MAC kept for VM's eth0
kept_mac() {
	awk -v vm="$1" '/vm = /{v=$3} /mac = /{ if (v == "\"" vm "\";") print $3 }' \
		"$SD/macs.cfg" | tr -d '";'
}
out=$(A edge-vm 10.77.0.21)
rc=$?
check "template applied to edge-vm (exit $rc)" test $rc -eq 0
check "... and kept" has "$out" "^Applied and kept"
check "... its applied plan holds vm and address ($(applied))" \
	test "$(applied)" = "vm=edge-vm addr=10.77.0.21 "
m1=$(kept_mac edge-vm)
out=$(A historian 10.77.0.22)
rc=$?
check "template applied to historian (exit $rc)" test $rc -eq 0
check "... its applied plan holds its own values ($(applied))" \
	test "$(applied)" = "vm=historian addr=10.77.0.22 "
m2=$(kept_mac historian)
check "each VM's NIC has a MAC kept for it ($m1, $m2)" \
	test -n "$m1" -a -n "$m2"
check "... and they differ" test "$m1" != "$m2"
check "... historian's NIC was added with its own MAC" has "$out" \
	"Add NIC eth0 (MAC $m2) on network edge-int to VM historian"
check "edge-vm's MAC is still kept ($(kept_mac edge-vm))" \
	test "$(kept_mac edge-vm)" = "$m1"
check "the template is not changed" cmp -s "$tmp/tpl.cfg" "$tmp/tpl.orig"

# 7. render takes --set too: a MAC the file lacks and the address, in
# the networkd file.
"$E" --state-dir "$tmp/empty" render "$tmp/tpl.cfg" --out "$tmp/r" \
	--set 'nics[0].ip.address=10.77.0.33' \
	--set 'nics[0].mac=52:54:00:12:34:56' >/dev/null 2>&1
check "render --set exits 0 ($?)" test -s "$tmp/r/networkd/05-edgenet-eth0.network"
check "... writes the --set address" \
	grep -q "^Address=10.77.0.33/24" "$tmp/r/networkd/05-edgenet-eth0.network"
check "... and matches the --set MAC" \
	grep -qi "^MACAddress=52:54:00:12:34:56" "$tmp/r/networkd/05-edgenet-eth0.network"

# 8. mac takes --set too: a MAC generated and kept per VM of the --set.
o17=$("$E" --state-dir "$tmp/ms" mac "$tmp/tpl.cfg" --set vm=edge-vm-17 2>/dev/null)
o18=$("$E" --state-dir "$tmp/ms" mac "$tmp/tpl.cfg" --set vm=edge-vm-18 2>/dev/null)
check "mac --set vm=... generates one per VM ($o17 / $o18)" \
	sh -c 'test -n "$1" -a -n "$2" -a "$1" != "$2"' _ "$o17" "$o18"
m17=$(SD=$tmp/ms; kept_mac edge-vm-17)
check "... kept for that VM ($m17)" \
	test -n "$m17" -a "$m17" = "$(echo "$o17" | awk '{print $2}')"
again=$("$E" --state-dir "$tmp/ms" mac "$tmp/tpl.cfg" --set vm=edge-vm-17 2>/dev/null)
check "... and the same MAC the next time ($again)" \
	test "$(echo "$again" | awk '{print $2}')" = "$(echo "$o17" | awk '{print $2}')"

finish
