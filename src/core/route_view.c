/*
 * route_view.c - the route view (see route_view.h): the snapshot's routes
 * in display order, the IPv4 default routes of the main table by metric
 * with the one in use, their ties to the plan's NICs, and the problems a
 * technician can act on.  Reads the snapshot's compact slots directly
 * (sorting 100,000 routes decodes none of them).  Pure C: memory only.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mac.h"
#include "core/str.h"
#include "route_view.h"

void route_view_init(struct route_view *v)
{
	memset(v, 0, sizeof(*v));
	v->in_use = -1;
	diag_list_init(&v->problems);
}

void route_view_free(struct route_view *v)
{
	free(v->order);
	diag_list_free(&v->problems);
	route_view_init(v);
}

static const char *nic_mac(const struct route_view_opts *o, size_t i)
{
	if (o->nic_mac[i] && o->nic_mac[i][0])
		return o->nic_mac[i];
	return o->plan->nics[i].mac;
}

int route_view_nic(const struct route_snapshot *s,
		   const struct route_view_opts *o, int32_t ifindex)
{
	const struct route_link *l;

	if (!o || !o->plan || ifindex <= 0)
		return -1;
	l = route_snapshot_link(s, ifindex);
	if (!l)
		return -1;
	for (size_t i = 0; i < o->plan->nnics; i++)
		if (mac_text_same(nic_mac(o, i), l->mac))
			return (int)i;
	for (size_t i = 0; o->by_name && i < o->plan->nnics; i++)
		if (strcmp(o->plan->nics[i].name, l->name) == 0)
			return (int)i;
	return -1;
}

int32_t route_view_nic_ifindex(const struct route_snapshot *s,
			       const struct route_view_opts *o, size_t i)
{
	if (!o || !o->plan || i >= o->plan->nnics)
		return 0;
	for (size_t k = 0; k < s->nlinks; k++)
		if (mac_text_same(nic_mac(o, i), s->links[k].mac))
			return s->links[k].ifindex;
	for (size_t k = 0; o->by_name && k < s->nlinks; k++)
		if (strcmp(o->plan->nics[i].name, s->links[k].name) == 0)
			return s->links[k].ifindex;
	return 0;
}

/* Display order: IPv4 first; main table, other tables, local table;
 * default routes first; then by destination, length, metric. */
static int table_rank(uint32_t t)
{
	return t == ROUTE_TABLE_MAIN ? 0 : t == ROUTE_TABLE_LOCAL ? 2 : 1;
}

static int order_cmp(const void *pa, const void *pb, void *ctx)
{
	const struct route_snapshot *sort_snap = ctx;
	const struct route_slot *a = &sort_snap->routes[*(const uint32_t *)pa];
	const struct route_slot *b = &sort_snap->routes[*(const uint32_t *)pb];
	int c;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	if (table_rank(a->table) != table_rank(b->table))
		return table_rank(a->table) - table_rank(b->table);
	if (a->table != b->table)
		return a->table < b->table ? -1 : 1;
	if ((a->dst_len == 0) != (b->dst_len == 0))
		return a->dst_len == 0 ? -1 : 1;
	if (a->dst_len == 0 && a->metric != b->metric)
		return a->metric < b->metric ? -1 : 1;
	c = memcmp(route_snapshot_dst(sort_snap, *(const uint32_t *)pa),
		   route_snapshot_dst(sort_snap, *(const uint32_t *)pb),
		   route_addr_len(a->family));
	if (c)
		return c;
	if (a->dst_len != b->dst_len)
		return a->dst_len < b->dst_len ? -1 : 1;
	if (a->metric != b->metric)
		return a->metric < b->metric ? -1 : 1;
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	if (a->oif != b->oif)
		return a->oif < b->oif ? -1 : 1;
	/* stable: kernel order */
	return *(const uint32_t *)pa < *(const uint32_t *)pb ? -1 : 1;
}

static int default_cmp(const void *pa, const void *pb, void *ctx)
{
	const struct route_snapshot *sort_snap = ctx;
	const struct route_default *a = pa, *b = pb;
	const struct route_slot *ra = &sort_snap->routes[a->route];
	const struct route_slot *rb = &sort_snap->routes[b->route];

	if (ra->metric != rb->metric)
		return ra->metric < rb->metric ? -1 : 1;
	return a->route < b->route ? -1 : a->route > b->route;
}

