/*
 * proc_route.c - the parser of a Linux /proc/net/route table (see
 * proc_route.h), the guest's routes as its agent reads them.
 *
 * The text comes from the guest, hostile ground: each line is copied into
 * a bounded buffer and read as an interface name and seven numbers; a
 * name that is not printable ASCII, a mask that is not a prefix or a line
 * of another shape ends the parse with a message that never quotes the
 * guest's bytes.  Pure C: reads the text, writes the snapshot and ERR.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "proc_route.h"
#include "core/err.h"

static int prefix_of_mask(uint32_t mask_net)
{
	uint32_t m = ntohl(mask_net);
	int n = 0;

	while (m & 0x80000000u) {
		n++;
		m <<= 1;
	}
	return m ? -1 : n;
}

int route_parse_proc_net_route(const char *text, struct route_snapshot *s,
			       char *err, size_t errlen)
{
	const char *p = text;
	int count = 0, lineno = 0;

	route_snapshot_clear(s);
	if (strncmp(text, "Iface", 5) != 0) {
		errf(err, errlen, "not a /proc/net/route table (no "
		     "\"Iface\" header)");
		return -1;
	}
	while (*p) {
		char line[512], ifname[64];
		unsigned dst, gw, flags, refcnt, use, metric, mask;
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		struct route_info r;
		const struct route_link *l;
		int plen;

		lineno++;
		if (len >= sizeof(line))
			len = sizeof(line) - 1;
		memcpy(line, p, len);
		line[len] = '\0';
		p = nl ? nl + 1 : p + strlen(p);
		if (lineno == 1 || line[0] == '\0')
			continue;
		if (sscanf(line, "%63s %x %x %x %u %u %u %x", ifname, &dst, &gw,
			   &flags, &refcnt, &use, &metric, &mask) != 8 ||
		    strlen(ifname) >= ROUTE_IFNAME_MAX) {
			/* the line itself is the guest's: not echoed */
			errf(err, errlen, "/proc/net/route line %d cannot "
			     "be read (not an interface name and 7 "
			     "numbers)", lineno);
			return -1;
		}
		for (const char *c = ifname; *c; c++) {
			if ((unsigned char)*c <= 0x20 ||
			    (unsigned char)*c >= 0x7f) {
				errf(err, errlen, "/proc/net/route line %d: "
				     "the interface name is not printable "
				     "ASCII (control characters or other "
				     "bytes): not shown", lineno);
				return -1;
			}
		}
		plen = prefix_of_mask(mask);
		if (plen < 0) {
			errf(err, errlen, "/proc/net/route line %d: mask "
			     "%08X is not a prefix", lineno, mask);
			return -1;
		}
		if (!(flags & 0x1))	/* RTF_UP */
			continue;
		l = route_snapshot_link_by_name(s, ifname);
		if (!l && strcmp(ifname, "*") != 0) {
			struct route_link nl_;

			memset(&nl_, 0, sizeof(nl_));
			nl_.ifindex = (int32_t)s->nlinks + 1;
			memcpy(nl_.name, ifname, strlen(ifname) + 1);
			nl_.flags = ROUTE_IFF_UP;
			if (route_snapshot_put_link(s, &nl_) < 0)
				goto nomem;
			l = route_snapshot_link_by_name(s, ifname);
		}
		memset(&r, 0, sizeof(r));
		r.family = ROUTE_AF_INET;
		r.dst_len = (uint8_t)plen;
		r.table = ROUTE_TABLE_MAIN;
		r.type = (flags & 0x200) ? 7 : ROUTE_TYPE_UNICAST; /* RTF_REJECT */
		r.protocol = 0;
		r.pref = ROUTE_PREF_NONE;
		r.metric = metric;
		r.oif = l ? l->ifindex : 0;
		/* the fields are the address's bytes read as a native
		 * (little-endian: x86) number */
		memcpy(r.dst, &dst, 4);
		if (flags & 0x2) {	/* RTF_GATEWAY */
			r.gw_family = ROUTE_AF_INET;
			memcpy(r.gw, &gw, 4);
			r.scope = ROUTE_SCOPE_UNIVERSE;
		} else {
			r.scope = r.type == ROUTE_TYPE_UNICAST ?
				  ROUTE_SCOPE_LINK : ROUTE_SCOPE_UNIVERSE;
		}
		if (route_snapshot_append(s, &r) != 0)
			goto nomem;
		count++;
	}
	return count;
nomem:
	errf(err, errlen, "out of memory reading /proc/net/route");
	return -1;
}
