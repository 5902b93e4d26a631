/*
 * demo_state.h - the demo's own state directory: a console on a
 * simulated host (libvirt's test driver) with no state directory named
 * (--state-dir, $EDGENET_STATE_DIR) keeps its MACs, journal, applied
 * plan and seeds in a fresh directory of its own, removed when the
 * console ends, never in this machine's /var/lib/edgenet (the demo
 * host's libvirt state lives only as long as the process anyway).
 */
#ifndef EDGENET_UI_DEMO_STATE_H
#define EDGENET_UI_DEMO_STATE_H

#include <stddef.h>

/* Makes $TMPDIR/edgenet-demo.XXXXXX (else /tmp), mode 0700, into BUF.
 * Returns BUF, or NULL with a message in ERR. */
const char *demo_state_make(char *buf, size_t len, char *err,
			    size_t errlen);

/* Removes DIR and everything below it (no symlink is followed). */
void demo_state_remove(const char *dir);

#endif
