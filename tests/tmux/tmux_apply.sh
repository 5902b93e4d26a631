#!/bin/sh
# tmux_apply.sh - applying from the real console, driven through tmux on
# the bundled demo host (libvirt's test driver: its state lives in the
# process only, so a whole apply happens inside one console session and
# nothing on this machine changes).  The wizard opens a plan that adds
# an internal NAT network "lab-net" and moves the VM's NIC onto it; the
# review shows the exact XML; Apply shows each step done (its notes
# broken between words, never inside one) and the countdown; then:
#   1. y within the countdown: kept, and the home screen lists lab-net;
#   2. the countdown runs out (confirm_timeout = 2 in $EDGENET_SETTINGS):
#      rolled back, said on the screen, lab-net gone again;
#   3. an injected fault (EDGENET_FAULT="step=2,phase=do"): the failure
#      and what was rolled back are shown;
#   4. Ctrl-X during the countdown: the console rolls back before it
#      ends and says so on stderr;
#   5. the console killed (SIGKILL) while waiting for confirmation: the
#      next start rolls the apply back from the journal and the home
#      screen says so.
# Skips (77) without tmux.
. "$top_srcdir/tests/lib/tmux_lib.sh"

BIN=$EDGENET_BIN
PLAN=$TM_TMP/lab.cfg
cp "$top_srcdir/tests/data/demo-lab.cfg" "$PLAN"

# settings TIMEOUT: a settings file with confirm_timeout = TIMEOUT.
settings() {
	printf 'confirm_timeout = %s;\n' "$1" >"$TM_TMP/edgenet.conf"
}

# to_apply WHAT ENV...: the wizard on $PLAN, walked to the review, the
# exact XML shown, then Apply.
to_apply() {
	_what=$1
	shift
	tm_start 80 24 env EDGENET_SETTINGS="$TM_TMP/edgenet.conf" "$@" \
		"$BIN" --demo wizard --plan "$PLAN"
	must "$_what: the wizard opens the plan" "Step 1 of 6" || return 1
	tm_keys C-n C-n C-n C-n C-n
	must "$_what: the review" "Step 6 of 6: Review" || return 1
	must "$_what: Apply is offered" "[ Apply ]" || return 1
	# page down until each shows (the review is longer than a screen)
	page_to "Define libvirt network lab-net"
	must "$_what: the review lists the steps for the demo host" \
		"Define libvirt network lab-net" || return 1
	page_to "+   <name>lab-net</name>"
	must "$_what: and the exact XML of the new network" \
		"+   <name>lab-net</name>" || return 1
	tm_keys Tab Enter
}

# --- 1. confirmed within the countdown ---
apply_confirmed() {
	settings 60
	to_apply "confirm" || return
	must "confirm: Apply opens the progress screen" \
		"Applying the plan for VM edge-vm" || return
	must "every step is done and checked" \
		"All 6 steps done and checked" || return
	must "the countdown runs" "Keep this change? y/n - rolled back in" ||
		return
	must "each step is listed with its state" "6. done" || return
	must "a step that waits for the VM's next start says so" \
		"note: takes effect at the next start" || return
	# lines break between words: libvirt's function names stay whole
	# (before: "virDomainUpdateDeviceFlag" and "s)" on the next line)
	must "the note names libvirt's function whole" \
		"virDomainUpdateDeviceFlags)" || return
	check "no line of the apply screen ends inside a word" \
		sh -c "! tmux -L '$TM_SOCK' capture-pane -p -t 0 | \
			grep -qE 'DeviceFlag *(\(more\))? *\$|^ *s\) *\$'"
	tm_keys y
	must "y keeps it" "Applied and kept: 6 steps." || return
	tm_keys Enter
	must "then the home screen" "Set up the VM's networking" || return
	must "it lists the applied network" \
		"lab-net      internal  10.77.0.1/24       running" || return
	must "and the last apply" "applied and kept: 6 steps" || return
	check "the journal is closed" test ! -e "$TM_TMP/state/apply.journal"
	check "the applied plan is kept in the state directory" \
		grep -q lab-net "$TM_TMP/state/applied.cfg"
	tm_keys q
	rc=$(tm_exit_status)
	check "q quits with status 0 (got $rc)" [ "$rc" = 0 ]
	check "the terminal is restored" tm_tty_restored
}

