#!/bin/bash
# e2e_console.sh - the console (edgenet wizard, driven through tmux)
# against a REAL libvirtd in a private network namespace and a REAL guest
# under TCG (tests/lib/e2e_lib.sh), from nothing to the planned networks and
# NICs and back, and the VM-addresses panel on the real guest:
#
#  1. A guest "edge-vm" with no NIC.  The console (run inside the harness's
#     namespace, so its own netlink view is the daemon's) opens plan A with
#     --plan: a NAT network with a DHCP host entry for the primary NIC's
#     fixed MAC, an isolated network with DHCP, two NICs with fixed MACs.
#     Review -> Apply -> every step done -> countdown -> n: rolled back,
#     the host exactly as before (nothing).  Apply again -> y: kept.
#     virsh: both networks defined, active, autostart; the host entry in
#     the live and persistent network XML; the domain's persistent XML has
#     both NICs with the planned MACs on the planned networks.
#  2. The guest boots (virsh start); both leases and the guest agent come.
#     Home -> a: the panel shows both planned MACs, each with exactly the
#     addresses `virsh domifaddr --source lease` and `--source agent` give
#     (and says so for each source).
#  3. A second console run with plan B (eth1 removed; its switch left out
#     of the plan too, which edgenet leaves defined: the one step is the
#     NIC's removal, unplugged live from the running guest),
#     confirm_timeout = 5, no answer: the countdown runs out, rolled back;
#     every network (live + persistent XML, active, autostart) and the
#     domain's persistent XML are exactly as after step 1 (connections='N'
#     counters left out, as in e2e_apply.sh).  Then q quits.
#  4. The route panel's VM view: m 150 on eth0 puts it in the plan and
#     opens the review; Apply, y: the VM's seed has it, and so does the
#     last applied plan.
#  5. The wizard without a plan file opens the deployed VM from that last
#     applied plan (the metric 150 libvirt cannot tell), saying so.
# Everything is removed at the end, on failure too (lib.sh's cleanup kills
# the tmux server first, then the daemons and every process in the
# namespace).  Prints the wall time and a closing "N passed, N failed".
# Exit: 0 passed, 1 failed, 77 a capability is truly missing (not root, no
# tmux), 99 the daemons could not be started.
. "$top_srcdir/tests/lib/tmux_lib.sh"	# skips (77) without tmux
TM_MUST_FINISH=yes	# must: a missed screen ends the scenario (finish)
. "$top_srcdir/tests/lib/e2e_lib.sh"

DOM=edge-vm
NAT=e2e-cnat
ISO=e2e-ciso
MAC1=52:54:00:e2:c0:01
MAC2=52:54:00:e2:c0:02
FIXED=192.168.245.10
E=${EDGENET_BIN:?run through make check}
COLS=100
ROWS=40

finish() {
	if [ "$T_FAIL" -ne 0 ] && [ -n "$E2E_STATE" ]; then
		echo "--- console screen ---"
		tm_screen | sed 's/^/# | /'
		echo "--- console stderr ---"
		cat "$TM_TMP/stderr" 2>/dev/null
		echo "--- guest console (last lines) ---"
		e2e_console_tail "$DOM" 20
		echo "--- libvirtd log (last lines) ---"
		tail -n 15 "$E2E_STATE/libvirtd.log" 2>/dev/null
	fi
	e2e_cleanup
	echo "# e2e_console wall time $(($(e2e_now_ms) - t_begin)) ms," \
		"of which $((${t_locked:-t_begin} - t_begin)) ms waiting for the e2e lock and preparing"
	finish_exit
}

net_up() {	# NAME: active and autostart
	local info
	info=$(e2e_virsh net-info "$1") || return 1
	printf '%s\n' "$info" | grep -q '^Active: *yes' &&
		printf '%s\n' "$info" | grep -q '^Autostart: *yes'
}

