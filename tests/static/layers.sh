#!/bin/sh
# layers.sh - the layers of the tree and what each may include, checked
# on every .c and .h file under src/ and screens/ (tests/ is not a layer:
# tests reach into any of them).  Reads files as text; writes only a
# temporary copy for its self-check.
#
# The matrix (a file of the row's layer may include headers of the
# layers named; anything else is an error):
#
#   layer    where                               may include
#   -------  ----------------------------------  ---------------------------
#   core     src/core/                           core
#   backend  src/backend/                        core backend
#   tui      src/tui/ (the terminal toolkit:      core tui
#            term, widget, loop)
#   entry    src/ui/ui.h, src/ui/demo_state.h    core
#            (the console's public entry)
#   console  src/ui/ (the rest: the model, the   core tui console entry
#            manager, the flows, the glue)
#   run      src/ui/run.c, *_run.[ch],           core backend tui console
#            live_host.[ch] (the console's        entry run
#            files that open the backends)
#   screens  screens/                            core tui console screens
#   cli      src/cli/                            core backend cli entry
#
# System headers: core includes no curses, libvirt or netlink header;
# backend and cli no curses header; tui, console, run and screens no
# libvirt or netlink header (they reach them through the backend).
# "config.h" (generated) is any layer's.  A bare "name.h" is the one in
# the including file's own directory.  The core library also links with
# no curses, libvirt or netlink symbol (checked with nm when built).
. "$top_srcdir/tests/lib/lib.sh"