static bool route_down(const struct route_info *r)
{
	const uint32_t down = ROUTE_F_LINKDOWN | ROUTE_F_DEAD;

	if (!r->nh_count)
		return r->flags & down;
	for (size_t i = 0; i < r->nh_count; i++)
		if (!(r->nh[i].flags & down))
			return false;
	return true;
}

static int32_t route_dev(const struct route_info *r)
{
	return r->nh_count ? r->nh[0].oif : r->oif;
}

/* "eth1 (NIC eth1)" or "eth1" into BUF. */
static const char *dev_words(const struct route_snapshot *s,
			     const struct route_view_opts *o, int32_t ifindex,
			     int nic, char *buf, size_t len)
{
	const char *dev = route_snapshot_dev(s, ifindex);
	char num[16];

	if (!dev) {
		snprintf(num, sizeof(num), "#%d", (int)ifindex);
		dev = ifindex ? num : "no device";
	}
	if (nic >= 0 && strcmp(o->plan->nics[nic].name, dev) != 0)
		snprintf(buf, len, "%s (NIC %s)", dev, o->plan->nics[nic].name);
	else
		str_copy(buf, len, dev);
	return buf;
}

static void nic_path(int nic, const char *field, char *buf, size_t len)
{
	if (nic >= 0)
		snprintf(buf, len, "nics[%d].%s", nic, field);
	else
		buf[0] = '\0';
}

static void view_problems(struct route_view *v, const struct route_snapshot *s,
			  const struct route_view_opts *o)
{
	char words[96], words2[96], path[DIAG_PATH_MAX];
	const struct plan *p = o ? o->plan : NULL;
	struct route_info r, r2;

	if (v->ndefaults == 0) {
		diag_add(&v->problems, DIAG_WARNING, "", "there is no IPv4 "
			 "default route: only directly connected networks can "
			 "be reached");
	} else if (v->in_use < 0) {
		diag_add(&v->problems, DIAG_WARNING, "", "every IPv4 default "
			 "route goes through a link that is down: nothing "
			 "beyond the local networks can be reached");
	}
	/* equal metrics, one diagnostic per group */
	for (size_t i = 0; i < v->ndefaults; i++) {
		const struct route_default *d = &v->defaults[i];
		uint32_t metric = s->routes[d->route].metric;
		size_t k, j;

		if (!(d->flags & ROUTE_DEF_TIE))
			continue;
		for (j = 0; j < i; j++)
			if ((v->defaults[j].flags & ROUTE_DEF_TIE) &&
			    s->routes[v->defaults[j].route].metric == metric)
				break;
		if (j < i)
			continue;	/* reported with its group */
		for (k = i + 1; k < v->ndefaults; k++)
			if ((v->defaults[k].flags & ROUTE_DEF_TIE) &&
			    s->routes[v->defaults[k].route].metric == metric)
				break;
		if (k == v->ndefaults)
			continue;
		route_snapshot_get(s, d->route, &r);
		dev_words(s, o, route_dev(&r), d->nic, words, sizeof(words));
		route_snapshot_get(s, v->defaults[k].route, &r2);
		dev_words(s, o, route_dev(&r2), v->defaults[k].nic, words2,
			  sizeof(words2));
		nic_path(d->nic >= 0 ? d->nic : v->defaults[k].nic, "metric",
			 path, sizeof(path));
		diag_add(&v->problems, (long)i == v->in_use ? DIAG_ERROR :
			 DIAG_WARNING, path, "the default routes through %s "
			 "and %s have the same metric %u: the kernel may send "
			 "traffic through either; give each NIC its own metric "
			 "(lower wins)", words, words2, (unsigned)metric);
	}
	if (!p)
		return;
	for (size_t i = 0; i < v->ndefaults; i++) {
		const struct route_default *d = &v->defaults[i];

		if (d->nic < 0)
			continue;
		route_snapshot_get(s, d->route, &r);
		dev_words(s, o, route_dev(&r), d->nic, words, sizeof(words));
		if ((d->flags & ROUTE_DEF_OFFLINE) && (long)i == v->in_use) {
			nic_path(d->nic, "offline", path, sizeof(path));
			diag_add(&v->problems, DIAG_ERROR, path, "the default "
				 "route in use goes through %s, which the plan "
				 "marks as an offline network: traffic for the "
				 "internet goes to the offline network; remove "
				 "its default route or give the other NIC a "
				 "lower metric", words);
		} else if (d->flags & ROUTE_DEF_OFFLINE) {
			nic_path(d->nic, "offline", path, sizeof(path));
			diag_add(&v->problems, DIAG_WARNING, path, "%s is an "
				 "offline network but has a default route "
				 "(metric %u): it takes internet traffic when "
				 "the preferred route goes away; remove it",
				 words, (unsigned)r.metric);
		}
		if (d->flags & ROUTE_DEF_METRIC_DIFFERS) {
			nic_path(d->nic, "metric", path, sizeof(path));
			diag_add(&v->problems, DIAG_WARNING, path, "the default "
				 "route through %s has metric %u, the plan "
				 "gives NIC %s metric %lld: change it here or "
				 "apply the plan again", words,
				 (unsigned)r.metric, p->nics[d->nic].name,
				 plan_nic_metric(p, (size_t)d->nic));
		}
	}
}

