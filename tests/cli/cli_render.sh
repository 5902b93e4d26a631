#!/bin/sh
# cli_render.sh - the real binary's `render PLAN --out DIR`: usage and
# exit codes, nothing written (DIR not even created) for a plan with
# errors, an unreadable plan or a NIC without a MAC, the state directory
# only read; the files equal tests/golden/guestcfg/example-client-
# external-ot with their modes; the seed ISO read back with isoinfo
# (Rock Ridge) and its label with blkid/xorriso; a second render is
# identical and drops a NIC's file when the NIC is gone.  As root, the
# user-data bootcmd script itself runs in a private mount namespace
# (tmpfs over /etc/systemd/network and /run, "mount -L cidata" redirected
# to the ISO, networkctl replaced by a recorder): nothing outside the
# namespace is touched.  The kernel may lack iso9660 (a container): the
# ISO is then extracted with xorriso (Rock Ridge names; files made 0600
# so that the script's chmod shows) and that tree bind-mounted read-only.
. "$top_srcdir/tests/lib/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
E=$EDGENET_BIN
EX=$top_srcdir/data/examples
G=$top_srcdir/tests/golden/guestcfg/example-client-external-ot
ST=$tmp/state

has() {
	printf '%s\n' "$1" | grep -q -- "$2"
}
mode() {
	stat -c %a "$1"
}

# 1. Usage: plan and --out are both needed.
"$E" render "$EX/client-external-ot.cfg" >/dev/null 2>&1
rc=$?
check "no --out exits 2 (got $rc)" test $rc -eq 2
"$E" render --out "$tmp/x" >/dev/null 2>&1
rc=$?
check "no plan exits 2 (got $rc)" test $rc -eq 2
check "... and writes nothing" test ! -e "$tmp/x"
out=$("$E" render --help 2>&1)
check "render --help names --out" has "$out" "render PLAN --out DIR"
out=$("$E" --help 2>&1)
check "edgenet --help lists render" has "$out" "^  render PLAN --out DIR"

# 2. A plan with an error: exit 1, the same diagnostics as check,
# nothing written; an existing DIR stays as it was.
cat >"$tmp/gw.cfg" <<'P'
version = 1;
profile = "server";
vm = "edge-vm";
switches = ( { name = "edge-int"; type = "internal"; address = "172.20.0.1/24";
               dhcp = false; nat = true; } );
nics = ( { name = "eth0"; switch = "edge-int"; primary = true;
           mac = "52:54:00:00:00:01";
           ip = { mode = "static"; address = "172.20.0.10"; prefix = 24;
                  gateway = "172.21.0.1"; };
           dns = { servers = [ "172.20.0.1" ]; }; } );
P
out=$("$E" --state-dir "$ST" render "$tmp/gw.cfg" --out "$tmp/bad" 2>&1)
rc=$?
check "a plan with errors exits 1 (got $rc)" test $rc -eq 1
check "... naming file:line: field like check" \
	has "$out" "^$tmp/gw.cfg:9: nics\[0\]\.ip\.gateway: error: "
check "... saying nothing was written" has "$out" "nothing was written"
check "... and DIR is not created" test ! -e "$tmp/bad"
chk=$("$E" check "$tmp/gw.cfg" 2>/dev/null | grep ': error: ')
check "... the error line is check's own" \
	sh -c 'test -n "$2" && printf "%s\n" "$1" | grep -qxF -- "$2"' _ "$out" "$chk"
mkdir "$tmp/keep"
echo marker >"$tmp/keep/marker"
"$E" --state-dir "$ST" render "$tmp/gw.cfg" --out "$tmp/keep" >/dev/null 2>&1
check "... an existing DIR keeps only what it had" \
	test "$(ls -A "$tmp/keep")" = "marker"

# 3. Unreadable plans: exit 2, nothing written.
"$E" --state-dir "$ST" render "$tmp/nope.cfg" --out "$tmp/bad" >/dev/null 2>&1
rc=$?
check "a missing plan exits 2 (got $rc)" test $rc -eq 2
printf 'version = 1;\nvm = = "x";\n' >"$tmp/syntax.cfg"
"$E" --state-dir "$ST" render "$tmp/syntax.cfg" --out "$tmp/bad" >/dev/null 2>&1
rc=$?
check "a syntax error exits 2 (got $rc)" test $rc -eq 2
check "... nothing written" test ! -e "$tmp/bad"

