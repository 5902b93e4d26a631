#!/bin/sh
# dns_verdict.sh - does the DNS probe tell a server that resolves from one
# that only answers?  Five real dnsmasq servers in a network namespace of
# the test's own, each answering the probe (". NS", and a name set for the
# probe, "example.test A") in one way:
#
#   127.0.0.11  NOERROR with data        (the only good one)
#   127.0.0.12  NXDOMAIN                 (--address=/#/: "no such name")
#   127.0.0.13  SERVFAIL                 (validates DNSSEC against the
#                                         root's key; its upstream, .11,
#                                         has no signatures: it fails)
#   127.0.0.14  REFUSED                  (no upstream at all)
#   127.0.0.15  NOERROR without data     (forwards to .11 and filters the
#                                         NS and A records out)
#
# Checked, through tests/lib/dns_tool (the probe backend, the checks, the JSON)
# and through the real `edgenet status` (text and --json, its
# /etc/resolv.conf listing the five, no D-Bus): each server's verdict,
# that only .11 is called good, and the plain words of each problem.
# Touches only its namespace and $T; kills only the dnsmasq it started.
. "$top_srcdir/tests/lib/lib.sh"

TOOL="$top_builddir/tests/lib/dns_tool"
test "$(id -u)" -eq 0 || skip_all "needs root (network namespaces)"
test -x "$TOOL" || { echo "not built: $TOOL"; exit 99; }
for c in ip unshare dnsmasq python3 ss; do
	command -v "$c" >/dev/null 2>&1 ||
		skip_all "$c is missing (scripts/install-deps.sh test)"
done

