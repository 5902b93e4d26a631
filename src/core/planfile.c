/*
 * planfile.c - reading plans from libconfig files (planfile.h:
 * planfile_load, planfile_load_string).  Writing them is
 * planfile_save.c; where each field was written, planfile_lines.c; the
 * names suggested for a misspelt one, planfile_suggest.c; the values of
 * the command line's --set, written into the text's tree before it is
 * walked, planset.c.
 *
 * Loading parses the text with libconfig, then walks every group with a
 * table of the keys it may hold: an unknown key, a value of the wrong
 * type, an unknown name or a value too long for the model becomes one
 * diagnostic with the field's path and source line, and loading goes on
 * so that the technician sees every problem at once.  Values are kept as
 * typed; judging them is validate.c's job.  A field's path is
 * plan_path's (core/fieldpath.h); the keys of the file that are no field
 * of the plan (an unknown key, "dns", "version") are joined here.
 *
 * The text is read through cfgtext.h, which refuses include directives
 * and makes libconfig read every integer exactly as written (or refuse
 * it: hex, beyond 64 bits); a number is kept only when the field can
 * hold it, and then marked as given (plan.h: no value means "absent").
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libconfig.h>

#include "cfgtext.h"
#include "fieldpath.h"
#include "fileio.h"
#include "planfile.h"
#include "planfile_priv.h"
#include "planset.h"
#include "str.h"
#include "core/err.h"

#define PLANFILE_MAX_SIZE (1024 * 1024)

/* ---- loading ----------------------------------------------------------- */

struct loader {
	struct plan_lines *lines;
	struct diag_list *diags;
	char path[DIAG_PATH_MAX];	/* fpath's */
};

