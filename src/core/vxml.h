/*
 * vxml.h - reading the parts of libvirt's network and domain XML that
 * edgenet manages into plain structs, and comparing them.
 *
 * A network: forward mode (and the device of a macvtap-style forward),
 * bridge, the first IPv4 address with its prefix, the DHCP range and
 * host entries.  A domain: name, UUID and each <interface> with its type,
 * MAC, source, model, PCI <address> and where it sits in the text (so the
 * planner can cut it out or replace it).  Used by the apply planner, the
 * verification of each step and the read-back of a deployment.  Pure C.
 */
#ifndef EDGENET_VXML_H
#define EDGENET_VXML_H

#include <stdbool.h>
#include <stddef.h>

#include "ipv4.h"
#include "mac.h"
#include "plan.h"
#include "xmlgen.h"

#define VXML_MAX_HOSTS 64
#define VXML_MAX_IFACES 16
#define VXML_UUID_MAX 40
#define VXML_ADDR_ELEM_MAX 200

struct vxml_net {
	char name[PLAN_NAME_MAX];
	char uuid[VXML_UUID_MAX];
	char forward[16];		/* "" = isolated; "nat", "bridge", ... */
	char forward_dev[PLAN_NAME_MAX];	/* <forward><interface dev=> */
	char bridge[PLAN_NAME_MAX];
	char mac[MAC_STRLEN];		/* the bridge's <mac address=>, "" */
	bool has_ip;
	char ip[IPV4_STRLEN];
	int prefix;
	bool dhcp;
	char range_start[IPV4_STRLEN];
	char range_end[IPV4_STRLEN];
	struct xmlgen_host hosts[VXML_MAX_HOSTS];
	size_t nhosts;
	bool hosts_unkept;		/* host entries without MAC/IPv4 exist */
};

struct vxml_iface {
	char type[16];			/* "network", "bridge", "direct", ... */
	char mac[MAC_STRLEN];		/* canonical lower case, "" if none */
	char network[PLAN_NAME_MAX];	/* type network: source network */
	char bridge[PLAN_NAME_MAX];	/* type bridge: source bridge */
	char dev[PLAN_NAME_MAX];	/* type direct: source dev */
	char model[32];			/* "" when none */
	char address[VXML_ADDR_ELEM_MAX];	/* the <address/> text, "" */
	size_t start, end;		/* where the element is in the text */
};

struct vxml_dom {
	char name[PLAN_NAME_MAX];
	char uuid[VXML_UUID_MAX];
	struct vxml_iface ifaces[VXML_MAX_IFACES];
	size_t nifaces;
	bool has_devices;
	size_t devices_close;		/* offset of "</devices>" */
	size_t devices_inner;		/* offset just inside <devices> */
};

/* Read XML into OUT.  0, or -1 with a message in ERR. */
int vxml_net_read(const char *xml, struct vxml_net *out, char *err,
		     size_t errlen);
int vxml_dom_read(const char *xml, struct vxml_dom *out, char *err,
		     size_t errlen);

/* Interface of D with MAC (canonical form), or NULL. */
const struct vxml_iface *vxml_dom_iface(const struct vxml_dom *d,
					      const char *mac);
/* DHCP host entry of N for MAC, or NULL. */
const struct xmlgen_host *vxml_net_host(const struct vxml_net *n,
					   const char *mac);

/* True when A and B agree on everything edgenet manages except the DHCP
 * host entries: forward mode and device, bridge (when WANT names one),
 * address and prefix, DHCP on/off and range.  WANT is the planned side:
 * a bridge it leaves unnamed is libvirt's choice and is not compared. */
bool vxml_net_same_base(const struct vxml_net *have,
			   const struct vxml_net *want);
/* True when A and B have the same host entries (MAC and address), each
 * as many times. */
bool vxml_net_same_hosts(const struct vxml_net *a,
			    const struct vxml_net *b);

/* Canonical form of a MAC ("52:54:00:AB:..." -> lower case); false when
 * it does not parse. */
bool vxml_canon_mac(const char *in, char out[MAC_STRLEN]);

#endif
