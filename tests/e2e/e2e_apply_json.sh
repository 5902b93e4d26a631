#!/bin/bash
# e2e_apply_json.sh - `edgenet apply --json` against a REAL libvirtd in a
# private network namespace (tests/lib/e2e_lib.sh): every step the
# document reports is checked against what libvirt then holds (virsh
# net-info, net-dumpxml, dumpxml), for
#  1. plan A applied with --yes on a guest defined without NICs (not
#     started: nothing here needs it to boot): each verified step is in
#     place (networks defined, started, autostarted; the VM's NICs with
#     their MACs on their networks; the seed CD-ROM);
#  2. plan B (another DHCP reservation for eth0, eth1 on the other
#     network) with an injected fault (EDGENET_FAULT) in its last step:
#     the document names that step, its error, and every step undone, and
#     each undone step's object is back as before (and the whole host is
#     exactly as after plan A).
# Everything is removed at the end, on failure too (e2e_cleanup).
# Exit: 0 passed, 1 failed, 77 a capability is truly missing (not root),
# 99 the daemons could not be started.
. "$top_srcdir/tests/lib/e2e_lib.sh"

. "$top_srcdir/tests/lib/lib.sh"	# ok, not_ok, check; finish below

DOM=e2e-ajson
NAT=e2e-jnat
ISO=e2e-jiso
MAC1=52:54:00:e2:b0:01
MAC2=52:54:00:e2:b0:02
E=${EDGENET_BIN:?run through make check}

finish() {
	if [ "$T_FAIL" -ne 0 ] && [ -n "$E2E_STATE" ]; then
		echo "--- libvirtd log (last lines) ---"
		tail -n 15 "$E2E_STATE/libvirtd.log" 2>/dev/null
	fi
	e2e_cleanup
	echo "# e2e_apply_json wall time $(($(e2e_now_ms) - t_begin)) ms"
	finish_exit
}

apply() {
	"$E" -c "$E2E_URI" --state-dir "$SD" apply "$@"
}

# agree DOC: each step of the document DOC against libvirt now: a step
# verified and not undone must be in place, an undone step must be as
# before it; a step kind this test does not know fails.  Prints what
# disagrees.
agree() {
	python3 - "$1" "$E2E_URI" <<'PY'
import json, re, subprocess, sys

d = json.load(open(sys.argv[1]))
uri = sys.argv[2]

def virsh(*a):
    r = subprocess.run(["virsh", "-q", "-c", uri] + list(a),
                       capture_output=True, text=True)
    return r.returncode, r.stdout

def info(net):
    rc, out = virsh("net-info", net)
    if rc:
        return None
    return dict((k.strip(), v.strip()) for k, v in
                (l.split(":", 1) for l in out.splitlines() if ":" in l))

def net_xml(net):
    rc, out = virsh("net-dumpxml", "--inactive", net)
    return out if rc == 0 else ""

def dom_xml(dom):
    return virsh("dumpxml", "--inactive", dom)[1]

def iface_net(xml, mac):
    """the network of the domain's NIC with MAC, or None"""
    for m in re.finditer(r"<interface[^>]*>.*?</interface>", xml, re.S):
        if re.search(r"<mac address='%s'/>" % re.escape(mac), m.group(0), re.I):
            s = re.search(r"<source network='([^']*)'", m.group(0))
            return s.group(1) if s else ""
    return None

def src(x):
    s = re.search(r"<source network='([^']*)'", x or "")
    return s.group(1) if s else None

bad = []
for s in d["steps"]:
    k, o = s["kind"], s["object"]
    undone = s["undo"] is not None and s["undo"]["result"] == "undone"
    done = s["result"] == "verified" and s["undo"] is None
    if not (undone or done):
        bad.append("step %d: neither in place nor undone: %s" % (s["number"], s))
        continue
    want = "after" if done else "before"
    if k == "net-define":
        ok = (info(o) is not None) == done
    elif k == "net-start":
        i = info(o)
        ok = (i is not None and i.get("Active") == "yes") == done
    elif k == "net-autostart":
        i = info(o)
        ok = (i is not None and i.get("Autostart") == "yes") == done
    elif k == "net-dhcp-host":
        ip = s["ip_after"] if done else s["ip_before"]
        x = net_xml(o)
        has = re.search(r"<host mac='%s'[^>]*ip='([^']*)'" % re.escape(s["mac"]), x, re.I)
        ok = (has.group(1) if has else None) == ip
    elif k == "net-redefine":
        # the definition's addresses and DHCP host entries as planned
        def facts(x):
            return sorted(re.findall(r"<ip address='[^']*'|<host mac='[^']*'[^>]*ip='[^']*'", x or "", re.I))
        ok = facts(net_xml(o)) == facts(s[want])
    elif k in ("nic-add", "nic-remove", "nic-change"):
        x = dom_xml(o)
        ok = iface_net(x, s["mac"]) == src(s["interface_" + want])
    elif k == "guest-seed":
        x = dom_xml(o)
        ok = (s["seed"] in x) == done
    else:
        ok = False
        bad.append("step %d: kind %s is not checked here" % (s["number"], k))
    if not ok:
        bad.append("step %d (%s %s) is not as %s it" % (s["number"], k, o, want))
for b in bad:
    print("#   " + b)
sys.exit(1 if bad or not d["steps"] else 0)
PY
}


