# dns_env.sh - the DNS test bed, sourced by tests/system/dns_live.sh and
# tests/bench/bench_dns.sh after tests/lib/lib.sh: two network namespaces of the
# script's own, a client (C) running a private dbus-daemon,
# systemd-networkd and systemd-resolved (the unpacked package from
# scripts/e2e-deps.sh; each in its own mount namespace that puts our
# directories over /run, /etc/systemd, /etc/resolv.conf, an empty one over
# /usr/lib/systemd/network, and /sys read-only), and a server (S) running
# dnsmasq, joined by veth pairs:
#
#   C eth-a 10.77.1.1/24  <->  S srv-a 10.77.1.2/24 (dnsmasq), fe80::2
#   C eth-b 10.77.2.1/24  <->  S srv-b 10.77.2.2/24 (nothing listens)
#   C lo    127.0.0.2, ::1 (dnsmasq)
#
# eth-a is configured over resolved's D-Bus API (resolvectl), eth-b by a
# networkd .network file.  Skips (exit 77) when root, namespaces or a
# program are missing.  Provides: $T, $NSC, $NSS, $IDX_A, $IDX_B, $TOOL,
# inc/ins (run in C/S), rctl (resolvectl in C), tool (dns_tool in C with
# the state paths), start_dbus, start_daemon NAME BINARY ($NAME_PID),
# ms_now, and $PIDS.  Touches only its own namespaces and $T; kills only
# the processes it started (by pid, then what runs in its namespaces);
# removes everything on exit, also on failure.
TOOL="$top_builddir/tests/lib/dns_tool"
CACHE=${EDGENET_E2E_CACHE:-/var/cache/edgenet-e2e}
RPKG="$CACHE/pkgs/systemd-resolved"
RESOLVED="$RPKG/lib/systemd/systemd-resolved"
RESOLVECTL="$RPKG/usr/bin/resolvectl"
NETWORKD=/lib/systemd/systemd-networkd

# --- what must be there ---------------------------------------------------
test "$(id -u)" -eq 0 || skip_all "needs root (network namespaces)"
test -x "$TOOL" || { echo "not built: $TOOL"; exit 99; }
for c in ip unshare dbus-daemon dnsmasq python3; do
	command -v "$c" >/dev/null 2>&1 ||
		skip_all "$c is missing (scripts/install-deps.sh test)"
done
test -x "$RESOLVED" && test -x "$RESOLVECTL" ||
	skip_all "systemd-resolved is not unpacked in $RPKG (run scripts/e2e-deps.sh)"
test -x "$NETWORKD" || skip_all "systemd-networkd missing ($NETWORKD)"
getent passwd systemd-resolve >/dev/null ||
	skip_all "no systemd-resolve user (scripts/e2e-deps.sh runs systemd-sysusers)"
getent passwd systemd-network >/dev/null ||
	skip_all "no systemd-network user"

