/*
 * names.c - checks for names that end up in libvirt XML, in interface
 * names or in a DNS search list.
 *
 * Nothing edgenet writes into XML, a guest file or a command comes from
 * an unchecked string: these checks only let through names made of a
 * small, safe set of characters.  Each returns NULL when the name is
 * fine, or a static sentence naming the rule that was broken and how to
 * fix it.
 */
#include <stdbool.h>
#include <string.h>

#include "core/names.h"

#define IFNAME_MAX 15
#define OBJECT_MAX 63
#define DNS_LABEL_MAX 63
#define DNS_NAME_MAX 253

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* Letters, digits, '_', '-' and '.': the characters both interface and
 * libvirt object names may use. */
static bool is_name_char(char c)
{
	return is_alnum(c) || c == '_' || c == '-' || c == '.';
}

/* Length of S, but stops counting just past MAX so a huge string costs
 * nothing more than a long one. */
static size_t bounded_len(const char *s, size_t max)
{
	size_t n = 0;

	while (n <= max && s[n])
		n++;
	return n;
}

const char *name_check_ifname(const char *s)
{
	size_t len;

	if (!s || !*s)
		return "an interface name cannot be empty; use a name like eth0 or br0";
	len = bounded_len(s, IFNAME_MAX);
	if (len > IFNAME_MAX)
		return "an interface name has at most 15 characters; choose a shorter name, like br-ot";
	for (size_t i = 0; i < len; i++)
		if (!is_name_char(s[i]))
			return "an interface name may only contain letters, digits, '_', '-' and '.' (no spaces, '/' or ':'); use a name like br-ot";
	if (!strcmp(s, ".") || !strcmp(s, ".."))
		return "\".\" and \"..\" cannot be interface names; use a name like br0";
	if (s[0] == '-' || s[0] == '.')
		return "an interface name cannot start with '-' or '.'; start it with a letter or digit, like br0";
	return NULL;
}

const char *name_check_object(const char *s)
{
	size_t len;

	if (!s || !*s)
		return "a name cannot be empty; use letters, digits, '_', '-' and '.', like edge-vm1";
	len = bounded_len(s, OBJECT_MAX);
	if (len > OBJECT_MAX)
		return "a name has at most 63 characters; choose a shorter name";
	for (size_t i = 0; i < len; i++)
		if (!is_name_char(s[i]))
			return "a name may only contain letters, digits, '_', '-' and '.' (no spaces, quotes, '<', '>' or '&'); use a name like edge-vm1";
	if (!is_alnum(s[0]))
		return "a name must start with a letter or digit; remove the leading character, like edge-vm1";
	return NULL;
}

const char *name_check_dns_domain(const char *s)
{
	size_t len, label = 0;

	if (!s || !*s)
		return "a DNS domain cannot be empty; write it like plant.local";
	if (s[0] == '~')
		s++;		/* routing-only domain, as resolved allows */
	if (!*s)
		return "a '~' must be followed by a domain, like ~plant.local";
	len = bounded_len(s, DNS_NAME_MAX);
	if (len > DNS_NAME_MAX)
		return "a DNS domain has at most 253 characters; shorten it";
	for (size_t i = 0; i <= len; i++) {
		char c = s[i];

		if (c == '.' || c == '\0') {
			if (label == 0) {
				if (i == len && i > 0)
					return "a DNS domain cannot end with a dot; remove it, like plant.local";
				return "a DNS domain has a missing part between dots (or a leading dot); write it like plant.local";
			}
			if (s[i - 1] == '-')
				return "a part of a DNS domain cannot end with '-'; write it like a-b.example";
			label = 0;
			continue;
		}
		if (!is_alnum(c) && c != '-')
			return "a DNS domain may only contain letters, digits, '-' and dots (no '_', spaces or other characters); write it like plant.local";
		if (label == 0 && c == '-')
			return "a part of a DNS domain cannot start with '-'; write it like a-b.example";
		if (++label > DNS_LABEL_MAX)
			return "each part of a DNS domain between dots has at most 63 characters; shorten it";
	}
	return NULL;
}