# --- 2. the countdown runs out ---
apply_timeout() {
	settings 2
	to_apply "timeout" || return
	must "timeout: Apply opens the progress screen" \
		"Applying the plan for VM edge-vm" || return
	must "the countdown from the settings file" \
		"Keep this change? y/n - rolled back in 2 s" || return
	# undoing the NIC's removal waits for the test driver's VM, which
	# cannot unplug live, for up to 10 s (virt_apply.c)
	must "no answer: rolled back by itself" \
		"Rolled back because it was not confirmed in time" 30 || return
	must "the first step is listed as rolled back" "1. rolled back:" ||
		return
	tm_keys End
	must "scrolled down: the last one too" "6. rolled back:" || return
	tm_keys Enter
	must "Enter goes back to the review" "Step 6 of 6: Review" || return
	home_from_review || { not_ok "back home"; return; }
	must "home: the last apply was rolled back" \
		"not confirmed in time: rolled back" || return
	check "lab-net is gone again" \
		sh -c "! tmux -L '$TM_SOCK' capture-pane -p -t 0 | \
			grep -q 'lab-net      internal'"
	check "no journal is left" test ! -e "$TM_TMP/state/apply.journal"
	tm_keys q
	rc=$(tm_exit_status)
	check "q quits with status 0 (got $rc)" [ "$rc" = 0 ]
}

# --- 3. an injected fault in step 2 ---
apply_fault() {
	settings 60
	to_apply "fault" EDGENET_FAULT="step=2,phase=do" || return
	must "fault: Apply opens the progress screen" \
		"Applying the plan for VM edge-vm" || return
	must "the failure is shown" "Rolled back because a step failed" ||
		return
	must "with why" "injected fault (EDGENET_FAULT, phase do)" || return
	must "the step that failed is marked" "2. FAILED, rolled back:" ||
		return
	must "the step before it was rolled back" "1. rolled back: Define" ||
		return
	must "the steps after it never started" "3. not started:" || return
	check "no journal is left" test ! -e "$TM_TMP/state/apply.journal"
	tm_keys Enter
	must "Enter goes back to the review" "Step 6 of 6: Review" || return
	tm_keys F10
	rc=$(tm_exit_status)
	check "F10 quits with status 0 (got $rc)" [ "$rc" = 0 ]
}

# --- 4. the console closed during the countdown ---
apply_closed() {
	settings 60
	to_apply "closed" || return
	must "closed: Apply opens the progress screen" \
		"Applying the plan for VM edge-vm" || return
	must "the countdown runs" "Keep this change? y/n - rolled back in" ||
		return
	tm_keys C-x
	rc=$(tm_exit_status 30)	# the rollback may wait 10 s (see above)
	check "Ctrl-X quits with status 0 (got $rc)" [ "$rc" = 0 ]
	check "stderr says the apply was rolled back" \
		grep -q "before the apply was confirmed: it was rolled back" \
		"$TM_TMP/stderr"
	check "no journal is left" test ! -e "$TM_TMP/state/apply.journal"
	check "the terminal is restored" tm_tty_restored
}

# --- 4b. the ssh session drops during the countdown: SIGHUP, twice ---
# (the terminal's hangup reaches the console, then its shell's second one).
# The first ends the loop; the second comes while the unconfirmed apply is
# rolled back and must not cut that short: rolled back, no journal, and
# the console then dies of SIGHUP (exit status 129).
apply_hangup() {
	settings 60
	to_apply "hangup" || return
	must "hangup: Apply opens the progress screen" \
		"Applying the plan for VM edge-vm" || return
	must "the countdown runs" "Keep this change? y/n - rolled back in" ||
		return
	tm_signal HUP
	sleep 0.05	# the second hangup while the first is being handled
	tm_signal HUP
	rc=$(tm_exit_status 30)
	check "two SIGHUPs: the console dies of SIGHUP (129, got $rc)" \
		[ "$rc" = 129 ]
	check "... after rolling the apply back (stderr)" \
		grep -q "before the apply was confirmed: it was rolled back" \
		"$TM_TMP/stderr"
	check "... and no journal is left" \
		test ! -e "$TM_TMP/state/apply.journal"
	check "... and the terminal is restored" tm_tty_restored
}

# --- 5. killed while waiting for confirmation; recovered at start ---
apply_recovered() {
	settings 60
	to_apply "crash" EDGENET_CRASH_AT=confirm || return
	tm_poll 10 test -s "$TM_TMP/rc"
	check "the console was killed at the confirmation" \
		grep -q 137 "$TM_TMP/rc"
	check "the journal is left behind" test -e "$TM_TMP/state/apply.journal"
	tm_start 80 24 "$BIN" --demo
	must "the next start: home" "Set up the VM's networking" 30 || return
	# (one word: the message wraps where the URI's length puts it)
	must "says the interrupted apply was rolled back" \
		"ROLLED" || return
	check "the journal is gone" test ! -e "$TM_TMP/state/apply.journal"
	tm_keys q
	rc=$(tm_exit_status)
	check "q quits with status 0 (got $rc)" [ "$rc" = 0 ]
}

apply_confirmed
apply_timeout
apply_fault
apply_closed
apply_hangup
apply_recovered
finish
