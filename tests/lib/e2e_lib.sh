# tests/lib/e2e_lib.sh - a REAL libvirtd in a private network namespace, with a
# REAL guest under TCG, for end-to-end tests.  Sourced by bash scripts
# (`. "$top_srcdir/tests/lib/e2e_lib.sh"`), never run.  Needs root.
#
# ---------------------------------------------------------------- contract --
# Typical use (see tests/e2e/smoke.sh):
#     . "$top_srcdir/tests/lib/e2e_lib.sh"
#     e2e_prepare || exit 99                  # installs/builds, as root
#     if r=$(e2e_skip_reason); then echo "SKIP: $r"; exit 77; fi
#     e2e_start || exit 99                    # daemons up, cleanup trap set
#     e2e_define_net  mynat "<network>...</network>"
#     e2e_define_guest vm1 "<interface type='network'>...</interface>..."
#     e2e_virsh start vm1
#     ip=$(e2e_wait_lease mynat 52:54:00:e2:e0:01 60)
#     e2e_wait_agent vm1 90
#     e2e_guest_cat vm1 /proc/net/route
# Everything created is removed by e2e_cleanup, which runs by itself at exit
# (trap on EXIT, INT, TERM, HUP), on success and on failure alike.
#
# Variables (read-only for callers once e2e_start returned):
#   E2E_URI       qemu:///system - the URI to give virsh / edgenet (-c)
#   E2E_NS        the network namespace, "edgenet-e2e-<pid of the test>"
#   E2E_STATE     private run directory /run/edgenet-e2e/<pid>: daemon logs
#                 (libvirtd.log, virtlogd.log), guest consoles
#                 (<domain>.console.log), generated XML; removed at cleanup
#                 unless E2E_KEEP=1 (then left, with its path printed)
#   E2E_CACHE     /var/cache/edgenet-e2e (or $EDGENET_E2E_CACHE): packages,
#                 guest kernel and initramfs; kept across runs
#   E2E_LIBVIRTD_PID, E2E_VIRTLOGD_PID   the daemons this test started
#   With E2E_LISTEN_TCP=1 set before e2e_start (a remote host over libvirt's
#   own transport; see "Remote hosts" below), also:
#   E2E_CLIENT_NS the client's network namespace "edgenet-e2ec-<pid>",
#                 joined to E2E_NS only by a veth pair (e2e-srv in E2E_NS,
#                 10.251.0.1/30; e2e-cli in E2E_CLIENT_NS, 10.251.0.2/30);
#                 both ends exist only inside the two namespaces
#   E2E_REMOTE_ADDR  10.251.0.1, where libvirtd listens (TCP 16509)
#   E2E_REMOTE_URI   qemu+tcp://10.251.0.1/system
#
# Functions (return 0 on success; messages go to stderr as "e2e: ...";
# results, if any, go to stdout):
#   e2e_prepare              as root: scripts/e2e-deps.sh (installs what is
#                            missing) and tests/e2e/build-guest.sh; both are
#                            instant when already done.  Not root: no-op.
#   e2e_skip_reason          prints why the e2e tests cannot run here and
#                            returns 0 (skip); returns 1 and prints nothing
#                            when everything needed is present.
#   e2e_begin                the three above, as a test script starts:
#                            e2e_prepare or exit 99, e2e_skip_unless_able
#                            (SKIP, exit 77), e2e_start_or_fail (exit 99).
#   e2e_start                takes the machine-wide e2e lock (waits for another
#                            e2e test, bounded), cleans up after a crashed
#                            earlier run, refuses (returns 1, says why) if a
#                            libvirtd or virtlogd not started by us is running,
#                            snapshots the global libvirt paths, creates E2E_NS,
#                            starts virtlogd and libvirtd inside it, waits
#                            (bounded) until `virsh -c qemu:///system version`
#                            answers, installs the cleanup trap.
#   e2e_libvirtd_down [SIG]  kills that libvirtd by its pid (SIGKILL by
#                            default) and waits until it has gone; its
#                            guests and dnsmasq keep running.
#   e2e_libvirtd_up          starts it again the same way (same namespace,
#                            /dev/kvm hidden, log appended) and waits until
#                            it answers; E2E_LIBVIRTD_PID follows.
#   e2e_virsh ARGS...        virsh -c $E2E_URI ARGS...
#   e2e_define_net NAME XML  net-define + net-start (XML is a whole <network>,
#                            whose <name> must be NAME); recorded for cleanup.
#   e2e_define_guest NAME IFACES [CMDLINE]
#                            defines (does not start) a TCG guest: q35, 256 MiB,
#                            1 vCPU, kernel+initrd from the cache, serial
#                            console to $E2E_STATE/NAME.console.log, ACPI, the
#                            org.qemu.guest_agent.0 channel, 4 spare
#                            pcie-root-ports for NIC hot-plug, no graphics.
#                            IFACES: the <interface> elements (any number;
#                            e2e_nic_xml NET MAC writes one).
#                            CMDLINE: extra kernel arguments, e.g.
#                            "e2e.metric.eth1=50" (route metric of eth1's
#                            default route; default 100+N for ethN).
#   e2e_track_net NAME / e2e_track_domain NAME
#                            record an object created by other means (e.g. by
#                            `edgenet apply`) so cleanup removes it.  Cleanup
#                            also removes any object that was not there when
#                            the daemon started, tracked or not.
#   e2e_wait_lease NET MAC [TIMEOUT=60]
#                            waits until NET's dnsmasq has a lease for MAC;
#                            prints its IPv4 address (no prefix).
#   e2e_wait_agent DOMAIN [TIMEOUT=90]
#                            waits until the guest agent answers guest-ping.
#   e2e_wait_console DOMAIN REGEX [TIMEOUT=60]
#                            waits until the guest console log matches REGEX
#                            (the guest prints "e2e-guest: ethN bound ADDR ...",
#                            "e2e-guest: ready").
#   e2e_agent DOMAIN JSON [TIMEOUT=10]
#                            one guest-agent command; prints the reply JSON.
#   e2e_guest_cat DOMAIN PATH
#                            prints a guest file (guest-file-open/read/close),
#                            e.g. /proc/net/route, /etc/resolv.conf.
#   e2e_guest_exec DOMAIN PROG [ARGS...]
#                            runs PROG in the guest (guest-exec, output
#                            captured), prints its stdout, returns its exit
#                            code (stderr of PROG goes to our stderr).
#   e2e_domifaddr DOMAIN SOURCE MAC
#                            prints the IPv4 addresses (no prefix, one a line)
#                            that `virsh domifaddr --source SOURCE` reports for
#                            MAC; returns 1 with virsh's error on stderr if the
#                            source failed.
#   e2e_on_cleanup CMD       runs CMD (eval'd) first in e2e_cleanup; the lib
#                            owns the EXIT trap, so use this instead of trap.
#   e2e_cleanup              destroys+undefines the domains and networks,
#                            kills the daemons by pid and every process left in
#                            E2E_NS, deletes E2E_NS, removes every file and
#                            directory that appeared under /etc/libvirt,
#                            /var/lib/libvirt, /var/cache/libvirt,
#                            /var/log/libvirt and /run/libvirt, and restores any
#                            pre-existing /etc/libvirt file that changed.
#                            Idempotent; keeps the caller's exit status.
#   e2e_client PROG [ARGS...]
#                            (E2E_LISTEN_TCP=1 only) runs PROG in
#                            E2E_CLIENT_NS with a private mount namespace in
#                            which an empty tmpfs hides /run/libvirt (the
#                            daemon's unix sockets): PROG reaches libvirtd
#                            through E2E_REMOTE_URI, over TCP, or not at
#                            all.  stdin/stdout passed through; PROG's
#                            exit code.
#   e2e_now_ms               milliseconds since the epoch (for timings).
#   e2e_console_tail DOMAIN [N]   last N lines of the guest console (debug).
#
# The Debian guest (tests/e2e/build-debian-guest.sh; cached under
# $E2E_CACHE/debian/<key>/, see that script): Debian 12 with systemd,
# systemd-networkd + resolved (enabled), cloud-init 22.4 (datasources NoCloud,
# None; renderer netplan), netplan.io, qemu-guest-agent (started by udev when
# the agent port appears, after cloud-init's network stage), root with no
# password on ttyS0.  Under TCG the agent answers 35-60 s after start (allow
# 300 s: E2E_DEBIAN_TIMEOUT), cloud-init is done shortly after.  Its kernel
# is linux-image-amd64: the cloud flavour has no AHCI driver, so a SATA
# CD-ROM (libvirt's default bus for a cdrom on q35) stays invisible to it and
# cloud-init falls back to DataSourceNone.  While a guest runs, libvirt
# (dynamic ownership) chowns the image, kernel and initrd to libvirt-qemu and
# gives them back when it stops; all are mode 0644 either way.
# cloud-init 22.4 NoCloud, as observed (tests/e2e/debian_boot.sh): the seed
# is read again at every boot; with the same instance-id, a changed
# user-data's bootcmd runs at that boot, but the network config is not
# re-rendered ("Event Denied ... boot") unless the config cloud-init had
# before that boot allowed it: `updates: {network: {when: [boot]}}` in
# user-data takes effect from the boot after the one that first sees it,
# and from then on every boot renders the current seed's network-config.  A
# new instance-id renders it at once.
#   e2e_debian_prepare       as root: runs build-debian-guest.sh (instant
#                            when cached, minutes when not) and sets
#                            E2E_DEBIAN_DIR; prints nothing on success, the
#                            script's output and an error when it fails.  The
#                            script's own line ("... built ... in N s" / "up
#                            to date") is kept in E2E_DEBIAN_BUILD_MSG.
#   e2e_debian_dir           prints the cache directory of the current image
#                            (E2E_DEBIAN_DIR); returns 1 (and says so) when it
#                            is not built.
#   e2e_define_debian_guest NAME IFACES [EXTRA_DEVICES_XML]
#                            defines (does not start) a TCG domain: q35,
#                            1024 MiB, 2 vCPUs, ACPI, kernel+initrd of the
#                            image, cmdline "root=/dev/vda rw console=ttyS0
#                            net.ifnames=0" (NICs are eth0, eth1... in
#                            <interface> order), disk vda = a new qcow2
#                            overlay $E2E_STATE/NAME.qcow2 over the cached
#                            image (a re-define starts from a clean disk),
#                            serial console to $E2E_STATE/NAME.console.log,
#                            the org.qemu.guest_agent.0 channel, 4 spare
#                            pcie-root-ports, no graphics; on_reboot
#                            restarts.  IFACES: <interface> elements.
#                            EXTRA_DEVICES_XML: more <devices> children, e.g.
#                            a seed CD-ROM (see e2e_seed_cdrom_xml).
#                            Recorded for cleanup.
#   e2e_seed_iso ISO DIR     makes ISO (ISO 9660 + Rock Ridge + Joliet, volume
#                            label "cidata") from the files in DIR (meta-data,
#                            user-data, network-config...): a NoCloud seed.
#                            Replacing the file while the domain is shut off
#                            changes the seed for its next start.
#   e2e_seed_cdrom_xml ISO [DEV=sda]
#                            prints a read-only <disk device='cdrom'> on bus
#                            sata with ISO, for EXTRA_DEVICES_XML.
#   e2e_wait_guest_exec DOMAIN TIMEOUT PROG [ARGS...]
#                            runs PROG in the guest (e2e_guest_exec) once a
#                            second until it exits 0 or TIMEOUT s have passed
#                            (agent not answering yet counts as a failed try);
#                            prints the stdout of the successful run; on
#                            timeout prints the last try's stderr and returns
#                            its code (125: the agent never ran it).
#   e2e_wait_cloud_init DOMAIN [TIMEOUT=E2E_DEBIAN_TIMEOUT]
#                            waits (bounded) until `cloud-init status` in the
#                            guest is no longer running (agent first); prints
#                            its last status line ("status: done"); returns 0
#                            only for done.
#   e2e_debian_chroot [-b HOSTDIR] PROG [ARGS...]
#                            runs PROG chrooted in a throw-away overlay of the
#                            image's root file system (private mount
#                            namespace: proc, /dev bound; every mount and the
#                            overlay's upper layer go when PROG exits), stdin
#                            and stdout passed through, PROG's exit code.
#                            -b HOSTDIR: HOSTDIR appears as /e2e inside,
#                            read-write (e.g. netplan generate --root-dir
#                            /e2e/out; cloud-init devel net-convert -p
#                            /e2e/nc.yaml -k yaml -d /e2e/out -D debian -O
#                            netplan).  Needs only e2e_debian_prepare, not
#                            e2e_start.
#   e2e_guest_exec works with this guest too (PATH has /usr/sbin): e.g.
#   `e2e_guest_exec vm ip -j route`, `... resolvectl status`, `... networkctl
#   status eth0`, `E2E_EXEC_TIMEOUT=300 e2e_guest_exec vm cloud-init status
#   --wait`.
# Knob: E2E_DEBIAN_TIMEOUT (300 s: agent / cloud-init waits of this guest).
#
# The guest (tests/e2e/build-guest.sh): busybox + the Debian kernel, 1 vCPU
# TCG; boots in about 2-3 s of guest time (~4 s wall).  Every ethN, at boot
# or hot-plugged, runs udhcpc: address, default route via the DHCP router
# with metric 100+N (e2e.metric.ethN=M on CMDLINE overrides), nameservers of
# all NICs in /etc/resolv.conf.  qemu-ga runs on the agent channel: guest-ping,
# guest-network-get-interfaces, guest-file-open/read/write/close,
# guest-exec(-status) (busybox applets on PATH: ip, cat, udhcpc...) work.  No
# systemd, no resolved, no disk.  Console lines: "e2e-guest: init",
# "e2e-guest: ethN up, DHCP started", "e2e-guest: ethN bound A/P router R
# metric M dns D", "e2e-guest: ready", "e2e-guest: qemu-ga on /dev/vportNpM".
#
# Machine-wide effects, all undone by e2e_cleanup: files under the global
# libvirt paths listed above; the netns; the daemons.  Kept on purpose:
# /run/edgenet-e2e/ (the lock file; state dirs of running tests) and the
# cache.  One e2e run at a time on the machine: e2e_prepare/e2e_start take
# the lock /run/edgenet-e2e/lock (waits up to E2E_LOCK_TIMEOUT=900 s for
# another run, saying so).  The daemon is told to ignore /dev/kvm (an empty
# file is mounted over it, and namespaces = [] over qemu.conf, both only in
# libvirtd's own mount namespace): see the comment in e2e_start.
#
# Remote hosts (E2E_LISTEN_TCP=1 in the environment or the script before
# e2e_start): e2e_start also creates E2E_CLIENT_NS and the veth pair, and
# libvirtd runs with --listen and a config file of its own,
# $E2E_STATE/libvirtd.conf (listen_tls = 0, listen_tcp = 1, auth_tcp =
# "none", listen_addr = E2E_REMOTE_ADDR): no authentication, so it listens
# only on the namespace's address, unreachable from the host's own
# network.  e2e_start waits (bounded, E2E_START_TIMEOUT) until `virsh -c
# $E2E_REMOTE_URI version` answers from E2E_CLIENT_NS (e2e_client).
# e2e_cleanup kills what runs in E2E_CLIENT_NS and deletes it;
# e2e_recover does the same for a dead run (its name is in
# $E2E_STATE/netns-client).  Nothing on the host's own network changes.
#
# Knobs (environment): E2E_KEEP=1 keep the state dir; E2E_HIDE_KVM=0 leave
# /dev/kvm visible to libvirtd; E2E_START_TIMEOUT (60 s, daemon answering);
# E2E_LOCK_TIMEOUT (900 s); E2E_EXEC_TIMEOUT (30 s, e2e_guest_exec);
# E2E_LIBVIRT_LOG_OUTPUTS (libvirtd's LIBVIRT_LOG_OUTPUTS, default
# "3:stderr", into $E2E_STATE/libvirtd.log); EDGENET_E2E_CACHE.
# -----------------------------------------------------------------------------

