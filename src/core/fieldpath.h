/*
 * fieldpath.h - the paths of a plan's fields, written once: the path a
 * diagnostic names ("nics[1].ip.address"), the console finds its field
 * by and a plan file's line is looked up with.  validate.c, hostcheck.c,
 * guestcfg.c, apply_plan.c, xmlgen.c, probe_plan.c, readback.c and
 * planfile.c (for the lines) build them with plan_path; the console's WP_* formats (ui/wizard.h) are made
 * from the FIELDPATH_* literals below.  Pure C: no I/O.
 */
#ifndef EDGENET_FIELDPATH_H
#define EDGENET_FIELDPATH_H

#include <stddef.h>

/* printf formats of a switch's and a NIC's paths (the index: %zu), as
 * string literals for formats checked at compile time. */
#define FIELDPATH_SW(key)	"switches[%zu]" key
#define FIELDPATH_NIC(key)	"nics[%zu]" key
/* The plan's top-level keys. */
#define FIELDKEY_PROFILE	"profile"
#define FIELDKEY_VM		"vm"
#define FIELDKEY_SWITCHES	"switches"
#define FIELDKEY_NICS		"nics"
/* The keys below a switch or a NIC, with their leading dot. */
#define FIELDKEY_NAME		".name"
#define FIELDKEY_TYPE		".type"
#define FIELDKEY_UPLINK		".uplink"
#define FIELDKEY_MODE		".mode"
#define FIELDKEY_BRIDGE		".bridge"
#define FIELDKEY_ADDRESS	".address"
#define FIELDKEY_DHCP		".dhcp"
#define FIELDKEY_DHCP_START	".dhcp_start"
#define FIELDKEY_DHCP_END	".dhcp_end"
#define FIELDKEY_NAT		".nat"
#define FIELDKEY_SWITCH		".switch"
#define FIELDKEY_MAC		".mac"
#define FIELDKEY_IP		".ip"
#define FIELDKEY_IP_MODE	".ip.mode"
#define FIELDKEY_IP_ADDRESS	".ip.address"
#define FIELDKEY_IP_PREFIX	".ip.prefix"
#define FIELDKEY_IP_GATEWAY	".ip.gateway"
#define FIELDKEY_DNS_SERVERS	".dns.servers"
#define FIELDKEY_DNS_SEARCH	".dns.search"
#define FIELDKEY_ITEM		"[%zu]"		/* an item of a list */
#define FIELDKEY_METRIC		".metric"
#define FIELDKEY_PRIMARY	".primary"
#define FIELDKEY_OFFLINE	".offline"

enum plan_field {
	/* the plan's top level */
	FIELD_PROFILE = 0,
	FIELD_VM,
	FIELD_SWITCHES,
	FIELD_NICS,
	/* switch I */
	FIELD_SW,		/* the switch itself: "switches[I]" */
	FIELD_SW_NAME,
	FIELD_SW_TYPE,
	FIELD_SW_UPLINK,
	FIELD_SW_MODE,
	FIELD_SW_BRIDGE,
	FIELD_SW_ADDRESS,
	FIELD_SW_DHCP,
	FIELD_SW_DHCP_START,
	FIELD_SW_DHCP_END,
	FIELD_SW_NAT,
	/* NIC I */
	FIELD_NIC,		/* the NIC itself: "nics[I]" */
	FIELD_NIC_NAME,
	FIELD_NIC_SWITCH,
	FIELD_NIC_MAC,
	FIELD_NIC_IP,
	FIELD_NIC_IP_MODE,
	FIELD_NIC_IP_ADDRESS,
	FIELD_NIC_IP_PREFIX,
	FIELD_NIC_IP_GATEWAY,
	FIELD_NIC_DNS_SERVERS,
	FIELD_NIC_DNS_SERVER,	/* server K of the list */
	FIELD_NIC_DNS_SEARCH,
	FIELD_NIC_DNS_DOMAIN,	/* search domain K of the list */
	FIELD_NIC_METRIC,
	FIELD_NIC_PRIMARY,
	FIELD_NIC_OFFLINE,
	FIELD_COUNT
};

/* The path of F: of switch or NIC I (ignored at the top level), and of
 * item K for FIELD_NIC_DNS_SERVER and FIELD_NIC_DNS_DOMAIN (else
 * ignored).  Written into BUF (LEN bytes, cut to fit) and returned. */
const char *plan_path(char *buf, size_t len, enum plan_field f, size_t i,
		      size_t k);

/* F's key below its switch or NIC without the dot ("ip.address"), or
 * its name at the top level; "" for FIELD_SW and FIELD_NIC. */
const char *plan_field_key(enum plan_field f);

#endif
