/*
 * test_virt.c - tests of the libvirt backend (src/backend/virt.c): the
 * network-XML reader on tricky inputs, the mapping onto switch types,
 * and the ops against libvirt's test driver loaded with the bundled demo
 * host (data/demo-node.xml; directory from EDGENET_DATADIR, else "data").
 * The test driver runs inside libvirt.so: no daemon, nothing on the
 * machine is touched.  Also a connection made again in place
 * (virt_reconnect) and the host's lifecycle events through libvirt's
 * event thread (backend/virt_events.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "backend/virt.h"
#include "backend/virt_events.h"
#include "core/host.h"
#include "core/xmldoc.h"

/* ---------------------------------------------------------------- */
/* the XML reader                                                    */

static int parse(const char *name, const char *xml, struct host_net *n,
		 char *err, size_t errlen)
{
	memset(n, 0x5a, sizeof(*n));	/* the reader must clear its fields */
	snprintf(n->name, sizeof(n->name), "%s", name);
	err[0] = '\0';
	return virt_parse_network_xml(xml, n, err, errlen);
}

static void test_xml_stock_default(void **state)
{
	static const char xml[] =
		"<network>\n"
		"  <name>default</name>\n"
		"  <uuid>9a05da11-e96b-47f3-8253-a3a482e445f5</uuid>\n"
		"  <forward mode='nat'>\n"
		"    <nat>\n"
		"      <address start='10.9.9.1' end='10.9.9.9'/>\n"
		"      <port start='1024' end='65535'/>\n"
		"    </nat>\n"
		"  </forward>\n"
		"  <bridge name='virbr0' stp='on' delay='0'/>\n"
		"  <mac address='52:54:00:0a:cd:21'/>\n"
		"  <ip address='192.168.122.1' netmask='255.255.255.0'>\n"
		"    <dhcp>\n"
		"      <range start='192.168.122.2' end='192.168.122.254'/>\n"
		"    </dhcp>\n"
		"  </ip>\n"
		"</network>\n";
	struct host_net n;
	char err[256];

	(void)state;
	assert_int_equal(parse("default", xml, &n, err, sizeof(err)), 0);
	assert_string_equal(n.forward, "nat");
	assert_string_equal(n.bridge, "virbr0");
	assert_string_equal(n.address, "192.168.122.1/24");
	assert_true(n.dhcp);
	assert_string_equal(n.dhcp_start, "192.168.122.2");
	assert_string_equal(n.dhcp_end, "192.168.122.254");
	assert_int_equal(n.type, SWITCH_DEFAULT);
	assert_string_equal(n.name, "default");	/* left alone */

	/* The same network under another name is an internal NAT switch. */
	assert_int_equal(parse("lab", xml, &n, err, sizeof(err)), 0);
	assert_int_equal(n.type, SWITCH_INTERNAL);
}

static void test_xml_quotes_order_spaces(void **state)
{
	static const char xml[] =
		"<?xml version=\"1.0\"?>\n"
		"<!-- <ip address='9.9.9.9' prefix='8'/> in a comment -->\n"
		"<network  connections=\"2\" >"
		"<name>edge-int</name>"
		"<bridge delay = \"0\"\n\tname\t=\t\"virbr20\" stp='on' />"
		"<ip prefix=\"20\" address='172.20.0.1'>"
		"<dhcp><host mac='52:54:00:00:00:01' ip='172.20.0.9'/>"
		"<range end=\"172.20.0.200\" start=\"172.20.0.100\"></range>"
		"</dhcp></ip></network>";
	struct host_net n;
	char err[256];

	(void)state;
	assert_int_equal(parse("edge-int", xml, &n, err, sizeof(err)), 0);
	assert_string_equal(n.forward, "");
	assert_string_equal(n.bridge, "virbr20");
	assert_string_equal(n.address, "172.20.0.1/20");
	assert_true(n.dhcp);
	assert_string_equal(n.dhcp_start, "172.20.0.100");
	assert_string_equal(n.dhcp_end, "172.20.0.200");
	assert_int_equal(n.type, SWITCH_INTERNAL);
}

