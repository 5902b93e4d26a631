#!/bin/sh
# tmux_comeback.sh - coming back to a deployed VM, and what is left after
# an apply, in the real console on the bundled demo host (libvirt's test
# driver: its state lives in the process only, nothing on this machine
# changes; the state directory is the test's own and outlives each
# console, as /var/lib/edgenet does).
#   1. home, first time: the plan file does not exist yet, nothing was
#      ever applied;
#   2. after an apply that moves the VM's NIC (the test driver cannot
#      change a running VM, so libvirt keeps it for the next start):
#      home says the plan file exists and when the plan was applied, and
#      that changes wait for the VM's next start; the VM-addresses panel
#      shows them as pending, not as mismatches to apply again; the
#      review says Apply changes nothing and what is left to do; R asks
#      (naming the VM) before it restarts the VM, n leaves it, y restarts
#      it and then nothing is pending and the NIC is on the new network;
#   3. a new console (no --plan): the wizard opens the last applied plan,
#      Ctrl-N through every step gives no error, the differences with
#      libvirt are listed; Save over an existing, different plan file
#      shows the difference and asks (n keeps the file, y writes it); an
#      unchanged file is saved without a question; a file changed on disk
#      since this console saved it is said so;
#   4. no applied plan, the VM exists: the wizard says plainly that DNS,
#      route metrics and offline flags are unknown;
#   5. an apply that replaces the VM's NICs by one with a new MAC on the
#      switch an old NIC is on (kept for the next start): the
#      VM-addresses panel gives the plan's NIC a row of its own, with its
#      configuration, being added; the old NIC on that switch is shown
#      being removed, with none of the plan's configuration.
# Skips (77) without tmux.
. "$top_srcdir/tests/lib/tmux_lib.sh"

BIN=$EDGENET_BIN
PLAN=$TM_TMP/lab.cfg
cp "$top_srcdir/tests/data/demo-lab.cfg" "$PLAN"
printf 'confirm_timeout = 60;\n' >"$TM_TMP/edgenet.conf"

# walk_to_review WHAT: Ctrl-N from step 1 to the review, each step
# waited for.
walk_to_review() {
	for _n in 2 3 4 5 6; do
		tm_keys C-n
		tm_wait "Step $_n of 6" || { not_ok "$1: step $_n"; return 1; }
	done
	ok "$1: Ctrl-N walks every step to the review"
}

quit_ok() {
	tm_keys q
	rc=$(tm_exit_status)
	check "$1: q quits with status 0 (got $rc)" [ "$rc" = 0 ]
}

# --- 1. the first time ---
first_time() {
	tm_start 80 24 "$BIN" --demo
	must "home" "Set up the VM's networking" || return
	must "the plan file does not exist yet" \
		"./edge-plan.cfg (does not exist yet; the review saves it)" ||
		return
	must "nothing was ever applied" "Last applied       never" || return
	lacks "nothing waits for the VM's next start" "Next VM start"
	quit_ok "first time"
}

