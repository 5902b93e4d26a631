/*
 * dns_verdict.h - does a DNS server resolve?  Reads a DNS answer (its
 * header and how many records of the kind asked it holds) and judges a
 * probe's outcome, in plain words a technician can act on.  Pure C:
 * memory only (the answer bytes come from the network: every read is
 * bounded).
 *
 * The probes ask for something that must exist: the root's name servers
 * (". NS", the default) or a name known to have records of the type
 * asked.  So only NOERROR with such records shows that the server
 * resolves; everything else is a problem:
 *   NXDOMAIN or NOERROR without data  the server is broken or lying (a
 *                                     filter, a captive portal);
 *   SERVFAIL                          it cannot resolve: it cannot reach
 *                                     the internet or the zone's servers;
 *   REFUSED                           it does not serve this client;
 *   another rcode, not DNS, cut short, port unreachable, no answer, not
 *   sent                              each said as what it is.
 */
#ifndef EDGENET_DNS_VERDICT_H
#define EDGENET_DNS_VERDICT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/dnsview.h"

/* What the answer to one query says. */
struct dns_answer {
	int rcode;		/* 0..15: NOERROR, SERVFAIL, NXDOMAIN... */
	bool truncated;		/* TC: cut short (too long for UDP) */
	int answers;		/* records of the type asked (any type for
				 * ANY) in the answer section */
};

/* Reads MSG (LEN bytes), the answer to a query of type QTYPE.  0, or -1
 * when MSG is not a DNS answer (too short, not a response, a name or a
 * record that runs past the end): OUT is then left as it was. */
int dns_answer_read(const unsigned char *msg, size_t len, int qtype,
		    struct dns_answer *out);

/* "A", "NS", "AAAA"...; "TYPE99" for the others.  Returns BUF (>= 12). */
const char *dns_qtype_name(int qtype, char *buf, size_t len);

enum dns_verdict {
	DNS_VERDICT_NONE = 0,		/* not probed, or no outcome yet */
	DNS_VERDICT_RESOLVES,		/* NOERROR with data: the only good */
	DNS_VERDICT_NO_DATA,		/* NOERROR, no record of the kind */
	DNS_VERDICT_NXDOMAIN,		/* "no such name" */
	DNS_VERDICT_SERVFAIL,		/* server failure */
	DNS_VERDICT_REFUSED,		/* the REFUSED rcode */
	DNS_VERDICT_OTHER_RCODE,	/* FORMERR, NOTIMP... */
	DNS_VERDICT_TRUNCATED,		/* cut short before any record */
	DNS_VERDICT_NOT_DNS,		/* an answer that is not DNS */
	DNS_VERDICT_NO_SERVICE,		/* port unreachable: nothing listens */
	DNS_VERDICT_TIMEOUT,		/* no answer in time */
	DNS_VERDICT_ERROR,		/* could not be sent (no route...) */
};

/* The verdict on probe P's outcome. */
enum dns_verdict dns_verdict_of(const struct dnsview_probe *p);
/* Only DNS_VERDICT_RESOLVES is good; NONE is neither. */
bool dns_verdict_is_problem(enum dns_verdict v);
/* The JSON name: "resolves", "no-data", "nxdomain", "servfail",
 * "refused", "other-rcode", "truncated", "not-dns", "no-service",
 * "timeout", "error"; NULL for NONE. */
const char *dns_verdict_name(enum dns_verdict v);

/* A few words beside the server: "resolves (1.2 ms)", "cannot resolve
 * (SERVFAIL, 25 ms)", "broken or lying: no data (NOERROR, 1 ms)".
 * Returns BUF. */
const char *dns_verdict_short(const struct dnsview_probe *p, char *buf,
			      size_t len);
/* What it means and what to do, a sentence starting lower-case without
 * the final stop ("answered SERVFAIL (server failure) to \". NS\": ...;
 * check ... or use another DNS server"); "" when the server resolves or
 * was not probed.  REMOTE: the server is another machine's (the VM's),
 * probed from this one.  Returns BUF. */
const char *dns_verdict_explain(const struct dnsview_probe *p, bool remote,
				char *buf, size_t len);

#endif
