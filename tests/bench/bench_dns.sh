#!/bin/sh
# bench_dns.sh - figures of the DNS view beside their peers, measured in
# one run on the test bed of tests/lib/dns_env.sh (`make bench`; not a test):
#  - reading the view once: dns_tool view (D-Bus, no probes) against
#    `resolvectl status`, mean of 20 runs each (process start included);
#  - a change on screen: from `resolvectl dns` being started to the
#    console's DNS source (dns_live, in dns_tool watch) showing it, p50 and
#    p95 of 20 changes, against polling `resolvectl status` every second
#    (500 ms on average by construction);
#  - idle: CPU of the console's DNS source over 20 s on a quiet host,
#    against `resolvectl status` once a second for 10 s.
. "$top_srcdir/tests/lib/lib.sh"
. "$top_srcdir/tests/lib/dns_env.sh"

hz=$(getconf CLK_TCK)

# mean_ms N CMD...: mean wall time of N runs of CMD, in ms
mean_ms() {
	n=$1
	shift
	s=$(ms_now)
	i=0
	while [ $i -lt "$n" ]; do
		"$@" >/dev/null 2>&1
		i=$((i + 1))
	done
	echo $(( ($(ms_now) - s) / n ))
}
cpu_ticks() {
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}

echo "== reading the view once (mean of 20)"
a=$(mean_ms 20 tool view)
b=$(mean_ms 20 rctl status)
echo "edgenet view (D-Bus): $a ms    resolvectl status: $b ms"

echo "== a change on screen (20 changes)"
ip netns exec "$NSC" "$TOOL" --state-dir "$T/run/systemd/resolve" \
	--networkd-dir "$T/run/systemd/netif" --resolv-conf "$T/resolv.conf" \
	--probe-timeout 300 --probe-tries 1 watch 600000 >"$T/watch.txt" 2>&1 &
WATCH_PID=$!
PIDS="$PIDS $WATCH_PID"
n=0
while ! grep -q 'source=resolved' "$T/watch.txt"; do
	n=$((n + 1)); [ $n -lt 500 ] || { echo "watcher did not start"; exit 1; }
	sleep 0.01
done
: >"$T/lat.txt"
i=1
while [ $i -le 20 ]; do
	t1=$(ms_now)
	rctl dns eth-a 10.77.1.2 "10.77.1.$((100 + i))"
	while ! grep -q "10.77.1.$((100 + i))\]" "$T/watch.txt"; do
		sleep 0.002
	done
	echo $(( $(ms_now) - t1 )) >>"$T/lat.txt"
	i=$((i + 1))
done
sort -n "$T/lat.txt" >"$T/lat.sorted"
p50=$(sed -n 10p "$T/lat.sorted")
p95=$(sed -n 19p "$T/lat.sorted")
echo "edgenet: p50 $p50 ms, p95 $p95 ms (resolvectl's own run included)    1 s polling: 500 ms on average"

echo "== idle (20 s, quiet host)"
sleep 2
c0=$(cpu_ticks "$WATCH_PID")
sleep 20
c1=$(cpu_ticks "$WATCH_PID")
ours=$(awk -v t=$((c1 - c0)) -v hz="$hz" 'BEGIN { printf "%.3f", 100 * t / hz / 20 }')
t1=$(ms_now)
poll=$( (i=0; while [ $i -lt 10 ]; do rctl status >/dev/null 2>&1; sleep 1; i=$((i + 1)); done; times) | tail -n 1)
peer=$(echo "$poll" | awk -v ms=$(( $(ms_now) - t1 )) '{
	split($1, a, /[ms]/); split($2, b, /[ms]/)
	printf "%.3f", 100 * (a[1] * 60 + a[2] + b[1] * 60 + b[2]) / (ms / 1000) }')
echo "edgenet DNS source: $ours % of a core    resolvectl status every 1 s: $peer % of a core"
kill "$WATCH_PID"
wait "$WATCH_PID" 2>/dev/null
