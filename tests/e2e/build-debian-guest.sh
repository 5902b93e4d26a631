#!/bin/sh
# build-debian-guest.sh - a real Debian 12 guest for the end-to-end tests of
# what edgenet delivers inside a VM (systemd-networkd .network files, a
# cloud-init NoCloud seed on a CD-ROM, the QEMU guest agent).  As root.
#
# Built by debootstrap (minbase + systemd, systemd-networkd/resolved, udev,
# dbus, iproute2, qemu-guest-agent, cloud-init 22.4, netplan.io and the
# kernel linux-image-amd64 - not the cloud flavour, which has no AHCI driver
# and so never sees a SATA CD-ROM, libvirt's cdrom bus on q35) from the
# Debian archive apt uses on this machine (the first bookworm "deb" source
# of /etc/apt/sources.list or
# /etc/apt/sources.list.d/*.list / *.sources), into
#   $EDGENET_E2E_CACHE/debian/<key>/     (default /var/cache/edgenet-e2e)
#     disk.qcow2    the root file system (ext4, 2 GiB, no partition table:
#                   root=/dev/vda), compressed qcow2.  Boot each test from a
#                   throw-away overlay whose backing file this is; never
#                   write to it.
#     vmlinuz, initrd.img   the guest's kernel and initramfs (for -kernel /
#                   -initrd, i.e. libvirt's <os><kernel>/<initrd>)
#     rootfs/       the same root file system as a plain directory, the
#                   oracle for chroot tests (`netplan generate --root-dir`,
#                   `cloud-init devel net-convert`).  Treat it as read-only:
#                   tests/lib/e2e_lib.sh's e2e_debian_chroot runs commands on an
#                   overlay mount of it that disappears afterwards.
#     info          key=value: key, mirror, kernel, cloud_init, netplan,
#                   systemd versions, build_seconds
#   $EDGENET_E2E_CACHE/debian/current -> <key>   (the last one built)
# <key> is a hash of the package list, the recipe (the part of this script
# between the "recipe" markers) and LAYOUT; anything else (comments, the
# option parsing) can change without a rebuild.  With the key's directory
# complete the script only says so (well under a second).
#
# Options: --path  print the cache directory for the current key (built or
#                  not) and exit; builds nothing, takes no lock.
#
# Safe to interrupt: everything is built in debian/.tmp.<pid> and renamed
# into place in one step; debootstrap and the chroot steps run in a private
# mount namespace, so no mount outlives them; leftovers of a killed build
# are removed by the next run.  Runs under $EDGENET_E2E_CACHE/.lock, the
# lock of scripts/e2e-deps.sh and tests/e2e/build-guest.sh.
# Prints one line saying what it did and how long it took; errors on stderr.
set -eu

CACHE=${EDGENET_E2E_CACHE:-/var/cache/edgenet-e2e}
DEB=$CACHE/debian
# Bump when what this script leaves in the cache changes in a way the
# recipe's text does not show.
LAYOUT=1
SUITE=bookworm
INCLUDE="systemd,systemd-sysv,systemd-resolved,udev,dbus,iproute2,qemu-guest-agent,cloud-init,python3-cffi-backend,netplan.io,linux-image-amd64,initramfs-tools,procps"

die() {
	echo "build-debian-guest: $*" >&2
	exit 1
}

self=$0
[ -r "$self" ] || die "cannot read myself ($self)"
recipe_hash=$(sed -n '/^# >>> recipe/,/^# <<< recipe/p' "$self" | sha256sum | cut -c1-16)
key=$(printf 'layout=%s\nsuite=%s\ninclude=%s\nrecipe=%s\n' "$LAYOUT" "$SUITE" "$INCLUDE" "$recipe_hash" |
	sha256sum | cut -c1-16)
OUT=$DEB/$key

if [ "${1:-}" = --path ]; then
	echo "$OUT"
	exit 0
