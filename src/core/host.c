/*
 * host.c - decisions about the host that rest only on the plain data in
 * host.h: which profile to suggest from the host's libvirt networks, and
 * whether a host NIC can be the uplink of an external switch; and the
 * one way a backend adds an address to a host NIC.
 *
 * Pure C: reads the structs it is given and writes only the caller's
 * buffers.  No libvirt, netlink or sysfs here (the backends fill the
 * structs); nothing stored, no globals.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "host.h"
#include "ipv4.h"
#include "str.h"

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* A ready NAT network: forward mode nat, an address, and DHCP served. */
static bool net_is_ready_nat(const struct host_net *n)
{
	return strcmp(n->forward, "nat") == 0 && n->address[0] != '\0' &&
	       n->dhcp;
}

enum host_profile host_suggest_profile(const struct host_net_list *nets,
				       char *why, size_t whylen)
{
	const struct host_net *found = NULL;
	size_t i, count = 0;

	if (nets)
		count = nets->count < HOST_MAX_NETS ? nets->count : HOST_MAX_NETS;
	/* libvirt's stock "default" network first, then any other. */
	for (i = 0; i < count; i++) {
		const struct host_net *n = &nets->items[i];

		if (strcmp(n->name, "default") == 0 && net_is_ready_nat(n)) {
			found = n;
			break;
		}
	}
	for (i = 0; !found && i < count; i++) {
		if (net_is_ready_nat(&nets->items[i]))
			found = &nets->items[i];
	}

	if (!why || whylen == 0)
		return found ? PROFILE_CLIENT : PROFILE_SERVER;
	if (found) {
		snprintf(why, whylen,
			 "libvirt network '%s' is a ready NAT network with DHCP, "
			 "as on a client host%s", found->name,
			 found->active ? "" :
			 " (it is not running now: it will be started)");
		return PROFILE_CLIENT;
	}
	if (count == 0)
		snprintf(why, whylen,
			 "the host has no libvirt network, as on a server host: "
			 "switches will be created explicitly");
	else
		snprintf(why, whylen,
			 "no libvirt network is a ready NAT network with DHCP, "
			 "as on a server host: switches will be created "
			 "explicitly");
	return PROFILE_SERVER;
}

bool host_nic_can_uplink(const struct host_nic *n, const char **reason)
{
	const char *r = NULL;

	if (!n)
		r = "no such interface";
	else if (strcmp(n->name, "lo") == 0)
		r = "is the loopback interface";
	else if (strcmp(n->kind, "bridge") == 0)
		r = "is a bridge itself, not a NIC to put under one";
	else if (n->master[0] != '\0')
		r = "is already enslaved to another bridge (its master); "
		    "free it first or use that bridge";
	else if (n->wireless)
		r = "is Wi-Fi: Wi-Fi cannot be bridged, use a wired NIC";
	else if (strcmp(n->kind, "tun") == 0 || strcmp(n->kind, "tap") == 0)
		r = "is a tun/tap device, not a NIC";
	else if (starts_with(n->name, "virbr"))
		r = "is libvirt's own network bridge (virbr)";
	else if (starts_with(n->name, "vnet") ||
		 strcmp(n->kind, "macvtap") == 0)
		r = "is a VM's interface created by libvirt (vnet/macvtap)";
	else if (n->mac[0] == '\0')
		r = "has no Ethernet address (a layer-3 tunnel cannot be bridged)";

	if (reason)
		*reason = r ? r : "can be the uplink of an external switch";
	return r == NULL;
}

bool host_nic_add_addr(struct host_nic *n, uint32_t addr, int prefix)
{
	char buf[IPV4_CIDR_STRLEN];

	if (!n || prefix < 0 || prefix > 32)
		return false;
	ipv4_format_cidr(addr, prefix, buf);
	for (size_t i = 0; i < n->naddrs && i < HOST_NIC_ADDRS; i++)
		if (strcmp(n->addrs[i], buf) == 0)
			return true;
	if (n->naddrs >= HOST_NIC_ADDRS) {
		n->addrs_cut = true;
		return false;
	}
	str_copy(n->addrs[n->naddrs++], sizeof(n->addrs[0]), buf);
	return true;
}

bool host_uri_is_simulated(const char *uri)
{
	return uri && (strncasecmp(uri, "test:", 5) == 0 ||
		       strncasecmp(uri, "test+", 5) == 0);
}

bool host_uri_is_local(const char *uri)
{
	const char *p = uri ? strstr(uri, "://") : NULL;

	return !p || p[3] == '/' || p[3] == '\0';
}

enum host_where host_uri_where(const char *uri)
{
	if (host_uri_is_simulated(uri))
		return HOST_SIMULATED;
	if (uri && !strstr(uri, "://"))
		return HOST_UNKNOWN;
	return host_uri_is_local(uri) ? HOST_THIS_MACHINE : HOST_REMOTE;
}
