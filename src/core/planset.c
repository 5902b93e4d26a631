/*
 * planset.c - the command line's --set PATH=VALUE read and written into
 * a plan file's libconfig tree before the plan reader walks it
 * (planset.h).  Reading checks the form only (PATH=VALUE, PATH a chain
 * of names with [N] indexes); writing walks the tree along PATH,
 * creating missing groups and keys, and types VALUE by the key it lands
 * on (the table below: the types planfile.c reads).  Judging the value
 * is left to the plan reader and the validator, as for a file, so a
 * value given here and one written in the file get the same messages.
 * Pure C: libconfig and memory.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "planfile.h"
#include "planfile_priv.h"
#include "planset.h"
#include "str.h"
#include "core/err.h"

#define PS_STEPS_MAX 8		/* names in a path: nics[0].dns.servers is 3 */
#define PS_NAME_MAX 32
#define PS_INDEX_DIGITS 4

/* What a key of the plan file holds. */
enum ps_kind {
	PS_TEXT,		/* "text" */
	PS_NUMBER,		/* a whole number */
	PS_BOOL,		/* true or false */
	PS_LIST,		/* [ "text", ... ] */
	PS_GROUP,		/* { keys } */
	PS_ITEMS,		/* ( { keys }, ... ) */
};

/* Where a key is: the group it belongs to. */
enum ps_ctx { CTX_TOP, CTX_SWITCH, CTX_NIC, CTX_IP, CTX_DNS, CTX_NONE };

/* The keys planfile.c reads, with what they hold; a key not here is
 * written with the type its value looks like, and the reader then says
 * it is unknown (with its suggestion). */
static const struct ps_key {
	enum ps_ctx in;
	const char *name;
	enum ps_kind kind;
	enum ps_ctx to;		/* PS_GROUP, PS_ITEMS: the keys inside */
	const char *what;	/* PS_ITEMS: the items in words */
} ps_keys[] = {
	{ CTX_TOP, "version", PS_NUMBER, CTX_NONE, NULL },
	{ CTX_TOP, "profile", PS_TEXT, CTX_NONE, NULL },
	{ CTX_TOP, "vm", PS_TEXT, CTX_NONE, NULL },
	{ CTX_TOP, "switches", PS_ITEMS, CTX_SWITCH, "switches" },
	{ CTX_TOP, "nics", PS_ITEMS, CTX_NIC, "NICs" },
	{ CTX_SWITCH, "name", PS_TEXT, CTX_NONE, NULL },
	{ CTX_SWITCH, "type", PS_TEXT, CTX_NONE, NULL },
	{ CTX_SWITCH, "uplink", PS_TEXT, CTX_NONE, NULL },
	{ CTX_SWITCH, "mode", PS_TEXT, CTX_NONE, NULL },
	{ CTX_SWITCH, "bridge", PS_TEXT, CTX_NONE, NULL },
	{ CTX_SWITCH, "address", PS_TEXT, CTX_NONE, NULL },
	{ CTX_SWITCH, "dhcp", PS_BOOL, CTX_NONE, NULL },
	{ CTX_SWITCH, "dhcp_start", PS_TEXT, CTX_NONE, NULL },
	{ CTX_SWITCH, "dhcp_end", PS_TEXT, CTX_NONE, NULL },
	{ CTX_SWITCH, "nat", PS_BOOL, CTX_NONE, NULL },
	{ CTX_NIC, "name", PS_TEXT, CTX_NONE, NULL },
	{ CTX_NIC, "switch", PS_TEXT, CTX_NONE, NULL },
	{ CTX_NIC, "mac", PS_TEXT, CTX_NONE, NULL },
	{ CTX_NIC, "primary", PS_BOOL, CTX_NONE, NULL },
	{ CTX_NIC, "ip", PS_GROUP, CTX_IP, NULL },
	{ CTX_NIC, "dns", PS_GROUP, CTX_DNS, NULL },
	{ CTX_NIC, "metric", PS_NUMBER, CTX_NONE, NULL },
	{ CTX_NIC, "offline", PS_BOOL, CTX_NONE, NULL },
	{ CTX_IP, "mode", PS_TEXT, CTX_NONE, NULL },
	{ CTX_IP, "address", PS_TEXT, CTX_NONE, NULL },
	{ CTX_IP, "prefix", PS_NUMBER, CTX_NONE, NULL },
	{ CTX_IP, "gateway", PS_TEXT, CTX_NONE, NULL },
	{ CTX_DNS, "servers", PS_LIST, CTX_NONE, NULL },
	{ CTX_DNS, "search", PS_LIST, CTX_NONE, NULL },
};

#define N_KEYS (sizeof(ps_keys) / sizeof(ps_keys[0]))