# --- 2. after an apply: what waits for the VM's next start ---
after_apply() {
	tm_start 80 24 env EDGENET_SETTINGS="$TM_TMP/edgenet.conf" \
		"$BIN" --demo wizard --plan "$PLAN"
	must "after: the wizard opens the plan" "Step 1 of 6" || return
	walk_to_review "after" || return
	must "after: Apply is offered" "[ Apply ]" || return
	tm_keys Tab Enter
	must "after: the countdown" "Keep this change? y/n" 20 || return
	tm_keys y
	must "after: kept" "Applied and kept" || return
	must "after: the status line says changes wait for the next start" \
		"3 changes wait for VM edge-vm's next start" || return
	tm_keys Enter
	must "after: home" "Set up the VM's networking" || return
	must "home: the plan file exists, with when it was written" \
		"(exists, written" || return
	must "home: when the plan was last applied" \
		"Last applied       20" || return
	must "home: the changes waiting for the VM's next start" \
		"Next VM start      3 changes applied to VM edge-vm wait" ||
		return
	must "home: and R to restart it" "R restarts it" || return

	tm_keys a
	must "panel: the VM's NICs" "SWITCH           IN GUEST" 20 || return
	must "panel: eth0's move is pending" \
		"pending, at the VM's next start: NIC 52:54:00:e4:00:01" ||
		return
	page_to "edge-int is removed"
	must "panel: the removed NIC is pending too" \
		"edge-int is removed" || return
	lacks "panel: no 'address differs from the plan'" \
		"address differs from the plan"
	lacks "panel: no 'not in the plan'" "not in the plan"
	lacks "panel: nothing tells to apply the plan again" "apply the plan"
	tm_keys Escape
	must "back home" "Set up the VM's networking" || return

	tm_keys w
	must "the wizard again" "Step 1 of 6" || return
	walk_to_review "after" || return
	page_to "Apply changes nothing"
	must "review: Apply changes nothing on the host" \
		"Apply changes nothing" || return
	page_to "restart the VM"
	must "review: what is left to do" "Left to do: restart the VM" ||
		return
	home_from_review || { not_ok "back home from the review"; return; }

	tm_keys R
	must "R asks, naming the VM" "Restart VM edge-vm now?" || return
	tm_keys n
	must "n: not restarted" "VM edge-vm was not restarted." || return
	must "n: still pending" "Next VM start" || return
	tm_keys R
	must "R asks again" "Restart VM edge-vm now?" || return
	tm_keys y
	must "y: shut down and started" \
		"VM edge-vm was shut down and started" 30 || return
	tm_wait_gone "Next VM start" 5
	lacks "home: nothing waits any more" "Next VM start"
	# (the panel shares the console's connection to the demo host, whose
	# test driver state lives in that one connection: it shows the VM as
	# this console applied and restarted it)
	tm_keys a
	must "panel after the restart" "SWITCH           IN GUEST" 20 || return
	lacks "panel: nothing pending any more" "pending, at the VM's"
	must "panel: eth0 is on lab-net now, as applied" "lab-net" 20 || return
	lacks "panel: the removed NIC is gone" "edge-int"
	lacks "panel: no note about a copy of the demo host" "copy of the demo"
	tm_keys Escape
	must "home again" "Set up the VM's networking" || return
	quit_ok "after"
}

# --- 3. coming back: the last applied plan, Save asks ---
come_back() {
	OLD=$TM_TMP/edge-plan.cfg
	# a plan file that differs from the applied plan in one address
	sed 's/10\.77\.0\.10"/10.77.0.20"/' "$TM_TMP/state/applied.cfg" >"$OLD"
	check "come back: the file differs" grep -q 10.77.0.20 "$OLD"
	cp "$OLD" "$TM_TMP/old.copy"
	tm_start 80 24 "$BIN" --demo
	must "come back: home" "Set up the VM's networking" || return
	must "come back: the plan file exists" \
		"./edge-plan.cfg (exists, written" || return
	must "come back: the last apply is known" "Last applied       20" ||
		return
	tm_keys w
	must "the wizard opens the VM" "Opened edge-vm as deployed" || return
	must "from the last applied plan" "the last applied plan" || return
	walk_to_review "come back" || return
	must "review: the check finds no problem" \
		"The check finds no problem." || return
	lacks "review: no error" "! error"
	page_to "the applied plan says lab-net"
	must "review: libvirt's difference is listed" \
		"the applied plan says lab-net" || return

	tm_keys Enter	# Save has the focus
	must "Save over a different file asks first" \
		"Overwrite it?  y overwrite  n keep the file" || return
	must "and shows the difference" \
		"Saving replaces ./edge-plan.cfg; what changes in it" || return
	must "the file's line" "-       address = \"10.77.0.20\";" || return
	must "the new line" "+       address = \"10.77.0.10\";" || return
	tm_keys n
	must "n keeps the file" "Not saved: ./edge-plan.cfg is kept" ||
		return
	check "the file is unchanged" cmp -s "$OLD" "$TM_TMP/old.copy"
	tm_keys Enter
	must "Save asks again" "Overwrite it?" || return
	tm_keys y
	must "y saves" "Saved to ./edge-plan.cfg" || return
	check "the file now holds the applied plan" \
		cmp -s "$OLD" "$TM_TMP/state/applied.cfg"
	# "Plan saved to" is still on the status line from the save before:
	# the file's time tells this save from that one (sed must not run
	# before the console has read the file)
	touch -d '2001-01-01 00:00:00' "$OLD"
	tm_keys Enter
	check "an unchanged file: saved again" tm_poll 10 newer_than_2001 "$OLD"
	must "... and said so" "Plan saved to ./edge-plan.cfg" || return
	lacks "without a question" "Overwrite it?"
	sed -i 's/10\.77\.0\.10"/10.77.0.30"/' "$OLD"
	tm_keys Enter
	must "a file changed on disk: asks" "Overwrite it?" || return
	must "and says it changed on disk" \
		"CHANGED ON DISK since this console saved it" || return
	tm_keys n
	must "n: kept" "Not saved: ./edge-plan.cfg is kept" || return
	check "the file keeps the change made on disk" \
		grep -q 10.77.0.30 "$OLD"
	tm_keys F10	# the plan was saved: no question
	rc=$(tm_exit_status)
	check "come back: quits with status 0 (got $rc)" [ "$rc" = 0 ]
}

