#!/bin/sh
# dns_live.sh - the DNS view and probes against a real systemd-resolved,
# on the test bed of tests/lib/dns_env.sh (two namespaces; resolved, networkd
# and a private D-Bus in one, dnsmasq in the other).
#
# Checked: the view agrees with `resolvectl status` field for field;
# probes: dnsmasq answers, 10.77.2.2 refused (port unreachable), 10.77.2.9
# (on-link, no host) times out, a REFUSED answer is refused; `edgenet
# status`'s DNS part; changes show up by themselves (a signal, a file,
# resolved stopping and starting, the bus going away and coming back);
# the fallback view says where it comes from.  Figures are printed as "# ".
. "$top_srcdir/tests/lib/lib.sh"
. "$top_srcdir/tests/lib/dns_env.sh"

# --- 1. the view agrees with resolvectl status ------------------------------
compare_now() {
	rctl status >"$T/rs.txt" 2>&1 || return 1
	tool compare "$T/rs.txt" >"$T/cmp.txt" 2>&1
}
ok_cmp=no
for try in 1 2 3; do
	if COLUMNS=300 compare_now; then ok_cmp=yes; break; fi
	sleep 0.3
done
cat "$T/cmp.txt"
if test $ok_cmp = yes; then
	ok "view agrees with resolvectl status ($(tail -n 1 "$T/cmp.txt"))"
else
	not_ok "view differs from resolvectl status"
	cat "$T/rs.txt"
fi
# resolvectl wrapped at 60 columns parses to the same fields
COLUMNS=60 compare_now
check "view agrees with resolvectl status wrapped at 60 columns" \
	grep -q ' 0 differences' "$T/cmp.txt"

# the per-link content is what was configured
tool view >"$T/view.txt"
cat "$T/view.txt"
check "eth-a servers (D-Bus)" grep -q 'DNS Servers: 10.77.1.2 \[fe80::2\]:5353 10.77.1.4#dot.example' "$T/view.txt"
check "eth-b servers (networkd)" grep -q 'DNS Servers: 10.77.2.2 10.77.2.9' "$T/view.txt"
check "eth-b domains sorted like resolvectl" grep -q 'DNS Domain: nd.test ~rt.test' "$T/view.txt"
check "global fallback servers" grep -q 'Fallback DNS Servers: 127.0.0.3' "$T/view.txt"
check "eth-a DNSOverTLS=opportunistic" grep -q '+DefaultRoute +LLMNR -mDNS DNSOverTLS=opportunistic' "$T/view.txt"

# --- 2. probes ----------------------------------------------------------------
t1=$(ms_now)
tool --probe --probe-name example.test --probe-type 1 --probe-timeout 700 \
	--probe-tries 1 --json view >"$T/probe.json"
probe_ms=$(( $(ms_now) - t1 ))
tool --probe --probe-name example.test --probe-type 1 --probe-timeout 700 \
	--probe-tries 1 --width 80 view >"$T/probe.txt"
cat "$T/probe.txt"
python3 - "$T/probe.json" "$IDX_A" "$IDX_B" >"$T/probe.check" 2>&1 <<'EOF'
import json, sys
v = json.load(open(sys.argv[1]))
a, b = int(sys.argv[2]), int(sys.argv[3])
links = {l["ifindex"]: l for l in v["links"]}
def st(section, text):
    for s in section["servers"] + section["fallback_servers"]:
        if s["text"] == text:
            p = s["probe"]
            return p["state"], p["rcode"], p["rtt_ms"], p["verdict"], p["detail"]
    return None
# (dnsmasq answers example.test A with data: it resolves)
want = [
    (v["global"], "127.0.0.2", "answered", "NOERROR", "resolves"),
    (v["global"], "::1", "answered", "NOERROR", "resolves"),
    (v["global"], "127.0.0.3", "refused", None, "no-service"),
    (links[a], "10.77.1.2", "answered", "NOERROR", "resolves"),
    (links[a], "[fe80::2]:5353", "refused", None, "no-service"),
    (links[b], "10.77.2.2", "refused", None, "no-service"),
    (links[b], "10.77.2.9", "timeout", None, "timeout"),
]
bad = 0
for sec, text, state, rcode, verdict in want:
    got = st(sec, text)
    good = got is not None and got[0] == state and got[1] == rcode and got[2] is not None and got[3] == verdict
    print("%s %s: want %s/%s/%s got %s" % ("ok" if good else "BAD", text, state, rcode, verdict, got))
    bad += not good
