/*
 * test_xmlgen.c - the XML edgenet writes and reads (src/core/xmlgen.c,
 * xmldoc.c, vxml.c, sbuf.c): escaping of every special character,
 * refusal of plans with validation errors and of bad values, the network
 * definition of each switch type, <interface> elements, DHCP host
 * entries; the reader on tricky and malformed input, splicing, and the
 * managed fields of network and domain XML.  Pure: memory only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/planfile.h"
#include "core/policy.h"
#include "core/sbuf.h"
#include "core/vxml.h"
#include "core/xmldoc.h"
#include "core/xmlgen.h"

static struct policy pol;

static void load(const char *text, struct plan *p)
{
	struct diag_list d;

	diag_list_init(&d);
	assert_int_equal(planfile_load_string(text, p, NULL, &d), PLANFILE_OK);
	diag_list_free(&d);
}

static void macs_for(const struct plan *p, struct mac *m)
{
	size_t i;

	for (i = 0; i < p->nnics; i++) {
		memset(&m[i], 0, sizeof(m[i]));
		m[i].b[0] = 0x52;
		m[i].b[1] = 0x54;
		m[i].b[5] = (uint8_t)(i + 1);
	}
}

static const char server_plan[] =
	"version = 1; profile = \"server\"; vm = \"edge-vm\";\n"
	"switches = (\n"
	" { name = \"edge-int\"; type = \"internal\"; address = \"172.20.0.1/24\";\n"
	"   dhcp = true; dhcp_start = \"172.20.0.100\"; dhcp_end = \"172.20.0.200\";\n"
	"   nat = false; },\n"
	" { name = \"plant\"; type = \"external\"; uplink = \"enp2s0\";\n"
	"   mode = \"bridge\"; bridge = \"br0\"; },\n"
	" { name = \"ot\"; type = \"external\"; uplink = \"enp3s0\";\n"
	"   mode = \"macvtap\"; } );\n"
	"nics = (\n"
	" { name = \"eth0\"; switch = \"edge-int\"; primary = true;\n"
	"   ip = { mode = \"static\"; address = \"172.20.0.10\"; prefix = 24;\n"
	"          gateway = \"172.20.0.1\"; };\n"
	"   dns = { servers = [ \"172.20.0.1\" ]; }; },\n"
	" { name = \"eth1\"; switch = \"plant\"; ip = { mode = \"dhcp\"; }; },\n"
	" { name = \"eth2\"; switch = \"ot\"; ip = { mode = \"dhcp\"; }; } );\n";

/* ---------------------------------------------------------------- */

