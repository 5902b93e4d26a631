#!/bin/bash
# guestcfg_oracle.sh - what `edgenet render` writes for the VM, judged by
# the real tools of a Debian 12 guest (cloud-init 22.4, netplan.io 0.106,
# systemd 252) instead of by our own goldens.  For each plan (the three
# shipped examples and the plans below: DHCP with a metric, static with
# gateway and metric, offline static, offline DHCP, several DNS servers
# and search domains, no DNS, two and three NICs):
#   1. netplan accepts our network-config: `netplan generate --root-dir`
#      exits 0 with nothing on stderr, and its 10-netplan-*.network files
#      say the same as our 05-edgenet-*.network files, NIC by NIC (by
#      MAC): addresses, DHCP, default route gateway + metric, DHCP
#      RouteMetric and whether DHCP may install a default route, DNS
#      servers, search domains (~domain for an offline NIC).
#   2. cloud-init converts it the same way: `cloud-init devel net-convert
#      -O netplan`, then netplan generate on its output: the same again.
#      `-O networkd` (cloud-init's own networkd renderer) is only recorded
#      ("# note" lines): 22.4 drops static route metrics there, which is
#      why the seed also installs edgenet's own networkd files.
#   3. systemd-networkd's own parser takes our .network files without a
#      warning: the real systemd-networkd binary of the guest, started in
#      an empty private network namespace (only lo, which no file of ours
#      matches, and no udev, so it configures nothing), logs every
#      unknown key or bad value as "FILE:LINE: ..." while loading them;
#      a deliberately broken file shows that it does.
#   4. the oracle is real: netplan rejects copies of a network-config with
#      a negative route-metric, a negative route metric or an invalid
#      address (and we record whether net-convert accepts them).
# Only `edgenet render` and one e2e_debian_chroot (a throw-away overlay of
# the cached guest root, tests/lib/e2e_lib.sh) run; no libvirtd, no VM, and
# nothing touches this machine's network.  The comparison itself is
# python3 of the guest (compare.py below), so it does not depend on the
# host's Python.  Needs root (exit 77 otherwise); exit 99 when the guest
# image cannot be prepared.
#
# NoCloud's network-config is cloud-init's v2 format ("version: 2" at the
# top); a netplan file wants it under a "network:" key.  cloud-init does
# that wrapping itself, so the file given to netplan here is
# "network:" + our network-config indented by two spaces, byte for byte.
. "$top_srcdir/tests/lib/lib.sh"

if [ "$(id -u)" -ne 0 ]; then
	skip_all "needs root (the Debian guest image: e2e_debian_prepare, chroot)"
fi
. "$top_srcdir/tests/lib/e2e_lib.sh"

t0=$(e2e_now_ms)
if ! e2e_debian_prepare; then
	echo "ERROR: the Debian guest image cannot be prepared (tests/e2e/build-debian-guest.sh)"
	exit 99
fi
echo "# Debian guest: $(e2e_debian_dir) (${E2E_DEBIAN_BUILD_MSG:-?})"
t1=$(e2e_now_ms)

tmp=$(mktemp -d)
trap 'rm -rf --one-file-system -- "$tmp"' EXIT INT TERM
W=$tmp/w	# /e2e inside the chroot
mkdir -p "$W" "$tmp/plans" "$tmp/state"
E=$EDGENET_BIN
EX=$top_srcdir/data/examples

# The examples carry no MACs: kept ones, as `edgenet mac` would leave.
cat >"$tmp/state/macs.cfg" <<'P'
macs = ( { vm = "edge-vm"; nic = "eth0"; mac = "52:54:00:00:00:01"; },
         { vm = "edge-vm"; nic = "eth1"; mac = "52:54:00:00:00:02"; } );
P

# ---- our plans (each NIC's MAC in the plan) ----
SW_INT='{ name = "edge-int"; type = "internal"; address = "172.20.0.1/24";
          dhcp = true; dhcp_start = "172.20.0.100"; dhcp_end = "172.20.0.200";
          nat = true; }'
SW_PLANT='{ name = "plant"; type = "external"; uplink = "enp2s0";
            mode = "bridge"; bridge = "br0"; }'
