/*
 * guest_state.c - what a guest reports about its network, as a model:
 * its initialisation, the look-ups of a link (by MAC, by index), and the
 * reader of the one text GUEST_STATE_SCRIPT prints, which it cuts into
 * sections for the parsers.  See guest_state.h for what is read and how.
 *
 * The parsers are guest_state_ip.c (`ip -j` output) and guest_state_dns.c
 * (networkd's and resolved's per-link state files); the check of a state
 * against a plan is guest_state_check.c.
 *
 * Pure C: reads the text it is given, writes the state and the caller's
 * message buffers, nothing else.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/guest_state.h"
#include "core/mac.h"

void guest_state_init(struct guest_state *gs)
{
	memset(gs, 0, sizeof(*gs));
}

const struct guest_link *guest_state_find_mac(const struct guest_state *gs,
					      const struct mac *mac,
					      const char *name)
{
	const struct guest_link *first = NULL;

	for (size_t i = 0; i < gs->nlinks; i++) {
		const struct guest_link *l = &gs->links[i];

		if (!l->has_mac || !mac_equal(&l->mac, mac))
			continue;
		if (name && !strcmp(l->name, name))
			return l;
		if (!first)
			first = l;
	}
	return first;
}

struct guest_link *guest_state_link_by_index(struct guest_state *gs,
					     int ifindex)
{
	for (size_t i = 0; i < gs->nlinks; i++)
		if (gs->links[i].ifindex == ifindex)
			return &gs->links[i];
	return NULL;
}

/* ------------------------------------------------------------------ */
/* one text for everything (GUEST_STATE_SCRIPT)                        */

enum gs_part { GSP_LINK, GSP_ADDR, GSP_ROUTE, GSP_NETWORKD, GSP_RESOLVED };

struct gs_section {
	enum gs_part part;
	int ifindex;		/* networkd / resolved */
	char *text;		/* malloc'd, NUL-terminated */
};

#define GS_MAX_SECTIONS (3 + 2 * GUEST_STATE_MAX_LINKS)

/* The header line H (without "@@") as a part: 0, or -1. */
static int gs_header(const char *h, size_t n, struct gs_section *out)
{
	static const struct {
		const char *name;
		enum gs_part part;
		bool indexed;
	} names[] = {
		{ "ip-link", GSP_LINK, false },
		{ "ip-addr", GSP_ADDR, false },
		{ "ip-route", GSP_ROUTE, false },
		{ "networkd ", GSP_NETWORKD, true },
		{ "resolved ", GSP_RESOLVED, true },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		size_t k = strlen(names[i].name);
		long v = 0;

		if (n < k || memcmp(h, names[i].name, k))
			continue;
		if (!names[i].indexed) {
			if (n != k)
				return -1;
		} else {
			if (n == k || n - k > 9)
				return -1;
			for (size_t j = k; j < n; j++) {
				if (h[j] < '0' || h[j] > '9')
					return -1;
				v = v * 10 + (h[j] - '0');
			}
			if (v <= 0)
				return -1;
		}
		out->part = names[i].part;
		out->ifindex = (int)v;
		return 0;
	}
	return -1;
}

static const char *gs_text_of(const struct gs_section *sec, size_t n,
			      enum gs_part part, int ifindex)
{
	for (size_t i = 0; i < n; i++)
		if (sec[i].part == part && sec[i].ifindex == ifindex)
			return sec[i].text;
	return NULL;
}

int guest_state_parse_bundle(struct guest_state *gs, const char *text,
			     char *err, size_t errlen)
{
	struct gs_section *sec;
	size_t n = 0, len, i;
	const char *p, *line, *body = NULL;
	int rc = -1;

	if (!text || (len = strlen(text)) > GUEST_STATE_MAX_INPUT * 4) {
		errf(err, errlen, "the VM's network state is missing or larger "
		     "than %d bytes", GUEST_STATE_MAX_INPUT * 4);
		return -1;
	}
	sec = calloc(GS_MAX_SECTIONS, sizeof(*sec));
	if (!sec) {
		errf(err, errlen, "out of memory");
		return -1;
	}
	for (p = text; *p; p = line) {
		const char *eol = strchr(p, '\n');
		size_t ll = eol ? (size_t)(eol - p) : strlen(p);

		line = eol ? eol + 1 : p + ll;
		if (ll < 2 || p[0] != '@' || p[1] != '@') {
			if (!body && strspn(p, " \t\r") < ll) {
				errf(err, errlen, "the VM's network state does "
				     "not start with a section header");
				goto out;
			}
			continue;
		}
		/* a header: close the section before it */
		if (n && body && !(sec[n - 1].text = strndup(body,
						(size_t)(p - body))))
			goto oom;
		if (n == GS_MAX_SECTIONS ||
		    gs_header(p + 2, ll - 2, &sec[n]) < 0) {
			errf(err, errlen, "the VM's network state has an "
			     "unknown or one too many section \"%.*s\"",
			     (int)(ll > 40 ? 40 : ll), p);
			goto out;
		}
		for (i = 0; i < n; i++)
			if (sec[i].part == sec[n].part &&
			    sec[i].ifindex == sec[n].ifindex) {
				errf(err, errlen, "the VM's network state has "
				     "section \"%.*s\" twice",
				     (int)(ll > 40 ? 40 : ll), p);
				goto out;
			}
		n++;
		body = line;
	}
	if (n && body && !(sec[n - 1].text = strdup(body)))
		goto oom;
	if (!gs_text_of(sec, n, GSP_LINK, 0) || !gs_text_of(sec, n, GSP_ADDR, 0) ||
	    !gs_text_of(sec, n, GSP_ROUTE, 0)) {
		errf(err, errlen, "the VM's network state lacks its links, "
		     "addresses or routes");
		goto out;
	}
	if (guest_state_parse_links(gs, gs_text_of(sec, n, GSP_LINK, 0), err,
				    errlen) < 0 ||
	    guest_state_parse_addrs(gs, gs_text_of(sec, n, GSP_ADDR, 0), err,
				    errlen) < 0 ||
	    guest_state_parse_routes(gs, gs_text_of(sec, n, GSP_ROUTE, 0), err,
				     errlen) < 0)
		goto out;
	for (i = 0; i < n; i++)
		if ((sec[i].part == GSP_NETWORKD ||
		     sec[i].part == GSP_RESOLVED) &&
		    !guest_state_link_by_index(gs, sec[i].ifindex)) {
			errf(err, errlen, "the VM's network state has DNS state "
			     "for link %d, which it does not list",
			     sec[i].ifindex);
			goto out;
		}
	for (i = 0; i < gs->nlinks; i++) {
		int ix = gs->links[i].ifindex;

		if (guest_state_parse_dns_files(gs, ix,
				gs_text_of(sec, n, GSP_NETWORKD, ix),
				gs_text_of(sec, n, GSP_RESOLVED, ix), err,
				errlen) < 0)
			goto out;
	}
	rc = 0;
	goto out;
oom:
	errf(err, errlen, "out of memory");
out:
	for (i = 0; i < GS_MAX_SECTIONS; i++)
		free(sec[i].text);
	free(sec);
	return rc;
}
