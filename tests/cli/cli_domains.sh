#!/bin/sh
# cli_domains.sh - the real binary's `edgenet domains`: the VMs defined on
# the host of the connection, one per line, sorted, exit 0: on the demo
# host (--demo: data/demo-node.xml defines edge-vm and historian) and on
# libvirt's stock test host (test:///default defines "test"); a host
# libvirt cannot reach exits 2 with a message naming the URI and nothing
# on stdout; a word after the command exits 2; the command is in
# `edgenet --help`'s list; a domain name with a terminal escape in it is
# printed escaped (a node file of its own).
. "$top_srcdir/tests/lib/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
E=$EDGENET_BIN

has() {
	printf '%s\n' "$1" | grep -q -- "$2"
}

# 1. The demo host: its two VMs, sorted.
out=$("$E" --demo domains 2>"$tmp/err")
rc=$?
check "--demo domains exits 0 (got $rc)" test $rc -eq 0
check "... lists edge-vm then historian (got '$out')" \
	test "$out" = "$(printf 'edge-vm\nhistorian')"
check "... and says nothing on stderr" test ! -s "$tmp/err"

# 2. -c test:///default: libvirt's stock test host has one VM, "test".
out=$("$E" -c test:///default domains 2>&1)
rc=$?
check "-c test:///default domains exits 0 (got $rc)" test $rc -eq 0
check "... lists test (got '$out')" test "$out" = "test"
out=$(LIBVIRT_DEFAULT_URI=test:///default "$E" domains 2>&1)
check "\$LIBVIRT_DEFAULT_URI is the host when -c is not given" \
	test "$out" = "test"

# 3. A host libvirt cannot reach: a node file that does not exist.
"$E" -c "test://$tmp/none.xml" domains >"$tmp/out" 2>"$tmp/err"
rc=$?
check "an unreachable host exits 2 (got $rc)" test $rc -eq 2
check "... prints no name" test ! -s "$tmp/out"
check "... and says which URI failed" grep -q "$tmp/none.xml" "$tmp/err"

# 4. Usage.
"$E" --demo domains edge-vm >/dev/null 2>"$tmp/err"
rc=$?
check "a word after domains exits 2 (got $rc)" test $rc -eq 2
check "... naming it" grep -q "unexpected argument 'edge-vm'" "$tmp/err"
out=$("$E" --help 2>&1)
check "edgenet --help lists domains" has "$out" "^  domains "
out=$("$E" domains --help 2>&1)
rc=$?
check "domains --help exits 0 (got $rc)" test $rc -eq 0
check "... with its usage" has "$out" "^usage: edgenet \[-c URI\] domains"

# 5. A name with a control sequence comes out escaped: XML has no ESC,
# but it has U+009B, the one-character CSI (C1) a terminal obeys like
# ESC [ (here CSI 2 J, "clear the screen").
esc=$(printf '\302\233')
cat >"$tmp/node.xml" <<X
<node>
  <domain type='test'>
    <name>vm${esc}[2J</name>
    <memory>65536</memory>
    <os><type>hvm</type></os>
  </domain>
</node>
X
out=$("$E" -c "test://$tmp/node.xml" domains 2>&1)
rc=$?
check "a node file's domain is listed (exit $rc)" test $rc -eq 0
check "... with its CSI escaped (got '$out')" test "$(printf '%s' "$out" | grep -c "$esc")" -eq 0
check "... and the rest of the name kept" has "$out" '^vm.*\[2J$'

finish
