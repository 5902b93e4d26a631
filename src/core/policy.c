/*
 * policy.c - the policy tables, read from data/policy.cfg (libconfig):
 *
 *   profiles = { client = { switches = [ "default", "external" ]; }; ... };
 *   switches = { default = { ip_modes = [ "dhcp" ]; }; ... };
 *
 * Every profile and every switch type must have an entry, and every name
 * in them must be one edgenet knows: a policy that is incomplete or
 * misspelt is refused as a whole (with the line of the problem) rather
 * than read half-way.  Diagnostics carry the path "policy" and the line;
 * the caller names the file.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libconfig.h>

#include "cfgtext.h"
#include "policy.h"
#include "str.h"

#define POLICY_MAX_SIZE (256 * 1024)

struct pload {
	struct policy *pol;
	struct diag_list *errs;
	int nerr;
};

static void perr(struct pload *pl, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void perr(struct pload *pl, int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add_line(pl->errs, DIAG_ERROR, "policy", line, "%s", msg);
	pl->nerr++;
}

static int sline(const config_setting_t *s)
{
	return (int)config_setting_source_line(s);
}

/* Reads group TABLE (whose members are named by NAMES, indexed by value)
 * where each member is a group holding one array KEY of names from
 * VALUES; sets OUT[member][value]. */
static void load_table(struct pload *pl, const config_setting_t *root,
		       const char *table, const char *key,
		       const char *(*member_name)(int),
		       int nmembers, const char *(*value_name)(int),
		       int nvalues, bool *out, const char *what,
		       const char *vwhat)
{
	const config_setting_t *t = config_setting_get_member(root, table);
	int n;

	if (!t) {
		perr(pl, 0, "the policy has no '%s' table", table);
		return;
	}
	if (!config_setting_is_group(t)) {
		perr(pl, sline(t), "'%s' must be a group in { }", table);
		return;
	}
	n = config_setting_length(t);
	for (int i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(t, (unsigned)i);
		const char *name = config_setting_name(e);
		const config_setting_t *a;
		int m = -1, len;

		for (int k = 1; k < nmembers; k++)
			if (member_name(k) && strcmp(member_name(k), name) == 0)
				m = k;
		if (m < 0) {
			perr(pl, sline(e), "unknown %s '%s' in '%s'", what,
			     name, table);
			continue;
		}
		if (!config_setting_is_group(e)) {
			perr(pl, sline(e), "%s.%s must be a group in { }, like { %s = [ ... ]; }",
			     table, name, key);
			continue;
		}
		for (int k = 0; k < config_setting_length(e); k++) {
			const config_setting_t *x = config_setting_get_elem(e, (unsigned)k);

			if (strcmp(config_setting_name(x), key) != 0)
				perr(pl, sline(x), "unknown key '%s' in %s.%s; only '%s' is allowed",
				     config_setting_name(x), table, name, key);
		}
		a = config_setting_get_member(e, key);
		if (!a) {
			perr(pl, sline(e), "%s.%s has no '%s' list", table, name,
			     key);
			continue;
		}
		if (!config_setting_is_array(a) && !config_setting_is_list(a)) {
			perr(pl, sline(a), "%s.%s.%s must be a list of names in [ ]",
			     table, name, key);
			continue;
		}
		len = config_setting_length(a);
		for (int k = 0; k < len; k++) {
			const config_setting_t *x = config_setting_get_elem(a, (unsigned)k);
			const char *v;
			int val = -1;

			if (config_setting_type(x) != CONFIG_TYPE_STRING) {
				perr(pl, sline(x), "%s.%s.%s must hold names in double quotes",
				     table, name, key);
				continue;
			}
			v = config_setting_get_string(x);
			for (int j = 1; j < nvalues; j++)
				if (value_name(j) && strcmp(value_name(j), v) == 0)
					val = j;
			if (val < 0) {
				char names[128] = "";
				size_t used = 0;

				for (int j = 1; j < nvalues; j++) {
					int r = snprintf(names + used, sizeof(names) - used,
							 "%s%s", j == 1 ? "" :
							 j + 1 == nvalues ? " or " : ", ",
							 value_name(j));

					if (r < 0 || (size_t)r >= sizeof(names) - used)
						break;
					used += (size_t)r;
				}
				perr(pl, sline(x), "unknown %s '%s' in %s.%s.%s; use %s",
				     vwhat, v, table, name, key, names);
				continue;
			}
			out[m * nvalues + val] = true;
		}
	}
	for (int k = 1; k < nmembers; k++)
		if (!config_setting_get_member(t, member_name(k)))
			perr(pl, sline(t), "'%s' has no entry for %s '%s'", table,
			     what, member_name(k));
}

