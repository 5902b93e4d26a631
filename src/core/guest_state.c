/*
 * guest_state.c - the parsers of what a guest reports about its network
 * (`ip -j` output and resolved's per-link state files) and the check of
 * that state against a plan.  See guest_state.h for what is read and how.
 *
 * The JSON side is one small walker per command over json-c objects: each
 * entry goes into a local struct first and is stored only when all of it
 * was fine, so an error leaves that part of the state empty.  The DNS side
 * reuses dnsview_parse_netif and turns its warnings into errors.
 *
 * Pure C with json-c: reads the texts and the plan it is given, writes
 * the state and the caller's message buffers, nothing else.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "core/diag.h"
#include "core/dnsview.h"
#include "core/dnsview_parse.h"
#include "core/guest_state.h"
#include "core/ipv4.h"
#include "core/mac.h"
#include "core/plan.h"
#include "core/str.h"

#define GS_CMD_LINKS "ip -j link show"
#define GS_CMD_ADDRS "ip -j -4 addr show"
#define GS_CMD_ROUTES "ip -j -4 route show table main"

#define GS_SHOWN_MAX 40		/* a guest's value quoted in a message */
#define GS_JSON_DEPTH 10	/* route: list, object, nexthops, flags */

void guest_state_init(struct guest_state *gs)
{
	memset(gs, 0, sizeof(*gs));
}

/* --- JSON helpers --- */

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

/* --- links --- */

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

/* --- addresses --- */

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
	snprintf(ga.scope, sizeof(ga.scope), "global");
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

/* --- routes --- */

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
	snprintf(rt.type, sizeof(rt.type), "unicast");
	snprintf(rt.protocol, sizeof(rt.protocol), "boot");
	snprintf(rt.scope, sizeof(rt.scope), "global");
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

/* --- DNS: resolved's per-link state --- */

static struct guest_link *gs_link_by_index(struct guest_state *gs,
					   int ifindex)
{
	for (size_t i = 0; i < gs->nlinks; i++)
		if (gs->links[i].ifindex == ifindex)
			return &gs->links[i];
	return NULL;
}

/* resolved's rule (link_is_managed): networkd manages a link when its
 * state file says ADMIN_STATE= and not pending, initialized or
 * unmanaged; resolved then takes the link's DNS from that file. */
static bool gs_networkd_manages(const char *text)
{
	static const char key[] = "ADMIN_STATE=";
	const char *p = text, *end, *v;
	size_t len, n;

	if (!text)
		return false;
	len = strnlen(text, (size_t)GUEST_STATE_MAX_INPUT);
	end = text + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;

		if ((size_t)(eol - p) > sizeof(key) - 1 &&
		    !memcmp(p, key, sizeof(key) - 1)) {
			v = p + sizeof(key) - 1;
			n = (size_t)(eol - v);
			if (n && v[n - 1] == '\r')
				n--;
			return !((n == 7 && !memcmp(v, "pending", 7)) ||
				 (n == 11 && !memcmp(v, "initialized", 11)) ||
				 (n == 9 && !memcmp(v, "unmanaged", 9)));
		}
		p = eol + 1;
	}
	return false;
}