SW_OT='{ name = "ot"; type = "external"; uplink = "enp3s0"; mode = "macvtap"; }'
plan() {	# NAME PROFILE SWITCHES NICS
	printf 'version = 1;\nprofile = "%s";\nvm = "oracle-vm";\nswitches = ( %s );\nnics = ( %s );\n' \
		"$2" "$3" "$4" >"$tmp/plans/$1.cfg"
}
plan dhcp-metric server "$SW_INT" '
  { name = "eth0"; switch = "edge-int"; primary = true;
    mac = "52:54:00:10:00:01"; ip = { mode = "dhcp"; }; metric = 50; }'
plan static-gw-metric client "$SW_PLANT" '
  { name = "ens3"; switch = "plant"; primary = true;
    mac = "52:54:00:AB:CD:EF";
    ip = { mode = "static"; address = "192.168.10.40"; prefix = 23;
           gateway = "192.168.11.254"; };
    dns = { servers = [ "192.168.11.254" ]; }; metric = 300; }'
plan offline-static client "$SW_PLANT, $SW_OT" '
  { name = "eth0"; switch = "plant"; primary = true;
    mac = "52:54:00:20:00:01"; ip = { mode = "dhcp"; }; metric = 100; },
  { name = "eth1"; switch = "ot"; offline = true;
    mac = "52:54:00:20:00:02";
    ip = { mode = "static"; address = "10.50.0.20"; prefix = 24; };
    dns = { servers = [ "10.50.0.2" ];
            search = [ "ot.plant.local", "~opc.local" ]; };
    metric = 900; }'
plan offline-dhcp server "$SW_INT, $SW_OT" '
  { name = "eth0"; switch = "edge-int"; primary = true;
    mac = "52:54:00:30:00:01";
    ip = { mode = "static"; address = "172.20.0.10"; prefix = 24;
           gateway = "172.20.0.1"; };
    dns = { servers = [ "172.20.0.1" ]; }; metric = 10; },
  { name = "eth1"; switch = "ot"; offline = true;
    mac = "52:54:00:30:00:02"; ip = { mode = "dhcp"; };
    dns = { servers = [ "10.60.0.53" ]; search = [ "ot.local" ]; };
    metric = 200; }'
plan dns-many server "$SW_INT, $SW_OT" '
  { name = "eth0"; switch = "edge-int"; primary = true;
    mac = "52:54:00:40:00:01";
    ip = { mode = "static"; address = "172.20.0.11"; prefix = 24;
           gateway = "172.20.0.1"; };
    dns = { servers = [ "172.20.0.1", "9.9.9.9", "2001:DB8:0:0::53" ];
            search = [ "plant.local", "example.com", "~corp.example" ]; }; },
  { name = "eth1"; switch = "ot"; mac = "52:54:00:40:00:02";
    ip = { mode = "dhcp"; };
    dns = { servers = [ "10.0.0.53", "10.0.1.53" ];
            search = [ "ot.local", "plc.ot.local" ]; }; }'
plan no-dns server "$SW_INT, $SW_OT" '
  { name = "eth0"; switch = "edge-int"; primary = true;
    mac = "52:54:00:50:00:01";
    ip = { mode = "static"; address = "172.20.0.12"; prefix = 24;
           gateway = "172.20.0.1"; }; },
  { name = "eth1"; switch = "ot"; mac = "52:54:00:50:00:02";
    ip = { mode = "dhcp"; }; metric = 400; }'
plan three-nics server "$SW_INT, $SW_PLANT, $SW_OT" '
  { name = "eth0"; switch = "edge-int"; primary = true;
    mac = "52:54:00:60:00:01";
    ip = { mode = "static"; address = "172.20.0.13"; prefix = 24;
           gateway = "172.20.0.1"; };
    dns = { servers = [ "172.20.0.1" ]; search = [ "plant.local" ]; };
    metric = 100; },
  { name = "eth1"; switch = "plant"; mac = "52:54:00:60:00:02";
    ip = { mode = "dhcp"; }; metric = 200; },
  { name = "eth2"; switch = "ot"; offline = true;
    mac = "52:54:00:60:00:03";
    ip = { mode = "static"; address = "10.50.0.30"; prefix = 24;
           gateway = "10.50.0.1"; };
    dns = { servers = [ "10.50.0.1" ]; search = [ "ot.local" ]; };
    metric = 900; }'

