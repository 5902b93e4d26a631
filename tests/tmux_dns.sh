#!/bin/sh
# tmux_dns.sh - the DNS panel in the real console, driven through tmux, on
# the demo host (libvirt's test driver, data/demo-node.xml), run inside a
# network namespace of the test's own (unshare -n, as root) so that no DNS
# probe leaves this machine (the namespace has only a loopback that is
# down: every probe fails at once with "network unreachable"):
#   - d opens the DNS panel on this machine;
#   - v switches to the VM: the test driver has no guest agent, so the
#     panel says the agent is not available (and does not crash); r there
#     reads again; v goes back to this machine;
#   - the console quits cleanly and leaves the terminal as it was.
# Nothing outside the namespace is touched.
. "$top_srcdir/tests/tmux_lib.sh"

[ "$(id -u)" -eq 0 ] || skip_all "needs root (unshare -n)"
unshare -n true 2>/dev/null || skip_all "cannot make a network namespace"

cat >"$TM_TMP/ns.sh" <<EOF
test "\$(ip -o link show 2>/dev/null | wc -l)" -le 1 || exit 99
echo \$\$ >'$TM_TMP/pid'
exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 EDGENET_DATADIR='$EDGENET_DATADIR' \
	EDGENET_STATE_DIR='$TM_TMP/state' '$EDGENET_BIN' --demo \
	2>'$TM_TMP/stderr'
EOF
tm_start_cmd 80 24 "unshare -n sh '$TM_TMP/ns.sh'"
tm_wait "w wizard" || { finish; exit 1; }
if ! tm_screen | grep -q "d DNS"; then
	skip_all "the console does not open the DNS panel from home yet"
fi

tm_keys d
check "d opens the DNS panel on this machine" tm_wait "DNS of this machine"
check "the panel offers v for the VM" tm_wait "v this machine/VM"

tm_keys v
check "v shows the VM's side" tm_wait "DNS of VM edge-vm"
check "without a guest agent the panel says so" \
	tm_wait "guest agent is not available"
check "... and how to go back" tm_wait "v: this machine's DNS."
tm_keys r
sleep 0.3
check "r on the VM's side keeps the console up" tm_wait "DNS of VM edge-vm"
check "the console still runs" sh -c "! test -s '$TM_TMP/rc'"

tm_keys v
check "v goes back to this machine" tm_wait "DNS of this machine"
tm_keys v
check "and to the VM again" tm_wait "DNS of VM edge-vm"

tm_keys Escape
tm_wait "w wizard" || { finish; exit 1; }
tm_keys q
tm_screen | grep -q "Quit without saving" && tm_keys y
rc=$(tm_exit_status)
check "the console ends cleanly (exit $rc)" test "$rc" = 0
check "the terminal is restored" tm_tty_restored
if [ -s "$TM_TMP/stderr" ]; then
	sed 's/^/# stderr: /' "$TM_TMP/stderr"
fi
finish
