#!/bin/sh
# e2e-deps.sh - what the end-to-end tests need, on Debian 12, as root.
# Called by `scripts/install-deps.sh test`; safe to run again (idempotent).
#
#  * installs (apt-get, only what is missing) the real daemons the tests run
#    inside network namespaces: libvirtd + virtlogd, qemu (TCG), dnsmasq,
#    iptables, busybox-static, cpio, iproute2, dbus-daemon;
#  * fetches with `apt-get download` - never installs - and unpacks into
#    $EDGENET_E2E_CACHE (default /var/cache/edgenet-e2e, kept across runs):
#      pkgs/kernel/            the Debian kernel linux-image-6.1.0-N-amd64
#      pkgs/qemu-guest-agent/  qemu-ga for the test guest's initramfs
#      pkgs/systemd-resolved/  resolved, run standalone by the DNS tests
#    (systemd-resolved must not be installed: it takes over
#    /etc/resolv.conf); the resolved user comes from systemd-sysusers.
#  * a stamp file (deps.stamp: the layout version below and what was
#    unpacked) makes a second run take milliseconds; to pick up a newer
#    kernel or agent, delete $EDGENET_E2E_CACHE (or just its deps.stamp).
#  * runs under a lock ($EDGENET_E2E_CACHE/.lock, shared with
#    tests/e2e/build-guest.sh), so concurrent callers wait for each other.
#
# Installing starts no service: Debian's maintainer scripts ask
# /usr/sbin/policy-rc.d first; when the machine has none, a temporary one
# that forbids every start is put in place for the install and removed after.
set -eu

CACHE=${EDGENET_E2E_CACHE:-/var/cache/edgenet-e2e}
# Bump when what this script leaves in $CACHE changes (not for comments),
# so copies of the script in several work trees agree on one stamp.
LAYOUT=1
PKGS="libvirt-daemon-system libvirt-daemon-driver-qemu qemu-system-x86
dnsmasq-base iptables busybox-static cpio iproute2 dbus-daemon
debootstrap qemu-utils e2fsprogs xorriso genisoimage"

if [ "$(id -u)" -ne 0 ]; then
	echo "$0: run as root" >&2
	exit 2
fi
export DEBIAN_FRONTEND=noninteractive

updated=no
apt_update() {
	if [ $updated = no ]; then
		apt-get update -qq
		updated=yes
	fi
}

installed() {
	dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null | grep -q '^install ok installed$'
}

mkdir -p "$CACHE"
exec 8>>"$CACHE/.lock"
if ! flock -n 8; then
	echo "e2e-deps: waiting for another e2e-deps.sh or build-guest.sh" >&2
	flock -w 900 8 || { echo "e2e-deps: lock $CACHE/.lock still held" >&2; exit 1; }
fi

# --- 1. packages that are installed --------------------------------------
missing=
for p in $PKGS; do
	installed "$p" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "e2e-deps: installing:$missing"
	apt_update
	tmp_policy=
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		tmp_policy=/usr/sbin/policy-rc.d
		printf '#!/bin/sh\n# edgenet e2e-deps.sh: no service starts during install\nexit 101\n' >"$tmp_policy"
		chmod 755 "$tmp_policy"
		trap 'rm -f "$tmp_policy"' EXIT INT TERM
	fi
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
	if [ -n "$tmp_policy" ]; then
		rm -f "$tmp_policy"
		trap - EXIT INT TERM
	fi
fi

# --- 2. packages that are only unpacked ----------------------------------
stamp=$CACHE/deps.stamp
if [ -f "$stamp" ] && grep -q "^layout=$LAYOUT\$" "$stamp" &&
	kdir=$(sed -n 's/^kernel_dir=//p' "$stamp") && [ -d "$kdir" ] &&
	[ -x "$CACHE/pkgs/qemu-guest-agent/usr/sbin/qemu-ga" ] &&
	[ -x "$CACHE/pkgs/systemd-resolved/lib/systemd/systemd-resolved" ]; then
	echo "e2e-deps: present ($CACHE)"
	exit 0
fi

# The kernel package linux-image-amd64 points at today (6.1.0-N-amd64).
kpkg() {
	apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-6\.1\.0-[0-9]*-amd64\)$/\1/p' | head -n 1
}
kernel_pkg=$(kpkg)
if [ -z "$kernel_pkg" ]; then
	apt_update
	kernel_pkg=$(kpkg)
