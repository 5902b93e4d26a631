/*
 * dns_resolved_bus.c - the sd-bus client of backend/dns_resolved.h:
 * connects to the system bus (auto-start off), watches resolved appear
 * and vanish (NameOwnerChanged) and its PropertiesChanged, and reads the
 * view with a GetAll of the Manager then of each link of this network
 * namespace, the replies gathered into a new view (the properties mapped
 * by dns_resolved_props.c) and published when the last one came.  What
 * cannot be asked is said in the status, and the files are shown.
 *
 * May touch: the system bus (read-only calls), the list of this
 * namespace's links.
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/dns_resolved.h"
#include "backend/dns_resolved_priv.h"
#include "backend/dns_resolved_props.h"
#include "core/str.h"

/* --- links (for the D-Bus read: one GetAll each) --- */

static int dr_index_cmp(const void *a, const void *b)
{
	const struct if_nameindex *x = a, *y = b;

	return (x->if_index > y->if_index) - (x->if_index < y->if_index);
}

/* The links of this network namespace, sorted, loopback (1) left out
 * as resolvectl does.  *N set; NULL with *N 0 on failure. */
static struct if_nameindex *dr_links(size_t *n)
{
	struct if_nameindex *all, *out;
	size_t cnt = 0, i, k = 0;

	*n = 0;
	all = if_nameindex();
	if (!all)
		return NULL;
	while (all[cnt].if_index)
		cnt++;
	out = calloc(cnt + 1, sizeof(*out));
	if (out) {
		for (i = 0; i < cnt; i++) {
			if (all[i].if_index == 1)
				continue;
			out[k].if_index = all[i].if_index;
			out[k].if_name = strdup(all[i].if_name);
			if (!out[k].if_name)
				break;
			k++;
		}
		qsort(out, k, sizeof(*out), dr_index_cmp);
		*n = k;
	}
	if_freenameindex(all);
	return out;
}

static void dr_links_free(struct if_nameindex *l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(l[i].if_name);
	free(l);
}

/* --- the bus --- */

static void dr_backoff(struct dns_resolved *r)
{
	if (!r->backoff_ms)
		r->backoff_ms = DR_BACKOFF_MIN_MS;
	else if (r->backoff_ms < r->backoff_max_ms)
		r->backoff_ms *= 2;
	if (r->backoff_ms > r->backoff_max_ms)
		r->backoff_ms = r->backoff_max_ms;
}

void dr_bus_close(struct dns_resolved *r)
{
	if (!r->bus)
		return;
	if (r->busfd >= 0)
		(void)epoll_ctl(r->epfd, EPOLL_CTL_DEL, r->busfd, NULL);
	r->match_owner = sd_bus_slot_unref(r->match_owner);
	r->match_props = sd_bus_slot_unref(r->match_props);
	r->bus = sd_bus_close_unref(r->bus);
	r->busfd = -1;
	r->match_failed = false;
	r->inflight = false;
	r->gen++;
	dnsview_free(&r->building);
}

void dr_bus_lost(struct dns_resolved *r, const char *why)
{
	char reason[300];

	dr_bus_close(r);
	dr_backoff(r);
	r->reconnect_at = (uint64_t)clock_now_us() +
			  (uint64_t)r->backoff_ms * 1000u;
	r->periodic_at = 0;
	snprintf(reason, sizeof(reason), "The system D-Bus cannot be reached "
		 "(%s), so systemd-resolved cannot be asked", why);
	dr_status(r, "D-Bus is not reachable: trying again in %d s",
		  (r->backoff_ms + 999) / 1000);
	dr_read_files(r, reason, DR_FIX_BUS);
}

static int dr_on_owner(sd_bus_message *m, void *ud, sd_bus_error *e)
{
	struct dns_resolved *r = ud;

	(void)m;
	(void)e;
	/* resolved appeared or vanished: read again at once */
	dr_schedule_refresh(r, 0);
	return 0;
}

static int dr_on_props(sd_bus_message *m, void *ud, sd_bus_error *e)
{
	struct dns_resolved *r = ud;

	(void)m;
	(void)e;
	dr_schedule_refresh(r, DR_SIGNAL_US);
	return 0;
}

static int dr_on_match_installed(sd_bus_message *m, void *ud, sd_bus_error *e)
{
	struct dns_resolved *r = ud;

	(void)e;
	/* AddMatch goes out before the first GetAll, so no change can slip
	 * between them.  Without the match, resolved coming back would go
	 * unnoticed: read on the slow timer then, whatever the source. */
	if (sd_bus_message_is_method_error(m, NULL)) {
		r->match_failed = true;
		if (!r->periodic_at && r->refresh_ms > 0)
			r->periodic_at = (uint64_t)clock_now_us() +
					 (uint64_t)r->refresh_ms * 1000u;
	}
	return 0;
}

