/*
 * dns_verdict.c - reads a DNS answer and judges a probe's outcome (see
 * dns_verdict.h): only NOERROR with records of the kind asked is good;
 * each other outcome is named and explained in plain words with what to
 * do.
 *
 * Pure C: touches memory only.  The answer bytes come from the network:
 * every read is checked against the length.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/dns_verdict.h"
#include "core/str.h"

/* --- the answer --- */

static unsigned dva_u16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/* Skips the (possibly compressed) name at *POS.  0, or -1 when it runs
 * past LEN or uses a reserved label type. */
static int dva_skip_name(const unsigned char *msg, size_t len, size_t *pos)
{
	size_t p = *pos;
	unsigned labels = 0;

	for (;;) {
		unsigned char b;

		if (p >= len || ++labels > 128)
			return -1;
		b = msg[p];
		if ((b & 0xc0) == 0xc0) {
			if (p + 2 > len)
				return -1;
			*pos = p + 2;
			return 0;
		}
		if (b & 0xc0)
			return -1;
		if (!b) {
			*pos = p + 1;
			return 0;
		}
		p += 1 + (size_t)b;
	}
}

int dns_answer_read(const unsigned char *msg, size_t len, int qtype,
		    struct dns_answer *out)
{
	struct dns_answer a = { 0 };
	unsigned qd, an, i;
	size_t pos = 12;

	if (!msg || len < 12 || !(msg[2] & 0x80))
		return -1;
	a.rcode = msg[3] & 0x0f;
	a.truncated = (msg[2] & 0x02) != 0;
	qd = dva_u16(msg + 4);
	an = dva_u16(msg + 6);
	for (i = 0; i < qd; i++) {
		if (dva_skip_name(msg, len, &pos) || pos + 4 > len)
			goto short_msg;
		pos += 4;
	}
	for (i = 0; i < an; i++) {
		unsigned type, rdlen;

		if (dva_skip_name(msg, len, &pos) || pos + 10 > len)
			goto short_msg;
		type = dva_u16(msg + pos);
		rdlen = dva_u16(msg + pos + 8);
		if (pos + 10 + rdlen > len)
			goto short_msg;
		pos += 10 + rdlen;
		if ((int)type == qtype || qtype == 255)
			a.answers++;
	}
	*out = a;
	return 0;
short_msg:
	/* a truncated answer may stop anywhere: what came whole counts */
	if (!a.truncated)
		return -1;
	*out = a;
	return 0;
}

const char *dns_qtype_name(int qtype, char *buf, size_t len)
{
	static const struct {
		int type;
		const char *name;
	} names[] = {
		{ 1, "A" }, { 2, "NS" }, { 5, "CNAME" }, { 6, "SOA" },
		{ 12, "PTR" }, { 15, "MX" }, { 16, "TXT" }, { 28, "AAAA" },
		{ 33, "SRV" }, { 255, "ANY" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].type == qtype) {
			str_copy(buf, len, names[i].name);
			return buf;
		}
	snprintf(buf, len, "TYPE%d", qtype);
	return buf;
}

/* --- the verdict --- */

enum dns_verdict dns_verdict_of(const struct dnsview_probe *p)
{
	switch (p->state) {
	case DNSVIEW_PROBE_NONE:
	case DNSVIEW_PROBE_PENDING:
		return DNS_VERDICT_NONE;
	case DNSVIEW_PROBE_TIMEOUT:
		return DNS_VERDICT_TIMEOUT;
	case DNSVIEW_PROBE_ERROR:
		return DNS_VERDICT_ERROR;
	case DNSVIEW_PROBE_REFUSED:
		return p->rcode >= 0 ? DNS_VERDICT_REFUSED
				     : DNS_VERDICT_NO_SERVICE;
	case DNSVIEW_PROBE_ANSWERED:
		break;
	}
	switch (p->rcode) {
	case 0:
		if (p->answers > 0)
			return DNS_VERDICT_RESOLVES;
		return p->truncated ? DNS_VERDICT_TRUNCATED
				    : DNS_VERDICT_NO_DATA;
	case 2:
		return DNS_VERDICT_SERVFAIL;
	case 3:
		return DNS_VERDICT_NXDOMAIN;
	case 5:
		return DNS_VERDICT_REFUSED;
	default:
		return p->rcode < 0 ? DNS_VERDICT_NOT_DNS
				    : DNS_VERDICT_OTHER_RCODE;
	}
}