E2E_URI=qemu:///system
E2E_CACHE=${EDGENET_E2E_CACHE:-/var/cache/edgenet-e2e}
E2E_RUNROOT=/run/edgenet-e2e
E2E_LOCKFILE=$E2E_RUNROOT/lock
E2E_GLOBAL_DIRS="/etc/libvirt /var/lib/libvirt /var/cache/libvirt /var/log/libvirt /run/libvirt"
E2E_NS=
E2E_CLIENT_NS=
E2E_REMOTE_ADDR=10.251.0.1
E2E_REMOTE_URI=qemu+tcp://$E2E_REMOTE_ADDR/system
E2E_STATE=
E2E_LIBVIRTD_PID=
E2E_VIRTLOGD_PID=
E2E_STARTED=no
E2E_CLEANED=no
E2E_HOOKS=
E2E_LOCKED=no
E2E_DEBIAN_DIR=
E2E_DEBIAN_BUILD_MSG=

e2e_log() {
	echo "e2e: $*" >&2
}

e2e_now_ms() {
	local t=${EPOCHREALTIME/[.,]/}
	echo $((t / 1000))
}

e2e_virsh() {
	virsh -q -c "$E2E_URI" "$@"
}

# e2e_host_state DOM: the host as text: every network (live +
# persistent, active, autostart) and DOM's persistent definition.  The
# live network XML's connections='N' is left out: it is a counter, not
# configuration, and libvirt 9 shows 0 after any live virNetworkUpdate
# until the next plug.
e2e_host_state() {
	local n
	for n in $(e2e_virsh net-list --all --name | sort); do
		echo "== network $n"
		e2e_virsh net-info "$n" | grep -E '^(Active|Persistent|Autostart):'
		e2e_virsh net-dumpxml "$n" | sed "s/ connections='[0-9]*'//"
		e2e_virsh net-dumpxml --inactive "$n"
	done
	echo "== domain $1"
	e2e_virsh dumpxml --inactive "$1"
}