fi
[ $# -eq 0 ] || die "usage: $0 [--path]"
[ "$(id -u)" -eq 0 ] || die "run as root"

is_complete() {
	[ -f "$OUT/.complete" ] && [ -f "$OUT/disk.qcow2" ] && [ -f "$OUT/vmlinuz" ] &&
		[ -f "$OUT/initrd.img" ] && [ -x "$OUT/rootfs/usr/bin/python3" ]
}

t0=$(date +%s.%N)
elapsed() {
	echo "$(date +%s.%N) $t0" | awk '{ printf "%.2f", $1 - $2 }'
}

if is_complete; then
	ln -sfn "$key" "$DEB/.current.$$" && mv -T "$DEB/.current.$$" "$DEB/current"
	echo "build-debian-guest: up to date ($OUT, $(elapsed) s)"
	exit 0
fi

mkdir -p "$DEB"
chmod 755 "$CACHE" "$DEB"
exec 8>>"$CACHE/.lock"
if ! flock -n 8; then
	echo "build-debian-guest: waiting for another e2e-deps.sh or build-guest.sh" >&2
	flock -w 1800 8 || die "lock $CACHE/.lock still held"
fi
# Someone else may have built it while we waited.
if is_complete; then
	ln -sfn "$key" "$DEB/.current.$$" && mv -T "$DEB/.current.$$" "$DEB/current"
	echo "build-debian-guest: up to date ($OUT, built by another run; $(elapsed) s)"
	exit 0
fi

for c in debootstrap qemu-img mkfs.ext4 unshare chroot flock; do
	command -v "$c" >/dev/null 2>&1 || [ -x "/usr/sbin/$c" ] || [ -x "/sbin/$c" ] ||
		die "$c is missing (scripts/e2e-deps.sh installs debootstrap qemu-utils e2fsprogs)"
done

# The archive apt uses: the first "deb" source for $SUITE (one-line
# sources.list format, or deb822 .sources stanzas).
mirror_of_list() {
	# deb [options] URI SUITE COMPONENTS...
	sed -e 's/#.*//' -e 's/\[[^]]*\]//' "$@" 2>/dev/null |
		awk -v s="$SUITE" '$1 == "deb" && $3 == s { print $2; exit }'
}
mirror_of_sources() {
	# Stanzas separated by blank lines; Types:, URIs:, Suites: fields.
	awk -v s="$SUITE" '
		function flush() {
			if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " s " ") && uris != "" && !found) {
				split(uris, u, " "); print u[1]; found = 1
			}
			types = ""; uris = ""; suites = ""; enabled = 1
		}
		/^[[:space:]]*#/ { next }
		/^[[:space:]]*$/ { flush(); next }
		tolower($1) == "types:" { $1 = ""; types = $0; sub(/^ +/, "", types) }
		tolower($1) == "uris:" { $1 = ""; uris = $0; sub(/^ +/, "", uris) }
		tolower($1) == "suites:" { $1 = ""; suites = $0; sub(/^ +/, "", suites) }
		tolower($1) == "enabled:" && tolower($2) == "no" { types = "" }
		END { flush() }
	' "$@" 2>/dev/null | head -n 1
}
find_mirror() {
	m=
	[ -f /etc/apt/sources.list ] && m=$(mirror_of_list /etc/apt/sources.list)
	for f in /etc/apt/sources.list.d/*.list; do
		[ -n "$m" ] && break
		[ -f "$f" ] && m=$(mirror_of_list "$f")
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -n "$m" ] && break
		[ -f "$f" ] && m=$(mirror_of_sources "$f")
	done
	echo "$m"
}
MIRROR=$(find_mirror)
[ -n "$MIRROR" ] || die "no 'deb' source for $SUITE in /etc/apt/sources.list{,.d/*.list,.d/*.sources}"

# Leftovers of interrupted builds (ours died with their mount namespace,
# so nothing is mounted there; --one-file-system guards anyway).
for old in "$DEB"/.tmp.*; do
	[ -d "$old" ] || continue
	pid=${old##*.}
	[ -d "/proc/$pid" ] && [ "$pid" != $$ ] && continue
	rm -rf --one-file-system -- "$old"
done

work=$DEB/.tmp.$$
rm -rf --one-file-system -- "$work"
mkdir -p "$work"
trap 'rm -rf --one-file-system -- "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
R=$work/rootfs
echo "build-debian-guest: building the Debian $SUITE guest from $MIRROR into $OUT (a few minutes)" >&2

# >>> recipe (hashed into the cache key: edit here, get a rebuild)
# Every step that mounts runs in a private mount namespace: its mounts go
# when it exits, whatever way it exits.
if ! unshare -m --propagation private debootstrap --variant=minbase \
	--include="$INCLUDE" "$SUITE" "$R" "$MIRROR" >"$work/debootstrap.log" 2>&1; then
	tail -n 30 "$work/debootstrap.log" >&2
	[ -f "$R/debootstrap/debootstrap.log" ] && tail -n 30 "$R/debootstrap/debootstrap.log" >&2
	die "debootstrap failed"
fi
inroot() {
	unshare -m --propagation private chroot "$R" "$@"
}
inroot systemctl enable systemd-networkd.service systemd-resolved.service \
	serial-getty@ttyS0.service >/dev/null 2>&1 || die "systemctl enable failed"
# qemu-ga: started by udev when the org.qemu.guest_agent.0 port appears
# (qemu-guest-agent's own rule, SYSTEMD_WANTS); make sure it is there.
grep -qs 'org.qemu.guest_agent.0' "$R"/lib/udev/rules.d/*qemu-guest-agent*.rules ||
	cat >"$R/etc/udev/rules.d/60-edgenet-e2e-qga.rules" <<'EOF'
SUBSYSTEM=="virtio-ports", ATTR{name}=="org.qemu.guest_agent.0", TAG+="systemd", ENV{SYSTEMD_WANTS}="qemu-guest-agent.service"
EOF
mkdir -p "$R/etc/cloud/cloud.cfg.d"
cat >"$R/etc/cloud/cloud.cfg.d/90-edgenet-e2e.cfg" <<'EOF'
# edgenet e2e guest: only a NoCloud seed (CD-ROM labelled cidata) or nothing.
datasource_list: [ NoCloud, None ]
# minbase has no locales: without this `cloud-init status` reports an error.
locale: C.UTF-8
EOF
printf '/dev/vda / ext4 rw,errors=remount-ro 0 1\n' >"$R/etc/fstab"
echo debian-e2e >"$R/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 debian-e2e\n::1 localhost ip6-localhost ip6-loopback\n' >"$R/etc/hosts"
# A fresh machine-id on every first boot (each test boots a new overlay).
: >"$R/etc/machine-id"
rm -f "$R/var/lib/dbus/machine-id"
# root logs in on the serial console without a password (debugging only:
# the guest has no network service listening).
inroot passwd -d root >/dev/null
# No periodic apt work in a test guest.
rm -f "$R"/etc/systemd/system/timers.target.wants/apt-daily*.timer
inroot apt-get clean
rm -rf "$R"/var/lib/apt/lists/* "$R"/var/log/*.log "$R/debootstrap"
# The kernel and initramfs the guest boots (-kernel/-initrd).
kernel=$(ls "$R"/boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)
[ -n "$kernel" ] || die "no kernel in $R/boot"
kver=${kernel##*/vmlinuz-}
[ -f "$R/boot/initrd.img-$kver" ] || die "no initramfs for $kver in $R/boot"
cp "$kernel" "$work/vmlinuz"
cp "$R/boot/initrd.img-$kver" "$work/initrd.img"
mkfs.ext4 -q -F -L e2e-root -d "$R" "$work/disk.img" 2G >"$work/mkfs.log" 2>&1 ||
	{ cat "$work/mkfs.log" >&2; die "mkfs.ext4 failed"; }
