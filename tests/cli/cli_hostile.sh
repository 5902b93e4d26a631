#!/bin/sh
# cli_hostile.sh - no string from a plan reaches the command line's
# output raw.  Each string field of a plan (profile, VM, switch names,
# types, modes, uplink, bridge, addresses, NIC names, switch references,
# MAC, IP mode, addresses, DNS servers and domains) and the plan's file
# name in turn carry C0 controls (ESC sequences, BEL, a newline that would
# forge a line), C1 controls (U+009B as UTF-8 and the raw byte 0x9b), DEL
# and bytes that are not UTF-8; check, check --json, apply --dry-run
# (libvirt's test driver), mac, render and status --plan run on each.
# Every output (stdout and stderr) must be valid UTF-8 with no control
# byte but '\n', no DEL and no C1 control; JSON must parse; the escaped
# form "\x1b" must show where the command quotes the value; no line may
# start with the forged text.  Touches a temporary directory only.
. "$top_srcdir/tests/lib/lib.sh"

command -v python3 >/dev/null 2>&1 || skip_all "python3 is needed"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
URI="test://$(cd "$top_srcdir/tests/data" && pwd)/apply-node.xml"
E=$EDGENET_BIN

# The plans: one per field, the hostile text in that field only.  The
# text is written with libconfig's \xNN escapes, so the plan file itself
# is plain ASCII and the hostile bytes exist only once libconfig read it.
python3 - "$tmp" <<'PY'
import sys
tmp = sys.argv[1]
H = (r'\x1b]0;owned\x07\x1b[2Jx\xc2\x9b' r'31m\x9b\x7f\xff\xc0\xaf'
     r'\xed\xa0\x80\x0d\x0aFORGED.cfg: ok')
Hs = r'\x1b[2J\xc2\x9b\x9b\x7f\xff\x0aFORGED'	# 16 bytes
short = ('sw0addr', 'sw0start', 'nic0mac', 'nic0addr', 'nic0gw', 'nic0dns')
base = {
 'profile': 'server', 'vm': 'edge-vm',
 'sw0': 'edge-nat', 'sw0type': 'internal', 'sw0addr': '10.77.0.1/24',
 'sw0start': '10.77.0.100', 'sw1': 'edge-ext', 'sw1type': 'external',
 'sw1mode': 'bridge', 'sw1uplink': 'eth9', 'sw1bridge': 'br9',
 'nic0': 'eth0', 'nic0sw': 'edge-nat', 'nic0mac': '52:54:00:e4:00:01',
 'nic0mode': 'static', 'nic0addr': '10.77.0.10', 'nic0gw': '10.77.0.1',
 'nic0dns': '10.77.0.1', 'nic0search': 'plant.local',
 'nic1': 'eth1', 'nic1sw': 'edge-ext', 'nic1mode': 'dhcp',
}
T = '''version = 1;
profile = "{profile}";
vm = "{vm}";
switches = (
  {{ name = "{sw0}"; type = "{sw0type}"; address = "{sw0addr}";
    dhcp = true; dhcp_start = "{sw0start}"; dhcp_end = "10.77.0.199";
    nat = true; }},
  {{ name = "{sw1}"; type = "{sw1type}"; mode = "{sw1mode}";
    uplink = "{sw1uplink}"; bridge = "{sw1bridge}"; }} );
nics = (
  {{ name = "{nic0}"; switch = "{nic0sw}"; primary = true;
    mac = "{nic0mac}";
    ip = {{ mode = "{nic0mode}"; address = "{nic0addr}"; prefix = 24;
           gateway = "{nic0gw}"; }};
    dns = {{ servers = [ "{nic0dns}" ]; search = [ "{nic0search}" ]; }}; }},
  {{ name = "{nic1}"; switch = "{nic1sw}";
    ip = {{ mode = "{nic1mode}"; }}; metric = 200; }} );
'''
with open(tmp + '/fields', 'w') as lst:
    for k in base:
        v = dict(base)
        # a value longer than its field allows (47 for addresses and
        # MACs) is refused unquoted: those get the short form, which
        # still has every kind of byte
        v[k] = base[k] + (Hs if k in short else H)
        if k == 'sw0':		# the NIC follows its switch's name
            v['nic0sw'] = v[k]
        with open('%s/plan-%s.cfg' % (tmp, k), 'w') as f:
            f.write(T.format(**v))
        lst.write(k + '\n')
    with open(tmp + '/good.cfg', 'w') as f:
        f.write(T.format(**base))
