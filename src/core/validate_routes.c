/*
 * validate_routes.c - the checks that need all NICs at once about where
 * the VM's traffic goes: the primary NIC, the default routes and their
 * metrics (out of range, ties, an offline NIC winning, no default route at
 * all) and NAT behind the winning default route.
 *
 * Pure C: reads the plan and the policy, writes diagnostics, nothing else.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>

#include "core/ipv4.h"
#include "core/validate_priv.h"

void validate_primary(struct vctx *v)
{
	char lab[PLAN_NAME_MAX + 16];
	ssize_t first = -1;

	if (!v->nnic) {
		validate_at_plan(v, DIAG_ERROR, "nics",
				 "the plan has no NICs; add one (nics), such as eth0 on one of the switches, marked primary");
		return;
	}
	for (size_t i = 0; i < v->nnic; i++) {
		if (!v->p->nics[i].primary)
			continue;
		if (first < 0) {
			first = (ssize_t)i;
			continue;
		}
		at_nic(v, DIAG_ERROR, i, FIELD_NIC_PRIMARY,
		       "this NIC is marked primary but %s already is; only one NIC carries the deployment: unmark this one (primary = false)",
		       validate_nic_label(v, (size_t)first, lab, sizeof(lab)));
	}
	if (first < 0)
		validate_at_plan(v, DIAG_ERROR, "nics",
				 "no NIC is marked primary; mark the NIC that carries the deployment primary (primary = true), usually the first%s%s%s",
				 v->p->nics[0].name[0] ? " (" : "", v->p->nics[0].name,
				 v->p->nics[0].name[0] ? ")" : "");
}

/* Would NIC I get a default route if it were online? */
static bool wants_default_route(const struct vctx *v, size_t i)
{
	const struct plan_nic *n = &v->p->nics[i];

	if (!v->nic[i].mode_ok || !v->nic[i].metric_ok)
		return false;
	return n->mode == IP_DHCP || (n->mode == IP_STATIC && n->gateway[0]);
}

static void check_metric_range(struct vctx *v, size_t i)
{
	long long m = v->p->nics[i].metric;

	if (v->p->nics[i].has_metric && (m < 0 || m > PLAN_METRIC_MAX)) {
		at_nic(v, DIAG_ERROR, i, FIELD_NIC_METRIC,
		       "the route metric %lld is out of range; use 0 to %lld (lower wins), such as %lld",
		       m, PLAN_METRIC_MAX, 100LL * (long long)(i + 1));
		return;
	}
	v->nic[i].metric_ok = true;
}

/* NIC I carries the VM's default route: on an internal switch without
 * NAT the host forwards nothing, so the VM reaches only the host. */
static void check_route_nat(struct vctx *v, size_t i)
{
	const struct plan_nic *n = &v->p->nics[i];
	const struct plan_switch *s;
	char lab[PLAN_NAME_MAX + 16];
	int si = v->nic[i].sw;

	if (si < 0)
		return;
	s = &v->p->switches[si];
	if (s->type != SWITCH_INTERNAL || s->nat || !v->sw[si].net_ok)
		return;
	/* a gateway other than the host is someone else's router */
	if (n->mode == IP_STATIC &&
	    (!v->nic[i].gw_ok || v->nic[i].gw != v->sw[si].host))
		return;
	validate_nic_label(v, i, lab, sizeof(lab));
	if (n->mode == IP_STATIC)
		at_sw(v, DIAG_WARNING, (size_t)si, FIELD_SW_NAT,
		      "no NAT on switch \"%s\": %s has the default route, to the host, and the VM reaches nothing beyond the host; turn NAT on if it needs more",
		      s->name, lab);
	else
		at_sw(v, DIAG_WARNING, (size_t)si, FIELD_SW_NAT,
		      "no NAT on switch \"%s\": its DHCP gives %s no default route, and the VM reaches nothing beyond the host; turn NAT on if it needs more",
		      s->name, lab);
}

/* Default routes: one winner, never a tie.  An offline network gets no
 * default route at all. */
void validate_routes(struct vctx *v)
{
	char a[PLAN_NAME_MAX + 16], b[PLAN_NAME_MAX + 16];
	ssize_t best = -1;
	size_t ncand = 0, nblocked = 0;
	long long top = 0;

	for (size_t i = 0; i < v->nnic; i++)
		check_metric_range(v, i);

	for (size_t i = 0; i < v->nnic; i++) {
		const struct plan_nic *n = &v->p->nics[i];
		long long m = plan_nic_metric(v->p, i);

		if (n->offline)
			continue;
		if (!wants_default_route(v, i)) {
			/* An error already explains why it has none. */
			if (!v->nic[i].mode_ok || !v->nic[i].metric_ok ||
			    (n->mode == IP_STATIC && !n->gateway[0]))
				nblocked++;
			continue;
		}
		ncand++;
		if (m > top)
			top = m;
		if (best < 0 || m < plan_nic_metric(v->p, (size_t)best))
			best = (ssize_t)i;
	}

	for (size_t i = 0; i < v->nnic; i++) {
		long long m = plan_nic_metric(v->p, i);

		if (v->p->nics[i].offline || !wants_default_route(v, i))
			continue;
		for (size_t j = 0; j < i; j++) {
			if (v->p->nics[j].offline ||
			    !wants_default_route(v, j) ||
			    plan_nic_metric(v->p, j) != m)
				continue;
			at_nic(v, DIAG_WARNING, i, FIELD_NIC_METRIC,
			       "%s and %s both have a default route with metric %lld: the kernel picks between them unpredictably; give %s a different metric, such as %lld",
			       validate_nic_label(v, i, a, sizeof(a)),
			       validate_nic_label(v, j, b, sizeof(b)), m, a,
			       top + 100 <= PLAN_METRIC_MAX ? top + 100 : m - 1);
			break;
		}
	}

	/* An offline NIC is left out above on purpose: the VM's own
	 * configuration gives it no default route (guestcfg.c writes none,
	 * and DHCP's gateway is not used), so no metric makes it win. */
	if (best >= 0)
		check_route_nat(v, (size_t)best);

	if (v->nnic && !ncand && !nblocked)
		validate_at_plan(v, DIAG_WARNING, "nics",
				 "no NIC gives the VM a default route (each is an offline network or static without a gateway), so the VM reaches only the networks it is directly on; if it needs the internet, clear the offline mark (offline = false) of the NIC that leads there and give it DHCP or a gateway");
}