# ---- render every plan ----
: >"$W/plans.list"
render() {	# NAME PLANFILE
	local name=$1 cfg=$2 out rc
	out=$("$E" --state-dir "$tmp/state" render "$cfg" --out "$W/$name" 2>&1)
	rc=$?
	if [ $rc -ne 0 ] || [ ! -f "$W/$name/cloud-init/network-config" ]; then
		not_ok "$name: edgenet render exits 0 (got $rc)"
		printf '%s\n' "$out" | sed 's/^/#   /'
		return
	fi
	ok "$name: edgenet render exits 0 ($(cd "$W/$name/networkd" && echo *))"
	mkdir -p "$W/$name/np/etc/netplan"
	{
		echo "network:"
		sed 's/^/  /' "$W/$name/cloud-init/network-config"
	} >"$W/$name/np/etc/netplan/50-cloud-init.yaml"
	chmod 0600 "$W/$name/np/etc/netplan/50-cloud-init.yaml"
	echo "$name" >>"$W/plans.list"
}
for f in client-default-dhcp client-external-ot server-internal-static; do
	render "example-$f" "$EX/$f.cfg"
done
for f in dhcp-metric static-gw-metric offline-static offline-dhcp dns-many \
	no-dns three-nics; do
	render "$f" "$tmp/plans/$f.cfg"
done

# ---- broken copies: netplan must refuse them (point 4) ----
: >"$W/broken.list"
broken() {	# NAME FROM SED-EXPR WHAT
	local name=$1 from=$W/$2/np/etc/netplan/50-cloud-init.yaml
	if [ ! -f "$from" ]; then
		not_ok "broken copy $name: $2 was not rendered"
		return
	fi
	mkdir -p "$W/$name/np/etc/netplan" "$W/$name/cloud-init"
	sed "$3" "$from" >"$W/$name/np/etc/netplan/50-cloud-init.yaml"
	chmod 0600 "$W/$name/np/etc/netplan/50-cloud-init.yaml"
	sed "$3" "$W/$2/cloud-init/network-config" >"$W/$name/cloud-init/network-config"
	if cmp -s "$from" "$W/$name/np/etc/netplan/50-cloud-init.yaml"; then
		not_ok "broken copy $name: the edit '$3' changed nothing"
		return
	fi
	printf '%s\t%s\n' "$name" "$4" >>"$W/broken.list"
}
broken bad-dhcp-metric offline-dhcp 's/route-metric: 200/route-metric: -5/' \
	"dhcp4-overrides route-metric: -5"
broken bad-route-metric offline-dhcp 's/metric: 10$/metric: -1/' \
	"a static route with metric: -1"
broken bad-address offline-dhcp 's/"172.20.0.10\/24"/"172.20.0.300\/24"/' \
	"the address 172.20.0.300/24"
broken bad-gateway static-gw-metric 's/via: "192.168.11.254"/via: "192.168.11.x"/' \
	"the gateway 192.168.11.x"

# A networkd file with an unknown key, two bad values and an [Address]
# section without Address= (a section-level fault, reported without
# FILE:LINE): networkd's parser must complain about each (point 3 is
# real too).
cat >"$W/broken.network" <<'N'
[Match]
MACAddress=52:54:00:ff:00:01

[Network]
Adress=10.9.9.9/24
DNS=not-an-address

[Route]
Gateway=10.9.9.1
Metric=-5

[Address]
Label=x
N

# ---- one chroot: every tool run, then compare.py ----
cat >"$W/inner.sh" <<'S'
#!/bin/sh
# Runs in the guest root (chroot), /e2e = the test's work directory.
cd /e2e || exit 1
run() {	# OUTBASE CMD...: stdout, stderr and exit code to OUTBASE.{out,err,rc}
	b=$1
	shift
	timeout 120 "$@" >"$b.out" 2>"$b.err"
	echo $? >"$b.rc"
}
# One background job per plan (each writes only under its own directory,
# so the results do not depend on the order they finish in).
while read -r p; do
	(
	# 1. netplan on our network-config
	run "$p/np-gen" netplan generate --root-dir "/e2e/$p/np"
	# 2. cloud-init's conversion, then netplan on what it wrote
	run "$p/nc-conv" cloud-init devel net-convert -p "/e2e/$p/cloud-init/network-config" \
		-k yaml -d "/e2e/$p/nc" -D debian -O netplan
	chmod 0600 "$p"/nc/etc/netplan/*.yaml 2>/dev/null
	run "$p/nc-gen" netplan generate --root-dir "/e2e/$p/nc"
	run "$p/nd-conv" cloud-init devel net-convert -p "/e2e/$p/cloud-init/network-config" \
		-k yaml -d "/e2e/$p/nd" -D debian -O networkd
	) &
done <plans.list
while IFS='	' read -r p what; do
	(
	run "$p/np-gen" netplan generate --root-dir "/e2e/$p/np"
	run "$p/nc-conv" cloud-init devel net-convert -p "/e2e/$p/cloud-init/network-config" \
		-k yaml -d "/e2e/$p/nc" -D debian -O netplan
	) &
done <broken.list
wait

# 3. systemd-networkd loads every file of ours (renamed per plan: the
# names collide across plans) and the broken one, in an empty network
# namespace; its log ends loading with "Enumeration completed".
rm -f /etc/systemd/network/* /run/systemd/network/* 2>/dev/null
while read -r p; do
	for f in "$p"/networkd/05-edgenet-*.network; do
		cp "$f" "/etc/systemd/network/05-edgenet-$p--${f##*/05-edgenet-}"
	done
