/*
 * xmldoc.c - a small, bounded XML reader and splicing helpers (see
 * xmldoc.h).  Reads libvirt's network and domain documents into a tree
 * that remembers where each element sits in the source text.  Pure C:
 * memory only.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmldoc.h"

struct xparse {
	struct xml_doc *doc;
	const char *s;
	size_t pos, len;
	char *err;
	size_t errlen;
};

static int xp_fail(struct xparse *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int xp_fail(struct xparse *x, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (x->err && x->errlen)
		snprintf(x->err, x->errlen, "XML: %s (at byte %zu)", msg,
			 x->pos);
	return -1;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int is_name_char(char c)
{
	return c && !is_space(c) && !strchr("/>=<\"'!?&", c);
}

static void node_free(struct xml_node *n)
{
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n->nkids; i++)
		node_free(n->kids[i]);
	for (i = 0; i < n->nattrs; i++) {
		free(n->attrs[i].name);
		free(n->attrs[i].value);
	}
	free(n->kids);
	free(n->attrs);
	free(n->name);
	free(n->text);
	free(n);
}

void xmldoc_free(struct xml_doc *doc)
{
	if (!doc)
		return;
	node_free(doc->root);
	doc->root = NULL;
	doc->nodes = 0;
}

/* Appends code point CP as UTF-8 to OUT (room is guaranteed by caller:
 * an entity is at least 4 bytes, UTF-8 at most 4). */