int guest_state_parse_dns_files(struct guest_state *gs, int ifindex,
				const char *networkd_text,
				const char *resolved_text, char *err,
				size_t errlen)
{
	struct guest_link *l = gs_link_by_index(gs, ifindex);
	bool nd = gs_networkd_manages(networkd_text);
	const char *what = nd ? "networkd's" : "resolved's";
	struct dnsview_section s;
	struct diag_list d;
	struct guest_link_dns dns;
	const struct dnsview_server *sv;
	size_t i, n;
	int r = -1, pr;

	if (!l) {
		errf(err, errlen, "%s state of link %d: the VM lists no link "
		     "with that index", what, ifindex);
		return -1;
	}
	l->dns_read = false;
	l->dns_from_networkd = false;
	memset(&l->dns, 0, sizeof(l->dns));
	l->dns.default_route = -1;
	memset(&dns, 0, sizeof(dns));
	dns.default_route = -1;
	diag_list_init(&d);
	dnsview_section_init(&s, false, ifindex);
	if (nd)
		pr = dnsview_parse_networkd_link(&s, networkd_text, "", &d);
	else
		pr = dnsview_parse_netif(&s, resolved_text, "", &d);
	if (pr) {
		errf(err, errlen, "%s state of link %d (%s): out of memory",
		     what, ifindex, l->name);
		goto out;
	}
	if (d.count) {
		if (d.items[0].line)
			errf(err, errlen, "%s state of link %d (%s), line %d: "
			     "%s", what, ifindex, l->name, d.items[0].line,
			     d.items[0].message);
		else
			errf(err, errlen, "%s state of link %d (%s): %s", what,
			     ifindex, l->name, d.items[0].message);
		goto out;
	}
	if (s.nservers > GUEST_STATE_MAX_SERVERS) {
		errf(err, errlen, "%s state of link %d (%s): more than %d DNS "
		     "servers; edgenet reads at most %d", what, ifindex,
		     l->name, GUEST_STATE_MAX_SERVERS, GUEST_STATE_MAX_SERVERS);
		goto out;
	}
	if (s.ndomains > GUEST_STATE_MAX_DOMAINS) {
		errf(err, errlen, "%s state of link %d (%s): more than %d DNS "
		     "domains; edgenet reads at most %d", what, ifindex,
		     l->name, GUEST_STATE_MAX_DOMAINS, GUEST_STATE_MAX_DOMAINS);
		goto out;
	}
	for (i = 0; i < s.nservers; i++) {
		sv = &s.servers[i];
		n = strlen(sv->text);
		if (n < sizeof(dns.servers[i].text)) {
			memcpy(dns.servers[i].text, sv->text, n + 1);
		} else {
			n = sizeof(dns.servers[i].text) - 4;
			memcpy(dns.servers[i].text, sv->text, n);
			memcpy(dns.servers[i].text + n, "...", 4);
		}
		str_copy(dns.servers[i].addr, sizeof(dns.servers[i].addr),
			 sv->addr);
		dns.servers[i].port = sv->port;
	}
	dns.nservers = s.nservers;
	for (i = 0; i < s.ndomains; i++) {
		str_copy(dns.domains[i].name, sizeof(dns.domains[i].name),
			 s.domains[i].name);
		dns.domains[i].route_only = s.domains[i].route_only;
	}
	dns.ndomains = s.ndomains;
	dns.default_route = s.default_route;
	l->dns = dns;
	l->dns_read = true;
	l->dns_from_networkd = nd;
	r = 0;
out:
	dnsview_section_free(&s);
	diag_list_free(&d);
	return r;
}

int guest_state_parse_dns(struct guest_state *gs, int ifindex,
			  const char *netif_text, char *err, size_t errlen)
{
	return guest_state_parse_dns_files(gs, ifindex, NULL, netif_text, err,
					   errlen);
}

/* --- the check --- */

const struct guest_link *guest_state_find_mac(const struct guest_state *gs,
					      const struct mac *mac,
					      const char *name)
{
	const struct guest_link *first = NULL;

	for (size_t i = 0; i < gs->nlinks; i++) {
		const struct guest_link *l = &gs->links[i];

		if (!l->has_mac || !mac_equal(&l->mac, mac))
			continue;
		if (name && !strcmp(l->name, name))
			return l;
		if (!first)
			first = l;
	}
	return first;
}

/* What the messages about one NIC start with. */
struct gs_nic {
	const struct plan_nic *n;
	const struct guest_link *l;
	char label[PLAN_NAME_MAX + MAC_STRLEN + GUEST_STATE_IFNAME_MAX + 32];
	char *why;
	size_t whylen;
};

