#!/bin/sh
# man_lint.sh - the manual pages (man/edgenet.8, man/edgenet-plan.5) are
# clean for every renderer Debian has: `mandoc -T lint -W warning` and
# `groff -mandoc -ww -z` print nothing, and `man -l` renders each at 80
# columns with nothing on stderr (MAN_KEEP_STDERR keeps groff's).  First
# each checker is shown to speak up on a page with faults, so a silent
# one cannot pass.  Skips only when neither mandoc nor groff is
# installed (scripts/install-deps.sh test installs both); a missing man
# is said and its check left out.  Reads the pages; writes only a
# temporary directory.
. "$top_srcdir/tests/lib/lib.sh"

pages="$top_srcdir/man/edgenet.8 $top_srcdir/man/edgenet-plan.5"
have_mandoc=false have_groff=false have_man=false
command -v mandoc >/dev/null 2>&1 && have_mandoc=true
command -v groff >/dev/null 2>&1 && have_groff=true
command -v man >/dev/null 2>&1 && have_man=true
$have_mandoc || $have_groff ||
	skip_all "neither mandoc nor groff is installed (scripts/install-deps.sh test)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/edgenet-manlint.XXXXXX") ||
	skip_all "cannot make a temporary directory"
trap 'rm -rf "$tmp"' EXIT

# A page with faults each checker reports: an unknown macro, a
# cross-reference without its section, a list never closed.
cat >"$tmp/bad.8" <<'BAD'
.Dd December 5, 2026
.Dt BAD 8
.Os
.Sh NAME
.Nm bad
.Nd a page with faults
.Sh DESCRIPTION
.Zz unknown macro
.Bl -tag -width Ds
.It Fl x
See
.Xr
.Sh SEE ALSO
BAD

lint_mandoc() { mandoc -T lint -W warning "$1" 2>&1; }
lint_groff() { groff -mandoc -ww -z "$1" 2>&1; }
lint_man() { MANWIDTH=80 MAN_KEEP_STDERR=1 man -l "$1" 2>&1 >/dev/null; }

# quiet NAME FUNC FILE: passes when FUNC prints nothing on FILE.
quiet() {
	out=$($2 "$3")
	if [ -z "$out" ]; then
		ok "$1 is silent on ${3#"$top_srcdir"/}"
	else
		not_ok "$1 on ${3#"$top_srcdir"/}:"
		printf '%s\n' "$out" | sed 's/^/    /'
	fi
}

# speaks NAME FUNC: passes when FUNC reports the faulty page.
speaks() {
	if [ -n "$($2 "$tmp/bad.8")" ]; then
		ok "$1 reports a page with faults"
	else
		not_ok "$1 says nothing of a page with faults: the check is blind"
	fi
}

for p in $pages; do
	check "${p#"$top_srcdir"/} exists" test -s "$p"
done
if $have_mandoc; then
	speaks "mandoc -T lint -W warning" lint_mandoc
	for p in $pages; do quiet "mandoc -T lint -W warning" lint_mandoc "$p"; done
else
	echo "# mandoc is not installed: its lint is left out"
fi
if $have_groff; then
	speaks "groff -mandoc -ww -z" lint_groff
	for p in $pages; do quiet "groff -mandoc -ww -z" lint_groff "$p"; done
else
	echo "# groff is not installed: its check is left out"
fi
if $have_man; then
	speaks "man -l" lint_man
	for p in $pages; do
		quiet "man -l" lint_man "$p"
		# it renders: the page's NAME line comes out
		name=$(sed -n 's/^\.Nm \([^ ]*\)$/\1/p' "$p" | head -n 1)
		if MANWIDTH=80 man -l "$p" 2>/dev/null | grep -q "^ *$name "; then
			ok "man -l renders ${p#"$top_srcdir"/} (its NAME line)"
		else
			not_ok "man -l shows no NAME line for ${p#"$top_srcdir"/}"
		fi
	done
else
	echo "# man is not installed: man -l is left out"
fi
finish
