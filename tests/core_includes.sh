#!/bin/sh
# core_includes.sh - the core stays pure: no file under src/core includes
# curses, libvirt or netlink headers, and the core library links with
# none of their symbols.
. "$top_srcdir/tests/lib.sh"

for f in "$top_srcdir"/src/core/*.c "$top_srcdir"/src/core/*.h; do
	name=${f#"$top_srcdir"/}
	if grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]([^>"]*/)?(n?curses[a-z]*|term|panel|menu|form|libvirt[^>"]*|netlink[^>"]*|linux/(rt)?netlink|nl-[^>"]*)(\.h)?[>"/]' "$f"; then
		not_ok "$name includes a curses, libvirt or netlink header"
	else
		ok "$name is free of curses, libvirt and netlink"
	fi
done

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