static int gs_diff(struct gs_nic *g, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* "eth0 (52:54:00:12:34:56): " + the sentence; returns 1. */
static int gs_diff(struct gs_nic *g, const char *fmt, ...)
{
	char msg[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	errf(g->why, g->whylen, "%s%s%s", g->label,
	     msg[0] == ' ' ? "" : ": ", msg);
	return 1;
}

static bool gs_is_default(const struct guest_route *rt)
{
	return rt->prefix == 0 && !strcmp(rt->type, "unicast");
}

/* " via 10.0.0.1" or "" into BUF. */
static const char *gs_via(const struct guest_route *rt, char *buf,
			  size_t len)
{
	char a[IPV4_STRLEN];

	if (rt->has_gateway)
		snprintf(buf, len, " via %s", ipv4_format(rt->gateway, a));
	else
		buf[0] = '\0';
	return buf;
}

static int gs_check_address(struct gs_nic *g, const struct guest_state *gs,
			    uint32_t addr, int prefix)
{
	const struct guest_addr *other = NULL;
	char a[IPV4_STRLEN];

	for (size_t i = 0; i < gs->naddrs; i++) {
		const struct guest_addr *ga = &gs->addrs[i];

		if (ga->ifindex != g->l->ifindex)
			continue;
		if (g->n->mode == IP_DHCP)
			return 0;
		if (ga->addr != addr)
			continue;
		if (ga->prefix == prefix)
			return 0;
		other = ga;
	}
	if (g->n->mode == IP_DHCP)
		return gs_diff(g, "no IPv4 address yet (DHCP)");
	ipv4_format(addr, a);
	if (other)
		return gs_diff(g, "address %s has prefix /%d, the plan says "
			       "/%d", a, other->prefix, prefix);
	return gs_diff(g, "no address %s/%d yet", a, prefix);
}

static int gs_check_routes(struct gs_nic *g, const struct guest_state *gs,
			   bool has_gw, uint32_t gw, long long metric)
{
	const struct guest_route *planned = NULL, *near = NULL, *extra = NULL;
	const struct guest_route *any = NULL;
	char via[32], a[IPV4_STRLEN];

	for (size_t i = 0; i < gs->nroutes; i++) {
		const struct guest_route *rt = &gs->routes[i];

		if (!gs_is_default(rt) || strcmp(rt->dev, g->l->name))
			continue;
		if (!any)
			any = rt;
		if ((!has_gw || (rt->has_gateway && rt->gateway == gw)) &&
		    (long long)rt->metric == metric && !planned)
			planned = rt;
		else if ((!has_gw || (rt->has_gateway && rt->gateway == gw)) &&
			 !near)
			near = rt;
		else if (!extra)
			extra = rt;
	}
	if (g->n->offline) {
		if (any)
			return gs_diff(g, " is an offline network but has a "
				       "default route%s",
				       gs_via(any, via, sizeof(via)));
		return 0;
	}
	if (!planned) {
		if (near)
			return gs_diff(g, "default route metric is %lu, the "
				       "plan says %lld",
				       (unsigned long)near->metric, metric);
		if (any && has_gw)
			return gs_diff(g, "default route%s, the plan says via "
				       "%s", gs_via(any, via, sizeof(via)),
				       ipv4_format(gw, a));
		if (has_gw)
			return gs_diff(g, "no default route via %s yet",
				       ipv4_format(gw, a));
		return gs_diff(g, "no default route yet (DHCP)");
	}
	if (near)
		extra = near;
	if (extra)
		return gs_diff(g, "a second default route%s metric %lu; the "
			       "plan has only the one with metric %lld",
			       gs_via(extra, via, sizeof(via)),
			       (unsigned long)extra->metric, metric);
	return 0;
}

/* Same server: address and port (53 when not given). */
static bool gs_server_is(const struct guest_dns_server *s, const char *text)
{
	struct dnsview_server p;

	if (dnsview_server_parse(&p, text, NULL, 0))
		return !strcmp(s->text, text);
	return !strcmp(s->addr, p.addr) &&
	       (s->port ? s->port : 53) == dnsview_server_port(&p);
}

static void gs_list_servers(const struct guest_link_dns *d, char *buf,
			    size_t len)
{
	size_t at = 0;

	buf[0] = '\0';
	if (!d->nservers) {
		snprintf(buf, len, "none");
		return;
	}
	for (size_t i = 0; i < d->nservers && at < len; i++)
		at += (size_t)snprintf(buf + at, len - at, "%s%s",
				       i ? " " : "", d->servers[i].text);
}

static void gs_list_plan_servers(const struct plan_nic *n, char *buf,
				 size_t len)
{
	size_t at = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n->ndns && i < PLAN_MAX_DNS && at < len; i++)
		at += (size_t)snprintf(buf + at, len - at, "%s%s",
				       i ? " " : "", n->dns[i]);
}

static int gs_check_servers(struct gs_nic *g)
{
	const struct guest_link_dns *d = &g->l->dns;
	size_t nd = g->n->ndns < PLAN_MAX_DNS ? g->n->ndns : PLAN_MAX_DNS;
	bool same = d->nservers >= nd;
	char have[300], want[300];

	if (!nd)
		return 0;
	if (g->n->mode == IP_STATIC && d->nservers != nd)
		same = false;
	for (size_t i = 0; same && i < nd; i++)
		if (!gs_server_is(&d->servers[i], g->n->dns[i]))
			same = false;
	if (same)
		return 0;
	gs_list_servers(d, have, sizeof(have));
	gs_list_plan_servers(g->n, want, sizeof(want));
	return gs_diff(g, "DNS servers are %s, the plan says %s%s", have, want,
		       g->n->mode == IP_DHCP ? " first" : "");
}

/* Compares domain names: letter case and one final dot ignored. */
static bool gs_same_domain(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la > 1 && a[la - 1] == '.')
		la--;
	if (lb > 1 && b[lb - 1] == '.')
		lb--;
	return la == lb && !strncasecmp(a, b, la);
}