# nic_on [--inactive] MAC NET: the domain has a NIC with MAC on network NET.
nic_on() {
	local flag=
	[ "$1" = --inactive ] && { flag=--inactive; shift; }
	e2e_virsh domiflist $DOM $flag |
		awk -v m="$1" -v n="$2" 'tolower($5) == m && $2 == "network" && $3 == n { f = 1 } END { exit !f }'
}

# wait_agent_ip MAC IP [TIMEOUT]: until the agent shows IP on MAC.
wait_agent_ip() {
	local deadline=$((SECONDS + ${3:-40})) got
	while :; do
		got=$(e2e_domifaddr "$DOM" agent "$1" 2>/dev/null | tr '\n' ' ')
		case " $got" in *" $2 "*) return 0 ;; esac
		[ $SECONDS -ge $deadline ] && { echo "# agent: $1 has '$got'" >&2; return 1; }
		sleep 0.2
	done
}

# panel_addrs MAC: from the VM-addresses panel on the screen, the
# observed IPv4 addresses under MAC's row, one a line: "ADDR SOURCES"
# (e.g. "192.168.245.10 agent+lease").
panel_addrs() {
	tm_screen | awk -v m="$1" '
		/[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]/ {
			cur = (index(tolower($0), m) > 0)
			next
		}
		cur && match($0, /[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+\/[0-9]+  from [a-z+]+/) {
			s = substr($0, RSTART, RLENGTH)
			split(s, f, " ")
			sub(/\/.*/, "", f[1])
			print f[1], f[3]
		}'
}

# poll_s SECONDS COMMAND...: COMMAND until it succeeds, at most SECONDS
# of wall time (tm_poll counts tries, and these tries take time).
poll_s() {
	local end=$(($(e2e_now_ms) + $1 * 1000))
	shift
	while :; do
		"$@" && return 0
		[ "$(e2e_now_ms)" -ge $end ] && return 1
		sleep 0.2
	done
}

# panel_matches MAC: for each source (lease, agent), the set of addresses
# the panel lists under MAC from that source equals what `virsh domifaddr
# --source SOURCE` prints for MAC, and is not empty.
panel_matches() {
	local mac=$1 src want have
	for src in lease agent; do
		want=$(e2e_domifaddr $DOM $src "$mac" 2>/dev/null | sort -u | tr '\n' ' ')
		have=$(panel_addrs "$mac" | awk -v s="$src" '
			{ n = split($2, a, "+"); for (i = 1; i <= n; i++) if (a[i] == s) print $1 }' |
			sort -u | tr '\n' ' ')
		[ -n "$want" ] && [ "$want" = "$have" ] || return 1
	done
}

# panel_report MAC [WHEN]: what the panel and virsh say, for the log.
panel_report() {
	echo "# panel${2:+ $2} under $1: $(panel_addrs "$1" | tr '\n' ';')" \
		"virsh lease: $(e2e_domifaddr $DOM lease "$1" 2>&1 | tr '\n' ' ')" \
		"agent: $(e2e_domifaddr $DOM agent "$1" 2>&1 | tr '\n' ' ')"
}

# console PLAN TIMEOUT: a fresh tmux session running the console inside
# the harness's namespace against qemu:///system, on the wizard with PLAN
# ("": none, the wizard opens the deployed VM), its settings file saying
# confirm_timeout = TIMEOUT.
console() {
	printf 'confirm_timeout = %s;\n' "$2" >"$TM_TMP/edgenet.conf"
	cat >"$TM_TMP/run.sh" <<EOF
echo \$\$ >'$TM_TMP/pid'
exec ip netns exec '$E2E_NS' env LANG=C.UTF-8 LC_ALL=C.UTF-8 \
	EDGENET_DATADIR='$EDGENET_DATADIR' EDGENET_STATE_DIR='$TM_TMP/state' \
	EDGENET_SETTINGS='$TM_TMP/edgenet.conf' \
	'$E' -c '$E2E_URI' wizard ${1:+--plan '$1'} 2>'$TM_TMP/stderr'
EOF
	tm_start_cmd $COLS $ROWS "sh '$TM_TMP/run.sh'"
}

# quit_console KEY: KEY (q, F10), y if it asks about unsaved changes;
# prints the exit status (or "timeout").
quit_console() {
	local end=$(($(e2e_now_ms) + 20000)) asked=no
	tm_keys "$1"
	until [ -s "$TM_TMP/rc" ] || [ "$(e2e_now_ms)" -ge $end ]; do
		if [ $asked = no ] && _tm_has "Quit without saving"; then
			tm_keys y
			asked=yes
		fi
		sleep 0.1
	done
	tm_exit_status 1
}

# to_review WHAT: from the wizard's first step to the review, Apply offered
# with the steps for the real host listed.
to_review() {
	must "$1: the wizard opens the plan" "Step 1 of 6"
	tm_keys C-n C-n C-n C-n C-n
	must "$1: the review" "Step 6 of 6: Review"
	must "$1: Apply is offered" "[ Apply ]"
	must "$1: the review says what Apply changes on $E2E_URI" \
		"What Apply changes on $E2E_URI"
	preflight_done "$1"
}

# preflight_done WHAT: on the review's first page, until the preflight's
# verdict is in: Apply refuses while it runs ("press Apply again when its
# results show"), so a technician presses it once the verdict is shown.
preflight_done() {
	local t0
	t0=$(e2e_now_ms)
	tm_wait_gone "Preflight on the wire, running" 30 ||
		not_ok "$1: the preflight gives its verdict within 30 s"
	echo "# $1: the preflight's verdict $(($(e2e_now_ms) - t0)) ms after the review showed"
}

# apply_now WHAT: Tab to Apply, Enter; every step done, the countdown.
apply_now() {
	tm_keys Tab Enter
	must "$1: Apply opens the progress screen" "Applying the plan for VM $DOM"
	must "$1: every step is done and checked" " done and checked." 30
	must "$1: the countdown runs" "Keep this change? y/n - rolled back in"
}

t_begin=$(e2e_now_ms)
e2e_prepare || { echo "e2e_prepare failed"; exit 99; }
t_locked=$(e2e_now_ms)	# e2e_prepare waits for the machine-wide e2e lock
e2e_skip_unless_able
e2e_start_or_fail
# qemu (libvirt's own user) must reach the VM's seed in the state
# directory below TM_TMP, as it reaches /var/lib/edgenet.
chmod 711 "$TM_TMP"
# lib.sh owns the EXIT trap now: the tmux server (and with it the
# console) goes first, then the daemons and the namespace.
e2e_on_cleanup 'tm_cleanup'
e2e_track_net $NAT
e2e_track_net $ISO
echo "# e2e_start done after $(($(e2e_now_ms) - t_begin)) ms"

check "guest $DOM without NICs is defined" e2e_define_guest $DOM ""

cat >"$TM_TMP/plan-a.cfg" <<EOF
version = 1;
profile = "server";
vm = "$DOM";
switches = (
  { name = "$NAT"; type = "internal"; address = "192.168.245.1/24";
    dhcp = true; dhcp_start = "192.168.245.100"; dhcp_end = "192.168.245.199";
    nat = true; },
  { name = "$ISO"; type = "internal"; address = "192.168.246.1/24";
    dhcp = true; dhcp_start = "192.168.246.100"; dhcp_end = "192.168.246.199";
    nat = false; } );
nics = (
  { name = "eth0"; switch = "$NAT"; primary = true; mac = "$MAC1";
    ip = { mode = "static"; address = "$FIXED"; prefix = 24;
           gateway = "192.168.245.1"; };
    dns = { servers = [ "192.168.245.1" ]; }; },
  { name = "eth1"; switch = "$ISO"; mac = "$MAC2";
    ip = { mode = "dhcp"; }; offline = true; } );
EOF
# B: A with eth1 (and its switch) removed
cat >"$TM_TMP/plan-b.cfg" <<EOF
version = 1;
profile = "server";
vm = "$DOM";
switches = (
  { name = "$NAT"; type = "internal"; address = "192.168.245.1/24";
    dhcp = true; dhcp_start = "192.168.245.100"; dhcp_end = "192.168.245.199";
    nat = true; } );
nics = (
  { name = "eth0"; switch = "$NAT"; primary = true; mac = "$MAC1";
    ip = { mode = "static"; address = "$FIXED"; prefix = 24;
           gateway = "192.168.245.1"; };
    dns = { servers = [ "192.168.245.1" ]; }; } );
EOF

# --- 1. plan A: n (back to nothing), then y ----------------------------------
s0=$(e2e_host_state $DOM)
console "$TM_TMP/plan-a.cfg" 20
to_review "A"
page_to "<host mac='$MAC1' ip='$FIXED'/>"
must "A: the review lists the new network with the host entry" \
	"<host mac='$MAC1' ip='$FIXED'/>"
t0=$(e2e_now_ms)
apply_now "A, n"
echo "# plan A: Apply -> countdown $(($(e2e_now_ms) - t0)) ms"
check "A, during the countdown: $NAT is already running" net_up $NAT
tm_keys n
must "A, n: rolled back" "Rolled back because you answered n" 30
check "A, n: the host is exactly as before (nothing)" e2e_same_state $DOM "$s0"
check "A, n: no journal is left" test ! -e "$TM_TMP/state/apply.journal"
tm_keys Enter
must "A, n: Enter goes back to the review" "Step 6 of 6: Review"

t0=$(e2e_now_ms)
apply_now "A, y"
tm_keys y
must "A, y: kept" "Applied and kept:"
echo "# plan A: Apply -> kept $(($(e2e_now_ms) - t0)) ms"
both_up() { net_up $NAT && net_up $ISO; }
check "A, y: $NAT and $ISO are running and autostart" both_up
for x in "" --inactive; do
	what=live
	[ -n "$x" ] && what=persistent
	check "A, y: $NAT's $what XML has the host entry $MAC1 -> $FIXED" \
		sh -c 'virsh -q -c "$1" net-dumpxml $2 "$3" | grep -q "<host mac=.$4. ip=.$5./>"' \
		_ "$E2E_URI" "$x" $NAT $MAC1 $FIXED
done
check "A, y: $ISO has its DHCP range" \
	sh -c 'virsh -q -c "$1" net-dumpxml --inactive "$2" | grep -q "<range start=.192.168.246.100. end=.192.168.246.199."' \
	_ "$E2E_URI" $ISO
check "A, y: the persistent XML has $MAC1 on $NAT" nic_on --inactive $MAC1 $NAT
check "A, y: the persistent XML has $MAC2 on $ISO" nic_on --inactive $MAC2 $ISO
check "A, y: and no other NIC" \
	test "$(e2e_virsh domiflist $DOM --inactive | grep -c ':')" -eq 2
check "A, y: no journal is left" test ! -e "$TM_TMP/state/apply.journal"
check "A, y: the applied plan is kept in the state directory" \
	grep -q $ISO "$TM_TMP/state/applied.cfg"
tm_keys Enter
must "A, y: then the home screen" "Set up the VM's networking"
must "A, y: home lists $NAT running" \
	"$(printf '%-12s %-9s %-18s %s' $NAT internal 192.168.245.1/24 running)"
must "A, y: home lists $ISO running" \
	"$(printf '%-12s %-9s %-18s %s' $ISO internal 192.168.246.1/24 running)"
must "A, y: home says the last apply was kept" "applied and kept:"

# --- 2. the guest boots; the VM-addresses panel -------------------------------
t0=$(e2e_now_ms)
if ! e2e_virsh start $DOM >/dev/null; then
	not_ok "virsh start $DOM"
	finish
fi
ip1=$(e2e_wait_lease $NAT $MAC1 60)
check "lease on $NAT: $MAC1 has the reserved $FIXED (got '$ip1')" test "$ip1" = "$FIXED"
ip2=$(e2e_wait_lease $ISO $MAC2 60)
check "lease on $ISO: $MAC2 has an address (got '$ip2')" test -n "$ip2"
check "the guest agent answers" e2e_wait_agent $DOM 90
check "agent: $MAC1 has $ip1" wait_agent_ip $MAC1 "$ip1"
check "agent: $MAC2 has $ip2" wait_agent_ip $MAC2 "$ip2"
echo "# guest start -> leases and agent addresses $(($(e2e_now_ms) - t0)) ms"

t0=$(e2e_now_ms)
tm_keys a
must "the VM-addresses panel opens" "VM addresses"
must "it reads $DOM on $E2E_URI: running" "VM $DOM: running" 20
echo "# the panel at opening:"
tm_screen | sed '/^ *$/d; s/^/# | /'
panel_report $MAC1 "at opening"
panel_report $MAC2 "at opening"
# By itself first: the watcher reads on the domain's and the agent's
# events and every 30 s, and the second NIC's lease may come after the
# agent's connect event, so up to one timer period (plus slack).  Only if
# that fails: r (read again), to tell a dead timer from wrong data.
both() { panel_matches $MAC1 && panel_matches $MAC2; }
if poll_s 40 both; then
	ok "the panel shows $MAC1 and $MAC2 with their lease and agent addresses, as virsh domifaddr, by itself ($(($(e2e_now_ms) - t0)) ms after opening)"
else
	not_ok "the panel shows $MAC1 and $MAC2 with their lease and agent addresses, as virsh domifaddr, by itself within 40 s"
	tm_screen | sed 's/^/# | /'
	for _ in $(seq 5); do
		tm_keys r
		poll_s 2 both && break
	done
	check "... after r (read again)" both
fi
panel_report $MAC1
panel_report $MAC2
fixed_both() {
	panel_addrs $MAC1 | awk -v ip=$FIXED '$1 == ip && ($2 == "agent+lease" || $2 == "lease+agent") { f = 1 } END { exit !f }'
}
check "the panel lists $MAC1 with the reserved $FIXED from agent and lease" fixed_both
sources_ok() { tm_screen | grep -q 'agent: ok' && tm_screen | grep -q 'lease: ok'; }
check "the panel's sources: agent ok, lease ok" sources_ok
no_flags() { ! tm_screen | grep -Eq 'NO ADDRESS|MAC differs|not in the VM|no address source'; }
check "no NIC is flagged (no address, MAC differs, not in the VM)" no_flags
tm_keys Escape
must "Esc: back home" "Set up the VM's networking"
rc=$(quit_console q)
check "first console: q quits with status 0 (got $rc)" test "$rc" = 0
check "first console: the terminal is restored" tm_tty_restored
s_a=$(e2e_host_state $DOM)	# the guest running (network connections)

# --- 3. plan B, the countdown runs out: exactly as after A ----------------------
console "$TM_TMP/plan-b.cfg" 5
to_review "B"
page_to "Remove the NIC with MAC $MAC2"
must "B: the review lists the removal of $MAC2" "Remove the NIC with MAC $MAC2"
t0=$(e2e_now_ms)
apply_now "B"
echo "# plan B: Apply -> countdown $(($(e2e_now_ms) - t0)) ms"
check "B, during the countdown: $MAC2 is gone from the persistent XML" \
	sh -c '! virsh -q -c "$1" dumpxml --inactive "$2" | grep -qi "$3"' _ "$E2E_URI" $DOM $MAC2
unplugged() { ! e2e_virsh dumpxml $DOM | grep -qi "$MAC2"; }
check "B, during the countdown: and unplugged from the running guest" unplugged
must "B: no answer: rolled back by itself" \
	"Rolled back because it was not confirmed in time" 45
echo "# plan B: Apply -> rolled back $(($(e2e_now_ms) - t0)) ms"
check "B: every network and the domain's persistent XML are exactly as after A" \
	e2e_same_state $DOM "$s_a"
live_both() { nic_on $MAC1 $NAT && nic_on $MAC2 $ISO; }
check "B: the running guest has $MAC1 on $NAT and $MAC2 on $ISO again (live)" live_both
check "B: no journal is left" test ! -e "$TM_TMP/state/apply.journal"
tm_keys Enter
must "B: Enter goes back to the review" "Step 6 of 6: Review"
tm_keys Escape Escape Escape Escape Escape Escape
must "B: Esc through the wizard: home" "Set up the VM's networking"
must "B: home says the last apply was rolled back" \
	"not confirmed in time: rolled back"
rc=$(quit_console q)
check "second console: q quits with status 0 (got $rc)" test "$rc" = 0
check "second console: the terminal is restored" tm_tty_restored
check "second console: nothing on stderr" test ! -s "$TM_TMP/stderr"

# --- 4. the route panel's VM view: a metric applied to the VM -----------------
# eth0 (MAC1, static, no metric in plan A: 100) gets 150 from the panel (eth1,
# offline, has 200: a metric above that would be refused by the review):
# the plan gets it and the review opens; its Apply carries it into the VM
# (here: its seed: this guest has no systemd-networkd); y keeps it.
console "$TM_TMP/plan-a.cfg" 30
must "4: the wizard opens plan A" "Step 1 of 6"
tm_keys Escape
must "4: Esc: home" "Set up the VM's networking"
tm_keys t
must "4: t opens the route panel" "Route metrics - this machine"
tm_keys v
must "4: v shows the VM's routes" "Route metrics - the VM"
must "4: the VM's default route via 192.168.245.1 is listed" \
	"192.168.245.1" 40
tm_keys m
must "4: m asks for eth0's new metric" "New metric for eth0 (lower wins):"
tm_type 150
must "4: 150 is typed" "(lower wins): 150"
tm_keys Enter
must "4: Enter opens the review with the new metric" "Step 6 of 6: Review" 20
preflight_done "4"
page_to "Write the VM's NoCloud seed"
must "4: the review lists the VM's new seed" "Write the VM's NoCloud seed"
apply_now "4"
tm_keys y
must "4: kept" "Applied and kept:"
seed4=$(e2e_virsh dumpxml --inactive $DOM | sed -n "s|.*<source file='\\([^']*/seeds/$DOM/seed-[0-9a-f]*\\.iso\\)'/>.*|\\1|p")
check "4: the VM's seed CD-ROM is in its definition ($seed4)" test -f "$seed4"
check "4: the seed's network-config has eth0's route with metric 150" \
	sh -c 'isoinfo -R -i "$1" -x /network-config | grep -q "metric: 150"' _ "$seed4"
check "4: the applied plan in the state directory has metric 150" \
	grep -q "metric = 150" "$TM_TMP/state/applied.cfg"
tm_keys Enter
rc=$(quit_console q)
check "third console: q quits with status 0 (got $rc)" test "$rc" = 0
check "third console: nothing on stderr" test ! -s "$TM_TMP/stderr"

# --- 5. no plan file: the wizard opens the deployed VM ------------------------
# from the last applied plan (libvirt cannot tell a metric: 150 comes
# from the state directory), with what changed since as notes.
console "" 30
must "5: the wizard opens the deployment" "Step 1 of 6"
tm_keys C-n C-n C-n C-n C-n
must "5: the review" "Step 6 of 6: Review"
preflight_done "5"	# its lines move to the end once it is in: page after
page_to "opened the last applied plan"
must "5: the review says the last applied plan was opened" \
	"opened the last applied plan"
page_to "through eth0 (metric 150, the lowest)"
must "5: with eth0's metric 150 from it" \
	"through eth0 (metric 150, the lowest)"
page_to "Apply changes nothing"
must "5: and nothing to apply: the host is as that plan says" \
	"Apply changes nothing: $E2E_URI is already as this plan says."
rc=$(quit_console q)
check "fourth console: q quits with status 0 (got $rc)" test "$rc" = 0
finish
