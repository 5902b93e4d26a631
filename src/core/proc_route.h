/*
 * proc_route.h - the parser of a Linux /proc/net/route table: the
 * guest's IPv4 routes, read through its agent (backend/vm_agent_read.c),
 * into a routes.h snapshot.  One of the core's parsers of files read from
 * the guest; tests/unit/test_routes.c and the fuzzer tests/fuzz/
 * fuzz_guest_files.c reach it.  Pure C.
 */
#ifndef EDGENET_PROC_ROUTE_H
#define EDGENET_PROC_ROUTE_H

#include <stddef.h>

#include "routes.h"

/* Parses a Linux /proc/net/route text (the guest's, read through the
 * agent) into S, which is cleared first: main-table IPv4 routes, with
 * the interfaces named there as links with made-up ifindexes.  Returns
 * the number of routes, or -1 with a message in ERR (not that format,
 * or an interface name that is not printable ASCII; the guest's bytes are
 * never quoted in ERR). */
int route_parse_proc_net_route(const char *text, struct route_snapshot *s,
			       char *err, size_t errlen);

#endif
