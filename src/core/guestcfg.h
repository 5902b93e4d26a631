/*
 * guestcfg.h - what the VM itself receives from a plan: the files that
 * give each of its NICs the planned address, DNS and route priority.
 *
 * Two renderings of the same plan, both deterministic (the same plan and
 * MACs give byte-identical text):
 *
 *  - systemd-networkd: one .network file per NIC, GUEST_FILE_PREFIX +
 *    NIC name + ".network" (it sorts before cloud-init's 10-netplan-* and
 *    10-cloud-init-*, and networkd takes the first file that matches),
 *    [Match] MACAddress= only.  Static: Address=, the default route as
 *    [Route] Gateway= Metric= (never [Network] Gateway=, which adds a
 *    metric-0 route of its own).  DHCP: DHCP=ipv4 and [DHCPv4]
 *    RouteMetric=.  DNS= and Domains= per NIC.  An offline NIC: no
 *    default route (static: no [Route]; DHCP: UseGateway=no),
 *    DNSDefaultRoute=no, search domains as routing-only "~domain",
 *    [Link] RequiredForOnline=no.  These files are installed in the
 *    guest's GUEST_NETWORKD_DIR.
 *
 *  - a NoCloud seed for cloud-init: meta-data (a stable instance-id, so a
 *    changed seed does not re-run cloud-init's per-instance modules),
 *    network-config (version 2: NICs matched by MAC, dhcp4 with
 *    dhcp4-overrides route-metric, addresses, the default route as
 *    "to: 0.0.0.0/0, via, metric", nameservers) and user-data, a
 *    #cloud-config that asks for the network config at every boot and
 *    whose bootcmd (a fixed script: no value from the plan is in it)
 *    copies the seed's networkd/ files into GUEST_NETWORKD_DIR at every
 *    boot and reloads networkd.  That way the planned metrics and the
 *    offline flag hold on guests whose cloud-init renderer would drop
 *    them (cloud-init 22.4 with its networkd or eni renderer) and a seed
 *    changed while the VM was off takes effect at its next start.
 *
 * Only a plan that validated without errors may be rendered (like
 * xmlgen): guestcfg_render re-validates and refuses otherwise.  Pure C.
 */
#ifndef EDGENET_GUESTCFG_H
#define EDGENET_GUESTCFG_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "mac.h"
#include "plan.h"
#include "policy.h"

#define GUEST_NETWORKD_DIR "/etc/systemd/network"
#define GUEST_FILE_PREFIX "05-edgenet-"
#define GUEST_FILE_SUFFIX ".network"
/* GUEST_FILE_PREFIX + a NIC name + GUEST_FILE_SUFFIX, with its NUL. */
#define GUEST_FILE_NAME_MAX (sizeof(GUEST_FILE_PREFIX) + PLAN_NAME_MAX + \
			     sizeof(GUEST_FILE_SUFFIX))
/* The seed's directory holding the networkd files. */
#define GUEST_SEED_NETWORKD_DIR "networkd"
#define GUEST_SEED_LABEL "cidata"

struct guest_file {
	char name[GUEST_FILE_NAME_MAX];	/* "05-edgenet-eth0.network" */
	char nic[PLAN_NAME_MAX];	/* the plan's NIC name */
	char *text;			/* malloc'd contents */
};

struct guest_config {
	struct guest_file networkd[PLAN_MAX_NICS];	/* plan order */
	size_t nnetworkd;
	char *meta_data;
	char *user_data;
	char *network_config;
};

void guestcfg_init(struct guest_config *g);
void guestcfg_free(struct guest_config *g);	/* and re-initialises */

/* Renders P for its VM.  MACS: each NIC's MAC in plan order (the plan's
 * own or the kept one, as apply uses); each must be unicast and not
 * all-zero.  OUT is initialised here (free an earlier result first).
 * 0, or -1 with diagnostics in DIAGS when P has validation errors, a MAC
 * is unusable (nothing is rendered: OUT stays empty) or memory runs out.
 * DIAGS (may be NULL) also gets plan_validate's warnings, without
 * repeating a field already there (diag_list_append_new).
 *
 * The text, for each NIC: a comment naming the VM and the NIC, [Match]
 * MACAddress= (lower case); offline: [Link] RequiredForOnline=no;
 * [Network] Address=A/P or DHCP=ipv4, one DNS= per server (canonical
 * form), Domains= space-separated (offline: each as "~domain"),
 * offline: DNSDefaultRoute=no; DHCP: [DHCPv4] RouteMetric=
 * (plan_nic_metric), offline: UseGateway=no; static, not offline:
 * [Route] Gateway= Metric=.  network-config: block-style YAML, every
 * string double-quoted, NICs keyed by their plan name.  meta-data:
 * instance-id "edgenet-" + the VM's name.  user-data: the same bytes for
 * every plan. */
int guestcfg_render(const struct plan *p, const struct policy *pol,
		    const struct mac *macs, struct guest_config *out,
		    struct diag_list *diags);

/* The networkd file name for NIC name NIC into BUF: 0, or -1 (BUF then
 * "") if too long, NIC is empty or holds a '/'. */
int guestcfg_file_name(const char *nic, char *buf, size_t len);

/* True when NAME is one of ours (GUEST_FILE_PREFIX*GUEST_FILE_SUFFIX
 * with something in place of the '*', no '/'). */
bool guestcfg_is_ours(const char *name);

#endif
