/*
 * guest_state_lib.h - the fixtures and assertions the unit tests of
 * core/guest_state share (tests/test_guest_state.c, the parsers and the
 * bundle reader; tests/test_guest_state_check.c, the check).  Failures
 * are cmocka failures of the calling test.
 */
#ifndef EDGENET_TESTS_GUEST_STATE_LIB_H
#define EDGENET_TESTS_GUEST_STATE_LIB_H

#include <stdbool.h>

#include "core/guest_state.h"
#include "core/mac.h"
#include "core/plan.h"

#define MAC0 "52:54:00:12:34:56"
#define MAC1 "52:54:00:65:43:21"

/* The fixture NAME (under tests/data/guest_state), malloc'd. */
char *gsl_fixture(const char *name);

/* Parses the named fixtures into GS; every one must parse. */
void gsl_load(struct guest_state *gs, const char *link, const char *addr,
	      const char *route);

/* Parses networkd's (ND) and resolved's (RS) state fixtures of link
 * IFINDEX (either may be NULL); they must parse. */
void gsl_load_dns(struct guest_state *gs, int ifindex, const char *nd,
		  const char *rs);

/* The guest of capture.sh: eth0 (link 2) static, eth1 (link 3) DHCP;
 * SCEN "offline" or "dhcp".  malloc'd. */
struct guest_state *gsl_networkd_guest(const char *scen);

/* The plan capture.sh's networkd files were written for.  OFFLINE: eth1
 * is an offline network (metric 200), else a plain DHCP NIC (500). */
void gsl_networkd_plan(struct plan *p, struct mac macs[2], bool offline);

/* guest_state_check must give WANT with exactly the sentence WHY. */
void gsl_check_is(const struct plan *p, const struct mac *macs,
		  const struct guest_state *gs, int want, const char *why);

#endif