# e2e_same_state DOM WANT: the host is WANT (e2e_host_state DOM) now;
# else prints the difference.
e2e_same_state() {
	local now
	now=$(e2e_host_state "$1")
	[ "$now" = "$2" ] && return 0
	diff -U4 <(printf '%s\n' "$2") <(printf '%s\n' "$now") | sed 's/^/#   /' | head -n 40
	return 1
}

# e2e_srcdir: the source tree's top (top_srcdir, or two levels above us).
e2e_srcdir() {
	if [ -n "${top_srcdir:-}" ]; then
		echo "$top_srcdir"
	else
		(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
	fi
}

# Machine-wide lock: one e2e run (daemons on the global libvirt paths, apt,
# the guest build) at a time.  Held on an fd of this shell until it exits.
e2e_lock() {
	[ $E2E_LOCKED = yes ] && return 0
	mkdir -p "$E2E_RUNROOT" || return 1
	exec {E2E_LOCKFD}>>"$E2E_LOCKFILE" || return 1
	if ! flock -n "$E2E_LOCKFD"; then
		e2e_log "waiting for another end-to-end run (pid $(cat "$E2E_LOCKFILE.owner" 2>/dev/null || echo '?')) to finish"
		if ! flock -w "${E2E_LOCK_TIMEOUT:-900}" "$E2E_LOCKFD"; then
			e2e_log "gave up waiting for the e2e lock $E2E_LOCKFILE"
			return 1
		fi
	fi
	echo $$ >"$E2E_LOCKFILE.owner"
	E2E_LOCKED=yes
}

e2e_prepare() {
	[ "$(id -u)" -eq 0 ] || return 0
	e2e_lock || return 1
	local top
	top=$(e2e_srcdir)
	if ! sh "$top/scripts/e2e-deps.sh" >&2; then
		e2e_log "scripts/e2e-deps.sh failed"
		return 1
	fi
	if ! sh "$top/tests/e2e/build-guest.sh" >&2; then
		e2e_log "tests/e2e/build-guest.sh failed"
		return 1
	fi
}

# e2e_skip_unless_able: exits 77 (SKIP, with the reason) when the harness
# cannot run here (e2e_skip_reason).
e2e_skip_unless_able() {
	local reason
	if reason=$(e2e_skip_reason); then
		echo "SKIP: $reason"
		exit 77
	fi
}

# e2e_start_or_fail: e2e_start, or exits 99 saying the daemons could not
# be started.
e2e_start_or_fail() {
	if ! e2e_start; then
		echo "could not start the daemons (see the e2e: lines above)"
		echo "0 passed, 1 failed"
		exit 99
	fi
}

# e2e_begin: how an e2e test starts: e2e_prepare (exit 99 when it
# fails), e2e_skip_unless_able, e2e_start_or_fail.
e2e_begin() {
	e2e_prepare || { echo "e2e_prepare failed"; exit 99; }
	e2e_skip_unless_able
	e2e_start_or_fail
}

e2e_skip_reason() {
	local c
	if [ "$(id -u)" -ne 0 ]; then
		echo "needs root (network namespaces, libvirtd on qemu:///system)"
		return 0
	fi
	for c in ip virsh libvirtd virtlogd qemu-system-x86_64 dnsmasq iptables flock base64; do
		if ! command -v "$c" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$c" ]; then
			echo "$c is not installed (scripts/e2e-deps.sh installs it)"
			return 0
		fi
	done
	if [ ! -c /dev/net/tun ]; then
		echo "no /dev/net/tun: guests cannot have network interfaces here"
		return 0
	fi
	if [ ! -f "$E2E_CACHE/guest/vmlinuz" ] || [ ! -f "$E2E_CACHE/guest/initrd.img" ]; then
		echo "the test guest is not built ($E2E_CACHE/guest): run tests/e2e/build-guest.sh"
		return 0
	fi
	if ! ip netns list >/dev/null 2>&1; then
		echo "network namespaces are not usable here"
		return 0
	fi
	return 1
}

# e2e_alive PID: the process exists (and is not a zombie).
e2e_alive() {
	[ -n "$1" ] && [ -d "/proc/$1" ] &&
		! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}

# e2e_kill PID...: TERM, wait up to 5 s, then KILL; only the given pids.
e2e_kill() {
	local p left
	for p in "$@"; do
		e2e_alive "$p" && kill -TERM "$p" 2>/dev/null
	done
	for _ in $(seq 50); do
		left=
		for p in "$@"; do
			e2e_alive "$p" && left="$left $p"
		done
		[ -z "$left" ] && return 0
		sleep 0.1
	done
	for p in $left; do
		e2e_log "pid $p did not stop on TERM: KILL"
		kill -KILL "$p" 2>/dev/null
	done
	for _ in $(seq 30); do
		left=
		for p in "$@"; do
			e2e_alive "$p" && left="$left $p"
		done
		[ -z "$left" ] && return 0
		sleep 0.1
	done
	return 1
}

# e2e_reaped PID...: wait up to 3 s until the pids have left the process
# table (exited children of init are reaped by it, not by us).
e2e_reaped() {
	local p left
	for _ in $(seq 30); do
		left=
		for p in "$@"; do
			[ -d "/proc/$p" ] && left="$left $p"
		done
		[ -z "$left" ] && return 0
		sleep 0.1
	done
	e2e_log "still in the process table (exited, not yet reaped?):$left"
	return 1
}

# e2e_foreign_daemons: libvirtd/virtlogd processes not started by this run.
e2e_foreign_daemons() {
	local p comm
	for p in $(pidof libvirtd virtlogd 2>/dev/null); do
		[ "$p" = "$E2E_LIBVIRTD_PID" ] || [ "$p" = "$E2E_VIRTLOGD_PID" ] && continue
		comm=$(cat "/proc/$p/comm" 2>/dev/null) || continue
		echo "$comm pid $p (network namespace: $(ip netns identify "$p" 2>/dev/null | grep . || echo "the host's"))"
	done
}

# e2e_snapshot DIR: what exists under the global libvirt paths, and a copy of
# /etc/libvirt, so cleanup can remove only what is new.
e2e_snapshot() {
	local d
	for d in $E2E_GLOBAL_DIRS; do
		[ -e "$d" ] && find "$d" -xdev 2>/dev/null
	done | LC_ALL=C sort >"$1/before.list"
	if [ -d /etc/libvirt ]; then
		tar -C / -cpf "$1/etc-libvirt.tar" etc/libvirt 2>/dev/null
		(cd / && find etc/libvirt -type f -exec sha256sum {} + 2>/dev/null) >"$1/etc-libvirt.sha256"
	fi
	[ -d /sys/fs/cgroup/machine ] && echo yes >"$1/cgroup-machine-existed"
	return 0
}

# e2e_restore_globals DIR: undo e2e_snapshot's view: remove what is new,
# restore changed /etc/libvirt files.
e2e_restore_globals() {
	local st=$1 d p parent
	[ -f "$st/before.list" ] || return 0
	for d in $E2E_GLOBAL_DIRS; do
		[ -e "$d" ] && find "$d" -xdev 2>/dev/null
	done | LC_ALL=C sort >"$st/after.list"
	LC_ALL=C comm -13 "$st/before.list" "$st/after.list" >"$st/new.list"
	# Remove each new path whose parent is not new itself (rm -rf takes the rest).
	while IFS= read -r p; do
		parent=$(dirname "$p")
		if ! grep -qxF "$parent" "$st/new.list"; then
			rm -rf -- "$p"
		fi
	done <"$st/new.list"
	if [ -f "$st/etc-libvirt.sha256" ]; then
		(cd / && sha256sum --quiet -c "$st/etc-libvirt.sha256" 2>/dev/null) |
			sed -n 's/: FAILED.*$//p' >"$st/changed.list"
		if [ -s "$st/changed.list" ]; then
			e2e_log "restored $(wc -l <"$st/changed.list") pre-existing /etc/libvirt file(s) the daemon had rewritten"
			tar -C / -xpf "$st/etc-libvirt.tar" -T "$st/changed.list"
		fi
	fi
	if [ ! -f "$st/cgroup-machine-existed" ] && [ -d /sys/fs/cgroup/machine ]; then
		# libvirt's per-VM cgroups live below; remove the empty tree it made.
		find /sys/fs/cgroup/machine -depth -type d -exec rmdir {} \; 2>/dev/null
	fi
	return 0
}

# e2e_recover: clean up after earlier runs that died without cleaning up
# (their owner pid is gone), using their own snapshots.
e2e_recover() {
	local st owner ns pids
	for st in "$E2E_RUNROOT"/*/; do
		[ -d "$st" ] || continue
		st=${st%/}
		owner=$(cat "$st/owner" 2>/dev/null)
		[ -n "$owner" ] && [ "$owner" != $$ ] || continue
		e2e_alive "$owner" && continue
		e2e_log "cleaning up after a dead e2e run (pid $owner, $st)"
		ns=$(cat "$st/netns" 2>/dev/null)
		if [ -n "$ns" ] && ip netns list | grep -q "^$ns\b"; then
			pids=$(ip netns pids "$ns" 2>/dev/null)
			# shellcheck disable=SC2086
			[ -n "$pids" ] && e2e_kill $pids && e2e_reaped $pids
			ip netns delete "$ns" 2>/dev/null
		fi
		ns=$(cat "$st/netns-client" 2>/dev/null)
		if [ -n "$ns" ] && ip netns list | grep -q "^$ns\b"; then
			pids=$(ip netns pids "$ns" 2>/dev/null)
			# shellcheck disable=SC2086
			[ -n "$pids" ] && e2e_kill $pids && e2e_reaped $pids
			ip netns delete "$ns" 2>/dev/null
		fi
		e2e_restore_globals "$st"
		rm -rf -- "$st"
	done
}

e2e_start() {
	local deadline p out
	if [ $E2E_STARTED = yes ]; then
		e2e_log "e2e_start called twice"
		return 1
	fi
	e2e_lock || return 1
	e2e_recover
	out=$(e2e_foreign_daemons)
	if [ -n "$out" ]; then
		e2e_log "refusing to run: a libvirt daemon not started by this test is running:"
		printf '%s\n' "$out" | sed 's/^/e2e:     /' >&2
		e2e_log "its sockets and state are global (/run/libvirt, /var/lib/libvirt); stop it first"
		return 1
	fi
	for p in /run/libvirt/libvirt-sock /run/libvirt/virtlogd-sock; do
		if [ -S "$p" ]; then
			e2e_log "note: stale socket $p from an earlier daemon (no daemon runs)"
		fi
	done

	E2E_STATE=$E2E_RUNROOT/$$
	rm -rf -- "$E2E_STATE"
	mkdir -p "$E2E_STATE" || return 1
	chmod 755 "$E2E_RUNROOT" "$E2E_STATE"
	echo $$ >"$E2E_STATE/owner"
	e2e_snapshot "$E2E_STATE"
	: >"$E2E_STATE/domains"
	: >"$E2E_STATE/networks"

	E2E_NS=edgenet-e2e-$$
	echo "$E2E_NS" >"$E2E_STATE/netns"
	# From here on, whatever happens, cleanup runs.
	E2E_STARTED=yes
	trap 'e2e_cleanup' EXIT
	trap 'e2e_cleanup; trap - EXIT; exit 130' INT
	trap 'e2e_cleanup; trap - EXIT; exit 143' TERM
	trap 'e2e_cleanup; trap - EXIT; exit 129' HUP

	if ! ip netns add "$E2E_NS"; then
		e2e_log "cannot create network namespace $E2E_NS"
		return 1
	fi
	ip netns exec "$E2E_NS" ip link set lo up
	if [ "${E2E_LISTEN_TCP:-0}" = 1 ]; then
		e2e_client_ns_up || return 1
	fi

	ip netns exec "$E2E_NS" virtlogd \
		>"$E2E_STATE/virtlogd.log" 2>&1 </dev/null {E2E_LOCKFD}>&- &
	E2E_VIRTLOGD_PID=$!
	echo "$E2E_VIRTLOGD_PID" >"$E2E_STATE/virtlogd.pid"
	deadline=$((SECONDS + 20))
	until [ -S /run/libvirt/virtlogd-sock ]; do
		if ! e2e_alive "$E2E_VIRTLOGD_PID" || [ $SECONDS -ge $deadline ]; then
			e2e_log "virtlogd did not come up; its log:"
			sed 's/^/e2e:     /' "$E2E_STATE/virtlogd.log" >&2
			return 1
		fi
		sleep 0.05
	done

	e2e_libvirtd_up || return 1
	if [ "${E2E_LISTEN_TCP:-0}" = 1 ]; then
		e2e_remote_wait || return 1
	fi
	# Objects already defined (from pre-existing /etc/libvirt files) are not ours.
	e2e_virsh list --all --name | sed '/^$/d' >"$E2E_STATE/domains.before"
	e2e_virsh net-list --all --name | sed '/^$/d' >"$E2E_STATE/networks.before"
	if [ -s "$E2E_STATE/domains.before" ] || [ -s "$E2E_STATE/networks.before" ]; then
		e2e_log "note: pre-existing libvirt definitions (left alone): $(cat "$E2E_STATE/domains.before" "$E2E_STATE/networks.before" | tr '\n' ' ')"
	fi
	return 0
}

# e2e_libvirtd_up: starts libvirtd in E2E_NS (as e2e_start does, and
# again after a test killed it) and waits (bounded) until it answers;
# sets E2E_LIBVIRTD_PID and its file.
e2e_libvirtd_up() {
	local deadline
	# /dev/kvm: on these machines it exists (root-only, and no usable
	# vCPUs), the qemu capability probe - run with CAP_DAC_OVERRIDE - finds
	# KVM, while libvirt's check as the qemu user does not; libvirt then
	# takes its capability cache for stale and probes qemu again on every
	# lookup (a minute per `virsh define`).  The guests are TCG anyway, so
	# libvirtd gets an empty root-only file over /dev/kvm in its own mount
	# namespace (`ip netns exec` made one; mounts do not leak out).  A file
	# mounted under /dev breaks the private /dev libvirt makes for each
	# guest, so that daemon also reads a qemu.conf of ours (a copy of the
	# machine's with namespaces = [], mounted over it in the same private
	# mount namespace; the machine's file is not touched).
	local hide=
	if [ -e /dev/kvm ] && [ "${E2E_HIDE_KVM:-1}" = 1 ]; then
		: >"$E2E_STATE/no-kvm"
		chmod 600 "$E2E_STATE/no-kvm"
		{
			grep -v '^[[:space:]]*namespaces[[:space:]]*=' /etc/libvirt/qemu.conf 2>/dev/null
			echo "# edgenet e2e (tests/lib/e2e_lib.sh): no per-guest /dev namespace"
			echo "namespaces = []"
		} >"$E2E_STATE/qemu.conf"
		chmod 600 "$E2E_STATE/qemu.conf"
		hide="mount --bind $E2E_STATE/no-kvm /dev/kvm &&"
		if [ -f /etc/libvirt/qemu.conf ]; then
			hide="$hide mount --bind $E2E_STATE/qemu.conf /etc/libvirt/qemu.conf &&"
		fi
	fi
	local listen=
	if [ "${E2E_LISTEN_TCP:-0}" = 1 ]; then
		cat >"$E2E_STATE/libvirtd.conf" <<EOF
# edgenet e2e (tests/lib/e2e_lib.sh): TCP without authentication, on the
# test namespace's own address only
listen_tls = 0
listen_tcp = 1
auth_tcp = "none"
listen_addr = "$E2E_REMOTE_ADDR"
EOF
		listen="--listen -f $E2E_STATE/libvirtd.conf"
	fi
	LIBVIRT_LOG_OUTPUTS="${E2E_LIBVIRT_LOG_OUTPUTS:-3:stderr}" ip netns exec "$E2E_NS" \
		sh -c "$hide exec libvirtd $listen" \
		>>"$E2E_STATE/libvirtd.log" 2>&1 </dev/null {E2E_LOCKFD}>&- &
	E2E_LIBVIRTD_PID=$!
	echo "$E2E_LIBVIRTD_PID" >"$E2E_STATE/libvirtd.pid"
	deadline=$((SECONDS + ${E2E_START_TIMEOUT:-60}))
	until virsh -c "$E2E_URI" version >/dev/null 2>&1; do
		if ! e2e_alive "$E2E_LIBVIRTD_PID" || [ $SECONDS -ge $deadline ]; then
			e2e_log "libvirtd did not answer on $E2E_URI; its log:"
			tail -n 30 "$E2E_STATE/libvirtd.log" | sed 's/^/e2e:     /' >&2
			return 1
		fi
		sleep 0.1
	done
	return 0
}

# e2e_client_ns_up: E2E_CLIENT_NS and the veth pair joining it to E2E_NS
# (both ends made inside the namespaces: the host sees neither).
e2e_client_ns_up() {
	E2E_CLIENT_NS=edgenet-e2ec-$$
	echo "$E2E_CLIENT_NS" >"$E2E_STATE/netns-client"
	if ! ip netns add "$E2E_CLIENT_NS"; then
		e2e_log "cannot create network namespace $E2E_CLIENT_NS"
		return 1
	fi
	ip netns exec "$E2E_CLIENT_NS" ip link set lo up &&
		ip netns exec "$E2E_NS" ip link add e2e-srv type veth \
			peer name e2e-cli netns "$E2E_CLIENT_NS" &&
		ip netns exec "$E2E_NS" ip addr add "$E2E_REMOTE_ADDR/30" dev e2e-srv &&
		ip netns exec "$E2E_NS" ip link set e2e-srv up &&
		ip netns exec "$E2E_CLIENT_NS" ip addr add 10.251.0.2/30 dev e2e-cli &&
		ip netns exec "$E2E_CLIENT_NS" ip link set e2e-cli up || {
		e2e_log "cannot join $E2E_CLIENT_NS to $E2E_NS with a veth pair"
		return 1
	}
}

e2e_client() {
	if [ -z "$E2E_CLIENT_NS" ]; then
		e2e_log "e2e_client: no client namespace (set E2E_LISTEN_TCP=1 before e2e_start)"
		return 1
	fi
	ip netns exec "$E2E_CLIENT_NS" unshare -m sh -c \
		'mount -t tmpfs -o size=1m,mode=755 e2e-hide /run/libvirt && exec "$@"' \
		e2e-client "$@"
}

# e2e_remote_wait: waits (bounded) until the daemon answers over TCP from
# the client namespace.
e2e_remote_wait() {
	local deadline=$((SECONDS + ${E2E_START_TIMEOUT:-60}))
	until e2e_client virsh -c "$E2E_REMOTE_URI" version >/dev/null 2>&1; do
		if ! e2e_alive "$E2E_LIBVIRTD_PID" || [ $SECONDS -ge $deadline ]; then
			e2e_log "libvirtd did not answer on $E2E_REMOTE_URI from $E2E_CLIENT_NS:"
			e2e_client virsh -c "$E2E_REMOTE_URI" version 2>&1 | sed 's/^/e2e:     /' >&2
			tail -n 20 "$E2E_STATE/libvirtd.log" | sed 's/^/e2e:     /' >&2
			return 1
		fi
		sleep 0.2
	done
}

# e2e_libvirtd_down [SIGNAL]: kills the libvirtd this run started, by its
# pid (SIGKILL unless SIGNAL is given), and waits (bounded, 10 s) until
# it has gone.  Its guests keep running; e2e_libvirtd_up brings it back.
e2e_libvirtd_down() {
	local i
	e2e_alive "$E2E_LIBVIRTD_PID" || return 1
	kill -"${1:-KILL}" "$E2E_LIBVIRTD_PID" || return 1
	for i in $(seq 100); do
		e2e_alive "$E2E_LIBVIRTD_PID" || return 0
		sleep 0.1
	done
	e2e_log "libvirtd (pid $E2E_LIBVIRTD_PID) did not end on SIG${1:-KILL}"
	return 1
}

e2e_on_cleanup() {
	E2E_HOOKS="$E2E_HOOKS$1
"
}

e2e_valid_name() {
	case $1 in
	'' | *[!A-Za-z0-9_.-]*)
		e2e_log "invalid object name '$1' (letters, digits, _ . - only)"
		return 1
		;;
	esac
}

e2e_track_net() {
	grep -qxF "$1" "$E2E_STATE/networks" 2>/dev/null || echo "$1" >>"$E2E_STATE/networks"
}

e2e_track_domain() {
	grep -qxF "$1" "$E2E_STATE/domains" 2>/dev/null || echo "$1" >>"$E2E_STATE/domains"
}

e2e_define_net() {
	local name=$1 xml=$2
	e2e_valid_name "$name" || return 1
	printf '%s\n' "$xml" >"$E2E_STATE/net-$name.xml"
	e2e_track_net "$name"
	e2e_virsh net-define "$E2E_STATE/net-$name.xml" >/dev/null || return 1
	e2e_virsh net-start "$name" >/dev/null || return 1
}

# e2e_nic_xml NETWORK MAC: one virtio <interface> on the libvirt network
# NETWORK with MAC, as e2e_define_guest's IFACES take it (several NICs:
# one call a line).
e2e_nic_xml() {
	cat <<EOF
    <interface type='network'>
      <source network='$1'/>
      <mac address='$2'/>
      <model type='virtio'/>
    </interface>
EOF
}

e2e_define_guest() {
	local name=$1 ifaces=$2 cmdline=${3:-} nports _ ports='' f
	e2e_valid_name "$name" || return 1
	# One root port per NIC and for the virtio-serial controller, plus four
	# spare ones for live NIC hot-plug.
	nports=$(printf '%s\n' "$ifaces" | grep -o '<interface[ >]' | wc -l)
	nports=$((nports + 1 + 4))
	for _ in $(seq "$nports"); do
		ports="$ports    <controller type='pci' model='pcie-root-port'/>
"
	done
	f=$E2E_STATE/$name.console.log
	: >"$f"
	cat >"$E2E_STATE/dom-$name.xml" <<EOF
<domain type='qemu'>
  <name>$name</name>
  <memory unit='MiB'>256</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
    <kernel>$E2E_CACHE/guest/vmlinuz</kernel>
    <initrd>$E2E_CACHE/guest/initrd.img</initrd>
    <cmdline>console=ttyS0 panic=-1 loglevel=4 $cmdline</cmdline>
  </os>
  <features><acpi/></features>
  <clock offset='utc'/>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>destroy</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <controller type='pci' model='pcie-root'/>
$ports    <controller type='usb' model='none'/>
    <serial type='file'>
      <source path='$f'/>
      <target port='0'/>
    </serial>
    <channel type='unix'>
      <target type='virtio' name='org.qemu.guest_agent.0'/>
    </channel>
$ifaces
    <memballoon model='none'/>
  </devices>
</domain>
EOF
	e2e_track_domain "$name"
	e2e_virsh define "$E2E_STATE/dom-$name.xml" >/dev/null
}

e2e_console_tail() {
	tail -n "${2:-20}" "$E2E_STATE/$1.console.log" 2>/dev/null
}

e2e_wait_lease() {
	local net=$1 mac ip deadline=$((SECONDS + ${3:-60}))
	mac=$(echo "$2" | tr 'A-F' 'a-f')
	while :; do
		ip=$(e2e_virsh net-dhcp-leases "$net" --mac "$mac" 2>/dev/null |
			awk -v m="$mac" 'tolower($3) == m && $4 == "ipv4" { sub(/\/.*/, "", $5); print $5; exit }')
		if [ -n "$ip" ]; then
			echo "$ip"
			return 0
		fi
		if [ $SECONDS -ge $deadline ]; then
			e2e_log "no DHCP lease for $mac on network $net after ${3:-60} s"
			return 1
		fi
		sleep 0.2
	done
}