static const struct ps_key *ps_find(enum ps_ctx in, const char *name)
{
	for (size_t i = 0; i < N_KEYS; i++)
		if (ps_keys[i].in == in && strcmp(ps_keys[i].name, name) == 0)
			return &ps_keys[i];
	return NULL;
}

/* The key of context IN nearest to NAME, or NULL. */
static const char *ps_nearest(enum ps_ctx in, const char *name)
{
	const char *names[N_KEYS];
	size_t n = 0;

	for (size_t i = 0; i < N_KEYS; i++)
		if (ps_keys[i].in == in)
			names[n++] = ps_keys[i].name;
	return planfile_nearest(name, names, n, 2);
}

/* One name of a path, with its index or -1. */
struct ps_step {
	char name[PS_NAME_MAX];
	long index;
};

/* Splits PATH into at most PS_STEPS_MAX steps: names as libconfig
 * writes them ([A-Za-z][A-Za-z0-9_-]*), each with at most one [N].
 * Returns the count, or 0 when PATH is not of that form. */
static size_t ps_parse_path(const char *path, struct ps_step *steps)
{
	const char *s = path;
	size_t n = 0;

	for (;;) {
		struct ps_step *st;
		size_t len = 0;

		if (n == PS_STEPS_MAX || !isalpha((unsigned char)*s))
			return 0;
		st = &steps[n++];
		while (isalnum((unsigned char)s[len]) || s[len] == '_' ||
		       s[len] == '-')
			len++;
		if (len >= sizeof(st->name))
			return 0;
		memcpy(st->name, s, len);
		st->name[len] = '\0';
		s += len;
		st->index = -1;
		if (*s == '[') {
			size_t digits = 0;

			st->index = 0;
			/* at most PS_INDEX_DIGITS digits: no overflow */
			for (s++; isdigit((unsigned char)*s); s++, digits++)
				if (digits < PS_INDEX_DIGITS)
					st->index = st->index * 10 + (*s - '0');
			if (!digits || digits > PS_INDEX_DIGITS || *s != ']')
				return 0;
			s++;
		}
		if (!*s)
			return n;
		if (*s++ != '.')
			return 0;
	}
}

void planset_list_init(struct planset_list *l)
{
	l->count = 0;
}

#define PS_FORM "write it as PATH=VALUE, PATH a plan field as edgenet " \
	"check names it, like --set vm=edge-vm-17 or --set " \
	"nics[0].ip.address=10.0.0.10"

int planset_add(struct planset_list *l, const char *arg, char *err,
		size_t errlen)
{
	struct ps_step steps[PS_STEPS_MAX];
	const char *eq = strchr(arg, '=');
	struct planset *s;
	size_t plen;

	if (l->count == PLANSET_MAX) {
		errf(err, errlen, "more than %d --set options; give at most "
		     "%d (write the rest in the plan file)", PLANSET_MAX,
		     PLANSET_MAX);
		return -1;
	}
	if (strlen(arg) >= PLANSET_ARG_MAX) {
		errf(err, errlen, "--set %.40s... is too long (%zu "
		     "characters); at most %d are allowed", arg, strlen(arg),
		     PLANSET_ARG_MAX - 1);
		return -1;
	}
	if (!eq) {
		errf(err, errlen, "--set %s has no '=': " PS_FORM, arg);
		return -1;
	}
	plen = (size_t)(eq - arg);
	if (plen == 0) {
		errf(err, errlen, "--set %s names no field before '=': "
		     PS_FORM, arg);
		return -1;
	}
	s = &l->items[l->count];
	if (plen >= sizeof(s->path)) {
		errf(err, errlen, "--set %s: the path before '=' is too long "
		     "for a plan field: " PS_FORM, arg);
		return -1;
	}
	memcpy(s->path, arg, plen);
	s->path[plen] = '\0';
	if (!ps_parse_path(s->path, steps)) {
		errf(err, errlen, "--set %s: '%s' is not a plan path (names "
		     "joined by dots, a list item as [N]): " PS_FORM, arg,
		     s->path);
		return -1;
	}
	str_copy(s->arg, sizeof(s->arg), arg);
	s->value = s->arg + plen + 1;
	l->count++;
	return 0;
}

/* ---- writing ------------------------------------------------------------ */

/* V without one pair of surrounding double quotes, into BUF. */
static const char *ps_unquote(const char *v, size_t n, char *buf,
			      size_t len)
{
	if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
		v++;
		n -= 2;
	}
	if (n >= len)
		n = len - 1;
	memcpy(buf, v, n);
	buf[n] = '\0';
	return buf;
}

/* A whole decimal number as libconfig's 64-bit integers hold it. */
static bool ps_number(const char *v, long long *out)
{
	const char *d = v + (*v == '-' || *v == '+');
	size_t n = strlen(d);

	if (!n || n > 18 || strspn(d, "0123456789") != n)
		return false;
	*out = strtoll(v, NULL, 10);
	return true;
}

