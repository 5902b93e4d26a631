# tmux_lib.sh - driving the real console in tmux, for the console's
# shell tests.  Sourced, not run; sources tests/lib/lib.sh (ok, not_ok,
# check, skip_all, finish).  The checks on the screen every console test
# uses (must, lacks, home_from_review) are at the end.
#
# Each test gets its own tmux server (-L, no config file), a temporary
# directory ($TM_TMP) for plans and the state directory, and a trap that
# kills the server and removes the directory on every way out.  Waiting
# is always for something on the screen (tm_wait polls capture-pane in
# 0.05 s steps, at most 10 s by default), never a blind sleep.
. "$top_srcdir/tests/lib/lib.sh"

command -v tmux >/dev/null 2>&1 || skip_all "tmux is not installed"
: "${EDGENET_DATADIR:?run through make check}"

# one tmux server per session started (a server that is being killed
# cannot take a new session)
TM_N=0
TM_SOCK="edgenet-test-$$-$TM_N"
TM_TMP=$(mktemp -d "${TMPDIR:-/tmp}/edgenet-tmux.XXXXXX") ||
	skip_all "cannot make a temporary directory"
export TM_TMP

# The demo host's URI holds the data directory's path, and screens wrap
# long lines where that path's length puts the break.  A copy at a path
# of fixed length keeps every run's screens alike, wherever the tree is.
cp -R "$EDGENET_DATADIR" "$TM_TMP/data" ||
	skip_all "cannot copy $EDGENET_DATADIR"
EDGENET_DATADIR=$TM_TMP/data
export EDGENET_DATADIR

tm() {
	tmux -L "$TM_SOCK" -f /dev/null "$@"
}

tm_cleanup() {
	tm kill-server >/dev/null 2>&1
	rm -rf "$TM_TMP"
}
trap tm_cleanup EXIT
trap 'exit 1' INT TERM HUP

# Ends the previous session's server and names a new one.
_tm_next() {
	tm kill-server >/dev/null 2>&1
	TM_N=$((TM_N + 1))
	TM_SOCK="edgenet-test-$$-$TM_N"
	rm -f "$TM_TMP/rc"
}

# tm_start COLS LINES ARGS...: a fresh session running the real binary
# (ARGS is the whole command: "$EDGENET_BIN" --demo ...) on the demo
# host's data, in a UTF-8 locale, with the test's own state directory.
# Its pid goes to $TM_TMP/pid and its stderr to $TM_TMP/stderr; when it
# ends, the terminal's settings (stty -a) go to $TM_TMP/stty and then its
# exit status to $TM_TMP/rc.
tm_start() {
	_w=$1 _h=$2
	shift 2
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
	tm_start_cmd "$_w" "$_h" "sh '$TM_TMP/run.sh'"
}

# tm_start_cmd COLS LINES 'SHELL COMMAND': the same for a command line
# of the test's own (e.g. the binary inside unshare).
tm_start_cmd() {
	_w=$1 _h=$2
	shift 2
	_tm_next
	tm new-session -d -x "$_w" -y "$_h" "cd '$TM_TMP' && $*; \
		_rc=\$?; stty -a >'$TM_TMP/stty' 2>&1; echo \$_rc >'$TM_TMP/rc'"
}

# tm_signal SIGNAL: sends SIGNAL to the program tm_start started.
tm_signal() {
	[ -s "$TM_TMP/pid" ] && kill -"$1" "$(cat "$TM_TMP/pid")"
}

# tm_tty_restored: after the program ended, its terminal is back in
# cooked mode with echo (curses left nothing behind).
tm_tty_restored() {
	[ -s "$TM_TMP/stty" ] &&
		grep -q ' icanon' "$TM_TMP/stty" &&
		! grep -q -- '-icanon' "$TM_TMP/stty" &&
		! grep -q -- ' -echo ' "$TM_TMP/stty"
}

tm_screen() {
	tm capture-pane -p -t 0 2>/dev/null
}

tm_keys() {
	tm send-keys -t 0 "$@"
}

# tm_type TEXT: types TEXT literally.
tm_type() {
	tm send-keys -t 0 -l "$1"
}

# tm_poll SECONDS COMMAND...: runs COMMAND every 0.05 s until it succeeds
# or SECONDS have passed.
tm_poll() {
	_n=$(($1 * 20))
	shift
	_i=0
	while [ "$_i" -lt "$_n" ]; do
		"$@" && return 0
		sleep 0.05
		_i=$((_i + 1))
	done
	return 1
}

_tm_has() {
	tm_screen | grep -qF -- "$1"
}

# page_to TEXT: PgDn (at most 8 times) until TEXT is on the screen; for
# a view longer than the screen (the review).
page_to() {
	for _i in 1 2 3 4 5 6 7 8; do
		_tm_has "$1" && return 0
		_tm_before=$(tm_screen)
		tm_keys NPage
		# the page is looked at once it is drawn: a fixed sleep let a
		# slow redraw (a loaded machine) be paged past unseen; no
		# change in 2 s (the last page, or a very slow redraw) is not
		# taken as the end: the next PgDn is sent all the same
		tm_poll 2 _tm_changed "$_tm_before" || :
	done
	_tm_has "$1"
}

_tm_changed() {
	[ "$(tm_screen)" != "$1" ]
}

_tm_lacks() {
	! tm_screen | grep -qF -- "$1"
}

# tm_wait TEXT [SECONDS]: until TEXT is on the screen; on a timeout
# prints the screen and fails.
tm_wait() {
	if tm_poll "${2:-10}" _tm_has "$1"; then
		return 0
	fi
	echo "# timed out waiting for: $1"
	tm_screen | sed 's/^/# | /'
	return 1
}

# tm_wait_gone TEXT [SECONDS]: until TEXT has left the screen.
tm_wait_gone() {
	if tm_poll "${2:-10}" _tm_lacks "$1"; then
		return 0
	fi
	echo "# timed out waiting for this to go: $1"
	tm_screen | sed 's/^/# | /'
	return 1
}

_tm_exited() {
	[ -s "$TM_TMP/rc" ]
}

# tm_exit_status [SECONDS]: waits for the program to end; prints its
# exit status (or "timeout").
tm_exit_status() {
	if tm_poll "${1:-10}" _tm_exited; then
		cat "$TM_TMP/rc"
	else
		echo timeout
	fi
}

# must DESCRIPTION TEXT [SECONDS]: waits for TEXT and reports it as a
# check.  On a timeout (the screen is printed by tm_wait) it returns 1,
# or, in a script that sets TM_MUST_FINISH=yes (the e2e scripts: nothing
# after a missed screen can pass), ends the script through its finish.
must() {
	if tm_wait "$2" "${3:-10}"; then ok "$1"; return 0; fi
	not_ok "$1"
	[ -z "${TM_MUST_FINISH-}" ] || finish
	return 1
}

# lacks DESCRIPTION TEXT: a check that TEXT is not on the screen now
# (the screen is printed when it is).
lacks() {
	if tm_screen | grep -qF -- "$2"; then
		not_ok "$1"
		tm_screen | sed 's/^/# | /'
	else
		ok "$1"
	fi
}

# home_from_review: Esc back through the wizard, from its review to the
# home screen, one Esc a step, each waited for (a burst of keys may
# outrun the screen and land on the wrong one).
home_from_review() {
	tm_wait "Step 6 of 6: Review" || return 1
	for _n in 5 4 3 2 1; do
		tm_keys Escape
		tm_wait "Step $_n of 6" || return 1
	done
	tm_keys Escape
	tm_wait "Set up the VM's networking"
}
