/*
 * test_status.c - unit tests of `edgenet status`'s output
 * (src/core/status_json.c, status_text.c): a fixed host snapshot (IPv4
 * and IPv6, several default routes, multipath, an offline NIC winning),
 * a fixed VM (addresses from the agent and the lease, ARP failing as on
 * this kernel, routes from /proc/net/route) and a DNS part that writes a
 * stub, written as JSON and text and compared with tests/golden/
 * status.json and status.txt.  The JSON format is documented as stable:
 * a change of the golden file is a change of the format.  To review a
 * change:  EDGENET_REGEN_GOLDEN=1 make check TESTS=tests/unit/test_status,
 * then `git diff tests/golden`.  Also: the DNS part left out, and a host
 * that cannot be read.  Pure: builds the structs by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/proc_route.h"
#include "core/status.h"

static struct route_info route(uint8_t family, const char *dst, int len,
			       const char *gw, int32_t oif, uint32_t metric)
{
	struct route_info r;
	int af = family == ROUTE_AF_INET ? AF_INET : AF_INET6;

	memset(&r, 0, sizeof(r));
	r.family = family;
	r.dst_len = (uint8_t)len;
	r.table = ROUTE_TABLE_MAIN;
	r.type = ROUTE_TYPE_UNICAST;
	r.protocol = ROUTE_PROTO_BOOT;
	r.pref = family == ROUTE_AF_INET6 ? 0 : ROUTE_PREF_NONE;
	r.oif = oif;
	r.metric = metric;
	assert_int_equal(inet_pton(af, dst, r.dst), 1);
	if (gw) {
		r.gw_family = family;
		assert_int_equal(inet_pton(af, gw, r.gw), 1);
	}
	return r;
}

static void link_(struct route_snapshot *s, int32_t i, const char *name,
		  const char *mac)
{
	struct route_link l;

	memset(&l, 0, sizeof(l));
	l.ifindex = i;
	snprintf(l.name, sizeof(l.name), "%s", name);
	snprintf(l.mac, sizeof(l.mac), "%s", mac);
	l.flags = ROUTE_IFF_UP | ROUTE_IFF_LOWER_UP;
	l.operstate = 6;
	assert_true(route_snapshot_put_link(s, &l) >= 0);
}

static void addr_(struct route_snapshot *s, int32_t i, uint8_t family,
		  const char *a, int len, uint32_t flags)
{
	struct route_ifaddr x;
	int af = family == ROUTE_AF_INET ? AF_INET : AF_INET6;

	memset(&x, 0, sizeof(x));
	x.family = family;
	x.ifindex = i;
	x.prefixlen = (uint8_t)len;
	x.flags = flags;
	x.has_local = true;
	x.valid_lft = x.preferred_lft = ROUTE_LFT_FOREVER;
	assert_int_equal(inet_pton(af, a, x.local), 1);
	if (family == ROUTE_AF_INET)
		snprintf(x.label, sizeof(x.label), "%s",
			 i == 2 ? "eth0" : "eth1");
	else
		x.valid_lft = 3600;
	assert_true(route_snapshot_put_addr(s, &x) >= 0);
}

struct fixture {
	struct plan plan;
	struct route_view_opts vo, gvo;
	struct route_snapshot host, guest;
	struct route_view hv, gv;
	struct vm_observed vm;
	struct vmaddr_view vv;
	struct status_input in;
};

static int dns_stub_json(FILE *f, void *ctx)
{
	(void)ctx;
	fputs("{\"stub\":true}", f);
	return 0;
}

static int dns_stub_text(FILE *f, void *ctx)
{
	(void)ctx;
	fputs("  stub\n", f);
	return 0;
}

static void build(struct fixture *x)
{
	static const char proc_route[] =
		"Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\t"
		"Mask\t\tMTU\tWindow\tIRTT\n"
		"eth0\t00000000\t017AA8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
		"eth1\t00000000\t0100320A\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
		"eth0\t007AA8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\n";
	struct route_info r;
	struct route_nh nh[2];
	struct vm_iface *f;
	char err[256];

	memset(x, 0, sizeof(*x));
	plan_init(&x->plan);
	snprintf(x->plan.domain, PLAN_NAME_MAX, "edge-vm");
	snprintf(plan_add_switch(&x->plan)->name, PLAN_NAME_MAX, "default");
	x->plan.switches[0].type = SWITCH_DEFAULT;
	snprintf(x->plan.switches[0].address, PLAN_ADDR_MAX, "192.168.122.1/24");
	snprintf(plan_add_nic(&x->plan)->name, PLAN_NAME_MAX, "eth0");
	snprintf(x->plan.nics[0].switch_name, PLAN_NAME_MAX, "default");
	snprintf(x->plan.nics[0].mac, PLAN_ADDR_MAX, "52:54:00:e4:00:01");
	x->plan.nics[0].mode = IP_DHCP;
	plan_nic_set_metric(&x->plan.nics[0], 100);
	snprintf(plan_add_nic(&x->plan)->name, PLAN_NAME_MAX, "eth1");
	snprintf(x->plan.nics[1].switch_name, PLAN_NAME_MAX, "ot");
	snprintf(x->plan.nics[1].mac, PLAN_ADDR_MAX, "52:54:00:e4:00:02");
	x->plan.nics[1].mode = IP_STATIC;
	snprintf(x->plan.nics[1].address, PLAN_ADDR_MAX, "10.50.0.20");
	plan_nic_set_prefix(&x->plan.nics[1], 24);
	snprintf(x->plan.nics[1].gateway, PLAN_ADDR_MAX, "10.50.0.1");
	plan_nic_set_metric(&x->plan.nics[1], 500);
	x->plan.nics[1].offline = true;
	x->vo.plan = &x->plan;
	x->gvo = x->vo;
	x->gvo.by_name = true;

	/* the host: the VM's MACs on two veths, as in a namespace test */
	route_snapshot_init(&x->host);
	link_(&x->host, 1, "lo", "");
	link_(&x->host, 2, "eth0", "52:54:00:e4:00:01");
	link_(&x->host, 3, "eth1", "52:54:00:e4:00:02");
	addr_(&x->host, 2, ROUTE_AF_INET, "192.168.122.50", 24,
	      ROUTE_IFA_F_PERMANENT);
	addr_(&x->host, 3, ROUTE_AF_INET, "10.50.0.20", 24, 0);
	addr_(&x->host, 3, ROUTE_AF_INET6, "2001:db8::20", 64, 0);
	r = route(ROUTE_AF_INET, "0.0.0.0", 0, "192.168.122.1", 2, 200);
	r.protocol = ROUTE_PROTO_DHCP;
	assert_int_equal(route_snapshot_append(&x->host, &r), 0);
	r = route(ROUTE_AF_INET, "0.0.0.0", 0, "10.50.0.1", 3, 50);
	assert_int_equal(route_snapshot_append(&x->host, &r), 0);
	r = route(ROUTE_AF_INET, "192.168.122.0", 24, NULL, 2, 0);
	r.protocol = ROUTE_PROTO_KERNEL;
	r.scope = ROUTE_SCOPE_LINK;
	r.has_prefsrc = true;
	inet_pton(AF_INET, "192.168.122.50", r.prefsrc);
	assert_int_equal(route_snapshot_append(&x->host, &r), 0);
	r = route(ROUTE_AF_INET, "10.8.0.0", 16, NULL, 0, 0);
	memset(nh, 0, sizeof(nh));
	nh[0].gw_family = nh[1].gw_family = ROUTE_AF_INET;
	nh[0].oif = 2;
	nh[1].oif = 3;
	nh[1].weight = 2;
	inet_pton(AF_INET, "192.168.122.1", nh[0].gw);
	inet_pton(AF_INET, "10.50.0.1", nh[1].gw);
	r.nh = nh;
	r.nh_count = 2;
	assert_int_equal(route_snapshot_append(&x->host, &r), 0);
	r = route(ROUTE_AF_INET, "10.7.0.0", 16, NULL, 0, 0);
	r.type = 7;
	r.table = 100;
	assert_int_equal(route_snapshot_append(&x->host, &r), 0);
	r = route(ROUTE_AF_INET, "192.168.122.50", 32, NULL, 2, 0);
	r.table = ROUTE_TABLE_LOCAL;
	r.type = ROUTE_TYPE_LOCAL;
	r.scope = ROUTE_SCOPE_HOST;
	r.protocol = ROUTE_PROTO_KERNEL;
	assert_int_equal(route_snapshot_append(&x->host, &r), 0);
	r = route(ROUTE_AF_INET6, "::", 0, "2001:db8::1", 3, 1024);
	r.flags = ROUTE_F_ONLINK;
	assert_int_equal(route_snapshot_append(&x->host, &r), 0);
	route_view_init(&x->hv);
	assert_int_equal(route_view_build(&x->hv, &x->host, &x->vo), 0);

	/* the VM */
	vm_observed_init(&x->vm);
	snprintf(x->vm.uri, sizeof(x->vm.uri), "qemu:///system");
	snprintf(x->vm.domain, sizeof(x->vm.domain), "edge-vm");
	x->vm.connected = true;
	x->vm.state = VM_STATE_RUNNING;
	snprintf(x->vm.nics[0].mac, 18, "52:54:00:e4:00:01");
	snprintf(x->vm.nics[0].source, PLAN_NAME_MAX, "default");
	snprintf(x->vm.nics[1].mac, 18, "52:54:00:e4:00:03");
	snprintf(x->vm.nics[1].source, PLAN_NAME_MAX, "ot");
	x->vm.nnics = 2;
	x->vm.src[VM_SRC_AGENT].tried = x->vm.src[VM_SRC_AGENT].ok = true;
	f = &x->vm.src[VM_SRC_AGENT].ifs[x->vm.src[VM_SRC_AGENT].nifs++];
	snprintf(f->name, sizeof(f->name), "eth0");
	snprintf(f->mac, sizeof(f->mac), "52:54:00:e4:00:01");
	snprintf(f->addrs[0].addr, VM_ADDR_STRLEN, "192.168.122.7");
	f->addrs[0].prefix = 24;
	f->addrs[0].since_ms = 10000;
	f->naddrs = 1;
	x->vm.src[VM_SRC_LEASE].tried = x->vm.src[VM_SRC_LEASE].ok = true;
	f = &x->vm.src[VM_SRC_LEASE].ifs[x->vm.src[VM_SRC_LEASE].nifs++];
	snprintf(f->name, sizeof(f->name), "vnet0");
	snprintf(f->mac, sizeof(f->mac), "52:54:00:e4:00:01");
	snprintf(f->addrs[0].addr, VM_ADDR_STRLEN, "192.168.122.7");
	f->addrs[0].prefix = 24;
	f->addrs[0].since_ms = 40000;
	f->naddrs = 1;
	x->vm.src[VM_SRC_ARP].tried = true;
	snprintf(x->vm.src[VM_SRC_ARP].err, VM_ERR_MAX, "internal error: "
		 "wrong nlmsg len");
	x->vm.routes_tried = x->vm.routes_ok = true;
	snprintf(x->vm.proc_route, sizeof(x->vm.proc_route), "%s", proc_route);
	vmaddr_view_init(&x->vv);
	assert_int_equal(vmaddr_view_build(&x->vv, &x->vm, &x->plan, NULL,
					   100000), 0);
	route_snapshot_init(&x->guest);
	assert_int_equal(route_parse_proc_net_route(x->vm.proc_route,
						    &x->guest, err,
						    sizeof(err)), 3);
	route_view_init(&x->gv);
	assert_int_equal(route_view_build(&x->gv, &x->guest, &x->gvo), 0);

	x->in.version = "9.9.9";
	x->in.now_unix = 1700000000;
	x->in.now_ms = 100000;
	x->in.plan = &x->plan;
	x->in.plan_path = "plan.cfg";
	x->in.view_opts = &x->vo;
	x->in.host = &x->host;
	x->in.host_view = &x->hv;
	x->in.vm = &x->vm;
	x->in.vm_view = &x->vv;
	x->in.vm_routes = &x->guest;
	x->in.vm_routes_view = &x->gv;
	x->in.dns.write_json = dns_stub_json;
	x->in.dns.write_text = dns_stub_text;
}