e2e_wait_agent() {
	local dom=$1 deadline=$((SECONDS + ${2:-90}))
	until e2e_virsh qemu-agent-command "$dom" --timeout 2 '{"execute":"guest-ping"}' >/dev/null 2>&1; do
		if [ $SECONDS -ge $deadline ]; then
			e2e_log "the guest agent of $dom did not answer within ${2:-90} s"
			return 1
		fi
		sleep 0.2
	done
}

e2e_wait_console() {
	local dom=$1 re=$2 deadline=$((SECONDS + ${3:-60}))
	until grep -Eq -- "$re" "$E2E_STATE/$dom.console.log" 2>/dev/null; do
		if [ $SECONDS -ge $deadline ]; then
			e2e_log "no /$re/ on $dom's console within ${3:-60} s"
			return 1
		fi
		sleep 0.2
	done
}

e2e_agent() {
	e2e_virsh qemu-agent-command "$1" --timeout "${3:-10}" "$2"
}

# e2e_json_str S: S as a JSON string literal (quotes and backslashes escaped;
# control characters are not expected in test arguments).
e2e_json_str() {
	local s=$1
	s=${s//\\/\\\\}
	s=${s//\"/\\\"}
	s=${s//$'\t'/\\t}
	s=${s//$'\n'/\\n}
	printf '"%s"' "$s"
}

e2e_guest_cat() {
	local dom=$1 path=$2 h out b64 rc=0
	out=$(e2e_agent "$dom" "{\"execute\":\"guest-file-open\",\"arguments\":{\"path\":$(e2e_json_str "$path"),\"mode\":\"r\"}}") || return 1
	h=$(printf '%s' "$out" | sed -n 's/.*"return":\([0-9]*\).*/\1/p')
	[ -n "$h" ] || { e2e_log "guest-file-open $path: $out"; return 1; }
	while :; do
		out=$(e2e_agent "$dom" "{\"execute\":\"guest-file-read\",\"arguments\":{\"handle\":$h,\"count\":65536}}") || { rc=1; break; }
		b64=$(printf '%s' "$out" | sed -n 's/.*"buf-b64":"\([^"]*\)".*/\1/p')
		printf '%s' "$b64" | base64 -d
		case $out in *'"eof":true'*) break ;; esac
		case $out in *'"count":0'*) break ;; esac
	done
	e2e_agent "$dom" "{\"execute\":\"guest-file-close\",\"arguments\":{\"handle\":$h}}" >/dev/null
	return $rc
}

e2e_guest_exec() {
	local dom=$1 prog=$2 args='' a out pid st deadline code b64
	shift 2
	for a in "$@"; do
		args="$args${args:+,}$(e2e_json_str "$a")"
	done
	out=$(e2e_agent "$dom" "{\"execute\":\"guest-exec\",\"arguments\":{\"path\":$(e2e_json_str "$prog"),\"arg\":[$args],\"capture-output\":true}}") || return 125
	pid=$(printf '%s' "$out" | sed -n 's/.*"pid":\([0-9]*\).*/\1/p')
	[ -n "$pid" ] || { e2e_log "guest-exec $prog: $out"; return 125; }
	deadline=$((SECONDS + ${E2E_EXEC_TIMEOUT:-30}))
	while :; do
		st=$(e2e_agent "$dom" "{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":$pid}}") || return 125
		case $st in *'"exited":true'*) break ;; esac
		if [ $SECONDS -ge $deadline ]; then
			e2e_log "guest-exec $prog: still running after ${E2E_EXEC_TIMEOUT:-30} s"
			return 124
		fi
		sleep 0.1
	done
	b64=$(printf '%s' "$st" | sed -n 's/.*"out-data":"\([^"]*\)".*/\1/p')
	[ -n "$b64" ] && printf '%s' "$b64" | base64 -d
	b64=$(printf '%s' "$st" | sed -n 's/.*"err-data":"\([^"]*\)".*/\1/p')
	[ -n "$b64" ] && printf '%s' "$b64" | base64 -d >&2
	code=$(printf '%s' "$st" | sed -n 's/.*"exitcode":\([0-9]*\).*/\1/p')
	return "${code:-125}"
}

