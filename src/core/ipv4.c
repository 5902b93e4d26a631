/*
 * ipv4.c - strict IPv4 address, prefix and CIDR parsing, formatting,
 * subnet arithmetic and classification.
 *
 * Everything a technician types into an address, prefix or gateway field
 * goes through here.  Parsing is deliberately stricter than inet_aton():
 * exactly four decimal numbers 0-255, no white space, no leading zeros,
 * no hex, no shortened forms.  Each rejection has its own error code and
 * a sentence that says how to fix the input.  Addresses are uint32_t in
 * host byte order; no shift here is ever undefined (prefix 0 and 32 are
 * handled explicitly).
 */
#include <stdio.h>
#include <string.h>

#include "core/ipv4.h"

const char *ipv4_strerror(enum ipv4_err e)
{
	switch (e) {
	case IPV4_OK:
		return "the address is valid";
	case IPV4_EMPTY:
		return "nothing was typed; enter an IPv4 address like 192.168.1.10";
	case IPV4_SPACE:
		return "remove the spaces; an IPv4 address is written without any, like 192.168.1.10";
	case IPV4_BAD_CHAR:
		return "use only digits 0-9 and dots, like 192.168.1.10 (no letters, signs or hex; a prefix length goes after a single '/' only where a subnet is asked for)";
	case IPV4_TOO_FEW_PARTS:
		return "an IPv4 address has four numbers separated by dots, like 192.168.1.10";
	case IPV4_TOO_MANY_PARTS:
		return "an IPv4 address has exactly four numbers separated by dots, like 192.168.1.10; remove the extra part";
	case IPV4_EMPTY_PART:
		return "a number is missing between two dots; write four numbers, like 192.168.1.10";
	case IPV4_TRAILING_DOT:
		return "remove the dot at the end; an IPv4 address ends with a number, like 192.168.1.10";
	case IPV4_PART_RANGE:
		return "each of the four numbers must be between 0 and 255";
	case IPV4_LEADING_ZERO:
		return "a number has a leading zero; write 10, not 010 (some tools read 010 as octal 8)";
	case IPV4_NO_PREFIX:
		return "add the prefix length after a slash, like 192.168.1.0/24";
	case IPV4_PREFIX_SYNTAX:
		return "the prefix length is a whole number from 0 to 32 without leading zeros or signs, like 24";
	case IPV4_PREFIX_RANGE:
		return "the prefix length must be between 0 and 32 (24 means netmask 255.255.255.0)";
	}
	return "unknown IPv4 error";
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	       c == '\v' || c == '\f';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Returns the decimal number S[0..LEN) (digits only, LEN >= 1),
 * saturating at LIMIT + 1 so that very long inputs cannot overflow. */
static unsigned long read_decimal(const char *s, size_t len, unsigned long limit)
{
	unsigned long v = 0;

	for (size_t i = 0; i < len; i++) {
		v = v * 10 + (unsigned long)(s[i] - '0');
		if (v > limit)
			return limit + 1;
	}
	return v;
}

/* Parses the address S[0..LEN), which holds no white space. */
static enum ipv4_err parse_addr(const char *s, size_t len, uint32_t *out)
{
	size_t start[5], plen[5];
	size_t nparts = 0, i, from = 0;
	uint32_t a = 0;

	if (len == 0)
		return IPV4_EMPTY;
	for (i = 0; i < len; i++)
		if (!is_digit(s[i]) && s[i] != '.')
			return IPV4_BAD_CHAR;

	/* Split at dots; remember at most 5 parts, count all of them. */
	for (i = 0; i <= len; i++) {
		if (i < len && s[i] != '.')
			continue;
		if (i == from) {
			/* empty part: the last one is a trailing dot */
			if (i == len && nparts > 0)
				return IPV4_TRAILING_DOT;
			return IPV4_EMPTY_PART;
		}
		if (nparts < 5) {
			start[nparts] = from;
			plen[nparts] = i - from;
		}
		nparts++;
		from = i + 1;
	}
	if (nparts < 4)
		return IPV4_TOO_FEW_PARTS;
	if (nparts > 4)
		return IPV4_TOO_MANY_PARTS;

	for (i = 0; i < 4; i++) {
		const char *p = s + start[i];

		if (plen[i] > 1 && p[0] == '0')
			return IPV4_LEADING_ZERO;
	}
	for (i = 0; i < 4; i++) {
		unsigned long v = read_decimal(s + start[i], plen[i], 255);

		if (v > 255)
			return IPV4_PART_RANGE;
		a = (a << 8) | (uint32_t)v;
	}
	if (out)
		*out = a;
	return IPV4_OK;
}

/* Parses the prefix S[0..LEN), which holds no white space. */
static enum ipv4_err parse_prefix(const char *s, size_t len, int *out)
{
	unsigned long v;

	if (len == 0)
		return IPV4_PREFIX_SYNTAX;
	for (size_t i = 0; i < len; i++)
		if (!is_digit(s[i]))
			return IPV4_PREFIX_SYNTAX;
	if (len > 1 && s[0] == '0')
		return IPV4_PREFIX_SYNTAX;
	v = read_decimal(s, len, 32);
	if (v > 32)
		return IPV4_PREFIX_RANGE;
	if (out)
		*out = (int)v;
	return IPV4_OK;
}

static bool has_space(const char *s)
{
	for (; *s; s++)
		if (is_space(*s))
			return true;
	return false;
}

enum ipv4_err ipv4_parse(const char *s, uint32_t *out)
{
	if (!s || !*s)
		return IPV4_EMPTY;
	if (has_space(s))
		return IPV4_SPACE;
	return parse_addr(s, strlen(s), out);
}

enum ipv4_err ipv4_parse_prefix(const char *s, int *out)
{
	if (!s || !*s)
		return IPV4_EMPTY;
	if (has_space(s))
		return IPV4_SPACE;
	return parse_prefix(s, strlen(s), out);
}

enum ipv4_err ipv4_parse_cidr(const char *s, uint32_t *addr, int *prefix)
{
	const char *slash;
	enum ipv4_err e;
	uint32_t a;
	int p;

	if (!s || !*s)
		return IPV4_EMPTY;
	if (has_space(s))
		return IPV4_SPACE;
	slash = strchr(s, '/');
	if (!slash) {
		e = parse_addr(s, strlen(s), &a);
		return e != IPV4_OK ? e : IPV4_NO_PREFIX;
	}
	if (slash == s)		/* "/24": the address is missing */
		return IPV4_TOO_FEW_PARTS;
	e = parse_addr(s, (size_t)(slash - s), &a);
	if (e != IPV4_OK)
		return e;
	e = parse_prefix(slash + 1, strlen(slash + 1), &p);
	if (e != IPV4_OK)
		return e;
	if (addr)
		*addr = a;
	if (prefix)
		*prefix = p;
	return IPV4_OK;
}

char *ipv4_format(uint32_t a, char *buf)
{
	snprintf(buf, IPV4_STRLEN, "%u.%u.%u.%u",
		 (unsigned)(a >> 24) & 0xff, (unsigned)(a >> 16) & 0xff,
		 (unsigned)(a >> 8) & 0xff, (unsigned)a & 0xff);
	return buf;
}

char *ipv4_format_cidr(uint32_t a, int prefix, char *buf)
{
	snprintf(buf, IPV4_CIDR_STRLEN, "%u.%u.%u.%u/%d",
		 (unsigned)(a >> 24) & 0xff, (unsigned)(a >> 16) & 0xff,
		 (unsigned)(a >> 8) & 0xff, (unsigned)a & 0xff,
		 prefix < 0 ? 0 : prefix > 32 ? 32 : prefix);
	return buf;
}

uint32_t ipv4_mask(int prefix)
{
	if (prefix <= 0)
		return 0;
	if (prefix >= 32)
		return UINT32_MAX;
	return UINT32_MAX << (32 - prefix);
}

uint32_t ipv4_network(uint32_t a, int prefix)
{
	return a & ipv4_mask(prefix);
}

uint32_t ipv4_broadcast(uint32_t a, int prefix)
{
	return a | ~ipv4_mask(prefix);
}

bool ipv4_contains(uint32_t net, int prefix, uint32_t a)
{
	return ipv4_network(net, prefix) == ipv4_network(a, prefix);
}

bool ipv4_overlap(uint32_t a, int pa, uint32_t b, int pb)
{
	int p = pa < pb ? pa : pb;

	return ipv4_network(a, p) == ipv4_network(b, p);
}

uint32_t ipv4_first_host(uint32_t a, int prefix)
{
	if (prefix >= 32)
		return a;
	if (prefix == 31)
		return ipv4_network(a, prefix);
	return ipv4_network(a, prefix) + 1;
}

uint32_t ipv4_last_host(uint32_t a, int prefix)
{
	if (prefix >= 32)
		return a;
	if (prefix == 31)
		return ipv4_broadcast(a, prefix);
	return ipv4_broadcast(a, prefix) - 1;
}

enum ipv4_class ipv4_classify(uint32_t a)
{
	if ((a >> 24) == 0)
		return IPV4_CLASS_UNSPEC;
	if ((a >> 24) == 127)
		return IPV4_CLASS_LOOPBACK;
	if ((a >> 16) == 0xa9fe)		/* 169.254/16 */
		return IPV4_CLASS_LINKLOCAL;
	if ((a >> 28) == 0xe)			/* 224/4 */
		return IPV4_CLASS_MULTICAST;
	if (a == UINT32_MAX)
		return IPV4_CLASS_BROADCAST;
	if ((a >> 28) == 0xf)			/* 240/4 */
		return IPV4_CLASS_RESERVED;
	return IPV4_CLASS_HOST;
}

const char *ipv4_class_name(enum ipv4_class c)
{
	switch (c) {
	case IPV4_CLASS_HOST:
		return "ordinary unicast address";
	case IPV4_CLASS_UNSPEC:
		return "\"this network\" address (0.x.x.x), not usable by a host";
	case IPV4_CLASS_LOOPBACK:
		return "loopback address (127.x.x.x), only reachable inside the machine itself";
	case IPV4_CLASS_LINKLOCAL:
		return "link-local address (169.254.x.x), normally self-assigned when DHCP fails";
	case IPV4_CLASS_MULTICAST:
		return "multicast address (224.0.0.0 to 239.255.255.255), not a host address";
	case IPV4_CLASS_RESERVED:
		return "reserved address (240.0.0.0 and above), not usable on networks";
	case IPV4_CLASS_BROADCAST:
		return "broadcast address 255.255.255.255, not a host address";
	}
	return "unknown address class";
}
