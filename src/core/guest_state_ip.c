/*
 * guest_state_ip.c - the parsers of a guest's `ip -j` output (links,
 * IPv4 addresses, main-table IPv4 routes) into a guest_state (see
 * guest_state.h for what is read and how).
 *
 * One small walker per command over json-c objects: each entry goes into
 * a local struct first and is stored only when all of it was fine, so an
 * error leaves that part of the state empty.
 *
 * Pure C with json-c: reads the texts it is given, writes the state and
 * the caller's message buffers, nothing else.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "core/diag.h"
#include "core/guest_state.h"
#include "core/ipv4.h"
#include "core/mac.h"
#include "core/str.h"

#define GS_CMD_LINKS "ip -j link show"
#define GS_CMD_ADDRS "ip -j -4 addr show"
#define GS_CMD_ROUTES "ip -j -4 route show table main"

#define GS_SHOWN_MAX 40		/* a guest's value quoted in a message */
#define GS_JSON_DEPTH 10	/* route: list, object, nexthops, flags */

/* Where a message about an entry says it is. */
struct gs_ctx {
	const char *cmd;
	char *err;
	size_t errlen;
};

static void gs_err(const struct gs_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void gs_err(const struct gs_ctx *c, const char *fmt, ...)
{
	char msg[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	errf(c->err, c->errlen, "%s: %s", c->cmd, msg);
}

static const char *gs_type_name(json_object *o)
{
	switch (json_object_get_type(o)) {
	case json_type_null:
		return "null";
	case json_type_boolean:
		return "true or false";
	case json_type_double:
		return "a fraction";
	case json_type_int:
		return "a number";
	case json_type_object:
		return "an object";
	case json_type_array:
		return "a list";
	case json_type_string:
		return "a string";
	}
	return "something else";
}

/* Parses TEXT as one JSON array: the array (caller puts it), or NULL
 * with the reason in C. */
static json_object *gs_parse_array(const struct gs_ctx *c, const char *text)
{
	struct json_tokener *tok;
	enum json_tokener_error jerr;
	json_object *root;
	size_t len, i;

	if (!text) {
		gs_err(c, "no output");
		return NULL;
	}
	len = strnlen(text, (size_t)GUEST_STATE_MAX_INPUT + 1);
	if (len > GUEST_STATE_MAX_INPUT) {
		gs_err(c, "the output is larger than %d bytes",
		       GUEST_STATE_MAX_INPUT);
		return NULL;
	}
	for (i = 0; i < len && strchr(" \t\r\n", text[i]); i++)
		;
	if (i == len) {
		gs_err(c, "the output is empty, not a JSON list");
		return NULL;
	}
	/* ip's JSON is plain: strict, UTF-8, a few levels deep */
	tok = json_tokener_new_ex(GS_JSON_DEPTH);
	if (tok)
		json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
				       JSON_TOKENER_VALIDATE_UTF8);
	if (!tok) {
		gs_err(c, "out of memory");
		return NULL;
	}
	root = json_tokener_parse_ex(tok, text, (int)len);
	jerr = json_tokener_get_error(tok);
	if (!root || jerr != json_tokener_success) {
		if (jerr == json_tokener_continue)
			gs_err(c, "the JSON ends too early (cut off?)");
		else
			gs_err(c, "not JSON at byte %zu: %s",
			       json_tokener_get_parse_end(tok),
			       json_tokener_error_desc(jerr));
		json_object_put(root);
		json_tokener_free(tok);
		return NULL;
	}
	for (i = json_tokener_get_parse_end(tok); i < len; i++) {
		if (!strchr(" \t\r\n", text[i])) {
			gs_err(c, "more text after the JSON, at byte %zu", i);
			json_object_put(root);
			json_tokener_free(tok);
			return NULL;
		}
	}
	json_tokener_free(tok);
	if (!json_object_is_type(root, json_type_array)) {
		gs_err(c, "the output is %s, not a JSON list",
		       gs_type_name(root));
		json_object_put(root);
		return NULL;
	}
	return root;
}

/* Member KEY of entry O (numbered N from 1 in messages, WHAT "entry" or
 * "entry 2, addr_info entry 1"): its value, or NULL when absent (an error
 * when REQUIRED).  A JSON null counts as absent. */
static json_object *gs_member(const struct gs_ctx *c, json_object *o,
			      const char *what, const char *key,
			      bool required, bool *failed)
{
	json_object *v = NULL;

	if (!json_object_object_get_ex(o, key, &v) || !v) {
		if (required) {
			gs_err(c, "%s has no \"%s\"", what, key);
			*failed = true;
		}
		return NULL;
	}
	return v;
}

static bool gs_get_int(const struct gs_ctx *c, json_object *o,
		       const char *what, const char *key, bool required,
		       int64_t min, int64_t max, int64_t *out)
{
	bool failed = false;
	json_object *v = gs_member(c, o, what, key, required, &failed);
	int64_t x;

	if (!v)
		return !failed;
	if (!json_object_is_type(v, json_type_int)) {
		gs_err(c, "%s: \"%s\" is %s, not a whole number", what, key,
		       gs_type_name(v));
		return false;
	}
	x = json_object_get_int64(v);	/* saturates beyond int64 */
	if (x < min || x > max) {
		gs_err(c, "%s: \"%s\" is out of range (%lld to %lld)", what,
		       key, (long long)min, (long long)max);
		return false;
	}
	*out = x;
	return true;
}

static bool gs_get_bool(const struct gs_ctx *c, json_object *o,
			const char *what, const char *key, bool *out)
{
	bool failed = false;
	json_object *v = gs_member(c, o, what, key, false, &failed);

	if (!v)
		return true;
	if (!json_object_is_type(v, json_type_boolean)) {
		gs_err(c, "%s: \"%s\" is %s, not true or false", what, key,
		       gs_type_name(v));
		return false;
	}
	*out = json_object_get_boolean(v);
	return true;
}

/* A string member: printable ASCII, no NUL inside, shorter than LEN.
 * WORD: also no blank, '/' or ':' (an interface name).  Absent and not
 * REQUIRED: DST keeps its value. */
static bool gs_get_str(const struct gs_ctx *c, json_object *o,
		       const char *what, const char *key, bool required,
		       bool word, char *dst, size_t len)
{
	bool failed = false;
	json_object *v = gs_member(c, o, what, key, required, &failed);
	const char *s;
	size_t n, i;

	if (!v)
		return !failed;
	if (!json_object_is_type(v, json_type_string)) {
		gs_err(c, "%s: \"%s\" is %s, not a string", what, key,
		       gs_type_name(v));
		return false;
	}
	s = json_object_get_string(v);
	n = (size_t)json_object_get_string_len(v);
	if (n == 0) {
		gs_err(c, "%s: \"%s\" is empty", what, key);
		return false;
	}
	if (n >= len) {
		gs_err(c, "%s: \"%s\" is longer than %zu characters", what,
		       key, len - 1);
		return false;
	}
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch < 0x20 || ch >= 0x7f ||
		    (word && (ch == ' ' || ch == '/' || ch == ':'))) {
			gs_err(c, "%s: \"%s\" holds a character that is not "
			       "allowed there (byte %zu)", what, key, i + 1);
			return false;
		}
	}
	memcpy(dst, s, n);
	dst[n] = '\0';
	return true;
}

