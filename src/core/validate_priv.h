/*
 * validate_priv.h - what the rule groups of plan_validate share, and
 * nothing outside them may include: the context a validation walks with
 * (what each switch and NIC check found usable, for the checks that depend
 * on it), how a diagnostic is emitted at a field, and the small words and
 * predicates every group's sentences use.  The public interface is
 * validate.h.
 */
#ifndef EDGENET_VALIDATE_PRIV_H
#define EDGENET_VALIDATE_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/diag.h"
#include "core/fieldpath.h"
#include "core/mac.h"
#include "core/plan.h"
#include "core/policy.h"

#define MSG_MAX 768
#define LIST_MAX 512


/* What the switch checks found usable, for the NIC checks. */
struct sw_info {
	bool routed;		/* default or internal: edgenet knows its subnet */
	bool net_ok;		/* routed and its address is usable */
	uint32_t host;		/* the host's address on the switch */
	int prefix;
	bool range_ok;		/* dhcp on and the range is usable */
	uint32_t start, end;
	bool ext_ok;		/* external, allowed, its uplink usable */
	bool bridge_ok;		/* ext_ok, bridge mode, its bridge usable */
};

/* What the NIC checks found usable, for the checks across NICs. */
struct nic_info {
	int sw;			/* index of its switch, -1 when unknown */
	bool mode_ok;		/* mode set and allowed on its switch */
	bool mac_ok;
	struct mac mac;
	bool addr_ok;		/* static address parsed, of a usable class */
	uint32_t addr;
	bool subnet_ok;		/* addr_ok and a usable prefix: subnet known */
	int prefix;
	bool gw_ok;
	uint32_t gw;
	bool sw_conflict;	/* address already reported against its switch */
	bool metric_ok;
};

struct vctx {
	const struct plan *p;
	const struct policy *pol;
	struct diag_list *out;
	size_t nsw, nnic;
	struct sw_info sw[PLAN_MAX_SWITCHES];
	struct nic_info nic[PLAN_MAX_NICS];
};

/* ---- emitting diagnostics (validate.c) ---- */

/* A diagnostic at PATH, a field of the plan itself ("profile", "vm"). */
__attribute__((format(printf, 4, 5)))
void validate_at_plan(struct vctx *v, enum diag_severity sev,
		      const char *path, const char *fmt, ...);

/* A diagnostic at FIELD of switch or NIC I (item K of a list field). */
__attribute__((format(printf, 6, 7)))
void validate_at_item(struct vctx *v, enum diag_severity sev, size_t i,
		      enum plan_field field, size_t k, const char *fmt, ...);

/* The same for a field that is not a list item. */
#define at_sw(v, sev, i, field, ...) \
	validate_at_item(v, sev, i, field, 0, __VA_ARGS__)
#define at_nic(v, sev, i, field, ...) \
	validate_at_item(v, sev, i, field, 0, __VA_ARGS__)

/* "NIC eth1", or "NIC 2" (its place) when it has no name yet. */
const char *validate_nic_label(const struct vctx *v, size_t i, char *buf,
			       size_t len);

/* An interface-name checker's sentence with its example ("like br-ot",
 * made for bridges) replaced by one for the field at hand, without the
 * final full stop, into BUF. */
const char *validate_ifname_why(const char *why, const char *example,
				char *buf, size_t len);

/* ---- small words and predicates ---- */

/* Length of a checker's sentence without its final full stop, so it can be
 * embedded with "%.*s". */
static inline int why_len(const char *why)
{
	size_t n = strlen(why);

	if (n && why[n - 1] == '.')
		n--;
	return (int)n;
}

/* "a" or "an" before a word, for "an internal switch". */
static inline const char *article(const char *word)
{
	return word && word[0] && strchr("aeiou", word[0]) ? "an" : "a";
}

static inline bool is_routed(enum switch_type t)
{
	return t == SWITCH_DEFAULT || t == SWITCH_INTERNAL;
}

static inline bool type_known(enum switch_type t)
{
	return t > SWITCH_UNSET && t < SWITCH_COUNT;
}

static inline bool profile_known(enum host_profile p)
{
	return p > PROFILE_UNSET && p < PROFILE_COUNT;
}

static inline bool mode_known(enum ip_mode m)
{
	return m > IP_UNSET && m < IP_MODE_COUNT;
}

/* ---- the rule groups, in the order plan_validate runs them ---- */

/* Each switch, then the switches together (validate_switch.c). */
void validate_switches(struct vctx *v);

/* The first switch name a NIC gives that no switch of the plan has, NULL
 * when none; whether a switch's given name cannot be used
 * (validate_switch.c, also for the NIC's switch field). */
const char *validate_unresolved_switch(const struct vctx *v);
bool validate_misnamed_switch(const struct vctx *v);

/* Each NIC: name, switch, mode, MAC, then the addressing and DNS below
 * (validate_nic.c). */
void validate_nics(struct vctx *v);

/* NIC I's static address, prefix and gateway; the static fields left on
 * a DHCP NIC I; static subnets overlapping across NICs and switches
 * (validate_ip.c). */
void validate_nic_static(struct vctx *v, size_t i);
void validate_nic_dhcp_leftovers(struct vctx *v, size_t i);
void validate_overlaps(struct vctx *v);

/* NIC I's DNS servers and search domains (validate_dns.c). */
void validate_nic_dns_servers(struct vctx *v, size_t i);
void validate_nic_dns_search(struct vctx *v, size_t i);

/* The primary NIC; default routes, metrics and NAT (validate_routes.c). */
void validate_primary(struct vctx *v);
void validate_routes(struct vctx *v);

#endif