e2e_domifaddr() {
	local dom=$1 src=$2 mac out
	mac=$(echo "$3" | tr 'A-F' 'a-f')
	if ! out=$(e2e_virsh domifaddr "$dom" --source "$src" --full 2>&1); then
		printf '%s\n' "$out" >&2
		return 1
	fi
	printf '%s\n' "$out" | awk -v m="$mac" 'tolower($2) == m && $3 == "ipv4" { sub(/\/.*/, "", $4); print $4 }'
}

# ---------------------------------------------------------- Debian guest --

e2e_debian_prepare() {
	local top out
	if [ "$(id -u)" -ne 0 ]; then
		e2e_log "e2e_debian_prepare: needs root (debootstrap, mkfs)"
		return 1
	fi
	e2e_lock || return 1
	top=$(e2e_srcdir)
	if ! out=$(sh "$top/tests/e2e/build-debian-guest.sh" 2>&1 {E2E_LOCKFD}>&-); then
		printf '%s\n' "$out" | sed 's/^/e2e:     /' >&2
		e2e_log "tests/e2e/build-debian-guest.sh failed"
		return 1
	fi
	E2E_DEBIAN_BUILD_MSG=$(printf '%s\n' "$out" | tail -n 1)
	E2E_DEBIAN_DIR=$(sh "$top/tests/e2e/build-debian-guest.sh" --path) || return 1
	e2e_debian_dir >/dev/null
}

