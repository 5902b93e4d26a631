#!/bin/sh
# tmux_demo_safety.sh - the demo never touches this machine.  The real
# console runs on the bundled demo host (--demo) inside a network
# namespace of the test's own (ip netns, as root) that has something to
# change: veth pairs a0/a1 and b0/b1 with addresses, two default routes
# and a plain route.  Every screen reachable from home is opened and its
# keys pressed - the route panel on this machine and on the VM (v, m,
# digits, Enter, Up/Down, 6, l, r, PgUp/PgDn), the VM-addresses and DNS
# panels, help, each wizard step, the review and the demo's apply (kept,
# then rolled back) - and afterwards:
#   - `ip -j route show table all`, `ip -j link` and `ip -j addr` in the
#     namespace are exactly as before;
#   - the route panel says on screen that this machine's routes are
#     read-only in the demo, and why;
#   - nothing was written below /var/lib (a private tmpfs there, in the
#     console's own mount namespace): the demo keeps its state in a
#     directory of its own;
#   - the external switch's uplinks are the demo host's (its node file,
#     data/demo-node.xml), not the namespace's a0/a1/b0/b1, and the step
#     says where the list came from.
# Even a bug could only change the namespace, which is deleted at the
# end.  Skips (77) without root, tmux or ip netns.
. "$top_srcdir/tests/lib/tmux_lib.sh"

[ "$(id -u)" -eq 0 ] || skip_all "needs root (ip netns)"
command -v ip >/dev/null 2>&1 || skip_all "ip (iproute2) is not installed"
command -v unshare >/dev/null 2>&1 || skip_all "unshare (util-linux) is not installed"

BIN=$EDGENET_BIN
NS=edgenet-safety-$$
ip netns add "$NS" 2>/dev/null || skip_all "cannot make a network namespace"
trap 'tm_cleanup; ip netns del "$NS" 2>/dev/null' EXIT

inns() { ip netns exec "$NS" "$@"; }

# something to change: links, addresses, default routes, a route
set -e
inns ip link set lo up
inns ip link add a0 address 52:54:00:aa:00:01 type veth peer name a1
inns ip link add b0 address 52:54:00:bb:00:01 type veth peer name b1
for l in a0 a1 b0 b1; do
	# no IPv6 link-local address appearing by itself after the snapshot
	inns ip link set "$l" addrgenmode none
	inns ip link set "$l" up
done
inns ip addr add 10.1.0.2/24 dev a0
inns ip addr add 10.2.0.2/24 dev b0
inns ip route add default via 10.1.0.1 dev a0 metric 100
inns ip route add default via 10.2.0.1 dev b0 metric 200
inns ip route add 198.51.100.0/24 via 10.1.0.1 dev a0 metric 7
set +e

# snapshot FILE: every route of every table, the links and addresses
snapshot() {
	{
		ip -n "$NS" -j route show table all
		ip -n "$NS" -6 -j route show table all
		ip -n "$NS" -j link
		ip -n "$NS" -j addr
	} >"$1"
}
snapshot "$TM_TMP/first.json"
grep -q '"dst":"default"' "$TM_TMP/first.json" ||
	{ echo "# no default route in the namespace"; exit 1; }

printf 'confirm_timeout = 3;\n' >"$TM_TMP/edgenet.conf"
cat >"$TM_TMP/lab.cfg" <<'P'
version = 1;
profile = "server";
vm = "edge-vm";
switches = (
  { name = "lab-net"; type = "internal"; address = "10.77.0.1/24";
    dhcp = true; dhcp_start = "10.77.0.100"; dhcp_end = "10.77.0.199";
    nat = true; } );
nics = (
  { name = "eth0"; switch = "lab-net"; primary = true;
    mac = "52:54:00:aa:00:01";
    ip = { mode = "static"; address = "10.77.0.10"; prefix = 24;
           gateway = "10.77.0.1"; };
    dns = { servers = [ "10.77.0.1" ]; };
    metric = 100; } );
P

# demo ARGS...: the console on the demo host inside the namespace, in a
# mount namespace of its own with an empty tmpfs on /var/lib (listed into
# $TM_TMP/varlib when the console ends), no EDGENET_STATE_DIR.
demo() {
	{
		echo "mount -t tmpfs edgenet-safety /var/lib || exit 1"
		printf 'env -u EDGENET_STATE_DIR LANG=C.UTF-8 LC_ALL=C.UTF-8 '
		printf "EDGENET_DATADIR='%s' EDGENET_SETTINGS='%s' '%s' --demo" \
			"$EDGENET_DATADIR" "$TM_TMP/edgenet.conf" "$BIN"
		for _a in "$@"; do
			printf " '%s'" "$_a"
		done
		printf " 2>'%s'\n" "$TM_TMP/stderr"
		echo "_rc=\$?"
		echo "(cd /var/lib && find . -mindepth 1) >'$TM_TMP/varlib'"
		echo "exit \$_rc"
	} >"$TM_TMP/demo.sh"
	rm -f "$TM_TMP/varlib"
	snapshot "$TM_TMP/before.json"
	tm_start_cmd 80 24 "ip netns exec '$NS' unshare -m sh '$TM_TMP/demo.sh'"
}

