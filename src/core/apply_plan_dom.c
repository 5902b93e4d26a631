/*
 * apply_plan_dom.c - the VM's steps of an apply: its definition is
 * changed by cutting out, replacing or inserting one <interface> element
 * per NIC and keeping every other byte; the result is what the guest
 * steps are planned from.  Called by apply_plan_build (apply_plan.c).
 *
 * Pure C: reads the snapshot, writes the step list.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/apply_plan.h"
#include "core/apply_plan_priv.h"
#include "core/sbuf.h"
#include "core/str.h"
#include "core/vxml.h"
#include "core/xmldoc.h"
#include "core/xmlgen.h"
#include "core/err.h"

/* The text of the element [START, END) of SRC, malloc'd. */
static char *cut(const char *src, size_t start, size_t end)
{
	return strndup(src + start, end - start);
}

/* Removes the element [FROM, TO) of XML with its line when it is alone
 * on it. */
static char *remove_element(const char *xml, size_t from, size_t to)
{
	size_t a = from, b = to;

	while (a > 0 && (xml[a - 1] == ' ' || xml[a - 1] == '\t'))
		a--;
	if ((a == 0 || xml[a - 1] == '\n') && xml[b] == '\n')
		b++;
	else
		a = from;
	return xml_splice(xml, a, b, "");
}