PY
# the file name itself: ESC, C1 (both forms), DEL, not UTF-8, a newline
bad=$(printf 'plan-\033[2J\302\233\233\177\377\nFORGED.cfg: ok')
cp "$tmp/good.cfg" "$tmp/$bad"
echo file >>"$tmp/fields"

# Valid UTF-8 passes the output filter whole: 25 KB of lines of 2-, 3-
# and 4-byte characters, more than the streams' buffers hold (a character
# cut by a write is tested in test_outguard).
long=$(printf 'plan-'; i=0; while [ $i -lt 55 ]; do printf '\303\251'; i=$((i + 1)); done
	i=0; while [ $i -lt 30 ]; do printf '\342\200\224'; i=$((i + 1)); done
	i=0; while [ $i -lt 10 ]; do printf '\360\237\230\200'; i=$((i + 1)); done)
{
	printf 'version = 1;\nprofile = "x";\n'
	i=0
	while [ $i -lt 60 ]; do
		printf 'bogus%d = 1;\n' $i
		i=$((i + 1))
	done
} >"$tmp/$long.cfg"
"$E" check "$tmp/$long.cfg" >"$tmp/long.out" 2>/dev/null
check "long UTF-8 output passes unchanged (no \\x)" \
	sh -c '! grep -q "\\\\x[0-9a-f][0-9a-f]" "$1"' _ "$tmp/long.out"
check "... on every line ($(grep -cF "$long" "$tmp/long.out") of 63)" \
	test "$(grep -cF "$long" "$tmp/long.out")" -ge 60
check "... more than the buffers hold ($(wc -c <"$tmp/long.out") bytes)" \
	test "$(wc -c <"$tmp/long.out")" -gt 16384

# run NAME FIELD JSON CMD...: stdout and stderr kept apart, judged below
run() {
	name=$1 f=$2 js=$3
	shift 3
	"$@" >"$tmp/o/$f.$name.out" 2>"$tmp/o/$f.$name.err"
	printf '%s %s %s out\n%s %s 0 err\n' "$f" "$name" "$js" "$f" "$name" \
		>>"$tmp/manifest"
}
mkdir "$tmp/o"
: >"$tmp/manifest"

while read -r f; do
	if [ "$f" = file ]; then
		p=$tmp/$bad
	else
		p=$tmp/plan-$f.cfg
	fi
	run check "$f" 0 "$E" check "$p"
	run json "$f" 1 "$E" check --json "$p"
	run dryrun "$f" 0 "$E" -c "$URI" --state-dir "$tmp/sd-$f" apply \
		--dry-run "$p"
	run mac "$f" 0 "$E" --state-dir "$tmp/sd-$f" mac "$p"
	run render "$f" 0 "$E" --state-dir "$tmp/sd-$f" render "$p" \
		--out "$tmp/r-$f"
	run status "$f" 0 "$E" --state-dir "$tmp/sd-$f" status --plan "$p"
	run sjson "$f" 1 "$E" --state-dir "$tmp/sd-$f" status --json \
		--plan "$p"
done <"$tmp/fields"

# Words from libvirt and the command line: a domain name, a URI and a
# command that hold the same bytes (libvirt's error quotes them).
run vmdomain args 0 "$E" -c test:///default --state-dir "$tmp/sd-a" \
	status --vm --domain "$bad" --plan "$tmp/good.cfg"
run vmjson args 1 "$E" -c test:///default --state-dir "$tmp/sd-a" \
	status --json --vm --domain "$bad" --plan "$tmp/good.cfg"