qemu-img convert -c -O qcow2 "$work/disk.img" "$work/disk.qcow2" || die "qemu-img convert failed"
rm -f "$work/disk.img"
# <<< recipe

ver() {
	inroot dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo unknown
}
secs=$(elapsed)
{
	echo "key=$key"
	echo "layout=$LAYOUT"
	echo "mirror=$MIRROR"
	echo "kernel=$kver"
	echo "cloud_init=$(ver cloud-init)"
	echo "netplan=$(ver netplan.io)"
	echo "systemd=$(ver systemd)"
	echo "qemu_guest_agent=$(ver qemu-guest-agent)"
	echo "build_seconds=$secs"
} >"$work/info"
rm -f "$work/debootstrap.log" "$work/mkfs.log"
# The qemu process (libvirt-qemu) reads the backing image, kernel, initrd.
chmod 755 "$work" "$R"
chmod 644 "$work/disk.qcow2" "$work/vmlinuz" "$work/initrd.img" "$work/info"
: >"$work/.complete"
if [ -e "$OUT" ]; then
	# An incomplete directory of the same key (cannot happen with this
	# script, but a hand-made one might): move it aside first.
	mv -T "$OUT" "$DEB/.tmp.old$$" && rm -rf --one-file-system -- "$DEB/.tmp.old$$"
fi
mv -T "$work" "$OUT"
trap - EXIT INT TERM HUP
ln -sfn "$key" "$DEB/.current.$$" && mv -T "$DEB/.current.$$" "$DEB/current"
# Keep only this key's build.
for old in "$DEB"/*; do
	[ -d "$old" ] && [ ! -L "$old" ] && [ "$old" != "$OUT" ] && rm -rf --one-file-system -- "$old"
done
echo "build-debian-guest: built $OUT in $secs s (kernel $kver, $(du -m "$OUT/disk.qcow2" | cut -f1) MB qcow2)"