static int gs_check_domains(struct gs_nic *g)
{
	const struct guest_link_dns *d = &g->l->dns;
	const struct plan_nic *n = g->n;
	size_t ns = n->nsearch < PLAN_MAX_SEARCH ? n->nsearch : PLAN_MAX_SEARCH;
	bool same = d->ndomains == ns, found, route;
	char have[600], want[600];
	const char *name;
	size_t i, j, at;

	/* as guestcfg writes them: "~name" as typed, or made so offline */
	for (i = 0; same && i < ns; i++) {
		name = n->search[i];
		route = n->offline || name[0] == '~';
		if (name[0] == '~')
			name++;
		found = false;
		for (j = 0; j < d->ndomains && !found; j++)
			found = d->domains[j].route_only == route &&
				gs_same_domain(d->domains[j].name, name);
		same = found;
	}
	if (same)
		return 0;
	have[0] = want[0] = '\0';
	for (i = at = 0; i < d->ndomains && at < sizeof(have); i++)
		at += (size_t)snprintf(have + at, sizeof(have) - at, "%s%s%s",
				       i ? " " : "",
				       d->domains[i].route_only ? "~" : "",
				       d->domains[i].name);
	for (i = at = 0; i < ns && at < sizeof(want); i++)
		at += (size_t)snprintf(want + at, sizeof(want) - at, "%s%s%s",
				       i ? " " : "",
				       n->offline && n->search[i][0] != '~' ?
				       "~" : "", n->search[i]);
	return gs_diff(g, "DNS domains are %s, the plan says %s",
		       d->ndomains ? have : "none", ns ? want : "none");
}

static int gs_check_dns(struct gs_nic *g)
{
	const struct plan_nic *n = g->n;
	int r;

	if (!n->ndns && !n->nsearch && !n->offline)
		return 0;
	if (!g->l->dns_read)
		return gs_diff(g, "the VM's DNS settings of this link "
			       "(resolved's state) were not read");
	r = gs_check_servers(g);
	if (!r)
		r = gs_check_domains(g);
	if (!r && n->offline && g->l->dns.default_route != 0)
		r = gs_diff(g, " is an offline network but its DNS servers "
			    "are used for all names (DefaultRoute is %s, the "
			    "plan says no)",
			    g->l->dns.default_route > 0 ? "yes" : "not set");
	return r;
}

