#!/bin/sh
# tmux_wizard.sh - the real edgenet console, driven through tmux on the
# bundled demo host: three complete walk-throughs of the wizard, each
# ending in a saved plan that `edgenet check` accepts (client/default/DHCP;
# server/internal/static with DNS; client with an external NIC plus an
# offline OT NIC on a new switch whose suggested bridge name is taken with
# Tab, inside a network namespace with veth NICs), a gateway
# outside the subnet shown at its field and blocking Next, a resize in the
# middle of a step keeping what was typed, a 60x20 terminal getting the
# too-small message until enlarged, quitting with unsaved changes
# asking first, and the wizard opened again from home after a save
# opening the saved file (then the demo's plant network reused with its
# bridge's port as the uplink).  Skips (77) without tmux; the namespace walk-through is
# skipped alone where no network namespace can be made.
. "$top_srcdir/tests/lib/tmux_lib.sh"

BIN=$EDGENET_BIN

# check_plan FILE DESCRIPTION: the saved plan passes `edgenet check`.
check_plan() {
	if [ ! -s "$1" ]; then
		not_ok "$2: $1 was saved"
		return 1
	fi
	if out=$(EDGENET_DATADIR=$EDGENET_DATADIR "$BIN" check "$1" 2>&1); then
		ok "$2: edgenet check accepts the saved plan"
	else
		echo "$out" | sed 's/^/# /'
		not_ok "$2: edgenet check accepts the saved plan"
	fi
}

# quit_clean DESCRIPTION: q quits at once (nothing unsaved), status 0.
quit_clean() {
	tm_keys q
	rc=$(tm_exit_status)
	check "$1: quits with status 0 (got $rc)" [ "$rc" = 0 ]
	check "$1: the terminal is restored" tm_tty_restored
}

# --- 1. client, default switch, DHCP; saved to a typed path ---
walk_client_default() {
	plan=$TM_TMP/client-default.cfg
	tm_start 80 24 "$BIN" --demo
	must "home screen shows the demo host" "Set up the VM's networking" ||
		return
	must "home shows the demo networks" "edge-int" || return
	tm_keys w
	must "w opens step 1" "Step 1 of 6: Host profile" || return
	must "client is suggested" "Suggested: client" || return
	# the deployed eth1 is on edge-int, which a client does not allow:
	# step 1 says so in words and refuses Next once
	must "step 1 names eth1's switch a client does not allow" \
		"eth1 is on internal switch edge-int, which a" || return
	tm_keys C-n
	must "Next is refused once, with those words" \
		"Next refused: eth1 is on internal switch edge-int" || return
	tm_keys C-n
	must "step 2: the default switch" "Step 2 of 6: Switch" || return
	must "the default switch is prefilled from the host" \
		"[192.168.122.1/24" || return
	tm_keys C-n
	must "step 3" "Step 3 of 6: IP address" || return
	must "default switch: DHCP only" "(*) dhcp" || return
	tm_keys C-n
	must "step 4" "Step 4 of 6: DNS" || return
	tm_keys C-n
	must "step 5" "Step 5 of 6: NICs" || return
	# the demo VM exists: the wizard opened it as deployed (readback),
	# with its second NIC on edge-int, which a client cannot have
	must "the deployed NIC eth1 is listed with its MAC" \
		"52:54:00:e4:00:02" || return
	# Tab goes from Next to Back, then wraps to the list
	tm_keys Tab Tab Down
	must "step 5 shows eth1's switch type error, by its label" \
		"error switch edge-int: type: an internal switch" || return
	tm_keys d
	must "eth1 is removed" "eth1 removed" || return
	tm_keys C-n
	must "step 6" "Step 6 of 6: Review" || return
	must "the review finds no problem" "The check finds no problem" ||
		return
	tm_keys BTab C-u
	tm_wait_gone "[./edge-plan.cfg" || return
	tm_type "$plan"
	tm_keys Enter Enter
	must "the plan is saved" "Saved to $plan" || return
	must "the review points to edgenet check" "edgenet check $plan" ||
		return
	check_plan "$plan" "client/default/DHCP"
	quit_clean "client/default/DHCP"
}

