/*
 * validate.c - the verdict on a plan.
 *
 * plan_validate walks a plan one section at a time: the plan itself (profile
 * and VM), the switches (two external ones on one uplink included), each
 * NIC (name, switch, IP mode, MAC, static address, DNS), then what needs
 * all NICs at once (overlapping subnets, the primary NIC, default routes
 * and their metrics, NAT behind the default route).  Every problem becomes
 * one diagnostic at the path of the field the technician has to change,
 * with a sentence saying what is wrong and what to type instead; a
 * conflict between two NICs is told at both, each naming the other, so
 * that whichever is being edited shows it.  What needs the host's facts
 * (a VM that is not defined, a subnet a host network uses) is in
 * hostcheck.c.
 *
 * Each section records in a small context what it parsed and whether it was
 * usable, and later checks that depend on a field (is the gateway inside
 * the subnet?) only run when that field was fine.  That is how one mistake
 * gives one message: a mistyped address is reported as mistyped, not also
 * as "gateway outside the subnet" and "overlaps another NIC".
 *
 * Pure C: reads the plan and the policy, writes diagnostics, nothing else.
 *
 * This file holds the entry point and what every rule group shares (how a
 * diagnostic is emitted, how a NIC is named in a sentence); the rule
 * groups are validate_switch.c, validate_nic.c, validate_ip.c,
 * validate_dns.c and validate_routes.c, sharing the context declared in
 * validate_priv.h.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/fieldpath.h"
#include "core/names.h"
#include "core/validate.h"
#include "core/validate_priv.h"

__attribute__((format(printf, 4, 0)))
static void vemit(struct vctx *v, enum diag_severity sev, const char *path,
		  const char *fmt, va_list ap)
{
	char msg[MSG_MAX];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	/* Names are echoed as typed: diag_add escapes the message. */
	diag_add(v->out, sev, path, "%s", msg);
}

__attribute__((format(printf, 4, 5)))
void validate_at_plan(struct vctx *v, enum diag_severity sev, const char *path,
		      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vemit(v, sev, path, fmt, ap);
	va_end(ap);
}

/* A diagnostic at FIELD of switch or NIC I (item K of a list field). */
__attribute__((format(printf, 6, 7)))
void validate_at_item(struct vctx *v, enum diag_severity sev, size_t i,
		      enum plan_field field, size_t k, const char *fmt, ...)
{
	char path[DIAG_PATH_MAX];
	va_list ap;

	plan_path(path, sizeof(path), field, i, k);
	va_start(ap, fmt);
	vemit(v, sev, path, fmt, ap);
	va_end(ap);
}

/* "NIC eth1", or "NIC 2" (its place) when it has no name yet. */
const char *validate_nic_label(const struct vctx *v, size_t i, char *buf,
			       size_t len)
{
	const char *name = v->p->nics[i].name;

	if (name[0])
		snprintf(buf, len, "NIC %s", name);
	else
		snprintf(buf, len, "NIC %zu", i + 1);
	return buf;
}

/* An interface-name checker's sentence with its example ("like br-ot",
 * made for bridges) replaced by one for the field at hand, without the
 * final full stop, into BUF. */
const char *validate_ifname_why(const char *why, const char *example,
				char *buf, size_t len)
{
	const char *like = strstr(why, " like ");
	int n = why_len(why);

	if (like && !strchr(like + 6, ' '))
		snprintf(buf, len, "%.*s like %s", (int)(like - why), why,
			 example);
	else
		snprintf(buf, len, "%.*s", n, why);
	return buf;
}

static void check_plan(struct vctx *v)
{
	const struct plan *p = v->p;
	const char *why;

	if (!profile_known(p->profile))
		validate_at_plan(v, DIAG_ERROR, "profile",
				 "the host profile is not set; choose client for a workstation-like host with a ready NAT network, or server for a host whose switches are created explicitly (profile = \"client\" or \"server\")");

	if (!p->domain[0])
		validate_at_plan(v, DIAG_ERROR, "vm",
				 "no VM is named; name the libvirt domain of the edge VM (vm), such as \"edge-vm\" (`virsh list --all` shows the names)");
	else if ((why = name_check_object(p->domain)))
		validate_at_plan(v, DIAG_ERROR, "vm",
				 "the VM name \"%s\" cannot be used: %.*s",
				 p->domain, why_len(why), why);
}

void plan_validate(const struct plan *p, const struct policy *pol,
		   struct diag_list *out)
{
	struct diag_list found;
	struct vctx v;

	diag_list_init(&found);
	memset(&v, 0, sizeof(v));
	v.p = p;
	v.pol = pol;
	v.out = &found;
	v.nsw = p->nswitches < PLAN_MAX_SWITCHES ? p->nswitches :
		PLAN_MAX_SWITCHES;
	v.nnic = p->nnics < PLAN_MAX_NICS ? p->nnics : PLAN_MAX_NICS;
	for (size_t i = 0; i < PLAN_MAX_NICS; i++)
		v.nic[i].sw = -1;

	check_plan(&v);
	validate_switches(&v);
	validate_nics(&v);
	validate_overlaps(&v);
	validate_primary(&v);
	validate_routes(&v);
	/* one mistake, one message: a field the loader already refused (or
	 * that a misspelt key meant) is not reported again */
	diag_list_append_new(out, &found);
	diag_list_free(&found);
}