static void test_xml_netmask_and_class(void **state)
{
	struct host_net n;
	char err[256];

	(void)state;
	assert_int_equal(parse("a", "<network><ip address='10.1.0.1' "
			       "netmask='255.255.0.0'/></network>", &n, err,
			       sizeof(err)), 0);
	assert_string_equal(n.address, "10.1.0.1/16");
	assert_false(n.dhcp);
	assert_int_equal(n.type, SWITCH_INTERNAL);

	assert_int_equal(parse("a", "<network><ip address='10.1.0.1' "
			       "netmask='255.255.255.255'/></network>", &n, err,
			       sizeof(err)), 0);
	assert_string_equal(n.address, "10.1.0.1/32");
	assert_int_equal(parse("a", "<network><ip address='10.1.0.1' "
			       "netmask='0.0.0.0'/></network>", &n, err,
			       sizeof(err)), 0);
	assert_string_equal(n.address, "10.1.0.1/0");

	/* Neither prefix nor netmask: the address class, as libvirt does. */
	assert_int_equal(parse("a", "<network><ip address='10.1.0.1'/>"
			       "</network>", &n, err, sizeof(err)), 0);
	assert_string_equal(n.address, "10.1.0.1/8");
	assert_int_equal(parse("a", "<network><ip address='172.16.0.1'/>"
			       "</network>", &n, err, sizeof(err)), 0);
	assert_string_equal(n.address, "172.16.0.1/16");
	assert_int_equal(parse("a", "<network><ip address='192.0.2.1'/>"
			       "</network>", &n, err, sizeof(err)), 0);
	assert_string_equal(n.address, "192.0.2.1/24");

	/* Bad masks and prefixes are errors, with a message. */
	assert_int_equal(parse("a", "<network><ip address='10.1.0.1' "
			       "netmask='255.0.255.0'/></network>", &n, err,
			       sizeof(err)), -1);
	assert_non_null(strstr(err, "netmask '255.0.255.0'"));
	assert_int_equal(parse("a", "<network><ip address='10.1.0.1' "
			       "prefix='33'/></network>", &n, err,
			       sizeof(err)), -1);
	assert_non_null(strstr(err, "prefix '33'"));
	assert_int_equal(parse("a", "<network><ip address='10.1.0.1' "
			       "prefix='2x'/></network>", &n, err,
			       sizeof(err)), -1);
	assert_int_equal(parse("a", "<network><ip address='300.1.0.1' "
			       "prefix='24'/></network>", &n, err,
			       sizeof(err)), -1);
	assert_non_null(strstr(err, "300.1.0.1"));
}

static void test_xml_ipv6_and_decoys(void **state)
{
	static const char xml[] =
		"<network>"
		"<name>x</name>"
		"<metadata><app:x xmlns:app='urn:x' v='a>b&lt;c'>"
		"<ip address='1.1.1.1' prefix='8'/></app:x></metadata>"
		"<dns><host ip='192.0.2.7'><hostname>h</hostname></host></dns>"
		"<route address='192.0.2.0' prefix='24' gateway='10.0.0.2'/>"
		"<![CDATA[<ip address='2.2.2.2' prefix='8'/>]]>"
		"<ip family='ipv6' address='fd00::1' prefix='64'>"
		"<dhcp><range start='fd00::10' end='fd00::20'/></dhcp></ip>"
		"<ip address='fd01::1' prefix='64'/>"
		"<ip address='10.0.0.1' prefix='24'>"
		"<dhcp><host mac='52:54:00:00:00:01' ip='10.0.0.5'/></dhcp>"
		"</ip>"
		"<ip address='10.0.1.1' prefix='24'>"
		"<dhcp><range start='10.0.1.2' end='10.0.1.9'/></dhcp></ip>"
		"</network>";
	struct host_net n;
	char err[256];

	(void)state;
	assert_int_equal(parse("x", xml, &n, err, sizeof(err)), 0);
	assert_string_equal(n.address, "10.0.0.1/24");
	/* The first IPv4 <ip> has DHCP hosts but no range: not a server
	 * for everyone; the second <ip>'s range is not its own. */
	assert_false(n.dhcp);
	assert_string_equal(n.dhcp_start, "");
	assert_string_equal(n.forward, "");
	assert_string_equal(n.bridge, "");
	assert_int_equal(n.type, SWITCH_INTERNAL);
}