int route_view_build(struct route_view *v, const struct route_snapshot *s,
		     const struct route_view_opts *o)
{
	const struct plan *p = o ? o->plan : NULL;
	struct route_info r;
	uint32_t *order;
	size_t n = 0;

	diag_list_clear(&v->problems);
	v->n = 0;
	v->ndefaults = 0;
	v->in_use = -1;
	v->generation = s->generation;
	order = realloc(v->order, (s->nroutes ? s->nroutes : 1) *
			sizeof(*order));
	if (!order)
		return -1;
	v->order = order;
	for (size_t i = 0; i < s->nroutes; i++) {
		const struct route_slot *slot = &s->routes[i];

		if (o && o->hide_ipv6 && slot->family == ROUTE_AF_INET6)
			continue;
		if (o && o->hide_local && slot->table == ROUTE_TABLE_LOCAL)
			continue;
		order[n++] = (uint32_t)i;
		if (slot->family != ROUTE_AF_INET || slot->dst_len != 0 ||
		    slot->table != ROUTE_TABLE_MAIN ||
		    slot->type != ROUTE_TYPE_UNICAST ||
		    v->ndefaults == ROUTE_VIEW_MAX_DEFAULTS)
			continue;
		v->defaults[v->ndefaults].route = (uint32_t)i;
		v->defaults[v->ndefaults].flags = 0;
		v->defaults[v->ndefaults].nic = -1;
		v->ndefaults++;
	}
	v->n = n;
	qsort_r(order, n, sizeof(*order), order_cmp, (void *)s);
	qsort_r(v->defaults, v->ndefaults, sizeof(v->defaults[0]),
		default_cmp, (void *)s);

	for (size_t i = 0; i < v->ndefaults; i++) {
		struct route_default *d = &v->defaults[i];

		route_snapshot_get(s, d->route, &r);
		d->nic = route_view_nic(s, o, route_dev(&r));
		if (route_down(&r))
			d->flags |= ROUTE_DEF_DOWN;
		else if (v->in_use < 0)
			v->in_use = (long)i;
		if (d->nic >= 0 && p->nics[d->nic].offline)
			d->flags |= ROUTE_DEF_OFFLINE;
		if (d->nic >= 0 &&
		    plan_nic_metric(p, (size_t)d->nic) != (long long)r.metric)
			d->flags |= ROUTE_DEF_METRIC_DIFFERS;
	}
	if (v->in_use >= 0)
		v->defaults[v->in_use].flags |= ROUTE_DEF_IN_USE;
	for (size_t i = 0; i < v->ndefaults; i++) {
		struct route_default *d = &v->defaults[i];

		if (d->flags & ROUTE_DEF_DOWN)
			continue;
		for (size_t k = 0; k < v->ndefaults; k++) {
			if (k == i || (v->defaults[k].flags & ROUTE_DEF_DOWN))
				continue;
			if (s->routes[v->defaults[k].route].metric ==
			    s->routes[d->route].metric)
				d->flags |= ROUTE_DEF_TIE;
		}
	}
	view_problems(v, s, o);
	return 0;
}