fi
if [ -z "$kernel_pkg" ]; then
	echo "e2e-deps: no linux-image-6.1.0-*-amd64 known to apt" >&2
	exit 1
fi

mkdir -p "$CACHE/debs" "$CACHE/pkgs"
# apt-get download drops privileges to _apt: let it write there.
if id _apt >/dev/null 2>&1; then
	chown _apt:root "$CACHE/debs"
fi
# fetch NAME: the .deb of NAME's candidate version into debs/, path on stdout.
fetch() {
	ver=$(apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: //p')
	if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
		apt_update
		ver=$(apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: //p')
	fi
	# A deb's file name has the epoch's colon as %3a.
	f=$(ls "$CACHE/debs/$1_$(echo "$ver" | sed 's/:/%3a/')_"*.deb 2>/dev/null | head -n 1)
	if [ -z "$f" ]; then
		(cd "$CACHE/debs" && apt-get download -qq "$1=$ver" >/dev/null) || {
			apt_update
			(cd "$CACHE/debs" && apt-get download -qq "$1=$ver" >/dev/null)
		}
		f=$(ls "$CACHE/debs/$1_$(echo "$ver" | sed 's/:/%3a/')_"*.deb | head -n 1)
	fi
	echo "$f"
}
# unpack NAME DEB: into pkgs/.NAME-<deb's version>, then pkgs/NAME, a
# symlink, is switched to it in one rename: a program started from the
# cache while this runs sees the old tree or the new one, never none.
unpack() {
	v=$(basename "$2" .deb | cut -d_ -f2 | tr -c 'A-Za-z0-9.+~%\n-' '_')
	d=".$1-$v"
	if [ ! -f "$CACHE/pkgs/$d/.complete" ]; then
		rm -rf "$CACHE/pkgs/$d"
		mkdir -p "$CACHE/pkgs/$d"
		dpkg-deb -x "$2" "$CACHE/pkgs/$d"
		: >"$CACHE/pkgs/$d/.complete"
	fi
	# A real directory from an older layout of this cache goes first.
	if [ -d "$CACHE/pkgs/$1" ] && [ ! -L "$CACHE/pkgs/$1" ]; then
		rm -rf "$CACHE/pkgs/$1"
	fi
	ln -sfn "$d" "$CACHE/pkgs/$1.new"
	mv -T "$CACHE/pkgs/$1.new" "$CACHE/pkgs/$1"
	for old in "$CACHE/pkgs/.$1-"*; do
		[ "$old" = "$CACHE/pkgs/$d" ] || rm -rf "$old"
	done
}

echo "e2e-deps: fetching $kernel_pkg qemu-guest-agent systemd-resolved into $CACHE"
kdeb=$(fetch "$kernel_pkg")
qdeb=$(fetch qemu-guest-agent)
rdeb=$(fetch systemd-resolved)
unpack kernel "$kdeb"
unpack qemu-guest-agent "$qdeb"
unpack systemd-resolved "$rdeb"
# Keep only the newest .deb of each package.
for d in "$kdeb" "$qdeb" "$rdeb"; do
	n=$(basename "$d" | sed 's/_.*//')
	for old in "$CACHE/debs/${n}_"*.deb; do
		[ "$old" = "$d" ] || rm -f "$old"
	done
done

kver=${kernel_pkg#linux-image-}
systemd-sysusers "$CACHE/pkgs/systemd-resolved/usr/lib/sysusers.d/systemd-resolve.conf"

{
	echo "layout=$LAYOUT"
	echo "kernel_pkg=$kernel_pkg"
	echo "kernel_version=$kver"
	echo "kernel_dir=$CACHE/pkgs/kernel/lib/modules/$kver"
	echo "vmlinuz=$CACHE/pkgs/kernel/boot/vmlinuz-$kver"
	echo "qemu_ga=$CACHE/pkgs/qemu-guest-agent/usr/sbin/qemu-ga"
	echo "resolved=$CACHE/pkgs/systemd-resolved/lib/systemd/systemd-resolved"
} >"$stamp.new"
mv "$stamp.new" "$stamp"
echo "e2e-deps: ready ($kernel_pkg)"