static void test_xml_forward_modes(void **state)
{
	static const struct {
		const char *xml;
		const char *forward;
		enum switch_type type;
	} cases[] = {
		{ "<network><forward/><ip address='10.0.0.1' prefix='24'>"
		  "<dhcp><range start='10.0.0.2' end='10.0.0.3'/></dhcp></ip>"
		  "</network>", "nat", SWITCH_DEFAULT },
		{ "<network><forward dev='eth0'/><ip address='10.0.0.1' "
		  "prefix='24'/></network>", "nat", SWITCH_INTERNAL },
		{ "<network><forward mode='nat'/></network>", "nat",
		  SWITCH_UNSET },
		{ "<network><forward mode=\"bridge\"/><bridge name='br0'/>"
		  "</network>", "bridge", SWITCH_EXTERNAL },
		{ "<network><forward mode='bridge'><interface dev='enp2s0'/>"
		  "</forward></network>", "bridge", SWITCH_EXTERNAL },
		{ "<network><forward mode='private'/></network>", "private",
		  SWITCH_EXTERNAL },
		{ "<network><forward mode='vepa'/></network>", "vepa",
		  SWITCH_EXTERNAL },
		{ "<network><forward mode='passthrough'/></network>",
		  "passthrough", SWITCH_EXTERNAL },
		{ "<network><forward mode='hostdev'/></network>", "hostdev",
		  SWITCH_UNSET },
		{ "<network><forward mode='route'/><ip address='10.0.0.1' "
		  "prefix='24'/></network>", "route", SWITCH_UNSET },
		{ "<network><forward mode='open'/><ip address='10.0.0.1' "
		  "prefix='24'/></network>", "open", SWITCH_UNSET },
		{ "<network><bridge name='virbr9'/></network>", "",
		  SWITCH_UNSET },
	};
	struct host_net n;
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (parse("default", cases[i].xml, &n, err, sizeof(err)) != 0)
			fail_msg("case %zu: %s", i, err);
		assert_string_equal(n.forward, cases[i].forward);
		if (n.type != cases[i].type)
			fail_msg("case %zu: type %d, want %d", i, (int)n.type,
				 (int)cases[i].type);
	}
}

static void test_xml_entities(void **state)
{
	struct host_net n;
	char err[256];

	(void)state;
	assert_int_equal(parse("a", "<network><bridge name='br&#48;&#x41;'/>"
			       "</network>", &n, err, sizeof(err)), 0);
	assert_string_equal(n.bridge, "br0A");
	assert_int_equal(parse("a", "<network><bridge name='a&amp;b&quot;'/>"
			       "</network>", &n, err, sizeof(err)), 0);
	assert_string_equal(n.bridge, "a&b\"");
	assert_int_equal(parse("a", "<network><bridge name='a&bogus;'/>"
			       "</network>", &n, err, sizeof(err)), -1);
	assert_int_equal(parse("a", "<network><bridge name='a&#0;'/>"
			       "</network>", &n, err, sizeof(err)), -1);
	assert_int_equal(parse("a", "<network><bridge name='a&#;'/>"
			       "</network>", &n, err, sizeof(err)), -1);
	assert_int_equal(parse("a", "<network><bridge name='a&amp'/>"
			       "</network>", &n, err, sizeof(err)), -1);
}

static void test_xml_malformed(void **state)
{
	static const char *const bad[] = {
		"",
		"just text",
		"<network>",
		"<network><ip address='10.0.0.1'></network>",
		"<network></ip></network>",
		"<network><bridge name=br0/></network>",
		"<network><bridge name='br0/></network>",
		"<network><bridge name='br0' name2/></network>",
		"<network><!-- unterminated </network>",
		"<network><![CDATA[ x </network>",
		"<network/><network/>",
		"<domain><name>x</name></domain>",
		"<network><bridge name='this-name-is-far-too-long'/></network>",
		"<network><forward mode='a-mode-longer-than-16'/></network>",
		"<network><ip address='10.0.0.1' prefix='24'><dhcp>"
		"<range start='10.0.0.2' end='nope'/></dhcp></ip></network>",
		"<network></network x='1'>",
		"<network>< ip/></network>",
		"<network><a <b/></network>",
	};
	struct host_net n;
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (parse("a", bad[i], &n, err, sizeof(err)) != -1)
			fail_msg("accepted: %s", bad[i]);
		if (err[0] == '\0')
			fail_msg("no message for: %s", bad[i]);
		assert_int_equal(n.type, SWITCH_UNSET);
	}
	assert_int_equal(virt_parse_network_xml(NULL, &n, err, sizeof(err)),
			 -1);
	/* No message buffer is fine too. */
	assert_int_equal(virt_parse_network_xml("<x/>", &n, NULL, 0), -1);
}