# 4. No MAC in the plan and none kept: refused by NIC name, nothing
# written, no MAC generated (the state directory is not even created).
out=$("$E" --state-dir "$ST" render "$EX/client-external-ot.cfg" \
	--out "$tmp/bad" 2>&1)
rc=$?
check "a NIC without a MAC exits 2 (got $rc)" test $rc -eq 2
check "... naming the NIC and edgenet mac" \
	has "$out" "NIC eth0 has no MAC yet.*edgenet mac "
check "... naming eth1 too" has "$out" "NIC eth1 has no MAC yet"
check "... nothing written" test ! -e "$tmp/bad"
check "... no MAC generated (no state directory)" test ! -e "$ST"

# 5. A MAC written in the plan needs no state at all.
sed 's/172.21.0.1/172.20.0.1/' "$tmp/gw.cfg" >"$tmp/mac.cfg"
"$E" --state-dir "$tmp/nostate" render "$tmp/mac.cfg" --out "$tmp/m" \
	>/dev/null 2>&1
rc=$?
check "a plan with its MAC renders without state (got $rc)" test $rc -eq 0
check "... with that MAC" grep -qx "MACAddress=52:54:00:00:00:01" \
	"$tmp/m/networkd/05-edgenet-eth0.network"
check "... and no state directory is created" test ! -e "$tmp/nostate"

# 6. With the MACs kept in the state directory: the golden files.
mkdir "$ST"
cat >"$ST/macs.cfg" <<'P'
macs = ( { vm = "edge-vm"; nic = "eth0"; mac = "52:54:00:00:00:01"; },
         { vm = "edge-vm"; nic = "eth1"; mac = "52:54:00:00:00:02"; } );
P
cp "$ST/macs.cfg" "$tmp/macs.before"
O=$tmp/out/sub
out=$("$E" --state-dir "$ST" render "$EX/client-external-ot.cfg" \
	--out "$O" 2>&1)
rc=$?
check "render of the OT example exits 0 (got $rc)" test $rc -eq 0
test $rc -eq 0 || printf '%s\n' "$out"
check "networkd/ equals the golden files" \
	diff -r "$G/networkd" "$O/networkd"
check "cloud-init/ equals the golden files" \
	diff -r "$G/cloud-init" "$O/cloud-init"
check "the state directory is only read" \
	cmp -s "$ST/macs.cfg" "$tmp/macs.before"
check "... and holds nothing new" test "$(ls -A "$ST")" = "macs.cfg"
check "DIR is 0755 ($(mode "$O"))" test "$(mode "$O")" = 755
check "networkd files are 0644" \
	test "$(mode "$O/networkd/05-edgenet-eth1.network")" = 644
for f in meta-data user-data network-config; do
	check "cloud-init/$f is 0600" test "$(mode "$O/cloud-init/$f")" = 600
done
check "seed.iso is written" test -s "$O/seed.iso"
check "no temporary file is left" \
	test "$(find "$O" -type f | wc -l)" -eq 6
check "EDGENET_STATE_DIR selects the state too" \
	env EDGENET_STATE_DIR="$ST" "$E" render "$EX/client-external-ot.cfg" \
	--out "$tmp/env" >/dev/null 2>&1
check "... the same files" diff -r "$O/cloud-init" "$tmp/env/cloud-init"

