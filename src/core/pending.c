/*
 * pending.c - what waits for a VM's next start (see pending.h): the NICs
 * and the seed CD-ROM of the running definition against the persistent
 * one, through vxml (the interfaces) and apply_guest (the seed's disk).
 * Pure C: memory only.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply_guest.h"
#include "diag.h"
#include "mac.h"
#include "pending.h"
#include "textsafe.h"
#include "vxml.h"
#include "str.h"

void pending_init(struct pending_list *l)
{
	memset(l, 0, sizeof(*l));
}

static void add(struct pending_list *l, enum pending_kind kind,
		const char *mac, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void add(struct pending_list *l, enum pending_kind kind,
		const char *mac, const char *fmt, ...)
{
	struct pending_item *it;
	char text[sizeof(it->text)];
	va_list ap;

	if (l->count >= PENDING_MAX)
		return;
	it = &l->items[l->count++];
	it->kind = kind;
	str_copy(it->mac, sizeof(it->mac), mac);
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	/* names from libvirt's XML: escaped (textsafe) */
	textsafe_buf(it->text, sizeof(it->text), text);
}

const struct pending_item *pending_find_mac(const struct pending_list *l,
					    const char *mac)
{
	for (size_t i = 0; i < l->count && mac && mac[0]; i++)
		if (mac_text_same(l->items[i].mac, mac))
			return &l->items[i];
	return NULL;
}

const struct pending_item *pending_find_kind(const struct pending_list *l,
					     const char *mac,
					     enum pending_kind kind)
{
	for (size_t i = 0; l && i < l->count && mac && mac[0]; i++)
		if (l->items[i].kind == kind &&
		    mac_text_same(l->items[i].mac, mac))
			return &l->items[i];
	return NULL;
}

/* Where an interface is plugged, in words: "network lab-net". */
static void where(const struct vxml_iface *i, char *buf, size_t len)
{
	if (i->network[0])
		snprintf(buf, len, "network %s", i->network);
	else if (i->bridge[0])
		snprintf(buf, len, "bridge %s", i->bridge);
	else if (i->dev[0])
		snprintf(buf, len, "host device %s", i->dev);
	else
		snprintf(buf, len, "a %s interface", i->type[0] ? i->type :
			 "libvirt");
}

static void compare_nics(const struct vxml_dom *live,
			 const struct vxml_dom *cfg, struct pending_list *out)
{
	char a[PLAN_NAME_MAX + 32], b[PLAN_NAME_MAX + 32];

	for (size_t i = 0; i < cfg->nifaces; i++) {
		const struct vxml_iface *c = &cfg->ifaces[i];
		const struct vxml_iface *l = c->mac[0] ?
			vxml_dom_iface(live, c->mac) : NULL;

		where(c, b, sizeof(b));
		if (!c->mac[0])
			continue;
		if (!l) {
			add(out, PENDING_NIC_ADDED, c->mac,
			    "NIC %s on %s is added", c->mac, b);
			continue;
		}
		where(l, a, sizeof(a));
		if (strcmp(a, b) != 0)
			add(out, PENDING_NIC_MOVED, c->mac,
			    "NIC %s moves from %s to %s", c->mac, a, b);
		else if (strcmp(l->model, c->model) != 0)
			add(out, PENDING_NIC_MODEL, c->mac,
			    "NIC %s changes its model from %s to %s",
			    c->mac, l->model[0] ? l->model : "the default",
			    c->model[0] ? c->model : "the default");
	}
	for (size_t i = 0; i < live->nifaces; i++) {
		const struct vxml_iface *l = &live->ifaces[i];

		if (!l->mac[0] || vxml_dom_iface(cfg, l->mac))
			continue;
		where(l, a, sizeof(a));
		add(out, PENDING_NIC_REMOVED, l->mac,
		    "NIC %s on %s is removed", l->mac, a);
	}
}

static void compare_seed(const char *live_xml, const char *config_xml,
			 const char *seed_dir, struct pending_list *out)
{
	char lp[1024], cp[1024];
	int lh, ch;
	const char *base;

	lh = apply_guest_find_seed(live_xml, seed_dir, lp, sizeof(lp), NULL,
				   NULL);
	ch = apply_guest_find_seed(config_xml, seed_dir, cp, sizeof(cp), NULL,
				   NULL);
	if (ch != 1)
		return;
	base = strrchr(cp, '/');
	base = base ? base + 1 : cp;
	if (lh != 1)
		add(out, PENDING_OTHER, "", "the seed CD-ROM %s is put in "
		    "(the VM reads its network files from it at every start)",
		    base);
	else if (strcmp(lp, cp) != 0)
		add(out, PENDING_OTHER, "", "the seed CD-ROM changes to %s",
		    base);
}

int pending_compare(const char *live_xml, const char *config_xml,
		    const char *seed_dir, struct pending_list *out,
		    char *err, size_t errlen)
{
	struct vxml_dom *live = malloc(sizeof(*live));
	struct vxml_dom *cfg = malloc(sizeof(*cfg));
	int rc = -1;

	pending_init(out);
	if (!live || !cfg) {
		errf(err, errlen, "out of memory");
		goto out;
	}
	if (vxml_dom_read(live_xml, live, err, errlen) < 0 ||
	    vxml_dom_read(config_xml, cfg, err, errlen) < 0)
		goto out;
	compare_nics(live, cfg, out);
	if (seed_dir && seed_dir[0])
		compare_seed(live_xml, config_xml, seed_dir, out);
	rc = 0;
out:
	free(live);
	free(cfg);
	return rc;
}

void pending_join(const struct pending_list *l, char *buf, size_t len)
{
	size_t n = 0;

	if (!len)
		return;
	buf[0] = '\0';
	for (size_t i = 0; i < l->count && n + 1 < len; i++) {
		int w = snprintf(buf + n, len - n, "%s%s", i ? "; " : "",
				 l->items[i].text);

		if (w < 0)
			break;
		n += (size_t)w;
	}
}
