/*
 * ipv4.h - strict IPv4 address, prefix and CIDR parsing, formatting and
 * subnet arithmetic.
 *
 * Strict means: exactly four decimal parts 0-255, no spaces, no leading
 * zeros (inet_aton reads "010" as octal 8), no trailing dot.  Errors are
 * codes with a sentence for the technician (ipv4_strerror).
 * Addresses are uint32_t in host byte order.  Pure C.
 */
#ifndef EDGENET_IPV4_H
#define EDGENET_IPV4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IPV4_STRLEN 16		/* "255.255.255.255" + NUL */
#define IPV4_CIDR_STRLEN 19	/* "255.255.255.255/32" + NUL */

enum ipv4_err {
	IPV4_OK = 0,
	IPV4_EMPTY,		/* nothing typed */
	IPV4_SPACE,		/* contains white space */
	IPV4_BAD_CHAR,		/* a character that is not a digit, '.' or '/' */
	IPV4_TOO_FEW_PARTS,	/* "192.168.1" */
	IPV4_TOO_MANY_PARTS,	/* "1.2.3.4.5" */
	IPV4_EMPTY_PART,	/* "1..2.3", ".1.2.3" */
	IPV4_TRAILING_DOT,	/* "1.2.3.4." */
	IPV4_PART_RANGE,	/* "192.168.1.300" */
	IPV4_LEADING_ZERO,	/* "192.168.010.1" */
	IPV4_NO_PREFIX,		/* CIDR without "/N" */
	IPV4_PREFIX_SYNTAX,	/* "/", "/2a", "/024" */
	IPV4_PREFIX_RANGE,	/* "/33" */
};

const char *ipv4_strerror(enum ipv4_err e);

enum ipv4_err ipv4_parse(const char *s, uint32_t *out);
/* Prefix written alone: "24" (no slash). */
enum ipv4_err ipv4_parse_prefix(const char *s, int *out);
/* "a.b.c.d/n"; the address part is kept as typed (host bits allowed). */
enum ipv4_err ipv4_parse_cidr(const char *s, uint32_t *addr, int *prefix);

/* Formats into BUF (at least IPV4_STRLEN / IPV4_CIDR_STRLEN); returns BUF. */
char *ipv4_format(uint32_t a, char *buf);
char *ipv4_format_cidr(uint32_t a, int prefix, char *buf);

uint32_t ipv4_mask(int prefix);			/* 0..32 */
uint32_t ipv4_network(uint32_t a, int prefix);
uint32_t ipv4_broadcast(uint32_t a, int prefix);
bool ipv4_contains(uint32_t net, int prefix, uint32_t a);
bool ipv4_overlap(uint32_t a, int pa, uint32_t b, int pb);
/* First and last usable host: /31 both addresses, /32 the address itself. */
uint32_t ipv4_first_host(uint32_t a, int prefix);
uint32_t ipv4_last_host(uint32_t a, int prefix);

/* Classes of addresses that cannot be a host's own address. */
enum ipv4_class {
	IPV4_CLASS_HOST = 0,	/* ordinary unicast */
	IPV4_CLASS_UNSPEC,	/* 0.0.0.0/8 ("this network") */
	IPV4_CLASS_LOOPBACK,	/* 127/8 */
	IPV4_CLASS_LINKLOCAL,	/* 169.254/16 */
	IPV4_CLASS_MULTICAST,	/* 224/4 */
	IPV4_CLASS_RESERVED,	/* 240/4 except broadcast */
	IPV4_CLASS_BROADCAST,	/* 255.255.255.255 */
};
enum ipv4_class ipv4_classify(uint32_t a);
const char *ipv4_class_name(enum ipv4_class c);

#endif