# The layer of a file, by its path from the top ("" for none).
layer_of() {
	case $1 in
	src/core/*) echo core ;;
	src/backend/*) echo backend ;;
	src/tui/*) echo tui ;;
	src/ui/ui.h | src/ui/demo_state.h) echo entry ;;
	src/ui/run.c | src/ui/*_run.[ch] | src/ui/live_host.[ch]) echo run ;;
	src/ui/*) echo console ;;
	screens/*) echo screens ;;
	src/cli/*) echo cli ;;
	*) echo "" ;;
	esac
}

# The layers layer $1 may include.
layer_allows() {
	case $1 in
	core) echo "core" ;;
	backend) echo "core backend" ;;
	tui) echo "core tui" ;;
	entry) echo "core" ;;
	console) echo "core tui console entry" ;;
	run) echo "core backend tui console entry run" ;;
	screens) echo "core tui console screens" ;;
	cli) echo "core backend cli entry" ;;
	esac
}

CURSES_RE='(n?curses[a-z]*|term|panel|menu|form)\.h'
VIRT_NL_RE='(libvirt/[^>]*|netlink/[^>]*|linux/(rt)?netlink\.h|nl-[^>]*)'

# The system headers layer $1 may not include (an ERE), "" for none.
layer_forbids() {
	case $1 in
	core) echo "^($CURSES_RE|$VIRT_NL_RE)\$" ;;
	backend | cli) echo "^$CURSES_RE\$" ;;
	tui | entry | console | run | screens) echo "^$VIRT_NL_RE\$" ;;
	esac
}

# layers_check ROOT: one line for each wrong include of the .c and .h
# files under ROOT/src and ROOT/screens ("FILE:LINE: ..."), and one for
# each file in no layer.  Always returns 0.
layers_check() {
	root=$1
	(cd "$root" && find src screens -name '*.[ch]' 2>/dev/null) | sort |
	while read -r f; do
		lay=$(layer_of "$f")
		if test -z "$lay"; then
			echo "$f: in no layer (add it to tests/static/layers.sh)"
			continue
		fi
		allows=" $(layer_allows "$lay") "
		forbid=$(layer_forbids "$lay")
		dir=${f%/*}
		grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]' \
			"$root/$f" |
		sed -E 's/^([0-9]+):[[:space:]]*#[[:space:]]*include[[:space:]]*([<"])([^>"]*)[>"].*/\1 \2 \3/' |
		while read -r line kind inc; do
			if test "$kind" = "<"; then
				if test -n "$forbid" &&
				   echo "$inc" | grep -qE "$forbid"; then
					echo "$f:$line: <$inc>: a $lay file includes no such system header"
				fi
				continue
			fi
			test "$inc" = config.h && continue
			case $inc in
			*/*) target=$(layer_of "src/$inc")
			     case $inc in screens/*) target=screens ;; esac ;;
			*) target=$(layer_of "$dir/$inc") ;;
			esac
			if test -z "$target"; then
				echo "$f:$line: \"$inc\": in no layer"
			else
				case $allows in
				*" $target "*) ;;
				*) echo "$f:$line: \"$inc\": $lay may not include $target" ;;
				esac
			fi
		done
	done
}

# ui_two_way ROOT: one line for each pair of console modules under
# ROOT/src/ui that include each other's headers ("src/ui: A <-> B: ...").
# A module is a header's name and every file named after it: app.h,
# app.c, app_keys.c and app_priv.h are the module app.  Only the console layer is looked at: the run files open the
# backends and wire everything.  The console's dependencies go one way: app*.c reach the
# wizard, the apply and the diagnostics through the hooks registry.c
# fills in, and those include app.h.  Always returns 0.
ui_two_way() {
	root=$1
	heads=$(cd "$root" && ls src/ui/*.h 2>/dev/null |
		sed -e 's|^src/ui/||' -e 's|\.h$||' | tr '\n' ' ')
	(cd "$root" && ls src/ui/*.[ch] 2>/dev/null) | sort |
	while read -r f; do
		test "$(layer_of "$f")" = console || continue
		grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"(ui/)?[^"/]+\.h"' \
			"$root/$f" |
		sed -E 's/^([0-9]+):[^"]*"(ui\/)?([^"]*)\.h".*/\1 \3/' |
		while read -r line inc; do
			echo "$f $line $inc"
		done
	done | awk -v heads="$heads" '
	function mod(stem,   i, best) {
		sub(/_priv$/, "", stem)
		best = ""
		for (i = 1; i <= nh; i++)
			if ((stem == h[i] || index(stem, h[i] "_") == 1) &&
			    length(h[i]) > length(best))
				best = h[i]
		return best == "" ? stem : best
	}
	BEGIN { nh = split(heads, h, " ") }
	{
		stem = $1
		sub(/^.*\//, "", stem)
		sub(/\.[ch]$/, "", stem)
		from = mod(stem)
		to = mod($3)
		if (from != to && !((from, to) in seen))
			seen[from, to] = $1 ":" $2 " includes " $3 ".h"
	}
	END {
		for (k in seen) {
			split(k, p, SUBSEP)
			if (p[1] < p[2] && ((p[2], p[1]) in seen))
				print "src/ui: " p[1] " <-> " p[2] ": " seen[k] \
				      ", " seen[p[2], p[1]]
		}
	}' | sort
}

# verdict OUT GOOD BAD: ok GOOD when OUT is empty, else OUT's lines as
# comments and not ok "BAD (N wrong)".
verdict() {
	if test -n "$1"; then
		echo "$1" | while read -r l; do echo "# $l"; done
		not_ok "$3 ($(echo "$1" | wc -l) wrong)"
	else
		ok "$2"
	fi
}

# --- the tree ---
verdict "$(layers_check "$top_srcdir")" \
	"every file under src/ and screens/ includes only what its layer may" \
	"every file includes only what its layer may"
verdict "$(ui_two_way "$top_srcdir")" \
	"no two console modules include each other's headers" \
	"console modules that include each other's headers"
n=$(cd "$top_srcdir" && find src screens -name '*.[ch]' | wc -l)
if test "$n" -gt 100; then
	ok "$n files checked"
else
	not_ok "only $n files found under $top_srcdir/src and screens"
fi

# --- the self-check: a copy with wrong includes planted is caught ---
tmp=$(mktemp -d "${TMPDIR:-/tmp}/layers.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src/core" "$tmp/src/ui" "$tmp/src/cli" "$tmp/src/backend" \
	"$tmp/src/tui" "$tmp/screens"
printf '#include "config.h"\n#include "ui/app.h"\n' >"$tmp/src/core/p1.c"
printf '#include <curses.h>\n#include "plan.h"\n' >"$tmp/src/core/p2.c"
printf '#include "backend/virt.h"\n' >"$tmp/screens/p3.c"
printf '#include "cli/cmd_apply.h"\n' >"$tmp/src/ui/p4.c"
printf '#include "ui/app.h"\n' >"$tmp/src/cli/p5.c"
printf '#include "screens/panels.h"\n' >"$tmp/src/ui/p6.c"
printf '#include <libvirt/libvirt.h>\n' >"$tmp/src/tui/widget.c"
printf '#include "ui/app.h"\n' >"$tmp/src/tui/term.c"
printf '#include "backend/virt.h"\n' >"$tmp/src/ui/app.c"
printf '#include "core/plan.h"\n#include "p7.h"\n' >"$tmp/src/ui/p7.c"
: >"$tmp/src/ui/p7.h"
printf '#include "backend/virt.h"\n#include "ui/ui.h"\n#include "core/plan.h"\n' \
	>"$tmp/src/cli/p8.c"
printf '#include "backend/virt.h"\n#include "ui/app.h"\n' >"$tmp/src/ui/p9_run.c"
printf '#include "ui/app.h"\n#include "tui/widget.h"\n#include "panels.h"\n' \
	>"$tmp/screens/p10.c"
: >"$tmp/screens/panels.h"
printf '#include "core/plan.h"\n' >"$tmp/src/lost.c"
got=$(layers_check "$tmp")
for want in \
	'src/core/p1.c:2: "ui/app.h": core may not include console' \
	'src/core/p2.c:1: <curses.h>' \
	'screens/p3.c:1: "backend/virt.h": screens may not include backend' \
	'src/ui/p4.c:1: "cli/cmd_apply.h": console may not include cli' \
	'src/cli/p5.c:1: "ui/app.h": cli may not include console' \
	'src/ui/p6.c:1: "screens/panels.h": console may not include screens' \
	'src/tui/widget.c:1: <libvirt/libvirt.h>' \
	'src/tui/term.c:1: "ui/app.h": tui may not include console' \
	'src/ui/app.c:1: "backend/virt.h": console may not include backend' \
	'src/lost.c: in no layer'; do
	case $got in
	*"$want"*) ok "planted: $want" ;;
	*) not_ok "the planted include is not reported: $want" ;;
	esac
