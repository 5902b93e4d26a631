#!/bin/bash
# e2e_preflight.sh - the review's preflight for real: the console (wizard,
# driven through tmux) runs inside the harness's namespace against a REAL
# libvirtd there (tests/lib/e2e_lib.sh), and that namespace is the host side
# of the probe lab (tests/lib/probe_lab.sh): its uplink veth leads to a plant
# bridge where lab_holder holds an address and lab_gateway answers.
#
#  1. A guest "edge-vm" with no NIC is defined (not started).  The plan:
#     an external switch "plant" in bridge mode whose uplink is the lab's
#     uplink veth, and eth0 on it with the held address, static.
#  2. The review runs the preflight on the wire (ARP probe on the uplink):
#     the address field shows the in-use error with the holder's MAC; the
#     gateway answers, so no gateway warning.
#  3. Apply is refused with a sentence naming the address and the MAC;
#     nothing is applied: virsh lists no network "plant", the domain has
#     no interface, no bridge was made.
#  4. The address changed to a free one (step 3, back to the review): the
#     preflight runs again and finds no problem.
#  5. F5 from the review: the diagnostics of eth0 on the real host (not
#     skipped): the uplink port and the gateway probe with their words.
# Everything is removed at the end, on failure too.  Exit: 0 passed, 1
# failed, 77 not root / no tmux / no namespaces, 99 the daemons could not
# be started.
. "$top_srcdir/tests/lib/tmux_lib.sh"	# skips (77) without tmux
TM_MUST_FINISH=yes	# must: a missed screen ends the scenario (finish)
. "$top_srcdir/tests/lib/e2e_lib.sh"
. "$top_srcdir/tests/lib/probe_lab.sh"

DOM=edge-vm
E=${EDGENET_BIN:?run through make check}
COLS=100
ROWS=40
HELD=10.231.7.50
FREE=10.231.7.60
GW=10.231.7.1
PLAN=$TM_TMP/plant.cfg

finish() {
	if [ "$T_FAIL" -ne 0 ] && [ -n "$E2E_STATE" ]; then
		echo "--- console screen ---"
		tm_screen | sed 's/^/# | /'
		echo "--- console stderr ---"
		cat "$TM_TMP/stderr" 2>/dev/null
	fi
	lab_down
	e2e_cleanup
	finish_exit
}

# The whole review, every page, as one text (the view scrolls).
review_text() {
	tm_keys PPage PPage PPage PPage PPage PPage
	sleep 0.1
	for _i in 1 2 3 4 5 6; do
		tm_screen
		tm_keys NPage
		sleep 0.1
	done
}

e2e_begin
chmod 711 "$TM_TMP"
e2e_on_cleanup 'tm_cleanup; lab_down'
if ! lab_up "$E2E_NS"; then
	echo "SKIP: the probe lab could not be built"
	e2e_cleanup
	exit 77
fi
lab_holder $HELD || { not_ok "a holder of $HELD"; finish; }
HOLDER_MAC=$LAB_LAST_MAC
lab_gateway $GW ping || { not_ok "a gateway at $GW"; finish; }
echo "# lab: uplink $LAB_UPLINK in $E2E_NS; $HELD held by $HOLDER_MAC"

check "guest $DOM without NICs is defined" e2e_define_guest $DOM ""

cat >"$PLAN" <<EOF
version = 1;
profile = "client";
vm = "$DOM";
switches = ( { name = "plant"; type = "external"; uplink = "$LAB_UPLINK";
    mode = "bridge"; bridge = "brplant$$"; } );
nics = ( { name = "eth0"; switch = "plant"; primary = true;
    mac = "52:54:00:e2:f1:01";
    ip = { mode = "static"; address = "$HELD"; prefix = 24;
           gateway = "$GW"; };
    dns = { servers = [ "$GW" ]; }; } );
EOF

cat >"$TM_TMP/run.sh" <<EOF
echo \$\$ >'$TM_TMP/pid'
exec ip netns exec '$E2E_NS' env LANG=C.UTF-8 LC_ALL=C.UTF-8 \
	EDGENET_DATADIR='$EDGENET_DATADIR' EDGENET_STATE_DIR='$TM_TMP/state' \
	'$E' -c '$E2E_URI' wizard --plan '$PLAN' 2>'$TM_TMP/stderr'
EOF
tm_start_cmd $COLS $ROWS "sh '$TM_TMP/run.sh'"
must "the wizard opens the plan" "Step 1 of 6" 20
for n in 2 3 4 5 6; do
	tm_keys C-n
	must "step $n" "Step $n of 6"
done

# --- the preflight on the wire ---
if tm_poll 10 sh -c "! tmux -L '$TM_SOCK' -f /dev/null capture-pane -p -t 0 | grep -q 'running\.\.\.'"; then
	ok "the preflight finishes by itself"
