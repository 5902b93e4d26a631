/*
 * apply_steps.h - the model of an apply: the snapshot of the host it
 * starts from (its libvirt networks with their definitions, the VM's
 * definition and state, the links an external switch needs, the guest's
 * side), the steps it is made of, their kinds with the names the journal
 * writes, and the guest files a step carries.  apply_plan.h builds the
 * steps; apply_txn runs them; the journal stores them.
 *
 * Pure C: memory only.
 */
#ifndef EDGENET_APPLY_STEPS_H
#define EDGENET_APPLY_STEPS_H

#include <stdbool.h>
#include <stddef.h>

#include "host.h"
#include "ipv4.h"
#include "mac.h"
#include "plan.h"

enum apply_kind {
	APPLY_NONE = 0,
	APPLY_LINK_BRIDGE,	/* bridge for an external switch */
	APPLY_NET_DEFINE,	/* define a new network */
	APPLY_NET_REDEFINE,	/* change a network's definition (restart) */
	APPLY_NET_DHCP_HOST,	/* add / change / remove one DHCP host entry */
	APPLY_NET_START,
	APPLY_NET_AUTOSTART,
	APPLY_DOM_NIC_REMOVE,
	APPLY_DOM_NIC_CHANGE,	/* other network (or type) for a NIC */
	APPLY_DOM_NIC_ADD,
	APPLY_GUEST_SEED,	/* the VM's NoCloud seed CD-ROM (apply_guest.h) */
	APPLY_GUEST_FILES,	/* the VM's networkd files, via its agent */
	APPLY_KIND_COUNT
};

#define APPLY_TEXT_MAX 512
#define APPLY_LINK_MAX_ADDRS 8
#define APPLY_LINK_MAX_ROUTES 4
#define APPLY_IFNAME_MAX 16
#define APPLY_PATH_MAX 1024
#define APPLY_GFILES_MAX 24
#define APPLY_GFILE_NAME_MAX 96

/* One file for the guest (or found in it): a name relative to the
 * guest's networkd directory ("05-edgenet-eth0.network"), or to the
 * seed ("meta-data", "networkd/05-edgenet-eth0.network"). */
struct apply_gfile {
	char name[APPLY_GFILE_NAME_MAX];
	char *text;		/* malloc'd */
};

struct apply_gfiles {
	struct apply_gfile f[APPLY_GFILES_MAX];
	size_t n;
};

/* The guest as seen before applying (apply_guest.h says how it is used). */
enum apply_agent {
	APPLY_AGENT_NOT_ASKED = 0,	/* the VM does not run */
	APPLY_AGENT_OK,			/* answers; files read */
	APPLY_AGENT_ABSENT,		/* does not answer */
	APPLY_AGENT_REFUSED,		/* refuses guest-file / guest-exec */
	APPLY_AGENT_FAILED,		/* answered, but reading failed */
};

/* A default route through a link (metric and gateway). */
struct apply_route {
	char gateway[IPV4_STRLEN];
	unsigned metric;
};

/* What an external bridge-mode switch needs to know about the host's
 * links, and what the bridge step changes. */
struct apply_link {
	char uplink[APPLY_IFNAME_MAX];
	char bridge[APPLY_IFNAME_MAX];
	bool uplink_exists;
	bool uplink_wireless;
	char uplink_master[APPLY_IFNAME_MAX];	/* "" when not enslaved */
	bool bridge_exists;
	bool bridge_is_bridge;
	/* The uplink's IPv4 addresses ("a.b.c.d/p") and default routes, to
	 * move onto the bridge (and back on undo). */
	char addrs[APPLY_LINK_MAX_ADDRS][IPV4_CIDR_STRLEN];
	size_t naddrs;
	struct apply_route routes[APPLY_LINK_MAX_ROUTES];
	size_t nroutes;
};

/* One libvirt network as found on the host. */
struct apply_net_snap {
	char name[PLAN_NAME_MAX];
	char *xml;		/* persistent definition (malloc'd) */
	bool active;
	bool autostart;
};