done
for good in src/ui/p7.c src/cli/p8.c src/ui/p9_run.c screens/p10.c \
	'src/core/p2.c:2'; do
	case $got in
	*"$good"*) not_ok "an allowed include is reported: $good" ;;
	*) ok "allowed: $good" ;;
	esac
done
n=$(echo "$got" | grep -c .)
if test "$n" -eq 10; then
	ok "the planted copy has exactly its 10 wrong includes"
else
	echo "$got" | while read -r l; do echo "# $l"; done
	not_ok "the planted copy gave $n reports, not 10"
fi

# the two-way check: a planted pair is caught (through a split file and
# a private header), a one-way include is not
mkdir -p "$tmp/u/src/ui"
: >"$tmp/u/src/ui/p11.h"
: >"$tmp/u/src/ui/p12.h"
printf '#include "ui/p12.h"\n' >"$tmp/u/src/ui/p11_keys.c"
printf '#include "p11.h"\n' >"$tmp/u/src/ui/p12_priv.h"
printf '#include "ui/p11.h"\n' >"$tmp/u/src/ui/p13.c"
got=$(ui_two_way "$tmp/u")
case $got in
*"p11 <-> p12"*) ok "planted: p11 and p12 include each other's headers" ;;
*) not_ok "the planted two-way include is not reported: $got" ;;
esac
if test "$(echo "$got" | grep -c .)" -eq 1; then
	ok "the one-way include p13 -> p11 is not reported"
else
	echo "$got" | while read -r l; do echo "# $l"; done
	not_ok "the planted copy gave other two-way reports"
fi

# --- the core library's symbols ---
lib="$top_builddir/src/core/libcore.a"
if test -f "$lib"; then
	bad=$(nm -u "$lib" 2>/dev/null | grep -E ' U (vir|nl_|rtnl_|initscr|newterm|wgetch|endwin|mvw)' | sort -u)
	if test -n "$bad"; then
		not_ok "libcore.a needs symbols from curses/libvirt/netlink: $bad"
	else
		ok "libcore.a needs no curses, libvirt or netlink symbol"
	fi
else
	not_ok "libcore.a not built at $lib"
fi
finish