assert v["source"] == "resolved", v["source"]
assert links[a]["default_route"] is True and links[a]["dns_over_tls"] == "opportunistic"
assert links[b]["domains"] == [{"name": "nd.test", "route_only": False}, {"name": "rt.test", "route_only": True}]
assert any(p["field"] == "dns.links[eth-b].servers[1]" for p in v["problems"])
for s in links[a]["servers"]:
    if s["text"] == "10.77.1.2":
        print("# probe rtt dnsmasq over eth-a: %.1f ms" % s["probe"]["rtt_ms"])
sys.exit(1 if bad else 0)
EOF
rc=$?
cat "$T/probe.check"
if test $rc -eq 0; then
	ok "probes: answered, refused (port unreachable), timed out, in JSON"
else
	not_ok "probes"
	cat "$T/probe.json"
fi
echo "# probing 8 servers (one timing out after 700 ms): $probe_ms ms"
# the default probe ("." NS, recursion) gets REFUSED from a dnsmasq with
# no upstream: refused by rcode
tool --probe-timeout 700 --probe-tries 1 probe 10.77.1.2 >"$T/refused.txt"
cat "$T/refused.txt"
check "REFUSED rcode is refused: refuses this client" \
	grep -q '^10.77.1.2 refused .*rcode=REFUSED | refuses this client' "$T/refused.txt"
tool --probe-timeout 700 --probe-tries 1 probe 10.77.99.1 >"$T/unreach.txt"
check "no route is an error" grep -q '^10.77.99.1 error .*network unreachable' "$T/unreach.txt"

# `edgenet status`'s DNS part (dns_status_hook): read once, probe once
t1=$(ms_now)
tool --json status >"$T/status.json"
echo "# status DNS part (read + probes, one server timing out at 1 s): $(( $(ms_now) - t1 )) ms"
check "status hook: JSON with probes and problems" python3 -c '
import json, sys
v = json.load(open(sys.argv[1]))
assert v["source"] == "resolved"
states = [s["probe"]["state"] for l in v["links"] for s in l["servers"]]
# the default probe (". NS") is REFUSED by a dnsmasq without upstream
assert "refused" in states and "timeout" in states, states
assert all(p in ("refused", "timeout") for p in states), states
assert v["problems"], v
' "$T/status.json"
tool status >"$T/status.txt"
cat "$T/status.txt"
check "status hook: text" sh -c "grep -q '^ From systemd-resolved' '$T/status.txt' &&
	grep -q '^  Link [0-9]* (eth-a)' '$T/status.txt' &&
	grep -q '^ Problems:' '$T/status.txt'"
# the probe said in plain words: what was asked and what is good
check "status hook: the probe in plain words" sh -c "grep -q \
	'^ From systemd-resolved, the DNS service of this machine. Each server was asked once for \". NS\" (the root.s name servers' \
	'$T/status.txt' && ! grep -qi 'recursion desired\|(D-Bus)' '$T/status.txt'"

# --- 3. live: changes appear by themselves ---------------------------------
ip netns exec "$NSC" "$TOOL" --state-dir "$T/run/systemd/resolve" \
	--networkd-dir "$T/run/systemd/netif" --resolv-conf "$T/resolv.conf" \
	--refresh-ms 60000 --probe-name example.test --probe-type 1 \
	--probe-timeout 500 --probe-tries 1 watch 30000 >"$T/watch.txt" 2>&1 &
WATCH_PID=$!
PIDS="$PIDS $WATCH_PID"
# wait_for PATTERN SECONDS: a line of the watcher's output matches
wait_for() {
	n=0
	while ! grep -q -- "$1" "$T/watch.txt"; do
		n=$((n + 1))
		test $n -lt $(($2 * 100)) || return 1
		sleep 0.01
	done
}
# lines_after N PATTERN SECONDS: a line after the first N matches
wait_after() {
	n=0
	while ! tail -n +"$(($1 + 1))" "$T/watch.txt" | grep -q -- "$2"; do
		n=$((n + 1))
		test $n -lt $(($3 * 100)) || return 1
		sleep 0.01
	done
}
wait_for 'source=resolved' 5
check "watch: first view from resolved" wait_for 'source=resolved' 1
# the console's source probes the servers by itself: 3 answer (127.0.0.2,
# ::1, 10.77.1.2), 3 are refused (127.0.0.3, [fe80::2]:5353, 10.77.2.2),
# 2 time out (10.77.1.4, 10.77.2.9)
check "watch: probes done by themselves" \
	wait_for 'probes=answered:3,refused:3,timeout:2,error:0,pending:0' 3

lines=$(wc -l <"$T/watch.txt")
t1=$(ms_now)
rctl dns eth-a 10.77.1.2 10.77.1.7
if wait_after "$lines" 'eth-a=\[10.77.1.2,10.77.1.7\]' 5; then
	ok "new servers (PropertiesChanged) appear by themselves"
	echo "# servers changed -> view: $(( $(ms_now) - t1 )) ms"
