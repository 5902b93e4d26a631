/*
 * vmaddr.h - what the VM's NICs look like from outside (struct
 * vm_observed: the domain's interfaces, and the addresses libvirt reports
 * from each source - guest agent, DHCP lease, ARP - each with its own
 * result or error), and the VM-addresses view: one row per NIC with the
 * guest's name for it, MAC, switch, configured mode and address (from the
 * plan), the observed addresses with their sources and ages, and flags
 * for "no address", "address differs from the plan", "MAC differs", and
 * for what waits for the VM's next start (a NIC added, removed, moved:
 * pending.h), which is no mismatch.
 *
 * The libvirt backend (backend/vm_addrs.c) fills struct vm_observed; this
 * file only reads it.  Pure C: memory only.
 */
#ifndef EDGENET_VMADDR_H
#define EDGENET_VMADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "pending.h"
#include "plan.h"

#define VM_MAX_IFS 16
#define VM_MAX_ADDRS 8
/* libvirt's error texts are kept whole (libvirt's own limit is 1024
 * bytes), with a sentence of ours around them. */
#define VM_ERR_MAX 1536
#define VM_ADDR_STRLEN 46
/* The guest's /proc/net/route: 128 bytes a route, so about 500 routes;
 * a larger table is not read (routes_err says so). */
#define VM_PROC_ROUTE_MAX (64 * 1024)

enum vm_source {
	VM_SRC_AGENT = 0,	/* the QEMU guest agent: the guest's own view */
	VM_SRC_LEASE,		/* libvirt's dnsmasq DHCP leases */
	VM_SRC_ARP,		/* the host's ARP table */
	VM_SRC_COUNT
};

/* "agent", "lease", "arp" */
const char *vm_source_name(enum vm_source s);

struct vm_addr {
	char addr[VM_ADDR_STRLEN];
	int prefix;
	bool ipv6;
	int64_t since_ms;	/* first seen (CLOCK_MONOTONIC ms) */
};

/* One interface as a source reports it. */
struct vm_iface {
	char name[32];		/* agent: the guest's name; else host side */
	char mac[18];
	struct vm_addr addrs[VM_MAX_ADDRS];
	size_t naddrs;
};

struct vm_source_result {
	bool tried;		/* asked (the domain runs) */
	bool ok;
	int code;		/* libvirt error code when not ok */
	char err[VM_ERR_MAX];
	int64_t when_ms;	/* when asked */
	struct vm_iface ifs[VM_MAX_IFS];
	size_t nifs;
	/* what the source reported beyond VM_MAX_IFS interfaces and
	 * VM_MAX_ADDRS addresses of one interface: not kept, counted (a
	 * guest's agent may report anything) */
	unsigned more_ifs, more_addrs;
};

/* An <interface> of the domain's XML. */
struct vm_dom_nic {
	char mac[18];
	char type[16];		/* "network", "bridge", "direct"... */
	char source[PLAN_NAME_MAX];	/* network, bridge or device name */
	char target[16];	/* host-side device, "vnet3" (running) */
	char model[16];
};

enum vm_state {
	VM_STATE_UNKNOWN = 0,	/* not asked, or the connection failed */
	VM_STATE_UNDEFINED,	/* no such domain */
	VM_STATE_RUNNING,
	VM_STATE_PAUSED,
	VM_STATE_SHUTOFF,
	VM_STATE_OTHER,		/* crashed, suspended, shutting down... */
};
const char *vm_state_name(enum vm_state s);

struct vm_observed {
	char uri[256];
	char domain[PLAN_NAME_MAX];
	bool connected;
	char conn_err[VM_ERR_MAX];	/* why not connected / lookup failed */
	enum vm_state state;
	struct vm_dom_nic nics[VM_MAX_IFS];
	size_t nnics;
	struct vm_source_result src[VM_SRC_COUNT];
	/* the guest's /proc/net/route, read through the agent */
	bool routes_tried, routes_ok;
	char routes_err[VM_ERR_MAX];
	char proc_route[VM_PROC_ROUTE_MAX + 1];
	int64_t taken_ms;		/* CLOCK_MONOTONIC ms */
	int64_t taken_unix;		/* seconds since the epoch */
	unsigned retry_s;		/* back-off: next attempt in, 0 none */
};

void vm_observed_init(struct vm_observed *o);

/* Reads the <interface> elements of a libvirt domain XML into O->nics.
 * Returns the number found, or -1 with a message in ERR. */
int vmaddr_parse_domain_xml(const char *xml, struct vm_observed *o,
			    char *err, size_t errlen);

