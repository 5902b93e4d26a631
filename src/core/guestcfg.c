/*
 * guestcfg.c - the files the VM receives from a validated plan (see
 * guestcfg.h): one systemd-networkd .network file per NIC and the three
 * files of a NoCloud seed (meta-data, user-data, network-config).
 *
 * Every value is checked again where it is used (names, addresses, DNS
 * servers, search domains, MACs) and written in its canonical form;
 * YAML strings are always double-quoted and escaped.  user-data holds
 * one fixed script and no value from the plan at all.  Pure C: builds
 * strings, touches nothing else.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/guestcfg.h"
#include "core/ipv4.h"
#include "core/names.h"
#include "core/sbuf.h"
#include "core/validate.h"
#include "core/str.h"
#include "core/fieldpath.h"

/* The longest canonical DNS server text: an IPv6 address. */
#define GC_ADDR_MAX INET6_ADDRSTRLEN

/* One NIC, checked and in canonical form. */
struct gc_nic {
	const struct plan_nic *n;
	char mac[MAC_STRLEN];
	char file[GUEST_FILE_NAME_MAX];
	bool is_static;
	char addr[IPV4_CIDR_STRLEN];	/* static: "A/P" */
	char gw[IPV4_STRLEN];		/* static */
	char dns[PLAN_MAX_DNS][GC_ADDR_MAX];
	size_t ndns;
	/* search domains as written out: "~d" for an offline NIC */
	char search[PLAN_MAX_SEARCH][PLAN_DOMAIN_MAX + 1];
	size_t nsearch;
	long long metric;
};

/* ---- names of our files ---- */

int guestcfg_file_name(const char *nic, char *buf, size_t len)
{
	int r;

	if (!nic[0] || strchr(nic, '/')) {
		if (len)
			buf[0] = '\0';
		return -1;
	}
	r = snprintf(buf, len, "%s%s%s", GUEST_FILE_PREFIX, nic,
		     GUEST_FILE_SUFFIX);
	if (r < 0 || (size_t)r >= len) {
		if (len)
			buf[0] = '\0';
		return -1;
	}
	return 0;
}

bool guestcfg_is_ours(const char *name)
{
	size_t l = strlen(name);
	size_t lp = strlen(GUEST_FILE_PREFIX), ls = strlen(GUEST_FILE_SUFFIX);

	return l > lp + ls && !strchr(name, '/') &&
	       strncmp(name, GUEST_FILE_PREFIX, lp) == 0 &&
	       strcmp(name + l - ls, GUEST_FILE_SUFFIX) == 0;
}

/* ---- the config ---- */

void guestcfg_init(struct guest_config *g)
{
	memset(g, 0, sizeof(*g));
}

void guestcfg_free(struct guest_config *g)
{
	size_t i;

	for (i = 0; i < g->nnetworkd && i < PLAN_MAX_NICS; i++)
		free(g->networkd[i].text);
	free(g->meta_data);
	free(g->user_data);
	free(g->network_config);
	guestcfg_init(g);
}

/* ---- checking each value again ---- */

/* Canonical text of DNS server S (IPv4 or IPv6) into OUT; -1 if unusable. */
static int canon_dns(const char *s, char *out)
{
	unsigned char b[16];
	uint32_t a;

	if (ipv4_parse(s, &a) == IPV4_OK) {
		ipv4_format(a, out);
		return 0;
	}
	if (inet_pton(AF_INET6, s, b) == 1 &&
	    inet_ntop(AF_INET6, b, out, GC_ADDR_MAX))
		return 0;
	return -1;
}

__attribute__((format(printf, 5, 6)))
static int refuse(struct diag_list *d, size_t i, enum plan_field field,
		  size_t k, const char *fmt, ...)
{
	char path[DIAG_PATH_MAX], msg[512];
	va_list ap;

	plan_path(path, sizeof(path), field, i, k);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(d, DIAG_ERROR, path, "%s", msg);
	return -1;
}

/* Fills C for NIC I of P from the validated plan; -1 with a diagnostic
 * in D when a value is not usable after all. */
static int check_nic(const struct plan *p, size_t i, const struct mac *m,
		     struct gc_nic *c, struct diag_list *d)
{
	const struct plan_nic *n = &p->nics[i];
	size_t j;

