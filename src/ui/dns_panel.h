/*
 * dns_panel.h - what the console's DNS panel (screens/panel_dns.c) is
 * handed: this machine's DNS data (core/dnsview.h's struct dnsview_live,
 * kept current by backend/dns_live.c) and the console's callback that
 * starts and returns the VM's.  A UI structure: the core keeps only the
 * data.  ui/live_run.c fills it; declarations only.
 */
#ifndef EDGENET_UI_DNS_PANEL_H
#define EDGENET_UI_DNS_PANEL_H

#include "core/dnsview.h"

struct dnsview_panel {
	struct dnsview_live *host;	/* this machine's; the panel may set
					 * its refresh_requested */
	/* the VM's data, started on first use ('v'); NULL when there is
	 * none */
	struct dnsview_live *(*vm_start)(void *ctx);
	void *vm_ctx;
	/* the libvirt host is remote: HOST is a placeholder whose status
	 * says "only on the host itself" (ui/live.h host_remote) */
	bool host_only_there;
};

#endif
