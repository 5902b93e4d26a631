/*
 * route_names.c - kernel route, address and link values in words, as
 * iproute2 writes them (see route_names.h): families, tables, protocols,
 * scopes, types, preferences, flags, operational states, and addresses
 * and destinations as text.  Pure C: reads its arguments, writes the
 * caller's buffers, nothing else.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "route_names.h"
#include "core/str.h"

const char *route_family_name(uint8_t family)
{
	switch (family) {
	case ROUTE_AF_INET:
		return "inet";
	case ROUTE_AF_INET6:
		return "inet6";
	default:
		return "unknown";
	}
}

char *route_addr_str(uint8_t family, const uint8_t *a, char *buf)
{
	int af = family == ROUTE_AF_INET6 ? AF_INET6 : AF_INET;

	if (!inet_ntop(af, a, buf, ROUTE_ADDR_STRLEN))
		snprintf(buf, ROUTE_ADDR_STRLEN, "?");
	return buf;
}

char *route_dst_str(const struct route_info *r, char *buf)
{
	char a[ROUTE_ADDR_STRLEN];

	if (r->dst_len == 0) {
		snprintf(buf, ROUTE_PREFIX_STRLEN, "default");
		return buf;
	}
	route_addr_str(r->family, r->dst, a);
	if (r->dst_len == route_addr_len(r->family) * 8)
		str_copy(buf, ROUTE_PREFIX_STRLEN, a);
	else
		snprintf(buf, ROUTE_PREFIX_STRLEN, "%s/%u", a,
			 (unsigned)r->dst_len);
	return buf;
}

const char *route_table_name(uint32_t table, char *buf)
{
	switch (table) {
	case ROUTE_TABLE_DEFAULT:
		return "default";
	case ROUTE_TABLE_MAIN:
		return "main";
	case ROUTE_TABLE_LOCAL:
		return "local";
	default:
		snprintf(buf, 16, "%u", (unsigned)table);
		return buf;
	}
}

static const struct {
	uint8_t value;
	const char *name;
} proto_names[] = {
	{ 0, "unspec" }, { 1, "redirect" }, { 2, "kernel" }, { 3, "boot" },
	{ 4, "static" }, { 8, "gated" }, { 9, "ra" }, { 10, "mrt" },
	{ 11, "zebra" }, { 12, "bird" }, { 13, "dnrouted" }, { 14, "xorp" },
	{ 15, "ntk" }, { 16, "dhcp" }, { 18, "keepalived" }, { 42, "babel" },
	{ 99, "openr" }, { 186, "bgp" }, { 187, "isis" }, { 188, "ospf" },
	{ 189, "rip" }, { 192, "eigrp" },
};

const char *route_proto_name(uint8_t proto, char *buf)
{
	for (size_t i = 0; i < sizeof(proto_names) / sizeof(proto_names[0]); i++)
		if (proto_names[i].value == proto)
			return proto_names[i].name;
	snprintf(buf, 16, "%u", (unsigned)proto);
	return buf;
}

const char *route_scope_name(uint8_t scope, char *buf)
{
	switch (scope) {
	case 0:
		return "global";
	case 200:
		return "site";
	case 253:
		return "link";
	case 254:
		return "host";
	case 255:
		return "nowhere";
	default:
		snprintf(buf, 16, "%u", (unsigned)scope);
		return buf;
	}
}

const char *route_type_name(uint8_t type, char *buf)
{
	static const char *const names[] = {
		"unspec", "unicast", "local", "broadcast", "anycast",
		"multicast", "blackhole", "unreachable", "prohibit", "throw",
		"nat", "xresolve",
	};

	if (type < sizeof(names) / sizeof(names[0]))
		return names[type];
	snprintf(buf, 16, "%u", (unsigned)type);
	return buf;
}

const char *route_pref_name(uint8_t pref)
{
	switch (pref) {
	case 0:
		return "medium";
	case 1:
		return "high";
	case 3:
		return "low";
	case ROUTE_PREF_NONE:
		return NULL;
	default:
		return "invalid";
	}
}

const char *route_flag_name(uint32_t flags, size_t i)
{
	static const struct {
		uint32_t mask;
		const char *name;
	} names[] = {
		{ 0x01, "dead" }, { 0x04, "onlink" }, { 0x02, "pervasive" },
		{ 0x08, "offload" }, { 0x40, "trap" }, { 0x100, "notify" },
		{ 0x10, "linkdown" }, { 0x20, "unresolved" },
		{ 0x4000, "rt_offload" }, { 0x8000, "rt_trap" },
		{ 0x20000000, "rt_offload_failed" },
	};

	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
		if ((flags & names[k].mask) && i-- == 0)
			return names[k].name;
	return NULL;
}

const char *route_ifa_flag_name(uint8_t family, uint32_t flags, size_t i)
{
	static const struct {
		uint32_t mask;
		const char *name;
		bool v6only;
	} names[] = {
		{ 0x01, "secondary", false }, { 0x02, "nodad", true },
		{ 0x04, "optimistic", true }, { 0x08, "dadfailed", true },
		{ 0x10, "home", true }, { 0x20, "deprecated", true },
		{ 0x40, "tentative", true }, { 0x80, "dynamic", false },
		{ 0x100, "mngtmpaddr", true }, { 0x200, "noprefixroute", false },
		{ 0x400, "autojoin", false }, { 0x800, "stable-privacy", true },
	};
	bool v6 = family == ROUTE_AF_INET6;

	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		bool set = flags & names[k].mask;

		if (names[k].v6only && !v6)
			continue;
		if (names[k].mask == 0x80)	/* "dynamic": not permanent */
			set = !set;
		if (set && i-- == 0) {
			if (names[k].mask == 0x01 && v6)
				return "temporary";
			return names[k].name;
		}
	}
	return NULL;
}

const char *route_operstate_name(uint8_t operstate)
{
	static const char *const names[] = {
		"unknown", "notpresent", "down", "lowerlayerdown", "testing",
		"dormant", "up",
	};

	return operstate < sizeof(names) / sizeof(names[0]) ?
	       names[operstate] : "unknown";
}