	memset(c, 0, sizeof(*c));
	c->n = n;
	c->metric = plan_nic_metric(p, i);
	if (name_check_ifname(n->name) ||
	    guestcfg_file_name(n->name, c->file, sizeof(c->file)) < 0)
		return refuse(d, i, FIELD_NIC_NAME, 0,
			      "the NIC name \"%s\" cannot name "
			      "a file in the VM; use a name such as \"eth%zu\"",
			      n->name, i);
	if (mac_is_zero(m) || mac_is_multicast(m))
		return refuse(d, i, FIELD_NIC_MAC, 0,
			      "NIC %s has no usable MAC; leave "
			      "mac empty so that edgenet generates one",
			      n->name);
	mac_format(m, c->mac);

	if (n->mode == IP_STATIC) {
		uint32_t a, gw;

		if (ipv4_parse(n->address, &a) != IPV4_OK ||
		    !n->has_prefix || n->prefix < 0 || n->prefix > 32)
			return refuse(d, i, FIELD_NIC_IP_ADDRESS, 0,
				      "NIC %s: the static "
				      "address is not usable", n->name);
		/* An offline NIC gets no default route: its gateway (it
		 * may have none) is not written anywhere. */
		if (!n->offline && ipv4_parse(n->gateway, &gw) != IPV4_OK)
			return refuse(d, i, FIELD_NIC_IP_GATEWAY, 0,
				      "NIC %s: the gateway "
				      "is not usable", n->name);
		c->is_static = true;
		ipv4_format_cidr(a, n->prefix, c->addr);
		if (!n->offline)
			ipv4_format(gw, c->gw);
	} else if (n->mode != IP_DHCP) {
		return refuse(d, i, FIELD_NIC_IP_MODE, 0,
			      "NIC %s has no IP mode; set "
			      "mode to \"dhcp\" or \"static\"", n->name);
	}

	for (j = 0; j < n->ndns && j < PLAN_MAX_DNS; j++) {
		if (canon_dns(n->dns[j], c->dns[j]) < 0)
			return refuse(d, i, FIELD_NIC_DNS_SERVER, j,
				      "NIC %s: the DNS server "
				      "\"%s\" is not an IP address", n->name,
				      n->dns[j]);
	}
	c->ndns = j;
	for (j = 0; j < n->nsearch && j < PLAN_MAX_SEARCH; j++) {
		const char *s = n->search[j];

		if (name_check_dns_domain(s))
			return refuse(d, i, FIELD_NIC_DNS_DOMAIN, j,
				      "NIC %s: the search domain "
				      "\"%s\" cannot be used", n->name, s);
		/* An offline NIC's domains only route lookups to its own
		 * servers: systemd-resolved's "~domain". */
		snprintf(c->search[j], sizeof(c->search[j]), "%s%s",
			 n->offline && s[0] != '~' ? "~" : "", s);
	}
	c->nsearch = j;
	return 0;
}

/* ---- systemd-networkd ---- */

static char *render_networkd(const struct plan *p, const struct gc_nic *c)
{
	const struct plan_nic *n = c->n;
	struct sbuf b;
	size_t j;

	sbuf_init(&b);
	sbuf_addf(&b, "# Written by edgenet for VM %s, NIC %s.  Change the "
		  "plan and apply\n# it again instead of editing this file: "
		  "edgenet replaces it.\n", p->domain, n->name);
	sbuf_addf(&b, "[Match]\nMACAddress=%s\n", c->mac);
	if (n->offline)
		sbuf_add(&b, "\n[Link]\nRequiredForOnline=no\n");

	sbuf_add(&b, "\n[Network]\n");
	if (c->is_static)
		sbuf_addf(&b, "Address=%s\n", c->addr);
	else
		sbuf_add(&b, "DHCP=ipv4\n");
	for (j = 0; j < c->ndns; j++)
		sbuf_addf(&b, "DNS=%s\n", c->dns[j]);
	if (c->nsearch) {
		sbuf_add(&b, "Domains=");
		for (j = 0; j < c->nsearch; j++)
			sbuf_addf(&b, "%s%s", j ? " " : "", c->search[j]);
		sbuf_add(&b, "\n");
	}
	if (n->offline)
		sbuf_add(&b, "DNSDefaultRoute=no\n");

	if (!c->is_static) {
		sbuf_addf(&b, "\n[DHCPv4]\nRouteMetric=%lld\n", c->metric);
		if (n->offline)
			sbuf_add(&b, "UseGateway=no\n");
	} else if (!n->offline) {
		/* Never [Network] Gateway=: that route gets metric 0. */
		sbuf_addf(&b, "\n[Route]\nGateway=%s\nMetric=%lld\n", c->gw,
			  c->metric);
	}
	return sbuf_done(&b);
}

/* ---- the NoCloud seed ---- */

