/*
 * fieldpath.c - the one table of a plan's field paths (see fieldpath.h).
 * Pure C: touches only the buffer given.
 */
#include <stdio.h>
#include <string.h>

#include "core/fieldpath.h"
#include "core/str.h"

enum fp_owner { FP_TOP, FP_SW, FP_NIC };

static const struct {
	enum fp_owner owner;
	const char *key;	/* with its leading dot below an owner */
	int item;		/* the key is followed by "[K]" */
} fp_table[FIELD_COUNT] = {
	[FIELD_PROFILE] = { FP_TOP, FIELDKEY_PROFILE, 0 },
	[FIELD_VM] = { FP_TOP, FIELDKEY_VM, 0 },
	[FIELD_SWITCHES] = { FP_TOP, FIELDKEY_SWITCHES, 0 },
	[FIELD_NICS] = { FP_TOP, FIELDKEY_NICS, 0 },
	[FIELD_SW] = { FP_SW, "", 0 },
	[FIELD_SW_NAME] = { FP_SW, FIELDKEY_NAME, 0 },
	[FIELD_SW_TYPE] = { FP_SW, FIELDKEY_TYPE, 0 },
	[FIELD_SW_UPLINK] = { FP_SW, FIELDKEY_UPLINK, 0 },
	[FIELD_SW_MODE] = { FP_SW, FIELDKEY_MODE, 0 },
	[FIELD_SW_BRIDGE] = { FP_SW, FIELDKEY_BRIDGE, 0 },
	[FIELD_SW_ADDRESS] = { FP_SW, FIELDKEY_ADDRESS, 0 },
	[FIELD_SW_DHCP] = { FP_SW, FIELDKEY_DHCP, 0 },
	[FIELD_SW_DHCP_START] = { FP_SW, FIELDKEY_DHCP_START, 0 },
	[FIELD_SW_DHCP_END] = { FP_SW, FIELDKEY_DHCP_END, 0 },
	[FIELD_SW_NAT] = { FP_SW, FIELDKEY_NAT, 0 },
	[FIELD_NIC] = { FP_NIC, "", 0 },
	[FIELD_NIC_NAME] = { FP_NIC, FIELDKEY_NAME, 0 },
	[FIELD_NIC_SWITCH] = { FP_NIC, FIELDKEY_SWITCH, 0 },
	[FIELD_NIC_MAC] = { FP_NIC, FIELDKEY_MAC, 0 },
	[FIELD_NIC_IP] = { FP_NIC, FIELDKEY_IP, 0 },
	[FIELD_NIC_IP_MODE] = { FP_NIC, FIELDKEY_IP_MODE, 0 },
	[FIELD_NIC_IP_ADDRESS] = { FP_NIC, FIELDKEY_IP_ADDRESS, 0 },
	[FIELD_NIC_IP_PREFIX] = { FP_NIC, FIELDKEY_IP_PREFIX, 0 },
	[FIELD_NIC_IP_GATEWAY] = { FP_NIC, FIELDKEY_IP_GATEWAY, 0 },
	[FIELD_NIC_DNS_SERVERS] = { FP_NIC, FIELDKEY_DNS_SERVERS, 0 },
	[FIELD_NIC_DNS_SERVER] = { FP_NIC, FIELDKEY_DNS_SERVERS, 1 },
	[FIELD_NIC_DNS_SEARCH] = { FP_NIC, FIELDKEY_DNS_SEARCH, 0 },
	[FIELD_NIC_DNS_DOMAIN] = { FP_NIC, FIELDKEY_DNS_SEARCH, 1 },
	[FIELD_NIC_METRIC] = { FP_NIC, FIELDKEY_METRIC, 0 },
	[FIELD_NIC_PRIMARY] = { FP_NIC, FIELDKEY_PRIMARY, 0 },
	[FIELD_NIC_OFFLINE] = { FP_NIC, FIELDKEY_OFFLINE, 0 },
};

const char *plan_path(char *buf, size_t len, enum plan_field f, size_t i,
		      size_t k)
{
	const char *key;

	if (len == 0)
		return buf;
	if ((unsigned)f >= FIELD_COUNT) {
		buf[0] = '\0';
		return buf;
	}
	key = fp_table[f].key;
	switch (fp_table[f].owner) {
	case FP_TOP:
		str_copy(buf, len, key);
		break;
	case FP_SW:
		snprintf(buf, len, FIELDPATH_SW("%s"), i, key);
		break;
	case FP_NIC:
		snprintf(buf, len, FIELDPATH_NIC("%s"), i, key);
		break;
	}
	if (fp_table[f].item) {
		size_t n = strlen(buf);

		snprintf(buf + n, len - n, FIELDKEY_ITEM, k);
	}
	return buf;
}

const char *plan_field_key(enum plan_field f)
{
	const char *key;

	if ((unsigned)f >= FIELD_COUNT)
		return "";
	key = fp_table[f].key;
	return fp_table[f].owner != FP_TOP && key[0] == '.' ? key + 1 : key;
}
