/*
 * port_info.h - the probes that read and send nothing: the uplink port
 * of an external switch (carrier, speed and duplex, driver, Wi-Fi,
 * virtual, the bridge holding it: sysfs, netlink and the ethtool ioctl),
 * and libvirt's own DHCP server of a default or internal switch (the
 * network's definition as the host facts hold it, and its dnsmasq
 * process from libvirt's pid file).  Both finish at once.
 */
#ifndef EDGENET_BACKEND_PORT_INFO_H
#define EDGENET_BACKEND_PORT_INFO_H

#include "core/host.h"
#include "core/probe.h"

/* Reads port IFNAME into R (kind PROBE_PORT): DONE with r->port
 * (exists false when there is no such interface), or FAILED. */
void port_info_read(const char *ifname, struct probe_result *r);

/* Reads libvirt's DHCP server of NETWORK into R (kind
 * PROBE_LIBVIRT_DHCP).  NET is the host's network of that name, NULL
 * when the host has none; RUNDIR is libvirt's run directory (NULL:
 * /run/libvirt), where network/NAME.pid names its dnsmasq. */
void libvirt_dhcp_read(const char *network, const struct host_net *net,
		       const char *rundir, struct probe_result *r);

#endif