static bool ps_bool(const char *v, bool *out)
{
	if (!strcasecmp(v, "true") || !strcasecmp(v, "false")) {
		*out = !strcasecmp(v, "true");
		return true;
	}
	return false;
}

/* Adds member NAME of G holding VALUE typed as KIND (a value that does
 * not fit is text: the reader says what the key wants).  NULL when
 * libconfig refuses. */
static config_setting_t *ps_add_value(config_setting_t *g, const char *name,
				      enum ps_kind kind, const char *value)
{
	char buf[PLANSET_ARG_MAX];
	config_setting_t *s;
	long long num;
	bool b;

	if (kind == PS_LIST) {
		const char *p = value;

		s = config_setting_add(g, name, CONFIG_TYPE_ARRAY);
		while (s && *value) {
			size_t n = strcspn(p, ",");
			const char *e = p + n;

			while (p < e && isspace((unsigned char)*p))
				p++;
			while (e > p && isspace((unsigned char)e[-1]))
				e--;
			if (!config_setting_set_string_elem(
				    s, -1, ps_unquote(p, (size_t)(e - p), buf,
						      sizeof(buf))))
				return NULL;
			if (!p[n])
				break;
			p += n + 1;
		}
		return s;
	}
	if (kind == PS_NUMBER && ps_number(value, &num)) {
		s = config_setting_add(g, name, CONFIG_TYPE_INT64);
		if (s)
			config_setting_set_int64(s, num);
		return s;
	}
	if (kind == PS_BOOL && ps_bool(value, &b)) {
		s = config_setting_add(g, name, CONFIG_TYPE_BOOL);
		if (s)
			config_setting_set_bool(s, b);
		return s;
	}
	s = config_setting_add(g, name, CONFIG_TYPE_STRING);
	if (s)
		config_setting_set_string(s, ps_unquote(value, strlen(value),
							 buf, sizeof(buf)));
	return s;
}

/* The kind of a key this table does not know, by how VALUE looks. */
static enum ps_kind ps_guess(const char *value)
{
	long long num;
	bool b;

	if (ps_number(value, &num))
		return PS_NUMBER;
	if (ps_bool(value, &b))
		return PS_BOOL;
	return PS_TEXT;
}

/* A --set being written: what it is, where, and where its errors go. */
struct ps_run {
	const struct planset *s;
	struct diag_list *d;
	char at[DIAG_PATH_MAX];		/* the path walked so far */
};

