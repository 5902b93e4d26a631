#!/bin/sh
# man_keys.sh - the manuals name what the source reads: every key of a
# plan file (the key tables of src/core/planfile.c) is an ".It Cm" item
# of its part of edgenet-plan(5) (TOP-LEVEL KEYS, SWITCH KEYS, NIC KEYS
# and the ip and dns lists inside it) and every such item is a key;
# every settings key src/ reads (settings_string anywhere, config_lookup
# in src/core/settings.c) is an
# ".It Cm" item of edgenet(8); every environment variable src/ and
# screens/ read (getenv) is an ".Ev" of edgenet(8).  First the plan
# comparison is shown to catch a key dropped from a copy of the page.
# Reads files only; writes a temporary directory.
. "$top_srcdir/tests/lib/lib.sh"

PLAN5=$top_srcdir/man/edgenet-plan.5
MAN8=$top_srcdir/man/edgenet.8
tmp=$(mktemp -d "${TMPDIR:-/tmp}/edgenet-mankeys.XXXXXX") ||
	skip_all "cannot make a temporary directory"
trap 'rm -rf "$tmp"' EXIT INT TERM

# source_keys: "GROUP KEY" for each key of planfile.c's tables, GROUP one
# of top, switch, nic, ip, dns.
source_keys() {
	awk '/^static const char \*const [a-z]+_keys\[\] = \{/ {
		g = $5; sub(/_keys.*/, "", g); on = 1
	     }
	     on {
		line = $0
		while (match(line, /"[a-z_]+"/)) {
			print g " " substr(line, RSTART + 1, RLENGTH - 2)
			line = substr(line, RSTART + RLENGTH)
		}
		if ($0 ~ /};/) on = 0
	     }' "$top_srcdir/src/core/planfile.c" | sort -u
}

# manual_keys FILE: the same from the ".It Cm" items of FILE's key
# sections; the items of a list inside the ip or dns item are ip's or
# dns's.
manual_keys() {
	awk '/^\.Sh / {
		g = ""
		if ($0 == ".Sh TOP-LEVEL KEYS") g = "top"
		if ($0 == ".Sh SWITCH KEYS") g = "switch"
		if ($0 == ".Sh NIC KEYS") g = "nic"
		depth = 0; next
	     }
	     g == "" { next }
	     /^\.Bl / { depth++; next }
	     /^\.El/ { depth--; next }
	     /^\.It Cm / {
		grp = g
		if (depth == 1) parent = $3
		if (depth == 2) grp = parent
		for (i = 2; i < NF; i++)
			if ($i == "Cm") {
				k = $(i + 1); sub(/,$/, "", k)
				print grp " " k
			}
	     }' "$1" | sort -u
}

# compare_keys FILE: prints each difference; exit 0 when none.
compare_keys() {
	source_keys >"$tmp/src"
	manual_keys "$1" >"$tmp/man"
	bad=0
	for k in $(comm -23 "$tmp/src" "$tmp/man" | tr ' ' ':'); do
		echo "plan key not in edgenet-plan(5): $k"
		bad=1
	done
	for k in $(comm -13 "$tmp/src" "$tmp/man" | tr ' ' ':'); do
		echo "edgenet-plan(5) has a key the loader does not: $k"
		bad=1
	done
	return $bad
}

source_keys >"$tmp/src0"
check "planfile.c's key tables are read" grep -qx 'ip gateway' "$tmp/src0"
check "planfile.c's key tables are read whole" \
	test "$(wc -l <"$tmp/src0")" -ge 25

# 1. The comparison sees a key left out.
sed '/^\.It Cm dhcp_start , Cm dhcp_end /s/ , Cm dhcp_end//' "$PLAN5" \
	>"$tmp/broken.5"
out=$(compare_keys "$tmp/broken.5")
check "a page missing a key fails" test $? -ne 0
check "the missing key is named" \
	sh -c 'printf "%s\n" "$1" | grep -qx "plan key not in edgenet-plan(5): switch:dhcp_end"' \
	sh "$out"

# 2. edgenet-plan(5) against the loader.
out=$(compare_keys "$PLAN5")
rc=$?
[ -z "$out" ] || printf '%s\n' "$out"
check "edgenet-plan(5) has every plan key and no other" test $rc -eq 0

# 3. The settings keys and the environment in edgenet(8).
{
	grep -rhoE 'settings_string\([^,]+, "[a-z_]+"' "$top_srcdir/src"
	grep -hoE 'config_lookup\([^,]+, "[a-z_]+"' \
		"$top_srcdir/src/core/settings.c"
} | sed -E 's/.*"([a-z_]+)"$/\1/' | sort -u >"$tmp/set"
check "the settings keys are read from src/" grep -qx uri "$tmp/set"
while read -r k; do
	check "edgenet(8) describes the setting $k" \
		grep -q "^\.It Cm $k No = " "$MAN8"
done <"$tmp/set"
grep -rhoE 'getenv\("[A-Za-z_]+"\)' "$top_srcdir/src" "$top_srcdir/screens" |
	sed -E 's/getenv\("(.*)"\)/\1/' | sort -u >"$tmp/env"
check "the environment read is found in src/" grep -qx EDGENET_STATE_DIR "$tmp/env"
while read -r v; do
	check "edgenet(8) names \$$v" grep -qE "^\.(It )?Ev $v( |\$)" "$MAN8"
done <"$tmp/env"

finish