bool dns_verdict_is_problem(enum dns_verdict v)
{
	return v != DNS_VERDICT_NONE && v != DNS_VERDICT_RESOLVES;
}

const char *dns_verdict_name(enum dns_verdict v)
{
	switch (v) {
	case DNS_VERDICT_RESOLVES:
		return "resolves";
	case DNS_VERDICT_NO_DATA:
		return "no-data";
	case DNS_VERDICT_NXDOMAIN:
		return "nxdomain";
	case DNS_VERDICT_SERVFAIL:
		return "servfail";
	case DNS_VERDICT_REFUSED:
		return "refused";
	case DNS_VERDICT_OTHER_RCODE:
		return "other-rcode";
	case DNS_VERDICT_TRUNCATED:
		return "truncated";
	case DNS_VERDICT_NOT_DNS:
		return "not-dns";
	case DNS_VERDICT_NO_SERVICE:
		return "no-service";
	case DNS_VERDICT_TIMEOUT:
		return "timeout";
	case DNS_VERDICT_ERROR:
		return "error";
	case DNS_VERDICT_NONE:
		break;
	}
	return NULL;
}

/* --- words --- */

static const char *dvw_ms(int64_t us, char *buf, size_t len)
{
	if (us < 0)
		snprintf(buf, len, "?");
	else if (us < 10000)
		snprintf(buf, len, "%.1f ms", (double)us / 1000.0);
	else
		snprintf(buf, len, "%lld ms", (long long)((us + 500) / 1000));
	return buf;
}

const char *dns_verdict_short(const struct dnsview_probe *p, char *buf,
			      size_t len)
{
	char ms[32], rc[16];

	dvw_ms(p->rtt_us, ms, sizeof(ms));
	switch (dns_verdict_of(p)) {
	case DNS_VERDICT_NONE:
		if (p->state == DNSVIEW_PROBE_PENDING)
			snprintf(buf, len, "probing...");
		else if (p->detail[0])
			snprintf(buf, len, "not probed: %s", p->detail);
		else
			snprintf(buf, len, "not probed");
		break;
	case DNS_VERDICT_RESOLVES:
		snprintf(buf, len, "resolves (%s)", ms);
		break;
	case DNS_VERDICT_NO_DATA:
		snprintf(buf, len, "broken or lying: no data (NOERROR, "
			 "%s)", ms);
		break;
	case DNS_VERDICT_NXDOMAIN:
		snprintf(buf, len, "broken or lying (NXDOMAIN, %s)", ms);
		break;
	case DNS_VERDICT_SERVFAIL:
		snprintf(buf, len, "cannot resolve (SERVFAIL, %s)", ms);
		break;
	case DNS_VERDICT_REFUSED:
		snprintf(buf, len, "refuses this client (REFUSED, %s)",
			 ms);
		break;
	case DNS_VERDICT_OTHER_RCODE:
		snprintf(buf, len, "cannot handle the query (%s, %s)",
			 dnsview_rcode_name(p->rcode, rc, sizeof(rc)), ms);
		break;
	case DNS_VERDICT_TRUNCATED:
		snprintf(buf, len, "not proven: answer cut short (%s)", ms);
		break;
	case DNS_VERDICT_NOT_DNS:
		snprintf(buf, len, "not a DNS answer (%s)", ms);
		break;
	case DNS_VERDICT_NO_SERVICE:
		snprintf(buf, len, "nothing listens there (%s)",
			 p->detail[0] ? p->detail : "port unreachable");
		break;
	case DNS_VERDICT_TIMEOUT:
		snprintf(buf, len, "timed out after %s", ms);
		break;
	case DNS_VERDICT_ERROR:
		snprintf(buf, len, "error: %s",
			 p->detail[0] ? p->detail : "not sent");
		break;
	}
	return buf;
}

