#!/bin/bash
# e2e_daemons.sh - the console's VM panels while the daemons behind them go
# away and come back: a REAL libvirtd in a private network namespace
# (tests/lib/e2e_lib.sh) and a REAL TCG guest (the busybox guest with
# qemu-guest-agent, restarted by the guest's init when it exits), the
# console driven through tmux inside the harness's namespace.
#
#  1. For each VM panel - addresses (a), DNS of the VM (d, v), routes of
#     the VM (t, v) - while it shows the VM: libvirtd is killed by its pid
#     (SIGKILL).  The console stays up and the panel says, in words, that
#     libvirt cannot be reached (the connection lost, then the refused
#     reconnection).  libvirtd is started again; from the moment it
#     answers `virsh version`, within 5 s the panel shows what only a
#     fresh connection can: the VM running with the guest agent ok and,
#     on the addresses panel, its DHCP lease (libvirtd's network driver)
#     and the agent's address; on the others the guest's nameserver and
#     its default route.
#  2. The guest agent killed in the middle of a read: in the guest, a
#     script replaces /etc/resolv.conf by a FIFO and opens it for writing,
#     which returns only once qemu-ga has opened it to read (the DNS
#     panel's next read, asked for with r); then it kills qemu-ga by its
#     pid, keeps it from starting again for a while, writes a regular
#     resolv.conf with a new nameserver and lets it start.  The panel says
#     the agent is not available; from the moment the agent answers
#     guest-ping again, within 5 s it shows the new nameserver.
#  3. The console's own connection (home, the wizard, apply): with home
#     on screen libvirtd is killed; home says libvirt is unreachable and
#     that nothing can be applied, shows the refused try to connect
#     again, and the review (apply's preflight) refuses in words.
#     libvirtd is started again and a network defined with virsh as soon
#     as it answers: within 5 s home shows the VM defined and the new
#     network, and the review plans on the new connection.
# E2E_DAEMONS_PARTS="1 3" runs some parts only (default: all).
# Every wait is bounded; the 5 s bounds are measured in wall time from the
# daemon's return.  Everything is removed at the end, on failure too.
# Exit: 0 passed, 1 failed, 77 a capability is truly missing (not root, no
# tmux), 99 the daemons could not be started.
. "$top_srcdir/tests/lib/tmux_lib.sh"	# skips (77) without tmux
TM_MUST_FINISH=yes	# must: a missed screen ends the scenario (finish)
. "$top_srcdir/tests/lib/e2e_lib.sh"

DOM=edge-vm
NET=e2e-dmnat
MAC1=52:54:00:e2:d0:01
GW=192.168.248.1
NEWDNS=10.77.0.7
E=${EDGENET_BIN:?run through make check}
COLS=100
ROWS=40
BACK_S=5	# the bound: current again within 5 s of the daemon's return

finish() {
	if [ "$T_FAIL" -ne 0 ] && [ -n "$E2E_STATE" ]; then
		echo "--- console screen ---"
		tm_screen | sed 's/^/# | /'
		echo "--- console stderr (exit status: $(cat "$TM_TMP/rc" 2>/dev/null || echo 'still running')) ---"
		cat "$TM_TMP/stderr" 2>/dev/null
		echo "--- guest console (last lines) ---"
		e2e_console_tail "$DOM" 20
		echo "--- libvirtd log (last lines) ---"
		tail -n 15 "$E2E_STATE/libvirtd.log" 2>/dev/null
	fi
	e2e_cleanup
	finish_exit
}

# poll_s SECONDS COMMAND...: COMMAND until it succeeds, at most SECONDS
# of wall time.
poll_s() {
	local end=$(($(e2e_now_ms) + $1 * 1000))
	shift
	while :; do
		"$@" && return 0
		[ "$(e2e_now_ms)" -ge $end ] && return 1
		sleep 0.1
	done
}

screen_has_re() {
	tm_screen | grep -Eq -- "$1"
}

screen_lacks() {
	! tm_screen | grep -qF -- "$1"
}

console_up() {
	[ ! -s "$TM_TMP/rc" ]
}

# The panels' own words for a libvirt that cannot be reached: the lost
# connection, then the refused reconnection.
LIBVIRT_GONE="connection lost: libvirt|cannot connect to libvirt"
LIBVIRT_REFUSED="cannot connect to libvirt at '$E2E_URI'"

# no word of a lost libvirt on the screen
libvirt_fine() {
	! screen_has_re "$LIBVIRT_GONE"
}

# fresh_addrs: the addresses panel read through a working connection:
# the VM running, the agent answering, the lease and the agent's address.
fresh_addrs() {
	libvirt_fine &&
		screen_has_re "VM $DOM: running, read [0-9]+s ago" &&
		screen_has_re "agent: ok +lease: ok" &&
		screen_has_re "$LEASE/24 +from [a-z+]*agent[a-z+]*lease"
}

