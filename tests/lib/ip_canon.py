#!/usr/bin/env python3
# ip_canon.py - turns iproute2's JSON (the truth the route snapshot is
# compared with) into one canonical line per route or address, the same
# lines tests/unit/test_nl_routes.c writes from the snapshot.  Reads stdin:
#   ip -d -j route show table all | ip_canon.py routes
#   ip -j addr show | ip_canon.py addrs
# Prints the lines sorted.  Touches nothing.
import json
import sys

ADDR_FLAGS = ["secondary", "temporary", "nodad", "optimistic", "dadfailed",
              "home", "deprecated", "tentative", "dynamic", "mngtmpaddr",
              "noprefixroute", "autojoin", "stable-privacy"]


def gw_of(obj):
    if "gateway" in obj:
        return obj["gateway"]
    via = obj.get("via")
    if isinstance(via, dict):
        return via.get("host", "-")
    return "-"


def flags_of(obj):
    f = sorted(obj.get("flags", []))
    return ",".join(f) if f else "-"


def route_line(r):
    nhs = []
    for nh in r.get("nexthops", []):
        nhs.append("%s@%s*%s/%s" % (gw_of(nh), nh.get("dev", "-"),
                                    nh.get("weight", 1), flags_of(nh)))
    return " ".join([
        r.get("type", "unicast"),
        r["dst"],
        "from=%s" % r.get("from", "-"),
        "table=%s" % r.get("table", "main"),
        "proto=%s" % r.get("protocol", "boot"),
        "scope=%s" % r.get("scope", "global"),
        "metric=%s" % r.get("metric", 0),
        "gw=%s" % gw_of(r),
        "dev=%s" % r.get("dev", "-"),
        "src=%s" % r.get("prefsrc", "-"),
        "flags=%s" % flags_of(r),
        "pref=%s" % r.get("pref", "-"),
        "nhid=%s" % r.get("nhid", 0),
        "nh=%s" % (";".join(nhs) if nhs else "-"),
    ])


def lifetime(v):
    # a finite lifetime counts down between two reads: compare its kind
    return "forever" if v in (None, 4294967295) else "finite"


def addr_lines(link):
    out = []
    for a in link.get("addr_info", []):
        flags = [f for f in ADDR_FLAGS if a.get(f)]
        out.append(" ".join([
            link["ifname"],
            a["family"],
            "%s/%s" % (a["local"], a["prefixlen"]),
            "peer=%s" % a.get("address", "-"),
            "brd=%s" % a.get("broadcast", "-"),
            "scope=%s" % a.get("scope", "-"),
            "label=%s" % a.get("label", "-"),
            "flags=%s" % (",".join(sorted(flags)) if flags else "-"),
            "valid=%s" % lifetime(a.get("valid_life_time")),
            "preferred=%s" % lifetime(a.get("preferred_life_time")),
        ]))
    return out


def main():
    what = sys.argv[1] if len(sys.argv) > 1 else "routes"
    data = json.load(sys.stdin)
    if what == "routes":
        lines = [route_line(r) for r in data]
    else:
        lines = [l for link in data for l in addr_lines(link)]
    for line in sorted(lines):
        print(line)


if __name__ == "__main__":
    main()
