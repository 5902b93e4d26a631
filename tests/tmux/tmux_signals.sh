#!/bin/sh
# tmux_signals.sh - the terminal is restored whatever signal ends the
# console.  For each of SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL, SIGQUIT,
# SIGTERM, SIGHUP and SIGINT: the real console on the demo host (its home
# screen up, then its VM-addresses panel) in a tmux pane whose shell
# printed a marker line first; the signal is sent to the console's pid.
# Then:
#   - the exit status is 128 + the signal's number (the console died of
#     that signal: the crash signals' handler re-raises it with the default
#     action; TERM, HUP and INT end the console's loop, which cleans up and
#     then dies of the same signal);
#   - `stty -a` run right after it shows cooked mode with echo;
#   - tmux says the pane left the alternate screen, the cursor is visible
#     and the keypad is back in normal mode, and the marker line the shell
#     printed before the console is on the screen again.
# Plus: SIGINT while there are unsaved changes only asks (the console stays
# up), a second SIGINT ends it the same way.
# Core dumps are switched off for the pane (ulimit -c 0).  Skips (77)
# without tmux.
. "$top_srcdir/tests/lib/tmux_lib.sh"

BIN=$EDGENET_BIN

# start_console ARGS...: the console in a pane whose shell prints a
# marker line first and, after the console, writes `stty -a` and the exit
# status (as tm_start) and then stays (a dead pane's flags would be
# tmux's own).
start_console() {
	{
		echo "echo \$\$ > '$TM_TMP/pid'"
		printf 'exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 '
		printf "EDGENET_DATADIR='%s' EDGENET_STATE_DIR='%s'" \
			"$EDGENET_DATADIR" "$TM_TMP/state"
		for _a in "$@"; do
			printf " '%s'" "$_a"
		done
		printf " 2>'%s'\n" "$TM_TMP/stderr"
	} >"$TM_TMP/run.sh"
	_tm_next
	tm new-session -d -x 80 -y 24 "cd '$TM_TMP' && ulimit -c 0; \
		echo SHELL-BEFORE-CONSOLE; sh '$TM_TMP/run.sh'; _rc=\$?; \
		stty -a >'$TM_TMP/stty' 2>&1; echo \$_rc >'$TM_TMP/rc'; \
		exec cat >/dev/null"
}

# pane_flags: "alternate cursor keypad" as tmux sees the pane (1 = on).
pane_flags() {
	tm display-message -p -t 0 \
		'#{alternate_on} #{cursor_flag} #{keypad_flag}' 2>/dev/null
}

# signum NAME: the signal's number (Linux; dash's kill -l does not map
# names to numbers).
signum() {
	case $1 in
	HUP) echo 1 ;; INT) echo 2 ;; QUIT) echo 3 ;; ILL) echo 4 ;;
	ABRT) echo 6 ;; BUS) echo 7 ;; FPE) echo 8 ;; SEGV) echo 11 ;;
	TERM) echo 15 ;; *) echo 0 ;;
	esac
}

# restored_after SIG DESCRIPTION: the console ended by SIG left the
# terminal as the shell had it.
restored_after() {
	_sig=$1
	_rc=$(tm_exit_status 15)
	_want=$((128 + $(signum "$_sig")))
	check "SIG$_sig: the exit status is $_want (got $_rc)" \
		[ "$_rc" = "$_want" ]
	check "SIG$_sig: cooked mode with echo (stty -a)" tm_tty_restored
	_f=$(pane_flags)
	check "SIG$_sig: alternate screen left, cursor visible, keypad \
normal (tmux: $_f)" [ "$_f" = "0 1 0" ]
	check "SIG$_sig: the shell's screen is back" \
		tm_wait "SHELL-BEFORE-CONSOLE" 5
	check "SIG$_sig: the console's screen is gone" \
		tm_wait_gone "w wizard" 5
}

for sig in SEGV ABRT BUS FPE ILL QUIT TERM HUP INT; do
	start_console "$BIN" --demo
	if ! tm_wait "w wizard"; then
		not_ok "SIG$sig: the console's home screen"
		continue
	fi
	# a panel with live data (the VM watcher's thread running)
	tm_keys a
	if ! tm_wait "agent: ok"; then
		not_ok "SIG$sig: the VM-addresses panel"
		continue
	fi
	check "SIG$sig: the console shows on the alternate screen" \
		[ "$(pane_flags | cut -d' ' -f1)" = 1 ]
	tm_signal "$sig"
	restored_after "$sig"
done

# A terminal whose terminfo strings carry padding (vt100's sgr0 is
# "\E[m^O$<2>"; vt100 has no alternate screen): the crash handler writes
# the strings without it, so no "$<2>" is left on the screen.
start_console env TERM=vt100 "$BIN" --demo
if tm_wait "w wizard"; then
	tm_signal SEGV
	rc=$(tm_exit_status 15)
	check "TERM=vt100, SIGSEGV: the exit status is 139 (got $rc)" \
		[ "$rc" = 139 ]
	check "TERM=vt100, SIGSEGV: cooked mode with echo (stty -a)" \
		tm_tty_restored
	scr=$(tm capture-pane -p -J -t 0)	# -J: a wrapped line joined
	check "... with no terminfo padding shown as text" \
		sh -c '! printf "%s\n" "$1" | grep -qF "\$<"' _ "$scr"
else
	not_ok "the console on TERM=vt100"
fi

# SIGINT with unsaved changes asks first; a second one ends the console.
start_console "$BIN" --demo wizard
if tm_wait "Step 1 of 6"; then
	tm_keys Down
	tm_wait "(*) server" >/dev/null
	tm_signal INT
	check "SIGINT with unsaved changes asks first" \
		tm_wait "Quit without saving?"
	check "... and the console is still running" \
		[ "$(tm_exit_status 1)" = timeout ]
	tm_signal INT
	restored_after INT
	check "... stderr says the changes were not saved" \
		grep -q "not saved" "$TM_TMP/stderr"
else
	not_ok "the wizard for the SIGINT question"
fi

finish