# fresh_dns: the VM's DNS from its resolv.conf, through the agent.
fresh_dns() {
	libvirt_fine && _tm_has "$1" && screen_lacks "Not read at" &&
		screen_lacks "not available"
}

# fresh_routes: the VM's default route, through the agent.
fresh_routes() {
	libvirt_fine && _tm_has "$GW" &&
		screen_has_re "default|0\.0\.0\.0/0"
}

# libvirtd_cycle PANEL FRESH...: with PANEL on the screen (its FRESH test
# passing), libvirtd killed and started again.
libvirtd_cycle() {
	local panel=$1 t_ready t_back
	shift
	if ! poll_s 30 "$@"; then
		not_ok "$panel: shows the VM before libvirtd goes"
		return
	fi
	ok "$panel: shows the VM before libvirtd goes"
	if ! e2e_libvirtd_down KILL; then
		not_ok "$panel: libvirtd killed by its pid"
		return
	fi
	ok "$panel: libvirtd killed by its pid"
	if poll_s 10 screen_has_re "$LIBVIRT_GONE"; then
		ok "$panel: says libvirt cannot be reached"
	else
		not_ok "$panel: says libvirt cannot be reached"
		tm_screen | sed 's/^/# | /'
	fi
	check "$panel: the console stays up" console_up
	# a reconnection tried while it is away is refused, and said so
	if poll_s 10 _tm_has "$LIBVIRT_REFUSED"; then
		ok "$panel: a reconnection while libvirtd is away is refused, in words"
	else
		not_ok "$panel: a reconnection while libvirtd is away is refused, in words"
	fi
	if ! e2e_libvirtd_up; then
		not_ok "$panel: libvirtd started again"
		finish
	fi
	t_ready=$(e2e_now_ms)
	if poll_s $BACK_S "$@"; then
		t_back=$(e2e_now_ms)
		ok "$panel: current again $((t_back - t_ready)) ms after libvirtd answered (bound ${BACK_S} s)"
	else
		not_ok "$panel: current again within ${BACK_S} s after libvirtd answered"
		tm_screen | sed 's/^/# | /'
	fi
	check "$panel: the console is still up" console_up
}

e2e_begin
e2e_on_cleanup 'tm_cleanup'

check "NAT network $NET starts" e2e_define_net $NET "<network>
  <name>$NET</name>
  <forward mode='nat'/>
  <ip address='$GW' prefix='24'>
    <dhcp>
      <range start='192.168.248.100' end='192.168.248.199'/>
    </dhcp>
  </ip>
</network>"
check "guest $DOM is defined" e2e_define_guest $DOM "$(e2e_nic_xml "$NET" "$MAC1")"
e2e_virsh start $DOM >/dev/null || { not_ok "guest $DOM starts"; finish; }
LEASE=$(e2e_wait_lease $NET $MAC1 90) || { not_ok "a DHCP lease for $MAC1"; finish; }
ok "guest $DOM has its lease $LEASE"
e2e_wait_agent $DOM 90 || { not_ok "the guest agent answers"; finish; }
ok "the guest agent answers"
resolv=$(e2e_guest_cat $DOM /etc/resolv.conf)
check "the guest's resolv.conf names the gateway ($(echo $resolv))" \
	grep -q "nameserver $GW" <<<"$resolv"

# the console, inside the harness's namespace, on qemu:///system
cat >"$TM_TMP/run.sh" <<EOF
echo \$\$ >'$TM_TMP/pid'
exec ip netns exec '$E2E_NS' env LANG=C.UTF-8 LC_ALL=C.UTF-8 \
	EDGENET_DATADIR='$EDGENET_DATADIR' EDGENET_STATE_DIR='$TM_TMP/state' \
	'$E' -c '$E2E_URI' 2>'$TM_TMP/stderr'
EOF
tm_start_cmd $COLS $ROWS "sh '$TM_TMP/run.sh'"
must "the console's home screen" "w wizard" 20

# E2E_DAEMONS_PARTS: the parts to run (default all: "1 2 3").
PARTS=${E2E_DAEMONS_PARTS:-1 2 3}
if [[ " $PARTS " == *" 1 "* ]]; then
# --- 1. libvirtd killed and started again under each VM panel -----------
tm_keys a
must "a: the VM-addresses panel" "agent:" 20
libvirtd_cycle "VM addresses" fresh_addrs

tm_keys Escape
must "back home" "w wizard"
tm_keys d
must "d: the DNS panel" "DNS" 10
# the panel opens on the view it showed last: the VM's wanted
if ! poll_s 3 _tm_has "DNS of VM $DOM"; then
	tm_keys v
