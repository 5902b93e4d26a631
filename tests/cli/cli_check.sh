#!/bin/sh
# cli_check.sh - the real binary's non-interactive commands: `check` on the
# shipped examples and on broken plans (exit codes, PLAN:LINE: field lines,
# JSON), --help/--version, and `mac` keeping a generated MAC across runs.
. "$top_srcdir/tests/lib/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
E=$EDGENET_BIN

# 1. Every shipped example checks clean, with no warning either.
for f in "$top_srcdir"/data/examples/*.cfg; do
	out=$("$E" check "$f" 2>&1)
	rc=$?
	check "example $(basename "$f") checks clean (exit $rc)" test $rc -eq 0
	check "example $(basename "$f") has no diagnostic" \
		test -z "$(printf '%s\n' "$out" | grep -E ': (error|warning): ')"
done

# 2. A real mistake: gateway outside the subnet, named with its line.
cat >"$tmp/gw.cfg" <<'P'
version = 1;
profile = "server";
vm = "edge-vm";
switches = ( { name = "edge-int"; type = "internal"; address = "172.20.0.1/24";
               dhcp = false; nat = true; } );
nics = ( { name = "eth0"; switch = "edge-int"; primary = true;
           ip = { mode = "static"; address = "172.20.0.10"; prefix = 24;
                  gateway = "172.21.0.1"; };
           dns = { servers = [ "172.20.0.1" ]; }; } );
P
out=$("$E" check "$tmp/gw.cfg" 2>/dev/null)
rc=$?
check "gateway outside subnet exits 1 (got $rc)" test $rc -eq 1
check "gateway outside subnet is reported at line 8, field nics[0].ip.gateway" \
	sh -c 'printf "%s\n" "$1" | grep -q "^$2:8: nics\[0\]\.ip\.gateway: error: "' _ "$out" "$tmp/gw.cfg"

# 3. Misspelt key: reported, not ignored.
sed 's/gateway = "172.21.0.1"/gatway = "172.20.0.1"/' "$tmp/gw.cfg" >"$tmp/typo.cfg"
out=$("$E" check "$tmp/typo.cfg" 2>/dev/null)
rc=$?
check "misspelt key exits 1 (got $rc)" test $rc -eq 1
check "misspelt key names nics[0].ip.gatway and suggests gateway" \
	sh -c 'printf "%s\n" "$1" | grep -q "nics\[0\]\.ip\.gatway: error: .*gateway"' _ "$out"
# ... and only it: the key it meant is not also reported missing.
check "misspelt key is the one diagnostic ($out)" \
	test "$(printf '%s\n' "$out" | grep -c -E ': (error|warning): ')" -eq 1

# 4. Syntax error: exit 2 with file and line.
printf 'version = 1;\nprofile = "client";\nvm = = "x";\n' >"$tmp/syntax.cfg"
out=$("$E" check "$tmp/syntax.cfg" 2>/dev/null)
rc=$?
check "syntax error exits 2 (got $rc)" test $rc -eq 2
check "syntax error names file:line ($out)" \
	sh -c 'printf "%s\n" "$1" | grep -qE "^$2:3: "' _ "$out" "$tmp/syntax.cfg"

# 5. Unreadable: missing file, a directory, binary garbage.
"$E" check "$tmp/nope.cfg" >/dev/null 2>&1
check "missing file exits 2" test $? -eq 2
"$E" check "$tmp" >/dev/null 2>&1
check "a directory exits 2" test $? -eq 2
head -c 4096 /dev/urandom >"$tmp/garbage.cfg"
"$E" check "$tmp/garbage.cfg" >/dev/null 2>&1
rc=$?
check "binary garbage exits 2 (got $rc)" test $rc -eq 2

# 5b. A plan is one file: an include directive is refused with its line
# (the file it names is never read), and a FIFO or a device as the plan
# is refused at once, never waited on.
printf 'version = 1;\nprofile = "client";\n@include "%s"\n' "$tmp/gw.cfg" \
	>"$tmp/incl.cfg"
out=$("$E" check "$tmp/incl.cfg" 2>/dev/null)
rc=$?
check "an include directive exits 2 (got $rc)" test $rc -eq 2
check "the include directive is named at line 3 ($out)" \
	sh -c 'printf "%s\n" "$1" | grep -q "^$2:3: .*\"@include\" is not allowed"' _ "$out" "$tmp/incl.cfg"
mkfifo "$tmp/plan.fifo"
out=$(timeout 10 "$E" check "$tmp/plan.fifo" 2>/dev/null)
rc=$?
check "a FIFO as the plan exits 2 at once (got $rc)" test $rc -eq 2
check "a FIFO as the plan is said to be one ($out)" \
	sh -c 'printf "%s\n" "$1" | grep -q "named pipe (FIFO), not a file"' _ "$out"
out=$(timeout 10 "$E" check --json /dev/zero 2>/dev/null)
rc=$?
check "a device as the plan exits 2 at once (got $rc)" test $rc -eq 2
check "a device as the plan is unreadable in JSON ($out)" \
	sh -c 'printf "%s\n" "$1" | grep -q "\"status\": \"unreadable\""' _ "$out"

# 6. JSON: well-formed, same verdict.
"$E" check --json "$tmp/gw.cfg" >"$tmp/gw.json" 2>/dev/null
rc=$?
check "--json keeps exit 1" test $rc -eq 1
if command -v python3 >/dev/null 2>&1; then
	check "--json is valid JSON with the gateway error" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["format"] == "edgenet-check" and d["version"] == 1, d
assert d["status"] == "errors", d
assert d["errors"] >= 1
assert any(x["field"] == "nics[0].ip.gateway" and x["severity"] == "error"
           and x["line"] == 8 for x in d["diagnostics"]), d
' "$tmp/gw.json"
	"$E" check --json "$tmp/syntax.cfg" >"$tmp/syntax.json" 2>/dev/null
	check "--json on a syntax error is valid JSON" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["format"] == "edgenet-check" and d["version"] == 1, d
assert d["status"] == "syntax-error", d
assert d["errors"] >= 1 and d["diagnostics"], d
' "$tmp/syntax.json"
else
	not_ok "python3 is needed to parse the JSON (scripts/install-deps.sh installs it)"
fi

# 7. A broken policy is an unusable installation: exit 2, file:line.
printf 'profiles = { client = { switches = [ "default" ] ; };\n' >"$tmp/policy.cfg"
out=$("$E" --policy "$tmp/policy.cfg" check "$top_srcdir/data/examples/client-default-dhcp.cfg" 2>/dev/null)
rc=$?
check "broken policy exits 2 (got $rc)" test $rc -eq 2
check "broken policy is named with its line" \
	sh -c 'printf "%s\n" "$1" | grep -q "^$2:[0-9]*:"' _ "$out" "$tmp/policy.cfg"

# 8. The policy is data: allowing the default switch on servers flips a verdict.
sed 's/profile = "client"/profile = "server"/' \
	"$top_srcdir/data/examples/client-default-dhcp.cfg" >"$tmp/server-default.cfg"
"$E" check "$tmp/server-default.cfg" >/dev/null 2>&1
check "default switch on a server host is refused by the shipped policy" test $? -eq 1
sed 's/server = { switches = \[ *"internal"/server = { switches = [ "default", "internal"/' \
	"$top_srcdir/data/policy.cfg" >"$tmp/policy-open.cfg"
check "the modified policy differs from the shipped one" \
	sh -c '! cmp -s "$1" "$2"' _ "$top_srcdir/data/policy.cfg" "$tmp/policy-open.cfg"
"$E" --policy "$tmp/policy-open.cfg" check "$tmp/server-default.cfg" >/dev/null 2>&1
check "with the modified policy the same plan is accepted" test $? -eq 0

# 9. --help, --version, usage errors.
"$E" --help | grep -q "check \[--json\] \[--set PATH=VALUE\]\.\.\. PLAN"
check "--help lists check" test $? -eq 0
"$E" --version | grep -qE '^edgenet [0-9]+\.[0-9]+'
check "--version prints the version" test $? -eq 0
"$E" frobnicate >/dev/null 2>&1
check "an unknown command exits 2" test $? -eq 2
"$E" check >/dev/null 2>&1
check "check without a plan exits 2" test $? -eq 2
# A command's options may follow its words, as the usage lines write
# them (apply PLAN [--dry-run]); "--" ends them.
"$E" check "$top_srcdir/data/examples/client-default-dhcp.cfg" --json \
	>"$tmp/after.json" 2>/dev/null
check "check PLAN --json reads --json" grep -q '"status": "ok"' "$tmp/after.json"
"$E" check -- --json >"$tmp/err" 2>&1
check "after --, --json is a plan file" grep -q -- "--json" "$tmp/err"
"$E" check --bogus x >/dev/null 2>"$tmp/err"
rc=$?
check "a bad option exits 2 (got $rc)" test $rc -eq 2
check "a bad option is said in getopt's words" \
	grep -q "^check: unrecognized option '--bogus'$" "$tmp/err"
# --help is printed from the table the parser reads: every option of
# every command is listed with its letter.
for c in "check:-j, --json" "status:-j, --json" "status:-p, --plan FILE" \
	"status:-v, --vm" "status:--domain NAME" "apply:--dry-run" \
	"apply:--confirm-timeout S" "render:-o, --out DIR" \
	"diag:-p, --plan FILE" "wizard:-p, --plan FILE"; do
	"$E" "${c%%:*}" --help >"$tmp/help" 2>&1
	check "${c%%:*} --help lists ${c#*:}" grep -q -- "^ *${c#*:}  " "$tmp/help"
done

# 10. MACs are generated once and kept in the state directory.
st="$tmp/state"
cat >"$tmp/macs.cfg" <<'P'
version = 1;
profile = "client";
vm = "edge-vm";
switches = ( { name = "default"; type = "default"; address = "192.168.122.1/24";
               dhcp = true; dhcp_start = "192.168.122.2";
               dhcp_end = "192.168.122.254"; nat = true; } );
nics = ( { name = "eth0"; switch = "default"; primary = true; ip = { mode = "dhcp"; }; },
         { name = "eth1"; switch = "default"; ip = { mode = "dhcp"; }; metric = 200; } );
P
first=$("$E" --state-dir "$st" mac "$tmp/macs.cfg")
check "mac generates on the first run" \
	sh -c 'test "$(printf "%s\n" "$1" | grep -c " generated$")" -eq 2' _ "$first"
second=$("$E" --state-dir "$st" mac "$tmp/macs.cfg")
check "mac reuses the stored MACs on the next run" \
	test "$(printf '%s\n' "$first" | cut -d' ' -f1-2)" = "$(printf '%s\n' "$second" | cut -d' ' -f1-2)"
check "the second run says stored" \
	sh -c 'test "$(printf "%s\n" "$1" | grep -c " stored$")" -eq 2' _ "$second"
m0=$(printf '%s\n' "$first" | awk '$1=="eth0"{print $2}')
m1=$(printf '%s\n' "$first" | awk '$1=="eth1"{print $2}')
check "generated MACs are libvirt unicast ($m0, $m1) and differ" \
	sh -c 'case "$1$2" in 52:54:00:*52:54:00:*) test "$1" != "$2";; *) false;; esac' _ "$m0" "$m1"
EDGENET_STATE_DIR="$st" "$E" mac "$tmp/macs.cfg" >"$tmp/env.out"
check "EDGENET_STATE_DIR selects the same state" \
	test "$(cut -d' ' -f1-2 "$tmp/env.out")" = "$(printf '%s\n' "$first" | cut -d' ' -f1-2)"
: >"$tmp/afile"
"$E" --state-dir "$tmp/afile/sub" mac "$tmp/macs.cfg" >/dev/null 2>"$tmp/err"
rc=$?
check "an unusable state dir exits 2 (got $rc)" test $rc -eq 2
check "an unusable state dir is explained" test -s "$tmp/err"

# 11. mac says what check says: a plan check refuses (names with quotes,
# angle brackets or an escape sequence, a MAC used twice, a multicast MAC,
# more NICs than a plan may have) is refused with exit 1 and check's own
# lines, and nothing is stored: the state directory is byte for byte as
# it was (names, types, modes, sizes and checksums compared), and a state
# directory that did not exist is not created.
tree() {	# tree DIR: every entry with its type, mode, size and checksum
	(cd "$1" && find . -printf '%p %y %m %s\n' | LC_ALL=C sort &&
		find . -type f -exec sha256sum {} + | LC_ALL=C sort)
}
esc=$(printf '\033')
bel=$(printf '\007')
mkbad() {	# mkbad NAME SED-SCRIPT: $tmp/bad-NAME.cfg from macs.cfg
	sed "$2" "$tmp/macs.cfg" >"$tmp/bad-$1.cfg"
}
mkbad vm-quote 's/vm = "edge-vm"/vm = "edge\\"vm"/'
mkbad vm-angle 's/vm = "edge-vm"/vm = "<edge-vm>"/'
mkbad vm-esc "s/vm = \"edge-vm\"/vm = \"edge${esc}]0;pwned${bel}vm\"/"
mkbad nic-quote 's/name = "eth1"/name = "eth\\"1"/'
mkbad nic-angle 's/name = "eth1"/name = "<eth1>"/'
mkbad nic-esc "s/name = \"eth1\"/name = \"e${esc}[2Jth1\"/"
mkbad dup-mac 's/name = "eth0";/name = "eth0"; mac = "52:54:00:aa:bb:cc";/; s/name = "eth1";/name = "eth1"; mac = "52:54:00:AA:BB:CC";/'
mkbad multicast 's/name = "eth1";/name = "eth1"; mac = "01:00:5e:00:00:01";/'
{
	sed '/^nics = /,$d' "$tmp/macs.cfg"
	printf 'nics = ( { name = "eth0"; switch = "default"; primary = true; ip = { mode = "dhcp"; }; }'
	for i in 1 2 3 4 5 6 7 8; do
		printf ',\n  { name = "eth%d"; switch = "default"; ip = { mode = "dhcp"; }; metric = %d; }' $i $((100 * i + 100))
	done
	printf ' );\n'
} >"$tmp/bad-nine-nics.cfg"
before=$(tree "$st")
check "the state directory holds the MACs of section 10" test -s "$st/macs.cfg"
for f in vm-quote vm-angle vm-esc nic-quote nic-angle nic-esc dup-mac multicast nine-nics; do
	plan=$tmp/bad-$f.cfg
	"$E" check "$plan" >"$tmp/c.out" 2>/dev/null
	rc=$?
	check "check refuses $f (exit $rc)" test $rc -eq 1
	"$E" --state-dir "$st" mac "$plan" >"$tmp/m.out" 2>"$tmp/m.err"
	rc=$?
	check "mac refuses $f too: exit 1 (got $rc)" test $rc -eq 1
	check "... with check's lines, the same and in the same order" \
		test "$(grep "^$plan:[0-9]*: " "$tmp/m.err")" = "$(cat "$tmp/c.out")"
	check "... saying nothing was stored" grep -q "nothing was stored" "$tmp/m.err"
	check "... and printing no MAC" test ! -s "$tmp/m.out"
	check "... the state directory is unchanged" test "$(tree "$st")" = "$before"
	"$E" --state-dir "$tmp/new-state" mac "$plan" >/dev/null 2>&1
	check "... and a state directory that was not there is not created" \
		test ! -e "$tmp/new-state"
done
check "the nine-NIC plan is refused for its count, not cut to eight" \
	grep -q "the plan has 9 NICs; edgenet allows at most 8" "$tmp/m.err"
# The refused names reach the state file in no form.
check "no refused name is in macs.cfg" \
	sh -c '! grep -Eq "pwned|<|edge\\\\\"|e.\[2J" "$1/macs.cfg"' _ "$st"
# A plan check accepts is still served, and its warnings are check's.
sed "s/metric = 200;/metric = 100;/" "$tmp/macs.cfg" >"$tmp/warn.cfg"
"$E" check "$tmp/warn.cfg" >"$tmp/c.out" 2>/dev/null
rc=$?
check "check passes a plan with a warning (exit $rc)" \
	sh -c 'test "$1" -eq 0 && grep -q ": warning: " "$2"' _ $rc "$tmp/c.out"
"$E" --state-dir "$st" mac "$tmp/warn.cfg" >"$tmp/m.out" 2>"$tmp/m.err"
rc=$?
check "mac serves it (exit $rc), printing both NICs" \
	sh -c 'test "$1" -eq 0 && test "$(wc -l <"$2")" -eq 2' _ $rc "$tmp/m.out"
check "... with check's warning lines on stderr" \
	test "$(grep "^$tmp/warn.cfg:[0-9]*: " "$tmp/m.err")" = "$(cat "$tmp/c.out")"

# A plan path longer than the wizard can keep is refused before the
# console starts: a cut one would be where the plan is saved.
long=$tmp/$(printf '%04100d' 0)
"$E" --demo --state-dir "$st" wizard --plan "$long" </dev/null \
	>"$tmp/w.out" 2>"$tmp/w.err"
rc=$?
check "wizard --plan with a path too long is refused (exit $rc)" \
	sh -c 'test "$1" -eq 1 && grep -q "^edgenet: the plan path .*\.\.\. is too long$" "$2"' \
	_ $rc "$tmp/w.err"

finish