done <plans.list
cp broken.network /etc/systemd/network/99-broken.network
unshare -n sh -c '
	mount -t sysfs sysfs /sys || exit 125
	mkdir -p /run/systemd/netif/links /run/systemd/netif/leases /run/systemd/netif/lldp
	chown -R systemd-network:systemd-network /run/systemd/netif
	SYSTEMD_LOG_LEVEL=debug SYSTEMD_LOG_TARGET=console SYSTEMD_LOG_COLOR=0 \
		/lib/systemd/systemd-networkd >/e2e/networkd.log 2>&1 &
	pid=$!
	i=0
	while [ $i -lt 200 ] && ! grep -q "^Enumeration completed" /e2e/networkd.log; do
		sleep 0.05
		i=$((i + 1))
	done
	kill $pid 2>/dev/null
	wait $pid
	exit 0
'
echo $? >networkd.rc
ls /etc/systemd/network >networkd.files

python3 /e2e/compare.py >results 2>compare.err
echo $? >compare.rc
S

cat >"$W/compare.py" <<'PY'
# compare.py - reads what inner.sh left in /e2e and prints TAP-like lines
# ("ok - ", "not ok - ", "# ") for guestcfg_oracle.sh to count.
import glob
import os
import re
import sys

os.chdir("/e2e")


def out(line):
    print(line, flush=True)


def check(cond, desc):
    out(("ok - " if cond else "not ok - ") + desc)
    return cond


def read(path, default=""):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return default


def parse_ini(path):
    """A systemd unit file as a list of (section, [(key, value)...])."""
    secs = []
    for raw in read(path).splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            secs.append((line[1:-1], []))
        elif "=" in line and secs:
            k, v = line.split("=", 1)
            secs[-1][1].append((k.strip(), v.strip()))
    return secs


def truth(v):
    return v.lower() in ("1", "yes", "true", "on")


def normalize(path):
    """The facts we care about in one .network file, as systemd reads them."""
    mac = None
    addrs, routes, dns, domains = [], [], [], []
    dhcp = False
    rmetric = None
    use_gw = use_routes = None
    extra = {}
    for sec, kv in parse_ini(path):
        if sec == "Match":
            for k, v in kv:
                if k in ("MACAddress", "PermanentMACAddress"):
                    mac = v.lower()
                    extra["match"] = k
        elif sec == "Link":
            for k, v in kv:
                if k == "RequiredForOnline":
                    extra[k] = v
        elif sec == "Network":
            for k, v in kv:
                if k == "Address":
                    addrs.append(v)
                elif k == "Gateway":  # a route of metric 0
                    routes.append(("default", v, 0))
                elif k == "DHCP":
                    dhcp = v in ("ipv4", "yes", "true")
                elif k == "DNS":
                    dns += v.split()
                elif k == "Domains":
                    domains += v.split()
                elif k == "DNSDefaultRoute":
                    extra[k] = v
        elif sec == "Address":
            for k, v in kv:
                if k == "Address":
                    addrs.append(v)
        elif sec == "Route":
            d = dict(kv)
            dest = d.get("Destination", "0.0.0.0/0")
            dest = "default" if dest in ("0.0.0.0/0", "default") else dest
            routes.append((dest, d.get("Gateway"), int(d.get("Metric", "0"))))
        elif sec in ("DHCPv4", "DHCP"):
            for k, v in kv:
                if k == "RouteMetric":
                    rmetric = int(v)
                elif k == "UseGateway":
                    use_gw = truth(v)
                elif k == "UseRoutes":
                    use_routes = truth(v)
    n = {"addresses": sorted(addrs), "routes": sorted(routes, key=str),
         "dhcp4": dhcp, "dns": dns, "domains": domains}
    if dhcp:
        n["dhcp-route-metric"] = rmetric
        # UseGateway= defaults to UseRoutes= (systemd.network(5))
        n["dhcp-default-route"] = (use_gw if use_gw is not None else
                                   use_routes if use_routes is not None
                                   else True)
    return mac, n, extra


