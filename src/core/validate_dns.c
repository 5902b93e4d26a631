/*
 * validate_dns.c - the checks of a NIC's DNS: each server (empty, not an
 * address, an address that serves no DNS, listed twice) and each search
 * domain (its syntax, listed twice).
 *
 * Pure C: reads the plan and the policy, writes diagnostics, nothing else.
 */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "core/ipv4.h"
#include "core/names.h"
#include "core/validate_priv.h"

struct dns_addr {
	int family;		/* 0: not usable */
	unsigned char b[16];
};

/* Parses one DNS server; returns false after reporting when unusable. */
static bool check_dns_server(struct vctx *v, size_t i, size_t j,
			     const char *text, struct dns_addr *out)
{
	enum ipv4_class cls;
	enum ipv4_err e;
	uint32_t a;

	out->family = 0;
	if (!text[0]) {
		validate_at_item(v, DIAG_ERROR, i,
				 FIELD_NIC_DNS_SERVER, j,
				 "this DNS server entry is empty; write the server's address, such as 192.168.1.1, or remove the entry");
		return false;
	}
	e = ipv4_parse(text, &a);
	if (e == IPV4_OK) {
		cls = ipv4_classify(a);
		switch (cls) {
		case IPV4_CLASS_UNSPEC:
		case IPV4_CLASS_MULTICAST:
		case IPV4_CLASS_BROADCAST:
		case IPV4_CLASS_RESERVED:
			validate_at_item(v, DIAG_ERROR, i,
					 FIELD_NIC_DNS_SERVER, j,
					 "%s cannot be a DNS server: it is a %s; use the address of a server that answers DNS queries, often the gateway",
					 text, ipv4_class_name(cls));
			return false;
		case IPV4_CLASS_LOOPBACK:
			validate_at_item(v, DIAG_WARNING, i,
					 FIELD_NIC_DNS_SERVER, j,
					 "%s is a loopback address: inside the VM that is the VM itself, which serves no DNS for this link; use the address of a DNS server on the network",
					 text);
			break;
		default:
			break;
		}
		out->family = AF_INET;
		memcpy(out->b, &a, sizeof(a));
		return true;
	}
	if (inet_pton(AF_INET6, text, out->b) == 1) {
		static const unsigned char zero[16], loop[16] = { [15] = 1 };

		if (!memcmp(out->b, zero, 16) || out->b[0] == 0xff) {
			validate_at_item(v, DIAG_ERROR, i,
					 FIELD_NIC_DNS_SERVER, j,
					 "%s cannot be a DNS server: it is %s; use the address of a server that answers DNS queries",
					 text, out->b[0] == 0xff ?
					 "a multicast IPv6 address (ff00::/8)" :
					 "the unspecified IPv6 address, which means no address");
			return false;
		}
		if (!memcmp(out->b, loop, 16))
			validate_at_item(v, DIAG_WARNING, i,
					 FIELD_NIC_DNS_SERVER, j,
					 "::1 is the loopback address: inside the VM that is the VM itself, which serves no DNS for this link; use the address of a DNS server on the network");
		out->family = AF_INET6;
		return true;
	}
	validate_at_item(v, DIAG_ERROR, i,
			 FIELD_NIC_DNS_SERVER, j,
			 "the DNS server \"%s\" is not an IP address: %.*s",
			 text, why_len(ipv4_strerror(e)), ipv4_strerror(e));
	return false;
}

void validate_nic_dns_servers(struct vctx *v, size_t i)
{
	const struct plan_nic *n = &v->p->nics[i];
	struct dns_addr seen[PLAN_MAX_DNS];
	size_t nd = n->ndns < PLAN_MAX_DNS ? n->ndns : PLAN_MAX_DNS;

	for (size_t j = 0; j < nd; j++) {
		if (!check_dns_server(v, i, j, n->dns[j], &seen[j]))
			continue;
		for (size_t k = 0; k < j; k++) {
			if (seen[k].family == seen[j].family &&
			    !memcmp(seen[k].b, seen[j].b,
				    seen[j].family == AF_INET ? 4 : 16)) {
				validate_at_item(v, DIAG_WARNING, i,
						 FIELD_NIC_DNS_SERVER, j,
						 "the DNS server %s is listed twice (also as server %zu); remove the repeat",
						 n->dns[j], k + 1);
				break;
			}
		}
	}
	if (n->mode == IP_STATIC && v->nic[i].mode_ok && !n->offline &&
	    nd == 0)
		at_nic(v, DIAG_WARNING, i, FIELD_NIC_DNS_SERVERS,
		       "a static NIC gets no DNS servers from DHCP, so the VM will not resolve names through this NIC; add a DNS server (often the gateway%s%s)",
		       n->gateway[0] ? ", " : "", n->gateway);
}

void validate_nic_dns_search(struct vctx *v, size_t i)
{
	const struct plan_nic *n = &v->p->nics[i];
	size_t ns = n->nsearch < PLAN_MAX_SEARCH ? n->nsearch : PLAN_MAX_SEARCH;
	const char *why;

	for (size_t j = 0; j < ns; j++) {
		const char *d = n->search[j];

		if ((why = name_check_dns_domain(d))) {
			validate_at_item(v, DIAG_ERROR, i, FIELD_NIC_DNS_DOMAIN, j,
					 "the search domain \"%s\" cannot be used: %.*s",
					 d, why_len(why), why);
			continue;
		}
		for (size_t k = 0; k < j; k++) {
			if (!strcasecmp(n->search[k], d)) {
				validate_at_item(v, DIAG_WARNING, i,
						 FIELD_NIC_DNS_DOMAIN, j,
						 "the search domain %s is listed twice (also as domain %zu); remove the repeat",
						 d, k + 1);
				break;
			}
		}
	}
}
