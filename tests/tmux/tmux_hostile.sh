#!/bin/sh
# tmux_hostile.sh - the real console on a hostile plan, in a real
# terminal (tmux): a VM name that sets the window title (OSC 0) and
# rings the bell, a switch name that clears the screen and holds a
# newline that would forge a line, a NIC name with C1 controls (U+009B
# as UTF-8 and the raw byte 0x9b), DEL and bytes that are not UTF-8.  The
# wizard must show each escaped (\x1b ...), the terminal must not obey
# any of it (its title is unchanged, no bell, the frame keeps its header
# and footer), and quitting must leave the terminal restored.  Skips (77)
# without tmux.
. "$top_srcdir/tests/lib/tmux_lib.sh"

# libconfig's \xNN escapes: the file is plain ASCII, the bytes exist
# once the plan is read
cat >"$TM_TMP/hostile.cfg" <<'P'
version = 1;
profile = "server";
vm = "edge\x1b]0;owned\x07vm";
switches = ( { name = "edge\x1b[2Jint\x0aFORGED"; type = "internal";
  address = "172.20.0.1/24"; dhcp = true;
  dhcp_start = "172.20.0.100"; dhcp_end = "172.20.0.200"; nat = true; } );
nics = ( { name = "eth\xc2\x9b\x9b\x7f\xff\x1b[31m";
  switch = "edge\x1b[2Jint\x0aFORGED"; primary = true;
  mac = "52:54:00:e4:00:02";
  ip = { mode = "static"; address = "172.20.0.10"; prefix = 24;
         gateway = "172.20.0.1"; };
  dns = { servers = [ "172.20.0.1" ]; }; } );
P

tm_start 80 24 "$EDGENET_BIN" --demo wizard --plan "$TM_TMP/hostile.cfg"
title0=$(tm display-message -p -t 0 '#{pane_title}')
check "the profile step shows the VM name escaped" \
	tm_wait 'edge\x1b]0;owned\x07vm'
scr=$(tm_screen)
check "the header is still on the first line" \
	sh -c 'printf "%s\n" "$1" | head -1 | grep -q "edgenet - "' _ "$scr"
check "the footer is still on the last lines" \
	sh -c 'printf "%s\n" "$1" | grep -q "F10"' _ "$scr"
check "no line is forged" \
	sh -c '! printf "%s\n" "$1" | grep -q "^FORGED"' _ "$scr"
title=$(tm display-message -p -t 0 '#{pane_title}')
check "the terminal's title is unchanged ('$title')" \
	[ "$title" = "$title0" ]
check "the title was not set from the plan" \
	sh -c '! printf "%s" "$1" | grep -q owned' _ "$title"
bell=$(tm display-message -p -t 0 '#{window_bell_flag}')
check "no bell rang (flag '$bell')" [ "$bell" = 0 ]

tm_keys F10
tm_poll 3 _tm_has "Quit" >/dev/null 2>&1 && tm_keys y
rc=$(tm_exit_status)
check "the console ends (status $rc)" [ "$rc" != timeout ]

# the switch step: the name with its clear-screen and newline (the VM
# name is a good one now, so that ^N leaves the first step)
sed 's/^vm = .*/vm = "edge-vm";/' "$TM_TMP/hostile.cfg" >"$TM_TMP/sw.cfg"
tm_start 80 24 "$EDGENET_BIN" --demo wizard --plan "$TM_TMP/sw.cfg"
tm_wait "Step 1 of 6" >/dev/null
tm_keys C-n
check "the switch step shows the switch name escaped" \
	tm_wait 'edge\x1b[2Jint\x0aFORGED'
scr=$(tm_screen)
check "... the header is still there" \
	sh -c 'printf "%s\n" "$1" | head -1 | grep -q "edgenet - "' _ "$scr"
check "... and no line is forged" \
	sh -c '! printf "%s\n" "$1" | grep -q "^FORGED"' _ "$scr"

tm_keys F10
tm_poll 3 _tm_has "Quit" >/dev/null 2>&1 && tm_keys y
rc=$(tm_exit_status)
check "the console ends (status $rc)" [ "$rc" != timeout ]
check "the terminal is restored" tm_tty_restored
check "stderr holds nothing raw" python3 -c '
import sys
t = open(sys.argv[1], "rb").read().decode("utf-8")
assert not any((ord(c) < 0x20 and c != "\n") or 0x7f <= ord(c) <= 0x9f
               for c in t), repr(t)
' "$TM_TMP/stderr"
finish
