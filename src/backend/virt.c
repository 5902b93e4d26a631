/*
 * virt.c - the libvirt backend: opens one connection to a libvirt host
 * (local, remote or the test driver), reads its networks and maps them
 * onto edgenet's switch types, and answers whether a domain exists.
 *
 * It only reads: no network or domain is defined, started or changed
 * here.  libvirt is made quiet first (its default error handler writes
 * to stderr, over the screen), and every libvirt error comes back as a
 * message in the caller's buffer.  The network XML is read by a small,
 * bounded reader of the few elements needed (no libxml2 dependency);
 * it never writes outside the fixed-size fields of struct host_net.
 * The one process-wide thing touched is libvirt's error handler.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "backend/virt.h"

struct virt_conn {
	virConnectPtr conn;
	char *uri;
	bool close_cb;		/* close callback registered */
	atomic_int lost;	/* 0, or 1 + virConnectCloseReason */
};

/* ---------------------------------------------------------------- */
/* messages                                                          */

static void set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* WHAT, then the first line of libvirt's last error message (XML parse
 * errors add lines with the faulty text and a caret); resets libvirt's
 * error. */
static void virt_err(char *err, size_t errlen, const char *what)
{
	const char *msg = virGetLastErrorMessage();
	int len;

	if (!msg)
		msg = "unknown libvirt error";
	len = (int)strcspn(msg, "\n");
	set_err(err, errlen, "%s: %.*s", what, len, msg);
	virResetLastError();
}

static void quiet_error(void *opaque, virErrorPtr error)
{
	(void)opaque;
	(void)error;
}

void virt_quiet_errors(void)
{
	virSetErrorFunc(NULL, quiet_error);
}

/* ---------------------------------------------------------------- */
/* a small, bounded XML reader                                       */

#define XML_MAX_DEPTH 32

struct xml_tag {
	const char *name;
	size_t nlen;
	const char *attrs;	/* raw attribute text */
	size_t alen;
	bool closing;		/* </name> */
	bool empty;		/* <name ... /> */
};

static bool xml_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

static bool xml_name_char(char ch)
{
	return ch != '\0' && !xml_space(ch) && ch != '/' && ch != '>' &&
	       ch != '=' && ch != '<' && ch != '"' && ch != '\'';
}

/* Moves *POS past TERM; false when TERM never comes. */
static bool skip_past(const char **pos, const char *term)
{
	const char *p = strstr(*pos, term);

	if (!p)
		return false;
	*pos = p + strlen(term);
	return true;
}

/* The next start or end tag from *POS, skipping text, comments, CDATA,
 * processing instructions and declarations.  1 with a tag, 0 at the end,
 * -1 when malformed. */
static int xml_next(const char **pos, struct xml_tag *t)
{
	const char *p = *pos;
	char quote;

	for (;;) {
		p = strchr(p, '<');
		if (!p) {
			*pos = p;
			return 0;
		}
		if (strncmp(p, "<!--", 4) == 0) {
			if (!skip_past(&p, "-->"))
				return -1;
		} else if (strncmp(p, "<![CDATA[", 9) == 0) {
			if (!skip_past(&p, "]]>"))
				return -1;
		} else if (strncmp(p, "<?", 2) == 0) {
			if (!skip_past(&p, "?>"))
				return -1;
		} else if (p[1] == '!') {
			if (!skip_past(&p, ">"))
				return -1;
		} else {
			break;
		}
	}

	memset(t, 0, sizeof(*t));
	p++;
	if (*p == '/') {
		t->closing = true;
		p++;
	}
	t->name = p;
	while (xml_name_char(*p))
		p++;
	t->nlen = (size_t)(p - t->name);
	if (t->nlen == 0)
		return -1;
	t->attrs = p;
	/* To the closing '>', not counting one inside a quoted value. */
	for (quote = 0; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '"' || *p == '\'') {
			quote = *p;
		} else if (*p == '<') {
			return -1;
		} else if (*p == '>') {
			break;
		}
	}
	if (*p != '>')
		return -1;
	t->alen = (size_t)(p - t->attrs);
	if (t->alen > 0 && t->attrs[t->alen - 1] == '/') {
		t->empty = true;
		t->alen--;
	}
	if (t->closing && (t->empty || t->alen != 0)) {
		/* "</name  >" is fine, "</name a='b'>" is not. */
		size_t i;

		for (i = 0; i < t->alen; i++)
			if (!xml_space(t->attrs[i]))
				return -1;
		if (t->empty)
			return -1;
	}
	*pos = p + 1;
	return 1;
}