static void lerr(struct loader *ld, const char *path, int line,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void lerr(struct loader *ld, const char *path, int line,
		 const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add_line(ld->diags, DIAG_ERROR, path, line, "%s", msg);
}

static int sline(const config_setting_t *s)
{
	return (int)config_setting_source_line(s);
}

/* Paths are at most DIAG_PATH_MAX - 1 characters; a longer one (only an
 * absurdly long unknown key makes one) is cut. */
static void path_fmt(char *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void path_fmt(char *out, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(out, DIAG_PATH_MAX, fmt, ap);
	va_end(ap);
}

static void path_join(char *out, const char *parent, const char *key)
{
	if (parent[0])
		path_fmt(out, "%s.%s", parent, key);
	else
		path_fmt(out, "%s", key);
}

/* The path of plan field F of switch or NIC I (core/fieldpath.h), valid
 * until the next call. */
static const char *fpath(struct loader *ld, enum plan_field f, size_t i)
{
	return plan_path(ld->path, sizeof(ld->path), f, i, 0);
}

/* Reports every key of group G (at PATH) that is not one of KEYS, and
 * records the line of every key. */
static void check_keys(struct loader *ld, const config_setting_t *g,
		       const char *path, const char *const *keys, size_t nkeys)
{
	int n = config_setting_length(g);

	for (int i = 0; i < n; i++) {
		const config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
		const char *name = config_setting_name(s);
		char p[DIAG_PATH_MAX], list[256];
		const char *near;
		bool known = false;

		if (!name)
			continue;
		for (size_t k = 0; k < nkeys; k++)
			if (strcmp(keys[k], name) == 0)
				known = true;
		path_join(p, path, name);
		plan_lines_add(ld->lines, p, sline(s));
		if (known)
			continue;
		near = planfile_nearest(name, keys, nkeys, 2);
		if (near) {
			char meant[DIAG_PATH_MAX];

			lerr(ld, p, sline(s),
			     "unknown key '%s' in %s; did you mean '%s'?", name,
			     path[0] ? path : "the plan", near);
			/* what the key meant is not also reported missing,
			 * unless it is written as well */
			path_join(meant, path, near);
			if (!config_setting_get_member(g, near))
				diag_set_meant(ld->diags, meant);
		} else
			lerr(ld, p, sline(s),
			     "unknown key '%s' in %s; the keys allowed there are %s",
			     name, path[0] ? path : "the plan",
			     planfile_join_names(keys, nkeys, " and ", list, sizeof(list)));
	}
}

/* Reads an integer setting exactly (cfgtext.h); 0 ok, -1 not an integer,
 * written in hex or beyond 64 bits (reported). */
static int get_integer(struct loader *ld, const config_setting_t *s,
		       const char *path, const char *example, long long *out)
{
	int line = sline(s);

	switch (cfgtext_int(s, out)) {
	case CFGTEXT_INT_OK:
		return 0;
	case CFGTEXT_INT_HEX:
		lerr(ld, path, line,
		     "%s is written in hex; write it in decimal, like %s",
		     path, example);
		return -1;
	case CFGTEXT_INT_HUGE:
		lerr(ld, path, line,
		     "%s is at or beyond what 64 bits hold; use a number like %s",
		     path, example);
		return -1;
	default:
		if (config_setting_type(s) == CONFIG_TYPE_FLOAT)
			lerr(ld, path, line, "%s must be a whole number, like "
			     "%s (no decimal point, no exponent)", path,
			     example);
		else
			lerr(ld, path, line, "%s must be a number, like %s",
			     path, example);
		return -1;
	}
}

/* Copies string setting NAME of G (the field at PATH) into DST; 1 when
 * set, 0 when absent, -1 on a reported error.  So for the other get_*. */
static int get_string(struct loader *ld, const config_setting_t *g,
		      const char *name, const char *path, const char *example,
		      char *dst, size_t dstlen)
{
	const config_setting_t *s = config_setting_get_member(g, name);
	const char *v;

	if (!s)
		return 0;
	if (config_setting_type(s) != CONFIG_TYPE_STRING) {
		lerr(ld, path, sline(s),
		     "%s must be text in double quotes, like \"%s\"", path,
		     example);
		return -1;
	}
	v = config_setting_get_string(s);
	if (str_copy_whole(dst, dstlen, v) < 0) {
		lerr(ld, path, sline(s),
		     "%s is too long (%zu characters); at most %zu are allowed",
		     path, strlen(v), dstlen - 1);
		return -1;
	}
	return 1;
}

static int get_bool(struct loader *ld, const config_setting_t *g,
		    const char *name, const char *path, bool *dst)
{
	const config_setting_t *s = config_setting_get_member(g, name);

	if (!s)
		return 0;
	if (config_setting_type(s) != CONFIG_TYPE_BOOL) {
		lerr(ld, path, sline(s),
		     "%s must be true or false (without quotes)", path);
		return -1;
	}
	*dst = config_setting_get_bool(s) != 0;
	return 1;
}

/* Reads a name from a fixed set; returns its index, -1 when absent or
 * wrong (reported). */
static int get_enum(struct loader *ld, const config_setting_t *g,
		    const char *name, const char *path,
		    const char *const *names, size_t n)
{
	char v[PLAN_NAME_MAX], list[128];
	const char *near;
	int r;

	r = get_string(ld, g, name, path, names[0] ? names[0] : names[1],
		       v, sizeof(v));
	if (r <= 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (names[i] && strcmp(names[i], v) == 0)
			return (int)i;
	planfile_join_names(names, n, " or ", list, sizeof(list));
	near = planfile_nearest(v, names, n, 3);
	if (!near) {
		/* A shortened or extended name: "srv", "bridged". */
		for (size_t i = 0; i < n && !near; i++)
			if (names[i] && v[0] &&
			    (strncasecmp(names[i], v, strlen(v)) == 0 ||
			     strncasecmp(names[i], v, strlen(names[i])) == 0))
				near = names[i];
	}
	if (near)
		lerr(ld, path, sline(config_setting_get_member(g, name)),
		     "%s '%s' is not known; use %s (did you mean '%s'?)",
		     path, v, list, near);
	else
		lerr(ld, path, sline(config_setting_get_member(g, name)),
		     "%s '%s' is not known; use %s", path, v, list);
	return -1;
}

static const char *const profile_names[] = { NULL, "client", "server" };
static const char *const switch_type_names[] = {
	NULL, "default", "internal", "external"
};
static const char *const ext_mode_names[] = { "bridge", "macvtap" };
static const char *const ip_mode_names[] = { NULL, "dhcp", "static" };

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* Returns the member NAME of G when it is a group, NULL when absent or
 * wrong (reported). */
static const config_setting_t *get_group(struct loader *ld,
					 const config_setting_t *g,
					 const char *name, const char *path,
					 const char *example)
{
	const config_setting_t *s = config_setting_get_member(g, name);

	if (!s)
		return NULL;
	if (config_setting_is_group(s))
		return s;
	lerr(ld, path, sline(s), "%s must be a group in { }, like %s", path,
	     example);
	/* one mistake, one message: nothing under it is "missing" too */
	diag_set_meant(ld->diags, path);
	return NULL;
}

static const char *const switch_keys[] = {
	"name", "type", "uplink", "mode", "bridge", "address", "dhcp",
	"dhcp_start", "dhcp_end", "nat",
};

/* Switch I of the plan, the group G at PATH. */
static void load_switch(struct loader *ld, const config_setting_t *g,
			const char *path, size_t i, struct plan_switch *sw)
{
	int v;

	check_keys(ld, g, path, switch_keys, N_ELEMS(switch_keys));
	get_string(ld, g, "name", fpath(ld, FIELD_SW_NAME, i), "default",
		   sw->name, sizeof(sw->name));
	v = get_enum(ld, g, "type", fpath(ld, FIELD_SW_TYPE, i),
		     switch_type_names, N_ELEMS(switch_type_names));
	if (v > 0)
		sw->type = (enum switch_type)v;
	get_string(ld, g, "uplink", fpath(ld, FIELD_SW_UPLINK, i), "enp2s0",
		   sw->uplink, sizeof(sw->uplink));
	v = get_enum(ld, g, "mode", fpath(ld, FIELD_SW_MODE, i),
		     ext_mode_names, N_ELEMS(ext_mode_names));
	if (v >= 0)
		sw->ext_mode = (enum ext_mode)v;
	get_string(ld, g, "bridge", fpath(ld, FIELD_SW_BRIDGE, i), "br0",
		   sw->bridge, sizeof(sw->bridge));
	get_string(ld, g, "address", fpath(ld, FIELD_SW_ADDRESS, i),
		   "192.168.122.1/24", sw->address, sizeof(sw->address));
	get_bool(ld, g, "dhcp", fpath(ld, FIELD_SW_DHCP, i), &sw->dhcp);
	get_string(ld, g, "dhcp_start", fpath(ld, FIELD_SW_DHCP_START, i),
		   "192.168.122.2", sw->dhcp_start, sizeof(sw->dhcp_start));
	get_string(ld, g, "dhcp_end", fpath(ld, FIELD_SW_DHCP_END, i),
		   "192.168.122.254", sw->dhcp_end, sizeof(sw->dhcp_end));
	get_bool(ld, g, "nat", fpath(ld, FIELD_SW_NAT, i), &sw->nat);
}

static const char *const ip_keys[] = { "mode", "address", "prefix", "gateway" };
static const char *const dns_keys[] = { "servers", "search" };
static const char *const nic_keys[] = {
	"name", "switch", "mac", "primary", "ip", "dns", "metric", "offline",
};

/* Reads array NAME of G, field LIST of NIC I (its items field ITEM),
 * into ROWS (NMAX rows of WIDTH bytes). */
static size_t load_strings(struct loader *ld, const config_setting_t *g,
			   const char *name, enum plan_field list,
			   enum plan_field item, size_t nic,
			   const char *example, char *rows, size_t nmax,
			   size_t width)
{
	const config_setting_t *a = config_setting_get_member(g, name);
	char path[DIAG_PATH_MAX];
	size_t count = 0;
	int n;

	if (!a)
		return 0;
	plan_path(path, sizeof(path), list, nic, 0);
	if (!config_setting_is_array(a) && !config_setting_is_list(a)) {
		lerr(ld, path, sline(a),
		     "%s must be a list of text values in [ ], like [ \"%s\" ]",
		     path, example);
		return 0;
	}
	n = config_setting_length(a);
	if ((size_t)n > nmax)
		lerr(ld, path, sline(a),
		     "%s has %d entries; at most %zu are allowed", path, n, nmax);
	for (int i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(a, (unsigned)i);
		char ep[DIAG_PATH_MAX];
		const char *v;

		plan_path(ep, sizeof(ep), item, nic, (size_t)i);
		plan_lines_add(ld->lines, ep, sline(e));
		if ((size_t)i >= nmax)
			continue;
		if (config_setting_type(e) != CONFIG_TYPE_STRING) {
			lerr(ld, ep, sline(e),
			     "%s must be text in double quotes, like \"%s\"", ep,
			     example);
			continue;
		}
		v = config_setting_get_string(e);
		if (str_copy_whole(rows + count * width, width, v) < 0) {
			lerr(ld, ep, sline(e),
			     "%s is too long (%zu characters); at most %zu are allowed",
			     ep, strlen(v), width - 1);
			continue;
		}
		count++;
	}
	return count;
}

/* NIC I of the plan, the group G at PATH. */
static void load_nic(struct loader *ld, const config_setting_t *g,
		     const char *path, size_t i, struct plan_nic *nic)
{
	const config_setting_t *ip, *dns, *s;
	char sub[DIAG_PATH_MAX];
	long long v;
	int e;

	check_keys(ld, g, path, nic_keys, N_ELEMS(nic_keys));
	get_string(ld, g, "name", fpath(ld, FIELD_NIC_NAME, i), "eth0",
		   nic->name, sizeof(nic->name));
	get_string(ld, g, "switch", fpath(ld, FIELD_NIC_SWITCH, i), "default",
		   nic->switch_name, sizeof(nic->switch_name));
	get_string(ld, g, "mac", fpath(ld, FIELD_NIC_MAC, i),
		   "52:54:00:12:34:56", nic->mac, sizeof(nic->mac));
	get_bool(ld, g, "primary", fpath(ld, FIELD_NIC_PRIMARY, i),
		 &nic->primary);

	ip = get_group(ld, g, "ip", fpath(ld, FIELD_NIC_IP, i),
		       "{ mode = \"dhcp\"; }");
	if (ip) {
		plan_path(sub, sizeof(sub), FIELD_NIC_IP, i, 0);
		check_keys(ld, ip, sub, ip_keys, N_ELEMS(ip_keys));
		e = get_enum(ld, ip, "mode", fpath(ld, FIELD_NIC_IP_MODE, i),
			     ip_mode_names, N_ELEMS(ip_mode_names));
		if (e > 0)
			nic->mode = (enum ip_mode)e;
		get_string(ld, ip, "address",
			   fpath(ld, FIELD_NIC_IP_ADDRESS, i), "10.0.0.10",
			   nic->address, sizeof(nic->address));
		s = config_setting_get_member(ip, "prefix");
		if (s) {
			char pp[DIAG_PATH_MAX];

			plan_path(pp, sizeof(pp), FIELD_NIC_IP_PREFIX, i, 0);
			if (get_integer(ld, s, pp, "24", &v) == 0) {
				if (v < INT_MIN || v > INT_MAX)
					lerr(ld, pp, sline(s),
					     "%s is %lld; a prefix length is 0 to 32, like 24",
					     pp, v);
				else
					plan_nic_set_prefix(nic, (int)v);
			}
		}
		get_string(ld, ip, "gateway",
			   fpath(ld, FIELD_NIC_IP_GATEWAY, i), "10.0.0.1",
			   nic->gateway, sizeof(nic->gateway));
	}

	/* "dns" is a group of the file, not a field of the plan */
	path_join(sub, path, "dns");
	dns = get_group(ld, g, "dns", sub, "{ servers = [ \"10.0.0.1\" ]; }");
	if (dns) {
		check_keys(ld, dns, sub, dns_keys, N_ELEMS(dns_keys));
		nic->ndns = load_strings(ld, dns, "servers",
					 FIELD_NIC_DNS_SERVERS,
					 FIELD_NIC_DNS_SERVER, i, "10.0.0.1",
					 &nic->dns[0][0], PLAN_MAX_DNS,
					 PLAN_ADDR_MAX);
		nic->nsearch = load_strings(ld, dns, "search",
					    FIELD_NIC_DNS_SEARCH,
					    FIELD_NIC_DNS_DOMAIN, i,
					    "plant.local", &nic->search[0][0],
					    PLAN_MAX_SEARCH, PLAN_DOMAIN_MAX);
	}

	s = config_setting_get_member(g, "metric");
	if (s) {
		char mp[DIAG_PATH_MAX];

		plan_path(mp, sizeof(mp), FIELD_NIC_METRIC, i, 0);
		if (get_integer(ld, s, mp, "100", &v) == 0)
			plan_nic_set_metric(nic, v);
	}
	get_bool(ld, g, "offline", fpath(ld, FIELD_NIC_OFFLINE, i),
		 &nic->offline);
}

/* Walks list LIST of ROOT (a top-level field: its items are the field
 * ITEM), calling LOAD for each group in it. */
static size_t load_list(struct loader *ld, const config_setting_t *root,
			enum plan_field list, enum plan_field item,
			size_t max, const char *what, const char *example,
			void (*load)(struct loader *, const config_setting_t *,
				     const char *, size_t, void *),
			void *base, size_t elemsize)
{
	const char *name = plan_field_key(list);
	const config_setting_t *l = config_setting_get_member(root, name);
	size_t count = 0;
	int n;

	if (!l)
		return 0;
	if (!config_setting_is_list(l) &&
	    !(config_setting_is_array(l) && config_setting_length(l) == 0)) {
		lerr(ld, name, sline(l),
		     "%s must be a list of groups in ( ), like %s", name,
		     example);
		return 0;
	}
	n = config_setting_length(l);
	if ((size_t)n > max)
		lerr(ld, name, sline(l),
		     "the plan has %d %s; edgenet allows at most %zu", n, what,
		     max);
	for (int i = 0; i < n; i++) {
		const config_setting_t *g = config_setting_get_elem(l, (unsigned)i);
		char path[DIAG_PATH_MAX];

		plan_path(path, sizeof(path), item, (size_t)i, 0);
		plan_lines_add(ld->lines, path, sline(g));
		if ((size_t)i >= max)
			continue;
		if (!config_setting_is_group(g)) {
			lerr(ld, path, sline(g),
			     "%s must be a group in { }, like %s", path, example);
			diag_set_meant(ld->diags, path);
			continue;
		}
		load(ld, g, path, (size_t)i, (char *)base + (size_t)i * elemsize);
		count++;
	}
	return count;
}

static void load_switch_cb(struct loader *ld, const config_setting_t *g,
			   const char *path, size_t i, void *dst)
{
	load_switch(ld, g, path, i, dst);
}

static void load_nic_cb(struct loader *ld, const config_setting_t *g,
			const char *path, size_t i, void *dst)
{
	load_nic(ld, g, path, i, dst);
}

static const char *const top_keys[] = {
	"version", "profile", "vm", "switches", "nics",
};

static void load_root(struct loader *ld, const config_setting_t *root,
		      struct plan *p)
{
	const config_setting_t *s;
	struct plan_switch sw[PLAN_MAX_SWITCHES];
	struct plan_nic nics[PLAN_MAX_NICS];
	size_t n;
	int v;

	check_keys(ld, root, "", top_keys, N_ELEMS(top_keys));

	s = config_setting_get_member(root, "version");
	if (s) {
		long long ver;

		if (get_integer(ld, s, "version", "1", &ver) == 0) {
			if (ver != PLAN_VERSION)
				lerr(ld, "version", sline(s),
				     "this plan is version %lld; edgenet reads version %d",
				     ver, PLAN_VERSION);
			if (ver >= INT_MIN && ver <= INT_MAX)
				p->version = (int)ver;
		}
	}
	v = get_enum(ld, root, "profile", fpath(ld, FIELD_PROFILE, 0),
		     profile_names, N_ELEMS(profile_names));
	if (v > 0)
		p->profile = (enum host_profile)v;
	get_string(ld, root, "vm", fpath(ld, FIELD_VM, 0), "edge-vm",
		   p->domain, sizeof(p->domain));

	/* Switches and NICs, in entries that start out initialised, so that
	 * a group in the wrong place leaves no half-filled entry behind. */
	for (size_t i = 0; i < PLAN_MAX_SWITCHES; i++)
		plan_switch_init(&sw[i]);
	n = load_list(ld, root, FIELD_SWITCHES, FIELD_SW, PLAN_MAX_SWITCHES,
		      "switches", "( { name = \"default\"; type = \"default\"; } )",
		      load_switch_cb, sw, sizeof(sw[0]));
	p->nswitches = 0;
	for (size_t i = 0; i < n; i++)
		p->switches[p->nswitches++] = sw[i];

	for (size_t i = 0; i < PLAN_MAX_NICS; i++)
		plan_nic_init(&nics[i]);
	n = load_list(ld, root, FIELD_NICS, FIELD_NIC, PLAN_MAX_NICS, "NICs",
		      "( { name = \"eth0\"; switch = \"default\"; } )",
		      load_nic_cb, nics, sizeof(nics[0]));
	p->nnics = 0;
	for (size_t i = 0; i < n; i++)
		p->nics[p->nnics++] = nics[i];
}

static enum planfile_status load_text(const char *text, size_t len,
				      const struct planset_list *sets,
				      struct plan *out,
				      struct plan_lines *lines,
				      struct diag_list *diags)
{
	struct loader ld = { lines, diags };
	struct cfgtext_error err;
	config_t cfg;

	if (cfgtext_read_text(&cfg, text, len, &err) != CFGTEXT_OK) {
		diag_add_line(diags, DIAG_ERROR, "", err.line, "%s", err.msg);
		config_destroy(&cfg);
		return PLANFILE_SYNTAX;
	}
	if (sets)
		planset_apply(sets, config_root_setting(&cfg), lines, diags);
	load_root(&ld, config_root_setting(&cfg), out);
	config_destroy(&cfg);
	return PLANFILE_OK;
}

enum planfile_status planfile_load_string(const char *text, struct plan *out,
					  struct plan_lines *lines,
					  struct diag_list *diags)
{
	return planfile_load_string_set(text, NULL, out, lines, diags);
}

enum planfile_status planfile_load_string_set(const char *text,
					      const struct planset_list *sets,
					      struct plan *out,
					      struct plan_lines *lines,
					      struct diag_list *diags)
{
	plan_init(out);
	return load_text(text, strlen(text), sets, out, lines, diags);
}

enum planfile_status planfile_load(const char *path, struct plan *out,
				   struct plan_lines *lines,
				   struct diag_list *diags)
{
	return planfile_load_set(path, NULL, out, lines, diags);
}

enum planfile_status planfile_load_set(const char *path,
				       const struct planset_list *sets,
				       struct plan *out,
				       struct plan_lines *lines,
				       struct diag_list *diags)
{
	enum planfile_status st;
	char err[ERR_MAX];
	size_t len;
	char *text;

	plan_init(out);
	text = fileio_read_all(path, PLANFILE_MAX_SIZE, &len, err, sizeof(err));
	if (!text) {
		diag_add(diags, DIAG_ERROR, "", "%s", err);
		return PLANFILE_IO;
	}
	st = load_text(text, len, sets, out, lines, diags);
	free(text);
	return st;
}