static int gs_check_nic(const struct plan *p, size_t i, const struct mac *m,
			const struct guest_state *gs, char *why,
			size_t whylen)
{
	const struct plan_nic *n = &p->nics[i];
	struct gs_nic g = { n, NULL, "", why, whylen };
	char ms[MAC_STRLEN];
	uint32_t addr = 0, gw = 0;
	int prefix = 0, r;

	mac_format(m, ms);
	g.l = guest_state_find_mac(gs, m, n->name);
	if (!g.l) {
		snprintf(g.label, sizeof(g.label), "%s (%s)", n->name, ms);
		return gs_diff(&g, "the VM has no network interface with this "
			       "MAC address");
	}
	if (strcmp(g.l->name, n->name))
		snprintf(g.label, sizeof(g.label), "%s (%s, %s in the VM)",
			 n->name, ms, g.l->name);
	else
		snprintf(g.label, sizeof(g.label), "%s (%s)", n->name, ms);
	if (n->mode == IP_STATIC) {
		if (ipv4_parse(n->address, &addr) != IPV4_OK ||
		    !n->has_prefix || n->prefix < 0 || n->prefix > 32 ||
		    (!n->offline && ipv4_parse(n->gateway, &gw) != IPV4_OK)) {
			errf(why, whylen, "%s: the plan's static address, "
			     "prefix or gateway does not parse: validate the "
			     "plan first", n->name);
			return -1;
		}
		prefix = n->prefix;
	} else if (n->mode != IP_DHCP) {
		errf(why, whylen, "%s: the plan gives no IP mode: validate the "
		     "plan first", n->name);
		return -1;
	}
	r = gs_check_address(&g, gs, addr, prefix);
	if (!r)
		r = gs_check_routes(&g, gs, n->mode == IP_STATIC, gw,
				    plan_nic_metric(p, i));
	if (!r)
		r = gs_check_dns(&g);
	return r;
}

