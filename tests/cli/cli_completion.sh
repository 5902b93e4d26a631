#!/bin/sh
# cli_completion.sh - the bash completion (data/bash-completion/edgenet)
# in a non-interactive bash with bash-completion's own library loaded, as
# an interactive shell loads it: COMP_WORDS/COMP_CWORD set, _edgenet
# called, COMPREPLY compared with what the real binary says.  Commands
# after `edgenet ` (every one of --help's list, nothing else); options
# after `edgenet apply --` (every option of apply --help, and none of
# status's); edgenet's own options; a .cfg plan and a directory in a
# scratch directory after `edgenet check ` (a .txt left out), only the
# directory after render's -o; URIs after
# -c; edge-vm after `edgenet --demo status --domain ` and "test" after
# `-c test:///default status --domain ` (from `edgenet domains`); plan
# paths after `apply --set `; then the same in a real interactive bash in
# tmux (Tab pressed, the line read back).  The program is found on PATH as
# "edgenet", the way a user's shell finds it.  Skips (77) only when
# bash or bash-completion is not installed.
. "$top_srcdir/tests/lib/lib.sh"

BC=/usr/share/bash-completion/bash_completion
command -v bash >/dev/null 2>&1 || skip_all "bash is not installed"
test -r "$BC" || skip_all "bash-completion is not installed ($BC; apt-get install bash-completion)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir "$tmp/bin" "$tmp/plans" "$tmp/plans/sub"
ln -s "$EDGENET_BIN" "$tmp/bin/edgenet"
: >"$tmp/plans/site-a.cfg"
: >"$tmp/plans/notes.txt"

# comp WORD...: the completions _edgenet offers for the words, the last
# one being completed, one per line, sorted.  The command line is the
# words joined by spaces, or $CL when the words are not separated by
# spaces on the line (bash split them at a COMP_WORDBREAKS character).
comp() {
	PATH="$tmp/bin:$PATH" bash -c '
		. "$1" && . "$2" || exit 99
		shift 2
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE=${CL:-$*}
		COMP_POINT=${#COMP_LINE}
		COMPREPLY=()
		_edgenet edgenet "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
		printf "%s\n" "${COMPREPLY[@]}" | sort' \
		- "$BC" "$top_srcdir/data/bash-completion/edgenet" "$@"
}
lines() {
	printf '%s\n' "$@" | sort
}

# 1. Commands: exactly those of edgenet --help's list (not "(none)").
want=$("$EDGENET_BIN" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z]*\).*/\1/p' | sort)
got=$(comp edgenet "")
check "commands after 'edgenet ' are --help's (got: $(echo $got))" \
	test "$got" = "$want"
check "... which has check, apply and domains" \
	sh -c 'printf "%s\n" "$1" | grep -qx domains && printf "%s\n" "$1" | grep -qx check' - "$got"
got=$(comp edgenet --demo st)
check "after a global option, 'st' gives status (got: $(echo $got))" \
	test "$got" = "status"

# 2. A command's options come from its own --help.
got=$(comp edgenet apply --)
want=$("$EDGENET_BIN" apply --help | sed -n 's/^ \{2,6\}\(-., \)\{0,1\}\(--[a-z-]*\).*/\2/p' | sort)
check "options after 'edgenet apply --' are apply --help's (got: $(echo $got))" \
	test "$got" = "$want"
check "... among them --dry-run and --yes" \
	sh -c 'printf "%s\n" "$1" | grep -qx -- --dry-run && printf "%s\n" "$1" | grep -qx -- --yes' - "$got"
check "... and not status's --vm" \
	sh -c '! printf "%s\n" "$1" | grep -qx -- --vm' - "$got"
got=$(comp edgenet --)
check "edgenet's own options after 'edgenet --' (got: $(echo $got))" \
	test "$got" = "$(lines --connect --datadir --demo --help --policy --state-dir --version)"

# 3. Plan files where a PLAN is taken: .cfg files and directories.
got=$(comp edgenet check "$tmp/plans/")
check "after 'edgenet check DIR/' the .cfg and the directory (got: $(echo $got))" \
	test "$got" = "$(lines "$tmp/plans/site-a.cfg" "$tmp/plans/sub")"
got=$(comp edgenet status --plan "$tmp/plans/s")
check "after --plan the same (got: $(echo $got))" \
	test "$got" = "$(lines "$tmp/plans/site-a.cfg" "$tmp/plans/sub")"
