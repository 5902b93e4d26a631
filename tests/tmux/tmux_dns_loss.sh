#!/bin/sh
# tmux_dns_loss.sh - the console's DNS panel on this machine while
# systemd-resolved and the D-Bus go away and come back, on the test bed of
# tests/lib/dns_env.sh (a REAL resolved, networkd and private dbus-daemon in a
# network namespace of the test's own).  The console (--demo for libvirt:
# the panel under test is this machine's DNS) runs in that namespace, in a
# mount namespace that puts the bed's /run and resolv.conf in place and
# with the bed's bus as the system bus, driven through tmux.
#   1. d: the panel shows resolved's live view (eth-a's servers, set over
#      D-Bus).
#   2. resolved killed by its pid: the panel says it is not running and
#      shows the saved settings; the console stays up.  resolved started
#      again; once `resolvectl status` answers, a server is added over
#      D-Bus; within 5 s of resolved's return the panel shows it, live.
#   3. dbus-daemon killed by its pid: the panel says the D-Bus cannot be
#      reached, all through an outage of 16 s; the console stays up.  The bus started again, then
#      resolved (a resolved on the old bus has lost it); once resolvectl
#      answers, a server is added; within 5 s of both being back the panel
#      shows it, live.
# Every wait is bounded; the daemons are ended by pid (dns_env.sh).
# Skips (77) without tmux, root or the unpacked systemd-resolved.
. "$top_srcdir/tests/lib/tmux_lib.sh"
. "$top_srcdir/tests/lib/dns_env.sh"
# both clean-ups: the console (tmux) first, then the daemons
trap 'tm_cleanup; cleanup' EXIT

BACK_S=5

# poll_s SECONDS COMMAND...: COMMAND until it succeeds, at most SECONDS
# of wall time.
poll_s() {
	_end=$(($(ms_now) + $1 * 1000))
	shift
	while :; do
		"$@" && return 0
		[ "$(ms_now)" -ge "$_end" ] && return 1
		sleep 0.1
	done
}

# says_for SECONDS COMMAND...: COMMAND succeeds every 0.5 s for SECONDS
# of wall time.
says_for() {
	_end=$(($(ms_now) + $1 * 1000))
	shift
	while [ "$(ms_now)" -lt "$_end" ]; do
		"$@" || return 1
		sleep 0.5
	done
}

screen_has_re() {
	tm_screen | grep -Eq -- "$1"
}

# live SERVER: the panel shows resolved's own view (no fallback note)
# with SERVER among eth-a's servers.
live() {
	_tm_has "$1" && ! _tm_has "is not running" &&
		! _tm_has "cannot be reached" && ! _tm_has "Reading "
}

console_up() {
	[ ! -s "$TM_TMP/rc" ]
}

cat >"$TM_TMP/run.sh" <<EOF
echo \$\$ >'$TM_TMP/pid'
exec ip netns exec '$NSC' unshare -m sh -c "mount --bind '$T/run' /run &&
	mount --bind '$T/resolv.conf' /etc/resolv.conf &&
	exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 \
	DBUS_SYSTEM_BUS_ADDRESS='unix:path=$T/bus' \
	EDGENET_DATADIR='$EDGENET_DATADIR' EDGENET_STATE_DIR='$TM_TMP/state' \
	'$EDGENET_BIN' --demo 2>'$TM_TMP/stderr'"
EOF
tm_start_cmd 100 40 "sh '$TM_TMP/run.sh'"
tm_wait "w wizard" || { not_ok "the console's home screen"; finish; exit 1; }
tm_keys d
if poll_s 10 live 10.77.1.2; then
	ok "d: resolved's live view"
else
	not_ok "d: resolved's live view"
	tm_screen | sed 's/^/# | /'
fi

# --- resolved goes, comes back ---------------------------------------------
kill "$resolved_PID"
wait "$resolved_PID" 2>/dev/null
if poll_s 10 _tm_has "systemd-resolved is not running"; then
	ok "resolved killed: the panel says it is not running"
else
	not_ok "resolved killed: the panel says it is not running"
	tm_screen | sed 's/^/# | /'
fi
check "resolved killed: the console stays up" console_up
start_daemon resolved "$RESOLVED"
wait_resolved || { not_ok "resolved started again"; finish; exit 1; }
t0=$(ms_now)
rctl dns eth-a 10.77.1.2 10.77.1.21
if poll_s $BACK_S live 10.77.1.21; then
	ok "resolved back: live again with the new server, $(($(ms_now) - t0)) ms after it answered (bound ${BACK_S} s)"
else
	not_ok "resolved back: live again with the new server within ${BACK_S} s"
	tm_screen | sed 's/^/# | /'
fi

# --- the bus goes, both come back ------------------------------------------
kill "$DBUS_PID"
wait "$DBUS_PID" 2>/dev/null
rm -f "$T/bus"
if poll_s 10 _tm_has "D-Bus cannot be reached"; then
	ok "bus killed: the panel says the D-Bus cannot be reached"
else
	not_ok "bus killed: the panel says the D-Bus cannot be reached"
	tm_screen | sed 's/^/# | /'
fi
check "bus killed: the console stays up" console_up
# an outage of some length (a service restarting, a package upgrade),
# during which the panel keeps saying so: a reconnection's back-off must
# not outgrow the 5 s bound
if says_for 16 _tm_has "D-Bus cannot be reached"; then
	ok "bus away for 16 s: the panel says so all along"
else
	not_ok "bus away for 16 s: the panel says so all along"
	tm_screen | sed 's/^/# | /'
fi
start_dbus || { not_ok "dbus-daemon started again"; finish; exit 1; }
kill "$resolved_PID"
wait "$resolved_PID" 2>/dev/null
start_daemon resolved "$RESOLVED"
wait_resolved || { not_ok "resolved started again on the new bus"; finish; exit 1; }
t0=$(ms_now)
rctl dns eth-a 10.77.1.2 10.77.1.22
if poll_s $BACK_S live 10.77.1.22; then
	ok "bus and resolved back: live again with the new server, $(($(ms_now) - t0)) ms after resolved answered (bound ${BACK_S} s)"
else
	not_ok "bus and resolved back: live again with the new server within ${BACK_S} s"
	tm_screen | sed 's/^/# | /'
fi
check "the console is still up" console_up

tm_keys q
rc=$(tm_exit_status 10)
check "q ends the console with status 0 (got $rc)" [ "$rc" = 0 ]
check "the terminal is restored" tm_tty_restored
finish