def load(pattern):
    res = {}
    for f in sorted(glob.glob(pattern)):
        mac, n, extra = normalize(f)
        res[mac] = (os.path.basename(f), n, extra)
    return res


def show(n):
    s = "addresses=%s dhcp4=%s" % (",".join(n["addresses"]) or "-",
                                   "yes" if n["dhcp4"] else "no")
    if n["dhcp4"]:
        s += " route-metric=%s default-route=%s" % (
            n["dhcp-route-metric"], "yes" if n["dhcp-default-route"] else "no")
    s += " routes=%s" % (",".join("%s via %s metric %d" % r
                                  for r in n["routes"]) or "-")
    s += " dns=%s domains=%s" % (",".join(n["dns"]) or "-",
                                 ",".join(n["domains"]) or "-")
    return s


def compare(plan, what, ours, theirs):
    """One check per plan: the same MACs and the same facts per MAC."""
    bad = []
    if set(ours) != set(theirs):
        bad.append("MACs ours %s, %s %s" % (sorted(ours), what,
                                             sorted(k or "?" for k in theirs)))
    for mac in sorted(set(ours) & set(theirs)):
        o, t = ours[mac][1], theirs[mac][1]
        for key in sorted(set(o) | set(t)):
            if o.get(key) != t.get(key):
                bad.append("%s %s: ours %r, %s %r" % (ours[mac][0], key,
                                                      o.get(key), what,
                                                      t.get(key)))
    check(not bad, "%s: %s gives the same addresses, routes, metrics, DNS "
          "and domains for %d NIC(s)" % (plan, what, len(ours)))
    for b in bad:
        out("#   " + b)


# net-convert always says what it read and wrote, on stderr
CONVERT_CHATTER = re.compile(r"^(Read input format|Wrote output format) ")


def ran(base, desc, want_ok=True):
    rc = read(base + ".rc", "?").strip()
    err = "\n".join(l for l in read(base + ".err").splitlines()
                    if l.strip() and not CONVERT_CHATTER.match(l))
    if want_ok:
        good = check(rc == "0" and not err,
                     "%s exits 0 with no error or warning (exit %s)" % (desc, rc))
    else:
        good = check(rc not in ("0", "?") and bool(err),
                     "%s fails with an error (exit %s: %s)"
                     % (desc, rc, err.splitlines()[0] if err else "no message"))
    if want_ok and not good:
        for line in err.splitlines()[:10]:
            out("#   " + line)
    return good


