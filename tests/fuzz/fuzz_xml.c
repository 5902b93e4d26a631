/*
 * fuzz_xml.c - fuzz harness for the XML readers of what libvirt hands
 * back: the element tree (src/core/xmldoc.c), network and domain
 * definitions read into their models (src/core/vxml.c: forward mode,
 * bridge, address, DHCP range and hosts; interfaces with their MACs),
 * the domain's interfaces as the VM-addresses panel reads them
 * (vmaddr_parse_domain_xml, src/core/vmaddr.c), and a host network as
 * the wizard's switch list reads it (virt_parse_network_xml, the pure
 * reader in src/backend/virt.c: xmldoc and no libvirt call).
 *
 * Every element's offsets must lie within the text and in order; every
 * attribute value and text escaped (xml_escape) into a buffer of the
 * needed size, and into shorter ones, must give the same text, cut
 * short after a whole character or entity (the promise in xmldoc.h);
 * what vxml reads must be equal to itself.  A violation aborts.
 * Touches nothing but memory.  Built by `make check` with fuzz_main.c
 * over tests/fuzz/corpus/xml/; under libFuzzer by tests/fuzz/run.sh
 * (see tests/fuzz/local.am).
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "backend/virt.h"
#include "core/vmaddr.h"
#include "core/vxml.h"
#include "core/xmldoc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* S escaped whole, then into buffers 0 to 7 bytes short. */
static void fx_escape(const char *s)
{
	size_t need = xml_escape(s, NULL, 0), cut;
	char *whole = malloc(need + 1), *part;

	if (!whole)
		return;
	if (xml_escape(s, whole, need + 1) != need || strlen(whole) != need)
		abort();
	for (size_t k = 1; k <= 8 && k <= need; k++) {
		/* LEN = need + 1 - k bytes, and one more to see past them */
		part = malloc(need + 2 - k);
		if (!part)
			break;
		memset(part, 'X', need + 1 - k);
		part[need + 1 - k] = '\0';
		if (xml_escape(s, part, need + 1 - k) != need)
			abort();
		cut = strlen(part);
		if (cut >= need + 1 - k || memcmp(part, whole, cut) != 0)
			abort();	/* not a prefix of the whole text */
		free(part);
	}
	free(whole);
}

static void fx_walk(const struct xml_doc *doc, const struct xml_node *n,
		    size_t depth)
{
	if (depth > XMLDOC_MAX_DEPTH + 1)
		abort();
	if (!(n->start <= n->inner && n->inner <= n->close &&
	      n->close <= n->end && n->end <= doc->len) || !n->name)
		abort();
	for (size_t i = 0; i < n->nattrs; i++) {
		if (!n->attrs[i].name || !n->attrs[i].value)
			abort();
		fx_escape(n->attrs[i].value);
		if (xml_get(n, n->attrs[i].name) == NULL)
			abort();
	}
	if (n->text)
		fx_escape(n->text);
	for (size_t i = 0; i < n->nkids; i++) {
		if (n->kids[i]->parent != n)
			abort();
		fx_walk(doc, n->kids[i], depth + 1);
	}
}

static void fx_vxml(const char *text)
{
	static struct vxml_net net;
	static struct vxml_dom dom;
	static struct vm_observed obs;
	char err[512];

	if (vxml_net_read(text, &net, err, sizeof(err)) == 0) {
		if (!vxml_net_same_base(&net, &net) ||
		    !vxml_net_same_hosts(&net, &net) ||
		    net.nhosts > VXML_MAX_HOSTS)
			abort();
		for (size_t i = 0; i < net.nhosts; i++)
			vxml_net_host(&net, net.hosts[i].mac);
	}
	if (vxml_dom_read(text, &dom, err, sizeof(err)) == 0) {
		if (dom.nifaces > VXML_MAX_IFACES)
			abort();
		for (size_t i = 0; i < dom.nifaces; i++)
			if (dom.ifaces[i].start > dom.ifaces[i].end ||
			    dom.ifaces[i].end > strlen(text) ||
			    (dom.ifaces[i].mac[0] &&
			     !vxml_dom_iface(&dom, dom.ifaces[i].mac)))
				abort();
	}
	{
		struct host_net hn;

		memset(&hn, 0, sizeof(hn));
		if (virt_parse_network_xml(text, &hn, err, sizeof(err)) == 0 &&
		    (strlen(hn.address) >= sizeof(hn.address) ||
		     (hn.dhcp && (!hn.dhcp_start[0] || !hn.dhcp_end[0]))))
			abort();
	}
	vm_observed_init(&obs);
	if (vmaddr_parse_domain_xml(text, &obs, err, sizeof(err)) >
	    VM_MAX_IFS)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xml_doc doc;
	char err[512];
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (xmldoc_parse(&doc, text, err, sizeof(err)) == 0) {
		if (doc.root) {
			char *indent = xml_indent_at(text, doc.root->start);

			fx_walk(&doc, doc.root, 0);
			free(indent);
		}
		xmldoc_free(&doc);
	} else if (!err[0]) {
		abort();	/* refused without saying why */
	}
	fx_vxml(text);
	free(text);
	return 0;
}
