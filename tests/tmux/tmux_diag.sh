#!/bin/sh
# tmux_diag.sh - the diagnostics screen in the real console on the
# bundled demo host (libvirt's test driver: nothing on this machine
# changes, and the probes send nothing):
#   1. home: the footer names F5, the help names it; F5 (and ^P) opens
#      the diagnostics, which say there is no plan in hand and how to
#      get one; Esc goes back home;
#   2. a wizard step (step 3, IP, on the lab plan): F5 opens the
#      diagnostics of the NIC that step is about, from the wizard's
#      plan; the demo says nothing is sent and why; every probe is
#      listed as skipped; Esc goes back to step 3 with what was typed;
#      the review says its preflight is skipped and why, and F5 from the
#      review comes back to the review;
#   3. a panel (VM addresses, route metrics): F5 opens the diagnostics,
#      Esc goes back to that panel.
# Skips (77) without tmux.
. "$top_srcdir/tests/lib/tmux_lib.sh"

BIN=$EDGENET_BIN
PLAN=$TM_TMP/lab.cfg
cp "$top_srcdir/tests/data/demo-lab.cfg" "$PLAN"

quit_ok() {
	tm_keys F10
	tm_poll 5 test -s "$TM_TMP/rc" && [ "$(cat "$TM_TMP/rc")" = 0 ] &&
		ok "$1: quits cleanly" || not_ok "$1: quits cleanly"
}

# --- 1. home ---
from_home() {
	tm_start 80 24 "$BIN" --demo
	must "home" "Set up the VM's networking" || return
	must "home's footer names the diagnostics" "F5 ^P diag" || return
	tm_keys F1
	must "help" "edgenet - help" || return
	if page_to "F5 or Ctrl-P"; then
		ok "the help names F5 and Ctrl-P"
	else
		not_ok "the help names F5 and Ctrl-P"
	fi
	tm_keys Escape
	must "help closed" "Set up the VM's networking" || return
	tm_keys F5
	must "F5 opens the diagnostics" "edgenet - Diagnostics" || return
	must "no plan in hand, said so" "No plan in hand" || return
	must "... with the way to get one" "Open the wizard" || return
	lacks "the diagnostics do not offer themselves" "F5 ^P diag"
	tm_keys Escape
	must "Esc goes back home" "Set up the VM's networking" || return
	tm_keys C-p
	must "^P opens them too" "edgenet - Diagnostics" || return
	tm_keys Escape
	must "Esc home again" "Set up the VM's networking" || return
	quit_ok "home"
}

# --- 2. a wizard step and the review ---
from_wizard() {
	tm_start 80 24 "$BIN" --demo wizard --plan "$PLAN"
	must "wizard: step 1" "Step 1 of 6" || return
	tm_keys C-n
	must "wizard: step 2" "Step 2 of 6" || return
	tm_keys C-n
	must "wizard: step 3" "Step 3 of 6" || return
	must "step 3's footer names the diagnostics" "F5 ^P diag" || return
	tm_keys F5
	must "F5 from step 3" "edgenet - Diagnostics" || return
	must "the NIC of the step, from the wizard's plan" \
		"NIC eth0 (1 of 1), from the wizard's plan" || return
	must "the demo says nothing is sent" "so nothing is sent" || return
	must "... and why" "The demo host is simulated" || return
	must "the address probe is listed, skipped" \
		"skipped  Address check (NIC eth0: address)" || return
	must "the gateway probe too" "skipped  Gateway (NIC eth0: gateway)" ||
		return
	lacks "no probe ran" "running..."
	tm_keys r
	must "r: again, still nothing sent" "so nothing is sent" || return
	tm_keys Escape
	must "Esc goes back to step 3" "Step 3 of 6" || return
	must "... as it was (the plan's address)" "10.77.0.10" || return
	for _n in 4 5 6; do
		tm_keys C-n
		must "wizard: step $_n" "Step $_n of 6" || return
	done
	must "the review" "Step 6 of 6" || return
	if page_to "Preflight skipped: The demo host is simulated"; then
		ok "the review: preflight skipped on the demo, with why"
	else
		not_ok "the review: preflight skipped on the demo, with why"
		tm_screen | sed 's/^/# | /'
		return
	fi
	tm_keys F5
	must "F5 from the review" "edgenet - Diagnostics" || return
	tm_keys Escape
	must "Esc goes back to the review" "Step 6 of 6" || return
	quit_ok "wizard"
}

# --- 3. the panels ---
from_panels() {
	tm_start 80 24 "$BIN" --demo
	must "panels: home" "Set up the VM's networking" || return
	tm_keys a
	must "the VM-addresses panel" "VM addresses" || return
	must "its footer names the diagnostics" "F5 ^P diag" || return
	tm_keys F5
	must "F5 from the panel" "edgenet - Diagnostics" || return
	tm_keys Escape
	must "Esc goes back to the panel" " edgenet - VM addresses" || return
	tm_keys Escape
	must "panels: home again" "Set up the VM's networking" || return
	tm_keys t
	must "the route-metrics panel" "edgenet - route metrics" || return
	tm_keys F5
	must "F5 from the routes panel" "edgenet - Diagnostics" || return
	tm_keys Escape
	must "Esc goes back to the routes panel" "edgenet - route metrics" ||
		return
	quit_ok "panels"
}

from_home
from_wizard
from_panels
finish
