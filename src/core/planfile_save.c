/*
 * planfile_save.c - writing a plan as a libconfig file (planfile.h:
 * planfile_format, planfile_save).  It builds a config_t from the plan
 * and lets config_write() print it, so that what is written is always
 * what libconfig reads back (planfile.c); keys that hold nothing are
 * left out.  The file is replaced atomically (fileio.h); nothing else is
 * touched.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <libconfig.h>

#include "cfgutil.h"
#include "fileio.h"
#include "planfile.h"
#include "core/err.h"

#define PLANFILE_HEADER \
	"# edgenet network plan (libconfig syntax), written by edgenet.\n" \
	"# Check it with \"edgenet check FILE\"; comments are not kept.\n"

static int save_switch(config_setting_t *l, const struct plan_switch *sw)
{
	config_setting_t *g = config_setting_add(l, NULL, CONFIG_TYPE_GROUP);
	bool hosted = sw->type == SWITCH_DEFAULT || sw->type == SWITCH_INTERNAL;
	int r = 0;

	if (!g)
		return -1;
	r |= cfgutil_put_nonempty(g, "name", sw->name);
	r |= cfgutil_put_nonempty(g, "type", plan_switch_type_name(sw->type));
	r |= cfgutil_put_nonempty(g, "uplink", sw->uplink);
	if (sw->type == SWITCH_EXTERNAL || sw->ext_mode != EXT_BRIDGE)
		r |= cfgutil_put_nonempty(g, "mode",
					  plan_ext_mode_name(sw->ext_mode));
	r |= cfgutil_put_nonempty(g, "bridge", sw->bridge);
	r |= cfgutil_put_nonempty(g, "address", sw->address);
	if (hosted || sw->dhcp)
		r |= cfgutil_put_bool(g, "dhcp", sw->dhcp);
	r |= cfgutil_put_nonempty(g, "dhcp_start", sw->dhcp_start);
	r |= cfgutil_put_nonempty(g, "dhcp_end", sw->dhcp_end);
	if (hosted || sw->nat)
		r |= cfgutil_put_bool(g, "nat", sw->nat);
	return r;
}

static int save_nic(config_setting_t *l, const struct plan_nic *nic)
{
	config_setting_t *g = config_setting_add(l, NULL, CONFIG_TYPE_GROUP);
	int r = 0;

	if (!g)
		return -1;
	r |= cfgutil_put_nonempty(g, "name", nic->name);
	r |= cfgutil_put_nonempty(g, "switch", nic->switch_name);
	r |= cfgutil_put_nonempty(g, "mac", nic->mac);
	r |= cfgutil_put_bool(g, "primary", nic->primary);
	if (nic->mode != IP_UNSET || nic->address[0] || nic->has_prefix ||
	    nic->gateway[0]) {
		config_setting_t *ip = config_setting_add(g, "ip",
							  CONFIG_TYPE_GROUP);

		if (!ip)
			return -1;
		r |= cfgutil_put_nonempty(ip, "mode",
					  plan_ip_mode_name(nic->mode));
		r |= cfgutil_put_nonempty(ip, "address", nic->address);
		if (nic->has_prefix)
			r |= cfgutil_put_int(ip, "prefix", nic->prefix);
		r |= cfgutil_put_nonempty(ip, "gateway", nic->gateway);
	}
	if (nic->ndns || nic->nsearch) {
		config_setting_t *dns = config_setting_add(g, "dns",
							   CONFIG_TYPE_GROUP);

		if (!dns)
			return -1;
		r |= cfgutil_put_strings(dns, "servers", &nic->dns[0][0],
					 nic->ndns > PLAN_MAX_DNS ?
					 PLAN_MAX_DNS : nic->ndns,
					 PLAN_ADDR_MAX);
		r |= cfgutil_put_strings(dns, "search", &nic->search[0][0],
					 nic->nsearch > PLAN_MAX_SEARCH ?
					 PLAN_MAX_SEARCH : nic->nsearch,
				 PLAN_DOMAIN_MAX);
	}
	if (nic->has_metric)
		r |= cfgutil_put_int(g, "metric", nic->metric);
	r |= cfgutil_put_bool(g, "offline", nic->offline);
	return r;
}

static int build_config(config_t *cfg, const struct plan *p)
{
	config_setting_t *root = config_root_setting(cfg);
	int r = 0;

	r |= cfgutil_put_int(root, "version", p->version);
	r |= cfgutil_put_nonempty(root, "profile",
				  plan_profile_name(p->profile));
	r |= cfgutil_put_nonempty(root, "vm", p->domain);
	if (p->nswitches) {
		config_setting_t *l = config_setting_add(root, "switches",
							 CONFIG_TYPE_LIST);

		if (!l)
			return -1;
		for (size_t i = 0; i < p->nswitches && i < PLAN_MAX_SWITCHES; i++)
			r |= save_switch(l, &p->switches[i]);
	}
	if (p->nnics) {
		config_setting_t *l = config_setting_add(root, "nics",
							 CONFIG_TYPE_LIST);

		if (!l)
			return -1;
		for (size_t i = 0; i < p->nnics && i < PLAN_MAX_NICS; i++)
			r |= save_nic(l, &p->nics[i]);
	}
	return r;
}

char *planfile_format(const struct plan *p)
{
	char *buf = NULL;
	config_t cfg;

	config_init(&cfg);
	config_set_options(&cfg, CONFIG_OPTION_SEMICOLON_SEPARATORS);
	config_set_tab_width(&cfg, 2);
	if (build_config(&cfg, p) == 0)
		buf = cfgutil_format(&cfg, PLANFILE_HEADER);
	config_destroy(&cfg);
	return buf;
}

int planfile_save(const struct plan *p, const char *path, char *err,
		  size_t errlen)
{
	char *text = planfile_format(p);
	int r;

	if (!text) {
		errf(err, errlen, "cannot write %s: %s", path,
		     strerror(ENOMEM));
		return -1;
	}
	r = fileio_write_atomic(path, text, strlen(text), 0644, err, errlen);
	free(text);
	return r;
}
