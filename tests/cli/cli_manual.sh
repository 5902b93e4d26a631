#!/bin/sh
# cli_manual.sh - the manual (man/edgenet.8) and the program's --help
# agree: the commands `edgenet --help` lists are the manual's (one
# ".Ss edgenet CMD" each in COMMANDS; ".Ss edgenet" is the console, listed
# as "(none)"), edgenet's own options are the ".It Fl" items of the
# manual's OPTIONS, and each command's options in `edgenet CMD --help`
# (the usage line and the option lines; long names and short letters)
# are the ".It Fl" items of its section.  Every difference is printed.
# Then each exit status the manual's EXIT STATUS gives a command is one
# its --help names, and the whole plans edgenet-plan(5) shows check clean.
# First the comparison is shown to catch an option dropped from a copy of
# the manual, so that a blind comparison cannot pass.  Runs the real
# binary (--help only); writes only a temporary directory.
. "$top_srcdir/tests/lib/lib.sh"

E=$EDGENET_BIN
MANUAL=$top_srcdir/man/edgenet.8
tmp=$(mktemp -d "${TMPDIR:-/tmp}/edgenet-manual.XXXXXX") ||
	skip_all "cannot make a temporary directory"
trap 'rm -rf "$tmp"' EXIT INT TERM


# manual_items FILE: "CMD" per command and "CMD OPT" per option of the
# manual, CMD "edgenet" for edgenet's own options and "(none)" for the
# console; OPT "--long" or "-x".
manual_items() {
	awk '
	function opts(cmd,    i, t) {
		for (i = 2; i < NF; i++) {
			if ($i != "Fl")
				continue
			t = $(i + 1)
			sub(/[,|]$/, "", t)
			if (t ~ /^-[a-z0-9][a-z0-9-]*$/)
				print cmd " -" t
			else if (t ~ /^[A-Za-z]$/)
				print cmd " -" t
		}
	}
	/^\.Sh / { sh = substr($0, 5); cmd = ""; next }
	sh == "COMMANDS" && /^\.Ss / {
		if ($2 != "edgenet") { print "bad-title " $0; next }
		cmd = NF == 2 ? "(none)" : $3
		print cmd
		next
	}
	sh == "OPTIONS" && /^\.It Fl / { opts("edgenet") }
	sh == "COMMANDS" && cmd != "" && /^\.It Fl / { opts(cmd) }
	' "$1" | sort -u
}

# help_options CMD: the options of `edgenet CMD --help`, one a line.
help_options() {
	"$E" "$1" --help >"$tmp/help" 2>&1 || return 1
	{
		# the usage line, after the command's name
		sed -n "1s/^usage: .* $1\( \|\$\)//p" "$tmp/help" |
			grep -o -- '--[a-z0-9][a-z0-9-]*'
		# the option lines: "  -x, --long ARG" or "      --long ARG"
		grep -E '^ {2,6}(-[A-Za-z], )?--[a-z0-9]' "$tmp/help" |
			sed -E 's/^ +//; s/^(-[A-Za-z]), /\1\n/' |
			sed -E 's/^(--?[A-Za-z0-9-]+).*/\1/'
	} | sed "s/^/$1 /" | sort -u
}

# program_items: the same list as manual_items, from the program.
program_items() {
	"$E" --help >"$tmp/main" 2>&1 || {
		echo "edgenet --help failed"
		return 1
	}
	awk '/^Commands:/ { on = 1; next }
	     on && /^$/ { exit }
	     on && /^  [^ ]/ { print $1 }' "$tmp/main" >"$tmp/cmds"
	cat "$tmp/cmds"
	awk '/^Options:/ { on = 1; next }
	     on && /^$/ { exit }
	     on { print }' "$tmp/main" |
		grep -E '^ {2,6}(-[A-Za-z], )?--[a-z0-9]' |
		sed -E 's/^ +//; s/^(-[A-Za-z]), /\1\n/' |
		sed -E 's/^(--?[A-Za-z0-9-]+).*/edgenet \1/'
	while read -r c; do
		[ "$c" = "(none)" ] && continue
		help_options "$c" || echo "$c --help failed"
	done <"$tmp/cmds"
}

# compare MANUAL_FILE: prints each difference; exit 0 when none.
compare() {
	manual_items "$1" >"$tmp/m"
	program_items | sort -u >"$tmp/p"
	bad=0
	if grep -q '^bad-title ' "$tmp/m"; then
		sed -n 's/^bad-title /COMMANDS has a .Ss not of the form "edgenet [CMD]": /p' "$tmp/m"
		bad=1
	fi
	comm -23 "$tmp/m" "$tmp/p" >"$tmp/only_m"
	comm -13 "$tmp/m" "$tmp/p" >"$tmp/only_p"
	while read -r item; do
		case $item in bad-title*) continue ;; esac
		echo "in the manual, not in --help: $item"
		bad=1
	done <"$tmp/only_m"
	while read -r item; do
		echo "in --help, not in the manual: $item"
		bad=1
	done <"$tmp/only_p"
	return $bad
}

