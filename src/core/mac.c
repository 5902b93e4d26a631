/*
 * mac.c - Ethernet MAC addresses for VM NICs.
 *
 * A MAC typed by the technician must be written exactly as
 * "52:54:00:ab:cd:ef": six pairs of hex digits (either case) separated by
 * colons, nothing else.  It is always shown in lower case.  New NICs get
 * a generated address with libvirt's 52:54:00 prefix (unicast, globally
 * administered OUI) and three random bytes, never colliding with the
 * addresses already in use that the caller passes in.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/types.h>

#include "core/mac.h"

#define MAC_GENERATE_TRIES 1000

const char *mac_strerror(enum mac_err e)
{
	switch (e) {
	case MAC_OK:
		return "the MAC address is valid";
	case MAC_EMPTY:
		return "nothing was typed; enter a MAC address like 52:54:00:12:34:56";
	case MAC_SYNTAX:
		return "a MAC address is six pairs of hex digits (0-9, a-f) separated by colons, like 52:54:00:12:34:56 (no dashes, dots or spaces)";
	}
	return "unknown MAC address error";
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

enum mac_err mac_parse(const char *s, struct mac *out)
{
	struct mac m = { { 0 } };

	if (!s || !*s)
		return MAC_EMPTY;
	/* "xx:" five times then "xx": exactly 17 characters */
	for (int i = 0; i < 6; i++) {
		const char *p = s + 3 * i;
		int hi, lo;

		hi = hex_value(p[0]);
		if (hi < 0)
			return MAC_SYNTAX;
		lo = hex_value(p[1]);
		if (lo < 0)
			return MAC_SYNTAX;
		if (p[2] != (i < 5 ? ':' : '\0'))
			return MAC_SYNTAX;
		m.b[i] = (uint8_t)(hi << 4 | lo);
	}
	if (out)
		*out = m;
	return MAC_OK;
}

char *mac_format(const struct mac *m, char *buf)
{
	snprintf(buf, MAC_STRLEN, "%02x:%02x:%02x:%02x:%02x:%02x",
		 m->b[0], m->b[1], m->b[2], m->b[3], m->b[4], m->b[5]);
	return buf;
}

void mac_text_lower(char *s)
{
	for (; s && *s; s++)
		if (*s >= 'A' && *s <= 'F')
			*s = (char)(*s - 'A' + 'a');
}

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

bool mac_text_same(const char *a, const char *b)
{
	if (!a || !b || !a[0] || !b[0])
		return false;
	for (; *a && *b; a++, b++)
		if (ascii_lower(*a) != ascii_lower(*b))
			return false;
	return *a == *b;
}

bool mac_is_multicast(const struct mac *m)
{
	return (m->b[0] & 0x01) != 0;
}

bool mac_is_zero(const struct mac *m)
{
	for (int i = 0; i < 6; i++)
		if (m->b[i])
			return false;
	return true;
}

bool mac_is_local(const struct mac *m)
{
	return (m->b[0] & 0x02) != 0;
}

bool mac_equal(const struct mac *a, const struct mac *b)
{
	return memcmp(a->b, b->b, sizeof(a->b)) == 0;
}

/* The default random source: the kernel's, retried on short reads. */
static int system_random(void *buf, unsigned len, void *ctx)
{
	unsigned char *p = buf;
	unsigned done = 0;

	(void)ctx;
	while (done < len) {
		ssize_t r = getrandom(p + done, len - done, 0);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		done += (unsigned)r;
	}
	return 0;
}

static bool in_list(const struct mac *m, const struct mac *list, unsigned n)
{
	if (!list)
		return false;
	for (unsigned i = 0; i < n; i++)
		if (mac_equal(m, &list[i]))
			return true;
	return false;
}

int mac_generate(struct mac *out, const struct mac *avoid, unsigned n,
		 mac_random_fn rnd, void *ctx)
{
	if (!out)
		return -1;
	if (!rnd)
		rnd = system_random;
	for (int t = 0; t < MAC_GENERATE_TRIES; t++) {
		uint8_t tail[3];
		struct mac m = { { 0x52, 0x54, 0x00, 0, 0, 0 } };

		if (rnd(tail, sizeof(tail), ctx) != 0)
			return -1;
		if (!tail[0] && !tail[1] && !tail[2])
			continue;
		memcpy(&m.b[3], tail, sizeof(tail));
		if (in_list(&m, avoid, n))
			continue;
		*out = m;
		return 0;
	}
	return -1;
}