/* Whether entry O is an object at all. */
static bool gs_entry(const struct gs_ctx *c, json_object *o, const char *what)
{
	if (!json_object_is_type(o, json_type_object)) {
		gs_err(c, "%s is %s, not an object", what, gs_type_name(o));
		return false;
	}
	return true;
}

int guest_state_parse_links(struct guest_state *gs, const char *json_text,
			    char *err, size_t errlen)
{
	struct gs_ctx c = { GS_CMD_LINKS, err, errlen };
	json_object *root, *o;
	char what[32], addr[64];
	struct guest_link l;
	size_t i, j, n;
	int64_t x;
	int r = -1;

	gs->nlinks = 0;
	root = gs_parse_array(&c, json_text);
	if (!root)
		return -1;
	n = json_object_array_length(root);
	if (n > GUEST_STATE_MAX_LINKS) {
		gs_err(&c, "the VM has %zu links; edgenet reads at most %d",
		       n, GUEST_STATE_MAX_LINKS);
		goto out;
	}
	for (i = 0; i < n; i++) {
		o = json_object_array_get_idx(root, i);
		snprintf(what, sizeof(what), "entry %zu", i + 1);
		memset(&l, 0, sizeof(l));
		l.dns.default_route = -1;
		addr[0] = '\0';
		if (!gs_entry(&c, o, what) ||
		    !gs_get_int(&c, o, what, "ifindex", true, 1, INT32_MAX,
				&x))
			goto out;
		l.ifindex = (int)x;
		if (!gs_get_str(&c, o, what, "ifname", true, true, l.name,
				sizeof(l.name)) ||
		    !gs_get_str(&c, o, what, "operstate", true, true,
				l.operstate, sizeof(l.operstate)) ||
		    !gs_get_str(&c, o, what, "address", false, false, addr,
				sizeof(addr)))
			goto out;
		l.has_mac = addr[0] && mac_parse(addr, &l.mac) == MAC_OK;
		for (j = 0; j < gs->nlinks; j++) {
			if (gs->links[j].ifindex == l.ifindex ||
			    !strcmp(gs->links[j].name, l.name)) {
				gs_err(&c, "%s: link %d (%s) is listed twice",
				       what, l.ifindex, l.name);
				goto out;
			}
		}
		gs->links[gs->nlinks++] = l;
	}
	r = 0;
out:
	if (r)
		gs->nlinks = 0;
	json_object_put(root);
	return r;
}

