#!/bin/sh
# build-guest.sh - build the end-to-end tests' guest: the Debian kernel and a
# small busybox initramfs, into $EDGENET_E2E_CACHE/guest/ (default
# /var/cache/edgenet-e2e/guest/):
#   vmlinuz      the kernel unpacked by scripts/e2e-deps.sh
#   initrd.img   cpio (newc) + gzip: busybox-static, the virtio modules,
#                qemu-ga with its libraries, /init, /udhcpc.script
#   stamp        kernel version + checksum of this script + versions used
# Idempotent: with a matching stamp it does nothing (milliseconds).  Runs
# under the cache's lock (shared with scripts/e2e-deps.sh).
# Prints nothing but errors and one line saying what it did.
#
# The guest at run time (all of it in /init):
#   * mounts proc, sys, devtmpfs on /dev, tmpfs on /run and /tmp;
#   * listens for kernel uevents (busybox `uevent`), then insmods the virtio
#     modules in dependency order, so NICs and agent ports are handled the
#     same way whether present at boot or hot-plugged later;
#   * every ethN: link up, `udhcpc -i ethN -s /udhcpc.script -b`; the script
#     sets address/prefix, a default route via the router with metric
#     100+N (or e2e.metric.ethN=M on the kernel command line), and writes
#     /etc/resolv.conf from the servers of all NICs (nameserver lines,
#     per-NIC copies in /run/e2e/dns.ethN);
#   * the virtio-serial port named org.qemu.guest_agent.0: runs
#     `qemu-ga -m virtio-serial -p /dev/vportNpM` (restarted if it exits);
#     e2e.qga_block=CMD,CMD on the kernel command line is passed on as
#     `-b CMD,CMD`, so the agent refuses those commands as RHEL's does;
#   * writes progress markers "e2e-guest: ..." on the serial console.
set -eu

CACHE=${EDGENET_E2E_CACHE:-/var/cache/edgenet-e2e}
STAMP_DEPS=$CACHE/deps.stamp
OUT=$CACHE/guest
MODULES="virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev
virtio_pci failover net_failover virtio_net virtio_console"

die() {
	echo "build-guest: $*" >&2
	exit 1
}

mkdir -p "$CACHE"
exec 8>>"$CACHE/.lock"
if ! flock -n 8; then
	echo "build-guest: waiting for another e2e-deps.sh or build-guest.sh" >&2
	flock -w 900 8 || die "lock $CACHE/.lock still held"
fi

[ -f "$STAMP_DEPS" ] || die "no $STAMP_DEPS: run scripts/e2e-deps.sh first (as root)"
kver=$(sed -n 's/^kernel_version=//p' "$STAMP_DEPS")
kdir=$(sed -n 's/^kernel_dir=//p' "$STAMP_DEPS")
vmlinuz=$(sed -n 's/^vmlinuz=//p' "$STAMP_DEPS")
qga=$(sed -n 's/^qemu_ga=//p' "$STAMP_DEPS")
busybox=/bin/busybox
[ -f "$vmlinuz" ] || die "kernel image $vmlinuz missing: run scripts/e2e-deps.sh"
[ -x "$qga" ] || die "qemu-ga $qga missing: run scripts/e2e-deps.sh"
[ -x "$busybox" ] || die "no $busybox: apt-get install busybox-static"
case $(ldd "$busybox" 2>&1 || true) in
*"not a dynamic"*) ;;
*) die "$busybox is not busybox-static: apt-get install busybox-static" ;;
esac
command -v cpio >/dev/null || die "cpio missing: apt-get install cpio"

bbver=$(dpkg-query -W -f='${Version}' busybox-static 2>/dev/null || echo unknown)
key="kernel=$kver script=$(sha256sum "$0" | cut -c1-16) busybox=$bbver qga=$(sha256sum "$qga" | cut -c1-16)"
if [ -f "$OUT/stamp" ] && [ "$(cat "$OUT/stamp")" = "$key" ] &&
	[ -f "$OUT/vmlinuz" ] && [ -f "$OUT/initrd.img" ]; then
	echo "build-guest: up to date ($OUT)"
	exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
root=$work/root
mkdir -p "$root" && cd "$root"
mkdir -p bin sbin usr/bin usr/sbin etc lib/modules proc sys dev run tmp var root
ln -s ../run var/run

# --- busybox --------------------------------------------------------------
cp "$busybox" bin/busybox

