#!/bin/sh
# tmux_setups.sh - the three typical setups completed in the real console
# on the demo host at 80x24 with nothing but typing (Space included),
# Tab and Enter: no arrows, no Esc, no Shift-Tab, no Ctrl-N, never a Back
# button.  Each Enter is followed by a wait for the field or step it must
# lead to, so a step that goes backwards (or stays) is caught where it
# happens.  Each saved plan must pass `edgenet check` and hold the values
# chosen:
#   A. client, default switch, DHCP
#   B. server, internal switch, static address typed as address/prefix
#      (split by the console), the suggested gateway taken with Tab, and
#      again as the DNS server, a search domain typed
#   C. client, external switch on the demo's plant network (bridge br0,
#      its port enp4s0 the uplink; DHCP) plus an offline OT NIC on a
#      second external switch on enp2s0 (a new one: its suggested bridge
#      name taken with Tab): static, the prefix typed as a netmask, the
#      suggested gateway taken with Tab, a DNS server
#      (inside a network namespace with veth NICs named like a PC's;
#      skipped alone where none can be made)
# Skips (77) without tmux.
. "$top_srcdir/tests/lib/tmux_lib.sh"

BIN=$EDGENET_BIN

# enter TEXT...: Enter, then each TEXT must show (the next field's focus
# marker, or the next step).
enter() {
	tm_keys Enter
	for _t in "$@"; do
		must "Enter leads to: $_t" "$_t" || return 1
	done
}

# tab TEXT...: Tab, then each TEXT must show.
tab() {
	tm_keys Tab
	for _t in "$@"; do
		must "Tab leads to: $_t" "$_t" || return 1
	done
}

# has_line PLAN TEXT: the saved plan has a line holding TEXT.
has_line() {
	grep -qF -- "$2" "$1"
}

# check_plan PLAN NAME: `edgenet check` accepts the saved plan.
check_plan() {
	if [ ! -s "$1" ]; then
		not_ok "$2: $1 was saved"
		return 1
	fi
	if out=$("$BIN" check "$1" 2>&1); then
		ok "$2: edgenet check accepts the saved plan"
	else
		echo "$out" | sed 's/^/# /'
		not_ok "$2: edgenet check accepts the saved plan"
	fi
}

# values PLAN NAME TEXT...: each TEXT is in the saved plan.
values() {
	_p=$1 _n=$2
	shift 2
	for _v in "$@"; do
		check "$_n: the plan has $_v" has_line "$_p" "$_v"
	done
}

# quit_clean NAME: q quits at once (nothing unsaved), status 0.
quit_clean() {
	tm_keys q
	rc=$(tm_exit_status)
	check "$1: quits with status 0 (got $rc)" [ "$rc" = 0 ]
}

# --- A. client, default switch, DHCP ---
setup_default_dhcp() {
	plan=$TM_TMP/a-default-dhcp.cfg
	tm_start 80 24 "$BIN" --demo wizard --plan "$plan"
	must "A: step 1" "Step 1 of 6: Host profile" || return
	must "A: client suggested and selected" "(*) client" || return
	must "A: the profile has the focus" ">Host profile" || return
	enter ">VM (libvirt domain)" || return
	enter "Step 2 of 6: Switch" "(*) default" ">Switch type" || return
	enter ">Switch name" || return
	enter ">Network (host addr)" || return
	enter ">DHCP range start" || return
	enter ">DHCP range end" || return
	enter "Step 3 of 6: IP address" "(*) dhcp" ">Address by" || return
	enter ">Offline network" || return
	must "A: Enter on the checkbox did not tick it" "[ ] no default" ||
		return
	enter "Step 4 of 6: DNS" ">Server 1" || return
	enter ">Domain 1" || return
	enter "Step 5 of 6: NICs" ">[ Next ]" || return
	enter "Step 6 of 6: Review" "The check finds no problem" || return
	enter "Saved to $plan" || return
	check_plan "$plan" "A"
	values "$plan" "A" 'profile = "client"' 'type = "default"' \
		'mode = "dhcp"' 'name = "eth0"'
	quit_clean "A"
}

# --- B. server, internal switch, static address, DNS ---
setup_internal_static() {
	plan=$TM_TMP/b-internal-static.cfg
	tm_start 80 24 "$BIN" --demo wizard --plan "$plan"
	must "B: step 1" "Step 1 of 6: Host profile" || return
	tm_type s
	must "B: s selects server" "(*) server" || return
	enter ">VM (libvirt domain)" || return
	enter "Step 2 of 6: Switch" "(*) internal" "[edge-int" || return
	enter ">Switch name" || return
	enter ">Host address/prefix" || return
	enter ">DHCP server" || return
	enter ">DHCP range start" || return
	enter ">DHCP range end" || return
	enter ">NAT" || return
	enter "Step 3 of 6: IP address" ">Address by" || return
	tm_type s
	must "B: s selects static" "(*) static" || return
	enter ">Address" || return
	tm_type 172.20.0.10/24
	must "B: the typed /24 is kept while typing" "[172.20.0.10/24" ||
		return
	enter ">Prefix length" "[172.20.0.10     ]" \
		"[24              ] = 255.255.255.0" \
		"172.20.0.10/24 split: address 172.20.0.10, prefix length 24" ||
		return
	enter ">Gateway" "suggested: Tab or Right takes it" || return
	# Tab takes the suggestion and stays on the field
	tab ">Gateway                [172.20.0.1      ]" || return
	tm_wait_gone "suggested: Tab or Right" || return
	enter ">Offline network" || return
	enter "Step 4 of 6: DNS" ">Server 1" \
		"[172.20.0.1      ] suggested (gateway): Tab takes it" || return
	tab ">Server 1               [172.20.0.1      ]" "Server 2" || return
	tm_wait_gone "suggested (gateway)" || return
	enter ">Server 2" || return
	enter ">Domain 1" || return
	tm_type plant.example.com
	must "B: the domain typed" "[plant.example.com" || return
	enter ">Domain 2" || return
	enter "Step 5 of 6: NICs" "172.20.0.10/24" || return
	enter "Step 6 of 6: Review" "static address 172.20.0.10/24" || return
	enter "Saved to $plan" || return
	check_plan "$plan" "B"
	values "$plan" "B" 'profile = "server"' 'type = "internal"' \
		'mode = "static"' 'address = "172.20.0.10"' 'prefix = 24' \
		'gateway = "172.20.0.1"' '"172.20.0.1"' '"plant.example.com"'
	quit_clean "B"
}