# 7. The seed ISO holds exactly the rendered files, by their Rock Ridge
# names, under the label cidata.
if command -v isoinfo >/dev/null 2>&1; then
	for f in meta-data user-data network-config; do
		isoinfo -R -i "$O/seed.iso" -x "/$f" >"$tmp/iso-$f" 2>/dev/null
		check "seed.iso /$f equals cloud-init/$f" \
			cmp -s "$tmp/iso-$f" "$O/cloud-init/$f"
	done
	for f in 05-edgenet-eth0.network 05-edgenet-eth1.network; do
		isoinfo -R -i "$O/seed.iso" -x "/networkd/$f" >"$tmp/iso-$f" \
			2>/dev/null
		check "seed.iso /networkd/$f equals networkd/$f" \
			cmp -s "$tmp/iso-$f" "$O/networkd/$f"
	done
	isoinfo -R -f -i "$O/seed.iso" 2>/dev/null | sort >"$tmp/iso-list"
	printf '%s\n' /meta-data /network-config /networkd \
		/networkd/05-edgenet-eth0.network \
		/networkd/05-edgenet-eth1.network /user-data | sort \
		>"$tmp/want-list"
	check "seed.iso holds those files and nothing else" \
		diff "$tmp/want-list" "$tmp/iso-list"
else
	not_ok "isoinfo (genisoimage) is not installed: cannot read the seed"
fi
label=0
if command -v blkid >/dev/null 2>&1; then
	label=1
	check "seed.iso is labelled cidata (blkid)" \
		sh -c 'blkid -o export "$1" | grep -qx "LABEL=cidata"' _ \
		"$O/seed.iso"
fi
if command -v xorriso >/dev/null 2>&1; then
	label=1
	check "seed.iso's volume id is cidata (xorriso)" \
		sh -c 'xorriso -indev "$1" -pvd_info 2>/dev/null |
		       grep -q "^Volume Id *: cidata$"' _ "$O/seed.iso"
fi
test $label -eq 1 ||
	not_ok "neither blkid nor xorriso is installed: cannot read the label"

# 8. Rendering again gives the same bytes; a NIC gone from the plan
# loses its file (other files in networkd/ stay).
cp -r "$O" "$tmp/first"
"$E" --state-dir "$ST" render "$EX/client-external-ot.cfg" --out "$O" \
	>/dev/null 2>&1
check "a second render is byte-identical (ISO included)" \
	diff -r "$tmp/first" "$O"
echo mine >"$O/networkd/other.conf"
out=$("$E" --state-dir "$ST" render "$EX/client-default-dhcp.cfg" \
	--out "$O" 2>&1)
rc=$?
check "a one-NIC plan into the same DIR exits 0 (got $rc)" test $rc -eq 0
check "... eth1's file is removed" \
	test ! -e "$O/networkd/05-edgenet-eth1.network"
check "... saying so" has "$out" "removed .*05-edgenet-eth1.network"
check "... a file not ours stays" test -e "$O/networkd/other.conf"
rm -f "$O/networkd/other.conf"
check "... eth0's file is the one-NIC plan's" \
	diff -r "$top_srcdir/tests/golden/guestcfg/example-client-default-dhcp/networkd" \
	"$O/networkd"