e2e_debian_dir() {
	local d=$E2E_DEBIAN_DIR
	[ -n "$d" ] || d=$(sh "$(e2e_srcdir)/tests/e2e/build-debian-guest.sh" --path 2>/dev/null)
	if [ -z "$d" ] || [ ! -f "$d/.complete" ]; then
		e2e_log "the Debian guest is not built (${d:-?}): e2e_debian_prepare (as root)"
		return 1
	fi
	echo "$d"
}

e2e_define_debian_guest() {
	local name=$1 ifaces=$2 extra=${3:-} dir nports _ ports='' f disk
	e2e_valid_name "$name" || return 1
	dir=$(e2e_debian_dir) || return 1
	# A root port per NIC, the virtio-serial controller and the disk, one
	# for a virtio device in EXTRA, and four spare ones for NIC hot-plug.
	nports=$(printf '%s\n' "$ifaces" | grep -o '<interface[ >]' | wc -l)
	nports=$((nports + 3 + 4))
	for _ in $(seq "$nports"); do
		ports="$ports    <controller type='pci' model='pcie-root-port'/>
"
	done
	disk=$E2E_STATE/$name.qcow2
	rm -f "$disk"
	if ! qemu-img create -q -f qcow2 -F qcow2 -b "$dir/disk.qcow2" "$disk" >&2; then
		e2e_log "cannot create the overlay $disk"
		return 1
	fi
	f=$E2E_STATE/$name.console.log
	: >"$f"
	cat >"$E2E_STATE/dom-$name.xml" <<EOF2
<domain type='qemu'>
  <name>$name</name>
  <memory unit='MiB'>1024</memory>
  <vcpu>2</vcpu>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
    <kernel>$dir/vmlinuz</kernel>
    <initrd>$dir/initrd.img</initrd>
    <cmdline>root=/dev/vda rw console=ttyS0 net.ifnames=0</cmdline>
  </os>
  <features><acpi/></features>
  <clock offset='utc'/>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <controller type='pci' model='pcie-root'/>
$ports    <controller type='usb' model='none'/>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2' discard='unmap'/>
      <source file='$disk'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <serial type='file'>
      <source path='$f'/>
      <target port='0'/>
    </serial>
    <channel type='unix'>
      <target type='virtio' name='org.qemu.guest_agent.0'/>
    </channel>
$ifaces
$extra
    <memballoon model='none'/>
  </devices>
</domain>
EOF2
	e2e_track_domain "$name"
	e2e_virsh define "$E2E_STATE/dom-$name.xml" >/dev/null
}

