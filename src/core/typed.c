/*
 * typed.c - recognising what technicians type the way other tools write
 * it (see typed.h).  Built on the strict parsers of mac.c and ipv4.c;
 * touches nothing but the buffers it is given.
 */
#include <stdio.h>
#include <string.h>

#include "core/ipv4.h"
#include "core/typed.h"

bool typed_mac(const char *s, char out[MAC_STRLEN])
{
	char buf[MAC_STRLEN];
	struct mac m;
	char sep;

	if (!s)
		return false;
	if (strlen(s) == 12) {
		/* twelve hex digits, no separator: pairs joined by ':' */
		if (strspn(s, "0123456789abcdefABCDEF") != 12)
			return false;
		for (int i = 0, k = 0; i < 12; i += 2) {
			if (i)
				buf[k++] = ':';
			buf[k++] = s[i];
			buf[k++] = s[i + 1];
		}
		buf[MAC_STRLEN - 1] = '\0';
	} else {
		if (strlen(s) != MAC_STRLEN - 1)
			return false;
		sep = s[2];
		if (sep != ':' && sep != '-')
			return false;
		for (int i = 0; i < MAC_STRLEN - 1; i++) {
			if (i % 3 == 2) {
				if (s[i] != sep)
					return false;
				buf[i] = ':';
			} else {
				buf[i] = s[i];
			}
		}
		buf[MAC_STRLEN - 1] = '\0';
	}
	if (mac_parse(buf, &m) != MAC_OK)
		return false;
	mac_format(&m, out);
	return true;
}

bool typed_prefix(const char *s, int *prefix, bool *was_mask)
{
	uint32_t mask;
	int n = 0;

	if (was_mask)
		*was_mask = false;
	if (!s || !*s)
		return false;
	if (!strchr(s, '.'))
		return ipv4_parse_prefix(s, prefix) == IPV4_OK;
	if (ipv4_parse(s, &mask) != IPV4_OK)
		return false;
	while (n < 32 && (mask & (0x80000000u >> n)))
		n++;
	if (mask != ipv4_mask(n))
		return false;	/* ones after a zero: not a netmask */
	*prefix = n;
	if (was_mask)
		*was_mask = true;
	return true;
}

bool typed_cidr(const char *s, char *addr, size_t len, int *prefix)
{
	uint32_t a;
	size_t n;

	if (!s || !strchr(s, '/') ||
	    ipv4_parse_cidr(s, &a, prefix) != IPV4_OK)
		return false;
	n = (size_t)(strchr(s, '/') - s);
	if (n >= len)
		return false;
	memcpy(addr, s, n);
	addr[n] = '\0';
	return true;
}

char *typed_netmask(int prefix, char *buf)
{
	buf[0] = '\0';
	if (prefix >= 0 && prefix <= 32)
		ipv4_format(ipv4_mask(prefix), buf);
	return buf;
}