else
	not_ok "new servers do not appear"
fi
lines=$(wc -l <"$T/watch.txt")
t1=$(ms_now)
rctl domain eth-a newdom.test
if wait_after "$lines" 'eth-a=\[[^ ]*\]/newdom.test' 5; then
	ok "new domain (no signal: state file) appears by itself"
	echo "# domain changed -> view: $(( $(ms_now) - t1 )) ms"
else
	not_ok "new domain does not appear"
fi
lines=$(wc -l <"$T/watch.txt")
rctl default-route eth-a no
check "DefaultRoute change appears by itself" wait_after "$lines" 'eth-a=[^ ]*-dr' 5

# resolved stops: the files are shown, with what networkd and resolved saved
lines=$(wc -l <"$T/watch.txt")
t1=$(ms_now)
kill "$resolved_PID"
wait "$resolved_PID" 2>/dev/null
if wait_after "$lines" 'source=state-files' 5; then
	ok "resolved stopped: fallback to its state files"
	echo "# resolved stopped -> fallback view: $(( $(ms_now) - t1 )) ms"
else
	not_ok "no fallback after resolved stopped"
fi
check "fallback keeps eth-b (networkd) servers" \
	wait_after "$lines" 'source=state-files.*eth-b=\[10.77.2.2,10.77.2.9\]/nd.test,~rt.test-dr' 1
check "fallback keeps eth-a (resolved's netif) servers" \
	wait_after "$lines" 'source=state-files.*eth-a=\[10.77.1.2,10.77.1.7\]/newdom.test-dr' 1
tool view >"$T/fallback.txt"
cat "$T/fallback.txt"
check "fallback note names the source" \
	grep -q '^systemd-resolved is not running: showing the settings saved for each' "$T/fallback.txt"
# ... and says what to do, and what is not known, in plain words
check "fallback note says what to do" sh -c "tr '\\n' ' ' <'$T/fallback.txt' |
	grep -q 'Which servers are in use right now, and which interfaces are used for names, is not known;.*start it (systemctl start systemd-resolved)'"
check "fallback: stub resolv.conf with resolved down is an error" \
	grep -q "^error: dns.global: /etc/resolv.conf sends queries to systemd-resolved's stub" "$T/fallback.txt"
tool --json view >"$T/fallback.json"
check "fallback JSON says state-files" python3 -c '
import json, sys
v = json.load(open(sys.argv[1]))
assert v["source"] == "state-files" and "not running" in v["note"]
assert v["global"]["resolv_conf_mode"] == "stub"
' "$T/fallback.json"

# resolved comes back: the watcher goes back to D-Bus by itself
lines=$(wc -l <"$T/watch.txt")
t1=$(ms_now)
start_daemon resolved "$RESOLVED"
if wait_after "$lines" 'source=resolved' 5; then
	ok "resolved started again: back to D-Bus"
	echo "# resolved started -> live view: $(( $(ms_now) - t1 )) ms"
else
	not_ok "did not go back to resolved"
fi

# the bus goes away: fallback, then reconnection with back-off
lines=$(wc -l <"$T/watch.txt")
kill "$DBUS_PID"
wait "$DBUS_PID" 2>/dev/null
rm -f "$T/bus"
check "bus gone: fallback, saying so" \
	wait_after "$lines" 'source=state-files.*note="The system D-Bus cannot be reached' 5
lines=$(wc -l <"$T/watch.txt")
t1=$(ms_now)
start_dbus
# resolved stays on its dead connection: the new bus has no resolved yet;
# the bus is tried again at most every 2 s: within 5 s of its return
if wait_after "$lines" 'source=state-files.*note="systemd-resolved is not running' 5; then
	ok "bus back: reconnected by itself (back-off)"
	echo "# bus back -> reconnected: $(( $(ms_now) - t1 )) ms"
else
	not_ok "no reconnection after the bus came back"
fi
lines=$(wc -l <"$T/watch.txt")
kill "$resolved_PID"
wait "$resolved_PID" 2>/dev/null
start_daemon resolved "$RESOLVED"
check "resolved on the new bus: live again" wait_after "$lines" 'source=resolved' 5
kill "$WATCH_PID" 2>/dev/null
wait "$WATCH_PID" 2>/dev/null
wrc=$?
echo "--- watcher output"
cat "$T/watch.txt"
check "watcher ended cleanly on SIGTERM (rc $wrc)" test "$wrc" -eq 0
check "watcher's last status: live" grep -q '^status: systemd-resolved (this machine.s DNS service)$' "$T/watch.txt"
check "watcher's output has no error" sh -c "! grep -qi '^error\|failed' '$T/watch.txt'"

finish
