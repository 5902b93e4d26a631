/*
 * virt_events.h - libvirt's default event loop, run in one thread that
 * every user in the process shares (the VM watchers, the console's own
 * connection).  libvirt delivers close callbacks, keepalives and
 * domain/network events only through a registered event loop, and only
 * to connections opened after it was registered: take a reference
 * before virt_connect when the connection's loss or events matter.
 */
#ifndef EDGENET_BACKEND_VIRT_EVENTS_H
#define EDGENET_BACKEND_VIRT_EVENTS_H

#include <stdbool.h>
#include <stddef.h>

/* Registers libvirt's default event loop (once per process) and starts
 * its thread for the first user.  0, or -1 with a message in ERR (the
 * thread could not start).  A loop libvirt refuses to register is no
 * error: there are no events then (virt_events_running says so). */
int virt_events_get(char *err, size_t errlen);
/* Drops a reference; the last one stops the thread. */
void virt_events_put(void);
/* Is the event loop registered (events and close callbacks arrive)? */
bool virt_events_running(void);
/* Returns once the event thread has finished the callback it was
 * running (one round of its loop): after a callback was deregistered,
 * none of it runs any more.  Nothing when there is no event loop. */
void virt_events_sync(void);

#endif