int dr_connect(struct dns_resolved *r)
{
	sd_bus *bus = NULL;
	struct epoll_event ev = { 0 };
	int e;

	e = sd_bus_new(&bus);
	if (e >= 0)
		e = sd_bus_set_address(bus, r->bus_address);
	if (e >= 0)
		e = sd_bus_set_bus_client(bus, 1);
	if (e >= 0)
		e = sd_bus_set_description(bus, "edgenet-dns");
	if (e >= 0)
		e = sd_bus_start(bus);
	if (e < 0) {
		sd_bus_unref(bus);
		dr_bus_lost(r, strerror(-e));
		return -1;
	}
	r->bus = bus;
	r->busfd = sd_bus_get_fd(bus);
	ev.events = EPOLLIN;
	ev.data.fd = r->busfd;
	if (r->busfd < 0 || epoll_ctl(r->epfd, EPOLL_CTL_ADD, r->busfd, &ev)) {
		dr_bus_lost(r, "no descriptor");
		return -1;
	}
	r->reconnect_at = 0;
	if (r->no_watch) {
		dr_status(r, "connecting to systemd-resolved");
		return 0;
	}
	e = sd_bus_add_match_async(bus, &r->match_owner,
				   "type='signal',sender='org.freedesktop.DBus',"
				   "path='/org/freedesktop/DBus',"
				   "interface='org.freedesktop.DBus',"
				   "member='NameOwnerChanged',"
				   "arg0='" DR_SERVICE "'",
				   dr_on_owner, dr_on_match_installed, r);
	if (e >= 0)
		e = sd_bus_add_match_async(bus, &r->match_props,
					   "type='signal',"
					   "interface='org.freedesktop.DBus.Properties',"
					   "member='PropertiesChanged',"
					   "path_namespace='" DR_PATH "'",
					   dr_on_props, NULL, r);
	if (e < 0) {
		dr_bus_lost(r, strerror(-e));
		return -1;
	}
	dr_status(r, "connecting to systemd-resolved");
	return 0;
}