# 9. The bootcmd script, run for real in a private mount namespace.
run_boot() {	# SEED: the ISO (or a missing file: no seed)
	rm -rf "$tmp/ns" && mkdir -p "$tmp/ns/bin" "$tmp/ns/after" \
		"$tmp/ns/tree"
	if [ -f "$1" ]; then
		xorriso -osirrox on -indev "$1" -extract / "$tmp/ns/tree" \
			>/dev/null 2>&1
		find "$tmp/ns/tree" -type f -exec chmod 0600 {} +
	fi
	cat >"$tmp/ns/bin/mount" <<'S'
#!/bin/sh
# Only the seed mount is redirected: the label to the ISO (loop) or,
# without iso9660 in the kernel, to its extracted tree, read-only.
if [ "$#" -eq 5 ] && [ "$1 $2 $3 $4" = "-o ro -L cidata" ]; then
	[ -f "$SEED" ] || exit 32
	/bin/mount -o ro,loop "$SEED" "$5" 2>/dev/null && exit 0
	/bin/mount --bind "$NS/tree" "$5" || exit 32
	exec /bin/mount -o remount,bind,ro "$5"
fi
exec /bin/mount "$@"
S
	cat >"$tmp/ns/bin/networkctl" <<'S'
#!/bin/sh
echo "networkctl $*" >>"$NS/reload.log"
S
	chmod +x "$tmp/ns/bin/mount" "$tmp/ns/bin/networkctl"
	python3 -c 'import sys, yaml
print(yaml.safe_load(open(sys.argv[1]))["bootcmd"][0], end="")' \
		"$O/cloud-init/user-data" >"$tmp/ns/boot.sh" 2>/dev/null ||
		sed -n '/^  - |$/,$s/^    //p' "$O/cloud-init/user-data" \
		>"$tmp/ns/boot.sh"
	SEED=$1 NS=$tmp/ns PRELOAD=${2:-} unshare -m sh -c '
		set -e
		mount --make-rprivate /
		mount -t tmpfs tmpfs /etc/systemd/network
		mount -t tmpfs tmpfs /run
		if [ -n "$PRELOAD" ]; then
			cp "$PRELOAD"/* /etc/systemd/network/
		else
			echo old >/etc/systemd/network/05-edgenet-gone.network
		fi
		echo other >/etc/systemd/network/50-other.network
		set +e
		PATH=$NS/bin:$PATH sh "$NS/boot.sh" >"$NS/out" 2>&1
		echo $? >"$NS/rc"
		cp -a /etc/systemd/network/. "$NS/after/"
		ls -A /run | grep edgenet >"$NS/run"
		grep -c " /run/edgenet-seed" /proc/self/mountinfo >"$NS/mounts"
		true'
}
if [ "$(id -u)" -ne 0 ] || ! unshare -m true 2>/dev/null ||
   ! [ -d /etc/systemd/network ] || ! command -v xorriso >/dev/null 2>&1; then
	echo "# skipped: running the bootcmd script needs root, unshare -m and xorriso"
else
	# the two-NIC seed again
	"$E" --state-dir "$ST" render "$EX/client-external-ot.cfg" --out "$O" \
		>/dev/null 2>&1
	run_boot "$O/seed.iso"
	A=$tmp/ns/after
	check "bootcmd exits 0 ($(cat "$tmp/ns/rc" 2>/dev/null): $(cat "$tmp/ns/out" 2>/dev/null))" \
		test "$(cat "$tmp/ns/rc" 2>/dev/null)" = 0
	check "... installs the seed's networkd files" \
		sh -c 'cmp -s "$1/05-edgenet-eth0.network" "$2/05-edgenet-eth0.network" &&
		       cmp -s "$1/05-edgenet-eth1.network" "$2/05-edgenet-eth1.network"' \
		_ "$A" "$O/networkd"
	check "... as 0644" test "$(mode "$A/05-edgenet-eth1.network")" = 644
	check "... removes an old file of ours" \
		test ! -e "$A/05-edgenet-gone.network"
	check "... keeps other files" test -e "$A/50-other.network"
	check "... leaves no temporary directory" \
		test "$(ls -A "$A" | sort | tr '\n' ' ')" = \
		"05-edgenet-eth0.network 05-edgenet-eth1.network 50-other.network "
	check "... reloads networkd once" \
		test "$(cat "$tmp/ns/reload.log" 2>/dev/null)" = "networkctl reload"
	check "... unmounts the seed and removes its mount point" \
		sh -c 'test "$(cat "$1/mounts")" = 0 && test ! -s "$1/run"' _ "$tmp/ns"
	run_boot "$O/seed.iso" "$O/networkd"
	A=$tmp/ns/after
	check "the same files in place: bootcmd exits 0 ($(cat "$tmp/ns/out" 2>/dev/null))" \
		test "$(cat "$tmp/ns/rc" 2>/dev/null)" = 0
	check "... and does not reload networkd (nothing changed)" \
		test ! -e "$tmp/ns/reload.log"
	run_boot "$tmp/no-such.iso"
	A=$tmp/ns/after
	check "no seed: bootcmd exits 0 ($(cat "$tmp/ns/out" 2>/dev/null))" \
		test "$(cat "$tmp/ns/rc" 2>/dev/null)" = 0
	check "... changes nothing" \
		test "$(ls -A "$A" | sort | tr '\n' ' ')" = \
		"05-edgenet-gone.network 50-other.network "
	check "... and does not reload" test ! -e "$tmp/ns/reload.log"
	check "... cleans up its mount point" test ! -s "$tmp/ns/run"
fi
finish
