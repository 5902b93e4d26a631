/*
 * host.h - what the console needs to know about the host, as plain data,
 * and the small ops interfaces the backends implement.
 *
 * The core and the screens see only these structs; the real
 * implementations live in src/backend/ (netlink for the host's NICs,
 * libvirt for its networks and domains).  Pure C: no backend includes.
 */
#ifndef EDGENET_HOST_H
#define EDGENET_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "plan.h"

#define HOST_MAX_NICS 64
#define HOST_MAX_NETS 32
#define HOST_NIC_ADDRS 8	/* IPv4 addresses held per NIC */
#define HOST_ADDR_MAX 19	/* "255.255.255.255/32" + NUL */

/* A network interface of the host, as netlink and sysfs report it. */
struct host_nic {
	char name[16];
	char mac[18];		/* "" when it has none */
	int ifindex;
	bool up;		/* administratively up */
	bool carrier;
	int speed_mbps;		/* -1 when unknown */
	bool wireless;		/* Wi-Fi: cannot be enslaved to a bridge */
	bool physical;		/* backed by a device (not a bridge, veth peer of ours, tap...) */
	char kind[16];		/* "bridge", "veth", "tun", "" for a plain device */
	char master[16];	/* bridge it is enslaved to, "" if none */
	/* its IPv4 addresses as "a.b.c.d/prefix", in the order the host
	 * lists them; more than HOST_NIC_ADDRS: the first ones, addrs_cut */
	char addrs[HOST_NIC_ADDRS][HOST_ADDR_MAX];
	size_t naddrs;
	bool addrs_cut;
};

struct host_nic_list {
	struct host_nic items[HOST_MAX_NICS];
	size_t count;
	/* where the list came from, in words for the screens ("this
	 * machine (netlink)", "the demo host's node file ..."); "" unknown */
	char source[128];
	/* the NICs' addresses were read (false: naddrs says nothing) */
	bool addrs_known;
};

/* A libvirt network on the host, mapped onto edgenet's switch types. */
struct host_net {
	char name[PLAN_NAME_MAX];
	enum switch_type type;	/* SWITCH_UNSET when it maps to none */
	char forward[16];	/* libvirt forward mode, "" for isolated */
	char bridge[16];
	char address[PLAN_ADDR_MAX];	/* "192.168.122.1/24", "" if none */
	bool dhcp;
	char dhcp_start[PLAN_ADDR_MAX];
	char dhcp_end[PLAN_ADDR_MAX];
	bool active;
	bool autostart;
};

struct host_net_list {
	struct host_net items[HOST_MAX_NETS];
	size_t count;
};

#define HOST_MAX_DOMAINS 64

/* The libvirt domains (VMs) defined on the host, sorted by name. */
struct host_domain_list {
	char names[HOST_MAX_DOMAINS][PLAN_NAME_MAX];
	size_t count;		/* names held */
	size_t total;		/* domains on the host (more than held: cut) */
};

/* Host NICs (netlink for this machine, backend/nl_links.c; libvirt's
 * interface definitions for a simulated host, backend/virt_links.c).
 * Returns 0, or -1 with a message in ERR. */
struct host_link_ops {
	int (*list_nics)(void *ctx, struct host_nic_list *out, char *err,
			 size_t errlen);
	void *ctx;
};

/* The virtualisation host (libvirt). */
struct host_virt_ops {
	/* libvirt networks; 0 or -1 with a message. */
	int (*list_networks)(void *ctx, struct host_net_list *out, char *err,
			     size_t errlen);
	/* Does the domain exist?  1 yes, 0 no, -1 error. */
	int (*domain_exists)(void *ctx, const char *name, char *err,
			     size_t errlen);
	/* The defined domains (running or not); 0 or -1 with a message. */
	int (*list_domains)(void *ctx, struct host_domain_list *out,
			    char *err, size_t errlen);
	/* The connection's URI, for the header line. */
	const char *(*uri)(void *ctx);
	void *ctx;
};

/* The profile to suggest: client when the host has a ready NAT network
 * (libvirt's "default" or any NAT network with DHCP), else server.
 * WHY receives one sentence saying what the suggestion rests on. */
enum host_profile host_suggest_profile(const struct host_net_list *nets,
				       char *why, size_t whylen);

/* NICs that can be the uplink of an external switch: physical, not
 * enslaved elsewhere; Wi-Fi ones are listed but flagged by the caller. */
bool host_nic_can_uplink(const struct host_nic *n, const char **reason);

/* Appends ADDR/PREFIX (host byte order, prefix 0-32) to N's addresses as
 * "a.b.c.d/p"; one already held is not added again.  When N holds
 * HOST_NIC_ADDRS already, sets addrs_cut and returns false. */
bool host_nic_add_addr(struct host_nic *n, uint32_t addr, int prefix);

/* A libvirt URI with no host part (qemu:///system; NULL: the default
 * URI) names a libvirt on this machine; qemu+ssh://host/system does not.
 * Says nothing of the test driver (test:///...), which callers treat
 * apart: it is local, but a simulation. */
bool host_uri_is_local(const char *uri);
/* True when URI names libvirt's test driver ("test:///default",
 * "test:///PATH/node.xml", or over a transport, "test+tcp://..."): a
 * simulated host, whose networks and NICs
 * are not this machine's (the demo). */
bool host_uri_is_simulated(const char *uri);

/* Where the libvirt host of URI is, in the order every caller asks:
 * simulated (the test driver), unknown (a word with no "://": an alias
 * libvirt has not resolved), this machine (no host part; NULL, the
 * default URI, too), or another machine. */
enum host_where {
	HOST_SIMULATED,
	HOST_UNKNOWN,
	HOST_THIS_MACHINE,
	HOST_REMOTE,
};
enum host_where host_uri_where(const char *uri);

#endif