static void test_xml_deep_nesting(void **state)
{
	char xml[4096];
	size_t i, o = 0;
	struct host_net n;
	char err[256];

	(void)state;
	o += (size_t)snprintf(xml + o, sizeof(xml) - o, "<network>");
	for (i = 0; i < XMLDOC_MAX_DEPTH + 6; i++)
		o += (size_t)snprintf(xml + o, sizeof(xml) - o, "<a>");
	for (i = 0; i < XMLDOC_MAX_DEPTH + 6; i++)
		o += (size_t)snprintf(xml + o, sizeof(xml) - o, "</a>");
	snprintf(xml + o, sizeof(xml) - o, "</network>");
	assert_int_equal(parse("a", xml, &n, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "deep"));
}

/* ---------------------------------------------------------------- */
/* the test driver with the demo host                                */

static void demo_uri(char *uri, size_t len)
{
	const char *dir = getenv("EDGENET_DATADIR");
	char path[PATH_MAX], abs[PATH_MAX];

	snprintf(path, sizeof(path), "%s/demo-node.xml",
		 dir && *dir ? dir : "data");
	if (!realpath(path, abs))
		fail_msg("cannot find %s (set EDGENET_DATADIR)", path);
	snprintf(uri, len, "test://%s", abs);
}

static const struct host_net *find_net(const struct host_net_list *l,
				       const char *name)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		if (strcmp(l->items[i].name, name) == 0)
			return &l->items[i];
	return NULL;
}

static void test_demo_networks(void **state)
{
	struct virt_conn *c;
	struct host_virt_ops ops;
	struct host_net_list l;
	const struct host_net *n;
	char uri[PATH_MAX + 16], err[256] = "";

	(void)state;
	demo_uri(uri, sizeof(uri));
	c = virt_connect(uri, err, sizeof(err));
	if (!c)
		fail_msg("connect: %s", err);
	assert_null(virt_lost(c));
	assert_non_null(virt_handle(c));
	virt_ops(c, &ops);
	assert_ptr_equal(ops.ctx, c);
	assert_string_equal(ops.uri(ops.ctx), uri);

	if (ops.list_networks(ops.ctx, &l, err, sizeof(err)) != 0)
		fail_msg("list_networks: %s", err);
	assert_int_equal(l.count, 3);
	/* Sorted by name. */
	assert_string_equal(l.items[0].name, "default");
	assert_string_equal(l.items[1].name, "edge-int");
	assert_string_equal(l.items[2].name, "plant");

	n = find_net(&l, "default");
	assert_non_null(n);
	assert_int_equal(n->type, SWITCH_DEFAULT);
	assert_string_equal(n->forward, "nat");
	assert_string_equal(n->bridge, "virbr0");
	assert_string_equal(n->address, "192.168.122.1/24");
	assert_true(n->dhcp);
	assert_string_equal(n->dhcp_start, "192.168.122.2");
	assert_string_equal(n->dhcp_end, "192.168.122.254");
	assert_true(n->active);

	n = find_net(&l, "edge-int");
	assert_non_null(n);
	assert_int_equal(n->type, SWITCH_INTERNAL);
	assert_string_equal(n->forward, "");
	assert_string_equal(n->address, "172.20.0.1/24");
	assert_true(n->dhcp);
	assert_string_equal(n->dhcp_start, "172.20.0.100");
	assert_string_equal(n->dhcp_end, "172.20.0.200");

	n = find_net(&l, "plant");
	assert_non_null(n);
	assert_int_equal(n->type, SWITCH_EXTERNAL);
	assert_string_equal(n->forward, "bridge");
	assert_string_equal(n->bridge, "br0");
	assert_string_equal(n->address, "");
	assert_false(n->dhcp);

	virt_close(c);
}