static void unbuild(struct fixture *x)
{
	route_view_free(&x->hv);
	route_view_free(&x->gv);
	route_snapshot_free(&x->host);
	route_snapshot_free(&x->guest);
	vmaddr_view_free(&x->vv);
}

static char *render(const struct status_input *in, bool json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	if (json)
		status_write_json(f, in);
	else
		status_write_text(f, in);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void golden(const char *name, const char *got)
{
	const char *top = getenv("top_srcdir");
	const char *regen = getenv("EDGENET_REGEN_GOLDEN");
	char path[4200];
	char *want;

	snprintf(path, sizeof(path), "%s/tests/golden/%s", top ? top : ".",
		 name);
	if (regen && strcmp(regen, "1") == 0) {
		FILE *f = fopen(path, "w");

		assert_non_null(f);
		fputs(got, f);
		assert_int_equal(fclose(f), 0);
		printf("# regenerated %s\n", path);
		return;
	}
	want = read_file(path);
	if (!want || strcmp(want, got) != 0) {
		printf("--- expected (%s)\n%s--- got\n%s",
		       path, want ? want : "(missing)\n", got);
		free(want);
		fail_msg("%s differs", name);
	}
	free(want);
}

static void test_json_golden(void **state)
{
	static struct fixture x;
	char *got;

	(void)state;
	build(&x);
	got = render(&x.in, true);
	golden("status.json", got);
	free(got);
	unbuild(&x);
}

static void test_text_golden(void **state)
{
	static struct fixture x;
	char *got;

	(void)state;
	build(&x);
	got = render(&x.in, false);
	golden("status.txt", got);
	free(got);
	unbuild(&x);
}

static void test_no_dns_no_host(void **state)
{
	static struct fixture x;
	char *got;

	(void)state;
	build(&x);
	memset(&x.in.dns, 0, sizeof(x.in.dns));
	x.in.host = NULL;
	x.in.host_view = NULL;
	x.in.host_err = "cannot open a netlink socket: Permission denied";
	x.in.vm = NULL;
	got = render(&x.in, true);
	assert_non_null(strstr(got, "\"dns\":null,\n\"host_view\":null}"));
	assert_non_null(strstr(got, "\"vm\":null"));
	assert_non_null(strstr(got, "\"error\":\"cannot open a netlink "
			       "socket: Permission denied\",\"links\":[]"));
	free(got);
	got = render(&x.in, false);
	assert_non_null(strstr(got, "cannot read routes and addresses: "
			       "cannot open a netlink socket"));
	assert_non_null(strstr(got, "DNS\n  (not available in this build)"));
	free(got);
	unbuild(&x);
}

/* A remote libvirt host: this machine's netlink and DNS are not shown
 * as its; both are labelled, the VM's part stays. */
static void test_remote_host(void **state)
{
	static struct fixture x;
	char *got;

	(void)state;
	build(&x);
	x.in.host = NULL;
	x.in.host_view = NULL;
	x.in.host_label = STATUS_ONLY_ON_HOST;
	x.in.host_err = "only on the host itself: the libvirt host is "
			"reached over qemu+tcp://ipc-17/system";
	got = render(&x.in, true);
	assert_non_null(strstr(got, "\"host\":{\"source\":\"netlink\","
			       "\"error\":\"only on the host itself: the "
			       "libvirt host is reached over qemu+tcp://ipc-17"
			       "/system\",\"links\":[],\"addresses\":[]"));
	assert_non_null(strstr(got, "\"dns\":null,\n\"host_view\":\"only on "
			       "the host itself\"}"));
	assert_non_null(strstr(got, "\"vm\":{"));
	assert_null(strstr(got, "\"default_routes\":[{"));
	free(got);
	got = render(&x.in, false);
	assert_non_null(strstr(got, "Host: only on the host itself\n  only on "
			       "the host itself: the libvirt host is reached "
			       "over qemu+tcp://ipc-17/system\n"));
	assert_non_null(strstr(got, "DNS\n  the host's: only on the host "
			       "itself\n"));
	assert_null(strstr(got, "Host (this machine"));
	free(got);
	unbuild(&x);
}

/* A guest agent that reports more interfaces or addresses than are kept
 * is said so in words, not silently cut. */
static void test_more_than_shown(void **state)
{
	static struct fixture x;
	char *got;

	(void)state;
	build(&x);
	x.vm.src[VM_SRC_AGENT].more_ifs = 3000;
	x.vm.src[VM_SRC_AGENT].more_addrs = 7;
	got = render(&x.in, false);
	assert_non_null(strstr(got, "agent  ok, but 3000 more interfaces and "
			       "7 more addresses than shown (at most 16 "
			       "interfaces, 8 addresses each)"));
	assert_non_null(strstr(got, "lease  ok\n"));
	free(got);
	unbuild(&x);
}

static void test_route_line(void **state)
{
	static struct fixture x;
	struct route_info r;
	char buf[512];

	(void)state;
	build(&x);
	route_snapshot_get(&x.host, 0, &r);
	assert_string_equal(status_route_line(&x.host, &r, buf, sizeof(buf)),
			    "default via 192.168.122.1 dev eth0 proto dhcp "
			    "metric 200");
	route_snapshot_get(&x.host, 4, &r);
	assert_string_equal(status_route_line(&x.host, &r, buf, sizeof(buf)),
			    "unreachable 10.7.0.0/16 table 100");
	/* a short buffer is cut, never overrun */
	route_snapshot_get(&x.host, 3, &r);
	status_route_line(&x.host, &r, buf, 12);
	assert_int_equal(strlen(buf), 11);
	unbuild(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_golden),
		cmocka_unit_test(test_text_golden),
		cmocka_unit_test(test_no_dns_no_host),
		cmocka_unit_test(test_remote_host),
		cmocka_unit_test(test_more_than_shown),
		cmocka_unit_test(test_route_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