# --- 2. server, internal switch, static address with DNS; a gateway
# outside the subnet first; a resize in the middle of step 3 ---
walk_server_internal() {
	plan=$TM_TMP/server-internal.cfg
	tm_start 80 24 "$BIN" --demo wizard --plan "$plan"
	must "wizard --plan opens step 1" "Step 1 of 6: Host profile" ||
		return
	tm_keys Down
	must "server selected" "(*) server" || return
	tm_keys C-n
	must "step 2: internal switch on a server" "(*) internal" || return
	must "internal switch prefilled from the host's edge-int" \
		"[edge-int" || return
	tm_keys C-n
	must "step 3" "Step 3 of 6: IP address" || return
	tm_keys Down
	must "static selected" "(*) static" || return
	tm_keys Tab
	must "address field has the focus" ">Address" || return
	tm_type 172.20.0.10
	must "address typed" "[172.20.0.10" || return

	# resize in the middle of the step: the input stays
	tm resize-window -t 0 -x 100 -y 30
	must "resized to 100x30: the address is still there" \
		"[172.20.0.10" || return
	# the address was on the screen before the resize too: wait for the
	# frame itself to be drawn at the new width
	check "the frame follows the new width" tm_poll 10 \
		sh -c "tmux -L '$TM_SOCK' capture-pane -p -t 0 | \
			grep -q '^.\{90,\}'"
	tm resize-window -t 0 -x 80 -y 24
	must "back at 80x24: the address is still there" "[172.20.0.10" ||
		return

	tm_keys Tab
	must "prefix suggested from the switch" \
		"[24              ] = 255.255.255.0 (suggested)" || return
	tm_keys Tab
	must "Tab took the prefix" "[24              ] = 255.255.255.0" ||
		return
	must "gateway suggested: the subnet's first host" \
		"[172.20.0.1      ] suggested" || return
	must "Tab took it and stayed on the prefix" ">Prefix length" || return
	tm_keys Tab
	must "the next Tab goes to the gateway" ">Gateway" || return
	tm_type 172.21.0.1
	must "gateway outside the subnet: message at the field" \
		"is outside 172.20.0.0/24" || return
	check "the gateway field is marked" \
		sh -c "tmux -L '$TM_SOCK' capture-pane -p -t 0 | \
			grep -q '^!>Gateway'"
	tm_keys C-n
	must "Next is refused" "Next refused: the field Gateway has an error" ||
		return
	check "still on step 3" sh -c "tmux -L '$TM_SOCK' capture-pane -p \
		-t 0 | grep -q 'Step 3 of 6'"
	tm_keys C-u
	tm_type 172.20.0.1
	tm_wait_gone "is outside" || return
	tm_keys C-n
	must "step 4 once the gateway is right" "Step 4 of 6: DNS" || return
	must "static NIC without DNS is warned about" \
		"warning: a static NIC gets no DNS" || return
	tm_type 172.20.0.1
	must "a second server line appears" "Server 2" || return
	tm_wait_gone "warning: a static NIC gets no DNS" || return
	tm_keys Down Down
	must "search domain field" ">Domain 1" || return
	tm_type plant.example.com
	must "search domain typed" "[plant.example.com" || return
	tm_keys C-n
	must "step 5" "Step 5 of 6: NICs" || return
	must "the NIC is listed with its static address" "172.20.0.10/24" ||
		return
	tm_keys C-n
	must "step 6" "Step 6 of 6: Review" || return
	must "the review describes the static address" \
		"static address 172.20.0.10/24" || return
	tm_keys Enter
	must "saved to the --plan file" "Saved to $plan" || return
	check_plan "$plan" "server/internal/static"
	check "the saved plan has the DNS server and domain" \
		grep -q 'plant.example.com' "$plan"
	quit_clean "server/internal/static"
}