void ap_domain(struct planner *pl)
{
	const struct plan *p = pl->p;
	struct vxml_dom d;
	char *cur, err[ERR_MAX];
	size_t i;
	bool live = pl->snap->dom_running;

	cur = strdup(pl->snap->dom_xml);
	if (!cur) {
		ap_err(pl, "", "out of memory while planning");
		return;
	}
	/* 1. NICs the plan no longer has. */
	for (;;) {
		const struct vxml_iface *f = NULL;
		struct apply_step *st;
		char *next;

		if (vxml_dom_read(cur, &d, err, sizeof(err)) < 0)
			goto bad_xml;
		for (i = 0; i < d.nifaces && !f; i++) {
			size_t n;
			bool planned = false;

			for (n = 0; n < p->nnics; n++)
				if (!strcmp(pl->macs[n], d.ifaces[i].mac))
					planned = true;
			if (!planned)
				f = &d.ifaces[i];
		}
		if (!f)
			break;
		next = remove_element(cur, f->start, f->end);
		st = next ? ap_step(pl, APPLY_DOM_NIC_REMOVE, p->domain) : NULL;
		if (!st) {
			free(next);
			goto oom;
		}
		st->before = cur;
		st->after = next;
		st->iface_before = cut(cur, f->start, f->end);
		st->live = live;
		str_copy(st->mac, sizeof(st->mac), f->mac);
		snprintf(st->text, sizeof(st->text), "Remove the NIC with MAC "
			 "%s (%s %s) from VM %s%s", f->mac[0] ? f->mac : "(none)",
			 f->network[0] ? "network" : f->type,
			 f->network[0] ? f->network : (f->bridge[0] ? f->bridge :
						       f->dev),
			 p->domain, live ? "; the VM runs: it is also unplugged "
			 "now if the VM allows it, else at its next start" : "");
		snprintf(st->undo_text, sizeof(st->undo_text), "Put the NIC "
			 "with MAC %s back into VM %s", f->mac, p->domain);
		cur = strdup(next);
		if (!cur || !st->iface_before)
			goto oom;
	}
	/* 2. NICs on another network; 3. new NICs. */
	for (int pass = 0; pass < 2; pass++) {
		for (i = 0; i < p->nnics; i++) {
			const struct plan_nic *n = &p->nics[i];
			const struct vxml_iface *f;
			struct apply_step *st;
			char *elem, *next, *indent;
			size_t at;

			if (vxml_dom_read(cur, &d, err, sizeof(err)) < 0)
				goto bad_xml;
			f = vxml_dom_iface(&d, pl->macs[i]);
			if (pass == 0 && (!f || (!strcmp(f->type, "network") &&
				      !strcmp(f->network, n->switch_name))))
				continue;
			if (pass == 1 && f)
				continue;
			if (pass == 0) {
				indent = xml_indent_at(cur, f->start);
				elem = xmlgen_interface(&pl->g, i,
					f->model[0] ? f->model : NULL, indent,
					f->address[0] ? f->address : NULL, err,
					sizeof(err));
				next = elem ? xml_splice(cur, f->start, f->end,
							 elem) : NULL;
			} else {
				struct sbuf b;
				char *ind2;

				if (!d.has_devices) {
					ap_err(pl, "vm", "VM %s has no <devices> "
					       "in its definition; edgenet cannot "
					       "add NICs to it", p->domain);
					free(cur);
					return;
				}
				indent = xml_indent_at(cur, d.devices_close);
				at = d.devices_close - (indent ? strlen(indent) :
							0);
				sbuf_init(&b);
				sbuf_add(&b, indent ? indent : "");
				sbuf_add(&b, "  ");
				ind2 = sbuf_done(&b);
				elem = ind2 ? xmlgen_interface(&pl->g, i, NULL,
						ind2, NULL, err, sizeof(err)) :
				       NULL;
				sbuf_init(&b);
				if (elem) {
					sbuf_add(&b, ind2);
					sbuf_add(&b, elem);
					sbuf_add(&b, "\n");
				}
				{
					char *ins = elem ? sbuf_done(&b) : NULL;

					if (!elem)
						sbuf_free(&b);
					next = ins ? xml_splice(cur, at, at, ins) :
					       NULL;
					free(ins);
				}
				free(ind2);
			}
			free(indent);
			if (!elem) {
				ap_err(pl, "", "NIC %s: %s", n->name, err);
				free(next);
				free(cur);
				return;
			}
			st = next ? ap_step(pl, pass == 0 ? APPLY_DOM_NIC_CHANGE :
					    APPLY_DOM_NIC_ADD, p->domain) : NULL;
			if (!st) {
				free(elem);
				free(next);
				goto oom;
			}
			st->before = cur;
			st->after = next;
			st->iface_after = elem;
			st->live = live;
			str_copy(st->mac, sizeof(st->mac), pl->macs[i]);
			str_copy(st->nic, sizeof(st->nic), n->name);
			if (pass == 0) {
				st->iface_before = cut(st->before, f->start,
						       f->end);
				snprintf(st->text, sizeof(st->text), "Move NIC "
					 "%s (MAC %s) of VM %s from %s %s to "
					 "network %s%s", n->name, pl->macs[i],
					 p->domain, f->type,
					 f->network[0] ? f->network :
					 (f->bridge[0] ? f->bridge : f->dev),
					 n->switch_name, live ? "; the VM runs: "
					 "changed now if the VM allows it, else "
					 "at its next start" : "");
				snprintf(st->undo_text, sizeof(st->undo_text),
					 "Put NIC %s back on %s", n->name,
					 f->network[0] ? f->network :
					 (f->bridge[0] ? f->bridge : f->dev));
				if (!st->iface_before)
					goto oom_cur;
			} else {
				snprintf(st->text, sizeof(st->text), "Add NIC "
					 "%s (MAC %s) on network %s to VM %s%s",
					 n->name, pl->macs[i], n->switch_name,
					 p->domain, live ? "; the VM runs: "
					 "plugged in now if the VM allows it, "
					 "else at its next start" : "");
				snprintf(st->undo_text, sizeof(st->undo_text),
					 "Remove NIC %s (MAC %s) from VM %s",
					 n->name, pl->macs[i], p->domain);
			}
			cur = strdup(next);
			if (!cur)
				goto oom;
		}
	}
	pl->dom_final = cur;
	return;
oom_cur:
	free(cur);
oom:
	ap_err(pl, "", "out of memory while planning the apply");
	return;
bad_xml:
	ap_err(pl, "vm", "the definition of VM %s cannot be read: %s",
	       p->domain, err);
	free(cur);
}