fi
must "v: the VM's DNS" "DNS of VM $DOM" 10
libvirtd_cycle "DNS of the VM" fresh_dns "$GW"

tm_keys Escape
must "back home" "w wizard"
tm_keys t
must "t: the route panel" "Route metrics" 10
tm_keys v
must "v: the VM's routes" "Route metrics - the VM" 10
libvirtd_cycle "routes of the VM" fresh_routes
fi

if [[ " $PARTS " == *" 2 "* ]]; then

# --- 2. the guest agent killed in the middle of a read ------------------
tm_keys Escape
must "back home" "w wizard"
tm_keys d
must "d: the DNS panel again" "DNS" 10
if ! poll_s 3 _tm_has "DNS of VM $DOM"; then
	tm_keys v
fi
if poll_s 30 fresh_dns "$GW"; then
	ok "agent: the VM's DNS shows $GW before"
else
	not_ok "agent: the VM's DNS shows $GW before"
	finish
fi
killer="exec </dev/null >/dev/console 2>&1
cp /etc/resolv.conf /run/e2e/resolv.saved
rm -f /etc/resolv.conf
mkfifo /etc/resolv.conf
exec 3>/etc/resolv.conf
pid=\$(pidof qemu-ga)
mv /usr/sbin/qemu-ga /usr/sbin/qemu-ga.held
kill -KILL \$pid &&
	echo e2e-daemons: qemu-ga \$pid killed in a read of resolv.conf
exec 3>&-
sleep 12
rm -f /etc/resolv.conf
echo nameserver $NEWDNS >/etc/resolv.conf
mv /usr/sbin/qemu-ga.held /usr/sbin/qemu-ga
echo e2e-daemons: qemu-ga may start again"
out=$(e2e_agent $DOM "{\"execute\":\"guest-exec\",\"arguments\":{\"path\":\"/bin/sh\",\"arg\":[\"-c\",$(e2e_json_str "$killer")]}}")
check "agent: the killer runs in the guest ($out)" grep -q '"pid"' <<<"$out"
# the panel's next read opens the FIFO: the killer's open returns then
tm_keys r
if e2e_wait_console $DOM "qemu-ga [0-9]+ killed in a read" 30; then
	ok "agent: qemu-ga killed in the middle of the panel's read"
else
	not_ok "agent: qemu-ga killed in the middle of the panel's read"
	finish
fi
if poll_s 10 screen_has_re "agent[^.]*(not available|not responding|not connected|disappeared)"; then
	ok "agent: the panel says the agent is not available"
else
	not_ok "agent: the panel says the agent is not available"
	tm_screen | sed 's/^/# | /'
fi
check "agent: the console stays up" console_up
if poll_s 60 e2e_agent $DOM '{"execute":"guest-ping"}' 1 >/dev/null 2>&1; then
	t_ready=$(e2e_now_ms)
	ok "agent: qemu-ga answers again"
	if poll_s $BACK_S fresh_dns "$NEWDNS"; then
		ok "agent: the panel shows the new nameserver $NEWDNS $(($(e2e_now_ms) - t_ready)) ms after the agent answered (bound ${BACK_S} s)"
	else
		not_ok "agent: the panel shows the new nameserver within ${BACK_S} s after the agent answered"
		tm_screen | sed 's/^/# | /'
	fi
else
	not_ok "agent: qemu-ga answers again"
fi
check "agent: the console is still up" console_up
fi

tm_keys q
rc=$(tm_exit_status 10)
check "q ends the console with status 0 (got $rc)" [ "$rc" = 0 ]
check "the terminal is restored" tm_tty_restored

[[ " $PARTS " == *" 3 "* ]] || finish
# --- 3. the console's own connection: home, the wizard, apply -----------
# A console opened on a plan for the VM as it is, then home.  libvirtd
# killed: home says in words that libvirt is unreachable and what that
# means, and that a try to connect again was refused; the review (apply's
# preflight) refuses in words.  libvirtd back and a network defined with
# virsh at once: within 5 s home shows the VM and the new network (the
# console connected again by itself), and the review plans on the new
# connection.
cat >"$TM_TMP/plan.cfg" <<EOF
version = 1;
profile = "server";
vm = "$DOM";
switches = (
  { name = "$NET"; type = "internal"; address = "$GW/24";
    dhcp = true; dhcp_start = "192.168.248.100"; dhcp_end = "192.168.248.199";
    nat = true; } );
nics = (
  { name = "eth0"; switch = "$NET"; primary = true; mac = "$MAC1";
    ip = { mode = "dhcp"; }; } );
