#!/bin/sh
# cli_apply_json.sh - `edgenet apply --json` for scripts, against libvirt's
# test driver (tests/data/apply-node.xml, a fresh copy of that host for
# every run of the program) and the demo host (--demo): stdout holds one
# document and nothing else (the text goes to stderr), it parses, carries
# "format": "edgenet-apply" and "version": 1, its steps are the dry run's
# steps, its "exit" is the process's exit status - for a dry run, a kept
# apply, a plan with errors, an injected fault that fails a step and is
# rolled back (which step, its error, each step undone), an undo that
# fails, and no confirmation.  --yes never reads its input (a pipe that
# never closes); without --yes and without a terminal, end of input is
# "no" at once and an open silent input is "no" when the countdown ends
# (bounded); on a terminal the question and its countdown go to the
# terminal (stderr), never to stdout.  Nothing outside a temporary
# directory is touched.
. "$top_srcdir/tests/lib/lib.sh"

command -v python3 >/dev/null 2>&1 ||
	skip_all "python3 is needed to parse the JSON (scripts/install-deps.sh installs it)"
tmp=$(mktemp -d)
holder=
cleanup() {
	if [ -n "$holder" ]; then
		kill "$holder" 2>/dev/null
		wait "$holder" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
URI="test://$(cd "$top_srcdir/tests/data" && pwd)/apply-node.xml"
SD=$tmp/state
E() {
	"$EDGENET_BIN" -c "$URI" --state-dir "$SD" apply "$@"
}

cp "$top_srcdir/tests/data/apply-plan.cfg" "$tmp/plan.cfg"

# 1. The dry run: its document's steps are the text's steps.
E --dry-run "$tmp/plan.cfg" >"$tmp/dry.txt" 2>/dev/null
check "the text dry run exits 0" test $? -eq 0
sed -n 's/^ *[0-9][0-9]*\. //p' "$tmp/dry.txt" | sed -n '/^/p' >"$tmp/dry.steps"
E --dry-run --json "$tmp/plan.cfg" >"$tmp/dry.json" 2>"$tmp/dry.err"
rc=$?
check "--dry-run --json exits 0 (got $rc)" test $rc -eq 0
check "... stdout is one JSON document, versioned, exit $rc in it" py_json "$tmp/dry.json" $rc '
assert d["format"] == "edgenet-apply" and d["version"] == 1, d
assert d["exit"] == rc and d["status"] == "dry-run", d
assert d["dry_run"] is True and d["host"] == "simulated", d
assert d["domain"] == "edge-vm" and d["plan"].endswith("plan.cfg"), d
assert d["confirmation"]["result"] == "not-asked", d
assert d["rollback"]["ran"] is False, d
assert all(s["result"] == "planned" and s["undo"] is None for s in d["steps"])
'
check "... its steps are the text dry run's, in order" py_json "$tmp/dry.json" 0 '
want = [l.rstrip("\n") for l in open(sys.argv[1].replace("dry.json", "dry.steps"))]
want = [l for l in want if l]
got = [s["text"] + "." for s in d["steps"]]
assert got == want[:len(got)] and len(got) == int(open(sys.argv[1].replace("dry.json", "dry.txt")).read().split(" steps:")[0].split()[-1]), (got, want)
assert [s["number"] for s in d["steps"]] == list(range(1, len(got) + 1))
'
check "... each object before and after: the new network's XML, the VM's diff" py_json "$tmp/dry.json" 0 '
s = d["steps"][0]
assert s["kind"] == "net-define" and s["object"] == "edge-nat", s
assert s["before"] is None and "<name>edge-nat</name>" in s["after"], s
assert "+ " in s["diff"], s
nic = [s for s in d["steps"] if s["kind"] == "nic-change"][0]
assert "edge-nat" in nic["interface_after"] and nic["mac"] == "52:54:00:e4:00:01", nic
assert "- " in nic["diff"] and "+ " in nic["diff"], nic
'
check "... the text went to stderr" grep -q "^Dry run on test://" "$tmp/dry.err"
check "... and nothing was changed" test ! -e "$SD/apply.journal"

# 2. Applied and kept, --yes with an input that never closes: never read.
mkfifo "$tmp/in"
sleep 1000 >"$tmp/in" &
holder=$!
t0=$(date +%s)
timeout 60 "$EDGENET_BIN" -c "$URI" --state-dir "$SD" apply --yes --json \
	"$tmp/plan.cfg" <"$tmp/in" >"$tmp/yes.json" 2>"$tmp/yes.err"
rc=$?
t1=$(date +%s)
check "--yes with a pipe that never closes: exit 0 (got $rc) in $((t1 - t0)) s" \
	sh -c 'test "$1" -eq 0 && test "$2" -lt 20' _ $rc $((t1 - t0))
check "... the document says applied, confirmed by the option" py_json "$tmp/yes.json" $rc '
assert d["exit"] == rc and d["status"] == "applied", d
assert d["confirmation"] == {"result": "confirmed", "by": "option", "timeout_s": None}, d["confirmation"]
assert d["rollback"]["ran"] is False and d["error"] is None, d
assert d["steps"] and all(s["result"] == "verified" for s in d["steps"]), d["steps"]
'
check "... the same steps as the dry run" py_json "$tmp/yes.json" 0 '
dry = json.load(open(sys.argv[1].replace("yes.json", "dry.json")))
assert [(s["kind"], s["object"]) for s in d["steps"]] == \
       [(s["kind"], s["object"]) for s in dry["steps"]], (d["steps"], dry["steps"])
'
check "... stderr has the text" grep -q "^Applied and kept" "$tmp/yes.err"

# 3. A plan with errors: refused, the diagnostic in the document.
sed 's/gateway = "10.77.0.1"/gateway = "10.99.0.1"/' "$tmp/plan.cfg" >"$tmp/bad.cfg"
E --yes --json "$tmp/bad.cfg" >"$tmp/bad.json" 2>/dev/null
rc=$?
check "a plan with errors: exit 1 (got $rc)" test $rc -eq 1
check "... the document says refused and names the field and line" py_json "$tmp/bad.json" $rc '
assert d["exit"] == rc and d["status"] == "refused", d
assert any(x["field"] == "nics[0].ip.gateway" and x["severity"] == "error"
           and x["line"] == 18 for x in d["diagnostics"]), d["diagnostics"]
assert d["steps"] == [] and "plan has errors" in d["error"], d
'
E --json "$tmp/nope.cfg" >"$tmp/nope.json" 2>/dev/null
rc=$?
check "an unreadable plan: exit 2 (got $rc), the document says why" \
	py_json "$tmp/nope.json" $rc '
assert rc == 2 and d["exit"] == 2 and d["status"] == "unusable", d
assert "cannot read" in d["error"] and d["uri"] is None, d
'

# 4. An injected fault fails step 4 after it was done: rolled back.
SD=$tmp/state4
EDGENET_FAULT="step=4,phase=verify" E --yes --json "$tmp/plan.cfg" \
	>"$tmp/f.json" 2>"$tmp/f.err"
rc=$?
check "a step that fails: exit 3 (got $rc)" test $rc -eq 3
check "... the document names the step, its error, each undo" py_json "$tmp/f.json" $rc '
assert d["exit"] == rc and d["status"] == "rolled-back", d
r = d["rollback"]
assert r["ran"] and r["why"] == "a step failed" and r["failed_step"] == 4, r
assert r["complete"] is True and "injected fault" in r["error"], r
st = d["steps"]
assert [s["result"] for s in st[:4]] == ["verified"] * 3 + ["failed"], st
assert "phase verify" in st[3]["error"], st[3]
assert all(s["undo"]["result"] == "undone" for s in st[:4]), st
assert all(s["result"] == "skipped" and s["undo"]["result"] == "not-needed"
           for s in st[4:]), st
assert d["confirmation"]["result"] == "not-asked", d
'
check "... the text (stderr) says the same" grep -q "^Rolled back" "$tmp/f.err"

# 5. An undo that fails too: exit 5, what is left named.
SD=$tmp/state5
EDGENET_FAULT="step=2,phase=verify;step=1,phase=undo" E --yes --json \
	"$tmp/plan.cfg" >"$tmp/u.json" 2>/dev/null
rc=$?
check "an undo that fails: exit 5 (got $rc)" test $rc -eq 5
check "... could-not-undo with its reason, rollback incomplete" py_json "$tmp/u.json" $rc '
assert d["exit"] == rc and d["status"] == "rollback-incomplete", d
assert d["rollback"]["complete"] is False and d["rollback"]["failed_step"] == 2, d
s0, s1 = d["steps"][0], d["steps"][1]
assert s0["undo"]["result"] == "could-not-undo" and "phase undo" in s0["undo"]["error"], s0
assert s1["result"] == "failed" and s1["undo"]["result"] == "undone", s1
'
# the next run recovers it first and says so in its document
E --yes --json "$tmp/plan.cfg" >"$tmp/r.json" 2>/dev/null
rc=$?
check "the next run recovers, then applies (exit $rc)" py_json "$tmp/r.json" $rc '
assert rc == 0 and d["exit"] == 0 and d["status"] == "applied", d
assert "ROLLED BACK" in d["recovery"], d["recovery"]
'

# 6. No --yes and no terminal: end of input is "no" at once...
SD=$tmp/state6
E --json "$tmp/plan.cfg" </dev/null >"$tmp/n.json" 2>/dev/null
rc=$?
check "no terminal, input closed: exit 4 (got $rc)" test $rc -eq 4
check "... input-closed, every step undone" py_json "$tmp/n.json" $rc '
assert d["exit"] == rc and d["status"] == "not-confirmed", d
assert d["confirmation"]["result"] == "input-closed", d["confirmation"]
assert d["rollback"]["why"] == "no answer: input closed", d["rollback"]
assert d["rollback"]["failed_step"] is None and d["rollback"]["complete"], d
assert all(s["undo"]["result"] == "undone" for s in d["steps"]), d["steps"]
'
# ...and an input that stays open and silent is "no" when the countdown
# ends: bounded, never a hang.
t0=$(date +%s)
timeout 60 "$EDGENET_BIN" -c "$URI" --state-dir "$SD" apply --json \
	--confirm-timeout 2 "$tmp/plan.cfg" <"$tmp/in" >"$tmp/t.json" \
	2>"$tmp/t.err"
rc=$?
t1=$(date +%s)
check "no terminal, a pipe that never closes: exit 4 (got $rc) after the 2 s countdown ($((t1 - t0)) s)" \
	sh -c 'test "$1" -eq 4 && test "$2" -ge 2 && test "$2" -lt 20' _ $rc $((t1 - t0))
check "... timed-out after 2 s in the document" py_json "$tmp/t.json" $rc '
assert d["exit"] == rc, d
assert d["confirmation"] == {"result": "timed-out", "by": None, "timeout_s": 2}, d
assert d["rollback"]["why"] == "not confirmed in time", d
'
check "... the question went to stderr" grep -q "Keep this change?" "$tmp/t.err"
echo yes | E --json "$tmp/plan.cfg" >"$tmp/a.json" 2>/dev/null
rc=$?
check "\"yes\" on a pipe keeps it (exit $rc), confirmed by the answer" py_json "$tmp/a.json" $rc '
assert rc == 0 and d["exit"] == 0, d
assert d["confirmation"]["result"] == "confirmed" and d["confirmation"]["by"] == "answer", d
'

# 7. On a terminal: the question and its countdown reach the terminal
# (stderr); stdout, a file, holds the document alone.  script(1) gives
# the command a terminal (input held open, nothing typed).
if command -v script >/dev/null 2>&1; then
	SD=$tmp/state7
	script -q -e -c "'$EDGENET_BIN' -c '$URI' --state-dir '$SD' apply \
		--json --confirm-timeout 2 '$tmp/plan.cfg' >'$tmp/tty.json'" \
		/dev/null <"$tmp/in" >"$tmp/tty.out" 2>&1
	rc=$?
	check "on a terminal with stdout a file: exit 4 (got $rc)" test $rc -eq 4
	check "... the countdown is redrawn on the terminal" \
		grep -q "$(printf '\r')  *1 s left > " "$tmp/tty.out"
	check "... stdout holds the document alone" py_json "$tmp/tty.json" $rc '
assert d["exit"] == rc and d["confirmation"]["result"] == "timed-out", d
'
	check "... with no question in it" sh -c '! grep -q "Keep this change" "$1"' _ "$tmp/tty.json"
else
	not_ok "script(1) (util-linux) is needed for the terminal case"
fi

# 8. The demo host (--demo) and one of the shipped examples: simulated,
# no probe sent, the reason given.
"$EDGENET_BIN" --demo --state-dir "$tmp/demo" apply --dry-run --json \
	"$top_srcdir/data/examples/client-default-dhcp.cfg" >"$tmp/demo.json" \
	2>/dev/null
rc=$?
check "--demo --dry-run --json (exit $rc)" py_json "$tmp/demo.json" $rc '
assert rc == 0 and d["exit"] == 0 and d["host"] == "simulated", d
assert d["preflight"]["sent"] is False and "simulated" in d["preflight"]["why_not"], d
assert d["steps"], d
'

# 9. Every JSON document edgenet writes (README lists them) starts with
# its format and version.
ex=$top_srcdir/data/examples/client-default-dhcp.cfg
for c in "status --json:edgenet-status" "diag --json --plan $ex:edgenet-diag" \
	"check --json $ex:edgenet-check" "apply --json --dry-run $ex:edgenet-apply"; do
	# shellcheck disable=SC2086 # the command's words
	"$EDGENET_BIN" --demo --state-dir "$tmp/demo" ${c%:*} >"$tmp/doc.json" 2>/dev/null
	check "${c%% *} --json: \"format\": \"${c##*:}\", \"version\": 1 first" \
		py_json "$tmp/doc.json" 0 "
assert list(d)[:2] == ['format', 'version'], list(d)
assert d['format'] == '${c##*:}' and d['version'] == 1, d
"
done

finish
