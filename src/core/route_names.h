/*
 * route_names.h - kernel route, address and link values in words, as
 * iproute2 writes them (`ip route`, `ip -j addr`), for the routes panel,
 * `edgenet status` and the tests that compare with ip.  Pure C.
 */
#ifndef EDGENET_ROUTE_NAMES_H
#define EDGENET_ROUTE_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include "routes.h"

const char *route_family_name(uint8_t family);		/* "inet", "inet6" */
/* Address of FAMILY into BUF (ROUTE_ADDR_STRLEN); returns BUF. */
char *route_addr_str(uint8_t family, const uint8_t *a, char *buf);
/* "default", "10.0.0.0/8", "10.0.0.1" (host routes without length). */
char *route_dst_str(const struct route_info *r, char *buf);
/* The next four write a number into BUF (16 bytes) for unknown values. */
const char *route_table_name(uint32_t table, char *buf);
const char *route_proto_name(uint8_t proto, char *buf);
const char *route_scope_name(uint8_t scope, char *buf);
const char *route_type_name(uint8_t type, char *buf);
const char *route_pref_name(uint8_t pref);	/* "low"... NULL: none */
/* Names of FLAGS' bits (ip's "linkdown", "onlink"...), one per call:
 * returns the name of the Ith set bit, or NULL past the last. */
const char *route_flag_name(uint32_t flags, size_t i);
/* Names of an address's flags as `ip -j addr` prints them ("dynamic"
 * when not permanent, "secondary"/"temporary", "tentative"...): the Ith,
 * or NULL past the last. */
const char *route_ifa_flag_name(uint8_t family, uint32_t flags, size_t i);
/* "up", "down", "unknown"... for IF_OPER_* */
const char *route_operstate_name(uint8_t operstate);

#endif
