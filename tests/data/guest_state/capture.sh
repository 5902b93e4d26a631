#!/bin/sh
# capture.sh - how the networkd-* fixtures of tests/unit/test_guest_state.c were
# made: a private network namespace standing in for the guest, with the
# real systemd-networkd and systemd-resolved (as tests/lib/dns_env.sh runs
# them) applying .network files of the shape guestcfg writes, dnsmasq
# serving DHCP from a second namespace; then `ip -j` and resolved's
# per-link state files are copied out.  Run as root, by hand, from this
# directory: sh capture.sh offline|dhcp.  Not part of `make check`; it
# touches nothing of this machine's own interfaces or routes and removes
# its namespaces, daemons and files when done.
set -e
SCEN=${1:?offline or dhcp}
CACHE=${EDGENET_E2E_CACHE:-/var/cache/edgenet-e2e}
RESOLVED="$CACHE/pkgs/systemd-resolved/lib/systemd/systemd-resolved"
NETWORKD=/lib/systemd/systemd-networkd
NSC=edgenet-gsc-$$
NSS=edgenet-gss-$$
T=$(mktemp -d /tmp/edgenet-gs.XXXXXX)
OUT=$(pwd)
PIDS=
cleanup() {
	for p in $PIDS $(ip netns pids "$NSC" 2>/dev/null) \
		$(ip netns pids "$NSS" 2>/dev/null); do
		kill "$p" 2>/dev/null || :
	done
	sleep 0.2
	ip netns del "$NSC" 2>/dev/null || :
	ip netns del "$NSS" 2>/dev/null || :
	rm -rf "$T"
}
trap cleanup EXIT
inc() { ip netns exec "$NSC" "$@"; }
ins() { ip netns exec "$NSS" "$@"; }

ip netns add "$NSC"
ip netns add "$NSS"
chmod 755 "$T"
inc ip link set lo up
ins ip link set lo up
inc ip link add eth0 address 52:54:00:12:34:56 type veth peer name srv0 netns "$NSS"
inc ip link add eth1 address 52:54:00:65:43:21 type veth peer name srv1 netns "$NSS"
ins ip link set srv0 up
ins ip link set srv1 up
ins ip addr add 172.20.0.1/24 dev srv0
ins ip addr add 10.0.0.1/24 dev srv1

mkdir -p "$T/run/systemd" "$T/etc-systemd/network" "$T/empty"
chmod 755 "$T/run" "$T/run/systemd" "$T/etc-systemd" \
	"$T/etc-systemd/network" "$T/empty"
cat >"$T/bus.conf" <<EOB
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=$T/bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/> <allow own="*"/>
    <allow send_type="method_call"/> <allow send_type="signal"/>
    <allow send_type="method_return"/> <allow send_type="error"/>
    <allow receive_type="method_call"/> <allow receive_type="signal"/>
    <allow receive_type="method_return"/> <allow receive_type="error"/>
  </policy>
</busconfig>
EOB
DBUS_SYSTEM_BUS_ADDRESS="unix:path=$T/bus"
export DBUS_SYSTEM_BUS_ADDRESS
printf '[Resolve]\nLLMNR=no\nMulticastDNS=no\n' >"$T/etc-systemd/resolved.conf"
printf 'nameserver 127.0.0.53\n' >"$T/resolv.conf"

# eth0: static, as guestcfg writes it
cat >"$T/etc-systemd/network/05-edgenet-eth0.network" <<EOB
[Match]
MACAddress=52:54:00:12:34:56

[Network]
Address=172.20.0.10/24
DNS=172.20.0.1
DNS=172.20.0.2
Domains=corp.example
LinkLocalAddressing=no

[Route]
Gateway=172.20.0.1
Metric=100
EOB
# eth1: DHCP; offline (metric 200, no gateway, routing-only domain) or
# not (metric 500)
if test "$SCEN" = offline; then
	cat >"$T/etc-systemd/network/05-edgenet-eth1.network" <<EOB
[Match]
MACAddress=52:54:00:65:43:21

[Link]
RequiredForOnline=no

[Network]
DHCP=ipv4
DNS=10.0.0.5
Domains=~plant.local
DNSDefaultRoute=no
LinkLocalAddressing=no

[DHCPv4]
RouteMetric=200
UseGateway=no
EOB
else
	cat >"$T/etc-systemd/network/05-edgenet-eth1.network" <<EOB
[Match]
MACAddress=52:54:00:65:43:21

[Network]
DHCP=ipv4
DNS=10.0.0.5
LinkLocalAddressing=no

[DHCPv4]
RouteMetric=500
EOB
fi

ip netns exec "$NSC" dbus-daemon --config-file="$T/bus.conf" --nofork \
	--nopidfile >>"$T/dbus.log" 2>&1 &
PIDS="$PIDS $!"
i=0
while ! test -S "$T/bus"; do
	i=$((i + 1)); test $i -lt 100; sleep 0.02
done
for d in "$NETWORKD" "$RESOLVED"; do
	ip netns exec "$NSC" unshare -m sh -c "mount --bind '$T/run' /run &&
		mount --bind '$T/etc-systemd' /etc/systemd &&
		mount --bind '$T/resolv.conf' /etc/resolv.conf &&
		mount --bind '$T/empty' /usr/lib/systemd/network &&
		mount -o remount,bind,ro /sys && exec '$d'" \
		>>"$T/daemons.log" 2>&1 &
	PIDS="$PIDS $!"
done
ip netns exec "$NSS" dnsmasq --conf-file=/dev/null --keep-in-foreground \
	--user=root --pid-file= --no-resolv --no-hosts --bind-interfaces \
	--interface=srv1 --dhcp-range=10.0.0.50,10.0.0.60,1h \
	--dhcp-option=option:router,10.0.0.1 \
	--dhcp-option=option:dns-server,10.0.0.1 >"$T/dnsmasq.log" 2>&1 &
PIDS="$PIDS $!"

IDX0=$(inc cat /sys/class/net/eth0/ifindex)
IDX1=$(inc cat /sys/class/net/eth1/ifindex)
# wait for the lease and for resolved to have both links' settings
i=0
until inc ip -4 addr show dev eth1 | grep -q 'inet 10.0.0.5' &&
	grep -q '^DNS=' "$T/run/systemd/netif/links/$IDX0" 2>/dev/null &&
	{ test "$SCEN" = offline ||
	  grep -q '^DNS=.*10.0.0.1' "$T/run/systemd/netif/links/$IDX1"; }; do
	i=$((i + 1))
	test $i -lt 300 || { cat "$T/daemons.log" "$T/dnsmasq.log"; ls -lR "$T/run/systemd"; exit 1; }
	sleep 0.05
done
sleep 0.5
inc ip -j link show >"$OUT/networkd-$SCEN-link.json"
inc ip -j -4 addr show >"$OUT/networkd-$SCEN-addr.json"
inc ip -j -4 route show table main >"$OUT/networkd-$SCEN-route.json"
for n in 0 1; do
	eval idx=\$IDX$n
	cp "$T/run/systemd/netif/links/$idx" "$OUT/networkd-$SCEN-links-eth$n"
	test ! -f "$T/run/systemd/resolve/netif/$idx" ||
		cp "$T/run/systemd/resolve/netif/$idx" \
			"$OUT/networkd-$SCEN-netif-eth$n"
done
ls -l "$T/run/systemd/resolve"
echo "eth0 is link $IDX0, eth1 is link $IDX1"