/* The host before applying.  Strings are malloc'd and owned. */
struct apply_snapshot {
	struct apply_net_snap nets[HOST_MAX_NETS];
	size_t nnets;
	bool dom_exists;
	bool dom_running;
	char *dom_xml;		/* persistent (inactive) definition */
	bool links_known;	/* false: remote host, links not visible */
	/* A remote host (reached over a libvirt transport, not simulated):
	 * its name (virConnectGetHostname, "" unknown) and, per switch of
	 * the plan, whether its bridge is one of that host's interfaces as
	 * libvirt lists them.  A bridge it has is used as it is; one it has
	 * not is refused (edgenet makes bridges only on this machine). */
	bool remote;
	char remote_host[APPLY_IFNAME_MAX * 4];
	bool bridge_seen[PLAN_MAX_SWITCHES];
	struct apply_link links[PLAN_MAX_SWITCHES];
	size_t nlinks;
	/* The guest side (apply_guest.h). */
	char seed_dir[APPLY_PATH_MAX];	/* "" = no seed can be given */
	char seed_why[APPLY_TEXT_MAX];	/* why not, when "" */
	char seed_warn[APPLY_TEXT_MAX];	/* a doubt about it ("" none) */
	bool seed_live;			/* the running VM has our seed CD-ROM */
	enum apply_agent agent;
	char agent_err[APPLY_TEXT_MAX];
	struct apply_gfiles guest_files;	/* ours, in the running guest */
};

void apply_snapshot_init(struct apply_snapshot *s);
void apply_snapshot_free(struct apply_snapshot *s);
/* The network named NAME in S, or NULL. */
const struct apply_net_snap *apply_snapshot_net(const struct apply_snapshot *s,
						const char *name);
/* The link entry for UPLINK/BRIDGE in S, or NULL. */
const struct apply_link *apply_snapshot_link(const struct apply_snapshot *s,
					     const char *uplink,
					     const char *bridge);

struct apply_step {
	enum apply_kind kind;
	char object[PLAN_NAME_MAX];	/* network, domain or bridge name */
	char text[APPLY_TEXT_MAX];	/* what the step does */
	char undo_text[APPLY_TEXT_MAX];	/* how it is undone */
	char *before;		/* the object's definition before (or NULL) */
	char *after;		/* ... and after (or NULL) */
	/* networks */
	bool was_active;	/* before the step */
	bool was_autostart;
	/* DHCP host entry; domain NICs */
	char mac[MAC_STRLEN];
	char ip_before[IPV4_STRLEN];	/* "" = no entry before */
	char ip_after[IPV4_STRLEN];	/* "" = no entry after */
	char nic[PLAN_NAME_MAX];	/* NIC name in the plan, "" if none */
	/* domain NICs */
	bool live;		/* the VM runs: change it live too, if possible */
	char *iface_before;	/* the <interface> element before (or NULL) */
	char *iface_after;	/* ... and after (or NULL) */
	/* host link */
	struct apply_link link;
	/* guest: the seed's path before/after ("" none) and files (the
	 * seed's contents, or the networkd files in the guest) */
	char seed_before[APPLY_PATH_MAX];
	char seed_after[APPLY_PATH_MAX];
	struct apply_gfiles files_before;
	struct apply_gfiles files_after;
};

struct apply_steps {
	struct apply_step *items;
	size_t count, cap;
	char domain[PLAN_NAME_MAX];
};

void apply_steps_init(struct apply_steps *s);
void apply_steps_free(struct apply_steps *s);
/* Appends a zeroed step and returns it (NULL when memory runs out). */
struct apply_step *apply_steps_add(struct apply_steps *s, enum apply_kind k,
				   const char *object);

/* "net-define" etc., and back (APPLY_NONE when unknown). */
const char *apply_kind_name(enum apply_kind k);
enum apply_kind apply_kind_parse(const char *s);
/* True for kinds that change a libvirt network / the domain / a link. */
bool apply_kind_is_net(enum apply_kind k);
bool apply_kind_is_dom(enum apply_kind k);
/* True for the kinds that change the guest (seed, files). */
bool apply_kind_is_guest(enum apply_kind k);

void apply_gfiles_free(struct apply_gfiles *g);
/* Adds NAME with a copy of TEXT: 0, or -1 (full, name too long, no
 * memory). */
int apply_gfiles_add(struct apply_gfiles *g, const char *name,
		     const char *text);
/* The entry named NAME, or NULL. */
const struct apply_gfile *apply_gfiles_get(const struct apply_gfiles *g,
					   const char *name);
/* Same names with the same texts (order does not matter). */
bool apply_gfiles_equal(const struct apply_gfiles *a,
			const struct apply_gfiles *b);

#endif
