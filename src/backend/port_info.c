/*
 * port_info.c - the probes that only read (port_info.h): the uplink port
 * of an external switch and libvirt's own DHCP server of a default or
 * internal switch.
 *
 * The port: existence, state, carrier, kind and master through netlink
 * (nl_links_get, the same reading as the host NIC list); speed, duplex
 * and driver through the ethtool ioctl (ETHTOOL_GLINKSETTINGS, else
 * ETHTOOL_GSET; ETHTOOL_GDRVINFO); Wi-Fi and "virtual" from sysfs when
 * sysfs describes the caller's namespace, and from the kind.
 * libvirt's DHCP: the network as the host facts hold it, its dnsmasq
 * from RUNDIR/network/NAME.pid (alive, and /proc/PID/comm is dnsmasq).
 *
 * Reads only: netlink, sysfs, /proc, one pid file, and an ioctl on a UDP
 * socket that is never bound or sent on.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>

#include "backend/nl_links.h"
#include "backend/port_info.h"
#include "core/str.h"
#include "core/err.h"

#define PI_RUNDIR_DEFAULT "/run/libvirt"

static bool kind_in(const char *kind, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(kind, list[i]) == 0)
			return true;
	return false;
}

/* Kinds that are software, never a port to the plant network. */
static bool kind_is_virtual(const char *kind)
{
	static const char *const v[] = {
		"veth", "bridge", "tun", "tap", "ifb", "macvlan", "macvtap",
		"vxlan", "dummy", "ipvlan", "gre", "gretap", "ipip", "sit",
		"wireguard", "geneve", "vrf", NULL,
	};

	return kind_in(kind, v);
}

/* Kinds that are software too (sysfs lists them under
 * /sys/devices/virtual/net) but stand on physical ports and are real
 * uplinks to the plant network: a bond or a team (its slaves are
 * physical NICs: the usual redundant uplink of an industrial PC) and a
 * VLAN (its lower device is one; a plant's OT network is often a tagged
 * VLAN on the same cable).  Bridging one reaches the plant network, so
 * none is called virtual. */
static bool kind_is_uplink_stack(const char *kind)
{
	static const char *const v[] = { "bond", "team", "vlan", NULL };

	return kind_in(kind, v);
}

static int ethtool_ioctl(int fd, const char *ifname, void *data)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	str_copy(ifr.ifr_name, sizeof(ifr.ifr_name), ifname);
	ifr.ifr_data = data;
	return ioctl(fd, SIOCETHTOOL, &ifr);
}

static void set_speed_duplex(struct probe_port *pp, uint32_t speed,
			     uint8_t duplex)
{
	if (speed != 0 && speed != (uint32_t)SPEED_UNKNOWN &&
	    speed < 100000000u)
		pp->speed_mbps = (int)speed;
	if (duplex == DUPLEX_HALF)
		pp->duplex = 0;
	else if (duplex == DUPLEX_FULL)
		pp->duplex = 1;
}

/* Speed and duplex: the link-settings call (its two-step handshake on
 * the mask size), else the legacy one.  Unknown stays -1. */
static void read_link_settings(int fd, const char *ifname,
			       struct probe_port *pp)
{
	struct {
		struct ethtool_link_settings s;
		uint32_t masks[3 * 127];
	} ls;
	struct ethtool_cmd ec;

	memset(&ls, 0, sizeof(ls));
	ls.s.cmd = ETHTOOL_GLINKSETTINGS;
	if (ethtool_ioctl(fd, ifname, &ls) == 0 &&
	    ls.s.link_mode_masks_nwords < 0 &&
	    -ls.s.link_mode_masks_nwords <= 127) {
		int8_t nwords = (int8_t)-ls.s.link_mode_masks_nwords;

		memset(&ls, 0, sizeof(ls));
		ls.s.cmd = ETHTOOL_GLINKSETTINGS;
		ls.s.link_mode_masks_nwords = nwords;
		if (ethtool_ioctl(fd, ifname, &ls) == 0 &&
		    ls.s.link_mode_masks_nwords > 0) {
			set_speed_duplex(pp, ls.s.speed, ls.s.duplex);
			return;
		}
	}
	memset(&ec, 0, sizeof(ec));
	ec.cmd = ETHTOOL_GSET;
	if (ethtool_ioctl(fd, ifname, &ec) == 0)
		set_speed_duplex(pp, ethtool_cmd_speed(&ec), ec.duplex);
}