# --- C. client, external switch + an offline OT NIC ---
setup_external_ot() {
	plan=$TM_TMP/c-external-ot.cfg
	if ! unshare -n true 2>/dev/null || ! command -v ip >/dev/null; then
		echo "# SKIP: no network namespace here (unshare -n): the" \
			"external setup needs one"
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
	must "C: step 1 in the namespace" "Step 1 of 6: Host profile" ||
		return
	enter ">VM (libvirt domain)" || return
	enter "Step 2 of 6: Switch" ">Switch type" || return
	tm_type e
	must "C: e selects external" "(*) external" || return
	# the demo's plant network is reused: its bridge br0 holds enp4s0
	must "C: br0's port enp4s0 is the uplink" "(*) enp4s0" || return
	enter ">Switch name" || return
	# a choice's focus mark stands on its selected line
	enter ">                       (*) enp4s0" || return
	enter ">Attach by" || return
	enter ">Bridge name" || return
	enter "Step 3 of 6: IP address" "(*) dhcp" || return
	enter ">Offline network" || return
	enter "Step 4 of 6: DNS" || return
	enter ">Domain 1" || return
	enter "Step 5 of 6: NICs" ">[ Next ]" || return
	# forward to the Add NIC button: Tab goes from Next to Back, then
	# wraps to the list
	tab ">[ Back ]" || return
	tm_keys Tab
	tab ">[ Add NIC ]" || return
	enter "Step 2 of 6: Switch" "NIC 2 of 2: eth1" || return
	tm_type e
	must "C: eth1's switch is external" "(*) external" || return
	must "C: its uplink is enp2s0, the first free one" "(*) enp2s0" ||
		return
	enter ">Switch name" || return
	# a choice's focus mark stands on its selected line
	enter ">Host NIC (uplink)      (*) enp2s0" || return
	enter ">Attach by" || return
	# a switch the host does not have: the bridge name is edgenet's
	# suggestion, not in the plan until Tab takes it; Tab keeps the
	# focus on the field (never on Back), so the next Enter goes on
	enter ">Bridge name" "[br-enp2s0       ] suggested: Tab or Right" ||
		return
	tab ">Bridge name            [br-enp2s0       ]" || return
	tm_wait_gone "suggested: Tab or Right" || return
	check "C: Tab left the focus on the bridge name, not on Back" \
		_tm_lacks ">[ Back ]"
	enter "Step 3 of 6: IP address" "NIC 2 of 2: eth1" || return
	tm_type s
	must "C: s selects static" "(*) static" || return
	enter ">Address" || return
	tm_type 10.50.0.20
	enter ">Prefix length" || return
	tm_type 255.255.255.0
	must "C: the netmask is understood" "a netmask: prefix length 24" ||
		return
	enter ">Gateway" "[24              ] = 255.255.255.0" \
		"The netmask 255.255.255.0 is the prefix length 24." || return
	must "C: the gateway is suggested" "[10.50.0.1       ] suggested" ||
		return
	tab ">Gateway                [10.50.0.1       ]" || return
	tm_wait_gone "[10.50.0.1       ] suggested" || return
	enter ">Offline network" || return
	tm_type " "
	must "C: Space ticks offline" "[x] no default route" || return
	enter "Step 4 of 6: DNS" "NIC 2 of 2: eth1" || return
	tm_type 10.50.0.1
	enter ">Server 2" || return
	enter ">Domain 1" || return
	enter "Step 5 of 6: NICs" "Route priorities are fine" || return
	must "C: eth1 listed as offline" "offline" || return
	enter "Step 6 of 6: Review" || return
	enter "Saved to $plan" || return
	check_plan "$plan" "C"
	values "$plan" "C" 'profile = "client"' 'type = "external"' \
		'uplink = "enp4s0"' 'uplink = "enp2s0"' 'bridge = "br-enp2s0"' \
		'mode = "static"' \
		'address = "10.50.0.20"' 'prefix = 24' \
		'gateway = "10.50.0.1"' 'offline = true'
	quit_clean "C"
}

setup_default_dhcp
setup_internal_static
setup_external_ot
finish
