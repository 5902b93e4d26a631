/*
 * test_policy.c - the policy tables: the shipped data/policy.cfg gives
 * exactly SPEC.md's tables, a site policy changes the verdicts, and every
 * broken policy is refused with the line of the problem.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/policy.h"

#define N_ELEM(x) (sizeof(x) / sizeof((x)[0]))

/* libconfig 1.5 leaks a string buffer on some syntax errors. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libconfig.so\n";
}

static void shipped_path(char *buf, size_t len)
{
	const char *dir = getenv("EDGENET_DATADIR");

	snprintf(buf, len, "%s/%s", dir && *dir ? dir : "data", POLICY_FILE);
}

static void test_data_path(char *buf, size_t len, const char *name)
{
	const char *top = getenv("top_srcdir");

	snprintf(buf, len, "%s%stests/data/policy/%s", top ? top : "",
		 top ? "/" : "", name);
}

static void dump(const struct diag_list *d)
{
	for (size_t i = 0; i < d->count; i++)
		print_message("  %d: %s\n", d->items[i].line, d->items[i].message);
}

static void load_ok(struct policy *pol, const char *path)
{
	struct diag_list d;

	diag_list_init(&d);
	if (policy_load(pol, path, &d) != 0) {
		dump(&d);
		fail_msg("%s does not load", path);
	}
	assert_int_equal(d.count, 0);
	assert_string_equal(pol->source, path);
	diag_list_free(&d);
}

static void test_shipped_tables(void **state)
{
	/* SPEC.md: switch types per profile, IP modes per switch type. */
	static const struct {
		enum host_profile prof;
		enum switch_type type;
		bool allowed;
	} sw[] = {
		{ PROFILE_CLIENT, SWITCH_DEFAULT, true },
		{ PROFILE_CLIENT, SWITCH_INTERNAL, false },
		{ PROFILE_CLIENT, SWITCH_EXTERNAL, true },
		{ PROFILE_SERVER, SWITCH_DEFAULT, false },
		{ PROFILE_SERVER, SWITCH_INTERNAL, true },
		{ PROFILE_SERVER, SWITCH_EXTERNAL, true },
		{ PROFILE_UNSET, SWITCH_DEFAULT, false },
		{ PROFILE_CLIENT, SWITCH_UNSET, false },
		{ PROFILE_COUNT, SWITCH_EXTERNAL, false },
		{ PROFILE_SERVER, SWITCH_COUNT, false },
	};
	static const struct {
		enum switch_type type;
		enum ip_mode mode;
		bool allowed;
	} modes[] = {
		{ SWITCH_EXTERNAL, IP_STATIC, true },
		{ SWITCH_EXTERNAL, IP_DHCP, true },
		{ SWITCH_INTERNAL, IP_STATIC, true },
		{ SWITCH_INTERNAL, IP_DHCP, true },
		{ SWITCH_DEFAULT, IP_STATIC, false },
		{ SWITCH_DEFAULT, IP_DHCP, true },
		{ SWITCH_UNSET, IP_DHCP, false },
		{ SWITCH_DEFAULT, IP_UNSET, false },
		{ SWITCH_DEFAULT, IP_MODE_COUNT, false },
	};
	struct policy pol;
	char path[4096], buf[128];

	(void)state;
	shipped_path(path, sizeof(path));
	load_ok(&pol, path);
	for (size_t i = 0; i < N_ELEM(sw); i++)
		if (policy_switch_allowed(&pol, sw[i].prof, sw[i].type) !=
		    sw[i].allowed)
			fail_msg("profile %d, switch %d: wrong verdict",
				 sw[i].prof, sw[i].type);
	for (size_t i = 0; i < N_ELEM(modes); i++)
		if (policy_mode_allowed(&pol, modes[i].type, modes[i].mode) !=
		    modes[i].allowed)
			fail_msg("switch %d, mode %d: wrong verdict",
				 modes[i].type, modes[i].mode);

	assert_string_equal(policy_allowed_switches_text(&pol, PROFILE_CLIENT,
							 buf, sizeof(buf)),
			    "default or external");
	assert_string_equal(policy_allowed_switches_text(&pol, PROFILE_SERVER,
							 buf, sizeof(buf)),
			    "internal or external");
	assert_string_equal(policy_allowed_modes_text(&pol, SWITCH_DEFAULT,
						      buf, sizeof(buf)),
			    "dhcp");
	assert_string_equal(policy_allowed_modes_text(&pol, SWITCH_INTERNAL,
						      buf, sizeof(buf)),
			    "dhcp or static");
	assert_string_equal(policy_allowed_switches_text(&pol, PROFILE_UNSET,
							 buf, sizeof(buf)),
			    "none");
	/* A short buffer is cut, never overrun. */
	assert_true(strlen(policy_allowed_switches_text(&pol, PROFILE_CLIENT,
							buf, 8)) < 8);
}