e2e_seed_iso() {
	local iso=$1 dir=$2 tool
	if [ ! -f "$dir/meta-data" ]; then
		e2e_log "e2e_seed_iso: no $dir/meta-data (NoCloud needs it, even empty)"
		return 1
	fi
	rm -f "$iso.new"
	if command -v genisoimage >/dev/null 2>&1; then
		tool=genisoimage
		genisoimage -quiet -output "$iso.new" -volid cidata -joliet -rock "$dir"/. >&2
	elif command -v xorriso >/dev/null 2>&1; then
		tool=xorriso
		xorriso -as mkisofs -quiet -o "$iso.new" -V cidata -J -r "$dir"/. >&2 2>/dev/null
	else
		e2e_log "e2e_seed_iso: neither genisoimage nor xorriso is installed"
		return 1
	fi || { e2e_log "e2e_seed_iso: $tool failed"; rm -f "$iso.new"; return 1; }
	chmod 644 "$iso.new"
	mv -f "$iso.new" "$iso"
}

e2e_seed_cdrom_xml() {
	cat <<EOF2
    <disk type='file' device='cdrom'>
      <driver name='qemu' type='raw'/>
      <source file='$1'/>
      <target dev='${2:-sda}' bus='sata'/>
      <readonly/>
    </disk>
EOF2
}