# --- 3. client, external NIC + offline OT NIC, in a network namespace
# with veth NICs named like a PC's ---
walk_client_external_ot() {
	plan=$TM_TMP/client-external-ot.cfg
	if ! unshare -n true 2>/dev/null || ! command -v ip >/dev/null; then
		echo "# SKIP: no network namespace here (unshare -n): the" \
			"external NIC walk-through needs one"
		return
	fi
	# the peers sit under a bridge, so only enp2s0 and enp3s0 are free
	cat >"$TM_TMP/ns.sh" <<NS
set -e
ip link add enp2s0 type veth peer name enp2s0p
ip link add enp3s0 type veth peer name enp3s0p
ip link add brpeer type bridge
ip link set enp2s0p master brpeer
ip link set enp3s0p master brpeer
for i in lo brpeer enp2s0p enp3s0p enp2s0 enp3s0; do ip link set \$i up; done
exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 EDGENET_DATADIR='$EDGENET_DATADIR' \\
	EDGENET_STATE_DIR='$TM_TMP/state' '$BIN' --demo wizard --plan '$plan'
NS
	tm_start_cmd 80 24 "unshare -n sh '$TM_TMP/ns.sh' 2>'$TM_TMP/stderr'"
	must "step 1 in the namespace" "Step 1 of 6: Host profile" || return
	tm_keys C-n
	must "step 2" "Step 2 of 6: Switch" || return
	tm_keys Down
	must "external switch chosen" "(*) external" || return
	must "host NIC enp2s0 listed with carrier" "enp2s0     " || return
	# the demo's network plant is reused: its bridge br0 holds enp4s0,
	# which is therefore the uplink (a second port would join two
	# networks); the demo host's NICs come from its node file, never
	# this machine's: the namespace's enp2s0p is not offered
	must "br0's port enp4s0 preselected as the uplink" "(*) enp4s0" ||
		return
	check "this machine's NICs are not offered" _tm_lacks "enp2s0p"
	tm_keys C-n
	must "step 3 for eth0" "Step 3 of 6: IP address" || return
	tm_keys C-n
	must "step 4 for eth0" "Step 4 of 6: DNS" || return
	tm_keys C-n
	must "step 5" "Step 5 of 6: NICs" || return

	# quitting with unsaved changes asks, and n stays
	tm_keys F10
	must "quitting with unsaved changes asks" "Quit without saving?" ||
		return
	tm_keys n
	tm_wait_gone "Quit without saving?" || return
	check "n keeps the console running" [ ! -s "$TM_TMP/rc" ]

	tm_keys a
	must "a adds a NIC: step 2 for it" "NIC 2 of 2: eth1" || return
	tm_keys Down
	must "its switch: external" "(*) external" || return
	must "its uplink: enp2s0, the first free one" "(*) enp2s0" || return
	# a new switch: its bridge name is only suggested, so Next is
	# refused and goes to the field; Tab takes the suggestion
	tm_keys C-n
	must "Next refused: the bridge name is not taken yet" \
		"Next refused: the field Bridge name has an error" || return
	must "the bridge name suggested from the uplink" \
		">Bridge name            [br-enp2s0       ] suggested" || return
	tm_keys Tab
	tm_wait_gone "suggested: Tab or Right" || return
	tm_keys C-n
	must "step 3 for eth1" "Step 3 of 6: IP address" || return
	tm_keys Down
	must "static for the OT NIC" "(*) static" || return
	tm_keys Tab
	tm_type 10.50.0.20
	tm_keys Tab
	must "prefix field" ">Prefix length" || return
	tm_type 24
	tm_keys Tab
	must "gateway suggested" "[10.50.0.1       ] suggested" || return
	# Enter leaves the suggestion untaken: an offline NIC needs none
	tm_keys Enter
	must "offline box focused" ">Offline network" || return
	tm_keys Space
	must "offline ticked" "[x] no default route" || return
	tm_keys C-n
	must "step 4 for eth1" "Step 4 of 6: DNS" || return
	tm_keys C-n
	must "back on step 5 with two NICs" "eth1" || return
	must "eth1 is marked offline" "offline" || return
	must "no route problem" "Route priorities are fine" || return
	tm_keys C-n
	must "step 6" "Step 6 of 6: Review" || return
	# Page down until the offline NIC's line shows (how far depends on
	# how many notes and steps precede it), at most 8 pages.
	n=0
	while [ $n -lt 8 ] && ! tm_screen | grep -qF "no default route, and its DNS"; do
		tm_keys NPage
		n=$((n + 1))
		tm_poll 1 _tm_has "no default route, and its DNS" || :
	done
	must "the review (scrolled) names the offline network" \
		"no default route, and its DNS" || return
	tm_keys Enter
	must "saved" "Saved to $plan" || return
	check_plan "$plan" "client/external+OT"
	check "the saved plan has the bridge name taken with Tab" \
		grep -q 'bridge = "br-enp2s0"' "$plan"
	quit_clean "client/external+OT"
}

# --- 4. a 60x20 terminal: too small until enlarged; the input is kept ---
too_small() {
	tm_start 60 20 "$BIN" --demo wizard
	must "60x20: the too-small message" "needs at least 80x24" || return
	must "it names the size" "this terminal is 60x20" || return
	# (No key is sent while small: whether it is read before or after
	# the resize is up to the scheduler, which would make this flaky.)
	tm resize-window -t 0 -x 80 -y 24
	must "enlarged: the wizard is back" "Step 1 of 6: Host profile" ||
		return
	must "and client is still selected" "(*) client" || return
	tm_keys C-x
	rc=$(tm_exit_status)
	check "Ctrl-X quits with status 0 (got $rc)" [ "$rc" = 0 ]
}

# --- 5. Ctrl-C with unsaved changes asks; y quits ---
ctrl_c_asks() {
	tm_start 80 24 "$BIN" --demo wizard
	must "wizard" "Step 1 of 6" || return
	tm_keys Down
	must "server selected (a change)" "(*) server" || return
	tm_keys C-c
	must "Ctrl-C asks first" "Quit without saving?" || return
	tm_keys y
	rc=$(tm_exit_status)
	check "y quits with status 0 (got $rc)" [ "$rc" = 0 ]
}