static void test_demo_domains_and_profile(void **state)
{
	struct virt_conn *c;
	struct host_virt_ops ops;
	struct host_net_list l;
	char uri[PATH_MAX + 16], err[256] = "", why[256] = "";

	(void)state;
	demo_uri(uri, sizeof(uri));
	c = virt_connect(uri, err, sizeof(err));
	if (!c)
		fail_msg("connect: %s", err);
	virt_ops(c, &ops);
	assert_int_equal(ops.domain_exists(ops.ctx, "edge-vm", err,
					   sizeof(err)), 1);
	assert_int_equal(ops.domain_exists(ops.ctx, "historian", err,
					   sizeof(err)), 1);
	assert_int_equal(ops.domain_exists(ops.ctx, "nope", err,
					   sizeof(err)), 0);
	assert_int_equal(ops.domain_exists(ops.ctx, "", err, sizeof(err)),
			 -1);
	assert_true(err[0] != '\0');

	assert_int_equal(ops.list_networks(ops.ctx, &l, err, sizeof(err)), 0);
	assert_int_equal(host_suggest_profile(&l, why, sizeof(why)),
			 PROFILE_CLIENT);
	assert_string_equal(why, "libvirt network 'default' is a ready NAT "
			    "network with DHCP, as on a client host");
	virt_close(c);
	virt_close(NULL);
}

/* Runs FN with stderr sent to a temporary file; returns what it got. */
static size_t stderr_bytes_during(void (*fn)(void *), void *arg)
{
	FILE *tmp = tmpfile();
	int saved;
	struct stat st;

	assert_non_null(tmp);
	fflush(stderr);
	saved = dup(2);
	assert_true(saved >= 0);
	assert_true(dup2(fileno(tmp), 2) >= 0);
	fn(arg);
	fflush(stderr);
	assert_true(dup2(saved, 2) >= 0);
	close(saved);
	assert_int_equal(fstat(fileno(tmp), &st), 0);
	if (st.st_size > 0) {
		char buf[512];
		size_t got;

		rewind(tmp);
		got = fread(buf, 1, sizeof(buf) - 1, tmp);
		buf[got] = '\0';
		print_message("stderr got: %s\n", buf);
	}
	fclose(tmp);
	return (size_t)st.st_size;
}

struct bad_connect {
	const char *uri;
	struct virt_conn *c;
	char err[512];
};

static void do_bad_connect(void *arg)
{
	struct bad_connect *b = arg;

	b->c = virt_connect(b->uri, b->err, sizeof(b->err));
}

static void test_bad_uri_is_quiet(void **state)
{
	char bad_xml[] = "/tmp/edgenet-test-virt-XXXXXX";
	char bad_uri[sizeof(bad_xml) + 16];
	const char *uris[] = {
		"test:///nonexistent.xml",
		"test:///tmp",
		"nosuchdriver:///system",
		bad_uri,
	};
	size_t i;
	int fd;

	(void)state;
	/* A node file that is not even XML. */
	fd = mkstemp(bad_xml);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "<node><network>", 15), 15);
	close(fd);
	snprintf(bad_uri, sizeof(bad_uri), "test://%s", bad_xml);

	for (i = 0; i < sizeof(uris) / sizeof(uris[0]); i++) {
		struct bad_connect b = { .uri = uris[i] };

		assert_int_equal(stderr_bytes_during(do_bad_connect, &b), 0);
		assert_null(b.c);
		if (!strstr(b.err, uris[i]) || strlen(b.err) <= strlen(uris[i]) + 30)
			fail_msg("message: '%s'", b.err);
		print_message("%s -> %s\n", uris[i], b.err);
	}
	unlink(bad_xml);
}

static void test_lost_and_null(void **state)
{
	struct host_virt_ops ops;
	struct host_net_list l;
	char err[128];

	(void)state;
	assert_non_null(virt_lost(NULL));
	assert_null(virt_handle(NULL));
	virt_ops(NULL, &ops);
	assert_int_equal(ops.list_networks(ops.ctx, &l, err, sizeof(err)), -1);
	assert_int_equal(l.count, 0);
	assert_non_null(strstr(err, "not connected"));
	assert_int_equal(ops.domain_exists(ops.ctx, "x", err, sizeof(err)), -1);
	assert_string_equal(ops.uri(ops.ctx), "");
}