static bool gs_add_addr(struct guest_state *gs, const struct gs_ctx *c,
			json_object *a, const char *what, int ifindex)
{
	struct guest_addr ga;
	char family[GUEST_STATE_WORD_MAX], local[GS_SHOWN_MAX];
	int64_t x;

	memset(&ga, 0, sizeof(ga));
	ga.ifindex = ifindex;
	family[0] = '\0';
	if (!gs_entry(c, a, what) ||
	    !gs_get_str(c, a, what, "family", true, true, family,
			sizeof(family)))
		return false;
	if (strcmp(family, "inet"))
		return true;		/* not IPv4: not ours to read */
	str_copy(ga.scope, sizeof(ga.scope), "global");
	if (!gs_get_str(c, a, what, "local", true, false, local,
			sizeof(local)) ||
	    !gs_get_int(c, a, what, "prefixlen", true, 0, 32, &x) ||
	    !gs_get_bool(c, a, what, "dynamic", &ga.dynamic) ||
	    !gs_get_str(c, a, what, "scope", false, true, ga.scope,
			sizeof(ga.scope)))
		return false;
	ga.prefix = (int)x;
	if (ipv4_parse(local, &ga.addr) != IPV4_OK) {
		gs_err(c, "%s: \"local\" is not an IPv4 address: %s", what,
		       local);
		return false;
	}
	if (gs->naddrs >= GUEST_STATE_MAX_ADDRS) {
		gs_err(c, "the VM has more than %d IPv4 addresses; edgenet "
		       "reads at most %d", GUEST_STATE_MAX_ADDRS,
		       GUEST_STATE_MAX_ADDRS);
		return false;
	}
	gs->addrs[gs->naddrs++] = ga;
	return true;
}

int guest_state_parse_addrs(struct guest_state *gs, const char *json_text,
			    char *err, size_t errlen)
{
	struct gs_ctx c = { GS_CMD_ADDRS, err, errlen };
	json_object *root, *o, *info;
	char what[80];
	size_t i, j, n, m;
	bool failed = false;
	int64_t x;
	int r = -1;

	gs->naddrs = 0;
	root = gs_parse_array(&c, json_text);
	if (!root)
		return -1;
	n = json_object_array_length(root);
	for (i = 0; i < n; i++) {
		o = json_object_array_get_idx(root, i);
		snprintf(what, sizeof(what), "entry %zu", i + 1);
		if (!gs_entry(&c, o, what))
			goto out;
		if (json_object_object_length(o) == 0)
			continue;	/* old iproute2: a link filtered out */
		if (!gs_get_int(&c, o, what, "ifindex", true, 1, INT32_MAX,
				&x))
			goto out;
		info = gs_member(&c, o, what, "addr_info", true, &failed);
		if (!info)
			goto out;
		if (!json_object_is_type(info, json_type_array)) {
			gs_err(&c, "%s: \"addr_info\" is %s, not a list", what,
			       gs_type_name(info));
			goto out;
		}
		m = json_object_array_length(info);
		for (j = 0; j < m; j++) {
			snprintf(what, sizeof(what),
				 "entry %zu, addr_info entry %zu", i + 1,
				 j + 1);
			if (!gs_add_addr(gs, &c,
					 json_object_array_get_idx(info, j),
					 what, (int)x))
				goto out;
		}
	}
	r = 0;
out:
	if (r)
		gs->naddrs = 0;
	json_object_put(root);
	return r;
}

static bool gs_route_dst(const struct gs_ctx *c, const char *what,
			 const char *dst, struct guest_route *rt)
{
	if (!strcmp(dst, "default")) {
		rt->dst = 0;
		rt->prefix = 0;
		return true;
	}
	if (strchr(dst, '/')) {
		if (ipv4_parse_cidr(dst, &rt->dst, &rt->prefix) == IPV4_OK)
			return true;
	} else if (ipv4_parse(dst, &rt->dst) == IPV4_OK) {
		rt->prefix = 32;
		return true;
	}
	gs_err(c, "%s: \"dst\" is not \"default\" or an IPv4 network: %s",
	       what, dst);
	return false;
}

