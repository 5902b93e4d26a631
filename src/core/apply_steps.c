/*
 * apply_steps.c - the model of an apply (see apply_plan.h): the host
 * snapshot it starts from and its look-ups, the step list, the names of
 * the step kinds as the journal writes them, and the guest files a step
 * carries.
 *
 * Pure C: memory only.
 */
#include <stdlib.h>
#include <string.h>

#include "core/apply_steps.h"
#include "core/str.h"

/* ---------------------------------------------------------------- */
/* snapshot and step list                                            */

void apply_snapshot_init(struct apply_snapshot *s)
{
	memset(s, 0, sizeof(*s));
}

void apply_snapshot_free(struct apply_snapshot *s)
{
	size_t i;

	for (i = 0; i < s->nnets; i++)
		free(s->nets[i].xml);
	free(s->dom_xml);
	apply_gfiles_free(&s->guest_files);
	apply_snapshot_init(s);
}

const struct apply_net_snap *apply_snapshot_net(const struct apply_snapshot *s,
						const char *name)
{
	size_t i;

	for (i = 0; i < s->nnets; i++)
		if (strcmp(s->nets[i].name, name) == 0)
			return &s->nets[i];
	return NULL;
}

const struct apply_link *apply_snapshot_link(const struct apply_snapshot *s,
					     const char *uplink,
					     const char *bridge)
{
	size_t i;

	for (i = 0; i < s->nlinks; i++)
		if (strcmp(s->links[i].uplink, uplink) == 0 &&
		    strcmp(s->links[i].bridge, bridge) == 0)
			return &s->links[i];
	return NULL;
}

void apply_steps_init(struct apply_steps *s)
{
	memset(s, 0, sizeof(*s));
}

void apply_steps_free(struct apply_steps *s)
{
	size_t i;

	for (i = 0; i < s->count; i++) {
		free(s->items[i].before);
		free(s->items[i].after);
		free(s->items[i].iface_before);
		free(s->items[i].iface_after);
		apply_gfiles_free(&s->items[i].files_before);
		apply_gfiles_free(&s->items[i].files_after);
	}
	free(s->items);
	apply_steps_init(s);
}

struct apply_step *apply_steps_add(struct apply_steps *s, enum apply_kind k,
				   const char *object)
{
	struct apply_step *st;

	if (s->count == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		struct apply_step *n = realloc(s->items, cap * sizeof(*n));

		if (!n)
			return NULL;
		s->items = n;
		s->cap = cap;
	}
	st = &s->items[s->count++];
	memset(st, 0, sizeof(*st));
	st->kind = k;
	str_copy(st->object, sizeof(st->object), object);
	return st;
}

static const char *const kind_names[APPLY_KIND_COUNT] = {
	[APPLY_NONE] = "none",
	[APPLY_LINK_BRIDGE] = "link-bridge",
	[APPLY_NET_DEFINE] = "net-define",
	[APPLY_NET_REDEFINE] = "net-redefine",
	[APPLY_NET_DHCP_HOST] = "net-dhcp-host",
	[APPLY_NET_START] = "net-start",
	[APPLY_NET_AUTOSTART] = "net-autostart",
	[APPLY_DOM_NIC_REMOVE] = "nic-remove",
	[APPLY_DOM_NIC_CHANGE] = "nic-change",
	[APPLY_DOM_NIC_ADD] = "nic-add",
	[APPLY_GUEST_SEED] = "guest-seed",
	[APPLY_GUEST_FILES] = "guest-files",
};

const char *apply_kind_name(enum apply_kind k)
{
	return k >= 0 && k < APPLY_KIND_COUNT ? kind_names[k] : "none";
}

enum apply_kind apply_kind_parse(const char *s)
{
	int k;

	for (k = 1; k < APPLY_KIND_COUNT; k++)
		if (s && strcmp(s, kind_names[k]) == 0)
			return (enum apply_kind)k;
	return APPLY_NONE;
}

bool apply_kind_is_net(enum apply_kind k)
{
	return k >= APPLY_NET_DEFINE && k <= APPLY_NET_AUTOSTART;
}

bool apply_kind_is_dom(enum apply_kind k)
{
	return k >= APPLY_DOM_NIC_REMOVE && k <= APPLY_DOM_NIC_ADD;
}

bool apply_kind_is_guest(enum apply_kind k)
{
	return k == APPLY_GUEST_SEED || k == APPLY_GUEST_FILES;
}

void apply_gfiles_free(struct apply_gfiles *g)
{
	for (size_t i = 0; i < g->n; i++)
		free(g->f[i].text);
	memset(g, 0, sizeof(*g));
}

int apply_gfiles_add(struct apply_gfiles *g, const char *name,
		     const char *text)
{
	struct apply_gfile *f;

	if (g->n == APPLY_GFILES_MAX || strlen(name) >= sizeof(f->name))
		return -1;
	f = &g->f[g->n];
	str_copy(f->name, sizeof(f->name), name);
	f->text = strdup(text ? text : "");
	if (!f->text)
		return -1;
	g->n++;
	return 0;
}

const struct apply_gfile *apply_gfiles_get(const struct apply_gfiles *g,
					   const char *name)
{
	for (size_t i = 0; i < g->n; i++)
		if (!strcmp(g->f[i].name, name))
			return &g->f[i];
	return NULL;
}

bool apply_gfiles_equal(const struct apply_gfiles *a,
			const struct apply_gfiles *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++) {
		const struct apply_gfile *o = apply_gfiles_get(b, a->f[i].name);

		if (!o || strcmp(o->text ? o->text : "",
				 a->f[i].text ? a->f[i].text : ""))
			return false;
	}
	return true;
}