/* S as a YAML double-quoted scalar. */
static void yaml_str(struct sbuf *b, const char *s)
{
	sbuf_add(b, "\"");
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			sbuf_addf(b, "\\%c", ch);
		else if (ch < 0x20 || ch == 0x7f)
			sbuf_addf(b, "\\x%02x", ch);
		else
			sbuf_addn(b, s, 1);
	}
	sbuf_add(b, "\"");
}

static char *render_meta_data(const struct plan *p)
{
	struct sbuf b;
	char id[sizeof("edgenet-") + PLAN_NAME_MAX];

	/* The VM's name only: the same for every later plan of the VM. */
	snprintf(id, sizeof(id), "edgenet-%s", p->domain);
	sbuf_init(&b);
	sbuf_add(&b, "# Written by edgenet.\ninstance-id: ");
	yaml_str(&b, id);
	sbuf_add(&b, "\n");
	return sbuf_done(&b);
}

static void yaml_list(struct sbuf *b, const char *indent, size_t n,
		      const char *items, size_t stride)
{
	size_t j;

	for (j = 0; j < n; j++) {
		sbuf_addf(b, "%s- ", indent);
		yaml_str(b, items + j * stride);
		sbuf_add(b, "\n");
	}
}

static char *render_network_config(const struct plan *p,
				   const struct gc_nic *c, size_t nc)
{
	struct sbuf b;
	size_t i;

	sbuf_init(&b);
	sbuf_addf(&b, "# Written by edgenet for VM %s.\n", p->domain);
	sbuf_add(&b, "version: 2\nethernets:\n");
	for (i = 0; i < nc; i++) {
		const struct plan_nic *n = c[i].n;

		sbuf_add(&b, "  ");
		yaml_str(&b, n->name);
		sbuf_add(&b, ":\n    match:\n      macaddress: ");
		yaml_str(&b, c[i].mac);
		sbuf_add(&b, "\n");
		if (!c[i].is_static) {
			sbuf_addf(&b, "    dhcp4: true\n"
				  "    dhcp4-overrides:\n"
				  "      route-metric: %lld\n", c[i].metric);
			if (n->offline)
				sbuf_add(&b, "      use-routes: false\n");
		} else {
			sbuf_add(&b, "    dhcp4: false\n    addresses:\n");
			yaml_list(&b, "      ", 1, c[i].addr, 0);
			if (!n->offline) {
				/* 0.0.0.0/0, not "default": cloud-init 22.4's
				 * own renderers cannot read "default". */
				sbuf_add(&b, "    routes:\n      - to: ");
				yaml_str(&b, "0.0.0.0/0");
				sbuf_add(&b, "\n        via: ");
				yaml_str(&b, c[i].gw);
				sbuf_addf(&b, "\n        metric: %lld\n",
					  c[i].metric);
			}
		}
		if (!c[i].ndns && !c[i].nsearch)
			continue;
		sbuf_add(&b, "    nameservers:\n");
		if (c[i].ndns) {
			sbuf_add(&b, "      addresses:\n");
			yaml_list(&b, "        ", c[i].ndns, c[i].dns[0],
				  sizeof(c[i].dns[0]));
		}
		if (c[i].nsearch) {
			sbuf_add(&b, "      search:\n");
			yaml_list(&b, "        ", c[i].nsearch, c[i].search[0],
				  sizeof(c[i].search[0]));
		}
	}
	return sbuf_done(&b);
}

/*
 * The bootcmd script: fixed text, no value from the plan.  At every boot
 * it mounts the seed read-only by its label, copies the seed's networkd
 * files into a temporary directory beside the live ones and, when they
 * differ from ours in place, replaces ours (and only ours) and reloads
 * networkd (restarts it this early in boot: no D-Bus yet).  No seed, or no networkd/
 * on it: nothing changes.  The mount and the temporary directory go
 * away whatever happens (trap).  Lines are indented for the YAML block.
 */
