#!/bin/sh
# bench_probe.sh - figures of the probes that send (src/backend/netprobe.c
# through tests/lib/netprobe_tool), measured in one run on the lab of
# tests/lib/probe_lab.sh (`make bench`; not a test), each beside its peer:
#  - DHCP with a server present: time to the verdict, and dnsmasq's OFFER
#    latency beside it (the goal: the verdict <= 1 s after the OFFER);
#    once with dnsmasq as shipped (it pings the address it means to offer
#    and answers after 3 s) and once with --no-ping; median of 3 each;
#  - DHCP with no server: the time-out (4 s, chosen in netprobe.c);
#  - address in use, free and taken: our verdict beside
#    `arping -D -c1 -w1` on the same uplink, median of 5 each;
#  - gateway: ARP and echo round trip and the verdict beside `ping -c1 -W1`
#    from the same namespace (an address is put on the uplink for ping
#    only, after our probes), median of 5 each.
# Needs root, dnsmasq, arping and ping (scripts/install-deps.sh test).
. "$top_srcdir/tests/lib/lib.sh"
. "$top_srcdir/tests/lib/probe_lab.sh"
TOOL="$top_builddir/tests/lib/netprobe_tool"

test "$(id -u)" -eq 0 || skip_all "needs root (network namespaces, packet sockets)"
test -x "$TOOL" || { echo "not built: $TOOL"; exit 99; }
for c in ip dnsmasq ss arping ping; do
	command -v "$c" >/dev/null 2>&1 ||
		skip_all "$c is missing (scripts/install-deps.sh test)"
done
trap lab_down EXIT
trap 'exit 1' INT TERM HUP
lab_up || exit 1
NET=$LAB_SUBNET
OUT="$LAB_DIR/out"

ms_now() { date +%s%N | cut -c1-13; }
val() { sed -n "s/^$1=//p" "$OUT"; }
# median of the numbers on stdin
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
# us_ms US: microseconds as milliseconds with one decimal
us_ms() { awk -v u="$1" 'BEGIN { printf "%.1f", u / 1000 }'; }
# wall_ms CMD...: wall time of CMD in the host side, ms
wall_ms() {
	s=$(ms_now)
	lab_host "$@" >/dev/null 2>&1
	echo $(( $(ms_now) - s ))
}

# dhcp_runs N LABEL: N DHCP probes; verdict, OFFER latency, verdict after
dhcp_runs() {
	: >"$LAB_DIR/v"; : >"$LAB_DIR/l"; : >"$LAB_DIR/a"
	i=0
	while [ $i -lt "$1" ]; do
		lab_host "$TOOL" dhcp "$LAB_UPLINK" >"$OUT"
		v=$(val tool_us)
		l=$(val offer0.latency_us)
		echo "$v" >>"$LAB_DIR/v"
		echo "$l" >>"$LAB_DIR/l"
		echo $((v - l)) >>"$LAB_DIR/a"
		i=$((i + 1))
	done
	echo "$2: verdict $(us_ms "$(median <"$LAB_DIR/v")") ms    dnsmasq's" \
		"OFFER latency $(us_ms "$(median <"$LAB_DIR/l")") ms    verdict" \
		"after the OFFER $(us_ms "$(median <"$LAB_DIR/a")") ms (goal <= 1000)"
}

echo "== DHCP, no server (the time-out)"
lab_host "$TOOL" dhcp "$LAB_UPLINK" >"$OUT"
echo "edgenet: verdict $(us_ms "$(val tool_us)") ms, $(val noffers) offers"

echo "== DHCP, one server (median of 3)"
lab_dhcp_server ping "$NET.100,$NET.150" "$NET.1" "$NET.53" 3600 || exit 1
dhcp_runs 3 "dnsmasq as shipped (ping check)"
lab_peer_down "$LAB_LAST_NS"
LAB_DNSMASQ_OPTS=--no-ping lab_dhcp_server noping "$NET.100,$NET.150" \
	"$NET.1" "$NET.53" 3600 || exit 1
dhcp_runs 3 "dnsmasq --no-ping"
lab_peer_down "$LAB_LAST_NS"

echo "== address in use (median of 5)"
lab_holder "$NET.20" || exit 1
for what in taken free; do
	addr=$NET.20
	test $what = free && addr=$NET.21
	: >"$LAB_DIR/o"; : >"$LAB_DIR/p"
	i=0
	while [ $i -lt 5 ]; do
		wall_ms "$TOOL" address "$LAB_UPLINK" "$addr" >>"$LAB_DIR/o"
		wall_ms arping -D -c1 -w1 -I "$LAB_UPLINK" "$addr" >>"$LAB_DIR/p"
		i=$((i + 1))
	done
	note=
	test $what = taken && note=" (it waits 200 ms for a second holder)"
	echo "$what: edgenet $(median <"$LAB_DIR/o") ms$note    arping -D -c1" \
		"-w1: $(median <"$LAB_DIR/p") ms (process start included in both)"
done

echo "== gateway (median of 5)"
lab_gateway "$NET.1" ping || exit 1
: >"$LAB_DIR/o"; : >"$LAB_DIR/r"; : >"$LAB_DIR/p"
i=0
while [ $i -lt 5 ]; do
	# (--source-free: nobody holds $NET.30 in the lab, so it may ping)
	lab_host "$TOOL" --source-free gateway "$LAB_UPLINK" "$NET.1" "$NET.30" >"$OUT"
	val tool_us >>"$LAB_DIR/o"
	echo "$(val arp_rtt_us) $(val ping_rtt_us)" >>"$LAB_DIR/r"
	i=$((i + 1))
done
lab_host ip addr add "$NET.30/$LAB_PLEN" dev "$LAB_UPLINK"
i=0
while [ $i -lt 5 ]; do
	lab_host ip neigh flush dev "$LAB_UPLINK"
	wall_ms ping -c1 -W1 "$NET.1" >>"$LAB_DIR/p"
	i=$((i + 1))
done
arp=$(awk '{ print $1 }' "$LAB_DIR/r" | median)
echo_rtt=$(awk '{ print $2 }' "$LAB_DIR/r" | median)
echo "edgenet: verdict $(us_ms "$(median <"$LAB_DIR/o")") ms (ARP $arp us," \
	"echo $echo_rtt us)    ping -c1 -W1 (ARP and process start" \
	"included): $(median <"$LAB_DIR/p") ms"