static void read_ethtool(const char *ifname, struct probe_port *pp)
{
	struct ethtool_drvinfo di;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return;
	read_link_settings(fd, ifname, pp);
	memset(&di, 0, sizeof(di));
	di.cmd = ETHTOOL_GDRVINFO;
	if (ethtool_ioctl(fd, ifname, &di) == 0) {
		di.driver[sizeof(di.driver) - 1] = '\0';
		str_copy(pp->driver, sizeof(pp->driver), di.driver);
	}
	close(fd);
}

static bool path_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

void port_info_read(const char *ifname, struct probe_result *r)
{
	struct probe_port *pp = &r->port;
	struct host_nic n;
	char err[ERR_MAX], path[128];
	int found;

	probe_result_init(r, PROBE_PORT);
	str_copy(r->ifname, sizeof(r->ifname), ifname);
	if (!ifname || !*ifname || strlen(ifname) >= IFNAMSIZ ||
	    strchr(ifname, '/')) {
		/* no interface can have this name */
		r->status = PROBE_DONE;
		pp->exists = false;
		return;
	}
	found = nl_links_get(ifname, &n, err, sizeof(err));
	if (found < 0) {
		r->status = PROBE_FAILED;
		snprintf(r->why, sizeof(r->why), "The port %s cannot be read: "
			 "%.200s.", ifname, err);
		return;
	}
	r->status = PROBE_DONE;
	pp->exists = found == 1;
	if (!pp->exists)
		return;
	pp->up = n.up;
	pp->carrier = n.carrier;
	str_copy(pp->kind, sizeof(pp->kind), n.kind);
	str_copy(pp->master, sizeof(pp->master), n.master);
	read_ethtool(ifname, pp);
	if (pp->speed_mbps < 0 && n.speed_mbps >= 0)
		pp->speed_mbps = n.speed_mbps;
	pp->wireless = n.wireless;
	pp->is_virtual = kind_is_virtual(n.kind);
	if (!pp->is_virtual && !n.physical && !n.wireless &&
	    !kind_is_uplink_stack(n.kind) && nl_links_sysfs_is_ours(&n)) {
		snprintf(path, sizeof(path), "/sys/devices/virtual/net/%s",
			 ifname);
		pp->is_virtual = path_exists(path);
	}
}

/* The pid in FILE, 0 when it cannot be read. */
static long read_pid(const char *file)
{
	char buf[32], *end;
	long pid;
	FILE *f = fopen(file, "re");

	if (!f)
		return 0;
	if (!fgets(buf, sizeof(buf), f)) {
		fclose(f);
		return 0;
	}
	fclose(f);
	errno = 0;
	pid = strtol(buf, &end, 10);
	if (errno || end == buf || (*end && *end != '\n') || pid <= 1)
		return 0;
	return pid;
}

/* Is PID alive and a dnsmasq? */
static bool is_dnsmasq(long pid)
{
	char path[64], comm[32];
	FILE *f;
	bool ok;

	if (kill((pid_t)pid, 0) < 0 && errno != EPERM)
		return false;
	snprintf(path, sizeof(path), "/proc/%ld/comm", pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	ok = fgets(comm, sizeof(comm), f) != NULL;
	fclose(f);
	if (!ok)
		return false;
	comm[strcspn(comm, "\n")] = '\0';
	return strcmp(comm, "dnsmasq") == 0;
}

void libvirt_dhcp_read(const char *network, const struct host_net *net,
		       const char *rundir, struct probe_result *r)
{
	struct probe_libvirt_dhcp *lv = &r->lvdhcp;
	char file[4096];

	probe_result_init(r, PROBE_LIBVIRT_DHCP);
	str_copy(lv->network, sizeof(lv->network), network);
	r->status = PROBE_DONE;
	if (!net)
		return;		/* not defined on the host */
	lv->defined = true;
	lv->active = net->active;
	lv->dhcp = net->dhcp;
	str_copy(lv->range_start, sizeof(lv->range_start), net->dhcp_start);
	str_copy(lv->range_end, sizeof(lv->range_end), net->dhcp_end);
	str_copy(lv->bridge, sizeof(lv->bridge), net->bridge);
	str_copy(r->ifname, sizeof(r->ifname), net->bridge);
	if (!network || !*network || strchr(network, '/'))
		return;
	if (str_path(file, sizeof(file), NULL, 0, "%s/network/%s.pid",
		     rundir && *rundir ? rundir : PI_RUNDIR_DEFAULT,
		     network) < 0)
		return;		/* a cut path would read another file */
	lv->dnsmasq_pid = read_pid(file);
	lv->dnsmasq_running = lv->dnsmasq_pid > 0 &&
			      is_dnsmasq(lv->dnsmasq_pid);
}
