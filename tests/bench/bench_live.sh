#!/bin/sh
# bench_live.sh - `make bench` figures of the live panels' data, each
# beside its peer measured in the same run:
#   1. event -> snapshot latency, p95 over 100 route changes (50 routes
#      added by `ip route add`, 50 metrics changed by add-then-delete),
#      beside `watch -n 1 ip route` (a loop running `ip route` once a
#      second, as watch does: the average delay until a change shows,
#      over 10 changes at random moments);
#   2. 100,000 routes: the first snapshot beside `ip -4 route show`, its
#      resident memory, `edgenet status --json` on them, and a plain libnl
#      route cache fill;
#   3. `edgenet status --vm --json` beside `virsh domifaddr` + `ip -j
#      route` + `resolvectl status` run one after the other (the demo
#      host: libvirt's test driver; EDGENET_BENCH_URI=qemu:///system and
#      EDGENET_BENCH_DOMAIN=NAME for a real host);
#   4. idle: the console with the route panel open on a quiet namespace,
#      CPU over EDGENET_BENCH_IDLE_S seconds (default 60; needs tmux),
#      beside the 0.1 % target.
# Every route is made inside network namespaces this script creates
# (unshare -n as root, -rn otherwise) and that vanish with it.
set -u
: "${top_srcdir:?run through make bench}"
: "${top_builddir:?run through make bench}"
: "${EDGENET_BIN:?run through make bench}"

LT=$top_builddir/tests/lib/live_tool
if [ ! -x "$LT" ]; then
	${MAKE:-make} -C "$top_builddir" tests/lib/live_tool >/dev/null 2>&1 ||
		{ echo "bench_live: cannot build tests/lib/live_tool"; exit 1; }
fi
if [ "$(id -u)" -eq 0 ]; then NS="unshare -n"; else NS="unshare -rn"; fi
if ! $NS true 2>/dev/null; then
	echo "bench_live: cannot make a network namespace ($NS): skipped"
	exit 0