# press KEYS...: each key on its own (tmux key names or literal text),
# while the console runs (a key may end it: the rest are not pressed)
press() {
	for _k in "$@"; do
		if ! tm_keys "$_k" 2>/dev/null; then
			echo "# the console ended before key '$_k'"
			return 0
		fi
	done
}

# The keys every screen gets: digits, letters that are commands
# somewhere (never q), editing and moving keys, Space, Enter.
ALL_KEYS="0 1 2 3 4 5 6 7 8 9 a d e l m o r u v + - Space Tab BTab \
Up Down Left Right NPage PPage Home End BSpace Enter"

# quit DESCRIPTION: Ctrl-X (and yes to an unsaved-changes question); the
# console ends within 30 s and wrote nothing below /var/lib.
quit() {
	tm_keys C-x
	tm_poll 2 sh -c "tmux -L '$TM_SOCK' capture-pane -p -t 0 2>/dev/null | \
		grep -q 'without saving'" && tm_keys y
	rc=$(tm_exit_status 30)
	check "$1: the console ends (status $rc)" [ "$rc" = 0 ]
	if [ -e "$TM_TMP/varlib" ] && [ ! -s "$TM_TMP/varlib" ]; then
		ok "$1: nothing written below /var/lib"
	else
		not_ok "$1: nothing written below /var/lib"
		sed 's/^/# wrote: \/var\/lib\//' "$TM_TMP/varlib" 2>/dev/null
	fi
	snapshot "$TM_TMP/after.json"
	if cmp -s "$TM_TMP/before.json" "$TM_TMP/after.json"; then
		ok "$1: routes, links and addresses unchanged"
	else
		not_ok "$1: routes, links and addresses unchanged"
		diff "$TM_TMP/before.json" "$TM_TMP/after.json" | head -6 |
			cut -c1-200 | sed 's/^/# /'
	fi
}

# --- 1. the route panel: this machine's view is read-only ---
routes_panel() {
	demo
	must "home" "w wizard" 30 || return
	tm_keys t
	must "t: the route panel on this machine" \
		"Route metrics - this machine" || return
	must "it shows the namespace's default route" "10.1.0.1" || return
	check "and says this machine is read-only in the demo" \
		tm_wait "read-only in the demo"
	tm_keys m
	tm_type 42
	tm_keys Enter
	check "m 42 Enter: refused, saying why" \
		tm_wait "not changed in the demo"
	press Enter 7 Enter Down m 9 9 Enter Up Enter 1 Enter
	press 6 6 l l r NPage PPage Home
	tm_keys v
	must "v: the VM's view" "Route metrics - the VM" || return
	press $ALL_KEYS
	tm_keys Escape
	tm_wait "w wizard" || tm_keys Escape
	must "back home" "w wizard" || return
	tm_keys t
	must "t again" "Route metrics" || return
	press v m 4 2 Enter $ALL_KEYS
	quit "route panel"
}

# --- 2. the other panels and help ---
other_panels() {
	demo
	must "home" "w wizard" 30 || return
	tm_keys a
	must "a: the VM-addresses panel" "edgenet - VM addresses" || return
	press $ALL_KEYS
	tm_keys Escape
	must "back home" "w wizard" || return
	tm_keys d
	must "d: the DNS panel" "edgenet - DNS status" || return
	press $ALL_KEYS j k
	tm_keys Escape
	must "back home again" "w wizard" || return
	tm_keys '?'
	must "?: help" "edgenet - help" || return
	tm_keys Escape
	must "home after help" "w wizard" || return
	press $ALL_KEYS
	quit "panels"
}

# --- 3. every wizard step, its keys pressed; the uplinks offered ---
wizard_step() {
	n=$1
	demo wizard --plan "$TM_TMP/lab.cfg"
	must "step $n: the wizard opens" "Step 1 of 6" 30 || return
	i=1
	while [ "$i" -lt "$n" ]; do
		tm_keys C-n
		i=$((i + 1))
		tm_wait "Step $i of 6" || { not_ok "to step $n"; return; }
	done
	must "step $n reached" "Step $n of 6" || return
	press $ALL_KEYS
	tm_type "eth9 10.9.9.9/24 br-x"
	press $ALL_KEYS
	quit "wizard step $n"
}