/* Sends GetAll(IFACE) to PATH; the reply goes to CB with a dr_call. */
static int dr_get_all(struct dns_resolved *r, const char *path,
		      const char *iface, int ifindex,
		      sd_bus_message_handler_t cb)
{
	sd_bus_message *m = NULL;
	sd_bus_slot *slot = NULL;
	struct dr_call *c;
	int e;

	c = malloc(sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->r = r;
	c->gen = r->gen;
	c->ifindex = ifindex;
	e = sd_bus_message_new_method_call(r->bus, &m, DR_SERVICE, path,
					   "org.freedesktop.DBus.Properties",
					   "GetAll");
	if (e >= 0)
		e = sd_bus_message_set_auto_start(m, 0);
	if (e >= 0)
		e = sd_bus_message_append(m, "s", iface);
	if (e >= 0)
		e = sd_bus_call_async(r->bus, &slot, m, cb, c,
				      (uint64_t)r->call_timeout_ms * 1000u);
	sd_bus_message_unref(m);
	if (e < 0) {
		free(c);
		return e;
	}
	/* the bus owns the slot; C is freed with it */
	sd_bus_slot_set_destroy_callback(slot, free);
	sd_bus_slot_set_floating(slot, 1);
	sd_bus_slot_unref(slot);
	r->pending++;
	return 0;
}

static bool dr_error_is(const sd_bus_error *err, const char *const *names)
{
	for (; *names; names++)
		if (sd_bus_error_has_name(err, *names))
			return true;
	return false;
}

static void dr_finish(struct dns_resolved *r)
{
	size_t i, k;

	r->inflight = false;
	if (!r->building_failed) {
		/* links resolved does not know (just gone) are dropped */
		for (i = k = 0; i < r->building.nlinks; i++) {
			if (r->building.links[i].scopes_known ||
			    r->building.links[i].llmnr[0])
				r->building.links[k++] = r->building.links[i];
			else
				dnsview_section_free(&r->building.links[i]);
		}
		r->building.nlinks = k;
		r->building.source = DNSVIEW_SOURCE_RESOLVED;
		r->building.note[0] = '\0';
		dr_publish(r, &r->building);
		dr_status(r, "systemd-resolved (this machine's DNS "
			  "service)");
		r->backoff_ms = 0;
		r->refresh_at = 0;
		if (r->refresh_ms > 0)
			r->periodic_at = (uint64_t)clock_now_us() +
					 (uint64_t)r->refresh_ms * 1000u;
	}
	dnsview_free(&r->building);
	if (r->again) {
		r->again = false;
		dr_schedule_refresh(r, 0);
	}
}

static int dr_on_link(sd_bus_message *m, void *ud, sd_bus_error *e)
{
	struct dr_call *c = ud;
	struct dns_resolved *r = c->r;
	struct dnsview_section *s;

	(void)e;
	if (c->gen != r->gen || !r->inflight)
		return 0;
	r->pending--;
	s = dnsview_find_link(&r->building, c->ifindex);
	if (s && !sd_bus_message_is_method_error(m, NULL)) {
		if (dns_resolved_read_props(m, s) < 0) {
			/* a malformed reply: leave the link out */
			s->scopes_known = false;
			s->llmnr[0] = '\0';
		}
	}
	if (!r->pending)
		dr_finish(r);
	return 0;
}

static int dr_on_manager(sd_bus_message *m, void *ud, sd_bus_error *e)
{
	static const char *const absent[] = {
		"org.freedesktop.DBus.Error.ServiceUnknown",
		"org.freedesktop.DBus.Error.NameHasNoOwner",
		NULL,
	};
	static const char *const hung[] = {
		"org.freedesktop.DBus.Error.NoReply",
		"org.freedesktop.DBus.Error.Timeout",
		NULL,
	};
	struct dr_call *c = ud;
	struct dns_resolved *r = c->r;
	const sd_bus_error *err;
	struct if_nameindex *links;
	struct dnsview_section *s;
	char path[128], idx[16], *p;
	char reason[300];
	size_t n, i;

	(void)e;
	if (c->gen != r->gen || !r->inflight)
		return 0;
	r->pending--;
	if (sd_bus_message_is_method_error(m, NULL)) {
		err = sd_bus_message_get_error(m);
		r->building_failed = true;
		if (dr_error_is(err, absent)) {
			r->periodic_at = r->match_failed && r->refresh_ms > 0 ?
				(uint64_t)clock_now_us() +
				(uint64_t)r->refresh_ms * 1000u : 0;
			dr_status(r, "systemd-resolved is not running");
			dr_read_files(r, "systemd-resolved is not running",
				      DR_FIX_START);
		} else {
			snprintf(reason, sizeof(reason), "systemd-resolved "
				 "does not answer on D-Bus (%s)",
				 dr_error_is(err, hung) ? "no reply" :
				 err && err->message ? err->message : "error");
			dr_backoff(r);
			dr_status(r, "systemd-resolved does not answer: "
				  "trying again in %d s",
				  (r->backoff_ms + 999) / 1000);
			r->periodic_at = 0;
			r->refresh_at = (uint64_t)clock_now_us() +
					(uint64_t)r->backoff_ms * 1000u;
			dr_read_files(r, reason, DR_FIX_HUNG);
		}
		r->pending = 0;
		dr_finish(r);
		return 0;
	}
	if (dns_resolved_read_props(m, &r->building.global) < 0) {
		r->building_failed = true;
		r->pending = 0;
		dr_read_files(r, "systemd-resolved sent a reply edgenet cannot "
			      "read (its version may be newer or older than "
			      "the ones edgenet knows)", "Run 'resolvectl "
			      "status' to see its settings, and report this "
			      "with its version (resolvectl --version).");
		dr_finish(r);
		return 0;
	}
	links = dr_links(&n);
	for (i = 0; i < n; i++) {
		s = dnsview_link(&r->building, (int)links[i].if_index);
		if (!s)
			break;
		dnsview_section_set_ifname(s, links[i].if_name);
		snprintf(idx, sizeof(idx), "%u", links[i].if_index);
		if (sd_bus_path_encode(DR_PATH "/link", idx, &p) < 0)
			continue;
		str_copy(path, sizeof(path), p);
		free(p);
		if (dr_get_all(r, path, DR_LINK, (int)links[i].if_index,
			       dr_on_link) < 0)
			break;
	}
	dr_links_free(links, n);
	if (!r->pending)
		dr_finish(r);
	return 0;
}

void dr_refresh_start(struct dns_resolved *r)
{
	int e;

	r->refresh_at = 0;
	r->periodic_at = 0;
	dr_watch(r);
	if (!r->bus) {
		if (!r->reconnect_at)
			r->reconnect_at = (uint64_t)clock_now_us();
		return;
	}
	if (r->inflight) {
		r->again = true;
		return;
	}
	r->gen++;
	r->inflight = true;
	r->again = false;
	r->pending = 0;
	r->building_failed = false;
	dnsview_free(&r->building);
	e = dr_get_all(r, DR_PATH, DR_MANAGER, 0, dr_on_manager);
	if (e < 0) {
		r->inflight = false;
		dr_bus_lost(r, strerror(-e));
	}
}