run uri args 0 "$E" -c "test:///$bad" --state-dir "$tmp/sd-a" apply \
	--dry-run "$tmp/good.cfg"
run command args 0 "$E" "$bad"
# An option word: the console's and the wizard's options are read before
# the output filter is in place, so their tables (quote_bad, cli/opts.c)
# say a bad one in a sentence that escapes it.
run option args 0 "$E" "--$bad" check "$tmp/good.cfg"
run wizopt args 0 "$E" wizard "--$bad"

# One judge for every output (python starts slowly on a loaded machine):
# "ok - ..." or "not ok - ..." per check, counted by lib.sh below.
python3 - "$tmp" >"$tmp/verdicts" <<'PY'
import json, sys
tmp = sys.argv[1]

def judge(raw, js):
    try:
        text = raw.decode('utf-8')
    except UnicodeDecodeError as e:
        return 'not UTF-8: %s' % e
    for i, c in enumerate(text):
        o = ord(c)
        if (o < 0x20 and c != '\n') or o == 0x7f or 0x80 <= o <= 0x9f:
            return 'raw U+%04X: %r' % (o, text[max(0, i - 20):i + 20])
    for line in text.split('\n'):
        if line.startswith('FORGED'):
            return 'a forged line: %r' % line
    # JSON when there is output (status --plan prints none for a plan
    # check refuses: it exits 1 with check's lines on stderr)
    if js and text:
        try:
            json.loads(text)
        except ValueError as e:
            return 'not JSON: %s' % e
    return None

def say(good, what):
    print('%s - %s' % ('ok' if good else 'not ok', what))

both = {}
for row in open(tmp + '/manifest'):
    f, name, js, which = row.split()
    raw = open('%s/o/%s.%s.%s' % (tmp, f, name, which), 'rb').read()
    why = judge(raw, js == '1' and which == 'out')
    say(why is None, '%s: %s %s is safe%s' % (f, name, which,
                                              ': ' + why if why else ''))
    both[(f, name)] = both.get((f, name), b'') + raw

# where a command quotes the value, it shows the escaped form
def shows(f, name, needle):
    return needle.encode() in both.get((f, name), b'')

fields = [l.strip() for l in open(tmp + '/fields')]
for f in fields:
    # every field here is refused by check (the file name is not: it
    # is named on every line instead), and the dry run says the same
    say(shows(f, 'check', '\\x1b'), '%s: check shows it as \\x1b' % f)
    if f == 'file':	# not a message: the name itself, as JSON has it
        say(shows(f, 'json', '\\u001b'),
            'file: check --json names the file with \\u001b')
    else:		# quoted in a message, escaped when it was made
        say(shows(f, 'json', '\\\\x1b'),
            '%s: check --json shows it as the text \\x1b' % f)
    say(shows(f, 'dryrun', '\\x1b'),
        '%s: apply --dry-run shows it as \\x1b' % f)
say(shows('nic1', 'mac', '\\x1b'), 'nic1: mac shows the NIC name escaped')
for name in ('vmdomain', 'uri', 'command'):
    say(shows('args', name, '\\x1b'), 'args: %s shows it as \\x1b' % name)
say(shows('nic0', 'json', '\\\\xff'),
    'nic0: check --json shows a byte that is not UTF-8 as the text \\xff')
say(shows('file', 'sjson', '\\u001b'),
    'file: status --json names the plan with \\u001b')
say(shows('file', 'status', '\\x1b'), 'file: status names the plan as \\x1b')
PY
while IFS= read -r v; do
	case $v in
	"ok - "*) ok "${v#ok - }" ;;
	*) not_ok "${v#not ok - }" ;;
	esac
done <"$tmp/verdicts"
test -s "$tmp/verdicts" || not_ok "the judge gave no verdict"
[ -n "$EDGENET_KEEP" ] && cp -r "$tmp/o" "$EDGENET_KEEP"
finish