got=$(comp edgenet render "$tmp/plans/site-a.cfg" -o "$tmp/plans/")
check "render's -o DIR (the letter, from --help) offers the directory only (got: $(echo $got))" \
	test "$got" = "$tmp/plans/sub"
got=$(comp edgenet domains "$tmp/plans/")
check "domains takes no plan: nothing offered (got: $(echo $got))" \
	test -z "$got"

# 4. URIs after -c.
got=$(comp edgenet -c qemu)
check "URIs after '-c qemu' (got: $(echo $got))" \
	sh -c 'printf "%s\n" "$1" | grep -qx "qemu:///system" && printf "%s\n" "$1" | grep -qx "qemu+ssh://"' - "$got"

# 5. Domain names from the connection.
got=$(comp edgenet --demo status --domain "")
check "--demo status --domain offers the demo's VMs (got: $(echo $got))" \
	test "$got" = "$(lines edge-vm historian)"
got=$(comp edgenet --demo status --domain ed)
check "... 'ed' gives edge-vm (got: $(echo $got))" test "$got" = "edge-vm"
got=$(comp edgenet --state-dir "$tmp" --demo status --domain e)
check "... past a global option's word (--state-dir DIR) too (got: $(echo $got))" \
	test "$got" = "edge-vm"
got=$(comp edgenet -c test:///default status --domain "")
check "-c test:///default status --domain offers test (got: $(echo $got))" \
	test "$got" = "test"
# An interactive bash splits words at ':' (COMP_WORDBREAKS): the URI
# arrives in three words, which the completion joins again.
got=$(CL="edgenet -c test:///default status --domain " \
	comp edgenet -c test : ///default status --domain "")
check "... also when bash split the URI at ':' (got: $(echo $got))" \
	test "$got" = "test"

# 6. Plan paths after --set.
got=$(comp edgenet apply plan.cfg --set "nics[1].ip.a")
check "--set nics[1].ip.a gives the address path (got: $(echo $got))" \
	test "$got" = "nics[1].ip.address="
got=$(comp edgenet check --set v)
check "--set v gives version= and vm= (got: $(echo $got))" \
	test "$got" = "$(lines version= vm=)"

# 7. In a real interactive bash (readline splits the words, not us), in
# tmux: Tab after "--domain ed" completes the line to edge-vm, and after
# "-c test:///default status --domain t" (a URI bash splits at ':') to
# test.
if command -v tmux >/dev/null 2>&1; then
	sock=edgenet-compl-$$
	tmx() {
		tmux -L "$sock" -f /dev/null "$@"
	}
	cat >"$tmp/rc" <<RC
PS1='$ '
PATH="$tmp/bin:\$PATH"
. "$BC"
. "$top_srcdir/data/bash-completion/edgenet"
RC
	trap 'tmx kill-server >/dev/null 2>&1; rm -rf "$tmp"' EXIT INT TERM
	tmx new-session -d -x 120 -y 10 -c "$tmp" "env -i HOME='$tmp' TERM=screen \
EDGENET_DATADIR='$EDGENET_DATADIR' LANG=C.UTF-8 bash --noprofile --rcfile '$tmp/rc' -i"
	# screen_has REGEX: within 10 s a line of the pane matches REGEX
	# (capture-pane drops the spaces that end a line).
	screen_has() {
		_i=0
		while [ $_i -lt 200 ]; do
			tmx capture-pane -p | grep -q -- "$1" && return 0
			sleep 0.05
			_i=$((_i + 1))
		done
		tmx capture-pane -p | sed 's/^/# | /'
		return 1
	}
	screen_has '^\$' || not_ok "the interactive bash did not start"
	tmx send-keys -l 'edgenet --demo status --domain ed'
	tmx send-keys Tab
	check "interactive bash: Tab after '--domain ed' gives edge-vm" \
		screen_has 'status --domain edge-vm$'
	tmx send-keys C-u
	tmx send-keys -l 'edgenet -c test:///default status --domain t'
	tmx send-keys Tab
	check "interactive bash: Tab after '-c test:///default ... --domain t' gives test" \
		screen_has 'status --domain test$'
	tmx kill-server >/dev/null 2>&1
else
	echo "# tmux is not installed: the interactive bash part is not run"
fi

finish