# --- modules, in dependency order -----------------------------------------
# modfile NAME: path of NAME's module file under the kernel tree.
modfile() {
	find "$kdir/kernel" \( -name "$1.ko" -o -name "$1.ko.xz" -o -name "$1.ko.zst" \
		-o -name "$1.ko.gz" \) 2>/dev/null | head -n 1
}
# moddeps FILE: the module's depends= list, space separated.
moddeps() {
	case $1 in
	*.xz) xz -dc "$1" ;;
	*.zst) zstd -qdc "$1" ;;
	*.gz) gzip -dc "$1" ;;
	*) cat "$1" ;;
	esac | tr '\0' '\n' | sed -n 's/^depends=//p' | tr ',' ' '
}
order=
# add NAME: NAME after everything it depends on.
add() {
	case " $order " in *" $1 "*) return 0 ;; esac
	f=$(modfile "$1")
	[ -n "$f" ] || die "module $1 not found under $kdir"
	for d in $(moddeps "$f"); do
		add "$d"
	done
	f=$(modfile "$1")
	case $f in
	*.xz) xz -dc "$f" >"lib/modules/$1.ko" ;;
	*.zst) zstd -qdc "$f" >"lib/modules/$1.ko" ;;
	*.gz) gzip -dc "$f" >"lib/modules/$1.ko" ;;
	*) cp "$f" "lib/modules/$1.ko" ;;
	esac
	order="$order $1"
}
for m in $MODULES; do
	add "$m"
done
echo $order >lib/modules/order

# --- qemu-ga and its libraries --------------------------------------------
cp "$qga" usr/sbin/qemu-ga
libs=$(ldd "$qga") || die "ldd $qga failed"
case $libs in *"not found"*) die "qemu-ga needs libraries that are missing: $libs" ;; esac
for lib in $(printf '%s\n' "$libs" | sed -n 's/.*=> \(\/[^ ]*\) .*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) (.*/\1/p'); do
	mkdir -p ".$(dirname "$lib")"
	cp -L "$lib" ".$lib"
done
# The loader is asked for by its /lib64 path; Debian keeps it in /lib/x86_64-linux-gnu.
[ -e lib64/ld-linux-x86-64.so.2 ] || die "no dynamic loader found for qemu-ga"

# --- /etc ------------------------------------------------------------------
echo "root:x:0:0:root:/root:/bin/sh" >etc/passwd
echo "root:x:0:" >etc/group
echo e2e-guest >etc/hostname
: >etc/resolv.conf

# --- udhcpc's script ---------------------------------------------------------
cat >udhcpc.script <<'EOF'
#!/bin/sh
# udhcpc event script: $1 is deconfig|bound|renew|leasefail|nak; udhcpc
# exports interface, ip, mask (prefix length), router, dns, domain, lease.
n=${interface#eth}
case $n in *[!0-9]*|'') n=0 ;; esac
metric=$((100 + n))
for w in $(cat /proc/cmdline); do
	case $w in e2e.metric.$interface=*) metric=${w#*=} ;; esac
done

resolv() {
	{
		for f in /run/e2e/dns.*; do
			[ -f "$f" ] && cat "$f"
		done
	} >/etc/resolv.conf.new
	mv /etc/resolv.conf.new /etc/resolv.conf
}

case $1 in
deconfig)
	ip -4 addr flush dev "$interface"
	ip link set "$interface" up
	rm -f "/run/e2e/dns.$interface"
	resolv
	;;
bound|renew)
	ip -4 addr flush dev "$interface"
	ip addr add "$ip/${mask:-24}" ${broadcast:+broadcast "$broadcast"} dev "$interface"
	while ip -4 route del default dev "$interface" 2>/dev/null; do :; done
	for r in $router; do
		ip route add default via "$r" dev "$interface" metric "$metric"
		break
	done
	{
		[ -n "${domain:-}" ] && echo "search $domain"
		for s in $dns; do echo "nameserver $s"; done
	} >"/run/e2e/dns.$interface"
	resolv
	echo "e2e-guest: $interface $1 $ip/${mask:-24} router ${router:-none} metric $metric dns ${dns:-none} (t=$(cut -d' ' -f1 /proc/uptime))" >/dev/console
	;;
leasefail|nak)
	echo "e2e-guest: $interface DHCP $1 (t=$(cut -d' ' -f1 /proc/uptime))" >/dev/console
	;;
esac
exit 0
EOF
chmod 755 udhcpc.script
mkdir -p usr/share/udhcpc
ln -s /udhcpc.script usr/share/udhcpc/default.script