EOF
cat >"$TM_TMP/run.sh" <<EOF
echo \$\$ >'$TM_TMP/pid'
exec ip netns exec '$E2E_NS' env LANG=C.UTF-8 LC_ALL=C.UTF-8 \
	EDGENET_DATADIR='$EDGENET_DATADIR' EDGENET_STATE_DIR='$TM_TMP/state' \
	'$E' -c '$E2E_URI' wizard --plan '$TM_TMP/plan.cfg' 2>'$TM_TMP/stderr'
EOF
rm -f "$TM_TMP/rc" "$TM_TMP/pid" "$TM_TMP/stty"
tm_start_cmd $COLS $ROWS "sh '$TM_TMP/run.sh'"
must "home: the wizard opens the plan" "Step 1 of 6" 20
tm_keys Escape
must "home: Esc: home" "w wizard"
must "home: the VM is defined" "$DOM: defined on this host"
must "home: lists $NET" "$NET "
# screen_words TEXT: TEXT on the screen, wrapped over lines or not
screen_words() {
	tm_screen | tr -s ' \n' '  ' | grep -qF -- "$1"
}
# home's words for a lost libvirt
home_down() {
	_tm_has "UNREACHABLE" && _tm_has "libvirt is unreachable" &&
		screen_words "Nothing can be applied until it is back"
}
NEWNET=e2e-dmnew
if ! e2e_libvirtd_down KILL; then
	not_ok "home: libvirtd killed by its pid"
	finish
fi
t_down=$(e2e_now_ms)
ok "home: libvirtd killed by its pid"
if poll_s 10 home_down; then
	ok "home: says libvirt is unreachable and that nothing can be applied ($(($(e2e_now_ms) - t_down)) ms after the kill)"
else
	not_ok "home: says libvirt is unreachable and that nothing can be applied"
	tm_screen | sed 's/^/# | /'
fi
check "home: the VM is no longer said to be defined" screen_lacks "$DOM: defined on this host"
check "home: the console stays up" console_up
if poll_s 10 _tm_has "$LIBVIRT_REFUSED"; then
	ok "home: the refused try to connect again is shown"
else
	not_ok "home: the refused try to connect again is shown"
fi
# the review while libvirt is away: apply refused in words
tm_keys w
must "home down: w opens the wizard" "Step 1 of 6"
tm_keys C-n C-n C-n C-n C-n
must "home down: the review" "Step 6 of 6: Review"
if poll_s 5 _tm_has "libvirt is unreachable"; then
	ok "home down: the review says libvirt is unreachable"
else
	not_ok "home down: the review says libvirt is unreachable"
	tm_screen | sed 's/^/# | /'
fi
check "home down: the review plans no change on the host" \
	screen_lacks "What Apply changes on $E2E_URI"
check "home down: the console stays up" console_up
tm_keys Escape Escape Escape Escape Escape Escape
must "home down: Esc through the wizard: home" "w wizard"
# libvirtd back; a network defined as soon as it answers
if ! e2e_libvirtd_up; then
	not_ok "home: libvirtd started again"
	finish
fi
t_ready=$(e2e_now_ms)
e2e_track_net $NEWNET
printf '%s\n' "<network><name>$NEWNET</name><ip address='192.168.249.1' prefix='24'/></network>" >"$TM_TMP/$NEWNET.xml"
check "home: network $NEWNET defined with virsh as libvirtd answers" \
	e2e_virsh net-define "$TM_TMP/$NEWNET.xml"
home_back() {
	! _tm_has "UNREACHABLE" && _tm_has "$DOM: defined on this host" &&
		screen_has_re "$NEWNET +internal +192\.168\.249\.1/24 +stopped"
}
if poll_s $BACK_S home_back; then
	ok "home: current again (VM defined, $NEWNET listed) $(($(e2e_now_ms) - t_ready)) ms after libvirtd answered (bound ${BACK_S} s)"
else
	not_ok "home: current again within ${BACK_S} s after libvirtd answered"
	tm_screen | sed 's/^/# | /'
fi
# the review plans on the new connection
tm_keys w
must "home back: w opens the wizard" "Step 1 of 6"
tm_keys C-n C-n C-n C-n C-n
must "home back: the review" "Step 6 of 6: Review"
must "home back: the review's preflight reads the host again" \
	"What Apply changes on $E2E_URI"
check "home back: the review says nothing of an unreachable libvirt" \
	screen_lacks "unreachable"
tm_keys Escape Escape Escape Escape Escape Escape
must "home back: home" "w wizard"
tm_keys q
if poll_s 3 _tm_has "Quit without saving"; then
	tm_keys y
fi
rc=$(tm_exit_status 10)
check "home: q ends the console with status 0 (got $rc)" [ "$rc" = 0 ]
check "home: the terminal is restored" tm_tty_restored
finish
