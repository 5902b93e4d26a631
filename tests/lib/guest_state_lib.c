/*
 * guest_state_lib.c - what the unit tests of core/guest_state share
 * (tests/test_guest_state.c, test_guest_state_check.c): reading the
 * fixtures captured by tests/data/guest_state/capture.sh, parsing them
 * into a state, the plan they were captured for, and asserting a check's
 * verdict.  See guest_state_lib.h.
 *
 * Reads the fixtures under $top_srcdir/tests/data/guest_state; touches
 * nothing else.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "guest_state_lib.h"

char *gsl_fixture(const char *name)
{
	const char *top = getenv("top_srcdir");
	char path[512];
	char *buf;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s%stests/data/guest_state/%s",
		 top ? top : "", top ? "/" : "", name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Parses the named fixtures into GS; every one must parse. */
void gsl_load(struct guest_state *gs, const char *link, const char *addr,
	      const char *route)
{
	char err[512] = "";
	char *t;

	guest_state_init(gs);
	t = gsl_fixture(link);
	if (guest_state_parse_links(gs, t, err, sizeof(err)))
		fail_msg("%s: %s", link, err);
	free(t);
	t = gsl_fixture(addr);
	if (guest_state_parse_addrs(gs, t, err, sizeof(err)))
		fail_msg("%s: %s", addr, err);
	free(t);
	t = gsl_fixture(route);
	if (guest_state_parse_routes(gs, t, err, sizeof(err)))
		fail_msg("%s: %s", route, err);
	free(t);
}

void gsl_load_dns(struct guest_state *gs, int ifindex, const char *nd,
		  const char *rs)
{
	char err[512] = "";
	char *a = nd ? gsl_fixture(nd) : NULL, *b = rs ? gsl_fixture(rs) : NULL;

	if (guest_state_parse_dns_files(gs, ifindex, a, b, err, sizeof(err)))
		fail_msg("%s: %s", nd ? nd : rs, err);
	free(a);
	free(b);
}

/* The guest of capture.sh: eth0 (link 2) static, eth1 (link 3) DHCP;
 * SCEN "offline" or "dhcp". */
struct guest_state *gsl_networkd_guest(const char *scen)
{
	struct guest_state *gs = malloc(sizeof(*gs));
	char a[64], b[64], c[64], d0[64], d1[64];

	assert_non_null(gs);
	snprintf(a, sizeof(a), "networkd-%s-link.json", scen);
	snprintf(b, sizeof(b), "networkd-%s-addr.json", scen);
	snprintf(c, sizeof(c), "networkd-%s-route.json", scen);
	snprintf(d0, sizeof(d0), "networkd-%s-links-eth0", scen);
	snprintf(d1, sizeof(d1), "networkd-%s-links-eth1", scen);
	gsl_load(gs, a, b, c);
	gsl_load_dns(gs, 2, d0, NULL);
	gsl_load_dns(gs, 3, d1, NULL);
	return gs;
}

/* The plan capture.sh's networkd files were written for.  OFFLINE: eth1
 * is an offline network (metric 200), else a plain DHCP NIC (500). */
void gsl_networkd_plan(struct plan *p, struct mac macs[2], bool offline)
{
	struct plan_nic *n;

	plan_init(p);
	n = plan_add_nic(p);
	str_copy(n->name, sizeof(n->name), "eth0");
	n->primary = true;
	n->mode = IP_STATIC;
	str_copy(n->address, sizeof(n->address), "172.20.0.10");
	plan_nic_set_prefix(n, 24);
	str_copy(n->gateway, sizeof(n->gateway), "172.20.0.1");
	str_copy(n->dns[0], sizeof(n->dns[0]), "172.20.0.1");
	str_copy(n->dns[1], sizeof(n->dns[1]), "172.20.0.2");
	n->ndns = 2;
	str_copy(n->search[0], sizeof(n->search[0]), "corp.example");
	n->nsearch = 1;
	n = plan_add_nic(p);
	str_copy(n->name, sizeof(n->name), "eth1");
	n->mode = IP_DHCP;
	str_copy(n->dns[0], sizeof(n->dns[0]), "10.0.0.5");
	n->ndns = 1;
	if (offline) {
		n->offline = true;
		plan_nic_set_metric(n, 200);
		str_copy(n->search[0], sizeof(n->search[0]), "plant.local");
		n->nsearch = 1;
	} else {
		plan_nic_set_metric(n, 500);
	}
	assert_int_equal(mac_parse(MAC0, &macs[0]), MAC_OK);
	assert_int_equal(mac_parse(MAC1, &macs[1]), MAC_OK);
}

void gsl_check_is(const struct plan *p, const struct mac *macs,
		  const struct guest_state *gs, int want, const char *why)
{
	char buf[700] = "x";
	int r = guest_state_check(p, macs, gs, buf, sizeof(buf));

	if (r != want || strcmp(buf, why))
		fail_msg("check gave %d \"%s\", expected %d \"%s\"", r, buf,
			 want, why);
}