#define GC_FILES GUEST_FILE_PREFIX "*" GUEST_FILE_SUFFIX
static const char *const boot_script[] = {
	"set -eu",
	"# A guest without systemd-networkd: nothing of ours applies.",
	"command -v networkctl >/dev/null 2>&1 || exit 0",
	"d=" GUEST_NETWORKD_DIR,
	"m=$(mktemp -d /run/edgenet-seed.XXXXXX)",
	"t=",
	"cleanup() {",
	"  [ -z \"$t\" ] || rm -rf \"$t\"",
	"  umount \"$m\" 2>/dev/null || :",
	"  rmdir \"$m\" 2>/dev/null || :",
	"}",
	"trap cleanup EXIT",
	"trap 'exit 1' HUP INT TERM",
	"mount -o ro -L " GUEST_SEED_LABEL " \"$m\" 2>/dev/null || exit 0",
	"[ -d \"$m/" GUEST_SEED_NETWORKD_DIR "\" ] || exit 0",
	"mkdir -p \"$d\"",
	"t=$(mktemp -d \"$d/.edgenet.XXXXXX\")",
	"for f in \"$m\"/" GUEST_SEED_NETWORKD_DIR "/" GC_FILES "; do",
	"  [ -f \"$f\" ] || exit 0",
	"  cp \"$f\" \"$t/\"",
	"done",
	"chmod 0644 \"$t\"/*",
	"# The same files as now: nothing to reload.",
	"same=yes",
	"for f in \"$t\"/*; do",
	"  cmp -s \"$f\" \"$d/${f##*/}\" || same=no",
	"done",
	"for f in \"$d\"/" GC_FILES "; do",
	"  [ ! -e \"$f\" ] || [ -e \"$t/${f##*/}\" ] || same=no",
	"done",
	"[ $same = no ] || exit 0",
	"rm -f \"$d\"/" GC_FILES,
	"mv \"$t\"/* \"$d\"/",
	"# cloud-init runs this before D-Bus is up, where networkctl cannot",
	"# reach networkd: then networkd is restarted to read the files.",
	"networkctl reload 2>/dev/null || systemctl restart systemd-networkd",
};

static char *render_user_data(void)
{
	struct sbuf b;
	size_t i;

	sbuf_init(&b);
	sbuf_add(&b, "#cloud-config\n"
		 "# Written by edgenet.  At every boot: the network config "
		 "again, and the\n"
		 "# seed's " GUEST_SEED_NETWORKD_DIR "/ files installed in "
		 GUEST_NETWORKD_DIR ".\n"
		 "updates:\n"
		 "  network:\n"
		 "    when:\n"
		 "      - \"boot\"\n"
		 "bootcmd:\n"
		 "  - |\n");
	for (i = 0; i < sizeof(boot_script) / sizeof(boot_script[0]); i++)
		sbuf_addf(&b, "    %s\n", boot_script[i]);
	return sbuf_done(&b);
}

/* ---- the entry point ---- */

int guestcfg_render(const struct plan *p, const struct policy *pol,
		    const struct mac *macs, struct guest_config *out,
		    struct diag_list *diags)
{
	struct gc_nic *c = NULL;
	struct diag_list d;
	size_t i, nerr;

	guestcfg_init(out);
	diag_list_init(&d);
	plan_validate(p, pol, &d);
	nerr = diag_count(&d, DIAG_ERROR);
	if (!nerr && name_check_object(p->domain)) {
		diag_add(&d, DIAG_ERROR, "vm", "the VM name \"%s\" cannot be "
			 "used in the VM's files", p->domain);
		nerr++;
	}
	if (!nerr && (p->nnics == 0 || p->nnics > PLAN_MAX_NICS)) {
		diag_add(&d, DIAG_ERROR, "nics", "the plan has no NIC to "
			 "configure in the VM; add one under nics");
		nerr++;
	}
	if (!nerr) {
		c = calloc(p->nnics, sizeof(*c));
		if (!c) {
			diag_add(&d, DIAG_ERROR, "", "out of memory");
			nerr++;
		}
	}
	for (i = 0; !nerr && i < p->nnics; i++)
		if (check_nic(p, i, &macs[i], &c[i], &d) < 0)
			nerr++;
	if (diags)
		diag_list_append_new(diags, &d);
	diag_list_free(&d);
	if (nerr) {
		free(c);
		return -1;
	}

	for (i = 0; i < p->nnics; i++) {
		struct guest_file *f = &out->networkd[i];

		str_copy(f->name, sizeof(f->name), c[i].file);
		str_copy(f->nic, sizeof(f->nic), p->nics[i].name);
		f->text = render_networkd(p, &c[i]);
		out->nnetworkd++;
		if (!f->text)
			goto oom;
	}
	out->meta_data = render_meta_data(p);
	out->user_data = render_user_data();
	out->network_config = render_network_config(p, c, p->nnics);
	if (!out->meta_data || !out->user_data || !out->network_config)
		goto oom;
	free(c);
	return 0;
oom:
	free(c);
	guestcfg_free(out);
	if (diags)
		diag_add(diags, DIAG_ERROR, "", "out of memory while writing "
			 "the VM's network files");
	return -1;
}