NSC=edgenet-dnsc-$$
NSS=edgenet-dnss-$$
T=$(mktemp -d /tmp/edgenet-dns.XXXXXX)
PIDS=
cleanup() {
	# our daemons by pid, then whatever still runs in our namespaces
	for p in $PIDS $(ip netns pids "$NSC" 2>/dev/null) \
		$(ip netns pids "$NSS" 2>/dev/null); do
		kill "$p" 2>/dev/null
	done
	for p in $PIDS; do
		wait "$p" 2>/dev/null
	done
	ip netns del "$NSC" 2>/dev/null
	ip netns del "$NSS" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

ip netns add "$NSC" || skip_all "cannot create a network namespace"
ip netns add "$NSS" || exit 99
chmod 755 "$T"

inc() { ip netns exec "$NSC" "$@"; }
ins() { ip netns exec "$NSS" "$@"; }
ms_now() { date +%s%N | cut -c1-13; }

# --- topology ---------------------------------------------------------------
# no duplicate address detection: link-local addresses usable at once;
# no rate limit on ICMP errors: every dead port answers "unreachable"
for ns in "$NSC" "$NSS"; do
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
		net.ipv6.conf.default.accept_dad=0 net.ipv6.icmp.ratelimit=0 \
		net.ipv4.icmp_ratelimit=0
done
inc ip link set lo up
ins ip link set lo up
inc ip addr add 127.0.0.2/8 dev lo
inc ip link add eth-a type veth peer name srv-a netns "$NSS"
inc ip link add eth-b type veth peer name srv-b netns "$NSS"
inc ip link set eth-a up
inc ip link set eth-b up
ins ip link set srv-a up
ins ip link set srv-b up
# (addresses on links already up: an address added before "up" has no
# route to answer from for the first half second)
inc ip addr add 10.77.1.1/24 dev eth-a
ins ip addr add 10.77.1.2/24 dev srv-a
ins ip addr add fe80::2/64 dev srv-a nodad
ins ip addr add 10.77.2.2/24 dev srv-b
IDX_A=$(inc cat /sys/class/net/eth-a/ifindex)
IDX_B=$(inc cat /sys/class/net/eth-b/ifindex)

# --- D-Bus, networkd, resolved, dnsmasq -------------------------------------
mkdir -p "$T/run/systemd" "$T/etc-systemd/network" "$T/empty"
chmod 755 "$T/run" "$T/run/systemd" "$T/etc-systemd" "$T/etc-systemd/network" "$T/empty"
cat >"$T/bus.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=$T/bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_type="method_return"/>
    <allow send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="signal"/>
    <allow receive_type="method_return"/>
    <allow receive_type="error"/>
  </policy>
</busconfig>
EOF
DBUS_SYSTEM_BUS_ADDRESS="unix:path=$T/bus"
export DBUS_SYSTEM_BUS_ADDRESS
cat >"$T/etc-systemd/resolved.conf" <<EOF
[Resolve]
DNS=127.0.0.2 ::1
FallbackDNS=127.0.0.3
Domains=global.test ~gr.test
LLMNR=no
MulticastDNS=no
EOF
cat >"$T/etc-systemd/network/50-eth-b.network" <<EOF
[Match]
Name=eth-b

[Network]
Address=10.77.2.1/24
DNS=10.77.2.2
DNS=10.77.2.9
Domains=nd.test ~rt.test
LLMNR=no
LinkLocalAddressing=no
EOF
# as /etc/resolv.conf -> /run/systemd/resolve/stub-resolv.conf reads
printf '%s\n' \
	'# This is /run/systemd/resolve/stub-resolv.conf managed by man:systemd-resolved(8).' \
	'# Do not edit.' 'nameserver 127.0.0.53' 'options edns0 trust-ad' \
	'search global.test' >"$T/resolv.conf"

# (background jobs are plain commands, never shell functions: $! is
# then the daemon itself, as ip netns exec, unshare and sh all exec)
start_dbus() {
	ip netns exec "$NSC" dbus-daemon --config-file="$T/bus.conf" --nofork --nopidfile \
		>>"$T/dbus.log" 2>&1 &
	DBUS_PID=$!
	PIDS="$PIDS $DBUS_PID"
	i=0
	while ! test -S "$T/bus"; do
		i=$((i + 1)); test $i -lt 100 || return 1; sleep 0.02
	done
}
# start_daemon NAME BINARY: in C, in a mount namespace of its own
start_daemon() {
	ip netns exec "$NSC" unshare -m sh -c "mount --bind '$T/run' /run &&
		mount --bind '$T/etc-systemd' /etc/systemd &&
		mount --bind '$T/resolv.conf' /etc/resolv.conf &&
		mount --bind '$T/empty' /usr/lib/systemd/network &&
		mount -o remount,bind,ro /sys && exec '$2'" >>"$T/$1.log" 2>&1 &
	eval "${1}_PID=\$!"
	PIDS="$PIDS $!"
}
rctl() { inc "$RESOLVECTL" "$@"; }
wait_resolved() {
	i=0
	while ! rctl status >/dev/null 2>&1; do
		i=$((i + 1)); test $i -lt 100 || return 1; sleep 0.05
	done
}

t0=$(ms_now)
start_dbus || { echo "dbus-daemon did not start"; cat "$T/dbus.log"; exit 99; }
start_daemon networkd "$NETWORKD"
start_daemon resolved "$RESOLVED"
wait_resolved || { echo "resolved did not start"; cat "$T/resolved.log"; exit 99; }
ip netns exec "$NSC" dnsmasq --conf-file=/dev/null --keep-in-foreground --user=root \
	--pid-file= --no-resolv --no-hosts --bind-interfaces \
	--listen-address=127.0.0.2 --listen-address=::1 \
	--address=/example.test/10.1.2.3 >"$T/dnsmasq-c.log" 2>&1 &
PIDS="$PIDS $!"
ip netns exec "$NSS" dnsmasq --conf-file=/dev/null --keep-in-foreground --user=root \
	--pid-file= --no-resolv --no-hosts --bind-interfaces \
	--listen-address=10.77.1.2 \
	--address=/example.test/10.1.2.3 >"$T/dnsmasq-s.log" 2>&1 &
PIDS="$PIDS $!"
# networkd has applied eth-b when its state file lists the servers
i=0
while ! grep -q '^DNS=10.77.2.2' "$T/run/systemd/netif/links/$IDX_B" 2>/dev/null; do
	i=$((i + 1))
	test $i -lt 200 || { echo "networkd did not configure eth-b"; cat "$T/networkd.log"; exit 99; }
	sleep 0.02
done
# a query through eth-a while dnsmasq is its only server makes that the
# current one (quickly: resolved would try the dead ones too, and port
# 853 once DNS-over-TLS is on); the current server stays when more come
rctl dns eth-a 10.77.1.2
rctl query -i eth-a host.example.test >/dev/null 2>&1
rctl dns eth-a 10.77.1.2 '[fe80::2]:5353' 10.77.1.4#dot.example
rctl domain eth-a corp.test '~route.test'
rctl default-route eth-a yes
rctl dnsovertls eth-a opportunistic
echo "# setup (namespaces, dbus, networkd, resolved, dnsmasq): $(( $(ms_now) - t0 )) ms"

tool() {
	inc "$TOOL" --state-dir "$T/run/systemd/resolve" \
		--networkd-dir "$T/run/systemd/netif" \
		--resolv-conf "$T/resolv.conf" "$@"
}
