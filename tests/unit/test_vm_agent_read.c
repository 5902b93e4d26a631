/*
 * test_vm_agent_read.c - unit tests of what src/backend/vm_agent_read.c
 * decides without a guest: which paths its DNS reader may ask the guest
 * agent for (vm_agent_path_ok), a path holding an interface name the
 * guest chose.  The reads themselves need a running guest with an agent:
 * tests/e2e/e2e_dns_vm.sh and tests/e2e/e2e_guest_hostile.sh cover them.  Pure:
 * no libvirt connection, no file.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "backend/vm_agent_read.h"

static void test_path_ok(void **state)
{
	static const char *const good[] = {
		"/etc/resolv.conf",
		"/proc/net/dev",
		"/run/systemd/resolve/netif/3",
		"/run/systemd/netif/links/12",
		"/sys/class/net/enp0s3/ifindex",
		"/sys/class/net/eth0.100/ifindex",
		"/sys/class/net/veth-a_1@if2:x+y/ifindex",
	};
	static const char *const bad[] = {
		"",				/* not absolute */
		"etc/resolv.conf",
		"/sys/class/net/../../etc/shadow",	/* climbs */
		"/sys/class/net/a..b/ifindex",
		"/sys/class/net/en p1/ifindex",	/* a space */
		"/sys/class/net/\x1b[2J/ifindex",	/* an escape sequence */
		"/sys/class/net/eth\n0/ifindex",
		"/sys/class/net/\xc3\xa9th0/ifindex",	/* not ASCII */
		"/sys/class/net/$(reboot)/ifindex",
		"/sys/class/net/a;b/ifindex",
		"/sys/class/net/a*/ifindex",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (!vm_agent_path_ok(good[i]))
			fail_msg("refused: %s", good[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (vm_agent_path_ok(bad[i]))
			fail_msg("accepted bad path %zu", i);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path_ok),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