int guest_state_check(const struct plan *p, const struct mac *macs,
		      const struct guest_state *gs, char *why, size_t whylen)
{
	struct mac m;
	int r;

	errf(why, whylen, "%s", "");
	for (size_t i = 0; i < p->nnics && i < PLAN_MAX_NICS; i++) {
		if (macs) {
			m = macs[i];
		} else if (mac_parse(p->nics[i].mac, &m) != MAC_OK) {
			errf(why, whylen, "%s: the plan gives no usable MAC "
			     "address to find this NIC by", p->nics[i].name);
			return -1;
		}
		r = gs_check_nic(p, i, &m, gs, why, whylen);
		if (r)
			return r;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* one text for everything (GUEST_STATE_SCRIPT)                        */

enum gs_part { GSP_LINK, GSP_ADDR, GSP_ROUTE, GSP_NETWORKD, GSP_RESOLVED };

struct gs_section {
	enum gs_part part;
	int ifindex;		/* networkd / resolved */
	char *text;		/* malloc'd, NUL-terminated */
};

#define GS_MAX_SECTIONS (3 + 2 * GUEST_STATE_MAX_LINKS)

/* The header line H (without "@@") as a part: 0, or -1. */
static int gs_header(const char *h, size_t n, struct gs_section *out)
{
	static const struct {
		const char *name;
		enum gs_part part;
		bool indexed;
	} names[] = {
		{ "ip-link", GSP_LINK, false },
		{ "ip-addr", GSP_ADDR, false },
		{ "ip-route", GSP_ROUTE, false },
		{ "networkd ", GSP_NETWORKD, true },
		{ "resolved ", GSP_RESOLVED, true },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		size_t k = strlen(names[i].name);
		long v = 0;

		if (n < k || memcmp(h, names[i].name, k))
			continue;
		if (!names[i].indexed) {
			if (n != k)
				return -1;
		} else {
			if (n == k || n - k > 9)
				return -1;
			for (size_t j = k; j < n; j++) {
				if (h[j] < '0' || h[j] > '9')
					return -1;
				v = v * 10 + (h[j] - '0');
			}
			if (v <= 0)
				return -1;
		}
		out->part = names[i].part;
		out->ifindex = (int)v;
		return 0;
	}
	return -1;
}

static const char *gs_text_of(const struct gs_section *sec, size_t n,
			      enum gs_part part, int ifindex)
{
	for (size_t i = 0; i < n; i++)
		if (sec[i].part == part && sec[i].ifindex == ifindex)
			return sec[i].text;
	return NULL;
}

int guest_state_parse_bundle(struct guest_state *gs, const char *text,
			     char *err, size_t errlen)
{
	struct gs_section *sec;
	size_t n = 0, len, i;
	const char *p, *line, *body = NULL;
	int rc = -1;

	if (!text || (len = strlen(text)) > GUEST_STATE_MAX_INPUT * 4) {
		errf(err, errlen, "the VM's network state is missing or larger "
		     "than %d bytes", GUEST_STATE_MAX_INPUT * 4);
		return -1;
	}
	sec = calloc(GS_MAX_SECTIONS, sizeof(*sec));
	if (!sec) {
		errf(err, errlen, "out of memory");
		return -1;
	}
	for (p = text; *p; p = line) {
		const char *eol = strchr(p, '\n');
		size_t ll = eol ? (size_t)(eol - p) : strlen(p);

		line = eol ? eol + 1 : p + ll;
		if (ll < 2 || p[0] != '@' || p[1] != '@') {
			if (!body && strspn(p, " \t\r") < ll) {
				errf(err, errlen, "the VM's network state does "
				     "not start with a section header");
				goto out;
			}
			continue;
		}
		/* a header: close the section before it */
		if (n && body && !(sec[n - 1].text = strndup(body,
						(size_t)(p - body))))
			goto oom;
		if (n == GS_MAX_SECTIONS ||
		    gs_header(p + 2, ll - 2, &sec[n]) < 0) {
			errf(err, errlen, "the VM's network state has an "
			     "unknown or one too many section \"%.*s\"",
			     (int)(ll > 40 ? 40 : ll), p);
			goto out;
		}
		for (i = 0; i < n; i++)
			if (sec[i].part == sec[n].part &&
			    sec[i].ifindex == sec[n].ifindex) {
				errf(err, errlen, "the VM's network state has "
				     "section \"%.*s\" twice",
				     (int)(ll > 40 ? 40 : ll), p);
				goto out;
			}
		n++;
		body = line;
	}
	if (n && body && !(sec[n - 1].text = strdup(body)))
		goto oom;
	if (!gs_text_of(sec, n, GSP_LINK, 0) || !gs_text_of(sec, n, GSP_ADDR, 0) ||
	    !gs_text_of(sec, n, GSP_ROUTE, 0)) {
		errf(err, errlen, "the VM's network state lacks its links, "
		     "addresses or routes");
		goto out;
	}
	if (guest_state_parse_links(gs, gs_text_of(sec, n, GSP_LINK, 0), err,
				    errlen) < 0 ||
	    guest_state_parse_addrs(gs, gs_text_of(sec, n, GSP_ADDR, 0), err,
				    errlen) < 0 ||
	    guest_state_parse_routes(gs, gs_text_of(sec, n, GSP_ROUTE, 0), err,
				     errlen) < 0)
		goto out;
	for (i = 0; i < n; i++)
		if ((sec[i].part == GSP_NETWORKD ||
		     sec[i].part == GSP_RESOLVED) &&
		    !gs_link_by_index(gs, sec[i].ifindex)) {
			errf(err, errlen, "the VM's network state has DNS state "
			     "for link %d, which it does not list",
			     sec[i].ifindex);
			goto out;
		}
	for (i = 0; i < gs->nlinks; i++) {
		int ix = gs->links[i].ifindex;

		if (guest_state_parse_dns_files(gs, ix,
				gs_text_of(sec, n, GSP_NETWORKD, ix),
				gs_text_of(sec, n, GSP_RESOLVED, ix), err,
				errlen) < 0)
			goto out;
	}
	rc = 0;
	goto out;
oom:
	errf(err, errlen, "out of memory");
out:
	for (i = 0; i < GS_MAX_SECTIONS; i++)
		free(sec[i].text);
	free(sec);
	return rc;
}
