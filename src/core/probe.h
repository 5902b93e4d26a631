/*
 * probe.h - what the network diagnostics found, as plain structs: one
 * struct probe_result per probe run.  The backends fill them
 * (backend/netprobe.h: DHCP, address in use, gateway; backend/port_info.h:
 * the uplink port and libvirt's own DHCP server; the DNS probes of
 * backend/dns_probe.h), core/probe_plan.h says which probes a NIC of a
 * plan gets and where they are sent, and core/probe_verdict.h judges a
 * result and words it.  Pure C; no I/O.
 */
#ifndef EDGENET_PROBE_H
#define EDGENET_PROBE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "dnsview.h"
#include "plan.h"

#define PROBE_IP_MAX 16		/* "255.255.255.255" and NUL */
#define PROBE_MAC_MAX 18	/* "52:54:00:12:34:56" and NUL */
#define PROBE_IFNAME_MAX 16	/* IFNAMSIZ */
#define PROBE_MAX_OFFERS 8	/* DHCP offers kept (more: counted) */
#define PROBE_MAX_OFFER_DNS 4	/* DNS servers kept per offer */
#define PROBE_MAX_MACS 4	/* distinct MACs kept that answered an ARP */
#define PROBE_WHY_MAX 256

enum probe_kind {
	PROBE_NONE = 0,
	PROBE_PORT,		/* the uplink port: carrier, speed, Wi-Fi... */
	PROBE_DHCP,		/* DHCPDISCOVER on the wire, OFFERs collected */
	PROBE_LIBVIRT_DHCP,	/* libvirt's dnsmasq of a default/internal switch */
	PROBE_ADDR,		/* RFC 5227 ARP probe: is the address taken? */
	PROBE_GATEWAY,		/* ARP probe for the gateway, then an ICMP
				 * echo from an address found free */
	PROBE_DNS,		/* one DNS server queried (backend/dns_probe.h) */
	PROBE_KIND_COUNT
};

enum probe_status {
	PROBE_IDLE = 0,		/* not run yet */
	PROBE_RUNNING,
	PROBE_DONE,		/* ran to its verdict: the kind's member holds it */
	PROBE_FAILED,		/* could not be run here (no such interface, no
				 * permission, a socket error): why[] says */
	PROBE_SKIPPED,		/* does not apply, or cannot from this machine
				 * (remote host, bridge not created yet): why[] */
};

/* One DHCPOFFER.  Text fields are "" when the option was absent. */
struct dhcp_offer {
	char server_id[PROBE_IP_MAX];	/* option 54 */
	char server_mac[PROBE_MAC_MAX];	/* Ethernet source of the OFFER */
	char server_ip[PROBE_IP_MAX];	/* IPv4 source of the OFFER */
	char offered[PROBE_IP_MAX];	/* yiaddr */
	int prefix;			/* from option 1 (netmask); -1 absent */
	char router[PROBE_IP_MAX];	/* option 3, the first router */
	char dns[PROBE_MAX_OFFER_DNS][PROBE_IP_MAX];	/* option 6 */
	size_t ndns;
	long long lease_s;		/* option 51; -1 absent */
	long long latency_us;		/* DISCOVER sent -> this OFFER received */
};

struct probe_dhcp {
	char client_mac[PROBE_MAC_MAX];	/* the throw-away MAC the DISCOVER used */
	struct dhcp_offer offers[PROBE_MAX_OFFERS];	/* in arrival order */
	size_t noffers;			/* kept */
	size_t nservers;		/* distinct servers that answered (by
					 * server id, else by MAC), all counted */
	bool more;			/* offers past PROBE_MAX_OFFERS came */
	int wait_ms;			/* how long offers were collected */
};

/* libvirt's own DHCP server for a default or internal switch. */
struct probe_libvirt_dhcp {
	char network[PLAN_NAME_MAX];
	bool defined;			/* the network exists on the host */
	bool active;
	bool dhcp;			/* its XML has a <dhcp> range */
	char range_start[PROBE_IP_MAX], range_end[PROBE_IP_MAX];
	bool dnsmasq_running;		/* its dnsmasq process is alive */
	long dnsmasq_pid;		/* 0 unknown */
	char bridge[PROBE_IFNAME_MAX];
};