static void ps_fail(struct ps_run *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void ps_fail(struct ps_run *r, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(r->d, DIAG_ERROR, r->at, "%s", msg);
	diag_set_from(r->d, r->s->arg);
}

static void ps_append(struct ps_run *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void ps_append(struct ps_run *r, const char *fmt, ...)
{
	size_t n = strlen(r->at);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->at + n, sizeof(r->at) - n, fmt, ap);
	va_end(ap);
}

/* Item IDX of the list M (key KEY, or NULL when unknown) at r->at, or
 * NULL (said). */
static config_setting_t *ps_item(struct ps_run *r, config_setting_t *m,
				 const struct ps_key *key, long idx)
{
	char list[DIAG_PATH_MAX];
	int n;

	str_copy(list, sizeof(list), r->at);
	if (!config_setting_is_list(m) && !config_setting_is_array(m)) {
		ps_fail(r, "%s in the plan file is not a list, so it has no "
			"item [%ld]; fix the plan file first", list, idx);
		return NULL;
	}
	n = config_setting_length(m);
	ps_append(r, "[%ld]", idx);
	if (idx < n)
		return config_setting_get_elem(m, (unsigned)idx);
	if (key && key->kind == PS_ITEMS && n == 0)
		ps_fail(r, "the plan has no %s; --set changes the %s a plan "
			"has: add them to the plan file", key->what,
			key->what);
	else if (key && key->kind == PS_ITEMS)
		ps_fail(r, "the plan has %d %s (%s[0] to %s[%d]); --set "
			"changes the %s a plan has: add the one you mean to "
			"the plan file", n, n == 1 && !strcmp(key->what, "NICs")
			? "NIC" : n == 1 ? "switch" : key->what, list, list,
			n - 1, key->what);
	else
		ps_fail(r, "%s has %d item(s); set the whole list instead, "
			"like --set %s=10.0.0.1,10.0.0.2", list, n, list);
	return NULL;
}

/* Writes VALUE at the last step, name NAME of group G (KEY: its entry,
 * or NULL).  0, or -1 said. */
static int ps_write(struct ps_run *r, config_setting_t *g, const char *name,
		    const struct ps_key *key, const char *value)
{
	enum ps_kind kind = key ? key->kind : ps_guess(value);

	if (kind == PS_GROUP || kind == PS_ITEMS) {
		ps_fail(r, "%s is %s, not one value; set one of its keys, "
			"like --set %s%s", r->at, kind == PS_GROUP ?
			"a group of keys" : "a list of groups", r->at,
			kind == PS_GROUP ? (key->to == CTX_IP ? ".address=..." :
			".servers=...") : "[0].name=...");
		return -1;
	}
	if (config_setting_get_member(g, name) &&
	    !config_setting_remove(g, name)) {
		ps_fail(r, "%s cannot be replaced", r->at);
		return -1;
	}
	if (!ps_add_value(g, name, kind, value)) {
		ps_fail(r, "%s cannot be written (out of memory?)", r->at);
		return -1;
	}
	return 0;
}

/* Writes S into ROOT; the path written into R->at.  0, or -1 said. */
static int ps_apply_one(struct ps_run *r, config_setting_t *root)
{
	struct ps_step steps[PS_STEPS_MAX];
	size_t n = ps_parse_path(r->s->path, steps);
	config_setting_t *g = root, *m;
	enum ps_ctx ctx = CTX_TOP;

	for (size_t k = 0; k < n; k++) {
		const struct ps_step *st = &steps[k];
		const struct ps_key *key = ctx == CTX_NONE ? NULL :
					   ps_find(ctx, st->name);
		bool last = k + 1 == n;
		const char *near;

		if (r->at[0])
			ps_append(r, ".");
		ps_append(r, "%s", st->name);
		m = config_setting_get_member(g, st->name);
		if (!key && ctx != CTX_NONE && (!last || st->index >= 0)) {
			/* an unknown key with more below it: the reader
			 * would never look inside, so say it here */
			near = ps_nearest(ctx, st->name);
			if (near)
				ps_fail(r, "unknown key '%s'; did you mean "
					"'%s'?", st->name, near);
			else
				ps_fail(r, "unknown key '%s'; see edgenet "
					"check's field names", st->name);
			return -1;
		}
		if (st->index >= 0) {
			if (!m && key && key->kind == PS_LIST)
				ps_fail(r, "%s is not in the plan, so it has no "
					"item [%ld]; set the whole list, like "
					"--set %s=10.0.0.1,10.0.0.2", r->at,
					st->index, r->at);
			else if (!m)
				ps_fail(r, "the plan has no %s; --set changes "
					"what the plan has: add them to the "
					"plan file", key && key->what ?
					key->what : st->name);
			if (!m)
				return -1;
			m = ps_item(r, m, key, st->index);
			if (!m)
				return -1;
			if (last) {
				char buf[PLANSET_ARG_MAX];

				if (key && key->kind == PS_ITEMS) {
					ps_fail(r, "%s is a group of keys, not "
						"one value; set one of its "
						"keys, like --set %s.name=...",
						r->at, r->at);
					return -1;
				}
				if (config_setting_type(m) !=
				    CONFIG_TYPE_STRING ||
				    !config_setting_set_string(
					    m, ps_unquote(r->s->value,
							  strlen(r->s->value),
							  buf, sizeof(buf)))) {
					ps_fail(r, "%s in the plan file is not "
						"text; fix the plan file first",
						r->at);
					return -1;
				}
				return 0;
			}
			if (!config_setting_is_group(m)) {
				ps_fail(r, "%s in the plan file is not a group "
					"in { }; fix the plan file first",
					r->at);
				return -1;
			}
			g = m;
			ctx = key ? key->to : CTX_NONE;
			continue;
		}
		if (last)
			return ps_write(r, g, st->name, key, r->s->value);
		if (key && key->kind == PS_ITEMS) {
			ps_fail(r, "%s is a list: name one of its items, like "
				"%s[0]", r->at, r->at);
			return -1;
		}
		if (key && key->kind != PS_GROUP) {
			ps_fail(r, "%s is one value, with no keys under it; "
				"write --set %s=VALUE", r->at, r->at);
			return -1;
		}
		if (!m)
			m = config_setting_add(g, st->name, CONFIG_TYPE_GROUP);
		else if (!config_setting_is_group(m)) {
			ps_fail(r, "%s in the plan file is not a group in { }; "
				"fix the plan file first", r->at);
			return -1;
		}
		if (!m) {
			ps_fail(r, "%s cannot be added", r->at);
			return -1;
		}
		g = m;
		ctx = key ? key->to : CTX_NONE;
	}
	return -1;	/* no steps: refused by planset_add */
}

void planset_apply(const struct planset_list *l, config_setting_t *root,
		   struct plan_lines *lines, struct diag_list *d)
{
	for (size_t i = 0; i < l->count; i++) {
		struct ps_run r = { &l->items[i], d, "" };

		if (ps_apply_one(&r, root) == 0)
			plan_lines_add_set(lines, r.at, r.s->arg);
	}
}
