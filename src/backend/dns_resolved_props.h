/*
 * dns_resolved_props.h - reading systemd-resolved's D-Bus properties into
 * the DNS view's model; for backend/dns_resolved.c, its only user.
 */
#ifndef EDGENET_BACKEND_DNS_RESOLVED_PROPS_H
#define EDGENET_BACKEND_DNS_RESOLVED_PROPS_H

#include <systemd/sd-bus.h>

#include "core/dnsview.h"

/* The a{sv} of a GetAll (org.freedesktop.resolve1.Manager when S is the
 * Global section, else org.freedesktop.resolve1.Link) into S: modes,
 * DNSSEC support, resolv.conf mode, DefaultRoute, scopes, servers,
 * fallback servers, the current server, domains.  0, or a negative errno
 * on a malformed message (-ENOMEM: memory). */
int dns_resolved_read_props(sd_bus_message *m, struct dnsview_section *s);

#endif