uplinks() {
	cat >"$TM_TMP/ext.cfg" <<'P'
version = 1;
profile = "client";
vm = "edge-vm";
switches = ( { name = "plant"; type = "external"; uplink = "enp4s0";
               mode = "bridge"; bridge = "br0"; } );
nics = ( { name = "eth0"; switch = "plant"; primary = true;
           ip = { mode = "dhcp"; }; } );
P
	demo wizard --plan "$TM_TMP/ext.cfg"
	must "external switch: the wizard opens" "Step 1 of 6" 30 || return
	tm_keys C-n
	must "step 2: the external switch" "Step 2 of 6" || return
	check "the demo host's NIC enp2s0 is offered, with its MAC" \
		tm_wait "enp2s0     00:1b:21:3a:4c:10"
	check "and its NIC enp3s0 without carrier" \
		tm_wait "enp3s0     00:1b:21:3a:4c:11 no carrier"
	check "the step says where the list came from" \
		tm_wait "demo host"
	check "no interface of this machine is offered" \
		sh -c "! tmux -L '$TM_SOCK' capture-pane -p -t 0 | \
			grep -Eq '(^| )(a0|a1|b0|b1) '"
	quit "uplinks"
}

# --- 4. the review and the demo's apply: kept, or rolled back ---
apply_path() {
	demo wizard --plan "$TM_TMP/lab.cfg"
	must "apply ($1): the wizard opens" "Step 1 of 6" 30 || return
	tm_keys C-n C-n C-n C-n C-n
	must "the review" "Step 6 of 6: Review" || return
	must "Apply is offered" "[ Apply ]" || return
	press NPage NPage PPage End Home
	tm_keys Tab Enter
	must "Apply runs on the demo host" "Keep this change? y/n" 30 ||
		return
	if [ "$1" = keep ]; then
		tm_keys y
		must "y keeps it" "Applied and kept" 30 || return
	else
		must "not confirmed: rolled back by itself" "Rolled back" 30 ||
			return
	fi
	press $ALL_KEYS
	quit "apply ($1)"
}

routes_panel
other_panels
for s in 1 2 3 4 5 6; do
	wizard_step "$s"
done
uplinks
apply_path keep
apply_path timeout

# The commands on the demo host keep nothing of this machine's either:
# mac, apply (kept), status and render, each in the namespace with an
# empty tmpfs on /var/lib and TMPDIR of the test's own; afterwards
# /var/lib is still empty and no demo directory is left in TMPDIR.
cli_commands() {
	mkdir -p "$TM_TMP/tmpdir" "$TM_TMP/render"
	sed '/mac = /d' "$TM_TMP/lab.cfg" >"$TM_TMP/nomac.cfg"
	{
		echo "mount -t tmpfs edgenet-safety /var/lib || exit 1"
		for _c in "mac '$TM_TMP/nomac.cfg'" \
			  "apply --yes --confirm-timeout 5 '$TM_TMP/nomac.cfg'" \
			  "status --vm" "render '$TM_TMP/lab.cfg' --out '$TM_TMP/render'"; do
			printf 'env -u EDGENET_STATE_DIR TMPDIR=%s ' \
				"'$TM_TMP/tmpdir'"
			printf "EDGENET_DATADIR='%s' EDGENET_SETTINGS='%s' '%s' --demo %s" \
				"$EDGENET_DATADIR" "$TM_TMP/edgenet.conf" "$BIN" "$_c"
			printf " >>'%s' 2>&1 </dev/null\n" "$TM_TMP/cli.out"
			echo "echo \"rc \$?\" >>'$TM_TMP/cli.rc'"
		done
		echo "(cd /var/lib && find . -mindepth 1) >'$TM_TMP/varlib'"
	} >"$TM_TMP/cli.sh"
	rm -f "$TM_TMP/varlib" "$TM_TMP/cli.rc"
	snapshot "$TM_TMP/before.json"
	ip netns exec "$NS" unshare -m sh "$TM_TMP/cli.sh" </dev/null
	check "demo mac, apply, status, render: each ends 0 or 1 ($(tr '\n' ' ' <"$TM_TMP/cli.rc"))" \
		sh -c "[ \$(grep -c '^rc [01]\$' '$TM_TMP/cli.rc') -eq 4 ]"
	check "demo mac: a MAC is generated and shown" \
		grep -q '^eth0 52:54:00:' "$TM_TMP/cli.out"
	check "demo mac and apply: they say the state lasts for this run only" \
		grep -q 'lasts for this run only' "$TM_TMP/cli.out"
	if [ -e "$TM_TMP/varlib" ] && [ ! -s "$TM_TMP/varlib" ]; then
		ok "demo commands: nothing written below /var/lib"
	else
		not_ok "demo commands: nothing written below /var/lib"
		sed 's/^/# wrote: \/var\/lib\//' "$TM_TMP/varlib" 2>/dev/null
	fi
	check "demo commands: their own state directories are removed" \
		sh -c "[ -z \"\$(ls -A '$TM_TMP/tmpdir')\" ]"
	snapshot "$TM_TMP/after.json"
	check "demo commands: routes, links and addresses unchanged" \
		cmp -s "$TM_TMP/before.json" "$TM_TMP/after.json"
	sed 's/^/# /' "$TM_TMP/cli.out" | head -40
}
cli_commands
# and over all the sessions together
snapshot "$TM_TMP/last.json"
check "after every session: the namespace is as it was at the start" \
	cmp -s "$TM_TMP/first.json" "$TM_TMP/last.json"
finish
