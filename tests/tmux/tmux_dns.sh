#!/bin/sh
# tmux_dns.sh - the DNS panel in the real console, driven through tmux, on
# the demo host (libvirt's test driver, data/demo-node.xml), run inside a
# network and mount namespace of the test's own (unshare -n -m, as root)
# so that no DNS probe leaves this machine: its /etc/resolv.conf (a bind
# mount, the system D-Bus out of reach) lists four dnsmasq servers on the
# namespace's loopback, one that resolves, one that says NXDOMAIN, one
# SERVFAIL and one REFUSED:
#   - d opens the DNS panel on this machine: only 127.0.0.11 is said to
#     resolve, each other server's answer is named in words, and the
#     problems explain them (SERVFAIL: cannot reach the internet...);
#     resolv.conf mode "foreign" is said in plain words;
#   - v switches to the VM: the test driver has no guest agent, so the
#     panel says the agent is not available (and does not crash); r there
#     reads again; v goes back to this machine;
#   - the console quits cleanly and leaves the terminal as it was.
# Nothing outside the namespaces is touched; the dnsmasq processes are
# ended by pid.
. "$top_srcdir/tests/lib/tmux_lib.sh"

[ "$(id -u)" -eq 0 ] || skip_all "needs root (unshare -n -m)"
unshare -n -m true 2>/dev/null || skip_all "cannot make a network namespace"
command -v dnsmasq >/dev/null 2>&1 || skip_all "dnsmasq is missing"

# the dnsmasq servers started inside the namespace, by pid, then tmux's
dns_cleanup() {
	for p in $(cat "$TM_TMP/dns.pids" 2>/dev/null); do
		kill "$p" 2>/dev/null
	done
	tm_cleanup
}
trap dns_cleanup EXIT

printf 'nameserver %s\n' 127.0.0.11 127.0.0.12 127.0.0.13 127.0.0.14 \
	>"$TM_TMP/resolv.conf"
cat >"$TM_TMP/ns.sh" <<EOF
test "\$(ip -o link show 2>/dev/null | wc -l)" -le 1 || exit 99
mount --bind '$TM_TMP/resolv.conf' /etc/resolv.conf || exit 99
ip link set lo up || exit 99
for i in 11 12 13 14; do ip addr add 127.0.0.\$i/8 dev lo || exit 99; done
D="dnsmasq --conf-file=/dev/null --keep-in-foreground --user=root \
	--pid-file= --no-hosts --no-resolv --bind-interfaces"
\$D --listen-address=127.0.0.11 --dns-rr=.,2,016104726f6f74047465737400 \
	>/dev/null 2>&1 &
echo \$! >>'$TM_TMP/dns.pids'
\$D --listen-address=127.0.0.12 --address=/#/ >/dev/null 2>&1 &
echo \$! >>'$TM_TMP/dns.pids'
\$D --listen-address=127.0.0.13 --server=127.0.0.11 --dnssec \
	--trust-anchor=.,20326,8,2,E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D \
	>/dev/null 2>&1 &
echo \$! >>'$TM_TMP/dns.pids'
\$D --listen-address=127.0.0.14 >/dev/null 2>&1 &
echo \$! >>'$TM_TMP/dns.pids'
n=0
while test "\$(ss -Hlun 'sport = :53' | wc -l)" -lt 4; do
	n=\$((n + 1)); test \$n -lt 250 || exit 99; sleep 0.02
done
echo \$\$ >'$TM_TMP/pid'
exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 EDGENET_DATADIR='$EDGENET_DATADIR' \
	DBUS_SYSTEM_BUS_ADDRESS='unix:path=$TM_TMP/no-bus' \
	EDGENET_STATE_DIR='$TM_TMP/state' '$EDGENET_BIN' --demo \
	2>'$TM_TMP/stderr'
EOF
tm_start_cmd 80 24 "unshare -n -m sh '$TM_TMP/ns.sh'"
tm_wait "w wizard" || { tm_screen; finish; exit 1; }
if ! tm_screen | grep -q "d DNS"; then
	skip_all "the console does not open the DNS panel from home yet"
fi

tm_keys d
check "d opens the DNS panel on this machine" tm_wait "DNS of this machine"
check "the panel offers v for the VM" tm_wait "v this machine/VM"
# the probes finish by themselves (one answer each, on the loopback)
check "the server with data resolves" tm_wait "127.0.0.11  resolves ("
tm_screen >"$TM_TMP/panel.txt"
sed 's/^/# /' "$TM_TMP/panel.txt"
check "NXDOMAIN for . NS is broken or lying, not good" \
	grep -q '127.0.0.12  broken or lying (NXDOMAIN' "$TM_TMP/panel.txt"
check "SERVFAIL: cannot resolve" \
	grep -q '127.0.0.13  cannot resolve (SERVFAIL' "$TM_TMP/panel.txt"
check "REFUSED: does not serve this client" \
	grep -q '127.0.0.14  refuses this client (REFUSED' "$TM_TMP/panel.txt"
check "only one server is said to resolve" \
	test "$(grep -c '  resolves (' "$TM_TMP/panel.txt")" -eq 1
check "the summary counts them" \
	grep -q '1 resolves; 3 do not (1 NXDOMAIN, 1 SERVFAIL, 1 REFUSED)' "$TM_TMP/panel.txt"
check "resolv.conf mode foreign in plain words" \
	grep -q 'resolv.conf mode: foreign (/etc/resolv.conf was written by another' "$TM_TMP/panel.txt"
# the problems, at the end: SERVFAIL explained with what to do (the
# screen's lines joined: a sentence is wrapped over several)
_flat_has() {
	tm_screen | sed 's/^ *//' | tr '\n' ' ' | tr -s ' ' | grep -qF -- "$1"
}
tm_keys End
check "the problems explain SERVFAIL, with what to do" tm_poll 10 _flat_has \
	"answered SERVFAIL (server failure) to \". NS\": it is there but cannot resolve names, usually because it cannot reach the internet or the zone's servers; check that server's own internet connection and its forwarders, or use another DNS server."
check "... and REFUSED" tm_poll 10 _flat_has \
	"answered REFUSED to \". NS\": it is there but does not serve this client"
tm_keys Home
check "Home goes back to the top" tm_wait "127.0.0.11  resolves ("

tm_keys v
check "v shows the VM's side" tm_wait "DNS of VM edge-vm"
check "without a guest agent the panel says so" \
	tm_wait "guest agent is not available"
check "... and how to go back" tm_wait "v: this machine's DNS."
tm_keys r
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