check "the manual exists" test -s "$MANUAL"
check "edgenet --help runs" sh -c '"$1" --help >/dev/null' sh "$E"

# exit_numbers: "CMD N" for each exit status N the manual's EXIT STATUS
# lists for command CMD (the console's entry is left out).
exit_numbers() {
	awk '/^\.Sh / { on = $0 == ".Sh EXIT STATUS"; cmd = ""; next }
	     on && /^\.It Cm / { cmd = $3; next }
	     on && /^\.It / { cmd = ""; next }
	     on && cmd != "" && !/^\./ {
		for (i = 1; i <= NF; i++)
			if ($i ~ /^[0-9]$/)
				print cmd " " $i
	     }' "$1" | sort -u
}

# help_exit_numbers CMD: the single-digit words of the "Exit status"
# paragraph of `edgenet CMD --help`, else of edgenet --help's first
# sentence of it (which every command shares).
help_exit_numbers() {
	"$E" "$1" --help 2>/dev/null | sed -n '/^Exit status/,$p' >"$tmp/ex"
	if ! [ -s "$tmp/ex" ]; then
		"$E" --help | sed -n '/^Exit status/,$p' |
			sed '/^apply also/,$d; s/apply also.*//' >"$tmp/ex"
	fi
	tr -s ' ,.():;' '\n' <"$tmp/ex" | grep -x '[0-9]' | sort -u
}

# 1. The comparison sees a difference: a copy of the manual without
#    apply's --dry-run and with a made-up check option.
sed -e '/^\.It Fl -dry-run$/d' \
    -e 's/^\.It Fl j , Fl -json$/.It Fl j , Fl -json , Fl -made-up/' \
    "$MANUAL" >"$tmp/broken.8"
out=$(compare "$tmp/broken.8")
rc=$?
check "a manual missing an option fails the comparison" test $rc -ne 0
check "the missing option is named" \
	sh -c 'printf "%s\n" "$1" | grep -qx "in --help, not in the manual: apply --dry-run"' \
	sh "$out"
check "an option the program lacks is named" \
	sh -c 'printf "%s\n" "$1" | grep -q "in the manual, not in --help: [a-z]* --made-up"' \
	sh "$out"

# 2. The manual against the program.
manual_items "$MANUAL" >"$tmp/items"
check "the manual has command sections" grep -qx check "$tmp/items"
check "the manual has edgenet's own options" grep -qx 'edgenet --connect' "$tmp/items"
program_items | sort -u >"$tmp/p"
check "--help's options are read, short letters too" grep -qx 'status -v' "$tmp/p"
out=$(compare "$MANUAL")
rc=$?
printf '%s\n' "$out" | sed '/^$/d'
check "the manual's commands and options are --help's" test $rc -eq 0

# 3. Every exit status the manual gives a command is one its --help (or
#    edgenet --help, for the commands without a paragraph of their own)
#    names.
exit_numbers "$MANUAL" >"$tmp/exits"
check "the manual lists exit statuses" grep -qx 'apply 5' "$tmp/exits"
for c in $(cut -d' ' -f1 "$tmp/exits" | sort -u); do
	help_exit_numbers "$c" >"$tmp/hx"
	miss=$(grep "^$c " "$tmp/exits" | cut -d' ' -f2 | grep -vxFf "$tmp/hx" |
		tr '\n' ' ')
	check "$c: the manual's exit statuses are in --help${miss:+ (not: $miss)}" \
		test -z "$miss"
done

# 4. The plans edgenet-plan(5) shows check clean, with no diagnostic.
awk -v dir="$tmp" '
	/^\.Bd -literal/ { inb = 1; n++; f = dir "/example" n ".cfg"; next }
	/^\.Ed/ { inb = 0; next }
	inb { print > f }' "$top_srcdir/man/edgenet-plan.5"
found=0
for f in "$tmp"/example*.cfg; do
	[ -e "$f" ] || continue
	head -n 1 "$f" | grep -qx 'version = 1;' || continue
	found=$((found + 1))
	out=$("$E" check "$f" 2>/dev/null)
	rc=$?
	check "edgenet-plan(5)'s example $found checks clean (exit $rc)" \
		test $rc -eq 0 -a -z "$out"
	[ -z "$out" ] || printf '%s\n' "$out" | sed 's/^/    /'
done
check "edgenet-plan(5) shows two whole plans" test $found -eq 2

finish