fi
IP=$(command -v ip) || { echo "bench_live: no ip tool: skipped"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

now_ns() { date +%s%N; }

# median of the numbers on stdin
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# --- 1. latency ------------------------------------------------------
cat >"$tmp/lat.sh" <<'EOF'
IP=$1; LT=$2; T=$3
$IP link set lo up
$IP link add a0 type veth peer name a1
$IP link set a0 up; $IP link set a1 up
$IP addr add 10.1.0.2/24 dev a0
$LT latency 100 a0 10.1.0.1 >"$T/lat.out" || exit 1
# the peer: `ip route` once a second, as `watch -n 1 ip route` does
( while :; do
	t=$(date +%s%N)
	$IP route show >"$T/poll.now"
	for r in $(grep -o '^198\.19\.[0-9.]*' "$T/poll.now"); do
		echo "$r $t"
	done >>"$T/poll.log"
	sleep 1
  done ) &
poller=$!
sleep 0.3
for i in 1 2 3 4 5 6 7 8 9 10; do
	sleep "0.$(( $(od -An -N1 -tu1 /dev/urandom) * 99 / 255 + 100 ))" 2>/dev/null || sleep 1
	echo "198.19.0.$i $(date +%s%N)" >>"$T/changes.log"
	$IP route add 198.19.0.$i/32 via 10.1.0.1 dev a0
done
sleep 2.2
kill $poller 2>/dev/null
wait $poller 2>/dev/null
exit 0
EOF
if $NS sh "$tmp/lat.sh" "$IP" "$LT" "$tmp" >"$tmp/lat.log" 2>&1; then
	# changes N p50_ms A p95_ms B max_ms C
	set -- $(cat "$tmp/lat.out")
	p95=$6
	watch_avg=$(awk 'FNR == NR { ch[$1] = $2; next }
		!($1 in seen) { seen[$1] = 1; if ($1 in ch) { s += ($2 - ch[$1]) / 1e6; n++ } }
		END { if (n) printf "%.0f", s / n; else print "?" }' \
		"$tmp/changes.log" "$tmp/poll.log")
	echo "event -> snapshot, p95 of 100 changes:   ${p95} ms (p50 $4 ms, max $8 ms)"
	echo "  peer: watch -n 1 ip route, average:    ${watch_avg} ms (10 changes)"
	echo "  target: p95 <= 50 ms"
else
	echo "latency: failed"
	cat "$tmp/lat.log"
fi

# --- 2. 100,000 routes ------------------------------------------------
awk 'BEGIN { for (i = 0; i < 100000; i++)
	printf "route add 10.%d.%d.%d/32 via 10.1.0.1\n", 100 + int(i / 65536), int(i / 256) % 256, i % 256 }' \
	>"$tmp/100k.batch"
cat >"$tmp/big.sh" <<'EOF'
IP=$1; LT=$2; T=$3; BIN=$4
$IP link set lo up
$IP link add a0 type veth peer name a1
$IP link set a0 up; $IP link set a1 up
$IP addr add 10.1.0.2/24 dev a0
$IP -batch "$T/100k.batch" || exit 1
for i in 1 2 3; do
	t0=$(date +%s%N); $IP -4 route show >/dev/null; t1=$(date +%s%N)
	echo $(( (t1 - t0) / 1000 )) >>"$T/ip4.us"
	$LT snapshot -4 >>"$T/snap.out"
	t0=$(date +%s%N); "$BIN" status --json >/dev/null; t1=$(date +%s%N)
	echo $(( (t1 - t0) / 1000 )) >>"$T/status.us"
done
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f "%M" -o "$T/status.rss" "$BIN" status --json >/dev/null
fi
$LT libnl-cache -4 >"$T/libnl.out"
$IP -4 route show | wc -l >"$T/count"
EOF
if $NS sh "$tmp/big.sh" "$IP" "$LT" "$tmp" "$EDGENET_BIN" >"$tmp/big.log" 2>&1; then
	ip_ms=$(median <"$tmp/ip4.us" | awk '{ printf "%.0f", $1 / 1000 }')
	snap_ms=$(awk '{ print $4 }' "$tmp/snap.out" | median)
	snap_rss=$(awk '{ print $6 }' "$tmp/snap.out" | median)
	st_ms=$(median <"$tmp/status.us" | awk '{ printf "%.0f", $1 / 1000 }')
	set -- $(cat "$tmp/libnl.out")
	echo "$(cat "$tmp/count") IPv4 routes, first snapshot:      ${snap_ms} ms, ${snap_rss} KB resident (median of 3)"
	echo "  peer: ip -4 route show >/dev/null:     ${ip_ms} ms"
	echo "  ratio: $(awk -v a="$snap_ms" -v b="$ip_ms" 'BEGIN { printf "%.2f", a / b }') (target <= 1.5); resident target < 20480 KB"
	echo "  edgenet status --json (both families, sorted, written): ${st_ms} ms$(test -f "$tmp/status.rss" && echo ", $(cat "$tmp/status.rss") KB max resident")"
	echo "  plain libnl route cache fill:          $4 ms, $6 KB resident ($2 objects)"
else
	echo "100,000 routes: failed"
	tail -n 20 "$tmp/big.log"
fi

# --- 3. status --json against the three tools -------------------------
uri=${EDGENET_BENCH_URI:-}
dom=${EDGENET_BENCH_DOMAIN:-edge-vm}
if [ -z "$uri" ]; then
	d=$(cd "${EDGENET_DATADIR:-$top_srcdir/data}" && pwd)
	uri="test://$d/demo-node.xml"
fi
if command -v virsh >/dev/null 2>&1; then
	have_resolvectl=no
	command -v resolvectl >/dev/null 2>&1 && have_resolvectl=yes
	for i in 1 2 3 4 5 6 7 8 9 10; do
		t0=$(now_ns)
		"$EDGENET_BIN" -c "$uri" status --vm --domain "$dom" --json >/dev/null 2>&1
		t1=$(now_ns)
		virsh -q -c "$uri" domifaddr "$dom" >/dev/null 2>&1
		$IP -j route >/dev/null 2>&1
		[ $have_resolvectl = yes ] && resolvectl status >/dev/null 2>&1
		t2=$(now_ns)
		echo $(( (t1 - t0) / 1000 )) >>"$tmp/st.us"
		echo $(( (t2 - t1) / 1000 )) >>"$tmp/trio.us"
	done
	st=$(median <"$tmp/st.us" | awk '{ printf "%.1f", $1 / 1000 }')
	trio=$(median <"$tmp/trio.us" | awk '{ printf "%.1f", $1 / 1000 }')
	echo "edgenet status --vm --json:              ${st} ms (median of 10; $uri)"
	echo "  peer: virsh domifaddr + ip -j route + resolvectl status: ${trio} ms$(test $have_resolvectl = no && echo ' (no resolvectl here)')"
	echo "  ratio: $(awk -v a="$st" -v b="$trio" 'BEGIN { printf "%.2f", a / b }') (target <= 0.5)"
	"$EDGENET_BIN" -c "$uri" status --json 2>/dev/null | grep -q '"dns":null' &&
		echo "  note: this build's status has no DNS part yet (\"dns\": null)"
else
	echo "status vs virsh: virsh is not installed: skipped"
fi

# --- 4. idle -------------------------------------------------------------
idle=${EDGENET_BENCH_IDLE_S:-60}
if command -v tmux >/dev/null 2>&1; then
	sock=edgenet-bench-$$
	{
		echo "ip link set lo up"
		echo "ip link add a0 type veth peer name a1"
		echo "ip link set a0 up; ip link set a1 up"
		echo "ip addr add 10.1.0.2/24 dev a0"
		echo "ip route add default via 10.1.0.1 dev a0 metric 100"
		echo "echo \$\$ >'$tmp/idle.pid'"
		echo "exec env LANG=C.UTF-8 EDGENET_STATE_DIR='$tmp/state' '$EDGENET_BIN' --demo"
	} >"$tmp/idle.sh"
	tmux -L $sock -f /dev/null new-session -d -x 80 -y 24 "$NS sh '$tmp/idle.sh'"
	i=0
	until tmux -L $sock capture-pane -p 2>/dev/null | grep -q "w wizard"; do
		i=$((i + 1)); [ $i -gt 100 ] && break; sleep 0.05
	done
	if tmux -L $sock capture-pane -p | grep -q "t route metrics"; then
		tmux -L $sock send-keys t
		sleep 1
		pid=$(cat "$tmp/idle.pid")
		t0=$(awk '{ print $14 + $15 }' /proc/$pid/stat)
		sleep "$idle"
		t1=$(awk '{ print $14 + $15 }' /proc/$pid/stat)
		hz=$(getconf CLK_TCK)
		echo "idle, route panel open ${idle} s:         $(awk -v t=$((t1 - t0)) -v n="$idle" -v hz="$hz" 'BEGIN { printf "%.3f", 100 * t / hz / n }') % of a core ($((t1 - t0)) ticks of 1/$hz s)"
		echo "  target: <= 0.1 %"
	else
		echo "idle: the console does not open the live panels yet: skipped"
	fi
	tmux -L $sock kill-server 2>/dev/null
else
	echo "idle: tmux is not installed: skipped"
fi
exit 0
