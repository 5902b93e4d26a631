/*
 * live_host.h - a change of one of this machine's own routes, kept only
 * when confirmed (see live.h: struct live_host_change): the real
 * operations behind live_host_metric_begin / _answer, on netlink
 * (lv->nl) and the console's loop (lv->loop).  live_run.c installs them;
 * tests/unit/test_live_host.c drives them in a network namespace of its own.
 */
#ifndef EDGENET_UI_LIVE_HOST_H
#define EDGENET_UI_LIVE_HOST_H

#include "ui/live.h"

/* Fills LV's host_metric_begin and host_metric_answer operations. */
void live_host_install(struct live *lv);

/* The console is closing: a change still waiting for its answer goes
 * back now (checked).  Returns the outcome, or NULL when nothing was
 * waiting. */
const char *live_host_close(struct live *lv);

#endif
