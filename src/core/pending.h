/*
 * pending.h - what waits for a VM's next start.  libvirt keeps two
 * definitions of a running VM: the one it runs with (the live XML) and
 * the persistent one (the inactive XML) that the next start uses.  An
 * apply always changes the persistent one and, where libvirt and the VM
 * allow it, the running one too; what it could not change live shows as
 * a difference between the two.  pending_compare lists those differences
 * in what edgenet manages - the NICs (added, removed, moved to another
 * network) and the seed CD-ROM - one sentence each.  A shut-off VM has
 * nothing pending: its next start uses the persistent definition anyway.
 *
 * A reboot inside the VM keeps the running definition; only a shutdown
 * and a start (or libvirt's destroy and start) take the persistent one.
 *
 * Pure C: two XML texts in, sentences out.
 */
#ifndef EDGENET_PENDING_H
#define EDGENET_PENDING_H

#include <stddef.h>

#define PENDING_MAX 16
#define PENDING_TEXT_MAX 320

/* What kind of change an item is. */
enum pending_kind {
	PENDING_OTHER = 0,		/* not about one NIC (seed, boot) */
	PENDING_NIC_ADDED,		/* in the persistent definition only */
	PENDING_NIC_REMOVED,		/* in the running definition only */
	PENDING_NIC_MOVED,		/* to another network or bridge */
	PENDING_NIC_MODEL,		/* another device model */
};

struct pending_item {
	enum pending_kind kind;
	char mac[18];			/* the NIC's MAC; "" for the CD-ROM */
	char text[PENDING_TEXT_MAX];	/* "NIC ... moves from ... to ..." */
};

struct pending_list {
	struct pending_item items[PENDING_MAX];
	size_t count;
};

void pending_init(struct pending_list *l);

/* Compares the running definition LIVE_XML with the persistent one
 * CONFIG_XML of the same VM; SEED_DIR is where its seeds are kept
 * (STATE_DIR/seeds/VM; NULL or "": the CD-ROM is not compared).  Fills
 * OUT (emptied first).  0, or -1 with a message in ERR. */
int pending_compare(const char *live_xml, const char *config_xml,
		    const char *seed_dir, struct pending_list *out,
		    char *err, size_t errlen);

/* The item about the NIC with MAC (any case), or NULL. */
const struct pending_item *pending_find_mac(const struct pending_list *l,
					    const char *mac);

/* The item about the NIC with MAC and of kind KIND, or NULL. */
const struct pending_item *pending_find_kind(const struct pending_list *l,
					     const char *mac,
					     enum pending_kind kind);

/* "NIC 52:54:00:e4:00:01 moves from network default to lab-net; ..." -
 * the whole list as one sentence into BUF (cut at LEN). */
void pending_join(const struct pending_list *l, char *buf, size_t len);

#endif
