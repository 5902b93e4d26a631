/*
 * plan.c - the plan model: initial values, adding and removing switches
 * and NICs, the names of the enumerations as written in plan files, and
 * field-by-field comparison.  Nothing here judges a value; validate.c does.
 */
#include <string.h>

#include "plan.h"

void plan_switch_init(struct plan_switch *s)
{
	memset(s, 0, sizeof(*s));
	s->type = SWITCH_UNSET;
	s->ext_mode = EXT_BRIDGE;
	s->dhcp = false;
	s->nat = false;
}

void plan_nic_init(struct plan_nic *n)
{
	memset(n, 0, sizeof(*n));
	n->mode = IP_UNSET;
	n->prefix = 0;
	n->has_prefix = false;
	n->metric = 0;
	n->has_metric = false;
	n->primary = false;
	n->offline = false;
}

void plan_init(struct plan *p)
{
	memset(p, 0, sizeof(*p));
	p->version = PLAN_VERSION;
	p->profile = PROFILE_UNSET;
	for (size_t i = 0; i < PLAN_MAX_SWITCHES; i++)
		plan_switch_init(&p->switches[i]);
	for (size_t i = 0; i < PLAN_MAX_NICS; i++)
		plan_nic_init(&p->nics[i]);
}

struct plan_switch *plan_add_switch(struct plan *p)
{
	struct plan_switch *s;

	if (p->nswitches >= PLAN_MAX_SWITCHES)
		return NULL;
	s = &p->switches[p->nswitches++];
	plan_switch_init(s);
	return s;
}

struct plan_nic *plan_add_nic(struct plan *p)
{
	struct plan_nic *n;

	if (p->nnics >= PLAN_MAX_NICS)
		return NULL;
	n = &p->nics[p->nnics++];
	plan_nic_init(n);
	return n;
}

int plan_remove_switch(struct plan *p, size_t i)
{
	if (i >= p->nswitches)
		return -1;
	memmove(&p->switches[i], &p->switches[i + 1],
		(p->nswitches - i - 1) * sizeof(p->switches[0]));
	p->nswitches--;
	plan_switch_init(&p->switches[p->nswitches]);
	return 0;
}

int plan_remove_nic(struct plan *p, size_t i)
{
	if (i >= p->nnics)
		return -1;
	memmove(&p->nics[i], &p->nics[i + 1],
		(p->nnics - i - 1) * sizeof(p->nics[0]));
	p->nnics--;
	plan_nic_init(&p->nics[p->nnics]);
	return 0;
}

const struct plan_switch *plan_find_switch(const struct plan *p, const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < p->nswitches && i < PLAN_MAX_SWITCHES; i++)
		if (strcmp(p->switches[i].name, name) == 0)
			return &p->switches[i];
	return NULL;
}

void plan_nic_set_prefix(struct plan_nic *n, int prefix)
{
	n->prefix = prefix;
	n->has_prefix = true;
}

void plan_nic_clear_prefix(struct plan_nic *n)
{
	n->prefix = 0;
	n->has_prefix = false;
}

void plan_nic_set_metric(struct plan_nic *n, long long metric)
{
	n->metric = metric;
	n->has_metric = true;
}

void plan_nic_clear_metric(struct plan_nic *n)
{
	n->metric = 0;
	n->has_metric = false;
}

long long plan_nic_metric(const struct plan *p, size_t i)
{
	if (i < PLAN_MAX_NICS && p->nics[i].has_metric)
		return p->nics[i].metric;
	return 100LL * (long long)(i + 1);
}

/* Enumeration names, indexed by value; NULL where a value has no name. */
static const char *const profile_names[PROFILE_COUNT] = {
	[PROFILE_CLIENT] = "client",
	[PROFILE_SERVER] = "server",
};

static const char *const switch_type_names[SWITCH_COUNT] = {
	[SWITCH_DEFAULT] = "default",
	[SWITCH_INTERNAL] = "internal",
	[SWITCH_EXTERNAL] = "external",
};

static const char *const ext_mode_names[] = {
	[EXT_BRIDGE] = "bridge",
	[EXT_MACVTAP] = "macvtap",
};

static const char *const ip_mode_names[IP_MODE_COUNT] = {
	[IP_DHCP] = "dhcp",
	[IP_STATIC] = "static",
};

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static const char *name_of(const char *const *names, size_t n, int v)
{
	if (v < 0 || (size_t)v >= n)
		return NULL;
	return names[v];
}

