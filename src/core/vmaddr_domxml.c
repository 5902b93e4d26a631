/*
 * vmaddr_domxml.c - the VM's NICs read from its domain XML
 * (vmaddr.h: vmaddr_parse_domain_xml), with the one XML reader,
 * xmldoc.h: the <interface> elements of <devices> and the four child
 * elements needed (mac, source, target, model); values longer than their
 * fields are an error, never truncated silently.  Pure C: memory only.
 */
#include "config.h"

#include <string.h>

#include "mac.h"
#include "vmaddr.h"
#include "xmldoc.h"
#include "str.h"
#include "core/err.h"

/* Attribute NAME of N into OUT ("" when absent); false when it does not
 * fit (never cut silently). */
static bool dom_attr(const struct xml_node *n, const char *name, char *out,
		     size_t outlen)
{
	return str_copy(out, outlen, n ? xml_get(n, name) : NULL);
}

static int dom_nic(const struct xml_node *ifc, struct vm_dom_nic *n)
{
	static const char *const keys[] = {
		"network", "bridge", "dev", "path",
	};
	const struct xml_node *src = xml_child(ifc, "source");
	bool ok = true;

	memset(n, 0, sizeof(*n));
	ok &= dom_attr(ifc, "type", n->type, sizeof(n->type));
	ok &= dom_attr(xml_child(ifc, "mac"), "address", n->mac,
		       sizeof(n->mac));
	for (size_t k = 0; k < 4 && src && !n->source[0]; k++)
		ok &= dom_attr(src, keys[k], n->source, sizeof(n->source));
	ok &= dom_attr(xml_child(ifc, "target"), "dev", n->target,
		       sizeof(n->target));
	ok &= dom_attr(xml_child(ifc, "model"), "type", n->model,
		       sizeof(n->model));
	mac_text_lower(n->mac);
	return ok ? 0 : -1;
}

int vmaddr_parse_domain_xml(const char *xml, struct vm_observed *o,
			    char *err, size_t errlen)
{
	const struct xml_node *devices, *ifc;
	struct xml_doc doc;
	char perr[ERR_MAX];
	int rc = -1;

	o->nnics = 0;
	if (xmldoc_parse(&doc, xml, perr, sizeof(perr)) < 0) {
		errf(err, errlen, "the domain XML cannot be read: %s",
		     perr);
		return -1;
	}
	devices = xml_find(doc.root, "devices");
	if (!devices) {
		errf(err, errlen, "the domain XML has no <devices>");
		goto out;
	}
	for (ifc = xml_child(devices, "interface"); ifc; ifc = xml_next(ifc)) {
		if (o->nnics == VM_MAX_IFS) {
			errf(err, errlen, "the domain has more than %d NICs",
			     VM_MAX_IFS);
			goto out;
		}
		if (dom_nic(ifc, &o->nics[o->nnics]) < 0) {
			errf(err, errlen, "interface %zu of the domain XML "
			     "has a value that is malformed or too long",
			     o->nnics + 1);
			goto out;
		}
		o->nnics++;
	}
	rc = (int)o->nnics;
out:
	xmldoc_free(&doc);
	return rc;
}