static bool tag_is(const struct xml_tag *t, const char *name)
{
	return t->nlen == strlen(name) && strncmp(t->name, name, t->nlen) == 0;
}

/* Appends code point CP as UTF-8; false when it does not fit. */
static bool put_utf8(char *out, size_t outlen, size_t *o, unsigned long cp)
{
	unsigned char buf[4];
	size_t n, i;

	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return false;
	if (cp < 0x80) {
		buf[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		buf[0] = (unsigned char)(0xC0 | (cp >> 6));
		buf[1] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		buf[0] = (unsigned char)(0xE0 | (cp >> 12));
		buf[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		buf[2] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		buf[0] = (unsigned char)(0xF0 | (cp >> 18));
		buf[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
		buf[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		buf[3] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	if (*o + n >= outlen)
		return false;
	for (i = 0; i < n; i++)
		out[(*o)++] = (char)buf[i];
	return true;
}

/* Decodes the attribute value V (VLEN bytes) into OUT.  -1 when it does
 * not fit or has a bad entity. */
static int xml_decode(const char *v, size_t vlen, char *out, size_t outlen)
{
	static const struct {
		const char *name;
		char ch;
	} ents[] = {
		{ "amp;", '&' }, { "lt;", '<' }, { "gt;", '>' },
		{ "quot;", '"' }, { "apos;", '\'' },
	};
	size_t i = 0, o = 0, k;

	if (outlen == 0)
		return -1;
	while (i < vlen) {
		if (v[i] != '&') {
			if (o + 1 >= outlen)
				return -1;
			out[o++] = v[i++];
			continue;
		}
		i++;
		if (i < vlen && v[i] == '#') {
			unsigned long cp = 0;
			int base = 10, digits = 0;

			i++;
			if (i < vlen && (v[i] == 'x' || v[i] == 'X')) {
				base = 16;
				i++;
			}
			for (; i < vlen && v[i] != ';'; i++, digits++) {
				int d;
				char ch = v[i];

				if (ch >= '0' && ch <= '9')
					d = ch - '0';
				else if (base == 16 && ch >= 'a' && ch <= 'f')
					d = ch - 'a' + 10;
				else if (base == 16 && ch >= 'A' && ch <= 'F')
					d = ch - 'A' + 10;
				else
					return -1;
				if (digits > 8)
					return -1;
				cp = cp * (unsigned long)base + (unsigned long)d;
			}
			if (i >= vlen || digits == 0 ||
			    !put_utf8(out, outlen, &o, cp))
				return -1;
			i++;	/* ';' */
			continue;
		}
		for (k = 0; k < sizeof(ents) / sizeof(ents[0]); k++) {
			size_t el = strlen(ents[k].name);

			if (vlen - i >= el && strncmp(v + i, ents[k].name, el) == 0)
				break;
		}
		if (k == sizeof(ents) / sizeof(ents[0]) || o + 1 >= outlen)
			return -1;
		out[o++] = ents[k].ch;
		i += strlen(ents[k].name);
	}
	out[o] = '\0';
	return 0;
}

/* Attribute NAME of T, decoded into OUT: 1 found, 0 absent, -1 malformed
 * attribute text or a value too long for OUT.  With NAME NULL, checks
 * the whole attribute text: 0 well-formed, -1 not. */
static int xml_attr(const struct xml_tag *t, const char *name, char *out,
		    size_t outlen)
{
	const char *p = t->attrs, *end = t->attrs + t->alen;
	size_t want = name ? strlen(name) : 0;

	while (p < end) {
		const char *an, *v;
		size_t alen;
		char quote;

		while (p < end && xml_space(*p))
			p++;
		if (p >= end)
			break;
		an = p;
		while (p < end && xml_name_char(*p))
			p++;
		alen = (size_t)(p - an);
		if (alen == 0)
			return -1;
		while (p < end && xml_space(*p))
			p++;
		if (p >= end || *p != '=')
			return -1;
		p++;
		while (p < end && xml_space(*p))
			p++;
		if (p >= end || (*p != '"' && *p != '\''))
			return -1;
		quote = *p++;
		v = p;
		while (p < end && *p != quote)
			p++;
		if (p >= end)
			return -1;
		if (name && alen == want && strncmp(an, name, want) == 0)
			return xml_decode(v, (size_t)(p - v), out, outlen) < 0 ?
			       -1 : 1;
		p++;
	}
	return 0;
}

/* ---------------------------------------------------------------- */
/* network XML                                                       */

/* Strict decimal 0..32. */
static int parse_prefix(const char *s)
{
	int v = 0;

	if (!*s || strlen(s) > 2)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v <= 32 ? v : -1;
}

/* Prefix length of a contiguous dotted netmask, -1 otherwise. */
static int netmask_prefix(const char *s)
{
	struct in_addr a;
	uint32_t m;
	int bits = 0;

	if (inet_pton(AF_INET, s, &a) != 1)
		return -1;
	m = ntohl(a.s_addr);
	while (m & 0x80000000u) {
		bits++;
		m <<= 1;
	}
	return m == 0 ? bits : -1;
}

/* The prefix libvirt assumes for an IPv4 <ip> with neither prefix nor
 * netmask: the address's class. */
static int class_prefix(const char *addr)
{
	struct in_addr a;
	uint32_t v;

	if (inet_pton(AF_INET, addr, &a) != 1)
		return -1;
	v = ntohl(a.s_addr) >> 24;
	if (v < 128)
		return 8;
	if (v < 192)
		return 16;
	if (v < 224)
		return 24;
	return -1;
}

static bool is_ipv4(const char *s)
{
	struct in_addr a;

	return inet_pton(AF_INET, s, &a) == 1;
}

/* Reads attribute NAME of T into the field OUT; -1 with a message. */
static int field(const struct xml_tag *t, const char *name, char *out,
		 size_t outlen, char *err, size_t errlen)
{
	int r = xml_attr(t, name, out, outlen);

	if (r < 0) {
		out[0] = '\0';
		set_err(err, errlen,
			"network XML: <%.*s %s=...> is malformed or too long",
			(int)t->nlen, t->name, name);
	}
	return r;
}

struct net_reader {
	struct host_net *n;
	bool have_forward, have_bridge, have_ip, have_range;
	const char *ip_tag;	/* name pointer of the chosen <ip> */
};

static int read_ip(struct net_reader *r, const struct xml_tag *t, char *err,
		   size_t errlen)
{
	char family[16], addr[PLAN_ADDR_MAX], prefix[16], mask[PLAN_ADDR_MAX];
	int fr, pr, mr, plen, rc;

	fr = field(t, "family", family, sizeof(family), err, errlen);
	if (fr < 0)
		return -1;
	if (fr == 1 && strcmp(family, "ipv4") != 0)
		return 0;
	rc = field(t, "address", addr, sizeof(addr), err, errlen);
	if (rc <= 0)
		return rc;	/* malformed, or an <ip> with no address */
	if (fr == 0 && strchr(addr, ':'))
		return 0;	/* IPv6 without family='ipv6' */
	if (!is_ipv4(addr)) {
		set_err(err, errlen, "network XML: <ip address='%s'> is not "
			"an IPv4 address", addr);
		return -1;
	}
	pr = field(t, "prefix", prefix, sizeof(prefix), err, errlen);
	mr = field(t, "netmask", mask, sizeof(mask), err, errlen);
	if (pr < 0 || mr < 0)
		return -1;
	if (pr == 1)
		plen = parse_prefix(prefix);
	else if (mr == 1)
		plen = netmask_prefix(mask);
	else
		plen = class_prefix(addr);
	if (plen < 0) {
		if (pr == 1 || mr == 1)
			set_err(err, errlen, "network XML: <ip address='%s'> "
				"has a bad %s '%s'", addr,
				pr == 1 ? "prefix" : "netmask",
				pr == 1 ? prefix : mask);
		else
			set_err(err, errlen, "network XML: <ip address='%s'> "
				"has no prefix and no address class", addr);
		return -1;
	}
	if (snprintf(r->n->address, sizeof(r->n->address), "%s/%d", addr,
		     plen) >= (int)sizeof(r->n->address))
		return -1;	/* cannot happen: a checked IPv4 address */
	r->have_ip = true;
	r->ip_tag = t->name;
	return 0;
}

static int read_range(struct net_reader *r, const struct xml_tag *t,
		      char *err, size_t errlen)
{
	struct host_net *n = r->n;

	if (field(t, "start", n->dhcp_start, sizeof(n->dhcp_start), err,
		  errlen) < 0 ||
	    field(t, "end", n->dhcp_end, sizeof(n->dhcp_end), err,
		  errlen) < 0)
		return -1;
	if (!is_ipv4(n->dhcp_start) || !is_ipv4(n->dhcp_end)) {
		set_err(err, errlen, "network XML: DHCP range '%s' - '%s' is "
			"not a pair of IPv4 addresses", n->dhcp_start,
			n->dhcp_end);
		n->dhcp_start[0] = n->dhcp_end[0] = '\0';
		return -1;
	}
	n->dhcp = true;
	r->have_range = true;
	return 0;
}

/* An opened element at depth DEPTH (1 = the root), with its ancestors. */
static int net_element(struct net_reader *r, struct xml_tag *stack,
		       int depth, char *err, size_t errlen)
{
	const struct xml_tag *t = &stack[depth - 1];
	int rc;

	if (depth == 1) {
		if (!tag_is(t, "network")) {
			set_err(err, errlen, "network XML: the root element is "
				"<%.*s>, not <network>", (int)t->nlen, t->name);
			return -1;
		}
		return 0;
	}
	if (depth == 2 && tag_is(t, "forward") && !r->have_forward) {
		r->have_forward = true;
		rc = field(t, "mode", r->n->forward, sizeof(r->n->forward),
			   err, errlen);
		if (rc < 0)
			return -1;
		if (rc == 0)	/* libvirt's default forward mode */
			snprintf(r->n->forward, sizeof(r->n->forward), "nat");
		return 0;
	}
	if (depth == 2 && tag_is(t, "bridge") && !r->have_bridge) {
		r->have_bridge = true;
		return field(t, "name", r->n->bridge, sizeof(r->n->bridge),
			     err, errlen) < 0 ? -1 : 0;
	}
	if (depth == 2 && tag_is(t, "ip") && !r->have_ip)
		return read_ip(r, t, err, errlen);
	if (depth == 4 && r->have_ip && !r->have_range &&
	    stack[1].name == r->ip_tag && tag_is(&stack[2], "dhcp") &&
	    tag_is(t, "range"))
		return read_range(r, t, err, errlen);
	return 0;
}

enum switch_type virt_map_switch(const struct host_net *n)
{
	static const char *const external[] = {
		"bridge", "private", "vepa", "passthrough",
	};
	size_t i;

	for (i = 0; i < sizeof(external) / sizeof(external[0]); i++)
		if (strcmp(n->forward, external[i]) == 0)
			return SWITCH_EXTERNAL;
	if (n->address[0] == '\0')
		return SWITCH_UNSET;
	if (strcmp(n->forward, "nat") == 0) {
		if (n->dhcp && strcmp(n->name, "default") == 0)
			return SWITCH_DEFAULT;
		return SWITCH_INTERNAL;
	}
	if (n->forward[0] == '\0')
		return SWITCH_INTERNAL;
	return SWITCH_UNSET;
}

int virt_parse_network_xml(const char *xml, struct host_net *n, char *err,
			   size_t errlen)
{
	struct xml_tag stack[XML_MAX_DEPTH], t;
	struct net_reader r;
	const char *pos = xml;
	int depth = 0, rc;
	bool seen_root = false;

	n->forward[0] = n->bridge[0] = n->address[0] = '\0';
	n->dhcp_start[0] = n->dhcp_end[0] = '\0';
	n->dhcp = false;
	n->type = SWITCH_UNSET;
	if (!xml) {
		set_err(err, errlen, "network XML: none");
		return -1;
	}
	memset(&r, 0, sizeof(r));
	r.n = n;

	while ((rc = xml_next(&pos, &t)) == 1) {
		if (t.closing) {
			if (depth == 0 || stack[depth - 1].nlen != t.nlen ||
			    strncmp(stack[depth - 1].name, t.name, t.nlen)) {
				set_err(err, errlen, "network XML: unexpected "
					"</%.*s>", (int)t.nlen, t.name);
				return -1;
			}
			depth--;
			continue;
		}
		if (depth == 0 && seen_root) {
			set_err(err, errlen, "network XML: more than one root "
				"element");
			return -1;
		}
		if (depth == XML_MAX_DEPTH) {
			set_err(err, errlen, "network XML: nested too deeply");
			return -1;
		}
		if (xml_attr(&t, NULL, NULL, 0) < 0) {
			set_err(err, errlen, "network XML: malformed attributes "
				"in <%.*s>", (int)t.nlen, t.name);
			return -1;
		}
		seen_root = true;
		stack[depth++] = t;
		if (net_element(&r, stack, depth, err, errlen) < 0)
			return -1;
		if (t.empty)
			depth--;
	}
	if (rc < 0) {
		set_err(err, errlen, "network XML: malformed markup near "
			"offset %ld", pos ? (long)(pos - xml) : -1L);
		return -1;
	}
	if (!seen_root || depth != 0) {
		set_err(err, errlen, "network XML: %s", seen_root ?
			"unclosed element" : "no <network> element");
		return -1;
	}
	n->type = virt_map_switch(n);
	return 0;
}

/* ---------------------------------------------------------------- */
/* the connection                                                    */

static void close_cb(virConnectPtr conn, int reason, void *opaque)
{
	struct virt_conn *c = opaque;

	(void)conn;
	if (reason < 0 || reason > VIR_CONNECT_CLOSE_REASON_CLIENT)
		reason = VIR_CONNECT_CLOSE_REASON_ERROR;
	atomic_store(&c->lost, 1 + reason);
}

const char *virt_lost(const struct virt_conn *c)
{
	int lost;

	if (!c)
		return "not connected to libvirt";
	lost = atomic_load(&((struct virt_conn *)c)->lost);
	switch (lost) {
	case 0:
		return NULL;
	case 1 + VIR_CONNECT_CLOSE_REASON_EOF:
		return "connection lost: libvirt closed it (the daemon stopped "
		       "or restarted); reconnect";
	case 1 + VIR_CONNECT_CLOSE_REASON_KEEPALIVE:
		return "connection lost: libvirt stopped answering (keepalive "
		       "timeout); check the host and reconnect";
	case 1 + VIR_CONNECT_CLOSE_REASON_CLIENT:
		return "connection lost: closed by this program; reconnect";
	default:
		return "connection lost: error on the connection to libvirt; "
		       "reconnect";
	}
}

virConnectPtr virt_handle(const struct virt_conn *c)
{
	return c ? c->conn : NULL;
}

/* The test driver hands its node file to libxml2, which reports a file
 * it cannot read on stderr whatever libvirt's error handler is: check
 * the file first and say it ourselves.  0, or -1 with a message. */
static int check_test_uri(const char *uri, char *err, size_t errlen)
{
	char path[4096];
	struct stat st;
	size_t len;

	if (!uri || strncmp(uri, "test:///", 8) != 0)
		return 0;
	len = strcspn(uri + 7, "?#");
	if (len >= sizeof(path)) {
		set_err(err, errlen, "cannot connect to libvirt: the test "
			"driver's file name is too long");
		return -1;
	}
	memcpy(path, uri + 7, len);
	path[len] = '\0';
	if (strcmp(path, "/default") == 0)
		return 0;
	if (stat(path, &st) < 0 || access(path, R_OK) < 0) {
		set_err(err, errlen, "cannot connect to libvirt at '%s': the "
			"test driver's node file %s cannot be read: %s", uri,
			path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		set_err(err, errlen, "cannot connect to libvirt at '%s': the "
			"test driver's node file %s is not a regular file",
			uri, path);
		return -1;
	}
	return 0;
}

struct virt_conn *virt_connect(const char *uri, char *err, size_t errlen)
{
	struct virt_conn *c;
	char *canon;

	virt_quiet_errors();
	if (check_test_uri(uri, err, errlen) < 0)
		return NULL;
	if (virInitialize() < 0) {
		virt_err(err, errlen, "cannot initialise libvirt");
		return NULL;
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		set_err(err, errlen, "out of memory");
		return NULL;
	}
	atomic_init(&c->lost, 0);
	c->conn = virConnectOpen(uri);
	if (!c->conn) {
		char what[300];

		snprintf(what, sizeof(what), "cannot connect to libvirt at '%s'",
			 uri ? uri : "(default URI)");
		virt_err(err, errlen, what);
		free(c);
		return NULL;
	}
	/* Not every driver has one (test:///): then loss shows as errors. */
	if (virConnectRegisterCloseCallback(c->conn, close_cb, c, NULL) == 0)
		c->close_cb = true;
	else
		virResetLastError();

	canon = virConnectGetURI(c->conn);
	if (canon) {
		c->uri = strdup(canon);
		free(canon);
	} else {
		virResetLastError();
		c->uri = strdup(uri ? uri : "");
	}
	if (!c->uri) {
		set_err(err, errlen, "out of memory");
		virt_close(c);
		return NULL;
	}
	return c;
}

void virt_close(struct virt_conn *c)
{
	if (!c)
		return;
	if (c->conn) {
		if (c->close_cb &&
		    virConnectUnregisterCloseCallback(c->conn, close_cb) < 0)
			virResetLastError();
		if (virConnectClose(c->conn) < 0)
			virResetLastError();
	}
	free(c->uri);
	free(c);
}

/* 0 when the connection can be used, else -1 with why not. */
static int check_alive(struct virt_conn *c, char *err, size_t errlen)
{
	const char *lost;

	if (!c || !c->conn) {
		set_err(err, errlen, "not connected to libvirt");
		return -1;
	}
	if (virConnectIsAlive(c->conn) == 0) {
		int expected = 0;

		atomic_compare_exchange_strong(&c->lost, &expected,
			1 + VIR_CONNECT_CLOSE_REASON_EOF);
	}
	virResetLastError();
	lost = virt_lost(c);
	if (lost) {
		set_err(err, errlen, "%s", lost);
		return -1;
	}
	return 0;
}

static int net_cmp(const void *a, const void *b)
{
	const struct host_net *x = a, *y = b;

	return strcmp(x->name, y->name);
}

static int read_network(virNetworkPtr net, struct host_net *n, char *err,
			size_t errlen)
{
	const char *name = virNetworkGetName(net);
	char *xml;
	int autostart = 0, active, rc;

	memset(n, 0, sizeof(*n));
	if (!name) {
		virt_err(err, errlen, "cannot read a network's name");
		return -1;
	}
	if (strlen(name) >= sizeof(n->name)) {
		set_err(err, errlen, "libvirt network name '%.40s...' is longer "
			"than %zu characters", name, sizeof(n->name) - 1);
		return -1;
	}
	snprintf(n->name, sizeof(n->name), "%s", name);
	active = virNetworkIsActive(net);
	if (active < 0)
		virResetLastError();
	n->active = active == 1;
	if (virNetworkGetAutostart(net, &autostart) < 0)
		virResetLastError();
	n->autostart = autostart != 0;

	xml = virNetworkGetXMLDesc(net, 0);
	if (!xml) {
		char what[PLAN_NAME_MAX + 64];

		snprintf(what, sizeof(what), "cannot read libvirt network '%s'",
			 n->name);
		virt_err(err, errlen, what);
		return -1;
	}
	rc = virt_parse_network_xml(xml, n, err, errlen);
	free(xml);
	if (rc < 0 && err && errlen) {
		char msg[256];

		snprintf(msg, sizeof(msg), "%s", err);
		set_err(err, errlen, "libvirt network '%s': %s", n->name, msg);
	}
	return rc;
}

static int op_list_networks(void *ctx, struct host_net_list *out, char *err,
			    size_t errlen)
{
	struct virt_conn *c = ctx;
	virNetworkPtr *nets = NULL;
	int n, i, rc = 0;

	out->count = 0;
	if (check_alive(c, err, errlen) < 0)
		return -1;
	n = virConnectListAllNetworks(c->conn, &nets, 0);
	if (n < 0) {
		virt_err(err, errlen, "cannot list libvirt networks");
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (rc == 0 && out->count >= HOST_MAX_NETS) {
			set_err(err, errlen, "the host has %d libvirt networks; "
				"edgenet shows at most %d", n, HOST_MAX_NETS);
			rc = -1;
		}
		if (rc == 0 &&
		    read_network(nets[i], &out->items[out->count], err,
				 errlen) < 0)
			rc = -1;
		if (rc == 0)
			out->count++;
		virNetworkFree(nets[i]);
	}
	free(nets);
	if (rc < 0) {
		out->count = 0;
		return -1;
	}
	qsort(out->items, out->count, sizeof(out->items[0]), net_cmp);
	return 0;
}

static int op_domain_exists(void *ctx, const char *name, char *err,
			    size_t errlen)
{
	struct virt_conn *c = ctx;
	virDomainPtr dom;
	virErrorPtr e;

	if (check_alive(c, err, errlen) < 0)
		return -1;
	if (!name || !*name) {
		set_err(err, errlen, "no domain name given");
		return -1;
	}
	dom = virDomainLookupByName(c->conn, name);
	if (dom) {
		virDomainFree(dom);
		return 1;
	}
	e = virGetLastError();
	if (e && e->code == VIR_ERR_NO_DOMAIN) {
		virResetLastError();
		return 0;
	}
	{
		char what[PLAN_NAME_MAX + 64];

		snprintf(what, sizeof(what), "cannot look up domain '%.*s'",
			 PLAN_NAME_MAX, name);
		virt_err(err, errlen, what);
	}
	return -1;
}

static const char *op_uri(void *ctx)
{
	struct virt_conn *c = ctx;

	return c && c->uri ? c->uri : "";
}

void virt_ops(struct virt_conn *c, struct host_virt_ops *ops)
{
	ops->list_networks = op_list_networks;
	ops->domain_exists = op_domain_exists;
	ops->uri = op_uri;
	ops->ctx = c;
}