e2e_wait_guest_exec() {
	local dom=$1 timeout=$2 deadline out rc left
	shift 2
	deadline=$((SECONDS + timeout))
	while :; do
		left=$((deadline - SECONDS))
		[ $left -lt 5 ] && left=5
		rc=0
		out=$(E2E_EXEC_TIMEOUT=$left e2e_guest_exec "$dom" "$@" 2>"$E2E_STATE/wait_exec.err") || rc=$?
		if [ $rc -eq 0 ]; then
			printf '%s' "$out"
			[ -n "$out" ] && echo
			return 0
		fi
		if [ $SECONDS -ge $deadline ]; then
			e2e_log "'$*' in $dom did not succeed within $timeout s (last exit code $rc)"
			sed 's/^/e2e:     /' "$E2E_STATE/wait_exec.err" >&2
			return $rc
		fi
		sleep 1
	done
}

e2e_wait_cloud_init() {
	local dom=$1 timeout=${2:-${E2E_DEBIAN_TIMEOUT:-300}} deadline st t0=$SECONDS
	deadline=$((SECONDS + timeout))
	e2e_wait_agent "$dom" "$timeout" || return 1
	while :; do
		st=$(E2E_EXEC_TIMEOUT=20 e2e_guest_exec "$dom" cloud-init status 2>/dev/null |
			sed -n 's/^status: */status: /p' | tail -n 1)
		case $st in
		'status: done')
			echo "$st"
			return 0
			;;
		'status: error' | 'status: degraded'* | 'status: disabled')
			echo "$st"
			e2e_log "cloud-init in $dom ended with '$st' after $((SECONDS - t0)) s"
			return 1
			;;
		esac
		if [ $SECONDS -ge $deadline ]; then
			echo "$st"
			e2e_log "cloud-init in $dom not done within $timeout s (last: '${st:-no answer}')"
			return 1
		fi
		sleep 1
	done
}

e2e_debian_chroot() {
	local bind='' dir tmp rc=0
	if [ "${1:-}" = -b ]; then
		bind=$(cd "$2" && pwd) || return 1
		shift 2
	fi
	[ $# -ge 1 ] || { e2e_log "usage: e2e_debian_chroot [-b HOSTDIR] PROG [ARGS...]"; return 1; }
	dir=$(e2e_debian_dir) || return 1
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/edgenet-e2e-chroot.XXXXXX") || return 1
	mkdir "$tmp/upper" "$tmp/work" "$tmp/root"
	# All mounts live in a private mount namespace that ends with PROG.
	# Where overlayfs is refused, a copy of the root (slower) does instead.
	unshare -m --propagation private sh -c '
		lower=$1 tmp=$2 bind=$3
		shift 3
		r=$tmp/root
		if ! mount -t overlay overlay \
			-o "lowerdir=$lower,upperdir=$tmp/upper,workdir=$tmp/work" "$r" 2>/dev/null; then
			cp -a --reflink=auto "$lower/." "$r/" || exit 125
		fi
		mount -t proc proc "$r/proc" || exit 125
		mount --bind /dev "$r/dev" || exit 125
		mount -t tmpfs tmpfs "$r/run" || exit 125
		mount -t tmpfs tmpfs "$r/tmp" || exit 125
		if [ -n "$bind" ]; then
			mkdir -p "$r/e2e" && mount --bind "$bind" "$r/e2e" || exit 125
		fi
		exec chroot "$r" "$@"
	' sh "$dir/rootfs" "$tmp" "$bind" "$@" || rc=$?
	rm -rf --one-file-system -- "$tmp"
	return $rc
}

# e2e_ns_delete NS: stops every process left in NS (by pid) and deletes
# it; nothing when NS is empty or does not exist.
e2e_ns_delete() {
	local pids
	[ -n "$1" ] && ip netns list | grep -q "^$1\b" || return 0
	pids=$(ip netns pids "$1" 2>/dev/null)
	if [ -n "$pids" ]; then
		e2e_log "stopping processes left in $1: $(echo $pids)"
		# shellcheck disable=SC2086
		e2e_kill $pids
	fi
	ip netns delete "$1"
}

e2e_cleanup() {
	local rc=$? name pids
	[ $E2E_STARTED = yes ] || return $rc
	[ $E2E_CLEANED = yes ] && return $rc
	E2E_CLEANED=yes
	set +e
	if [ -n "$E2E_HOOKS" ]; then
		eval "$E2E_HOOKS"
	fi
	# Every process in our namespace now (qemu, dnsmasq, the daemons): all
	# of them must be gone at the end, not only signalled.
	local nspids=
	if [ -n "$E2E_NS" ] && ip netns list | grep -q "^$E2E_NS\b"; then
		nspids=$(ip netns pids "$E2E_NS" 2>/dev/null)
	fi
	if [ -n "$E2E_LIBVIRTD_PID" ] && e2e_alive "$E2E_LIBVIRTD_PID"; then
		# Ours: the tracked ones and anything new since the daemon started.
		{
			cat "$E2E_STATE/domains"
			e2e_virsh list --all --name 2>/dev/null | sed '/^$/d' |
				grep -vxF -f "$E2E_STATE/domains.before" 2>/dev/null
		} | sort -u | while IFS= read -r name; do
			[ -n "$name" ] || continue
			e2e_virsh destroy "$name" >/dev/null 2>&1
			e2e_virsh undefine "$name" >/dev/null 2>&1
		done
		{
			cat "$E2E_STATE/networks"
			e2e_virsh net-list --all --name 2>/dev/null | sed '/^$/d' |
				grep -vxF -f "$E2E_STATE/networks.before" 2>/dev/null
		} | sort -u | while IFS= read -r name; do
			[ -n "$name" ] || continue
			e2e_virsh net-destroy "$name" >/dev/null 2>&1
			e2e_virsh net-undefine "$name" >/dev/null 2>&1
		done
	fi
	e2e_kill $E2E_LIBVIRTD_PID
	e2e_kill $E2E_VIRTLOGD_PID
	# Whatever the daemons left in our namespace (dnsmasq, qemu), and the
	# client's (a console or virsh still running there).
	e2e_ns_delete "$E2E_NS"
	e2e_ns_delete "$E2E_CLIENT_NS"
	# Those signalled by libvirt itself (net-destroy's dnsmasq) may still be
	# exiting: wait (bounded) until they are gone.
	# shellcheck disable=SC2086
	[ -n "$nspids" ] && e2e_kill $nspids
	e2e_reaped $nspids
	e2e_restore_globals "$E2E_STATE"
	if [ "${E2E_KEEP:-0}" = 1 ]; then
		e2e_log "kept $E2E_STATE (E2E_KEEP=1)"
		rm -f "$E2E_STATE/owner"
		mv "$E2E_STATE" "$E2E_STATE.kept.$(date +%s)"
	else
		rm -rf -- "$E2E_STATE"
	fi
	return $rc
}