static void test_site_policy(void **state)
{
	struct policy pol;
	char path[4096], buf[128];

	(void)state;
	test_data_path(path, sizeof(path), "server-allows-default.cfg");
	load_ok(&pol, path);
	assert_true(policy_switch_allowed(&pol, PROFILE_SERVER, SWITCH_DEFAULT));
	assert_true(policy_mode_allowed(&pol, SWITCH_DEFAULT, IP_STATIC));
	assert_false(policy_mode_allowed(&pol, SWITCH_EXTERNAL, IP_DHCP));
	assert_string_equal(policy_allowed_switches_text(&pol, PROFILE_SERVER,
							 buf, sizeof(buf)),
			    "default, internal or external");
	assert_string_equal(policy_allowed_modes_text(&pol, SWITCH_EXTERNAL,
						      buf, sizeof(buf)),
			    "static");
}

struct bad_case {
	const char *file;
	int line;		/* of the first diagnostic */
	const char *text;	/* in one of the diagnostics */
	size_t count;
};

static void test_broken_policies(void **state)
{
	static const struct bad_case cases[] = {
		{ "bad-syntax.cfg", 3, "syntax error", 1 },
		{ "bad-missing-profile.cfg", 1, "no entry for profile 'server'", 1 },
		{ "bad-missing-switch.cfg", 5, "no entry for switch type 'internal'", 1 },
		{ "bad-unknown-names.cfg", 2,
		  "unknown switch type 'externel' in profiles.client.switches; use default, internal or external", 3 },
		{ "bad-unknown-names.cfg", 2, "unknown profile 'laptop'", 3 },
		{ "bad-unknown-names.cfg", 2, "unknown IP mode 'dhcpv6'", 3 },
		{ "bad-types.cfg", 10, "unknown key 'colour'", 5 },
		{ "bad-types.cfg", 10, "profiles.client.switches must be a list", 5 },
		{ "bad-types.cfg", 10, "profiles.server must be a group", 5 },
		{ "bad-types.cfg", 10, "must hold names in double quotes", 5 },
		{ "bad-types.cfg", 10, "unknown key 'modes'", 5 },
		{ "bad-tables.cfg", 1, "'profiles' must be a group", 2 },
		{ "bad-tables.cfg", 1, "no 'switches' table", 2 },
	};

	(void)state;
	for (size_t i = 0; i < N_ELEM(cases); i++) {
		struct policy pol;
		struct diag_list d;
		char path[4096];
		bool found = false;

		test_data_path(path, sizeof(path), cases[i].file);
		diag_list_init(&d);
		assert_int_equal(policy_load(&pol, path, &d), -1);
		if (d.count != cases[i].count || d.items[0].line != cases[i].line) {
			dump(&d);
			fail_msg("%s: %zu diagnostics, first at line %d",
				 cases[i].file, d.count, d.count ? d.items[0].line : -1);
		}
		for (size_t k = 0; k < d.count; k++) {
			assert_string_equal(d.items[k].path, "policy");
			assert_int_equal(d.items[k].severity, DIAG_ERROR);
			if (strstr(d.items[k].message, cases[i].text))
				found = true;
		}
		if (!found) {
			dump(&d);
			fail_msg("%s: nothing says '%s'", cases[i].file,
				 cases[i].text);
		}
		/* A refused policy allows nothing. */
		assert_false(policy_switch_allowed(&pol, PROFILE_CLIENT,
						   SWITCH_DEFAULT));
		assert_false(policy_mode_allowed(&pol, SWITCH_EXTERNAL, IP_DHCP));
		diag_list_free(&d);
	}
}

static void test_line_numbers_exact(void **state)
{
	struct policy pol;
	struct diag_list d;
	char path[4096];

	(void)state;
	test_data_path(path, sizeof(path), "bad-types.cfg");
	diag_list_init(&d);
	assert_int_equal(policy_load(&pol, path, &d), -1);
	assert_int_equal(d.items[1].line, 2);	/* client switches */
	assert_int_equal(d.items[2].line, 3);	/* server */
	assert_int_equal(d.items[3].line, 6);	/* ip_modes [ 1 ] */
	assert_int_equal(d.items[4].line, 7);	/* modes */
	diag_list_free(&d);
}

static void test_unreadable(void **state)
{
	struct policy pol;
	struct diag_list d;
	char path[4096], want[4200];

	(void)state;
	diag_list_init(&d);
	test_data_path(path, sizeof(path), "no-such-policy.cfg");
	assert_int_equal(policy_load(&pol, path, &d), -1);
	assert_int_equal(d.count, 1);
	snprintf(want, sizeof(want), "cannot read %s: %s", path, strerror(ENOENT));
	assert_string_equal(d.items[0].message, want);
	diag_list_clear(&d);
	test_data_path(path, sizeof(path), "");
	assert_int_equal(policy_load(&pol, path, &d), -1);
	assert_non_null(strstr(d.items[0].message, strerror(EISDIR)));
	diag_list_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_tables),
		cmocka_unit_test(test_site_policy),
		cmocka_unit_test(test_broken_policies),
		cmocka_unit_test(test_line_numbers_exact),
		cmocka_unit_test(test_unreadable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
