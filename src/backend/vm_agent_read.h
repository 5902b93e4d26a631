/*
 * vm_agent_read.h - the guest's files read through its QEMU guest agent
 * (backend/guest_agent.c) for the VM panels: its /proc/net/route, and its
 * DNS state (struct vm_dns: /etc/resolv.conf, resolved's
 * /run/systemd/resolve/netif/IDX and networkd's /run/systemd/netif/
 * links/IDX for each link of its /proc/net/dev, opened read-only through
 * the agent, at most VM_DNS_MAX_FILES files and VM_DNS_BUDGET_MS per
 * read).
 *
 * Each function takes a virDomainPtr of a running domain that the caller
 * owns (vm_addrs.c looks it up and checks its state) and says every
 * failure in words in the struct it fills.  Only reads: nothing in the
 * guest is changed.
 */
#ifndef EDGENET_BACKEND_VM_AGENT_READ_H
#define EDGENET_BACKEND_VM_AGENT_READ_H

#include <stdbool.h>
#include <stdint.h>
#include <libvirt/libvirt.h>

#include "core/diag.h"
#include "core/dnsview.h"
#include "core/vmaddr.h"

/* Bounds of one read of the guest's DNS state. */
#define VM_DNS_MAX_FILES 64		/* agent file reads */
#define VM_DNS_FILE_MAX (64 * 1024)	/* bytes of one file */
#define VM_DNS_BUDGET_MS 15000		/* then what is left is skipped */

/* The guest's DNS state as read through the agent. */
struct vm_dns {
	bool tried;			/* the agent was asked */
	bool ok;			/* VIEW holds what was read */
	char err[VM_ERR_MAX + 256];	/* why not, "" */
	struct dnsview view;		/* DNSVIEW_SOURCE_FILES or _RESOLV_CONF,
					 * with a note naming the source */
	struct diag_list problems;	/* what the parsers dropped */
	unsigned files;			/* files the agent returned */
	int64_t taken_ms;		/* CLOCK_MONOTONIC ms, 0 never */
	int64_t taken_unix;
};

void vm_dns_init(struct vm_dns *d);
void vm_dns_free(struct vm_dns *d);	/* and re-initialises */
/* Deep copy (DST freed first).  0, or -1 when memory runs out. */
int vm_dns_copy(struct vm_dns *dst, const struct vm_dns *src);

/* A path the DNS reader may ask the agent for: absolute, no "..", and
 * only ASCII letters, digits and "/._-@:+" (an interface name from the
 * guest's /proc/net/dev ends up in one).  Stricter than agent_path_ok
 * (core/agent_reply.h), which every agent request checks as well. */
bool vm_agent_path_ok(const char *path);

/* The guest's /proc/net/route, at most VM_PROC_ROUTE_MAX bytes, into O
 * (routes_tried; then routes_ok and proc_route, or routes_err). */
void vm_agent_read_routes(virDomainPtr dom, struct vm_observed *o);

/* The guest's DNS state of the running DOM (named DOMAIN in the view's
 * note) into OUT, which is freed first: OUT->ok and the view, or
 * OUT->err. */
void vm_agent_read_dns(virDomainPtr dom, const char *domain,
		       struct vm_dns *out);

#endif
