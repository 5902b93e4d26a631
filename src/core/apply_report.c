/*
 * apply_report.c - the dry-run report of an apply's steps
 * (apply_steps_report, see apply_plan.h): each step in words, the guest
 * files it writes, and the XML it defines as a diff against what is there.
 *
 * Pure C: reads the step list, writes a malloc'd text.
 */
#include <stdlib.h>
#include <string.h>

#include "core/apply_plan.h"
#include "core/guestcfg.h"
#include "core/sbuf.h"
#include "core/textdiff.h"

/* ---------------------------------------------------------------- */
/* dry-run report                                                    */

/* Steps that change the VM's definition (its XML). */
static bool is_vm_def(enum apply_kind k)
{
	return apply_kind_is_dom(k) || k == APPLY_GUEST_SEED;
}

/* The guest's files: the seed's contents, or each networkd file as a
 * diff against what the guest has now. */
static void report_guest(struct sbuf *b, const struct apply_step *x)
{
	size_t i;
	char *diff;

	if (x->kind == APPLY_GUEST_SEED) {
		sbuf_addf(b, "\nVM %s: seed %s (read by the VM at every "
			  "start):\n", x->object, x->seed_after);
		for (i = 0; i < x->files_after.n; i++) {
			sbuf_add(b, "  ");
			sbuf_add_safe(b, x->files_after.f[i].name);
			sbuf_add(b, ":\n");
			diff = textdiff_lines(NULL, x->files_after.f[i].text,
					      -1, "    ");
			sbuf_add(b, diff ? diff : "    (out of memory)\n");
			free(diff);
		}
		return;
	}
	sbuf_addf(b, "\nVM %s: files in %s now (through the guest agent), "
		  "before (-) and after (+):\n", x->object,
		  GUEST_NETWORKD_DIR);
	for (i = 0; i < x->files_after.n; i++) {
		const struct apply_gfile *a = &x->files_after.f[i];
		const struct apply_gfile *o =
			apply_gfiles_get(&x->files_before, a->name);

		if (o && o->text && a->text && !strcmp(o->text, a->text)) {
			sbuf_add(b, "  ");
			sbuf_add_safe(b, a->name);
			sbuf_add(b, ": unchanged\n");
			continue;
		}
		sbuf_add(b, "  ");
		sbuf_add_safe(b, a->name);
		sbuf_addf(b, ": %s\n", o ? "changed" : "new");
		diff = textdiff_lines(o ? o->text : NULL, a->text,
				      o ? 3 : -1, "    ");
		sbuf_add(b, diff ? diff : "    (out of memory)\n");
		free(diff);
	}
	for (i = 0; i < x->files_before.n; i++) {
		const struct apply_gfile *o = &x->files_before.f[i];

		if (apply_gfiles_get(&x->files_after, o->name))
			continue;
		sbuf_add(b, "  ");
		sbuf_add_safe(b, o->name);	/* a file name from the guest */
		sbuf_add(b, ": removed\n");
		diff = textdiff_lines(o->text, "", 3, "    ");
		sbuf_add(b, diff ? diff : "    (out of memory)\n");
		free(diff);
	}
}

static void report_object(struct sbuf *b, const struct apply_steps *s,
			  size_t first)
{
	const struct apply_step *f = &s->items[first];
	const char *before = NULL, *after = NULL;
	bool dom = is_vm_def(f->kind), seen_xml = false;
	size_t i;
	char *diff;

	for (i = first; i < s->count; i++) {
		const struct apply_step *x = &s->items[i];

		if (is_vm_def(x->kind) != dom ||
		    (!dom && !apply_kind_is_net(x->kind)) ||
		    strcmp(x->object, f->object))
			continue;
		if (x->kind == APPLY_NET_START || x->kind == APPLY_NET_AUTOSTART)
			continue;
		if (!seen_xml)
			before = x->before;
		seen_xml = true;
		after = x->after;
	}
	if (!seen_xml)
		return;
	sbuf_addf(b, "\n%s %s: %s\n", dom ? "VM" : "network", f->object,
		  !before ? "new definition" : "definition before (-) and "
		  "after (+)");
	diff = textdiff_lines(before, after, before ? 3 : -1, "    ");
	if (diff)
		sbuf_add(b, diff);
	else
		sbuf_add(b, "    (out of memory)\n");
	free(diff);
}

char *apply_steps_report(const struct apply_steps *s)
{
	struct sbuf b;
	size_t i, j;

	sbuf_init(&b);
	if (s->count == 0) {
		sbuf_add(&b, "Nothing to change: the host is already as the "
			 "plan says.\n");
		return sbuf_done(&b);
	}
	sbuf_addf(&b, "%zu step%s:\n", s->count, s->count == 1 ? "" : "s");
	for (i = 0; i < s->count; i++)
	{
		sbuf_addf(&b, "  %2zu. ", i + 1);
		sbuf_add_safe(&b, s->items[i].text);
		sbuf_add(&b, ".\n");
	}
	/* Each object once, at its first step. */
	for (i = 0; i < s->count; i++) {
		const struct apply_step *x = &s->items[i];
		bool first = true;

		for (j = 0; j < i; j++)
			if (s->items[j].kind != APPLY_LINK_BRIDGE &&
			    x->kind != APPLY_LINK_BRIDGE &&
			    s->items[j].kind != APPLY_GUEST_FILES &&
			    x->kind != APPLY_GUEST_FILES &&
			    is_vm_def(s->items[j].kind) ==
			    is_vm_def(x->kind) &&
			    !strcmp(s->items[j].object, x->object))
				first = false;
		if (x->kind == APPLY_LINK_BRIDGE) {
			const struct apply_link *l = &x->link;

			sbuf_addf(&b, "\nhost link %s:\n", x->object);
			if (!l->bridge_exists)
				sbuf_addf(&b, "    + bridge %s (up)\n",
					  l->bridge);
			sbuf_addf(&b, "    ~ %s: master %s -> %s\n", l->uplink,
				  l->uplink_master[0] ? l->uplink_master :
				  "(none)", l->bridge);
			for (j = 0; j < l->naddrs; j++)
				sbuf_addf(&b, "    ~ address %s: %s -> %s\n",
					  l->addrs[j], l->uplink, l->bridge);
			for (j = 0; j < l->nroutes; j++)
				sbuf_addf(&b, "    ~ default route via %s "
					  "metric %u: %s -> %s\n",
					  l->routes[j].gateway,
					  l->routes[j].metric, l->uplink,
					  l->bridge);
			continue;
		}
		if (first && x->kind != APPLY_GUEST_FILES)
			report_object(&b, s, i);
	}
	for (i = 0; i < s->count; i++)
		if (apply_kind_is_guest(s->items[i].kind))
			report_guest(&b, &s->items[i]);
	return sbuf_done(&b);
}