static int put_utf8(char *out, size_t *o, unsigned long cp)
{
	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	if (cp < 0x80) {
		out[(*o)++] = (char)cp;
	} else if (cp < 0x800) {
		out[(*o)++] = (char)(0xC0 | (cp >> 6));
		out[(*o)++] = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		out[(*o)++] = (char)(0xE0 | (cp >> 12));
		out[(*o)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[(*o)++] = (char)(0x80 | (cp & 0x3F));
	} else {
		out[(*o)++] = (char)(0xF0 | (cp >> 18));
		out[(*o)++] = (char)(0x80 | ((cp >> 12) & 0x3F));
		out[(*o)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[(*o)++] = (char)(0x80 | (cp & 0x3F));
	}
	return 0;
}

/* Decodes V[0..N) into a new string; NULL on a bad entity or no memory. */
static char *decode(const char *v, size_t n)
{
	static const struct {
		const char *name;
		char ch;
	} ents[] = {
		{ "amp;", '&' }, { "lt;", '<' }, { "gt;", '>' },
		{ "quot;", '"' }, { "apos;", '\'' },
	};
	char *out = malloc(n + 1);
	size_t i = 0, o = 0, k;

	if (!out)
		return NULL;
	while (i < n) {
		if (v[i] != '&') {
			out[o++] = v[i++];
			continue;
		}
		i++;
		if (i < n && v[i] == '#') {
			unsigned long cp = 0;
			int base = 10, digits = 0;

			i++;
			if (i < n && v[i] == 'x') {
				base = 16;
				i++;
			}
			for (; i < n && v[i] != ';'; i++, digits++) {
				char c = v[i];
				int d;

				if (c >= '0' && c <= '9')
					d = c - '0';
				else if (base == 16 && c >= 'a' && c <= 'f')
					d = c - 'a' + 10;
				else if (base == 16 && c >= 'A' && c <= 'F')
					d = c - 'A' + 10;
				else
					goto bad;
				if (digits > 7)
					goto bad;
				cp = cp * (unsigned long)base + (unsigned long)d;
			}
			if (i >= n || digits == 0 || put_utf8(out, &o, cp) < 0)
				goto bad;
			i++;
			continue;
		}
		for (k = 0; k < sizeof(ents) / sizeof(ents[0]); k++) {
			size_t el = strlen(ents[k].name);

			if (n - i >= el && strncmp(v + i, ents[k].name, el) == 0)
				break;
		}
		if (k == sizeof(ents) / sizeof(ents[0]))
			goto bad;
		out[o++] = ents[k].ch;
		i += strlen(ents[k].name);
	}
	out[o] = '\0';
	return out;
bad:
	free(out);
	return NULL;
}

/* Skips past TERM; -1 when it never comes. */
static int skip_to(struct xparse *x, const char *term)
{
	const char *p = strstr(x->s + x->pos, term);

	if (!p)
		return -1;
	x->pos = (size_t)(p - x->s) + strlen(term);
	return 0;
}

static int add_text(struct xparse *x, struct xml_node *n, const char *t,
		    size_t len, int raw)
{
	char *dec, *joined;
	size_t old;

	dec = raw ? strndup(t, len) : decode(t, len);
	if (!dec)
		return xp_fail(x, "bad character reference in text");
	if (!n->text) {
		n->text = dec;
		return 0;
	}
	old = strlen(n->text);
	joined = realloc(n->text, old + strlen(dec) + 1);
	if (!joined) {
		free(dec);
		return xp_fail(x, "out of memory");
	}
	memcpy(joined + old, dec, strlen(dec) + 1);
	n->text = joined;
	free(dec);
	return 0;
}

static int add_kid(struct xparse *x, struct xml_node *p, struct xml_node *k)
{
	if (p->nkids == p->capkids) {
		size_t cap = p->capkids ? p->capkids * 2 : 4;
		struct xml_node **nk = realloc(p->kids, cap * sizeof(*nk));

		if (!nk)
			return xp_fail(x, "out of memory");
		p->kids = nk;
		p->capkids = cap;
	}
	p->kids[p->nkids++] = k;
	k->parent = p;
	return 0;
}

/* Reads the attributes of a start tag up to '>' or "/>".  *EMPTY set for
 * "/>". */
static int read_attrs(struct xparse *x, struct xml_node *n, int *empty)
{
	*empty = 0;
	for (;;) {
		size_t an, vs;
		char q;
		struct xml_attr *na;

		while (x->pos < x->len && is_space(x->s[x->pos]))
			x->pos++;
		if (x->pos >= x->len)
			return xp_fail(x, "start tag <%s> is not closed", n->name);
		if (x->s[x->pos] == '>') {
			x->pos++;
			return 0;
		}
		if (x->s[x->pos] == '/') {
			if (x->pos + 1 < x->len && x->s[x->pos + 1] == '>') {
				x->pos += 2;
				*empty = 1;
				return 0;
			}
			return xp_fail(x, "stray '/' in <%s>", n->name);
		}
		an = x->pos;
		while (x->pos < x->len && is_name_char(x->s[x->pos]))
			x->pos++;
		if (x->pos == an)
			return xp_fail(x, "bad attribute in <%s>", n->name);
		na = realloc(n->attrs, (n->nattrs + 1) * sizeof(*na));
		if (!na)
			return xp_fail(x, "out of memory");
		n->attrs = na;
		na = &n->attrs[n->nattrs];
		na->name = strndup(x->s + an, x->pos - an);
		na->value = NULL;
		n->nattrs++;
		if (!na->name)
			return xp_fail(x, "out of memory");
		while (x->pos < x->len && is_space(x->s[x->pos]))
			x->pos++;
		if (x->pos >= x->len || x->s[x->pos] != '=')
			return xp_fail(x, "attribute %s of <%s> has no value",
				       na->name, n->name);
		x->pos++;
		while (x->pos < x->len && is_space(x->s[x->pos]))
			x->pos++;
		if (x->pos >= x->len ||
		    (x->s[x->pos] != '"' && x->s[x->pos] != '\''))
			return xp_fail(x, "attribute %s of <%s> is not quoted",
				       na->name, n->name);
		q = x->s[x->pos++];
		vs = x->pos;
		while (x->pos < x->len && x->s[x->pos] != q) {
			if (x->s[x->pos] == '<')
				return xp_fail(x, "'<' inside attribute %s",
					       na->name);
			x->pos++;
		}
		if (x->pos >= x->len)
			return xp_fail(x, "attribute %s of <%s> is not closed",
				       na->name, n->name);
		na->value = decode(x->s + vs, x->pos - vs);
		if (!na->value)
			return xp_fail(x, "bad character reference in "
				       "attribute %s", na->name);
		x->pos++;
	}
}

/* Comments, PIs, declarations at the current position; 1 if one was
 * skipped, 0 if none, -1 when malformed. */
static int skip_misc(struct xparse *x)
{
	const char *p = x->s + x->pos;

	if (strncmp(p, "<!--", 4) == 0)
		return skip_to(x, "-->") < 0 ?
		       xp_fail(x, "comment is not closed") : 1;
	if (strncmp(p, "<?", 2) == 0)
		return skip_to(x, "?>") < 0 ?
		       xp_fail(x, "processing instruction is not closed") : 1;
	if (strncmp(p, "<!DOCTYPE", 9) == 0)
		return skip_to(x, ">") < 0 ?
		       xp_fail(x, "DOCTYPE is not closed") : 1;
	return 0;
}

static int parse_element(struct xparse *x, struct xml_node *parent,
			 int depth, struct xml_node **out)
{
	struct xml_node *n;
	size_t ns;
	int empty, r;

	if (depth > XMLDOC_MAX_DEPTH)
		return xp_fail(x, "elements nested deeper than %d",
			       XMLDOC_MAX_DEPTH);
	if (++x->doc->nodes > XMLDOC_MAX_NODES)
		return xp_fail(x, "more than %d elements", XMLDOC_MAX_NODES);
	n = calloc(1, sizeof(*n));
	if (!n)
		return xp_fail(x, "out of memory");
	n->start = x->pos;
	x->pos++;	/* '<' */
	ns = x->pos;
	while (x->pos < x->len && is_name_char(x->s[x->pos]))
		x->pos++;
	if (x->pos == ns) {
		free(n);
		return xp_fail(x, "'<' not followed by an element name");
	}
	n->name = strndup(x->s + ns, x->pos - ns);
	if (!n->name) {
		free(n);
		return xp_fail(x, "out of memory");
	}
	if (parent && add_kid(x, parent, n) < 0) {
		node_free(n);
		return -1;
	}
	if (!parent)
		*out = n;
	if (read_attrs(x, n, &empty) < 0)
		return -1;
	n->inner = x->pos;
	if (empty) {
		n->close = n->end = x->pos;
		return 0;
	}
	for (;;) {
		size_t ts = x->pos;
		const char *lt;

		lt = memchr(x->s + x->pos, '<', x->len - x->pos);
		if (!lt)
			return xp_fail(x, "<%s> is not closed", n->name);
		x->pos = (size_t)(lt - x->s);
		if (x->pos > ts && add_text(x, n, x->s + ts, x->pos - ts, 0) < 0)
			return -1;
		if (strncmp(lt, "<![CDATA[", 9) == 0) {
			const char *e = strstr(lt + 9, "]]>");

			if (!e)
				return xp_fail(x, "CDATA is not closed");
			if (add_text(x, n, lt + 9, (size_t)(e - lt - 9), 1) < 0)
				return -1;
			x->pos = (size_t)(e - x->s) + 3;
			continue;
		}
		r = skip_misc(x);
		if (r < 0)
			return -1;
		if (r > 0)
			continue;
		if (lt[1] == '/') {
			size_t nl = strlen(n->name);

			n->close = x->pos;
			if (strncmp(lt + 2, n->name, nl) != 0 ||
			    is_name_char(lt[2 + nl]))
				return xp_fail(x, "end tag does not match <%s>",
					       n->name);
			x->pos += 2 + nl;
			while (x->pos < x->len && is_space(x->s[x->pos]))
				x->pos++;
			if (x->pos >= x->len || x->s[x->pos] != '>')
				return xp_fail(x, "end tag of <%s> is not "
					       "closed", n->name);
			x->pos++;
			n->end = x->pos;
			return 0;
		}
		if (parse_element(x, n, depth + 1, NULL) < 0)
			return -1;
	}
}

int xmldoc_parse(struct xml_doc *doc, const char *text, char *err,
		 size_t errlen)
{
	struct xparse x = { doc, text, 0, 0, err, errlen };
	int r;

	memset(doc, 0, sizeof(*doc));
	if (!text)
		return xp_fail(&x, "no document");
	x.len = strnlen(text, XMLDOC_MAX_SIZE + 1);
	if (x.len > XMLDOC_MAX_SIZE)
		return xp_fail(&x, "document larger than %u bytes",
			       XMLDOC_MAX_SIZE);
	doc->src = text;
	doc->len = x.len;
	for (;;) {
		while (x.pos < x.len && is_space(text[x.pos]))
			x.pos++;
		if (x.pos >= x.len)
			break;
		if (text[x.pos] != '<')
			goto fail_text;
		r = skip_misc(&x);
		if (r < 0)
			goto fail;
		if (r > 0)
			continue;
		if (doc->root) {
			xp_fail(&x, "more than one root element");
			goto fail;
		}
		if (parse_element(&x, NULL, 1, &doc->root) < 0)
			goto fail;
	}
	if (!doc->root) {
		xp_fail(&x, "no root element");
		goto fail;
	}
	return 0;
fail_text:
	xp_fail(&x, "text outside the root element");
fail:
	xmldoc_free(doc);
	return -1;
}

const char *xml_get(const struct xml_node *n, const char *name)
{
	size_t i;

	if (!n)
		return NULL;
	for (i = 0; i < n->nattrs; i++)
		if (strcmp(n->attrs[i].name, name) == 0)
			return n->attrs[i].value;
	return NULL;
}

const struct xml_node *xml_child(const struct xml_node *n, const char *name)
{
	size_t i;

	if (!n)
		return NULL;
	for (i = 0; i < n->nkids; i++)
		if (strcmp(n->kids[i]->name, name) == 0)
			return n->kids[i];
	return NULL;
}

const struct xml_node *xml_next(const struct xml_node *prev)
{
	const struct xml_node *p;
	size_t i;

	if (!prev || !prev->parent)
		return NULL;
	p = prev->parent;
	for (i = 0; i < p->nkids && p->kids[i] != prev; i++)
		;
	for (i++; i < p->nkids; i++)
		if (strcmp(p->kids[i]->name, prev->name) == 0)
			return p->kids[i];
	return NULL;
}

const struct xml_node *xml_find(const struct xml_node *n, const char *name)
{
	const struct xml_node *f;

	if (!n)
		return NULL;
	if (strcmp(n->name, name) == 0)
		return n;
	for (size_t i = 0; i < n->nkids; i++)
		if ((f = xml_find(n->kids[i], name)))
			return f;
	return NULL;
}

const struct xml_node *xml_path(const struct xml_node *n, const char *path)
{
	char part[64];

	while (n && *path) {
		size_t l = strcspn(path, "/");

		if (l == 0 || l >= sizeof(part))
			return NULL;
		memcpy(part, path, l);
		part[l] = '\0';
		n = xml_child(n, part);
		path += l;
		if (*path == '/')
			path++;
	}
	return n;
}

char *xml_splice(const char *src, size_t from, size_t to, const char *insert)
{
	size_t sl = strlen(src), il = insert ? strlen(insert) : 0;
	char *out;

	if (from > to || to > sl)
		return NULL;
	out = malloc(sl - (to - from) + il + 1);
	if (!out)
		return NULL;
	memcpy(out, src, from);
	if (il)
		memcpy(out + from, insert, il);
	memcpy(out + from + il, src + to, sl - to + 1);
	return out;
}

char *xml_indent_at(const char *src, size_t offset)
{
	size_t b = offset;

	while (b > 0 && src[b - 1] != '\n')
		b--;
	for (size_t i = b; i < offset; i++)
		if (src[i] != ' ' && src[i] != '\t')
			return strdup("");
	return strndup(src + b, offset - b);
}

size_t xml_escape(const char *s, char *out, size_t len)
{
	size_t need = 0, done = 0;
	bool full = false;

	for (; *s; s++) {
		const char *rep = NULL;
		char one[2] = { *s, '\0' };
		size_t rl;

		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&apos;"; break;
		default: rep = one; break;
		}
		rl = strlen(rep);
		/* whole characters and entities, up to the first that does
		 * not fit: what is written is a prefix of the whole text */
		if (out && !full && done + rl < len) {
			memcpy(out + done, rep, rl);
			done += rl;
		} else {
			full = true;
		}
		need += rl;
	}
	if (out && len)
		out[done] = '\0';
	return need;
}
