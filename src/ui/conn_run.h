/*
 * conn_run.h - the console's own libvirt connection (the one home, the
 * wizard and apply use), watched and made again.  When it is lost
 * (libvirt's close callback, or a call that finds it dead) the model
 * says so (app_virt_down: home shows it, apply refuses) and the
 * console's poll() loop tries to connect again on a timer - every 2 s
 * for a local libvirt, 2 s doubling to 60 s for a remote one - never by
 * busy polling; once it connects, the same struct virt_conn holds the
 * new handle (virt_reconnect), so home, the wizard's lists and apply use
 * it, and the host is read again (app_virt_back).  Networks and domains
 * defined, undefined, started or stopped meanwhile (libvirt's lifecycle
 * events) make home read the host again too.  Called from run.c only.
 */
#ifndef EDGENET_UI_CONN_RUN_H
#define EDGENET_UI_CONN_RUN_H

#include <stddef.h>

struct app;
struct loop;
struct virt_conn;

#define CONN_RUN_RETRY_MIN_S 2
#define CONN_RUN_RETRY_MAX_S 60		/* a remote host's longest wait */

/* Watches VC for A in loop L; CHANGED(CTX) asks for a redraw.  Call
 * virt_events_get before virt_connect, or no close callback or event
 * ever arrives (loss is then seen by conn_run_check only).  0, or -1
 * with a message in ERR. */
int conn_run_start(struct app *a, struct virt_conn *vc, struct loop *l,
		   void (*changed)(void *ctx), void *ctx, char *err,
		   size_t errlen);
/* After anything that may have called libvirt (a key, an apply step):
 * a call's error may be the first sign that the connection is lost. */
void conn_run_check(void);
/* Stops watching (while the loop is still there). */
void conn_run_stop(void);
/* Closes what libvirt's callbacks write to: after VC is closed. */
void conn_run_free(void);

#endif