/* ---------------------------------------------------------------- */
/* a connection made again, and the host's lifecycle events          */

static atomic_int host_events;

static void count_event(void *ctx)
{
	(void)ctx;
	atomic_fetch_add(&host_events, 1);
}

/* Waits (at most 5 s, polling every 10 ms) until more than N host
 * events came; true when they did. */
static bool events_above(int n)
{
	for (int i = 0; i < 500; i++) {
		if (atomic_load(&host_events) > n)
			return true;
		usleep(10000);
	}
	return false;
}

static void define_net(virConnectPtr h, const char *name, const char *ip)
{
	char xml[256];
	virNetworkPtr n;

	snprintf(xml, sizeof(xml), "<network><name>%s</name><ip address='%s' "
		 "prefix='24'/></network>", name, ip);
	n = virNetworkDefineXML(h, xml);
	assert_non_null(n);
	virNetworkFree(n);
}

/* virt_reconnect puts a new handle in the same struct (its ops and
 * every holder use it; the demo host's node file gives each handle a
 * fresh state, so a network defined on the old one is gone); the
 * host-change events follow it; a shared connection is not made again. */
static void test_reconnect_and_events(void **state)
{
	struct virt_conn *c, *sh;
	struct host_virt_ops ops;
	struct host_net_list l;
	char uri[PATH_MAX + 16], err[256] = "";
	virConnectPtr h0;
	int seen;

	(void)state;
	assert_int_equal(virt_events_get(err, sizeof(err)), 0);
	assert_true(virt_events_running());
	demo_uri(uri, sizeof(uri));
	c = virt_connect(uri, err, sizeof(err));
	if (!c)
		fail_msg("connect: %s", err);
	virt_on_host_change(c, count_event, NULL);
	virt_ops(c, &ops);
	h0 = virt_handle(c);
	seen = atomic_load(&host_events);
	define_net(h0, "t-one", "10.9.8.1");
	assert_true(events_above(seen));
	assert_int_equal(ops.list_networks(ops.ctx, &l, err, sizeof(err)), 0);
	assert_non_null(find_net(&l, "t-one"));
	assert_false(virt_check_lost(c));
	assert_null(virt_lost_why(c));

	assert_int_equal(virt_reconnect(c, err, sizeof(err)), 0);
	assert_non_null(virt_handle(c));
	assert_ptr_not_equal(virt_handle(c), h0);
	assert_null(virt_lost(c));
	assert_ptr_equal(ops.ctx, c);
	assert_int_equal(ops.list_networks(ops.ctx, &l, err, sizeof(err)), 0);
	assert_null(find_net(&l, "t-one"));	/* the new handle's host */
	assert_non_null(find_net(&l, "default"));
	seen = atomic_load(&host_events);
	define_net(virt_handle(c), "t-two", "10.9.7.1");
	assert_true(events_above(seen));

	sh = virt_share(virt_handle(c), err, sizeof(err));
	assert_non_null(sh);
	err[0] = '\0';
	assert_int_equal(virt_reconnect(sh, err, sizeof(err)), -1);
	assert_true(err[0] != '\0');
	virt_close(sh);
	virt_close(c);
	virt_events_put();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_uri_is_quiet),
		cmocka_unit_test(test_xml_stock_default),
		cmocka_unit_test(test_xml_quotes_order_spaces),
		cmocka_unit_test(test_xml_netmask_and_class),
		cmocka_unit_test(test_xml_ipv6_and_decoys),
		cmocka_unit_test(test_xml_forward_modes),
		cmocka_unit_test(test_xml_entities),
		cmocka_unit_test(test_xml_malformed),
		cmocka_unit_test(test_xml_deep_nesting),
		cmocka_unit_test(test_demo_networks),
		cmocka_unit_test(test_demo_domains_and_profile),
		cmocka_unit_test(test_lost_and_null),
		cmocka_unit_test(test_reconnect_and_events),
	};

	/* No virt_quiet_errors() here: the first test checks that
	 * virt_connect makes libvirt quiet by itself. */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