/* "gateway" and "dev" of a route or of one of its next hops. */
static bool gs_route_hop(const struct gs_ctx *c, json_object *o,
			 const char *what, struct guest_route *rt)
{
	char gw[GS_SHOWN_MAX];

	gw[0] = '\0';
	if (!gs_get_str(c, o, what, "gateway", false, false, gw, sizeof(gw)) ||
	    !gs_get_str(c, o, what, "dev", false, true, rt->dev,
			sizeof(rt->dev)))
		return false;
	rt->has_gateway = gw[0] != '\0';
	if (rt->has_gateway && ipv4_parse(gw, &rt->gateway) != IPV4_OK) {
		gs_err(c, "%s: \"gateway\" is not an IPv4 address: %s", what,
		       gw);
		return false;
	}
	return true;
}

static bool gs_add_route(struct guest_state *gs, const struct gs_ctx *c,
			 const struct guest_route *rt)
{
	if (gs->nroutes >= GUEST_STATE_MAX_ROUTES) {
		gs_err(c, "the VM has more than %d IPv4 routes; edgenet reads "
		       "at most %d", GUEST_STATE_MAX_ROUTES,
		       GUEST_STATE_MAX_ROUTES);
		return false;
	}
	gs->routes[gs->nroutes++] = *rt;
	return true;
}

static bool gs_parse_route(struct guest_state *gs, const struct gs_ctx *c,
			   json_object *o, size_t idx)
{
	struct guest_route rt, hop;
	char what[80], dst[GS_SHOWN_MAX];
	json_object *hops;
	bool failed = false;
	size_t j, m;
	int64_t x = 0;

	snprintf(what, sizeof(what), "entry %zu", idx + 1);
	memset(&rt, 0, sizeof(rt));
	str_copy(rt.type, sizeof(rt.type), "unicast");
	str_copy(rt.protocol, sizeof(rt.protocol), "boot");
	str_copy(rt.scope, sizeof(rt.scope), "global");
	if (!gs_entry(c, o, what) ||
	    !gs_get_str(c, o, what, "dst", true, false, dst, sizeof(dst)) ||
	    !gs_route_dst(c, what, dst, &rt) ||
	    !gs_get_str(c, o, what, "type", false, true, rt.type,
			sizeof(rt.type)) ||
	    !gs_get_str(c, o, what, "protocol", false, true, rt.protocol,
			sizeof(rt.protocol)) ||
	    !gs_get_str(c, o, what, "scope", false, true, rt.scope,
			sizeof(rt.scope)) ||
	    !gs_get_int(c, o, what, "metric", false, 0, UINT32_MAX, &x) ||
	    !gs_route_hop(c, o, what, &rt))
		return false;
	rt.metric = (uint32_t)x;
	hops = gs_member(c, o, what, "nexthops", false, &failed);
	if (!hops)
		return gs_add_route(gs, c, &rt);
	if (!json_object_is_type(hops, json_type_array)) {
		gs_err(c, "%s: \"nexthops\" is %s, not a list", what,
		       gs_type_name(hops));
		return false;
	}
	m = json_object_array_length(hops);
	if (m == 0) {
		gs_err(c, "%s: \"nexthops\" is an empty list", what);
		return false;
	}
	for (j = 0; j < m; j++) {
		o = json_object_array_get_idx(hops, j);
		snprintf(what, sizeof(what), "entry %zu, next hop %zu",
			 idx + 1, j + 1);
		hop = rt;
		hop.multipath = true;
		if (!gs_entry(c, o, what) || !gs_route_hop(c, o, what, &hop) ||
		    !gs_add_route(gs, c, &hop))
			return false;
	}
	return true;
}

int guest_state_parse_routes(struct guest_state *gs, const char *json_text,
			     char *err, size_t errlen)
{
	struct gs_ctx c = { GS_CMD_ROUTES, err, errlen };
	json_object *root;
	size_t i, n;
	int r = -1;

	gs->nroutes = 0;
	root = gs_parse_array(&c, json_text);
	if (!root)
		return -1;
	n = json_object_array_length(root);
	for (i = 0; i < n; i++)
		if (!gs_parse_route(gs, &c, json_object_array_get_idx(root, i),
				    i))
			goto out;
	r = 0;
out:
	if (r)
		gs->nroutes = 0;
	json_object_put(root);
	return r;
}
