/*
 * mac.h - Ethernet MAC addresses: strict parsing ("52:54:00:ab:cd:ef",
 * colon-separated, two hex digits per byte, either case), canonical
 * lower-case formatting, and generation of unicast addresses with
 * libvirt's 52:54:00 prefix.  Pure C.
 */
#ifndef EDGENET_MAC_H
#define EDGENET_MAC_H

#include <stdbool.h>
#include <stdint.h>

#define MAC_STRLEN 18	/* "52:54:00:ab:cd:ef" + NUL */

struct mac {
	uint8_t b[6];
};

enum mac_err {
	MAC_OK = 0,
	MAC_EMPTY,
	MAC_SYNTAX,		/* not six colon-separated pairs of hex digits */
};

const char *mac_strerror(enum mac_err e);
enum mac_err mac_parse(const char *s, struct mac *out);
char *mac_format(const struct mac *m, char *buf);

bool mac_is_multicast(const struct mac *m);	/* group bit: also broadcast */
bool mac_is_zero(const struct mac *m);
bool mac_is_local(const struct mac *m);		/* locally administered bit */
bool mac_equal(const struct mac *a, const struct mac *b);

/* MACs as text from outside (libvirt's XML, the guest agent, sysfs),
 * which may not parse: the one canonical form is lower case.
 * mac_text_lower turns the hex digits A-F of S into a-f in place;
 * mac_text_same compares two texts ignoring letter case, and is false
 * when either is NULL or empty. */
void mac_text_lower(char *s);
bool mac_text_same(const char *a, const char *b);

/* Random source: fills BUF with LEN bytes, returns 0 or -1.  NULL means
 * the system's getrandom(). */
typedef int (*mac_random_fn)(void *buf, unsigned len, void *ctx);

/* 52:54:00:xx:xx:xx, never equal to one of the N addresses in AVOID. */
int mac_generate(struct mac *out, const struct mac *avoid, unsigned n,
		 mac_random_fn rnd, void *ctx);

#endif