NS=edgenet-dnsv-$$
T=$(mktemp -d /tmp/edgenet-dnsv.XXXXXX)
PIDS=
cleanup() {
	for p in $PIDS; do
		kill "$p" 2>/dev/null
	done
	for p in $PIDS; do
		wait "$p" 2>/dev/null
	done
	ip netns del "$NS" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

ip netns add "$NS" || skip_all "cannot create a network namespace"
inn() { ip netns exec "$NS" "$@"; }
inn ip link set lo up
for i in 11 12 13 14 15; do
	inn ip addr add 127.0.0.$i/8 dev lo
done

# dnsmasq NAME ADDRESS OPTIONS...: one server, in the namespace, by pid
dnsmasq_at() {
	name=$1 addr=$2
	shift 2
	ip netns exec "$NS" dnsmasq --conf-file=/dev/null --keep-in-foreground \
		--user=root --pid-file= --no-hosts --no-resolv --bind-interfaces \
		--listen-address="$addr" "$@" >"$T/$name.log" 2>&1 &
	PIDS="$PIDS $!"
}
# the root's name server "a.root.test." as an NS record's data
ROOT_NS=016104726f6f74047465737400
dnsmasq_at good 127.0.0.11 --dns-rr=.,2,$ROOT_NS --address=/example.test/10.1.2.3
dnsmasq_at nxdomain 127.0.0.12 --address=/#/
dnsmasq_at servfail 127.0.0.13 --server=127.0.0.11 --dnssec \
	--trust-anchor=.,20326,8,2,E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D
dnsmasq_at refused 127.0.0.14
dnsmasq_at empty 127.0.0.15 --server=127.0.0.11 --filter-rr=NS --filter-A

# ready when all five listen (bounded)
n=0
while test "$(inn ss -Hlun 'sport = :53' | wc -l)" -lt 5; do
	n=$((n + 1))
	if test $n -ge 200; then
		echo "dnsmasq did not start:"; cat "$T"/*.log; exit 99
	fi
	sleep 0.02
done
SERVERS="127.0.0.11 127.0.0.12 127.0.0.13 127.0.0.14 127.0.0.15"

# verdicts JSON-FILE QUERY: each server's verdict and words, from the
# view's JSON (dns_tool --json probe, or status --json's "dns")
verdicts() {
	python3 - "$1" "$2" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
v = doc.get("dns", doc)
query = sys.argv[2]
servers = v["global"]["servers"]
by = {s["address"]: s for s in servers}
probs = {}
for p in v["problems"]:
    probs.setdefault(p["field"], []).append(p["message"])
want = {
    "127.0.0.11": ("resolves", True, "NOERROR", None),
    "127.0.0.12": ("nxdomain", False, "NXDOMAIN", "broken or lying"),
    "127.0.0.13": ("servfail", False, "SERVFAIL",
                   "cannot reach the internet"),
    "127.0.0.14": ("refused", False, "REFUSED",
                   "does not serve this client"),
    "127.0.0.15": ("no-data", False, "NOERROR", "broken or lying"),
}
bad = 0
for i, s in enumerate(servers):
    addr = s["address"]
    verdict, resolves, rcode, words = want[addr]
    p = s["probe"]
    field = "dns.global.servers[%d]" % i
    msgs = probs.get(field, [])
    got = (p.get("verdict"), p.get("resolves"), p.get("rcode"),
           p.get("query"))
    good = got == (verdict, resolves, rcode, query)
    if words is None:
        good = good and not msgs and p.get("answers", 0) >= 1
    else:
        good = good and any(words in m for m in msgs)
        good = good and p.get("explanation") and words in p["explanation"]
    if addr == "127.0.0.15":
        good = good and p.get("answers") == 0
    print("%s %s: want %s/%s/%s %r; got %s %s" % (
        "ok" if good else "BAD", addr, verdict, resolves, rcode, words,
        got, msgs))
    bad += not good
sys.exit(1 if bad else 0)
EOF
}

# --- 1. the probe backend and the checks, ". NS" (the default) -------------
t1=$(date +%s%N)
inn "$TOOL" --probe-timeout 1000 --probe-tries 1 --json probe $SERVERS \
	>"$T/ns.json"
echo "# five probes of \". NS\": $(( ($(date +%s%N) - t1) / 1000000 )) ms"
check "\". NS\": each answer gets its verdict and words" \
	verdicts "$T/ns.json" ". NS"
inn "$TOOL" --probe-timeout 1000 --probe-tries 1 probe $SERVERS >"$T/ns.txt"
cat "$T/ns.txt"
check "\". NS\": only the server with data is said to resolve" sh -c "
	test \$(grep -c ' | resolves' '$T/ns.txt') -eq 1 &&
	grep -q '^127.0.0.11 answered .* | resolves' '$T/ns.txt'"
check "\". NS\": NXDOMAIN is not called good" \
	grep -q '^127.0.0.12 answered .*rcode=NXDOMAIN | .*broken or lying' "$T/ns.txt"
check "\". NS\": SERVFAIL is a server that cannot resolve" \
	grep -q '^127.0.0.13 answered .*rcode=SERVFAIL | cannot resolve' "$T/ns.txt"
check "\". NS\": REFUSED does not serve this client" \
	grep -q '^127.0.0.14 refused .*rcode=REFUSED | refuses this client' "$T/ns.txt"
check "\". NS\": an empty NOERROR is not called good" \
	grep -q '^127.0.0.15 answered .*rcode=NOERROR | broken or lying: no data' "$T/ns.txt"

# --- 2. the same with a name set for the probe (example.test A) ------------
inn "$TOOL" --probe-name example.test --probe-type 1 --probe-timeout 1000 \
	--probe-tries 1 --json probe $SERVERS >"$T/a.json"
check "\"example.test A\": each answer gets its verdict and words" \
	verdicts "$T/a.json" "example.test A"

# --- 3. the real `edgenet status`: its resolv.conf lists the five ---------
printf 'nameserver %s\n' $SERVERS >"$T/resolv.conf"
# no D-Bus (an address where nothing listens): the view comes from
# /etc/resolv.conf, as on a machine without systemd-resolved
status() {
	ip netns exec "$NS" unshare -m sh -c "mount --bind '$T/resolv.conf' \
		/etc/resolv.conf && exec env \
		DBUS_SYSTEM_BUS_ADDRESS='unix:path=$T/no-bus' \
		EDGENET_STATE_DIR='$T/state' '$EDGENET_BIN' status $*"
}
status --json >"$T/status.json"
rc=$?
check "status --json exits 0 or 1 (rc $rc)" test $rc -le 1
check "status --json: each server's verdict and words" \
	verdicts "$T/status.json" ". NS"
status >"$T/status.txt"
sed -n '/^DNS/,$p' "$T/status.txt"
check "status text: only 127.0.0.11 resolves" sh -c "
	test \$(grep -c 'resolves' '$T/status.txt') -ge 1 &&
	grep -q '127.0.0.11 *resolves' '$T/status.txt' &&
	! grep -q '127.0.0.1[2-5] *resolves' '$T/status.txt'"
check "status text: SERVFAIL explained" \
	grep -q "dns.global.servers\[2\]: .*SERVFAIL.*cannot reach the internet" "$T/status.txt"
check "status text: REFUSED explained" \
	grep -q "dns.global.servers\[3\]: .*REFUSED.*does not serve this client" "$T/status.txt"
check "status text: NXDOMAIN for . NS explained" \
	grep -q "dns.global.servers\[1\]: .*NXDOMAIN.*broken or lying" "$T/status.txt"
check "status text: the empty answer explained" \
	grep -q "dns.global.servers\[4\]: .*no records.*broken or lying" "$T/status.txt"
check "status text: resolv.conf mode in plain words" \
	grep -q "resolv.conf mode: foreign (" "$T/status.txt"
finish
