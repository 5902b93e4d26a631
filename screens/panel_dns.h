/*
 * panel_dns.h - the DNS panel: a resolvectl-like view of Global and each
 * link (Current Scopes, Protocols, Current DNS Server, DNS Servers, DNS
 * Domain, +DefaultRoute) with each server's probe result beside it, which
 * source is shown (systemd-resolved, or its files when it is down) and
 * how fresh, and the problems found.  It asks struct app for a struct
 * dnsview_panel (ui/dns_panel.h) when it is shown (on_data, through the
 * app's dns_start; none: it says DNS is not available): this machine's
 * struct dnsview_live (core/dnsview.h), which backend/dns_live.c keeps
 * current; it never calls a backend: 'r' only sets the data's
 * refresh_requested.  'v' switches between this machine and the VM: the
 * VM's data comes from the struct's vm_start (set by the console), read
 * through the guest agent, its servers probed from the host, which the
 * panel says.
 */
#ifndef EDGENET_SCREENS_PANEL_DNS_H
#define EDGENET_SCREENS_PANEL_DNS_H

#include "core/dnsview.h"
#include "ui/dns_panel.h"
#include "ui/screen.h"

extern const struct screen_class panel_dns_screen;

#endif