/* Keeps, for every address CUR reports that PREV reported from the same
 * source for the same MAC, PREV's first-seen time. */
void vmaddr_carry_since(struct vm_observed *cur, const struct vm_observed *prev);

/* --- the view --- */

enum vmaddr_flag {
	VMA_NO_ADDRESS = 1 << 0,	/* no IPv4 address from any source */
	VMA_ADDR_DIFFERS = 1 << 1,	/* not the plan's address/subnet */
	VMA_MAC_DIFFERS = 1 << 2,	/* a plan NIC the domain lacks, and
					 * a NIC of the domain on its switch
					 * has another MAC (other_mac) */
	VMA_NOT_IN_PLAN = 1 << 3,	/* a domain NIC the plan lacks */
	VMA_NOT_IN_DOMAIN = 1 << 4,	/* a plan NIC the domain lacks */
	VMA_ZERO_MAC = 1 << 5,		/* 00:00:00:00:00:00 */
	VMA_UNKNOWN = 1 << 6,		/* no source answered */
	/* what waits for the VM's next start (pending.h) */
	VMA_PENDING_ADD = 1 << 7,	/* in the persistent definition only */
	VMA_PENDING_REMOVE = 1 << 8,	/* in the running definition only */
	VMA_PENDING_CHANGE = 1 << 9,	/* moves, or changes its model */
};

#define VMA_MAX_OBS 16

/* An observed address and the sources that report it. */
struct vmaddr_obs {
	char addr[VM_ADDR_STRLEN];
	int prefix;
	bool ipv6;
	unsigned sources;		/* 1 << enum vm_source */
	int64_t age_s;			/* since first seen */
};

struct vmaddr_row {
	int plan_nic;			/* index in the plan, -1 */
	int dom_nic;			/* index in vm_observed.nics, -1 */
	char guest_name[32];		/* from the agent, "" unknown */
	char name[PLAN_NAME_MAX];	/* the plan's NIC name, "" */
	char mac[18];			/* the domain's (else the plan's) */
	char plan_mac[18];		/* expected, "" unknown */
	char other_mac[18];		/* VMA_MAC_DIFFERS: the domain's */
	char sw[PLAN_NAME_MAX];		/* switch (network) */
	char configured[96];		/* "dhcp", "static 10.0.0.5/24 gw ..." */
	struct vmaddr_obs obs[VMA_MAX_OBS];
	size_t nobs;
	unsigned flags;			/* enum vmaddr_flag */
};

struct vmaddr_view {
	struct vmaddr_row rows[VM_MAX_IFS + PLAN_MAX_NICS];
	size_t nrows;
	struct diag_list problems;
};

void vmaddr_view_init(struct vmaddr_view *v);
void vmaddr_view_free(struct vmaddr_view *v);

/* Builds V from O and the plan P (NULL: none).  NIC_MAC gives each plan
 * NIC's MAC when the plan has none (kept in the state directory); it and
 * its entries may be NULL.  NOW_MS: CLOCK_MONOTONIC ms, for the ages.
 *
 * A plan NIC whose MAC is known (the plan's or NIC_MAC's) is paired only
 * with the domain NIC of that MAC, never by switch or order; a plan NIC
 * with no known MAC takes a domain NIC on its switch, then one left over.
 * Returns 0 or -1 (memory). */
int vmaddr_view_build(struct vmaddr_view *v, const struct vm_observed *o,
		      const struct plan *p,
		      const char *const nic_mac[PLAN_MAX_NICS], int64_t now_ms);

/* The same, knowing what waits for the VM's next start (PENDING, NULL:
 * nothing known): a domain NIC being removed is paired with no plan NIC
 * and flagged VMA_PENDING_REMOVE; a plan NIC the running VM lacks that
 * is being added is flagged VMA_PENDING_ADD (not VMA_NOT_IN_DOMAIN); a
 * NIC that moves is VMA_PENDING_CHANGE and its addresses are not
 * checked against the plan (they are the old network's until then).
 * None of these is a problem. */
int vmaddr_view_build_pending(struct vmaddr_view *v,
			      const struct vm_observed *o,
			      const struct plan *p,
			      const char *const nic_mac[PLAN_MAX_NICS],
			      const struct pending_list *pending,
			      int64_t now_ms);

/* "agent+lease" for a set of sources, into BUF (at least 32 bytes). */
char *vmaddr_sources_str(unsigned sources, char *buf, size_t len);
/* "5s", "3m", "2h", "4d" into BUF (at least 16 bytes). */
char *vmaddr_age_str(int64_t seconds, char *buf, size_t len);

#endif