plans = read("plans.list").split()
notes = set()
for p in plans:
    ours = load("%s/networkd/05-edgenet-*.network" % p)
    for mac, (name, n, extra) in sorted(ours.items()):
        out("# %s %s %s: %s%s" % (p, name, mac, show(n),
            " DNSDefaultRoute=%s" % extra["DNSDefaultRoute"]
            if "DNSDefaultRoute" in extra else ""))
    # 1. netplan on our network-config
    if ran(p + "/np-gen", "%s: netplan generate on our network-config" % p):
        np = load("%s/np/run/systemd/network/10-netplan-*.network" % p)
        compare(p, "netplan", ours, np)
        for mac in sorted(set(ours) & set(np)):
            oe, te = ours[mac][2], np[mac][2]
            for k in ("DNSDefaultRoute", "RequiredForOnline"):
                if k in oe and k not in te:
                    notes.add("netplan 0.106 writes no %s= (ours: %s=%s): "
                              "only our networkd files carry it"
                              % (k, k, oe[k]))
            if oe.get("match") != te.get("match"):
                notes.add("netplan matches on [Match] %s=, ours on %s="
                          % (te.get("match"), oe.get("match")))
    # 2. cloud-init's conversion, then netplan
    if ran(p + "/nc-conv", "%s: cloud-init devel net-convert -O netplan" % p) \
            and ran(p + "/nc-gen",
                    "%s: netplan generate on cloud-init's netplan file" % p):
        compare(p, "cloud-init+netplan", ours,
                load("%s/nc/run/systemd/network/10-netplan-*.network" % p))
    # 2b. cloud-init's own networkd renderer: recorded, never a failure
    if read(p + "/nd-conv.rc").strip() != "0":
        out("# note: %s: cloud-init net-convert -O networkd failed (exit %s): %s"
            % (p, read(p + "/nd-conv.rc").strip(),
               read(p + "/nd-conv.err").strip()[:200]))
        continue
    nd = load("%s/nd/etc/systemd/network/10-cloud-init-*.network" % p)
    same = True
    for mac in sorted(ours):
        o = ours[mac][1]
        t = nd.get(mac, (None, {}, {}))[1]
        for key in sorted(o):
            if o.get(key) == t.get(key):
                continue
            same = False
            if key == "routes":
                for (dest, gw, m) in o["routes"]:
                    got = [r for r in t.get("routes", []) if r[1] == gw]
                    out("# note: %s %s: cloud-init -O networkd: default route "
                        "via %s: planned metric %d, written %s%s"
                        % (p, ours[mac][0], gw, m,
                           ", ".join("metric %d" % r[2] for r in got) or "none",
                           " (METRIC DROPPED)" if got and all(r[2] != m for r in got)
                           else ""))
            else:
                out("# note: %s %s: cloud-init -O networkd: %s ours %r, "
                    "its networkd file %r" % (p, ours[mac][0], key, o.get(key),
                                              t.get(key)))

    if same:
        out("# note: %s: cloud-init -O networkd gives the same facts as ours" % p)

for n in sorted(notes):
    out("# note: " + n)

# 4. the oracle is real: netplan refuses broken copies
for line in read("broken.list").splitlines():
    p, what = line.split("\t", 1)
    ran(p + "/np-gen", "netplan generate on a copy with %s" % what, want_ok=False)
    out("# note: cloud-init net-convert -O netplan on %s: exit %s%s"
        % (what, read(p + "/nc-conv.rc", "?").strip(),
           " (accepted)" if read(p + "/nc-conv.rc").strip() == "0" else ""))

# 3. systemd-networkd's parser
log = read("networkd.log")
check("Enumeration completed" in log,
      "systemd-networkd started in an empty network namespace and loaded "
      "its .network files")
files = [f for f in read("networkd.files").split() if f.startswith("05-edgenet-")]
want = sum(len(glob.glob("%s/networkd/05-edgenet-*.network" % p)) for p in plans)
check(len(files) == want and want > 0,
      "systemd-networkd was given all %d networkd files of ours (%d)"
      % (want, len(files)))
pat = re.compile(r"^/etc/systemd/network/(\S+\.network)(?::(\d+))?: (.*)$")
msgs = {}
for line in log.splitlines():
    m = pat.match(line)
    if m:
        msgs.setdefault(m.group(1), []).append(
            ("line %s: " % m.group(2) if m.group(2) else "") + m.group(3))
for p in plans:
    mine = sorted(f for f in msgs if f.startswith("05-edgenet-%s--" % p))
    check(not mine, "%s: systemd-networkd parses our files without a warning"
          % p)
    for f in mine:
        for m in msgs[f]:
            out("#   %s %s" % (f, m))
b = msgs.get("99-broken.network", [])
check(len(b) >= 4, "systemd-networkd warns about each fault of a broken file "
      "(%d: %s)" % (len(b), "; ".join(b)))
PY

echo "# plans: $(tr '\n' ' ' <"$W/plans.list")"
t2=$(e2e_now_ms)
e2e_debian_chroot -b "$W" /bin/sh /e2e/inner.sh
rc=$?
t3=$(e2e_now_ms)
check "the chroot ran every tool (exit $rc)" test $rc -eq 0
if [ "$(cat "$W/compare.rc" 2>/dev/null)" != 0 ]; then
	not_ok "compare.py ran (exit $(cat "$W/compare.rc" 2>/dev/null))"
	sed 's/^/#   /' "$W/compare.err" 2>/dev/null
fi
while IFS= read -r line; do
	case $line in
	"ok - "*) ok "${line#ok - }" ;;
	"not ok - "*) not_ok "${line#not ok - }" ;;
	*) printf '%s\n' "$line" ;;
	esac
done <"$W/results"
echo "# times: prepare $((t1 - t0)) ms, render $((t2 - t1)) ms, chroot (all tools) $((t3 - t2)) ms"
finish