t_begin=$(e2e_now_ms)
e2e_begin
command -v python3 >/dev/null 2>&1 || { not_ok "python3 is needed"; finish; }
SD=$E2E_STATE/edgenet-state
mkdir -p "$SD"
e2e_track_net $NAT
e2e_track_net $ISO

check "guest $DOM without NICs is defined" \
	e2e_define_guest $DOM ""

cat >"$E2E_STATE/plan-a.cfg" <<EOF
version = 1;
profile = "server";
vm = "$DOM";
switches = (
  { name = "$NAT"; type = "internal"; address = "192.168.243.1/24";
    dhcp = true; dhcp_start = "192.168.243.100"; dhcp_end = "192.168.243.199";
    nat = true; },
  { name = "$ISO"; type = "internal"; address = "192.168.244.1/24";
    dhcp = true; dhcp_start = "192.168.244.100"; dhcp_end = "192.168.244.199";
    nat = false; } );
nics = (
  { name = "eth0"; switch = "$NAT"; primary = true; mac = "$MAC1";
    ip = { mode = "static"; address = "192.168.243.10"; prefix = 24;
           gateway = "192.168.243.1"; };
    dns = { servers = [ "192.168.243.1" ]; }; },
  { name = "eth1"; switch = "$ISO"; mac = "$MAC2";
    ip = { mode = "dhcp"; }; offline = true; } );
EOF
# B: another reservation for eth0, eth1 moved to the NAT network
sed -e 's/192\.168\.243\.10"/192.168.243.20"/' \
    -e "s/{ name = \"eth1\"; switch = \"$ISO\"/{ name = \"eth1\"; switch = \"$NAT\"/" \
	"$E2E_STATE/plan-a.cfg" >"$E2E_STATE/plan-b.cfg"

# --- 1. plan A, applied -----------------------------------------------------
s0=$(e2e_host_state $DOM)
apply --dry-run --json "$E2E_STATE/plan-a.cfg" >"$E2E_STATE/dry-a.json" 2>/dev/null
rc=$?
check "dry run --json of plan A exits 0 (got $rc)" test $rc -eq 0
check "... nothing changed" e2e_same_state $DOM "$s0"
check "... the document says this machine, the preflight ran or why not" \
	py_json "$E2E_STATE/dry-a.json" $rc '
assert d["exit"] == rc and d["host"] == "this-machine" and d["dry_run"], d
assert d["preflight"]["sent"] or d["preflight"]["why_not"], d["preflight"]
assert d["steps"] and all(s["result"] == "planned" for s in d["steps"])
'
t0=$(e2e_now_ms)
apply --yes --json "$E2E_STATE/plan-a.cfg" </dev/null >"$E2E_STATE/a.json" \
	2>"$E2E_STATE/a.err"
rc=$?
sed 's/^/#   /' "$E2E_STATE/a.err"
check "apply --yes --json plan A exits 0 (got $rc, $(($(e2e_now_ms) - t0)) ms)" test $rc -eq 0
check "... the document: applied, exit 0, the dry run's steps" py_json "$E2E_STATE/a.json" $rc '
dry = json.load(open(sys.argv[1].replace("a.json", "dry-a.json")))
assert d["exit"] == rc and d["status"] == "applied", d
assert [(s["kind"], s["object"]) for s in d["steps"]] == \
       [(s["kind"], s["object"]) for s in dry["steps"]]
assert all(s["result"] == "verified" for s in d["steps"]), d["steps"]
kinds = set(s["kind"] for s in d["steps"])
assert {"net-define", "net-start", "net-autostart", "nic-add"} <= kinds, kinds
'
check "... every step it reports is what libvirt holds" agree "$E2E_STATE/a.json"
s_a=$(e2e_host_state $DOM)

# --- 2. plan B, its last step fails: rolled back ----------------------------
apply --dry-run --json "$E2E_STATE/plan-b.cfg" >"$E2E_STATE/dry-b.json" 2>/dev/null
n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["steps"]))' \
	"$E2E_STATE/dry-b.json")
check "plan B has steps ($n)" test "${n:-0}" -gt 1
EDGENET_FAULT="step=$n,phase=verify" apply --yes --json \
	"$E2E_STATE/plan-b.cfg" </dev/null >"$E2E_STATE/b.json" 2>"$E2E_STATE/b.err"
rc=$?
sed 's/^/#   /' "$E2E_STATE/b.err"
check "plan B with a fault in step $n: exit 3 (got $rc)" test $rc -eq 3
check "... the document names step $n, its error, every step undone" \
	py_json "$E2E_STATE/b.json" $rc "
n = ${n:-0}
assert d['exit'] == rc and d['status'] == 'rolled-back', d
r = d['rollback']
assert r['ran'] and r['failed_step'] == n and r['complete'] is True, r
assert 'injected fault' in r['error'], r
st = d['steps']
assert len(st) == n and st[-1]['result'] == 'failed', st
assert 'phase verify' in st[-1]['error'], st[-1]
assert all(s['result'] == 'verified' for s in st[:-1]), st
assert all(s['undo']['result'] == 'undone' for s in st), st
kinds = set(s['kind'] for s in st)
assert 'nic-change' in kinds, kinds
assert 'net-dhcp-host' in kinds or 'net-redefine' in kinds, kinds
"
check "... each undone step's object is as before it, in libvirt" agree "$E2E_STATE/b.json"
check "... and the host is exactly as after plan A" e2e_same_state $DOM "$s_a"

finish