# --- the uevent handler: NICs and agent ports, at boot or hot-plugged -------
cat >uevent.sh <<'EOF'
#!/bin/sh
# Run by `uevent` for each kernel event (ACTION, SUBSYSTEM, INTERFACE,
# DEVNAME... in the environment), and once per device at boot (coldplug).
case $ACTION/$SUBSYSTEM in
add/net)
	case $INTERFACE in eth*) ;; *) exit 0 ;; esac
	mkdir "/run/e2e/nic.$INTERFACE" 2>/dev/null || exit 0
	ip link set "$INTERFACE" up
	# In the background: uevent runs handlers one after the other.
	udhcpc -i "$INTERFACE" -s /udhcpc.script -b -t 5 -T 2 -A 3 \
		-p "/run/e2e/udhcpc.$INTERFACE.pid" -x hostname:e2e-guest \
		</dev/null >/dev/null 2>&1 &
	echo "e2e-guest: $INTERFACE up, DHCP started (t=$(cut -d' ' -f1 /proc/uptime))" >/dev/console
	;;
remove/net)
	[ -f "/run/e2e/udhcpc.$INTERFACE.pid" ] && kill "$(cat "/run/e2e/udhcpc.$INTERFACE.pid")" 2>/dev/null
	rm -rf "/run/e2e/nic.$INTERFACE" "/run/e2e/dns.$INTERFACE" "/run/e2e/udhcpc.$INTERFACE.pid"
	;;
add/virtio-ports)
	port=${DEVNAME#/dev/}
	[ "$(cat "/sys/class/virtio-ports/$port/name" 2>/dev/null)" = org.qemu.guest_agent.0 ] || exit 0
	mkdir /run/e2e/ga 2>/dev/null || exit 0
	# Commands the agent must refuse (e2e.qga_block=a,b on the command line).
	block=
	for w in $(cat /proc/cmdline); do
		case $w in e2e.qga_block=*) block=${w#*=} ;; esac
	done
	# qemu-ga, restarted if it ever exits; stopped when the port goes.
	(
		while [ -e "/dev/$port" ]; do
			echo "e2e-guest: qemu-ga on /dev/$port${block:+ blocking $block} (t=$(cut -d' ' -f1 /proc/uptime))" >/dev/console
			qemu-ga -m virtio-serial -p "/dev/$port" -t /run/qemu-ga \
				-f /run/qemu-ga.pid ${block:+-b "$block"} \
				>>/run/e2e/qemu-ga.log 2>&1
			sleep 1
		done
		rmdir /run/e2e/ga
	) </dev/null >/dev/null 2>&1 &
	;;
esac
exit 0
EOF
chmod 755 uevent.sh

# --- /init -------------------------------------------------------------------
cat >init <<'EOF'
#!/bin/busybox sh
/bin/busybox --install -s
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts && mount -t devpts devpts /dev/pts
mount -t tmpfs -o mode=0755 tmpfs /run
mount -t tmpfs tmpfs /tmp
mkdir -p /run/e2e /run/qemu-ga
exec </dev/console >/dev/console 2>&1
echo "e2e-guest: init (t=$(cut -d' ' -f1 /proc/uptime))"
hostname -F /etc/hostname
ip link set lo up
# Listen before loading drivers, so no device is missed; then coldplug
# whatever appeared before the listener ran (uevent.sh ignores repeats).
uevent /uevent.sh &
for m in $(cat /lib/modules/order); do
	insmod "/lib/modules/$m.ko" || echo "e2e-guest: insmod $m failed"
done
for d in /sys/class/net/eth*; do
	[ -e "$d" ] && ACTION=add SUBSYSTEM=net INTERFACE=${d##*/} /uevent.sh
done
for d in /sys/class/virtio-ports/*; do
	[ -e "$d" ] && ACTION=add SUBSYSTEM=virtio-ports DEVNAME=/dev/${d##*/} /uevent.sh
done
echo "e2e-guest: ready (t=$(cut -d' ' -f1 /proc/uptime))"
# PID 1 stays: reap children, never exit (that would panic the kernel).
while :; do
	wait
	sleep 3600 &
	wait $!
done
EOF
chmod 755 init

# --- pack ---------------------------------------------------------------------
mkdir -p "$OUT"
find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --quiet -R 0:0 | gzip -6 >"$work/initrd.img"
cp "$vmlinuz" "$work/vmlinuz"
chmod 644 "$work/initrd.img" "$work/vmlinuz"
mv "$work/initrd.img" "$OUT/initrd.img"
mv "$work/vmlinuz" "$OUT/vmlinuz"
chmod 755 "$CACHE" "$OUT"
echo "$key" >"$OUT/stamp"
echo "build-guest: built $OUT (kernel $kver, modules:$order)"
