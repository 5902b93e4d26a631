/*
 * fuzz_guest_state.c - fuzz harness for src/core/guest_state.c: every
 * parser of what a guest reports, then the check against two fixed plans.
 *
 * An input is up to five parts separated by a line "----": the output of
 * `ip -j link show`, `ip -j -4 addr show`, `ip -j -4 route show table
 * main`, then networkd's and resolved's DNS state files, given to every
 * link the first part listed.  Each parser also gets the whole input, so
 * a plain JSON or state file is a useful input too, and so does the
 * one-text parser (guest_state_parse_bundle: "@@ip-link" ... sections).
 *
 * Touches nothing but memory.
 * Built by `make check` together with fuzz_main.c, a plain main() that
 * feeds it the committed corpus tests/fuzz/corpus/guest_state/.
 * Under libFuzzer with ASan and UBSan: tests/fuzz/run.sh guest_state
 * (./configure --enable-fuzzing CC=clang in a build directory of its
 * own; see tests/fuzz/README).
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/guest_state.h"
#include "core/mac.h"
#include "core/plan.h"

#define FGS_PARTS 5
#define FGS_SEP "\n----\n"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Two NICs as in tests/data/guest_state: eth0 static, eth1 DHCP;
 * OFFLINE marks eth1 an offline network. */
static void fgs_plan(struct plan *p, struct mac macs[2], bool offline)
{
	struct plan_nic *n;

	plan_init(p);
	n = plan_add_nic(p);
	snprintf(n->name, sizeof(n->name), "eth0");
	n->mode = IP_STATIC;
	snprintf(n->address, sizeof(n->address), "172.20.0.10");
	plan_nic_set_prefix(n, 24);
	snprintf(n->gateway, sizeof(n->gateway), "172.20.0.1");
	snprintf(n->dns[0], sizeof(n->dns[0]), "172.20.0.1");
	n->ndns = 1;
	snprintf(n->search[0], sizeof(n->search[0]), "corp.example");
	n->nsearch = 1;
	n = plan_add_nic(p);
	snprintf(n->name, sizeof(n->name), "eth1");
	n->mode = IP_DHCP;
	n->offline = offline;
	plan_nic_set_metric(n, 500);
	snprintf(n->dns[0], sizeof(n->dns[0]), "10.0.0.5");
	n->ndns = 1;
	mac_parse("52:54:00:12:34:56", &macs[0]);
	mac_parse("52:54:00:65:43:21", &macs[1]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct guest_state gs;
	char *text, *part[FGS_PARTS] = { NULL }, *p, *sep;
	char err[512], why[700];
	struct plan plan;
	struct mac macs[2];
	size_t n = 0, i;

	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';

	/* the whole input to each parser */
	guest_state_init(&gs);
	guest_state_parse_links(&gs, text, err, sizeof(err));
	guest_state_parse_addrs(&gs, text, err, sizeof(err));
	guest_state_parse_routes(&gs, text, err, sizeof(err));
	for (i = 0; i < gs.nlinks; i++)
		guest_state_parse_dns_files(&gs, gs.links[i].ifindex, text,
					    text, err, sizeof(err));
	/* ... as the one text GUEST_STATE_SCRIPT prints, then checked */
	guest_state_init(&gs);
	if (guest_state_parse_bundle(&gs, text, err, sizeof(err)) == 0) {
		fgs_plan(&plan, macs, true);
		guest_state_check(&plan, macs, &gs, why, sizeof(why));
	}

	/* then part by part */
	for (p = text; p && n < FGS_PARTS; n++) {
		part[n] = p;
		sep = strstr(p, FGS_SEP);
		if (sep) {
			*sep = '\0';
			p = sep + strlen(FGS_SEP);
		} else {
			p = NULL;
		}
	}
	guest_state_init(&gs);
	guest_state_parse_links(&gs, part[0], err, sizeof(err));
	guest_state_parse_addrs(&gs, part[1], err, sizeof(err));
	guest_state_parse_routes(&gs, part[2], err, sizeof(err));
	for (i = 0; i < gs.nlinks; i++)
		guest_state_parse_dns_files(&gs, gs.links[i].ifindex, part[3],
					    part[4], err, sizeof(err));
	guest_state_parse_dns(&gs, 1, part[4], err, sizeof(err));

	for (int offline = 0; offline < 2; offline++) {
		fgs_plan(&plan, macs, offline);
		guest_state_check(&plan, macs, &gs, why, sizeof(why));
		guest_state_check(&plan, NULL, &gs, why, sizeof(why));
	}
	free(text);
	return 0;
}
