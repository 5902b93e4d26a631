/*
 * plan.h - the plan model: a whole network setup for one edge VM.
 *
 * A plan names the host profile, the VM (libvirt domain), the switches
 * (libvirt networks) and the VM's NICs.  Every field a technician types is
 * kept as typed (text), so that validation can say what is wrong with it;
 * nothing here checks anything (see validate.h).  The struct has fixed
 * sizes and no pointers: copying a plan is a plain assignment, which is how
 * the wizard edits a copy and commits it.  A number that may be left out
 * has a flag saying whether it was given: no value a technician can type
 * doubles as "not given".  Pure C.
 */
#ifndef EDGENET_PLAN_H
#define EDGENET_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#define PLAN_VERSION 1
#define PLAN_MAX_SWITCHES 8
#define PLAN_MAX_NICS 8
#define PLAN_MAX_DNS 8
#define PLAN_MAX_SEARCH 8
#define PLAN_NAME_MAX 64	/* names, including NUL */
#define PLAN_ADDR_MAX 48	/* an address or CIDR as typed, including NUL */
#define PLAN_DOMAIN_MAX 256	/* a DNS search domain, including NUL */
#define PLAN_METRIC_MAX 4294967295LL

enum host_profile {
	PROFILE_UNSET = 0,
	PROFILE_CLIENT,
	PROFILE_SERVER,
	PROFILE_COUNT
};

enum switch_type {
	SWITCH_UNSET = 0,
	SWITCH_DEFAULT,
	SWITCH_INTERNAL,
	SWITCH_EXTERNAL,
	SWITCH_COUNT
};

enum ext_mode {
	EXT_BRIDGE = 0,		/* Linux bridge enslaving the uplink */
	EXT_MACVTAP,		/* macvtap on the uplink: host and VM cannot talk */
};

enum ip_mode {
	IP_UNSET = 0,
	IP_DHCP,
	IP_STATIC,
	IP_MODE_COUNT
};

struct plan_switch {
	char name[PLAN_NAME_MAX];	/* libvirt network name */
	enum switch_type type;
	/* external */
	char uplink[PLAN_NAME_MAX];	/* host physical NIC, e.g. "enp2s0" */
	enum ext_mode ext_mode;
	char bridge[PLAN_NAME_MAX];	/* Linux bridge (bridge mode), e.g. "br0" */
	/* default and internal */
	char address[PLAN_ADDR_MAX];	/* host address on the switch, "10.0.0.1/24" */
	bool dhcp;			/* libvirt's dnsmasq serves DHCP */
	char dhcp_start[PLAN_ADDR_MAX];
	char dhcp_end[PLAN_ADDR_MAX];
	bool nat;			/* internal: NAT to the uplink */
};

struct plan_nic {
	char name[PLAN_NAME_MAX];	/* interface name in the guest, "eth0" */
	char switch_name[PLAN_NAME_MAX];
	char mac[PLAN_ADDR_MAX];	/* "" = generated and kept in the state dir */
	bool primary;
	enum ip_mode mode;
	char address[PLAN_ADDR_MAX];	/* static only */
	int prefix;			/* static only; read when has_prefix */
	bool has_prefix;		/* ip.prefix was given (any value) */
	char gateway[PLAN_ADDR_MAX];	/* static only */
	char dns[PLAN_MAX_DNS][PLAN_ADDR_MAX];
	size_t ndns;
	char search[PLAN_MAX_SEARCH][PLAN_DOMAIN_MAX];
	size_t nsearch;
	long long metric;		/* read when has_metric */
	bool has_metric;		/* metric was given: see plan_nic_metric */
	bool offline;			/* offline network: no default route */
};

struct plan {
	int version;
	enum host_profile profile;
	char domain[PLAN_NAME_MAX];	/* libvirt domain name of the VM */
	struct plan_switch switches[PLAN_MAX_SWITCHES];
	size_t nswitches;
	struct plan_nic nics[PLAN_MAX_NICS];
	size_t nnics;
};

void plan_init(struct plan *p);
void plan_switch_init(struct plan_switch *s);
void plan_nic_init(struct plan_nic *n);

/* Adds an initialised switch or NIC and returns it, NULL when full. */
struct plan_switch *plan_add_switch(struct plan *p);
struct plan_nic *plan_add_nic(struct plan *p);
/* Removes entry I, keeping the order of the others. Returns 0 or -1. */
int plan_remove_switch(struct plan *p, size_t i);
int plan_remove_nic(struct plan *p, size_t i);

/* Switch named NAME, or NULL. */
const struct plan_switch *plan_find_switch(const struct plan *p, const char *name);
/* Sets or clears the NIC's prefix length and metric (and their flags). */
void plan_nic_set_prefix(struct plan_nic *n, int prefix);
void plan_nic_clear_prefix(struct plan_nic *n);
void plan_nic_set_metric(struct plan_nic *n, long long metric);
void plan_nic_clear_metric(struct plan_nic *n);
/* Route metric in effect: the NIC's own, or 100 * (index + 1) when not given. */
long long plan_nic_metric(const struct plan *p, size_t i);

/* Names as written in plan files and shown on screen; NULL for unknown
 * values. The parsers return the *_UNSET value for unknown text. */
const char *plan_profile_name(enum host_profile v);
const char *plan_switch_type_name(enum switch_type v);
const char *plan_ext_mode_name(enum ext_mode v);
const char *plan_ip_mode_name(enum ip_mode v);
enum host_profile plan_profile_parse(const char *s);
enum switch_type plan_switch_type_parse(const char *s);
int plan_ext_mode_parse(const char *s, enum ext_mode *out);	/* 0 or -1 */
enum ip_mode plan_ip_mode_parse(const char *s);

/* True when both plans hold the same values (used by round-trip tests and
 * by the wizard to know whether there are unsaved changes). */
bool plan_equal(const struct plan *a, const struct plan *b);

#endif