static const char *profile_name(int v)
{
	return plan_profile_name((enum host_profile)v);
}

static const char *switch_name(int v)
{
	return plan_switch_type_name((enum switch_type)v);
}

static const char *mode_name(int v)
{
	return plan_ip_mode_name((enum ip_mode)v);
}

int policy_load(struct policy *pol, const char *path, struct diag_list *errs)
{
	struct pload pl = { pol, errs, 0 };
	struct cfgtext_error cerr;
	enum cfgtext_status cs;
	config_t cfg;

	memset(pol, 0, sizeof(*pol));
	str_copy(pol->source, sizeof(pol->source), path);
	cs = cfgtext_read_file(&cfg, path, POLICY_MAX_SIZE, &cerr);
	if (cs == CFGTEXT_IO) {
		config_destroy(&cfg);
		diag_add(errs, DIAG_ERROR, "policy", "%s", cerr.msg);
		return -1;
	}
	if (cs != CFGTEXT_OK) {
		config_destroy(&cfg);
		perr(&pl, cerr.line, "%s", cerr.msg);
		return -1;
	}

	for (int i = 0; i < config_setting_length(config_root_setting(&cfg)); i++) {
		const config_setting_t *s =
			config_setting_get_elem(config_root_setting(&cfg), (unsigned)i);
		const char *name = config_setting_name(s);

		if (strcmp(name, "profiles") != 0 && strcmp(name, "switches") != 0)
			perr(&pl, sline(s),
			     "unknown key '%s'; a policy has 'profiles' and 'switches'",
			     name);
	}
	load_table(&pl, config_root_setting(&cfg), "profiles", "switches",
		   profile_name, PROFILE_COUNT, switch_name, SWITCH_COUNT,
		   &pol->switch_allowed[0][0], "profile", "switch type");
	load_table(&pl, config_root_setting(&cfg), "switches", "ip_modes",
		   switch_name, SWITCH_COUNT, mode_name, IP_MODE_COUNT,
		   &pol->mode_allowed[0][0], "switch type", "IP mode");
	config_destroy(&cfg);
	if (pl.nerr) {
		memset(pol->switch_allowed, 0, sizeof(pol->switch_allowed));
		memset(pol->mode_allowed, 0, sizeof(pol->mode_allowed));
		return -1;
	}
	return 0;
}

bool policy_switch_allowed(const struct policy *pol, enum host_profile prof,
			   enum switch_type type)
{
	if ((int)prof <= 0 || prof >= PROFILE_COUNT ||
	    (int)type <= 0 || type >= SWITCH_COUNT)
		return false;
	return pol->switch_allowed[prof][type];
}

bool policy_mode_allowed(const struct policy *pol, enum switch_type type,
			 enum ip_mode mode)
{
	if ((int)type <= 0 || type >= SWITCH_COUNT ||
	    (int)mode <= 0 || mode >= IP_MODE_COUNT)
		return false;
	return pol->mode_allowed[type][mode];
}

/* Joins the names whose flag is set: "a", "a or b", "a, b or c". */
static char *join(const bool *flags, int n, const char *(*name)(int),
		  char *buf, size_t len)
{
	int total = 0, k = 0;
	size_t used = 0;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	for (int i = 1; i < n; i++)
		if (flags[i])
			total++;
	if (total == 0) {
		snprintf(buf, len, "none");
		return buf;
	}
	for (int i = 1; i < n; i++) {
		int r;

		if (!flags[i])
			continue;
		r = snprintf(buf + used, len - used, "%s%s",
			     k == 0 ? "" : (k + 1 == total ? " or " : ", "),
			     name(i));
		if (r < 0 || (size_t)r >= len - used)
			break;
		used += (size_t)r;
		k++;
	}
	return buf;
}

char *policy_allowed_switches_text(const struct policy *pol,
				   enum host_profile prof, char *buf, size_t len)
{
	static const bool none[SWITCH_COUNT];

	if ((int)prof <= 0 || prof >= PROFILE_COUNT)
		return join(none, SWITCH_COUNT, switch_name, buf, len);
	return join(pol->switch_allowed[prof], SWITCH_COUNT, switch_name, buf,
		    len);
}

char *policy_allowed_modes_text(const struct policy *pol, enum switch_type type,
				char *buf, size_t len)
{
	static const bool none[IP_MODE_COUNT];

	if ((int)type <= 0 || type >= SWITCH_COUNT)
		return join(none, IP_MODE_COUNT, mode_name, buf, len);
	return join(pol->mode_allowed[type], IP_MODE_COUNT, mode_name, buf,
		    len);
}