static void test_escape(void **state)
{
	char buf[64];
	struct sbuf b;
	char *s;

	(void)state;
	assert_int_equal(xml_escape("a&b<c>d\"e'f", buf, sizeof(buf)), 31);
	assert_string_equal(buf, "a&amp;b&lt;c&gt;d&quot;e&apos;f");
	assert_int_equal(xml_escape("plain", buf, sizeof(buf)), 5);
	assert_string_equal(buf, "plain");
	assert_int_equal(xml_escape("", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	/* Too small: says how much it needed, stays terminated. */
	assert_int_equal(xml_escape("&&&&", buf, 6), 20);
	assert_int_equal(strlen(buf) < 6, 1);
	assert_int_equal(xml_escape("x", NULL, 0), 1);
	/* ... and holds a prefix ending after a whole entity (the XML
	 * fuzzer found uninitialised bytes before the terminator here) */
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(xml_escape("&&&&", buf, 6), 20);
	assert_string_equal(buf, "&amp;");
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(xml_escape("a&b<c", buf, 11), 12);
	assert_string_equal(buf, "a&amp;b");
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(xml_escape("a&b", buf, 3), 7);
	assert_string_equal(buf, "a");

	sbuf_init(&b);
	sbuf_add(&b, "<a v='");
	sbuf_add_xml(&b, "' onload='x");
	sbuf_addf(&b, "'>%d</a>", 42);
	s = sbuf_done(&b);
	assert_string_equal(s, "<a v='&apos; onload=&apos;x'>42</a>");
	free(s);
	sbuf_init(&b);
	s = sbuf_done(&b);
	assert_string_equal(s, "");
	free(s);
}

/* Whatever a value holds, the XML parses back to the same value. */
static void test_escape_round_trip(void **state)
{
	static const char *const vals[] = {
		"a&b", "<x>", "'\"", "&amp;", "]]>", "tab\there", "ü&€",
	};
	struct xml_doc doc;
	struct sbuf b;
	char *s, err[128];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		sbuf_init(&b);
		sbuf_add(&b, "<r a='");
		sbuf_add_xml(&b, vals[i]);
		sbuf_add(&b, "' b=\"");
		sbuf_add_xml(&b, vals[i]);
		sbuf_add(&b, "\">");
		sbuf_add_xml(&b, vals[i]);
		sbuf_add(&b, "</r>");
		s = sbuf_done(&b);
		assert_int_equal(xmldoc_parse(&doc, s, err, sizeof(err)), 0);
		assert_string_equal(xml_get(doc.root, "a"), vals[i]);
		assert_string_equal(xml_get(doc.root, "b"), vals[i]);
		assert_string_equal(doc.root->text, vals[i]);
		xmldoc_free(&doc);
		free(s);
	}
}

static void test_refuses_invalid_plan(void **state)
{
	struct plan p;
	struct mac m[PLAN_MAX_NICS];
	struct xmlgen g;
	struct diag_list d;
	char err[256];

	(void)state;
	load(server_plan, &p);
	macs_for(&p, m);
	/* A gateway outside the subnet: no XML at all. */
	snprintf(p.nics[0].gateway, sizeof(p.nics[0].gateway), "10.0.0.1");
	diag_list_init(&d);
	assert_int_equal(xmlgen_init(&g, &p, &pol, m, &d), -1);
	assert_non_null(diag_find(&d, "nics[0].ip.gateway"));
	assert_false(g.ready);
	assert_null(xmlgen_network(&g, 0, NULL, err, sizeof(err)));
	assert_non_null(strstr(err, "not been validated"));
	assert_null(xmlgen_interface(&g, 0, NULL, NULL, NULL, err,
				     sizeof(err)));
	/* A name with XML in it never gets as far as XML. */
	load(server_plan, &p);
	snprintf(p.switches[0].name, sizeof(p.switches[0].name),
		 "a'/><evil x='");
	snprintf(p.nics[0].switch_name, sizeof(p.nics[0].switch_name),
		 "a'/><evil x='");
	diag_list_clear(&d);
	assert_int_equal(xmlgen_init(&g, &p, &pol, m, &d), -1);
	assert_non_null(diag_find(&d, "switches[0].name"));
	/* A multicast or zero MAC. */
	load(server_plan, &p);
	m[1].b[0] = 0x01;
	diag_list_clear(&d);
	assert_int_equal(xmlgen_init(&g, &p, &pol, m, &d), -1);
	assert_non_null(diag_find(&d, "nics[1].mac"));
	memset(&m[1], 0, sizeof(m[1]));
	assert_int_equal(xmlgen_init(&g, &p, &pol, m, NULL), -1);
	diag_list_free(&d);
}

static void test_network_types(void **state)
{
	struct plan p;
	struct mac m[PLAN_MAX_NICS];
	struct xmlgen g;
	struct xmlgen_host keep[1] = { { "52:54:00:aa:bb:cc", "172.20.0.7" } };
	struct xmlgen_keep k = { "7f1b4a52-8a64-4d4e-9b1e-2d0a5e6c0002",
				 "virbr20", "52:54:00:3C:1A:02", keep, 1 };
	struct vxml_net vx;
	char *x, err[256];

	(void)state;
	load(server_plan, &p);
	macs_for(&p, m);
	assert_int_equal(xmlgen_init(&g, &p, &pol, m, NULL), 0);
	x = xmlgen_network(&g, 0, NULL, err, sizeof(err));
	assert_non_null(x);
	assert_string_equal(x,
		"<network>\n"
		"  <name>edge-int</name>\n"
		"  <ip address='172.20.0.1' prefix='24'>\n"
		"    <dhcp>\n"
		"      <range start='172.20.0.100' end='172.20.0.200'/>\n"
		"      <host mac='52:54:00:00:00:01' ip='172.20.0.10'/>\n"
		"    </dhcp>\n"
		"  </ip>\n"
		"</network>\n");
	free(x);
	/* Redefining in place keeps UUID, bridge, its MAC and the other
	 * machines' reservations. */
	p.switches[0].nat = true;
	assert_int_equal(xmlgen_init(&g, &p, &pol, m, NULL), 0);
	x = xmlgen_network(&g, 0, &k, err, sizeof(err));
	assert_non_null(x);
	assert_non_null(strstr(x, "<uuid>7f1b4a52-8a64-4d4e-9b1e-2d0a5e6c0002"
			       "</uuid>\n  <forward mode='nat'/>\n  <bridge "
			       "name='virbr20' stp='on' delay='0'/>\n  <mac "
			       "address='52:54:00:3c:1a:02'/>"));
	assert_non_null(strstr(x, "<host mac='52:54:00:aa:bb:cc' "
			       "ip='172.20.0.7'/>\n      <host "
			       "mac='52:54:00:00:00:01'"));
	assert_int_equal(vxml_net_read(x, &vx, err, sizeof(err)), 0);
	assert_string_equal(vx.forward, "nat");
	assert_int_equal(vx.nhosts, 2);
	free(x);
	/* Bad kept values are refused, not pasted. */
	k.uuid = "x'/><y";
	assert_null(xmlgen_network(&g, 0, &k, err, sizeof(err)));
	k.uuid = NULL;
	k.bridge = "br 0";
	assert_null(xmlgen_network(&g, 0, &k, err, sizeof(err)));
	k.bridge = NULL;
	keep[0].ip[0] = '\0';
	assert_null(xmlgen_network(&g, 0, &k, err, sizeof(err)));
	assert_non_null(strstr(err, "not usable"));

	x = xmlgen_network(&g, 1, NULL, err, sizeof(err));
	assert_string_equal(x, "<network>\n  <name>plant</name>\n"
			    "  <forward mode='bridge'/>\n"
			    "  <bridge name='br0'/>\n</network>\n");
	free(x);
	x = xmlgen_network(&g, 2, NULL, err, sizeof(err));
	assert_string_equal(x, "<network>\n  <name>ot</name>\n"
			    "  <forward mode='bridge'>\n"
			    "    <interface dev='enp3s0'/>\n"
			    "  </forward>\n</network>\n");
	free(x);
	assert_null(xmlgen_network(&g, 3, NULL, err, sizeof(err)));
}

static void test_interface_and_host(void **state)
{
	struct plan p;
	struct mac m[PLAN_MAX_NICS];
	struct xmlgen g;
	struct xmlgen_host h[4];
	char *x, err[256];

	(void)state;
	load(server_plan, &p);
	macs_for(&p, m);
	assert_int_equal(xmlgen_init(&g, &p, &pol, m, NULL), 0);
	x = xmlgen_interface(&g, 1, NULL, "    ", NULL, err, sizeof(err));
	assert_string_equal(x, "<interface type='network'>\n"
			    "      <mac address='52:54:00:00:00:02'/>\n"
			    "      <source network='plant'/>\n"
			    "      <model type='virtio'/>\n"
			    "    </interface>");
	free(x);
	x = xmlgen_interface(&g, 0, "e1000e", NULL,
			     "<address type='pci' domain='0x0000' bus='0x01' "
			     "slot='0x00' function='0x0'/>", err, sizeof(err));
	assert_non_null(strstr(x, "<model type='e1000e'/>\n  <address "
			       "type='pci'"));
	free(x);
	assert_null(xmlgen_interface(&g, 0, "a'b", NULL, NULL, err,
				     sizeof(err)));
	assert_null(xmlgen_interface(&g, 0, NULL, NULL, "<address/><x/>", err,
				     sizeof(err)));
	assert_null(xmlgen_interface(&g, 9, NULL, NULL, NULL, err,
				     sizeof(err)));
	assert_int_equal(xmlgen_plan_hosts(&g, 0, h, 4), 1);
	assert_string_equal(h[0].mac, "52:54:00:00:00:01");
	assert_string_equal(h[0].ip, "172.20.0.10");
	assert_int_equal(xmlgen_plan_hosts(&g, 1, h, 4), 0);
	x = xmlgen_dhcp_host("52:54:00:00:00:01", "10.0.0.1");
	assert_string_equal(x, "<host mac='52:54:00:00:00:01' ip='10.0.0.1'/>");
	free(x);
	assert_null(xmlgen_dhcp_host("52:54:00:00:00:01", "10.0.0.1'/>"));
	assert_null(xmlgen_dhcp_host("01:00:5e:00:00:01", "10.0.0.1"));
}

static void test_reader(void **state)
{
	struct xml_doc doc;
	const struct xml_node *n;
	char err[256], *s, *ind;
	static const char good[] =
		"<?xml version='1.0'?>\n<!-- c <x/> -->\n<!DOCTYPE a>\n"
		"<a x = \"1\" y='&#65;&#x42;&lt;'>\n  <b/>\n  <c k='v'>t&amp;"
		"<![CDATA[<raw>]]></c>\n  <b n='2'></b >\n</a>\n";

	(void)state;
	assert_int_equal(xmldoc_parse(&doc, good, err, sizeof(err)), 0);
	assert_string_equal(doc.root->name, "a");
	assert_string_equal(xml_get(doc.root, "x"), "1");
	assert_string_equal(xml_get(doc.root, "y"), "AB<");
	assert_null(xml_get(doc.root, "z"));
	n = xml_child(doc.root, "c");
	assert_string_equal(n->text, "t&<raw>");
	n = xml_child(doc.root, "b");
	assert_true(n->end == n->inner);	/* <b/> */
	n = xml_next(n);
	assert_string_equal(xml_get(n, "n"), "2");
	assert_null(xml_next(n));
	assert_non_null(xml_path(doc.root, "c"));
	assert_null(xml_path(doc.root, "c/d"));
	/* Cut <c> out, insert before </a>, keep the rest byte for byte. */
	n = xml_child(doc.root, "c");
	s = xml_splice(good, n->start, n->end, "<C/>");
	assert_non_null(strstr(s, "  <C/>\n  <b n='2'>"));
	free(s);
	ind = xml_indent_at(good, n->start);
	assert_string_equal(ind, "  ");
	free(ind);
	ind = xml_indent_at(good, n->start + 3);
	assert_string_equal(ind, "");
	free(ind);
	assert_null(xml_splice(good, 5, 2, ""));
	xmldoc_free(&doc);

	static const char *const bad[] = {
		"", "text", "<a>", "<a></b>", "<a x=1/>", "<a x='1/>",
		"<a><!-- x </a>", "<a/><b/>", "<a x='&bogus;'/>", "<a>&#0;</a>",
		"<a x='<'/>", "<>", "<a><![CDATA[x</a>", "<a/>junk",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(xmldoc_parse(&doc, bad[i], err, sizeof(err)),
				 -1);
		assert_non_null(strstr(err, "XML: "));
	}
	/* Depth is bounded. */
	{
		size_t k, d = XMLDOC_MAX_DEPTH + 5;
		char *deep = malloc(d * 7 + 1), *q = deep;

		for (k = 0; k < d; k++)
			q += sprintf(q, "<a>");
		for (k = 0; k < d; k++)
			q += sprintf(q, "</a>");
		assert_int_equal(xmldoc_parse(&doc, deep, err, sizeof(err)),
				 -1);
		assert_non_null(strstr(err, "deeper"));
		free(deep);
	}
}

static void test_vxml(void **state)
{
	struct vxml_net n, w;
	struct vxml_dom *d = malloc(sizeof(*d));
	char err[256];
	static const char dom[] =
		"<domain type='kvm'>\n  <name>edge-vm</name>\n"
		"  <uuid>3c0e9d5e-4f1a-4b8e-8d2c-5a6b7c8d0001</uuid>\n"
		"  <devices>\n"
		"    <interface type='network'>\n"
		"      <mac address='52:54:00:E4:00:01'/>\n"
		"      <source network='default'/>\n"
		"      <model type='virtio'/>\n"
		"      <address type='pci' domain='0x0000' bus='0x01' "
		"slot='0x00' function='0x0'/>\n"
		"    </interface>\n"
		"    <interface type='bridge'>\n"
		"      <mac address='52:54:00:e4:00:02'/>\n"
		"      <source bridge='br0'/>\n"
		"    </interface>\n"
		"  </devices>\n</domain>\n";

	(void)state;
	assert_int_equal(vxml_dom_read(dom, d, err, sizeof(err)), 0);
	assert_string_equal(d->name, "edge-vm");
	assert_int_equal(d->nifaces, 2);
	assert_string_equal(d->ifaces[0].mac, "52:54:00:e4:00:01");
	assert_string_equal(d->ifaces[0].network, "default");
	assert_string_equal(d->ifaces[0].model, "virtio");
	assert_string_equal(d->ifaces[0].address, "<address type='pci' "
			    "domain='0x0000' bus='0x01' slot='0x00' "
			    "function='0x0'/>");
	assert_string_equal(d->ifaces[1].type, "bridge");
	assert_string_equal(d->ifaces[1].bridge, "br0");
	assert_non_null(vxml_dom_iface(d, "52:54:00:e4:00:02"));
	assert_null(vxml_dom_iface(d, "52:54:00:e4:00:03"));
	assert_int_equal(strncmp(dom + d->devices_close, "</devices>", 10), 0);
	assert_int_equal(strncmp(dom + d->ifaces[1].start, "<interface", 10),
			 0);
	assert_int_equal(vxml_dom_read("<network/>", d, err, sizeof(err)),
			 -1);
	free(d);

	assert_int_equal(vxml_net_read(
		"<network><name>n</name><forward/>"
		"<ip family='ipv6' address='fd00::1' prefix='64'/>"
		"<ip address='10.1.0.1' netmask='255.255.0.0'><dhcp>"
		"<range start='10.1.0.10' end='10.1.0.20'/>"
		"<host mac='52:54:00:00:00:0A' ip='10.1.0.5'/>"
		"<host name='printer' ip='10.1.0.6'/>"
		"</dhcp></ip></network>", &n, err, sizeof(err)), 0);
	assert_string_equal(n.forward, "nat");	/* libvirt's default */
	assert_string_equal(n.ip, "10.1.0.1");
	assert_int_equal(n.prefix, 16);
	assert_true(n.dhcp);
	assert_int_equal(n.nhosts, 1);
	assert_string_equal(n.hosts[0].mac, "52:54:00:00:00:0a");
	assert_true(n.hosts_unkept);
	w = n;
	assert_true(vxml_net_same_base(&n, &w));
	assert_true(vxml_net_same_hosts(&n, &w));
	snprintf(w.hosts[0].ip, sizeof(w.hosts[0].ip), "10.1.0.9");
	assert_false(vxml_net_same_hosts(&n, &w));
	/* one MAC twice (the XML fuzzer's find): equal to itself, and not
	 * to a network holding one of those entries and another MAC */
	assert_int_equal(vxml_net_read(
		"<network><name>n</name><ip address='10.1.0.1' prefix='24'>"
		"<dhcp><host mac='52:54:00:00:00:0a' ip='10.1.0.5'/>"
		"<host mac='52:54:00:00:00:0a' ip='10.1.0.6'/>"
		"</dhcp></ip></network>", &n, err, sizeof(err)), 0);
	assert_int_equal(n.nhosts, 2);
	assert_true(vxml_net_same_hosts(&n, &n));
	w = n;
	snprintf(w.hosts[1].ip, sizeof(w.hosts[1].ip), "10.1.0.5");
	assert_false(vxml_net_same_hosts(&n, &w));
	assert_false(vxml_net_same_hosts(&w, &n));
	snprintf(w.hosts[1].mac, sizeof(w.hosts[1].mac), "52:54:00:00:00:0b");
	n = w;
	snprintf(n.hosts[1].mac, sizeof(n.hosts[1].mac), "52:54:00:00:00:0a");
	assert_false(vxml_net_same_hosts(&n, &w));	/* 0b missing */
	assert_false(vxml_net_same_hosts(&w, &n));
	w = n;
	snprintf(w.range_end, sizeof(w.range_end), "10.1.0.30");
	assert_false(vxml_net_same_base(&n, &w));
	w = n;
	w.bridge[0] = '\0';	/* not named by the plan: not compared */
	snprintf(n.bridge, sizeof(n.bridge), "virbr7");
	assert_true(vxml_net_same_base(&n, &w));
	assert_int_equal(vxml_net_read("<network><ip address='10.0.0.1' "
					  "netmask='255.0.255.0'/></network>",
					  &n, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "netmask"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_escape_round_trip),
		cmocka_unit_test(test_refuses_invalid_plan),
		cmocka_unit_test(test_network_types),
		cmocka_unit_test(test_interface_and_host),
		cmocka_unit_test(test_reader),
		cmocka_unit_test(test_vxml),
	};
	const char *d = getenv("EDGENET_DATADIR");
	char path[PATH_MAX];
	struct diag_list dl;

	snprintf(path, sizeof(path), "%s/policy.cfg", d && *d ? d : "data");
	diag_list_init(&dl);
	if (policy_load(&pol, path, &dl) != 0) {
		fprintf(stderr, "cannot load %s\n", path);
		return 99;
	}
	diag_list_free(&dl);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