# newer_than_2001 FILE: FILE was written after the touch above
newer_than_2001() {
	[ "$(date -r "$1" +%Y)" != 2001 ]
}

# --- 4. no applied plan, the VM exists ---
no_applied_plan() {
	rm -rf "$TM_TMP/state"
	tm_start 80 24 "$BIN" --demo
	must "no applied plan: home" "Set up the VM's networking" || return
	tm_keys w
	must "the wizard opens the VM as libvirt has it" \
		"Opened edge-vm as deployed" || return
	must "and says first that no plan was applied" \
		"applied by edgenet to edge-vm was found" || return
	# eth1 is deployed on edge-int, which a client does not allow: step
	# 1 says so and refuses Next once
	must "no applied plan: step 1 names eth1's switch" \
		"eth1 is on internal switch edge-int, which a" || return
	tm_keys C-n
	must "no applied plan: Next refused once, in words" \
		"Next refused: eth1 is on internal switch" || return
	walk_to_review "no applied plan" || return
	page_to "offline flags in the VM are unknown"
	must "review: DNS, metrics and offline flags are unknown" \
		"offline flags in the VM are unknown" || return
	tm_keys C-x	# nothing was changed: no question
	rc=$(tm_exit_status)
	check "no applied plan: quits with status 0 (got $rc)" [ "$rc" = 0 ]
}

# --- 5. a NIC replaced by one with a new MAC on the same switch ---
NEWMAC=52:54:00:e4:00:0b
PLAN2=$TM_TMP/replace.cfg
cat >"$PLAN2" <<P
version = 1;
profile = "server";
vm = "edge-vm";
switches = (
  { name = "edge-int"; type = "internal"; address = "172.20.0.1/24";
    dhcp = true; dhcp_start = "172.20.0.100"; dhcp_end = "172.20.0.200";
    nat = false; } );
nics = (
  { name = "eth0"; switch = "edge-int"; primary = true;
    mac = "$NEWMAC";
    ip = { mode = "static"; address = "172.20.0.10"; prefix = 24;
           gateway = "172.20.0.1"; };
    dns = { servers = [ "172.20.0.1" ]; }; } );
P

# line_after TEXT: the screen's line under the first line holding TEXT.
line_after() {
	tm_screen | grep -A1 -F -m1 -- "$1" | sed -n 2p
}

replaced_nic() {
	rm -rf "$TM_TMP/state"
	tm_start 80 24 env EDGENET_SETTINGS="$TM_TMP/edgenet.conf" \
		"$BIN" --demo wizard --plan "$PLAN2"
	must "replace: the wizard opens the plan" "Step 1 of 6" || return
	walk_to_review "replace" || return
	must "replace: Apply is offered" "[ Apply ]" || return
	tm_keys Tab Enter
	must "replace: the countdown" "Keep this change? y/n" 20 || return
	tm_keys y
	must "replace: kept, changes wait for the next start" \
		"changes wait for VM edge-vm's next start" || return
	tm_keys Enter
	must "replace: home" "Set up the VM's networking" || return
	tm_keys a
	must "replace panel: the plan's NIC, its new MAC, its switch" \
		"eth0            $NEWMAC edge-int" 20 || return
	check "replace panel: the plan's NIC carries the plan's address" \
		[ "$(line_after "eth0            $NEWMAC")" = \
		  "     plan: static 172.20.0.10/24 gw 172.20.0.1" ]
	must "replace panel: it is added at the next start" \
		"next start: NIC $NEWMAC on network" || return
	# (paged until the old NIC's last line shows: its row is whole)
	page_to "edge-int is removed"
	must "replace panel: the old NIC is being removed" \
		"edge-int is removed" || return
	must "replace panel: the old NIC on edge-int has its own row" \
		"52:54:00:e4:00:02 edge-int" || return
	check "replace panel: the old NIC carries none of the plan" \
		[ "$(line_after "52:54:00:e4:00:02 edge-int")" = \
		  "     plan: -" ]
	lacks "replace panel: nothing tells to apply the plan again" \
		"apply the plan"
	lacks "replace panel: no 'not in the plan'" "not in the plan"
	tm_keys Escape
	must "replace: back home" "Set up the VM's networking" || return
	quit_ok "replace"
}

first_time
after_apply
come_back
no_applied_plan
replaced_nic
finish