else
	not_ok "the preflight finishes by itself"
fi
rv=$(review_text)
if printf '%s\n' "$rv" | tr -s ' \n' '  ' |
	grep -qF "! error NIC eth0: address: $HELD is already in use"; then
	ok "the address field shows the in-use error"
else
	not_ok "the address field shows the in-use error"
	printf '%s\n' "$rv" | sed 's/^/# | /'
fi
if printf '%s\n' "$rv" | tr -s ' \n' '  ' | grep -qiF "$HOLDER_MAC"; then
	ok "... naming the holder's MAC $HOLDER_MAC"
else
	not_ok "... naming the holder's MAC $HOLDER_MAC"
fi
if printf '%s\n' "$rv" | tr -s ' \n' '  ' | grep -qF "warning NIC eth0: gateway:"; then
	not_ok "the answering gateway gives no warning"
else
	ok "the answering gateway gives no warning"
fi
if printf '%s\n' "$rv" | tr -s ' \n' '  ' | grep -qF "ok NIC eth0: gateway: Gateway, no problem found"; then
	ok "the gateway field says it answered"
else
	not_ok "the gateway field says it answered"
fi

# --- Apply refused, nothing applied ---
tm_keys Tab		# Save is focused: Apply
tm_keys Enter
must "Apply is refused" "Not applied: $HELD"
if tm_screen | tr -s ' \n' '  ' | grep -qiF "$HOLDER_MAC answered"; then
	ok "the refusal names the MAC that answered"
else
	not_ok "the refusal names the MAC that answered"
fi
must "still on the review" "Step 6 of 6"
if e2e_virsh net-info plant >/dev/null 2>&1; then
	not_ok "virsh: the network plant was not defined"
else
	ok "virsh: the network plant was not defined"
fi
if e2e_virsh domiflist $DOM --inactive | grep -q '52:54:00:e2:f1:01'; then
	not_ok "virsh: the domain got no interface"
else
	ok "virsh: the domain got no interface"
fi
if ip -n "$E2E_NS" link show "brplant$$" >/dev/null 2>&1; then
	not_ok "no bridge was made"
else
	ok "no bridge was made"
fi

# --- a free address: the preflight again, no problem ---
tm_keys F10
tm_poll 2 _tm_has "Quit without saving" && tm_keys y
if tm_poll 10 test -s "$TM_TMP/rc"; then ok "quit"; else not_ok "quit"; finish; fi
sed -i "s/\"$HELD\"/\"$FREE\"/" "$PLAN"
tm_start_cmd $COLS $ROWS "sh '$TM_TMP/run.sh'"
must "the wizard opens the changed plan" "Step 1 of 6" 20
for n in 2 3 4 5 6; do
	tm_keys C-n
	must "step $n again" "Step $n of 6"
done
if tm_poll 10 sh -c "! tmux -L '$TM_SOCK' -f /dev/null capture-pane -p -t 0 | grep -q 'running\.\.\.'"; then
	ok "the preflight runs again and finishes"
else
	not_ok "the preflight runs again and finishes"
fi
rv=$(review_text)
if printf '%s\n' "$rv" | tr -s ' \n' '  ' | grep -qF "is already in use"; then
	not_ok "a free address: no in-use error"
	printf '%s\n' "$rv" | sed 's/^/# | /'
else
	ok "a free address: no in-use error"
fi
# the lab's uplink is a veth: the port (read in the preflight too) is a
# warning (and no link problem is said)
flat=$(printf '%s\n' "$rv" | tr -s ' \n' '  ')
if printf '%s' "$flat" | grep -qF "is a virtual interface (veth), not a physical port" &&
   ! printf '%s' "$flat" | grep -qF "no link"; then
	ok "the preflight: the lab's virtual uplink is a warning, no link problem"
else
	not_ok "the preflight: the lab's virtual uplink is a warning, no link problem"
fi

# --- F5 on the real host: probes run, none skipped ---
tm_keys F5
must "F5 opens the diagnostics" "edgenet - Diagnostics"
must "eth0 from the wizard's plan" "NIC eth0 (1 of 1), from the wizard's plan"
must "the uplink port is read" "Uplink port" 15
if tm_poll 10 sh -c "! tmux -L '$TM_SOCK' -f /dev/null capture-pane -p -t 0 | grep -q 'running\.\.\.'"; then
	ok "the probes finish by themselves"
else
	not_ok "the probes finish by themselves"
fi
lacks "nothing said to be simulated" "simulated"
must "the gateway answered" "gateway $GW answered ARP"
tm_keys Escape
must "Esc back to the review" "Step 6 of 6"
finish
