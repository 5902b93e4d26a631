/*
 * typed.h - values as technicians type them elsewhere, recognised and
 * written the way a plan holds them: a MAC written by Windows
 * (52-54-00-12-34-56), without separators (525400123456) or in upper
 * case, a netmask (255.255.255.0) where
 * a prefix length is asked for, and an address typed with its prefix
 * (172.20.0.10/24).  Each function only recognises; it never guesses:
 * anything else is left to plan_validate, which names the field and the
 * fix.  Pure C.
 */
#ifndef EDGENET_TYPED_H
#define EDGENET_TYPED_H

#include <stdbool.h>
#include <stddef.h>

#include "core/mac.h"

/* S is a MAC with ':' or '-' between its six pairs of hex digits (one
 * separator throughout), or its twelve hex digits with none, either
 * case: true, with the plan's form
 * ("52:54:00:12:34:56") in OUT (MAC_STRLEN bytes). */
bool typed_mac(const char *s, char out[MAC_STRLEN]);

/* S is a prefix length (0-32, "24") or a netmask with contiguous ones
 * ("255.255.255.0"): true, with the length in *PREFIX and *WAS_MASK
 * saying a netmask was typed (WAS_MASK may be NULL). */
bool typed_prefix(const char *s, int *prefix, bool *was_mask);

/* S is an address with its prefix length ("172.20.0.10/24"): true, with
 * the address as typed before the '/' in ADDR (LEN bytes; false when it
 * does not fit) and the length in *PREFIX. */
bool typed_cidr(const char *s, char *addr, size_t len, int *prefix);

/* The netmask of a prefix length 0-32 ("255.255.0.0" for 16) into BUF of
 * at least 16 bytes; "" when PREFIX is out of range.  Returns BUF. */
char *typed_netmask(int prefix, char *buf);

#endif