/* Index of S in NAMES, or -1. */
static int parse_name(const char *const *names, size_t n, const char *s)
{
	if (!s)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (names[i] && strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

const char *plan_profile_name(enum host_profile v)
{
	return name_of(profile_names, N_ELEMS(profile_names), (int)v);
}

const char *plan_switch_type_name(enum switch_type v)
{
	return name_of(switch_type_names, N_ELEMS(switch_type_names), (int)v);
}

const char *plan_ext_mode_name(enum ext_mode v)
{
	return name_of(ext_mode_names, N_ELEMS(ext_mode_names), (int)v);
}

const char *plan_ip_mode_name(enum ip_mode v)
{
	return name_of(ip_mode_names, N_ELEMS(ip_mode_names), (int)v);
}

enum host_profile plan_profile_parse(const char *s)
{
	int i = parse_name(profile_names, N_ELEMS(profile_names), s);

	return i < 0 ? PROFILE_UNSET : (enum host_profile)i;
}

enum switch_type plan_switch_type_parse(const char *s)
{
	int i = parse_name(switch_type_names, N_ELEMS(switch_type_names), s);

	return i < 0 ? SWITCH_UNSET : (enum switch_type)i;
}

int plan_ext_mode_parse(const char *s, enum ext_mode *out)
{
	int i = parse_name(ext_mode_names, N_ELEMS(ext_mode_names), s);

	if (i < 0)
		return -1;
	*out = (enum ext_mode)i;
	return 0;
}

enum ip_mode plan_ip_mode_parse(const char *s)
{
	int i = parse_name(ip_mode_names, N_ELEMS(ip_mode_names), s);

	return i < 0 ? IP_UNSET : (enum ip_mode)i;
}

static bool switch_equal(const struct plan_switch *a, const struct plan_switch *b)
{
	return strcmp(a->name, b->name) == 0 &&
	       a->type == b->type &&
	       strcmp(a->uplink, b->uplink) == 0 &&
	       a->ext_mode == b->ext_mode &&
	       strcmp(a->bridge, b->bridge) == 0 &&
	       strcmp(a->address, b->address) == 0 &&
	       a->dhcp == b->dhcp &&
	       strcmp(a->dhcp_start, b->dhcp_start) == 0 &&
	       strcmp(a->dhcp_end, b->dhcp_end) == 0 &&
	       a->nat == b->nat;
}

static bool nic_equal(const struct plan_nic *a, const struct plan_nic *b)
{
	if (strcmp(a->name, b->name) != 0 ||
	    strcmp(a->switch_name, b->switch_name) != 0 ||
	    strcmp(a->mac, b->mac) != 0 ||
	    a->primary != b->primary ||
	    a->mode != b->mode ||
	    strcmp(a->address, b->address) != 0 ||
	    a->has_prefix != b->has_prefix ||
	    (a->has_prefix && a->prefix != b->prefix) ||
	    strcmp(a->gateway, b->gateway) != 0 ||
	    a->ndns != b->ndns ||
	    a->nsearch != b->nsearch ||
	    a->has_metric != b->has_metric ||
	    (a->has_metric && a->metric != b->metric) ||
	    a->offline != b->offline)
		return false;
	if (a->ndns > PLAN_MAX_DNS || a->nsearch > PLAN_MAX_SEARCH)
		return false;
	for (size_t i = 0; i < a->ndns; i++)
		if (strcmp(a->dns[i], b->dns[i]) != 0)
			return false;
	for (size_t i = 0; i < a->nsearch; i++)
		if (strcmp(a->search[i], b->search[i]) != 0)
			return false;
	return true;
}

bool plan_equal(const struct plan *a, const struct plan *b)
{
	if (a->version != b->version ||
	    a->profile != b->profile ||
	    strcmp(a->domain, b->domain) != 0 ||
	    a->nswitches != b->nswitches ||
	    a->nnics != b->nnics)
		return false;
	if (a->nswitches > PLAN_MAX_SWITCHES || a->nnics > PLAN_MAX_NICS)
		return false;
	for (size_t i = 0; i < a->nswitches; i++)
		if (!switch_equal(&a->switches[i], &b->switches[i]))
			return false;
	for (size_t i = 0; i < a->nnics; i++)
		if (!nic_equal(&a->nics[i], &b->nics[i]))
			return false;
	return true;
}