/* The root's name servers: the default probe, which always has data. */
static bool dvw_is_root(const char *query)
{
	return !query[0] || !strcmp(query, ". NS");
}

const char *dns_verdict_explain(const struct dnsview_probe *p, bool remote,
				char *buf, size_t len)
{
	const char *q = p->query[0] ? p->query : ". NS";
	bool root = dvw_is_root(p->query);
	char ms[32], rc[16];

	dvw_ms(p->rtt_us, ms, sizeof(ms));
	switch (dns_verdict_of(p)) {
	case DNS_VERDICT_NONE:
	case DNS_VERDICT_RESOLVES:
		str_copy(buf, len, "");
		break;
	case DNS_VERDICT_NO_DATA:
		snprintf(buf, len, "answered \"%s\" with no records (NOERROR, "
			 "empty), although %s: the server is broken or lying "
			 "(a filter or a captive portal may do this); %s", q,
			 root ? "the root of the DNS always has name servers" :
			 "that name must have such records",
			 root ? "use another DNS server" :
			 "check the name the probes ask for, or use another "
			 "DNS server");
		break;
	case DNS_VERDICT_NXDOMAIN:
		snprintf(buf, len, "answered NXDOMAIN (\"no such name\") for "
			 "\"%s\", %s: the server is broken or lying (a filter "
			 "or a captive portal may do this)%s; %s", q,
			 root ? "the root of the DNS, which always exists" :
			 "a name that must exist",
			 root ? "" : ", or the name is wrong",
			 root ? "use another DNS server" :
			 "check the name the probes ask for, or use another "
			 "DNS server");
		break;
	case DNS_VERDICT_SERVFAIL:
		snprintf(buf, len, "answered SERVFAIL (server failure) to "
			 "\"%s\": it is there but cannot resolve names, "
			 "usually because it cannot reach the internet or the "
			 "zone's servers; check that server's own internet "
			 "connection and its forwarders, or use another DNS "
			 "server", q);
		break;
	case DNS_VERDICT_REFUSED:
		snprintf(buf, len, "answered REFUSED to \"%s\": it is there but "
			 "does not serve this client (it answers only some "
			 "networks, or does not look up names for them); "
			 "allow %s on that server, or use another DNS server",
			 q, remote ? "the VM's network" :
			 "this machine's address");
		break;
	case DNS_VERDICT_OTHER_RCODE:
		snprintf(buf, len, "answered %s to \"%s\": it cannot handle an "
			 "ordinary query, so it is broken or not a DNS server; "
			 "use another DNS server",
			 dnsview_rcode_name(p->rcode, rc, sizeof(rc)), q);
		break;
	case DNS_VERDICT_TRUNCATED:
		snprintf(buf, len, "sent an answer to \"%s\" cut short before "
			 "any record (too long for UDP; the probe does not "
			 "retry over TCP): that it resolves is not proven; try "
			 "a query by hand (resolvectl query)", q);
		break;
	case DNS_VERDICT_NOT_DNS:
		snprintf(buf, len, "sent something that is not a DNS answer: "
			 "another service listens at that address and port; "
			 "check the address and port");
		break;
	case DNS_VERDICT_NO_SERVICE:
		snprintf(buf, len, "refused the query: nothing listens for DNS "
			 "at that address (%s); check the address, or start "
			 "the DNS service there",
			 p->detail[0] ? p->detail : "port unreachable");
		break;
	case DNS_VERDICT_TIMEOUT:
		snprintf(buf, len, "did not answer within %s: nothing answers "
			 "at that address; check the address, and that the "
			 "server can be reached from %s", ms,
			 remote ? "the VM" : "this machine");
		break;
	case DNS_VERDICT_ERROR:
		snprintf(buf, len, "could not be queried (%s); check the routes "
			 "to it", p->detail[0] ? p->detail : "error");
		break;
	}
	return buf;
}