# --- 6. SIGTERM and SIGHUP end the console and restore the terminal; a
# libvirt host that cannot be reached is shown, then the same ---
signals_and_faults() {
	for sig in TERM HUP; do
		tm_start 80 24 "$BIN" --demo wizard
		must "wizard (for SIG$sig)" "Step 1 of 6" || return
		tm_keys Down
		must "a change before SIG$sig" "(*) server" || return
		tm_signal "$sig"
		rc=$(tm_exit_status)
		# it cleans up, then dies of the signal: 128 + its number
		want=143
		[ "$sig" = HUP ] && want=129
		check "SIG$sig ends the console, dying of it (status $want, \
got $rc)" [ "$rc" = "$want" ]
		check "SIG$sig: the terminal is restored" tm_tty_restored
		check "SIG$sig: stderr says the changes were not saved" \
			grep -q "not saved" "$TM_TMP/stderr"
	done
	tm_start 80 24 "$BIN" -c "test:///$TM_TMP/no-such-node.xml"
	must "a failed libvirt connection is shown" \
		"cannot connect to libvirt" || return
	tm_keys x
	rc=$(tm_exit_status)
	check "then any key ends with status 1 (got $rc)" [ "$rc" = 1 ]
	check "the terminal is restored after the fault" tm_tty_restored
	check "the message is on stderr too" \
		grep -q "cannot connect to libvirt" "$TM_TMP/stderr"
}

# --- 7. a plan saved to a relative path, the wizard left and opened
# again: it opens the saved file and says so (before: "does not exist
# yet"); then on the demo's plant network (bridge br0 holds enp4s0),
# enp4s0 is the external switch's uplink ---
reopen_and_plant() {
	tm_start 80 24 "$BIN" --demo wizard --plan d.cfg
	must "a new plan: step 1 says so" "d.cfg does not exist yet" || return
	for n in 2 3 4 5 6; do
		tm_keys C-n
		must "Ctrl-N to step $n" "Step $n of 6" || return
	done
	tm_keys Enter
	must "Enter on the review saves" "Saved to d.cfg" || return
	for n in 5 4 3 2 1; do
		tm_keys Escape
		must "Esc back to step $n" "Step $n of 6" || return
	done
	tm_keys Escape
	must "home: the plan exists and is saved" \
		"d.cfg (exists, written" || return
	tm_keys w
	must "reopened: the saved file, said so" \
		"Opened d.cfg as saved (written" || return
	check "and no longer called missing" _tm_lacks "does not exist yet"
	tm_keys C-n
	must "step 2" "Step 2 of 6: Switch" || return
	tm_keys e
	must "external: the host network plant is reused" "[plant " || return
	must "its bridge's port enp4s0 is the uplink" \
		"(*) enp4s0     00:1b:21:3a:4c:12 carrier" || return
	must "and said to be in this switch's bridge" \
		"enp4s0 is already in bridge br0, this" || return
	check "enp4s0 is not called enslaved to another bridge" \
		_tm_lacks "enp4s0 is already enslaved"
	tm_keys F10
	must "unsaved: quitting asks" "Quit without saving?" || return
	tm_keys y
	rc=$(tm_exit_status)
	check "y quits with status 0 (got $rc)" [ "$rc" = 0 ]
}

# A plan whose switch has a name that cannot be used ("edge int") while
# its NIC names the switch as meant ("edge-int"): step 2 shows the NIC on
# that switch with the name's error -- no second switch made up from the
# NIC's reference, and so no "overlaps" error telling to change a subnet.
misnamed_switch() {
	plan=$TM_TMP/misnamed.cfg
	sed 's/name = "edge-int";/name = "edge int";/' \
		"$top_srcdir/data/examples/server-internal-static.cfg" >"$plan"
	tm_start 80 24 "$BIN" --demo wizard --plan "$plan"
	must "misnamed switch: the wizard opens the plan" "Step 1 of 6" || return
	tm_keys C-n
	must "step 2 shows the switch with its name" "[edge int" || return
	must "... and the name's error" \
		'the switch name "edge int" cannot be used' || return
	check "... and no overlap with a made-up switch" _tm_lacks "overlaps"
	tm_keys F10
	tm_wait "Quit without saving?" >/dev/null && tm_keys y
	tm_exit_status >/dev/null
}

walk_client_default
misnamed_switch
walk_server_internal
walk_client_external_ot
too_small
ctrl_c_asks
signals_and_faults
reopen_and_plant
finish