/* Address in use: an ARP probe (sender 0.0.0.0) for TARGET. */
struct probe_addr {
	char target[PROBE_IP_MAX];
	bool answered;
	char macs[PROBE_MAX_MACS][PROBE_MAC_MAX];	/* who answered, first first */
	size_t nmacs;
	long long rtt_us;		/* to the first answer */
	int wait_ms;			/* how long answers were awaited */
};

/* Why a gateway probe sent no echo (ICMP) from the planned address.  The
 * echo, and the answers to the gateway's ARP requests for that address
 * that it brings, teach the gateway that the address is at the probe's
 * throw-away MAC: a device (or the VM itself) that holds the address
 * would lose its traffic.  So the echo goes only from an address the same
 * NIC's address probe has just found free; 0, the default, is "not
 * checked": no echo. */
enum probe_no_ping {
	PROBE_NO_PING_UNCHECKED = 0,	/* the address was not checked: no
					 * address probe, or it was skipped
					 * or failed */
	PROBE_NO_PING_IN_USE,		/* another device answered for it */
	PROBE_NO_PING_VM_HOLDS,		/* only the NIC's own MAC answered:
					 * the VM holds it (a re-apply) */
	PROBE_NO_PING_NO_ADDRESS,	/* no planned address to send from */
	PROBE_PING_ALLOWED,		/* found free: the echo may go */
};

/* Gateway: an ARP probe for it (sender 0.0.0.0, RFC 5227: the gateway
 * answers and learns nothing), then, only when the planned address was
 * found free (no_ping is PROBE_PING_ALLOWED), one ICMP echo from it.
 * "No ARP reply" and "ARP but no ping" are told apart, and a ping not
 * sent says why (no_ping). */
struct probe_gateway {
	char gateway[PROBE_IP_MAX];
	char source[PROBE_IP_MAX];	/* the planned address, the echo's
					 * sender when it goes; "0.0.0.0"
					 * none.  The ARP is always sent
					 * from 0.0.0.0. */
	bool arp_answered;
	char mac[PROBE_MAC_MAX];
	long long arp_rtt_us;
	bool ping_sent;
	bool ping_answered;
	long long ping_rtt_us;
	enum probe_no_ping no_ping;	/* PROBE_PING_ALLOWED, or why the
					 * echo may not go */
	int wait_ms;
};

/* The uplink port of an external switch, read (nothing is sent). */
struct probe_port {
	bool exists;
	bool up;			/* administratively */
	bool carrier;
	int speed_mbps;			/* -1 unknown */
	int duplex;			/* -1 unknown, 0 half, 1 full */
	char driver[32];		/* "" unknown */
	bool wireless;			/* Wi-Fi: cannot be bridged */
	bool is_virtual;		/* veth, bridge, tun, ifb, macvlan... */
	char kind[PROBE_IFNAME_MAX];	/* "veth", "bridge", "" plain device */
	char master[PROBE_IFNAME_MAX];	/* the bridge holding it, "" none */
};

/* One DNS server of the NIC, queried from this machine. */
struct probe_dns {
	char server[DNSVIEW_ADDR_MAX];
	struct dnsview_probe probe;
};

struct probe_result {
	enum probe_kind kind;
	enum probe_status status;
	char ifname[PROBE_IFNAME_MAX];	/* sent on / read from; "" none */
	char why[PROBE_WHY_MAX];	/* FAILED, SKIPPED: the reason, a sentence */
	long long elapsed_ms;		/* start to verdict */
	/* the member of KIND holds the finding (the others stay zero) */
	struct probe_port port;
	struct probe_dhcp dhcp;
	struct probe_libvirt_dhcp lvdhcp;
	struct probe_addr addr;
	struct probe_gateway gw;
	struct probe_dns dns;
};

/* Clears R and sets its kind (status IDLE, -1 for unknown numbers). */
void probe_result_init(struct probe_result *r, enum probe_kind kind);
/* "port", "dhcp", "libvirt-dhcp", "address", "gateway", "dns" (JSON and
 * the CLI); NULL for an unknown kind. */
const char *probe_kind_name(enum probe_kind k);
/* "DHCP server", "Address check", "Gateway", "DNS server", "Uplink port",
 * "libvirt DHCP" (screens). */
const char *probe_kind_title(enum probe_kind k);
/* "idle", "running", "done", "failed", "skipped". */
const char *probe_status_name(enum probe_status s);

#endif
